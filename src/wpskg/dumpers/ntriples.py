"""Deterministic N-Triples: one sorted line per triple, stable blank-node labels."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ._terms import nt_term, stable_labels


def dumps(triples: Iterable[ox.Triple]) -> str:
    """Serialise ``triples`` as sorted N-Triples."""
    triples = list(triples)
    labels = stable_labels(triples)
    lines = sorted(
        {
            f"{nt_term(t.subject, labels)} {nt_term(t.predicate, labels)} {nt_term(t.object, labels)} .\n"
            for t in triples
        }
    )
    return "".join(lines)
