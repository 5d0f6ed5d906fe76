"""wpskg: a knowledge graph of the Women, Peace and Security agenda.

The public API:

- :class:`Project` finds a data project (``ontology/``, ``instances/``, ``shapes/``, ``queries/``),
  or gives wpskg's own (:meth:`Project.stock`);
- :func:`load_project` loads it into the embedded pyoxigraph store, and :func:`infer` adds what the
  stored queries and shapes read (a funding's plan and themes, the classes of each thing);
- :func:`validate` checks it against the SHACL shapes and ``*-violation.rq`` checks;
- :func:`build` writes the merged, validated graph to ``dist/``;
- :func:`export` publishes it, validated, with DCAT-AP metadata for open-data portals;
- :func:`load_queries` and :func:`run_query` run the stored queries on an inferred graph.

>>> from wpskg import Project, infer, load_project, load_queries, run_query
>>> project = Project.stock()  # wpskg's own data; Project.locate() finds the project you are in
>>> graph = load_project(project)
>>> added = infer(graph)
>>> answer = run_query(load_queries(project.query_dir)["funders"], graph, {"country": "ML", "theme": "gbv"})
>>> answer.result.variables[:3]
['funding', 'funder', 'recipient']
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import BuildFailed, build
    from .errors import InputError, ParameterError, QueryError, QueryTimeout, WpskgError
    from .export import export
    from .project import Project
    from .queries import load_queries
    from .queries import run as run_query
    from .store import Graph, infer, load_project
    from .validate import Problem, Report, validate

# The public names and the modules that define them, imported on first use (PEP 562), so that
# ``wpskg --help`` starts fast and a Ctrl-C while the command starts is the CLI's to report.
_PUBLIC = {
    "BuildFailed": ("build", "BuildFailed"),
    "build": ("build", "build"),
    "InputError": ("errors", "InputError"),
    "ParameterError": ("errors", "ParameterError"),
    "QueryError": ("errors", "QueryError"),
    "QueryTimeout": ("errors", "QueryTimeout"),
    "WpskgError": ("errors", "WpskgError"),
    "export": ("export", "export"),
    "Project": ("project", "Project"),
    "load_queries": ("queries", "load_queries"),
    "run_query": ("queries", "run"),
    "Graph": ("store", "Graph"),
    "infer": ("store", "infer"),
    "load_project": ("store", "load_project"),
    "Problem": ("validate", "Problem"),
    "Report": ("validate", "Report"),
    "validate": ("validate", "validate"),
}


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        module, attribute = _PUBLIC[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attribute)
        globals()[name] = value  # once imported, a plain attribute
        return value
    try:  # a submodule not imported yet (wpskg.store), as the eager package gave them
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module 'wpskg' has no attribute {name!r}") from None


class _Package(types.ModuleType):
    """``build``, ``export`` and ``validate`` name both a function and a submodule: importing the
    submodule sets the package's attribute to the module, which would then hide the function."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _PUBLIC and isinstance(value, types.ModuleType):
            return  # wpskg.validate stays the function; the module is sys.modules["wpskg.validate"]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


__version__ = "0.4.0"

__all__ = [
    "BuildFailed",
    "Graph",
    "InputError",
    "ParameterError",
    "Problem",
    "Project",
    "QueryError",
    "QueryTimeout",
    "Report",
    "WpskgError",
    "__version__",
    "build",
    "export",
    "infer",
    "load_project",
    "load_queries",
    "run_query",
    "validate",
]
