"""Compile SHACL shapes into SPARQL SELECT queries for pyoxigraph.

Every constraint of a targeted shape becomes one SELECT that returns the
violations: ``?this`` (the focus node), and, where SHACL reports one,
``?value`` (the value node) and ``?path`` (for sh:closed and SPARQL
constraints). Nested shapes (sh:node, sh:not, sh:and, sh:or, sh:xone,
sh:qualifiedValueShape) are compiled into SPARQL boolean expressions, so
that one query answers a whole nested check inside the store.

Value-node constraints become expressions that are wrapped in
``COALESCE(expr, false)``: a SPARQL error (comparing a string with a number,
say) makes the value node fail, as SHACL requires.

Known deviations of pyoxigraph that this module works around:

- a zero-length property path (``p*``, ``p?``) matches only nodes that occur
  in the graph, so a nullable path is compiled as a UNION with the focus
  node itself;
- casting functions exist only for some XSD datatypes, so ill-formed
  literals are detected for those datatypes (and the xsd:integer family)
  only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import RDF, RDFS, XSD
from .shapes import SH, Constraint, Path, Shape, ShapesError, Unsupported

RDF_TYPE = f"<{RDF}type>"
RDF_LANGSTRING = RDF + "langString"

#: A focus pattern: given a variable name, a group graph pattern that binds it
#: to every focus node exactly once.
Focus = Callable[[str], str]

#: Datatypes whose lexical forms pyoxigraph can check with a cast function.
CASTABLE = {
    XSD + n
    for n in [
        "boolean",
        "integer",
        "decimal",
        "float",
        "double",
        "dateTime",
        "date",
        "time",
        "gYear",
        "gYearMonth",
        "gMonth",
        "gDay",
        "gMonthDay",
        "duration",
        "yearMonthDuration",
        "dayTimeDuration",
    ]
}
#: Integer datatypes derived from xsd:integer, with their (inclusive) bounds.
INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    XSD + "nonNegativeInteger": (0, None),
    XSD + "positiveInteger": (1, None),
    XSD + "nonPositiveInteger": (None, 0),
    XSD + "negativeInteger": (None, -1),
    XSD + "long": (-(2**63), 2**63 - 1),
    XSD + "int": (-(2**31), 2**31 - 1),
    XSD + "short": (-(2**15), 2**15 - 1),
    XSD + "byte": (-(2**7), 2**7 - 1),
    XSD + "unsignedLong": (0, 2**64 - 1),
    XSD + "unsignedInt": (0, 2**32 - 1),
    XSD + "unsignedShort": (0, 2**16 - 1),
    XSD + "unsignedByte": (0, 2**8 - 1),
}
NODE_KINDS = {
    SH + "IRI": "isIRI({v})",
    SH + "BlankNode": "isBlank({v})",
    SH + "Literal": "isLiteral({v})",
    SH + "BlankNodeOrIRI": "!isLiteral({v})",
    SH + "BlankNodeOrLiteral": "!isIRI({v})",
    SH + "IRIOrLiteral": "!isBlank({v})",
}
COMPARISONS = {"MinInclusive": ">=", "MinExclusive": ">", "MaxInclusive": "<=", "MaxExclusive": "<"}
#: How many distinct values a nested count check may compare pairwise.
MAX_NESTED_COUNT = 4


def term(t: ox.Term) -> str:
    """A constant in SPARQL syntax; blank nodes cannot be written in a query."""
    if isinstance(t, ox.BlankNode):
        raise Unsupported("a blank node as a constraint parameter")
    return str(t)


def string(text: str) -> str:
    """A SPARQL string literal.

    >>> string('a "b"\\\\c')
    '"a \\\\"b\\\\"\\\\\\\\c"'
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


@dataclass
class Check:
    """One compiled SELECT and how to read its rows.

    ``mode`` says which constraints a row violates: ``single``, the one
    constraint; ``flags``, constraint *i* when ``?f<i>`` is true (several
    value-node constraints of a shape checked in one pass); ``count``, sh:minCount
    and sh:maxCount compared with ``?n``.
    """

    shape: Shape
    constraints: list[Constraint]
    query: str
    value: str = "value"  # "value": ?value; "focus": the focus node; "none"
    has_path: bool = False  # the query binds ?path
    mode: str = "single"
    bounds: tuple[int | None, int | None] = (None, None)

    @property
    def components(self) -> list[str]:
        return [component_iri(c) for c in self.constraints]


def component_iri(c: Constraint) -> str:
    """The IRI of the constraint component of ``c``."""
    return f"{SH}{c.component}ConstraintComponent"


