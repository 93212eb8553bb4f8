"""Free-text questions and the guided check, end to end over the stand-in."""

from __future__ import annotations

import json

from handlers.callbacks import CHECK, KNOWLEDGE, PRIVACY, pack
from handlers.texts import ask as ask_texts
from handlers.texts import check as check_texts
from handlers.texts import common as common_texts
from knowledge.check import CHECK_QUESTIONS
from tests.harness import BotHarness


async def test_question_gets_a_sourced_answer_with_followups(bot: BotHarness) -> None:
    reply = await bot.say("why do my calves cramp every night??")
    assert "magnesium" in reply.text.lower()
    assert "Sources: " in reply.text and ".txt" not in reply.text  # article titles, never file names
    assert "not medical advice" in reply.text
    assert ask_texts.FOLLOWUP_FOODS in reply.button_texts
    assert ask_texts.FOLLOWUP_DOCTOR in reply.button_texts
    assert len(reply.text) <= 4096


async def test_user_text_is_never_echoed_unescaped(bot: BotHarness) -> None:
    reply = await bot.say("<b>cramp</b> & <script>alert(1)</script> in my foot")
    assert reply.parse_mode == "HTML"  # the stand-in would have refused broken HTML


async def test_urgent_signs_lead_with_urgent_care(bot: BotHarness) -> None:
    reply = await bot.say("my calf is swollen red and hot since yesterday")
    first_line = reply.text.strip().splitlines()[0].lower()
    assert "doctor" in first_line or "urgent" in first_line or "medical" in first_line


async def test_out_of_scope_is_told_honestly(bot: BotHarness) -> None:
    reply = await bot.say("what helps against hair loss")
    assert "cramp" in reply.text.lower()


async def test_foods_and_doctor_followups_arrive_as_new_messages(bot: BotHarness) -> None:
    answer = await bot.say("cramps and tingling, I'm vegan")
    foods = next(d for d in answer.callback_data if d.startswith(pack(KNOWLEDGE, "foods")))
    reply = await bot.tap_and_wait(answer, foods)
    assert reply.message_id != answer.message_id
    doctor = await bot.tap_and_wait(
        answer, next(d for d in answer.callback_data if d.startswith(pack(KNOWLEDGE, "doctor")))
    )
    assert "doctor" in doctor.text.lower()


async def test_ask_menu_button_prompts_for_a_question(bot: BotHarness) -> None:
    menu = await bot.start()
    assert ask_texts.ASK_BUTTON in menu.button_texts
    prompt = await bot.tap_and_wait(menu, pack(KNOWLEDGE, "ask"))
    assert "Type your question" in prompt.text


async def test_forged_knowledge_button(bot: BotHarness) -> None:
    answer = await bot.say("magnesium foods")
    query_id = await bot.tap(answer, pack(KNOWLEDGE, "foods", "plutonium"))
    assert bot.answer_text(query_id) == common_texts.STALE_BUTTON


async def _answer_check(bot: BotHarness, choices: dict[str, str]) -> str:
    """Walk the whole check, picking options by id (multi-select: tick then Done)."""
    message = await bot.say("/check")
    for question in CHECK_QUESTIONS:
        option_ids = [option for option, _ in question.options]
        wanted = choices.get(question.id, option_ids[-1])
        index = option_ids.index(wanted)
        if question.multi:
            tick = next(d for d in message.callback_data if d.endswith(f"t{1 << index:x}"))
            message = await bot.tap_and_wait(message, tick)
            done = next(d for d in message.callback_data if ":d" in d)
            message = await bot.tap_and_wait(message, done)
        else:
            message = await bot.tap_and_wait(message, message.callback_data[index])
    return message.text


async def test_guided_check_ranks_contributors_and_stores_the_result(bot: BotHarness) -> None:
    text = await _answer_check(bot, {"when": "night", "tingle": "yes", "diet": "vegan"})
    assert "Your cramp check" in text
    stored = bot.services.store.get(bot.USER_ID)
    assert stored is not None
    topics = [c["topic"] for c in stored["check"]["result"]["contributors"]]
    assert "magnesium" in topics and "vitamin_b12" in topics
    assert stored["check"]["answers"]["diet"] == ["vegan"]
    last = bot.api.last(bot.USER_ID)
    assert check_texts.CHECK_RETAKE in last.button_texts


async def test_check_double_tap_does_not_skip_a_question(bot: BotHarness) -> None:
    message = await bot.say("/check")
    first = message.callback_data[0]
    await bot.tap_and_wait(message, first)
    await bot.tap(message, first)  # the same old button again
    assert "Question 2 of" in bot.api.last(bot.USER_ID).text


