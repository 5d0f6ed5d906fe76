"""The IRIs and namespaces that wpskg mints and reuses."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Namespace

BASE = "https://w3id.org/wpskg/"
WPS = Namespace(BASE + "ont#")
ONTOLOGY_IRI = BASE + "ont"
ID = Namespace(BASE + "id/")
VOCAB = Namespace(BASE + "vocab/")
COUNTRY = Namespace(BASE + "vocab/country/")
THEME = Namespace(BASE + "vocab/theme/")
WPSH = Namespace(BASE + "shapes#")

PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
SH = Namespace("http://www.w3.org/ns/shacl#")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")

#: The XSD, RDF and RDFS namespaces as plain strings, for code that writes IRIs or reads pyoxigraph terms.
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = RDF + "type"

#: Prefixes used in generated Turtle and in stored queries, in output order.
PREFIXES: dict[str, str] = {
    "wps": str(WPS),
    "plan": BASE + "id/plan/",
    "series": BASE + "id/series/",
    "obj": BASE + "id/objective/",
    "act": BASE + "id/action/",
    "actor": BASE + "id/actor/",
    "fund": BASE + "id/funding/",
    "fig": BASE + "id/figure/",
    "ind": BASE + "id/indicator/",
    "mem": BASE + "id/membership/",
    "period": BASE + "id/period/",
    "claim": BASE + "id/claim/",
    "src": BASE + "id/source/",
    "country": str(COUNTRY),
    "theme": str(THEME),
    "res": BASE + "vocab/resolution/",
    "iatirole": BASE + "vocab/iati-organisation-role/",
    "iatiorg": BASE + "vocab/iati-organisation-type/",
    "iatitx": BASE + "vocab/iati-transaction-type/",
    "dac": BASE + "vocab/dac-sector/",
    "doctype": BASE + "vocab/document-type/",
    "modality": BASE + "vocab/funding-modality/",
    "recurrence": BASE + "vocab/recurrence/",
    "role": BASE + "vocab/membership-role/",
    "actorrole": BASE + "vocab/actor-role/",
    "currency": BASE + "vocab/currency/",
    "wpsh": str(WPSH),
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": str(SKOS),
    "dct": str(DCT),
    "dcat": str(DCAT),
    "prov": str(PROV),
    "org": str(ORG),
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": str(SCHEMA),
    "qb": "http://purl.org/linked-data/cube#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "sh": str(SH),
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
    "dcatap": "http://data.europa.eu/r5r/",
    "adms": "http://www.w3.org/ns/adms#",
}


def sparql_prologue() -> str:
    """PREFIX lines for every prefix in :data:`PREFIXES`.

    >>> "PREFIX wps: <https://w3id.org/wpskg/ont#>" in sparql_prologue()
    True
    """
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


#: A local name that Turtle can write after a prefix without escapes.
TURTLE_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")


class PrefixTable:
    """Finds the prefix of an IRI: a dictionary lookup of its namespace, a scan only when that misses.

    >>> PrefixTable({"plan": "https://w3id.org/wpskg/id/plan/"}).prefix_of("https://w3id.org/wpskg/id/plan/x")
    'plan'
    """

    def __init__(self, prefixes: Mapping[str, str] = PREFIXES, local: re.Pattern[str] = TURTLE_LOCAL) -> None:
        self.prefixes = dict(prefixes)
        self.local = local
        self.by_namespace = {ns: p for p, ns in sorted(self.prefixes.items(), reverse=True)}

    def prefix_of(self, iri: str) -> str | None:
        """The prefix whose namespace is the longest one covering ``iri`` with a valid local name."""
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = self.by_namespace.get(iri[:cut])
        if prefix is not None and self.local.match(iri[cut:]):
            return prefix
        best = None
        for candidate, ns in self.prefixes.items():
            if (
                iri.startswith(ns)
                and self.local.match(iri[len(ns) :])
                and (best is None or len(ns) > len(self.prefixes[best]))
            ):
                best = candidate
        return best


_DEFAULT_TABLE = PrefixTable()


def longest_prefix(
    iri: str, prefixes: Mapping[str, str] = PREFIXES, local: re.Pattern[str] = TURTLE_LOCAL
) -> str | None:
    """The prefix whose namespace is the longest one covering ``iri`` with a valid local name.

    >>> longest_prefix("https://w3id.org/wpskg/id/plan/be-wps-nap-3")
    'plan'
    >>> longest_prefix("https://w3id.org/wpskg/id/plan/") is None
    True
    """
    table = _DEFAULT_TABLE if prefixes is PREFIXES and local is TURTLE_LOCAL else PrefixTable(prefixes, local)
    return table.prefix_of(iri)


def shorten(iri: str) -> str:
    """The prefixed name of ``iri`` when a known prefix covers it.

    >>> shorten("https://w3id.org/wpskg/id/plan/be-wps-nap-3")
    'plan:be-wps-nap-3'
    >>> shorten("http://example.org/x")
    'http://example.org/x'
    """
    best = longest_prefix(iri)
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


def expand(name: str) -> str | None:
    """The IRI of a prefixed name with a known prefix (the inverse of :func:`shorten`), else ``None``.

    >>> expand("dct:temporal")
    'http://purl.org/dc/terms/temporal'
    >>> expand("nope:x") is None, expand("wps:claim/prov:value") is None
    (True, True)
    """
    prefix, colon, local = name.partition(":")
    if not colon or prefix not in PREFIXES or not TURTLE_LOCAL.match(local):
        return None
    return PREFIXES[prefix] + local
