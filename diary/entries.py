"""One `cramp_log` entry, as the diary and the relief walkthrough both store it.

The stored form is a dict with UTC ISO times (ARCHITECTURE: times are UTC ISO-8601 strings):

    {"id", "at", "place", "severity"?, "before"?: [..], "note"?, "day_only"?, "eased"?, "steps"?}

The relief walkthrough writes `{"at", "place", "eased", "steps"}` without an id: that is a valid
entry of the same format, its id derived from its time and place. `from_doc` is the only reader,
`to_doc` the only writer, so the rest of the diary sees one frozen `Entry` shape.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final

from core.clock import parse_utc_iso, utc_iso
from knowledge.models import PLACES

STORE_KEY: Final = "cramp_log"  # the user document's key, shared with the relief walkthrough
KEEP: Final = 500  # entries kept per person (the relief walkthrough keeps as many)
SEVERITIES: Final[tuple[str, ...]] = ("mild", "bad", "severe")
TRIGGERS: Final[tuple[str, ...]] = ("exercise", "heat", "standing", "medicine", "none")
NOTE_MAX: Final = 500


@dataclass(frozen=True)
class Entry:
    id: str
    at: datetime  # aware UTC; for a `day_only` entry, noon of that local day
    place: str
    severity: str | None = None
    before: tuple[str, ...] = ()
    note: str | None = None
    day_only: bool = False  # logged as "another day": the time of day is not known
    eased: bool | None = None  # from the relief walkthrough
    steps: int | None = None

    @property
    def from_relief(self) -> bool:
        return self.eased is not None


def derived_id(at: str, place: str) -> str:
    """A stable id for an entry stored without one (the relief walkthrough's)."""
    return "r" + hashlib.sha1(f"{at}|{place}".encode()).hexdigest()[:5]


def from_doc(raw: object) -> Entry | None:
    """The entry in a stored dict, or None when it cannot be read (it is then left out, not lost)."""
    if not isinstance(raw, Mapping):
        return None
    at_raw, place = raw.get("at"), raw.get("place")
    if not isinstance(at_raw, str) or not isinstance(place, str):
        return None
    try:
        at = parse_utc_iso(at_raw)
    except ValueError:
        return None
    entry_id = raw.get("id")
    severity = raw.get("severity")
    before = raw.get("before")
    note = raw.get("note")
    eased, steps = raw.get("eased"), raw.get("steps")
    return Entry(
        id=entry_id if isinstance(entry_id, str) and entry_id else derived_id(at_raw, place),
        at=at,
        place=place if place in PLACES else "other",
        severity=severity if severity in SEVERITIES else None,
        before=tuple(t for t in before if t in TRIGGERS) if isinstance(before, list) else (),
        note=note[:NOTE_MAX] if isinstance(note, str) and note.strip() else None,
        day_only=bool(raw.get("day_only")),
        eased=eased if isinstance(eased, bool) else None,
        steps=steps if isinstance(steps, int) and not isinstance(steps, bool) else None,
    )


def to_doc(entry: Entry) -> dict[str, Any]:
    """The stored form: optional keys only once they are set (a relief entry keeps its four keys)."""
    doc: dict[str, Any] = {"at": utc_iso(entry.at), "place": entry.place}
    if not (entry.from_relief and entry.id == derived_id(doc["at"], entry.place)):
        doc["id"] = entry.id
    if entry.severity is not None:
        doc["severity"] = entry.severity
    if entry.before:
        doc["before"] = list(entry.before)
    if entry.note is not None:
        doc["note"] = entry.note
    if entry.day_only:
        doc["day_only"] = True
    if entry.eased is not None:
        doc["eased"] = entry.eased
    if entry.steps is not None:
        doc["steps"] = entry.steps
    return doc


def entries_of(doc: Mapping[str, Any] | None) -> list[Entry]:
    """Every readable entry of a user document, oldest first."""
    raw = (doc or {}).get(STORE_KEY)
    found = [entry for entry in map(from_doc, raw if isinstance(raw, list) else []) if entry is not None]
    return sorted(found, key=lambda entry: entry.at)


def find(entries: Iterable[Entry], entry_id: str) -> Entry | None:
    return next((entry for entry in entries if entry.id == entry_id), None)


def replaced(raw_log: Any, entry_id: str, new: Entry | None) -> list[Any]:
    """The stored list with one entry changed (or removed when `new` is None); others untouched,
    even ones this version cannot read, so an edit never loses anything stored."""
    result: list[Any] = []
    for raw in raw_log if isinstance(raw_log, list) else []:
        entry = from_doc(raw)
        if entry is not None and entry.id == entry_id:
            if new is not None:
                result.append(to_doc(new))
        else:
            result.append(raw)
    return result


def with_severity(entry: Entry, severity: str) -> Entry:
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    return replace(entry, severity=None if entry.severity == severity else severity)


def with_trigger(entry: Entry, trigger: str) -> Entry:
    """Toggle one "what came before"; "none" clears the others (and they clear it)."""
    if trigger not in TRIGGERS:
        raise ValueError(f"unknown trigger {trigger!r}")
    if trigger in entry.before:
        return replace(entry, before=tuple(t for t in entry.before if t != trigger))
    if trigger == "none":
        return replace(entry, before=("none",))
    return replace(entry, before=(*(t for t in entry.before if t != "none"), trigger))


def with_note(entry: Entry, text: str) -> Entry:
    cleaned = " ".join(text.split())[:NOTE_MAX]
    return replace(entry, note=cleaned or None)
