"""A second line of defence: an audit hook that keeps the process off the network.

Once :func:`install` has run, the audit events that Python raises before it
resolves a name or opens a connection (``socket.getaddrinfo``,
``socket.connect``, ``socket.sendto``, ``urllib.Request``, …) are checked, and
any that would reach a host other than loopback or an endpoint the user named
raise :class:`NetworkBlocked` before a packet is sent. ``urllib`` may not open
``file:`` URLs either. This catches what a library might fetch behind our back
(rdflib's SERVICE and FROM, remote JSON-LD contexts, ``owl:imports``).

Limits: an audit hook cannot be removed, so it is installed for the life of the
process (tests run it in a subprocess); and it only sees sockets that Python
opens. pyoxigraph's SERVICE client is written in Rust and is invisible to it,
which is why :mod:`wpskg.sparql_guard` refuses SERVICE before evaluation.

>>> p = Policy.for_endpoints(["http://example.org:8890/sparql"])
>>> p.host_allowed("example.org"), p.host_allowed("evil.example"), p.host_allowed("127.0.0.1")
(True, False, True)
>>> p.url_allowed("file:///etc/passwd"), p.url_allowed("http://example.org:8890/sparql?query=x")
(False, True)
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import WpskgError

#: The audit events that name a host or a URL.
EVENTS = frozenset(
    {
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
        "socket.connect",
        "socket.sendto",
        "socket.sendmsg",
        "urllib.Request",
    }
)
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
#: Stands for "every port" in :attr:`Policy.hosts`.
ANY_PORT = -1


class NetworkBlocked(WpskgError, PermissionError):
    """A connection or name lookup that the guard refused."""


def _norm_host(host: object) -> str | None:
    if host is None:
        return None
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode("ascii", "replace")
    text = str(host).strip().lower().rstrip(".")
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return text.split("%", 1)[0]  # an IPv6 scope id


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` names this machine (loopback, or the unspecified address).

    >>> [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1", "10.0.0.1")]
    [True, True, True, True, False]
    """
    host = _norm_host(host)
    if host in (None, ""):
        return True  # a passive lookup (getaddrinfo(None, port)) for a local bind
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_loopback or address.is_unspecified


