"""Other engines on the stored queries' whole answers (issue #6, "another engine").

    python benchmarks/engines.py --plans 1000
    python benchmarks/engines.py --plans 1000 --maplib-python /tmp/maplib/bin/python --json engines.json

Every stored query that needs no parameter runs without parameters on one
synthetic graph with the build's inferred triples:

- on pyoxigraph, through :func:`wpskg.queries.run` as the CLI runs it (the reference);
- on maplib, a SPARQL engine over Polars data frames (``pip install maplib``
  into the interpreter given with ``--maplib-python``), one fresh process per
  query, since a query maplib does not support can panic and poison its model;
- on Virtuoso (``virtuoso-t`` and ``isql-vt``, Debian's virtuoso-opensource),
  started on loopback in a temporary folder and bulk-loaded with ``ld_dir``.

Each engine gets the same query text. The table gives each one's median of
``--runs`` runs, its ratio to pyoxigraph, and whether it gives the same rows
(the values of every variable, in the same order), or the error it gave.
When Virtuoso refuses to sort rows that are too long (SR478, SR319), the
query goes through :func:`wpskg.remote.run_text` as ``wpskg query --endpoint``
sends it, which sorts those rows itself (:mod:`wpskg.ordering`); the
table says "sorted by wpskg", and the JSON has Virtuoso's refusal in ``sorted_here``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from wpskg import queries, remote, synth
from wpskg.atomic import write_text
from wpskg.project import Project
from wpskg.serve.launch import free_port
from wpskg.store import Graph, infer, load_project

Rows = list[list[str]]

#: The child that runs one query on maplib: prints one JSON line, its times and rows or its error.
MAPLIB_CHILD = """
import json, sys, time
from maplib import Model
data, query, runs = sys.argv[1], open(sys.argv[2], encoding="utf-8").read(), int(sys.argv[3])
model = Model()
model.read(data)
try:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        model.query(query)
        times.append((time.perf_counter() - start) * 1000)
    answer = json.loads(model.query(query, return_json=True))
except BaseException as exc:  # a panic in the engine arrives as pyo3's PanicException
    print(json.dumps({"error": str(exc).splitlines()[0][:200]}))
else:
    print(json.dumps({"ms": times, "answer": answer}))
"""

VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = {query_mem}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/vsp
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {max_seconds}
DefaultQuery = SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT 1
"""


def virtuoso_ini(
    folder: Path,
    sql_port: int,
    http_port: int,
    *,
    buffers: int = 340_000,
    query_mem: str = "2G",
    max_rows: int = 10_000_000,
    max_seconds: int = 0,
) -> str:
    """A ``virtuoso.ini`` for a server on loopback that keeps everything in ``folder``.

    ``buffers`` pages of 8 KB (340,000: about 2.6 GB, for a million triples);
    ``max_seconds`` 0 is no time limit. tests/test_remote.py starts its server with one too.
    """
    return VIRTUOSO_INI.format(
        d=folder,
        sql_port=sql_port,
        http_port=http_port,
        buffers=buffers,
        dirty=buffers * 3 // 5,
        query_mem=query_mem,
        max_rows=max_rows,
        max_seconds=max_seconds,
    )


GRAPH = "urn:wpskg:bench"


def values(rows: Sequence[Sequence[ox.Term | None]]) -> Rows:
    """Rows of terms as their values, literals in the canonical form that wpskg's remote runs compare
    (:func:`wpskg.remote.normalise_rows`: ``300000.00`` is ``300000``), "" when unbound."""
    return [["" if t is None else t.value for t in row] for row in remote.normalise_rows(rows)]


def json_rows(answer: dict[str, Any], variables: list[str]) -> Rows:
    """The rows of a SPARQL JSON answer as the values of ``variables``, read as wpskg reads an endpoint's."""
    names, rows = remote.rows_from_json(answer)
    at = [names.index(v) if v in names else None for v in variables]
    return values([[None if i is None else row[i] for i in at] for row in rows])


