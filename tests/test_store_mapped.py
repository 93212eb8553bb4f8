"""Documents left in the mapped snapshot: opening copies none, compaction adopts the new file."""

from __future__ import annotations

import pathlib
import threading
from typing import Any

import pytest

from store import StoreError, UserStore, files
from store.table import DocTable, pack


def fill(store: UserStore, users: int) -> None:
    for user_id in range(1, users + 1):
        store.update(user_id, {"n": user_id, "pad": "x" * user_id})


def test_opening_keeps_documents_in_the_mapped_snapshot(tmp_path: pathlib.Path) -> None:
    with UserStore.open(tmp_path) as store:
        fill(store, 30)
    with UserStore.open(tmp_path) as store:
        users = store.storage.raw_table("users")
        assert isinstance(users, DocTable)
        assert users.mapped_count() == 30
        assert store.get(7) == {"n": 7, "pad": "x" * 7}
        store.update(7, {"n": 70})
        assert users.mapped_count() == 29  # the changed one is held in memory until compacted
        assert store.get(7) == {"n": 70, "pad": "x" * 7}


def test_a_background_compaction_adopts_its_snapshot_and_keeps_writes_made_meanwhile(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UserStore.open(tmp_path, background_compaction=True)
    fill(store, 20)
    store.set_record("sent", 3, "food", {"s": "2026-06-10 12:30", "a": 1})
    may_write, original = threading.Event(), files.write_mapped_snapshot

    def held_back(*args: Any) -> tuple[int, files.RawTables]:
        assert may_write.wait(10)
        return original(*args)

    monkeypatch.setattr(files, "write_mapped_snapshot", held_back)
    store.storage.compact(wait=False)
    # Written while the snapshot of the state before them is being taken.
    store.update(1, {"n": 100})
    store.delete_user(2)
    store.update(21, {"n": 21})
    store.set_record("sent", 3, "food", {"s": "2026-06-11 12:30", "a": 2})
    may_write.set()
    store.storage.wait_for_compaction()
    expected = {user_id: {"n": user_id, "pad": "x" * user_id} for user_id in range(3, 21)}
    expected.update({1: {"n": 100, "pad": "x"}, 21: {"n": 21}})
    assert dict(store.iter_users()) == expected
    assert store.record("sent", 3, "food") == {"s": "2026-06-11 12:30", "a": 2}
    users = store.storage.raw_table("users")
    assert isinstance(users, DocTable)
    assert users.mapped_count() == 18  # all but the two written after the rotation
    store.close()
    with UserStore.open(tmp_path) as reopened:
        assert dict(reopened.iter_users()) == expected
        assert reopened.record("sent", 3, "food") == {"s": "2026-06-11 12:30", "a": 2}


def test_a_failed_snapshot_leaves_memory_as_it_was(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with UserStore.open(tmp_path) as store:
        fill(store, 5)
        store.compact()

        def fail(*args: Any) -> tuple[int, files.RawTables]:
            raise StoreError("disk full")

        monkeypatch.setattr(files, "write_mapped_snapshot", fail)
        store.update(2, {"n": 20})  # a table to write: an unchanged one is only re-stamped
        with pytest.raises(StoreError):
            store.compact()
        store.update(1, {"n": 10})
        monkeypatch.undo()
        assert store.get(1) == {"n": 10, "pad": "x"}
        assert store.get(5) == {"n": 5, "pad": "xxxxx"}
    with UserStore.open(tmp_path) as reopened:
        assert reopened.get(1) == {"n": 10, "pad": "x"}
        assert reopened.get(2) == {"n": 20, "pad": "xx"}


def test_a_table_without_a_mapping_holds_bytes_only() -> None:
    table = DocTable()
    table["a"] = b"{}"
    with pytest.raises(TypeError):
        table["b"] = "{}"  # type: ignore[assignment]
    with pytest.raises(ValueError):
        pack(0, 1 << 33)
    assert dict(table) == {"a": b"{}"} and table.mapped_count() == 0
