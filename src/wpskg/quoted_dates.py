"""Whether a claim's quote gives the month and day of the date it supports.

``shapes/claimed-date-violation.rq`` checks the year of a claimed date against
its quote; this module checks the rest of a ``xsd:date`` or ``xsd:gYearMonth``:
the month, by its name in a language of the sources or by its number in a
written date (``19-24/10/2020``, ``2020-10-19``), and the day, as a number.

>>> missing_from_quote("2022-11-09", "Den Haag, 9 november 2022") is None
True
>>> missing_from_quote("2019-10-07", "In de week van 7 tot 11 oktober 2019") is None
True
>>> missing_from_quote("2020-10", "het side-event van Tana Forum (19-24/10/2020)") is None
True
>>> missing_from_quote("2021-11-16", "Op 16 december 2021 werd een overleg georganiseerd")
'the month 11 (november)'
>>> missing_from_quote("2021-12-06", "Op 16 december 2021 werd een overleg georganiseerd")
'the day 6'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import bare
from .namespaces import sparql_prologue
from .store import Graph

#: The months' names, January first, in the languages of the sources and of the synthetic data.
MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
    "pt": (
        "janeiro", "fevereiro", "março", "abril", "maio", "junho",
        "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
    ),
    "de": (
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ),
    "it": (
        "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
        "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
    ),
    "da": (
        "januar", "februar", "marts", "april", "maj", "juni",
        "juli", "august", "september", "oktober", "november", "december",
    ),
}  # fmt: skip

#: Other ways of writing a month's name: abbreviations and spellings without accents.
_OTHER_NAMES = (
    "jan janv jän jänner ene gen",
    "feb febr fév févr fevrier fev",
    "mar mrt mär",
    "apr avr abr",
    "mai",
    "jun giu",
    "jul juil lug",
    "aug aout ago",
    "sep sept setiembre set",
    "oct okt out ott",
    "nov",
    "dec déc decembre dez dic",
)


def _month_names(month: int) -> tuple[set[str], set[str]]:
    """A month's full names, and its abbreviations (with their spellings without accents)."""
    full = {m[month - 1].casefold() for m in MONTHS.values()}
    full |= {bare(n) for n in full}
    short = set(_OTHER_NAMES[month - 1].split()) - full
    return full - _HOMOGRAPHS, short | {bare(n) for n in short} | (full & _HOMOGRAPHS)


#: Full names that are also common words ("we may", "a march", "an august body"): read as a month
#: when capitalised (as English writes months) or when written next to a number.
_HOMOGRAPHS = frozenset({"may", "march", "august"})
# each name to its months, full names and abbreviations apart
_FULL: dict[str, set[int]] = {}
_SHORT: dict[str, set[int]] = {}
for _month in range(1, 13):
    _full, _short = _month_names(_month)
    for _name in _full:
        _FULL.setdefault(_name, set()).add(_month)
    for _name in _short:
        _SHORT.setdefault(_name, set()).add(_month)
_WORD = re.compile(r"[^\W\d_]+")
# an abbreviation or a homograph names a month next to a number: "3 Sept", "déc. 2021", "May 2020",
# "15-Sep-2020", "03/Sep/2020", "5 de set. de 2020", "the 3rd of Sept, 2020", "Dec, 2020"
_BETWEEN = r"(?:\s*[-/.,]\s*|\s+(?:de|of|the)\s+|\s*)"
_NEAR_NUMBER_BEFORE = re.compile(rf"\d(?:er|st|nd|rd|th|e)?{_BETWEEN}$")
_NEAR_NUMBER_AFTER = re.compile(rf"\.?{_BETWEEN}\d")
_NEAR = 16  # characters looked at on each side of a word


# A written date that gives a month by its number: right before a year (19-24/10/2020, 3.5.2022,
# 10/2020), before a year of two digits (03/05/22), after one (ISO 2020-10-19, 2020/10/19), or
# first of two numbers before a year (the US order, 12/6/2021).
_NUMERIC = (
    re.compile(r"(?<!\d)(\d{1,2})[/.-]\d{4}(?!\d)"),
    re.compile(r"(?<!\d)\d{1,2}[/.](\d{1,2})[/.]\d{2}(?!\d)"),
    re.compile(r"(?<!\d)\d{4}[-/.](\d{1,2})(?:[-/.]\d{1,2})?(?!\d)"),
    # the first of two numbers before a year: the month in the US order (12/6/2021)
    re.compile(r"(?<!\d)(\d{1,2})[/.-]\d{1,2}[/.-]\d{2,4}(?!\d)"),
)


