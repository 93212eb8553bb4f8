"""The slot index against the store: whatever people change, the index says what a rebuild says."""

from __future__ import annotations

import logging
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from core.clock import FakeClock
from scheduler.index import SlotIndex
from scheduler.model import KINDS
from scheduler.service import SCHEDULE_TABLE, ReminderService
from store import UserStore

NOW = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)
ZONES = ("Europe/Berlin", "America/New_York", "UTC")
USERS = (101, 102, 103)


class NoKnowledge:
    def prevention_tips(self, kind: str) -> list[Any]:
        return []

    def foods_tip(self, nutrient_ids: list[str], index: int) -> Any:
        return None


def _service(store: UserStore) -> ReminderService:
    service = ReminderService(store, NoKnowledge(), FakeClock(NOW), "Europe/London")
    service.load()  # rebuilds the index and starts following the store
    return service


def _rebuilt(store: UserStore) -> SlotIndex:
    index = SlotIndex("Europe/London")
    index.rebuild(store.iter_users())
    return index


def _assert_agrees(service: ReminderService, store: UserStore) -> None:
    fresh = _rebuilt(store)
    assert service.index.memberships() == fresh.memberships()
    assert {uid: service.index.get(uid) for uid in USERS} == {uid: fresh.get(uid) for uid in USERS}
    assert service.index.is_tidy()


def _join(store: UserStore, service: ReminderService, user_id: int, tz: str) -> None:
    store.ensure_user(user_id, user_id, NOW)
    service.set_timezone(user_id, tz)


def test_last_person_leaving_a_zone_does_not_break_the_one_with_everything_off(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 10 defect 2: KeyError 'Europe/Berlin' in the listener, and A never scheduled again."""
    with UserStore.open(tmp_path / "data", background_compaction=False) as store:
        service = _service(store)
        a, b = 101, 102
        _join(store, service, a, "Europe/Berlin")
        _join(store, service, b, "Europe/Berlin")
        for kind in KINDS:
            service.set_kind_on(a, kind, False)
        service.set_timezone(b, "America/New_York")
        with caplog.at_level(logging.ERROR):
            service.set_kind_on(a, "stretch", True)
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
        sub = service.index.get(a)
        assert sub is not None and sub.kind_on("stretch") and sub.tz == "Europe/Berlin"
        _assert_agrees(service, store)


def test_an_error_inside_the_listener_is_repaired_not_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with UserStore.open(tmp_path / "data", background_compaction=False) as store:
        service = _service(store)
        _join(store, service, 101, "Europe/Berlin")
        _join(store, service, 102, "Europe/Berlin")
        real_add = SlotIndex._add
        failures = iter([True])

        def flaky_add(self: SlotIndex, user_id: int, sub: Any) -> None:
            if next(failures, False):  # fails once, after the old entry is already gone
                raise RuntimeError("injected")
            real_add(self, user_id, sub)

        monkeypatch.setattr(SlotIndex, "_add", flaky_add)
        service.set_timezone(101, "America/New_York")
        monkeypatch.setattr(SlotIndex, "_add", real_add)
        _assert_agrees(service, store)
        service.set_timezone(101, "UTC")
        _assert_agrees(service, store)


class IndexFollowsStore(RuleBasedStateMachine):
    """People join, switch zones, toggle kinds, pause, block the bot and get deleted."""

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="index-sm-"))
        self.store = UserStore.open(self.dir / "data", background_compaction=False)
        self.service = _service(self.store)

    @initialize()
    def everyone_in_one_zone(self) -> None:
        # Shared zones are where groups, slots and zone entries get emptied and refilled.
        for user in USERS:
            _join(self.store, self.service, user, ZONES[0])

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @rule(user=st.sampled_from(USERS), tz=st.sampled_from(ZONES))
    def switch_zone(self, user: int, tz: str) -> None:
        _join(self.store, self.service, user, tz)

    @rule(user=st.sampled_from(USERS), kind=st.sampled_from(KINDS), on=st.booleans())
    def toggle_kind(self, user: int, kind: str, on: bool) -> None:
        if self.store.get(user) is not None:
            self.service.set_kind_on(user, kind, on)

    @rule(user=st.sampled_from(USERS))
    def all_off(self, user: int) -> None:
        if self.store.get(user) is not None:
            for kind in KINDS:
                self.service.set_kind_on(user, kind, False)

    @rule(user=st.sampled_from(USERS), hhmm=st.sampled_from(("06:00", "21:30", "12:30")))
    def move_stretch(self, user: int, hhmm: str) -> None:
        if self.store.get(user) is not None:
            self.service.set_kind_time(user, "stretch", hhmm)

    @rule(user=st.sampled_from(USERS))
    def snooze(self, user: int) -> None:
        if self.store.get(user) is not None:
            self.service.snooze(user, "stretch")

    @rule(user=st.sampled_from(USERS))
    def block(self, user: int) -> None:
        self.service.mark_inactive(user)

    @rule(user=st.sampled_from(USERS))
    def delete(self, user: int) -> None:
        self.store.delete_user(user)

    @invariant()
    def index_matches_a_rebuild(self) -> None:
        _assert_agrees(self.service, self.store)

    @invariant()
    def stored_summaries_give_the_same_index(self) -> None:
        """What start-up reads (each document's stored schedule summary, used only when it matches
        the document) rebuilds the index the documents themselves give."""
        records = self.store.storage.raw_table(SCHEDULE_TABLE)
        assert len(records) == len(self.store.user_ids())
        from_summaries = SlotIndex("Europe/London")
        from_summaries.rebuild((uid, view) for uid, view in self.store.iter_summaries(SCHEDULE_TABLE) if view)
        assert len(records) == len(self.store.user_ids())  # none was stale, so none was added
        assert from_summaries.memberships() == _rebuilt(self.store).memberships()


IndexFollowsStore.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)
test_index_follows_the_store = IndexFollowsStore.TestCase
