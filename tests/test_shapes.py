"""Every shape has a conforming and a violating example, each with its exact result.

The examples share one small valid fixture; each violating example adds or
changes triples about its own focus nodes (``ex:…``), so the examples can be
validated together and the results compared focus node by focus node.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wpskg import loaders
from wpskg.project import Project
from wpskg.store import Graph, infer, load_shapes
from wpskg.validate import validate_graph

PREFIXES = """
@prefix ex: <https://example.org/test/> .
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix country: <https://w3id.org/wpskg/vocab/country/> .
@prefix theme: <https://w3id.org/wpskg/vocab/theme/> .
@prefix res: <https://w3id.org/wpskg/vocab/resolution/> .
@prefix role: <https://w3id.org/wpskg/vocab/membership-role/> .
@prefix iatiorg: <https://w3id.org/wpskg/vocab/iati-organisation-type/> .
@prefix doctype: <https://w3id.org/wpskg/vocab/document-type/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

#: A small graph that conforms: one of everything, correctly written.
VALID = """
ex:doc a wps:SourceDocument ; dct:title "Test report"@en ; wps:fileName "test.en.txt" ;
    dct:language <http://publications.europa.eu/resource/authority/language/ENG> ;
    dct:type doctype:final-report ; dct:publisher ex:ministry .
ex:ministry a wps:GovernmentBody ; rdfs:label "Test ministry"@en ; wps:iatiOrganisationType iatiorg:10 .
ex:ngo a wps:CivilSocietyOrganisation ; rdfs:label "Test NGO"@en ; wps:iatiOrganisationType iatiorg:22 .
ex:series a wps:PlanSeries ; rdfs:label "Test series"@en .
ex:period a dct:PeriodOfTime ; dcat:startDate "2017"^^xsd:gYear ; dcat:endDate "2021"^^xsd:gYear .
ex:plan a wps:WPSNationalActionPlan ; rdfs:label "Test plan"@en ; wps:planCountry country:BE ;
    wps:series ex:series ; wps:ordinal 3 ; dct:temporal ex:period ; wps:hasBudget false ;
    wps:coordinator ex:ministry ; wps:focusCountry country:ML ; wps:hasObjective ex:objective .
ex:objective a wps:Objective ; rdfs:label "Test objective"@en ; wps:objectiveOf ex:plan ; skos:notation "1" .
ex:action a wps:Action ; rdfs:label "Test action"@en ; wps:underObjective ex:objective ;
    wps:responsibleActor ex:ministry ; wps:country country:ML ; wps:theme theme:gbv ; wps:year "2019"^^xsd:gYear .
ex:funding a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ;
    schema:amount ex:funding-amount ; wps:recipientCountry country:ML .
ex:funding-amount a schema:MonetaryAmount ; schema:value 300000.00 ; schema:currency "EUR" .
ex:part a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ;
    wps:partOf ex:funding ; schema:amount [ a schema:MonetaryAmount ; schema:value 150000.00 ; schema:currency "EUR" ] .
ex:unquantified a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ;
    wps:amountStated false .
ex:ceiling a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ;
    schema:amount [ a schema:MonetaryAmount ; schema:maxValue 2000000.00 ; schema:currency "EUR" ] .
ex:euro a wps:Currency ; skos:notation "EUR" ; skos:prefLabel "Euro"@en .
ex:indicator a wps:Indicator ; rdfs:label "Test indicator"@en ; skos:definition "What it counts."@en .
ex:figure a wps:ReportedFigure ; wps:indicator ex:indicator ; wps:value 5 ; wps:valueWomen 0 ; wps:valueMen 5 ;
    wps:date "2023-05"^^xsd:gYearMonth ; wps:country country:BE .
ex:membership a wps:Membership ; org:member ex:ministry ; org:organization ex:ngo ;
    wps:membershipRole role:member ; dct:temporal ex:period .
ex:claim a wps:Claim ; wps:claimSubject ex:plan , ex:objective , ex:action , ex:funding , ex:part , ex:unquantified , ex:ceiling ,
        ex:figure , ex:membership ;
    wps:claimProperty schema:amount ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough to count."@en .
ex:claim-nl a wps:Claim ; wps:claimSubject ex:plan ; wps:claimProperty dct:temporal ; wps:claimValue ex:period ;
    prov:wasDerivedFrom ex:doc ; wps:quote "Een citaat dat lang genoeg is."@nl ;
    wps:quoteTranslation "A quote that is long enough."@en .
"""

