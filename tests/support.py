"""Helpers shared by several test modules (importable because pytest puts tests/ on sys.path)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _script(name: str, path: Path) -> ModuleType:
    """The script at ``path`` imported as the module ``name`` (once)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def fuzz_module() -> ModuleType:
    """fuzz/wpskg_fuzz.py: the fuzz targets, their strategies and the loopback recorder."""
    return _script("wpskg_fuzz", ROOT / "fuzz" / "wpskg_fuzz.py")


def engines_module() -> ModuleType:
    """benchmarks/engines.py: the other-engines benchmark, and the Virtuoso settings the tests share with it."""
    return _script("wpskg_engines", ROOT / "benchmarks" / "engines.py")


def venv_tool(name: str) -> str | None:
    """The console script ``name`` installed beside this interpreter, else the one on PATH.

    CI runs ``.venv/bin/python -m pytest`` without the venv's ``bin/`` on PATH, so
    tools that ``pip install -e '.[test]'`` brings (oxigraph, pre-commit) are looked
    up next to ``sys.executable`` first.
    """
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def in_words(n: int) -> str:
    """A count from one to twenty as the README writes it.

    >>> in_words(7), in_words(15)
    ('seven', 'fifteen')
    """
    words = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ]
    return words[n - 1]


def http(
    url: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    """A request with urllib: (status, headers, body), errors included."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def filled_dcat(text: str, domain: str = "dfa.ie") -> str:
    """A ``dcat.ttl`` of ``wpskg init``'s template as a publisher fills it in: its ``.example``
    placeholders on ``domain``, its marked choices made (the suggestion kept, the comment deleted)."""
    return re.sub(r"[ \t]*# TEMPLATE:.*", "", text.replace("ministry.example", domain))
