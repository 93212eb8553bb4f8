"""Relief walkthrough end to end: the real Application over HTTP against the stand-in.

The state machine's rules (double taps, the ten-minute threshold, logging once, forged data) are
unit-tested in tests/test_relief_session.py; these tests keep what needs Telegram: screens, edits,
the hold timer, restarts and real double taps."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from telegram.ext import Job

from bot.app import build_application, open_services, running
from core.clock import FakeClock, utc_iso
from core.settings import Settings
from handlers import relief
from handlers.callbacks import MENU, RELIEF
from handlers.texts import common as common_texts
from handlers.texts import relief as relief_texts
from standin import BotApiStandin, SentMessage
from tests.harness import BotHarness

PLACES = ("calf", "foot", "thigh", "other")
# A step ends with its source in italics, naming the seed file.
# Article titles, never file names.
SOURCE_RE = re.compile(r"\n<i>Sources: (?![^<]*\.txt)[^<]+</i>$")


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
    question = await bot.tap_and_wait(menu, data_of(menu, relief_texts.RELIEF_MENU_BUTTON))
    assert question.message_id == menu.message_id  # the menu turns into the walkthrough
    return question


async def choose(bot: BotHarness, question: SentMessage, place: str) -> SentMessage:
    assert question.text is not None and "Where is the cramp?" in question.text
    return await bot.tap_and_wait(question, data_of(question, relief_texts.RELIEF_PLACE_BUTTONS[place]))


def next_data(step: SentMessage) -> str:
    """The step's go-on button: "Done, next", or "Done" on the last step."""
    label = (
        relief_texts.RELIEF_DONE_BUTTON
        if relief_texts.RELIEF_DONE_BUTTON in step.button_texts
        else relief_texts.RELIEF_NEXT_BUTTON
    )
    return data_of(step, label)


async def walk_to_end(bot: BotHarness, step: SentMessage) -> tuple[SentMessage, int]:
    """Press "Done, next" ("Done" on the last step) until "How is it now?"; checks each step on the way;
    returns (end, steps)."""
    count = 0
    while step.text != "How is it now?":
        count += 1
        assert step.html is not None and f"Step {count} of" in step.html
        assert SOURCE_RE.search(step.html), step.html
        assert "not medical advice" not in step.html  # disclaimer only at the start and the end
        last = f"Step {count} of {count}" in step.html
        assert step.button_texts[0] == (relief_texts.RELIEF_DONE_BUTTON if last else relief_texts.RELIEF_NEXT_BUTTON)
        assert step.button_texts[-1] == relief_texts.RELIEF_SWOLLEN_BUTTON  # the red flag on every step, last row
        assert all(len(row) == 1 for row in step.buttons)  # one big button per row
        step = await bot.tap_and_wait(step, next_data(step))
        assert count < 20
    return step, count


WALK = 3  # stretch, massage, warmth: then "How is it now?"
URGENT_START = "🔴 Stop stretching, massaging and heating it — it could be a blood clot."


def doctor_summary(bot: BotHarness) -> str:
    """The first paragraph of the knowledge store's when-to-see-a-doctor advice (the short version)."""
    return bot.services.knowledge.when_to_see_doctor().text.split("\n")[0]


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


def timer_jobs(bot: BotHarness) -> list[Job[Any]]:
    queue = bot.app.job_queue
    assert queue is not None
    return [job for job in queue.get_jobs_by_name(relief.timer_job_name(bot.USER_ID)) if not job.removed]


def timed_steps(bot: BotHarness) -> list[int]:
    """The walkthrough screens the running hold timers were started for."""
    return [job.data["step"] for job in timer_jobs(bot) if isinstance(job.data, dict)]


def sends(bot: BotHarness) -> int:
    return sum(1 for event in bot.api.events(bot.USER_ID) if event.kind == "send")


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


