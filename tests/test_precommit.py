"""pre-commit's hook definition runs `wpskg validate` in another data repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from support import venv_tool

ROOT = Path(__file__).resolve().parent.parent


def test_hook_definition_is_well_formed() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "wpskg-validate"
    assert hook["entry"].startswith("wpskg validate")
    assert hook["language"] == "python"


def test_example_workflow_uses_github_and_junit_formats() -> None:
    text = (ROOT / "docs" / "github-workflow.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    steps = " ".join(str(s.get("run", "")) for s in workflow["jobs"]["validate"]["steps"])
    assert "--format github" in steps and "--format junit" in steps


@pytest.mark.slow
def test_pre_commit_hook_fails_on_a_broken_file(tmp_path: Path) -> None:
    """pre-commit try-repo installs this repository's hook and runs it on a data repository."""
    pre_commit = venv_tool("pre-commit")
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    repo = tmp_path / "data"
    for name in ("ontology", "instances", "shapes", "queries", "sources"):
        shutil.copytree(ROOT / name, repo / name)
    bad = repo / "instances" / "contributed.ttl"
    bad.write_text(
        "@prefix wps: <https://w3id.org/wpskg/ont#> .\n<https://w3id.org/wpskg/id/funding/no-funder> a wps:Funding .\n",
        encoding="utf-8",
    )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "-C", str(repo), "add", "."], check=True)
    env = {
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PATH": os.pathsep.join([str(Path(pre_commit).parent), os.environ["PATH"]]),
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        [pre_commit, "try-repo", str(ROOT), "wpskg-validate", "--files", "instances/contributed.ttl"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "instances/contributed.ttl:2: Violation: funding:no-funder" in output or "fund:no-funder" in output
    assert "A funding needs a funder" in output
