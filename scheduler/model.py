"""Reminder settings as stored in the user document: defaults, validation, pure edits.

Keys of the user document owned here (see ARCHITECTURE.md):

- ``reminders``: ``{"hydration": {"on", "start", "end", "every_h"},
  "stretch": {"on", "time"}, "food": {"on", "time"}}`` — times are local "HH:MM".
  A person without the key has not set reminders up yet and gets none.
- ``quiet``: ``{"start": "HH:MM", "end": "HH:MM"}`` local; nothing is sent inside.
- ``pause_until``: UTC ISO; nothing is sent before it.
- ``snoozes``: ``[{"kind", "due"}]`` with ``due`` a UTC ISO instant.
- ``reminder_log``: one entry per local day the person used a reminder button:
  ``{"d": "YYYY-MM-DD", "done": {kind: n}, "snooze": {kind: n}, "off": {kind: n}}``,
  the last ``LOG_DAYS`` days (counts, not events: a few KB at most per person). The last
  ``DONE_SLOT_DAYS`` entries also keep ``"slots": {kind: [slot id]}``, the reminders already
  marked done, so a double tap on one reminder's Done counts once.
- ``reminder_sent`` (older data; now a small record per kind in the store's ``sent`` table,
  ``{"s": slot, "a": UTC epoch minute}``): ``{kind: {"slot": local "YYYY-MM-DD HH:MM", "at": UTC ISO}}``, the
  last slot sent per kind (constant size; sends are not logged one by one).
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Final, Literal

from core.clock import parse_utc_iso
from core.clock import utc_iso as utc_iso  # re-exported: the scheduler's modules take it from here

# The house format's reader, under the name the scheduler's modules use.
parse_utc = parse_utc_iso

Kind = Literal["hydration", "stretch", "food", "weekly"]
KINDS: Final[tuple[Kind, ...]] = ("hydration", "stretch", "food", "weekly")
KIND_CODES: Final[dict[str, int]] = {kind: code for code, kind in enumerate(KINDS)}

HYDRATION_INTERVALS_H: Final[tuple[int, ...]] = (1, 2, 3, 4)
SNOOZE_DELAY: Final = timedelta(minutes=30)
LOG_DAYS: Final = 90


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One reminder kind as data: its defaults, how new people's times are spread, its tolerance.

    ``spread_field`` is the setting a first-time person gets moved within ``[default + spread_from,
    default + spread_to]`` minutes (5-minute steps, a stable offset from their user id): with everyone
    on the same default the busiest minute held 45,900 reminders at 100,000 people, 25 minutes of
    Telegram's 30/s. ``tolerance`` is how late a reminder may still go out; later it is dropped and
    mentioned in the person's next one (a water nudge an hour late is noise, not help).
    """

    default: dict[str, Any]
    spread_field: str
    spread_from: int
    spread_to: int
    tolerance: timedelta


SPREAD_STEP_MIN: Final = 5

# Windows sit side by side so kinds do not pile onto each other: water starts 09:00-10:55 (every 4 h
# up to 21:00, so 09-11, 13-15, 17-19), food 11:00-12:55, the evening stretch 21:00-22:55.
KIND_SPECS: Final[dict[str, KindSpec]] = {
    "hydration": KindSpec(
        {"on": True, "start": "09:00", "end": "21:00", "every_h": 2}, "start", 0, 115, timedelta(minutes=30)
    ),
    "stretch": KindSpec({"on": True, "time": "21:30"}, "time", -30, 85, timedelta(minutes=60)),
    "food": KindSpec({"on": True, "time": "12:30"}, "time", -90, 25, timedelta(minutes=60)),
    # The diary's weekly summary: opt-in only, so off until the person asks for it. Few people, once
    # a week: not spread; a summary a few hours late still tells the week.
    "weekly": KindSpec({"on": False, "time": "19:00"}, "time", 0, 0, timedelta(hours=3)),
}
# Kinds sent once a week, on this local weekday (Monday = 0): the index fires them daily at their
# time and the tick lets them through only on that day, so DST and zones work as for the others.
WEEKDAY_OF: Final[dict[str, int]] = {"weekly": 6}

DEFAULT_REMINDERS: Final[dict[str, dict[str, Any]]] = {kind: spec.default for kind, spec in KIND_SPECS.items()}

# A first-time person gets fewer water nudges than the full default (every 2 h = 7 a day):
# four, spread over the waking day, are enough to build the habit without nagging.
STARTER_EVERY_H: Final = 4
DONE_SLOT_DAYS: Final = 7
_DONE_SLOTS_PER_DAY: Final = 64

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class SettingsError(ValueError):
    """A reminder setting a person (or a forged button) asked for is not valid."""


