"""Reusable query workers (wpskg.workers): reuse, staleness, time limits, dead and orphaned workers."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pyoxigraph as ox
import pytest

from wpskg.errors import AnswerTooLarge, QueryTimeout, RowCapExceeded
from wpskg.store import Graph, Result, infer, run_query
from wpskg.workers import MAX_ROW_BYTES, OverSizeInWorker, WorkerPool, _CappedBuffer, prefault

EX = "https://example.org/"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def quad(s: str, p: str, o: ox.Term) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o)


def numbers(n: int) -> Graph:
    graph = Graph()
    graph.add_quads(quad(f"s{i}", "p", ox.Literal(str(i))) for i in range(n))
    return graph


def count(graph: Graph) -> int:
    return int(run_query(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value)


def test_one_worker_answers_successive_queries() -> None:
    graph = numbers(5)
    assert [count(graph) for _ in range(4)] == [5, 5, 5, 5]
    assert graph.workers().forked == 1


def test_adding_triples_retires_workers_with_the_old_snapshot() -> None:
    graph = numbers(5)
    assert count(graph) == 5
    graph.add_quads([quad("new", "p", ox.Literal("x"))])
    assert count(graph) == 6


def test_inference_retires_workers_with_the_old_snapshot() -> None:
    graph = Graph()
    rdfs = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    graph.add_quads(
        [
            ox.Quad(ox.NamedNode(EX + "x"), ox.NamedNode(rdf_type), ox.NamedNode(EX + "Sub")),
            ox.Quad(ox.NamedNode(EX + "Sub"), ox.NamedNode(rdfs), ox.NamedNode(EX + "Super")),
        ]
    )
    ask = f"ASK {{ <{EX}x> a <{EX}Super> }}"
    assert run_query(graph, ask).boolean is False
    infer(graph)
    assert run_query(graph, ask).boolean is True


def test_a_timed_out_worker_is_killed_and_the_next_query_gets_a_fresh_one() -> None:
    graph = numbers(300)
    assert count(graph) == 300
    with pytest.raises(QueryTimeout):
        run_query(graph, SLOW, timeout=0.3)
    assert count(graph) == 300
    assert graph.workers().forked == 2


def test_a_worker_killed_from_outside_is_replaced() -> None:
    graph = numbers(3)
    assert count(graph) == 3
    pool = graph.workers()
    (worker,) = pool._idle
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.join(5)
    assert count(graph) == 3
    assert pool.forked == 2


def test_a_row_cap_or_a_syntax_error_does_not_cost_the_worker() -> None:
    graph = numbers(20)
    with pytest.raises(Exception, match="more than 5 rows"):
        run_query(graph, "SELECT * WHERE { ?s ?p ?o }", max_rows=5)
    with pytest.raises(Exception, match="syntax error"):
        run_query(graph, "SELEC")
    assert count(graph) == 20
    assert graph.workers().forked == 1


def test_concurrent_queries_each_get_their_own_answer() -> None:
    graph = numbers(50)
    results: dict[int, int] = {}

    def ask(i: int) -> None:
        q = f'SELECT ?s WHERE {{ ?s ?p "{i}" }}'
        rows = run_query(graph, q).rows
        results[i] = int(rows[0][0].value.rsplit("s", 1)[1])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == {i: i for i in range(12)}
    assert len(graph.workers()._idle) <= graph.workers().keep


def test_closing_the_pool_ends_its_idle_workers() -> None:
    store = ox.Store()
    pool = WorkerPool(store)
    assert pool.run("ASK { }") == ("boolean", True)
    (worker,) = pool._idle
    pool.close()
    assert not worker.process.is_alive()


def test_workers_end_when_their_parent_dies_without_closing_them(tmp_path) -> None:
    script = textwrap.dedent(
        """
        import os, sys
        import pyoxigraph as ox
        from wpskg.workers import WorkerPool, prefault
        pool = WorkerPool(ox.Store())
        pool.run("ASK { }")
        print(pool._idle[0].process.pid, flush=True)
        os._exit(0)  # no atexit handlers: the worker is orphaned
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    pid = int(out.stdout.strip())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    pytest.fail("an orphaned query worker kept running")


