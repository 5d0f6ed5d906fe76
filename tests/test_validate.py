"""The ODK-style ``shapes/*-violation.rq`` checks: each finds what it is for, and nothing on the shipped data."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from wpskg import langtags, loaders, reporting
from wpskg.cli import main
from wpskg.errors import InputError, ParameterError
from wpskg.project import Project
from wpskg.store import Graph, infer
from wpskg.validate import (
    Problem,
    actor_name_problems,
    namespace_problems,
    term_problems,
    validate,
    violation_query_problems,
)

PREFIXES = """
@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix ex: <https://example.org/> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _run(project: Project, turtle: str, check: str) -> list[Problem]:
    """The problems that ``check`` finds in the ontology and its code lists plus ``turtle``."""
    graph = Graph()
    graph.load_files(project.ontology_files, project)
    graph.add_document(loaders.load_bytes((PREFIXES + turtle).encode(), "t.ttl"))
    infer(graph)
    queries = [q for q in project.violation_queries if q.name == check]
    assert queries, check
    return violation_query_problems(graph, queries)


def _problems(project: Project, turtle: str, check: str) -> set[tuple[str, str | None, str | None]]:
    return {(p.focus, p.path, p.value) for p in _run(project, turtle, check)}


def test_shipped_data_passes_every_check(graph: Graph, project: Project) -> None:
    assert violation_query_problems(graph, project.violation_queries) == []


def test_the_property_a_claim_supports_is_checked(project: Project) -> None:
    """Regression (curator audit, session 31): wps:claimProperty wps:responsibleActr, or a declared
    property that the claim's subject does not have, passed: the quote then supported nothing."""
    turtle = (
        "ex:c wps:claimSubject ex:a ; wps:claimProperty wps:responsibleActr , dct:temporl , "
        "<http://www.w3.org/2000/01/rdf-schema#label> . "
        "ex:d wps:claimSubject ex:a ; wps:claimProperty wps:implementingActor , wps:responsibleActor . "
        "ex:a wps:responsibleActor ex:b ; <http://www.w3.org/2000/01/rdf-schema#label> 'a'@en ; "
        "wps:date '2020'^^xsd:gYear . "
        # review: a subject has dct:date through its subproperty wps:date, whose literals are not copied
        "ex:e wps:claimSubject ex:a ; wps:claimProperty dct:date ."
    )
    assert _problems(project, turtle, "undeclared-term-violation.rq") == {
        ("https://example.org/c", "wps:claimProperty", "wps:responsibleActr"),
        ("https://example.org/c", "wps:claimProperty", "dct:temporl"),
    }
    assert _problems(project, turtle, "claimed-property-violation.rq") == {
        ("https://example.org/d", "wps:claimProperty", "wps:implementingActor"),
    }


def test_an_instance_of_two_disjoint_classes_is_found(project: Project) -> None:
    """Regression (curator audit, session 31): a claim's IRI written again for an actor, and an actor
    of two kinds, passed; owl:disjointWith and owl:AllDisjointClasses were not checked."""
    turtle = (
        "ex:c a wps:Claim , wps:Actor . ex:p a wps:WPSNationalActionPlan , wps:Funding . "
        "ex:o a wps:MultilateralOrganisation , wps:CivilSocietyOrganisation . ex:ok a wps:State ."
    )
    assert _problems(project, turtle, "disjoint-classes-violation.rq") == {
        ("https://example.org/c", "rdf:type", "wps:Actor"),
        ("https://example.org/p", "rdf:type", "wps:Funding"),
        ("https://example.org/o", "rdf:type", "wps:MultilateralOrganisation"),
    }


def test_undeclared_term_is_found(project: Project) -> None:
    found = _problems(project, "ex:a wps:fundr ex:b . ex:c a wps:Fundng .", "undeclared-term-violation.rq")
    # The path of a misspelt property is the property (it was rdf:type, as for a class).
    assert found == {
        ("https://example.org/a", "wps:fundr", "wps:fundr"),
        ("https://example.org/c", "rdf:type", "wps:Fundng"),
    }


def test_an_undeclared_term_in_the_data_names_the_term_meant(project_copy: Project) -> None:
    """Regression (ministry coordinator): "does not declare wps:recipent: check the spelling", without
    the "did you mean wps:recipient?" that wpskg sparql and the stored-query check give."""
    facts = project_copy.root / "instances" / "be-nap3-final-report-2017-2021.nl" / "part2.ttl"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("wps:recipient ", "wps:recipent ", 1), encoding="utf-8")
    found = [p for p in validate(project_copy).violations if p.component == "undeclared-term-violation"]
    assert found and all(p.value == "wps:recipent" for p in found)
    assert all("wps:recipent: did you mean wps:recipient? Check the spelling" in p.message for p in found), found


def test_property_outside_its_domain_is_found(project: Project) -> None:
    # focusCountry belongs to plans (a subclass of wps:Plan counts); an action cannot have one.
    turtle = """
    ex:plan a wps:WPSNationalActionPlan ; wps:focusCountry ex:ml .
    ex:act a wps:Action ; wps:focusCountry ex:ml .
    ex:untyped wps:focusCountry ex:ne .
    """
    found = _problems(project, turtle, "wrong-domain-violation.rq")
    assert found == {
        ("https://example.org/act", "wps:focusCountry", "https://example.org/ml"),
        ("https://example.org/untyped", "wps:focusCountry", "https://example.org/ne"),
    }


def test_a_property_whose_domain_is_a_union_is_checked_against_each_class(project: Project) -> None:
    """Regression: with wps:partOf's domain a union (a funding or a reported figure), the check read
    IRI domains only, and an action that was "part of" another went unreported."""
    turtle = """
    ex:fund a wps:Funding ; wps:partOf ex:whole .
    ex:fig a wps:ReportedFigure ; wps:partOf ex:total .
    ex:act a wps:Action ; wps:partOf ex:other .
    """
    assert _problems(project, turtle, "wrong-domain-violation.rq") == {
        ("https://example.org/act", "wps:partOf", "https://example.org/other")
    }


def test_a_country_written_as_dct_spatial_is_found(project: Project) -> None:
    """Regression: three actions gave their countries as dct:spatial, which the build infers from
    wps:country and no stored query reads, so `actions --param country=YE` left them out."""
    turtle = """
    ex:act a wps:Action ; dct:spatial ex:ye ; wps:country ex:ml .
    ex:ok a wps:Action ; wps:country ex:ne .
    ex:plan a wps:WPSNationalActionPlan ; dct:spatial ex:be .
    ex:fund a wps:Funding ; dct:spatial ex:cd .
    ex:fund-ok a wps:Funding ; dct:spatial ex:bf ; wps:recipientCountry ex:bf .
    ex:org a wps:MultilateralOrganisation ; dct:spatial ex:af .
    """
    found = _run(project, turtle, "spatial-without-country-violation.rq")
    assert {(p.focus, p.path, p.value) for p in found} == {
        ("https://example.org/act", "dct:spatial", "https://example.org/ye"),
        ("https://example.org/plan", "dct:spatial", "https://example.org/be"),
        ("https://example.org/fund", "dct:spatial", "https://example.org/cd"),
    }
    said = {p.focus.rsplit("/", 1)[1]: p.message for p in found}
    assert "write wps:country https://example.org/ye instead" in said["act"]
    assert "wps:planCountry" in said["plan"] and "wps:recipientCountry" in said["fund"]
    assert "infers" in said["act"] and "infers" not in said["fund"]  # recipientCountry is no subproperty


def test_two_names_in_one_language_under_two_tags_are_found(project: Project) -> None:
    """Regression (ministry coordinator): "…"@en-IE beside "…"@en passed the one-name rule, which
    compares whole tags (sh:uniqueLang), and both answered langMatches(…, "en")."""
    turtle = """
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ex:plan a wps:WPSNationalActionPlan ; rdfs:label "Third NAP"@en , "Third National Action Plan"@en-IE .
    ex:obj a wps:Objective ; rdfs:label "Prevention"@EN-gb , "Prevent"@en-US , "Preventie"@nl .
    ex:actor a wps:GovernmentBody ; rdfs:label "DFA"@en , "Roinn Gnóthaí Eachtracha"@ga , "DFA"@en-IE .
    ex:ok a wps:Actor ; rdfs:label "Irish Aid"@en , "Cúnamh Éireannach"@ga .
    ex:scripts a wps:Actor ; rdfs:label "Vlada Srbije"@sr-Latn , "Влада Србије"@sr-Cyrl .
    ex:script-twice a wps:Actor ; rdfs:label "Vlada"@sr-Latn , "Vlada Srbije"@sr-Latn-RS .
    ex:untyped rdfs:label "x"@en , "y"@en-IE .
    """
    found = _run(project, turtle, "one-name-per-language-violation.rq")
    assert {(p.focus, p.path, p.value) for p in found} == {
        ("https://example.org/plan", "rdfs:label", "Third National Action Plan"),
        ("https://example.org/obj", "rdfs:label", "Prevention"),
        ("https://example.org/actor", "rdfs:label", "DFA"),
        ("https://example.org/script-twice", "rdfs:label", "Vlada Srbije"),
    }
    (plan,) = [p for p in found if p.focus.endswith("/plan")]
    assert plan.message.startswith('One name per language (rdfs:label): "Third NAP"@en and "Third National Action ')
    assert 'are both in language "en"' in plan.message and "skos:altLabel" in plan.message


