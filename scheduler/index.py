"""Who is due when: an in-memory index of subscribers by (time zone, local minute).

One APScheduler job per person and kind costs ~3 KB and ~0.2 ms each; at 100,000 people
that is a minute of start-up and a gigabyte. Instead a single minute tick asks this index
which local minutes began in each time zone during the last UTC minute and looks the
subscribers up in a dict. The walk over local minutes handles DST:

- spring gap (02:00-02:59 do not exist): the first minute after the gap covers every
  skipped local minute, so a 02:30 reminder fires once, at 03:00;
- autumn overlap (02:00-02:59 happen twice): the second pass carries ``fold=1`` and is
  skipped, so a 02:30 reminder fires once, on the first pass.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson

from scheduler.model import (
    KIND_CODES,
    KINDS,
    Kind,
    SettingsError,
    contributor_topics,
    kind_minutes,
    normalize_reminders,
    parse_quiet,
    parse_utc,
)

logger = logging.getLogger(__name__)

MINUTE = timedelta(minutes=1)
_CODES = len(KINDS) + 1  # slot key = minute_of_day * _CODES + kind code


@dataclass(frozen=True, slots=True)
class Subscriber:
    """What the tick needs to know about one person, without copying their document."""

    chat_id: int
    tz: str
    slot_keys: tuple[int, ...]
    pause_until: datetime | None
    quiet: tuple[int, int] | None
    topics: tuple[str, ...]
    snoozes: tuple[tuple[str, str], ...]  # (kind, due UTC ISO)

    def kind_on(self, kind: str) -> bool:
        code = KIND_CODES[kind]
        return any(key % _CODES == code for key in self.slot_keys)

    def slot_number(self, kind: str, minute: int) -> int:
        """Position of a slot among the day's slots of its kind (0 for a snooze off-slot)."""
        code = KIND_CODES[kind]
        own = [key for key in self.slot_keys if key % _CODES == code]
        key = minute * _CODES + code
        return own.index(key) if key in own else 0


@dataclass(frozen=True, slots=True)
class Due:
    """One reminder to send: a scheduled slot, or a snooze when ``snooze_due`` is set."""

    user_id: int
    kind: Kind
    local_day: date
    minute: int  # local minute of the day it was scheduled for
    at: datetime  # the UTC minute it became due
    snooze_due: str | None = None
    # Kinds dropped as too late since this person's last reminder, mentioned in this one.
    missed: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[Any, ...]:
        """Identity for "sent once": the same slot on the same local day never repeats."""
        if self.snooze_due is not None:
            return (self.user_id, self.kind, "snooze", self.snooze_due)
        return (self.user_id, self.kind, self.local_day.isoformat(), self.minute)


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def valid_zone(name: Any) -> bool:
    """An IANA zone a person can be in: "Area/City" or UTC ("localtime" would be the server's)."""
    if not isinstance(name, str) or not name or ("/" not in name and name != "UTC"):
        return False
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@lru_cache(maxsize=65536)
def _slot_keys_for(signature: bytes) -> tuple[int, ...]:
    """Slot keys for one settings signature; people with equal settings share the tuple."""
    raw = orjson.loads(signature)
    if type(raw) is not dict:
        raise TypeError("reminder settings are not an object")
    reminders = normalize_reminders({kind: value for kind, value in raw.items() if type(value) is dict})
    keys: list[int] = []
    for kind in KINDS:
        keys.extend(m * _CODES + KIND_CODES[kind] for m in kind_minutes(kind, reminders[kind]))
    return tuple(sorted(keys))


def _signature(raw: dict[str, Any]) -> bytes:
    """A hashable form of the stored settings: their JSON (one C call; equal settings written in the
    same order, as every person's are, give equal bytes)."""
    return orjson.dumps(raw)


