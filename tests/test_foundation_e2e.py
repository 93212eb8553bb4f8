"""End to end: the real Application over real HTTP against the local Bot API stand-in."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from handlers.callbacks import MENU, pack
from handlers.texts import common as common_texts
from handlers.texts import timezone as timezone_texts
from tests.harness import BotHarness


async def test_start_greets_with_disclaimer_and_menu(bot: BotHarness) -> None:
    reply = await bot.start()
    assert "Cramp Coach" in reply.text
    assert "not medical advice" in reply.text
    assert common_texts.HELP_BUTTON in reply.button_texts
    assert reply.parse_mode == "HTML"
    commands = [c["command"] for c in bot.api.commands]
    assert {"start", "help", "settings"} <= set(commands)


async def test_start_remembers_the_person(bot: BotHarness) -> None:
    await bot.start()
    doc = bot.services.store.get(bot.USER_ID)
    assert doc is not None
    assert doc["profile"]["chat_id"] == bot.USER_ID
    assert doc["profile"]["active"] is True


async def test_help_and_menu_buttons_edit_in_place(bot: BotHarness) -> None:
    menu = await bot.start()
    edited = await bot.tap_and_wait(menu, pack(MENU, "help"))
    assert edited.message_id == menu.message_id
    assert "How I can help" in edited.text
    home = await bot.tap_and_wait(edited, pack(MENU, "home"))
    assert home.message_id == menu.message_id
    assert home.text == common_texts.MENU_PROMPT


async def test_help_command(bot: BotHarness) -> None:
    reply = await bot.say("/help")
    assert "How I can help" in reply.text
    assert "/privacy" in reply.text


async def test_unknown_command_gets_the_menu(bot: BotHarness) -> None:
    reply = await bot.say("/frobnicate")
    assert reply.text == common_texts.UNKNOWN_COMMAND
    assert common_texts.HELP_BUTTON in reply.button_texts


async def test_non_text_messages_get_a_polite_nudge(bot: BotHarness) -> None:
    for send in (bot.api.send_sticker, bot.api.send_photo, bot.api.send_voice):
        before = bot.activity(bot.USER_ID)
        await send(bot.USER_ID)
        await bot.wait_activity(bot.USER_ID, before)
        assert bot.api.last(bot.USER_ID).text == common_texts.PLEASE_TYPE


async def test_forged_callback_data_is_answered_and_bot_keeps_serving(bot: BotHarness) -> None:
    menu = await bot.start()
    query_id = await bot.tap(menu, "zz9:drop-tables")
    assert bot.answer_text(query_id) == common_texts.STALE_BUTTON
    await bot.api.wait_for(lambda api: api.last(bot.USER_ID).text == common_texts.STALE_BUTTON_MESSAGE, timeout=5)
    assert "Cramp Coach" in (await bot.start()).text


async def test_stale_layout_version_is_answered_as_out_of_date(bot: BotHarness) -> None:
    menu = await bot.start()
    query_id = await bot.tap(menu, "mn0:home")  # a menu button from an older layout
    assert bot.answer_text(query_id) == common_texts.STALE_BUTTON


async def test_failing_handler_apologises_and_next_update_is_served(bot: BotHarness, caplog: object) -> None:
    async def explode(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        raise RuntimeError("boom")

    # Group -5 runs before the features; the fallback in group 0 still answers the command.
    bot.app.add_handler(CommandHandler("explode", explode), group=-5)
    with caplog.at_level(logging.ERROR):  # type: ignore[attr-defined]
        await bot.say("/explode secret words", replies=2)
    assert common_texts.APOLOGY in [m.text for m in bot.api.sent(bot.USER_ID)]
    records = [r for r in caplog.records if r.name == "handlers.errors"]  # type: ignore[attr-defined]
    assert records and "error while handling update" in records[0].getMessage()
    assert all("secret words" not in r.getMessage() for r in caplog.records)  # type: ignore[attr-defined]
    assert "Cramp Coach" in (await bot.start()).text


async def test_reply_arrives_after_a_429(bot: BotHarness) -> None:
    bot.api.rate_limit_next("sendMessage", retry_after=1, times=1)
    started = time.monotonic()
    reply = await bot.say("/help")
    assert "How I can help" in reply.text
    assert time.monotonic() - started >= 1.0
    rejected = [c for c in bot.api.calls if c[0] == "sendMessage"]
    assert len(rejected) >= 2  # the 429'd call and its retry


async def test_in_groups_only_commands_are_answered(bot: BotHarness) -> None:
    group = -100500
    bot.api.user(bot.USER_ID)
    await bot.api.send_group_text(chat_id=group, user_id=bot.USER_ID, text="my calf cramps")
    await bot.api.send_group_text(chat_id=group, user_id=bot.USER_ID, text="/help")
    await bot.api.wait_for(lambda api: len(api.sent(group)) >= 1, timeout=5)
    sent = bot.api.sent(group)
    assert len(sent) == 1 and "How I can help" in sent[0].text


async def test_new_person_is_asked_for_their_time_zone_once(bot: BotHarness) -> None:
    welcome = await bot.start()
    sent = bot.api.sent(bot.USER_ID)
    assert sent[0].message_id == welcome.message_id
    assert timezone_texts.PICK_ZONE_BUTTON in sent[1].button_texts
    await bot.start()  # a returning person just gets the welcome
    assert len(bot.api.sent(bot.USER_ID)) == 3
