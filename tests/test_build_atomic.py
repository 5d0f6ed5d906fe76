"""Nothing lost: a build that fails or is killed leaves the last good ``dist/`` byte for byte.

Each test builds a small project once (the last good ``dist/``), changes its
instances so that a finished build would change ``dist/``, and then makes
the next build fail: bad input, a violation, a crash, or a kill. A ``wpskg
build`` subprocess is paused at a chosen point by a wrapper that patches the
library from outside (no test hook in wpskg itself), and is then sent SIGKILL
or SIGINT (Ctrl-C).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from wpskg import cli
from wpskg.atomic import recover_dir
from wpskg.build import build
from wpskg.errors import ParameterError
from wpskg.project import Project

PLAN = '<https://w3id.org/wpskg/id/plan/{name}> a wps:Plan ; rdfs:label "Plan {name}"@en .\n'
PREFIXES = "@prefix wps: <https://w3id.org/wpskg/ont#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"

#: Runs ``wpskg build`` after patching wpskg so that it stops at ``PAUSE``.
WRAPPER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    import wpskg.atomic, wpskg.dumpers

    point = sys.argv[2]

    def pause():
        print("PAUSED", flush=True)
        time.sleep(120)

    if point == "write":  # the graph is written into the staging folder, a second file half-written
        real_dump = wpskg.dumpers.dump

        def dump(triples, path, fmt):
            real_dump(triples, path, fmt)
            with open(Path(path).with_name("half.nt"), "w") as fh:
                fh.write("<https://w3id.org/wpskg/id/x> ")
            pause()

        wpskg.dumpers.dump = dump
    elif point == "swap":  # the new dist/ complete, about to take the old one's place
        real_exchange = wpskg.atomic._exchange

        def exchange(a, b):
            pause()
            return real_exchange(a, b)

        wpskg.atomic._exchange = exchange
    elif point == "swapped":  # exchanged: the staging folder now holds the old dist/
        real_exchange = wpskg.atomic._exchange

        def exchange(a, b):
            done = real_exchange(a, b)
            pause()
            return done

        wpskg.atomic._exchange = exchange
    elif point == "fallback":  # no atomic exchange: the old dist/ moved aside, the new one not yet in place
        wpskg.atomic._exchange = lambda a, b: False
        real_replace = os.replace

        def replace(src, dst):
            real_replace(src, dst)
            if Path(src).name == "dist":
                pause()

        wpskg.atomic.os.replace = replace
    elif point == "crash":
        def dump(triples, path, fmt):
            Path(path).write_text("@prefix half")
            raise RuntimeError("simulated crash while writing")

        wpskg.dumpers.dump = dump

    from wpskg.cli import main
    sys.exit(main(["build", "--project", sys.argv[1]]))
    """
)


def make_project(root: Path) -> Path:
    """A project with one class, one shape (plans need a label) and one plan."""
    for folder in ("ontology", "instances", "shapes", "queries"):
        (root / folder).mkdir(parents=True)
    (root / "ontology" / "o.ttl").write_text(
        "@prefix wps: <https://w3id.org/wpskg/ont#> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "wps:Plan a owl:Class .\n"
    )
    (root / "shapes" / "s.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix wps: <https://w3id.org/wpskg/ont#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/wpskg/shapes#PlanShape> a sh:NodeShape ; sh:targetClass wps:Plan ;\n"
        '  sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "A plan needs a label." ] .\n'
    )
    (root / "instances" / "plans.ttl").write_text(PREFIXES + PLAN.format(name="one"))
    return root


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and mode."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mode) for p in sorted(folder.rglob("*")) if p.is_file()
    }


def staging_leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".dist"))


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A built project (the last good dist/) whose instances have since changed."""
    root = make_project(tmp_path / "project")
    assert cli.main(["build", "--project", str(root)]) == 0
    (root / "instances" / "more.ttl").write_text(PREFIXES + PLAN.format(name="two"))
    return root


def interrupted_build(root: Path, point: str, sig: signal.Signals) -> int:
    """Run ``wpskg build`` until it pauses at ``point``, send ``sig``, return the exit status."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, str(root), point],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=root,
        # A shell without job control starts background jobs with SIGINT ignored, and
        # Python then leaves it ignored: restore it, as a terminal's Ctrl-C finds it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "PAUSED", (line, proc.stderr.read() if proc.stderr else "")
        os.kill(proc.pid, sig)
        return proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def assert_next_build_completes(root: Path, before: dict[str, tuple[bytes, int]]) -> None:
    """The change would have been visible: a clean build now does change dist/."""
    assert cli.main(["build", "--project", str(root)]) == 0
    after = snapshot(root / "dist")
    assert after != before and b"Plan two" in after["wpskg.ttl"][0]


def test_bad_input_leaves_dist_untouched(project: Path) -> None:
    before = snapshot(project / "dist")
    (project / "instances" / "bad.ttl").write_text(PREFIXES + "<https://w3id.org/wpskg/id/plan/x> a wps:Plan ;\n")
    assert cli.main(["build", "--project", str(project)]) == 2
    assert snapshot(project / "dist") == before and staging_leftovers(project) == []


def test_violation_leaves_dist_untouched(project: Path) -> None:
    before = snapshot(project / "dist")
    (project / "instances" / "nolabel.ttl").write_text(PREFIXES + "<https://w3id.org/wpskg/id/plan/x> a wps:Plan .\n")
    assert cli.main(["build", "--project", str(project)]) == 1
    assert snapshot(project / "dist") == before and staging_leftovers(project) == []


