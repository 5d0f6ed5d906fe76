"""The client-side ORDER BY (wpskg.ordering) gives the rows in the order pyoxigraph sorts them."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wpskg import queries, remote
from wpskg.datatypes import NUMERIC_TYPES
from wpskg.ordering import NotSortable, sort_rows, unordered
from wpskg.queries import StoredQuery
from wpskg.store import Graph, run_query

XSD = "http://www.w3.org/2001/XMLSchema#"

#: Required parameters, for the stored queries that have some.
REQUIRED = {"provenance": {"subject": "be-wps-nap-1"}, "peacekeeping": {"country": "BE"}}


def client_sorted(graph: Graph, text: str) -> tuple[list[str], list[list]]:
    """``text`` run without its ORDER BY, then sorted, sliced and cut by :mod:`wpskg.ordering`."""
    u = unordered(text)
    result = run_query(graph, u.text, max_rows=10**7)
    return sort_rows(result.variables, remote.normalise_rows(result.rows), u)


@pytest.mark.parametrize("data", ["graph", "synthetic"])
def test_every_stored_query_sorted_here_gives_the_engines_rows(
    request: pytest.FixtureRequest, stored: dict[str, StoredQuery], data: str
) -> None:
    graph: Graph = request.getfixturevalue(data)
    for name, query in sorted(stored.items()):
        params = REQUIRED.get(name, {})
        run = queries.run(query, graph, params, max_rows=10**7)
        if data == "graph" and name != "conflicts" and name != "peacekeeping":
            assert len(run.result.rows) > 1, name  # an order to get wrong
        variables, rows = client_sorted(graph, queries.bind(query, graph, params))
        assert variables == run.result.variables, name
        assert rows == remote.normalise_rows(run.result.rows), name


def test_a_page_is_cut_after_sorting(graph: Graph, stored: dict[str, StoredQuery]) -> None:
    query = stored["funders"]
    text = queries.bind(query, graph, {})
    whole = remote.normalise_rows(queries.run(query, graph).result.rows)
    _, rows = client_sorted(graph, queries.page(query, text, 3, 2))
    assert len(whole) > 5
    assert rows == whole[2:5]
    _, rows = client_sorted(graph, queries.page(query, text, None, len(whole) - 1))
    assert rows == whole[-1:]


def literal(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(value)


#: Terms of the kinds that stored queries sort on, each column of one kind as they are.
IRIS = st.from_regex(r"http://example\.org/[a-z0-9/]{0,6}", fullmatch=True).map(ox.NamedNode)
STRINGS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=6).map(literal)
NUMBERS = st.one_of(
    st.integers(-1000, 1000).map(lambda i: literal(str(i), "integer")),
    st.decimals(-1000, 1000, places=2, allow_nan=False, allow_infinity=False).map(lambda d: literal(str(d), "decimal")),
)
YEARS = st.integers(1900, 2100).map(lambda y: literal(str(y), "gYear"))
COLUMN = st.sampled_from([IRIS, STRINGS, NUMBERS, YEARS, st.one_of(IRIS, STRINGS)])


def _value(term: ox.Term | None) -> object:
    """What makes two terms equal in an ORDER BY (numbers by value), to keep the order total."""
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC_TYPES:
        return Decimal(term.value)
    return None if term is None else (type(term).__name__, term.value)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[ox.Term | None]], list[bool]]:
    kinds = [draw(COLUMN) for _ in range(draw(st.integers(1, 3)))]
    rows = draw(st.lists(st.tuples(*(st.one_of(st.none(), kind) for kind in kinds)), max_size=25))
    unique = {tuple(_value(t) for t in row): list(row) for row in rows}  # no ties: one order is right
    return list(unique.values()), [draw(st.booleans()) for _ in kinds]


@settings(max_examples=200, deadline=None)
@given(tables())
def test_sorted_here_as_pyoxigraph_sorts(table: tuple[list[list[ox.Term | None]], list[bool]]) -> None:
    rows, descending = table
    names = [f"k{i}" for i in range(len(descending))]
    keys = " ".join(f"DESC(?{n})" if d else f"?{n}" for n, d in zip(names, descending, strict=True))
    block = " ".join("(" + " ".join("UNDEF" if t is None else str(t) for t in row) + ")" for row in rows)
    text = f"SELECT {' '.join('?' + n for n in names)} WHERE {{ VALUES ({' '.join('?' + n for n in names)}) {{ {block} }} }} ORDER BY {keys}"
    store = ox.Store()
    want = [[solution[n] for n in names] for solution in store.query(text)]  # type: ignore[union-attr]
    u = unordered(text)
    got_rows = [[*row, *row] for row in rows]  # the key columns are the variables themselves
    _, got = sort_rows(names + list(u.keys), got_rows, u)
    assert remote.normalise_rows(got) == remote.normalise_rows(want)  # pyoxigraph writes 0.00 as 0


def test_the_rewritten_text_keeps_what_follows_the_order_and_avoids_used_names() -> None:
    text = (
        "PREFIX ex: <http://e/>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\nSELECT ?a (COUNT(?b) AS ?n) ?wpskg_order_0 WHERE { ?a ex:p ?b ; ex:q ?wpskg_order_0 }\n"
        "GROUP BY ?a ?wpskg_order_0 HAVING (COUNT(?b) > 1)\nORDER BY DESC(COUNT(?b)) xsd:string(?a) (?a)\n"
        "OFFSET 4 LIMIT 2 VALUES ?a { ex:x }"
    )
    u = unordered(text)
    assert u.keys == ("_wpskg_order_0", "_wpskg_order_1", "_wpskg_order_2")
    assert u.descending == (True, False, False) and (u.limit, u.offset) == (2, 4)
    assert "ORDER BY" not in u.text and "LIMIT" not in u.text and "OFFSET" not in u.text
    assert "(COUNT(?b) AS ?_wpskg_order_0) (xsd:string(?a) AS ?_wpskg_order_1) ((?a) AS ?_wpskg_order_2)" in u.text
    assert u.text.endswith("HAVING (COUNT(?b) > 1)\nVALUES ?a { ex:x }")
    ox.Store().query(u.text)  # still SPARQL


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("SELECT DISTINCT ?a WHERE { ?a ?p ?b } ORDER BY ?b", "SELECT DISTINCT"),
        ("SELECT REDUCED ?a WHERE { ?a ?p ?b } ORDER BY ?b", "SELECT REDUCED"),
        ("SELECT * WHERE { ?a ?p ?b } ORDER BY ?b", "selects *"),
        ("SELECT ?a WHERE { ?a ?p ?b }", "no ORDER BY"),
        ("SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?b } }", "no ORDER BY"),
        ("ASK { ?a ?p ?b }", "not a SELECT"),
        ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY DESC ?b", "DESC is not followed"),
        ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY 3", "at '3'"),
        ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT x", "LIMIT is not followed"),
    ],
)
def test_what_cannot_be_sorted_here_says_why(text: str, why: str) -> None:
    with pytest.raises(NotSortable, match=why):
        unordered(text)


WORDS = [
    "SELECT",
    "DISTINCT",
    "*",
    "?a",
    "?b",
    "(",
    ")",
    "{",
    "}",
    "WHERE",
    "FROM",
    "<g>",
    "ORDER",
    "BY",
    "DESC",
    "ASC",
]
WORDS += ["STR", "LIMIT", "OFFSET", "3", "VALUES", "AS", "GROUP", "ex:f", "'x'", "#", "\n", "."]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["", "SELECT ?a WHERE { ?a ?b ?c } ORDER BY"]), st.lists(st.sampled_from(WORDS), max_size=30))
def test_any_text_is_rewritten_or_refused_with_a_reason(start: str, words: list[str]) -> None:
    try:
        u = unordered(" ".join([start, *words]))
    except NotSortable as exc:
        assert str(exc)
    else:
        assert len(u.keys) == len(u.descending) >= 1