def compare(rows: Rows, reference: Rows) -> str:
    """``same rows``, ``same rows, other order`` or how the rows differ from the reference."""
    if rows == reference:
        return "same rows"
    if sorted(rows) == sorted(reference):
        return "same rows, other order"
    return f"{len(rows)} rows, {len(reference)} expected"


def oxigraph(graph: Graph, stored: queries.StoredQuery, runs: int) -> tuple[list[float], queries.QueryRun]:
    """Times and the last run of one stored query through wpskg's query workers."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run = queries.run(stored, graph, {}, max_rows=10**9, timeout=3600)
        times.append((time.perf_counter() - start) * 1000)
    return times, run


def maplib(python: str, data: Path, text: str, runs: int, folder: Path) -> dict[str, Any]:
    """One query on maplib in a fresh process: ``{"ms": [...], "answer": {...}}`` or ``{"error": ...}``."""
    query = folder / "query.rq"
    query.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [python, "-c", MAPLIB_CHILD, str(data), str(query), str(runs)], capture_output=True, text=True, timeout=3600
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"error": (done.stderr.strip().splitlines() or ["no answer"])[-1][:200]}
    return json.loads(lines[-1])


class Virtuoso:
    """A Virtuoso server on loopback in ``folder``, with ``data`` (N-Triples) bulk-loaded into :data:`GRAPH`."""

    def __init__(self, folder: Path, data: Path) -> None:
        (folder / "vsp").mkdir(parents=True)
        self.http_port, sql_port = free_port(), free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(virtuoso_ini(folder, sql_port, self.http_port), encoding="utf-8")
        self.log = (folder / "server.log").open("wb")
        self.process = subprocess.Popen(
            ["virtuoso-t", "-f", "-c", str(ini)], cwd=folder, stdout=self.log, stderr=subprocess.STDOUT
        )
        try:
            self._wait(folder)
            shutil.copy(data, folder / "data.nt")
            start = time.perf_counter()
            load = f"ld_dir('{folder}', 'data.nt', '{GRAPH}'); rdf_loader_run(); checkpoint;"
            done = subprocess.run(
                ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={load}"], capture_output=True, text=True
            )
            if done.returncode != 0:
                raise RuntimeError(f"Virtuoso's bulk load failed: {(done.stdout + done.stderr).strip()[-500:]}")
            self.load_s = time.perf_counter() - start
        except BaseException:
            self.close()
            raise

    def _wait(self, folder: Path) -> None:
        """Until the server answers on HTTP; an error after 120 s or if it stops."""
        deadline = time.monotonic() + 120
        while True:
            try:
                self.select("ASK {}")
                return
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"Virtuoso did not start; see {folder / 'server.log'}") from None
                time.sleep(0.5)

    def select(self, text: str) -> dict[str, Any]:
        """The SPARQL JSON answer to ``text`` on :data:`GRAPH`; an HTTP error raises with Virtuoso's message."""
        body = urllib.parse.urlencode({"query": text, "default-graph-uri": GRAPH}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.http_port}/sparql",
            data=body,
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=3600) as response:
            return json.loads(response.read())

    def run(self, text: str, runs: int) -> dict[str, Any]:
        """``{"ms": [...], "answer": {...}}`` or ``{"error": ...}``."""
        times = []
        try:
            for _ in range(runs):
                start = time.perf_counter()
                answer = self.select(text)
                times.append((time.perf_counter() - start) * 1000)
        except urllib.error.HTTPError as exc:
            message = exc.read().decode("utf-8", "replace").strip().splitlines()
            refused = (message or [str(exc)])[0][:200]
            if remote.sort_refusal(refused):
                return self.sorted_here(text, runs, refused)
            return {"error": refused}
        return {"ms": times, "answer": answer}

    def sorted_here(self, text: str, runs: int, refused: str) -> dict[str, Any]:
        """Rows too long for Virtuoso to sort, through :func:`wpskg.remote.run_text`, which sorts them here."""
        url = f"http://127.0.0.1:{self.http_port}/sparql?" + urllib.parse.urlencode({"default-graph-uri": GRAPH})
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            variables, rows = remote.run_text(text, url, timeout=3600, max_rows=10**8)
            times.append((time.perf_counter() - start) * 1000)
        return {"ms": times, "variables": variables, "rows": rows, "refused": refused}

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def synthetic(repo: Project, folder: Path, plans: int, seed: int) -> tuple[Graph, Path]:
    """``plans`` synthetic plans with the ontology, inferred, and the same triples as N-Triples in ``folder``."""
    data = folder / "synth.ttl"
    synth.write(data, plans, seed, 0)
    graph = load_project(repo, with_instances=False, extra=[data])
    infer(graph)
    everything = folder / "all.nt"
    everything.write_bytes(graph.to_ntriples())
    return graph, everything


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Every engine on every stored query without parameters: ``queries`` is ``{query: {engine: figures}}``."""
    repo = Project.locate(Path(__file__).resolve().parents[1])
    with tempfile.TemporaryDirectory(prefix="wpskg-engines-") as tmp:
        folder = Path(tmp)
        graph, everything = synthetic(repo, folder, args.plans, args.seed)
        stored = queries.load_queries(repo.query_dir)
        stored = {n: q for n, q in stored.items() if not any(p.required for p in q.params)}
        server = Virtuoso(folder / "virtuoso", everything) if args.virtuoso else None
        results: dict[str, Any] = {"triples": len(graph), "plans": args.plans, "queries": {}}
        if server is not None:
            results["virtuoso_load_s"] = round(server.load_s, 1)
        try:
            for name, query in sorted(stored.items()):
                times, run = oxigraph(graph, query, args.runs)
                variables, reference, text = list(run.result.variables), values(run.result.rows), run.text
                entry: dict[str, Any] = {"oxigraph": {"ms": round(statistics.median(times), 1), "rows": len(reference)}}
                others = {}
                if args.maplib_python:
                    others["maplib"] = maplib(args.maplib_python, everything, text, args.runs, folder)
                if server is not None:
                    others["virtuoso"] = server.run(text, args.runs)
                for engine, got in others.items():
                    if "error" in got:
                        entry[engine] = {"error": got["error"]}
                        continue
                    if "answer" in got:
                        rows = json_rows(got["answer"], variables)
                    else:  # sorted here (Virtuoso.sorted_here): the rows of wpskg.remote.run_text
                        rows = values(got["rows"]) if got["variables"] == variables else []
                    entry[engine] = {"ms": round(statistics.median(got["ms"]), 1), "rows": len(rows)}
                    entry[engine]["same"] = compare(rows, reference)
                    if "refused" in got:
                        entry[engine]["sorted_here"] = got["refused"]
                results["queries"][name] = entry
                print(line(name, entry), flush=True)
        finally:
            if server is not None:
                server.close()
    return results


def line(name: str, entry: dict[str, Any]) -> str:
    """One row of the printed table."""
    base = entry["oxigraph"]["ms"]
    cells = [f"{name:16s}", f"{base:9.1f}"]
    for engine in ("maplib", "virtuoso"):
        got = entry.get(engine)
        if got is None:
            continue
        if "error" in got:
            cells.append(f"{engine}: error: {got['error'][:70]}")
        elif got["same"].startswith("same rows"):
            here = ", sorted by wpskg" if "sorted_here" in got else ""
            ratio = base / max(got["ms"], 0.001)
            cells.append(f"{engine}: {got['ms']:9.1f} ms ({ratio:5.2f}× as fast), {got['same']}{here}")
        else:  # a wrong answer's speed means nothing
            cells.append(f"{engine}: {got['ms']:9.1f} ms, wrong answer: {got['same']}")
    return "  ".join(cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="runs of each query (the median is reported)")
    parser.add_argument("--maplib-python", help="a Python interpreter that has maplib installed")
    parser.add_argument("--no-virtuoso", dest="virtuoso", action="store_false", help="leave Virtuoso out")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    if args.virtuoso and not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        print("virtuoso-t and isql-vt are not installed: Virtuoso left out", file=sys.stderr)
        args.virtuoso = False
    print(f"{'query':16s} {'oxigraph ms':>9s}  other engines (ratio: pyoxigraph's time over theirs)")
    results = measure(args)
    if args.json:
        write_text(args.json, json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
