"""Parameter values never change a stored query's shape (Hypothesis, arbitrary strings).

For every parameter of every stored query, an arbitrary string (with a bias
towards quotes, ``\\u0022`` escapes, ``>``, braces, ``#`` and newlines) is
bound. Binding either refuses the value with :class:`ParameterError`, or
yields a query whose token stream is the benign query's with only the slot's
terms changed; rdflib parses it to the same tree as the benign query (slot
values aside); pyoxigraph reads the slot back as exactly the value given; and
running it returns no rows that the value, taken literally, does not match.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from wpskg import queries
from wpskg.errors import ParameterError
from wpskg.namespaces import PREFIXES
from wpskg.project import Project
from wpskg.sparql_guard import tokens
from wpskg.store import Graph, infer, load_project

ROOT = Path(__file__).resolve().parent.parent
STORED = queries.load_queries(ROOT / "queries")
#: A value of each parameter type that binds (the "benign" query).
BENIGN = {
    "country": "ML",
    "theme": "gbv",
    "year": "2021",
    "plan": "be-wps-nap-3",
    "indicator": "nap-signatories",
    "actor": "be-igvm",
    "string": "be-wps-nap-1",
    "iri": "https://w3id.org/wpskg/id/plan/be-wps-nap-3",
    "subject": "be-wps-nap-1",
}
PARAMS = [(name, p) for name, q in sorted(STORED.items()) for p in q.params]
NASTY = [
    '"',
    "\\u0022",
    "\\U00000022",
    '\\"',
    "\\",
    ">",
    "<",
    "{",
    "}",
    "#",
    "\n",
    "\r",
    "'",
    "'''",
    '"""',
    " } UNION { ?s ?p ?o } ",
    "\\u003E",
    "\\u007D",
    "^^",
    "@en",
    ")",
    " || true || ",
    "?s",
    "UNDEF",
]
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), max_size=6).map("".join)
any_text = st.one_of(nasty_text, st.text())

_graph: Graph | None = None


def kg() -> Graph:
    """The shipped graph, loaded once (Hypothesis reruns the test function many times)."""
    global _graph
    if _graph is None:
        _graph = load_project(Project(ROOT))
        infer(_graph)
    return _graph


def benign_value(param: queries.Param) -> str:
    if param.values:
        return param.values[0]
    return BENIGN[param.type]


def token_shape(text: str, slot: str) -> list[tuple[str, str]]:
    """The query's tokens, with the slot's terms replaced by their kind only."""
    out: list[tuple[str, str]] = []
    skipping = False
    toks = tokens(text)
    for i, (kind, word) in enumerate(toks):
        if skipping:
            if word == "}":
                skipping = False
                out.append((kind, word))
            else:
                out.append(("slot-term", ""))
            continue
        out.append((kind, word))
        if word == "{" and i >= 2 and toks[i - 2][1].upper() == "VALUES" and toks[i - 1][1] == "?" + slot:
            skipping = True
    # adjacent slot terms of one value (a literal with its datatype) collapse into one
    collapsed: list[tuple[str, str]] = []
    for tok in out:
        if tok == ("slot-term", "") and collapsed and collapsed[-1] == tok:
            continue
        collapsed.append(tok)
    return collapsed


def tree(node: object, slot: str) -> object:
    """rdflib's parse tree as plain tuples; the slot's data values become a placeholder."""
    if isinstance(node, CompValue):
        items = []
        for key, value in sorted(node.items(), key=lambda kv: kv[0]):
            items.append((key, tree(value, slot)))
        if node.name == "InlineData" and [str(v) for v in node.get("var", [])] == [slot]:
            items = [(k, "<slot values>" if k == "value" else v) for k, v in items]
        return (node.name, tuple(items))
    if isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        return tuple(tree(v, slot) for v in node)  # type: ignore[union-attr]
    return repr(node)


@functools.cache
def benign_tree(query_name: str, name: str) -> object:
    """The rdflib tree of the query bound with a benign value (parsed once: rdflib is slow)."""
    param = STORED[query_name].param(name)
    return tree(parseQuery(queries.bind(STORED[query_name], kg(), {name: benign_value(param)})), name)


def parses_in_rdflib_as_written(value: str) -> bool:
    """rdflib decodes \\u and \\U escapes before parsing, even inside strings; leave those to pyoxigraph."""
    return "\\u" not in value and "\\U" not in value


