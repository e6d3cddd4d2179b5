"""How long work says how far it has come, and how it is stopped: no Qt, no terminal codes.

Imports, exports, merges and agreement take an optional `progress` callback, called now and
then with (done, total) in a unit the work chooses (files, documents, phases); `total` may
change as the work learns more, and 0 means "unknown". Returning False asks the work to
stop: it raises `Cancelled` from where it stands, inside its transaction, so an import or a
merge is rolled back and an export leaves no file (`formats.atomic`). The window runs such
work in a thread behind a cancellable dialog (`ui/jobs.py`); the command line draws a bar
on a terminal (`terminal_progress`).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, TextIO, TypeVar

from annotator.errors import Cancelled

Progress = Callable[[int, int], bool]   # (done, total) -> go on?
T = TypeVar("T")


def report(progress: Progress | None, done: int, total: int) -> None:
    """Tells `progress` how far the work has come; raises `Cancelled` if it says stop."""
    if progress is not None and progress(done, total) is False:
        raise Cancelled("cancelled: nothing was changed")


def counted(items: Iterable[T], total: int, progress: Progress | None) -> Iterator[T]:
    """`items`, reporting each one taken as done (of `total`) before the next is asked for."""
    if progress is None:
        yield from items
        return
    done = 0
    report(progress, done, total)
    for item in items:
        yield item
        done += 1
        report(progress, done, total)


@contextmanager
def terminal_progress(what: str, stream: TextIO | None = None) -> Iterator[Progress | None]:
    """A progress bar (tqdm) on `stream` (stderr) while the block runs, if it is a terminal;
    else None, and nothing is written: output piped to a file or another program stays clean.
    The bar is cleared when the block ends, so the summary line that follows stands alone."""
    stream = sys.stderr if stream is None else stream
    try:
        on_terminal = stream.isatty()
    except (AttributeError, ValueError):  # a closed or file-less stream
        on_terminal = False
    if not on_terminal:
        yield None
        return
    from tqdm import tqdm

    with tqdm(desc=what, total=0, file=stream, leave=False, dynamic_ncols=True) as bar:
        def progress(done: int, total: int) -> bool:
            if total != bar.total:
                bar.total = total
            if done != bar.n:
                bar.update(done - bar.n)
            return True

        yield progress