async def test_still_hurts_on_the_last_step_goes_on_to_the_question(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "other")
    hurts = await bot.tap_and_wait(step, data_of(step, relief_texts.RELIEF_HURTS_BUTTON))
    assert (
        relief_texts.RELIEF_STILL_HURTS in (hurts.text or "")
        and relief_texts.RELIEF_SWOLLEN_BUTTON in hurts.button_texts
    )
    for _ in range(WALK - 1):
        hurts = await bot.tap_and_wait(hurts, data_of(hurts, relief_texts.RELIEF_NEXT_BUTTON))
    assert f"Step {WALK} of {WALK}" in (hurts.text or "")
    hurts = await bot.tap_and_wait(hurts, data_of(hurts, relief_texts.RELIEF_HURTS_BUTTON))
    assert relief_texts.RELIEF_STILL_HURTS in (hurts.text or "") and not session(bot).get("ended")
    end = await bot.tap_and_wait(hurts, data_of(hurts, relief_texts.RELIEF_DONE_BUTTON))
    assert end.text == "How is it now?"


async def still_cramping_once(bot: BotHarness, place: str = "thigh") -> SentMessage:
    end, _ = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), place))
    return await bot.tap_and_wait(end, data_of(end, relief_texts.RELIEF_STILL_CRAMPING_BUTTON))


async def test_still_cramping_offers_one_more_stretch_round(bot: BotHarness) -> None:
    round_ = await still_cramping_once(bot)
    assert (round_.text or "").startswith("😣 Sorry it's still cramping.\nStretch once more and hold 30 s.")
    assert doctor_summary(bot) not in (round_.html or "") and not session(bot).get("ended")
    assert SOURCE_RE.search(round_.html or ""), round_.html
    round_buttons = round_.button_texts
    assert round_buttons == [
        relief_texts.relief_timer_button(30),
        relief_texts.RELIEF_BETTER_NOW_BUTTON,
        relief_texts.RELIEF_STILL_CRAMPING_BUTTON,
        relief_texts.RELIEF_SWOLLEN_BUTTON,
        relief_texts.RELIEF_STOP_BUTTON,
    ]
    running = await bot.tap_and_wait(round_, data_of(round_, relief_texts.relief_timer_button(30)))
    assert running.button_texts[0] == relief_texts.RELIEF_TIMER_RUNNING_BUTTON and len(running.button_texts) == 5
    await timer_jobs(bot)[0].run(bot.app)
    done = next(m for m in bot.api.sent(bot.USER_ID) if m.message_id == round_.message_id)
    assert relief_texts.relief_time_up(ask_how=True) in (done.html or "") and bot.api.last(bot.USER_ID).buttons == []
    assert done.button_texts == round_buttons
    tips = await bot.tap_and_wait(done, data_of(done, relief_texts.RELIEF_BETTER_NOW_BUTTON))
    assert (tips.text or "").startswith(relief_texts.RELIEF_BETTER) and session(bot)["ended"] == "better"


async def test_second_still_cramping_gives_short_doctor_advice_with_full_advice_button(bot: BotHarness) -> None:
    round_ = await still_cramping_once(bot)
    advice = await bot.tap_and_wait(round_, data_of(round_, relief_texts.RELIEF_STILL_CRAMPING_BUTTON))
    html = advice.html or ""
    assert html.startswith(relief_texts.RELIEF_NOT_EASING) and doctor_summary(bot) in html
    assert len(html.splitlines()) <= 8 and "Why:" not in html  # short at 3 a.m.
    assert "What Deficiencies Cause Leg Cramps" in html and "not medical advice" in html
    assert advice.button_texts == [
        relief_texts.RELIEF_EASED_BUTTON,
        relief_texts.RELIEF_FULL_ADVICE_BUTTON,
        relief_texts.RELIEF_LOG_BUTTON,
        common_texts.MENU_BUTTON,
    ]
    full = await bot.tap_and_wait(advice, data_of(advice, relief_texts.RELIEF_FULL_ADVICE_BUTTON))
    assert (full.html or "") == relief_texts.relief_doctor(
        relief_texts.RELIEF_NOT_EASING, bot.services.knowledge.when_to_see_doctor().text
    )
    assert relief_texts.RELIEF_FULL_ADVICE_BUTTON not in full.button_texts
    full_html = full.html or ""
    logged = await bot.tap_and_wait(full, data_of(full, relief_texts.RELIEF_LOG_BUTTON))
    assert (logged.html or "") == relief_texts.relief_with_logged(full_html)  # the advice stays
    assert (bot.services.store.get(bot.USER_ID) or {})["cramp_log"][0] == {
        "at": utc_iso(bot.clock.now()),
        "place": "thigh",
        "eased": False,
        "steps": WALK,
    }
    tips = await bot.tap_and_wait(logged, data_of(logged, relief_texts.RELIEF_EASED_BUTTON))
    assert relief_texts.RELIEF_BETTER in (tips.text or "") and session(bot)["ended"] == "better"


