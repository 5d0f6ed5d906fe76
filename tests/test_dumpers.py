"""The deterministic dumpers: exact literals, stable blank nodes, offline round trips."""

from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st

from wpskg import dumpers
from wpskg.dumpers import jsonld, ntriples
from wpskg.dumpers._terms import escape_string
from wpskg.loaders import load_bytes

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
EX = "https://w3id.org/wpskg/id/plan/"
WPS = "https://w3id.org/wpskg/ont#"
SUFFIX = {"ttl": "x.ttl", "nt": "x.nt", "jsonld": "x.jsonld"}


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def typed(value: str, local: str) -> ox.Literal:
    return ox.Literal(value, datatype=n(XSD + local))


def sample() -> list[ox.Triple]:
    """A small graph with everything that tends to go wrong."""
    s = n(EX + "x")
    b1, b2, b3, c1, c2, loop_a, loop_b = (ox.BlankNode() for _ in range(7))
    shared = ox.BlankNode()
    return [
        ox.Triple(s, n(RDF + "type"), n(WPS + "Plan")),
        ox.Triple(s, n(WPS + "ordinal"), typed("01", "integer")),
        ox.Triple(s, n("https://schema.org/value"), typed("1.50", "decimal")),
        ox.Triple(s, n(WPS + "hasBudget"), typed("1", "boolean")),
        ox.Triple(s, n(WPS + "year"), typed("2017", "gYear")),
        ox.Triple(s, n("http://purl.org/dc/terms/issued"), typed("2022-11-09", "date")),
        ox.Triple(
            s, n("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Plan d'action « 1325 »", language="fr")
        ),
        ox.Triple(s, n("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Actieplan", language="nl")),
        ox.Triple(s, n(WPS + "quote"), ox.Literal('line one\nline "two"\ttab \\ backslash', language="nl")),
        ox.Triple(s, n(WPS + "fileName"), ox.Literal("a.txt")),
        ox.Triple(s, n(WPS + "fileName"), ox.Literal("")),
        ox.Triple(s, n("http://example.org/custom#p"), ox.Literal("x", datatype=n("http://example.org/dt"))),
        # an embedded blank node with a nested one
        ox.Triple(s, n("http://purl.org/dc/terms/temporal"), b1),
        ox.Triple(b1, n("http://www.w3.org/ns/dcat#startDate"), typed("2017", "gYear")),
        ox.Triple(b1, n(WPS + "nested"), b2),
        ox.Triple(b2, n(WPS + "note"), ox.Literal("deep")),
        # a blank node referenced twice gets a label
        ox.Triple(s, n(WPS + "a"), shared),
        ox.Triple(n(EX + "y"), n(WPS + "a"), shared),
        ox.Triple(shared, n(WPS + "note"), ox.Literal("shared")),
        # a blank node that is only an object
        ox.Triple(s, n(WPS + "b"), b3),
        # an RDF list
        ox.Triple(s, n(WPS + "members"), c1),
        ox.Triple(c1, n(RDF + "first"), n(WPS + "A")),
        ox.Triple(c1, n(RDF + "rest"), c2),
        ox.Triple(c2, n(RDF + "first"), typed("2", "integer")),
        ox.Triple(c2, n(RDF + "rest"), n(RDF + "nil")),
        # a cycle of blank nodes each referenced once
        ox.Triple(loop_a, n(WPS + "next"), loop_b),
        ox.Triple(loop_b, n(WPS + "next"), loop_a),
        ox.Triple(loop_a, n(WPS + "note"), ox.Literal("cycle")),
        # an IRI with no prefix and one with an odd local name
        ox.Triple(n("urn:uuid:1234"), n(WPS + "note"), ox.Literal("urn")),
        ox.Triple(n(EX + "odd/path?q=1"), n(WPS + "note"), ox.Literal("odd")),
    ]


def canonical(triples) -> str:
    return ntriples.dumps(triples)