def months_named(quote: str, lang: str | None = None) -> set[int]:
    """The months the quote (in the language ``lang``, if known) names or writes as a number in a date.

    A month's full name counts anywhere; an abbreviation (``déc``, ``Sept``) only next to a number
    or capitalised (``in Dec``); a name that is also an English word (``may``, ``march``,
    ``august``) in a quote that may be English only next to a number or capitalised too
    (``in May``; Danish ``i august`` counts). ``ago``, ``set`` and ``out`` are not months.

    >>> sorted(months_named("Tussen september 2020 en déc. 2021, puis le 3/5/2022"))  # 3/5: May, or March (US)
    [3, 5, 9, 12]
    >>> months_named("We may set out two years ago"), months_named("signed in May"), months_named("le 3 mai")
    (set(), {5}, {5})
    >>> months_named("Date: 15-Sep-2020"), months_named("i august sidste år", "da")
    ({9}, {8})
    """
    english = lang is None or lang.lower().split("-")[0] == "en"
    found: set[int] = set()
    for match in _WORD.finditer(quote):
        word = match.group().casefold()
        if word in _FULL:
            found |= _FULL[word]
        elif word in _SHORT and (
            match.group()[0].isupper()
            or (word in _HOMOGRAPHS and not english)
            or _NEAR_NUMBER_BEFORE.search(quote[max(0, match.start() - _NEAR) : match.start()])
            or _NEAR_NUMBER_AFTER.match(quote[match.end() : match.end() + _NEAR])
        ):
            found |= _SHORT[word]
    for pattern in _NUMERIC:
        found |= {int(m) for m in pattern.findall(quote) if 1 <= int(m) <= 12}
    return found


def gives_day(quote: str, day: int) -> bool:
    """Whether the quote writes the day as a number of its own (``9``, ``09``, ``1st``, ``1er``).

    >>> gives_day("op 16 december 2021", 16), gives_day("in 2016", 16), gives_day("le 1er mars", 1)
    (True, False, True)
    """
    return re.search(rf"(?<![\d,.]){day}(?!\d)|(?<![\d,.])0{day}(?!\d)", quote) is not None


def missing_from_quote(value: str, quote: str, lang: str | None = None) -> str | None:
    """What of ``value``'s month and day (a date ``2021-12-16`` or a month ``2021-12``) the quote
    (in the language ``lang``, if known) does not give."""
    match = re.fullmatch(r"-?\d{4,}-(\d{2})(?:-(\d{2}))?(?:T.*|Z|[+-]\d{2}:\d{2})?", value)
    if match is None:
        return None
    month = int(match.group(1))
    if month not in months_named(quote, lang):
        return f"the month {month} ({MONTHS['en'][month - 1].lower()})"
    if match.group(2) and not gives_day(quote, int(match.group(2))):
        return f"the day {int(match.group(2))}"
    return None


@dataclass(frozen=True)
class DateFailure:
    """A claimed date whose month or day its claim's quote does not give."""

    claim: str
    subject: str
    path: str
    value: str
    missing: str


# The same claims and values as shapes/claimed-date-violation.rq, those with a month or a day: found
# from the dates (few), not from the claims (many), and each BIND last in its group (a BIND before
# the claim's patterns split the group: the claims were joined by hash, 0.6 -> 0.2 s at 1000 plans).
_CLAIMED_DATES = """
SELECT DISTINCT ?claim ?focus ?path ?date ?quote ?issued WHERE {
  { VALUES ?path { wps:adopted wps:adoptedOn wps:date dct:date dct:issued }
    ?focus ?path ?date .
    FILTER(DATATYPE(?date) IN (xsd:date, xsd:gYearMonth, xsd:dateTime))
    ?claim wps:claimSubject ?focus ; wps:claimProperty ?path .
    BIND(?date AS ?value) }
  UNION
  { ?value dcat:startDate|dcat:endDate ?date .
    FILTER(DATATYPE(?date) IN (xsd:date, xsd:gYearMonth, xsd:dateTime))
    ?focus dct:temporal ?value .
    ?claim wps:claimSubject ?focus ; wps:claimProperty dct:temporal .
    BIND(dct:temporal AS ?path) }
  FILTER(EXISTS { ?claim wps:claimValue|wps:claimLiteral ?value }
         || NOT EXISTS { ?claim wps:claimValue|wps:claimLiteral ?named . ?focus ?path ?named })
  ?claim wps:quote ?quote ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?doc dct:issued ?issued }
}
"""


def date_failures(graph: Graph) -> list[DateFailure]:
    """Each claimed date (or month) whose quote does not give its month or day.

    A quote may speak of its own document's day (a letter dated "9 november 2022" whose
    sentence says "inmiddels"): a date that is its source's date of issue, or a month that
    its source was issued in, is not asked of a quote that gives no month at all. A quote
    that gives another date ("le 12 janvier 2024" for the report's own date) is asked.
    """
    # a claim's quote and its translation are two rows: the claim fails when none gives the date
    lacks: dict[tuple[str, str, str, str], list[str | None]] = {}
    for row in graph.select(sparql_prologue() + _CLAIMED_DATES):
        value, quote, lang = row["date"].value, row["quote"].value, row["quote"].language
        key = (row["claim"].value, row["focus"].value, row["path"].value, value)
        excused = "issued" in row and row["issued"].value.startswith(value[:10]) and not months_named(quote, lang)
        lacks.setdefault(key, []).append(None if excused else missing_from_quote(value, quote, lang))
    return [DateFailure(*key, found[0]) for key, found in lacks.items() if None not in found]
