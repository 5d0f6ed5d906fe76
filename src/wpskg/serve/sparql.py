"""``/sparql``: a read-only SPARQL 1.1 Protocol endpoint.

* ``GET /sparql?query=…``, ``POST`` with ``application/x-www-form-urlencoded``
  (``query=…``) and ``POST`` with ``application/sparql-query`` (the query as the body).
* SELECT and ASK results in SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE
  in Turtle, JSON-LD, N-Triples (or RDF/XML), chosen by ``Accept`` or by a
  ``format`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``jsonld``, ``nt``),
  which wins over ``Accept``. Browsers get an HTML table.
* Updates, ``LOAD``, ``SERVICE`` and ``FROM`` on a remote IRI are refused with 403
  before anything is evaluated; ``default-graph-uri`` / ``named-graph-uri`` are refused too.
* The endpoint's one graph is its default graph: ``FROM <https://w3id.org/wpskg/graph>``
  (the graph of the exported N-Quads) reads it; ``FROM`` any other graph and ``FROM NAMED``
  are a 400 (:func:`wpskg.sparql_guard.for_local_store`).
* Every query runs in a forked worker with the time limit (503 when exceeded)
  and the row cap (422 when exceeded: never a truncated 200).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ..dumpers.nquads import GRAPH_IRI
from ..errors import QueryError
from ..namespaces import RDF_TYPE, XSD
from ..sparql_guard import LOCAL_GRAPHS, MalformedQuery, check_query, for_local_store, query_form, token_spans
from ..store import Result
from . import formats
from .answers import answer
from .core import MAX_QUERY_BYTES, HTTPProblem, Server
from .negotiate import choose, prefers_html
from .responses import error_response, render, server_of

EXAMPLES = {
    "Plans and their countries": """PREFIX wps: <https://w3id.org/wpskg/ont#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?plan ?label ?country WHERE {
  ?plan a wps:Plan ; rdfs:label ?label ; wps:planCountry ?country .
  FILTER(LANGMATCHES(LANG(?label), "en"))
} ORDER BY ?plan""",
    "Fundings with amounts": """PREFIX wps: <https://w3id.org/wpskg/ont#>
PREFIX schema: <https://schema.org/>
SELECT ?funding ?funder ?value ?currency WHERE {
  ?funding a wps:Funding ; schema:funder ?funder ; schema:amount [ schema:value ?value ; schema:currency ?currency ] .
} ORDER BY DESC(?value)""",
}


def examples(server: Server) -> dict[str, str]:
    """The form's example queries: :data:`EXAMPLES`, and a DESCRIBE of a plan of this graph."""
    plan = server.example_plan
    if plan is None:
        return EXAMPLES
    return {**EXAMPLES, f"Describe {server.index.label(plan)}": f"DESCRIBE <{plan.value}>"}


