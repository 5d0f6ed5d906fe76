"""Stored queries on real SPARQL servers started on loopback, compared row for row with local runs.

The ``oxigraph`` server (PyPI package ``oxigraph``) always runs; Virtuoso runs
when Debian's ``virtuoso-opensource`` is installed (``virtuoso-t`` on PATH),
else its tests are skipped with the reason. Each server starts once per module
in a temporary folder, on 127.0.0.1 and free ports, and is stopped at the end.
"""

from __future__ import annotations

import contextlib
import csv
import http.server
import io
import json
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
from support import engines_module, venv_tool

from wpskg import queries, remote
from wpskg.cli import main
from wpskg.errors import ParameterError, QueryTimeout, RowCapExceeded, WpskgError
from wpskg.project import Project
from wpskg.serve.launch import free_port, terminate
from wpskg.store import Graph, infer, load_project

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
STORED = queries.load_queries(ROOT / "queries")
GRAPH_IRI = "https://w3id.org/wpskg/graph"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_INT = XSD + "int"

#: Parameter sets run on every server, covering every parameter of every stored query.
CASES: list[tuple[str, dict[str, str]]] = [
    ("funders", {}),
    ("funders", {"country": "ML", "theme": "gbv"}),
    ("funders", {"year": "2022"}),
    ("funders", {"theme": "crsv", "year": "2019"}),
    ("funders", {"funded_by": "belgium", "country": "ML"}),
    ("funders", {"funded_by": "be-development-cooperation"}),
    ("funders", {"funded_by": "be-fps-foreign-affairs"}),  # its department's fundings too
    ("funding-totals", {"by": "country"}),
    ("funding-totals", {"by": "theme"}),
    ("funding-totals", {"by": "funder"}),
    ("funding-totals", {"by": "funder-country"}),
    ("funding-totals", {"by": "recipient"}),
    ("funding-totals", {"by": "plan"}),
    ("plans", {}),
    ("plans", {"country": "BE"}),
    ("plans", {"country": "Netherlands", "type": "wps"}),
    ("plans", {"type": "gbv"}),
    ("objectives", {}),
    ("objectives", {"plan": "be-wps-nap-3"}),
    ("objectives", {"country": "NL"}),
    ("focus-countries", {}),
    ("focus-countries", {"plan": "be-wps-nap-4"}),
    ("focus-countries", {"country": "Mali"}),
    ("actors", {}),
    ("actors", {"type": "state", "role": "funder"}),
    ("actors", {"role": "coordinator"}),
    ("actors", {"type": "other"}),
    ("resolutions", {}),
    ("conflicts", {}),
    ("provenance", {"subject": "fund:be-crsv-mptf"}),
    ("provenance", {"subject": "be-wps-nap-1"}),
    ("provenance", {"subject": "Global Survivors Fund"}),
    ("peacekeeping", {"country": "BE"}),
    ("timeline", {}),
    ("timeline", {"country": "be"}),
    ("gaps", {}),
    ("gaps", {"kind": "objective-no-indicator"}),
    ("gaps", {"plan": "be-wps-nap-3"}),
    ("gaps", {"country": "BE"}),
    ("gaps", {"country": "NL", "kind": "funding-no-amount"}),
    ("gaps", {"plan": "be-wps-nap-3", "kind": "plan-no-budget"}),
    ("gaps", {"plan": "nl-wps-nap-4"}),
    ("figures", {}),
    ("plan-summary", {}),
    ("plan-summary", {"country": "NL"}),
    ("plan-summary", {"theme": "gbv", "country": "BE"}),
    ("actions", {}),
    ("actions", {"plan": "be-wps-nap-3", "theme": "gbv"}),
    ("actions", {"country": "ML", "actor": "belgium"}),
    ("actions", {"actor": "UN Women"}),
    ("figures", {"plan": "be-wps-nap-3"}),
    ("figures", {"indicator": "un-peacekeeping-personnel", "country": "BE"}),
]
CASE_IDS = [f"{name}-{'-'.join(f'{k}={v}' for k, v in params.items()) or 'all'}" for name, params in CASES]
HOSTILE = ['x" } UNION { ?claim ?p ?o } #', "\\u0022) || true || (\\u0022", "be-wps-nap-1\n} UNION {"]


