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
PLACES = Project(ROOT).places_file
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
    # Without the places file, the quotes that name a country by a city ("in Tbilisi") or an
    # adjective ("de Congolese provincies", for an action and for its funding) are found: the
    # places file is what clears them.
    found = countries.mismatches(graph, countries.Names.of(graph))
    assert sorted((m.claim.rsplit("/", 1)[-1], m.country.rsplit("/", 1)[-1]) for m in found) == [
        ("be-report-o3-international-conferences", "GE"),
        ("be-report-o3-morocco-drc-financial-support", "CD"),
        ("be-report-o3-morocco-drc-financial-support-funding", "CD"),
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


TWO_CLAIMS = """\
@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix country: <https://w3id.org/wpskg/vocab/country/> .
country:ML a wps:Country ; skos:notation "ML" ; skos:prefLabel "Mali"@en .
country:NE a wps:Country ; skos:notation "NE" ; skos:prefLabel "Niger"@en .
<https://w3id.org/wpskg/id/funding/f> wps:recipientCountry country:ML , country:NE .
<https://w3id.org/wpskg/id/claim/mali> wps:claimSubject <https://w3id.org/wpskg/id/funding/f> ;
    wps:claimProperty wps:recipientCountry ; wps:claimValue country:ML ; wps:quote "Een project in Mali"@nl .
<https://w3id.org/wpskg/id/claim/niger> wps:claimSubject <https://w3id.org/wpskg/id/funding/f> ;
    wps:claimProperty wps:recipientCountry ; wps:claimValue country:NE ; wps:quote "Een project in Niger"@nl .
"""


def test_a_claim_that_names_its_values_is_checked_for_those_only(tmp_path: Path) -> None:
    def found(text: str) -> list[tuple[str, str]]:
        path = tmp_path / "g.ttl"
        path.write_text(text, encoding="utf-8")
        graph = Graph()
        graph.load_files([path])
        return [
            (m.claim.rsplit("/", 1)[-1], m.country.rsplit("/", 1)[-1])
            for m in countries.mismatches(graph, countries.Names.of(graph))
        ]

    # Each claim names the country its quote gives: nothing to report.
    assert found(TWO_CLAIMS) == []
    # Without its wps:claimValue, the claim "in Mali" supports both countries of the funding.
    assert found(TWO_CLAIMS.replace(" wps:claimValue country:ML ;", "")) == [("mali", "NE")]
    assert found(TWO_CLAIMS.replace("wps:claimValue country:ML", "wps:claimValue country:NE")) == [("mali", "NE")]


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
