"""Fuzz targets for wpskg's untrusted inputs, with Hypothesis, and a time-bounded runner.

Three targets, each with an oracle that is stronger than "does not crash":

* ``loaders``: any bytes, as any supported extension, either load or raise
  :class:`~wpskg.errors.InputError`; nothing is fetched from a loopback server
  named in the input, and no file named by a ``file:`` IRI is opened.
* ``guard``: any query either is refused with :class:`~wpskg.errors.QueryError`,
  or, once allowed, makes pyoxigraph call no SERVICE (a loopback server counts
  requests) and parses in rdflib to an algebra without SERVICE or remote FROM.
* ``params``: any parameter text is bound into a stored query as exactly one
  term (the query's token shape never changes) whose value round-trips through
  pyoxigraph, or it is refused with :class:`~wpskg.errors.ParameterError`.

Run ``python fuzz/wpskg_fuzz.py --seconds 60`` (or ``fuzz/run.sh 60``); the
tests import the same targets and strategies with fewer examples.
"""

from __future__ import annotations

import argparse
import http.server
import json
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wpskg.errors import InputError, ParameterError, QueryError
from wpskg.loaders import load_bytes
from wpskg.sparql_guard import LOCAL_GRAPHS, check_query, tokens

EXTENSIONS = (".ttl", ".nt", ".jsonld", ".rdf")


# --------------------------------------------------------------------------- oracles' helpers


class Recorder:
    """A loopback HTTP server that counts every request; it answers an empty SPARQL result."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                recorder.requests.append(f"{self.command} {self.path}")
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def recorder() -> Iterator[Recorder]:
    """A :class:`Recorder`, shut down afterwards."""
    rec = Recorder()
    try:
        yield rec
    finally:
        rec.close()


class OpenWatch:
    """An audit hook (installed once per process) that records attempts to open sentinel files."""

    _instance: OpenWatch | None = None

    def __init__(self) -> None:
        self.sentinels: set[str] = set()
        self.opened: list[str] = []

        def hook(event: str, args: tuple) -> None:
            if event == "open" and args and isinstance(args[0], str) and args[0] in self.sentinels:
                self.opened.append(args[0])

        sys.addaudithook(hook)

    @classmethod
    def get(cls) -> OpenWatch:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance


def sentinel_file() -> Path:
    """A file that no loader may ever open, watched by :class:`OpenWatch`."""
    path = Path(tempfile.gettempdir()) / "wpskg-fuzz-sentinel.ttl"
    if not path.exists():
        path.write_text("<https://w3id.org/wpskg/id/leak> <https://w3id.org/wpskg/id/p> 1 .\n")
    OpenWatch.get().sentinels.add(str(path))
    return path


# --------------------------------------------------------------------------- loaders


def turtle_pieces(ctx_url: str, file_url: str) -> list[str]:
    """Tokens that tend to break Turtle and N-Triples parsers."""
    return [
        "@prefix ex: <http://e/> .\n",
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n",
        "@base <file:///tmp/> .\n",
        f"<{file_url}>",
        f"<{ctx_url}x>",
        "<https://w3id.org/wpskg/id/a>",
        "<a>",
        "<a b>",
        "<>",
        "<#x>",
        "<../../etc/passwd>",
        "ex:a",
        "ex:",
        "_:b",
        "_:b1",
        "[",
        "]",
        "(",
        ")",
        "[]",
        '"',
        '"""',
        "'",
        "'''",
        "\\",
        "\\u0022",
        "\\U0001F600",
        "\\n",
        "@en",
        "@en--ltr",
        "@EN-gb",
        "^^",
        "xsd:date",
        "^^xsd:integer",
        '"2024-02-30"^^xsd:date',
        '"01"^^xsd:integer',
        '"1.50"^^xsd:decimal',
        '"x"@en^^xsd:string',
        "<<",
        ">>",
        "<<(",
        ")>>",
        "{|",
        "|}",
        "~",
        ".",
        ";",
        ",",
        " a ",
        "true",
        "1",
        "-1.5",
        "1e5",
        "#",
        "\n",
        "\r",
        "\r\n",
        " ",
        "\t",
        'VERSION "1.2"',
        "GRAPH",
        "{",
        "}",
        "<http://www.w3.org/2002/07/owl#imports>",
        "é",
        "\u2028",
        "\x00",
        "\ufeff",
        "x" * 300,
    ]


