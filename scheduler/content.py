"""The one place that asks the knowledge base what a reminder should say.

Every fact comes from ``knowledge`` (and through it from the seeds); this module only
chooses which tips, so consecutive reminders vary and food reminders follow the person's
likely contributors from the guided check. Wording around the tips lives in
``handlers/texts/reminders.py`` (the renderer's words), not here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

STRETCH_ROUTINE_STEPS = 3


class TipLine(NamedTuple):
    """One line of a reminder: HTML-escaped text, and how long to hold it (stretches)."""

    html: str
    hold_seconds: int | None = None


class KnowledgeLike(Protocol):
    def prevention_tips(self, kind: str) -> Sequence[Any]: ...

    def foods_tip(self, nutrient_ids: list[str], index: int) -> Any: ...


def reminder_lines(knowledge: KnowledgeLike, kind: str, topics: Sequence[str], index: int) -> list[TipLine]:
    """The tip lines of one reminder; empty when the knowledge base has nothing for it."""
    if kind == "food":
        tip = knowledge.foods_tip(list(topics), index)
        return [TipLine(html.escape(tip.text))] if tip is not None else []
    if kind == "stretch":
        return _stretch_routine(knowledge, index)
    tips = list(knowledge.prevention_tips(kind))
    return [TipLine(html.escape(tips[index % len(tips)].text))] if tips else []


def _stretch_routine(knowledge: KnowledgeLike, index: int) -> list[TipLine]:
    routine = getattr(knowledge, "evening_routine", None)
    if routine is not None:
        steps = list(routine())
        if steps:
            return [TipLine(html.escape(step.text), getattr(step, "hold_seconds", None)) for step in steps]
    # No routine in the knowledge: a few stretching tips, starting somewhere new each evening.
    tips = list(knowledge.prevention_tips("stretch"))
    count = min(STRETCH_ROUTINE_STEPS, len(tips))
    return [TipLine(html.escape(tips[(index + offset) % len(tips)].text)) for offset in range(count)]
