"""The store's start-up refuses damaged or missing files loudly and never replaces data with an empty store."""

from __future__ import annotations

import errno
import logging
import os
import pathlib
from collections.abc import Callable
from typing import Any

import pytest

from store import StoreCorruptError, UserStore, files, recovery
from tests.store_helpers import crash_with_journal, journal_path, raiser


@pytest.fixture()
def store(data_dir: pathlib.Path) -> Any:
    with UserStore.open(data_dir) as opened:
        yield opened


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


def test_damaged_middle_line_stops_start_up_and_leaves_the_file(data_dir: pathlib.Path) -> None:
    journal = crash_with_journal(data_dir)
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


# ---------------------------------------------------------------- issue 10: damage, missing files, temp files


def test_bad_crc_in_the_last_complete_line_is_damage_not_a_torn_write(data_dir: pathlib.Path) -> None:
    # Defect 6: a bit flip in the newest complete line was dropped as "torn", losing an
    # acknowledged write. Only an incomplete last line (no newline) is a torn write.
    journal = crash_with_journal(data_dir)
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
    journal = crash_with_journal(data_dir)  # no snapshot yet: everything is in the journal
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
    monkeypatch.setattr(files, "write_mapped_snapshot", raiser(errno.ENOSPC))
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
