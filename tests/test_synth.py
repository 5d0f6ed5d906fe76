"""Synthetic data (wpskg.synth): deterministic, conforming, and every injected fault is found exactly."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from wpskg import figures, provenance, synth
from wpskg.cli import main
from wpskg.errors import ParameterError
from wpskg.project import Project
from wpskg.shacl import validate_run
from wpskg.shacl.engine import pyshacl_reference, to_rdflib
from wpskg.store import Graph, infer, load_shapes
from wpskg.validate import violation_query_problems

PROJECT = Project.locate()


def graph_of(text: str | None) -> Graph:
    """The ontology and vocabularies, plus ``text`` (synthetic instances), inferred as the build does."""
    graph = Graph()
    graph.load_files(PROJECT.ontology_files, PROJECT)
    if text is not None:
        graph.add_quads(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))
    infer(graph)
    return graph


def keys(problems: list) -> set[tuple[str, str, str]]:
    return {(p.focus, p.path or "", p.component or "") for p in problems}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(PROJECT)


@pytest.fixture(scope="module")
def baseline(shapes: Graph) -> set[tuple[str, str, str]]:
    """What the ontology and vocabularies report on their own (the synthetic data must add nothing)."""
    return keys(validate_run(graph_of(None), shapes).problems)


def test_deterministic() -> None:
    one = synth.synthesize(4, seed=11, faults=len(synth.FAULTS))
    two = synth.synthesize(4, seed=11, faults=len(synth.FAULTS))
    other = synth.synthesize(4, seed=12, faults=len(synth.FAULTS))
    assert one == two
    assert one[0] != other[0]
    # The faults do not change the rest of the data: same seed, same plans.
    clean = synth.synthesize(4, seed=11)[0]
    assert clean.count(" a wps:Action") == one[0].count(" a wps:Action")


def count_where(graph: Graph, pattern: str) -> int:
    """How many distinct subjects ``?s`` match ``pattern``."""
    return int(graph.select(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {pattern} }}")[0]["n"].value)


def test_proportions() -> None:
    """About a thousand triples a plan, with the shapes of the curated data."""
    text, manifest = synth.synthesize(20, seed=1)
    graph = graph_of(text)

    def count(cls: str) -> int:
        rows = graph.select(f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a <https://w3id.org/wpskg/ont#{cls}> }}")
        return int(rows[0]["n"].value)

    assert 700 <= int(manifest["triples"]) / 20 <= 1300  # type: ignore[call-overload]
    assert count("Plan") == 20
    assert 5 <= count("Objective") / 20 <= 6
    assert 3 <= count("Action") / count("Objective") <= 6
    assert count("Funding") >= 5 * 20
    # Every plan, objective, action, funding, figure and membership has a claim with a quote.
    unclaimed = graph.select(
        "PREFIX wps: <https://w3id.org/wpskg/ont#> SELECT ?s WHERE { "
        "VALUES ?c { wps:Plan wps:Objective wps:Action wps:Funding wps:ReportedFigure wps:Membership } "
        "?s a ?c FILTER NOT EXISTS { ?claim wps:claimSubject ?s ; wps:quote ?q } }"
    )
    assert unclaimed == []
    # Actors are shared across plans.
    shared = graph.select(
        "PREFIX wps: <https://w3id.org/wpskg/ont#> SELECT ?a WHERE { "
        "?x wps:partnerActor|wps:responsibleActor|wps:recipient ?a . ?x wps:underObjective|wps:underPlan ?y } "
        "GROUP BY ?a HAVING (COUNT(DISTINCT ?x) > 20)"
    )
    assert shared
    # Regression: every funding had a recurrence, half of them yearly; in the shipped data 7 of 24
    # fundings say, 5 of them "per jaar" (which funding-totals and funders keep apart).
    yearly = count_where(
        graph, "?s <https://w3id.org/wpskg/ont#recurrence> <https://w3id.org/wpskg/vocab/recurrence/yearly>"
    )
    said = count_where(graph, "?s <https://w3id.org/wpskg/ont#recurrence> ?r")
    assert 0.15 <= said / count("Funding") <= 0.45 and 0.5 <= yearly / said <= 0.9
    # Money is xsd:decimal written with a decimal point.
    assert 'schema:value "' not in text
    assert "schema:value 1" in text or "schema:value 2" in text
    # A few amounts are only a ceiling ("tot 2.000.000 EUR per jaar" in the shipped data), as funders and
    # funding-totals must read them; their quotes say "up to".
    ceilings = count_where(graph, "?s <https://schema.org/maxValue> ?v")
    assert 1 <= ceilings <= 0.1 * count("Funding")
    assert count_where(graph, "?s <https://schema.org/maxValue> ?v ; <https://schema.org/value> ?w") == 0
    # A few give no amount at all (4 of about 35 in the shipped data), as gaps and funders must read them.
    unstated = count_where(graph, "?s <https://w3id.org/wpskg/ont#amountStated> false")
    assert 1 <= unstated <= 0.1 * count("Funding")
    assert (
        count_where(graph, "?s <https://w3id.org/wpskg/ont#amountStated> false ; <https://schema.org/amount> ?m") == 0
    )


def test_conforms_without_faults(shapes: Graph, baseline: set) -> None:
    """The compiled engine finds nothing in 30 clean plans, nor do the project's violation queries."""
    text, manifest = synth.synthesize(30, seed=5)
    assert manifest["faults"] == []
    graph = graph_of(text)
    run = validate_run(graph, shapes)
    assert not run.fallback
    assert keys(run.problems) - baseline == set()
    assert violation_query_problems(graph, PROJECT.violation_queries) == []
    # Each funding's quote states its amount, in the notation of the quote's language.
    amounts = provenance.funding_amounts(graph)
    assert len(amounts) >= 5 * 30
    assert len({lang for f in amounts for _, lang in f.quotes}) >= 3
    assert provenance.amount_failures(graph) == []
    # Each figure's quote states its value (regression: it gave only the indicator and the year).
    assert count_where(graph, "?s a <https://w3id.org/wpskg/ont#ReportedFigure>") >= 30
    assert figures.figure_failures(graph) == []