def _port(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("ascii", "replace")
    if isinstance(value, str):
        if value.isdigit():
            return int(value)
        return _DEFAULT_PORTS.get(value.lower())
    return None


@dataclass
class Policy:
    """Which hosts and ports the process may reach, besides loopback."""

    hosts: dict[str, set[int]] = field(default_factory=dict)
    resolved: dict[str, set[int]] = field(default_factory=dict)
    allow_loopback: bool = True
    blocked: list[str] = field(default_factory=list)

    @classmethod
    def for_endpoints(cls, allow: Iterable[str | None] = (), *, allow_loopback: bool = True) -> Policy:
        """A policy allowing each URL (or bare host) in ``allow``; ``None`` entries are skipped."""
        policy = cls(allow_loopback=allow_loopback)
        for item in allow:
            if item:
                policy.allow(item)
        return policy

    def allow(self, endpoint: str) -> None:
        """Allow a URL's host and port (or every port of a bare host name)."""
        if "://" in endpoint:
            parts = urllib.parse.urlsplit(endpoint)
            host = _norm_host(parts.hostname)
            try:
                port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
            except ValueError:
                port = None
            if not host:
                return
            ports = self.hosts.setdefault(host, set())
            if port is not None:
                ports.add(port)
            if parts.scheme.lower() in _DEFAULT_PORTS:
                self._allow_proxy(parts.scheme.lower(), host)
        else:
            host = _norm_host(endpoint)
            if host:
                self.hosts.setdefault(host, set()).add(ANY_PORT)

    def _allow_proxy(self, scheme: str, host: str) -> None:
        """The configured HTTP(S) proxy, so that an endpoint behind it stays reachable."""
        proxies = urllib.request.getproxies()
        if scheme not in proxies or urllib.request.proxy_bypass(host):
            return
        url = proxies[scheme] if "://" in proxies[scheme] else "http://" + proxies[scheme]
        proxy = urllib.parse.urlsplit(url)
        if proxy.hostname:
            self.hosts.setdefault(_norm_host(proxy.hostname) or "", set()).add(proxy.port or 80)

    def host_allowed(self, host: object) -> bool:
        """Whether a name lookup of ``host`` may happen."""
        name = _norm_host(host) or ""
        if is_loopback(name) and self.allow_loopback:
            return True
        return name in self.hosts or name in self.resolved

    def address_allowed(self, host: object, port: object) -> bool:
        """Whether a connection to ``(host, port)`` may be opened."""
        name = _norm_host(host) or ""
        if is_loopback(name) and self.allow_loopback:
            return True
        number = _port(port)
        for ports in (self.hosts.get(name), self.resolved.get(name)):
            if ports is not None and (ANY_PORT in ports or number in ports):
                return True
        return False

    def url_allowed(self, url: str) -> bool:
        """Whether ``urllib`` may open ``url``."""
        parts = urllib.parse.urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return True
        if scheme not in _DEFAULT_PORTS:
            return False
        try:
            port = parts.port or _DEFAULT_PORTS[scheme]
        except ValueError:
            return False
        return self.address_allowed(parts.hostname, port)

    def learn(self, host: str) -> None:
        """Remember the addresses an allowed host name resolves to, with its ports."""
        ports = self.hosts.get(host, set())
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except OSError:
            return
        for info in infos:
            address = _norm_host(info[4][0]) or ""
            self.resolved.setdefault(address, set()).update(ports)


_lock = threading.Lock()
_state = threading.local()
_policy: Policy | None = None


def _refuse(what: str) -> None:
    assert _policy is not None
    message = f"network access to {what} is blocked: only loopback and --endpoint are allowed"
    _policy.blocked.append(what)
    raise NetworkBlocked(message)


def _hook(event: str, args: tuple) -> None:
    if event not in EVENTS:
        return
    policy = _policy
    if policy is None or getattr(_state, "busy", False):
        return
    if event == "socket.getaddrinfo":
        host = args[0]
        if not policy.host_allowed(host):
            _refuse(f"{_norm_host(host)} (name lookup)")
        name = _norm_host(host)
        if name and name in policy.hosts:
            _state.busy = True
            try:
                policy.learn(name)
            finally:
                _state.busy = False
    elif event in ("socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr"):
        if not policy.host_allowed(args[0]):
            _refuse(f"{_norm_host(args[0])} (name lookup)")
    elif event == "socket.getnameinfo":
        sockaddr = args[0]
        if isinstance(sockaddr, tuple) and sockaddr and not policy.host_allowed(sockaddr[0]):
            _refuse(f"{_norm_host(sockaddr[0])} (reverse lookup)")
    elif event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[1] if len(args) > 1 else None
        # AF_UNIX paths, socketpairs and netlink addresses are local.
        inet = isinstance(address, tuple) and len(address) >= 2 and isinstance(address[0], str)
        if inet and not policy.address_allowed(address[0], address[1]):
            _refuse(f"{_norm_host(address[0])}:{address[1]}")
    elif event == "urllib.Request":
        url = str(args[0])
        if not policy.url_allowed(url):
            _refuse(url)


def install(allow: Iterable[str | None] = (), *, allow_loopback: bool = True) -> Policy:
    """Block the network for the rest of the process, except loopback and ``allow``.

    ``allow`` holds endpoint URLs (their host and port are allowed) or bare
    host names; ``None`` entries are skipped, so ``install([args.endpoint])``
    works whether or not an endpoint was given. Calling it again adds to what
    is allowed. Returns the policy in force.
    """
    global _policy
    with _lock:
        if _policy is None:
            _policy = Policy.for_endpoints(allow, allow_loopback=allow_loopback)
            sys.addaudithook(_hook)
        else:
            for item in allow:
                if item:
                    _policy.allow(item)
            _policy.allow_loopback = _policy.allow_loopback and allow_loopback
        return _policy


def installed() -> Policy | None:
    """The policy in force, or ``None`` if the guard is not installed."""
    return _policy


def install_for_cli(args: object) -> Policy:
    """Install the guard for parsed ``wpskg`` arguments (their ``--endpoint``, ``--host``)."""
    return install([getattr(args, "endpoint", None), getattr(args, "host", None)])


def isolate() -> bool:
    """Best effort: cut this process off every network, loopback included; True if it worked.

    Moves the process into a fresh Linux user and network namespace with no
    interface up. Meant for a forked query worker, before it evaluates: it
    stops what the audit hook cannot see, such as pyoxigraph's own HTTP client.
    The process must be single-threaded (a fresh fork is); elsewhere, or where
    unprivileged namespaces are disabled, nothing changes and False is returned.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(clone_newuser | clone_newnet) == 0
    except (OSError, AttributeError):
        return False


def isolation_works() -> bool:
    """Whether :func:`isolate` works on this machine, tried in a forked child; this process stays as it is.

    A server says so at its start when it does not: its query workers then
    have only the query guard and the audit hook between them and the network.
    """
    if not sys.platform.startswith("linux"):
        return False
    import os
    import time

    pid = os.fork()
    if pid == 0:  # the child: try, and say how it went by its exit status
        os._exit(0 if isolate() else 1)
    deadline = time.monotonic() + 10.0
    while (done := os.waitpid(pid, os.WNOHANG))[0] == 0:
        if time.monotonic() > deadline:  # a child that hangs (a lock held at fork time): say it does not work
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return False
        time.sleep(0.005)
    status = done[1]
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
