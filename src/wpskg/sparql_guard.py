"""Refuse untrusted SPARQL that could write, reach the network, or read other files.

The query is lexed with the SPARQL 1.1 terminals (comments, strings, IRIs,
variables, prefixed names and language tags are set aside), then checked
before anything is evaluated:

* updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY, WITH)
  and SERVICE are refused, as is Virtuoso's DEFINE pragma and its ``bif:``
  and ``sql:`` built-ins;
* FROM and FROM NAMED are refused unless they name, by a full IRI, a graph of
  the project's own namespace (never ``file:``, never a remote document);
* ``\\u`` and ``\\U`` escapes are refused anywhere, strings included: rdflib
  decodes them in the whole text before parsing, so ``"\\u0022`` would end a
  string that this lexer (and pyoxigraph) sees as still open;
* a carriage return that is not followed by a line feed is refused:
  pyoxigraph ends a ``#`` comment there, rdflib does not;
* anything the lexer cannot place (a stray quote or backslash) is refused.

The lexer errs on the side of seeing code: a keyword glued to another word
(``trueSERVICE``, which pyoxigraph reads as ``true SERVICE``), a keyword used
as a prefix (``SERVICE:{…}``, which both engines read as ``SERVICE :``), and
keywords spelled with letters that rdflib upper-cases to ASCII (``ſERVICE``)
are all refused.

>>> check_query("SELECT * WHERE { ?s ?p ?o }")
>>> check_query("SELECT * WHERE { SERVICE <http://evil/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
wpskg.errors.QueryError: SERVICE is refused: this endpoint only queries its own graph
>>> check_query('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }')
>>> check_query("PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex: SERVICE <http://evil/> {} }")
Traceback (most recent call last):
...
wpskg.errors.QueryError: SERVICE is refused: this endpoint only queries its own graph
>>> check_query("SELECT ?service ?add WHERE { ?service <http://e/p> ?add }")
>>> check_query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
wpskg.errors.QueryError: FROM <file:///etc/passwd> is refused: only the local graph can be queried
"""

from __future__ import annotations

import re
import unicodedata

from .dumpers.nquads import GRAPH_IRI
from .errors import QueryError

#: Longest query accepted, in characters.
MAX_QUERY_CHARS = 256 * 1024

# SPARQL 1.1 terminals (https://www.w3.org/TR/sparql11-query/#terminals).
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = rf"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_ECHAR = r"""\\[tbnrf"'\\]"""

_TOKENS = rf"""
    (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''
             |\"\"\"(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*\"\"\"
             |'(?:[^'\\\n\r]|{_ECHAR})*'
             |"(?:[^"\\\n\r]|{_ECHAR})*")
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>{{prefix}}:(?:{_LOCAL})?)
  | (?P<number>[0-9]+)
  | (?P<word>\w+)
  | (?P<space>[ \t\r\n]+)
  | (?P<other>.)
    """
_TOKEN = re.compile(_TOKENS.replace("{prefix}", f"(?:{_PREFIX})?"), re.VERBOSE | re.DOTALL)
# Where no prefixed name can start (in a run of name characters and dots that no colon ends), the
# same tokens without a prefix: trying one at each character of a long run ("a.a.a.…", 256 KB)
# would take time in the square of its length.
_TOKEN_NO_PREFIX = re.compile(_TOKENS.replace("{prefix}", ""), re.VERBOSE | re.DOTALL)
_NAME_RUN = re.compile(rf"[{_CHARS}.]+")

UPDATE_WORDS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)
#: Virtuoso extensions that can fetch documents or read files.
VENDOR_WORDS = ("DEFINE",)
VENDOR_PREFIXES = ("BIF", "SQL")
#: IRIs that FROM may name: graphs of the project itself.
LOCAL_GRAPHS = ("https://w3id.org/wpskg/",)

_ESCAPE = re.compile(r"\\[uU]")
_LONE_CR = re.compile(r"\r(?!\n)")


#: A query's tokens with their offsets, as :func:`token_spans` gives them.
Spans = list[tuple[str, str, int]]


def token_spans(query: str) -> Spans:
    """The query as (kind, text, offset) tokens, without whitespace and comments.

    >>> token_spans("SELECT ?x # note\\nWHERE {}")[1:3]
    [('var', '?x', 7), ('word', 'WHERE', 17)]
    """
    spans: Spans = []
    pos, run_end, prefixed = 0, 0, False
    while pos < len(query):
        if pos >= run_end:
            run = _NAME_RUN.match(query, pos)
            run_end = run.end() if run else pos + 1
            # a prefix runs to a colon, and does not end with a dot
            prefixed = run is not None and query.startswith(":", run_end) and query[run_end - 1] != "."
        m = (_TOKEN if prefixed or pos >= run_end else _TOKEN_NO_PREFIX).match(query, pos)
        assert m is not None  # "other" matches any character
        if m.lastgroup not in ("comment", "space"):
            spans.append((m.lastgroup or "other", m.group(), m.start()))
        pos = m.end()
    return spans


