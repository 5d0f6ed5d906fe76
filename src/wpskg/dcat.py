"""DCAT-AP 3.0.1 metadata for the exported files, with VoID statistics.

The catalogue describes one ``dcat:Catalog`` with two ``dcat:Dataset`` s (the
full knowledge graph, and the ontology with its vocabularies on its own) and
one ``dcat:Distribution`` per exported file, with download URL, media type,
format, byte size and SPDX sha256 checksum. When the graph is also served by
a SPARQL endpoint (``wpskg serve``), the catalogue has a ``dcat:DataService``
for it, and the graph a distribution whose access service it is.

Everything is deterministic: dates come from the data (the ontology's
``dct:created`` and ``dct:modified``, the source documents' ``dct:issued``)
or from the optional ``dcat.ttl`` settings file, never from the clock.
Triples are built directly with exact literals (``xsd:nonNegativeInteger``
byte sizes stay as written) and never pass through the pyoxigraph Store.

Portal settings (publisher, contact point, licence, themes, homepage, dates,
catalogue title and description) have defaults in code and can be set in a
``dcat.ttl`` file at the root of the data project; see :meth:`Settings.from_file`
and ``docs/export.md``. The base URL of the downloads is an argument
(``wpskg export --base-url``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from . import dcat_checks, loaders
from .errors import InputError, Location
from .eu_codes import (
    EU,
    EU_AVAILABILITY,
    EU_COUNTRY,
    EU_FILE_TYPE,
    EU_FREQUENCY,
    EU_LANGUAGE,
    EU_LICENCE,
    EU_THEME,
    LICENCE_TYPE,
    LICENCE_TYPES,
    PUBLISHER_TYPE,
    PUBLISHER_TYPES,
    THEMES,
)
from .namespaces import BASE, PREFIXES, RDF, RDFS, XSD
from .void import Stats
from .void import describe as void_describe
from .void import stats as void_stats

# --------------------------------------------------------------------------------------------
# IRIs
# --------------------------------------------------------------------------------------------

OWL = "http://www.w3.org/2002/07/owl#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SPDX = "http://spdx.org/rdf/terms#"
DCATAP = "http://data.europa.eu/r5r/"
ADMS = "http://www.w3.org/ns/adms#"
WPS = BASE + "ont#"

IANA = "https://www.iana.org/assignments/media-types/"

#: Default base URL under which the exported files are downloaded.
DEFAULT_BASE_URL = BASE + "dist/"
CATALOG = BASE + "catalog"
GRAPH_DATASET = BASE + "dataset/graph"
ONTOLOGY_DATASET = BASE + "dataset/ontology"
#: The SPARQL endpoint that serves the graph, when there is one.
SPARQL_SERVICE = BASE + "service/sparql"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
#: The stored-query API of ``wpskg serve``, when the catalogue describes it.
API_SERVICE = BASE + "service/api"
OPENAPI = "https://spec.openapis.org/oas/v3.1.0"
#: Name of the optional settings file at the root of a data project.
CONFIG_FILE = "dcat.ttl"

#: Prefixes for the Turtle catalogue: the project's plus the DCAT-AP ones.
CATALOG_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "void": "http://rdfs.org/ns/void#",
    "vcard": VCARD,
    "spdx": SPDX,
    "dcatap": DCATAP,
    "adms": ADMS,
}


@dataclass(frozen=True)
class Format:
    """An export format and how DCAT-AP names it."""

    ext: str
    label: str
    media_type: str  # IANA media type
    file_type: str  # code in the EU file-type authority table


FORMATS: dict[str, Format] = {
    "ttl": Format("ttl", "Turtle", "text/turtle", "RDF_TURTLE"),
    "jsonld": Format("jsonld", "JSON-LD", "application/ld+json", "JSON_LD"),
    "nt": Format("nt", "N-Triples", "application/n-triples", "RDF_N_TRIPLES"),
    "nq": Format("nq", "N-Quads", "application/n-quads", "RDF_N_QUADS"),
}

#: The tables of the stored queries' answers (:mod:`wpskg.tables`).
CSV = Format("csv", "CSV", "text/csv", "CSV")
#: W3C "Model for Tabular Data and Metadata on the Web", which the tables and their metadata follow.
CSVW_STANDARD = "https://www.w3.org/TR/tabular-data-model/"

#: English labels of the EU and ADMS concepts the catalogue may use (DCAT-AP's
#: shapes want a skos:prefLabel on every skos:Concept in the graph).
LABELS: dict[str, str] = {
    **{EU_THEME + code: text for code, text in THEMES.items()},
    **{PUBLISHER_TYPE + code: text for code, text in PUBLISHER_TYPES.items()},
    **{LICENCE_TYPE + code: text for code, text in LICENCE_TYPES.items()},
    **{EU_FILE_TYPE + f.file_type: f.label for f in (*FORMATS.values(), CSV)},
    EU_AVAILABILITY + "STABLE": "Stable",
    EU_AVAILABILITY + "AVAILABLE": "Available",
    EU_FREQUENCY + "IRREG": "irregular",
    EU_LANGUAGE + "ENG": "English",
    EU_LANGUAGE + "NLD": "Dutch",
    EU_LANGUAGE + "FRA": "French",
    EU_LANGUAGE + "DEU": "German",
}

#: Concept schemes of those concepts, with a title each.
SCHEMES: dict[str, str] = {
    EU + "data-theme": "Data theme",
    EU + "country": "Country",
    EU + "language": "Language",
    EU + "file-type": "File type",
    EU + "frequency": "Frequency",
    EU + "planned-availability": "Planned availability",
    PUBLISHER_TYPE + "1.0": "Publisher type",
    LICENCE_TYPE + "1.0": "Licence type",
}

#: BCP 47 language tags of the data mapped to the EU language authority table.
LANGUAGES = {"en": "ENG", "nl": "NLD", "fr": "FRA", "de": "DEU"}


def _scheme_of(iri: str) -> str | None:
    """The concept scheme of an EU authority or ADMS concept IRI."""
    for scheme in SCHEMES:
        namespace = scheme[: -len("1.0")] if scheme.endswith("/1.0") else scheme + "/"
        if iri.startswith(namespace):
            return scheme
    return None


# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------


WPSKG_CONTACT_NAME = ox.Literal("wpskg contributors")


@dataclass(frozen=True)
class Settings:
    """What a portal needs that the data cannot say: who publishes, how to reach them, the licence."""

    #: The catalogue's IRI; its datasets and distributions are named under the same base
    #: (``…/catalog`` gives ``…/dataset/graph`` and ``…/distribution/wpskg.ttl``).
    catalog: str = CATALOG
    publisher: str = BASE + "publisher"
    publisher_names: tuple[tuple[str | None, str], ...] = (("en", "wpskg contributors"),)
    publisher_type: str | None = PUBLISHER_TYPE + "NonProfitOrganisation"
    #: IRI of the contact point; ``None`` writes it as a blank node.
    contact: str | None = BASE + "contact"
    contact_name: ox.Literal = WPSKG_CONTACT_NAME  # vcard:fn, with its language tag if any
    contact_email: str | None = None
    contact_url: str | None = BASE
    licence: str = EU_LICENCE + "CC_BY_4_0"
    licence_type: str | None = LICENCE_TYPE + "Attribution"
    homepage: str = BASE
    themes: tuple[str, ...] = (EU_THEME + "GOVE", EU_THEME + "INTR", EU_THEME + "SOCI")
    issued: ox.Literal | None = None
    modified: ox.Literal | None = None
    version: str | None = None
    catalog_titles: tuple[ox.Literal, ...] = (
        ox.Literal("Women, Peace and Security knowledge graph: open-data catalogue", language="en"),
        ox.Literal("Kennisgraaf Vrouwen, Vrede en Veiligheid: open-datacatalogus", language="nl"),
    )
    catalog_descriptions: tuple[ox.Literal, ...] = (
        ox.Literal(
            "The wpskg knowledge graph of Women, Peace and Security National Action Plans, and its "
            "ontology and vocabularies, in Turtle, JSON-LD, N-Triples and N-Quads.",
            language="en",
        ),
        ox.Literal(
            "De wpskg-kennisgraaf van de Nationale Actieplannen Vrouwen, Vrede en Veiligheid, en de "
            "ontologie en vocabulaires ervan, in Turtle, JSON-LD, N-Triples en N-Quads.",
            language="nl",
        ),
    )

    #: The title, description and keywords of the data (the graph dataset); ``None``: wpskg's own.
    #: The ontology dataset is wpskg's release and keeps wpskg's text.
    graph_titles: tuple[ox.Literal, ...] | None = None
    graph_descriptions: tuple[ox.Literal, ...] | None = None
    graph_keywords: tuple[ox.Literal, ...] | None = None
    #: The public URL of the SPARQL endpoint that serves the graph (``dcat:service [ dcat:endpointURL
    #: <…> ]``), described as a ``dcat:DataService``; ``wpskg export --sparql-endpoint`` overrides it.
    endpoint: str | None = None
    #: The IRI that ``dcat.ttl`` gives that service (``dcat:service <…/sparql-service>``); ``None``: a blank
    #: node there, or no ``dcat.ttl``, and the service is ``…/service/sparql`` under the catalogue's base.
    service: str | None = None

    #: The file these settings were read from (for error messages), or None for the defaults.
    source: str | None = field(default=None, compare=False)

    #: Catalogue properties that ``dcat.ttl`` may set.
    SUPPORTED = (
        RDF + "type",
        DCT + "publisher",
        DCAT + "contactPoint",
        DCT + "license",
        FOAF + "homepage",
        DCAT + "theme",
        DCT + "issued",
        DCT + "modified",
        DCAT + "version",
        DCT + "title",
        DCT + "description",
        DCAT + "dataset",
        DCAT + "service",
    )

    @classmethod
    def from_file(cls, path: Path) -> Settings:
        """Settings from a Turtle file that describes one ``dcat:Catalog``.

        Read from the catalogue node: its IRI (that of the catalogue, and the base of its
        datasets' and distributions' IRIs), ``dct:publisher`` (an IRI, with its
        ``foaf:name`` and ``dct:type``), ``dcat:contactPoint`` (with ``vcard:fn``,
        ``vcard:hasEmail``, ``vcard:hasURL``), ``dct:license`` (with its
        ``dct:type``), ``foaf:homepage``, ``dcat:theme``, ``dct:issued``,
        ``dct:modified``, ``dcat:version``, ``dct:title``, ``dct:description``, and
        ``dcat:service`` (a node with the ``dcat:endpointURL`` of the SPARQL endpoint).
        Anything else on the catalogue node, the publisher, the contact point or
        the licence is an error, so that nothing is silently ignored.
        ``dct:publisher``, ``dcat:contactPoint`` and ``dct:license`` are required:
        wpskg's own are never put on a catalogue that a ``dcat.ttl`` describes.
        """
        name = str(path)
        doc = loaders.load(path)
        triples = [q.triple for q in doc.quads]

        def values(s: ox.Term, p: str) -> list[ox.Term]:
            return sorted((t.object for t in triples if t.subject == s and t.predicate.value == p), key=str)

        def iri(s: ox.Term, p: str) -> str | None:
            found = values(s, p)
            if not found:
                return None
            if len(found) > 1 or not isinstance(found[0], ox.NamedNode):
                raise InputError(f"{_short(p)} takes one IRI", Location(name))
            return found[0].value

        catalogs = sorted(
            {
                t.subject
                for t in triples
                if t.predicate.value == RDF + "type" and t.object == ox.NamedNode(DCAT + "Catalog")
            },
            key=str,
        )
        if len(catalogs) != 1:
            raise InputError(f"describe exactly one dcat:Catalog (found {len(catalogs)})", Location(name))
        cat = catalogs[0]
        if not isinstance(cat, ox.NamedNode):
            raise InputError(
                "the dcat:Catalog is a blank node: give it an absolute IRI of your own, such as "
                "<https://data.example.org/wps/catalog>; it names the catalogue and is the base of its "
                "datasets' and distributions' IRIs",
                Location(name, loaders.line_of(doc.text, "dcat:Catalog", DCAT + "Catalog", "Catalog")),
            )
        dcat_checks.check_terms(doc)
        _refuse_unknown(doc, triples, cat, "the catalogue", cls.SUPPORTED)
        out = cls()
        changes: dict[str, object] = {"catalog": cat.value}
        at_catalog = Location(name, doc.source_map.line_of(cat.value))
        for pred, what in (
            (DCT + "publisher", "who publishes the data"),
            (DCAT + "contactPoint", "whom to ask"),
            (DCT + "license", "under which licence the data may be reused"),
        ):
            if not values(cat, pred):
                raise InputError(
                    f"the dcat:Catalog has no {_short(pred)}: say {what} (wpskg's own is used only when "
                    f"there is no {CONFIG_FILE})",
                    at_catalog,
                )
        for pred, what, supported in NODE_PROPERTIES:
            for node in values(cat, pred):
                if not isinstance(node, ox.Literal):
                    _refuse_unknown(doc, triples, node, what, supported)
        publisher = iri(cat, DCT + "publisher")
        if publisher:
            pub = ox.NamedNode(publisher)
            names = tuple(
                (lit.language, lit.value) for lit in values(pub, FOAF + "name") if isinstance(lit, ox.Literal)
            )
            if not names:
                raise InputError(f"the publisher <{publisher}> needs a foaf:name", Location(name))
            changes.update(publisher=publisher, publisher_names=names, publisher_type=iri(pub, DCT + "type"))
        contacts = values(cat, DCAT + "contactPoint")
        if contacts:
            if len(contacts) > 1 or isinstance(contacts[0], ox.Literal):
                raise InputError("dcat:contactPoint takes one node", Location(name))
            node = contacts[0]
            fn = [v for v in values(node, VCARD + "fn") if isinstance(v, ox.Literal)]
            if not fn:
                raise InputError("the contact point needs a vcard:fn", Location(name))
            email = iri(node, VCARD + "hasEmail")
            url = iri(node, VCARD + "hasURL")
            if not email and not url:
                raise InputError("the contact point needs vcard:hasEmail or vcard:hasURL", Location(name))
            changes.update(
                contact=node.value if isinstance(node, ox.NamedNode) else None,
                contact_name=fn[0],
                contact_email=email,
                contact_url=url,
            )
        licence = iri(cat, DCT + "license")
        if licence:
            changes.update(licence=licence, licence_type=iri(ox.NamedNode(licence), DCT + "type"))
        homepage = iri(cat, FOAF + "homepage")
        if homepage:
            changes["homepage"] = homepage
        themes = values(cat, DCAT + "theme")
        if themes:
            if not all(isinstance(t, ox.NamedNode) for t in themes):
                raise InputError("dcat:theme takes IRIs", Location(name))
            changes["themes"] = tuple(t.value for t in themes)
        for key, pred in (("issued", DCT + "issued"), ("modified", DCT + "modified")):
            found = values(cat, pred)
            if len(found) > 1 or (found and not _date_key(found[0])):
                raise InputError(
                    f"{_short(pred)} takes one xsd:date, xsd:dateTime, xsd:gYear or xsd:gYearMonth", Location(name)
                )
            if found:
                changes[key] = found[0]
        issued, modified = changes.get("issued"), changes.get("modified")
        if isinstance(issued, ox.Literal) and isinstance(modified, ox.Literal) and later(issued, modified):
            raise InputError(
                f"dct:issued {issued.value} is later than dct:modified {modified.value}: "
                "nothing can be modified before it is issued",
                Location(name, loaders.line_of(doc.text, f'"{issued.value}"')),
            )
        version = values(cat, DCAT + "version")
        if version:
            changes["version"] = version[0].value
        for key, pred in (("catalog_titles", DCT + "title"), ("catalog_descriptions", DCT + "description")):
            found = _one_per_language(doc, cat, pred, values(cat, pred))
            if found:
                changes[key] = found
        changes.update(_graph_dataset_text(doc, triples, cat, values))
        services = values(cat, DCAT + "service")
        if services:
            changes["endpoint"] = _endpoint(doc, services, lambda node: values(node, DCAT + "endpointURL"))
            if isinstance(services[0], ox.NamedNode):
                changes["service"] = services[0].value
        return replace(out, source=name, **changes)  # type: ignore[arg-type]

    @classmethod
    def for_project(cls, root: Path) -> Settings:
        """Settings from ``root/dcat.ttl`` when it exists, else the defaults."""
        path = Path(root) / CONFIG_FILE
        return cls.from_file(path) if path.is_file() else cls()


#: The nodes that ``dcat.ttl`` describes besides the catalogue, and the properties read from each.
NODE_PROPERTIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (DCT + "publisher", "the publisher", (RDF + "type", FOAF + "name", DCT + "type")),
    (DCAT + "contactPoint", "the contact point", (RDF + "type", VCARD + "fn", VCARD + "hasEmail", VCARD + "hasURL")),
    (DCT + "license", "the licence", (RDF + "type", DCT + "type")),
    (DCAT + "service", "the SPARQL endpoint's service", (RDF + "type", DCAT + "endpointURL")),
)


def _endpoint(doc: loaders.Document, services: list[ox.Term], urls: Callable[[ox.Term], list[ox.Term]]) -> str:
    """The endpoint URL of the one ``dcat:service`` of ``dcat.ttl``: an absolute http(s) URL."""
    at = Location(doc.name, loaders.line_of(doc.text, "dcat:service", DCAT + "service"))
    if len(services) > 1 or isinstance(services[0], ox.Literal):
        raise InputError("dcat:service takes one node, the SPARQL endpoint that serves the graph", at)
    found = urls(services[0])
    if len(found) != 1 or not isinstance(found[0], ox.NamedNode):
        raise InputError("the dcat:service needs one dcat:endpointURL, the public URL of its SPARQL endpoint", at)
    url = found[0].value
    if not dcat_checks.is_http_url(url):
        raise InputError(
            f"the dcat:endpointURL <{url}> must be an http(s) URL with a host and no query, fragment or user name",
            Location(doc.name, loaders.line_of(doc.text, url) or at.line),
        )
    return url


def _refuse_unknown(
    doc: loaders.Document, triples: list[ox.Triple], node: ox.Term, what: str, supported: tuple[str, ...]
) -> None:
    """Refuse a property of ``node`` that the export does not read: a misspelt one would be ignored."""
    unknown = sorted({t.predicate.value for t in triples if t.subject == node} - set(supported))
    if not unknown:
        return
    start = doc.source_map.line_of(node.value) if isinstance(node, ox.NamedNode) else None
    line = loaders.Statements(doc.text).line(start, unknown[0]) if start else None
    local = re.split(r"[#/]", unknown[0])[-1]
    line = line or loaders.line_of(doc.text, f":{local}", local)
    names = {_short(p): p for p in supported}
    hints = [
        f"did you mean {close[0]}?"
        for close in (difflib.get_close_matches(_short(u), list(names), n=1, cutoff=0.6) for u in unknown)
        if close
    ]
    raise InputError(
        f"{what} has properties that the export does not read: {', '.join(_short(u) for u in unknown)}"
        + (f" ({'; '.join(hints)})" if hints else "")
        + f"; it reads {', '.join(names)}",
        Location(doc.name, line),
    )


def _one_per_language(doc: loaders.Document, node: ox.Term, pred: str, found: list[ox.Term]) -> tuple[ox.Literal, ...]:
    """The literals of a title or description, refused when two share a language (a portal shows one)."""
    literals = tuple(v for v in found if isinstance(v, ox.Literal))
    seen: dict[str | None, ox.Literal] = {}
    for lit in literals:
        if lit.language in seen:
            tag = f"@{lit.language}" if lit.language else "without a language tag"
            raise InputError(
                f'two {_short(pred)} {tag}: "{seen[lit.language].value}" and "{lit.value}"; give one per '
                "language: DCAT-AP repeats a title or description only for its versions in other languages",
                Location(doc.name, loaders.line_of(doc.text, f'"{lit.value}')),
            )
        seen[lit.language] = lit
    return literals


#: What ``dcat.ttl`` may say of the data's dataset (``dcat:dataset`` of the catalogue).
DATASET_PROPERTIES = (RDF + "type", DCT + "title", DCT + "description", DCAT + "keyword")


def _graph_dataset_text(
    doc: loaders.Document,
    triples: list[ox.Triple],
    cat: ox.NamedNode,
    values: Callable[[ox.Term, str], list[ox.Term]],
) -> dict[str, tuple[ox.Literal, ...]]:
    """The title, description and keywords that ``dcat.ttl`` gives the data's dataset, the one
    ``dcat:dataset`` of the catalogue, whose IRI is ``<base>dataset/graph``."""
    expected = _base_of(cat.value) + GRAPH_DATASET[len(BASE) :]
    out: dict[str, tuple[ox.Literal, ...]] = {}
    for node in values(cat, DCAT + "dataset"):
        if not isinstance(node, ox.NamedNode) or node.value != expected:
            shown = {ox.NamedNode: f"<{node.value}>", ox.BlankNode: "a blank node"}.get(type(node), f'"{node.value}"')
            raise InputError(
                f"dcat:dataset {shown}: the catalogue's data is the dataset <{expected}> (its IRI follows "
                "from the catalogue's); describe that one. The ontology's dataset is wpskg's release and "
                "keeps wpskg's title",
                Location(doc.name, loaders.line_of(doc.text, "dcat:dataset", DCAT + "dataset")),
            )
        _refuse_unknown(doc, triples, node, "the dataset", DATASET_PROPERTIES)
        for key, pred in (
            ("graph_titles", DCT + "title"),
            ("graph_descriptions", DCT + "description"),
            ("graph_keywords", DCAT + "keyword"),
        ):
            found = tuple(v for v in values(node, pred) if isinstance(v, ox.Literal))
            if pred != DCAT + "keyword":
                found = _one_per_language(doc, node, pred, list(found))
            if found:
                out[key] = found
    return out


def _short(iri: str) -> str:
    for prefix, ns in CATALOG_PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


# --------------------------------------------------------------------------------------------
# Facts derived from the data
# --------------------------------------------------------------------------------------------

_DATE = re.compile(r"^(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?(?:T(\S+))?$")
_DATE_TYPES = {XSD + "date", XSD + "dateTime", XSD + "gYear", XSD + "gYearMonth"}


def _date_key(term: ox.Term) -> tuple[int, int, int, str] | None:
    """A sort key for a date-like literal, or None if it is not one."""
    if not isinstance(term, ox.Literal) or term.datatype.value not in _DATE_TYPES:
        return None
    m = _DATE.match(term.value)
    if not m:
        return None
    return (int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0), m.group(4) or "")


def later(a: ox.Literal, b: ox.Literal) -> bool:
    """Whether date ``a`` is surely later than date ``b``: compared at the coarser of their
    precisions (year, month or day), so ``2024-03-08`` is not later than ``2024``.

    >>> d = lambda v, t="date": ox.Literal(v, datatype=ox.NamedNode(XSD + t))
    >>> later(d("2027-01-01"), d("2025-11-24")), later(d("2024-03-08"), d("2024", "gYear"))
    (True, False)
    >>> later(d("2025-01", "gYearMonth"), d("2024-12-31T23:00:00", "dateTime"))
    True
    """
    ka, kb = _date_key(a), _date_key(b)
    if ka is None or kb is None:
        return False
    depth = min(_precision(a), _precision(b))
    return ka[:depth] > kb[:depth]


def _precision(term: ox.Literal) -> int:
    """1 for a year, 2 for a year and month, 3 for a day (times are not compared)."""
    m = _DATE.match(term.value)
    return 1 if m is None else 1 + (m.group(2) is not None) + (m.group(3) is not None)


def _latest(terms: Iterable[ox.Term]) -> ox.Literal | None:
    dated = [(k, t) for t in terms if (k := _date_key(t)) is not None]
    return max(dated, key=lambda kt: (kt[0], str(kt[1])))[1] if dated else None  # type: ignore[return-value]


def _earliest(terms: Iterable[ox.Term]) -> ox.Literal | None:
    dated = [(k, t) for t in terms if (k := _date_key(t)) is not None]
    return min(dated, key=lambda kt: (kt[0], str(kt[1])))[1] if dated else None  # type: ignore[return-value]


@dataclass
class Facts:
    """What the catalogue says that is read from a graph."""

    ontology: str | None = None
    ontology_titles: list[ox.Literal] = field(default_factory=list)
    version: str | None = None
    created: list[ox.Literal] = field(default_factory=list)
    changed: list[ox.Literal] = field(default_factory=list)
    sources_issued: list[ox.Literal] = field(default_factory=list)
    start: ox.Literal | None = None
    end: ox.Literal | None = None
    countries: dict[str, list[ox.Literal]] = field(default_factory=dict)  # EU IRI -> labels
    languages: list[str] = field(default_factory=list)  # EU language IRIs
    licence: str | None = None  # the ontology's own dct:license

    @property
    def issued(self) -> ox.Literal | None:
        """When the data was first published: the ontology's creation, else the earliest source."""
        return _earliest(self.created) or _earliest(self.sources_issued)

    @property
    def modified(self) -> ox.Literal | None:
        """The latest date the data carries: ontology created or modified, or a source's issue date."""
        return _latest(self.created + self.changed + self.sources_issued)