#: name -> (turtle, expected {(focus local name, path, constraint component, severity)})
VIOLATING: dict[str, tuple[str, set[tuple[str, str | None, str, str]]]] = {
    "amount-on-a-non-funding": (
        """ex:budget1 a wps:Plan ; rdfs:label "B1"@en ; wps:planCountry country:BE ; dct:temporal ex:period ;
               schema:amount [ a schema:MonetaryAmount ; schema:value 1000.00 ; schema:currency "EUR" ] .
           ex:c-b1 a wps:Claim ; wps:claimSubject ex:budget1 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("budget1", None, "sh:ClassConstraintComponent", "Violation")},
    ),
    "funder-on-a-non-funding": (
        """ex:a-funded a wps:Action ; rdfs:label "A funded"@en ; wps:underPlan ex:plan ; schema:funder ex:ministry .
           ex:c-af a wps:Claim ; wps:claimSubject ex:a-funded ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("a-funded", None, "sh:ClassConstraintComponent", "Violation")},
    ),
    "plan-without-country": (
        """ex:p1 a wps:WPSNationalActionPlan ; rdfs:label "P1"@en ; dct:temporal ex:period .
           ex:c1 a wps:Claim ; wps:claimSubject ex:p1 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("p1", "wps:planCountry", "sh:MinCountConstraintComponent", "Violation")},
    ),
    "plan-without-claim": (
        """ex:p2 a wps:Plan ; rdfs:label "P2"@en ; wps:planCountry country:BE ; dct:temporal ex:period .""",
        {("p2", "^wps:claimSubject", "sh:MinCountConstraintComponent", "Violation")},
    ),
    "plan-without-period-warns": (
        """ex:p3 a wps:Plan ; rdfs:label "P3"@en ; wps:planCountry country:BE .
           ex:c3 a wps:Claim ; wps:claimSubject ex:p3 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("p3", "dct:temporal", "sh:MinCountConstraintComponent", "Warning")},
    ),
    "plan-without-english-label": (
        """ex:p4 a wps:Plan ; rdfs:label "P4"@nl ; wps:planCountry country:BE ; dct:temporal ex:period .
           ex:c4 a wps:Claim ; wps:claimSubject ex:p4 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("p4", "rdfs:label", "sh:QualifiedMinCountConstraintComponent", "Violation")},
    ),
    "objective-without-plan": (
        """ex:o1 a wps:Objective ; rdfs:label "O1"@en ; skos:notation "1" .
           ex:c5 a wps:Claim ; wps:claimSubject ex:o1 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("o1", "wps:objectiveOf", "sh:MinCountConstraintComponent", "Violation")},
    ),
    "action-under-a-plan-as-objective": (
        """ex:a1 a wps:Action ; rdfs:label "A1"@en ; wps:underObjective ex:plan .
           ex:c6 a wps:Claim ; wps:claimSubject ex:a1 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("a1", "wps:underObjective", "sh:ClassConstraintComponent", "Violation")},
    ),
    "action-belonging-nowhere": (
        """ex:a2 a wps:Action ; rdfs:label "A2"@en .
           ex:c7 a wps:Claim ; wps:claimSubject ex:a2 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("a2", None, "sh:OrConstraintComponent", "Violation")},
    ),
    "action-year-not-gyear": (
        """ex:a3 a wps:Action ; rdfs:label "A3"@en ; wps:underPlan ex:plan ; wps:year "2019-01-01"^^xsd:date .
           ex:c8 a wps:Claim ; wps:claimSubject ex:a3 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("a3", "wps:year", "sh:DatatypeConstraintComponent", "Violation")},
    ),
    "funding-without-funder": (
        """ex:f1 a wps:Funding ; wps:recipient ex:ngo ; wps:theme theme:gbv ; schema:amount ex:f1-amount .
           ex:f1-amount a schema:MonetaryAmount ; schema:value 10.00 ; schema:currency "EUR" .
           ex:c9 a wps:Claim ; wps:claimSubject ex:f1 ; wps:claimProperty schema:amount ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("f1", "schema:funder", "sh:MinCountConstraintComponent", "Violation")},
    ),
    "funding-negative-amount": (
        """ex:f2 a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; schema:amount ex:f2-amount .
           ex:f2-amount a schema:MonetaryAmount ; schema:value -10.00 ; schema:currency "EUR" .
           ex:c10 a wps:Claim ; wps:claimSubject ex:f2 ; wps:claimProperty schema:amount ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {
            ("f2-amount", "schema:value", "sh:MinInclusiveConstraintComponent", "Violation"),
            ("f2", "schema:amount", "sh:NodeConstraintComponent", "Violation"),
        },
    ),
    "funding-integer-amount": (
        """ex:f3 a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; schema:amount ex:f3-amount .
           ex:f3-amount a schema:MonetaryAmount ; schema:value 300000 ; schema:currency "EUR" .
           ex:c11 a wps:Claim ; wps:claimSubject ex:f3 ; wps:claimProperty schema:amount ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {
            ("f3-amount", "schema:value", "sh:DatatypeConstraintComponent", "Violation"),
            ("f3", "schema:amount", "sh:NodeConstraintComponent", "Violation"),
        },
    ),
    "funding-currency-not-iso-4217": (
        """ex:f4 a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; schema:amount ex:f4-amount .
           ex:f4-amount a schema:MonetaryAmount ; schema:value 10.00 ; schema:currency "EURO" .
           ex:c12 a wps:Claim ; wps:claimSubject ex:f4 ; wps:claimProperty schema:amount ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {
            ("f4-amount", "schema:currency", "sh:NodeConstraintComponent", "Violation"),
            ("f4", "schema:amount", "sh:NodeConstraintComponent", "Violation"),
        },
    ),
    # A ceiling ("tot 2.000.000 EUR per jaar") is schema:maxValue, in place of the exact value, never beside it.
    "funding-amount-exact-and-ceiling": (
        """ex:f14 a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; schema:amount ex:f14-amount .
           ex:f14-amount a schema:MonetaryAmount ; schema:value 10.00 ; schema:maxValue 20.00 ; schema:currency "EUR" .
           ex:c33 a wps:Claim ; wps:claimSubject ex:f14 ; wps:claimProperty schema:amount ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {
            ("f14-amount", None, "sh:XoneConstraintComponent", "Violation"),
            ("f14", "schema:amount", "sh:NodeConstraintComponent", "Violation"),
        },
    ),
    "funding-amount-without-value-or-ceiling": (
        """ex:f15 a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; schema:amount ex:f15-amount .
           ex:f15-amount a schema:MonetaryAmount ; schema:currency "EUR" .
           ex:c34 a wps:Claim ; wps:claimSubject ex:f15 ; wps:claimProperty schema:amount ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {
            ("f15-amount", None, "sh:XoneConstraintComponent", "Violation"),
            ("f15", "schema:amount", "sh:NodeConstraintComponent", "Violation"),
        },
    ),
    "funding-ceiling-integer": (
        """ex:f16 a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; schema:amount ex:f16-amount .
           ex:f16-amount a schema:MonetaryAmount ; schema:maxValue 2000000 ; schema:currency "EUR" .
           ex:c35 a wps:Claim ; wps:claimSubject ex:f16 ; wps:claimProperty schema:amount ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {
            ("f16-amount", "schema:maxValue", "sh:DatatypeConstraintComponent", "Violation"),
            ("f16", "schema:amount", "sh:NodeConstraintComponent", "Violation"),
        },
    ),
    "funding-parts-exceed-whole": (
        """ex:f5 a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; schema:amount ex:f5-amount .
           ex:f5-amount a schema:MonetaryAmount ; schema:value 100.00 ; schema:currency "EUR" .
           ex:f5a a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; wps:partOf ex:f5 ; schema:amount ex:f5a-amount .
           ex:f5a-amount a schema:MonetaryAmount ; schema:value 101.00 ; schema:currency "EUR" .
           ex:c13 a wps:Claim ; wps:claimSubject ex:f5 , ex:f5a ; wps:claimProperty schema:amount ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("f5", None, "sh:SPARQLConstraintComponent", "Violation")},
    ),
    # Regression: a part in USD was added to the EUR parts of a EUR funding.
    "funding-part-in-another-currency": (
        """ex:f7 a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; schema:amount ex:f7-amount .
           ex:f7-amount a schema:MonetaryAmount ; schema:value 100.00 ; schema:currency "EUR" .
           ex:f7a a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; wps:partOf ex:f7 ; schema:amount ex:f7a-amount .
           ex:f7a-amount a schema:MonetaryAmount ; schema:value 90.00 ; schema:currency "EUR" .
           ex:f7b a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; wps:partOf ex:f7 ; schema:amount ex:f7b-amount .
           ex:f7b-amount a schema:MonetaryAmount ; schema:value 50.00 ; schema:currency "USD" .
           ex:c15 a wps:Claim ; wps:claimSubject ex:f7 , ex:f7a , ex:f7b ; wps:claimProperty schema:amount ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("f7", None, "sh:SPARQLConstraintComponent", "Violation")},
    ),
    # Regression: a funding whose claims support other properties, never its amount, passed.
    "funding-without-amount": (
        """ex:f11 a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv .
           ex:c30 a wps:Claim ; wps:claimSubject ex:f11 ; wps:claimProperty schema:funder ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("f11", None, "sh:XoneConstraintComponent", "Violation")},
    ),
    "funding-with-amount-said-not-stated": (
        """ex:f12 a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; wps:amountStated false ;
               schema:amount [ a schema:MonetaryAmount ; schema:value 5.00 ; schema:currency "EUR" ] .
           ex:c31 a wps:Claim ; wps:claimSubject ex:f12 ; wps:claimProperty schema:amount ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("f12", None, "sh:XoneConstraintComponent", "Violation")},
    ),
    "funding-amount-stated-true": (
        """ex:f13 a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; wps:amountStated true .
           ex:c32 a wps:Claim ; wps:claimSubject ex:f13 ; wps:claimProperty schema:funder ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {
            ("f13", "wps:amountStated", "sh:InConstraintComponent", "Violation"),
            ("f13", None, "sh:XoneConstraintComponent", "Violation"),
        },
    ),
    "funding-amount-without-claim": (
        """ex:f8 a wps:Funding ; schema:funder ex:ministry ; wps:recipient ex:ngo ; wps:theme theme:gbv ; schema:amount ex:f8-amount .
           ex:f8-amount a schema:MonetaryAmount ; schema:value 100.00 ; schema:currency "EUR" .
           ex:c16 a wps:Claim ; wps:claimSubject ex:f8 ; wps:claimProperty schema:funder ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("f8", None, "sh:SPARQLConstraintComponent", "Violation")},
    ),
    "funding-without-theme-or-recipient-warns": (
        """ex:f6 a wps:Funding ; schema:funder ex:ministry ; schema:amount ex:f6-amount .
           ex:f6-amount a schema:MonetaryAmount ; schema:value 1.00 ; schema:currency "EUR" .
           ex:c14 a wps:Claim ; wps:claimSubject ex:f6 ; wps:claimProperty schema:amount ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {
            ("f6", "wps:theme", "sh:MinCountConstraintComponent", "Warning"),
            ("f6", None, "sh:OrConstraintComponent", "Warning"),
        },
    ),
    "country-code-not-iso-3166": (
        """ex:xx a wps:Country ; skos:notation "XX" ; wps:iso3166Alpha2 "XX" ; skos:prefLabel "Nowhere"@en , "Nergens"@nl , "Nulle part"@fr ;
               skos:exactMatch <http://publications.europa.eu/resource/authority/country/XXX> .""",
        {
            ("xx", "skos:notation", "sh:NodeConstraintComponent", "Violation"),
            ("xx", "wps:iso3166Alpha2", "sh:NodeConstraintComponent", "Violation"),
        },
    ),
    "period-start-after-end": (
        """ex:bad-period a dct:PeriodOfTime ; dcat:startDate "2022"^^xsd:gYear ; dcat:endDate "2021-06-30"^^xsd:date .""",
        {("bad-period", None, "sh:SPARQLConstraintComponent", "Violation")},
    ),
    "claim-without-quote": (
        """ex:c20 a wps:Claim ; wps:claimSubject ex:plan ; prov:wasDerivedFrom ex:doc .""",
        {("c20", "wps:quote", "sh:MinCountConstraintComponent", "Violation")},
    ),
    "claim-dutch-quote-without-translation": (
        """ex:c21 a wps:Claim ; wps:claimSubject ex:plan ; prov:wasDerivedFrom ex:doc ; wps:quote "Een citaat zonder vertaling."@nl .""",
        {("c21", None, "sh:SPARQLConstraintComponent", "Violation")},
    ),
    # Regression: an untagged English quote was first told it "is not in English" and needs a rendering.
    "claim-quote-without-language-tag": (
        """ex:c29 a wps:Claim ; wps:claimSubject ex:plan ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough." .""",
        {("c29", "wps:quote", "sh:DatatypeConstraintComponent", "Violation")},
    ),
    "claim-source-not-a-document": (
        """ex:c22 a wps:Claim ; wps:claimSubject ex:plan ; prov:wasDerivedFrom ex:ministry ; wps:quote "A quote long enough."@en .""",
        {("c22", "prov:wasDerivedFrom", "sh:ClassConstraintComponent", "Violation")},
    ),
    "claim-value-not-on-subject": (
        """ex:c23 a wps:Claim ; wps:claimSubject ex:plan ; wps:claimProperty dct:temporal ; wps:claimValue ex:other-period ;
               prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("c23", None, "sh:SPARQLConstraintComponent", "Violation")},
    ),
    "figure-parts-exceed-total": (
        """ex:fig2 a wps:ReportedFigure ; wps:indicator ex:indicator ; wps:value 5 ; wps:valueWomen 3 ; wps:valueMen 3 ; wps:year "2023"^^xsd:gYear .
           ex:c24 a wps:Claim ; wps:claimSubject ex:fig2 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("fig2", None, "sh:SPARQLConstraintComponent", "Violation")},
    ),
    # Regression: the peacekeeping figures' categories ("staff officer") had no language tag.
    "figure-category-without-language": (
        """ex:fig3 a wps:ReportedFigure ; wps:indicator ex:indicator ; wps:value 4 ; wps:category "staff officer" ;
               wps:year "2023"^^xsd:gYear .
           ex:c26 a wps:Claim ; wps:claimSubject ex:fig3 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("fig3", "wps:category", "sh:DatatypeConstraintComponent", "Violation")},
    ),
    "figure-parts-exceed-their-total": (
        """ex:fig4 a wps:ReportedFigure ; wps:indicator ex:indicator ; wps:value 5 ; wps:year "2023"^^xsd:gYear .
           ex:fig5 a wps:ReportedFigure ; wps:indicator ex:indicator ; wps:value 4 ; wps:partOf ex:fig4 ; wps:year "2023"^^xsd:gYear .
           ex:fig6 a wps:ReportedFigure ; wps:indicator ex:indicator ; wps:value 2 ; wps:partOf ex:fig4 ; wps:year "2023"^^xsd:gYear .
           ex:c27 a wps:Claim ; wps:claimSubject ex:fig4 , ex:fig5 , ex:fig6 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("fig4", None, "sh:SPARQLConstraintComponent", "Violation")},
    ),
    "figure-part-of-a-funding": (
        """ex:fig7 a wps:ReportedFigure ; wps:indicator ex:indicator ; wps:value 4 ; wps:partOf ex:funding ; wps:year "2023"^^xsd:gYear .
           ex:c28 a wps:Claim ; wps:claimSubject ex:fig7 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("fig7", "wps:partOf", "sh:ClassConstraintComponent", "Violation")},
    ),
    "membership-without-member": (
        """ex:m2 a wps:Membership ; org:organization ex:ngo ; wps:membershipRole role:chair .
           ex:c25 a wps:Claim ; wps:claimSubject ex:m2 ; prov:wasDerivedFrom ex:doc ; wps:quote "A quote long enough."@en .""",
        {("m2", "org:member", "sh:MinCountConstraintComponent", "Violation")},
    ),
    "source-document-bad-file-name": (
        """ex:doc2 a wps:SourceDocument ; dct:title "T"@en ; wps:fileName "../etc/passwd" ; dct:publisher ex:ministry ;
               dct:language <http://publications.europa.eu/resource/authority/language/ENG> ; dct:type doctype:press-release .""",
        {("doc2", "wps:fileName", "sh:PatternConstraintComponent", "Violation")},
    ),
    # Regression: a document titled only in its own language dropped out of every query's source column.
    "source-document-without-english-title": (
        """ex:doc3 a wps:SourceDocument ; dct:title "Voortgangsrapportage"@nl ; wps:fileName "doc3.nl.txt" ;
               dct:publisher ex:ministry ; dct:type doctype:press-release ;
               dct:language <http://publications.europa.eu/resource/authority/language/NLD> .""",
        {("doc3", "dct:title", "sh:QualifiedMinCountConstraintComponent", "Violation")},
    ),
    "resolution-bad-symbol": (
        """ex:r1 a wps:UNSCResolution ; rdfs:label "R1"@en ; skos:notation "1325" ; wps:resolutionNumber 1325 ; wps:year "2000"^^xsd:gYear .""",
        {("r1", "skos:notation", "sh:PatternConstraintComponent", "Violation")},
    ),
    "theme-bad-notation": (
        """ex:t1 a wps:Theme ; skos:notation "Not Valid" ; skos:inScheme <https://w3id.org/wpskg/vocab/theme> .""",
        {("t1", "skos:notation", "sh:PatternConstraintComponent", "Violation")},
    ),
    "code-without-scheme": (
        """ex:code1 a wps:CodeConcept ; skos:notation "9" .""",
        {("code1", "skos:inScheme", "sh:MinCountConstraintComponent", "Violation")},
    ),
    "actor-without-english-label": (
        """ex:actor1 a wps:State ; rdfs:label "Staat"@nl .""",
        {("actor1", "rdfs:label", "sh:QualifiedMinCountConstraintComponent", "Violation")},
    ),
    # Regression: a second English name of an actor ("UN Women", "UN-Women") passed, and every list
    # of the actor showed both ("UN Women | UN-Women").
    "actor-with-two-english-names": (
        """ex:actor2 a wps:State ; rdfs:label "UN Women"@en , "UN-Women"@en , "UN Women"@nl .""",
        {("actor2", "rdfs:label", "sh:UniqueLangConstraintComponent", "Violation")},
    ),
    "indicator-without-label": (
        """ex:ind2 a wps:Indicator ; skos:definition "Counts things."@en .""",
        {("ind2", "rdfs:label", "sh:QualifiedMinCountConstraintComponent", "Violation")},
    ),
    "currency-code-not-iso-4217": (
        """ex:cur1 a wps:Currency ; skos:notation "EURO" ; skos:prefLabel "Euro"@en .""",
        {("cur1", "skos:notation", "sh:NodeConstraintComponent", "Violation")},
    ),
    "series-without-label": (
        """ex:series2 a wps:PlanSeries .""",
        {("series2", "rdfs:label", "sh:QualifiedMinCountConstraintComponent", "Violation")},
    ),
}

