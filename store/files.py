"""On-disk format of the store: one snapshot file plus numbered journal segments.

``store.snapshot.json``  ``{"format": 1, "generation": G, "tables": {name: {doc_id: doc}}}``,
    always replaced atomically (temp file, fsync, rename, fsync of the directory).
``store.journal.<G>.jsonl``  changes made after snapshot generation G, one line per
    acknowledged write: ``<crc32 hex> {"t": table, "c": {doc_id: doc or null}}``.

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

FORMAT = 1
SNAPSHOT_NAME = "store.snapshot.json"
TMP_SUFFIX = ".tmp"
_JOURNAL_RE = re.compile(r"^store\.journal\.(\d+)\.jsonl$")
# Documents per json.dumps call when writing a snapshot: small enough that a background
# writer hands the GIL back to the event loop often, large enough to keep dumps fast.
SNAPSHOT_CHUNK = 500

Doc = dict[str, Any]
Tables = dict[str, dict[str, Doc]]
Changes = dict[str, Doc | None]


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


def encode_line(table: str, changes: Changes) -> tuple[bytes, bytes]:
    """The journal line for one write, and its JSON payload.

    Raises ``StoreError`` for values that are not plain JSON (they would not survive a restart).
    """
    try:
        payload = json.dumps(
            {"t": table, "c": changes}, separators=(",", ":"), allow_nan=False
        ).encode("ascii")
    except (TypeError, ValueError) as exc:
        raise StoreError(f"only JSON values can be stored: {exc}") from exc
    return b"%08x %s\n" % (zlib.crc32(payload), payload), payload


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
    return table, changes


def apply_changes(tables: Tables, table: str, changes: Changes) -> None:
    """Apply one journal record to the in-memory tables."""
    docs = tables.setdefault(table, {})
    for doc_id, doc in changes.items():
        if doc is None:
            docs.pop(doc_id, None)
        else:
            docs[doc_id] = doc


@dataclass
class ReplayResult:
    """What replaying one journal segment found."""

    entries: int
    good_bytes: int
    torn_bytes: int


def replay_journal(path: pathlib.Path, tables: Tables, *, newest: bool) -> ReplayResult:
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


def read_snapshot(path: pathlib.Path) -> tuple[int, Tables]:
    """``(generation, tables)`` of a snapshot file; ``(0, {})`` when there is none."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return 0, {}
    except OSError as exc:
        raise StoreError(f"cannot read snapshot {path} ({exc.strerror})") from exc
    problem = ""
    try:
        data = json.loads(raw)
    except ValueError as exc:
        problem = f"not valid JSON: {exc}"
        data = None
    if not problem:
        problem = _snapshot_shape_problem(data)
    if problem:
        raise StoreCorruptError(
            f"snapshot {path} is damaged ({problem}); nothing was changed and the bot "
            f"will not start over it. Restore this file from a backup (a file written by "
            f"`python -m bot export-data` has the same format) and start again."
        )
    return int(data["generation"]), data["tables"]


def _snapshot_shape_problem(data: Any) -> str:
    """Why ``data`` is not a snapshot we wrote, or "" when it is one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return f"not a format-{FORMAT} store snapshot"
    generation = data.get("generation")
    if not isinstance(generation, int) or generation < 0:
        return "missing or bad generation"
    tables = data.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        return "missing or bad tables"
    return ""


def write_snapshot(path: pathlib.Path, tables: Tables, generation: int) -> int:
    """Atomically replace ``path`` with a snapshot of ``tables``; returns its size in bytes.

    ``tables`` must not change while this runs (callers pass a shallow copy; documents are
    never mutated in place). Raises ``StoreError``; on failure ``path`` is left as it was.
    """
    tmp = path.with_name(path.name + TMP_SUFFIX)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
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


def _write_snapshot_body(out: Any, tables: Tables, generation: int) -> None:
    out.write('{"format":%d,"generation":%d,"tables":{' % (FORMAT, generation))
    for index, (name, docs) in enumerate(tables.items()):
        out.write((',' if index else '') + json.dumps(name) + ":{")
        items = list(docs.items())
        for start in range(0, len(items), SNAPSHOT_CHUNK):
            body = json.dumps(dict(items[start : start + SNAPSHOT_CHUNK]), separators=(",", ":"))
            out.write(("," if start else "") + body[1:-1])
            # Let the event-loop thread run between chunks when we are in the background.
            time.sleep(0)
        out.write("}")
    out.write("}}\n")


def _remove_quietly(path: pathlib.Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