def rdfxml_pieces(ctx_url: str, file_url: str) -> list[str]:
    """Tokens that tend to break RDF/XML parsers."""
    return [
        '<?xml version="1.0"?>',
        '<?xml version="1.0" encoding="ISO-8859-1"?>',
        '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]>',
        f'<!DOCTYPE r SYSTEM "{file_url}">',
        f'<!ENTITY x SYSTEM "{ctx_url}">',
        "&a;",
        "&x;",
        "&amp;",
        "&#34;",
        "&#xD800;",
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">',
        "</rdf:RDF>",
        '<rdf:Description rdf:about="http://e/a">',
        "</rdf:Description>",
        '<rdf:Description rdf:about="a">',
        f'<rdf:Description rdf:about="{file_url}">',
        '<e:p rdf:resource="http://e/b"/>',
        "<e:p>",
        "</e:p>",
        'rdf:parseType="Literal"',
        'rdf:parseType="Resource"',
        'rdf:parseType="Collection"',
        'rdf:parseType="Triple"',
        f'xml:base="{file_url}"',
        'xml:lang="en"',
        'its:dir="ltr"',
        'rdf:datatype="http://www.w3.org/2001/XMLSchema#date"',
        "2024-02-30",
        "<![CDATA[x]]>",
        "<!-- c -->",
        "<",
        ">",
        "/>",
        '"',
        "'",
        "=",
        " ",
        "\n",
        "é",
        "\x00",
        f'<owl:imports xmlns:owl="http://www.w3.org/2002/07/owl#" rdf:resource="{ctx_url}"/>',
    ]


def json_values(ctx_url: str, file_url: str) -> st.SearchStrategy[object]:
    """JSON-LD-ish trees: keywords as keys, contexts that point outside, odd numbers."""
    keys = st.sampled_from(
        [
            "@context",
            "@id",
            "@type",
            "@value",
            "@language",
            "@list",
            "@set",
            "@graph",
            "@reverse",
            "@index",
            "@nest",
            "@base",
            "@vocab",
            "@import",
            "@protected",
            "@json",
            "@direction",
            "@version",
            "@included",
            "@container",
            "http://e/p",
            "e:p",
            "e",
            "p",
            "name",
        ]
    ) | st.text(max_size=8)
    leaves = (
        st.sampled_from(
            [
                ctx_url + "ctx",
                file_url,
                "https://w3id.org/wpskg/context.jsonld",
                "http://e/",
                "e:x",
                "_:b",
                "a",
                "",
                "2024-02-30",
                "http://www.w3.org/2001/XMLSchema#date",
                "@id",
                "@json",
                "en",
                "ltr",
                1.1,
            ]
        )
        | st.text(max_size=20)
        | st.integers(min_value=-(10**30), max_value=10**30)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.booleans()
        | st.none()
    )
    return st.recursive(
        leaves,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
        max_leaves=30,
    )


XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def _terms(ctx_url: str, file_url: str) -> dict[str, list[str]]:
    """Turtle terms by position, valid and not: what the statement generator draws from."""
    return {
        "subject": [
            "<https://w3id.org/wpskg/id/a>",
            "<a>",
            "ex:a",
            "_:b",
            "[]",
            "[ ex:p ex:o ]",
            "( ex:a 1 )",
            "<<( ex:a ex:p ex:o )>>",
            '"lit"',
            f"<{file_url}>",
            "<http://e/a b>",
            "<>",
            "ex:\\.a",
        ],
        "predicate": ["ex:p", "a", "<p>", "<http://www.w3.org/2002/07/owl#imports>", "<http://e/p>", "ex:q", "_:p"],
        "object": [
            "ex:o",
            '"x"',
            '"x"@en',
            '"x"@en--ltr',
            '"x"@en^^xsd:string',
            '"2024-02-30"^^xsd:date',
            '"2024-02-29"^^xsd:date',
            '"01"^^xsd:integer',
            '"1.50"^^xsd:decimal',
            '"1,5"^^xsd:decimal',
            '"abc"^^xsd:boolean',
            '"12"^^xsd:gYear',
            "1.5",
            "-0",
            "1e400",
            "true",
            "( )",
            "( ex:a [] )",
            "[ ex:p [ ex:p ex:o ] ]",
            "<<( ex:a ex:p ex:o )>>",
            f"<{ctx_url}onto>",
            f"<{file_url}>",
            '"""multi\nline"""',
            '"\\u0022 \\t \\U0001F600"',
            '"' + "y" * 2000 + '"',
            f'"{chr(0x10FFFF)}é\u2028"',
            '"x"^^<http://e/custom>',
            "_:b",
        ],
    }


