"""Kinds of miss seen on recent question sets, each pinned with our own phrasings (not the sets' wording):
false alarms that made the bot look silly, and topics that went to the wrong answer."""

from __future__ import annotations

import re

import pytest

from knowledge import KnowledgeBase
from knowledge.text import tokenize
from knowledge.triage import screen


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(None)


def _plain(text: str) -> str:
    return re.sub(r"</?[bi]>", "", text)


# ---- false alarms: none of these is an emergency ------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "the internet connection keeps dropping at night, is it the modem",
    "my phone battery is dropping fast since the update",
    "prices dropped, should i buy a bike",
    "the dog keeps dropping his toys at my feet",
])
def test_dropping_without_a_face_or_arm_is_not_a_stroke(question: str) -> None:
    assert not screen(question).urgent, screen(question)


@pytest.mark.parametrize("question", [
    "her face is dropping on one side",
    "his smile looks droopy and he can't lift his arm",
    "mum's mouth is drooping",
])
def test_drooping_face_or_smile_is_still_a_stroke(question: str) -> None:
    assert "stroke" in screen(question).reasons


@pytest.mark.parametrize("question", [
    "on a cut for a bodybuilding show and my quads spasm",
    "cutting phase, low calories, hamstrings cramp every evening",
    "cutting weight for a fight and my calves cramp",
    "bulk and cut cycles, feet cramp when I'm on the cut",
])
def test_a_diet_cut_is_not_a_wound(question: str) -> None:
    assert "tetanus" not in screen(question).reasons


@pytest.mark.parametrize("question", [
    "deep cut on my foot from a rusty gate and now my jaw is locked",
    "stepped on a nail last week and my neck muscles spasm",
    "cut my hand in the garden and now my jaw feels stiff",
])
def test_a_real_wound_with_spasms_is_still_tetanus(question: str) -> None:
    assert "tetanus" in screen(question).reasons


@pytest.mark.parametrize("question", [
    "my dad has a few beers every evening and complains of burning feet and calf cramps",
    "burning soles and leg cramps at night, i drink quite a bit",
])
def test_burning_feet_is_nerve_pain_not_a_clot(kb: KnowledgeBase, question: str) -> None:
    assert "clot" not in screen(question).reasons
    answer = kb.answer(question)
    assert not answer.urgent
    assert set(answer.topics[:2]) == {"vitamin_b1", "vitamin_b12"}
    text = _plain(answer.text)
    assert "B1" in text and "B12" in text and "See a doctor" in text
    assert "002_bddc2460f4749f17.txt" in answer.sources


def test_a_hot_red_swollen_calf_is_still_a_clot() -> None:
    assert screen("my calf is red, hot and swollen").urgent


@pytest.mark.parametrize("question", [
    "my thyroid was removed two years ago and now and then my fingers cramp and tingle",
    "had thyroid surgery in 2019, occasional hand cramps, is it my calcium",
])
def test_neck_surgery_long_ago_is_a_calcium_check(kb: KnowledgeBase, question: str) -> None:
    triage = screen(question)
    assert not triage.urgent and "calcium_check" in triage.reasons
    answer = kb.answer(question)
    assert answer.topics[0] == "calcium" and answer.see_doctor
    assert "check your calcium" in _plain(answer.text)


@pytest.mark.parametrize("question", [
    "thyroid surgery 4 days ago and my fingers tingle and cramp",
    "had my thyroid taken out last week, hands cramping",
    "after my thyroid op my hands are spasming right now",
    "thyroid out and my hands are curling into claws",
    "tingling round my lips and cramps in my hands",
])
def test_recent_neck_surgery_or_spasm_now_stays_urgent(question: str) -> None:
    assert "low_calcium" in screen(question).reasons


@pytest.mark.parametrize("question", [
    "my 9 year old son gets calf cramps after football practice, should we worry?",
    "my teenage girl gets foot cramps after ballet every week, should I be worried",
])
def test_a_childs_cramp_after_an_activity_is_exercise_with_their_doctor(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert not answer.urgent
    assert answer.topics[0] in ("exercise", "dehydration"), answer.topics
    assert "doctor" in _plain(answer.text).lower()


def test_should_i_worry_alone_still_gets_the_doctor_answer(kb: KnowledgeBase) -> None:
    assert kb.rank("when should i worry about leg cramps")[0] == "red_flag"


# ---- topics ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "my cat's hind legs shake when she sleeps",
    "our dog's front paw keeps twitching, normal?",
    "my dogs legs cramp after long walks",
    "my horse's hind leg spasms after riding",
])
def test_animals_are_out_of_scope(kb: KnowledgeBase, question: str) -> None:
    assert kb.rank(question) == ["out_of_scope"]
    assert "vet" in kb.answer(question).text


