"""``wpskg export``: deterministic files that round-trip exactly, written atomically."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from wpskg import dcat
from wpskg.cli import main
from wpskg.dumpers import ntriples
from wpskg.errors import ParameterError, WpskgError
from wpskg.export import ExportRefused, export
from wpskg.loaders import load
from wpskg.project import Project
from wpskg.store import infer, load_project

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = "https://data.example.org/wps/"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATA_FILES = [
    "wpskg.ttl",
    "wpskg.jsonld",
    "wpskg.nt",
    "wpskg.nq",
    "wpskg-ontology.ttl",
    "wpskg-ontology.jsonld",
    "wpskg-ontology.nt",
    "wpskg-ontology.nq",
]
RDFLIB_FORMAT = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt", ".nq": "nquads"}

MINI_ONTOLOGY = """\
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/wpskg/ont> a owl:Ontology ; owl:versionInfo "9.9.9" ;
    dct:title "Mini"@en ; dct:created "2024-01-15"^^xsd:date .
wps:Plan a owl:Class ; rdfs:label "Plan"@en , "Plan"@nl .
wps:SourceDocument a owl:Class ; rdfs:label "Source document"@en .
"""
MINI_INSTANCES = """\
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .
<https://w3id.org/wpskg/id/plan/p> a wps:Plan ; wps:ordinal "01"^^xsd:integer ;
    schema:value "1.50"^^xsd:decimal ; wps:hasBudget "1"^^xsd:boolean ;
    wps:planCountry <https://w3id.org/wpskg/vocab/country/BE> ;
    dct:temporal [ dcat:startDate "2017"^^xsd:gYear ; dcat:endDate "2021-06"^^xsd:gYearMonth ] .
<https://w3id.org/wpskg/vocab/country/BE> skos:prefLabel "Belgium"@en ;
    skos:exactMatch <http://publications.europa.eu/resource/authority/country/BEL> .
<https://w3id.org/wpskg/id/source/s1> a wps:SourceDocument ; dct:issued "2025-03-01"^^xsd:date .
<https://w3id.org/wpskg/id/source/s2> a wps:SourceDocument ; dct:issued "2023"^^xsd:gYear .
"""


def mini_project(root: Path) -> Project:
    """A tiny data project with non-canonical literals and known dates."""
    for name in ("ontology", "instances", "shapes", "queries"):
        (root / name).mkdir(parents=True, exist_ok=True)
    (root / "ontology" / "mini.ttl").write_text(MINI_ONTOLOGY, encoding="utf-8")
    (root / "instances" / "mini.ttl").write_text(MINI_INSTANCES, encoding="utf-8")
    return Project(root)


def canonical(triples) -> str:
    return ntriples.dumps(triples)


def from_rdflib(graph: rdflib.Graph) -> list[ox.Triple]:
    def conv(t):
        if isinstance(t, rdflib.URIRef):
            return ox.NamedNode(str(t))
        if isinstance(t, rdflib.BNode):
            return ox.BlankNode(str(t))
        if t.language:
            return ox.Literal(str(t), language=t.language)
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype or XSD + "string")))

    return [ox.Triple(*map(conv, t[:3])) for t in graph]


def parse_exported(path: Path) -> list[ox.Triple]:
    """Parse an exported file with wpskg's own strict loaders (pyoxigraph for N-Quads)."""
    if path.suffix == ".nq":
        quads = list(ox.parse(path.read_bytes(), format=ox.RdfFormat.N_QUADS))
        assert {q.graph_name for q in quads} == {ox.NamedNode("https://w3id.org/wpskg/graph")}
        return [q.triple for q in quads]
    return [q.triple for q in load(path).quads]


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    """The canonical N-Triples of the built full graph and of the ontology alone."""
    project = Project(ROOT)
    full = load_project(project)
    infer(full)
    onto = load_project(project, with_instances=False)
    infer(onto)
    return {"wpskg": canonical(full.triples()), "wpskg-ontology": canonical(onto.triples())}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "dist"
    written = export(Project(ROOT), out, ["ttl", "jsonld", "nt", "nq"], base_url=BASE_URL)
    assert [p.name for p in written.files] == [*DATA_FILES, "catalog.ttl", "catalog.jsonld"]
    return out


def test_export_writes_every_format_for_the_graph_and_the_ontology(exported: Path) -> None:
    assert sorted(p.name for p in exported.iterdir()) == sorted([*DATA_FILES, "catalog.ttl", "catalog.jsonld"])
    for path in exported.iterdir():
        assert path.stat().st_size > 0
        assert path.stat().st_mode & 0o044, f"{path.name} is not readable by others"


