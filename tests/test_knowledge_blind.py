"""The blind question set (written before the matcher was read) and the direct-answer fixes.

Floors sit just under what bench/answers.py --set blind measures: top-1 1.00, top-3 1.00, urgent recall
1.00, urgent precision 0.93. Before the generalisation work it measured 0.878 / 0.944 / 0.786 / 0.846.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.models import TOPIC_IDS

BLIND = json.loads((Path(__file__).parent / "data" / "questions_blind.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(None)


def _opening(text: str) -> str:
    """The first section in plain text: the answer itself (its first sentence is the bold line)."""
    return re.sub(r"</?[bi]>", "", text.split("\n\n")[0]).replace("\n", " ")


def test_blind_set_is_well_formed() -> None:
    assert len(BLIND) >= 90
    for item in BLIND:
        assert 1 <= len(item["topics"]) <= 3 and set(item["topics"]) <= set(TOPIC_IDS), item
        assert isinstance(item["urgent"], bool)
    assert sum(item["urgent"] for item in BLIND) >= 12


def test_blind_topic_accuracy_floor(kb: KnowledgeBase) -> None:
    ranked = [kb.rank(item["q"]) for item in BLIND]
    top1 = sum(r[0] in item["topics"] for r, item in zip(ranked, BLIND)) / len(BLIND)
    top3 = sum(any(t in item["topics"] for t in r[:3]) for r, item in zip(ranked, BLIND)) / len(BLIND)
    assert top1 >= 0.95 and top3 >= 0.97, (top1, top3)


def test_blind_urgent_recall_is_total(kb: KnowledgeBase) -> None:
    missed = [item["q"] for item in BLIND if item["urgent"] and not kb.answer(item["q"]).urgent]
    assert missed == []


def test_blind_urgent_precision_floor(kb: KnowledgeBase) -> None:
    flagged = [item for item in BLIND if kb.answer(item["q"]).urgent]
    assert sum(item["urgent"] for item in flagged) / len(flagged) >= 0.9


def test_blind_out_of_scope(kb: KnowledgeBase) -> None:
    oos = [item["q"] for item in BLIND if item["topics"] == ["out_of_scope"]]
    assert oos and all(kb.rank(q)[0] == "out_of_scope" for q in oos)


@pytest.mark.parametrize("question", [
    "is it ok to take potassium pills for cramps", "potasium tablets safe?", "should i buy potassium supplements",
])
def test_potassium_pill_questions_lead_with_the_doctor_rule(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert answer.topics[:2] == ["supplements", "potassium"]
    assert _opening(answer.text).startswith("Don't take potassium supplements without your doctor")
    assert "bananas" in answer.text  # then the foods
    assert "000_7154dc779fed8682.txt" in answer.sources


@pytest.mark.parametrize(("question", "nutrient"), [
    ("how much magnesium should i take for cramps", "magnesium"),
    ("what dose of vitamin d for muscle cramps", "vitamin_d"),
    ("can i take calcium tablets every day", "calcium"),
])
def test_supplement_questions_lead_with_supplements_then_foods(kb: KnowledgeBase, question: str, nutrient: str) -> None:
    answer = kb.answer(question)
    assert answer.topics[:2] == ["supplements", nutrient]
    opening = _opening(answer.text)
    assert opening.startswith("Talk to your doctor before taking") and "can't advise on doses" in opening
    assert answer.text.index("Food first:") < answer.text.index("Why it matters:")
    assert not any(unit in answer.text for unit in (" mg", "IU", "milligram"))


@pytest.mark.parametrize(("question", "thing"), [
    ("does pickle juice help cramps", "pickle juice"),
    ("can i take quinine for leg cramps", "quinine"),
    ("does tonic water work for night cramps", "tonic water"),
    ("is coconut water good for cramps", "coconut water"),
    ("hand cramps when i write", "hand cramps"),
    ("jaw cramps when chewing", "jaw cramps"),
])
def test_uncovered_things_are_named_honestly_first(kb: KnowledgeBase, question: str, thing: str) -> None:
    answer = kb.answer(question)
    opening = _opening(answer.text)
    assert opening.startswith("My sources") and thing in opening.split(".")[0].split(";")[0]
    assert "closest general advice" not in opening and not opening.rstrip().endswith(":")
    assert answer.topics[0] != "out_of_scope"


def test_hand_cramp_gets_general_steps_not_the_calf_stretch(kb: KnowledgeBase) -> None:
    text = kb.answer("my fingers cramp up when i play guitar").text
    assert "calf" not in text.split("Source:")[0].lower()


@pytest.mark.parametrize(("question", "start"), [
    ("my calf has been twitching for a week is that bad", "Usually not: most muscle cramps are harmless."),
    ("what should i eat for low magnesium", "Foods for magnesium:"),
    ("sweaty footy match and cramped up wat do i do", "Right now: Gently stretch"),
    # A why-question gets the why first, whatever else it asks.
    ("woke up with charley horse, what do i do and why does it keep happening", "Cramps at night are common"),
])
def test_opening_answers_the_question_type(kb: KnowledgeBase, question: str, start: str) -> None:
    assert _opening(kb.answer(question).text).startswith(start)


@pytest.mark.parametrize("question", [
    "why do my legs cramp at night", "what do i do my calf is cramping rn", "what foods stop cramps",
    "when should i worry about leg cramps", "should i take magnesium for cramps",
])
def test_opening_line_is_specific_to_the_question_type(kb: KnowledgeBase, question: str) -> None:
    """why -> a cause; what to do -> a step; what to eat -> foods; serious -> when to see a doctor;
    should I take -> the supplements rule."""
    opening = _opening(kb.answer(question).text).lower()
    expected = {"why": "magnesium", "what do i do": "straighten your leg", "foods": "bananas", "worry": "see a doctor",
                "take": "talk to your doctor"}
    key = next(k for k in expected if k in question)
    assert expected[key] in opening, opening