@st.composite
def turtle_documents(draw: st.DrawFn, ctx_url: str, file_url: str, ntriples: bool = False) -> str:
    """Statements made of odd terms, sometimes mutated by a stray piece."""
    terms = _terms(ctx_url, file_url)
    head = "" if ntriples else "@prefix ex: <http://e/> .\n@prefix xsd: <" + XSD_NS + "> .\n"
    head += draw(st.sampled_from(["", "@base <file:///tmp/> .\n", "BASE <http://e/>\n", 'VERSION "1.2"\n']))
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        parts = [draw(st.sampled_from(terms[k])) for k in ("subject", "predicate", "object")]
        if ntriples:
            parts = [p.replace("ex:", "http://e/") if p.startswith("ex:") else p for p in parts]
            parts = [f"<{p}>" if p.startswith("http://e/") else p for p in parts]
        tail = draw(st.sampled_from([" .", " ;\n  ex:q ex:o .", " , ex:o2 .", " {| ex:r ex:s |} .", " ~ ex:r ."]))
        lines.append(" ".join(parts) + (" ." if ntriples else tail))
    text = head + "\n".join(lines) + "\n"
    if draw(st.integers(0, 2)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(turtle_pieces(ctx_url, file_url))) + text[at:]
    return text


@st.composite
def rdfxml_documents(draw: st.DrawFn, ctx_url: str, file_url: str) -> str:
    """An RDF/XML skeleton with odd descriptions, sometimes with a DTD or a stray piece."""
    about = st.sampled_from(["http://e/a", "a", "", file_url, "#frag", "http://e/a b"])
    attrs = st.sampled_from(
        [
            "",
            f' rdf:datatype="{XSD_NS}date"',
            f' rdf:datatype="{XSD_NS}integer"',
            ' xml:lang="en"',
            ' rdf:parseType="Literal"',
            ' rdf:parseType="Resource"',
            ' rdf:parseType="Triple"',
            ' its:dir="rtl"',
        ]
    )
    values = st.sampled_from(["2024-02-30", "2024-02-29", "01", "x", "<e:b/>", "&amp;", "&#0;", "&a;", ""])
    body = []
    for _ in range(draw(st.integers(1, 4))):
        body.append(
            f'<rdf:Description rdf:about="{draw(about)}"><e:p{draw(attrs)}>{draw(values)}</e:p>'
            f'<owl:imports rdf:resource="{ctx_url}onto"/></rdf:Description>'
        )
    prolog = draw(
        st.sampled_from(
            [
                "",
                '<?xml version="1.0" encoding="UTF-8"?>\n',
                '<!DOCTYPE r [<!ENTITY a "aaaa">]>\n',
                f'<!DOCTYPE r SYSTEM "{file_url}">\n',
            ]
        )
    )
    base = draw(st.sampled_from(["", f' xml:base="{file_url}"', ' xml:base="http://e/"']))
    text = (
        f'{prolog}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/" '
        f'xmlns:owl="http://www.w3.org/2002/07/owl#"{base}>' + "".join(body) + "</rdf:RDF>"
    )
    if draw(st.integers(0, 2)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(rdfxml_pieces(ctx_url, file_url))) + text[at:]
    return text


