"""Reminders at scale (issue 15): spread default times, a tick that hands the loop back, late drops."""

from __future__ import annotations

import asyncio
import gc
from collections import Counter
from datetime import timedelta

import pytest

from core.clock import FakeClock
from handlers.reminders import render_reminder
from handlers.texts import reminders as reminders_texts
from scheduler import service as service_module
from scheduler.index import Due, Subscriber
from scheduler.model import (
    KIND_SPECS,
    KINDS,
    SPREAD_STEP_MIN,
    kind_minutes,
    normalize_reminders,
    parse_hhmm,
    spread_offset,
    spread_time,
    starter_reminders,
)
from scheduler.service import ReminderService
from store import UserStore
from tests.test_scheduler import FakeApp, FakeBot, FakeKnowledge, add_user, at, started
from tests.test_scheduler import store as store


def test_every_kind_has_a_spec_and_the_table_drives_the_defaults() -> None:
    assert set(KIND_SPECS) == set(KINDS)
    assert normalize_reminders(None) == {kind: spec.default for kind, spec in KIND_SPECS.items()}
    for spec in KIND_SPECS.values():
        assert spec.default[spec.spread_field]  # the spread moves a field the kind really has
        assert spec.tolerance >= timedelta(minutes=30)


@pytest.mark.parametrize("kind", KINDS)
def test_spread_times_are_stable_on_the_grid_and_inside_the_window(kind: str) -> None:
    spec = KIND_SPECS[kind]
    default = parse_hhmm(spec.default[spec.spread_field])
    for user_id in range(1, 2000):
        offset = spread_offset(user_id, kind)
        assert spec.spread_from <= offset <= spec.spread_to and offset % SPREAD_STEP_MIN == 0
        assert parse_hhmm(spread_time(user_id, kind)) == default + offset
    assert spread_time(424242, kind) == spread_time(424242, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_spread_fills_every_step_evenly(kind: str) -> None:
    spec = KIND_SPECS[kind]
    steps = (spec.spread_to - spec.spread_from) // SPREAD_STEP_MIN + 1
    counts = Counter(spread_offset(user_id, kind) for user_id in range(100_000, 124_000))
    assert len(counts) == steps
    mean = 24_000 / steps
    assert max(counts.values()) < 1.15 * mean and min(counts.values()) > 0.85 * mean


def test_a_new_persons_defaults_are_their_own_spread_times_and_stay_valid() -> None:
    for user_id in (7001, 123456789, 5):
        reminders = starter_reminders(None, user_id)
        assert reminders["stretch"]["time"] == spread_time(user_id, "stretch")
        assert reminders["food"]["time"] == spread_time(user_id, "food")
        assert reminders["hydration"]["start"] == spread_time(user_id, "hydration")
        normal = normalize_reminders(reminders)  # raises if a spread time made a setting invalid
        assert all(kind_minutes(kind, normal[kind]) for kind in KINDS if normal[kind]["on"])
    assert starter_reminders()["stretch"]["time"] == "21:30"  # without an id: the plain defaults


async def test_set_timezone_gives_a_first_time_person_their_spread_times(store: UserStore) -> None:
    clock = FakeClock(at("2026-06-10T08:00"))
    service = await started(store, clock)
    assert service.set_timezone(31337, "Europe/Berlin") is True
    stored = (store.get(31337) or {})["reminders"]
    assert stored["stretch"]["time"] == spread_time(31337, "stretch")
    assert service.settings_of(31337)["reminders"]["food"]["time"] == spread_time(31337, "food")


async def test_a_big_tick_hands_the_loop_back_and_survives_changes_made_meanwhile(
    store: UserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    users = 600
    for uid in range(1, users + 1):
        add_user(store, uid, "UTC", reminders={"hydration": {"on": False}, "stretch": {"on": False}})
    clock = FakeClock(at("2026-06-10T12:00"))
    service = ReminderService(store, FakeKnowledge(), clock, "Europe/London", workers=2)
    service.load()
    # Every slice is over at once: the tick must yield after each chunk of items.
    monkeypatch.setattr(service_module, "TICK_SLICE_S", -1.0)
    turns = 0
    changed = False

    async def other_work() -> None:
        nonlocal turns, changed
        while True:
            turns += 1
            if turns == 2 and not changed:  # someone turns food off while the tick is paused
                service.set_kind_on(users, "food", False)
                changed = True
            await asyncio.sleep(0)

    probe = asyncio.create_task(other_work())
    clock.set(at("2026-06-10T12:30:01"))
    queued = await service.tick()
    probe.cancel()
    assert changed and turns >= users // 128
    assert queued in (users - 1, users)  # the change landed after or before that person's turn
    await service.stop()


async def test_a_reminder_past_its_tolerance_is_dropped_counted_and_told_next_time(store: UserStore) -> None:
    add_user(store, 1, "UTC", reminders={"hydration": {"on": False}, "stretch": {"on": False}})
    clock = FakeClock(at("2026-06-10T12:29"))
    bot = FakeBot()
    service = await started(store, clock, bot)
    service.renderer = render_reminder
    clock.set(at("2026-06-10T12:30:01"))
    # The sender is held up (a long 429 pause, a busy day) past the food reminder's hour.
    for task in service._workers:
        task.cancel()
    await service.tick()
    clock.advance(KIND_SPECS["food"].tolerance + timedelta(minutes=1))
    service._workers = [asyncio.create_task(service._work())]
    await service.drain()
    assert bot.sent == [] and service.stats["late_dropped"] == 1 and service.stats["late_dropped:food"] == 1
    # The next reminder says one was skipped, once.
    clock.set(at("2026-06-11T12:29"))
    await service.tick()
    clock.set(at("2026-06-11T12:30:01"))
    await service.tick()
    await service.drain()
    assert len(bot.sent) == 1 and reminders_texts.reminder_missed_note(("food",)) in bot.sent[0]["text"]
    clock.set(at("2026-06-12T12:30:01"))
    await service.tick()
    await service.drain()
    assert len(bot.sent) == 2 and "skipped" not in bot.sent[1]["text"]
    await service.stop()


async def test_reminders_wait_in_due_order_and_a_requeued_one_keeps_its_place(store: UserStore) -> None:
    service = ReminderService(store, FakeKnowledge(), FakeClock(at("2026-06-10T12:00")), "UTC")
    early = Due(1, "food", at("2026-06-10").date(), 750, at("2026-06-10T12:30"))
    late = Due(2, "food", at("2026-06-10").date(), 751, at("2026-06-10T12:31"))
    service._put(late)
    service._put(early)
    assert service._queue is not None
    # Plain tuples of plain values: once seen by the collector, a long queue costs full collections nothing.
    gc.collect()
    assert not any(gc.is_tracked(entry) for entry in service._queue._queue)  # type: ignore[attr-defined]
    assert [service._queue.get_nowait()[2] for _ in range(2)] == [early.user_id, late.user_id]


def test_the_reminder_renderer_names_the_missed_kinds() -> None:
    sub = Subscriber(1, "UTC", (), None, None, (), ())
    item = Due(1, "food", at("2026-06-10").date(), 750, at("2026-06-10T12:30"), missed=("hydration",))
    text, _ = render_reminder(item, sub, [])
    assert text.startswith(reminders_texts.REMINDER_HEADLINES["food"]) and "water" in text


async def test_a_sent_mark_is_a_small_record_and_a_restart_does_not_resend(store: UserStore) -> None:
    for uid in (1, 2):
        add_user(store, uid, "UTC", reminders={"hydration": {"on": False}, "stretch": {"on": False}})
    # 2 was reminded by an older version, which kept the mark inside the document.
    store.update(2, {"reminder_sent": {"food": {"slot": "2026-06-10 12:30", "at": "2026-06-10T12:30:00+00:00"}}})
    clock = FakeClock(at("2026-06-10T12:29"))
    bot = FakeBot()
    service = await started(store, clock, bot)
    journal_before = store.storage.stats()["journal_bytes"]
    clock.set(at("2026-06-10T12:30:01"))
    await service.tick()
    await service.drain()
    assert [m["chat_id"] for m in bot.sent] == [1]
    assert store.storage.stats()["journal_bytes"] - journal_before <= 100
    assert service.sent_marks(1) == {"food": {"slot": "2026-06-10 12:30", "at": "2026-06-10T12:30:00+00:00"}}
    await service.stop()
    # A restart within the look-back finds both marks and sends nothing again.
    restarted = ReminderService(store, FakeKnowledge(), FakeClock(at("2026-06-10T12:40")), "UTC", workers=1)
    again = FakeBot()
    await restarted.start(FakeApp(again))
    await restarted.drain()
    assert again.sent == []
    await restarted.stop()