VOCAB = ("wpskg.ttl", "themes.ttl", "codes.ttl", "iati.ttl", "resolutions.ttl")
COUNTRIES = """
country:BE a wps:Country ; skos:notation "BE" ; wps:iso3166Alpha2 "BE" ; skos:prefLabel "Belgium"@en , "België"@nl , "Belgique"@fr ;
    skos:exactMatch <http://publications.europa.eu/resource/authority/country/BEL> .
country:ML a wps:Country ; skos:notation "ML" ; wps:iso3166Alpha2 "ML" ; skos:prefLabel "Mali"@en , "Mali"@nl , "Mali"@fr ;
    skos:exactMatch <http://publications.europa.eu/resource/authority/country/MLI> .
"""
EX = "https://example.org/test/"


def _validate(project: Project, body: str, engine: str) -> list:
    graph = Graph()
    for path in project.ontology_files:
        if path.name in VOCAB:
            graph.add_document(loaders.load(path))
    graph.add_document(loaders.load_bytes((PREFIXES + COUNTRIES + body).encode(), "examples.ttl"))
    infer(graph)
    return validate_graph(graph, load_shapes(project), engine=engine)


def _results(problems: list, focus_names: set[str]) -> set[tuple[str, str | None, str, str]]:
    out = set()
    for p in problems:
        if p.focus.startswith(EX) and p.focus[len(EX) :] in focus_names:
            out.add((p.focus[len(EX) :], p.path, p.component, p.severity))
    return out


