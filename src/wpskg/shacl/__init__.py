"""SHACL validation compiled to SPARQL and run on pyoxigraph.

:func:`validate` returns the same :class:`~wpskg.validate.Problem` s as the
reference path (:func:`wpskg.validate.pyshacl_problems`), many times faster.
SHACL Core and SHACL-SPARQL constraints (``sh:sparql`` with ``sh:select``)
are compiled to SPARQL SELECT queries; a shape that uses anything else
(see :data:`UNSUPPORTED`) is validated by pySHACL, and a warning names it.
"""

from __future__ import annotations

from ..store import Graph
from ..validate import Problem
from .engine import Run, validate_run

#: What the compiler does not handle; shapes that use these fall back to pySHACL.
UNSUPPORTED = (
    "SPARQL-based constraint components (sh:ConstraintComponent with validators)",
    "SHACL Advanced Features (sh:target, sh:rule, sh:expression, node expressions)",
    "sh:sparql inside a nested shape (sh:node, sh:not, sh:and, sh:or, sh:xone, qualified shapes)",
    "sh:sparql queries that use $shapesGraph, MINUS, VALUES, SERVICE or a sub-SELECT without $this",
    "recursive shapes",
    "blank nodes as constraint parameters or sh:targetNode",
    "nested sh:minCount / sh:maxCount / qualified counts above 4 (top-level counts have no limit)",
    "ill-formed literals of datatypes pyoxigraph cannot cast (xsd:string family, anyURI, ...)",
    "sh:datatype where the data holds literals of types derived from xsd:integer (pyoxigraph stores "
    "them as xsd:integer): such shapes go to pySHACL, which reads the literals as written",
    "exact lexical forms: sh:pattern, sh:minLength, sh:maxLength, sh:in and sh:hasValue see pyoxigraph's "
    "canonical form of numeric, boolean, dateTime and duration literals (1.50 is read as 1.5)",
)

__all__ = ["UNSUPPORTED", "Run", "validate", "validate_run"]


def validate(data: Graph, shapes: Graph) -> list[Problem]:
    """Validate ``data`` against ``shapes``; the problems are those of ``pyshacl_problems``."""
    return validate_run(data, shapes).problems
