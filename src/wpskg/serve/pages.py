"""Linked-data pages: one page per resource, index pages, and the headline question.

Every IRI under ``https://w3id.org/wpskg/``, or under the base URL itself (a data
project's own IRIs), dereferences at the same path under the base URL;
``/resource?iri=`` serves any IRI of the graph. A browser gets
HTML; ``Accept`` or a file extension (``.ttl``, ``.jsonld``, ``.nt``) gives the
description (outgoing triples, nested blank nodes and incoming links) as RDF.
Templates are autoescaped, and links to IRIs outside the graph are made only
for http(s) IRIs: the data cannot inject markup or script.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import queries
from ..dcat.terms import base_of
from ..names import name_order
from ..namespaces import BASE, PREFIXES, shorten
from ..store import Result
from . import formats
from .answers import cached_page, keep_page
from .core import HTTPProblem, Server, external_href, problem_for
from .graphindex import DCAT, DCT, NAME_PROPERTIES, ORG, PROV, RDF_TYPE, SCHEMA, WPS, GraphIndex
from .negotiate import choose
from .responses import error_response, render, server_of

PLAN = WPS + "Plan"
OBJECTIVE = WPS + "Objective"
ACTION = WPS + "Action"
ACTOR = WPS + "Actor"
FUNDING = WPS + "Funding"
RESOLUTION = WPS + "Resolution"
THEME = WPS + "Theme"
COUNTRY = WPS + "Country"
CLAIM = WPS + "Claim"
YEARLY = PREFIXES["recurrence"] + "yearly"

PAGE_OFFERS = [
    formats.HTML,
    formats.TURTLE,
    formats.JSONLD,
    formats.NTRIPLES,
    formats.RDFXML,
    "application/xhtml+xml",
    "application/x-turtle",
    formats.JSON,
    "text/plain",  # N-Triples' media type before RDF 1.1: older linked-data clients ask for it
    "application/xml",  # RDF/XML, for a generic XML client (formats.GRAPH_ALIASES)
    "text/xml",
]
#: Incoming links shown per predicate before "and N more".
INCOMING_LIMIT = 100
#: Bars of the funders chart per currency; the others are added up on one line.
CHART_TOP = 20
NESTING_LIMIT = 3


def _marked(tag: str) -> str:
    """The ``lang`` attribute a label needs on an English page: its tag, unless English or none."""
    return "" if not tag or tag.lower().split("-")[0] == "en" else tag


class Views:
    """Turns the graph index into plain dictionaries for the templates."""

    def __init__(self, server: Server, index: GraphIndex | None = None) -> None:
        self.server = server
        self.ix: GraphIndex = index or server.index

    # --- terms ----------------------------------------------------------------------------

    def term(self, t: ox.Term, depth: int = 0) -> dict[str, Any]:
        """A term for display: an IRI with its label and links, a literal, or a nested blank node."""
        if isinstance(t, ox.NamedNode):
            local = self.server.url_for_iri(t.value)
            label, tag = self.ix.tagged_label(t)
            return {
                "kind": "iri",
                "iri": t.value,
                "label": label,
                "label_lang": _marked(tag),
                "short": shorten(t.value),
                "href": local,
                "external": None if local else external_href(t.value),
            }
        if isinstance(t, ox.Literal):
            datatype = t.datatype.value
            shown = None if t.language or datatype.endswith(("#string", "#langString")) else shorten(datatype)
            return {"kind": "literal", "value": t.value, "lang": t.language, "datatype": shown}
        if isinstance(t, ox.BlankNode):
            props = self.properties(t, depth + 1) if depth < NESTING_LIMIT else []
            return {"kind": "bnode", "id": t.value, "properties": props}
        return {"kind": "literal", "value": str(t), "lang": None, "datatype": None}

    def sort_key(self, t: ox.Term) -> tuple[int, str]:
        if isinstance(t, ox.NamedNode):
            return (0, name_order(self.ix.label(t)))
        if isinstance(t, ox.Literal):
            return (1, f"{t.language or ''}\x00{t.value}")
        return (2, t.value if isinstance(t, ox.BlankNode) else str(t))

    def properties(self, subject: ox.Term, depth: int = 0, skip: Iterable[str] = ()) -> list[dict[str, Any]]:
        """The outgoing properties of ``subject``, grouped and sorted by property label."""
        skipped = set(skip)
        groups: dict[str, list[ox.Term]] = defaultdict(list)
        for p, o in self.ix.out.get(subject, ()):
            if p.value not in skipped:
                groups[p.value].append(o)
        out = []
        for pred, objects in groups.items():
            objects = sorted(set(objects), key=self.sort_key)
            out.append(
                {
                    "predicate": self.term(ox.NamedNode(pred)),
                    "objects": [self.term(o, depth) for o in objects],
                    "more": 0,
                }
            )
        out.sort(key=lambda g: g["predicate"]["label"].lower())
        return out

    def names(self, subject: ox.Term) -> list[dict[str, Any]]:
        """Every label of ``subject``: English first, then by language."""
        rows = [
            {"value": lit.value, "lang": lit.language or "", "property": shorten(prop)}
            for prop, lit in self.ix.names(subject)
        ]
        rows.sort(key=lambda r: (r["lang"] != "en", r["lang"], r["property"], r["value"]))
        return rows

    def incoming(self, subject: ox.Term) -> list[dict[str, Any]]:
        """Resources that link to ``subject``, grouped by property (claims are under Provenance)."""
        groups: dict[str, list[ox.Term]] = defaultdict(list)
        for s, p in self.ix.inc.get(subject, ()):
            if p.value != WPS + "claimSubject":
                groups[p.value].append(s)
        out = []
        for pred, subjects in groups.items():
            subjects = sorted(set(subjects), key=self.sort_key)
            shown = [self.term(s) for s in subjects[:INCOMING_LIMIT]]
            more = max(0, len(subjects) - INCOMING_LIMIT)
            every = f"SELECT ?thing WHERE {{ ?thing <{pred}> <{subject.value}> }} ORDER BY ?thing"
            if len(subjects) > self.server.max_rows:  # within the row cap, and said so in the query
                every += f" LIMIT {self.server.max_rows}"
            listed = more and isinstance(subject, ox.NamedNode)  # the rest, through the SPARQL endpoint
            out.append(
                {
                    "predicate": self.term(ox.NamedNode(pred)),
                    "objects": shown,
                    "more": more,
                    "more_url": self.server.url("/sparql", query=every) if listed else "",
                    "count": len(subjects),
                }
            )
        out.sort(key=lambda g: g["predicate"]["label"].lower())
        return out

    # --- provenance -----------------------------------------------------------------------

    def claims(self, subject: ox.Term) -> list[dict[str, Any]]:
        """The claims about ``subject``: quotes, translations, what they support, and their sources."""
        out = []
        for claim in self.ix.subjects(WPS + "claimSubject", subject):
            sources = []
            for doc in self.ix.values(claim, PROV + "wasDerivedFrom"):
                file_name = self.ix.value(doc, WPS + "fileName")
                titles = [t for t in self.ix.values(doc, DCT + "title") if isinstance(t, ox.Literal)]
                title = next((t.value for t in titles if t.language == "en"), titles[0].value if titles else None)
                sources.append(
                    {
                        "doc": self.term(doc),
                        "title": title or self.ix.label(doc),
                        "file": file_name.value if isinstance(file_name, ox.Literal) else None,
                    }
                )
            quotes = [self.term(q) for q in self.ix.values(claim, WPS + "quote")]
            properties = sorted(self.ix.values(claim, WPS + "claimProperty"), key=self.sort_key)
            values = self.ix.values(claim, WPS + "claimValue") + self.ix.values(claim, WPS + "claimLiteral")
            others = [s for s in self.ix.values(claim, WPS + "claimSubject") if s != subject]
            if others:  # a claim about several things: here, what it supports of this one
                properties = [p for p in properties if self.ix.values(subject, p.value)]
                own = {v for p in properties for v in self.ix.values(subject, p.value)}
                values = [v for v in values if v in own]
            out.append(
                {
                    "claim": self.term(claim),
                    "quotes": quotes,
                    "translations": [self.term(q) for q in self.ix.values(claim, WPS + "quoteTranslation")],
                    "properties": [self.term(p) for p in properties],
                    "supported": [self.term(v) for v in values],
                    "also_about": [self.term(s) for s in sorted(others, key=self.sort_key)],
                    "sources": sources,
                }
            )
        out.sort(key=lambda c: (c["sources"][0]["title"] if c["sources"] else "", c["claim"]["iri"]))
        return out

    # --- domain views ---------------------------------------------------------------------

    def amounts(self, funding: ox.Term) -> list[tuple[str, str, bool]]:
        """(value, currency, whether the value is only a ceiling) of each ``schema:amount`` of a
        funding, lexical forms kept; a ceiling is ``schema:maxValue`` ("tot 2.000.000 EUR")."""
        out = []
        for money in self.ix.values(funding, SCHEMA + "amount"):
            exact = self.ix.value(money, SCHEMA + "value")
            value = exact if exact is not None else self.ix.value(money, SCHEMA + "maxValue")
            currency = self.ix.value(money, SCHEMA + "currency")
            if isinstance(value, ox.Literal):
                cur = (
                    currency.value
                    if isinstance(currency, ox.Literal)
                    else (self.ix.notation(currency) or self.ix.label(currency) if currency else "")
                )
                out.append((value.value, cur, exact is None))
        return out

    def period(self, subject: ox.Term) -> str:
        """A readable period: ``2019–2021``, a year or a date; the periods that sources disagree
        on are all given (``2008–2012 or 2009–2012``)."""
        periods = []
        for p in self.ix.values(subject, DCT + "temporal"):
            start = self.ix.value(p, DCAT + "startDate")
            end = self.ix.value(p, DCAT + "endDate")
            periods.append(f"{start.value}–{end.value}" if start is not None and end is not None else self.ix.label(p))
        if periods:
            return " or ".join(sorted(set(periods)))
        for prop in (WPS + "date", WPS + "year"):
            found = sorted({v.value for v in self.ix.values(subject, prop) if isinstance(v, ox.Literal)})
            if found:
                return " or ".join(found)
        return ""

    def funding_row(self, funding: ox.NamedNode) -> dict[str, Any]:
        v = self.ix.values
        recipients = list(dict.fromkeys(v(funding, WPS + "recipient") + v(funding, WPS + "implementer")))
        per = " a year" if ox.NamedNode(YEARLY) in v(funding, WPS + "recurrence") else ""
        return {
            "funding": self.term(funding),
            "funders": [self.term(f) for f in v(funding, SCHEMA + "funder")],
            "recipients": [self.term(r) for r in recipients],
            "amounts": [
                {"value": value, "display": ("up to " if ceiling else "") + format_amount(value), "currency": cur + per}
                for value, cur, ceiling in self.amounts(funding)
            ],
            "countries": [self.term(c) for c in sorted(v(funding, WPS + "recipientCountry"), key=self.sort_key)],
            "themes": [self.term(t) for t in sorted(v(funding, WPS + "theme"), key=self.sort_key)],
            "objectives": [self.term(o) for o in v(funding, WPS + "underObjective")],
            "part_of": [self.term(p) for p in v(funding, WPS + "partOf")],
            "period": self.period(funding),
        }

    def fundings_for(self, subject: ox.Term) -> list[ox.NamedNode]:
        """The fundings that belong on the page of ``subject``."""
        ix = self.ix
        types = ix.types(subject)
        found: set[ox.Term] = set()
        if PLAN in types:
            found.update(ix.subjects(WPS + "underPlan", subject))
            for objective in ix.values(subject, WPS + "hasObjective"):
                found.update(ix.subjects(WPS + "underObjective", objective))
        if OBJECTIVE in types:
            found.update(ix.subjects(WPS + "underObjective", subject))
        if ACTOR in types:
            for prop in (SCHEMA + "funder", WPS + "recipient", WPS + "implementer"):
                found.update(ix.subjects(prop, subject))
        if COUNTRY in types:
            found.update(ix.subjects(WPS + "recipientCountry", subject))
        if THEME in types:  # its own and its narrower themes' fundings (the build's wps:inTheme)
            found.update(ix.subjects(WPS + "inTheme", subject))
        if FUNDING in types:
            found.update(ix.subjects(WPS + "partOf", subject))
        fundings = [f for f in found if isinstance(f, ox.NamedNode) and ix.is_a(f, FUNDING)]
        return sorted(fundings, key=lambda f: (self._objective_key(f), -self._amount(f), f.value))

    def _objective_key(self, funding: ox.Term) -> str:
        objective = self.ix.value(funding, WPS + "underObjective")
        return self.ix.notation(objective).zfill(4) if objective is not None else "~"

    def _amount(self, funding: ox.Term) -> Decimal:
        total = Decimal(0)
        for value, _, _ in self.amounts(funding):
            with contextlib.suppress(InvalidOperation):
                total += Decimal(value)
        return total

    def objectives(self, plan: ox.Term) -> list[dict[str, Any]]:
        objectives = self.ix.values(plan, WPS + "hasObjective")
        rows = []
        for o in objectives:
            notation = self.ix.notation(o)
            names = self.names(o)
            actions = self.ix.subjects(WPS + "underObjective", o)
            rows.append(
                {
                    "objective": self.term(o),
                    "notation": notation,
                    "names": names,
                    "actions": sum(1 for a in actions if self.ix.is_a(a, ACTION)),
                    "fundings": sum(1 for a in actions if self.ix.is_a(a, FUNDING)),
                    "themes": [self.term(t) for t in self.ix.values(o, WPS + "theme")],
                }
            )
        rows.sort(key=lambda r: (r["notation"].zfill(4), r["objective"]["iri"]))
        return rows

    def resource(self, subject: ox.NamedNode) -> dict[str, Any]:
        """Everything the page of one resource shows."""
        ix = self.ix
        skip = (RDF_TYPE, *NAME_PROPERTIES)
        types = sorted(ix.values(subject, RDF_TYPE), key=self.sort_key)
        view: dict[str, Any] = {
            "self": self.term(subject),
            "iri": subject.value,
            "title": ix.label(subject),
            "title_lang": _marked(ix.tagged_label(subject)[1]),
            "names": self.names(subject),
            "types": [self.term(t) for t in types],
            "properties": self.properties(subject, skip=skip),
            "incoming": self.incoming(subject),
            "claims": self.claims(subject),
            "objectives": self.objectives(subject) if ix.is_a(subject, PLAN) else [],
            "fundings": [self.funding_row(f) for f in self.fundings_for(subject)],
            "fragments": [],
        }
        if "#" not in subject.value:
            for frag in ix.fragment_subjects(subject.value):
                view["fragments"].append(
                    {
                        "anchor": frag.value.partition("#")[2],
                        "self": self.term(frag),
                        "names": self.names(frag),
                        "types": [self.term(t) for t in sorted(ix.values(frag, RDF_TYPE), key=self.sort_key)],
                        "properties": self.properties(frag, skip=skip),
                    }
                )
        return view

    # --- indexes ----------------------------------------------------------------------------

    def countries_of(self, subject: ox.Term, seen: set[ox.Term] | None = None) -> set[ox.Term]:
        """The countries a resource is about: its own, or those of its plan or objective."""
        seen = seen if seen is not None else set()
        if subject in seen:
            return set()
        seen.add(subject)
        ix = self.ix
        found: set[ox.Term] = set()
        for prop in (WPS + "planCountry", WPS + "country", WPS + "recipientCountry", WPS + "actsFor"):
            found.update(ix.values(subject, prop))
        if not found:
            for prop in (WPS + "underPlan", WPS + "underObjective", WPS + "objectiveOf", WPS + "reportsOn"):
                for parent in ix.values(subject, prop):
                    found |= self.countries_of(parent, seen)
        return found

    def themes_of(self, subject: ox.Term) -> set[ox.Term]:
        """The subject's themes and every broader theme (``wps:inTheme``, which the build infers)."""
        return set(self.ix.values(subject, WPS + "inTheme"))

    def options(self, concepts: Iterable[ox.Term]) -> list[dict[str, str]]:
        """Choices of a filter: each concept with a notation as its code and label, sorted by label."""
        found = {c for c in concepts if self.ix.notation(c)}
        return sorted(
            ({"code": self.ix.notation(c), "label": self.ix.label(c)} for c in found),
            key=lambda o: name_order(o["label"]),
        )

    def with_selected(self, options: list[dict[str, str]], selected: ox.Term | None) -> list[dict[str, str]]:
        """The options with the filter's value among them, so that the form shows the filter that
        is applied, even to a country that nothing in the list has (``/plans?country=ES``)."""
        if selected is None or not self.ix.notation(selected):
            return options
        code = self.ix.notation(selected)
        if any(o["code"].upper() == code.upper() for o in options):
            return options
        return [{"code": code, "label": self.ix.label(selected)}, *options]

    def country_options(self, subjects: Iterable[ox.Term]) -> list[dict[str, str]]:
        return self.options(c for s in subjects for c in self.countries_of(s))

    def recipient_country_options(self) -> list[dict[str, str]]:
        """The countries that some funding goes to."""
        return self.options(c for f in self.ix.instances(FUNDING) for c in self.ix.values(f, WPS + "recipientCountry"))

    def theme_options(self) -> list[dict[str, str]]:
        return self.options(self.ix.instances(THEME))

    def find_country(self, code: str) -> ox.Term | None:
        """A country of the graph by its ISO 3166-1 code or a name, in any case, as the stored
        queries' ``country`` parameter reads it (:meth:`wpskg.queries.Resolver.countries`)."""
        resolver = self.server.resolver
        iri = resolver.country(code)
        if iri is None:
            raise HTTPProblem(400, str(resolver.unknown_country(code.strip(), "country")))
        return ox.NamedNode(iri)

    def find_theme(self, code: str) -> set[ox.Term]:
        """The theme of notation ``code``, in any case, or of a name (as the stored queries' ``theme``
        parameter reads it): a filter that :meth:`themes_of` meets for that theme and its narrower themes."""
        overlong = queries.too_long(code, "theme")
        if overlong is not None:
            raise HTTPProblem(400, str(overlong))
        iri = self.server.resolver.theme(code)
        if iri is None:
            valid = ", ".join(sorted(self.ix.notation(t) for t in self.ix.instances(THEME)))
            also = "(or a theme's name in English, Dutch or French)"
            raise HTTPProblem(400, f"unknown theme {code.strip()!r}; valid themes: {valid} {also}")
        return {ox.NamedNode(iri)}


