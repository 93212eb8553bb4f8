"""Finding a person's IANA time zone from what they typed or a shared location (offline).

What is read is data: `data/places.idx.gz` (a GeoNames extract: cities over 15,000 people with
their names in Latin and Cyrillic script, and countries, built by tools/build_places.py) and
`data/zone_words.json` (abbreviations, country names in the bot's languages, filler words,
fractional offsets). This module only interprets them:

    "München" / "Lisbon, Portugal" / "NYC"  -> the most populous place of that name (sure), or
                                               its top 3 zones when places far apart share it
    "EST" / "IST"                           -> one zone (sure) or the candidates (ask)
    "Portugal" / "Россия"                   -> the country's zone, or its 3 most populous zones
    "UTC+3" / "-05:00" / "Europe/Lisbon"    -> that zone
"""

from __future__ import annotations

import atexit
import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from zoneinfo import available_timezones

from rapidfuzz import fuzz, process

from scheduler import places
from scheduler.index import valid_zone
from scheduler.places import Place, PlaceIndex

# A short list to pick from, west to east.
COMMON_ZONES: tuple[str, ...] = (
    "America/Los_Angeles",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
)

MAX_OPTIONS = 3
# The most populous place of a name wins outright when the next one in another zone is this many
# times smaller (Sevilla, Spain 690,000 vs Sevilla, Colombia 44,000); closer, the person picks.
SURE_RATIO = 5
# A country's biggest zone wins only by a wider margin (Spain: the mainland, not the Canaries;
# Russia or the USA: the person picks).
SURE_COUNTRY_RATIO = 10
# Short names are matched only exactly (and never when they are everyday words: `not_places`).
_MIN_NAME = 3
_FUZZY_MIN_SCORE = 88
_FUZZY_MIN_LENGTH = 5
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-−])\s*(\d{1,2})(?:(?::|\.|h)?(\d{2}))?$")


@dataclass(frozen=True)
class ZoneOption:
    """One zone a person may mean, with the place that led to it ("Sevilla, ES")."""

    zone: str
    place: str = ""


@dataclass(frozen=True)
class ZoneGuess:
    """What a typed text says about a zone: `sure` when one reading is clear, else `options` to pick
    from (best first, at most MAX_OPTIONS); both empty when it names no place or zone at all."""

    sure: str | None = None
    options: tuple[ZoneOption, ...] = ()

    @property
    def found(self) -> bool:
        return self.sure is not None or bool(self.options)


@dataclass(frozen=True)
class _Places:
    index: PlaceIndex  # places by name, countries' zones, names for loose matching (scheduler.places)
    country_names: dict[str, str]  # normalised country name (any of the bot's languages) -> ISO code


