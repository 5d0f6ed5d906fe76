"""The terms of the vocabularies wpskg reuses, to catch a misspelt term or namespace in the data.

A term of the wps: namespace is checked against the ontology by
``shapes/undeclared-term-violation.rq``. This module checks the others: a
property or class of DCMI Terms, schema.org, PROV-O, SKOS, DCAT, ORG, FOAF,
RDF, RDFS or OWL that the vocabulary does not have (``dct:temporl``), and a
namespace written almost right (``http://schema.org/`` for
``https://schema.org/``, ``https://w3id.org/wpskg/ont/`` for ``…/ont#``),
which would leave every statement of a file unseen by the shapes.

>>> mistake("https://schema.org/fundr")
'schema.org has no term fundr: check the spelling (https://schema.org/funder?)'
>>> mistake("http://schema.org/funder")
'http://schema.org/funder is not in the namespace this project uses: write https://schema.org/funder'
>>> mistake("https://schema.org/funder") is None, mistake("https://example.org/x") is None
(True, True)
"""

from __future__ import annotations

import difflib
import re
from functools import cache

from .namespaces import WPS

_WPS = str(WPS)


@cache
def vocabularies() -> dict[str, tuple[str, frozenset[str]]]:
    """The reused vocabularies by namespace: the name messages give them, and their terms' local
    names (from rdflib's closed namespaces)."""
    from rdflib import namespace as ns

    out = {}
    for attribute, name in NAMES.items():
        v = getattr(ns, attribute)
        terms = frozenset(getattr(v, "__annotations__", {})) | frozenset(getattr(v, "_extras", ()))
        out[str(v._NS)] = (name, terms | _NEWER.get(str(v._NS), frozenset()))
    return out


#: rdflib's closed namespace of each reused vocabulary, and the name messages give it.
NAMES = {
    "DCTERMS": "DCMI Terms",
    "SDO": "schema.org",
    "PROV": "PROV-O",
    "SKOS": "SKOS",
    "DCAT": "DCAT",
    "ORG": "ORG",
    "FOAF": "FOAF",
    "RDF": "RDF",
    "RDFS": "RDFS",
    "OWL": "OWL",
    "VANN": "VANN",
    "XSD": "XSD",
}


#: Terms newer than rdflib's lists: DCAT 3 (2024) and RDF 1.2.
_NEWER = {
    "http://www.w3.org/ns/dcat#": frozenset(
        [
            "DatasetSeries",
            "inSeries",
            "seriesMember",
            "first",
            "last",
            "prev",
            "next",
            "version",
            "hasVersion",
            "isVersionOf",
            "previousVersion",
            "hasCurrentVersion",
        ]
    ),
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": frozenset(
        ["reifies", "JSON", "CompoundLiteral", "direction", "language", "dirLangString"]
    ),
}


def declaring(local: str) -> list[str]:
    """The namespaces that have a term of the local name ``local``: wpskg's own ontology first, then
    the reused vocabularies (not XSD, whose terms are datatypes).

    >>> declaring("funder"), declaring("prefLabel"), declaring("responsibleActor"), declaring("nothing")
    (['https://schema.org/'], ['http://www.w3.org/2004/02/skos/core#'], ['https://w3id.org/wpskg/ont#'], [])
    >>> declaring("recipient")[0], "http://www.w3.org/2001/XMLSchema#" in declaring("date")
    ('https://w3id.org/wpskg/ont#', False)
    """
    own = [_WPS] if local in ontology_terms() else []
    return own + [ns for ns, (name, known) in vocabularies().items() if local in known and name != "XSD"]


@cache
def ontology_terms() -> frozenset[str]:
    """The local names that wpskg's own ontology declares (``wps:recipient``), read once from the
    stock ontology; empty when there is none."""
    import pyoxigraph as ox

    from .project import stock_root

    root = stock_root()
    path = root / "ontology" / "wpskg.ttl" if root is not None else None
    if path is None or not path.is_file():
        return frozenset()
    subjects = {q.subject.value for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
    return frozenset(s[len(_WPS) :] for s in subjects if s.startswith(_WPS) and len(s) > len(_WPS))


def _almost(iri: str) -> str | None:
    """The IRI that a near miss of a known namespace stands for: the other scheme (``http`` for
    ``https``), the other separator (``/`` for ``#``), or both."""
    swapped = "https://" + iri[7:] if iri.startswith("http://") else "http://" + iri.removeprefix("https://")
    for namespace in [*vocabularies(), _WPS]:
        base, other = namespace[:-1], "/" if namespace.endswith("#") else "#"
        for candidate in (iri, swapped):
            if candidate != iri and candidate.startswith(namespace):
                return candidate
            if candidate.startswith(base + other):
                return namespace + candidate[len(namespace) :]
    return None


def near_namespace(namespace: str) -> str | None:
    """The namespace this project uses that ``namespace`` (of a ``@prefix``) almost is, or None.

    >>> near_namespace("http://w3id.org/wpskg/ont#"), near_namespace("https://schema.org/")
    ('https://w3id.org/wpskg/ont#', None)
    """
    meant = _almost(namespace)
    return None if meant is None or meant == namespace else meant


def mistake(iri: str) -> str | None:
    """What is wrong with a property or class IRI of the data, or None if nothing is known to be."""
    for namespace, (name, known) in vocabularies().items():
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local in known or (name == "RDF" and re.fullmatch(r"_[1-9][0-9]*", local)):  # rdf:_1, rdf:_2, …
                return None
            near = difflib.get_close_matches(local, known, n=1, cutoff=0.75)
            return f"{name} has no term {local}: check the spelling" + (f" ({namespace}{near[0]}?)" if near else "")
    if iri.startswith(_WPS):
        return None  # shapes/undeclared-term-violation.rq checks these against the ontology
    meant = _almost(iri)
    if meant is not None:
        return f"{iri} is not in the namespace this project uses: write {meant}"
    return None
