"""Build hook: the wheel carries wpskg's own ontology, shapes, queries and docs as ``wpskg/stock/``, which
``wpskg init`` copies into a new data project (``wpskg.project.stock_root``). Everything else is in
pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

STOCK = ("ontology", "shapes", "queries", "docs")  # as wpskg.project.STOCK


class BuildWithStock(build_py):
    """``build_py``, then the stock folders copied into the built package (not for an editable
    install, which reads them from the checkout)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        root = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "wpskg" / "stock"
        for name in STOCK:
            if not (root / name).is_dir():
                raise SystemExit(f"setup.py: {root / name} is missing: build from a checkout or a complete sdist")
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(root / name, target / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))


setup(cmdclass={"build_py": BuildWithStock})
