"""The examples in docs/examples: each in Turtle and JSON-LD side by side, and the curation
examples true of the shipped graph and shown word for word in the docs."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from wpskg.dumpers import ntriples
from wpskg.loaders import load
from wpskg.store import Graph

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
#: The examples of docs/curation.md, and the other pages that show them.
CURATION = {
    "claim": (),
    "disagreement": ("README.md",),
    "funding": (),
    "unquantified-funding": (),
    "ceiling-funding": (),
    "action-and-figure": (),
}


def triples(path: Path) -> list[ox.Triple]:
    return [q.triple for q in load(path).quads]


def test_every_example_is_kept_in_turtle_and_json_ld_side_by_side() -> None:
    ttl = sorted(p.stem for p in EXAMPLES.glob("*.ttl"))
    assert set(CURATION) <= set(ttl)
    assert ttl == sorted(p.stem for p in EXAMPLES.glob("*.jsonld"))
    for stem in ttl:
        a, b = triples(EXAMPLES / f"{stem}.ttl"), triples(EXAMPLES / f"{stem}.jsonld")
        assert ntriples.dumps(a) == ntriples.dumps(b), f"docs/examples/{stem}.ttl and .jsonld differ"


def _pattern(term: ox.Term) -> str:
    return f"?b{term.value}" if isinstance(term, ox.BlankNode) else str(term)


@pytest.mark.parametrize("stem", sorted(CURATION))
def test_a_curation_example_is_true_of_the_shipped_graph(stem: str, graph: Graph) -> None:
    """Every triple of the example is in the graph (its blank nodes matched as variables), so
    the example's facts and quotes are the curated ones, taken from the sources."""
    found = triples(EXAMPLES / f"{stem}.ttl")
    assert len(found) >= 8
    where = " ".join(f"{_pattern(t.subject)} {_pattern(t.predicate)} {_pattern(t.object)} ." for t in found)
    assert graph.store.query(f"ASK {{ {where} }}"), f"docs/examples/{stem}.ttl says what the graph does not"
    missing = [
        t
        for t in found
        if not isinstance(t.subject, ox.BlankNode)
        and not isinstance(t.object, ox.BlankNode)
        and not list(graph.store.quads_for_pattern(t.subject, t.predicate, t.object))
    ]
    assert missing == []


@pytest.mark.parametrize("stem", sorted(CURATION))
def test_a_curation_example_is_shown_as_it_is_kept(stem: str) -> None:
    lines = (EXAMPLES / f"{stem}.ttl").read_text(encoding="utf-8").splitlines()
    body = "\n".join(line for line in lines if not line.startswith("@prefix")).strip()
    for page in ("docs/curation.md", *CURATION[stem]):
        assert f"```turtle\n{body}\n```" in (ROOT / page).read_text(encoding="utf-8"), f"{page} and {stem}.ttl differ"
