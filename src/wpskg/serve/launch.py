"""Start ``wpskg serve`` in a subprocess on a free loopback port, for tests and benchmarks.

>>> port = free_port()
>>> 1024 <= port <= 65535
True
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import WpskgError


def free_port(host: str = "127.0.0.1", port: int = 0) -> int:
    """``port`` if it is free on ``host`` right now, or for 0 a port that is; :class:`WpskgError`
    when nothing can listen there (in use, or not an address of this machine)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise WpskgError(f"cannot serve on {host} port {port}: {exc.strerror or exc}") from None
        return int(probe.getsockname()[1])


@dataclass
class RunningServer:
    """A server process and where it answers."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def output(self) -> str:
        """What the server wrote so far (stdout and stderr)."""
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""


def _wait_ready(server: RunningServer, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"wpskg serve exited with {server.process.returncode}:\n{server.output()}")
        try:
            with urllib.request.urlopen(server.url + "health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"wpskg serve did not answer within the start-up time:\n{server.output()}")


def stop(server: RunningServer, grace: float = 5.0) -> None:
    """Stop the server: SIGTERM, then SIGKILL after ``grace`` seconds."""
    terminate(server.process, grace)


def terminate(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """Stop a process: SIGTERM, then SIGKILL after ``grace`` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(grace)


@contextmanager
def serving(
    project: str | os.PathLike[str] | None = None,
    *,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    base_path: str = "/",
    log_dir: Path | None = None,
    startup: float = 60.0,
    options: Sequence[str] = (),
) -> Iterator[RunningServer]:
    """Run ``python -m wpskg serve`` on 127.0.0.1 and a free port; always stopped on exit.

    ``options`` are further arguments of ``wpskg serve`` (``["--no-warm"]``).

    ``base_path`` (``/kg/`` for instance) puts the server under a path of the base URL.
    """
    port = free_port()
    base_url = f"http://127.0.0.1:{port}{base_path if base_path.endswith('/') else base_path + '/'}"
    command = [
        sys.executable,
        "-m",
        "wpskg",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--base-url",
        base_url,
        "--timeout",
        str(timeout),
        "--max-rows",
        str(max_rows),
        *options,
    ]
    if project is not None:
        command[4:4] = ["--project", str(project)]
    log_dir = Path(log_dir) if log_dir else Path(os.environ.get("TMPDIR", "/tmp"))
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"wpskg-serve-{port}.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = RunningServer(process, base_url, log)
    try:
        _wait_ready(server, time.monotonic() + startup)
        yield server
    finally:
        stop(server)
