"""Checks that tie the graph to its sources: quotes, amounts, and coverage of the texts.

>>> quote_in_text("Neder-landse NAPs", "de drie voorgaande Neder-\\nlandse NAPs")
True
>>> quote_in_text("Nederlandse NAPs", "de drie voorgaande Neder-\\nlandse NAPs")
True
>>> quote_in_text("Duitse NAPs", "de drie voorgaande Neder-\\nlandse NAPs")
False
>>> quote_in_text("voldoende inspanningen", "levert onvoldoende inspanningen")
False
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import langtags, money
from .errors import InputError, Location
from .loaders import decode
from .namespaces import sparql_prologue
from .project import shown
from .store import Graph

# A hyphen at a line break: ASCII, soft (U+00AD), or the Unicode hyphens (U+2010, U+2011) that
# text taken from a PDF has.
_LINEBREAK_HYPHEN = re.compile("[-\u00ad\u2010\u2011][ \t]*\r?\n\\s*")
_SPACES = re.compile(r"\s+")
_FRENCH_SPACE = re.compile(r" (?=[:;!?»])|(?<=«) ")
_MARK = "\ue000"  # (private use) where a line-break hyphen was


def normalise(text: str) -> str:
    r"""Compose accented letters (NFC), drop soft hyphens (invisible), collapse every run of
    whitespace to one space, and drop the space that French puts before ``: ; ! ? »`` and after
    ``«`` (a PDF gives it, or not, and a no-break space or none looks the same).

    >>> normalise("parte\u00adnaire  de la  RDC")
    'partenaire de la RDC'
    >>> normalise("Objectif 1 : « la paix »") == normalise("Objectif 1: «la paix»")
    True
    """
    flat = _SPACES.sub(" ", unicodedata.normalize("NFC", text).replace("\u00ad", "")).strip()
    return _FRENCH_SPACE.sub("", flat)


def _marked(text: str) -> str:
    """The text normalised, with a mark where each line-break hyphen was."""
    return normalise(_LINEBREAK_HYPHEN.sub(_MARK, text))


def _variants(marked: str) -> tuple[str, str, str]:
    r"""The marked text with every mark joining the words, kept as a hyphen, or a dash.

    >>> _variants(_marked("comme parte\u2010\nnaire"))
    ('comme partenaire', 'comme parte-naire', 'comme parte- naire')
    """
    return marked.replace(_MARK, ""), marked.replace(_MARK, "-"), marked.replace(_MARK, "- ")


def quote_in_text(quote: str, text: str) -> bool:
    r"""Whether ``quote`` appears word for word in ``text``, up to whitespace and line-break hyphens.

    Each line-break hyphen may be read its own way: one joined and one kept.

    >>> quote_in_text("the Initiative is well-known", "the Initi-\native is well-\nknown")
    True
    """
    return _holds(_source_text(text), quote)


@dataclass(frozen=True)
class _Text:
    """A source text normalised with its line-break hyphens marked, and its uniform variants."""

    marked: str
    variants: tuple[str, str, str]


def _source_text(text: str) -> _Text:
    """The text normalised for finding quotes in it."""
    marked = _marked(text)
    return _Text(marked, _variants(marked))


def _holds(text: _Text, quote: str) -> bool:
    """Whether the quote is in the text as whole words: a quote that starts or ends inside a word
    ("voldoende" in "onvoldoende") is not what the text says."""
    wanted = normalise(quote)
    if not wanted:
        return False
    for variant in text.variants:
        at = variant.find(wanted)
        while at >= 0:
            if _whole(variant, at, at + len(wanted)):
                return True
            at = variant.find(wanted, at + 1)
    return _MARK in text.marked and _holds_mixed(text.marked, wanted)


def _holds_mixed(marked: str, wanted: str) -> bool:
    """Whether the quote is in the marked text when each line-break hyphen is read on its own
    (joined, kept or a dash), which the uniform variants do not cover."""
    parts = []
    for piece in re.split("(- ?)", wanted):
        if piece.startswith("-"):
            parts.append(f"(?:{re.escape(piece)}|{_MARK})")
        elif piece:
            parts.append(f"{_MARK}?".join(re.escape(c) for c in piece))
    pattern = re.compile(f"{_MARK}?".join(parts))
    found = pattern.search(marked)
    while found:
        if _whole(marked, found.start(), found.end()):
            return True
        found = pattern.search(marked, found.start() + 1)
    return False


def _whole(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` neither starts nor ends inside a word."""
    return not (start > 0 and _joined(text[start - 1], text[start])) and not (
        end < len(text) and _joined(text[end - 1], text[end])
    )


