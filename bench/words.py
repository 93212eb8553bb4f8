"""Typed words: the time-zone reader's start-up (GeoNames extract), memory and latency, and the
reminder-wish reader's latency. Prints JSON with --json.

    .venv/bin/python bench/words.py --json

Loading is measured in fresh child processes (peak RSS is per process), both in the same run:
`zone_index` is the reader's layout (scheduler/places.py: the file kept as bytes, searched in
place); `zone_index_dict_baseline` loads the same extract the way the reader did before (every name
a dict key holding a tuple of place objects).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import statistics
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handlers.reminder_words import read_wish
from scheduler import places, tz

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


def dict_layout() -> object:
    """The baseline: the same extract as a dict of names -> tuples of place objects (the old way)."""
    with resources.files("scheduler").joinpath(places.EXTRACT).open("rb") as raw:
        text = gzip.decompress(raw.read()).decode("utf-8")
    sections: dict[str, list[str]] = {}
    for block in text.split("\n@")[1:]:
        title, _, body = block.partition("\n")
        sections[title] = body.splitlines()
    found = []
    for line in sections["places"]:
        zone, population, country, name = line.split("\t")
        found.append(places.Place(int(population), zone, country, name))
    by_name = {}
    for line in sections["names"]:
        name, _, numbers = line.partition("\t")
        by_name[name] = tuple(found[int(number)] for number in numbers.split(","))
    return by_name, list(sections["fuzzy"])


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def child(layout: str) -> dict[str, float]:
    """Load one layout in this (fresh) process: seconds, peak RSS added, RSS kept."""
    tz.read_timezone("UTC")  # imports and small data first: only the extract is measured
    peak_before, rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rss_mb()
    start = time.perf_counter()
    kept = tz.warm_up() if layout == "lean" else dict_layout()
    seconds = time.perf_counter() - start
    result = {
        "load_s": round(seconds, 3),
        "peak_rss_added_mb": round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024, 1),
        "rss_kept_mb": round(rss_mb() - rss_before, 1),
    }
    del kept
    return result


def in_child(layout: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", layout], check=True, capture_output=True, text=True
    ).stdout
    loaded: dict[str, float] = json.loads(out)
    return loaded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", choices=("lean", "dict"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    result = {
        "zone_index": in_child("lean"),
        "zone_index_dict_baseline": in_child("dict"),
        "zone_read": percentiles(timed(tz.read_timezone, ZONES, args.rounds)),
        "wish_read": percentiles(timed(read_wish, WISHES, args.rounds)),
    }
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