@pytest.mark.parametrize("name", DATA_FILES)
def test_each_file_parses_back_to_the_built_graph(exported: Path, built: dict[str, str], name: str) -> None:
    stem = name.rsplit(".", 1)[0]
    assert canonical(parse_exported(exported / name)) == built[stem]


@pytest.mark.parametrize("name", DATA_FILES)
def test_each_file_parses_back_in_rdflib_offline_exactly(
    exported: Path, built: dict[str, str], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)
    path = exported / name
    graph: rdflib.Graph = rdflib.Dataset() if path.suffix == ".nq" else rdflib.Graph()
    # Parsed from a string, not a path: a relative IRI would stay relative, never become file://.
    graph.parse(data=path.read_text(encoding="utf-8"), format=RDFLIB_FORMAT[path.suffix])
    triples = from_rdflib(graph)
    assert not any(str(term).startswith("file:") for t in triples for term in (t.subject, t.predicate, t.object))
    assert canonical(triples) == built[name.rsplit(".", 1)[0]]


def test_exported_files_hold_no_file_iris_or_relative_references(exported: Path) -> None:
    for path in exported.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "file:/" not in text, path.name
        assert "@base" not in text and "BASE " not in text, path.name


def test_literals_are_kept_exactly_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = mini_project(tmp_path / "proj")
    out = tmp_path / "out"
    export(project, out, ["ttl", "jsonld", "nt", "nq"], base_url=BASE_URL)
    assert '"01"^^xsd:integer' in (out / "wpskg.ttl").read_text()
    assert '"1.50"^^xsd:decimal' in (out / "wpskg.ttl").read_text()
    assert '"@value": "01"' in (out / "wpskg.jsonld").read_text()
    assert f'"01"^^<{XSD}integer>' in (out / "wpskg.nt").read_text()
    assert f'"1"^^<{XSD}boolean>' in (out / "wpskg.nq").read_text()
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)
    for name in ("wpskg.ttl", "wpskg.jsonld"):
        graph = rdflib.Graph().parse(data=(out / name).read_text(), format=RDFLIB_FORMAT[Path(name).suffix])
        lexical = {str(o) for o in graph.objects(None, rdflib.URIRef("https://w3id.org/wpskg/ont#ordinal"))}
        assert lexical == {"01"}


