"""The relief walkthrough's state machine without Telegram: every transition, the stored form, and
invariants over any sequence of presses (hypothesis)."""

from __future__ import annotations

import ast
import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.relief import session as machine
from handlers.relief.buttons import ForgedButton, Start, button, decode, place_data, start_button_data
from handlers.relief.session import (
    AFTER_END_ACTIONS,
    TOO_LONG,
    Action,
    Ending,
    Notice,
    Outcome,
    Press,
    Screen,
    Session,
)

WALK = 3  # stretch, massage, warmth: screens 0..2, then "How is it now?" (3) and the extra round (4)
QUESTION, ROUND = WALK, WALK + 1
T0 = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)
SOON = T0 + timedelta(minutes=2)
LATE = T0 + TOO_LONG + timedelta(seconds=1)
SID, OTHER_SID = "a1b2c3", "ffffff"
PLACES = ("calf", "foot", "thigh", "other")
WALK_ACTIONS = (Action.NEXT, Action.HURTS, Action.STOP, Action.TIMER, Action.STILL_CRAMPING)


def live(step: int = 0, place: str = "calf", **changes: object) -> Session:
    return replace(Session(SID, T0, place=place, step=step, night=False), **changes)  # type: ignore[arg-type]


def tap(
    session: Session | None,
    action: Action,
    step: int | None = None,
    now: datetime = SOON,
    place: str = "calf",
    sid: str = SID,
) -> Outcome:
    at = (session.step if session is not None else 0) if step is None else step
    return machine.on_press(session, Press(sid, place, at, action), WALK, now)


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


# ---------------------------------------------------------------- every state, every press


def every_session() -> list[Session]:
    """Every state a walkthrough with a place can reach: logging and full advice only after an end
    with an end screen to add to."""
    flags = itertools.product(range(ROUND + 1), [None, *Ending], [False, True], [False, True])
    return [
        live(step, ended=ended, logged=logged, full_advice=full)
        for step, ended, logged, full in flags
        if ended not in (None, Ending.STOPPED) or not (logged or full)
    ]


def every_press() -> list[Press]:
    steps: list[int | None] = list(range(ROUND + 2))
    return [
        Press(sid, place, None if action is Action.CHOOSE_PLACE else step, action)
        for sid, place, step, action in itertools.product((SID, OTHER_SID), ("calf", "foot"), steps, Action)
    ]


def test_every_press_on_every_state_keeps_the_invariants() -> None:
    checked = 0
    for session, press, now in itertools.product(every_session(), every_press(), (SOON, LATE)):
        outcome = machine.on_press(session, press, WALK, now)
        check_step(session, press, outcome, now)
        checked += 1
    assert checked == 90 * 240 * 2  # 90 reachable states (5 screens), 240 presses, two moments


def check_step(session: Session, press: Press, outcome: Outcome, now: datetime) -> None:
    """What no press may ever do, whatever the state."""
    saved = outcome.save
    if press.sid != session.id:
        assert outcome == Outcome(Screen.OLD_WALKTHROUGH, Notice.ENDED)
    if saved is None:
        assert outcome.log is None and (outcome.screen is not Screen.ENDED or outcome.notice is Notice.LOGGED)
        return
    assert (saved.id, saved.started_at, saved.place) == (session.id, session.started_at, session.place)
    assert session.step <= saved.step <= ROUND  # never back, never past the round
    assert not (session.ended and saved.step != session.step)  # an ended walkthrough never walks on
    assert not (session.ended and not saved.ended)  # and never starts again
    assert saved.logged >= session.logged and saved.full_advice >= session.full_advice
    assert (outcome.log is not None) == (saved.logged and not session.logged)  # one log entry, once
    assert not (saved.full_advice and not session.full_advice and saved.ended not in machine.DOCTOR_ENDINGS)
    if saved.ended != session.ended:
        assert outcome.screen is Screen.ENDED and outcome.cancel_timer  # no "time's up" after an end
    if session.ended is None and saved.ended is None:
        assert now - session.started_at <= TOO_LONG or press.action not in machine.STILL_THERE_ACTIONS


# ---------------------------------------------------------------- any sequence (hypothesis)


