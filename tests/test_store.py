"""UserStore and its journal storage: API, durability rules, damage and failure handling."""

from __future__ import annotations

import errno
import json
import logging
import os
import pathlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from tinydb import Query

from store import StoreCorruptError, StoreError, StoreLockedError, UserStore, export_data_dir, files, recovery

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture()
def data_dir(tmp_path: pathlib.Path) -> pathlib.Path:
    return tmp_path / "data"


@pytest.fixture()
def store(data_dir: pathlib.Path) -> Any:
    with UserStore.open(data_dir) as opened:
        yield opened


def journal_path(data_dir: pathlib.Path) -> pathlib.Path:
    journals = list(files.list_journals(data_dir).values())
    assert len(journals) == 1
    return journals[0]


def reopen(store: UserStore) -> UserStore:
    store.close()
    return UserStore.open(store.data_dir)


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


# ---------------------------------------------------------------- damage


def test_torn_last_line_is_dropped_with_warning(data_dir: pathlib.Path, caplog: pytest.LogCaptureFixture) -> None:
    with UserStore.open(data_dir) as store:
        store.update(1, {"n": 1})
        store.update(2, {"n": 2})
        journal = journal_path(data_dir)
        good = journal.read_bytes()
        store.storage._close_journal()  # "crash": keep the journal as is
        store._lock.release()
    journal.write_bytes(good + b'0badc0de {"t":"users","c":{"3":{"n"')
    with caplog.at_level(logging.WARNING), UserStore.open(data_dir) as store:
        assert dict(store.iter_users()) == {1: {"n": 1}, 2: {"n": 2}}
        assert "torn last line" in caplog.text
        assert journal.read_bytes() == good  # the tail was cut so new lines start clean
        store.update(3, {"n": 3})
    with UserStore.open(data_dir) as store:
        assert store.get(3) == {"n": 3}


def _crash_with_journal(data_dir: pathlib.Path) -> pathlib.Path:
    store = UserStore.open(data_dir)
    for n in range(3):
        store.update(n, {"n": n})
    store.storage._close_journal()
    store._lock.release()
    return journal_path(data_dir)


def test_damaged_middle_line_stops_start_up_and_leaves_the_file(data_dir: pathlib.Path) -> None:
    journal = _crash_with_journal(data_dir)
    lines = journal.read_bytes().splitlines(keepends=True)  # the header, then one line per write
    lines[2] = lines[2].replace(b'"n":1', b'"n":7')  # checksum no longer matches
    damaged = b"".join(lines)
    journal.write_bytes(damaged)
    with pytest.raises(StoreCorruptError) as caught:
        UserStore.open(data_dir)
    message = str(caught.value)
    assert str(journal) in message and "truncate -s" in message
    assert journal.read_bytes() == damaged
    # The lock was released: after the operator's fix the store opens.
    journal.write_bytes(b"".join(lines[:2]))
    with UserStore.open(data_dir) as store:
        assert dict(store.iter_users()) == {0: {"n": 0}}


def _flip_digit(data: bytes) -> bytes:
    return data.replace(b'"n":2', b'"n":3')


def _drop_last_line(data: bytes) -> bytes:
    return b"".join(data.splitlines(keepends=True)[:-1])


@pytest.mark.parametrize(
    "damage",
    [_flip_digit, _drop_last_line, lambda data: data[:-5], lambda data: b"[]\n" + data],
)
def test_damaged_snapshot_stops_start_up_and_leaves_the_file(
    data_dir: pathlib.Path, damage: Callable[[bytes], bytes]
) -> None:
    with UserStore.open(data_dir) as store:
        for n in range(1, 4):
            store.update(n, {"n": n})
    snapshot = data_dir / files.SNAPSHOT_NAME
    content = damage(snapshot.read_bytes())
    snapshot.write_bytes(content)
    with pytest.raises(StoreCorruptError, match=str(snapshot)):
        UserStore.open(data_dir)
    assert snapshot.read_bytes() == content


def test_missing_snapshot_is_not_replaced_by_an_empty_store(data_dir: pathlib.Path) -> None:
    with UserStore.open(data_dir) as store:
        store.update(1, {"n": 1})
    with UserStore.open(data_dir) as store:
        store.update(2, {"n": 2})
        store.storage.compact(wait=False)  # exercised path: rotation, then background snapshot
    (data_dir / files.SNAPSHOT_NAME).rename(data_dir / "aside.json")
    before = sorted(os.listdir(data_dir))
    with pytest.raises(StoreCorruptError, match="store.snapshot.jsonl is missing"):
        UserStore.open(data_dir)
    assert sorted(os.listdir(data_dir)) == before


