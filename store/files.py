"""On-disk format of the store: one snapshot file plus numbered journal segments.

``store.snapshot.jsonl``  a header line ``{"format": 2, "generation": G, "docs": N}``, then one
    line per document ``<crc32 hex> <table> <doc_id> <document JSON>``; always replaced
    atomically (temp file, fsync, rename, fsync of the directory).
``store.journal.<G>.jsonl``  changes made after snapshot generation G: a header line
    ``<crc32 hex> {"journal": G}`` written when the segment is created (so an empty file is
    always damage), then one line per acknowledged write:
    ``<crc32 hex> {"t": table, "c": {doc_id: document or null}}``.
``store.manifest.json``  which segments must exist: ``{"format": 2, "newest": G, "closed":
    {generation: size}}``, replaced atomically whenever appends move to a new segment. Closed
    segments never change again, so their sizes are exact; the newest must exist with its
    header. A deleted or truncated segment is found at start-up instead of silently losing
    every write since the last compaction.

In memory every document is kept as its compact JSON bytes (``encode_doc``): ~1 KB per user
instead of ~5 KB of Python objects, start-up only splits lines (no JSON parsing), and a
snapshot is a concatenation. Reads decode one document, which is also the copy callers get.

Start-up reads the snapshot and replays every journal segment from its generation on.
Only an incomplete last line (no newline) of the newest segment is a torn write (the process
died mid-append); a complete line that fails its checksum, a missing or shortened segment and
any other damage raise ``StoreCorruptError`` naming the file, and no file is touched.
Data dirs written before the manifest existed (no manifest, segments without a header) are
still read; the storage rewrites them in the current format at start.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import mmap
import os
import pathlib
import re
import time
import zlib
from dataclasses import dataclass
from typing import Any

import orjson

from store.errors import StoreCorruptError, StoreError

log = logging.getLogger(__name__)

FORMAT = 2
SNAPSHOT_NAME = "store.snapshot.jsonl"
MANIFEST_NAME = "store.manifest.json"
TMP_SUFFIX = ".tmp"
# Temp files of ours (snapshot, manifest, new segment); a crash can leave one behind.
_TMP_RE = re.compile(r"^store\..*\.tmp$")
_JOURNAL_RE = re.compile(r"^store\.journal\.(\d+)\.jsonl$")
# Documents per write when saving a snapshot: a background writer hands the GIL back to the
# event loop between chunks.
SNAPSHOT_CHUNK = 200

Doc = dict[str, Any]
RawTables = dict[str, dict[str, bytes]]
Changes = dict[str, bytes | None]


def encode_doc(doc: Doc) -> bytes:
    """The compact JSON form a document is kept in, in memory and on disk.

    Raises ``StoreError`` for values that are not plain JSON (they would not survive a restart).
    """
    try:
        return json.dumps(doc, separators=(",", ":"), allow_nan=False).encode("ascii")
    except (TypeError, ValueError) as exc:
        raise StoreError(f"only JSON values can be stored: {exc}") from exc


def decode_doc(raw: bytes) -> Doc:
    """A fresh document from its stored form (so also a deep copy); orjson, ~2x json's speed."""
    doc: Doc = orjson.loads(raw)
    return doc


def journal_name(generation: int) -> str:
    """File name of the journal segment that follows snapshot ``generation``."""
    return f"store.journal.{generation}.jsonl"


def list_journals(data_dir: pathlib.Path) -> dict[int, pathlib.Path]:
    """Journal segments present in ``data_dir`` by generation."""
    found: dict[int, pathlib.Path] = {}
    for entry in os.scandir(data_dir):
        match = _JOURNAL_RE.match(entry.name)
        if match:
            found[int(match.group(1))] = pathlib.Path(entry.path)
    return dict(sorted(found.items()))


