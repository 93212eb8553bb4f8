"""The snapshot split by table: only changed tables are rewritten, and a kill at any step of a
compaction (between a table's file, the index, the main file and the index again) loses nothing."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest

from store import UserStore, files, snapshots
from store.table import DocTable


class Killed(BaseException):
    """Stands for SIGKILL at one step of a compaction (nothing after it runs)."""


def state(store: UserStore) -> dict[str, Any]:
    return {
        "users": dict(store.iter_users()),
        "sent": sorted((user, name, record["s"]) for user, name, record in store.iter_records("sent")),
    }


def crash(store: UserStore) -> None:
    store.storage._close_journal()  # no compaction at close: the process is gone
    store._lock.release()


def fill(store: UserStore, serial: int) -> None:
    for user in range(1, 6):
        store.update(user, {"v": serial + user})
        store.set_record("sent", user, "food", {"s": serial + user})


def test_a_compaction_rewrites_only_the_tables_that_changed(tmp_path: pathlib.Path) -> None:
    with UserStore.open(tmp_path, background_compaction=False) as store:
        fill(store, 0)
        store.compact()
        users_file = snapshots.table_path(tmp_path, "users")
        sent_file = snapshots.table_path(tmp_path, "sent")
        users_inode = users_file.stat().st_ino
        store.set_record("sent", 1, "food", {"s": 99})  # only the small records change
        written = store.storage.snapshot_bytes_written
        store.compact()
        assert users_file.stat().st_ino == users_inode  # not rewritten
        assert store.storage.snapshot_bytes_written - written == sent_file.stat().st_size
        before = state(store)
    with UserStore.open(tmp_path) as reopened:
        assert state(reopened) == before


# Each step a compaction of both tables takes, in order; a kill right after each.
STEPS = ["sent file", "interim index", "main file", "final index"]


@pytest.mark.parametrize("kill_after", range(len(STEPS)))
@pytest.mark.parametrize("older_data_dir", [False, True])
def test_a_kill_at_any_step_of_a_compaction_loses_nothing(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, kill_after: int, older_data_dir: bool
) -> None:
    if older_data_dir:  # one snapshot file of every table, no index: as before the split
        users, sent = DocTable(), DocTable()
        for user in range(1, 4):
            users[str(user)] = files.encode_doc({"v": user})
            sent[f"{user}:food"] = files.encode_doc({"s": user})
        files.write_snapshot(tmp_path / files.SNAPSHOT_NAME, {"users": users, "sent": sent}, 0)
    store = UserStore.open(tmp_path, background_compaction=False)
    fill(store, 100)
    expected = state(store)
    steps = iter(range(len(STEPS)))
    real_write, real_index = files.write_mapped_snapshot, snapshots.write_index

    def step_then_maybe_die() -> None:
        if next(steps) == kill_after:
            raise Killed

    def write(*args: Any) -> Any:
        result = real_write(*args)
        step_then_maybe_die()
        return result

    def index(*args: Any) -> None:
        real_index(*args)
        step_then_maybe_die()

    monkeypatch.setattr(files, "write_mapped_snapshot", write)
    monkeypatch.setattr(snapshots, "write_index", index)
    with pytest.raises(Killed):
        store.compact()
    monkeypatch.undo()
    crash(store)
    with UserStore.open(tmp_path, background_compaction=False) as reopened:
        assert state(reopened) == expected
        reopened.compact()  # and the files it leaves are whole again
    with UserStore.open(tmp_path) as again:
        assert state(again) == expected
