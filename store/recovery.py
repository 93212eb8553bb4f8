"""Reading a data dir as start-up does: the manifest of journal segments, their checks, and replay.

The on-disk format itself (documents, journal lines, snapshots) is described and written in
``store.files``; this module decides whether what is on disk is whole, and loads it read-only.
"""

from __future__ import annotations

import itertools
import json
import pathlib
from dataclasses import dataclass

from store import snapshots
from store.errors import StoreCorruptError, StoreError
from store.files import (
    FORMAT,
    MANIFEST_NAME,
    SNAPSHOT_NAME,
    RawTables,
    apply_changes,
    decode_header,
    decode_line,
    journal_name,
    list_journals,
    write_atomically,
)

# ---------------------------------------------------------------- manifest


@dataclass(frozen=True)
class Manifest:
    """Which journal segments must exist: every one from the snapshot's generation up to
    ``newest``; the older ones (closed, never appended to again) with exactly these sizes."""

    newest: int
    closed: dict[int, int]

    def encode(self) -> bytes:
        closed = {str(generation): size for generation, size in sorted(self.closed.items())}
        return json.dumps({"format": FORMAT, "newest": self.newest, "closed": closed}).encode("ascii") + b"\n"


def read_manifest(data_dir: pathlib.Path) -> Manifest | None:
    """The manifest in ``data_dir``; None when there is none (a new or older data dir)."""
    path = data_dir / MANIFEST_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read the store manifest {path} ({exc.strerror})") from exc
    manifest = _parse_manifest(data)
    if manifest is None:
        raise StoreCorruptError(
            f"the store manifest {path} is damaged; nothing was changed. Restore DATA_DIR "
            f"{data_dir} from a backup (or `python -m bot export-data` from a copy of it)."
        )
    return manifest


def _parse_manifest(data: bytes) -> Manifest | None:
    try:
        record = json.loads(data)
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return None
    newest, closed = record.get("newest"), record.get("closed")
    if not isinstance(newest, int) or newest < 0 or not isinstance(closed, dict):
        return None
    try:
        sizes = {int(generation): size for generation, size in closed.items()}
    except ValueError:
        return None
    if not all(isinstance(size, int) and size >= 0 for size in sizes.values()):
        return None
    return Manifest(newest, sizes)


def write_manifest(data_dir: pathlib.Path, manifest: Manifest) -> None:
    """Durably record which segments exist (raises ``OSError``, leaving the old one)."""
    write_atomically(data_dir / MANIFEST_NAME, manifest.encode())


# ---------------------------------------------------------------- start-up


@dataclass
class TornTail:
    """A damaged last line of the newest journal: a write that was never acknowledged."""

    path: pathlib.Path
    good_bytes: int
    torn_bytes: int


@dataclass
class LoadedStore:
    """Everything start-up reads from DATA_DIR (see ``load_read_only``)."""

    tables: RawTables
    snapshot: snapshots.Snapshot  # which snapshot files were read (its tables are ``tables``)
    generation: int  # of the newest journal segment: where appends continue
    snapshot_generation: int
    has_snapshot: bool
    has_manifest: bool
    replayed: list[pathlib.Path]
    superseded: list[pathlib.Path]  # journals older than the snapshot, safe to delete
    leftover: list[pathlib.Path]  # header-only segments newer than the manifest (crash mid-rotation)
    closed: dict[int, int]  # sizes of the replayed segments before the newest
    entries: int
    deletions: int  # journalled records that removed a document
    legacy: bool  # written before the manifest existed: rewrite in the current format
    torn: TornTail | None


def load_read_only(data_dir: pathlib.Path) -> LoadedStore:
    """Load snapshot + journals exactly as start-up does, without changing any file.

    Raises ``StoreCorruptError`` for damage start-up would refuse. Safe to call while a bot
    uses ``data_dir`` (files are only appended to or atomically replaced), though a
    compaction finishing meanwhile can make it fail; ``bot.check`` uses it for that reason.
    """
    snapshot = snapshots.read_tables(data_dir)
    generation, tables, has_snapshot = snapshot.generation, snapshot.tables, snapshot.exists
    manifest = read_manifest(data_dir)
    segments = list_journals(data_dir)
    present = [g for g in segments if g >= generation and (manifest is None or g <= manifest.newest)]
    _check_segments(data_dir, present, generation, has_snapshot)
    if manifest is None:
        pending, leftover = present, []
    else:
        pending = _expected_segments(data_dir, manifest, segments, generation)
        leftover = [g for g in segments if g > manifest.newest]
    loaded = LoadedStore(
        tables=tables,
        snapshot=snapshot,
        generation=pending[-1] if pending else generation,
        snapshot_generation=generation,
        has_snapshot=has_snapshot,
        has_manifest=manifest is not None,
        replayed=[segments[g] for g in pending],
        superseded=[path for g, path in segments.items() if g < generation],
        leftover=[segments[g] for g in leftover],
        closed={},
        entries=0,
        deletions=0,
        legacy=False,
        torn=None,
    )
    for index, segment in enumerate(pending):
        newest = index == len(pending) - 1
        result = replay_journal(segments[segment], tables, newest=newest, generation=segment)
        if manifest is not None and newest and result.header is None:
            raise _lost_segment(data_dir, segments[segment], "has lost its header line (it was emptied or cut)")
        if manifest is None and result.header is not None and result.entries:
            raise _lost_manifest(data_dir)
        loaded.legacy = loaded.legacy or (manifest is None and result.header is None)
        loaded.entries += result.entries
        loaded.deletions += result.deletions
        if not newest:
            loaded.closed[segment] = result.good_bytes
        if result.torn_bytes:
            loaded.torn = TornTail(segments[segment], result.good_bytes, result.torn_bytes)
    for path in loaded.leftover:
        _check_leftover(data_dir, path)
    return loaded


