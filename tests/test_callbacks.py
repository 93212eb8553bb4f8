from __future__ import annotations

import re

import pytest

from handlers.callbacks import MAX_CALLBACK_BYTES, CallbackDataError, pack, parse, pattern


def test_round_trip() -> None:
    data = pack("rl1", "calf", 3, "n")
    assert data == "rl1:calf:3:n"
    assert parse(data) == ("rl1", ["calf", "3", "n"])


def test_pattern_matches_only_its_prefix() -> None:
    assert re.match(pattern("rl1"), "rl1:calf")
    assert re.match(pattern("rl1"), "rl1")
    assert not re.match(pattern("rl1"), "rl10:calf")
    assert not re.match(pattern("rl1"), "rl2:calf")


def test_oversized_data_is_refused_at_pack_time() -> None:
    with pytest.raises(CallbackDataError):
        pack("kn1", "x" * MAX_CALLBACK_BYTES)


@pytest.mark.parametrize("data", ["", None, "no-prefix", "RL1:x", "x" * 65, "rl:x"])
def test_malformed_data_is_rejected(data: str | None) -> None:
    with pytest.raises(CallbackDataError):
        parse(data)


def test_separator_inside_a_part_is_refused() -> None:
    with pytest.raises(CallbackDataError):
        pack("mn1", "a:b")
