"""The relief walkthrough's state machine without Telegram: every transition, by theme (starting,
walking, the red flag and the end, stale and forged buttons). Invariants over every state and any
sequence of presses are in tests/test_relief_invariants.py; the stored and callback forms and the
machine's purity in tests/test_relief_forms.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from handlers.relief import session as machine
from handlers.relief.session import (
    TOO_LONG,
    Action,
    Ending,
    Notice,
    Outcome,
    Press,
    Screen,
    Session,
)
from tests.relief_session_helpers import (
    LATE,
    OTHER_SID,
    QUESTION,
    ROUND,
    SID,
    SOON,
    T0,
    WALK,
    WALK_ACTIONS,
    live,
    tap,
)

# ---------------------------------------------------------------- starting


def test_start_asks_where_and_choosing_a_place_starts_at_step_one() -> None:
    fresh = machine.start(SID, T0)
    assert fresh == Session(SID, T0) and fresh.place is None and fresh.step == 0 and fresh.ended is None
    outcome = machine.on_press(fresh, Press(SID, "foot", None, Action.CHOOSE_PLACE), WALK, SOON, night=True)
    assert outcome == Outcome(Screen.STEP, save=Session(SID, T0, place="foot", step=0, night=True))


def test_a_second_tap_on_the_place_question_changes_nothing() -> None:
    chosen = live(place="foot")
    outcome = machine.on_press(chosen, Press(SID, "calf", None, Action.CHOOSE_PLACE), WALK, SOON)
    assert outcome == Outcome(Screen.UNCHANGED, Notice.ALREADY_DONE)


@pytest.mark.parametrize(
    ("session", "place", "now", "expected"),
    [
        (Session(SID, T0), None, T0 + timedelta(seconds=29), True),
        (Session(SID, T0), None, T0 + timedelta(seconds=30), False),  # a new cramp, not a double tap
        (Session(SID, T0), "foot", SOON, False),
        (live(place="foot"), "foot", T0 + timedelta(seconds=5), True),
        (live(place="foot"), None, T0 + timedelta(seconds=5), False),
        (live(step=1, place="foot"), "foot", T0 + timedelta(seconds=5), False),  # it moved on
        (live(place="foot", ended=Ending.STOPPED), "foot", T0 + timedelta(seconds=5), False),
        (None, None, T0, False),
    ],
)
def test_just_started_is_a_double_tap_on_a_start_button(
    session: Session | None, place: str | None, now: datetime, expected: bool
) -> None:
    assert machine.just_started(session, place, now) is expected


# ---------------------------------------------------------------- walking


def test_next_walks_the_steps_then_asks_how_it_is() -> None:
    session = live()
    for following in range(1, WALK + 1):
        outcome = tap(session, Action.NEXT)
        assert outcome.save == replace(session, step=following) and outcome.cancel_timer
        assert outcome.screen is (Screen.HOW_NOW if following == WALK else Screen.STEP)
        assert outcome.save is not None
        session = outcome.save
    assert session.step == QUESTION and session.ended is None


def test_still_hurts_repeats_the_step_once_then_moves_on() -> None:
    for step in range(WALK):
        first = tap(live(step), Action.HURTS)
        assert first == Outcome(Screen.STILL_HURTS, save=live(step, hurt_step=step))
        assert first.save is not None
        second = tap(first.save, Action.HURTS)
        assert second.notice is Notice.MOVED_ON and second.save == live(step + 1)
        assert second.screen is (Screen.HOW_NOW if step + 1 == WALK else Screen.STEP)


def test_timer_is_started_by_the_telegram_side_on_the_current_screen_only() -> None:
    assert tap(live(1), Action.TIMER) == Outcome(Screen.TIMER)
    assert tap(live(ROUND), Action.TIMER) == Outcome(Screen.TIMER)
    assert tap(live(1), Action.TIMER, step=0) == Outcome(Screen.UNCHANGED, Notice.ALREADY_DONE)


@pytest.mark.parametrize("step", range(ROUND + 1))
def test_stop_ends_from_any_current_screen(step: int) -> None:
    assert tap(live(step), Action.STOP) == Outcome(
        Screen.ENDED, save=live(step, ended=Ending.STOPPED), cancel_timer=True
    )


def test_first_still_cramping_gives_one_more_round_and_the_second_the_doctor() -> None:
    round_ = tap(live(QUESTION), Action.STILL_CRAMPING)
    assert round_ == Outcome(Screen.ROUND, save=live(ROUND))
    assert tap(live(ROUND), Action.STILL_CRAMPING) == Outcome(
        Screen.ENDED, save=live(ROUND, ended=Ending.NOT_EASING), cancel_timer=True
    )


def test_double_tap_on_still_cramping_gives_one_round() -> None:
    after_first = tap(live(QUESTION), Action.STILL_CRAMPING).save
    assert tap(after_first, Action.STILL_CRAMPING, step=QUESTION) == Outcome(Screen.UNCHANGED, Notice.ALREADY_DONE)


def test_double_tap_on_next_advances_one_step() -> None:
    after_first = tap(live(0), Action.NEXT).save
    assert after_first is not None and after_first.step == 1
    assert tap(after_first, Action.NEXT, step=0) == Outcome(Screen.UNCHANGED, Notice.ALREADY_DONE)


@pytest.mark.parametrize(
    ("action", "step"),
    [
        (Action.HURTS, 0),
        (Action.HURTS, WALK - 1),
        (Action.HURTS, 1),
        (Action.STILL_CRAMPING, QUESTION),
        (Action.STILL_CRAMPING, ROUND),
    ],
)
def test_past_ten_minutes_still_there_ends_with_the_doctor(action: Action, step: int) -> None:
    assert tap(live(step), action, now=LATE) == Outcome(
        Screen.ENDED, save=live(step, ended=Ending.TOO_LONG), cancel_timer=True
    )
    assert tap(live(step), action, now=T0 + TOO_LONG).save != live(step, ended=Ending.TOO_LONG)  # not yet


@pytest.mark.parametrize("step", range(WALK))
def test_a_slow_tapper_past_ten_minutes_walks_on(step: int) -> None:
    outcome = tap(live(step), Action.NEXT, now=LATE)
    assert outcome.save == live(step + 1) and outcome.screen is (Screen.HOW_NOW if step + 1 == WALK else Screen.STEP)


def test_past_ten_minutes_stop_and_the_timer_still_work() -> None:
    assert tap(live(1), Action.STOP, now=LATE).save == live(1, ended=Ending.STOPPED)
    assert tap(live(1), Action.TIMER, now=LATE) == Outcome(Screen.TIMER)


@pytest.mark.parametrize(
    ("action", "step"),
    [
        (Action.NEXT, QUESTION),
        (Action.HURTS, QUESTION),
        (Action.NEXT, ROUND),
        (Action.HURTS, ROUND),
        (Action.STILL_CRAMPING, 0),
        (Action.STILL_CRAMPING, WALK - 1),
    ],
)
def test_buttons_a_screen_does_not_have_change_nothing(action: Action, step: int) -> None:
    assert tap(live(step), action) == Outcome(Screen.UNCHANGED)


# ---------------------------------------------------------------- the red flag and the end


@pytest.mark.parametrize("step", range(ROUND + 1))
@pytest.mark.parametrize("ended", [None, *Ending])
def test_swollen_is_honoured_from_any_screen_even_after_an_end(step: int, ended: Ending | None) -> None:
    session = live(2, ended=ended)
    assert tap(session, Action.SWOLLEN, step=step) == Outcome(
        Screen.ENDED, save=replace(session, ended=Ending.URGENT), cancel_timer=True
    )


@pytest.mark.parametrize("step", [QUESTION, ROUND])
def test_better_at_the_question_or_in_the_round_ends_well(step: int) -> None:
    assert tap(live(step), Action.BETTER) == Outcome(
        Screen.ENDED, save=live(step, ended=Ending.BETTER), cancel_timer=True
    )


@pytest.mark.parametrize("ended", sorted(machine.MAY_STILL_EASE))
def test_it_eased_now_after_an_escalation_that_may_still_ease(ended: Ending) -> None:
    assert tap(live(ROUND, ended=ended), Action.BETTER).save == live(ROUND, ended=Ending.BETTER)


@pytest.mark.parametrize(
    ("session", "notice"),
    [
        (live(1), Notice.NONE),  # mid-walk: there is no such button
        (live(QUESTION, ended=Ending.BETTER), Notice.ALREADY_DONE),
        (live(QUESTION, ended=Ending.STOPPED), Notice.ALREADY_DONE),
        (live(QUESTION, ended=Ending.URGENT), Notice.ALREADY_DONE),  # never "eased" past a possible clot
    ],
)
def test_better_where_it_makes_no_sense_changes_nothing(session: Session, notice: Notice) -> None:
    assert tap(session, Action.BETTER) == Outcome(Screen.UNCHANGED, notice)


@pytest.mark.parametrize("ended", [Ending.BETTER, *machine.DOCTOR_ENDINGS])
def test_log_writes_one_entry_then_says_already_logged(ended: Ending) -> None:
    session = live(QUESTION, ended=ended)
    first = tap(session, Action.LOG)
    entry = machine.LogEntry(T0, "calf", ended is Ending.BETTER, WALK)
    assert first == Outcome(Screen.ENDED, Notice.LOGGED, save=replace(session, logged=True), log=entry)
    assert tap(first.save, Action.LOG) == Outcome(Screen.UNCHANGED, Notice.ALREADY_LOGGED)
    assert machine.log_doc(entry) == {
        "at": "2026-01-14T10:00:00+00:00",
        "place": "calf",
        "eased": ended is Ending.BETTER,
        "steps": WALK,
    }


def test_the_log_counts_the_steps_done_not_the_round() -> None:
    assert tap(live(ROUND, ended=Ending.NOT_EASING), Action.LOG).log == machine.LogEntry(T0, "calf", False, WALK)
    assert tap(live(1, ended=Ending.URGENT), Action.LOG).log == machine.LogEntry(T0, "calf", False, 1)


@pytest.mark.parametrize("action", [Action.LOG, Action.FULL_ADVICE])
@pytest.mark.parametrize("ended", [None, Ending.STOPPED])
def test_log_and_full_advice_need_an_end_with_something_to_add_to(action: Action, ended: Ending | None) -> None:
    assert tap(live(QUESTION, ended=ended), action) == Outcome(Screen.UNCHANGED, Notice.ALREADY_DONE)


def test_full_advice_expands_only_the_doctor_advice() -> None:
    for ended in machine.DOCTOR_ENDINGS:
        session = live(ROUND, ended=ended)
        assert tap(session, Action.FULL_ADVICE) == Outcome(Screen.ENDED, save=replace(session, full_advice=True))
    assert tap(live(ROUND, ended=Ending.BETTER), Action.FULL_ADVICE) == Outcome(Screen.UNCHANGED)


@pytest.mark.parametrize("action", WALK_ACTIONS)
@pytest.mark.parametrize("ended", list(Ending))
def test_an_ended_walkthrough_refuses_every_walk_button(action: Action, ended: Ending) -> None:
    assert tap(live(1, ended=ended), action) == Outcome(Screen.UNCHANGED, Notice.ENDED)


# ---------------------------------------------------------------- stale and forged


@pytest.mark.parametrize("action", list(Action))
def test_a_button_of_another_or_no_walkthrough_says_it_has_ended(action: Action) -> None:
    step = None if action is Action.CHOOSE_PLACE else 0
    for session in (None, live()):
        outcome = machine.on_press(session, Press(OTHER_SID, "calf", step, action), WALK, SOON)
        assert outcome == Outcome(Screen.OLD_WALKTHROUGH, Notice.ENDED)


def test_a_place_or_screen_the_walkthrough_never_had_is_forged() -> None:
    assert tap(live(), Action.NEXT, place="thigh") == Outcome(Screen.STALE)
    assert tap(live(), Action.NEXT, step=ROUND + 1) == Outcome(Screen.STALE)
    assert tap(Session(SID, T0), Action.NEXT, place="calf") == Outcome(Screen.STALE)  # no place chosen yet
