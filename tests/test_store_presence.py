"""Last-seen times: small records written in batches, their fdatasync off the event loop."""

from __future__ import annotations

import pathlib
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from core.clock import FakeClock
from core.settings import Settings
from knowledge import KnowledgeBase
from store import UserStore, files
from store.presence import SEEN_TABLE, note_seen, seen_at
from tests.harness import TOKEN
from tests.unit import UnitBot, unit_bot

NOW = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def journal_lines(data_dir: pathlib.Path) -> int:
    return sum(len(path.read_bytes().splitlines()) for path in files.list_journals(data_dir).values())


async def test_a_batch_is_one_journal_line_synced_in_a_worker_thread(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with UserStore.open(tmp_path) as store:
        for user_id in range(1, 51):
            store.update(user_id, {"profile": {"chat_id": user_id}})
        before = journal_lines(tmp_path)
        for user_id in range(1, 51):
            assert note_seen(store, user_id, {}, NOW, HOUR)
        assert not note_seen(store, 7, {}, NOW + timedelta(minutes=59), HOUR)  # within the hour
        assert seen_at(store, 7, {}) == NOW  # readable before it is written
        assert journal_lines(tmp_path) == before
        synced_in: list[int] = []
        real_sync = files.sync_file

        def recording_sync(fd: int) -> None:
            synced_in.append(threading.get_ident())
            real_sync(fd)

        monkeypatch.setattr(files, "sync_file", recording_sync)
        assert await store.flush_later(older_than_s=3600) == 0  # not old enough yet
        assert await store.flush_later() == 50
        assert journal_lines(tmp_path) == before + 1
        assert len(synced_in) == 1 and synced_in[0] != threading.get_ident()  # one fdatasync, not on the loop
    with UserStore.open(tmp_path) as reopened:
        assert seen_at(reopened, 50, {}) == NOW


async def test_unflushed_times_are_written_at_close_and_only_they_are_lost_by_a_kill(tmp_path: pathlib.Path) -> None:
    with UserStore.open(tmp_path) as store:
        store.update(1, {"profile": {"chat_id": 1}})
        note_seen(store, 1, {}, NOW, HOUR)
    store = UserStore.open(tmp_path)
    assert seen_at(store, 1, {}) == NOW  # close wrote the batch
    note_seen(store, 1, {}, NOW + 2 * HOUR, HOUR)
    store.update(1, {"tz": "UTC"})
    store.storage._close_journal()  # a kill: no close
    store._lock.release()
    with UserStore.open(tmp_path) as store:
        assert seen_at(store, 1, {}) == NOW  # the unflushed time is gone
        assert store.get(1) == {"profile": {"chat_id": 1}, "tz": "UTC"}  # the document is not


async def test_forgetting_removes_flushed_and_pending_times(tmp_path: pathlib.Path) -> None:
    with UserStore.open(tmp_path) as store:
        store.update(1, {"profile": {"chat_id": 1}})
        note_seen(store, 1, {}, NOW, HOUR)
        await store.flush_later()
        note_seen(store, 1, {}, NOW + 2 * HOUR, HOUR)
        assert (store.export_user(1) or {})["records"][SEEN_TABLE] == {
            "at": {"m": int((NOW + 2 * HOUR).timestamp()) // 60}
        }
        await store.forget(1)
        assert seen_at(store, 1, {}) is None
    assert b'"1:at"' not in b"".join(path.read_bytes() for path in tmp_path.iterdir() if path.is_file())


def test_the_profile_field_of_older_data_still_counts(tmp_path: pathlib.Path) -> None:
    with UserStore.open(tmp_path) as store:
        profile = {"last_seen": "2026-01-14T09:30:00+00:00"}
        assert seen_at(store, 1, profile) == NOW - timedelta(minutes=30)
        assert not note_seen(store, 1, profile, NOW, HOUR)
        assert seen_at(store, 1, {"last_seen": "not a time"}) is None


@pytest.fixture
async def bot(tmp_path: pathlib.Path) -> AsyncIterator[UnitBot]:
    settings = Settings(bot_token=TOKEN, bot_api_url="http://unused.invalid/bot", data_dir=tmp_path / "data")
    async with unit_bot(settings, KnowledgeBase.load(None), FakeClock(NOW)) as unit:
        yield unit


async def test_an_update_notes_presence_without_rewriting_the_document(bot: UnitBot) -> None:
    await bot.say("/start")
    store = bot.services.store
    user_id = next(iter(store.user_ids()))
    document = store.get(user_id)
    bot.clock.advance(2 * HOUR)
    await bot.say("/help", user_id=user_id)
    assert store.get(user_id) == document
    assert seen_at(store, user_id, {}) == NOW + 2 * HOUR
