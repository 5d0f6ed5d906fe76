"""Curators' quick check: every wps:quote in the given Turtle files appears in its source.

Usage: python scripts/check_quotes.py instances/<folder>/*.ttl
(The full checks run in the test suite; this is a fast pre-check.)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import rdflib

WPS = rdflib.Namespace("https://w3id.org/wpskg/ont#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
ROOT = Path(__file__).resolve().parent.parent


def variants(text: str) -> tuple[str, str]:
    """The text with whitespace collapsed, line-break hyphens joined or kept."""
    marked = re.sub(r"-[ \t]*\r?\n\s*", "\u00ad", text)
    flat = re.sub(r"\s+", " ", marked)
    return flat.replace("\u00ad", ""), flat.replace("\u00ad", "-")


def main(paths: list[str]) -> int:
    g = rdflib.Graph()
    for p in paths:
        g.parse(p, format="turtle")
    bad = 0
    for claim, quote in g.subject_objects(WPS.quote):
        doc = g.value(claim, PROV.wasDerivedFrom)
        stem = str(doc).rsplit("/", 1)[-1]
        text = (ROOT / "sources" / f"{stem}.txt").read_text(encoding="utf-8")
        q = re.sub(r"\s+", " ", str(quote)).strip()
        if not any(q in v for v in variants(text)):
            bad += 1
            print(f"NOT FOUND {claim}: {q[:100]}")
    print(f"{bad} quote(s) not found")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
