"""Amounts of money written in text, read as exact decimals with their currency.

The notation follows the text's language: English writes "EUR 1,000,000.50",
Dutch "6.311.964,8 EUR" and French "950 000,50 euros". A number that the
language's notation cannot read (an English figure in a Dutch text) is read
in the other one; with no language, every reading is given.

>>> [str(m) for m in read("met 4 miljoen euro per jaar en 6.311.964,8 EUR of 7.820.000\\nEUR", "nl")]
['4000000 EUR', '6311964.8 EUR', '7820000 EUR']
>>> [str(m) for m in read("a grant of EUR 1,000,000.50 and US$ 2.5 million", "en")]
['1000000.50 EUR', '2500000 USD']
>>> [str(m) for m in read("une contribution de 950 000 euros et 1,5 million d'euros", "fr")]
['950000 EUR', '1500000 EUR']
>>> [str(m) for m in read("1.500 EUR", None)]
['1.500 EUR', '1500 EUR']
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

#: Languages that write a decimal point and group thousands with commas; the others write a
#: decimal comma and group thousands with periods or spaces.
DECIMAL_POINT_LANGUAGES = frozenset({"en", "ga", "cy", "gd", "mt", "hi", "ja", "zh", "ko", "th", "he"})

#: ISO 4217 alphabetic codes (the shapes' list): an upper-case code is money only if it is one of these.
_ISO_4217 = """
    AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN
    BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR
    FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY
    KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU
    MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON
    RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP
    TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAD XAF XAG XAU XBA XBB
    XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG
"""
CODES = frozenset(_ISO_4217.split())

#: Scale words and the powers of ten they stand for ("4 miljoen", "2.5 million", "1 mrd").
SCALES = {
    "thousand": 3,
    "duizend": 3,
    "mille": 3,
    "tausend": 3,
    "k": 3,
    "million": 6,
    "millions": 6,
    "miljoen": 6,
    "mln": 6,
    "mio": 6,
    "m": 6,
    "millionen": 6,
    "millones": 6,
    "millón": 6,
    "milioni": 6,
    "milhões": 6,
    "milliard": 9,
    "milliards": 9,
    "miljard": 9,
    "miljarden": 9,
    "milliarden": 9,
    "mrd": 9,
    "billion": 9,
    "billions": 9,
    "bn": 9,
}
#: Numbers written in words, read before a scale word only ("vier miljoen euro", "two million euros").
_NUMBER_WORDS = {
    **dict.fromkeys(("een", "één", "one", "a", "un", "une"), 1),
    **dict.fromkeys(("twee", "two", "deux"), 2),
    **dict.fromkeys(("drie", "three", "trois"), 3),
    **dict.fromkeys(("vier", "four", "quatre"), 4),
    **dict.fromkeys(("vijf", "five", "cinq"), 5),
    **dict.fromkeys(("zes", "six"), 6),
    **dict.fromkeys(("zeven", "seven", "sept"), 7),
    **dict.fromkeys(("acht", "eight", "huit"), 8),
    **dict.fromkeys(("negen", "nine", "neuf"), 9),
    **dict.fromkeys(("tien", "ten", "dix"), 10),
    **dict.fromkeys(("twintig", "twenty", "vingt"), 20),
    **dict.fromkeys(("vijftig", "fifty", "cinquante"), 50),
    **dict.fromkeys(("honderd", "hundred", "cent"), 100),
}
#: The ISO 4217 currencies named dollar: a bare "$" or "dollars" may be any of them.
_DOLLARS = "AUD BBD BMD BND BSD BZD CAD FJD GYD HKD JMD KYD LRD NAD NZD SBD SGD SRD TTD TWD USD USN XCD"
DOLLARS = frozenset(_DOLLARS.split())
_WORDS = {
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "$": "USD",
    "us$": "USD",
    "c$": "CAD",
    "ca$": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "nz$": "NZD",
    "hk$": "HKD",
    "dollar": "USD",
    "dollars": "USD",
    "£": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "fcfa": "XOF",
    "f cfa": "XOF",
    "franc cfa": "XOF",
    "francs cfa": "XOF",
}

# Thousands are grouped with periods, commas, spaces or (in Switzerland) apostrophes: CHF 1'000'000.
_NUMBER = r"\d{1,3}(?:[., '’]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_SCALE = "|".join(sorted(map(re.escape, SCALES), key=len, reverse=True))
_WORD = "|".join(sorted((re.escape(w) for w in _WORDS if w.replace(" ", "").isalpha()), key=len, reverse=True))
# An ISO 4217 code (EUR, SEK), a symbol, or a currency's name in words.
_CURRENCY = rf"\b(?:{'|'.join(sorted(CODES))})\b|\b(?:US|CA|AU|NZ|HK|C|A)\$|[€$£]|\b(?i:{_WORD})\b"
#: What a bare "$" or "dollar" reads as; any other dollar (:data:`DOLLARS`) is read too.
_ANY_DOLLAR = frozenset({"$", "dollar", "dollars"})
_NUMBER_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_MONEY = re.compile(
    rf"(?<![\d.,])(?P<n1>{_NUMBER})(?:\s*(?P<s1>(?i:{_SCALE}))\b\.?)?\s*(?:(?i:d['’]|de\s))?\s*(?P<c1>{_CURRENCY})"
    rf"|(?P<c2>{_CURRENCY})\s*(?P<n2>{_NUMBER})(?![\d]|[.,]\d)(?:\s*(?P<s2>(?i:{_SCALE}))\b)?"
    rf"|(?<!\w)(?P<n3>(?i:{_NUMBER_WORD}))\s+(?P<s3>(?i:{_SCALE}))\b\.?\s*(?:(?i:d['’]|de\s))?\s*(?P<c3>{_CURRENCY})"
)
_NOTATION = {
    ".": re.compile(r"\d{1,3}(?:[, '’]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
    ",": re.compile(r"\d{1,3}(?:[. '’]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"),
}


@dataclass(frozen=True)
class Money:
    """An amount read from a text: its exact value, its ISO 4217 code, the words as written
    (spacing made single) and where they start in the text (offset, and line from 1)."""

    amount: Decimal
    currency: str
    written: str
    start: int = 0
    line: int = 1
    #: Other currencies the words can name: a bare "$" or "dollars" is read as USD, but any dollar would do.
    codes: frozenset[str] = frozenset()

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    @property
    def currencies(self) -> frozenset[str]:
        """The currencies the amount can be in: its own, and any other its words can name."""
        return self.codes | {self.currency}

    def means(self, code: str) -> bool:
        """Whether the amount can be in the currency ``code``.

        >>> [m.means("CAD") for m in read("$5 million, US$ 2 million and C$ 1 million", "en")]
        [True, False, True]
        """
        return code in self.currencies


def decimal_mark(lang: str | None) -> str | None:
    """The decimal mark a language writes, or None when the language is not known.

    >>> decimal_mark("en-GB"), decimal_mark("nl"), decimal_mark(None)
    ('.', ',', None)
    """
    if not lang:
        return None
    return "." if lang.split("-")[0].lower() in DECIMAL_POINT_LANGUAGES else ","


def numbers(token: str, mark: str | None) -> list[Decimal]:
    """The values a written number can have: in the notation of ``mark`` if it reads there,
    else in the other; every reading when ``mark`` is None.

    >>> numbers("1,500", "."), numbers("1,500", ","), numbers("6.311.964,8", "."), numbers("7", None)
    ([Decimal('1500')], [Decimal('1.500')], [Decimal('6311964.8')], [Decimal('7')])
    >>> numbers("1'000'000.50", ","), numbers("1’200", ".")  # Swiss grouping, in either notation
    ([Decimal('1000000.50')], [Decimal('1200')])
    """
    readings = []
    for m in (mark,) if mark else (".", ","):
        if _NOTATION[m].fullmatch(token):
            readings.append(_value(token, m))
    if not readings and mark:
        other = "," if mark == "." else "."
        if _NOTATION[other].fullmatch(token):
            readings.append(_value(token, other))
    return list(dict.fromkeys(readings))


def _value(token: str, mark: str) -> Decimal:
    grouping = "," if mark == "." else "."
    token = token.replace(grouping, "").replace(" ", "").replace("'", "").replace("’", "")
    return Decimal(token.replace(mark, "."))


def write(amount: Decimal, currency: str, lang: str | None) -> str:
    """An amount as a text in ``lang`` writes it, which :func:`read` reads back.

    >>> write(Decimal("6311964.80"), "EUR", "nl"), write(Decimal("1500"), "USD", "en")
    ('6.311.964,80 EUR', 'USD 1,500')
    >>> [m.amount for m in read(write(Decimal("950000.5"), "EUR", "fr"), "fr")]
    [Decimal('950000.5')]
    >>> write(Decimal("2.5E+6"), "EUR", "en")
    'EUR 2,500,000'
    """
    grouped = f"{amount:,f}"  # positional: 1E+3 is 1,000
    if decimal_mark(lang) == ".":
        return f"{currency} {grouped}"
    grouping = " " if lang and lang.split("-")[0].lower() == "fr" else "."
    return grouped.translate(str.maketrans({",": grouping, ".": ","})) + f" {currency}"


def _place(text: str) -> Callable[[int], int]:
    """For ``text`` with every run of whitespace made one space: where an offset of that falls in ``text``."""
    words, starts = [], []  # where each word starts in text, and once the whitespace is single spaces
    at = 0
    for w in re.finditer(r"\S+", text):
        words.append(w.start())
        starts.append(at)
        at += len(w.group()) + 1

    def place(offset: int) -> int:
        i = bisect.bisect_right(starts, offset) - 1
        return words[i] + offset - starts[i]

    return place


#: Words just before an amount that make it a ceiling: "tot 2.000.000 EUR", "up to EUR 2 million",
#: "jusqu'à 950 000 euros", "maximaal", "at most", "au maximum".
_CEILING_WORDS = r"""(?:\btot(?:\s+(?:maximaal|ten\s+hoogste))?|\bmaximaal|\bten\s+hoogste|\bhoogstens
        |\b(?:een\s+)?maximum\s+van
        |\bup\s+to|\bat\s+most|\bno\s+more\s+than|\b(?:a\s+)?maximum\s+of
        |\bjusqu['’]\s*(?:à|a)|\bau\s+maximum|\bau\s+plus|\bplafonn[ée]e?s?\s+à
        |\b(?:un\s+)?maximum\s+de|\b(?:à|a)\s+concurrence\s+de)"""
_CEILING = re.compile(_CEILING_WORDS + r"\s*$", re.IGNORECASE | re.VERBOSE)
_ANY_CEILING = re.compile(_CEILING_WORDS, re.IGNORECASE | re.VERBOSE)


def says_ceiling(text: str) -> bool:
    """Whether ``text`` has a word that makes an amount after it a ceiling (a quick test first)."""
    return _ANY_CEILING.search(text) is not None


def is_ceiling(text: str, m: Money) -> bool:
    """Whether ``text`` gives the amount ``m`` (read from it) as a ceiling: "tot", "up to", "jusqu'à".

    >>> text = "UNFPA-bijdragen tot 2.000.000 EUR per jaar en 500.000 EUR"
    >>> [is_ceiling(text, m) for m in read(text, "nl")]
    [True, False]
    >>> text = "tot een maximum van 2.000.000 EUR; à concurrence de 3 000 000 euros; un maximum de 1 000 euros"
    >>> [is_ceiling(text, m) for m in read(text, "nl")[:1] + read(text, "fr")[1:]]
    [True, True, True]
    """
    return _CEILING.search(text[max(0, m.start - 40) : m.start]) is not None


def read(text: str, lang: str | None) -> list[Money]:
    """Every amount of money written in ``text``, in order, read in the notation of ``lang``.

    An amount that reads two ways (no language) gives two :class:`Money` at the same place.
    """
    flat = " ".join(text.split())
    place = None if flat == text else _place(text)
    mark = decimal_mark(lang)
    found = []
    line, seen = 1, 0
    for m in _MONEY.finditer(flat):
        n = next(k for k in "123" if m[f"n{k}"])
        token, scale, currency = m[f"n{n}"], m[f"s{n}"], m[f"c{n}"]
        if n == "3":
            token = str(_NUMBER_WORDS[token.lower()])
        word = " ".join(currency.lower().split())
        code = _WORDS.get(word, currency)
        codes = DOLLARS if word in _ANY_DOLLAR else frozenset()
        start = m.start() if place is None else place(m.start())
        line += text.count("\n", seen, start)
        seen = start
        for value in numbers(token, mark):
            if scale:
                value = (value * Decimal(10) ** SCALES[scale.lower()]).normalize()
                value = value.quantize(Decimal(1)) if value == value.to_integral() else value
            found.append(Money(value, code, m.group(0), start, line, codes))
    return found
