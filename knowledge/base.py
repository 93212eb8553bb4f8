"""The knowledge store: curated seed facts loaded once (TinyDB on disk or in memory), answered from RAM."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from knowledge import render
from knowledge.render import escape
from knowledge.lexicon import DIURETIC_WORDS, STATIN_WORDS, UNCOVERED_REMEDIES
from knowledge.matching import Matcher, MatchResult
from knowledge.models import NUTRIENT_IDS, PLACES, TIP_KINDS, Answer, ReliefStep, Tip
from knowledge.text import COMMON_WORDS, tokenize
from knowledge.triage import URGENT_REASONS, Triage, screen

KNOWLEDGE_FILE = Path(__file__).with_name("knowledge.json")
DB_FILE_NAME = "knowledge.db.json"
_META_TABLE = "meta"
# Up to this many urgent messages head an urgent answer; the most serious come first.
_MAX_URGENT_MESSAGES = 2
S000, S001, S003, S004 = (
    "000_7154dc779fed8682.txt", "001_a7ee788273da627c.txt", "003_a88c6d68a877c4c1.txt", "004_01e829a2d7e6d2cd.txt",
)
S002 = "002_bddc2460f4749f17.txt"
# See-doctor advice the seeds give themselves (001 FAQ: severe, frequent, or with swelling, numbness or
# weakness; 003: frequent cramps); it leads the answer and cites its seeds.
_SEED_DOCTOR_TEXT = {
    "numb_weak": ("Numbness or weakness with a cramp is a reason to see your doctor.", [S001]),
    "persistent": ("Cramps that are severe, frequent or don't ease are worth a doctor's visit: they can look "
                   "for the cause and test your levels.", [S001, S003]),
}
_NIGHTLY_DOCTOR = "Cramps most nights are worth a doctor's visit: they can look for the cause and test your levels."
# Greetings, thanks and noise: a friendly pointer, not "that's outside what I know".
_SMALL_TALK_WORDS = frozenset(
    "hi hii hiii hello helo hey heya hiya yo sup morning evening good night gm gn thanks thank thx ty tysm "
    "cheers ok okay k kk cool great nice bye goodbye yes no yep nope lol haha hmm ah oh you very much so "
    "much a lot".split()
)
_THANKS_WORDS = frozenset("thanks thank thx ty tysm cheers".split())
_SMALL_TALK_HELLO = "Hi! Tap 🆘 if you have a cramp now, or type a question about cramps."
_SMALL_TALK_THANKS = "You're welcome! Tap 🆘 if a cramp comes back, or type a question about cramps."
_SMALL_TALK_UNSURE = "I didn't catch that. Tap 🆘 if you have a cramp now, or type a question about cramps."
# "CALF CRAMP HELP", "cramp!!", "cramp in my foot right now": a cramp happening now gets the step first.
_NOW_WORDS = frozenset("help rn asap ow oww owww ouch aaah ahh argh omg".split())
_QUESTION_WORDS = frozenset(
    "why what which how when does do can could should is are will food foods eat vitamin vitamins "
    "deficiency cause causes".split()
)
_BARE_WORDS_MAX = 5
# "No cramps, just pain": the cramp word is denied, so it doesn't make the message a cramp question.
_CRAMP_DENIED = re.compile(r"\b(?:no|not|never|without|isnt|wasnt|arent) (?:a |any |really )?(?:cramp|cramps|cramping|"
                           r"spasm|spasms)\b")
# "...what do", "what now": chat shorthand for "what do I do?" at the end of a message.
_TRAILING_HELP = (["what", "do"], ["what", "now"], ["what", "do", "i"], ["what", "to", "do"], ["what", "do", "i", "do"])
_RELIEF_STEP_ONE = "Straighten your leg and pull your toes toward you, gently."
_VEGAN = re.compile(r"\b(?:vegan|vegans|vegetarian|vegetarians|veggie|plant based|dont eat meat|no meat|"
                    r"stopped eating meat|dont eat animal)\b")
_ANIMAL_FOOD_WORDS = frozenset(
    "meat fish salmon tuna sardines eggs egg yolks dairy milk cheese yogurt yoghurt chicken beef liver "
    "seafood poultry".split()
)
# "My doctor said my potassium is low": already tested, so the doctor picks the supplement.
_ALREADY_TESTED = re.compile(
    r"\b(?:doctor|gp|nurse|dr|doc|physician) (?:\w+ )?(?:said|says|told|found|confirmed)|\bblood (?:test|work)|"
    r"\btested\b|\btests? (?:showed|shows|came back|results?)|\bresults? (?:showed|came back|say)|"
    r"\bmy (?:\w+ )?(?:level|levels) (?:is|are|was|were) low\b"
)
_TESTED_PILLS = ("Your doctor should pick the supplement and the amount — ask them or your pharmacist; "
                 "I can't recommend one.")
# "How long does magnesium take to work?" (seed 000 FAQ "How long until relief?").
_TAKES_EFFECT = re.compile(r"\b(?:to work|start working|kick in|take effect|to help|work|works|help)\b")
_DEFICIENCY_TIME = ("Correcting a low level through diet (and supplements, if your doctor advises them) can take "
                    "several weeks or months; a cramp itself usually eases quickly with stretching and massage.")
# Seed 001 FAQ: restricted blood flow (PAD) causes cramping pain; pain on walking that eases at rest.
_WALK_THEN_REST = re.compile(r"\bwalk\w*\b.*\b(?:rest|resting|stop|stopping|sit|sitting down)\b")
_WALKING_PAIN = ("Calf pain that comes on when you walk and eases when you rest can mean restricted blood flow "
                 "(like peripheral artery disease, PAD): see your doctor to check your circulation.")
_WHICH_VITAMIN = re.compile(r"\b(?:which|what|best|any|a) vitamins? (?:\w+ ){0,3}(?:good|help|helps|best|take|for)\b")
_LACKING = re.compile(r"\b(?:missing|lacking|lack|deficien\w*|deficit|low in)\b")
_VITAMINS_ANSWER = ("The articles name vitamin D (it helps your body absorb calcium) and vitamin B12 (it keeps the "
                    "nerve signals to your muscles working). Ask your doctor to test your levels before taking any "
                    "supplement: too much can be harmful.")
_DIURETIC_LINE = ("Water pills (diuretics){named} can lower potassium, magnesium and calcium, which can cause "
                  "cramps: ask the doctor who prescribed them about a blood test, and don't stop them on your own.")
# Seed 003: "Muscle fatigue from overuse or prolonged standing is another common cause"; stretching, water
# and supportive shoes help prevent them, and persistent cramps need a professional.
# "Ca2+ triggers contraction, Mg2+ relaxation. correct?" (seed 004: the yin and yang of contraction).
_CALCIUM_MAGNESIUM_PAIR = re.compile(r"\bcalcium\b.*\bmagnesium\b|\bmagnesium\b.*\bcalcium\b")
_PAIR_LINE = ("Yes: calcium starts a muscle contraction and magnesium lets the muscle relax again — they work as a "
              "pair, so too little of either can cause cramps or spasms.")
# "I eat bananas like a monkey and STILL get cramps": potassium is one cause among several (seeds 001, 002).
_STILL_BANANAS = re.compile(r"\bbananas?\b(?: \w+){0,8} (?:still|yet|but|and still)\b|\b(?:still|already)\b(?: \w+){0,4} "
                            r"bananas?\b|\b(?:lots|loads|tons|plenty) of bananas?\b")
_NOT_ONLY_POTASSIUM = ("Potassium isn't the only cause: low magnesium (the most often named one), low calcium or "
                       "vitamin D, and not drinking enough can all cause cramps, and a blood test can show which "
                       "is low.")
# Burning feet or legs is nerve-type pain (seed 002: B1 affects nerve function, B12 nerve health), not a clot.
_BURNING = re.compile(r"\bburning (?:\w+ )?(?:feet|foot|legs?|soles|toes)\b|\b(?:feet|foot|legs?|soles|toes) "
                      r"(?:\w+ ){0,2}burn(?:ing|s)?\b")
_BURNING_LINE = ("Burning feet or legs is nerve-type pain. B vitamins matter for nerves: vitamin B1 (thiamine) for "
                 "nerve function and vitamin B12 for nerve health. See a doctor, who can find the cause and test your "
                 "levels.")
# A cramp after a named activity: an everyday trigger, not a warning sign.
_EVERYDAY_TRIGGER = re.compile(r"\b(?:after|during|from) (?:\w+ ){0,2}(?:class|classes|dance|dancing|ballet|training|"
                               r"practice|exercise|running|a run|football|footy|swimming|gym|workout|match|game)\b")
# An animal's body ("my dog's back leg", "the cat's legs"): a vet's question.
_PET_BODY = re.compile(r"\b(?:my|our|his|her|the) (?:dogs?|cats?|puppy|kitten|horses?|pets?)(?: \w+){0,2} (?:legs?|paws?|"
                       r"hips?|tail|muscles?|keeps?|is|has)\b|\b(?:dogs|cats|puppys|kittens|horses) (?:\w+ )?(?:legs?|paws?)\b")
_SUPPLEMENT_WORD = re.compile(r"\b(?:supplements?|suplements?|tablets?|pills?|capsules?|gummies|take|taking|buy)\b")
_LAXATIVE = re.compile(r"\blaxatives?\b")
_LAXATIVE_LINE = ("The articles name excessive fluid loss (heavy sweating, vomiting, water pills) as a cause of cramps, "
                  "and laxatives taken every day can make you lose fluid through diarrhoea: drink enough water and "
                  "ask your doctor or pharmacist whether they could be the cause.")
_STANDING = re.compile(r"\b(?:standing|stand|on (?:my|your|our|her|his) feet)\b")
_STANDING_LINE = ("Long hours on your feet tire the muscles, a common cause of cramps: stretch your calves in your "
                  "breaks, drink water through the shift and wear supportive shoes. If the cramps keep coming, see "
                  "your doctor.")
# Chemotherapy and kidney disease: the person's own specialist team decides (standard safety advice).
_CHEMO = re.compile(r"\b(?:chemo|chemotherapy|oncology|oncologist|cancer treatment)\b")
_CHEMO_LINE = ("My sources don't cover chemotherapy. They say some medicines list cramps as a side "
               "effect. Tell your oncology team about the cramps, tingling or numbness, and ask them before taking "
               "any supplement.")
_KIDNEY = re.compile(r"\b(?:dialysis|haemodialysis|hemodialysis|kidney (?:disease|failure|patient|problems?)|"
                     r"renal|ckd|bad kidneys|kidneys? (?:are|is) (?:bad|failing|weak))\b")
_KIDNEY_LINE = ("Kidney patients: ask your kidney team before changing what you eat or taking any supplement — "
                "potassium can be dangerous for kidney patients, so don't add bananas or potassium without them.")
# "How much water should I drink?": the seeds give no amount, only when to drink (000, 003).
_WATER_AMOUNT = re.compile(r"\bhow (?:much|many) (?:\w+ ){0,2}(?:water|fluids?|liquids?|litres?|liters?|glasses|cups|"
                           r"ml)\b|\bhow much (?:should|do|to) (?:i |you )?drink\b")
_WATER_AMOUNT_LINE = ("The articles give no daily amount; drink water through the day, more around exercise and heat, "
                      "and an electrolyte drink after heavy sweating.")
# "Can vitamin D cause cramps if I take too much?": seed 000 FAQ says excess supplementation can be harmful.
_TAKING = re.compile(r"\b(?:take|taking|took|safe|supplements?|pills?|tablets?|capsules?|use|using)\b")
_EXPECTING = re.compile(r"\b(?:pregnan\w*|breast ?feeding|breastfeed\w*|nursing|trimester|weeks pregnant)\b")
_EXPECTING_SUPPLEMENT_LINE = ("Ask your midwife or doctor before taking {nutrient}: my sources don't cover pregnancy "
                              "or breastfeeding, and I can't advise on doses.")
_POTASSIUM_RULE = "Don't take potassium supplements without your doctor: ask the prescriber to test your levels first."
_NUTRIENT_NAMES = {"vitamin_d": "vitamin D", "vitamin_b12": "vitamin B12", "vitamin_b1": "vitamin B1"}
_TOO_MUCH = re.compile(r"\b(?:too much|too many|excess\w*|overdo\w*|high dose|mega ?dose|toxic\w*)\b")
_VITAMIN_D_EXCESS = ("My sources don't say whether too much vitamin D causes cramps, but they do say excess "
                     "supplementation can also be harmful: ask your doctor before taking it, and about testing your level.")
# Forms of magnesium: the seeds don't compare them, and form choice leads to doses.
_MAGNESIUM_FORMS = re.compile(r"\b(?:glycinate|bisglycinate|citrate|oxide|malate|threonate|chloride|taurate|"
                              r"sulfate|sulphate|orotate|forms? of magnesium|which magnesium|what kind of magnesium|"
                              r"type of magnesium|best magnesium)\b")
_MAGNESIUM_FORMS_LINE = "The articles don't compare forms of magnesium — ask your doctor or pharmacist."
# Footwear: with cramps, seed 003's advice; without any cramp word, shoe shopping is out of scope.
_FOOTWEAR = re.compile(r"\b(?:shoes?|footwear|trainers|sneakers|boots|insoles?|heels)\b")
_FOOTWEAR_LINE = ("Wear properly fitting, supportive shoes: tight or unsupportive footwear can restrict blood flow "
                  "and trigger foot cramps.")
_OUT_OF_SCOPE_SHOES = ("My sources don't cover choosing shoes — a good shoe shop or a podiatrist can help. I cover "
                       "muscle cramps: causes, relief, stretching, foods and when to see a doctor.")
# Help words say someone wants help, not that they have a cramp ("can you help me with my taxes").
_HELP_ONLY_WORDS = frozenset("help helps helping helped me please can you could with what do i to should".split())
_CHILD = re.compile(r"\b(?:child|children|kid|kids|toddler|son|daughter|boy|girl|grandson|granddaughter|"
                    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) ?(?:yr|yrs|year|years) old|"
                    r"\d+ ?yo|little one)\b")
_CHILD_CAUTION = ("Ask your child's doctor about cramps that keep coming back, and before giving any supplement.")
# Relief warning without "the leg is swollen" for a foot, toe, hand or other place.
_PLAIN_RELIEF_CAUTION = "If the cramp doesn't ease or keeps coming back, see a doctor."
_FOODS_CLOSING = "Food first: ask your doctor before taking any supplement."
_FOODS_CLOSING_PREGNANCY = "Ask your midwife before taking supplements or changing your diet."
_SLEEP_MOOD_TOPICS = frozenset({"night_cramps", "magnesium"})
_PET_WORDS = frozenset("dog dogs cat cats pet pets puppy kitten horse horses vet".split())
_PERIOD_WORDS = frozenset("period periods menstrual menstruation pms womb uterus ovulation endometriosis".split())
_OUT_OF_SCOPE_GENERAL = ("Sorry, that's outside what I know. I only cover muscle cramps in legs, feet, back and neck: "
                         "causes, relief, stretching, foods and when to see a doctor.")
_OUT_OF_SCOPE_PERIOD = ("I only cover muscle cramps in legs, feet, back and neck, not period pain — a doctor or "
                        "pharmacist can help.")
_OUT_OF_SCOPE_BELLY = ("I only cover muscle cramps in legs, feet, back and neck, not stomach cramps — a doctor or "
                       "pharmacist can help.")
_OUT_OF_SCOPE_PET = "I only cover muscle cramps in people, so I can't advise about animals — please ask a vet."
# Top-level sections of knowledge.json; each becomes one TinyDB table holding a single document.
_SECTIONS = (
    "disclaimer", "source_titles", "topics", "other_causes", "locations", "faqs", "key_points",
    "when_to_see_doctor", "relief_steps", "prevention_tips", "evening_routine",
)

# The general "what causes cramps" answer is labelled with the nutrients it leads with.
OVERVIEW_TOPICS = ["magnesium", "potassium", "calcium", "dehydration"]

FOLLOWUPS_BY_TOPIC: dict[str, list[str]] = {
    "dehydration": ["reminder", "relief", "doctor"],
    "relief": ["relief", "reminder", "doctor"],
    "prevention_foods": ["foods", "reminder", "doctor"],
    "stretching": ["reminder", "relief"],
    "medications": ["doctor"],
    "circulation": ["doctor", "relief"],
    "red_flag": ["doctor"],
    "supplements": ["foods", "doctor"],
    "night_cramps": ["relief", "reminder", "foods", "doctor"],
    "pregnancy": ["doctor", "relief"],
    "exercise": ["reminder", "relief", "foods"],
    "out_of_scope": [],
    "overview": ["foods", "relief", "reminder", "doctor"],
}
_NUTRIENT_FOLLOWUPS = ["foods", "relief", "doctor"]
# Topics whose answer always tells the person to involve a professional.
_DOCTOR_TOPICS = frozenset({"red_flag", "pregnancy", "medications", "circulation"})
# Without any cramp or body word, a question needs at least one real topic hint (not just "help").
_CONFIDENT_SCORE = 2.0
_PLACE_FOR_RELIEF = {"calf": "calf", "foot": "foot", "thigh": "thigh", "back": "other"}
# A question is "about taking something" once its supplement phrases add up to this ("potassium pills",
# "how much magnesium", "is it ok to take"): such answers lead with the supplements rule.
_SUPPLEMENT_INTENT = 2.5
# Food phrases ("what should I eat", "which foods") at this score make a nutrient answer lead with foods.
_FOOD_INTENT = 2.5
# A nutrient named outright (lexicon weight 4-6), not just hinted at.
_NAMED = 4.0
# "What do I do", "make it stop", "rn": the person wants relief steps, whatever the cause topic.
_RELIEF_INTENT = 2.5
# Seeds 000/001 relief advice without the calf-specific stretch, for hand or jaw cramps.
_GENERAL_RELIEF_LEAD = "Gently stretch the cramped muscle and massage it. Warmth helps loosen it."
_WHY_WORDS = frozenset({"why", "cause", "causes", "causing", "reason", "reasons"})
_WHY_PHRASES = (
    "keep happening", "keeps happening", "keep getting them", "keep coming back", "keeps coming back",
    "for what reason", "what is the reason", "what is reason", "what reason", "from what", "how come",
    "what is cause", "what is the cause",
)
_SERIOUS_PHRASES = (
    "is it serious", "is this serious", "is that serious", "is it bad", "is that bad", "is this bad",
    "should i worry", "should i be worried", "is it normal", "is this normal", "is that normal", "normal?",
    "dangerous",
    # Non-native and chat forms: "it is normal?", "must i worry", "normal or not".
    "it is normal", "it is serious", "it is bad", "this is normal", "its normal", "normal or not", "is normal",
    "must i worry", "need to worry", "need i worry", "should i be scared", "should i be concerned", "is it ok",
    "is this ok", "something bad", "something serious",
)
# "How long does a cramp last?" (seed 000 FAQ "How long until relief?").
_DURATION_PHRASES = (
    "how long", "to last", "supposed to last", "usually last", "normally last", "how many minutes",
)
# "Magnesium or potassium, which one?": compare the nutrients named instead of answering the first.
_COMPARE_WORDS = frozenset({"or", "vs", "versus", "which", "better", "difference", "compare", "between"})
# A cause the person names outranks the timing ("never see the sun ... legs cramp at night").
_SPECIFIC_CAUSES = frozenset(NUTRIENT_IDS) | {"dehydration", "medications", "circulation", "pregnancy"}
_SPECIFIC_CAUSE_SCORE = 3.0
# Advice that must not follow a red flag ("stretch it", "massage it" on a clot, a tear or muscle breakdown).
_NOT_AFTER_RED_FLAG = frozenset({"relief", "stretching", "exercise", "prevention_foods"})
# Seeds 000/001: most cramps are harmless; see a doctor if severe, frequent or with swelling, numbness, weakness.
_SERIOUS_ANSWER = "Usually not: most muscle cramps are harmless."
# Seed 000: "Do not take potassium supplements without consulting a doctor first"; excess can be harmful;
# a doctor can test for the specific deficiency (000, 001).
_POTASSIUM_PILLS = (
    "Don't take potassium supplements without your doctor. Too much can also be harmful, and only a blood "
    "test shows whether you are actually low, so ask your doctor to test first."
)
_SUPPLEMENT_PILLS = (
    "Talk to your doctor before taking {name} supplements: they can test whether you are actually low and "
    "advise, because too much can also be harmful. " + "I can't advise on doses — your doctor or pharmacist can."
)


def relief_place(places: Sequence[str]) -> str | None:
    """The walkthrough's place for the first body place the question names (back, neck: "other")."""
    if not places:
        return None
    return places[0] if places[0] in PLACES else "other"


