"""``UserStore``: the typed repository over the one TinyDB database of users.

One document per Telegram user, doc_id = user id; features own top-level keys (ARCHITECTURE.md).
Every method is a lookup by doc_id: no call scans all users, and every change is one fsync'd
journal append (see ``store.storage``), durable before the method returns.

Use it from one thread (the event loop). It is fast enough to call synchronously there:
reads are a dict lookup plus a copy, writes one small append + fdatasync.
"""

from __future__ import annotations

import logging
import pathlib
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from core.userdoc import UserDoc, as_user_doc
from store import files, recovery
from store.errors import StoreError
from store.lock import DirLock
from store.storage import DEFAULT_COMPACT_BYTES, JournalStorage

log = logging.getLogger(__name__)

USERS_TABLE = "users"
# Small per-person records kept beside the document (e.g. the scheduler's sent marks), so a
# frequent tiny change journals tens of bytes, not the whole ~1 KB document. Keys are
# "<user id>:<name>"; /forget removes them with the document. 'updates' is the bot's own
# (owner 0): which Telegram updates are handled, so a restart never handles one twice. 'asked':
# the bot's last question to a person (handlers.replies), what a typed "ok" answers. 'paid': the
# bot's own (owner 0) count of paid broadcasts against today's budget (bot.operations).
RECORD_TABLES = frozenset({"sent", "updates", "schedule", "seen", "asked", "paid"})
Listener = Callable[[int, UserDoc | None], None]
# (the person's document) -> a small JSON summary of it, or None; see ``UserStore.keep_summary``.
Summarizer = Callable[[UserDoc], dict[str, Any] | None]
_SUMMARY = "summary"  # the record name of a kept summary
_FIX_BATCH = 1000  # stale summaries rewritten per journal line at start-up


class StoreDB(TinyDB):
    """TinyDB wired to the journal storage (stock ``Table``); the default table holds the users."""

    default_table_name = USERS_TABLE