def parse_hhmm(text: str) -> int:
    """'HH:MM' -> minute of the day."""
    match = _HHMM.match(text)
    if match is None:
        raise SettingsError(f"not a time of day: {text!r}")
    return int(match.group(1)) * 60 + int(match.group(2))


def format_hhmm(minute_of_day: int) -> str:
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def default_reminders() -> dict[str, dict[str, Any]]:
    return copy.deepcopy(DEFAULT_REMINDERS)


def spread_offset(user_id: int, kind: str) -> int:
    """A stable offset in minutes (5-minute steps) within the kind's spread window, from the user id."""
    spec = KIND_SPECS[kind]
    steps = (spec.spread_to - spec.spread_from) // SPREAD_STEP_MIN + 1
    digest = hashlib.blake2b(f"{user_id}:{kind}".encode("ascii"), digest_size=4).digest()
    return spec.spread_from + int.from_bytes(digest, "big") % steps * SPREAD_STEP_MIN


def spread_time(user_id: int, kind: str) -> str:
    """The person's own default time ("HH:MM") for the kind's spread field (e.g. stretch 21:00-22:55)."""
    spec = KIND_SPECS[kind]
    minute = parse_hhmm(spec.default[spec.spread_field]) + spread_offset(user_id, kind)
    return format_hhmm(minute % (24 * 60))


def starter_reminders(only: str | None = None, user_id: int | None = None) -> dict[str, dict[str, Any]]:
    """What a first-time person gets: gentle defaults, or only the kind they asked for.

    With ``user_id`` each default time is that person's own spread time, which is what they see
    and can change.
    """
    reminders = default_reminders()
    if user_id is not None:
        for kind, spec in KIND_SPECS.items():
            reminders[kind][spec.spread_field] = spread_time(user_id, kind)
    reminders["hydration"]["every_h"] = STARTER_EVERY_H
    if only is not None:
        validate_kind(only)
        for kind in KINDS:
            reminders[kind]["on"] = kind == only
    return reminders


def validate_kind(kind: str) -> Kind:
    if kind not in KIND_CODES:
        raise SettingsError(f"unknown reminder kind: {kind!r}")
    return kind  # type: ignore[return-value]


