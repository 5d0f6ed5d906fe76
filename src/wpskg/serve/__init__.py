"""``wpskg serve``: a read-only SPARQL endpoint, the stored queries as a web API, and linked-data pages.

:func:`create_app` builds the Starlette application around a loaded graph;
:func:`run` serves it with uvicorn. See ``docs/serve.md`` for the HTTP contract
(formats, limits and their status codes) and for running it behind a proxy.
"""

from __future__ import annotations

import sys
import time

from ..errors import WpskgError

try:
    import jinja2  # noqa: F401
    import starlette  # noqa: F401
    import uvicorn  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise WpskgError(
        f"serve needs Starlette, uvicorn and Jinja2: install wpskg with its serve extra, as from a checkout "
        f"pip install -e '.[serve]', or from a wheel pip install 'wpskg-….whl[serve]' ({exc})"
    ) from None

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from ..bulk import freeze_loaded
from ..netguard import isolation_works
from ..project import Project
from ..store import DEFAULT_MAX_ROWS, Graph, infer, load_project
from ..workers import megabytes
from . import accesslog, api, catalog, pages, sparql
from .answers import DEFAULT_BUDGET
from .core import DEFAULT_MAX_ANSWER_BYTES, HTTPProblem, Server, normalise_base_url
from .launch import free_port
from .responses import OneValueEach, SecurityHeaders, error_response, server_of

__all__ = ["Server", "create_app", "run"]

#: Defaults of ``wpskg serve`` (the command line passes its own).
DEFAULT_TIMEOUT = 10.0
DEFAULT_SERVE_MAX_ROWS = 10_000


async def health(request: Request) -> Response:
    """Liveness and the size of the loaded graph."""
    server = server_of(request)
    return JSONResponse(
        {
            "status": "ok",
            "triples": server.index.size,
            "timeout": server.timeout,
            "max_rows": server.max_rows,
            "max_answer_bytes": server.max_answer_bytes,
            "workers": server.max_workers,
            "warm_workers": server.graph.workers().warmed,
        }
    )


def routes() -> list[BaseRoute]:
    """The routes, relative to the base URL's path."""
    return [
        Route("/", pages.home, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/sparql", sparql.endpoint, methods=["GET", "POST"]),
        Route("/catalog", catalog.catalog, methods=["GET"]),
        Route("/catalog.{ext}", catalog.catalog, methods=["GET"]),
        Route("/api/queries", api.list_queries, methods=["GET"]),
        Route("/api/openapi.json", api.openapi, methods=["GET"]),
        Route("/api/queries/{name}", api.run_query, methods=["GET"]),
        Route("/resource", pages.resource, methods=["GET"]),
        Route("/plans", pages.index_page("plans"), methods=["GET"]),
        Route("/actors", pages.index_page("actors"), methods=["GET"]),
        Route("/fundings", pages.index_page("fundings"), methods=["GET"]),
        Route("/resolutions", pages.index_page("resolutions"), methods=["GET"]),
        Route("/funders", pages.funders, methods=["GET"]),
        Route("/funders.svg", pages.funders_svg, methods=["GET"]),
        Route("/assets/{name}", pages.assets, methods=["GET"]),
        Route("/{path:path}", pages.dereference, methods=["GET"]),
    ]


async def _not_found(request: Request, exc: Exception) -> Response:
    return error_response(request, HTTPProblem(404, f"nothing at {request.url.path}"), default="text/html")


async def _not_allowed(request: Request, exc: Exception) -> Response:
    message = "method not allowed: the server is read-only (GET, HEAD; POST for /sparql queries)"
    allowed = {"Allow": exc.headers["Allow"]} if isinstance(exc, HTTPException) and exc.headers else {}
    return error_response(request, HTTPProblem(405, message, allowed))  # a 405 says what is allowed (RFC 9110)


async def _internal(request: Request, exc: Exception) -> Response:
    return error_response(request, HTTPProblem(500, f"internal error: {type(exc).__name__}"))


def create_app(
    project: Project,
    *,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_SERVE_MAX_ROWS,
    max_workers: int | None = None,
    queue_wait: float | None = None,
    graph: Graph | None = None,
    page_size: int | None = None,
    answer_budget: int = DEFAULT_BUDGET,
    max_answer_bytes: int | None = DEFAULT_MAX_ANSWER_BYTES,
) -> Starlette:
    """The web application for ``project`` (its graph is loaded and inferred unless ``graph`` is given).

    ``base_url`` (default ``http://127.0.0.1:8000/``) decides where resource IRIs
    dereference: ``https://w3id.org/wpskg/id/plan/x`` is served at ``{base_url}id/plan/x``.
    ``max_workers`` queries run at once (each in a forked worker process; two
    are kept between queries, see :mod:`wpskg.workers`); a request that
    waits more than ``queue_wait`` seconds for one gets a 503. The index pages
    (/plans, /actors, /fundings, /resolutions, /funders) show ``page_size`` rows a page
    (default :data:`~wpskg.serve.core.INDEX_PAGE_SIZE`). The API's and the endpoint's answers are
    kept up to ``answer_budget`` bytes in all, and tagged for HTTP caches (:mod:`wpskg.serve.answers`).
    An answer over ``max_answer_bytes`` (as SPARQL TSV or N-Triples; ``None`` for no cap) is a 422.
    """
    base_url = normalise_base_url(base_url or "http://127.0.0.1:8000/")  # before the graph loads
    if graph is None:
        graph = load_project(project)
        infer(graph)
    server = Server(
        project,
        graph,
        base_url=base_url,
        timeout=timeout,
        max_rows=max_rows if max_rows is not None else DEFAULT_MAX_ROWS,
        max_workers=max_workers,
        queue_wait=queue_wait,
        page_size=page_size,
        answer_budget=answer_budget,
        max_answer_bytes=max_answer_bytes,
    )
    mounted: list[BaseRoute] = routes()
    server.page_paths = [r.path_regex for r in mounted if isinstance(r, Route) and "{" not in r.path]  # fixed paths
    if server.prefix:
        mounted = [
            Route("/", pages.root_redirect, methods=["GET"]),
            Route(server.prefix, pages.root_redirect, methods=["GET"]),  # /kg: to /kg/, not by the Host header
            Mount(server.prefix, routes=mounted),
        ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(OneValueEach),
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "HEAD", "POST"],
            allow_headers=["Accept", "Content-Type", "If-None-Match"],
            expose_headers=[
                *("X-Wpskg-Limit-Exceeded", "X-Wpskg-Timeout", "X-Wpskg-Max-Rows", "X-Wpskg-Max-Bytes"),
                *("Link", "ETag", "Retry-After"),  # Retry-After: when a busy server may be asked again
            ],
            max_age=86400,
        ),
    ]
    app = Starlette(
        routes=mounted,
        middleware=middleware,
        exception_handlers={404: _not_found, 405: _not_allowed, 500: _internal},
    )
    app.router.redirect_slashes = False  # Starlette's would build its Location from the Host header
    app.state.server = server
    return app