def test_the_row_cap_stops_a_huge_result_while_it_streams() -> None:
    graph = numbers(1000)  # the four-way product has 10^12 rows: only a streaming cap can answer in time
    start = time.monotonic()
    with pytest.raises(RowCapExceeded, match="more than 10 rows"):
        run_query(graph, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", max_rows=10, timeout=20)
    assert time.monotonic() - start < 20
    assert count(graph) == 1000  # the same worker answers the next query
    assert graph.workers().forked == 1


def test_the_size_cap_stops_an_answer_while_it_streams_and_the_worker_stays() -> None:
    graph = numbers(1000)  # 10^12 rows again: only a streaming cap answers in time
    with pytest.raises(AnswerTooLarge, match="size cap of 1 MiB"):
        run_query(graph, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", max_bytes=1024 * 1024, timeout=20)
    with pytest.raises(AnswerTooLarge, match="size cap of 100 bytes"):  # triples too
        run_query(graph, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", max_bytes=100)
    exact = run_query(graph, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 2")
    assert run_query(graph, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 2", max_bytes=len(exact.data)).rows
    assert count(graph) == 1000 and graph.workers().forked == 1


def test_a_row_too_long_to_read_back_is_a_clear_error() -> None:
    doubled = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(20))  # 16 bytes · 2^20
    query = f'SELECT ?s WHERE {{ BIND("0123456789abcdef" AS ?a0) {doubled} BIND(?a20 AS ?s) }}'
    with pytest.raises(AnswerTooLarge, match="a row of the answer is over 16 MiB"):
        run_query(Graph(), query)
    # the reader's own limit: a row of 16 MiB less 3 bytes fails in it, so the worker stops it first
    near = f'SELECT ?s WHERE {{ BIND("0123456789abcdef" AS ?a0) {doubled} BIND(SUBSTR(?a20, 4) AS ?s) }}'
    with pytest.raises(AnswerTooLarge, match="over 16 MiB"):
        run_query(Graph(), near)
    # and a reader given such a row says so too, not MemoryError
    long_row = b"?s\n" + b'"' + b"a" * (16 * 1024 * 1024) + b'"\n'
    with pytest.raises(AnswerTooLarge, match="over 16 MiB"):
        Result("select", ["s"], data=long_row).rows  # noqa: B018
    shorter = query.replace("?a20 AS ?s", "SUBSTR(?a20, 1, 10) AS ?s")
    assert run_query(Graph(), shorter).rows[0][0].value == "0123456789"


@pytest.mark.parametrize("chunk", [1, 4096, MAX_ROW_BYTES + 10], ids=["bytes", "pages", "one-chunk"])
def test_the_row_length_is_counted_across_and_within_chunks(chunk: int) -> None:
    data = b"?x\n" + b"a" * 10 + b"\n" + b"b" * (MAX_ROW_BYTES + 1) + b"\n" + b"c\n"
    sink = _CappedBuffer(100, header=True)
    with pytest.raises(OverSizeInWorker, match="over 16 MiB"):
        for at in range(0, len(data), chunk):
            sink.write(data[at : at + chunk])
    fits = b"?x\n" + (b"a" * 1000 + b"\n") * 3 + b"b" * MAX_ROW_BYTES + b"\n"
    sink = _CappedBuffer(100, header=True)
    for at in range(0, len(fits), chunk):
        sink.write(fits[at : at + chunk])
    assert b"".join(sink.chunks) == fits


def test_results_keep_every_kind_of_term_and_count_without_parsing() -> None:
    graph = Graph()
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    graph.add_quads(
        [
            ox.Quad(ox.BlankNode("b1"), ox.NamedNode(EX + "p"), ox.Literal("1.5", datatype=decimal)),
            ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal('tab\\t "quote"\nline', language="fr")),
        ]
    )
    result = run_query(graph, "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY STR(?o)")
    assert len(result) == 2
    assert result.rows == [
        [ox.BlankNode("b1"), ox.Literal("1.5", datatype=decimal), None],
        [ox.NamedNode(EX + "a"), ox.Literal('tab\\t "quote"\nline', language="fr"), None],
    ]
    graph_result = run_query(graph, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert len(graph_result) == 2 and {t[0] for t in graph_result.triples} == {
        ox.BlankNode("b1"),
        ox.NamedNode(EX + "a"),
    }


def heap_kb(pid: int) -> tuple[int, int]:
    """The size of process ``pid``'s heap and how much of it is its own (private and written), in kB."""
    size = dirty = 0
    in_heap = False
    with open(f"/proc/{pid}/smaps", encoding="ascii") as fh:
        for line in fh:
            if re.match(r"[0-9a-f]+-[0-9a-f]+ ", line):
                in_heap = line.rstrip().endswith("[heap]")
            elif in_heap and line.startswith("Size:"):
                size += int(line.split()[1])
            elif in_heap and line.startswith("Private_Dirty:"):
                dirty += int(line.split()[1])
    return size, dirty


@pytest.mark.skipif(not os.path.exists("/proc/self/smaps"), reason="needs Linux's /proc")
def test_warm_workers_copy_their_heap_before_their_first_query() -> None:
    if prefault() == 0:  # copies this process's heap, which is its own already
        pytest.skip("the kernel cannot populate memory (MADV_POPULATE_WRITE needs Linux 5.14)")
    graph = numbers(20_000)
    pool = graph.workers()
    assert pool.warm() == pool.keep
    assert pool.warm() == 0  # enough idle workers already
    for pid in pool.idle():
        size, dirty = heap_kb(pid)
        assert dirty >= 0.9 * size, (pid, size, dirty)
    # they answer queries, and no other worker is forked for them
    assert count(graph) == 20_000
    assert pool.forked == pool.keep
    # a worker forked on demand shares its heap with the parent until it writes to it
    cold = WorkerPool(graph.store)
    assert cold.run("ASK { ?s ?p ?o }") == ("boolean", True)
    (pid,) = cold.idle()
    size, dirty = heap_kb(pid)
    assert dirty < 0.5 * size, (pid, size, dirty)
    cold.close()


@pytest.mark.skipif(not os.path.exists("/proc/self/smaps"), reason="needs Linux's /proc")
def test_a_warm_pool_replaces_a_killed_worker_with_a_warm_one() -> None:
    if prefault() == 0:
        pytest.skip("the kernel cannot populate memory (MADV_POPULATE_WRITE needs Linux 5.14)")
    graph = numbers(2_000)
    pool = graph.workers()
    pool.warm()
    before = set(pool.idle())
    with pytest.raises(QueryTimeout):
        pool.run(SLOW, timeout=0.5)
    deadline = time.monotonic() + 30
    while (len(pool.idle()) < pool.keep or set(pool.idle()) == before) and time.monotonic() < deadline:
        time.sleep(0.05)
    fresh = set(pool.idle()) - before
    assert len(pool.idle()) == pool.keep and len(fresh) == 1, (before, pool.idle())
    (pid,) = fresh
    size, dirty = heap_kb(pid)
    assert dirty >= 0.9 * size, (pid, size, dirty)
    assert count(graph) == 2_000


def test_a_closed_pool_keeps_no_worker() -> None:
    graph = numbers(5)
    pool = graph.workers()
    pool.warm()
    pool.close()
    assert pool.idle() == [] and pool.warm() == 0
    assert pool.run("ASK { ?s ?p ?o }") == ("boolean", True)  # a query still runs, in a worker that ends with it
    assert pool.idle() == []
