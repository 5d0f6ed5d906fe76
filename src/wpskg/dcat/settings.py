"""The portal settings of a data project (``dcat.ttl``): publisher, contact point, licence, themes,
homepage, dates, the catalogue's and the graph's text, and the SPARQL endpoint's service."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from .. import dcat_checks, loaders
from ..errors import InputError, InputErrors, Location
from ..eu_codes import (
    EU_ACCESS_RIGHT,
    EU_FREQUENCY,
    EU_LICENCE,
    EU_THEME,
    LICENCE_TYPE,
    PUBLISHER_TYPE,
)
from ..namespaces import BASE, RDF
from .facts import date_key, later
from .terms import ADMS, CATALOG, CATALOG_PREFIXES, CONFIG_FILE, DCAT, DCT, FOAF, GRAPH_DATASET, VCARD, base_of

WPSKG_CONTACT_NAME = ox.Literal("wpskg contributors")
T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """What a portal needs that the data cannot say: who publishes, how to reach them, the licence."""

    #: The catalogue's IRI; its datasets and distributions are named under the same base
    #: (``…/catalog`` gives ``…/dataset/graph`` and ``…/distribution/wpskg.ttl``).
    catalog: str = CATALOG
    publisher: str = BASE + "publisher"
    publisher_names: tuple[tuple[str | None, str], ...] = (("en", "wpskg contributors"),)
    publisher_type: str | None = PUBLISHER_TYPE + "NonProfitOrganisation"
    #: IRI of the contact point; ``None`` writes it as a blank node.
    contact: str | None = BASE + "contact"
    contact_name: ox.Literal = WPSKG_CONTACT_NAME  # vcard:fn, with its language tag if any
    contact_email: str | None = None
    contact_url: str | None = BASE
    licence: str = EU_LICENCE + "CC_BY_4_0"
    licence_type: str | None = LICENCE_TYPE + "Attribution"
    #: Who may have the data (``dct:accessRights``, an EU access right): public, as open data is.
    access_rights: str = EU_ACCESS_RIGHT + "PUBLIC"
    homepage: str = BASE
    themes: tuple[str, ...] = (EU_THEME + "GOVE", EU_THEME + "INTR", EU_THEME + "SOCI")
    issued: ox.Literal | None = None
    modified: ox.Literal | None = None
    version: str | None = None
    catalog_titles: tuple[ox.Literal, ...] = (
        ox.Literal("Women, Peace and Security knowledge graph: open-data catalogue", language="en"),
        ox.Literal("Kennisgraaf Vrouwen, Vrede en Veiligheid: open-datacatalogus", language="nl"),
    )
    catalog_descriptions: tuple[ox.Literal, ...] = (
        ox.Literal(
            "The wpskg knowledge graph of Women, Peace and Security National Action Plans, and its "
            "ontology and vocabularies, in Turtle, JSON-LD, N-Triples and N-Quads.",
            language="en",
        ),
        ox.Literal(
            "De wpskg-kennisgraaf van de Nationale Actieplannen Vrouwen, Vrede en Veiligheid, en de "
            "ontologie en vocabulaires ervan, in Turtle, JSON-LD, N-Triples en N-Quads.",
            language="nl",
        ),
    )

    #: The title, description and keywords of the data (the graph dataset); ``None``: wpskg's own.
    #: The ontology dataset is wpskg's release and keeps wpskg's text.
    graph_titles: tuple[ox.Literal, ...] | None = None
    graph_descriptions: tuple[ox.Literal, ...] | None = None
    graph_keywords: tuple[ox.Literal, ...] | None = None
    #: How often the data is updated (``dct:accrualPeriodicity``, an EU frequency); ``None``: irregularly.
    frequency: str | None = None
    #: What changed in this release (``adms:versionNotes`` of the data's dataset), one per language.
    version_notes: tuple[ox.Literal, ...] = ()
    #: The public URL of the SPARQL endpoint that serves the graph (``dcat:service [ dcat:endpointURL
    #: <…> ]``), described as a ``dcat:DataService``; ``wpskg export --sparql-endpoint`` overrides it.
    endpoint: str | None = None
    #: The IRI that ``dcat.ttl`` gives that service (``dcat:service <…/sparql-service>``); ``None``: a blank
    #: node there, or no ``dcat.ttl``, and the service is ``…/service/sparql`` under the catalogue's base.
    service: str | None = None

    #: The file these settings were read from (for error messages), or None for the defaults.
    source: str | None = field(default=None, compare=False)
    #: What the file still holds of ``wpskg init``'s template: ``.example`` IRIs, choices to make.
    placeholders: tuple[dcat_checks.Placeholder, ...] = field(default=(), compare=False)

    #: Catalogue properties that ``dcat.ttl`` may set.
    SUPPORTED = (
        RDF + "type",
        DCT + "publisher",
        DCAT + "contactPoint",
        DCT + "license",
        DCT + "accessRights",
        FOAF + "homepage",
        DCAT + "theme",
        DCT + "issued",
        DCT + "modified",
        DCAT + "version",
        DCT + "title",
        DCT + "description",
        DCAT + "dataset",
        DCAT + "service",
    )

    @classmethod
    def from_file(cls, path: Path) -> Settings:
        """Settings from a Turtle file that describes one ``dcat:Catalog``.

        Read from the catalogue node: its IRI (that of the catalogue, and the base of its
        datasets' and distributions' IRIs), ``dct:publisher`` (an IRI, with its
        ``foaf:name`` and ``dct:type``), ``dcat:contactPoint`` (with ``vcard:fn``,
        ``vcard:hasEmail``, ``vcard:hasURL``), ``dct:license`` (with its
        ``dct:type``), ``dct:accessRights``, ``foaf:homepage``, ``dcat:theme``, ``dct:issued``,
        ``dct:modified``, ``dcat:version``, ``dct:title``, ``dct:description``, and
        ``dcat:service`` (a node with the ``dcat:endpointURL`` of the SPARQL endpoint).
        Anything else on the catalogue node, the publisher, the contact point or
        the licence is an error, so that nothing is silently ignored.
        ``dct:publisher``, ``dcat:contactPoint`` and ``dct:license`` are required:
        wpskg's own are never put on a catalogue that a ``dcat.ttl`` describes.
        """
        return cls._read(_Reader(str(path), loaders.load(path)))

    @classmethod
    def _read(cls, reader: _Reader) -> Settings:
        """Settings from the catalogue that ``reader`` reads."""
        cat = reader.catalog()
        wrong_terms = dcat_checks.term_problems(reader.doc)
        reader.problems.extend(wrong_terms.values())
        # Nodes with a wrong IRI or a property the export does not read, whose other checks would only repeat it.
        reader.misspelt.update(ox.NamedNode(iri) for iri in wrong_terms)
        reader.attempt(lambda: reader.refuse_unknown(cat, "the catalogue", cls.SUPPORTED))
        reader.require(cat)
        reader.check_nodes(cat)
        changes: dict[str, object] = {"catalog": cat.value}
        for read in (
            reader.publisher,
            reader.contact,
            reader.licence,
            reader.links,
            reader.dates,
            reader.texts,
            reader.service,
        ):
            changes.update(read(cat))
        error = InputErrors.of(sorted(reader.problems, key=lambda e: (e.location.line or 0) if e.location else 0))
        if error is not None:
            raise error
        changes["placeholders"] = tuple(dcat_checks.placeholders(reader.doc))
        return replace(cls(), source=reader.name, **changes)  # type: ignore[arg-type]

    @property
    def is_wpskgs(self) -> bool:
        """Whether these are wpskg's own settings (no ``dcat.ttl``, nothing changed): the data is then
        wpskg's release, dated and versioned by what it carries; any other settings are a publisher's,
        whose data carries the dates and version they give, and no others."""
        return self == type(self)()

    @property
    def publisher_name(self) -> str:
        """The publisher's name, in English if it has one."""
        names = dict(self.publisher_names)
        return names.get("en") or next(iter(names.values()), self.publisher)

    def check_publishable(self) -> None:
        """Refuse settings that still hold a placeholder of ``wpskg init``'s template, at its line."""
        error = self.placeholder_error()
        if error is not None:
            raise error

    def placeholder_error(self) -> InputError | None:
        """The first placeholder of ``wpskg init``'s template that these settings hold, as an error at
        its line that counts the others; None when there is none."""
        if not self.placeholders:
            return None
        first, more = self.placeholders[0], len(self.placeholders) - 1
        also = f" ({more} more in the file)" if more else ""
        return InputError(first.message + also, Location(self.source, first.line))

    @classmethod
    def for_project(cls, root: Path) -> Settings:
        """Settings from ``root/dcat.ttl`` when it exists, else the defaults.

        A run reads the file once, however many steps ask (build, validate and export each do):
        the settings are kept for as long as the file's bytes stay the same.
        """
        path = Path(root) / CONFIG_FILE
        if not path.is_file():
            return cls()
        try:
            data = path.read_bytes()
        except OSError:
            return cls.from_file(path)  # which says why it cannot be read
        return _settings_of(str(path), data)