def _size_cap(size: int | None) -> str:
    """The size cap as the start-up line gives it.

    >>> _size_cap(64 * 1024 * 1024), _size_cap(None)
    ('64 MiB', 'none')
    """
    return "none" if size is None else megabytes(size)


def run(
    project: Project,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_SERVE_MAX_ROWS,
    max_workers: int | None = None,
    warm: bool = True,
    log_level: str = "info",
    page_size: int | None = None,
    answer_budget: int = DEFAULT_BUDGET,
    max_answer_bytes: int | None = DEFAULT_MAX_ANSWER_BYTES,
) -> None:
    """Load the project and serve it with uvicorn until interrupted.

    ``warm`` forks and warms the idle query workers before the first request
    (see :meth:`wpskg.workers.WorkerPool.warm`): about a second and 0.8 GB
    each at a million triples. Without it the first queries of each
    worker run slower.
    """
    import uvicorn

    port = free_port(host, port)  # before the graph loads, which takes seconds at scale; 0 is any free port
    shown_host = f"[{host}]" if ":" in host else host
    base = base_url or f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown_host}:{port}/"
    started = time.perf_counter()
    app = create_app(
        project,
        base_url=base,
        timeout=timeout,
        max_rows=max_rows,
        max_workers=max_workers,
        page_size=page_size,
        answer_budget=answer_budget,
        max_answer_bytes=max_answer_bytes,
    )
    server = app.state.server
    for problem in server.query_errors:
        sys.stderr.write(f"wpskg serve: skipped a stored query: {problem}\n")
    placeholder = server.dcat_settings.placeholder_error()  # a local look is fine; a public /catalog is not
    if placeholder is not None:
        sys.stderr.write(f"wpskg serve: warning: {placeholder}\n")
    if not isolation_works():
        sys.stderr.write(
            "wpskg serve: warning: the query workers cannot be cut off the network on this machine "
            "(no unprivileged user namespaces?); the query guard still refuses SERVICE, LOAD and remote "
            "FROM, but there is no second line (SECURITY.md)\n"
        )
    freeze_loaded()
    if warm:
        server.graph.workers().warm()  # before the first request, so that it runs at full speed
    sys.stderr.write(
        f"wpskg serve: {server.index.size} triples loaded in {time.perf_counter() - started:.1f} s; "
        f"pages at {server.base_url}, SPARQL at {server.base_url}sparql, API at {server.base_url}api/queries "
        f"(time limit {server.timeout:g} s, row cap {server.max_rows}, size cap {_size_cap(server.max_answer_bytes)}, "
        f"{server.max_workers} query workers, {'warm' if warm else 'not warmed'})\n"
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        server_header=False,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        timeout_graceful_shutdown=5,
        log_config=accesslog.log_config(),  # paths cut short in the access log
    )