def closing(spans: Spans, i: int) -> int | None:
    """The index of the token that closes the ``{`` or ``(`` at ``spans[i]``, or None if none does.

    >>> spans = token_spans("SELECT ?x WHERE { { ?x ?p '}' } } LIMIT 1")
    >>> spans[closing(spans, 3)][2]
    32
    """
    opening = spans[i][1]
    closer = {"{": "}", "(": ")"}[opening]
    depth = 0
    for j in range(i, len(spans)):
        if spans[j][1] == opening:
            depth += 1
        elif spans[j][1] == closer:
            depth -= 1
            if depth == 0:
                return j
    return None


def closed(spans: Spans, i: int, error: type[Exception]) -> int:
    """As :func:`closing`, but a bracket that is never closed raises ``error``, which says so."""
    end = closing(spans, i)
    if end is None:
        raise error(f"a {spans[i][1]!r} is never closed")
    return end


#: What each query form answers, named as :attr:`wpskg.store.Result.kind` names it.
ANSWER_KIND = {"SELECT": "select", "ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


def declared_prefixes(query: str, spans: Spans | None = None) -> dict[str, str]:
    """The namespaces that a query's PREFIX lines declare, by prefix.

    >>> declared_prefixes("PREFIX ex: <http://e/> prefix : <http://d/> SELECT * WHERE { ?s ex:p ?o }")
    {'ex': 'http://e/', '': 'http://d/'}
    """
    spans = token_spans(query) if spans is None else spans
    found = {}
    for (kind, word, _), (name_kind, name, _), (iri_kind, iri, _) in zip(spans, spans[1:], spans[2:], strict=False):
        declares = kind == "word" and word.upper() == "PREFIX" and name_kind == "pname" and name.endswith(":")
        if declares and iri_kind == "iri":
            found[name[:-1]] = iri[1:-1]
    return found


def prefixed_names(query: str, spans: Spans | None = None) -> list[tuple[str, str, int]]:
    """The prefixed names that a query uses (not those its PREFIX lines declare): (prefix, local, offset).

    >>> prefixed_names("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:p wpx:q }")
    [('ex', 'p', 43), ('wpx', 'q', 48)]
    """
    spans = token_spans(query) if spans is None else spans
    return [
        (*text.split(":", 1), at)  # type: ignore[misc]
        for i, (kind, text, at) in enumerate(spans)
        if kind == "pname" and not (i and spans[i - 1][0] == "word" and spans[i - 1][1].upper() == "PREFIX")
    ]


def undeclared_prefix(query: str) -> tuple[str, int] | None:
    """The first prefix that a query uses and does not declare, and the offset of its use.

    >>> undeclared_prefix("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:p wpx:q }")
    ('wpx', 48)
    """
    spans = token_spans(query)
    declared = declared_prefixes(query, spans)
    return next(((prefix, at) for prefix, _, at in prefixed_names(query, spans) if prefix not in declared), None)


def query_form(query: str, spans: Spans | None = None) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword, outside comments and strings.

    ``spans`` are the query's :func:`token_spans`, when the caller has them already.

    >>> query_form("PREFIX select: <http://x/> # SELECT\\nASK { ?s select:p ?o }")
    'ASK'
    """
    for kind, text, _ in token_spans(query) if spans is None else spans:
        if kind == "word" and text.upper() in ANSWER_KIND:
            return text.upper()
    raise QueryError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")


def tokens(query: str) -> list[tuple[str, str]]:
    """The query as (kind, text) tokens, without whitespace and comments.

    >>> [text for kind, text in tokens("SELECT ?x # note\\nWHERE { ?x a ex:T }")]
    ['SELECT', '?x', 'WHERE', '{', '?x', 'a', 'ex:T', '}']
    >>> [kind for kind, text in tokens('?x ex:T "s" <http://e/>')]
    ['var', 'pname', 'string', 'iri']
    """
    return _pairs(token_spans(query))


def _pairs(spans: Spans) -> list[tuple[str, str]]:
    """(kind, text) of each token span."""
    return [(kind, text) for kind, text, _ in spans]


def _spellings(word: str) -> set[str]:
    """How engines may read ``word`` as a keyword: rdflib upper-cases ``ſ`` to ``S``."""
    return {word.upper(), unicodedata.normalize("NFKC", word).upper()}


def _contains(word: str, needles: tuple[str, ...]) -> str | None:
    for spelling in _spellings(word):
        for needle in needles:
            if needle in spelling:
                return needle
    return None


def _keyword_part(kind: str, text: str) -> str | None:
    """The part of a token that an engine could read as a keyword."""
    if kind == "word":
        return text
    if kind == "pname":
        return text.split(":", 1)[0] or None
    if kind == "lang":
        return text[1:]
    return None


def _check_from(toks: list[tuple[str, str]], i: int) -> None:
    j = i + 1
    if j < len(toks) and toks[j][0] == "word" and "NAMED" in _spellings(toks[j][1]):
        j += 1
    kind, target = toks[j] if j < len(toks) else ("other", "")
    iri = target[1:-1]
    if kind != "iri" or not iri.startswith(LOCAL_GRAPHS) or "/." in iri or "%" in iri:
        raise QueryError(f"FROM {target} is refused: only the local graph can be queried")


def for_local_store(query: str, spans: Spans | None = None) -> str:
    """``query`` as the local store answers it: the store's one graph is its default graph.

    That graph is the one the exported N-Quads name, ``<https://w3id.org/wpskg/graph>``. So
    that a query written for those N-Quads gives the same answer here, ``FROM`` that graph
    is dropped, and so is ``GRAPH`` that graph (its pattern is matched in the default graph).
    ``FROM`` or ``GRAPH`` any other graph, ``GRAPH ?g`` and ``FROM NAMED`` name graphs that the
    store does not have (the answer would be empty) and are refused. Call it after :func:`check_query`;
    ``spans`` are the query's :func:`token_spans`, when the caller has them already.

    >>> for_local_store("SELECT * FROM <https://w3id.org/wpskg/graph> WHERE { ?s ?p ?o }")
    'SELECT *  WHERE { ?s ?p ?o }'
    >>> for_local_store("SELECT * FROM <https://w3id.org/wpskg/grpah> WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    wpskg.errors.QueryError: FROM <https://w3id.org/wpskg/grpah>: the local store has no such graph; \
its one graph, <https://w3id.org/wpskg/graph>, is the default graph, so leave FROM out
    >>> for_local_store("SELECT * WHERE { GRAPH <https://w3id.org/wpskg/graph> { ?s ?p ?o } }")
    'SELECT * WHERE {  { ?s ?p ?o } }'
    """
    spans = token_spans(query) if spans is None else spans
    cuts: list[tuple[int, int]] = []
    for i, (kind, text, start) in enumerate(spans):
        if kind == "word" and "GRAPH" in _spellings(text) and i + 1 < len(spans):
            _, target, at = spans[i + 1]
            if target != f"<{GRAPH_IRI}>":
                raise QueryError(
                    f"GRAPH {target}: the local store has no named graphs, so the pattern would match nothing; "
                    f"its one graph, <{GRAPH_IRI}>, is the default graph, so leave GRAPH out"
                )
            cuts.append((start, at + len(target)))
            continue
        if kind != "word" or "FROM" not in _spellings(text):
            continue
        named = i + 1 < len(spans) and "NAMED" in _spellings(spans[i + 1][1])
        _, target, at = spans[i + 2 if named else i + 1]
        if named:
            raise QueryError(
                f"FROM NAMED {target}: the local store has no named graphs; its one graph, <{GRAPH_IRI}>, "
                "is the default graph, so leave FROM NAMED and GRAPH out"
            )
        if target != f"<{GRAPH_IRI}>":
            raise QueryError(
                f"FROM {target}: the local store has no such graph; its one graph, <{GRAPH_IRI}>, "
                "is the default graph, so leave FROM out"
            )
        cuts.append((start, at + len(target)))
    for start, end in reversed(cuts):
        query = query[:start] + query[end:]
    return query


class MalformedQuery(QueryError):
    """A query that is not SPARQL at all (a bad request), rather than one that is refused (forbidden)."""


def check_query(query: str, spans: Spans | None = None) -> None:
    """Raise :class:`QueryError` if ``query`` is not a read-only query on the local graph.

    ``spans`` are the query's :func:`token_spans`, when the caller has them already (after
    its own limit on the query's length: the limit here is checked first otherwise).
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query of {len(query)} characters is over the limit of {MAX_QUERY_CHARS}")
    if _ESCAPE.search(query):
        raise QueryError("\\u escapes are refused (engines decode them differently); write the character itself")
    if _LONE_CR.search(query):
        raise QueryError("a carriage return without a line feed is refused (engines disagree on comment ends)")
    toks = _pairs(token_spans(query) if spans is None else spans)
    for i, (kind, text) in enumerate(toks):
        if kind == "other" and text in "\"'\\":
            raise MalformedQuery(f"malformed query: stray {text!r} outside a string or IRI")
        if kind == "pname" and text.split(":", 1)[0].upper() in VENDOR_PREFIXES:
            raise QueryError(f"{text} is refused: vendor built-ins are not available")
        word = _keyword_part(kind, text)
        if word is None:
            continue
        hidden = _contains(word, ("SERVICE", *UPDATE_WORDS, *VENDOR_WORDS, "FROM"))
        if hidden and kind in ("pname", "lang"):
            what = f"the prefix {word}:" if kind == "pname" else f"the language tag {text}"
            raise QueryError(
                f"{what} is refused: an engine may read it as the keyword {hidden}, which is refused here; "
                f"{'give the prefix another name' if kind == 'pname' else 'check the tag'}"
            )
        if _contains(word, ("SERVICE",)):
            raise QueryError("SERVICE is refused: this endpoint only queries its own graph")
        found = _contains(word, UPDATE_WORDS)
        if found:
            raise QueryError(f"{found} is refused: the graph is read-only")
        if _contains(word, VENDOR_WORDS):
            raise QueryError("DEFINE is refused: engine pragmas are not available")
        if _contains(word, ("FROM",)):
            if kind != "word" or "FROM" not in _spellings(word):
                raise QueryError(f"{text} is refused: FROM must be written alone")
            _check_from(toks, i)
