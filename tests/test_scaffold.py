"""``wpskg init`` (wpskg.scaffold): a new data project that validates, builds and answers, made whole or not at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wpskg.cli import main
from wpskg.errors import WpskgError
from wpskg.project import STOCK, Project, stock_root
from wpskg.scaffold import init, ontology_version
from wpskg.validate import validate


def files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_a_new_project_holds_the_stock_folders_and_validates_and_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "ie-wps"]) == 0
    made = tmp_path / "ie-wps"
    stock = stock_root()
    assert stock is not None
    for name in STOCK:
        assert files(made / name) == files(stock / name), name
    assert (made / "sources" / "CATALOG.md").read_text(encoding="utf-8").startswith("# Source documents")
    assert "| file | language |" in (made / "sources" / "CATALOG.md").read_text(encoding="utf-8")
    assert f"ontology {ontology_version(stock)}" in capsys.readouterr().out
    monkeypatch.chdir(made)
    report = validate(Project.locate())
    assert report.conforms(strict=True), [p.message for p in report.problems]
    assert main(["build"]) == 0
    assert (made / "dist" / "wpskg.ttl").is_file()
    assert capsys.readouterr().out.startswith("built dist/wpskg.ttl")
    assert main(["query", "plans", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("plan,country,")


def test_the_current_empty_folder_can_be_made_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    init(Path("."))
    assert {p.name for p in tmp_path.iterdir()} >= {*STOCK, "instances", "sources", "README.md"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".") and p.name.endswith(".new")]


def test_a_folder_that_holds_anything_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(WpskgError, match="exists and is not an empty folder"):
        init(target)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    with pytest.raises(WpskgError, match="does not exist"):
        init(tmp_path / "no" / "such" / "parent")


def test_a_failed_copy_leaves_no_project_and_no_staging_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def failing(src: Path, dst: Path, **kwargs: object) -> None:
        calls.append(src)
        if len(calls) == 2:
            raise OSError("disk full")
        shutil.copytree(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("wpskg.scaffold.shutil.copytree", failing)
    with pytest.raises(WpskgError, match="cannot make the project: disk full"):
        init(tmp_path / "half")
    assert list(tmp_path.iterdir()) == []
    # an existing folder (staged inside it): left as it was, its .git too
    calls.clear()
    here = tmp_path / "repo"
    (here / ".git").mkdir(parents=True)
    with pytest.raises(WpskgError, match="disk full"):
        init(here)
    assert [p.name for p in here.iterdir()] == [".git"] and [p.name for p in tmp_path.iterdir()] == ["repo"]


def test_a_fresh_git_repository_can_be_made_a_project(tmp_path: Path) -> None:
    """Regression (review): `git init x && cd x && wpskg init .` was refused for its .git."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    init(tmp_path)
    assert (tmp_path / "ontology" / "wpskg.ttl").is_file()
    assert (tmp_path / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"


def test_a_link_to_nothing_is_an_error_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    assert main(["init", str(tmp_path / "dangling")]) == 2
    assert "dangling" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["dangling"]


def test_a_project_on_another_ontology_version_gets_a_warning_at_its_line(project_copy: Project) -> None:
    """Regression: a project whose ontology was older than the installed wpskg's got violations on
    terms it never wrote (wps:coversTheme from the build's inference), and no word about versions."""
    ontology = project_copy.root / "ontology" / "wpskg.ttl"
    text = ontology.read_text(encoding="utf-8")
    current = ontology_version(project_copy.root)
    assert current and text.count(f'owl:versionInfo "{current}"') == 1
    ontology.write_text(text.replace(f'owl:versionInfo "{current}"', 'owl:versionInfo "0.9.0"'), encoding="utf-8")
    line = text[: text.index("owl:versionInfo")].count("\n") + 1
    (found,) = [p for p in validate(project_copy).problems if p.component == "ontology-version"]
    assert (found.severity, found.file, found.line, found.value) == ("Warning", "ontology/wpskg.ttl", line, "0.9.0")
    assert f"comes with ontology {current}" in found.message
    ontology.write_text(text, encoding="utf-8")
    assert not [p for p in validate(project_copy).problems if p.component == "ontology-version"]
