"""Safe RDF loaders, one module per format, chosen by file extension.

Every loader:

- parses strictly (pyoxigraph), and reports file, line and column on error;
- sets a fixed base IRI, so that a relative IRI never becomes a ``file://`` path;
- refuses what could reach the network or the file system (remote JSON-LD
  contexts, RDF/XML DTDs and entities, ``owl:imports`` is never followed);
- rejects ill-typed literals with their line;
- keeps literal lexical forms exactly as written;
- enforces a size limit.

>>> triple = b'<https://w3id.org/wpskg/id/x> <http://purl.org/dc/terms/date> '
>>> triple += b'"2024-02-30"^^<http://www.w3.org/2001/XMLSchema#date> .'
>>> doc = load_bytes(triple, "bad.nt")
Traceback (most recent call last):
...
wpskg.errors.InputError: bad.nt:1: ill-typed literal "2024-02-30"^^xsd:date
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import InputError, Location
from . import jsonld, ntriples, rdfxml, turtle
from ._common import (
    BASE_IRI,
    MAX_BYTES,
    PREFIX_LINE,
    Document,
    SourceMap,
    Statements,
    decode,
    line_of,
    line_prefixes,
    statement_line,
)

__all__ = [
    "BASE_IRI",
    "MAX_BYTES",
    "PREFIX_LINE",
    "Document",
    "SourceMap",
    "Statements",
    "decode",
    "line_of",
    "line_prefixes",
    "load",
    "load_bytes",
    "loader_for",
    "statement_line",
]

_BY_SUFFIX = {
    ".ttl": turtle,
    ".owl": turtle,
    ".nt": ntriples,
    ".jsonld": jsonld,
    ".json": jsonld,
    ".rdf": rdfxml,
    ".xml": rdfxml,
}


#: The file extensions that wpskg reads as RDF, in lower case (``.TTL`` is read as ``.ttl``).
SUFFIXES = tuple(_BY_SUFFIX)


def loader_for(name: str):
    """The loader module for a file name, by extension."""
    suffix = Path(name).suffix.lower()
    try:
        return _BY_SUFFIX[suffix]
    except KeyError:
        known = ", ".join(sorted(_BY_SUFFIX))
        raise InputError(f"unknown RDF file extension {suffix!r} (known: {known})", Location(name)) from None


def load_bytes(data: bytes, name: str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Parse ``data`` as the format that ``name``'s extension names."""
    if len(data) > max_bytes:
        raise InputError(f"file is {len(data)} bytes, over the limit of {max_bytes}", Location(name))
    if data.startswith(codecs.BOM_UTF8):  # what some editors write; lines and columns stay the same
        data = data[len(codecs.BOM_UTF8) :]
    return loader_for(name).load_bytes(data, name)


def load(path: str | Path, *, display_name: str | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Parse the RDF file at ``path``."""
    path = Path(path)
    name = display_name or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"file is {size} bytes, over the limit of {max_bytes}", Location(name))
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", Location(name)) from None
    return load_bytes(data, name, max_bytes=max_bytes)
