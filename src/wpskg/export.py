"""``wpskg export``: the graph and the ontology release in open-data formats, with DCAT-AP metadata.

For each requested format the export writes

- ``wpskg.<ext>``: the full graph (ontology, vocabularies, instances and the
  inferred triples, exactly what ``wpskg build`` writes), and
- ``wpskg-ontology.<ext>``: the ontology and vocabularies on their own (with
  the types that inference adds to them),

with ``tables``, the answer of each stored query that needs no parameter as a
CSV on the Web table (``wpskg-table-<query>.csv`` and its ``-metadata.json``,
:mod:`wpskg.tables`), and then ``catalog.ttl`` (and ``catalog.jsonld`` when
JSON-LD is requested): the DCAT-AP 3.0.1 catalogue with a distribution per file
and VoID counts.

Every file is serialised from the exact triples (never from the pyoxigraph
Store, which canonicalises literals), sorted, with stable blank-node labels,
so the same input gives the same bytes on any machine and hash seed. The
output folder is replaced atomically: a failed export leaves the previous one
untouched. Files that the export does not write (an ``.htaccess``, a README
of the publisher's) are kept.

Before it writes anything, the export validates the graph as ``wpskg build``
does, and refuses to publish one with violations (:class:`ExportRefused`),
unless it is told not to check.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import atomic, dcat, dcat_checks, dumpers
from . import tables as csvw_tables
from .dumpers import jsonld, turtle
from .errors import ParameterError
from .project import Project, shown
from .queries import load_queries
from .store import infer, load_project
from .validate import DEFAULT_ENGINE, NotConforming, Report, check

#: Formats in the order their files are written and listed.
FORMAT_ORDER = ("ttl", "jsonld", "nt", "nq")
DEFAULT_FORMATS = FORMAT_ORDER
CATALOG_TTL = "catalog.ttl"
CATALOG_JSONLD = "catalog.jsonld"


class ExportRefused(NotConforming):
    """The graph does not conform, so it was not published; the output folder was left untouched."""

    def __init__(self, report: Report, out_dir: Path | str, strict: bool = False) -> None:
        hint = " (wpskg validate names each problem; --no-check publishes the graph as it is)"
        super().__init__("export", report, out_dir, strict, hint)


@dataclass
class ExportResult:
    """The files an export wrote, and the validation report of what it published (``None`` unchecked)."""

    files: list[Path] = field(default_factory=list)
    report: Report | None = None
    #: What the publisher should know of what was written (a catalogue that describes the data as wpskg's).
    notes: list[str] = field(default_factory=list)


#: The note of an export of a project without ``dcat.ttl``, other than wpskg's own.
NO_SETTINGS = (
    "{root} has no dcat.ttl, so the catalogue names wpskg contributors as the publisher and contact, "
    "CC BY 4.0 as the licence, and wpskg's ontology dates and version as the data's. To publish your "
    "data as your own, write your settings: wpskg dcat-template > dcat.ttl, and replace its placeholders"
)


def parse_formats(formats: Sequence[str]) -> list[str]:
    """The requested formats, checked, without repeats, in :data:`FORMAT_ORDER`.

    >>> parse_formats(["nt", "ttl", "nt"])
    ['ttl', 'nt']
    """
    names = [f.strip().lower() for f in formats if f.strip()]
    aliases = {"turtle": "ttl", "json-ld": "jsonld", "ntriples": "nt", "nquads": "nq"}
    names = [aliases.get(n, n) for n in names]
    unknown = sorted(set(names) - set(FORMAT_ORDER))
    if unknown:
        raise ParameterError(f"unknown export format(s): {', '.join(unknown)} (known: {', '.join(FORMAT_ORDER)})")
    if not names:
        raise ParameterError("give at least one export format")
    return [f for f in FORMAT_ORDER if f in names]


def check_base_url(base_url: str) -> str:
    """``base_url`` as an absolute http(s) URL with a host, ending in ``/``.

    A query string or fragment is refused: the file names are appended to the URL.

    >>> check_base_url("https://data.example.org/wps")
    'https://data.example.org/wps/'
    >>> check_base_url("https://data.example.org/?dir=wps")
    Traceback (most recent call last):
    ...
    wpskg.errors.ParameterError: --base-url must be an http(s) URL with a host and no query, fragment or user name, \
not 'https://data.example.org/?dir=wps'
    """
    base_url = _check_url(base_url, "--base-url")
    return base_url if base_url.endswith("/") else base_url + "/"


def _default_base_url(settings: dcat.Settings) -> str:
    """Where wpskg's own files are published; a publisher's must say where theirs are."""
    if settings.is_wpskgs:
        return dcat.DEFAULT_BASE_URL
    raise ParameterError(
        f"{dcat.CONFIG_FILE} names {settings.publisher_name} as the publisher: give --base-url, "
        "the folder URL where the files will be downloadable (https://data.example.gov/wps/); without it the "
        f"catalogue would point every download at wpskg's own folder, {dcat.DEFAULT_BASE_URL}"
    )


def check_endpoint_url(url: str) -> str:
    """``url`` as the absolute http(s) URL of a SPARQL endpoint (``--sparql-endpoint``).

    >>> check_endpoint_url("https://data.example.org/wps/sparql")
    'https://data.example.org/wps/sparql'
    """
    return _check_url(url, "--sparql-endpoint")


def _check_url(url: str, option: str) -> str:
    """``url`` if it is an http(s) URL with a host and no query, fragment or user name."""
    if not dcat_checks.is_http_url(url):
        raise ParameterError(
            f"{option} must be an http(s) URL with a host and no query, fragment or user name, not {url!r}"
        )
    return url


def written_by_export(name: str) -> bool:
    """Whether a file of this name in an export folder is one that ``export`` writes (in some format).

    >>> written_by_export("wpskg-ontology.nq"), written_by_export("catalog.ttl"), written_by_export(".htaccess")
    (True, True, False)
    >>> written_by_export("wpskg-table-funders.csv"), written_by_export("wpskg-table-funders.csv-metadata.json")
    (True, True)
    """
    if name in (CATALOG_TTL, CATALOG_JSONLD) or csvw_tables.is_table_file(name):
        return True
    stems = {dcat.file_stem(dataset) for dataset in (dcat.GRAPH_DATASET, dcat.ONTOLOGY_DATASET)}
    return any(name == f"{stem}.{fmt.ext}" for stem in stems for fmt in dcat.FORMATS.values())


def _publishable(folder: Path, names: Sequence[str]) -> None:
    """Make the folder and files readable by others (temporary files are created private)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o755 & ~umask)
    for name in names:
        os.chmod(folder / name, 0o644 & ~umask)


