"""Benchmark of the durable user store against stock TinyDB JSONStorage.

    python bench/store.py --users 100000 --json

Builds a store of N realistic user documents in a temp dir, then measures durable updates
(one fsync'd journal append each), appends, reads, a compaction (synchronous, and updates
made while one runs in the background), and start-up time and memory of a fresh process
that opens the store. The same update is timed on stock TinyDB ``JSONStorage`` (which
rewrites the whole file per write, without fsync) up to 50,000 users.
"""

from __future__ import annotations

import argparse
import gc
import json
import pathlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from store import (  # noqa: E402 (after the sys.path line above)
    UserStore,
    files,
)
from store.storage import COMPACT_SHARE, DEFAULT_COMPACT_BYTES  # noqa: E402
from store.table import DocTable  # noqa: E402

STOCK_LIMIT = 50_000
BASE = datetime(2026, 3, 1, tzinfo=UTC)
KINDS = ("stretch", "hydrate", "food")
TIMEZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Sydney")


def user_doc(rng: random.Random, user_id: int) -> dict[str, Any]:
    """A document shaped like a real user's: profile, tz, reminders of 3 kinds, a few logs."""
    created = BASE - timedelta(days=rng.randrange(400), seconds=rng.randrange(86400))
    seen = created + timedelta(days=rng.randrange(30), seconds=rng.randrange(86400))
    return {
        "profile": {
            "chat_id": user_id,
            "created_at": created.isoformat(),
            "last_seen": seen.isoformat(),
            "active": True,
        },
        "tz": rng.choice(TIMEZONES),
        "reminders": {
            kind: {
                "enabled": rng.random() < 0.7,
                "time": f"{rng.randrange(24):02d}:{rng.choice((0, 15, 30, 45)):02d}",
                "days": [0, 1, 2, 3, 4, 5, 6],
                "next_due": (seen + timedelta(hours=rng.randrange(48))).isoformat(),
            }
            for kind in KINDS
        },
        "reminder_log": [
            {"at": (seen - timedelta(days=n)).isoformat(), "kind": rng.choice(KINDS), "status": "sent"}
            for n in range(4)
        ],
        "cramp_log": [
            {"at": (seen - timedelta(days=3 * n)).isoformat(), "muscle": "calf", "severity": rng.randrange(1, 6)}
            for n in range(2)
        ],
    }


def build_docs(users: int) -> dict[str, dict[str, Any]]:
    rng = random.Random(users)
    return {str(user_id): user_doc(rng, user_id) for user_id in range(1, users + 1)}


def ms_percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p99 and max in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        round(statistics.median(ordered) * 1000, 4),
        round(p99 * 1000, 4),
        round(ordered[-1] * 1000, 4),
    )


def time_updates(store: UserStore, rng: random.Random, users: int, count: int) -> list[float]:
    samples = []
    for n in range(count):
        user_id = rng.randrange(1, users + 1)
        stamp = (BASE + timedelta(seconds=n)).isoformat()
        started = time.perf_counter()
        store.update(user_id, {"pause_until": stamp})
        samples.append(time.perf_counter() - started)
    return samples


