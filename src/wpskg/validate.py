"""Validation of a data project: SHACL shapes plus ODK-style ``*-violation.rq`` checks.

The result is a :class:`Report` of :class:`Problem` s, each naming the focus
node, its label, the path, the value, the message, and the file and line
where the focus node is written.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from . import countries, dcat, iso_countries, langtags, loaders, sparql_guard, vocabularies
from .errors import InputError, InputErrors, Location, ParameterError, QuerySyntaxError, WpskgError
from .eu_codes import EU_COUNTRY
from .figures import figure_failures
from .loaders import Statements
from .names import key as name_key
from .namespaces import BASE, ID, PREFIXES, SKOS, WPS, expand, shorten, sparql_prologue
from .project import Project, stock_root
from .provenance import (
    FundingAmount,
    amount_failures,
    ceiling_mismatches,
    coverage,
    exclusions_file,
    funding_amounts,
    quote_failures,
)
from .queries import read_query_text
from .quoted_dates import date_failures
from .store import Graph, Origin, infer, load_project, load_shapes

#: The validation engine used unless another is asked for.
DEFAULT_ENGINE = "compiled"
#: The SHACL engines: the shapes compiled to SPARQL on the store, or pySHACL (the reference).
ENGINES = ("compiled", "pyshacl")

VIOLATION = "Violation"
WARNING = "Warning"
INFO = "Info"


@dataclass(frozen=True)
class Problem:
    """One validation result."""

    severity: str
    focus: str
    message: str
    path: str | None = None
    value: str | None = None
    label: str | None = None
    file: str | None = None
    line: int | None = None
    source: str | None = None  # the shape or check that found it
    component: str | None = None  # the SHACL constraint component

    @property
    def where(self) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def key(self) -> tuple[str, str, str]:
        """The (focus node, path, constraint) triple used to compare validators."""
        return (self.focus, self.path or "", self.component or self.source or "")


@dataclass
class Report:
    """All problems found; conforming means no violations (and no warnings if strict)."""

    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def violations(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == VIOLATION]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def conforms(self, strict: bool = False) -> bool:
        return not self.violations and not (strict and self.warnings)

    def sorted(self) -> list[Problem]:
        order = {VIOLATION: 0, WARNING: 1, INFO: 2}
        return sorted(
            self.problems,
            key=lambda p: (order.get(p.severity, 3), p.file or "~", p.line or 0, p.focus, p.path or "", p.message),
        )


class NotConforming(WpskgError):
    """The graph does not conform, so a step that publishes it stopped; its output was left untouched."""

    exit_code = 1

    def __init__(self, step: str, report: Report, out_dir: Path | str, strict: bool = False, hint: str = "") -> None:
        self.report = report
        self.strict = strict
        found = f"{len(report.violations)} violation(s)"
        if strict:
            found += f" and {len(report.warnings)} warning(s), which fail a strict {step}"
        super().__init__(f"{step} failed: {found}; the previous {out_dir} is untouched{hint}")

    def details(self) -> str:
        """The report, as ``wpskg validate`` prints it."""
        from .reporting import text  # reporting reads this module's Report

        return text(self.report, self.strict)


def _label(graph: Graph, iri: str) -> str | None:
    rows = graph.select(
        f"SELECT ?s ?l WHERE {{ ?s ?p ?l . VALUES ?p {{ <{RDFS.label}> <{SKOS.prefLabel}> }} }} "
        "ORDER BY DESC(LANGMATCHES(LANG(?l), 'en')) ?l LIMIT 1",
        substitutions={ox.Variable("s"): ox.NamedNode(iri)},
    )
    return rows[0]["l"].value if rows else None


def _term_text(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, (rdflib.URIRef, ox.NamedNode)):
        return shorten(str(term.value if isinstance(term, ox.NamedNode) else term))
    if isinstance(term, rdflib.BNode | ox.BlankNode):
        return "[blank node]"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _path_text(shapes: rdflib.Graph, path: rdflib.term.Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, rdflib.URIRef):
        return shorten(str(path))
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{shorten(str(inverse))}"
    return "[complex path]"


def run_pyshacl(data_graph: rdflib.Graph, shapes_graph: rdflib.Graph) -> list[Problem]:
    """Run pySHACL on rdflib graphs and read the report's top-level results.

    Results nested under ``sh:detail`` (pySHACL attaches them to some sh:node
    results) are not results of their own in SHACL, so they are not read.
    """
    import pyshacl

    _conforms, results, _text = pyshacl.validate(
        data_graph, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True
    )
    problems = []
    for report in results.subjects(RDF.type, SH.ValidationReport):
        for result in results.objects(report, SH.result):
            focus = results.value(result, SH.focusNode)
            severity = results.value(result, SH.resultSeverity)
            messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
            source_shape = results.value(result, SH.sourceShape)
            shape_message = shapes_graph.value(source_shape, SH.message) if source_shape else None
            message = str(shape_message) if shape_message else (messages[0] if messages else "constraint violated")
            component = results.value(result, SH.sourceConstraintComponent)
            problems.append(
                Problem(
                    severity=str(severity).rsplit("#", 1)[-1],
                    focus=str(focus),
                    message=message,
                    path=_path_text(shapes_graph, results.value(result, SH.resultPath)),
                    value=_term_text(results.value(result, SH.value)),
                    source=_term_text(source_shape) if isinstance(source_shape, rdflib.URIRef) else None,
                    component=shorten(str(component)) if component else None,
                )
            )
    return problems


def pyshacl_problems(data: Graph, shapes: Graph) -> list[Problem]:
    """Run pySHACL, the reference SHACL implementation, on a loaded graph."""
    return run_pyshacl(data.to_rdflib(), shapes.to_rdflib())


# an IRI runs to the next space; what ends a sentence or a list after it is not part of it
_IRI_IN_TEXT = re.compile(r"https?://[^\s<>\"]+")
_AFTER_IRI = ".,;:)'\""


def _short_iris(message: str) -> str:
    """The message of a check with its IRIs written as prefixed names, as the rest of a report is.

    >>> _short_iris("The quote of https://w3id.org/wpskg/id/claim/x does not give the year of dct:temporal.")
    'The quote of claim:x does not give the year of dct:temporal.'
    >>> _short_iris("Actors https://w3id.org/wpskg/id/actor/women's-fund, https://w3id.org/wpskg/id/actor/a,b.")
    "Actors https://w3id.org/wpskg/id/actor/women's-fund, https://w3id.org/wpskg/id/actor/a,b."
    """

    def short(m: re.Match[str]) -> str:
        iri = m.group().rstrip(_AFTER_IRI)
        return shorten(iri) + m.group()[len(iri) :]

    return _IRI_IN_TEXT.sub(short, message)


def violation_query_problems(data: Graph, queries: Iterable[Path]) -> list[Problem]:
    """Run each ``*-violation.rq`` check; every row it returns is a problem."""
    problems = []
    prologue = sparql_prologue()
    for path in queries:
        text = read_query_text(path)
        severity = VIOLATION
        for line in text.splitlines():
            if line.startswith("# severity:"):
                severity = line.split(":", 1)[1].strip()
        try:
            rows = data.select(prologue + text)
        except SyntaxError as exc:
            located = QuerySyntaxError.of(str(exc), prologue + text)
            raise located.located(str(path), lines_before=prologue.count("\n")) from None
        for row in rows:
            focus = row.get("focus")
            problems.append(
                Problem(
                    severity=severity,
                    focus=focus.value if isinstance(focus, ox.NamedNode) else str(focus),
                    message=_short_iris(row["message"].value) if "message" in row else path.stem,
                    path=_term_text(row.get("path")),
                    value=_term_text(row.get("value")),
                    source=path.name,
                    component=path.stem,
                )
            )
    return problems


def locate(graph: Graph, problems: Iterable[Problem], prefer: Iterable[str] = ()) -> list[Problem]:
    """Add each focus node's label, file and line.

    A subject described in several files is placed in the first of them that is
    among ``prefer`` (the files being validated), else in the first that
    describes it. A blank node is named by the path to it from the named node it
    hangs off (``fund:x/schema:amount``, not its random id), and placed on the line
    that gives that named node the path's first property.
    """
    prefer = set(prefer)
    statements = _FileStatements(graph)
    out = []
    for p in problems:
        if p.file:  # a problem of a file that holds no triples (an exclusions file) is placed already
            out.append(p)
            continue
        focus, hops = (p.focus, []) if p.focus.startswith("http") else _owner(graph, p.focus)
        named = focus if focus.startswith("http") else None
        path, value = (hops[0], None) if hops else (p.path, p.value)  # the statement to place it at
        origin = _origin(graph.origins_of(named) if named else [], prefer, path, value)
        line = origin.line if origin else None
        if origin and line and path:
            line = statements.line(origin.file, line, path, value) or line
        label = _label(graph, named) if named else None
        if hops:
            focus = "/".join([shorten(focus), *hops])
        out.append(
            Problem(
                severity=p.severity,
                focus=shorten(focus) if focus.startswith("http") else focus,
                message=p.message,
                path=p.path,
                value=p.value,
                label=label,
                file=origin.file if origin else None,
                line=line,
                source=p.source,
                component=p.component,
            )
        )
    return out


class _FileStatements:
    """Finds the line of a subject's statement in the Turtle and N-Triples files of a graph,
    reading each file once."""

    def __init__(self, graph: Graph) -> None:
        self.paths = graph.paths
        self.files: dict[str, Statements | None] = {}

    def line(self, file: str, start: int, path: str, value: str | None) -> int | None:
        """The line of the statement that gives the subject on ``start`` the ``path`` (and ``value``)."""
        predicate = expand(path)
        statements = self.files[file] if file in self.files else self._read(file)
        if predicate is None or statements is None:
            return None
        return statements.line(start, predicate, (value and expand(value)) or value)

    def _read(self, file: str) -> Statements | None:
        path = self.paths.get(file)
        statements = None
        if path is not None and path.suffix in (".ttl", ".nt"):
            try:
                statements = Statements(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                statements = None
        self.files[file] = statements
        return statements


def _origin(origins: list[Origin], prefer: set[str], path: str | None, value: str | None) -> Origin | None:
    """Of the files that describe a subject, the one to report a problem at: among those being
    validated, if any, a later file that gives the subject the problem's path and value, else one
    that gives it the path, else the first."""
    candidates = [o for o in origins if o.file in prefer] or origins
    if len(candidates) > 1 and path:
        for match in (
            lambda said: any(shorten(pred) == path and value in (obj, shorten(obj)) for pred, obj in said),
            lambda said: any(shorten(pred) == path for pred, _ in said),
        ):
            found = [origin for origin in candidates if origin.said is not None and match(origin.said)]
            if found:
                return found[0]
    return candidates[0] if candidates else None


def _owner(graph: Graph, blank: str, depth: int = 8) -> tuple[str, list[str]]:
    """The named node that a blank node hangs off (through other blank nodes) and the properties
    from it to the blank node, prefixed; the blank node and no properties when it hangs off none."""
    node: ox.Term = ox.BlankNode(blank)
    hops: list[str] = []
    for _ in range(depth):
        quad = next(graph.store.quads_for_pattern(None, None, node), None)
        if quad is None:
            break
        node = quad.subject
        hops.insert(0, shorten(quad.predicate.value))
        if isinstance(node, ox.NamedNode):
            return node.value, hops
    return blank, []


def validate_graph(
    data: Graph, shapes: Graph, checks: Sequence[Path] = (), engine: str = DEFAULT_ENGINE
) -> list[Problem]:
    """Validate a loaded (and inferred) graph; returns problems without locations."""
    if engine not in ENGINES:
        raise ParameterError(f"unknown SHACL engine {engine!r}: use one of {', '.join(ENGINES)}")
    if engine == "pyshacl":
        problems = pyshacl_problems(data, shapes)
    else:
        from .shacl import validate as compiled

        problems = compiled(data, shapes)
    # a value a shape already says is not of its class (a misspelt code) is not reported again by a check
    wrong_class = {(p.focus, p.path, p.value) for p in problems if p.component == "sh:ClassConstraintComponent"}
    checked = violation_query_problems(data, checks)
    problems = [_with_relative_hint(p) if p.component == "sh:ClassConstraintComponent" else p for p in problems]
    return problems + [p for p in checked if (p.focus, p.path, p.value) not in wrong_class]


def _with_relative_hint(problem: Problem) -> Problem:
    """The problem, with a hint when its value is a relative IRI that landed in wpskg's base
    (``<be-wps-nap-3>`` is ``…/id/be-wps-nap-3``, a resource of no namespace of wpskg's).

    >>> hinted = _with_relative_hint(Problem(VIOLATION, "x", "Not a plan.", value=str(ID) + "be-wps-nap-3"))
    >>> hinted.message.removeprefix("Not a plan. ")[:52]
    '<be-wps-nap-3> is a relative IRI, in none of the nam'
    """
    written = (problem.value or "").removeprefix(str(ID))
    if written == problem.value or not written or "/" in written:
        return problem
    hint = (
        f" <{written}> is a relative IRI, in none of the namespaces of wpskg's resources: "
        "write it with a prefix, such as plan: or actor:."
    )
    return dataclasses.replace(problem, message=problem.message + hint)


def check_shape_queries(shapes: Graph) -> None:
    """Raise :class:`InputError` if the SPARQL of a shape (sh:select, sh:ask) does not parse.

    The error names the file and line of the shape that holds the query, and
    the line and column in the query.
    """
    from .shacl.shapes import ShapesError, ShapesGraph, Unsupported

    try:
        read = ShapesGraph(shapes.store)
    except (ShapesError, Unsupported):
        return  # pySHACL reads these shapes, and reports its own errors
    for kind in ("select", "ask"):
        for quad in shapes.store.quads_for_pattern(None, ox.NamedNode(f"{SH}{kind}"), None):
            prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in read.prefixes(quad.subject).items())
            offset = prologue.count("\n")
            try:  # $PATH stands for a property path (SHACL-SPARQL 5.3.1)
                ox.Store().query(prologue + quad.object.value.replace("$PATH", "<urn:wpskg:path>"))
            except SyntaxError as exc:
                error = QuerySyntaxError.of(str(exc))
                at = f"line {error.line - offset}, column {error.column}: " if error.line is not None else ""
                detail = at + error.reason
                owners = [q.subject for q in shapes.store.quads_for_pattern(None, None, quad.subject)]
                owner = next((o for o in owners if isinstance(o, ox.NamedNode)), None)
                origin = shapes.origins.get(owner.value) if owner is not None else None
                raise InputError(
                    f"{shorten(owner.value) if owner is not None else 'a shape'}: its sh:{kind} query does not "
                    f"parse: {detail}",
                    Location(origin.file, origin.line) if origin else None,
                ) from None


def term_problems(data: Graph) -> list[Problem]:
    """A violation for each subject that uses a property or class of a reused vocabulary that the
    vocabulary does not have, or one written in a namespace that is almost right
    (:mod:`wpskg.vocabularies`)."""
    used = [
        (row["t"].value, kind)
        for kind, pattern in (("property", "?s ?t ?o"), ("class", "?s a ?t"))
        for row in data.select(f"SELECT DISTINCT ?t WHERE {{ {pattern} }}")
        if isinstance(row["t"], ox.NamedNode)
    ]
    problems = []
    for term, kind in used:
        wrong = vocabularies.mistake(term)
        if wrong is None:
            continue
        pattern = f"?s <{term}> ?o" if kind == "property" else f"?s a <{term}>"
        path = shorten(term) if kind == "property" else shorten(str(RDF.type))
        for row in data.select(f"SELECT DISTINCT ?s WHERE {{ {pattern} }}"):
            focus = row["s"]  # a named or blank node
            message = f"This {kind} is unknown, so no shape or query sees what it says: {wrong}."
            problems.append(
                Problem(
                    VIOLATION,
                    focus.value,
                    message,
                    path,
                    shorten(term),
                    source="vocabularies",
                    component="known-term",
                )
            )
    return problems


def prefix_problems(data: Graph) -> list[Problem]:
    """A violation at each ``@prefix`` line of a Turtle file whose namespace is almost one this
    project uses (``http://`` for ``https://``, ``/`` for ``#``): every term written with it is
    unknown, and this names the one line to mend."""
    problems = []
    for name, path in data.paths.items():
        if path.suffix not in (".ttl", ".trig", ".n3"):
            continue
        text = path.read_text(encoding="utf-8-sig")
        for number, line in enumerate(text.splitlines(), start=1):
            for prefix, namespace in loaders.line_prefixes(line).items():  # a line may declare several
                meant = vocabularies.near_namespace(namespace)
                if not meant:
                    continue
                message = (
                    f"The prefix {prefix}: is <{namespace}>, almost a namespace this project uses: write <{meant}>. "
                    f"Every term written with {prefix}: is unknown until then."
                )
                problems.append(
                    Problem(VIOLATION, name, message, file=name, line=number, source="vocabularies", component="prefix")
                )
    return problems


#: The namespaces of wpskg's own resources (``…/id/plan/``, ``…/id/period/``, …).
ID_NAMESPACES = frozenset(ns for ns in PREFIXES.values() if ns.startswith(str(ID)) and ns != str(ID))


def namespace_problems(data: Graph) -> list[Problem]:
    """A violation for each subject under ``…/id/`` that is in none of wpskg's namespaces of
    resources: a misspelt ``@prefix`` (``…/id/periods/``), or a relative IRI (``<be-wps-nap-3>``)."""
    problems = []
    for iri in data.origins:
        namespace = iri[: iri.rfind("/") + 1]
        if not iri.startswith(str(ID)) or namespace in ID_NAMESPACES:
            continue
        near = difflib.get_close_matches(namespace, sorted(ID_NAMESPACES), n=1, cutoff=0.8)
        if namespace == str(ID):
            hint = "a relative IRI (<be-wps-nap-3>) lands here: write it with a prefix, such as plan: or actor:"
        elif near:
            hint = f"did you mean {near[0]}? Check the @prefix that writes it"
        else:
            hint = "check the @prefix that writes it"
        message = (
            f"{iri} is in none of the namespaces of wpskg's resources ({ID!s}plan/, …/period/, …/actor/, …): {hint}."
        )
        problems.append(Problem(VIOLATION, iri, message, source="vocabularies", component="known-namespace"))
    return problems


#: Properties whose value is a page, a file or a match elsewhere, which the data need not describe.
_LINK_PROPERTIES = tuple(
    PREFIXES[prefix] + local
    for prefix, locals_ in (
        ("schema", ("url", "sameAs", "mainEntityOfPage")),
        ("foaf", ("homepage", "page")),
        ("rdfs", ("seeAlso", "isDefinedBy")),
        ("owl", ("sameAs",)),
        ("skos", ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")),
        ("dcat", ("landingPage", "accessURL", "downloadURL")),
        ("dct", ("source", "license", "conformsTo")),
    )
    for local in locals_
)


def _namespace(iri: str) -> str:
    return iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]


def _has_statements(data: Graph, iri: str) -> bool:
    """Whether ``iri`` is the subject of a statement (a JSON-LD file also names the IRIs it only uses)."""
    return next(iter(data.store.quads_for_pattern(ox.NamedNode(iri), None, None)), None) is not None


def own_undescribed_problems(data: Graph) -> list[Problem]:
    """A violation for each statement that points to an IRI that no file describes, in a namespace
    where the instances describe other resources: a typo in a data project's own IRI
    (``period:2019-2042`` beside ``period:2019-2024``). wpskg's namespaces have
    ``shapes/undescribed-resource-violation.rq``; a web page or a match elsewhere is not checked."""
    namespaces = {
        ns
        for iri, origin in data.origins.items()
        if not iri.startswith(BASE)
        and not origin.file.startswith("ontology/")
        and (ns := _namespace(iri))
        and urlsplit(ns).path not in ("", "/")
    }
    if not namespaces:
        return []
    # The project's own: a namespace that an instance file declares as a prefix (@prefix period:
    # <…/period/>, or "period": "…/period/" in a JSON-LD context) and that holds a resource described
    # there, not one of the vocabularies' or of a web site whose pages a file names.
    declared: set[str] = set()
    for name, path in data.paths.items():
        if name.startswith("ontology/"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        declared |= {ns for line in text.splitlines() for ns in loaders.line_prefixes(line).values()}
        declared |= set(re.findall(r'"[A-Za-z][\w.-]*"\s*:\s*"([^"\s]+[/#])"', text))
    vocabularies = set(PREFIXES.values()) | {
        _namespace(iri) for iri, origin in data.origins.items() if origin.file.startswith("ontology/")
    }
    candidates = namespaces & declared - vocabularies
    described: dict[str, list[str]] = {}  # each of those namespaces -> the resources described in it
    for iri in data.origins:
        namespace = _namespace(iri)
        if namespace in candidates and _has_statements(data, iri):
            described.setdefault(namespace, []).append(iri)
    if not described:
        return []
    starts = " || ".join(f'STRSTARTS(STR(?value), "{ns}")' for ns in sorted(described))
    links = ", ".join(f"<{p}>" for p in _LINK_PROPERTIES)
    rows = data.select(
        f"SELECT DISTINCT ?focus ?path ?value WHERE {{ ?focus ?path ?value . FILTER(isIRI(?value) && ({starts})) "
        f"FILTER(?path NOT IN ({links})) FILTER NOT EXISTS {{ ?value ?q ?o }} }}"
    )
    problems = []
    for row in rows:
        value = row["value"].value
        namespace = _namespace(value)
        if namespace not in described:  # a deeper path under one of them
            continue
        near = difflib.get_close_matches(value, sorted(described[namespace]), n=1, cutoff=0.6)
        hint = f" (did you mean {shorten(near[0])}?)" if near else ""
        message = (
            f"This points to {shorten(value)}, which no file describes, where other resources of "
            f"{namespace} are{hint}: check the spelling of the IRI, or describe it (its type, "
            "and a claim from its source)."
        )
        focus = row["focus"]
        problems.append(
            Problem(
                VIOLATION,
                focus.value if isinstance(focus, ox.NamedNode) else str(focus),
                message,
                shorten(row["path"].value),
                shorten(value),
                source="undescribed-resource-violation",
                component="undescribed-resource-violation",
            )
        )
    return problems


@dataclass(frozen=True)
class UndeclaredTerm:
    """A ``wps:`` term that a SPARQL text uses and the ontology does not declare."""

    local: str
    offset: int  # in the text
    meant: str | None  # the declared term likely meant, prefixed (``schema:funder``, ``wps:claimSubject``)


def declared_terms(data: Graph) -> set[str]:
    """The IRIs of the classes and properties that the ontology in ``data`` declares, any namespace."""
    owl = PREFIXES["owl"]
    kinds = " ".join(f"<{owl}{k}>" for k in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty"))
    # VALUES, not FILTER(?kind IN …): a lookup per kind, not a scan of every type triple (0.002 s, not 0.24)
    rows = data.select(f"SELECT DISTINCT ?t WHERE {{ VALUES ?kind {{ {kinds} }} ?t a ?kind FILTER(isIRI(?t)) }}")
    return {row["t"].value for row in rows}


def undeclared_terms(text: str, declared: set[str], namespaces: dict[str, str] | None = None) -> list[UndeclaredTerm]:
    """The ``wps:`` terms that the SPARQL ``text`` uses (as prefixed names, with its own prefixes and
    ``namespaces``, or as IRIs) and ``declared`` does not hold: a misspelt term finds nothing and
    says nothing. The term likely meant is a declared one of another namespace with the same name
    (``wps:funder`` for ``schema:funder``), else a ``wps:`` term spelt alike.

    >>> [(t.local, t.meant) for t in undeclared_terms("SELECT * { ?f wps:funder ?x ; wps:recipent ?y }",
    ...     {"https://schema.org/funder", str(WPS) + "recipient"}, PREFIXES)]
    [('funder', 'schema:funder'), ('recipent', 'wps:recipient')]
    """
    ns = str(WPS)
    meant = _meant_terms(declared)
    spans = sparql_guard.token_spans(text)
    known = {**(namespaces or {}), **sparql_guard.declared_prefixes(text, spans)}
    used = [(f"{known.get(p, '')}{local}", at) for p, local, at in sparql_guard.prefixed_names(text, spans)]
    used += [(iri[1:-1], at) for kind, iri, at in spans if kind == "iri"]
    out = []
    for iri, at in used:
        if not iri.startswith(ns) or iri in declared or iri == ns:
            continue
        out.append(UndeclaredTerm(iri[len(ns) :], at, meant(iri)))
    return out


def _meant_terms(declared: set[str]) -> Callable[[str], str | None]:
    """What an undeclared ``wps:`` IRI likely means, prefixed: a declared term of another namespace
    with the same name (``schema:funder`` for ``wps:funder``), else a ``wps:`` term spelt alike."""
    ns = str(WPS)
    locals_ = sorted(iri[len(ns) :] for iri in declared if iri.startswith(ns))
    elsewhere = {re.split(r"[/#]", iri)[-1].lower(): iri for iri in sorted(declared) if not iri.startswith(ns)}

    def meant(iri: str) -> str | None:
        local = iri[len(ns) :]
        other = elsewhere.get(local.lower())
        near = difflib.get_close_matches(local, locals_, n=1, cutoff=0.75)
        return shorten(other) if other else (f"wps:{near[0]}" if near else None)

    return meant


def with_term_hints(data: Graph, problems: list[Problem]) -> list[Problem]:
    """The problems, an undeclared ``wps:`` term in the data with the declared term it likely means
    ("did you mean wps:recipient?"), as ``wpskg sparql`` and the stored-query check say it."""

    def undeclared(p: Problem) -> bool:
        return p.component == "undeclared-term-violation" and bool(p.value)

    if not any(undeclared(p) for p in problems):
        return problems
    meant = functools.cache(_meant_terms(declared_terms(data)))  # one typo repeats on every subject
    out = []
    for problem in problems:
        term = (expand(problem.value or "") or problem.value or "") if undeclared(problem) else ""
        hint = meant(term) if term.startswith(str(WPS)) else None
        if hint:
            message = problem.message.replace(": check the spelling", f": did you mean {hint}? Check the spelling", 1)
            problem = dataclasses.replace(problem, message=message)
        out.append(problem)
    return out


_LOOKS_LIKE_IRI = re.compile(r"^(?:https?://\S+|[A-Za-z][\w.-]*:[^\s\"]+)$")


def with_text_iri_hints(data: Graph, problems: list[Problem]) -> list[Problem]:
    """The problems whose value is a text written like an IRI (``schema:funder "actor:belgium"``),
    with a hint that says so: the report writes the text and the IRI alike. One query asks for all."""
    asked = {
        (p.focus, prop, p.value or "")
        for p in problems
        if p.path
        and (prop := expand(p.path))
        and _LOOKS_LIKE_IRI.match(p.value or "")
        and p.focus.startswith(("http://", "https://"))
    }
    texts: set[tuple[str, str, str]] = set()
    ordered = sorted(asked)
    for start in range(0, len(ordered), 500):
        rows = " ".join(
            f"(<{s}> <{p}> {json.dumps(v, ensure_ascii=False)})" for s, p, v in ordered[start : start + 500]
        )
        found = data.select(
            f"SELECT ?s ?p ?t WHERE {{ VALUES (?s ?p ?t) {{ {rows} }} ?s ?p ?v FILTER(isLITERAL(?v) && STR(?v) = ?t) }}"
        )
        texts |= {(r["s"].value, r["p"].value, r["t"].value) for r in found}
    out = []
    for problem in problems:
        prop = expand(problem.path) if problem.path else None
        if prop and (problem.focus, prop, problem.value or "") in texts:
            literal = json.dumps(problem.value, ensure_ascii=False)
            hint = f" The value is the text {literal}, not the IRI {problem.value}: write it without the quotes."
            problem = dataclasses.replace(problem, message=problem.message + hint)
        out.append(problem)
    return out


def query_term_problems(data: Graph, project: Project) -> list[Problem]:
    """A violation for each ``wps:`` term that a stored query or a check uses and the ontology does
    not declare (a misspelt property gives a query no rows, and no error), at its file and line."""
    declared = declared_terms(data)
    problems = []
    checks = set(project.violation_queries)
    for path in sorted(project.query_dir.glob("*.rq")) + sorted(checks):
        text = path.read_text(encoding="utf-8")
        for term in undeclared_terms(text, declared, PREFIXES if path in checks else None):
            hint = f"did you mean {term.meant}? " if term.meant else ""
            message = (
                f"The ontology does not declare wps:{term.local}, so this query finds nothing with it: "
                f"{hint}Check the spelling, or declare it in ontology/wpskg.ttl."
            )
            problems.append(
                Problem(
                    VIOLATION,
                    f"wps:{term.local}",
                    message,
                    value=f"wps:{term.local}",
                    file=project.relative(path),
                    line=text.count("\n", 0, term.offset) + 1,
                    source="stored-queries",
                    component="declared-term",
                )
            )
    return problems


def empty_file_problems(data: Graph) -> list[Problem]:
    """A warning for each file that holds no triples: cut short, or left empty."""
    message = "This file holds no triples: a file cut short, or one left empty? Fill it in or remove it."
    return [Problem(WARNING, name, message, file=name, source="files", component="empty-file") for name in data.empty]


_LAYOUT = {"source": "layout", "component": "source-layout"}


#: A row of ``sources/CATALOG.md`` that names a text file in its first column.
_CATALOG_ROW = re.compile(r"^\|\s*`([^`|]+\.txt)`", re.MULTILINE)


def layout_problems(project: Project, data: Graph | None = None) -> list[Problem]:
    """Warnings for a source text that ``sources/CATALOG.md`` does not list or that no source
    document of ``data`` names (``wps:fileName``), for a catalogue row whose text is not there, and
    for a folder of ``instances/`` that is named after no source text (the facts of
    ``sources/<stem>.txt`` go in ``instances/<stem>/``)."""
    texts = sorted(project.sources_dir.glob("*.txt"))
    stems = {t.stem for t in texts}
    catalog = project.sources_dir / "CATALOG.md"
    problems = []
    if data is not None:
        named = {row["file"].value for row in data.select(sparql_prologue() + "SELECT ?file { ?d wps:fileName ?file }")}
        for text in texts:
            if text.name not in named:
                message = (
                    f'No source document names this text (wps:fileName "{text.name}"), so no fact is taken from '
                    f"it and its amounts go unchecked: describe it in instances/{text.stem}/ (docs/curation.md, "
                    '"Adding a source document").'
                )
                file = project.relative(text)
                problems.append(Problem(WARNING, text.name, message, file=file, **_LAYOUT))
    if catalog.is_file():
        listed = catalog.read_text(encoding="utf-8")
        rows = list(_CATALOG_ROW.finditer(listed))
        unlisted = sorted({t.name for t in texts} - {row.group(1).strip() for row in rows})  # the hints
        for row in rows:
            name = row.group(1).strip()
            if (project.sources_dir / name).is_file():
                continue
            near = difflib.get_close_matches(name, unlisted, n=1, cutoff=0.8)
            hint = f" Did you mean {near[0]!r}?" if near else ""
            message = (
                f"The catalogue lists {name}, but {project.sources_dir.name}/ has no such text: copy the text in "
                f"under this name, or correct or remove the row.{hint}"
            )
            line = listed.count("\n", 0, row.start()) + 1
            problems.append(Problem(WARNING, name, message, file=project.relative(catalog), line=line, **_LAYOUT))
        for text in texts:
            if f"`{text.name}`" not in listed:
                message = f"The catalogue does not list the source text {text.name}: add a row that describes it."
                line = None
                named = re.search(rf"(?<![\w.-]){re.escape(text.name)}(?![\w.-])", listed)
                if named:
                    line = listed.count("\n", 0, named.start()) + 1
                    message = (
                        f"The catalogue names {text.name}, but not as a file: write it in backticks "
                        f"(`{text.name}`) in the first column of its row."
                    )
                problems.append(
                    Problem(WARNING, text.name, message, file=project.relative(catalog), line=line, **_LAYOUT)
                )
    instances = project.root / "instances"
    holding = {folder for f in project.instance_files for folder in f.parents}  # exclusions/ holds no RDF
    for folder in sorted(f for f in instances.iterdir() if f.is_dir()) if instances.is_dir() else []:
        if folder.name in stems or folder not in holding:
            continue
        near = difflib.get_close_matches(folder.name, sorted(stems), n=1, cutoff=0.6)
        hint = f": did you mean instances/{near[0]}/?" if near else ", as instances/<file stem>/"
        message = f"This folder is named after no text in sources/: name it after the source of its facts{hint}"
        problems.append(Problem(WARNING, folder.name, message, file=project.relative(folder), **_LAYOUT))
    return problems


#: Files of ``instances/`` that are not data and need no warning.
_NOT_DATA = re.compile(r"(?i)(readme|licen[cs]e|notice)(\.\w+)?|.*\.(md|rst)")


def unread_file_problems(project: Project) -> list[Problem]:
    """A warning for each file of ``instances/`` that wpskg does not read: its extension is none of
    the RDF formats (``extra.turtle``), so its facts would be left out with no word. The exclusions
    (``instances/exclusions/*.tsv``), hidden files and a README are not data."""
    instances = project.root / "instances"
    read = set(project.instance_files)
    known = ", ".join(sorted(loaders.SUFFIXES))
    problems = []
    for file in sorted(instances.rglob("*")) if instances.is_dir() else []:
        if (
            not file.is_file()
            or file in read
            or any(part.startswith(".") for part in file.relative_to(instances).parts)
        ):
            continue
        if (file.parent == project.exclusions_dir and file.suffix == ".tsv") or _NOT_DATA.fullmatch(file.name):
            continue
        message = (
            f"wpskg does not read this file: {file.suffix or 'no extension'} is not an RDF format it knows "
            f"({known}), so its facts are in no check, answer or export. Rename it, or move it out of instances/."
        )
        problems.append(Problem(WARNING, file.name, message, file=project.relative(file), **_LAYOUT))
    return problems


def language_tag_problems(data: Graph) -> list[Problem]:
    """A violation for each literal whose language tag is not a BCP 47 tag whose language is an
    ISO 639 code (``@english``, ``@xx``, ``@eng``: :mod:`wpskg.langtags`)."""
    tags = data.select('SELECT DISTINCT (LANG(?o) AS ?tag) WHERE { ?s ?p ?o FILTER(LANG(?o) != "") }')
    problems = []
    for tag in sorted(row["tag"].value for row in tags):
        wrong = langtags.mistake(tag)
        if wrong is None:
            continue
        rows = data.select(
            "SELECT ?s ?p ?o ?tag WHERE { ?s ?p ?o FILTER(isLiteral(?o) && LANG(?o) = ?tag) }",
            substitutions={ox.Variable("tag"): ox.Literal(tag)},
        )
        for row in rows:
            subject, path, text = row["s"], shorten(row["p"].value), row["o"].value
            value = f'"{text if len(text) <= 60 else text[:59] + "…"}"@{tag}'
            owner = shorten(subject.value) if isinstance(subject, ox.NamedNode) else "a blank node"
            message = f"The {path} {value} of {owner} has a wrong language tag, @{tag}: {wrong}"
            message += "" if message.endswith("?") else "."
            problems.append(
                Problem(
                    VIOLATION, subject.value, message, path, value, source="language-tags", component="language-tag"
                )
            )
    return problems


def quote_problems(data: Graph, sources_dir: Path) -> list[Problem]:
    """A violation for each quote that its source text in ``sources_dir`` does not hold word for
    word, and for each source document whose text is not there (a misspelt ``wps:fileName`` would
    otherwise leave its quotes unchecked)."""
    problems = []
    for failure in quote_failures(data, sources_dir):
        text = f"{sources_dir.name}/{failure.file}"
        if failure.quote is None:
            severity, component, prop, value = VIOLATION, "source-text", "fileName", failure.file
            message = (
                f"The source text {text} is missing, so the quotes taken from it cannot be checked: "
                f"copy the text into {sources_dir.name}/ under this name, or correct the name."
            )
            names = sorted(p.name for p in sources_dir.glob("*.txt"))
            near = difflib.get_close_matches(failure.file, names, n=1, cutoff=0.8)
            if near:
                message += f" Did you mean {near[0]!r}?"
        else:
            severity, component, prop = VIOLATION, "quote-in-source", "quote"
            value = failure.quote if len(failure.quote) <= 120 else failure.quote[:119] + "…"
            message = (
                f"The quote is not in {text} word for word (line breaks, spacing and hyphens at line ends "
                "aside): copy it from the text."
            )
            near = failure.closest
            if failure.found_in:
                others = ", ".join(f"{sources_dir.name}/{name}" for name in failure.found_in)
                message += f" It is in {others}: is the claim derived from the wrong source document?"
            elif near is not None:
                message += f" The closest passage is at {text}:{near.line}, and {near.difference}: {near.words!r}."
        path = shorten(f"{WPS}{prop}")
        problems.append(Problem(severity, failure.subject, message, path, value, source="quotes", component=component))
    return problems


def date_problems(data: Graph) -> list[Problem]:
    """A violation for each claimed date or month whose claim's quote does not give its month or
    day (:mod:`wpskg.quoted_dates`; the year is ``shapes/claimed-date-violation.rq``'s)."""
    problems = []
    for failure in date_failures(data):
        path = shorten(failure.path)
        message = (
            f"The quote of {shorten(failure.claim)} does not give {failure.missing} of this {path} value "
            f"{failure.value}: check the date, or quote the sentence that gives it."
        )
        problems.append(
            Problem(VIOLATION, failure.subject, message, path, failure.value, source="quotes", component="claimed-date")
        )
    return problems


def actor_name_problems(data: Graph) -> list[Problem]:
    """A warning at each of two (or more) actors that share a name in one language (ignoring case,
    :func:`wpskg.names.key`) and act for the same countries, or none ("Ministerie van Defensie" of
    Belgium and of the Netherlands is not one): most often one organisation minted twice, which the
    queries then count as two."""
    rows = data.select(
        sparql_prologue() + "SELECT ?a ?label ?country WHERE { ?a a wps:Actor ; rdfs:label ?label . "
        "OPTIONAL { ?a wps:actsFor ?country } }"
    )
    named: dict[tuple[str, str], set[str]] = {}
    countries: dict[str, set[str]] = {}
    for row in rows:
        label = row["label"]
        named.setdefault((getattr(label, "language", "") or "", name_key(label.value)), set()).add(row["a"].value)
        countries.setdefault(row["a"].value, set()).update([row["country"].value] if "country" in row else [])
    problems = []
    for (language, _), actors in sorted(named.items()):
        # actors of one name that act for the same countries (or for none): one organisation twice?
        by_country: dict[frozenset[str], set[str]] = {}
        for actor in actors:
            by_country.setdefault(frozenset(countries[actor]), set()).add(actor)
        for same in by_country.values():
            if len(same) < 2:
                continue
            for actor in sorted(same):
                others = ", ".join(shorten(a) for a in sorted(same - {actor}))
                tag = f"@{language}" if language else "untagged"
                message = (
                    f"{shorten(actor)} shares its {tag} name with {others}: one organisation described twice? "
                    "Keep one IRI (the other's names as skos:altLabel), or give each the country it acts for "
                    "(wps:actsFor) if they are two."
                )
                problems.append(
                    Problem(WARNING, actor, message, "rdfs:label", None, source="actors", component="actor-name")
                )
    return problems


def country_problems(data: Graph, project: Project) -> list[Problem]:
    """A warning for each claimed country that the claim's quote does not name, when the quote
    names other countries (:func:`wpskg.countries.mismatches`): "Mali" for ``country:MW``."""
    places = countries.read_places(project.places_file) if project.places_file.is_file() else []
    names = countries.Names.of(data, places)
    problems = []
    for m in countries.mismatches(data, names):
        shown = [names.show(c) for c in m.named]
        others = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
        message = (
            f"The quote of {shorten(m.claim)} names {others} but not {names.show(m.country)}, which the claim "
            f"gives as this {shorten(m.property)}: check the country; if the quote names it by a place or an "
            f"adjective, add that to {project.relative(project.places_file)}."
        )
        problems.append(
            Problem(WARNING, m.subject, message, shorten(m.property), shorten(m.country), source="quotes",
                    component="country-not-in-quote")
        )  # fmt: skip
    return problems


def amount_problems(data: Graph, amounts: list[FundingAmount] | None = None) -> list[Problem]:
    """A violation for each funding amount that its quotes state other amounts in its currency
    but not this one, and a warning when they state none that can be read, or give it the other
    way (a ceiling stored as an exact amount, or the reverse)."""
    problems = []
    for failure in amount_failures(data, amounts):
        amount = f"{failure.amount} {failure.currency}"
        if failure.stated:
            said = ", ".join(dict.fromkeys(f"{m.written!r} ({m})" for m in failure.stated))
            severity, component = VIOLATION, "amount-in-quote"
            message = f"The amount {amount} is not in its quote, which states {said}: check the value or the quote."
        elif failure.elsewhere:
            said = ", ".join(dict.fromkeys(f"{m.written!r} ({m})" for m in failure.elsewhere))
            severity, component = VIOLATION, "amount-in-quote"
            message = f"The amount {amount} is in its quote in another currency, {said}: check the currency."
        else:
            severity, component = WARNING, "amount-readable"
            message = (
                f"No quote of this funding states an amount in {failure.currency} that wpskg can read, so the "
                f"amount {amount} cannot be checked against them: quote the words that give it."
            )
        problems.append(
            Problem(severity, failure.funding, message, "schema:amount", amount, source="quotes", component=component)
        )
    for f, words in ceiling_mismatches(data, amounts):
        amount = f"{f.amount} {f.currency}"
        if f.ceiling:
            message = (
                f"The ceiling {amount} (schema:maxValue) is an exact amount in its quote, {words!r}: write it as "
                "schema:value; schema:maxValue is for an amount the source gives only as a ceiling ('tot', 'up to')."
            )
        else:
            message = (
                f"The amount {amount} is a ceiling in its quote, {words!r}: write it as schema:maxValue, not "
                "schema:value, so that no total counts it as an amount given."
            )
        problems.append(
            Problem(WARNING, f.funding, message, "schema:amount", amount, source="quotes", component="amount-ceiling")
        )
    return problems


def version_problems(project: Project) -> list[Problem]:
    """A warning when the project's ontology (``owl:versionInfo``) is not the version this wpskg
    comes with: its inference rules and checks may use terms an older ontology lacks."""
    from . import __version__
    from .scaffold import ontology_version

    stock = stock_root()
    if stock is None or project.is_stock:
        return []
    mine, theirs = ontology_version(project.root), ontology_version(stock)
    if mine is None or theirs is None or mine == theirs:
        return []
    file = project.root / "ontology" / "wpskg.ttl"
    text = file.read_text(encoding="utf-8")
    line = text.count("\n", 0, text.index("owl:versionInfo")) + 1
    message = (
        f"This project's ontology is {mine}; this wpskg ({__version__}) comes with ontology {theirs}, which its "
        f"inference and checks are written for. Copy ontology/, shapes/, queries/ and docs/ from {stock} over yours "
        "(ontology/CHANGES.md there says what changed), or install the wpskg your ontology was written for."
    )
    return [
        Problem(
            WARNING,
            "owl:versionInfo",
            message,
            "owl:versionInfo",
            mine,
            file=project.relative(file),
            line=line,
            source="ontology-version",
            component="ontology-version",
        )
    ]


def catalog_problems(project: Project, data: Graph) -> list[Problem]:
    """Warnings for a project that publishes as itself (it has a ``dcat.ttl``): at each placeholder
    that ``dcat.ttl`` still holds from ``wpskg init``'s template, a ``.example`` IRI or a choice it
    leaves to make (``export`` refuses them), and at the first resource of each instance file that
    is minted in wpskg's own namespace, which the project does not control."""
    settings = dcat.Settings.for_project(project.root)
    if settings.source is None:
        return []
    file = project.relative(Path(settings.source))
    problems = [
        Problem(
            WARNING, p.what, p.message, file=file, line=p.line, source="dcat-placeholder", component="dcat-placeholder"
        )
        for p in settings.placeholders
    ]
    problems += _stale_modified(settings, data, file)
    minted: dict[str, tuple[int, str]] = {}  # file -> its first line that describes such a resource
    for iri, origin in data.origins.items():
        if iri.startswith(str(ID)) and origin.file.startswith("instances/"):
            minted[origin.file] = min(minted.get(origin.file, (origin.line or 0, iri)), (origin.line or 0, iri))
    for name, (line, iri) in sorted(minted.items()):
        message = (
            f"{iri} is minted in wpskg's own namespace ({ID!s}…), as is every resource of this file that "
            f"its @prefix lines put there, while {dcat.CONFIG_FILE} names {settings.publisher_name} as its publisher. "
            "Mint IRIs in a namespace you control (@prefix plan: <https://data.example.ie/id/plan/>), so that "
            'they stay yours and resolve at your server (docs/curation.md, "A data project of your own").'
        )
        problems.append(
            Problem(
                WARNING, iri, message, file=name, line=line or None, source="vocabularies", component="own-namespace"
            )
        )
    return problems


def _stale_modified(settings: dcat.Settings, data: Graph, file: str) -> list[Problem]:
    """A warning when ``dcat.ttl``'s ``dct:modified`` is earlier than the issue date of a source
    document of the data: a yearly update that added a source and kept last year's date."""
    if settings.modified is None or settings.placeholders:
        return []
    rows = data.select(
        sparql_prologue() + "SELECT ?doc ?issued WHERE { ?doc a wps:SourceDocument ; dct:issued ?issued }"
    )
    newer = sorted(
        ((r["issued"].value, r["doc"].value) for r in rows if dcat.later(r["issued"], settings.modified)), reverse=True
    )
    if not newer:
        return []
    issued, doc = newer[0]
    more = f" (and {len(newer) - 1} more)" if len(newer) > 1 else ""
    message = (
        f"dct:modified {settings.modified.value} is earlier than the issue date {issued} of the source "
        f"{shorten(doc)}{more}: the data has changed since; give this release's date."
    )
    text = Path(settings.source).read_text(encoding="utf-8") if settings.source else ""
    written = f'"{settings.modified.value}"'  # the line that gives the date, not a comment that names the property
    line = next((n for n, ln in enumerate(text.splitlines(), 1) if written in ln and "modified" in ln), None)
    line = line or (loaders.line_of(text, "dct:modified", "http://purl.org/dc/terms/modified") if text else None)
    return [Problem(WARNING, "dct:modified", message, file=file, line=line, source="dcat", component="dcat-modified")]


def figure_problems(data: Graph) -> list[Problem]:
    """A violation for each value of a reported figure that the quotes of the claims that give it
    do not state, and a warning when they state no number at all (:mod:`wpskg.figures`)."""
    problems = []
    for failure in figure_failures(data):
        path = shorten(failure.prop)
        value = f"{failure.value:f}"
        if failure.stated:
            said = ", ".join(f"{n:f}" for n in failure.stated[:8]) + (", …" if len(failure.stated) > 8 else "")
            severity = VIOLATION
            message = (
                f"The {path} {value} is not a number its quote states, which are {said}: check the value or the quote."
            )
        else:
            severity = WARNING
            message = (
                f"No quote that gives this figure's {path} states a number, so {value} cannot be checked: "
                "quote the words that give it."
            )
        problems.append(
            Problem(severity, failure.figure, message, path, value, source="quotes", component="figure-in-quote")
        )
    return problems


def coverage_problems(data: Graph, project: Project, amounts: list[FundingAmount] | None = None) -> list[Problem]:
    """A warning, at its source document, for each amount that a source text states and that is
    neither the amount of a funding claimed from the text nor listed in its exclusions file, and
    for each exclusion that no amount of the text uses."""
    named = data.select(sparql_prologue() + "SELECT ?doc ?file WHERE { ?doc wps:fileName ?file }")
    docs = {r["file"].value: r["doc"].value for r in named}
    problems = _unread_exclusions(project)
    path = shorten(f"{WPS}fileName")
    for file, found in coverage(data, project.sources_dir, project.exclusions_dir, amounts).items():
        if file not in docs:  # a text that no source document names has no claims to cover it
            continue
        exclusions = project.relative(exclusions_file(project.exclusions_dir, file))
        for m in found.missing:
            message = (
                f"{project.sources_dir.name}/{file} line {m.line} states {m.written!r} ({m}), which is the amount of "
                f"no funding claimed from it: model the funding, or list the amount in {exclusions} with a reason."
            )
            problems.append(
                Problem(WARNING, docs[file], message, path, m.written, source="quotes", component="amount-covered")
            )
        for amount, code in found.unused:
            listed = f"{amount} {code}" if code else str(amount)
            message = (
                f"{exclusions} lists {listed}, which {project.sources_dir.name}/{file} does not state, or only as "
                "the amount of a funding claimed from it: remove the line, or correct it."
            )
            problems.append(
                Problem(WARNING, docs[file], message, path, listed, source="quotes", component="exclusion-used")
            )
    return problems


def _unread_exclusions(project: Project) -> list[Problem]:
    """A warning for each file among the exclusions that belongs to no source text, so is not read."""
    if not project.exclusions_dir.is_dir():
        return []
    expected = [
        exclusions_file(project.exclusions_dir, text).name for text in sorted(project.sources_dir.glob("*.txt"))
    ]
    problems = []
    for path in sorted(project.exclusions_dir.iterdir()):
        if not path.is_file() or path.name in expected:
            continue
        name = project.relative(path)
        near = difflib.get_close_matches(path.name, expected, n=1, cutoff=0.6)
        hint = f": did you mean {near[0]}?" if near else ""
        message = (
            f"{name} is not read: the exclusions of sources/<name>.txt are in "
            f"{project.relative(project.exclusions_dir)}/<name>.tsv, and no source text has this name{hint}"
        )
        problems.append(
            Problem(WARNING, name, message, source="quotes", component="exclusions-file", file=name, line=None)
        )
    return problems


#: Country codes written for another (the United Kingdom's is GB; the EU writes Greece EL).
_CODE_MEANT = {"UK": "GB", "EL": "GR"}


_ADD_COUNTRY = " Add it to a file of your own: wpskg country {} >> ontology/vocab/countries-extra.ttl."


def with_country_hints(data: Graph, problems: list[Problem]) -> list[Problem]:
    """The problems, a country IRI that is not a wps:Country (``country:UK``, ``country:ua``,
    ``country:IRL``) with the ISO 3166-1 alpha-2 code it stands for."""
    prefix = "country:"
    kinds = ("sh:ClassConstraintComponent", "undescribed-resource-violation")  # a shape's class, or no code list
    wrong = {p for p in problems if p.component in kinds and (p.value or "").startswith((prefix, EU_COUNTRY))}
    if not wrong:
        return problems
    alpha3_of = f"OPTIONAL {{ ?c <{WPS}iso3166Alpha3> ?a3 }}"
    query = f"SELECT ?a2 ?a3 WHERE {{ ?c a <{WPS}Country> ; <{SKOS}notation> ?a2 {alpha3_of} }}"
    rows = data.select(query)
    known = {row["a2"].value for row in rows}
    alpha3 = {row["a3"].value.upper(): row["a2"].value for row in rows if "a3" in row}
    out = []
    for problem in problems:
        value = problem.value or ""
        if problem in wrong and value.startswith(EU_COUNTRY):  # the EU's IRI of a country
            eu = iso_countries.by_eu_code(value[len(EU_COUNTRY) :])
            meant = alpha3.get(eu.alpha3) if eu else None
            if eu is not None:
                hint = f" <{value}> is the EU authority's IRI of {eu.names['en']}: did you mean country:"
                hint += f"{meant}?" if meant else f"{eu.alpha2}? It is not in the code lists yet either."
                hint += "" if meant else _ADD_COUNTRY.format(eu.alpha2)
                problem = dataclasses.replace(problem, message=problem.message + hint)
            out.append(problem)
            continue
        code = value[len(prefix) :]
        meant = _CODE_MEANT.get(code.upper()) or alpha3.get(code.upper())
        if meant is None and code != code.upper() and code.lower() in langtags.regions():
            meant = code.upper()  # codes are upper case: country:ua is country:UA
        iso = iso_countries.country(code) if code == code.upper() else None
        if problem in wrong and meant:
            hint = f" {problem.value} is not an ISO 3166-1 alpha-2 code: did you mean country:{meant}?"
            if meant not in known:
                hint += f" country:{meant} is not in the code lists yet either." + _ADD_COUNTRY.format(meant)
            problem = dataclasses.replace(problem, message=problem.message + hint)
        elif problem in wrong and code not in known and iso is not None:
            hint = f" {problem.value} ({iso.names['en']}) is not in the code lists yet." + _ADD_COUNTRY.format(code)
            problem = dataclasses.replace(problem, message=problem.message + hint)
        out.append(problem)
    return out


def with_code_hints(shapes: Graph, problems: list[Problem]) -> list[Problem]:
    """The problems, a code that a shape's code list (``sh:node`` with ``sh:in``) holds in another
    case or without spaces around it (``"eur"``, ``" EUR"``) with the code meant: did you mean "EUR"?"""
    if not any(p.component == "sh:NodeConstraintComponent" for p in problems):
        return problems
    rows = shapes.select(
        f"SELECT ?path ?message ?code WHERE {{ ?shape <{SH.path}> ?path ; <{SH.node}> ?node . "
        f"?node <{SH['in']}>/<{RDF.rest}>*/<{RDF.first}> ?code OPTIONAL {{ ?shape <{SH.message}> ?message }} }}"
    )
    codes: dict[tuple[str, str | None], set[str]] = {}  # (path, the shape's message) -> its codes
    for row in rows:
        if isinstance(row["path"], ox.NamedNode) and isinstance(row["code"], ox.Literal):
            key = (shorten(row["path"].value), row["message"].value if "message" in row else None)
            codes.setdefault(key, set()).add(row["code"].value)
    out = []
    for p in problems:
        meant = (p.value or "").strip().upper()
        listed = codes.get((p.path or "", p.message), set()) | codes.get((p.path or "", None), set())
        if p.component == "sh:NodeConstraintComponent" and meant != p.value and meant in listed:
            hint = (
                f' "{p.value}" is not in the code list, which writes its codes in upper case: did you mean "{meant}"?'
            )
            p = dataclasses.replace(p, message=p.message + hint)
        out.append(p)
    return out


