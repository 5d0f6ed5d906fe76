"""Deterministic N-Quads: the graph in one named graph, sorted."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from . import ntriples

#: The graph name used when the graph is written as quads.
GRAPH_IRI = "https://w3id.org/wpskg/graph"


def dumps(triples: Iterable[ox.Triple], graph: str = GRAPH_IRI) -> str:
    """Serialise ``triples`` as sorted N-Quads in the named graph ``graph``."""
    return "".join(ntriples.lines(triples, graph))
