"""The datatypes of a stored query's columns: the ``datatypes`` of its ``#+`` header.

A table published on a portal is read by programs that expect the same schema in
every release, so a column's datatype is declared, not guessed from the data of
the day. The header maps a column to an XSD datatype (its local name, one of those
CSV on the Web knows), or to a list of them when the sources give a value at
different precisions, as a date that is a year, a month or a day::

    #+ datatypes: {funding: anyURI, amount: decimal, start: [gYear, gYearMonth, date]}

A column the header leaves out holds strings. An IRI is an ``anyURI``.

>>> kinds = parse({"amount": "decimal", "start": ["gYear", "date"]}, "q.rq")
>>> kinds
{'amount': ('decimal',), 'start': ('gYear', 'date')}
>>> conforms(ox.Literal("12.50", datatype=ox.NamedNode(XSD + "decimal")), kinds["amount"])
True
>>> conforms(ox.Literal("2017-07", datatype=ox.NamedNode(XSD + "gYearMonth")), kinds["start"])
False
>>> csvw(kinds["amount"]), csvw(kinds["start"])["base"]
('decimal', 'string')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyoxigraph as ox

from .errors import WpskgError
from .namespaces import XSD

#: The datatypes that CSV on the Web names as its own (a CSVW processor checks their values).
CSVW = frozenset(
    {
        "anyURI", "base64Binary", "boolean", "byte", "date", "dateTime", "dateTimeStamp", "dayTimeDuration",
        "decimal", "double", "duration", "float", "gDay", "gMonth", "gMonthDay", "gYear", "gYearMonth",
        "hexBinary", "int", "integer", "language", "long", "Name", "NMTOKEN", "negativeInteger",
        "nonNegativeInteger", "nonPositiveInteger", "normalizedString", "positiveInteger", "QName", "short",
        "string", "time", "token", "unsignedByte", "unsignedInt", "unsignedLong", "unsignedShort",
        "yearMonthDuration",
    }
)  # fmt: skip

#: The lexical forms wpskg writes for the datatypes that may be given as alternatives
#: (no time zones: the sources give none).
PATTERNS = {
    "gYear": r"-?[0-9]{4}",
    "gYearMonth": r"-?[0-9]{4}-[0-9]{2}",
    "date": r"-?[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "integer": r"[+-]?[0-9]+",
    "decimal": r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)",
}

STRING = ("string",)

#: The XSD datatype each of these is derived from (XSD 1.1 Part 2): an integer is a decimal too,
#: and a CSVW processor reads "6" as a decimal.
BASE = {
    "integer": "decimal",
    "nonNegativeInteger": "integer",
    "positiveInteger": "nonNegativeInteger",
    "nonPositiveInteger": "integer",
    "negativeInteger": "nonPositiveInteger",
    "long": "integer",
    "int": "long",
    "short": "int",
    "byte": "short",
    "unsignedLong": "nonNegativeInteger",
    "unsignedInt": "unsignedLong",
    "unsignedShort": "unsignedInt",
    "unsignedByte": "unsignedShort",
    "dateTimeStamp": "dateTime",
    "normalizedString": "string",
    "token": "normalizedString",
    "language": "token",
    "Name": "token",
    "NMTOKEN": "token",
    "dayTimeDuration": "duration",
    "yearMonthDuration": "duration",
}


def lineage(kind: str) -> list[str]:
    """``kind`` and the datatypes it is derived from, nearest first.

    >>> lineage("positiveInteger")
    ['positiveInteger', 'nonNegativeInteger', 'integer', 'decimal']
    """
    out = [kind]
    while out[-1] in BASE:
        out.append(BASE[out[-1]])
    return out


#: xsd:integer and the datatypes derived from it, as IRIs: what engines answer for counts and sums.
INTEGER_TYPES = frozenset(XSD + kind for kind in CSVW if "integer" in lineage(kind))
#: The datatypes that SPARQL compares as numbers, as IRIs.
NUMERIC_TYPES = INTEGER_TYPES | {XSD + "decimal", XSD + "float", XSD + "double"}


def parse(value: object, where: str, lists: Sequence[str] = ()) -> dict[str, tuple[str, ...]]:
    """The ``datatypes`` of a header: each named column's datatypes, checked (that the names are
    columns is the header's check, :class:`wpskg.queries.StoredQuery`).

    >>> parse({"amount": "money"}, "q.rq")
    Traceback (most recent call last):
    wpskg.errors.WpskgError: q.rq: datatypes: 'money' (of amount) is not an XSD datatype that CSV on the Web knows
    """
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise WpskgError(f"{where}: datatypes must map columns to XSD datatypes, as in datatypes: {{amount: decimal}}")
    out: dict[str, tuple[str, ...]] = {}
    for name, given in value.items():
        name = str(name)
        kinds = tuple(str(k) for k in given) if isinstance(given, list) else (str(given),)
        for kind in kinds:
            if kind not in CSVW:
                raise WpskgError(
                    f"{where}: datatypes: {kind!r} (of {name}) is not an XSD datatype that CSV on the Web knows"
                )
        if not kinds or len(set(kinds)) != len(kinds):
            raise WpskgError(f"{where}: datatypes: give {name} one datatype, or a list of different ones")
        if len(kinds) > 1 and not all(k in PATTERNS for k in kinds):
            raise WpskgError(
                f"{where}: datatypes: {name} can be one of several datatypes only among {', '.join(PATTERNS)}"
            )
        if name in lists and kinds != STRING:
            raise WpskgError(f"{where}: datatypes: {name} is a list (lists), so its cells are strings")
        out[name] = kinds
    return out


def of(term: ox.Term | None) -> str | None:
    """The datatype of a value as a table gives it: ``anyURI`` for an IRI, the local name of an XSD
    datatype that CSVW knows, else ``string``; ``None`` for no value.

    >>> of(ox.NamedNode("https://example.org/a")), of(ox.Literal("Mali", language="en")), of(None)
    ('anyURI', 'string', None)
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return "anyURI"
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value.startswith(XSD):
        local = term.datatype.value[len(XSD) :]
        return local if local in CSVW else "string"
    return "string"


