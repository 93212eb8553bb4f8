"""'ok', 'thanks' and 'no' fit the last thing the bot asked, end to end (issue 14, item 6): the
recommended set, an offer of one reminder, the zone question, "How is it now?", "Delete everything?"
and nothing at all; the question survives a restart and is left behind by anything else."""

from __future__ import annotations

from datetime import timedelta

from core.clock import FakeClock
from core.settings import Settings
from handlers.callbacks import MENU, REMINDER_SETTINGS, TIMEZONE, pack
from handlers.texts import chat as chat_texts
from handlers.texts import privacy as privacy_texts
from handlers.texts import relief as relief_texts
from handlers.texts import timezone as timezone_texts
from handlers.texts import wishes as wishes_texts
from handlers.timezone import zone_asks
from standin import BotApiStandin, SentMessage
from tests.harness import BotHarness
from tests.relief_helpers import app_running, choose, data_of, session, walk_to_end
from tests.test_reminders_e2e import doc_of
from tests.test_words_reminders_e2e import undo_of


def is_on(bot: BotHarness, kind: str) -> bool:
    return bool(doc_of(bot).get("reminders", {}).get(kind, {}).get("on"))


async def recommended_offer(bot: BotHarness) -> SentMessage:
    await bot.start()
    offer = await bot.say("Berlin", replies=2)
    assert pack(REMINDER_SETTINGS, "on", 1) in offer.callback_data and "reminders" not in doc_of(bot)
    return offer


async def test_ok_after_the_recommended_set_turns_it_on_with_undo(bot: BotHarness) -> None:
    await recommended_offer(bot)
    reply = await bot.say("ok")
    assert reply.html is not None and reply.html.startswith("🔔") and "\n" not in reply.html
    assert is_on(bot, "hydration") and is_on(bot, "stretch") and is_on(bot, "food")
    undone = await bot.tap_and_wait(reply, undo_of(reply))
    assert undone.html == wishes_texts.UNDONE and "reminders" not in doc_of(bot)


async def test_no_after_the_recommended_set_leaves_everything_off_and_answers_it(bot: BotHarness) -> None:
    await recommended_offer(bot)
    reply = await bot.say("no thanks")
    assert reply.html == chat_texts.SMALL_TALK["no_reminders"] and "reminders" not in doc_of(bot)
    again = await bot.say("ok")  # the question is answered: a later "ok" is just an "ok"
    assert again.html == chat_texts.SMALL_TALK["yes"] and "reminders" not in doc_of(bot)


async def test_thanks_after_the_recommended_set_keeps_it_open(bot: BotHarness) -> None:
    await recommended_offer(bot)
    assert (await bot.say("thanks!")).html == chat_texts.SMALL_TALK["thanks_recommended"]
    await bot.say("yes")
    assert is_on(bot, "stretch")


async def test_anything_else_in_between_leaves_the_question_behind(bot: BotHarness) -> None:
    await recommended_offer(bot)
    await bot.say("why do my calves cramp at night?")
    assert (await bot.say("ok")).html == chat_texts.SMALL_TALK["yes"] and "reminders" not in doc_of(bot)


async def test_an_hour_later_ok_is_just_ok(bot: BotHarness) -> None:
    await recommended_offer(bot)
    bot.clock.advance(timedelta(hours=1, minutes=1))
    assert (await bot.say("ok")).html == chat_texts.SMALL_TALK["yes"] and "reminders" not in doc_of(bot)


async def test_the_question_survives_a_restart(standin: BotApiStandin, settings: Settings, clock: FakeClock) -> None:
    async with app_running(settings, clock, standin) as first_run:
        await recommended_offer(first_run)
    async with app_running(settings, clock, standin) as second_run:
        reply = await second_run.say("ok")
        assert reply.html is not None and UNDO_TEXT in reply.button_texts and is_on(second_run, "stretch")


UNDO_TEXT = wishes_texts.UNDO_BUTTON


async def relief_better_screen(bot: BotHarness) -> SentMessage:
    end, _ = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), "calf"))
    tips = await bot.tap_and_wait(end, data_of(end, relief_texts.RELIEF_BETTER_BUTTON))
    assert relief_texts.RELIEF_REMINDER_BUTTON in tips.button_texts
    return tips


async def test_ok_after_the_stretch_reminder_offer_turns_it_on_with_undo(bot: BotHarness) -> None:
    await relief_better_screen(bot)
    await bot.say("okay", replies=2)  # the line, then the zone question (reminders need the zone)
    reply = bot.api.sent(bot.USER_ID)[-2]
    assert reply.html == wishes_texts.wish_on_many([("stretch", "21:15")])
    assert UNDO_TEXT in reply.button_texts and is_on(bot, "stretch") and not is_on(bot, "hydration")


async def test_no_after_the_stretch_reminder_offer(bot: BotHarness) -> None:
    await relief_better_screen(bot)
    assert (await bot.say("nope")).html == chat_texts.SMALL_TALK["no_reminder"] and not is_on(bot, "stretch")


async def test_ok_and_no_answer_how_is_it_now(bot: BotHarness) -> None:
    end, _ = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), "calf"))
    assert end.text == "How is it now?"
    worse = await bot.say("no")
    assert "Stretch once more" in (worse.text or "") and session(bot)["step"] > 0 and not session(bot).get("ended")
    better = await bot.say("ok")
    assert (better.text or "").startswith(relief_texts.RELIEF_BETTER) and session(bot)["ended"] == "better"


async def test_ok_and_no_at_the_zone_question(bot: BotHarness) -> None:
    await bot.start()
    picker = await bot.say("ok")
    assert (
        picker.html == timezone_texts.TIMEZONE_PROMPT and pack(TIMEZONE, "set", "Europe/Berlin") in picker.callback_data
    )
    zone_asks(bot.app).forget(bot.USER_ID)  # what a restart loses: the record in the store remains
    assert (await bot.say("no")).html == timezone_texts.TIMEZONE_NOT_NOW and "tz" not in doc_of(bot)


async def test_a_typed_yes_never_deletes_everything(bot: BotHarness) -> None:
    await bot.start()
    await bot.say("/forget")
    assert (await bot.say("yes")).html == chat_texts.SMALL_TALK["tap_to_delete"] and doc_of(bot)
    await bot.say("/forget")
    kept = await bot.say("no")
    assert kept.html == privacy_texts.FORGET_CANCELLED and doc_of(bot)


async def test_with_nothing_asked_a_short_friendly_line_and_the_menu(bot: BotHarness) -> None:
    await bot.start()
    await bot.say("Berlin", replies=2)
    await bot.say("/menu")
    for typed, line in (("ok", "yes"), ("thanks", "thanks"), ("no", "no")):
        reply = await bot.say(typed)
        assert reply.html == chat_texts.SMALL_TALK[line] and pack(MENU, "help") in reply.callback_data
    assert "reminders" not in doc_of(bot)
