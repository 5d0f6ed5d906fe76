"""The embedded pyoxigraph store: loading a data project, inference, and queries with limits."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib

from . import loaders
from .bulk import paused_gc
from .errors import (
    AnswerTooLarge,
    InputError,
    InputErrors,
    QueryError,
    QuerySyntaxError,
    RowCapExceeded,
    WpskgError,
)
from .project import Project
from .workers import ROW_TOO_LONG, WORKER_MEMORY, WorkerPool

#: Default wall-clock limit for one query, in seconds.
DEFAULT_TIMEOUT = 30.0
#: Default cap on result rows.
DEFAULT_MAX_ROWS = 100_000


@dataclass
class Origin:
    """Which file describes a subject, and on which line."""

    file: str
    line: int | None
    #: For a subject that an earlier file describes too: the (predicate, object) pairs this file gives it.
    said: frozenset[tuple[str, str]] | None = None


@dataclass
class Graph:
    """A loaded graph: the pyoxigraph store plus where each subject came from.

    The store answers queries but canonicalises literals (``"1.50"`` becomes
    ``"1.5"``), so the exact triples as written are kept beside it in
    ``asserted``; ``inferred`` holds what :func:`infer` added. Exports and
    pySHACL read :meth:`triples`, which is both, exactly.

    A graph read from a snapshot (:mod:`wpskg.snapshot`, ``snapshot`` is its
    file) has the store only, for queries: :meth:`triples` refuses it.
    """

    store: ox.Store = field(default_factory=ox.Store)
    asserted: set[ox.Quad] = field(default_factory=set)
    inferred: list[ox.Triple] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)
    also: dict[str, list[Origin]] = field(default_factory=dict)  # the further files that describe a subject
    files: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # the files that hold no triples
    paths: dict[str, Path] = field(default_factory=dict)  # where each file, by its name in ``files``, was read
    snapshot: Path | None = None
    reasoned: bool = False  # whether infer() ran since the last triples were added (a snapshot was)
    _pool: WorkerPool | None = field(default=None, init=False, repr=False, compare=False)

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads (in the default graph) to the store and the exact copy."""
        quads = list(quads)
        known = len(self.asserted)
        self.asserted.update(quads)
        if len(self.asserted) != known:  # something new: what infer() added may be short of it
            self.reasoned = False
        self.store.extend(quads)
        self.changed()

    def workers(self) -> WorkerPool:
        """The query workers of this graph (see :mod:`wpskg.workers`), started on first use."""
        if self._pool is None:
            self._pool = WorkerPool(self.store)
            weakref.finalize(self, self._pool.close)
        return self._pool

    def changed(self) -> None:
        """Tell the query workers that the store changed; call it after writing to ``store`` directly."""
        if self._pool is not None:
            self._pool.invalidate()

    def triples(self) -> list[ox.Triple]:
        """Every asserted and inferred triple, literals exactly as written."""
        if self.snapshot is not None:
            raise WpskgError(f"a graph read from the snapshot {self.snapshot} answers queries only; load the project")
        with paused_gc():
            return [q.triple for q in self.asserted] + list(self.inferred)

    def add_document(self, doc: loaders.Document) -> None:
        """Add the quads of a parsed file and remember where its subjects are written."""
        subjects = {q.subject.value for q in doc.quads if isinstance(q.subject, ox.NamedNode)}
        self.add_quads(self._without_repeated_nodes(doc.quads, subjects & self.origins.keys()))
        self.files.append(doc.name)
        if not doc.quads:
            self.empty.append(doc.name)
        lines = doc.source_map.lines
        for iri, line in lines.items():
            if iri not in subjects:  # named, not described, in this file (a JSON-LD reference)
                self.origins.setdefault(iri, Origin(doc.name, line))
        shared: dict[str, set[tuple[str, str]]] = {s: set() for s in subjects if s in self.origins}
        if shared:
            for q in doc.quads:
                if q.subject.value in shared:
                    shared[q.subject.value].add((q.predicate.value, q.object.value))
        for subject in subjects:
            said = shared.get(subject)
            self._describe(subject, Origin(doc.name, lines.get(subject), None if said is None else frozenset(said)))

    def _without_repeated_nodes(self, quads: list[ox.Quad], shared: set[str]) -> list[ox.Quad]:
        """The quads, less a blank node that an earlier file gives the same subject by the same
        property, word for word (the same amount of a funding that two sources describe): two
        files would otherwise give it two amounts, where RDF means one."""
        if not shared:
            return quads
        about: dict[ox.Term, list[ox.Quad]] = {}
        uses: dict[ox.Term, int] = {}
        for q in quads:
            about.setdefault(q.subject, []).append(q)
            if isinstance(q.object, ox.BlankNode):
                uses[q.object] = uses.get(q.object, 0) + 1
        candidates = [
            q for q in quads if q.subject.value in shared and isinstance(q.object, ox.BlankNode) and uses[q.object] == 1
        ]
        if not candidates:
            return quads
        fresh = ox.Store()  # the store's form of the literals ("1000.00" is 1000.0), to compare with it
        fresh.extend(r for q in candidates for r in _reachable(about, q.object))
        dropped: set[ox.Quad] = set()
        earlier: dict[tuple[ox.Term, ox.Term], set[object]] = {}  # each described once, looked up by hash
        for q in candidates:
            key = (q.subject, q.predicate)
            if key not in earlier:
                found = self.store.quads_for_pattern(q.subject, q.predicate, None)
                earlier[key] = {_description(self.store, e.object) for e in found if isinstance(e.object, ox.BlankNode)}
            if _description(fresh, q.object) in earlier[key]:
                dropped.add(q)
                dropped.update(_reachable(about, q.object))
        return [q for q in quads if q not in dropped] if dropped else quads

    def _describe(self, iri: str, origin: Origin) -> None:
        first = self.origins.setdefault(iri, origin)
        if first is not origin and first.file != origin.file:
            self.also.setdefault(iri, []).append(origin)

    def origins_of(self, iri: str) -> list[Origin]:
        """Every file that describes a subject, the first one first."""
        first = self.origins.get(iri)
        return [] if first is None else [first, *self.also.get(iri, ())]

    def load_files(self, paths: Iterable[Path], project: Project | None = None) -> None:
        """Load each file; a file that cannot be read does not stop the others from being read, so that
        one run reports every unreadable file (:class:`~wpskg.errors.InputErrors`)."""
        errors = []
        for path in paths:
            name = project.relative(path) if project else str(path)
            try:
                document = loaders.load(path, display_name=name)
            except InputError as error:
                errors.append(error)
                continue
            self.add_document(document)
            self.paths[name] = Path(path)
        error = InputErrors.of(errors)
        if error is not None:
            raise error

    def __len__(self) -> int:
        if self.snapshot is not None:
            return len(self.store)
        return len(self.asserted) + len(self.inferred)

    def to_ntriples(self) -> bytes:
        """The whole graph (asserted and inferred) as N-Triples, literals exactly as written."""
        return ox.serialize(self.triples(), format=ox.RdfFormat.N_TRIPLES)

    def to_rdflib(self) -> rdflib.Graph:
        """An rdflib copy, for pyshacl and other rdflib-based tools."""
        graph = rdflib.Graph()
        graph.parse(data=self.to_ntriples(), format="nt")
        return graph

    def select(self, query: str, **kwargs: object) -> list[dict[str, ox.Term]]:
        """Run a trusted SELECT in this process and return rows as dicts."""
        solutions = self.store.query(query, **kwargs)  # type: ignore[arg-type]
        names = [v.value for v in solutions.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in solutions]


