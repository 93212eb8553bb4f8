"""Red-flag screening: 100% recall on the safety set, sensible negation, high precision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.store import read_data
from knowledge.triage import rules, screen

# The advice for each finding is its safety line (knowledge/data/safety.json); urgent findings in data order.
REASON_TEXT = {line["id"]: line["text"] for line in read_data("safety.json")}
URGENT_REASONS = tuple(rules().data["urgent_order"])

# The safety set in the one case format (q, topics, urgent, split, level), grouped by level here.
_CASES = json.loads((Path(__file__).parent / "data" / "safety.json").read_text(encoding="utf-8"))
SAFETY = {
    "urgent": [c["q"] for c in _CASES if c["level"] == "urgent"],
    "see_doctor": [c["q"] for c in _CASES if c["level"] == "see_doctor"],
    "not_urgent": [c["q"] for c in _CASES if c["level"] is None],
}


def test_safety_set_size() -> None:
    assert len(SAFETY["urgent"]) >= 40
    assert len(SAFETY["not_urgent"]) >= 30


@pytest.mark.parametrize("text", SAFETY["urgent"])
def test_urgent_recall_is_total(text: str) -> None:
    result = screen(text)
    assert result.level == "urgent", (text, result)
    assert result.urgent and [REASON_TEXT[r] for r in result.reasons]


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


# ---- danger described as an observation, not a symptom name ----------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # urine colour after hard exercise: muscle breakdown
        ("after leg day my wee came out the colour of strong tea and my quads are killing me", "muscle_breakdown"),
        ("urine looks almost black since the marathon, calves cramping", "muscle_breakdown"),
        ("brown pee and really sore cramping muscles after spin class", "muscle_breakdown"),
        ("there was blood in my urine after the ultra and my legs are cramping", "muscle_breakdown"),
        # can't keep fluids down / not peeing: severe dehydration
        ("food poisoning, everything comes back up, i cant keep fluids down and my legs cramp", "dehydration_severe"),
        ("haven't peed since this morning and cramping all over after the stomach bug", "dehydration_severe"),
        ("my son has diarrhoea, is very dizzy and his legs cramp", "dehydration_severe"),
        # weakness too severe to stand or get up
        ("grandma on diuretics is too weak to stand up and keeps cramping", "weakness_severe"),
        ("legs keep giving out, cant get up off the floor, cramps everywhere", "weakness_severe"),
        # injury then can't bear weight / deformed / pop
        ("rolled my ankle playing netball, now it cramps and i can't put any weight on it", "injury_severe"),
        ("after the tackle my shin looks bent at an odd angle and cramps", "injury_severe"),
        ("felt a snap at the back of my heel during squash then a cramp", "injury_severe"),
        ("crashed my scooter and i cant move my toes, calf cramping", "injury_severe"),
        # tingling mouth, claw hands, after thyroid/neck surgery: low calcium
        ("since my parathyroid op my fingers curl up like a claw and everything tingles", "low_calcium"),
        ("numbness around my mouth and my feet keep cramping", "low_calcium"),
        ("my lips feel prickly and my hands spasm", "low_calcium"),
        # colour / temperature of the limb
        ("my foot went icy and numb and the calf cramps", "limb"),
        ("cant feel my toes and my leg is cramping badly", "limb"),
        # sudden severe, worse fast, fever
        ("sudden tearing pain in my calf like a cramp but worse", "sudden_severe"),
        ("cramping calf and the pain is spreading up fast", "sudden_severe"),
        ("cramps with a high temperature and shivering", "fever"),
        # cramp-like pain with chest, jaw or arm; breathless lying down
        ("cramp in my shoulder and the pain is going into my jaw", "heart_pain"),
        ("leg cramps and a cold sweat", "heart_pain"),
        ("i have to sleep on three pillows to breathe and my ankles cramp", "breathing"),
        ("breathing really fast and legs cramping", "fast_breathing"),
    ],
)
def test_observations_are_urgent(text: str, reason: str) -> None:
    result = screen(text)
    assert result.urgent and reason in result.reasons, (text, result)
    assert all(message for message in [REASON_TEXT[r] for r in result.reasons])


# ---- combinations: each word alone is ordinary, together they need care today ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "throwing up all night and now both legs are cramping",
        "been vomiting and my hands spasm",
        "cramps and a fever since yesterday",
        "on water tablets, feeling lightheaded and my calves cramp",
        "my mum takes furosemide and is weak with cramps",
        "fell off the ladder and now cant bend my knee",
        "my hand curls in like a claw and my fingers are tingling",
    ],
)
def test_combinations_are_urgent(text: str) -> None:
    assert screen(text).urgent, text


@pytest.mark.parametrize(
    "text",
    [
        "cramps after a vomiting bug last month",
        "no fever, just calf cramps",
        "weak muscles and cramps, always tired",
        "water pills and cramps",
        "i get tingling in my feet and cramps",
        "my hand cramps into a claw when i write",
        "dark yellow pee and cramps on hot days",
        "i drink tea and pee a lot, do i lose minerals",
        "i cant stand these cramps anymore",
        "feet cramp and go cold and numb when walking",
    ],
)
def test_single_ordinary_words_stay_calm(text: str) -> None:
    assert not screen(text).urgent, (text, screen(text))


# ---- duration: a question about it is not a report of it ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how long does a cramp normally last",
        "how long should a charley horse last",
        "is it normal for a cramp to last a minute",
        "how long do cramps last, can it be for hours?",
    ],
)
def test_duration_questions_are_not_red_flags(text: str) -> None:
    assert screen(text).level is None, (text, screen(text))


@pytest.mark.parametrize(
    "text",
    [
        "my calf cramp has lasted for 2 hours, how long is normal",
        "cramp since this morning and it still wont let go",
        "it has been more than an hour and the cramp is still there",
    ],
)
def test_reported_long_cramps_are_urgent(text: str) -> None:
    assert screen(text).urgent, text


def test_a_measured_level_is_a_see_doctor_note() -> None:
    assert "measured_low" in screen("my b12 came back low and my feet cramp").reasons
    assert screen("can low magnesium cause cramps").level is None


def test_new_urgent_reasons_are_ranked_and_have_advice() -> None:
    assert set(URGENT_REASONS) <= set(REASON_TEXT)
    for reason in ("preterm_labour", "pregnancy_bleeding", "pre_eclampsia", "baby_movements"):
        assert "maternity unit" in REASON_TEXT[reason] and reason in URGENT_REASONS
    for reason in ("ectopic", "potassium_high", "compartment", "sepsis", "child_unwell"):
        assert reason in URGENT_REASONS


@pytest.mark.parametrize(
    "text",
    [
        "pregnant and no bleeding, just calf cramps",
        "not pregnant, period late, calf cramps",
        "ckd, no potassium tablets, legs weak",
    ],
)
def test_negated_family_signals_stay_calm(text: str) -> None:
    assert not screen(text).urgent, (text, screen(text).reasons)