def format_amount(value: str) -> str:
    """An amount with thousands separators, every digit kept.

    >>> format_amount("6311964.80")
    '6,311,964.80'
    >>> format_amount("n/a")
    'n/a'
    """
    try:
        return f"{Decimal(value):,}"
    except InvalidOperation:
        return value


# --- resource pages -----------------------------------------------------------------------------


def _page_media(request: Request, forced: str | None) -> str:
    if forced:
        return forced
    fmt = request.query_params.get("format")
    if fmt:
        media = formats.from_format_param([fmt], graph=True)
        if fmt.lower() == "html":
            return formats.HTML
        if media is None:
            raise HTTPProblem(400, "format is one of html, ttl, jsonld, nt, rdf")
        return media
    chosen = choose(request.headers.get("accept"), PAGE_OFFERS)
    if chosen is None:
        types = [formats.HTML, *(t for _, _, t in ALTERNATES)]
        raise HTTPProblem(406, f"this resource is available as {', '.join(types[:-1])} and {types[-1]}")
    if chosen == "application/xhtml+xml":
        return formats.HTML
    if chosen == "text/plain":  # N-Triples, labelled as the client asked
        return chosen
    return formats.graph_media(chosen) if chosen != formats.HTML else formats.HTML


#: The RDF formats a resource is also served in: (name, ``format=`` value, media type).
ALTERNATES = (
    ("Turtle", "ttl", formats.TURTLE),
    ("JSON-LD", "jsonld", formats.JSONLD),
    ("N-Triples", "nt", formats.NTRIPLES),
    ("RDF/XML", "rdf", formats.RDFXML),
)


