"""Benchmark: start-up of the reminder schedule for many users, ours vs one job per user and kind.

    python bench/schedule.py --users 100000 --json

Writes a store of N users with all three kinds on (spread over 40 time zones, 70 % with the
default times, the rest with their own) as an older version left it (no schedule summaries). A
first child process opens it, loads and closes it: the first start after an upgrade, which
summarizes every document (``first_start_s``). A second child, the restart every later start is,
times ``ReminderService.load()``: rebuilding the slot index and the "already sent" set from the
stored summaries — everything start-up does before the single minute-tick job is added
(``startup_s``); then, same process, the old way as baseline: the index rebuilt from every whole
document (``baseline_full_decode_s``). Memory is that process's RSS after loading (anonymous and
file-backed pages apart: the snapshot is mapped), split into interpreter+imports, store, and index. The naive design (one APScheduler CronTrigger job per user and kind,
added to a started, paused scheduler) is timed on a sample and scaled up, in the same run.
A busy tick (09:00 in the most common zone) is timed too.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import pathlib
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from apscheduler.schedulers.background import BackgroundScheduler  # noqa: E402
from apscheduler.triggers.cron import CronTrigger  # noqa: E402
from report import emit  # noqa: E402  (bench/ is on sys.path when run as a script)

from core.clock import FakeClock  # noqa: E402
from scheduler.index import SlotIndex  # noqa: E402
from scheduler.model import default_reminders, utc_iso  # noqa: E402
from scheduler.service import ReminderService  # noqa: E402
from store import UserStore, files  # noqa: E402

TIMEZONES = (
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Warsaw",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Europe/Istanbul",
    "Africa/Cairo",
    "Africa/Lagos",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Perth",
    "Australia/Adelaide",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "America/Bogota",
    "America/Mexico_City",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/St_Johns",
    "UTC",
)
NOW = datetime(2026, 6, 10, 6, 0, tzinfo=UTC)
NAIVE_KINDS = 3


def user_doc(rng: random.Random, user_id: int) -> dict[str, Any]:
    reminders = default_reminders()
    if rng.random() < 0.3:  # people who picked their own times
        start = rng.randrange(6, 11)
        reminders["hydration"].update(
            start=f"{start:02d}:00", end=f"{start + 12:02d}:00", every_h=rng.choice((1, 2, 3))
        )
        reminders["stretch"]["time"] = f"{rng.randrange(19, 23):02d}:{rng.choice((0, 15, 30, 45)):02d}"
        reminders["food"]["time"] = f"{rng.randrange(11, 15):02d}:{rng.choice((0, 30)):02d}"
    sent_at = NOW - timedelta(minutes=rng.randrange(1, 48 * 60))
    return {
        "profile": {"chat_id": user_id, "created_at": utc_iso(NOW - timedelta(days=30)), "active": True},
        "tz": TIMEZONES[min(int(rng.expovariate(0.12)), len(TIMEZONES) - 1)],
        "reminders": reminders,
        "reminder_sent": {
            kind: {"slot": f"{sent_at.date().isoformat()} 09:00", "at": utc_iso(sent_at)} for kind in reminders
        },
        # A month of button use: daily counts, the shape the scheduler keeps.
        "reminder_log": [
            {"d": (NOW - timedelta(days=day)).date().isoformat(), "done": {"hydration": rng.randrange(1, 8)}}
            for day in range(rng.randrange(0, 30))
        ],
    }


def rss_mb(field: str = "VmRSS") -> float:
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def first_start(data_dir: pathlib.Path) -> dict[str, Any]:
    """Open, load and close a store no version kept summaries in (they are written, then compacted)."""
    started = time.perf_counter()
    store = UserStore.open(data_dir, background_compaction=False)
    service = ReminderService(store, _NoKnowledge(), FakeClock(NOW), "UTC")
    service.load()
    loaded_s = time.perf_counter() - started
    store.close()
    return {"first_start_s": round(loaded_s, 3), "first_close_s": round(time.perf_counter() - started - loaded_s, 3)}


def write_store(data_dir: pathlib.Path, users: int, seed: int) -> None:
    rng = random.Random(seed)
    raw = {str(uid): files.encode_doc(user_doc(rng, uid)) for uid in range(1, users + 1)}
    files.write_snapshot(data_dir / files.SNAPSHOT_NAME, {"users": raw}, 0)


class _NoKnowledge:
    def prevention_tips(self, kind: str) -> list[Any]:
        return []

    def foods_tip(self, nutrient_ids: list[str], index: int) -> Any:
        return None


def measure_ours(data_dir: pathlib.Path) -> dict[str, Any]:
    gc.collect()
    rss_imports = rss_mb()
    started = time.perf_counter()
    store = UserStore.open(data_dir, background_compaction=False)
    store_open_s = time.perf_counter() - started
    gc.collect()
    rss_before = rss_mb()
    clock = FakeClock(NOW)
    service = ReminderService(store, _NoKnowledge(), clock, "UTC")
    started = time.perf_counter()
    service.load()
    startup_s = time.perf_counter() - started
    rss_after, rss_anon, rss_file = rss_mb(), rss_mb("RssAnon"), rss_mb("RssFile")
    # The old way, same process: every whole document decoded into a fresh index.
    started = time.perf_counter()
    SlotIndex("UTC").rebuild(store.iter_users())
    baseline_s = time.perf_counter() - started
    # The busiest minute: 09:00 local in the most common zone (Europe/London).
    busy = datetime(2026, 6, 10, 9, 0, tzinfo=ZoneInfo(TIMEZONES[0])).astimezone(UTC)
    started = time.perf_counter()
    due = service.index.due(busy - timedelta(minutes=1), busy)
    busy_tick_ms = (time.perf_counter() - started) * 1000
    stall = asyncio.run(measure_tick_stall(service))
    result = {
        **stall,
        "startup_s": round(startup_s, 3),
        "baseline_full_decode_s": round(baseline_s, 3),
        "rss_mb": round(rss_after, 1),
        "rss_anon_mb": round(rss_anon, 1),
        "rss_file_mb": round(rss_file, 1),
        "index_rss_mb": round(rss_after - rss_before, 1),
        "store_rss_mb": round(rss_before - rss_imports, 1),
        "base_rss_mb": round(rss_imports, 1),
        "jobs": 1,  # the minute tick; everything else is a dict lookup
        "subscribers": len(service.index),
        "distinct_slots": service.index.slot_count(),
        "store_open_s": round(store_open_s, 3),
        "busy_tick_ms": round(busy_tick_ms, 2),
        "busy_tick_due": len(due),
    }
    store.close()
    return result


async def measure_tick_stall(service: ReminderService) -> dict[str, Any]:
    """One tick with every reminder of a whole day due at once, while a probe task measures how long
    the event loop was away (what an update arriving meanwhile would wait)."""
    gc.collect()
    gc.freeze()  # as ReminderService.start does after load()
    service.grace = timedelta(days=1)
    service._processed_until = None
    worst, worst_cpu, done = 0.0, 0.0, asyncio.Event()

    async def probe() -> None:
        # Wall time includes the OS running other processes (this machine is shared); CPU time
        # of this thread is the loop's own work between two turns of the probe.
        nonlocal worst, worst_cpu
        last, last_cpu = time.perf_counter(), time.thread_time()
        while not done.is_set():
            await asyncio.sleep(0)
            now, now_cpu = time.perf_counter(), time.thread_time()
            worst, last = max(worst, now - last), now
            worst_cpu, last_cpu = max(worst_cpu, now_cpu - last_cpu), now_cpu

    watcher = asyncio.create_task(probe())
    await asyncio.sleep(0)
    started = time.perf_counter()
    queued = await service.tick()
    tick_s = time.perf_counter() - started
    done.set()
    await watcher
    return {
        "max_loop_stall_ms": round(worst * 1000, 1),
        "max_loop_stall_cpu_ms": round(worst_cpu * 1000, 1),
        "all_due_tick_s": round(tick_s, 2),
        "all_due_queued": queued,
    }


def measure_naive(users: int, sample: int, seed: int) -> dict[str, Any]:
    """One CronTrigger job per user and kind on a started (paused) APScheduler, scaled up."""
    rng = random.Random(seed)
    docs = [user_doc(rng, uid) for uid in range(1, sample + 1)]
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.start(paused=True)
    started = time.perf_counter()
    add_naive_jobs(scheduler, docs)
    elapsed = time.perf_counter() - started
    jobs = len(scheduler.get_jobs())
    scheduler.shutdown(wait=False)
    # Memory on a second, identical scheduler under tracemalloc (RSS is too coarse for a sample).
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.start(paused=True)
    tracemalloc.start()
    add_naive_jobs(scheduler, docs)
    job_bytes, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    scheduler.shutdown(wait=False)
    scale = users / sample
    return {
        "naive_startup_s": round(elapsed * scale, 2),
        "naive_rss_mb_est": round(job_bytes * scale / 1e6, 0),
        "naive_jobs": int(jobs * scale),
        "naive_sample_users": sample,
        "naive_ms_per_job": round(elapsed / jobs * 1000, 3),
        "naive_kb_per_job": round(job_bytes / jobs / 1024, 2),
    }


def add_naive_jobs(scheduler: BackgroundScheduler, docs: list[dict[str, Any]]) -> None:
    for uid, doc in enumerate(docs, start=1):
        tz = ZoneInfo(doc["tz"])
        hyd = doc["reminders"]["hydration"]
        start_h, end_h = int(hyd["start"][:2]), int(hyd["end"][:2])
        triggers = [
            CronTrigger(hour=f"{start_h}-{end_h}/{hyd['every_h']}", minute=0, timezone=tz),
            CronTrigger(
                hour=doc["reminders"]["stretch"]["time"][:2],
                minute=doc["reminders"]["stretch"]["time"][3:],
                timezone=tz,
            ),
            CronTrigger(
                hour=doc["reminders"]["food"]["time"][:2], minute=doc["reminders"]["food"]["time"][3:], timezone=tz
            ),
        ]
        for kind, trigger in zip(("hydration", "stretch", "food"), triggers, strict=True):
            scheduler.add_job(print, trigger, id=f"{uid}:{kind}", args=(uid, kind), misfire_grace_time=900)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--naive-sample", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--measure-dir", type=pathlib.Path, help=argparse.SUPPRESS)
    parser.add_argument("--first", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_dir is not None:  # the child: a fresh process, as at a real start
        print(json.dumps(first_start(args.measure_dir) if args.first else measure_ours(args.measure_dir)))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-schedule-") as tmp:
        data_dir = pathlib.Path(tmp)
        write_store(data_dir, args.users, args.seed)
        result: dict[str, Any] = {"users": args.users}
        for first in (True, False):
            child = subprocess.run(
                [sys.executable, __file__, "--measure-dir", str(data_dir), *(["--first"] if first else [])],
                check=True,
                capture_output=True,
                text=True,
            )
            result.update(json.loads(child.stdout))
    result.update(measure_naive(args.users, min(args.naive_sample, args.users), args.seed))
    # Targets (issue 15): start <= 1.0 s and <= 160 MB at 100,000 people.
    result["scheduler_rss_mb"] = round(result["base_rss_mb"] + result["index_rss_mb"], 1)
    result["startup_target_met"] = result["startup_s"] <= 1.0
    result["rss_target_met"] = result["rss_mb"] <= 160
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
