"""The heartbeat `python -m bot check` reads: the running bot rewrites a file from its event loop.

It belongs to the runner, not to a feature: a job on the bot's own event loop writes
DATA_DIR/heartbeat.json every HEARTBEAT_INTERVAL, so a hung loop stops the beat and the health
check sees it. The file format (write/read) needs no telegram, so the check can use it cheaply.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from core.clock import parse_utc_iso, utc_iso
from core.services import services_in

if TYPE_CHECKING:
    from core.types import App, Context

logger = logging.getLogger(__name__)

HEARTBEAT_FILE = "heartbeat.json"
HEARTBEAT_INTERVAL = timedelta(seconds=30)
HEARTBEAT_JOB = "heartbeat"
_FAILING_KEY = "heartbeat_failing"


def write_heartbeat(data_dir: Path, pid: int, now: datetime) -> None:
    """Replace DATA_DIR/heartbeat.json atomically (a reader never sees half a file).

    A write that fails (a full disk) removes its temp file, and so does the next beat for
    any left by an earlier process: none piles up across restarts.
    """
    path = data_dir / HEARTBEAT_FILE
    tmp = path.with_name(f".{HEARTBEAT_FILE}.{pid}.tmp")
    try:
        tmp.write_text(json.dumps({"pid": pid, "at": utc_iso(now)}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    for stale in data_dir.glob(f".{HEARTBEAT_FILE}.*.tmp"):
        stale.unlink(missing_ok=True)


def read_heartbeat(data_dir: Path) -> tuple[int, datetime] | None:
    """(pid, time) of the last heartbeat, or None when there is none or it cannot be read."""
    try:
        record = json.loads((data_dir / HEARTBEAT_FILE).read_text(encoding="utf-8"))
        return int(record["pid"]), parse_utc_iso(str(record["at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


async def heartbeat_job(context: Context) -> None:
    svc = services_in(context)
    failing = bool(context.bot_data.get(_FAILING_KEY))
    try:
        write_heartbeat(svc.settings.data_dir, os.getpid(), svc.clock.now())
    except OSError as exc:
        # The health check then reports a stale heartbeat, which is the truth. One line when
        # it starts, not one every 30 s for as long as the disk stays full.
        if not failing:
            logger.error("heartbeat not written to %s: %s", svc.settings.data_dir, exc.strerror)
        context.bot_data[_FAILING_KEY] = True
        return
    if failing:
        logger.info("heartbeat written again")
        context.bot_data[_FAILING_KEY] = False


def schedule_heartbeat(app: App) -> None:
    """Beat from the application's own job queue, from start-up on."""
    if app.job_queue is None:
        return
    app.job_queue.run_repeating(
        heartbeat_job,
        interval=HEARTBEAT_INTERVAL,
        first=0,
        name=HEARTBEAT_JOB,
        # Added before the scheduler starts, which would otherwise put the first beat one
        # interval after start. next_run_time is the scheduler's (real) time, not the bot
        # clock's; misfire_grace_time=None runs it however long start-up took.
        job_kwargs={
            "next_run_time": datetime.now(UTC),
            "id": HEARTBEAT_JOB,
            "replace_existing": True,
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": None,
        },
    )
