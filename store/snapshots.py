"""The snapshot split by table, so a compaction rewrites only the tables that changed.

Sent reminders change the small ``sent`` records all day while people's documents change
rarely: with one snapshot file, every compaction rewrote every document (at 100,000 people
~160 MB per ~20 MB of record changes). Here each table has a file of its own and a compaction
writes only the tables changed since the one before.

``store.snapshot.jsonl``  the ``users`` table (a data dir written before this split, or a restored
    backup, holds every table in it; then it is read whole, as it always was).
``store.snapshot.<table>.jsonl``  any other table. Each file has the snapshot format of
    ``store.files`` and is replaced atomically.
``store.snapshot.json``  the index: ``{"format": 3, "from": G, "tables": {table: [written, as_of]}}``:
    each table's file was written at generation ``written`` (its header says so) and holds the
    table as of journal generation ``as_of`` (a table unchanged since is only re-stamped, not
    rewritten); replaced atomically. Start-up replays the journals from the lowest ``as_of`` and
    ``from``. A table file may be newer than the index says (a crash after the file, before the
    index): replaying older journal lines over a newer picture of a table gives the same table
    (each line sets or removes whole keys), so that is safe; an older one is damage.

Order in a compaction (``write_tables``): the changed tables' own files, then the index (the main
file at its old generation if it changed too), then the main file and the index once more. So
after a crash at any point the index names, for every table, a file holding it as of at most
that generation.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
from dataclasses import dataclass

from store import files
from store.errors import StoreCorruptError, StoreError
from store.files import SNAPSHOT_NAME, RawTables, fsync_dir, read_snapshot, write_atomically

INDEX_NAME = "store.snapshot.json"
INDEX_FORMAT = 3
MAIN_TABLE = "users"  # kept in store.snapshot.jsonl
_TABLE_FILE = re.compile(r"^store\.snapshot\.([A-Za-z0-9_.-]+)\.jsonl$")


def table_path(data_dir: pathlib.Path, table: str) -> pathlib.Path:
    return data_dir / (SNAPSHOT_NAME if table == MAIN_TABLE else f"store.snapshot.{table}.jsonl")


@dataclass(frozen=True)
class Index:
    tables: dict[str, tuple[int, int]]  # table -> (generation its file was written at, holds it as of)
    replay_from: int

    @property
    def generation(self) -> int:
        """Where start-up replays the journals from."""
        return min([self.replay_from, *(as_of for _, as_of in self.tables.values())])


def read_index(data_dir: pathlib.Path) -> Index | None:
    """The index; None when there is none (an older or a new data dir)."""
    path = data_dir / INDEX_NAME
    try:
        record = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read the snapshot index {path} ({exc.strerror})") from exc
    except ValueError:
        record = None
    tables = record.get("tables") if isinstance(record, dict) and record.get("format") == INDEX_FORMAT else None
    replay_from = record.get("from") if isinstance(record, dict) else None
    pairs = list(tables.values()) if isinstance(tables, dict) else []
    if (
        not isinstance(tables, dict)
        or not _generation(replay_from)
        or not all(isinstance(pair, list) and len(pair) == 2 and all(map(_generation, pair)) for pair in pairs)
    ):
        raise StoreCorruptError(
            f"the snapshot index {path} is damaged; nothing was changed. Restore DATA_DIR {data_dir} "
            f"from a backup (or `python -m bot export-data` from a copy of it)."
        )
    return Index({table: (pair[0], pair[1]) for table, pair in tables.items()}, replay_from)  # type: ignore[arg-type]


def _generation(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def write_index(data_dir: pathlib.Path, index: Index) -> None:
    """Raises ``OSError``, leaving the old index."""
    tables = {table: list(pair) for table, pair in sorted(index.tables.items())}
    record = {"format": INDEX_FORMAT, "from": index.replay_from, "tables": tables}
    write_atomically(data_dir / INDEX_NAME, json.dumps(record).encode("ascii") + b"\n")


@dataclass
class Snapshot:
    """What the snapshot files hold: the tables, and the generation journals are replayed from."""

    tables: RawTables
    generation: int
    index: Index | None
    exists: bool
    strays: list[pathlib.Path]  # table files the index does not name (a crash mid-compaction)


def read_tables(data_dir: pathlib.Path) -> Snapshot:
    """Read every table as start-up does (read-only); raises ``StoreCorruptError`` for damage."""
    index = read_index(data_dir)
    own_files = {match.group(1): data_dir / name for name in os.listdir(data_dir) if (match := _TABLE_FILE.match(name))}
    if index is None:  # one file of every table, as before the split
        generation, tables = read_snapshot(data_dir / SNAPSHOT_NAME)
        exists = (data_dir / SNAPSHOT_NAME).exists()
        return Snapshot(tables, generation, None, exists, list(own_files.values()))
    tables = {}
    for table, (generation, _) in index.tables.items():
        path = table_path(data_dir, table)
        if not path.exists():
            raise StoreCorruptError(
                f"{path} is missing but the snapshot index {data_dir / INDEX_NAME} names it, so "
                f"starting would silently lose data. Restore DATA_DIR {data_dir} from a backup; nothing was changed."
            )
        written, found = read_snapshot(path)
        if written < generation:
            raise StoreCorruptError(
                f"{path} holds generation {written} but the snapshot index says {generation}: the files "
                f"do not belong together. Restore DATA_DIR {data_dir} from a backup; nothing was changed."
            )
        if table in found:
            tables[table] = found[table]  # the main file of an older data dir holds other tables too
    strays = [path for table, path in own_files.items() if table not in index.tables]
    return Snapshot(tables, index.generation, index, True, strays)


def write_tables(
    data_dir: pathlib.Path,
    frozen: RawTables,
    generation: int,
    before: Snapshot | None,
    dirty: set[str] | None,
) -> tuple[int, RawTables, Index]:
    """Write the tables of ``frozen`` changed since the snapshot ``before`` (``dirty``; None: all) as
    of ``generation``; returns (bytes written, the written tables read from their new files, the
    new index). Unchanged tables are only re-stamped in the index. Raises ``StoreError``.
    """
    index = before.index if before is not None else None
    if index is None:
        dirty = None  # an older data dir: its one file is rewritten as one per table
    names = [name for name, docs in frozen.items() if docs]
    changed = [name for name in names if dirty is None or index is None or name in dirty or name not in index.tables]
    new_index = Index(
        {name: (generation if name in changed else index.tables[name][0], generation) for name in names},  # type: ignore[union-attr]
        generation,
    )
    written_bytes, mapped = 0, {}
    for name in sorted(changed, key=lambda name: name == MAIN_TABLE):  # the main file last
        if name == MAIN_TABLE:
            # Name every other table's new file first, with journals replayed from where they were:
            # the main file of an older data dir holds the other tables too, and this drops them.
            interim = {other: pair for other, pair in new_index.tables.items() if other != MAIN_TABLE}
            if before is not None and before.exists and (index is None or MAIN_TABLE in index.tables):
                main = index.tables[MAIN_TABLE] if index is not None else (before.generation, before.generation)
                interim[MAIN_TABLE] = main
            _write_index(data_dir, Index(interim, before.generation if before is not None else 0))
        size, written = files.write_mapped_snapshot(table_path(data_dir, name), {name: frozen[name]}, generation)
        written_bytes += size
        mapped[name] = written[name]
    _write_index(data_dir, new_index)
    return written_bytes, mapped, new_index


def _write_index(data_dir: pathlib.Path, index: Index) -> None:
    try:
        write_index(data_dir, index)
    except OSError as exc:
        raise StoreError(
            f"could not write the snapshot index in {data_dir} ({exc.strerror}); the previous "
            f"snapshot and journal are intact and nothing was lost"
        ) from exc


def remove_unlisted(data_dir: pathlib.Path, index: Index) -> None:
    """Delete table files the index does not name (emptied tables, a crash's strays)."""
    for name in os.listdir(data_dir):
        match = _TABLE_FILE.match(name)
        if match and match.group(1) not in index.tables:
            (data_dir / name).unlink(missing_ok=True)
    if MAIN_TABLE not in index.tables:
        (data_dir / SNAPSHOT_NAME).unlink(missing_ok=True)
    fsync_dir(data_dir)  # gone for good: /forget waits for this


def total_bytes(data_dir: pathlib.Path, index: Index | None) -> int:
    """Size of the snapshot files start-up reads."""
    if index is None:
        path = data_dir / SNAPSHOT_NAME
        return path.stat().st_size if path.exists() else 0
    return sum(table_path(data_dir, table).stat().st_size for table in index.tables)
