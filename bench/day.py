"""Benchmark: a simulated day of reminders for N people in one time zone, on a virtual clock.

    python bench/day.py --users 100000 --json
    python bench/day.py --users 100000 --no-baseline --json

N people who set reminders up with the defaults (what ``/start`` gives a new person: water every
4 h, food, evening stretch). The real ``ReminderService`` (index, chunked tick, due-ordered send
queue, lateness tolerance) and the real ``ReminderRateLimiter`` send through a bot whose
``send_message`` is answered by the stand-in's own flood control (``standin.faults.Faults``:
Telegram's 30/s overall and 1/s per chat, 429 with retry_after when exceeded) after a simulated
network round trip (``--latency-ms``). No HTTP: a day of ~500,000 sends over real sockets would take
hours of CPU on this machine; the HTTP path is measured by ``bench/fanout.py``.

Time is virtual: the event loop's clock jumps to its next timer whenever nothing is ready, so the
day runs as fast as the CPU allows while every wait (limiter, retry_after, latency, the minute
tick at second 1) is honoured to the microsecond. ``max_loop_stall_ms`` is real time: the longest
stretch the loop spent running callbacks between two polls, i.e. how long an update could have
waited. The store lives in a temporary directory (on /dev/shm when there is one, so fsyncs do not
dominate the run; the stall figure then excludes disk latency).

The baseline in the same run is the same code with everyone on the plain default times (no
spread): the thundering herd.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import pathlib
import selectors
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from report import emit  # noqa: E402  (bench/ is on sys.path when run as a script)
from telegram.error import RetryAfter  # noqa: E402

from scheduler.index import Due, Subscriber  # noqa: E402
from scheduler.model import KINDS, kind_minutes, normalize_reminders, starter_reminders  # noqa: E402
from scheduler.ratelimit import ReminderRateLimiter  # noqa: E402
from scheduler.service import ReminderService  # noqa: E402
from standin.faults import Faults  # noqa: E402
from standin.rules import ApiError  # noqa: E402
from store import UserStore, files  # noqa: E402

DAY = datetime(2026, 6, 10, tzinfo=UTC)
ZONE = "UTC"
FIRST_USER = 1_000_000


class VirtualSelector(selectors.DefaultSelector):  # type: ignore[misc,valid-type]
    """Never sleeps: a timeout moves the loop's virtual clock instead. Measures real stalls."""

    def __init__(self) -> None:
        super().__init__()
        self.virtual = 0.0
        self.max_stall_s = 0.0
        self.measuring = False
        self._last_poll = time.perf_counter()

    def start_measuring(self) -> None:
        """Count stalls from now on: what ran before (start-up, building the store) is not one."""
        self._last_poll = time.perf_counter()
        self.measuring = True

    def select(self, timeout: float | None = None) -> list[Any]:
        started = time.perf_counter()
        if self.measuring:
            self.max_stall_s = max(self.max_stall_s, started - self._last_poll)
        if timeout is None:
            events = super().select(None)  # only a thread (store compaction) can wake us: wait for real
        else:
            self.virtual += max(timeout, 0.0)
            events = super().select(0)
        self._last_poll = time.perf_counter()
        return events


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        self.selector = VirtualSelector()
        super().__init__(self.selector)

    def time(self) -> float:
        return self.selector.virtual


class VirtualClock:
    """The service's wall clock, following the loop's virtual time from ``start``."""

    def __init__(self, loop: VirtualLoop, start: datetime) -> None:
        self.loop, self.start = loop, start

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.loop.time())


class SimBot:
    """``send_message`` through the bot's limiter to the stand-in's flood control, with latency."""

    def __init__(self, limiter: ReminderRateLimiter, faults: Faults, latency_s: float, clock: VirtualClock) -> None:
        self.rate_limiter = limiter
        self.faults = faults
        self.latency_s = latency_s
        self.clock = clock
        self.sends: list[tuple[str, float]] = []  # (text, virtual send time)

    async def send_message(self, chat_id: int, text: str, reply_markup: Any = None, **kwargs: Any) -> bool:
        async def call() -> bool:
            await asyncio.sleep(self.latency_s / 2)
            try:
                self.faults.check_flood("sendmessage", chat_id)
            except ApiError as exc:
                await asyncio.sleep(self.latency_s / 2)
                raise RetryAfter(exc.retry_after or 1) from None
            self.sends.append((text, self.clock.loop.time()))
            await asyncio.sleep(self.latency_s / 2)
            return True

        result = await self.rate_limiter.process_request(
            call, (), {}, "sendMessage", {"chat_id": chat_id}, kwargs.get("rate_limit_args")
        )
        return bool(result)


class _NoKnowledge:
    def prevention_tips(self, kind: str) -> list[Any]:
        return []

    def foods_tip(self, nutrient_ids: list[str], index: int) -> Any:
        return None


def label(item: Due, sub: Subscriber, lines: Any) -> tuple[str, Any]:
    """The bench's renderer: the reminder's identity and due second, so the receiver can check it."""
    return f"{item.user_id}|{item.kind}|{item.minute}|{item.at.timestamp():.0f}", None


