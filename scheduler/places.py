"""The GeoNames extract as the time-zone reader looks places up in it, lean by layout.

`data/places.idx.gz` (written by tools/index_places.py) is already sorted for lookups, so loading it
builds no index: the file stays one bytes object, a section's lines are found through one array of
offsets, and a name is found by binary search over the sorted `@names` lines. Only what is small
becomes Python objects (countries, each country's zones) plus the names loose matching compares
against. The older loader built a dict of 165,000 names to tuples of place objects: ~72 MB and 2.6 s.
"""

from __future__ import annotations

import bisect
import gzip
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import overload

import numpy as np
import numpy.typing as npt

EXTRACT = "data/places.idx.gz"
_NEWLINE = ord("\n")


@dataclass(frozen=True)
class Place:
    population: int
    zone: str
    country: str
    name: str


class _Lines(Sequence[bytes]):
    """The lines of one section of the blob, by number, without copying them."""

    def __init__(self, blob: bytes, start: int, end: int) -> None:
        self.blob = blob
        view = np.frombuffer(blob, dtype=np.uint8, count=end - start, offset=start)
        ends = np.flatnonzero(view == _NEWLINE).astype(np.uint32) + start  # one uint32 a line
        self.starts: npt.NDArray[np.uint32] = np.concatenate(([start], ends[:-1] + 1)).astype(np.uint32)
        self.ends: npt.NDArray[np.uint32] = ends

    def __len__(self) -> int:
        return len(self.ends)

    @overload
    def __getitem__(self, index: int) -> bytes: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[bytes]: ...
    def __getitem__(self, index: int | slice) -> bytes | Sequence[bytes]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self.blob[int(self.starts[index]) : int(self.ends[index])]


class _Keys(Sequence[bytes]):
    """The name field of each `@names` line, for bisect (sorted by these bytes)."""

    def __init__(self, lines: _Lines) -> None:
        self.lines = lines

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, index: int) -> bytes: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[bytes]: ...
    def __getitem__(self, index: int | slice) -> bytes | Sequence[bytes]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self.lines[index].partition(b"\t")[0]


class PlaceIndex:
    """Places by normalised name, countries and their zones, names for loose matching."""

    def __init__(self, blob: bytes) -> None:
        sections = _sections(blob)
        self._places = _Lines(blob, *sections["places"])
        self._names = _Lines(blob, *sections["names"])
        self._keys = _Keys(self._names)
        self.country_zone: dict[str, str] = {}  # ISO code -> zone ("*" = several)
        self.country_names: dict[str, str] = {}  # the country's English name as typed -> ISO code
        for line in _text_lines(blob, sections["countries"]):
            code, zone, name = line.split("\t")
            self.country_zone[code] = zone
            self.country_names[name] = code
        zones: dict[str, list[Place]] = {}
        for line in _text_lines(blob, sections["zones"]):
            country, zone, population, biggest = line.split("\t")
            zones.setdefault(country, []).append(Place(int(population), zone, country, biggest))
        self.zones_by_country = {country: tuple(found) for country, found in zones.items()}
        # rapidfuzz compares against a list of str; these are the only names kept as objects.
        self.fuzzy: list[str] = _text_lines(blob, sections["fuzzy"])

    def named(self, name: str) -> tuple[Place, ...]:
        """The places with this normalised name, most populous first."""
        key = name.encode("utf-8")
        at = bisect.bisect_left(self._keys, key)
        if at == len(self._keys) or self._keys[at] != key:
            return ()
        numbers = self._names[at].partition(b"\t")[2].split(b",")
        return tuple(self.place(int(number)) for number in numbers)

    def place(self, number: int) -> Place:
        zone, population, country, name = self._places[number].decode("utf-8").split("\t")
        return Place(int(population), zone, country, name)


def _sections(blob: bytes) -> dict[str, tuple[int, int]]:
    """Each "@title" section's byte range (its lines, without the title line)."""
    found: dict[str, tuple[int, int]] = {}
    at = blob.find(b"\n@")
    while at != -1:
        title_end = blob.index(b"\n", at + 1)
        following = blob.find(b"\n@", title_end)
        end = len(blob) if following == -1 else following + 1
        found[blob[at + 2 : title_end].decode()] = (title_end + 1, end)
        at = following
    return found


def _text_lines(blob: bytes, span: tuple[int, int]) -> list[str]:
    return blob[span[0] : span[1]].decode("utf-8").splitlines()


def load() -> PlaceIndex:
    """Read the shipped extract (~5 MB once decompressed) and index it in place."""
    with resources.files("scheduler").joinpath(EXTRACT).open("rb") as raw:
        return PlaceIndex(gzip.decompress(raw.read()))
