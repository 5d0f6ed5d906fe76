"""The ontology is consistent, documented, and self-contained."""

from __future__ import annotations

import re

import owlrl
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from support import in_words

from wpskg import loaders, queries
from wpskg.namespaces import WPS
from wpskg.project import Project
from wpskg.store import INFERENCE_RULES, Graph

ONT = "https://w3id.org/wpskg/ont#"
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology(project: Project) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(project.root / "ontology" / "wpskg.ttl", format="turtle")
    return g


@pytest.fixture(scope="module")
def closure(graph: Graph) -> rdflib.Graph:
    """The OWL 2 RL closure of ontology, vocabularies and instances."""
    g = graph.to_rdflib()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False).expand(g)
    return g


def _own_terms(ontology: rdflib.Graph) -> set[rdflib.URIRef]:
    return {s for kind in KINDS for s in ontology.subjects(RDF.type, kind) if str(s).startswith(ONT)}


def test_ontology_header(ontology: rdflib.Graph) -> None:
    onto = rdflib.URIRef("https://w3id.org/wpskg/ont")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    version_iri = ontology.value(onto, OWL.versionIRI)
    version = ontology.value(onto, OWL.versionInfo)
    assert version_iri is not None and str(version_iri).endswith(str(version))
    assert not list(ontology.objects(onto, OWL.imports)), "nothing is imported over the network"


def test_no_owl_nothing_members(closure: rdflib.Graph) -> None:
    assert list(closure.subjects(RDF.type, OWL.Nothing)) == []


def test_no_disjointness_clash(closure: rdflib.Graph) -> None:
    """owlrl records inconsistencies as owlrl:error annotations; a disjointness clash is one."""
    errors = [str(o) for o in closure.objects(None, rdflib.URIRef("http://www.w3.org/2002/07/owl#Nothing"))]
    assert errors == []
    clashes = closure.query(
        """PREFIX owl: <http://www.w3.org/2002/07/owl#>
           SELECT ?x ?a ?b WHERE { ?a owl:disjointWith ?b . ?x a ?a , ?b }"""
    )
    assert list(clashes) == []


def test_the_closure_would_catch_a_disjointness_clash(project: Project) -> None:
    """The consistency check can fail: an actor that is also a plan is caught."""
    g = rdflib.Graph()
    g.parse(project.root / "ontology" / "wpskg.ttl", format="turtle")
    g.add((rdflib.URIRef("https://example.org/x"), RDF.type, WPS.GovernmentBody))
    g.add((rdflib.URIRef("https://example.org/x"), RDF.type, WPS.WPSNationalActionPlan))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    clashes = g.query(
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> SELECT ?x WHERE { ?a owl:disjointWith ?b . ?x a ?a , ?b }"
    )
    assert {str(r[0]) for r in clashes} == {"https://example.org/x"}


def test_every_term_has_english_label_and_definition(ontology: rdflib.Graph) -> None:
    missing = []
    for term in sorted(_own_terms(ontology)):
        labels = [lab for lab in ontology.objects(term, RDFS.label) if getattr(lab, "language", None) == "en"]
        definitions = list(ontology.objects(term, SKOS.definition))
        if not labels or not definitions:
            missing.append(str(term))
    assert missing == []


def test_external_terms_used_are_documented_too(ontology: rdflib.Graph) -> None:
    """Declared external classes and properties carry a label and definition as well."""
    undocumented = [
        str(s)
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, rdflib.URIRef)
        and (ontology.value(s, RDFS.label) is None or ontology.value(s, SKOS.definition) is None)
    ]
    assert undocumented == []


def test_main_classes_have_dutch_and_french_labels(ontology: rdflib.Graph) -> None:
    for name in (
        "Plan",
        "Objective",
        "Action",
        "Actor",
        "Funding",
        "Resolution",
        "Country",
        "Theme",
        "SourceDocument",
        "Claim",
    ):
        languages = {lab.language for lab in ontology.objects(WPS[name], RDFS.label)}
        assert {"en", "nl", "fr"} <= languages, name


