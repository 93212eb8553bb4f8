"""Answer assembly and wording over every labelled question, plus the product-QA phrasings by kind."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from knowledge import KnowledgeBase
from knowledge.check import render_check_result, score
from knowledge.models import TOPIC_IDS
from knowledge.render import MAX_TEXT, sentences

DATA = Path(__file__).parent / "data"
LABELLED = sorted({item["q"] for path in DATA.glob("questions*.json")
                   for item in json.loads(path.read_text(encoding="utf-8"))})
CHEST_LINE = ("🔴 Cramp, tightness or pain in your chest: call your emergency number now. Don't wait to see if it "
              "passes.")
TEAM_NOTES = ("Our articles", "The articles I use", "Safety advice:", "I never give doses", "not from the articles",
              "closest general advice")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(None)


def _plain(text: str) -> str:
    return re.sub(r"</?[bi]>", "", text)


def _problems(text: str) -> list[str]:
    """Repeated sentences, lead-ins with nothing after them, and overlong answers."""
    found = []
    said = sentences(text)
    found += [f"repeated: {s}" for s in {s for s in said if said.count(s) > 1}]
    for section in _plain(text).split("\n\n"):
        lines = [line.strip() for line in section.split("\n")]
        for index, line in enumerate(lines):
            if not line:
                found.append("empty line in a section")
            elif line.endswith(":"):
                after = lines[index + 1] if index + 1 < len(lines) else ""
                if not after or after.endswith(":"):
                    found.append(f"dangling heading: {line}")
    if len(text) > MAX_TEXT:
        found.append(f"{len(text)} chars")
    return found


def test_every_labelled_answer_is_assembled_cleanly(kb: KnowledgeBase) -> None:
    bad = {q: problems for q in LABELLED if (problems := _problems(kb.answer(q).text))}
    assert bad == {}


@pytest.mark.parametrize("question", [
    "cramp in my chest", "chest cramping", "my chest is cramping up", "cramp in my left arm and chest",
    "bench press and now a spasm in my chest", "chest keeps tightening up with cramps",
])
def test_chest_cramps_get_the_heart_line_and_no_relief(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert answer.urgent and CHEST_LINE in answer.text
    assert "stretch" not in answer.text.lower() and "massage" not in answer.text.lower()


@pytest.mark.parametrize("question", ["chest day tomorrow any tips", "bench press form tips"])
def test_gym_words_without_cramp_or_pain_stay_calm(kb: KnowledgeBase, question: str) -> None:
    assert not kb.answer(question).urgent


@pytest.mark.parametrize("question", [
    "dad on dialysis keeps getting cramps, can he eat lots of bananas", "my mum has kidney disease, more potassium?",
])
def test_kidney_answer_is_the_kidney_team_line_then_stops(kb: KnowledgeBase, question: str) -> None:
    paragraphs = kb.answer(question).text.split("\n\n")
    assert "kidney team" in paragraphs[0] and len(paragraphs) == 3
    assert "Foods" not in kb.answer(question).text and "Water pills" not in kb.answer(question).text


@pytest.mark.parametrize(("question", "opening"), [
    ("why do i get charlie horses", "Cramps are sudden"),
    ("does pickle juice work", "My sources don't cover pickle juice"),
    ("how much water should i drink", "The articles give no daily amount; drink water through the day"),
    ("can vitamin d cause cramps if i take too much", "My sources don't say whether too much vitamin D"),
    ("magnesium glycinate or citrate?", "The articles don't compare forms of magnesium — ask your doctor or pharmacist."),
    ("im on water pills", "Water pills (diuretics)"),
    ("im 30 weeks pregnant and get calf cramps at night", "Stretching your calves before bed and drinking enough"),
])
def test_first_line_is_a_sentence_that_answers(kb: KnowledgeBase, question: str, opening: str) -> None:
    first_line = _plain(kb.answer(question).text).split("\n")[0]
    assert first_line.startswith(opening), first_line
    assert not first_line.startswith("Straighten your leg")


def test_no_doses_for_magnesium_forms(kb: KnowledgeBase) -> None:
    text = kb.answer("which is better, magnesium citrate or oxide").text
    assert "don't compare forms of magnesium" in text and not re.search(r"\d+\s?mg", text)


@pytest.mark.parametrize("question", [
    "can you help me with my taxes", "can you recommend a good running shoe", "help me pick new trainers",
])
def test_off_topic_help_and_shoes_are_out_of_scope(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert answer.topics == ["out_of_scope"] and "Straighten" not in answer.text
    assert kb.disclaimer not in answer.text  # not a medical reply


def test_shoes_with_cramps_get_seed_003_advice(kb: KnowledgeBase) -> None:
    answer = kb.answer("my new shoes give me foot cramps")
    assert "properly fitting, supportive shoes" in answer.text and "003_a88c6d68a877c4c1.txt" in answer.sources


@pytest.mark.parametrize("topic", [*TOPIC_IDS, "overview"])
def test_foods_answer_is_short_sourced_and_never_loops(kb: KnowledgeBase, topic: str) -> None:
    answer = kb.foods_answer(topic)
    assert "foods" not in answer.followups and answer.followups
    assert "Source:" in answer.text and answer.text.endswith(f"<i>{kb.disclaimer}</i>")
    assert answer.text != kb.topic_answer(topic).text if topic != "overview" else True
    assert len(answer.text) <= 700 and not _problems(answer.text)


def test_foods_answer_fits_the_topic(kb: KnowledgeBase) -> None:
    assert "magnesium" in kb.foods_answer("night_cramps").text.lower()
    exercise = _plain(kb.foods_answer("exercise").text)
    assert exercise.startswith("Water first") and "Potassium:" in exercise and "Magnesium:" in exercise
    assert "spinach" in kb.foods_answer("magnesium").text
    vegan_b12 = kb.foods_answer("vitamin_b12", vegan=True).text
    assert "fortified cereals" in vegan_b12 and not re.search(r"\b(?:meat|eggs|dairy)\b", vegan_b12)


@pytest.mark.parametrize("question", LABELLED[::7] + ["hi", "what's the weather like"])
def test_no_team_notes_and_short_sources(kb: KnowledgeBase, question: str) -> None:
    text = kb.answer(question).text
    assert not any(note in text for note in TEAM_NOTES), text
    source = next((line for line in text.split("\n") if line.startswith("<i>Source:")), "")
    assert len(re.findall(r"\d{3}_[0-9a-f]{16}\.txt", source)) <= 2 and " article)" not in source


def test_small_talk_has_no_medical_disclaimer(kb: KnowledgeBase) -> None:
    for question in ("hi", "thanks", "what's the weather like"):
        assert kb.disclaimer not in kb.answer(question).text


@pytest.mark.parametrize("question", ["cramp in my toes", "my hand keeps cramping", "finger cramps when i type"])
def test_hands_and_toes_get_no_leg_warning(kb: KnowledgeBase, question: str) -> None:
    text = kb.answer(question).text.lower()
    assert "leg is swollen" not in text and "calf" not in text.split("source:")[0]


def test_fast_breathing_bullet_matches_what_they_said(kb: KnowledgeBase) -> None:
    answer = kb.answer("lips and fingers tingling after I was breathing really fast")
    assert answer.urgent and "Breathing very fast" in answer.text and "Chest pain or shortness" not in answer.text


def test_child_gets_their_doctor_and_no_adult_lines(kb: KnowledgeBase) -> None:
    text = kb.answer("my 8 yr old gets leg cramps at night").text
    assert "child's doctor" in text and "most nights" not in text


def test_check_result_wording() -> None:
    kb = KnowledgeBase.load(None)
    text = render_check_result(score({"when": ["exer"], "sweat": ["yes"], "tingle": ["yes"]}, kb))
    assert "Foods:</i> water" not in text and "<i>Try:</i> water" in text
    assert "Muscle fatigue</b>: Muscle fatigue" not in text
    source = next(line for line in text.split("\n") if line.startswith("<i>Source:"))
    assert len(re.findall(r"\d{3}_[0-9a-f]{16}\.txt", source)) <= 2
