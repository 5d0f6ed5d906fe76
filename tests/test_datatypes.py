"""The declared datatypes of the stored queries' columns (wpskg.datatypes, the #+ datatypes header)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from wpskg import datatypes, queries
from wpskg.errors import WpskgError
from wpskg.store import Graph

XSD = "http://www.w3.org/2001/XMLSchema#"


def typed(value: str, kind: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + kind))


def answers(stored: dict[str, queries.StoredQuery], g: Graph) -> list[tuple[str, dict[str, str]]]:
    """Every query with each value of its enum parameters, and provenance with the first plan of ``g``."""
    plan = queries.run(stored["plans"], g).result.rows[0][0]
    out: list[tuple[str, dict[str, str]]] = []
    for name, q in sorted(stored.items()):
        enums = [p for p in q.params if p.values]
        if name == "provenance":
            out.append((name, {"subject": plan.value}))
        elif enums:
            out += [(name, {p.name: v}) for p in enums for v in p.values]
        else:
            out.append((name, {}))
    return out


def test_every_parameter_needed_is_given(stored: dict[str, queries.StoredQuery]) -> None:
    required = {p.name for q in stored.values() for p in q.params if p.required}
    assert required == {"subject"}


@pytest.mark.parametrize("data", ["shipped", "synthetic"])
def test_every_value_is_of_its_columns_declared_datatype(
    data: str, graph: Graph, synthetic: Graph, stored: dict[str, queries.StoredQuery]
) -> None:
    g = graph if data == "shipped" else synthetic
    seen: dict[str, int] = {}
    answered = set()
    for name, params in answers(stored, g):
        q = stored[name]
        found = queries.run(q, g, params, max_rows=10**9).result
        if found.rows:
            answered.add(name)
        for i, column in enumerate(found.variables):
            kinds = q.datatype(column)
            for row in found.rows:
                assert datatypes.conforms(row[i], kinds), (name, params, column, row[i], kinds)
                seen[kinds[0]] = seen.get(kinds[0], 0) + (row[i] is not None)
    # (12 synthetic plans have no disputed values and no peacekeeping figures)
    assert answered == set(stored) - ({"conflicts", "peacekeeping"} if data == "synthetic" else set())
    # The declared datatypes are not all strings: the answers hold IRIs, amounts and counts.
    assert seen["anyURI"] and seen["decimal"] and seen["integer"]


def test_a_column_of_one_datatype_declares_it(
    graph: Graph, synthetic: Graph, stored: dict[str, queries.StoredQuery]
) -> None:
    """A column left out of ``datatypes`` holds strings; if its values all have another one datatype
    on the shipped and the synthetic data, it should say so (or declare ``string`` when others may come)."""
    undeclared: dict[tuple[str, str], set[str]] = {}
    for g in (graph, synthetic):
        for name, params in answers(stored, g):
            q = stored[name]
            found = queries.run(q, g, params, max_rows=10**9).result
            for i, column in enumerate(found.variables):
                if column in q.datatypes:
                    continue
                kinds = undeclared.setdefault((name, column), set())
                kinds.update(k for k in (datatypes.of(row[i]) for row in found.rows) if k is not None)
    one_kind = {key: kinds for key, kinds in undeclared.items() if len(kinds) == 1 and kinds != {"string"}}
    assert not one_kind
    assert ("funders", "funder") in undeclared


def test_conforms() -> None:
    assert datatypes.conforms(typed("12.50", "decimal"), ["decimal"])
    # An integer is a decimal (derived from it), not the other way round.
    assert datatypes.conforms(typed("12", "integer"), ["decimal"])
    assert not datatypes.conforms(typed("12.5", "decimal"), ["integer"])
    assert not datatypes.conforms(typed("2017", "gYear"), ["decimal"])
    assert datatypes.conforms(ox.NamedNode("https://example.org/x"), ["anyURI"])
    assert not datatypes.conforms(ox.Literal("https://example.org/x"), ["anyURI"])
    assert datatypes.conforms(typed("2017-07", "gYearMonth"), ["gYear", "gYearMonth", "date"])
    # A time zone is XSD, but not a form wpskg writes: the CSVW format would reject it.
    assert not datatypes.conforms(typed("2017Z", "gYear"), ["gYear", "gYearMonth"])
    assert datatypes.conforms(None, ["decimal"])
    assert datatypes.conforms(typed("3", "integer"), ["string"])


@pytest.mark.parametrize(
    "header, message",
    [
        ({"amount": "money"}, "'money' (of amount) is not an XSD datatype"),
        ({"themes": "token"}, "themes is a list (lists), so its cells are strings"),
        ({"amount": ["decimal", "anyURI"]}, "amount can be one of several datatypes only among gYear"),
        ({"amount": ["decimal", "decimal"]}, "give amount one datatype, or a list of different ones"),
        ({"amount": []}, "give amount one datatype, or a list of different ones"),
        (["amount"], "datatypes must map columns to XSD datatypes"),
    ],
)
def test_a_mistaken_header_is_an_error_naming_the_file(header: object, message: str) -> None:
    with pytest.raises(WpskgError) as caught:
        datatypes.parse(header, "queries/q.rq", lists=["themes"])
    assert str(caught.value).startswith("queries/q.rq: datatypes")
    assert message in str(caught.value)


def test_the_header_is_read_with_the_query(stored: dict[str, queries.StoredQuery]) -> None:
    assert stored["funders"].datatype("amount") == ("decimal",)
    assert stored["funders"].datatype("funder") == ("string",)
    assert stored["plans"].datatype("adopted") == ("gYear", "gYearMonth", "date")
    text = "#+ columns: [amount]\n#+ datatypes: {amont: decimal}\nSELECT ?amount WHERE { BIND(1 AS ?amount) }\n"
    with pytest.raises(WpskgError, match=re.escape("q.rq: datatypes: 'amont' is not one of the columns (did you mean")):
        queries.StoredQuery.parse(text, "q", Path("q.rq"))


def test_described_by_wpskg_queries(stored: dict[str, queries.StoredQuery]) -> None:
    text = queries.describe(stored["funders"])
    assert "Datatypes: funding, part_of anyURI; amount, max_amount decimal" in text


def test_csvw_and_json_schema() -> None:
    assert datatypes.csvw(["integer"]) == "integer"
    several = datatypes.csvw(["gYear", "date"])
    assert isinstance(several, dict) and several["base"] == "string"
    assert re.fullmatch(several["format"], "2017") and re.fullmatch(several["format"], "2017-07-01")
    assert not re.fullmatch(several["format"], "2017-07")
    assert datatypes.json_schema(["date"]) == {"format": "date"}
    assert datatypes.json_schema(["string"]) == {}


def test_the_integer_and_numeric_types_are_those_of_xsd() -> None:
    names = {"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger"}
    names |= {"nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"}
    assert {XSD + name for name in names} == datatypes.INTEGER_TYPES
    assert {XSD + n for n in ("decimal", "float", "double")} == datatypes.NUMERIC_TYPES - datatypes.INTEGER_TYPES
