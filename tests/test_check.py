"""`python -m bot check`: good setups pass, each kind of breakage fails with its own line."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.check import run_checks
from bot.heartbeat import write_heartbeat
from core.settings import Settings, WebhookSettings
from knowledge.base import KNOWLEDGE_FILE
from store import UserStore, files
from store.lock import DirLock

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:ABCdef_ghi-jkl"
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)


def _settings(data_dir: Path, **overrides: object) -> Settings:
    return Settings(bot_token=TOKEN, data_dir=data_dir, **overrides)  # type: ignore[arg-type]


def _run(settings: Settings, **kwargs: object) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run_checks(settings, out, now=NOW, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue().splitlines()


def _line(lines: list[str], fragment: str) -> str:
    matches = [line for line in lines if line[5:].startswith(fragment)]
    assert len(matches) == 1, lines
    return matches[0]


def _store_with_users(data_dir: Path, count: int) -> None:
    with UserStore.open(data_dir) as store:
        for user_id in range(1, count + 1):
            store.ensure_user(user_id, user_id, NOW)


def test_good_setup_passes_with_one_line_per_check(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _store_with_users(data_dir, 3)
    code, lines = _run(_settings(data_dir, admin_ids=frozenset({1})))
    assert code == 0, lines
    assert all(line.startswith("ok   ") for line in lines[:-1]), lines
    assert lines[-1] == "all checks passed"
    assert "mode polling" in _line(lines, "settings:") and "token set" in _line(lines, "settings:")
    assert _line(lines, "data dir").endswith("writable")
    assert "lock free" in _line(lines, "lock")
    assert "3 users" in _line(lines, "store readable")
    assert "version" in _line(lines, "knowledge file")
    assert not list(data_dir.glob(".check-*")), "the write probe must clean up"


def test_token_is_never_printed(tmp_path: Path) -> None:
    _, lines = _run(_settings(tmp_path))
    assert TOKEN not in "\n".join(lines)
    assert "ABCdef" not in "\n".join(lines)


def test_missing_data_dir_that_can_be_created_is_ok_and_not_created(tmp_path: Path) -> None:
    data_dir = tmp_path / "new" / "data"
    code, lines = _run(_settings(data_dir))
    assert code == 0, lines
    assert "can be created" in _line(lines, "data dir")
    assert not data_dir.exists()


def test_read_only_data_dir_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "data"
    _store_with_users(data_dir, 1)

    def read_only_fs(*args: object, **kwargs: object) -> None:
        # What a read-only mount answers (chmod would not stop root, who may run the tests).
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr("bot.check.tempfile.mkstemp", read_only_fs)
    code, lines = _run(_settings(data_dir))
    assert code == 1
    line = _line(lines, "data dir")
    assert line.startswith("FAIL") and "not writable" in line and "Read-only file system" in line
    assert lines[-1] == "1 check(s) failed"


def test_data_dir_that_cannot_be_created_fails(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a directory would have to be")
    code, lines = _run(_settings(blocker / "data"))
    assert code == 1
    assert _line(lines, "data dir").startswith("FAIL") and "cannot be created" in _line(lines, "data dir")


def test_data_dir_that_is_a_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "data"
    path.write_text("not a directory")
    code, lines = _run(_settings(path))
    assert code == 1
    assert _line(lines, "data dir").startswith("FAIL") and "not a directory" in _line(lines, "data dir")


def test_corrupt_snapshot_fails_and_is_left_untouched(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _store_with_users(data_dir, 2)
    snapshot = data_dir / "store.snapshot.jsonl"
    damaged = snapshot.read_bytes().replace(b'"active":true', b'"active":fals', 1)
    snapshot.write_bytes(damaged)
    code, lines = _run(_settings(data_dir))
    assert code == 1
    line = _line(lines, "store")
    assert line.startswith("FAIL store unreadable") and "damaged" in line
    assert snapshot.read_bytes() == damaged


def test_damaged_journal_line_before_the_end_fails(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    good = files.encode_line("users", {"1": files.encode_doc({"profile": {"chat_id": 1}})})
    # Damage followed by a good line is not a torn append: changes after it would be lost.
    (data_dir / files.journal_name(0)).write_bytes(b"garbage line\n" + good)
    code, lines = _run(_settings(data_dir))
    assert code == 1
    line = _line(lines, "store")
    assert line.startswith("FAIL store unreadable") and "journal" in line and "damaged at byte 0" in line


def test_torn_last_journal_line_is_reported_but_ok(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _store_with_users(data_dir, 1)
    newest = max(files.list_journals(data_dir).items())[1]
    with open(newest, "ab") as journal:  # the bot died mid-append
        journal.write(b'0000abcd {"t":"users","c":{"5":{"pro')
    code, lines = _run(_settings(data_dir))
    assert code == 0, lines
    assert "torn last line" in _line(lines, "store readable")


def test_missing_journal_segment_fails(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _store_with_users(data_dir, 1)
    # The snapshot is generation 1; a segment 3 without segment 2 means lost changes.
    (data_dir / "store.journal.3.jsonl").write_bytes(b"")
    code, lines = _run(_settings(data_dir))
    assert code == 1
    assert "missing" in _line(lines, "store")


def test_bad_knowledge_file_fails(tmp_path: Path) -> None:
    broken = tmp_path / "facts.json"
    data = json.loads(KNOWLEDGE_FILE.read_text(encoding="utf-8"))
    del data[0]["text"]  # a fact record without its text
    broken.write_text(json.dumps(data))
    code, lines = _run(_settings(tmp_path / "data"), knowledge_file=broken)
    assert code == 1
    assert _line(lines, "knowledge").startswith("FAIL knowledge file") and "KeyError" in _line(lines, "knowledge")


def test_unparseable_knowledge_file_fails(tmp_path: Path) -> None:
    broken = tmp_path / "knowledge.json"
    broken.write_text("{not json")
    code, lines = _run(_settings(tmp_path / "data"), knowledge_file=broken)
    assert code == 1
    assert "JSONDecodeError" in _line(lines, "knowledge")


def test_http_webhook_for_real_telegram_fails(tmp_path: Path) -> None:
    hook = WebhookSettings(url="http://bot.example.org/tg/hook", listen="0.0.0.0", port=8443, secret_token="s")
    code, lines = _run(_settings(tmp_path, mode="webhook", webhook=hook))
    assert code == 1
    assert "https" in _line(lines, "settings:")
    assert "mode webhook" in _line(lines, "settings:")


class _HeldLock:
    """The lock as a running bot holds it (the pid written is this process's)."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.lock = DirLock(data_dir)

    def __enter__(self) -> None:
        self.lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def _check_in_other_process(data_dir: Path) -> subprocess.CompletedProcess[str]:
    # flock is per open file description, so the probe must come from another process to see it held.
    env = {k: v for k, v in os.environ.items() if k not in {"MODE", "LOG_LEVEL", "ENV_FILE"}}
    env.update(BOT_TOKEN=TOKEN, DATA_DIR=str(data_dir), ENV_FILE=str(data_dir / "absent.env"))
    return subprocess.run(
        [sys.executable, "-m", "bot", "check"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )


def test_lock_held_by_a_bot_with_a_fresh_heartbeat_is_healthy(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _store_with_users(data_dir, 2)
    with _HeldLock(data_dir):
        write_heartbeat(data_dir, os.getpid(), datetime.now(UTC))
        result = _check_in_other_process(data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"ok   lock held by running bot (pid {os.getpid()})" in result.stdout
    assert "heartbeat" in result.stdout and "full parse skipped" in result.stdout
    assert TOKEN not in result.stdout + result.stderr


def test_lock_held_with_a_stale_heartbeat_fails(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _store_with_users(data_dir, 1)
    with _HeldLock(data_dir):
        write_heartbeat(data_dir, os.getpid(), datetime.now(UTC) - timedelta(minutes=5))
        result = _check_in_other_process(data_dir)
    assert result.returncode == 1
    assert "FAIL heartbeat" in result.stdout and "stuck" in result.stdout


def test_lock_held_without_a_heartbeat_fails(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with _HeldLock(data_dir):
        result = _check_in_other_process(data_dir)
    assert result.returncode == 1
    assert "FAIL no heartbeat" in result.stdout
