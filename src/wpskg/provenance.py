"""Checks that tie the graph to its sources: quotes, amounts, and coverage of the texts.

>>> quote_in_text("Neder-landse NAPs", "de drie voorgaande Neder-\\nlandse NAPs")
True
>>> quote_in_text("Nederlandse NAPs", "de drie voorgaande Neder-\\nlandse NAPs")
True
>>> quote_in_text("Duitse NAPs", "de drie voorgaande Neder-\\nlandse NAPs")
False
>>> [str(a) for a in amounts_in_text("met 4 miljoen euro per jaar en 6.311.964,8 EUR of 7.820.000\\nEUR")]
['4000000', '6311964.8', '7820000']
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from .namespaces import sparql_prologue
from .store import Graph

_LINEBREAK_HYPHEN = re.compile(r"-[ \t]*\r?\n\s*")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space."""
    return _SPACES.sub(" ", text).strip()


def text_variants(text: str) -> tuple[str, str, str]:
    """The text with whitespace collapsed; a hyphen at a line break joins the words, stays, or is a dash."""
    marked = _LINEBREAK_HYPHEN.sub("\u00ad", text)
    flat = normalise(marked)
    return flat.replace("\u00ad", ""), flat.replace("\u00ad", "-"), flat.replace("\u00ad", "- ")


def quote_in_text(quote: str, text: str) -> bool:
    """Whether ``quote`` appears word for word in ``text``, up to whitespace and line-break hyphens."""
    return _holds(text_variants(text), quote)


def _holds(variants: tuple[str, str, str], quote: str) -> bool:
    wanted = normalise(quote)
    return any(wanted in variant for variant in variants)


# "4 miljoen euro", "6.311.964,8 EUR", "15.000.000 EUR", "EUR 1,000,000.50", "€ 500"
_DUTCH = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(miljoen|miljard)?\s*(?:EUR|euro)\b",
    re.IGNORECASE,
)
_SCALE = {"miljoen": Decimal(1_000_000), "miljard": Decimal(1_000_000_000)}


def parse_dutch_number(text: str) -> Decimal:
    """A number in Dutch notation: period for thousands, comma for decimals.

    >>> parse_dutch_number("6.311.964,8"), parse_dutch_number("324.219,9"), parse_dutch_number("4")
    (Decimal('6311964.8'), Decimal('324219.9'), Decimal('4'))
    """
    return Decimal(text.replace(".", "").replace(",", "."))


def amounts_in_text(text: str) -> list[Decimal]:
    """Every EUR amount written in ``text`` (Dutch notation), as exact decimals, in order."""
    flat = normalise(text)
    found = []
    for m in _DUTCH.finditer(flat):
        value = parse_dutch_number(m.group(1))
        if m.group(2):
            value *= _SCALE[m.group(2).lower()]
        found.append(value.normalize() if value == value.to_integral() else value)
    return [Decimal(int(v)) if v == v.to_integral() else v for v in found]


@dataclass(frozen=True)
class QuotedClaim:
    """A claim with its quote and the file of its source document."""

    claim: str
    quote: str
    source: str
    file: str | None


