"""The log file: what a person sends us when something went wrong.

One rotating file, `annotator.log` in the data folder (1 MB, three old copies kept), fed by the
`annotator` logger and its children (`logging.getLogger(__name__)` in any module). No Qt here:
the window, the CLI and the tests all set it up the same way.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "annotator.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_handler: RotatingFileHandler | None = None


def setup_logging(folder: Path, level: int = logging.INFO) -> Path:
    """Sends the `annotator` logger to `folder/annotator.log` and returns that path.

    Idempotent: calling it again with the same folder adds no second handler; with another
    folder, the log moves there."""
    global _handler
    path = (Path(folder) / LOG_NAME).resolve()
    logger = logging.getLogger("annotator")
    logger.setLevel(level)
    if _handler is not None:
        if Path(_handler.baseFilename) == path:
            return path
        logger.removeHandler(_handler)
        _handler.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    _handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    _handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(_handler)
    return path


def log_path() -> Path | None:
    """The log file in use, or None before `setup_logging`."""
    return Path(_handler.baseFilename) if _handler is not None else None


def stop_logging() -> None:
    """Detaches and closes the log file (tests; a window that moves its data folder)."""
    global _handler
    if _handler is not None:
        logging.getLogger("annotator").removeHandler(_handler)
        _handler.close()
        _handler = None
