"""Renderer-neutral value objects handed to the Telegram handlers and the scheduler."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

TOPIC_IDS: tuple[str, ...] = (
    "magnesium",
    "potassium",
    "calcium",
    "vitamin_d",
    "vitamin_b12",
    "vitamin_b1",
    "iron",
    "choline",
    "dehydration",
    "relief",
    "prevention_foods",
    "stretching",
    "medications",
    "circulation",
    "red_flag",
    "supplements",
    "night_cramps",
    "pregnancy",
    "exercise",
    "overview",
    "out_of_scope",
)
NUTRIENT_IDS: tuple[str, ...] = (
    "magnesium",
    "potassium",
    "calcium",
    "vitamin_d",
    "vitamin_b12",
    "vitamin_b1",
    "iron",
    "choline",
)
# What a question asks for; each maps to fact kinds in data/intents.json.
INTENTS: tuple[str, ...] = (
    "overview",
    "symptoms",
    "timing",
    "foods",
    "study",
    "supplement",
    "relief",
    "doctor",
    "prevention",
    "why",
)
# Buttons under an answer, in this order; each opens the matching intent for the answer's topic.
MORE_BUTTONS: tuple[str, ...] = ("why", "foods", "symptoms", "doctor", "relief")
# More screens of the same intent; at most this many (callback data carries the page number).
MAX_PAGES = 9
FOLLOWUPS: tuple[str, ...] = ("foods", "relief", "doctor", "reminder")
PLACES: tuple[str, ...] = ("calf", "foot", "thigh", "other")
TIP_KINDS: tuple[str, ...] = ("hydration", "stretch", "food", "footwear")
Level = Literal["urgent", "see_doctor"]


@dataclass(frozen=True)
class Fact:
    """One statement from one article (`file`, `title`), or a general safety line (`file` is None)."""

    id: str
    text: str
    topics: tuple[str, ...]
    kind: str
    file: str | None
    title: str | None
    foods: tuple[str, ...] = ()
    animal: tuple[str, ...] = ()

    @property
    def is_safety(self) -> bool:
        return self.file is None


@dataclass(frozen=True)
class Answer:
    """One reply: `text` is Telegram HTML (only <b>/<i>, everything else escaped), the first screen.

    `sources` are article titles, only of the facts shown; `more` names the buttons that open more
    (each has facts behind it); `fact_ids` are the records the text was built from.
    """

    topics: list[str]
    urgent: bool
    see_doctor: bool
    text: str
    followups: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # Where the cramp is, if the question says (one of PLACES), so "relief now" can skip "where?".
    place: str | None = None
    intent: str = "overview"
    level: Level | None = None
    reasons: list[str] = field(default_factory=list)
    lang: str = "en"
    more: list[str] = field(default_factory=list)
    fact_ids: list[str] = field(default_factory=list)
    # What this message said about the person (vegan, pregnant, water_pills, kidney, age_group, place, time).
    told: dict[str, object] = field(default_factory=dict)
    # Which screen of the intent's facts this is (the "More" button, `"next"` in `more`, opens page + 1).
    page: int = 0


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
