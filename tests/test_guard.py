"""What features never see: edits, groups' personal features, updates without a person."""

from __future__ import annotations

import asyncio

from handlers.callbacks import MENU, PRIVACY, pack
from handlers.texts import common as common_texts
from tests.harness import BotHarness

GROUP = -100777


async def test_edited_question_is_not_answered_again(bot: BotHarness) -> None:
    update = await bot.api.send_text(bot.USER_ID, "why do my calves cramp at night")
    await bot.wait_activity(bot.USER_ID, 0)
    await bot.api.edit_text(bot.USER_ID, update["message"]["message_id"], "and my feet too?")
    await bot.say("/help")  # processed after the edit: if the edit were answered, it would show first
    assert len(bot.api.sent(bot.USER_ID)) == 2


async def test_group_gets_no_personal_data(bot: BotHarness) -> None:
    await bot.start()
    bot.services.store.update(bot.USER_ID, {"tz": "Europe/Berlin"})
    for command in ("/export", "/start", "/forget", "/cramp"):
        await bot.api.send_group_text(chat_id=GROUP, user_id=bot.USER_ID, text=command)
    await bot.api.wait_for(lambda api: len(api.sent(GROUP)) >= 4, timeout=5)
    sent = bot.api.sent(GROUP)
    assert all(message.kind == "text" for message in sent)
    assert all(message.text == common_texts.GROUP_PLEASE_PRIVATE for message in sent)
    assert bot.api.calls_of("sendDocument") == []
    assert bot.services.store.get(bot.USER_ID)["profile"]["chat_id"] == bot.USER_ID  # type: ignore[index]


async def test_group_button_presses_are_answered_and_not_acted_on(bot: BotHarness) -> None:
    await bot.api.send_group_text(chat_id=GROUP, user_id=bot.USER_ID, text="/help")
    await bot.api.wait_for(lambda api: len(api.sent(GROUP)) == 1, timeout=5)
    help_message = bot.api.sent(GROUP)[0]
    assert help_message.reply_markup is None  # no personal menu in a group
    query_id = await bot.api.press(bot.USER_ID, help_message.message_id, pack(PRIVACY, "export"), chat_id=GROUP)
    await bot.api.wait_for(lambda api: api.answered(query_id) is not None, timeout=5)
    assert bot.answer_text(query_id) == common_texts.GROUP_PLEASE_PRIVATE
    assert bot.api.calls_of("sendDocument") == []


async def test_double_tap_on_a_menu_button_is_not_an_error(bot: BotHarness) -> None:
    menu = await bot.start()
    first = await bot.api.press(bot.USER_ID, menu.message_id, pack(MENU, "help"))
    second = await bot.api.press(bot.USER_ID, menu.message_id, pack(MENU, "help"))
    await bot.api.wait_for(lambda api: api.answered(first) and api.answered(second), timeout=5)
    await asyncio.sleep(0.2)  # an apology would be a new message right after the second answer
    assert common_texts.APOLOGY not in [m.text for m in bot.api.sent(bot.USER_ID)]


async def test_red_flag_typed_while_asked_for_a_time_zone_is_screened(bot: BotHarness) -> None:
    await bot.start()  # a new person is asked for their time zone
    reply = await bot.say("calf swollen and red")
    assert "time zone" not in reply.text.lower()
    assert "doctor" in reply.text.lower() or "medical" in reply.text.lower()
    zone = await bot.say("Berlin")
    assert "Berlin" in zone.text or "Berlin" in bot.api.sent(bot.USER_ID)[-2].text
