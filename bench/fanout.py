"""Benchmark: N reminders due in the same minute, sent through the real Application.

    python bench/fanout.py --reminders 1000 --json
    python bench/fanout.py --reminders 1000 --inject-429 --json
    python bench/fanout.py --reminders 10000 --rate 1000 --json

N people (one reminder each, due at 12:30 local) in a store written up front; the real
Application (bot.app.build_application, polling) runs against the local Bot API stand-in
with Telegram-like flood control at ``--rate`` messages/s overall and 1/s per chat; the
bot's limiter is ``scheduler.ReminderRateLimiter`` at the same rate. The clock is moved to
12:30, one tick queues everything, and the run ends when every reminder is handled.
``sent``/``lost``/``duplicated`` are counted on the stand-in's side. ``cpu_s`` is the CPU
time of this process during the fan-out: bot and stand-in together (they share the process).

With ``--baseline`` the same fan-out runs twice more first, in the same process, so the figures
sit side by side (``baselines``):
- ``completion_counted``: the limiter's window counted from each send's completion (as before
  issue 15 item 6): pace 30/(1 + latency), and the stand-in counting sends when its handler gets
  to them (as before);
- ``start_counted_naive``: counted from each send's start with no regard for how long sends take
  to arrive, against that same stand-in: the previous attempt, which drew flood 429s.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import pathlib
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from report import emit  # noqa: E402  (bench/ is on sys.path when run as a script)

from bot.app import build_application, open_services, running  # noqa: E402
from core.clock import FakeClock  # noqa: E402
from core.settings import Settings  # noqa: E402
from scheduler import ReminderRateLimiter, ReminderService  # noqa: E402
from scheduler.model import normalize_reminders  # noqa: E402
from scheduler.ratelimit import RoundTrips  # noqa: E402
from standin import BotApiStandin  # noqa: E402
from store import files  # noqa: E402

TOKEN = "123456:bench-token"
BEFORE = datetime(2026, 6, 10, 12, 29, 30, tzinfo=UTC)
DUE = datetime(2026, 6, 10, 12, 30, tzinfo=UTC)
FIRST_USER = 100_000


def write_users(data_dir: pathlib.Path, count: int) -> list[int]:
    """People with only the 12:30 food reminder on, in UTC: all due in the same minute."""
    reminders = normalize_reminders({"hydration": {"on": False}, "stretch": {"on": False}})
    users = list(range(FIRST_USER, FIRST_USER + count))
    raw = {
        str(uid): files.encode_doc({"profile": {"chat_id": uid, "active": True}, "tz": "UTC", "reminders": reminders})
        for uid in users
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    files.write_snapshot(data_dir / files.SNAPSHOT_NAME, {"users": raw}, 0)
    return users


class CompletionCounted(RoundTrips):
    """Floor 0: the next send waits a whole round trip of the one a window back (start + trip = completion)."""

    @property
    def floor(self) -> float:
        return 0.0


class StartCountedNaive(RoundTrips):
    """Floor infinite: no send ever waits for how long the one a window back took to arrive."""

    @property
    def floor(self) -> float:
        return float("inf")


VARIANTS: dict[str, tuple[type[RoundTrips], bool]] = {
    # name: (the limiter's round-trip floor, the stand-in counts at arrival)
    "completion_counted": (CompletionCounted, False),
    "start_counted_naive": (StartCountedNaive, False),
    "start_counted": (RoundTrips, True),
}


def build(settings: Settings, clock: FakeClock, limiter: ReminderRateLimiter) -> Any:
    return build_application(settings, open_services(settings, clock), rate_limiter=limiter)


async def run(
    count: int, rate: float, inject_429: bool, workers: int, variant: str = "start_counted"
) -> dict[str, Any]:
    trips, at_arrival = VARIANTS[variant]
    with tempfile.TemporaryDirectory(prefix="bench-fanout-") as tmp:
        data_dir = pathlib.Path(tmp) / "data"
        users = write_users(data_dir, count)
        async with BotApiStandin(token=TOKEN) as api:
            for uid in users:
                api.user(uid)
            api.set_flood_limits(rate, 1)
            api.faults.count_at_arrival = at_arrival
            settings = Settings(bot_token=TOKEN, bot_api_url=api.base_url, data_dir=data_dir, default_tz="UTC")
            clock = FakeClock(BEFORE)
            limiter = ReminderRateLimiter(overall_per_s=rate, per_chat_per_s=1, trips=trips())
            app = build(settings, clock, limiter)
            async with running(app):
                service: ReminderService = app.bot_data["services"].reminders
                service.workers = workers
                return await fan_out(api, service, clock, users, inject_429, limiter)


async def fan_out(
    api: BotApiStandin,
    service: ReminderService,
    clock: FakeClock,
    users: list[int],
    inject_429: bool,
    limiter: ReminderRateLimiter,
) -> dict[str, Any]:
    injector = asyncio.create_task(inject_after(api, service, len(users) // 3)) if inject_429 else None
    clock.set(DUE)
    cpu_before = _cpu()
    started = time.perf_counter()
    queued = await service.tick()
    await service.drain()
    elapsed = time.perf_counter() - started
    cpu = _cpu() - cpu_before
    if injector is not None:
        await injector
    counts = [len(api.sent(uid)) for uid in users]
    sent = sum(1 for c in counts if c >= 1)
    return {
        "reminders": len(users),
        "queued": queued,
        "sent": sent,
        "lost": sum(1 for c in counts if c == 0),
        "duplicated": sum(c - 1 for c in counts if c > 1),
        "rate_per_s": round(sent / elapsed, 2),
        "elapsed_s": round(elapsed, 2),
        "cpu_s": round(cpu, 2),
        "injected_429": inject_429,
        "bot_retries_after_429": limiter.retries_after_429,
        "standin_flood_429s": len(api.faults.flood_rejections),
        "service_stats": dict(service.stats),
    }


async def inject_after(api: BotApiStandin, service: ReminderService, after_sent: int) -> None:
    """One forced 429 (retry_after 1 s) once a third of the reminders went out."""
    while service.stats["sent"] < after_sent:
        await asyncio.sleep(0.01)
    api.rate_limit_next("sendMessage", retry_after=1, times=1)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=30.0, help="flood limit, messages/s overall")
    parser.add_argument("--inject-429", action="store_true", help="force one 429 a third of the way in")
    parser.add_argument("--workers", type=int, default=16, help="concurrent senders")
    parser.add_argument("--baseline", action="store_true", help="also run the two earlier ways, same process")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    baselines = {}
    if args.baseline:
        for variant in ("completion_counted", "start_counted_naive"):
            baseline = asyncio.run(run(args.reminders, args.rate, args.inject_429, args.workers, variant))
            keys = ("rate_per_s", "lost", "duplicated", "standin_flood_429s", "bot_retries_after_429")
            baselines[variant] = {key: baseline[key] for key in keys}
    result = asyncio.run(run(args.reminders, args.rate, args.inject_429, args.workers))
    result["rate_limit"] = args.rate
    result["load_avg_1m"] = round(os.getloadavg()[0], 2)
    result["target_met"] = (
        result["lost"] == 0 and result["duplicated"] == 0 and (args.rate != 30 or result["rate_per_s"] >= 29.5)
    )
    if baselines:
        result["baselines"] = baselines
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
