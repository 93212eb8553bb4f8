"""The knowledge in every language (locales/<lang>/knowledge.json): complete, adding no fact, no dose,
the potassium rule and one disclaimer, every line traceable to a record, screens within Telegram's limits.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from html import unescape

import pytest

from knowledge import INTENTS, Answer, KnowledgeBase
from knowledge.cli import run_ask
from knowledge.compose import Composer
from knowledge.locale import LOCALES_DIR, knowledge_languages, read_locale, shown_title
from knowledge.store import read_data
from tests.test_knowledge_trace import _all_screens, _questions

LANGS = ("es", "de", "ru")
TAG = re.compile(r"</?[bi]>")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# A dose in any of the languages: a number with a unit (mg, µg, IU and their es/de/ru forms).
DOSE = re.compile(
    r"\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|g|iu|ui|ie|ml|milligrams?|micrograms?|units?|unidades|einheiten"
    r"|мг|мкг|г|мл|ме|ед)\b",
    re.I,
)
# Nutrients a record may name, each as written in every language (a word's start; compounds count).
NUTRIENTS: dict[str, dict[str, str]] = {
    "magnesium": {"en": r"\bmagnesium", "es": r"\bmagnesio", "de": r"\bmagnesium", "ru": r"\bмагни"},
    "potassium": {"en": r"\bpotassium", "es": r"\bpotasio", "de": r"\bkalium", "ru": r"\bкали[йяею]"},
    "calcium": {"en": r"\bcalcium", "es": r"\bcalcio", "de": r"\b(?:kalzium|calcium)", "ru": r"\bкальци"},
    "vitamin_d": {
        "en": r"\bvitamin d\b",
        "es": r"\bvitamina d\b",
        "de": r"\bvitamin[- ]d\b",
        "ru": r"\bвитамин\w* d\b",
    },
    "b12": {"en": r"\bb12\b", "es": r"\bb12\b", "de": r"\bb12\b", "ru": r"\bb12\b"},
    "b1": {"en": r"\bb1\b", "es": r"\bb1\b", "de": r"\bb1\b", "ru": r"\bb1\b"},
    "thiamine": {"en": r"\bthiamine", "es": r"\btiamina", "de": r"\bthiamin", "ru": r"\bтиамин"},
    "iron": {"en": r"\biron\b", "es": r"\bhierro", "de": r"\beisen", "ru": r"(?<!щитовидной )\bжелез"},
    "choline": {"en": r"\bcholine", "es": r"\bcolina", "de": r"\bcholin", "ru": r"\bхолин"},
    "acetylcholine": {"en": r"acetylcholine", "es": r"acetilcolina", "de": r"acetylcholin", "ru": r"ацетилхолин"},
    "sodium": {"en": r"\bsodium", "es": r"\bsodio", "de": r"\bnatrium", "ru": r"\bнатри"},
}
# "Potassium supplement" and "doctor" in each language: the one must never come without the other.
POTASSIUM_SUPPLEMENT = {
    "es": r"suplementos? de potasio",
    "de": r"kalium(?:präparat|ergänzung|tablette)",
    "ru": r"(?:добавк\w*|препарат\w*) калия",
}
DOCTOR = {"es": r"médic", "de": r"ärzt|arzt", "ru": r"врач"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(None, use_model=False)


def english_food_items() -> set[str]:
    return {item for fact in read_data("facts.json") for item in fact.get("foods", [])}


def test_a_language_is_a_folder() -> None:
    assert set(knowledge_languages()) >= {"en", *LANGS}
    assert knowledge_languages()[0] == "en"
    assert all((LOCALES_DIR / lang / "knowledge.json").is_file() for lang in LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_record_title_topic_and_phrase_is_translated_and_none_is_stale(lang: str) -> None:
    locale = read_locale(lang)
    assert set(locale.facts) == {f["id"] for f in read_data("facts.json")}
    assert set(locale.safety) == {s["id"] for s in read_data("safety.json")}
    assert set(locale.titles) == {a["file"] for a in read_data("articles.json")}
    assert set(locale.topics) == set(read_data("topics.json")["names"])
    assert set(locale.foods) == english_food_items()
    frames = {k: v for k, v in read_data("frames.json").items() if not k.startswith("_")}
    assert set(locale.phrases) - {"emergency_numbers"} == set(frames)
    for key, english in frames.items():  # the same blanks to fill, so no phrase loses or gains a slot
        assert re.findall(r"{\w+}", locale.phrases[key]) == re.findall(r"{\w+}", english), (lang, key)
    texts = [*locale.facts.values(), *locale.safety.values(), *locale.titles.values(), *locale.phrases.values()]
    assert all(text.strip() for text in texts)


@pytest.mark.parametrize("lang", LANGS)
def test_translation_adds_no_fact(lang: str) -> None:
    """Each translated record has the English record's numbers and names the same nutrients."""
    locale = read_locale(lang)
    records = [(f["id"], f["text"], locale.facts[f["id"]]) for f in read_data("facts.json")]
    records += [(s["id"], s["text"], locale.safety[s["id"]]) for s in read_data("safety.json")]
    for record_id, english, translated in records:
        assert Counter(NUMBER.findall(translated)) == Counter(NUMBER.findall(english)), (lang, record_id)
        assert translated.count("%") == english.count("%"), (lang, record_id)
        for nutrient, words in NUTRIENTS.items():
            said = bool(re.search(words["en"], english, re.I))
            assert bool(re.search(words[lang], translated, re.I)) == said, (lang, record_id, nutrient)


