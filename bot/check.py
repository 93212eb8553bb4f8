"""`python -m bot check`: is this setup fit to run, and is the bot that runs on it healthy?

One command serves both as the operator's pre-flight check and as the container health check:

- no bot running (the store's lock is free): settings, a writable data directory, a store that
  parses completely (snapshot + journal, read-only) and the knowledge file;
- a bot running (the lock is held, which is expected, so it is reported as ok): the same, except
  that the full store parse is left out (the running bot loaded and keeps validating it; parsing
  100k users every health probe would be waste), and the bot's heartbeat must be fresh — the
  heartbeat job runs on the bot's event loop, so a hung bot stops it.

One line per check ("ok   ..." / "FAIL ..."); the exit code is non-zero when anything failed.
The token is never printed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from bot.heartbeat import HEARTBEAT_FILE, read_heartbeat
from core.settings import TELEGRAM_API_URL, Settings
from knowledge.base import KNOWLEDGE_FILE, KnowledgeBase
from store import StoreCorruptError, StoreError, StoreLockedError, files, recovery
from store.lock import LOCK_NAME, DirLock
from store.repository import USERS_TABLE

EXIT_OK = 0
EXIT_FAILED = 1
# Three missed beats: one slow beat (a long compaction, a busy minute) is not an outage.
HEARTBEAT_STALE_AFTER = timedelta(seconds=90)
# A compaction running between our directory listing and our reads can make the files look
# inconsistent for a moment; that is retried, real damage is not.
STORE_READ_ATTEMPTS = 3


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.text}"


@dataclass(frozen=True)
class LockState:
    checked: bool
    holder_pid: int | None = None  # set when a running bot holds the lock


def run_checks(
    settings: Settings,
    out: TextIO,
    *,
    now: datetime | None = None,
    knowledge_file: Path | None = None,
) -> int:
    """Run every check, print one line each and a summary; 0 when all passed."""
    moment = now or datetime.now(UTC)
    checks: list[Check] = [check_settings(settings)]
    data_dir_check = check_data_dir(settings.data_dir)
    checks.append(data_dir_check)
    lock_check, lock = check_lock(settings.data_dir)
    checks.append(lock_check)
    if lock.holder_pid is not None:
        checks.append(check_store_files_present(settings.data_dir))
        checks.append(check_heartbeat(settings.data_dir, lock.holder_pid, moment))
    else:
        checks.append(check_store_readable(settings.data_dir))
    checks.append(check_knowledge(knowledge_file))
    for check in checks:
        print(check.line(), file=out)
    failed = sum(1 for check in checks if not check.ok)
    print("all checks passed" if not failed else f"{failed} check(s) failed", file=out)
    return EXIT_OK if not failed else EXIT_FAILED


# ------------------------------------------------------------------ settings


def check_settings(settings: Settings) -> Check:
    """Already parsed by the time we run; say what they amount to, never the token itself."""
    token = "token set" if settings.bot_token else "no BOT_TOKEN (local mode)"
    admins = f"{len(settings.admin_ids)} admin id(s)"
    summary = f"settings: mode {settings.mode}, {token}, {admins}, tz {settings.default_tz}, log {settings.log_level}"
    hook = settings.webhook
    if hook is None:
        return Check(True, summary)
    summary += f", webhook {hook.url} -> {hook.listen}:{hook.port}"
    # Telegram only posts to https; a self-hosted Bot API server (other BOT_API_URL) may allow http.
    if not hook.url.startswith("https://") and settings.bot_api_url == TELEGRAM_API_URL:
        return Check(False, summary + " (Telegram only delivers to https:// webhook URLs)")
    return Check(True, summary)


# ------------------------------------------------------------------ data directory


def check_data_dir(data_dir: Path) -> Check:
    if not data_dir.exists():
        return _check_creatable(data_dir)
    if not data_dir.is_dir():
        return Check(False, f"data dir {data_dir} is not a directory")
    try:
        _write_and_sync_probe(data_dir)
    except OSError as exc:
        return Check(False, f"data dir {data_dir} is not writable ({exc.strerror}): give the bot's user write access")
    return Check(True, f"data dir {data_dir} writable")


def _check_creatable(data_dir: Path) -> Check:
    """Really create it (permission bits say nothing to root or about read-only mounts), then undo."""
    missing = [path for path in [data_dir, *data_dir.absolute().parents] if not path.exists()]
    try:
        data_dir.mkdir(parents=True)
        try:
            _write_and_sync_probe(data_dir)
        finally:
            for path in missing:  # deepest first
                path.rmdir()
    except OSError as exc:
        return Check(False, f"data dir {data_dir} does not exist and cannot be created ({exc.strerror})")
    return Check(True, f"data dir {data_dir} does not exist yet; it can be created and written")


def _write_and_sync_probe(directory: Path) -> None:
    """Really create, write, fsync and remove a file: a read-only mount or full disk shows here."""
    fd, name = tempfile.mkstemp(prefix=".check-", dir=directory)
    try:
        os.write(fd, b"probe\n")
        os.fsync(fd)
    finally:
        os.close(fd)
        os.unlink(name)


# ------------------------------------------------------------------ lock


def check_lock(data_dir: Path) -> tuple[Check, LockState]:
    """Try the store's lock without waiting. A running bot holding it is the healthy case."""
    if not data_dir.is_dir():
        return Check(True, "lock free (no data dir yet)"), LockState(checked=True)
    lock = DirLock(data_dir)
    try:
        # Held only for the instant between these two calls, so a bot starting right now
        # is not kept out in practice (and its service manager would restart it).
        lock.acquire()
        lock.release()
    except StoreLockedError:
        pid = _pid_in(data_dir / LOCK_NAME)
        if pid is None:
            return Check(False, f"lock {data_dir / LOCK_NAME} is held but names no pid"), LockState(checked=True)
        return Check(True, f"lock held by running bot (pid {pid})"), LockState(checked=True, holder_pid=pid)
    except StoreError as exc:
        return Check(False, f"lock: {exc}"), LockState(checked=False)
    return Check(True, "lock free (no bot running on this data dir)"), LockState(checked=True)