def test_wrong_domain_message_names_the_property_and_the_class(project: Project) -> None:
    (problem,) = _run(project, "ex:act a wps:Action ; wps:focusCountry ex:ml .", "wrong-domain-violation.rq")
    # (as prefixed names, as the rest of the report: the check's message wrote the IRIs out)
    assert "wps:focusCountry" in problem.message and "https://" not in problem.message
    assert "wps:Plan" in problem.message


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ("", {"2002", "2004"}),
        ('ex:c1 wps:claimSubject ex:act ; wps:claimProperty wps:year ; wps:claimLiteral "2002"^^xsd:gYear .', {"2004"}),
        (
            'ex:c1 wps:claimSubject ex:act ; wps:claimProperty wps:year ; wps:claimLiteral "2002"^^xsd:gYear .'
            'ex:c2 wps:claimSubject ex:act ; wps:claimProperty wps:year ; wps:claimLiteral "2004"^^xsd:gYear .',
            set(),
        ),
    ],
)
def test_disputed_value_without_its_own_claim_is_found(project: Project, claims: str, expected: set[str]) -> None:
    turtle = 'ex:act wps:year "2002"^^xsd:gYear , "2004"^^xsd:gYear ; wps:date "2004-01"^^xsd:gYearMonth .\n' + claims
    found = _problems(project, turtle, "unqualified-conflict-violation.rq")
    assert {value for _, path, value in found if path == "wps:year"} == expected
    assert all(path == "wps:year" for _, path, _ in found)


@pytest.mark.parametrize(
    ("turtle", "expected"),
    [
        # a year the quote does not give: a typo (2071 for 2017)
        (
            'ex:plan wps:adopted "2071"^^xsd:gYear . ex:c wps:claimSubject ex:plan ; wps:claimProperty wps:adopted ; '
            'prov:wasDerivedFrom ex:doc ; wps:quote "Het plan werd in 2017 aangenomen."@nl .',
            {("https://example.org/plan", "wps:adopted", "2071")},
        ),
        (
            'ex:plan wps:adopted "2017"^^xsd:gYear . ex:c wps:claimSubject ex:plan ; wps:claimProperty wps:adopted ; '
            'prov:wasDerivedFrom ex:doc ; wps:quote "Het plan werd in 2017 aangenomen."@nl .',
            set(),
        ),
        # a period: its start and end years are in the quote, or the period is found
        (
            'ex:plan dct:temporal ex:p . ex:p dcat:startDate "2017"^^xsd:gYear ; dcat:endDate "2012"^^xsd:gYear . '
            "ex:c wps:claimSubject ex:plan ; wps:claimProperty dct:temporal ; prov:wasDerivedFrom ex:doc ; "
            'wps:quote "het derde NAP (2017-2021)"@nl .',
            {("https://example.org/plan", "dct:temporal", "https://example.org/p")},
        ),
        # "dit jaar": the document's own year counts
        (
            'ex:act wps:year "2025"^^xsd:gYear . ex:c wps:claimSubject ex:act ; wps:claimProperty wps:year ; '
            'prov:wasDerivedFrom ex:press ; wps:quote "Ook dit jaar sluit het netwerk zich aan."@nl . '
            'ex:press dct:issued "2025-11-24"^^xsd:date .',
            set(),
        ),
        # a claim that names its value supports that one only
        (
            'ex:act wps:year "2002"^^xsd:gYear , "2004"^^xsd:gYear . ex:c wps:claimSubject ex:act ; '
            'wps:claimProperty wps:year ; wps:claimLiteral "2002"^^xsd:gYear ; prov:wasDerivedFrom ex:doc ; '
            'wps:quote "In 2002 riep de Raad op tot NAPs."@nl .',
            set(),
        ),
        # regression: the document's year passed a quote that gives another year (a report's own
        # date copied into wps:adopted, the quote saying "in 2024")
        (
            'ex:plan wps:adopted "2025"^^xsd:gYear . ex:c wps:claimSubject ex:plan ; wps:claimProperty wps:adopted ; '
            'prov:wasDerivedFrom ex:press ; wps:quote "Het plan werd in 2024 aangenomen."@nl . '
            'ex:press dct:issued "2025-11-24"^^xsd:date .',
            {("https://example.org/plan", "wps:adopted", "2025")},
        ),
        # but a number that is not a year ("2000 vrouwen") leaves the document's year standing in
        (
            'ex:act wps:date "2022-11-25"^^xsd:date . ex:c wps:claimSubject ex:act ; wps:claimProperty wps:date ; '
            'prov:wasDerivedFrom ex:press ; wps:quote "Op 25 november werden 2000 vrouwen opgeleid."@nl . '
            'ex:press dct:issued "2022-12-01"^^xsd:date .',
            set(),
        ),
    ],
    ids=[
        "typo",
        "right",
        "period",
        "the-document-year",
        "named-value",
        "another-year-than-the-document's",
        "a-number-not-a-year",
    ],
)
def test_a_claimed_year_that_its_quote_does_not_give_is_found(
    project: Project, turtle: str, expected: set[tuple[str, str, str]]
) -> None:
    turtle = "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n" + turtle
    assert _problems(project, turtle, "claimed-date-violation.rq") == expected


PRESS = "be-mfa-press-2025-11-24.nl"
QUOTE = "Dit jaar staat de campagne in het teken van de strijd tegen digitaal geweld tegen vrouwen en meisjes."


def test_a_quote_that_is_not_in_its_source_text_is_a_violation_at_its_claim(project_copy: Project) -> None:
    facts = project_copy.root / "instances" / PRESS / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    assert text.count(QUOTE) == 1
    facts.write_text(text.replace(QUOTE, QUOTE.replace("digitaal", "fysiek")), encoding="utf-8")
    claim = next(
        i for i, row in enumerate(text.splitlines(), 1) if "claim:be-press-20251124-digital-violence-focus a" in row
    )
    line = next(i for i, row in enumerate(text.splitlines(), 1) if QUOTE in row and i > claim)  # its wps:quote
    report = validate(project_copy, [facts])
    found = [p for p in report.problems if p.component == "quote-in-source"]
    assert [(p.severity, p.focus, p.path, p.file, p.line) for p in found] == [
        (
            "Violation",
            "claim:be-press-20251124-digital-violence-focus",
            "wps:quote",
            f"instances/{PRESS}/facts.ttl",
            line,
        )
    ]
    assert f"sources/{PRESS}.txt" in found[0].message and "fysiek" in (found[0].value or "")
    # The message points at the passage the curator meant, and at the word that differs.
    source = (project_copy.sources_dir / f"{PRESS}.txt").read_text(encoding="utf-8").splitlines()
    at = next(i for i, row in enumerate(source, 1) if row.endswith("Dit jaar staat de"))
    assert f"The closest passage is at sources/{PRESS}.txt:{at}" in found[0].message
    assert "the quote has 'fysiek' where the text has 'digitaal'" in found[0].message
    assert not report.conforms()


def test_a_missing_source_text_is_a_violation_at_its_document(project_copy: Project) -> None:
    """Regression: it was a warning, so a misspelt wps:fileName turned off the quote check of its
    source and the build passed."""
    (project_copy.sources_dir / f"{PRESS}.txt").unlink()
    report = validate(project_copy)
    found = [p for p in report.problems if p.component == "source-text"]
    assert [(p.severity, p.focus, p.value) for p in found] == [("Violation", f"src:{PRESS}", f"{PRESS}.txt")]
    assert not report.conforms() and "Did you mean" not in found[0].message


def test_a_misspelt_source_file_name_names_the_text_it_likely_means(project_copy: Project) -> None:
    facts = project_copy.root / "instances" / PRESS / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    assert text.count(f'wps:fileName "{PRESS}.txt"') == 1
    typo = PRESS.replace(".nl", "") + ".txt"
    facts.write_text(text.replace(f'wps:fileName "{PRESS}.txt"', f'wps:fileName "{typo}"'), encoding="utf-8")
    found = [p for p in validate(project_copy).violations if p.component == "source-text"]
    assert [(p.focus, p.value, p.file) for p in found] == [(f"src:{PRESS}", typo, f"instances/{PRESS}/facts.ttl")]
    assert found[0].message.endswith(f"Did you mean '{PRESS}.txt'?")


REPORT = "be-nap3-final-report-2017-2021.nl"
FEMWISE = "fund:be-femwise-africa-custodians-for-peace"


