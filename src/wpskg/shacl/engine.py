"""Run compiled SHACL checks on a pyoxigraph store, with pySHACL as the fallback."""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import pickle
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
import rdflib

from ..namespaces import XSD, shorten
from ..store import Graph
from ..validate import Problem
from .compile import INTEGER_RANGES, Check, Compiler
from .shapes import SH, Shape, ShapesGraph

log = logging.getLogger(__name__)

DERIVED_INTEGERS = frozenset(INTEGER_RANGES)
XSD_INTEGER = XSD + "integer"
INTEGER_FAMILY = DERIVED_INTEGERS | {XSD_INTEGER}

#: Graphs with at least this many triples are validated by two processes.
PARALLEL_FROM = 200_000

DEFAULT_MESSAGES = {
    "Class": "Value is not an instance of the required class",
    "Datatype": "Value does not have the required datatype",
    "NodeKind": "Value is not of the required node kind",
    "MinCount": "Fewer values than the minimum count",
    "MaxCount": "More values than the maximum count",
    "MinInclusive": "Value is below the minimum (inclusive)",
    "MinExclusive": "Value is not above the minimum (exclusive)",
    "MaxInclusive": "Value is above the maximum (inclusive)",
    "MaxExclusive": "Value is not below the maximum (exclusive)",
    "MinLength": "Value is shorter than the minimum length",
    "MaxLength": "Value is longer than the maximum length",
    "Pattern": "Value does not match the pattern",
    "LanguageIn": "Language tag is not one of the allowed languages",
    "UniqueLang": "More than one value with the same language tag",
    "In": "Value is not one of the allowed values",
    "HasValue": "The required value is missing",
    "Node": "Value does not conform to the node shape",
    "Not": "Value conforms to a shape it must not conform to",
    "And": "Value does not conform to every shape of sh:and",
    "Or": "Value does not conform to any shape of sh:or",
    "Xone": "Value does not conform to exactly one shape of sh:xone",
    "QualifiedMinCount": "Fewer conforming values than the qualified minimum count",
    "QualifiedMaxCount": "More conforming values than the qualified maximum count",
    "Equals": "Values differ from those of the other property",
    "Disjoint": "Value is also a value of the disjoint property",
    "LessThan": "Value is not less than the value of the other property",
    "LessThanOrEquals": "Value is not less than or equal to the value of the other property",
    "Closed": "Property is not allowed by the closed shape",
    "SPARQL": "SPARQL constraint violated",
}


@dataclass
class Run:
    """What one validation did: the problems, the shapes handed to pySHACL, and timings."""

    problems: list[Problem] = field(default_factory=list)
    fallback: dict[str, str] = field(default_factory=dict)  # shape -> reason
    checks: int = 0
    jobs: int = 1
    seconds: dict[str, float] = field(default_factory=dict)
    slowest: list[tuple[float, str, str]] = field(default_factory=list)  # (s, shape, component)


def path_text(shape: Shape) -> str | None:
    """The path as ``_path_text`` in :mod:`wpskg.validate` writes it."""
    path = shape.path
    if path is None:
        return None
    if path.kind == "pred":
        return shorten(str(path.iri))
    if path.kind == "inv" and path.items[0].kind == "pred":
        return f"^{shorten(str(path.items[0].iri))}"
    return "[complex path]"


def term_text(t: ox.Term | None) -> str | None:
    """A value as ``_term_text`` in :mod:`wpskg.validate` writes it."""
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return shorten(t.value)
    if isinstance(t, ox.BlankNode):
        return "[blank node]"
    if isinstance(t, ox.Literal):
        return t.value
    return str(t)


def focus_text(t: ox.Term) -> str:
    """The focus node: an IRI, a blank node id, or a literal's lexical form."""
    return t.value if isinstance(t, ox.NamedNode | ox.BlankNode | ox.Literal) else str(t)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _template(message: str, row: dict[str, ox.Term]) -> str:
    """Fill ``{?var}`` and ``{$var}`` placeholders of a SPARQL constraint's message."""

    def fill(m: re.Match[str]) -> str:
        t = row.get(m.group(1))
        return term_text(t) or "" if t is not None else m.group(0)

    return re.sub(r"\{[?$](\w+)\}", fill, message)


