"""Relief walkthrough end to end, when it is more than a cramp: still cramping, a cramp that lasts,
the possible-clot red flag, the doctor advice (short and full), and the tips once it eases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import utc_iso
from handlers.texts import common as common_texts
from handlers.texts import relief as relief_texts
from tests.harness import BotHarness
from tests.relief_helpers import (
    CLOT_CHECK,
    PLACES,
    SOURCE_RE,
    URGENT_START,
    WALK,
    choose,
    data_of,
    doctor_summary,
    next_data,
    session,
    still_cramping_once,
    timer_jobs,
    walk_to_end,
)


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
    assert html.startswith(relief_texts.relief_not_easing()) and doctor_summary(bot) in html
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
        relief_texts.relief_not_easing(), bot.services.knowledge.when_to_see_doctor().text
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


# ---------------------------------------------------------------- product QA fixes


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
