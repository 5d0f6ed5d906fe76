"""``wpskg.quoted_dates``: a claimed date's month and day are in its quote."""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from wpskg.cli import main
from wpskg.project import Project
from wpskg.quoted_dates import MONTHS, date_failures, missing_from_quote, months_named
from wpskg.store import Graph
from wpskg.validate import validate

PREFIXES = """\
@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <https://example.org/> .
"""


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        ("2022-11-09", "Den Haag, 9 november 2022"),
        ("2020-12-16", "op 16 december 20201 ontving uw Kamer het vierde nationaal actieplan"),  # a footnote mark
        ("2019-10-07", "In de week van 7 tot 11 oktober 2019 heeft België een GREVIO-delegatie ontvangen"),
        ("2020-10", "het side-event van Tana Forum (19-24/10/2020)"),
        ("2023-07", "The total had increased to 6 personnel in July 2023"),
        ("2021-03-01", "le 1er mars 2021, la Belgique a présenté"),
        ("2021-03-01", "on March 1st, 2021"),
        ("2021-02-03", "am 3. Februar 2021"),
        ("2021-02-03", "el 03/02/2021"),
        ("2021-02-03", "op 3.2.21"),
        ("2021-02-03", "published 2021-02-03"),
        ("2021-12", "Tussen september 2020 en déc. 2021"),
        ("2021-08", "en aout 2021"),  # without its accent
        ("2021-08-15T10:00:00", "le 15 août 2021"),
    ],
)
def test_a_quote_that_gives_the_month_and_day_passes(value: str, quote: str) -> None:
    assert missing_from_quote(value, quote) is None


@pytest.mark.parametrize(
    ("value", "quote", "missing"),
    [
        ("2021-11-16", "Op 16 december 2021 werd een overleg georganiseerd", "the month 11 (november)"),
        ("2021-12-06", "Op 16 december 2021 werd een overleg georganiseerd", "the day 6"),
        ("2021-12-20", "In december 2021", "the day 20"),  # not the 20 of 2021
        ("2021-05", "de vrouwen en meisjes in 2021", "the month 5 (may)"),  # not the mei of meisjes
        ("2021-05", "in 2021 (05 personnel)", "the month 5 (may)"),
        ("2020-02", "Inmiddels hebben 103 landen een actieplan", "the month 2 (february)"),
        ("2021-03-05", "1.5 million EUR in March 2021", "the day 5"),
    ],
)
def test_a_quote_without_the_month_or_day_names_what_it_lacks(value: str, quote: str, missing: str) -> None:
    assert missing_from_quote(value, quote) == missing


def test_a_year_alone_is_not_asked_a_month() -> None:
    assert missing_from_quote("2021", "in 2021") is None


def test_every_month_name_is_read_in_every_language() -> None:
    for language, names in MONTHS.items():
        for month, name in enumerate(names, 1):
            assert months_named(f"({name} 2021)") == {month}, (language, name)
            assert months_named(name.upper()) == {month}, (language, name)


def _graph(turtle: str) -> Graph:
    graph = Graph()
    graph.add_quads(ox.parse((PREFIXES + turtle).encode(), format=ox.RdfFormat.TURTLE))
    return graph


