"""Triage rules are data (knowledge/data/triage.json); each rule's examples are tests, and so are the
context-only clot risks, other languages, and durations that describe something else."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from knowledge import KnowledgeBase
from knowledge.triage import rules, screen
from knowledge.understand import normalise


def _rules() -> Iterator[tuple[str, dict[str, Any]]]:
    data = rules().data
    for group in ("phrases", "combinations", "near"):
        for rule in data[group]:
            yield group, rule
    for language in rules().languages:
        for rule in language.data["rules"]:
            yield language.code, rule


def _combination_examples() -> Iterator[tuple[str, str, str, bool]]:
    """Each language's questions that must (or must not) fire a combination of data/triage.json."""
    for language in rules().languages:
        for key, fires in (("combination_examples", True), ("combination_not_examples", False)):
            for finding, questions in language.data.get(key, {}).items():
                for question in questions:
                    yield language.code, finding, question, fires


def test_every_rule_has_examples_and_a_safety_line() -> None:
    from knowledge.store import read_data

    reason_safety = read_data("topics.json")["reason_safety"]
    safety_ids = {s["id"] for s in read_data("safety.json")}
    for group, rule in _rules():
        assert rule.get("examples"), (group, rule["id"])
    for reason in reason_safety.values():
        assert reason in safety_ids


@pytest.mark.parametrize(("group", "rule"), list(_rules()), ids=lambda v: v if isinstance(v, str) else v["id"])
def test_rule_examples(group: str, rule: dict[str, Any]) -> None:
    for question in rule.get("examples", []):
        assert rule["id"] in screen(question, normalise(question)).reasons, question
    for question in rule.get("not_examples", []):
        assert rule["id"] not in screen(question, normalise(question)).reasons, question


@pytest.mark.parametrize(("lang", "finding", "question", "fires"), list(_combination_examples()))
def test_combinations_hold_in_every_language(lang: str, finding: str, question: str, fires: bool) -> None:
    assert (finding in screen(question, normalise(question)).reasons) is fires, (lang, question)


def test_every_language_names_only_known_signals_and_findings() -> None:
    data = rules().data
    findings = {r["id"] for group in ("phrases", "combinations", "near") for r in data[group]}
    for language in rules().languages:
        assert set(language.signals) <= set(data["signals"]), language.code
        assert {r.id for r in language.rules} <= findings | {"breathless"}, language.code
        assert set(language.data["combination_examples"]) <= findings, language.code


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    kb = KnowledgeBase.load(None)
    assert kb.wait_for_model(30)
    return kb


@pytest.mark.parametrize(
    "question",
    [
        "calf pain after a long flight",
        "my calf cramped on the plane and still hurts today",
        "calf cramp after surgery",
        "cramp in calf for three days, hurts to walk",
        "4 days after giving birth my calf aches",
    ],
)
def test_context_only_clot_risk_gets_the_clot_check_first_never_massage(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert answer.urgent and answer.level == "urgent"
    first = answer.text.split("\n")[0]
    assert "blood clot" in first and "see a doctor today" in first
    assert "massage the" not in answer.text.lower() and "relief" not in answer.more


@pytest.mark.parametrize(
    "question, lang",
    [
        ("me duele la pantorrilla, está hinchada, roja y caliente", "es"),
        ("Meine Wade ist geschwollen, rot und heiß", "de"),
        ("икра опухла, покраснела и горячая", "ru"),
        ("Meine Wade ist seit dem Flug dick und warm", "de"),
        ("mi pierna está muy hinchada desde ayer", "es"),
    ],
)
def test_urgent_in_other_languages_is_caught_and_answered_in_that_language(
    kb: KnowledgeBase, question: str, lang: str
) -> None:
    answer = kb.answer(question)
    assert answer.urgent and answer.lang == lang
    first = answer.text.split("\n")[0]
    assert first in {line.text for line in kb.composers[lang].store.all_safety()}
    assert first not in {line.text for line in kb.store.all_safety()}  # not the English line


@pytest.mark.parametrize(
    "question",
    [
        "tengo calambres en las piernas por la noche",
        "ich habe nachts Wadenkrämpfe",
        "у меня судороги в ногах ночью",
    ],
)
def test_ordinary_cramps_in_other_languages_are_not_alarms(kb: KnowledgeBase, question: str) -> None:
    assert not kb.answer(question).urgent


@pytest.mark.parametrize(
    "question",
    [
        "drank 6 litres of water today and now I have a pounding headache",
        "on lithium and I have cramps with shaking and diarrhoea",
    ],
)
def test_water_intoxication_and_lithium_are_urgent(kb: KnowledgeBase, question: str) -> None:
    assert kb.answer(question).urgent


@pytest.mark.parametrize(
    "question",
    [
        "my hand cramps after writing for 3 hours",
        "typing for 2 hours gives me finger cramps",
    ],
)
def test_durations_count_only_when_they_describe_the_cramp(question: str) -> None:
    assert "prolonged" not in screen(question, normalise(question)).reasons
