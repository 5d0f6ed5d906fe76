"""Deterministic N-Triples: one sorted line per triple, stable blank-node labels."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ._terms import nt_term, stable_labels


def lines(triples: Iterable[ox.Triple], graph: str | None = None) -> list[str]:
    """The sorted, de-duplicated lines of ``triples``, as quads in ``graph`` when one is given."""
    triples = list(triples)
    labels = stable_labels(triples)
    suffix = f" <{graph}> .\n" if graph else " .\n"
    return sorted(
        {
            f"{nt_term(t.subject, labels)} {nt_term(t.predicate, labels)} {nt_term(t.object, labels)}{suffix}"
            for t in triples
        }
    )


def dumps(triples: Iterable[ox.Triple]) -> str:
    """Serialise ``triples`` as sorted N-Triples."""
    return "".join(lines(triples))