def fsync_dir(directory: pathlib.Path) -> None:
    """Make a rename/create/unlink in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_file(fd: int) -> None:
    """fdatasync where available: it persists the data and the size, which is all we need."""
    if hasattr(os, "fdatasync"):
        os.fdatasync(fd)
    else:  # pragma: no cover - macOS
        os.fsync(fd)


# ---------------------------------------------------------------- journal lines


TABLE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def encode_line(table: str, changes: Changes) -> bytes:
    """The journal line for one write; documents are already encoded."""
    if not TABLE_NAME.match(table):
        raise StoreError(f"table names are letters, digits, '_', '.', '-': not {table!r}")
    parts = [
        json.dumps(doc_id).encode("ascii") + b":" + (b"null" if raw is None else raw) for doc_id, raw in changes.items()
    ]
    payload = b'{"t":%s,"c":{%s}}' % (json.dumps(table).encode("ascii"), b",".join(parts))
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def decode_line(line: bytes) -> tuple[str, Changes] | None:
    """``(table, changes)`` of one journal line, or None when it is damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    payload = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(payload):
            return None
        record = orjson.loads(payload)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    table, changes = record.get("t"), record.get("c")
    if not isinstance(table, str) or not isinstance(changes, dict):
        return None
    if not all(doc is None or isinstance(doc, dict) for doc in changes.values()):
        return None
    return table, {key: None if doc is None else encode_doc(doc) for key, doc in changes.items()}


def apply_changes(tables: RawTables, table: str, changes: Changes) -> None:
    """Apply one journal record to the in-memory tables."""
    docs = tables.setdefault(table, {})
    for doc_id, raw in changes.items():
        if raw is None:
            docs.pop(doc_id, None)
        else:
            docs[doc_id] = raw


def encode_header(generation: int) -> bytes:
    """The first line of journal segment ``generation``."""
    payload = b'{"journal":%d}' % generation
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def decode_header(line: bytes) -> int | None:
    """The generation a journal header line names, or None when ``line`` is not one."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    payload = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(payload):
            return None
        record = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(record, dict) or set(record) != {"journal"}:
        return None
    generation = record["journal"]
    return generation if isinstance(generation, int) and not isinstance(generation, bool) else None


def remove_temp_files(data_dir: pathlib.Path) -> list[str]:
    """Delete our half-written temp files (a crash or a full disk left them); returns their names."""
    removed = []
    for entry in os.scandir(data_dir):
        if _TMP_RE.match(entry.name):
            pathlib.Path(entry.path).unlink(missing_ok=True)
            removed.append(entry.name)
    return removed


def write_atomically(path: pathlib.Path, content: bytes) -> None:
    """Replace ``path`` with ``content`` durably: temp file, fsync, rename, fsync of the directory.

    Raises ``OSError``; the temp file is removed then and ``path`` is left as it was.
    """
    tmp = path.with_name(path.name + TMP_SUFFIX)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view, written = memoryview(content), 0
            while written < len(content):
                written += os.write(fd, view[written:])
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError:
        _remove_quietly(tmp)
        raise


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
    snapshot_path = data_dir / SNAPSHOT_NAME
    generation, tables = read_snapshot(snapshot_path)
    has_snapshot = snapshot_path.exists()
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
        apply_changes(tables, *record)
        result.entries += 1
        result.deletions += sum(1 for raw in record[1].values() if raw is None)
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


# ---------------------------------------------------------------- snapshots


def read_snapshot(path: pathlib.Path) -> tuple[int, RawTables]:
    """``(generation, tables)`` of a snapshot file; ``(0, {})`` when there is none.

    The file is mapped, not read: each document is copied once, straight from the page cache
    into the bytes memory keeps (reading it first held a second full copy, 113 MB at 100,000
    people, until start-up was done).
    """
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if size else None
    except FileNotFoundError:
        return 0, {}
    except OSError as exc:
        raise StoreError(f"cannot read snapshot {path} ({exc.strerror})") from exc
    if mapped is None:
        raise _damaged_snapshot(path, "not a store snapshot (bad first line)")
    try:
        return _read_mapped_snapshot(path, mapped)
    finally:
        mapped.close()


def _read_mapped_snapshot(path: pathlib.Path, data: mmap.mmap) -> tuple[int, RawTables]:
    first_end = data.find(b"\n")
    header = _snapshot_header(data[:first_end]) if first_end != -1 else None
    if header is None:
        raise _damaged_snapshot(path, "not a store snapshot (bad first line)")
    generation, expected = header
    tables = _parse_snapshot_lines(path, data, first_end + 1)
    found = sum(len(docs) for docs in tables.values())
    if found != expected:
        raise _damaged_snapshot(path, f"{found} documents where the header says {expected}")
    return generation, tables


def _parse_snapshot_lines(path: pathlib.Path, data: bytes | mmap.mmap, pos: int) -> RawTables:
    """Documents of a snapshot body, each kept as one exact slice of its line.

    Walks ``data`` with find() instead of split() so each document is copied once, into the
    bytes object memory keeps: no list of lines, no fragmentation from temporary copies.
    """
    view = memoryview(data)
    try:
        return _parse_lines(path, data, view, pos)
    finally:
        view.release()  # a mapped file can only be closed once no view of it is left


def _parse_lines(path: pathlib.Path, data: bytes | mmap.mmap, view: memoryview, pos: int) -> RawTables:
    tables: RawTables = {}
    crc32, find = zlib.crc32, data.find
    number = 1
    while pos < len(data):
        number += 1
        end = find(b"\n", pos)
        table_end = find(b" ", pos + 9, end)
        id_end = find(b" ", table_end + 1, end)
        if (
            end == -1
            or id_end == -1
            or data[pos + 8 : pos + 9] != b" "
            or _crc_of(data[pos : pos + 8]) != crc32(view[pos + 9 : end])
        ):
            raise _damaged_snapshot(path, f"line {number} is damaged")
        table = data[pos + 9 : table_end].decode("ascii")
        docs = tables.get(table)
        if docs is None:
            docs = tables[table] = {}
        docs[data[table_end + 1 : id_end].decode("ascii")] = data[id_end + 1 : end]
        pos = end + 1
    return tables


def _crc_of(field: bytes) -> int:
    try:
        return int(field, 16)
    except ValueError:
        return -1


def _snapshot_header(line: bytes) -> tuple[int, int] | None:
    """``(generation, number of documents)`` from a snapshot's first line."""
    try:
        header = json.loads(line)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    generation, docs = header.get("generation"), header.get("docs")
    if not isinstance(generation, int) or not isinstance(docs, int) or generation < 0 or docs < 0:
        return None
    return generation, docs


