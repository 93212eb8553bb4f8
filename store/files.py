"""On-disk format of the store: one snapshot file plus numbered journal segments.

``store.snapshot.jsonl``  a header line ``{"format": 2, "generation": G, "docs": N}``, then one
    line per document ``<crc32 hex> <table> <doc_id> <document JSON>``; always replaced
    atomically (temp file, fsync, rename, fsync of the directory). Since the split by table
    (``store.snapshots``) it holds the ``users`` table and every other table has a file of this
    format of its own, named by an index; a data dir without the index keeps every table here.
``store.journal.<G>.jsonl``  changes made after snapshot generation G: a header line
    ``<crc32 hex> {"journal": G}`` written when the segment is created (so an empty file is
    always damage), then one line per acknowledged write:
    ``<crc32 hex> {"t": table, "c": {doc_id: document or null}}``, plus ``"d": {table: {key:
    record or null}}`` when the write also changed records derived from those documents (one
    line, so a crash keeps both or neither).
``store.manifest.json``  which segments must exist: ``{"format": 2, "newest": G, "closed":
    {generation: size}}``, replaced atomically whenever appends move to a new segment. Closed
    segments never change again, so their sizes are exact; the newest must exist with its
    header. A deleted or truncated segment is found at start-up instead of silently losing
    every write since the last compaction.

In memory every document is its compact JSON bytes (``encode_doc``): start-up only splits lines
(no JSON parsing) and a snapshot is a concatenation. A document unchanged since the snapshot stays
in the mapped snapshot file (``store.table.DocTable``: one int in memory, not a copy). Reads decode
one document, which is also the copy callers get.

Start-up (``store.recovery``) reads the snapshot and replays every journal segment from its generation on.
Only an incomplete last line (no newline) of the newest segment is a torn write (the process
died mid-append); a complete line that fails its checksum, a missing or shortened segment and
any other damage raise ``StoreCorruptError`` naming the file, and no file is touched.
Data dirs written before the manifest existed (no manifest, segments without a header) are
still read; the storage rewrites them in the current format at start.
"""

from __future__ import annotations

import contextlib
import json
import logging
import mmap
import os
import pathlib
import re
import time
import zlib
from typing import Any

import orjson

from store.errors import StoreCorruptError, StoreError
from store.table import DocTable, pack, release_pages

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
RawTables = dict[str, DocTable]
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


def encode_line(table: str, changes: Changes, derived: dict[str, Changes] | None = None) -> bytes:
    """The journal line for one write (and the records derived from it); documents are already encoded."""
    payload = b'{"t":%s,"c":%s' % (_table_name(table), _encode_changes(changes))
    if derived:
        parts = [b"%s:%s" % (_table_name(name), _encode_changes(more)) for name, more in derived.items()]
        payload += b',"d":{%s}' % b",".join(parts)
    payload += b"}"
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def _table_name(table: str) -> bytes:
    if not TABLE_NAME.match(table):
        raise StoreError(f"table names are letters, digits, '_', '.', '-': not {table!r}")
    return json.dumps(table).encode("ascii")


def _encode_changes(changes: Changes) -> bytes:
    parts = [
        json.dumps(doc_id).encode("ascii") + b":" + (b"null" if raw is None else raw) for doc_id, raw in changes.items()
    ]
    return b"{%s}" % b",".join(parts)


def decode_line(line: bytes) -> list[tuple[str, Changes]] | None:
    """``[(table, changes), ...]`` of one journal line (the write, then what it derived), or None
    when it is damaged."""
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
    derived = record.get("d", {})
    if not isinstance(derived, dict):
        return None
    found = [_decoded_changes(record.get("t"), record.get("c"))]
    found += [_decoded_changes(name, changes) for name, changes in derived.items()]
    return None if None in found else found  # type: ignore[return-value]  # checked just now


def _decoded_changes(table: Any, changes: Any) -> tuple[str, Changes] | None:
    if not isinstance(table, str) or not isinstance(changes, dict):
        return None
    if not all(doc is None or isinstance(doc, dict) for doc in changes.values()):
        return None
    return table, {key: None if doc is None else encode_doc(doc) for key, doc in changes.items()}