class _Reader:
    """Reads the catalogue of one ``dcat.ttl`` node by node, keeping every mistake it finds to report
    them together (``problems``); ``misspelt`` holds the nodes whose other checks would only repeat one."""

    def __init__(self, name: str, doc: loaders.Document) -> None:
        self.name = name
        self.doc = doc
        self.triples = [q.triple for q in doc.quads]
        self.problems: list[InputError] = []
        self.misspelt: set[ox.Term] = set()

    def values(self, s: ox.Term, p: str) -> list[ox.Term]:
        """The objects of ``s p``, sorted."""
        return sorted((t.object for t in self.triples if t.subject == s and t.predicate.value == p), key=str)

    def iri(self, s: ox.Term, p: str) -> str | None:
        """The one IRI of ``s p``, None when there is none."""
        found = self.values(s, p)
        if not found:
            return None
        if len(found) > 1 or not isinstance(found[0], ox.NamedNode):
            raise InputError(f"{_short(p)} takes one IRI", self.at(_short(p), p))
        return found[0].value

    def at(self, *needles: str) -> Location:
        """The first line of the file that holds one of ``needles``."""
        return Location(self.name, loaders.line_of(self.doc.text, *needles))

    def attempt(self, read: Callable[[], T]) -> T | None:
        """What ``read`` gives, or None when it finds a mistake, which is kept to report with the others."""
        try:
            return read()
        except InputError as error:
            self.problems.append(error)
            return None

    def catalog(self) -> ox.NamedNode:
        """The one ``dcat:Catalog`` the file describes, an IRI."""
        catalogs = sorted(
            {
                t.subject
                for t in self.triples
                if t.predicate.value == RDF + "type" and t.object == ox.NamedNode(DCAT + "Catalog")
            },
            key=str,
        )
        if len(catalogs) != 1:
            raise InputError(f"describe exactly one dcat:Catalog (found {len(catalogs)})", Location(self.name))
        if not isinstance(catalogs[0], ox.NamedNode):
            raise InputError(
                "the dcat:Catalog is a blank node: give it an absolute IRI of your own, such as "
                "<https://data.example.org/wps/catalog>; it names the catalogue and is the base of its "
                "datasets' and distributions' IRIs",
                self.at("dcat:Catalog", DCAT + "Catalog", "Catalog"),
            )
        return catalogs[0]

    def require(self, cat: ox.NamedNode) -> None:
        """The publisher, contact point and licence, which a publisher's catalogue must give."""
        for pred, what in (
            (DCT + "publisher", "who publishes the data"),
            (DCAT + "contactPoint", "whom to ask"),
            (DCT + "license", "under which licence the data may be reused"),
        ):
            if not self.values(cat, pred):
                self.problems.append(
                    InputError(
                        f"the dcat:Catalog has no {_short(pred)}: say {what} (wpskg's own is used only when "
                        f"there is no {CONFIG_FILE})",
                        Location(self.name, self.doc.source_map.line_of(cat.value)),
                    )
                )

    def check_nodes(self, cat: ox.NamedNode) -> None:
        """Refuse properties that the export does not read on the publisher, contact point, licence and service."""
        for pred, what, supported in NODE_PROPERTIES:
            for node in self.values(cat, pred):
                if not isinstance(node, ox.Literal):
                    before = len(self.problems)
                    self.attempt(lambda n=node, w=what, s=supported: self.refuse_unknown(n, w, s))  # type: ignore[misc]
                    if len(self.problems) > before:
                        self.misspelt.add(node)

    def publisher(self, cat: ox.NamedNode) -> dict[str, object]:
        """The publisher's IRI, names and type."""
        publisher = self.attempt(lambda: self.iri(cat, DCT + "publisher"))
        if not publisher or ox.NamedNode(publisher) in self.misspelt:
            return {}
        pub = ox.NamedNode(publisher)
        names = tuple(
            (lit.language, lit.value) for lit in self.values(pub, FOAF + "name") if isinstance(lit, ox.Literal)
        )
        if not names:
            self.problems.append(
                InputError(
                    f"the publisher <{publisher}> needs a foaf:name: describe it in this file, "
                    f'<{publisher}> foaf:name "…"@en',
                    self.at(f"<{publisher}>", "dct:publisher", DCT + "publisher"),
                )
            )
        return {
            "publisher": publisher,
            "publisher_names": names,
            "publisher_type": self.attempt(lambda: self.iri(pub, DCT + "type")),
        }

    def contact(self, cat: ox.NamedNode) -> dict[str, object]:
        """The contact point: its IRI (None for a blank node), name, e-mail address and web page."""
        contacts = self.values(cat, DCAT + "contactPoint")
        if len(contacts) > 1 or (contacts and isinstance(contacts[0], ox.Literal)):
            self.problems.append(
                InputError("dcat:contactPoint takes one node", self.at("dcat:contactPoint", DCAT + "contactPoint"))
            )
            return {}
        if not contacts or contacts[0] in self.misspelt:
            return {}
        node = contacts[0]
        fn = [v for v in self.values(node, VCARD + "fn") if isinstance(v, ox.Literal)]
        if not fn:
            self.problems.append(
                InputError("the contact point needs a vcard:fn", self.at(*_written(node), "dcat:contactPoint"))
            )
        email = self.attempt(lambda: self.iri(node, VCARD + "hasEmail"))
        url = self.attempt(lambda: self.iri(node, VCARD + "hasURL"))
        if not self.values(node, VCARD + "hasEmail") and not self.values(node, VCARD + "hasURL"):
            self.problems.append(
                InputError(
                    "the contact point needs vcard:hasEmail or vcard:hasURL",
                    self.at(*_written(node), "dcat:contactPoint"),
                )
            )
        return {
            "contact": node.value if isinstance(node, ox.NamedNode) else None,
            "contact_name": fn[0] if fn else WPSKG_CONTACT_NAME,
            "contact_email": email,
            "contact_url": url,
        }

    def licence(self, cat: ox.NamedNode) -> dict[str, object]:
        """The licence and its type."""
        licence = self.attempt(lambda: self.iri(cat, DCT + "license"))
        if not licence:
            return {}
        return {"licence": licence, "licence_type": self.attempt(lambda: self.iri(ox.NamedNode(licence), DCT + "type"))}

    def links(self, cat: ox.NamedNode) -> dict[str, object]:
        """The access rights, homepage and themes."""
        out: dict[str, object] = {}
        for key, pred in (("access_rights", DCT + "accessRights"), ("homepage", FOAF + "homepage")):
            found = self.attempt(lambda pred=pred: self.iri(cat, pred))  # type: ignore[misc]
            if found:
                out[key] = found
        themes = self.values(cat, DCAT + "theme")
        if themes and not all(isinstance(t, ox.NamedNode) for t in themes):
            self.problems.append(InputError("dcat:theme takes IRIs", self.at("dcat:theme", DCAT + "theme")))
        elif themes:
            out["themes"] = tuple(t.value for t in themes)
        return out

    def dates(self, cat: ox.NamedNode) -> dict[str, object]:
        """When the catalogue was issued and modified: one date each, the one not after the other."""
        out: dict[str, object] = {}
        for key, pred in (("issued", DCT + "issued"), ("modified", DCT + "modified")):
            found = self.values(cat, pred)
            if len(found) > 1 or (found and not date_key(found[0])):
                shown = f' "{found[-1].value}"' if len(found) == 1 else f" ({len(found)} values)"
                self.problems.append(
                    InputError(
                        f"{_short(pred)}{shown}: it takes one xsd:date, xsd:dateTime, xsd:gYear or xsd:gYearMonth "
                        '("2025-01-15"^^xsd:date)',
                        self.at(f'"{found[-1].value}"', _short(pred), pred),
                    )
                )
            elif found:
                out[key] = found[0]
        issued, modified = out.get("issued"), out.get("modified")
        if isinstance(issued, ox.Literal) and isinstance(modified, ox.Literal) and later(issued, modified):
            self.problems.append(
                InputError(
                    f"dct:issued {issued.value} is later than dct:modified {modified.value}: "
                    "nothing can be modified before it is issued",
                    self.at(f'"{issued.value}"'),
                )
            )
        return out

    def texts(self, cat: ox.NamedNode) -> dict[str, object]:
        """The version, the catalogue's titles and descriptions, and the text of the data's dataset."""
        out: dict[str, object] = {}
        version = self.values(cat, DCAT + "version")
        if version:
            out["version"] = version[0].value
        for key, pred in (("catalog_titles", DCT + "title"), ("catalog_descriptions", DCT + "description")):
            found = self.attempt(lambda pred=pred: self.one_per_language(cat, pred))  # type: ignore[misc]
            if found:
                out[key] = found
        out.update(self.attempt(lambda: self.dataset_text(cat)) or {})
        return out

    def service(self, cat: ox.NamedNode) -> dict[str, object]:
        """The SPARQL endpoint's URL and the IRI of its service."""
        services = self.values(cat, DCAT + "service")
        if not services:
            return {}
        out: dict[str, object] = {"endpoint": self.attempt(lambda: self.endpoint(services))}
        if isinstance(services[0], ox.NamedNode):
            out["service"] = services[0].value
        return out

    def refuse_unknown(self, node: ox.Term, what: str, supported: tuple[str, ...]) -> None:
        """Refuse a property of ``node`` that the export does not read: a misspelt one would be ignored."""
        unknown = sorted({t.predicate.value for t in self.triples if t.subject == node} - set(supported))
        if not unknown:
            return
        text = self.doc.text
        start = self.doc.source_map.line_of(node.value) if isinstance(node, ox.NamedNode) else None
        line = loaders.Statements(text).line(start, unknown[0]) if start else None
        local = re.split(r"[#/]", unknown[0])[-1]
        line = line or loaders.line_of(text, f":{local}", local)
        names = {_short(p): p for p in supported}
        hints = [
            f"did you mean {close[0]}?"
            for close in (difflib.get_close_matches(_short(u), list(names), n=1, cutoff=0.6) for u in unknown)
            if close
        ]
        raise InputError(
            f"{what} has properties that the export does not read: {', '.join(_short(u) for u in unknown)}"
            + (f" ({'; '.join(hints)})" if hints else "")
            + f"; it reads {', '.join(names)}",
            Location(self.name, line),
        )

    def one_per_language(self, node: ox.Term, pred: str) -> tuple[ox.Literal, ...]:
        """The literals of a title or description, refused when two share a language (a portal shows one)."""
        literals = tuple(v for v in self.values(node, pred) if isinstance(v, ox.Literal))
        seen: dict[str | None, ox.Literal] = {}
        for lit in literals:
            if lit.language in seen:
                tag = f"@{lit.language}" if lit.language else "without a language tag"
                raise InputError(
                    f'two {_short(pred)} {tag}: "{seen[lit.language].value}" and "{lit.value}"; give one per '
                    "language: DCAT-AP repeats a title or description only for its versions in other languages",
                    self.at(f'"{lit.value}'),
                )
            seen[lit.language] = lit
        return literals

    def dataset_text(self, cat: ox.NamedNode) -> dict[str, object]:
        """The title, description, keywords, update frequency and version notes that ``dcat.ttl`` gives
        the data's dataset, the one ``dcat:dataset`` of the catalogue, whose IRI is ``<base>dataset/graph``."""
        expected = base_of(cat.value) + GRAPH_DATASET[len(BASE) :]
        out: dict[str, object] = {}
        for node in self.values(cat, DCAT + "dataset"):
            if not isinstance(node, ox.NamedNode) or node.value != expected:
                shown = {ox.NamedNode: f"<{node.value}>", ox.BlankNode: "a blank node"}.get(
                    type(node), f'"{node.value}"'
                )
                raise InputError(
                    f"dcat:dataset {shown}: the catalogue's data is the dataset <{expected}> (its IRI follows "
                    "from the catalogue's); describe that one. The ontology's dataset is wpskg's release and "
                    "keeps wpskg's title",
                    self.at("dcat:dataset", DCAT + "dataset"),
                )
            self.refuse_unknown(node, "the dataset", DATASET_PROPERTIES)
            for key, pred in (
                ("graph_titles", DCT + "title"),
                ("graph_descriptions", DCT + "description"),
                ("version_notes", ADMS + "versionNotes"),
            ):
                found = self.one_per_language(node, pred)
                if found:
                    out[key] = found
            keywords = tuple(v for v in self.values(node, DCAT + "keyword") if isinstance(v, ox.Literal))
            if keywords:
                out["graph_keywords"] = keywords
            frequency = self.values(node, DCT + "accrualPeriodicity")
            if frequency:
                out["frequency"] = self.frequency(frequency)
        return out

    def frequency(self, found: list[ox.Term]) -> str:
        """The one EU frequency (``…/authority/frequency/ANNUAL``) at which the data is updated."""
        if len(found) == 1 and isinstance(found[0], ox.NamedNode) and found[0].value.startswith(EU_FREQUENCY):
            return found[0].value
        shown = ", ".join(f"<{t.value}>" if isinstance(t, ox.NamedNode) else f'"{t.value}"' for t in found)
        raise InputError(
            f"dct:accrualPeriodicity {shown}: it takes one IRI of the EU frequency table, such as "
            f"<{EU_FREQUENCY}ANNUAL>",
            self.at("dct:accrualPeriodicity", DCT + "accrualPeriodicity"),
        )

    def endpoint(self, services: list[ox.Term]) -> str:
        """The endpoint URL of the one ``dcat:service`` of ``dcat.ttl``: an absolute http(s) URL."""
        at = self.at("dcat:service", DCAT + "service")
        if len(services) > 1 or isinstance(services[0], ox.Literal):
            raise InputError("dcat:service takes one node, the SPARQL endpoint that serves the graph", at)
        found = self.values(services[0], DCAT + "endpointURL")
        if len(found) != 1 or not isinstance(found[0], ox.NamedNode):
            raise InputError("the dcat:service needs one dcat:endpointURL, the public URL of its SPARQL endpoint", at)
        url = found[0].value
        if not dcat_checks.is_http_url(url):
            raise InputError(
                f"the dcat:endpointURL <{url}> must be an http(s) URL with a host and no query, fragment or user name",
                Location(self.name, loaders.line_of(self.doc.text, url) or at.line),
            )
        return url