def from_rdflib(graph: rdflib.Graph) -> list[ox.Triple]:
    def conv(t):
        if isinstance(t, rdflib.URIRef):
            return n(str(t))
        if isinstance(t, rdflib.BNode):
            return ox.BlankNode(str(t))
        if t.language:
            return ox.Literal(str(t), language=t.language)
        return ox.Literal(str(t), datatype=n(str(t.datatype or XSD + "string")))

    return [ox.Triple(*map(conv, t)) for t in graph]


@pytest.fixture
def exact_rdflib(monkeypatch: pytest.MonkeyPatch) -> None:
    """rdflib normalises literal lexical forms unless told not to."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_round_trip_through_wpskg_loader_is_exact(fmt: str) -> None:
    triples = sample()
    text = dumpers.dumps(triples, fmt)
    back = [q.triple for q in load_bytes(text.encode(), SUFFIX[fmt]).quads]
    assert canonical(back) == canonical(triples)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_round_trip_through_rdflib_is_exact(fmt: str, exact_rdflib: None) -> None:
    triples = sample()
    text = dumpers.dumps(triples, fmt)
    graph = rdflib.Graph()
    graph.parse(data=text, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    assert canonical(from_rdflib(graph)) == canonical(triples)


def test_nquads_round_trip() -> None:
    triples = sample()
    text = dumpers.dumps(triples, "nq")
    quads = list(ox.parse(text, format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name for q in quads} == {n("https://w3id.org/wpskg/graph")}
    assert canonical([q.triple for q in quads]) == canonical(triples)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "jsonld"])
def test_output_does_not_depend_on_input_order_or_blank_node_ids(fmt: str) -> None:
    triples = sample()
    first = dumpers.dumps(triples, fmt)
    # Same graph, shuffled, with fresh blank node identifiers.
    reparsed = [
        q.triple for q in ox.parse(ntriples.dumps(triples), format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True)
    ]
    random.Random(7).shuffle(reparsed)
    assert dumpers.dumps(reparsed, fmt) == first


UNIONS = b"""
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/wpskg/ont#partOf>
    rdfs:domain [ a owl:Class ; owl:unionOf ( <https://w3id.org/wpskg/ont#A> <https://w3id.org/wpskg/ont#B> ) ] ;
    rdfs:range [ a owl:Class ; owl:unionOf ( <https://w3id.org/wpskg/ont#A> <https://w3id.org/wpskg/ont#B> ) ] .
"""


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_same_list_under_two_parents_gets_labels_that_do_not_depend_on_order(fmt: str, seed: int) -> None:
    """Regression: the two lists of ``owl:unionOf ( A B )`` (a domain and a range) said the same and were
    pointed to by nodes that said the same, so which got the label ``…_2`` followed the parse order."""
    triples = [q.triple for q in ox.parse(UNIONS, format=ox.RdfFormat.TURTLE)]
    first = dumpers.dumps(triples, fmt)
    shuffled = [q.triple for q in ox.parse(UNIONS, format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)]
    random.Random(seed).shuffle(shuffled)
    assert dumpers.dumps(shuffled, fmt) == first
    assert "_2" not in ntriples.dumps(triples)  # every node has a label of its own


def test_context_of_blank_nodes_with_shared_ancestors_stays_small() -> None:
    """Regression: a node's context held its parents' whole contexts, so a ladder of blank nodes, each
    pointed to by both nodes of the level above, doubled it at every level (20 levels: 595 MB)."""
    from wpskg.dumpers._terms import stable_labels

    above: list[ox.Term] = [n(EX + "x")]
    triples = []
    for _ in range(60):
        level = [ox.BlankNode(), ox.BlankNode()]
        triples += [ox.Triple(a, n(WPS + "p"), b) for a in above for b in level]
        triples += [ox.Triple(b, n(WPS + "n"), ox.Literal(str(i))) for i, b in enumerate(level)]
        above = level
    labels = stable_labels(triples)
    assert len(labels) == 120 and all(len(label) <= 24 for label in labels.values())


def test_jsonld_keeps_lexical_forms_and_never_uses_json_numbers() -> None:
    doc = json.loads(jsonld.dumps(sample()))
    text = json.dumps(doc)
    assert '"@value": "01", "@type": "xsd:integer"' in text
    assert '"@value": "1.50", "@type": "xsd:decimal"' in text
    assert '"@value": "1", "@type": "xsd:boolean"' in text

    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)
        else:
            yield node

    assert all(isinstance(v, str) for v in walk(doc["@graph"]))


def test_jsonld_is_sorted_and_compact() -> None:
    doc = json.loads(jsonld.dumps(sample()))
    ids = [node["@id"] for node in doc["@graph"]]
    named = [i for i in ids if not i.startswith("_:")]
    assert named == sorted(named) and ids[: len(named)] == named
    plan = next(node for node in doc["@graph"] if node["@id"] == "plan:x")
    keys = [k for k in plan if not k.startswith("@")]
    assert keys == sorted(keys)
    assert plan["@type"] == "wps:Plan"
    assert plan["wps:members"] == {"@list": [{"@id": "wps:A"}, {"@value": "2", "@type": "xsd:integer"}]}
    assert plan["dct:temporal"]["wps:nested"] == {"wps:note": "deep"}  # embedded, no label
    assert plan["wps:a"]["@id"].startswith("_:b")  # shared blank node: stable label


def test_jsonld_inline_context_is_the_shipped_one_and_reference_mode_loads_offline() -> None:
    from wpskg.loaders.jsonld import CONTEXT_IRI, shipped_context

    inline = json.loads(jsonld.dumps(sample()))
    assert inline["@context"] == shipped_context(CONTEXT_IRI)
    referenced = jsonld.dumps(sample(), context="reference")
    assert json.loads(referenced)["@context"] == CONTEXT_IRI
    back = [q.triple for q in load_bytes(referenced.encode(), "x.jsonld").quads]
    assert canonical(back) == canonical(sample())


def test_jsonld_refuses_an_iri_the_context_would_misread() -> None:
    t = ox.Triple(n("wps:not-a-real-scheme"), n(WPS + "note"), ox.Literal("x"))
    with pytest.raises(ValueError, match="cannot be written"):
        jsonld.dumps([t])


def test_turtle_and_jsonld_write_no_relative_iris() -> None:
    for fmt in ("ttl", "jsonld"):
        text = dumpers.dumps(sample(), fmt)
        assert "@base" not in text and "file:" not in text


def test_dump_writes_atomically(tmp_path) -> None:
    path = tmp_path / "out" / "g.jsonld"
    dumpers.dump(sample(), path, "jsonld")
    assert path.read_text(encoding="utf-8") == jsonld.dumps(sample())
    assert [p.name for p in path.parent.iterdir()] == ["g.jsonld"]


def _escaped_one_by_one(value: str) -> str:
    """The escaping as N-Triples 1.1 and Turtle define it, character by character (the former code)."""
    named = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
    return "".join(
        named[ch] if ch in named else f"\\u{ord(ch):04X}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch for ch in value
    )


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)) | st.text())
def test_escaping_is_the_same_as_character_by_character(value: str) -> None:
    # (the escaping is a regular expression since it took 5 s of the build at 1M triples)
    assert escape_string(value) == _escaped_one_by_one(value)
    (read,) = ox.parse(f'<urn:s> <urn:p> "{escape_string(value)}" .', format=ox.RdfFormat.N_TRIPLES)
    assert read.object.value == value


def test_the_shipped_context_defines_every_prefix_of_the_project() -> None:
    """Regression (session 32's JSON-LD helper): the context lacked actorrole:, so a JSON-LD file could
    not write an actor role as the Turtle files do, and the JSON-LD dump wrote it in full."""
    from wpskg.loaders.jsonld import CONTEXT_IRI, shipped_context
    from wpskg.namespaces import PREFIXES

    context = shipped_context(CONTEXT_IRI)
    assert {p: context.get(p) for p in PREFIXES} == dict(PREFIXES)