def _alternates(server: Server, iri: str) -> list[dict[str, str]]:
    return [{"name": n, "href": server.resource_url(iri, f), "type": t} for n, f, t in ALTERNATES]


async def describe(request: Request, iri: str, forced: str | None = None, index: GraphIndex | None = None) -> Response:
    """The page or RDF description of ``iri`` from ``index`` (the one that knows it, looked for when
    not given), or 404 when neither the graph nor the catalogue knows it."""
    server = server_of(request)
    try:
        media = _page_media(request, forced)
        subject = ox.NamedNode(iri)
    except ValueError:
        return error_response(request, HTTPProblem(400, f"not a valid IRI: {iri!r}"), default="text/html")
    except HTTPProblem as problem:
        return error_response(request, problem, default="text/html")
    index = index or await _index_of(server, iri)
    if index is None:
        return error_response(request, HTTPProblem(404, f"{iri} is not in the graph"), default="text/html")
    alternates = _alternates(server, iri)
    links = ", ".join(f'<{a["href"]}>; rel="alternate"; type="{a["type"]}"' for a in alternates)
    headers = {"Vary": "Accept", "Link": links}
    key = ("resource", iri, media)
    cached = cached_page(request, server, key, headers)
    if cached is not None:
        return cached
    if media == formats.HTML:
        view = await run_in_threadpool(Views(server, index).resource, subject)
        response = render(request, "resource.html", headers=headers, title=view["title"], r=view, alternates=alternates)
        return keep_page(request, server, key, response)

    def serialise() -> str:
        triples = index.description(subject)
        if "#" not in iri:
            for frag in index.fragment_subjects(iri):
                triples += index.description(frag, incoming=False)
        return formats.serialize_graph(formats.graph_media(media), triples)

    body = await run_in_threadpool(serialise)
    response = Response(body, headers={**headers, "Content-Type": formats.content_type(media)})
    return keep_page(request, server, key, response)