def _joined(left: str, right: str) -> bool:
    """Whether two characters side by side are inside one word: two letters or two digits (a
    footnote number after a word, "aanbevelingen8", is not part of it)."""
    return (left.isalpha() and right.isalpha()) or (left.isdigit() and right.isdigit())


@dataclass(frozen=True)
class Passage:
    """The passage of a text closest to a quote that is not in it: where it starts, its words,
    and the first place where the quote differs from it (``quote_has`` where ``text_has``)."""

    line: int
    words: str
    quote_has: str
    text_has: str

    @property
    def difference(self) -> str:
        """The first difference, in words.

        >>> Passage(1, "a b", "c", "").difference, Passage(1, "a b", "", "b").difference
        ("the quote has 'c', which the text does not", "the text has 'b', which the quote leaves out")
        """
        if not self.text_has and not self.quote_has:
            return "the two differ only in spacing"
        if not self.text_has:
            return f"the quote has {self.quote_has!r}, which the text does not"
        if not self.quote_has:
            return f"the text has {self.text_has!r}, which the quote leaves out"
        return f"the quote has {self.quote_has!r} where the text has {self.text_has!r}{_unlike(self)}"


def _unlike(passage: Passage) -> str:
    """The first characters in which the quote's and the text's words differ, by their Unicode
    names, when one is not ASCII: a ligature (ﬁ) or an apostrophe (’) looks like what it is not.

    >>> _unlike(Passage(1, "", "financé", "\ufb01nancé"))
    " (the text's 'ﬁ' is U+FB01 LATIN SMALL LIGATURE FI, the quote's 'f' is U+0066 LATIN SMALL LETTER F)"
    >>> _unlike(Passage(1, "", "financering", "financiering"))
    ''
    """
    pairs = zip(passage.quote_has, passage.text_has, strict=False)
    at = next((i for i, (q, t) in enumerate(pairs) if q != t), min(len(passage.quote_has), len(passage.text_has)))
    shown = [
        f"the {whose} {c!r} is U+{ord(c):04X} {unicodedata.name(c, 'without a name')}"
        for whose, word in (("text's", passage.text_has), ("quote's", passage.quote_has))
        for c in word[at : at + 1]
    ]
    if all(c.isascii() for c in passage.text_has[at : at + 1] + passage.quote_has[at : at + 1]):
        return ""
    return " (" + ", ".join(shown) + ")"


