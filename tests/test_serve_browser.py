"""Headless Chromium opens the linked-data page of Belgium's third NAP and the headline page.

Uses Debian's ``/usr/bin/chromium`` through Playwright (never ``playwright
install``), with a fresh profile and no background networking. The server runs
on a free loopback port and is stopped afterwards. Screenshots go to
``test-artifacts/``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from wpskg.project import Project
from wpskg.serve.launch import RunningServer, serving
from wpskg.store import Graph, infer, load_project

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
NAP3 = "https://w3id.org/wpskg/id/plan/be-wps-nap-3"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PREFIXES = "PREFIX wps: <https://w3id.org/wpskg/ont#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"),
]


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = load_project(Project(ROOT))
    infer(g)
    return g


@pytest.fixture(scope="module")
def live() -> Iterator[RunningServer]:
    with serving(ROOT, timeout=5, max_rows=10_000) as server:
        yield server


@pytest.fixture()
def page(tmp_path: Path) -> Iterator[Page]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    profile = tmp_path / "chromium-profile"
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            tab = context.new_page()
            tab.set_default_timeout(20_000)
            problems: list[str] = []
            tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda e: problems.append(str(e)))
            tab.problems = problems  # type: ignore[attr-defined]
            yield tab
        finally:
            context.close()
    shutil.rmtree(profile, ignore_errors=True)


def test_nap3_page_shows_objectives_and_funding_lines(live: RunningServer, graph: Graph, page: Page) -> None:
    objectives = graph.select(
        PREFIXES + f"SELECT ?o (SAMPLE(?n) AS ?notation) WHERE {{ <{NAP3}> wps:hasObjective ?o . "
        "?o <http://www.w3.org/2004/02/skos/core#notation> ?n } GROUP BY ?o"
    )
    fundings = graph.select(
        PREFIXES + "SELECT DISTINCT ?f WHERE { ?f a wps:Funding . "
        f"{{ ?f wps:underObjective/wps:objectiveOf <{NAP3}> }} UNION {{ ?f wps:underPlan <{NAP3}> }} }}"
    )
    english = graph.select(
        PREFIXES + f'SELECT ?o ?l WHERE {{ <{NAP3}> wps:hasObjective ?o . ?o rdfs:label ?l FILTER(LANG(?l) = "en") }}'
    )
    assert len(objectives) == 6 and fundings

    response = page.goto(live.url + "id/plan/be-wps-nap-3")
    assert response is not None and response.status == 200
    heading = page.locator("h1")
    assert heading.inner_text() == "Belgium NAP III on Women, Peace and Security"

    items = page.locator("ol.objectives > li.objective")
    assert items.count() == 6
    visible_text = page.locator("#objectives").inner_text()
    for i in range(6):
        assert items.nth(i).is_visible()
    by_objective: dict[str, list[str]] = {}
    for row in english:
        by_objective.setdefault(row["o"].value, []).append(row["l"].value)
    for labels in by_objective.values():  # each objective shows its English label(s)
        assert any(label in visible_text for label in labels), labels

    unstated = graph.select(PREFIXES + "SELECT ?f WHERE { ?f wps:amountStated false }")
    lines = page.locator("#fundings tr.funding-line")
    assert lines.count() == len(fundings)
    amount = re.compile(r"^(up to )?\d{1,3}(,\d{3})*(\.\d+)? [A-Z]{3}( a year)?$")  # "up to": a ceiling
    not_stated = 0
    for i in range(lines.count()):
        line = lines.nth(i)
        assert line.is_visible()
        cells = line.locator("td")
        assert cells.nth(1).inner_text().strip(), "a funding line without a funder"
        if cells.nth(3).inner_text().strip() == "not stated":  # the source gives no amount
            not_stated += 1
            continue
        for text in cells.nth(3).inner_text().split("\n"):
            assert amount.match(text.strip()), text
    nap3_unstated = {r["f"].value for r in unstated} & {r["f"].value for r in fundings}
    assert not_stated == len(nap3_unstated) > 0
    assert "300,000.00 EUR" in page.locator("#fundings").inner_text()
    assert "up to 2,000,000.00 EUR" in page.locator("#fundings").inner_text()  # fund:be-unfpa-earmarked

    provenance = page.locator("#provenance")
    assert provenance.is_visible() and provenance.locator("blockquote").count() > 0

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "be-wps-nap-3.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    assert not page.problems, page.problems  # type: ignore[attr-defined]


def test_headline_page_draws_the_chart(live: RunningServer, page: Page) -> None:
    response = page.goto(live.url + "funders?country=ML&theme=gbv")
    assert response is not None and response.status == 200
    chart = page.locator("svg.chart").first
    assert chart.is_visible()
    bars = page.locator("svg.chart rect")
    assert bars.count() >= 1 and bars.first.bounding_box()["width"] > 10  # type: ignore[index]
    assert page.locator("table.funders tbody tr").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "funders-ml-gbv.png"), full_page=True)
    assert not page.problems, page.problems  # type: ignore[attr-defined]


def test_query_result_pages_link_to_each_other(live: RunningServer, page: Page) -> None:
    response = page.goto(live.url + "api/queries/funders?format=html&limit=2")
    assert response is not None and response.status == 200
    first = page.locator("table.results tbody tr").all_inner_texts()
    assert len(first) == 2
    assert page.locator("a[rel=prev]").count() == 0
    page.locator("a[rel=next]").click()
    page.wait_for_url(re.compile(r"offset=2"))
    second = page.locator("table.results tbody tr").all_inner_texts()
    assert len(second) == 2 and not set(first) & set(second)
    assert "from row 3" in page.locator("main, body").first.inner_text()
    page.locator("a[rel=prev]").click()
    page.wait_for_url(re.compile(r"offset=0"))
    assert page.locator("table.results tbody tr").all_inner_texts() == first
    assert not page.problems, page.problems  # type: ignore[attr-defined]