@st.composite
def loader_inputs(draw: st.DrawFn, ctx_url: str, file_url: str) -> tuple[bytes, str]:
    """A document (bytes) and the extension to load it as."""
    ext = draw(st.sampled_from(EXTENSIONS))
    how = draw(st.sampled_from(["structured", "structured", "pieces", "bytes"]))
    if how == "bytes":
        return draw(st.binary(max_size=400)), ext
    if ext == ".jsonld":
        tree = draw(json_values(ctx_url, file_url))
        if how == "structured":
            context = draw(
                st.sampled_from(
                    [
                        None,
                        "https://w3id.org/wpskg/context.jsonld",
                        ctx_url + "ctx",
                        {"e": "http://e/", "t": {"@id": "e:t", "@context": ctx_url}},
                    ]
                )
            )
            tree = {"@context": context, "@id": "http://e/a", "http://e/p": tree}
        text = json.dumps(tree)
        if how == "pieces":  # mutate the JSON text a little
            at = draw(st.integers(0, len(text)))
            junk = draw(st.sampled_from(['"', "{", "}", "[", ",", ":", "\\", "NaN", "1" * 5000, "[" * 300, ""]))
            text = text[:at] + junk + text[at:]
        return text.encode("utf-8", "surrogatepass"), ext
    if how == "structured":
        if ext == ".rdf":
            return draw(rdfxml_documents(ctx_url, file_url)).encode("utf-8", "surrogatepass"), ext
        return draw(turtle_documents(ctx_url, file_url, ntriples=ext == ".nt")).encode("utf-8", "surrogatepass"), ext
    pieces = rdfxml_pieces(ctx_url, file_url) if ext == ".rdf" else turtle_pieces(ctx_url, file_url)
    chosen = draw(st.lists(st.sampled_from(pieces) | st.text(max_size=6), max_size=40))
    return "".join(chosen).encode("utf-8", "surrogatepass"), ext


def loader_target(data: bytes, ext: str, rec: Recorder) -> None:
    """Load ``data``; only :class:`InputError` may escape, nothing may be fetched or opened."""
    watch = OpenWatch.get()
    before, opened = len(rec.requests), len(watch.opened)
    try:
        doc = load_bytes(data, "fuzz" + ext)
    except InputError:
        doc = None
    assert len(rec.requests) == before, f"the loader fetched {rec.requests[before:]}"
    assert len(watch.opened) == opened, f"the loader opened {watch.opened[opened:]}"
    if doc is not None:
        for quad in doc.quads:
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, ox.NamedNode):
                    assert not term.value.lower().startswith("file:"), term


# --------------------------------------------------------------------------- guard

GUARD_PIECES = [
    "SERVICE",
    "service",
    "SERVICE SILENT",
    "\u017fERVICE",
    "SERV\u0131CE",
    "SERVICE:",
    ":",
    "ex:",
    "ex:.",
    "ex:a.",
    "true",
    "false",
    "1",
    "1.5",
    "1e5",
    "a",
    "UNDEF",
    "?o",
    "$o",
    "?",
    "$",
    ".",
    ";",
    ",",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    "<=",
    "||",
    "&&",
    "!",
    "^^",
    "@en",
    "@",
    "#",
    "# c",
    "\n",
    "\r",
    "\r\n",
    " ",
    "\t",
    "\u00a0",
    "\u2028",
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\u0022",
    "\\u0027",
    "\\U0000007B",
    "\\n",
    "\\\\",
    "FROM",
    "FROM NAMED",
    "NAMED",
    "LOAD",
    "INSERT",
    "DEFINE",
    "bif:",
    "BASE",
    "PREFIX",
    "GRAPH",
    "FILTER",
    "EXISTS",
    "BIND",
    "AS",
    "VALUES",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "SELECT",
    "WHERE",
    "*",
    "_:b",
    "<<",
    ">>",
    "\ufb01",
]


SERVICE_SPELLINGS = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "\u017fERVICE", "SERV\u0131CE", "SERV\\u0049CE"]
BEFORE = [
    "?s ?p ?o",
    "?s ?p ?o .",
    "?s ?p ex:",
    "?s ?p ex:.",
    "?s ?p true",
    "?s ?p 1",
    "?s ?p 1.5",
    "?s ?p ?o FILTER(true)",
    "?s ?p 'x'@en",
    "?s ?p <http://e/o>",
    "?s ?p ?o?",
    "",
    "{ ?s ?p ?o }",
    '?s ?p "x"',
    "?s ?p ?o OPTIONAL { ?s ?p ?o }",
    "?s ?p ?o # note",
]
GLUE = [
    "",
    " ",
    "\n",
    "\t",
    "# c\r",
    "# c\n",
    "#\r\n",
    "\r\n",
    "\r",
    ".",
    " . ",
    "\u00a0",
    "\u2028",
    "\\u0020",
    "#\\u000A",
]


