"""Relief walkthrough end to end: the real Application over HTTP against the stand-in.

The state machine's rules (double taps, the ten-minute threshold, logging once, forged data) are
unit-tested in tests/test_relief_session.py; these tests keep what needs Telegram: screens, edits,
the hold timer, restarts and real double taps.

The walk, its timer, stale and forged buttons, restarts and starting from a place are here; the
red flags and the doctor advice in tests/test_relief_escalation.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.clock import FakeClock, utc_iso
from core.settings import Settings
from handlers import relief
from handlers.callbacks import MENU, RELIEF
from handlers.texts import common as common_texts
from handlers.texts import relief as relief_texts
from standin import BotApiStandin
from tests.harness import BotHarness
from tests.relief_helpers import (
    CLOT_CHECK,
    PLACES,
    WALK,
    app_running,
    choose,
    data_of,
    next_data,
    sends,
    session,
    start_by,
    timed_steps,
    timer_jobs,
    walk_to_end,
)


@pytest.mark.parametrize("entry", ["command", "menu"])
@pytest.mark.parametrize("place", PLACES)
async def test_walk_every_place_to_better_and_log(bot: BotHarness, place: str, entry: str) -> None:
    question = await start_by(bot, entry)
    assert "not medical advice" in (question.text or "")
    first = await choose(bot, question, place)
    assert first.message_id == question.message_id  # edited in place
    expected = bot.services.knowledge.relief_steps(place)
    stretch = next(s for s in expected if s.hold_seconds)
    assert relief_texts.with_hold(stretch.text, stretch.hold_seconds) in (first.text or "")  # the stretch comes first
    assert relief_texts.relief_timer_button(stretch.hold_seconds or 0) in first.button_texts
    end, count = await walk_to_end(bot, first)
    assert end.message_id == question.message_id
    assert count == WALK == len([s for s in expected if s.id not in relief.AFTERCARE_STEPS])
    tips = await bot.tap_and_wait(end, data_of(end, relief_texts.RELIEF_BETTER_BUTTON))
    assert (
        tips.html is not None
        and "not medical advice" in tips.html
        and "What Deficiencies Cause Leg Cramps" in tips.html
    )
    bedtime = bot.services.knowledge.prevention_tips("stretch")[0].text
    assert relief_texts.RELIEF_STRETCH_TIPS.get(place, bedtime) in (tips.text or "")
    for aftercare in (s for s in expected if s.id in relief.AFTERCARE_STEPS and s.id != "covers"):
        line = relief_texts.RELIEF_AFTERCARE_LINES.get(aftercare.id, aftercare.text)
        assert line in (tips.text or "")  # cold pack, drinks (and shoes for a foot) listed, not walked
    assert "bed covers" not in (tips.text or "")  # 11:00 in Berlin: not night
    logged = await bot.tap_and_wait(tips, data_of(tips, relief_texts.RELIEF_LOG_BUTTON))
    log = (bot.services.store.get(bot.USER_ID) or {})["cramp_log"]
    assert log == [{"at": utc_iso(bot.clock.now()), "place": place, "eased": True, "steps": count}]
    assert relief_texts.RELIEF_LOG_BUTTON not in logged.button_texts
    assert (logged.text or "").startswith(relief_texts.RELIEF_BETTER) and (logged.text or "").endswith(
        relief_texts.RELIEF_LOGGED
    )


async def test_foot_starts_with_the_stretch_and_keeps_shoes_for_later(bot: BotHarness) -> None:
    first = await choose(bot, await bot.say("/cramp"), "foot")
    assert "Step 1 of 3" in (first.text or "") and "stretch" in (first.text or "").lower()
    assert "Which Vitamin Deficiency Causes Foot Cramps?" in (first.html or "")
    seen = [first.text or ""]
    step = first
    while step.text != "How is it now?":
        step = await bot.tap_and_wait(step, next_data(step))
        seen.append(step.text or "")
    assert not any("shoes" in text for text in seen)  # nobody in bed at 3 a.m. is wearing shoes
    tips = await bot.tap_and_wait(step, data_of(step, relief_texts.RELIEF_BETTER_BUTTON))
    prevention = (tips.text or "").split("To help prevent the next one:")[1]
    assert "supportive shoes" in prevention and "Which Vitamin Deficiency Causes Foot Cramps?" in prevention


async def test_night_lists_loosening_the_covers_as_aftercare(bot: BotHarness) -> None:
    bot.clock.set(datetime(2026, 1, 14, 2, 0, tzinfo=UTC))  # 03:00 in Berlin
    end, count = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), "calf"))
    assert count == WALK
    tips = await bot.tap_and_wait(end, data_of(end, relief_texts.RELIEF_BETTER_BUTTON))
    assert "bed covers" in (tips.text or "")
    covers_screens = [e for e in bot.api.events(bot.USER_ID) if "bed covers" in str(e.payload.get("text", ""))]
    assert len(covers_screens) == 1  # only the "Better" screen, never a step


async def test_users_own_time_zone_decides_what_night_is(bot: BotHarness) -> None:
    # 10:00 UTC is day in Berlin (the default) but 05:00 in New York.
    bot.services.store.update(bot.USER_ID, {"tz": "America/New_York"})
    await choose(bot, await bot.say("/cramp"), "thigh")
    assert session(bot)["night"] is True


async def test_timer_keeps_the_layout_and_a_second_press_only_answers(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    layout = [data for row in step.buttons for _, data in row]
    timer = data_of(step, relief_texts.relief_timer_button(30))
    running = await bot.tap_and_wait(step, timer)
    assert relief_texts.RELIEF_TIMER_RUNNING in (running.html or "")
    assert running.button_texts == [
        relief_texts.RELIEF_NEXT_BUTTON,
        relief_texts.RELIEF_TIMER_RUNNING_BUTTON,
        relief_texts.RELIEF_HURTS_BUTTON,
        relief_texts.RELIEF_STOP_BUTTON,
        relief_texts.RELIEF_SWOLLEN_BUTTON,
    ]
    assert [data for row in running.buttons for _, data in row] == layout  # same slots, same buttons
    edits, running_texts = running.edits, running.button_texts
    query = await bot.tap(running, timer)
    assert bot.answer_text(query) == relief_texts.RELIEF_TIMER_ALREADY_RUNNING
    assert bot.api.last(bot.USER_ID).edits == edits and len(timer_jobs(bot)) == 1
    hurts = await bot.tap_and_wait(running, data_of(running, relief_texts.RELIEF_HURTS_BUTTON))
    assert hurts.button_texts == running_texts  # still running; nothing moved


async def test_time_up_edits_the_step_and_buzzes_without_a_second_keyboard(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    running = await bot.tap_and_wait(step, data_of(step, relief_texts.relief_timer_button(30)))
    assert len(timer_jobs(bot)) == 1 and timed_steps(bot) == [0]
    sent_before, edits_before = sends(bot), running.edits
    await timer_jobs(bot)[0].run(bot.app)
    buzz = bot.api.last(bot.USER_ID)
    assert sends(bot) == sent_before + 1 and buzz.message_id != running.message_id  # buzzes the phone
    assert buzz.html == relief_texts.RELIEF_TIME_UP_BUZZ and buzz.buttons == []  # the keyboard is not repeated
    done = next(m for m in bot.api.sent(bot.USER_ID) if m.message_id == running.message_id)
    assert done.edits == edits_before + 1 and relief_texts.relief_time_up(ask_how=False) in (done.html or "")
    assert relief_texts.RELIEF_TIMER_RUNNING not in (done.html or "")  # no screen left saying the timer is on
    assert done.button_texts == [
        relief_texts.RELIEF_NEXT_BUTTON,
        relief_texts.relief_timer_button(30),
        relief_texts.RELIEF_HURTS_BUTTON,
        relief_texts.RELIEF_STOP_BUTTON,
        relief_texts.RELIEF_SWOLLEN_BUTTON,
    ]
    after = await bot.tap_and_wait(done, data_of(done, relief_texts.RELIEF_NEXT_BUTTON))
    assert after.message_id == done.message_id and "Step 2 of 3" in (after.text or "")
    assert not timer_jobs(bot)  # moving on cancels it


async def test_timer_after_moving_on_stays_silent(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "foot")
    step = await bot.tap_and_wait(step, data_of(step, relief_texts.relief_timer_button(30)))
    job = timer_jobs(bot)[0]
    current = await bot.tap_and_wait(step, data_of(step, relief_texts.RELIEF_NEXT_BUTTON))
    activity = bot.activity(bot.USER_ID)
    await job.run(bot.app)  # fires late, after the person already went on
    assert bot.activity(bot.USER_ID) == activity and bot.api.last(bot.USER_ID).edits == current.edits


async def test_stop_ends_and_old_buttons_say_so(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    next_data = data_of(step, relief_texts.RELIEF_NEXT_BUTTON)
    stopped = await bot.tap_and_wait(step, data_of(step, relief_texts.RELIEF_STOP_BUTTON))
    assert "Stopped" in (stopped.text or "") and "not medical advice" in (stopped.text or "")
    query = await bot.tap(stopped, next_data)
    assert bot.answer_text(query) == relief_texts.RELIEF_ENDED
    assert session(bot)["step"] == 0


async def test_button_of_an_older_walkthrough_is_stale_and_newer_one_goes_on(bot: BotHarness) -> None:
    old = await choose(bot, await bot.say("/cramp"), "calf")
    old_next = data_of(old, relief_texts.RELIEF_NEXT_BUTTON)
    new = await choose(bot, await bot.say("/cramp"), "foot")
    query = await bot.tap(old, old_next)
    assert bot.answer_text(query) == relief_texts.RELIEF_ENDED
    ended = (
        await bot.api.wait_for(
            lambda api: [
                m
                for m in api.sent(bot.USER_ID)
                if m.message_id == old.message_id and m.text == relief_texts.RELIEF_ENDED_MESSAGE
            ]
        )
    )[0]
    assert ended.text == relief_texts.RELIEF_ENDED_MESSAGE and relief_texts.RELIEF_AGAIN_BUTTON in ended.button_texts
    assert session(bot)["place"] == "foot" and session(bot)["step"] == 0
    step2 = await bot.tap_and_wait(new, data_of(new, relief_texts.RELIEF_NEXT_BUTTON))
    assert "Step 2 of" in (step2.text or "")
    await bot.tap_and_wait(ended, data_of(ended, relief_texts.RELIEF_AGAIN_BUTTON))
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
        assert bot.answer_text(query) == common_texts.STALE_BUTTON, data
    assert session(bot)["step"] == 0
    await bot.api.wait_for(
        lambda api: (
            len([m for m in api.sent(bot.USER_ID) if m.text == common_texts.STALE_BUTTON_MESSAGE]) == len(forged)
        )
    )
    await bot.tap_and_wait(step, data_of(step, relief_texts.RELIEF_NEXT_BUTTON))
    edited = next(m for m in bot.api.sent(bot.USER_ID) if m.message_id == step.message_id)
    assert "Step 2 of" in (edited.text or "")


async def test_double_tap_on_next_advances_one_step(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    data = data_of(step, relief_texts.RELIEF_NEXT_BUTTON)
    first = await bot.api.press(bot.USER_ID, step.message_id, data)
    second = await bot.api.press(bot.USER_ID, step.message_id, data)
    await bot.api.wait_for(lambda api: api.answered(first) is not None and api.answered(second) is not None)
    assert session(bot)["step"] == 1
    assert "Step 2 of" in (bot.api.last(bot.USER_ID).text or "")
    assert bot.answer_text(second) == relief_texts.RELIEF_ALREADY_DONE


async def test_double_tap_on_a_place_chooses_once(bot: BotHarness) -> None:
    question = await bot.say("/cramp")
    data = data_of(question, relief_texts.RELIEF_PLACE_BUTTONS["calf"])
    first = await bot.api.press(bot.USER_ID, question.message_id, data)
    second = await bot.api.press(bot.USER_ID, question.message_id, data)
    await bot.api.wait_for(lambda api: api.answered(first) is not None and api.answered(second) is not None)
    assert session(bot)["step"] == 0 and "Step 1 of" in (bot.api.last(bot.USER_ID).text or "")


async def test_no_dead_reminder_button_without_the_reminders_feature(bot: BotHarness) -> None:
    end, _ = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), "calf"))
    tips = await bot.tap_and_wait(end, data_of(end, relief_texts.RELIEF_BETTER_BUTTON))
    has_reminders = relief.reminder_button_data(bot.app.bot_data) is not None
    assert (relief_texts.RELIEF_REMINDER_BUTTON in tips.button_texts) == has_reminders
    for data in tips.callback_data:  # every button leads somewhere a handler listens
        assert data.startswith((RELIEF + ":", MENU + ":", "rm1:"))


async def test_walkthrough_survives_a_restart(standin: BotApiStandin, settings: Settings, clock: FakeClock) -> None:
    async with app_running(settings, clock, standin) as first_run:
        step = await choose(first_run, await first_run.say("/cramp"), "calf")
        step = await first_run.tap_and_wait(step, data_of(step, relief_texts.RELIEF_NEXT_BUTTON))
        assert "Step 2 of" in (step.text or "")
    async with app_running(settings, clock, standin) as second_run:
        after = await second_run.tap_and_wait(step, data_of(step, relief_texts.RELIEF_NEXT_BUTTON))
        assert after.message_id == step.message_id and "Step 3 of" in (after.text or "")
        assert session(second_run)["step"] == 2


async def test_a_timer_lost_in_a_restart_starts_again_from_its_running_button(
    standin: BotApiStandin, settings: Settings, clock: FakeClock
) -> None:
    async with app_running(settings, clock, standin) as first_run:
        step = await choose(first_run, await first_run.say("/cramp"), "calf")
        timer = data_of(step, relief_texts.relief_timer_button(30))
        running = await first_run.tap_and_wait(step, timer)
        assert relief_texts.RELIEF_TIMER_RUNNING_BUTTON in running.button_texts and timer_jobs(first_run)
    async with app_running(settings, clock, standin) as second_run:
        assert not timer_jobs(second_run)  # jobs live in memory only
        query = await second_run.tap(running, timer)
        assert second_run.answer_text(query) is None  # not "already running": a fresh timer
        assert timed_steps(second_run) == [0]


async def test_hold_said_once_done_on_the_last_step_and_cold_pack_for_after(bot: BotHarness) -> None:
    first = await choose(bot, await bot.say("/cramp"), "foot")
    assert "Gently stretch the cramped foot muscle and hold it for about 30 seconds." in (first.text or "")
    assert "Hold it for about" not in (first.text or "")
    second = await bot.tap_and_wait(first, data_of(first, relief_texts.RELIEF_NEXT_BUTTON))
    third = await bot.tap_and_wait(second, data_of(second, relief_texts.RELIEF_NEXT_BUTTON))
    assert "Step 3 of 3" in (third.text or "")
    assert third.button_texts[0] == "✅ Done" and relief_texts.RELIEF_NEXT_BUTTON not in third.button_texts
    end = await bot.tap_and_wait(third, data_of(third, "✅ Done"))
    tips = await bot.tap_and_wait(end, data_of(end, relief_texts.RELIEF_BETTER_BUTTON))
    assert "• A cold pack can ease leftover soreness." in (tips.text or "")
    assert "once it eases" not in (tips.text or "").lower()
    calf = await choose(bot, await bot.say("/cramp"), "calf")  # an instruction without "hold it" keeps its line
    assert "toward your body.\nHold it for about 30 seconds." in (calf.text or "")


@pytest.mark.parametrize("place", PLACES)
async def test_start_with_a_place_skips_the_where_question(bot: BotHarness, place: str) -> None:
    answer = await bot.start()  # stands in for the knowledge answer the button sits under
    first = await bot.tap_and_wait(answer, f"rl1:start:{place}")
    assert first.message_id != answer.message_id  # a new message below; the answer stays
    assert "Where is the cramp?" not in (first.text or "") and "Step 1 of 3" in (first.text or "")
    stretch = next(s for s in bot.services.knowledge.relief_steps(place) if s.hold_seconds)
    assert relief_texts.with_hold(stretch.text, stretch.hold_seconds) in (first.text or "")
    assert (CLOT_CHECK.get(place, "") in (first.text or "")) and first.button_texts[
        -1
    ] == relief_texts.RELIEF_SWOLLEN_BUTTON
    assert session(bot)["place"] == place and session(bot)["step"] == 0 and "night" in session(bot)


async def test_start_with_a_place_walks_on_and_a_double_tap_starts_once(bot: BotHarness) -> None:
    answer = await bot.start()
    data = relief.start_button_data("foot")
    first_press = await bot.api.press(bot.USER_ID, answer.message_id, data)
    second_press = await bot.api.press(bot.USER_ID, answer.message_id, data)
    await bot.api.wait_for(lambda api: api.answered(first_press) is not None and api.answered(second_press) is not None)
    await bot.api.wait_for(lambda api: any("Step 1 of" in (m.text or "") for m in api.sent(bot.USER_ID)))
    assert len([m for m in bot.api.sent(bot.USER_ID) if "Step 1 of" in (m.text or "")]) == 1
    first = bot.api.last(bot.USER_ID)
    end, count = await walk_to_end(bot, first)
    assert count == WALK and end.message_id == first.message_id
    tips = await bot.tap_and_wait(end, data_of(end, relief_texts.RELIEF_BETTER_BUTTON))
    assert "supportive shoes" in (tips.text or "") and session(bot)["ended"] == "better"


async def test_plain_start_still_asks_where(bot: BotHarness) -> None:
    answer = await bot.start()
    question = await bot.tap_and_wait(answer, relief.start_button_data())
    assert question.message_id != answer.message_id and "Where is the cramp?" in (question.text or "")
    first = await choose(bot, question, "thigh")
    assert CLOT_CHECK["thigh"] in (first.text or "")


async def test_a_walkthrough_stored_by_the_old_handler_walks_on(bot: BotHarness) -> None:
    """A session dict as the single-module handler wrote it is read at the store boundary and walks on;
    what is stored back keeps that shape."""
    menu = await bot.start()  # any live bot message can carry the old walkthrough's button
    started = utc_iso(bot.clock.now() - timedelta(minutes=1))
    old = {"id": "0a1b2c", "place": "foot", "step": 1, "started_at": started, "night": False}
    bot.services.store.update(bot.USER_ID, {"relief": old})
    step = await bot.tap_and_wait(menu, "rl1:0a1b2c:foot:1:n")
    assert "Step 3 of 3" in (step.text or "") and step.button_texts[0] == relief_texts.RELIEF_DONE_BUTTON
    assert session(bot) == {**old, "step": 2}
    end = await bot.tap_and_wait(step, data_of(step, relief_texts.RELIEF_DONE_BUTTON))
    tips = await bot.tap_and_wait(end, data_of(end, relief_texts.RELIEF_BETTER_BUTTON))
    assert (tips.text or "").startswith(relief_texts.RELIEF_BETTER)
    assert session(bot) == {**old, "step": 3, "ended": "better"}
