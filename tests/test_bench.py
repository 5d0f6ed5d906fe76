"""The scale benchmark (benchmarks/bench.py) runs end to end on a tiny graph and reports every figure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wpskg import synth
from wpskg.project import Project
from wpskg.queries import load_queries

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_benchmark_measures_every_query_and_finds_every_fault(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    args = ["--plans", "2", "--runs", "1", "--quiet", "--json", str(out)]
    limits = ["--limit-rdflib-query", "60", "--limit-pyshacl", "120", "--limit-owlrl", "120"]
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), *args, *limits],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "queries on target" in done.stdout
    r = json.loads(out.read_text(encoding="utf-8"))
    assert r["triples"] == r["asserted_triples"] + r["inferred"] > 0
    # every kind of fault, found by the shapes or the checks, and nothing else; the same results as pySHACL
    assert r["faults_injected"] == len(synth.FAULTS)
    assert r["faults_missed"] == [] and r["unexpected_results"] == []
    assert r["same_results"] is True
    assert r["build_s"] is not None and r["peak_rss_mb"] > 0
    assert r["warm_workers_s"] >= 0
    # the machine's speed on fixed workloads, before and after the queries
    assert set(r["machine_speed"]) == {"before_queries", "after_queries"}
    for speed in r["machine_speed"].values():
        assert set(speed) == {"python_ms", "oxigraph_ms"} and all(ms > 0 for ms in speed.values()), speed
    assert "machine speed before queries" in done.stdout
    # one `wpskg query` command, as a user runs it: without the store snapshot, writing it, reading it
    assert set(r["cli_query_s"]) == {"no_cache", "writing_snapshot", "from_snapshot"}
    assert all(isinstance(s, float) and s > 0 for s in r["cli_query_s"].values()), r["cli_query_s"]
    names = {p.stem for p in Project.locate(ROOT).query_dir.glob("*.rq")}
    measured = {name.split("(")[0] for name in r["queries"]}
    assert names <= measured
    # each other value of a choice with a default is a case of its own
    assert {"funding-totals(by=theme)", "funding-totals(by=funder)", "funding-totals(by=recipient)"} <= set(
        r["queries"]
    )
    assert {"plans(type=wps)", "plans(type=gbv)"} <= set(r["queries"]) and "plans(type=any)" not in r["queries"]
    # a query with page_by is measured for its first page as well, counted apart from the whole answers
    assert r["queries"]["funders(limit=100)"]["page"] == 100
    assert r["queries"]["funders(limit=100)"]["rows"] == min(100, r["queries"]["funders"]["rows"])
    assert "pages in two steps (page_by), not counted above" in done.stdout
    # every main page of the server answers, and the funders page is among them
    assert "/funders" in r["pages_ms"] and len(r["pages_ms"]) >= 8
    assert all(isinstance(ms, float) and ms > 0 for ms in r["pages_ms"].values()), r["pages_ms"]
    for name, q in r["queries"].items():
        assert q["ms"] is not None and q["ms"] > 0, name
        assert 0 < q["parse_ms"] <= q["inproc_ms"] * 5, name  # parsing is part of running
        assert q["rdflib_parse_ms"] > 0, name


def test_the_precomputed_answers_benchmark_reads_back_the_same_answers(tmp_path: Path) -> None:
    """benchmarks/precomputed.py (the #6 option of answers kept by the build) measures every stored query
    without parameters, and the answer it reads back is the answer worked out."""
    out = tmp_path / "precomputed.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "precomputed.py"),
            "--plans",
            "2",
            "--runs",
            "1",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(out.read_text(encoding="utf-8"))["queries"]
    stored = load_queries(Project(ROOT).query_dir)
    assert set(figures) == {n for n, q in stored.items() if not any(p.required for p in q.params)}
    assert all(f["same"] and f["rows"] >= 0 and f["worked_ms"] > 0 for f in figures.values()), figures
    assert figures["actions"]["rows"] > 0 and figures["actions"]["tsv_bytes"] > 0