async def resource(request: Request) -> Response:
    """``/resource?iri=IRI``: the page of any IRI of the graph."""
    iri = request.query_params.get("iri", "").strip()
    if not iri:
        return error_response(request, HTTPProblem(400, "give the IRI as ?iri="), default="text/html")
    return await describe(request, iri)


#: The first segments of the catalogue's own IRIs under the base (``…/dataset/graph``, ``…/publisher``).
CATALOG_SEGMENTS = ("dataset", "distribution", "service", "publisher", "contact")


def _catalog_index(server: Server, iri: str) -> GraphIndex | None:
    """The catalogue's index when ``iri`` is one of its resources (it is made only for such IRIs):
    under the catalogue's base, or one that ``dcat.ttl`` names (its publisher, contact point, service)."""
    settings = server.dcat_settings
    bases = (BASE, base_of(settings.catalog))
    base = next((b for b in bases if iri.startswith(b)), None)
    named = iri in (settings.catalog, settings.publisher, settings.contact, settings.service)
    if not named and (base is None or iri[len(base) :].split("/", 1)[0] not in CATALOG_SEGMENTS):
        return None
    from .catalog import catalog_index

    found = catalog_index(server)
    return found if found.has_iri(iri) else None


async def _index_of(server: Server, iri: str) -> GraphIndex | None:
    """The index that knows ``iri``: the graph's, else the catalogue's (made off the event loop), else None."""
    if server.index.has_iri(iri) or server.index.fragment_subjects(iri):
        return server.index
    return await run_in_threadpool(_catalog_index, server, iri)


async def dereference(request: Request) -> Response:
    """``/id/…``, ``/vocab/…``, ``/ont``: the IRI with the same path under w3id.org/wpskg/, else
    under the base URL (a project's own IRIs), else a resource of the catalogue."""
    server = server_of(request)
    path = request.path_params["path"]
    for iri in server.iris_for_path(path):
        index = await _index_of(server, iri)
        if index is not None:
            return await describe(request, iri, index=index)
    missing = f"{_either(server.iris_for_path(path))} in the graph"
    for ext, media in formats.EXTENSIONS.items():
        if path.endswith(ext):
            stem = server.iri_for_path(path[: -len(ext)])
            if server.index.has_iri(stem) or server.index.fragment_subjects(stem):
                return await describe(request, stem, forced=media, index=server.index)
            # the IRI, not the file name
            missing = f"{_either(server.iris_for_path(path[: -len(ext)]))} in the graph (asked for as {ext})"
    twin = await _without_trailing_slash(server, path)
    if twin is not None:
        query = request.url.query
        return RedirectResponse(server.url(twin) + (f"?{query}" if query else ""), status_code=308)
    return error_response(request, HTTPProblem(404, missing), default="text/html")


