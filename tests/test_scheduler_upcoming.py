"""What comes next, quiet-hour clashes, the starter set and Done-once bookkeeping (pure, no waiting)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.clock import FakeClock
from handlers.timezone import ZoneAsks
from scheduler.model import (
    DONE_SLOT_DAYS,
    count_events,
    done_slots,
    kind_minutes,
    normalize_reminders,
    starter_reminders,
    with_event,
)
from scheduler.upcoming import Upcoming, next_reminder, quiet_clash

UTC = UTC
BERLIN = ZoneInfo("Europe/Berlin")
QUIET_NIGHT = {"start": "22:00", "end": "07:00"}


def next_in_berlin(
    reminders: Any, quiet: Any, pause: datetime | None, snoozes: list[Any], now: datetime
) -> Upcoming | None:
    return next_reminder(reminders, quiet, pause, snoozes, "Europe/Berlin", now)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def test_starter_set_is_gentle_and_an_offer_switches_on_only_its_kind() -> None:
    starter = starter_reminders()
    assert len(kind_minutes("hydration", starter["hydration"])) == 4  # 09, 13, 17, 21 instead of 7 a day
    assert all(starter[kind]["on"] for kind in ("hydration", "stretch", "food"))
    assert starter["weekly"]["on"] is False  # the diary's weekly summary is opt-in only
    only_stretch = starter_reminders("stretch")
    assert {kind: cfg["on"] for kind, cfg in only_stretch.items()} == {
        "hydration": False,
        "stretch": True,
        "food": False,
        "weekly": False,
    }


def test_next_is_the_earliest_slot_after_now_in_local_time() -> None:
    reminders = normalize_reminders(None)  # water every 2 h 09–21, food 12:30, stretch 21:30
    now = local("2026-01-14 11:00:30")  # the 11:00 slot is already due: next is 12:30 food
    assert next_in_berlin(reminders, None, None, [], now) == Upcoming("food", local("2026-01-14 12:30"))
    late = local("2026-01-14 21:45")
    assert next_in_berlin(reminders, None, None, [], late) == Upcoming("hydration", local("2026-01-15 09:00"))


def test_next_skips_quiet_hours_and_the_pause_and_counts_snoozes() -> None:
    reminders = normalize_reminders({"hydration": {"on": False}, "food": {"on": False}, "stretch": {"time": "23:00"}})
    now = local("2026-01-14 10:00")
    assert next_in_berlin(reminders, QUIET_NIGHT, None, [], now) is None  # 23:00 is never sent
    reminders["food"]["on"] = True
    paused = local("2026-01-16 00:00").astimezone(UTC)
    assert next_in_berlin(reminders, QUIET_NIGHT, paused, [], now) == Upcoming("food", local("2026-01-16 12:30"))
    snooze = ("stretch", local("2026-01-14 10:30").astimezone(UTC))
    assert next_in_berlin(reminders, None, None, [snooze], now) == Upcoming("stretch", local("2026-01-14 10:30"))


def test_quiet_clash_counts_slots_inside_quiet_hours() -> None:
    stretch = {"on": True, "time": "23:00"}
    assert quiet_clash("stretch", stretch, QUIET_NIGHT).all_inside
    assert not quiet_clash("stretch", {"on": True, "time": "21:30"}, QUIET_NIGHT).all_inside
    water = {"on": True, "start": "08:00", "end": "22:00", "every_h": 2}  # 08, 10, …, 22
    clash = quiet_clash("hydration", water, QUIET_NIGHT)
    assert (clash.inside, clash.total, clash.all_inside) == (1, 8, False)
    assert quiet_clash("stretch", stretch, None).inside == 0


def test_done_slots_are_remembered_for_recent_days_only() -> None:
    doc: dict[str, object] = {}
    first = date(2026, 1, 1)
    for offset in range(DONE_SLOT_DAYS + 3):
        day = first + timedelta(days=offset)
        doc.update(with_event(doc, "done", "hydration", day, f"{day:%y%m%d}0900"))
    assert done_slots(doc, "hydration") == {
        f"{first + timedelta(days=offset):%y%m%d}0900" for offset in range(3, DONE_SLOT_DAYS + 3)
    }
    log = doc["reminder_log"]
    assert isinstance(log, list) and "slots" not in log[0] and count_events(doc, "done", "hydration", first) == 1


def test_zone_asks_expire_after_an_hour_and_stay_bounded() -> None:
    clock = FakeClock(datetime(2026, 1, 14, 10, 0, tzinfo=UTC))
    asks = ZoneAsks(clock)
    for user_id in range(1000):
        asks.ask(user_id, "stretch" if user_id == 7 else None)
    assert asks.is_asked(7) and len(asks) == 1000
    clock.advance(timedelta(minutes=61))
    assert not asks.is_asked(7) and asks.take(7) is None  # too old to count
    asks.ask(5000)
    assert len(asks) == 1  # the old ones went as a new one came
    asks.ask(6000, "food")
    assert asks.take(6000) == "food" and not asks.is_asked(6000)
    asks.on_store_change(5000, None)  # the person was deleted (/forget)
    assert len(asks) == 0