def test_an_amount_its_quote_does_not_state_is_a_violation_at_its_funding(project_copy: Project) -> None:
    part = project_copy.root / "instances" / REPORT / "part2.ttl"
    text = part.read_text(encoding="utf-8")
    assert text.count("schema:value 324219.90 ;") == 1
    part.write_text(text.replace("schema:value 324219.90 ;", "schema:value 324291.90 ;"), encoding="utf-8")
    funding = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith(f"{FEMWISE} a "))
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "324219.90" in row and i > funding)
    report = validate(project_copy, [part])
    found = [p for p in report.problems if p.source == "quotes"]
    assert [(p.severity, p.component, p.focus, p.path, p.file, p.line) for p in found] == [
        ("Violation", "amount-in-quote", FEMWISE, "schema:amount", f"instances/{REPORT}/part2.ttl", line)
    ]
    assert "324291.9 EUR" in found[0].message and "'324.219,9 EUR' (324219.9 EUR)" in found[0].message
    assert not report.conforms()


def test_an_amount_its_quote_states_in_another_currency_is_a_violation(project_copy: Project) -> None:
    """Regression: a funding in USD whose quote says "324.219,9 EUR" was only a warning that no
    amount in USD could be read."""
    part = project_copy.root / "instances" / REPORT / "part2.ttl"
    text = part.read_text(encoding="utf-8")
    written = 'schema:value 324219.90 ; schema:currency "EUR"'
    assert text.count(written) == 1
    part.write_text(text.replace(written, written.replace("EUR", "USD")), encoding="utf-8")
    report = validate(project_copy, [part])
    found = [p for p in report.problems if p.source == "quotes" and p.focus == FEMWISE]
    assert [(p.severity, p.component) for p in found] == [("Violation", "amount-in-quote")]
    assert "in another currency, '324.219,9 EUR' (324219.9 EUR): check the currency" in found[0].message


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        # Regression: "UNFPA-bijdragen tot 2.000.000 EUR per jaar" was an exact amount, counted in the totals.
        (
            "schema:maxValue 2000000.00",
            "schema:value 2000000.00",
            "The amount 2000000 EUR is a ceiling in its quote, 'UNFPA-bijdragen tot 2.000.000 EUR': "
            "write it as schema:maxValue",
        ),
        (
            "schema:value 324219.90",
            "schema:maxValue 324219.90",
            "The ceiling 324219.9 EUR (schema:maxValue) is an exact amount in its quote, '324.219,9 EUR': "
            "write it as schema:value",
        ),
    ],
    ids=["exact-for-a-ceiling", "ceiling-for-an-exact-amount"],
)
def test_an_amount_its_quote_gives_the_other_way_is_a_warning_at_its_funding(
    project_copy: Project, old: str, new: str, says: str
) -> None:
    files = sorted((project_copy.root / "instances" / REPORT).glob("part*.ttl"))
    (part,) = [f for f in files if old in f.read_text(encoding="utf-8")]
    part.write_text(part.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    report = validate(project_copy, [part])
    found = [p for p in report.problems if p.component == "amount-ceiling"]
    assert [(p.severity, p.path) for p in found] == [("Warning", "schema:amount")]
    assert found[0].message.startswith(says), found[0].message
    assert report.conforms()


def test_a_quote_that_states_no_amount_is_a_warning_at_its_funding(project_copy: Project) -> None:
    part = project_copy.root / "instances" / REPORT / "part2.ttl"
    text = part.read_text(encoding="utf-8")
    part.write_text(text.replace("voor een bedrag van 324.219,9 EUR (2019-2021)", "(2019-2021)"), encoding="utf-8")
    report = validate(project_copy, [part])
    found = [(p.severity, p.component, p.focus) for p in report.problems if p.source == "quotes"]
    # The shortened quote is no longer the source's words either.
    assert sorted(found) == [
        ("Violation", "quote-in-source", "claim:be-report-o4-fund-femwise"),
        ("Warning", "amount-readable", FEMWISE),
    ]


def test_an_amount_of_a_source_text_that_no_funding_has_is_a_warning_at_its_document(
    project_copy: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    text = project_copy.sources_dir / f"{PRESS}.txt"
    lines = text.read_text(encoding="utf-8").splitlines()
    text.write_text("\n".join([*lines, "", "Een nieuwe bijdrage van 12.345,60", "EUR."]) + "\n", encoding="utf-8")
    found = [p for p in validate(project_copy).problems if p.component == "amount-covered"]
    assert [(p.severity, p.focus, p.value, p.file) for p in found] == [
        ("Warning", f"src:{PRESS}", "12.345,60 EUR", f"instances/{PRESS}/facts.ttl")
    ]
    assert f"sources/{PRESS}.txt line {len(lines) + 2} states '12.345,60 EUR' (12345.60 EUR)" in found[0].message
    assert f"instances/exclusions/{PRESS}.tsv" in found[0].message
    # Reviewed and listed with a reason, the amount is no longer reported.
    project_copy.exclusions_dir.mkdir(exist_ok=True)
    exclusions = project_copy.exclusions_dir / f"{PRESS}.tsv"
    exclusions.write_text("12345.60 EUR\ta sum the press release names but does not fund\n", encoding="utf-8")
    assert not [p for p in validate(project_copy).problems if p.component == "amount-covered"]
    # A malformed exclusions file stops the run, naming its line.
    exclusions.write_text("12345.60 EUR\n", encoding="utf-8")
    assert main(["validate", "--project", str(project_copy.root)]) == 2
    assert f"{exclusions}:1: an exclusion is 'amount<TAB>reason'" in capsys.readouterr().err


def test_an_exclusions_file_of_no_source_text_is_a_warning(project_copy: Project) -> None:
    """Regression: an exclusions file named after the text with its .txt (`….txt.tsv`) was not read,
    and nothing said so; the amounts it listed came back as uncovered."""
    project_copy.exclusions_dir.mkdir(exist_ok=True)
    wrong = project_copy.exclusions_dir / f"{PRESS}.txt.tsv"
    wrong.write_text("12345.60 EUR\ta sum the press release names but does not fund\n", encoding="utf-8")
    (project_copy.exclusions_dir / f"{PRESS}.tsv").write_text("", encoding="utf-8")  # a right one: not reported
    found = [p for p in validate(project_copy).problems if p.component == "exclusions-file"]
    name = f"instances/exclusions/{PRESS}.txt.tsv"
    assert [(p.severity, p.focus, p.file) for p in found] == [("Warning", name, name)]
    assert f"did you mean {PRESS}.tsv?" in found[0].message


def test_a_source_text_that_is_not_utf8_is_an_error_at_its_first_bad_byte(
    project_copy: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a text saved as Latin-1 stopped validation with a UnicodeDecodeError traceback."""
    text = project_copy.sources_dir / f"{PRESS}.txt"
    text.write_bytes("Persbericht\nBelgië\n".encode("latin-1"))
    assert main(["validate", "--project", str(project_copy.root)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"wpskg: sources/{PRESS}.txt:2:6: not valid UTF-8 (byte 0xeb)"), err


def test_a_project_without_source_texts_checks_no_quotes(project_copy: Project) -> None:
    facts = project_copy.root / "instances" / PRESS / "facts.ttl"
    facts.write_text(facts.read_text(encoding="utf-8").replace(QUOTE, "Invented words."), encoding="utf-8")
    assert any(p.component == "quote-in-source" for p in validate(project_copy).problems)
    shutil.rmtree(project_copy.sources_dir)
    assert not [p for p in validate(project_copy).problems if p.source == "quotes"]


def test_validating_files_reports_a_problem_of_a_resource_another_file_describes_first(project_copy: Project) -> None:
    """Regression: only the first file that described a subject counted, so a mistake added to
    a shared plan in a curator's own file passed ``wpskg validate FILE``."""
    folder = project_copy.root / "instances" / REPORT
    head = (folder / "part2.ttl").read_text(encoding="utf-8").split("\n\n", 1)[0]
    mine = folder / "part3.ttl"
    mine.write_text(head + "\n\nplan:be-wps-nap-3 wps:focusCountry country:XK1 .\n", encoding="utf-8")
    report = validate(project_copy, sorted(folder.glob("*.ttl")))
    found = [p for p in report.violations if p.value == "country:XK1"]
    assert found and {(p.focus, p.file, p.line) for p in found} == {
        ("plan:be-wps-nap-3", f"instances/{REPORT}/part3.ttl", head.count("\n") + 3)
    }
    assert not report.conforms()


def test_validating_files_reports_a_problem_on_a_blank_node_at_its_owner(project_copy: Project) -> None:
    """Regression: a problem on a blank node (a funding's amount) had no file, so validating the
    funding's file dropped it. Regression: it was then named by its random id (``d676a88e…``) and
    placed on the funding's first line, not on the line of its amount."""
    part = project_copy.root / "instances" / REPORT / "part2.ttl"
    text = part.read_text(encoding="utf-8")
    written = "schema:value 500000.00 ; schema:currency"
    assert text.count(written) == 1
    part.write_text(text.replace(written, 'schema:value "500000.00" ; schema:currency'), encoding="utf-8")
    rows = text.splitlines()
    start = next(i for i, row in enumerate(rows, 1) if row.startswith("fund:be-wphf a"))
    line = next(i for i, row in enumerate(rows[start - 1 :], start) if written in row)
    assert line > start
    report = validate(project_copy, [part])
    on_amount = [p for p in report.violations if p.path == "schema:value"]
    assert on_amount and {(p.focus, p.file, p.line) for p in on_amount} == {
        ("fund:be-wphf/schema:amount", f"instances/{REPORT}/part2.ttl", line)
    }
    assert f"part2.ttl:{line}: Violation: fund:be-wphf/schema:amount\n" in reporting.text(report)


@pytest.mark.parametrize(
    ("written", "path", "value", "says"),
    [
        ("ex:a dct:temporl ex:p .", "dct:temporl", "dct:temporl", "DCMI Terms has no term temporl"),
        ("ex:a <https://schema.org/fundr> ex:b .", "schema:fundr", "schema:fundr", "(https://schema.org/funder?)"),
        (
            "ex:a <http://schema.org/funder> ex:b .",
            "http://schema.org/funder",
            "http://schema.org/funder",
            "write https://schema.org/funder",
        ),
        (
            "ex:a a <https://w3id.org/wpskg/ont/Action> .",
            "rdf:type",
            "https://w3id.org/wpskg/ont/Action",
            "write https://w3id.org/wpskg/ont#Action",
        ),
    ],
)
def test_a_misspelt_term_or_namespace_of_a_reused_vocabulary_is_found(
    project: Project, written: str, path: str, value: str, says: str
) -> None:
    """Regression: only wps: terms were checked, so dct:temporl, http://schema.org/ or a wps:
    prefix ending in / left a file's statements unseen by every shape, and it passed."""
    graph = Graph()
    graph.add_document(loaders.load(project.root / "ontology" / "wpskg.ttl"))
    graph.add_document(loaders.load_bytes((PREFIXES + written).encode(), "t.ttl"))
    found = term_problems(graph)
    assert [(p.severity, p.focus, p.path, p.value) for p in found] == [
        ("Violation", "https://example.org/a", path, value)
    ]
    assert says in found[0].message


def test_a_resource_outside_wpskgs_namespaces_is_found() -> None:
    """Regression: `@prefix period: <…/id/periods/>` in a file that describes its periods too passed
    (no shape or check looks at the namespace), as did a relative IRI, which lands in …/id/."""
    graph = Graph()
    turtle = (
        "@prefix period: <https://w3id.org/wpskg/id/periods/> . @prefix plan: <https://w3id.org/wpskg/id/plan/> .\n"
        "period:2017-2021 a <http://purl.org/dc/terms/PeriodOfTime> .\n"
        "plan:x <http://purl.org/dc/terms/temporal> period:2017-2021 .\n"
        "<be-wps-nap-3> a <https://w3id.org/wpskg/ont#Plan> .\n"
    )
    graph.add_document(loaders.load_bytes(turtle.encode(), "t.ttl"))
    found = {p.focus: p.message for p in namespace_problems(graph)}
    assert set(found) == {"https://w3id.org/wpskg/id/periods/2017-2021", "https://w3id.org/wpskg/id/be-wps-nap-3"}
    assert "did you mean https://w3id.org/wpskg/id/period/?" in found["https://w3id.org/wpskg/id/periods/2017-2021"]
    assert "a relative IRI" in found["https://w3id.org/wpskg/id/be-wps-nap-3"]


@pytest.mark.parametrize("subject", ["be-wps-nap-4", "zz-new-plan"])
def test_a_relative_iri_as_a_value_is_found_and_named_once(project: Project, tmp_path: Path, subject: str) -> None:
    """Regression (curator audit, session 31): `dct:replaces <be-wps-nap-3>` gave no relative-IRI
    violation: the value had the inferred inverse dct:isReplacedBy, so the undescribed-resource check
    took it as described, and the plan's shape said only "can only replace another wps:Plan"."""
    path = tmp_path / "rel.ttl"
    path.write_text(
        "@prefix dct: <http://purl.org/dc/terms/> . @prefix plan: <https://w3id.org/wpskg/id/plan/> .\n"
        f"plan:{subject} dct:replaces <be-wps-nap-3> .\n",
        encoding="utf-8",
    )
    found = [p for p in validate(project, [path]).violations if "be-wps-nap-3" in (p.focus + (p.value or ""))]
    assert [(p.focus, p.path, p.line) for p in found] == [(f"plan:{subject}", "dct:replaces", 2)]
    assert "<be-wps-nap-3>" in found[0].message and "relative IRI" in found[0].message, found[0].message


@pytest.mark.parametrize(("written", "hinted"), [('"actor:belgium"', True), ("actor:no-such-actor", False)])
def test_a_text_written_like_an_iri_is_named_a_text(
    project: Project, tmp_path: Path, written: str, hinted: bool
) -> None:
    """Regression (curator audit, session 31): `schema:funder "actor:belgium"` was reported as
    "value: actor:belgium … must be a wps:Actor", as if the IRI of Belgium were not an actor."""
    path = tmp_path / "text.ttl"
    path.write_text(
        "@prefix schema: <https://schema.org/> . @prefix fund: <https://w3id.org/wpskg/id/funding/> .\n"
        "@prefix actor: <https://w3id.org/wpskg/id/actor/> .\n"
        f"fund:be-crsv-mptf schema:funder {written} .\n",
        encoding="utf-8",
    )
    found = [p for p in validate(project, [path]).problems if p.path == "schema:funder"]
    said = 'The value is the text "actor:belgium", not the IRI actor:belgium: write it without the quotes.'
    assert found and all((said in p.message) is hinted for p in found), found


KAYES = "fund:be-plan-international-gbv-covid-kayes-mali"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (f"{KAYES} a wps:Funding ;", f"{KAYES} a wps:Fundng ;", [("rdf:type", "undeclared-term-violation")]),
        (
            "schema:value 1000000.00 ; schema:currency",
            'schema:value "1.000.000 EUR" ; schema:currency',
            [("schema:amount", "sh:NodeConstraintComponent"), ("schema:value", "sh:DatatypeConstraintComponent")],
        ),
        (
            'schema:value 1000000.00 ; schema:currency "EUR"',
            'schema:value 1000000.00 ; schema:currency "eur"',
            [("schema:amount", "sh:NodeConstraintComponent"), ("schema:currency", "sh:NodeConstraintComponent")],
        ),
    ],
)
def test_one_mistake_reads_as_one_problem(
    project_copy: Project, old: str, new: str, expected: list[tuple[str, str]]
) -> None:
    """Regression (curator audit, session 31): a misspelt class gave 8 violations (its properties
    outside their domain, the shapes that want the class) and a malformed amount 3 (a decimal below
    0 too); both warned that the source's 1.000.000 EUR was the amount of no funding."""
    facts = project_copy.root / "instances" / REPORT / "part2.ttl"
    text = facts.read_text(encoding="utf-8")
    start = text.index(f"{KAYES} a wps:Funding")
    at = text.index(old, start)
    facts.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    report = validate(project_copy)
    found = [(p.path, p.component) for p in report.problems if p.focus.startswith(KAYES)]
    assert sorted(found) == expected, found
    assert not [p for p in report.problems if p.component == "amount-covered"]
    if "Fundng" in new:
        assert "7 other violations of this subject follow from it" in report.violations[0].message


def test_a_quote_tagged_in_another_language_than_its_source_is_found(project_copy: Project) -> None:
    """Regression: a Dutch quote tagged @en passed, read its amounts in English notation and
    needed no English translation."""
    facts = project_copy.root / "instances" / PRESS / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    assert text.count(f'"{QUOTE}"@nl') == 1
    facts.write_text(text.replace(f'"{QUOTE}"@nl', f'"{QUOTE}"@en'), encoding="utf-8")
    found = [p for p in validate(project_copy, [facts]).violations if p.component == "quote-language-violation"]
    assert [(p.focus, p.path, p.value) for p in found] == [
        ("claim:be-press-20251124-digital-violence-focus", "wps:quote", QUOTE)
    ]
    assert "tagged @en but its source document" in found[0].message and "tag it @nl" in found[0].message


def test_an_untagged_quote_is_one_violation_that_asks_for_a_tag(project_copy: Project) -> None:
    """Regression: a quote with no tag gave a second, garbled violation ("tagged @ but its source
    document … is in NLD") beside the shapes' "needs a language tag"."""
    facts = project_copy.root / "instances" / PRESS / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace(f'"{QUOTE}"@nl', f'"{QUOTE}"'), encoding="utf-8")
    found = [p for p in validate(project_copy, [facts]).violations if p.focus.endswith("digital-violence-focus")]
    assert found and all("tagged @ " not in p.message for p in found), [p.message for p in found]
    assert not [p for p in found if p.component == "quote-language-violation"]
    assert any("language tag" in p.message for p in found), [p.message for p in found]


