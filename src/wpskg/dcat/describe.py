"""The catalogue itself: the datasets (the graph, the ontology), their distributions (the exported
files, the tables, the SPARQL endpoint and the API's answers), the data services and VoID."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from .. import langtags
from ..eu_codes import (
    EU,
    EU_AVAILABILITY,
    EU_CORPORATE_BODY,
    EU_FILE_TYPE,
    EU_FREQUENCY,
    EU_LANGUAGE,
)
from ..namespaces import BASE, RDF, RDFS, XSD
from ..void import Stats
from ..void import describe as void_describe
from ..void import stats as void_stats
from .facts import Facts, earliest, facts, latest
from .settings import Settings
from .terms import (
    ADMS,
    API_SERVICE,
    CATALOG,
    CSV,
    CSVW_STANDARD,
    DATASET_TEXT,
    DCAT,
    DCATAP,
    DCT,
    DEFAULT_BASE_URL,
    FOAF,
    FORMATS,
    GRAPH_DATASET,
    IANA,
    KEYWORDS,
    LABELS,
    ONTOLOGY_DATASET,
    OPENAPI,
    SCHEMES,
    SKOS,
    SPARQL_PROTOCOL,
    SPARQL_SERVICE,
    SPDX,
    VCARD,
    Format,
    base_of,
    scheme_of,
)


@dataclass(frozen=True)
class FileInfo:
    """One exported file: which dataset, which format, how big, and its sha256."""

    name: str
    dataset: str  # GRAPH_DATASET or ONTOLOGY_DATASET
    fmt: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Answer:
    """A stored query's answer with ``params`` (the others have their defaults), as a table
    (:func:`wpskg.tables.answer`)."""

    query: str
    params: dict[str, str]
    name: str  # the query and its parameters in one name: funding-totals-by-theme
    title: str
    description: str
    #: Whether it has a quote column (``quote``, ``quote_en``): excerpts of the source documents.
    quoted: bool = False


@dataclass(frozen=True)
class TableInfo:
    """One exported table: an answer's CSV file, with its CSVW metadata file."""

    answer: Answer
    name: str  # the CSV file's name
    metadata: str  # the CSVW metadata file's name
    size: int
    sha256: str


@dataclass(frozen=True)
class Api:
    """The stored-query API that serves the graph (``wpskg serve``'s ``/api/queries``)."""

    endpoint: str  # the URL of /api/queries
    description: str  # the URL of its OpenAPI document
    answers: tuple[tuple[Answer, str], ...] = ()  # each answer with the URL of its CSV


