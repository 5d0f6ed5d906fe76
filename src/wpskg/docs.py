"""``wpskg docs``: an HTML reference of the ontology and its vocabularies.

One self-contained page (``index.html``, no scripts, no external assets) with
every class and property (labels in every language, definitions, domains,
ranges, super- and sub-terms), one example per class taken from the curated
instances and shown in Turtle, and every concept scheme with its concepts.
The page is generated from the exact triples, sorted, so it diffs cleanly.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from . import atomic
from .dumpers import turtle
from .namespaces import PREFIXES, RDF, RDFS, shorten
from .project import Project
from .store import Graph, infer, load_project

OWL, SKOS, DCT, WPS = (PREFIXES[p] for p in ("owl", "skos", "dct", "wps"))
TYPE = RDF + "type"

PROPERTY_KINDS = (
    (OWL + "ObjectProperty", "Object properties", "object-properties"),
    (OWL + "DatatypeProperty", "Datatype properties", "datatype-properties"),
    (OWL + "AnnotationProperty", "Annotation properties", "annotation-properties"),
)
LABEL_PROPS = (SKOS + "prefLabel", RDFS + "label")
DEFINITION_PROPS = (SKOS + "definition", RDFS + "comment", SKOS + "scopeNote")
#: Most characters of a literal shown in an example before it is cut.
EXAMPLE_LITERAL_MAX = 300

CSS = """
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #1b1b1b; }
h1, h2, h3 { line-height: 1.2; }
section.term { border-top: 1px solid #ccc; padding-top: .5rem; margin-top: 1.5rem; }
code, pre { font-family: ui-monospace, monospace; font-size: .9em; }
pre { background: #f5f5f5; padding: .75rem; overflow-x: auto; white-space: pre-wrap; }
dl { display: grid; grid-template-columns: 11rem 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
.lang { color: #666; font-size: .8em; }
nav ul { columns: 3; }\nul.terms { columns: 2; }
""".strip()


class _Index:
    """The triples of a graph, indexed by subject and by (predicate, object)."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.sp: dict[tuple[ox.Term, str], list[ox.Term]] = defaultdict(list)
        self.po: dict[tuple[str, ox.Term], list[ox.Term]] = defaultdict(list)
        self.by_subject: dict[ox.Term, list[ox.Triple]] = defaultdict(list)
        self.predicate_count: dict[str, int] = defaultdict(int)
        for t in dict.fromkeys(triples):
            self.predicate_count[t.predicate.value] += 1
            self.sp[(t.subject, t.predicate.value)].append(t.object)
            self.po[(t.predicate.value, t.object)].append(t.subject)
            self.by_subject[t.subject].append(t)

    def objects(self, s: ox.Term, p: str) -> list[ox.Term]:
        return sorted(self.sp.get((s, p), []), key=_term_key)

    def subjects(self, p: str, o: ox.Term) -> list[ox.Term]:
        return sorted(self.po.get((p, o), []), key=_term_key)

    def instances(self, cls: str) -> list[ox.NamedNode]:
        return [s for s in self.subjects(TYPE, ox.NamedNode(cls)) if isinstance(s, ox.NamedNode)]


def _term_key(term: ox.Term) -> tuple[int, str, str]:
    if isinstance(term, ox.NamedNode):
        return (0, term.value, "")
    if isinstance(term, ox.Literal):
        return (1, term.language or "", term.value)
    return (2, str(term), "")


def anchor(iri: str) -> str:
    """The id of a term's section: its prefixed name, or its IRI."""
    return shorten(iri)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


class _Page:
    def __init__(
        self, ontology: _Index, data: _Index, types: _Index, documented: set[str], used: Mapping[str, int]
    ) -> None:
        self.o = ontology
        self.d = data  # asserted triples, shown exactly
        self.types = types  # asserted and inferred, to find instances of superclasses
        self.documented = documented
        self.used = used  # triples of each predicate, asserted and inferred (wps:inPlan is only inferred)

    def link(self, term: ox.Term) -> str:
        if isinstance(term, ox.NamedNode):
            name = _e(shorten(term.value))
            if term.value in self.documented:
                return f'<a href="#{_e(quote(anchor(term.value), safe=":/-_.~"))}"><code>{name}</code></a>'
            return f'<a href="{_e(term.value)}"><code>{name}</code></a>'
        if isinstance(term, ox.Literal):
            return self.literal(term)
        # A blank node: a union of classes is shown as its members, another class expression briefly.
        members = self.union(term)
        if members:
            return " or ".join(self.link(m) for m in members)
        listed = self.o.objects(term, OWL + "members")
        return "<em>an anonymous class</em>" if not listed else "<em>a list</em>"

    def union(self, term: ox.Term) -> list[ox.Term]:
        """The classes of ``owl:unionOf ( … )`` when ``term`` is such a class expression, else none."""
        found: list[ox.Term] = []
        cells = self.o.objects(term, OWL + "unionOf")
        while cells and len(found) < 100:
            found += self.o.objects(cells[0], RDF + "first")
            cells = self.o.objects(cells[0], RDF + "rest")
        return found

    def classes(self, prop: ox.Term, axis: str) -> list[ox.Term]:
        """The classes of a property's ``rdfs:domain`` or ``rdfs:range``, the members of a union included."""
        return [c for o in self.o.objects(prop, axis) for c in (self.union(o) or [o])]

    def literal(self, lit: ox.Literal) -> str:
        if lit.language:
            return (
                f'<span lang="{_e(lit.language)}">{_e(lit.value)}</span> <span class="lang">@{_e(lit.language)}</span>'
            )
        return _e(lit.value)

    def literals(self, s: ox.Term, props: Iterable[str]) -> list[ox.Literal]:
        out = [o for p in props for o in self.o.objects(s, p) if isinstance(o, ox.Literal)]
        return list(dict.fromkeys(out))

    def label(self, iri: str) -> str:
        labels = self.literals(ox.NamedNode(iri), LABEL_PROPS)
        english = [lit.value for lit in labels if lit.language == "en"]
        return (english or [lit.value for lit in labels] or [shorten(iri)])[0]

    def row(self, name: str, values: list[str]) -> str:
        if not values:
            return ""
        return f"<dt>{_e(name)}</dt><dd>{', '.join(values)}</dd>\n"

    def common_rows(self, node: ox.NamedNode) -> str:
        rows = self.row("IRI", [f"<code>{_e(node.value)}</code>"])
        for prop, name in (
            (RDFS + "label", "Label"),
            (SKOS + "prefLabel", "Preferred label"),
            (SKOS + "altLabel", "Alternative label"),
        ):
            rows += self.row(name, [self.literal(lit) for lit in self.literals(node, [prop])])
        for prop, name in (
            (SKOS + "definition", "Definition"),
            (RDFS + "comment", "Comment"),
            (SKOS + "scopeNote", "Scope note"),
        ):
            rows += self.row(name, [self.literal(lit) for lit in self.literals(node, [prop])])
        return rows

    def example(self, cls: str) -> str:
        """One instance of ``cls`` from the curated data, in Turtle."""
        direct = [s for s in self.d.instances(cls) if not s.value.startswith((WPS, OWL, RDFS, RDF))]
        candidates = direct or [s for s in self.types.instances(cls) if not s.value.startswith((WPS, OWL, RDFS, RDF))]
        if not candidates:
            return "<p><em>No instance of this class in the data yet.</em></p>\n"
        # The instance with the most asserted facts, ties broken by IRI, is the most telling.
        best = max(candidates, key=lambda s: (len(self.d.by_subject[s]), [-ord(c) for c in s.value]))
        triples = self._closure(best)
        return f"<p>Example: {self.link(best)}</p>\n<pre><code>{_e(turtle.dumps(triples, PREFIXES))}</code></pre>\n"

    def _closure(self, subject: ox.Term) -> list[ox.Triple]:
        out: list[ox.Triple] = []
        todo = [subject]
        seen: set[ox.Term] = set()
        while todo:
            s = todo.pop()
            if s in seen:
                continue
            seen.add(s)
            for t in self.d.by_subject.get(s, []):
                obj = t.object
                if isinstance(obj, ox.Literal) and len(obj.value) > EXAMPLE_LITERAL_MAX:
                    cut = obj.value[:EXAMPLE_LITERAL_MAX] + "…"
                    obj = (
                        ox.Literal(cut, language=obj.language)
                        if obj.language
                        else ox.Literal(cut, datatype=obj.datatype)
                    )
                out.append(ox.Triple(t.subject, t.predicate, obj))
                if isinstance(t.object, ox.BlankNode):
                    todo.append(t.object)
        return out

    def class_section(self, node: ox.NamedNode, properties: list[ox.NamedNode]) -> str:
        rows = self.common_rows(node)
        rows += self.row("Subclass of", [self.link(o) for o in self.o.objects(node, RDFS + "subClassOf")])
        rows += self.row("Superclass of", [self.link(s) for s in self.o.subjects(RDFS + "subClassOf", node)])
        disjoint = self.o.objects(node, OWL + "disjointWith") + self.o.subjects(OWL + "disjointWith", node)
        rows += self.row("Disjoint with", [self.link(t) for t in sorted(set(disjoint), key=_term_key)])
        rows += self.row(
            "Properties with this domain",
            [self.link(p) for p in properties if node in self.classes(p, RDFS + "domain")],
        )
        rows += self.row(
            "Properties with this range",
            [self.link(p) for p in properties if node in self.classes(p, RDFS + "range")],
        )
        return self.section(node, "Class", rows, self.example(node.value))

    def property_section(self, node: ox.NamedNode, kind: str) -> str:
        rows = self.common_rows(node)
        rows += self.row("Kind", [_e(kind)])
        rows += self.row("Domain", [self.link(o) for o in self.o.objects(node, RDFS + "domain")])
        rows += self.row("Range", [self.link(o) for o in self.o.objects(node, RDFS + "range")])
        rows += self.row("Sub-property of", [self.link(o) for o in self.o.objects(node, RDFS + "subPropertyOf")])
        rows += self.row("Super-property of", [self.link(s) for s in self.o.subjects(RDFS + "subPropertyOf", node)])
        inverse = self.o.objects(node, OWL + "inverseOf") + self.o.subjects(OWL + "inverseOf", node)
        rows += self.row("Inverse of", [self.link(t) for t in sorted(set(inverse), key=_term_key)])
        single = [
            o
            for o in self.o.objects(node, WPS + "singleValued")
            if isinstance(o, ox.Literal) and o.value in ("true", "1")
        ]
        rows += self.row("Single-valued", ["yes"] if single else [])
        rows += self.row(
            "IATI organisation role", [self.link(o) for o in self.o.objects(node, WPS + "iatiOrganisationRole")]
        )
        uses, curated = self.used.get(node.value, 0), self.d.predicate_count.get(node.value, 0)
        shown = f"{uses} triple{'s' if uses != 1 else ''}" + (f" ({curated} curated)" if curated != uses else "")
        rows += self.row("Used in the data", [shown])
        return self.section(node, "Property", rows, "")

    def section(self, node: ox.NamedNode, kind: str, rows: str, extra: str) -> str:
        name = shorten(node.value)
        return (
            f'<section class="term" id="{_e(anchor(node.value))}">\n'
            f"<h3>{_e(self.label(node.value))} <code>{_e(name)}</code></h3>\n"
            f'<p class="lang">{_e(kind)}</p>\n<dl>\n{rows}</dl>\n{extra}</section>\n'
        )

    def scheme_section(self, scheme: ox.NamedNode) -> str:
        rows = self.common_rows(scheme)
        for prop, name in ((DCT + "title", "Title"),):
            rows += self.row(name, [self.literal(lit) for lit in self.literals(scheme, [prop])])
        concepts = self.o.subjects(SKOS + "inScheme", scheme)
        body = [
            "<table>\n<tr><th>Concept</th><th>Notation</th><th>Labels</th><th>Definition</th><th>Broader</th></tr>\n"
        ]
        for c in concepts:
            if not isinstance(c, ox.NamedNode):
                continue
            labels = "<br>".join(
                self.literal(lit) for lit in self.literals(c, (SKOS + "prefLabel", RDFS + "label", SKOS + "altLabel"))
            )
            notation = ", ".join(_e(n.value) for n in self.o.objects(c, SKOS + "notation") if isinstance(n, ox.Literal))
            definition = "<br>".join(self.literal(lit) for lit in self.literals(c, DEFINITION_PROPS))
            broader = ", ".join(self.link(b) for b in self.o.objects(c, SKOS + "broader"))
            body.append(
                f'<tr id="{_e(anchor(c.value))}"><td><code>{_e(shorten(c.value))}</code></td><td>{notation}</td>'
                f"<td>{labels}</td><td>{definition}</td><td>{broader}</td></tr>\n"
            )
        body.append("</table>\n")
        return self.section(scheme, f"Concept scheme, {len(body) - 2} concepts", rows, "".join(body))


def terms(ontology: Graph) -> dict[str, list[str]]:
    """The IRIs documented, by kind: classes, each property kind, concept schemes, concepts."""
    idx = _Index(q.triple for q in ontology.asserted)
    out: dict[str, list[str]] = {"classes": [i.value for i in idx.instances(OWL + "Class")]}
    for kind, _, key in PROPERTY_KINDS:
        out[key] = [i.value for i in idx.instances(kind)]
    out["schemes"] = [i.value for i in idx.instances(SKOS + "ConceptScheme")]
    out["concepts"] = sorted(
        {
            s.value
            for (p, _), subjects in idx.po.items()
            if p == SKOS + "inScheme"
            for s in subjects
            if isinstance(s, ox.NamedNode)
        }
    )
    return out


def render(ontology: Graph, data: Graph) -> str:
    """The HTML reference page of ``ontology``, with examples from ``data`` (inferred types help find them)."""
    o = _Index(q.triple for q in ontology.asserted)
    d = _Index(q.triple for q in data.asserted)
    everything = data.triples()
    types = _Index(t for t in everything if t.predicate.value == TYPE)
    used = Counter(t.predicate.value for t in dict.fromkeys(everything))
    found = terms(ontology)
    documented = {iri for kind in found.values() for iri in kind}
    page = _Page(o, d, types, documented, used)
    ont_nodes = o.instances(OWL + "Ontology")
    title = "wpskg ontology"
    head: list[str] = []
    if ont_nodes:
        ont = ont_nodes[0]
        titles = page.literals(ont, [DCT + "title"])
        title = next((t.value for t in titles if t.language == "en"), titles[0].value if titles else title)
        rows = page.common_rows(ont)
        for prop, name in (
            (OWL + "versionInfo", "Version"),
            (OWL + "versionIRI", "Version IRI"),
            (DCT + "license", "Licence"),
            (DCT + "created", "Created"),
            (DCT + "modified", "Modified"),
        ):
            rows += page.row(name, [page.link(x) for x in o.objects(ont, prop)])
        head.append(f"<dl>\n{rows}</dl>\n")
    properties = [ox.NamedNode(p) for _, _, key in PROPERTY_KINDS for p in found[key]]
    nav = ['<nav><h2>Contents</h2>\n<ul>\n<li><a href="#classes">Classes</a></li>\n']
    nav += [f'<li><a href="#{key}">{_e(name)}</a></li>\n' for _, name, key in PROPERTY_KINDS]
    nav.append('<li><a href="#vocabularies">Vocabularies</a></li>\n</ul>\n</nav>\n')
    body = ['<h2 id="classes">Classes</h2>\n<ul class="terms">\n']
    body += [f"<li>{page.link(ox.NamedNode(c))} {_e(page.label(c))}</li>\n" for c in found["classes"]]
    body.append("</ul>\n")
    body += [page.class_section(ox.NamedNode(c), properties) for c in found["classes"]]
    for _kind, name, key in PROPERTY_KINDS:
        body.append(f'<h2 id="{key}">{_e(name)}</h2>\n<ul class="terms">\n')
        body += [f"<li>{page.link(ox.NamedNode(p))} {_e(page.label(p))}</li>\n" for p in found[key]]
        body.append("</ul>\n")
        body += [page.property_section(ox.NamedNode(p), name[: -len("ies")].lower() + "y") for p in found[key]]
    body.append('<h2 id="vocabularies">Vocabularies</h2>\n')
    body += [page.scheme_section(ox.NamedNode(s)) for s in found["schemes"]]
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{_e(title)}</title>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>\n{CSS}\n</style>\n</head>\n<body>\n<h1>{_e(title)}</h1>\n"
        + "".join(head)
        + "".join(nav)
        + "".join(body)
        + "</body>\n</html>\n"
    )


def write_docs(project: Project, out_dir: Path) -> list[Path]:
    """Write the HTML reference of ``project``'s ontology into ``out_dir``; returns the files written."""
    ontology = load_project(project, with_instances=False)
    data = load_project(project)
    infer(data)
    path = Path(out_dir) / "index.html"
    atomic.write_text(path, render(ontology, data))  # with the usual permissions: the page is for everyone
    return [path]
