"""DCAT-AP 3.0.1 metadata for the exported files, with VoID statistics.

The catalogue describes one ``dcat:Catalog`` with two ``dcat:Dataset`` s (the
full knowledge graph, and the ontology with its vocabularies on its own) and
one ``dcat:Distribution`` per exported file, with download URL, media type,
format, byte size and SPDX sha256 checksum. When the graph is also served by
a SPARQL endpoint (``wpskg serve``), the catalogue has a ``dcat:DataService``
for it, and the graph a distribution whose access service it is.

Everything is deterministic: dates come from the data (the ontology's
``dct:created`` and ``dct:modified``, the source documents' ``dct:issued``)
or from the optional ``dcat.ttl`` settings file, never from the clock.
Triples are built directly with exact literals (``xsd:nonNegativeInteger``
byte sizes stay as written) and never pass through the pyoxigraph Store.

Portal settings (publisher, contact point, licence, themes, homepage, dates,
catalogue title and description) have defaults in code and can be set in a
``dcat.ttl`` file at the root of the data project; see :meth:`Settings.from_file`
and ``docs/export.md``. The base URL of the downloads is an argument
(``wpskg export --base-url``).

The package has one module per part: :mod:`~wpskg.dcat.terms` (the IRIs, formats
and labels), :mod:`~wpskg.dcat.facts` (what is read from the data),
:mod:`~wpskg.dcat.settings` (``dcat.ttl``) and :mod:`~wpskg.dcat.describe` (the
catalogue).
"""

from .describe import Answer, Api, FileInfo, TableInfo, catalog, catalog_of, distribution_iri
from .facts import Facts, facts, later
from .settings import Settings, template
from .terms import (
    API_SERVICE,
    CATALOG,
    CATALOG_PREFIXES,
    CONFIG_FILE,
    CSV,
    DCAT,
    DCT,
    DEFAULT_BASE_URL,
    FORMATS,
    GRAPH_DATASET,
    LABELS,
    ONTOLOGY_DATASET,
    SPARQL_SERVICE,
    VCARD,
    Format,
    file_stem,
)

__all__ = [
    "API_SERVICE",
    "CATALOG",
    "CATALOG_PREFIXES",
    "CONFIG_FILE",
    "CSV",
    "DCAT",
    "DCT",
    "DEFAULT_BASE_URL",
    "FORMATS",
    "GRAPH_DATASET",
    "LABELS",
    "ONTOLOGY_DATASET",
    "SPARQL_SERVICE",
    "VCARD",
    "Answer",
    "Api",
    "Facts",
    "FileInfo",
    "Format",
    "Settings",
    "TableInfo",
    "catalog",
    "catalog_of",
    "distribution_iri",
    "facts",
    "file_stem",
    "later",
    "template",
]
