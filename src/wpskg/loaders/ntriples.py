"""N-Triples, parsed by pyoxigraph's strict parser."""

from __future__ import annotations

import pyoxigraph as ox

from ._common import Document, check_quads, decode, parse, subject_lines


def load_bytes(data: bytes, name: str) -> Document:
    """Parse N-Triples ``data``; ``name`` is used in error messages."""
    text = decode(data, name)
    quads = parse(data, ox.RdfFormat.N_TRIPLES, name)
    source_map = subject_lines(text)
    check_quads(quads, text, name, source_map)
    return Document(name, quads, text, source_map)