def closest_passage(quote: str, text: str, *, least: float = 0.6) -> Passage | None:
    """The passage of ``text`` most like ``quote`` (word by word, ignoring case), or None when
    no passage shares at least ``least`` of its words in order.

    >>> p = closest_passage("de financering van het project", "Zij zorgde voor\\nde financiering van het project.")
    >>> p.line, p.words, p.quote_has, p.text_has
    (2, 'de financiering van het project.', 'financering', 'financiering')
    >>> text = "Zo financiert België, via kernbijdragen, UN Women met 4 miljoen euro per jaar."
    >>> closest_passage("Zo financiert België, UN Women met 4 miljoen euro per jaar.", text).difference
    "the text has 'via kernbijdragen,', which the quote leaves out"
    """
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]
    wanted = quote.split()
    if not words or not wanted:
        return None
    lower = [w.lower() for _, w in words]
    anchor = max(
        difflib.SequenceMatcher(None, lower, [w.lower() for w in wanted], autojunk=False).get_matching_blocks(),
        key=lambda block: block.size,
    )
    if not anchor.size:
        return None
    # The passage runs from the text's word for the quote's first to its word for the quote's last,
    # aligned around the longest run the two share: words left out of (or added to) the quote before
    # or after that run move where the passage starts or ends.
    lo = max(0, anchor.a - anchor.b - len(wanted))
    window = lower[lo : anchor.a + 2 * len(wanted) - anchor.b]
    aligned = difflib.SequenceMatcher(None, [w.lower() for w in wanted], window, autojunk=False)
    blocks = [b for b in aligned.get_matching_blocks() if b.size]
    first = max(0, lo + blocks[0].b - blocks[0].a)
    last = lo + blocks[-1].b + blocks[-1].size + (len(wanted) - blocks[-1].a - blocks[-1].size)
    span = [w for _, w in words[first : max(last, first + 1)]]
    matcher = difflib.SequenceMatcher(None, wanted, span, autojunk=False)
    if matcher.ratio() < least:
        return None
    quote_has = text_has = ""
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            quote_has, text_has = " ".join(wanted[i1:i2]), " ".join(span[j1:j2])
            break
    return Passage(text.count("\n", 0, words[first][0]) + 1, " ".join(span), quote_has, text_has)


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
    """A claim whose quote its source text does not hold (``quote`` set, and the ``closest``
    passage of the text if one is like it), or a source document whose text is not in the
    sources folder (``subject`` is the document, ``quote`` is None)."""

    subject: str
    file: str
    quote: str | None = None
    closest: Passage | None = None
    #: The other source texts that hold the quote (a claim derived from the wrong document).
    found_in: tuple[str, ...] = ()


def quote_failures(graph: Graph, sources_dir: Path) -> list[QuoteFailure]:
    """The quotes not found word for word in their source texts, and the source texts that are missing.

    Claims without a source file name are left to the shapes, which require one.
    """
    failures: list[QuoteFailure] = []
    texts: dict[str, tuple[str, _Text] | None] = {}

    def read(name: str) -> tuple[str, _Text] | None:
        """A source text and its variants, read once; None when it is not there."""
        if name not in texts:
            path = sources_dir / name
            text = read_text(path) if path.is_file() else None
            texts[name] = None if text is None else (text, _source_text(text))
        return texts[name]

    for c in claims(graph):
        if not c.file:
            continue
        known = c.file in texts
        found = read(c.file)
        if found is None:
            if not known:
                failures.append(QuoteFailure(c.source, c.file))
        elif not _holds(found[1], c.quote):
            elsewhere = tuple(
                other.name
                for other in sorted(sources_dir.glob("*.txt"))
                if other.name != c.file and (text := read(other.name)) is not None and _holds(text[1], c.quote)
            )
            failures.append(QuoteFailure(c.claim, c.file, c.quote, closest_passage(c.quote, found[0]), elsewhere))
    return failures


@dataclass(frozen=True)
class FundingAmount:
    """A funding's amount with the quotes (text and language) and source files of its claims."""

    funding: str
    amount: Decimal
    currency: str
    quotes: tuple[tuple[str, str | None], ...]
    files: tuple[str, ...]
    #: Whether the amount is a ceiling (``schema:maxValue``), not an exact value.
    ceiling: bool = False


#: A well-formed amount (``?value`` of ``?money``, in ``?currency``): an ``xsd:decimal`` of at least 0 in a
#: three-letter currency code. The others are left to the shapes, which report them.
_WELL_FORMED = 'DATATYPE(?value) = xsd:decimal && ?value >= 0 && REGEX(?currency, "^[A-Z]{3}$")'


