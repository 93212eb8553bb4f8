"""SIGKILL crash loop on the real bot process: no acknowledged write may be lost.

    python bench/crashloop.py --rounds 100 --json

Each round starts ``python -m bot run`` against the Bot API stand-in (in this process) on one
DATA_DIR, lets simulated people change their time zone with ``/timezone <zone>`` while it runs,
and SIGKILLs it at a random moment. A write counts as acknowledged when its person received
the reply that names the new zone (the bot replies only after the store's fsync'd append).
After every kill DATA_DIR is read as start-up reads it: each person's zone must be the one of their
last acknowledged change, or of the one change still in flight (sent, not yet answered).
Updates the bot fetched but had not confirmed are delivered again after the restart; a command
the killed bot had confirmed without answering is sent again by its person (``resent_unanswered``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import pathlib
import random
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import IO, Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from core.settings import SETTING_NAMES  # noqa: E402
from standin import BotApiStandin  # noqa: E402
from store import files, recovery  # noqa: E402
from store.repository import USERS_TABLE  # noqa: E402

TOKEN = "123:crashloop"
ZONES = ("Europe/Berlin", "Asia/Tokyo", "America/New_York", "Australia/Sydney", "Africa/Nairobi", "America/Sao_Paulo")
START_TIMEOUT_S = 60.0


@dataclass
class Person:
    """One simulated user: at most one time-zone change in flight at a time."""

    user_id: int
    acknowledged: str | None = None  # zone of the last change whose reply arrived
    in_flight: str | None = None
    sent_at_count: int = 0  # messages to this chat when the change in flight was sent
    acks: int = 0
    resent: int = 0


def _label_seen(api: BotApiStandin, person: Person) -> int | None:
    """Index of the first reply naming the zone in flight, sent after the change was, or None."""
    assert person.in_flight is not None
    label = person.in_flight.replace("_", " ")  # as the reply shows it (timezone_texts.timezone_set)
    for index, message in enumerate(api.sent(person.user_id)[person.sent_at_count :], start=person.sent_at_count):
        if label in (message.text or ""):
            return index
    return None


async def drive(api: BotApiStandin, person: Person, rng: random.Random, stop: asyncio.Event) -> None:
    """Change zone, wait for the reply that names it (and the settings screen after it), repeat."""
    if person.in_flight is not None and _label_seen(api, person) is None:
        # The killed bot may have fetched (and so confirmed) the command without answering it:
        # like a person would, send it again. The same zone twice changes nothing.
        person.resent += 1
        await api.send_command(person.user_id, f"/timezone {person.in_flight}")
    while not stop.is_set():
        if person.in_flight is None:
            choices = [zone for zone in ZONES if zone != person.acknowledged]
            person.in_flight = rng.choice(choices)
            person.sent_at_count = len(api.sent(person.user_id))
            await api.send_command(person.user_id, f"/timezone {person.in_flight}")
        index = _label_seen(api, person)
        if index is not None and len(api.sent(person.user_id)) > index + 1:
            # Both replies of this change arrived: it is acknowledged, the next may go.
            person.acknowledged, person.in_flight = person.in_flight, None
            person.acks += 1
            continue
        await asyncio.sleep(0.01)


def settle(api: BotApiStandin, people: list[Person]) -> None:
    """After a kill: a change whose zone-naming reply arrived is acknowledged."""
    for person in people:
        if person.in_flight is not None and _label_seen(api, person) is not None:
            person.acknowledged, person.in_flight = person.in_flight, None
            person.acks += 1


def verify(data_dir: pathlib.Path, people: list[Person]) -> list[dict[str, Any]]:
    """Everyone's stored zone is their last acknowledged one or the one in flight.

    Reads DATA_DIR exactly as the next start-up will, without changing a file (no recovery,
    no compaction), so the next round's bot starts on what the killed one left behind.
    """
    users = recovery.load_read_only(data_dir).tables.get(USERS_TABLE, {})
    lost = []
    for person in people:
        raw = users.get(str(person.user_id))
        stored = None if raw is None else files.decode_doc(raw).get("tz")
        if person.acknowledged is None and stored is None:
            continue
        if stored not in {person.acknowledged, person.in_flight} - {None}:
            lost.append(
                {
                    "user": person.user_id,
                    "stored": stored,
                    "acknowledged": person.acknowledged,
                    "in_flight": person.in_flight,
                }
            )
    return lost


async def spawn(api: BotApiStandin, data_dir: pathlib.Path, log: IO[bytes]) -> asyncio.subprocess.Process:
    env = {key: value for key, value in os.environ.items() if key not in SETTING_NAMES}
    env.update(
        BOT_TOKEN=api.token,
        BOT_API_URL=api.base_url,
        DATA_DIR=str(data_dir),
        LOG_LEVEL="WARNING",
        ENV_FILE=str(data_dir.parent / "no-such.env"),
        PYTHONPATH=str(ROOT),
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=log,
        stderr=log,
    )


async def wait_up(api: BotApiStandin, process: asyncio.subprocess.Process, polls_before: int) -> None:
    """Until the new process polls (a poll parked by the killed one does not count)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while len(api.calls_of("getUpdates")) <= polls_before:
        if process.returncode is not None:
            raise RuntimeError(f"the bot exited at start ({process.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError("the bot did not start polling in time")
        await asyncio.sleep(0.02)


async def run(rounds: int, users: int, seed: int, workdir: pathlib.Path) -> dict[str, Any]:
    rng = random.Random(seed)
    data_dir = workdir / "data"
    people = [Person(user_id) for user_id in range(810_001, 810_001 + users)]
    result: dict[str, Any] = {"rounds": 0, "users": users, "acknowledged": 0, "lost": 0, "losses": []}
    started = time.monotonic()
    with open(workdir / "bot.log", "ab") as log:
        async with BotApiStandin(token=TOKEN) as api:
            for person in people:
                api.user(person.user_id)
            for round_number in range(1, rounds + 1):
                polls_before = len(api.calls_of("getUpdates"))
                process = await spawn(api, data_dir, log)
                try:
                    await wait_up(api, process, polls_before)
                    stop = asyncio.Event()
                    drivers = [asyncio.create_task(drive(api, person, rng, stop)) for person in people]
                    await asyncio.sleep(rng.uniform(0.3, 2.5))
                    process.send_signal(signal.SIGKILL)  # at an arbitrary point of whatever it does
                    await process.wait()
                    stop.set()
                    await asyncio.gather(*drivers)
                finally:
                    if process.returncode is None:
                        process.kill()
                        await process.wait()
                settle(api, people)
                lost = verify(data_dir, people)
                result["rounds"] = round_number
                if lost:
                    result["lost"] += len(lost)
                    result["losses"].append({"round": round_number, "lost": lost})
    result["acknowledged"] = sum(person.acks for person in people)
    result["resent_unanswered"] = sum(person.resent for person in people)
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--users", type=int, default=20, help="people changing their zone concurrently")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    # The stand-in logs every connection the killed bot drops; that is the point, not news.
    logging.basicConfig(level=logging.CRITICAL)
    with tempfile.TemporaryDirectory(prefix="crashloop-") as tmp:
        result = asyncio.run(run(args.rounds, args.users, args.seed, pathlib.Path(tmp)))
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['rounds']} rounds, {result['acknowledged']} acknowledged writes, {result['lost']} lost "
            f"({result['seconds']} s)"
        )
    sys.exit(1 if result["lost"] else 0)


if __name__ == "__main__":
    main()
