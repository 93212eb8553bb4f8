"""Typed words end to end (issue 14): captions read like text (item 6), "drink at 10" (a single time
for water), walkthrough replies and reminder wishes in Spanish, German and Russian, and typed zones in
their spellings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from handlers.callbacks import REMINDER_SETTINGS, pack
from handlers.texts import relief as relief_texts
from handlers.texts import wishes as wishes_texts
from standin import SentMessage
from tests.harness import BotHarness
from tests.relief_helpers import choose, session
from tests.test_reminders_e2e import doc_of, subscribe
from tests.test_words_reminders_e2e import undo_of


async def send_captioned(bot: BotHarness, how: str, caption: str, replies: int = 1) -> SentMessage:
    """A photo, video or document with a caption; the bot's latest message once it has answered."""
    before = bot.activity(bot.USER_ID)
    senders = {"photo": bot.api.send_photo, "video": bot.api.send_video, "document": bot.api.send_document}
    await senders[how](bot.USER_ID, caption=caption)
    await bot.wait_activity(bot.USER_ID, before, replies)
    return bot.api.last(bot.USER_ID)


# --- captions ------------------------------------------------------------------------------------
async def test_a_reminder_wish_in_a_photo_caption_is_confirmed_with_undo(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "UTC")
    reply = await send_captioned(bot, "photo", "remind me to stretch at 9:45pm")
    assert (
        reply.html == wishes_texts.wish_time("stretch", "9:45 pm")
        and doc_of(bot)["reminders"]["stretch"]["time"] == "21:45"
    )
    await bot.tap_and_wait(reply, undo_of(reply))
    assert doc_of(bot)["reminders"]["stretch"]["time"] == "21:30"  # as before


async def test_a_wish_in_a_document_caption_turns_water_off(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "UTC")
    reply = await send_captioned(bot, "document", "stop the water reminders")
    assert reply.html == wishes_texts.wish_off(["hydration"], all_kinds=False)
    assert doc_of(bot)["reminders"]["hydration"]["on"] is False


async def test_walkthrough_replies_in_captions(bot: BotHarness) -> None:
    where = await send_captioned(bot, "photo", "help")
    assert where.html == relief_texts.relief_where()
    step = await send_captioned(bot, "video", "my calf")
    assert "Step 1 of" in (step.text or "") and session(bot)["place"] == "calf"
    ended = await send_captioned(bot, "video", "better now")
    assert (ended.text or "").startswith(relief_texts.RELIEF_BETTER) and session(bot)["ended"] == "better"


# --- a single time for water --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "window", "line"),
    [
        (
            "remind me to drink at 10",
            ("10:00", "21:00"),
            wishes_texts.wish_water_times(["10:00", "12:00", "14:00", "16:00", "18:00", "20:00"], 2),
        ),
        ("remind me to drink water at 10pm", ("22:00", "23:00"), wishes_texts.wish_water_times(["10:00 pm"], 2)),
        ("напомни пить воду в 10", ("10:00", "21:00"), None),
    ],
)
async def test_drink_at_a_time_moves_the_first_water_nudge_there_and_says_exactly_when(
    bot: BotHarness, typed: str, window: tuple[str, str], line: str | None
) -> None:
    subscribe(bot, bot.USER_ID, "UTC", hydration={"on": False, "start": "09:00", "end": "21:00", "every_h": 2})
    reply = await bot.say(typed)
    water = doc_of(bot)["reminders"]["hydration"]
    assert (water["on"], water["start"], water["end"]) == (True, *window)
    assert reply.html is not None and UNDO in reply.button_texts and "10:00" in reply.html
    if line is not None:
        assert reply.html == line


UNDO = wishes_texts.UNDO_BUTTON


# --- the walkthrough in es/de/ru ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "meaning"),
    [
        ("mejor", "better"),
        ("ya pasó", "better"),
        ("peor", "hurts"),
        ("sigue doliendo", "hurts"),
        ("para", "stopped"),
        ("besser", "better"),
        ("weg", "better"),
        ("schlimmer", "hurts"),
        ("tut noch weh", "hurts"),
        ("stopp", "stopped"),
        ("лучше", "better"),
        ("прошло", "better"),
        ("хуже", "hurts"),
        ("всё ещё болит", "hurts"),
        ("стоп", "stopped"),
        ("not better", "hurts"),
        ("nicht besser", "hurts"),
        ("не лучше", "hurts"),
    ],
)
async def test_walkthrough_replies_in_four_languages(bot: BotHarness, typed: str, meaning: str) -> None:
    await choose(bot, await bot.say("/cramp"), "calf")
    reply = await bot.say(typed)
    if meaning == "hurts":
        assert relief_texts.RELIEF_STILL_HURTS in (reply.text or "") and not session(bot).get("ended")
    else:
        assert session(bot)["ended"] == meaning


# --- reminder wishes in es/de/ru ----------------------------------------------------------------
def water(doc: dict[str, Any]) -> dict[str, Any]:
    return dict(doc["reminders"]["hydration"])


@pytest.mark.parametrize(
    ("typed", "check"),
    [
        ("recuérdame estirar a las 21:45", lambda d: d["reminders"]["stretch"] == {"on": True, "time": "21:45"}),
        ("para los recordatorios de agua", lambda d: water(d)["on"] is False),
        ("erinnere mich um 22:15 zu dehnen", lambda d: d["reminders"]["stretch"] == {"on": True, "time": "22:15"}),
        ("stopp die Erinnerungen ans Wasser", lambda d: water(d)["on"] is False),
        ("напомни растяжку в 21:45", lambda d: d["reminders"]["stretch"] == {"on": True, "time": "21:45"}),
        ("хватит напоминать про воду", lambda d: water(d)["on"] is False),
        ("pausa los recordatorios una semana", lambda d: d["pause_until"].startswith("2026-06-08")),
    ],
)
async def test_reminder_wishes_in_spanish_german_and_russian(bot: BotHarness, typed: str, check: Any) -> None:
    subscribe(bot, bot.USER_ID, "UTC")
    bot.clock.set(datetime(2026, 6, 1, 10, 0, tzinfo=UTC))
    reply = await bot.say(typed)
    assert check(doc_of(bot)) and UNDO in reply.button_texts
    await bot.tap_and_wait(reply, undo_of(reply))
    assert water(doc_of(bot))["on"] is True and "pause_until" not in doc_of(bot)


# --- typed zones in es/de/ru spellings ----------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("München", "Europe/Berlin"),
        ("Zeit in München", "Europe/Berlin"),
        ("Sevilla", "Europe/Madrid"),
        ("hora de España", "Europe/Madrid"),
        ("Москва", "Europe/Moscow"),
    ],
)
async def test_typed_zones_in_their_own_spellings(bot: BotHarness, typed: str, zone: str) -> None:
    await bot.start()
    offer = await bot.say(typed, replies=2)
    assert doc_of(bot)["tz"] == zone and pack(REMINDER_SETTINGS, "on", 1) in offer.callback_data