def funding_amounts(graph: Graph) -> list[FundingAmount]:
    """Every well-formed funding amount (an ``xsd:decimal`` of at least 0 in a three-letter
    currency code), exact or a ceiling (``schema:maxValue``), with its claims' quotes. Any subject's
    (only a funding has one, which a shape checks): a funding whose class is misspelt keeps its
    amount checked, and the amount is not taken for one of no funding (:data:`_WELL_FORMED`).
    """
    rows = graph.select(
        sparql_prologue()
        + """SELECT ?f ?value ?kind ?currency ?quote ?file WHERE {
               ?f schema:amount ?money .
               ?money ?kind ?value ; schema:currency ?currency .
               FILTER(?kind IN (schema:value, schema:maxValue))
               FILTER("""
        + _WELL_FORMED
        + """)
               OPTIONAL { ?claim wps:claimSubject ?f ; wps:quote ?quote .
                          OPTIONAL { ?claim prov:wasDerivedFrom/wps:fileName ?file } }
             }"""
    )
    quotes: dict[tuple[str, str, str, bool], set[tuple[str, str | None]]] = {}
    files: dict[tuple[str, str, str, bool], set[str]] = {}
    for r in rows:
        key = (r["f"].value, r["value"].value, r["currency"].value, r["kind"].value.endswith("maxValue"))
        quotes.setdefault(key, set())
        files.setdefault(key, set())
        if "quote" in r:
            quotes[key].add((r["quote"].value, r["quote"].language))
        if "file" in r:
            files[key].add(r["file"].value)
    out = []
    for key, said in quotes.items():
        funding, value, currency, ceiling = key
        out.append(
            FundingAmount(
                funding, Decimal(value), currency, tuple(sorted(said, key=str)), tuple(sorted(files[key])), ceiling
            )
        )
    return sorted(out, key=lambda f: (f.funding, f.amount, f.currency))


@dataclass(frozen=True)
class AmountFailure:
    """A funding amount that its quotes do not state; ``stated`` is what they state in its currency,
    ``elsewhere`` the same amount stated in another currency."""

    funding: str
    amount: Decimal
    currency: str
    stated: tuple[money.Money, ...]
    elsewhere: tuple[money.Money, ...] = ()


def amount_failures(graph: Graph, amounts: list[FundingAmount] | None = None) -> list[AmountFailure]:
    """The funding amounts that none of their quotes states, in any notation of the quote's language
    (``amounts``: the graph's :func:`funding_amounts`, when the caller has them).

    Fundings without a quote are left to the shapes, which require a claim.
    """
    out = []
    for f in funding_amounts(graph) if amounts is None else amounts:
        if not f.quotes:
            continue
        read = [m for text, lang in f.quotes for m in money.read(text, lang)]
        stated = tuple(m for m in read if m.means(f.currency))
        if f.amount not in {m.amount for m in stated}:
            elsewhere = tuple(m for m in read if m.amount == f.amount and not m.means(f.currency))
            out.append(AmountFailure(f.funding, f.amount, f.currency, stated, elsewhere))
    return out


def ceiling_mismatches(graph: Graph, amounts: list[FundingAmount] | None = None) -> list[tuple[FundingAmount, str]]:
    """The funding amounts whose quotes give them the other way: an exact ``schema:value`` that
    they give as a ceiling ("tot 2.000.000 EUR"), or a ``schema:maxValue`` that they give as an
    exact amount; with the words of the quote that give it. An amount that no quote states is
    left to :func:`amount_failures`."""
    out = []
    for f in funding_amounts(graph) if amounts is None else amounts:
        if not f.ceiling and not any(money.says_ceiling(text) for text, _ in f.quotes):
            continue  # the common case, an exact amount with no word of a ceiling, read no further
        said = [
            (text, m)
            for text, lang in f.quotes
            for m in money.read(text, lang)
            if m.amount == f.amount and m.means(f.currency)
        ]
        if not said:
            continue
        as_ceiling = [
            text[max(0, m.start - 20) : m.start + len(m.written)] for text, m in said if money.is_ceiling(text, m)
        ]
        if f.ceiling and not as_ceiling:
            out.append((f, said[0][1].written))
        elif not f.ceiling and len(as_ceiling) == len(said):
            out.append((f, as_ceiling[0].strip()))
    return out