#: Properties that only the build's rules write (``wpskg.store.INFERENCE_RULES``), never a curator.
INFERRED_ONLY = frozenset(
    {"wps:inPlan", "wps:inTheme", "wps:coversTheme", "wps:involves", "wps:holdsRole", "org:transitiveSubOrganizationOf"}
)


def without_inferred_repeats(data: Graph, problems: list[Problem]) -> list[Problem]:
    """The problems, less those on a statement the build inferred (``dct:spatial`` from
    ``wps:planCountry``) whose value is also named, on the same focus node, at a statement of a
    subproperty: the one it was inferred from, where the curator can mend it; and less those on a
    property that only the build writes (:data:`INFERRED_ONLY`: a misspelt theme of an objective,
    again on its plan's ``wps:coversTheme``) whose value another problem of the same severity names
    at a curated one (a warning does not hide a violation); and less an undescribed resource at an
    inferred inverse (``dct:isReplacedBy`` from ``dct:replaces <be-wps-nap-3>``), whose value is
    the subject of the curated statement."""
    paths: dict[tuple[str, str], set[str]] = {}
    curated_values = set()  # (value, severity) of the problems at a curated property
    for p in problems:
        if p.path and p.value:
            paths.setdefault((p.focus, p.value), set()).add(p.path)
            if p.path not in INFERRED_ONLY:
                curated_values.add((p.value, p.severity))

    @functools.cache
    def below(sub: str, sup: str) -> bool:  # sub rdfs:subPropertyOf+ sup
        iris = expand(sub), expand(sup)
        if None in iris or iris[0] == iris[1]:
            return False
        return bool(data.store.query(f"ASK {{ <{iris[0]}> <{RDFS.subPropertyOf}>+ <{iris[1]}> }}"))

    repeats = [
        p
        for p in problems
        if p.path
        and p.value
        and (
            any(below(other, p.path) for other in paths[p.focus, p.value] - {p.path})
            or (p.path in INFERRED_ONLY and (p.value, p.severity) in curated_values)
            or p.component == "undescribed-resource-violation"
        )
    ]
    if not repeats:
        return problems
    inferred = set(data.inferred)  # only now: at a million triples this is a quarter of a second

    def was_inferred(p: Problem) -> bool:
        prop = expand(p.path or "") or p.path or ""
        value = expand(p.value or "") or p.value or ""
        try:
            return ox.Triple(ox.NamedNode(p.focus), ox.NamedNode(prop), ox.NamedNode(value)) in inferred
        except ValueError:  # a blank node, a path, a literal: never inferred
            return False

    dropped = {id(p) for p in repeats if was_inferred(p)}
    return [p for p in problems if id(p) not in dropped]