def subscriber_from_doc(doc: dict[str, Any] | None, default_tz: str, user_id: int | None = None) -> Subscriber | None:
    """The index entry for a user document, or None when nothing should be sent to them.

    Runs once per user at start-up (100,000 times), so it sticks to plain dict checks.
    """
    if not doc:
        return None
    reminders = doc.get("reminders")
    profile = doc.get("profile")
    if type(reminders) is not dict or type(profile) is not dict:
        return None
    chat_id = profile.get("chat_id")
    if type(chat_id) is not int or profile.get("active") is False:
        return None
    if chat_id == user_id:
        chat_id = user_id  # share the int object
    tz = doc.get("tz")
    tz = _TZ_NAMES.get(tz) if type(tz) is str else None
    if tz is None:
        tz = _intern_zone(doc.get("tz"), default_tz)
    try:
        slot_keys = _slot_keys_for(_signature(reminders))
        quiet = parse_quiet(doc["quiet"]) if "quiet" in doc else None
        pause_raw = doc.get("pause_until")
        pause_until = parse_utc(pause_raw) if type(pause_raw) is str else None
    except (SettingsError, TypeError, ValueError, KeyError) as exc:
        logger.warning("reminder settings of a user are invalid, not scheduled: %s", exc)
        return None
    snoozes: tuple[tuple[str, str], ...] = ()
    if doc.get("snoozes"):
        snoozes = tuple(
            (s["kind"], s["due"])
            for s in doc["snoozes"]
            if type(s) is dict and s.get("kind") in KIND_CODES and type(s.get("due")) is str
        )
    topics = contributor_topics(doc) if "check" in doc else ()
    return Subscriber(chat_id, tz, slot_keys, pause_until, quiet, topics, snoozes)


# Bump whenever schedule_view keeps other keys or shapes them differently: stored summaries made by
# another version are then never used (the store summarizes those documents again).
SCHEDULE_VIEW_VERSION = 1
_VIEW_KEYS = ("tz", "quiet", "pause_until", "snoozes")
# In a view: the newest "at" of the older in-document sent marks (``reminder_sent``), if any.
LEGACY_SENT_NEWEST = "sent_at"


def schedule_view(doc: Mapping[str, Any]) -> dict[str, Any] | None:
    """The part of a document the index reads, kept by the store as a small summary (~200 bytes
    instead of ~1.2 KB) so start-up decodes that instead of every whole document.

    ``subscriber_from_doc(schedule_view(doc))`` equals ``subscriber_from_doc(doc)``; None when the
    document can never be scheduled. Of ``reminder_sent`` (older data) only the newest send time
    is kept: start-up reads the whole document only when that is recent.
    """
    reminders, profile = doc.get("reminders"), doc.get("profile")
    if type(reminders) is not dict or type(profile) is not dict:
        return None
    view: dict[str, Any] = {
        "profile": {key: profile[key] for key in ("chat_id", "active") if key in profile},
        "reminders": reminders,
    }
    view.update((key, doc[key]) for key in _VIEW_KEYS if key in doc)
    marks = doc.get("reminder_sent")
    if type(marks) is dict:
        times = [str(mark.get("at", "")) for mark in marks.values() if type(mark) is dict]
        if times:
            view[LEGACY_SENT_NEWEST] = max(times)
    if "check" in doc and (topics := contributor_topics(doc)):
        view["check"] = {"result": {"contributors": [{"topic": topic} for topic in topics]}}
    return view


# Valid zone names seen so far, each kept once (100,000 users share a few hundred strings).
_TZ_NAMES: dict[str, str] = {}


def _intern_zone(name: Any, default_tz: str) -> str:
    if not valid_zone(name):
        return default_tz
    return _TZ_NAMES.setdefault(name, name)


