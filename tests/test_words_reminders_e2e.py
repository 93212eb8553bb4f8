"""Reminder wishes in plain words and typed times at the pickers, end to end (issue 14, items 2, 3)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.callbacks import REMINDER_SETTINGS, pack
from handlers.reminder_pickers import TIME_CHOICES
from handlers.reminder_words import read_wish
from handlers.texts import wishes as wishes_texts
from standin import SentMessage
from tests.harness import BotHarness
from tests.test_reminders_e2e import doc_of, fire_at, subscribe

UTC = UTC
UNDO = wishes_texts.UNDO_BUTTON


def undo_of(message: SentMessage) -> str:
    return next(data for row in message.buttons for text, data in row if text == UNDO and data is not None)


@pytest.mark.parametrize(
    ("typed", "check", "line"),
    [
        ("stop the water reminders", lambda d: d["reminders"]["hydration"]["on"] is False, "💧 Water: off."),
        ("no more food tips", lambda d: d["reminders"]["food"]["on"] is False, "🥦 Food idea: off."),
        (
            "remind me to stretch at 9:30pm",
            lambda d: d["reminders"]["stretch"] == {"on": True, "time": "21:30"},
            "at 9:30 pm every day",
        ),
        (
            "water every 2 hours from 8 to 20",
            lambda d: d["reminders"]["hydration"] == {"on": True, "start": "08:00", "end": "20:00", "every_h": 2},
            "💧 Water: on — 08:00–20:00, every 2 h.",
        ),
        ("pause reminders for a week", lambda d: d["pause_until"].startswith("2026-06-08"), "⏸ Reminders paused until"),
    ],
)
async def test_a_wish_is_confirmed_in_one_line_and_undo_puts_it_back(
    bot: BotHarness, typed: str, check: object, line: str
) -> None:
    subscribe(bot, bot.USER_ID, "UTC")
    bot.clock.set(datetime(2026, 6, 1, 10, 0, tzinfo=UTC))
    before = {key: doc_of(bot).get(key) for key in ("reminders", "pause_until", "snoozes")}
    reply = await bot.say(typed)
    assert reply.html is not None and line in reply.html and "\n" not in reply.html  # one line
    assert check(doc_of(bot))  # type: ignore[operator]
    undone = await bot.tap_and_wait(reply, undo_of(reply))
    assert undone.message_id == reply.message_id and undone.html == wishes_texts.UNDONE
    assert {key: doc_of(bot).get(key) for key in ("reminders", "pause_until", "snoozes")} == before
    assert UNDO not in undone.button_texts and "reminder_undo" not in doc_of(bot)  # one Undo, once


async def test_snooze_answers_the_latest_reminder(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "UTC", food={"on": False}, stretch={"on": False})
    await fire_at(bot, datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
    bot.clock.set(datetime(2026, 6, 1, 9, 5, tzinfo=UTC))
    reply = await bot.say("snooze")
    assert reply.html == wishes_texts.wish_snoozed("hydration", "09:35")
    assert doc_of(bot)["snoozes"][0]["kind"] == "hydration"


async def test_a_first_wish_turns_on_only_what_it_names_and_asks_the_zone(bot: BotHarness) -> None:
    await bot.start()
    await bot.say("remind me to stretch at 22:15", replies=2)
    confirmation, zone_question = bot.api.sent(bot.USER_ID)[-2:]
    assert confirmation.html == wishes_texts.wish_time("stretch", "22:15")
    assert {kind: cfg["on"] for kind, cfg in doc_of(bot)["reminders"].items()} == {
        "hydration": False,
        "stretch": True,
        "food": False,
        "weekly": False,
    }
    assert zone_question.html is not None and "time zone" in zone_question.html


@pytest.mark.parametrize(
    "question",
    ["should I stop drinking water?", "why do I cramp when I drink water?", "does stretching help with night cramps?"],
)
async def test_a_question_about_cramps_still_gets_an_answer(bot: BotHarness, question: str) -> None:
    subscribe(bot, bot.USER_ID, "UTC")
    assert read_wish(question) is None
    reply = await bot.say(question)
    assert reply.html is not None and UNDO not in reply.button_texts
    assert doc_of(bot)["reminders"]["hydration"]["on"] is True


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("22:15", "22:15", "22:15"),
        ("10:15pm", "22:15", "10:15 pm"),
        ("9.30", "09:30", "09:30"),
        ("21h", "21:00", "21:00"),
    ],
)
async def test_a_time_typed_at_the_stretch_picker_is_set_and_confirmed_in_that_format(
    bot: BotHarness, typed: str, stored: str, shown: str
) -> None:
    subscribe(bot, bot.USER_ID, "UTC")
    overview = await bot.say("/reminders")
    picker = await bot.tap_and_wait(overview, pack(REMINDER_SETTINGS, "p", "stretch"))
    assert picker.html is not None and "type one" in picker.html
    reply = await bot.say(typed)
    assert doc_of(bot)["reminders"]["stretch"]["time"] == stored
    assert reply.html is not None and reply.html.startswith(wishes_texts.time_set("stretch", shown))


async def test_times_typed_at_the_food_window_and_quiet_pickers(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "UTC")
    overview = await bot.say("/reminders")
    await bot.tap_and_wait(overview, pack(REMINDER_SETTINGS, "p", "food"))
    await bot.say("1:15pm")
    assert doc_of(bot)["reminders"]["food"]["time"] == "13:15"
    overview = await bot.say("/reminders")
    await bot.tap_and_wait(overview, pack(REMINDER_SETTINGS, "w"))
    await bot.say("7-19")
    assert (doc_of(bot)["reminders"]["hydration"]["start"], doc_of(bot)["reminders"]["hydration"]["end"]) == (
        "07:00",
        "19:00",
    )
    overview = await bot.say("/reminders")
    await bot.tap_and_wait(overview, pack(REMINDER_SETTINGS, "q"))
    reply = await bot.say("22:30-6:30")
    assert doc_of(bot)["quiet"] == {"start": "22:30", "end": "06:30"}
    assert reply.html is not None and reply.html.startswith(wishes_texts.quiet_set("22:30–06:30"))


async def test_pickers_offer_a_finer_grid(bot: BotHarness) -> None:
    assert "22:15" in TIME_CHOICES["stretch"] and "22:45" in TIME_CHOICES["stretch"]
    assert "07:30" in TIME_CHOICES["food"]
    subscribe(bot, bot.USER_ID, "UTC")
    overview = await bot.say("/reminders")
    picker = await bot.tap_and_wait(overview, pack(REMINDER_SETTINGS, "p", "stretch"))
    chosen = await bot.tap_and_wait(picker, pack(REMINDER_SETTINGS, "s", "stretch", "2215"))
    assert doc_of(bot)["reminders"]["stretch"]["time"] == "22:15" and chosen.html is not None
