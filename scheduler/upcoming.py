"""What a person will get next, and which settings can never fire (for the settings screens).

Pure functions over the stored settings; they mirror the tick's rules (quiet hours and the
pause hold a reminder back, snoozes come on top) so what the screen promises is what happens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from scheduler.index import zone
from scheduler.model import (
    KINDS,
    Kind,
    SettingsError,
    fires_on,
    is_quiet,
    kind_minutes,
    parse_quiet,
    parse_utc,
)

# Pauses are offered for at most a week: a day more of look-ahead always finds what follows.
LOOK_AHEAD_DAYS = 8


@dataclass(frozen=True, slots=True)
class Upcoming:
    """The next reminder: its kind and when, in the person's own zone."""

    kind: Kind
    local: datetime


@dataclass(frozen=True, slots=True)
class QuietClash:
    """How many of a kind's daily slots fall inside quiet hours (and so are never sent)."""

    inside: int
    total: int

    @property
    def all_inside(self) -> bool:
        return self.total > 0 and self.inside == self.total


def safe_quiet(raw: Any) -> tuple[int, int] | None:
    try:
        return parse_quiet(raw)
    except (SettingsError, KeyError, TypeError):
        return None


def quiet_clash(kind: Kind, settings: Mapping[str, Any], quiet_raw: Any) -> QuietClash:
    """Slots of one (switched-on) kind inside quiet hours; a kind that is off never clashes."""
    quiet = safe_quiet(quiet_raw)
    minutes = kind_minutes(kind, settings)
    return QuietClash(sum(1 for minute in minutes if is_quiet(quiet, minute)), len(minutes))


def next_reminder(
    reminders: Mapping[str, Mapping[str, Any]],
    quiet_raw: Any,
    pause_until: datetime | None,
    snoozes: list[tuple[Kind, datetime]],
    tz: str,
    now: datetime,
) -> Upcoming | None:
    """The first reminder after ``now`` that the tick would really send, or None."""
    zi = zone(tz)
    quiet = safe_quiet(quiet_raw)
    after = now.replace(second=0, microsecond=0)  # a slot in the current minute is already due

    def sendable(at_utc: datetime) -> bool:
        if at_utc <= after or (pause_until is not None and at_utc < pause_until):
            return False
        local = at_utc.astimezone(zi)
        return not is_quiet(quiet, local.hour * 60 + local.minute)

    candidates = [(due, kind) for kind, due in snoozes if sendable(due)]
    today = now.astimezone(zi).date()
    for offset in range(LOOK_AHEAD_DAYS):
        day = today + timedelta(days=offset)
        for kind in KINDS:
            if not fires_on(kind, day):
                continue
            for minute in kind_minutes(kind, reminders[kind]):
                at_utc = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zi).astimezone(UTC)
                if sendable(at_utc):
                    candidates.append((at_utc, kind))
        if any(due.astimezone(zi).date() <= day for due, _ in candidates):
            break  # later days can only be later
    if not candidates:
        return None
    due, kind = min(candidates, key=lambda candidate: (candidate[0], KINDS.index(candidate[1])))
    return Upcoming(kind, due.astimezone(zi))


def parse_snoozes(raw: Any) -> list[tuple[Kind, datetime]]:
    """Stored ``snoozes`` -> (kind, UTC due); anything malformed is left out."""
    found: list[tuple[Kind, datetime]] = []
    for entry in raw or []:
        if isinstance(entry, Mapping) and entry.get("kind") in KINDS and isinstance(entry.get("due"), str):
            try:
                found.append((entry["kind"], parse_utc(entry["due"])))
            except ValueError:
                continue
    return found
