"""JSON-LD, with contexts taken only from the ones wpskg ships; nothing is fetched."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import pyoxigraph as ox

from ..errors import InputError, Location
from ._common import Document, check_quads, decode, parse, quoted_iri_lines

#: Context IRIs that resolve to a file shipped in ``wpskg/contexts/``.
CONTEXT_IRI = "https://w3id.org/wpskg/context.jsonld"
SHIPPED = {CONTEXT_IRI: "wpskg.jsonld"}


@cache
def shipped_context(iri: str) -> Any:
    """The ``@context`` value of a shipped context file."""
    text = resources.files("wpskg").joinpath("contexts", SHIPPED[iri]).read_text(encoding="utf-8")
    return json.loads(text)["@context"]


def _inline(node: Any, name: str) -> Any:
    """Replace references to shipped contexts by their content; refuse any other reference."""
    if isinstance(node, list):
        return [_inline(item, name) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "@context":
            out[key] = _context(value, name)
        else:
            out[key] = _inline(value, name)
    return out


def _context(value: Any, name: str) -> Any:
    if isinstance(value, list):
        return [_context(v, name) for v in value]
    if isinstance(value, str):
        if value in SHIPPED:
            return shipped_context(value)
        raise InputError(
            f"remote JSON-LD context {value!r} is refused; only {', '.join(SHIPPED)} is available offline",
            Location(name),
        )
    if isinstance(value, dict) and "@import" in value:
        raise InputError("JSON-LD @import of a context is refused", Location(name))
    return value


def load_bytes(data: bytes, name: str) -> Document:
    """Parse JSON-LD ``data``; ``name`` is used in error messages."""
    text = decode(data, name)
    try:
        tree = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg}", Location(name, exc.lineno, exc.colno)) from None
    inlined = json.dumps(_inline(tree, name))
    quads = parse(inlined, ox.RdfFormat.JSON_LD, name)
    check_quads(quads, text, name)
    return Document(name, quads, text, quoted_iri_lines(text))
