"""A data project: a folder with ``ontology/``, ``instances/``, ``shapes/`` and ``queries/``."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from . import loaders
from .errors import ParameterError, WpskgError

LAYOUT = ("ontology", "instances", "shapes", "queries")
#: The folders wpskg ships (in the wheel as ``wpskg/stock/``) and ``wpskg init`` copies into a new project:
#: the ontology, shapes and queries, and the guides that their messages point to (``docs/curation.md``).
STOCK = ("ontology", "shapes", "queries", "docs")
#: The folders a project is read from: no output is written into them.
INPUTS = (*LAYOUT, "sources")
RDF_SUFFIXES = loaders.SUFFIXES

#: A check's file name ends with it (``shapes/wrong-domain-violation.rq``); the file's stem names its results.
CHECK_SUFFIX = "-violation"


class NoProject(WpskgError):
    """No data project here, nor a checkout of wpskg to fall back to (not a half-made project,
    which is an error of its own)."""


class ProjectFallback(UserWarning):
    """No data project where the command runs: the repository's own data is used."""


def _is_project(path: Path) -> bool:
    return all((path / name).is_dir() for name in LAYOUT)


def repository_root() -> Path | None:
    """The checkout this package was installed from, when it is one."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if _is_project(parent) and (parent / "pyproject.toml").exists():
            return parent
    return None


def stock_root() -> Path | None:
    """The folder that holds wpskg's own ontology, shapes and queries: ``wpskg/stock/`` of an
    installed wheel, else the checkout of an editable install; None when there is neither."""
    packaged = Path(__file__).resolve().parent / "stock"
    if all((packaged / name).is_dir() for name in STOCK):
        return packaged
    return repository_root()


@dataclass(frozen=True)
class Project:
    """The files of a data project, found by convention."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))  # Project("data") as well as Project(Path("data"))

    @classmethod
    def locate(cls, explicit: str | os.PathLike[str] | None = None) -> Project:
        """``--project DIR`` if given, else the current folder or the nearest folder above it that is
        a project (as git finds its repository), else this repository (with a :class:`ProjectFallback`
        warning when run outside it).

        The current folder, or the repository it is in, with some of the project folders but not all
        is an error, never a reason to go on to another project's data.
        """
        if explicit is not None:
            root = Path(explicit).resolve()
            if not root.is_dir():
                raise WpskgError(f"{root}: no such folder (--project)")
            if not _is_project(root):
                missing = [f"{n}/" for n in LAYOUT if not (root / n).is_dir()]
                raise WpskgError(f"{root}: not a data project (missing {', '.join(missing)})")
            return cls(root)
        cwd = Path.cwd()
        for folder in (cwd, *cwd.parents):
            if _is_project(folder):
                return cls(folder)
            present = [n for n in LAYOUT if (folder / n).is_dir()]
            # a project with a folder missing (git keeps no empty folder) is an error, never a reason to use
            # another's data: here, or at the root of the repository we are in (not a home folder above it)
            if len(present) >= 2 and (folder == cwd or (folder / ".git").exists()):
                missing = [f"{n}/" for n in LAYOUT if n not in present]
                raise WpskgError(
                    f"{folder}: not a data project (missing {', '.join(missing)}): add the missing folders, "
                    "or give --project DIR"
                )
        repo = repository_root()
        if repo is None:
            raise NoProject(
                "no data project here: run in a folder with ontology/, instances/, shapes/ "
                "and queries/, give --project DIR, or start one with `wpskg init DIR`"
            )
        if not cwd.is_relative_to(repo):  # an editable install run elsewhere: say whose data this is
            warnings.warn(
                f"no data project in {cwd}: using wpskg's own data at {repo}; give --project DIR for yours",
                ProjectFallback,
                stacklevel=2,
            )
        return cls(repo)

    @classmethod
    def stock(cls) -> Project:
        """wpskg's own ontology, shapes and queries, with no instances: what a stored query needs
        to run on a remote endpoint where there is no data project."""
        root = stock_root()
        if root is None:
            raise WpskgError("this wpskg has no stock queries: reinstall it, or give --project DIR")
        return cls(root)

    @property
    def is_stock(self) -> bool:
        """Whether this is wpskg's own project (its ontology, shapes and queries are the stock ones)."""
        stock = stock_root()
        return stock is not None and stock.resolve() == self.root.resolve()

    def _files(self, folder: str) -> list[Path]:
        base = self.root / folder
        return sorted(
            p
            for p in base.rglob("*")
            if p.is_file() and p.suffix.lower() in RDF_SUFFIXES and not p.name.startswith(".")
        )

    @property
    def ontology_files(self) -> list[Path]:
        """The ontology and its vocabularies."""
        return self._files("ontology")

    @property
    def instance_files(self) -> list[Path]:
        """The curated instance files."""
        return self._files("instances")

    @property
    def shape_files(self) -> list[Path]:
        """The SHACL shapes."""
        return self._files("shapes")

    @property
    def violation_queries(self) -> list[Path]:
        """ODK-style checks: SELECT queries that must return no rows."""
        return sorted((self.root / "shapes").glob(f"*{CHECK_SUFFIX}.rq"))

    @property
    def query_dir(self) -> Path:
        return self.root / "queries"

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def exclusions_dir(self) -> Path:
        """Per source text, the amounts it states that are deliberately not fundings (``<stem>.tsv``)."""
        return self.root / "instances" / "exclusions"

    @property
    def places_file(self) -> Path:
        """Places and adjectives that name a country in the source texts (:mod:`wpskg.countries`)."""
        return self.root / "ontology" / "vocab" / "places-in-sources.tsv"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    def check_output(self, path: Path | str) -> None:
        """Refuse an output inside a folder the project is read from (``instances/``, ``queries/``,
        …), or a folder that holds the project: writing there would destroy or change its input.

        >>> Project(Path("/data/wps")).check_output("/data/wps/instances/report.txt")
        Traceback (most recent call last):
        ...
        wpskg.errors.ParameterError: /data/wps/instances/report.txt: refused: it is in the project's instances/ \
folder, which wpskg reads; write it elsewhere
        """
        target = Path(path).resolve()  # links followed (and .. after them) to what would be written
        root = self.root.resolve()
        if target == root / "dcat.ttl":
            raise ParameterError(f"{path}: refused: it is the project's catalogue settings, which wpskg reads")
        for name in INPUTS:
            folder = root / name
            if target == folder or folder in target.parents:
                raise ParameterError(
                    f"{path}: refused: it is in the project's {name}/ folder, which wpskg reads; write it elsewhere"
                )
        if target == root or target in root.parents:
            raise ParameterError(f"{path}: refused: it is the project's folder, or holds it; write it elsewhere")

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root when it lies inside it."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)


def shown(path: Path | str) -> str:
    """A path as a user can type it from the current folder: relative to it when inside it, else absolute.

    >>> shown(Path.cwd() / "dist" / "wpskg.ttl") == str(Path("dist") / "wpskg.ttl")
    True
    """
    full = Path(path).resolve()
    try:
        return str(full.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(full)
