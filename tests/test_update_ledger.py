"""The update ledger remembers handled updates in the store, so a restart never handles one twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram import Bot

from bot.updates import UpdateLedger
from store import UserStore

BOT = Bot("123:abc")


def _update(update_id: int) -> dict[str, Any]:
    chat = {"id": 7, "type": "private", "first_name": "A"}
    message = {"message_id": update_id, "date": 0, "chat": chat, "from": {"id": 7, "is_bot": False, "first_name": "A"}}
    return {"update_id": update_id, "message": {**message, "text": "hi"}}


def test_a_restart_skips_what_an_earlier_run_handled_and_confirms_it(tmp_path: Path) -> None:
    batch = [_update(update_id) for update_id in (10, 11, 12, 13)]
    with UserStore.open(tmp_path) as store:
        ledger = UpdateLedger(store)
        assert [raw["update_id"] for raw in ledger.admit(batch, BOT)] == [10, 11, 12, 13]
        for update_id in (12, 10):  # 11 and 13 still in flight at the kill; 12 handled out of order
            ledger.done(update_id)
        assert ledger.offset() == 11
    with UserStore.open(tmp_path) as store:
        restarted = UpdateLedger(store)
        assert restarted.offset() == 11  # 10 confirmed at once
        assert [raw["update_id"] for raw in restarted.admit(batch[1:], BOT)] == [11, 13]
        restarted.done(11)
        restarted.done(13)
        assert restarted.offset() == 14
    with UserStore.open(tmp_path) as store:
        assert UpdateLedger(store).offset() == 14
        assert store.count() == 0  # the bot's own record is no person


def test_without_a_store_or_for_updates_it_did_not_fetch_nothing_is_written(tmp_path: Path) -> None:
    with UserStore.open(tmp_path) as store:
        ledger = UpdateLedger(store)
        ledger.done(5)  # a webhook or process_update update: the ledger never admitted it
        assert store.record("updates", 0, "handled") is None
    plain = UpdateLedger()
    plain.admit([_update(1)], BOT)
    plain.done(1)
    assert plain.offset() == 2
