"""Turtle, parsed by pyoxigraph's strict parser."""

from __future__ import annotations

import pyoxigraph as ox

from ._common import Document, check_quads, decode, parse, subject_lines


def load_bytes(data: bytes, name: str) -> Document:
    """Parse Turtle ``data``; ``name`` is used in error messages.

    >>> load_bytes(b'<https://w3id.org/wpskg/id/x> a <https://w3id.org/wpskg/ont#Plan> .', "a.ttl").source_map.lines
    {'https://w3id.org/wpskg/id/x': 1}
    """
    text = decode(data, name)
    quads = parse(data, ox.RdfFormat.TURTLE, name)
    source_map = subject_lines(text)
    check_quads(quads, text, name, source_map)
    return Document(name, quads, text, source_map)
