"""The store under failure: one instance per data dir, read-only and full disks, and what a failed write leaves."""

from __future__ import annotations

import errno
import os
import pathlib
from collections.abc import Callable
from typing import Any

import pytest

from store import StoreError, StoreLockedError, UserStore, files, recovery
from tests.store_helpers import crash_with_journal, journal_path, raiser, reopen


@pytest.fixture()
def store(data_dir: pathlib.Path) -> Any:
    with UserStore.open(data_dir) as opened:
        yield opened


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
    monkeypatch.setattr(os, "write", raiser(errno.EROFS))
    with pytest.raises(StoreError, match="Read-only file system"):
        store.update(1, {"n": 2})
    assert store.get(1) == {"n": 1}


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
        monkeypatch.setattr(os, "write", raiser(errno.ENOSPC))
    elif failure == "partial-write":
        monkeypatch.setattr(os, "write", _write_partially_then_fail(os.write))
    else:
        monkeypatch.setattr(os, "fdatasync", raiser(errno.ENOSPC))
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
    monkeypatch.setattr(os, "write", raiser(errno.EIO))
    monkeypatch.setattr(os, "ftruncate", raiser(errno.EIO))
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
    journal = crash_with_journal(data_dir)
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
