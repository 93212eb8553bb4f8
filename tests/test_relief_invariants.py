"""The relief state machine's invariants: every press on every state, and any sequence of presses (hypothesis)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.relief import session as machine
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
from tests.relief_session_helpers import (
    LATE,
    OTHER_SID,
    ROUND,
    SID,
    SOON,
    T0,
    WALK,
    live,
)

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