def read_text(path: Path) -> str:
    """A source text, which must be UTF-8; it is named as ``sources/<file>`` in errors."""
    return decode(path.read_bytes(), f"{path.parent.name}/{path.name}")


def text_languages(graph: Graph) -> dict[str, str]:
    """Each source text's language by its file name, as its document's ``dct:language`` gives
    it (an EU language authority IRI, ``.../language/NLD``, or an ISO 639 code): the ISO 639
    code that BCP 47 writes (``nl``). A text whose document gives none, or two, is left out."""
    tags, meant = langtags.codes()
    found: dict[str, set[str | None]] = {}
    rows = graph.select(
        sparql_prologue() + "SELECT ?file ?language WHERE { ?doc wps:fileName ?file ; dct:language ?language }"
    )
    for row in rows:
        raw = row["language"].value.rstrip("/").rsplit("/", 1)[-1].lower()
        found.setdefault(row["file"].value, set()).add(raw if raw in tags else meant.get(raw))
    return {file: next(iter(codes)) for file, codes in found.items() if len(codes) == 1 and None not in codes}


def text_language(path: Path) -> str | None:
    """The language a source text's name gives (``report.nl.txt`` is Dutch), or None: for a
    text whose document gives no language (:func:`text_languages`).

    >>> text_language(Path("be-nap3-final-report.nl.txt")), text_language(Path("notes.txt"))
    ('nl', None)
    """
    suffixes = path.suffixes
    return suffixes[-2][1:] if len(suffixes) >= 2 and len(suffixes[-2]) == 3 else None


def exclusions_file(exclusions_dir: Path, text: str | Path) -> Path:
    """The exclusions file of the source text ``text`` (a name or path): ``<text stem>.tsv``.

    >>> exclusions_file(Path("instances/exclusions"), "be-report.nl.txt").name
    'be-report.nl.tsv'
    """
    return Path(exclusions_dir) / f"{Path(text).stem}.tsv"