def check(project: Project, data: Graph, engine: str = DEFAULT_ENGINE, prefer: Iterable[str] = ()) -> Report:
    """Validate an already loaded and inferred graph with the project's shapes and checks, every
    funding amount against its quotes, and, when the project keeps its source texts
    (``sources/``), every quote against its text and every amount of a text against the fundings."""
    shapes = load_shapes(project)
    check_shape_queries(shapes)
    found = validate_graph(data, shapes, project.violation_queries, engine)
    problems = with_text_iri_hints(
        data, with_term_hints(data, with_code_hints(shapes, with_country_hints(data, found)))
    )
    terms = term_problems(data)
    problems += terms
    problems += namespace_problems(data)
    problems += own_undescribed_problems(data)
    if terms:  # a misspelt namespace shows as unknown terms first; reading every file costs 0.4 s at 1M triples
        problems += prefix_problems(data)
    problems += language_tag_problems(data)
    problems += query_term_problems(data, project)
    problems += empty_file_problems(data)
    problems += unread_file_problems(project)
    amounts = funding_amounts(data)  # for both amount checks
    problems += amount_problems(data, amounts)
    problems += figure_problems(data)
    problems += date_problems(data)
    problems += actor_name_problems(data)
    problems += country_problems(data, project)
    problems += version_problems(project)
    problems += catalog_problems(project, data)
    if project.sources_dir.is_dir():
        problems += layout_problems(project, data)
        problems += quote_problems(data, project.sources_dir)
        problems += coverage_problems(data, project, amounts)
    problems = without_range_of_wrong_datatype(without_type_cascades(without_inferred_repeats(data, problems)))
    return Report(locate(data, problems, prefer))


