"""A set split into many small sets, so that it never grows by copying all of itself at once.

A Python set doubles its table when it fills: at 600,000 pending reminders that one resize copies
every entry in a single step, a 20-30 ms stall of the event loop in the middle of a tick that
otherwise hands the loop back every 4 ms (measured by bench/schedule.py). Split 64 ways, each
resize moves 1/64 of the entries.
"""

from __future__ import annotations

from collections.abc import Hashable

SHARDS = 64


class ShardedSet:
    """The set operations the send queue needs: add, discard, membership, size, clear."""

    __slots__ = ("_shards",)

    def __init__(self) -> None:
        self._shards: list[set[Hashable]] = [set() for _ in range(SHARDS)]

    def add(self, item: Hashable) -> None:
        self._shards[hash(item) % SHARDS].add(item)

    def discard(self, item: Hashable) -> None:
        self._shards[hash(item) % SHARDS].discard(item)

    def __contains__(self, item: Hashable) -> bool:
        return item in self._shards[hash(item) % SHARDS]

    def __len__(self) -> int:
        return sum(len(shard) for shard in self._shards)

    def clear(self) -> None:
        for shard in self._shards:
            shard.clear()
