"""Deterministic serialisers, one module per format, named like the stdlib ``json`` module.

Each module has ``dumps(triples) -> str``; :func:`dump` writes a file atomically.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .. import atomic
from ..bulk import paused_gc
from . import jsonld, nquads, ntriples, turtle

FORMATS = {"ttl": turtle, "jsonld": jsonld, "nt": ntriples, "nq": nquads}


def dumps(triples: Iterable[ox.Triple], fmt: str) -> str:
    """``triples`` serialised in ``fmt``: ``ttl``, ``jsonld``, ``nt`` or ``nq``."""
    module = FORMATS.get(fmt)
    if module is None:
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    with paused_gc():
        return module.dumps(triples)


def dump(triples: Iterable[ox.Triple], path: Path, fmt: str) -> None:
    """Write ``triples`` to ``path`` in ``fmt``, atomically."""
    atomic.write_text(Path(path), dumps(triples, fmt))