async def read_body(request: Request, limit: int = MAX_QUERY_BYTES) -> bytes:
    """The request body, refusing more than ``limit`` bytes with 413."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPProblem(413, f"request body larger than {limit} bytes")
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPProblem(413, f"request body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPProblem(400, "the request body is not UTF-8") from None


async def protocol_params(request: Request) -> dict[str, list[str]]:
    """The protocol parameters of a GET or POST request: ``query``, ``update``, ``format``, …"""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            raise HTTPProblem(403, "SPARQL Update is refused: the graph is read-only")
        body = await read_body(request)
        if content_type == "application/x-www-form-urlencoded":
            for key, values in parse_qs(_decode(body), keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            if "query" in params:
                raise HTTPProblem(400, "give the query either as the body or as a parameter, not both")
            params["query"] = [_decode(body).removeprefix("\ufeff")]  # a byte-order mark, as an editor saves it
        else:
            raise HTTPProblem(
                415,
                "POST a query as application/x-www-form-urlencoded (query=…) or as application/sparql-query",
            )
    return params


def check_dataset(params: dict[str, list[str]]) -> None:
    """Refuse ``default-graph-uri`` and ``named-graph-uri``: the endpoint has one local default graph.

    ``default-graph-uri`` may name that graph, ``<https://w3id.org/wpskg/graph>`` (as ``FROM`` may).
    """
    for key in ("default-graph-uri", "named-graph-uri"):
        for iri in params.get(key, []):
            if not iri.startswith(LOCAL_GRAPHS):
                raise HTTPProblem(403, f"{key}={iri} is refused: only the local graph can be queried")
            if key == "default-graph-uri" and iri == GRAPH_IRI:
                continue
            raise HTTPProblem(
                400, f"{key}={iri} is not supported: this endpoint has a single default graph, <{GRAPH_IRI}>"
            )


def negotiate(request: Request, params: dict[str, list[str]], form: str) -> str:
    """The media type of the response (``format`` first, then ``Accept``), or 406."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    named = params.get("format", []) + params.get("output", [])
    requested = formats.from_format_param(named, graph)
    if requested:
        return requested
    if named:
        names = ", ".join(dict.fromkeys(formats.GRAPH_NAMES if graph else formats.RESULT_NAMES))
        raise HTTPProblem(
            400, f"format {named[0]!r} is not a format of a {form} answer; give one of {names}, or Accept"
        )
    offers = (formats.GRAPH_OFFERS if graph else formats.RESULT_OFFERS) + [formats.HTML]
    chosen = choose(request.headers.get("accept"), offers)
    if chosen is None:
        names = ", ".join((formats.GRAPH_OFFERS if graph else formats.RESULT_OFFERS)[:4])
        article = "an" if form == "ASK" else "a"
        raise HTTPProblem(406, f"cannot answer {article} {form} query in the requested formats; offered: {names}")
    if chosen == formats.HTML:
        return chosen
    return formats.graph_media(chosen) if graph else formats.result_media(chosen)


SD = "http://www.w3.org/ns/sparql-service-description#"
W3_FORMATS = "http://www.w3.org/ns/formats/"
XSD_INTEGER = XSD + "integer"
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
#: The result formats the endpoint gives (W3C format IRIs).
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "JSON-LD",
    "N-Triples",
    "RDF_XML",
)


#: The media types of the service description (no aliases that a results client sends).
DESCRIPTION_OFFERS = [formats.TURTLE, formats.JSONLD, formats.NTRIPLES, formats.RDFXML, "application/x-turtle"]