@pytest.mark.parametrize(("query_name", "param"), PARAMS, ids=[f"{q}-{p.name}" for q, p in PARAMS])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=any_text)
def test_binding_keeps_the_query_shape(query_name: str, param: queries.Param, value: str) -> None:
    stored = STORED[query_name]
    benign = queries.bind(stored, kg(), {param.name: benign_value(param)})
    try:
        bound = queries.bind(stored, kg(), {param.name: value})
    except ParameterError:
        return  # refused with a clear error: fine
    if value == "":
        # empty means "not given": the parameter's default, or no constraint when it has none
        assert bound == queries.bind(stored, kg(), {})
        return
    # Only the slot changed, token for token.
    assert token_shape(bound, param.name) == token_shape(benign, param.name)
    # The engine reads the slot as exactly the values the resolver produced, the user's text intact.
    terms = queries.Resolver(kg()).resolve(param, value)
    assert f"VALUES ?{param.name} {{ {' '.join(terms)} }}" in bound
    probe = f"SELECT ?v WHERE {{ VALUES ?v {{ {' '.join(terms)} }} }}"
    read_back = [row["v"] for row in ox.Store().query(probe)]
    if param.type in ("string", "enum", "actor-type"):
        assert [t.value for t in read_back] == [value.strip()]
    # rdflib agrees on the structure.
    if parses_in_rdflib_as_written(value):
        assert tree(parseQuery(bound), param.name) == benign_tree(query_name, param.name)


def matches(graph: Graph, text: str) -> set[str]:
    """The subjects that the provenance parameter's documented rules name for ``text``, in Python."""
    value = text.strip()
    if "://" in value:
        return {value}
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return {PREFIXES[prefix] + local}
    labels = [
        ox.NamedNode(i)
        for i in (
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/2004/02/skos/core#prefLabel",
            "http://www.w3.org/2004/02/skos/core#altLabel",
        )
    ]
    found = set()
    if re.fullmatch(r"[A-Za-z0-9._~-]+", value):  # a local id
        found = {
            ns + value
            for ns in PREFIXES.values()
            if ns.endswith("/") and next(graph.store.quads_for_pattern(ox.NamedNode(ns + value), None, None), None)
        }
    for p in labels:
        for quad in graph.store.quads_for_pattern(None, p, None):
            if quad.object.value.lower() == value.lower() and isinstance(quad.subject, ox.NamedNode):
                found.add(quad.subject.value)
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=nasty_text)
def test_a_hostile_subject_returns_no_extra_rows(value: str) -> None:
    assume(value.strip())
    try:
        run = queries.run(STORED["provenance"], kg(), {"subject": value}, timeout=60)
    except ParameterError as exc:
        assert "not a valid IRI" in str(exc) or not matches(kg(), value), f"{value!r} names something, yet was refused"
        return
    subjects = {row[1].value for row in run.result.rows}
    assert subjects <= matches(kg(), value)
    assert run.result.variables == STORED["provenance"].columns


@pytest.mark.parametrize(
    "value",
    [
        'x" } UNION { ?claim ?p ?o } #',
        "\\u0022) || true || (\\u0022",
        "be-wps-nap-1> } #",
        'be-wps-nap-1"\n} UNION {',
        "\\U00000022 } #",
    ],
)
def test_known_injections_are_refused(value: str) -> None:
    with pytest.raises(ParameterError, match="nothing in the graph is named"):
        queries.run(STORED["provenance"], kg(), {"subject": value})
    for name in ("objectives", "focus-countries"):
        with pytest.raises(ParameterError, match="Valid plans"):
            queries.bind(STORED[name], kg(), {"plan": value})
    with pytest.raises(ParameterError, match="Valid codes"):
        queries.bind(STORED["funders"], kg(), {"country": value})
    with pytest.raises(ParameterError, match="Valid indicators"):
        queries.bind(STORED["figures"], kg(), {"indicator": value})


@given(value=st.text())
@settings(max_examples=200, deadline=None)
def test_literals_and_iris_round_trip_through_the_engine(value: str) -> None:
    literal = queries.sparql_literal(value)
    (row,) = ox.Store().query(f"SELECT ?v WHERE {{ VALUES ?v {{ {literal} }} }}")
    assert row["v"].value == value
    try:
        iri = queries.sparql_iri("https://example.org/" + value)
    except ParameterError:
        return
    # sparql_iri refuses what the engine's IRI parser would: no SyntaxError here
    (row,) = ox.Store().query(f"SELECT ?v WHERE {{ VALUES ?v {{ {iri} }} }}")
    assert row["v"].value == "https://example.org/" + value


@pytest.mark.parametrize("value", ["UNDEF:\x7f", "http://x/%zz", "https://example.org/a\x7fb"])
def test_an_iri_the_engine_would_reject_is_a_parameter_error(value: str) -> None:
    """Regression (found by fuzz/wpskg_fuzz.py): DEL and bad %-escapes passed the check and
    became a syntax error in the bound query, reported as the query's fault."""
    with pytest.raises(ParameterError, match="not a valid IRI"):
        queries.sparql_iri(value)
    with pytest.raises(ParameterError):  # as an IRI, or as a name that nothing has
        queries.run(STORED["provenance"], kg(), {"subject": value})
