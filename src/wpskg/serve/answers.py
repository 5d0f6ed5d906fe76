"""Answers kept while the server runs, and the HTTP validators that let clients keep them too.

The graph never changes while the server runs, so one request (the same path,
URL parameters, body and answer format) always gets the same answer. The
server keeps recent answers of the stored-query API and the SPARQL endpoint in
memory, up to a budget in bytes, and gives each a strong ``ETag``: a digest of
the request and of a token drawn when the server starts, so that a restart
(perhaps on new data) changes every tag. A client or proxy that sends the tag
back in ``If-None-Match`` gets ``304 Not Modified`` without the query running.
``Cache-Control: no-cache`` lets them store the answer but has them ask again
each time. Errors are neither kept nor tagged: a time limit hit under load may
pass later.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from starlette.requests import Request
from starlette.responses import Response

if TYPE_CHECKING:
    from .core import Server

V = TypeVar("V")

#: What a kept answer tells caches: store it, but ask the server (with its tag) before each use.
CACHE_CONTROL = "no-cache"

#: The default budget of kept answers, in bytes (``wpskg serve --answer-cache`` in MiB).
DEFAULT_BUDGET = 128 * 1024 * 1024


class PageCache(Generic[V]):
    """A small thread-safe LRU of what the server worked out once: the graph never changes while it runs.

    It holds items up to a total ``size``, each weighing ``weight(item)`` (1 unless told).

    >>> cache = PageCache(10, weight=len)
    >>> cache.put(("a",), "123456"); cache.put(("b",), "12345"); cache.get(("a",)), cache.get(("b",))
    (None, '12345')
    """

    def __init__(self, size: int = 256, weight: Callable[[V], int] | None = None) -> None:
        self.size = size
        self._weight = weight or (lambda item: 1)
        self._items: OrderedDict[tuple[str, ...], V] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, ...], value: V) -> None:
        with self._lock:
            if key in self._items:
                self._total -= self._weight(self._items[key])
            self._items[key] = value
            self._items.move_to_end(key)
            self._total += self._weight(value)
            while self._total > self.size and self._items:
                _, dropped = self._items.popitem(last=False)
                self._total -= self._weight(dropped)


class Kept(NamedTuple):
    """A kept answer: its body and the headers it was sent with."""

    body: bytes
    headers: tuple[tuple[str, str], ...]

    def response(self) -> Response:
        return Response(self.body, headers=dict(self.headers))


class Answers:
    """Recent answers by request, within a budget of ``budget`` bytes (0 keeps none).

    An answer larger than half the budget is tagged but not kept.

    >>> answers = Answers(budget=100)
    >>> key = ("/api/queries/plans", "country=BE", "text/csv")
    >>> answers.tag(key) == answers.tag(key) != answers.tag(("/api/queries/plans", "", "text/csv"))
    True
    >>> answers.matches('W/"x", ' + answers.tag(key), key), answers.matches('"x"', key)
    (True, False)
    """

    def __init__(self, budget: int = DEFAULT_BUDGET, token: str | None = None) -> None:
        self.budget = max(0, int(budget))
        self._token = token or secrets.token_hex(16)
        self._kept: PageCache[Kept] = PageCache(self.budget, weight=lambda kept: len(kept.body))

    def tag(self, key: tuple[str, ...]) -> str:
        """The strong entity tag of the answer to the request ``key``."""
        digest = hashlib.blake2b(digest_size=16)
        for part in (self._token, *key):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        return f'"{digest.hexdigest()}"'

    def validators(self, key: tuple[str, ...]) -> dict[str, str]:
        """The headers that tag the answer to ``key`` for HTTP caches."""
        return {"ETag": self.tag(key), "Cache-Control": CACHE_CONTROL}

    def matches(self, if_none_match: str | None, key: tuple[str, ...]) -> bool:
        """Whether an ``If-None-Match`` header names the tag of ``key`` (weak comparison, RFC 9110).

        ``*`` is not a tag: whether the request has an answer at all is known only once it ran.
        """
        if not if_none_match:
            return False
        mine = self.tag(key)
        return any(t.strip().removeprefix("W/") == mine for t in if_none_match.split(","))

    def get(self, key: tuple[str, ...]) -> Kept | None:
        return self._kept.get(key)

    def keep(self, key: tuple[str, ...], response: Response) -> None:
        """Keep a 200 answer if it fits in half the budget."""
        body = bytes(response.body)
        if response.status_code == 200 and 0 < len(body) <= self.budget // 2:
            self._kept.put(key, Kept(body, tuple(response.headers.items())))


async def answer(
    request: Request,
    answers: Answers,
    key: tuple[str, ...],
    make: Callable[[], Awaitable[Response]],
    headers: dict[str, str] | None = None,
) -> Response:
    """The answer to the request ``key``: 304 when the client has it, else kept or made by ``make``.

    ``headers`` are the ones a 304 repeats from the answer (``Vary``, the server's limits).
    ``make`` is awaited only when neither the client nor the server has the answer; a 200
    it returns is tagged and kept, anything else passes through as it is.
    """
    validators = answers.validators(key)
    if_none_match = _if_none_match(request)
    not_modified = Response(status_code=304, headers={**(headers or {}), **validators})
    if answers.matches(if_none_match, key):
        return not_modified
    kept = answers.get(key)
    response = kept.response() if kept is not None else await make()
    if response.status_code != 200:
        return response
    if kept is None:
        response.headers.update(validators)
        answers.keep(key, response)
    if if_none_match is not None and if_none_match.strip() == "*":  # the request has an answer: 304
        return not_modified
    return response


def _if_none_match(request: Request) -> str | None:
    return request.headers.get("if-none-match") if request.method in ("GET", "HEAD") else None


def cached_page(
    request: Request, server: Server, key: tuple[str, ...], headers: dict[str, str] | None = None
) -> Response | None:
    """A page (HTML, a resource's RDF, the catalogue) the server rendered before, tagged; 304 when the
    client has it; None when it must be rendered (then :func:`keep_page`).

    Pages are kept in ``server.pages`` whatever ``--answer-cache`` says; their tags come from the
    same server token as the answers' (a restart changes them), so a browser or proxy revalidates
    them cheaply.
    """
    validators = server.answers.validators(key)
    if server.answers.matches(_if_none_match(request), key):
        return Response(status_code=304, headers={**(headers or {}), **validators})
    found = server.pages.get(key)
    if found is None:
        return None
    return Response(found[0], headers={**(headers or {}), **validators, "Content-Type": found[1]})


def keep_page(request: Request, server: Server, key: tuple[str, ...], response: Response) -> Response:
    """Keep a rendered 200 page and tag it."""
    if response.status_code != 200:
        return response
    server.pages.put(key, (bytes(response.body).decode("utf-8"), response.headers["content-type"]))
    response.headers.update(server.answers.validators(key))
    return response