class _Builder:
    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(self, s: ox.NamedNode | ox.BlankNode, p: str, o: ox.Term | str) -> None:
        obj = ox.NamedNode(o) if isinstance(o, str) else o
        self.triples.append(ox.Triple(s, ox.NamedNode(p), obj))

    def agent(self, iri: str, names: Iterable[tuple[str | None, str]], kind: str | None) -> ox.NamedNode:
        """A ``foaf:Agent`` with its names (language, text) and its type (``dct:type``, an ADMS
        publisher type), which DCAT-AP recommends."""
        node = ox.NamedNode(iri)
        self.add(node, RDF + "type", FOAF + "Agent")
        for lang, text in names:
            self.add(node, FOAF + "name", ox.Literal(text, language=lang) if lang else ox.Literal(text))
        if kind:
            self.add(node, DCT + "type", kind)
            self.concept(kind)
        return node

    def distribution(
        self, dataset: ox.NamedNode, name: str, titles: Sequence[ox.Literal], label: str, about: str
    ) -> ox.NamedNode:
        """The distribution ``name`` of ``dataset``: titled as the dataset with `` (label)`` in each
        language, described by the English title and ``about``."""
        dist = ox.NamedNode(distribution_iri(name))
        self.add(dataset, DCAT + "distribution", dist)
        self.add(dist, RDF + "type", DCAT + "Distribution")
        for title in titles:
            self.add(dist, DCT + "title", ox.Literal(f"{title.value} ({label})", language=title.language))
        english = next((t for t in titles if (t.language or "").startswith("en")), titles[0])
        self.add(dist, DCT + "description", ox.Literal(english.value + about, language="en"))
        return dist

    def download(
        self, dist: ox.NamedNode, url: str, fmt: Format, size: int, sha256: str, modified: ox.Literal | None
    ) -> None:
        """The download of the file of the distribution ``dist``: URLs, media type, format, size, checksum."""
        self.add(dist, DCAT + "accessURL", url)
        self.add(dist, DCAT + "downloadURL", url)
        self.media(dist, fmt)
        self.add(dist, DCATAP + "availability", EU_AVAILABILITY + "STABLE")
        self.add(dist, DCAT + "byteSize", ox.Literal(str(size), datatype=ox.NamedNode(XSD + "nonNegativeInteger")))
        checksum = ox.BlankNode()
        self.add(dist, SPDX + "checksum", checksum)
        self.add(checksum, RDF + "type", SPDX + "Checksum")
        self.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
        self.add(checksum, SPDX + "checksumValue", ox.Literal(sha256, datatype=ox.NamedNode(XSD + "hexBinary")))
        if modified is not None:
            self.add(dist, DCT + "modified", modified)

    def media(self, dist: ox.NamedNode, fmt: Format) -> None:
        """The IANA media type and the EU file type of the distribution ``dist``."""
        media = IANA + fmt.media_type
        self.add(dist, DCAT + "mediaType", media)
        self.add(ox.NamedNode(media), RDF + "type", DCT + "MediaType")
        self.add(dist, DCT + "format", EU_FILE_TYPE + fmt.file_type)

    def answer(self, dataset: ox.NamedNode, name: str, answer: Answer, label: str, how: str) -> ox.NamedNode:
        """The distribution ``name`` of ``dataset`` that is a stored query's ``answer``, titled with
        `` (label)`` and given ``how`` ("as a table, …")."""
        dist = ox.NamedNode(distribution_iri(name))
        self.add(dataset, DCAT + "distribution", dist)
        self.add(dist, RDF + "type", DCAT + "Distribution")
        self.add(dist, DCT + "title", ox.Literal(f"{answer.title} ({label})", language="en"))
        given = ", ".join(f"{k}={v}" for k, v in answer.params.items())
        text = f"The answer of the stored query {answer.query}{f' ({given})' if given else ''} {how}"
        self.add(dist, DCT + "description", ox.Literal(text.strip(), language="en"))
        return dist

    def concept(self, iri: str, *types: str) -> None:
        """Describe an external concept enough for the DCAT-AP range and vocabulary shapes."""
        node = ox.NamedNode(iri)
        for t in (SKOS + "Concept", *types):
            self.add(node, RDF + "type", t)
        code = iri.rsplit("/", 1)[-1]
        named = LABELS.get(iri) or (langtags.english_name(code) if iri.startswith(EU_LANGUAGE) else None)
        self.add(node, SKOS + "prefLabel", ox.Literal(named or code, language="en"))
        scheme = scheme_of(iri)
        if scheme:
            self.add(node, SKOS + "inScheme", scheme)

    def schemes(self) -> None:
        used = {
            t.object.value for t in self.triples if t.predicate.value in (SKOS + "inScheme", DCAT + "themeTaxonomy")
        }
        for scheme in sorted(used & set(SCHEMES)):
            node = ox.NamedNode(scheme)
            self.add(node, RDF + "type", SKOS + "ConceptScheme")
            self.add(node, DCT + "title", ox.Literal(SCHEMES[scheme], language="en"))


def distribution_iri(name: str) -> str:
    """The IRI of the distribution of the exported file ``name``."""
    return f"{BASE}distribution/{name}"


@dataclass(frozen=True)
class _Catalogue:
    """What every part of the catalogue shares: the builder, the catalogue's node, the settings,
    and the publisher, contact point and licence."""

    b: _Builder
    node: ox.NamedNode
    settings: Settings
    publisher: ox.NamedNode
    contact: ox.NamedNode | ox.BlankNode
    licence: ox.NamedNode


@dataclass(frozen=True)
class _Text:
    """A dataset's titles, descriptions and keywords."""

    titles: Sequence[ox.Literal]
    descriptions: Sequence[ox.Literal]
    keywords: Sequence[ox.Literal]


