"""Red-flag screening: 100% recall on the safety set, sensible negation, high precision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.triage import REASON_TEXT, screen

SAFETY = json.loads((Path(__file__).parent / "data" / "safety.json").read_text(encoding="utf-8"))


def test_safety_set_size() -> None:
    assert len(SAFETY["urgent"]) >= 40
    assert len(SAFETY["not_urgent"]) >= 30


@pytest.mark.parametrize("text", SAFETY["urgent"])
def test_urgent_recall_is_total(text: str) -> None:
    result = screen(text)
    assert result.level == "urgent", (text, result)
    assert result.urgent and result.messages()


@pytest.mark.parametrize("text", SAFETY["see_doctor"])
def test_see_doctor_signs_are_flagged(text: str) -> None:
    assert screen(text).level in ("see_doctor", "urgent"), text


def test_not_urgent_precision_floor() -> None:
    calm = [text for text in SAFETY["not_urgent"] if screen(text).level != "urgent"]
    assert len(calm) / len(SAFETY["not_urgent"]) >= 0.97


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("my calf is hot and puffy", "clot"),
        ("chest pain and cramps", "breathing"),
        ("face drooping", "stroke"),
        ("he seems confused", "confusion"),
        ("passed out", "fainting"),
        ("cramps after the fall yesterday", "injury"),
        ("cramps since the doctor put me on atorvastatin", "new_medicine"),
        ("severe cramps every night", "persistent"),
    ],
)
def test_reasons(text: str, reason: str) -> None:
    assert reason in screen(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "no swelling just cramps",
        "calf is not swollen or red",
        "there is no redness and no swelling",
        "i take a hot bath for cramps",
        "warm towel helped my calf",
        "red meat and leg cramps",
        "hot weather calf cramps",
        "without swelling, my foot cramps",
    ],
)
def test_negated_or_harmless_mentions_are_not_urgent(text: str) -> None:
    assert screen(text).level != "urgent", text


def test_negation_does_not_swallow_a_later_clause() -> None:
    assert screen("no pain but my calf is swollen").urgent
    assert screen("not sure but my leg looks swollen").urgent


def test_plain_question_has_no_flag() -> None:
    result = screen("what foods have magnesium")
    assert result.level is None and result.reasons == []


def test_urgent_reasons_come_first_and_have_text() -> None:
    result = screen("severe cramps and now i cant breathe")
    assert result.reasons[0] == "breathing" and "persistent" in result.reasons
    assert all(reason in REASON_TEXT for reason in result.reasons)


def test_typo_repair_never_turns_ordinary_words_into_red_flags() -> None:
    # "tiredness" is two edits from "redness"; it must stay what it is.
    assert screen("leg cramps and tiredness").level is None
    assert screen("my calf is swolen").urgent  # while a real typo is still caught
