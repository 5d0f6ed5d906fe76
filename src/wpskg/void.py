"""VoID statistics of an exported graph: triples, entities, classes, properties, partitions.

The counts are computed from the exact triples that are exported, so they
describe the files byte for byte. Partitions are blank nodes; the dumpers give
them stable labels (or write them inline), so the output stays deterministic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from .namespaces import PREFIXES, RDF_TYPE, XSD

VOID = PREFIXES["void"]
XSD_INTEGER = ox.NamedNode(XSD + "integer")


@dataclass
class Stats:
    """Counts of one graph, as VoID defines them."""

    triples: int = 0
    entities: int = 0
    classes: int = 0
    properties: int = 0
    distinct_subjects: int = 0
    distinct_objects: int = 0
    class_entities: dict[str, int] = field(default_factory=dict)
    property_triples: dict[str, int] = field(default_factory=dict)


def stats(triples: Iterable[ox.Triple]) -> Stats:
    """Count ``triples`` (duplicates once).

    Entities are the distinct IRI subjects; classes the distinct IRI objects of
    ``rdf:type``; properties the distinct predicates.

    >>> t = [ox.Triple(ox.NamedNode("http://x/a"), ox.NamedNode(RDF_TYPE), ox.NamedNode("http://x/C")),
    ...      ox.Triple(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("v"))]
    >>> s = stats(t)
    >>> (s.triples, s.entities, s.classes, s.properties, s.class_entities)
    (2, 1, 1, 2, {'http://x/C': 1})
    """
    unique = set(triples)
    subjects = {t.subject for t in unique}
    objects = {t.object for t in unique}
    typed: dict[str, set[ox.Term]] = {}
    props: Counter[str] = Counter()
    for t in unique:
        props[t.predicate.value] += 1
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            typed.setdefault(t.object.value, set()).add(t.subject)
    return Stats(
        triples=len(unique),
        entities=sum(1 for s in subjects if isinstance(s, ox.NamedNode)),
        classes=len(typed),
        properties=len(props),
        distinct_subjects=len(subjects),
        distinct_objects=len(objects),
        class_entities={c: len(members) for c, members in sorted(typed.items())},
        property_triples=dict(sorted(props.items())),
    )


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=XSD_INTEGER)


def describe(
    dataset: str,
    s: Stats,
    *,
    dumps: Iterable[str] = (),
    uri_space: str | None = None,
    sparql_endpoint: str | None = None,
) -> list[ox.Triple]:
    """VoID triples that describe ``dataset`` with the counts ``s``.

    ``dumps`` are the download URLs of the files (``void:dataDump``), ``sparql_endpoint``
    the URL of a SPARQL endpoint that serves it (``void:sparqlEndpoint``).
    """
    d = ox.NamedNode(dataset)

    def v(local: str) -> ox.NamedNode:
        return ox.NamedNode(VOID + local)

    out = [
        ox.Triple(d, ox.NamedNode(RDF_TYPE), v("Dataset")),
        ox.Triple(d, v("triples"), _int(s.triples)),
        ox.Triple(d, v("entities"), _int(s.entities)),
        ox.Triple(d, v("classes"), _int(s.classes)),
        ox.Triple(d, v("properties"), _int(s.properties)),
        ox.Triple(d, v("distinctSubjects"), _int(s.distinct_subjects)),
        ox.Triple(d, v("distinctObjects"), _int(s.distinct_objects)),
    ]
    if uri_space:
        out.append(ox.Triple(d, v("uriSpace"), ox.Literal(uri_space)))
    out += [ox.Triple(d, v("dataDump"), ox.NamedNode(url)) for url in sorted(dumps)]
    if sparql_endpoint:
        out.append(ox.Triple(d, v("sparqlEndpoint"), ox.NamedNode(sparql_endpoint)))
    for cls, n in s.class_entities.items():
        part = ox.BlankNode()
        out += [
            ox.Triple(d, v("classPartition"), part),
            ox.Triple(part, v("class"), ox.NamedNode(cls)),
            ox.Triple(part, v("entities"), _int(n)),
        ]
    for prop, n in s.property_triples.items():
        part = ox.BlankNode()
        out += [
            ox.Triple(d, v("propertyPartition"), part),
            ox.Triple(part, v("property"), ox.NamedNode(prop)),
            ox.Triple(part, v("triples"), _int(n)),
        ]
    return out