def facts(triples: Sequence[ox.Triple]) -> Facts:
    """Read ontology metadata, source dates, coverage and languages from ``triples``."""
    by_sp: dict[tuple[ox.Term, str], list[ox.Term]] = {}
    by_po: dict[tuple[str, ox.Term], list[ox.Term]] = {}
    languages: set[str] = set()
    for t in triples:
        by_sp.setdefault((t.subject, t.predicate.value), []).append(t.object)
        by_po.setdefault((t.predicate.value, t.object), []).append(t.subject)
        if isinstance(t.object, ox.Literal) and t.object.language:
            languages.add(t.object.language.split("-")[0].lower())

    def objects(s: ox.Term, p: str) -> list[ox.Term]:
        return by_sp.get((s, p), [])

    def instances(cls: str) -> list[ox.Term]:
        return sorted(by_po.get((RDF + "type", ox.NamedNode(cls)), []), key=str)

    out = Facts()
    ontologies = [o for o in instances(OWL + "Ontology") if isinstance(o, ox.NamedNode)]
    if ontologies:
        ont = ontologies[0]
        out.ontology = ont.value
        out.ontology_titles = sorted((t for t in objects(ont, DCT + "title") if isinstance(t, ox.Literal)), key=str)
        versions = sorted(t.value for t in objects(ont, OWL + "versionInfo") if isinstance(t, ox.Literal))
        out.version = versions[0] if versions else None
        licences = sorted(t.value for t in objects(ont, DCT + "license") if isinstance(t, ox.NamedNode))
        out.licence = licences[0] if licences else None
        out.created = [t for t in objects(ont, DCT + "created") if isinstance(t, ox.Literal)]
        out.changed = [
            t for t in objects(ont, DCT + "modified") + objects(ont, DCT + "issued") if isinstance(t, ox.Literal)
        ]
    for doc in instances(WPS + "SourceDocument"):
        out.sources_issued += [t for t in objects(doc, DCT + "issued") if isinstance(t, ox.Literal)]
    periods = {o for (s, p), os in by_sp.items() if p == DCT + "temporal" for o in os}
    out.start = _earliest(o for period in periods for o in objects(period, DCAT + "startDate"))
    out.end = _latest(o for period in periods for o in objects(period, DCAT + "endDate"))
    for (_s, p), countries in by_sp.items():
        if p != WPS + "planCountry":
            continue
        for country in countries:
            for match in objects(country, SKOS + "exactMatch"):
                if isinstance(match, ox.NamedNode) and match.value.startswith(EU_COUNTRY):
                    labels = [t for t in objects(country, SKOS + "prefLabel") if isinstance(t, ox.Literal)]
                    out.countries[match.value] = sorted(labels, key=lambda lit: (lit.language or "", lit.value))
    out.countries = dict(sorted(out.countries.items()))
    out.languages = sorted(EU_LANGUAGE + LANGUAGES[tag] for tag in languages if tag in LANGUAGES)
    return out