async def test_more_than_ten_minutes_gets_doctor_advice(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    step = await bot.tap_and_wait(step, data_of(step, relief_texts.RELIEF_NEXT_BUTTON))
    bot.clock.advance(timedelta(minutes=10, seconds=1))
    advice = await bot.tap_and_wait(step, data_of(step, relief_texts.RELIEF_HURTS_BUTTON))
    assert (advice.html or "").startswith(relief_texts.RELIEF_TOO_LONG)
    assert relief_texts.RELIEF_FULL_ADVICE_BUTTON in advice.button_texts
    assert session(bot)["ended"] == "too_long"


async def test_a_slow_tapper_finishing_a_step_after_eleven_minutes_walks_on(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    bot.clock.advance(timedelta(minutes=11))
    following = await bot.tap_and_wait(step, data_of(step, relief_texts.RELIEF_NEXT_BUTTON))
    assert "Step 2 of" in (following.text or "") and not session(bot).get("ended")


async def test_swollen_red_warm_is_urgent(bot: BotHarness) -> None:
    end, _ = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), "calf"))
    advice = await bot.tap_and_wait(end, data_of(end, relief_texts.RELIEF_SWOLLEN_BUTTON))
    assert (advice.text or "").startswith(URGENT_START)
    assert relief_texts.RELIEF_EASED_BUTTON not in advice.button_texts
    assert session(bot)["ended"] == "urgent"