@pytest.mark.parametrize("lang", LANGS)
def test_no_dose_and_no_potassium_supplement_without_a_doctor_in_any_record(lang: str) -> None:
    locale = read_locale(lang)
    for text in [*locale.facts.values(), *locale.safety.values(), *locale.phrases.values()]:
        assert not DOSE.search(text), (lang, text)
        if re.search(POTASSIUM_SUPPLEMENT[lang], text, re.I):
            assert re.search(DOCTOR[lang], text, re.I), (lang, text)
    # The rule's own record says it in every language.
    assert re.search(POTASSIUM_SUPPLEMENT[lang], locale.facts["a_no_k"], re.I)


def test_the_checks_catch_what_they_guard() -> None:
    """The patterns above find a dose, an added number and a missing nutrient when there is one."""
    assert DOSE.search("toma 300 mg al día") and DOSE.search("400 IE täglich") and DOSE.search("по 200 мг")
    assert Counter(NUMBER.findall("71 % en 2015")) != Counter(NUMBER.findall("71% in 2014"))
    assert not re.search(NUTRIENTS["potassium"]["ru"], "гипокалиемия и кальций")
    assert not re.search(NUTRIENTS["iron"]["de"], "nach langen Reisen")


def traceable_lines(composer: Composer) -> tuple[set[str], set[str]]:
    """(every record or frame line a screen may show, the titles its sources line may name)."""
    store = composer.store
    frames = composer.frames
    fixed = {frames[k] for k in ("disclaimer", "safety_label", "out_of_scope", "hello", "thanks", "unsure")}
    fixed |= {frames["nothing_more"], frames.get("emergency_numbers", "")}
    fixed |= {frames["no_foods"].format(name=name) for name in composer.names.values()}
    lines = {f.text for f in store.all_facts()} | {f.text for f in store.all_safety()} | fixed
    return lines, set(store.titles.values())


def assert_traceable_in(kb: KnowledgeBase, lang: str, answer: Answer) -> None:
    composer = kb.composers[lang]
    lines, titles = traceable_lines(composer)
    frames = composer.frames
    sources_prefix = frames["sources"].format(titles="")
    plant = re.compile(re.escape(frames["plant_foods"]).replace(r"\{name\}", "(.+)").replace(r"\{items\}", "(.+)"))
    plants = {f.id: set(f.foods) - set(f.animal) for f in composer.store.all_facts()}
    assert answer.lang == lang
    for raw in answer.text.split("\n"):
        line = unescape(TAG.sub("", raw)).removeprefix("• ")
        if line in lines:
            continue
        if line.startswith(sources_prefix):
            named = line.removeprefix(sources_prefix).split("; ")
            assert set(named) <= titles and answer.sources == named, line
            continue
        match = plant.fullmatch(line)
        assert match, f"not a record in {lang}: {line!r}"
        assert any(set(match.group(2).split(", ")) <= items for items in plants.values()), line
    assert ".txt" not in answer.text and not DOSE.search(answer.text)
    assert len(answer.text) <= 600, answer.text
    assert answer.text.count(frames["disclaimer"]) <= 1
    if re.search(POTASSIUM_SUPPLEMENT[lang], answer.text, re.I):
        assert re.search(DOCTOR[lang], answer.text, re.I)