# --------------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileInfo:
    """One exported file: which dataset, which format, how big, and its sha256."""

    name: str
    dataset: str  # GRAPH_DATASET or ONTOLOGY_DATASET
    fmt: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Answer:
    """A stored query's answer with ``params`` (the others have their defaults), as a table
    (:func:`wpskg.tables.answer`)."""

    query: str
    params: dict[str, str]
    name: str  # the query and its parameters in one name: funding-totals-by-theme
    title: str
    description: str


@dataclass(frozen=True)
class TableInfo:
    """One exported table: an answer's CSV file, with its CSVW metadata file."""

    answer: Answer
    name: str  # the CSV file's name
    metadata: str  # the CSVW metadata file's name
    size: int
    sha256: str


@dataclass(frozen=True)
class Api:
    """The stored-query API that serves the graph (``wpskg serve``'s ``/api/queries``)."""

    endpoint: str  # the URL of /api/queries
    description: str  # the URL of its OpenAPI document
    answers: tuple[tuple[Answer, str], ...] = ()  # each answer with the URL of its CSV


class _Builder:
    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(self, s: ox.NamedNode | ox.BlankNode, p: str, o: ox.Term | str) -> None:
        obj = ox.NamedNode(o) if isinstance(o, str) else o
        self.triples.append(ox.Triple(s, ox.NamedNode(p), obj))

    def agent(self, iri: str, names: Iterable[tuple[str | None, str]]) -> ox.NamedNode:
        """A ``foaf:Agent`` with its names (language, text)."""
        node = ox.NamedNode(iri)
        self.add(node, RDF + "type", FOAF + "Agent")
        for lang, text in names:
            self.add(node, FOAF + "name", ox.Literal(text, language=lang) if lang else ox.Literal(text))
        return node

    def distribution(
        self, dataset: ox.NamedNode, name: str, titles: Sequence[ox.Literal], label: str, about: str
    ) -> ox.NamedNode:
        """The distribution ``name`` of ``dataset``: titled as the dataset with `` (label)`` in each
        language, described by the English title and ``about``."""
        dist = ox.NamedNode(distribution_iri(name))
        self.add(dataset, DCAT + "distribution", dist)
        self.add(dist, RDF + "type", DCAT + "Distribution")
        for title in titles:
            self.add(dist, DCT + "title", ox.Literal(f"{title.value} ({label})", language=title.language))
        english = next((t for t in titles if (t.language or "").startswith("en")), titles[0])
        self.add(dist, DCT + "description", ox.Literal(english.value + about, language="en"))
        return dist

    def download(
        self, dist: ox.NamedNode, url: str, fmt: Format, size: int, sha256: str, modified: ox.Literal | None
    ) -> None:
        """The download of the file of the distribution ``dist``: URLs, media type, format, size, checksum."""
        self.add(dist, DCAT + "accessURL", url)
        self.add(dist, DCAT + "downloadURL", url)
        self.media(dist, fmt)
        self.add(dist, DCATAP + "availability", EU_AVAILABILITY + "STABLE")
        self.add(dist, DCAT + "byteSize", ox.Literal(str(size), datatype=ox.NamedNode(XSD + "nonNegativeInteger")))
        checksum = ox.BlankNode()
        self.add(dist, SPDX + "checksum", checksum)
        self.add(checksum, RDF + "type", SPDX + "Checksum")
        self.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
        self.add(checksum, SPDX + "checksumValue", ox.Literal(sha256, datatype=ox.NamedNode(XSD + "hexBinary")))
        if modified is not None:
            self.add(dist, DCT + "modified", modified)

    def media(self, dist: ox.NamedNode, fmt: Format) -> None:
        """The IANA media type and the EU file type of the distribution ``dist``."""
        media = IANA + fmt.media_type
        self.add(dist, DCAT + "mediaType", media)
        self.add(ox.NamedNode(media), RDF + "type", DCT + "MediaType")
        self.add(dist, DCT + "format", EU_FILE_TYPE + fmt.file_type)

    def answer(self, dataset: ox.NamedNode, name: str, answer: Answer, label: str, how: str) -> ox.NamedNode:
        """The distribution ``name`` of ``dataset`` that is a stored query's ``answer``, titled with
        `` (label)`` and given ``how`` ("as a table, …")."""
        dist = ox.NamedNode(distribution_iri(name))
        self.add(dataset, DCAT + "distribution", dist)
        self.add(dist, RDF + "type", DCAT + "Distribution")
        self.add(dist, DCT + "title", ox.Literal(f"{answer.title} ({label})", language="en"))
        given = ", ".join(f"{k}={v}" for k, v in answer.params.items())
        text = f"The answer of the stored query {answer.query}{f' ({given})' if given else ''} {how}"
        self.add(dist, DCT + "description", ox.Literal(text.strip(), language="en"))
        return dist

    def concept(self, iri: str, *types: str) -> None:
        """Describe an external concept enough for the DCAT-AP range and vocabulary shapes."""
        node = ox.NamedNode(iri)
        for t in (SKOS + "Concept", *types):
            self.add(node, RDF + "type", t)
        self.add(node, SKOS + "prefLabel", ox.Literal(LABELS.get(iri, iri.rsplit("/", 1)[-1]), language="en"))
        scheme = _scheme_of(iri)
        if scheme:
            self.add(node, SKOS + "inScheme", scheme)

    def schemes(self) -> None:
        used = {
            t.object.value for t in self.triples if t.predicate.value in (SKOS + "inScheme", DCAT + "themeTaxonomy")
        }
        for scheme in sorted(used & set(SCHEMES)):
            node = ox.NamedNode(scheme)
            self.add(node, RDF + "type", SKOS + "ConceptScheme")
            self.add(node, DCT + "title", ox.Literal(SCHEMES[scheme], language="en"))


