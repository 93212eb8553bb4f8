"""The relief state machine's outer forms: the stored session (older versions' included), the callback
data round trip and size, and the machine and its buttons staying free of Telegram and I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from handlers.relief import session as machine
from handlers.relief.buttons import ForgedButton, Start, button, decode, place_data, start_button_data
from handlers.relief.session import (
    Action,
    Ending,
    Press,
)
from tests.relief_session_helpers import (
    OTHER_SID,
    PLACES,
    SID,
    T0,
    live,
)

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
