"""One regression test per threat of issue #8, each named after what it defends against.

Where it is cheap, a test first shows the threat is real with the library
underneath (rdflib or pyoxigraph used directly, on loopback only), then shows
that wpskg stops it; so each test would fail if the defence went away.
Related tests: the audit hook in test_netguard.py, the guard's differential
fuzz in test_sparql_guard.py, the loaders' fuzz in test_loaders.py, atomic
builds in test_build_atomic.py, round trips in test_roundtrip.py.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import example, given, settings
from rdflib.plugins.sparql.parser import parseQuery
from support import fuzz_module

from wpskg import cli, dumpers
from wpskg.errors import InputError, QueryError, QueryTimeout
from wpskg.loaders import BASE_IRI, load, load_bytes
from wpskg.sparql_guard import check_query
from wpskg.store import Graph, run_query

ROOT = Path(__file__).resolve().parent.parent
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture()
def mini_project(tmp_path: Path) -> Path:
    """A small data project (one class, one shape, one plan) that builds and validates in a second."""
    for folder in ("ontology", "instances", "shapes", "queries"):
        (tmp_path / folder).mkdir()
    (tmp_path / "ontology" / "o.ttl").write_text(
        "@prefix wps: <https://w3id.org/wpskg/ont#> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "wps:Plan a owl:Class .\n"
    )
    (tmp_path / "shapes" / "s.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix wps: <https://w3id.org/wpskg/ont#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/wpskg/shapes#PlanShape> a sh:NodeShape ; sh:targetClass wps:Plan ;\n"
        '  sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "A plan needs a label." ] .\n'
    )
    (tmp_path / "instances" / "plans.ttl").write_text(
        "@prefix wps: <https://w3id.org/wpskg/ont#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/wpskg/id/plan/p1> a wps:Plan ; rdfs:label "Plan one"@en .\n'
    )
    return tmp_path


def small_graph(count: int, literal: str = "x") -> Graph:
    graph = Graph()
    p = ox.NamedNode("http://e/p")
    graph.add_quads(ox.Quad(ox.NamedNode(f"http://e/s{i}"), p, ox.Literal(f"{literal}{i}")) for i in range(count))
    return graph


# --------------------------------------------------------------------------- untrusted queries


def test_service_call_is_refused_before_evaluation(rec, capsys: pytest.CaptureFixture[str]) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{rec.url}sparql> {{ ?s ?p ?o }} }}"
    list(ox.Store().query(query))  # the threat: pyoxigraph calls out, and cannot be told not to
    assert len(rec.requests) == 1
    assert cli.main(["sparql", "--project", str(ROOT), query]) == 2
    assert "SERVICE is refused" in capsys.readouterr().err
    assert len(rec.requests) == 1


def test_service_is_refused_before_it_reaches_a_remote_endpoint(rec, capsys: pytest.CaptureFixture[str]) -> None:
    query = "SELECT * WHERE { SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } }"
    assert cli.main(["sparql", "--endpoint", rec.url + "sparql", query]) == 2
    assert "SERVICE is refused" in capsys.readouterr().err
    assert rec.requests == []


def test_remote_from_is_refused_before_evaluation(rec) -> None:
    query = f"SELECT * FROM <{rec.url}data.ttl> WHERE {{ ?s ?p ?o }}"
    with pytest.raises(Exception):  # noqa: B017 - the recorder's answer is not RDF
        list(rdflib.Dataset().query(query))
    assert rec.requests  # the threat: rdflib fetched the FROM graph
    with pytest.raises(QueryError, match=r"FROM .* is refused"):
        check_query(query)


def test_file_from_is_refused_before_evaluation(tmp_path: Path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text('<http://e/s> <http://e/p> "s3cr3t" .\n')
    query = f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}"
    assert [str(r[0]) for r in rdflib.Dataset().query(query)] == ["s3cr3t"]  # the threat: rdflib reads files
    with pytest.raises(QueryError, match=r"FROM <file:.* is refused"):
        check_query(query)
    with pytest.raises(QueryError, match=r"FROM .* is refused"):
        check_query(f"PREFIX f: <{tmp_path.as_uri()}/> SELECT ?o FROM f:secret.ttl WHERE {{ ?s ?p ?o }}")


def test_load_and_updates_are_refused_before_evaluation() -> None:
    for query in ("LOAD <http://192.0.2.1/x.ttl>", "INSERT DATA { <http://e/a> <http://e/p> 1 }", "CLEAR ALL"):
        with pytest.raises(QueryError, match="is refused: the graph is read-only"):
            check_query(query)


def test_unicode_escape_cannot_smuggle_a_quote() -> None:
    query = 'SELECT * WHERE { ?s ?p "a\\u0022 . ?x ?y ?z } #" }'
    assert "'z'" in repr(parseQuery(query))  # the threat: rdflib decodes \\u0022 and the string ends early
    with pytest.raises(QueryError, match="escapes are refused"):
        check_query(query)


def test_comment_ended_by_a_carriage_return_cannot_hide_service(rec) -> None:
    query = f"SELECT * WHERE {{ # note\rSERVICE <{rec.url}sparql> {{ ?s ?p ?o }} }}"
    list(ox.Store().query(query))  # the threat: pyoxigraph ends the comment at \\r, rdflib does not
    assert len(rec.requests) == 1
    with pytest.raises(QueryError, match="carriage return"):
        check_query(query)


def test_keyword_spelled_with_a_long_s_cannot_hide_service() -> None:
    query = "SELECT * WHERE { \u017fERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } }"
    assert "ServiceGraphPattern" in repr(parseQuery(query))  # the threat: rdflib upper-cases ſ to S
    with pytest.raises(QueryError, match="SERVICE is refused"):
        check_query(query)


def test_keyword_glued_to_a_literal_cannot_hide_service(rec) -> None:
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("http://e/s"),
            ox.NamedNode("http://e/p"),
            ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
        )
    )
    query = f"SELECT * WHERE {{ ?s ?p trueSERVICE<{rec.url}sparql> {{ ?a ?b ?c }} }}"
    list(store.query(query))  # the threat: pyoxigraph reads "true SERVICE"
    assert len(rec.requests) == 1
    with pytest.raises(QueryError, match="SERVICE is refused"):
        check_query(query)


def test_regex_catastrophic_backtracking_is_stopped_by_time_limit() -> None:
    graph = small_graph(400, "a" * 30 + "b")
    query = (
        'SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z FILTER(REGEX(CONCAT(?x, ?y, ?z), "^(a|a)*$")) }'
    )
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        run_query(graph, query, timeout=1.0)
    assert time.monotonic() - start < 4


def test_endless_query_is_killed_at_the_wall_clock_limit() -> None:
    graph = small_graph(1000)
    before = set(multiprocessing.active_children())
    start = time.monotonic()
    with pytest.raises(QueryTimeout):
        # counted, not listed: rows would reach the row cap first, now that results stream natively
        run_query(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?t ?w }", timeout=0.5)
    assert time.monotonic() - start < 3
    assert set(multiprocessing.active_children()) == before  # the worker is gone


def test_result_cap_is_enforced() -> None:
    with pytest.raises(QueryError, match="more than 10 rows"):
        run_query(small_graph(50), "SELECT * WHERE { ?s ?p ?o }", max_rows=10)
    assert len(run_query(small_graph(10), "SELECT * WHERE { ?s ?p ?o }", max_rows=10).rows) == 10


@settings(max_examples=100, deadline=None)
@given(fuzz_module().param_inputs())
@example('\\u0022 } SERVICE <http://127.0.0.1:9/> { "')
@example('"> } # \n{ UNDEF }')
def test_parameters_are_bound_never_pasted(value: str) -> None:
    fuzz_module().param_target(value)


# --------------------------------------------------------------------------- untrusted data


def test_jsonld_remote_context_is_not_fetched(rec) -> None:
    doc = json.dumps({"@context": rec.url + "ctx.jsonld", "@id": "http://e/a", "name": "x"})
    with pytest.raises(Exception):  # noqa: B017 - the recorder's answer is not a context
        rdflib.Graph().parse(data=doc, format="json-ld")
    assert rec.requests == ["GET /ctx.jsonld"]  # the threat: rdflib fetches it
    with pytest.raises(InputError, match=r"remote JSON-LD context .* is refused"):
        load_bytes(doc.encode(), "x.jsonld")
    assert rec.requests == ["GET /ctx.jsonld"]


def test_jsonld_file_context_is_not_read(tmp_path: Path) -> None:
    context = tmp_path / "ctx.jsonld"
    context.write_text(json.dumps({"@context": {"name": "http://e/name"}}))
    doc = json.dumps({"@context": context.as_uri(), "@id": "http://e/a", "name": "x"})
    assert len(rdflib.Graph().parse(data=doc, format="json-ld")) == 1  # the threat: rdflib reads the file
    with pytest.raises(InputError, match=r"remote JSON-LD context .* is refused"):
        load_bytes(doc.encode(), "x.jsonld")


def test_rdfxml_billion_laughs_is_refused() -> None:
    def bomb(levels: int) -> bytes:
        entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, levels + 1))
        return (
            f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY l0 "ha">{entities}]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
            f'<rdf:Description rdf:about="http://e/a"><e:p>&l{levels};</e:p></rdf:Description></rdf:RDF>'
        ).encode()

    (quad,) = ox.parse(bomb(3), format=ox.RdfFormat.RDF_XML)  # the threat: pyoxigraph expands entities
    assert len(quad.object.value) == 2000
    start = time.monotonic()
    with pytest.raises(InputError, match="DOCTYPE or entity declarations is refused"):
        load_bytes(bomb(9), "bomb.rdf")  # 2 GB if expanded
    assert time.monotonic() - start < 1


def test_rdfxml_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cr3t")
    doc = (
        f'<!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
        '<rdf:Description rdf:about="http://e/a"><e:p>&x;</e:p></rdf:Description></rdf:RDF>'
    )
    with pytest.raises(InputError, match="DOCTYPE"):
        load_bytes(doc.encode(), "xxe.rdf")


def test_small_file_cannot_become_a_huge_graph() -> None:
    """The same blow-up without entities: one long prefix, used many times, in a 200 kB file."""
    text = "@prefix p: <http://e/" + "x" * 8000 + "> .\n" + "p: p: p: " + ", p: " * 40_000 + "."
    with pytest.raises(InputError, match="outgrow the file"):
        load_bytes(text.encode(), "x.ttl")


def test_deep_nesting_cannot_stall_or_crash_the_parser() -> None:
    """pyoxigraph's JSON-LD parser overflows its stack near 4,000 levels; RDF/XML takes minutes at 40,000."""
    json_doc = '{"@id": "http://e/a", "http://e/p": ' + '{"http://e/p": ' * 5000 + '"x"' + "}" * 5000 + "}"
    xml_doc = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
        + '<rdf:Description rdf:about="http://e/a"><e:p>' * 20_000
        + "x"
        + "</e:p></rdf:Description>" * 20_000
        + "</rdf:RDF>"
    )
    start = time.monotonic()
    with pytest.raises(InputError, match="nested more than"):
        load_bytes(json_doc.encode(), "deep.jsonld")
    with pytest.raises(InputError, match="nested more than"):
        load_bytes(xml_doc.encode(), "deep.rdf")
    assert time.monotonic() - start < 2