def test_a_wrong_language_of_a_source_document_is_one_violation_at_the_document(project_copy: Project) -> None:
    """Regression: a source document given the wrong dct:language gave one violation per quote (199
    for the final report) and none at the document, the one line to correct."""
    facts = project_copy.root / "instances" / PRESS / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    written = "dct:language <http://publications.europa.eu/resource/authority/language/NLD>"
    assert text.count(written) == 1
    facts.write_text(text.replace(written, written.replace("NLD", "ENG")), encoding="utf-8")
    found = [p for p in validate(project_copy, [facts]).violations if p.component == "quote-language-violation"]
    assert [(p.focus, p.path) for p in found] == [(f"src:{PRESS}", "dct:language")]
    assert "No quote from this document is tagged @en, the language of its dct:language ENG" in found[0].message
    lines = facts.read_text(encoding="utf-8").splitlines()
    assert "language/ENG" in lines[found[0].line - 1]  # the line to correct


def test_a_statement_that_points_to_an_undescribed_resource_is_found(project: Project) -> None:
    """Regression: dct:temporal to a period that no file describes (a typo in its IRI) passed."""
    found = _problems(
        project,
        "@prefix period: <https://w3id.org/wpskg/id/period/> . @prefix act: <https://w3id.org/wpskg/id/action/> .\n"
        "period:2018-2019 dct:title 'a period' .\n"
        "act:a dct:temporal period:2018-2019 . act:b dct:temporal period:2018-2091 .",
        "undescribed-resource-violation.rq",
    )
    assert found == {("https://w3id.org/wpskg/id/action/b", "dct:temporal", "period:2018-2091")}


