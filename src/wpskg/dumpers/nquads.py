"""Deterministic N-Quads: the graph in one named graph, sorted."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ._terms import nt_term, stable_labels

#: The graph name used when the graph is written as quads.
GRAPH_IRI = "https://w3id.org/wpskg/graph"


def dumps(triples: Iterable[ox.Triple], graph: str = GRAPH_IRI) -> str:
    """Serialise ``triples`` as sorted N-Quads in the named graph ``graph``."""
    triples = list(triples)
    labels = stable_labels(triples)
    lines = sorted(
        {
            f"{nt_term(t.subject, labels)} {nt_term(t.predicate, labels)} {nt_term(t.object, labels)} <{graph}> .\n"
            for t in triples
        }
    )
    return "".join(lines)
