"""When a person was last here: a small record per person, written in batches off the event loop.

Every update would otherwise rewrite the ~1 KB document with a new ``profile.last_seen`` and
fdatasync on the event loop. Here it is a record ``seen/<user>:at`` = ``{"m": UTC epoch minute}``
set with ``UserStore.set_record_later``: at most one journal line per batch, its fdatasync in a
worker thread. A kill loses at most the times noted since the last batch (bounded by the batch
age); documents and every other record keep their own synced writes. Older data kept the time in
``profile.last_seen``; it is still read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from core.clock import parse_utc_iso

if TYPE_CHECKING:
    from store.repository import UserStore

SEEN_TABLE = "seen"
_NAME = "at"


def seen_at(store: UserStore, user_id: int, profile: Mapping[str, Any]) -> datetime | None:
    """When the person was last seen: their record, else the profile's older field; None if never."""
    record = store.record(SEEN_TABLE, user_id, _NAME)
    minute = record.get("m") if record is not None else None
    if type(minute) is int:
        return datetime.fromtimestamp(minute * 60, UTC)
    stamp = profile.get("last_seen")
    try:
        return parse_utc_iso(stamp) if isinstance(stamp, str) else None
    except ValueError:
        return None


def note_seen(store: UserStore, user_id: int, profile: Mapping[str, Any], now: datetime, precision: timedelta) -> bool:
    """Note the person as seen at ``now`` unless they were within ``precision``; True when noted."""
    last = seen_at(store, user_id, profile)
    if last is not None and now - last < precision:
        return False
    store.set_record_later(SEEN_TABLE, user_id, _NAME, {"m": int(now.timestamp()) // 60})
    return True