def test_a_quote_from_another_source_text_names_the_text_it_is_in(project_copy: Project) -> None:
    """Regression: a claim derived from the wrong document got no hint of where its quote is."""
    facts = project_copy.root / "instances" / PRESS / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    block = "claim:be-press-20251124-digital-violence-focus a wps:Claim ;"
    start = text.index(block)
    end = text.index(" .\n", start)
    claim = text[start:end]
    wrong = claim.replace(f"prov:wasDerivedFrom src:{PRESS}", "prov:wasDerivedFrom src:nl-nap4-progress-2021.nl")
    assert wrong != claim
    facts.write_text(text[:start] + wrong + text[end:], encoding="utf-8")
    found = [p for p in validate(project_copy, [facts]).violations if p.component == "quote-in-source"]
    assert [p.focus for p in found] == ["claim:be-press-20251124-digital-violence-focus"]
    assert f"It is in sources/{PRESS}.txt: is the claim derived from the wrong source document?" in found[0].message


def test_an_exclusion_that_no_amount_of_its_text_uses_is_a_warning(project_copy: Project) -> None:
    folder = project_copy.root / "instances" / "exclusions"
    folder.mkdir()
    (folder / f"{PRESS}.tsv").write_text("# stale\n12345.60 EUR\tno longer in the text\n", encoding="utf-8")
    report = validate(project_copy)
    found = [p for p in report.problems if p.component == "exclusion-used"]
    assert [(p.severity, p.focus, p.value) for p in found] == [("Warning", f"src:{PRESS}", "12345.60 EUR")]
    assert found[0].message.startswith(f"instances/exclusions/{PRESS}.tsv lists 12345.60 EUR, which sources/")


def test_a_problem_is_placed_on_the_line_of_its_statement(project_copy: Project) -> None:
    """Regression: a problem was placed on the first line of its subject, tens of lines above the
    statement at fault (here the second line of an object list)."""
    facts = project_copy.root / "instances" / "be-nap4-country-page.en" / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    listed = "wps:focusCountry country:BF , country:CD , country:ML , country:NE ;"
    assert text.count(listed) == 1
    facts.write_text(text.replace(listed, listed.replace("country:ML ,", "\n        country:XX ,")), encoding="utf-8")
    lines = facts.read_text(encoding="utf-8").splitlines()
    found = [p for p in validate(project_copy, [facts]).violations if p.value == "country:XX"]
    assert [(p.focus, p.path, p.line) for p in found] == [
        ("plan:be-wps-nap-4", "wps:focusCountry", lines.index("        country:XX , country:NE ;") + 1)
    ]
    assert lines[found[0].line - 1].strip().startswith("country:XX")  # not the subject's line


@pytest.mark.parametrize(
    ("written", "meant"),
    [("UK", "GB"), ("ml", "ML"), ("MLI", "ML"), ("XX", None), ("ie", "IE")],
    ids=["uk", "case", "alpha3", "none", "not-yet-a-country"],
)
def test_a_country_code_written_another_way_gets_the_code_it_means(
    project_copy: Project, written: str, meant: str | None
) -> None:
    """Regression: country:UK only said a country is added as docs/curation.md says, which sent the
    curator to add "UK"; there was no "did you mean GB?"."""
    facts = project_copy.root / "instances" / "be-nap4-country-page.en" / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    listed = "wps:focusCountry country:BF , country:CD , country:ML , country:NE ;"
    facts.write_text(text.replace(listed, listed.replace("country:ML ,", f"country:{written} ,")), encoding="utf-8")
    found = [p for p in validate(project_copy, [facts]).violations if p.value == f"country:{written}"]
    assert found and all(p.path == "wps:focusCountry" for p in found)
    hint = f"country:{written} is not an ISO 3166-1 alpha-2 code: did you mean country:{meant}?"
    assert all((hint in p.message) == (meant is not None) for p in found), found[0].message
    assert all("did you mean" not in p.message for p in found) or meant is not None
    # a code the vocabulary does not have yet (IE) is said to be missing too, with the command that adds it
    assert all(("is not in the code lists yet either" in p.message) == (meant == "IE") for p in found)
    assert all(
        ("wpskg country IE >> ontology/vocab/countries-extra.ttl" in p.message) == (meant == "IE") for p in found
    )


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("MLI", "<http://publications.europa.eu/resource/authority/country/MLI> is the EU authority's IRI of Mali: "
         "did you mean country:ML?"),
        ("IRL", "<http://publications.europa.eu/resource/authority/country/IRL> is the EU authority's IRI of Ireland: "
         "did you mean country:IE? It is not in the code lists yet either. Add it to a file of your own: "
         "wpskg country IE >> ontology/vocab/countries-extra.ttl."),
        ("XYZ", None),
    ],
)  # fmt: skip
def test_a_country_written_as_its_eu_authority_iri_gets_the_countrys_own_iri(
    project_copy: Project, code: str, hint: str | None
) -> None:
    """Regression (curator audit): the EU Publications Office IRI of Mali, which DOMAIN.md names, was
    only "not a wps:Country", with no word of country:ML."""
    facts = project_copy.root / "instances" / "be-nap4-country-page.en" / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    listed = "wps:focusCountry country:BF , country:CD , country:ML , country:NE ;"
    eu = f"<http://publications.europa.eu/resource/authority/country/{code}>"
    facts.write_text(text.replace(listed, listed.replace("country:ML ,", f"{eu} ,")), encoding="utf-8")
    line = next(i for i, row in enumerate(facts.read_text(encoding="utf-8").splitlines(), 1) if eu in row)
    found = [p for p in validate(project_copy, [facts]).violations if p.value == eu[1:-1]]
    assert found and {(p.path, p.file, p.line) for p in found} == {
        ("wps:focusCountry", "instances/be-nap4-country-page.en/facts.ttl", line)
    }
    if hint is None:
        assert all("did you mean" not in p.message for p in found), found[0].message
    else:
        assert all(p.message.endswith(" " + hint) for p in found), found[0].message


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("eur", '"eur" is not in the code list, which writes its codes in upper case: did you mean "EUR"?'),
        ("Usd", '"Usd" is not in the code list, which writes its codes in upper case: did you mean "USD"?'),
        ("EUX", None),
        ("euro", None),
    ],
)
def test_a_currency_code_in_lower_case_gets_the_code_it_means(
    project_copy: Project, written: str, hint: str | None
) -> None:
    """Regression (curator audit): ``schema:currency "eur"`` only said an amount needs an ISO 4217
    code "such as EUR"."""
    part = project_copy.root / "instances" / REPORT / "part2.ttl"
    text = part.read_text(encoding="utf-8")
    amount = 'schema:value 300000.00 ; schema:currency "EUR"'
    assert text.count(amount) == 1
    part.write_text(text.replace(amount, f'schema:value 300000.00 ; schema:currency "{written}"'), encoding="utf-8")
    line = next(i for i, row in enumerate(part.read_text(encoding="utf-8").splitlines(), 1) if f'"{written}"' in row)
    found = [p for p in validate(project_copy, [part]).violations if p.path == "schema:currency"]
    assert [(p.value, p.file, p.line) for p in found] == [(written, f"instances/{REPORT}/part2.ttl", line)]
    if hint is None:
        assert "did you mean" not in found[0].message
    else:
        assert found[0].message == f'An amount needs exactly one ISO 4217 currency code such as "EUR". {hint}'


