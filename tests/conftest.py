"""Shared fixtures: the repository's data project and its loaded graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from wpskg.project import Project
from wpskg.queries import StoredQuery, load_queries
from wpskg.store import Graph, infer, load_project
from wpskg.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _snapshot_cache(tmp_path_factory: pytest.TempPathFactory):
    """Store snapshots (wpskg.snapshot) go to a temporary folder, never into the repository, for the CLI runs too."""
    from wpskg.snapshot import CACHE_ENV

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("snapshots")))
        yield


@pytest.fixture(scope="session")
def project() -> Project:
    """The repository's own data project."""
    return Project(ROOT)


@pytest.fixture(scope="session")
def graph(project: Project) -> Graph:
    """The shipped graph, loaded and inferred once per session (treat as read-only)."""
    g = load_project(project)
    infer(g)
    return g


@pytest.fixture(scope="session")
def stored(project: Project) -> dict[str, StoredQuery]:
    """The repository's stored queries (treat as read-only)."""
    return load_queries(project.query_dir)


@pytest.fixture(scope="session")
def synthetic(project: Project) -> Graph:
    """Twelve synthetic plans (``wpskg synth``, seed 3) with the ontology, inferred (treat as read-only)."""
    g = Graph()
    g.load_files(project.ontology_files, project)
    g.add_quads(ox.parse(synthesize(12, seed=3)[0].encode(), format=ox.RdfFormat.TURTLE))
    infer(g)
    return g


@pytest.fixture()
def project_copy(tmp_path: Path) -> Project:
    """A writable copy of the data project (ontology, instances, shapes, queries, sources)."""
    for name in ("ontology", "instances", "shapes", "queries", "sources"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return Project(tmp_path)


@pytest.fixture()
def rec():
    """A loopback HTTP server that counts every request made to it."""
    from support import fuzz_module

    with fuzz_module().recorder() as recorder:
        yield recorder