def catalog(
    files: Sequence[FileInfo],
    graph_facts: Facts,
    ontology_facts: Facts,
    stats: dict[str, Stats],
    *,
    base_url: str = DEFAULT_BASE_URL,
    settings: Settings | None = None,
    endpoint: str | None = None,
    tables: Sequence[TableInfo] = (),
    api: Api | None = None,
) -> list[ox.Triple]:
    """The DCAT-AP 3.0.1 catalogue and VoID description of the exported ``files``.

    ``stats`` maps each dataset IRI to its VoID counts; ``endpoint`` is the URL of a
    SPARQL endpoint that serves the graph (a ``dcat:DataService``), if any; ``tables``
    are the stored queries' answers as CSV, distributions of the graph; ``api`` is the
    stored-query API that serves the graph, another data service, whose CSV answers are
    distributions of the graph too.
    """
    defaults = Settings()  # wpskg's own: the ontology's licence and creator
    settings = settings or defaults
    endpoint = endpoint or settings.endpoint
    if not base_url.endswith("/"):
        base_url += "/"
    b = _Builder()
    c = _Catalogue(b, ox.NamedNode(CATALOG), settings, *_agents(b, settings))
    dates: dict[str, tuple[ox.Literal | None, ox.Literal | None]] = {}
    for ds, f in ((GRAPH_DATASET, graph_facts), (ONTOLOGY_DATASET, ontology_facts)):
        # A dcat.ttl dates the publisher's data, and only it does: the ontology's dates are wpskg's
        # release, which an upgrade moves. The ontology's dataset keeps its own dates.
        if ds == GRAPH_DATASET and not settings.is_wpskgs:
            dates[ds] = (settings.issued, settings.modified)
        else:
            dates[ds] = (f.issued, f.modified)  # never in the wrong order: modified is the latest of all
    _describe_catalogue(c, [graph_facts, ontology_facts], dates)

    def files_of(ds: str) -> list[FileInfo]:
        return sorted((fi for fi in files if fi.dataset == ds), key=lambda fi: fi.name)

    # The graph: the publisher's text when dcat.ttl gives one; its files and tables, its SPARQL
    # endpoint and API, all under the catalogue's licence.
    titles, descriptions, _stem = DATASET_TEXT[GRAPH_DATASET]
    text = _Text(
        settings.graph_titles or titles,
        settings.graph_descriptions or descriptions,
        settings.graph_keywords or KEYWORDS,
    )
    graph = ox.NamedNode(GRAPH_DATASET)
    said = []
    if ontology_facts.licence and ontology_facts.licence != settings.licence:
        said.append(_included_ontology(b, graph, ontology_facts.licence, settings.licence))
    if graph_facts.quotes:
        said.append(QUOTES_RIGHTS)
    rights = _rights(b, " ".join(said)) if said else None
    modified = dates[GRAPH_DATASET][1]
    # a dcat.ttl versions the publisher's data; without one, the data is wpskg's release
    version = graph_facts.version if settings.is_wpskgs else settings.version
    _dataset(c, graph, graph_facts, text, dates[GRAPH_DATASET], version, settings.access_rights, settings.frequency)
    for note in settings.version_notes:
        b.add(graph, ADMS + "versionNotes", note)
    graph_files = files_of(GRAPH_DATASET)
    b.triples += void_describe(
        GRAPH_DATASET,
        stats[GRAPH_DATASET],
        dumps=[base_url + fi.name for fi in graph_files],
        # wpskg's resources are under its base; a publisher's own are wherever it mints them
        uri_space=BASE if settings.is_wpskgs else None,
        sparql_endpoint=endpoint,
    )
    serving = _Serving(c, graph, text)
    dists = [_sparql(serving, endpoint)] if endpoint else []
    answered: list[tuple[ox.NamedNode, Answer]] = []  # the tables: a stored query's answer each
    if api is not None:
        answered += zip(_api(serving, api), (a for a, _ in api.answers), strict=True)
    dists += _downloads(b, graph, graph_files, text.titles, base_url, modified)
    answered += [(_table(b, graph, t, base_url, modified), t.answer) for t in sorted(tables, key=lambda t: t.name)]
    _license(b, dists, c.licence, rights)  # the files and the services give the same data, under the same terms
    # a table holds no ontology, and quotes only when it has a quote column
    quoted = _rights(b, QUOTES_RIGHTS) if graph_facts.quotes and any(a.quoted for _, a in answered) else None
    for dist, answer in answered:
        _license(b, [dist], c.licence, quoted if answer.quoted else None)

    # The ontology: wpskg's release, with its own licence, and wpskg as its creator.
    ontology = ox.NamedNode(ONTOLOGY_DATASET)
    licence = _ontology_licence(b, ontology_facts, c.licence, defaults)
    if settings.publisher != defaults.publisher:
        creator = b.agent(defaults.publisher, defaults.publisher_names, defaults.publisher_type)
        b.add(ontology, DCT + "creator", creator)
    titles, descriptions, _stem = DATASET_TEXT[ONTOLOGY_DATASET]
    text = _Text(titles, descriptions, KEYWORDS)
    _dataset(c, ontology, ontology_facts, text, dates[ONTOLOGY_DATASET], ontology_facts.version, defaults.access_rights)
    ontology_files = files_of(ONTOLOGY_DATASET)
    b.triples += void_describe(
        ONTOLOGY_DATASET, stats[ONTOLOGY_DATASET], dumps=[base_url + fi.name for fi in ontology_files], uri_space=BASE
    )
    dists = _downloads(b, ontology, ontology_files, text.titles, base_url, dates[ONTOLOGY_DATASET][1])
    _license(b, dists, licence, None)

    for fmt in sorted({fi.fmt for fi in files}):
        b.concept(EU_FILE_TYPE + FORMATS[fmt].file_type, DCT + "MediaTypeOrExtent")
    if tables or (api is not None and api.answers):
        b.concept(EU_FILE_TYPE + CSV.file_type, DCT + "MediaTypeOrExtent")
    b.schemes()
    return _rebase(list(dict.fromkeys(b.triples)), settings.catalog)


