"""On-disk format of the store: one snapshot file plus numbered journal segments.

``store.snapshot.jsonl``  a header line ``{"format": 2, "generation": G, "docs": N}``, then one
    line per document ``<crc32 hex> <table> <doc_id> <document JSON>``; always replaced
    atomically (temp file, fsync, rename, fsync of the directory).
``store.journal.<G>.jsonl``  changes made after snapshot generation G, one line per
    acknowledged write: ``<crc32 hex> {"t": table, "c": {doc_id: document or null}}``.

In memory every document is kept as its compact JSON bytes (``encode_doc``): ~1 KB per user
instead of ~5 KB of Python objects, start-up only splits lines (no JSON parsing), and a
snapshot is a concatenation. Reads decode one document, which is also the copy callers get.

Start-up reads the snapshot and replays every journal segment from its generation on.
Only the very last line of the newest segment may be torn (the process died mid-append);
any other damage raises ``StoreCorruptError`` and no file is touched.
"""

from __future__ import annotations

import json
import logging
import os
import pathlib
import re
import time
import zlib
from dataclasses import dataclass
from typing import Any

from store.errors import StoreCorruptError, StoreError

log = logging.getLogger(__name__)

FORMAT = 2
SNAPSHOT_NAME = "store.snapshot.jsonl"
TMP_SUFFIX = ".tmp"
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
    """A fresh document from its stored form (so also a deep copy)."""
    doc: Doc = json.loads(raw)
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
        json.dumps(doc_id).encode("ascii") + b":" + (b"null" if raw is None else raw)
        for doc_id, raw in changes.items()
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
        record = json.loads(payload)
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
    has_snapshot: bool
    replayed: list[pathlib.Path]
    superseded: list[pathlib.Path]  # journals older than the snapshot, safe to delete
    entries: int
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
    segments = list_journals(data_dir)
    pending = [g for g in segments if g >= generation]
    _check_segments(data_dir, pending, generation, has_snapshot)
    entries, torn = 0, None
    for index, segment in enumerate(pending):
        result = replay_journal(segments[segment], tables, newest=index == len(pending) - 1)
        entries += result.entries
        if result.torn_bytes:
            torn = TornTail(segments[segment], result.good_bytes, result.torn_bytes)
    return LoadedStore(
        tables=tables,
        generation=pending[-1] if pending else generation,
        has_snapshot=has_snapshot,
        replayed=[segments[g] for g in pending],
        superseded=[path for g, path in segments.items() if g < generation],
        entries=entries,
        torn=torn,
    )


def _check_segments(
    data_dir: pathlib.Path, pending: list[int], generation: int, has_snapshot: bool
) -> None:
    """Refuse to start when a file the others depend on is missing (never start empty)."""
    if pending and pending[0] != generation:
        missing = data_dir / (journal_name(generation) if has_snapshot else SNAPSHOT_NAME)
        raise _missing(data_dir, missing, pending[0])
    for previous, segment in zip(pending, pending[1:]):
        if segment != previous + 1:
            raise _missing(data_dir, data_dir / journal_name(previous + 1), segment)


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


def replay_journal(path: pathlib.Path, tables: RawTables, *, newest: bool) -> ReplayResult:
    """Apply every line of ``path`` to ``tables``.

    A damaged final line of the newest segment is a write that was never acknowledged
    (the process died mid-append): it is reported back as ``torn_bytes`` for the caller
    to drop. Damage anywhere else raises ``StoreCorruptError``.
    """
    data = path.read_bytes()
    pos = entries = 0
    while pos < len(data):
        end = data.find(b"\n", pos)
        line_end = len(data) if end == -1 else end + 1
        record = decode_line(data[pos:end] if end != -1 else data[pos:])
        if record is None:
            if newest and line_end == len(data):
                return ReplayResult(entries, pos, len(data) - pos)
            raise StoreCorruptError(
                f"journal {path} is damaged at byte {pos} (line {entries + 1}); "
                f"nothing was changed. Restore DATA_DIR {path.parent} from a backup, or, "
                f"to keep the {entries} changes before the damage and lose the rest, "
                f"truncate the file to {pos} bytes (truncate -s {pos} '{path}') and start again."
            )
        apply_changes(tables, *record)
        entries += 1
        pos = line_end
    return ReplayResult(entries, pos, 0)


# ---------------------------------------------------------------- snapshots


def read_snapshot(path: pathlib.Path) -> tuple[int, RawTables]:
    """``(generation, tables)`` of a snapshot file; ``(0, {})`` when there is none."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return 0, {}
    except OSError as exc:
        raise StoreError(f"cannot read snapshot {path} ({exc.strerror})") from exc
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


def _parse_snapshot_lines(path: pathlib.Path, data: bytes, pos: int) -> RawTables:
    """Documents of a snapshot body, each kept as one exact slice of its line.

    Walks ``data`` with find() instead of split() so each document is copied once, into the
    bytes object memory keeps: no list of lines, no fragmentation from temporary copies.
    """
    tables: RawTables = {}
    view = memoryview(data)
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
    view.release()
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
    try:
        path.unlink()
    except OSError:
        pass
