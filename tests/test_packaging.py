"""The wheel: built offline from a copy of the checkout, it carries the stock ontology, shapes and
queries, and an installed wpskg makes, validates and queries a project of its own outside any checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import filled_dcat

from wpskg import __version__
from wpskg.project import STOCK, repository_root

ROOT = repository_root()
BUILT_FROM = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "src", *STOCK)

pytestmark = pytest.mark.skipif(ROOT is None, reason="needs the checkout to build from")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built with pip from a copy of what it is built from (no network, no build/ in the checkout)."""
    assert ROOT is not None
    copy = tmp_path_factory.mktemp("checkout")
    for name in BUILT_FROM:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, copy / name)
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q"]
    subprocess.run([*command, "-w", str(out), str(copy)], check=True, capture_output=True, timeout=300)
    (built,) = out.glob("wpskg-*.whl")
    return built


def test_the_wheel_carries_the_stock_folders_and_the_version(wheel: Path) -> None:
    """Regression: the wheel held no ontology, shapes or queries, so an installed wpskg could do nothing."""
    assert ROOT is not None
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in STOCK:
        shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()}
        assert shipped and {f"wpskg/stock/{name}" for name in shipped} <= names, folder
    assert wheel.name.startswith(f"wpskg-{__version__}-")
    assert not [n for n in names if n.startswith(("tests/", "instances/", "sources/"))]


def run(wheel_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m wpskg ARGS`` with the unpacked wheel first on the path (before the editable checkout)."""
    env = {**os.environ, "PYTHONPATH": str(wheel_dir)}
    command = [sys.executable, "-W", "error::UserWarning", "-m", "wpskg", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_an_installed_wpskg_makes_and_uses_a_project_outside_any_checkout(wheel: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    away = tmp_path / "work"
    away.mkdir()
    probe = subprocess.run(
        [sys.executable, "-c", "import wpskg; print(wpskg.__file__)"],
        cwd=away,
        env={**os.environ, "PYTHONPATH": str(unpacked)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == str(unpacked / "wpskg" / "__init__.py")
    # no project, no checkout to fall back to: the message says how to start one
    none = run(unpacked, away, "query", "plans")
    assert none.returncode == 2 and "wpskg init DIR" in none.stderr
    # the stored queries are there to list (and to run on an endpoint) without a project
    listed = run(unpacked, away, "queries")
    assert listed.returncode == 0 and "funders:" in listed.stdout
    made = run(unpacked, away, "init", "ie-wps")
    assert made.returncode == 0, made.stderr
    project = away / "ie-wps"
    # dcat.ttl comes from the wheel's template; its placeholders fail --strict until they are replaced
    placeholders = run(unpacked, project, "validate", "--strict")
    assert placeholders.returncode == 1 and "dcat.ttl:16: Warning" in placeholders.stdout, placeholders.stdout
    config = project / "dcat.ttl"
    config.write_text(filled_dcat(config.read_text(encoding="utf-8")), encoding="utf-8")
    for step in (["validate", "--strict"], ["build"], ["query", "plans", "--format", "csv"]):
        done = run(unpacked, project, *step)
        assert done.returncode == 0, (step, done.stderr)
    assert done.stdout.startswith("plan,country,")
    assert (project / "dist" / "wpskg.ttl").is_file()
    assert not list(unpacked.rglob("dist")) and not list(unpacked.rglob(".wpskg-cache"))
