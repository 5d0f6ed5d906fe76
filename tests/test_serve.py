"""``wpskg serve``: the SPARQL endpoint, the stored-query API and the linked-data pages.

Tests marked ``server`` start the real command (``python -m wpskg serve``) on a
free loopback port and talk to it over HTTP, with SPARQLWrapper for the
protocol; the others drive the Starlette app in process.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator
from decimal import Decimal
from html import unescape as html_unescape
from pathlib import Path
from types import ModuleType
from xml.dom import minidom
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.compare
from support import filled_dcat, http

from wpskg import dcat, tables
from wpskg.cli import main
from wpskg.errors import InputError
from wpskg.project import Project
from wpskg.queries import load_queries
from wpskg.scaffold import init
from wpskg.serve import create_app
from wpskg.serve.launch import RunningServer, serving
from wpskg.serve.negotiate import choose
from wpskg.store import Graph, infer, load_project

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette asks for httpx2; httpx is what the test extra installs
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
NAP3 = "https://w3id.org/wpskg/id/plan/be-wps-nap-3"
FUND_CRSV_MPTF = "https://w3id.org/wpskg/id/funding/be-crsv-mptf"
WPS = "https://w3id.org/wpskg/ont#"
PREFIXES = "PREFIX wps: <https://w3id.org/wpskg/ont#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
#: Limits of the test servers: small, so that the limit tests stay quick.
TIMEOUT = 2.0
MAX_ROWS = 500
#: Every pair of triples: far more rows than the cap, and far more time than the limit to count.
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PATHOLOGICAL_REGEX = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f "
    'FILTER(REGEX(CONCAT(STR(?c), STR(?f), STR(?c)), "^(a|aa|a?)*(b|c|d)*(x+x+)+y$", "i")) }'
)


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="module")
def graph(project: Project) -> Graph:
    g = load_project(project)
    infer(g)
    return g


@pytest.fixture(scope="module")
def client(project: Project, graph: Graph) -> Iterator[TestClient]:
    app = create_app(project, graph=graph, timeout=TIMEOUT, max_rows=MAX_ROWS)
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def live() -> Iterator[RunningServer]:
    """The real command on 127.0.0.1, stopped after the module."""
    with serving(ROOT, timeout=TIMEOUT, max_rows=MAX_ROWS) as server:
        yield server


def select(graph: Graph, query: str) -> list[dict[str, ox.Term]]:
    return graph.select(PREFIXES + query)


def sparql_get(
    server: RunningServer, query: str, accept: str = "application/sparql-results+json", **extra: str
) -> tuple[int, dict[str, str], bytes]:
    params = urllib.parse.urlencode({"query": query, **extra})
    return http(f"{server.url}sparql?{params}", headers={"Accept": accept})


# --- content negotiation -------------------------------------------------------------------------


def test_negotiation_follows_q_values_and_specificity() -> None:
    offers = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]
    assert choose("text/csv;q=0.5, application/sparql-results+xml", offers) == "application/sparql-results+xml"
    assert choose("text/*;q=0.9, */*;q=0.1", offers) == "text/csv"
    assert choose("*/*", offers) == offers[0]
    assert choose("text/csv;q=0, */*", offers) == offers[0]
    assert choose("image/png", offers) is None
    assert choose("", offers) == offers[0]
    assert choose("text/html,application/xhtml+xml,*/*;q=0.8", ["text/turtle", "text/html"]) == "text/html"


# --- linked-data pages ---------------------------------------------------------------------------


def test_plan_page_shows_labels_types_properties_incoming_and_provenance(client: TestClient, graph: Graph) -> None:
    r = client.get("/id/plan/be-wps-nap-3", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "Accept" in r.headers["vary"]
    html = r.text
    labels = select(graph, f"SELECT ?l WHERE {{ <{NAP3}> rdfs:label ?l }}")
    assert {row["l"].language for row in labels} >= {"en", "nl"}
    for row in labels:  # every label, in every language
        assert row["l"].value in html
    assert 'lang="nl"' in html
    assert "WPS National Action Plan" in html or "WPSNationalActionPlan" in html  # the type, linked
    assert 'href="/id/plan/be-wps-nap-4"' in html  # dct:isReplacedBy, linked under the base URL
    assert 'href="/vocab/country/BE"' in html
    assert 'id="incoming"' in html and 'href="/id/source/be-nap3-final-report-2017-2021.nl"' in html
    # provenance: the quotes, with their source document's title and file
    quotes = select(
        graph,
        f"SELECT ?q ?file WHERE {{ ?c wps:claimSubject <{NAP3}> ; wps:quote ?q ; "
        "<http://www.w3.org/ns/prov#wasDerivedFrom>/wps:fileName ?file }",
    )
    assert quotes
    for row in quotes:
        assert _escaped(row["q"].value) in html
        assert row["file"].value in html


def test_a_claim_about_several_things_shows_what_it_supports_of_this_one(client: TestClient) -> None:
    """Regression (researcher audit, session 31): the "ruim 60" claim is about NL NAP-IV and its
    signatories figure; the plan's page said it supports "category, …, is a lower bound, value =
    WO=MEN, …", the figure's properties beside the plan's text."""
    html = client.get("/id/plan/nl-wps-nap-4").text
    quote = "de ruim 60 maatschappelijke organisaties/medeondertekenaars van het NAP-IV"
    claim = html[html.index(quote) : html.index("claim/nl-nap4-progress-2021-civil-society-signatories")]
    supports = claim[claim.index("Supports:") : claim.index("Also about:")]
    assert "civil society involved" in supports.lower(), supports
    assert "lower bound" not in supports and "category" not in supports, supports
    assert "fig:nl-wps-nap-4-signatories" in claim or "/id/figure/nl-wps-nap-4-signatories" in claim, claim
    figure = client.get("/id/figure/nl-wps-nap-4-signatories").text
    assert "lower bound" in figure[figure.index(quote) :].split("Also about:")[0]


def test_plan_page_says_which_properties_the_sources_disagree_on(client: TestClient) -> None:
    # Belgium's NAP I: 2008-2012 (country profile) and 2009-2012 (final report); NAP III's
    # sources agree, so its page has no such line.
    html = client.get("/id/plan/be-wps-nap-1").text
    assert "disputed property" in html
    disputed = html[html.index("disputed property") :]
    assert "temporal coverage" in disputed[: disputed.index("</tr>")]
    assert "disputed property" not in client.get("/id/plan/be-wps-nap-3").text


def _escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")
    )


def test_plan_page_lists_objectives_and_funding_lines(client: TestClient, graph: Graph) -> None:
    html = client.get("/id/plan/be-wps-nap-3").text
    objectives = select(graph, f"SELECT ?o WHERE {{ <{NAP3}> wps:hasObjective ?o }}")
    assert len(objectives) == 6
    assert html.count('class="objective"') == 6
    fundings = select(
        graph,
        f"SELECT DISTINCT ?f WHERE {{ ?f a wps:Funding . "
        f"{{ ?f wps:underObjective/wps:objectiveOf <{NAP3}> }} UNION {{ ?f wps:underPlan <{NAP3}> }} }}",
    )
    assert fundings
    assert html.count('class="funding-line"') == len(fundings)
    assert "300,000.00 EUR" in html  # fund:be-crsv-mptf, amount exactly as written


def test_theme_page_and_filter_include_narrower_themes(client: TestClient, graph: Graph) -> None:
    # The pages read the build's wps:inTheme: gbv finds what is only on crsv, its narrower theme.
    under_gbv = select(
        graph,
        "SELECT DISTINCT ?f WHERE { ?f a wps:Funding ; "
        "wps:theme/<http://www.w3.org/2004/02/skos/core#broader>* <https://w3id.org/wpskg/vocab/theme/gbv> }",
    )
    assert FUND_CRSV_MPTF in {row["f"].value for row in under_gbv}
    html = client.get("/resource", params={"iri": "https://w3id.org/wpskg/vocab/theme/gbv"}).text
    assert html.count('class="funding-line"') == len(under_gbv)
    assert "300,000.00 EUR" in html  # fund:be-crsv-mptf, on crsv alone
    rows = client.get("/fundings", params={"theme": "gbv"}).text.split("<tbody>", 1)[1]
    assert rows.count("<tr>") == len(under_gbv)
    assert "be-crsv-mptf" in rows
    # Regression (researcher audit, session 31): the two parts of the 300,000 EUR contribution were
    # listed beside it with nothing to say so, and a reader adding up the column counted it twice.
    by_funding = {r.split('href="', 1)[1].split('"', 1)[0]: r for r in rows.split("<tr>")[1:]}
    parts = [r for iri, r in by_funding.items() if iri.startswith("/id/funding/be-crsv-mptf-")]
    assert len(parts) == 2 and all("(part of " in r for r in parts), parts
    assert "(part of " not in by_funding["/id/funding/be-crsv-mptf"]
    assert sum("(part of " in r for r in by_funding.values()) == 2


@pytest.mark.parametrize(
    ("path", "accept", "media"),
    [
        ("/id/plan/be-wps-nap-3", "text/turtle", "text/turtle"),
        ("/id/plan/be-wps-nap-3", "application/ld+json", "application/ld+json"),
        ("/id/plan/be-wps-nap-3", "application/n-triples", "application/n-triples"),
        ("/id/plan/be-wps-nap-3.ttl", "text/html", "text/turtle"),
        ("/id/plan/be-wps-nap-3.jsonld", None, "application/ld+json"),
        ("/id/plan/be-wps-nap-3.nt", None, "application/n-triples"),
        (f"/resource?iri={NAP3}", "text/turtle", "text/turtle"),
        (f"/resource?iri={NAP3}&format=jsonld", None, "application/ld+json"),
    ],
)
def test_resource_rdf_by_accept_or_extension(client: TestClient, path: str, accept: str | None, media: str) -> None:
    r = client.get(path, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}[media]
    g = rdflib.Graph().parse(data=r.text, format=fmt)
    plan = rdflib.URIRef(NAP3)
    assert (plan, rdflib.RDF.type, rdflib.URIRef(WPS + "WPSNationalActionPlan")) in g
    assert (plan, rdflib.URIRef(WPS + "hasObjective"), None) in g
    assert (None, rdflib.URIRef(WPS + "claimSubject"), plan) in g  # incoming links too


def test_resource_query_serves_any_iri_of_the_graph(client: TestClient) -> None:
    page = client.get("/resource", params={"iri": NAP3})
    assert page.status_code == 200 and "Belgium NAP III" in page.text
    outside = client.get("/resource", params={"iri": "https://schema.org/funder"}, headers={"Accept": "text/html"})
    assert outside.status_code == 200
    assert 'id="incoming"' in outside.text or 'id="properties"' in outside.text
    assert client.get("/resource", params={"iri": "http://example.org/not-in-the-graph"}).status_code == 404
    assert client.get("/id/plan/no-such-plan").status_code == 404
    assert client.get("/resource", params={"iri": "not an iri"}).status_code in (400, 404)


