"""``wpskg build``: load, infer, validate, and write ``dist/`` atomically.

A build that fails (unreadable input, a violation, a crash or Ctrl-C) leaves
the previous ``dist/`` exactly as it was. The build writes ``wpskg.ttl`` and
``build.json``; anything else in the folder is kept (an export in
``dist/open-data``). The current folder, and one the project is read from, are refused.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import atomic, dcat, dumpers, snapshot
from .project import Project, shown
from .queries import load_queries
from .store import Graph, infer, load_project
from .validate import DEFAULT_ENGINE, NotConforming, Report, check

GRAPH_FILE = "wpskg.ttl"
INFO_FILE = "build.json"


class BuildFailed(NotConforming):
    """The graph does not conform; ``dist/`` was left untouched."""

    def __init__(self, report: Report, out_dir: Path | str = "dist", strict: bool = False) -> None:
        super().__init__("build", report, out_dir, strict)


@dataclass
class BuildResult:
    """What a successful build wrote and how long each step took."""

    graph: Graph
    report: Report
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def build(
    project: Project,
    out_dir: Path | None = None,
    *,
    engine: str = DEFAULT_ENGINE,
    strict: bool = False,
    cache: bool = True,
) -> BuildResult:
    """Build the merged graph of ``project`` into ``out_dir`` (default ``dist/``).

    With ``cache``, the built store is also kept as the project's snapshot
    (:mod:`wpskg.snapshot`), which the next ``wpskg query`` reads.
    """
    out_dir = Path(out_dir) if out_dir else project.dist_dir
    project.check_output(out_dir)
    target = atomic.check_replaceable(out_dir, None, "build")  # what else is there is kept
    for stored in load_queries(project.query_dir).values():
        # a broken stored query fails the build, not its first user
        stored.check(project.relative(stored.path) if stored.path else None)
    dcat.Settings.for_project(project.root)  # so does a broken catalogue description, not the first export
    timings: dict[str, float] = {}
    start = time.perf_counter()
    key = snapshot.fingerprint(project) if cache else ""
    graph = load_project(project)
    timings["load_s"] = time.perf_counter() - start
    step = time.perf_counter()
    inferred = infer(graph)
    timings["infer_s"] = time.perf_counter() - step
    step = time.perf_counter()
    report = check(project, graph, engine)
    timings["validate_s"] = time.perf_counter() - step
    if not report.conforms(strict):
        raise BuildFailed(report, shown(out_dir), strict)
    step = time.perf_counter()
    # what else is in the folder (an export in dist/open-data, a README) is kept
    with atomic.replace_dir(target, keep=lambda name: name not in (GRAPH_FILE, INFO_FILE)) as staging:
        dumpers.dump(graph.triples(), staging / GRAPH_FILE, "ttl")
        info = {
            "triples": len(graph),
            "inferred": inferred,
            "files": graph.files,
            "warnings": len(report.warnings),
        }
        atomic.write_text(staging / INFO_FILE, json.dumps(info, indent=2, sort_keys=True) + "\n")
    timings["write_s"] = time.perf_counter() - step
    if cache:
        step = time.perf_counter()
        snapshot.keep(project, key, graph)
        timings["snapshot_s"] = time.perf_counter() - step
    timings["total_s"] = time.perf_counter() - start
    return BuildResult(graph, report, out_dir, [out_dir / GRAPH_FILE, out_dir / INFO_FILE], timings)