def conforms(term: ox.Term | None, kinds: Sequence[str]) -> bool:
    """Whether the value ``term`` (``None``: none) is of one of ``kinds`` or of a datatype derived from
    one, in a form that :data:`PATTERNS` allows.

    Any value is a string, as a table writes it.

    >>> six = ox.Literal("6", datatype=ox.NamedNode(XSD + "integer"))
    >>> conforms(six, ["decimal"]), conforms(six, ["gYear"])
    (True, False)
    """
    if term is None or tuple(kinds) == STRING:
        return True
    kind = of(term)
    matched = next((k for k in lineage(kind or "") if k in kinds), None)
    if matched is None:
        return False
    pattern = PATTERNS.get(matched)
    return pattern is None or re.fullmatch(pattern, term.value) is not None


def alternatives(kinds: Sequence[str]) -> str:
    """A regular expression for the lexical forms of several ``kinds``.

    >>> alternatives(["gYear", "gYearMonth"])
    '^(?:-?[0-9]{4}|-?[0-9]{4}-[0-9]{2})$'
    """
    return "^(?:" + "|".join(PATTERNS[k] for k in kinds) + ")$"


def csvw(kinds: Sequence[str]) -> str | dict[str, str]:
    """The CSVW ``datatype`` of a column: the name of its one datatype, else a string with the
    ``format`` (a regular expression) of the alternatives."""
    if len(kinds) == 1:
        return kinds[0]
    return {"base": "string", "format": alternatives(kinds)}


def json_schema(kinds: Sequence[str]) -> dict[str, str]:
    """What a JSON schema (the OpenAPI row schema) can say of a cell of ``kinds`` as text: its
    ``format`` or ``pattern``.

    >>> json_schema(["anyURI"]), json_schema(["decimal"])["pattern"]
    ({'format': 'uri'}, '^(?:[+-]?(?:[0-9]+(?:\\\\.[0-9]*)?|\\\\.[0-9]+))$')
    """
    if tuple(kinds) == ("anyURI",):
        return {"format": "uri"}
    if tuple(kinds) == ("date",):
        return {"format": "date"}
    if all(k in PATTERNS for k in kinds):
        return {"pattern": alternatives(kinds)}
    return {}
