"""``/catalog``: the DCAT-AP catalogue of the served graph, with its SPARQL endpoint and API as data services.

The catalogue is the one ``wpskg export --sparql-endpoint`` writes (:func:`wpskg.dcat.catalog`),
with the same dataset IRIs and the project's ``dcat.ttl`` settings, but without file
distributions: what this server offers is its ``/sparql`` endpoint, and its stored-query API
(``/api/queries``, described by ``/api/openapi.json``), whose CSV answers are distributions of
the graph, the same tables as ``wpskg export --tables`` writes. A portal harvests it from
``{base URL}catalog``.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import dcat, tables
from ..dumpers import turtle
from ..errors import WpskgError
from ..store import infer, load_project
from . import formats
from .answers import cached_page, keep_page
from .core import HTTPProblem, Server
from .graphindex import GraphIndex
from .negotiate import choose
from .responses import error_response, server_of


def catalog_triples(server: Server) -> list[ox.Triple]:
    """The catalogue of ``server``'s graph, made once (the graph does not change while it runs)."""
    with server.catalog_lock:
        found: list[ox.Triple] | None = server.catalog
        if found is None:
            ontology = load_project(server.project, with_instances=False)
            infer(ontology)
            found = dcat.catalog_of(
                [],
                server.graph.triples(),
                ontology.triples(),
                base_url=server.base_url,
                settings=server.dcat_settings,
                endpoint=server.base_url + "sparql",
                api=api_of(server),
            )
            server.catalog = found
        return found


def catalog_index(server: Server) -> GraphIndex:
    """The catalogue's triples indexed as the graph's are, so that its datasets, distributions and
    services (``/dataset/graph``, ``/service/sparql``) have pages as every IRI of the graph has."""
    found = server.catalog_index
    if found is None:
        try:
            found = GraphIndex(catalog_triples(server))
        except WpskgError:  # a dcat.ttl that /catalog reports: here its resources are not found
            found = GraphIndex([])
        server.catalog_index = found
    return found


def api_of(server: Server) -> dcat.Api:
    """The server's stored-query API, with the answers that ``wpskg export --tables`` would write,
    here as CSV from the API."""
    base = server.base_url + "api/queries"
    found = tuple(
        (
            tables.answer(stored, params, examples=server.dcat_settings.is_wpskgs),
            f"{base}/{stored.name}?" + urlencode({**params, "format": "csv"}),
        )
        for stored, params in tables.answers(server.queries)
    )
    return dcat.Api(base, server.base_url + "api/openapi.json", found)


def _wants_a_page(request: Request) -> bool:
    """Whether the client asks for HTML before RDF (a browser: ``text/html,…,application/xml;q=0.9``,
    where the XML would be RDF/XML) and names no format; ``*/*`` alone still gets Turtle."""
    if "ext" in request.path_params or "format" in request.query_params:
        return False
    return choose(request.headers.get("accept"), [*formats.GRAPH_OFFERS, formats.HTML]) == formats.HTML


def _media(request: Request) -> str:
    ext = request.path_params.get("ext")
    if ext is not None:
        media = formats.EXTENSIONS.get(f".{ext}")
        if media is None or media == formats.HTML:
            raise HTTPProblem(404, f"no /catalog.{ext}: the catalogue is at /catalog.ttl, .jsonld, .nt and .rdf")
        if "format" in request.query_params:
            raise HTTPProblem(400, f"/catalog.{ext} names its format: give the file extension or ?format=, not both")
        return media
    fmt = request.query_params.get("format")
    if fmt:
        media = formats.from_format_param([fmt], graph=True)
        if media is None:
            raise HTTPProblem(400, "format is one of ttl, jsonld, nt, rdf")
        return media
    chosen = choose(request.headers.get("accept"), formats.GRAPH_OFFERS)
    if chosen is None:
        raise HTTPProblem(406, "the catalogue is in Turtle, JSON-LD, N-Triples and RDF/XML")
    return formats.graph_media(chosen)


async def catalog(request: Request) -> Response:
    """The catalogue in Turtle (the default), JSON-LD, N-Triples or RDF/XML; ``/catalog.ttl`` and the
    other file extensions name the format too."""
    server = server_of(request)
    try:
        if set(request.query_params) - {"format", "_"}:  # "_": a harvester's cache buster, ignored
            raise HTTPProblem(400, "/catalog takes only the format parameter")
        if _wants_a_page(request):  # a browser: the catalogue's own page, which links to its formats
            page = server.resource_url(server.dcat_settings.catalog)  # its IRI may be this very path (…/wpskg/catalog)
            return RedirectResponse(page, 303, headers={"Vary": "Accept"})
        media = _media(request)
    except HTTPProblem as problem:
        return error_response(request, problem)
    headers = {"Vary": "Accept"}
    key = ("catalog", media)
    cached = cached_page(request, server, key, headers)
    if cached is not None:
        return cached

    def serialise() -> str:
        triples = catalog_triples(server)
        if media == formats.TURTLE:  # with the prefixes of the exported catalogue.ttl
            return turtle.dumps(triples, prefixes=dcat.CATALOG_PREFIXES)
        return formats.serialize_graph(media, triples)

    body = await run_in_threadpool(serialise)
    response = Response(body, headers={**headers, "Content-Type": formats.content_type(media)})
    return keep_page(request, server, key, response)
