"""Time-zone finding: typed cities, zones and offsets; shared locations (offline)."""

from __future__ import annotations

import pytest

from handlers.reminder_screens import zone_label
from scheduler.tz import COMMON_ZONES, parse_timezone, timezone_from_location


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Berlin", "Europe/Berlin"),
        ("berln", "Europe/Berlin"),  # a typo still finds the city
        ("  new   york ", "America/New_York"),
        ("europe/paris", "Europe/Paris"),
        ("Munich", "Europe/Berlin"),  # a big city named differently from its zone
        ("UTC", "UTC"),
        ("UTC+3", "Etc/GMT-3"),  # POSIX sign: three hours ahead
        ("GMT-5", "Etc/GMT+5"),
        ("+05:30", "Asia/Kolkata"),
        ("utc+5:45", "Asia/Kathmandu"),
    ],
)
def test_typed_zone_is_understood(typed: str, zone: str) -> None:
    assert parse_timezone(typed) == zone


@pytest.mark.parametrize("typed", ["", "blah blah", "-13", "+05:99", "why do my calves cramp?"])
def test_unclear_input_finds_nothing(typed: str) -> None:
    assert parse_timezone(typed) is None


def test_location_finds_zone_offline() -> None:
    assert timezone_from_location(52.52, 13.40) == "Europe/Berlin"
    assert timezone_from_location(40.71, -74.0) == "America/New_York"
    assert timezone_from_location(95.0, 0.0) is None


def test_offset_zones_are_shown_the_way_people_write_them() -> None:
    assert zone_label("Etc/GMT-3") == "UTC+3"
    assert zone_label("Etc/GMT+5") == "UTC-5"
    assert zone_label("America/New_York") == "America/New York"
    assert all(parse_timezone(zone) == zone for zone in COMMON_ZONES)
