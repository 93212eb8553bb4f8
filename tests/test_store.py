"""UserStore and its journal storage: the API, durability of each write, compaction, deletion leaving nothing.

Damage is in test_store_damage.py; locks, full disks and other failures in test_store_failures.py."""

from __future__ import annotations

import errno
import json
import os
import pathlib
from datetime import UTC, datetime
from typing import Any

import pytest
from tinydb import Query

from store import StoreError, UserStore, export_data_dir, files
from tests.store_helpers import files_holding, journal_path, reopen


@pytest.fixture()
def store(data_dir: pathlib.Path) -> Any:
    with UserStore.open(data_dir) as opened:
        yield opened


NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


# ---------------------------------------------------------------- API


def test_ensure_user_creates_profile_once(store: UserStore) -> None:
    doc = store.ensure_user(7, 70, NOW)
    assert doc == {
        "profile": {
            "chat_id": 70,
            "created_at": "2026-03-01T12:00:00+00:00",
            "last_seen": "2026-03-01T12:00:00+00:00",
            "active": True,
        }
    }
    store.update(7, {"tz": "Europe/Berlin"})
    assert store.ensure_user(7, 99, NOW)["tz"] == "Europe/Berlin"
    assert store.ensure_user(7, 99, NOW)["profile"]["chat_id"] == 70


def test_update_sets_and_removes_keys_and_creates_missing_user(store: UserStore) -> None:
    assert store.update(5, {"tz": "UTC", "pause_until": "2026-03-02T00:00:00+00:00"}) == {
        "tz": "UTC",
        "pause_until": "2026-03-02T00:00:00+00:00",
    }
    assert store.update(5, {"pause_until": None}) == {"tz": "UTC"}
    assert store.get(5) == {"tz": "UTC"}


def test_get_returns_a_copy_that_does_not_change_the_store(store: UserStore) -> None:
    store.update(1, {"reminders": {"stretch": {"time": "21:00"}}})
    copy = store.get(1)
    assert copy is not None
    copy["reminders"]["stretch"]["time"] = "06:00"
    assert store.get(1) == {"reminders": {"stretch": {"time": "21:00"}}}


def test_update_does_not_keep_references_to_caller_objects(store: UserStore) -> None:
    reminders: dict[str, Any] = {"stretch": {"time": "21:00"}}
    store.update(1, {"reminders": reminders})
    reminders["stretch"]["time"] = "06:00"
    assert store.get(1) == {"reminders": {"stretch": {"time": "21:00"}}}


def test_append_keeps_the_last_entries(store: UserStore) -> None:
    for n in range(5):
        store.append(3, "cramp_log", {"n": n}, keep=3)
    assert store.get(3) == {"cramp_log": [{"n": 2}, {"n": 3}, {"n": 4}]}


def test_append_to_a_non_list_fails_without_change(store: UserStore) -> None:
    store.update(3, {"tz": "UTC"})
    with pytest.raises(StoreError, match="not a list"):
        store.append(3, "tz", {"n": 1})
    assert store.get(3) == {"tz": "UTC"}


def test_delete_user_is_durable(store: UserStore) -> None:
    store.ensure_user(1, 1, NOW)
    store.ensure_user(2, 2, NOW)
    assert store.delete_user(1) is True
    assert store.delete_user(1) is False
    store = reopen(store)
    try:
        assert store.get(1) is None
        assert store.user_ids() == [2]
        assert store.count() == 1
    finally:
        store.close()


def test_non_json_values_are_refused_without_change(store: UserStore) -> None:
    store.update(1, {"tz": "UTC"})
    with pytest.raises(StoreError, match="JSON"):
        store.update(1, {"when": NOW})
    with pytest.raises(StoreError, match="JSON"):
        store.update(1, {"bad": float("nan")})
    assert store.get(1) == {"tz": "UTC"}


def test_ids_and_iteration(store: UserStore) -> None:
    for user_id in (3, 1, 2):
        store.update(user_id, {"n": user_id})
    assert sorted(store.user_ids()) == [1, 2, 3]
    assert dict(store.iter_users()) == {1: {"n": 1}, 2: {"n": 2}, 3: {"n": 3}}


