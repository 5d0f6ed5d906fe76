"""RDF/XML, with DTDs and entities refused before parsing."""

from __future__ import annotations

import pyoxigraph as ox
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from xml.etree.ElementTree import ParseError

from ..errors import InputError, Location
from ._common import Document, check_quads, decode, parse, quoted_iri_lines


def load_bytes(data: bytes, name: str) -> Document:
    """Parse RDF/XML ``data``; a DOCTYPE or entity declaration is refused.

    >>> load_bytes(b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r/>', "bomb.rdf")
    Traceback (most recent call last):
    ...
    wpskg.errors.InputError: bomb.rdf: RDF/XML with a DOCTYPE or entity declarations is refused
    """
    text = decode(data, name)
    try:
        fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError("RDF/XML with a DOCTYPE or entity declarations is refused", Location(name)) from None
    except ParseError as exc:
        line, column = exc.position
        raise InputError(f"malformed XML: {exc.msg if hasattr(exc, 'msg') else exc}", Location(name, line, column + 1)) from None
    quads = parse(data, ox.RdfFormat.RDF_XML, name)
    check_quads(quads, text, name)
    return Document(name, quads, text, quoted_iri_lines(text))