def run_check(store: ox.Store, check: Check) -> list[Problem]:
    """Run one compiled check and turn its rows into problems."""
    shape = check.shape
    solutions = store.query(check.query)
    names = {v.value for v in solutions.variables}  # type: ignore[union-attr]
    source = shorten(shape.node.value) if isinstance(shape.node, ox.NamedNode) else None
    base_path = path_text(shape)
    components = [shorten(c) for c in check.components]
    problems = []
    for solution in solutions:  # type: ignore[union-attr]
        focus = solution["this"] if "this" in names else None
        if focus is None:
            continue
        if check.mode == "flags":
            hits = [i for i in range(len(check.constraints)) if getattr(solution[f"f{i}"], "value", "") == "true"]
        elif check.mode == "count":
            n = int(solution["n"].value)  # type: ignore[union-attr]
            low, high = check.bounds
            hits = [i for i, bad in enumerate((low is not None and n < low, high is not None and n > high)) if bad]
        else:
            hits = [0]
        if check.value == "value":
            value = solution["value"] if "value" in names else None
        elif check.value == "focus":
            value = focus
        else:
            value = None
        path = base_path
        if check.has_path and "path" in names:
            p = solution["path"]
            if isinstance(p, ox.NamedNode):
                path = shorten(p.value)
        for i in hits:
            constraint = check.constraints[i]
            kind = constraint.component
            own_message = constraint.params.get("message") if kind == "SPARQL" else None
            if own_message:
                row = {n: solution[n] for n in names if solution[n] is not None}
                message = _template(str(own_message), row)
            else:
                message = shape.message or DEFAULT_MESSAGES.get(kind, "constraint violated")
            problems.append(
                Problem(
                    severity=shape.severity,
                    focus=focus_text(focus),
                    message=message,
                    path=path,
                    value=term_text(value),
                    source=source,
                    component=components[i],
                )
            )
    return problems


def exact_triples(graph: Graph) -> Iterable[ox.Triple | ox.Quad]:
    """The triples of ``graph`` with literals exactly as written when the graph keeps them."""
    asserted = getattr(graph, "asserted", None)
    if asserted is not None and len(asserted) > 0 and hasattr(graph, "triples"):
        return graph.triples()
    return graph.store.quads_for_pattern(None, None, None, ox.DefaultGraph())


def to_rdflib(graph: Graph) -> rdflib.Graph:
    """An rdflib copy (literals as written) that keeps blank node ids, so results name the same nodes."""
    out = rdflib.Graph()

    def conv(t: ox.Term) -> rdflib.term.Node:
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))

    add = out.add
    for t in exact_triples(graph):
        add((conv(t.subject), conv(t.predicate), conv(t.object)))
    return out


def _integer_datatype_predicates(shape: Shape, pred: str | None, out: set[str | None], stack: list[Shape]) -> None:
    """The predicates whose values an integer-family sh:datatype in ``shape``'s tree tests (None: unknown)."""
    if shape in stack:
        return
    stack.append(shape)
    if shape.path is not None:
        pred = shape.path.iri if shape.path.kind == "pred" else None
    for c in shape.constraints:
        dt = c.params.get("datatype")
        if c.component == "Datatype" and isinstance(dt, ox.NamedNode) and dt.value in INTEGER_FAMILY:
            out.add(pred)
        nested: list[object] = [c.params.get(k) for k in ("node", "not", "shape")]
        nested += [*c.params.get("and", []), *c.params.get("or", []), *c.params.get("xone", [])]  # type: ignore[list-item]
        for n in nested:
            if isinstance(n, Shape):
                _integer_datatype_predicates(n, pred, out, stack)
    for p in shape.properties:
        _integer_datatype_predicates(p, pred, out, stack)
    stack.pop()


def inexact_shapes(data: Graph, shapes: list[Shape]) -> dict[Shape, str]:
    """Shapes whose sh:datatype checks the store cannot answer exactly.

    pyoxigraph stores ``"1"^^xsd:positiveInteger`` (and every other type
    derived from xsd:integer) as ``"1"^^xsd:integer``. When the written data
    holds such literals on a predicate that an integer-family sh:datatype
    tests, the shape is handed to pySHACL, which reads the literals as written.
    """
    asserted = getattr(data, "asserted", None)
    if asserted is None or len(asserted) == 0:
        return {}
    wanted: dict[Shape, list[str]] = {}
    for shape in shapes:
        preds: set[str | None] = set()
        _integer_datatype_predicates(shape, None, preds, [])
        if any(preds):
            wanted[shape] = sorted(p for p in preds if p)
    if not wanted:
        return {}
    # An xsd:integer in the store that is not in the exact copy as it stands was written
    # otherwise: as a derived type (or with a non-canonical form, which is harmless but rare).
    listed = " ".join(f"<{p}>" for p in sorted({p for ps in wanted.values() for p in ps}))
    rows = data.store.query(
        f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {listed} }} ?s ?p ?o "
        f"FILTER(isLiteral(?o) && DATATYPE(?o) = <{XSD_INTEGER}>) }}"
    )
    derived = {
        row["p"].value  # type: ignore[union-attr]
        for row in rows  # type: ignore[union-attr]
        if ox.Quad(row["s"], row["p"], row["o"]) not in asserted  # type: ignore[arg-type]
    }
    out: dict[Shape, str] = {}
    for shape, preds_of_shape in wanted.items():
        for pred in preds_of_shape:
            if pred in derived:
                out[shape] = (
                    f"<{pred}> has literals of a type derived from xsd:integer, which pyoxigraph "
                    "stores as xsd:integer, and the shape tests their datatype"
                )
                break
    return out


def pyshacl_reference(data: rdflib.Graph, shapes: rdflib.Graph) -> list[Problem]:
    """Run pySHACL on rdflib graphs, reading the report's top-level results (see :func:`wpskg.validate.run_pyshacl`)."""
    from ..validate import run_pyshacl

    return run_pyshacl(data, shapes)


