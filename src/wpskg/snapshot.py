"""Snapshots of a project's loaded and inferred store, so that one-off commands skip both.

``wpskg query`` and ``wpskg sparql`` need the whole graph before their one
query; at a million triples, loading the project takes about 4–5.5 s and
inference 1.3–2 s. :func:`query_graph` keeps the store it made as N-Quads in
``<project>/.wpskg-cache/``, and the next command on the same files reads
that file instead. ``wpskg build`` keeps the store it built the same way
(:func:`keep`), so the first query after a build is fast too.

A snapshot is named by a fingerprint of everything that went into it: the
path and content of every file the project loads, the wpskg code and the
pyoxigraph version. An edited, added or removed file, or another wpskg, gives
another fingerprint, so a stale snapshot is never read: it is replaced. Only a
graph that loaded without error is kept, so an error in a file is reported,
with its line, on every run until it is mended. In a shared ``WPSKG_CACHE_DIR``
each project's folder names its project, and the folders of projects that no
longer exist are removed when a snapshot is written (:func:`sweep`).

>>> import tempfile, shutil
>>> from wpskg.project import Project
>>> root = Path(tempfile.mkdtemp())
>>> for folder in ("ontology", "instances", "shapes", "queries"):
...     (root / folder).mkdir()
>>> _ = (root / "instances" / "a.ttl").write_text("<https://example.org/a> <https://example.org/p> 1 .")
>>> first = query_graph(Project(root))
>>> first.snapshot is None, len(list(cache_dir(Project(root)).glob("store-*.nq")))
(True, 1)
>>> again = query_graph(Project(root))
>>> again.snapshot is not None, len(again.store)
(True, 1)
>>> shutil.rmtree(root)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import warnings
from pathlib import Path

import pyoxigraph as ox

from . import atomic
from .errors import OutputError
from .project import Project
from .store import Graph, infer, load_project

#: The folder, in the project's root, that holds its snapshot.
CACHE_DIR = ".wpskg-cache"
#: Set to a folder to keep snapshots there instead (one sub-folder per project).
CACHE_ENV = "WPSKG_CACHE_DIR"
_PREFIX, _SUFFIX = "store-", ".nq"
_OWNER = "PROJECT"  # in a WPSKG_CACHE_DIR folder: the project's root, for sweep()
_CACHEDIR_TAG = b"Signature: 8a477f597d28d172789f06886806bc55\n# wpskg's store snapshots; see wpskg.snapshot.\n"


def _shared() -> Path | None:
    """The WPSKG_CACHE_DIR that holds every project's snapshot folder, if one is set."""
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else None


def cache_dir(project: Project) -> Path:
    """Where ``project``'s snapshot is kept."""
    shared = _shared()
    if shared is not None:
        root = project.root.resolve()  # as sweep() reads PROJECT
        key = hashlib.sha256(str(root).encode("utf-8")).hexdigest()[:16]
        return shared / f"{root.name}-{key}"
    return project.root / CACHE_DIR


def _inputs(project: Project) -> list[tuple[str, Path]]:
    """What makes a store, by name: every file of the wpskg package (another loader or rule makes
    another store), then every file ``project`` loads."""
    package = Path(__file__).parent
    code = [
        (f"wpskg/{path.relative_to(package)}", path)
        for path in sorted(package.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    return code + [(project.relative(path), path) for path in [*project.ontology_files, *project.instance_files]]


def fingerprint(project: Project) -> str:
    """A digest of the pyoxigraph version and the names and contents of :func:`_inputs`."""
    digest = hashlib.sha256(ox.__version__.encode("ascii") + b"\0")
    for name, path in _inputs(project):
        content = hashlib.sha256()
        with path.open("rb") as fh:  # in chunks: an input may be tens of megabytes
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                content.update(chunk)
        digest.update(name.encode("utf-8") + b"\0" + content.digest())
    return digest.hexdigest()


def _path(project: Project, key: str) -> Path:
    return cache_dir(project) / f"{_PREFIX}{key}{_SUFFIX}"


def read(project: Project, key: str) -> Graph | None:
    """The graph of the snapshot named ``key``, or None when there is none or it cannot be read."""
    path = _path(project, key)
    store = ox.Store()
    try:
        # lenient: the terms were checked when the project was loaded (a quarter faster at 1M)
        store.load(path=path, format=ox.RdfFormat.N_QUADS, lenient=True)
    except (OSError, SyntaxError, ValueError):
        return None  # no snapshot, or a damaged one: load the project and write it again
    return Graph(store=store, snapshot=path, reasoned=True)


def write(project: Project, key: str, graph: Graph) -> Path:
    """Keep ``graph``'s store as the snapshot named ``key`` (atomically), and remove older snapshots."""
    path = _path(project, key)
    folder = path.parent
    with atomic.writing(path) as fh:
        graph.store.dump(fh, format=ox.RdfFormat.N_QUADS)
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        atomic.write_bytes(tag, _CACHEDIR_TAG)
        atomic.write_bytes(folder / ".gitignore", b"*\n")
    for old in folder.glob(f"{_PREFIX}*{_SUFFIX}"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
    if (shared := _shared()) is not None:  # beside other projects' folders
        owner = folder / _OWNER
        if not owner.exists():
            atomic.write_bytes(owner, str(project.root.resolve()).encode("utf-8"))
        sweep(shared)
    return path


def sweep(shared: Path) -> list[Path]:
    """Remove the snapshot folders in ``shared`` (a WPSKG_CACHE_DIR) whose project folder no longer exists.

    Only folders that wpskg made and named the owner of are touched, and only
    the files wpskg writes there; the folders removed are returned.
    """
    removed = []
    for folder in sorted(shared.iterdir()) if shared.is_dir() else []:
        try:
            if (folder / "CACHEDIR.TAG").read_bytes() != _CACHEDIR_TAG:
                continue
            owner = Path((folder / _OWNER).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue  # not ours, or made before owners were written
        if owner.is_dir():
            continue
        with contextlib.suppress(OSError):
            for name in [
                *folder.glob(f"{_PREFIX}*{_SUFFIX}"),
                *(folder / n for n in ("CACHEDIR.TAG", ".gitignore", _OWNER)),
            ]:
                name.unlink(missing_ok=True)
            folder.rmdir()  # fails, and keeps the folder, if anything else is in it
            removed.append(folder)
    return removed


def keep(project: Project, key: str, graph: Graph) -> Path | None:
    """Write ``graph`` (loaded from ``project`` when its fingerprint was ``key``) as its snapshot.

    Nothing is written if a file changed since (its name would stand for the
    old content). A snapshot that cannot be written (a read-only folder, a
    full disk) is a warning, not an error: the next run loads the project.
    """
    if fingerprint(project) != key:
        return None
    try:
        return write(project, key, graph)
    except (OSError, OutputError) as exc:
        warnings.warn(
            f"not keeping a snapshot of the store in {cache_dir(project)} ({getattr(exc, 'strerror', None) or exc}); "
            "the next run loads the project again",
            RuntimeWarning,
            stacklevel=3,
        )
        return None


def query_graph(project: Project, *, cache: bool = True) -> Graph:
    """``project``'s graph with its inferences, for queries: from its snapshot when the files are unchanged.

    A graph read from a snapshot holds the store only (:attr:`Graph.snapshot`).
    """
    key = fingerprint(project) if cache else ""
    if cache and (graph := read(project, key)) is not None:
        return graph
    graph = load_project(project)
    infer(graph)
    if cache:
        keep(project, key, graph)
    return graph