def _focus_names(turtle: str) -> set[str]:
    import re

    return set(re.findall(r"ex:([A-Za-z0-9-]+)", turtle))


@pytest.fixture(scope="module", params=["compiled", "pyshacl"])
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def valid_results(project: Project, engine: str) -> list:
    return _validate(project, VALID, engine)


@pytest.fixture(scope="module")
def violating_results(project: Project, engine: str) -> list:
    return _validate(project, VALID + "\n".join(t for t, _ in VIOLATING.values()), engine)


def test_valid_example_conforms_without_warnings(valid_results: list) -> None:
    assert [(p.focus, p.path, p.message) for p in valid_results] == []


@pytest.mark.parametrize("name", sorted(VIOLATING))
def test_violating_example_gives_exact_result(name: str, violating_results: list) -> None:
    _, expected = VIOLATING[name]
    own = {f for f, *_ in expected}
    assert _results(violating_results, own) == expected


def test_violating_examples_leave_the_valid_part_alone(violating_results: list) -> None:
    names = _focus_names(VALID)
    assert _results(violating_results, names) == set()


def test_every_shape_has_a_violating_example(project: Project) -> None:
    """Each node shape of the project is exercised by at least one violating example."""
    shapes = load_shapes(project)
    rows = shapes.select(
        "SELECT ?s WHERE { ?s a <http://www.w3.org/ns/shacl#NodeShape> . "
        "FILTER(STRSTARTS(STR(?s), 'https://w3id.org/wpskg/shapes#')) }"
    )
    names = {r["s"].value.rsplit("#", 1)[1] for r in rows}
    exercised = {
        "PlanShape",
        "ObjectiveShape",
        "ActionShape",
        "FundingShape",
        "MonetaryAmountShape",
        "AmountHolderShape",
        "FunderHolderShape",
        "FundingAmountShape",
        "FundingAmountClaimShape",
        "FundingPartsShape",
        "ResolutionShape",
        "UNSCResolutionShape",
        "IndicatorShape",
        "ReportedFigureShape",
        "ReportedFigureSumShape",
        "MembershipShape",
        "CountryShape",
        "ThemeShape",
        "CodeShape",
        "PeriodShape",
        "SourceDocumentShape",
        "ClaimShape",
        "ActorShape",
        "OrganisationTypeShape",
        "PlanSeriesShape",
        "CurrencyShape",
        "ISO3166Alpha2Code",
        "ISO4217CurrencyCode",
    }
    assert names <= exercised, f"shapes without an example: {sorted(names - exercised)}"


