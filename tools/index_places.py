"""Write scheduler/data/places.idx.gz, the GeoNames extract laid out for lookups without building an
index at run time: sections of text lines the reader keeps as one bytes object and searches in place
(scheduler/places.py).

    @places     zone<TAB>population<TAB>country<TAB>display name   most populous first; line n = place n
    @countries  code<TAB>zone or *<TAB>name                        a country ("*": several zones)
    @zones      country<TAB>zone<TAB>population<TAB>biggest place   a country's zones, most populous first
    @fuzzy      a name of a place over 100,000 people (typos are matched only against these)
    @names      name<TAB>place,place,...                           every normalised name, sorted by UTF-8 bytes

tools/build_places.py calls `write_index` with its rows; run on its own, this converts the older
`places.tsv.gz` layout (C/K rows) once:

    PYTHONPATH=. .venv/bin/python tools/index_places.py old/places.tsv.gz
"""

from __future__ import annotations

import gzip
import sys
from collections import defaultdict
from pathlib import Path

from scheduler.index import valid_zone
from scheduler.tz import normalise

OUT = Path(__file__).resolve().parent.parent / "scheduler" / "data" / "places.idx.gz"
HEADER = "# GeoNames extract (CC BY 4.0, https://www.geonames.org/): tools/build_places.py, tools/index_places.py"
# Loose matching is for typos in big places' names ("Barcleona"); a small town must be spelt right.
FUZZY_MIN_POPULATION = 100_000
FUZZY_MIN_LENGTH = 5


def write_index(rows: list[list[str]], out: Path = OUT) -> int:
    """rows: C<TAB>zone<TAB>population<TAB>country<TAB>display|other names (normalised), and
    K<TAB>zone or *<TAB>population<TAB>country<TAB>name. Returns the bytes written."""
    cities = sorted((row for row in rows if row[0] == "C" and valid_zone(row[1])), key=lambda row: -int(row[2]))
    places, names, fuzzy = [], defaultdict(list), set()
    zone_population: dict[tuple[str, str], int] = defaultdict(int)
    zone_biggest: dict[tuple[str, str], str] = {}
    for number, (_, zone, population, country, spelled) in enumerate(cities):
        display, *others = spelled.split("|")
        places.append(f"{zone}\t{population}\t{country}\t{display}")
        own = dict.fromkeys((normalise(display), *others))
        for name in own:
            names[name].append(number)
        if int(population) >= FUZZY_MIN_POPULATION:
            fuzzy.update(name for name in own if len(name) >= FUZZY_MIN_LENGTH)
        zone_population[country, zone] += int(population)
        zone_biggest.setdefault((country, zone), display)
    countries = [f"{row[3]}\t{row[1]}\t{row[4]}" for row in rows if row[0] == "K"]
    zones = [
        f"{country}\t{zone}\t{total}\t{zone_biggest[country, zone]}"
        for (country, zone), total in sorted(zone_population.items(), key=lambda item: (item[0][0], -item[1]))
    ]
    ordered = sorted(names, key=lambda name: name.encode("utf-8"))
    sections = {
        "places": places,
        "countries": countries,
        "zones": zones,
        "fuzzy": sorted(fuzzy),
        "names": [f"{name}\t{','.join(map(str, names[name]))}" for name in ordered],
    }
    text = (
        HEADER
        + "\n"
        + "".join(f"@{title}\n" + "".join(f"{line}\n" for line in lines) for title, lines in sections.items())
    )
    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    out.write_bytes(data)
    return len(data)


def main() -> int:
    source = Path(sys.argv[1])
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        rows = [line.rstrip("\n").split("\t") for line in lines if not line.startswith("#")]
    print(f"{OUT}: {write_index(rows)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
