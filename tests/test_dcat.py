"""The DCAT-AP 3.0.1 catalogue: the official shapes, deterministic dates, portal settings."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from rdflib.namespace import RDF, SH

from wpskg import dcat, eu_codes, loaders
from wpskg.cli import main
from wpskg.errors import InputError
from wpskg.export import export
from wpskg.project import Project
from wpskg.void import Stats

ROOT = Path(__file__).resolve().parent.parent
#: The official shapes live beside the repository, in ../shared; they are never copied in.
SHAPES = ROOT.parent / "shared" / "external" / "dcat-ap-3.0.1"
BASE_URL = "https://data.example.org/wps/"

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
XSD = rdflib.XSD
SKOS = rdflib.SKOS
EU = "http://publications.europa.eu/resource/authority/"
EU_COUNTRY = EU + "country/"

needs_shapes = pytest.mark.skipif(
    not (SHAPES / "shapes.ttl").is_file(),
    reason=f"the official DCAT-AP 3.0.1 shapes are not at {SHAPES} (../shared/external is absent)",
)

#: The warnings that remain, as (focus, path, constraint); docs/export.md gives the reason for each.
#: Countries stand for every EU country IRI in dct:spatial.
EXPECTED_WARNINGS = {
    # mdr-vocabularies.shape.ttl: the publisher is not in the EU corporate-body table.
    ("catalog", "dct:publisher", "NodeConstraintComponent"),
    ("dataset/graph", "dct:publisher", "NodeConstraintComponent"),
    ("dataset/ontology", "dct:publisher", "NodeConstraintComponent"),
    # shapes_recommended.ttl: no geometry for the countries, no coverage for the ontology.
    ("<country>", "dcat:bbox", "MinCountConstraintComponent"),
    ("<country>", "dcat:centroid", "MinCountConstraintComponent"),
    ("dataset/ontology", "dct:spatial", "MinCountConstraintComponent"),
    ("dataset/ontology", "dct:temporal", "MinCountConstraintComponent"),
}


def mini_project(root: Path) -> Project:
    """A tiny data project with known dates (same as in test_export)."""
    for name in ("ontology", "instances", "shapes", "queries"):
        (root / name).mkdir(parents=True, exist_ok=True)
    (root / "ontology" / "o.ttl").write_text(
        """@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix dct: <http://purl.org/dc/terms/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/wpskg/ont> a owl:Ontology ; owl:versionInfo "9.9.9" ; dct:title "Mini"@en ;
            dct:created "2024-01-15"^^xsd:date .
        """,
        encoding="utf-8",
    )
    (root / "instances" / "i.ttl").write_text(
        """@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix dct: <http://purl.org/dc/terms/> .
        @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/wpskg/id/plan/p> a wps:Plan ; wps:planCountry <https://w3id.org/wpskg/vocab/country/BE> ;
            dct:temporal [ dcat:startDate "2017"^^xsd:gYear ; dcat:endDate "2021-06"^^xsd:gYearMonth ] ;
            dct:description "Een plan"@nl .
        <https://w3id.org/wpskg/id/plan/q> dct:temporal [ dcat:startDate "2015-02-01"^^xsd:date ; dcat:endDate "2019"^^xsd:gYear ] .
        <https://w3id.org/wpskg/vocab/country/BE> skos:prefLabel "Belgium"@en , "België"@nl ;
            skos:exactMatch <http://publications.europa.eu/resource/authority/country/BEL> .
        <https://w3id.org/wpskg/id/source/s1> a wps:SourceDocument ; dct:issued "2025-03-01"^^xsd:date .
        <https://w3id.org/wpskg/id/source/s2> a wps:SourceDocument ; dct:issued "2023"^^xsd:gYear .
        """,
        encoding="utf-8",
    )
    return Project(root)


@pytest.fixture(scope="module")
def catalog_graph(tmp_path_factory: pytest.TempPathFactory) -> rdflib.Graph:
    """The catalogue of an export of the repository's own project."""
    out = tmp_path_factory.mktemp("dcat") / "dist"
    export(Project(ROOT), out, ["ttl", "jsonld", "nt", "nq"], base_url=BASE_URL)
    return rdflib.Graph().parse(out / "catalog.ttl")


ENDPOINT = "https://data.example.org/wps/sparql"

#: The warnings of a catalogue that describes the SPARQL endpoint too: those of the files, and these.
SERVICE_WARNINGS = EXPECTED_WARNINGS | {
    # mdr-vocabularies.shape.ttl: as for the catalogue and the datasets.
    ("service/sparql", "dct:publisher", "NodeConstraintComponent"),
    # shapes_recommended.ttl: the EU file-type table has no code for a SPARQL endpoint.
    ("distribution/sparql", "dct:format", "MinCountConstraintComponent"),
}


@pytest.fixture(scope="module")
def service_catalog_graph(tmp_path_factory: pytest.TempPathFactory) -> rdflib.Graph:
    """The catalogue of an export that names the SPARQL endpoint that serves the graph."""
    out = tmp_path_factory.mktemp("dcat-service") / "dist"
    export(Project(ROOT), out, ["ttl"], base_url=BASE_URL, endpoint=ENDPOINT)
    return rdflib.Graph().parse(out / "catalog.ttl")


@pytest.fixture(scope="module")
def tables_catalog_graph(tmp_path_factory: pytest.TempPathFactory) -> rdflib.Graph:
    """The catalogue of an export with the stored queries' answers as CSV tables."""
    out = tmp_path_factory.mktemp("dcat-tables") / "dist"
    export(Project(ROOT), out, ["ttl"], base_url=BASE_URL, tables=True)
    return rdflib.Graph().parse(out / "catalog.ttl")


def without_dangling_property_shapes(graph: rdflib.Graph) -> rdflib.Graph:
    """The shapes without the ``sh:property`` links to property shapes that the file never defines.

    DCAT-AP 3.0.1's single-file release links ``dcat:DataServiceShape`` to two property
    shapes (``…/dc08f4dc…`` and ``…/eb3ac4e4…``) that it does not define, and pySHACL refuses
    to validate a data service against it ("not a well-formed SHACL PropertyShape").
    """
    out = rdflib.Graph()
    defined = {s for s in graph.subjects(SH.path, None)}
    for triple in graph:
        if triple[1] == SH.property and triple[2] not in defined:
            continue
        out.add(triple)
    return out