def normalise(text: str) -> str:
    """Casefolded, accents dropped (München = Munchen), ’ as ', one space between words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.replace(".", " ").split())


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(resources.files("scheduler").joinpath("data/zone_words.json").read_text("utf-8"))
    return raw


_load_lock = threading.Lock()


def _places() -> _Places:
    """The GeoNames extract, loaded once; a second caller waits for the first instead of loading too."""
    with _load_lock:
        return _load_places()


@lru_cache(maxsize=1)
def _load_places() -> _Places:
    """About 0.1 s and 15 MB (bench/words.py); `warm_up` runs it in a thread at start."""
    index = places.load()
    country_names = {normalise(name): code for name, code in index.country_names.items()}
    for name, code in _words()["countries"].items():
        country_names[normalise(name)] = code
    return _Places(index, country_names)


def warm_up() -> None:
    """Load the extract now (call it in a thread at start), so the first typed zone is quick."""
    _places()


def parse_timezone(text: str) -> str | None:
    """The zone a typed text names when that is clear; None when unsure or nothing (see read_timezone)."""
    return read_timezone(text).sure


def read_timezone(text: str) -> ZoneGuess:
    """Everything a typed text says about a time zone (see the module docstring)."""
    cleaned = " ".join(text.strip().split())
    if not cleaned or len(cleaned) > 64:
        return ZoneGuess()
    lowered = normalise(cleaned.replace("−", "-"))
    words = _words()
    if lowered in words["utc"]:
        return ZoneGuess(sure="UTC")
    for reader in (_offset_zone, _iana_zone, _abbreviation):
        guess = reader(lowered)
        if guess.found:
            return guess
    return _place_zone(_strip_fillers(lowered))


def _strip_fillers(lowered: str) -> str:
    """'i live in lisbon' -> 'lisbon' (longest filler first, at the start or end only)."""
    fillers = sorted((normalise(f) for f in _words()["fillers"]), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for filler in fillers:
            if lowered.startswith(filler + " "):
                lowered, changed = lowered[len(filler) + 1 :], True
            elif lowered.endswith(" " + filler):
                lowered, changed = lowered[: -len(filler) - 1], True
    return lowered.strip(" ,!?")


def _offset_zone(lowered: str) -> ZoneGuess:
    match = _OFFSET.match(lowered)
    if match is None:
        return ZoneGuess()
    sign = 1 if match.group(1) == "+" else -1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if minutes >= 60:
        return ZoneGuess()
    total = sign * (hours * 60 + minutes)
    if minutes:
        zone = _words()["fractional_offsets"].get(str(total))
        return ZoneGuess(sure=zone) if zone else ZoneGuess()
    if not -12 <= sign * hours <= 14:
        return ZoneGuess()
    if hours == 0:
        return ZoneGuess(sure="UTC")
    # POSIX-style names: Etc/GMT-3 is three hours *ahead* of UTC.
    return ZoneGuess(sure=f"Etc/GMT{'-' if sign > 0 else '+'}{hours}")


def _iana_zone(lowered: str) -> ZoneGuess:
    exact = _zones_by_lower_name().get(lowered.replace(" ", "_"))
    return ZoneGuess(sure=exact) if exact else ZoneGuess()


def _abbreviation(lowered: str) -> ZoneGuess:
    zones = _words()["abbreviations"].get(lowered.removesuffix(" time"))
    if not zones:
        return ZoneGuess()
    if len(zones) == 1:
        return ZoneGuess(sure=zones[0])
    return ZoneGuess(options=tuple(ZoneOption(zone, lowered.upper()) for zone in zones[:MAX_OPTIONS]))


def _place_zone(name: str) -> ZoneGuess:
    """A city (optionally ", country"), or a country on its own; fuzzy as a last resort."""
    if len(name) < _MIN_NAME or name in _words()["not_places"]:
        return ZoneGuess()
    places = _places()
    city, _, where = (part.strip() for part in name.partition(","))
    country = places.country_names.get(where) if where else None
    if city in places.country_names and not where:
        return _country_guess(places, places.country_names[city])
    found = places.index.named(city)
    if country is not None:
        found = tuple(p for p in found if p.country == country) or found
    if not found and len(city) >= _FUZZY_MIN_LENGTH:
        best = process.extractOne(city, places.index.fuzzy, scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN_SCORE)
        found = places.index.named(best[0]) if best else ()
    if not found and country is not None:
        return _country_guess(places, country)
    return _guess_from(found)


def _guess_from(found: tuple[Place, ...], ratio: int = SURE_RATIO) -> ZoneGuess:
    by_zone: dict[str, Place] = {}
    for place in found:  # most populous first: each zone keeps its biggest place
        by_zone.setdefault(place.zone, place)
    if not by_zone:
        return ZoneGuess()
    ranked = list(by_zone.values())
    if len(ranked) == 1 or ranked[0].population >= ratio * ranked[1].population:
        return ZoneGuess(sure=ranked[0].zone)
    return ZoneGuess(options=tuple(ZoneOption(p.zone, f"{p.name}, {p.country}") for p in ranked[:MAX_OPTIONS]))


def _country_guess(places: _Places, country: str) -> ZoneGuess:
    zone = places.index.country_zone.get(country)
    if zone and zone != "*":
        return ZoneGuess(sure=zone)
    return _guess_from(places.index.zones_by_country.get(country, ()), SURE_COUNTRY_RATIO)


@lru_cache(maxsize=1)
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones() if valid_zone(name)}


# --- a shared location ---------------------------------------------------------------------------
# timezonefinder 9: an instance must not be shared between threads, and its data is released by
# cleanup() (its __del__ would run during interpreter teardown, when the modules it needs are gone).
_local = threading.local()
_finders: list[Any] = []
_finders_lock = threading.Lock()


def _finder() -> Any:
    finder = getattr(_local, "finder", None)
    if finder is None:
        # Imported on first use: only a shared location needs it, and its import and data cost ~20 ms
        # at start-up for everyone else.
        from timezonefinder import TimezoneFinder

        finder = _local.finder = TimezoneFinder()
        with _finders_lock:
            if not _finders:
                atexit.register(_release_finders)
            _finders.append(finder)
    return finder


def _release_finders() -> None:
    with _finders_lock:
        while _finders:
            _finders.pop().cleanup()


def timezone_from_location(latitude: float, longitude: float) -> str | None:
    """The zone at a point, found offline (timezonefinder); None at sea or when unknown."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    name = _finder().timezone_at(lng=longitude, lat=latitude)
    return name if valid_zone(name) else None