def test_properties_have_domain_or_range(ontology: rdflib.Graph) -> None:
    bare = [
        str(p)
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for p in ontology.subjects(RDF.type, kind)
        if str(p).startswith(ONT) and ontology.value(p, RDFS.domain) is None and ontology.value(p, RDFS.range) is None
    ]
    assert bare == []


def test_each_own_term_has_one_kind(ontology: rdflib.Graph) -> None:
    """No punning: a term is a class or one kind of property, never two (OWL 2 DL)."""
    punned = [str(t) for t in _own_terms(ontology) if len({k for k in KINDS if (t, RDF.type, k) in ontology}) != 1]
    assert punned == []


def test_no_undeclared_own_terms_anywhere(project: Project, ontology: rdflib.Graph) -> None:
    """Every wps: IRI used in ontology, vocabularies, instances, shapes and queries is declared."""
    declared = {str(t) for t in _own_terms(ontology)}
    used: dict[str, str] = {}
    files = project.ontology_files + project.instance_files + project.shape_files
    for path in files:
        for quad in loaders.load(path).quads:
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(ONT):
                    used.setdefault(term.value, str(path))
    for path in sorted(project.query_dir.glob("*.rq")) + project.violation_queries:
        for local in re.findall(r"\bwps:([A-Za-z][A-Za-z0-9_]*)", path.read_text(encoding="utf-8")):
            used.setdefault(ONT + local, str(path))
    undeclared = {term: where for term, where in used.items() if term not in declared}
    assert undeclared == {}


def test_every_actor_role_is_a_concept_marked_on_a_property_and_a_value_of_the_actors_query(
    project: Project,
) -> None:
    """The actor-role code list, the wps:actorRole marks and the actors query's role values agree."""
    g = rdflib.Graph()
    for path in project.ontology_files:
        g.parse(path, format="turtle")
    scheme = rdflib.URIRef("https://w3id.org/wpskg/vocab/actor-role")
    concepts = set(g.subjects(SKOS.inScheme, scheme))
    notations = {str(g.value(c, SKOS.notation)) for c in concepts}
    marked = set(g.objects(None, rdflib.URIRef(ONT + "actorRole")))
    assert concepts and marked == concepts, "every role is marked on a property, and only roles are"
    for concept in concepts:
        assert {lbl.language for lbl in g.objects(concept, SKOS.prefLabel)} >= {"en", "nl", "fr"}, concept
    (role,) = [p for p in queries.load_queries(project.query_dir)["actors"].params if p.name == "role"]
    assert set(role.values or []) == notations
    # The roles that make an actor part of a plan (wps:involves) are roles of the list,
    # and the two that concern documents and bodies, not plans, are not among them.
    in_plan = set(g.objects(rdflib.URIRef(str(scheme) + "/in-plan"), SKOS.member))
    assert in_plan and in_plan <= concepts
    assert {str(g.value(c, SKOS.notation)) for c in concepts - in_plan} == {"member", "publisher"}


def test_the_changelog_names_the_ontology_version(project: Project, ontology: rdflib.Graph) -> None:
    version = str(ontology.value(rdflib.URIRef("https://w3id.org/wpskg/ont"), OWL.versionInfo))
    changes = (project.root / "ontology" / "CHANGES.md").read_text(encoding="utf-8")
    assert f"## {version} (" in changes


def test_the_readme_names_the_ontology_version_and_counts_the_inference_rules(
    project: Project, ontology: rdflib.Graph
) -> None:
    """Regression: the README gave version IRI 0.5.0 and "five" inferences after 0.8.0 and seven rules."""
    readme = (project.root / "README.md").read_text(encoding="utf-8")
    version = ontology.value(rdflib.URIRef("https://w3id.org/wpskg/ont"), OWL.versionIRI)
    assert f"(version IRI `{version}`)" in readme
    assert f"`wpskg build` infers {in_words(len(INFERENCE_RULES))} things and only these" in readme