def _either(iris: Sequence[str]) -> str:
    """``X is not`` or ``neither X nor Y is``, of the IRIs a path may name."""
    return f"{iris[0]} is not" if len(iris) == 1 else f"neither {iris[0]} nor {iris[1]} is"


async def _without_trailing_slash(server: Server, path: str) -> str | None:
    """``/plans`` for ``plans/``, when that is a fixed page of the server or a resource it serves; else None.

    The redirect is root-relative, under the base URL's path: never built from the request's Host.
    """
    stripped = path.rstrip("/")
    if stripped == path or not stripped or stripped.startswith("/"):
        return None
    twin = "/" + stripped
    if any(pattern.fullmatch(twin) for pattern in server.page_paths):
        return twin
    for iri in server.iris_for_path(stripped):
        if await _index_of(server, iri) is not None:
            return twin
    return None


# --- home and indexes -------------------------------------------------------------------------------


async def home(request: Request) -> Response:
    server = server_of(request)
    cached = cached_page(request, server, ("home",))
    if cached is not None:
        return cached
    ix = server.index
    counts = {
        name: len(ix.instances(cls))
        for name, cls in (
            ("plans", PLAN),
            ("actors", ACTOR),
            ("fundings", FUNDING),
            ("resolutions", RESOLUTION),
            ("claims", CLAIM),
        )
    }
    example = server.example_plan
    response = render(
        request,
        "home.html",
        title="Women, Peace and Security knowledge graph",
        counts=counts,
        triples=ix.size,
        stored=list(server.queries.values()),
        example=(example.value, ix.label(example)) if example is not None else None,
    )
    return keep_page(request, server, ("home",), response)


#: The query parameters of the index pages and the funders page.
PAGE_PARAMS = ("country", "theme", "page")


def _known_params(request: Request, known: Sequence[str] = PAGE_PARAMS) -> None:
    """Refuse a query parameter that the page does not read (a typo would otherwise be ignored)."""
    unknown = sorted(set(request.query_params) - set(known))
    if unknown:
        raise HTTPProblem(400, f"{request.url.path} has no parameter {unknown[0]!r} (it takes {', '.join(known)})")


def _filters(request: Request, views: Views) -> tuple[str, str, ox.Term | None, set[ox.Term] | None]:
    _known_params(request)
    country = request.query_params.get("country", "").strip()
    theme = request.query_params.get("theme", "").strip()
    country_node = views.find_country(country) if country else None
    themes = views.find_theme(theme) if theme else None
    if country_node is not None:  # "Mali" or "mli" is shown, selected and linked as ML
        country = views.ix.notation(country_node)
    if themes:  # "VBG" as gbv
        theme = views.ix.notation(next(iter(themes)))
    return country, theme, country_node, themes


def _page_number(request: Request) -> int:
    """``page`` of an index page's URL: 1, 2, … (1 when absent)."""
    raw = request.query_params.get("page")
    if raw is None or raw == "":
        return 1
    if not re.fullmatch(r"[1-9][0-9]{0,8}", raw):
        raise HTTPProblem(400, f"page is a page number from 1, not {raw!r}")
    return int(raw)