def _description(store: ox.Store, node: ox.BlankNode, depth: int = 4) -> object:
    """What ``store`` says of a blank node, its own blank nodes by what is said of them in turn
    (beyond ``depth``, an object equal to no other)."""
    if depth == 0:
        return object()
    return frozenset(
        (
            q.predicate.value,
            _description(store, q.object, depth - 1) if isinstance(q.object, ox.BlankNode) else q.object,
        )
        for q in store.quads_for_pattern(node, None, None)
    )


def _reachable(about: dict[ox.Term, list[ox.Quad]], node: ox.BlankNode) -> list[ox.Quad]:
    """The quads about a blank node and about the blank nodes it holds, at any depth."""
    out, todo, seen = [], [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for q in about.get(current, ()):
            out.append(q)
            if isinstance(q.object, ox.BlankNode):
                todo.append(q.object)
    return out


def load_project(project: Project, *, with_instances: bool = True, extra: Iterable[Path] = ()) -> Graph:
    """Load the ontology, the vocabularies, the instances and ``extra`` files into one graph."""
    graph = Graph()
    files = list(project.ontology_files)
    if with_instances:
        files += project.instance_files
    with paused_gc():
        graph.load_files(files, project)
        graph.load_files(list(extra))
    return graph


def load_shapes(project: Project) -> Graph:
    """Load the SHACL shapes of a project."""
    graph = Graph()
    graph.load_files(project.shape_files, project)
    return graph


INFERENCE_RULES: tuple[str, ...] = (
    # rdf:type along rdfs:subClassOf, so that queries can ask for wps:Actor or wps:Plan.
    """INSERT { ?x a ?super } WHERE {
         ?x a ?class . ?class rdfs:subClassOf+ ?super . FILTER(isIRI(?super))
         FILTER NOT EXISTS { ?x a ?super } }""",
    # owl:inverseOf, both ways (hasObjective / objectiveOf, broader / narrower).
    """INSERT { ?o ?q ?s } WHERE {
         { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p }
         ?s ?p ?o . FILTER(isIRI(?o) || isBlank(?o)) FILTER NOT EXISTS { ?o ?q ?s } }""",
    # wps:inPlan: the plan that an action, funding or figure belongs to, directly or through its
    # objective (after the inverses, which give wps:objectiveOf), so that a query finds a plan's
    # things by one lookup (the two ways at once made Oxigraph join every action to its plan).
    # Each way is a subquery from the side with few subjects (the objectives): written as one
    # group joined to the plans' type, the rule took 43 s at 1M triples, 0.3 s as it is.
    """INSERT { ?x wps:inPlan ?plan } WHERE {
         { SELECT ?x ?plan WHERE { ?x wps:underPlan ?plan } }
         UNION
         { SELECT ?x ?plan WHERE { ?objective wps:objectiveOf ?plan . ?x wps:underObjective ?objective } }
         FILTER NOT EXISTS { ?x wps:inPlan ?plan } }""",
    # wps:inTheme: a thing's themes and every theme broader than one of them, so that a query
    # about gbv looks up one value where it looked up gbv and crsv (two values in a gate made
    # Oxigraph 2-4 times slower a row: the actions on gbv at 1M triples, 860 -> 370 ms). The
    # themes and their broader themes are few, found first; each thing's themes by hash.
    """INSERT { ?x wps:inTheme ?broader } WHERE {
         { SELECT DISTINCT ?theme ?broader WHERE { ?theme a wps:Theme ; skos:broader* ?broader } }
         ?x wps:theme ?theme .
         FILTER NOT EXISTS { ?x wps:inTheme ?broader } }""",
    # wps:coversTheme: the themes of a plan itself, of its objectives and of the things in it
    # (after wps:inPlan), on the plan, so that a plan's themes are one lookup (through its
    # things, the themes of 37,000 actions and fundings took half of plan-summary at 1M
    # triples). The pairs are found once, then added.
    """INSERT { ?plan wps:coversTheme ?theme } WHERE {
         { SELECT DISTINCT ?plan ?theme WHERE {
             { ?thing wps:inPlan ?plan ; wps:theme ?theme }
             UNION { ?objective wps:objectiveOf ?plan ; wps:theme ?theme }
             UNION { ?plan a wps:Plan ; wps:theme ?theme } } }
         FILTER NOT EXISTS { ?plan wps:coversTheme ?theme } }""",
    # Every superproperty of an IRI-valued statement (RDFS rule rdfs7, through chains of
    # rdfs:subPropertyOf): prov:wasAssociatedWith from the responsible, implementing and
    # partner actors of an action, so that a query finds an actor's actions by one lookup
    # (three properties in one gate made Oxigraph join every action's actors) and a PROV-O
    # reader sees who carried out each action; dct:spatial from wps:planCountry and
    # wps:country, so that a DCMI or DCAT reader finds the country of a plan, an action or a
    # figure (?plan dct:spatial ?country); org:role from wps:membershipRole for an ORG reader;
    # wps:referencesResolution from wps:negotiated. IRI links only: dct:date from wps:date
    # would copy literals, which the store canonicalises (the rules add no literals).
    """INSERT { ?x ?super ?o } WHERE {
         { SELECT DISTINCT ?p ?super WHERE { ?p rdfs:subPropertyOf+ ?super . FILTER(isIRI(?p) && isIRI(?super)) } }
         ?x ?p ?o . FILTER(isIRI(?o))
         FILTER NOT EXISTS { ?x ?super ?o } }""",
    # org:transitiveSubOrganizationOf: the organisations an organisation is part of, at any depth,
    # so that a query for a funder finds its departments' fundings by one lookup (a property path
    # in the funders query made Virtuoso 7.2 answer no rows, or a query too long to compile).
    """INSERT { ?part org:transitiveSubOrganizationOf ?whole } WHERE {
         ?part org:subOrganizationOf+ ?whole . FILTER(isIRI(?whole))
         FILTER NOT EXISTS { ?part org:transitiveSubOrganizationOf ?whole } }""",
    # wps:involves: an actor that holds a role of the collection actor-role/in-plan (through
    # the wps:actorRole marks) on the plan, or on what is under it (after the inverses, which
    # give wps:objectiveOf). On the plan, not the actor: pyoxigraph finds a subject's values
    # by walking all of its triples, and an actor in 600 plans made every lookup of its name
    # 15 times slower. Both sides are subqueries, computed once and joined by hash: inlined,
    # Oxigraph joins the plan of each thing per role triple (minutes at 1M).
    """INSERT { ?plan wps:involves ?actor } WHERE {
         { SELECT DISTINCT ?x ?actor WHERE {
             actorrole:in-plan skos:member ?role .
             ?p wps:actorRole ?role . ?x ?p ?actor } }
         { SELECT ?x ?plan WHERE {
             { ?x a wps:Plan BIND(?x AS ?plan) }
             UNION { ?x wps:underObjective ?objective . ?objective wps:objectiveOf ?plan }
             UNION { ?x wps:underPlan ?plan } } }
         ?plan a wps:Plan . ?actor a wps:Actor .
         FILTER NOT EXISTS { ?plan wps:involves ?actor } }""",
    # wps:holdsRole: the roles an actor holds, from the ontology's wps:actorRole marks on
    # the properties whose value is an actor (a new role property needs no edit here).
    """INSERT { ?actor wps:holdsRole ?role } WHERE {
         { SELECT DISTINCT ?actor ?role WHERE { ?p wps:actorRole ?role . ?x ?p ?actor } }
         ?actor a wps:Actor .
         FILTER NOT EXISTS { ?actor wps:holdsRole ?role } }""",
    # wps:disputedProperty: a single-valued property on which a subject has two values that
    # do not refine one another (2017 and 2017-07 agree), so that the conflicts query looks
    # the disputed subjects up. The pairs are compared only for the properties on which
    # some subject has more than one value, found in one pass over their triples.
    """INSERT { ?subject wps:disputedProperty ?property } WHERE {
         { SELECT ?property WHERE { ?property wps:singleValued true . ?s ?property ?v }
           GROUP BY ?property HAVING (COUNT(*) > COUNT(DISTINCT ?s)) }
         ?subject ?property ?value , ?other .
         FILTER(!sameTerm(?value, ?other))
         FILTER(!(isLiteral(?value) && isLiteral(?other)
                  && DATATYPE(?value) IN (xsd:gYear, xsd:gYearMonth, xsd:date)
                  && DATATYPE(?other) IN (xsd:gYear, xsd:gYearMonth, xsd:date)
                  && (STRSTARTS(STR(?value), STR(?other)) || STRSTARTS(STR(?other), STR(?value)))))
         FILTER NOT EXISTS { ?subject wps:disputedProperty ?property } }""",
)


def infer(graph: Graph) -> int:
    """Materialise the entailments that the queries rely on; returns the triples added.

    The rules add only types and IRI links, never literals.
    """
    from .namespaces import sparql_prologue

    added = 0
    with paused_gc():
        for rule in INFERENCE_RULES:
            construct = rule.replace("INSERT {", "CONSTRUCT {", 1)
            new = [t for t in graph.store.query(sparql_prologue() + construct)]  # type: ignore[union-attr]
            fresh = list(dict.fromkeys(new))  # pyoxigraph hashes and compares a Triple by its terms
            graph.store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in fresh)
            graph.inferred.extend(fresh)
            added += len(fresh)
    graph.reasoned = True
    graph.changed()
    return added