def _en_nl(en: str, nl: str) -> list[ox.Literal]:
    return [ox.Literal(en, language="en"), ox.Literal(nl, language="nl")]


DATASET_TEXT = {
    GRAPH_DATASET: (
        _en_nl(
            "Women, Peace and Security knowledge graph",
            "Kennisgraaf Vrouwen, Vrede en Veiligheid",
        ),
        _en_nl(
            "National Action Plans on Women, Peace and Security (UN Security Council resolution 1325 and "
            "its successors) of Belgium, the Netherlands and other countries: their objectives, actions, "
            "actors, funding and reported figures, with the source document and exact quote behind every "
            "claim. The graph includes the ontology, the controlled vocabularies and the inferred types.",
            "Nationale Actieplannen Vrouwen, Vrede en Veiligheid (VN-Veiligheidsraadresolutie 1325 en de "
            "resoluties die erop volgden) van België, Nederland en andere landen: hun doelstellingen, "
            "acties, actoren, financiering en gerapporteerde cijfers, met het brondocument en het exacte "
            "citaat achter elke bewering. De graaf bevat ook de ontologie, de gecontroleerde vocabulaires "
            "en de afgeleide types.",
        ),
        "wpskg",
    ),
    ONTOLOGY_DATASET: (
        _en_nl(
            "Women, Peace and Security knowledge graph: ontology and vocabularies",
            "Kennisgraaf Vrouwen, Vrede en Veiligheid: ontologie en vocabulaires",
        ),
        _en_nl(
            "The wpskg OWL ontology of Women, Peace and Security National Action Plans and its SKOS "
            "vocabularies (themes, UN Security Council resolutions, countries, currencies, IATI and DAC "
            "codes), released on their own.",
            "De wpskg OWL-ontologie van de Nationale Actieplannen Vrouwen, Vrede en Veiligheid en de "
            "SKOS-vocabulaires ervan (thema's, VN-Veiligheidsraadresoluties, landen, munten, IATI- en "
            "DAC-codes), afzonderlijk uitgebracht.",
        ),
        "wpskg-ontology",
    ),
}

