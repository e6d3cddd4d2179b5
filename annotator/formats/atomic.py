"""Writing an output file all at once or not at all; every writer in `formats` goes through here.

The bytes go to a new file beside the target, are flushed to disk (fsync) and only then renamed
over the target, so a failure part-way (a full disk, an error in the records being written, a
killed process) leaves the target as it was, whole or absent, and no temporary behind. A
rename within one folder is atomic on every platform we ship for.
"""

from __future__ import annotations

import io
import os
import secrets
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator, TextIO

from annotator.errors import AnnotatorError


@contextmanager
def atomic_output(path: str | Path) -> Iterator[BinaryIO]:
    """A binary handle whose bytes replace `path` when the `with` block ends without an error.

    An `OSError` (missing or read-only folder, full disk, `path` is a folder) becomes an
    `AnnotatorError` that names `path`, never the temporary; any other error propagates as it is.
    Either way the temporary is removed and `path` keeps its old content."""
    path = Path(path)
    try:
        temporary, handle = _open_temporary_beside(path)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise
    _sync_folder(temporary.parent)


@contextmanager
def atomic_text_output(path: str | Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    """`atomic_output` for writers that write text. No newline translation (`newline=""`):
    a writer writes exactly the line ends its format wants, on every platform."""
    with atomic_output(path) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        try:
            yield text
            text.flush()
        finally:
            text.detach()  # the raw handle is `atomic_output`'s to close


def _cannot_write(path: Path, exc: OSError) -> AnnotatorError:
    return AnnotatorError(f"{path}: cannot write: {exc.strerror or exc}")


def _open_temporary_beside(path: Path) -> tuple[Path, BinaryIO]:
    """A new file next to `path`, with the permissions of the file it will replace or, for a
    new file, those any program's new file gets (0o666 less the umask; `tempfile`'s are 0o600,
    which would hide an export from the colleague it is meant for)."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        existing = path.stat()
        keep_mode = stat.S_IMODE(existing.st_mode) if stat.S_ISREG(existing.st_mode) else None
    except OSError:
        keep_mode = None
    while True:
        temporary = directory / f".{path.name}.{secrets.token_hex(4)}.part"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o666)
        except FileExistsError:
            continue
        if keep_mode is not None:
            try:
                os.chmod(temporary, keep_mode)
            except OSError:
                pass  # the umask's permissions, then: still readable as any new file is
        return temporary, os.fdopen(fd, "wb")


def _sync_folder(directory: Path) -> None:
    """Makes the rename itself durable where the platform allows it (POSIX); the file is
    complete either way, so a folder that cannot be synced (Windows) is no error."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_folder(path: str | Path) -> Iterator[Path]:
    """A new empty folder beside `path` to fill; when the `with` block ends without an error it
    takes `path`'s place (a folder already there is moved aside first and removed after), so a
    reader never sees a half-written folder at `path`. On an error the new folder is removed and
    `path` is left as it was. `path` must not be a file. Errors as `atomic_output`'s."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if path.exists() and not path.is_dir():
        raise AnnotatorError(f"{path}: cannot write: a file is there, and this format writes a folder")
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=directory))
        os.chmod(temporary, 0o777 & ~_umask())
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        yield temporary
        old = None
        if path.exists():
            old = directory / f".{path.name}.{secrets.token_hex(4)}.old"
            os.replace(path, old)
        os.replace(temporary, path)
    except BaseException as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    _sync_folder(directory)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
