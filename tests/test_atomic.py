"""Atomic writes: complete or absent, never half-written, with ordinary permissions."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from wpskg import atomic
from wpskg.errors import OutputError


def test_write_replaces_whole_file_with_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.txt"
    atomic.write_text(target, "one")
    atomic.write_text(target, "two")
    assert target.read_text() == "two"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_failed_folder_replacement_keeps_the_old_folder(tmp_path: Path) -> None:
    target = tmp_path / "dist"
    with atomic.replace_dir(target) as staging:
        (staging / "graph.ttl").write_text("good")
    with pytest.raises(RuntimeError), atomic.replace_dir(target) as staging:
        (staging / "graph.ttl").write_text("half")
        raise RuntimeError("crash midway")
    assert (target / "graph.ttl").read_text() == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_entries_that_keep_names_are_carried_into_the_new_folder(tmp_path: Path) -> None:
    target = tmp_path / "dist"
    with atomic.replace_dir(target) as staging:
        (staging / "graph.ttl").write_text("one")
        (staging / "old.nt").write_text("stale")
    (target / ".htaccess").write_text("AddType text/turtle .ttl")
    (target / "docs").mkdir()
    (target / "docs" / "index.html").write_text("<p>")
    (target / "latest").symlink_to("graph.ttl")
    with atomic.replace_dir(target, keep=lambda name: not name.endswith((".ttl", ".nt"))) as staging:
        (staging / "graph.ttl").write_text("two")
        (staging / "docs").mkdir()  # written by the block: the old one is not merged into it
    assert sorted(p.name for p in target.iterdir()) == [".htaccess", "docs", "graph.ttl", "latest"]
    assert (target / ".htaccess").read_text() == "AddType text/turtle .ttl"
    assert (target / "graph.ttl").read_text() == "two"
    assert list((target / "docs").iterdir()) == []
    assert os.readlink(target / "latest") == "graph.ttl"


def test_interrupt_between_renames_is_recovered(tmp_path: Path) -> None:
    target = tmp_path / "dist"
    old = tmp_path / ".dist.old"
    old.mkdir()
    (old / "graph.ttl").write_text("good")
    atomic.recover_dir(target)
    assert (target / "graph.ttl").read_text() == "good" and not old.exists()


def test_a_failed_stream_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.nq"
    atomic.write_text(target, "old")
    with pytest.raises(RuntimeError), atomic.writing(target) as fh:
        fh.write(b"half of the new")
        raise RuntimeError("stopped")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.nq"]
    with atomic.writing(target) as fh:
        fh.write(b"new")
    assert target.read_text() == "new"


def test_an_output_that_cannot_be_written_names_it(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"kept")
    with pytest.raises(OutputError, match=f"^{blocker}/out.txt: cannot write: {blocker} is a file, not a folder$"):
        atomic.write_text(blocker / "out.txt", "text")
    with pytest.raises(OutputError, match=f"^{blocker}/dist: cannot write: "), atomic.replace_dir(blocker / "dist"):
        pass
    assert blocker.read_bytes() == b"kept"
    assert os.listdir(tmp_path) == ["a-file"]


def test_a_symbolic_link_is_written_through_and_stays(tmp_path: Path) -> None:
    """Regression: an output folder that was a symbolic link was exchanged with the staging folder,
    so the link became a real folder, its target stayed empty and the link was left in the parent
    as a stray ``.www.*.new`` entry."""
    (tmp_path / "r1").mkdir()
    (tmp_path / "www").symlink_to("r1")
    (tmp_path / "notes.txt").write_text("old")
    (tmp_path / "note-link").symlink_to("notes.txt")
    for run in ("one", "two"):
        atomic.recover_dir(tmp_path / "www")
        with atomic.replace_dir(tmp_path / "www") as staging:
            (staging / "graph.ttl").write_text(run)
        atomic.write_text(tmp_path / "note-link", run)
    assert os.readlink(tmp_path / "www") == "r1" and os.readlink(tmp_path / "note-link") == "notes.txt"
    assert (tmp_path / "r1" / "graph.ttl").read_text() == "two"
    assert (tmp_path / "notes.txt").read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note-link", "notes.txt", "r1", "www"]


def test_a_stray_link_left_by_an_older_run_is_removed(tmp_path: Path) -> None:
    (tmp_path / "r1").mkdir()
    (tmp_path / "www").mkdir()
    (tmp_path / ".www.abc123.new").symlink_to("r1")
    atomic.recover_dir(tmp_path / "www")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r1", "www"]


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    """Regression: ``validate -o report.txt`` made a private (0600) report readable by all (0644)."""
    target = tmp_path / "report.txt"
    target.write_text("old")
    target.chmod(0o600)
    atomic.write_text(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    """Regression: ``--output FIFO`` renamed a regular file over the pipe; its reader got nothing."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes().decode()))
    reader.start()
    atomic.write_text(fifo, "a,b\r\n")
    reader.join(timeout=10)
    assert received == ["a,b\r\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]


def test_a_device_is_written_to_not_replaced(tmp_path: Path) -> None:
    """Regression: ``--output /dev/null`` as root replaced the machine's /dev/null with a regular file."""
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device needs root")
    atomic.write_text(null, "gone")
    assert stat.S_ISCHR(null.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_the_current_folder_and_a_file_are_not_replaceable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: ``build --out .`` crashed with a traceback ("PosixPath('.') has an empty name")."""
    monkeypatch.chdir(tmp_path)
    for given in (".", "", str(tmp_path.parent)):
        with pytest.raises(OutputError, match="cannot be the current folder or a folder that holds it"):
            atomic.check_replaceable(given, "build.json", "build")
    (tmp_path / "report.txt").write_text("precious")
    with pytest.raises(OutputError, match=r"report\.txt exists and is not a folder"):
        atomic.check_replaceable("report.txt", "build.json", "build")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("keep")
    with pytest.raises(OutputError, match=r"mine is not empty and holds no previous build \(build.json\)"):
        atomic.check_replaceable("mine", "build.json", "build")
    (tmp_path / "mine" / "build.json").write_text("{}")
    assert atomic.check_replaceable("mine", "build.json", "build") == tmp_path / "mine"
    assert atomic.check_replaceable("new", "build.json", "build") == tmp_path / "new"
