"""Exceptions raised by the user store; every message says which file and what to do."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot do what was asked; nothing was acknowledged or changed."""


class StoreLockedError(StoreError):
    """Another process already uses this DATA_DIR."""


class StoreCorruptError(StoreError):
    """A store file is damaged beyond a torn last journal line; start-up must stop."""