@pytest.mark.parametrize(
    ("turtle", "expected"),
    [
        (
            'ex:act wps:date "2021-12-06"^^xsd:date . ex:c wps:claimSubject ex:act ; wps:claimProperty wps:date ; '
            'prov:wasDerivedFrom ex:doc ; wps:quote "Op 16 december 2021 werd een overleg georganiseerd."@nl .',
            [("https://example.org/c", "https://example.org/act", "2021-12-06", "the day 6")],
        ),
        (  # the start of a period, by its month
            "ex:pos dct:temporal ex:p . "
            'ex:p dcat:startDate "2020-08"^^xsd:gYearMonth ; dcat:endDate "2021-12"^^xsd:gYearMonth . '
            "ex:c wps:claimSubject ex:pos ; wps:claimProperty dct:temporal ; prov:wasDerivedFrom ex:doc ; "
            'wps:quote "Tussen september 2020 en december 2021 nam ons land de positie waar."@nl .',
            [("https://example.org/c", "https://example.org/pos", "2020-08", "the month 8 (august)")],
        ),
        (  # a letter's own date: "inmiddels" is the day it was issued
            'ex:act wps:date "2022-11-09"^^xsd:date . ex:c wps:claimSubject ex:act ; wps:claimProperty wps:date ; '
            'prov:wasDerivedFrom ex:letter ; wps:quote "Inmiddels hebben 103 landen een actieplan."@nl . '
            'ex:letter dct:issued "2022-11-09"^^xsd:date .',
            [],
        ),
        (  # but not any day of the year it was issued in
            'ex:act wps:date "2022-11-08"^^xsd:date . ex:c wps:claimSubject ex:act ; wps:claimProperty wps:date ; '
            'prov:wasDerivedFrom ex:letter ; wps:quote "Inmiddels hebben 103 landen een actieplan."@nl . '
            'ex:letter dct:issued "2022"^^xsd:gYear .',
            [("https://example.org/c", "https://example.org/act", "2022-11-08", "the month 11 (november)")],
        ),
        (  # regression: the document's own date passed a quote that gives another date
            'ex:plan wps:adopted "2025-03-14"^^xsd:date . ex:c wps:claimSubject ex:plan ; '
            "wps:claimProperty wps:adopted ; prov:wasDerivedFrom ex:report ; "
            'wps:quote "Le plan a été adopté le 12 janvier 2025."@fr . ex:report dct:issued "2025-03-14"^^xsd:date .',
            [("https://example.org/c", "https://example.org/plan", "2025-03-14", "the month 3 (march)")],
        ),
        (  # and a source's date of issue is asked of the quote that claims it
            'ex:report dct:issued "2099-11-30"^^xsd:date . ex:c wps:claimSubject ex:report ; '
            "wps:claimProperty dct:issued ; prov:wasDerivedFrom ex:report ; "
            'wps:quote "Luxembourg, le 14 mars 2025"@fr .',
            [("https://example.org/c", "https://example.org/report", "2099-11-30", "the month 11 (november)")],
        ),
        (  # a claim that names its value supports that one only
            'ex:act wps:date "2021-12-16"^^xsd:date , "2021-11-30"^^xsd:date . ex:c wps:claimSubject ex:act ; '
            'wps:claimProperty wps:date ; wps:claimLiteral "2021-12-16"^^xsd:date ; prov:wasDerivedFrom ex:doc ; '
            'wps:quote "Op 16 december 2021 werd een overleg georganiseerd."@nl .',
            [],
        ),
    ],
    ids=[
        "wrong-day",
        "period-start",
        "the-document-day",
        "not-the-document-year",
        "another-date-than-the-document's",
        "the-document's-own-date",
        "named-value",
    ],
)
def test_claimed_dates_are_checked_against_their_quotes(turtle: str, expected: list[tuple[str, ...]]) -> None:
    found = [(f.claim, f.subject, f.value, f.missing) for f in date_failures(_graph(turtle))]
    assert found == expected


def test_a_wrong_day_in_a_shipped_file_fails_validation_at_its_line(
    project_copy: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """The curator's mistake this catches: a day or month typed wrong, which the year check let through."""
    path = project_copy.root / "instances" / "be-nap3-final-report-2017-2021.nl" / "part2.ttl"
    text = path.read_text(encoding="utf-8")
    assert text.count('"2021-12-16"^^xsd:date') == 1
    path.write_text(text.replace('"2021-12-16"^^xsd:date', '"2021-12-06"^^xsd:date'), encoding="utf-8")
    line = text[: text.index('"2021-12-16"^^xsd:date')].count("\n") + 1
    report = validate(project_copy)
    (problem,) = [p for p in report.violations if p.component == "claimed-date"]
    assert problem.value == "2021-12-06" and problem.path == "wps:date"
    assert problem.file == "instances/be-nap3-final-report-2017-2021.nl/part2.ttl"
    assert problem.line is not None and abs(problem.line - line) <= 3, (problem.line, line)
    assert "does not give the day 6" in problem.message, problem.message
    assert main(["validate", "--project", str(project_copy.root)]) == 1
    assert "does not give the day 6 of this wps:date value 2021-12-06" in capsys.readouterr().out


def test_the_shipped_claims_give_their_months_and_days(graph: Graph) -> None:
    assert date_failures(graph) == []


def test_the_module_is_named_in_the_validation_docs() -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "curation.md").read_text(encoding="utf-8")
    assert "quoted_dates" in docs


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        ("2021-12-06", "On 12/6/2021 the council met"),  # the US order
        ("2020-10-19", "Adopted on 2020/10/19."),
        ("2020-10", "em out. 2020"),  # Portuguese
        ("2020-10", "a ott. 2020"),  # Italian
        ("2005-05", "i maj 2005"),  # Danish: dk-wps-nap-1 is in the data
        ("2005-03", "i marts 2005"),
    ],
)
def test_more_ways_of_writing_a_month(value: str, quote: str) -> None:
    """Regression (this session): these gave "does not give the month"."""
    assert missing_from_quote(value, quote) is None