def apply_changes(tables: RawTables, table: str, changes: Changes) -> None:
    """Apply one journal record to the in-memory tables."""
    docs = tables.get(table)
    if docs is None:
        docs = tables[table] = DocTable()
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


# ---------------------------------------------------------------- snapshots


def read_snapshot(path: pathlib.Path) -> tuple[int, RawTables]:
    """``(generation, tables)`` of a snapshot file; ``(0, {})`` when there is none.

    The file is mapped and stays mapped: every line is checked here, but a document is only
    remembered by where it is (``DocTable``), not copied. The pages the check touched are handed
    back to the page cache afterwards, so they do not stay in the process's resident memory.
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
        found = _read_mapped_snapshot(path, mapped)
    except BaseException:
        mapped.close()
        raise
    release_pages(mapped)
    return found


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


def _parse_snapshot_lines(path: pathlib.Path, data: mmap.mmap, pos: int) -> RawTables:
    """Documents of a snapshot body, each remembered by its place in the mapped file.

    Walks ``data`` with find() instead of split(): no list of lines, nothing copied but ids.
    """
    view = memoryview(data)
    try:
        return _parse_lines(path, data, view, pos)
    finally:
        view.release()  # a mapped file can only be closed once no view of it is left


def _parse_lines(path: pathlib.Path, data: mmap.mmap, view: memoryview, pos: int) -> RawTables:
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
            docs = tables[table] = DocTable(data)
        docs.place(data[table_end + 1 : id_end].decode("ascii"), pack(id_end + 1, end - id_end - 1))
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

    ``tables`` must not change while this runs (callers pass a copy; stored documents are
    immutable). Raises ``StoreError``; on failure ``path`` is left as it was.
    """
    return _write_snapshot(path, tables, generation, None)[0]


def write_mapped_snapshot(path: pathlib.Path, tables: RawTables, generation: int) -> tuple[int, RawTables]:
    """``write_snapshot``, returning also ``tables`` as read from the new file (``DocTable``s over
    its mapping, the same inode as the renamed file), so memory can stop holding the copies."""
    size, mapped = _write_snapshot(path, tables, generation, {})
    assert mapped is not None
    return size, mapped


def _write_snapshot(
    path: pathlib.Path, tables: RawTables, generation: int, placed: dict[str, dict[str, bytes | int]] | None
) -> tuple[int, RawTables | None]:
    tmp = path.with_name(path.name + TMP_SUFFIX)
    try:
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            _write_snapshot_body(out, tables, generation, placed)
            out.flush()
            os.fsync(out.fileno())
            size = out.tell()
            base = mmap.mmap(out.fileno(), 0, access=mmap.ACCESS_READ) if placed is not None else None
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        _remove_quietly(tmp)
        raise StoreError(
            f"could not write snapshot {path} ({exc.strerror}); the previous snapshot and "
            f"journal are intact and nothing was lost"
        ) from exc
    if placed is None or base is None:
        return size, None
    return size, {name: DocTable(base, entries) for name, entries in placed.items()}


def _write_snapshot_body(
    out: Any, tables: RawTables, generation: int, placed: dict[str, dict[str, bytes | int]] | None
) -> None:
    count = sum(len(docs) for docs in tables.values())
    header = {"format": FORMAT, "generation": generation, "docs": count}
    line = json.dumps(header).encode("ascii") + b"\n"
    out.write(line)
    position = len(line)
    crc32 = zlib.crc32
    for name, docs in tables.items():
        if not docs:
            continue
        table = name.encode("ascii")
        where = placed.setdefault(name, {}) if placed is not None else None
        keys = list(docs)
        for start in range(0, len(keys), SNAPSHOT_CHUNK):
            chunk = []
            for doc_id in keys[start : start + SNAPSHOT_CHUNK]:
                raw, key = docs[doc_id], doc_id.encode("ascii")
                body = b"%s %s %s" % (table, key, raw)
                chunk.append(b"%08x %s\n" % (crc32(body), body))
                if where is not None:
                    where[doc_id] = pack(position + 9 + len(table) + len(key) + 2, len(raw))
                position += len(body) + 10
            out.write(b"".join(chunk))
            # Let the event-loop thread run between chunks when we are in the background.
            time.sleep(0)


def _remove_quietly(path: pathlib.Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