@dataclass
class Server:
    """A running SPARQL server: where to query and where to push."""

    name: str
    query_url: str
    store_url: str
    graph_iri: str | None
    stuck: str = ""  # the test after which the server stopped answering


def wait_for(url: str, process: subprocess.Popen, log: Path, limit: float = 60.0) -> None:
    """Poll ``url`` until the server answers, or fail with its log."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"server did not answer at {url} within {limit:g} s:\n{log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def kg() -> Graph:
    graph = load_project(Project(ROOT))
    infer(graph)
    return graph


@contextlib.contextmanager
def running_oxigraph(folder: Path) -> Iterator[str]:
    """An Oxigraph server on loopback with an empty store in ``folder``: its base URL."""
    binary = venv_tool("oxigraph")
    if binary is None:
        pytest.fail("the oxigraph server is missing: pip install -e '.[test]' installs it (package oxigraph)")
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/query?query=ASK%7B%7D", process, log)
        yield base
    finally:
        terminate(process, grace=30)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory, kg: Graph) -> Iterator[Server]:
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as base:
        server = Server("oxigraph", f"{base}/query", f"{base}/store", None)
        remote.push(kg, server.store_url, server.graph_iri, timeout=120)
        yield server


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory, kg: Graph) -> Iterator[Server]:
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource; .ci/run does)")
    folder = tmp_path_factory.mktemp("virtuoso")
    (folder / "vsp").mkdir()
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    settings = engines_module().virtuoso_ini(
        folder, sql_port, http_port, buffers=10_000, query_mem="500M", max_rows=100_000, max_seconds=60
    )
    ini.write_text(settings, encoding="utf-8")
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{http_port}"
        wait_for(f"{base}/sparql?query=ASK%7B%7D", process, log, limit=120)
        # a fresh database has the user dba with password dba; the -auth endpoint wants Digest
        server = Server(
            "virtuoso", f"{base}/sparql", f"http://dba:dba@127.0.0.1:{http_port}/sparql-graph-crud-auth", GRAPH_IRI
        )
        remote.push(kg, server.store_url, server.graph_iri, timeout=120)
        yield server
    finally:
        terminate(process, grace=60)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    return request.getfixturevalue(f"{request.param}_server")


@pytest.fixture(autouse=True)
def answering(request: pytest.FixtureRequest) -> None:
    """Fail at once on a server that stopped answering, instead of at each test's time limit.

    A query that Virtuoso cannot finish keeps it busy after the client gives up, and every
    later test then waited 60 s for its own time limit (an hour for the module)."""
    if "server" not in request.fixturenames:
        return
    server: Server = request.getfixturevalue("server")
    if server.stuck:
        pytest.fail(f"{server.name} stopped answering after {server.stuck}; not run")
    try:
        remote.run_text("ASK {}", server.query_url, timeout=15)
    except WpskgError as exc:
        server.stuck = f"the test before {request.node.name} ({exc})"
        pytest.fail(f"{server.name} does not answer ASK {{}} before {request.node.name}: {exc}")


@pytest.fixture(scope="module")
def local_results(kg: Graph) -> dict[int, tuple[list[str], list[list]]]:
    """Every case run locally, once."""
    out = {}
    for i, (name, params) in enumerate(CASES):
        run = queries.run(STORED[name], kg, params)
        out[i] = (run.result.variables, remote.normalise_rows(run.result.rows))
    return out


def test_the_cases_cover_every_query_and_parameter() -> None:
    covered = {(name, key) for name, params in CASES for key in params}
    assert {name for name, _ in CASES} == set(STORED)
    for name, query in STORED.items():
        for param in query.params:
            assert (name, param.name) in covered, (name, param.name)


@pytest.mark.parametrize("case", range(len(CASES)), ids=CASE_IDS)
def test_remote_rows_match_local_rows(server: Server, kg: Graph, local_results: dict, case: int) -> None:
    name, params = CASES[case]
    # the parameters are looked up on the server (country names, narrower themes, plan ids, labels)
    variables, rows = remote.run_stored(STORED[name], server.query_url, params, timeout=60)
    local_variables, local_rows = local_results[case]
    assert variables == local_variables
    assert len(rows) == len(local_rows)
    for number, (got, want) in enumerate(zip(rows, local_rows, strict=True)):
        assert got == want, f"row {number} differs on {server.name}"


def test_a_page_on_an_endpoint_is_the_same_page_as_locally(server: Server, kg: Graph, local_results: dict) -> None:
    case = CASES.index(("funders", {}))
    _, whole = local_results[case]
    assert len(whole) > 4
    _, rows = remote.run_stored(STORED["funders"], server.query_url, graph=kg, timeout=60, limit=3, offset=2)
    assert remote.normalise_rows(rows) == whole[2:5]


@pytest.fixture(scope="module")
def long_lists(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Graph, object]]:
    """Virtuoso with 100 synthetic plans, bulk-loaded: resolution 1325's list of plans is over 8 KB."""
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        pytest.skip("virtuoso-t or isql-vt is not installed (apt-get install virtuoso-opensource; .ci/run does)")
    folder = tmp_path_factory.mktemp("long-lists")
    graph, data = engines_module().synthetic(Project(ROOT), folder, 100, 1)
    server = engines_module().Virtuoso(folder / "virtuoso", data)
    try:
        yield f"http://127.0.0.1:{server.http_port}/sparql", graph, server
    finally:
        server.close()


