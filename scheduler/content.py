"""The one place that asks the knowledge base what a reminder should say.

Every fact comes from ``knowledge`` (and through it from the seeds); this module only
chooses which tip, so consecutive reminders vary and food reminders follow the person's
likely contributors from the guided check.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

STRETCH_ROUTINE_STEPS = 3


class TipLike(Protocol):
    text: str  # HTML-safe
    sources: Sequence[str]


class KnowledgeLike(Protocol):
    def prevention_tips(self, kind: str) -> Sequence[Any]: ...

    def foods_tip(self, nutrient_ids: list[str], index: int) -> Any: ...


def reminder_tip_html(knowledge: KnowledgeLike, kind: str, topics: Sequence[str], index: int) -> str:
    """HTML-safe body of one reminder; empty when the knowledge base has nothing for it."""
    if kind == "food":
        tip = knowledge.foods_tip(list(topics), index)
        return str(tip.text) if tip is not None else ""
    tips = list(knowledge.prevention_tips(kind))
    if not tips:
        return ""
    if kind == "stretch":
        # A short routine: a few consecutive steps, starting somewhere new each evening.
        count = min(STRETCH_ROUTINE_STEPS, len(tips))
        steps = [tips[(index + offset) % len(tips)] for offset in range(count)]
        return "\n".join(f"• {step.text}" for step in steps)
    return str(tips[index % len(tips)].text)
