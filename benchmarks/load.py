"""A bounded load test of ``wpskg serve``: N concurrent clients for D seconds, then latency percentiles.

    python benchmarks/load.py                          # starts a server, 20 clients for 10 s
    python benchmarks/load.py --url http://127.0.0.1:8000/ --clients 50 --duration 30
    python benchmarks/load.py --json load.json         # the figures as JSON too

Each client keeps one HTTP/1.1 connection and cycles through a mix of
requests: SPARQL (GET, POST form, POST direct), a stored query, resource pages
as HTML and Turtle, an index page and the headline page. Any status other than
200, or a connection error, counts as an error. The report gives requests,
errors, throughput and the p50, p90 and p99 latencies (nearest rank), overall
and per request kind. Only the given server is contacted. The server it starts
keeps no answers (``--answer-cache 0``), so that every request runs its query.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

SELECT = (
    "PREFIX wps: <https://w3id.org/wpskg/ont#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?plan ?label WHERE { ?plan a wps:Plan ; rdfs:label ?label } ORDER BY ?plan"
)
ASK = "ASK { <https://w3id.org/wpskg/id/plan/be-wps-nap-3> ?p ?o }"


@dataclass(frozen=True)
class Request:
    """One kind of request in the mix."""

    name: str
    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None


def default_mix() -> list[Request]:
    """The request mix, relative to the base path."""
    return [
        Request(
            "sparql-get",
            "GET",
            "sparql?" + urlencode({"query": SELECT}),
            (("Accept", "application/sparql-results+json"),),
        ),
        Request(
            "sparql-post-form",
            "POST",
            "sparql",
            (("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/csv")),
            urlencode({"query": ASK}).encode(),
        ),
        Request(
            "sparql-post-direct",
            "POST",
            "sparql",
            (("Content-Type", "application/sparql-query"), ("Accept", "application/sparql-results+xml")),
            SELECT.encode(),
        ),
        Request("api-funders", "GET", "api/queries/funders?country=ML&theme=gbv", (("Accept", "application/json"),)),
        Request("page-html", "GET", "id/plan/be-wps-nap-3", (("Accept", "text/html"),)),
        Request("page-turtle", "GET", "id/actor/belgium", (("Accept", "text/turtle"),)),
        Request("index-plans", "GET", "plans?country=BE", (("Accept", "text/html"),)),
        Request("headline", "GET", "funders?country=ML&theme=gbv", (("Accept", "text/html"),)),
        Request(
            "resource-any",
            "GET",
            "resource?iri=" + quote("https://schema.org/funder", safe=""),
            (("Accept", "application/ld+json"),),
        ),
    ]


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values (0 when there are none).

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50), percentile([1.0, 2.0, 3.0, 4.0], 99)
    (2.0, 4.0)
    """
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * pct // 100))
    return sorted_values[int(rank) - 1]


@dataclass
class Report:
    """The outcome of a load run; latencies in milliseconds."""

    url: str
    clients: int
    duration_s: float
    requests: int
    errors: int
    throughput_rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    per_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"load: {self.clients} clients x {self.duration_s:.0f} s on {self.url}: {self.requests} requests, "
            f"{self.errors} errors, {self.throughput_rps:.0f} req/s, p50 {self.p50_ms:.1f} ms, "
            f"p90 {self.p90_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, max {self.max_ms:.1f} ms"
        )


def _client(
    base: str,
    mix: list[Request],
    offset: int,
    deadline: float,
    timeout: float,
    latencies: dict[str, list[float]],
    errors: list[str],
    lock: threading.Lock,
) -> None:
    parts = urlsplit(base)
    prefix = parts.path if parts.path.endswith("/") else parts.path + "/"
    conn: http.client.HTTPConnection | None = None
    i = offset
    local: dict[str, list[float]] = defaultdict(list)
    local_errors: list[str] = []
    while time.monotonic() < deadline:
        req = mix[i % len(mix)]
        i += 1
        if conn is None:
            conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=timeout)
        started = time.perf_counter()
        try:
            conn.request(req.method, prefix + req.path, body=req.body, headers=dict(req.headers))
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                local_errors.append(f"{req.name}: HTTP {response.status}: {body[:200]!r}")
            local[req.name].append(elapsed)
            if response.getheader("connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as exc:
            local_errors.append(f"{req.name}: {type(exc).__name__}: {exc}")
            if conn is not None:
                conn.close()
            conn = None
    if conn is not None:
        conn.close()
    with lock:
        for name, values in local.items():
            latencies[name].extend(values)
        errors.extend(local_errors)


def run_load(
    url: str, clients: int = 20, duration: float = 10.0, timeout: float = 30.0, mix: list[Request] | None = None
) -> Report:
    """Run ``clients`` concurrent clients against ``url`` for ``duration`` seconds."""
    base = url if url.endswith("/") else url + "/"
    mix = mix or default_mix()
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + duration
    threads = [
        threading.Thread(
            target=_client,
            args=(base, mix, n, deadline, timeout, latencies, errors, lock),
            name=f"load-{n}",
            daemon=True,
        )
        for n in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + timeout + 5)
    elapsed = time.monotonic() - started
    everything = sorted(v for values in latencies.values() for v in values)
    per_kind = {}
    for name, values in sorted(latencies.items()):
        values.sort()
        per_kind[name] = {
            "requests": len(values),
            "p50_ms": round(percentile(values, 50), 2),
            "p99_ms": round(percentile(values, 99), 2),
        }
    total = len(everything) + sum(1 for e in errors if "HTTP" not in e)
    return Report(
        url=base,
        clients=clients,
        duration_s=round(elapsed, 2),
        requests=total,
        errors=len(errors),
        throughput_rps=round(total / elapsed, 1) if elapsed else 0.0,
        p50_ms=round(percentile(everything, 50), 2),
        p90_ms=round(percentile(everything, 90), 2),
        p99_ms=round(percentile(everything, 99), 2),
        max_ms=round(everything[-1], 2) if everything else 0.0,
        per_kind=per_kind,
        error_samples=errors[:10],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start one on a free loopback port)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds")
    parser.add_argument("--json", metavar="FILE", help="also write the report as JSON")
    parser.add_argument("--project", help="data project for the started server")
    parser.add_argument(
        "--answer-cache",
        default="0",
        metavar="MIB",
        help="the started server's --answer-cache (default: 0, so that every request runs its query; "
        "128, the server's default, answers a repeated request from memory)",
    )
    args = parser.parse_args(argv)
    if args.url:
        report = run_load(args.url, args.clients, args.duration)
    else:
        from wpskg.serve.launch import serving

        with serving(args.project, options=["--answer-cache", args.answer_cache]) as server:
            report = run_load(server.url, args.clients, args.duration)
    print(report.line())
    for name, stats in report.per_kind.items():
        print(
            f"  {name:20} {stats['requests']:6d} requests  p50 {stats['p50_ms']:8.1f} ms  p99 {stats['p99_ms']:8.1f} ms"
        )
    for sample in report.error_samples:
        print(f"  error: {sample}", file=sys.stderr)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
