"""Typed time zones end to end (issue 14, item 1 and 4): any reasonable text at the zone prompt,
the top matches as buttons when unsure, and a zone that switches nothing on by itself."""

from __future__ import annotations

import pytest

from handlers.callbacks import REMINDER_SETTINGS, TIMEZONE, pack
from handlers.texts import timezone as timezone_texts
from tests.harness import BotHarness
from tests.test_reminders_e2e import doc_of


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("München", "Europe/Berlin"),  # German
        ("Sevilla", "Europe/Madrid"),  # Spanish
        ("Мюнхен", "Europe/Berlin"),  # Russian
        ("Lisbon, Portugal", "Europe/Lisbon"),  # English, with the country
        ("EST", "America/New_York"),
        ("NYC", "America/New_York"),
    ],
)
async def test_a_typed_place_at_the_prompt_sets_the_zone_and_offers_reminders(
    bot: BotHarness, typed: str, zone: str
) -> None:
    await bot.start()
    offer = await bot.say(typed, replies=2)
    assert doc_of(bot)["tz"] == zone
    assert offer.html is not None and "Recommended reminders" in offer.html
    assert pack(REMINDER_SETTINGS, "on", 1) in offer.callback_data
    assert "reminders" not in doc_of(bot)  # nothing on until the tap


async def test_an_ambiguous_abbreviation_asks_with_buttons_and_a_tap_sets_it(bot: BotHarness) -> None:
    await bot.start()
    question = await bot.say("PST")
    assert question.html == timezone_texts.ZONE_OPTIONS_PROMPT and "tz" not in doc_of(bot)
    assert question.callback_data[:2] == [
        pack(TIMEZONE, "set", "America/Los_Angeles"),
        pack(TIMEZONE, "set", "Asia/Manila"),
    ]
    offer = await bot.tap_and_wait(question, pack(TIMEZONE, "set", "America/Los_Angeles"))
    assert doc_of(bot)["tz"] == "America/Los_Angeles"
    assert offer.html is not None and "Recommended reminders" in offer.html


async def test_a_country_with_several_zones_offers_its_top_three(bot: BotHarness) -> None:
    await bot.start()
    question = await bot.say("/timezone Россия")
    assert question.callback_data[:3] == [
        pack(TIMEZONE, "set", "Europe/Moscow"),
        pack(TIMEZONE, "set", "Asia/Yekaterinburg"),
        pack(TIMEZONE, "set", "Europe/Samara"),
    ]
    assert "Moscow, RU · Europe/Moscow" in question.button_texts
    # Still asked: typing a city instead works as well.
    await bot.say("Новосибирск", replies=2)
    assert doc_of(bot)["tz"] == "Asia/Novosibirsk"


async def test_a_question_at_the_zone_prompt_still_gets_an_answer(bot: BotHarness) -> None:
    await bot.start()
    reply = await bot.say("why do my calves cramp at night?")
    assert "tz" not in doc_of(bot)
    assert (
        reply.html is not None
        and timezone_texts.ZONE_OPTIONS_PROMPT not in reply.html
        and timezone_texts.TIMEZONE_NOT_FOUND not in reply.html
    )