presses = st.builds(
    Press,
    sid=st.sampled_from([SID, SID, SID, OTHER_SID]),
    place=st.sampled_from(["calf", "calf", "calf", "foot"]),
    step=st.integers(min_value=0, max_value=ROUND + 1),
    action=st.sampled_from(sorted(Action)),
)
events = st.lists(st.tuples(presses, st.integers(min_value=0, max_value=180)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(events=events, night=st.booleans())
def test_any_sequence_of_presses_keeps_the_invariants(events: list[tuple[Press, int]], night: bool) -> None:
    session: Session = machine.start(SID, T0)
    now = T0
    logs = 0
    ended_at_step: int | None = None
    for press, seconds in events:
        now += timedelta(seconds=seconds)
        if press.action is Action.CHOOSE_PLACE:
            press = Press(press.sid, press.place, None, press.action)
        before = session
        outcome = machine.on_press(session, press, WALK, now, night)
        if session.place is not None:
            check_step(session, press, outcome, now)
        logs += outcome.log is not None
        session = outcome.save or session
        if before.ended is None and session.ended is not None:
            ended_at_step = session.step
        if ended_at_step is not None:
            assert session.step == ended_at_step and session.ended is not None  # ended: it accepts nothing more
        live_current = (
            before.place == press.place
            and before.ended is None
            and press.step == before.step
            and press.sid == SID
            and press.step <= ROUND
        )
        if live_current and press.action in machine.STILL_THERE_ACTIONS and now - T0 > TOO_LONG:
            assert session.ended is Ending.TOO_LONG  # escalation after the threshold, from any screen
        if press.action is Action.SWOLLEN and press.sid == SID and before.place == press.place and press.step <= ROUND:
            assert session.ended is Ending.URGENT
    assert logs <= 1 and (logs == 1) == session.logged
    assert machine.from_doc(machine.to_doc(session)) == session


@given(events=events)
@settings(max_examples=100, deadline=None)
def test_after_end_buttons_never_walk(events: list[tuple[Press, int]]) -> None:
    session = live(ROUND, ended=Ending.NOT_EASING)
    for press, _ in events:
        outcome = machine.on_press(session, press, WALK, SOON)
        if outcome.save is not None:
            assert press.action in AFTER_END_ACTIONS | {Action.SWOLLEN}
            session = outcome.save
        assert session.step == ROUND


# ---------------------------------------------------------------- the stored form


def test_stored_form_is_what_earlier_versions_wrote() -> None:
    assert machine.to_doc(machine.start(SID, T0)) == {
        "id": SID,
        "place": None,
        "step": 0,
        "started_at": "2026-01-14T10:00:00+00:00",
    }
    full = live(2, night=True, ended=Ending.TOO_LONG, logged=True, full_advice=True)
    assert machine.to_doc(full) == {
        "id": SID,
        "place": "calf",
        "step": 2,
        "started_at": "2026-01-14T10:00:00+00:00",
        "night": True,
        "ended": "too_long",
        "logged": True,
        "full_advice": True,
    }


@pytest.mark.parametrize(
    "stored",
    [
        {"id": SID, "place": None, "step": 0, "started_at": "2026-01-14T10:00:00+00:00"},
        {"id": SID, "place": "foot", "step": 0, "started_at": "2026-01-14T10:00:00+00:00", "night": False},
        {
            "id": SID,
            "place": "thigh",
            "step": 4,
            "started_at": "2026-01-14T10:00:00+00:00",
            "night": True,
            "ended": "not_easing",
            "full_advice": True,
        },
        {
            "id": SID,
            "place": "calf",
            "step": 3,
            "started_at": "2026-01-14T10:00:00+00:00",
            "night": False,
            "ended": "better",
            "logged": True,
        },
    ],
)
def test_sessions_stored_by_the_old_handler_load_and_store_back_unchanged(stored: dict[str, object]) -> None:
    session = machine.from_doc(stored)
    assert session is not None and session.id == SID and session.started_at == T0
    assert machine.to_doc(session) == stored


def test_a_naive_stored_time_is_read_as_utc() -> None:
    session = machine.from_doc({"id": SID, "place": None, "step": 0, "started_at": "2026-01-14T10:00:00"})
    assert session is not None and session.started_at == T0


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "rl",
        [],
        {},
        {"id": SID},
        {"id": 7, "started_at": "2026-01-14T10:00:00+00:00"},
        {"id": SID, "started_at": "yesterday"},
        {"id": SID, "started_at": "2026-01-14T10:00:00+00:00", "step": "2"},
        {"id": SID, "started_at": "2026-01-14T10:00:00+00:00", "ended": "gone"},
        {"id": SID, "started_at": "2026-01-14T10:00:00+00:00", "place": 3},
    ],
)
def test_an_unreadable_stored_session_is_no_session(stored: object) -> None:
    assert machine.from_doc(stored) is None


def test_timer_announces_only_on_its_own_live_screen() -> None:
    assert machine.timer_is_current(live(1), SID, 1)
    assert not machine.timer_is_current(live(2), SID, 1)
    assert not machine.timer_is_current(live(1), OTHER_SID, 1)
    assert not machine.timer_is_current(live(1, ended=Ending.URGENT), SID, 1)
    assert not machine.timer_is_current(None, SID, 1)


# ---------------------------------------------------------------- callback data


def test_callback_data_round_trip_and_size() -> None:
    press = Press("a1b2c3", "thigh", 12, Action.BETTER)
    data = button(press, Action.TIMER)
    assert len(data.encode()) <= 64
    assert decode(data) == Press("a1b2c3", "thigh", 12, Action.TIMER)
    assert decode(place_data("a1b2c3", "foot")) == Press("a1b2c3", "foot", None, Action.CHOOSE_PLACE)
    assert decode("rl1:start") == decode(start_button_data()) == Start("start")
    assert decode("rl1:menu") == Start("menu")
    for place in PLACES:
        assert start_button_data(place) == f"rl1:start:{place}"
        assert decode(f"rl1:start:{place}") == Start("start", place)
    for action in machine.STEP_ACTIONS:
        assert decode(button(press, action)).action is action  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        start_button_data("knee")
    for forged in (
        "rl1:calf:99:n",
        "rl1:A1B2C3:calf:0:n",
        "rl1:a1b2c3:calf:-1:n",
        "mn1:home",
        "",
        "rl1:start:knee",
        "rl1:menu:calf",
        "rl1:start:calf:x",
        "rl1:a1b2c3:calf:0:p",
        "rl1:a1b2c3:knee:p",
        "rl1:a1b2c3:calf:100:n",
        "rl1",
    ):
        with pytest.raises(ForgedButton):
            decode(forged)


# ---------------------------------------------------------------- purity


@pytest.mark.parametrize("module", ["session.py", "buttons.py"])
def test_the_state_machine_and_its_buttons_import_no_telegram_and_no_io(module: str) -> None:
    source = (Path(__file__).parents[1] / "handlers" / "relief" / module).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert imported  # the walk found the imports
    forbidden = (
        "telegram",
        "store",
        "scheduler",
        "handlers.services",
        "handlers.relief.handlers",
        "handlers.relief.screens",
        "secrets",
        "time",
    )
    assert not [name for name in imported if name.split(".")[0] in forbidden or name.startswith(forbidden)]