@pytest.mark.parametrize(
    "text",
    [
        '"lit" <http://e/p> <http://e/o> .',  # a literal subject
        "<http://e/a> <http://e/p> <http://e/a b> .",  # an IRI with a space
        '<http://e/a> <http://e/p> "x"@en^^<http://e/dt> .',  # a language tag and a datatype
    ],
)
def test_invalid_turtle_is_refused_by_the_strict_parser(text: str) -> None:
    assert len(rdflib.Graph().parse(data=text, format="turtle")) == 1  # the threat: rdflib accepts it
    with pytest.raises(InputError, match=r"^bad\.ttl:1:\d+: "):
        load_bytes(text.encode(), "bad.ttl")


def test_ill_typed_literal_is_an_error_not_a_warning() -> None:
    text = '<http://e/a> <http://e/p> "2024-02-30"^^<http://www.w3.org/2001/XMLSchema#date> .'
    assert len(rdflib.Graph().parse(data=text, format="turtle")) == 1  # the threat: only a log warning
    with pytest.raises(InputError, match=r'^bad\.ttl:1: ill-typed literal "2024-02-30"\^\^xsd:date$'):
        load_bytes(text.encode(), "bad.ttl")


def test_literal_lexical_forms_are_kept(tmp_path: Path) -> None:
    forms = [("01", "integer"), ("1.50", "decimal"), ("1", "boolean"), ("+5", "int"), ("1.0E0", "double")]
    text = "".join(f'<http://e/a> <http://e/p{i}> "{v}"^^<{XSD}{t}> .\n' for i, (v, t) in enumerate(forms))
    normalised = {str(o) for o in rdflib.Graph().parse(data=text, format="nt").objects()}
    assert "01" not in normalised and "1" in normalised  # the threat: rdflib rewrites values
    graph = Graph()
    graph.add_document(load_bytes(text.encode(), "x.nt"))
    kept = sorted(t.object.value for t in graph.triples())
    assert kept == sorted(v for v, _ in forms)
    for fmt in ("ttl", "nt", "nq"):
        out = dumpers.dumps(graph.triples(), fmt)
        assert all(f'"{v}"' in out for v, _ in forms), fmt


