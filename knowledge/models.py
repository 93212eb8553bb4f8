"""Renderer-neutral value objects handed to the Telegram handlers and the scheduler."""

from __future__ import annotations

from dataclasses import dataclass, field

TOPIC_IDS: tuple[str, ...] = (
    "magnesium", "potassium", "calcium", "vitamin_d", "vitamin_b12", "vitamin_b1", "iron", "choline",
    "dehydration", "relief", "prevention_foods", "stretching", "medications", "circulation", "red_flag",
    "supplements", "night_cramps", "pregnancy", "exercise", "out_of_scope",
)
NUTRIENT_IDS: tuple[str, ...] = (
    "magnesium", "potassium", "calcium", "vitamin_d", "vitamin_b12", "vitamin_b1", "iron", "choline",
)
FOLLOWUPS: tuple[str, ...] = ("foods", "relief", "doctor", "reminder")
PLACES: tuple[str, ...] = ("calf", "foot", "thigh", "other")
TIP_KINDS: tuple[str, ...] = ("hydration", "stretch", "food", "footwear")


@dataclass(frozen=True)
class Answer:
    """One reply: `text` is Telegram HTML (only <b>/<i>, everything else escaped), ≤ 1200 chars."""

    topics: list[str]
    urgent: bool
    see_doctor: bool
    text: str
    followups: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # Where the cramp is, if the question says (one of PLACES), so "relief now" can skip "where?".
    place: str | None = None


@dataclass(frozen=True)
class ReliefStep:
    """One imperative sentence; `hold_seconds` is set for stretches that are held."""

    id: str
    text: str
    hold_seconds: int | None
    sources: list[str]


@dataclass(frozen=True)
class Tip:
    """A short one-liner for reminders (plain text, not HTML-escaped)."""

    id: str
    kind: str
    text: str
    sources: list[str]
