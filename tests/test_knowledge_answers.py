"""Answer quality by family: urgent families, topic kinds, and the product-QA fixes (own phrasings)."""

from __future__ import annotations

import html
import json
import re
import statistics
from pathlib import Path

import pytest

from knowledge.base import DB_FILE_NAME, KNOWLEDGE_FILE, KnowledgeBase
from knowledge.triage import REASON_TEXT, URGENT_REASONS, Triage

DATA = Path(__file__).parent / "data"
ADVICE_AFTER_WARNING = re.compile(r"\b(?:stretch\w*|massag\w*|rub\w*|heat|warmth|heating pad|toes toward)\b", re.I)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(None)


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"</?[bi]>", "", text))


# ---- A. urgent families ------------------------------------------------------------------------------

URGENT_FAMILIES = {
    "limb": ["my foot is ice cold and bluish white and agony", "toes have gone white and they hurt so much",
             "leg is mottled and cold since an hour", "no pulse in my foot and it hurts"],
    "spinal": ["back cramp then both legs numb and i cant control my bladder",
               "numb between my legs after my back seized", "lost control of my bowels, legs weak, back pain"],
    "meningitis": ["stiff neck and a fever with cramps", "neck is rigid and light hurts my eyes",
                   "rash that doesnt fade under a glass and muscle aches"],
    "bite": ["bitten by a snake and my leg is cramping", "stung by something and now muscles are rigid",
             "spider bit me, now my tummy muscles spasm"],
    "tetanus": ["stepped on a rusty nail and my jaw is locking", "cut my hand on barbed wire, now my jaw feels stiff",
                "dog bite last week and now muscle spasms"],
    "heat_stroke": ["40 degrees outside, stopped sweating and cramps", "in the heat all day, head pounding and out of it",
                    "hot dry skin and cramps after the festival"],
    "sugar_high": ["diabetic and my meter says HI, legs cramping", "type 1, sugar over 400, vomiting and cramps",
                   "diabetic, super thirsty and peeing all the time with cramps", "diabetic and fruity breath, cramps"],
    "sugar_low": ["diabetic, shaky and cramping", "low blood sugar on insulin and legs cramp"],
    "seizure": ["had a fit and my legs ache", "she is having a seizure"],
    "headache": ["sudden severe headache with neck spasm", "worst headache of my life and cramps"],
    "overdose": ["took a whole pack of laxatives and now cramps", "took too many water pills and legs cramping"],
    "withdrawal": ["stopped drinking alcohol yesterday and shaking with cramps", "alcohol withdrawal, tremors and cramps"],
}


@pytest.mark.parametrize(("reason", "question"), [(r, q) for r, qs in URGENT_FAMILIES.items() for q in qs])
def test_urgent_family_is_flagged_with_its_own_message_first(kb: KnowledgeBase, reason: str, question: str) -> None:
    answer = kb.answer(question)
    assert answer.urgent and answer.topics[0] == "red_flag", question
    first = _plain(answer.text).split("\n")[1]
    assert first == "• " + REASON_TEXT[reason] or REASON_TEXT[reason] in _plain(answer.text), first
    assert re.search(r"emergency number|A&E|today|now", first)
    assert answer.followups == ["doctor"]


@pytest.mark.parametrize("question", [
    "stiff neck after sleeping wrong", "saddle sore after cycling and calf cramps", "mosquito bites and leg cramps",
    "jaw cramps when chewing", "i am diabetic and get leg cramps at night", "hot day at the beach and my calves cramped",
    "do laxatives cause cramps", "i quit drinking coffee and get cramps", "my feet go white when it's cold outside",
    "inner thigh cramps after horse riding", "im fit and healthy but get cramps",
])
def test_look_alikes_stay_calm(kb: KnowledgeBase, question: str) -> None:
    assert not kb.answer(question).urgent


@pytest.mark.parametrize("reason", URGENT_REASONS)
def test_no_urgent_answer_adds_relief_after_the_warning(kb: KnowledgeBase, reason: str) -> None:
    """Every urgent reason: the warning, a safety label and the disclaimer, never a stretch or massage."""
    text = kb._urgent_answer(["red_flag", "relief", "stretching"], Triage("urgent", [reason])).text
    warning = REASON_TEXT[reason]
    after = _plain(text).split(warning, 1)[1]
    assert not ADVICE_AFTER_WARNING.search(after), after
    assert "This is general safety advice" in text and "Source:" not in text


