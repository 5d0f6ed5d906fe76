"""The network audit hook: loopback and named endpoints pass, everything else is blocked before a packet.

An audit hook cannot be removed, so every test that installs it runs in a
subprocess; the pytest process is never guarded by these tests. Only loopback
addresses and TEST-NET-1 (192.0.2.0/24, which the hook refuses before any
packet leaves) are named, so nothing here touches the real network.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from wpskg import netguard
from wpskg.errors import QueryError
from wpskg.netguard import Policy, is_loopback
from wpskg.sparql_guard import check_query

ROOT = Path(__file__).resolve().parent.parent


def guarded(code: str, *, env: dict[str, str] | None = None, timeout: float = 60) -> dict:
    """Run ``code`` in a fresh interpreter; it must print one JSON object as its last line."""
    full_env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


PROBES = """
import json, socket, urllib.request
from wpskg import netguard
from wpskg.netguard import NetworkBlocked

def attempt(func):
    try:
        func()
        return "ok"
    except NetworkBlocked:
        return "blocked"
    except Exception as exc:
        cause = exc
        while cause is not None:
            if isinstance(cause, NetworkBlocked):
                return "blocked"
            cause = cause.__cause__ or cause.__context__ or getattr(cause, "reason", None)
        return "error: " + type(exc).__name__
"""


# --------------------------------------------------------------------------- the policy, in process


def test_loopback_names_and_addresses() -> None:
    assert all(
        is_loopback(h)
        for h in (
            "127.0.0.1",
            "127.8.9.1",
            "::1",
            "[::1]",
            "localhost",
            "LOCALHOST.",
            "::ffff:127.0.0.1",
            "0.0.0.0",
            "::",
            None,
            "app.localhost",
        )
    )
    assert not any(
        is_loopback(h)
        for h in ("10.0.0.1", "192.0.2.1", "example.org", "localhost.example.org", "::ffff:192.0.2.1", "2001:db8::1")
    )


def test_policy_allows_only_the_endpoint_host_and_port() -> None:
    p = Policy.for_endpoints(["https://sparql.example.org/sparql", None, "http://10.1.2.3:8890/sparql"])
    assert p.host_allowed("sparql.example.org") and p.address_allowed("sparql.example.org", 443)
    assert not p.address_allowed("sparql.example.org", 80)
    assert p.address_allowed("10.1.2.3", 8890) and not p.address_allowed("10.1.2.3", 22)
    assert not p.host_allowed("evil.example.org") and not p.address_allowed("192.0.2.1", 443)
    assert p.url_allowed("https://sparql.example.org/sparql?query=ASK%7B%7D")
    assert not p.url_allowed("http://sparql.example.org/sparql")  # port 80 was not named
    assert not p.url_allowed("file:///etc/passwd") and not p.url_allowed("ftp://sparql.example.org/")


def test_bare_host_allows_every_port_and_loopback_can_be_switched_off() -> None:
    p = Policy.for_endpoints(["db.internal"], allow_loopback=False)
    assert p.address_allowed("db.internal", 1) and p.address_allowed("db.internal", 65535)
    assert not p.host_allowed("localhost") and not p.address_allowed("127.0.0.1", 8000)


def test_proxy_is_allowed_only_for_an_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", "http://proxy.corp:3128")
    monkeypatch.setenv("https_proxy", "http://proxy.corp:3128")
    monkeypatch.delenv("no_proxy", raising=False)
    assert not Policy.for_endpoints([]).address_allowed("proxy.corp", 3128)
    p = Policy.for_endpoints(["https://sparql.example.org/sparql"])
    assert p.address_allowed("proxy.corp", 3128)
    assert not p.url_allowed("http://evil.example.org/")  # urllib still checks the real URL


# --------------------------------------------------------------------------- the hook, in a subprocess


def test_guard_blocks_outbound_sockets_but_not_loopback(rec) -> None:
    out = guarded(
        PROBES
        + f"""
