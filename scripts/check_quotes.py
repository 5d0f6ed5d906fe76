"""Curators' quick check: every wps:quote in the given Turtle files appears in its source.

Usage: python scripts/check_quotes.py instances/<folder>/*.ttl
The same check runs in the test suite (tests/test_provenance.py) over the whole graph.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wpskg import loaders, provenance
from wpskg.project import Project
from wpskg.store import load_project


def main(paths: list[str]) -> int:
    project = Project.locate()
    shipped = {p.resolve() for p in project.instance_files}
    graph = load_project(project, extra=[Path(p) for p in paths if Path(p).resolve() not in shipped])
    own = {iri for p in paths for iri in loaders.load(p).source_map.lines}
    problems = [(c, why) for c, why in provenance.missing_quotes(graph, project.sources_dir) if c in own]
    for claim, why in problems:
        print(f"{claim}: {why}")
    print(f"{len(problems)} quote(s) not found")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