@pytest.mark.server
def test_rows_too_long_for_virtuoso_to_sort_are_sorted_here(
    long_lists: tuple[str, Graph, object], capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: Virtuoso 7.2 cannot sort rows with a list over about 8 KB (SR478), so
    ``resolutions`` failed on it from about 30 plans; it is now sorted on the client."""
    url, graph, server = long_lists
    stored = STORED["resolutions"]
    with pytest.raises(urllib.error.HTTPError) as refused:  # the stored text, as it is
        server.select(queries.bind(stored, graph, {}))
    assert b"SR478" in refused.value.read(), "Virtuoso sorts these rows now: the fallback is not exercised"
    whole = remote.normalise_rows(queries.run(stored, graph).result.rows)
    assert max(len(t.value) for row in whole for t in row if t is not None) > 8000
    assert remote.run_stored(stored, url, graph=graph, timeout=60) == (list(stored.columns), whole)
    assert remote.run_stored(stored, url, graph=graph, timeout=60, limit=3, offset=2)[1] == whole[2:5]
    code = main(["query", "resolutions", "--endpoint", url, "--format", "csv", "--limit", "2"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert code == 0 and [row[0] for row in rows[1:]] == [row[0].value for row in whole[:2]]
    actors = STORED["actors"]  # answers on Virtuoso at 100 plans, and gives the same rows
    local = remote.normalise_rows(queries.run(actors, graph).result.rows)
    assert remote.run_stored(actors, url, graph=graph, timeout=60)[1] == local


def test_push_is_exact_and_idempotent(server: Server, kg: Graph) -> None:
    count = remote.push(kg, server.store_url, server.graph_iri, timeout=120)
    assert count == len({(t.subject, t.predicate, t.object) for t in kg.triples()})
    where = f"GRAPH <{server.graph_iri}> {{ ?s ?p ?o }}" if server.graph_iri else "?s ?p ?o"
    (_, rows) = remote.run_text(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", server.query_url, timeout=60)
    assert int(rows[0][0].value) == count, "pushing twice leaves one copy"
    # a decimal written "6311964.80" comes back as the same value
    (_, rows) = remote.run_text(
        "SELECT ?v WHERE { <https://w3id.org/wpskg/id/funding/be-development-cooperation-call-for-projects-2021> "
        "<https://schema.org/amount> ?m . ?m <https://schema.org/value> ?v }",
        server.query_url,
        timeout=60,
    )
    assert rows[0][0].value == "6311964.8"


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("where", ["local", "endpoint"])
def test_hostile_values_name_nothing(server: Server, kg: Graph, value: str, where: str) -> None:
    # looked up as escaped literals, locally or on the endpoint; never pasted into the stored query
    graph = kg if where == "local" else None
    named = "the graph" if where == "local" else f"the data of {re.escape(server.query_url)}"
    with pytest.raises(ParameterError, match=f"nothing in {named} is named"):
        remote.run_stored(STORED["provenance"], server.query_url, {"subject": value}, graph=graph, timeout=60)


def test_cli_push_names_the_endpoint_without_credentials(
    server: Server, kg: Graph, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["push", "--project", str(ROOT), "--endpoint", server.store_url]
    code = main(args + (["--graph", server.graph_iri] if server.graph_iri else []))
    out, err = capsys.readouterr()
    assert code == 0, err
    count = len({(t.subject, t.predicate, t.object) for t in kg.triples()})
    target = re.sub(r"//[^@/]*@", "//", server.store_url)
    assert out.startswith(f"pushed {count} triples to {target}"), out
    assert "dba" not in out


def test_cli_query_looks_parameters_up_on_the_endpoint(
    server: Server, kg: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A project with no instances: the plan is known to the endpoint only.
    for name in ("ontology", "queries"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "instances").mkdir()
    (tmp_path / "shapes").mkdir()
    args = ["query", "objectives", "--project", str(tmp_path), "--format", "csv", "--endpoint", server.query_url]
    code = main([*args, "--param", "plan=be-wps-nap-3"])
    out, err = capsys.readouterr()
    assert code == 0, err
    local = queries.run(STORED["objectives"], kg, {"plan": "be-wps-nap-3"}).result
    column = local.variables.index("objective")
    found = [row["objective"] for row in csv.DictReader(io.StringIO(out))]
    assert found == [row[column].value for row in local.rows] and len(found) > 1
    code = main([*args, "--param", "plan=be-wps-nap-33"])
    _, err = capsys.readouterr()
    assert code == 2 and "unknown plan 'be-wps-nap-33'" in err and "be-wps-nap-3" in err


def test_cli_query_and_sparql_on_an_endpoint(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["query", "peacekeeping", "--param", "country=BE", "--format", "csv", "--endpoint", server.query_url])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.splitlines()[:2] == [
        "country,date,personnel,women,men,category,source,figure,part_of,country_code",
        "Belgium,2023-05,5,0,5,,Country page on Belgium's NAP 4 (2022–2026),"
        "https://w3id.org/wpskg/id/figure/be-peacekeeping-2023-05,,BE",
    ]
    code = main(["sparql", "ASK { ?p a <https://w3id.org/wpskg/ont#Plan> }", "--endpoint", server.query_url])
    out, _ = capsys.readouterr()
    assert code == 0 and "true" in out


NAP3 = "<https://w3id.org/wpskg/id/plan/be-wps-nap-3>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"ASK {{ {NAP3} a <https://w3id.org/wpskg/ont#Plan> }}", "true\n"),
        (f"ASK {{ {NAP3} a <https://w3id.org/wpskg/ont#Action> }}", "false\n"),
        (f"CONSTRUCT {{ {NAP3} {LABEL} ?l }} WHERE {{ {NAP3} {LABEL} ?l }}", '"Derde Belgisch'),
        (f"SELECT ?l WHERE {{ {NAP3} {LABEL} ?l }} ORDER BY ?l", 'l\r\n"Belgium NAP III'),
    ],
    ids=["ask-true", "ask-false", "construct", "select"],
)
def test_cli_sparql_prints_the_same_answer_locally_and_on_an_endpoint(
    server: Server, query: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fmt = [] if query.startswith("CONSTRUCT") else ["--format", "csv"]  # a graph answers in Turtle
    assert main(["sparql", query, "--project", str(ROOT), *fmt]) == 0
    local = capsys.readouterr().out
    assert local.startswith(expected) if expected.endswith("\n") else expected in local, local
    assert main(["sparql", query, "--endpoint", server.query_url, *fmt]) == 0
    assert capsys.readouterr().out == local


def test_run_stored_sends_the_local_text(kg: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    sent = []
    monkeypatch.setattr(remote, "run_text", lambda text, endpoint, **limits: sent.append(text) or ([], []))
    params = {"country": "ML", "theme": "gbv", "year": "2021"}
    remote.run_stored(STORED["funders"], "http://127.0.0.1:9/none", params, graph=kg)
    assert sent == [queries.run(STORED["funders"], kg, params).text]


@contextlib.contextmanager
def _listening(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """A loopback HTTP server with ``handler``, for the test's duration: its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Slow(http.server.BaseHTTPRequestHandler):
    """Answers nothing for a long while."""

    def do_POST(self) -> None:
        time.sleep(3)
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_remote_queries_have_a_time_limit() -> None:
    with _listening(_Slow) as base, pytest.raises(QueryTimeout, match=r"time limit of 0\.5 s"):
        remote.run_text("SELECT * WHERE { ?s ?p ?o }", base + "/sparql", timeout=0.5)


#: What the endpoint below answers a query without ORDER BY: five rows of ?s and its sort key, unsorted.
UNSORTED = {
    "head": {"vars": ["s", "k"]},
    "results": {
        "bindings": [
            {
                "s": {"type": "uri", "value": f"http://e/{n}"},
                "k": {"type": "literal", "value": str(n), "datatype": XSD_INT},
            }
            for n in (3, 10, 1, 4, 2)
        ]
    },
}


class _CannotSort(http.server.BaseHTTPRequestHandler):
    """Refuses every ORDER BY as Virtuoso refuses rows too long to sort; at /slow it is slow on the rest,
    elsewhere it answers :data:`UNSORTED` (the key column named after the query's own)."""

    def do_POST(self) -> None:
        query = urllib.parse.parse_qs(self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode())["query"][
            0
        ]
        status, body = 500, b"Virtuoso 22026 Error SR478: Value of ANY type column too long"
        if "ORDER BY" not in query:
            if self.path == "/slow":
                time.sleep(3)
            else:
                key = re.search(r"AS \?(\w+)\)", query).group(1)
                status, body = 200, json.dumps(UNSORTED).replace('"k"', f'"{key}"').encode()
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            # /slow answers after the client's time limit, when it has hung up: the traceback that
            # socketserver printed then landed in the stderr of whichever test ran next
            pass

    def log_message(self, *args: object) -> None:
        pass


def test_sorting_here_keeps_the_time_limit_and_the_error_when_it_cannot() -> None:
    with _listening(_CannotSort) as url:
        variables, rows = remote.run_text("SELECT ?s WHERE { ?s ?p ?k } ORDER BY DESC(?k) LIMIT 2 OFFSET 1", url)
        assert variables == ["s"] and rows == [[ox.NamedNode("http://e/4")], [ox.NamedNode("http://e/3")]]
        with pytest.raises(RowCapExceeded, match=r"cannot sort these rows \(SR478\).*whole answer.*more than 3 rows"):
            remote.run_text("SELECT ?s WHERE { ?s ?p ?k } ORDER BY ?k LIMIT 2", url, max_rows=3)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match=r"time limit of 1\.5 s"):  # the second query is slow
            remote.run_text("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", url + "/slow", timeout=1.5)
        assert time.monotonic() - started < 2.5
        with pytest.raises(remote.RemoteError, match="SR478"):  # DISTINCT: not sorted here, Virtuoso's error
            remote.run_text("SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY ?s", url + "/slow", timeout=5)


