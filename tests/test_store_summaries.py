"""Summaries kept beside documents: written in the same journal line, used only when they match."""

from __future__ import annotations

import pathlib
from typing import Any

from core.userdoc import UserDoc
from store import UserStore, files

CALLS: list[int] = []


def summarize(doc: UserDoc) -> dict[str, Any] | None:
    CALLS.append(1)
    tz = doc.get("tz")
    return None if tz is None else {"tz": tz}


def open_store(data_dir: pathlib.Path, version: int = 1) -> UserStore:
    store = UserStore.open(data_dir, background_compaction=False)
    store.keep_summary("schedule", summarize, version)
    return store


def summaries(store: UserStore) -> dict[int, Any]:
    CALLS.clear()
    return dict(store.iter_summaries("schedule"))


def test_a_write_carries_its_summary_in_the_same_journal_line(tmp_path: pathlib.Path) -> None:
    with open_store(tmp_path) as store:
        store.update(1, {"tz": "UTC"})
        last = files.list_journals(tmp_path)[0].read_bytes().splitlines()[-1]
        entry = files.decode_line(last)
        assert entry is not None and [table for table, _ in entry] == ["users", "schedule"]
        assert summaries(store) == {1: {"tz": "UTC"}} and not CALLS  # read, not computed
        store.update(1, {"note": "x"})  # same summary, new checksum: the record follows
        assert summaries(store) == {1: {"tz": "UTC"}} and not CALLS
        store.delete_user(1)
        assert store.storage.raw_table("schedule") == {}


def test_a_summary_that_does_not_match_its_document_is_never_used(tmp_path: pathlib.Path) -> None:
    with UserStore.open(tmp_path, background_compaction=False) as store:  # keeps no summaries
        store.update(1, {"tz": "UTC"})
        store.update(2, {"tz": "Asia/Tokyo"})
    with open_store(tmp_path) as store:
        assert summaries(store) == {1: {"tz": "UTC"}, 2: {"tz": "Asia/Tokyo"}} and len(CALLS) == 2
        assert summaries(store) == {1: {"tz": "UTC"}, 2: {"tz": "Asia/Tokyo"}} and not CALLS  # stored now
    with UserStore.open(tmp_path, background_compaction=False) as store:  # a writer that keeps none
        store.update(1, {"tz": "Europe/Berlin"})
    with open_store(tmp_path) as store:
        assert summaries(store) == {1: {"tz": "Europe/Berlin"}, 2: {"tz": "Asia/Tokyo"}} and len(CALLS) == 1
    with open_store(tmp_path, version=2) as store:  # summarize changed: every record is stale
        assert summaries(store) == {1: {"tz": "Europe/Berlin"}, 2: {"tz": "Asia/Tokyo"}} and len(CALLS) == 2


def test_a_person_without_a_summary_has_a_record_saying_so(tmp_path: pathlib.Path) -> None:
    with open_store(tmp_path) as store:
        store.update(1, {"other": 1})
        assert summaries(store) == {1: None} and not CALLS
        assert store.export_user(1) is not None
        assert "schedule" in (store.export_user(1) or {})["records"]


def test_forgetting_without_keeping_summaries_still_removes_them(tmp_path: pathlib.Path) -> None:
    with open_store(tmp_path) as store:
        store.update(1, {"tz": "UTC"})
    with UserStore.open(tmp_path, background_compaction=False) as store:  # keeps none
        store.delete_user(1)
        assert store.storage.raw_table("schedule") == {}
