"""Pages of a stored query's rows in two steps.

A stored query whose header declares ``page_by: <var>`` promises that

* the first group of its WHERE clause is a subquery, the *row subquery*,
  and each row of the answer is one row of it (the other groups add columns
  to a row: lists grouped by ``?var``, or single values);
* every other group that would compute something for all rows has a slot
  ``VALUES ?var { UNDEF }``, which restricts it to some ``?var`` values;
* its ORDER BY reads only variables of the row subquery, and sorts its rows
  in one way (``?var`` is among the sort keys).

A page is then two queries: the row subquery alone, sorted and sliced, and
the whole query with those rows as a VALUES block in place of the row
subquery and the page's ``?var`` values in its slots. The whole query costs
about the same for each row, so a page of 100 of 8,000 rows takes a small
part of the time of the whole answer, where ``LIMIT`` and ``OFFSET`` alone
still compute every row before they slice. Unless each row of the first
query gives exactly one row of the second, the promise is broken on this
data, and :func:`run` gives None: the caller runs the one-step page, never a
wrong one.

>>> text = '''PREFIX ex: <https://example.org/>
... SELECT ?f ?n ?names WHERE {
...   { SELECT ?f ?n WHERE { ?f ex:n ?n } }
...   OPTIONAL { SELECT ?f (GROUP_CONCAT(?name) AS ?names)
...              WHERE { VALUES ?f { UNDEF } ?f ex:name ?name } GROUP BY ?f }
... }
... ORDER BY DESC(?n) ?f'''
>>> s = split(text, "f")
>>> s.row_columns, s.shared
(('f', 'n'), ('f', 'n'))
>>> print(rows_query(s, 10, 20))
PREFIX ex: <https://example.org/>
SELECT ?f ?n WHERE { SELECT ?f ?n WHERE { ?f ex:n ?n } }
ORDER BY DESC(?n) ?f
LIMIT 10 OFFSET 20
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from . import slots
from .errors import AnswerTooLarge, QuerySyntaxError, RowCapExceeded
from .sparql_guard import closed, token_spans
from .store import Result


class SplitError(ValueError):
    """The query text does not have the form that ``page_by`` promises."""


@dataclass(frozen=True)
class Split:
    """A query cut where a page needs it: before its SELECT, its row subquery, its ORDER BY."""

    key: str
    prologue: str
    rows: str
    #: Where the row subquery's group starts and ends in the text.
    span: tuple[int, int]
    order: str
    #: The variables the row subquery selects.
    row_columns: tuple[str, ...]
    #: The variables of the row subquery that the query selects too, in the query's order.
    shared: tuple[str, ...]
    #: The variables the query selects.
    selected: tuple[str, ...]


def _projected(toks: list[tuple[str, str, int]]) -> list[str]:
    """The variables a SELECT clause's tokens (from SELECT to WHERE) project, in order."""
    names, depth = [], 0
    for i, (kind, text, _) in enumerate(toks):
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "*":
            raise SplitError("the row subquery selects *; name its variables")
        elif kind == "var" and (depth == 0 or toks[i - 1][1].upper() == "AS"):
            names.append(text[1:])
    return names


def _where(toks: list[tuple[str, str, int]], start: int) -> int:
    """The index of the first WHERE (or ``{``) after the SELECT at ``start``."""
    for j in range(start, len(toks)):
        if toks[j][1].upper() == "WHERE" or toks[j][1] == "{":
            return j
    raise SplitError("no WHERE clause")


