"""Small per-person records beside the document, the snapshot read without a second copy, and a
compaction threshold that follows the snapshot's size (issue 15 items 4 and 5)."""

from __future__ import annotations

import json
import pathlib

import pytest

from store import StoreCorruptError, StoreError, UserStore, files
from store.storage import COMPACT_SHARE
from tests.store_helpers import files_holding


def test_a_record_journals_its_own_few_bytes_and_survives_a_restart(data_dir: pathlib.Path) -> None:
    with UserStore.open(data_dir, background_compaction=False) as store:
        store.update(5, {"profile": {"chat_id": 5}, "pad": "x" * 1000})
        before = store.storage.stats()["journal_bytes"]
        store.set_record("sent", 5, "food", {"s": "2026-06-10 12:35", "a": 29696195})
        written = store.storage.stats()["journal_bytes"] - before
        assert written <= 100  # the ~1 KB document is not rewritten
        store.set_record("sent", 5, "food", {"s": "2026-06-10 12:35", "a": 29696195})
        assert store.storage.stats()["journal_bytes"] - before == written  # no change, no line
        assert (store.get(5) or {}).get("pad") == "x" * 1000 and "sent" not in (store.get(5) or {})
    with UserStore.open(data_dir) as store:
        assert store.record("sent", 5, "food") == {"s": "2026-06-10 12:35", "a": 29696195}
        assert list(store.iter_records("sent")) == [(5, "food", {"s": "2026-06-10 12:35", "a": 29696195})]
        assert store.count() == 1  # records are not people


def test_records_are_exported_with_the_person_and_bad_names_refused(data_dir: pathlib.Path) -> None:
    with UserStore.open(data_dir) as store:
        store.update(9, {"tz": "UTC"})
        assert store.export_user(9) == {"user_id": 9, "document": {"tz": "UTC"}}
        store.set_record("sent", 9, "stretch", {"s": "2026-06-10 21:35", "a": 1})
        exported = store.export_user(9)
        assert exported is not None and exported["records"] == {"sent": {"stretch": {"s": "2026-06-10 21:35", "a": 1}}}
        json.dumps(exported)
        for table, name in (("users", "x"), ("sent", "a b"), ("sent", "a:b"), ("sent", "")):
            with pytest.raises(StoreError):
                store.set_record(table, 9, name, {"s": "x"})


async def test_forget_removes_a_persons_records_from_every_file(data_dir: pathlib.Path) -> None:
    with UserStore.open(data_dir, compact_bytes=3000) as store:
        store.update(41, {"note": "xyzzy-41"})
        store.set_record("sent", 41, "hydration", {"s": "plugh-41", "a": 1})
        store.compact()  # in the snapshot
        store.set_record("sent", 41, "food", {"s": "quux-41", "a": 2})  # and in the journal
        store.set_record("sent", 411, "food", {"s": "other", "a": 3})  # someone whose id starts alike
        assert files_holding(data_dir, b"plugh-41", b"quux-41") != []
        assert await store.forget(41) is True
        assert files_holding(data_dir, b"plugh-41", b"quux-41", b'"41:') == []
        assert store.record("sent", 411, "food") == {"s": "other", "a": 3}
    with UserStore.open(data_dir) as store:
        assert [user for user, _, _ in store.iter_records("sent")] == [411]


def test_compaction_waits_for_half_the_snapshot_so_rewrites_follow_the_changes(data_dir: pathlib.Path) -> None:
    with UserStore.open(data_dir, compact_bytes=2000, background_compaction=False) as store:
        for user in range(200):
            store.update(user, {"pad": "y" * 200})
        store.compact()
        snapshot = store.storage.snapshot_bytes
        assert store.storage.compact_threshold() == int(snapshot * COMPACT_SHARE) > 2000
        compactions = store.storage.compactions
        journalled = 0
        while store.storage.compactions == compactions:
            before = store.storage.stats()["journal_bytes"]
            store.set_record("sent", journalled % 10, "food", {"s": f"slot {journalled}", "a": journalled})
            after = store.storage.stats()["journal_bytes"]
            journalled += after - before if after > before else after
        # Bytes of snapshot rewritten per journalled byte: ~1/COMPACT_SHARE, not snapshot/compact_bytes.
        assert journalled >= snapshot * COMPACT_SHARE - 100  # (the segment header is not counted here)
        assert store.storage.snapshot_bytes / journalled <= 1 / COMPACT_SHARE + 0.1


def test_the_snapshot_is_read_through_a_mapping_and_damage_is_still_refused(data_dir: pathlib.Path) -> None:
    with UserStore.open(data_dir) as store:
        store.update(1, {"a": 1})
        store.update(2, {"b": "é"})
    _generation, tables = files.read_snapshot(data_dir / files.SNAPSHOT_NAME)
    assert {key: files.decode_doc(raw) for key, raw in tables["users"].items()} == {"1": {"a": 1}, "2": {"b": "é"}}
    assert all(type(raw) is bytes for raw in tables["users"].values())  # copies, not views of the mapping
    path = data_dir / files.SNAPSHOT_NAME
    path.write_bytes(path.read_bytes()[:-5] + b"zzzz\n")  # a damaged last line
    with pytest.raises(StoreCorruptError):
        files.read_snapshot(path)
    path.write_bytes(b"")
    with pytest.raises(StoreCorruptError):
        files.read_snapshot(path)