def measure_startup(data_dir: pathlib.Path) -> dict[str, float]:
    """Open the store in a fresh process: seconds to open, RSS after, peak RSS."""
    code = (
        "import json, pathlib, sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from store import UserStore\n"
        "started = time.perf_counter()\n"
        f"store = UserStore.open(pathlib.Path({str(data_dir)!r}))\n"
        "elapsed = time.perf_counter() - started\n"
        "status = {l.split(':')[0]: l.split()[1] for l in open('/proc/self/status') if l.startswith('Vm')}\n"
        "rss, peak = int(status['VmRSS']), int(status['VmHWM'])\n"
        "print(json.dumps({'startup_s': elapsed, 'rss_mb': rss / 1024, 'peak_rss_mb': peak / 1024,"
        " 'users': store.count()}))\n"
        "store.storage._close_journal()\n"  # leave without compacting: nothing changed
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    figures: dict[str, float] = json.loads(out.stdout)
    return figures


def bench_ours(workdir: pathlib.Path, docs: dict[str, dict[str, Any]], ops: int) -> dict[str, Any]:
    data_dir = workdir / "ours"
    data_dir.mkdir()
    raw = {doc_id: files.encode_doc(doc) for doc_id, doc in docs.items()}
    files.write_snapshot(data_dir / files.SNAPSHOT_NAME, {"users": raw}, 0)
    del raw
    users = len(docs)
    started = measure_startup(data_dir)
    assert started["users"] == users
    rng = random.Random(7)
    # Big threshold: keep compaction out of the plain update figures, measured on its own below.
    with UserStore.open(data_dir, compact_bytes=1 << 40) as store:
        updates = time_updates(store, rng, users, ops)
        appends = []
        for n in range(ops):
            user_id = rng.randrange(1, users + 1)
            t0 = time.perf_counter()
            store.append(user_id, "reminder_log", {"at": BASE.isoformat(), "kind": "stretch", "n": n}, keep=50)
            appends.append(time.perf_counter() - t0)
        reads = []
        for _ in range(ops * 5):
            user_id = rng.randrange(1, users + 1)
            t0 = time.perf_counter()
            store.get(user_id)
            reads.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        store.compact()
        compact_s = time.perf_counter() - t0
        # Updates made while a background compaction serialises the snapshot (of the documents:
        # one changed, so that table is rewritten; an unchanged one is only re-stamped).
        store.update(1, {"pause_until": BASE.isoformat()})
        store.storage.compact(wait=False)
        during: list[float] = []
        while store.storage.stats()["compaction_running"] or not during:
            during += time_updates(store, rng, users, 20)
        store.storage.wait_for_compaction()
        stats = store.stats()
        sends = journal_per_send(store, rng, users, ops)
    upd, app, rd, dur = (ms_percentiles(s) for s in (updates, appends, reads, during))
    return {
        "update_p50_ms": upd[0],
        "update_p99_ms": upd[1],
        "update_max_ms": upd[2],
        "append_p50_ms": app[0],
        "append_p99_ms": app[1],
        "read_p50_ms": rd[0],
        "read_p99_ms": rd[1],
        "startup_s": round(started["startup_s"], 3),
        "rss_mb": round(started["rss_mb"], 1),
        "peak_rss_mb": round(started["peak_rss_mb"], 1),
        "compact_sync_s": round(compact_s, 3),
        "compact_background_s": stats["last_compaction_s"],
        "updates_during_compaction": len(during),
        "update_during_compaction_p50_ms": dur[0],
        "update_during_compaction_p99_ms": dur[1],
        "update_during_compaction_max_ms": dur[2],
        "snapshot_mb": round(stats["snapshot_bytes"] / 1e6, 1),
        **sends,
        "compact_threshold_mb": round(sends["compact_threshold_bytes"] / 1e6, 1),
        # The design before the compaction threshold followed the snapshot: a fixed 4 MB.
        "baseline_fixed_threshold_snapshot_bytes_per_journal_byte": round(
            stats["snapshot_bytes"] / DEFAULT_COMPACT_BYTES, 2
        ),
    }


def compaction_per_send(workdir: pathlib.Path, docs: dict[str, dict[str, Any]], ops: int) -> dict[str, Any]:
    """What a compaction writes when only reminders were sent (the day's usual change), against
    the journal the threshold lets grow first; baseline, same run: the whole snapshot, which a
    compaction rewrote before the snapshot was split by table."""
    data_dir = workdir / "split"
    data_dir.mkdir()
    users, sent = DocTable(), DocTable()
    for doc_id, doc in docs.items():
        users[doc_id] = files.encode_doc(doc)
        for kind in ("hydration", "stretch", "food"):  # a day of sends: everyone has their marks
            sent[f"{doc_id}:{kind}"] = files.encode_doc({"s": "2026-06-10 12:35", "a": 29696195})
    files.write_snapshot(data_dir / files.SNAPSHOT_NAME, {"users": users, "sent": sent}, 0)
    del users, sent
    rng = random.Random(11)
    with UserStore.open(data_dir, compact_bytes=1 << 40, background_compaction=False) as store:
        store.compact()  # the first compaction splits an older single snapshot by table
        storage = store.storage
        snapshot_total = storage.snapshot_bytes
        journal_before, written_before = storage.journal_bytes_written, storage.snapshot_bytes_written
        for n in range(ops):
            store.set_record(
                "sent", rng.randrange(1, len(docs) + 1), "food", {"s": f"2026-06-11 12:{n % 60:02d}", "a": n}
            )
        store.compact()
        written = storage.snapshot_bytes_written - written_before
        journalled = storage.journal_bytes_written - journal_before
    threshold = max(DEFAULT_COMPACT_BYTES, int(snapshot_total * COMPACT_SHARE))
    return {
        "snapshot_total_mb": round(snapshot_total / 1e6, 1),
        "compaction_written_mb_sends_only": round(written / 1e6, 1),
        "journal_bytes_measured_per_send": round(journalled / ops, 1),
        # A compaction starts once the journal holds `threshold` bytes and then writes `written`.
        "snapshot_bytes_per_journal_byte": round(written / threshold, 2),
        "baseline_whole_snapshot_bytes_per_journal_byte": round(snapshot_total / threshold, 2),
    }


def journal_per_send(store: UserStore, rng: random.Random, users: int, ops: int) -> dict[str, Any]:
    """Journal bytes one sent reminder costs: its small record, and (baseline, same run) the old
    way, the last-sent marks written into the ~1 KB document."""

    def measure(write: Any) -> float:
        before = store.storage.stats()["journal_bytes"]
        for n in range(ops):
            write(rng.randrange(1, users + 1), n)
        return (store.storage.stats()["journal_bytes"] - before) / ops

    def as_record(user_id: int, n: int) -> None:
        store.set_record("sent", user_id, "food", {"s": f"2026-06-{1 + n % 28:02d} 12:35", "a": 29696195 + n})

    def in_document(user_id: int, n: int) -> None:
        at = (BASE + timedelta(minutes=n)).isoformat()
        marks = {
            kind: {"slot": f"2026-06-{1 + n % 28:02d} 12:35", "at": at} for kind in ("hydration", "stretch", "food")
        }
        store.update(user_id, {"reminder_sent": marks})

    return {
        "journal_bytes_per_send": round(measure(as_record), 1),
        "baseline_journal_bytes_per_send": round(measure(in_document), 1),
        # What the bot's default settings give for this snapshot (this bench opened with a huge one).
        "compact_threshold_bytes": max(DEFAULT_COMPACT_BYTES, int(store.storage.snapshot_bytes * COMPACT_SHARE)),
    }


def bench_fsync_floor(workdir: pathlib.Path, ops: int) -> dict[str, Any]:
    """Raw append + fdatasync of a 1 KB line in the same directory: the durable-write floor."""
    import os

    line = b"x" * 1023 + b"\n"
    fd = os.open(workdir / "floor.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    samples = []
    try:
        for _ in range(ops):
            t0 = time.perf_counter()
            os.write(fd, line)
            os.fdatasync(fd)
            samples.append(time.perf_counter() - t0)
    finally:
        os.close(fd)
    p50, p99, _ = ms_percentiles(samples)
    return {"fsync_floor_p50_ms": p50, "fsync_floor_p99_ms": p99}


def bench_stock(workdir: pathlib.Path, docs: dict[str, dict[str, Any]], ops: int) -> dict[str, Any]:
    from tinydb import TinyDB

    path = workdir / "stock.json"
    path.write_text(json.dumps({"_default": docs}))
    rng = random.Random(7)
    users = len(docs)
    samples = []
    with TinyDB(path) as db:
        for n in range(ops):
            user_id = rng.randrange(1, users + 1)
            t0 = time.perf_counter()
            db.update({"pause_until": (BASE + timedelta(seconds=n)).isoformat()}, doc_ids=[user_id])
            samples.append(time.perf_counter() - t0)
    p50, p99, _ = ms_percentiles(samples)
    return {"stock_update_p50_ms": p50, "stock_update_p99_ms": p99, "stock_ops": ops}


def run(users: int, ops: int) -> dict[str, Any]:
    docs = build_docs(users)
    # The bench keeps all documents as Python objects (the bot does not): keep the cyclic GC
    # from walking them during timed operations.
    gc.collect()
    gc.freeze()
    result: dict[str, Any] = {"users": users, "ops": ops}
    with tempfile.TemporaryDirectory(prefix="store-bench-") as tmp:
        workdir = pathlib.Path(tmp)
        result.update(bench_ours(workdir, docs, ops))
        result.update(compaction_per_send(workdir, docs, ops))
        result.update(bench_fsync_floor(workdir, ops))
        if users > STOCK_LIMIT:
            result["stock_skipped"] = f"above {STOCK_LIMIT} users"
        else:
            # Stock rewrites the whole file per write: fewer ops keep big runs short.
            stock_ops = max(10, min(ops, 200_000 // max(users, 1)))
            result.update(bench_stock(workdir, docs, stock_ops))
    result["stock_note"] = "TinyDB JSONStorage, update by doc_id, no fsync"
    return result


def summary(result: dict[str, Any]) -> str:
    lines = [f"store benchmark, {result['users']:,} users ({result['ops']} ops each)"]
    for key, value in result.items():
        if key not in ("users", "ops"):
            lines.append(f"  {key:34} {value}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--ops", type=int, default=2000, help="timed operations per kind")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = run(args.users, args.ops)
    print(json.dumps(result) if args.json else summary(result))


if __name__ == "__main__":
    main()