#: The constraints that compare a value with a bound, which say nothing of a value of the wrong datatype.
_RANGE_COMPONENTS = frozenset(
    f"sh:{kind}ConstraintComponent" for kind in ("MinInclusive", "MaxInclusive", "MinExclusive", "MaxExclusive")
)


def without_range_of_wrong_datatype(problems: list[Problem]) -> list[Problem]:
    """The problems, less a bound's (``sh:minInclusive 0``) on a value that a datatype problem
    already reports at the same place: ``"1.000.000 EUR"`` is not a decimal, so it is neither
    below nor above 0.

    >>> wrong = Problem(VIOLATION, "f", "Not a decimal.", "schema:value", "1.000.000",
    ...     component="sh:DatatypeConstraintComponent")
    >>> bound = dataclasses.replace(wrong, message="At least 0.", component="sh:MinInclusiveConstraintComponent")
    >>> [p.message for p in without_range_of_wrong_datatype([wrong, bound])]
    ['Not a decimal.']
    """
    wrong = {(p.focus, p.path, p.value) for p in problems if p.component == "sh:DatatypeConstraintComponent"}
    return [p for p in problems if not (p.component in _RANGE_COMPONENTS and (p.focus, p.path, p.value) in wrong)]


def without_type_cascades(problems: list[Problem]) -> list[Problem]:
    """The problems, less those that only follow from a subject's undeclared class (``a wps:Fundng``):
    each property it has outside its domain, and each shape that wants the class of the subject.
    The class's own problem counts them, so that one typo reads as one violation.

    >>> typo = Problem(VIOLATION, "https://x.org/f", "The ontology does not declare wps:Fundng.", "rdf:type",
    ...     "wps:Fundng", component="undeclared-term-violation")
    >>> domain = Problem(VIOLATION, "https://x.org/f", "Not a funding.", "wps:recipient", "actor:a",
    ...     component="wrong-domain-violation")
    >>> [p.message[:70] for p in without_type_cascades([typo, domain])]
    ['The ontology does not declare wps:Fundng. 1 other violation of this su']
    """
    mistyped = {p.focus: p for p in problems if p.component == "undeclared-term-violation" and p.path == "rdf:type"}
    if not mistyped:
        return problems

    def follows(p: Problem) -> bool:
        if p.focus not in mistyped or p.severity != VIOLATION or p is mistyped[p.focus]:
            return False
        if p.component == "wrong-domain-violation":
            return True
        return (
            p.component == "sh:ClassConstraintComponent"
            and not p.path
            and (expand(p.value or "") or p.value) == p.focus
        )

    dropped = {id(p): p for p in problems if follows(p)}
    counts: dict[str, int] = {}
    for p in dropped.values():
        counts[p.focus] = counts.get(p.focus, 0) + 1
    out = []
    for p in problems:
        if id(p) in dropped:
            continue
        n = counts.get(p.focus, 0) if p is mistyped.get(p.focus) else 0
        if n:
            follow = (
                "1 other violation of this subject follows"
                if n == 1
                else f"{n} other violations of this subject follow"
            )
            p = dataclasses.replace(
                p,
                message=f"{p.message} {follow} from it (the properties and shapes that need its class), "
                "not shown until the class is mended.",
            )
        out.append(p)
    return out


