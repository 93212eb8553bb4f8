"""Reminders UX end to end: the onboarding question, offers, quiet-hour warnings, pickers, Done once."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers import relief
from handlers.callbacks import REMINDER_BUTTONS, REMINDER_SETTINGS, TIMEZONE, pack
from handlers.reminders import offer_button_data
from handlers.texts import relief as relief_texts
from handlers.texts import reminders as reminders_texts
from handlers.texts import timezone as timezone_texts
from handlers.timezone import AWAITING_TZ_KEY
from scheduler.model import spread_time
from tests.harness import BotHarness
from tests.test_reminders_e2e import doc_of, fire_at, subscribe

UTC = UTC


async def test_start_asks_one_short_question_and_the_picker_comes_on_request(bot: BotHarness) -> None:
    await bot.start()
    question = bot.api.last(bot.USER_ID)
    assert question.html == timezone_texts.TIMEZONE_ONBOARDING
    assert question.callback_data == [pack(TIMEZONE, "ask"), pack(TIMEZONE, "loc"), pack(TIMEZONE, "no")]
    picker = await bot.tap_and_wait(question, pack(TIMEZONE, "ask"))
    assert picker.message_id == question.message_id and pack(TIMEZONE, "set", "Europe/Berlin") in picker.callback_data
    offer = await bot.tap_and_wait(picker, pack(TIMEZONE, "set", "Europe/Berlin"))
    # Picking a zone switches nothing on: the recommended set, at its exact times, waits for one tap.
    assert offer.html is not None and "Time zone set" in offer.html and "Recommended reminders" in offer.html
    assert "💧 Water: " in offer.html and f"🧘 Evening stretch: {spread_time(bot.USER_ID, 'stretch')}" in offer.html
    assert "reminders" not in doc_of(bot) and reminders_index_empty(bot)
    started = await bot.tap_and_wait(offer, pack(REMINDER_SETTINGS, "on", 1))
    # 10:00 UTC is 11:00 in Berlin: what is on in one line, the next one, then the settings keyboard.
    assert started.message_id == offer.message_id and started.html is not None and "Reminders on" in started.html
    # A new person's default times are their own, spread around the defaults (no herd).
    assert f"Next: 🥦 today {spread_time(bot.USER_ID, 'food')}" in started.html
    assert pack(REMINDER_SETTINGS, "i") in started.callback_data
    assert all(doc_of(bot)["reminders"][kind]["on"] for kind in ("hydration", "stretch", "food"))
    assert doc_of(bot)["reminders"]["weekly"]["on"] is False  # opt-in, never part of the offer


def reminders_index_empty(bot: BotHarness) -> bool:
    service = bot.services.reminders
    return service is not None and service.index.get(bot.USER_ID) is None


async def test_choose_my_own_stores_everything_off_and_shows_the_settings(bot: BotHarness) -> None:
    await bot.start()
    offer = await bot.say("tokyo", replies=2)
    overview = await bot.tap_and_wait(offer, pack(REMINDER_SETTINGS, "on", 0))
    assert not any(cfg["on"] for cfg in doc_of(bot)["reminders"].values())
    assert overview.html is not None and "💧 Water: off" in overview.html
    # /reminders later, zone known and nothing chosen yet: the same offer, still nothing on by itself.
    subscribe_zone_only(bot)
    again = await bot.say("/reminders")
    assert again.html is not None and "Recommended reminders" in again.html and "reminders" not in doc_of(bot)


def subscribe_zone_only(bot: BotHarness) -> None:
    bot.services.store.update(bot.USER_ID, {"tz": "Asia/Tokyo", "reminders": None})


async def test_a_typed_city_still_answers_the_onboarding_question(bot: BotHarness) -> None:
    await bot.start()
    offer = await bot.say("tokyo", replies=2)
    assert doc_of(bot)["tz"] == "Asia/Tokyo"
    assert offer.html is not None and offer.html.startswith("⏰ <b>Recommended reminders</b>")
    summary = await bot.tap_and_wait(offer, pack(REMINDER_SETTINGS, "on", 1))
    assert summary.html is not None and summary.html.startswith("⏰ <b>Reminders on:</b>")


async def test_not_now_leaves_a_one_liner_and_stops_waiting_for_a_zone(bot: BotHarness) -> None:
    await bot.start()
    question = bot.api.last(bot.USER_ID)
    later = await bot.tap_and_wait(question, pack(TIMEZONE, "no"))
    assert (
        later.message_id == question.message_id and later.html == timezone_texts.TIMEZONE_NOT_NOW and not later.buttons
    )
    assert not bot.app.bot_data[AWAITING_TZ_KEY].is_asked(bot.USER_ID)
    assert "tz" not in doc_of(bot) and "reminders" not in doc_of(bot)


async def test_evening_stretch_offer_turns_on_only_the_stretch(bot: BotHarness) -> None:
    # The relief "Better" screen's button, whatever data relief gives it (its own or our offer data).
    data = relief.reminder_button_data(bot.app.bot_data)
    assert data is not None
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(relief_texts.RELIEF_REMINDER_BUTTON, callback_data=data)]])
    bot.api.user(bot.USER_ID)
    better = await bot.app.bot.send_message(bot.USER_ID, "🙂 Glad it eased.", reply_markup=markup)
    picker = await bot.tap_and_wait(bot.api.last(bot.USER_ID), data)
    assert picker.message_id != better.message_id  # the relief screen stays as it was
    assert picker.html is not None and picker.html.startswith("🧘")
    started = await bot.tap_and_wait(picker, pack(TIMEZONE, "set", "Europe/London", "stretch"))
    assert {kind: cfg["on"] for kind, cfg in doc_of(bot)["reminders"].items()} == {
        "hydration": False,
        "stretch": True,
        "food": False,
        "weekly": False,
    }
    stretch_at = spread_time(bot.USER_ID, "stretch")
    assert started.html is not None and f"Reminder on:</b> 🧘 evening stretch {stretch_at}" in started.html
    assert f"Next: 🧘 today {stretch_at}" in started.html


async def test_offer_for_someone_set_up_switches_that_kind_on_and_says_so(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "UTC", stretch={"on": False})
    anchor = await bot.say("/reminders")
    screen = await bot.tap_and_wait(anchor, offer_button_data("stretch"))
    assert doc_of(bot)["reminders"]["stretch"]["on"] is True
    assert screen.html is not None and reminders_texts.offer_turned_on("stretch", "21:30") in screen.html


async def test_a_time_inside_quiet_hours_is_flagged_everywhere(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "UTC", food={"on": False}, hydration={"on": False})
    overview = await bot.say("/reminders")
    quiet = await bot.tap_and_wait(overview, pack(REMINDER_SETTINGS, "q"))
    assert "✅ " + reminders_texts.QUIET_OFF_CHOICE in quiet.button_texts
    overview = await bot.tap_and_wait(quiet, pack(REMINDER_SETTINGS, "sq", "22", "07"))
    picker = await bot.tap_and_wait(overview, pack(REMINDER_SETTINGS, "p", "stretch"))
    assert "🌙 23:00" in picker.button_texts and "✅ 21:30" in picker.button_texts
    before = bot.activity(bot.USER_ID)
    query = await bot.tap(picker, pack(REMINDER_SETTINGS, "s", "stretch", "2300"))
    assert bot.answer_text(query) == reminders_texts.quiet_time_answer("23:00", "22:00–07:00")
    assert bot.api.answered(query).get("show_alert") in (True, "true")  # form-encoded by PTB
    await bot.wait_activity(bot.USER_ID, before)  # the overview edit follows the answer
    final = bot.latest(bot.USER_ID)
    assert final.html is not None and "on — 23:00\n   " + reminders_texts.QUIET_ALL_WARNING in final.html
    assert reminders_texts.NEXT_NONE_LINE in final.html  # nothing else is on, and 23:00 never fires
    await fire_at(bot, datetime(2026, 1, 14, 23, 0, tzinfo=UTC))
    assert bot.api.last(bot.USER_ID).message_id == final.message_id  # really nothing was sent


async def test_buttons_say_what_they_change_and_the_interval_shows_its_choices(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "UTC")
    overview = await bot.say("/reminders")
    assert {"🕒 Stretch at 21:30", "🕒 Food at 12:30", "🕒 Water 09:00–21:00", "🔁 Water every 2 h"} <= set(
        overview.button_texts
    )
    assert overview.html is not None and "Next: 💧 today 11:00" in overview.html
    picker = await bot.tap_and_wait(overview, pack(REMINDER_SETTINGS, "i"))
    assert picker.button_texts[:4] == [
        "every 1 h (13 a day)",
        "✅ every 2 h (7 a day)",
        "every 3 h (5 a day)",
        "every 4 h (4 a day)",
    ]
    final = await bot.tap_and_wait(picker, pack(REMINDER_SETTINGS, "si", 3))
    assert doc_of(bot)["reminders"]["hydration"]["every_h"] == 3
    assert (
        final.html is not None and "Next: 💧 today 12:00" in final.html and "🔁 Water every 3 h" in final.button_texts
    )


async def test_done_double_tap_counts_once(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "UTC", stretch={"on": False}, food={"on": False})
    await fire_at(bot, datetime(2026, 1, 14, 11, 0, tzinfo=UTC))
    reminder = bot.api.last(bot.USER_ID)
    done = reminder.callback_data[0]
    assert done == pack(REMINDER_BUTTONS, "d", "hydration", "2601141100")
    first = await bot.api.press(bot.USER_ID, reminder.message_id, done)
    second = await bot.api.press(bot.USER_ID, reminder.message_id, done)  # before the first is handled
    await bot.api.wait_for(lambda api: api.answered(second) is not None, timeout=5)
    assert bot.answer_text(first) == reminders_texts.reminder_done_answer("hydration", 1)
    assert bot.answer_text(second) == reminders_texts.reminder_already_done_answer("hydration", 1)
    assert doc_of(bot)["reminder_log"][-1]["done"] == {"hydration": 1}
    # The 13:00 reminder's Done counts again (pressed on this message: a second send to one chat
    # would wait out the real per-chat rate limit).
    query = await bot.tap(reminder, pack(REMINDER_BUTTONS, "d", "hydration", "2601141300"))
    assert bot.answer_text(query) == reminders_texts.reminder_done_answer("hydration", 2)


async def test_a_deleted_person_is_no_longer_asked_for_a_zone(bot: BotHarness) -> None:
    await bot.start()
    asks = bot.app.bot_data[AWAITING_TZ_KEY]
    assert asks.is_asked(bot.USER_ID)
    bot.services.store.delete_user(bot.USER_ID)  # what /forget does
    assert not asks.is_asked(bot.USER_ID) and len(asks) == 0
