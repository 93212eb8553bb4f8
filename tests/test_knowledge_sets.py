"""Floors on every labelled question set, so no later change quietly makes answers worse.

The blind sets were written by people who had not seen the matcher; each was measured once
untuned (figures in the README) and has been tuned on since, so these floors guard against
regressions — they are not a measure of how the bot does on questions nobody has seen.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge import KnowledgeBase

DATA = Path(__file__).parent / "data"
# (file, top-1 floor, top-3 floor): just under what the sets reach today.
FLOORS = [
    ("questions.json", 0.98, 0.99),
    ("questions_blind.json", 0.97, 0.98),
    ("questions_blind2.json", 0.97, 0.98),
    ("questions_blind3.json", 0.97, 0.98),
    ("questions_blind4.json", 0.93, 0.96),
    ("questions_blind5.json", 0.92, 0.97),
    ("questions_blind6.json", 0.96, 0.96),
    ("questions_blind7.json", 0.88, 0.9),
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(None)


@pytest.mark.parametrize(("name", "top1_floor", "top3_floor"), FLOORS)
def test_topic_accuracy_floor(kb: KnowledgeBase, name: str, top1_floor: float, top3_floor: float) -> None:
    items = json.loads((DATA / name).read_text(encoding="utf-8"))
    top1 = top3 = 0
    for item in items:
        topics = kb.rank(item["q"])
        top1 += bool(topics) and topics[0] in item["topics"]
        top3 += bool(set(topics[:3]) & set(item["topics"]))
    assert top1 / len(items) >= top1_floor
    assert top3 / len(items) >= top3_floor


@pytest.mark.parametrize("name", [name for name, _, _ in FLOORS])
def test_every_urgent_message_is_flagged(kb: KnowledgeBase, name: str) -> None:
    items = json.loads((DATA / name).read_text(encoding="utf-8"))
    missed = [item["q"] for item in items if item.get("urgent") and not kb.answer(item["q"]).urgent]
    assert missed == []