@pytest.mark.parametrize("question", [
    "give me a recipe for a chocolate cake without eggs",
    "banana bread recipe with oat flour",
    "my wifi router keeps disconnecting",
    "help me do my taxes, i work in a warehouse",
    "can you write me a cover letter for a job at a gym",
    "write me an essay about the ocean",
])
def test_non_medical_requests_are_out_of_scope(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert answer.topics == ["out_of_scope"] and not answer.urgent


def test_cooking_with_a_cramp_stays_in_scope(kb: KnowledgeBase) -> None:
    assert kb.rank("my hands cramp when i'm baking bread for hours")[0] != "out_of_scope"
    assert kb.rank("recipe ideas with magnesium foods for cramps")[0] != "out_of_scope"


@pytest.mark.parametrize(("question", "first", "second"), [
    ("blood results: Mg 0.58 mmol/L low, K 3.9, cramps in calves", "magnesium", "potassium"),
    ("K 3.1 mmol/l, Mg 0.8 - do these explain my cramps", "potassium", "magnesium"),
    ("vit D 9 ng/mL and Ca 8.1 mg/dL, back spasms", "vitamin_d", "calcium"),
    ("calcium 2.05 mmol/L, vitamin D 25 nmol/L, leg cramps", "calcium", "vitamin_d"),
])
def test_pasted_lab_results_lead_with_their_nutrients_and_the_measured_note(
        kb: KnowledgeBase, question: str, first: str, second: str) -> None:
    answer = kb.answer(question)
    assert set(answer.topics[:2]) == {first, second}, answer.topics
    assert "measured_low" in screen(question).reasons
    assert "doctor who ordered the test" in _plain(answer.text)
    assert not answer.urgent


def test_a_dose_puts_the_number_first_and_stays_a_supplement_question(kb: KnowledgeBase) -> None:
    assert kb.rank("is 400 mg of magnesium ok for cramps")[:2] == ["supplements", "magnesium"]


@pytest.mark.parametrize(("text", "word"), [
    ("Ca2+ and cramps", "calcium"), ("Mg2+ deficiency", "magnesium"), ("low K+", "potassium"),
    ("Na+ and sweat", "sodium"), ("Mg 0.6", "magnesium"), ("K 3.2", "potassium"), ("Ca low", "calcium"),
])
def test_chemistry_and_lab_symbols_become_nutrient_words(text: str, word: str) -> None:
    assert word in tokenize(text)


def test_calcium_contracts_magnesium_relaxes_is_answered(kb: KnowledgeBase) -> None:
    answer = kb.answer("so Mg2+ relaxes the muscle and Ca2+ makes it contract, right?")
    assert set(answer.topics[:2]) == {"calcium", "magnesium"}
    assert _plain(answer.text).startswith("Yes: calcium starts a muscle contraction and magnesium")
    assert "004_01e829a2d7e6d2cd.txt" in answer.sources


def test_daily_laxatives_are_a_medicine_question_about_fluid_loss(kb: KnowledgeBase) -> None:
    answer = kb.answer("i take a laxative every day, could that be why my legs cramp")
    assert answer.topics[0] == "medications"
    assert "fluid" in _plain(answer.text) and "001_a7ee788273da627c.txt" in answer.sources
    assert kb.rank("constipation and tummy cramps") == ["out_of_scope"]


@pytest.mark.parametrize("question", [
    "any tips to get rid of calf cramps for good",
    "how do i stop getting foot cramps for good",
])
def test_stopping_cramps_for_good_is_prevention(kb: KnowledgeBase, question: str) -> None:
    assert kb.rank(question)[0] == "prevention_foods"


@pytest.mark.parametrize("question", [
    "my legs cramp when i sit at the sewing machine for long, is the blood not flowing",
    "only my right calf ever cramps, why one side",
    "why do i get cramps only in my left foot",
])
def test_sitting_still_or_one_side_is_circulation_with_a_doctor(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert answer.topics[0] == "circulation" and answer.see_doctor


@pytest.mark.parametrize("question", [
    "i have two bananas a day and still get leg cramps",
    "loads of bananas, still cramping, what else is it",
])
def test_bananas_and_still_cramping_names_the_other_causes(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert answer.topics[:2] == ["potassium", "magnesium"]
    opening = _plain(answer.text).split("\n")[0]
    assert opening.startswith("Potassium isn't the only cause") and "magnesium" in opening
    assert "calcium" in opening and "drinking" in opening


@pytest.mark.parametrize("question", [
    "what's best to drink on a long hot shift in a bakery, my hands cramp",
    "drink more water will stop the cramps yes?",
    "what to drink in a hot kitchen so my legs don't cramp",
])
def test_what_to_drink_is_dehydration(kb: KnowledgeBase, question: str) -> None:
    assert kb.rank(question)[0] == "dehydration"


@pytest.mark.parametrize(("question", "topic"), [
    ("mi abuela tiene calambres en las piernas, qué puede comer", "prevention_foods"),
    ("calambres en la pantorrilla por la noche", "night_cramps"),
    ("tengo calambres en los pies, qué debo comer", "prevention_foods"),
])
def test_spanish_basics_reach_the_english_answers(kb: KnowledgeBase, question: str, topic: str) -> None:
    answer = kb.answer(question)
    assert answer.topics[0] == topic, answer.topics


def test_accents_do_not_split_words() -> None:
    assert tokenize("Mamá, qué pierna") == ["mama", "que", "leg"]