def _agents(b: _Builder, settings: Settings) -> tuple[ox.NamedNode, ox.NamedNode | ox.BlankNode, ox.NamedNode]:
    """The publisher, contact point and licence of the catalogue, described; and its homepage."""
    publisher = b.agent(settings.publisher, settings.publisher_names, settings.publisher_type)
    if settings.publisher.startswith(EU_CORPORATE_BODY):  # DCAT-AP's vocabulary shapes ask it to say so
        b.add(publisher, SKOS + "inScheme", EU + "corporate-body")
    contact: ox.NamedNode | ox.BlankNode = ox.NamedNode(settings.contact) if settings.contact else ox.BlankNode()
    b.add(contact, RDF + "type", VCARD + "Kind")
    b.add(contact, RDF + "type", VCARD + "Organization")
    b.add(contact, VCARD + "fn", settings.contact_name)
    if settings.contact_email:
        b.add(contact, VCARD + "hasEmail", settings.contact_email)
    if settings.contact_url:
        b.add(contact, VCARD + "hasURL", settings.contact_url)
    licence = ox.NamedNode(settings.licence)
    b.add(licence, RDF + "type", DCT + "LicenseDocument")
    if settings.licence_type:
        b.add(licence, DCT + "type", settings.licence_type)
        b.concept(settings.licence_type)
    b.add(ox.NamedNode(settings.homepage), RDF + "type", FOAF + "Document")
    return publisher, contact, licence


def _describe_catalogue(
    c: _Catalogue, all_facts: Sequence[Facts], dates: dict[str, tuple[ox.Literal | None, ox.Literal | None]]
) -> None:
    """The ``dcat:Catalog``: its text, publisher and licence, its dates (the earliest issue and the
    latest change of its datasets), languages, countries, and the concepts it uses."""
    b, cat, settings = c.b, c.node, c.settings
    b.add(cat, RDF + "type", DCAT + "Catalog")
    for lit in settings.catalog_titles:
        b.add(cat, DCT + "title", lit)
    for lit in settings.catalog_descriptions:
        b.add(cat, DCT + "description", lit)
    b.add(cat, DCT + "publisher", c.publisher)
    b.add(cat, DCT + "license", c.licence)
    b.add(cat, FOAF + "homepage", settings.homepage)
    b.add(cat, DCAT + "themeTaxonomy", EU + "data-theme")
    # A dcat.ttl's dates (the publisher's release, checked in order there), else those of the datasets
    if not settings.is_wpskgs:
        issued, modified = settings.issued, settings.modified
    else:
        issued = earliest(d[0] for d in dates.values() if d[0] is not None)
        modified = latest(d[1] for d in dates.values() if d[1] is not None)
    if issued is not None:
        b.add(cat, DCT + "issued", issued)
    if modified is not None:
        b.add(cat, DCT + "modified", modified)
    for lang in sorted({lang for f in all_facts for lang in f.languages}):
        b.add(cat, DCT + "language", lang)
        b.add(ox.NamedNode(lang), RDF + "type", DCT + "LinguisticSystem")
        b.concept(lang)
    for country, labels in sorted({c: ls for f in all_facts for c, ls in f.countries.items()}.items()):
        b.add(cat, DCT + "spatial", country)
        node = ox.NamedNode(country)
        b.add(node, RDF + "type", DCT + "Location")
        b.add(node, RDF + "type", SKOS + "Concept")
        b.add(node, SKOS + "inScheme", EU + "country")
        for label in labels or [ox.Literal(country.rsplit("/", 1)[-1], language="en")]:
            b.add(node, SKOS + "prefLabel", label)
    for theme in settings.themes:
        b.concept(theme)
    b.concept(EU_FREQUENCY + "IRREG", DCT + "Frequency")
    b.concept(EU_AVAILABILITY + "STABLE")
    b.add(ox.NamedNode(SPDX + "checksumAlgorithm_sha256"), RDF + "type", SPDX + "ChecksumAlgorithm")


