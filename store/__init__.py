"""Durable user store: TinyDB over an O(1) journal storage, behind ``UserStore``."""

from store.errors import StoreCorruptError, StoreError, StoreLockedError
from store.repository import RECORD_TABLES, StoreDB, UserStore, export_data_dir
from store.storage import JournalStorage

__all__ = [
    "RECORD_TABLES",
    "JournalStorage",
    "StoreCorruptError",
    "StoreDB",
    "StoreError",
    "StoreLockedError",
    "UserStore",
    "export_data_dir",
]
