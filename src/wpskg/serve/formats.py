"""Serialisations the server speaks: SPARQL results (JSON, XML, CSV, TSV) and RDF graphs.

Literals keep their exact lexical form. Media types map to formats here, and
``?format=`` short names (the values SPARQLWrapper and browsers send) map to
media types.

>>> lit = ox.Literal("1.50", datatype=ox.NamedNode(XSD + "decimal"))
>>> results_tsv(["x", "y"], [[lit, ox.BlankNode("b1")]]).splitlines()
['?x\\t?y', '"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>\\t_:b1']
>>> results_csv(["x"], [[ox.Literal("a,b")]]).split("\\r\\n")
['x', '"a,b"', '']
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .. import dumpers
from ..namespaces import XSD
from ..results import to_csv, to_sparql_json

if TYPE_CHECKING:
    from ..store import Result

XSD_STRING = XSD + "string"

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
JSONLD = "application/ld+json"
NTRIPLES = "application/n-triples"
RDFXML = "application/rdf+xml"
HTML = "text/html"
JSON = "application/json"

#: What SELECT and ASK results can be served as, best first; aliases come after.
RESULT_OFFERS = [SPARQL_JSON, SPARQL_XML, CSV, TSV, JSON, "application/xml", "text/xml"]
RESULT_ALIASES = {JSON: SPARQL_JSON, "application/xml": SPARQL_XML, "text/xml": SPARQL_XML}
#: What CONSTRUCT and DESCRIBE results (and resource descriptions) can be served as.
GRAPH_OFFERS = [
    TURTLE,
    JSONLD,
    NTRIPLES,
    RDFXML,
    "application/x-turtle",
    "text/plain",
    JSON,
    "application/xml",
    "text/xml",
]
GRAPH_ALIASES = {
    "application/x-turtle": TURTLE,
    "text/plain": NTRIPLES,
    JSON: JSONLD,
    "application/xml": RDFXML,  # what a generic XML harvester asks for
    "text/xml": RDFXML,
}

#: ``format=`` short names, per kind of result.
RESULT_NAMES = {
    "json": SPARQL_JSON,
    "srj": SPARQL_JSON,
    "xml": SPARQL_XML,
    "srx": SPARQL_XML,
    "csv": CSV,
    "tsv": TSV,
}
GRAPH_NAMES = {
    "turtle": TURTLE,
    "ttl": TURTLE,
    "n3": TURTLE,
    "jsonld": JSONLD,
    "json-ld": JSONLD,
    "json": JSONLD,
    "nt": NTRIPLES,
    "ntriples": NTRIPLES,
    "n-triples": NTRIPLES,
    "xml": RDFXML,
    "rdf": RDFXML,
    "rdfxml": RDFXML,
    "rdf+xml": RDFXML,
}
#: File extensions of resource descriptions.
EXTENSIONS = {".ttl": TURTLE, ".jsonld": JSONLD, ".nt": NTRIPLES, ".rdf": RDFXML, ".html": HTML}

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def from_format_param(values: Iterable[str], graph: bool) -> str | None:
    """The media type named by the first recognised ``format`` value (a short name or a media type)."""
    names = GRAPH_NAMES if graph else RESULT_NAMES
    offers = GRAPH_OFFERS if graph else RESULT_OFFERS
    aliases = GRAPH_ALIASES if graph else RESULT_ALIASES
    for value in values:
        value = value.strip().lower()
        if value in names:
            return names[value]
        if value in offers:
            return aliases.get(value, value)
    return None


def _xml_text(value: str) -> str:
    """Escaped for XML; a carriage return as ``&#13;``, which a parser would otherwise read as a line end."""
    return escape(_XML_INVALID.sub("\ufffd", value), {"\r": "&#13;"})


def results_json(variables: Sequence[str], rows: Sequence[Sequence[ox.Term | None]]) -> str:
    """SPARQL 1.1 Query Results JSON."""
    return to_sparql_json(variables, rows)


def boolean_json(value: bool) -> str:
    return json.dumps({"head": {}, "boolean": value}) + "\n"