class SlotIndex:
    """Subscribers by time zone and local minute, plus pending snoozes by UTC minute."""

    def __init__(self, default_tz: str) -> None:
        if not valid_zone(default_tz):
            raise ValueError(f"unknown default time zone {default_tz!r}")
        self.default_tz = default_tz
        self._subs: dict[int, Subscriber] = {}
        # People with the same zone and slots share one member set ("group"); each slot
        # lists the groups that fire in it. One set entry per person, not one per slot.
        self._groups: dict[tuple[str, tuple[int, ...]], set[int]] = {}
        self._by_tz: dict[str, dict[int, list[set[int]]]] = {}
        self._snoozes: dict[datetime, set[tuple[int, str, str]]] = {}

    def __len__(self) -> int:
        return len(self._subs)

    def get(self, user_id: int) -> Subscriber | None:
        return self._subs.get(user_id)

    def slot_count(self) -> int:
        """Distinct (time zone, local minute, kind) slots: what a per-slot design would schedule."""
        return sum(len(slots) for slots in self._by_tz.values())

    def rebuild(self, users: Iterable[tuple[int, Mapping[str, Any]]]) -> None:
        self._subs.clear()
        self._groups.clear()
        self._by_tz.clear()
        self._snoozes.clear()
        for user_id, doc in users:
            self.load_user(user_id, doc)  # type: ignore[arg-type]

    def load_user(self, user_id: int, doc: dict[str, Any]) -> None:
        """Add a person during a rebuild (the index must not hold them yet)."""
        sub = subscriber_from_doc(doc, self.default_tz, user_id)
        if sub is not None:
            self._add(user_id, sub)

    def update(self, user_id: int, doc: Mapping[str, Any] | None) -> None:
        """Bring one person's entry in line with their document (None: deleted).

        The store calls this after a durable write, so a failure here cannot undo the write:
        the index is repaired for this person instead of being left half-changed.
        """
        new = subscriber_from_doc(doc, self.default_tz, user_id)  # type: ignore[arg-type]
        old = self._subs.get(user_id)
        if new == old:
            return
        try:
            if old is not None:
                self._remove(user_id, old)
            if new is not None:
                self._add(user_id, new)
        except Exception:
            logger.exception("reminder index: repairing the entry of user %d", user_id)
            self._scrub(user_id)
            if new is not None:
                self._add(user_id, new)

    def _add(self, user_id: int, sub: Subscriber) -> None:
        self._subs[user_id] = sub
        group_key = (sub.tz, sub.slot_keys)
        members = self._groups.get(group_key)
        if members is None:
            members = self._groups[group_key] = set()
            if sub.slot_keys:  # someone with every kind off has no slots, so no zone entry
                slots = self._by_tz.setdefault(sub.tz, {})
                for key in sub.slot_keys:
                    slots.setdefault(key, []).append(members)
        members.add(user_id)
        for kind, due in sub.snoozes:
            minute = _snooze_minute(due)
            if minute is not None:
                self._snoozes.setdefault(minute, set()).add((user_id, kind, due))

    def _remove(self, user_id: int, sub: Subscriber) -> None:
        del self._subs[user_id]
        group_key = (sub.tz, sub.slot_keys)
        members = self._groups.get(group_key, set())
        members.discard(user_id)
        if not members:
            self._groups.pop(group_key, None)
            self._drop_group(sub.tz, sub.slot_keys, members)
        for kind, due in sub.snoozes:
            minute = _snooze_minute(due)
            if minute is None:
                continue
            pending = self._snoozes.get(minute)
            if pending is not None:
                pending.discard((user_id, kind, due))
                if not pending:
                    del self._snoozes[minute]

    def _drop_group(self, tz: str, slot_keys: tuple[int, ...], members: set[int]) -> None:
        """Unlink an emptied member set from its zone's slots; forget slots and zones left empty."""
        slots = self._by_tz.get(tz)
        if slots is None:
            return
        for key in slot_keys:
            left = [group for group in slots.get(key, ()) if group is not members]
            if left:
                slots[key] = left
            else:
                slots.pop(key, None)
        if not slots:
            del self._by_tz[tz]

    def _scrub(self, user_id: int) -> None:
        """Remove every trace of a person by walking the whole index (the repair path only)."""
        self._subs.pop(user_id, None)
        for (tz, slot_keys), members in list(self._groups.items()):
            members.discard(user_id)
            if not members:
                del self._groups[(tz, slot_keys)]
                self._drop_group(tz, slot_keys, members)
        for minute, pending in list(self._snoozes.items()):
            pending.difference_update({entry for entry in pending if entry[0] == user_id})
            if not pending:
                del self._snoozes[minute]

    # --- inspection (tests, diagnostics) --------------------------------------------------
    def memberships(self) -> set[tuple[str, int, int]]:
        """Every (time zone, slot key, user id) the tick would look at, plus snoozes as ("snooze", ...)."""
        found = {
            (tz, key, user_id)
            for tz, slots in self._by_tz.items()
            for key, groups in slots.items()
            for members in groups
            for user_id in members
        }
        found.update(
            ("snooze:" + due, int(minute.timestamp()), user_id)
            for minute, entries in self._snoozes.items()
            for user_id, _, due in entries
        )
        return found

    def is_tidy(self) -> bool:
        """No empty member set, slot list or zone is kept, and every group is reachable."""
        groups_ok = all(members for members in self._groups.values())
        slots_ok = all(slots and all(groups for groups in slots.values()) for slots in self._by_tz.values())
        snoozes_ok = all(self._snoozes.values())
        return groups_ok and slots_ok and snoozes_ok

    # --- due computation ---------------------------------------------------------------
    def due(self, after: datetime, until: datetime) -> list[Due]:
        """Everything that became due in the UTC minutes (after, until], both minute-aligned."""
        return list(self.iter_due(after, until))

    def iter_due(self, after: datetime, until: datetime) -> Iterator[Due]:
        """``due`` lazily, so the tick can hand the event loop back between chunks.

        The index may change while a caller pauses (a person edits a setting meanwhile): every
        container is copied before it is walked, so iterating never sees one change under it.
        Someone added meanwhile may be missed for this minute; the tick's look-back is per minute.
        """
        minute = after + MINUTE
        while minute <= until:
            yield from self._due_at(minute)
            minute += MINUTE

    def _due_at(self, instant: datetime) -> Iterator[Due]:
        for tz, slots in list(self._by_tz.items()):
            for wall in local_minutes_starting_at(instant, tz):
                minute_of_day = wall.hour * 60 + wall.minute
                base = minute_of_day * _CODES
                for code, kind in enumerate(KINDS):
                    groups = slots.get(base + code)
                    if groups:
                        day = wall.date()
                        for members in list(groups):
                            for user_id in list(members):
                                yield Due(user_id, kind, day, minute_of_day, instant)
        for user_id, snoozed_kind, due in list(self._snoozes.get(instant, ())):
            sub = self._subs.get(user_id)
            if sub is None:
                continue
            wall = instant.astimezone(zone(sub.tz))
            yield Due(user_id, snoozed_kind, wall.date(), wall.hour * 60 + wall.minute, instant, due)  # type: ignore[arg-type]

    def snoozes_before(self, instant: datetime) -> list[tuple[int, str, str]]:
        """Snoozes whose minute is before ``instant`` (stale after downtime)."""
        return [entry for minute, entries in self._snoozes.items() if minute < instant for entry in entries]


def local_minutes_starting_at(instant: datetime, tz: str) -> list[datetime]:
    """Local wall-clock minutes (naive) that begin at this UTC minute in ``tz``.

    Usually exactly one; all skipped ones at a spring-forward gap; none on the repeated
    pass through an autumn overlap.
    """
    zi = zone(tz)
    current = instant.astimezone(zi)
    if current.fold:
        return []
    previous = (instant - MINUTE).astimezone(zi).replace(tzinfo=None, fold=0)
    current_wall = current.replace(tzinfo=None)
    if current_wall <= previous:
        return []
    walls = []
    wall = previous + MINUTE
    while wall <= current_wall:
        walls.append(wall)
        wall += MINUTE
    return walls


def _snooze_minute(due_iso: str) -> datetime | None:
    try:
        due = parse_utc(due_iso)
    except ValueError:
        return None
    return due.replace(second=0, microsecond=0)
