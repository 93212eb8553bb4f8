"""One table's stored documents in memory, most of them left in the mapped snapshot file.

A document unchanged since the snapshot was written is kept as one int (its offset and length in
the mapped file); only documents written since are held as bytes. At 100,000 people that is
~120 bytes of memory per person instead of ~1.3 KB of copied JSON: the snapshot's pages belong to
the page cache, which the kernel can drop and read again, not to the process's own heap.

The file behind a mapping is never changed in place (a snapshot is always replaced by a rename),
so a mapping stays valid, and consistent, for as long as a table refers to it, even after the
file name points to a newer snapshot.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator, MutableMapping

# offset << _LENGTH_BITS | length: one small int per document.
_LENGTH_BITS = 32
_LENGTH_MASK = (1 << _LENGTH_BITS) - 1


def pack(offset: int, length: int) -> int:
    """The int that stands for the ``length`` bytes at ``offset`` of a mapped snapshot."""
    if length > _LENGTH_MASK:
        raise ValueError(f"a document of {length} bytes is too large to store")
    return offset << _LENGTH_BITS | length


class DocTable(MutableMapping[str, bytes]):
    """doc id -> encoded document; values read from ``base`` where not changed since (see above).

    Not thread-safe for writes. ``copy()`` is a consistent picture that a snapshot writer may read
    in another thread while this table goes on changing: neither its entries nor the mapped file
    change under it.
    """

    __slots__ = ("_base", "_entries")

    def __init__(self, base: mmap.mmap | None = None, entries: dict[str, bytes | int] | None = None) -> None:
        self._base = base
        self._entries: dict[str, bytes | int] = {} if entries is None else entries

    def __getitem__(self, key: str) -> bytes:
        value = self._entries[key]
        if type(value) is int:
            assert self._base is not None
            start = value >> _LENGTH_BITS
            return self._base[start : start + (value & _LENGTH_MASK)]
        return value  # type: ignore[return-value]  # bytes, the only other kind of entry

    def get(self, key: str, default: bytes | None = None) -> bytes | None:  # type: ignore[override]
        """``Mapping.get`` without its two extra calls (start-up calls it once per document)."""
        value = self._entries.get(key)
        if value is None:
            return default
        if type(value) is int:
            assert self._base is not None
            start = value >> _LENGTH_BITS
            return self._base[start : start + (value & _LENGTH_MASK)]
        return value  # type: ignore[return-value]  # bytes, the only other kind of entry

    def __setitem__(self, key: str, value: bytes) -> None:
        if type(value) is not bytes:
            raise TypeError(f"stored documents are bytes, not {type(value).__name__}")
        self._entries[key] = value

    def __delitem__(self, key: str) -> None:
        del self._entries[key]

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def copy(self) -> DocTable:
        """A shallow copy sharing the mapped file: the picture of this moment."""
        return DocTable(self._base, dict(self._entries))

    def same_entry(self, key: str, other: DocTable) -> bool:
        """Whether ``key`` holds the very same stored value here and in ``other`` (no decoding)."""
        mine, theirs = self._entries.get(key), other._entries.get(key)
        if mine is None or theirs is None:
            return mine is theirs
        if type(mine) is int and type(theirs) is int:
            return mine == theirs and self._base is other._base
        return mine is theirs

    def mapped_count(self) -> int:
        """How many documents are read from the mapped file (the rest are held in memory)."""
        return sum(1 for value in self._entries.values() if type(value) is int)

    def release_pages(self) -> None:
        """See ``release_pages``: after a scan that read every document."""
        release_pages(self._base)

    def place(self, key: str, packed: int) -> None:
        """Point ``key`` at a document of the mapped file (``pack``); start-up and compaction only."""
        self._entries[key] = packed


def release_pages(base: mmap.mmap | None) -> None:
    """Let the kernel take back the mapped snapshot's pages we touched (a full scan touches all).

    They stay in the page cache; a later read maps them again. Only a resident-size hint: never
    changes what a read returns.
    """
    if base is not None and len(base) and hasattr(mmap, "MADV_DONTNEED"):
        base.madvise(mmap.MADV_DONTNEED)
