"""Shared fixtures: the repository's data project and its loaded graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wpskg.project import Project
from wpskg.store import Graph, infer, load_project

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