def test_relative_iri_never_becomes_file_path(tmp_path: Path) -> None:
    path = tmp_path / "rel.ttl"
    path.write_text("<a> <p> <b> .\n")
    assert str(next(iter(rdflib.Graph().parse(str(path), format="turtle").subjects()))).startswith("file://")
    (quad,) = load(path).quads
    assert [t.value for t in (quad.subject, quad.predicate, quad.object)] == [BASE_IRI + x for x in "apb"]
    with pytest.raises(InputError, match="file: IRI"):
        load_bytes(b"<file:///home/curator/a> <http://e/p> 1 .", "x.ttl")


def test_owl_imports_is_never_followed(rec, mini_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = mini_project / "contrib.ttl"
    extra.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix wps: <https://w3id.org/wpskg/ont#> .\n"
        f"<https://w3id.org/wpskg/id/plan/p2> a wps:Plan ; owl:imports <{rec.url}onto.ttl> .\n"
    )
    code = cli.main(["validate", "--project", str(mini_project), str(extra)])
    assert code == 1 and "A plan needs a label." in capsys.readouterr().out  # it was read and validated
    assert rec.requests == []


def test_input_size_limit_is_enforced(tmp_path: Path) -> None:
    path = tmp_path / "big.nt"
    path.write_bytes(b"<http://e/a> <http://e/p> <http://e/o> .\n" * 100)
    with pytest.raises(InputError, match="over the limit of 1000"):
        load(path, max_bytes=1000)