class KnowledgeBase:
    """Answers questions from the curated seed knowledge. Build with `load()`; immutable afterwards."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.version: str = str(data["version"])
        self.disclaimer: str = data["disclaimer"]
        self.source_titles: dict[str, str] = dict(data["source_titles"])
        self._data = data
        self._topics: dict[str, dict[str, Any]] = {t["id"]: t for t in data["topics"]}
        self._locations: dict[str, dict[str, Any]] = {loc["id"]: loc for loc in data["locations"]}
        known_words = {tok for entry in data["topics"] for tok in tokenize(json.dumps(entry))}
        self._matcher = Matcher(known_words)
        # Compile the triage patterns now, so the first question pays no start-up cost.
        screen("warm up")

    # ---- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, data_dir: Path | None = None, source: Path = KNOWLEDGE_FILE) -> KnowledgeBase:
        """Open DATA_DIR/knowledge.db.json (rebuilt when knowledge.json's version or content changed), or memory."""
        raw = source.read_text(encoding="utf-8")
        curated = json.loads(raw)
        if data_dir is None:
            db = TinyDB(storage=MemoryStorage)
            _fill(db, curated)
        else:
            path = Path(data_dir) / DB_FILE_NAME
            # The content hash too: an edit without a version bump must never be served stale.
            stamp = _stamp(curated, raw)
            if _stored_stamp(path) != stamp:
                _rebuild_file(path, curated, stamp)
            db = TinyDB(path, access_mode="r")
        try:
            data = _read_back(db)
        finally:
            db.close()
        return cls(data)

    @property
    def data(self) -> Mapping[str, Any]:
        """The curated data as loaded (for tests and tools; do not mutate)."""
        return self._data

    # ---- answering -----------------------------------------------------------------------------

    def answer(self, question: str) -> Answer:
        """Red flags first, then the best-matching topic rendered as Telegram HTML."""
        triage = screen(question)
        match = self._matcher.match(question)
        small_talk = _small_talk_reply(question, match, triage)
        if small_talk:
            return self._small_talk_answer(small_talk)
        topic_id, topics = self._choose_topics(match, triage, question)
        answer = self._compose(topic_id, topics, triage, match.places, match, question)
        return replace(answer, place=relief_place(match.places))

    def rank(self, question: str) -> list[str]:
        """Topic ids best first, without rendering (for benchmarks)."""
        triage = screen(question)
        match = self._matcher.match(question)
        if _small_talk_reply(question, match, triage):
            return ["out_of_scope"]
        return self._choose_topics(match, triage, question)[1]

    def topic_answer(self, topic_id: str) -> Answer:
        """The stock answer for one topic (follow-up buttons)."""
        if topic_id not in self._topics:
            raise KeyError(topic_id)
        topics = OVERVIEW_TOPICS if topic_id == "overview" else [topic_id]
        return self._compose(topic_id, list(topics), Triage(level=None), [])

    def foods_answer(self, topic_id: str, vegan: bool = False) -> Answer:
        """The "foods" follow-up for any topic: a short foods-only answer, never the topic answer again.

        A nutrient gets its own foods; night cramps magnesium foods; exercise and dehydration water first,
        then potassium and magnesium foods; anything else the general cramp-prevention foods. `vegan` (or a
        topic that is about plant-based eating) leaves animal foods out. Followups never offer "foods".
        """
        if topic_id not in self._topics and topic_id != "overview":
            raise KeyError(topic_id)
        vegan = vegan or bool(_VEGAN.search(" ".join(tokenize(topic_id.replace("_", " ")))))
        lines, sources = self._food_lines(topic_id)
        if vegan:
            lines = [_plant_line(line) for line in lines]
        first = f"<b>{escape(lines[0])}</b>" + (f"\n{render.bullets(lines[1:])}" if lines[1:] else "")
        closing = _FOODS_CLOSING_PREGNANCY if topic_id == "pregnancy" else _FOODS_CLOSING
        sections = [first, escape(closing)]
        tail = [render.source_line(sources, self.source_titles), f"<i>{escape(self.disclaimer)}</i>"]
        followups = [f for f in self._followups(topic_id) if f != "foods"] or ["relief", "reminder"]
        return Answer(topics=[topic_id], urgent=False, see_doctor=False, text=render.assemble(sections, tail),
                      followups=followups, sources=sources)

    def _food_lines(self, topic_id: str) -> tuple[list[str], list[str]]:
        """(heading sentence then one line per nutrient, seeds) for the foods follow-up."""
        def nutrient_line(nutrient: str) -> str:
            entry = self._topics[nutrient]
            return f"{entry['title']}: {', '.join(entry['foods'][:render.MAX_FOODS])}."

        if topic_id in NUTRIENT_IDS:
            entry = self._topics[topic_id]
            foods = ", ".join(entry["foods"][:render.MAX_FOODS])
            return ([f"Foods with {_nutrient_name(entry['title'])}: {foods}."], list(entry["sources"]))
        if topic_id == "night_cramps":
            return (["Night cramps are often linked to low magnesium; foods that have it:", nutrient_line("magnesium"),
                     "Drink enough during the day too."], [S000, S001])
        if topic_id in ("exercise", "dehydration"):
            return (["Water first: drink before, during and after exercise, and an electrolyte drink after heavy "
                     "sweating.", nutrient_line("potassium"), nutrient_line("magnesium")], [S003, S000])
        return (["Foods rich in magnesium, potassium and calcium help prevent cramps:", nutrient_line("magnesium"),
                 nutrient_line("potassium"), nutrient_line("calcium")], [S000, S001])

    def when_to_see_doctor(self) -> Answer:
        return self.topic_answer("red_flag")

    def foods_for(self, topic_id: str) -> list[str]:
        entry = self._topics.get(topic_id)
        return list(entry["foods"]) if entry else []

    def relief_steps(self, place: str) -> list[ReliefStep]:
        steps = self._data["relief_steps"].get(place) or self._data["relief_steps"]["other"]
        return [_step(step) for step in steps]

    def evening_routine(self) -> list[ReliefStep]:
        return [_step(step) for step in self._data["evening_routine"]]

    def prevention_tips(self, kind: str) -> list[Tip]:
        if kind not in TIP_KINDS:
            raise ValueError(f"unknown tip kind {kind!r}; expected one of {TIP_KINDS}")
        return [
            Tip(id=t["id"], kind=t["kind"], text=t["text"], sources=list(t["sources"]))
            for t in self._data["prevention_tips"]
            if t["kind"] == kind
        ]

    def foods_tip(self, nutrient_ids: Sequence[str], index: int) -> Tip:
        """The index-th food tip, rotating over the given nutrients' foods (all nutrients if none fit)."""
        tips = self._food_tips([n for n in nutrient_ids if self.foods_for(n)]) or self._food_tips(NUTRIENT_IDS)
        return tips[index % len(tips)]

    def _food_tips(self, nutrient_ids: Sequence[str]) -> list[Tip]:
        tips: list[Tip] = []
        for nutrient in nutrient_ids:
            entry = self._topics[nutrient]
            for number, food in enumerate(entry["foods"]):
                tips.append(Tip(
                    id=f"{nutrient}_{number}", kind="food",
                    text=f"For {entry['title'].lower()}: try {food}.", sources=list(entry["sources"]),
                ))
        return tips

    # ---- internals -----------------------------------------------------------------------------

    def _choose_topics(self, match: MatchResult, triage: Triage, question: str = "") -> tuple[str, list[str]]:
        """(entry to render, topic ids best first)."""
        topic_id, topics = self._choose_by_score(match, triage, question)
        if triage.urgent or topic_id == "out_of_scope":
            return topic_id, topics
        lowered = " ".join(tokenize(question))
        if _sleep_or_mood_only(match, topics, lowered) or _help_without_cramp(match, topics, lowered):
            return "out_of_scope", ["out_of_scope"]
        if _FOOTWEAR.search(lowered) and not (match.cramp_score > 0 or triage.level):
            return "out_of_scope", ["out_of_scope"]
        if _KIDNEY.search(lowered):
            # No food or potassium list for a kidney patient: their team decides; the medicines answer leads.
            return "medications", ["medications", "potassium"] + [t for t in topics if t not in ("medications", "potassium")]
        if _WHICH_VITAMIN.search(lowered) and not _LACKING.search(lowered):
            return "vitamin_d", ["vitamin_d", "vitamin_b12", "supplements"]
        if _WALK_THEN_REST.search(lowered) and "circulation" in topics:
            return "circulation", ["circulation"] + [t for t in topics if t != "circulation"]
        if "calcium_check" in triage.reasons and topics[0] != "calcium":
            # Neck or thyroid surgery long ago: the calcium answer, with the doctor line on top.
            return "calcium", ["calcium"] + [t for t in topics if t != "calcium"]
        if _STILL_BANANAS.search(lowered):
            lead = ["potassium", "magnesium", "calcium", "dehydration"]
            return "potassium", lead + [t for t in topics if t not in lead]
        if _BURNING.search(lowered) and not _cramp_now(question, lowered, match, topics):
            lead = ["vitamin_b1", "vitamin_b12"]
            return "vitamin_b1", lead + [t for t in topics if t not in lead]
        if topics[0] == "red_flag" and not triage.level and _EVERYDAY_TRIGGER.search(lowered):
            # "Foot cramps after dance class every time, should I worry?": an ordinary exercise cramp; the
            # worry gets its own line ("Usually not...") and a child's doctor is named in the caution.
            cause = next((t for t in topics if t in ("exercise", "dehydration", "stretching")), None)
            if cause is not None:
                return cause, [cause] + [t for t in topics if t != cause]
        if _cramp_now(question, lowered, match, topics):
            return "relief", ["relief"] + [t for t in topics if t != "relief"]
        return topic_id, topics

    def _choose_by_score(self, match: MatchResult, triage: Triage, question: str = "") -> tuple[str, list[str]]:
        ranked = match.ranked()
        top_score = match.scores[ranked[0]] if ranked else 0.0
        lowered = " ".join(tokenize(question))
        if not triage.urgent and (_PET_BODY.search(lowered) or _non_medical(match, lowered)):
            return "out_of_scope", ["out_of_scope"]
        if (match.out_of_scope_score > top_score and not triage.urgent
                and not _muscle_cramp_named(match, " ".join(tokenize(question)))):
            return "out_of_scope", ["out_of_scope"]
        if _womb_or_belly_cramp(match, top_score) and not triage.urgent:
            return "out_of_scope", ["out_of_scope"]
        if triage.urgent:
            return "red_flag", ["red_flag"] + [t for t in ranked if t != "red_flag"]
        if match.cramp_score == 0 and not match.places and top_score < _CONFIDENT_SCORE and not triage.level:
            # Only weak hints ("last night", "football") and no sign the question is about cramps.
            return "out_of_scope", ["out_of_scope"]
        if not ranked:
            if triage.level:
                return "red_flag", ["red_flag"]
            if match.cramp_score > 0:
                return "overview", list(OVERVIEW_TOPICS)
            return "out_of_scope", ["out_of_scope"]
        if match.general_score > top_score:
            # "Which vitamin am I missing?": the overview of causes, not whichever nutrient was hinted at.
            return "overview", list(OVERVIEW_TOPICS) + [t for t in ranked if t not in OVERVIEW_TOPICS]
        nutrient = _asked_nutrient(match, ranked)
        # "HCTZ 25 mg, check K+ and Mg2+?": the milligrams are the medicine's, not a supplement question.
        medicine_dose = match.score("medications") >= _NAMED and not _SUPPLEMENT_WORD.search(lowered)
        if (nutrient and match.score("supplements") >= _SUPPLEMENT_INTENT and ranked[0] in (nutrient, "supplements")
                and not medicine_dose):
            ranked = ["supplements", nutrient] + [t for t in ranked if t not in ("supplements", nutrient)]
        ranked = _named_cause_before_timing(match, ranked)
        named = _asked_nutrient(match, ranked, named_only=True)
        if named and ranked[0] == "prevention_foods":
            # "What foods have magnesium": the magnesium answer, led by its foods.
            ranked = [named] + [t for t in ranked if t != named]
        if ranked[0] == "exercise" and "dehydration" not in ranked[:2]:
            # Seed 003: staying hydrated matters most around physical activity; fluids before foods or stretches.
            ranked = ["exercise", "dehydration"] + [t for t in ranked[1:] if t != "dehydration"]
        if triage.level and "red_flag" not in ranked:
            ranked = ranked + ["red_flag"]
        return ranked[0], ranked

    def _compose(self, topic_id: str, topics: list[str], triage: Triage, places: list[str],
                 match: MatchResult | None = None, question: str = "") -> Answer:
        if triage.urgent:
            return self._urgent_answer(topics, triage)
        if topic_id == "out_of_scope":
            return self._out_of_scope_answer(question)
        lowered = " ".join(tokenize(question))
        if _KIDNEY.search(lowered):
            # No food or potassium list, no other paragraph: potassium advice can harm a kidney patient.
            return self._kidney_answer(topics)
        entry = self._topics[topic_id]
        vegan = bool(_VEGAN.search(lowered))
        child = bool(_CHILD.search(lowered))
        if vegan and entry.get("do_now"):
            entry = {**entry, "do_now": [_plant_line(line) for line in entry["do_now"]]}
        sources = list(entry["sources"])
        doctor_lines, doctor_sources, general_lines = self._doctor_lines(triage, lowered, child)
        if doctor_lines and entry.get("cautions"):
            entry = {**entry, "cautions": []}  # the doctor line leads already; don't say it twice
        nutrient = topics[1] if topic_id == "supplements" and len(topics) > 1 and topics[1] in NUTRIENT_IDS else None
        tested = nutrient is not None and bool(_ALREADY_TESTED.search(lowered))
        if tested:
            general_lines = [line for line in general_lines if line != self._reason_text("measured_low")]
        if nutrient is not None:
            forms = nutrient == "magnesium" and bool(_MAGNESIUM_FORMS.search(lowered))
            excess = nutrient == "vitamin_d" and bool(_TOO_MUCH.search(lowered))
            sections = self._supplement_sections(nutrient, vegan, tested, forms, excess)
            sources += [s for s in self._topics[nutrient]["sources"] if s not in sources]
        else:
            uncovered = match.uncovered if match is not None else []
            direct, direct_sources = self._direct_answer(topic_id, topics, match, question, vegan)
            sources = direct_sources + [s for s in sources if s not in direct_sources]
            relief_lines = self._relief_lines(topic_id, places, uncovered)
            # Only a cramp happening now opens with the step; a why- or "does X work"-question gets its answer.
            step_first = bool(relief_lines) and not _asks_why(lowered) and not uncovered
            body_uncovered = _body_uncovered(uncovered)
            sections = render.topic_sections(
                entry, self._place_note(topic_id, places), relief_lines[1:] if step_first or body_uncovered
                else relief_lines, direct=direct, foods=self._foods_shown(entry, vegan),
                lead=_GENERAL_RELIEF_LEAD if body_uncovered and not step_first else "",
                title=relief_lines[0] if step_first else "", skip_lead=step_first,
                caution=None if doctor_lines else self._caution(topic_id, places, uncovered, child),
            )
        if doctor_lines:
            sources = doctor_sources + [s for s in sources if s not in doctor_sources]
            lead = escape(" ".join(doctor_lines))
            if "numb_weak" in triage.reasons:
                sections.insert(0, f"<b>{lead}</b>")  # numbness or weakness outranks the stretch
            elif nutrient is not None:
                sections.insert(1, lead)  # a pill question reads its rule first
            elif topic_id == "relief":
                # Someone mid-cramp reads the step first; the doctor advice comes right under it.
                heading, _, rest = sections[0].partition("\n")
                sections[0] = "\n".join(part for part in (heading, lead, rest) if part)
            else:
                sections.insert(0, f"<b>{lead}</b>")
        if general_lines:
            sections.insert(1, "<b>See a doctor:</b> " + escape(" ".join(general_lines)))
        if child:
            sections = [_for_child(section) for section in sections]
        tail = [render.safety_line() if general_lines else "", render.source_line(sources, self.source_titles),
                f"<i>{escape(self.disclaimer)}</i>"]
        see_doctor = triage.level is not None or topic_id in _DOCTOR_TOPICS
        return Answer(
            topics=topics, urgent=False, see_doctor=see_doctor,
            text=render.assemble(sections, tail), followups=self._followups(topic_id), sources=sources,
        )

    def _kidney_answer(self, topics: list[str]) -> Answer:
        """The kidney-team line alone (standard safety advice): no foods, no potassium, nothing after it."""
        text = render.assemble([f"<b>{escape(_KIDNEY_LINE)}</b>"],
                               [render.safety_line(), f"<i>{escape(self.disclaimer)}</i>"])
        return Answer(topics=topics, urgent=False, see_doctor=True, text=text, followups=["doctor"], sources=[])

    def _caution(self, topic_id: str, places: Sequence[str], uncovered: Sequence[str], child: bool) -> str | None:
        """None keeps the entry's caution; a child gets their doctor, a foot or hand cramp no leg warning."""
        if child and topic_id not in ("pregnancy", "circulation"):
            return _CHILD_CAUTION
        if topic_id == "relief" and (_body_uncovered(uncovered) or any(p in ("foot", "other") for p in places)):
            return _PLAIN_RELIEF_CAUTION
        return None

    def _urgent_answer(self, topics: list[str], triage: Triage) -> Answer:
        """The urgent advice alone: no relief, stretching or massage may follow it (a clot, a tear, a bite)."""
        urgent = [self._reason_text(r) for r in triage.reasons if r in URGENT_REASONS][:_MAX_URGENT_MESSAGES]
        section = "<b>⚠️ Please get medical help first.</b>\n" + render.bullets(urgent)
        tail = [render.safety_line(), f"<i>{escape(self.disclaimer)}</i>"]
        return Answer(topics=topics, urgent=True, see_doctor=True, text=render.assemble([section], tail),
                      followups=["doctor"], sources=[])

    def _out_of_scope_answer(self, question: str) -> Answer:
        words = set(tokenize(question))
        if words & _PERIOD_WORDS:
            text = _OUT_OF_SCOPE_PERIOD
        elif words & _PET_WORDS:
            text = _OUT_OF_SCOPE_PET
        elif words & {"stomach", "tummy", "belly", "abdominal", "abdomen", "gut", "bowel"}:
            text = _OUT_OF_SCOPE_BELLY
        elif words and words <= _HELP_ONLY_WORDS:
            return self._small_talk_answer(_SMALL_TALK_UNSURE)
        elif _FOOTWEAR.search(" ".join(tokenize(question))):
            text = _OUT_OF_SCOPE_SHOES
        else:
            text = _OUT_OF_SCOPE_GENERAL
        # Taxes or the weather need no medical disclaimer; period, belly and pet questions are health questions.
        medical = text in (_OUT_OF_SCOPE_PERIOD, _OUT_OF_SCOPE_BELLY, _OUT_OF_SCOPE_PET)
        body = escape(text) + (f"\n\n<i>{escape(self.disclaimer)}</i>" if medical else "")
        return Answer(topics=["out_of_scope"], urgent=False, see_doctor=False, text=body, followups=[], sources=[])

    def _small_talk_answer(self, line: str) -> Answer:
        text = escape(line)  # small talk: no medical disclaimer
        return Answer(topics=["out_of_scope"], urgent=False, see_doctor=False, text=text,
                      followups=["relief"], sources=[])

    def _reason_text(self, reason: str) -> str:
        return Triage(level="see_doctor", reasons=[reason]).messages()[0]

    def _doctor_lines(self, triage: Triage, lowered: str, child: bool = False) -> tuple[list[str], list[str], list[str]]:
        """(seed-based doctor lines, their seeds, general safety lines) for a non-urgent answer."""
        seed_lines: list[str] = []
        seed_sources: list[str] = []
        general: list[str] = []
        for reason in triage.reasons:
            if reason in _SEED_DOCTOR_TEXT:
                text, seeds = _SEED_DOCTOR_TEXT[reason]
                if reason == "persistent" and any(w in lowered for w in ("night", "nights", "nightly", "nite")):
                    text = _NIGHTLY_DOCTOR
                if child:
                    text = _CHILD_CAUTION
                seed_lines.append(text)
                seed_sources += [s for s in seeds if s not in seed_sources]
            else:
                general.append(self._reason_text(reason))
        return seed_lines, seed_sources, general

    def _foods_shown(self, entry: Mapping[str, Any], vegan: bool) -> list[str] | None:
        """None keeps the entry's own foods; a vegan or vegetarian sees plant foods only, and says so."""
        foods = list(entry.get("foods", []))
        if not vegan or not foods:
            return None
        plant = _plant_foods(foods)
        if entry["id"] == "vitamin_b12":
            return ["fortified cereals; ask your doctor about a B12 test"]
        if plant == foods:
            return None
        return [", ".join(plant) + " (animal foods left out, as you eat plant-based)"] if plant else []

    def _supplement_sections(self, nutrient: str, vegan: bool = False, tested: bool = False, forms: bool = False,
                             excess: bool = False) -> list[str]:
        """"Should I take X pills?": the answer to what was asked first (forms, too much, the supplements rule),
        then the nutrient's foods, then why."""
        entry = self._topics[nutrient]
        name = _nutrient_name(entry["title"])
        if tested:
            direct = _TESTED_PILLS
        elif forms:
            direct = _MAGNESIUM_FORMS_LINE + " " + _SUPPLEMENT_PILLS.format(name=name).partition(":")[0] + "."
        elif excess:
            direct = _VITAMIN_D_EXCESS
        else:
            direct = _POTASSIUM_PILLS if nutrient == "potassium" else _SUPPLEMENT_PILLS.format(name=name)
        first, _, rest = direct.partition(". ")
        sections = [f"<b>{escape(first.rstrip('.'))}.</b>" + (f"\n{escape(rest)}" if rest else "")]
        foods = self._foods_shown(entry, vegan)
        foods = list(entry.get("foods", [])) if foods is None else foods
        if foods:
            sections.append("<b>Food first:</b> " + escape(", ".join(foods[:render.MAX_FOODS])) + ".")
        else:
            sections.append(escape(" ".join(entry.get("cautions", []))))
        sections.append("<b>Why it matters:</b> " + escape(entry["lead"]))
        return sections

    def _direct_answer(self, topic_id: str, topics: list[str], match: MatchResult | None, question: str,
                       vegan: bool = False) -> tuple[str, list[str]]:
        """One or two sentences that answer the kind of question asked, shown before the topic's lead,
        and the seeds they come from (beyond the topic's own)."""
        if match is None or topic_id == "out_of_scope":
            return "", []
        lines: list[str] = []
        sources: list[str] = []
        lowered = " ".join(tokenize(question))
        asked = _asked_nutrient(match, topics, named_only=True) or ""
        if _TAKING.search(lowered) and asked:
            # "pregnant, is magnesium safe?", "on lasix, can I take potassium?": the question asked comes first.
            if _EXPECTING.search(lowered):
                lines.append(_EXPECTING_SUPPLEMENT_LINE.format(nutrient=_NUTRIENT_NAMES.get(asked, asked)))
            elif asked == "potassium":
                lines.append(_POTASSIUM_RULE)
                sources.append(S000)
        diuretics = [w for w in lowered.split() if w in DIURETIC_WORDS]
        if diuretics or "water pill" in lowered or "water tablet" in lowered:
            # The medicine the person takes matters more than a remedy they are curious about.
            named = [w for w in diuretics if w not in ("diuretic", "diuretics")]
            lines.append(_DIURETIC_LINE.format(named=f" such as {named[0]}" if named else ""))
            sources += [S004, S001]
        if topic_id == "medications" and match.drugs:
            lines.append(_drug_line(match.drugs))
            if _LAXATIVE.search(lowered):
                lines.append(_LAXATIVE_LINE)
                sources.append(S001)
        if match.uncovered:
            lines.append(_uncovered_line(match.uncovered))
            if topic_id == "medications":
                lines.append("Ask your doctor or pharmacist before taking any medicine for cramps.")
        asks_duration = any(phrase in lowered for phrase in _DURATION_PHRASES)
        nutrient_named = _asked_nutrient(match, topics, named_only=True) or (
            topic_id in NUTRIENT_IDS or topic_id == "supplements")
        if asks_duration and nutrient_named and _TAKES_EFFECT.search(lowered):
            lines.append(_DEFICIENCY_TIME)
            sources.append(S000)
        elif topic_id == "relief" and asks_duration:
            lines.append(self._faq_answer("How long until relief?")
                         + " One cramp that hasn't eased after an hour needs a doctor the same day.")
        if topic_id == "circulation" and _WALK_THEN_REST.search(lowered):
            lines.append(_WALKING_PAIN)
            sources.append(S001)
        if topic_id == "vitamin_d" and _WHICH_VITAMIN.search(lowered):
            lines.append(_VITAMINS_ANSWER)
            sources += [S002, S001]
        compared = _compared_nutrients(match, topics, lowered)
        if compared:
            lines.append(self._comparison(compared))
        triage_level = screen(question).level
        if (topic_id != "red_flag" and not asks_duration and triage_level is None
                and any(phrase in lowered for phrase in _SERIOUS_PHRASES)):
            lines.append(_SERIOUS_ANSWER + " " + self._topics["red_flag"]["lead"])
        if match.score("prevention_foods") >= _FOOD_INTENT:
            nutrient = topic_id if topic_id in NUTRIENT_IDS else _asked_nutrient(match, topics, named_only=True)
            foods = self.foods_for(nutrient) if nutrient else []
            if vegan and foods:
                foods = _plant_foods(foods) or ["fortified cereals"]
            if nutrient and foods:
                lines.append(f"Foods for {_nutrient_name(self._topics[nutrient]['title'])}: {', '.join(foods)}.")
        if topic_id in ("circulation", "stretching", "exercise", "dehydration") and _STANDING.search(lowered):
            lines.append(_STANDING_LINE)
            sources.append(S003)
        if _CHEMO.search(lowered):
            lines.append(_CHEMO_LINE)
        if (topic_id not in ("relief", "red_flag", "prevention_foods") and match.score("relief") >= _RELIEF_INTENT
                and not asks_duration and not diuretics and not match.uncovered):
            # "...what do I do?" asked about a cause: say what to do first, then why.
            lines.append("Right now: " + self._topics["relief"]["lead"])
        if topic_id == "relief" and _asks_why(lowered):
            # A why-question gets the why first; the steps follow as "During a cramp".
            cause = next((t for t in topics[1:] if t not in ("relief", "stretching", "red_flag")), "overview")
            lines.insert(0, self._topics[cause]["lead"])
        if _WATER_AMOUNT.search(lowered):
            lines.insert(0, _WATER_AMOUNT_LINE)
            sources.append(S003)
        if topic_id in ("supplements", "vitamin_d") and "vitamin_d" in topics[:2] and _TOO_MUCH.search(lowered):
            lines.insert(0, _VITAMIN_D_EXCESS)
            sources.append(S000)
        if _FOOTWEAR.search(lowered):
            lines.append(_FOOTWEAR_LINE)
            sources.append(S003)
        if _CALCIUM_MAGNESIUM_PAIR.search(lowered) and "relax" in lowered and "contract" in lowered:
            lines.insert(0, _PAIR_LINE)
            sources.append(S004)
        if _STILL_BANANAS.search(lowered):
            lines.insert(0, _NOT_ONLY_POTASSIUM)
            sources += [S001, S002]
        if _BURNING.search(lowered):
            lines.insert(0, _BURNING_LINE)
            sources.append(S002)
        return " ".join(lines), sources

    def _faq_answer(self, question: str) -> str:
        return next((faq["a"] for faq in self._data["faqs"] if faq["q"] == question), "")

    def _comparison(self, nutrients: Sequence[str]) -> str:
        """Each named nutrient's own lead, so neither is silently dropped; a blood test tells which is low."""
        parts = [f"{self._topics[n]['title']}: {self._topics[n]['lead']}" for n in nutrients]
        return ("You asked about " + " and ".join(_nutrient_name(self._topics[n]["title"]) for n in nutrients)
                + ": both can matter, and only a blood test shows which one you are low in. " + " ".join(parts))

    def _followups(self, topic_id: str) -> list[str]:
        if topic_id in FOLLOWUPS_BY_TOPIC:
            return list(FOLLOWUPS_BY_TOPIC[topic_id])
        return list(_NUTRIENT_FOLLOWUPS)

    def _place_note(self, topic_id: str, places: list[str]) -> str:
        if topic_id != "overview" or not places:
            return ""
        location_id = {"thigh": "leg"}.get(places[0], places[0])
        location = self._locations.get(location_id)
        return location["text"] if location else ""

    def _relief_lines(self, topic_id: str, places: list[str], uncovered: Sequence[str] = ()) -> list[str]:
        """For a relief answer: the immediate step (shown as the heading), then the next steps."""
        if topic_id != "relief":
            return []
        if _body_uncovered(uncovered):
            # Hand or jaw cramps: the general steps for any muscle, not the calf stretch.
            return [_GENERAL_RELIEF_LEAD] + [step.text for step in self.relief_steps("other")[1:]]
        place = next((_PLACE_FOR_RELIEF[p] for p in places if p in _PLACE_FOR_RELIEF), "calf")
        steps = [step.text for step in self.relief_steps(place)]
        if place == "calf":
            steps[0] = _RELIEF_STEP_ONE
        return steps

def _for_child(section: str) -> str:
    """A parent asking about a child: their child's doctor, not "your doctor"."""
    return section.replace("your doctor", "your child's doctor").replace("Your doctor", "Your child's doctor")


def _small_talk_reply(question: str, match: MatchResult, triage: Triage) -> str:
    """A friendly one-liner for greetings, thanks, emoji or gibberish; "" for a real question."""
    if triage.level is not None:
        return ""
    words = tokenize(question)
    if not words:
        return _SMALL_TALK_HELLO  # emoji or punctuation only
    if set(words) <= _SMALL_TALK_WORDS:
        return _SMALL_TALK_THANKS if set(words) & _THANKS_WORDS else _SMALL_TALK_HELLO
    nothing_matched = not (match.scores or match.cramp_score or match.places or match.out_of_scope_score
                           or match.uncovered or match.cramp_site_score or match.drugs)
    if nothing_matched and len(words) <= 2 and not any(w in COMMON_WORDS for w in words):
        return _SMALL_TALK_UNSURE
    return ""


def _cramp_now(question: str, lowered: str, match: MatchResult, topics: Sequence[str]) -> bool:
    """Someone typing about a cramp they have now: a bare place ("foot arch cramp"), "help", "!!", caps."""
    if match.cramp_score <= 0 and not match.places:
        return False
    if topics and topics[0] == "relief":
        return True
    named = any(match.score(t) >= _NAMED for t in topics if t != "relief")
    words = lowered.split()
    calls_for_help = bool(words) and (words[-1] in _NOW_WORDS or words[-2:] in (["help", "me"], ["help", "please"])
                                      or any(words[-len(tail):] == tail for tail in _TRAILING_HELP))
    # Caps alone is how some people type; it means "now" only without a question ("WHAT AM I MISSING").
    shouting = question.isupper() and len(words) >= 2 and not (_QUESTION_WORDS & set(words)) and not match.general_score
    urgent_typing = "!!" in question or shouting or calls_for_help
    bare = (len(words) <= _BARE_WORDS_MAX and not (_QUESTION_WORDS & set(words))
            and not any(score > 0 for topic, score in match.scores.items() if topic != "relief"))
    return not named and (urgent_typing or bare)


def _non_medical(match: MatchResult, lowered: str) -> bool:
    """Recipes, wifi, taxes, writing help: an off-topic request with no cramp, body place or named nutrient,
    whatever job or place it mentions ("a cover letter for a warehouse job")."""
    if match.out_of_scope_score < _NAMED or match.cramp_score > 0 or match.places or match.limb_named:
        return False
    named = [t for t in (*NUTRIENT_IDS, "dehydration", "medications", "pregnancy") if match.score(t) >= _NAMED]
    return not named


def _help_without_cramp(match: MatchResult, topics: Sequence[str], lowered: str) -> bool:
    """"Can you help me with my taxes": help words alone, with no cramp, muscle, place or topic word."""
    if match.cramp_score > 0 or match.places or match.limb_named or match.uncovered or not topics:
        return False
    if topics[0] != "relief" or any(match.score(t) > 0 for t in topics[1:]):
        return False
    return bool(_HELP_ONLY_WORDS & set(lowered.split()))


def _sleep_or_mood_only(match: MatchResult, topics: Sequence[str], lowered: str) -> bool:
    """"I get anxiety at night and can't sleep": sleep or mood with no cramp, muscle or nutrient named."""
    if match.cramp_score > 0 or match.places or match.uncovered or not topics:
        return False
    if topics[0] not in _SLEEP_MOOD_TOPICS:
        return False
    return not any(match.score(t) >= _NAMED for t in NUTRIENT_IDS) and "night_cramps" in topics


def _plant_line(line: str) -> str:
    """"Calcium and vitamin D: dairy, fortified foods, fatty fish, sensible sun." without the animal foods."""
    label, colon, items = line.partition(": ")
    if not colon:
        return line
    kept = [item for item in items.rstrip(".").split(", ") if not (_ANIMAL_FOOD_WORDS & set(tokenize(item)))]
    return f"{label}: {', '.join(kept)}." if kept else line


def _plant_foods(foods: Sequence[str]) -> list[str]:
    return [food for food in foods if not (_ANIMAL_FOOD_WORDS & set(tokenize(food)))]


def _asked_nutrient(match: MatchResult, ranked: Sequence[str], named_only: bool = False) -> str | None:
    """The nutrient the question is about: the best-ranked nutrient among the top three (named outright
    when `named_only`)."""
    for topic in ranked[:3]:
        if topic in NUTRIENT_IDS and (not named_only or match.score(topic) >= _NAMED):
            return topic
    return None


def _muscle_cramp_named(match: MatchResult, lowered: str) -> bool:
    """A cramp word together with a muscle or body word ("hamstring locked up", "stomach muscles cramp"): a person
    with a muscle cramp, whatever else the message rambles about (a car, a diet, hair loss, a move to Arizona).
    Animals and "no cramps" stay out."""
    if not match.cramp_named or not (match.limb_named or match.places):
        return False
    return not (_PET_WORDS & set(lowered.split())) and not _CRAMP_DENIED.search(lowered)


def _womb_or_belly_cramp(match: MatchResult, top_score: float) -> bool:
    """Period, womb or stomach cramps are out of scope, decided by where the cramp is: a limb, back or neck
    named as well ("calf cramps during my period") keeps the question in scope."""
    if match.cramp_site_score <= 0 or match.limb_named:
        return False
    return match.cramp_score > 0 or match.cramp_site_score > top_score


def _named_cause_before_timing(match: MatchResult, ranked: list[str]) -> list[str]:
    """Night cramps is a timing; a cause the person names with a strong hint goes first."""
    if not ranked or ranked[0] != "night_cramps":
        return ranked
    cause = next((t for t in ranked[1:] if t in _SPECIFIC_CAUSES and match.score(t) >= _SPECIFIC_CAUSE_SCORE), None)
    if cause is None:
        return ranked
    return [cause] + [t for t in ranked if t != cause]


def _compared_nutrients(match: MatchResult, topics: Sequence[str], lowered: str) -> list[str]:
    named = [t for t in topics if t in NUTRIENT_IDS and match.score(t) >= _NAMED]
    if len(named) < 2 or not (_COMPARE_WORDS & set(lowered.split())):
        return []
    return named[:2]


def _drug_line(drugs: Sequence[str]) -> str:
    """Honest about what the articles say: medicines in general, diuretics by name, nothing on the rest."""
    named = " or ".join("statins" if d in STATIN_WORDS or d.endswith("statin") else d for d in drugs[:2])
    return (f"My sources don't cover {named} specifically. They say some medicines affect "
            "electrolyte levels or list muscle cramps as a side effect. If cramps started or got worse on a "
            "medicine, ask the doctor or pharmacist who prescribed it; don't stop it on your own.")


def _body_uncovered(labels: Sequence[str]) -> bool:
    """A body part or condition the articles don't cover (hand, jaw), as opposed to a remedy."""
    return any(label not in UNCOVERED_REMEDIES for label in labels)


def _nutrient_name(title: str) -> str:
    """"Magnesium" -> "magnesium", "Vitamin D" stays, for use inside a sentence."""
    return title if title.startswith("Vitamin") else title.lower()


def _asks_why(lowered: str) -> bool:
    return bool(_WHY_WORDS & set(lowered.split())) or any(phrase in lowered for phrase in _WHY_PHRASES)


def _uncovered_line(labels: Sequence[str]) -> str:
    """Honest about what the articles don't cover, then hand over to the closest advice they do give."""
    named = " or ".join(labels[:2])
    if all(label in UNCOVERED_REMEDIES for label in labels):
        return f"My sources don't cover {named}, so I can't say whether it helps."
    return f"My sources cover leg, foot and back cramps, not {named} specifically, but the general steps work for any muscle."


def _step(step: Mapping[str, Any]) -> ReliefStep:
    return ReliefStep(id=step["id"], text=step["text"], hold_seconds=step["hold_seconds"],
                      sources=list(step["sources"]))


def _stamp(curated: Mapping[str, Any], raw: str) -> dict[str, str]:
    return {"version": str(curated["version"]), "sha256": hashlib.sha256(raw.encode("utf-8")).hexdigest()}


def _stored_stamp(path: Path) -> dict[str, str] | None:
    if not path.exists():
        return None
    try:
        db = TinyDB(path, access_mode="r")
    except (json.JSONDecodeError, OSError, ValueError):
        return None
    try:
        rows = db.table(_META_TABLE).all()
    except (json.JSONDecodeError, ValueError):
        rows = []
    finally:
        db.close()
    if not rows:
        return None
    return {"version": str(rows[0].get("version")), "sha256": str(rows[0].get("sha256"))}


def _rebuild_file(path: Path, curated: Mapping[str, Any], stamp: Mapping[str, str]) -> None:
    """Write to a temporary file and rename, so a reader never sees a half-written store."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=".knowledge-", suffix=".json", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    tmp.write_text("{}", encoding="utf-8")
    db = TinyDB(tmp)
    try:
        _fill(db, curated, stamp)
    finally:
        db.close()
    os.replace(tmp, path)


def _fill(db: TinyDB, curated: Mapping[str, Any], stamp: Mapping[str, str] | None = None) -> None:
    for section in _SECTIONS:
        db.table(section).insert({"value": curated[section]})
    db.table(_META_TABLE).insert(dict(stamp) if stamp else {"version": str(curated["version"])})


def _read_back(db: TinyDB) -> dict[str, Any]:
    data: dict[str, Any] = {"version": db.table(_META_TABLE).all()[0]["version"]}
    for section in _SECTIONS:
        rows = db.table(section).all()
        data[section] = rows[0]["value"]
    return data