EXPORT_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from wpskg.export import ExportRefused, export
    from wpskg.project import Project
    export(Project(Path(sys.argv[1])), Path(sys.argv[2]), ["ttl", "jsonld", "nt", "nq"], base_url=sys.argv[3])
    """
)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_export_is_byte_identical_across_hash_seeds(tmp_path: Path, exported: Path) -> None:
    results = []
    for seed in ("1", "4242"):
        out = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", EXPORT_SCRIPT, str(ROOT), str(out), BASE_URL],
            check=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )
        results.append(_digests(out))
    assert results[0] == results[1]
    assert results[0] == _digests(exported)  # and equal to this process's own export


def test_catalog_describes_each_file_with_size_checksum_and_url(exported: Path) -> None:
    graph = rdflib.Graph().parse(exported / "catalog.ttl")
    DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
    seen = set()
    for dist in graph.subjects(rdflib.RDF.type, DCAT.Distribution):
        url = str(graph.value(dist, DCAT.downloadURL))
        assert url.startswith(BASE_URL)
        name = url[len(BASE_URL) :]
        data = (exported / name).read_bytes()
        size = graph.value(dist, DCAT.byteSize)
        assert size.datatype == rdflib.XSD.nonNegativeInteger and int(size) == len(data)
        checksum = graph.value(dist, SPDX.checksum)
        assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(graph.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        seen.add(name)
    assert seen == set(DATA_FILES)


def test_catalog_jsonld_says_the_same_as_catalog_ttl(exported: Path) -> None:
    ttl = parse_exported(exported / "catalog.ttl")
    jsonld = parse_exported(exported / "catalog.jsonld")
    assert canonical(ttl) == canonical(jsonld)


def test_void_counts_match_the_files(exported: Path) -> None:
    graph = rdflib.Graph().parse(exported / "catalog.ttl")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    for dataset, stem in ((dcat.GRAPH_DATASET, "wpskg"), (dcat.ONTOLOGY_DATASET, "wpskg-ontology")):
        node = rdflib.URIRef(dataset)
        lines = (exported / f"{stem}.nt").read_text().splitlines()
        assert int(graph.value(node, VOID.triples)) == len(lines)
        predicates = {line.split(" ", 2)[1] for line in lines}
        assert int(graph.value(node, VOID.properties)) == len(predicates)
        assert int(graph.value(node, VOID.entities)) == len(
            {line.split(" ", 1)[0] for line in lines if line.startswith("<")}
        )
        assert int(graph.value(node, VOID.classes)) > 0
        assert len(list(graph.objects(node, VOID.propertyPartition))) == len(predicates)
    assert str(graph.value(rdflib.URIRef(dcat.GRAPH_DATASET), VOID.uriSpace)) == "https://w3id.org/wpskg/"


def test_only_requested_formats_are_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = export(mini_project(tmp_path / "p"), out, ["nt"], base_url=BASE_URL)
    assert [p.name for p in written.files] == ["wpskg.nt", "wpskg-ontology.nt", "catalog.ttl"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written.files)


def test_bad_formats_and_base_urls_are_refused(tmp_path: Path) -> None:
    project = mini_project(tmp_path / "p")
    with pytest.raises(ParameterError, match="unknown export format"):
        export(project, tmp_path / "o", ["ttl", "rdfxml"])
    with pytest.raises(ParameterError, match="base-url"):
        export(project, tmp_path / "o", ["ttl"], base_url="data/relative/")
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://",
        "https:///wps/",
        "https://data.example.org/wps?dir=1",
        "https://data.example.org/wps/#files",
        "ftp://data.example.org/wps/",
        "https://data.example.org:port/",
        "https://user:secret@data.example.org/",
        "https://data.example.org/%zz/",  # regression: a traceback from void.py (not an IRI)
    ],
)
def test_a_base_url_without_host_or_with_a_query_or_fragment_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    """Regression: ``--base-url https://`` or a URL with ``?query`` or ``#fragment`` was accepted and
    gave download URLs such as ``https://wpskg.ttl`` or ``https://host/wps?dir=1/wpskg.ttl``."""
    project = mini_project(tmp_path / "p")
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--project", str(project.root), "--out", str(out), "--base-url", url])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "usage: wpskg export" in err and "argument --base-url: expected an http(s) URL with a host" in err, err
    with pytest.raises(ParameterError, match="--base-url must be an http"):
        export(project, out, ["ttl"], base_url=url)
    assert not out.exists()


def test_a_folder_with_other_content_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(WpskgError, match="not empty"):
        export(mini_project(tmp_path / "p"), out, ["ttl"])
    assert (out / "notes.txt").read_text() == "keep me"


def test_a_failed_export_leaves_the_previous_one_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = mini_project(tmp_path / "p")
    out = tmp_path / "out"
    export(project, out, ["ttl"], base_url=BASE_URL)
    before = _digests(out)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(dcat, "catalog_of", boom)
    with pytest.raises(RuntimeError):
        export(project, out, ["ttl", "nt"], base_url=BASE_URL)
    assert _digests(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "p"]  # no staging folder left


def _plans_need_a_title(project: Project, severity: str = "Violation") -> None:
    (project.root / "shapes" / "plan.ttl").write_text(
        textwrap.dedent(
            f"""\
            @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix wps: <https://w3id.org/wpskg/ont#> .
            @prefix dct: <http://purl.org/dc/terms/> .
            <https://w3id.org/wpskg/shapes#PlanTitle> a sh:NodeShape ; sh:targetClass wps:Plan ;
                sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:severity sh:{severity} ;
                              sh:message "a plan needs a title" ] .
            """
        ),
        encoding="utf-8",
    )


