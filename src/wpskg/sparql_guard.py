"""Refuse untrusted SPARQL that could write, reach the network, or read other files.

The query is lexed (comments, strings and IRIs are set aside), then checked:
updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY), SERVICE,
and FROM / FROM NAMED on an IRI outside the project's own namespace are
refused before anything is evaluated. ``\\u`` escapes outside strings are
refused too, since some engines decode them before parsing.

>>> check_query("SELECT * WHERE { ?s ?p ?o }")
>>> check_query("SELECT * WHERE { SERVICE <http://evil/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
wpskg.errors.QueryError: SERVICE is refused: this endpoint only queries its own graph
>>> check_query('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }')
"""

from __future__ import annotations

import re

from .errors import QueryError

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<escape>\\[uU])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
#: IRIs that FROM may name: graphs of the project itself.
LOCAL_GRAPHS = ("https://w3id.org/wpskg/",)


def tokens(query: str) -> list[tuple[str, str]]:
    """The query as (kind, text) tokens, without whitespace and comments."""
    out = []
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup or "other"
        text = m.group(kind)
        if kind == "comment" or (kind == "other" and text.isspace()):
            continue
        out.append((kind, text))
    return out


def check_query(query: str) -> None:
    """Raise :class:`QueryError` if ``query`` is not a read-only query on the local graph."""
    toks = tokens(query)
    for i, (kind, text) in enumerate(toks):
        if kind == "escape":
            raise QueryError("\\u escapes outside string literals are refused")
        if kind != "word":
            continue
        word = text.upper()
        prev = toks[i - 1][1] if i else ""
        if prev in (":",) or (i and toks[i - 1][0] == "other" and prev in ("?", "$")):
            continue  # a variable or local name, not a keyword
        if word == "SERVICE":
            raise QueryError("SERVICE is refused: this endpoint only queries its own graph")
        if word in UPDATE_WORDS:
            raise QueryError(f"{word} is refused: the graph is read-only")
        if word == "FROM":
            j = i + 1
            if j < len(toks) and toks[j][1].upper() == "NAMED":
                j += 1
            target = toks[j][1] if j < len(toks) else ""
            if target.startswith("<") and not target[1:-1].startswith(LOCAL_GRAPHS):
                raise QueryError(f"FROM {target} is refused: only the local graph can be queried")