def validate(project: Project, files: Sequence[Path] = (), engine: str = DEFAULT_ENGINE) -> Report:
    """Validate the project's instances, or ``files`` merged with them.

    When files are given, only problems whose focus node is described in those
    files (in any of them, if others describe it too; for a blank node, the named
    node it hangs off) are reported, at their place in those files.
    """
    try:  # a mistake in the catalogue description stops the run here, not at export ...
        dcat.Settings.for_project(project.root)
        catalog_error = None
    except InputError as error:
        catalog_error = error
    files = [files] if isinstance(files, (str, os.PathLike)) else files  # one file given as it is, not its letters
    shipped = {p.resolve() for p in project.instance_files}
    extra = [f for f in files if Path(f).resolve() not in shipped]
    try:
        data = load_project(project, extra=extra)
    except InputError as error:  # ... with every file that cannot be read
        raise InputErrors.of([*([catalog_error] if catalog_error else []), error]) from None
    if catalog_error is not None:
        raise catalog_error
    infer(data)
    wanted = {project.relative(Path(f)) for f in files} | {str(f) for f in files}
    problems = check(project, data, engine, prefer=wanted).problems
    if files:
        problems = [p for p in problems if p.file in wanted]
    return Report(problems, [project.relative(Path(f)) for f in files])