def _damaged_snapshot(path: pathlib.Path, problem: str) -> StoreCorruptError:
    return StoreCorruptError(
        f"snapshot {path} is damaged ({problem}); nothing was changed and the bot will not "
        f"start over it. Restore this file from a backup (a file written by "
        f"`python -m bot export-data` has the same format) and start again."
    )


def write_snapshot(path: pathlib.Path, tables: RawTables, generation: int) -> int:
    """Atomically replace ``path`` with a snapshot of ``tables``; returns its size in bytes.

    ``tables`` must not change while this runs (callers pass a shallow copy; stored documents
    are immutable bytes). Raises ``StoreError``; on failure ``path`` is left as it was.
    """
    tmp = path.with_name(path.name + TMP_SUFFIX)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            _write_snapshot_body(out, tables, generation)
            out.flush()
            os.fsync(out.fileno())
            size = out.tell()
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        _remove_quietly(tmp)
        raise StoreError(
            f"could not write snapshot {path} ({exc.strerror}); the previous snapshot and "
            f"journal are intact and nothing was lost"
        ) from exc
    return size


def _write_snapshot_body(out: Any, tables: RawTables, generation: int) -> None:
    count = sum(len(docs) for docs in tables.values())
    header = {"format": FORMAT, "generation": generation, "docs": count}
    out.write(json.dumps(header).encode("ascii") + b"\n")
    crc32 = zlib.crc32
    for name, docs in tables.items():
        if not docs:
            continue
        table = name.encode("ascii")
        items = list(docs.items())
        for start in range(0, len(items), SNAPSHOT_CHUNK):
            chunk = []
            for doc_id, raw in items[start : start + SNAPSHOT_CHUNK]:
                body = b"%s %s %s" % (table, doc_id.encode("ascii"), raw)
                chunk.append(b"%08x %s\n" % (crc32(body), body))
            out.write(b"".join(chunk))
            # Let the event-loop thread run between chunks when we are in the background.
            time.sleep(0)


def _remove_quietly(path: pathlib.Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
