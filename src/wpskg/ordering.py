"""A SELECT's ORDER BY done by the client, for endpoints that cannot sort long rows.

Virtuoso 7.2 refuses to sort rows that hold a long value: a joined list of
more than about 8 KB (SR478, "Value of ANY type column too long"), or a row
longer than its temporary columns (SR319, "Max row length is exceeded").
``resolutions`` meets it from about 30 plans (resolution 1325 is in every
plan) and ``actors`` at 1000, while the same queries without their ORDER BY
answer. :func:`unordered` rewrites a SELECT so that the endpoint computes
each sort key of its final ORDER BY as a column of its own, without
sorting; :func:`sort_rows` then sorts the answer as SPARQL (and pyoxigraph)
orders terms, slices it as its LIMIT and OFFSET say, and drops the key
columns. The rows are the rows that the endpoint would have sorted itself.

>>> u = unordered("SELECT ?s ?n WHERE { ?s <p> ?n } ORDER BY DESC(?n) STR(?s) LIMIT 2")
>>> print(u.text)
SELECT ?s ?n (?n AS ?wpskg_order_0) (STR(?s) AS ?wpskg_order_1) WHERE { ?s <p> ?n }
>>> u.descending, u.limit, u.offset
((True, False), 2, 0)
>>> n = lambda v: ox.Literal(v, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
>>> rows = [[ox.NamedNode(f"http://x/{i}"), n(str(i)), n(str(i)), ox.Literal(f"http://x/{i}")] for i in (9, 10, 2)]
>>> variables, rows = sort_rows(["s", "n", *u.keys], rows, u)
>>> variables, [row[1].value for row in rows]
(['s', 'n'], ['10', '9'])
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from .datatypes import NUMERIC_TYPES
from .sparql_guard import Spans, closed, token_spans

KEY_PREFIX = "wpskg_order_"

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class NotSortable(ValueError):
    """The query's order cannot be moved to the client; the message says why."""


@dataclass(frozen=True)
class Unordered:
    """A SELECT without its ORDER BY, LIMIT and OFFSET, its sort keys projected as columns."""

    text: str
    #: The names of the key columns, in the order of the ORDER BY.
    keys: tuple[str, ...]
    descending: tuple[bool, ...]
    limit: int | None
    offset: int


def _keys(toks: Spans, text: str) -> list[tuple[str, bool]]:
    """Each ORDER BY condition of ``toks`` (from after BY) as (expression text, descending)."""
    keys, i = [], 0
    while i < len(toks):
        kind, word, at = toks[i]
        if kind == "var":
            keys.append((word, False))
            i += 1
            continue
        bracketed = word.upper() in ("ASC", "DESC")
        if bracketed:
            i += 1
            if i >= len(toks) or toks[i][1] != "(":
                raise NotSortable(f"{word} is not followed by a bracketed expression")
        elif kind in ("word", "pname", "iri") and i + 1 < len(toks) and toks[i + 1][1] == "(":
            i += 1  # a function call: STR(?x), COALESCE(...), ex:f(?x)
        elif word != "(":
            raise NotSortable(f"cannot read the ORDER BY condition at {word!r}")
        end = closed(toks, i, NotSortable)
        if bracketed:  # ASC(...), DESC(...): the expression inside the brackets
            keys.append((text[toks[i + 1][2] : toks[end][2]].strip(), word.upper() == "DESC"))
        else:
            keys.append((text[at : toks[end][2] + 1], False))
        i = end + 1
    if not keys:
        raise NotSortable("the ORDER BY has no condition")
    return keys


def _free_names(toks: Spans, count: int) -> list[str]:
    """``count`` variable names that the query does not use."""
    used = {t[1][1:] for t in toks if t[0] == "var"}
    prefix = KEY_PREFIX
    while any(name.startswith(prefix) for name in used):
        prefix = "_" + prefix
    return [f"{prefix}{i}" for i in range(count)]