def split(text: str, key: str) -> Split:
    """Cut ``text`` for pages by ``?key``; :class:`SplitError` says what is missing."""
    toks = token_spans(text)
    select = next((i for i, t in enumerate(toks) if t[1].upper() == "SELECT"), None)
    if select is None:
        raise SplitError("the query is not a SELECT")
    where = _where(toks, select)
    selected = _projected(toks[select + 1 : where])
    body = where + 1 if toks[where][1] != "{" else where
    if body >= len(toks) or toks[body][1] != "{":
        raise SplitError("no WHERE clause")
    end = closed(toks, body, SplitError)
    first = body + 1
    if first >= end or toks[first][1] != "{" or first + 1 >= end or toks[first + 1][1].upper() != "SELECT":
        raise SplitError("the first group of the WHERE clause is not a subquery { SELECT ... }")
    first_end = closed(toks, first, SplitError)
    inner = _projected(toks[first + 2 : _where(toks, first + 1)])
    rest = toks[end + 1 :]
    if len(rest) < 2 or rest[0][1].upper() != "ORDER" or rest[1][1].upper() != "BY":
        raise SplitError("the query has no ORDER BY after its WHERE clause")
    if any(t[1].upper() in ("LIMIT", "OFFSET") for t in rest):
        raise SplitError("the query has a LIMIT or OFFSET of its own")
    order_vars = {t[1][1:] for t in rest if t[0] == "var"}
    if not order_vars <= set(inner):
        missing = ", ".join(f"?{v}" for v in sorted(order_vars - set(inner)))
        raise SplitError(f"the ORDER BY reads {missing}, which the row subquery does not select")
    if key not in order_vars:
        raise SplitError(f"the ORDER BY does not sort on ?{key}")
    shared = tuple(v for v in selected if v in inner)
    if key not in shared:
        raise SplitError(f"?{key} is not a variable that both the query and its row subquery select")
    span = (toks[first][2], toks[first_end][2] + 1)
    if not slots.has(text[: span[0]] + text[span[1] :], key):
        raise SplitError(f"the query has no slot 'VALUES ?{key} {{ UNDEF }}' outside its row subquery")
    return Split(
        key=key,
        prologue=text[: toks[select][2]],
        rows=text[span[0] : span[1]],
        span=span,
        order=text[rest[0][2] :].strip(),
        row_columns=tuple(dict.fromkeys(inner)),
        shared=shared,
        selected=tuple(selected),
    )


def rows_query(s: Split, limit: int, offset: int) -> str:
    """The first query of a page: the row subquery's rows, sorted and sliced."""
    variables = " ".join(f"?{v}" for v in s.row_columns)
    slice_ = f"LIMIT {limit}" + (f" OFFSET {offset}" if offset else "")
    return f"{s.prologue}SELECT {variables} WHERE {s.rows}\n{s.order}\n{slice_}"


def _lines(data: bytes) -> tuple[list[str], list[bytes]]:
    """The header's variable names and the row lines of a SPARQL TSV result."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    header = [v.lstrip("?$") for v in lines[0].decode().split("\t")] if lines and lines[0] else []
    return header, lines[1:]


def second_query(text: str, s: Split, header: list[str], rows: list[list[bytes]]) -> str:
    """The whole query (bound, ``text``) for the first query's ``rows`` (TSV cells under ``header``) only."""
    names = " ".join(f"?{v}" for v in header)
    block = "\n".join("(" + " ".join(c.decode() or "UNDEF" for c in row) + ")" for row in rows)
    at = header.index(s.key)
    keys = list(dict.fromkeys(row[at].decode() for row in rows))
    inline = f"{{ VALUES ({names}) {{\n{block}\n}} }}"
    return slots.fill(text[: s.span[0]] + inline + text[s.span[1] :], s.key, keys)


def run(
    text: str,
    key: str,
    limit: int,
    offset: int,
    execute: Callable[[str, float], Result],
    timeout: float,
) -> Result | None:
    """One page of the (bound) query ``text`` in two queries, run by ``execute(query, timeout)``.

    None when the page cannot be had this way: the text does not split, a
    cell of the first query is a blank node or its key is unbound, or the
    rows of the two queries do not match one for one (or pass the row cap).
    """
    try:
        s = split(text, key)
    except SplitError:
        return None
    started = time.monotonic()
    first = execute(rows_query(s, limit, offset), timeout)
    header, lines = _lines(first.data)
    if not lines:  # past the last row
        return Result("select", list(s.selected), data=("\t".join(f"?{v}" for v in s.selected) + "\n").encode())
    rows = [line.split(b"\t") for line in lines]
    at = header.index(key)
    if any(not row[at] or any(c.startswith(b"_:") for c in row) for row in rows):
        return None
    shared = [header.index(c) for c in s.shared]
    wanted = Counter(tuple(row[i] for i in shared) for row in rows)
    left = max(timeout - (time.monotonic() - started), 0.001)
    try:
        second = execute(second_query(text, s, header, rows), left)
    except QuerySyntaxError:  # a term that TSV writes and SPARQL cannot read
        return None
    except AnswerTooLarge:  # too large as a page: too large whole as well, so not run again
        raise
    except RowCapExceeded:  # more rows than the page's: the promise is broken on this data
        return None
    names, answer = _lines(second.data)
    where = [names.index(c) for c in s.shared]
    for line in answer:
        cells = line.split(b"\t")
        row = tuple(cells[i] for i in where)
        if wanted[row] == 0:  # a second answer row for one row of the first query
            return None
        wanted[row] -= 1
    if any(wanted.values()):
        return None
    return second
