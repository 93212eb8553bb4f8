"""Finding a person's IANA time zone: from a shared location (offline), a city, a zone or an offset."""

from __future__ import annotations

import atexit
import re
from functools import lru_cache
from zoneinfo import available_timezones

from rapidfuzz import fuzz, process

from scheduler.index import valid_zone

# A short list to pick from, west to east.
COMMON_ZONES: tuple[str, ...] = (
    "America/Los_Angeles", "America/Chicago", "America/New_York", "America/Sao_Paulo",
    "Europe/London", "Europe/Berlin", "Europe/Kyiv", "Europe/Moscow",
    "Asia/Dubai", "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo",
    "Australia/Sydney", "UTC",
)

# Big cities whose zone is named after another city.
CITY_ALIASES: dict[str, str] = {
    "washington": "America/New_York", "boston": "America/New_York", "miami": "America/New_York",
    "atlanta": "America/New_York", "philadelphia": "America/New_York", "houston": "America/Chicago",
    "dallas": "America/Chicago", "san francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles",
    "san diego": "America/Los_Angeles", "las vegas": "America/Los_Angeles", "montreal": "America/Toronto",
    "munich": "Europe/Berlin", "hamburg": "Europe/Berlin", "frankfurt": "Europe/Berlin",
    "cologne": "Europe/Berlin", "manchester": "Europe/London", "edinburgh": "Europe/London",
    "barcelona": "Europe/Madrid", "milan": "Europe/Rome", "st petersburg": "Europe/Moscow",
    "saint petersburg": "Europe/Moscow", "kiev": "Europe/Kyiv", "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata", "bangalore": "Asia/Kolkata",
    "beijing": "Asia/Shanghai", "osaka": "Asia/Tokyo", "abu dhabi": "Asia/Dubai",
}

# Offsets that are not whole hours have no Etc/ zone: a representative city zone instead.
FRACTIONAL_OFFSETS: dict[int, str] = {
    -570: "Pacific/Marquesas", -210: "America/St_Johns", 210: "Asia/Tehran", 270: "Asia/Kabul",
    330: "Asia/Kolkata", 345: "Asia/Kathmandu", 390: "Asia/Yangon", 525: "Australia/Eucla",
    570: "Australia/Darwin", 630: "Australia/Lord_Howe", 765: "Pacific/Chatham",
}

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?:(?::|\.|h)?(\d{2}))?$")
_FUZZY_MIN_SCORE = 88


def parse_timezone(text: str) -> str | None:
    """An IANA zone for what a person typed: a zone, a city, or a UTC offset; None if unsure."""
    cleaned = " ".join(text.strip().split())
    if not cleaned or len(cleaned) > 64:
        return None
    lowered = cleaned.lower()
    if lowered in ("utc", "gmt", "z"):
        return "UTC"
    offset = _offset_zone(lowered)
    if offset is not None:
        return offset
    exact = _zones_by_lower_name().get(lowered.replace(" ", "_"))
    if exact is not None:
        return exact
    return _city_zone(lowered)


def _offset_zone(lowered: str) -> str | None:
    match = _OFFSET.match(lowered)
    if match is None:
        return None
    sign = 1 if match.group(1) == "+" else -1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if minutes >= 60:
        return None
    total = sign * (hours * 60 + minutes)
    if minutes:
        return FRACTIONAL_OFFSETS.get(total)
    if not -12 <= sign * hours <= 14:
        return None
    if hours == 0:
        return "UTC"
    # POSIX-style names: Etc/GMT-3 is three hours *ahead* of UTC.
    return f"Etc/GMT{'-' if sign > 0 else '+'}{hours}"


def _city_zone(lowered: str) -> str | None:
    if lowered in CITY_ALIASES:
        return CITY_ALIASES[lowered]
    cities = _zones_by_city()
    if lowered in cities:
        return cities[lowered]
    choices = [*cities, *CITY_ALIASES]
    best = process.extractOne(lowered, choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN_SCORE)
    if best is None:
        return None
    name = best[0]
    return cities.get(name) or CITY_ALIASES[name]


@lru_cache(maxsize=1)
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones() if valid_zone(name)}


@lru_cache(maxsize=1)
def _zones_by_city() -> dict[str, str]:
    """'new york' -> America/New_York, for canonical Area/City zones (not Etc/ or legacy)."""
    cities: dict[str, str] = {}
    for name in sorted(available_timezones()):
        area, _, rest = name.partition("/")
        if not rest or area in ("Etc", "SystemV", "US", "Brazil", "Canada", "Chile", "Mexico"):
            continue
        city = rest.rsplit("/", 1)[-1].replace("_", " ").lower()
        cities.setdefault(city, name)
    return cities


@lru_cache(maxsize=1)
def _finder() -> object:
    from timezonefinder import TimezoneFinder

    # Drop it before interpreter teardown: its __del__ needs modules that are gone by then.
    atexit.register(_finder.cache_clear)
    return TimezoneFinder()


def timezone_from_location(latitude: float, longitude: float) -> str | None:
    """The zone at a point, found offline (timezonefinder); None at sea or when unknown."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    name = _finder().timezone_at(lng=longitude, lat=latitude)  # type: ignore[attr-defined]
    return name if valid_zone(name) else None
