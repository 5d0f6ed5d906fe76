"""Stored queries on a remote SPARQL 1.1 endpoint, and uploading the graph to one.

:func:`run_stored` binds the parameters as a local run does
(:func:`wpskg.queries.bind`), looking the values up on the endpoint itself
(:func:`selector`: a plan, a country or a label is looked for in the data
that answers the query), or in a local graph when one is given, and then
sends the very text that runs locally on that graph. Every query is written
by SPARQLWrapper (HTTP POST, ``application/x-www-form-urlencoded``) and sent
by wpskg's own opener, which refuses a redirect, under a wall-clock time limit.
The SPARQL JSON answer is turned back into pyoxigraph terms and *normalised*
so that a remote run and a local run compare equal row for row:

* numbers are compared by value: ``xsd:decimal``, ``xsd:integer`` and the
  derived integer types (``xsd:int``, ``xsd:long``, …) are rewritten to the
  canonical lexical form that pyoxigraph prints (``"300000.00"`` and
  Virtuoso's ``"300000"`` both become ``"300000"``; an ``xsd:int`` becomes
  an ``xsd:integer``);
* booleans are ``true`` and ``false`` (Virtuoso answers ``"1"^^xsd:boolean``);
* Virtuoso's ``typed-literal`` binding type (from the old SPARQL JSON draft)
  is read as a literal, and a literal typed ``xsd:string`` equals a plain one;
* language tags are lower-cased, as pyoxigraph stores them;
* blank nodes get stable labels (Virtuoso's ``nodeID://b10007`` is not a valid
  blank-node label); stored queries never return blank nodes anyway.

:func:`push` uploads the exact triples (literals as written, see
:meth:`wpskg.store.Graph.triples`) as N-Triples with the SPARQL 1.1 Graph
Store HTTP Protocol: ``PUT`` replaces the target graph, so pushing twice
leaves one copy. N-Triples is sent as ``text/turtle`` (every N-Triples
document is Turtle), which every server accepts. Credentials may be given in
the URL (``http://user:password@host/…``); Basic and Digest authentication
are both answered.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from . import ordering
from .datatypes import INTEGER_TYPES
from .errors import AnswerTooLarge, QueryError, QueryTimeout, RowCapExceeded, WpskgError
from .namespaces import WPS, XSD
from .queries import Resolver, Select, StoredQuery, bind, page
from .sparql_guard import ANSWER_KIND, query_form
from .store import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Graph

XSD_STRING = XSD + "string"
XSD_DECIMAL = XSD + "decimal"
XSD_INTEGER = XSD + "integer"
XSD_BOOLEAN = XSD + "boolean"
USER_AGENT = "wpskg (https://w3id.org/wpskg)"
#: Largest answer read from a remote endpoint, in bytes.
MAX_RESPONSE_BYTES = 256 * 1024 * 1024
_BNODE_OK = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Rows = list[list[Term | None]]


class RemoteError(QueryError):
    """The endpoint could not be reached, refused the request, or answered nonsense."""


# --------------------------------------------------------------------------- terms


#: The lexical forms of xsd:decimal and its integer types, within what a store can hold (Oxigraph's
#: decimals have 18 digits after the point and integers 64 bits): no exponent, at most 40 digits a side.
_NUMERAL = re.compile(r"[+-]?(?:[0-9]{1,40}(?:\.[0-9]{0,40})?|\.[0-9]{1,40})")


def canonical_decimal(text: str) -> str:
    """The lexical form pyoxigraph gives an ``xsd:decimal`` value.

    >>> canonical_decimal("300000.00"), canonical_decimal("6311964.80"), canonical_decimal("-0.50")
    ('300000', '6311964.8', '-0.5')
    """
    value = Decimal(text.strip())
    if value == value.to_integral_value():
        return str(int(value))
    out = format(value.normalize(), "f")
    return out.rstrip("0").rstrip(".") if "." in out else out


def normalise_literal(value: str, datatype: str | None, language: str | None) -> ox.Literal:
    """A literal from a results document, numbers in pyoxigraph's canonical form.

    >>> lit = normalise_literal("5", XSD + "int", None)
    >>> lit.value, lit.datatype.value
    ('5', 'http://www.w3.org/2001/XMLSchema#integer')
    >>> normalise_literal("x", None, "NL").language
    'nl'
    """
    if language:
        return ox.Literal(value, language=language.lower())
    if not datatype or datatype == XSD_STRING:
        return ox.Literal(value)
    try:
        if datatype in INTEGER_TYPES | {XSD_DECIMAL} and not _NUMERAL.fullmatch(value.strip()):
            # not the type's lexical form ("1e1000000", a million digits): kept as it came, and
            # never worked on (int(Decimal("1e1000000")) takes half a minute)
            return ox.Literal(value, datatype=ox.NamedNode(datatype))
        if datatype in INTEGER_TYPES:
            return ox.Literal(str(int(Decimal(value.strip()))), datatype=ox.NamedNode(XSD_INTEGER))
        if datatype == XSD_DECIMAL:
            return ox.Literal(canonical_decimal(value), datatype=ox.NamedNode(XSD_DECIMAL))
        if datatype == XSD_BOOLEAN and value.strip() in ("1", "0"):
            return ox.Literal("true" if value.strip() == "1" else "false", datatype=ox.NamedNode(XSD_BOOLEAN))
    except (InvalidOperation, ValueError):
        pass  # an ill-typed literal stays as it came
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


def term_from_json(binding: Mapping[str, str]) -> Term:
    """A pyoxigraph term from one SPARQL JSON results binding."""
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        label = value if _BNODE_OK.match(value) else "b" + hashlib.sha1(value.encode()).hexdigest()[:16]
        return ox.BlankNode(label)
    if kind in ("literal", "typed-literal"):
        return normalise_literal(value, binding.get("datatype"), binding.get("xml:lang"))
    raise RemoteError(f"unexpected term type {kind!r} in the endpoint's results")


def normalise_term(term: Term | None) -> Term | None:
    """The same normalisation for a local term, so that both sides compare alike."""
    if isinstance(term, ox.Literal):
        return normalise_literal(term.value, term.datatype.value, term.language)
    return term


def normalise_rows(rows: Sequence[Sequence[Term | None]]) -> Rows:
    """Rows with every literal in canonical form (see the module docstring)."""
    return [[normalise_term(t) for t in row] for row in rows]


def rows_from_json(data: Mapping) -> tuple[list[str], Rows]:
    """Variables and rows from a SPARQL 1.1 Query Results JSON document."""
    if "boolean" in data:
        return ["boolean"], [
            [ox.Literal("true" if data["boolean"] else "false", datatype=ox.NamedNode(XSD + "boolean"))]
        ]
    try:
        variables = list(data["head"]["vars"])
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError):
        raise RemoteError("the endpoint did not answer with SPARQL results JSON") from None
    rows = [[term_from_json(b[v]) if v in b else None for v in variables] for b in bindings]
    return variables, rows


# --------------------------------------------------------------------------- endpoints


def _split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """The URL without user:password, and the user and password it held."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WpskgError(f"not an http(s) endpoint URL: {url!r}")
    if parts.username is None:
        return url, None, None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")


