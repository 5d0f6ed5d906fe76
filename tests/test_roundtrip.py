"""Round trips: Hypothesis graphs survive export and re-import in every format, exactly.

Graphs mix IRIs with non-ASCII local names, blank nodes (shared, chained and
in cycles), plain, language-tagged and typed literals (decimals and integers
in non-canonical forms such as ``01`` and ``1.50``, dates, booleans, custom
datatypes), control characters, quotes, newlines and long literals. Each is
written with :mod:`wpskg.dumpers` and read back with :mod:`wpskg.loaders`
(N-Quads with pyoxigraph's strict parser, since contributed data may not
hold named graphs); the result must be the same graph, lexical forms and all.
"""

from __future__ import annotations

import importlib.util

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from wpskg import dumpers
from wpskg.dumpers import nquads, ntriples
from wpskg.loaders import load_bytes

XSD = "http://www.w3.org/2001/XMLSchema#"
HAS_JSONLD = importlib.util.find_spec("wpskg.dumpers.jsonld") is not None
FORMATS = [
    "ttl",
    "nt",
    "nq",
    pytest.param("jsonld", marks=pytest.mark.skipif(not HAS_JSONLD, reason="wpskg.dumpers.jsonld not written yet")),
]

NAMESPACES = ["https://w3id.org/wpskg/id/", "https://w3id.org/wpskg/ont#", "https://schema.org/", "http://e.example/x/"]
LOCAL = (
    st.lists(st.sampled_from([*"abcXYZ019_-.~éßΩ中文", "%20", "/", "#", "(", ")", "'", ":"]), min_size=1, max_size=12)
    .map("".join)
    .filter(lambda s: s.count("#") <= 1)
)
IRIS = st.builds(
    lambda ns, local: ox.NamedNode(ns + local),
    st.sampled_from([n for n in NAMESPACES if "#" not in n]),
    LOCAL,
) | st.builds(
    lambda local: ox.NamedNode("https://w3id.org/wpskg/ont#" + local), LOCAL.map(lambda s: s.replace("#", ""))
)
PREDICATES = (
    st.sampled_from(
        [
            "https://w3id.org/wpskg/ont#note",
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
            "https://schema.org/value",
            "http://e.example/p",
        ]
    ).map(ox.NamedNode)
    | IRIS
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
LONG = st.builds(
    lambda unit, n: (unit * n)[:20_000], st.sampled_from(['ab"\n', "x\\y", '"""', "é\r\n", "z"]), st.integers(200, 5000)
)
LANGS = st.sampled_from(["en", "nl", "fr-be", "en-gb", "zh-hant-tw", "x-private"])


def typed(lexical: st.SearchStrategy[str], datatype: str) -> st.SearchStrategy[ox.Literal]:
    return lexical.map(lambda v: ox.Literal(v, datatype=ox.NamedNode(XSD + datatype)))


LITERALS = st.one_of(
    TEXT.map(ox.Literal),
    LONG.map(ox.Literal),
    st.builds(lambda v, lang: ox.Literal(v, language=lang), TEXT, LANGS),
    typed(st.from_regex(r"[+-]?(\d{1,12}(\.\d{0,6})?|\.\d{1,6})", fullmatch=True), "decimal"),
    typed(st.from_regex(r"[+-]?0*\d{1,25}", fullmatch=True), "integer"),
    typed(st.dates().map(lambda d: d.isoformat()), "date"),
    typed(st.sampled_from(["true", "false", "1", "0"]), "boolean"),
    typed(st.sampled_from(["1.0E0", "-0.0", "INF", "-INF", "NaN", "1e-7"]), "double"),
    typed(st.from_regex(r"\d{4}", fullmatch=True), "gYear"),
    st.builds(lambda v: ox.Literal(v, datatype=ox.NamedNode("http://e.example/dt")), TEXT),
)


@st.composite
def graphs(draw: st.DrawFn) -> list[ox.Triple]:
    """A set of triples over a small pool of blank nodes, so that they are shared and chained."""
    bnodes = [ox.BlankNode() for _ in range(draw(st.integers(0, 4)))]
    subjects = IRIS | st.sampled_from(bnodes) if bnodes else IRIS
    objects = st.one_of(IRIS, LITERALS, *([st.sampled_from(bnodes)] if bnodes else []))
    triples = draw(st.lists(st.builds(ox.Triple, subjects, PREDICATES, objects), min_size=1, max_size=25))
    return list(dict.fromkeys(triples))


def reload(text: str, fmt: str) -> list[ox.Triple]:
    """Read an export back: wpskg's loaders, or pyoxigraph's strict N-Quads parser."""
    if fmt == "nq":
        quads = list(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS))
        assert {q.graph_name for q in quads} <= {ox.NamedNode(nquads.GRAPH_IRI)}
        return [q.triple for q in quads]
    return [q.triple for q in load_bytes(text.encode("utf-8"), f"export.{fmt}").quads]


def to_rdflib(triples: list[ox.Triple]) -> rdflib.Graph:
    """An rdflib graph with lexical forms as they are (no NORMALIZE_LITERALS)."""

    def term(t: ox.Term) -> rdflib.term.Node:
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        if t.language:
            return rdflib.Literal(t.value, lang=t.language, normalize=False)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value), normalize=False)

    graph = rdflib.Graph()
    for t in triples:
        graph.add((term(t.subject), term(t.predicate), term(t.object)))
    return graph


def same_graph(a: list[ox.Triple], b: list[ox.Triple]) -> bool:
    """Equal up to blank-node names: the canonical N-Triples match, or rdflib finds an isomorphism."""
    return ntriples.dumps(a) == ntriples.dumps(b) or isomorphic(to_rdflib(a), to_rdflib(b))


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(triples=graphs())
def test_graph_survives_export_and_reimport(fmt: str, triples: list[ox.Triple]) -> None:
    text = dumpers.dumps(triples, fmt)
    back = reload(text, fmt)
    assert len(set(back)) == len(triples)
    assert same_graph(triples, back), text
    assert dumpers.dumps(back, fmt) == text  # and the export is deterministic


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_hand_picked_hard_graph_survives(fmt: str) -> None:
    b1, b2 = ox.BlankNode(), ox.BlankNode()
    s = ox.NamedNode("https://w3id.org/wpskg/id/plan/é-ß")
    p = ox.NamedNode("https://w3id.org/wpskg/ont#note")
    triples = [
        ox.Triple(s, p, ox.Literal("01", datatype=ox.NamedNode(XSD + "integer"))),
        ox.Triple(s, p, ox.Literal("1.50", datatype=ox.NamedNode(XSD + "decimal"))),
        ox.Triple(s, p, ox.Literal('a """ b \\ c\n"', language="nl")),
        ox.Triple(s, p, ox.Literal("\x00\x07\x7f\u2028\U0001f600")),
        ox.Triple(s, p, ox.Literal("y" * 100_000)),
        ox.Triple(s, p, b1),
        ox.Triple(b1, p, b2),
        ox.Triple(b2, p, b1),  # a cycle of blank nodes
    ]
    back = reload(dumpers.dumps(triples, fmt), fmt)
    assert same_graph(triples, back)