def _dataset(
    c: _Catalogue,
    node: ox.NamedNode,
    f: Facts,
    text: _Text,
    dates: tuple[ox.Literal | None, ox.Literal | None],
    version: str | None,
    access_rights: str,
    frequency: str | None = None,
) -> None:
    """The ``dcat:Dataset`` ``node`` of the catalogue: its text, agents, themes, languages, dates,
    version, access rights, update frequency (irregular unless ``frequency``), the ontology it conforms
    to, and the countries and period it covers (``f``)."""
    b, settings = c.b, c.settings
    b.add(c.node, DCAT + "dataset", node)
    b.add(node, RDF + "type", DCAT + "Dataset")
    for lit in text.titles:
        b.add(node, DCT + "title", lit)
    for lit in text.descriptions:
        b.add(node, DCT + "description", lit)
    b.add(node, DCT + "publisher", c.publisher)
    b.add(node, DCAT + "contactPoint", c.contact)
    b.add(node, DCAT + "landingPage", settings.homepage)
    b.add(node, DCT + "accrualPeriodicity", frequency or EU_FREQUENCY + "IRREG")
    b.concept(frequency or EU_FREQUENCY + "IRREG", DCT + "Frequency")
    for theme in settings.themes:
        b.add(node, DCAT + "theme", theme)
    for kw in text.keywords:
        b.add(node, DCAT + "keyword", kw)
    for lang in f.languages:
        b.add(node, DCT + "language", lang)
    issued, modified = dates
    if issued is not None:
        b.add(node, DCT + "issued", issued)
    if modified is not None:
        b.add(node, DCT + "modified", modified)
    b.add(node, DCT + "accessRights", access_rights)
    b.concept(access_rights, DCT + "RightsStatement")
    if version:
        b.add(node, DCAT + "version", ox.Literal(version))
    if f.ontology:
        b.add(node, DCT + "conformsTo", f.ontology)
        ont = ox.NamedNode(f.ontology)
        b.add(ont, RDF + "type", DCT + "Standard")
        for lit in f.ontology_titles:
            b.add(ont, DCT + "title", lit)
    for country in f.countries:
        b.add(node, DCT + "spatial", country)
    if f.start is not None or f.end is not None:
        period = ox.BlankNode()
        b.add(node, DCT + "temporal", period)
        b.add(period, RDF + "type", DCT + "PeriodOfTime")
        if f.start is not None:
            b.add(period, DCAT + "startDate", f.start)
        if f.end is not None:
            b.add(period, DCAT + "endDate", f.end)


def _downloads(
    b: _Builder,
    dataset: ox.NamedNode,
    files: Sequence[FileInfo],
    titles: Sequence[ox.Literal],
    base_url: str,
    modified: ox.Literal | None,
) -> list[ox.NamedNode]:
    """The distributions of ``dataset`` that are its exported ``files`` (returned; their licence is the caller's)."""
    dists = []
    for fi in files:
        fmt = FORMATS[fi.fmt]
        about = f", in {fmt.label}: sorted, with stable blank-node labels, literals exactly as curated."
        dist = b.distribution(dataset, fi.name, titles, fmt.label, about)
        b.download(dist, base_url + fi.name, fmt, fi.size, fi.sha256, modified)
        dists.append(dist)
    return dists


