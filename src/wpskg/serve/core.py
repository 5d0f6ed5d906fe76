"""The state the server shares between requests: the graph, its index, the limits and the URL scheme."""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, unquote, urlencode, urlsplit

import anyio
import anyio.to_thread
import jinja2
import pyoxigraph as ox

from .. import dcat
from ..dcat_checks import is_http_url
from ..errors import (
    AnswerTooLarge,
    ParameterError,
    QueryError,
    QueryTimeout,
    RowCapExceeded,
    WorkerDied,
    WpskgError,
)
from ..namespaces import BASE, WPS
from ..project import Project
from ..queries import Resolver, StoredQuery, load_query
from ..store import Graph, Result, run_query
from .answers import DEFAULT_BUDGET, Answers, PageCache
from .graphindex import GraphIndex

T = TypeVar("T")
log = logging.getLogger("wpskg.serve")

#: First path segments that belong to the server, not to resource IRIs.
RESERVED = {
    "",
    "sparql",
    "api",
    "resource",
    "plans",
    "actors",
    "fundings",
    "resolutions",
    "funders",
    "assets",
    "health",
}
#: The largest query text or request body accepted, in bytes.
MAX_QUERY_BYTES = 256 * 1024

LIMIT_HEADER = "X-Wpskg-Limit-Exceeded"
#: The size cap of one answer as the query worker writes it (SPARQL TSV or N-Triples), in bytes.
DEFAULT_MAX_ANSWER_BYTES = 64 * 1024 * 1024


