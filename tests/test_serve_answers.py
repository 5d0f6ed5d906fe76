"""Kept answers and HTTP validators of the API and the SPARQL endpoint (wpskg.serve.answers)."""

from __future__ import annotations

import time
import urllib.parse
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import http

from wpskg.cli import parser
from wpskg.project import Project
from wpskg.serve import create_app
from wpskg.serve.answers import Answers, PageCache
from wpskg.serve.launch import RunningServer, serving
from wpskg.store import Graph

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette asks for httpx2; httpx is what the test extra installs
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 5.0
PLANS = "SELECT ?plan WHERE { ?plan a <https://w3id.org/wpskg/ont#Plan> } ORDER BY ?plan"


class Counted:
    """A test client on a fresh server that counts the queries it runs."""

    def __init__(self, project: Project, graph: Graph, **options: int) -> None:
        self.client = TestClient(create_app(project, graph=graph, timeout=TIMEOUT, **options))
        server = self.client.app.state.server  # type: ignore[attr-defined]
        self.runs = 0
        real = server.in_worker

        async def counting(*args: object, **kwargs: object) -> object:
            self.runs += 1
            return await real(*args, **kwargs)

        server.in_worker = counting


@pytest.fixture()
def counted(project: Project, graph: Graph) -> Iterator[Counted]:
    c = Counted(project, graph)
    with c.client:
        yield c


# --- the cache and the tags -----------------------------------------------------------------------


def test_a_page_cache_keeps_the_most_recent_items_within_its_weight() -> None:
    cache: PageCache[bytes] = PageCache(10, weight=len)
    cache.put(("a",), b"1234")
    cache.put(("b",), b"1234")
    assert cache.get(("a",)) == b"1234"  # a is now the most recent
    cache.put(("c",), b"1234")  # 12 > 10: b, the least recent, goes
    assert cache.get(("b",)) is None and cache.get(("a",)) == cache.get(("c",)) == b"1234"
    cache.put(("a",), b"12345678")  # replaced, not counted twice: 8 + 4 > 10, c goes
    assert cache.get(("c",)) is None and cache.get(("a",)) == b"12345678"
    counted: PageCache[str] = PageCache(2)  # one per item unless told
    for key in "xyz":
        counted.put((key,), key)
    assert [counted.get((k,)) for k in "xyz"] == [None, "y", "z"]


def test_tags_name_the_request_and_the_server_that_answered_it() -> None:
    one, two = Answers(token="a"), Answers(token="b")
    key = ("api", "/api/queries/plans", "country=BE", "text/csv")
    assert one.tag(key) == Answers(token="a").tag(key)
    assert one.tag(key) != two.tag(key)  # a restart draws a new token: every tag changes
    assert one.tag(key) != one.tag(("api", "/api/queries/plans", "country=BE", "application/json"))
    assert one.tag(("a", "bc")) != one.tag(("ab", "c"))  # the parts are kept apart
    assert one.tag(key).startswith('"') and one.tag(key).endswith('"') and "W/" not in one.tag(key)
    mine = one.tag(key)
    assert one.matches(mine, key) and one.matches(f'"other", W/{mine}', key) and not one.matches("*", key)
    assert not one.matches(None, key) and not one.matches("", key) and not one.matches(two.tag(key), key)
    assert Answers(token="a").matches(mine, key) and not Answers().matches(mine, key)


def test_only_answers_within_half_the_budget_are_kept() -> None:
    from starlette.responses import Response

    answers = Answers(budget=10)
    answers.keep(("small",), Response(b"12345"))
    answers.keep(("large",), Response(b"123456"))
    answers.keep(("error",), Response(b"x", status_code=400))
    assert answers.get(("small",)) is not None and answers.get(("small",)).body == b"12345"  # type: ignore[union-attr]
    assert answers.get(("large",)) is None and answers.get(("error",)) is None
    none = Answers(budget=0)
    none.keep(("small",), Response(b"1"))
    assert none.get(("small",)) is None


