"""Relief walkthrough end to end: the real Application over HTTP against the stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import re
from datetime import datetime, timedelta, timezone

import pytest

from bot.app import build_application, open_services, running
from bot.clock import FakeClock, utc_iso
from bot.config import Settings
from handlers import relief, texts
from handlers.callbacks import MENU, RELIEF, pack
from standin import BotApiStandin, SentMessage
from tests.harness import BotHarness

PLACES = ("calf", "foot", "thigh", "other")
# A step ends with its source in italics, naming the seed file.
SOURCE_RE = re.compile(r"\n<i>Source: [^<]*\d{3}_[0-9a-f]{16}\.txt[^<]*</i>$")


def data_of(message: SentMessage, button_text: str) -> str:
    for text, data in (b for row in message.buttons for b in row):
        if text == button_text and data is not None:
            return data
    raise AssertionError(f"no button {button_text!r} in {message.button_texts}")


def session(bot: BotHarness) -> dict:
    doc = bot.services.store.get(bot.USER_ID) or {}
    return doc.get("relief") or {}


async def start_by(bot: BotHarness, entry: str) -> SentMessage:
    """Open the walkthrough by /cramp or the main-menu button; returns the "where?" message."""
    if entry == "command":
        return await bot.say("/cramp")
    menu = await bot.start()
    question = await bot.tap_and_wait(menu, data_of(menu, texts.RELIEF_MENU_BUTTON))
    assert question.message_id == menu.message_id  # the menu turns into the walkthrough
    return question


async def choose(bot: BotHarness, question: SentMessage, place: str) -> SentMessage:
    assert question.text is not None and "Where is the cramp?" in question.text
    return await bot.tap_and_wait(question, data_of(question, texts.RELIEF_PLACE_BUTTONS[place]))


async def walk_to_end(bot: BotHarness, step: SentMessage) -> tuple[SentMessage, int]:
    """Press "Done, next" until "How is it now?"; checks each step on the way; returns (end, steps)."""
    count = 0
    while step.text != "How is it now?":
        count += 1
        assert step.html is not None and f"Step {count} of" in step.html
        assert SOURCE_RE.search(step.html), step.html
        assert "not medical advice" not in step.html  # disclaimer only at the start and the end
        assert step.button_texts[0] == texts.RELIEF_NEXT_BUTTON
        assert all(len(row) == 1 for row in step.buttons)  # one big button per row
        step = await bot.tap_and_wait(step, data_of(step, texts.RELIEF_NEXT_BUTTON))
        assert count < 20
    return step, count


@pytest.mark.parametrize("entry", ["command", "menu"])
@pytest.mark.parametrize("place", PLACES)
async def test_walk_every_place_to_better_and_log(bot: BotHarness, place: str, entry: str) -> None:
    question = await start_by(bot, entry)
    assert "not medical advice" in (question.text or "")
    first = await choose(bot, question, place)
    assert first.message_id == question.message_id  # edited in place
    expected = bot.services.knowledge.relief_steps(place)
    assert expected[0].text in (first.text or "")
    end, count = await walk_to_end(bot, first)
    assert end.message_id == question.message_id
    assert count == len([s for s in expected if s.id != "covers"])  # 11:00 in Berlin: not night
    tips = await bot.tap_and_wait(end, data_of(end, texts.RELIEF_BETTER_BUTTON))
    assert tips.html is not None and "not medical advice" in tips.html and "001_a7ee788273da627c.txt" in tips.html
    assert bot.services.knowledge.prevention_tips("stretch")[0].text in (tips.text or "")
    await bot.tap_and_wait(tips, data_of(tips, texts.RELIEF_LOG_BUTTON))
    log = (bot.services.store.get(bot.USER_ID) or {})["cramp_log"]
    assert log == [{"at": utc_iso(bot.clock.now()), "place": place, "eased": True, "steps": count}]
    assert texts.RELIEF_LOG_BUTTON not in bot.api.last(bot.USER_ID).button_texts


async def test_commands_and_menu_offer_the_walkthrough(bot: BotHarness) -> None:
    menu = await bot.start()
    assert menu.button_texts[0] == texts.RELIEF_MENU_BUTTON
    assert "cramp" in [c["command"] for c in bot.api.commands]


async def test_knowledge_answer_button_starts_below_the_answer(bot: BotHarness) -> None:
    answer = await bot.start()  # stands in for a knowledge answer carrying the button
    before = len(bot.api.sent(bot.USER_ID))
    question = await bot.tap_and_wait(answer, pack(RELIEF, "start"))
    assert len(bot.api.sent(bot.USER_ID)) == before + 1  # a new message; the answer stays
    assert question.message_id != answer.message_id and "Where is the cramp?" in (question.text or "")
    assert bot.api.sent(bot.USER_ID)[before - 1].edits == 0


async def test_relief_now_under_a_real_knowledge_answer_starts_the_walkthrough(bot: BotHarness) -> None:
    answer = await bot.say("How do I stop a calf cramp?")
    question = await bot.tap_and_wait(answer, data_of(answer, texts.FOLLOWUP_RELIEF))
    assert data_of(answer, texts.FOLLOWUP_RELIEF) == pack(RELIEF, "start")
    assert question.message_id != answer.message_id and "Where is the cramp?" in (question.text or "")


async def test_night_adds_loosening_the_covers(bot: BotHarness) -> None:
    bot.clock.set(datetime(2026, 1, 14, 2, 0, tzinfo=timezone.utc))  # 03:00 in Berlin
    _, count = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), "calf"))
    assert count == len(bot.services.knowledge.relief_steps("calf"))
    covers_edits = [e for e in bot.api.events(bot.USER_ID) if "bed covers" in str(e.payload.get("text", ""))]
    assert len(covers_edits) == 1


async def test_users_own_time_zone_decides_what_night_is(bot: BotHarness) -> None:
    # 10:00 UTC is day in Berlin (the default) but 05:00 in New York.
    bot.services.store.update(bot.USER_ID, {"tz": "America/New_York"})
    await choose(bot, await bot.say("/cramp"), "thigh")
    assert session(bot)["night"] is True


async def test_hold_timer_replaces_earlier_timer_and_edits_once(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    timer = data_of(step, texts.relief_timer_button(30))
    running_msg = await bot.tap_and_wait(step, timer)
    assert texts.RELIEF_TIMER_RUNNING in (running_msg.html or "")
    await bot.tap(running_msg, timer)  # a second press replaces the first timer
    jobs = [j for j in bot.app.job_queue.jobs() if j.name == relief.timer_job_name(bot.USER_ID)]
    assert len(jobs) == 1
    edits_before = bot.api.last(bot.USER_ID).edits
    await jobs[0].run(bot.app)
    done = bot.api.last(bot.USER_ID)
    assert done.edits == edits_before + 1 and "Time's up" in (done.text or "")
    assert texts.RELIEF_NEXT_BUTTON in done.button_texts
    after = await bot.tap_and_wait(done, data_of(done, texts.RELIEF_NEXT_BUTTON))
    assert "Step 2 of" in (after.text or "")
    assert not bot.app.job_queue.get_jobs_by_name(relief.timer_job_name(bot.USER_ID))  # moving on cancels it


async def test_timer_after_moving_on_stays_silent(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "foot")
    while texts.relief_timer_button(30) not in step.button_texts:
        step = await bot.tap_and_wait(step, data_of(step, texts.RELIEF_NEXT_BUTTON))
    step = await bot.tap_and_wait(step, data_of(step, texts.relief_timer_button(30)))
    job = bot.app.job_queue.get_jobs_by_name(relief.timer_job_name(bot.USER_ID))[0]
    current = await bot.tap_and_wait(step, data_of(step, texts.RELIEF_NEXT_BUTTON))
    edits = current.edits
    await job.run(bot.app)  # fires late, after the person already went on
    assert bot.api.last(bot.USER_ID).edits == edits


async def test_still_hurts_then_escalation_at_the_last_step(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "other")
    hurts = await bot.tap_and_wait(step, data_of(step, texts.RELIEF_HURTS_BUTTON))
    assert texts.RELIEF_STILL_HURTS in (hurts.text or "") and texts.RELIEF_SWOLLEN_BUTTON in hurts.button_texts
    steps = len(bot.services.knowledge.relief_steps("other"))
    for _ in range(steps - 1):
        hurts = await bot.tap_and_wait(hurts, data_of(hurts, texts.RELIEF_NEXT_BUTTON))
    assert f"Step {steps} of {steps}" in (hurts.text or "")
    advice = await bot.tap_and_wait(hurts, data_of(hurts, texts.RELIEF_HURTS_BUTTON))
    assert (advice.html or "").startswith(texts.RELIEF_NOT_EASING)
    assert "When to see a doctor" in (advice.text or "")
    await bot.tap_and_wait(advice, data_of(advice, texts.RELIEF_LOG_BUTTON))
    assert (bot.services.store.get(bot.USER_ID) or {})["cramp_log"][0]["eased"] is False


async def test_still_cramping_after_all_steps_gets_doctor_advice_and_may_still_ease(bot: BotHarness) -> None:
    end, _ = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), "thigh"))
    advice = await bot.tap_and_wait(end, data_of(end, texts.RELIEF_STILL_CRAMPING_BUTTON))
    assert (advice.html or "").startswith(texts.RELIEF_NOT_EASING)
    tips = await bot.tap_and_wait(advice, data_of(advice, texts.RELIEF_EASED_BUTTON))
    assert texts.RELIEF_BETTER in (tips.text or "")
    assert session(bot)["ended"] == "better"


async def test_more_than_ten_minutes_gets_doctor_advice(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    step = await bot.tap_and_wait(step, data_of(step, texts.RELIEF_NEXT_BUTTON))
    bot.clock.advance(timedelta(minutes=10, seconds=1))
    advice = await bot.tap_and_wait(step, data_of(step, texts.RELIEF_NEXT_BUTTON))
    assert (advice.html or "").startswith(texts.RELIEF_TOO_LONG)
    assert session(bot)["ended"] == "too_long"


async def test_swollen_red_warm_is_urgent(bot: BotHarness) -> None:
    end, _ = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), "calf"))
    advice = await bot.tap_and_wait(end, data_of(end, texts.RELIEF_SWOLLEN_BUTTON))
    assert (advice.text or "").startswith("🔴 Get medical help today.")
    assert texts.RELIEF_EASED_BUTTON not in advice.button_texts
    assert session(bot)["ended"] == "urgent"


async def test_swollen_from_the_still_hurts_screen_mid_walk(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "foot")
    hurts = await bot.tap_and_wait(step, data_of(step, texts.RELIEF_HURTS_BUTTON))
    advice = await bot.tap_and_wait(hurts, data_of(hurts, texts.RELIEF_SWOLLEN_BUTTON))
    assert (advice.text or "").startswith("🔴 Get medical help today.")


async def test_stop_ends_and_old_buttons_say_so(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    next_data = data_of(step, texts.RELIEF_NEXT_BUTTON)
    stopped = await bot.tap_and_wait(step, data_of(step, texts.RELIEF_STOP_BUTTON))
    assert "Stopped" in (stopped.text or "") and "not medical advice" in (stopped.text or "")
    query = await bot.tap(stopped, next_data)
    assert bot.answer_text(query) == texts.RELIEF_ENDED
    assert session(bot)["step"] == 0


async def test_button_of_an_older_walkthrough_is_stale_and_newer_one_goes_on(bot: BotHarness) -> None:
    old = await choose(bot, await bot.say("/cramp"), "calf")
    old_next = data_of(old, texts.RELIEF_NEXT_BUTTON)
    new = await choose(bot, await bot.say("/cramp"), "foot")
    query = await bot.tap(old, old_next)
    assert bot.answer_text(query) == texts.RELIEF_ENDED
    ended = (await bot.api.wait_for(
        lambda api: [m for m in api.sent(bot.USER_ID) if m.message_id == old.message_id and m.text == texts.RELIEF_ENDED_MESSAGE]
    ))[0]
    assert ended.text == texts.RELIEF_ENDED_MESSAGE and texts.RELIEF_AGAIN_BUTTON in ended.button_texts
    assert session(bot)["place"] == "foot" and session(bot)["step"] == 0
    step2 = await bot.tap_and_wait(new, data_of(new, texts.RELIEF_NEXT_BUTTON))
    assert "Step 2 of" in (step2.text or "")
    await bot.tap_and_wait(ended, data_of(ended, texts.RELIEF_AGAIN_BUTTON))
    again = next(m for m in bot.api.sent(bot.USER_ID) if m.message_id == old.message_id)
    assert "Where is the cramp?" in (again.text or "")  # "start again" restarts in that message


async def test_forged_buttons_are_answered_and_bot_keeps_serving(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    sid = session(bot)["id"]
    forged = [
        "rl1:calf:99:n",
        f"rl1:{sid}:knee:0:n",
        f"rl1:{sid}:calf:zz:n",
        f"rl1:{sid}:calf:99:n",
        f"rl1:{sid}:thigh:0:n",  # the right session, a place it never had
        f"rl1:{sid}:calf:0:q",
        "rl1",
    ]
    for data in forged:
        query = await bot.tap(step, data)
        assert bot.answer_text(query) == texts.STALE_BUTTON, data
    assert session(bot)["step"] == 0
    await bot.api.wait_for(
        lambda api: len([m for m in api.sent(bot.USER_ID) if m.text == texts.STALE_BUTTON_MESSAGE]) == len(forged)
    )
    await bot.tap_and_wait(step, data_of(step, texts.RELIEF_NEXT_BUTTON))
    edited = next(m for m in bot.api.sent(bot.USER_ID) if m.message_id == step.message_id)
    assert "Step 2 of" in (edited.text or "")


async def test_double_tap_on_next_advances_one_step(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    data = data_of(step, texts.RELIEF_NEXT_BUTTON)
    first = await bot.api.press(bot.USER_ID, step.message_id, data)
    second = await bot.api.press(bot.USER_ID, step.message_id, data)
    await bot.api.wait_for(lambda api: api.answered(first) is not None and api.answered(second) is not None)
    assert session(bot)["step"] == 1
    assert "Step 2 of" in (bot.api.last(bot.USER_ID).text or "")
    assert bot.answer_text(second) == texts.RELIEF_ALREADY_DONE


async def test_double_tap_on_a_place_chooses_once(bot: BotHarness) -> None:
    question = await bot.say("/cramp")
    data = data_of(question, texts.RELIEF_PLACE_BUTTONS["calf"])
    first = await bot.api.press(bot.USER_ID, question.message_id, data)
    second = await bot.api.press(bot.USER_ID, question.message_id, data)
    await bot.api.wait_for(lambda api: api.answered(first) is not None and api.answered(second) is not None)
    assert session(bot)["step"] == 0 and "Step 1 of" in (bot.api.last(bot.USER_ID).text or "")


async def test_log_twice_writes_one_entry(bot: BotHarness) -> None:
    end, _ = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), "foot"))
    tips = await bot.tap_and_wait(end, data_of(end, texts.RELIEF_BETTER_BUTTON))
    log_data = data_of(tips, texts.RELIEF_LOG_BUTTON)
    await bot.tap_and_wait(tips, log_data)
    query = await bot.tap(tips, log_data)  # from the old keyboard the person still had
    assert bot.answer_text(query) == texts.RELIEF_ALREADY_LOGGED
    assert len((bot.services.store.get(bot.USER_ID) or {})["cramp_log"]) == 1


async def test_no_dead_reminder_button_without_the_reminders_feature(bot: BotHarness) -> None:
    end, _ = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), "calf"))
    tips = await bot.tap_and_wait(end, data_of(end, texts.RELIEF_BETTER_BUTTON))
    has_reminders = relief.reminder_button_data(bot.app.bot_data) is not None
    assert (texts.RELIEF_REMINDER_BUTTON in tips.button_texts) == has_reminders
    for data in tips.callback_data:  # every button leads somewhere a handler listens
        assert data.startswith((RELIEF + ":", MENU + ":", "rm1:"))


@asynccontextmanager
async def app_running(settings: Settings, clock: FakeClock, standin: BotApiStandin) -> AsyncIterator[BotHarness]:
    svc = open_services(settings, clock)
    app = build_application(settings, svc)
    async with running(app):
        yield BotHarness(api=standin, app=app, services=svc, clock=clock)


async def test_walkthrough_survives_a_restart(standin: BotApiStandin, settings: Settings, clock: FakeClock) -> None:
    async with app_running(settings, clock, standin) as first_run:
        step = await choose(first_run, await first_run.say("/cramp"), "calf")
        step = await first_run.tap_and_wait(step, data_of(step, texts.RELIEF_NEXT_BUTTON))
        assert "Step 2 of" in (step.text or "")
    async with app_running(settings, clock, standin) as second_run:
        after = await second_run.tap_and_wait(step, data_of(step, texts.RELIEF_NEXT_BUTTON))
        assert after.message_id == step.message_id and "Step 3 of" in (after.text or "")
        assert session(second_run)["step"] == 2


def test_callback_data_round_trip_and_size() -> None:
    press = relief.Press("a1b2c3", "thigh", 12, relief.BETTER)
    data = relief.button(press, relief.TIMER)
    assert len(data.encode()) <= 64
    assert relief.decode(data) == relief.Press("a1b2c3", "thigh", 12, relief.TIMER)
    assert relief.decode(pack(RELIEF, "start")) == "start"
    for forged in ("rl1:calf:99:n", "rl1:A1B2C3:calf:0:n", "rl1:a1b2c3:calf:-1:n", "mn1:home", ""):
        with pytest.raises(relief.ForgedButton):
            relief.decode(forged)