def _license(b: _Builder, dists: Sequence[ox.NamedNode], licence: ox.NamedNode, rights: ox.BlankNode | None) -> None:
    """The licence, and the rights statement if any, of each of ``dists``."""
    for dist in dists:
        b.add(dist, DCT + "license", licence)
        if rights is not None:
            b.add(dist, DCT + "rights", rights)


def _ontology_licence(b: _Builder, f: Facts, licence: ox.NamedNode, defaults: Settings) -> ox.NamedNode:
    """The licence of the ontology's dataset: its own (``f``), described, when it has one other than
    the catalogue's ``licence``."""
    if not f.licence or f.licence == licence.value:
        return licence
    own = ox.NamedNode(f.licence)
    b.add(own, RDF + "type", DCT + "LicenseDocument")
    if f.licence == defaults.licence and defaults.licence_type:
        b.add(own, DCT + "type", defaults.licence_type)
        b.concept(defaults.licence_type)
    return own


def catalog_of(
    files: Sequence[FileInfo], graph: Sequence[ox.Triple], ontology: Sequence[ox.Triple], **options: object
) -> list[ox.Triple]:
    """:func:`catalog` of the ``graph`` and ``ontology`` triples (their facts and VoID counts) and ``files``;
    ``options`` are :func:`catalog`'s (``base_url``, ``settings``, ``endpoint``, ``tables``, ``api``)."""
    stats = {GRAPH_DATASET: void_stats(graph), ONTOLOGY_DATASET: void_stats(ontology)}
    return catalog(files, facts(graph), facts(ontology), stats, **options)  # type: ignore[arg-type]


#: What the rights statement of the data's distributions says of the claims' quotes.
QUOTES_RIGHTS = (
    "The quotes of the claims (wps:quote, and their translations, wps:quoteTranslation) are excerpts "
    "of the source documents that each claim names (prov:wasDerivedFrom), reproduced to show where "
    "each fact comes from; they remain under the terms of those documents, which the licence of "
    "this data does not change."
)


def _included_ontology(b: _Builder, graph: ox.NamedNode, ontology_licence: str, licence: str) -> str:
    """The graph holds the ontology and its vocabularies, which keep their own licence when the
    catalogue's is another: the graph's dataset names the ontology's as its ``dct:source``, and
    the rights statement (``dct:rights`` of each of the graph's distributions) says which
    licence covers what, in the text this returns."""
    b.add(graph, DCT + "source", ONTOLOGY_DATASET)
    return (
        "The graph includes the wpskg ontology and its vocabularies (the ontology's dataset in this "
        f"catalogue), which are licensed under {ontology_licence}; the rest of the graph is licensed "
        f"under {licence}."
    )


def _rights(b: _Builder, text: str) -> ox.BlankNode:
    """A rights statement (``dct:RightsStatement``) that says ``text``, in English."""
    rights = ox.BlankNode()
    b.add(rights, RDF + "type", DCT + "RightsStatement")
    b.add(rights, RDFS + "label", ox.Literal(text, language="en"))
    return rights


def _table(
    b: _Builder, dataset: ox.NamedNode, table: TableInfo, base_url: str, modified: ox.Literal | None
) -> ox.NamedNode:
    """The distribution of ``dataset`` that is one stored query's answer as CSV (returned; its
    licence is the caller's). Its documentation (``foaf:page``) is the CSVW metadata file."""
    how = f"as a table, with its CSV on the Web metadata in {table.metadata}. {table.answer.description}"
    dist = b.answer(dataset, table.name, table.answer, "table, CSV", how)
    b.download(dist, base_url + table.name, CSV, table.size, table.sha256, modified)
    b.add(dist, DCT + "conformsTo", CSVW_STANDARD)
    b.add(ox.NamedNode(CSVW_STANDARD), RDF + "type", DCT + "Standard")
    b.add(dist, FOAF + "page", base_url + table.metadata)
    b.add(ox.NamedNode(base_url + table.metadata), RDF + "type", FOAF + "Document")
    return dist


@dataclass(frozen=True)
class _Serving:
    """What the data services of a dataset share: the catalogue, the dataset and its text."""

    c: _Catalogue
    dataset: ox.NamedNode
    text: _Text


