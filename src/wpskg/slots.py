"""Slots: the ``VALUES ?name { UNDEF }`` blocks of a stored query that its parameters and pages fill.

An empty slot joins one row that binds nothing, so the query runs as if the
variable were free; a filled one restricts the variable to its terms.

>>> text = "SELECT ?f WHERE { VALUES ?f { UNDEF } ?f ?p ?o }"
>>> has(text, "f"), has(text, "g")
(True, False)
>>> fill(text, "f", ["<https://example.org/a>", "<https://example.org/b>"])
'SELECT ?f WHERE { VALUES ?f { <https://example.org/a> <https://example.org/b> } ?f ?p ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def pattern(name: str) -> re.Pattern[str]:
    """The empty slot of the variable ``name``, with any spacing."""
    return re.compile(rf"VALUES\s+\?{re.escape(name)}\s*\{{\s*UNDEF\s*\}}")


def has(text: str, name: str) -> bool:
    """Whether ``text`` has an empty slot for ``name``."""
    return pattern(name).search(text) is not None


def fill(text: str, name: str, terms: Sequence[str]) -> str:
    """``text`` with every empty slot of ``name`` holding ``terms`` (already written as SPARQL)."""
    replacement = f"VALUES ?{name} {{ {' '.join(terms)} }}"
    return pattern(name).sub(lambda _m: replacement, text)
