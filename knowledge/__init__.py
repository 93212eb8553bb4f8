"""Seed-derived knowledge: fact store, understanding, red-flag triage, composing, guided-check scoring.

No telegram imports here: handlers render the `Answer`/`CheckResult` values this package returns.
"""

from knowledge.base import KnowledgeBase
from knowledge.models import INTENTS, MORE_BUTTONS, TOPIC_IDS, Answer, Fact, ReliefStep, Tip

__all__ = ["INTENTS", "MORE_BUTTONS", "TOPIC_IDS", "Answer", "Fact", "KnowledgeBase", "ReliefStep", "Tip"]