class UserStore:
    """Everything the bot remembers about people, one document per user id."""

    def __init__(self, data_dir: pathlib.Path, lock: DirLock, db: StoreDB) -> None:
        """Use ``UserStore.open``; this only wires already opened parts together."""
        self.data_dir = data_dir
        self._lock = lock
        self.db = db
        self._users = db.table(USERS_TABLE)
        self._listeners: list[Listener] = []
        self._summaries: dict[str, tuple[Summarizer, int]] = {}
        # Records to write in the next batch (``set_record_later``): table -> key -> record.
        self._later: dict[str, dict[str, dict[str, Any] | None]] = {}
        self._later_since: float | None = None  # monotonic time of the oldest one
        self._flushing = False
        self._closed = False

    @classmethod
    def open(
        cls,
        data_dir: pathlib.Path,
        *,
        compact_bytes: int = DEFAULT_COMPACT_BYTES,
        background_compaction: bool = True,
    ) -> UserStore:
        """Create ``data_dir`` if missing, take its lock, load snapshot + journal."""
        data_dir = pathlib.Path(data_dir)
        try:
            # Health data: only the bot's user may list or read it (an existing dir is left as is).
            data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create DATA_DIR {data_dir} ({exc.strerror})") from exc
        lock = DirLock(data_dir)
        lock.acquire()
        try:
            db = StoreDB(
                data_dir,
                storage=JournalStorage,
                compact_bytes=compact_bytes,
                background_compaction=background_compaction,
            )
        except BaseException:
            lock.release()
            raise
        store = cls(data_dir, lock, db)
        log.info("store: opened %s users=%d", data_dir, store.count())
        return store

    @property
    def storage(self) -> JournalStorage:
        storage = self.db.storage
        assert isinstance(storage, JournalStorage)
        return storage

    def close(self) -> None:
        """Compact, close the journal and release the lock; idempotent."""
        if self._closed:
            return
        self._closed = True
        try:
            self._write_later_now()
            self.db.close()
        finally:
            self._lock.release()

    def __enter__(self) -> UserStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------ reads

    def get(self, user_id: int) -> UserDoc | None:
        """A deep copy of the user's document (safe to mutate), or None."""
        raw = self._live().get(str(user_id))
        return None if raw is None else _user_doc(raw)

    def user_ids(self) -> list[int]:
        return [int(key) for key in self._live()]

    def iter_users(self) -> Iterator[tuple[int, UserDoc]]:
        """Every (user id, document), for building indexes at start-up.

        Documents are decoded from the stored bytes (~8 µs per user, so ~1 s at 100,000
        users): they are fresh objects, yet treat them as read-only and change users only
        through ``update``. Do not write to the store while iterating.
        """
        for key, raw in _each(self._live()):
            yield int(key), _user_doc(raw)
        self.storage.release_pages()  # a full scan mapped every page of the snapshot

    def count(self) -> int:
        return len(self._users)

    def export_user(self, user_id: int) -> dict[str, Any] | None:
        """Everything stored about one user, JSON-serialisable: ``{"user_id", "document"}``.

        The stored form as it is (not the typed view ``get`` gives): an export holds everything.
        """
        raw = self._live().get(str(user_id))
        if raw is None:
            return None
        export: dict[str, Any] = {"user_id": user_id, "document": files.decode_doc(raw)}
        records = {table: dict(self._records_of(table, user_id)) for table in sorted(RECORD_TABLES)}
        if any(records.values()):
            export["records"] = {table: found for table, found in records.items() if found}
        return export

    # ------------------------------------------------------------ small records

    def record(self, table: str, user_id: int, name: str) -> dict[str, Any] | None:
        """One small record of a person (see ``RECORD_TABLES``), or None; one set later counts."""
        key = _record_key(user_id, name)
        later = self._later.get(_record_table(table), {})
        if key in later:
            found = later[key]
            return None if found is None else dict(found)
        raw = self.storage.raw_table(table).get(key)
        return None if raw is None else files.decode_doc(raw)

    def set_record_later(self, table: str, user_id: int, name: str, record: dict[str, Any] | None) -> None:
        """Set a record in the next batch (``flush_later``), not durably now: for what changes
        often and costs little to lose (last-seen times). Reads see it at once; a kill loses the
        records set since the last flush, never anything else."""
        self._check_open()
        key = _record_key(user_id, name)
        self._later.setdefault(_record_table(table), {})[key] = None if record is None else dict(record)
        if self._later_since is None:
            self._later_since = time.monotonic()

    async def flush_later(self, older_than_s: float = 0.0) -> int:
        """Write the batch of ``set_record_later`` records, once its oldest is ``older_than_s`` old:
        one journal line per table, its fdatasync in a worker thread (the loop never waits on the
        disk). Returns how many records were written."""
        since = self._later_since
        if since is None or self._flushing or time.monotonic() - since < older_than_s:
            return 0
        batch, self._later, self._later_since = self._later, {}, None
        self._flushing = True
        try:
            # Every line before the first pause: a /forget meanwhile then finds them all.
            for table, records in batch.items():
                changes = {key: None if found is None else files.encode_doc(found) for key, found in records.items()}
                self.storage.commit(table, changes, sync=False)
            await self.storage.sync_off_loop()
        finally:
            self._flushing = False
        return sum(len(records) for records in batch.values())

    def _write_later_now(self) -> None:
        """The batch, synchronously (at close)."""
        batch, self._later, self._later_since = self._later, {}, None
        for table, records in batch.items():
            self.storage.commit(
                table, {key: None if found is None else files.encode_doc(found) for key, found in records.items()}
            )

    def set_record(self, table: str, user_id: int, name: str, record: dict[str, Any] | None) -> None:
        """Durably set (None: remove) one small record: one journal line of its own size.

        Listeners are not called: records are not part of the document.
        """
        self._check_open()
        key = _record_key(user_id, name)
        raw = None if record is None else files.encode_doc(record)
        if raw != self.storage.raw_table(_record_table(table)).get(key):
            self.storage.commit(table, {key: raw})

    def iter_records(self, table: str) -> Iterator[tuple[int, str, dict[str, Any]]]:
        """Every (user id, name, record) of a table, for start-up."""
        for key, raw in _each(self.storage.raw_table(_record_table(table))):
            user, _, name = key.partition(":")
            yield int(user), name, files.decode_doc(raw)
        self.storage.release_pages()

    def _records_of(self, table: str, user_id: int) -> Iterator[tuple[str, dict[str, Any]]]:
        """A person's records: a scan of the table, which only /forget and export need."""
        prefix = f"{user_id}:"
        docs, later = self.storage.raw_table(table), self._later.get(table, {})
        for key in [key for key in docs if key.startswith(prefix) and key not in later]:
            raw = docs.get(key)
            if raw is not None:
                yield key[len(prefix) :], files.decode_doc(raw)
        for key, found in list(later.items()):
            if key.startswith(prefix) and found is not None:
                yield key[len(prefix) :], dict(found)

    # ------------------------------------------------------------ summaries

    def keep_summary(self, table: str, summarize: Summarizer, version: int) -> None:
        """Keep ``summarize(document)`` of every person as a record in ``table``, so start-up can read
        a small summary instead of decoding every whole document (``iter_summaries``).

        The record is rewritten in the same journal line as each change of the document, and carries
        the document's checksum and ``version`` (bump it whenever ``summarize`` changes what it
        returns): a record that does not match its document — written by an older version, or by a
        process that did not keep the summary — is never used, the document is summarized again.
        """

        def derive(key: str, raw: bytes | None) -> tuple[str, bytes | None]:
            return f"{key}:{_SUMMARY}", None if raw is None else _summary_record(summarize, version, raw)

        self.storage.derive(USERS_TABLE, _record_table(table), derive)
        self._summaries[table] = (summarize, version)

    def iter_summaries(self, table: str) -> Iterator[tuple[int, dict[str, Any] | None]]:
        """(user id, summary) of every person, as ``summarize`` gives it for their document now.

        Reads each stored summary and checks it against its document's checksum (no decoding of
        the document); a missing or stale one is computed from the document and stored again, in
        batches (one journal line per ``_FIX_BATCH``). Do not write to the store while iterating.
        """
        summarize, version = self._summaries[table]
        records = self.storage.raw_table(table)
        stale: files.Changes = {}
        recomputed = 0
        for key, raw in _each(self._live()):
            record_key = f"{key}:{_SUMMARY}"
            record = records.get(record_key)
            stored = _stored_summary(record, version, raw) if record is not None else None
            if stored is None:
                stale[record_key] = fixed = _summary_record(summarize, version, raw)
                stored = files.decode_doc(fixed)
                recomputed += 1
                if len(stale) >= _FIX_BATCH:
                    self.storage.commit(table, stale)
                    stale = {}
            yield int(key), stored["v"]
        if stale:
            self.storage.commit(table, stale)
        self.storage.release_pages()  # a full scan mapped every page of the snapshot
        if recomputed >= _FIX_BATCH:
            # Many at once (the first start of a version that keeps them): into the snapshot now,
            # or every restart until the next compaction would replay them from the journal.
            self.storage.compact_soon()

    def export_all(self, path: pathlib.Path) -> int:
        """Write a consistent snapshot of all users to ``path`` atomically; returns the count.

        The file has the store's snapshot format (JSON lines, see ``store.files``): to
        restore, stop the bot, empty DATA_DIR and copy the file there as
        ``store.snapshot.jsonl``.
        """
        self._check_open()
        # Stored documents are immutable bytes, so a shallow copy is a consistent picture.
        frozen = self.storage.frozen()
        files.write_snapshot(pathlib.Path(path), frozen, 0)
        return len(frozen.get(USERS_TABLE, {}))

    def stats(self) -> dict[str, Any]:
        """Figures for the admin view: users, file sizes, compaction state."""
        return {"users": self.count(), "data_dir": str(self.data_dir), **self.storage.stats()}

    # ------------------------------------------------------------ writes

    def ensure_user(self, user_id: int, chat_id: int, now: datetime) -> UserDoc:
        """The user's document, created with a profile if missing; returns a copy."""
        existing = self.get(user_id)
        old = existing.get("profile") if existing is not None else None
        if isinstance(old, dict) and "chat_id" in old:
            return existing  # type: ignore[return-value]
        # New, or a record a feature started without a profile: fill in what is missing.
        stamp = now.astimezone(UTC).isoformat(timespec="seconds")  # the house format: UTC, seconds
        profile = {"chat_id": chat_id, "created_at": stamp, "last_seen": stamp, "active": True}
        if isinstance(old, dict):
            profile.update(old)
        return self._write(user_id, lambda doc: doc.update({"profile": profile}))

    def update(self, user_id: int, fields: dict[str, Any]) -> UserDoc:
        """Set top-level keys (None removes the key), creating the user if missing.

        Durable before it returns; returns a copy of the new document.
        """
        for key in fields:
            if not isinstance(key, str):
                raise StoreError(f"document keys must be strings, not {key!r}")

        def set_fields(doc: MutableMapping[str, Any]) -> None:
            for key, value in fields.items():
                if value is None:
                    doc.pop(key, None)
                else:
                    doc[key] = value

        return self._write(user_id, set_fields)

    def append(self, user_id: int, key: str, entry: dict[str, Any], *, keep: int = 500) -> None:
        """Append ``entry`` to the list under ``key``, keeping the last ``keep`` entries."""
        if keep < 1:
            raise ValueError("keep must be at least 1")

        def append_entry(doc: MutableMapping[str, Any]) -> None:
            entries = doc.get(key) or []
            if not isinstance(entries, list):
                raise StoreError(f"user {user_id}: {key!r} holds a {type(entries).__name__}, not a list")
            entries.append(entry)
            doc[key] = entries[-keep:]

        self._write(user_id, append_entry)

    def delete_user(self, user_id: int) -> bool:
        """Forget the user durably; True when there was something to delete."""
        self._check_open()
        prefix = f"{user_id}:"
        for later in self._later.values():
            for key in [key for key in later if key.startswith(prefix)]:
                del later[key]
        # Records first: a crash between the two lines leaves the person, not orphaned records.
        # A kept summary goes in the document's own line (a person never lacks theirs).
        for table in sorted(RECORD_TABLES - set(self._summaries)):
            keys = [_record_key(user_id, name) for name, _ in self._records_of(table, user_id)]
            if keys:
                self.storage.commit(table, dict.fromkeys(keys))
        with self.storage.focus(USERS_TABLE, [user_id]):
            removed = bool(self._users.remove(doc_ids=[user_id]))
        if removed:
            self._notify(user_id, None)
        return removed

    async def forget(self, user_id: int) -> bool:
        """Delete the user and return only once no file in DATA_DIR holds anything of theirs.

        ``delete_user`` alone is durable but leaves the user's earlier journal lines and the
        snapshot generation on disk until the next compaction; here a compaction taken after
        the delete is awaited (its O(N) part runs in a thread, the event loop keeps serving).
        A crash before it finishes is covered too: start-up compacts a journal that holds
        deletions. True when there was a document to delete.
        """
        removed = self.delete_user(user_id)
        await self.storage.purge()
        return removed

    def add_listener(self, callback: Listener) -> None:
        """Call ``callback(user_id, new document copy or None)`` after every durable change."""
        self._listeners.append(callback)

    def compact(self) -> None:
        """Write a snapshot now (synchronously) and start a fresh journal."""
        self._check_open()
        self.storage.compact(wait=True)

    # ------------------------------------------------------------ internals

    def _live(self) -> Mapping[str, bytes]:
        return self.storage.raw_table(USERS_TABLE)

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the store in {self.data_dir} is closed")

    def _write(self, user_id: int, change: Callable[[MutableMapping[str, Any]], None]) -> UserDoc:
        """Apply ``change`` to the user's document (created empty if missing) via TinyDB."""
        self._check_open()
        if not isinstance(user_id, int) or isinstance(user_id, bool):
            raise StoreError(f"user ids are ints, not {user_id!r}")
        # By id, inside a focus: TinyDB reads and writes back this one document (O(1)).
        with self.storage.focus(USERS_TABLE, [user_id]):
            if str(user_id) in self._live():
                self._users.update(change, doc_ids=[user_id])
            else:
                fresh: dict[str, Any] = {}
                change(fresh)
                self._users.insert(Document(fresh, doc_id=user_id))
        raw = self._live().get(str(user_id))
        if raw is None:  # an update that removed every key still leaves the (empty) document
            raise StoreError(f"user {user_id} vanished during a write")
        self._notify(user_id, raw)
        return _user_doc(raw)

    def _notify(self, user_id: int, raw: bytes | None) -> None:
        for listener in self._listeners:
            try:
                listener(user_id, None if raw is None else _user_doc(raw))
            except Exception:  # a listener's bug must not undo or hide a durable write
                log.exception("store: listener %r failed for user %d", listener, user_id)


