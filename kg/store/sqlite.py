"""The embedded store: one SQLite file, nothing to install or start.

Each record is a row ``(kind, key, data)`` with ``data`` its JSON form, so the
schema lives in :mod:`kg.model` and not twice. Each upsert is one
``BEGIN IMMEDIATE`` transaction: an error, Ctrl-C or a killed process leaves
the file as it was before that batch.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from kg.errors import StoreError
from kg.model import KINDS, PLURAL, Record, record_from_dict
from kg.store.base import UpsertResult, empty_counts

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def dumps(record: Record) -> str:
    """The canonical JSON text of a record (sorted keys, so equal records compare equal)."""
    return json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False)


class SQLiteStore:
    """A :class:`~kg.store.base.GraphStore` in a SQLite file (``kg.db`` by default)."""

    def __init__(self, path: str | os.PathLike[str] = "kg.db") -> None:
        self.path = os.fspath(path)
        folder = os.path.dirname(os.path.abspath(self.path))
        if not os.path.isdir(folder):
            raise StoreError(f"cannot open the store {self.path}: folder {folder} does not exist")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.executescript(_SCHEMA)
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open the store {self.path}: {e} (is it a Backchannel kg.db?)") from None

    def describe(self) -> str:
        return f"embedded store {self.path}"

    def upsert(self, records: Sequence[Record]) -> UpsertResult:
        result = UpsertResult()
        rows = [(r.kind_name, r.key(), dumps(r)) for r in records]
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            existing: dict[tuple[str, str], str] = {}
            for kind in {r[0] for r in rows}:
                keys = [r[1] for r in rows if r[0] == kind]
                for i in range(0, len(keys), 500):
                    chunk = keys[i:i + 500]
                    marks = ",".join("?" * len(chunk))
                    for key, data in cur.execute(
                            f"SELECT key, data FROM records WHERE kind = ? AND key IN ({marks})",
                            [kind, *chunk]):
                        existing[(kind, key)] = data
            for kind, key, data in rows:
                old = existing.get((kind, key))
                bucket = result.new if old is None else (result.unchanged if old == data else result.updated)
                result.count(bucket, kind)
                existing[(kind, key)] = data
            cur.executemany(
                "INSERT INTO records (kind, key, data) VALUES (?, ?, ?) "
                "ON CONFLICT (kind, key) DO UPDATE SET data = excluded.data "
                "WHERE records.data IS NOT excluded.data", rows)
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return result

    def records(self, kind: str) -> Iterator[Record]:
        if kind not in KINDS:
            raise ValueError(f"no record kind {kind!r}")
        for (data,) in self.conn.execute("SELECT data FROM records WHERE kind = ? ORDER BY key", (kind,)):
            yield record_from_dict(kind, json.loads(data))

    def existing_ids(self, kind: str, ids: Iterable[str]) -> set[str]:
        wanted = list(set(ids))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(k for (k,) in self.conn.execute(
                f"SELECT key FROM records WHERE kind = ? AND key IN ({marks})", [kind, *chunk]))
        return found

    def counts(self) -> dict[str, int]:
        out = empty_counts()
        for kind, n in self.conn.execute("SELECT kind, COUNT(*) FROM records GROUP BY kind"):
            out[PLURAL[kind]] = n
        return out

    def get_meta(self, name: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        self.conn.execute("INSERT INTO meta (name, value) VALUES (?, ?) "
                          "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (name, value))

    def clear(self) -> None:
        self.conn.execute("DELETE FROM records")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
