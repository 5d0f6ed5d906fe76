"""Store snapshots: read when the project's files are unchanged, never when anything that went into them changed."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from wpskg import queries, snapshot
from wpskg.cli import main
from wpskg.errors import InputError, WpskgError
from wpskg.project import Project

EXTRA = '<https://w3id.org/wpskg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "snapshot probe"@en .\n'
PROBE = 'SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "snapshot probe"@en }'


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(snapshot.CACHE_ENV, str(folder))
    return folder


def snapshots(cache: Path) -> list[Path]:
    return sorted(cache.glob("*/store-*.nq"))


def answers(graph, project: Project) -> dict[str, list[list[str]]]:
    """Every stored query's rows with its default parameters, as text."""
    out = {}
    for name, stored in queries.load_queries(project.query_dir).items():
        if any(p.required for p in stored.params):
            continue
        result = queries.run(stored, graph, {}).result
        out[name] = [[str(term) for term in row] for row in result.rows]
    return out


def test_second_run_reads_the_snapshot_and_answers_the_same(project_copy: Project, cache: Path) -> None:
    fresh = snapshot.query_graph(project_copy)
    assert fresh.snapshot is None
    [kept] = snapshots(cache)
    again = snapshot.query_graph(project_copy)
    assert again.snapshot == kept
    assert len(again.store) == len(fresh.store)
    # The same answers, blank nodes (amounts, periods) and inferred triples included.
    assert answers(again, project_copy) == answers(fresh, project_copy)
    tag = (kept.parent / "CACHEDIR.TAG").read_bytes()
    assert tag.startswith(b"Signature: 8a477f597d28d172789f06886806bc55")  # the Cache Directory Tagging spec


def test_an_edited_added_or_removed_file_is_a_new_snapshot(project_copy: Project, cache: Path) -> None:
    snapshot.query_graph(project_copy)
    [first] = snapshots(cache)
    extra = project_copy.root / "instances" / "probe.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    added = snapshot.query_graph(project_copy)
    assert added.snapshot is None and added.select(PROBE)
    [second] = snapshots(cache)  # the older one is removed
    assert second != first
    extra.write_text(EXTRA.replace("snapshot probe", "edited probe"), encoding="utf-8")
    edited = snapshot.query_graph(project_copy)
    assert edited.snapshot is None and not edited.select(PROBE)
    extra.unlink()
    assert snapshot.fingerprint(project_copy) == first.name[len("store-") : -len(".nq")]
    assert snapshot.query_graph(project_copy).snapshot is None  # the first was removed, so it is made again


