"""The terms of the reused vocabularies: a misspelt term or namespace is named, a real term never."""

from __future__ import annotations

import pytest

from wpskg.vocabularies import mistake

DCAT = "http://www.w3.org/ns/dcat#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@pytest.mark.parametrize(
    "iri",
    [
        # Regression: DCAT 3 and RDF 1.2 terms, newer than rdflib's lists, were reported as unknown.
        DCAT + "version",
        DCAT + "inSeries",
        DCAT + "DatasetSeries",
        DCAT + "previousVersion",
        RDF + "_1",
        RDF + "_12",
        RDF + "reifies",
        DCAT + "startDate",
        "http://purl.org/dc/terms/temporal",
        "https://schema.org/MonetaryAmount",
        "http://www.w3.org/ns/prov#wasDerivedFrom",
        "https://w3id.org/wpskg/ont#Plan",
        "https://www.wikidata.org/wiki/Q1",
    ],
)
def test_real_terms_pass(iri: str) -> None:
    assert mistake(iri) is None


@pytest.mark.parametrize(
    ("iri", "says"),
    [
        (DCAT + "versio", "DCAT has no term versio"),
        (RDF + "_0", "RDF has no term _0"),
        ("http://purl.org/dc/terms/temporl", "(http://purl.org/dc/terms/temporal?)"),
        ("http://schema.org/funder", "write https://schema.org/funder"),
        ("https://w3id.org/wpskg/ont/Plan", "write https://w3id.org/wpskg/ont#Plan"),
    ],
)
def test_mistakes_are_named(iri: str, says: str) -> None:
    assert says in (mistake(iri) or "")