def claims(graph: Graph) -> list[QuotedClaim]:
    """Every claim that has a quote."""
    rows = graph.select(
        sparql_prologue()
        + """SELECT ?claim ?quote ?doc ?file WHERE {
               ?claim wps:quote ?quote .
               OPTIONAL { ?claim prov:wasDerivedFrom ?doc . OPTIONAL { ?doc wps:fileName ?file } }
             } ORDER BY ?claim"""
    )
    return [
        QuotedClaim(
            r["claim"].value,
            r["quote"].value,
            r["doc"].value if "doc" in r else "",
            r["file"].value if "file" in r else None,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class QuoteFailure:
    """A claim whose quote its source text does not hold (``quote`` set), or a source document
    whose text is not in the sources folder (``subject`` is the document, ``quote`` is None)."""

    subject: str
    file: str
    quote: str | None = None


def quote_failures(graph: Graph, sources_dir: Path) -> list[QuoteFailure]:
    """The quotes not found word for word in their source texts, and the source texts that are missing.

    Claims without a source file name are left to the shapes, which require one.
    """
    failures: list[QuoteFailure] = []
    texts: dict[str, tuple[str, str, str] | None] = {}
    for c in claims(graph):
        if not c.file:
            continue
        if c.file not in texts:
            path = sources_dir / c.file
            texts[c.file] = text_variants(path.read_text(encoding="utf-8")) if path.is_file() else None
            if texts[c.file] is None:
                failures.append(QuoteFailure(c.source, c.file))
        variants = texts[c.file]
        if variants is not None and not _holds(variants, c.quote):
            failures.append(QuoteFailure(c.claim, c.file, c.quote))
    return failures


@dataclass(frozen=True)
class FundingAmount:
    """A funding's amount with the quotes and source files of its claims."""

    funding: str
    amount: Decimal
    currency: str
    quotes: tuple[str, ...]
    files: tuple[str, ...]


def funding_amounts(graph: Graph) -> list[FundingAmount]:
    """Every funding amount with its claims' quotes (exact values from the asserted triples)."""
    rows = graph.select(
        sparql_prologue()
        + """SELECT ?f ?money ?currency ?quote ?file WHERE {
               ?f a wps:Funding ; schema:amount ?money . ?money schema:currency ?currency .
               OPTIONAL { ?claim wps:claimSubject ?f ; wps:quote ?quote .
                          OPTIONAL { ?claim prov:wasDerivedFrom/wps:fileName ?file } }
             }"""
    )
    quotes: dict[tuple[str, str], set[str]] = {}
    files: dict[tuple[str, str], set[str]] = {}
    money_of: dict[tuple[str, str], ox.Term] = {}
    currency: dict[tuple[str, str], str] = {}
    for r in rows:
        key = (r["f"].value, str(r["money"]))
        money_of[key] = r["money"]
        currency[key] = r["currency"].value
        quotes.setdefault(key, set())
        files.setdefault(key, set())
        if "quote" in r:
            quotes[key].add(r["quote"].value)
        if "file" in r:
            files[key].add(r["file"].value)
    exact: dict[ox.Term, list[str]] = {}
    amounts = set(money_of.values())
    for quad in graph.asserted:
        if quad.predicate.value == "https://schema.org/value" and quad.subject in amounts:
            exact.setdefault(quad.subject, []).append(quad.object.value)
    out = []
    for key, money in money_of.items():
        for value in exact.get(money, []):
            out.append(
                FundingAmount(
                    key[0], Decimal(value), currency[key], tuple(sorted(quotes[key])), tuple(sorted(files[key]))
                )
            )
    return sorted(out, key=lambda f: (f.funding, f.amount))


def amounts_missing_from_quotes(graph: Graph) -> list[str]:
    """A line per funding amount that none of its quotes states."""
    problems = []
    for f in funding_amounts(graph):
        stated = {a for q in f.quotes for a in amounts_in_text(q)}
        if f.amount not in stated:
            problems.append(f"{f.funding}: amount {f.amount} {f.currency} is not in its quote(s)")
    return problems


def read_exclusions(path: Path) -> Counter[Decimal]:
    """Amounts deliberately not modelled as fundings: ``amount<TAB>reason`` per line."""
    out: Counter[Decimal] = Counter()
    if not path.is_file():
        return out
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        amount, sep, reason = line.partition("\t")
        if not sep or not reason.strip():
            raise ValueError(f"{path}:{number}: an exclusion needs 'amount<TAB>reason'")
        out[Decimal(amount.strip())] += 1
    return out


def uncovered_amounts(graph: Graph, sources_dir: Path, exclusions_dir: Path) -> dict[str, list[Decimal]]:
    """Per source file, the EUR amounts of its text that are neither fundings nor excluded."""
    by_file: dict[str, Counter[Decimal]] = {}
    for f in funding_amounts(graph):
        if f.currency != "EUR":
            continue
        for file in f.files:
            by_file.setdefault(file, Counter())[f.amount] += 1
    out = {}
    for path in sorted(Path(sources_dir).glob("*.txt")):
        in_text = Counter(amounts_in_text(path.read_text(encoding="utf-8")))
        covered = by_file.get(path.name, Counter()) + read_exclusions(exclusions_dir / f"{path.stem}.tsv")
        missing = in_text - covered
        if missing:
            out[path.name] = sorted(missing.elements())
    return out