def test_swollen_calf_answer_has_no_massage_after_dont_massage(kb: KnowledgeBase) -> None:
    text = _plain(kb.answer("my calf is swollen red and hot, should i massage it or stretch").text)
    assert "Don't massage it." in text
    assert not ADVICE_AFTER_WARNING.search(text.split("Don't massage it.", 1)[1])


def test_safety_set_recall_and_precision(kb: KnowledgeBase) -> None:
    data = json.loads((DATA / "safety.json").read_text(encoding="utf-8"))
    assert [q for q in data["urgent"] if not kb.answer(q).urgent] == []
    assert [q for q in data["not_urgent"] if kb.answer(q).urgent] == []


# ---- B. topic kinds ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "allowed"), [
    ("breaststroke swimmer, my toes cramp every few laps", {"exercise", "stretching", "dehydration"}),
    ("hamstring cramp when i kick the ball at football", {"exercise", "stretching", "dehydration"}),
    ("after horse riding my inner thighs cramp", {"exercise", "stretching"}),
    ("calves cramp at mile 20 of my marathon, how to stop it happening", {"exercise", "dehydration", "stretching"}),
    ("bikram yoga makes my feet cramp", {"dehydration", "exercise"}),
    ("cramp in toes", {"relief"}), ("calf cramp", {"relief"}), ("arch of my foot cramp", {"relief"}),
    ("will the cramps come back", {"prevention_foods", "stretching", "dehydration"}),
    ("how can i stop them coming back", {"prevention_foods", "stretching", "dehydration"}),
    ("what vitamins are good for leg cramps", {"vitamin_d", "vitamin_b12"}),
    ("i feel anxious at night and can't sleep", {"out_of_scope"}),
    ("twisted my ankle, no cramps, just swelling of the bruise", {"out_of_scope", "red_flag"}),
    ("can my cat have magnesium", {"out_of_scope"}),
    ("best protein powder for building muscle", {"out_of_scope"}),
])
def test_topic_kinds(kb: KnowledgeBase, question: str, allowed: set[str]) -> None:
    assert kb.rank(question)[0] in allowed, kb.rank(question)


def test_which_vitamin_names_d_and_b12_with_caution(kb: KnowledgeBase) -> None:
    answer = kb.answer("which vitamin helps with cramps")
    text = _plain(answer.text)
    assert "vitamin D" in text and "B12" in text and "test your levels before taking any supplement" in text
    assert "002_bddc2460f4749f17.txt" in answer.sources


def test_uncovered_in_scope_is_named_first(kb: KnowledgeBase) -> None:
    answer = kb.answer("do compression stockings stop night cramps")
    assert _plain(answer.text).split("\n")[0].startswith("My sources don't cover compression stockings")


# ---- C. product QA -----------------------------------------------------------------------------------

def test_numb_and_weak_leads_with_see_your_doctor(kb: KnowledgeBase) -> None:
    answer = kb.answer("after the cramp my leg feels numb and weak")
    assert _plain(answer.text).startswith("Numbness or weakness with a cramp is a reason to see your doctor")
    assert answer.see_doctor and "001_a7ee788273da627c.txt" in answer.sources


def test_walking_pain_that_eases_at_rest_is_circulation(kb: KnowledgeBase) -> None:
    answer = kb.answer("my calf aches when walking and stops when i rest")
    assert answer.topics[0] == "circulation" and answer.see_doctor
    assert "restricted blood flow" in answer.text and "see your doctor" in answer.text


@pytest.mark.parametrize("question", ["bad period cramps what helps", "menstrual cramps tonight"])
def test_period_cramps_are_honestly_out_of_scope(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert answer.topics == ["out_of_scope"] and answer.followups == []
    assert _plain(answer.text).startswith("I only cover muscle cramps in legs, feet, back and neck, not period pain")


@pytest.mark.parametrize("question", ["CALF CRAMP HELP", "cramp!!", "cramp in my foot right now", "leg cramp help me"])
def test_cramp_now_gets_the_step_first(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert answer.topics[0] == "relief" and answer.followups[0] == "relief"
    first = _plain(answer.text).split("\n")[0]
    assert "stretch" in first.lower() or first == "Straighten your leg and pull your toes toward you, gently."


def test_calf_cramp_now_first_line_is_the_calf_step(kb: KnowledgeBase) -> None:
    assert _plain(kb.answer("CALF CRAMP HELP").text).startswith(
        "Straighten your leg and pull your toes toward you, gently.")


def test_answers_are_phone_length(kb: KnowledgeBase) -> None:
    questions = [item["q"] for name in ("questions", "questions_blind3")
                 for item in json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))]
    answers = [kb.answer(q) for q in questions]
    assert statistics.median(len(a.text) for a in answers) <= 800
    for answer in answers:
        assert " and 2 more" not in answer.text and " more</i>" not in answer.text
        assert len(re.findall(r"^• ", _plain(answer.text), re.M)) <= 3 or answer.urgent


