"""Property-based test: UserStore behaves like a plain dict, across restarts and compactions."""

from __future__ import annotations

import copy
import itertools
import pathlib
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from core.userdoc import as_user_doc
from store import UserStore

USER_IDS = st.integers(min_value=1, max_value=6)
KEYS = st.sampled_from(["tz", "reminders", "pause_until", "check", "relief"])
JSON_LEAF = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=8)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
START = datetime(2026, 1, 1, tzinfo=UTC)


def make_machine(root: pathlib.Path) -> type[RuleBasedStateMachine]:
    counter = itertools.count()

    class StoreModel(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.data_dir = root / f"run{next(counter)}"
            # A tiny threshold so compactions (sync and background) happen within a run.
            self.store = self._open()
            self.model: dict[int, dict[str, Any]] = {}

        def _open(self) -> UserStore:
            return UserStore.open(self.data_dir, compact_bytes=600, background_compaction=True)

        @rule(user_id=USER_IDS, fields=st.dictionaries(KEYS, JSON_VALUE, max_size=3))
        def update(self, user_id: int, fields: dict[str, Any]) -> None:
            doc = self.model.setdefault(user_id, {})
            for key, value in fields.items():
                if value is None:
                    doc.pop(key, None)
                else:
                    doc[key] = copy.deepcopy(value)
            assert self.store.update(user_id, fields) == _typed(doc)

        @rule(
            user_id=USER_IDS, entry=st.dictionaries(st.text(max_size=3), JSON_LEAF, max_size=2), keep=st.integers(1, 4)
        )
        def append(self, user_id: int, entry: dict[str, Any], keep: int) -> None:
            doc = self.model.setdefault(user_id, {})
            doc["cramp_log"] = (doc.get("cramp_log", []) + [copy.deepcopy(entry)])[-keep:]
            self.store.append(user_id, "cramp_log", entry, keep=keep)

        @rule(user_id=USER_IDS, days=st.integers(0, 400))
        def ensure_user(self, user_id: int, days: int) -> None:
            now = START + timedelta(days=days)
            doc = self.model.setdefault(user_id, {})
            old = doc.get("profile")
            if not (isinstance(old, dict) and "chat_id" in old):
                # New, or started by a feature without a profile: the missing fields are filled in.
                stamp = now.isoformat()
                profile = {"chat_id": -user_id, "created_at": stamp, "last_seen": stamp, "active": True}
                doc["profile"] = {**profile, **old} if isinstance(old, dict) else profile
            assert self.store.ensure_user(user_id, -user_id, now) == _typed(self.model[user_id])

        @rule(user_id=USER_IDS)
        def delete(self, user_id: int) -> None:
            assert self.store.delete_user(user_id) is (self.model.pop(user_id, None) is not None)

        @rule()
        def restart(self) -> None:
            self.store.close()
            self.store = self._open()

        @rule()
        def compact(self) -> None:
            self.store.compact()

        @invariant()
        def matches_model(self) -> None:
            assert self.store.count() == len(self.model)
            assert sorted(self.store.user_ids()) == sorted(self.model)
            for user_id in range(1, 7):
                # The stored form is the model; features get its typed view (core.userdoc).
                assert _stored(self.store, user_id) == self.model.get(user_id)
                assert self.store.get(user_id) == _typed(self.model.get(user_id))

        def teardown(self) -> None:
            self.store.close()
            with UserStore.open(self.data_dir) as reopened:
                assert {user_id: _stored(reopened, user_id) for user_id in reopened.user_ids()} == self.model
                assert dict(reopened.iter_users()) == {uid: as_user_doc(doc) for uid, doc in self.model.items()}

    return StoreModel


def _stored(store: UserStore, user_id: int) -> dict[str, Any] | None:
    exported = store.export_user(user_id)
    return None if exported is None else exported["document"]


def _typed(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if doc is None else dict(as_user_doc(doc))


def test_store_matches_a_dict_model(tmp_path: pathlib.Path) -> None:
    run_state_machine_as_test(
        make_machine(tmp_path),
        settings=settings(max_examples=60, stateful_step_count=30, deadline=None),
    )