KEYWORDS = [
    ox.Literal("Women, Peace and Security", language="en"),
    ox.Literal("UN Security Council resolution 1325", language="en"),
    ox.Literal("National Action Plan", language="en"),
    ox.Literal("gender", language="en"),
    ox.Literal("Vrouwen, Vrede en Veiligheid", language="nl"),
    ox.Literal("Nationaal Actieplan", language="nl"),
    ox.Literal("resolutie 1325", language="nl"),
]


def file_stem(dataset: str) -> str:
    """The file name stem of a dataset's exported files."""
    return DATASET_TEXT[dataset][2]


def distribution_iri(name: str) -> str:
    """The IRI of the distribution of the exported file ``name``."""
    return f"{BASE}distribution/{name}"


def catalog(
    files: Sequence[FileInfo],
    graph_facts: Facts,
    ontology_facts: Facts,
    stats: dict[str, Stats],
    *,
    base_url: str = DEFAULT_BASE_URL,
    settings: Settings | None = None,
    endpoint: str | None = None,
    tables: Sequence[TableInfo] = (),
    api: Api | None = None,
) -> list[ox.Triple]:
    """The DCAT-AP 3.0.1 catalogue and VoID description of the exported ``files``.

    ``stats`` maps each dataset IRI to its VoID counts; ``endpoint`` is the URL of a
    SPARQL endpoint that serves the graph (a ``dcat:DataService``), if any; ``tables``
    are the stored queries' answers as CSV, distributions of the graph; ``api`` is the
    stored-query API that serves the graph, another data service, whose CSV answers are
    distributions of the graph too.
    """
    defaults = Settings()  # wpskg's own: the ontology's licence and creator
    settings = settings or defaults
    endpoint = endpoint or settings.endpoint
    if not base_url.endswith("/"):
        base_url += "/"
    b = _Builder()
    cat = ox.NamedNode(CATALOG)

    # Publisher, contact point, licence, homepage.
    publisher = b.agent(settings.publisher, settings.publisher_names)
    if settings.publisher_type:
        b.add(publisher, DCT + "type", settings.publisher_type)
        b.concept(settings.publisher_type)
    contact: ox.NamedNode | ox.BlankNode = ox.NamedNode(settings.contact) if settings.contact else ox.BlankNode()
    b.add(contact, RDF + "type", VCARD + "Kind")
    b.add(contact, RDF + "type", VCARD + "Organization")
    b.add(contact, VCARD + "fn", settings.contact_name)
    if settings.contact_email:
        b.add(contact, VCARD + "hasEmail", settings.contact_email)
    if settings.contact_url:
        b.add(contact, VCARD + "hasURL", settings.contact_url)
    licence = ox.NamedNode(settings.licence)
    b.add(licence, RDF + "type", DCT + "LicenseDocument")
    if settings.licence_type:
        b.add(licence, DCT + "type", settings.licence_type)
        b.concept(settings.licence_type)
    b.add(ox.NamedNode(settings.homepage), RDF + "type", FOAF + "Document")

    # Catalogue.
    all_facts = [graph_facts, ontology_facts]
    dataset_dates: dict[str, tuple[ox.Literal | None, ox.Literal | None]] = {}
    for ds, f in ((GRAPH_DATASET, graph_facts), (ONTOLOGY_DATASET, ontology_facts)):
        dataset_dates[ds] = (settings.issued or f.issued, settings.modified or f.modified)
        _check_dates(ds, *dataset_dates[ds], settings)
    b.add(cat, RDF + "type", DCAT + "Catalog")
    for lit in settings.catalog_titles:
        b.add(cat, DCT + "title", lit)
    for lit in settings.catalog_descriptions:
        b.add(cat, DCT + "description", lit)
    b.add(cat, DCT + "publisher", publisher)
    b.add(cat, DCT + "license", licence)
    b.add(cat, FOAF + "homepage", settings.homepage)
    b.add(cat, DCAT + "themeTaxonomy", EU + "data-theme")
    issued = _earliest(d[0] for d in dataset_dates.values() if d[0] is not None)
    modified = _latest(d[1] for d in dataset_dates.values() if d[1] is not None)
    if issued is not None:
        b.add(cat, DCT + "issued", issued)
    if modified is not None:
        b.add(cat, DCT + "modified", modified)
    languages = sorted({lang for f in all_facts for lang in f.languages})
    for lang in languages:
        b.add(cat, DCT + "language", lang)
        b.add(ox.NamedNode(lang), RDF + "type", DCT + "LinguisticSystem")
        b.concept(lang)
    for country, labels in sorted({c: ls for f in all_facts for c, ls in f.countries.items()}.items()):
        b.add(cat, DCT + "spatial", country)
        node = ox.NamedNode(country)
        b.add(node, RDF + "type", DCT + "Location")
        b.add(node, RDF + "type", SKOS + "Concept")
        b.add(node, SKOS + "inScheme", EU + "country")
        for label in labels or [ox.Literal(country.rsplit("/", 1)[-1], language="en")]:
            b.add(node, SKOS + "prefLabel", label)
    for theme in settings.themes:
        b.concept(theme)
    b.concept(EU_FREQUENCY + "IRREG", DCT + "Frequency")
    b.concept(EU_AVAILABILITY + "STABLE")
    b.add(ox.NamedNode(SPDX + "checksumAlgorithm_sha256"), RDF + "type", SPDX + "ChecksumAlgorithm")

    # Datasets.
    for ds, f in ((GRAPH_DATASET, graph_facts), (ONTOLOGY_DATASET, ontology_facts)):
        node = ox.NamedNode(ds)
        titles, descriptions, _stem = DATASET_TEXT[ds]
        keywords: Sequence[ox.Literal] = KEYWORDS
        ds_licence = licence
        rights: ox.BlankNode | None = None
        if ds == GRAPH_DATASET:
            titles = list(settings.graph_titles or titles)
            descriptions = list(settings.graph_descriptions or descriptions)
            keywords = settings.graph_keywords or KEYWORDS
            if ontology_facts.licence and ontology_facts.licence != settings.licence:
                rights = _included_ontology(b, node, ontology_facts.licence, settings.licence)
        elif f.licence and f.licence != settings.licence:
            # The ontology is wpskg's release: its own licence, and wpskg credited as its creator.
            ds_licence = ox.NamedNode(f.licence)
            b.add(ds_licence, RDF + "type", DCT + "LicenseDocument")
            if f.licence == defaults.licence and defaults.licence_type:
                b.add(ds_licence, DCT + "type", defaults.licence_type)
                b.concept(defaults.licence_type)
        if ds == ONTOLOGY_DATASET and settings.publisher != defaults.publisher:
            b.add(node, DCT + "creator", b.agent(defaults.publisher, defaults.publisher_names))
        b.add(cat, DCAT + "dataset", node)
        b.add(node, RDF + "type", DCAT + "Dataset")
        for lit in titles:
            b.add(node, DCT + "title", lit)
        for lit in descriptions:
            b.add(node, DCT + "description", lit)
        b.add(node, DCT + "publisher", publisher)
        b.add(node, DCAT + "contactPoint", contact)
        b.add(node, DCAT + "landingPage", settings.homepage)
        b.add(node, DCT + "accrualPeriodicity", EU_FREQUENCY + "IRREG")
        for theme in settings.themes:
            b.add(node, DCAT + "theme", theme)
        for kw in keywords:
            b.add(node, DCAT + "keyword", kw)
        for lang in f.languages:
            b.add(node, DCT + "language", lang)
        ds_issued, ds_modified = dataset_dates[ds]
        if ds_issued is not None:
            b.add(node, DCT + "issued", ds_issued)
        if ds_modified is not None:
            b.add(node, DCT + "modified", ds_modified)
        version = settings.version or f.version
        if version:
            b.add(node, DCAT + "version", ox.Literal(version))
        if f.ontology:
            b.add(node, DCT + "conformsTo", f.ontology)
            ont = ox.NamedNode(f.ontology)
            b.add(ont, RDF + "type", DCT + "Standard")
            for lit in f.ontology_titles:
                b.add(ont, DCT + "title", lit)
        for country in f.countries:
            b.add(node, DCT + "spatial", country)
        if f.start is not None or f.end is not None:
            period = ox.BlankNode()
            b.add(node, DCT + "temporal", period)
            b.add(period, RDF + "type", DCT + "PeriodOfTime")
            if f.start is not None:
                b.add(period, DCAT + "startDate", f.start)
            if f.end is not None:
                b.add(period, DCAT + "endDate", f.end)
        ds_files = sorted((fi for fi in files if fi.dataset == ds), key=lambda fi: fi.name)
        served = endpoint if ds == GRAPH_DATASET else None
        b.triples += void_describe(
            ds, stats[ds], dumps=[base_url + fi.name for fi in ds_files], uri_space=BASE, sparql_endpoint=served
        )
        dists: list[ox.NamedNode] = []
        serving = _Serving(b, cat, node, titles, (publisher, contact, licence), keywords, settings)
        if served:
            dists.append(_sparql(serving, served))
        if api is not None and ds == GRAPH_DATASET:
            dists += _api(serving, api)

        # Distributions.
        for fi in ds_files:
            fmt = FORMATS[fi.fmt]
            about = f", in {fmt.label}: sorted, with stable blank-node labels, literals exactly as curated."
            dist = b.distribution(node, fi.name, titles, fmt.label, about)
            b.download(dist, base_url + fi.name, fmt, fi.size, fi.sha256, ds_modified)
            dists.append(dist)
        if ds == GRAPH_DATASET:
            dists += [_table(b, node, t, base_url, ds_modified) for t in sorted(tables, key=lambda t: t.name)]
        for dist in dists:  # the files and the endpoint give the same data, under the same terms
            b.add(dist, DCT + "license", ds_licence)
            if rights is not None:
                b.add(dist, DCT + "rights", rights)
    for fmt in sorted({fi.fmt for fi in files}):
        b.concept(EU_FILE_TYPE + FORMATS[fmt].file_type, DCT + "MediaTypeOrExtent")
    if tables or (api is not None and api.answers):
        b.concept(EU_FILE_TYPE + CSV.file_type, DCT + "MediaTypeOrExtent")
    b.schemes()
    return _rebase(list(dict.fromkeys(b.triples)), settings.catalog)


