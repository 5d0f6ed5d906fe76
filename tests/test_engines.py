"""The other-engines benchmark (benchmarks/engines.py) compares rows exactly and reports an engine's errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import engines_module

ROOT = Path(__file__).resolve().parents[1]
engines = engines_module()


def test_rows_are_the_values_of_the_variables_in_order_and_unbound_is_empty() -> None:
    answer = {
        "head": {"vars": ["b", "a"]},
        "results": {
            "bindings": [
                {"a": {"type": "uri", "value": "http://x/1"}},
                {"a": {"type": "literal", "value": "2"}, "b": {"type": "literal", "value": "y", "xml:lang": "en"}},
            ]
        },
    }
    assert engines.json_rows(answer, ["a", "b"]) == [["http://x/1", ""], ["2", "y"]]


def test_compare_tells_order_from_content() -> None:
    reference = [["a", "1"], ["b", "2"]]
    assert engines.compare([["a", "1"], ["b", "2"]], reference) == "same rows"
    assert engines.compare([["b", "2"], ["a", "1"]], reference) == "same rows, other order"
    assert engines.compare([], reference) == "0 rows, 2 expected"
    assert engines.compare([["a", "1"], ["b", "3"]], reference) == "2 rows, 2 expected"


def test_an_engine_that_cannot_run_is_an_error_not_a_crash(tmp_path: Path) -> None:
    # this interpreter has no maplib: the child fails to import it, and the benchmark reports that
    data = tmp_path / "d.nt"
    data.write_text("", encoding="utf-8")
    got = engines.maplib(sys.executable, data, "ASK {}", 1, tmp_path)
    assert set(got) == {"error"} and "maplib" in got["error"]


@pytest.mark.slow
def test_virtuoso_gives_the_same_rows_as_pyoxigraph_on_a_small_graph(tmp_path: Path) -> None:
    """30 plans: enough for Virtuoso to refuse to sort ``resolutions`` (SR319), which wpskg sorts then."""
    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource; .ci/run does)")
    out = tmp_path / "engines.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "engines.py"), "--plans", "30", "--runs", "1", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    r = json.loads(out.read_text(encoding="utf-8"))
    names = {p.stem for p in (ROOT / "queries").glob("*.rq")} - {"provenance"}  # provenance needs a subject
    assert names == set(r["queries"]) and r["plans"] == 30 and r["virtuoso_load_s"] > 0
    for name, got in r["queries"].items():
        assert got["oxigraph"]["rows"] > 0 or name in {"conflicts", "peacekeeping"}, name
        assert got["virtuoso"].get("same") == "same rows", (name, got)
    assert "virtuoso:" in done.stdout
    assert "SR319" in r["queries"]["resolutions"]["virtuoso"]["sorted_here"]
    assert "sorted by wpskg" in next(line for line in done.stdout.splitlines() if line.startswith("resolutions"))


@pytest.mark.slow
def test_a_virtuoso_that_fails_to_load_is_stopped(tmp_path: Path) -> None:
    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource; .ci/run does)")
    folder = tmp_path / "virtuoso"
    with pytest.raises(IsADirectoryError):  # the data to load is a folder: the copy fails after the start
        engines.Virtuoso(folder, tmp_path)
    ini = str(folder / "virtuoso.ini")
    running = subprocess.run(["pgrep", "-f", ini], capture_output=True, text=True)
    assert running.stdout.strip() == "", f"virtuoso-t still runs: {running.stdout}"