def test_source_line_is_short_and_names_seed_files(kb: KnowledgeBase) -> None:
    text = kb.answer("why do my legs cramp at night").text
    line = next(l for l in text.split("\n") if l.startswith("<i>Source:"))
    assert len(re.findall(r"\d{3}_[0-9a-f]{16}\.txt", line)) in (1, 2) and "(leg cramps)" in line


@pytest.mark.parametrize(("question", "line"), [
    ("hi", "Hi! Tap 🆘 if you have a cramp now"), ("thanks", "You're welcome!"), ("😭", "Hi!"), ("🦵", "Hi!"),
    ("asdf", "Tap 🆘"),
])
def test_small_talk_gets_a_friendly_line(kb: KnowledgeBase, question: str, line: str) -> None:
    answer = kb.answer(question)
    assert line in answer.text and "outside what I know" not in answer.text
    assert answer.topics == ["out_of_scope"] and answer.followups == ["relief"] and not answer.urgent


@pytest.mark.parametrize("question", [
    "im vegan and get cramps at night what should i eat", "vegetarian, what foods have b12",
    "plant based diet and calcium foods for cramps",
])
def test_vegans_are_not_told_to_eat_animal_foods(kb: KnowledgeBase, question: str) -> None:
    text = _plain(kb.answer(question).text).lower()
    body = text.split("source:")[0]
    for animal in ("meat", "fish", "eggs", "egg yolks", "dairy", "milk", "cheese", "yogurt"):
        assert not re.search(rf"\b{animal}\b", body.replace("animal foods", "")), (animal, body)


def test_vegan_b12_points_to_fortified_cereals_and_a_test(kb: KnowledgeBase) -> None:
    assert "fortified cereals; ask your doctor about a B12 test" in kb.answer("i'm vegan, tingling and cramps, b12?").text


def test_how_long_until_magnesium_works(kb: KnowledgeBase) -> None:
    answer = kb.answer("how long does magnesium take to work for cramps")
    text = _plain(answer.text)
    assert "weeks or months" in text.split("\n\n")[0] and "stretching and massage" in text
    assert "000_7154dc779fed8682.txt" in answer.sources


def test_cramps_every_night_is_not_usually_not(kb: KnowledgeBase) -> None:
    text = _plain(kb.answer("is it normal to get cramps every single night").text)
    assert text.startswith("Cramps most nights are worth a doctor's visit") and "Usually not" not in text
    paragraphs = [p for p in text.split("\n\n") if p]
    assert len(paragraphs) == len(set(paragraphs))
    assert text.count("worth a doctor's visit") == 1


def test_medicine_outranks_remedy_curiosity(kb: KnowledgeBase) -> None:
    question = ("I've been on hydrochlorothiazide for two years for blood pressure, lately calf cramps in the evening, "
                "a friend said pickle juice works, is that true or should I do something else")
    opening = _plain(kb.answer(question).text).split("\n")[0]
    assert opening.startswith("Water pills (diuretics) such as hydrochlorothiazide")


def test_already_tested_person_is_not_told_to_get_tested(kb: KnowledgeBase) -> None:
    answer = kb.answer("my doctor said my potassium is low what supplement should i buy")
    text = _plain(answer.text)
    assert text.split("\n")[0].startswith("Your doctor should pick the supplement and the amount")
    assert "test first" not in text and "bananas" in text


def test_see_doctor_triage_is_labelled_as_general_safety_advice(kb: KnowledgeBase) -> None:
    text = kb.answer("cramps since i started statins").text
    assert "See a doctor:" in text and "This is general safety advice" in text
    assert "Source: " in text  # the topic itself keeps its seed sources


def test_store_rebuilds_when_content_changes_without_version_bump(tmp_path: Path) -> None:
    source = tmp_path / "knowledge.json"
    data = json.loads(KNOWLEDGE_FILE.read_text(encoding="utf-8"))
    source.write_text(json.dumps(data))
    assert KnowledgeBase.load(tmp_path, source=source).disclaimer == data["disclaimer"]
    data["disclaimer"] = "Edited without a version bump."
    source.write_text(json.dumps(data))
    reloaded = KnowledgeBase.load(tmp_path, source=source)
    assert reloaded.disclaimer == "Edited without a version bump."
    assert "sha256" in json.loads((tmp_path / DB_FILE_NAME).read_text())["meta"]["1"]