def _each(docs: Mapping[str, bytes]) -> Iterator[tuple[str, bytes]]:
    """(key, stored bytes) of a table, one document read at a time (``items()`` of a list would
    copy every mapped document out of the snapshot at once); keys deleted meanwhile are skipped."""
    for key in list(docs):
        raw = docs.get(key)
        if raw is not None:
            yield key, raw


def _summary_record(summarize: Summarizer, version: int, raw: bytes) -> bytes:
    """A stored summary: ``{"#": [version, checksum of the document], "v": summary or null}``."""
    return files.encode_doc({"#": [version, zlib.crc32(raw)], "v": summarize(_user_doc(raw))})


def _stored_summary(record: bytes, version: int, raw: bytes) -> dict[str, Any] | None:
    """The decoded ``record`` if ``version`` made it from exactly ``raw`` (its "v" is the summary),
    else None: stale."""
    decoded = files.decode_doc(record)
    summary = decoded.get("v")
    if decoded.get("#") != [version, zlib.crc32(raw)] or not (summary is None or isinstance(summary, dict)):
        return None
    return decoded


def _user_doc(raw: bytes) -> UserDoc:
    """Stored bytes to the typed document features see: the store's one conversion."""
    return as_user_doc(files.decode_doc(raw))


def _record_table(table: str) -> str:
    if table not in RECORD_TABLES:
        raise StoreError(f"{table!r} is not a record table (one of {sorted(RECORD_TABLES)})")
    return table


def _record_key(user_id: int, name: str) -> str:
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise StoreError(f"user ids are ints, not {user_id!r}")
    if not name or " " in name or ":" in name:
        raise StoreError(f"record names are non-empty, without spaces or ':', not {name!r}")
    return f"{user_id}:{name}"


def export_data_dir(data_dir: pathlib.Path, path: pathlib.Path, *, attempts: int = 3) -> int:
    """Operators' backup (``python -m bot export-data``), also while the bot is running.

    Reads snapshot + journals without the lock and without changing any file: every write the
    bot acknowledged before this started is in the backup, a torn last line is left out. A
    compaction that replaces files mid-read makes the read fail; it is simply tried again.
    Returns the number of users written.
    """
    for attempt in range(1, attempts + 1):
        try:
            loaded = recovery.load_read_only(pathlib.Path(data_dir))
            break
        except StoreError:
            if attempt == attempts:
                raise
    files.write_snapshot(pathlib.Path(path), loaded.tables, 0)
    return len(loaded.tables.get(USERS_TABLE, {}))