# --- the stored-query API --------------------------------------------------------------------------


def test_the_api_runs_a_request_once_and_tags_its_answer(counted: Counted, project: Project, graph: Graph) -> None:
    c = counted.client
    url = "/api/queries/funders?country=ML&theme=gbv"
    first = c.get(url)
    assert first.status_code == 200 and counted.runs == 1
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache" and "Accept" in first.headers["vary"]
    again = c.get(url)
    assert counted.runs == 1 and again.content == first.content and again.headers["etag"] == tag
    assert again.headers["content-type"] == first.headers["content-type"]
    # the client that has it gets 304 and no body, without a run
    same = c.get(url, headers={"If-None-Match": tag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == tag
    assert same.headers["x-wpskg-max-rows"] and counted.runs == 1
    # another format, page or parameter is another answer, with another tag
    as_csv = c.get(url, headers={"Accept": "text/csv", "If-None-Match": tag})
    assert as_csv.status_code == 200 and as_csv.headers["etag"] != tag and counted.runs == 2
    paged = c.get(url + "&limit=1")
    assert paged.headers["etag"] not in (tag, as_csv.headers["etag"]) and counted.runs == 3
    assert c.get(url + "&limit=1").headers["link"] == paged.headers["link"] and counted.runs == 3
    # a kept answer is the answer a server without kept answers gives
    fresh = Counted(project, graph, answer_budget=0)
    with fresh.client:
        for _ in range(2):
            assert fresh.client.get(url).content == first.content
        assert fresh.runs == 2
        assert fresh.client.get(url).headers["etag"] != tag  # another server


def test_the_api_keeps_no_error(counted: Counted) -> None:
    c = counted.client
    for _ in range(2):
        bad = c.get("/api/queries/funders?country=Atlantis")
        assert bad.status_code == 400 and "etag" not in bad.headers
        assert bad.headers["cache-control"] == "no-store"
    assert counted.runs == 2
    # "*" is any answer: a request that has none is not "not modified"
    refused = c.get("/api/queries/funders?limit=x", headers={"If-None-Match": "*"})
    assert refused.status_code == 400 and counted.runs == 2  # checked before it runs
    assert c.get("/api/queries/funders?country=Atlantis", headers={"If-None-Match": "*"}).status_code == 400
    assert counted.runs == 3
    star = c.get("/api/queries/funders?country=BE", headers={"If-None-Match": "*"})
    assert star.status_code == 304 and star.headers["etag"] and counted.runs == 4


def test_head_answers_like_get_without_a_body(counted: Counted) -> None:
    c = counted.client
    head = c.head("/api/queries/plans?country=BE")
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"]
    get = c.get("/api/queries/plans?country=BE")
    assert get.headers["etag"] == head.headers["etag"] and get.content and counted.runs == 1


# --- the SPARQL endpoint ---------------------------------------------------------------------------


def test_the_endpoint_keeps_answers_by_query_dataset_and_format(counted: Counted) -> None:
    c = counted.client
    json_accept = {"Accept": "application/sparql-results+json"}
    first = c.get("/sparql", params={"query": PLANS}, headers=json_accept)
    assert first.status_code == 200 and first.json()["results"]["bindings"] and counted.runs == 1
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    # the same query by POST, either way, is the same answer
    posted = c.post("/sparql", content=PLANS, headers={**json_accept, "Content-Type": "application/sparql-query"})
    form = c.post("/sparql", data={"query": PLANS}, headers=json_accept)
    assert posted.content == form.content == first.content and counted.runs == 1
    assert c.get("/sparql", params={"query": PLANS}, headers={**json_accept, "If-None-Match": tag}).status_code == 304
    # another format, dataset or query text is another answer
    tsv = c.get("/sparql", params={"query": PLANS}, headers={"Accept": "text/tab-separated-values"})
    assert tsv.headers["etag"] != tag and counted.runs == 2
    graph_iri = "https://w3id.org/wpskg/graph"
    named = c.get("/sparql", params={"query": PLANS, "default-graph-uri": graph_iri}, headers=json_accept)
    assert named.status_code == 200 and named.headers["etag"] != tag and counted.runs == 3
    spaced = c.get("/sparql", params={"query": PLANS + " "}, headers=json_accept)
    assert spaced.headers["etag"] != tag and counted.runs == 4
    # refusals are neither kept nor tagged
    update = c.get("/sparql", params={"update": "CLEAR ALL"})
    assert update.status_code == 403 and "etag" not in update.headers and counted.runs == 4


def test_an_answer_over_the_time_limit_is_not_kept(project: Project, graph: Graph) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    c = Counted(project, graph)
    c.client.app.state.server.timeout = 0.5  # type: ignore[attr-defined]
    with c.client:
        for _ in range(2):
            response = c.client.get("/sparql", params={"query": slow}, headers={"Accept": "application/json"})
            assert response.status_code == 503 and "etag" not in response.headers
        assert c.runs == 2


# --- over HTTP ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live() -> Iterator[RunningServer]:
    with serving(
        ROOT, timeout=TIMEOUT, options=["--no-warm", "--answer-cache", "1", "--max-answer-size", "1"]
    ) as server:
        yield server


@pytest.mark.server
def test_conditional_requests_over_http_and_cors(live: RunningServer) -> None:
    url = f"{live.url}api/queries/plans?{urllib.parse.urlencode({'country': 'BE'})}"
    status, headers, body = http(url, headers={"Accept": "text/csv"})
    assert status == 200 and body.startswith(b"plan,") and headers["etag"]
    assert headers["x-wpskg-max-bytes"] == str(1024 * 1024)  # --max-answer-size 1
    status, again, nothing = http(url, headers={"Accept": "text/csv", "If-None-Match": headers["etag"]})
    assert status == 304 and nothing == b"" and again["etag"] == headers["etag"]
    status, _, body_again = http(url, headers={"Accept": "text/csv", "If-None-Match": '"stale"'})
    assert status == 200 and body_again == body
    origin = {"Origin": "https://portal.example", "Access-Control-Request-Method": "GET"}
    _, preflight, _ = http(url, method="OPTIONS", headers={**origin, "Access-Control-Request-Headers": "if-none-match"})
    assert "if-none-match" in preflight["access-control-allow-headers"].lower()
    _, cors, _ = http(url, headers={"Origin": "https://portal.example"})
    assert {"etag", "x-wpskg-max-bytes"} <= set(cors["access-control-expose-headers"].lower().split(", "))


@pytest.mark.server
def test_the_access_log_cuts_a_long_query_string(live: RunningServer) -> None:
    """Regression: every query sent in a URL, up to 256 KiB, was written whole to the access log."""
    query = "ASK {} #" + "x" * 20_000
    status, _, _ = http(f"{live.url}sparql?{urllib.parse.urlencode({'query': query})}")
    assert status == 200
    deadline = time.monotonic() + 10
    while "characters)" not in live.output() and time.monotonic() < deadline:
        time.sleep(0.1)
    line = next(line for line in live.output().splitlines() if "/sparql?query=ASK" in line)
    assert len(line) < 1300 and "characters)" in line and "x" * 2000 not in line


def test_the_answer_cache_option_is_a_size_in_mebibytes() -> None:
    assert parser().parse_args(["serve"]).answer_cache == 128
    assert parser().parse_args(["serve", "--answer-cache", "0"]).answer_cache == 0
    with pytest.raises(SystemExit):
        parser().parse_args(["serve", "--answer-cache", "-1"])
    assert parser().parse_args(["serve"]).max_answer_size == 64
    assert parser().parse_args(["serve", "--max-answer-size", "0"]).max_answer_size == 0  # no cap
