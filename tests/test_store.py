"""The store: exact literals beside the canonicalising pyoxigraph store, inference, and query limits."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from wpskg import loaders, synth
from wpskg.errors import QueryError, QueryTimeout, RowCapExceeded, WorkerDied
from wpskg.project import Project
from wpskg.store import Graph, infer, run_query

DATA = b"""
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:Sub rdfs:subClassOf ex:Super . ex:Super rdfs:subClassOf ex:Top .
ex:has owl:inverseOf ex:of .
ex:x a ex:Sub ; ex:has ex:y ; ex:amount "300000.00"^^xsd:decimal ; ex:n "01"^^xsd:integer , "1"^^xsd:integer .
"""


@pytest.fixture()
def graph() -> Graph:
    g = Graph()
    g.add_document(loaders.load_bytes(DATA, "t.ttl"))
    return g


def test_exact_literals_are_kept_beside_the_store(graph: Graph) -> None:
    values = {t.object.value for t in graph.triples() if isinstance(t.object, ox.Literal)}
    assert {"300000.00", "01", "1"} <= values
    in_store = {q.object.value for q in graph.store if isinstance(q.object, ox.Literal)}
    assert "300000.00" not in in_store, "pyoxigraph's store canonicalises; exports must not read it"


def test_inference_adds_superclasses_and_inverses_only(graph: Graph) -> None:
    added = infer(graph)
    inferred = {(t.subject.value, t.predicate.value, t.object.value) for t in graph.inferred}
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert inferred == {
        ("https://example.org/x", rdf_type, "https://example.org/Super"),
        ("https://example.org/x", rdf_type, "https://example.org/Top"),
        ("https://example.org/y", "https://example.org/of", "https://example.org/x"),
    }
    assert added == len(inferred)


def test_select_ask_construct(graph: Graph) -> None:
    sel = run_query(graph, "SELECT ?o WHERE { <https://example.org/x> <https://example.org/has> ?o }")
    assert sel.kind == "select" and sel.rows == [[ox.NamedNode("https://example.org/y")]]
    assert run_query(graph, "ASK { ?s ?p ?o }").boolean is True
    con = run_query(graph, "CONSTRUCT { ?s <https://example.org/p> ?o } WHERE { ?s <https://example.org/has> ?o }")
    assert con.kind == "graph" and len(con.triples) == 1


def test_time_limit_stops_a_runaway_query(graph: Graph) -> None:
    big = Graph()
    big.add_quads(
        ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), ox.NamedNode("https://example.org/p"), ox.Literal(str(i)))
        for i in range(2000)
    )
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        run_query(big, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=1)


def test_row_cap_is_an_error_not_a_truncation(graph: Graph) -> None:
    with pytest.raises(RowCapExceeded, match="more than 2 rows"):
        run_query(graph, "SELECT * WHERE { ?s ?p ?o }", max_rows=2)


def test_memory_limit_stops_a_query_that_grows_strings() -> None:
    big = Graph()
    big.add_quads(
        ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), ox.NamedNode("https://example.org/p"), ox.Literal("x" * 50))
        for i in range(3000)
    )
    query = "SELECT (STRLEN(GROUP_CONCAT(?x)) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . BIND(CONCAT(?c, ?f) AS ?x) }"
    with pytest.raises((WorkerDied, QueryError)):
        run_query(big, query, timeout=60, memory=200 * 1024 * 1024)


def test_syntax_error_is_a_query_error(graph: Graph) -> None:
    with pytest.raises(QueryError, match="syntax error"):
        run_query(graph, "SELEC nothing")


def test_query_worker_has_no_network_even_if_a_service_call_slips_through() -> None:
    """Second line of defence: the worker runs in an empty network namespace (where Linux allows it)."""
    import socket
    import threading

    from wpskg.netguard import isolate

    probe = ox.Store()
    ctx = __import__("multiprocessing").get_context("fork")
    result = ctx.Queue()
    proc = ctx.Process(target=lambda: result.put(isolate()))
    proc.start()
    proc.join(10)
    if not result.get(timeout=5):
        pytest.skip("unprivileged network namespaces are not available here")
    hits: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(5)

    def accept() -> None:
        try:
            conn, _ = server.accept()
            hits.append(conn.recv(100))
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    port = server.getsockname()[1]
    graph = Graph(store=probe)
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryError):
        run_query(graph, query, timeout=4)  # run_query itself does not check; the guard does, before
    server.close()
    thread.join()
    assert hits == []


ROLES = b"""
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix schema: <https://schema.org/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix actorrole: <https://w3id.org/wpskg/vocab/actor-role/> .
@prefix ex: <https://example.org/> .
wps:hasObjective <http://www.w3.org/2002/07/owl#inverseOf> wps:objectiveOf .
wps:coordinator wps:actorRole actorrole:coordinator . wps:responsibleActor wps:actorRole actorrole:responsible .
schema:funder wps:actorRole actorrole:funder . dct:publisher wps:actorRole actorrole:publisher .
ex:monitor wps:actorRole ex:monitoring .
actorrole:in-plan skos:member actorrole:coordinator , actorrole:responsible , actorrole:funder , ex:monitoring .
ex:indicator wps:underPlan ex:plan ; ex:monitor ex:watchdog ; ex:unmarked ex:bystander .
ex:watchdog a wps:Actor . ex:bystander a wps:Actor .
ex:plan a wps:Plan ; wps:coordinator ex:coordinator ; wps:hasObjective ex:objective .
ex:action wps:underObjective ex:objective ; wps:responsibleActor ex:responsible .
ex:funding wps:underPlan ex:plan ; schema:funder ex:funder .
ex:orphan wps:underObjective ex:no-plan-objective ; wps:responsibleActor ex:stray .
ex:report dct:publisher ex:publisher ; wps:underPlan ex:plan .
ex:not-a-plan wps:coordinator ex:elsewhere .
ex:coordinator a wps:Actor . ex:responsible a wps:Actor . ex:funder a wps:Actor .
ex:stray a wps:Actor . ex:publisher a wps:Actor . ex:elsewhere a wps:Actor .
"""


def inferred_links(data: bytes, predicate: str) -> set[tuple[str, str]]:
    """The (subject, object) IRIs of the ``wps:`` (or a full IRI's) links that :func:`infer` adds to ``data``."""
    g = Graph()
    g.add_document(loaders.load_bytes(data, "data.ttl"))
    infer(g)
    iri = predicate if "://" in predicate else "https://w3id.org/wpskg/ont#" + predicate
    return {(t.subject.value, t.object.value) for t in g.inferred if t.predicate.value == iri}


def test_inference_links_an_actor_to_the_plans_it_holds_a_role_in() -> None:
    links = {(actor, plan) for plan, actor in inferred_links(ROLES, "involves")}
    plan = "https://example.org/plan"
    # Through the plan, an objective (objectiveOf is itself inferred) and underPlan, for every
    # property marked with a role of the in-plan collection, a new one (ex:monitor) too; not
    # an action of no plan, a publisher (marked, but not a plan role), an unmarked property
    # or a coordinator of a non-plan.
    assert links == {
        ("https://example.org/coordinator", plan),
        ("https://example.org/responsible", plan),
        ("https://example.org/funder", plan),
        ("https://example.org/watchdog", plan),
    }


def test_inference_links_a_thing_to_its_plan_directly_or_through_its_objective() -> None:
    ex = "https://example.org/"
    # An action under an objective (objectiveOf is itself inferred), fundings and reports under
    # the plan; not the thing under an objective of no plan.
    assert inferred_links(ROLES, "inPlan") == {
        (ex + "action", ex + "plan"),
        (ex + "funding", ex + "plan"),
        (ex + "indicator", ex + "plan"),
        (ex + "report", ex + "plan"),
    }


ASSOCIATED = b"""
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
wps:responsibleActor rdfs:subPropertyOf prov:wasAssociatedWith .
wps:partnerActor rdfs:subPropertyOf prov:wasAssociatedWith .
ex:action wps:responsibleActor ex:ministry ; wps:partnerActor ex:ministry , ex:ngo ; wps:theme ex:gbv .
"""


def test_inference_gives_an_action_its_actors_as_prov_associations() -> None:
    ex = "https://example.org/"
    links = inferred_links(ASSOCIATED, "http://www.w3.org/ns/prov#wasAssociatedWith")
    # Each actor once, whatever its roles; not a value of another property.
    assert links == {(ex + "action", ex + "ministry"), (ex + "action", ex + "ngo")}


SPATIAL = b"""
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
wps:planCountry rdfs:subPropertyOf dct:spatial . wps:country rdfs:subPropertyOf dct:spatial .
wps:focusCountry rdfs:range wps:Country .
ex:plan wps:planCountry ex:be ; wps:focusCountry ex:ml . ex:action wps:country ex:ml , "Mali" .
"""


def test_inference_gives_a_plan_and_an_action_their_country_as_dct_spatial() -> None:
    """DOMAIN.md's ?plan dct:spatial ?country gave no rows: the data says wps:planCountry."""
    ex = "https://example.org/"
    links = inferred_links(SPATIAL, "http://purl.org/dc/terms/spatial")
    # not a focus country (not a subproperty), and never a literal
    assert links == {(ex + "plan", ex + "be"), (ex + "action", ex + "ml")}


SUPERPROPERTIES = b"""
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
wps:membershipRole rdfs:subPropertyOf org:role .
wps:negotiated rdfs:subPropertyOf wps:referencesResolution .
ex:narrow rdfs:subPropertyOf ex:middle . ex:middle rdfs:subPropertyOf ex:broad .
ex:membership wps:membershipRole ex:chair .
ex:belgium wps:negotiated ex:res-2467 .
ex:a ex:narrow ex:b , "text" .
"""


def test_inference_gives_every_superproperty_of_an_iri_valued_statement() -> None:
    """Regression: only prov:wasAssociatedWith and dct:spatial were inferred from their
    subproperties, so ?x wps:referencesResolution res:2467 left out Belgium, which negotiated it,
    and org:role found no membership's role."""
    ex = "https://example.org/"
    assert inferred_links(SUPERPROPERTIES, "http://www.w3.org/ns/org#role") == {(ex + "membership", ex + "chair")}
    assert inferred_links(SUPERPROPERTIES, "referencesResolution") == {(ex + "belgium", ex + "res-2467")}
    # through a chain of subproperties, and never for a literal
    assert inferred_links(SUPERPROPERTIES, ex + "broad") == {(ex + "a", ex + "b")}
    assert inferred_links(SUPERPROPERTIES, ex + "middle") == {(ex + "a", ex + "b")}


THEMES = b"""
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/> .
ex:gbv a wps:Theme . ex:crsv a wps:Theme ; skos:broader ex:gbv . ex:in-war a wps:Theme ; skos:broader ex:crsv .
ex:loop-a a wps:Theme ; skos:broader ex:loop-b . ex:loop-b a wps:Theme ; skos:broader ex:loop-a .
ex:action wps:theme ex:crsv . ex:funding wps:theme ex:gbv , ex:in-war . ex:plan wps:theme ex:loop-a .
ex:untyped wps:theme ex:not-a-theme .
"""


def test_inference_puts_a_thing_in_its_themes_and_every_broader_one() -> None:
    ex = "https://example.org/"
    # crsv is in gbv; in-war in crsv and gbv, each link once; a cycle of broader themes ends;
    # a value that is not a wps:Theme gives nothing.
    assert inferred_links(THEMES, "inTheme") == {
        (ex + "action", ex + "crsv"),
        (ex + "action", ex + "gbv"),
        (ex + "funding", ex + "gbv"),
        (ex + "funding", ex + "in-war"),
        (ex + "funding", ex + "crsv"),
        (ex + "plan", ex + "loop-a"),
        (ex + "plan", ex + "loop-b"),
    }


PLAN_THEMES = b"""
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix ex: <https://example.org/> .
ex:objective wps:objectiveOf ex:plan ; wps:theme ex:participation .
ex:action wps:underObjective ex:objective ; wps:theme ex:crsv , ex:gbv .
ex:funding wps:underPlan ex:plan ; wps:theme ex:crsv .
ex:stray wps:theme ex:relief .
ex:other-plan a wps:Plan ; wps:theme ex:peacekeeping .
"""


def test_inference_gives_a_plan_its_own_themes_and_those_of_its_objectives_and_things() -> None:
    """Regression: a theme that the source gives the plan itself (NAP 4's "action lines on climate
    change") or one of its objectives was not among the plan's themes, so plan-summary
    --param theme=climate left the plan out."""
    ex = "https://example.org/"
    # The themes of its action (through the objective) and funding, each once, and those of its
    # objective and of the plan itself; not those of a thing in no plan.
    assert inferred_links(PLAN_THEMES, "coversTheme") == {
        (ex + "plan", ex + "crsv"),
        (ex + "plan", ex + "gbv"),
        (ex + "plan", ex + "participation"),
        (ex + "other-plan", ex + "peacekeeping"),
    }


MARKED_ROLES = b"""
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix ex: <https://example.org/> .
wps:coordinator wps:actorRole ex:coordinating .
ex:sponsor wps:actorRole ex:sponsoring .
ex:plan wps:coordinator ex:ministry ; ex:sponsor ex:ministry , ex:fund ; ex:unmarked ex:network .
ex:other-plan wps:coordinator ex:ministry , ex:not-an-actor .
ex:ministry a wps:Actor . ex:fund a wps:Actor . ex:network a wps:Actor .
"""


def test_inference_gives_each_actor_the_roles_marked_on_its_properties() -> None:
    links = sorted(inferred_links(MARKED_ROLES, "holdsRole"))
    ex = "https://example.org/"
    # A new property marked with a role counts as well (ex:sponsor); a role held twice is
    # linked once; no role from an unmarked property, none for a value that is not an actor.
    assert links == [
        (ex + "fund", ex + "sponsoring"),
        (ex + "ministry", ex + "coordinating"),
        (ex + "ministry", ex + "sponsoring"),
    ]


DISPUTES = b"""
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
dct:temporal wps:singleValued true . wps:year wps:singleValued true . wps:adoptedOn wps:singleValued true .
ex:two-periods dct:temporal ex:p2008-2012 , ex:p2009-2012 .
ex:two-years wps:year "2002"^^xsd:gYear , "2004"^^xsd:gYear .
ex:refined wps:adoptedOn "2017"^^xsd:gYear , "2017-07"^^xsd:gYearMonth .
ex:refined-and-other wps:adoptedOn "2017"^^xsd:gYear , "2017-07"^^xsd:gYearMonth , "2018-03"^^xsd:gYearMonth .
ex:one-period dct:temporal ex:p2010-2014 .
ex:many-titles dct:title "A"@en , "B"@en .
"""


def test_inference_marks_the_properties_on_which_the_sources_disagree() -> None:
    ex = "https://example.org/"
    assert inferred_links(DISPUTES, "disputedProperty") == {
        (ex + "two-periods", "http://purl.org/dc/terms/temporal"),
        (ex + "two-years", "https://w3id.org/wpskg/ont#year"),
        # 2017 refines nothing it disagrees with, but 2018-03 disagrees with both
        (ex + "refined-and-other", "https://w3id.org/wpskg/ont#adoptedOn"),
    }
    # Not a date and the date that refines it (2017, 2017-07), one value, or a property
    # that may have several values (dct:title is not marked single-valued).


def test_inference_adds_no_per_plan_links_to_shared_actors(project: Project) -> None:
    """Regression: wps:involvedIn on the actor gave UN agencies ~600 triples each at 1000 plans.

    pyoxigraph finds a subject's values by walking all of its triples, so every lookup of
    such an actor's name became 15x slower. The per-plan link is written on the plan.
    """
    g = Graph()
    g.load_files(project.ontology_files, project)
    g.add_quads(ox.parse(synth.synthesize(100, seed=1)[0].encode(), format=ox.RdfFormat.TURTLE))
    infer(g)
    actors = {s.value for (s,) in g.store.query("SELECT ?a WHERE { ?a a <https://w3id.org/wpskg/ont#Actor> }")}
    on_actors = Counter(t.subject.value for t in g.inferred if t.subject.value in actors)
    busiest, count = on_actors.most_common(1)[0]
    # Its types and roles; a link per plan would be dozens here (100 plans).
    assert count <= 16, (busiest, count)


AMOUNT = """@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix dcat: <http://www.w3.org/ns/dcat#> .
<https://example.org/f> schema:amount [ a schema:MonetaryAmount ; schema:value {value} ; schema:currency "EUR" ] ;
    dct:temporal [ dcat:startDate "2019"^^xsd:gYear ; dct:source [ schema:name "a" ] ] .
"""


@pytest.mark.parametrize(("second", "amounts"), [("1000.0", 1), ("1000.00", 1), ("2000.00", 2)])
def test_a_blank_node_that_two_files_give_a_subject_word_for_word_is_one(second: str, amounts: int) -> None:
    """Regression (curator audit, session 31): the same amount of a funding in two files was two blank
    nodes, so `wpskg validate docs/examples/funding.ttl` said the funding had two amounts; a
    different amount is still a second one."""
    graph = Graph()
    graph.add_document(loaders.load_bytes(AMOUNT.replace("{value}", "1000.00").encode(), "a.ttl"))
    graph.add_document(loaders.load_bytes(AMOUNT.replace("{value}", second).encode(), "b.ttl"))
    f = ox.NamedNode("https://example.org/f")
    assert len(list(graph.store.quads_for_pattern(f, ox.NamedNode("https://schema.org/amount"), None))) == amounts
    periods = list(graph.store.quads_for_pattern(f, ox.NamedNode("http://purl.org/dc/terms/temporal"), None))
    assert len(periods) == 1  # a blank node inside a blank node compares by what is said of it
    assert len(graph.asserted) == len(graph.store) == (8 if amounts == 1 else 12)