def write_store(data_dir: pathlib.Path, users: int, spread: bool) -> set[tuple[int, str, int]]:
    """People with the starter reminders; returns every (user, kind, local minute) due that day."""
    expected: set[tuple[int, str, int]] = set()
    raw = {}
    for uid in range(FIRST_USER, FIRST_USER + users):
        reminders = starter_reminders(None, uid if spread else None)
        normal = normalize_reminders(reminders)
        for kind in KINDS:
            expected.update((uid, kind, minute) for minute in kind_minutes(kind, normal[kind]))
        doc = {"profile": {"chat_id": uid, "active": True}, "tz": ZONE, "reminders": reminders}
        raw[str(uid)] = files.encode_doc(doc)
    data_dir.mkdir(parents=True, exist_ok=True)
    files.write_snapshot(data_dir / files.SNAPSHOT_NAME, {"users": raw}, 0)
    return expected


async def simulate(data_dir: pathlib.Path, expected: set[tuple[int, str, int]], latency_s: float) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, VirtualLoop)
    clock = VirtualClock(loop, DAY - timedelta(seconds=loop.time()))
    faults = Faults(time_source=loop.time)
    faults.set_flood_limits(30, 1)
    limiter = ReminderRateLimiter(overall_per_s=30, per_chat_per_s=1)
    await limiter.initialize()
    bot = SimBot(limiter, faults, latency_s, clock)
    store = UserStore.open(data_dir)
    service = ReminderService(store, _NoKnowledge(), clock, ZONE)
    service.renderer = label
    app = type("SimApp", (), {"bot": bot, "job_queue": None})()
    started = time.perf_counter()
    await service.start(app)
    startup_s = time.perf_counter() - started
    loop.selector.start_measuring()
    tick_stalls: list[float] = []
    end = DAY + timedelta(days=1, hours=2)  # the day plus time for the last burst to drain
    while clock.now() < end:
        now = clock.now()
        next_tick = now.replace(second=1, microsecond=0) + (timedelta(minutes=1) if now.second >= 1 else timedelta())
        await asyncio.sleep((next_tick - now).total_seconds())
        started = time.perf_counter()
        await service.tick()
        tick_stalls.append(time.perf_counter() - started)
    await service.drain()
    loop.selector.measuring = False
    await service.stop()
    store.close()
    return {**measure(expected, bot, service, faults, loop.selector.max_stall_s), "startup_s": round(startup_s, 2)}


def measure(
    expected: set[tuple[int, str, int]], bot: SimBot, service: ReminderService, faults: Faults, stall_s: float
) -> dict[str, Any]:
    seen: Counter[tuple[int, str, int]] = Counter()
    lateness: list[float] = []
    start = DAY.timestamp()
    for text, sent_at in bot.sends:
        user, kind, minute, due = text.split("|")
        seen[(int(user), kind, int(minute))] += 1
        lateness.append(start + sent_at - float(due))
    lateness.sort()
    dropped = service.stats["late_dropped"]
    delivered = set(seen)
    return {
        "due": len(expected),
        "sent": len(bot.sends),
        "lost": len(expected - delivered) - dropped,
        "duplicated": sum(count - 1 for count in seen.values()),
        "unexpected": len(delivered - expected),
        "late_dropped": dropped,
        "lateness_p50_s": round(_quantile(lateness, 0.5), 1),
        "lateness_p99_s": round(_quantile(lateness, 0.99), 1),
        "lateness_max_s": round(lateness[-1], 1) if lateness else 0.0,
        "max_loop_stall_ms": round(stall_s * 1000, 1),
        "standin_429s": len(faults.flood_rejections),
        "peak_per_s": faults.peak_sends()[0],
        "paid_sent": 0,
    }


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(q * len(values)))]


def run_day(users: int, spread: bool, latency_s: float) -> dict[str, Any]:
    shm = pathlib.Path("/dev/shm")
    with tempfile.TemporaryDirectory(prefix="bench-day-", dir=shm if shm.is_dir() else None) as tmp:
        data_dir = pathlib.Path(tmp) / "data"
        expected = write_store(data_dir, users, spread)
        loop = VirtualLoop()
        started = time.perf_counter()
        try:
            result = loop.run_until_complete(simulate(data_dir, expected, latency_s))
        finally:
            loop.close()
        result["wall_s"] = round(time.perf_counter() - started, 1)
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--latency-ms", type=float, default=60.0, help="simulated round trip of one send")
    parser.add_argument("--no-baseline", action="store_true", help="skip the herd baseline (plain default times)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    result: dict[str, Any] = {"users": args.users, **run_day(args.users, True, args.latency_ms / 1000)}
    if not args.no_baseline:
        baseline = run_day(args.users, False, args.latency_ms / 1000)
        result["baseline_unspread"] = baseline
    result["target_met"] = result["lateness_p99_s"] <= 120 and result["lost"] == 0 and result["duplicated"] == 0
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
