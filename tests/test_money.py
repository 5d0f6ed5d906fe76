"""Amounts of money in text (wpskg.money): each language's notation, currencies, and the writer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wpskg import money
from wpskg.namespaces import sparql_prologue
from wpskg.project import Project
from wpskg.store import load_shapes


def amounts(text: str, lang: str | None) -> list[tuple[Decimal, str]]:
    return [(m.amount, m.currency) for m in money.read(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Dutch: periods group thousands, a comma marks decimals, the scale word precedes the currency.
        ("een bijdrage van 6.311.964,8 EUR", "nl", [("6311964.8", "EUR")]),
        ("4 miljoen euro per jaar", "nl", [("4000000", "EUR")]),
        ("1,5 miljard EUR", "nl", [("1500000000", "EUR")]),
        ("€ 500 en 1.500 €", "nl", [("500", "EUR"), ("1500", "EUR")]),
        # English: commas group thousands, a point marks decimals; the currency often comes first.
        ("EUR 1,000,000.50 to UN Women", "en", [("1000000.50", "EUR")]),
        ("US$ 2.5 million and $300", "en", [("2500000", "USD"), ("300", "USD")]),
        ("£1.2bn", "en", [("1200000000", "GBP")]),
        (
            "C$ 3 million, CA$40,000, A$ 1.5m, AU$2m, NZ$ 500 and HK$ 10",
            "en",
            [
                ("3000000", "CAD"),
                ("40000", "CAD"),
                ("1500000", "AUD"),
                ("2000000", "AUD"),
                ("500", "NZD"),
                ("10", "HKD"),
            ],
        ),
        ("1,500 euros", "en", [("1500", "EUR")]),
        ("SEK 75,000 in 2019.", "en", [("75000", "SEK")]),
        # French: spaces (also no-break spaces) group thousands.
        ("950 000 euros", "fr", [("950000", "EUR")]),
        ("950\u00a0000,50\u202fEUR", "fr", [("950000.50", "EUR")]),
        ("1,5 million d'euros et 2 milliards de FCFA", "fr", [("1500000", "EUR"), ("2000000000", "XOF")]),
        ("25 000 francs CFA", "fr", [("25000", "XOF")]),
        ("1,5 M€", "fr", [("1500000", "EUR")]),
        # German abbreviates the scale word.
        ("1,2 Mio. EUR und 3 Mrd. Euro", "de", [("1200000", "EUR"), ("3000000000", "EUR")]),
        # Numbers in words, before a scale word.
        ("vier miljoen euro per jaar", "nl", [("4000000", "EUR")]),
        ("two million euros and a billion dollars", "en", [("2000000", "EUR"), ("1000000000", "USD")]),
        ("deux millions d'euros", "fr", [("2000000", "EUR")]),
        ("Een miljoen EUR", "nl", [("1000000", "EUR")]),
        ("vier EUR en zes landen", "nl", []),
        # A figure that the language's notation cannot read is read in the other.
        ("EUR 1,000,000.50", "nl", [("1000000.50", "EUR")]),
        # A line break inside an amount is a space.
        ("7.820.000\nEUR", "nl", [("7820000", "EUR")]),
        # Numbers without a currency, and years, are not money.
        ("In 2019 telde het NAP 60 ondertekenaars en 3 doelstellingen.", "nl", []),
        ("in 2019 100.000 EUR", "nl", [("100000", "EUR")]),
    ],
)
def test_read(text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert amounts(text, lang) == [(Decimal(a), c) for a, c in expected]


def test_without_a_language_every_reading_is_given() -> None:
    assert amounts("1.500 EUR", None) == [(Decimal("1.5"), "EUR"), (Decimal("1500"), "EUR")]
    assert amounts("1,500 EUR", None) == [(Decimal("1500"), "EUR"), (Decimal("1.5"), "EUR")]
    assert amounts("1.500 EUR", "nl") == [(Decimal("1500"), "EUR")]
    assert amounts("1.500 EUR", "en") == [(Decimal("1.5"), "EUR")]


def test_the_words_are_kept_as_written() -> None:
    text = "Samen:\n\nmet  4 miljoen\n euro per jaar"
    (found,) = money.read(text, "nl")
    assert found.written == "4 miljoen euro"
    assert str(found) == "4000000 EUR"
    assert text[found.start :].startswith("4 miljoen\n euro")


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de", "es", "en-GB", None])
@pytest.mark.parametrize("value", ["0", "7", "999.5", "1000", "20000.00", "6311964.80", "1234567890.12"])
def test_what_write_writes_read_reads_back(value: str, lang: str | None) -> None:
    written = money.write(Decimal(value), "EUR", lang)
    assert Decimal(value) in [m.amount for m in money.read(f"Een bedrag van {written}.", lang)]
    if lang is not None:
        assert [m.amount for m in money.read(written, lang)] == [Decimal(value)]


def test_each_language_writes_its_own_notation() -> None:
    value = Decimal("6311964.80")
    assert money.write(value, "EUR", "en") == "EUR 6,311,964.80"
    assert money.write(value, "EUR", "nl") == "6.311.964,80 EUR"
    assert money.write(value, "EUR", "fr") == "6 311 964,80 EUR"


def test_the_codes_are_the_shapes_iso_4217_list(project: Project) -> None:
    """An amount is read in exactly the currencies that the shapes accept."""
    shapes = load_shapes(project)
    rows = shapes.select(
        sparql_prologue() + "SELECT ?code WHERE { wpsh:ISO4217CurrencyCode sh:in/rdf:rest*/rdf:first ?code }"
    )
    assert {r["code"].value for r in rows} == money.CODES


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
        st.builds(Decimal, st.sampled_from(["1E+3", "2.5E+6", "0E-2", "7.10"])),
    ),
    currency=st.sampled_from(sorted(money.CODES)),
    lang=st.sampled_from(["en", "nl", "fr", "de", "es", "it", "pt", None]),
    before=st.sampled_from(["", "a grant of ", "een bijdrage van ", "(", "soit "]),
    after=st.sampled_from(["", ".", " per jaar", ") in 2019", ", en 2020"]),
)
def test_any_amount_written_in_a_sentence_is_read_back(
    value: Decimal, currency: str, lang: str | None, before: str, after: str
) -> None:
    written = money.write(value, currency, lang)
    found = [m for m in money.read(before + written + after, lang) if m.currency == currency]
    assert value in [m.amount for m in found]
    assert {m.start for m in found} == {len(before)}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789 .,\n€$£EURSDKeurosmiljoendCFA'-"), max_size=60))
def test_any_text_reads_to_amounts_found_where_they_start(text: str) -> None:
    for lang in ("en", "nl", None):
        for m in money.read(text, lang):
            assert m.amount >= 0 and m.currency in money.CODES
            assert " ".join(text[m.start :].split()).startswith(m.written)


@pytest.mark.parametrize(
    ("text", "code", "means"),
    [
        ("$5 million", "CAD", True),
        ("5 million dollars", "AUD", True),
        ("$5 million", "EUR", False),
        ("US$ 5 million", "CAD", False),
        ("C$ 5 million", "USD", False),
        ("C$ 5 million", "CAD", True),
        ("5 million euros", "EUR", True),
    ],
)
def test_a_bare_dollar_can_be_any_dollar(text: str, code: str, means: bool) -> None:
    (m,) = money.read(text, "en")
    assert m.means(code) is means


def test_every_dollar_is_an_iso_code() -> None:
    assert money.DOLLARS <= money.CODES


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("EUR 750 thousand", "en"),
        ("EUR 750k", "nl"),
        ("750k EUR", "en"),
        ("750 duizend euro", "nl"),
        ("750 mille euros", "fr"),
    ],
)
def test_thousands_in_words_are_read(text: str, lang: str) -> None:
    """Regression: "EUR 750 thousand" was read as 750 EUR, so a correct funding of 750000.00 was a violation."""
    assert [(m.amount, m.currency) for m in money.read(text, lang)] == [(Decimal("750000"), "EUR")]


@pytest.mark.parametrize("lang", ["ga", "cy", "mt", "en-IE"])
def test_the_languages_of_ireland_wales_and_malta_write_a_decimal_point(lang: str) -> None:
    """Regression: "€250,000 ar fáil"@ga was read as 250 EUR (a decimal comma), so a bilingual Irish
    report failed its amount checks."""
    assert [m.amount for m in money.read("€250,000 ar fáil", lang)] == [Decimal("250000")]


@pytest.mark.parametrize(
    ("text", "lang", "amount"),
    [
        ("CHF 1'000'000", "de", "1000000"),
        ("CHF 1’000’000.50", "de", "1000000.50"),
        ("une contribution de 2'500 EUR", "fr", "2500"),
        ("a grant of CHF 1'250'000", "en", "1250000"),
    ],
)
def test_swiss_grouping_with_apostrophes_is_read(text: str, lang: str, amount: str) -> None:
    """Regression: "CHF 1'000'000" was read as 1 CHF, so a Swiss report's amounts failed their checks."""
    assert [m.amount for m in money.read(text, lang)] == [Decimal(amount)]
    assert [m.amount for m in money.read("1,5 million d'euros", "fr")] == [Decimal("1500000")]