@functools.lru_cache(maxsize=8)
def _settings_of(name: str, data: bytes) -> Settings:
    """The settings that the bytes of the file ``name`` give, read once (a mistake is raised each time)."""
    return Settings._read(_Reader(name, loaders.load_bytes(data, name)))


#: The ``dcat.ttl`` that ``wpskg init`` writes: every setting, with placeholders to replace.
TEMPLATE = Path(__file__).parent / "template.ttl"


def template() -> str:
    """The text of :data:`TEMPLATE`, whose placeholders ``validate`` warns about and ``export`` refuses.

    >>> [(p.what, p.line) for p in Settings.from_file(TEMPLATE).placeholders][:2]
    [('https://data.ministry.example/wps/catalog', 16), ('https://data.ministry.example/id/ministry', 19)]
    """
    return TEMPLATE.read_text(encoding="utf-8")


#: The nodes that ``dcat.ttl`` describes besides the catalogue, and the properties read from each.
NODE_PROPERTIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (DCT + "publisher", "the publisher", (RDF + "type", FOAF + "name", DCT + "type")),
    (DCAT + "contactPoint", "the contact point", (RDF + "type", VCARD + "fn", VCARD + "hasEmail", VCARD + "hasURL")),
    (DCT + "license", "the licence", (RDF + "type", DCT + "type")),
    (DCAT + "service", "the SPARQL endpoint's service", (RDF + "type", DCAT + "endpointURL")),
)


#: What ``dcat.ttl`` may say of the data's dataset (``dcat:dataset`` of the catalogue).
DATASET_PROPERTIES = (
    RDF + "type",
    DCT + "title",
    DCT + "description",
    DCAT + "keyword",
    DCT + "accrualPeriodicity",
    ADMS + "versionNotes",
)


def _written(node: ox.Term) -> tuple[str, ...]:
    """How a node's IRI may be written in the file (none for a blank node)."""
    return (f"<{node.value}>",) if isinstance(node, ox.NamedNode) else ()


def _short(iri: str) -> str:
    for prefix, ns in CATALOG_PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"
