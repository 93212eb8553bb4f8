"""The curated knowledge file: every fact cites an existing seed, and the seeds' key points and
comparison tables are all covered."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from knowledge.base import KNOWLEDGE_FILE
from knowledge.models import TOPIC_IDS

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
DATA: dict[str, Any] = json.loads(KNOWLEDGE_FILE.read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", text.lower()).split())


def sourced_entries(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "sources" in node:
            yield node
        for value in node.values():
            yield from sourced_entries(value)
    elif isinstance(node, list):
        for value in node:
            yield from sourced_entries(value)


def all_text(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        return " ".join(all_text(v) for v in node.values())
    if isinstance(node, list):
        return " ".join(all_text(v) for v in node)
    return ""


CORPUS = normalise(all_text({k: v for k, v in DATA.items() if k != "source_titles"}))


def test_seed_directory_is_present() -> None:
    assert len(list(SEEDS.glob("*.txt"))) == 5


def test_every_entry_cites_existing_seeds_or_says_it_is_standard_advice() -> None:
    entries = list(sourced_entries(DATA))
    assert len(entries) > 80
    for entry in entries:
        for source in entry["sources"]:
            assert (SEEDS / source).is_file(), (source, entry)
            assert source in DATA["source_titles"]
        if not entry["sources"]:
            assert entry.get("basis") == "standard urgent-care advice", entry


def test_every_topic_and_list_entry_has_sources() -> None:
    for section in ("topics", "other_causes", "locations", "faqs", "key_points", "prevention_tips", "evening_routine"):
        for entry in DATA[section]:
            assert "sources" in entry, (section, entry)
    for place, steps in DATA["relief_steps"].items():
        assert steps, place
        for step in steps:
            assert step["sources"], step


def test_version_and_topics() -> None:
    assert DATA["version"]
    ids = {t["id"] for t in DATA["topics"]}
    assert set(TOPIC_IDS) <= ids


def test_no_doses_anywhere() -> None:
    assert not re.search(r"\b\d+\s?(mg|mcg|µg|iu|milligrams?|grams?)\b", all_text(DATA).lower())


def test_potassium_supplements_only_with_a_doctor() -> None:
    potassium = next(t for t in DATA["topics"] if t["id"] == "potassium")
    assert "without consulting a doctor" in potassium["treatment"]


KEY_POINTS: dict[str, list[str]] = {
    "000_7154dc779fed8682.txt": [
        "relaxation mineral", "muscle relaxation", "disrupting the electrical signals",
        "vital for muscle contraction", "hindering", "absorb calcium", "sodium potassium and magnesium",
        "proper hydration stretching and eating a balanced diet", "circadian rhythm",
        "pins and needles", "several weeks or months", "electrolyte rich beverage",
        "excess supplementation can also be harmful", "without consulting a doctor", "thyroid problems",
        "diabetes", "poor blood flow", "spinach nuts seeds whole grains", "dried apricots", "egg yolks",
        "fortified cereals", "hypokalemia", "hypocalcemia", "muscle hypersensitivity",
    ],
    "001_a7ee788273da627c.txt": [
        "muscle excitability", "particularly at night", "nerve signaling", "iron deficiency anemia",
        "oxygen supply to muscles", "hemoglobin", "hydration is key", "medication side effects",
        "hyponatremia", "vomiting", "diuretics", "straighten your leg and pull your toes toward your body",
        "massage", "heating pad or warm towel", "warm bath", "cold pack", "loosen bed covers",
        "sweet potatoes", "black beans", "peripheral artery disease", "nerve damage from diabetes",
        "swelling numbness or weakness", "most often at night", "discuss your prescription list",
        "blood test",
    ],
    "002_bddc2460f4749f17.txt": [
        "vitamin b12", "cobalamin", "vegetarians and vegans", "thiamine", "rare in developed countries",
        "energy metabolism", "71%", "nerve compression", "excessive exercise", "mixed for the general population",
        "first line treatment", "rarely caused by diet alone", "serious cardiac problems", "legumes",
        "sensible sun exposure", "before bed or exercise", "frequent or severe",
    ],
    "003_a88c6d68a877c4c1.txt": [
        "muscle fatigue", "poor circulation", "improper footwear", "tetany", "prolonged standing",
        "tight or unsupportive footwear", "properly fitting supportive shoes", "electrolyte drinks may be beneficial",
        "blood test", "severe persistent or do not improve", "meat eggs dairy and fortified cereals",
        "leafy greens nuts seeds bananas and dairy",
    ],
    "004_01e829a2d7e6d2cd.txt": [
        "diuretic medications", "high blood pressure", "acetylcholine", "first neurotransmitter discovered",
        "paralysis and seizures", "yin and yang", "during the day", "at night and during sleep",
        "not a perfect correlation", "neck and back pain", "pale skin", "loss of appetite", "nausea",
        "abnormal heart rhythms", "reduce muscle mass", "exhaustion",
    ],
}

# Every cell of every comparison table in the seeds (row label cells included via the nutrient names).
TABLE_CELLS: dict[str, list[str]] = {
    "000_7154dc779fed8682.txt": [
        "Muscle relaxation", "Nerve signal regulation", "Muscle contraction", "Calcium absorption",
        "Muscle twitches, nighttime cramps", "Muscle weakness, spasms", "Sudden, painful cramps",
        "Muscle aches, weakness", "Stress, poor diet, certain meds", "Dehydration, illness, poor diet",
        "Prolonged deficiency, poor absorption", "Lack of sun exposure, poor diet",
        "Increased dietary intake and supplementation", "Balanced diet, hydration",
        "Dietary intake and supplements (often with Vitamin D)", "Sunlight, diet, supplementation",
        "Fatigue, irregular heartbeat", "Fatigue, high blood pressure", "Osteoporosis, brittle nails",
        "Bone pain, increased fracture risk",
    ],
    "001_a7ee788273da627c.txt": [
        "Aids in muscle relaxation", "Muscle twitching, fatigue, anxiety",
        "Regulates muscle contraction and nerve signals", "Weakness, fatigue, irregular heartbeat",
        "Essential for muscle contraction", "Numbness/tingling, brittle nails, weak bones",
        "Facilitates calcium absorption", "Bone pain, fatigue, muscle weakness", "Supports nerve function",
        "Tingling, numbness, fatigue, weakness", "Carries oxygen to muscles", "Fatigue, pale skin, weakness",
    ],
    "002_bddc2460f4749f17.txt": [
        "Calcium absorption, muscle function", "Muscle aches, weakness, cramps (especially if calcium is low)",
        "Nerve health, red blood cell production", "Cramps, tingling, numbness, balance problems",
        "Muscle relaxation, electrolyte balance", "Nighttime cramps, muscle twitches",
        "Muscle/nerve signaling, fluid balance", "Cramps, weakness, stiffness", "Muscle contraction, bone health",
        "Muscle cramps (especially in legs/back), tingling",
    ],
    "003_a88c6d68a877c4c1.txt": [
        "Muscle relaxation, nerve function", "Muscle cramps, twitches, fatigue", "Leafy greens, nuts, seeds, whole grains",
        "Muscle contraction, nerve signaling", "Muscle cramps, numbness, tingling", "Dairy, fortified foods, leafy greens",
        "Electrolyte balance, nerve signaling", "Muscle cramps, weakness, fatigue", "Bananas, potatoes, spinach, avocados",
        "Calcium absorption, muscle strength", "Muscle weakness, bone pain, fatigue", "Sunlight, fortified milk, fatty fish",
        "Nerve health, red blood cell formation", "Muscle cramps, numbness, tingling, fatigue",
        "Meat, eggs, dairy, fortified cereals",
    ],
}


@pytest.mark.parametrize("seed", sorted(KEY_POINTS))
def test_seed_key_points_are_covered(seed: str) -> None:
    seed_text = normalise((SEEDS / seed).read_text(encoding="utf-8"))
    for point in KEY_POINTS[seed]:
        # The point must really be in the seed (so this list can't drift from the source) ...
        assert normalise(point) in seed_text, (seed, point)
    missing = [point for point in KEY_POINTS[seed] if normalise(point) not in CORPUS]
    # ... and somewhere in the curated knowledge.
    assert not missing, missing


@pytest.mark.parametrize("seed", sorted(TABLE_CELLS))
def test_seed_comparison_table_cells_are_covered(seed: str) -> None:
    seed_text = normalise((SEEDS / seed).read_text(encoding="utf-8"))
    for cell in TABLE_CELLS[seed]:
        assert normalise(cell) in seed_text, (seed, cell)
    missing = [cell for cell in TABLE_CELLS[seed] if normalise(cell) not in CORPUS]
    assert not missing, missing


def test_every_seed_faq_has_an_entry() -> None:
    per_seed = {seed: sum(seed in faq["sources"] for faq in DATA["faqs"]) for seed in KEY_POINTS}
    assert per_seed["000_7154dc779fed8682.txt"] == 7
    assert per_seed["001_a7ee788273da627c.txt"] == 8
    assert per_seed["003_a88c6d68a877c4c1.txt"] == 7
    assert per_seed["004_01e829a2d7e6d2cd.txt"] >= 1