#: What the odd endpoint below answers, by the path it is asked at: (status, content type, body).
ODD_ANSWERS = {
    "/bad-request": (400, "text/plain", b"Parse error: unexpected token at line 1"),
    "/html-error": (500, "text/html", b"<html><body><h1>Internal error</h1><p>database down</p></body></html>"),
    "/html-page": (200, "text/html", b"<html><body>Welcome to our portal</body></html>"),
    "/broken-json": (200, "application/sparql-results+json", b'{"head": {"vars": ["s"]}, "results": {"bind'),
    "/json-list": (200, "application/sparql-results+json", b"[1, 2, 3]"),
    "/not-found": (404, "text/plain", b"no such endpoint"),
    "/broken-turtle": (200, "text/turtle", b"<http://e/s> <http://e/p> ."),
}
ODD_MESSAGES = {
    "/bad-request": "answered HTTP 400 (bad request: the endpoint could not parse or run the query): Parse error: "
    "unexpected token at line 1",
    "/html-error": "answered HTTP 500 (internal error of the endpoint): Internal error database down",
    "/html-page": "answered something that is not SPARQL results JSON",
    "/broken-json": "answered something that is not SPARQL results JSON",
    "/json-list": "did not answer with SPARQL results JSON",
    "/not-found": "answered HTTP 404",
    "/broken-turtle": "answered malformed Turtle",
}


