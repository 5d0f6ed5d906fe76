"""The ODK-style ``shapes/*-violation.rq`` checks: each finds what it is for, and nothing on the shipped data."""

from __future__ import annotations

import pytest

from wpskg import loaders
from wpskg.project import Project
from wpskg.store import Graph, infer
from wpskg.validate import Problem, violation_query_problems

PREFIXES = """
@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix ex: <https://example.org/> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _run(project: Project, turtle: str, check: str) -> list[Problem]:
    """The problems that ``check`` finds in the ontology plus ``turtle``."""
    graph = Graph()
    graph.add_document(loaders.load(project.root / "ontology" / "wpskg.ttl"))
    graph.add_document(loaders.load_bytes((PREFIXES + turtle).encode(), "t.ttl"))
    infer(graph)
    queries = [q for q in project.violation_queries if q.name == check]
    assert queries, check
    return violation_query_problems(graph, queries)


def _problems(project: Project, turtle: str, check: str) -> set[tuple[str, str | None, str | None]]:
    return {(p.focus, p.path, p.value) for p in _run(project, turtle, check)}


def test_shipped_data_passes_every_check(graph: Graph, project: Project) -> None:
    assert violation_query_problems(graph, project.violation_queries) == []


def test_undeclared_term_is_found(project: Project) -> None:
    found = _problems(project, "ex:a wps:fundr ex:b . ex:c a wps:Fundng .", "undeclared-term-violation.rq")
    assert found == {
        ("https://example.org/a", "rdf:type", "wps:fundr"),
        ("https://example.org/c", "rdf:type", "wps:Fundng"),
    }


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


def test_wrong_domain_message_names_the_property_and_the_class(project: Project) -> None:
    (problem,) = _run(project, "ex:act a wps:Action ; wps:focusCountry ex:ml .", "wrong-domain-violation.rq")
    assert "https://w3id.org/wpskg/ont#focusCountry" in problem.message
    assert "https://w3id.org/wpskg/ont#Plan" in problem.message


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
