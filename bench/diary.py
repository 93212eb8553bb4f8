"""The diary's drawing: chart and report render times, and what rendering does to the event loop.

    python bench/diary.py [--json] [--runs N] [--concurrent N]

Renders what the bot renders (diary.render with a 30-day diary of ~45 entries, the labels from
handlers.texts): the first chart in a fresh process (matplotlib's import included), then chart
p50/p99 (7 and 30 days) and PDF p50/p99 over --runs renders, then the longest stall a 2 ms ticker
on the event loop sees while --concurrent renders (charts and reports alternating) run through
`asyncio.to_thread`, as the bot runs them. Start-up: whether importing the bot imports matplotlib.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from report import LoopTicker  # noqa: E402  (bench/ is on sys.path when run as a script)

from diary import render, stats  # noqa: E402
from diary.entries import Entry  # noqa: E402
from handlers.diary import screens  # noqa: E402

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def sample_diary(count: int = 45) -> list[Entry]:
    rng = random.Random(13)
    entries = []
    for n in range(count):
        at = NOW - timedelta(hours=rng.randrange(1, 30 * 24))
        entries.append(
            Entry(
                f"{n:06x}",
                at,
                rng.choice(["calf", "foot", "thigh"]),
                rng.choice([None, "mild", "bad", "severe"]),
                ("exercise",) if n % 3 == 0 else (),
                "after a long walk in the heat" if n % 4 == 0 else None,
            )
        )
    return sorted(entries, key=lambda e: e.at)


def chart(entries: list[Entry], days: int) -> bytes:
    series = stats.daily(entries, NOW, ZONE, days, {NOW.date() - timedelta(days=n) for n in range(0, days, 2)})
    return render.chart_png(series, screens.chart_labels(days))


def report(entries: list[Entry]) -> bytes:
    series = stats.daily(entries, NOW, ZONE, 30, set())
    sections = screens.report_sections(
        entries,
        NOW,
        ZONE,
        {"hydration": 12, "stretch": 9, "food": 20},
        ["Guided check (2026-01-02): Diet? Vegan or vegetarian"],
    )
    return render.report_pdf("Cramp diary", "Last 30 days", series, screens.chart_labels(30), sections, "footer")


def timed(runs: int, work: Any) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per run (CPU time is what a shared, busy machine distorts least)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


async def loop_lag(entries: list[Entry], concurrent: int, mode: str) -> dict[str, float]:
    """Longest gap a 2 ms ticker sees while `concurrent` renders run at once: in the bot's drawing
    process (`render.off_loop`, mode "process") or in threads (`asyncio.to_thread`, mode "threads")."""
    run: Any = asyncio.to_thread if mode == "threads" else render.off_loop
    await run(chart, entries, 7)  # warm: the drawing process started, matplotlib loaded
    ticker = LoopTicker()
    ticker.start()
    await asyncio.sleep(0.05)
    start = time.perf_counter()
    jobs = [run(chart, entries, 30) if n % 2 == 0 else run(report, entries) for n in range(concurrent)]
    await asyncio.gather(*jobs)
    wall = (time.perf_counter() - start) * 1000
    gaps = await ticker.stop()
    return {
        "max_ms": round(max(gaps), 1),
        "p99_ms": round(percentile(gaps, 0.99), 1),
        "ticks": len(gaps),
        "renders": concurrent,
        "wall_ms": round(wall),
    }


def startup_imports_matplotlib() -> bool:
    code = "import sys, bot.app, bot.__main__, handlers; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip() == "True"


def cold_first_chart_ms() -> float:
    out = subprocess.run([sys.executable, __file__, "--cold"], cwd=ROOT, capture_output=True, text=True, check=True)
    return round(float(out.stdout.strip().splitlines()[-1]), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object on one line")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--concurrent", type=int, default=20)
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)  # one chart in a fresh process
    args = parser.parse_args(argv)
    entries = sample_diary()
    if args.cold:
        start = time.perf_counter()
        chart(entries, 7)
        print((time.perf_counter() - start) * 1000)
        return 0
    cold = cold_first_chart_ms()
    chart(entries, 7)  # warm: matplotlib imported, fonts cached
    report(entries)
    result: dict[str, Any] = {"first_chart_cold_ms": cold}
    for name, work in (
        ("chart7", lambda: chart(entries, 7)),
        ("chart30", lambda: chart(entries, 30)),
        ("pdf", lambda: report(entries)),
    ):
        wall, cpu = timed(args.runs, work)
        result[f"{name}_p50_ms"] = round(statistics.median(wall), 1)
        result[f"{name}_p99_ms"] = round(percentile(wall, 0.99), 1)
        result[f"{name}_cpu_p50_ms"] = round(statistics.median(cpu), 1)
    result.update(
        {
            "png_bytes": len(chart(entries, 30)),
            "pdf_bytes": len(report(entries)),
            "loop_lag_process": asyncio.run(loop_lag(entries, args.concurrent, "process")),
            "loop_lag_threads": asyncio.run(loop_lag(entries, args.concurrent, "threads")),
            "startup_imports_matplotlib": startup_imports_matplotlib(),
            "runs": args.runs,
            "load_avg_1m": round(os.getloadavg()[0], 1),
        }
    )
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
