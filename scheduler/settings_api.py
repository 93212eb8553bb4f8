"""ReminderSettings: what handlers call to read and change one person's reminders.

Every change goes through the store; the scheduler follows it through its store listener
(scheduler/service.py), so a setting takes effect at once. No sending and no tick here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

from core.userdoc import UserDoc
from scheduler.index import valid_zone, zone
from scheduler.model import (
    SNOOZE_DELAY,
    count_events,
    done_slots,
    floor_minute,
    normalize_reminders,
    parse_utc,
    starter_reminders,
    utc_iso,
    validate_kind,
    with_event,
    with_hydration_window,
    with_kind_on,
    with_kind_time,
    with_quiet,
    with_snooze,
)
from scheduler.upcoming import Upcoming, next_reminder, parse_snoozes

logger = logging.getLogger(__name__)


class StoreLike(Protocol):
    def get(self, user_id: int) -> UserDoc | None: ...

    def update(self, user_id: int, fields: dict[str, Any]) -> UserDoc: ...

    def append(self, user_id: int, key: str, entry: dict[str, Any], *, keep: int = 500) -> None: ...

    def iter_users(self) -> Any: ...

    def keep_summary(self, table: str, summarize: Callable[[UserDoc], dict[str, Any] | None], version: int) -> None: ...

    def iter_summaries(self, table: str) -> Iterator[tuple[int, dict[str, Any] | None]]: ...

    def record(self, table: str, user_id: int, name: str) -> dict[str, Any] | None: ...

    def set_record(self, table: str, user_id: int, name: str, record: dict[str, Any] | None) -> None: ...

    def iter_records(self, table: str) -> Iterator[tuple[int, str, dict[str, Any]]]: ...

    def add_listener(self, callback: Callable[[int, UserDoc | None], None]) -> None: ...


class ClockLike(Protocol):
    def now(self) -> datetime: ...


class ReminderSettings:
    """One person's reminder settings, read with defaults filled in and changed in the store."""

    def __init__(self, store: StoreLike, clock: ClockLike, default_tz: str) -> None:
        self.store = store
        self.clock = clock
        self.default_tz = default_tz

    def local_now(self, user_id: int) -> datetime:
        return self.clock.now().astimezone(zone(self.timezone_of(user_id)))

    def timezone_of(self, user_id: int) -> str:
        doc = self.store.get(user_id) or {}
        tz = doc.get("tz")
        return tz if isinstance(tz, str) and valid_zone(tz) else self.default_tz

    def settings_of(self, user_id: int) -> dict[str, Any]:
        """Reminder settings with defaults filled in, plus quiet hours, pause and time zone."""
        doc = self.store.get(user_id) or {}
        return {
            "enabled": isinstance(doc.get("reminders"), Mapping),
            "reminders": normalize_reminders(doc.get("reminders")),
            "quiet": doc.get("quiet"),
            "pause_until": doc.get("pause_until"),
            "tz": doc.get("tz") if valid_zone(doc.get("tz")) else None,
        }

    def set_timezone(self, user_id: int, tz: str, only: str | None = None, switch_on: bool = True) -> bool:
        """Store the zone; the first time (no reminder settings yet) return True and, with
        ``switch_on``, switch reminders on: the gentle starter set, or just the ``only`` kind when
        the person came from an offer of that one reminder. Without it nothing is switched on:
        the person is offered the set first (`start_reminders`).
        """
        if not valid_zone(tz):
            raise ValueError(f"unknown time zone {tz!r}")
        doc = self.store.get(user_id) or {}
        fields: dict[str, Any] = {"tz": tz}
        first_time = not isinstance(doc.get("reminders"), Mapping)
        if first_time and switch_on:
            fields["reminders"] = starter_reminders(only, user_id)
        self.store.update(user_id, fields)
        return first_time

    def start_reminders(self, user_id: int, on: bool = True) -> None:
        """Store the starter set as offered (the offer's "Turn these on"; opt-in kinds stay off), or
        every kind off at the starter times ("choose my own", then switch kinds on one by one)."""
        reminders = starter_reminders(user_id=user_id)
        for kind in reminders:
            reminders[kind]["on"] = on and reminders[kind]["on"]
        self.store.update(user_id, {"reminders": reminders})

    def next_reminder(self, user_id: int) -> Upcoming | None:
        """The next reminder this person will really get (quiet hours, pause and snoozes included)."""
        doc = self.store.get(user_id) or {}
        if not isinstance(doc.get("reminders"), Mapping):
            return None
        pause_raw = doc.get("pause_until")
        try:
            pause_until = parse_utc(pause_raw) if isinstance(pause_raw, str) else None
            reminders = normalize_reminders(doc["reminders"])
        except ValueError:
            return None
        snoozes = parse_snoozes(doc.get("snoozes"))
        return next_reminder(
            reminders, doc.get("quiet"), pause_until, snoozes, self.timezone_of(user_id), self.clock.now()
        )

    def set_kind_on(self, user_id: int, kind: str, on: bool) -> None:
        self.store.update(user_id, with_kind_on(self.store.get(user_id) or {}, kind, on))

    def set_kind_time(self, user_id: int, kind: str, hhmm: str) -> None:
        self.store.update(user_id, with_kind_time(self.store.get(user_id) or {}, kind, hhmm))

    def set_hydration_window(
        self, user_id: int, start: str | None = None, end: str | None = None, every_h: int | None = None
    ) -> None:
        doc = self.store.get(user_id) or {}
        self.store.update(user_id, with_hydration_window(doc, start, end, every_h))

    def set_quiet(self, user_id: int, start: str | None, end: str | None) -> None:
        self.store.update(user_id, with_quiet(start, end))

    def pause(self, user_id: int, duration: timedelta | None) -> datetime | None:
        """Pause everything for ``duration`` (None resumes); returns the end of the pause."""
        if duration is None:
            self.store.update(user_id, {"pause_until": None})
            return None
        until = self.clock.now() + duration
        self.store.update(user_id, {"pause_until": utc_iso(until)})
        return until

    def snooze(self, user_id: int, kind: str) -> datetime:
        """Send this kind again in 30 minutes; the regular schedule stays as it is."""
        now = self.clock.now()
        due = floor_minute(now + SNOOZE_DELAY)
        self.store.update(user_id, with_snooze(self.store.get(user_id) or {}, kind, due))
        self._log_event(user_id, "snooze", kind, now)
        return due

    def done(self, user_id: int, kind: str, slot: str | None = None) -> int:
        """Log "done" once per reminder (``slot`` identifies it); returns today's count (local day)."""
        now = self.clock.now()
        if slot is None or not self.was_done(user_id, kind, slot):
            self._log_event(user_id, "done", kind, now, slot)
        local_day = now.astimezone(zone(self.timezone_of(user_id))).date()
        return count_events(self.store.get(user_id) or {}, "done", kind, local_day)

    def was_done(self, user_id: int, kind: str, slot: str) -> bool:
        """Whether the reminder ``slot`` of this kind was already marked done (a double tap)."""
        return slot in done_slots(self.store.get(user_id) or {}, kind)

    def turn_off(self, user_id: int, kind: str) -> None:
        """Switch one kind off (from the reminder itself) and drop its pending snooze."""
        doc = self.store.get(user_id) or {}
        fields = with_kind_on(doc, kind, False)
        snoozes = [s for s in doc.get("snoozes") or [] if s.get("kind") != kind]
        fields["snoozes"] = snoozes or None
        self.store.update(user_id, fields)
        self._log_event(user_id, "off", kind, self.clock.now())

    def mark_inactive(self, user_id: int) -> None:
        """The person blocked the bot: stop everything until they /start again."""
        doc = self.store.get(user_id)
        if doc is None:
            return
        profile = dict(doc.get("profile") or {})
        profile["active"] = False
        self.store.update(user_id, {"profile": profile})
        logger.info("user %d blocked the bot; reminders stopped", user_id)

    def _log_event(self, user_id: int, event: str, kind: str, now: datetime, slot: str | None = None) -> None:
        validate_kind(kind)
        local_day = now.astimezone(zone(self.timezone_of(user_id))).date()
        self.store.update(user_id, with_event(self.store.get(user_id) or {}, event, kind, local_day, slot))