def test_a_graph_with_violations_is_not_exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A publisher who runs ``wpskg export`` without ``wpskg build`` first used to publish data that
    fails validation, with no word said. Now the export validates first and refuses."""
    project = mini_project(tmp_path / "p")
    out = tmp_path / "out"
    export(project, out, ["ttl"], base_url=BASE_URL)
    before = _digests(out)
    _plans_need_a_title(project)
    with pytest.raises(ExportRefused, match=r"export failed: 1 violation\(s\); the previous .*out is untouched") as exc:
        export(project, out, ["ttl", "nt"], base_url=BASE_URL)
    assert [p.focus for p in exc.value.report.violations] == ["plan:p"]
    assert _digests(out) == before
    assert main(["export", "--project", str(project.root), "--out", str(out), "--format", "ttl,nt"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and _digests(out) == before
    assert "instances/mini.ttl:7: Violation: plan:p" in captured.err and "a plan needs a title" in captured.err, (
        captured.err
    )
    assert "--no-check publishes the graph as it is" in captured.err
    # told to, it publishes, and says that it did not check
    assert main(["export", "--project", str(project.root), "--out", str(out), "--format", "nt", "--no-check"]) == 0
    captured = capsys.readouterr()
    assert "without validating" in captured.err and captured.out.split()[0] == str(out / "wpskg.nt")
    assert export(project, out, ["nt"], base_url=BASE_URL, validate=False).report is None


def test_warnings_are_shown_and_stop_only_a_strict_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = mini_project(tmp_path / "p")
    _plans_need_a_title(project, "Warning")
    out = tmp_path / "out"
    assert main(["export", "--project", str(project.root), "--out", str(out), "--format", "nt"]) == 0
    captured = capsys.readouterr()
    assert "instances/mini.ttl:7: Warning: plan:p" in captured.err and "a plan needs a title" in captured.err, (
        captured.err
    )
    assert captured.out.split() == [str(out / n) for n in ("wpskg.nt", "wpskg-ontology.nt", "catalog.ttl")]
    before = _digests(out)
    assert main(["export", "--project", str(project.root), "--out", str(out), "--strict"]) == 1
    assert "1 warning(s), which fail a strict export" in capsys.readouterr().err
    assert _digests(out) == before
    result = export(project, out, ["nt"], base_url=BASE_URL, engine="pyshacl")
    assert [p.focus for p in result.report.warnings] == ["plan:p"]


def test_a_second_export_replaces_the_previous_one(tmp_path: Path) -> None:
    project = mini_project(tmp_path / "p")
    out = tmp_path / "out"
    export(project, out, ["ttl", "nt"], base_url=BASE_URL)
    export(project, out, ["jsonld"], base_url=BASE_URL)
    assert sorted(p.name for p in out.iterdir()) == [
        "catalog.jsonld",
        "catalog.ttl",
        "wpskg-ontology.jsonld",
        "wpskg.jsonld",
    ]


def test_files_the_export_does_not_write_are_kept(tmp_path: Path) -> None:
    """Regression: re-exporting removed everything else in the folder (a publisher's .htaccess, a README)."""
    project = mini_project(tmp_path / "p")
    out = tmp_path / "out"
    export(project, out, ["ttl", "nt"], base_url=BASE_URL)
    (out / ".htaccess").write_text("AddType text/turtle .ttl\n")
    (out / "README.txt").write_text("Published by the ministry.\n")
    (out / "archive").mkdir()
    (out / "archive" / "wpskg-2025.ttl").write_text("# last year's release\n")
    export(project, out, ["jsonld"], base_url=BASE_URL)
    assert sorted(p.name for p in out.iterdir()) == [
        ".htaccess",
        "README.txt",
        "archive",
        "catalog.jsonld",
        "catalog.ttl",
        "wpskg-ontology.jsonld",
        "wpskg.jsonld",
    ]
    assert (out / ".htaccess").read_text() == "AddType text/turtle .ttl\n"
    assert (out / "archive" / "wpskg-2025.ttl").read_text() == "# last year's release\n"
    catalog = (out / "catalog.ttl").read_text()
    assert "README.txt" not in catalog and ".htaccess" not in catalog


def test_an_output_folder_that_is_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    """Regression: ``--out www`` with ``www -> r1`` replaced the link with a real folder, left r1 empty
    and a dangling ``.www.*.new`` entry beside it."""
    project = mini_project(tmp_path / "p")
    (tmp_path / "r1").mkdir()
    (tmp_path / "www").symlink_to("r1")
    for _ in range(2):
        assert main(["export", "--project", str(project.root), "--out", str(tmp_path / "www"), "--format", "nt"]) == 0
    assert (tmp_path / "www").is_symlink() and os.readlink(tmp_path / "www") == "r1"
    assert sorted(p.name for p in (tmp_path / "r1").iterdir()) == ["catalog.ttl", "wpskg-ontology.nt", "wpskg.nt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p", "r1", "www"]


def test_cli_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = mini_project(tmp_path / "p")
    out = tmp_path / "out"
    code = main(
        ["export", "--project", str(project.root), "--out", str(out), "--format", "ttl,nt", "--base-url", BASE_URL]
    )
    assert code == 0
    printed = capsys.readouterr().out.split()
    assert printed == [
        str(out / n) for n in ("wpskg.ttl", "wpskg.nt", "wpskg-ontology.ttl", "wpskg-ontology.nt", "catalog.ttl")
    ]
    assert f"<{BASE_URL}wpskg.nt>" in (out / "catalog.ttl").read_text()
    assert main(["export", "--project", str(project.root), "--out", str(out), "--format", "xml"]) == 2
