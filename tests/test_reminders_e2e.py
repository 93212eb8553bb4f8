"""Reminders end to end: the real Application over HTTP against the stand-in, with a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from handlers.callbacks import REMINDER_BUTTONS, REMINDER_SETTINGS, TIMEZONE, pack
from handlers.texts import reminders as reminders_texts
from scheduler import ReminderService
from scheduler.model import normalize_reminders, spread_time
from tests.harness import BotHarness

UTC = UTC


def reminders_of(bot: BotHarness) -> ReminderService:
    service = bot.services.reminders
    assert service is not None
    return service


def doc_of(bot: BotHarness, user_id: int | None = None) -> dict[str, Any]:
    return bot.services.store.get(user_id or bot.USER_ID) or {}


def subscribe(bot: BotHarness, user_id: int, tz: str = "UTC", **reminders: Any) -> None:
    """A person who already set reminders up (as after onboarding)."""
    bot.api.user(user_id)
    store = bot.services.store
    store.ensure_user(user_id, user_id, bot.clock.now())
    store.update(user_id, {"tz": tz, "reminders": normalize_reminders(reminders)})


async def fire_at(bot: BotHarness, moment: datetime) -> None:
    """Move the clock to `moment` and run the minute tick (what the JobQueue does every minute)."""
    bot.clock.set(moment)
    await reminders_of(bot).tick()
    await reminders_of(bot).drain()


async def test_onboarding_by_location_sets_zone_and_one_tap_switches_defaults_on(bot: BotHarness) -> None:
    prompt = await bot.say("/reminders")
    assert prompt.html is not None and "Which time zone" in prompt.html
    asking = await bot.tap_and_wait(prompt, pack(TIMEZONE, "loc"))
    assert asking.reply_markup is not None and asking.reply_markup["keyboard"][0][0]["request_location"] is True
    before = bot.activity(bot.USER_ID)
    await bot.api.send_location(bot.USER_ID, 52.52, 13.40)
    await bot.wait_activity(bot.USER_ID, before, 2)
    confirmation, offer = bot.api.sent(bot.USER_ID)[-2:]
    assert confirmation.html is not None and "Europe/Berlin" in confirmation.html
    assert confirmation.reply_markup == {"remove_keyboard": True}
    assert offer.html is not None and "Recommended reminders" in offer.html and "reminders" not in doc_of(bot)
    overview = await bot.tap_and_wait(offer, pack(REMINDER_SETTINGS, "on", 1))
    # The first time says what was switched on and what comes next (11:00 in Berlin now).
    assert overview.html is not None and "Reminders on" in overview.html
    water_from, food_at = spread_time(bot.USER_ID, "hydration"), spread_time(bot.USER_ID, "food")
    assert f"💧 water every 4 h, {water_from}–21:00" in overview.html and f"Next: 🥦 today {food_at}" in overview.html
    assert pack(REMINDER_SETTINGS, "t", "hydration", 0) in overview.callback_data  # the settings keyboard
    doc = doc_of(bot)
    assert doc["tz"] == "Europe/Berlin" and doc["reminders"]["stretch"]["on"] is True
    assert doc["reminders"]["hydration"]["every_h"] == 4  # four water nudges a day to start with
    assert reminders_of(bot).index.get(bot.USER_ID) is not None  # scheduled at once


async def test_typed_city_or_offset_sets_zone(bot: BotHarness) -> None:
    await bot.say("/reminders")
    await bot.say("new york", replies=2)
    assert doc_of(bot)["tz"] == "America/New_York"
    await bot.say("/timezone UTC+3", replies=2)
    assert doc_of(bot)["tz"] == "Etc/GMT-3"
    confirmation = bot.api.sent(bot.USER_ID)[-2]
    assert confirmation.html is not None and "UTC+3" in confirmation.html


async def test_settings_are_edited_in_place_and_take_effect(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "Europe/Berlin")
    overview = await bot.say("/reminders")
    toggled = await bot.tap_and_wait(overview, pack(REMINDER_SETTINGS, "t", "hydration", 0))
    assert toggled.message_id == overview.message_id and toggled.edits == 1
    assert toggled.html is not None and "💧 Water: off" in toggled.html
    picker = await bot.tap_and_wait(toggled, pack(REMINDER_SETTINGS, "p", "stretch"))
    assert pack(REMINDER_SETTINGS, "s", "stretch", "2200") in picker.callback_data
    final = await bot.tap_and_wait(picker, pack(REMINDER_SETTINGS, "s", "stretch", "2200"))
    assert final.message_id == overview.message_id
    assert doc_of(bot)["reminders"]["stretch"]["time"] == "22:00"
    # 22:00 in Berlin (CET) is 21:00 UTC; nothing for the switched-off water reminders.
    await fire_at(bot, datetime(2026, 1, 14, 21, 0, tzinfo=UTC))
    last = bot.api.last(bot.USER_ID)
    assert last.html is not None and last.html.startswith(reminders_texts.REMINDER_HEADLINES["stretch"])


async def test_reminder_buttons_done_snooze_and_turn_off(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "UTC", stretch={"on": False}, food={"on": False})
    await fire_at(bot, datetime(2026, 1, 14, 11, 0, tzinfo=UTC))
    reminder = bot.api.last(bot.USER_ID)
    assert reminder.html is not None and reminder.html.startswith(reminders_texts.REMINDER_HEADLINES["hydration"])
    done_data = pack(REMINDER_BUTTONS, "d", "hydration", "2601141100")  # the slot: local yymmddHHMM
    assert reminder.callback_data == [done_data, *(pack(REMINDER_BUTTONS, a, "hydration") for a in ("z", "o"))]

    before = bot.activity(bot.USER_ID)
    query = await bot.tap(reminder, done_data)
    assert bot.answer_text(query) == reminders_texts.reminder_done_answer("hydration", 1)
    await bot.wait_activity(bot.USER_ID, before)  # the edit follows the answer
    done = bot.api.last(bot.USER_ID)
    assert (
        done.html is not None and reminders_texts.reminder_done_line("hydration", 1) in done.html and not done.buttons
    )

    await fire_at(bot, datetime(2026, 1, 14, 13, 0, tzinfo=UTC))
    second = bot.api.last(bot.USER_ID)
    await bot.tap_and_wait(second, pack(REMINDER_BUTTONS, "z", "hydration"))
    assert doc_of(bot)["snoozes"] == [{"kind": "hydration", "due": "2026-01-14T13:30:00+00:00"}]
    sent_before = len(bot.api.sent(bot.USER_ID))
    await fire_at(bot, datetime(2026, 1, 14, 13, 30, tzinfo=UTC))
    snoozed = bot.api.last(bot.USER_ID)
    assert len(bot.api.sent(bot.USER_ID)) == sent_before + 1 and "snoozes" not in doc_of(bot)

    off = await bot.tap_and_wait(snoozed, pack(REMINDER_BUTTONS, "o", "hydration"))
    assert off.html is not None and reminders_texts.reminder_turned_off("hydration") in off.html
    assert doc_of(bot)["reminders"]["hydration"]["on"] is False
    await fire_at(bot, datetime(2026, 1, 14, 15, 0, tzinfo=UTC))
    assert len(bot.api.sent(bot.USER_ID)) == sent_before + 1  # nothing at 15:00 any more


async def test_pause_command_holds_reminders_back(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "UTC")
    reply = await bot.say("/pause day")
    assert reply.html is not None and "paused until" in reply.html
    sent_before = len(bot.api.sent(bot.USER_ID))
    await fire_at(bot, datetime(2026, 1, 14, 13, 0, tzinfo=UTC))
    assert len(bot.api.sent(bot.USER_ID)) == sent_before
    await bot.say("/pause off")
    await fire_at(bot, datetime(2026, 1, 14, 15, 0, tzinfo=UTC))
    assert len(bot.api.sent(bot.USER_ID)) == sent_before + 2  # "back on" and the 15:00 reminder


async def test_429_mid_fanout_waits_and_loses_nothing(bot: BotHarness) -> None:
    users = list(range(8101, 8106))
    for uid in users:
        subscribe(bot, uid, "UTC", stretch={"on": False}, food={"on": False})
    bot.api.rate_limit_next("sendMessage", retry_after=1, times=1)
    await fire_at(bot, datetime(2026, 1, 14, 11, 0, tzinfo=UTC))
    assert [len(bot.api.sent(uid)) for uid in users] == [1] * len(users)
    assert reminders_of(bot).stats["sent"] == len(users)


async def test_403_marks_inactive_until_start_again(bot: BotHarness) -> None:
    subscribe(bot, 8201, "UTC", stretch={"on": False}, food={"on": False})
    subscribe(bot, 8202, "UTC", stretch={"on": False}, food={"on": False})
    bot.api.block(8201)
    await fire_at(bot, datetime(2026, 1, 14, 11, 0, tzinfo=UTC))
    assert doc_of(bot, 8201)["profile"]["active"] is False
    assert reminders_of(bot).index.get(8201) is None
    assert len(bot.api.sent(8202)) == 1  # the blocked chat did not stop the others
    bot.api.unblock(8201)
    await bot.say("/start", user_id=8201)
    assert reminders_of(bot).index.get(8201) is not None
    await fire_at(bot, datetime(2026, 1, 14, 13, 0, tzinfo=UTC))
    assert bot.api.last(8201).html is not None
    assert bot.api.last(8201).html.startswith(reminders_texts.REMINDER_HEADLINES["hydration"])  # type: ignore[union-attr]
