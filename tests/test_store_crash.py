"""SIGKILL the store mid-write many times: every acknowledged write survives every restart."""

from __future__ import annotations

import copy
import json
import os
import pathlib
import random
import signal
import subprocess
import sys
from typing import IO, Any

from store import UserStore

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKER = pathlib.Path(__file__).resolve().parent / "store_crash_worker.py"
ROUNDS = 15

Model = dict[str, dict[str, Any]]


def apply(model: Model, op: dict[str, Any]) -> Model:
    """The worker's write applied to a plain-dict model (same rules as UserStore)."""
    result = copy.deepcopy(model)
    user = str(op["user"])
    if op["kind"] == "update":
        result.setdefault(user, {}).update({"v": op["serial"], "pad": op["pad"]})
    elif op["kind"] == "append":
        doc = result.setdefault(user, {})
        doc["log"] = (doc.get("log", []) + [{"s": op["serial"]}])[-4:]
    else:
        result.pop(user, None)
    return result


def read_line(stream: IO[str]) -> str:
    line = stream.readline()
    assert line.endswith("\n"), f"worker stopped unexpectedly: {line!r}"
    return line[:-1]


def run_round(
    data_dir: pathlib.Path, seed: int, kill_after_acks: int
) -> tuple[Model, Model | None, dict[str, Any] | None]:
    """Start a worker, let it acknowledge some writes, SIGKILL it.

    Returns the state it loaded, the model after its acknowledged writes, and the write that
    was in flight when it died (may or may not have reached the disk).
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), str(data_dir), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert worker.stdout is not None
    try:
        first = read_line(worker.stdout)
        assert first.startswith("state "), first
        loaded: Model = json.loads(first[len("state ") :])
        # Summaries kept beside documents share their journal lines: a kill never splits them
        # (the first round's store is new: nothing kept them before).
        assert read_line(worker.stdout) == "stale 0"
        model = loaded
        in_flight: dict[str, Any] | None = None
        acks = 0
        while acks < kill_after_acks:
            line = read_line(worker.stdout)
            if line.startswith("intent "):
                in_flight = json.loads(line[len("intent ") :])
            else:
                assert line == "ack" and in_flight is not None
                model = apply(model, in_flight)
                in_flight = None
                acks += 1
        # Kill at an arbitrary point of whatever the worker is doing now.
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=5)
        # Lines printed between our last read and the kill still count.
        for line in worker.stdout.read().splitlines():
            if line.startswith("intent "):
                in_flight = json.loads(line[len("intent ") :])
            elif line == "ack" and in_flight is not None:
                model = apply(model, in_flight)
                in_flight = None
        return loaded, model, in_flight
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        worker.stdout.close()
        assert worker.stderr is not None
        worker.stderr.close()


def test_acknowledged_writes_survive_sigkill(tmp_path: pathlib.Path) -> None:
    rng = random.Random(20260301)
    data_dir = tmp_path / "data"
    expected: list[Model] = [{}]
    for round_number in range(1, ROUNDS + 1):
        loaded, model, in_flight = run_round(data_dir, round_number, rng.randrange(1, 400))
        assert loaded in expected, f"round {round_number}: state after restart lost acknowledged writes"
        assert model is not None
        expected = [model] + ([apply(model, in_flight)] if in_flight else [])
    with UserStore.open(data_dir) as store:
        final = {str(user_id): doc for user_id, doc in store.iter_users()}
        # Kills also landed during compactions (the worker's threshold is small).
        assert store.stats()["generation"] >= ROUNDS
    assert final in expected
