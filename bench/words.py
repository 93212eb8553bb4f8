"""Typed words: the time-zone reader's start-up (GeoNames extract), memory and latency, and the
reminder-wish reader's latency. Prints JSON with --json.

    .venv/bin/python bench/words.py --json
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handlers.reminder_words import read_wish
from scheduler import tz

ZONES = [
    "München",
    "Sevilla",
    "Lisbon, Portugal",
    "EST",
    "PST",
    "NYC",
    "Мюнхен",
    "vivo en Madrid",
    "Barcleona",
    "USA",
    "Россия",
    "UTC+3",
    "Europe/Lisbon",
    "San Jose",
    "why do my calves cramp at night?",
    "ok",
]
WISHES = [
    "stop the water reminders",
    "remind me to stretch at 9:30pm",
    "water every 2 hours from 8 to 20",
    "pause reminders for a week",
    "should I stop drinking water?",
    "why do my calves cramp at night?",
]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 3),
    }


def timed(function: object, inputs: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for text in inputs:
            start = time.perf_counter()
            function(text)  # type: ignore[operator]
            samples.append(time.perf_counter() - start)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    tz.warm_up()
    result = {
        "zone_index_load_s": round(time.perf_counter() - start, 2),
        "zone_index_rss_mb": round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1),
        "zone_read": percentiles(timed(tz.read_timezone, ZONES, args.rounds)),
        "wish_read": percentiles(timed(read_wish, WISHES, args.rounds)),
    }
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
