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


#: A number written with ``.`` between thousands and/or ``,`` before its decimals (``1.000.000,50``).
_EUROPEAN = re.compile(r"([1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(\d+))?")


def european_number(token: str) -> str | None:
    """The number that ``token`` writes in European form, with a decimal point and no thousands
    separators, when ``token`` can be nothing else: two or more ``.`` between groups of three
    digits, or a ``,`` before the decimals (``1.000`` is the decimal 1.000 as well, and ``1,000``
    a thousand in English).

    >>> european_number("1.000.000,50"), european_number("6.311.964,8"), european_number("300000,00")
    ('1000000.50', '6311964.8', '300000.00')
    >>> european_number("1.000.000"), european_number("1.000,500")
    ('1000000', '1000.500')
    >>> european_number("1.000"), european_number("1,000"), european_number("1,000,000.50"), european_number("10.00")
    (None, None, None, None)
    """
    m = _EUROPEAN.fullmatch(token)
    if m is None:
        return None
    dots, decimals = m.group(1).count("."), m.group(2)
    if (decimals is None and dots < 2) or (dots == 0 and decimals is not None and len(decimals) == 3):
        return None
    whole = m.group(1).replace(".", "")
    return f"{whole}.{m.group(2)}" if m.group(2) is not None else whole


_MONTH_OF_YEAR = re.compile(r"(\d{4})-(\d{1,2})")
_DAY_OF_YEAR = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def date_suggestion(lexical: str, datatype: str) -> str | None:
    """What to write for an ill-typed date, month or year (``datatype`` an ``xsd:`` IRI), in Turtle:
    the datatype its form is of (``"2019"^^xsd:date`` is a year), or the same date in the form of
    ``xsd:date``. None when the value names no date for certain (``"2024-02-30"``, ``"03/04/2021"``).

    >>> date_suggestion("2019-06", XSD + "date")
    '"2019-06"^^xsd:gYearMonth, or a full date "2019-06-DD"^^xsd:date'
    >>> date_suggestion("2019", XSD + "date")
    '"2019"^^xsd:gYear, or a full date "2019-MM-DD"^^xsd:date'
    >>> date_suggestion("2019-6-1", XSD + "date"), date_suggestion("16/12/2021", XSD + "date")
    ('"2019-06-01"^^xsd:date', '"2021-12-16"^^xsd:date')
    >>> date_suggestion("2019-06-01", XSD + "gYearMonth"), date_suggestion("2019-06", XSD + "gYear")
    ('"2019-06-01"^^xsd:date, or "2019-06"^^xsd:gYearMonth', '"2019-06"^^xsd:gYearMonth')
    >>> date_suggestion("2024-02-30", XSD + "date"), date_suggestion("03/04/2021", XSD + "date")
    (None, None)
    """
    if datatype not in (XSD + "date", XSD + "gYearMonth", XSD + "gYear"):
        return None
    kind = datatype[len(XSD) :]
    text = lexical.strip()
    day: tuple[int, int, int] | None = None
    if m := _DAY_OF_YEAR.fullmatch(text):
        day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif (m := _DAY_FIRST.fullmatch(text)) and (int(m.group(1)) > 12 or m.group(1) == m.group(2)):
        day = int(m.group(3)), int(m.group(2)), int(m.group(1))  # 16/12/2021; 03/04/2021 could be either
    if day is not None:
        try:
            written = _dt.date(*day).isoformat()
        except ValueError:
            return None
        if kind == "gYearMonth":
            return f'"{written}"^^xsd:date, or "{written[:7]}"^^xsd:gYearMonth'
        return f'"{written}"^^xsd:date'
    if (m := _MONTH_OF_YEAR.fullmatch(text)) and 1 <= int(m.group(2)) <= 12:
        month = f"{m.group(1)}-{int(m.group(2)):02d}"
        full = f', or a full date "{month}-DD"^^xsd:date' if kind == "date" else ""
        return f'"{month}"^^xsd:gYearMonth{full}'
    if re.fullmatch(r"\d{4}", text) and kind != "gYear":
        return f'"{text}"^^xsd:gYear, or a full date "{text}-MM-DD"^^xsd:date'
    return None
