"""Typed words, read from data (`handlers/data/words.json`): which phrases a message holds, typed
times of day, whether it is a question. A shared place like `replies`: features import it, it
imports no feature. Adding a word is one entry in the data file, never a new `if`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# Emoji, symbols and punctuation only: nothing a word list could match.
_WORDLESS = re.compile(r"^[\W_]+$")


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads((resources.files("handlers").joinpath("data/words.json")).read_text("utf-8"))
    return raw


def fold(text: str) -> str:
    """Lower case without accents ("Recuérdame" -> "recuerdame"); dots and colons stay (times)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def plain(text: str) -> str:
    """Normalised (lower case, no accents) with punctuation turned into spaces, so phrases match
    on word boundaries: "Stop the water-reminders!" -> "stop the water reminders"."""
    return " ".join(re.sub(r"[^\w':.\-–]+|(?<!\d)[:.\-–]|[:.\-–](?!\d)", " ", fold(text)).split())


def has_phrase(text: str, phrases: list[str]) -> bool:
    """Whether the plain text holds any of the phrases as whole words."""
    padded = f" {text} "
    return any(f" {plain(phrase)} " in padded for phrase in phrases)


def first_label(text: str, labelled: dict[str, list[str]]) -> str | None:
    """The first label (in data order) whose phrases the plain text holds."""
    return next((label for label, phrases in labelled.items() if has_phrase(text, phrases)), None)


# How many words before a phrase a negator may stand ("not better", "not any better").
NEGATION_WINDOW = 2


def negated(text: str, phrases: list[str], negators: list[str]) -> bool:
    """Whether a phrase the plain text holds comes right after a negator (within NEGATION_WINDOW
    words): code, not data, because it is about word positions, not words."""
    tokens, negating = text.split(), {plain(word) for word in negators}
    for phrase in (plain(p).split() for p in phrases):
        for start in range(len(tokens) - len(phrase) + 1):
            if tokens[start : start + len(phrase)] == phrase and negating & set(
                tokens[max(0, start - NEGATION_WINDOW) : start]
            ):
                return True
    return False


def whole_label(text: str, labelled: dict[str, list[str]]) -> str | None:
    """The label one of whose phrases is the whole message (minus punctuation and emoji)."""
    return next((label for label, phrases in labelled.items() if text in {plain(p) for p in phrases}), None)


def message_words(message: object) -> str | None:
    """What a person wrote in a message: its text, or the caption of a photo, video or document
    (read like text everywhere); None when it has neither."""
    for field in ("text", "caption"):
        value = getattr(message, field, None)
        if isinstance(value, str) and value:
            return value
    return None


def is_wordless(text: str) -> bool:
    """Only emoji, symbols or punctuation ("🦵😣", "?!")."""
    return bool(_WORDLESS.match(text.strip()))


def is_question(text: str) -> bool:
    rules = words()["question"]
    stripped = text.strip()
    return any(stripped.endswith(end) for end in rules["ends"]) or has_phrase(
        plain(stripped).split(" ", 1)[0], rules["starts"]
    )


# --- times of day ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimeOfDay:
    """A typed time: the minute of the day and whether the person wrote it the 12-hour way."""

    minute: int
    twelve_hour: bool = False

    @property
    def hhmm(self) -> str:
        return f"{self.minute // 60:02d}:{self.minute % 60:02d}"

    def shown(self) -> str:
        """In the person's own format: "9:30 pm" for someone who wrote pm, else "21:30"."""
        if not self.twelve_hour:
            return self.hhmm
        hour, minute = divmod(self.minute, 60)
        return f"{(hour - 1) % 12 + 1}:{minute:02d} {'am' if hour < 12 else 'pm'}"


@lru_cache(maxsize=1)
def _time_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in words()["time_formats"])


def find_time(text: str) -> TimeOfDay | None:
    """The first time of day in a text: "22:15", "10:15pm", "9.30", "21h", "at 9"; None if none."""
    lowered = fold(text)
    for pattern in _time_patterns():
        for match in pattern.finditer(lowered):
            found = _time_of(match)
            if found is not None:
                return found
    return None


def read_time(text: str) -> TimeOfDay | None:
    """A message that is just a time ("22:15", "9.30 pm"): the time, else None."""
    lowered = fold(text.strip())
    for pattern in _time_patterns():
        match = pattern.fullmatch(lowered)
        if match is not None:
            return _time_of(match)
    return None


def _time_of(match: re.Match[str]) -> TimeOfDay | None:
    groups = match.groupdict()
    hour, minute = int(groups["h"]), int(groups.get("m") or 0)
    ampm = groups.get("ampm")
    if minute > 59:
        return None
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    elif hour > 24:
        return None
    return TimeOfDay((hour % 24) * 60 + minute, twelve_hour=bool(ampm))