def catalog_of(
    files: Sequence[FileInfo], graph: Sequence[ox.Triple], ontology: Sequence[ox.Triple], **options: object
) -> list[ox.Triple]:
    """:func:`catalog` of the ``graph`` and ``ontology`` triples (their facts and VoID counts) and ``files``;
    ``options`` are :func:`catalog`'s (``base_url``, ``settings``, ``endpoint``, ``tables``, ``api``)."""
    stats = {GRAPH_DATASET: void_stats(graph), ONTOLOGY_DATASET: void_stats(ontology)}
    return catalog(files, facts(graph), facts(ontology), stats, **options)  # type: ignore[arg-type]


def _included_ontology(b: _Builder, graph: ox.NamedNode, ontology_licence: str, licence: str) -> ox.BlankNode:
    """The graph holds the ontology and its vocabularies, which keep their own licence when the
    catalogue's is another: the graph's dataset names the ontology's as its ``dct:source``, and
    the rights statement (``dct:rights`` of each of the graph's distributions) says which
    licence covers what."""
    b.add(graph, DCT + "source", ONTOLOGY_DATASET)
    rights = ox.BlankNode()
    b.add(rights, RDF + "type", DCT + "RightsStatement")
    text = (
        "The graph includes the wpskg ontology and its vocabularies (the ontology's dataset in this "
        f"catalogue), which are licensed under {ontology_licence}; the rest of the graph is licensed "
        f"under {licence}."
    )
    b.add(rights, RDFS + "label", ox.Literal(text, language="en"))
    return rights


