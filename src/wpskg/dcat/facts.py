"""What the catalogue says that is read from the data: the ontology's title, version and dates, the
source documents' issue dates, the period, countries and languages it covers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import langtags
from ..eu_codes import (
    EU_COUNTRY,
    EU_LANGUAGE,
)
from ..namespaces import RDF, XSD
from .terms import DCAT, DCT, OWL, SKOS, WPS

#: The types of the ontology's terms and of the concepts of its code lists, whose labels are not data.
_VOCABULARY_TYPES = tuple(
    [OWL + k for k in ("Ontology", "Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")]
    + [SKOS + k for k in ("Concept", "ConceptScheme", "Collection")]
)

_DATE = re.compile(r"^(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?(?:T(\S+))?$")
_DATE_TYPES = {XSD + "date", XSD + "dateTime", XSD + "gYear", XSD + "gYearMonth"}


def date_key(term: ox.Term) -> tuple[int, int, int, str] | None:
    """A sort key for a date-like literal, or None if it is not one."""
    if not isinstance(term, ox.Literal) or term.datatype.value not in _DATE_TYPES:
        return None
    m = _DATE.match(term.value)
    if not m:
        return None
    return (int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0), m.group(4) or "")


def later(a: ox.Literal, b: ox.Literal) -> bool:
    """Whether date ``a`` is surely later than date ``b``: compared at the coarser of their
    precisions (year, month or day), so ``2024-03-08`` is not later than ``2024``.

    >>> d = lambda v, t="date": ox.Literal(v, datatype=ox.NamedNode(XSD + t))
    >>> later(d("2027-01-01"), d("2025-11-24")), later(d("2024-03-08"), d("2024", "gYear"))
    (True, False)
    >>> later(d("2025-01", "gYearMonth"), d("2024-12-31T23:00:00", "dateTime"))
    True
    """
    ka, kb = date_key(a), date_key(b)
    if ka is None or kb is None:
        return False
    depth = min(_precision(a), _precision(b))
    return ka[:depth] > kb[:depth]


def _precision(term: ox.Literal) -> int:
    """1 for a year, 2 for a year and month, 3 for a day (times are not compared)."""
    m = _DATE.match(term.value)
    return 1 if m is None else 1 + (m.group(2) is not None) + (m.group(3) is not None)


def latest(terms: Iterable[ox.Term]) -> ox.Literal | None:
    dated = [(k, t) for t in terms if (k := date_key(t)) is not None]
    return max(dated, key=lambda kt: (kt[0], str(kt[1])))[1] if dated else None  # type: ignore[return-value]


def earliest(terms: Iterable[ox.Term]) -> ox.Literal | None:
    dated = [(k, t) for t in terms if (k := date_key(t)) is not None]
    return min(dated, key=lambda kt: (kt[0], str(kt[1])))[1] if dated else None  # type: ignore[return-value]


@dataclass
class Facts:
    """What the catalogue says that is read from a graph."""

    ontology: str | None = None
    ontology_titles: list[ox.Literal] = field(default_factory=list)
    version: str | None = None
    created: list[ox.Literal] = field(default_factory=list)
    changed: list[ox.Literal] = field(default_factory=list)
    sources_issued: list[ox.Literal] = field(default_factory=list)
    start: ox.Literal | None = None
    end: ox.Literal | None = None
    countries: dict[str, list[ox.Literal]] = field(default_factory=dict)  # EU IRI -> labels
    languages: list[str] = field(default_factory=list)  # EU language IRIs
    licence: str | None = None  # the ontology's own dct:license
    quotes: int = 0  # the claims' verbatim quotes (wps:quote) of source documents

    @property
    def issued(self) -> ox.Literal | None:
        """When the data was first published: the ontology's creation, else the earliest source."""
        return earliest(self.created) or earliest(self.sources_issued)

    @property
    def modified(self) -> ox.Literal | None:
        """The latest date the data carries: ontology created or modified, or a source's issue date."""
        return latest(self.created + self.changed + self.sources_issued)