@dataclass
class Compiled:
    """The checks of the targeted shapes, and the shapes that could not be compiled."""

    checks: list[Check] = field(default_factory=list)
    unsupported: dict[Shape, str] = field(default_factory=dict)


class Compiler:
    """Turns shapes into :class:`Check` s; ``data`` is needed for class hierarchies."""

    def __init__(self, data: ox.Store) -> None:
        self.data = data
        self._n = 0
        self._closures: dict[str, list[str]] = {}
        self._stack: list[Shape] = []

    # -- helpers ------------------------------------------------------------

    def var(self, hint: str = "v") -> str:
        self._n += 1
        return f"?_{hint}{self._n}"

    def subclasses(self, cls: str) -> list[str]:
        """``cls`` and every class below it along rdfs:subClassOf in the data graph."""
        if cls not in self._closures:
            rows = self.data.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS}subClassOf>+ <{cls}> . FILTER(isIRI(?c)) }}")
            found = sorted({row["c"].value for row in rows} - {cls})  # type: ignore[union-attr]
            self._closures[cls] = [cls, *found]
        return self._closures[cls]

    def instance_of(self, x: str, cls: str) -> str:
        """A triple pattern (plus filter) that holds when ``x`` is a SHACL instance of ``cls``."""
        classes = self.subclasses(cls)
        if len(classes) == 1:
            return f"{x} {RDF_TYPE} <{cls}> ."
        k = self.var("k")
        return f"{x} {RDF_TYPE} {k} . FILTER({k} IN ({', '.join(f'<{c}>' for c in classes)}))"

    def values(self, focus: Focus | None, x: str, path: Path, v: str) -> str:
        """A pattern binding ``v`` to the value nodes of ``x`` along ``path``.

        With ``focus``, the pattern also binds ``x`` to the focus nodes; without,
        ``x`` must be bound from outside (inside EXISTS).
        """
        step = f"{x} {path.sparql()} {v} ."
        if focus is None:
            return f"{{ {step} }} UNION {{ BIND({x} AS {v}) }}" if path.nullable else step
        if path.nullable:
            return f"{{ {focus(x)} {step} }} UNION {{ {focus(x)} BIND({x} AS {v}) }}"
        return f"{focus(x)} {step}"

    def distinct_values(self, x: str, path: Path, count: int, expr: Callable[[str], str] | None) -> str:
        """A pattern with a solution when ``x`` has ``count`` distinct values (passing ``expr``)."""
        if count > MAX_NESTED_COUNT:
            raise Unsupported(f"a nested count above {MAX_NESTED_COUNT}")
        names = [self.var() for _ in range(count)]
        parts = []
        for n in names:
            parts.append(
                self.values(None, x, path, n) if not path.nullable else f"{{ {self.values(None, x, path, n)} }}"
            )
            if expr is not None:
                parts.append(f"FILTER({expr(n)})")
        pairs = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1 :]]
        if pairs:
            parts.append(f"FILTER({' && '.join(pairs)})")
        return " ".join(parts)

    # -- targets ------------------------------------------------------------

    def target(self, shape: Shape) -> Focus:
        """The focus pattern of a targeted shape."""
        branches: list[tuple[Callable[[str], str], bool]] = []  # (pattern, may repeat a node)
        classes = [c.value for c in shape.target_classes]
        if shape.implicit_class and isinstance(shape.node, ox.NamedNode):
            classes.append(shape.node.value)
        for cls in dict.fromkeys(classes):
            repeats = len(self.subclasses(cls)) > 1
            branches.append(((lambda x, c=cls: self.instance_of(x, c)), repeats))
        if shape.target_nodes:
            nodes = " ".join(term(t) for t in dict.fromkeys(shape.target_nodes))
            branches.append(((lambda x: f"VALUES {x} {{ {nodes} }}"), False))
        for p in shape.target_subjects_of:
            branches.append(((lambda x, p=p: f"{x} <{p.value}> {self.var('o')} ."), True))
        for p in shape.target_objects_of:
            branches.append(((lambda x, p=p: f"{self.var('s')} <{p.value}> {x} ."), True))
        if not branches:
            raise Unsupported("no targets")
        if len(branches) == 1 and not branches[0][1]:
            return branches[0][0]

        def union(x: str) -> str:
            inner = " UNION ".join(f"{{ {b(x)} }}" for b, _ in branches)
            return f"{{ SELECT DISTINCT {x} WHERE {{ {inner} }} }}"

        return union

    def value_focus(self, focus: Focus, path: Path) -> Focus:
        """The focus pattern of property shapes nested under a property shape: its value nodes."""

        def pattern(x: str) -> str:
            f = self.var("f")
            return f"{{ SELECT DISTINCT {x} WHERE {{ {self.values(focus, f, path, x)} }} }}"

        return pattern

    # -- value-node constraints as expressions --------------------------------

    def value_ok(self, c: Constraint, v: str, node_level: bool) -> str | None:
        """An expression true when value node ``v`` satisfies ``c``; None if not per value."""
        p = c.params
        kind = c.component
        if kind == "Class":
            cls = p["class"]
            if not isinstance(cls, ox.NamedNode):
                raise Unsupported("sh:class with a non-IRI value")
            return f"EXISTS {{ {self.instance_of(v, cls.value)} }}"
        if kind == "Datatype":
            return self.datatype_ok(p["datatype"], v)  # type: ignore[arg-type]
        if kind == "NodeKind":
            kind_iri = getattr(p["nodeKind"], "value", None)
            if kind_iri not in NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {p['nodeKind']}")
            return NODE_KINDS[kind_iri].format(v=v)
        if kind in COMPARISONS:
            bound = p[kind[0].lower() + kind[1:]]
            return f"({v} {COMPARISONS[kind]} {term(bound)})"  # type: ignore[arg-type]
        if kind == "MinLength":
            return f"(!isBlank({v}) && STRLEN(STR({v})) >= {p['minLength']})"
        if kind == "MaxLength":
            return f"(!isBlank({v}) && STRLEN(STR({v})) <= {p['maxLength']})"
        if kind == "Pattern":
            flags = str(p["flags"])
            if set(flags) - set("imsx"):
                raise Unsupported(f"sh:flags {flags!r}")
            return f"(!isBlank({v}) && REGEX(STR({v}), {string(str(p['pattern']))}, {string(flags)}))"
        if kind == "LanguageIn":
            tags = p["languageIn"]
            if not tags:
                return "false"
            tests = " || ".join(f"langMatches(lang({v}), {string(str(t))})" for t in tags)  # type: ignore[union-attr]
            return f"(isLiteral({v}) && ({tests}))"
        if kind == "In":
            return self.in_ok(p["in"], v)  # type: ignore[arg-type]
        if kind == "HasValue" and node_level:
            return f"sameTerm({v}, {term(p['hasValue'])})"  # type: ignore[arg-type]
        if kind == "Node":
            return self.conform(p["node"], v)  # type: ignore[arg-type]
        if kind == "Not":
            return f"!({self.conform(p['not'], v)})"  # type: ignore[arg-type]
        if kind == "And":
            return "(" + " && ".join(self.conform(s, v) for s in p["and"]) + ")"  # type: ignore[union-attr]
        if kind == "Or":
            return "(" + " || ".join(self.conform(s, v) for s in p["or"]) + ")"  # type: ignore[union-attr]
        if kind == "Xone":
            ones = " + ".join(f"IF({self.conform(s, v)}, 1, 0)" for s in p["xone"])  # type: ignore[union-attr]
            return f"(({ones}) = 1)"
        return None

    def datatype_ok(self, dt: ox.Term, v: str) -> str:
        if not isinstance(dt, ox.NamedNode):
            raise Unsupported("sh:datatype with a non-IRI value")
        iri = dt.value
        base = f"isLiteral({v}) && DATATYPE({v}) = <{iri}>"
        if iri in CASTABLE:
            return f"({base} && sameTerm(<{iri}>(STR({v})), <{iri}>(STR({v}))))"
        if iri in INTEGER_RANGES:
            low, high = INTEGER_RANGES[iri]
            checks = [f"sameTerm(<{XSD}integer>(STR({v})), <{XSD}integer>(STR({v})))"]
            if low is not None:
                checks.append(f"<{XSD}integer>(STR({v})) >= {low}")
            if high is not None:
                checks.append(f"<{XSD}integer>(STR({v})) <= {high}")
            return f"({base} && {' && '.join(checks)})"
        return f"({base})"

    def in_ok(self, members: list[ox.Term], v: str) -> str:
        if not members:
            return "false"
        if all(isinstance(m, ox.Literal) and m.datatype.value == XSD + "string" and not m.language for m in members):
            listed = ", ".join(string(m.value) for m in members)
            return f"(isLiteral({v}) && DATATYPE({v}) = <{XSD}string> && STR({v}) IN ({listed}))"
        if all(isinstance(m, ox.NamedNode) for m in members):
            return f"(isIRI({v}) && {v} IN ({', '.join(term(m) for m in members)}))"
        return "(" + " || ".join(f"sameTerm({v}, {term(m)})" for m in members) + ")"

    # -- nested conformance -------------------------------------------------

    def conform(self, shape: Shape, x: str) -> str:
        """An expression that holds when node ``x`` conforms to ``shape``."""
        if shape.deactivated:
            return "true"
        if shape.unsupported:
            raise Unsupported(f"nested shape {shape.name}: {shape.unsupported[0]}")
        if shape in self._stack:
            raise Unsupported(f"recursive shape {shape.name}")
        self._stack.append(shape)
        try:
            parts: list[str] = []
            if shape.path is None:
                for c in shape.constraints:
                    ok = self.value_ok(c, x, node_level=True)
                    parts.append(f"COALESCE({ok}, false)" if ok is not None else self.focus_ok(shape, c, x))
                parts.extend(self.conform(p, x) for p in shape.properties)
            else:
                v = self.var()
                local = []
                for c in shape.constraints:
                    ok = self.value_ok(c, v, node_level=False)
                    if ok is not None:
                        local.append(f"COALESCE({ok}, false)")
                    else:
                        parts.append(self.focus_ok(shape, c, x))
                if local:
                    parts.append(
                        f"NOT EXISTS {{ {self.values(None, x, shape.path, v)} FILTER(!({' && '.join(local)})) }}"
                    )
                for p in shape.properties:
                    w = self.var()
                    parts.append(
                        f"NOT EXISTS {{ {self.values(None, x, shape.path, w)} FILTER(!({self.conform(p, w)})) }}"
                    )
            return "(" + " && ".join(parts) + ")" if parts else "true"
        finally:
            self._stack.pop()

    def qualified_ok(self, shape: Shape, c: Constraint) -> Callable[[str], str]:
        """The test a value must pass to count for a qualified cardinality."""
        q: Shape = c.params["shape"]  # type: ignore[assignment]
        siblings: list[Shape] = []
        if c.params["disjoint"]:
            for parent in shape.parents:
                for other in parent.properties:
                    for oc in other.constraints:
                        s = oc.params.get("shape") if oc.component.startswith("Qualified") else None
                        if isinstance(s, Shape) and s is not q and s not in siblings:
                            siblings.append(s)

        def expr(v: str) -> str:
            parts = [self.conform(q, v)] + [f"!({self.conform(s, v)})" for s in siblings]
            return " && ".join(parts)

        return expr

    def focus_ok(self, shape: Shape, c: Constraint, x: str) -> str:
        """An expression true when focus node ``x`` satisfies ``c``, a constraint not per value."""
        p = c.params
        kind = c.component
        path = shape.path
        if kind == "Closed":
            return f"NOT EXISTS {{ {self._closed(shape, c, x, self.var('p'), self.var('o'))} }}"
        if kind == "SPARQL":
            raise Unsupported("a SPARQL constraint inside a nested shape")
        if path is None:
            if kind == "Equals":
                p2 = term(p["equals"])  # type: ignore[arg-type]
                o = self.var("o")
                return f"(EXISTS {{ {x} {p2} {x} }} && NOT EXISTS {{ {x} {p2} {o} FILTER(!sameTerm({o}, {x})) }})"
            if kind == "Disjoint":
                return f"NOT EXISTS {{ {x} {term(p['disjoint'])} {x} }}"  # type: ignore[arg-type]
            raise Unsupported(f"sh:{kind[0].lower() + kind[1:]} on a node shape")
        v = self.var()
        if kind == "MinCount":
            n = int(p["minCount"])  # type: ignore[call-overload]
            if n <= 0:
                return "true"
            return f"EXISTS {{ {self.distinct_values(x, path, n, None)} }}"
        if kind == "MaxCount":
            n = int(p["maxCount"])  # type: ignore[call-overload]
            return f"NOT EXISTS {{ {self.distinct_values(x, path, n + 1, None)} }}"
        if kind == "HasValue":
            wanted = term(p["hasValue"])  # type: ignore[arg-type]
            return f"EXISTS {{ {self.values(None, x, path, v)} FILTER(sameTerm({v}, {wanted})) }}"
        if kind == "UniqueLang":
            return f"NOT EXISTS {{ {self._unique_lang(x, path, v, self.var())} }}"
        if kind == "QualifiedMinCount":
            n = int(p["min"])  # type: ignore[call-overload]
            if n <= 0:
                return "true"
            return f"EXISTS {{ {self.distinct_values(x, path, n, self.qualified_ok(shape, c))} }}"
        if kind == "QualifiedMaxCount":
            n = int(p["max"])  # type: ignore[call-overload]
            many = self.distinct_values(x, path, n + 1, self.qualified_ok(shape, c))
            return f"NOT EXISTS {{ {many} }}"
        if kind in ("Equals", "Disjoint", "LessThan", "LessThanOrEquals"):
            return f"NOT EXISTS {{ {self._pair(shape, c, None, x, v)} }}"
        raise Unsupported(f"constraint {kind}")

    # -- patterns shared by nested and top-level checks ------------------------

    def _closed(self, shape: Shape, c: Constraint, x: str, p: str, o: str) -> str:
        allowed = [s.path.iri for s in shape.properties if s.path is not None and s.path.kind == "pred"]
        allowed += [t.value for t in c.params["ignored"] if isinstance(t, ox.NamedNode)]  # type: ignore[union-attr]
        allowed = list(dict.fromkeys(a for a in allowed if a))
        test = f" FILTER({p} NOT IN ({', '.join(f'<{a}>' for a in allowed)}))" if allowed else ""
        return f"{x} {p} {o} .{test}"

    def _unique_lang(self, x: str, path: Path, v1: str, v2: str) -> str:
        return (
            f'{self.values(None, x, path, v1)} FILTER(isLiteral({v1}) && LANG({v1}) != "") '
            f"{self.values(None, x, path, v2)} "
            f"FILTER(isLiteral({v2}) && !sameTerm({v1}, {v2}) "
            f"&& LCASE(LANG({v1})) = LCASE(LANG({v2})))"
        )

    def _pair(self, shape: Shape, c: Constraint, focus: Focus | None, x: str, v: str) -> str:
        """Violations of sh:equals, sh:disjoint, sh:lessThan(OrEquals), binding ``v``."""
        assert shape.path is not None
        kind = c.component
        other = term(c.params[kind[0].lower() + kind[1:]])  # type: ignore[arg-type]
        path = shape.path
        if kind == "Equals":
            w = self.var()
            first = f"{self.values(focus, x, path, v)} FILTER NOT EXISTS {{ {x} {other} {v} }}"
            start = focus(x) if focus is not None else ""
            second = (
                f"{start} {x} {other} {v} . "
                f"FILTER NOT EXISTS {{ {self.values(None, x, path, w)} "
                f"FILTER(sameTerm({w}, {v})) }}"
            )
            return f"{{ {first} }} UNION {{ {second} }}"
        if kind == "Disjoint":
            return f"{self.values(focus, x, path, v)} {x} {other} {v} ."
        o = self.var("o")
        op = "<" if kind == "LessThan" else "<="
        return f"{self.values(focus, x, path, v)} {x} {other} {o} . FILTER(!COALESCE({v} {op} {o}, false))"

    # -- top-level checks -----------------------------------------------------

    def compile(self, shapes: list[Shape]) -> Compiled:
        """Compile every targeted shape; a shape that cannot be compiled is listed, not raised."""
        out = Compiled()
        for shape in shapes:
            if shape.deactivated:
                continue
            checks: list[Check] = []
            try:
                self.checks(shape, self.target(shape), checks)
            except Unsupported as exc:
                out.unsupported[shape] = str(exc)
                continue
            out.checks.extend(checks)
        return out

    def checks(self, shape: Shape, focus: Focus, out: list[Check]) -> None:
        """Append the checks of ``shape`` (and of its property shapes) for the given focus nodes."""
        if shape.deactivated:
            return
        if shape.unsupported:
            raise Unsupported(f"{shape.name}: {shape.unsupported[0]}")
        if shape in self._stack:
            raise Unsupported(f"recursive shape {shape.name}")
        self._stack.append(shape)
        try:
            out.extend(self.shape_checks(shape, focus))
            for p in shape.properties:
                inner = focus if shape.path is None else self.value_focus(focus, shape.path)
                self.checks(p, inner, out)
        finally:
            self._stack.pop()

    def shape_checks(self, shape: Shape, focus: Focus) -> list[Check]:
        """The checks of one shape's own constraints; value-node constraints share one query."""
        out: list[Check] = []
        node_level = shape.path is None
        v = "?this" if node_level else "?value"
        local = []
        rest = []
        for c in shape.constraints:
            if c.component == "Class" and shape.path is not None and not shape.path.nullable:
                out.append(self.class_check(shape, focus, c))
                continue
            ok = self.value_ok(c, v, node_level=node_level)
            if ok is not None:
                local.append((c, ok))
            else:
                rest.append(c)
        if len(local) == 1:
            rest.insert(0, local[0][0])
        elif local:
            out.append(self.flags_check(shape, focus, local))
        counts = {c.component: c for c in rest if c.component in ("MinCount", "MaxCount")}
        if len(counts) == 2 and shape.path is not None:
            out.append(self.min_max_check(shape, focus, counts["MinCount"], counts["MaxCount"]))
            rest = [c for c in rest if c not in counts.values()]
        for c in rest:
            check = self.check(shape, c, focus)
            if check is not None:
                out.append(check)
        return out

    def class_check(self, shape: Shape, focus: Focus, c: Constraint) -> Check:
        """sh:class as an anti-join: the value nodes minus the instances of the class."""
        assert shape.path is not None
        cls = c.params["class"]
        if not isinstance(cls, ox.NamedNode):
            raise Unsupported("sh:class with a non-IRI value")
        k = self.var("k")
        classes = " ".join(f"<{x}>" for x in self.subclasses(cls.value))
        return Check(
            shape,
            [c],
            f"SELECT DISTINCT ?this ?value WHERE {{ {self.values(focus, '?this', shape.path, '?value')} "
            f"MINUS {{ VALUES {k} {{ {classes} }} ?value {RDF_TYPE} {k} }} }}",
        )

    def flags_check(self, shape: Shape, focus: Focus, local: list[tuple[Constraint, str]]) -> Check:
        """Several value-node constraints of one shape in one pass over the value nodes."""
        tests = [f"!COALESCE({ok}, false)" for _c, ok in local]
        flags = " ".join(f"({t} AS ?f{i})" for i, t in enumerate(tests))
        where = " || ".join(tests)
        constraints = [c for c, _ok in local]
        if shape.path is None:
            return Check(
                shape,
                constraints,
                f"SELECT ?this {flags} WHERE {{ {focus('?this')} FILTER({where}) }}",
                "focus",
                mode="flags",
            )
        return Check(
            shape,
            constraints,
            f"SELECT DISTINCT ?this ?value {flags} WHERE {{ "
            f"{self.values(focus, '?this', shape.path, '?value')} FILTER({where}) }}",
            mode="flags",
        )

    def min_max_check(self, shape: Shape, focus: Focus, low: Constraint, high: Constraint) -> Check:
        """sh:minCount and sh:maxCount of one property shape in one count."""
        assert shape.path is not None
        n_low, n_high = int(low.params["minCount"]), int(high.params["maxCount"])  # type: ignore[call-overload]
        v = self.var()
        if shape.path.nullable:
            inner = f"{{ {self.values(focus, '?this', shape.path, v)} }} UNION {{ {focus('?this')} }}"
        else:
            inner = f"{focus('?this')} OPTIONAL {{ ?this {shape.path.sparql()} {v} }}"
        return Check(
            shape,
            [low, high],
            f"SELECT ?this (COUNT(DISTINCT {v}) AS ?n) WHERE {{ {inner} }} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT {v}) < {n_low} || COUNT(DISTINCT {v}) > {n_high})",
            "none",
            mode="count",
            bounds=(n_low, n_high),
        )

    def check(self, shape: Shape, c: Constraint, focus: Focus) -> Check | None:
        """The top-level SELECT for one constraint."""

        def make(query: str, value: str = "value", has_path: bool = False) -> Check:
            return Check(shape, [c], query, value, has_path)

        path = shape.path
        if c.component == "SPARQL":
            return self.sparql_check(shape, c, focus, make)
        if c.component == "Closed":
            x = "?this"
            return make(
                f"SELECT DISTINCT ?this ?path ?value WHERE {{ {focus(x)} "
                f"{self._closed(shape, c, x, '?path', '?value')} }}",
                has_path=True,
            )
        if path is None:
            ok = self.value_ok(c, "?this", node_level=True)
            if ok is not None:
                return make(
                    f"SELECT ?this WHERE {{ {focus('?this')} FILTER(!COALESCE({ok}, false)) }}",
                    "focus",
                )
            if c.component == "Disjoint":
                other = term(c.params["disjoint"])  # type: ignore[arg-type]
                return make(f"SELECT ?this WHERE {{ {focus('?this')} ?this {other} ?this . }}", "focus")
            if c.component == "Equals":
                other = term(c.params["equals"])  # type: ignore[arg-type]
                return make(
                    f"SELECT DISTINCT ?this ?value WHERE {{ {{ {focus('?this')} "
                    f"FILTER NOT EXISTS {{ ?this {other} ?this }} "
                    f"BIND(?this AS ?value) }} UNION {{ {focus('?this')} ?this {other} ?value . "
                    f"FILTER(!sameTerm(?value, ?this)) }} }}"
                )
            raise Unsupported(f"sh:{c.component[0].lower() + c.component[1:]} on a node shape")
        ok = self.value_ok(c, "?value", node_level=False)
        if ok is not None:
            return make(
                "SELECT DISTINCT ?this ?value WHERE { "
                f"{self.values(focus, '?this', path, '?value')} "
                f"FILTER(!COALESCE({ok}, false)) }}"
            )
        kind = c.component
        p = c.params
        if kind == "MinCount":
            return self.count_check(make, focus, path, int(p["minCount"]), "<", None)  # type: ignore[call-overload]
        if kind == "MaxCount":
            n = int(p["maxCount"])  # type: ignore[call-overload]
            if n == 1 and not path.nullable:
                # Two distinct values: a self-join is cheaper than counting every focus node's values.
                step = path.sparql()
                return make(
                    f"SELECT DISTINCT ?this WHERE {{ {focus('?this')} ?this {step} ?_v1 . ?this {step} ?_v2 . "
                    "FILTER(!sameTerm(?_v1, ?_v2)) }",
                    "none",
                )
            return self.count_check(make, focus, path, n, ">", None)
        if kind == "QualifiedMinCount":
            return self.count_check(make, focus, path, int(p["min"]), "<", self.qualified_ok(shape, c))  # type: ignore[call-overload]
        if kind == "QualifiedMaxCount":
            return self.count_check(make, focus, path, int(p["max"]), ">", self.qualified_ok(shape, c))  # type: ignore[call-overload]
        if kind == "HasValue":
            v = self.var()
            return make(
                f"SELECT ?this WHERE {{ {focus('?this')} "
                f"FILTER NOT EXISTS {{ {self.values(None, '?this', path, v)} "
                f"FILTER(sameTerm({v}, {term(p['hasValue'])})) }} }}",  # type: ignore[arg-type]
                "none",
            )
        if kind == "UniqueLang":
            v1, v2 = self.var(), self.var()
            return make(
                f"SELECT DISTINCT ?this (LCASE(LANG({v1})) AS ?lang) WHERE {{ {focus('?this')} "
                f"{self._unique_lang('?this', path, v1, v2)} }}",
                "none",
            )
        if kind in ("Equals", "Disjoint", "LessThan", "LessThanOrEquals"):
            return make(f"SELECT DISTINCT ?this ?value WHERE {{ {self._pair(shape, c, focus, '?this', '?value')} }}")
        raise Unsupported(f"constraint {kind}")

    def count_check(
        self,
        make: Callable[..., Check],
        focus: Focus,
        path: Path,
        n: int,
        op: str,
        expr: Callable[[str], str] | None,
    ) -> Check | None:
        """Focus nodes with fewer (``<``) or more (``>``) than ``n`` values passing ``expr``."""
        v = self.var()
        test = f"FILTER({expr(v)})" if expr is not None else ""
        if op == "<":
            if n <= 0:
                return None
            if n == 1:
                return make(
                    f"SELECT ?this WHERE {{ {focus('?this')} FILTER NOT EXISTS {{ "
                    f"{self.values(None, '?this', path, v)} {test} }} }}",
                    "none",
                )
            inner = f"{{ {self.values(focus, '?this', path, v)} {test} }} UNION {{ {focus('?this')} }}"
        else:
            inner = f"{self.values(focus, '?this', path, v)} {test}"
        return make(
            f"SELECT ?this WHERE {{ {{ SELECT ?this (COUNT(DISTINCT {v}) AS ?n) "
            f"WHERE {{ {inner} }} GROUP BY ?this }} "
            f"FILTER(?n {op} {n}) }}",
            "none",
        )

    # -- SHACL-SPARQL ---------------------------------------------------------

    def sparql_check(self, shape: Shape, c: Constraint, focus: Focus, make: Callable[..., Check]) -> Check | None:
        """A SPARQL constraint: the focus nodes are joined into every group that mentions $this."""
        if c.params.get("deactivated"):
            return None
        text = str(c.params["select"])
        code = _code_only(text)
        if "$shapesGraph" in code or "?shapesGraph" in code:
            raise Unsupported("a SPARQL constraint that uses $shapesGraph")
        where = f"SPARQL constraint of {shape.name}"
        for word in ("MINUS", "VALUES", "SERVICE"):
            if re.search(rf"\b{word}\b", code, re.IGNORECASE):
                raise ShapesError(f"{where}: SHACL forbids {word} in a query with pre-bound $this")
        if re.search(r"\bAS\s*[?$]this\b", code, re.IGNORECASE):
            raise ShapesError(f"{where}: SHACL forbids assigning $this (AS $this)")
        if "$currentShape" in code or "?currentShape" in code:
            if not isinstance(shape.node, ox.NamedNode):
                raise Unsupported("$currentShape of a blank-node shape")
            text = re.sub(r"[$?]currentShape\b", str(shape.node), text)
        if "$PATH" in text:
            if shape.path is None:
                raise Unsupported("$PATH in a node shape")
            text = text.replace("$PATH", shape.path.sparql())
        text = re.sub(r"\$this\b", "?this", text)
        text = inject_focus(text, focus)
        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in c.params["prefixes"].items())  # type: ignore[union-attr]
        return make(prologue + text, "value", has_path=True)


