"""Responses shared by the endpoint, the API and the pages: errors, HTML, security headers."""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .core import HTTPProblem, Server
from .negotiate import choose

#: No scripts anywhere, styles only from the server: injected markup could not run.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def server_of(request: Request) -> Server:
    return request.app.state.server  # type: ignore[no-any-return]


def render(
    request: Request, template: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any
) -> HTMLResponse:
    """A Jinja2 page (autoescaped) with the server in its context."""
    server = server_of(request)
    html = server.templates.get_template(template).render(request_path=request.url.path, **context)
    return HTMLResponse(html, status_code=status, headers=headers)


def error_response(request: Request, problem: HTTPProblem, default: str = "text/plain") -> Response:
    """An error as plain text, JSON (``{"error": …, "status": …}``) or an HTML page, by ``Accept``."""
    offers = ["text/plain", "application/json", "text/html"]
    offers.remove(default)
    offers.insert(0, default)
    media = choose(request.headers.get("accept"), offers) or "text/plain"  # accepts none: the plainest
    headers = dict(problem.headers)
    headers.setdefault("Cache-Control", "no-store")
    headers.setdefault("Vary", "Accept")  # the same error is text, JSON or a page by Accept
    if media == "application/json":
        body = json.dumps({"error": problem.message, "status": problem.status}, ensure_ascii=False) + "\n"
        return Response(body, status_code=problem.status, media_type="application/json", headers=headers)
    if media == "text/html":
        return render(
            request,
            "error.html",
            status=problem.status,
            headers=headers,
            title=f"Error {problem.status}",
            code=problem.status,
            message=problem.message,
        )
    return PlainTextResponse(problem.message + "\n", status_code=problem.status, headers=headers)


class SecurityHeaders:
    """Adds ``nosniff``, a referrer policy and, on HTML and SVG, a script-free Content-Security-Policy."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if content_type.startswith((b"text/html", b"image/svg+xml")):  # an SVG opened alone is a document
                    extra.append((b"content-security-policy", CSP.encode()))
                    extra.append((b"x-frame-options", b"DENY"))
                headers += [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class OneValueEach:
    """Answers 400 to a page or API request that gives a query parameter more than once (``?country=BE&country=NL``),
    which would otherwise quietly mean its last value. The SPARQL endpoint, whose protocol repeats
    ``default-graph-uri`` and ``named-graph-uri``, checks its own parameters."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].rstrip("/").endswith("/sparql"):
            params = QueryParams(scope.get("query_string", b""))
            twice = sorted(k for k in params if len(params.getlist(k)) > 1)
            if twice:
                name, values = twice[0], params.getlist(twice[0])
                message = f"parameter {name!r} is given {len(values)} times ({values!r}); give it once"
                problem = HTTPProblem(400, message)
                default = "application/json" if "/api/" in scope["path"] else "text/html"
                await error_response(Request(scope, receive), problem, default=default)(scope, receive, send)
                return
        await self.app(scope, receive, send)