@st.composite
def guard_inputs(draw: st.DrawFn, server: str) -> str:
    """A query that calls ``server`` by SERVICE (or FROM) in a disguise, or a soup of pieces."""
    head = draw(st.sampled_from(["", f"PREFIX : <{server}> PREFIX ex: <{server}ex/> "]))
    if draw(st.integers(0, 9)) < 7:
        keyword = draw(st.sampled_from(SERVICE_SPELLINGS))
        target = draw(st.sampled_from([f"<{server}sparql>", ":", f" <{server}sparql>", "ex:sparql", ":sparql"]))
        body = (
            draw(st.sampled_from(BEFORE))
            + draw(st.sampled_from(GLUE))
            + keyword
            + draw(st.sampled_from(["", " ", "\n", "\t"]))
            + target
            + draw(st.sampled_from(["{ ?a ?b ?c }", " { }", "{}"]))
        )
        if draw(st.booleans()):
            at = draw(st.integers(0, len(body)))
            body = body[:at] + draw(st.sampled_from(GUARD_PIECES) | st.text(max_size=3)) + body[at:]
        if draw(st.integers(0, 4)) == 0:
            source = draw(
                st.sampled_from(
                    [
                        f"<{server}x.ttl>",
                        "<file:///etc/hostname>",
                        "ex:x",
                        ":x",
                        "<https://w3id.org/wpskg/graph>",
                        "<x.ttl>",
                    ]
                )
            )
            named = draw(st.sampled_from(["", "NAMED ", "named "]))
            return f"{head}SELECT * FROM {named}{source} WHERE {{ {body} }}"
        return f"{head}SELECT * WHERE {{ {body} }}"
    pieces = [
        *GUARD_PIECES,
        f"<{server}sparql>",
        f"<{server}x.ttl>",
        "<file:///etc/hostname>",
        "<https://w3id.org/wpskg/graph>",
    ]
    middle = "".join(draw(st.lists(st.sampled_from(pieces) | st.text(max_size=4), max_size=30)))
    return f"{head}SELECT * WHERE {{ ?s ?p ?o {middle} }}"


_STORES: dict[str, ox.Store] = {}
XSD = "http://www.w3.org/2001/XMLSchema#"


def _store(server: str) -> ox.Store:
    """A small store in which every ``?s ?p X`` of :data:`BEFORE` has a match."""
    if server not in _STORES:
        store = ox.Store()
        s, p = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
        objects = [
            ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
            ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")),
            ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")),
            ox.NamedNode("http://e/o"),
            ox.NamedNode(server + "ex/"),
            ox.Literal("x"),
            ox.Literal("x", language="en"),
        ]
        for o in objects:
            store.add(ox.Quad(s, p, o))
        _STORES[server] = store
    return _STORES[server]