def test_a_misspelt_code_is_found_once(project: Project) -> None:
    """Regression: a resolution that is in no code list (res:1326 for res:1325) passed; a code that a
    shape already reports (a theme, sh:class) is not reported a second time by the check."""
    data = (
        "@prefix res: <https://w3id.org/wpskg/vocab/resolution/> . "
        "@prefix act: <https://w3id.org/wpskg/id/action/> .\n"
        "act:a wps:referencesResolution res:1325 . act:b wps:referencesResolution res:1326 ."
    )
    found = _problems(project, data, "undescribed-resource-violation.rq")
    assert found == {("https://w3id.org/wpskg/id/action/b", "wps:referencesResolution", "res:1326")}


LANGUAGE_TAGS = """@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix plan: <https://w3id.org/wpskg/id/plan/> .

plan:a rdfs:label "Mali"@en ,
        "Mali"@English ,
        "Mali"@xx ;
    dct:description "NAP"@eng ,
        "Een lange beschrijving van het plan, langer dan zestig tekens, voor de waarde."@nld .
plan:b rdfs:label "a"@nl , "b"@en , "c"@fr , "d"@nl-BE , "e"@en-GB , "f"@fr-x-foo , "g"@zh-Hant-TW , "h"@de-1996 .
plan:c rdfs:label "UK"@en-UK .
"""


def test_a_literal_with_a_wrong_language_tag_is_a_violation_at_its_line(project_copy: Project) -> None:
    """Regression: a literal tagged @english, @xx or @eng passed; @nl-BE, @en-GB or @fr-x-foo pass."""
    mine = project_copy.root / "instances" / "mine.ttl"
    mine.write_text(LANGUAGE_TAGS, encoding="utf-8")
    report = validate(project_copy, [mine])
    found = {(p.line, p.path, p.value): p.message for p in report.violations}
    assert sorted(p.focus for p in report.violations) == ["plan:a"] * 4 + ["plan:c"]
    assert set(found) == {
        (11, "rdfs:label", '"UK"@en-uk'),
        (6, "rdfs:label", '"Mali"@english'),
        (7, "rdfs:label", '"Mali"@xx'),
        (8, "dct:description", '"NAP"@eng'),
        (9, "dct:description", '"Een lange beschrijving van het plan, langer dan zestig teke…"@nld'),
    }
    assert {p.file for p in report.violations} == {"instances/mine.ttl"}
    assert found[6, "rdfs:label", '"Mali"@english'] == (
        'The rdfs:label "Mali"@english of plan:a has a wrong language tag, @english: '
        '"english" is not an ISO 639 language code: did you mean @en?'
    )
    assert found[7, "rdfs:label", '"Mali"@xx'].endswith('@xx: "xx" is not an ISO 639 language code.')
    assert found[8, "dct:description", '"NAP"@eng'].endswith(
        '@eng: "eng" is an ISO 639-2/3 code, but BCP 47 writes this language with its ISO 639-1 code: did you mean @en?'
    )


@pytest.mark.parametrize(
    ("tag", "says"),
    [
        ("nl", None),
        ("en-gb", None),
        ("fr-x-foo", None),
        ("sr-latn-rs", None),
        ("qaa", None),
        ("ENGLISH", '"english" is not an ISO 639 language code: did you mean @en?'),
        ("dutch-be", '"dutch" is not an ISO 639 language code: did you mean @nl-BE?'),
        ("fre", "BCP 47 writes this language with its ISO 639-1 code: did you mean @fr?"),
        (
            "en_gb",
            "not a well-formed BCP 47 tag (language-script-region-variant…, separated by hyphens): did you mean @en-GB?",
        ),
        ("en-gb-oed", "not a well-formed BCP 47 tag"),
        ("x-foo", 'a tag that starts "x-" (private use, or an irregular tag of old) names no ISO 639 language'),
        # Regression: the region was checked for its form only, so @en-UK passed.
        ("en-uk", '"UK" is not an ISO 3166-1 region: did you mean @en-GB?'),
        ("nl-nl", None),
        ("fr-be", None),
        ("es-419", None),
        ("en-eu", None),
        ("de-xa", None),
        ("fr-bx", '"BX" is not an ISO 3166-1 region'),
        ("sr-yu", None),  # Yugoslavia: withdrawn from ISO 3166-1, kept (deprecated) by BCP 47
        ("zh-hant-uk", "did you mean @zh-Hant-GB?"),
    ],
)
def test_a_language_tag_is_bcp47_with_an_iso639_language(tag: str, says: str | None) -> None:
    wrong = langtags.mistake(tag)
    assert wrong is None if says is None else wrong is not None and says in wrong, wrong


def test_a_language_tag_written_with_an_underscore_is_an_error_at_its_line(project_copy: Project) -> None:
    """Turtle cannot parse ``"x"@en_GB``: the error names the tag and the tag it likely means."""
    mine = project_copy.root / "instances" / "mine.ttl"
    mine.write_text(LANGUAGE_TAGS.replace('"b"@en ,', '"b"@en_GB ,'), encoding="utf-8")
    with pytest.raises(InputError) as error:
        validate(project_copy, [mine])
    assert str(error.value).startswith("instances/mine.ttl:10:")
    assert str(error.value).endswith(
        "the language tag @en_GB is not well-formed, BCP 47 separates subtags with hyphens: did you mean @en-GB?"
    )


def test_a_misspelt_wps_term_in_a_stored_query_or_a_check_is_a_violation_at_its_line(project_copy: Project) -> None:
    """Regression: ``wps:disputedProprty`` in queries/conflicts.rq gave the query no rows, and the build
    passed; the check of undeclared terms read the instances only."""
    conflicts = project_copy.query_dir / "conflicts.rq"
    text = conflicts.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    line = next(n for n, t in enumerate(lines, 1) if "wps:disputedProperty" in t and not t.lstrip().startswith("#"))
    lines[line - 1] = lines[line - 1].replace("wps:disputedProperty", "wps:disputedProprty")
    conflicts.write_text("".join(lines), encoding="utf-8")
    check = project_copy.root / "shapes" / "unqualified-conflict-violation.rq"
    check.write_text(check.read_text(encoding="utf-8").replace("wps:claimSubject", "wps:claimSubjct", 1), "utf-8")
    found = [p for p in validate(project_copy).violations if p.component == "declared-term"]
    by_file = {p.file: p for p in found}
    assert set(by_file) == {"queries/conflicts.rq", "shapes/unqualified-conflict-violation.rq"}, found
    query = by_file["queries/conflicts.rq"]
    assert query.line == line and query.focus == "wps:disputedProprty"
    assert "did you mean wps:disputedProperty?" in query.message
    assert "did you mean wps:claimSubject?" in by_file["shapes/unqualified-conflict-violation.rq"].message
    # the query put right, and a misspelt term written as a full IRI in the check
    conflicts.write_text(text, encoding="utf-8")
    check.write_text(
        check.read_text(encoding="utf-8").replace("wps:claimSubjct", "<https://w3id.org/wpskg/ont#claimSubjekt>"),
        encoding="utf-8",
    )
    (only,) = [p for p in validate(project_copy).violations if p.component == "declared-term"]
    assert only.file == "shapes/unqualified-conflict-violation.rq" and only.focus == "wps:claimSubjekt"


def test_an_instance_file_without_triples_is_a_warning_that_names_it(project_copy: Project) -> None:
    """Regression: an empty (or cut to its prefixes) instance file passed without a word."""
    assert not [p for p in validate(project_copy).problems if p.component == "empty-file"]
    folder = project_copy.root / "instances" / PRESS
    (folder / "extra.ttl").write_text("", encoding="utf-8")
    (folder / "prefixes.ttl").write_text("@prefix wps: <https://w3id.org/wpskg/ont#> .\n", encoding="utf-8")
    report = validate(project_copy)
    found = sorted((p.severity, p.file) for p in report.problems if p.component == "empty-file")
    assert found == [("Warning", f"instances/{PRESS}/extra.ttl"), ("Warning", f"instances/{PRESS}/prefixes.ttl")]
    assert report.conforms() and not report.conforms(strict=True)


def test_a_source_text_missing_from_the_catalogue_or_a_misnamed_folder_is_a_warning(project_copy: Project) -> None:
    """Regression: a new source text that sources/CATALOG.md does not list, and its facts in a folder not
    named after it (instances/be-mfa-press-2024.nl/ for be-mfa-press-2024-03-08.nl.txt), passed."""
    assert not [p for p in validate(project_copy).problems if p.component == "source-layout"]
    sources = project_copy.sources_dir
    (sources / "be-mfa-press-2024-03-08.nl.txt").write_text("Een persbericht.\n", encoding="utf-8")
    moved = project_copy.root / "instances" / "be-mfa-press-2024.nl"
    shutil.copytree(project_copy.root / "instances" / PRESS, moved)
    shutil.rmtree(project_copy.root / "instances" / PRESS)
    found = {(p.file, p.focus): p.message for p in validate(project_copy).problems if p.component == "source-layout"}
    assert set(found) == {
        ("sources/CATALOG.md", "be-mfa-press-2024-03-08.nl.txt"),
        ("sources/be-mfa-press-2024-03-08.nl.txt", "be-mfa-press-2024-03-08.nl.txt"),
        ("instances/be-mfa-press-2024.nl", "be-mfa-press-2024.nl"),
    }
    assert "add a row that describes it" in found[("sources/CATALOG.md", "be-mfa-press-2024-03-08.nl.txt")]
    hint = found[("instances/be-mfa-press-2024.nl", "be-mfa-press-2024.nl")]
    assert re.search(r"did you mean instances/be-mfa-press-202[45]-[0-9-]+\.nl/\?", hint), hint