def facts(triples: Sequence[ox.Triple]) -> Facts:
    """Read ontology metadata, source dates, coverage and languages from ``triples``."""
    by_sp: dict[tuple[ox.Term, str], list[ox.Term]] = {}
    by_po: dict[tuple[str, ox.Term], list[ox.Term]] = {}
    tagged: dict[str, set[ox.Term]] = {}  # language -> the subjects of its literals
    for t in triples:
        by_sp.setdefault((t.subject, t.predicate.value), []).append(t.object)
        by_po.setdefault((t.predicate.value, t.object), []).append(t.subject)
        if isinstance(t.object, ox.Literal) and t.object.language:
            tagged.setdefault(t.object.language.split("-")[0].lower(), set()).add(t.subject)

    def objects(s: ox.Term, p: str) -> list[ox.Term]:
        return by_sp.get((s, p), [])

    def instances(cls: str) -> list[ox.Term]:
        return sorted(by_po.get((RDF + "type", ox.NamedNode(cls)), []), key=str)

    out = Facts()
    ontologies = [o for o in instances(OWL + "Ontology") if isinstance(o, ox.NamedNode)]
    if ontologies:
        ont = ontologies[0]
        out.ontology = ont.value
        out.ontology_titles = sorted((t for t in objects(ont, DCT + "title") if isinstance(t, ox.Literal)), key=str)
        versions = sorted(t.value for t in objects(ont, OWL + "versionInfo") if isinstance(t, ox.Literal))
        out.version = versions[0] if versions else None
        licences = sorted(t.value for t in objects(ont, DCT + "license") if isinstance(t, ox.NamedNode))
        out.licence = licences[0] if licences else None
        out.created = [t for t in objects(ont, DCT + "created") if isinstance(t, ox.Literal)]
        out.changed = [
            t for t in objects(ont, DCT + "modified") + objects(ont, DCT + "issued") if isinstance(t, ox.Literal)
        ]
    out.quotes = sum(len(os) for (_s, p), os in by_sp.items() if p == WPS + "quote")
    sources = set(instances(WPS + "SourceDocument"))
    for doc in sorted(sources, key=str):
        out.sources_issued += [t for t in objects(doc, DCT + "issued") if isinstance(t, ox.Literal)]
    periods = {o for (s, p), os in by_sp.items() if p == DCT + "temporal" for o in os}
    # the dates of what the data reports (a funding of 2025, an event), besides its periods; a source's
    # date of issue is when it was written, not what it covers
    dated = [o for (s, p), os in by_sp.items() if p in (DCT + "date", WPS + "date") and s not in sources for o in os]
    out.start = earliest([*(o for period in periods for o in objects(period, DCAT + "startDate")), *dated])
    out.end = latest([*(o for period in periods for o in objects(period, DCAT + "endDate")), *dated])
    for (_s, p), countries in by_sp.items():
        if p != WPS + "planCountry":
            continue
        for country in countries:
            for match in objects(country, SKOS + "exactMatch"):
                if isinstance(match, ox.NamedNode) and match.value.startswith(EU_COUNTRY):
                    labels = [t for t in objects(country, SKOS + "prefLabel") if isinstance(t, ox.Literal)]
                    out.countries[match.value] = sorted(labels, key=lambda lit: (lit.language or "", lit.value))
    out.countries = dict(sorted(out.countries.items()))
    # The languages of the data, not of the ontology and its code lists (the French names of every
    # country are not French data), in the EU language table (en: ENG, ga: GLE).
    vocabulary = {s for cls in _VOCABULARY_TYPES for s in instances(cls)}
    said = {tag for tag, subjects in tagged.items() if subjects - vocabulary}
    out.languages = sorted({EU_LANGUAGE + code.upper() for tag in said if (code := langtags.three_letter(tag))})
    return out
