"""Typed words in the relief walkthrough and elsewhere, end to end (issue 14, items 5 and 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.texts import chat as chat_texts
from handlers.texts import common as common_texts
from handlers.texts import relief as relief_texts
from handlers.texts import timezone as timezone_texts
from tests.harness import BotHarness
from tests.relief_helpers import choose, data_of, session, timer_jobs, walk_to_end

WALK = 3


@pytest.mark.parametrize("typed", ["help", "SOS", "cramp!!", "Hilfe", "помогите"])
async def test_help_sos_and_cramp_open_relief_asking_where_once(bot: BotHarness, typed: str) -> None:
    where = await bot.say(typed)
    assert where.html == relief_texts.relief_where()
    step = await bot.say("my calf")
    assert "Step 1 of" in (step.text or "") and session(bot)["place"] == "calf"


async def test_better_now_thanks_ends_the_walk_well(bot: BotHarness) -> None:
    await choose(bot, await bot.say("/cramp"), "calf")
    reply = await bot.say("better now thanks")
    assert (reply.text or "").startswith(relief_texts.RELIEF_BETTER) and session(bot)["ended"] == "better"


async def test_getting_worse_stays_in_the_walkthrough(bot: BotHarness) -> None:
    await choose(bot, await bot.say("/cramp"), "calf")
    reply = await bot.say("its getting worse")
    assert relief_texts.RELIEF_STILL_HURTS in (reply.text or "") and "Step 1 of" in (reply.text or "")
    assert relief_texts.RELIEF_SWOLLEN_BUTTON in reply.button_texts and not session(bot).get("ended")


async def test_a_second_still_hurts_moves_on(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    first = await bot.tap_and_wait(step, data_of(step, relief_texts.RELIEF_HURTS_BUTTON))
    assert relief_texts.RELIEF_STILL_HURTS in (first.text or "")
    before = bot.activity(bot.USER_ID)
    query = await bot.tap(first, data_of(first, relief_texts.RELIEF_HURTS_BUTTON))
    await bot.wait_activity(bot.USER_ID, before)  # the step edited on to step 2
    assert bot.answer_text(query) == relief_texts.RELIEF_MOVED_ON
    assert session(bot)["step"] == 1
    typed = await bot.say("still hurts")
    assert relief_texts.RELIEF_STILL_HURTS in (typed.text or "") and "Step 2 of" in (typed.text or "")
    again = await bot.say("still hurts")
    assert relief_texts.RELIEF_MOVED_ON in (again.text or "") and session(bot)["step"] == 2


async def test_stop_and_swollen_typed(bot: BotHarness) -> None:
    await choose(bot, await bot.say("/cramp"), "foot")
    stopped = await bot.say("stop")
    assert (stopped.text or "").startswith("⏹ Stopped") and session(bot)["ended"] == "stopped"
    await choose(bot, await bot.say("/cramp"), "calf")
    await bot.say("it's swollen")
    assert session(bot)["ended"] == "urgent"


async def test_at_the_question_worse_gives_the_extra_round_then_better_ends(bot: BotHarness) -> None:
    await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), "thigh"))
    round_ = await bot.say("worse")
    assert (round_.text or "").startswith("😣 Sorry it's still cramping.")
    gone = await bot.say("gone")
    assert (gone.text or "").startswith(relief_texts.RELIEF_BETTER)


async def test_the_timer_edits_its_own_message(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    running = await bot.tap_and_wait(step, data_of(step, relief_texts.relief_timer_button(30)))
    sent_before = len(bot.api.sent(bot.USER_ID))
    await timer_jobs(bot)[0].run(bot.app)
    edited = next(m for m in bot.api.sent(bot.USER_ID) if m.message_id == running.message_id)
    assert relief_texts.RELIEF_TIME_UP in (edited.html or "") and relief_texts.RELIEF_TIMER_RUNNING not in (
        edited.html or ""
    )
    assert relief_texts.relief_timer_button(30) in edited.button_texts  # the timer can run again
    buzz = bot.api.sent(bot.USER_ID)[-1]
    assert len(bot.api.sent(bot.USER_ID)) == sent_before + 1 and buzz.html == relief_texts.RELIEF_TIME_UP_BUZZ
    assert buzz.buttons == []  # the keyboard is not repeated


async def test_typed_replies_after_half_an_hour_are_not_walkthrough_replies(bot: BotHarness) -> None:
    await choose(bot, await bot.say("/cramp"), "calf")
    bot.clock.advance(timedelta(minutes=31))
    reply = await bot.say("stop")
    assert not session(bot).get("ended") and reply.html is not None


# ---------------------------------------------------------------- other input (item 6)


async def test_a_caption_is_read_and_its_red_flag_caught(bot: BotHarness) -> None:
    bot.api.user(bot.USER_ID)
    before = bot.activity(bot.USER_ID)
    await bot.api.send_photo(bot.USER_ID, caption="is this swelling normal? my calf is red and warm")
    await bot.wait_activity(bot.USER_ID, before)
    reply = bot.api.last(bot.USER_ID)
    assert reply.html is not None and common_texts.PLEASE_TYPE not in reply.html
    answer = await bot.services.knowledge.answer_async("is this swelling normal? my calf is red and warm", {})
    assert answer.urgent and reply.html == answer.text


@pytest.mark.parametrize(("typed", "label"), [("ok", "yes"), ("thanks!", "thanks"), ("no", "no"), ("🦵😣", "emoji")])
async def test_small_talk_and_emoji_get_a_short_reply_with_the_menu(bot: BotHarness, typed: str, label: str) -> None:
    reply = await bot.say(typed)
    assert reply.html == chat_texts.SMALL_TALK[label]
    assert relief_texts.RELIEF_MENU_BUTTON in reply.button_texts


async def test_no_at_the_zone_question_is_not_now(bot: BotHarness) -> None:
    await bot.start()
    reply = await bot.say("no")
    assert reply.html == timezone_texts.TIMEZONE_NOT_NOW
    assert "tz" not in (bot.services.store.get(bot.USER_ID) or {})


async def test_location_command_sets_the_zone(bot: BotHarness) -> None:
    await bot.start()
    await bot.say("/location 52.5 13.4", replies=2)
    assert (bot.services.store.get(bot.USER_ID) or {}).get("tz") == "Europe/Berlin"
    usage = await bot.say("/location somewhere")
    assert usage.html == timezone_texts.LOCATION_USAGE


async def test_relief_from_a_question_that_named_a_place_starts_there(bot: BotHarness) -> None:
    answer = await bot.say("my foot is cramping right now, what do I do?")
    start = next((data for data in answer.callback_data if data.startswith("rl1:start")), None)
    assert start == "rl1:start:foot", answer.callback_data
    step = await bot.tap_and_wait(answer, start)
    assert "Step 1 of" in (step.text or "") and session(bot)["place"] == "foot"
