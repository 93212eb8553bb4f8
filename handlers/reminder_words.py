"""Reminder wishes in plain words ("stop the water reminders", "remind me to stretch at 9:30pm",
"water every 2 hours from 8 to 20", "pause reminders for a week", "snooze"), read into a `Wish`.

Pure: no Telegram, no store. The words are data (`handlers/data/words.json`, section "wish");
this module only combines what `handlers.wording` finds. `handlers.reminders` applies a wish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from handlers.wording import TimeOfDay, find_time, first_label, has_phrase, is_question, plain, words
from scheduler.model import KINDS

# A wish with no action word that starts with a kind ("water every 2 hours from 8 to 20") is a
# command only while short; a longer sentence that starts so is more likely a story or a question.
MAX_COMMAND_WORDS = 10


@dataclass(frozen=True)
class Wish:
    """What a person asked of their reminders. `action`: on | off | time | window | pause | resume | snooze,
    or recommended ("ok" to the recommended set: never read from words, see reminder_wishes.typed_yes)."""

    action: str
    kinds: tuple[str, ...] = ()
    time: TimeOfDay | None = None
    every_h: int | None = None
    start: TimeOfDay | None = None
    end: TimeOfDay | None = None
    days: int | None = None


def _section() -> dict[str, Any]:
    section: dict[str, Any] = words()["wish"]
    return section


@lru_cache(maxsize=1)
def _every_re() -> re.Pattern[str]:
    wish = _section()
    every = "|".join(re.escape(plain(w)) for w in wish["every"])
    hours = "|".join(re.escape(plain(w)) for w in sorted(wish["hours"], key=len, reverse=True))
    return re.compile(rf"\b(?:{every})\s(?:(?P<n>\d{{1,2}})\s?)?(?:{hours})\b")


@lru_cache(maxsize=1)
def _range_res() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"\b{pattern}") for pattern in _section()["range"])


def read_wish(text: str) -> Wish | None:
    """The wish a message states, or None when it states none (a question about cramps stays a question)."""
    wish, lowered = _section(), plain(text)
    if is_question(text) and not has_phrase(lowered, wish["in_questions"]):
        return None
    kinds = tuple(kind for kind in KINDS if has_phrase(lowered, wish["kinds"].get(kind, [])))
    everything = has_phrase(lowered, wish["all"])
    action = first_label(lowered, wish["actions"])
    every_h, rest = _every(lowered)
    start, end, rest = _range(rest)
    if action == "snooze":
        return Wish("snooze", kinds)
    if action == "resume":
        return Wish("resume")
    if action == "pause":
        return Wish("pause", days=_days(lowered) or 1)
    if action == "off":
        return Wish("off", kinds or KINDS) if kinds or everything else None
    if action is None and not _kind_led(lowered, kinds, every_h, start, find_time(rest)):
        return None
    if not kinds:
        return Wish("on", KINDS) if everything else None
    if "hydration" in kinds and (every_h is not None or start is not None):
        return Wish("window", ("hydration",), every_h=every_h, start=start, end=end)
    time = find_time(rest)
    single = [kind for kind in kinds if kind != "hydration"]
    if time is not None and single:
        return Wish("time", (single[0],), time=time)
    if time is not None:
        # "remind me to drink at 10": water comes as a rhythm through the day, so the day's first
        # nudge moves to that time (the rest follow every few hours; the reply lists them all).
        return Wish("window", ("hydration",), start=time)
    return Wish("on", kinds)


def _kind_led(lowered: str, kinds: tuple[str, ...], every_h: int | None, start: Any, time: Any) -> bool:
    first = lowered.split(" ", 1)[0]
    leads = any(has_phrase(first, _section()["kinds"].get(kind, [])) for kind in kinds)
    return (
        leads
        and len(lowered.split()) <= MAX_COMMAND_WORDS
        and (every_h is not None or start is not None or time is not None)
    )


def _every(lowered: str) -> tuple[int | None, str]:
    """ "every 2 hours" -> 2 (and the text without it, so "2 часа" is not read as 02:00)."""
    match = _every_re().search(lowered)
    if match is None:
        return None, lowered
    return int(match.group("n") or 1), lowered[: match.start()] + " " + lowered[match.end() :]


def _range(lowered: str) -> tuple[TimeOfDay | None, TimeOfDay | None, str]:
    """ "from 8 to 20" -> 08:00, 20:00 (and the text without it)."""
    for pattern in _range_res():
        match = pattern.search(lowered)
        if match is None:
            continue
        start, end = _clock(match.group("a")), _clock(match.group("b"))
        if start is not None and end is not None:
            return start, end, lowered[: match.start()] + " " + lowered[match.end() :]
    return None, None, lowered


def read_range(text: str) -> tuple[TimeOfDay, TimeOfDay] | None:
    """A typed span of the day ("8-20", "from 22 to 7", "с 8 до 20"), or None."""
    start, end, _ = _range(plain(text))
    return (start, end) if start is not None and end is not None else None


def _clock(text: str) -> TimeOfDay | None:
    hour, _, minute = text.partition(":")
    if int(hour) > 23 or (minute and int(minute) > 59):
        return None
    return TimeOfDay(int(hour) * 60 + int(minute or 0))


def _days(lowered: str) -> int | None:
    wish = _section()
    match = re.search(wish["n_days"], lowered)
    if match is not None:
        return int(match.group("n"))
    durations: dict[str, int] = wish["durations"]
    for phrase in sorted(durations, key=len, reverse=True):
        if has_phrase(lowered, [phrase]):
            return durations[phrase]
    return None