def test_a_file_with_an_error_is_reported_every_time_and_nothing_is_kept(project_copy: Project, cache: Path) -> None:
    (project_copy.root / "instances" / "bad.ttl").write_text("<https://w3id.org/wpskg/id/x> a .\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError, match=r"bad\.ttl:1"):
            snapshot.query_graph(project_copy)
    assert snapshots(cache) == []


def test_a_damaged_snapshot_is_loaded_again_and_replaced(project_copy: Project, cache: Path) -> None:
    snapshot.query_graph(project_copy)
    [kept] = snapshots(cache)
    kept.write_bytes(b"<https://example.org/not a valid line\n")
    graph = snapshot.query_graph(project_copy)
    assert graph.snapshot is None
    assert snapshot.query_graph(project_copy).snapshot == kept
    assert len(snapshot.query_graph(project_copy).store) == len(graph.store)


def test_an_unwritable_cache_warns_and_still_answers(project_copy: Project, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(snapshot.CACHE_ENV, str(blocker))
    with pytest.warns(RuntimeWarning, match="not keeping a snapshot"):
        graph = snapshot.query_graph(project_copy)
    assert graph.snapshot is None and len(graph) > 0


def test_a_snapshot_graph_answers_queries_only(project_copy: Project, cache: Path) -> None:
    snapshot.query_graph(project_copy)
    graph = snapshot.query_graph(project_copy)
    assert len(graph) == len(graph.store)
    with pytest.raises(WpskgError, match="answers queries only"):
        graph.triples()


def test_without_the_override_the_snapshot_is_in_the_project(project_copy: Project, monkeypatch) -> None:
    monkeypatch.delenv(snapshot.CACHE_ENV, raising=False)
    snapshot.query_graph(project_copy)
    folder = project_copy.root / snapshot.CACHE_DIR
    assert len(list(folder.glob("store-*.nq"))) == 1
    assert (folder / ".gitignore").read_text() == "*\n"


def test_cli_query_uses_the_snapshot_and_no_cache_skips_it(
    capsys: pytest.CaptureFixture[str], project_copy: Project, cache: Path
) -> None:
    args = ["query", "funders", "--project", str(project_copy.root), "--param", "country=ML", "--format", "csv"]
    assert main([*args, "--no-cache"]) == 0
    uncached = capsys.readouterr().out
    assert snapshots(cache) == []
    assert main(args) == 0 and main(args) == 0
    out = capsys.readouterr().out
    assert out == uncached * 2
    assert len(snapshots(cache)) == 1
    assert main(["sparql", "ASK { ?s ?p ?o }", "--project", str(project_copy.root)]) == 0
    assert capsys.readouterr().out == "true\n"
    assert len(snapshots(cache)) == 1


def test_the_code_is_part_of_the_fingerprint(project_copy: Project, monkeypatch) -> None:
    before = snapshot.fingerprint(project_copy)
    monkeypatch.setattr(snapshot.ox, "__version__", "0.0.0-other")
    assert snapshot.fingerprint(project_copy) != before


def test_override_keeps_projects_apart(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(snapshot.CACHE_ENV, str(tmp_path))
    a, b = Project(tmp_path / "one" / "p"), Project(tmp_path / "two" / "p")
    assert snapshot.cache_dir(a) != snapshot.cache_dir(b)
    assert os.path.commonpath([snapshot.cache_dir(a), tmp_path]) == str(tmp_path)


def test_override_gives_one_project_one_folder_however_it_is_spelled(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(snapshot.CACHE_ENV, str(tmp_path / "cache"))
    (tmp_path / "p").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "p")
    monkeypatch.chdir(tmp_path)
    spellings = [tmp_path / "p", Path("p"), tmp_path / "link", tmp_path / "p" / ".." / "p"]
    assert len({snapshot.cache_dir(Project(root)) for root in spellings}) == 1


def test_a_file_edited_while_loading_is_not_kept_under_the_old_name(
    project_copy: Project, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = project_copy.root / "instances" / "probe.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    load = snapshot.load_project

    def load_then_edit(project: Project):
        graph = load(project)
        extra.write_text(EXTRA.replace("snapshot probe", "edited probe"), encoding="utf-8")
        return graph

    monkeypatch.setattr(snapshot, "load_project", load_then_edit)
    assert snapshot.query_graph(project_copy).select(PROBE)  # this run answers from what it loaded
    assert snapshots(cache) == []  # but keeps nothing: its name would stand for the old file
    monkeypatch.setattr(snapshot, "load_project", load)
    assert not snapshot.query_graph(project_copy).select(PROBE)
    assert len(snapshots(cache)) == 1


def test_a_build_keeps_its_store_for_the_next_query(project_copy: Project, cache: Path, tmp_path: Path) -> None:
    from wpskg.build import build

    result = build(project_copy, tmp_path / "dist")
    [kept] = snapshots(cache)
    assert "snapshot_s" in result.timings
    graph = snapshot.query_graph(project_copy)
    assert graph.snapshot == kept
    assert len(graph.store) == len(result.graph.store)
    assert answers(graph, project_copy) == answers(result.graph, project_copy)


def test_a_build_without_cache_or_that_fails_keeps_nothing(project_copy: Project, cache: Path, tmp_path: Path) -> None:
    from wpskg.build import BuildFailed, build

    build(project_copy, tmp_path / "dist", cache=False)
    assert snapshots(cache) == []
    bad = project_copy.root / "instances" / "bad.ttl"
    bad.write_text("<https://w3id.org/wpskg/id/plan/x> a <https://w3id.org/wpskg/ont#Plan> .\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(project_copy, tmp_path / "dist")
    assert snapshots(cache) == []


def tiny_project(root: Path, value: int = 1) -> Project:
    for folder in ("ontology", "instances", "shapes", "queries"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "instances" / "a.ttl").write_text(f"<https://example.org/a> <https://example.org/p> {value} .")
    return Project(root)


def test_a_shared_cache_forgets_projects_that_are_gone(cache: Path, tmp_path: Path) -> None:
    gone, kept, other = (tiny_project(tmp_path / name) for name in ("gone", "kept", "other"))
    for project in (gone, kept, other):
        snapshot.query_graph(project)
    stranger = cache / "not-ours"
    stranger.mkdir()
    (stranger / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
    for path in sorted(gone.root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    gone.root.rmdir()
    tiny_project(other.root, 2)  # an edit: the next query writes a snapshot, and sweeps
    snapshot.query_graph(other)
    assert not snapshot.cache_dir(gone).exists()
    assert snapshot.cache_dir(kept).is_dir() and snapshots(cache) and stranger.is_dir()
    assert (snapshot.cache_dir(kept) / "PROJECT").read_text(encoding="utf-8") == str(kept.root.resolve())


def test_without_the_override_nothing_is_swept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(snapshot.CACHE_ENV, raising=False)
    project = tiny_project(tmp_path / "p")
    snapshot.query_graph(project)
    assert not (snapshot.cache_dir(project) / "PROJECT").exists()


def test_the_command_line_shows_a_warning_on_one_line(
    project_copy: Project, tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: an unwritable cache showed Python's warning, with the file, line and source line
    of cli.py (``cli.py:144: RuntimeWarning … return query_graph(...)``)."""
    from wpskg.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(snapshot.CACHE_ENV, str(blocker))
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        assert main(["query", "plans", "--format", "csv", "--project", str(project_copy.root)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("wpskg: warning: not keeping a snapshot of the store in"), err
    assert len(err.splitlines()) == 1 and "RuntimeWarning" not in err and ".py:" not in err
