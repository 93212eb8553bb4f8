"""Problems a review found once; each test keeps it from coming back."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.callbacks import CHECK, PRIVACY, RELIEF, REMINDER_BUTTONS, REMINDER_SETTINGS, pack
from handlers.texts import common as common_texts
from handlers.texts import relief as relief_texts
from scheduler.index import valid_zone
from tests.harness import BotHarness
from tests.test_reminders_e2e import doc_of, fire_at, subscribe


async def test_old_reminder_button_after_forget_does_not_rebuild_the_record(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "UTC", hydration={"on": True, "start": "09:00", "end": "21:00", "every_h": 2})
    await fire_at(bot, datetime(2026, 1, 14, 11, 0, tzinfo=UTC))
    reminder = bot.api.last(bot.USER_ID)
    confirm = await bot.say("/forget")
    await bot.tap_and_wait(confirm, pack(PRIVACY, "forget", "yes"))
    turn_off = next(d for d in reminder.callback_data if d.startswith(pack(REMINDER_BUTTONS, "o")))
    query_id = await bot.tap(reminder, turn_off)
    assert bot.answer_text(query_id) == common_texts.STALE_BUTTON
    assert bot.services.store.get(bot.USER_ID) is None


async def test_double_tap_on_a_settings_toggle_does_not_undo_itself(bot: BotHarness) -> None:
    subscribe(bot, bot.USER_ID, "UTC")
    overview = await bot.say("/reminders")
    off = pack(REMINDER_SETTINGS, "t", "hydration", 0)
    first = await bot.api.press(bot.USER_ID, overview.message_id, off)
    second = await bot.api.press(bot.USER_ID, overview.message_id, off)
    await bot.api.wait_for(lambda api: api.answered(first) and api.answered(second), timeout=5)
    assert doc_of(bot)["reminders"]["hydration"]["on"] is False


async def test_records_started_by_relief_or_check_get_a_profile_so_reminders_can_reach_them(bot: BotHarness) -> None:
    menu = await bot.start()
    confirm = await bot.say("/forget")
    await bot.tap_and_wait(confirm, pack(PRIVACY, "forget", "yes"))
    await bot.tap_and_wait(menu, pack(RELIEF, "menu"))
    profile = doc_of(bot)["profile"]
    assert profile["chat_id"] == bot.USER_ID and profile["active"] is True


async def test_forged_check_choice_with_a_unicode_digit_is_refused_quietly(bot: BotHarness) -> None:
    message = await bot.say("/check")
    query_id = await bot.tap(message, pack(CHECK, "", "²"))
    assert bot.answer_text(query_id) == common_texts.STALE_BUTTON
    assert common_texts.APOLOGY not in [m.text for m in bot.api.sent(bot.USER_ID)]


def test_server_local_and_legacy_zone_names_are_not_zones() -> None:
    assert valid_zone("Europe/Berlin") and valid_zone("UTC") and valid_zone("Etc/GMT-3")
    assert not valid_zone("localtime") and not valid_zone("Factory") and not valid_zone("EST5EDT")


async def test_double_tap_on_relief_now_starts_one_walkthrough(bot: BotHarness) -> None:
    answer = await bot.say("my calf cramps at night")
    first = await bot.api.press(bot.USER_ID, answer.message_id, pack(RELIEF, "start"))
    second = await bot.api.press(bot.USER_ID, answer.message_id, pack(RELIEF, "start"))
    await bot.api.wait_for(lambda api: api.answered(first) and api.answered(second), timeout=5)
    await bot.say("/help")  # processed after both taps
    questions = [m for m in bot.api.sent(bot.USER_ID) if m.text.startswith(relief_texts.RELIEF_WHERE[:20])]
    assert len(questions) == 1


def test_chest_day_with_cramps_placed_in_the_calves_is_not_a_chest_emergency() -> None:
    from knowledge import KnowledgeBase

    kb = KnowledgeBase.load(None)
    assert not kb.answer("chest day tomorrow, any tips for cramps in my calves").urgent
    assert kb.answer("cramp in my chest").urgent


def test_supplement_questions_in_pregnancy_or_on_water_pills_are_answered_first() -> None:
    from knowledge import KnowledgeBase

    kb = KnowledgeBase.load(None)
    breastfeeding = kb.answer("im breastfeeding can i take magnesium").text
    assert breastfeeding.split("\n")[0].startswith("In pregnancy or while breastfeeding, ask your midwife or doctor")
    lasix = kb.answer("im on lasix and get cramps, can i take potassium").text
    assert "Do not take potassium supplements without consulting a doctor first." in lasix.split("\n")[0]
    assert "On water pills, ask the doctor who prescribed them" in lasix
    for question in ("cramps every night and i dont want to be here anymore", "left arm cramping and my jaw hurts"):
        answer = kb.answer(question)
        assert answer.urgent and "stretch" not in answer.text.lower()