class _Odd(http.server.BaseHTTPRequestHandler):
    """Answers each query with the canned response of its path (ODD_ANSWERS)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, media, body = ODD_ANSWERS[self.path.split("?")[0]]
        try:
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client may hang up once it has the status it errs on (seen on a busy machine)

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def odd_endpoint() -> Iterator[str]:
    with _listening(_Odd) as base:
        yield base


@pytest.mark.parametrize("path", list(ODD_ANSWERS))
def test_an_endpoint_that_answers_an_error_or_no_results_is_named_with_its_answer(
    odd_endpoint: str, path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = odd_endpoint + path
    query = "CONSTRUCT WHERE { ?s ?p ?o }" if "turtle" in path else "SELECT * WHERE { ?s ?p ?o }"
    code = main(["sparql", query, "--endpoint", url])
    out, err = capsys.readouterr()
    assert (code, out) == (2, ""), err
    assert err.startswith(f"wpskg: {url} {ODD_MESSAGES[path]}"), err
    assert "Traceback" not in err and len(err) < 700, err


def test_unreachable_endpoint_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()  # nothing listens there
    code = main(["query", "gaps", "--endpoint", f"http://127.0.0.1:{port}/sparql"])
    _, err = capsys.readouterr()
    assert code == 2 and "cannot reach" in err and "Traceback" not in err


@pytest.mark.server
def test_a_query_of_data_pushed_to_a_named_graph_says_where_the_rows_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression (ministry coordinator, session 32): after `push --graph`, as the README showed, a
    query on the endpoint gave 0 rows and exit 0 without a word: Oxigraph answers from its default graph."""
    graph_iri = "https://data.example.ie/graph/wps"
    with running_oxigraph(tmp_path) as base:
        assert main(["push", "--project", str(ROOT), "--endpoint", f"{base}/store", "--graph", graph_iri]) == 0
        capsys.readouterr()
        assert main(["query", "plans", "--endpoint", f"{base}/query", "--format", "csv"]) == 0
        out, err = capsys.readouterr()
        assert len(out.splitlines()) == 1 and "holds no plan (wps:Plan)" in err and "?default-graph-uri=" in err
        url = f"{base}/query?default-graph-uri={urllib.parse.quote(graph_iri, safe='')}"
        assert main(["query", "plans", "--endpoint", url, "--format", "csv"]) == 0
        out, err = capsys.readouterr()
        assert len(out.splitlines()) > 5 and "warning" not in err, err


