"""Crash-test worker: opens the store, prints its state, then writes forever.

Protocol on stdout (one line each, flushed): ``state <json>`` once after opening, ``stale <n>``
(documents whose kept summary does not match them: always 0, the two share a journal line), then for
every write ``intent <json op>`` before it and ``ack`` once it returned (is durable).
The parent SIGKILLs us at random moments; see tests/test_store_crash.py.
"""

from __future__ import annotations

import json
import pathlib
import random
import sys
import zlib
from typing import Any

from core.userdoc import UserDoc
from store import UserStore, files

USERS = 40


def random_op(rng: random.Random, serial: int) -> dict[str, Any]:
    """One write; ``serial`` makes every written value unique."""
    user_id = rng.randrange(1, USERS + 1)
    kind = rng.choices(["update", "append", "delete"], weights=[6, 3, 1])[0]
    return {"kind": kind, "user": user_id, "serial": serial, "pad": "p" * rng.randrange(0, 300)}


def perform(store: UserStore, op: dict[str, Any]) -> None:
    if op["kind"] == "update":
        store.update(op["user"], {"v": op["serial"], "pad": op["pad"]})
    elif op["kind"] == "append":
        store.append(op["user"], "log", {"s": op["serial"]}, keep=4)
    else:
        store.delete_user(op["user"])


def summarize(doc: UserDoc) -> dict[str, Any]:
    log: Any = doc.get("log") or []  # a key of the test's own, untyped
    return {"v": doc.get("v"), "log": len(log)}


def stale_summaries(store: UserStore) -> int:
    """Documents whose stored summary was not made from exactly their stored bytes."""
    records = store.storage.raw_table("schedule")
    stale = 0
    for key, raw in store.storage.raw_table("users").items():
        record = records.get(f"{key}:summary")
        expected = {"#": [1, zlib.crc32(raw)], "v": summarize(files.decode_doc(raw))}  # type: ignore[arg-type]
        stale += record is None or files.decode_doc(record) != expected
    return stale


def main() -> None:
    data_dir, seed = pathlib.Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    # A small threshold so background compactions happen often and get killed mid-way.
    store = UserStore.open(data_dir, compact_bytes=16_000, background_compaction=True)
    store.keep_summary("schedule", summarize, 1)
    state = {str(user_id): doc for user_id, doc in store.iter_users()}
    print("state " + json.dumps(state, sort_keys=True), flush=True)
    print(f"stale {stale_summaries(store)}", flush=True)
    serial = seed * 1_000_000
    while True:
        serial += 1
        op = random_op(rng, serial)
        print("intent " + json.dumps(op), flush=True)
        perform(store, op)
        print("ack", flush=True)


if __name__ == "__main__":
    main()
