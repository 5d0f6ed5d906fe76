"""Finding the data project: ``--project``, the current folder, or the repository's own data."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from wpskg.errors import WpskgError
from wpskg.project import LAYOUT, Project, ProjectFallback, repository_root

ROOT = Path(__file__).resolve().parents[1]


def make(folder: Path, names: tuple[str, ...] = LAYOUT) -> Path:
    for name in names:
        (folder / name).mkdir(parents=True, exist_ok=True)
    return folder


def test_the_current_folder_or_one_above_it_is_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make(tmp_path / "ie-wps")
    (project / "instances" / "ie-press").mkdir()
    monkeypatch.chdir(project / "instances" / "ie-press")
    assert Project.locate().root == project
    assert Project.locate(str(tmp_path / "ie-wps")).root == project


def test_a_project_with_a_folder_missing_is_an_error_not_another_projects_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: with shapes/ missing (git keeps no empty folder), build, validate and export quietly
    used the Belgian and Dutch data of wpskg's own repository, and wrote into its checkout."""
    partial = make(tmp_path / "ie-wps", ("ontology", "instances", "queries", ".git"))
    monkeypatch.chdir(partial / "instances")
    with pytest.raises(WpskgError, match=r"ie-wps: not a data project \(missing shapes/\)"):
        Project.locate()
    with pytest.raises(WpskgError, match=r"not a data project \(missing shapes/\)"):
        Project.locate(str(partial))
    monkeypatch.chdir(partial)  # outside a repository, the current folder alone
    (partial / ".git").rmdir()
    with pytest.raises(WpskgError, match=r"ie-wps: not a data project"):
        Project.locate()


def test_unrelated_folders_above_the_current_one_are_not_a_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home folder with queries/ and shapes/ of its own does not stop every command below it."""
    home = make(tmp_path / "home", ("queries", "shapes"))
    (home / "Documents" / "work").mkdir(parents=True)
    monkeypatch.chdir(home / "Documents" / "work")
    with pytest.warns(ProjectFallback):
        assert Project.locate().root == ROOT


def test_the_repositorys_own_data_outside_it_comes_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert repository_root() == ROOT  # the tests run from a checkout
    monkeypatch.chdir(tmp_path)
    with pytest.warns(ProjectFallback, match=f"no data project in {tmp_path}: using wpskg's own data at {ROOT}"):
        assert Project.locate().root == ROOT
    monkeypatch.chdir(ROOT / "docs")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # inside the checkout, it is the project: no warning
        assert Project.locate().root == ROOT
