"""Reported figures against their quotes: each value a claim gives must be a number its quote states.

A quote states a number in digits, in the notation of its language ("5.000" is 5000 in Dutch,
"1,978" is 1978 in English), or in words from zero to twenty and the tens ("zeven", "ten",
"vingt"). A value of zero is not asked of the quote: a source says it in words that are not a
number ("all of whom were male").

>>> stated("In 2021 gingen zeven nieuwe programma's van start, verspreid over negen landen.", "nl")
[Decimal('2021'), Decimal('7'), Decimal('9')]
>>> stated("meer dan 5.000 overlevenden en een 80-tal personen", "nl")
[Decimal('5000'), Decimal('80')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from . import money
from .namespaces import sparql_prologue
from .store import Graph

_WORDS = {
    "nl": "nul één twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
    "zeventien achttien negentien twintig",
    "en": "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
    "dix-sept dix-huit dix-neuf vingt",
}
_TENS = {
    "nl": "dertig veertig vijftig zestig zeventig tachtig negentig honderd",
    "en": "thirty forty fifty sixty seventy eighty ninety hundred",
    "fr": "trente quarante cinquante soixante soixante-dix quatre-vingt quatre-vingts quatre-vingt-dix cent",
}


def _words(lang: str) -> dict[str, int]:
    tens = (30, 40, 50, 60, 70, 80, 80, 90, 100) if lang == "fr" else (30, 40, 50, 60, 70, 80, 90, 100)
    return {name: n for n, name in enumerate(_WORDS[lang].split())} | dict(zip(_TENS[lang].split(), tens, strict=True))


#: Numbers written in words, by language (those of wpskg's sources).
NUMBER_WORDS: dict[str, dict[str, int]] = {lang: _words(lang) for lang in _WORDS}
_ANY_LANGUAGE = {word: n for words in NUMBER_WORDS.values() for word, n in words.items()}
_SCALE = "|".join(sorted(map(re.escape, money.SCALES), key=len, reverse=True))


@cache
def _token(lang: str | None) -> tuple[re.Pattern[str], dict[str, int]]:
    """The pattern of a number in digits or in words of ``lang`` (of any language when it is not
    one of :data:`NUMBER_WORDS`), with an optional scale word after it, and those words."""
    words = NUMBER_WORDS.get((lang or "").split("-")[0].lower(), _ANY_LANGUAGE)
    pattern = re.compile(
        r"(?<![\w.,])(?P<sign>(?<![\w.,])[-\u2212](?=\d))?"
        r"(?:(?P<digits>\d{1,3}(?:[.,\u00a0\u202f '’]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?!\d)"
        r"|(?<![\w-])(?P<word>" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?![\w-]))"
        r"(?:\s*(?P<scale>" + _SCALE + r")\b)?",
        re.IGNORECASE,
    )
    return pattern, words


def stated(text: str, lang: str | None) -> list[Decimal]:
    """The numbers a text states, in the order it states them, each once: in digits, in every
    reading of the text's language (both readings when the language is not known), negative after
    a minus sign; in words of the text's language (of any, when it is not known); and, before a
    scale word, both as written and scaled ("1,5 miljoen" is 1.5 and 1500000).

    >>> [f"{n:f}" for n in stated("1,5 miljoen vluchtelingen, -3 graden", "nl")]
    ['1.5', '1500000', '-3']
    >>> stated("The UN Security Council met in Sept. 45 per cent", "en")
    [Decimal('45')]
    """
    pattern, words = _token(lang)
    mark = money.decimal_mark(lang)
    out: list[Decimal] = []
    for m in pattern.finditer(text):
        if m.group("digits") is not None:
            token = m.group("digits").replace("\u00a0", " ").replace("\u202f", " ")
            values = money.numbers(token, mark)
            if " " in token:  # "4 500" may be one number or two
                values += money.numbers(token.replace(" ", ""), mark) + [Decimal(n) for n in token.split()]
        else:
            values = [Decimal(words[m.group("word").lower()])]
        if m.group("sign"):
            values = [-v for v in values]
        if m.group("scale"):
            values += [(v * Decimal(10) ** money.SCALES[m.group("scale").lower()]).normalize() for v in values]
        out += values
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class FigureFailure:
    """A value of a reported figure that none of the quotes of the claims that give it states;
    ``stated`` are the numbers those quotes state."""

    figure: str
    prop: str
    value: Decimal
    stated: tuple[Decimal, ...]


def figure_failures(graph: Graph) -> list[FigureFailure]:
    """The values of reported figures (``wps:value``, ``wps:valueWomen``, ``wps:valueMen``) other
    than zero that no quote of a claim of that property states.

    A value that no claim gives is left to the shapes, which require a claim.
    """
    rows = graph.select(
        sparql_prologue()
        + """SELECT ?fig ?p ?value ?quote WHERE {
               VALUES ?p { wps:value wps:valueWomen wps:valueMen }
               ?fig a wps:ReportedFigure ; ?p ?value .
               FILTER(isNumeric(?value) && ?value != 0)
               ?claim wps:claimSubject ?fig ; wps:claimProperty ?p ; wps:quote ?quote .
             }"""
    )
    quotes: dict[tuple[str, str, Decimal], set[tuple[str, str | None]]] = {}
    for r in rows:
        key = (r["fig"].value, r["p"].value, Decimal(r["value"].value))
        quotes.setdefault(key, set()).add((r["quote"].value, r["quote"].language))
    out = []
    for (figure, prop, value), said in sorted(quotes.items()):
        numbers = [n for text, lang in sorted(said, key=str) for n in stated(text, lang)]
        if value not in numbers:
            out.append(FigureFailure(figure, prop, value, tuple(dict.fromkeys(numbers))))
    return out
