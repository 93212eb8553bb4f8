"""A TinyDB ``Table`` whose writes journal only the documents they change.

Stock ``Table._update_table`` copies the whole table into a new dict, runs the updater and
hands the whole database to ``Storage.write``: O(N) per write. Here the updater runs against
``PendingChanges``, a copy-on-access view of the live table: documents it reads are decoded
fresh from their stored bytes, so an updater that fails (or a journal append that fails)
leaves memory untouched, and only documents that really changed reach
``JournalStorage.commit``.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any, Callable

from tinydb.table import Table

from store import files
from store.storage import DocumentsView, JournalStorage


class PendingChanges(MutableMapping[int, files.Doc]):
    """The table as the updater sees it: live documents, decoded on first access."""

    def __init__(self, live: dict[str, bytes]) -> None:
        self._live = live
        self._touched: dict[int, files.Doc] = {}
        self._removed: set[int] = set()

    def __contains__(self, doc_id: object) -> bool:
        if doc_id in self._removed:
            return False
        return doc_id in self._touched or str(doc_id) in self._live

    def __getitem__(self, doc_id: int) -> files.Doc:
        if doc_id in self._touched:
            return self._touched[doc_id]
        if doc_id in self._removed or str(doc_id) not in self._live:
            raise KeyError(doc_id)
        doc = self._touched[doc_id] = files.decode_doc(self._live[str(doc_id)])
        return doc

    def __setitem__(self, doc_id: int, doc: files.Doc) -> None:
        self._removed.discard(doc_id)
        self._touched[doc_id] = doc

    def __delitem__(self, doc_id: int) -> None:
        if doc_id not in self:
            raise KeyError(doc_id)
        self._touched.pop(doc_id, None)
        self._removed.add(doc_id)

    def __iter__(self) -> Iterator[int]:
        # Only query-based updates iterate (an O(N) scan by nature); by-id ones never do.
        for key in list(self._live):
            doc_id = int(key)
            if doc_id not in self._removed:
                yield doc_id
        for doc_id in list(self._touched):
            if str(doc_id) not in self._live:
                yield doc_id

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def clear(self) -> None:
        self._touched.clear()
        self._removed.update(int(key) for key in self._live)

    def changes(self) -> files.Changes:
        """Encoded documents that differ from the live table (None = removed)."""
        changed: files.Changes = {}
        for doc_id, doc in self._touched.items():
            key = str(doc_id)
            raw = files.encode_doc(doc)
            if self._live.get(key) != raw:
                changed[key] = raw
        for doc_id in self._removed:
            if str(doc_id) in self._live:
                changed[str(doc_id)] = None
        return changed


class JournalTable(Table):
    """TinyDB table for ``JournalStorage``: O(size of changed documents) per write."""

    @property
    def journal(self) -> JournalStorage:
        storage = self._storage
        assert isinstance(storage, JournalStorage), "JournalTable needs a JournalStorage"
        return storage

    def _read_table(self) -> DocumentsView:  # type: ignore[override]
        # A view, no copy: TinyDB decodes only the documents it looks at.
        return DocumentsView(self.journal.raw_table(self.name))

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        pending = PendingChanges(self.journal.raw_table(self.name))
        # Table's updaters only use the mapping protocol, which PendingChanges implements.
        updater(pending)  # type: ignore[arg-type]
        changes = pending.changes()
        if changes:
            self.journal.commit(self.name, changes)
        self.clear_cache()