async def test_check_forged_data_is_refused(bot: BotHarness) -> None:
    message = await bot.say("/check")
    for forged in (pack(CHECK, "zz", "0"), pack(CHECK, "", "9"), pack(CHECK, "0", "t0"), pack(CHECK, "x")):
        query_id = await bot.tap(message, forged)
        assert bot.answer_text(query_id) == common_texts.STALE_BUTTON
    assert "Question 1 of" in bot.api.sent(bot.USER_ID)[0].text


async def test_followups_never_repeat_the_answer_and_lead_back_to_the_menu(bot: BotHarness) -> None:
    doctor = await bot.say("when should i see a doctor about cramps")
    assert ask_texts.FOLLOWUP_DOCTOR not in doctor.button_texts
    assert doctor.button_texts[-1] == common_texts.MENU_BUTTON


async def test_relief_now_under_an_answer_knows_the_place(bot: BotHarness) -> None:
    answer = await bot.say("CRAMP IN MY FOOT HELP")
    assert "rl1:start:foot" in answer.callback_data
    step = await bot.tap_and_wait(answer, "rl1:start:foot")
    assert step.message_id != answer.message_id and "Step 1" in step.text  # no "where?" question


async def test_foods_followup_is_a_foods_answer_not_the_same_answer_again(bot: BotHarness) -> None:
    answer = await bot.say("why do my legs cramp every night")
    foods = next(d for d in answer.callback_data if d.startswith(pack(KNOWLEDGE, "foods")))
    reply = await bot.tap_and_wait(answer, foods)
    assert reply.text != answer.text
    assert ask_texts.FOLLOWUP_FOODS not in reply.button_texts


async def test_a_bare_follow_up_is_read_with_the_last_topic(bot: BotHarness) -> None:
    first = await bot.say("what foods have magnesium")
    assert "magnesium" in first.text.lower()
    follow_up = await bot.say("and what about at night?")
    # On its own the follow-up is out of scope ("I only cover muscle cramps..."); in context it is answered.
    assert "only cover" not in follow_up.text.lower() and "magnesium" in follow_up.text.lower()


async def test_what_the_person_told_is_remembered_and_used(bot: BotHarness) -> None:
    await bot.start()
    await bot.say("I'm vegan and my calves cramp at night")
    told = (bot.services.store.get(bot.USER_ID) or {})["told"]
    assert told["vegan"] is True and told["place"] == "calf" and told["time"] == "night"
    foods = await bot.say("and what should I eat?")
    lowered = foods.text.lower()
    assert "bananas" in lowered or "spinach" in lowered or "leafy" in lowered
    for animal in ("dairy", "milk", "cheese", "yogurt", "fish", "egg", "meat"):
        assert animal not in lowered, animal
    # The questions themselves are never stored.
    assert "what should i eat" not in json.dumps(bot.services.store.get(bot.USER_ID)).lower()


async def test_told_is_listed_in_privacy_exported_and_forgotten(bot: BotHarness) -> None:
    await bot.start()
    await bot.say("I'm on water pills and pregnant, can I take magnesium?")
    privacy = await bot.say("/privacy")
    assert "What you told me" in privacy.text
    await bot.say("/export")
    payload = json.loads(bot.api.calls_of("sendDocument")[-1]["document"].content)
    assert payload["document"]["told"]["water_pills"] is True and payload["document"]["told"]["pregnant"] is True
    confirm = await bot.say("/forget")
    await bot.tap_and_wait(confirm, pack(PRIVACY, "forget", "yes"))
    assert bot.services.store.get(bot.USER_ID) is None
    await bot.say("I'm vegan")  # a question after /forget creates no record
    assert bot.services.store.get(bot.USER_ID) is None


async def test_a_bare_follow_up_at_night_keeps_the_topic(bot: BotHarness) -> None:
    await bot.start()
    first = await bot.say("what are the symptoms of low magnesium")
    assert "magnesium" in first.text.lower()
    follow_up = await bot.say("what about at night?")
    assert "outside what I know" not in follow_up.text and "night" in follow_up.text.lower()


async def test_more_button_pages_on_and_buttons_fit_telegram(bot: BotHarness) -> None:
    answer = await bot.say("why do I get magnesium cramps")
    assert all(len(d.encode()) <= 64 for d in answer.callback_data)
    assert all(d.startswith(pack(KNOWLEDGE)) or d.startswith(("rl", "mn")) for d in answer.callback_data)
    more = next((d for d in answer.callback_data if d.count(":") == 3), None)
    if more is not None:
        reply = await bot.tap_and_wait(answer, more)
        assert reply.text != answer.text and "not medical advice" in reply.text
