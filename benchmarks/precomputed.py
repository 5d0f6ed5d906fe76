"""What precomputed answers would buy (issue #6, "precomputed answers"): each stored query's whole
answer worked out, against the same answer read back from the SPARQL TSV a build could keep.

    python benchmarks/precomputed.py --plans 1000
    python benchmarks/precomputed.py --plans 1000 --json precomputed.json

Every stored query that needs no parameter runs without parameters on one synthetic graph with
the build's inferred triples, and the table gives, per query, the median of ``--runs`` runs of:

- ``worked out``: :func:`wpskg.queries.run`, as ``wpskg query`` runs it (the #6 figure);
- ``read back``: the kept answer's TSV parsed back into terms (what ``wpskg query`` and the
  API's JSON would need: ``pyoxigraph.parse_query_results``, every row into a list);
- ``bytes``: the kept TSV read from its file, as a server passes it through for TSV;

with the ratio of ``worked out`` to each. Nothing is kept between runs: this measures the
option, it does not implement it.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from wpskg import synth
from wpskg.atomic import write_text
from wpskg.project import Project
from wpskg.queries import load_queries, run
from wpskg.store import infer, load_project


def median_ms(runs: int, work: Callable[[], object]) -> float:
    """The median wall time of ``runs`` calls of ``work``, in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure(plans: int, seed: int, runs: int) -> dict[str, dict[str, Any]]:
    """``{query: {"rows", "same", "tsv_bytes", "worked_ms", "read_back_ms", "bytes_ms"}}``;
    ``same`` says whether the answer read back has the rows of the answer worked out."""
    repo = Project.locate(Path(__file__).resolve().parents[1])
    out: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="wpskg-precomputed-") as tmp:
        data = Path(tmp) / "synth.ttl"
        synth.write(data, plans, seed, 0)
        graph = load_project(repo, with_instances=False, extra=[data])
        infer(graph)
        stored = {n: q for n, q in load_queries(repo.query_dir).items() if not any(p.required for p in q.params)}
        for name, query in sorted(stored.items()):
            answer = run(query, graph, {})
            buffer = io.BytesIO()
            graph.store.query(answer.text).serialize(buffer, ox.QueryResultsFormat.TSV)
            kept = Path(tmp) / f"{name}.tsv"
            kept.write_bytes(buffer.getvalue())

            def read_back(path: Path = kept) -> list[list[ox.Term | None]]:
                parsed = ox.parse_query_results(path.read_bytes(), ox.QueryResultsFormat.TSV)
                return [list(solution) for solution in parsed]  # type: ignore[union-attr]

            rows = read_back()
            figures = {
                "rows": len(rows),
                "same": rows == [list(r) for r in answer.result.rows],  # the kept answer is the answer
                "tsv_bytes": kept.stat().st_size,
                "worked_ms": median_ms(runs, lambda q=query: run(q, graph, {})),
                "read_back_ms": median_ms(runs, read_back),
                "bytes_ms": median_ms(runs, kept.read_bytes),
            }
            out[name] = figures
            print(
                f"{name:16s} {figures['rows']:7d} {figures['tsv_bytes'] / 1e6:7.1f} "
                f"{figures['worked_ms']:10.1f} {figures['read_back_ms']:10.1f} {figures['bytes_ms']:8.2f} "
                f"{figures['worked_ms'] / figures['read_back_ms']:8.1f}x "
                f"{figures['worked_ms'] / max(figures['bytes_ms'], 0.001):9.0f}x",
                flush=True,
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="runs of each (the median is reported)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    print(
        f"{'query':16s} {'rows':>7s} {'TSV MB':>7s} {'worked ms':>10s} {'read ms':>10s} {'bytes ms':>8s} "
        f"{'÷ read':>9s} {'÷ bytes':>10s}"
    )
    figures = measure(args.plans, args.seed, args.runs)
    if args.json:
        write_text(args.json, json.dumps({"plans": args.plans, "queries": figures}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
