"""``wpskg init``: a new data project with wpskg's ontology, shapes and queries, and no facts yet.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     made = init(Path(tmp) / "ie-wps")
...     sorted(p.name for p in made.iterdir())
['.gitignore', 'README.md', 'dcat.ttl', 'docs', 'instances', 'ontology', 'queries', 'shapes', 'sources']
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from .atomic import _umask
from .dcat import CONFIG_FILE, template
from .errors import WpskgError
from .project import STOCK, stock_root

CATALOG = """# Source documents

The texts the knowledge graph is built from, as plain UTF-8 copies. Quotes in the graph's provenance
must match them word for word, apart from whitespace (docs/curation.md, "Adding a source document").

Add one row per text to the table, its file name in backticks in the first column:
"| `ie-nap3-progress-2024.en.txt` | en | Progress report on NAP 3, 2024 | Department of Foreign Affairs | 2025 |".

| file | language | what it is | publisher (as the text shows) | date |
|---|---|---|---|---|
"""

README = """# {name}: a wpskg data project

Made by `wpskg init` with wpskg {version} (ontology {ontology}).

| folder | what it holds |
|---|---|
| `ontology/`, `shapes/`, `queries/` | wpskg's ontology, SHACL shapes and checks, and stored queries |
| `docs/` | wpskg's guides: `docs/curation.md` (how to write facts and claims), `docs/queries.md`, `docs/export.md` |
| `instances/` | your facts, one folder per source text (`instances/<file stem>/`) |
| `sources/` | plain-text copies of your source documents, listed in `sources/CATALOG.md` |
| `dcat.ttl` | who publishes the data, under which licence, and whom to ask: your open-data catalogue's settings |

Before you publish, write your own IRIs, names and e-mail address in place of the `.example`
placeholders of `dcat.ttl`, and choose your data's licence where a `# TEMPLATE:` comment asks you to:
`wpskg validate` warns about each (so `--strict` fails until then), and `wpskg export` refuses them.
Mint your resources in a namespace you control (`@prefix plan: <https://data.example.ie/id/plan/>`),
not under `https://w3id.org/wpskg/id/`, which is wpskg's own (`docs/curation.md`, "Prefixes").

```sh
wpskg validate --strict   # the check to run in CI
wpskg build               # the graph, validated, in dist/
wpskg query plans         # a stored query (wpskg queries lists them)
wpskg export --out release/ --base-url https://data.example.ie/wps/   # files and catalogue for your portal
```

Name your own shapes, checks and queries so that they cannot clash with wpskg's
(`queries/<your prefix>-….rq`): taking a new wpskg release is then copying its `ontology/`,
`shapes/`, `queries/` and `docs/` over yours, and `ontology/CHANGES.md` says what changed.
"""

GITIGNORE = "dist/\n.wpskg-cache/\n"


def ontology_version(root: Path) -> str | None:
    """The ``owl:versionInfo`` of ``root/ontology/wpskg.ttl``, if it has one."""
    try:
        text = (root / "ontology" / "wpskg.ttl").read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r'owl:versionInfo\s+"([^"]+)"', text)
    return found.group(1) if found else None


#: What a folder may already hold and still be made a project: a fresh git repository.
_ALLOWED = frozenset({".git"})


def init(target: Path) -> Path:
    """Make the data project ``target``: a copy of wpskg's ``ontology/``, ``shapes/`` and
    ``queries/``, an empty ``instances/``, and ``sources/`` with an empty catalogue. The folder must
    be new, or empty but for a ``.git`` (``git init x && cd x && wpskg init .``); it is filled whole
    or not at all."""
    target = Path(target)
    try:
        return _init(target)
    except OSError as exc:
        raise WpskgError(f"{target}: cannot make the project: {exc.strerror or exc}") from None


def _init(target: Path) -> Path:
    from . import __version__

    exists, full = target.is_dir(), target.resolve()
    if exists and any(entry.name not in _ALLOWED for entry in target.iterdir()):
        raise WpskgError(f"{target}: refused: it exists and is not an empty folder; name a new or empty folder")
    if target.exists() and not exists:
        raise WpskgError(f"{target}: refused: it exists and is not a folder")
    if not exists and not full.parent.is_dir():
        raise WpskgError(f"{target}: cannot create it: {full.parent} does not exist")
    stock = stock_root()
    if stock is None:
        raise WpskgError("this wpskg has no stock ontology, shapes and queries to copy: reinstall it")
    # Staged beside a new folder, which then appears in one step; inside an existing one (whose parent
    # may not be writable), then moved entry by entry.
    home = target if exists else full.parent
    staging = Path(tempfile.mkdtemp(prefix=f".{full.name}.", suffix=".new", dir=home))
    moved: list[Path] = []
    try:
        for name in STOCK:
            shutil.copytree(stock / name, staging / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        (staging / "instances").mkdir()
        (staging / "instances" / ".gitkeep").write_text("", encoding="utf-8")
        (staging / "sources").mkdir()
        (staging / "sources" / "CATALOG.md").write_text(CATALOG, encoding="utf-8")
        (staging / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        (staging / CONFIG_FILE).write_text(template(), encoding="utf-8")
        readme = README.format(name=full.name, version=__version__, ontology=ontology_version(stock))
        (staging / "README.md").write_text(readme, encoding="utf-8")
        if not exists:
            staging.chmod(0o777 & ~_umask())
            os.replace(staging, target)  # the whole folder in one step
            return target
        for entry in sorted(staging.iterdir()):
            os.replace(entry, target / entry.name)
            moved.append(target / entry.name)
        staging.rmdir()
    except BaseException:
        for entry in moved:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