class _EmptyThenDown(http.server.BaseHTTPRequestHandler):
    """Answers the first query with no rows, and every later one with HTTP 503."""

    asked: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.asked.append(self.path)
        first = len(self.asked) == 1
        body = b'{"head": {"vars": ["plan"]}, "results": {"bindings": []}}' if first else b"down for maintenance"
        self.send_response(200 if first else 503)
        self.send_header("Content-Type", "application/sparql-results+json" if first else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        pass


def test_an_empty_answer_stands_when_the_endpoint_fails_to_say_why(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression (session 32's review): the check behind the empty-answer warning failed the command
    (exit 2, no CSV) when the endpoint answered it with an error."""
    with _listening(_EmptyThenDown) as base:
        code = main(["query", "plans", "--endpoint", f"{base}/query", "--format", "csv"])
    out, err = capsys.readouterr()
    assert (code, out.strip(), err) == (0, "plan", ""), (code, out, err)
    assert len(_EmptyThenDown.asked) == 2


@pytest.mark.server
def test_remote_answers_over_the_row_or_size_cap_are_errors(oxigraph_server: Server) -> None:
    """A remote answer is never cut silently: too many rows or bytes is an error."""
    text = "SELECT * WHERE { ?s ?p ?o } LIMIT 50"
    assert len(remote.run_text(text, oxigraph_server.query_url)[1]) == 50
    with pytest.raises(RowCapExceeded, match="row cap"):
        remote.run_text(text, oxigraph_server.query_url, max_rows=3)
    with pytest.raises(RowCapExceeded, match="size cap"):
        remote.run_text(text, oxigraph_server.query_url, max_bytes=100)


def test_the_oxigraph_server_is_found_without_the_venv_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: CI runs ``.venv/bin/python -m pytest`` with no venv ``bin/`` on PATH."""
    monkeypatch.setenv("PATH", "/nonexistent")
    binary = venv_tool("oxigraph")
    assert binary is not None, "pip install -e '.[test]' puts the oxigraph server beside the interpreter"
    assert Path(binary).name == "oxigraph"


class _Fixed(http.server.BaseHTTPRequestHandler):
    """Answers every query with ``body``, as SPARQL results JSON."""

    body: ClassVar[bytes] = b""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))  # the query, read before answering
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def test_numbers_that_are_not_lexical_forms_are_kept_as_they_came_and_not_worked_on() -> None:
    """Regression (security review): ``"1e1000000"^^xsd:integer`` from an endpoint took 31 s of CPU
    per literal (int(Decimal(...))), past the time limit. It is not an xsd:integer lexical form."""
    huge = {"type": "literal", "value": "1e1000000", "datatype": XSD + "integer"}
    long = {"type": "literal", "value": "9" * 1_000_000, "datatype": XSD + "decimal"}
    _Fixed.body = json.dumps(
        {"head": {"vars": ["n", "m"]}, "results": {"bindings": [{"n": huge, "m": long}] * 3}}
    ).encode()
    with _listening(_Fixed) as base:
        url = base + "/sparql"
        started = time.perf_counter()
        _, rows = remote.run_text("SELECT ?n ?m WHERE { ?s ?p ?n }", url, timeout=5)
        assert time.perf_counter() - started < 60  # 3 × 31 s before
        assert [t.value for t in rows[0]] == ["1e1000000", "9" * 1_000_000]


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        (b"[" * 100_000, "RemoteError", "not SPARQL results JSON"),
        (
            json.dumps({"head": {"vars": []}, "results": {"bindings": [{}] * 50}}).encode(),
            "RowCapExceeded",
            "more than 10 rows",
        ),
    ],
    ids=["nested", "over-the-cap"],
)
def test_a_hostile_json_answer_is_a_clear_error(body: bytes, error: str, message: str) -> None:
    """Regression (security review): JSON nested 100,000 deep was a RecursionError traceback (exit 1),
    and every row of an answer was built before the row cap was checked (32 MB of {}: 2 GB)."""
    _Fixed.body = body
    with _listening(_Fixed) as base, pytest.raises(WpskgError, match=message) as raised:
        remote.run_text("SELECT * WHERE { ?s ?p ?o }", base + "/sparql", timeout=5, max_rows=10)
    assert type(raised.value).__name__ == error


class _Elsewhere(http.server.BaseHTTPRequestHandler):
    """Redirects every query to ``target``, and records what reaches it."""

    target: ClassVar[str] = ""
    seen: ClassVar[list[str | None]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(302)
        self.send_header("Location", self.target)
        self.end_headers()

    def do_GET(self) -> None:  # the redirect's target
        self.seen.append(self.headers.get("Authorization"))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head": {"vars": []}, "results": {"bindings": [{}]}}')

    def log_message(self, *args: object) -> None:
        pass


def test_a_redirected_query_is_refused_and_its_credentials_stay_home() -> None:
    """Regression (security review): a 302 sent the user's credentials along to the redirect's target,
    and its answer (to a GET without the query) was printed as the query's."""
    with _listening(_Elsewhere) as base:
        url = base + "/sparql"
        _Elsewhere.target = base + "/collect"
        with pytest.raises(WpskgError, match=r"redirected the query \(HTTP 302\) to http://127\.0\.0\.1:\d+/collect"):
            remote.run_text("SELECT * WHERE { ?s ?p ?o }", url.replace("http://", "http://alice:s3cret@"), timeout=5)
    assert _Elsewhere.seen == []
