"""``/api/queries``: the stored queries as a web API, with an OpenAPI description.

* ``GET /api/queries``: the queries with their parameters (JSON, or HTML for browsers).
* ``GET /api/openapi.json``: an OpenAPI 3.1 description of the API and the endpoint.
* ``GET /api/queries/NAME?param=value``: run a query; JSON, CSV or HTML by ``Accept``
  or ``format=json|csv|html``. Errors: 400 (bad parameter, with the valid values),
  404 (no such query), 422 (row cap), 503 (time limit or busy).
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .. import __version__, datatypes, queries
from ..queries import Param, StoredQuery
from ..results import plain
from . import formats
from .answers import answer
from .core import HTTPProblem, problem_for
from .negotiate import choose
from .responses import error_response, render, server_of

RESERVED_PARAMS = {"format", "limit", "offset"}
RUN_OFFERS = [formats.JSON, formats.CSV, formats.HTML, formats.SPARQL_JSON]
FORMAT_NAMES = {"json": formats.JSON, "csv": formats.CSV, "html": formats.HTML, "sparql-json": formats.SPARQL_JSON}

_PARAM_HELP = {
    "country": "an ISO 3166-1 alpha-2 code (ML) or an English country name",
    "theme": "a theme notation (gbv); narrower themes are included",
    "year": "a four-digit year",
    "plan": "a plan id (be-wps-nap-3), prefixed name, IRI or label",
    "indicator": "an indicator id (un-peacekeeping-personnel), prefixed name, IRI or label",
    "actor": "an actor id (be-igvm), prefixed name, IRI or label",
    "iri": "a full IRI or a prefixed name",
    "subject": "an IRI, a prefixed name, a local id (be-wps-nap-1) or a label",
}


def param_info(param: Param) -> dict[str, Any]:
    """A parameter as JSON."""
    return {
        "name": param.name,
        "type": param.type,
        "description": param.description or _PARAM_HELP.get(param.type, ""),
        "required": param.required,
        "default": param.default,
        "values": list(param.values),
    }


def query_info(request: Request, stored: StoredQuery) -> dict[str, Any]:
    """A stored query as JSON."""
    server = server_of(request)
    return {
        "name": stored.name,
        "summary": stored.summary,
        "description": stored.description,
        # the example is of wpskg's own data: a publisher's server does not tell it of its graph
        "example": stored.example if server.dcat_settings.is_wpskgs else "",
        "parameters": [param_info(p) for p in stored.params],
        "columns": stored.columns,
        "column_descriptions": stored.column_descriptions,
        "lists": stored.lists,
        "datatypes": {c: list(k) for c, k in stored.datatypes.items()},
        "url": server.url(f"/api/queries/{stored.name}"),
    }


async def list_queries(request: Request) -> Response:
    """The stored queries and their parameters."""
    server = server_of(request)
    infos = [query_info(request, q) for q in server.queries.values()]
    if (
        choose(request.headers.get("accept"), [formats.JSON, formats.HTML]) == formats.HTML
        and request.query_params.get("format") != "json"
    ):
        return render(request, "queries.html", headers={"Vary": "Accept"}, title="Stored queries", queries=infos)
    body = {"queries": infos, "openapi": server.url("/api/openapi.json")}
    link = f'<{server.url("/api/openapi.json")}>; rel="service-desc"'
    return JSONResponse(body, headers={"Link": link, "Vary": "Accept"})


def _schema(param: Param) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if param.values:
        schema["enum"] = list(param.values)
    if param.type == "year":
        schema["pattern"] = "^[0-9]{4}$"
    if param.default is not None:
        schema["default"] = param.default
    return schema


_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _column_schema(stored: StoredQuery, column: str) -> dict[str, Any]:
    """The JSON schema of a column of a row: a string or null, with its description when the query gives one,
    and the form of its declared datatype (:func:`wpskg.datatypes.json_schema`)."""
    schema: dict[str, Any] = {"type": ["string", "null"], **datatypes.json_schema(stored.datatype(column))}
    if column in stored.column_descriptions:
        schema["description"] = stored.column_descriptions[column]
    return schema


def _sparql_operations() -> dict[str, Any]:
    """The SPARQL 1.1 Protocol query operation in OpenAPI: GET, and POST as a form or a query body."""
    graph_uris = [
        {"name": name, "in": "query", "required": False, "schema": {"type": "array", "items": {"type": "string"}}}
        for name in ("default-graph-uri", "named-graph-uri")
    ]
    output = {"type": "string", "enum": ["json", "xml", "csv", "tsv", "turtle", "jsonld", "nt"]}
    responses = {
        "200": {
            "description": "Query results",
            "content": {
                m: {}
                for m in [
                    formats.SPARQL_JSON,
                    formats.SPARQL_XML,
                    formats.CSV,
                    formats.TSV,
                    formats.TURTLE,
                    formats.JSONLD,
                    formats.NTRIPLES,
                ]
            },
        },
        "304": {"description": "Not modified: the answer is the one the client has (If-None-Match)"},
        "400": {"description": "Malformed query, or a graph the endpoint does not have"},
        "403": {"description": "Update, LOAD, SERVICE or a remote FROM: refused"},
        "406": {"description": "No acceptable result format"},
        "413": {"description": "Query or body over the size limit"},
        "415": {"description": "A POST body that is neither a form nor application/sparql-query"},
        "422": {"description": "More rows than the row cap"},
        "503": {"description": "Time limit exceeded, or the server is busy"},
    }
    query = {"name": "query", "in": "query", "required": True, "schema": {"type": "string"}}
    form = {"name": "format", "in": "query", "required": False, "schema": output}
    return {
        "get": {
            "operationId": "sparqlQuery",
            "summary": "SPARQL 1.1 Protocol query (read-only; time limit and row cap)",
            "parameters": [query, form, *graph_uris],
            "responses": responses,
        },
        "post": {
            "operationId": "sparqlQueryPost",
            "summary": "SPARQL 1.1 Protocol query by POST: a form (query=…) or the query as the body",
            "parameters": [form, *graph_uris],
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {
                        "schema": {
                            "type": "object",
                            "properties": {"query": {"type": "string"}, "format": output},
                            "required": ["query"],
                        }
                    },
                    "application/sparql-query": {"schema": {"type": "string"}},
                },
            },
            "responses": responses,
        },
    }


def openapi_document(request: Request) -> dict[str, Any]:
    """An OpenAPI 3.1 description of the stored-query API and the SPARQL endpoint."""
    server = server_of(request)
    paths: dict[str, Any] = {
        "/api/queries": {
            "get": {
                "operationId": "listQueries",
                "summary": "List the stored queries with their parameters",
                "responses": {
                    "200": {
                        "description": "The stored queries",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
        "/sparql": _sparql_operations(),
    }
    for stored in server.queries.values():
        parameters = [
            {
                "name": p.name,
                "in": "query",
                "required": p.required,
                "description": p.description or _PARAM_HELP.get(p.type, ""),
                "schema": _schema(p),
            }
            for p in stored.params
        ]
        parameters.append(
            {
                "name": "format",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": list(FORMAT_NAMES)},
            }
        )
        parameters += [
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "description": "at most this many rows (one page); the Link header names the next page",
                "schema": {"type": "integer", "minimum": 1, "maximum": server.max_rows},
            },
            {
                "name": "offset",
                "in": "query",
                "required": False,
                "description": "skip this many rows (the rows keep the query's order)",
                "schema": {"type": "integer", "minimum": 0, "default": 0},
            },
            {
                "name": "If-None-Match",
                "in": "header",
                "required": False,
                "description": "the ETag of an answer the client has: 304 without a body when it is still the answer",
                "schema": {"type": "string"},
            },
        ]
        row = {"type": "object", "properties": {c: _column_schema(stored, c) for c in stored.columns}}
        paths[f"/api/queries/{stored.name}"] = {
            "get": {
                "operationId": f"run_{stored.name}".replace("-", "_"),
                "summary": stored.summary,
                "description": stored.description,
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": "The rows",
                        "headers": {
                            "ETag": {
                                "description": "the tag of this answer, for If-None-Match",
                                "schema": {"type": "string"},
                            }
                        },
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "query": {"type": "string"},
                                        "parameters": {"type": "object"},
                                        "columns": {"type": "array", "items": {"type": "string"}},
                                        "count": {"type": "integer"},
                                        "limit": {"type": "integer"},
                                        "offset": {"type": "integer"},
                                        "rows": {"type": "array", "items": row},
                                    },
                                }
                            },
                            "application/sparql-results+json": {"schema": {"type": "object"}},
                            "text/csv": {"schema": {"type": "string"}},
                            "text/html": {"schema": {"type": "string"}},
                        },
                    },
                    "304": {"description": "Not modified: the answer is the one the client has (If-None-Match)"},
                    "404": {"description": "No stored query of this name", **_ERROR},
                    "406": {"description": "No acceptable result format (see the 200 content types)", **_ERROR},
                    "400": {
                        "description": "Unknown parameter or invalid value (the message lists valid values)",
                        **_ERROR,
                    },
                    "422": {"description": "More rows than the row cap (ask for pages with limit)", **_ERROR},
                    "503": {"description": "Time limit exceeded, or the server is busy", **_ERROR},
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "wpskg: Women, Peace and Security knowledge graph",
            "version": __version__,
            "description": f"Stored SPARQL queries as a web API. Every query runs with a time limit of "
            f"{server.timeout:g} s and a row cap of {server.max_rows} rows; a result over "
            f"the cap is a 422 error, never a truncated answer.",
        },
        "servers": [{"url": server.base_url.rstrip("/")}],
        "paths": paths,
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "status"],
                    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
                }
            }
        },
    }


async def openapi(request: Request) -> Response:
    return JSONResponse(openapi_document(request))


def _run_media(request: Request) -> str:
    name = request.query_params.get("format")
    if name:
        if name.lower() not in FORMAT_NAMES:
            raise HTTPProblem(400, f"format is one of {', '.join(FORMAT_NAMES)}, not {name!r}")
        return FORMAT_NAMES[name.lower()]
    chosen = choose(request.headers.get("accept"), RUN_OFFERS)
    if chosen is None:
        raise HTTPProblem(406, f"this API answers in {', '.join(RUN_OFFERS)}")
    return chosen


def _page_params(request: Request, declared: set[str]) -> tuple[int | None, int]:
    """``limit`` and ``offset`` from the URL (unless the query declares parameters of those names)."""
    numbers: dict[str, int | None] = {"limit": None, "offset": 0}
    for name in numbers:
        raw = request.query_params.get(name)
        if raw is None or name in declared:
            continue
        if not re.fullmatch(r"[0-9]{1,12}", raw):
            raise HTTPProblem(400, f"{name} is a whole number of rows, not {raw!r}")
        numbers[name] = int(raw)
    return numbers["limit"], numbers["offset"] or 0


def _page_links(request: Request, limit: int | None, offset: int, rows: int) -> dict[str, str]:
    """The URLs of the next and previous pages (root-relative), where there are such pages.

    With an ``offset`` and no ``limit``, the previous page is every row before the offset.
    """
    links = {}

    def at(start: int, size: int) -> str:
        url = request.url.include_query_params(offset=str(start), limit=str(size))
        return f"{url.path}?{url.query}"

    if limit is None:
        return {"prev": at(0, offset)} if offset > 0 else {}
    if rows == limit:  # a full page: there may be more
        links["next"] = at(offset + limit, limit)
    if offset > 0:
        links["prev"] = at(max(0, offset - limit), limit)
    return links


async def run_query(request: Request) -> Response:
    """Run a stored query with the parameters of the URL."""
    server = server_of(request)
    name = request.path_params["name"]
    stored = server.queries.get(name)
    if stored is None:
        known = ", ".join(server.queries) or "none"
        return error_response(
            request, HTTPProblem(404, f"no stored query {name!r}; stored queries: {known}"), default="application/json"
        )
    try:
        media = _run_media(request)
        declared = {p.name for p in stored.params}
        params = {k: v for k, v in request.query_params.items() if k not in RESERVED_PARAMS or k in declared}
        limit, offset = _page_params(request, declared)
    except HTTPProblem as problem:
        problem.headers.update(server.limit_headers())
        return error_response(request, problem, default="application/json")
    key = ("api", request.url.path, request.url.query, media)
    headers = {**server.limit_headers(), "Vary": "Accept"}
    return await answer(
        request,
        server.answers,
        key,
        lambda: _answer(request, stored, media, params, limit, offset, headers),
        headers,
    )


async def _answer(
    request: Request,
    stored: StoredQuery,
    media: str,
    params: dict[str, str],
    limit: int | None,
    offset: int,
    headers: dict[str, str],
) -> Response:
    """Run the stored query and write its answer in ``media`` with ``headers``, or the error as a response."""
    server = server_of(request)
    try:
        try:
            outcome = await server.in_worker(
                queries.run,
                stored,
                server.graph,
                params,
                **server.limits(),
                limit=limit,
                offset=offset,
            )
        except HTTPProblem:
            raise
        except Exception as exc:
            raise problem_for(exc, server.timeout, server.max_rows) from None
    except HTTPProblem as problem:
        problem.headers.update(server.limit_headers())
        return error_response(request, problem, default="application/json")
    result = outcome.result
    headers = dict(headers)
    pages = _page_links(request, limit, offset, len(result.rows))
    if pages:
        headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in pages.items())
    if media == formats.CSV:
        return Response(
            formats.results_csv(result.variables, result.rows),
            headers={
                **headers,
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": f'inline; filename="{stored.name}.csv"',
            },
        )
    if media == formats.SPARQL_JSON:
        return Response(
            formats.serialize_select(formats.SPARQL_JSON, result),
            headers={**headers, "Content-Type": formats.content_type(formats.SPARQL_JSON)},
        )
    if media == formats.HTML:
        rows = [[plain(t) for t in row] for row in result.rows]
        return render(
            request,
            "query_result.html",
            headers=headers,
            title=stored.summary or stored.name,
            query=query_info(request, stored),
            params=params,
            columns=result.variables,
            rows=rows,
            pages=pages,
            offset=offset,
            page_params={**params, **{k: str(v) for k, v in (("limit", limit), ("offset", offset)) if v}},
        )
    body = {
        "query": stored.name,
        "parameters": params,
        "columns": result.variables,
        "count": len(result.rows),
        **({"limit": limit} if limit is not None else {}),
        **({"offset": offset} if limit is not None or offset else {}),
        "rows": [
            {v: (plain(t) if t is not None else None) for v, t in zip(result.variables, row, strict=True)}
            for row in result.rows
        ],
    }
    return Response(
        json.dumps(body, ensure_ascii=False, indent=1) + "\n", headers={**headers, "Content-Type": "application/json"}
    )
