"""Local mode offers a real way to share a location (issue 14, item 6): the "📍 Share my location"
reply keyboard is shown as a numbered button that asks the terminal for a latitude and longitude and
sends them as a location message; `/location 40.42 -3.70` typed works too."""

from __future__ import annotations

import io
from pathlib import Path

from bot.local import serve_local
from core.settings import Settings
from scheduler.tz import COMMON_ZONES
from store import UserStore

LOCAL_USER_ID = 1001


def stored_zone(data_dir: Path) -> str | None:
    store = UserStore.open(data_dir)
    try:
        doc = store.get(LOCAL_USER_ID) or {}
        return doc.get("tz")
    finally:
        store.close()


async def test_the_share_location_button_sends_a_typed_location_and_sets_the_zone(tmp_path: Path) -> None:
    share = len(COMMON_ZONES) + 1  # the picker: the zones, then "📍 Share my location"
    stdin = io.StringIO(f"/timezone\n{share}\n1\n52.52 13.40\n")
    out = io.StringIO()
    settings = Settings(bot_token=None, data_dir=tmp_path / "data")
    assert await serve_local(settings, stdin, out) == 0
    transcript = out.getvalue()
    assert "[1] 📍 Share my location" in transcript  # the reply keyboard, numbered like the rest
    assert "latitude longitude" in transcript
    assert stored_zone(tmp_path / "data") == "Europe/Berlin"


async def test_location_typed_as_a_command_in_local_mode(tmp_path: Path) -> None:
    stdin = io.StringIO("/start\n/location 40.42 -3.70\n")
    out = io.StringIO()
    assert await serve_local(Settings(bot_token=None, data_dir=tmp_path / "data"), stdin, out) == 0
    assert stored_zone(tmp_path / "data") == "Europe/Madrid"
