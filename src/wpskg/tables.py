"""The stored queries' answers as CSV on the Web (CSVW) tables, for open-data portals.

A portal's users download CSV far more than RDF. For each stored query that needs
no parameter, :func:`tables` gives

- ``wpskg-table-<query>.csv``: the answer with the query's default parameters, as
  SPARQL 1.1 Query Results CSV (lexical forms, so amounts stay exact; CRLF line
  ends; lists are the query's own ``" | "`` or ``", "`` joined cells), and
- ``wpskg-table-<query>.csv-metadata.json``: its W3C CSVW metadata ("Metadata
  Vocabulary for Tabular Data"), found by CSVW processors next to the CSV: the
  query's summary and description, the licence, and each column's name and
  datatype, and the separator of a list (the query's ``lists``).

A query whose header names a ``table_per`` parameter gets one table per value of
it, ``wpskg-table-<query>-<parameter>-<value>.csv`` (``funding-totals`` by
country, theme, funder, funder's country and recipient).

A column's datatype is the one the query's header declares (``datatypes``, see
:mod:`wpskg.datatypes`), so the schema stays the same from one release to the next;
a value of another datatype stops the export with the query, column, row and value.
An empty cell is null (CSVW's default).

>>> column("amount", ("decimal",))
{'name': 'amount', 'titles': 'amount', 'datatype': 'decimal'}
>>> column("start", ("gYear", "gYearMonth"))["datatype"]["format"]
'^(?:-?[0-9]{4}|-?[0-9]{4}-[0-9]{2})$'
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from . import datatypes, queries, results
from .dcat import Answer
from .errors import WpskgError
from .store import Graph

PREFIX = "wpskg-table-"
CSVW_CONTEXT = "http://www.w3.org/ns/csvw"

#: The files of a table: ``wpskg-table-<query>.csv`` and its ``-metadata.json``.
FILE_NAME = re.compile(rf"^{PREFIX}[a-z0-9][a-z0-9_-]*\.csv(-metadata\.json)?$")


@dataclass(frozen=True)
class Table:
    """One stored query's answer as a CSV file and its CSVW metadata."""

    answer: Answer
    csv: bytes
    metadata: bytes
    rows: int

    @property
    def name(self) -> str:
        """The CSV file's name."""
        return f"{PREFIX}{self.answer.name}.csv"

    @property
    def metadata_name(self) -> str:
        """The CSVW metadata file's name: the CSV file's with ``-metadata.json``."""
        return self.name + "-metadata.json"


def file_name(query: str, params: dict[str, str] | None = None) -> str:
    """The name of the CSV file of the stored query ``query`` with ``params``.

    >>> file_name("funders"), file_name("funding-totals", {"by": "theme"})
    ('wpskg-table-funders.csv', 'wpskg-table-funding-totals-by-theme.csv')
    """
    return f"{PREFIX}{answer_name(query, params or {})}.csv"


def answer_name(query: str, params: dict[str, str]) -> str:
    """The query and its parameters in one name, for files and distributions.

    >>> answer_name("funding-totals", {"by": "theme"})
    'funding-totals-by-theme'
    """
    return query + "".join(f"-{k}-{v}" for k, v in params.items())


def answer(stored: queries.StoredQuery, params: dict[str, str] | None = None, *, examples: bool = True) -> Answer:
    """The answer of ``stored`` with ``params``: its name, title and description (with the example of
    wpskg's own data when ``examples``: a publisher's graph is not wpskg's)."""
    params = params or {}
    described = stored.prose_for(examples)
    name = answer_name(stored.name, params)
    return Answer(stored.name, params, name, title(stored, params), described, has_quotes(stored.columns))


def is_table_file(name: str) -> bool:
    """Whether ``name`` is the name of a table file (CSV or metadata).

    >>> is_table_file("wpskg-table-funders.csv"), is_table_file("wpskg-table-funders.csv-metadata.json")
    (True, True)
    >>> is_table_file("funders.csv")
    False
    """
    return FILE_NAME.match(name) is not None


def column(
    name: str, kinds: Sequence[str], separator: str | None = None, description: str | None = None
) -> dict[str, object]:
    """The CSVW description of the column ``name`` of datatypes ``kinds``; a list column has the
    ``separator`` that joins its values.

    >>> described = column("themes", ("string",), ", ", "the theme notations")
    >>> described["dc:description"], described["datatype"], described["separator"]
    ('the theme notations', 'string', ', ')
    """
    described: dict[str, object] = {"name": name, "titles": name}
    if description:
        described["dc:description"] = description
    described["datatype"] = datatypes.csvw(kinds)
    if separator is not None:
        described["separator"] = separator
    return described


