"""The out-of-scope decision (knowledge/scope.py, data/scope.json): calibrated, cheap when it can be."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from knowledge import KnowledgeBase
from knowledge.scope import ScopeModel, neighbour_evidence
from knowledge.store import read_data
from knowledge.understand import EMBED_TOKENS, within_budget


@pytest.fixture(scope="module")
def kb() -> Iterator[KnowledgeBase]:
    kb = KnowledgeBase.load(None)
    assert kb.wait_for_model(30.0)
    yield kb


def test_the_shipped_decision_was_chosen_leave_one_set_out_within_the_refusal_budget() -> None:
    data = read_data("scope.json")
    loso = data["leave_one_set_out"]
    for model in ("cheap", "full"):
        assert loso[model]["threshold"] == data["thresholds"][model]
        assert loso[model]["in_scope_refused"] <= 0.01
    # The cascade loses nothing against embedding every question.
    assert loso["cascade"]["out_of_scope_recognised"] == loso["full"]["out_of_scope_recognised"]


@pytest.mark.parametrize(
    "question",
    [
        "what is the capital of france",
        "my wifi keeps dropping, how do I fix the router",
        "easy recipe for banana bread",
        "Wie koche ich eine gute Kartoffelsuppe?",
    ],
)
def test_other_subjects_are_out_of_scope(kb: KnowledgeBase, question: str) -> None:
    assert kb.rank(question)[0] == "out_of_scope"


@pytest.mark.parametrize(
    "question",
    [
        "why do my calves cramp at night",
        "which foods have magnesium",
        "my hamstring seized up during football, what do I do",
        "¿qué alimentos ayudan a prevenir los calambres?",
    ],
)
def test_cramp_questions_stay_in_scope(kb: KnowledgeBase, question: str) -> None:
    assert "out_of_scope" not in kb.rank(question)


def test_a_plain_cramp_question_in_english_never_runs_the_model(kb: KnowledgeBase) -> None:
    calls: list[str] = []
    saved = kb.ranker.embed
    assert saved is not None
    kb.ranker.embed = lambda text: calls.append(text) or saved(text)
    try:
        reading = kb.read("leg cramps at night, which mineral am I missing?")
        kb.read("how do I reset my iphone")
    finally:
        kb.ranker.embed = saved
    assert reading.scope.model == "cheap" and not reading.scope.out
    assert calls == ["how do I reset my iphone"]  # in doubt, the model is asked


def test_neighbour_evidence_weighs_the_nearest_examples_and_skips_left_out_ones() -> None:
    flags = [True, False, False, True]
    sims: list[tuple[float, int]] = [(0.9, 0), (0.5, 1), (0.3, 2), (0.95, 3)]
    evidence = neighbour_evidence("x", sims, flags, frozenset({3}))
    assert evidence["x_share"] == pytest.approx(0.9 / 1.7)
    assert evidence["x_in"] == 0.5 and evidence["x_oos"] == 0.9


def test_probability_follows_the_weights() -> None:
    data: dict[str, Any] = {
        "models": {"m": {"a": 2.0, "bias": -1.0}},
        "thresholds": {"m": 0.5},
        "embed_from": 0.1,
    }
    model = ScopeModel(data)
    assert model.verdict("m", {"a": 1.0}).out is True  # z = 1
    assert model.verdict("m", {"a": 0.0}).out is False  # z = -1
    assert model.needs_model(model.verdict("m", {"a": 0.0}))  # p = 0.27 is doubt


def test_a_long_post_is_cut_to_the_token_budget_keeping_its_question() -> None:
    def count(text: str) -> int:
        return len(text.split())

    post = "I run a lot. My calf cramps at night. I drink water. Is it magnesium? Thanks all."
    assert within_budget("short question?", count, 5) == "short question?"
    cut = within_budget(post, count, 8)
    assert "Is it magnesium?" in cut and count(cut) <= 8
    assert cut.startswith("I run a lot.")  # what fits besides the question comes from the start, in order
    assert count(within_budget("one very long sentence without any end at all", count, 4)) <= 4


def test_the_model_reads_at_most_the_budget(kb: KnowledgeBase) -> None:
    read: list[str] = []
    saved = kb.ranker.embed
    assert saved is not None
    kb.ranker.embed = lambda text: read.append(text) or saved(text)
    post = " ".join(["Me duelen las piernas cuando camino mucho por la ciudad."] * 8) + " ¿Qué puedo hacer?"
    try:
        kb.answer(post)
    finally:
        kb.ranker.embed = saved
    assert read and all(kb.embedder.token_count(text) <= EMBED_TOKENS for text in read)
    assert all("¿Qué puedo hacer?" in text for text in read)