def _check_segments(data_dir: pathlib.Path, pending: list[int], generation: int, has_snapshot: bool) -> None:
    """Without a manifest: refuse when a file the others depend on is missing (never start empty)."""
    if pending and pending[0] != generation:
        missing = data_dir / (journal_name(generation) if has_snapshot else SNAPSHOT_NAME)
        raise _missing(data_dir, missing, pending[0])
    for previous, segment in itertools.pairwise(pending):
        if segment != previous + 1:
            raise _missing(data_dir, data_dir / journal_name(previous + 1), segment)


def _expected_segments(
    data_dir: pathlib.Path, manifest: Manifest, segments: dict[int, pathlib.Path], generation: int
) -> list[int]:
    """The segments the manifest says must be replayed, each checked present (closed ones by size)."""
    if manifest.newest < generation:
        raise StoreCorruptError(
            f"the store manifest {data_dir / MANIFEST_NAME} names journal {manifest.newest} as the "
            f"newest, older than the snapshot (generation {generation}): the files do not belong "
            f"together. Restore DATA_DIR {data_dir} from a backup; nothing was changed."
        )
    expected = list(range(generation, manifest.newest + 1))
    for segment in expected:
        path = data_dir / journal_name(segment)
        if segment not in segments:
            raise _lost_segment(data_dir, path, "is missing")
        if segment == manifest.newest:
            continue
        size = path.stat().st_size
        if manifest.closed.get(segment) != size:
            raise _lost_segment(
                data_dir, path, f"is {size} bytes but was closed at {manifest.closed.get(segment)} bytes"
            )
    return expected


def _check_leftover(data_dir: pathlib.Path, path: pathlib.Path) -> None:
    """A segment newer than the manifest may only be a bare header: a crash right after creating it."""
    data = path.read_bytes()
    end = data.find(b"\n")
    if end == -1 or end != len(data) - 1 or decode_header(data[:end]) is None:
        raise StoreCorruptError(
            f"journal {path} is newer than the store manifest {data_dir / MANIFEST_NAME} and holds "
            f"data: the files do not belong together. Restore DATA_DIR {data_dir} from a backup; "
            f"nothing was changed."
        )


def _lost_segment(data_dir: pathlib.Path, path: pathlib.Path, problem: str) -> StoreCorruptError:
    return StoreCorruptError(
        f"journal {path} {problem}, but the store manifest {data_dir / MANIFEST_NAME} expects it: "
        f"starting would silently lose the writes it held. Restore it (or DATA_DIR) from a "
        f"backup; nothing was changed."
    )


def _lost_manifest(data_dir: pathlib.Path) -> StoreCorruptError:
    return StoreCorruptError(
        f"the store manifest {data_dir / MANIFEST_NAME} is missing, so a deleted or shortened "
        f"journal segment could not be told apart from an intact one. Restore it from a backup; "
        f"nothing was changed."
    )


def _missing(data_dir: pathlib.Path, missing: pathlib.Path, continued_by: int) -> StoreCorruptError:
    return StoreCorruptError(
        f"{missing} is missing but journal {journal_name(continued_by)} continues from it, "
        f"so starting would silently lose data. Restore DATA_DIR {data_dir} from a backup; "
        f"nothing was changed."
    )


@dataclass
class ReplayResult:
    """What replaying one journal segment found."""

    entries: int
    good_bytes: int
    torn_bytes: int
    header: int | None = None
    deletions: int = 0


def replay_journal(
    path: pathlib.Path, tables: RawTables, *, newest: bool, generation: int | None = None
) -> ReplayResult:
    """Apply every line of ``path`` to ``tables``.

    An incomplete final line (no newline) of the newest segment is a write that was never
    acknowledged (the process died mid-append): it is reported back as ``torn_bytes`` for the
    caller to drop. A complete line that fails its checksum is damage, like anything else
    wrong, and raises ``StoreCorruptError`` naming the file.
    """
    data = path.read_bytes()
    result = ReplayResult(0, 0, 0)
    pos = 0
    first_end = data.find(b"\n")
    if first_end != -1:
        result.header = decode_header(data[:first_end])
        if result.header is not None:
            if generation is not None and result.header != generation:
                raise StoreCorruptError(
                    f"journal {path} is segment {result.header} renamed; nothing was changed. "
                    f"Restore DATA_DIR {path.parent} from a backup."
                )
            pos = first_end + 1
    while pos < len(data):
        end = data.find(b"\n", pos)
        if end == -1:
            if newest:
                result.good_bytes, result.torn_bytes = pos, len(data) - pos
                return result
            raise _damaged_journal(path, pos, result.entries, "its last line is incomplete")
        record = decode_line(data[pos:end])
        if record is None:
            raise _damaged_journal(path, pos, result.entries, "a complete line fails its checksum")
        for table, changes in record:
            apply_changes(tables, table, changes)
            result.deletions += sum(1 for raw in changes.values() if raw is None)
        result.entries += 1
        pos = end + 1
    result.good_bytes = pos
    return result


def _damaged_journal(path: pathlib.Path, pos: int, entries: int, problem: str) -> StoreCorruptError:
    return StoreCorruptError(
        f"journal {path} is damaged at byte {pos} (record {entries + 1}: {problem}); nothing was "
        f"changed. Restore DATA_DIR {path.parent} from a backup, or, to keep the {entries} "
        f"changes before the damage and lose the rest, truncate the file to {pos} bytes "
        f"(truncate -s {pos} '{path}') and start again."
    )
