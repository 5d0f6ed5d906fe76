"""Claimed countries against the countries their quotes name (wpskg.countries)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wpskg import countries
from wpskg.errors import InputError
from wpskg.project import Project
from wpskg.provenance import normalise
from wpskg.store import Graph
from wpskg.validate import validate

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / countries.PLACES_FILE
REPORT = "be-nap3-final-report-2017-2021.nl"
KAYES = "fund:be-plan-international-gbv-covid-kayes-mali"


def test_each_place_names_its_country_in_its_source_text() -> None:
    places = countries.read_places(PLACES)
    assert {p.alpha2 for p in places} >= {"GE", "CD"}
    for place in places:
        text = normalise((ROOT / "sources" / place.source_file).read_text(encoding="utf-8"))
        assert re.search(rf"(?<!\w){re.escape(place.name)}(?!\w)", text), (place.name, place.source_file)


def test_no_claimed_country_of_the_shipped_graph_is_contradicted_by_its_quote(graph: Graph) -> None:
    names = countries.Names.of(graph, countries.read_places(PLACES))
    assert countries.mismatches(graph, names) == []
    # Without the places file, the two quotes that name a country by a city ("in Tbilisi") or an
    # adjective ("de Congolese provincies") are found: the places file is what clears them.
    found = countries.mismatches(graph, countries.Names.of(graph))
    assert sorted((m.claim.rsplit("/", 1)[-1], m.country.rsplit("/", 1)[-1]) for m in found) == [
        ("be-report-o3-international-conferences", "GE"),
        ("be-report-o3-morocco-drc-financial-support", "CD"),
    ]


def test_a_country_its_quote_contradicts_is_a_warning_at_the_statement(project_copy: Project) -> None:
    """The copy-and-paste mistake: the quote says Mali, the funding says Niger."""
    part = project_copy.root / "instances" / REPORT / "part2.ttl"
    text = part.read_text(encoding="utf-8")
    at = text.index(f"{KAYES} a wps:Funding")
    old = "wps:recipientCountry country:ML ;"
    start = text.index(old, at)
    part.write_text(text[:start] + "wps:recipientCountry country:NE ;" + text[start + len(old) :], encoding="utf-8")
    report = validate(project_copy, [part])
    found = [p for p in report.problems if p.component == "country-not-in-quote"]
    assert [(p.severity, p.focus, p.path, p.value) for p in found] == [
        ("Warning", KAYES, "wps:recipientCountry", "country:NE")
    ]
    assert found[0].line == text[:start].count("\n") + 1
    assert found[0].message.startswith(
        "The quote of claim:be-report-o3-fund-plan-mali names Burkina Faso (BF) and Mali (ML) but not Niger (NE)"
    ), found[0].message
    assert report.conforms()


def test_a_claim_that_names_its_values_is_checked_for_those_only(graph: Graph) -> None:
    names = countries.Names({"https://w3id.org/wpskg/vocab/country/BE": ["Belgium"]})
    assert names.named("in Belgium") == {"https://w3id.org/wpskg/vocab/country/BE"}
    assert names.named("in Belgiums") == set() and names.named("BE") == set()
    # be-report-o3-fund-plan-mali gives no claimValue: every country of its subject is checked.
    names = countries.Names.of(graph)
    checked = [m for m in countries.mismatches(graph, names) if m.subject.endswith("kayes-mali")]
    assert checked == []


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("name\tcode\tsource_file\n", "the header must be name alpha2 source_file"),
        ("name\talpha2\tsource_file\nTbilisi\tGEO\tx.txt\n", "'GEO' is not an ISO 3166-1 alpha-2 code"),
        ("name\talpha2\tsource_file\nTbilisi \tGE\tx.txt\n", "a row has three cells"),
        ("name\talpha2\tsource_file\nTbilisi\tGE\n", "a row has three cells"),
    ],
)
def test_a_malformed_places_file_is_an_error_at_its_line(tmp_path: Path, rows: str, message: str) -> None:
    path = tmp_path / "places-in-sources.tsv"
    path.write_text(rows, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        countries.read_places(path)
    assert str(caught.value).startswith(f"{path}:{rows.count(chr(10))}")


def test_a_place_of_a_country_the_graph_lacks_is_an_error(tmp_path: Path, graph: Graph) -> None:
    path = tmp_path / "places-in-sources.tsv"
    path.write_text("name\talpha2\tsource_file\nZürich\tCH\tx.txt\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"places-in-sources.tsv:2: CH \(for 'Zürich'\) is not a country of the graph"):
        countries.Names.of(graph, countries.read_places(path))