def test_a_prefix_almost_right_is_a_violation_at_its_line(project_copy: Project) -> None:
    """Regression: ``@prefix wps: <http://w3id.org/wpskg/ont#>`` (http for https) gave 118 violations,
    one for each term written with it, and none at the line to mend."""
    facts = project_copy.root / "instances" / PRESS / "facts.ttl"
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, t in enumerate(lines, 1) if t.startswith("@prefix wps:"))
    lines[number - 1] = "@prefix wps: <http://w3id.org/wpskg/ont#> .\n"
    facts.write_text("".join(lines), encoding="utf-8")
    report = validate(project_copy)
    (found,) = [p for p in report.problems if p.component == "prefix"]
    assert (found.severity, found.file, found.line) == ("Violation", f"instances/{PRESS}/facts.ttl", number)
    assert "write <https://w3id.org/wpskg/ont#>" in found.message
    assert report.sorted()[0] == found  # the first line the curator reads


def test_a_prefix_almost_right_is_found_on_a_line_that_declares_several(project_copy: Project) -> None:
    """Regression (ministry coordinator): only the first @prefix of a line was read, so the second one's
    near miss went unreported, and its subjects had no line (a warning at them said only the file)."""
    facts = project_copy.root / "instances" / PRESS / "facts.ttl"
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, t in enumerate(lines, 1) if t.startswith("@prefix wps:"))
    lines[number - 1] = "@prefix ex: <https://example.org/> . @prefix wps: <http://w3id.org/wpskg/ont#> .\n"
    facts.write_text("".join(lines), encoding="utf-8")
    (found,) = [p for p in validate(project_copy).problems if p.component == "prefix"]
    assert (found.file, found.line) == (f"instances/{PRESS}/facts.ttl", number)
    assert found.message.startswith("The prefix wps: is <http://w3id.org/wpskg/ont#>")
    text = "@prefix a: <http://a/> . @prefix b: <http://b/> .\nb:x a a:T .\n"
    assert loaders.load_bytes(text.encode(), "t.ttl").source_map.line_of("http://b/x") == 2


@pytest.mark.parametrize(
    ("instead", "difference"),
    [
        (",", "the text has 'via kernbijdragen,', which the quote leaves out"),
        (" …", "the quote has 'België …' where the text has 'België, via kernbijdragen,'"),
    ],
)
def test_a_quote_with_words_left_out_names_them(project_copy: Project, instead: str, difference: str) -> None:
    """Regression: with words left out of its middle, a quote was said to have its first words
    ('In dit'), which the text does not: the passage was aligned on the quote's longest run only."""
    part = project_copy.root / "instances" / REPORT / "part1.ttl"
    whole = '"In dit verband financiert België, via kernbijdragen, UN Women met 4 miljoen euro per jaar"@nl'
    text = part.read_text(encoding="utf-8")
    assert text.count(whole) == 1
    part.write_text(text.replace(whole, whole.replace(", via kernbijdragen,", instead)), encoding="utf-8")
    (found,) = [p for p in validate(project_copy, [part]).problems if p.component == "quote-in-source"]
    assert difference in found.message and f"{REPORT}.txt:156," in found.message, found.message


def test_a_problem_in_a_json_ld_file_with_compact_iris_has_its_line(project_copy: Project) -> None:
    """Regression: a resource written ``"@id": "act:…"`` in a JSON-LD instance file was placed in the
    file without a line: only IRIs written in full were found in the text."""
    extra = project_copy.root / "instances" / PRESS / "extra.jsonld"
    doc = {
        "@context": "https://w3id.org/wpskg/context.jsonld",
        "@graph": [
            {
                "@id": "act:be-press-test-first",
                "@type": "wps:Action",
                "rdfs:label": {"@value": "Een", "@language": "nl"},
            },
            {
                "@id": "act:be-press-test-second",
                "@type": "wps:Action",
                "rdfs:label": {"@value": "Twee", "@language": "nl"},
            },
        ],
    }
    extra.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    lines = extra.read_text(encoding="utf-8").splitlines()
    expected = {
        f"act:be-press-test-{n}": 1 + next(i for i, t in enumerate(lines) if f"act:be-press-test-{n}" in t)
        for n in ("first", "second")
    }
    report = validate(project_copy, [extra])
    found = {p.focus: p.line for p in report.violations if p.path == "rdfs:label"}
    assert found == expected and all(p.file == f"instances/{PRESS}/extra.jsonld" for p in report.violations)


def test_library_arguments_are_checked(project: Project, tmp_path) -> None:
    """Regression: ``validate(project, "x.ttl")`` read the letters of the name as files, and an
    unknown engine ("pySHACL", "bogus") quietly ran the compiled one."""
    extra = tmp_path / "x.ttl"
    extra.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    assert validate(project, str(extra)).files == validate(project, [extra]).files == [str(extra)]
    with pytest.raises(ParameterError, match="unknown SHACL engine 'pySHACL': use one of compiled, pyshacl"):
        validate(project, engine="pySHACL")


def test_one_organisation_minted_twice_is_a_warning(project_copy: Project) -> None:
    """Regression: a second actor for an organisation the graph has (a newcomer looked in
    instances/actors.ttl, not in the sources' new-actors files) passed, and funding-totals by
    recipient added the two by name."""
    facts = project_copy.root / "instances" / PRESS / "facts.ttl"
    facts.write_text(
        facts.read_text(encoding="utf-8")
        + '\nactor:onu-femmes a wps:MultilateralOrganisation ; rdfs:label "UN WOMEN"@en , "ONU Femmes"@fr .\n',
        encoding="utf-8",
    )
    found = [p for p in validate(project_copy).warnings if p.component == "actor-name"]
    assert sorted(p.focus for p in found) == ["actor:onu-femmes", "actor:un-women"]
    assert "shares its @en name with actor:un-women: one organisation described twice?" in " ".join(
        p.message for p in found
    )
    assert {p.file for p in found if p.focus == "actor:onu-femmes"} == {f"instances/{PRESS}/facts.ttl"}


def test_two_ministries_of_one_name_for_two_countries_are_not_a_warning(project: Project) -> None:
    """ "Ministerie van Defensie"@nl is Belgium's and the Netherlands' (each wps:actsFor its country)."""
    assert not [p for p in validate(project).warnings if p.component == "actor-name"]


def test_a_country_the_vocabulary_does_not_have_says_how_to_add_it(project_copy: Project) -> None:
    facts = project_copy.root / "instances" / "be-nap3-final-report-2017-2021.nl" / "part2.ttl"
    text = facts.read_text(encoding="utf-8")
    assert "wps:recipientCountry country:UA ;" in text
    facts.write_text(text.replace("wps:recipientCountry country:UA ;", "wps:recipientCountry country:LU ;"), "utf-8")
    found = [p for p in validate(project_copy).violations if p.value == "country:LU"]
    assert found and all("added with wpskg country (docs/curation.md, A new country)" in p.message for p in found)
    assert all("(Luxembourg) is not in the code lists yet" in p.message for p in found), found
    assert all("wpskg country LU >> ontology/vocab/countries-extra.ttl" in p.message for p in found), found


def test_a_wrong_country_is_reported_where_it_is_written_not_again_where_it_is_inferred(
    project_copy: Project,
) -> None:
    """Regression (ministry coordinator): a plan's country that no code list has was a violation at
    wps:planCountry, and again at the plan's first line on the dct:spatial the build infers from it."""
    plans = project_copy.root / "instances" / "plans.ttl"
    text = plans.read_text(encoding="utf-8")
    old = "wps:ordinal 1 ; wps:planCountry country:BE ;"
    assert text.count(old) == 1
    plans.write_text(text.replace(old, "wps:ordinal 1 ; wps:planCountry country:LU ;"), encoding="utf-8")
    found = [p for p in validate(project_copy).violations if p.value == "country:LU"]
    assert found and {p.path for p in found} == {"wps:planCountry"}, [(p.path, p.component) for p in found]
    assert {p.line for p in found} == {text[: text.index(old)].count("\n") + 1}


def test_a_misspelt_theme_is_reported_where_it_is_written_not_on_what_the_build_infers(
    project_copy: Project,
) -> None:
    """Regression (curator audit, session 31): theme:gvb on an objective was reported there, and again
    on its plan's wps:coversTheme, a property the build writes and no curator does."""
    part = project_copy.root / "instances" / "be-nap3-final-report-2017-2021.nl" / "part1.ttl"
    text = part.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[138] == "    wps:theme theme:gbv ."
    lines[138] = "    wps:theme theme:gvb ."
    part.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [p for p in validate(project_copy).violations if p.value == "theme:gvb"]
    assert found and {(p.path, p.line) for p in found} == {("wps:theme", 139)}, [
        (p.focus, p.path, p.line, p.component) for p in found
    ]