netguard.install()
s = socket.socket()
results = {{
    "loopback_ip": attempt(lambda: urllib.request.urlopen("{rec.url}a", timeout=5).read()),
    "loopback_name": attempt(lambda: urllib.request.urlopen("http://localhost:{rec.port}/b", timeout=5).read()),
    "connect": attempt(lambda: s.connect(("192.0.2.1", 80))),
    "connect_v6": attempt(lambda: socket.socket(socket.AF_INET6).connect(("2001:db8::1", 80))),
    "dns": attempt(lambda: socket.getaddrinfo("example.org", 443)),
    "gethostbyname": attempt(lambda: socket.gethostbyname("example.org")),
    "udp": attempt(lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.1", 53))),
    "urllib_remote": attempt(lambda: urllib.request.urlopen("http://192.0.2.1/", timeout=5)),
    "urllib_file": attempt(lambda: urllib.request.urlopen("file:///etc/hostname")),
    "unix": attempt(lambda: socket.socketpair()),
}}
results["blocked"] = len(netguard.installed().blocked)
print(json.dumps(results))
"""
    )
    assert out["loopback_ip"] == "ok" and out["loopback_name"] == "ok" and out["unix"] == "ok"
    for probe in ("connect", "connect_v6", "dns", "gethostbyname", "udp", "urllib_remote", "urllib_file"):
        assert out[probe] == "blocked", (probe, out)
    assert out["blocked"] >= 7
    assert len(rec.requests) == 2


def test_sparqlwrapper_reaches_the_allowed_endpoint_and_nothing_else(rec) -> None:
    """Loopback is switched off here, so only the named endpoint (resolved from its name) passes."""
    out = guarded(
        PROBES
        + f"""
from SPARQLWrapper import JSON, SPARQLWrapper
netguard.install(["http://localhost:{rec.port}/sparql"], allow_loopback=False)

def ask(url):
    w = SPARQLWrapper(url)
    w.setQuery("SELECT * WHERE {{ ?s ?p ?o }}")
    w.setReturnFormat(JSON)
    w.setTimeout(5)
    return w.query().convert()

print(json.dumps({{
    "endpoint": attempt(lambda: ask("http://localhost:{rec.port}/sparql")),
    "other_port": attempt(lambda: ask("http://localhost:1/sparql")),
    "other_host": attempt(lambda: ask("http://192.0.2.1:{rec.port}/sparql")),
}}))
"""
    )
    assert out == {"endpoint": "ok", "other_port": "blocked", "other_host": "blocked"}
    assert [r.split()[1].split("?")[0] for r in rec.requests] == ["/sparql"]


def test_rdflib_service_and_remote_context_are_blocked_by_the_hook() -> None:
    """The second line of defence catches what rdflib fetches through urllib."""
    out = guarded(
        PROBES
        + """
import rdflib
netguard.install()
doc = '{"@context": "http://192.0.2.1/ctx.jsonld", "@id": "http://e/a", "name": "x"}'
print(json.dumps({
    "service": attempt(lambda: list(rdflib.Graph().query(
        "SELECT * WHERE { SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } }"))),
    "from": attempt(lambda: list(rdflib.Dataset().query(
        "SELECT * FROM <http://192.0.2.1/data.ttl> WHERE { ?s ?p ?o }"))),
    "jsonld_context": attempt(lambda: rdflib.Graph().parse(data=doc, format="json-ld")),
    "blocked": netguard.installed().blocked,
}))
"""
    )
    assert out["service"] == "blocked" and out["from"] == "blocked" and out["jsonld_context"] == "blocked", out
    assert all("192.0.2.1" in b for b in out["blocked"])


def test_cli_installs_the_guard_with_its_endpoint() -> None:
    out = guarded(
        f"""
import json
from wpskg import cli, netguard
code = cli.main(["sparql", "--project", {str(ROOT)!r}, "--endpoint", "http://localhost:1/sparql",
                 "--timeout", "5", "ASK {{ ?s ?p ?o }}"])
policy = netguard.installed()
print(json.dumps({{"code": code, "hosts": {{h: sorted(p) for h, p in policy.hosts.items()}}}}))
"""
    )
    assert out["hosts"] == {"localhost": [1]}
    assert out["code"] != 0  # nothing listens on port 1


def test_audit_hook_cannot_see_pyoxigraph_sockets_so_service_is_refused_lexically(rec) -> None:
    """pyoxigraph's HTTP client is Rust: the hook never hears of it. This is why the guard refuses SERVICE."""
    query = f"SELECT * WHERE {{ SERVICE <{rec.url}sparql> {{ ?s ?p ?o }} }}"
    out = guarded(
        f"""
import json
import pyoxigraph as ox
from wpskg import netguard
netguard.install(allow_loopback=False)
try:
    list(ox.Store().query({query!r}))
except Exception:
    pass
print(json.dumps({{"blocked": netguard.installed().blocked}}))
"""
    )
    assert out["blocked"] == [] and len(rec.requests) == 1  # the hook saw nothing, the call went out
    with pytest.raises(QueryError, match="SERVICE is refused"):
        check_query(query)


def test_isolated_worker_cannot_reach_even_loopback(rec) -> None:
    """netguard.isolate() in a forked worker stops pyoxigraph's own client too (where namespaces are allowed)."""
    out = guarded(
        f"""
import json, os
import pyoxigraph as ox
from wpskg import netguard
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    ok = netguard.isolate()
    try:
        list(ox.Store().query("SELECT * WHERE {{ SERVICE <{rec.url}sparql> {{ ?s ?p ?o }} }}"))
    except Exception:
        pass
    os.write(w, b"1" if ok else b"0")
    os._exit(0)
os.waitpid(pid, 0)
print(json.dumps({{"isolated": os.read(r, 1) == b"1"}}))
"""
    )
    if not out["isolated"]:
        pytest.skip("unprivileged user and network namespaces are not available here")
    assert rec.requests == []


def test_installed_is_none_in_this_process_until_the_cli_runs() -> None:
    """Importing wpskg never installs the hook by itself."""
    out = guarded("import json, wpskg.netguard as n, wpskg.store, wpskg.loaders; print(json.dumps(n.installed()))")
    assert out is None
    assert {"socket.connect", "socket.getaddrinfo", "urllib.Request"} <= netguard.EVENTS


def test_isolation_probe_says_whether_a_worker_can_be_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """``wpskg serve`` warns at its start when it cannot (before, a failed isolate() was silent)."""
    netguard.isolation_works()
    # the probe isolated its child, not this process: in an empty namespace loopback is down
    with socket.create_server(("127.0.0.1", 0)) as still_here:
        assert still_here.getsockname()[0] == "127.0.0.1"
    monkeypatch.setattr(netguard, "isolate", lambda: False)
    assert netguard.isolation_works() is False
    monkeypatch.setattr(netguard, "isolate", lambda: True)
    assert netguard.isolation_works() is True
