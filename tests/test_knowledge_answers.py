"""The first screen answers the question asked: symptoms, day or night, foods, the study, can I take Y."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    kb = KnowledgeBase.load(None)
    assert kb.wait_for_model(30)
    return kb


def first_line(text: str) -> str:
    return text.split("\n")[0]


def test_day_cramps_get_the_day_night_answer_with_its_caveat(kb: KnowledgeBase) -> None:
    answer = kb.answer("My cramps come during the day, which mineral is it?")
    assert answer.intent == "timing"
    assert "during the day" in first_line(answer.text) and "calcium" in first_line(answer.text)
    assert "not a perfect correlation" in answer.text


def test_symptoms_question_leads_with_the_symptom_list(kb: KnowledgeBase) -> None:
    answer = kb.answer("what are the symptoms of low potassium?")
    assert answer.topics[0] == "potassium" and answer.intent == "symptoms"
    assert first_line(answer.text).startswith("<b>Signs of low potassium")


def test_the_study_is_quoted_with_its_article(kb: KnowledgeBase) -> None:
    answer = kb.answer("what was that study about vitamin d and chronic pain?")
    assert "71%" in first_line(answer.text)
    assert answer.sources == ["Vitamin D and the B-Family"]


def test_can_i_take_potassium_says_doctor_first(kb: KnowledgeBase) -> None:
    answer = kb.answer("can I take potassium pills for my cramps?")
    assert answer.intent == "supplement"
    assert "Do not take potassium supplements without consulting a doctor first." in answer.text


def test_foods_for_a_nutrient(kb: KnowledgeBase) -> None:
    answer = kb.answer("what foods have magnesium")
    assert answer.topics[0] == "magnesium" and answer.intent == "foods"
    assert "spinach" in answer.text and "foods" not in answer.more


def test_no_foods_button_where_the_articles_name_no_foods(kb: KnowledgeBase) -> None:
    for topic in ("iron", "vitamin_b1", "choline"):
        assert "foods" not in kb.more(topic, "why").more
    assert "foods" in kb.more("magnesium", "why").more


def test_vegan_foods_are_plant_foods(kb: KnowledgeBase) -> None:
    answer = kb.foods_answer("calcium", vegan=True)
    for animal in ("dairy", "milk", "cheese", "fish", "egg", "meat"):
        assert animal not in answer.text.lower()
    assert "leafy greens" in answer.text
    b12 = kb.foods_answer("vitamin_b12", vegan=True)
    assert "vegetarians and vegans" in b12.text and "meat" not in b12.text


def test_one_disclaimer_sources_are_titles(kb: KnowledgeBase) -> None:
    answer = kb.answer("why do my calves cramp at night?")
    assert answer.text.count("not medical advice") == 1
    assert answer.sources and all(not s.endswith(".txt") for s in answer.sources)
    lines = answer.text.split("\n")
    assert len(lines) == len(set(lines))


def test_relief_now_leads_with_the_step(kb: KnowledgeBase) -> None:
    answer = kb.answer("cramp in my calf right now, help")
    assert answer.topics[0] == "relief" and answer.place == "calf"
    assert "stretch" in first_line(answer.text).lower()


def test_more_pages_on_without_repeating(kb: KnowledgeBase) -> None:
    first = kb.more("magnesium", "why")
    assert "next" in first.more
    second = kb.more("magnesium", "why", page=1)
    assert not set(first.fact_ids) & set(second.fact_ids) and second.fact_ids


def test_out_of_scope_and_small_talk(kb: KnowledgeBase) -> None:
    assert kb.answer("what helps against hair loss").topics == ["out_of_scope"]
    assert kb.answer("hi").text.startswith("Hi!")
    assert kb.answer("thanks!").text.startswith("You're welcome")


def test_foods_for_a_nutrient_without_foods_says_so(kb: KnowledgeBase) -> None:
    answer = kb.answer("what foods help with iron")
    assert answer.topics[0] == "iron" and answer.intent == "foods"
    assert answer.text.startswith("<b>The articles name no foods for iron.</b>")
    assert "hemoglobin" in answer.text or "anemia" in answer.text
