"""Helpers the store tests share: the journal of a data dir, a reopened store, a crash, a failing call."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable
from typing import Any

from store import UserStore, files


def journal_path(data_dir: pathlib.Path) -> pathlib.Path:
    journals = list(files.list_journals(data_dir).values())
    assert len(journals) == 1
    return journals[0]


def reopen(store: UserStore) -> UserStore:
    store.close()
    return UserStore.open(store.data_dir)


def crash_with_journal(data_dir: pathlib.Path) -> pathlib.Path:
    store = UserStore.open(data_dir)
    for n in range(3):
        store.update(n, {"n": n})
    store.storage._close_journal()
    store._lock.release()
    return journal_path(data_dir)


def raiser(code: int) -> Callable[..., Any]:
    def fail(*args: Any) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


def files_holding(data_dir: pathlib.Path, *needles: bytes) -> list[str]:
    return sorted(
        path.name for path in data_dir.rglob("*") if path.is_file() and any(n in path.read_bytes() for n in needles)
    )