def test_missing_journal_segment_stops_start_up(data_dir: pathlib.Path) -> None:
    store = UserStore.open(data_dir)
    store.update(1, {"n": 1})
    store.storage._rotate_journal()
    store.update(2, {"n": 2})
    store.storage._rotate_journal()
    store.update(3, {"n": 3})
    store.storage._close_journal()
    store._lock.release()
    files.list_journals(data_dir)[1].unlink()
    with pytest.raises(StoreCorruptError, match=r"store.journal.1.jsonl is missing"):
        UserStore.open(data_dir)


# ---------------------------------------------------------------- locking and failures


def test_second_instance_fails_at_once(store: UserStore) -> None:
    with pytest.raises(StoreLockedError) as caught:
        UserStore.open(store.data_dir)
    message = str(caught.value)
    assert "already using DATA_DIR" in message and f"pid {os.getpid()}" in message
    assert str(store.data_dir / ".lock") in message


def test_lock_is_released_on_close(data_dir: pathlib.Path) -> None:
    UserStore.open(data_dir).close()
    UserStore.open(data_dir).close()


def test_read_only_data_dir_gives_a_clear_error(data_dir: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir.mkdir()
    real_open = os.open

    def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).startswith(str(data_dir)) and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(StoreError, match="writable") as caught:
        UserStore.open(data_dir)
    assert str(data_dir) in str(caught.value)


def test_read_only_journal_after_start_is_not_acknowledged(store: UserStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.update(1, {"n": 1})
    monkeypatch.setattr(os, "write", _raiser(errno.EROFS))
    with pytest.raises(StoreError, match="Read-only file system"):
        store.update(1, {"n": 2})
    assert store.get(1) == {"n": 1}


def _raiser(code: int) -> Callable[..., Any]:
    def fail(*args: Any) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


def _write_partially_then_fail(real_write: Callable[[int, Any], int]) -> Callable[[int, Any], int]:
    calls = {"n": 0}

    def write(fd: int, data: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data[:7]))  # a torn half line lands on disk
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return write