def _table(
    b: _Builder, dataset: ox.NamedNode, table: TableInfo, base_url: str, modified: ox.Literal | None
) -> ox.NamedNode:
    """The distribution of ``dataset`` that is one stored query's answer as CSV (returned; its
    licence is the caller's). Its documentation (``foaf:page``) is the CSVW metadata file."""
    how = f"as a table, with its CSV on the Web metadata in {table.metadata}. {table.answer.description}"
    dist = b.answer(dataset, table.name, table.answer, "table, CSV", how)
    b.download(dist, base_url + table.name, CSV, table.size, table.sha256, modified)
    b.add(dist, DCT + "conformsTo", CSVW_STANDARD)
    b.add(ox.NamedNode(CSVW_STANDARD), RDF + "type", DCT + "Standard")
    b.add(dist, FOAF + "page", base_url + table.metadata)
    b.add(ox.NamedNode(base_url + table.metadata), RDF + "type", FOAF + "Document")
    return dist


@dataclass(frozen=True)
class _Serving:
    """What the data services of a dataset share: the builder, the catalogue, the dataset and its
    titles and keywords, the publisher, contact point and licence, and the settings."""

    b: _Builder
    cat: ox.NamedNode
    dataset: ox.NamedNode
    titles: Sequence[ox.Literal]
    agents: tuple[ox.NamedNode, ox.NamedNode | ox.BlankNode, ox.NamedNode]
    keywords: Sequence[ox.Literal]
    settings: Settings


