"""Handlers, fast: the real Application fed with `process_update`, over a recording BaseRequest.

No HTTP and no stand-in (see tests/unit.py); each test reads the Bot API calls a handler made.
The end-to-end tests cover the same features over real HTTP; these pin each feature's own
decisions in milliseconds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.clock import FakeClock
from core.settings import Settings
from handlers.callbacks import DIARY, MENU, PRIVACY, RELIEF, TIMEZONE, pack, relief_start_data, reminder_offer_data
from handlers.texts import ask as ask_texts
from handlers.texts import check as check_texts
from handlers.texts import common as common_texts
from handlers.texts import diary as diary_texts
from handlers.texts import privacy as privacy_texts
from handlers.texts import relief as relief_texts
from handlers.texts import timezone as timezone_texts
from knowledge import KnowledgeBase
from knowledge.check import CHECK_QUESTIONS
from tests.harness import TOKEN
from tests.unit import UnitBot, unit_bot

ADMIN_ID = 9001


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    # Loading takes a second or so: once per module, like the bot does once per process.
    return KnowledgeBase.load(None)


@pytest.fixture
async def bot(tmp_path: Path, knowledge: KnowledgeBase) -> AsyncIterator[UnitBot]:
    settings = Settings(
        bot_token=TOKEN,
        bot_api_url="http://unused.invalid/bot",  # nothing is sent: the request records
        data_dir=tmp_path / "data",
        admin_ids=frozenset({ADMIN_ID}),
        default_tz="Europe/Berlin",
    )
    clock = FakeClock(datetime(2026, 1, 14, 10, 0, tzinfo=UTC))
    async with unit_bot(settings, knowledge, clock) as unit:
        yield unit


# --- the layer itself ---------------------------------------------------------------------------
async def test_start_up_sets_the_command_menu_without_any_network(bot: UnitBot) -> None:
    assert bot.request.methods()[:1] == ["getMe"]
    # one menu per language we speak; the default (no language_code) is English
    set_commands = [call for call in bot.request.calls if call.method == "setMyCommands"]
    set_commands = [call for call in set_commands if call.params.get("language_code") is None]
    assert len(set_commands) == 1
    assert {"start", "cramp", "reminders", "timezone"} <= {c["command"] for c in set_commands[0].params["commands"]}


# --- start and the menu -------------------------------------------------------------------------
async def test_start_welcomes_a_new_person_then_asks_the_zone_once(bot: UnitBot) -> None:
    calls = await bot.say("/start")
    sent = [call for call in calls if call.method == "sendMessage"]
    assert [call.text for call in sent] == [common_texts.welcome("Ann"), timezone_texts.TIMEZONE_ONBOARDING]
    label, data = sent[0].buttons()[0]  # the urgent one first
    assert label == relief_texts.RELIEF_MENU_BUTTON and data.startswith(RELIEF + ":")
    again = await bot.say("/start")
    assert [call.text for call in again if call.method == "sendMessage"] == [common_texts.welcome("Ann")]


async def test_menu_button_edits_the_message_in_place(bot: UnitBot) -> None:
    calls = await bot.tap(pack(MENU, "help"))
    assert [call.method for call in calls] == ["answerCallbackQuery", "editMessageText"]
    assert calls[1].text == common_texts.HELP and calls[1].params["message_id"] == 1000


# --- fallback and guard -------------------------------------------------------------------------
async def test_unknown_command_offers_the_menu(bot: UnitBot) -> None:
    calls = await bot.say("/frobnicate")
    assert [call.text for call in calls] == [common_texts.UNKNOWN_COMMAND]
    assert (common_texts.HELP_BUTTON, pack(MENU, "help")) in calls[0].buttons()


async def test_a_forged_button_is_answered_as_stale(bot: UnitBot) -> None:
    calls = await bot.tap("zz9:nothing")
    assert calls[0].method == "answerCallbackQuery" and calls[0].params["text"] == common_texts.STALE_BUTTON
    assert calls[1].text == common_texts.STALE_BUTTON_MESSAGE


async def test_a_group_gets_one_pointer_to_the_private_chat_and_nothing_is_stored(bot: UnitBot) -> None:
    calls = await bot.process(bot.updates.text(bot.USER_ID, "/start", chat_id=-100, chat_type="group"))
    assert [(call.params["chat_id"], call.text) for call in calls] == [(-100, common_texts.GROUP_PLEASE_PRIVATE)]
    chatter = await bot.process(bot.updates.text(bot.USER_ID, "my calf hurts", chat_id=-100, chat_type="group"))
    assert chatter == []  # plain talk in a group is not for us
    assert bot.services.store.get(bot.USER_ID) is None


# --- reminders and time zone (siblings: the zone question comes through the menu's entry screen)
async def test_reminders_without_a_zone_show_the_zone_question(bot: UnitBot) -> None:
    calls = await bot.say("/reminders")
    assert [call.text for call in calls] == [timezone_texts.TIMEZONE_PROMPT]
    assert any(data.startswith(TIMEZONE + ":set:") for _, data in calls[0].buttons())


async def test_an_offer_tap_asks_the_zone_for_that_kind_and_a_typed_zone_answers_it(bot: UnitBot) -> None:
    calls = await bot.tap(reminder_offer_data("stretch"))
    assert calls[-1].text == timezone_texts.timezone_prompt_for("stretch")
    await bot.say("Europe/Lisbon")
    doc = bot.services.store.get(bot.USER_ID) or {}
    assert doc["tz"] == "Europe/Lisbon"
    assert {kind: cfg["on"] for kind, cfg in doc["reminders"].items()} == {
        "hydration": False,
        "stretch": True,
        "food": False,
        "weekly": False,
    }


async def test_timezone_command_with_a_zone_sets_it(bot: UnitBot) -> None:
    await bot.say("/timezone Asia/Tokyo")
    assert (bot.services.store.get(bot.USER_ID) or {})["tz"] == "Asia/Tokyo"


# --- relief ---------------------------------------------------------------------------------------
async def test_cramp_command_asks_where(bot: UnitBot) -> None:
    calls = await bot.say("/cramp")
    assert [call.text for call in calls] == [relief_texts.relief_where()]
    assert len(calls[0].buttons()) >= 3  # the places, one per row


# --- ask --------------------------------------------------------------------------------------------
async def test_a_question_gets_an_answer_with_the_disclaimer_and_relief_for_that_place(bot: UnitBot) -> None:
    calls = await bot.say("why do my calves cramp at night?")
    sent = [call for call in calls if call.method == "sendMessage"]
    assert len(sent) == 1 and "not medical advice" in sent[0].text
    assert (ask_texts.FOLLOWUP_RELIEF, relief_start_data("calf")) in sent[0].buttons()


# --- privacy ------------------------------------------------------------------------------------------
async def test_forget_asks_first_and_deletes_only_on_yes(bot: UnitBot) -> None:
    await bot.say("/start")
    calls = await bot.say("/forget")
    assert calls[-1].text == privacy_texts.FORGET_CONFIRM
    assert bot.services.store.get(bot.USER_ID) is not None
    yes = next(data for label, data in calls[-1].buttons() if label == privacy_texts.FORGET_YES)
    assert yes.startswith(PRIVACY)
    await bot.tap(yes)
    assert bot.services.store.get(bot.USER_ID) is None


# --- admin ------------------------------------------------------------------------------------------
async def test_admin_is_an_unknown_command_for_everyone_else(bot: UnitBot) -> None:
    calls = await bot.say("/admin")
    assert [call.text for call in calls] == [common_texts.UNKNOWN_COMMAND]


async def test_admin_sees_the_figures(bot: UnitBot) -> None:
    await bot.say("/start")
    calls = await bot.say("/admin", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("<b>Cramp Coach — admin</b>")
    assert "Users: 1" in calls[-1].text  # the admin never started; only the person did


# --- check --------------------------------------------------------------------------------------------
async def test_the_check_walks_every_question_to_a_stored_result(bot: UnitBot) -> None:
    calls = await bot.say("/check")
    screen = calls[-1]
    assert screen.text.startswith(check_texts.check_intro(len(CHECK_QUESTIONS)))
    for _ in range(3 * len(CHECK_QUESTIONS)):  # single choices: one tap; multi-select: a tick, then Done
        labels = dict(screen.buttons())
        if check_texts.CHECK_RETAKE in labels:
            break
        done = labels.get(check_texts.CHECK_MULTI_DONE)
        tapped = await bot.tap(done if done is not None else screen.buttons()[0][1])
        screen = next(call for call in reversed(tapped) if call.method == "editMessageText")
    assert check_texts.CHECK_RETAKE in dict(screen.buttons())
    stored = (bot.services.store.get(bot.USER_ID) or {}).get("check")
    assert stored is not None and len(stored["answers"]) == len(CHECK_QUESTIONS)


# --- diary --------------------------------------------------------------------------------------------
async def test_diary_opens_with_its_own_buttons_and_stores_nothing(bot: UnitBot) -> None:
    calls = await bot.say("/diary")
    assert [call.method for call in calls] == ["sendMessage"]
    places = calls[0].buttons()[: len(diary_texts.DIARY_PLACES)]  # logging starts with where, one tap
    assert [label for label, _ in places] == list(diary_texts.DIARY_PLACES.values())
    assert all(data.startswith(DIARY + ":") for _, data in places)
    assert (common_texts.MENU_BUTTON, pack(MENU, "home")) in calls[0].buttons()
    assert bot.services.store.get(bot.USER_ID) is None