def sorted_triples(triples: Sequence[ox.Triple]) -> list[ox.Triple]:
    """The distinct triples, in a fixed order (the dumpers sort again; this keeps inputs stable)."""
    return sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def export(
    project: Project,
    out_dir: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    *,
    base_url: str | None = None,
    settings: dcat.Settings | None = None,
    endpoint: str | None = None,
    tables: bool = False,
    validate: bool = True,
    strict: bool = False,
    engine: str = DEFAULT_ENGINE,
) -> ExportResult:
    """Export ``project`` into ``out_dir`` in ``formats``: the files written and the validation report.

    ``base_url`` is the folder URL under which the files will be downloadable (required with a
    publisher's settings: :class:`~wpskg.errors.ParameterError`; wpskg's own are under
    ``https://w3id.org/wpskg/dist/``); ``settings`` default to ``dcat.ttl`` in the project root, else built-in defaults;
    ``endpoint`` is the URL of a SPARQL endpoint that serves the graph (``wpskg serve``),
    which the catalogue then describes as a ``dcat:DataService``; with ``tables``, the
    stored queries' answers are written as CSV on the Web tables too. With ``validate``
    (the default), a graph with violations (or warnings, if ``strict``) is not
    published: :class:`ExportRefused`, and ``out_dir`` is left as it was.
    """
    fmts = parse_formats(formats)
    notes = []
    if settings is None:
        settings = dcat.Settings.for_project(project.root)
        if settings.source is None and not project.is_stock:  # no dcat.ttl: the defaults, wpskg's own
            notes.append(NO_SETTINGS.format(root=shown(project.root)))
    settings.check_publishable()
    base_url = check_base_url(base_url if base_url is not None else _default_base_url(settings))
    endpoint = check_endpoint_url(endpoint) if endpoint is not None else None
    out_dir = Path(out_dir)
    project.check_output(out_dir)
    target = atomic.check_replaceable(out_dir, CATALOG_TTL, "export")

    full = load_project(project)
    infer(full)
    report = check(project, full, engine) if validate else None
    if report is not None and not report.conforms(strict):
        raise ExportRefused(report, shown(out_dir), strict)
    onto = load_project(project, with_instances=False)
    infer(onto)
    graphs = {
        dcat.GRAPH_DATASET: sorted_triples(full.triples()),
        dcat.ONTOLOGY_DATASET: sorted_triples(onto.triples()),
    }

    stored = load_queries(project.query_dir)
    # wpskg's query descriptions give examples from wpskg's own data, not true of a publisher's
    written_tables = csvw_tables.tables(stored, full, settings.licence, examples=settings.is_wpskgs) if tables else []

    files: list[dcat.FileInfo] = []
    table_files: list[dcat.TableInfo] = []
    names: list[str] = []
    # What a previous export did not write (an .htaccess, a README) is carried into the new folder.
    with atomic.replace_dir(target, keep=lambda name: not written_by_export(name)) as staging:
        for dataset, triples in graphs.items():
            stem = dcat.file_stem(dataset)
            for fmt in fmts:
                name = f"{stem}.{dcat.FORMATS[fmt].ext}"
                data = dumpers.dumps(triples, fmt).encode("utf-8")
                atomic.write_bytes(staging / name, data)
                files.append(dcat.FileInfo(name, dataset, fmt, len(data), hashlib.sha256(data).hexdigest()))
                names.append(name)
        for table in written_tables:
            atomic.write_bytes(staging / table.name, table.csv)
            atomic.write_bytes(staging / table.metadata_name, table.metadata)
            names += [table.name, table.metadata_name]
            digest = hashlib.sha256(table.csv).hexdigest()
            table_files.append(dcat.TableInfo(table.answer, table.name, table.metadata_name, len(table.csv), digest))
        meta = dcat.catalog_of(
            files,
            graphs[dcat.GRAPH_DATASET],
            graphs[dcat.ONTOLOGY_DATASET],
            base_url=base_url,
            settings=settings,
            endpoint=endpoint,
            tables=table_files,
        )
        atomic.write_text(staging / CATALOG_TTL, turtle.dumps(meta, prefixes=dcat.CATALOG_PREFIXES))
        names.append(CATALOG_TTL)
        if "jsonld" in fmts:
            atomic.write_text(staging / CATALOG_JSONLD, jsonld.dumps(meta))
            names.append(CATALOG_JSONLD)
        _publishable(staging, names)
    return ExportResult([out_dir / name for name in names], report, notes)