def _paged(items: list[Any], page: int, size: int, what: str) -> tuple[list[Any], dict[str, int]]:
    """The items of page ``page`` (from 1) and where it sits: page, pages, first and last (from 1).

    A page past the last is an :class:`HTTPProblem` (404) that names the last.
    """
    pages = max(1, -(-len(items) // size))
    if page > pages:
        raise HTTPProblem(404, f"{what}: page {page} is past the last page, {pages}")
    start = (page - 1) * size
    shown = items[start : start + size]
    return shown, {"page": page, "pages": pages, "first": start + 1 if shown else 0, "last": start + len(shown)}


def _page_title(title: str, page: int) -> str:
    """A page's ``<title>``, which names its filters and its page, so that tabs and history differ.

    >>> _page_title("Plans: Belgium", 2), _page_title("Plans", 1)
    ('Plans: Belgium (page 2)', 'Plans')
    """
    return f"{title} (page {page})" if page > 1 else title


def _page_links(server: Server, path: str, where: dict[str, int], **params: str) -> dict[str, str]:
    """The URLs of the previous and next pages, with the same filters, where there are such pages."""
    page = where["page"]
    return {
        name: server.url(path, **params, page=str(n) if n > 1 else None)
        for name, n in (("prev", page - 1), ("next", page + 1))
        if 1 <= n <= where["pages"]
    }


def _actor_themes(views: Views, actor: ox.Term) -> set[ox.Term]:
    ix = views.ix
    found: set[ox.Term] = set()
    for prop in (
        SCHEMA + "funder",
        WPS + "recipient",
        WPS + "implementer",
        WPS + "responsibleActor",
        WPS + "implementingActor",
        WPS + "partnerActor",
    ):
        for s in ix.subjects(prop, actor):
            found |= views.themes_of(s)
    return found


def _plan_themes(views: Views, plan: ox.Term) -> set[ox.Term]:
    ix = views.ix
    found = views.themes_of(plan)
    for o in ix.values(plan, WPS + "hasObjective"):
        found |= views.themes_of(o)
        for s in ix.subjects(WPS + "underObjective", o):
            found |= views.themes_of(s)
    for s in ix.subjects(WPS + "underPlan", plan):
        found |= views.themes_of(s)
    return found


def _resolution_context(views: Views, res: ox.Term) -> tuple[set[ox.Term], set[ox.Term]]:
    """Countries and themes of the resources that reference or negotiated a resolution."""
    countries: set[ox.Term] = set()
    themes: set[ox.Term] = set(views.themes_of(res))
    for prop in (WPS + "referencesResolution", WPS + "negotiated"):
        for s in views.ix.subjects(prop, res):
            countries |= views.countries_of(s)
            themes |= views.themes_of(s)
    return countries, themes


INDEXES = {
    "plans": ("Plans", PLAN, ["Plan", "Country", "Period", "Type", "Objectives"]),
    "actors": ("Actors", ACTOR, ["Actor", "Type", "Acts for", "Based in", "Part of"]),
    "fundings": ("Fundings", FUNDING, ["Funding", "Funder", "Recipient", "Amount", "Countries", "Themes", "Period"]),
    "resolutions": ("Resolutions", RESOLUTION, ["Resolution", "Adopted", "Topic", "Referenced by"]),
}


def build_index(
    server: Server, kind: str, country: ox.Term | None, themes: set[ox.Term] | None, page: int = 1
) -> dict[str, Any]:
    """One page of an index: the members of a kind that pass the country and theme filters, sorted.

    Only the rows of the page are built (at 1000 plans a funding row takes
    about 0.1 ms, and there are 7,831 fundings). ``page`` counts from 1; a
    page past the last is an :class:`HTTPProblem` (404).
    """
    views = Views(server)
    ix = server.index
    title, cls, columns = INDEXES[kind]
    members = ix.instances(cls)
    if country is not None or themes is not None:
        members_shown = [m for m in members if _passes(views, kind, m, country, themes)]
    else:
        members_shown = members
    if kind == "resolutions":
        members_shown = sorted(members_shown, key=lambda m: _resolution_key(views, m))
    else:
        members_shown = sorted(members_shown, key=lambda m: name_order(ix.label(m)))
    shown, where = _paged(members_shown, page, server.index_page_size, title.lower())
    rows = [index_row(views, kind, m) for m in shown]
    if kind == "fundings":
        countries = views.recipient_country_options()
    elif kind == "resolutions":
        countries = views.options(c for m in members for c in _resolution_context(views, m)[0])
    else:
        countries = views.country_options(members)
    countries = views.with_selected(countries, country)
    return {
        "title": title,
        "columns": columns,
        "rows": rows,
        "total": len(members),
        "matched": len(members_shown),
        **where,
        "countries": countries,
        "themes": views.theme_options(),
    }


def _actor_countries(ix: GraphIndex, actor: ox.Term) -> tuple[list[ox.Term], list[ox.Term]]:
    """The countries an actor acts for (``wps:actsFor``, a state's bodies), and the others it is based
    in (``dct:spatial``: a hospital in Kinshasa)."""
    acts_for = ix.values(actor, WPS + "actsFor")
    return acts_for, [c for c in ix.values(actor, DCT + "spatial") if c not in acts_for]


def _passes(views: Views, kind: str, m: ox.NamedNode, country: ox.Term | None, themes: set[ox.Term] | None) -> bool:
    """Whether an index member is in ``country`` and under one of ``themes`` (None: any)."""
    ix = views.ix
    if kind == "plans":
        m_countries, m_themes = views.countries_of(m), _plan_themes(views, m)
    elif kind == "actors":
        acts_for, based_in = _actor_countries(ix, m)
        m_countries, m_themes = set(acts_for + based_in), _actor_themes(views, m)
    elif kind == "fundings":
        m_countries, m_themes = set(ix.values(m, WPS + "recipientCountry")), views.themes_of(m)
    else:
        m_countries, m_themes = _resolution_context(views, m)
    if country is not None and country not in m_countries:
        return False
    return themes is None or bool(m_themes & themes)


def _resolution_key(views: Views, m: ox.NamedNode) -> tuple[int, str]:
    """Resolutions in the order of their numbers, then by label."""
    number = views.ix.value(m, WPS + "resolutionNumber")
    return (int(number.value) if number is not None and number.value.isdigit() else 0, views.ix.label(m))


def index_row(views: Views, kind: str, m: ox.NamedNode) -> dict[str, Any]:
    """One row of an index page: a list of cells, each a list of terms or a text."""
    ix = views.ix
    t = views.term
    if kind == "plans":
        types = [t(x) for x in ix.values(m, RDF_TYPE) if x.value not in (PLAN, PROV + "Plan")]
        cells = [
            [t(m)],
            [t(c) for c in ix.values(m, WPS + "planCountry")],
            views.period(m),
            types,
            str(len(ix.values(m, WPS + "hasObjective"))),
        ]
    elif kind == "actors":
        types = [t(x) for x in ix.values(m, RDF_TYPE) if x.value.startswith(WPS) and x.value not in (ACTOR,)]
        acts_for, based_in = _actor_countries(ix, m)
        cells = [[t(m)], types, [t(c) for c in acts_for], [t(c) for c in based_in]]
        cells.append([t(p) for p in ix.values(m, ORG + "subOrganizationOf")])
    elif kind == "fundings":
        row = views.funding_row(m)
        amounts = " + ".join(f"{a['display']} {a['currency']}" for a in row["amounts"]) or "not stated"
        wholes = ix.values(m, WPS + "partOf")
        if wholes:  # so that a reader adding up the column does not count a total and its parts
            amounts += f" (part of {', '.join(sorted(ix.label(w) for w in wholes))})"
        cells = [[t(m)], row["funders"], row["recipients"], amounts, row["countries"], row["themes"], row["period"]]
    else:
        adopted = ix.value(m, WPS + "adoptedOn") or ix.value(m, DCT + "date") or ix.value(m, WPS + "year")
        topics = ", ".join(x.value for x in ix.values(m, WPS + "topic") if isinstance(x, ox.Literal))
        refs = len(ix.subjects(WPS + "referencesResolution", m))
        cells = [[t(m)], adopted.value if adopted is not None else "", topics, str(refs)]
    return {"cells": cells}


def index_page(kind: str):
    """An endpoint listing one kind of resource with country and theme filters."""

    async def endpoint(request: Request) -> Response:
        server = server_of(request)
        views = Views(server)
        try:
            country, theme, country_node, themes = _filters(request, views)
            page = _page_number(request)
        except HTTPProblem as problem:
            return error_response(request, problem, default="text/html")
        key = ("index", kind, country.upper(), theme.lower(), str(page))
        cached = cached_page(request, server, key)
        if cached is not None:
            return cached
        try:
            data = await run_in_threadpool(build_index, server, kind, country_node, themes, page)
        except HTTPProblem as problem:
            return error_response(request, problem, default="text/html")
        links = _page_links(server, "/" + kind, data, country=country, theme=theme)
        named = [country_node] if country_node is not None else []
        filtered = ", ".join(views.ix.label(n) for n in [*named, *(themes or ())])  # _filters finds one theme
        response = render(
            request,
            "index.html",
            title=_page_title(data["title"] + (f": {filtered}" if filtered else ""), page),
            data=data,
            kind=kind,
            country=country,
            theme=theme,
            pages=links,
        )
        return keep_page(request, server, key, response)

    return endpoint


# --- the headline question: who funds a theme in a country -------------------------------------------


def chart(rows: list[dict[str, Any]], top: int = CHART_TOP, shared_apart: bool = False) -> list[dict[str, Any]]:
    """Bars of the funders chart: one group per currency, totals per funder, largest first.

    Yearly contributions (``per`` is ``year``) are a group of their own ("EUR a year"),
    as funding-totals gives them: a yearly amount is never added to a one-off grant.

    A funding that is part of another funding in the same result (``is_part``)
    is not added again: its parent already counts it. Past the ``top``
    funders of a currency, one line (text, no bar) adds up all the others.
    With ``shared_apart`` (the chart of one country), a grant to several
    countries cannot be split among them: it is not added to its funder's bar,
    and a last line of text adds up these shared grants.
    """
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    shared: dict[str, list[Decimal]] = defaultdict(list)
    for r in rows:
        if r["is_part"]:
            continue
        try:
            amount = Decimal(r["amount"])
        except InvalidOperation:
            continue
        unit = r["currency"] + (" a year" if r.get("per") == "year" else "")
        if shared_apart and len([c for c in r.get("countries", "").split(", ") if c]) > 1:
            shared[unit].append(amount)
            continue
        funder = r["funder"] or "(unknown funder)"
        totals[unit][funder] += amount
        counts[(unit, funder)] += 1
    groups = []
    bar_height, gap, label_width, bar_space = 26, 8, 300, 380
    for currency in sorted(totals.keys() | shared.keys()):
        ranked = sorted(totals[currency].items(), key=lambda kv: (-kv[1], kv[0]))
        entries = [(funder, total, counts[(currency, funder)]) for funder, total in ranked[:top]]
        largest = max((v for _, v, _ in entries), default=Decimal(1)) or Decimal(1)
        bars = []
        for i, (funder, total, count) in enumerate(entries):
            width = max(float(total / largest) * bar_space, 1.0)
            bars.append(_bar(funder, total, count, i, label_width, width, bar_height, gap, rest=False))
        rest = ranked[top:]
        if rest:  # a line of text, not a bar: its sum would dwarf every bar above it
            others = sum((total for _, total in rest), Decimal(0))
            count = sum(counts[(currency, funder)] for funder, _ in rest)
            bars.append(
                _bar(
                    f"{len(rest)} other funders", others, count, len(bars), label_width, 0.0, bar_height, gap, rest=True
                )
            )
        if shared[currency]:
            n = len(shared[currency])
            label = f"{n} grant{'' if n == 1 else 's'} shared with other countries"
            total = sum(shared[currency], Decimal(0))
            bars.append(_bar(label, total, n, len(bars), label_width, 0.0, bar_height, gap, rest=True))
        height = 30 + len(bars) * (bar_height + gap) + 10
        offset = sum(g["height"] for g in groups)
        groups.append(
            {
                "currency": currency,
                "bars": bars,
                "height": height,
                "offset": offset,
                "width": label_width + bar_space + 160,
                "label_width": label_width,
            }
        )
    return groups


def _bar(
    label: str, total: Decimal, count: int, i: int, label_width: int, width: float, height: int, gap: int, rest: bool
) -> dict[str, Any]:
    """One line of the funders chart; ``rest`` is the line of text, without a bar, of the other funders."""
    return {
        "label": label,
        "total": format_amount(f"{total:f}"),
        "count": count,
        "y": 30 + i * (height + gap),
        "width": width,
        "height": height,
        "x": label_width,
        "text_x": label_width + width + 6,
        "rest": rest,
    }


def _funders_key(request: Request, page: str) -> tuple[str, ...]:
    """The page cache's key of a funders page: the page and its filters (the graph does not change)."""
    params = request.query_params
    return (page, params.get("country", "").strip(), params.get("theme", "").strip())


async def funders(request: Request) -> Response:
    """Which actors fund a theme in a country: the stored ``funders`` query as a chart and a table in pages."""
    server = server_of(request)
    try:
        _known_params(request)
        page = _page_number(request)
    except HTTPProblem as problem:
        return error_response(request, problem, default="text/html")
    key = (*_funders_key(request, "funders"), str(page))
    cached = cached_page(request, server, key)
    if cached is not None:
        return cached
    data = await _funders_data(request)
    if isinstance(data, Response):
        return data
    try:
        shown, where = _paged(data["rows"], page, server.index_page_size, "funders")
    except HTTPProblem as problem:
        return error_response(request, problem, default="text/html")
    links = _page_links(server, "/funders", where, country=data["country"], theme=data["theme"])
    views = Views(server)
    context = {**data, **where, "shown": [_funders_line(views, r) for r in shown], "links": links}
    title = data["caption"] if data["country"] or data["theme"] else "Who funds what, where"
    return keep_page(request, server, key, render(request, "funders.html", title=_page_title(title, page), **context))


async def funders_svg(request: Request) -> Response:
    """The chart of the funders page on its own, as ``image/svg+xml``."""
    server = server_of(request)
    try:
        _known_params(request, ("country", "theme"))
    except HTTPProblem as problem:
        return error_response(request, problem, default="text/html")
    key = _funders_key(request, "funders.svg")
    cached = cached_page(request, server, key)
    if cached is not None:
        return cached
    data = await _funders_data(request)
    if isinstance(data, Response):
        return data
    groups = data["groups"] or [
        {"currency": "", "bars": [], "height": 40, "width": 400, "label_width": 300, "offset": 0}
    ]
    svg = server.templates.get_template("_chart.html").render(groups=groups, caption=data["caption"], standalone=True)
    return keep_page(request, server, key, Response(svg, media_type="image/svg+xml"))


async def _funders_data(request: Request) -> dict[str, Any] | Response:
    """The funders page's rows and chart for the request's filters, worked out once per filter."""
    server = server_of(request)
    stored = server.queries.get("funders")
    if stored is None:
        return error_response(
            request, HTTPProblem(404, "this project has no stored query 'funders'"), default="text/html"
        )
    key = _funders_key(request, "funders")
    known = server.views.get(key)
    if known is not None:
        return known
    _, country, theme = key
    params = {k: v for k, v in (("country", country), ("theme", theme)) if v}
    try:
        outcome = await server.in_worker(queries.run, stored, server.graph, params, **server.limits())
    except HTTPProblem as problem:
        return error_response(request, problem, default="text/html")
    except Exception as exc:
        return error_response(request, problem_for(exc, server.timeout, server.max_rows), default="text/html")
    # Thousands of rows at a million triples: read them off the event loop.
    data = await run_in_threadpool(_funders_view, server, outcome.result, country, theme)
    server.views.put(key, data)
    return data


def _funders_view(server: Server, result: Result, country: str, theme: str) -> dict[str, Any]:
    """The funders page's rows, chart and filters from the stored query's result."""
    views = Views(server)
    rows = [
        {v: (t.value if t is not None else "") for v, t in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]
    part_of = {
        r["funding"]: {p.value for p in server.index.values(ox.NamedNode(r["funding"]), WPS + "partOf")}
        for r in rows
        if r.get("funding")
    }
    listed = {r["funding"] for r in rows if r.get("funding")}
    for r in rows:
        if r.get("funding"):  # the amounts as written ("6311964.80"), not as the store gives them ("6311964.8")
            written = views.amounts(ox.NamedNode(r["funding"]))
            r["amount"] = _as_written(r.get("amount", ""), [v for v, _, ceiling in written if not ceiling])
            r["max_amount"] = _as_written(r.get("max_amount", ""), [v for v, _, ceiling in written if ceiling])
        r["amount_display"] = format_amount(r.get("amount", ""))
        r["max_display"] = format_amount(r.get("max_amount", ""))
        r["yearly"] = r.get("per") == "year"
        r["href"] = server.url_for_iri(r["funding"]) if r.get("funding") else None
        r["is_part"] = bool(part_of.get(r.get("funding", ""), set()) & listed)
    # "Mali" or "mli" is shown, selected and linked as ML, "VBG" as gbv (each looked up once)
    country_iri = views.server.resolver.country(country) if country else None
    country_label = views.ix.label(ox.NamedNode(country_iri)) if country_iri else country
    if country_iri:
        country = views.ix.notation(ox.NamedNode(country_iri))
    theme_iri = views.server.resolver.theme(theme) if theme else None
    if theme_iri:
        theme = views.ix.notation(ox.NamedNode(theme_iri))
    theme_label = views.ix.label(ox.NamedNode(theme_iri)) if theme_iri else theme
    caption = (
        "Funders" + (f" of {theme_label}" if theme else "") + (f", grants to {country_label} alone" if country else "")
    )
    selected = ox.NamedNode(country_iri) if country_iri else None
    countries = views.with_selected(views.recipient_country_options(), selected)
    return {
        "rows": rows,
        "groups": chart(rows, shared_apart=bool(country)),
        "caption": caption,
        "country": country,
        "theme": theme,
        "countries": countries,
        "themes": views.theme_options(),
        "svg_url": server.url("/funders.svg", country=country, theme=theme),
        "api_url": server.url("/api/queries/funders", country=country, theme=theme),
    }


def _as_written(value: str, written: list[str]) -> str:
    """``value`` in the lexical form of the equal number among ``written``, if there is one.

    >>> _as_written("6311964.8", ["6311964.80"]), _as_written("5", ["6"]), _as_written("", ["1"])
    ('6311964.80', '5', '')
    """
    with contextlib.suppress(InvalidOperation):
        number = Decimal(value)
        return next((w for w in written if Decimal(w) == number), value)
    return value


def _funders_line(views: Views, row: dict[str, Any]) -> dict[str, Any]:
    """A shown row of the funders page with what the query's joined text columns lose: the language
    of each project title and quote (for ``lang``) and a name for a funding without a title."""
    if not row.get("funding"):
        return row
    funding = ox.NamedNode(row["funding"])
    ix = views.ix
    titles = sorted(
        (t for t in ix.values(funding, WPS + "projectTitle") if isinstance(t, ox.Literal)), key=lambda t: t.value
    )
    quotes = [
        q
        for claim in sorted(ix.subjects(WPS + "claimSubject", funding), key=lambda c: c.value)
        for q in ix.values(claim, WPS + "quote")
        if isinstance(q, ox.Literal)
    ]
    name = ix.label(funding)  # a funding without a title is named by its funders and recipients
    countries = sorted(ix.label(c) for c in ix.values(funding, WPS + "recipientCountry"))
    themes = sorted(ix.label(t) for t in ix.values(funding, WPS + "theme"))
    return {
        **row,
        # names, as /fundings shows them, where the query gives codes (ML, gbv) for CSV and joins
        "country_names": ", ".join(countries),
        "theme_names": ", ".join(themes),
        "titles": [{"text": t.value, "lang": _marked(t.language or "")} for t in titles],
        "quotes": [{"text": q.value, "lang": _marked(q.language or "")} for q in dict.fromkeys(quotes)],
        "name": name,
    }


async def assets(request: Request) -> Response:
    """The stylesheet."""
    server = server_of(request)
    name = request.path_params["name"]
    if name != "wpskg.css":
        return error_response(request, HTTPProblem(404, "no such asset"))
    css = server.templates.loader.get_source(server.templates, "wpskg.css")[0]  # type: ignore[union-attr]
    return Response(css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


async def root_redirect(request: Request) -> Response:
    server = server_of(request)
    return RedirectResponse(server.url("/"), status_code=302)
