"""Where a command writes a file (an export, a map): whole or not at all, never over the store it
reads, never over a device, a pipe or a folder.

A symbolic link is written through: the file it points to is replaced, the link stays.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

from kg.errors import KGError


class OutputError(KGError):
    pass


def load_lock_path(path: str) -> str:
    """The file an embedded store at ``path`` is locked by while a load runs: beside the file itself, not the
    name given (a second load through a symbolic link to the store took another lock, was not refused, and
    stopped the first: an adversary)."""
    return os.path.realpath(path) + "-load"


def embedded_files(path: str) -> list[Path]:
    """The files of an embedded store at ``path``: the database, SQLite's journal, WAL and shared-memory
    files beside it, and the load lock (beside the file a link names)."""
    files = [Path(path + suffix) for suffix in ("", "-wal", "-shm", "-journal", "-load")]
    lock = Path(load_lock_path(path))
    return files if lock in files else [*files, lock]


def store_files(store: Any) -> list[Path]:
    """The files an embedded store keeps (:func:`embedded_files`); none for a server."""
    path = getattr(store, "path", None)
    if not isinstance(path, str) or path == ":memory:":
        return []
    return embedded_files(path)


def output_file(out: str | Path, store: Any = None) -> Path:
    """The file to write for ``out``: the file a symbolic link points to; one line (OutputError)
    when it is the store itself or one of its files, a folder, or not a regular file (a device, a
    pipe: ``/dev/stdout``), or its folder does not exist."""
    path = Path(out)
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {path.parent} does not exist")
    if target.exists():
        mode = target.stat().st_mode
        if stat.S_ISDIR(mode):
            raise OutputError(f"cannot write {path}: it is a folder; give a file name")
        if not stat.S_ISREG(mode):
            raise OutputError(f"cannot write {path}: it is not a regular file (a device, a pipe or a socket); "
                              "give the name of a file to write")
        for f in store_files(store):
            if f.exists() and os.path.samefile(f, target):
                raise OutputError(f"cannot write {path}: it is the store this command reads ({f}); "
                                  "give another file name")
    return target


class atomic_write:
    """A file written beside ``path`` (what :func:`output_file` gave) and moved into place only when
    whole: an interrupted or failed write leaves the file that was there."""

    def __init__(self, path: Path, binary: bool = False) -> None:
        self.path, self.binary = path, binary
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.part")

    def __enter__(self) -> Any:
        # readable by its owner only while it is written; then as the file it replaces was (an export over a
        # file made private, chmod 600, was left readable by all: an adversarial reader), or as a new file is
        fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self.fh = os.fdopen(fd, "wb") if self.binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self.fh

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        # the part file goes whatever fails: closing flushes what is buffered, and on a full disk that fails
        # again (the write that failed first left it there), which left a hidden .NAME.PID.part holding the
        # records written so far, confidential ones too, while the command said nothing was written (found
        # by an adversary)
        try:
            self.fh.close()  # (the file is closed even when its flush raises)
            if exc_type is None:
                os.chmod(self.tmp, stat.S_IMODE(self.path.stat().st_mode) if self.path.exists() else new_file_mode())
                os.replace(self.tmp, self.path)
        except BaseException:
            self._discard()
            if exc_type is None:
                raise
            # (what failed first is what is said: the close only failed again)
        else:
            if exc_type is not None:
                self._discard()

    def _discard(self) -> None:
        with contextlib.suppress(OSError):
            self.tmp.unlink(missing_ok=True)


def new_file_mode() -> int:
    """The mode a new file gets here (0o666 less the process's umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
