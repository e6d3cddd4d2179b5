"""Work on batches in spawned processes, results in batch order."""

from __future__ import annotations

import os
from contextlib import closing

import pytest

from annotator.formats.batches import batches, in_order


def total_and_pid(batch: list[int]) -> tuple[int, int]:
    if -1 in batch:
        raise ValueError(f"a bad record in {batch}")
    return sum(batch), os.getpid()


def test_batches_cut_the_records_and_keep_the_rest() -> None:
    assert list(batches(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batches([], 3)) == []


def test_few_batches_are_worked_on_here() -> None:
    results = list(in_order(batches(range(6), 2), total_and_pid, workers=2, pool_from=4))
    assert results == [(1, os.getpid()), (5, os.getpid()), (9, os.getpid())]


def test_enough_batches_go_to_workers_and_come_back_in_order() -> None:
    results = list(in_order(batches(range(40), 2), total_and_pid, workers=2, pool_from=4))
    assert [total for total, _ in results] == [4 * n + 1 for n in range(20)]
    assert os.getpid() not in {pid for _, pid in results}


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    records = list(range(20)) + [-1] + list(range(20))
    with pytest.raises(ValueError, match=r"a bad record in \[-1, 0\]"):
        list(in_order(batches(records, 2), total_and_pid, workers=2, pool_from=4))


def test_closing_early_stops_the_pool() -> None:
    with closing(in_order(batches(range(1000), 2), total_and_pid, workers=2, pool_from=4)) as results:
        first = next(results)
    assert first[0] == 1
    with pytest.raises(StopIteration):
        next(results)