def unordered(text: str) -> Unordered:
    """``text`` with its final ORDER BY (and LIMIT, OFFSET) taken out and its sort keys projected.

    :class:`NotSortable` when the text has no ORDER BY of its own, selects ``*``,
    or is DISTINCT or REDUCED (a key column could split its rows).
    """
    toks = token_spans(text)
    select = next((i for i, t in enumerate(toks) if t[0] == "word" and t[1].upper() == "SELECT"), None)
    if select is None:
        raise NotSortable("the query is not a SELECT")
    if select + 1 < len(toks) and toks[select + 1][1].upper() in ("DISTINCT", "REDUCED"):
        raise NotSortable(f"the query is SELECT {toks[select + 1][1].upper()}")
    body, depth = select + 1, 0
    while body < len(toks):
        word = toks[body][1]
        if depth == 0 and (word == "{" or word.upper() in ("WHERE", "FROM")):
            break
        depth += {"(": 1, ")": -1}.get(word, 0)
        if depth == 0 and word == "*":
            raise NotSortable("the query selects *")
        body += 1
    group = next((j for j in range(body, len(toks)) if toks[j][1] == "{"), None)
    if group is None:
        raise NotSortable("the query has no WHERE clause")
    rest_at = closed(toks, group, NotSortable) + 1
    rest = toks[rest_at:]
    order = next(
        (j for j in range(len(rest) - 1) if rest[j][1].upper() == "ORDER" and rest[j + 1][1].upper() == "BY"), None
    )
    if order is None:
        raise NotSortable("the query has no ORDER BY of its own")
    stop = order + 2
    while stop < len(rest) and rest[stop][1].upper() not in ("LIMIT", "OFFSET", "VALUES"):
        stop += 1
    keys = _keys(rest[order + 2 : stop], text)
    limit, offset, after = None, 0, stop
    while after + 1 < len(rest) and rest[after][1].upper() in ("LIMIT", "OFFSET"):
        number = rest[after + 1]
        if number[0] != "number":
            raise NotSortable(f"{rest[after][1]} is not followed by a number")
        if rest[after][1].upper() == "LIMIT":
            limit = int(number[1])
        else:
            offset = int(number[1])
        after += 2
    names = _free_names(toks, len(keys))
    projected = " ".join(f"({expression} AS ?{name})" for (expression, _), name in zip(keys, names, strict=True))
    cut = toks[body][2]
    before_order = text[cut : rest[order][2]].rstrip()
    tail = text[rest[after][2] :] if after < len(rest) else ""
    out = f"{text[:cut].rstrip()} {projected} {before_order}" + (f"\n{tail}" if tail else "")
    return Unordered(out, tuple(names), tuple(d for _, d in keys), limit, offset)


def _number(term: ox.Literal) -> Decimal | None:
    """The value of a numeric literal, or None."""
    if term.datatype.value not in NUMERIC_TYPES:
        return None
    try:
        return Decimal(term.value.strip())
    except InvalidOperation:
        return None


def _rank(term: Term | None) -> int:
    """Unbound, then blank nodes, then IRIs, then literals (SPARQL 1.1, 15.1)."""
    if term is None:
        return 0
    if isinstance(term, ox.BlankNode):
        return 1
    return 2 if isinstance(term, ox.NamedNode) else 3


def compare_terms(a: Term | None, b: Term | None) -> int:
    """-1, 0 or 1 as ORDER BY orders ``a`` and ``b``, the way pyoxigraph does.

    Numbers compare by value; other literals by their lexical form (the
    order of strings, and of dates and years written alike).

    >>> i = lambda v: ox.Literal(v, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    >>> compare_terms(i("9"), i("10")), compare_terms(ox.Literal("9"), ox.Literal("10"))
    (-1, 1)
    >>> compare_terms(None, ox.NamedNode("http://a")), compare_terms(ox.NamedNode("http://a"), ox.Literal(""))
    (-1, -1)
    """
    ra, rb = _rank(a), _rank(b)
    if ra != rb or ra == 0:
        return (ra > rb) - (ra < rb)
    if isinstance(a, ox.Literal) and isinstance(b, ox.Literal):
        x, y = _number(a), _number(b)
        if x is not None and y is not None:
            return (x > y) - (x < y)
    va, vb = a.value, b.value  # type: ignore[union-attr]
    return (va > vb) - (va < vb)


def sort_rows(
    variables: Sequence[str], rows: Sequence[Sequence[Term | None]], u: Unordered
) -> tuple[list[str], list[list[Term | None]]]:
    """The rows of ``u.text``'s answer sorted, sliced, and without the key columns."""
    at = [list(variables).index(name) for name in u.keys]
    ordered = [list(row) for row in rows]
    for index, descending in reversed(list(zip(at, u.descending, strict=True))):
        key = functools.cmp_to_key(lambda a, b, i=index: compare_terms(a[i], b[i]))
        ordered.sort(key=key, reverse=descending)
    end = None if u.limit is None else u.offset + u.limit
    keep = [i for i, name in enumerate(variables) if name not in u.keys]
    return [variables[i] for i in keep], [[row[i] for i in keep] for row in ordered[u.offset : end]]
