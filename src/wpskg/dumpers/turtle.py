"""Deterministic Turtle: sorted subjects and predicates, prefixed names, nested blank nodes.

Blank nodes that are the object of exactly one triple are written inline as
``[ … ]``; any other blank node gets its stable label. Literals keep their
lexical form exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import PREFIXES, RDF_TYPE, PrefixTable
from ._terms import XSD_STRING, escape_string, stable_labels


class _Writer:
    def __init__(self, triples: list[ox.Triple], prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self.table = PrefixTable(prefixes)
        self.labels = stable_labels(triples)
        self.by_subject: dict[ox.Term, list[ox.Triple]] = defaultdict(list)
        refs: dict[str, int] = defaultdict(int)
        for t in triples:
            self.by_subject[t.subject].append(t)
            if isinstance(t.object, ox.BlankNode):
                refs[t.object.value] += 1
        self.inline = {b for b, n in refs.items() if n == 1}
        # Blank nodes on a cycle of singly-referenced blank nodes are reached from no
        # written subject: give them labels, or their triples would be lost.
        reached: set[str] = set()
        todo = [s for s in self.by_subject if not (isinstance(s, ox.BlankNode) and s.value in self.inline)]
        while todo:
            for t in self.by_subject.get(todo.pop(), ()):
                o = t.object
                if isinstance(o, ox.BlankNode) and o.value in self.inline and o.value not in reached:
                    reached.add(o.value)
                    todo.append(o)
        self.inline = {b for b in self.inline if b in reached or ox.BlankNode(b) not in self.by_subject}
        self.used: set[str] = set()
        self.written: dict[str, str] = {}  # each IRI as written: most are written many times

    def iri(self, iri: str) -> str:
        text = self.written.get(iri)
        if text is None:
            best = self.table.prefix_of(iri)
            if best is None:
                text = f"<{iri}>"
            else:
                self.used.add(best)
                text = f"{best}:{iri[len(self.prefixes[best]) :]}"
            self.written[iri] = text
        return text

    def literal(self, term: ox.Literal) -> str:
        value = term.value
        if "\n" in value and '"""' not in value and not value.endswith('"') and "\\" not in value and "\r" not in value:
            text = f'"""{value}"""'
        else:
            text = f'"{escape_string(value)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype.value == XSD_STRING:
            return text
        return f"{text}^^{self.iri(term.datatype.value)}"

    def term(self, term: ox.Term, indent: int) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            return self.literal(term)
        if isinstance(term, ox.BlankNode):
            if term.value in self.inline and term in self.by_subject:
                body = self.predicates(term, indent + 4)
                pad = " " * indent
                return f"[\n{body}\n{pad}]"
            if term.value in self.inline:
                return "[]"
            return f"_:{self.labels[term.value]}"
        raise TypeError(f"unsupported term {term!r}")

    def sort_key(self, term: ox.Term, indent: int = 4) -> tuple[int, str]:
        if isinstance(term, ox.NamedNode):
            return (0, term.value)
        if isinstance(term, ox.BlankNode):
            return (2, self.labels[term.value])
        return (1, self.term(term, indent))

    def predicates(self, subject: ox.Term, indent: int) -> str:
        groups: dict[str, list[ox.Term]] = defaultdict(list)
        for t in self.by_subject[subject]:
            groups[t.predicate.value].append(t.object)
        pad = " " * indent
        lines = []
        for pred in sorted(groups, key=lambda p: (p != RDF_TYPE, p)):
            name = "a" if pred == RDF_TYPE else self.iri(pred)
            objects = groups[pred]
            if len(objects) > 1:
                objects = sorted(set(objects), key=lambda o: self.sort_key(o, indent))
            rendered = [self.term(o, indent) for o in objects]
            lines.append(
                f"{pad}{name} "
                + " ,\n".join(
                    rendered if len(rendered) == 1 else [rendered[0]] + [f"{pad}    {r}" for r in rendered[1:]]
                )
            )
        return " ;\n".join(lines)

    def document(self) -> str:
        blocks = []
        subjects = [s for s in self.by_subject if not (isinstance(s, ox.BlankNode) and s.value in self.inline)]
        for subject in sorted(subjects, key=lambda s: self.sort_key(s)):
            head = self.iri(subject.value) if isinstance(subject, ox.NamedNode) else f"_:{self.labels[subject.value]}"
            blocks.append(f"{head}\n{self.predicates(subject, 4)} .\n")
        header = "".join(f"@prefix {p}: <{self.prefixes[p]}> .\n" for p in sorted(self.used))
        return header + ("\n" if header else "") + "\n".join(blocks)


def dumps(triples: Iterable[ox.Triple], prefixes: dict[str, str] | None = None) -> str:
    """Serialise ``triples`` as deterministic Turtle.

    >>> t = ox.Triple(ox.NamedNode("https://w3id.org/wpskg/id/x"), ox.NamedNode("https://schema.org/value"),
    ...               ox.Literal("01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    >>> print(dumps([t]), end="")
    @prefix schema: <https://schema.org/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <BLANKLINE>
    <https://w3id.org/wpskg/id/x>
        schema:value "01"^^xsd:integer .
    """
    return _Writer(list(triples), dict(prefixes or PREFIXES)).document()
