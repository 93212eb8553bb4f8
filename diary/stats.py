"""Counting a diary: night or day in the person's local time, per day, per week, adherence.

Night is 22:00–06:00 local (the same hours the relief walkthrough calls night). An entry logged
for "another day" has no time of day, so it counts in totals but neither as night nor as day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Final, Literal

from diary.entries import Entry
from diary.render import Day

NIGHT_START_HOUR: Final = 22
NIGHT_END_HOUR: Final = 6
HISTORY_DAYS: Final = 30
Period = Literal["night", "day", "unknown"]

# The "when" choices of the logging screen. Their instants are estimates on purpose: a person
# mid-cramp or just after it should not have to type a time, and only night/day matters here.
WHEN_CHOICES: Final[tuple[str, ...]] = ("now", "night", "today")
LAST_NIGHT_HOUR: Final = 3  # "last night" is stored as 03:00 local
EARLIER_TODAY_BACK: Final = timedelta(hours=2)  # "earlier today": two hours ago, not before 06:00
PICK_DAYS: Final = 7  # "another day" offers the last seven days


def local_day_noon(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=zone).astimezone(UTC)


def resolve_when(choice: str, now: datetime, zone: tzinfo) -> datetime:
    """The UTC instant stored for a "when" choice made at `now` (aware UTC) in `zone`."""
    local = now.astimezone(zone)
    if choice == "now":
        return now
    if choice == "night":
        night = datetime.combine(local.date(), time(LAST_NIGHT_HOUR, 0), tzinfo=zone)
        if night > local:  # before 03:00: the night that is still going on began yesterday evening
            night = datetime.combine(local.date() - timedelta(days=1), time(23, 0), tzinfo=zone)
        return night.astimezone(UTC)
    if choice == "today":
        morning = datetime.combine(local.date(), time(NIGHT_END_HOUR, 0), tzinfo=zone)
        earlier = local - EARLIER_TODAY_BACK
        return (earlier if earlier >= morning or local < morning else morning).astimezone(UTC)
    raise ValueError(f"unknown when choice {choice!r}")


def pickable_days(now: datetime, zone: tzinfo) -> list[date]:
    """The days "another day" offers: yesterday back to seven days ago, newest first."""
    today = now.astimezone(zone).date()
    return [today - timedelta(days=n) for n in range(1, PICK_DAYS + 1)]


def period(entry: Entry, zone: tzinfo) -> Period:
    if entry.day_only:
        return "unknown"
    hour = entry.at.astimezone(zone).hour
    return "night" if hour >= NIGHT_START_HOUR or hour < NIGHT_END_HOUR else "day"


def local_date(entry: Entry, zone: tzinfo) -> date:
    return entry.at.astimezone(zone).date()


def recent(entries: Iterable[Entry], now: datetime, days: int = HISTORY_DAYS) -> list[Entry]:
    """Entries of the last `days` days up to now, newest first."""
    since = now - timedelta(days=days)
    return sorted((e for e in entries if since <= e.at <= now + timedelta(minutes=1)), key=lambda e: e.at, reverse=True)


@dataclass(frozen=True)
class Counts:
    total: int
    night: int
    day: int
    unknown: int


def counts(entries: Iterable[Entry], zone: tzinfo) -> Counts:
    found = Counter(period(entry, zone) for entry in entries)
    return Counts(sum(found.values()), found["night"], found["day"], found["unknown"])


@dataclass(frozen=True)
class Week:
    """Seven local days ending on `last` (the newest week ends today)."""

    first: date
    last: date
    count: int


def weeks(entries: Sequence[Entry], now: datetime, zone: tzinfo, number: int = 5) -> list[Week]:
    """Counts per 7-day stretch ending today, newest first (5 stretches cover the 30 days)."""
    today = now.astimezone(zone).date()
    days = Counter(local_date(entry, zone) for entry in entries)
    result = []
    for n in range(number):
        last = today - timedelta(days=7 * n)
        first = last - timedelta(days=6)
        result.append(Week(first, last, sum(c for d, c in days.items() if first <= d <= last)))
    return result


def daily(entries: Iterable[Entry], now: datetime, zone: tzinfo, days: int, water: set[date]) -> list[Day]:
    """One Day per local day of the last `days` days, oldest first."""
    today = now.astimezone(zone).date()
    per: dict[date, Counter[str]] = {}
    for entry in entries:
        per.setdefault(local_date(entry, zone), Counter())[period(entry, zone)] += 1
    result = []
    for n in range(days - 1, -1, -1):
        day = today - timedelta(days=n)
        found = per.get(day, Counter())
        result.append(Day(day, found["night"], found["day"], found["unknown"], day in water))
    return result


def done_days(reminder_log: Any, kind: str) -> set[date]:
    """Local days on which a reminder of `kind` was marked done (the scheduler's `reminder_log`)."""
    found: set[date] = set()
    for entry in reminder_log if isinstance(reminder_log, list) else []:
        done = entry.get("done") if isinstance(entry, Mapping) else None
        if isinstance(done, Mapping) and isinstance(done.get(kind), int) and done[kind] > 0:
            try:
                found.add(date.fromisoformat(str(entry.get("d"))))
            except ValueError:
                continue
    return found


def adherence(reminder_log: Any, kinds: Sequence[str], now: datetime, zone: tzinfo, days: int) -> dict[str, int]:
    """Per reminder kind: on how many of the last `days` local days it was marked done."""
    today = now.astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    return {kind: sum(1 for d in done_days(reminder_log, kind) if first <= d <= today) for kind in kinds}


def week_before(entries: Sequence[Entry], now: datetime, zone: tzinfo) -> tuple[int, int]:
    """(entries in the last 7 local days, in the 7 before): the weekly summary's two numbers."""
    this, previous = weeks(entries, now, zone, number=2)
    return this.count, previous.count
