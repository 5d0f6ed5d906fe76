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
#: Numbers written in words, in the languages wpskg's sources are in.
NUMBER_WORDS: dict[str, int] = {}
for _lang, _names in _WORDS.items():
    NUMBER_WORDS.update({name: n for n, name in enumerate(_names.split())})
for _lang, _names in _TENS.items():
    _values = {"fr": (30, 40, 50, 60, 70, 80, 80, 90, 100)}.get(_lang, (30, 40, 50, 60, 70, 80, 90, 100))
    NUMBER_WORDS.update(zip(_names.split(), _values, strict=True))

_TOKEN = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d])"
    r"|(?<![\w-])(" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)


def stated(text: str, lang: str | None) -> list[Decimal]:
    """The numbers a text states, in the order it states them, each once; a number in digits in
    every reading of the text's language (both readings when the language is not known)."""
    mark = money.decimal_mark(lang)
    out: list[Decimal] = []
    for m in _TOKEN.finditer(text):
        digits, word = m.groups()
        if digits is not None:
            token = digits.replace("\u00a0", " ").replace("\u202f", " ")
            out += money.numbers(token, mark)
            if " " in token:  # "4 500" may be one number or two
                out += money.numbers(token.replace(" ", ""), mark) + [Decimal(n) for n in token.split()]
        else:
            out.append(Decimal(NUMBER_WORDS[word.lower()]))
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
