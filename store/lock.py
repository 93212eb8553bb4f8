"""One process per DATA_DIR: a non-blocking ``flock`` on the directory itself.

The lock is taken on DATA_DIR's own file descriptor, not on a file inside it: a lock file can be
deleted under a running bot (by an operator or a cleanup job), after which a second process
would create a fresh one and lock that, and two bots would write the same store. A directory
cannot be unlinked away while it holds our files. ``DATA_DIR/.lock`` still names the holder's
pid, for the message a second instance prints and for ``bot check``; it excludes nothing.
"""

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
        directory = self.path.parent
        try:
            fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            raise StoreError(f"cannot open DATA_DIR {directory} to lock it ({exc.strerror})") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StoreLockedError(
                    f"another Cramp Coach is already using DATA_DIR {directory} "
                    f"(locked by pid {_read_pid(self.path)}, see {self.path}); stop it first "
                    f"or give this instance its own DATA_DIR"
                ) from exc
            raise StoreError(f"cannot lock DATA_DIR {directory} ({exc.strerror})") from exc
        try:
            _write_pid(self.path)
        except OSError as exc:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise StoreError(
                f"cannot write the lock file {self.path} ({exc.strerror}): make DATA_DIR "
                f"{directory} writable by the bot's user and check free space"
            ) from exc
        self._fd = fd

    def release(self) -> None:
        """Drop the lock; safe to call twice."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _write_pid(path: pathlib.Path) -> None:
    """Record our pid for others' messages (informative only: the directory flock excludes)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
    finally:
        os.close(fd)


def _read_pid(path: pathlib.Path) -> str:
    """The pid written by the lock holder, or "unknown"."""
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return "unknown"
    return text if text.isdigit() else "unknown"