def _xml_term(term: ox.Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(str(term))}</literal>"


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def results_xml(variables: Sequence[str], rows: Sequence[Sequence[ox.Term | None]]) -> str:
    """SPARQL Query Results XML."""
    out = [_XML_HEAD, "  <head>\n"]
    out += [f"    <variable name={quoteattr(v)}/>\n" for v in variables]
    out.append("  </head>\n  <results>\n")
    for row in rows:
        out.append("    <result>\n")
        for name, term in zip(variables, row, strict=True):
            if term is not None:
                out.append(f"      <binding name={quoteattr(name)}>{_xml_term(term)}</binding>\n")
        out.append("    </result>\n")
    out.append("  </results>\n</sparql>\n")
    return "".join(out)


def boolean_xml(value: bool) -> str:
    return _XML_HEAD + f"  <head/>\n  <boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n"


#: SPARQL 1.1 Query Results CSV (shared with the command line).
results_csv = to_csv


def _tsv_string(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _tsv_term(term: ox.Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        text = _tsv_string(term.value)
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype.value == XSD_STRING:
            return text
        return f"{text}^^<{term.datatype.value}>"
    return _tsv_string(str(term))


def results_tsv(variables: Sequence[str], rows: Sequence[Sequence[ox.Term | None]]) -> str:
    """SPARQL 1.1 Query Results TSV: terms in Turtle syntax."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def serialize_results(media: str, variables: Sequence[str], rows: Sequence[Sequence[ox.Term | None]]) -> str:
    """SELECT results in ``media`` (one of the result media types)."""
    media = RESULT_ALIASES.get(media, media)
    if media == SPARQL_XML:
        return results_xml(variables, rows)
    if media == CSV:
        return results_csv(variables, rows)
    if media == TSV:
        return results_tsv(variables, rows)
    return results_json(variables, rows)


def serialize_select(media: str, result: Result) -> str | bytes:
    """The SELECT ``result`` of a query worker in ``media``.

    TSV is the worker's own pyoxigraph TSV, passed through, and JSON is
    converted from it by pyoxigraph: no Python term per cell (0.2 s for
    8,000 rows of 13 columns). CSV and XML keep the Python writers: one CSV
    writer with the command line, and XML must replace characters that XML
    cannot hold, which pyoxigraph's writer leaves in.
    """
    media = RESULT_ALIASES.get(media, media)
    if result.data and media == TSV:
        return result.data
    if result.data and media == SPARQL_JSON:
        solutions = ox.parse_query_results(result.data, format=ox.QueryResultsFormat.TSV)
        return solutions.serialize(format=ox.QueryResultsFormat.JSON)
    return serialize_results(media, result.variables, result.rows)


def serialize_boolean(media: str, value: bool) -> str:
    """ASK results in ``media``; CSV and TSV give a one-column table."""
    media = RESULT_ALIASES.get(media, media)
    if media == SPARQL_XML:
        return boolean_xml(value)
    if media == CSV:
        return f"_askResult\r\n{'true' if value else 'false'}\r\n"
    if media == TSV:
        return f"?_askResult\n{'true' if value else 'false'}\n"
    return boolean_json(value)


def serialize_graph(media: str, triples: Iterable[ox.Triple]) -> str:
    """Triples in Turtle, JSON-LD, N-Triples or RDF/XML."""
    media = GRAPH_ALIASES.get(media, media)
    triples = list(triples)
    if media == JSONLD:
        try:
            return dumpers.dumps(triples, "jsonld")
        except (ImportError, ValueError):
            return ox.serialize(triples, format=ox.RdfFormat.JSON_LD).decode("utf-8")
    if media == NTRIPLES:
        return dumpers.dumps(triples, "nt")
    if media == RDFXML:
        return ox.serialize(triples, format=ox.RdfFormat.RDF_XML).decode("utf-8")
    return dumpers.dumps(triples, "ttl")


def result_media(media: str) -> str:
    """The canonical result media type for an offered one (``application/json`` is SPARQL JSON)."""
    return RESULT_ALIASES.get(media, media)


def graph_media(media: str) -> str:
    """The canonical RDF media type for an offered one (``text/plain`` is N-Triples)."""
    return GRAPH_ALIASES.get(media, media)


def content_type(media: str) -> str:
    """The Content-Type header value for a canonical ``media`` (text types get a charset)."""
    if media.startswith("text/") or media in (SPARQL_JSON, SPARQL_XML, JSONLD, NTRIPLES, RDFXML, JSON):
        return f"{media}; charset=utf-8"
    return media
