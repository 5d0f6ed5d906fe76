"""Errors that wpskg reports to users, each naming the file, line and offending thing."""

from __future__ import annotations

import re
from dataclasses import dataclass


class WpskgError(Exception):
    """Base class of the errors that the command line reports without a traceback."""

    exit_code = 2

    def details(self) -> str:
        """What the command line prints before the one-line message: nothing, unless a subclass has more."""
        return ""


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


class InputErrors(InputError):
    """Several mistakes in one input, reported together so that one run finds them all.

    The last is the message; the command line prints the others above it, in the file's order.

    >>> both = InputErrors([InputError("one", Location("d.ttl", 3)), InputError("two", Location("d.ttl", 9))])
    >>> both.details(), str(both)
    ('wpskg: d.ttl:3: one\\n', 'd.ttl:9: two (one of 2 mistakes; the others are above)')
    """

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = list(errors)
        last = self.errors[-1]
        super().__init__(f"{last.message} (one of {len(self.errors)} mistakes; the others are above)", last.location)

    def details(self) -> str:
        return "".join(f"wpskg: {e}\n" for e in self.errors[:-1])

    @staticmethod
    def of(errors: list[InputError]) -> InputError | None:
        """None for no error, the error itself for one, and :class:`InputErrors` for more."""
        flat = [e for error in errors for e in (error.errors if isinstance(error, InputErrors) else [error])]
        if not flat:
            return None
        return flat[0] if len(flat) == 1 else InputErrors(flat)


class ParameterError(WpskgError):
    """A query parameter that is unknown or has a value outside its type."""


class QueryError(WpskgError):
    """A query that is refused, fails, or runs out of time or rows."""


class QueryTimeout(QueryError):
    """A query that ran longer than its time limit."""


class RowCapExceeded(QueryError):
    """A query whose result has more rows than the cap; results are never silently cut."""


class AnswerTooLarge(RowCapExceeded):
    """A query whose answer is over the size cap in bytes, or has a row too long to read back."""


class WorkerDied(QueryError):
    """The query worker ended without an answer, for example over its memory limit."""


class OutputError(WpskgError):
    """An output file or folder that cannot be written (nothing was changed)."""


_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


class QuerySyntaxError(QueryError):
    """A query that the engine cannot parse, with the place it gives.

    ``line`` and ``column`` (from 1, or None when the engine gives none) are in
    the text that was parsed; a long list of expected characters is cut short.

    >>> error = QuerySyntaxError.of("error at 12:1: expected one of " + "'a', " * 100)
    >>> str(error)[:46], len(str(error)), str(error)[-8:]
    ('syntax error in query: error at 12:1: expected', 200, ", 'a', …")
    >>> str(error.located("c.rq", lines_before=10))[:52]
    'c.rq:2:1: syntax error in the query: expected one of'
    """

    def __init__(self, reason: str, line: int | None = None, column: int | None = None) -> None:
        self.reason, self.line, self.column = reason, line, column
        where = f"error at {line}:{column}: " if line is not None else ""
        super().__init__(f"syntax error in query: {where}{reason}")

    @classmethod
    def of(cls, message: str, text: str | None = None) -> QuerySyntaxError:
        """The error for pyoxigraph's ``SyntaxError`` message (``error at LINE:COLUMN: reason``).

        Given the ``text`` that was parsed, a prefix that it uses and does not declare is named,
        at its place, where pyoxigraph lists the characters it expected instead.

        >>> error = QuerySyntaxError.of("error at 2:9: expected one of Prefix not found", "SELECT *\\n{ ?s wps:p }")
        >>> error.line, error.column, error.reason
        (2, 6, 'the prefix wps: is not declared: add PREFIX wps: <https://w3id.org/wpskg/ont#>')
        """
        if text is not None and "Prefix not found" in message:
            from .namespaces import PREFIXES
            from .sparql_guard import undeclared_prefix  # here: sparql_guard imports this module

            missing = undeclared_prefix(text)
            if missing is not None:
                prefix, at = missing
                line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
                namespace = PREFIXES.get(prefix, "…")
                return cls(f"the prefix {prefix}: is not declared: add PREFIX {prefix}: <{namespace}>", line, column)
        found = _AT.fullmatch(message)
        if found is None:
            return cls(message)
        line, column, reason = found.groups()
        reason = reason.splitlines()[0] if reason else reason
        if len(reason) > 160:
            reason = reason[:160].rsplit(",", 1)[0] + ", …"
        return cls(reason, int(line), int(column))

    def located(self, file: str, lines_before: int = 0) -> InputError:
        """The same error in ``file``, whose text came after ``lines_before`` lines (a prologue of prefixes)."""
        line = None if self.line is None else self.line - lines_before
        return InputError(f"syntax error in the query: {self.reason}", Location(file, line, self.column))
