"""Compaction of the journal storage: snapshots written (in a background thread), journal
segments rotated and removed, and memory moved onto the snapshot just written.

A part of ``store.storage.JournalStorage`` (its base class), apart because of its size; the
state it works on is the storage's own, declared here for the type checker.
"""

from __future__ import annotations

import asyncio
import logging
import pathlib
import threading
import time
from collections.abc import Mapping

from store import files, snapshots
from store.errors import StoreError
from store.table import DocTable

log = logging.getLogger("store.storage")  # the storage's own log, as before the split

EMPTY_TABLE: Mapping[str, bytes] = DocTable()


class Compaction:
    """Snapshot writing and adoption; see ``store.storage`` for the format and the guarantees."""

    data_dir: pathlib.Path
    snapshot_path: pathlib.Path
    background_compaction: bool
    snapshot_bytes: int
    compactions: int
    last_compaction_s: float
    _docs: files.RawTables
    _changed: dict[str, set[str]]
    _compacted: files.RawTables | None
    _compactor: threading.Thread | None
    _compactor_generation: int
    _compaction_error: str
    _generation: int
    _snapshot_generation: int
    _closed: dict[int, int]
    _journal_fd: int | None
    _journal_size: int
    _journal_path: pathlib.Path
    _journal_entries: int
    _broken: str
    _dirty: set[str]
    _failed_dirty: set[str]
    _snapshot_state: snapshots.Snapshot | None
    snapshot_bytes_written: int

    def frozen(self) -> files.RawTables:
        raise NotImplementedError

    def _start_segment(self, generation: int, closed: dict[int, int]) -> None:
        raise NotImplementedError

    def compact(self, *, wait: bool = True) -> None:
        """Write a snapshot of the current state and start a fresh journal segment.

        With ``wait=False`` the snapshot is serialised in a background thread; new writes go
        to the fresh segment meanwhile, and start-up replays both segments if we die first.
        """
        self.wait_for_compaction()
        if self._journal_fd is None:
            raise StoreError(f"the store in {self.data_dir} is closed")
        if self._broken:
            raise StoreError(self._broken)
        frozen = self.frozen()
        generation = self._rotate_journal()
        self._changed = {}
        dirty, self._dirty = self._dirty, set()
        if wait:
            try:
                self._snapshot(frozen, generation, dirty)
            except StoreError:
                self._dirty |= dirty  # rewritten by the next one
                raise
            self._adopt_snapshot()
            return
        self._compactor_generation = generation
        self._compactor = threading.Thread(
            target=self._snapshot_in_background,
            args=(frozen, generation, dirty),
            name="store-compaction",
            daemon=True,
        )
        self._compactor.start()

    async def purge(self) -> None:
        """Return once no file in DATA_DIR holds a document as it was before this call.

        A deleted document lives on in older journal lines and in the snapshot until a
        compaction rewrites them. This waits for (or starts) a snapshot taken after now, which
        also removes every older journal segment; the O(N) work runs in a thread, so the event
        loop keeps serving meanwhile. Raises ``StoreError`` when that snapshot fails.
        """
        target = self._generation + 1  # a snapshot at least this new was taken after now
        while self._snapshot_generation < target:
            running = self._compactor
            if running is None:
                self.compact(wait=False)
                continue
            generation = self._compactor_generation
            await asyncio.to_thread(running.join)
            if self._compactor is running:
                self.wait_for_compaction()  # joined already: adopts what it wrote
            if generation >= target and self._snapshot_generation < target:
                raise StoreError(
                    f"could not rewrite the store files in {self.data_dir} without the deleted "
                    f"data: {self._compaction_error}"
                )

    def wait_for_compaction(self) -> None:
        """Block until a background compaction (if any) has finished, and adopt its snapshot."""
        if self._compactor is not None:
            self._compactor.join()
            self._compactor = None
            # On this thread: the tables a failed compaction did not write stay to be written.
            self._dirty |= self._failed_dirty
            self._failed_dirty = set()
            self._adopt_snapshot()

    def _adopt_snapshot(self) -> None:
        """Read unchanged documents from the snapshot just written instead of the older copies.

        The snapshot holds the tables as they were at its rotation; every key changed since is
        in ``_changed`` and is taken from memory, so the result equals the live tables. O(changes
        since the rotation), on the caller's thread (the writer thread built the mapped tables).
        """
        mapped, self._compacted = self._compacted, None
        if mapped is None:
            return
        for name, keys in self._changed.items():
            live = self._docs.get(name, EMPTY_TABLE)
            target = mapped.get(name)
            if target is None:
                target = mapped[name] = DocTable()
            for key in keys:
                if key in live:
                    target[key] = live[key]
                else:
                    target.pop(key, None)
        self._docs = {name: docs for name, docs in mapped.items() if docs or name in self._docs}
        self._changed = {}

    def compact_soon(self) -> None:
        """Start a compaction now unless one is running (in the background when so configured)."""
        self._compact_soon()

    def _compact_soon(self) -> None:
        if self._compactor is not None and self._compactor.is_alive():
            return
        try:
            self.compact(wait=not self.background_compaction)
        except StoreError as exc:
            # The write itself is durable; compaction is retried at the next threshold.
            log.error("store: compaction failed, journal kept: %s", exc)

    def _snapshot_in_background(self, frozen: files.RawTables, generation: int, dirty: set[str]) -> None:
        try:
            self._snapshot(frozen, generation, dirty)
        except StoreError as exc:
            self._failed_dirty = dirty
            self._compaction_error = str(exc)
            log.error("store: background compaction failed, journal kept: %s", exc)

    def _snapshot(self, frozen: files.RawTables, generation: int, dirty: set[str] | None) -> None:
        """Write the tables changed since the last snapshot (``dirty``; None: all); see store.snapshots."""
        started = time.perf_counter()
        written, mapped, index = snapshots.write_tables(self.data_dir, frozen, generation, self._snapshot_state, dirty)
        self._snapshot_state = snapshots.Snapshot({}, generation, index, True, [])
        self._compacted = {name: mapped[name] if name in mapped else frozen[name] for name in index.tables}
        self.snapshot_bytes_written += written
        self._remove_journals_before(generation)
        snapshots.remove_unlisted(self.data_dir, index)
        self.snapshot_bytes = snapshots.total_bytes(self.data_dir, index)
        self._snapshot_generation = generation
        self.compactions += 1
        self.last_compaction_s = time.perf_counter() - started
        self._compaction_error = ""
        log.info(
            "store: compacted generation=%d docs=%d bytes=%d seconds=%.3f",
            generation,
            sum(len(docs) for docs in frozen.values()),
            self.snapshot_bytes,
            self.last_compaction_s,
        )

    def _rotate_journal(self) -> int:
        """Switch appends to a new segment (recorded in the manifest); returns its generation."""
        generation = self._generation + 1
        closed = {g: size for g, size in self._closed.items() if g >= self._snapshot_generation}
        if self._journal_fd is not None:
            closed[self._generation] = self._journal_size
            try:
                # Lines written with sync=False and not synced yet: the manifest records this size.
                files.sync_file(self._journal_fd)
            except OSError as exc:
                raise StoreError(f"cannot sync the journal {self._journal_path} ({exc.strerror})") from exc
        self._start_segment(generation, closed)
        self._journal_entries = 0
        return generation

    def _remove_journals_before(self, generation: int) -> None:
        for old_generation, path in files.list_journals(self.data_dir).items():
            if old_generation < generation:
                path.unlink(missing_ok=True)
        files.fsync_dir(self.data_dir)
