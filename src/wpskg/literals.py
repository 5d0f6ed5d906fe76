"""Lexical checks for typed literals: an ill-typed literal is an error, never a log warning."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from .namespaces import XSD

_TZ = r"(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)?"
_DATE = re.compile(r"-?(\d{4,})-(\d\d)-(\d\d)" + _TZ + r"$")
_GYEAR = re.compile(r"-?\d{4,}" + _TZ + r"$")
_GYEARMONTH = re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])" + _TZ + r"$")
_DATETIME = re.compile(r"-?(\d{4,})-(\d\d)-(\d\d)T([01]\d|2[0-4]):[0-5]\d:[0-5]\d(\.\d+)?" + _TZ + r"$")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)$")
_INTEGER = re.compile(r"[+-]?\d+$")
_DOUBLE = re.compile(r"([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$")


def _calendar(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """A check that ``pattern`` matches and its year, month and day name a real day."""

    def check(lex: str) -> bool:
        m = pattern.match(lex)
        if not m:
            return False
        try:
            _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return False
        return True

    return check


def _int_range(low: int | None, high: int | None) -> Callable[[str], bool]:
    def check(lex: str) -> bool:
        if not _INTEGER.match(lex):
            return False
        digits = lex.lstrip("+-").lstrip("0") or "0"
        if len(digits) > 4000:  # int() refuses over 4300 digits; the sign decides
            return high is None if not lex.startswith("-") else low is None
        value = -int(digits) if lex.startswith("-") else int(digits)
        return (low is None or value >= low) and (high is None or value <= high)

    return check


CHECKS: dict[str, Callable[[str], bool]] = {
    XSD + "date": _calendar(_DATE),
    XSD + "dateTime": _calendar(_DATETIME),
    XSD + "gYear": lambda s: bool(_GYEAR.match(s)),
    XSD + "gYearMonth": lambda s: bool(_GYEARMONTH.match(s)),
    XSD + "decimal": lambda s: bool(_DECIMAL.match(s)),
    XSD + "integer": _int_range(None, None),
    XSD + "positiveInteger": _int_range(1, None),
    XSD + "nonNegativeInteger": _int_range(0, None),
    XSD + "negativeInteger": _int_range(None, -1),
    XSD + "nonPositiveInteger": _int_range(None, 0),
    XSD + "int": _int_range(-(2**31), 2**31 - 1),
    XSD + "long": _int_range(-(2**63), 2**63 - 1),
    XSD + "boolean": lambda s: s in ("true", "false", "1", "0"),
    XSD + "double": lambda s: bool(_DOUBLE.match(s)),
    XSD + "float": lambda s: bool(_DOUBLE.match(s)),
    XSD + "anyURI": lambda s: not any(c in s for c in ' <>"{}|\\^`'),
}


def is_well_typed(lexical: str, datatype: str) -> bool:
    """Whether ``lexical`` is a valid lexical form of ``datatype``; unknown datatypes pass.

    >>> is_well_typed("2024-02-29", XSD + "date"), is_well_typed("2024-02-30", XSD + "date")
    (True, False)
    >>> is_well_typed("6311964.80", XSD + "decimal"), is_well_typed("6.311.964,8", XSD + "decimal")
    (True, False)
    >>> is_well_typed("anything", "http://example.org/custom")
    True
    """
    check = CHECKS.get(datatype)
    return True if check is None else check(lexical)
