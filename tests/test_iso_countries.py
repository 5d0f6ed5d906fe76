"""The ISO 3166-1 table (wpskg.iso_countries) and `wpskg country`: a country the code list lacks is
added by a data project from the message that names it, as the code list writes its own."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from wpskg import iso_countries
from wpskg.cli import main
from wpskg.project import Project
from wpskg.scaffold import init
from wpskg.validate import validate

SKOS = "http://www.w3.org/2004/02/skos/core#"


def test_the_concept_written_is_the_code_lists_own_for_a_country_it_has() -> None:
    """For every country of countries.ttl, wpskg country writes the same statements (the spellings
    of the sources, skos:altLabel, aside)."""
    project = Project.locate()
    shipped = set(ox.parse(path=str(project.root / "ontology" / "vocab" / "countries.ttl")))
    concepts = {t.subject for t in shipped if t.predicate.value == SKOS + "notation"}
    assert len(concepts) > 50
    codes = sorted(c.value.rsplit("/", 1)[-1] for c in concepts)
    written = set(ox.parse(iso_countries.turtle(codes).encode(), format=ox.RdfFormat.TURTLE))
    assert written == {t for t in shipped if t.subject in concepts and t.predicate.value != SKOS + "altLabel"}


def test_a_country_the_code_list_lacks_is_named_with_the_command_that_adds_it(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a project whose plan is Ireland's got "must be a wps:Country" and was sent to a
    developer script that neither the wheel nor the project has."""
    made = init(tmp_path / "ie")
    (made / "instances" / "plans.ttl").write_text(
        "@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix country: <https://w3id.org/wpskg/vocab/country/> .\n"
        '<https://data.example.ie/id/plan/ie-wps-nap-3> a wps:WPSNationalActionPlan ; rdfs:label "Ireland NAP III"@en ;\n'
        "    wps:planCountry country:IE .\n",
        encoding="utf-8",
    )
    project = Project(made)
    said = [p.message for p in validate(project).violations if p.value == "country:IE"]
    assert said and all("wpskg country IE >> ontology/vocab/countries-extra.ttl" in m for m in said)
    assert any("(Ireland)" in m for m in said)
    monkeypatch.chdir(made)
    assert main(["country", "IE"]) == 0
    (made / "ontology" / "vocab" / "countries-extra.ttl").write_text(capsys.readouterr().out, encoding="utf-8")
    assert not [p for p in validate(project).violations if p.value == "country:IE"]


def test_an_unknown_code_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["country", "IE", "UK"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "'UK' is not an ISO 3166-1 alpha-2 code" in err