def _data_service(at: _Serving, svc: ox.NamedNode, label: str, about: str, urls: tuple[str, str, str]) -> ox.NamedNode:
    """A ``dcat:DataService`` of the catalogue that serves the dataset, titled as the dataset with
    `` (label)``. ``urls`` are its endpoint URL, the URL of its description and the standard it
    conforms to."""
    b = at.b
    publisher, contact, licence = at.agents
    endpoint, description, standard = urls
    b.add(at.cat, DCAT + "service", svc)
    b.add(svc, RDF + "type", DCAT + "DataService")
    for title in at.titles:
        b.add(svc, DCT + "title", ox.Literal(f"{title.value} ({label})", language=title.language))
    b.add(svc, DCT + "description", ox.Literal(about, language="en"))
    b.add(svc, DCAT + "endpointURL", endpoint)
    b.add(svc, DCAT + "endpointDescription", description)
    b.add(svc, DCAT + "servesDataset", at.dataset)
    b.add(svc, DCT + "conformsTo", standard)
    b.add(ox.NamedNode(standard), RDF + "type", DCT + "Standard")
    b.add(svc, DCT + "publisher", publisher)
    b.add(svc, DCAT + "contactPoint", contact)
    b.add(svc, DCT + "license", licence)
    for theme in at.settings.themes:
        b.add(svc, DCAT + "theme", theme)
    for kw in at.keywords:
        b.add(svc, DCAT + "keyword", kw)
    b.concept(EU_AVAILABILITY + "AVAILABLE")
    return svc


def _sparql(at: _Serving, endpoint: str) -> ox.NamedNode:
    """The SPARQL endpoint that serves the dataset: a ``dcat:DataService`` of the catalogue, and the
    distribution of the dataset whose access service it is (returned; its licence is the caller's).
    The endpoint describes itself (SPARQL 1.1 Service Description) when it is fetched without a
    query."""
    svc = _data_service(
        at,
        ox.NamedNode(at.settings.service or SPARQL_SERVICE),
        "SPARQL",
        "A read-only SPARQL 1.1 endpoint (SPARQL 1.1 Protocol, query only).",
        (endpoint, endpoint, SPARQL_PROTOCOL),
    )
    about = ", queried at its SPARQL endpoint (SPARQL 1.1 Protocol)."
    dist = at.b.distribution(at.dataset, "sparql", at.titles, "SPARQL", about)
    at.b.add(dist, DCAT + "accessURL", endpoint)
    at.b.add(dist, DCAT + "accessService", svc)
    at.b.add(dist, DCATAP + "availability", EU_AVAILABILITY + "AVAILABLE")
    return dist


def _api(at: _Serving, api: Api) -> list[ox.NamedNode]:
    """The stored-query API that serves the dataset: a ``dcat:DataService`` described by its OpenAPI
    document, and a distribution of the dataset for each answer it gives as CSV (returned; their
    licence is the caller's)."""
    svc = _data_service(
        at,
        ox.NamedNode(API_SERVICE),
        "API",
        "The stored queries as a web API: their answers in JSON, CSV or HTML, described by an OpenAPI 3.1 document.",
        (api.endpoint, api.description, OPENAPI),
    )
    b = at.b
    dists = []
    for answer, url in api.answers:
        how = f"as CSV from the API. {answer.description}"
        dist = b.answer(at.dataset, f"api-{answer.name}", answer, "table, CSV, from the API", how)
        b.add(dist, DCAT + "accessURL", url)
        b.add(dist, DCAT + "accessService", svc)
        b.media(dist, CSV)
        b.add(dist, DCATAP + "availability", EU_AVAILABILITY + "AVAILABLE")
        dists.append(dist)
    return dists


def _check_dates(dataset: str, issued: ox.Literal | None, modified: ox.Literal | None, settings: Settings) -> None:
    """Refuse a dataset that would be issued after it was modified (one date from dcat.ttl, one from the data)."""
    if issued is None or modified is None or not later(issued, modified):
        return
    origin = {True: f"from {settings.source}", False: "from the data"}
    raise InputError(
        f"the dataset of the {file_stem(dataset)}.* files would be issued {issued.value} "
        f"({origin[settings.issued is not None]}), later than it was modified {modified.value} "
        f"({origin[settings.modified is not None]}): set dct:issued or dct:modified in {CONFIG_FILE} "
        "so that it is issued first",
        Location(settings.source) if settings.source else None,
    )


def _rebase(triples: list[ox.Triple], catalog_iri: str) -> list[ox.Triple]:
    """The triples with the catalogue, dataset and distribution IRIs named after ``catalog_iri``,
    so that two publishers never describe the same dataset IRI.

    >>> _base_of("https://example.org/wps/catalog"), _base_of("https://example.org/cat#it")
    ('https://example.org/wps/', 'https://example.org/cat#it/')
    """
    if catalog_iri == CATALOG:
        return triples
    base = _base_of(catalog_iri)
    renamed = {CATALOG: catalog_iri}

    def rename(term: ox.Term) -> ox.Term:
        if not isinstance(term, ox.NamedNode):
            return term
        value = term.value
        if value in renamed:
            return ox.NamedNode(renamed[value])
        for part in ("dataset/", "distribution/", "service/"):
            if value.startswith(BASE + part):
                return ox.NamedNode(base + value[len(BASE) :])
        return term

    return [ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in triples]


def _base_of(catalog_iri: str) -> str:
    """The base of the dataset and distribution IRIs of a catalogue IRI."""
    return catalog_iri[: -len("catalog")] if catalog_iri.endswith("/catalog") else catalog_iri + "/"