@pytest.mark.parametrize("lang", LANGS)
def test_every_screen_in_every_language_is_traceable_short_and_has_one_disclaimer(kb: KnowledgeBase, lang: str) -> None:
    english = _all_screens(kb)
    disclaimer = kb.composers[lang].frames["disclaimer"]
    for source in english:
        answer = kb.more(source.topics[0], source.intent, page=source.page, lang=lang)
        assert_traceable_in(kb, lang, answer)
        assert answer.text.count(disclaimer) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_every_fact_is_reachable_in_every_language(kb: KnowledgeBase, lang: str) -> None:
    shown: set[str] = set()
    for topic in {a.topics[0] for a in _all_screens(kb)}:
        for intent in INTENTS:
            page = 0
            while True:
                answer = kb.more(topic, intent, {}, page, lang=lang)
                shown |= set(answer.fact_ids)
                if "next" not in answer.more:
                    break
                page += 1
    assert {f.id for f in kb.store.all_facts()} - shown == set()


@pytest.mark.parametrize("lang", LANGS)
def test_every_labelled_question_answered_in_each_language_is_traceable(kb: KnowledgeBase, lang: str) -> None:
    for question in _questions():
        answer = kb.answer(question, lang=lang)
        assert_traceable_in(kb, lang, answer)
        assert len(answer.text) <= 4096


def test_the_question_s_language_is_the_default_and_an_unknown_one_is_english(kb: KnowledgeBase) -> None:
    spanish = kb.answer("tengo calambres en las piernas por la noche, me falta magnesio?")
    assert spanish.lang == "es" and read_locale("es").phrases["disclaimer"] in spanish.text
    assert kb.answer("leg cramps at night", lang="de").lang == "de"
    assert kb.answer("leg cramps at night", lang="fr").lang == "en"
    assert kb.more("magnesium", "foods", lang="xx").lang == "en"


@pytest.mark.parametrize("lang, numbers", [("es", "112"), ("de", "112"), ("ru", "103")])
def test_urgent_answers_say_the_emergency_number_in_that_language(kb: KnowledgeBase, lang: str, numbers: str) -> None:
    answer = kb.answer("my calf is swollen, red and hot", lang=lang)
    assert answer.urgent and answer.lang == lang
    assert read_locale(lang).phrases["emergency_numbers"] in answer.text and numbers in answer.text
    assert answer.text.split("\n")[0] == read_locale(lang).safety["clot"]
    assert_traceable_in(kb, lang, answer)


def test_titles_are_shown_translated_with_the_original_in_brackets(kb: KnowledgeBase) -> None:
    answer = kb.more("vitamin_d", "study", lang="es")
    assert "Vitamin D and the B-Family" in answer.sources[0] and answer.sources[0].startswith("La vitamina D")
    assert shown_title("Same", "Same") == "Same"


def test_ask_takes_lang_and_says_which(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(KnowledgeBase, "wait_for_model", lambda self, timeout=None: True)
    out = io.StringIO()
    assert run_ask(["--json", "--lang", "ru", "leg cramps at night"], io.StringIO(), out) == 0
    payload = json.loads(out.getvalue())
    assert payload["lang"] == "ru" and read_locale("ru").phrases["disclaimer"] in payload["text"]
    out = io.StringIO()
    assert run_ask(["--json", "--lang=de"], io.StringIO("leg cramps at night\n"), out) == 0
    assert json.loads(out.getvalue())["lang"] == "de"
    assert run_ask(["--json", "--lang"], io.StringIO(), io.StringIO()) == 2
