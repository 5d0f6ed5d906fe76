"""Term syntax and stable blank-node labels shared by the dumpers."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import RDF, XSD

XSD_STRING = XSD + "string"
RDF_LANGSTRING = RDF + "langString"

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


#: The characters that are escaped: a quote, a backslash and the control characters.
_TO_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def _escaped(match: re.Match[str]) -> str:
    ch = match.group()
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def escape_string(value: str) -> str:
    """Escape a string for N-Triples and Turtle, keeping every character's value.

    >>> print(escape_string('a "b"\\tc\\\\ \\x01 é'))
    a \\"b\\"\\tc\\\\ \\u0001 é
    """
    return _TO_ESCAPE.sub(_escaped, value)  # (a regular expression: a loop per character took 5 s at 1M triples)


def nt_term(term: ox.Term, labels: dict[str, str]) -> str:
    """A term in N-Triples syntax; blank nodes get their stable label."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{labels[term.value]}"
    if isinstance(term, ox.Literal):
        text = f'"{escape_string(term.value)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype.value != XSD_STRING:
            return f"{text}^^<{term.datatype.value}>"
        return text
    raise TypeError(f"unsupported term {term!r}")


def stable_labels(triples: Iterable[ox.Triple]) -> dict[str, str]:
    """A label for every blank node, computed from what it says and what points to it.

    The label depends only on the graph's content, never on parse order, the
    hash seed or the machine, so the same graph always serialises the same way.
    """
    triples = list(triples)
    out_edges: dict[str, list[tuple[ox.Term, ox.Term]]] = defaultdict(list)
    in_edges: dict[str, list[tuple[ox.Term, ox.Term]]] = defaultdict(list)
    bnodes: set[str] = set()
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            bnodes.add(t.subject.value)
            out_edges[t.subject.value].append((t.predicate, t.object))
        if isinstance(t.object, ox.BlankNode):
            bnodes.add(t.object.value)
            in_edges[t.object.value].append((t.subject, t.predicate))

    # Digests that do not depend on the path they were reached by (no cycle below them),
    # and the top-level digests of blank nodes on a cycle. A nested call may only reuse
    # the first kind: reusing a cyclic node's top-level digest would make labels depend
    # on the order in which blank nodes are visited.
    memo: dict[str, str] = {}
    cyclic_memo: dict[str, str] = {}

    def walk(b: str, seen: frozenset[str]) -> tuple[str, bool]:
        if b in memo:
            return memo[b], False
        if not seen and b in cyclic_memo:
            return cyclic_memo[b], True
        if b in seen:
            return "cycle", True
        parts = []
        cyclic = False
        for p, o in out_edges[b]:
            if isinstance(o, ox.BlankNode):
                digest, hit = walk(o.value, seen | {b})
                cyclic = cyclic or hit
                o_text = f"[{digest}]"
            else:
                o_text = nt_term(o, {})
            parts.append(f"<{p.value}> {o_text}")
        digest = hashlib.sha256("\n".join(sorted(parts)).encode("utf-8")).hexdigest()
        if not cyclic:
            memo[b] = digest
        elif not seen:
            cyclic_memo[b] = digest
        return digest, cyclic

    def content(b: str, seen: frozenset[str]) -> str:
        return walk(b, seen)[0]

    # What points to a blank node, up to the nearest IRI: two nodes that say the same under two
    # blank nodes that say the same (the lists of owl:unionOf ( A B ) as a domain and as a range)
    # differ only in their parents' own context.
    context_memo: dict[str, str] = {}

    def upward(b: str, seen: frozenset[str]) -> tuple[str, bool]:
        if b in context_memo:
            return context_memo[b], False
        parts = []
        cyclic = False
        for s, p in in_edges[b]:
            if not isinstance(s, ox.BlankNode):
                parts.append(f"<{s.value}> <{p.value}>")
                continue
            above = ""
            if s.value in seen or s.value == b:
                cyclic = True
            else:
                above, hit = upward(s.value, seen | {b})
                cyclic = cyclic or hit
            parts.append(f"[{content(s.value, frozenset())}|{above}] <{p.value}>")
        digest = hashlib.sha256("\n".join(sorted(parts)).encode("utf-8")).hexdigest()  # a parent's is 64 characters
        if not cyclic:
            context_memo[b] = digest
        return digest, cyclic

    def context(b: str) -> str:
        return upward(b, frozenset())[0]

    keyed = sorted(bnodes, key=lambda b: (content(b, frozenset()), context(b), b))
    labels: dict[str, str] = {}
    used: dict[str, int] = defaultdict(int)
    for b in keyed:
        base = "b" + hashlib.sha256((content(b, frozenset()) + "|" + context(b)).encode()).hexdigest()[:16]
        used[base] += 1
        labels[b] = base if used[base] == 1 else f"{base}_{used[base]}"
    return labels
