"""RDF/XML, with DTDs and entities refused before parsing.

Three locks, any of which suffices: the bytes must not hold ``<!DOCTYPE`` or
``<!ENTITY`` at all; the document must declare no encoding but UTF-8; and
defusedxml's expat reader, which forbids DTDs, entities and external
references, must read it through before pyoxigraph sees it. pyoxigraph's own
RDF/XML parser expands entities (an 815-byte "billion laughs" becomes a
300-million-character literal), so it must never see a DTD.
"""

from __future__ import annotations

import re
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

import pyoxigraph as ox
from defusedxml import DefusedXmlException
from defusedxml.sax import parseString

from ..errors import InputError, Location
from ._common import Document, check_quads, decode, parse, position, quoted_iri_lines

_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_REFUSED = "RDF/XML with a DOCTYPE or entity declarations is refused"
#: Deepest element nesting accepted: pyoxigraph's RDF/XML parser takes time
#: cubic in the depth (40,000 nested descriptions, 3.4 MB, take minutes).
MAX_DEPTH = 200


class _TooDeep(Exception):
    pass


class _Depth(ContentHandler):
    """Counts element nesting and stops at :data:`MAX_DEPTH`."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0

    def startElement(self, name: str, attrs: object) -> None:  # the SAX API names
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep

    def endElement(self, name: str) -> None:  # the SAX API names
        self.depth -= 1


def _check_xml(data: bytes, name: str) -> None:
    """Refuse DTDs, entities and non-UTF-8 encodings; report malformed XML with its position."""
    dtd = _DTD.search(data)
    if dtd:
        raise InputError(_REFUSED, position(data, name, dtd.start()))
    m = _ENCODING.match(data)
    encoding = m.group(1).decode("ascii", "replace") if m else "utf-8"
    if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise InputError(f"XML encoding {encoding!r} is refused; use UTF-8", Location(name, 1))
    handler = _Depth()
    try:
        parseString(data, handler, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError(_REFUSED, Location(name)) from None
    except _TooDeep:
        raise InputError(f"XML nested more than {MAX_DEPTH} elements deep", Location(name)) from None
    except SAXParseException as exc:
        column = exc.getColumnNumber()
        location = Location(name, exc.getLineNumber(), column + 1 if column is not None else None)
        raise InputError(f"malformed XML: {exc.getMessage()}", location) from None


def load_bytes(data: bytes, name: str) -> Document:
    """Parse RDF/XML ``data``; a DOCTYPE or entity declaration is refused.

    >>> load_bytes(b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r/>', "bomb.rdf")
    Traceback (most recent call last):
    ...
    wpskg.errors.InputError: bomb.rdf:1:1: RDF/XML with a DOCTYPE or entity declarations is refused
    """
    text = decode(data, name)
    _check_xml(data, name)
    quads = parse(data, ox.RdfFormat.RDF_XML, name)
    source_map = quoted_iri_lines(text)
    check_quads(quads, text, name, source_map)
    return Document(name, quads, text, source_map)