def test_a_claim_with_a_translation_fails_once_and_only_when_neither_gives_the_date() -> None:
    """Regression (this session): each quote of a claim (the original and its English rendering)
    was a failure of its own, so one mistake was reported twice."""
    turtle = (
        'ex:act wps:date "2022-11-25"^^xsd:date . ex:c wps:claimSubject ex:act ; wps:claimProperty wps:date ; '
        'prov:wasDerivedFrom ex:doc ; wps:quote "In 2022 werden vrouwen opgeleid."@nl , '
        '"In 2022 women were trained."@en .'
    )
    assert [f.missing for f in date_failures(_graph(turtle))] == ["the month 11 (november)"]


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        ("2021-05", "Partners may report in 2021"),  # the verb
        ("2021-03", "a march for peace in 2021"),
        ("2021-08", "two years ago, in 2021"),  # Spanish "ago" is August only next to a number
        ("2021-09", "they set targets in 2021"),  # Portuguese "set"
        ("2021-10", "carried out in 2021"),  # Portuguese "out"
        ("2021-03", "un viaje al mar en 2021"),
    ],
)
def test_a_common_word_is_not_read_as_a_month(value: str, quote: str) -> None:
    """Regression: "may", "ago", "set", "out" and "mar" passed the month check as May, August, …"""
    assert (
        missing_from_quote(value, quote) == f"the month {int(value[5:])} ({MONTHS['en'][int(value[5:]) - 1].lower()})"
    )


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        ("2021-05", "signed in May"),
        ("2021-05", "on 3 may 2021"),
        ("2021-08", "el 3 ago. 2021"),
        ("2021-09", "3 Sept 2021"),
        ("2021-08", "an August meeting"),
    ],
)
def test_an_abbreviation_or_homograph_next_to_a_number_or_capitalised_is_a_month(value: str, quote: str) -> None:
    assert missing_from_quote(value, quote) is None


@pytest.mark.parametrize(
    ("value", "quote", "lang"),
    [
        ("2020-09-15", "Date: 15-Sep-2020", "en"),
        ("2020-08-01", "on 1-Aug-20", "en"),
        ("2020-09-03", "filed 03/Sep/2020", "en"),
        ("2020-09-05", "el 5 de set. de 2020", "pt"),
        ("2019-08-15", "el 15 de ago. de 2019", "es"),
        ("2020-12", "in Dec, 2020", "en"),
        ("2020-09-03", "the 3rd of Sept, 2020", "en"),
        ("2020-08", "i august sidste år 2020", "da"),  # a month in Danish, an adjective in English
    ],
)
def test_abbreviations_with_separators_and_homographs_in_other_languages_are_months(
    value: str, quote: str, lang: str
) -> None:
    """Regression (review): the stricter reading of abbreviations missed these real dates."""
    assert missing_from_quote(value, quote, lang) is None


def test_a_long_quote_of_common_words_is_read_in_one_pass() -> None:
    """Regression (review): each abbreviation searched the whole text before it (30 KB: 1.6 s)."""
    quote = "we set out ago " * 20_000
    started = time.perf_counter()
    assert months_named(quote, "en") == set()
    assert time.perf_counter() - started < 30  # one pass takes milliseconds; the bound is for a busy machine
