"""The fact store's records are the articles' own statements, and every line an answer shows is one of them.

Every fact quotes its article (the quote must occur in the seed file), names its article's title, and is
reachable from some answer; every sentence shown to a user is a fact record, a marked safety line or an
interface frame; no answer shows a file name, a dose, or potassium supplements without a doctor.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from knowledge import INTENTS, TOPIC_IDS, Answer, KnowledgeBase
from knowledge.store import read_data

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
DATA = Path(__file__).parent / "data"
KINDS = {
    "role",
    "mechanism",
    "symptoms",
    "foods",
    "risk",
    "trigger",
    "timing",
    "relief",
    "prevention",
    "doctor",
    "faq",
    "study",
    "supplement",
    "overview",
}
DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|g|iu|ui|ml|milligrams?|micrograms?)\b", re.I)
TAG = re.compile(r"</?[bi]>")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    # Composing does not depend on how topics were ranked: the fast path is enough here.
    return KnowledgeBase.load(None, use_model=False)


def test_every_fact_quotes_its_article_and_names_its_title(kb: KnowledgeBase) -> None:
    articles = {a["file"]: a for a in read_data("articles.json")}
    assert sorted(articles) == sorted(p.name for p in SEEDS.glob("*.txt"))
    for fact in read_data("facts.json"):
        seed = norm((SEEDS / fact["file"]).read_text(encoding="utf-8"))
        for quote in fact["quote"]:
            assert norm(quote) in seed, (fact["id"], quote)
        assert fact["kind"] in KINDS and set(fact["topics"]) <= set(TOPIC_IDS), fact["id"]
        assert kb.store.fact(fact["id"]).title == articles[fact["file"]]["short"]
        assert set(fact.get("animal", [])) <= set(fact.get("foods", []))


def test_every_article_is_used(kb: KnowledgeBase) -> None:
    used = {fact.file for fact in kb.store.all_facts()}
    assert used == {p.name for p in SEEDS.glob("*.txt")}


@pytest.mark.parametrize(
    "fact_id, needle",
    [
        ("c_study", "71%"),
        ("c_mg_evidence", "mixed"),
        ("c_k_diet", "rarely caused by diet alone"),
        ("c_b12_vegan", "more common than B1"),
        ("b_sodium", "hyponatremia"),
        ("e_day_night", "during the day"),
        ("a_faq_early", "Early signs"),
        ("e_d_neck", "neck and back pain"),
        ("a_no_k", "without consulting a doctor"),
    ],
)
def test_facts_the_old_engine_never_showed_are_records(kb: KnowledgeBase, fact_id: str, needle: str) -> None:
    assert needle in kb.store.fact(fact_id).text


def test_claims_the_articles_do_not_make_are_gone(kb: KnowledgeBase) -> None:
    facts = " ".join(f.text for f in kb.store.all_facts()).lower()
    for claim in ("spironolactone", "most often named", "burning", "laxative"):
        assert claim not in facts
    everything = " ".join(f.text for f in kb.store.all_facts() + kb.store.all_safety()).lower()
    assert "spironolactone can lower" not in everything and "such as spironolactone can" not in everything
    # Pregnancy is only ever general safety advice, never cited to an article.
    assert all("pregnan" not in f.text.lower() for f in kb.store.all_facts())


def test_safety_lines_cite_no_article(kb: KnowledgeBase) -> None:
    for line in kb.store.all_safety():
        assert line.is_safety and line.file is None and line.title is None


def _all_screens(kb: KnowledgeBase) -> list[Answer]:
    answers = []
    for topic in TOPIC_IDS:
        if topic == "out_of_scope":
            continue
        for intent in INTENTS:
            for profile in ({}, {"vegan": True, "pregnant": True, "water_pills": True, "kidney": True}):
                page = 0
                while True:
                    answer = kb.more(topic, intent, profile, page)
                    answers.append(answer)
                    if "next" not in answer.more:
                        break
                    page += 1
    return answers


def test_every_fact_is_reachable_from_some_screen(kb: KnowledgeBase) -> None:
    shown = {fact_id for answer in _all_screens(kb) for fact_id in answer.fact_ids}
    assert {f.id for f in kb.store.all_facts()} - shown == set()


def _questions() -> list[str]:
    questions = [
        case["q"]
        for path in sorted(DATA.glob("questions*.json"))
        for case in json.loads(path.read_text(encoding="utf-8"))
    ]
    safety = json.loads((DATA / "safety.json").read_text(encoding="utf-8"))
    return questions + [case["q"] for case in safety]


def assert_traceable(kb: KnowledgeBase, answer: Answer) -> None:
    """Each line is a fact's text, a safety line, a frame, the sources line or a foods frame of a fact's items."""
    facts = {f.text: f for f in kb.store.all_facts()}
    safety = {f.text for f in kb.store.all_safety()}
    frames = kb.composer.frames
    fixed = {
        frames[k] for k in ("disclaimer", "safety_label", "out_of_scope", "hello", "thanks", "unsure", "nothing_more")
    }
    fixed |= {frames["no_foods"].format(name=name) for name in kb.composer.names.values()}
    titles = set(kb.store.titles.values())
    shown_titles = {kb.store.fact(i).title for i in answer.fact_ids if i in {f.id for f in facts.values()}}
    for raw in answer.text.split("\n"):
        line = unescape(TAG.sub("", raw)).removeprefix("• ")
        if line in facts or line in safety or line in fixed:
            continue
        if line.startswith("Sources: "):
            named = line.removeprefix("Sources: ").split("; ")
            assert set(named) <= titles and set(named) == shown_titles, line
            assert answer.sources == named
            continue
        plant = re.fullmatch(r"Plant foods for (.+): (.+)\.", line)
        assert plant, f"not a record: {line!r}"
        items = plant.group(2).split(", ")
        assert any(set(items) <= set(f.foods) - set(f.animal) for f in facts.values()), line
    assert ".txt" not in answer.text
    assert not DOSE.search(answer.text), answer.text
    assert len(answer.text) <= 600, answer.text
    assert answer.text.count(frames["disclaimer"]) <= 1
    lowered = answer.text.lower()
    if "potassium supplement" in lowered:
        assert "doctor" in lowered


def test_every_screen_is_traceable_short_and_has_no_empty_buttons(kb: KnowledgeBase) -> None:
    for answer in _all_screens(kb):
        assert_traceable(kb, answer)
        for button in answer.more:
            if button in ("why", "foods", "symptoms"):
                target = kb.more(answer.topics[0], button)
                assert target.fact_ids, (answer.topics[0], button)


def test_every_labelled_question_gets_a_traceable_answer(kb: KnowledgeBase) -> None:
    for question in _questions():
        assert_traceable(kb, kb.answer(question, lang="en"))  # each language: test_knowledge_locales.py