def _rdflib_reaches_out(query: str) -> str | None:
    """What rdflib would fetch for ``query`` (a SERVICE or a remote FROM), from its parse alone."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(query)
    except Exception:  # rdflib refuses it, which is fine
        return None
    text = str(prepared.algebra)
    if "ServiceGraphPattern" in text:
        return "SERVICE"
    for clause in prepared.algebra.get("datasetClause") or ():
        # not clause.get("default"): rdflib's CompValue.get gives the key itself for a missing key,
        # so a FROM NAMED of the local graph read as FROM <default>
        iri = str(clause["default"] if "default" in clause else clause["named"] if "named" in clause else "")  # noqa: SIM401
        if not iri.startswith(LOCAL_GRAPHS) or "/." in iri:
            return f"FROM <{iri}>"
    return None


def guard_target(query: str, rec: Recorder, *, with_rdflib: bool = True) -> None:
    """Check ``query``; if allowed, neither pyoxigraph nor rdflib may reach out."""
    try:
        check_query(query)
    except QueryError:
        return
    before = len(rec.requests)
    try:
        result = _store(rec.url).query(query)
        if not isinstance(result, ox.QueryBoolean):
            for _ in result:
                pass
    except Exception:  # an engine error is not a leak
        pass
    assert len(rec.requests) == before, f"allowed query made pyoxigraph call {rec.requests[before:]}: {query!r}"
    if with_rdflib:
        leak = _rdflib_reaches_out(query)
        assert leak is None, f"allowed query has {leak} for rdflib: {query!r}"


# --------------------------------------------------------------------------- parameters

PARAM_TEMPLATE = (
    "#+ summary: fuzz\n#+ params:\n#+   v: {type: string}\n#+   i: {type: iri}\n"
    "SELECT ?x ?y WHERE { VALUES ?v { UNDEF } VALUES ?i { UNDEF } BIND(?v AS ?x) BIND(?i AS ?y) }"
)


def param_inputs() -> st.SearchStrategy[str]:
    """Parameter text with the characters that break naive escapers."""
    nasty = st.sampled_from(
        [
            '"',
            "'",
            "\\",
            "\\u0022",
            "\\u005C",
            ">",
            "<",
            "{",
            "}",
            "#",
            "\n",
            "\r",
            "}} SERVICE <http://127.0.0.1:9/> {",
            "UNDEF",
            "?x",
            "$x",
            " ",
            ":",
        ]
    )
    return st.lists(nasty | st.text(max_size=5), max_size=12).map("".join)


def _shape(query: str) -> list[str]:
    return [kind if kind in ("string", "iri") else f"{kind}:{text}" for kind, text in tokens(query)]


def param_target(value: str) -> None:
    """Bind ``value`` as a string and as an IRI; the shape is kept and the value comes back."""
    from wpskg.queries import Resolver, StoredQuery
    from wpskg.store import Graph

    stored = StoredQuery.parse(PARAM_TEMPLATE, "fuzz")
    resolver = Resolver(Graph())
    template_shape = _shape(stored.text)
    for name, param in (("v", stored.param("v")), ("i", stored.param("i"))):
        try:
            terms = resolver.resolve(param, value)
        except ParameterError:
            continue
        bound = stored.bind({name: terms})
        shape = _shape(bound)
        expected = list(template_shape)
        slot = expected.index("word:UNDEF") if name == "v" else len(expected) - 1 - expected[::-1].index("word:UNDEF")
        expected[slot : slot + 1] = ["string"] if name == "v" else ["iri"]
        assert shape == expected, f"binding {value!r} changed the query's shape: {bound!r}"
        rows = list(ox.Store().query(bound))
        assert len(rows) == 1, (value, bound)
        got = rows[0]["x" if name == "v" else "y"]
        if name == "v":
            assert isinstance(got, ox.Literal) and got.value == value.strip(), (value, got)
        else:
            assert isinstance(got, ox.NamedNode), (value, got)


# --------------------------------------------------------------------------- runner


def _batches(name: str, body: Callable[[], None], seconds: float) -> int:
    """Run ``body`` (a Hypothesis test) repeatedly until ``seconds`` have passed; returns batches."""
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        body()
        count += 1
    print(f"fuzz {name}: {count} batch(es) in {seconds:.0f} s, no failure", flush=True)
    return count


def run(seconds: float, targets: list[str], batch: int = 100) -> None:
    """Fuzz each of ``targets`` for its share of ``seconds``."""
    fuzz_settings = settings(
        max_examples=batch,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    share = seconds / len(targets)
    with recorder() as rec:
        file_url = sentinel_file().as_uri()

        @fuzz_settings
        @given(loader_inputs(rec.url, file_url))
        def loaders(case: tuple[bytes, str]) -> None:
            loader_target(case[0], case[1], rec)

        @fuzz_settings
        @given(guard_inputs(rec.url))
        def guard(query: str) -> None:
            guard_target(query, rec)

        @fuzz_settings
        @given(param_inputs())
        def params(value: str) -> None:
            param_target(value)

        bodies = {"loaders": loaders, "guard": guard, "params": params}
        for name in targets:
            _batches(name, bodies[name], share)


def main(argv: list[str] | None = None) -> int:
    """``python fuzz/wpskg_fuzz.py --seconds N [--target loaders|guard|params]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="total time budget")
    parser.add_argument("--target", action="append", choices=["loaders", "guard", "params"])
    parser.add_argument("--batch", type=int, default=100, help="examples per Hypothesis run")
    args = parser.parse_args(argv)
    run(args.seconds, args.target or ["loaders", "guard", "params"], args.batch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