def test_shape_messages_are_present(project: Project) -> None:
    """Every constraint a curator can trip carries a message."""
    shapes = load_shapes(project)
    rows = shapes.select(
        """PREFIX sh: <http://www.w3.org/ns/shacl#>
           SELECT ?p WHERE { ?s sh:property ?p . FILTER NOT EXISTS { ?p sh:message ?m } }"""
    )
    assert rows == []


def test_example_file_exists_for_docs() -> None:
    assert Path(__file__).exists()


@pytest.mark.parametrize("engine", ["compiled", "pyshacl"])
def test_parts_in_another_currency_are_not_added_to_the_whole(project: Project, engine: str) -> None:
    """Regression: a part in USD was added to the EUR parts of a EUR funding ("add up to more")."""
    body = VALID + VIOLATING["funding-part-in-another-currency"][0]
    messages = {p.message for p in _validate(project, body, engine) if p.focus == EX + "f7"}
    assert len(messages) == 1 and "in another currency than the funding" in messages.pop()


@pytest.mark.parametrize(
    ("body", "wrong", "right"),
    [
        ('ex:p a dct:PeriodOfTime ; dcat:startDate "2019" .', "at most one start", "not the plain text"),
        (
            "ex:a a wps:GovernmentBody ; rdfs:label 'A'@en ; wps:iatiOrganisationType iatiorg:99 .",
            "at most one",
            "none of the code lists",
        ),
    ],
    ids=["untyped-start", "unknown-iati-code"],
)
def test_a_shape_message_names_the_mistake_made(
    project: Project, engine: str, body: str, wrong: str, right: str
) -> None:
    """Regression (curator audit, session 31): an untyped start said "A period has at most one start",
    and an unknown IATI code "An actor has at most one IATI organisation type"."""
    messages = [p.message for p in _validate(project, body, engine) if p.focus.startswith(EX)]
    assert any(right in m for m in messages) and not any(wrong in m for m in messages), messages