def normalize_reminders(raw: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Stored settings with every gap filled from the defaults; raises on invalid values."""
    result = default_reminders()
    if raw is None:
        return result
    for kind in KINDS:
        given = raw.get(kind)
        if not isinstance(given, Mapping):
            continue
        merged = {**result[kind], **{k: v for k, v in given.items() if k in result[kind]}}
        _validate_kind_settings(kind, merged)
        result[kind] = merged
    return result


def _validate_kind_settings(kind: Kind, settings: Mapping[str, Any]) -> None:
    if not isinstance(settings["on"], bool):
        raise SettingsError(f"{kind}.on must be true or false")
    if kind == "hydration":
        start, end = parse_hhmm(settings["start"]), parse_hhmm(settings["end"])
        if start >= end:
            raise SettingsError("the hydration window must start before it ends")
        if settings["every_h"] not in HYDRATION_INTERVALS_H:
            raise SettingsError(f"hydration interval must be one of {HYDRATION_INTERVALS_H}")
    else:
        parse_hhmm(settings["time"])


def fires_on(kind: str, local_day: date) -> bool:
    """Whether a kind's slots count on this local day (weekly kinds: only on their weekday)."""
    weekday = WEEKDAY_OF.get(kind)
    return weekday is None or local_day.weekday() == weekday


def kind_minutes(kind: Kind, settings: Mapping[str, Any]) -> tuple[int, ...]:
    """Local minutes of the day at which one kind fires (empty when off)."""
    if not settings.get("on"):
        return ()
    if kind == "hydration":
        return _window_minutes(settings["start"], settings["end"], settings["every_h"])
    return (parse_hhmm(settings["time"]),)


@lru_cache(maxsize=4096)
def _window_minutes(start: str, end: str, every_h: int) -> tuple[int, ...]:
    first, last = parse_hhmm(start), parse_hhmm(end)
    return tuple(range(first, last + 1, every_h * 60))


def parse_quiet(raw: Any) -> tuple[int, int] | None:
    """Stored quiet hours -> (start, end) minutes of the day, or None when off."""
    if not isinstance(raw, Mapping):
        return None
    start, end = parse_hhmm(raw["start"]), parse_hhmm(raw["end"])
    if start == end:
        raise SettingsError("quiet hours must not start and end at the same time")
    return (start, end)


def is_quiet(quiet: tuple[int, int] | None, minute_of_day: int) -> bool:
    """Whether a local minute falls in quiet hours [start, end), which may wrap midnight."""
    if quiet is None:
        return False
    start, end = quiet
    if start < end:
        return start <= minute_of_day < end
    return minute_of_day >= start or minute_of_day < end


# --- timestamps (the house format lives in core.clock) -------------------------------------
def floor_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


# --- pure edits of the user document (return the fields to store) -------------------------
def with_kind_on(doc: Mapping[str, Any], kind: str, on: bool) -> dict[str, Any]:
    reminders = normalize_reminders(doc.get("reminders"))
    reminders[validate_kind(kind)]["on"] = on
    return {"reminders": reminders}


def with_kind_time(doc: Mapping[str, Any], kind: str, hhmm: str) -> dict[str, Any]:
    reminders = normalize_reminders(doc.get("reminders"))
    kind = validate_kind(kind)
    if kind == "hydration":
        raise SettingsError("hydration uses a window, not a single time")
    parse_hhmm(hhmm)
    reminders[kind]["time"] = hhmm
    return {"reminders": reminders}


def with_hydration_window(
    doc: Mapping[str, Any], start: str | None = None, end: str | None = None, every_h: int | None = None
) -> dict[str, Any]:
    reminders = normalize_reminders(doc.get("reminders"))
    window = dict(reminders["hydration"])
    if start is not None:
        window["start"] = start
    if end is not None:
        window["end"] = end
    if every_h is not None:
        window["every_h"] = every_h
    _validate_kind_settings("hydration", window)
    reminders["hydration"] = window
    return {"reminders": reminders}


def with_quiet(start: str | None, end: str | None) -> dict[str, Any]:
    if start is None or end is None:
        return {"quiet": None}
    parse_quiet({"start": start, "end": end})
    return {"quiet": {"start": start, "end": end}}


def with_snooze(doc: Mapping[str, Any], kind: str, due: datetime) -> dict[str, Any]:
    snoozes = [s for s in doc.get("snoozes") or [] if s.get("kind") != kind]
    snoozes.append({"kind": validate_kind(kind), "due": utc_iso(due)})
    return {"snoozes": snoozes}


def without_snooze(doc: Mapping[str, Any], kind: str, due_iso: str) -> dict[str, Any]:
    left = [s for s in doc.get("snoozes") or [] if (s.get("kind"), s.get("due")) != (kind, due_iso)]
    return {"snoozes": left or None}


def with_event(
    doc: Mapping[str, Any], event: str, kind: str, local_day: date, slot: str | None = None
) -> dict[str, Any]:
    """Count one button event (done/snooze/off) in today's log entry; remember a done ``slot``."""
    validate_kind(kind)
    day = local_day.isoformat()
    log = [entry for entry in doc.get("reminder_log") or [] if isinstance(entry, Mapping)]
    if log and log[-1].get("d") == day:
        today = copy.deepcopy(dict(log.pop()))
    else:
        today = {"d": day}
    counts = today.setdefault(event, {})
    counts[kind] = counts.get(kind, 0) + 1
    if slot is not None:
        slots = today.setdefault("slots", {}).setdefault(kind, [])
        slots.append(slot)
        del slots[:-_DONE_SLOTS_PER_DAY]
    log.append(today)
    return {"reminder_log": _drop_old_slots(log[-LOG_DAYS:])}


def _drop_old_slots(log: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Done slots matter only for recent reminders; older entries keep just their counts."""
    keep_from = len(log) - DONE_SLOT_DAYS
    return [
        {k: v for k, v in entry.items() if k != "slots"} if n < keep_from and "slots" in entry else entry
        for n, entry in enumerate(log)
    ]


def done_slots(doc: Mapping[str, Any], kind: str) -> set[str]:
    """Ids of the recent reminders of this kind already marked done."""
    found: set[str] = set()
    for entry in (doc.get("reminder_log") or [])[-DONE_SLOT_DAYS:]:
        slots = entry.get("slots") if isinstance(entry, Mapping) else None
        if isinstance(slots, Mapping) and isinstance(slots.get(kind), list):
            found.update(str(slot) for slot in slots[kind])
    return found


def count_events(doc: Mapping[str, Any], event: str, kind: str, local_day: date) -> int:
    day = local_day.isoformat()
    for entry in reversed(doc.get("reminder_log") or []):
        if isinstance(entry, Mapping) and entry.get("d") == day:
            return int((entry.get(event) or {}).get(kind, 0))
    return 0


def contributor_topics(doc: Mapping[str, Any]) -> tuple[str, ...]:
    """Topic ids of the likely contributors found by the guided check, if there was one."""
    check = doc.get("check")
    result = check.get("result") if isinstance(check, Mapping) else None
    contributors = result.get("contributors") if isinstance(result, Mapping) else None
    if not isinstance(contributors, list):
        return ()
    topics = (c.get("topic") for c in contributors if isinstance(c, Mapping))
    return tuple(t for t in topics if isinstance(t, str))
