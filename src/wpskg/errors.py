"""Errors that wpskg reports to users, each naming the file, line and offending thing."""

from __future__ import annotations

import re
from dataclasses import dataclass


class WpskgError(Exception):
    """Base class of the errors that the command line reports without a traceback."""

    exit_code = 2


@dataclass
class Location:
    """A place in an input file; line and column count from 1."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class InputError(WpskgError):
    """Input that cannot be read: malformed RDF, an ill-typed literal, a refused feature.

    >>> str(InputError("bad dot", Location("a.ttl", 3, 15)))
    'a.ttl:3:15: bad dot'
    """

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class ParameterError(WpskgError):
    """A query parameter that is unknown or has a value outside its type."""


class QueryError(WpskgError):
    """A query that is refused, fails, or runs out of time or rows."""


class QueryTimeout(QueryError):
    """A query that ran longer than its time limit."""


class RowCapExceeded(QueryError):
    """A query whose result has more rows than the cap; results are never silently cut."""


class WorkerDied(QueryError):
    """The query worker ended without an answer, for example over its memory limit."""


class OutputError(WpskgError):
    """An output file or folder that cannot be written (nothing was changed)."""


_AT = re.compile(r"(?:syntax error in query: )?error at (\d+):(\d+): (.*)", re.DOTALL)


def query_syntax_error(message: str, file: str, lines_before: int = 0) -> InputError | None:
    """The located error for Oxigraph's syntax error ``message`` about the query in ``file``, if it is one.

    ``lines_before`` is the number of lines put before the file's text (a
    prologue of prefixes). A long list of expected characters is cut short.

    >>> str(query_syntax_error("syntax error in query: error at 3:2: expected OPTIONAL", "q.rq"))
    'q.rq:3:2: syntax error in the query: expected OPTIONAL'
    >>> error = str(query_syntax_error("error at 12:1: expected one of " + "'a', " * 100, "c.rq", lines_before=10))
    >>> error[:52], len(error), error[-8:]
    ('c.rq:2:1: syntax error in the query: expected one of', 199, ", 'a', …")
    """
    found = syntax_position(message)
    if found is None:
        return None
    line, column, detail = found
    return InputError(f"syntax error in the query: {detail}", Location(file, line - lines_before, column))


def syntax_position(message: str) -> tuple[int, int, str] | None:
    """The line, column and (shortened) reason of Oxigraph's query syntax error ``message``, if it is one."""
    found = _AT.fullmatch(message)
    if found is None:
        return None
    line, column, detail = found.groups()
    detail = detail.splitlines()[0] if detail else detail
    if len(detail) > 160:
        detail = detail[:160].rsplit(",", 1)[0] + ", …"
    return int(line), int(column), detail