@pytest.mark.parametrize("failure", ["write", "partial-write", "fdatasync"])
def test_full_disk_write_is_not_acknowledged_and_store_recovers(
    store: UserStore, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    store.update(1, {"n": 1})
    journal = journal_path(store.data_dir)
    size = journal.stat().st_size
    if failure == "write":
        monkeypatch.setattr(os, "write", _raiser(errno.ENOSPC))
    elif failure == "partial-write":
        monkeypatch.setattr(os, "write", _write_partially_then_fail(os.write))
    else:
        monkeypatch.setattr(os, "fdatasync", _raiser(errno.ENOSPC))
    with pytest.raises(StoreError, match="No space left on device"):
        store.update(1, {"n": 2})
    with pytest.raises(StoreError):
        store.delete_user(1)
    assert store.get(1) == {"n": 1}
    assert journal.stat().st_size == size  # rolled back: no half line left
    monkeypatch.undo()  # space is back
    assert store.update(1, {"n": 3}) == {"n": 3}
    store = reopen(store)
    try:
        assert store.get(1) == {"n": 3}
    finally:
        store.close()


def test_failed_rollback_refuses_further_writes(store: UserStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.update(1, {"n": 1})
    monkeypatch.setattr(os, "write", _raiser(errno.EIO))
    monkeypatch.setattr(os, "ftruncate", _raiser(errno.EIO))
    with pytest.raises(StoreError):
        store.update(1, {"n": 2})
    monkeypatch.undo()
    with pytest.raises(StoreError, match="no further changes are accepted"):
        store.update(1, {"n": 3})
    assert store.get(1) == {"n": 1}
    assert store.stats()["write_error"]


def test_stats_report_file_sizes(store: UserStore) -> None:
    store.update(1, {"n": 1})
    stats = store.stats()
    assert stats["users"] == 1
    assert stats["journal_bytes"] == journal_path(store.data_dir).stat().st_size > 0
    store.compact()
    stats = store.stats()
    assert stats["journal_entries"] == 0
    assert stats["journal_bytes"] == journal_path(store.data_dir).stat().st_size  # the header line
    assert stats["snapshot_bytes"] == (store.data_dir / files.SNAPSHOT_NAME).stat().st_size


def test_load_read_only_reports_a_torn_tail_without_touching_files(data_dir: pathlib.Path) -> None:
    journal = _crash_with_journal(data_dir)
    damaged = journal.read_bytes() + b"0000"
    journal.write_bytes(damaged)
    loaded = recovery.load_read_only(data_dir)
    assert sorted(loaded.tables["users"]) == ["0", "1", "2"]
    assert loaded.torn is not None and loaded.torn.torn_bytes == 4 and loaded.torn.path == journal
    assert journal.read_bytes() == damaged


def test_deleting_the_lock_file_does_not_let_a_second_instance_in(store: UserStore) -> None:
    # Issue 10 defect 7: an operator (or a cleanup job) removes DATA_DIR/.lock under a running bot.
    (store.data_dir / ".lock").unlink()
    with pytest.raises(StoreLockedError, match="already using DATA_DIR"):
        UserStore.open(store.data_dir)
    store.update(1, {"n": 1})  # the running bot keeps working
    assert store.get(1) == {"n": 1}


# ---------------------------------------------------------------- issue 10: damage, missing files, temp files


def test_bad_crc_in_the_last_complete_line_is_damage_not_a_torn_write(data_dir: pathlib.Path) -> None:
    # Defect 6: a bit flip in the newest complete line was dropped as "torn", losing an
    # acknowledged write. Only an incomplete last line (no newline) is a torn write.
    journal = _crash_with_journal(data_dir)
    damaged = journal.read_bytes().replace(b'"n":2', b'"n":3')
    journal.write_bytes(damaged)
    with pytest.raises(StoreCorruptError, match=str(journal)):
        UserStore.open(data_dir)
    assert journal.read_bytes() == damaged  # the evidence is kept
    with pytest.raises(StoreCorruptError, match=str(journal)):
        recovery.load_read_only(data_dir)


def _crash_after_compaction_with_newer_writes(data_dir: pathlib.Path) -> pathlib.Path:
    """A snapshot, then acknowledged writes that live only in the newest journal segment."""
    store = UserStore.open(data_dir)
    store.update(1, {"n": 1})
    store.compact()
    store.update(2, {"n": 2})
    store.update(3, {"n": 3})
    store.storage._close_journal()  # "crash": no compaction at close
    store._lock.release()
    return journal_path(data_dir)


@pytest.mark.parametrize("damage", ["deleted", "zero-truncated"])
def test_a_lost_newest_journal_segment_stops_start_up(data_dir: pathlib.Path, damage: str) -> None:
    journal = _crash_after_compaction_with_newer_writes(data_dir)
    if damage == "deleted":
        journal.unlink()
    else:
        journal.write_bytes(b"")
    before = sorted(os.listdir(data_dir))
    with pytest.raises(StoreCorruptError) as caught:
        UserStore.open(data_dir)
    message = str(caught.value)
    assert str(journal) in message and "\n" not in message
    assert sorted(os.listdir(data_dir)) == before


@pytest.mark.parametrize("damage", ["deleted", "zero-truncated"])
def test_a_lost_only_journal_of_a_new_store_stops_start_up(data_dir: pathlib.Path, damage: str) -> None:
    journal = _crash_with_journal(data_dir)  # no snapshot yet: everything is in the journal
    if damage == "deleted":
        journal.unlink()
    else:
        journal.write_bytes(b"")
    with pytest.raises(StoreCorruptError, match=str(journal)):
        UserStore.open(data_dir)


def test_a_shortened_older_journal_segment_stops_start_up(
    data_dir: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UserStore.open(data_dir)
    store.update(1, {"n": 1})
    store.update(2, {"n": 2})
    monkeypatch.setattr(files, "write_mapped_snapshot", _raiser(errno.ENOSPC))
    with pytest.raises(OSError):
        store.compact()  # rotated, then the snapshot failed: two segments to replay
    monkeypatch.undo()
    store.update(3, {"n": 3})
    store.storage._close_journal()
    store._lock.release()
    older = files.list_journals(data_dir)[0]
    older.write_bytes(b"".join(older.read_bytes().splitlines(keepends=True)[:-1]))
    with pytest.raises(StoreCorruptError, match=str(older)):
        UserStore.open(data_dir)


def test_a_deleted_manifest_with_journalled_writes_stops_start_up(data_dir: pathlib.Path) -> None:
    _crash_after_compaction_with_newer_writes(data_dir)
    manifest = data_dir / files.MANIFEST_NAME
    manifest.unlink()
    with pytest.raises(StoreCorruptError, match=str(manifest)):
        UserStore.open(data_dir)


def test_a_store_written_before_the_manifest_existed_still_opens(data_dir: pathlib.Path) -> None:
    # Data dirs from earlier versions: journal lines without a header line, no manifest.
    data_dir.mkdir()
    legacy = data_dir / files.journal_name(0)
    legacy.write_bytes(files.encode_line("users", {"1": b'{"n":1}'}) + files.encode_line("users", {"2": b'{"n":2}'}))
    with UserStore.open(data_dir) as store:
        assert dict(store.iter_users()) == {1: {"n": 1}, 2: {"n": 2}}
        assert (data_dir / files.MANIFEST_NAME).exists()
        store.update(3, {"n": 3})
    with UserStore.open(data_dir) as store:
        assert sorted(store.user_ids()) == [1, 2, 3]


def test_temp_files_of_earlier_crashes_are_removed_at_start(data_dir: pathlib.Path) -> None:
    with UserStore.open(data_dir) as store:
        store.update(1, {"n": 1})
    leftovers = ["store.snapshot.jsonl.tmp", "store.journal.7.jsonl.tmp", "store.manifest.json.tmp"]
    for name in leftovers:
        (data_dir / name).write_bytes(b"half written")
    with UserStore.open(data_dir) as store:
        assert store.get(1) == {"n": 1}
        assert not [name for name in os.listdir(data_dir) if name.endswith(".tmp")]


def _full_disk_in(data_dir: pathlib.Path, monkeypatch: pytest.MonkeyPatch, *, spare_lock: bool = False) -> None:
    """Every write into ``data_dir`` fails with ENOSPC, as on a full file system."""
    real_write, real_pwrite = os.write, os.pwrite

    def in_data_dir(fd: int) -> bool:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            return False
        return target.startswith(str(data_dir)) and not (spare_lock and target.endswith("/.lock"))

    def write(fd: int, data: Any) -> int:
        if in_data_dir(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    def pwrite(fd: int, data: Any, offset: int) -> int:
        if in_data_dir(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_pwrite(fd, data, offset)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "pwrite", pwrite)


@pytest.mark.parametrize("spare_lock", [False, True], ids=["lock-file-fails", "journal-fails"])
def test_a_full_disk_at_first_start_gives_one_clear_error_and_leaves_no_temp_files(
    data_dir: pathlib.Path, monkeypatch: pytest.MonkeyPatch, spare_lock: bool
) -> None:
    # Defect 11 (store part).
    data_dir.mkdir()
    _full_disk_in(data_dir, monkeypatch, spare_lock=spare_lock)
    with pytest.raises(StoreError) as caught:
        UserStore.open(data_dir)
    message = str(caught.value)
    assert "No space left on device" in message and str(data_dir) in message and "\n" not in message
    assert not [name for name in os.listdir(data_dir) if name.endswith(".tmp")]
    monkeypatch.undo()  # space is back: the store starts and the lock was released
    with UserStore.open(data_dir) as store:
        store.update(1, {"n": 1})


def test_a_new_data_dir_is_private(tmp_path: pathlib.Path) -> None:
    data_dir = tmp_path / "new" / "data"
    with UserStore.open(data_dir):
        assert data_dir.stat().st_mode & 0o777 == 0o700


# ---------------------------------------------------------------- issue 10 defect 3: deleted means gone from every file


def _files_holding(data_dir: pathlib.Path, *needles: bytes) -> list[str]:
    return sorted(
        path.name for path in data_dir.rglob("*") if path.is_file() and any(n in path.read_bytes() for n in needles)
    )


async def test_forget_leaves_nothing_in_any_file_or_generation(data_dir: pathlib.Path) -> None:
    with UserStore.open(data_dir, compact_bytes=3000) as store:
        store.update(41, {"tz": "Pacific/Chatham", "note": "xyzzy-41"})
        store.compact()  # the snapshot generation holds them
        store.append(41, "cramp_log", {"place": "plugh-41"})  # and the journal after it
        for n in range(60):  # background compactions come and go meanwhile
            store.update(n % 5, {"n": n, "pad": "z" * 40})
        store.update(42, {"note": "someone else"})
        assert _files_holding(data_dir, b"xyzzy-41", b"plugh-41", b'"41"') != []
        assert await store.forget(41) is True
        assert _files_holding(data_dir, b"xyzzy-41", b"plugh-41", b'"41"') == []
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
    assert _files_holding(data_dir, b"xyzzy-41") != []
    with UserStore.open(data_dir) as reopened:
        assert _files_holding(data_dir, b"xyzzy-41", b'"41"') == []
        assert reopened.get(42) == {"note": "stays"}


def test_a_full_disk_at_first_start_is_one_line_from_the_runner(
    data_dir: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Defect 11 as the operator sees it: `python -m bot` prints one line and exits 1, no traceback.
    from bot import runner
    from core.settings import Settings

    data_dir.mkdir()
    monkeypatch.setattr(runner, "setup_logging", lambda *args, **kwargs: None)  # keep pytest's logging
    _full_disk_in(data_dir, monkeypatch, spare_lock=True)
    assert runner.run(Settings(bot_token="123:abc", bot_api_url="http://127.0.0.1:9/bot", data_dir=data_dir)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and "Traceback" not in err, err
    assert not [name for name in os.listdir(data_dir) if name.endswith(".tmp")]
