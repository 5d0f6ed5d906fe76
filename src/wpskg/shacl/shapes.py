"""Read a SHACL shapes graph (a pyoxigraph store) into plain Python objects.

Only what the compiler needs is read: shapes, their targets, severity,
message, deactivation, paths, constraint parameters and nested shapes.
Anything this package cannot compile is recorded on the shape as
``unsupported`` (with a reason) so that the engine can hand that shape to
pySHACL instead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import PREFIXES, RDF, RDFS

SH, OWL = PREFIXES["sh"], PREFIXES["owl"]

RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_FIRST = RDF + "first"
RDF_REST = RDF + "rest"
RDF_NIL = ox.NamedNode(RDF + "nil")

#: Parameters whose constraint this package compiles (shape-valued ones included).
KNOWN_PARAMETERS = {
    SH + name
    for name in [
        "class",
        "datatype",
        "nodeKind",
        "minCount",
        "maxCount",
        "minInclusive",
        "maxInclusive",
        "minExclusive",
        "maxExclusive",
        "minLength",
        "maxLength",
        "pattern",
        "flags",
        "languageIn",
        "uniqueLang",
        "in",
        "hasValue",
        "node",
        "not",
        "and",
        "or",
        "xone",
        "property",
        "qualifiedValueShape",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "qualifiedValueShapesDisjoint",
        "equals",
        "disjoint",
        "lessThan",
        "lessThanOrEquals",
        "closed",
        "ignoredProperties",
        "sparql",
    ]
}
#: Parameters of sh: that this package knows and does not compile.
UNSUPPORTED_PARAMETERS = {SH + n: n for n in ("target", "rule", "expression", "values", "sparqlTarget")}


class ShapesError(Exception):
    """The shapes graph is malformed (for example a broken RDF list or path)."""


class Unsupported(Exception):
    """A shape uses a feature that this package does not compile."""


@dataclass(frozen=True)
class Path:
    """A SHACL property path.

    ``kind`` is one of ``pred``, ``inv``, ``seq``, ``alt``, ``star``, ``plus``, ``opt``.
    """

    kind: str
    iri: str | None = None
    items: tuple[Path, ...] = ()

    def sparql(self) -> str:
        """The path in SPARQL property-path syntax.

        >>> Path("seq", items=(Path("pred", "http://e/a"), Path("inv", items=(Path("pred", "http://e/b"),)))).sparql()
        '(<http://e/a>/^(<http://e/b>))'
        """
        if self.kind == "pred":
            return f"<{self.iri}>"
        if self.kind == "inv":
            return f"^({self.items[0].sparql()})"
        if self.kind == "seq":
            return "(" + "/".join(p.sparql() for p in self.items) + ")"
        if self.kind == "alt":
            return "(" + "|".join(p.sparql() for p in self.items) + ")"
        suffix = {"star": "*", "plus": "+", "opt": "?"}[self.kind]
        return f"({self.items[0].sparql()}){suffix}"

    @property
    def nullable(self) -> bool:
        """Whether the path can match zero steps (so that the focus node is its own value)."""
        if self.kind in ("star", "opt"):
            return True
        if self.kind == "seq":
            return all(p.nullable for p in self.items)
        if self.kind == "alt":
            return any(p.nullable for p in self.items)
        if self.kind == "plus":
            return self.items[0].nullable
        return False

    @property
    def simple(self) -> bool:
        """A single predicate or the inverse of one: value nodes are never repeated."""
        return self.kind == "pred" or (self.kind == "inv" and self.items[0].kind == "pred")


@dataclass(eq=False)
class Constraint:
    """One constraint of a shape: a component name (``MinCount``) and its parameters."""

    component: str
    params: dict[str, object]
    node: ox.Term | None = None  # the sh:sparql node, for SPARQL constraints


@dataclass(eq=False)
class Shape:
    """A node shape (``path is None``) or a property shape."""

    node: ox.Term
    path: Path | None = None
    path_node: ox.Term | None = None
    severity: str = "Violation"
    message: str | None = None
    deactivated: bool = False
    target_classes: list[ox.NamedNode] = field(default_factory=list)
    target_nodes: list[ox.Term] = field(default_factory=list)
    target_subjects_of: list[ox.NamedNode] = field(default_factory=list)
    target_objects_of: list[ox.NamedNode] = field(default_factory=list)
    implicit_class: bool = False
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    parents: list[Shape] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)

    @property
    def has_targets(self) -> bool:
        return bool(
            self.target_classes
            or self.target_nodes
            or self.target_subjects_of
            or self.target_objects_of
            or self.implicit_class
        )

    @property
    def name(self) -> str:
        return str(self.node)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class ShapesGraph:
    """The shapes of a shapes graph, read once.

    >>> store = ox.Store()
    >>> store.load(b'''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <http://e/S> a sh:NodeShape ; sh:targetClass <http://e/C> ;
    ...     sh:property [ sh:path <http://e/p> ; sh:minCount 1 ] .''', format=ox.RdfFormat.TURTLE)
    >>> sg = ShapesGraph(store)
    >>> [(s.name, [c.component for c in s.properties[0].constraints]) for s in sg.targeted()]
    [('<http://e/S>', ['MinCount'])]
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.triples: dict[ox.Term, dict[str, list[ox.Term]]] = defaultdict(lambda: defaultdict(list))
        for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            self.triples[quad.subject][quad.predicate.value].append(quad.object)
        self._shapes: dict[ox.Term, Shape] = {}
        self.custom_parameters = self._custom_parameters()
        self.class_types = self._class_types()
        for node in self._shape_nodes():
            self.shape(node)

    # -- graph helpers ------------------------------------------------------

    def objects(self, subject: ox.Term, predicate: str) -> list[ox.Term]:
        if subject not in self.triples:
            return []
        return self.triples[subject].get(predicate, [])

    def value(self, subject: ox.Term, predicate: str) -> ox.Term | None:
        values = self.objects(subject, predicate)
        return values[0] if values else None

    def subjects(self, predicate: str, obj: ox.Term | None = None) -> list[ox.Term]:
        out = []
        for subject, props in self.triples.items():
            values = props.get(predicate)
            if values and (obj is None or obj in values):
                out.append(subject)
        return out

    def items(self, head: ox.Term) -> list[ox.Term]:
        """The members of an RDF list."""
        out: list[ox.Term] = []
        seen = set()
        node = head
        while node != RDF_NIL:
            if node in seen:
                raise ShapesError(f"cyclic RDF list at {node}")
            seen.add(node)
            first = self.objects(node, RDF_FIRST)
            rest = self.objects(node, RDF_REST)
            if len(first) != 1 or len(rest) != 1:
                raise ShapesError(f"malformed RDF list at {node}")
            out.append(first[0])
            node = rest[0]
        return out

    def text(self, subject: ox.Term, predicate: str) -> str | None:
        """A literal value, preferring English or untagged text."""
        values = [v for v in self.objects(subject, predicate) if isinstance(v, ox.Literal)]
        if not values:
            return None
        values.sort(key=lambda v: (v.language not in (None, "en"), v.language or "", v.value))
        return values[0].value

    def _custom_parameters(self) -> set[str]:
        """Parameter paths of constraint components declared in the shapes graph (SPARQL-based)."""
        out = set()
        for component in self.subjects(SH + "parameter"):
            for parameter in self.objects(component, SH + "parameter"):
                for path in self.objects(parameter, SH + "path"):
                    if isinstance(path, ox.NamedNode):
                        out.add(path.value)
        return out

    def _class_types(self) -> set[ox.Term]:
        """rdfs:Class and its declared subclasses: shapes of these types target their instances."""
        klass = ox.NamedNode(RDFS + "Class")
        return {klass, *self.subjects(RDFS + "subClassOf", klass)}

    def _shape_nodes(self) -> list[ox.Term]:
        """Every node that is a shape, as SHACL (and pySHACL) recognise them."""
        nodes: dict[ox.Term, None] = {}
        for kind in ("NodeShape", "PropertyShape"):
            for s in self.subjects(RDF_TYPE.value, ox.NamedNode(SH + kind)):
                nodes[s] = None
        for p in (
            "targetClass",
            "targetNode",
            "targetSubjectsOf",
            "targetObjectsOf",
            "property",
            "node",
        ):
            for s in self.subjects(SH + p):
                nodes[s] = None
        return sorted(nodes, key=str)

    # -- shapes -------------------------------------------------------------

    def shape(self, node: ox.Term) -> Shape:
        """The shape at ``node``, read on first use (recursive references share one object)."""
        if node in self._shapes:
            return self._shapes[node]
        shape = Shape(node)
        self._shapes[node] = shape
        self._read(shape)
        return shape

    def targeted(self) -> list[Shape]:
        """Shapes with at least one target, in a stable order."""
        return [s for s in sorted(self._shapes.values(), key=lambda s: str(s.node)) if s.has_targets]

    def all(self) -> list[Shape]:
        return list(self._shapes.values())

    def _read(self, shape: Shape) -> None:
        node = shape.node
        props = self.triples.get(node, {})
        paths = props.get(SH + "path", [])
        if len(paths) > 1:
            shape.unsupported.append("more than one sh:path")
        if paths:
            shape.path_node = paths[0]
            try:
                shape.path = self.read_path(paths[0])
            except (ShapesError, Unsupported) as exc:
                shape.unsupported.append(f"path: {exc}")
        severity = props.get(SH + "severity")
        if severity:
            shape.severity = _local(str(severity[0].value))
        shape.message = self.text(node, SH + "message")
        shape.deactivated = any(
            isinstance(v, ox.Literal) and v.value == "true" for v in props.get(SH + "deactivated", [])
        )
        shape.target_classes = [t for t in props.get(SH + "targetClass", []) if isinstance(t, ox.NamedNode)]
        shape.target_nodes = list(props.get(SH + "targetNode", []))
        shape.target_subjects_of = [t for t in props.get(SH + "targetSubjectsOf", []) if isinstance(t, ox.NamedNode)]
        shape.target_objects_of = [t for t in props.get(SH + "targetObjectsOf", []) if isinstance(t, ox.NamedNode)]
        shape.implicit_class = isinstance(node, ox.NamedNode) and any(
            t in self.class_types for t in props.get(RDF_TYPE.value, [])
        )
        if any(isinstance(t, ox.BlankNode) for t in shape.target_nodes):
            shape.unsupported.append("a blank node as sh:targetNode")
        for predicate in props:
            if predicate in UNSUPPORTED_PARAMETERS:
                shape.unsupported.append(f"sh:{UNSUPPORTED_PARAMETERS[predicate]}")
            elif predicate in self.custom_parameters and predicate not in KNOWN_PARAMETERS:
                shape.unsupported.append(f"SPARQL-based constraint component parameter <{predicate}>")
        try:
            self._read_constraints(shape, props)
        except (ShapesError, Unsupported) as exc:
            shape.unsupported.append(str(exc))

    def read_path(self, node: ox.Term) -> Path:
        """Parse a SHACL path node."""
        if isinstance(node, ox.NamedNode):
            return Path("pred", node.value)
        if isinstance(node, ox.Literal):
            raise ShapesError(f"a literal is not a path: {node}")
        props = self.triples.get(node, {})
        keys = set(props)
        if RDF_FIRST in keys:
            # A list is a sequence path, whatever else the node says (W3C path-strange-001).
            members = self.items(node)
            if len(members) < 2:
                raise ShapesError("a sequence path needs at least two members")
            return Path("seq", items=tuple(self.read_path(m) for m in members))
        if len(keys) != 1:
            raise ShapesError(f"a path node must have exactly one path property, not {sorted(keys)}")
        (key,) = keys
        values = props[key]
        if len(values) != 1:
            raise ShapesError(f"a path node has several values for <{key}>")
        value = values[0]
        if key == SH + "inversePath":
            return Path("inv", items=(self.read_path(value),))
        if key == SH + "alternativePath":
            members = self.items(value)
            if len(members) < 2:
                raise ShapesError("an alternative path needs at least two members")
            return Path("alt", items=tuple(self.read_path(m) for m in members))
        kinds = {
            SH + "zeroOrMorePath": "star",
            SH + "oneOrMorePath": "plus",
            SH + "zeroOrOnePath": "opt",
        }
        if key in kinds:
            return Path(kinds[key], items=(self.read_path(value),))
        raise ShapesError(f"unknown path property <{key}>")

    def _shape_list(self, head: ox.Term) -> list[Shape]:
        return [self.shape(m) for m in self.items(head)]

    def _read_constraints(self, shape: Shape, props: dict[str, list[ox.Term]]) -> None:
        def single(name: str) -> ox.Term | None:
            values = props.get(SH + name, [])
            if len(values) > 1:
                raise ShapesError(f"several values of sh:{name}")
            return values[0] if values else None

        add = shape.constraints.append
        for cls in props.get(SH + "class", []):
            add(Constraint("Class", {"class": cls}))
        for dt in props.get(SH + "datatype", []):
            add(Constraint("Datatype", {"datatype": dt}))
        for kind in props.get(SH + "nodeKind", []):
            add(Constraint("NodeKind", {"nodeKind": kind}))
        for name in ("minCount", "maxCount", "minLength", "maxLength"):
            for value in props.get(SH + name, []):
                if not isinstance(value, ox.Literal):
                    raise ShapesError(f"sh:{name} must be an integer")
                add(Constraint(name[0].upper() + name[1:], {name: int(value.value)}))
        for name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            for value in props.get(SH + name, []):
                add(Constraint(name[0].upper() + name[1:], {name: value}))
        flags = single("flags")
        for pattern in props.get(SH + "pattern", []):
            add(Constraint("Pattern", {"pattern": pattern.value, "flags": flags.value if flags else ""}))
        for head in props.get(SH + "languageIn", []):
            add(Constraint("LanguageIn", {"languageIn": [t.value for t in self.items(head)]}))
        for value in props.get(SH + "uniqueLang", []):
            if isinstance(value, ox.Literal) and value.value == "true":
                add(Constraint("UniqueLang", {}))
        for head in props.get(SH + "in", []):
            add(Constraint("In", {"in": self.items(head)}))
        for value in props.get(SH + "hasValue", []):
            add(Constraint("HasValue", {"hasValue": value}))
        for value in props.get(SH + "node", []):
            add(Constraint("Node", {"node": self.shape(value)}))
        for value in props.get(SH + "not", []):
            add(Constraint("Not", {"not": self.shape(value)}))
        for name in ("and", "or", "xone"):
            for head in props.get(SH + name, []):
                add(Constraint(name[0].upper() + name[1:], {name: self._shape_list(head)}))
        for value in props.get(SH + "property", []):
            child = self.shape(value)
            child.parents.append(shape)
            shape.properties.append(child)
        qvs = props.get(SH + "qualifiedValueShape", [])
        if qvs:
            disjoint = single("qualifiedValueShapesDisjoint")
            for q in qvs:
                params = {
                    "shape": self.shape(q),
                    "disjoint": isinstance(disjoint, ox.Literal) and disjoint.value == "true",
                }
                low = single("qualifiedMinCount")
                high = single("qualifiedMaxCount")
                if low is not None:
                    add(Constraint("QualifiedMinCount", {**params, "min": int(low.value)}))
                if high is not None:
                    add(Constraint("QualifiedMaxCount", {**params, "max": int(high.value)}))
        for name in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            for value in props.get(SH + name, []):
                if not isinstance(value, ox.NamedNode):
                    raise Unsupported(f"sh:{name} with a non-IRI value")
                add(Constraint(name[0].upper() + name[1:], {name: value}))
        closed = single("closed")
        if isinstance(closed, ox.Literal) and closed.value == "true":
            ignored = single("ignoredProperties")
            add(Constraint("Closed", {"ignored": self.items(ignored) if ignored is not None else []}))
        for value in props.get(SH + "sparql", []):
            add(self._sparql_constraint(shape, value))

    def _sparql_constraint(self, shape: Shape, node: ox.Term) -> Constraint:
        select = self.text(node, SH + "select")
        if select is None:
            raise Unsupported("sh:sparql without sh:select")
        deactivated = any(
            isinstance(v, ox.Literal) and v.value == "true" for v in self.objects(node, SH + "deactivated")
        )
        return Constraint(
            "SPARQL",
            {
                "select": select,
                "prefixes": self.prefixes(node),
                "message": self.text(node, SH + "message"),
                "deactivated": deactivated,
                "severity": _local(str(self.value(node, SH + "severity").value))
                if self.value(node, SH + "severity") is not None
                else None,
            },
            node=node,
        )

    def prefixes(self, node: ox.Term) -> dict[str, str]:
        """The prefixes that ``node`` declares through sh:prefixes (following owl:imports)."""
        out: dict[str, str] = {}
        todo = list(self.objects(node, SH + "prefixes"))
        seen: set[ox.Term] = set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            for decl in self.objects(current, SH + "declare"):
                prefix = self.value(decl, SH + "prefix")
                namespace = self.value(decl, SH + "namespace")
                if prefix is not None and namespace is not None:
                    out[prefix.value] = namespace.value
            todo.extend(self.objects(current, OWL + "imports"))
        return out
