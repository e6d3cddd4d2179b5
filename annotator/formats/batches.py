"""An export's records worked on in batches, by spawned worker processes when there are
enough batches to win their start, with the results in the records' order.

The records are read on the caller's thread (so a `progress` callback wrapped around them
still reports, and its `Cancelled` still stops the export where it stands), cut into
batches, and each batch is handed to `work`: here, batch after batch, or in a pool of
worker processes with a few batches in flight per worker. Either way the results come back
in batch order, so a writer that writes them as they come writes the same bytes as one
process would. Workers are spawned, never forked: the window exports from a thread, and a
fork would copy its Qt and SQLite state mid-flight. An error or a cancel, in a worker or
here, shuts the pool down at once (batches not yet started are dropped) and propagates.

`work` and the batches cross processes by pickle: `work` is a module-level function (or a
`functools.partial` of one), and a batch is best made of plain tuples, which pickle in a
fraction of the time of dataclasses and named tuples.
"""

from __future__ import annotations

import os
from collections import deque
from itertools import chain, islice
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
B = TypeVar("B")
R = TypeVar("R")

IN_FLIGHT_PER_WORKER = 2
"""Batches submitted ahead per worker: enough that none waits for the next, few enough that
the records read ahead (and the results held back for order) stay a few batches."""


def batches(records: Iterable[T], size: int) -> Iterator[list[T]]:
    """`records` in lists of `size` (the last one shorter), read as they are needed."""
    records = iter(records)
    while batch := list(islice(records, size)):
        yield batch


def in_order(batches: Iterable[B], work: Callable[[B], R], workers: int, pool_from: int) -> Iterator[R]:
    """`work(batch)` for each batch, in batch order: here if there are fewer than
    `pool_from` batches or `workers` is below 2, else in `workers` spawned processes.

    Close the iterator (or exhaust it) to release the pool: `contextlib.closing` around a
    loop that may stop early."""
    batches = iter(batches)
    ahead = list(islice(batches, pool_from))
    if len(ahead) < pool_from or workers < 2:
        for batch in chain(ahead, batches):
            yield work(batch)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        pending: deque = deque()
        for batch in chain(ahead, batches):
            pending.append(pool.submit(work, batch))
            if len(pending) > IN_FLIGHT_PER_WORKER * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:           # an error, a cancel, or the caller closing the iterator
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def default_workers(most: int) -> int:
    """One worker a core this process may run on, and at most `most`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:          # macOS, Windows
        cores = os.cpu_count() or 1
    return min(cores, most)