def test_export_user_holds_everything_stored(store: UserStore) -> None:
    store.ensure_user(9, 90, NOW)
    store.append(9, "cramp_log", {"muscle": "calf"})
    exported = store.export_user(9)
    assert exported == {"user_id": 9, "document": store.get(9)}
    json.dumps(exported)  # serialisable as is
    assert store.export_user(10) is None


def test_export_all_writes_a_restorable_snapshot(store: UserStore, tmp_path: pathlib.Path) -> None:
    for user_id in range(1, 21):
        store.update(user_id, {"n": user_id})
    backup = tmp_path / "backup.json"
    assert store.export_all(backup) == 20
    assert not backup.with_name("backup.json.tmp").exists()
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    (restored_dir / files.SNAPSHOT_NAME).write_bytes(backup.read_bytes())
    with UserStore.open(restored_dir) as restored:
        assert dict(restored.iter_users()) == dict(store.iter_users())


def test_export_data_dir_works_while_running_and_when_stopped(data_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    backup = tmp_path / "backup.jsonl"
    with UserStore.open(data_dir) as store:
        store.update(1, {"n": 1})
        store.update(2, {"n": 2})
        assert export_data_dir(data_dir, backup) == 2  # the running store's acknowledged writes
        store.delete_user(2)
    assert export_data_dir(data_dir, backup) == 1
    assert backup.read_bytes().splitlines()[1].endswith(b' users 1 {"n":1}')
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    (restored_dir / files.SNAPSHOT_NAME).write_bytes(backup.read_bytes())
    with UserStore.open(restored_dir) as restored:
        assert restored.get(1) == {"n": 1}


def test_listeners_get_copies_after_each_durable_change(store: UserStore) -> None:
    seen: list[tuple[int, dict[str, Any] | None]] = []
    store.add_listener(lambda user_id, doc: seen.append((user_id, doc)))
    store.update(1, {"tz": "UTC"})
    store.append(1, "log", {"n": 1})
    store.delete_user(1)
    assert seen == [(1, {"tz": "UTC"}), (1, {"tz": "UTC", "log": [{"n": 1}]}), (1, None)]


def test_a_failing_listener_does_not_undo_the_write(store: UserStore, caplog: pytest.LogCaptureFixture) -> None:
    def broken(user_id: int, doc: dict[str, Any] | None) -> None:
        raise RuntimeError("listener bug")

    store.add_listener(broken)
    assert store.update(1, {"tz": "UTC"}) == {"tz": "UTC"}
    assert store.get(1) == {"tz": "UTC"}
    assert "listener" in caplog.text


def test_data_really_lives_in_tinydb(store: UserStore) -> None:
    store.update(1, {"tz": "UTC"})
    store.update(2, {"tz": "Europe/Berlin"})
    users = store.db.table("users")
    assert users.get(doc_id=2) == {"tz": "Europe/Berlin"}
    assert [doc.doc_id for doc in users.search(Query().tz == "UTC")] == [1]
    # Query-based writes through TinyDB's own API are journalled too.
    users.update({"active": False}, Query().tz == "UTC")
    users.remove(Query().tz == "Europe/Berlin")
    store = reopen(store)
    try:
        assert dict(store.iter_users()) == {1: {"tz": "UTC", "active": False}}
    finally:
        store.close()


def test_tinydb_drop_tables_is_durable(store: UserStore) -> None:
    store.update(1, {"tz": "UTC"})
    store.db.drop_tables()
    store.update(2, {"tz": "UTC"})
    store = reopen(store)
    try:
        assert store.user_ids() == [2]
    finally:
        store.close()


def test_each_write_appends_one_journal_line(store: UserStore) -> None:
    for n in range(10):
        store.update(1, {"n": n})
    header, *lines = journal_path(store.data_dir).read_bytes().splitlines()
    assert files.decode_header(header) == 0  # written when the segment was created
    assert len(lines) == 10
    assert files.decode_line(lines[-1]) == [("users", {"1": b'{"n":9}'})]


def test_an_unchanged_write_appends_nothing(store: UserStore) -> None:
    store.update(1, {"n": 1})
    size = journal_path(store.data_dir).stat().st_size
    store.update(1, {"n": 1})
    assert journal_path(store.data_dir).stat().st_size == size


def test_closed_store_refuses_writes(store: UserStore) -> None:
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.update(1, {"n": 1})


# ---------------------------------------------------------------- compaction


def test_compaction_threshold_snapshots_and_starts_a_new_journal(data_dir: pathlib.Path) -> None:
    with UserStore.open(data_dir, compact_bytes=2000, background_compaction=False) as store:
        for n in range(100):
            store.update(n % 7, {"n": n, "pad": "x" * 50})
        stats = store.stats()
        assert stats["compactions"] >= 3
        assert stats["journal_bytes"] < 2000
        assert len(files.list_journals(data_dir)) == 1
        expected = dict(store.iter_users())
    with UserStore.open(data_dir) as store:
        assert dict(store.iter_users()) == expected


def test_background_compaction_keeps_writes_made_meanwhile(data_dir: pathlib.Path) -> None:
    with UserStore.open(data_dir, compact_bytes=5000, background_compaction=True) as store:
        for n in range(400):
            store.update(n % 50, {"n": n, "pad": "y" * 40})
        store.storage.wait_for_compaction()
        assert store.stats()["compactions"] >= 1
        expected = dict(store.iter_users())
    with UserStore.open(data_dir) as store:
        assert dict(store.iter_users()) == expected


def test_crash_between_journal_rotation_and_snapshot_replays_both(
    data_dir: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UserStore.open(data_dir)
    store.update(1, {"n": 1})

    def fail(*args: Any, **kwargs: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files, "write_mapped_snapshot", lambda *a, **k: fail())
    with pytest.raises(OSError):
        store.compact()
    monkeypatch.undo()
    store.update(2, {"n": 2})  # goes to the new segment
    assert len(files.list_journals(data_dir)) == 2
    store.storage._close_journal()  # simulate a crash: no compaction at close
    store._lock.release()
    with UserStore.open(data_dir) as reopened:
        assert dict(reopened.iter_users()) == {1: {"n": 1}, 2: {"n": 2}}


# ---------------------------------------------------------------- issue 10 defect 3: deleted means gone from every file


async def test_forget_leaves_nothing_in_any_file_or_generation(data_dir: pathlib.Path) -> None:
    with UserStore.open(data_dir, compact_bytes=3000) as store:
        store.update(41, {"tz": "Pacific/Chatham", "note": "xyzzy-41"})
        store.compact()  # the snapshot generation holds them
        store.append(41, "cramp_log", {"place": "plugh-41"})  # and the journal after it
        for n in range(60):  # background compactions come and go meanwhile
            store.update(n % 5, {"n": n, "pad": "z" * 40})
        store.update(42, {"note": "someone else"})
        assert files_holding(data_dir, b"xyzzy-41", b"plugh-41", b'"41"') != []
        assert await store.forget(41) is True
        assert files_holding(data_dir, b"xyzzy-41", b"plugh-41", b'"41"') == []
        assert store.get(41) is None and store.get(42) == {"note": "someone else"}
        assert await store.forget(41) is False  # nothing left: still answers, still clean
    with UserStore.open(data_dir) as store:
        assert store.get(41) is None and store.get(42) == {"note": "someone else"}


def test_a_delete_cut_short_by_a_crash_is_scrubbed_at_the_next_start(data_dir: pathlib.Path) -> None:
    store = UserStore.open(data_dir)
    store.update(41, {"note": "xyzzy-41"})
    store.update(42, {"note": "stays"})
    store.delete_user(41)  # durable, but the journal still holds the earlier lines
    store.storage._close_journal()  # "crash" before the compaction /forget waits for
    store._lock.release()
    assert files_holding(data_dir, b"xyzzy-41") != []
    with UserStore.open(data_dir) as reopened:
        assert files_holding(data_dir, b"xyzzy-41", b'"41"') == []
        assert reopened.get(42) == {"note": "stays"}