def _data_service(at: _Serving, svc: ox.NamedNode, label: str, about: str, urls: tuple[str, str, str]) -> ox.NamedNode:
    """A ``dcat:DataService`` of the catalogue that serves the dataset, titled as the dataset with
    `` (label)``. ``urls`` are its endpoint URL, the URL of its description and the standard it
    conforms to."""
    b = at.c.b
    endpoint, description, standard = urls
    b.add(at.c.node, DCAT + "service", svc)
    b.add(svc, RDF + "type", DCAT + "DataService")
    for title in at.text.titles:
        b.add(svc, DCT + "title", ox.Literal(f"{title.value} ({label})", language=title.language))
    b.add(svc, DCT + "description", ox.Literal(about, language="en"))
    b.add(svc, DCAT + "endpointURL", endpoint)
    b.add(svc, DCAT + "endpointDescription", description)
    b.add(svc, DCAT + "servesDataset", at.dataset)
    b.add(svc, DCT + "conformsTo", standard)
    b.add(ox.NamedNode(standard), RDF + "type", DCT + "Standard")
    b.add(svc, DCT + "publisher", at.c.publisher)
    b.add(svc, DCAT + "contactPoint", at.c.contact)
    b.add(svc, DCT + "license", at.c.licence)
    for theme in at.c.settings.themes:
        b.add(svc, DCAT + "theme", theme)
    for kw in at.text.keywords:
        b.add(svc, DCAT + "keyword", kw)
    b.concept(EU_AVAILABILITY + "AVAILABLE")
    return svc


def _sparql(at: _Serving, endpoint: str) -> ox.NamedNode:
    """The SPARQL endpoint that serves the dataset: a ``dcat:DataService`` of the catalogue, and the
    distribution of the dataset whose access service it is (returned; its licence is the caller's).
    The endpoint describes itself (SPARQL 1.1 Service Description) when it is fetched without a
    query."""
    svc = _data_service(
        at,
        ox.NamedNode(at.c.settings.service or SPARQL_SERVICE),
        "SPARQL",
        "A read-only SPARQL 1.1 endpoint (SPARQL 1.1 Protocol, query only).",
        (endpoint, endpoint, SPARQL_PROTOCOL),
    )
    about = ", queried at its SPARQL endpoint (SPARQL 1.1 Protocol)."
    b = at.c.b
    dist = b.distribution(at.dataset, "sparql", at.text.titles, "SPARQL", about)
    b.add(dist, DCAT + "accessURL", endpoint)
    b.add(dist, DCAT + "accessService", svc)
    b.add(dist, DCATAP + "availability", EU_AVAILABILITY + "AVAILABLE")
    return dist


def _api(at: _Serving, api: Api) -> list[ox.NamedNode]:
    """The stored-query API that serves the dataset: a ``dcat:DataService`` described by its OpenAPI
    document, and a distribution of the dataset for each answer it gives as CSV (returned; their
    licence is the caller's)."""
    svc = _data_service(
        at,
        ox.NamedNode(API_SERVICE),
        "API",
        "The stored queries as a web API: their answers in JSON, CSV or HTML, described by an OpenAPI 3.1 document.",
        (api.endpoint, api.description, OPENAPI),
    )
    b = at.c.b
    dists = []
    for answer, url in api.answers:
        how = f"as CSV from the API. {answer.description}"
        dist = b.answer(at.dataset, f"api-{answer.name}", answer, "table, CSV, from the API", how)
        b.add(dist, DCAT + "accessURL", url)
        b.add(dist, DCAT + "accessService", svc)
        b.media(dist, CSV)
        b.add(dist, DCATAP + "availability", EU_AVAILABILITY + "AVAILABLE")
        dists.append(dist)
    return dists


def _rebase(triples: list[ox.Triple], catalog_iri: str) -> list[ox.Triple]:
    """The triples with the catalogue, dataset and distribution IRIs named after ``catalog_iri``,
    so that two publishers never describe the same dataset IRI.

    >>> base_of("https://example.org/wps/catalog"), base_of("https://example.org/cat#it")
    ('https://example.org/wps/', 'https://example.org/cat#it/')
    """
    if catalog_iri == CATALOG:
        return triples
    base = base_of(catalog_iri)
    renamed = {CATALOG: catalog_iri}

    def rename(term: ox.Term) -> ox.Term:
        if not isinstance(term, ox.NamedNode):
            return term
        value = term.value
        if value in renamed:
            return ox.NamedNode(renamed[value])
        for part in ("dataset/", "distribution/", "service/"):
            if value.startswith(BASE + part):
                return ox.NamedNode(base + value[len(BASE) :])
        return term

    return [ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in triples]
