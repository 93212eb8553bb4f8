"""Reminder core with an injected clock: local times, DST, quiet hours, pause, snooze, restart."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram.error import BadRequest, Forbidden, RetryAfter

from core.clock import FakeClock
from scheduler.index import SlotIndex
from scheduler.model import SettingsError, normalize_reminders, with_hydration_window
from scheduler.service import ReminderService
from store import UserStore

UTC = UTC


@dataclass
class FakeTip:
    text: str
    sources: tuple[str, ...] = ("000_seed.txt",)


class FakeKnowledge:
    """Numbered tips so tests can see which one was chosen."""

    def prevention_tips(self, kind: str) -> list[FakeTip]:
        return [FakeTip(f"{kind} tip {n}") for n in range(4)]

    def foods_tip(self, nutrient_ids: list[str], index: int) -> FakeTip:
        return FakeTip(f"foods for {','.join(nutrient_ids) or 'general'} #{index % 3}")


@dataclass
class FakeBot:
    """Records sends; `fail` maps chat ids to the exception their next send raises."""

    sent: list[dict[str, Any]] = field(default_factory=list)
    fail: dict[int, list[Exception]] = field(default_factory=dict)
    rate_limiter: Any = None
    clock: FakeClock | None = None

    async def send_message(self, **kwargs: Any) -> None:
        errors = self.fail.get(kwargs["chat_id"])
        if errors:
            raise errors.pop(0)
        if self.clock is not None:
            kwargs["at"] = self.clock.now()
        self.sent.append(kwargs)

    def times(self) -> list[str]:
        return [m["at"].isoformat(timespec="minutes") for m in self.sent]


@dataclass
class FakeApp:
    bot: FakeBot
    job_queue: Any = None


@pytest.fixture
def store(tmp_path: pathlib.Path) -> Iterator[UserStore]:
    opened = UserStore.open(tmp_path / "data", background_compaction=False)
    yield opened
    opened.close()


def at(text: str, tz: str = "UTC") -> datetime:
    """A local wall time in `tz` as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


def add_user(store: UserStore, user_id: int, tz: str | None, **fields: Any) -> None:
    store.ensure_user(user_id, user_id, datetime(2026, 1, 1, tzinfo=UTC))
    doc: dict[str, Any] = {"reminders": normalize_reminders(fields.pop("reminders", None))}
    if tz is not None:
        doc["tz"] = tz
    doc.update(fields)
    store.update(user_id, doc)


async def started(store: UserStore, clock: FakeClock, bot: FakeBot | None = None) -> ReminderService:
    service = ReminderService(store, FakeKnowledge(), clock, "Europe/London", workers=2)
    await service.start(FakeApp(bot or FakeBot()))
    await service.drain()
    return service


async def run_until(service: ReminderService, clock: FakeClock, end: datetime) -> None:
    """Tick minute by minute up to `end`, sending everything as it becomes due."""
    while clock.now() < end:
        clock.advance(timedelta(minutes=1))
        await service.tick()
        await service.drain()


def sends(bot: FakeBot) -> list[tuple[int, str]]:
    return [(m["chat_id"], m["text"]) for m in bot.sent]


# --- settings model ----------------------------------------------------------------------
def test_defaults_give_seven_hydration_slots_and_one_each_other() -> None:
    index = SlotIndex("UTC")
    index.update(1, {"profile": {"chat_id": 1}, "reminders": {}})
    sub = index.get(1)
    assert sub is not None
    assert len(sub.slot_keys) == 7 + 1 + 1


@pytest.mark.parametrize(
    "change",
    [
        {"start": "21:00", "end": "09:00"},
        {"every_h": 5},
        {"start": "9:00"},
        {"end": "24:00"},
    ],
)
def test_invalid_hydration_windows_are_refused(change: dict[str, Any]) -> None:
    with pytest.raises(SettingsError):
        with_hydration_window({}, **change)


def test_users_without_reminders_blocked_or_without_chat_are_not_indexed() -> None:
    index = SlotIndex("UTC")
    index.update(1, {"profile": {"chat_id": 1}})
    index.update(2, {"profile": {"chat_id": 2, "active": False}, "reminders": {}})
    index.update(3, {"reminders": {}})
    assert len(index) == 0