def test_hash_iris_dereference_to_their_document(client: TestClient) -> None:
    r = client.get("/ont", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert 'id="Plan"' in r.text and 'id="hasObjective"' in r.text
    ttl = client.get("/ont.ttl")
    g = rdflib.Graph().parse(data=ttl.text, format="turtle")
    assert (rdflib.URIRef(WPS + "Plan"), rdflib.RDF.type, rdflib.OWL.Class) in g


def test_stored_queries_that_cannot_be_read_or_parsed_are_skipped_and_named(
    project_copy: Project, graph: Graph
) -> None:
    folder = project_copy.query_dir
    (folder / "latin1.rq").write_bytes("SELECT * WHERE { ?s ?p 'café' }".encode("latin-1"))
    (folder / "syntax.rq").write_text("SELECT ?s\nWHERE {\n  BIND(1 AS 2)\n}\n", encoding="utf-8")
    app = create_app(project_copy, graph=graph, timeout=TIMEOUT, max_rows=MAX_ROWS)
    errors = app.state.server.query_errors
    assert [e.split(": ", 1)[0] for e in errors] == [f"{folder / 'latin1.rq'}:1:28", f"{folder / 'syntax.rq'}:3:13"], (
        errors
    )
    with TestClient(app) as c:
        assert c.get("/api/queries/syntax").status_code == 404
        assert c.get("/api/queries/timeline", params={"country": "BE"}).status_code == 200


@pytest.mark.parametrize("url", ["ftp://example.org/kg/", "https://example.org/%zz/", "https://example.org/kg/?x"])
def test_serve_refuses_a_base_url_that_is_not_http(capsys: pytest.CaptureFixture[str], url: str) -> None:
    """Regression: a bad percent-encoding (``%zz``) was served, and /catalog answered 500."""
    code = main(["serve", "--project", str(ROOT), "--base-url", url, "--port", "0"])
    err = capsys.readouterr().err
    assert code == 2 and f"--base-url must be an http(s) URL, not {url!r}" in err, err


def test_serve_on_port_0_picks_a_free_port_and_links_to_it(tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "wpskg", "serve", "--project", str(ROOT), "--port", "0", "--no-warm"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while not (found := re.search(r"pages at (http://127\.0\.0\.1:(\d+)/)", log.read_text())):
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        base, port = found.group(1), int(found.group(2))
        assert port != 0
        while True:
            try:  # the OpenAPI description tells clients where to send queries
                with urllib.request.urlopen(base + "api/openapi.json", timeout=5) as response:
                    spec = json.load(response)
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert spec["servers"] == [{"url": base.rstrip("/")}]
    finally:
        process.terminate()
        process.wait(30)


def test_serve_says_when_its_port_is_taken_before_it_loads_anything(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import wpskg.serve

    monkeypatch.setattr(wpskg.serve, "create_app", lambda *a, **k: pytest.fail("the graph was loaded"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code = main(["serve", "--project", str(ROOT), "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"wpskg: cannot serve on 127.0.0.1 port {port}: Address already in use"), err


def test_base_url_with_a_path(project: Project, graph: Graph) -> None:
    app = create_app(project, graph=graph, base_url="https://example.org/kg/", timeout=TIMEOUT, max_rows=MAX_ROWS)
    with TestClient(app) as c:
        r = c.get("/kg/id/plan/be-wps-nap-3")
        assert r.status_code == 200
        assert 'href="/kg/id/plan/be-wps-nap-4"' in r.text
        assert 'href="/id/' not in r.text
        same = c.get("/kg/resource", params={"iri": NAP3})
        assert same.status_code == 200 and same.text == r.text
        assert c.get("/id/plan/be-wps-nap-3").status_code == 404
        assert c.get("/", follow_redirects=False).headers["location"] == "/kg/"
        assert c.get("/kg/sparql", params={"query": "ASK { ?s ?p ?o }"}).json() == {"head": {}, "boolean": True}
        # Regression: /kg went to http://evil.example/kg/, Starlette's redirect built from the Host header.
        bare = c.get("/kg", headers={"Host": "evil.example"}, follow_redirects=False)
        assert bare.status_code in (301, 302, 307, 308) and bare.headers["location"] == "/kg/"


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/kg/plans/?country=BE", "/kg/plans?country=BE"),
        ("/kg/api/queries/", "/kg/api/queries"),
        ("/kg/id/plan/be-wps-nap-3/", "/kg/id/plan/be-wps-nap-3"),
        ("/kg/dataset/graph/", "/kg/dataset/graph"),  # a resource of the catalogue
        ("/kg/nothing-here/", None),
        ("/kg/api/queries/nope/", None),  # a route with a parameter that names nothing
        ("/kg//evil.example/", None),
    ],
)
def test_a_trailing_slash_redirects_to_the_page_without_it(
    project: Project, graph: Graph, path: str, location: str | None
) -> None:
    """Regression: /plans/ was a 404 ("nothing at /plans/")."""
    app = create_app(project, graph=graph, base_url="https://example.org/kg/", timeout=TIMEOUT, max_rows=MAX_ROWS)
    with TestClient(app) as c:
        r = c.get(path, headers={"Host": "evil.example"}, follow_redirects=False)
        if location is None:
            assert r.status_code == 404
        else:
            assert (r.status_code, r.headers["location"]) == (308, location)
            assert c.get(location).status_code == 200


def test_a_trailing_slash_never_redirects_to_another_host(project: Project, graph: Graph) -> None:
    """``//id/plan/x/`` at the root: ``//id/plan/x`` would be a protocol-relative Location, another host."""
    with TestClient(create_app(project, graph=graph, timeout=TIMEOUT)) as c:
        r = c.get("http://testserver//id/plan/be-wps-nap-3/", follow_redirects=False)
        assert r.status_code == 404 and "location" not in r.headers
        assert c.get("/id/plan/be-wps-nap-3/", follow_redirects=False).headers["location"] == "/id/plan/be-wps-nap-3"


def test_index_pages_filter_by_country_and_theme(client: TestClient, graph: Graph) -> None:
    plans = client.get("/plans", params={"country": "NL"}).text
    assert "Netherlands NAP-IV 1325" in plans and "Belgium NAP III" not in plans
    fundings = client.get("/fundings", params={"country": "ML", "theme": "gbv"})
    assert fundings.status_code == 200
    expected = select(
        graph,
        "SELECT DISTINCT ?f WHERE { ?f a wps:Funding ; "
        "wps:recipientCountry <https://w3id.org/wpskg/vocab/country/ML> ; "
        "wps:theme/<http://www.w3.org/2004/02/skos/core#broader>* "
        "<https://w3id.org/wpskg/vocab/theme/gbv> }",
    )
    assert expected
    body = fundings.text.split("<tbody>", 1)[1]
    assert body.count("<tr>") == len(expected)
    for path in ("/actors", "/resolutions"):
        assert client.get(path, params={"country": "BE", "theme": "gbv"}).status_code == 200
    bad = client.get("/plans", params={"theme": "no-such-theme"})
    assert bad.status_code == 400 and "valid themes" in bad.text
    # Regression: the pages took codes only, where the queries also take English names in any case.
    by_name = client.get("/plans", params={"country": "netherlands"}).text
    assert by_name.split("<tbody>", 1)[1] == plans.split("<tbody>", 1)[1]
    # Regression: an unknown parameter (a typo) was ignored on the pages, where the API refuses it.
    for path in ("/plans", "/funders", "/funders.svg"):
        typo = client.get(path, params={"countyr": "ML"})
        assert typo.status_code == 400 and "has no parameter &#39;countyr&#39;" in typo.text, path
    unknown = client.get("/plans", params={"country": "FR"})
    assert unknown.status_code == 400 and "no country &#39;FR&#39; in the graph" in unknown.text


@pytest.mark.parametrize(
    ("path", "name"),
    [("/plans", "country"), ("/plans", "theme"), ("/funders", "country"), ("/api/queries/funders", "country")],
)
def test_an_overlong_parameter_is_refused_without_being_echoed(client: TestClient, path: str, name: str) -> None:
    """Regression: a 20,000-character country came back whole in the error (after a fuzzy match on every name)."""
    answer = client.get(path, params={name: "Belgi" + "q" * 20_000})
    assert answer.status_code == 400
    assert "20005 characters long" in answer.text and "q" * 100 not in answer.text


def test_the_plans_page_gives_every_period_the_sources_disagree_on(client: TestClient, graph: Graph) -> None:
    """Regression: /plans showed the first period of Belgium's first NAP only, hiding 2009-2012."""
    rows = select(
        graph,
        "SELECT ?s ?e WHERE { <https://w3id.org/wpskg/id/plan/be-wps-nap-1> "
        "<http://purl.org/dc/terms/temporal> [ <http://www.w3.org/ns/dcat#startDate> ?s ; "
        "<http://www.w3.org/ns/dcat#endDate> ?e ] }",
    )
    periods = sorted(f"{r['s'].value}–{r['e'].value}" for r in rows)
    assert len(periods) == 2
    body = client.get("/plans", params={"country": "BE"}).text
    row = next(r for r in body.split("<tr>") if "/plan/be-wps-nap-1" in r)
    assert " or ".join(periods) in row


def _first_cells(html: str) -> list[str]:
    """The href of each row's first link in an index table."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row.split('href="', 1)[1].split('"', 1)[0] for row in body.split("<tr>")[1:]]


def test_the_resolutions_page_gives_a_resolutions_date_of_any_precision(client: TestClient) -> None:
    """Regression (researcher audit, session 31): the Human Rights Council resolution of June 2024,
    dated dct:date "2024-06" (the Security Council's have wps:adoptedOn), showed no date."""
    html = client.get("/resolutions").text
    row = next(r for r in html.split("<tr") if "digital violence against women and girls (June 2024)" in r)
    assert "<td>2024-06</td>" in row, row


def test_the_actors_of_a_country_include_those_based_there(client: TestClient) -> None:
    """Regression (researcher audit, session 31): /actors?country= found only the bodies that act for
    a state (wps:actsFor), not an organisation based in the country (dct:spatial: Panzi hospital)."""
    congo = client.get("/actors", params={"country": "CD"}).text
    assert "Panzi" in congo and "Based in" in congo
    assert "Panzi" not in client.get("/actors", params={"country": "ML"}).text


def test_serve_page_size_sets_the_rows_of_an_index_page(tmp_path: Path) -> None:
    with (
        serving(ROOT, log_dir=tmp_path, options=["--no-warm", "--page-size", "2"]) as server,
        urllib.request.urlopen(server.url + "plans", timeout=30) as response,
    ):
        html = response.read().decode("utf-8")
    assert len(_first_cells(html)) == 2
    assert re.search(r"1–2 of \d+", html) and 'rel="next"' in html


def test_index_pages_come_in_pages_that_add_up_to_the_whole(project: Project, graph: Graph) -> None:
    with TestClient(create_app(project, graph=graph)) as whole, TestClient(create_app(project, graph=graph)) as paged:
        paged.app.state.server.index_page_size = 3  # type: ignore[attr-defined]
        for path, params in (("/fundings", {}), ("/plans", {}), ("/fundings", {"country": "ML", "theme": "gbv"})):
            everything = _first_cells(whole.get(path, params=params).text)
            assert len(everything) > 3, path
            seen: list[str] = []
            url: str | None = path + ("?" + urllib.parse.urlencode(params) if params else "")
            pages = 0
            while url:
                html = paged.get(url).text
                rows = _first_cells(html)
                assert 1 <= len(rows) <= 3
                assert f"{len(seen) + 1}–{len(seen) + len(rows)} of {len(everything)}" in html
                if seen:  # the previous page is the one just read
                    assert 'rel="prev"' in html
                seen += rows
                pages += 1
                found = re.search(r'<a rel="next" href="([^"]+)"', html)
                url = found.group(1).replace("&amp;", "&") if found else None
                if url:
                    assert all(f"{k}={v}" in url for k, v in params.items()), url
            assert seen == everything, path
            assert pages == -(-len(everything) // 3)
        assert "page=" not in re.search(r'<a rel="prev" href="([^"]+)"', paged.get("/plans?page=2").text).group(1)


@pytest.mark.parametrize("page", ["0", "-1", "two", "1.5"])
def test_an_index_page_number_must_be_a_whole_number_from_1(client: TestClient, page: str) -> None:
    response = client.get("/plans", params={"page": page})
    assert response.status_code == 400 and "page is a page number from 1" in response.text


def test_an_index_page_past_the_last_is_not_found(client: TestClient) -> None:
    response = client.get("/plans", params={"page": "99"}, headers={"Accept": "text/plain"})
    assert response.status_code == 404 and response.text.strip() == "plans: page 99 is past the last page, 1"


def test_headline_page_table_and_svg_chart(client: TestClient) -> None:
    api = client.get("/api/queries/funders", params={"country": "ML", "theme": "gbv"}).json()
    page = client.get("/funders", params={"country": "ML", "theme": "gbv"})
    assert page.status_code == 200
    html = page.text
    assert html.count('class="funding-line') == api["count"] > 0
    assert "<svg" in html and "<rect" in html
    svg = client.get("/funders.svg", params={"country": "ML", "theme": "gbv"})
    assert svg.headers["content-type"].startswith("image/svg+xml")
    # Regression: an SVG opened on its own is a document that could run script; it had no CSP.
    assert "default-src 'none'" in svg.headers["content-security-policy"]
    root = ElementTree.fromstring(svg.text)
    rects = root.findall(".//{http://www.w3.org/2000/svg}rect")
    funders = {row["funder"] for row in api["rows"]}
    assert len(rects) == len(funders)
    # Regression (researcher audit, session 31): the table showed the query's codes ("ML, NE",
    # "gbv, prevention") where /fundings shows names; the codes are kept as the cells' titles.
    body = html.split("<tbody>")[-1]
    assert "Mali" in body and "Gender-based violence" in body, body
    assert '<td title="' in body and ">gbv<" not in body


def test_headline_pages_run_the_query_once_per_filter(project: Project, graph: Graph) -> None:
    """The graph does not change while the server runs, so the funders rows are worked out once per filter.

    (At a million triples the page without filters took 5 s each time: it also
    compared every row with a set of every row, built anew per row.)
    """
    with TestClient(create_app(project, graph=graph, timeout=TIMEOUT)) as c:
        server = c.app.state.server  # type: ignore[attr-defined]
        server.index_page_size = 1
        runs: list[tuple] = []
        real = server.in_worker

        async def counting(*args: object, **kwargs: object) -> object:
            runs.append(args)
            return await real(*args, **kwargs)

        server.in_worker = counting
        ml_gbv = {"country": "ML", "theme": "gbv"}
        pages = [c.get("/funders", params=ml_gbv) for _ in range(2)]
        assert pages[0].status_code == 200 and pages[0].text == pages[1].text
        assert len(runs) == 1
        svgs = [c.get("/funders.svg", params=ml_gbv) for _ in range(2)]
        assert svgs[0].text == svgs[1].text and svgs[1].headers["content-type"].startswith("image/svg+xml")
        second = c.get("/funders", params={**ml_gbv, "page": "2"})
        assert second.status_code == 200 and second.text != pages[0].text
        assert len(runs) == 1  # the chart and the next page reuse the rows
        assert c.get("/funders", params={"country": "BE"}).status_code == 200
        assert len(runs) == 2
        # an error is not kept: the next request asks again
        for _ in range(2):
            assert c.get("/funders", params={"country": "Atlantis"}).status_code == 400
        assert len(runs) == 4


def test_the_funders_table_comes_in_pages_and_the_chart_keeps_every_funder(project: Project, graph: Graph) -> None:
    with TestClient(create_app(project, graph=graph, timeout=TIMEOUT)) as c:
        c.app.state.server.index_page_size = 2  # type: ignore[attr-defined]
        api = c.get("/api/queries/funders").json()["rows"]
        assert len(api) > 2
        seen: list[str] = []
        url: str | None = "/funders"
        while url:
            html = c.get(url).text
            rows = html.count('class="funding-line')
            assert 1 <= rows <= 2
            assert f"Fundings {len(seen) + 1}–{len(seen) + rows} of {len(api)}" in html
            # the chart above each page is the chart of every row
            # a bar per funder, currency and yearly or not; a funding without an amount is in no bar
            bars = {(r["funder"], r["currency"], r["per"]) for r in api if r.get("funder") and r.get("amount")}
            assert html.count("<rect") == len(bars)
            table = html.split('<table class="funders">', 1)[1]  # not the chart's totals
            seen += re.findall(r'<td class="num"(?: title="([^"]*)")?>', table)  # no title: no amount
            found = re.search(r'<a rel="next" href="([^"]+)"', html)
            url = found.group(1).replace("&amp;", "&") if found else None

        def number(text: str) -> tuple[str, Decimal | None]:  # the page writes amounts as the sources do
            kind, _, value = text.rpartition(" ")
            return kind, Decimal(value) if value else None

        expected = [r.get("amount") or (f"at most {r['max_amount']}" if r.get("max_amount") else "") for r in api]
        assert [number(t) for t in seen] == [number(t) for t in expected]
        assert "6311964.80" in seen  # as written, not the store's 6311964.8
        over = c.get("/funders", params={"page": str(len(api))}, headers={"Accept": "text/plain"})
        last = -(-len(api) // 2)
        assert (
            over.status_code == 404 and over.text.strip() == f"funders: page {len(api)} is past the last page, {last}"
        )


@pytest.mark.parametrize("country", ["ML", "BF"])
def test_the_chart_of_a_country_adds_the_grants_to_it_alone_as_funding_totals_does(
    client: TestClient, country: str
) -> None:
    """Regression: /funders?country=ML added the whole of every grant to several countries to
    Mali's bars (Belgium: 22,610,000 EUR), where funding-totals gives 1,950,000 and 3 shared grants."""
    totals = client.get("/api/queries/funding-totals", params={"by": "country"}).json()["rows"]
    (expected,) = [r for r in totals if r["group"] == country and r["currency"] == "EUR"]
    svg = client.get("/funders.svg", params={"country": country}).text
    bars = re.findall(r"<title>([^<]*): ([\d,.]+) EUR \((\d+) funding", svg)
    sole = [(label, total, n) for label, total, n in bars if "shared with other countries" not in label]
    shared = [(total, n) for label, total, n in bars if "shared with other countries" in label]
    assert sum(Decimal(t.replace(",", "")) for _, t, _ in sole) == Decimal(expected["total"])
    assert sum(int(n) for _, _, n in sole) == int(expected["grants"])
    assert [(Decimal(t.replace(",", "")), int(n)) for t, n in shared] == [
        (Decimal(expected["shared_total"]), int(expected["shared_grants"]))
    ]


def test_the_chart_adds_yearly_contributions_apart_as_funding_totals_does(client: TestClient) -> None:
    """Regression: /funders.svg showed Belgium: 73,079,219.9 EUR, its one-off grants (42,079,219.9)
    and its yearly contributions (31,000,000 a year) added up."""
    totals = client.get("/api/queries/funding-totals", params={"by": "funder"}).json()["rows"]
    svg = client.get("/funders.svg").text
    for per, unit in (("", "EUR"), ("year", "EUR a year")):
        expected = {
            r["group"]: Decimal(r["total"]) for r in totals if r["currency"] == "EUR" and (r["per"] or "") == per
        }
        bars = re.findall(rf"<title>([^<]*): ([\d,.]+) {unit} \((\d+) funding", svg)
        assert bars and {label: Decimal(total.replace(",", "")) for label, total, _ in bars} == expected, unit
    assert "Belgium: 31,000,000.00 EUR a year (4 fundings)" in svg  # summed as the sources write them


def test_the_chart_of_a_country_without_fundings_says_so(client: TestClient) -> None:
    """Regression: /funders.svg?country=NL was titled "Funders, grants to Netherlands alone ()"."""
    svg = client.get("/funders.svg", params={"country": "NL"}).text
    assert "()" not in svg and ", total <" not in svg
    assert "<title>Funders, grants to Netherlands alone</title>" in svg
    assert "Funders, grants to Netherlands alone: no funding with a stated amount" in svg


def test_the_funders_table_says_which_amounts_are_a_year(client: TestClient, graph: Graph) -> None:
    """Regression: "15.000.000 EUR per jaar" showed as 15,000,000 EUR, like a one-off grant."""
    yearly = {
        r["f"].value
        for r in select(graph, "SELECT ?f WHERE { ?f wps:recurrence <https://w3id.org/wpskg/vocab/recurrence/yearly> }")
    }
    assert yearly
    html = client.get("/funders").text
    body = html.split('<table class="funders">', 1)[1].split("</tbody>", 1)[0]  # not the chart's totals
    rows = body.split("<tr")[1:]
    marked = {re.search(r'href="[^"]*/id/funding/([^"]+)"', r).group(1) for r in rows if "EUR a year</td>" in r}
    assert marked == {f.rsplit("/", 1)[-1] for f in yearly}


def test_index_and_plan_pages_say_which_amounts_are_a_year(client: TestClient) -> None:
    """Regression: /fundings showed UNICEF's core contribution of 15,000,000 EUR a year as 15,000,000.00 EUR."""
    yearly = "/id/funding/be-unicef-core"
    fundings = client.get("/fundings", params={"country": "", "theme": ""}).text
    page = client.get("/id/plan/be-wps-nap-3").text
    for html in (fundings, page):
        assert re.search(rf'href="{yearly}"', html)
    row = next(r for r in fundings.split("<tr") if f'href="{yearly}"' in r)
    assert "15,000,000.00 EUR a year" in row
    one_off = next(r for r in fundings.split("<tr") if 'href="/id/funding/be-crsv-mptf"' in r)
    assert "EUR a year" not in one_off and "EUR" in one_off
    assert "15,000,000.00 EUR a year" in page


def test_a_ceiling_shows_as_up_to_and_is_in_no_bar(client: TestClient) -> None:
    """Regression: "UNFPA-bijdragen tot 2.000.000 EUR per jaar" showed as an exact 2,000,000 EUR a year."""
    html = client.get("/funders").text
    (row,) = [r for r in html.split("<tr")[1:] if "/id/funding/be-unfpa-earmarked" in r]
    assert ">up to 2,000,000" in row and "EUR a year</td>" in row
    page = client.get("/id/actor/unfpa").text  # its fundings, in a table
    assert re.search(r'class="amount" title="2000000(\.00)?">up to 2,000,000(\.00)? EUR a year<', page)


def test_the_funders_chart_shows_the_largest_funders_and_adds_up_the_others() -> None:
    from wpskg.serve.pages import chart

    rows = [
        {"funder": f"F{i}", "amount": str(amount), "currency": "EUR", "is_part": False}
        for i, amount in enumerate(["100", "0.10", "30", "20", "0.05"])
    ]
    rows.append({"funder": "F0", "amount": "1", "currency": "EUR", "is_part": False})
    rows.append({"funder": "F9", "amount": "999", "currency": "EUR", "is_part": True})  # counted through its whole
    (group,) = chart(rows, top=2)
    assert [(b["label"], b["total"], b["count"], b["rest"]) for b in group["bars"]] == [
        ("F0", "101", 2, False),
        ("F2", "30", 1, False),
        ("3 other funders", "20.15", 3, True),
    ]
    assert [round(b["width"]) for b in group["bars"]] == [380, 113, 0]  # scaled to the largest funder
    svg = ElementTree.fromstring(
        create_app(Project(ROOT), graph=Graph())
        .state.server.templates.get_template("_chart.html")
        .render(groups=[group], caption="Funders", standalone=True)
    )
    assert len(svg.findall(".//{http://www.w3.org/2000/svg}rect")) == 2
    texts = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "together 20.15" in texts
    assert [b["label"] for b in chart(rows, top=5)[0]["bars"]] == ["F0", "F2", "F3", "F1", "F4"]


# --- the stored-query API ------------------------------------------------------------------------


def test_the_query_forms_name_their_buttons_and_mark_what_is_required(client: TestClient) -> None:
    """Regression: 15 buttons were all called "Run", and the required ``subject`` was not marked required."""
    html = client.get("/api/queries", headers={"Accept": "text/html"}).text
    names = re.findall(r'<button type="submit" aria-label="Run ([a-z-]+)">Run</button>', html)
    assert len(names) == html.count("<button") and len(set(names)) == len(names) and "provenance" in names
    provenance = html[html.index('id="q-provenance"') :]
    provenance = provenance[: provenance.index("</form>")]
    assert re.search(r'<input name="subject"[^>]* required>', provenance)
    assert " required>" not in html[html.index('id="q-funders"') :].split("</form>", 1)[0]


def test_api_lists_queries_with_parameters_and_openapi(client: TestClient) -> None:
    listing = client.get("/api/queries", headers={"Accept": "application/json"}).json()
    by_name = {q["name"]: q for q in listing["queries"]}
    assert {p["name"] for p in by_name["funders"]["parameters"]} == {"country", "theme", "year", "funded_by"}
    assert by_name["funders"]["lists"]["countries"] == ", " and by_name["timeline"]["lists"] == {}
    assert list(by_name["funders"]["column_descriptions"]) == by_name["funders"]["columns"]
    spec = client.get(listing["openapi"]).json()
    assert spec["openapi"].startswith("3.1")
    operation = spec["paths"]["/api/queries/funders"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {"country", "theme", "year", "funded_by", "format", "limit", "offset", "If-None-Match"}
    assert set(operation["responses"]) >= {"200", "304", "400", "422", "503"}
    assert "ETag" in operation["responses"]["200"]["headers"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    amount = schema["properties"]["rows"]["items"]["properties"]["amount"]
    assert amount["description"] == by_name["funders"]["column_descriptions"]["amount"]
    for name in by_name:
        assert f"/api/queries/{name}" in spec["paths"]


def _openapi_errors(spec: dict) -> str:
    """What openapi-spec-validator says of ``spec``, in a process of its own: it reads its schemas
    through file: URLs, which the network guard of this process refuses."""
    check = "import json, sys; from openapi_spec_validator import validate; validate(json.load(sys.stdin))"
    done = subprocess.run([sys.executable, "-c", check], input=json.dumps(spec), capture_output=True, text=True)
    return "" if done.returncode == 0 else done.stderr


def test_the_openapi_document_is_valid_openapi_3_1(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert _openapi_errors(spec) == ""
    spec["paths"]["/api/queries/funders"]["get"]["responses"]["304"] = {"summary": "no description"}
    assert "OpenAPIValidationError" in _openapi_errors(spec)


def test_api_rows_match_the_openapi_row_schema(client: TestClient) -> None:
    """Each row of each answer against its query's row schema, with the declared datatypes' forms."""
    import jsonschema

    spec = client.get("/api/openapi.json").json()
    funders = spec["paths"]["/api/queries/funders"]["get"]["responses"]["200"]["content"]["application/json"]
    columns = funders["schema"]["properties"]["rows"]["items"]["properties"]
    assert columns["funding"]["format"] == "uri" and "pattern" in columns["amount"]
    assert "pattern" not in columns["funder"] and "format" not in columns["funder"]
    checked = 0
    for path, item in spec["paths"].items():
        if not path.startswith("/api/queries/") or any(p.get("required") for p in item["get"]["parameters"]):
            continue
        schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        answer = client.get(path, headers={"Accept": "application/json"}).json()
        assert not list(validator.iter_errors(answer)), path
        checked += len(answer["rows"])
    assert checked > 100
    # The schema can fail: an amount that is not a decimal.
    bad = {"rows": [{"amount": "about 300 000"}]}
    assert list(jsonschema.Draft202012Validator(funders["schema"]).iter_errors(bad))


def test_api_runs_a_query_as_json_csv_and_html(client: TestClient) -> None:
    params = {"country": "ML", "theme": "gbv"}
    data = client.get("/api/queries/funders", params=params).json()
    assert data["count"] == len(data["rows"]) > 0
    assert all(row["funder"] for row in data["rows"])
    csv_text = client.get("/api/queries/funders", params=params, headers={"Accept": "text/csv"}).text
    assert csv_text.splitlines()[0].startswith("funding,funder,")
    assert len(csv_text.strip().splitlines()) == data["count"] + 1
    html = client.get("/api/queries/funders", params={**params, "format": "html"})
    assert html.headers["content-type"].startswith("text/html") and "<table" in html.text


def test_api_errors_name_the_problem(client: TestClient) -> None:
    bad = client.get("/api/queries/funders", params={"country": "Atlantis"})
    assert bad.status_code == 400 and "Valid codes" in bad.json()["error"]
    unknown = client.get("/api/queries/funders", params={"colour": "red"})
    assert unknown.status_code == 400 and "no parameter 'colour'" in unknown.json()["error"]
    missing = client.get("/api/queries/no-such-query")
    assert missing.status_code == 404 and "funders" in missing.json()["error"]
    twice = client.get("/api/queries/funders?country=BE&country=ML")
    assert twice.status_code == 400
    assert twice.json()["error"] == "parameter 'country' is given 2 times (['BE', 'ML']); give it once"
    for page in ("/funders?country=BE&country=ML", "/plans?theme=gbv&theme=crsv", "/actors?page=1&page=2"):
        response = client.get(page)
        assert response.status_code == 400 and response.headers["content-type"].startswith("text/html"), page
        assert "is given 2 times" in response.text, page
    # the SPARQL protocol repeats its dataset parameters; the endpoint keeps its own rules
    ask = {"query": "ASK { ?s ?p ?o }", "default-graph-uri": ["urn:a", "urn:b"]}
    assert "given 2 times" not in client.get("/sparql", params=ask).text


def test_sparql_endpoint_refuses_in_order_with_one_reading_of_the_query(client: TestClient) -> None:
    # The endpoint lexes a query once for its three checks: refused (403), a graph it lacks (400),
    # no query form (400); a query that passes all three is answered.
    cases = [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 403, "SERVICE is refused"),
        ("SELECT * FROM <https://w3id.org/wpskg/other> WHERE { ?s ?p ?o }", 400, "the local store has no such graph"),
        ("PREFIX ex: <http://example.org/> # SELECT * WHERE {}", 400, "not a SPARQL query"),
    ]
    for query, status, message in cases:
        response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/json"})
        assert response.status_code == status and message in response.text, query
    fine = (
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/wpskg/graph> WHERE { ?s a <https://w3id.org/wpskg/ont#Plan> }"
    )
    answer = client.get("/sparql", params={"query": fine}, headers={"Accept": "application/sparql-results+json"})
    assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) > 0


def test_the_endpoint_refuses_a_format_it_does_not_give(client: TestClient) -> None:
    """Regression: /sparql?format=bogus (or format=ttl on a SELECT) answered 200 in JSON."""
    select = "SELECT ?s WHERE { ?s a <https://w3id.org/wpskg/ont#Plan> } LIMIT 1"
    for query, fmt, names in (
        (select, "bogus", "json, srj, xml, srx, csv, tsv"),
        (select, "ttl", "json, srj, xml, srx, csv, tsv"),
        ("ASK { ?s ?p ?o }", "jsonld", "json, srj"),
        ("CONSTRUCT WHERE { ?s a <https://w3id.org/wpskg/ont#Plan> }", "csv", "turtle, ttl"),
    ):
        response = client.get("/sparql", params={"query": query, "format": fmt}, headers={"Accept": "text/plain"})
        assert response.status_code == 400, (query, fmt)
        assert f"format {fmt!r} is not a format of a" in response.text and names in response.text, response.text
    as_csv = client.get("/sparql", params={"query": select, "output": "csv"})
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    refused = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert refused.status_code == 406 and "cannot answer an ASK query" in refused.text


def test_api_row_cap_is_an_error_not_a_truncation(project: Project, graph: Graph) -> None:
    with TestClient(create_app(project, graph=graph, timeout=TIMEOUT, max_rows=2)) as c:
        r = c.get("/api/queries/funders")
        assert r.status_code == 422
        assert r.headers["x-wpskg-limit-exceeded"] == "max-rows"
        assert "row cap" in r.json()["error"]
        # pages within the cap fetch the same answer piece by piece
        whole = []
        url: str | None = "/api/queries/funders?limit=2"
        while url:
            page = c.get(url)
            assert page.status_code == 200, page.text
            whole += page.json()["rows"]
            found = re.search(r'<([^>]+)>; rel="next"', page.headers.get("link", ""))
            url = found.group(1) if found else None
        assert len(whole) > 2
        over = c.get("/api/queries/funders", params={"limit": 3})
        assert over.status_code == 400 and "row cap, 2 rows" in over.json()["error"]
    assert whole == client_rows(project, graph, "funders")


def test_answer_over_the_size_cap_is_a_422(project: Project, graph: Graph) -> None:
    with TestClient(create_app(project, graph=graph, timeout=TIMEOUT, max_answer_bytes=4096)) as c:
        api = c.get("/api/queries/funders")
        assert api.status_code == 422, api.text[:200]
        assert api.headers["x-wpskg-limit-exceeded"] == "max-bytes"
        assert "size cap of 4096 bytes" in api.json()["error"]
        assert c.get("/funders").status_code == 422  # the page runs the same stored query
        everything = {"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"}
        endpoint = c.get("/sparql", params=everything, headers={"Accept": "text/turtle"})
        assert endpoint.status_code == 422 and endpoint.headers["x-wpskg-limit-exceeded"] == "max-bytes"
        small = c.get("/api/queries/funders", params={"limit": 1})
        assert small.status_code == 200 and small.headers["x-wpskg-max-bytes"] == "4096"
        assert len(small.json()["rows"]) == 1
    with TestClient(create_app(project, graph=graph, timeout=TIMEOUT, max_answer_bytes=None)) as c:
        whole = c.get("/api/queries/funders")
        assert whole.status_code == 200 and "x-wpskg-max-bytes" not in whole.headers


def client_rows(project: Project, graph: Graph, name: str) -> list[dict]:
    with TestClient(create_app(project, graph=graph, timeout=TIMEOUT)) as c:
        return c.get(f"/api/queries/{name}").json()["rows"]


def test_api_pages_with_limit_offset_and_links(client: TestClient) -> None:
    whole = client.get("/api/queries/funders").json()["rows"]
    assert len(whole) >= 5
    first = client.get("/api/queries/funders", params={"limit": 2})
    assert first.status_code == 200
    assert first.json()["rows"] == whole[:2]
    assert (first.json()["limit"], first.json()["offset"]) == (2, 0)
    assert 'rel="next"' in first.headers["link"] and 'rel="prev"' not in first.headers["link"]
    second_url = re.search(r'<([^>]+)>; rel="next"', first.headers["link"]).group(1)
    assert "limit=2" in second_url and "offset=2" in second_url
    second = client.get(second_url)
    assert second.json()["rows"] == whole[2:4]
    assert 'rel="prev"' in second.headers["link"]
    last = client.get("/api/queries/funders", params={"limit": 2, "offset": len(whole) - 1})
    assert last.json()["rows"] == whole[-1:]
    assert 'rel="next"' not in last.headers.get("link", "")
    # the CSV and the HTML page give the same page; the HTML page links its neighbours
    csv_page = client.get(second_url + "&format=csv").text.strip().splitlines()
    assert len(csv_page) == 3
    html = client.get(second_url + "&format=html").text
    assert 'rel="next"' in html and 'rel="prev"' in html and "from row 3" in html
    assert html.count("<tr>") == 3  # the header and two rows
    # regression: the first page, which has no previous page, was a 500
    first_html = client.get("/api/queries/funders", params={"limit": 2, "format": "html"})
    assert first_html.status_code == 200 and 'rel="next"' in first_html.text and 'rel="prev"' not in first_html.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "0"}, "from 1 up"),
        ({"limit": "two"}, "whole number of rows, not 'two'"),
        ({"offset": "-1"}, "whole number of rows, not '-1'"),
        ({"offset": "²"}, "whole number of rows, not '²'"),  # a digit to str.isdigit, not to int()
        ({"limit": "1" * 13}, "whole number of rows"),
    ],
)
def test_api_page_errors_name_the_parameter(client: TestClient, params: dict, message: str) -> None:
    r = client.get("/api/queries/funders", params=params)
    assert r.status_code == 400 and message in r.json()["error"]


# --- escaping ----------------------------------------------------------------------------------------

EVIL = """
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix plan: <https://w3id.org/wpskg/id/plan/> .
@prefix obj: <https://w3id.org/wpskg/id/objective/> .
@prefix fund: <https://w3id.org/wpskg/id/funding/> .
@prefix actor: <https://w3id.org/wpskg/id/actor/> .
@prefix claim: <https://w3id.org/wpskg/id/claim/> .
@prefix src: <https://w3id.org/wpskg/id/source/> .
@prefix country: <https://w3id.org/wpskg/vocab/country/> .
@prefix theme: <https://w3id.org/wpskg/vocab/theme/> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .

plan:evil-1 a wps:WPSNationalActionPlan ; wps:planCountry country:BE ;
    rdfs:label "<script>alert('plan')</script>"@en , "\\"><img src=x onerror=alert(1)>"@nl ;
    wps:hasObjective obj:evil-1-1 ;
    rdfs:seeAlso <javascript:alert(document.cookie)> ;
    dct:description "</textarea><iframe src=javascript:alert(2)></iframe>"@en .
obj:evil-1-1 a wps:Objective ; skos:notation "1" ; wps:objectiveOf plan:evil-1 ;
    rdfs:label "<b onmouseover=alert(3)>objective</b>"@en .
fund:evil a wps:Funding ; schema:funder actor:evil ; wps:recipient actor:evil ; wps:underObjective obj:evil-1-1 ;
    wps:recipientCountry country:ML ; wps:theme theme:gbv ; wps:projectTitle "<svg onload=alert(4)>"@en ;
    schema:amount [ a schema:MonetaryAmount ; schema:value 10.00 ; schema:currency "<svg onload=alert(5)>" ] .
actor:evil a wps:GovernmentBody ; rdfs:label "<script>alert('actor')</script>"@en ; wps:actsFor country:BE .
claim:evil a wps:Claim ; wps:claimSubject plan:evil-1 , fund:evil ; prov:wasDerivedFrom src:evil ;
    wps:quote "<script>alert('quote')</script>"@en .
src:evil a wps:SourceDocument ; dct:title "<iframe src=javascript:alert(6)>"@en ; wps:fileName "<x>.txt" .
"""
DANGEROUS = ("<script", "<img", "<iframe", "<svg onload", "<b onmouseover")


@pytest.fixture(scope="module")
def evil_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("evil")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    (root / "shapes").mkdir()
    (root / "queries").mkdir()
    shutil.copy(ROOT / "queries" / "funders.rq", root / "queries" / "funders.rq")
    (root / "instances").mkdir()
    (root / "instances" / "evil.ttl").write_text(EVIL, encoding="utf-8")
    with TestClient(create_app(Project(root), timeout=TIMEOUT, max_rows=MAX_ROWS)) as c:
        yield c


@pytest.mark.parametrize(
    "path",
    [
        "/id/plan/evil-1",
        "/id/actor/evil",
        "/id/funding/evil",
        "/id/source/evil",
        "/plans",
        "/actors",
        "/fundings",
        "/funders?theme=gbv",
        "/api/queries/funders?format=html",
        "/sparql?query="
        + urllib.parse.quote(
            "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l "
            'FILTER(STRSTARTS(STR(?s), "https://w3id.org/wpskg/id/")) }'
        ),
        "/resource?iri=" + urllib.parse.quote("javascript:alert(document.cookie)"),
        "/resource?iri=" + urllib.parse.quote("<script>alert(7)</script>"),
        "/no-such-page/<script>alert(8)</script>",
    ],
)
def test_data_never_injects_markup(evil_client: TestClient, path: str) -> None:
    r = evil_client.get(path, headers={"Accept": "text/html"})
    assert r.status_code in (200, 400, 404)
    assert r.headers["content-type"].startswith("text/html")
    body = r.text.lower()
    for needle in DANGEROUS:
        assert needle not in body, f"{needle!r} unescaped in {path}"
    assert 'href="javascript' not in body
    assert "script-src" not in r.headers["content-security-policy"]  # default-src 'none': no script at all
    assert "default-src 'none'" in r.headers["content-security-policy"]
    if r.status_code == 200 and path.startswith("/id/"):
        assert "&lt;script&gt;" in body or "&lt;iframe" in body or "&lt;svg" in body


def test_svg_chart_escapes_labels(evil_client: TestClient) -> None:
    svg = evil_client.get("/funders.svg", params={"theme": "gbv"}).text
    ElementTree.fromstring(svg)  # well-formed: nothing broke out of a text node
    assert "<script" not in svg and "&lt;script&gt;" in svg


TRICKY = """SELECT ?x ?y WHERE { VALUES (?x ?y) {
  ("tab\\there" "quote \\" and \\\\ backslash"@nl)
  ("line\\nbreak" 1.50)
  (<https://example.org/a> 7)
  (UNDEF "é ✓ 𝄞"@fr)
  ("2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> true)
} }"""


@pytest.mark.parametrize(
    ("media", "fmt"),
    [
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", ox.QueryResultsFormat.CSV),
    ],
)
def test_select_results_keep_every_term(
    client: TestClient, graph: Graph, media: str, fmt: ox.QueryResultsFormat
) -> None:
    """TSV and JSON come from the worker's TSV without Python terms; every format gives back the same terms."""
    expected = [[s[v] for v in ("x", "y")] for s in graph.store.query(TRICKY)]
    response = client.post("/sparql", data={"query": TRICKY}, headers={"Accept": media})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    if fmt == ox.QueryResultsFormat.CSV:  # lexical forms only, which pyoxigraph refuses to parse
        header, *got = csv.reader(io.StringIO(response.text, newline=""))
        assert header == ["x", "y"]
        assert got == [["" if t is None else t.value for t in row] for row in expected]
    else:
        assert [[s["x"], s["y"]] for s in ox.parse_query_results(response.content, format=fmt)] == expected


# --- over HTTP: the SPARQL 1.1 Protocol with a real client --------------------------------------------


@pytest.mark.server
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select_in_every_results_format(live: RunningServer, graph: Graph, fmt: str) -> None:
    from SPARQLWrapper import SPARQLWrapper

    query = PREFIXES + "SELECT ?plan ?label WHERE { ?plan a wps:Plan ; rdfs:label ?label } ORDER BY ?plan ?label"
    expected = len(select(graph, "SELECT ?plan ?label WHERE { ?plan a wps:Plan ; rdfs:label ?label }"))
    client = SPARQLWrapper(live.url + "sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    result = client.query()
    content_type = result.response.headers["content-type"]
    converted = result.convert()
    if fmt == "json":
        assert content_type.startswith("application/sparql-results+json")
        assert converted["head"]["vars"] == ["plan", "label"]
        assert len(converted["results"]["bindings"]) == expected
        assert any(b["label"].get("xml:lang") == "nl" for b in converted["results"]["bindings"])
    elif fmt == "xml":
        assert content_type.startswith("application/sparql-results+xml")
        assert len(converted.getElementsByTagName("result")) == expected
    elif fmt == "csv":
        assert content_type.startswith("text/csv")
        lines = converted.decode().split("\r\n")
        assert lines[0] == "plan,label" and len([x for x in lines[1:] if x]) == expected
    else:
        assert content_type.startswith("text/tab-separated-values")
        lines = converted.decode().strip().split("\n")
        assert lines[0] == "?plan\t?label" and len(lines) == expected + 1
        assert lines[1].startswith("<https://w3id.org/wpskg/id/plan/")


@pytest.mark.server
@pytest.mark.parametrize("request_method", ["get", "urlencoded", "postdirectly"])
def test_sparqlwrapper_get_and_both_posts(live: RunningServer, request_method: str) -> None:
    from SPARQLWrapper import JSON, POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

    client = SPARQLWrapper(live.url + "sparql")
    client.setQuery(f"ASK {{ <{NAP3}> a <{WPS}Plan> }}")
    client.setReturnFormat(JSON)
    if request_method != "get":
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED if request_method == "urlencoded" else POSTDIRECTLY)
    assert client.query().convert() == {"head": {}, "boolean": True}


@pytest.mark.server
@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "xml"])
def test_sparqlwrapper_construct_and_describe(live: RunningServer, fmt: str) -> None:
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(live.url + "sparql")
    client.setQuery(f"CONSTRUCT {{ ?o <{WPS}objectiveOf> ?p }} WHERE {{ ?p <{WPS}hasObjective> ?o }}")
    client.setReturnFormat(fmt)
    converted = client.query().convert()
    g = rdflib.Graph().parse(data=converted, format="turtle") if isinstance(converted, bytes) else converted
    assert len(g) > 6
    assert (None, rdflib.URIRef(WPS + "objectiveOf"), rdflib.URIRef(NAP3)) in g
    describe = SPARQLWrapper(live.url + "sparql")
    describe.setQuery(f"DESCRIBE <{NAP3}>")
    describe.setReturnFormat("turtle")
    g = rdflib.Graph().parse(data=describe.query().convert(), format="turtle")
    assert (rdflib.URIRef(NAP3), rdflib.RDF.type, rdflib.URIRef(WPS + "WPSNationalActionPlan")) in g


@pytest.mark.server
def test_graph_results_as_ntriples_by_accept(live: RunningServer) -> None:
    status, headers, body = sparql_get(live, f"DESCRIBE <{NAP3}>", accept="application/n-triples")
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    assert len(rdflib.Graph().parse(data=body.decode(), format="nt")) > 10
    status, _, body = sparql_get(live, f"DESCRIBE <{NAP3}>", accept="image/png")
    assert status == 406 and b"text/turtle" in body


def test_the_command_warms_its_workers_unless_told_not_to(live: RunningServer, tmp_path: Path) -> None:
    status, _, body = http(live.url + "health")
    assert status == 200 and json.loads(body)["warm_workers"] is True
    assert json.loads(body)["max_answer_bytes"] == 64 * 1024 * 1024  # the limits in force, the size cap too
    assert ", warm)" in live.output()
    with serving(ROOT, timeout=TIMEOUT, max_rows=MAX_ROWS, options=["--no-warm", "--workers", "1"]) as cold:
        status, _, body = http(cold.url + "health")
        health = json.loads(body)
        assert status == 200 and health["warm_workers"] is False and health["workers"] == 1
        assert "1 query workers, not warmed)" in cold.output()
        status, _, body = sparql_get(cold, f"ASK {{ <{NAP3}> ?p ?o }}")
        assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.server
def test_a_project_that_serves_the_templates_placeholders_is_warned(tmp_path: Path) -> None:
    """A fresh `wpskg init` project serves its /catalog with dcat.ttl's placeholders: said at start."""
    from wpskg.scaffold import init

    made = init(tmp_path / "ie-wps")
    with serving(made, timeout=TIMEOUT, max_rows=MAX_ROWS, options=["--no-warm", "--workers", "1"]) as fresh:
        status, _, body = http(fresh.url + "catalog")
        assert status == 200 and b"data.ministry.example" in body
        warning = next(line for line in fresh.output().splitlines() if "placeholder" in line)
        assert warning.startswith(
            f"wpskg serve: warning: {made / 'dcat.ttl'}:16: <https://data.ministry.example/wps/catalog>"
        )


@pytest.mark.server
def test_a_projects_own_iris_dereference_under_its_base_url(tmp_path: Path) -> None:
    """Regression (ministry coordinator): only https://w3id.org/wpskg/ IRIs were served at their path;
    a project's own IRIs (https://data.dfa.ie/id/plan/…) only at /resource?iri=."""
    from wpskg.scaffold import init

    made = init(tmp_path / "ie-wps")
    (made / "instances" / "plan.ttl").write_text(
        """@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://data.dfa.ie/id/plan/ie-nap-3> a wps:WPSNationalActionPlan ; rdfs:label "Ireland's third NAP"@en ;
    wps:coordinator <https://data.dfa.ie/id/actor/dfa> ; wps:planCountry <https://w3id.org/wpskg/vocab/country/BE> .
<https://data.dfa.ie/id/actor/dfa> a wps:GovernmentBody ; rdfs:label "Department of Foreign Affairs"@en .
""",
        encoding="utf-8",
    )
    from wpskg import dcat

    (made / "dcat.ttl").write_text(filled_dcat(dcat.template()), encoding="utf-8")
    options = ["--no-warm", "--workers", "1", "--base-url", "https://data.dfa.ie/"]
    with serving(made, timeout=TIMEOUT, max_rows=MAX_ROWS, options=options) as own:
        # the catalogue's own IRIs too, those under its base and those dcat.ttl names (review: 404s)
        for path in ("wps/dataset/graph", "wps/catalog", "id/ministry", "id/wps-desk"):
            status, _, body = http(own.url + path, headers={"Accept": "text/turtle"})
            assert status == 200 and f"<https://data.dfa.ie/{path}>" in body.decode(), path
        status, _, body = http(own.url + "wps/dataset/nothing")
        assert status == 404 and b"neither https://w3id.org/wpskg/wps/dataset/nothing nor" in body
        status, headers, body = http(own.url + "id/plan/ie-nap-3")
        assert status == 200 and "text/html" in headers["content-type"]
        page = body.decode()
        assert "Ireland&#39;s third NAP" in page or "Ireland's third NAP" in page
        assert 'href="/id/actor/dfa"' in page  # its links go to the same space, not /resource?iri=
        status, headers, body = http(own.url + "id/plan/ie-nap-3.ttl")
        assert status == 200 and headers["content-type"].startswith("text/turtle")
        assert "<https://data.dfa.ie/id/actor/dfa>" in body.decode()
        # the site is named after the publisher's catalogue, not wpskg (ministry coordinator)
        status, _, body = http(own.url, headers={"Accept": "text/html"})
        title = html_unescape(re.search(r"<title>([^<]*)</title>", body.decode()).group(1))
        assert status == 200 and title.endswith(" · National Action Plan 1325: open data"), title
        assert ">wpskg</a>" not in body.decode()
        # the API's query descriptions leave out the examples of wpskg's own data (ministry coordinator)
        status, _, body = http(own.url + "api/queries", headers={"Accept": "application/json"})
        listed = {q["name"]: q for q in json.loads(body)["queries"]}
        assert status == 200 and listed["peacekeeping"]["example"] == "", listed["peacekeeping"]
        assert "Belgium" not in listed["peacekeeping"]["description"]
        status, _, body = http(own.url + "api/queries", headers={"Accept": "text/html"})
        assert status == 200 and "5 in May 2023" not in body.decode()
        # the SPARQL form's example describes a plan of this graph, not Belgium's (ministry coordinator)
        status, _, body = http(own.url + "sparql", headers={"Accept": "text/html"})
        assert status == 200 and "Describe Ireland" in html_unescape(body.decode()), body[:2000]
        assert "Belgium" not in body.decode() and "be-wps-nap-3" not in body.decode()
        # wpskg's own IRIs keep their paths, and a path that names nothing is still a 404
        assert http(own.url + "vocab/country/BE")[0] == 200
        assert http(own.url + "id/plan/nothing")[0] == 404


# --- read-only, nothing leaves the machine -----------------------------------------------------------


class Listener:
    """A loopback TCP listener that counts the connections it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    sink = Listener()
    yield sink
    sink.close()


@pytest.mark.server
def test_update_is_refused_and_the_graph_is_unchanged(live: RunningServer) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    insert = "INSERT DATA { <https://w3id.org/wpskg/id/x> <https://w3id.org/wpskg/id/p> 'x' }"
    client = SPARQLWrapper(live.url + "sparql")
    client.setQuery(insert)
    client.setMethod(POST)
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        client.query()
    url = live.url + "sparql"
    for data, content_type in [
        (urllib.parse.urlencode({"update": insert}).encode(), "application/x-www-form-urlencoded"),
        (insert.encode(), "application/sparql-update"),
        (insert.encode(), "application/sparql-query"),
        (urllib.parse.urlencode({"query": "DELETE WHERE { ?s ?p ?o }"}).encode(), "application/x-www-form-urlencoded"),
    ]:
        status, _, body = http(url, data=data, headers={"Content-Type": content_type})
        assert status == 403, body
        assert b"read-only" in body
    status, _, body = sparql_get(live, "ASK { <https://w3id.org/wpskg/id/x> ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is False
    assert http(url, method="PUT", data=b"x")[0] == 405


@pytest.mark.server
@pytest.mark.parametrize(
    "template",
    [
        "LOAD <http://127.0.0.1:{port}/data.ttl>",
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        # a prefixed name right before SERVICE once hid the keyword from the guard
        "PREFIX be: <https://w3id.org/wpskg/vocab/country/BE> "
        "SELECT * WHERE {{ ?s ?p be: SERVICE <http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }} }}",
        "SELECT * FROM <http://127.0.0.1:{port}/graph> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <http://127.0.0.1:{port}/graph> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_remote_access_is_refused_before_evaluation(live: RunningServer, listener: Listener, template: str) -> None:
    query = template.format(port=listener.port)
    for method in ("get", "post"):
        if method == "get":
            status, _, body = sparql_get(live, query)
        else:
            status, _, body = http(
                live.url + "sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query"}
            )
        assert status == 403, body
        assert b"refused" in body
    time.sleep(0.3)
    assert listener.hits == 0, "the server contacted the remote host"


@pytest.mark.server
def test_remote_dataset_parameters_are_refused(live: RunningServer, listener: Listener) -> None:
    status, _, body = sparql_get(
        live, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", **{"default-graph-uri": f"http://127.0.0.1:{listener.port}/g"}
    )
    assert status == 403 and b"refused" in body
    assert listener.hits == 0


@pytest.mark.server
def test_from_the_exported_graph_name_reads_the_graph_and_other_graphs_are_an_error(live: RunningServer) -> None:
    """Regression: FROM <https://w3id.org/wpskg/graph> (the graph of the exported N-Quads) gave no rows."""
    count = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s a <https://w3id.org/wpskg/ont#Plan> }}"
    answers = []
    for clause in ("", "FROM <https://w3id.org/wpskg/graph>"):
        status, _, body = sparql_get(live, count.format(clause))
        assert status == 200, body
        answers.append(int(json.loads(body)["results"]["bindings"][0]["n"]["value"]))
    status, _, body = sparql_get(live, count.format(""), **{"default-graph-uri": "https://w3id.org/wpskg/graph"})
    assert status == 200, body
    answers.append(int(json.loads(body)["results"]["bindings"][0]["n"]["value"]))
    assert answers[0] > 0 and answers == [answers[0]] * 3
    for clause in ("FROM <https://w3id.org/wpskg/graf>", "FROM NAMED <https://w3id.org/wpskg/graph>"):
        status, _, body = sparql_get(live, count.format(clause))
        assert status == 400 and b"the local store has no" in body, body


# --- limits ------------------------------------------------------------------------------------------


@pytest.mark.server
@pytest.mark.parametrize("query", [CROSS_PRODUCT, PATHOLOGICAL_REGEX], ids=["cross-product", "regex"])
def test_runaway_query_is_stopped_while_others_are_answered(live: RunningServer, query: str) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["response"] = sparql_get(live, query)
        outcome["elapsed"] = time.monotonic() - started
        outcome["ended"] = time.monotonic()

    worker = threading.Thread(target=runaway)
    worker.start()
    time.sleep(0.3)
    answered: list[tuple[float, float]] = []  # (duration, end) of the quick requests
    while worker.is_alive() and len(answered) < 10:
        started = time.monotonic()
        status, _, body = sparql_get(live, f"ASK {{ <{NAP3}> ?p ?o }}")
        assert status == 200 and json.loads(body)["boolean"] is True
        assert http(live.url + "id/plan/be-wps-nap-3")[0] == 200
        answered.append((time.monotonic() - started, time.monotonic()))
    worker.join(TIMEOUT + 10)
    status, headers, body = outcome["response"]  # type: ignore[misc]
    assert status == 503, body
    assert headers["x-wpskg-limit-exceeded"] == "timeout"
    assert b"time limit" in body
    assert TIMEOUT - 0.1 <= outcome["elapsed"] < TIMEOUT + 3  # type: ignore[operator]
    # other requests were answered while the runaway query ran, not queued behind it
    during = [duration for duration, end in answered if end < outcome["ended"]]  # type: ignore[operator]
    assert len(during) >= 2, answered
    assert max(during) < TIMEOUT, answered


@pytest.mark.server
@pytest.mark.parametrize(
    "query",
    ["SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "DESCRIBE ?s WHERE { ?s a ?c }"],
    ids=["select", "construct", "describe"],
)
def test_row_cap_is_a_422_never_a_truncated_200(live: RunningServer, query: str) -> None:
    status, headers, body = sparql_get(live, query, accept="*/*")
    assert status == 422, body[:200]
    assert headers["x-wpskg-limit-exceeded"] == "max-rows"
    assert headers["x-wpskg-max-rows"] == str(MAX_ROWS)
    assert f"more than {MAX_ROWS} rows".encode() in body


@pytest.mark.server
def test_result_at_the_row_cap_is_complete(live: RunningServer) -> None:
    status, headers, body = sparql_get(live, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    assert headers["x-wpskg-max-rows"] == str(MAX_ROWS) and "x-wpskg-limit-exceeded" not in headers


@pytest.mark.server
def test_malformed_and_oversized_requests(live: RunningServer) -> None:
    status, _, body = sparql_get(live, "SELECT * WHERE { ?s ?p ")
    assert status == 400 and b"syntax" in body.lower()
    assert http(live.url + "sparql", headers={"Accept": "application/json"})[0] == 400
    big = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (300 * 1024)
    status, _, _ = http(live.url + "sparql", data=big, headers={"Content-Type": "application/sparql-query"})
    assert status == 413
    status, _, _ = http(live.url + "sparql", data=b"x", headers={"Content-Type": "text/plain"})
    assert status == 415


@pytest.mark.server
def test_cors_allows_get(live: RunningServer) -> None:
    origin = {"Origin": "https://example.org"}
    status, headers, _ = http(
        live.url + "sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}), headers=origin
    )
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    status, headers, _ = http(live.url + "id/plan/be-wps-nap-3", headers=origin)
    assert headers["access-control-allow-origin"] == "*"
    status, headers, _ = http(
        live.url + "sparql",
        method="OPTIONS",
        headers={**origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "accept"},
    )
    assert status == 200 and "GET" in headers["access-control-allow-methods"]


@pytest.mark.server
def test_pages_dereference_over_http(live: RunningServer) -> None:
    status, headers, body = http(live.url + "id/plan/be-wps-nap-3", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert (rdflib.URIRef(NAP3), None, None) in rdflib.Graph().parse(data=body.decode(), format="turtle")
    status, headers, body = http(live.url + "id/plan/be-wps-nap-3", headers={"Accept": "text/html"})
    assert status == 200 and b"Belgium NAP III" in body
    assert headers["x-content-type-options"] == "nosniff"


# --- load -------------------------------------------------------------------------------------------------


def _load_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wpskg_load_benchmark", ROOT / "benchmarks" / "load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.server
@pytest.mark.slow
def test_bounded_load_has_no_errors(live: RunningServer, record_property: pytest.RecordProperty) -> None:
    load = _load_module()
    report = load.run_load(live.url, clients=20, duration=6.0)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load-test.json").write_text(json.dumps(vars(report), indent=2) + "\n", encoding="utf-8")
    print(report.line())
    for key in ("requests", "errors", "throughput_rps", "p50_ms", "p99_ms"):
        record_property(key, getattr(report, key))
    assert report.errors == 0, report.error_samples
    assert report.requests >= 20
    assert report.p50_ms <= report.p99_ms


# --- the DCAT catalogue and the service description ------------------------------------------------

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
DCAT_NS = rdflib.Namespace("http://www.w3.org/ns/dcat#")


def test_the_catalogue_is_served_with_the_sparql_endpoint_as_a_data_service(live: RunningServer) -> None:
    """A portal harvests /catalog: the exported catalogue's datasets, and this server's /sparql as a
    dcat:DataService that serves the graph's dataset."""
    status, headers, body = http(live.url + "catalog", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=body, format="turtle")
    service = rdflib.URIRef(dcat.SPARQL_SERVICE)
    assert [str(u) for u in g.objects(service, DCAT_NS.endpointURL)] == [live.url + "sparql"]
    assert list(g.objects(service, DCAT_NS.servesDataset)) == [rdflib.URIRef(dcat.GRAPH_DATASET)]
    assert (rdflib.URIRef(dcat.CATALOG), DCAT_NS.service, service) in g
    assert {str(d) for d in g.subjects(rdflib.RDF.type, DCAT_NS.Dataset)} == {dcat.GRAPH_DATASET, dcat.ONTOLOGY_DATASET}
    assert list(g.objects(None, DCAT_NS.downloadURL)) == []  # no files here: the endpoint is the distribution
    # the same catalogue in JSON-LD and N-Triples
    for fmt, parser in (("jsonld", "json-ld"), ("nt", "nt")):
        status, _, other = http(live.url + f"catalog?format={fmt}")
        assert status == 200
        assert rdflib.compare.isomorphic(g, rdflib.Graph().parse(data=other, format=parser))


def test_the_catalogue_describes_the_api_and_its_csv_answers(live: RunningServer) -> None:
    """The stored-query API is a dcat:DataService described by its OpenAPI document, and each answer
    that wpskg export --tables would write is a distribution of the graph, as CSV from the API."""
    _, _, body = http(live.url + "catalog", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=body, format="turtle")
    api = rdflib.URIRef(dcat.API_SERVICE)
    assert (rdflib.URIRef(dcat.CATALOG), DCAT_NS.service, api) in g
    assert [str(u) for u in g.objects(api, DCAT_NS.endpointURL)] == [live.url + "api/queries"]
    assert [str(u) for u in g.objects(api, DCAT_NS.endpointDescription)] == [live.url + "api/openapi.json"]
    assert list(g.objects(api, DCAT_NS.servesDataset)) == [rdflib.URIRef(dcat.GRAPH_DATASET)]
    answers = sorted(str(u) for d in g.subjects(DCAT_NS.accessService, api) for u in g.objects(d, DCAT_NS.accessURL))
    stored = load_queries(ROOT / "queries")
    assert len(answers) == len(tables.answers(stored)) > 10
    assert live.url + "api/queries/funding-totals?by=theme&format=csv" in answers
    for url in answers:
        status, headers, text = http(url)
        assert status == 200 and headers["content-type"].startswith("text/csv"), url
        name = url.split("/api/queries/", 1)[1].split("?", 1)[0]
        assert text.decode("utf-8").splitlines()[0] == ",".join(stored[name].columns), url
    status, _, spec = http(live.url + "api/openapi.json")
    assert status == 200 and json.loads(spec)["openapi"].startswith("3.1")


def test_the_served_catalogue_passes_the_mandatory_and_range_shapes_of_dcat_ap(client: TestClient) -> None:
    from test_dcat import SHAPES, results, shapes

    if not (SHAPES / "shapes.ttl").is_file():
        pytest.skip(f"the official DCAT-AP 3.0.1 shapes are not at {SHAPES}")
    g = rdflib.Graph().parse(data=client.get("/catalog").text, format="turtle")
    assert results(g, shapes("shapes.ttl", "range.ttl")) == []


def test_the_served_catalogue_has_only_the_documented_warnings(client: TestClient) -> None:
    from test_dcat import SERVICE_WARNINGS, SHAPES, results, shapes, without_checksum_pattern

    if not (SHAPES / "shapes.ttl").is_file():
        pytest.skip(f"the official DCAT-AP 3.0.1 shapes are not at {SHAPES}")
    g = rdflib.Graph().parse(data=client.get("/catalog").text, format="turtle")
    found = results(g, without_checksum_pattern(shapes("mdr-vocabularies.shape.ttl", "shapes_recommended.ttl")))
    assert {r[0] for r in found} == {"Warning"}
    # Besides the exported catalogue's: the API's publisher, as the SPARQL service's, and the
    # ontology's dataset, which has no distribution here (the server serves no files).
    assert {r[1:] for r in found} - SERVICE_WARNINGS == {
        ("service/api", "dct:publisher", "NodeConstraintComponent"),
        ("dataset/ontology", "dcat:distribution", "MinCountConstraintComponent"),
    }
    documented = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
    assert "`service/api`" in documented and "no distribution" in documented


def test_the_home_page_links_the_catalogue_and_the_endpoint(client: TestClient) -> None:
    html = client.get("/").text
    assert 'href="/catalog"' in html and 'href="/sparql"' in html


def test_the_catalogue_refuses_what_it_does_not_read(client: TestClient) -> None:
    assert client.get("/catalog", params={"format": "csv"}).status_code == 400
    assert client.get("/catalog", params={"country": "ML"}).status_code == 400
    assert client.get("/catalog", headers={"Accept": "text/csv"}).status_code == 406
    assert client.get("/catalog.html").status_code == 404 and client.get("/catalog.csv").status_code == 404


def test_the_catalogue_takes_what_harvesters_send(client: TestClient) -> None:
    """Regression: /catalog refused a cache buster (?_=1), Accept: application/xml and /catalog.ttl."""
    turtle = client.get("/catalog")
    assert client.get("/catalog", params={"_": "1700000000"}).text == turtle.text
    for path, media in [("/catalog.ttl", "text/turtle"), ("/catalog.jsonld", "application/ld+json"),
                        ("/catalog.nt", "application/n-triples"), ("/catalog.rdf", "application/rdf+xml")]:  # fmt: skip
        answer = client.get(path)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(media), path
    as_xml = client.get("/catalog", headers={"Accept": "application/xml"})
    assert as_xml.status_code == 200 and as_xml.headers["content-type"].startswith("application/rdf+xml")
    assert client.get("/catalog.ttl").text == turtle.text
    assert client.get("/catalog.ttl", params={"format": "jsonld"}).status_code == 400  # not silently Turtle
    page = client.get("/id/plan/be-wps-nap-3", headers={"Accept": "application/xml"})  # resources read XML so too
    assert page.status_code == 200 and page.headers["content-type"].startswith("application/rdf+xml")


def test_the_home_page_says_which_iris_dereference_here(client: TestClient) -> None:
    """Regression (ministry coordinator, session 32): "Every resource dereferences under
    http://127.0.0.1:…/" where a project's own IRIs (https://data.dfa.example.ie/…) resolved only
    through /resource?iri=."""
    html = client.get("/").text
    assert "Every resource whose IRI starts with <code>https://w3id.org/wpskg/</code>" in html
    assert "serves the page of any other IRI of the graph" in html


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("accept", [BROWSER_ACCEPT, "text/html"])
def test_a_browser_is_sent_to_the_catalogues_page(client: TestClient, accept: str) -> None:
    """Regression (ministry coordinator, session 32): a browser following the home page's catalogue
    link, "(Turtle)", got RDF/XML (its Accept names application/xml), and Accept: text/html a 406."""
    answer = client.get("/catalog", headers={"Accept": accept}, follow_redirects=False)
    assert answer.status_code == 303 and "Accept" in answer.headers["vary"]
    page = client.get(answer.headers["location"], headers={"Accept": accept})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "https://w3id.org/wpskg/catalog" in page.text
    for wanted in ("*/*", "text/turtle", "application/xml"):  # harvesters still get RDF
        assert client.get("/catalog", headers={"Accept": wanted}).status_code == 200, wanted
    html = client.get("/").text
    assert 'href="/catalog.ttl"' in html and 'href="/catalog.jsonld"' in html


def test_the_endpoint_describes_itself_when_fetched_without_a_query(live: RunningServer) -> None:
    """SPARQL 1.1 Service Description: a GET of the endpoint without a query, asking for RDF."""
    status, headers, body = http(live.url + "sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=body, format="turtle")
    node = rdflib.URIRef(live.url + "sparql")
    assert (node, rdflib.RDF.type, SD.Service) in g and (node, SD.endpoint, node) in g
    assert list(g.objects(node, SD.supportedLanguage)) == [SD.SPARQL11Query]
    offered = {str(f).rsplit("/", 1)[1] for f in g.objects(node, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "Turtle"} <= offered
    size = g.value(
        g.value(g.value(node, SD.defaultDataset), SD.defaultGraph), rdflib.URIRef("http://rdfs.org/ns/void#triples")
    )
    health = json.loads(http(live.url + "health")[2])
    assert int(size) == health["triples"]
    # a browser still gets the form, and a client that asks for results without a query a 400
    status, headers, _ = http(live.url + "sparql", headers={"Accept": "text/html"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    for accept in ("application/sparql-results+json", "application/json", "text/plain"):
        status, _, body = http(live.url + "sparql", headers={"Accept": accept})
        assert status == 400 and b"missing the query parameter" in body, accept


def test_a_mistake_in_dcat_ttl_stops_the_server_at_its_start(tmp_path: Path) -> None:
    from test_dcat import mini_project

    project = mini_project(tmp_path / "p")
    (project.root / "dcat.ttl").write_text(
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<https://example.org/catalog> a dcat:Catalog ;\n"
        "    dcat:nonsense 1 .\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        create_app(project)
    assert str(info.value).startswith(f"{project.root / 'dcat.ttl'}:")


@pytest.mark.parametrize(
    ("path", "given", "code"),
    [
        ("/fundings", "Mali", "ML"),
        ("/fundings", "mli", "ML"),
        ("/funders", "Mali", "ML"),
        ("/funders", "ml", "ML"),
        ("/plans", "Pays-Bas", "NL"),
        ("/plans", "belgie", "BE"),
    ],
)
def test_a_country_given_by_name_stays_selected_in_the_form(
    client: TestClient, path: str, given: str, code: str
) -> None:
    """Regression: ``/fundings?country=Mali`` was filtered, but its form had no country selected, so
    the next "Show" (a theme changed) sent ``country=`` and listed every country's rows."""
    page = client.get(path, params={"country": given})
    assert page.status_code == 200
    assert f'<option value="{code}" selected>' in page.text
    assert page.text.count(" selected>") == 1


def test_a_label_in_another_language_is_marked_as_such(client: TestClient) -> None:
    """Regression: the French title of a project was the page's <h1> and its link text on /fundings
    with no ``lang``, in a page of ``lang="en"`` (screen readers read it as English)."""
    page = client.get("/id/funding/be-medecins-du-monde-protection-srh-gbv").text
    assert '<h1 lang="fr">' in page
    listing = client.get("/fundings").text
    link = re.search(r'<a href="/id/funding/be-medecins-du-monde-protection-srh-gbv"[^>]*>', listing)
    assert link is not None and 'lang="fr"' in link.group(0)
    english = re.search(r'<a href="/id/actor/un-women"[^>]*>', client.get("/actors").text)
    assert english is not None and "lang=" not in english.group(0)


def test_a_theme_given_by_name_is_its_notation_in_the_form(client: TestClient) -> None:
    page = client.get("/fundings", params={"country": "Mali", "theme": "VBG"})
    assert page.status_code == 200 and '<option value="gbv" selected>' in page.text
    assert client.get("/fundings", params={"theme": "nope"}).status_code == 400


def test_protocol_details_a_client_relies_on(client: TestClient) -> None:
    """Regressions from a client's view: a 405 had no Allow (RFC 9110 §15.5.6); HEAD on /sparql
    with no query was 400 where GET is 200; a malformed query was 403 (SPARQLWrapper only reads a
    400 as QueryBadFormed); SPARQL XML results lost a carriage return."""
    refused = client.put("/sparql")
    assert refused.status_code == 405 and set(refused.headers["allow"].split(", ")) == {"GET", "HEAD", "POST"}
    assert client.head("/sparql", headers={"Accept": "text/turtle"}).status_code == 200
    assert client.head("/sparql").status_code == 200
    malformed = client.get("/sparql", params={"query": '"'})
    assert malformed.status_code == 400 and "stray" in malformed.text
    assert client.get("/sparql", params={"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}).status_code == 403
    xml = client.post(
        "/sparql",
        data={"query": 'SELECT ?x WHERE { VALUES ?x { "cr\\r\\nx" } }'},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert minidom.parseString(xml.content).getElementsByTagName("literal")[0].firstChild.data == "cr\r\nx"


def test_graph_of_the_exported_graph_answers_as_the_default_graph(client: TestClient) -> None:
    whole = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/wpskg/graph> { ?s ?p ?o } }"
    counts = [client.get("/sparql", params={"query": q}, headers={"Accept": "text/csv"}).text for q in (whole, named)]
    assert counts[0] == counts[1] and counts[0].splitlines()[1] != "0"
    assert (
        client.get("/sparql", params={"query": named.replace("<https://w3id.org/wpskg/graph>", "?g")}).status_code
        == 400
    )


@pytest.mark.parametrize("year", ["２０２１", "٢٠٢١"])
def test_a_year_in_other_digits_is_refused(client: TestClient, year: str) -> None:
    """Regression: a year in fullwidth or Arabic-Indic digits was bound as an ill-typed integer and
    gave 0 rows with a 200 (Python's \\d matches any digit; the OpenAPI pattern says [0-9])."""
    assert client.get("/api/queries/funders", params={"year": year}).status_code == 400


def test_a_query_body_with_a_byte_order_mark_and_the_busy_header_for_browsers(client: TestClient) -> None:
    """Regressions: a BOM before an application/sparql-query body gave "error at 1:10: expected
    CONSTRUCT"; Retry-After (sent with a busy 503) was not exposed to browser code."""
    answer = client.post(
        "/sparql",
        content="\ufeffASK { ?s ?p ?o }".encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert answer.status_code == 200 and answer.json()["boolean"] is True
    cors = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://dashboard.example"})
    assert "retry-after" in cors.headers["access-control-expose-headers"].lower()


def test_a_missing_resource_asked_for_with_a_suffix_names_its_iri(client: TestClient) -> None:
    """Regression: ``/id/plan/nonexistent.ttl`` said "…/nonexistent.ttl is not in the graph"."""
    missing = client.get("/id/plan/nonexistent.ttl", headers={"Accept": "application/json"})
    assert missing.status_code == 404
    assert "https://w3id.org/wpskg/id/plan/nonexistent is not in the graph (asked for as .ttl)" in missing.text


def test_the_openapi_document_describes_posting_a_query(client: TestClient) -> None:
    """Regression: /sparql was described as GET only, so a client generated from the document could
    not POST a query, nor name default-graph-uri."""
    sparql = client.get("/api/openapi.json").json()["paths"]["/sparql"]
    assert set(sparql) == {"get", "post"}
    assert set(sparql["post"]["requestBody"]["content"]) == {
        "application/x-www-form-urlencoded",
        "application/sparql-query",
    }
    assert "default-graph-uri" in {p["name"] for p in sparql["get"]["parameters"]}


def test_api_offset_without_limit_links_the_rows_before_it(client: TestClient) -> None:
    """Regression: ``?offset=3`` without ``limit`` had no Link to the rows it skipped."""
    whole = client.get("/api/queries/funders").json()["rows"]
    response = client.get("/api/queries/funders", params={"offset": 3})
    prev = re.search(r'<([^>]+)>; rel="prev"', response.headers["link"]).group(1)
    assert client.get(prev).json()["rows"] == whole[:3]
    assert "link" not in client.get("/api/queries/funders").headers


@pytest.mark.parametrize(
    "path",
    ["/id/plan/be-wps-nap-1", "/id/plan/be-wps-nap-1.ttl", "/catalog", "/plans?country=BE", "/", "/funders"],
)
def test_pages_carry_an_etag_and_answer_304_to_it(client: TestClient, path: str) -> None:
    """Regression: the linked-data pages, the catalogue and the HTML pages had no validator, so a
    harvester or a browser fetched every page again in full."""
    first = client.get(path)
    assert first.status_code == 200 and first.headers["cache-control"] == "no-cache"
    tag = first.headers["etag"]
    again = client.get(path)
    assert again.headers["etag"] == tag and again.content == first.content
    revalidated = client.get(path, headers={"If-None-Match": tag})
    assert revalidated.status_code == 304 and revalidated.content == b"" and revalidated.headers["etag"] == tag
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_resource_in_each_format_has_its_own_etag(client: TestClient) -> None:
    tags = {client.get("/id/plan/be-wps-nap-1", headers={"Accept": a}).headers["etag"] for a in (
        "text/html", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"
    )}  # fmt: skip
    assert len(tags) == 5
    turtle = client.get("/id/plan/be-wps-nap-1", headers={"Accept": "text/turtle"}).headers["etag"]
    html = client.get("/id/plan/be-wps-nap-1").headers["etag"]
    assert client.get("/id/plan/be-wps-nap-1", headers={"If-None-Match": turtle}).status_code == 200
    assert client.get("/id/plan/be-wps-nap-1", headers={"If-None-Match": html}).status_code == 304


def test_a_resource_names_its_rdf_xml_alternate_and_serves_n_triples_as_text_plain(client: TestClient) -> None:
    """Regression: ``Link rel=alternate`` and the page left out RDF/XML; ``Accept: text/plain`` (N-Triples'
    media type before RDF 1.1) was a 406."""
    response = client.get("/id/plan/be-wps-nap-1")
    rdfxml = re.search(r'<([^>]+)>; rel="alternate"; type="application/rdf\+xml"', response.headers["link"])
    assert rdfxml is not None and f'href="{rdfxml.group(1).replace("&", "&amp;")}"' in response.text
    parsed = rdflib.Graph().parse(data=client.get(rdfxml.group(1)).text, format="xml")
    assert len(parsed) > 10
    plain = client.get("/id/plan/be-wps-nap-1", headers={"Accept": "text/plain"})
    assert plain.status_code == 200 and plain.headers["content-type"] == "text/plain; charset=utf-8"
    assert (
        rdflib.Graph()
        .parse(data=plain.text, format="nt")
        .isomorphic(rdflib.Graph().parse(data=client.get("/id/plan/be-wps-nap-1.nt").text, format="nt"))
    )


def test_a_missing_resource_asked_for_in_turtle_is_a_plain_text_404(client: TestClient) -> None:
    """Regression: an RDF client asking for a missing IRI in Turtle got an HTML page."""
    response = client.get("/id/plan/no-such-plan", headers={"Accept": "text/turtle"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/plain")
    assert "https://w3id.org/wpskg/id/plan/no-such-plan is not in the graph" in response.text
    browser = client.get("/id/plan/no-such-plan", headers={"Accept": "text/html,*/*;q=0.8"})
    assert browser.headers["content-type"].startswith("text/html")


def test_the_funders_page_marks_the_language_of_quotes_and_project_titles(client: TestClient) -> None:
    """Regression: Dutch and French quotes and titles on /funders had no ``lang``, so a screen reader
    read them with an English voice."""
    html = client.get("/funders", params={"country": "ML"}).text
    quotes = re.findall(r"<blockquote([^>]*)>", html)
    assert quotes and all(q == ' lang="nl"' or q == ' lang="fr"' for q in quotes), quotes
    titles = re.findall(r'<td><a href="[^"]+"( lang="\w+")?>', html)
    assert ' lang="fr"' in titles and ' lang="nl"' in titles


def test_a_filter_stays_selected_and_named_when_nothing_in_its_list_has_it(client: TestClient) -> None:
    """Regression: /plans?country=ES showed "any" in the country list (Spain has no plan), so "Show"
    dropped the filter; every filtered page had the same title."""
    html = client.get("/plans", params={"country": "ES"}).text
    assert re.findall(r'<option value="[^"]*" selected>[^<]*', html) == ['<option value="ES" selected>Spain (ES)']
    assert "<title>Plans: Spain · wpskg</title>" in html
    themed = client.get("/fundings", params={"country": "ML", "theme": "gbv", "page": "1"}).text
    assert re.search(r"<title>Fundings: Mali, [^<]+ · wpskg</title>", themed)
    assert "<title>Funders, grants to Mali alone · wpskg</title>" in client.get("/funders?country=ML").text


def test_things_without_a_name_are_named_from_the_graph(client: TestClient) -> None:
    """Regression: a funding without a title was titled ``fund:be-she-decides``, a period with one end
    ``period:from-2008``."""
    assert "<title>Belgium → She Decides · wpskg</title>" in client.get("/id/funding/be-she-decides").text
    plans = client.get("/plans").text
    assert "from 2008" in plans and "period:" not in plans
    assert "fund:" not in client.get("/fundings").text


def test_page_links_are_apart_and_labelled_and_the_pages_can_be_used_by_keyboard(
    project: Project, graph: Graph
) -> None:
    """Regression: "previous pagenext page" ran together (the template's trim_blocks ate the space)."""
    with TestClient(create_app(project, graph=graph, timeout=TIMEOUT)) as c:
        c.app.state.server.index_page_size = 2  # type: ignore[attr-defined]
        html = c.get("/plans", params={"page": "2"}).text
        assert re.search(
            r'<nav class="pages" aria-label="Pages"><a rel="prev"[^>]*>previous page</a> <a rel="next"', html
        )
        assert '<a class="skip" href="#main">' in html and '<main id="main">' in html
        assert '<label for="query">Query</label>' in c.get("/sparql").text
        result = c.get("/api/queries/plans", params={"format": "html", "limit": 2, "offset": 2}).text
        assert "previous rows</a> <a" in result and re.search(r"rows? from row 3 · <a", result)


def test_a_theme_filter_takes_a_name_without_its_accents_and_an_unknown_one_says_names_work(
    client: TestClient,
) -> None:
    """Regression: ``theme=violences basees sur le genre`` was a 400 while ``country=Belgie`` worked,
    and the index pages' message did not say that names are taken."""
    assert client.get("/plans", params={"theme": "violences basees sur le genre"}).status_code == 200
    refused = client.get("/plans", params={"theme": "nope"}, headers={"Accept": "text/plain"})
    assert refused.status_code == 400 and "a theme's name in English, Dutch or French" in refused.text


def test_a_query_with_an_error_comes_back_in_the_form_with_the_message(client: TestClient) -> None:
    """Regression: a syntax error in the browser's form gave a bare error page: the query was lost."""
    query = "SELECT ?x WHERE { ?x }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/html"})
    assert response.status_code == 400 and response.headers["vary"].startswith("Accept")
    assert '<p class="error" role="alert">400: ' in response.text
    assert f'<textarea id="query" name="query" rows="12" cols="100" spellcheck="false">{query}</textarea>' in (
        response.text
    )
    machine = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert machine.status_code == 400 and "<form" not in machine.text


@pytest.mark.parametrize(("path", "accept"), [("/sparql", "text/html"), ("/api/queries", "application/json"),
                                               ("/api/queries", "text/html"), ("/id/plan/nope", "text/html")])  # fmt: skip
def test_answers_negotiated_by_accept_say_so_to_caches(client: TestClient, path: str, accept: str) -> None:
    """Regression (security review): the SPARQL form, the list of stored queries and error pages
    had no ``Vary: Accept``, so a shared cache could give one client's format to another."""
    vary = client.get(path, headers={"Accept": accept}).headers.get("vary", "")
    assert "Accept" in [v.strip() for v in vary.split(",")]


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/dataset/graph", "Women, Peace and Security knowledge graph"),
        ("/dataset/ontology", "Women, Peace and Security knowledge graph: ontology and vocabularies"),
        ("/service/sparql", "Women, Peace and Security knowledge graph (SPARQL)"),
        ("/publisher", "wpskg contributors"),
        ("/contact", "wpskg contributors"),
    ],
)
def test_the_catalogues_own_iris_resolve(client: TestClient, path: str, title: str) -> None:
    """Regression (harvester review): the IRIs /catalog names (its datasets, services, publisher and
    contact point, all under https://w3id.org/wpskg/) were 404s on the server that serves it."""
    page = client.get(path)
    assert page.status_code == 200 and f"<title>{title} · wpskg</title>" in page.text
    turtle = client.get(path, headers={"Accept": "text/turtle"})
    described = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/wpskg" + path), None, None) in described
    assert client.get(f"/resource?iri=https://w3id.org/wpskg{path}").status_code == 200
    assert client.get("/dataset/nope").status_code == 404


def test_the_links_past_the_first_hundred_are_listed_through_the_endpoint(client: TestClient) -> None:
    """Regression (accessibility review): "in plan … and 54 more" had no link to the 54."""
    html = client.get("/id/plan/be-wps-nap-3").text
    found = re.search(r'… and <a href="([^"]+)">(\d+) more</a>', html)
    assert found is not None
    listed = client.get(found.group(1).replace("&amp;", "&"), headers={"Accept": "application/sparql-results+json"})
    rows = listed.json()["results"]["bindings"]
    assert len(rows) == int(found.group(2)) + 100  # the hundred shown and the rest


def test_the_funders_chart_has_its_totals_as_a_table_and_an_empty_answer_says_so(client: TestClient) -> None:
    """Regression (accessibility review): the chart's totals were only in the bars' tooltips, and an
    HTML answer past its last row was an empty table without a word."""
    html = client.get("/funders", params={"country": "ML"}).text
    svg = client.get("/funders.svg", params={"country": "ML"}).text
    bars = re.findall(r"<title>([^<]*): ([\d,.]+) EUR \((\d+) funding", svg)
    table = re.findall(r'<tr><th scope="row">([^<]*)</th><td class="num">([^<]*)</td><td class="num">(\d+)</td>', html)
    assert bars and [(html_unescape(a), b, c) for a, b, c in table] == bars
    past = client.get("/api/queries/plans", params={"format": "html", "limit": 5, "offset": 1000}).text
    assert "No rows from row 1001: the answer has fewer." in past


def test_the_home_page_links_a_plan_of_its_own_graph(client: TestClient, tmp_path: Path) -> None:
    """Regression: the home page linked "Belgium's third NAP" whatever the graph, so another
    organisation's site named a Belgian plan it does not hold and linked its plans list instead."""
    home = client.get("/").text
    assert 'href="/id/plan/be-wps-nap-3">Belgium NAP III on Women, Peace and Security</a>' in home
    own = tmp_path / "ie"
    init(own)
    (own / "instances" / "plans.ttl").write_text(
        "@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://data.example.ie/id/plan/ie-wps-nap-3> a wps:WPSNationalActionPlan ; rdfs:label "Ireland NAP III"@en .\n',
        encoding="utf-8",
    )
    project = Project(own)
    graph = load_project(project)
    infer(graph)
    app = create_app(project, graph=graph, timeout=TIMEOUT, max_rows=MAX_ROWS)
    with TestClient(app) as c:
        page = c.get("/").text
    assert "Belgium" not in page and ">Ireland NAP III</a>" in page
    assert 'href="/resource?iri=https%3A%2F%2Fdata.example.ie%2Fid%2Fplan%2Fie-wps-nap-3"' in page
