"""Failure kinds from a fresh question set, tested with our own varied phrasings (never the set's own).

Urgent families: chest pressure by image, allergic reaction, poisoning/ingestion, tetanus after any wound,
missed dialysis, heart with faintness, fainting/stroke/breathing variants. Scope: a named muscle cramp is
never "I can't help", caps and rambles included; stomach muscles during exercise are muscle cramps, gut
cramps are not; panic and racing thoughts without cramps are out of scope. Topic kinds: keto, heavy
drinking, chemo, dialysis, sport prevention, vegetarian foods, standing work.
"""

from __future__ import annotations

import pytest

from knowledge.base import KnowledgeBase
from knowledge.triage import screen


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(None)


URGENT_BY_REASON: dict[str, list[str]] = {
    "chest_pressure": [
        "can chest muscles even cramp? feels like an elephant is sitting on me",
        "crushing feeling in my chest and i feel sick",
        "something squeezing my chest like a vice, sweaty",
        "tight band around my chest since this morning",
        "heavy weight on my chest and it spreads to my back",
        "pressure in the middle of my chest spreading to my shoulder",
        "is it possible for your chest muscle to cramp, it feels really heavy and squeezed",
        "pressure behind my breastbone and sweating",
    ],
    "allergy": [
        "my lips are swelling up after a new magnesium tablet",
        "tongue feels huge and my throat is closing",
        "face puffing up after starting a new supplement",
        "throat feels tight and i cant swallow after taking a pill",
        "hives all over my body after a new vitamin",
    ],
    "poisoning": [
        "my toddler got into my magnesium pills",
        "my son swallowed some of my quinine tablets no idea how many",
        "my 3 year old may have eaten my potassium tablets",
        "the baby got hold of my pill box",
        "i took like 10 magnesium tablets",
        "took a handful of my cramp pills by mistake",
        "i took way too many potassium tablets",
        "accidentally doubled my quinine dose",
        "ears ringing and vision blurry after quinine",
        "heart beating really slow after taking too many tablets",
    ],
    "tetanus": [
        "my jaw wont open after i stood on a nail",
        "cant open my mouth properly, cut my hand on a garden fork last week",
        "stepped on a thorn and now lockjaw",
        "teeth clenched and stuck since a dog bit me, never had the tetanus jab",
        "never had a tetanus shot and my jaw locks up",
        "got a splinter last week now my jaw is stiff",
        "cut my foot on glass at the beach, now my neck and jaw are stiff",
    ],
    "kidney": [
        "missed dialysis yesterday and my legs are cramping",
        "skipped my dialysis session and feel really weak",
        "missed dialysis and my heart feels fluttery",
        "couldnt get to dialysis this week and i'm short of breath",
    ],
    "heart_now": [
        "heart fluttery and i feel weak",
        "heart pounding and dizzy with cramps",
        "heart keeps skipping beats and i'm lightheaded",
    ],
    "fainting": [
        "i went grey and nearly passed out",
        "everything went black for a second after the cramp",
        "i went all grey and hit the floor",
    ],
    "stroke": [
        "my mum's face is drooping on one side",
        "his arm wont lift and his words are coming out wrong",
        "her smile is lopsided and she cant lift her arm",
        "mixing up my words and my hand wont grip",
    ],
    "breathing": [
        "i cant catch my breath and my legs cramp",
        "gasping for air after a cramp",
        "fighting for air",
        "cant get my breath with these cramps",
    ],
}


@pytest.mark.parametrize(("reason", "question"),
                         [(reason, q) for reason, qs in URGENT_BY_REASON.items() for q in qs])
def test_urgent_families_are_caught_with_their_own_advice(kb: KnowledgeBase, reason: str, question: str) -> None:
    triage = screen(question)
    assert triage.urgent and reason in triage.reasons, (question, triage.reasons)
    answer = kb.answer(question)
    assert answer.urgent and answer.topics[0] == "red_flag"
    assert "stretch" not in answer.text.lower()


@pytest.mark.parametrize("question", [
    "are chest muscles able to cramp",
    "bench press made my chest muscles cramp",
    "can you take too much magnesium",
    "my daughter takes magnesium tablets for cramps",
    "my son gets leg cramps at football",
    "my jaw cramps when i chew gum",
    "brittle nails and leg cramps",
    "cut out sugar and now i get cramps",
    "i'm so wound up and my calves cramp",
    "does dialysis cause cramps",
    "i get cramps during dialysis",
    "what is the tetanus jab for",
    "having a panic attack my heart is racing",
    "feeling anxious and my heart is pounding",
])
def test_look_alikes_stay_calm(kb: KnowledgeBase, question: str) -> None:
    assert not kb.answer(question).urgent, question


@pytest.mark.parametrize("question", [
    "heart racing and i fainted during a panic attack",
    "panic attack with chest pain and my heart is racing",
])
def test_panic_with_fainting_or_chest_pain_is_urgent(kb: KnowledgeBase, question: str) -> None:
    assert kb.answer(question).urgent


