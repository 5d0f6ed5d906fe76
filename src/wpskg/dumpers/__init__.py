"""Deterministic serialisers, one module per format, named like the stdlib ``json`` module.

Each module has ``dumps(triples) -> str``; :func:`dump` writes a file atomically.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .. import atomic
from . import nquads, ntriples, turtle

FORMATS = {"ttl": turtle, "nt": ntriples, "nq": nquads}


def dumps(triples: Iterable[ox.Triple], fmt: str) -> str:
    """``triples`` serialised in ``fmt`` (``ttl``, ``nt``, ``nq``, or ``jsonld`` when available)."""
    module = FORMATS.get(fmt)
    if module is None:
        try:
            from . import jsonld  # noqa: F401 - optional until the JSON-LD dumper lands
        except ImportError:
            raise ValueError(f"unknown format {fmt!r}") from None
        module = jsonld
    return module.dumps(triples)


def dump(triples: Iterable[ox.Triple], path: Path, fmt: str) -> None:
    """Write ``triples`` to ``path`` in ``fmt``, atomically."""
    atomic.write_text(Path(path), dumps(triples, fmt))