def shapes(*names: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in names:
        graph.parse(SHAPES / name)
    return graph


def results(data: rdflib.Graph, shapes_graph: rdflib.Graph) -> list[tuple[str, str, str, str]]:
    """Top-level results (not sh:detail) as (severity, focus, path, constraint), with short names."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none", allow_warnings=True)
    out = []
    for rep in report.subjects(RDF.type, SH.ValidationReport):
        for r in report.objects(rep, SH.result):
            out.append(
                (
                    str(report.value(r, SH.resultSeverity)).split("#")[-1],
                    _short(report.value(r, SH.focusNode)),
                    _short(report.value(r, SH.resultPath)),
                    str(report.value(r, SH.sourceConstraintComponent)).split("#")[-1],
                )
            )
    return sorted(out)


def _short(term: object) -> str:
    text = str(term)
    if text.startswith(EU_COUNTRY):
        return "<country>"
    for prefix, ns in (
        ("dct:", str(DCT)),
        ("dcat:", str(DCAT)),
        ("", "https://w3id.org/wpskg/"),
        ("spdx:", "http://spdx.org/rdf/terms#"),
    ):
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return text


def without_checksum_pattern(graph: rdflib.Graph) -> rdflib.Graph:
    """The vocabulary shapes without one constraint that contradicts the SPDX namespace.

    ``:ChecksumAlgorithmRestriction`` in mdr-vocabularies.shape.ttl (a file that
    still says owl:versionInfo "2.1.1") wants the algorithm IRI to match
    ``^https://spdx.org/rdf/terms``, but the SPDX terms, and DCAT-AP 3.0.1's
    own examples and single-file shapes, use ``http://spdx.org/rdf/terms#``.
    Writing an ``https`` IRI would name an algorithm that does not exist, so
    this one pattern is left out; its ``sh:class spdx:ChecksumAlgorithm`` stays.
    """
    out = rdflib.Graph()
    for triple in graph:
        if triple[1] == SH.pattern and str(triple[2]) == "^https://spdx.org/rdf/terms":
            continue
        out.add(triple)
    return out


@needs_shapes
def test_mandatory_and_range_shapes_pass_with_no_result_at_all(catalog_graph: rdflib.Graph) -> None:
    assert results(catalog_graph, shapes("shapes.ttl", "range.ttl")) == []


@needs_shapes
def test_single_file_release_shapes_pass(catalog_graph: rdflib.Graph) -> None:
    assert results(catalog_graph, shapes("dcat-ap-SHACL.ttl")) == []


@needs_shapes
def test_deprecated_uris_are_not_used(catalog_graph: rdflib.Graph) -> None:
    assert results(catalog_graph, shapes("deprecateduris.ttl")) == []


@needs_shapes
def test_vocabulary_shapes_give_no_violation(catalog_graph: rdflib.Graph) -> None:
    found = results(catalog_graph, without_checksum_pattern(shapes("mdr-vocabularies.shape.ttl")))
    assert [r for r in found if r[0] == "Violation"] == []


@needs_shapes
def test_the_only_vocabulary_violation_left_out_is_the_https_spdx_pattern(catalog_graph: rdflib.Graph) -> None:
    found = results(catalog_graph, shapes("mdr-vocabularies.shape.ttl"))
    violations = {r for r in found if r[0] == "Violation"}
    assert violations, "the upstream pattern was fixed: drop without_checksum_pattern()"
    assert {(path, component) for _, _, path, component in violations} == {
        ("spdx:algorithm", "NodeConstraintComponent")
    }


@needs_shapes
def test_remaining_warnings_are_the_documented_ones(catalog_graph: rdflib.Graph) -> None:
    found = results(
        catalog_graph,
        without_checksum_pattern(shapes("mdr-vocabularies.shape.ttl", "shapes_recommended.ttl")),
    )
    assert {r[0] for r in found} <= {"Warning"}
    assert {r[1:] for r in found} == EXPECTED_WARNINGS
    documented = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    for _focus, path, _ in EXPECTED_WARNINGS:
        assert path in documented, f"docs/export.md does not explain the warning on {path}"


@needs_shapes
def test_a_catalogue_with_the_sparql_endpoint_passes_the_mandatory_range_and_deprecation_shapes(
    service_catalog_graph: rdflib.Graph,
) -> None:
    assert results(service_catalog_graph, shapes("shapes.ttl", "range.ttl")) == []
    assert results(service_catalog_graph, shapes("deprecateduris.ttl")) == []


@needs_shapes
def test_a_catalogue_with_the_sparql_endpoint_passes_the_single_file_shapes_but_two_undefined_ones(
    service_catalog_graph: rdflib.Graph,
) -> None:
    single = shapes("dcat-ap-SHACL.ttl")
    dangling = {o for o in single.objects(None, SH.property) if (o, SH.path, None) not in single}
    assert {str(o).rsplit("/", 1)[1][:8] for o in dangling} == {"dc08f4dc", "eb3ac4e4"}, (
        "the upstream shapes changed: review without_dangling_property_shapes()"
    )
    assert results(service_catalog_graph, without_dangling_property_shapes(single)) == []


@needs_shapes
def test_a_catalogue_with_the_tables_passes_every_shape_and_has_only_the_documented_warnings(
    tables_catalog_graph: rdflib.Graph,
) -> None:
    assert len(set(tables_catalog_graph.subjects(DCAT.mediaType, None))) > 10
    assert results(tables_catalog_graph, shapes("shapes.ttl", "range.ttl")) == []
    assert results(tables_catalog_graph, shapes("deprecateduris.ttl")) == []
    assert results(tables_catalog_graph, shapes("dcat-ap-SHACL.ttl")) == []
    found = results(
        tables_catalog_graph,
        without_checksum_pattern(shapes("mdr-vocabularies.shape.ttl", "shapes_recommended.ttl")),
    )
    assert {r[0] for r in found} == {"Warning"}
    assert {r[1:] for r in found} == EXPECTED_WARNINGS


@needs_shapes
def test_a_catalogue_with_the_sparql_endpoint_has_only_the_documented_warnings(
    service_catalog_graph: rdflib.Graph,
) -> None:
    found = results(
        service_catalog_graph,
        without_checksum_pattern(shapes("mdr-vocabularies.shape.ttl", "shapes_recommended.ttl")),
    )
    assert {r[0] for r in found} == {"Warning"}
    assert {r[1:] for r in found} == SERVICE_WARNINGS
    documented = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    assert "`distribution/sparql`" in documented and "dc08f4dc" in documented


def test_the_sparql_endpoint_is_a_data_service_of_the_graph(service_catalog_graph: rdflib.Graph) -> None:
    g = service_catalog_graph
    cat, ds = rdflib.URIRef(dcat.CATALOG), rdflib.URIRef(dcat.GRAPH_DATASET)
    svc = rdflib.URIRef(dcat.SPARQL_SERVICE)
    assert list(g.objects(cat, DCAT.service)) == [svc]
    assert (svc, RDF.type, DCAT.DataService) in g
    assert {str(u) for u in g.objects(svc, DCAT.endpointURL)} == {ENDPOINT}
    assert list(g.objects(svc, DCAT.servesDataset)) == [ds]
    assert str(g.value(svc, DCT.conformsTo)) == "https://www.w3.org/TR/sparql11-protocol/"
    assert {lit.language for lit in g.objects(svc, DCT.title)} == {"en", "nl"}
    (served,) = [d for d in g.objects(ds, DCAT.distribution) if (d, DCAT.accessService, svc) in g]
    assert str(g.value(served, DCAT.accessURL)) == ENDPOINT and g.value(served, DCAT.downloadURL) is None
    assert str(g.value(ds, rdflib.URIRef("http://rdfs.org/ns/void#sparqlEndpoint"))) == ENDPOINT
    # the ontology is in the graph the endpoint serves, but is not a dataset of its own there
    assert (svc, DCAT.servesDataset, rdflib.URIRef(dcat.ONTOLOGY_DATASET)) not in g


def test_without_an_endpoint_the_catalogue_has_no_data_service(catalog_graph: rdflib.Graph) -> None:
    assert list(catalog_graph.subjects(RDF.type, DCAT.DataService)) == []


def test_one_licence_for_all_needs_no_rights_statement_but_the_quotes(catalog_graph: rdflib.Graph) -> None:
    """wpskg's own export: the data and the ontology are both CC BY 4.0, and the one rights statement,
    on each of the data's distributions, says that the quotes stay under their sources' terms.
    Regression (carried since session 28): CC BY 4.0 was declared over verbatim quotes of government
    documents without a word."""
    assert list(catalog_graph.objects(None, DCT.source)) == []
    data = rdflib.URIRef(dcat.GRAPH_DATASET)
    dists = list(catalog_graph.objects(data, DCAT.distribution))
    statements = {catalog_graph.value(d, DCT.rights) for d in dists}
    assert len(dists) > 1 and len(statements) == 1 and None not in statements
    (statement,) = statements
    assert str(catalog_graph.value(statement, rdflib.RDFS.label)) == dcat.describe.QUOTES_RIGHTS
    ontology = rdflib.URIRef(dcat.ONTOLOGY_DATASET)
    assert all(catalog_graph.value(d, DCT.rights) is None for d in catalog_graph.objects(ontology, DCAT.distribution))


def test_the_settings_file_can_name_the_sparql_endpoint(tmp_path: Path) -> None:
    """dcat:service [ dcat:endpointURL <…> ] in dcat.ttl, so that a publishing pipeline needs no flag;
    --sparql-endpoint overrides it."""
    project = mini_project(tmp_path / "p")
    settings = SETTINGS_TTL.replace(
        "    dct:issued",
        "    dcat:service [ a dcat:DataService ; dcat:endpointURL <https://example.gov/wps/sparql> ] ;\n    dct:issued",
    )
    (project.root / dcat.CONFIG_FILE).write_text(settings, encoding="utf-8")
    for flag, expected in ((None, "https://example.gov/wps/sparql"), (ENDPOINT, ENDPOINT)):
        out = tmp_path / f"out-{bool(flag)}"
        export(project, out, ["ttl"], base_url=BASE_URL, endpoint=flag)
        g = rdflib.Graph().parse(out / "catalog.ttl")
        (service,) = g.subjects(RDF.type, DCAT.DataService)
        assert [str(u) for u in g.objects(service, DCAT.endpointURL)] == [expected]
        assert str(service).endswith("/service/sparql")  # a blank node in dcat.ttl: named under the base


def test_the_settings_file_names_the_sparql_endpoints_service(tmp_path: Path) -> None:
    """Regression: the IRI that dcat.ttl gave the service was replaced by …/service/sparql."""
    project = mini_project(tmp_path / "p")
    service_iri = "https://example.gov/id/service/wps-sparql"
    settings = (
        SETTINGS_TTL.replace(
            "    dct:issued",
            f"    dcat:service <{service_iri}> ;\n    dct:issued",
        )
        + f"\n<{service_iri}> a dcat:DataService ; dcat:endpointURL <https://example.gov/wps/sparql> .\n"
    )
    (project.root / dcat.CONFIG_FILE).write_text(settings, encoding="utf-8")
    out = tmp_path / "out"
    export(project, out, ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(out / "catalog.ttl")
    assert list(g.subjects(RDF.type, DCAT.DataService)) == [rdflib.URIRef(service_iri)]
    catalogue = next(g.subjects(RDF.type, DCAT.Catalog))
    assert (catalogue, DCAT.service, rdflib.URIRef(service_iri)) in g
    (served,) = g.subjects(DCAT.accessService, rdflib.URIRef(service_iri))
    assert str(g.value(served, DCAT.accessURL)) == "https://example.gov/wps/sparql"


@pytest.mark.parametrize(
    ("service", "message"),
    [
        ("[ a dcat:DataService ]", "the dcat:service needs one dcat:endpointURL"),
        ("[ dcat:endpointURL <ftp://example.gov/sparql> ]", "must be an http(s) URL"),
        ("[ dcat:endpointURL <https://example.gov/sparql> ; dcat:endpointUrl <https://example.gov/x> ]", "endpointUrl"),
        ('"https://example.gov/sparql"', "dcat:service takes one node"),
    ],
)
def test_a_mistake_in_the_settings_files_service_is_refused(tmp_path: Path, service: str, message: str) -> None:
    path = tmp_path / dcat.CONFIG_FILE
    path.write_text(
        SETTINGS_TTL.replace("    dct:issued", f"    dcat:service {service} ;\n    dct:issued"), encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        dcat.Settings.from_file(path)
    assert message in str(info.value) and str(info.value).startswith(f"{path}:"), str(info.value)


@pytest.mark.parametrize(
    "url",
    ["ftp://data.example.org/sparql", "https://data.example.org/sparql?x=1", "sparql", "https://x.org/%zz/sparql"],
)
def test_a_sparql_endpoint_that_is_not_an_http_url_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--project", str(ROOT), "--out", str(tmp_path / "out"), "--sparql-endpoint", url])
    assert exit_.value.code == 2 and "--sparql-endpoint: expected an http(s) URL" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_catalogue_has_what_portals_need(catalog_graph: rdflib.Graph) -> None:
    g = catalog_graph
    cat = rdflib.URIRef(dcat.CATALOG)
    ds = rdflib.URIRef(dcat.GRAPH_DATASET)
    assert (cat, RDF.type, DCAT.Catalog) in g and (ds, RDF.type, DCAT.Dataset) in g
    for node in (cat, ds):
        assert {lit.language for lit in g.objects(node, DCT.title)} == {"en", "nl"}
        assert {lit.language for lit in g.objects(node, DCT.description)} == {"en", "nl"}
        assert g.value(node, DCT.publisher) is not None
        assert g.value(node, DCT.issued).datatype in (XSD.date, XSD.gYear, XSD.gYearMonth, XSD.dateTime)
        assert g.value(node, DCT.modified) is not None
    assert str(g.value(cat, DCT.license)).startswith("http://publications.europa.eu/resource/authority/licence/")
    assert g.value(ds, DCAT.contactPoint) is not None
    assert all(
        str(t).startswith("http://publications.europa.eu/resource/authority/data-theme/")
        for t in g.objects(ds, DCAT.theme)
    )
    assert {str(c) for c in g.objects(ds, DCT.spatial)} >= {EU_COUNTRY + "BEL", EU_COUNTRY + "NLD"}
    period = g.value(ds, DCT.temporal)
    assert g.value(period, DCAT.startDate) is not None and g.value(period, DCAT.endDate) is not None
    assert g.value(ds, DCAT.version) is not None
    assert str(g.value(ds, DCT.conformsTo)) == "https://w3id.org/wpskg/ont"
    assert len(list(g.objects(ds, DCAT.distribution))) == 4


def test_dates_and_coverage_come_from_the_data(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(mini_project(tmp_path / "p"), out, ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(out / "catalog.ttl")
    ds = rdflib.URIRef(dcat.GRAPH_DATASET)
    onto = rdflib.URIRef(dcat.ONTOLOGY_DATASET)
    # issued: the ontology's dct:created; modified: the latest source or ontology date.
    assert g.value(ds, DCT.issued) == rdflib.Literal("2024-01-15", datatype=XSD.date)
    assert g.value(ds, DCT.modified) == rdflib.Literal("2025-03-01", datatype=XSD.date)
    assert g.value(onto, DCT.modified) == rdflib.Literal("2024-01-15", datatype=XSD.date)
    period = g.value(ds, DCT.temporal)
    assert g.value(period, DCAT.startDate) == rdflib.Literal("2015-02-01", datatype=XSD.date)
    assert g.value(period, DCAT.endDate) == rdflib.Literal("2021-06", datatype=XSD.gYearMonth)
    assert {str(s) for s in g.objects(ds, DCT.spatial)} == {EU_COUNTRY + "BEL"}
    assert str(g.value(ds, DCAT.version)) == "9.9.9"
    # Regression (ministry coordinator, session 32): a funding dated after every period (a 2025
    # grant) was left out of the coverage, which came from dct:temporal alone; a source's date of
    # issue is not what the data covers.
    project = mini_project(tmp_path / "q")
    (project.root / "instances" / "f.ttl").write_text(
        """@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/wpskg/id/funding/f> a wps:Funding ; wps:date "2025-05"^^xsd:gYearMonth .
        <https://w3id.org/wpskg/id/source/s3> a wps:SourceDocument ; <http://purl.org/dc/terms/date> "2030"^^xsd:gYear .
        """,
        encoding="utf-8",
    )
    export(project, tmp_path / "out2", ["ttl"], base_url=BASE_URL, validate=False)
    g = rdflib.Graph().parse(tmp_path / "out2" / "catalog.ttl")
    period = g.value(ds, DCT.temporal)
    assert g.value(period, DCAT.startDate) == rdflib.Literal("2015-02-01", datatype=XSD.date)
    assert g.value(period, DCAT.endDate) == rdflib.Literal("2025-05", datatype=XSD.gYearMonth)
    assert {str(lang).rsplit("/", 1)[-1] for lang in g.objects(ds, DCT.language)} == {"ENG", "NLD"}
    assert '"2024-01-15"^^xsd:date' in (out / "catalog.ttl").read_text()


def test_the_languages_are_those_of_the_data_not_of_the_code_lists(tmp_path: Path) -> None:
    """Regression: dct:language took every tag of the graph, so an Irish project's catalogue said
    French and Dutch (the code lists' names of the countries) and not Irish, which the table of
    four languages did not know."""
    project = mini_project(tmp_path / "p")
    (project.root / "instances" / "i.ttl").write_text(
        """@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix dct: <http://purl.org/dc/terms/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/wpskg/id/plan/p> a wps:Plan ; dct:description "A plan"@en-IE , "Plean"@ga .
        <https://w3id.org/wpskg/vocab/country/IE> a skos:Concept ; skos:prefLabel "Irlande"@fr , "Ierland"@nl .
        """,
        encoding="utf-8",
    )
    out = tmp_path / "out"
    export(project, out, ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(out / "catalog.ttl")
    ds = rdflib.URIRef(dcat.GRAPH_DATASET)
    assert {str(lang).rsplit("/", 1)[-1] for lang in g.objects(ds, DCT.language)} == {"ENG", "GLE"}
    # each named in English, Irish too (ministry coordinator: it was "GLE"@en)
    from wpskg.dcat.describe import _Builder

    builder = _Builder()
    official = "BUL CES DAN DEU ELL ENG EST FIN FRA GLE HRV HUN ITA LAV LIT MLT NLD POL POR RON SLK SLV SPA SWE NOB NNO"
    for code in official.split(" "):  # the EU's official languages, and Norway's: each named, not coded
        builder.concept(f"http://publications.europa.eu/resource/authority/language/{code}")
    named = {t.object.value for t in builder.triples if t.predicate.value.endswith("prefLabel")}
    assert len(named) == 26 and not {n for n in named if n.isupper()}, named
    irish = rdflib.URIRef("http://publications.europa.eu/resource/authority/language/GLE")
    assert g.value(irish, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")) == rdflib.Literal(
        "Irish", lang="en"
    )


SETTINGS_TTL = """\
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/wpskg/catalog> a dcat:Catalog ;
    dct:publisher <https://example.gov/ministry> ;
    dcat:contactPoint [ vcard:fn "WPS desk" ; vcard:hasEmail <mailto:wps@example.gov> ] ;
    dct:license <http://publications.europa.eu/resource/authority/licence/CC0> ;
    dct:issued "2020-02-02"^^xsd:date ;
    dct:modified "2026-01-31"^^xsd:date ;
    dcat:theme <http://publications.europa.eu/resource/authority/data-theme/JUST> .
<https://example.gov/ministry> foaf:name "Ministerie"@nl , "Ministry"@en ;
    dct:type <http://purl.org/adms/publishertype/NationalAuthority> .
<http://publications.europa.eu/resource/authority/licence/CC0> dct:type <http://purl.org/adms/licencetype/PublicDomain> .
"""


def test_settings_file_sets_publisher_contact_licence_dates_and_theme(tmp_path: Path) -> None:
    project = mini_project(tmp_path / "p")
    (project.root / dcat.CONFIG_FILE).write_text(SETTINGS_TTL, encoding="utf-8")
    out = tmp_path / "out"
    export(project, out, ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(out / "catalog.ttl")
    ds = rdflib.URIRef(dcat.GRAPH_DATASET)
    publisher = rdflib.URIRef("https://example.gov/ministry")
    assert g.value(ds, DCT.publisher) == publisher
    assert {str(n) for n in g.objects(publisher, FOAF.name)} == {"Ministerie", "Ministry"}
    contact = g.value(ds, DCAT.contactPoint)
    assert isinstance(contact, rdflib.BNode)
    assert g.value(contact, VCARD.hasEmail) == rdflib.URIRef("mailto:wps@example.gov")
    assert g.value(ds, DCT.issued) == rdflib.Literal("2020-02-02", datatype=XSD.date)
    assert g.value(ds, DCT.modified) == rdflib.Literal("2026-01-31", datatype=XSD.date)
    assert {str(t) for t in g.objects(ds, DCAT.theme)} == {
        "http://publications.europa.eu/resource/authority/data-theme/JUST"
    }
    for dist in g.objects(ds, DCAT.distribution):
        assert str(g.value(dist, DCT.license)).endswith("/CC0")
    if (SHAPES / "shapes.ttl").is_file():
        assert results(g, shapes("shapes.ttl", "range.ttl")) == []
        vocab = results(g, without_checksum_pattern(shapes("mdr-vocabularies.shape.ttl")))
        assert [r for r in vocab if r[0] == "Violation"] == []


def test_a_run_reads_dcat_ttl_once_and_sees_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression (session 31's last reading): build, validate and export each parsed dcat.ttl, up to
    three times a run. An edit of the same length must still be read."""
    project = mini_project(tmp_path / "p")
    path = project.root / dcat.CONFIG_FILE
    path.write_text(SETTINGS_TTL, encoding="utf-8")
    parsed: list[str] = []
    real = loaders.load_bytes

    def counted(data: bytes, name: str, **kwargs: int) -> loaders.Document:
        parsed.append(name)
        return real(data, name, **kwargs)

    monkeypatch.setattr(loaders, "load_bytes", counted)
    assert main(["--project", str(project.root), "build", "--out", str(tmp_path / "out")]) == 0
    assert parsed.count(str(path)) == 1, parsed
    first = dcat.Settings.for_project(project.root)
    assert parsed.count(str(path)) == 1 and first.publisher_name == "Ministry"
    path.write_text(SETTINGS_TTL.replace('"Ministry"@en', '"Ministri"@en'), encoding="utf-8")
    assert dcat.Settings.for_project(project.root).publisher_name == "Ministri"
    assert parsed.count(str(path)) == 2


@pytest.mark.parametrize(
    ("said", "error"),
    [
        (f'dct:accrualPeriodicity <{eu_codes.EU_FREQUENCY}ANNUAL> ; adms:versionNotes "2025 report added."@en', None),
        ('dct:accrualPeriodicity "annual"', 'dcat.ttl:18: dct:accrualPeriodicity "annual": it takes one IRI'),
    ],
)
def test_the_settings_file_says_how_often_the_data_is_updated_and_what_changed(
    tmp_path: Path, said: str, error: str | None
) -> None:
    """Regression (ministry coordinator, session 32): dct:accrualPeriodicity and adms:versionNotes of
    the data's dataset were refused ("properties that the export does not read"), and every dataset
    was updated irregularly."""
    project = mini_project(tmp_path / "p")
    settings = SETTINGS_TTL.replace(
        "    dct:issued", "    dcat:dataset <https://w3id.org/wpskg/dataset/graph> ;\n    dct:issued"
    )
    settings = "@prefix adms: <http://www.w3.org/ns/adms#> .\n" + settings
    settings += f"<https://w3id.org/wpskg/dataset/graph> {said} .\n"
    (project.root / dcat.CONFIG_FILE).write_text(settings, encoding="utf-8")
    if error:
        with pytest.raises(InputError) as raised:
            dcat.Settings.for_project(project.root)
        assert str(raised.value).startswith(str(project.root / error.split(":", 1)[0]) + ":" + error.split(":", 1)[1])
        return
    out = tmp_path / "out"
    export(project, out, ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(out / "catalog.ttl")
    data, ontology = (rdflib.URIRef(f"https://w3id.org/wpskg/dataset/{d}") for d in ("graph", "ontology"))
    assert str(g.value(data, DCT.accrualPeriodicity)) == eu_codes.EU_FREQUENCY + "ANNUAL"
    assert str(g.value(ontology, DCT.accrualPeriodicity)) == eu_codes.EU_FREQUENCY + "IRREG"
    adms = rdflib.Namespace("http://www.w3.org/ns/adms#")
    assert [(str(n), n.language) for n in g.objects(data, adms.versionNotes)] == [("2025 report added.", "en")]
    if (SHAPES / "shapes.ttl").is_file():
        assert results(g, shapes("shapes.ttl", "range.ttl")) == []


def test_the_catalogue_iri_of_the_settings_file_names_the_catalogue_and_its_datasets(tmp_path: Path) -> None:
    """Regression: the catalogue IRI of dcat.ttl was ignored, so every publisher described the same
    catalogue, dataset and distribution IRIs."""
    project = mini_project(tmp_path / "p")
    settings = SETTINGS_TTL.replace("<https://w3id.org/wpskg/catalog>", "<https://example.gov/wps/catalog>")
    assert settings != SETTINGS_TTL
    (project.root / dcat.CONFIG_FILE).write_text(settings, encoding="utf-8")
    out = tmp_path / "out"
    export(project, out, ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(out / "catalog.ttl")
    cat = rdflib.URIRef("https://example.gov/wps/catalog")
    assert (cat, RDF.type, DCAT.Catalog) in g
    datasets = {str(d) for d in g.objects(cat, DCAT.dataset)}
    assert datasets == {"https://example.gov/wps/dataset/graph", "https://example.gov/wps/dataset/ontology"}
    dists = {str(d) for ds in datasets for d in g.objects(rdflib.URIRef(ds), DCAT.distribution)}
    assert dists and all(d.startswith("https://example.gov/wps/distribution/") for d in dists)
    ours = [
        t
        for t in g
        for term in t
        if str(term).startswith(
            (
                "https://w3id.org/wpskg/catalog",
                "https://w3id.org/wpskg/dataset/",
                "https://w3id.org/wpskg/distribution/",
            )
        )
    ]
    assert ours == []
    if (SHAPES / "shapes.ttl").is_file():
        assert results(g, shapes("shapes.ttl", "range.ttl")) == []


def test_the_ontology_keeps_its_licence_and_credits_wpskg_and_the_data_gets_its_own_text(tmp_path: Path) -> None:
    """Regression: the ontology's dataset was published under the coordinator's licence (CC0 here,
    where the ontology says CC BY 4.0) with nobody else credited, and the data's dataset could only
    carry wpskg's title, description and keywords."""
    project = mini_project(tmp_path / "p")
    onto = project.root / "ontology" / "o.ttl"
    by = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"
    onto.write_text(onto.read_text().replace('dct:title "Mini"@en ;', f'dct:title "Mini"@en ; dct:license <{by}> ;'))
    settings = SETTINGS_TTL.replace("<https://w3id.org/wpskg/catalog>", "<https://example.gov/wps/catalog>")
    settings = settings.replace(
        "    dct:issued",
        "    dcat:dataset <https://example.gov/wps/dataset/graph> ;\n    dct:issued",
    ) + (
        '<https://example.gov/wps/dataset/graph> a dcat:Dataset ; dct:title "NAP 1325 data"@en , "NAP 1325-gegevens"@nl ;\n'
        '    dct:description "The ministry\'s plan."@en ; dcat:keyword "1325"@en .\n'
    )
    (project.root / dcat.CONFIG_FILE).write_text(settings, encoding="utf-8")
    out = tmp_path / "out"
    export(project, out, ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(out / "catalog.ttl")
    data, ontology = (rdflib.URIRef(f"https://example.gov/wps/dataset/{d}") for d in ("graph", "ontology"))
    licences = {ds: {str(g.value(d, DCT.license)) for d in g.objects(ds, DCAT.distribution)} for ds in (data, ontology)}
    assert licences == {data: {"http://publications.europa.eu/resource/authority/licence/CC0"}, ontology: {by}}
    creator = g.value(ontology, DCT.creator)
    assert (
        str(creator) == "https://w3id.org/wpskg/publisher" and str(g.value(creator, FOAF.name)) == "wpskg contributors"
    )
    # Regression (ministry coordinator, session 32): the creator had no dct:type, a DCAT-AP recommended-shape warning
    assert str(g.value(creator, DCT.type)) == "http://purl.org/adms/publishertype/NonProfitOrganisation"
    if (SHAPES / "shapes_recommended.ttl").is_file():
        found = results(g, shapes("shapes_recommended.ttl"))
        assert not [r for r in found if r[1].endswith("publisher") and r[2] == "dct:type"], found
    assert g.value(data, DCT.creator) is None
    assert {(str(t), t.language) for t in g.objects(data, DCT.title)} == {
        ("NAP 1325 data", "en"),
        ("NAP 1325-gegevens", "nl"),
    }
    assert {str(t) for t in g.objects(data, DCAT.keyword)} == {"1325"}
    assert {str(t) for t in g.objects(ontology, DCT.title)} == {
        "Women, Peace and Security knowledge graph: ontology and vocabularies",
        "Kennisgraaf Vrouwen, Vrede en Veiligheid: ontologie en vocabulaires",
    }
    titles = {str(t) for d in g.objects(data, DCAT.distribution) for t in g.objects(d, DCT.title)}
    assert titles == {"NAP 1325 data (Turtle)", "NAP 1325-gegevens (Turtle)"}
    # The data's files hold the ontology, which keeps its CC BY 4.0: the data's dataset names the
    # ontology's as its source, and each of its files has a rights statement that says so.
    assert list(g.objects(data, DCT.source)) == [ontology]
    statements = {g.value(d, DCT.rights) for d in g.objects(data, DCAT.distribution)}
    assert len(statements) == 1 and None not in statements
    (statement,) = statements
    assert (statement, RDF.type, DCT.RightsStatement) in g
    text = str(g.value(statement, rdflib.RDFS.label))
    assert by in text and "licence/CC0" in text
    assert g.value(ontology, DCT.source) is None
    assert all(g.value(d, DCT.rights) is None for d in g.objects(ontology, DCAT.distribution))
    # Regression: with an endpoint, its distribution of the same data had the licence but no rights statement.
    export(project, tmp_path / "served", ["ttl"], base_url=BASE_URL, endpoint=ENDPOINT)
    served = rdflib.Graph().parse(tmp_path / "served" / "catalog.ttl")
    dists = list(served.objects(data, DCAT.distribution))
    assert len(dists) == 2 and all(served.value(d, DCT.rights) is not None for d in dists)
    assert {str(served.value(d, DCT.license)) for d in dists} == {
        "http://publications.europa.eu/resource/authority/licence/CC0"
    }
    if (SHAPES / "shapes.ttl").is_file():
        assert results(g, shapes("shapes.ttl", "range.ttl")) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    dct:issued",
            "    dcat:dataset <https://w3id.org/wpskg/dataset/ontology> ;\n    dct:issued",
            "dcat:dataset <https://w3id.org/wpskg/dataset/ontology>: the catalogue's data is the dataset "
            "<https://w3id.org/wpskg/dataset/graph>",
        ),
        (
            "    dct:issued",
            "    dcat:dataset <https://w3id.org/wpskg/dataset/graph> ;\n    dct:issued",
            "",
        ),
    ],
    ids=["the-ontology", "the-data"],
)
def test_only_the_data_dataset_can_be_described(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = tmp_path / "dcat.ttl"
    text = SETTINGS_TTL.replace(old, new, 1)
    text += '<https://w3id.org/wpskg/dataset/graph> dct:titel "Data"@en .\n'
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        dcat.Settings.from_file(path)
    expected = message or (
        "the dataset has properties that the export does not read: dct:titel (did you mean dct:title?)"
    )
    assert expected in str(error.value), str(error.value)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "<https://w3id.org/wpskg/catalog> dct:rights <http://example.org/r> .",
            "the catalogue has properties that the export does not read: dct:rights",
        ),
        ('<https://w3id.org/wpskg/catalog> dct:modified "soon" .', 'dct:modified "soon": it takes one xsd:date'),
        ("<https://w3id.org/wpskg/other> a dcat:Catalog .", "exactly one dcat:Catalog"),
    ],
)
def test_settings_file_mistakes_are_reported(tmp_path: Path, extra: str, message: str) -> None:
    path = tmp_path / "dcat.ttl"
    path.write_text(MINIMAL_TTL + extra + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        dcat.Settings.from_file(path)


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "    dct:license",
            '    dct:issued "2025-01-15" ;\n    dct:license',
            6,
            'dct:issued "2025-01-15": it takes one xsd:date, xsd:dateTime, xsd:gYear or xsd:gYearMonth',
        ),
        (
            "dct:publisher <https://example.gov/ministry>",
            "dct:publisher <https://example.gov/ministry-ie>",
            4,
            "the publisher <https://example.gov/ministry-ie> needs a foaf:name: describe it in this file",
        ),
        ('vcard:fn "WPS desk" ; ', "", 5, "the contact point needs a vcard:fn"),
    ],
)
def test_settings_file_mistakes_name_their_line(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    """Regression (ministry coordinator): an untyped date and a publisher without a name were
    reported without a line, and the date without its value."""
    assert_minimal_settings_refused(tmp_path, old, new, line, message)


def assert_minimal_settings_refused(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    """:data:`MINIMAL_TTL` with ``old`` written as ``new`` is refused with ``message`` at ``line``."""
    path = tmp_path / "dcat.ttl"
    assert old in MINIMAL_TTL
    path.write_text(MINIMAL_TTL.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError) as error:
        dcat.Settings.from_file(path)
    first = str(getattr(error.value, "errors", [error.value])[0])
    assert first.startswith(f"{path}:{line}: {message}"), str(error.value)


#: The least a dcat.ttl must say: the catalogue, its publisher, its contact point and the licence.
MINIMAL_TTL = """\
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
<https://w3id.org/wpskg/catalog> a dcat:Catalog ;
    dct:publisher <https://example.gov/ministry> ;
    dcat:contactPoint [ vcard:fn "WPS desk" ; vcard:hasEmail <mailto:wps@example.gov> ] ;
    dct:license <http://publications.europa.eu/resource/authority/licence/CC0> .
<https://example.gov/ministry> foaf:name "Ministry"@en .
"""


def test_every_mistake_of_dcat_ttl_is_reported_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression (ministry audit, session 30): validate stopped at the first mistake of dcat.ttl, so
    three mistakes took four runs to find. A mistake that only follows from another one (a contact
    point "without an e-mail" whose e-mail is a string) is not reported again."""
    project = mini_project(tmp_path / "p")
    config = project.root / dcat.CONFIG_FILE
    text = (
        MINIMAL_TTL.replace("<mailto:wps@example.gov>", '"wps@example.gov"')
        .replace(" ;\n    dct:license", ' ;\n    dct:issued "2025-01-15" ;\n    dct:license')
        .replace('foaf:name "Ministry"@en', 'foaf:nmae "Ministry"@en')
    )
    config.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        dcat.Settings.from_file(config)
    found = [(e.location.line if e.location else None, e.message.split(":")[0]) for e in raised.value.errors]
    assert found == [
        (5, "vcard"),
        (6, "dct"),
        (8, "the publisher has properties that the export does not read"),
    ], found
    assert main(["validate", "--project", str(project.root)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert [re.search(r"dcat\.ttl:(\d+): ", line)[1] for line in err] == ["5", "6", "8"], err  # type: ignore[index]
    assert err[-1].endswith("(one of 3 mistakes; the others are above)"), err


def test_the_minimal_settings_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "dcat.ttl"
    path.write_text(MINIMAL_TTL, encoding="utf-8")
    settings = dcat.Settings.from_file(path)
    assert settings.publisher == "https://example.gov/ministry"
    assert settings.contact_email == "mailto:wps@example.gov"


def test_two_titles_in_one_language_are_refused_and_the_contact_name_keeps_its_language(tmp_path: Path) -> None:
    """Regression: two English titles were both published, and vcard:fn "WPS desk"@en lost its tag."""
    path = tmp_path / "dcat.ttl"
    text = MINIMAL_TTL.replace('vcard:fn "WPS desk"', 'vcard:fn "WPS desk"@en')
    path.write_text(text, encoding="utf-8")
    settings = dcat.Settings.from_file(path)
    triples = dcat.catalog(
        [],
        dcat.Facts(),
        dcat.Facts(),
        {ds: Stats() for ds in (dcat.GRAPH_DATASET, dcat.ONTOLOGY_DATASET)},
        settings=settings,
    )
    names = [t.object for t in triples if t.predicate.value == dcat.VCARD + "fn"]
    assert names == [ox.Literal("WPS desk", language="en")]
    path.write_text(
        text.replace(
            "<https://w3id.org/wpskg/catalog> a dcat:Catalog ;",
            '<https://w3id.org/wpskg/catalog> a dcat:Catalog ;\n    dct:title "WPS data"@en , "WPS open data"@en ;',
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        dcat.Settings.from_file(path)
    assert str(error.value).startswith(f'{path}:4: two dct:title @en: "WPS data" and "WPS open data"'), str(error.value)


def test_a_settings_file_without_a_licence_is_refused(tmp_path: Path) -> None:
    """Regression: a dcat.ttl without dct:license put wpskg's default, CC BY 4.0, on a ministry's data."""
    path = tmp_path / "dcat.ttl"
    line = "    dct:license <http://publications.europa.eu/resource/authority/licence/CC0> .\n"
    text = MINIMAL_TTL.replace(line, "")
    path.write_text(text.replace("<mailto:wps@example.gov> ] ;", "<mailto:wps@example.gov> ] ."), encoding="utf-8")
    with pytest.raises(InputError) as error:
        dcat.Settings.from_file(path)
    assert str(error.value).startswith(f"{path}:3: the dcat:Catalog has no dct:license: say under which licence")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            '<https://example.gov/ministry> foaf:name "Ministry"@en .',
            '<https://example.gov/ministry> foaf:name "Ministry"@en ;\n    foaf:nmae "Ministerie"@nl .',
            8,
            "the publisher has properties that the export does not read: foaf:nmae (did you mean foaf:name?)",
        ),
        (
            "vcard:hasEmail <mailto:wps@example.gov>",
            "vcard:email <mailto:wps@example.gov>",
            5,
            "the contact point has properties that the export does not read: vcard:email "
            "(did you mean vcard:hasEmail?)",
        ),
        (
            "licence/CC0> .\n",
            "licence/CC0> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            '<http://publications.europa.eu/resource/authority/licence/CC0> rdfs:label "CC0"@en .\n',
            8,
            "the licence has properties that the export does not read: rdfs:label; it reads rdf:type, dct:type",
        ),
    ],
    ids=["publisher", "contact-point", "licence"],
)
def test_a_property_the_export_does_not_read_is_refused_on_every_node(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    """Regression: a misspelt property on the publisher (foaf:nmae) or the contact point was silently ignored."""
    assert_minimal_settings_refused(tmp_path, old, new, line, message)


@pytest.mark.parametrize(
    ("line", "missing"),
    [
        ("    dct:publisher <https://example.gov/ministry> ;\n", "dct:publisher"),
        (
            '    dcat:contactPoint [ vcard:fn "WPS desk" ; vcard:hasEmail <mailto:wps@example.gov> ] ;\n',
            "dcat:contactPoint",
        ),
    ],
    ids=["publisher", "contactPoint"],
)
def test_a_settings_file_without_publisher_or_contact_point_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, missing: str
) -> None:
    """Regression: a dcat.ttl that left out dct:publisher or dcat:contactPoint silently got wpskg's own
    ("wpskg contributors"), so a ministry's catalogue named the wrong publisher or contact."""
    project = mini_project(tmp_path / "p")
    assert line in SETTINGS_TTL
    (project.root / dcat.CONFIG_FILE).write_text(SETTINGS_TTL.replace(line, ""), encoding="utf-8")
    code = main(["export", "--project", str(project.root), "--out", str(tmp_path / "out"), "--format", "ttl"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{project.root / dcat.CONFIG_FILE}:6: the dcat:Catalog has no {missing}" in err, err
    assert not (tmp_path / "out").exists()


def _settings_error(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    """The error that reading the example settings with ``old`` written as ``new`` gives, and the file."""
    path = tmp_path / "dcat.ttl"
    assert old in SETTINGS_TTL
    path.write_text(SETTINGS_TTL.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError) as error:
        dcat.Settings.from_file(path)
    return path, str(getattr(error.value, "errors", [error.value])[0])  # the file's first mistake


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("<https://w3id.org/wpskg/catalog> a", "[] a", 6, "the dcat:Catalog is a blank node: give it an absolute IRI"),
        ("<https://w3id.org/wpskg/catalog> a", "<catalog> a", 6, "<catalog> is a relative IRI: write it in full"),
        (
            "<mailto:wps@example.gov>",
            "<wps@example.gov>",
            8,
            "vcard:hasEmail <wps@example.gov> is not a mailto: IRI: write <mailto:wps@example.gov>",
        ),
        ("dct:publisher <https://example.gov/ministry>", "dct:publisher <ministry>", 7, "<ministry> is a relative"),
    ],
    ids=["blank-catalogue", "relative-catalogue", "email-without-mailto", "relative-publisher"],
)
def test_blank_or_relative_iris_and_emails_without_mailto_are_refused(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    """Regression: ``[] a dcat:Catalog`` kept wpskg's own catalogue IRI, ``<catalog>`` became
    ``https://w3id.org/wpskg/id/catalog`` and ``<wps@example.gov>`` an IRI in wpskg's namespace."""
    path, error = _settings_error(tmp_path, old, new)
    assert error.startswith(f"{path}:{line}: {message}"), error


def test_iris_in_wpskg_namespace_written_in_full_or_with_a_prefix_are_not_relative(tmp_path: Path) -> None:
    path = tmp_path / "dcat.ttl"
    text = SETTINGS_TTL.replace("<https://example.gov/ministry>", "actor:ministry")
    text = "@prefix actor: <https://w3id.org/wpskg/id/actor/> .\n" + text
    path.write_text(text, encoding="utf-8")
    assert dcat.Settings.from_file(path).publisher == "https://w3id.org/wpskg/id/actor/ministry"
    path.write_text(SETTINGS_TTL.replace("https://example.gov/", "https://w3id.org/wpskg/id/"), encoding="utf-8")
    assert dcat.Settings.from_file(path).publisher == "https://w3id.org/wpskg/id/ministry"


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "data-theme/JUST>",
            "data-theme/JUS>",
            12,
            "'JUS' is not a code of the EU data-theme table; did you mean <{EU}data-theme/JUST>?",
        ),
        (
            "publishertype/NationalAuthority>",
            "publishertype/NationalAuthorithy>",
            14,
            "'NationalAuthorithy' is not a code of the ADMS publisher types; "
            "did you mean <http://purl.org/adms/publishertype/NationalAuthority>?",
        ),
        (
            "licence/CC0>",
            "licence/CC-BY-4.0>",
            9,
            "'CC-BY-4.0' is not a code of the EU licence table; did you mean <{EU}licence/CC_BY_4_0>?",
        ),
        (
            "licencetype/PublicDomain>",
            "licencetype/Public-Domain>",
            15,
            "'Public-Domain' is not a code of the ADMS licence types; "
            "did you mean <http://purl.org/adms/licencetype/PublicDomain>?",
        ),
        (
            "<http://publications.europa.eu/",
            "<https://publications.europa.eu/",
            9,
            "the EU vocabularies are named with http, not https: write <{EU}licence/CC0>",
        ),
    ],
    ids=["theme", "publisher-type", "licence", "licence-type", "https"],
)
def test_unknown_eu_codes_and_https_eu_iris_are_refused(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    """Regression: mistyped EU and ADMS codes were written to the catalogue as if they were real
    concepts (with the code as their label), and https EU IRIs name nothing."""
    path, error = _settings_error(tmp_path, old, new)
    assert error.startswith(f"{path}:{line}: <"), error
    assert error.endswith(message.format(EU=EU)), error


def test_the_known_codes_are_consistent() -> None:
    """Every EU or ADMS concept the catalogue labels, and every default, passes the code check."""
    defaults = dcat.Settings()
    used = [*dcat.LABELS, defaults.licence, defaults.licence_type, defaults.publisher_type, *defaults.themes]
    assert [iri for iri in used if eu_codes.code_problem(iri)] == []


def test_a_catalogue_issued_after_it_was_modified_is_refused(tmp_path: Path) -> None:
    """Regression: dct:issued later than dct:modified was written to the catalogue as it was."""
    path = tmp_path / "dcat.ttl"
    path.write_text(SETTINGS_TTL.replace('"2020-02-02"^^xsd:date', '"2027-01-01"^^xsd:date'), encoding="utf-8")
    with pytest.raises(InputError) as error:
        dcat.Settings.from_file(path)
    assert str(error.value) == (
        f"{path}:10: dct:issued 2027-01-01 is later than dct:modified 2026-01-31: "
        "nothing can be modified before it is issued"
    )


def test_a_dcat_ttl_dates_and_versions_the_data_alone(tmp_path: Path) -> None:
    """Regression (ministry coordinator): with a dcat.ttl, the data's dataset took wpskg's ontology
    dct:created as its dct:issued and owl:versionInfo as its version, which an upgrade moves; a
    dcat.ttl with only a dct:modified before the ontology's creation failed the export, without a line.
    A dcat.ttl's dates and version are now the only ones of the data's dataset and the catalogue."""
    project = mini_project(tmp_path / "p")  # ontology created 2024-01-15, sources up to 2025-03-01
    config = project.root / dcat.CONFIG_FILE
    only_modified = SETTINGS_TTL.replace('    dct:issued "2020-02-02"^^xsd:date ;\n', "")
    config.write_text(only_modified.replace('"2026-01-31"', '"2023-06-30"'), encoding="utf-8")
    export(project, tmp_path / "out", ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(tmp_path / "out" / "catalog.ttl")
    data, catalog = rdflib.URIRef(dcat.GRAPH_DATASET), rdflib.URIRef(dcat.CATALOG)
    for node in (data, catalog):
        assert (g.value(node, DCT.issued), g.value(node, DCT.modified)) == (
            None,
            rdflib.Literal("2023-06-30", datatype=XSD.date),
        ), node
    assert g.value(data, DCAT.version) is None  # not the ontology's 9.9.9
    # nor wpskg's namespace as the publisher's URI space (ministry coordinator)
    assert g.value(data, rdflib.URIRef("http://rdfs.org/ns/void#uriSpace")) is None
    ontology = rdflib.URIRef(dcat.ONTOLOGY_DATASET)
    assert str(g.value(ontology, DCAT.version)) == "9.9.9"
    assert g.value(ontology, DCT.issued) == rdflib.Literal("2024-01-15", datatype=XSD.date)
    # Only an issued date, later than every date of the data, is the data's issued date and no more.
    only_issued = SETTINGS_TTL.replace('    dct:modified "2026-01-31"^^xsd:date ;\n', "")
    config.write_text(only_issued.replace('"2020-02-02"', '"2026-01-01"'), encoding="utf-8")
    export(project, tmp_path / "out", ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(tmp_path / "out" / "catalog.ttl")
    assert (g.value(data, DCT.issued), g.value(data, DCT.modified)) == (
        rdflib.Literal("2026-01-01", datatype=XSD.date),
        None,
    )


def test_no_settings_file_means_defaults(tmp_path: Path) -> None:
    assert dcat.Settings.for_project(tmp_path) == dcat.Settings()
    assert dcat.Settings.for_project(tmp_path).is_wpskgs


def test_settings_given_through_the_api_date_and_version_the_data(tmp_path: Path) -> None:
    """Regression (review): whether the data was the publisher's hung on the settings' file name, so
    settings given to export() without a file lost their version and dates."""
    project = mini_project(tmp_path / "p")
    issued = ox.Literal("2025-02-01", datatype=ox.NamedNode(XSD + "date"))
    settings = dcat.Settings(version="2", issued=issued)
    assert not settings.is_wpskgs and settings.source is None
    export(project, tmp_path / "out", ["ttl"], base_url=BASE_URL, settings=settings)
    g = rdflib.Graph().parse(tmp_path / "out" / "catalog.ttl")
    data = rdflib.URIRef(dcat.GRAPH_DATASET)
    assert (str(g.value(data, DCAT.version)), g.value(data, DCT.issued)) == (
        "2",
        rdflib.Literal("2025-02-01", datatype=XSD.date),
    )


def test_catalogue_triples_keep_exact_literals() -> None:
    files = [dcat.FileInfo("wpskg.ttl", dcat.GRAPH_DATASET, "ttl", 7, "ab" * 32)]
    facts = dcat.Facts(version="1.0")
    from wpskg.void import Stats

    triples = dcat.catalog(files, facts, dcat.Facts(), {dcat.GRAPH_DATASET: Stats(), dcat.ONTOLOGY_DATASET: Stats()})
    sizes = [t.object for t in triples if t.predicate.value == dcat.DCAT + "byteSize"]
    assert sizes == [ox.Literal("7", datatype=ox.NamedNode(XSD + "nonNegativeInteger"))]
    urls = [t.object.value for t in triples if t.predicate.value == dcat.DCAT + "downloadURL"]
    assert urls == [dcat.DEFAULT_BASE_URL + "wpskg.ttl"]


EXAMPLES = ROOT / "docs" / "examples"


def test_the_example_settings_file_is_read() -> None:
    settings = dcat.Settings.from_file(EXAMPLES / "dcat.ttl")
    assert settings.publisher == "https://example.org/id/ministry-of-foreign-affairs"
    assert settings.contact_email == "mailto:wps@example.org"
    assert dcat.Settings.from_file(EXAMPLES / "dcat.jsonld") == settings
    # A placeholder for the coordinator's own catalogue, not wpskg's catalogue IRI.
    assert settings.catalog == "https://example.org/wps/catalog"
    assert settings.endpoint == "https://example.org/wps/sparql"
    assert settings.graph_titles is not None and {t.language for t in settings.graph_titles} == {"en", "nl"}


@needs_shapes
def test_the_example_catalogue_passes_the_shapes() -> None:
    graph = rdflib.Graph().parse(EXAMPLES / "catalog.ttl")
    assert results(graph, shapes("shapes.ttl", "range.ttl")) == []
    assert results(graph, shapes("dcat-ap-SHACL.ttl")) == []


def test_the_ontology_dataset_keeps_its_own_dates_and_version_whatever_dcat_ttl_says(tmp_path: Path) -> None:
    """Regression (harvester review): the dates and version of dcat.ttl, which are the publisher's data's,
    were also written on the ontology's dataset, wpskg's release (issued 2020 for an ontology of 2024)."""
    project = mini_project(tmp_path / "p")
    text = SETTINGS_TTL.replace("    dct:issued", '    dcat:version "3.1" ;\n    dct:issued')
    (project.root / dcat.CONFIG_FILE).write_text(text, encoding="utf-8")
    export(project, tmp_path / "out", ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(tmp_path / "out" / "catalog.ttl")
    data, ontology = rdflib.URIRef(dcat.GRAPH_DATASET), rdflib.URIRef(dcat.ONTOLOGY_DATASET)
    assert (g.value(data, DCT.issued), g.value(data, DCT.modified), g.value(data, DCAT.version)) == (
        rdflib.Literal("2020-02-02", datatype=XSD.date),
        rdflib.Literal("2026-01-31", datatype=XSD.date),
        rdflib.Literal("3.1"),
    )
    assert (g.value(ontology, DCT.issued), g.value(ontology, DCT.modified), g.value(ontology, DCAT.version)) == (
        rdflib.Literal("2024-01-15", datatype=XSD.date),
        rdflib.Literal("2024-01-15", datatype=XSD.date),
        rdflib.Literal("9.9.9"),
    )


def test_datasets_say_who_may_have_them_and_dcat_ttl_can_say_otherwise(tmp_path: Path) -> None:
    """Regression (harvester review): no dct:accessRights anywhere, and dcat.ttl could not give one."""
    project = mini_project(tmp_path / "p")
    export(project, tmp_path / "out", ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(tmp_path / "out" / "catalog.ttl")
    public = rdflib.URIRef(EU + "access-right/PUBLIC")
    for ds in (dcat.GRAPH_DATASET, dcat.ONTOLOGY_DATASET):
        assert g.value(rdflib.URIRef(ds), DCT.accessRights) == public
    assert g.value(public, SKOS.inScheme) == rdflib.URIRef(EU + "access-right")
    restricted = SETTINGS_TTL.replace(
        "    dct:issued", f"    dct:accessRights <{EU}access-right/RESTRICTED> ;\n    dct:issued"
    )
    (project.root / dcat.CONFIG_FILE).write_text(restricted, encoding="utf-8")
    export(project, tmp_path / "out2", ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(tmp_path / "out2" / "catalog.ttl")
    assert g.value(rdflib.URIRef(dcat.GRAPH_DATASET), DCT.accessRights) == rdflib.URIRef(EU + "access-right/RESTRICTED")
    assert g.value(rdflib.URIRef(dcat.ONTOLOGY_DATASET), DCT.accessRights) == public  # wpskg's release
    _, error = _settings_error(
        tmp_path, "    dct:issued", f"    dct:accessRights <{EU}access-right/PUBLIK> ;\n    dct:issued"
    )
    assert error.endswith(f"did you mean <{EU}access-right/PUBLIC>?"), error


def test_a_publisher_from_the_eu_corporate_body_table_says_so_and_passes_the_vocabulary_shapes(tmp_path: Path) -> None:
    """Regression (harvester review): docs/export.md said a corporate-body publisher clears the DCAT-AP
    publisher warnings; it could not, since the export never wrote its skos:inScheme."""
    project = mini_project(tmp_path / "p")
    body = EU + "corporate-body/PUBL"
    (project.root / dcat.CONFIG_FILE).write_text(SETTINGS_TTL.replace("https://example.gov/ministry", body))
    export(project, tmp_path / "out", ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(tmp_path / "out" / "catalog.ttl")
    assert g.value(rdflib.URIRef(body), SKOS.inScheme) == rdflib.URIRef(EU + "corporate-body")
    if (SHAPES / "mdr-vocabularies.shape.ttl").is_file():
        vocab = results(g, without_checksum_pattern(shapes("mdr-vocabularies.shape.ttl")))
        assert [r for r in vocab if r[2] == "dct:publisher"] == []


def test_a_settings_value_that_takes_one_iri_is_named_at_its_line(tmp_path: Path) -> None:
    """Regression (harvester review): "vcard:hasEmail takes one IRI" named the file but no line."""
    path, error = _settings_error(tmp_path, "<mailto:wps@example.gov>", '"wps@example.gov"')
    assert error == f"{path}:8: vcard:hasEmail takes one IRI", error


def test_the_catalogue_is_dated_by_dcat_ttl_when_it_gives_dates(tmp_path: Path) -> None:
    """Regression (review): with the ontology's dataset dated apart, the catalogue took the ontology's
    later date as its dct:modified, not the publisher's release date of dcat.ttl."""
    project = mini_project(tmp_path / "p")
    ontology = project.root / "ontology" / "o.ttl"
    ontology.write_text(ontology.read_text().replace("2024-01-15", "2027-03-01"), encoding="utf-8")
    config = project.root / dcat.CONFIG_FILE
    config.write_text(SETTINGS_TTL.replace('"2026-01-31"', '"2028-01-31"'), encoding="utf-8")
    export(project, tmp_path / "out", ["ttl"], base_url=BASE_URL)
    g = rdflib.Graph().parse(tmp_path / "out" / "catalog.ttl")
    catalog = rdflib.URIRef(dcat.CATALOG)
    assert g.value(catalog, DCT.modified) == rdflib.Literal("2028-01-31", datatype=XSD.date)
    assert g.value(catalog, DCT.issued) == rdflib.Literal("2020-02-02", datatype=XSD.date)
    assert g.value(rdflib.URIRef(dcat.ONTOLOGY_DATASET), DCT.modified) == rdflib.Literal(
        "2027-03-01", datatype=XSD.date
    )
