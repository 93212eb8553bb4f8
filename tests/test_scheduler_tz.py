"""Time-zone finding: typed cities, zones and offsets; shared locations (offline)."""

from __future__ import annotations

import pytest

from handlers.reminder_screens import zone_label
from scheduler.tz import COMMON_ZONES, parse_timezone, read_timezone, timezone_from_location


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
        # The GeoNames extract: alternate names in the bot's languages, population breaks ties.
        ("München", "Europe/Berlin"),
        ("Muenchen", "Europe/Berlin"),
        ("Мюнхен", "Europe/Berlin"),
        ("Sevilla", "Europe/Madrid"),  # not Sevilla, Colombia (44,000 people)
        ("Seville", "Europe/Madrid"),
        ("Lisbon, Portugal", "Europe/Lisbon"),
        ("Lisboa", "Europe/Lisbon"),
        ("NYC", "America/New_York"),
        ("Москва", "Europe/Moscow"),
        ("Санкт-Петербург", "Europe/Moscow"),
        ("Köln", "Europe/Berlin"),
        ("Moscow", "Europe/Moscow"),  # not Moscow, Idaho
        ("Paris, France", "Europe/Paris"),
        ("Odessa", "Europe/Kyiv"),
        # Filler words around the place, in English, Spanish, German and Russian.
        ("I live in Berlin", "Europe/Berlin"),
        ("vivo en Sevilla", "Europe/Madrid"),
        ("ich wohne in Hamburg", "Europe/Berlin"),
        ("я живу в Новосибирске", "Asia/Novosibirsk"),
        # Countries with one zone (or one that clearly dominates), in the bot's languages.
        ("Portugal", "Europe/Lisbon"),
        ("Deutschland", "Europe/Berlin"),
        ("Alemania", "Europe/Berlin"),
        ("Spanien", "Europe/Madrid"),
        ("Германия", "Europe/Berlin"),
        # Abbreviations with one meaning.
        ("EST", "America/New_York"),
        ("CET", "Europe/Berlin"),
        ("MSK", "Europe/Moscow"),
        ("мск", "Europe/Moscow"),
        ("Eastern time", "America/New_York"),
        ("UTC−3", "Etc/GMT+3"),  # a typographic minus
    ],
)
def test_typed_zone_is_understood(typed: str, zone: str) -> None:
    assert parse_timezone(typed) == zone


@pytest.mark.parametrize(
    ("typed", "zones"),
    [
        ("IST", ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]),  # ambiguous abbreviation: ask
        ("PST", ["America/Los_Angeles", "Asia/Manila"]),
        ("CST", ["America/Chicago", "Asia/Shanghai", "America/Havana"]),
        ("USA", ["America/New_York", "America/Chicago", "America/Los_Angeles"]),  # several zones: the top 3
        ("Россия", ["Europe/Moscow", "Asia/Yekaterinburg", "Europe/Samara"]),
        ("San Jose", ["America/Los_Angeles", "America/Costa_Rica", "Asia/Manila"]),  # places far apart, close in size
    ],
)
def test_an_unsure_reading_offers_the_top_three(typed: str, zones: list[str]) -> None:
    guess = read_timezone(typed)
    assert guess.sure is None and [option.zone for option in guess.options] == zones


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "blah blah",
        "-13",
        "+05:99",
        "why do my calves cramp?",
        "no",
        "ok",
        "nice",
        "thanks",
        "help",
        "sos",
        "better",
        "my calf is swollen",
        "Нет",
    ],
)
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