def test_crash_while_writing_leaves_dist_untouched(project: Path) -> None:
    before = snapshot(project / "dist")
    proc = subprocess.run([sys.executable, "-c", WRAPPER, str(project), "crash"], capture_output=True, text=True)
    assert proc.returncode != 0 and "simulated crash" in proc.stderr
    assert snapshot(project / "dist") == before and staging_leftovers(project) == []
    assert_next_build_completes(project, before)


def test_sigkill_while_writing_leaves_dist_untouched(project: Path) -> None:
    before = snapshot(project / "dist")
    assert interrupted_build(project, "write", signal.SIGKILL) == -signal.SIGKILL
    assert snapshot(project / "dist") == before
    assert_next_build_completes(project, before)


def test_ctrl_c_while_writing_leaves_dist_untouched(project: Path) -> None:
    before = snapshot(project / "dist")
    assert interrupted_build(project, "write", signal.SIGINT) == 130
    assert snapshot(project / "dist") == before and staging_leftovers(project) == []
    assert_next_build_completes(project, before)


def test_sigkill_just_before_the_swap_leaves_dist_in_place(project: Path) -> None:
    before = snapshot(project / "dist")
    assert interrupted_build(project, "swap", signal.SIGKILL) == -signal.SIGKILL
    assert snapshot(project / "dist") == before
    assert_next_build_completes(project, before)
    assert staging_leftovers(project) == []


def test_sigkill_just_after_the_swap_leaves_the_new_dist_complete(project: Path) -> None:
    before = snapshot(project / "dist")
    assert interrupted_build(project, "swapped", signal.SIGKILL) == -signal.SIGKILL
    after = snapshot(project / "dist")
    assert after != before and b"Plan two" in after["wpskg.ttl"][0] and "build.json" in after


def test_ctrl_c_between_the_renames_of_the_fallback_restores_dist(project: Path) -> None:
    """Where the atomic exchange is not available, Ctrl-C between the two renames puts dist/ back."""
    before = snapshot(project / "dist")
    assert interrupted_build(project, "fallback", signal.SIGINT) == 130
    assert snapshot(project / "dist") == before and staging_leftovers(project) == []


def test_sigkill_between_the_renames_of_the_fallback_is_recovered_by_the_next_build(project: Path) -> None:
    """Killed after dist/ was moved aside (fallback only): recover_dir puts the old one back first."""
    before = snapshot(project / "dist")
    assert interrupted_build(project, "fallback", signal.SIGKILL) == -signal.SIGKILL
    recover_dir(project / "dist")
    assert snapshot(project / "dist") == before
    assert_next_build_completes(project, before)


def test_staging_left_by_a_killed_build_is_cleaned_by_the_next(project: Path) -> None:
    interrupted_build(project, "write", signal.SIGKILL)
    assert staging_leftovers(project) != []
    assert cli.main(["build", "--project", str(project)]) == 0
    assert staging_leftovers(project) == []


def test_a_folder_of_other_files_keeps_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``build --out d`` emptied d of everything else (a thesis, a folder of photos).
    The build writes its two files and keeps the rest, so a dist/ that holds an export built first
    (``wpskg export --out dist/open-data``, as docs/export.md shows) is built into too."""
    root = make_project(tmp_path / "project")
    mine = tmp_path / "d"
    (mine / "photos").mkdir(parents=True)
    (mine / "photos" / "a.jpg").write_bytes(b"jpeg")
    (mine / "thesis.docx").write_text("important")
    assert cli.main(["build", "--project", str(root), "--out", str(mine)]) == 0
    assert sorted(p.name for p in mine.iterdir()) == ["build.json", "photos", "thesis.docx", "wpskg.ttl"]
    assert (mine / "thesis.docx").read_text() == "important" and (mine / "photos" / "a.jpg").read_bytes() == b"jpeg"
    capsys.readouterr()
    (tmp_path / "report.txt").write_text("precious")
    assert cli.main(["build", "--project", str(root), "--out", str(tmp_path / "report.txt")]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    assert (tmp_path / "report.txt").read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d", "project", "report.txt"]


@pytest.mark.parametrize("where", [".", "instances", "instances/built"])
def test_the_project_and_its_inputs_are_never_built_into(tmp_path: Path, where: str) -> None:
    """Regression: ``build --out "$PWD"`` in a project replaced the whole project (its instances,
    its sources, its .git) with wpskg.ttl and build.json."""
    root = make_project(tmp_path / "project")
    before = snapshot(root)
    with pytest.raises(ParameterError, match="refused: it is"):
        build(Project(root), root / where)
    assert snapshot(root) == before


def test_a_rebuild_keeps_what_else_is_in_dist(project: Path) -> None:
    """An export in dist/open-data (as docs/export.md suggests) or a README survives the next build."""
    (project / "dist" / "open-data").mkdir()
    (project / "dist" / "open-data" / "catalog.ttl").write_text("# an export\n")
    (project / "dist" / "README").write_text("ours\n")
    assert cli.main(["build", "--project", str(project)]) == 0
    assert (project / "dist" / "open-data" / "catalog.ttl").read_text() == "# an export\n"
    assert (project / "dist" / "README").read_text() == "ours\n"
    assert b"Plan two" in (project / "dist" / "wpskg.ttl").read_bytes()
