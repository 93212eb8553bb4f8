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
    # Product QA: any cramp, spasm or tightness word with the chest is the heart line, gym words or not.
    "chest_cramp": [
        "cramp in my chest",
        "chest cramping",
        "my chest is cramping up",
        "cramp in my left arm and chest",
        "bench press made my chest muscles cramp",
        "are chest muscles able to cramp",
        "weird spasm in my chest since lunch",
        "pecs keep locking up, chest feels tight",
    ],
    "fast_breathing": [
        "lips and fingers tingling after I was breathing really fast",
        "breathing really fast and legs cramping",
        "i keep hyperventilating and my hands cramp",
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
    "chest day tomorrow any tips",
    "bench press form tips",
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
    first, *rest = answer.text.split("\n\n")
    assert "kidney team" in first and "potassium can be dangerous for kidney patients" in first
    # Then stop: the safety label and the disclaimer only — no foods, no other paragraph.
    assert rest == ["<i>This is general safety advice.</i>", f"<i>{kb.disclaimer}</i>"]


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


# ---- urgent families found missed by an untuned set: our own phrasings, typos included ------------------

URGENT_BY_FAMILY: dict[str, tuple[frozenset[str], list[str]]] = {
    "pregnancy": (frozenset({"preterm_labour", "pregnancy_bleeding", "pre_eclampsia", "ectopic", "baby_movements"}), [
        "32 weeks pregnant and getting tightenings every 5 minutes",
        "pregnant, back pain coming and going like waves, 34 weeks",
        "im 33 wks and my belly keeps cramping every few mins",
        "preganant and tummy cramps coming every 10 minutes",
        "35 weeks, period like cramps that come and go regularly",
        "30 weeks pregnent, bump goes hard every few minutes and my back aches",
        "i'm pregnant and i've started bleeding",
        "28 weeks pregnant, some spotting and calf cramps",
        "pregnant and a gush of water just came out",
        "36 weeks and fluid trickling down my legs",
        "pregnant and I think my waters have gone",
        "31 weeks pregnant with a terrible headache and flashing lights",
        "pregnant, my vision is blurry and i have leg cramps",
        "34 weeks pregnant and my face and hands swelled up suddenly",
        "pregnant and my rings wont come off, headache wont go away",
        "positive test last week and sharp pain on one side of my belly",
        "missed my period and now pain low on the right side and shoulder tip pain",
        "period is late, one sided cramping in my tummy and i feel faint",
        "pregnant with pain in my shoulder tip",
        "baby hasnt moved much today, 36 weeks, leg cramps",
        "30 weeks and the baby is moving less than usual",
        "havent felt the baby kick since this morning",
        "pregnant and fewer movements today",
    ]),
    "potassium_high": (frozenset({"potassium_high"}), [
        "i have ckd and take potassium tablets, now my legs feel like jelly",
        "on dialysis and used lo-salt, my heart is fluttery",
        "kidney disease, been eating loads of bananas, legs heavy and tingling",
        "on spironolactone and using LoSalt, feel weak and my heart is skipping",
        "on ramipril and potassium supplements, short of breath and weak",
        "CKD stage 4, switched to no salt, now pins and needles and palpitations",
        "kidney failure and nu-salt on everything, legs weak and heavy",
        "dialysis patient eating 5 bananas a day, legs are weak",
        "on ace inhibitors and potasium chloride, breathless and tingly",
        "renal patient, salt substitute, heart flutering and legs like lead",
    ]),
    "compartment": (frozenset({"compartment"}), [
        "got kicked in the shin playing football and the pain keeps getting worse, leg feels rock hard",
        "fractured my ankle, in a cast, now toes are numb and pain is getting worse",
        "crushed my leg under a car, calf is very tight and shiny and tingling",
        "after a knock to my calf it's hard as a rock and painkillers aren't touching it",
        "broke my leg yesterday, it hurts so much to move my toes",
        "after a really hard workout my shins are rock hard and numb",
        "cast feels too tight and my foot has pins and needles",
        "took a knock in rugby, calf is tight as a drum and the pain is out of proportion",
        "hit my shin on a table, now tight and shiny, pins and needles in my foot",
        "kicked in the calf, agony when i wiggle my toes",
    ]),
    "sepsis": (frozenset({"sepsis"}), [
        "cut on my leg got infected and now my skin looks blotchy and my hands are freezing",
        "my cellulitis is spreading, i feel like im dying",
        "wound on my shin oozing pus, skin mottled and cramps",
        "uti and now very cold hands and feet and muscle aches, never felt this ill",
        "infected toe, cant stop shivering and something is seriously wrong",
    ]),
    "child": (frozenset({"child_unwell", "meningitis"}), [
        "my son has leg cramps and a stiff neck",
        "daughter has cramps and a rash and is very sleepy",
        "my toddler has leg spasms and is floppy",
        "my child has cramps and is hard to wake up",
        "5 year old cramping legs and a purple rash",
    ]),
}


@pytest.mark.parametrize(("family", "question"),
                         [(family, q) for family, (_, qs) in URGENT_BY_FAMILY.items() for q in qs])
def test_new_urgent_families_are_caught_with_their_own_advice(kb: KnowledgeBase, family: str,
                                                              question: str) -> None:
    reasons, _ = URGENT_BY_FAMILY[family]
    triage = screen(question)
    assert triage.urgent and reasons & set(triage.reasons), (question, triage.reasons)
    answer = kb.answer(question)
    assert answer.urgent and answer.topics[0] == "red_flag"
    # Only the urgent advice: no relief step ("don't stretch it" in an injury line is allowed).
    assert "gently stretch" not in answer.text.lower() and "massage the" not in answer.text.lower()


@pytest.mark.parametrize(("question", "words"), [
    ("30 weeks pregnant with contractions every 5 minutes", ("maternity unit", "37 weeks")),
    ("pregnant and bleeding", ("maternity unit",)),
    ("missed period and one sided pain in my belly", ("ectopic", "A&amp;E")),
    ("on dialysis, took potassium tablets, legs feel like jelly", ("kidney team", "stop the supplement")),
    ("kicked in the shin, numb foot and the pain keeps getting worse", ("A&amp;E",)),
])
def test_new_families_carry_their_standard_urgent_advice(kb: KnowledgeBase, question: str,
                                                         words: tuple[str, ...]) -> None:
    text = kb.answer(question).text
    assert all(word in text for word in words), text


@pytest.mark.parametrize("question", [
    "pregnant and get leg cramps at night",
    "30 weeks, calf cramps in bed",
    "braxton hicks now and then, no pain",
    "pregnant, is magnesium safe for leg cramps",
    "28 weeks pregnant and my calves cramp every night",
    "pregnant, had a blood test and iron is low, cramps",
    "pregnant with leg cramps, drink enough water?",
    "pregnant, leg cramps come and go at night",
    "pregnant and my back cramps keep coming back",
    "pregnant and baby kicks under my ribs, leg cramps",
    "pregnant, bowel movements changed and leg cramps",
    "cramps every few minutes in my calf while running",
    "i have kidney disease, can i take potassium",
    "on dialysis, can i use lo-salt",
    "is lo salt ok for cramps",
    "in april i started potassium and feel weak",
    "on ramipril and get leg cramps",
    "sore shin after football yesterday, getting better",
    "fell off my bike, knee grazed, calf a bit tight",
    "after a marathon my calves are very tight and in agony",
    "my calves are rock hard after leg day",
    "broke my ankle last year and now get cramps",
    "had flu, felt so unwell, now cramps",
    "my hands and feet get cold in winter and cramp",
    "my daughter is very tired and has leg cramps",
    "my son walks with a limp and calf cramps",
    "my kid wont eat vegetables and gets cramps",
    "my kid has a heat rash and cramps",
])
def test_new_family_look_alikes_stay_calm(kb: KnowledgeBase, question: str) -> None:
    assert not kb.answer(question).urgent, (question, screen(question).reasons)


@pytest.mark.parametrize("question", [
    "i have kidney disease, can i take potassium", "on dialysis, can i use lo-salt instead of salt",
    "CKD and thinking of potassium supplements for cramps",
])
def test_kidney_patients_asking_about_potassium_get_the_kidney_team_line(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert not answer.urgent
    assert "ask your kidney team" in answer.text and "potassium can be dangerous for kidney patients" in answer.text