@pytest.mark.parametrize(("question", "expected"), [
    ("KETO 3 WEEKS AND MY LEGS CRAMP EVERY NIGHT WHAT AM I MISSING", {"magnesium", "dehydration"}),
    ("LOW CARB DIET FOR A MONTH AND MY CALVES KEEP CRAMPING WHY", {"magnesium", "dehydration"}),
    ("hamstring locked up getting out of the car what do", {"relief"}),
    ("quad seized up when i stood up from the sofa, what now", {"relief"}),
    ("my foot knotted up in the shower what do", {"relief"}),
    ("toes balled up during yoga what do i do", {"relief"}),
    ("why do my stomach muscles cramp when doing situps", {"exercise", "stretching"}),
    ("abs cramp every time i do crunches", {"exercise", "stretching"}),
    ("my core muscles spasm during planks why", {"exercise", "stretching"}),
    ("hair loss and leg cramps", None),
    ("So last year we moved from Ohio to Phoenix for my husband's job and it has been an adjustment, we got a "
     "house with a pool and I've been doing the yard on weekends, and I work outside a lot in the afternoons, and "
     "now my calves cramp like crazy most evenings, my neighbour says it's normal for here, any idea?",
     {"dehydration"}),
    ("I sweat buckets at my construction job all summer, drink mostly coffee and energy drinks, my legs lock up "
     "by the end of the day", {"dehydration"}),
])
def test_named_muscle_cramps_are_never_out_of_scope(kb: KnowledgeBase, question: str,
                                                    expected: set[str] | None) -> None:
    answer = kb.answer(question)
    assert answer.topics[0] != "out_of_scope" and not answer.urgent, answer.topics
    if expected is not None:
        assert answer.topics[0] in expected, answer.topics


@pytest.mark.parametrize("question", [
    "stomach cramps after eating", "bad tummy cramps and diarrhoea", "belly ache and cramps tonight",
    "can't sleep, brain won't switch off", "cant sleep at night, mind racing", "my dog gets leg cramps",
    "sprained my wrist, no cramps just pain",
])
def test_gut_sleep_pets_and_denials_stay_out_of_scope(kb: KnowledgeBase, question: str) -> None:
    assert kb.rank(question)[0] == "out_of_scope", question


def test_buying_potassium_tablets_leads_with_the_doctor_rule(kb: KnowledgeBase) -> None:
    answer = kb.answer("should i just buy potassium tablets myself")
    assert answer.topics[:2] == ["supplements", "potassium"] and not answer.urgent
    assert "Don't take potassium supplements without your doctor" in answer.text.split("\n\n")[0]


@pytest.mark.parametrize("question", [
    "i drink 6-8 pints most nights and my calves cramp", "heavy drinker and my feet cramp at night",
])
def test_heavy_drinking_ranks_dehydration_first(kb: KnowledgeBase, question: str) -> None:
    assert kb.rank(question)[0] == "dehydration"


def test_chemo_tingling_leads_with_medicines_and_the_oncology_team(kb: KnowledgeBase) -> None:
    answer = kb.answer("on chemo and my feet are tingling and numb and cramping")
    assert answer.topics[:2] == ["medications", "vitamin_b12"]
    assert "oncology team" in answer.text


@pytest.mark.parametrize("question", [
    "i get cramps during dialysis", "on dialysis, are bananas good for leg cramps",
    "kidney disease and leg cramps at night, what should i eat",
])
def test_kidney_patients_are_sent_to_their_kidney_team_before_any_food(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert answer.topics[:2] == ["medications", "potassium"] and not answer.urgent
    first = answer.text.split("\n\n")[0]
    assert "kidney team" in first and "potassium can be dangerous for kidney patients" in first
    assert "standard" in first  # labelled as standard safety advice, not the articles


@pytest.mark.parametrize("question", [
    "how do i avoid cramps after a football match", "how to stop getting cramps in rugby games",
])
def test_sport_prevention_is_exercise_then_fluids_not_foods(kb: KnowledgeBase, question: str) -> None:
    ranked = kb.rank(question)
    assert ranked[0] == "exercise" and "dehydration" in ranked[:3]


@pytest.mark.parametrize("question", [
    "pure vegetarian, what food stops cramps", "im vegan which foods help leg cramps",
])
def test_vegetarian_food_questions_get_plant_foods(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert answer.topics[0] == "prevention_foods"
    assert "spinach" in answer.text and "fish" not in answer.text and "Right now" not in answer.text


def test_long_standing_shifts_get_circulation_stretching_and_a_doctor_line(kb: KnowledgeBase) -> None:
    answer = kb.answer("been standing 10 hours a day in a warehouse for 2 weeks and my legs cramp")
    assert answer.topics[0] in ("circulation", "stretching", "dehydration")
    assert {"circulation", "stretching", "dehydration"} & set(answer.topics[:3]) == set(answer.topics[:3])
    assert "stretch" in answer.text and "see your doctor" in answer.text
    assert "003_a88c6d68a877c4c1.txt" in answer.sources