class HTTPProblem(Exception):
    """An error with an HTTP status and a message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def problem_for(exc: Exception, timeout: float, max_rows: int) -> HTTPProblem:
    """The HTTP status of a query failure.

    * time limit: 503, header ``X-Wpskg-Limit-Exceeded: timeout``;
    * row cap: 422, header ``X-Wpskg-Limit-Exceeded: max-rows`` (never a truncated 200);
    * size cap: 422, header ``X-Wpskg-Limit-Exceeded: max-bytes``;
    * bad parameter or malformed query: 400; a dead worker: 500.
    """
    message = str(exc)
    if isinstance(exc, HTTPProblem):
        return exc
    if isinstance(exc, QueryTimeout):
        return HTTPProblem(503, message, {LIMIT_HEADER: "timeout", "X-Wpskg-Timeout": f"{timeout:g}"})
    if isinstance(exc, ParameterError):
        return HTTPProblem(400, message)
    if isinstance(exc, AnswerTooLarge):
        return HTTPProblem(422, message, {LIMIT_HEADER: "max-bytes"})
    if isinstance(exc, RowCapExceeded):
        return HTTPProblem(422, message, {LIMIT_HEADER: "max-rows", "X-Wpskg-Max-Rows": str(max_rows)})
    if isinstance(exc, WorkerDied):
        return HTTPProblem(500, message)
    if isinstance(exc, QueryError):
        return HTTPProblem(400, message)
    raise exc


def normalise_base_url(base_url: str) -> str:
    """``base_url`` with a trailing slash; only http and https are served.

    >>> normalise_base_url("https://example.org/kg")
    'https://example.org/kg/'
    """
    if not is_http_url(base_url):
        raise ParameterError(
            f"--base-url must be an http(s) URL, not {base_url!r}: an absolute IRI with a host "
            "and no query, fragment or user name"
        )
    return base_url if base_url.endswith("/") else base_url + "/"


def load_queries_file(path: Path) -> dict[str, StoredQuery]:
    """One stored query, checked; a malformed file is reported and skipped rather than stopping the server."""
    stored = load_query(path)
    stored.check()
    return {path.stem: stored}


#: Rows of one page of an index (/plans, /actors, /fundings, /resolutions).
INDEX_PAGE_SIZE = 200


class Server:
    """The loaded graph, the stored queries, the limits, and how IRIs map to URLs."""

    def __init__(
        self,
        project: Project,
        graph: Graph,
        *,
        base_url: str,
        timeout: float,
        max_rows: int,
        max_workers: int | None = None,
        queue_wait: float | None = None,
        page_size: int | None = None,
        answer_budget: int = DEFAULT_BUDGET,
        max_answer_bytes: int | None = DEFAULT_MAX_ANSWER_BYTES,
    ) -> None:
        self.project = project
        # dcat.ttl is read now, so that a mistake in it stops the server at its start, at its line.
        self.dcat_settings = dcat.Settings.for_project(project.root)
        self.catalog_lock = threading.Lock()
        self.catalog: list[Any] | None = None  # the DCAT catalogue (wpskg.serve.catalog), made when first asked
        self.catalog_index: GraphIndex | None = None  # its triples indexed, for the pages of its resources
        self.graph = graph
        self.base_url = normalise_base_url(base_url)
        self.prefix = urlsplit(self.base_url).path.rstrip("/")
        self.timeout = float(timeout)
        self.max_rows = int(max_rows)
        self.max_answer_bytes = max_answer_bytes
        self.page_paths: list[re.Pattern[str]] = []  # the routes' fixed paths, without parameters (create_app)
        self.max_workers = max_workers or max(4, min(16, (os.cpu_count() or 2) * 2))
        self.queue_wait = max(self.timeout, 15.0) if queue_wait is None else queue_wait
        self.index = GraphIndex(graph.triples())
        self.resolver = Resolver(graph)  # parameter values as the stored queries read them, for the pages
        self.queries: dict[str, StoredQuery] = {}
        self.query_errors: list[str] = []
        for path in sorted(Path(project.query_dir).glob("*.rq")):
            try:
                self.queries.update(load_queries_file(path))
            except WpskgError as exc:
                self.query_errors.append(str(exc))
        self.templates = jinja2.Environment(
            loader=jinja2.PackageLoader("wpskg", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.templates.globals.update(url=self.url, server=self)
        self.pages: PageCache[tuple[str, str]] = PageCache()  # rendered pages: (body, content type)
        self.views: PageCache[dict[str, Any]] = PageCache(16)  # the funders page's rows and chart, per filter
        self.answers = Answers(answer_budget)  # the API's and the endpoint's answers, with their ETags
        self.index_page_size = page_size or INDEX_PAGE_SIZE
        self._slots: anyio.CapacityLimiter | None = None
        self._threads: anyio.CapacityLimiter | None = None

    # --- URLs ----------------------------------------------------------------------------

    def url(self, path: str = "/", **params: str | None) -> str:
        """A root-relative URL of the server, under the base URL's path."""
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        return f"{self.prefix}{path}" + (f"?{query}" if query else "")

    def resource_url(self, iri: str, fmt: str | None = None) -> str:
        """``/resource?iri=…`` for any IRI."""
        return self.url("/resource", iri=iri, format=fmt)

    def url_for_iri(self, iri: str) -> str | None:
        """Where the page of ``iri`` is served, or None when the graph does not know it.

        IRIs under ``https://w3id.org/wpskg/``, or under the base URL (a project's own IRIs,
        ``https://data.example.ie/id/plan/x`` served at ``--base-url https://data.example.ie/``),
        map to the same path under the base URL (hash IRIs to an anchor on their document's
        page); other IRIs of the graph to ``/resource?iri=``.
        """
        for space in self.uri_spaces:
            if not iri.startswith(space):
                continue
            local = iri[len(space) :]
            document, _, fragment = local.partition("#")
            first = document.split("/", 1)[0]
            known = self.index.has_iri(iri) or self.index.has_iri(space + document)
            known = known or (self.catalog_index is not None and self.catalog_index.has_iri(iri))
            suffix = Path(document).suffix
            if known and first not in RESERVED and suffix not in (".ttl", ".jsonld", ".nt", ".rdf", ".html"):
                if space != BASE and self._known(BASE + document):
                    continue  # the path names a resource of wpskg's own space, which it serves first
                path = quote(document, safe="/:@!$&'()*+,;=-._~")
                return f"{self.prefix}/{path}" + (f"#{quote(fragment, safe='-._~')}" if fragment else "")
        if self.index.has_iri(iri):
            return self.resource_url(iri)
        return None

    @functools.cached_property
    def uri_spaces(self) -> tuple[str, ...]:
        """The IRI spaces whose IRIs are served at their path under the base URL: wpskg's own, then
        the base URL's, when it is another and the graph or the catalogue's settings have IRIs in it
        (one pass over the subjects, once; a local base URL names nothing)."""
        own = self.base_url
        settings = self.dcat_settings
        named = (settings.catalog, settings.publisher, settings.contact or "", settings.service or "")
        used = any(iri.startswith(own) for iri in named) or any(
            isinstance(s, ox.NamedNode) and s.value.startswith(own) for s in self.index.out
        )
        return (BASE, own) if own != BASE and used else (BASE,)

    def _known(self, iri: str) -> bool:
        """Whether the graph has ``iri``, or terms of it as a hash document (index look-ups)."""
        return self.index.has_iri(iri) or bool(self.index.fragment_subjects(iri))

    @functools.cached_property
    def site_name(self) -> str:
        """The name in the pages' titles and header: wpskg for wpskg's own graph, else the English (or
        first) title that ``dcat.ttl`` gives the publisher's catalogue."""
        settings = self.dcat_settings
        if settings.is_wpskgs:
            return "wpskg"
        titles = sorted(settings.catalog_titles, key=lambda t: (t.language != "en", t.language or "", t.value))
        return titles[0].value if titles else "wpskg"

    @functools.cached_property
    def example_plan(self) -> ox.NamedNode | None:
        """A plan of this graph to show as an example (Belgium's NAP III in wpskg's own), or None."""
        plans = self.index.instances(WPS + "Plan")
        return next((p for p in plans if p.value.endswith("/be-wps-nap-3")), plans[0] if plans else None)

    def iris_for_path(self, path: str) -> list[str]:
        """The IRIs a request path relative to the base URL may name, in the order they are tried:
        in wpskg's space, then in the base URL's."""
        local = unquote(path.lstrip("/"))
        return [space + local for space in self.uri_spaces]

    def iri_for_path(self, path: str) -> str:
        """The IRI named by a request path relative to the base URL: in wpskg's space, or, when the
        graph knows no such IRI, in the base URL's, if the graph knows that one."""
        local = unquote(path.lstrip("/"))
        for space in self.uri_spaces[1:]:
            if not self._known(BASE + local) and self._known(space + local):
                return space + local
        return BASE + local

    # --- evaluation ------------------------------------------------------------------------

    def _limiters(self) -> tuple[anyio.CapacityLimiter, anyio.CapacityLimiter]:
        if self._slots is None or self._threads is None:
            self._slots = anyio.CapacityLimiter(self.max_workers)
            self._threads = anyio.CapacityLimiter(self.max_workers)
        return self._slots, self._threads

    async def in_worker(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call ``func`` in a thread, holding one of ``max_workers`` query slots.

        A query runs in a forked process (:func:`wpskg.store.run_query`); the thread
        only waits for it, so the event loop keeps answering other requests. When
        every slot stays busy for ``queue_wait`` seconds the request gets a 503.
        """
        slots, threads = self._limiters()
        try:
            with anyio.fail_after(self.queue_wait):
                await slots.acquire()
        except TimeoutError:
            raise HTTPProblem(
                503,
                f"the server is busy: all {self.max_workers} query workers are in use; try again shortly",
                {"Retry-After": str(max(1, round(self.timeout)))},
            ) from None
        try:
            return await anyio.to_thread.run_sync(functools.partial(func, *args, **kwargs), limiter=threads)
        except (HTTPProblem, WpskgError):
            raise
        except Exception as exc:
            log.exception("query worker failed")
            raise HTTPProblem(500, f"internal error while running the query: {type(exc).__name__}") from exc
        finally:
            slots.release()

    async def evaluate(self, query: str) -> Result:
        """Run an (already checked) query with the server's time limit and row cap."""
        try:
            return await self.in_worker(run_query, self.graph, query, **self.limits())
        except (QueryError, ParameterError) as exc:
            raise problem_for(exc, self.timeout, self.max_rows) from None

    def limits(self) -> dict[str, Any]:
        """The limits every query runs under, as keywords of :func:`wpskg.queries.run` and ``run_query``."""
        return {"timeout": self.timeout, "max_rows": self.max_rows, "max_bytes": self.max_answer_bytes}

    def limit_headers(self) -> dict[str, str]:
        """Headers that tell clients the limits every query runs under."""
        headers = {"X-Wpskg-Timeout": f"{self.timeout:g}", "X-Wpskg-Max-Rows": str(self.max_rows)}
        if self.max_answer_bytes is not None:
            headers["X-Wpskg-Max-Bytes"] = str(self.max_answer_bytes)
        return headers


_SAFE_SCHEMES = re.compile(r"^https?://", re.IGNORECASE)


def external_href(iri: str) -> str | None:
    """``iri`` when it is safe to link to (http or https only: never ``javascript:``)."""
    return iri if _SAFE_SCHEMES.match(iri) else None
