"""The server's in-memory index of the graph (wpskg.serve.graphindex)."""

from __future__ import annotations

import pyoxigraph as ox

from wpskg.serve.graphindex import RDFS_LABEL, GraphIndex

EX = "http://example.org/"


def n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def t(s: ox.Term, p: ox.NamedNode, o: ox.Term) -> ox.Triple:
    return ox.Triple(s, p, o)  # type: ignore[arg-type]


def test_a_triple_given_twice_is_indexed_once() -> None:
    triple = t(n("a"), n("p"), n("b"))
    ix = GraphIndex([triple, triple, t(n("a"), n("p"), n("c"))])
    assert ix.size == 2
    assert ix.out[n("a")] == [(n("p"), n("b")), (n("p"), n("c"))]
    assert ix.subjects(EX + "p", n("b")) == [n("a")]


def test_has_iri_knows_subjects_predicates_and_objects_only() -> None:
    ix = GraphIndex([t(n("s"), n("p"), n("o")), t(n("s"), n("q"), ox.Literal(EX + "lit"))])
    for local in ("s", "p", "q", "o"):
        assert ix.has_iri(EX + local), local
    assert not ix.has_iri(EX + "lit")  # a literal that spells an IRI is not one
    assert not ix.has_iri(EX + "nowhere")


def test_label_prefers_english_then_untagged_then_the_short_iri() -> None:
    a, b, c = n("a"), n("b"), n("c")
    label = ox.NamedNode(RDFS_LABEL)
    ix = GraphIndex(
        [
            t(a, label, ox.Literal("Nederlands", language="nl")),
            t(a, label, ox.Literal("English", language="en-GB")),
            t(b, label, ox.Literal("Nederlands", language="nl")),
            t(b, label, ox.Literal("plain")),
        ]
    )
    assert ix.label(a) == "English"
    assert ix.label(b) == "plain"
    assert ix.label(c) == EX + "c"


def test_description_takes_nested_blank_nodes_and_incoming_links() -> None:
    money = ox.BlankNode()
    ix = GraphIndex(
        [
            t(n("f"), n("amount"), money),
            t(money, n("value"), ox.Literal("1.50", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))),
            t(n("plan"), n("funds"), n("f")),
        ]
    )
    found = {(x.subject, x.predicate, x.object) for x in ix.description(n("f"))}
    assert (
        money,
        n("value"),
        ox.Literal("1.50", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    ) in found
    assert (n("plan"), n("funds"), n("f")) in found
    assert len(found) == 3
    assert not any(x.subject == n("plan") for x in ix.description(n("f"), incoming=False))


def test_has_iri_answers_no_for_text_that_is_no_iri() -> None:
    # regression: the server asks about request paths, and "<" is no IRI code point
    assert not GraphIndex([t(n("s"), n("p"), n("o"))]).has_iri(EX + "<script>")


def test_things_without_a_name_that_name_each_other_do_not_loop() -> None:
    """Regression (review): a funding's name comes from its funders', and two unnamed things that were
    each other's funder recursed until a RecursionError (a 500 on the page)."""
    funder = ox.NamedNode("https://schema.org/funder")
    a, b = ox.NamedNode("https://w3id.org/wpskg/id/funding/a"), ox.NamedNode("https://w3id.org/wpskg/id/funding/b")
    index = GraphIndex([ox.Triple(a, funder, b), ox.Triple(b, funder, a)])
    assert index.label(a).endswith(" → (recipient not stated)") and index.label(b)  # a name, and no loop


def test_the_terms_of_a_hash_document_are_found_by_their_document() -> None:
    """Regression (review): fragment_subjects scanned every subject per call, and a page with many links
    to a data project's own IRIs called it for each (seconds at 300,000 subjects)."""
    ont, other = "https://w3id.org/wpskg/ont", "https://example.org/v"
    names = [f"{ont}#Plan", f"{ont}#Action", f"{other}#x", f"{ont}/sub#y", "https://example.org/plain"]
    index = GraphIndex([ox.Triple(ox.NamedNode(n), ox.NamedNode(RDFS_LABEL), ox.Literal("n")) for n in names])
    assert [n.value for n in index.fragment_subjects(ont)] == [f"{ont}#Action", f"{ont}#Plan"]
    assert [n.value for n in index.fragment_subjects(f"{ont}/sub")] == [f"{ont}/sub#y"]
    assert index.fragment_subjects("https://example.org/plain") == []
    assert index.fragment_subjects("https://example.org/nothing") == []