async def test_logging_keeps_the_urgent_advice(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    hurts = await bot.tap_and_wait(step, data_of(step, relief_texts.RELIEF_HURTS_BUTTON))
    advice = await bot.tap_and_wait(hurts, data_of(hurts, relief_texts.RELIEF_SWOLLEN_BUTTON))
    assert (advice.html or "").startswith(relief_texts.RELIEF_URGENT)
    advice_html, advice_id = advice.html or "", advice.message_id
    logged = await bot.tap_and_wait(advice, data_of(advice, relief_texts.RELIEF_LOG_BUTTON))
    assert logged.message_id == advice_id
    assert (logged.html or "").startswith(relief_texts.RELIEF_URGENT) and doctor_summary(bot) in (logged.html or "")
    assert (logged.html or "") == relief_texts.relief_with_logged(advice_html)
    assert (
        relief_texts.RELIEF_LOG_BUTTON not in logged.button_texts
        and relief_texts.RELIEF_FULL_ADVICE_BUTTON in logged.button_texts
    )
    full = await bot.tap_and_wait(logged, data_of(logged, relief_texts.RELIEF_FULL_ADVICE_BUTTON))
    assert (full.html or "").startswith(relief_texts.RELIEF_URGENT) and (full.html or "").endswith(
        relief_texts.RELIEF_LOGGED
    )
    assert (bot.services.store.get(bot.USER_ID) or {})["cramp_log"][0]["eased"] is False


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


@asynccontextmanager
async def app_running(settings: Settings, clock: FakeClock, standin: BotApiStandin) -> AsyncIterator[BotHarness]:
    svc = open_services(settings, clock)
    app = build_application(settings, svc)
    async with running(app):
        yield BotHarness(api=standin, app=app, services=svc, clock=clock)


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


# ---------------------------------------------------------------- product QA fixes

CLOT_CHECK = {
    "calf": "Calf swollen, red or warm? Don't stretch — tap 🔴.",
    "thigh": "Leg swollen, red or warm? Don't stretch — tap 🔴.",
}


@pytest.mark.parametrize("place", PLACES)
async def test_possible_clot_can_stop_the_walk_from_step_one(bot: BotHarness, place: str) -> None:
    first = await choose(bot, await bot.say("/cramp"), place)
    assert "Step 1 of" in (first.text or "") and first.button_texts[-1] == relief_texts.RELIEF_SWOLLEN_BUTTON
    if place in CLOT_CHECK:  # said before any stretching, massage or heat
        assert CLOT_CHECK[place] in (first.text or "")
    else:
        assert "swollen" not in (first.text or "").lower()
    running = await bot.tap_and_wait(first, data_of(first, relief_texts.relief_timer_button(30)))
    assert running.button_texts[-1] == relief_texts.RELIEF_SWOLLEN_BUTTON and timer_jobs(bot)
    advice = await bot.tap_and_wait(running, data_of(running, relief_texts.RELIEF_SWOLLEN_BUTTON))
    text = advice.text or ""
    assert text.startswith(URGENT_START) and text.index(URGENT_START) < text.index("Get medical help today")
    assert doctor_summary(bot) in (advice.html or "") and "What Deficiencies Cause Leg Cramps" in text
    assert session(bot)["ended"] == "urgent" and not timer_jobs(bot)  # no "time's up, let go" later
    # Getting help comes first; logging stays possible, last.
    assert advice.button_texts == [
        relief_texts.RELIEF_FULL_ADVICE_BUTTON,
        common_texts.MENU_BUTTON,
        relief_texts.RELIEF_LOG_BUTTON,
    ]
    full = await bot.tap_and_wait(advice, data_of(advice, relief_texts.RELIEF_FULL_ADVICE_BUTTON))
    assert (full.text or "").startswith(URGENT_START)
    assert full.button_texts == [common_texts.MENU_BUTTON, relief_texts.RELIEF_LOG_BUTTON]


async def test_every_screen_of_the_walk_offers_the_red_flag(bot: BotHarness) -> None:
    step = await choose(bot, await bot.say("/cramp"), "calf")
    screens = [step]
    for _ in range(WALK):
        step = await bot.tap_and_wait(step, next_data(step))
        screens.append(step)
    round_ = await bot.tap_and_wait(step, data_of(step, relief_texts.RELIEF_STILL_CRAMPING_BUTTON))
    for screen in [*screens, round_]:
        assert relief_texts.RELIEF_SWOLLEN_BUTTON in screen.button_texts, screen.text
    assert CLOT_CHECK["calf"] not in (screens[1].text or "")  # one reminder, on step 1


async def test_not_easing_names_one_calm_threshold(bot: BotHarness) -> None:
    round_ = await still_cramping_once(bot, "calf")
    advice = await bot.tap_and_wait(round_, data_of(round_, relief_texts.RELIEF_STILL_CRAMPING_BUTTON))
    text = advice.text or ""
    assert text.startswith(
        "😣 It hasn't eased yet. Keep stretching gently and keep it warm. If it hasn't eased within about ten "
        "minutes, keeps coming back, or the leg swells, see a doctor — one that lasts an hour needs a doctor "
        "the same day.\n\n"
    ), text
    assert "second stretch" not in text and doctor_summary(bot) in (advice.html or "")
    assert "What Deficiencies Cause Leg Cramps" in text and "not medical advice" in text
    assert "ten minutes" in relief_texts.RELIEF_TOO_LONG and "an hour" in relief_texts.RELIEF_TOO_LONG


@pytest.mark.parametrize(
    ("place", "stretch_tip", "wrong_place"),
    [
        ("calf", "Stretch your calves before bed if cramps come at night.", "hamstring"),
        ("thigh", "Stretch your thighs and hamstrings regularly, and before bed if cramps come at night.", "calves"),
        ("foot", "Stretch your feet regularly, and before bed if cramps come at night.", "calves"),
        ("other", "Stretch regularly, and before bed if cramps come at night.", "calves"),
    ],
)
async def test_better_screen_tips_match_the_place(
    bot: BotHarness, place: str, stretch_tip: str, wrong_place: str
) -> None:
    end, _ = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), place))
    tips = await bot.tap_and_wait(end, data_of(end, relief_texts.RELIEF_BETTER_BUTTON))
    text = tips.text or ""
    prevention = text.split("To help prevent the next one:")[1]
    assert f"• {stretch_tip}" in prevention and wrong_place not in text.lower()
    # The seeds behind "stretch regularly / before bed": leg cramps (001) and vitamins (002).
    assert "What Deficiencies Cause Leg Cramps" in prevention and "Vitamin D and the B-Family" in prevention
    assert ("supportive shoes" in prevention) == (place == "foot")


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