class Result:
    """A query result that crossed the process boundary.

    The worker sends SELECT solutions as SPARQL TSV results and triples as
    N-Triples (``data``); ``rows`` and ``triples`` parse them on first use,
    so a caller that only passes the result on, or counts it, never builds
    a Python object per cell.

    >>> r = Result("select", ["x"], data=b'?x\\n"a"@en\\n\\n')
    >>> len(r), r.rows
    (2, [[<Literal value=a language=en>], [None]])
    """

    def __init__(
        self,
        kind: str,
        variables: list[str] | None = None,
        *,
        data: bytes = b"",
        boolean: bool | None = None,
    ) -> None:
        self.kind = kind  # "select", "boolean" or "graph"
        self.variables = variables or []
        self.data = data
        self.boolean = boolean
        self._rows: list[list[ox.Term | None]] | None = None
        self._triples: list[tuple[ox.Term, ox.Term, ox.Term]] | None = None

    def __len__(self) -> int:
        """Rows (SELECT) or triples (CONSTRUCT, DESCRIBE), counted without parsing."""
        lines = self.data.count(b"\n")
        return max(lines - 1, 0) if self.kind == "select" else lines

    @property
    def rows(self) -> list[list[ox.Term | None]]:
        """The solutions, one list of terms (None when unbound) per row, in ``variables`` order."""
        if self._rows is None:
            if self.kind != "select" or not self.data:
                self._rows = []
            else:
                solutions = ox.parse_query_results(self.data, format=ox.QueryResultsFormat.TSV)
                width = len(self.variables)
                try:
                    self._rows = [[solution[i] for i in range(width)] for solution in solutions]  # type: ignore[union-attr]
                except MemoryError:  # a row over the reader's 16 MiB buffer, from a worker without the check
                    raise AnswerTooLarge(ROW_TOO_LONG) from None
        return self._rows

    @property
    def triples(self) -> list[tuple[ox.Term, ox.Term, ox.Term]]:
        """The triples of a CONSTRUCT or DESCRIBE."""
        if self._triples is None:
            quads = ox.parse(self.data, format=ox.RdfFormat.N_TRIPLES) if self.kind == "graph" else []
            self._triples = [(q.subject, q.predicate, q.object) for q in quads]
        return self._triples

    def __repr__(self) -> str:
        return f"Result(kind={self.kind!r}, variables={self.variables!r}, size={len(self)})"