def test_only_actors_of_one_name_and_the_same_country_are_warned() -> None:
    """Regression (this session): of three "Ministry of Defence" acting for BE, NL and BE, the NL one
    was warned too; an untagged label read "shares its @ name"."""
    graph = Graph()
    turtle = """@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix c: <https://w3id.org/wpskg/vocab/country/> . @prefix a: <https://w3id.org/wpskg/id/actor/> .
    a:a a wps:Actor ; rdfs:label "Ministry of Defence"@en ; wps:actsFor c:BE .
    a:b a wps:Actor ; rdfs:label "Ministry of Defence"@en ; wps:actsFor c:NL .
    a:c a wps:Actor ; rdfs:label "ministry of defence"@en ; wps:actsFor c:BE .
    a:d a wps:Actor ; rdfs:label "Forum" . a:e a wps:Actor ; rdfs:label "Forum" ."""
    graph.add_quads(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    found = {p.focus: p.message for p in actor_name_problems(graph)}
    assert sorted(found) == [f"https://w3id.org/wpskg/id/actor/{x}" for x in "acde"]
    assert "shares its untagged name with actor:e" in found["https://w3id.org/wpskg/id/actor/d"]


def test_the_year_message_says_when_the_quote_gives_another_year(project: Project) -> None:
    (problem,) = _run(
        project,
        'ex:plan wps:adopted "2025"^^xsd:gYear . ex:c wps:claimSubject ex:plan ; wps:claimProperty wps:adopted ; '
        'prov:wasDerivedFrom ex:press ; wps:quote "Het plan werd in januari 2024 aangenomen."@nl . '
        'ex:press dct:issued "2025-11-24"^^xsd:date .',
        "claimed-date-violation.rq",
    )
    assert "its source was issued in that year, but the quote gives another year" in problem.message


def test_a_catalogue_row_without_backticks_is_named_at_its_line(project_copy: Project) -> None:
    """Regression: a row that names the file without backticks got "add a row", as if it had none."""
    catalog = project_copy.sources_dir / "CATALOG.md"
    text = catalog.read_text(encoding="utf-8")
    name = f"{PRESS}.txt"
    catalog.write_text(text.replace(f"`{name}`", name), encoding="utf-8")
    line = text[: text.index(f"`{name}`")].count("\n") + 1
    (found,) = [p for p in validate(project_copy).problems if p.component == "source-layout"]
    assert (found.file, found.line, found.focus) == ("sources/CATALOG.md", line, name)
    assert f"write it in backticks (`{name}`)" in found.message


def test_a_catalogue_that_names_a_longer_file_does_not_name_a_shorter_one(project_copy: Project) -> None:
    """Regression (review): with nap3.txt missing from the catalogue and `be-nap3.txt` listed, the
    warning said the catalogue named nap3.txt without backticks."""
    name = PRESS.split("-", 1)[1] + ".txt"  # a tail of a listed file's name
    (project_copy.sources_dir / name).write_text("Een tekst.\n", encoding="utf-8")
    layout = [p for p in validate(project_copy).problems if p.component == "source-layout" and p.focus == name]
    (found,) = [p for p in layout if p.file == "sources/CATALOG.md"]
    assert "add a row that describes it" in found.message and found.line is None


def test_a_catalogue_row_whose_text_is_missing_is_a_warning_at_its_line(project_copy: Project) -> None:
    """Regression: a row of sources/CATALOG.md whose text was never copied in (or whose name was
    misspelt) passed, so the catalogue described a document the project does not have."""
    catalog = project_copy.sources_dir / "CATALOG.md"
    text = catalog.read_text(encoding="utf-8")
    written = f"`{PRESS}.txt`"
    misspelt = f"`{PRESS.replace('press', 'pres')}.txt`"
    catalog.write_text(text.replace(written, misspelt), encoding="utf-8")
    line = text[: text.index(written)].count("\n") + 1
    found = {
        (p.file, p.line, p.focus): p.message for p in validate(project_copy).problems if p.component == "source-layout"
    }
    row = ("sources/CATALOG.md", line, misspelt.strip("`"))
    assert set(found) == {row, ("sources/CATALOG.md", None, f"{PRESS}.txt")}
    assert "has no such text" in found[row] and f"Did you mean '{PRESS}.txt'?" in found[row]


def test_a_source_text_that_no_source_document_names_is_a_warning_at_the_text(project_copy: Project) -> None:
    """Regression: a text copied into sources/ and listed in the catalogue, but with no source
    document naming it (wps:fileName), passed: none of its facts were in the graph and none of its
    amounts were checked."""
    assert not [p for p in validate(project_copy).problems if p.component == "source-layout"]
    shutil.rmtree(project_copy.root / "instances" / PRESS)
    found = [p for p in validate(project_copy).problems if p.component == "source-layout"]
    assert [(p.file, p.focus, p.severity) for p in found] == [(f"sources/{PRESS}.txt", f"{PRESS}.txt", "Warning")]
    assert f"describe it in instances/{PRESS}/" in found[0].message


def test_iris_in_check_messages_are_shortened_in_one_pass() -> None:
    """Regression (review): a run of punctuation after an IRI took time in the square of its length."""
    from wpskg.validate import _short_iris

    message = "See https://w3id.org/wpskg/id/claim/x" + "." * 50_000
    started = time.perf_counter()
    assert _short_iris(message) == "See claim:x" + "." * 50_000
    assert time.perf_counter() - started < 30


def test_an_objective_with_two_english_names_is_a_violation(project_copy: Project) -> None:
    """Regression: NAP III's six objectives each had two rdfs:label @en (the country page's words and
    the final report's, translated), so a join on the English label doubled every row."""
    page = project_copy.root / "instances" / "be-nap4-country-page.en" / "facts.ttl"
    text = page.read_text(encoding="utf-8")
    written = '    skos:altLabel "To support the Agenda for Women, Peace and Security"@en .'
    assert text.count(written) == 1
    page.write_text(text.replace(written, written.replace("skos:altLabel", "rdfs:label")), encoding="utf-8")
    found = [p for p in validate(project_copy).violations if p.focus == "obj:be-wps-nap-3-5"]
    assert [(p.path, p.component) for p in found] == [("rdfs:label", "sh:UniqueLangConstraintComponent")]
    assert "give another name as skos:altLabel" in found[0].message


def test_a_missing_catalogue_text_is_not_hinted_at_a_text_that_has_its_own_row(project_copy: Project) -> None:
    """Regression (review): a row for a report not yet copied in got "Did you mean" a text that the
    catalogue already lists in a row of its own."""
    catalog = project_copy.sources_dir / "CATALOG.md"
    listed = f"`{PRESS}.txt`"
    text = catalog.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith(f"| {listed}"))
    catalog.write_text(text + row.replace(listed, f"`{PRESS}-2.txt`") + "\n", encoding="utf-8")
    (found,) = [p for p in validate(project_copy).problems if p.component == "source-layout"]
    assert found.focus == f"{PRESS}-2.txt" and "has no such text" in found.message
    assert "Did you mean" not in found.message


def test_every_file_of_instances_is_read_or_warned_about(project_copy: Project) -> None:
    """Regression (curator audit, session 31): extra.TTL, extra.json and extra.turtle in instances/
    were skipped with no word, and validate passed; validate extra.TTL, named, found its mistakes."""
    folder = project_copy.root / "instances" / "be-mfa-press-2025-11-24.nl"
    text = "@prefix wps: <https://w3id.org/wpskg/ont#> .\n<https://w3id.org/wpskg/id/actor/x> a wps:Actr .\n"
    (folder / "extra.TTL").write_text(text, encoding="utf-8")  # read, as .ttl is
    (folder / "extra.turtle").write_text(text, encoding="utf-8")  # not read: said so
    jsonld = '{"@context": {"wps": "https://w3id.org/wpskg/ont#"}, "@id": "https://w3id.org/wpskg/id/actor/y", '
    (folder / "extra.json").write_text(jsonld + '"@type": "wps:Actr"}', encoding="utf-8")  # read as JSON-LD
    (folder / "README.md").write_text("Notes on this folder.\n", encoding="utf-8")  # not data
    assert {folder / "extra.TTL", folder / "extra.json"} <= set(project_copy.instance_files)
    problems = validate(project_copy).problems
    undeclared = [p for p in problems if "wps:Actr" in p.message]
    assert {p.file for p in undeclared} == {
        "instances/be-mfa-press-2025-11-24.nl/extra.TTL",
        "instances/be-mfa-press-2025-11-24.nl/extra.json",
    }, undeclared
    unread = [(p.severity, p.file) for p in problems if "does not read this file" in p.message]
    assert unread == [("Warning", "instances/be-mfa-press-2025-11-24.nl/extra.turtle")], unread
