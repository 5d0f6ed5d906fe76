"""The IRIs, formats and labels of the DCAT-AP catalogue: the vocabularies it uses, the EU authority
tables it names, and the datasets, services and files it describes."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..eu_codes import (
    ACCESS_RIGHTS,
    EU,
    EU_ACCESS_RIGHT,
    EU_AVAILABILITY,
    EU_FILE_TYPE,
    EU_FREQUENCY,
    EU_LANGUAGE,
    EU_THEME,
    LICENCE_TYPE,
    LICENCE_TYPES,
    PUBLISHER_TYPE,
    PUBLISHER_TYPES,
    THEMES,
)
from ..namespaces import BASE, PREFIXES

# the vocabularies, from the one prefix table (wpskg.namespaces)
OWL, DCAT, DCT, FOAF, SKOS = (PREFIXES[p] for p in ("owl", "dcat", "dct", "foaf", "skos"))
VCARD, SPDX, DCATAP, ADMS, WPS = (PREFIXES[p] for p in ("vcard", "spdx", "dcatap", "adms", "wps"))

IANA = "https://www.iana.org/assignments/media-types/"

#: Default base URL under which the exported files are downloaded.
DEFAULT_BASE_URL = BASE + "dist/"
CATALOG = BASE + "catalog"
GRAPH_DATASET = BASE + "dataset/graph"
ONTOLOGY_DATASET = BASE + "dataset/ontology"
#: The SPARQL endpoint that serves the graph, when there is one.
SPARQL_SERVICE = BASE + "service/sparql"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
#: The stored-query API of ``wpskg serve``, when the catalogue describes it.
API_SERVICE = BASE + "service/api"
OPENAPI = "https://spec.openapis.org/oas/v3.1.0"
#: Name of the optional settings file at the root of a data project.
CONFIG_FILE = "dcat.ttl"

#: Prefixes for the Turtle catalogue: the project's plus the DCAT-AP ones.
CATALOG_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "void": "http://rdfs.org/ns/void#",
    "vcard": VCARD,
    "spdx": SPDX,
    "dcatap": DCATAP,
    "adms": ADMS,
}


@dataclass(frozen=True)
class Format:
    """An export format and how DCAT-AP names it."""

    ext: str
    label: str
    media_type: str  # IANA media type
    file_type: str  # code in the EU file-type authority table


FORMATS: dict[str, Format] = {
    "ttl": Format("ttl", "Turtle", "text/turtle", "RDF_TURTLE"),
    "jsonld": Format("jsonld", "JSON-LD", "application/ld+json", "JSON_LD"),
    "nt": Format("nt", "N-Triples", "application/n-triples", "RDF_N_TRIPLES"),
    "nq": Format("nq", "N-Quads", "application/n-quads", "RDF_N_QUADS"),
}

#: The tables of the stored queries' answers (:mod:`wpskg.tables`).
CSV = Format("csv", "CSV", "text/csv", "CSV")
#: W3C "Model for Tabular Data and Metadata on the Web", which the tables and their metadata follow.
CSVW_STANDARD = "https://www.w3.org/TR/tabular-data-model/"

#: English labels of the EU and ADMS concepts the catalogue may use (DCAT-AP's
#: shapes want a skos:prefLabel on every skos:Concept in the graph).
LABELS: dict[str, str] = {
    **{EU_THEME + code: text for code, text in THEMES.items()},
    **{PUBLISHER_TYPE + code: text for code, text in PUBLISHER_TYPES.items()},
    **{LICENCE_TYPE + code: text for code, text in LICENCE_TYPES.items()},
    **{EU_ACCESS_RIGHT + code: text for code, text in ACCESS_RIGHTS.items()},
    **{EU_FILE_TYPE + f.file_type: f.label for f in (*FORMATS.values(), CSV)},
    EU_AVAILABILITY + "STABLE": "Stable",
    EU_AVAILABILITY + "AVAILABLE": "Available",
    EU_FREQUENCY + "IRREG": "irregular",
    EU_FREQUENCY + "ANNUAL": "annual",
    EU_FREQUENCY + "ANNUAL_2": "semiannual",
    EU_FREQUENCY + "QUARTERLY": "quarterly",
    EU_FREQUENCY + "MONTHLY": "monthly",
    EU_LANGUAGE + "ENG": "English",
    EU_LANGUAGE + "NLD": "Dutch",
    EU_LANGUAGE + "FRA": "French",
    EU_LANGUAGE + "DEU": "German",
    # languages whose English name is more than one word, which iso639.txt leaves out
    EU_LANGUAGE + "ELL": "Greek",
    EU_LANGUAGE + "NOB": "Norwegian Bokmål",
    EU_LANGUAGE + "NNO": "Norwegian Nynorsk",
}

#: Concept schemes of those concepts, with a title each.
SCHEMES: dict[str, str] = {
    EU + "data-theme": "Data theme",
    EU + "country": "Country",
    EU + "access-right": "Access right",
    EU + "corporate-body": "Corporate body",
    EU + "language": "Language",
    EU + "file-type": "File type",
    EU + "frequency": "Frequency",
    EU + "planned-availability": "Planned availability",
    PUBLISHER_TYPE + "1.0": "Publisher type",
    LICENCE_TYPE + "1.0": "Licence type",
}


def scheme_of(iri: str) -> str | None:
    """The concept scheme of an EU authority or ADMS concept IRI."""
    for scheme in SCHEMES:
        namespace = scheme[: -len("1.0")] if scheme.endswith("/1.0") else scheme + "/"
        if iri.startswith(namespace):
            return scheme
    return None


def _en_nl(en: str, nl: str) -> list[ox.Literal]:
    return [ox.Literal(en, language="en"), ox.Literal(nl, language="nl")]


DATASET_TEXT = {
    GRAPH_DATASET: (
        _en_nl(
            "Women, Peace and Security knowledge graph",
            "Kennisgraaf Vrouwen, Vrede en Veiligheid",
        ),
        _en_nl(
            "National Action Plans on Women, Peace and Security (UN Security Council resolution 1325 and "
            "its successors) of Belgium, the Netherlands and other countries: their objectives, actions, "
            "actors, funding and reported figures, with the source document and exact quote behind every "
            "claim. The graph includes the ontology, the controlled vocabularies and the inferred types.",
            "Nationale Actieplannen Vrouwen, Vrede en Veiligheid (VN-Veiligheidsraadresolutie 1325 en de "
            "resoluties die erop volgden) van België, Nederland en andere landen: hun doelstellingen, "
            "acties, actoren, financiering en gerapporteerde cijfers, met het brondocument en het exacte "
            "citaat achter elke bewering. De graaf bevat ook de ontologie, de gecontroleerde vocabulaires "
            "en de afgeleide types.",
        ),
        "wpskg",
    ),
    ONTOLOGY_DATASET: (
        _en_nl(
            "Women, Peace and Security knowledge graph: ontology and vocabularies",
            "Kennisgraaf Vrouwen, Vrede en Veiligheid: ontologie en vocabulaires",
        ),
        _en_nl(
            "The wpskg OWL ontology of Women, Peace and Security National Action Plans and its SKOS "
            "vocabularies (themes, UN Security Council resolutions, countries, currencies, IATI and DAC "
            "codes), released on their own.",
            "De wpskg OWL-ontologie van de Nationale Actieplannen Vrouwen, Vrede en Veiligheid en de "
            "SKOS-vocabulaires ervan (thema's, VN-Veiligheidsraadresoluties, landen, munten, IATI- en "
            "DAC-codes), afzonderlijk uitgebracht.",
        ),
        "wpskg-ontology",
    ),
}

KEYWORDS = [
    ox.Literal("Women, Peace and Security", language="en"),
    ox.Literal("UN Security Council resolution 1325", language="en"),
    ox.Literal("National Action Plan", language="en"),
    ox.Literal("gender", language="en"),
    ox.Literal("Vrouwen, Vrede en Veiligheid", language="nl"),
    ox.Literal("Nationaal Actieplan", language="nl"),
    ox.Literal("resolutie 1325", language="nl"),
]


def file_stem(dataset: str) -> str:
    """The file name stem of a dataset's exported files."""
    return DATASET_TEXT[dataset][2]


def base_of(catalog_iri: str) -> str:
    """The base of the dataset and distribution IRIs of a catalogue IRI."""
    return catalog_iri[: -len("catalog")] if catalog_iri.endswith("/catalog") else catalog_iri + "/"
