"""The real bot's log: one line per event with level and module, never message texts at INFO,
never the token at any level."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from standin import BotApiStandin
from tests.test_shutdown import START_TIMEOUT, BotProcess

TOKEN = "987654:LeakCanary_tokenXYZ"
MARKER = "zebra4711"
ADMIN_ID = 7700
USER_ID = 7701
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+: ")


async def _conversation(api: BotApiStandin) -> None:
    """A few messages carrying the marker: free text, an unknown command, /admin."""
    for uid in (USER_ID, ADMIN_ID):
        api.user(uid)
    steps = [
        (USER_ID, "/start"),
        (USER_ID, f"my calves cramp at night {MARKER}"),
        (USER_ID, f"/{MARKER}"),
        (ADMIN_ID, "/admin"),
    ]
    for uid, text in steps:
        before = len(api.sent(uid))
        if text.startswith("/"):
            await api.send_command(uid, text)
        else:
            await api.send_text(uid, text)
        await api.wait_for(lambda a, u=uid, n=before: len(a.sent(u)) > n, timeout=START_TIMEOUT)


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
async def test_log_never_holds_the_token_nor_texts_at_info(tmp_path: Path, level: str) -> None:
    async with BotApiStandin(token=TOKEN) as api:
        bot = await BotProcess.spawn(
            api, tmp_path / "data", tmp_path / "bot.log", LOG_LEVEL=level, ADMIN_IDS=str(ADMIN_ID)
        )
        await bot.wait_polling(api)
        await _conversation(api)
        assert "Users:" in api.last(ADMIN_ID).text  # the admin view was served, so it was logged
        assert await bot.stop() == 0, bot.log()
    log = bot.log()
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    if level == "DEBUG":
        assert "<token>" in log  # the URLs httpx logs at DEBUG were there, and redacted
        return
    assert MARKER not in log.lower()
    lines = log.splitlines()
    assert lines and all(LINE.match(line) for line in lines), "one line per event: " + log
    assert not any(" DEBUG " in line for line in lines), "LOG_LEVEL=INFO must hide DEBUG"
    admin_lines = [line for line in lines if "handlers.admin" in line]
    assert admin_lines and str(ADMIN_ID) in admin_lines[0]


async def test_json_log_holds_objects_without_the_token_nor_texts(tmp_path: Path) -> None:
    async with BotApiStandin(token=TOKEN) as api:
        bot = await BotProcess.spawn(
            api, tmp_path / "data", tmp_path / "bot.log", LOG_FORMAT="json", ADMIN_IDS=str(ADMIN_ID)
        )
        await bot.wait_polling(api)
        await _conversation(api)
        assert await bot.stop() == 0, bot.log()
    log = bot.log()
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert MARKER not in log.lower()
    entries = [json.loads(line) for line in log.splitlines()]
    assert entries and all(set(entry) >= {"ts", "level", "logger", "msg"} for entry in entries)
    assert {entry["level"] for entry in entries} <= {"INFO", "WARNING", "ERROR", "CRITICAL"}
    admin = [entry for entry in entries if entry["logger"] == "handlers.admin"]
    assert admin and str(ADMIN_ID) in admin[0]["msg"]
