"""Issue 12 item 5: the store reaches TinyDB only through its public seams."""

from __future__ import annotations

import ast
import pathlib

import pytest
import tinydb

from store import UserStore, files

STORE = pathlib.Path(__file__).resolve().parent.parent / "store"


def _private_names(tree: ast.AST) -> set[str]:
    """Underscore names a module defines or touches: attributes, functions, imports."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.ImportFrom):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("_") and not name.startswith("__")}


def test_store_uses_no_private_tinydb_name() -> None:
    tinydb_private: set[str] = set()
    for path in pathlib.Path(tinydb.__file__).parent.glob("*.py"):
        tinydb_private |= _private_names(ast.parse(path.read_text(encoding="utf-8")))
    assert "_update_table" in tinydb_private and "_read_table" in tinydb_private  # the check sees them
    used = {
        path.name: _private_names(ast.parse(path.read_text(encoding="utf-8"))) & tinydb_private
        for path in STORE.glob("*.py")
    }
    assert {name: names for name, names in used.items() if names} == {}


def test_store_imports_only_public_tinydb_modules() -> None:
    for path in STORE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tinydb"):
                assert not any(part.startswith("_") for part in (node.module or "").split(".")), path.name


def test_a_write_through_stock_tinydb_touches_only_its_own_document(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # O(1) per write: the stock Table's update/insert/remove see one document, not the table.
    with UserStore.open(tmp_path / "data") as store:
        for user_id in range(500):
            store.update(user_id, {"n": user_id})
        counts = {"decode": 0, "encode": 0}
        decode, encode = files.decode_doc, files.encode_doc

        def counting_decode(raw: bytes) -> files.Doc:
            counts["decode"] += 1
            return decode(raw)

        def counting_encode(doc: files.Doc) -> bytes:
            counts["encode"] += 1
            return encode(doc)

        monkeypatch.setattr(files, "decode_doc", counting_decode)
        monkeypatch.setattr(files, "encode_doc", counting_encode)
        store.update(7, {"n": 70})
        store.append(8, "log", {"a": 1})
        store.update(900, {"n": 900})  # a new user
        store.delete_user(9)
        assert counts["decode"] <= 12 and counts["encode"] <= 6, counts
        monkeypatch.undo()
        assert (store.get(7), store.get(8), store.get(900), store.get(9)) == (
            {"n": 70},
            {"n": 8, "log": [{"a": 1}]},
            {"n": 900},
            None,
        )


def test_dropping_several_tables_is_one_atomic_snapshot(tmp_path: pathlib.Path) -> None:
    data_dir = tmp_path / "data"
    with UserStore.open(data_dir) as store:
        store.update(1, {"n": 1})
        store.db.table("other").insert({"x": 1})
        store.db.drop_tables()
        assert store.count() == 0
        store.update(2, {"n": 2})
    with UserStore.open(data_dir) as store:
        assert store.user_ids() == [2]
        assert store.db.tables() == {"users"}
