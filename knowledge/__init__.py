"""Seed-derived knowledge: store, free-text answering, red-flag triage and guided-check scoring.

No telegram imports here: handlers render the `Answer`/`CheckResult` values this package returns.
"""

from knowledge.base import KnowledgeBase
from knowledge.models import TOPIC_IDS, Answer, ReliefStep, Tip

__all__ = ["TOPIC_IDS", "Answer", "KnowledgeBase", "ReliefStep", "Tip"]