# -- SPARQL text surgery --------------------------------------------------------

_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n]*"
    r"|[{}]",
    re.DOTALL,
)


def _code_only(text: str) -> str:
    """``text`` with strings, IRIs and comments blanked out, keeping offsets."""
    out = list(text)
    for m in _TOKEN.finditer(text):
        if m.group() in "{}":
            continue
        for i in range(m.start(), m.end()):
            out[i] = " "
    return "".join(out)


def inject_focus(query: str, focus: Focus) -> str:
    """Join the focus pattern into the groups of ``query`` where SHACL pre-binding of $this matters.

    SHACL evaluates a SPARQL constraint once per focus node with ``$this``
    pre-bound. Joining the focus pattern into the groups below gives the same
    results for all focus nodes at once: the outermost group, every sub-SELECT
    (evaluated on its own) and every group that uses ``?this`` in an
    expression (FILTER, BIND) without being inside EXISTS, where the outer
    binding is already substituted.

    >>> q = "SELECT ?this WHERE { { FILTER(?this = 1) } UNION { ?this ?b ?c } }"
    >>> inject_focus(q, lambda x: f"F({x})")
    'SELECT ?this WHERE {{ F(?this) }  {{ F(?this) }  FILTER(?this = 1) } UNION { ?this ?b ?c } }'
    """
    code = _code_only(query)
    opens: list[int] = []
    spans: dict[int, int] = {}
    parent: dict[int, int | None] = {}
    for i, ch in enumerate(code):
        if ch == "{":
            parent[i] = opens[-1] if opens else None
            opens.append(i)
        elif ch == "}":
            if not opens:
                raise ShapesError("unbalanced braces in a SPARQL constraint")
            spans[opens.pop()] = i
    if opens:
        raise ShapesError("unbalanced braces in a SPARQL constraint")
    this = re.compile(r"\?this\b")

    def subselect(start: int) -> bool:
        return re.match(r"\s*SELECT\b", code[start + 1 : spans[start]], re.IGNORECASE) is not None

    def in_exists(start: int | None) -> bool:
        while start is not None:
            if subselect(start):
                return False
            if re.search(r"\bEXISTS\s*$", code[:start], re.IGNORECASE):
                return True
            start = parent[start]
        return False

    def own_level(start: int) -> str:
        text = list(code[start + 1 : spans[start]])
        for other, end in spans.items():
            if parent[other] == start:
                for k in range(other - start - 1, end - start):
                    text[k] = " "
        return "".join(text)

    def in_expression(text: str) -> bool:
        depth = 0
        for k, ch in enumerate(text):
            depth += ch == "("
            depth -= ch == ")"
            if depth > 0 and this.match(text, k):
                return True
        return False

    inserts = []
    for start, end in spans.items():
        inside = code[start + 1 : end]
        if subselect(start):
            sub = re.match(r"\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?(.*?)\bWHERE\b", inside, re.IGNORECASE | re.DOTALL)
            if sub is None or not this.search(sub.group(2)):
                raise ShapesError("SHACL requires every sub-SELECT of a SPARQL constraint to return $this")
            continue
        up = parent[start]
        if up is None or subselect(up):
            if up is None or this.search(inside):
                inserts.append(start + 1)
        elif not in_exists(start) and in_expression(own_level(start)):
            inserts.append(start + 1)
    out = query
    for pos in sorted(inserts, reverse=True):
        out = f"{out[:pos]}{{ {focus('?this')} }} {out[pos:]}"
    return out
