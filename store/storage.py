"""A TinyDB ``Storage`` that keeps the database in memory and makes each write durable in O(1).

TinyDB's stock ``JSONStorage`` rewrites the whole file on every change, and TinyDB's ``Table``
hands every write to ``Storage.write`` as the whole database. Here a change is one appended,
fsync'd journal line naming only the documents that changed (``commit``); the journal is
compacted from time to time into an atomic snapshot.

O(1) through TinyDB's public seams only (``Storage.read``/``write`` and the stock ``Table``'s
by-id operations): inside ``focus(table, doc_ids)`` the database this storage presents to
TinyDB is just those documents, so ``Table.insert(Document(...))``, ``Table.update(...,
doc_ids=...)`` and ``Table.remove(doc_ids=...)`` read and write back only them, and ``write``
journals the difference. Outside a focus TinyDB sees every table (documents decoded on
access) and a write is diffed against all of it: correct for any TinyDB call, O(N).

Memory only changes after the journal line is on disk, and documents are held as immutable
JSON bytes or left in the mapped snapshot (see ``store.table``), so a shallow copy of a table is a
consistent picture of it: that is what lets compaction write the snapshot in a background thread.
Once written, memory adopts the new snapshot's mapping (plus what changed meanwhile), so the
documents compacted stop being held as copies.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import pathlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from tinydb.storages import Storage

from store import files, recovery, snapshots
from store.compaction import EMPTY_TABLE, Compaction
from store.errors import StoreError
from store.table import DocTable

log = logging.getLogger(__name__)

DEFAULT_COMPACT_BYTES = 4 * 1024 * 1024
# (key of a changed document, its new stored bytes or None) -> (record key, record bytes or None)
Deriver = Callable[[str, bytes | None], tuple[str, bytes | None]]
# Compact once the journal holds this share of the snapshot's size (at least compact_bytes): a
# snapshot rewrite then costs at most 1/COMPACT_SHARE bytes per journalled byte however large
# the store grows (a fixed 4 MB threshold rewrote a 113 MB snapshot every 4 MB: 27 bytes per byte).
COMPACT_SHARE = 0.5


class DocumentsView(Mapping[str, files.Doc]):
    """One table as TinyDB reads it: documents are decoded (fresh objects) on access."""

    def __init__(self, raw: Mapping[str, bytes]) -> None:
        self.raw = raw

    def __getitem__(self, doc_id: str) -> files.Doc:
        return files.decode_doc(self.raw[doc_id])

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.raw

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


class JournalStorage(Compaction, Storage):
    """In-memory TinyDB data backed by snapshot + append-only journal in ``data_dir``.

    Not thread-safe: call it from one thread (the event loop); only the snapshot writer of a
    background compaction runs elsewhere, on a frozen copy.
    """

    def __init__(
        self,
        data_dir: pathlib.Path,
        *,
        compact_bytes: int = DEFAULT_COMPACT_BYTES,
        background_compaction: bool = True,
    ) -> None:
        self.data_dir = data_dir
        self.snapshot_path = data_dir / files.SNAPSHOT_NAME
        self.compact_bytes = compact_bytes
        self.background_compaction = background_compaction
        self._docs: files.RawTables = {}
        self._generation = 0
        self._journal_fd: int | None = None
        self._journal_path = data_dir / files.journal_name(0)
        self._journal_size = 0
        self._journal_entries = 0
        # Sizes of the segments before the newest that start-up must still replay (manifest).
        self._closed: dict[int, int] = {}
        self._snapshot_generation = 0
        self._compactor_generation = 0
        self._broken = ""
        self._compactor: threading.Thread | None = None
        self._compaction_error = ""
        self._focus: tuple[str, list[str]] | None = None
        # Keys changed since the last rotation: what a snapshot being written does not hold.
        self._changed: dict[str, set[str]] = {}
        self._compacted: files.RawTables | None = None  # a finished snapshot, mapped, to adopt
        self._derivers: dict[str, tuple[str, Deriver]] = {}  # source table -> (record table, deriver)
        # Tables changed since the last snapshot: the ones the next compaction rewrites.
        self._dirty: set[str] = set()
        self._failed_dirty: set[str] = set()  # of a background compaction that failed
        self._snapshot_state: snapshots.Snapshot | None = None  # which snapshot files there are
        self.compactions = 0
        self.last_compaction_s = 0.0
        self.snapshot_bytes = 0
        self.journal_bytes_written = 0  # since opening: what compaction cost is measured against
        self.snapshot_bytes_written = 0
        try:
            self._load()
        except OSError as exc:
            self._close_journal()
            raise StoreError(
                f"cannot load the store in DATA_DIR {data_dir} ({exc}); check that the bot's user may read and write it"
            ) from exc

    # ------------------------------------------------------------ TinyDB Storage API

    def read(self) -> dict[str, Mapping[str, files.Doc]]:  # type: ignore[override]  # read-only mappings
        """The tables as TinyDB expects them; O(number of tables), no document copied.

        Inside ``focus`` the focused table holds just the focused documents, as fresh objects
        TinyDB's updater may change in place: memory is untouched until ``write`` journals them.
        """
        tables: dict[str, Mapping[str, files.Doc]] = {name: DocumentsView(docs) for name, docs in self._docs.items()}
        if self._focus is not None:
            name, keys = self._focus
            live = self._docs.get(name, EMPTY_TABLE)
            tables[name] = {key: files.decode_doc(live[key]) for key in keys if key in live}
        return tables

    def raw_table(self, name: str) -> Mapping[str, bytes]:
        """The live encoded documents of one table (not to be modified by callers)."""
        return self._docs.get(name, EMPTY_TABLE)

    def release_pages(self) -> None:
        """Hand the mapped snapshot's pages back to the page cache after a full scan (a hint)."""
        for docs in self._docs.values():
            docs.release_pages()

    def frozen(self) -> files.RawTables:
        """A consistent picture of every table: a shallow copy (stored documents are immutable)."""
        return {name: docs.copy() for name, docs in self._docs.items()}

    @contextmanager
    def focus(self, table: str, doc_ids: Iterable[int]) -> Iterator[None]:
        """Present only these documents of ``table`` to TinyDB until the block ends (see above).

        Only by-id operations belong inside: a query or an insert without an id would see a
        table of just these documents.
        """
        if self._focus is not None:
            raise StoreError("store: focus blocks do not nest")
        self._focus = (table, [str(doc_id) for doc_id in doc_ids])
        try:
            yield
        finally:
            self._focus = None

    def write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        """Make TinyDB's new picture of the database durable, journalling only what differs.

        A change confined to one table is one journal line; one that spans tables (TinyDB's
        ``drop_tables``) is written as a snapshot, so a crash cannot keep half of it.
        """
        changed = {name: changes for name, changes in self._differences(data).items() if changes}
        if len(changed) <= 1:
            for name, changes in changed.items():
                self.commit(name, changes)
            return
        self.wait_for_compaction()
        fresh = {name: self._docs.get(name, DocTable()).copy() for name in data}
        for name, changes in changed.items():
            files.apply_changes(fresh, name, changes)
        generation = self._rotate_journal()
        fresh = {name: docs for name, docs in fresh.items() if docs}
        self._dirty = set()
        self._snapshot(fresh, generation, None)
        self._docs, self._changed = fresh, {}
        self._adopt_snapshot()

    def _differences(self, data: Mapping[str, Mapping[str, Any]]) -> dict[str, files.Changes]:
        """Per table: encoded documents that differ from memory (None = removed)."""
        focus_name, focus_keys = self._focus if self._focus is not None else (None, [])
        result: dict[str, files.Changes] = {}
        for name in set(self._docs) | set(data):
            live = self._docs.get(name, EMPTY_TABLE)
            docs = data.get(name, {})
            if isinstance(docs, DocumentsView) and docs.raw is live:
                continue  # handed out by read() and untouched
            if name == focus_name:
                if not set(docs) <= set(focus_keys):
                    raise StoreError(f"a write inside focus({name!r}) touched documents outside it")
                keys: Iterable[str] = focus_keys
            else:
                keys = set(live) | set(docs)
            changes: files.Changes = {}
            for key in keys:
                doc = docs.get(key)
                raw = None if doc is None else files.encode_doc(dict(doc))
                if raw != live.get(key):
                    changes[str(key)] = raw
            result[name] = changes
        return result

    def close(self) -> None:
        """Compact what the journal holds and close it; idempotent."""
        if self._journal_fd is None:
            return
        self.wait_for_compaction()
        unsaved = self._journal_entries or len(files.list_journals(self.data_dir)) > 1
        if unsaved and not self._broken:
            try:
                self.compact(wait=True)
            except StoreError as exc:
                # Everything is still in the journal; the next start replays it.
                log.warning("store: compaction at close failed, journal kept: %s", exc)
        self._close_journal()

    # ------------------------------------------------------------ O(1) writes

    def commit(self, table: str, changes: files.Changes, *, sync: bool = True) -> None:
        """Durably record ``changes`` (doc id -> new document, None = deleted), then apply them.

        Raises ``StoreError`` when the journal line cannot be written and synced; then the
        file is rolled back to its previous length and memory is unchanged. ``sync=False`` only
        writes the line: ``sync_off_loop`` makes it durable.
        """
        if self._journal_fd is None:
            raise StoreError(f"the store in {self.data_dir} is closed")
        if self._broken:
            raise StoreError(self._broken)
        if self._compactor is not None and not self._compactor.is_alive():
            self.wait_for_compaction()  # adopts the snapshot it wrote
        derived = self._derived_changes(table, changes)
        line = files.encode_line(table, changes, derived)
        self._append(line, sync)
        # Memory gets exactly the bytes the journal holds.
        for name, applied in [(table, changes), *derived.items()]:
            files.apply_changes(self._docs, name, applied)
            self._changed.setdefault(name, set()).update(applied)
            self._dirty.add(name)
        self._journal_entries += 1
        if self._journal_size >= self.compact_threshold():
            self._compact_soon()

    def derive(self, source: str, target: str, deriver: Deriver) -> None:
        """Keep a record in ``target`` for every document of ``source``, written in the same journal
        line as each change of the document (a crash keeps both or neither)."""
        if source == target:
            raise StoreError("a table cannot derive records into itself")
        self._derivers[source] = (target, deriver)

    def _derived_changes(self, table: str, changes: files.Changes) -> dict[str, files.Changes]:
        """The records a write of ``table`` changes (only those that differ from what is stored)."""
        if table not in self._derivers:
            return {}
        target, deriver = self._derivers[table]
        live = self._docs.get(target, EMPTY_TABLE)
        records: files.Changes = {}
        for key, raw in changes.items():
            record_key, record = deriver(key, raw)
            if record != live.get(record_key):
                records[record_key] = record
        return {target: records} if records else {}

    def compact_threshold(self) -> int:
        """Journal size at which a compaction starts: compact_bytes, or half the snapshot if larger."""
        return max(self.compact_bytes, int(self.snapshot_bytes * COMPACT_SHARE))

    async def sync_off_loop(self) -> None:
        """The fdatasync of lines committed with ``sync=False``, in a worker thread.

        Those lines and memory changed at once; the lines are in the page cache, which a killed
        process does not lose, and on the disk when this returns (any later commit's own sync
        makes them durable too, as it syncs the whole file). What a crash of the machine before
        that can cost is those lines alone. A failed sync stops all further writes, as a failed
        rollback does: whether the lines reached the disk is then unknown.
        """
        if self._journal_fd is None:
            raise StoreError(f"the store in {self.data_dir} is closed")
        fd = os.dup(self._journal_fd)  # a rotation meanwhile closes the journal's own descriptor
        try:
            await asyncio.to_thread(files.sync_file, fd)
        except OSError as exc:
            self._broken = (
                f"the journal {self._journal_path} could not be synced ({exc.strerror}); no further "
                f"changes are accepted. Restart the bot once the disk is healthy."
            )
            log.error("store: %s", self._broken)
            raise StoreError(self._broken) from exc
        finally:
            os.close(fd)

    def _append(self, line: bytes, sync: bool = True) -> None:
        fd = self._journal_fd
        assert fd is not None
        start = self._journal_size
        try:
            written = 0
            view = memoryview(line)
            while written < len(line):
                written += os.write(fd, view[written:])
            if sync:
                files.sync_file(fd)
        except OSError as exc:
            self._roll_back(fd, start, exc)
            raise StoreError(
                f"could not save a change to {self._journal_path} ({exc.strerror}); it was "
                f"not applied. Free disk space / fix permissions on DATA_DIR {self.data_dir}; "
                f"the store accepts writes again once the disk does"
            ) from exc
        self._journal_size = start + len(line)
        self.journal_bytes_written += len(line)

    def _roll_back(self, fd: int, size: int, cause: OSError) -> None:
        """Cut a partly written line off the journal so the next append starts clean."""
        try:
            os.ftruncate(fd, size)
        except OSError as exc:
            self._broken = (
                f"the journal {self._journal_path} could not be restored after a failed write "
                f"({cause.strerror}, then {exc.strerror}); no further changes are accepted. "
                f"Restart the bot once the disk is healthy."
            )
            log.error("store: %s", self._broken)
            return
        try:
            files.sync_file(fd)
        except OSError:
            # The next successful append's fdatasync persists the shorter length as well.
            log.warning("store: could not sync the rollback of %s yet", self._journal_path)

    # ------------------------------------------------------------ start-up

    def _load(self) -> None:
        # Half-written temp files of ours from a crash or a full disk: the real files are intact.
        for name in files.remove_temp_files(self.data_dir):
            log.info("store: removed the unfinished temp file %s", name)
        loaded = recovery.load_read_only(self.data_dir)
        self._snapshot_state = dataclasses.replace(loaded.snapshot, tables={})
        self.snapshot_bytes = snapshots.total_bytes(self.data_dir, loaded.snapshot.index)
        for path in loaded.superseded + loaded.leftover + loaded.snapshot.strays:
            # A compaction wrote the snapshot but died before removing this journal, or a
            # rotation created this segment but died before recording it (it holds no write), or
            # a compaction wrote a table's file but died before the snapshot index named it.
            path.unlink()
        if loaded.torn is not None:
            log.warning(
                "store: dropped a torn last line (%d bytes) from %s: a write that was never "
                "acknowledged (the process stopped mid-write)",
                loaded.torn.torn_bytes,
                loaded.torn.path,
            )
            self._drop_torn_tail(loaded.torn.path, loaded.torn.good_bytes)
        self._docs = loaded.tables
        # What the journals replayed changed is not in the snapshot files: rewrite those tables.
        self._dirty = set(loaded.tables) if loaded.entries else set()
        self._journal_entries = loaded.entries
        self._snapshot_generation = loaded.snapshot_generation
        self._closed = loaded.closed
        if not loaded.replayed:
            self._start_segment(loaded.generation, {})
            return
        self._open_journal(loaded.generation)
        if loaded.deletions or not loaded.has_manifest:
            # Deleted documents still sit in the journal (a crash came before the compaction
            # that /forget waits for), or the files predate the manifest: rewrite them now.
            try:
                self.compact(wait=True)
            except StoreError as exc:
                log.warning("store: compaction at start failed, journal kept: %s", exc)

    def _drop_torn_tail(self, path: pathlib.Path, good_bytes: int) -> None:
        try:
            fd = os.open(path, os.O_WRONLY)
            try:
                os.ftruncate(fd, good_bytes)
                files.sync_file(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise StoreError(
                f"cannot drop the torn last line of {path} ({exc.strerror}): make DATA_DIR {self.data_dir} writable"
            ) from exc

    def _start_segment(self, generation: int, closed: dict[int, int]) -> None:
        """Create segment ``generation`` with its header, record it in the manifest, append to it.

        Order matters for a crash: the segment first (a header-only segment the manifest does
        not name is removed at start), then the manifest, and only then the first append.
        """
        path = self.data_dir / files.journal_name(generation)
        try:
            files.write_atomically(path, files.encode_header(generation))
            try:
                recovery.write_manifest(self.data_dir, recovery.Manifest(generation, closed))
            except OSError:
                path.unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StoreError(
                f"cannot create the journal {path} ({exc.strerror}): free disk space and make "
                f"DATA_DIR {self.data_dir} writable by the bot's user"
            ) from exc
        self._open_journal(generation)
        self._closed = closed

    def _open_journal(self, generation: int) -> None:
        path = self.data_dir / files.journal_name(generation)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        except OSError as exc:
            raise StoreError(
                f"cannot open the journal {path} for writing ({exc.strerror}): make DATA_DIR "
                f"{self.data_dir} writable by the bot's user"
            ) from exc
        self._close_journal()
        self._journal_fd = fd
        self._journal_path = path
        self._journal_size = os.fstat(fd).st_size
        self._generation = generation

    def _close_journal(self) -> None:
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None

    # ------------------------------------------------------------ figures

    def stats(self) -> dict[str, Any]:
        """File sizes and compaction figures for the admin view."""
        return {
            "generation": self._generation,
            "journal_bytes": self._journal_size,
            "journal_entries": self._journal_entries,
            "snapshot_bytes": self.snapshot_bytes,
            "journal_bytes_written": self.journal_bytes_written,
            "snapshot_bytes_written": self.snapshot_bytes_written,
            "compactions": self.compactions,
            "last_compaction_s": round(self.last_compaction_s, 4),
            "compaction_running": self._compactor is not None and self._compactor.is_alive(),
            "last_compaction_error": self._compaction_error,
            "write_error": self._broken,
        }