def fallback_problems(data: Graph, shapes: Graph, keep: list[Shape], drop: list[Shape]) -> list[Problem]:
    """Validate the ``keep`` shapes with pySHACL; the targets of the ``drop`` shapes are removed."""
    shapes_rdf = to_rdflib(shapes)
    sh = rdflib.Namespace(SH)
    implicit = {rdflib.RDFS.Class, *shapes_rdf.subjects(rdflib.RDFS.subClassOf, rdflib.RDFS.Class)}
    for shape in drop:
        node = (
            rdflib.URIRef(shape.node.value) if isinstance(shape.node, ox.NamedNode) else rdflib.BNode(shape.node.value)
        )
        for p in (sh.targetClass, sh.targetNode, sh.targetSubjectsOf, sh.targetObjectsOf):
            shapes_rdf.remove((node, p, None))
        for t in implicit:
            shapes_rdf.remove((node, rdflib.RDF.type, t))
    return pyshacl_reference(to_rdflib(data), shapes_rdf)


def _drain(store: ox.Store, checks: list[Check], counter: Any) -> dict[int, list[Problem]]:
    """Run checks in turn, taking the next index from the shared counter, until none is left."""
    out: dict[int, list[Problem]] = {}
    while True:
        with counter.get_lock():
            i = counter.value
            counter.value += 1
        if i >= len(checks):
            return out
        out[i] = run_check(store, checks[i])


def _worker(store: ox.Store, checks: list[Check], counter: Any, conn: Any) -> None:
    """Run checks, taking the next index from the shared counter, and send back the problems."""
    try:
        conn.send_bytes(pickle.dumps(("ok", _drain(store, checks, counter))))
    except BaseException as exc:
        conn.send_bytes(pickle.dumps(("error", f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def run_checks(store: ox.Store, checks: list[Check], jobs: int = 1) -> list[list[Problem]]:
    """The problems of each check; with ``jobs`` > 1, forked workers share the work.

    pyoxigraph holds the GIL while it evaluates a query, so threads do not
    help; forked processes share the loaded store copy-on-write.
    """
    if jobs <= 1 or len(checks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [run_check(store, c) for c in checks]
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("i", 0)
    children = []
    for _ in range(jobs - 1):
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_worker, args=(store, checks, counter, child), daemon=True)
        proc.start()
        child.close()
        children.append((proc, parent))
    results: dict[int, list[Problem]] = {}
    error = None
    try:
        results.update(_drain(store, checks, counter))
    finally:
        for proc, conn in children:
            try:
                kind, payload = pickle.loads(conn.recv_bytes())
            except EOFError:
                kind, payload = "error", "a validation worker died without an answer"
            if kind == "error":
                error = payload
            else:
                results.update(payload)
            proc.join()
            conn.close()
    if error is not None:
        raise RuntimeError(f"validation worker failed: {error}")
    return [results[i] for i in range(len(checks))]


def default_jobs(graph: Graph) -> int:
    """Two workers for a large graph on a machine with two or more cores, else one."""
    return min(2, os.cpu_count() or 1) if len(graph.store) >= PARALLEL_FROM else 1


def validate_run(data: Graph, shapes: Graph, *, profile: bool = False, jobs: int | None = None) -> Run:
    """Validate ``data`` against ``shapes``: compiled SPARQL where possible, else pySHACL."""
    run = Run()
    t0 = time.perf_counter()
    sg = ShapesGraph(shapes.store)
    targeted = sg.targeted()
    inexact = inexact_shapes(data, targeted)
    compiled = Compiler(data.store).compile([s for s in targeted if s not in inexact])
    compiled.unsupported.update(inexact)
    run.checks = len(compiled.checks)
    t1 = time.perf_counter()
    run.seconds["compile"] = t1 - t0
    if jobs is None:
        jobs = 1 if profile else default_jobs(data)
    if profile:
        results = []
        for check in compiled.checks:
            start = time.process_time()
            results.append(run_check(data.store, check))
            what = "+".join(c.component for c in check.constraints)
            run.slowest.append((time.process_time() - start, check.shape.name, what))
        run.slowest.sort(reverse=True)
    else:
        results = run_checks(data.store, compiled.checks, jobs)
    seen: set[tuple] = set()
    for check, problems in zip(compiled.checks, results, strict=True):
        for problem in problems:
            key = (*dataclasses.astuple(problem), id(check.shape))
            if key not in seen:
                seen.add(key)
                run.problems.append(problem)
    t2 = time.perf_counter()
    run.seconds["queries"] = t2 - t1
    run.jobs = jobs
    if compiled.unsupported:
        for shape, reason in compiled.unsupported.items():
            run.fallback[shape.name] = reason
            log.warning("SHACL shape %s is validated by pySHACL: %s", shape.name, reason)
        keep = list(compiled.unsupported)
        drop = [s for s in targeted if s not in compiled.unsupported]
        run.problems.extend(fallback_problems(data, shapes, keep, drop))
        run.seconds["pyshacl"] = time.perf_counter() - t2
    return run