def read_exclusions(path: Path) -> Counter[tuple[Decimal, str | None]]:
    """Amounts of a source text deliberately not modelled as fundings, one per line:
    ``amount<TAB>reason`` (the amount in any currency) or ``amount CUR<TAB>reason``.

    Lines that are empty or start with ``#`` are skipped.
    """
    out: Counter[tuple[Decimal, str | None]] = Counter()
    if not path.is_file():
        return out
    name = shown(path)
    for number, line in enumerate(decode(path.read_bytes(), name).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        amount, sep, reason = line.partition("\t")
        if not sep or not reason.strip():
            raise InputError(f"an exclusion is 'amount<TAB>reason', not {line!r}", Location(name, number))
        value, _, code = amount.strip().partition(" ")
        code = code.strip()
        if code and not re.fullmatch(r"[A-Z]{3}", code):
            in_text_notation = re.fullmatch(r"[\d .,\u00a0\u202f]+(?: [A-Z]{3})?", amount.strip())
            if in_text_notation:  # "2 500 000 EUR", copied from the text
                raise InputError(
                    f"write the amount {amount.strip()!r} with a decimal point and no thousands separators "
                    "(2500000.00, or 2500000.00 EUR)",
                    Location(name, number),
                )
            raise InputError(f"{code!r} is not an ISO 4217 currency code such as EUR", Location(name, number))
        try:
            out[(Decimal(value), code or None)] += 1
        except InvalidOperation:
            raise InputError(f"{value!r} is not an amount such as 1500000.00", Location(name, number)) from None
    return out


@dataclass(frozen=True)
class Coverage:
    """How a source text's amounts are accounted for: those that are neither a funding's amount nor
    excluded (``missing``), and the exclusions that no amount of the text used (``unused``)."""

    missing: tuple[money.Money, ...]
    unused: tuple[tuple[Decimal, str | None], ...]


def coverage(
    graph: Graph, sources_dir: Path, exclusions_dir: Path, amounts: list[FundingAmount] | None = None
) -> dict[str, Coverage]:
    """Per source text with something to report, its :class:`Coverage`: each amount it states is
    the amount of a funding claimed from it or else listed in its exclusions file
    (``<exclusions_dir>/<text stem>.tsv``); ``amounts`` as in :func:`amount_failures`."""
    by_file: dict[str, Counter[tuple[Decimal, str | None]]] = {}
    for f in funding_amounts(graph) if amounts is None else amounts:
        for file in f.files:
            by_file.setdefault(file, Counter())[(f.amount, f.currency)] += 1
    for file, quote, language in _unreadable_amount_quotes(graph):
        for m in money.read(quote, language):  # the shapes report the amount; its quote's amounts are its own
            by_file.setdefault(file, Counter())[(m.amount, m.currency)] += 1
    out = {}
    languages = text_languages(graph)
    for path in sorted(Path(sources_dir).glob("*.txt")):
        funded = Counter(by_file.get(path.name, Counter()))
        excluded = read_exclusions(exclusions_file(exclusions_dir, path))
        readings: dict[int, list[money.Money]] = {}
        for m in money.read(read_text(path), languages.get(path.name) or text_language(path)):
            readings.setdefault(m.start, []).append(m)
        missing = []
        for ways in readings.values():  # an amount that reads two ways is covered by either
            keys = [(m.amount, c) for m in ways for c in sorted(m.currencies)]
            keys += [(m.amount, None) for m in ways]
            for pool in (funded, excluded):  # a funding first: an exclusion is for what no funding has
                key = next((k for k in keys if pool[k] > 0), None)
                if key is not None:
                    pool[key] -= 1
                    break
            else:
                missing.append(ways[0])
        unused = sorted((k for k, n in excluded.items() for _ in range(n)), key=lambda k: (k[0], k[1] or ""))
        if missing or unused:
            out[path.name] = Coverage(tuple(missing), tuple(unused))
    return out


def _unreadable_amount_quotes(graph: Graph) -> list[tuple[str, str, str | None]]:
    """The source file, quote and language of each claim that gives the amount of a funding whose
    amount is not well formed (``"1.000.000 EUR"`` for a decimal, ``"eur"``), which
    :func:`funding_amounts` leaves out."""
    rows = graph.select(
        sparql_prologue()
        + """SELECT DISTINCT ?file ?quote WHERE {
               ?f schema:amount ?money .
               FILTER NOT EXISTS {
                 ?money ?kind ?value ; schema:currency ?currency . FILTER(?kind IN (schema:value, schema:maxValue))
                 FILTER("""
        + _WELL_FORMED
        + """) }
               ?claim wps:claimSubject ?f ; wps:claimProperty schema:amount ; wps:quote ?quote ;
                      prov:wasDerivedFrom/wps:fileName ?file .
             }"""
    )
    return [(r["file"].value, r["quote"].value, r["quote"].language) for r in rows]


def uncovered_amounts(
    graph: Graph, sources_dir: Path, exclusions_dir: Path, amounts: list[FundingAmount] | None = None
) -> dict[str, list[money.Money]]:
    """Per source text, the amounts it states that are neither the amount of a funding claimed
    from it nor listed in its exclusions file (:func:`coverage`)."""
    found = coverage(graph, sources_dir, exclusions_dir, amounts)
    return {file: list(c.missing) for file, c in found.items() if c.missing}