# Seed 1 puts a too-short quote in a French source (regression: the fault wrote it in English, a
# second fault that the quote-language check found at a million triples).
@pytest.mark.parametrize("seed", [9, 1])
def test_every_fault_found_exactly(shapes: Graph, baseline: set, seed: int) -> None:
    """Every kind of fault, twice: each is reported with its focus, path and component, and nothing else."""
    count = 2 * len(synth.FAULTS)
    text, manifest = synth.synthesize(40, seed=seed, faults=count)
    faults = manifest["faults"]
    assert len(faults) == count  # type: ignore[arg-type]
    assert {f["kind"] for f in faults} == set(synth.FAULTS)  # type: ignore[union-attr]
    assert len({(f["focus"], f["path"]) for f in faults}) == count  # type: ignore[union-attr]
    graph = graph_of(text)
    expected = synth.expected_keys(manifest, graph.store)
    missed, unexpected = synth.compare(validate_run(graph, shapes).problems, expected, baseline)
    assert missed == set()
    assert unexpected == set()
    # The kinds that only the project's *-violation.rq checks find, and only those.
    checked = synth.expected_keys(manifest, graph.store, checks=True)
    assert {component for *_, component in checked} == {
        "wrong-domain-violation",
        "undeclared-term-violation",
        "unqualified-conflict-violation",
    }
    found = violation_query_problems(graph, PROJECT.violation_queries)
    assert synth.compare(found, checked) == (set(), set())
    # A funding's amount is missing from its quotes only where a fault shortened a quote about it
    # (a part that breaks its sum states its new amount).
    shortened = {f["focus"] for f in faults if f["kind"] == "quote-too-short"}  # type: ignore[index,union-attr]
    subjects = {
        r["f"].value
        for claim in shortened
        for r in graph.select(f"SELECT ?f WHERE {{ <{claim}> <https://w3id.org/wpskg/ont#claimSubject> ?f }}")
    }
    assert {f.funding for f in provenance.amount_failures(graph)} <= subjects


def test_pyshacl_agrees_on_a_tiny_faulted_graph(shapes: Graph, baseline: set) -> None:
    """pySHACL, the reference, finds exactly the injected faults too (one plan: pySHACL is slow)."""
    text, manifest = synth.synthesize(1, seed=2, faults=len(synth.FAULTS))
    graph = graph_of(text)
    expected = synth.expected_keys(manifest, graph.store)
    reference = pyshacl_reference(to_rdflib(graph), to_rdflib(shapes))
    missed, unexpected = synth.compare(reference, expected, baseline)
    assert (missed, unexpected) == (set(), set())
    assert keys(validate_run(graph, shapes).problems) == keys(reference)


def test_not_enough_data_for_the_faults() -> None:
    with pytest.raises(ParameterError, match="not enough data"):
        synth.synthesize(1, seed=1, faults=100)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plans", "0"], "--plans is a number of plans from 1 up, not 0"),
        (["--plans", "1", "--faults", "-1"], "--faults is a number of faults from 0 up, not -1"),
        (["--plans", "1", "--faults", "500"], "not enough data for 500 faults"),
    ],
)
def test_cli_refuses_impossible_sizes_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code = main(["synth", *args, "--out", str(tmp_path / "s.ttl")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"wpskg: {message}"), err
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_file_and_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="wpskg")
    synth.add_cli(parser.add_subparsers(dest="command"))
    out = tmp_path / "out" / "synth.ttl"
    args = parser.parse_args(["synth", "--plans", "2", "--seed", "3", "--out", str(out), "--faults", "3"])
    assert args.func(args) == 0
    manifest = json.loads(synth.manifest_path(out).read_text(encoding="utf-8"))
    assert [f["kind"] for f in manifest["faults"]] == list(synth.FAULTS)[:3]
    assert out.read_text(encoding="utf-8") == synth.synthesize(2, seed=3, faults=3)[0]
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temporary files left
    assert "3 faults" in capsys.readouterr().out