def check(stored: queries.StoredQuery, variables: Sequence[str], rows: Sequence[Sequence[ox.Term | None]]) -> None:
    """Raise :class:`WpskgError` if a value is not of its column's declared datatype: the table's
    metadata would say what is not so.

    >>> q = queries.StoredQuery("q", "", columns=["n"], datatypes={"n": ("integer",)})
    >>> two = ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    >>> check(q, ["n"], [[two], [ox.Literal("two")]])
    Traceback (most recent call last):
    wpskg.errors.WpskgError: q: column n is declared integer (#+ datatypes), but row 2 holds "two"
    """
    for i, variable in enumerate(variables):
        kinds = stored.datatype(variable)
        for number, row in enumerate(rows, start=1):
            if not datatypes.conforms(row[i], kinds):
                raise WpskgError(
                    f"{stored.path or stored.name}: column {variable} is declared {' or '.join(kinds)} "
                    f"(#+ datatypes), but row {number} holds {row[i]}"
                )


def title(stored: queries.StoredQuery, params: dict[str, str] | None = None) -> str:
    """The query's summary, with the values of its parameters: ``params``, else the defaults.

    >>> q = queries.StoredQuery("t", "", summary="Totals", params=[queries.Param("by", "enum", default="theme")])
    >>> title(q), title(q, {"by": "funder"})
    ('Totals [by=theme]', 'Totals [by=funder]')
    """
    given = params or {}
    values = ", ".join(
        f"{p.name}={given.get(p.name, p.default)}" for p in stored.params if p.name in given or p.default is not None
    )
    text = stored.summary or stored.name
    return f"{text} [{values}]" if values else text


def has_quotes(columns: Sequence[str]) -> bool:
    """Whether a table has a quote column (``quote``, ``quote_en``): excerpts of the source documents.

    >>> has_quotes(["funding", "quote"]), has_quotes(["group", "total"])
    (True, False)
    """
    return any(column.startswith("quote") for column in columns)


#: What the metadata of a table with quotes says of them (``dc:rights``).
QUOTES_RIGHTS = (
    "The quote columns hold excerpts of the source documents that the source columns name, reproduced to "
    "show where each fact comes from; they remain under the terms of those documents, which the licence "
    "of this table does not change."
)


def metadata(
    stored: queries.StoredQuery,
    name: str,
    variables: Sequence[str],
    licence: str,
    params: dict[str, str] | None = None,
    *,
    examples: bool = True,
) -> dict[str, object]:
    """The CSVW metadata of the table file ``name`` with the columns ``variables``, the answer with ``params``
    (its description with the example of wpskg's own data when ``examples``)."""
    command = " ".join([f"wpskg query {stored.name}", *(f"--param {k}={v}" for k, v in (params or {}).items())])
    return {
        "@context": [CSVW_CONTEXT, {"@language": "en"}],
        "url": name,
        "dc:title": title(stored, params),
        "dc:description": stored.prose_for(examples),
        "dc:license": {"@id": licence},
        **({"dc:rights": QUOTES_RIGHTS} if has_quotes(variables) else {}),
        "rdfs:comment": f"The answer of the stored query {stored.name} ({command})"
        + (" with its default parameters." if not params else "; its other parameters have their defaults."),
        "tableSchema": {
            "columns": [
                column(v, stored.datatype(v), stored.lists.get(v), stored.column_descriptions.get(v)) for v in variables
            ],
        },
    }


def table(
    stored: queries.StoredQuery,
    graph: Graph,
    licence: str,
    params: dict[str, str] | None = None,
    *,
    timeout: float = 600.0,
    examples: bool = True,
) -> Table:
    """The answer of ``stored`` with ``params`` on ``graph`` as a table, under ``licence`` (an IRI);
    ``examples``: whether its descriptions give the example of wpskg's own data."""
    found = queries.run(stored, graph, params or {}, timeout=timeout, max_rows=10**9).result
    rows = found.rows
    check(stored, found.variables, rows)
    meta = metadata(stored, file_name(stored.name, params), found.variables, licence, params, examples=examples)
    return Table(
        answer=answer(stored, params, examples=examples),
        csv=results.to_csv(found.variables, rows).encode("utf-8"),
        metadata=(json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        rows=len(rows),
    )


def answers(stored: dict[str, queries.StoredQuery]) -> list[tuple[queries.StoredQuery, dict[str, str]]]:
    """The (query, parameters) of every table: each stored query that needs no parameter, by name,
    once per value of its ``table_per`` parameter when it names one."""
    out: list[tuple[queries.StoredQuery, dict[str, str]]] = []
    for _, q in sorted(stored.items()):
        if any(p.required for p in q.params):
            continue
        if q.table_per is None:
            out.append((q, {}))
        else:
            out += [(q, {q.table_per: v}) for v in q.param(q.table_per).values]
    return out


def tables(stored: dict[str, queries.StoredQuery], graph: Graph, licence: str, *, examples: bool = True) -> list[Table]:
    """The tables of :func:`answers` (``examples``: see :func:`table`)."""
    return [table(q, graph, licence, params, examples=examples) for q, params in answers(stored)]
