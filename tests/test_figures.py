"""Reported figures against their quotes (wpskg.figures), and their report by ``wpskg validate``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from wpskg.figures import NUMBER_WORDS, stated
from wpskg.project import Project
from wpskg.validate import validate

PAGE = "be-nap4-country-page.en"
LETTER = "nl-nap4-progress-2021.nl"


@pytest.mark.parametrize(
    ("text", "lang", "number"),
    [
        ("meer dan 5.000 overlevenden", "nl", "5000"),
        ("1,978 judicial steps", "en", "1978"),
        ("35,5 % des femmes", "fr", "35.5"),
        ("een 80-tal personen", "nl", "80"),
        ("zes keer bijeengekomen", "nl", "6"),
        ("dix-sept pays", "fr", "17"),
        ("4\u202f500 participants", "fr", "4500"),
        ("1'200 Teilnehmende", "de", "1200"),  # Swiss grouping
        ("1’200 participantes", "fr", "1200"),
    ],
)
def test_a_number_is_read_in_the_notation_of_its_language(text: str, lang: str, number: str) -> None:
    assert Decimal(number) in stated(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "number"),
    [
        ("The UN Security Council met", "en", "1"),  # French "un"
        ("45 per cent", "en", "100"),  # French "cent"
        ("in Sept. 2021", "en", "7"),  # French "sept"
        ("-3 degrees", "en", "3"),
        ("2017-2021", "en", "-2021"),  # a range, not a negative number
    ],
)
def test_a_word_of_another_language_or_a_sign_does_not_state_a_number(text: str, lang: str, number: str) -> None:
    """Regression (review): the number words of every language were read in every quote, so a value
    of 1 passed "The UN …"@en, and "-3" was read as 3."""
    assert Decimal(number) not in stated(text, lang)


def test_a_number_before_a_scale_word_is_read_as_written_and_scaled() -> None:
    """Regression (review): a figure of 1500000 from "1,5 miljoen vluchtelingen"@nl was a violation."""
    assert {Decimal("1.5"), Decimal(1500000)} <= set(stated("1,5 miljoen vluchtelingen", "nl"))
    assert Decimal(2_000_000) in stated("two million people", "en")
    assert Decimal(7) in stated("sept pays", None)  # a language not known: the words of any


def test_a_number_word_inside_a_longer_word_is_not_read() -> None:
    """ "sept" in "dix-sept" and "tien" in "tientallen" are not numbers of their own."""
    assert stated("dix-sept", "fr") == [Decimal(17)]
    assert stated("tientallen vrouwen", "nl") == []
    assert all(word == word.lower() for words in NUMBER_WORDS.values() for word in words)


def test_the_shipped_figures_are_stated_by_their_quotes() -> None:
    assert not [p for p in validate(Project.locate()).problems if p.component == "figure-in-quote"]


def replace_once(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


def test_a_figure_value_its_quote_does_not_state_is_a_violation_at_its_line(project_copy: Project) -> None:
    """Regression: a figure's value was checked against nothing, so a typo (6 personnel in July
    2023 written as 7) passed, while a funding's amount was checked against its quote."""
    facts = project_copy.root / "instances" / PAGE / "facts.ttl"
    text = replace_once(facts, "    wps:value 6 ;", "    wps:value 7 ;")
    line = text[: text.index("    wps:value 6 ;")].count("\n") + 1
    found = [p for p in validate(project_copy).problems if p.component == "figure-in-quote"]
    assert [(p.severity, p.focus, p.path, p.value, p.file, p.line) for p in found] == [
        ("Violation", "fig:be-peacekeeping-2023-07", "wps:value", "7", f"instances/{PAGE}/facts.ttl", line)
    ]
    assert "which are 6, 2023" in found[0].message


def test_a_breakdown_is_checked_and_a_zero_is_not_asked_of_the_quote(project_copy: Project) -> None:
    """The men of May 2023 (5) are in the quote; the women (0) are said in words ("all of whom were
    male"), which is no number, and pass."""
    facts = project_copy.root / "instances" / PAGE / "facts.ttl"
    replace_once(facts, "    wps:valueMen 5 ;", "    wps:valueMen 6 ;")
    found = [p for p in validate(project_copy).problems if p.component == "figure-in-quote"]
    assert [(p.focus, p.path, p.value) for p in found] == [("fig:be-peacekeeping-2023-05", "wps:valueMen", "6")]


def test_a_figure_whose_quote_states_no_number_is_a_warning(project_copy: Project) -> None:
    """A quote that states no number ("meermaals", several times) cannot be checked: a warning asks
    for the words that give it (the quote's own check reports that it is not in the text)."""
    facts = project_copy.root / "instances" / LETTER / "facts.ttl"
    replace_once(
        facts,
        "In 2021 is de hierboven genoemde toezichtsraad zes keer",
        "De hierboven genoemde toezichtsraad is meermaals",
    )
    found = [p for p in validate(project_copy).problems if p.component == "figure-in-quote"]
    assert [(p.severity, p.focus, p.path) for p in found] == [
        ("Warning", "fig:nl-wps-nap-4-supervisory-board-meetings-2021", "wps:value")
    ]
