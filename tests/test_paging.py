"""Pages in two steps (``page_by``): the same rows as the whole answer's slice, or no page at all."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wpskg import paging, queries
from wpskg.errors import WpskgError
from wpskg.store import Graph, run_query

EX = "PREFIX ex: <https://example.org/>\n"
GOOD = (
    EX
    + """SELECT ?f ?n ?names WHERE {
  { SELECT ?f ?n WHERE { ?f ex:n ?n } }
  OPTIONAL { SELECT ?f (GROUP_CONCAT(?name) AS ?names) WHERE { VALUES ?f { UNDEF } ?f ex:name ?name } GROUP BY ?f }
}
ORDER BY DESC(?n) ?f"""
)


def _small() -> Graph:
    g = Graph()
    g.store.load(
        b"""@prefix ex: <https://example.org/> .
        ex:a ex:n 3 ; ex:name "a1", "a2" . ex:b ex:n 2 ; ex:name "b" . ex:c ex:n 2 . ex:d ex:n 1 ; ex:name "d" .""",
        format=ox.RdfFormat.TURTLE,
    )
    return g


def _execute(g: Graph):
    return lambda text, timeout: run_query(g, text, timeout=timeout)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ASK { ?s ?p ?o }", "not a SELECT"),
        (EX + "SELECT ?f WHERE { VALUES ?f { UNDEF } ?f ex:n ?n } ORDER BY ?f", "first group .* is not a subquery"),
        (GOOD.replace("ORDER BY DESC(?n) ?f", ""), "no ORDER BY"),
        (GOOD.replace("ORDER BY DESC(?n) ?f", "ORDER BY ?names ?f"), r"reads \?names, which the row subquery"),
        (GOOD.replace("ORDER BY DESC(?n) ?f", "ORDER BY DESC(?n)"), r"does not sort on \?f"),
        (GOOD + " LIMIT 5", "LIMIT or OFFSET of its own"),
        (GOOD.replace("VALUES ?f { UNDEF } ", ""), r"no slot 'VALUES \?f \{ UNDEF \}' outside its row subquery"),
        (GOOD.replace("SELECT ?f ?n WHERE", "SELECT * WHERE"), r"selects \*"),
        (GOOD.replace("SELECT ?f ?n ?names", "SELECT ?n ?names"), r"\?f is not a variable that both"),
    ],
)
def test_a_query_that_does_not_split_says_why(text: str, message: str) -> None:
    with pytest.raises(paging.SplitError, match=message):
        paging.split(text, "f")


def test_a_stored_query_with_a_bad_page_by_names_its_file(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("#+ page_by: g\n" + GOOD, encoding="utf-8")
    with pytest.raises(WpskgError, match=r"q\.rq: page_by: g: the ORDER BY does not sort on \?g"):
        queries.load_query(path)


def test_a_page_is_the_slice_of_the_whole_answer() -> None:
    g = _small()
    whole = run_query(g, GOOD)
    assert [r[0].value for r in whole.rows] == ["https://example.org/" + x for x in "abcd"]
    for limit in (1, 2, 3, 5):
        for offset in range(0, 6):
            got = paging.run(GOOD, "f", limit, offset, _execute(g), 10)
            assert got is not None
            assert got.variables == whole.variables
            assert got.rows == whole.rows[offset : offset + limit], (limit, offset)


def test_a_second_row_for_one_row_of_the_row_subquery_gives_no_page() -> None:
    """The promise broken (a plain OPTIONAL with two values): no two-step page, and queries.run pages in one."""
    broken = GOOD.replace("}\nORDER BY", "  OPTIONAL { ?f ex:name ?other }\n}\nORDER BY")
    g = _small()
    assert paging.run(broken, "f", 1, 0, _execute(g), 10) is None
    assert paging.run(broken, "f", 1, 1, _execute(g), 10) is not None  # ex:b has one name
    stored = queries.StoredQuery.parse("#+ page_by: f\n" + broken, "broken")
    whole = queries.run(stored, g).result.rows
    assert queries.run(stored, g, limit=2).result.rows == whole[:2]
    # the second query's three rows for a page of two pass a row cap of two: the one-step page, not an error
    assert queries.run(stored, g, limit=2, max_rows=2).result.rows == whole[:2]


def test_an_unbound_value_of_a_row_stays_unbound() -> None:
    text = GOOD.replace("{ ?f ex:n ?n }", "{ ?f ex:k ?k OPTIONAL { ?f ex:n ?n } }")
    g = Graph()
    g.store.load(
        b"""@prefix ex: <https://example.org/> .
        ex:a ex:k 1 ; ex:n 3 ; ex:name "a" . ex:b ex:k 1 ; ex:name "b" . ex:c ex:k 1 ; ex:n 1 .""",
        format=ox.RdfFormat.TURTLE,
    )
    whole = run_query(g, text).rows
    assert any(row[1] is None for row in whole)
    for offset in range(3):
        got = paging.run(text, "f", 1, offset, _execute(g), 10)
        assert got is not None and got.rows == whole[offset : offset + 1]


def test_a_blank_node_key_gives_no_page() -> None:
    g = Graph()
    g.store.load(b"@prefix ex: <https://example.org/> . [] ex:n 1 .", format=ox.RdfFormat.TURTLE)
    assert paging.run(GOOD, "f", 1, 0, _execute(g), 10) is None


@pytest.mark.parametrize("graph_name", ["graph", "synthetic"])
def test_every_paged_stored_query_pages_as_its_whole_answer(
    request: pytest.FixtureRequest, graph_name: str, stored: dict[str, queries.StoredQuery]
) -> None:
    """For each query with page_by and each of its parameters: every page, both ways, is the whole answer's slice."""
    g = request.getfixturevalue(graph_name)
    paged = [q for q in stored.values() if q.page_by]
    assert {q.name for q in paged} >= {"funders", "objectives", "figures"}
    samples = {"country": "ML", "theme": "gbv", "year": "2020"}
    first = {"plan": "Plan", "indicator": "Indicator", "actor": "Actor"}  # the first of the class in the graph
    for q in paged:
        choices: list[dict[str, str]] = [{}]
        for p in q.params:
            if p.name == "funded_by":  # the first funder, so that the answer has rows
                funder = "SELECT ?p WHERE { ?f <https://schema.org/funder> ?p } ORDER BY ?p LIMIT 1"
                value = str(g.select(funder)[0]["p"].value)
            elif p.name in first:
                cls = f"<https://w3id.org/wpskg/ont#{first[p.name]}>"
                value = str(g.select(f"SELECT ?p WHERE {{ ?p a {cls} }} ORDER BY ?p LIMIT 1")[0]["p"].value)
            else:
                value = samples[p.name]
            choices.append({p.name: value})
        for params in choices:
            bound = queries.bind(q, g, params)
            whole = queries.run(q, g, params).result.rows
            size = max(1, len(whole) // 3)
            for offset in range(0, len(whole) + size, size):
                two = paging.run(bound, q.page_by, size, offset, _execute(g), 30)
                assert two is not None, (q.name, params, offset)
                assert two.rows == whole[offset : offset + size], (q.name, params, offset)
                assert queries.run(q, g, params, limit=size, offset=offset).result.rows == two.rows


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.lists(st.sampled_from("xyz"), max_size=3)), min_size=1, max_size=8),
    st.integers(1, 5),
    st.integers(0, 9),
)
def test_any_page_of_any_graph_is_its_slice(rows: list[tuple[int, list[str]]], limit: int, offset: int) -> None:
    """Equal ?n (ties broken by ?f), rows without names, pages past the end: two steps give the slice."""
    g = Graph()
    turtle = "@prefix ex: <https://example.org/> .\n" + "\n".join(
        f"ex:r{i} ex:n {n} ." + "".join(f' ex:r{i} ex:name "{name}" .' for name in names)
        for i, (n, names) in enumerate(rows)
    )
    g.store.load(turtle.encode(), format=ox.RdfFormat.TURTLE)
    whole = run_query(g, GOOD).rows
    got = paging.run(GOOD, "f", limit, offset, _execute(g), 10)
    assert got is not None
    assert got.rows == whole[offset : offset + limit]
