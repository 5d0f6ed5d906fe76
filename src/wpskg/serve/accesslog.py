"""The access log of ``wpskg serve``: uvicorn's, with each request's path and query cut short.

A SPARQL query may travel in the URL, up to the endpoint's 256 KiB, and every
one would otherwise be written whole to the log.

>>> import logging
>>> record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
...                            ("127.0.0.1:5", "GET", "/sparql?query=" + "x" * 5000, "1.1", 200), None)
>>> ShortPaths().filter(record), len(record.args[2]) < 1100, record.args[2].endswith("(5014 characters)")
(True, True, True)
"""

from __future__ import annotations

import copy
import logging
from typing import Any

#: Characters of a request's path and query that the access log keeps.
MAX_LOGGED_PATH = 1024


class ShortPaths(logging.Filter):
    """Cuts the path and query of an access-log record to :data:`MAX_LOGGED_PATH` characters."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str) and len(args[2]) > MAX_LOGGED_PATH:
            path = args[2]
            record.args = (*args[:2], f"{path[:MAX_LOGGED_PATH]}… ({len(path)} characters)", *args[3:])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, with :class:`ShortPaths` on its access handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["short_paths"] = {"()": ShortPaths}
    config["handlers"]["access"]["filters"] = ["short_paths"]
    return config