def public_url(url: str) -> str:
    """``url`` without the user and password it may hold, to show in messages.

    >>> public_url("http://dba:secret@[::1]:8890/sparql-graph-crud")
    'http://[::1]:8890/sparql-graph-crud'
    """
    return _split_credentials(url)[0]


def _with_deadline(func, timeout: float, what: str):
    """Call ``func`` in a worker thread and give up after ``timeout`` seconds."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = func()
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="wpskg-remote", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"{what} stopped after the time limit of {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("value")


_STATUS = {
    400: "400 (bad request: the endpoint could not parse or run the query)",
    401: "401 (unauthorized)",
    404: "404 (no SPARQL endpoint at this URL)",
    414: "414 (URI too long)",
    500: "500 (internal error of the endpoint)",
}


def _response_text(exc: urllib.error.HTTPError) -> str:
    """The start of the body of an error response, as one line of plain text."""
    try:
        body = exc.read(64 * 1024)  # a start is enough: an endpoint may answer an error of any size
    except Exception:
        body = b""
    text = re.sub(r"<[^>]*>", " ", (body or b"").decode("utf-8", "replace"))
    return " ".join(text.split())[:500]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuses a redirect of a query: a 301, 302 or 303 turns the POST into a GET without the query
    (its answer is not the query's), and the credentials would go along to wherever it points."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        raise urllib.error.HTTPError(newurl, code, msg, headers, fp)


_OPENER = urllib.request.build_opener(_NoRedirect)


#: Virtuoso's errors for rows too long to sort (see :mod:`wpskg.ordering`).
SORT_LIMIT_ERRORS = ("SR478", "SR319")
_SORT_REFUSAL = re.compile(r"\bError (" + "|".join(SORT_LIMIT_ERRORS) + r")\b")


def sort_refusal(message: str) -> str | None:
    """The code of Virtuoso's refusal to sort long rows in an error ``message``, else None.

    >>> sort_refusal("Virtuoso 22026 Error SR478: Value of ANY type column too long")
    'SR478'
    >>> sort_refusal("Virtuoso 37000 Error SP030: SPARQL compiler ... 'SR478' ...") is None
    True
    """
    found = _SORT_REFUSAL.search(message)
    return None if found is None else found.group(1)


def run_text(
    text: str,
    endpoint: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_bytes: int = MAX_RESPONSE_BYTES,
) -> tuple[list[str], Rows]:
    """Send a query to ``endpoint`` and return ``(variables, rows)`` of normalised pyoxigraph terms.

    ASK answers one row with a ``boolean`` column; CONSTRUCT and DESCRIBE
    answer ``subject``, ``predicate``, ``object`` rows. An answer of more than
    ``max_rows`` rows or ``max_bytes`` bytes is an error, never cut silently.
    When the endpoint cannot sort the rows of a SELECT because they are too
    long (:data:`SORT_LIMIT_ERRORS`), the query is sent again without its
    ORDER BY and sorted here (:mod:`wpskg.ordering`): the same rows, in the
    same order, within the same time limit. Its LIMIT and OFFSET are then
    applied here too, so the row cap holds for the whole answer.
    """
    started = time.monotonic()
    try:
        return _send(text, endpoint, timeout=timeout, max_rows=max_rows, max_bytes=max_bytes)
    except RemoteError as refused:
        code = sort_refusal(str(refused))
        if code is None:
            raise
        try:
            u = ordering.unordered(text)
        except ordering.NotSortable:
            raise refused from None
    try:
        left = timeout - (time.monotonic() - started)
        if left <= 0:
            raise QueryTimeout("no time left")
        variables, rows = _send(u.text, endpoint, timeout=left, max_rows=max_rows, max_bytes=max_bytes)
    except QueryTimeout:
        raise QueryTimeout(f"remote query stopped after the time limit of {timeout:g} s") from None
    except RowCapExceeded as cap:  # or AnswerTooLarge, kept as it is
        raise type(cap)(
            f"{public_url(endpoint)} cannot sort these rows ({code}), "
            f"and sorting them here needs the whole answer: {cap}"
        ) from None
    return ordering.sort_rows(variables, rows, u)


def _over_row_cap(max_rows: int) -> RowCapExceeded:
    return RowCapExceeded(f"result has more than {max_rows} rows (the row cap); narrow the query")


def _send(text: str, endpoint: str, *, timeout: float, max_rows: int, max_bytes: int) -> tuple[list[str], Rows]:
    """One query sent to ``endpoint``, as :func:`run_text` describes."""
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    url, user, password = _split_credentials(endpoint)
    form = query_form(text)
    client = SPARQLWrapper(url, agent=USER_AGENT)
    client.setMethod(POST)
    client.setOnlyConneg(True)  # no format=/output= parameters that some servers refuse
    client.setTimeout(max(1, int(timeout + 0.999)))
    client.setQuery(text)
    client.queryType = form  # the header comments would otherwise confuse its guess
    graph_form = ANSWER_KIND[form] == "graph"
    client.setReturnFormat(TURTLE if graph_form else JSON)
    if user is not None:
        client.setCredentials(user, password)

    def fetch() -> bytes:
        # SPARQLWrapper writes the request (the protocol's POST form, content negotiation, the
        # credentials); it is sent here, so that a redirect is refused and an error body read in part
        with _OPENER.open(client._createRequest(), timeout=client.timeout) as response:
            return response.read(max_bytes + 1)  # type: ignore[no-any-return]

    try:
        payload = _with_deadline(fetch, timeout, "remote query")
    except QueryError:
        raise
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise RemoteError(
                f"{url} redirected the query (HTTP {exc.code}) to {exc.filename}: give that URL as the "
                "endpoint (a redirected query would lose its text, and its credentials would go along)"
            ) from None
        status = _STATUS.get(exc.code, str(exc.code))
        raise RemoteError(f"{url} answered HTTP {status}: {_response_text(exc)}") from None
    except (urllib.error.URLError, OSError) as exc:
        if "timed out" in str(exc):
            raise QueryTimeout(f"remote query stopped after the time limit of {timeout:g} s") from None
        raise RemoteError(f"cannot reach {url}: {getattr(exc, 'reason', exc)}") from None
    except ValueError as exc:
        raise RemoteError(f"{url} answered something that is not SPARQL results JSON: {exc}") from None
    if len(payload) > max_bytes:
        raise AnswerTooLarge(f"{url} answered more than {max_bytes} bytes (the size cap); narrow the query")
    if graph_form:
        try:
            triples = list(ox.parse(payload, format=ox.RdfFormat.TURTLE))
        except SyntaxError as exc:
            raise RemoteError(f"{url} answered malformed Turtle: {exc}") from None
        rows = [[q.subject, q.predicate, normalise_term(q.object)] for q in triples]
        variables = ["subject", "predicate", "object"]
    else:
        try:
            data = json.loads(payload)
        except (ValueError, RecursionError) as exc:  # RecursionError: JSON nested deeper than Python goes
            raise RemoteError(f"{url} answered something that is not SPARQL results JSON: {exc}") from None
        if not isinstance(data, Mapping):
            raise RemoteError(f"{url} did not answer with SPARQL results JSON")
        bindings = data.get("results", {}).get("bindings") if isinstance(data.get("results"), Mapping) else None
        if isinstance(bindings, list) and len(bindings) > max_rows:  # before a term is built for each
            raise _over_row_cap(max_rows)
        variables, rows = rows_from_json(data)
    if len(rows) > max_rows:
        raise _over_row_cap(max_rows)
    return variables, rows  # type: ignore[return-value]


def selector(endpoint: str, *, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS) -> Select:
    """A :data:`wpskg.queries.Select` that runs its SELECT on ``endpoint``, for :class:`wpskg.queries.Resolver`."""

    def select(text: str) -> list[dict[str, Term]]:
        variables, rows = run_text(text, endpoint, timeout=timeout, max_rows=max_rows)
        return [{v: t for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]

    return select


def run_stored(
    stored: StoredQuery,
    endpoint: str,
    params: Mapping[str, str] | None = None,
    *,
    graph: Graph | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[str], Rows]:
    """Bind ``params`` as a local run does, then run the query on ``endpoint``.

    The values are looked up on the endpoint, or in ``graph`` when it is given
    (no lookup requests, when the endpoint holds the same data).
    ``limit`` and ``offset`` ask for one page of the rows, as in :func:`wpskg.queries.run`.
    """
    source = graph
    if source is None:
        where = f"the data of {public_url(endpoint)}"
        source = Resolver(selector(endpoint, timeout=timeout, max_rows=max_rows), where)
    text = page(stored, bind(stored, source, params or {}), limit, offset, max_rows)
    return run_text(text, endpoint, timeout=timeout, max_rows=max_rows)


def empty_answer_note(endpoint: str, *, timeout: float = DEFAULT_TIMEOUT) -> str | None:
    """Why a stored query on ``endpoint`` may have found no rows: its default graph holds no plan
    (``wps:Plan``), as when the data was pushed to a named graph; None when it holds one."""
    try:
        found = selector(endpoint, timeout=timeout, max_rows=1)(f"SELECT ?plan WHERE {{ ?plan a <{WPS}Plan> }} LIMIT 1")
    except (WpskgError, OSError):  # the empty answer stands; only the note is lost
        return None
    if found:
        return None
    return (
        f"the default graph of {public_url(endpoint)} holds no plan (wps:Plan): is the graph loaded there? A store "
        "that holds it as a named graph (wpskg push --graph) answers from its default graph unless the endpoint "
        "URL says otherwise (?default-graph-uri=…, docs/queries.md)"
    )


# --------------------------------------------------------------------------- upload


def _authorization(target: str, method: str, user: str, password: str, timeout: float) -> str | None:
    """The Authorization header for ``method`` on ``target``, from the server's challenge.

    The challenge is asked for with a body-less GET first: a server that
    answers an unauthenticated PUT with 401 closes the connection while the
    graph is still being sent (Virtuoso does), so urllib's auth handlers,
    which only react to a 401 they have read, cannot be used for the upload.
    """
    probe = urllib.request.Request(target, method="GET", headers={"User-Agent": USER_AGENT, "Accept": "text/turtle"})
    try:
        with urllib.request.urlopen(probe, timeout=timeout) as response:
            response.read(0)
        return None  # no authentication asked for
    except urllib.error.HTTPError as exc:
        if exc.code != 401:
            return None  # let the upload itself report the problem
        challenges = exc.headers.get_all("WWW-Authenticate") or []
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, target, user, password)
    request = urllib.request.Request(target, method=method)
    for challenge in challenges:
        scheme, _, rest = challenge.strip().partition(" ")
        if scheme.lower() == "digest":
            fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
            header = urllib.request.HTTPDigestAuthHandler(manager).get_authorization(request, fields)
            if header:
                return "Digest " + header
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return "Basic " + token


def graph_store_url(endpoint: str, graph_iri: str | None) -> str:
    """The Graph Store Protocol URL for the default graph or a named graph.

    >>> graph_store_url("http://127.0.0.1:7878/store", None)
    'http://127.0.0.1:7878/store?default'
    >>> graph_store_url("http://h/ds/data", "https://w3id.org/wpskg/graph")
    'http://h/ds/data?graph=https%3A%2F%2Fw3id.org%2Fwpskg%2Fgraph'
    """
    joiner = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if graph_iri is None:
        return endpoint + joiner + "default"
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$", graph_iri):
        raise WpskgError(f"not a valid graph IRI: {graph_iri!r}")
    return endpoint + joiner + urllib.parse.urlencode({"graph": graph_iri})


def push(graph: Graph, endpoint: str, graph_iri: str | None = None, *, timeout: float = 60.0) -> int:
    """Replace the default graph (or ``graph_iri``) at a Graph Store Protocol ``endpoint``.

    Returns the number of triples sent: every asserted and inferred triple,
    literals exactly as written.
    """
    from .dumpers import ntriples

    url, user, password = _split_credentials(endpoint)
    triples = graph.triples()
    body = ntriples.dumps(triples).encode("utf-8")
    count = body.count(b"\n")
    target = graph_store_url(url, graph_iri)
    request = urllib.request.Request(target, data=body, method="PUT")
    request.add_header("Content-Type", "text/turtle; charset=utf-8")
    request.add_header("User-Agent", USER_AGENT)

    def send() -> int:
        if user is not None:
            header = _authorization(target, "PUT", user, password or "", timeout)
            if header:
                request.add_header("Authorization", header)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status

    try:
        _with_deadline(send, timeout, "upload")
    except urllib.error.HTTPError as exc:
        raise RemoteError(f"{target} refused the upload: HTTP {exc.code}: {_response_text(exc)}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (BrokenPipeError, ConnectionResetError)):
            raise RemoteError(
                f"{url} closed the connection during the upload: check the credentials, and that "
                "the URL is a Graph Store Protocol endpoint that accepts PUT"
            ) from None
        raise RemoteError(f"cannot reach {url}: {reason}") from None
    return count