def run_query(
    graph: Graph,
    query: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    substitutions: dict[str, ox.Term] | None = None,
    memory: int = WORKER_MEMORY,
    max_bytes: int | None = None,
) -> Result:
    """Run ``query`` in one of the graph's forked workers, killed after ``timeout`` seconds.

    pyoxigraph cannot interrupt a running query, so the query runs in a child
    process that shares the loaded store copy-on-write (:mod:`wpskg.workers`).
    More than ``max_rows`` rows is an error, never a silent truncation; so is
    an answer over ``max_bytes`` (as SPARQL TSV or N-Triples; ``None``: no
    cap), or with a row over 16 MiB, which the reader could not take.
    """
    kwargs: dict[str, object] = {}
    if substitutions:
        kwargs["substitutions"] = {ox.Variable(k): v for k, v in substitutions.items()}
    payload = graph.workers().run(query, kwargs, timeout=timeout, max_rows=max_rows, memory=memory, max_bytes=max_bytes)
    kind = payload[0]
    if kind == "error":
        raise QueryError(payload[1])
    if kind == "syntax":
        raise QuerySyntaxError.of(payload[1], query)
    if kind == "truncated":
        raise RowCapExceeded(f"result has more than {payload[1]} rows (the row cap); narrow the query")
    if kind == "too-large":
        raise AnswerTooLarge(payload[1])
    if kind == "boolean":
        return Result("boolean", boolean=payload[1])
    if kind == "select":
        return Result("select", payload[1], data=payload[2])
    return Result("graph", data=payload[1])
