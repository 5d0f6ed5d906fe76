"""Deterministic JSON-LD: node objects sorted by ``@id``, keys and values sorted.

The output uses the context shipped in ``wpskg/contexts/wpskg.jsonld``. By
default its content is written inline, so that any JSON-LD processor (rdflib,
pyld, pyoxigraph, :mod:`wpskg.loaders.jsonld`) reads the file without fetching
anything; ``context="reference"`` writes the context IRI instead, which only
processors that know the shipped context can read offline.

Every key is a compact IRI (``prefix:local``) or an absolute IRI, never a term
with type coercion, and every literal is a string or a value object, never a
JSON number or boolean: lexical forms such as ``"01"^^xsd:integer`` or
``"1.50"^^xsd:decimal`` are kept exactly. Blank nodes that are the object of
exactly one triple are embedded, well-formed RDF lists are written as
``@list``, and any other blank node gets its stable label from
:func:`wpskg.dumpers._terms.stable_labels`.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from ..loaders.jsonld import CONTEXT_IRI, shipped_context
from ..namespaces import RDF, RDF_TYPE, PrefixTable
from ._terms import RDF_LANGSTRING, XSD_STRING, stable_labels

RDF_FIRST = RDF + "first"
RDF_REST = RDF + "rest"
RDF_NIL = RDF + "nil"

_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def context_prefixes(context: dict[str, Any]) -> dict[str, str]:
    """The prefix definitions (term -> namespace IRI string) of a context."""
    return {
        term: value
        for term, value in context.items()
        if isinstance(value, str) and not term.startswith("@") and value.endswith(("/", "#"))
    }


class _Writer:
    def __init__(self, triples: list[ox.Triple], context: dict[str, Any]) -> None:
        self.terms = set(context)
        self.prefixes = context_prefixes(context)
        self.table = PrefixTable(self.prefixes, _LOCAL)
        self.labels = stable_labels(triples)
        self.by_subject: dict[ox.Term, set[tuple[ox.NamedNode, ox.Term]]] = defaultdict(set)
        refs: dict[str, int] = defaultdict(int)
        for t in set(triples):
            self.by_subject[t.subject].add((t.predicate, t.object))
            if isinstance(t.object, ox.BlankNode):
                refs[t.object.value] += 1
        self.inline = {b for b, n in refs.items() if n == 1}
        self.lists = self._list_nodes()
        self.compacted: dict[str, str] = {}  # each IRI as written: most are written many times

    # -- IRIs -------------------------------------------------------------------------------

    def compact(self, iri: str) -> str:
        """``prefix:local`` for the longest matching prefix, else the absolute IRI."""
        text = self.compacted.get(iri)
        if text is None:
            text = self.compacted[iri] = self._compact(iri)
        return text

    def _compact(self, iri: str) -> str:
        best = self.table.prefix_of(iri)
        if best is not None:
            return f"{best}:{iri[len(self.prefixes[best]) :]}"
        scheme = _SCHEME.match(iri)
        if scheme is None or scheme.group(1) in self.terms or scheme.group(1) == "_":
            raise ValueError(f"IRI {iri!r} cannot be written unambiguously with this context")
        return iri

    def node_id(self, term: ox.Term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.compact(term.value)
        if isinstance(term, ox.BlankNode):
            return f"_:{self.labels[term.value]}"
        raise TypeError(f"unsupported subject {term!r}")

    # -- lists ------------------------------------------------------------------------------

    def _list_nodes(self) -> dict[str, list[ox.Term]]:
        """Heads of well-formed RDF lists that can be written as ``@list``, with their items.

        Every cell must be an embeddable blank node with exactly one ``rdf:first`` and
        one ``rdf:rest`` and nothing else, and the chain must end in ``rdf:nil``.
        """

        def cell(b: str) -> tuple[ox.Term, ox.Term] | None:
            props = self.by_subject.get(ox.BlankNode(b), set())
            firsts = [o for p, o in props if p.value == RDF_FIRST]
            rests = [o for p, o in props if p.value == RDF_REST]
            if len(props) != 2 or len(firsts) != 1 or len(rests) != 1:
                return None
            return firsts[0], rests[0]

        cells = {b for b in self.inline if cell(b) is not None}
        # A cell that is the rest of another cell is not a head.
        tails = {
            o.value
            for b in cells
            for p, o in self.by_subject[ox.BlankNode(b)]
            if p.value == RDF_REST and isinstance(o, ox.BlankNode)
        }
        out: dict[str, list[ox.Term]] = {}
        for head in cells - tails:
            items: list[ox.Term] = []
            seen: set[str] = set()
            node: ox.Term = ox.BlankNode(head)
            ok = True
            while not (isinstance(node, ox.NamedNode) and node.value == RDF_NIL):
                if not isinstance(node, ox.BlankNode) or node.value not in cells or node.value in seen:
                    ok = False
                    break
                seen.add(node.value)
                first, rest = cell(node.value)  # type: ignore[misc]
                items.append(first)
                node = rest
            if ok:
                out[head] = items
        return out

    # -- values -----------------------------------------------------------------------------

    def literal(self, term: ox.Literal) -> Any:
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return term.value
        if datatype == RDF_LANGSTRING:  # pragma: no cover - always has a language
            raise ValueError("rdf:langString literal without a language")
        return {"@value": term.value, "@type": self.compact(datatype)}

    def value(self, term: ox.Term, stack: frozenset[str]) -> Any:
        if isinstance(term, ox.Literal):
            return self.literal(term)
        if isinstance(term, ox.NamedNode):
            return {"@id": self.compact(term.value)}
        if isinstance(term, ox.BlankNode):
            b = term.value
            if b in self.lists and b not in stack:
                return {"@list": [self.value(item, stack | {b}) for item in self.lists[b]]}
            if b in self.inline and b in self.embedded and b not in stack:
                return self.node(term, stack | {b}, with_id=False)
            return {"@id": f"_:{self.labels[b]}"}
        raise TypeError(f"unsupported term {term!r}")

    def sort_key(self, value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    def node(self, subject: ox.Term, stack: frozenset[str], *, with_id: bool = True) -> dict[str, Any]:
        groups: dict[str, list[ox.Term]] = defaultdict(list)
        types: list[str] = []
        for p, o in self.by_subject.get(subject, ()):
            if p.value == RDF_TYPE and isinstance(o, ox.NamedNode):
                types.append(self.compact(o.value))
            else:
                groups[self.compact(p.value)].append(o)
        out: dict[str, Any] = {}
        if with_id or (not groups and not types):
            out["@id"] = self.node_id(subject)
        if types:
            types.sort()
            out["@type"] = types[0] if len(types) == 1 else types
        for key in sorted(groups):
            objects = groups[key]
            if len(objects) == 1:  # (most: a sort key is a JSON text, and 900,000 of them took 30 s)
                out[key] = self.value(objects[0], stack)
            else:
                out[key] = sorted((self.value(o, stack) for o in objects), key=self.sort_key)
        return out

    # -- document ---------------------------------------------------------------------------

    def _embedded(self) -> set[str]:
        """The inline blank nodes reachable from a top-level node (others are in cycles)."""
        inline_subjects = {s.value for s in self.by_subject if isinstance(s, ox.BlankNode) and s.value in self.inline}
        roots = [s for s in self.by_subject if not (isinstance(s, ox.BlankNode) and s.value in self.inline)]
        reached: set[str] = set()
        stack = list(roots)
        while stack:
            s = stack.pop()
            for _, o in self.by_subject.get(s, ()):
                if isinstance(o, ox.BlankNode) and o.value in inline_subjects and o.value not in reached:
                    reached.add(o.value)
                    stack.append(o)
        return reached

    def document(self, context_value: Any) -> dict[str, Any]:
        self.embedded = self._embedded()
        list_cells: set[str] = set()
        for head in self.lists:
            node: ox.Term = ox.BlankNode(head)
            while isinstance(node, ox.BlankNode):
                list_cells.add(node.value)
                node = next(o for p, o in self.by_subject[node] if p.value == RDF_REST)
        # Lists whose head is not embedded somewhere are written as plain nodes.
        self.lists = {h: items for h, items in self.lists.items() if h in self.embedded}
        top = [s for s in self.by_subject if not (isinstance(s, ox.BlankNode) and s.value in self.embedded)]
        nodes = [self.node(s, frozenset({s.value}) if isinstance(s, ox.BlankNode) else frozenset()) for s in top]
        nodes.sort(key=lambda n: (n["@id"].startswith("_:"), n["@id"]))
        return {"@context": context_value, "@graph": nodes}


def dumps(triples: Iterable[ox.Triple], context: str = "inline") -> str:
    """Serialise ``triples`` as deterministic JSON-LD with the shipped wpskg context.

    >>> t = ox.Triple(ox.NamedNode("https://w3id.org/wpskg/id/plan/x"), ox.NamedNode("https://w3id.org/wpskg/ont#ordinal"),
    ...               ox.Literal("01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    >>> print(dumps([t], context="reference"))
    {
      "@context": "https://w3id.org/wpskg/context.jsonld",
      "@graph": [
        {
          "@id": "plan:x",
          "wps:ordinal": {
            "@value": "01",
            "@type": "xsd:integer"
          }
        }
      ]
    }
    <BLANKLINE>
    """
    if context not in ("inline", "reference"):
        raise ValueError("context must be 'inline' or 'reference'")
    ctx = shipped_context(CONTEXT_IRI)
    value: Any = ctx if context == "inline" else CONTEXT_IRI
    doc = _Writer(list(triples), ctx).document(value)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