def service_description(endpoint: str, server: Server) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint``: query only, its result
    formats, and its one default graph with its size."""
    node, dataset, graph = ox.NamedNode(endpoint), ox.BlankNode(), ox.BlankNode()
    rdf_type = ox.NamedNode(RDF_TYPE)
    size = ox.Literal(str(server.index.size), datatype=ox.NamedNode(XSD_INTEGER))

    def sd(local: str) -> ox.NamedNode:
        return ox.NamedNode(SD + local)

    return [
        ox.Triple(node, rdf_type, sd("Service")),
        ox.Triple(node, sd("endpoint"), node),
        ox.Triple(node, sd("supportedLanguage"), sd("SPARQL11Query")),
        *[ox.Triple(node, sd("resultFormat"), ox.NamedNode(W3_FORMATS + f)) for f in RESULT_FORMATS],
        ox.Triple(node, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), graph),
        ox.Triple(graph, rdf_type, sd("Graph")),
        ox.Triple(graph, ox.NamedNode(VOID_TRIPLES), size),
    ]


async def endpoint(request: Request) -> Response:
    """The SPARQL 1.1 Protocol query operation."""
    server = server_of(request)
    queries: list[str] = []
    try:
        params = await protocol_params(request)
        if "update" in params:
            raise HTTPProblem(403, "SPARQL Update is refused: the graph is read-only")
        queries = params.get("query", [])
        if not queries:
            # RDF asked for by name: application/json and text/plain ask for results, which need a query
            wanted = choose(request.headers.get("accept"), [formats.HTML, *DESCRIPTION_OFFERS])
            if request.method in ("GET", "HEAD") and wanted == formats.HTML:
                context = {"title": "SPARQL endpoint", "query": "", "examples": examples(server)}
                return render(request, "sparql.html", headers={"Vary": "Accept"}, **context)
            if request.method in ("GET", "HEAD") and wanted is not None and not params:  # no parameter at all
                media = formats.graph_media(wanted)
                body = formats.serialize_graph(media, service_description(server.base_url + "sparql", server))
                return Response(body, headers={"Vary": "Accept", "Content-Type": formats.content_type(media)})
            raise HTTPProblem(400, "missing the query parameter")
        if len(queries) > 1:
            raise HTTPProblem(400, "give exactly one query")
        query = queries[0]
        if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
            raise HTTPProblem(413, f"query longer than {MAX_QUERY_BYTES} bytes")
        check_dataset(params)
        local, form = await run_in_threadpool(_checked, query)  # 256 KB of text: off the event loop
        media = negotiate(request, params, form)
    except HTTPProblem as problem:
        return _problem(request, server, problem, queries[0] if queries else None)
    key = ("sparql", json.dumps(sorted(params.items()), ensure_ascii=False), media)
    headers = {**server.limit_headers(), "Vary": "Accept"}
    return await answer(request, server.answers, key, lambda: _answer(request, query, local, media, headers), headers)


def _checked(query: str) -> tuple[str, str]:
    """The query as the local store runs it, and its form, or the HTTP problem with it."""
    spans = token_spans(query)  # once, for the three steps (the length is checked before)
    try:
        check_query(query, spans)
    except MalformedQuery as exc:
        raise HTTPProblem(400, str(exc)) from None
    except QueryError as exc:  # an update, SERVICE, a remote FROM: forbidden
        raise HTTPProblem(403, str(exc)) from None
    try:
        return for_local_store(query, spans), query_form(query, spans)
    except QueryError as exc:
        raise HTTPProblem(400, str(exc)) from None


def _problem(request: Request, server: Server, problem: HTTPProblem, query: str | None = None) -> Response:
    """The error; to a browser that sent a query with GET, the form again, with the query as it was
    written and what is wrong with it."""
    headers = {**server.limit_headers(), **problem.headers}
    if query is not None and request.method in ("GET", "HEAD") and prefers_html(request.headers.get("accept")):
        error = f"{problem.status}: {problem.message}"
        context = {"title": "SPARQL endpoint", "query": query, "examples": examples(server), "error": error}
        headers = {**headers, "Vary": "Accept", "Cache-Control": "no-store"}  # an error, as error_response's
        return render(request, "sparql.html", status=problem.status, headers=headers, **context)
    return error_response(request, HTTPProblem(problem.status, problem.message, headers))


async def _answer(request: Request, query: str, local: str, media: str, headers: dict[str, str]) -> Response:
    """Evaluate the (checked) query and write its answer in ``media`` with ``headers``, or the error as a response."""
    server = server_of(request)
    try:
        result = await server.evaluate(local)
    except HTTPProblem as problem:
        return _problem(request, server, problem, query)
    # writing thousands of rows takes seconds: in a thread, so that the server answers others meanwhile
    return await run_in_threadpool(_written, request, server, result, query, media, headers)


def _written(
    request: Request, server: Server, result: Result, query: str, media: str, headers: dict[str, str]
) -> Response:
    """The response that gives ``result`` in ``media``."""
    if media == formats.HTML:
        from .pages import NESTING_LIMIT, Views

        views = Views(server)
        table = [[views.term(t, NESTING_LIMIT) if t is not None else None for t in row] for row in result.rows]
        view = {"kind": result.kind, "boolean": result.boolean, "variables": result.variables, "rows": table}
        return render(
            request,
            "sparql.html",
            headers=headers,
            title="SPARQL results",
            query=query,
            examples=examples(server),
            result=view,
            turtle=_turtle(result),
        )
    if result.kind != "graph" and media not in formats.RESULT_OFFERS:
        media = formats.SPARQL_JSON
    if result.kind == "boolean":
        body = formats.serialize_boolean(media, bool(result.boolean))
    elif result.kind == "select":
        body = formats.serialize_select(media, result)
    else:
        if media not in formats.GRAPH_OFFERS:
            media = formats.TURTLE
        body = formats.serialize_graph(media, [ox.Triple(*t) for t in result.triples])
    return Response(body, media_type=None, headers={**headers, "Content-Type": formats.content_type(media)})


def _turtle(result: object) -> str:
    import pyoxigraph as ox

    if getattr(result, "kind", "") != "graph":
        return ""
    return formats.serialize_graph(formats.TURTLE, [ox.Triple(*t) for t in result.triples])  # type: ignore[attr-defined]