def _pid_in(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


# ------------------------------------------------------------------ store


@dataclass(frozen=True)
class StoreSummary:
    users: int
    generation: int
    segments: int
    torn_bytes: int


def check_store_readable(data_dir: Path) -> Check:
    """Parse snapshot + journal exactly as start-up would, but read-only and without the lock."""
    if not data_dir.is_dir():
        return Check(True, "store empty (new data dir)")
    try:
        summary = _with_retries(lambda: load_store_read_only(data_dir))
    except StoreError as exc:
        return Check(False, f"store unreadable: {exc}")
    except OSError as exc:
        return Check(False, f"store unreadable: {exc.strerror} ({exc.filename})")
    text = (
        f"store readable: {summary.users} users, journal generation {summary.generation}, "
        f"{summary.segments} journal segment(s)"
    )
    if summary.torn_bytes:
        text += f"; a torn last line ({summary.torn_bytes} bytes, never acknowledged) will be dropped at start"
    return Check(True, text)


def _with_retries(load: Callable[[], StoreSummary]) -> StoreSummary:
    for attempt in range(STORE_READ_ATTEMPTS):
        try:
            return load()
        except (StoreCorruptError, FileNotFoundError):
            if attempt == STORE_READ_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def load_store_read_only(data_dir: Path) -> StoreSummary:
    """What the store loads at start, without touching a file (it repairs nothing)."""
    loaded = recovery.load_read_only(data_dir)
    torn = loaded.torn.torn_bytes if loaded.torn is not None else 0
    return StoreSummary(len(loaded.tables.get(USERS_TABLE, {})), loaded.generation, len(loaded.replayed), torn)


def check_store_files_present(data_dir: Path) -> Check:
    """With a bot running: the files are there and readable (content is the bot's business)."""
    snapshot = data_dir / files.SNAPSHOT_NAME
    try:
        journals = files.list_journals(data_dir)
        if snapshot.exists():
            with open(snapshot, "rb") as handle:
                handle.readline()
        size = sum(path.stat().st_size for path in journals.values())
    except OSError as exc:
        return Check(False, f"store files unreadable: {exc.strerror} ({exc.filename})")
    return Check(
        True,
        f"store files readable ({len(journals)} journal segment(s), {size} journal bytes; full parse skipped while the bot runs)",
    )


# ------------------------------------------------------------------ heartbeat


def check_heartbeat(data_dir: Path, holder_pid: int, now: datetime) -> Check:
    beat = read_heartbeat(data_dir)
    if beat is None:
        return Check(False, f"no heartbeat ({data_dir / HEARTBEAT_FILE}) from running bot pid {holder_pid}")
    pid, at = beat
    if pid != holder_pid:
        return Check(False, f"heartbeat is from pid {pid}, not the running bot pid {holder_pid} (still starting?)")
    age = now - at
    if age > HEARTBEAT_STALE_AFTER:
        return Check(False, f"heartbeat of pid {pid} is {int(age.total_seconds())} s old: the bot is stuck")
    return Check(True, f"heartbeat {max(int(age.total_seconds()), 0)} s ago from pid {pid}")


# ------------------------------------------------------------------ knowledge


def check_knowledge(source: Path | None = None) -> Check:
    """Load the knowledge records into the in-memory store (nothing is written to DATA_DIR)."""
    path = source or KNOWLEDGE_FILE
    try:
        knowledge = KnowledgeBase.load(None, source=path, use_model=False)
    except Exception as exc:  # any failure to load is the finding we report, with its cause
        return Check(False, f"knowledge file {path} does not load: {type(exc).__name__}: {exc}")
    return Check(True, f"knowledge file {path} loads, version {knowledge.version}")
