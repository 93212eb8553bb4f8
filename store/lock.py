"""One process per DATA_DIR: a non-blocking ``flock`` on ``DATA_DIR/.lock``."""

from __future__ import annotations

import errno
import fcntl
import os
import pathlib

from store.errors import StoreError, StoreLockedError

LOCK_NAME = ".lock"


class DirLock:
    """An exclusive advisory lock held for the lifetime of an open store."""

    def __init__(self, data_dir: pathlib.Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock at once or raise ``StoreLockedError`` naming the holder's pid."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(
                f"cannot create the lock file {self.path} ({exc.strerror}): "
                f"make DATA_DIR {self.path.parent} writable by the bot's user"
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = _read_pid(fd)
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StoreLockedError(
                    f"another Cramp Coach is already using DATA_DIR {self.path.parent} "
                    f"(lock file {self.path} held by pid {holder}); stop it first "
                    f"or give this instance its own DATA_DIR"
                ) from exc
            raise StoreError(f"cannot lock {self.path} ({exc.strerror})") from exc
        # The pid is only informative (for the message above); the flock is what excludes.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Drop the lock; safe to call twice."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _read_pid(fd: int) -> str:
    """The pid written by the lock holder, or "unknown"."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return "unknown"
    return text if text.isdigit() else "unknown"
