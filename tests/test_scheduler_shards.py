"""The send queue's sharded set behaves as a set."""

from __future__ import annotations

from scheduler.shards import SHARDS, ShardedSet


def test_a_sharded_set_adds_finds_discards_and_clears() -> None:
    pending = ShardedSet()
    keys = [(user, "food", "2026-06-10", 750) for user in range(SHARDS * 5)]
    for key in keys:
        pending.add(key)
    pending.add(keys[0])  # twice is once
    assert len(pending) == len(keys)
    assert all(key in pending for key in keys) and (0, "food", "2026-06-11", 750) not in pending
    pending.discard(keys[1])
    pending.discard(keys[1])  # discarding what is gone is fine
    assert keys[1] not in pending and len(pending) == len(keys) - 1
    pending.clear()
    assert len(pending) == 0 and keys[0] not in pending
