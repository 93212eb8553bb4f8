"""The diary's handlers, fast: the real Application over a recording request (tests/unit.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.clock import FakeClock
from core.settings import Settings
from diary import entries as log
from handlers.diary.buttons import data
from handlers.texts import diary as diary_texts
from knowledge import KnowledgeBase
from tests.harness import TOKEN
from tests.unit import UnitBot, unit_bot

USER = 7001


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return KnowledgeBase.load(None, use_model=False)


@pytest.fixture
async def bot(tmp_path: Path, knowledge: KnowledgeBase) -> AsyncIterator[UnitBot]:
    settings = Settings(
        bot_token=TOKEN, bot_api_url="http://unused.invalid/bot", data_dir=tmp_path / "data", default_tz="Europe/Berlin"
    )
    clock = FakeClock(datetime(2026, 1, 14, 10, 0, tzinfo=UTC))
    async with unit_bot(settings, knowledge, clock) as unit:
        yield unit


async def test_the_first_screen_fits_a_phone_and_every_button_fits_telegram(bot: UnitBot) -> None:
    (sent,) = [call for call in await bot.say("/diary") if call.method == "sendMessage"]
    assert sent.text is not None and len(sent.text) < 400 and sent.text.count("\n") <= 6
    buttons = sent.buttons()
    assert [label for label, _ in buttons[:4]] == [
        diary_texts.DIARY_PLACES[p] for p in ("calf", "foot", "thigh", "other")
    ]
    assert all(len(callback.encode()) <= 64 for _, callback in buttons)
    assert len(buttons) <= 10


async def test_a_logged_cramp_is_one_store_write(bot: UnitBot) -> None:
    writes: list[int] = []
    bot.services.store.add_listener(lambda user_id, doc: writes.append(user_id))
    bot.services.store.ensure_user(USER, USER, bot.clock.now())
    writes.clear()
    await bot.tap(data("n", "abcdef", "calf", "now"))
    assert writes == [USER]  # one durable append
    assert [entry["id"] for entry in (bot.services.store.get(USER) or {})[log.STORE_KEY]] == ["abcdef"]