# --- local times, zones, DST ------------------------------------------------------------
@pytest.mark.parametrize("tz", ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"])
async def test_each_kind_fires_at_its_local_time(store: UserStore, tz: str) -> None:
    add_user(store, 7, tz)
    clock = FakeClock(at("2026-06-10T08:50", tz))
    bot = FakeBot()
    service = await started(store, clock, bot)
    await run_until(service, clock, at("2026-06-10T09:00", tz))
    first_day = at("2026-06-10T12:00", tz).astimezone(ZoneInfo(tz)).date()
    assert sends(bot) == [(7, f"hydration tip {first_day.toordinal() * 24 % 4}")]
    await run_until(service, clock, at("2026-06-10T12:30", tz))
    assert [text.split(" ")[0] for _, text in sends(bot)] == ["hydration", "hydration", "foods"]
    await run_until(service, clock, at("2026-06-10T21:30", tz))
    kinds = [text.split(" ")[0] for _, text in sends(bot)]
    assert kinds.count("hydration") == 7 and kinds.count("foods") == 1
    assert len({text for _, text in sends(bot) if text.startswith("hydration")}) == 4  # varied tips
    assert kinds[-1] == "•"  # the evening stretch routine, as a short list
    assert bot.sent[-1]["text"].count("stretch tip") == 3


async def test_spring_gap_reminder_fires_once_at_first_valid_time(store: UserStore) -> None:
    tz = "Europe/Berlin"
    add_user(store, 7, tz, reminders={"hydration": {"on": False}, "food": {"on": False}, "stretch": {"time": "02:30"}})
    clock = FakeClock(at("2026-03-29T01:30", tz))
    bot = FakeBot(clock=clock)
    service = await started(store, clock, bot)
    await run_until(service, clock, at("2026-03-29T04:00", tz))
    assert service.stats["sent"] == 1
    # 03:00 CEST is 01:00 UTC: the first valid local minute after 02:30.
    assert bot.times() == ["2026-03-29T01:00+00:00"]
    assert service.sent_marks(7)["stretch"]["slot"] == "2026-03-29 02:30"  # a small record, not in the document
    assert "reminder_sent" not in (store.get(7) or {})


async def test_autumn_overlap_reminder_fires_once_on_first_pass(store: UserStore) -> None:
    tz = "Europe/Berlin"
    add_user(store, 7, tz, reminders={"hydration": {"on": False}, "food": {"on": False}, "stretch": {"time": "02:30"}})
    clock = FakeClock(datetime(2026, 10, 24, 23, 0, tzinfo=UTC))
    bot = FakeBot(clock=clock)
    service = await started(store, clock, bot)
    await run_until(service, clock, datetime(2026, 10, 25, 3, 0, tzinfo=UTC))
    assert bot.times() == ["2026-10-25T00:30+00:00"]  # 02:30 CEST, not again at 02:30 CET


async def test_daily_time_stays_local_across_dst(store: UserStore) -> None:
    tz = "Europe/Berlin"
    add_user(store, 7, tz, reminders={"hydration": {"on": False}, "stretch": {"on": False}})
    clock = FakeClock(at("2026-03-28T12:00", tz))
    bot = FakeBot(clock=clock)
    service = await started(store, clock, bot)
    await run_until(service, clock, at("2026-03-29T13:00", tz))
    # 12:30 CET = 11:30 UTC, then 12:30 CEST = 10:30 UTC.
    assert bot.times() == ["2026-03-28T11:30+00:00", "2026-03-29T10:30+00:00"]


# --- quiet hours, pause ------------------------------------------------------------------
async def test_quiet_hours_hold_back_reminders_inside_them(store: UserStore) -> None:
    add_user(store, 7, "UTC", quiet={"start": "20:00", "end": "08:00"})
    clock = FakeClock(at("2026-06-10T18:30"))
    bot = FakeBot()
    service = await started(store, clock, bot)
    await run_until(service, clock, at("2026-06-10T22:00"))
    # 19:00 hydration goes; 21:00 hydration and 21:30 stretch are inside quiet hours.
    assert len(bot.sent) == 1
    assert service.stats["skipped"] == 2


async def test_pause_stops_everything_until_it_ends(store: UserStore) -> None:
    add_user(store, 7, "UTC")
    clock = FakeClock(at("2026-06-10T08:00"))
    bot = FakeBot()
    service = await started(store, clock, bot)
    until = service.pause(7, timedelta(days=1))
    assert until == at("2026-06-11T08:00")
    await run_until(service, clock, at("2026-06-11T10:00"))
    assert len(bot.sent) == 1  # only 09:00 on the day after
    service.pause(7, None)
    assert "pause_until" not in (store.get(7) or {})


# --- snooze and restart ------------------------------------------------------------------
async def test_snooze_survives_restart_and_does_not_shift_schedule(store: UserStore) -> None:
    add_user(store, 7, "UTC", reminders={"food": {"on": False}, "stretch": {"on": False}})
    clock = FakeClock(at("2026-06-10T08:59"))
    bot = FakeBot(clock=clock)
    service = await started(store, clock, bot)
    await run_until(service, clock, at("2026-06-10T09:00"))
    assert len(bot.sent) == 1
    due = service.snooze(7, "hydration")
    assert due == at("2026-06-10T09:30")
    await service.stop()

    clock.advance(timedelta(minutes=20))  # down from 09:00 to 09:20
    bot2 = FakeBot(clock=clock)
    service2 = await started(store, clock, bot2)
    assert bot2.sent == []  # 09:00 was marked as sent: no duplicate after restart
    await run_until(service2, clock, at("2026-06-10T11:00"))
    assert [t[11:16] for t in bot.times() + bot2.times()] == ["09:00", "09:30", "11:00"]
    assert "snoozes" not in (store.get(7) or {})


async def test_missed_within_grace_sent_once_older_skipped(store: UserStore) -> None:
    add_user(store, 7, "UTC", reminders={"food": {"time": "08:40"}, "stretch": {"time": "08:50"}})
    clock = FakeClock(at("2026-06-10T08:57"))  # down since before 08:40; grace is 15 min
    bot = FakeBot()
    service = await started(store, clock, bot)
    assert [m["text"].split(" ")[0] for m in bot.sent] == ["•"]  # 08:50 stretch only
    await service.stop()
    bot2 = FakeBot()
    await started(store, clock, bot2)  # a second restart in the same minute
    assert bot2.sent == []


async def test_stale_snooze_after_long_downtime_is_dropped(store: UserStore) -> None:
    add_user(store, 7, "UTC", snoozes=[{"kind": "stretch", "due": "2026-06-10T06:00:00+00:00"}])
    clock = FakeClock(at("2026-06-10T07:00"))
    bot = FakeBot()
    service = await started(store, clock, bot)
    assert bot.sent == [] and service.stats["stale_snoozes"] == 1
    assert "snoozes" not in (store.get(7) or {})


# --- buttons ----------------------------------------------------------------------------
async def test_done_counts_today_and_turn_off_stops_kind(store: UserStore) -> None:
    add_user(store, 7, "America/New_York")
    clock = FakeClock(at("2026-06-10T23:50", "America/New_York"))
    service = await started(store, clock)
    assert service.done(7, "hydration") == 1
    assert service.done(7, "hydration") == 2
    clock.advance(timedelta(minutes=15))  # a new local day
    assert service.done(7, "hydration") == 1
    service.snooze(7, "stretch")
    service.turn_off(7, "stretch")
    doc = store.get(7) or {}
    assert doc["reminders"]["stretch"]["on"] is False and "snoozes" not in doc
    sub = service.index.get(7)
    assert sub is not None and not sub.kind_on("stretch") and sub.kind_on("food")


async def test_setting_change_takes_effect_at_once(store: UserStore) -> None:
    add_user(store, 7, "UTC")
    clock = FakeClock(at("2026-06-10T12:00"))
    bot = FakeBot()
    service = await started(store, clock, bot)
    service.set_kind_time(7, "food", "12:05")
    service.set_kind_on(7, "hydration", False)
    await run_until(service, clock, at("2026-06-10T13:10"))
    assert [m["text"].split(" ")[0] for m in bot.sent] == ["foods"]


async def test_food_reminders_follow_check_contributors(store: UserStore) -> None:
    check = {"result": {"contributors": [{"topic": "magnesium"}, {"topic": "vitamin_b12"}]}}
    add_user(store, 7, "UTC", check=check, reminders={"hydration": {"on": False}, "stretch": {"on": False}})
    clock = FakeClock(at("2026-06-10T12:29"))
    bot = FakeBot()
    service = await started(store, clock, bot)
    await run_until(service, clock, at("2026-06-10T12:30"))
    assert bot.sent[0]["text"].startswith("foods for magnesium,vitamin_b12")


# --- errors -----------------------------------------------------------------------------
async def test_403_marks_inactive_and_other_errors_do_not_stop_others(store: UserStore) -> None:
    for uid in (1, 2, 3):
        add_user(store, uid, "UTC", reminders={"food": {"on": False}, "stretch": {"on": False}})
    bot = FakeBot(fail={1: [Forbidden("Forbidden: bot was blocked by the user")], 2: [BadRequest("chat not found")]})
    clock = FakeClock(at("2026-06-10T08:59"))
    service = await started(store, clock, bot)
    await run_until(service, clock, at("2026-06-10T11:00"))
    assert (store.get(1) or {})["profile"]["active"] is False
    assert service.index.get(1) is None
    assert [m["chat_id"] for m in bot.sent] == [3, 2, 3]
    assert service.stats["blocked"] == 1 and service.stats["failed"] == 1


async def test_retry_after_escaping_the_limiter_is_requeued_not_lost(store: UserStore) -> None:
    add_user(store, 1, "UTC", reminders={"food": {"on": False}, "stretch": {"on": False}})
    bot = FakeBot(fail={1: [RetryAfter(1), RetryAfter(1)]})
    clock = FakeClock(at("2026-06-10T08:59"))
    service = await started(store, clock, bot)
    await run_until(service, clock, at("2026-06-10T09:00"))
    assert len(bot.sent) == 1 and service.stats["requeued_429"] == 2
