"""The user document's one conversion at the store boundary (core.userdoc.as_user_doc)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from core.userdoc import SHAPES, UserDoc, as_user_doc
from store import UserStore


def test_a_well_formed_document_comes_through_unchanged() -> None:
    doc = {
        "profile": {
            "chat_id": 1,
            "created_at": "2026-01-14T10:00:00+00:00",
            "last_seen": "2026-01-14T10:00:00+00:00",
            "active": True,
        },
        "tz": "Europe/Berlin",
        "reminders": {"stretch": {"on": True, "time": "21:30"}},
        "snoozes": [{"kind": "food", "due": "2026-01-14T11:00:00+00:00"}],
        "cramp_log": [{"at": "2026-01-14T02:00:00+00:00", "place": "calf", "eased": True, "steps": 3}],
    }
    assert as_user_doc(doc) == doc


def test_a_key_of_the_wrong_shape_is_left_out_and_logged_by_name_only(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="core.userdoc"):
        doc = as_user_doc({"tz": 5, "profile": "secret text", "snoozes": {"not": "a list"}, "quiet": None})
    assert doc == {}
    assert "'profile'" in caplog.text and "secret text" not in caplog.text


def test_keys_not_known_yet_pass_through() -> None:
    assert as_user_doc({"future_feature": [1, 2]}) == {"future_feature": [1, 2]}


def test_every_key_of_the_type_has_a_shape() -> None:
    assert set(SHAPES) == set(UserDoc.__annotations__)


def test_the_store_hands_out_the_typed_view_but_exports_and_keeps_the_stored_form(tmp_path: Path) -> None:
    with UserStore.open(tmp_path / "data") as store:
        store.update(1, {"tz": 5, "reminders": {"food": {"on": False}}})
        assert store.get(1) == {"reminders": {"food": {"on": False}}}
        assert dict(store.iter_users()) == {1: {"reminders": {"food": {"on": False}}}}
        seen: list[UserDoc | None] = []
        store.add_listener(lambda user_id, doc: seen.append(doc))
        assert store.update(1, {"pause_until": "2026-01-15T00:00:00+00:00"}) == seen[-1]
        assert seen[-1] is not None and "tz" not in seen[-1]
        exported = store.export_user(1)
        assert exported is not None and exported["document"]["tz"] == 5  # nothing stored is lost
