"""The embedded store: one SQLite file, nothing to install or start.

The schema (version 2) is ``schema.sql`` beside this file: one table per record
kind with typed, indexed columns, and each record's exact JSON. Every upsert is
one ``BEGIN IMMEDIATE`` transaction, or part of the one :meth:`transaction`
opens: an error, Ctrl-C or a killed process leaves the file as it was.

Opening is careful with files that are not ours: a SQLite file of another
application is refused untouched (no WAL switch, no new tables); a store of
schema 1 (Backchannel 0.1) is migrated when opened for writing and refused with
a one-line hint when opened read-only; a newer schema is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import json
import operator
import os
import sqlite3
import stat

try:
    import fcntl
except ImportError:  # (not on Windows: loads there are told apart by the store setting alone)
    fcntl = None  # type: ignore[assignment]
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from kg import time as kgtime
from kg.errors import RecordError, StoreError
from kg.model import (
    _AS_DICT,
    _UNWRITTEN_WHEN_EMPTY,
    KINDS,
    PLURAL,
    SCHEMA,
    SENSITIVITIES,
    Record,
    check_props,
    id_look,
    record_from_dict,
    stored_values_check,
)
from kg.store.base import (
    RUNNING_LOAD,
    UpsertResult,
    empty_counts,
    ended_before,
    record_values,
    running_holder,
    search_order,
    tie_hash_data,
)
from kg.text import fold

APPLICATION_ID = 1262961475  # 'KGBC'
SCHEMA_VERSION = 2
SENSITIVITY_LEVEL = {"public": 0, "restricted": 1, "confidential": 2}
TABLE = {"actor": "actors", "event": "events", "affiliation": "affiliations", "tie": "ties",
         "influence": "influence", "participation": "participation", "restriction": "restrictions"}
KEY_COLUMN = {k: ("id" if k in ("actor", "event") else "key") for k in KINDS}
# The typed columns of each table, in order (hash last), as written by _row().
COLUMNS = {
    "actor": ("id", "name", "kind", "org_type", "party", "country", "track", "aliases"),
    "event": ("id", "name", "first_day", "last_day", "track", "process"),
    "affiliation": ("key", "member", "organization", "role", "official", "strength", "first_day", "last_day"),
    "tie": ("key", "a", "b", "kind", "strength", "first_day", "last_day"),
    "influence": ("key", "from_id", "to_id", "kind", "weight", "first_day", "last_day"),
    "participation": ("key", "actor", "event", "role", "first_day", "last_day"),
    "restriction": ("key", "group_id", "jurisdiction", "kind", "scope", "first_day", "last_day"),
}
COMMON = ("sensitivity", "confidence", "data", "hash")
OTHER_ENDS = ("affiliation", "tie", "influence", "participation")  # kinds whose 2nd and 3rd columns are two ends
# Record field -> column, where they differ.
FIELD_COLUMN = {"from": "from_id", "from_": "from_id", "to": "to_id", "group": "group_id"}
_SCHEMA_FILE = Path(__file__).with_name("schema.sql")
BUSY_SECONDS = float(os.environ.get("KG_BUSY_TIMEOUT", "5"))
EXACT_SCAN = 20_000  # search: how many actors holding the text's words are checked for an exact name
# The packed links of a large store (table link_columns): one record per tie or influence row.
LINK_COLUMNS = np.dtype([("ref", "<i8"), ("a", "<i8"), ("b", "<i8"), ("first", "<i8"), ("last", "<i8"),
                         ("value", "<f8"), ("confidence", "<f8"), ("hostile", "u1"), ("sensitivity", "i1")])
LINK_COLUMNS_MIN = int(os.environ.get("KG_LINK_COLUMNS_MIN", "20000"))  # below this, rows are read directly
_OPEN_DAY = (-1, 1 << 62)  # first_day and last_day of an open validity, in the packed columns
LINK_COLUMNS_MAX_BYTES = 900_000_000  # SQLite holds a value of up to 1 GB: past this, no packed copy
# The packed copy and what keeps it honest. `rows` is the table's count when packed: an insert changes
# the count; any update or delete, by this or any other program (an older Backchannel, a hand-written
# UPDATE), fires a trigger that drops the copy. A projection then reads the rows until the next load.
LINK_COLUMNS_DDL = [
    "CREATE TABLE IF NOT EXISTS link_columns (kind TEXT PRIMARY KEY, rows INTEGER NOT NULL, data BLOB NOT NULL)",
    *(f"CREATE TRIGGER IF NOT EXISTS {table}_{event.split()[0].lower()}_drops_packed AFTER {event} ON {table} "
      "BEGIN DELETE FROM link_columns; END"
      for table in ("ties", "influence") for event in ("UPDATE", "DELETE")),
    "CREATE TRIGGER IF NOT EXISTS actors_change_drops_packed AFTER UPDATE ON actors "
    "BEGIN DELETE FROM link_columns; END",
    "CREATE TRIGGER IF NOT EXISTS actors_delete_drops_packed AFTER DELETE ON actors "
    "BEGIN DELETE FROM link_columns; END",
]
_TIE_A, _TIE_B = '"a": ', '"b": '
_LINK_TABLE = {"tie": ("ties", "a", "b", "strength"), "influence": ("influence", "from_id", "to_id", "weight")}


def dumps(record: Record) -> str:
    """The canonical JSON text of a record (sorted keys, so equal records compare equal)."""
    parts = _json_parts(record)
    return "{" + ", ".join(parts) + "}" if parts is not None else _RECORD_JSON(record.to_dict())


_RECORD_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, allow_nan=False).encode
_LIST_JSON = json.JSONEncoder(ensure_ascii=False).encode
_STRING_JSON = json.encoder.encode_basestring  # what both encoders write a text as (ensure_ascii=False)
_FLOAT_REPR, _INT_REPR = float.__repr__, int.__repr__  # ... and a number (what the C encoder calls)
# Per kind: the "key": prefix of each field's member, in the order sort_keys writes them, and one getter
# of the fields' values in that order (to_dict's keys are the schema's column names)
# (and where the list fields are, which to_dict makes lists of)
_JSON_FIELDS = {k: (tuple(f"{_STRING_JSON(f.name)}: " for f in fields),
                    operator.attrgetter(*(f.attribute for f in fields)),
                    tuple(i for i, f in enumerate(fields) if f.name in _AS_DICT[k][2]))
                for k, fields in ((k, sorted(fields, key=lambda f: f.name)) for k, fields in SCHEMA.items())}
assert _JSON_FIELDS["tie"][0][:2] == ('"a": ', '"b": ')  # (what _row's turned tie relies on)
_UNWRITTEN_PREFIXES = {k: frozenset(f"{_STRING_JSON(n)}: " for n in names)
                       for k, names in _UNWRITTEN_WHEN_EMPTY.items()}


def _value_json(v: Any) -> str | None:
    """``v`` as _RECORD_JSON writes it, for the values a record's fields hold besides text (None, a finite
    float, true/false, an integer, a list or tuple of these and texts); None for any other value."""
    if v is None:
        return "null"
    t = type(v)
    if t is float:
        return _FLOAT_REPR(v) if v - v == 0.0 else None  # (nan and infinities: the encoder refuses them)
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return _INT_REPR(v)
    if t is list or t is tuple:
        if not v:
            return "[]"
        try:
            return "[" + ", ".join([_STRING_JSON(x) if type(x) is str else _value_json(x) for x in v]) + "]"  # type: ignore[misc]
        except TypeError:  # (an item of no known type: None joined)
            return None
    return None


def _json_parts(r: Record) -> list[str] | None:
    """The members (``"key": value``) of the JSON text :func:`dumps` writes of ``r``, in order, made field by
    field: the same text as ``_RECORD_JSON(r.to_dict())`` in half the time. None for a record with extra
    properties, or a value of a type not written here: the encoder writes those (and refuses what it
    refuses)."""
    if r.props:
        return None
    found = _JSON_FIELDS.get(r.kind_name)
    if found is None:
        return None
    prefixes, getter, lists = found
    unwritten = _UNWRITTEN_PREFIXES.get(r.kind_name, ())  # (fields to_dict leaves out when empty: an actor's end)
    values = getter(r)
    for i in lists:
        if type(values[i]) is not tuple and type(values[i]) is not list:  # (to_dict makes a list of it)
            return None
    try:
        return [p + (_STRING_JSON(v) if type(v) is str else _value_json(v))  # type: ignore[operator]
                for p, v in zip(prefixes, values, strict=True) if v is not None or p not in unwritten]
    except TypeError:  # (a value written as None above: left to the encoder)
        return None


def _list_json(items: Sequence[str]) -> str:
    """``_LIST_JSON(list(items))``: a list field's JSON (an actor's parties, aliases)."""
    return _value_json(tuple(items)) or _LIST_JSON(list(items))


def digest(text: str) -> int:
    """A signed 64-bit digest of a record's JSON: what an upsert compares."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "big", signed=True)


def _days(record: Any) -> tuple[int | None, int | None]:
    start, end = getattr(record, "start", None), getattr(record, "end", None)
    return (kgtime.first_day(start).toordinal() if start else None,
            kgtime.last_day(end).toordinal() if end else None)


def _unit_prop(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if 0.0 <= x <= 1.0 else None


def _row(r: Any) -> tuple[Any, ...]:
    """The row of ``r`` in its table: typed columns, then sensitivity, confidence, JSON and digest."""
    kind = r.kind_name
    if kind == "actor":
        typed: tuple[Any, ...] = (r.id, r.name, r.kind, r.org_type, _list_json(r.party),
                                  r.country, r.track, _list_json(r.aliases))
    elif kind == "event":
        typed = (r.id, r.name, *_days(r), r.track, r.process)
    elif kind == "affiliation":
        typed = (r.key(), r.member, r.organization, r.role, int(r.official), _unit_prop(r.props.get("strength")),
                 *_days(r))
    elif kind == "tie":
        typed = (r.key(), r.a, r.b, r.kind, r.strength, *_days(r))
        if r.a > r.b:  # the same tie given b to a: compared as given a to b (see tie_hash_data)
            parts = _json_parts(r)
            if parts is not None:  # (its members "a", "b" first: those of tie_hash_data's, the values swapped)
                turned = [_TIE_A + parts[1][len(_TIE_B):], _TIE_B + parts[0][len(_TIE_A):], *parts[2:]]
                return (*typed, SENSITIVITY_LEVEL[r.sensitivity], r.confidence, "{" + ", ".join(parts) + "}",
                        digest("{" + ", ".join(turned) + "}"))
            d = r.to_dict()
            data = _RECORD_JSON(d)
            return (*typed, SENSITIVITY_LEVEL[r.sensitivity], r.confidence, data,
                    digest(_RECORD_JSON(tie_hash_data(d))))
    elif kind == "influence":
        typed = (r.key(), r.from_, r.to, r.kind, r.weight, *_days(r))
    elif kind == "participation":
        typed = (r.key(), r.actor, r.event, r.role, *_days(r))
    else:
        typed = (r.key(), r.group, r.jurisdiction, r.kind, r.scope, *_days(r))
    data = dumps(r)
    return (*typed, SENSITIVITY_LEVEL[r.sensitivity], r.confidence, data, digest(data))


def _verdict(kind: str, old: Any, row: tuple[Any, ...]) -> str:
    """Whether ``row`` is "new", "unchanged" or "updated" against ``old``: None, the digest of a row this load
    wrote, or the stored row. A stored row is unchanged when it is the row whole, or when it is another way of
    giving the same record (a tie given b to a: the same digest, its ends and JSON the row's swapped). A row whose
    typed columns or JSON were edited by other means is "updated", and so written again (an adversary of the
    store: a sensitivity column set by hand, or a record it could not read, stayed "unchanged" on loading the
    data again, though the store's message had said that would repair it)."""
    if old is None:
        return "new"
    hash_at = len(row) - 1
    if isinstance(old, int):
        return "unchanged" if old == row[hash_at] else "updated"
    if old == row:
        return "unchanged"
    if old[hash_at] != row[hash_at] or kind != "tie":
        return "updated"  # (one digest, another row: of any kind but a tie, a row edited by other means)
    # a tie given the other way round: its ends swapped, all else the same, its JSON too (compared as parsed;
    # rebuilding the stored row made reloading such ties three times slower, a second reader)
    if (old[1], old[2]) != (row[2], row[1]) or old[3:hash_at - 1] != row[3:hash_at - 1] or old[0] != row[0]:
        return "updated"
    try:
        stored, given = json.loads(old[hash_at - 1]), json.loads(row[hash_at - 1])
    except (ValueError, TypeError):
        return "updated"
    given["a"], given["b"] = given.get("b"), given.get("a")
    return "unchanged" if stored == given else "updated"


def _schema_parts() -> tuple[list[str], list[str]]:
    """The statements of schema.sql: tables, then indexes (comments left out)."""
    text = _SCHEMA_FILE.read_text(encoding="utf-8")
    tables, _, indexes = text.partition("-- INDEXES")

    def statements(part: str) -> list[str]:
        code = "\n".join(line.split("--", 1)[0] for line in part.splitlines())
        return [" ".join(s.split()) for s in code.split(";") if s.strip()]
    return statements(tables), statements(indexes)


def _writable_folder(path: str | os.PathLike[str]) -> bool:
    """Whether the folder of ``path`` can be written (a read-only disk cannot, even for root)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def _rows_by_kind(records: Iterable[Record], after: str = "") -> dict[str, list[tuple[Any, ...]]]:
    """The store's rows of ``records`` (:func:`_row`), by kind; a record no row can hold is one line."""
    by_kind: dict[str, list[tuple[Any, ...]]] = {}
    try:
        for r in records:
            if r.props:
                check_props(r)
            by_kind.setdefault(r.kind_name, []).append(_row(r))
    except (ValueError, UnicodeEncodeError) as e:
        raise StoreError(f"a record cannot be stored ({e}){after}") from None
    return by_kind


# An actor not gone on a day (``day``, ISO): without an end, or whose end (ISO text, YYYY, YYYY-MM or a day) with
# "~" after it sorts after the day: "~" sorts after every character of a day of the end's period. Read from the
# JSON of those actors only whose JSON names an end (the rest are not parsed)
_NOT_ENDED = ("(instr({o}data, '\"end\":') = 0 OR json_extract({o}data, '$.end') IS NULL "
              "OR json_extract({o}data, '$.end') || '~' >= '{day}')")


def _chunks(values: Sequence[Any], size: int = 2000) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _valid_sql(day: date | None, max_sensitivity: int, prefix: str = "") -> tuple[str, list[Any]]:
    """A WHERE fragment: valid on ``day`` (when given) and not above ``max_sensitivity``."""
    clauses, params = [f"{prefix}sensitivity <= ?"], [max_sensitivity]
    if day is not None:
        n = day.toordinal()
        clauses.append(f"({prefix}first_day IS NULL OR {prefix}first_day <= ?) "
                       f"AND ({prefix}last_day IS NULL OR {prefix}last_day >= ?)")
        params += [n, n]
    return " AND ".join(clauses), params


class SQLiteStore:
    """A :class:`~kg.store.base.GraphStore` in a SQLite file (``kg.db`` by default).

    ``create``: make a new store when the file does not exist (what ``kg ingest``
    does); otherwise a missing file is an error. ``readonly``: open without
    writing anything (queries), which also works on a read-only file.
    """

    def __init__(self, path: str | os.PathLike[str] = "kg.db", *, create: bool = True,
                 readonly: bool = False) -> None:
        self.path = os.fspath(path)
        self.readonly = readonly
        self._fold_function = False  # kg_fold registered on the connection (search)
        self._ended_index: bool | None = None  # whether the index of actors with an end is there (ended_actors)
        self.open_warning: str | None = None  # what a read should say about how the store was opened
        # during a bulk load: the keys (and digests) written to the tables it found empty
        self._fresh: dict[str, dict[str, int]] | None = None
        # a load that may not lower sensitivities asks for it to be checked again as each batch is written
        self.never_lower = False
        self._load_fd: int | None = None  # the file whose lock holds the store for this program's load
        # the load lock taken before this store's file was made (hold_new_file): kept by whoever took it
        self._held_lock: int | None = None
        self._fresh_version = 0  # PRAGMA data_version when the bulk load began: another writer changes it
        self._depth = 0
        memory = self.path == ":memory:"
        if not memory and os.path.isdir(self.path):
            raise StoreError(f"{self.path} is a folder, not a store file; give a file name, such as "
                             f"{os.path.join(self.path, 'kg.db')}")
        if not memory and os.path.exists(self.path) and not stat.S_ISREG(os.stat(self.path).st_mode):
            # (a named pipe would block the open until something wrote to it; a device is no store)
            raise StoreError(f"{self.path} is not a store file (a pipe, a device or a socket); give the name of "
                             "a store file with --db")
        if not memory and not os.path.exists(self.path):
            if not create or readonly:
                raise StoreError(f"no store at {self.path}; load data with `kg ingest PATH` "
                                 "(or choose another file with --db)")
            folder = os.path.dirname(os.path.abspath(self.path))
            if not os.path.isdir(folder):
                raise StoreError(f"cannot create the store {self.path}: folder {folder} does not exist")
        beside = [f"{self.path}-wal", f"{self.path}-shm"]
        there = {p for p in beside if os.path.exists(p)}
        try:
            try:
                self.conn = self._connect(memory)
                self._check_and_prepare(create and not readonly)
            except sqlite3.DatabaseError as e:
                if "not a database" in str(e):
                    raise StoreError(f"{self.path} is not a Backchannel store ({e}); it was left untouched") from None
                if isinstance(e, sqlite3.OperationalError) and ("locked" in str(e) or "busy" in str(e)):
                    raise self._fault(e) from None
                if "unable to open" in str(e) and not _writable_folder(self.path):
                    raise StoreError(f"cannot create the store {self.path}: its folder cannot be written "
                                     "(read-only folder or disk); choose another place with --db") from None
                raise StoreError(f"cannot open the store {self.path}: {e}") from None
        except StoreError as e:
            # a file refused as not ours is left as it was found: no -wal or -shm file of ours beside it
            with contextlib.suppress(AttributeError, sqlite3.Error):
                self.conn.close()
            if not memory and ("untouched" in str(e) or "not a Backchannel store" in str(e)):
                for p in beside:
                    if p not in there and os.path.exists(p) and os.path.getsize(p) in (0, 32768):
                        with contextlib.suppress(OSError):
                            os.remove(p)
            raise

    # --- opening -----------------------------------------------------------------

    def _connect(self, memory: bool) -> sqlite3.Connection:
        if memory:
            return sqlite3.connect(":memory:", isolation_level=None)
        uri = Path(os.path.abspath(self.path)).as_uri()
        if not self.readonly:
            exists = os.path.exists(self.path)
            # (beside the file itself, a link's name given: an adversary's foreign WAL file through a link was
            # folded into its file, its journals removed, and said "left untouched"; and a rollback journal left
            # by another program that stopped mid-write, which opening for writing would roll back)
            real = os.path.realpath(self.path)
            if exists and (os.path.exists(real + "-wal") or os.path.exists(real + "-journal")):
                self._refuse_if_foreign(uri)
            mode = "rw" if exists else "rwc"
            return sqlite3.connect(f"{uri}?mode={mode}", uri=True, isolation_level=None, timeout=BUSY_SECONDS)
        try:
            conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=BUSY_SECONDS)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise
            # a WAL store on a read-only disk cannot make its -shm file: read it as immutable, which
            # cannot see what its -wal file holds (changes not yet copied into the store file)
            wal = self.path + "-wal"
            if os.path.exists(wal) and os.path.getsize(wal) > 0:
                # (without the -shm file, nothing tells whether they were copied into the store file yet)
                self.open_warning = (
                    f"the store's journal {wal} may hold changes this read cannot see: the store is read-only "
                    f"and its {os.path.basename(self.path)}-shm file is missing, so the answer may be the store "
                    "as it was before them; copy the store with both files to a writable folder and ask there")
            return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)

    def _refuse_if_foreign(self, uri: str) -> None:
        """Another application's WAL-mode file is looked at read-only first: a connection that may
        write copies the file's -wal into it and deletes the -wal when it closes, even one that only
        read, and "left untouched" must be true. Only a file plainly of another application is refused
        here (another id, or tables of neither version); the rest is decided as for any file."""
        journal = os.path.realpath(self.path) + "-journal"
        try:
            probe = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=BUSY_SECONDS)
        except sqlite3.Error:
            return
        try:
            app_id = probe.execute("PRAGMA application_id").fetchone()[0]
            tables = {n for (n,) in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as e:
            if os.path.exists(journal) and _header_application_id(self.path) != APPLICATION_ID \
                    and "locked" not in str(e) and "busy" not in str(e):
                # a hot journal (reading would roll it back): not ours by its mark, so not ours to roll back
                raise StoreError(
                    f"{self.path} has a journal left by a program that stopped while writing to it ({journal}), "
                    "and is not marked as a Backchannel store; it was left untouched: open it once with the "
                    "program that wrote it (or choose another file with --db)") from None
            return  # (not readable so: the usual path says what it is)
        finally:
            probe.close()
        if app_id != APPLICATION_ID and tables and tables != {"records", "meta"}:
            raise StoreError(f"{self.path} is a SQLite file of another application, not a Backchannel "
                             "store; it was left untouched (choose another file with --db)")

    def _check_and_prepare(self, may_create: bool) -> None:
        c = self.conn
        try:
            app_id = c.execute("PRAGMA application_id").fetchone()[0]
            version = c.execute("PRAGMA user_version").fetchone()[0]
            tables = {n for (n,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            # anything else a file may hold (views, triggers, indexes of no table): an empty file holds none
            others = c.execute("SELECT count(*) FROM sqlite_master WHERE type != 'table'").fetchone()[0]
        except sqlite3.OperationalError as e:
            # a WAL file in a folder it cannot write to; a file on a read-only disk (SQLite says only that it
            # is "unable to open" it)
            if "readonly" in str(e) or "read-only" in str(e) or (
                    "unable to open" in str(e) and not _writable_folder(self.path)):
                raise StoreError(_read_only_journals(self.path) or
                                 f"{self.path} cannot be written (read-only file, folder or disk); "
                                 "queries on a store there still work") from None
            if "disk I/O error" in str(e) or "disk is full" in str(e):  # (not a sign of another program's file)
                raise StoreError(f"the store {self.path} cannot be opened: {e} (a full disk, or a limit on the "
                                 "size of files?); free space and try again; it was left untouched") from None
            raise StoreError(f"{self.path} is not a Backchannel store ({e}); it was left untouched") from None
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path} is not a Backchannel store ({e}); it was left untouched") from None
        if app_id == APPLICATION_ID:
            missing = sorted({*TABLE.values(), "meta"} - tables)
            if missing and version <= SCHEMA_VERSION:  # (a newer one is said to be newer: a second reader)
                # (marked as ours but without our tables: nothing is changed, the switch to WAL included; an
                # adversary's file made so was switched, then failed on "no such table")
                raise StoreError(f"{self.path} is marked as a Backchannel store but lacks its tables "
                                 f"({', '.join(missing)}): it is damaged or another program's; it was left "
                                 "untouched (restore it from a backup, or choose another file with --db)")
            if version > SCHEMA_VERSION:
                raise StoreError(f"the store {self.path} has schema version {version}, newer than this "
                                 f"Backchannel reads ({SCHEMA_VERSION}); it was left untouched: upgrade Backchannel")
            if version < SCHEMA_VERSION:
                raise StoreError(f"the store {self.path} has an unknown schema version {version}; "
                                 "it was left untouched")
        elif app_id == 0 and version == 0 and self._is_v1(tables):
            if self.readonly:
                raise StoreError(f"the store {self.path} was written by Backchannel 0.1 (schema 1); "
                                 f"migrate it once with `kg --db {self.path} migrate` (or load data into it)")
            old = self._read_v1()  # every record read and checked before anything is written
            self._tune()
            self._migrate_v1(old)
        elif app_id == 0 and version == 0 and not tables and not others:
            if not may_create:
                if self.open_warning:  # everything is in the journal this read cannot see
                    raise StoreError(self.open_warning.replace("may hold changes this read cannot see",
                                                               "holds the whole store, which this read cannot see")
                                     .replace(", so the answer may be the store as it was before them", ""))
                raise StoreError(f"{self.path} is an empty file, not a Backchannel store; "
                                 "load data with `kg ingest PATH`")
            self._tune()
            self._create()
        else:
            raise StoreError(f"{self.path} is a SQLite file of another application, not a Backchannel "
                             "store; it was left untouched (choose another file with --db)")
        if not self.readonly:
            self._tune()
            # (not while a load runs: it may have left the indexes of tables it fills for the end, and a second
            # program rebuilding them held the store for seconds under it, an adversarial reader)
            running = self.load_running()
            if not (running if running is not None else running_holder(self.get_meta(RUNNING_LOAD))):
                self._ensure_indexes()
            triggers = {n for (n,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
            if "link_columns" not in tables or len(triggers) < len(LINK_COLUMNS_DDL) - 1:
                with self._write():  # a store of an earlier 2.x: add the packed copy and its triggers
                    for statement in LINK_COLUMNS_DDL:
                        self.conn.execute(statement)

    def _tune(self) -> None:
        if self.readonly:
            return
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA cache_size=-262144")  # 256 MiB of page cache while loading
        self.conn.execute("PRAGMA temp_store=MEMORY")

    def _create(self) -> None:
        tables, indexes = _schema_parts()
        with self._write():
            if self.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
                return  # (another program created it since it was looked at: two loads into a new store)
            for statement in tables:
                self.conn.execute(statement)
            for statement in indexes:
                self.conn.execute(statement)
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _ensure_indexes(self) -> None:
        missing = [s for s in _schema_parts()[1]
                   if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                                            (s.split()[5],)).fetchone()]
        if missing:
            with self._write():
                for statement in missing:
                    self.conn.execute(statement)

    def _is_v1(self, tables: set[str]) -> bool:
        """Whether the file has exactly the tables Backchannel 0.1 wrote, with their columns."""
        if tables != {"records", "meta"}:
            return False
        columns = {t: [row[1] for row in self.conn.execute(f"PRAGMA table_info({t})")] for t in tables}
        if columns != {"records": ["kind", "key", "data"], "meta": ["name", "value"]}:
            return False
        # and only the kinds of record 0.1 wrote (another application's rows would be dropped)
        return all(kind in KINDS for (kind,) in self.conn.execute("SELECT DISTINCT kind FROM records"))

    def _read_v1(self) -> dict[str, list[Record]]:
        """The records of a schema-1 store, by kind; one line naming a record that cannot be read,
        with nothing written."""
        by_kind: dict[str, list[Record]] = {}
        for kind, key, data in self.conn.execute("SELECT kind, key, data FROM records ORDER BY kind, key"):
            try:
                by_kind.setdefault(kind, []).append(record_from_dict(kind, json.loads(data)))
            except (ValueError, TypeError, RecordError) as e:
                what = e.describe() if isinstance(e, RecordError) else str(e)
                raise StoreError(f"the store {self.path} (schema 1) holds {'an' if kind[0] in 'aeiou' else 'a'} "
                                 f"{kind} record it cannot read "
                                 f"(key {key!r}: {what}); it was left untouched: load your data into a new "
                                 "store instead") from None
        return by_kind

    def _migrate_v1(self, by_kind: dict[str, list[Record]]) -> None:
        """Rewrite a schema-1 store (one ``records`` table keyed by ``|``-joined keys) as schema 2."""
        meta = list(self.conn.execute("SELECT name, value FROM meta"))
        tables, indexes = _schema_parts()
        with self._write():
            self.conn.execute("DROP TABLE meta")
            for statement in tables:
                self.conn.execute(statement)
            self.conn.executemany("INSERT INTO meta (name, value) VALUES (?, ?)", meta)
            for kind, records in by_kind.items():
                self._insert(kind, [_row(r) for r in records])
            self.conn.execute("DROP TABLE records")
            for statement in indexes:
                self.conn.execute(statement)
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def describe(self) -> str:
        return f"embedded store {self.path}"

    # --- writing -------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One transaction, or a part of the one :meth:`transaction` holds open."""
        if self.readonly:
            raise StoreError(f"the store {self.path} was opened read-only")
        if self._depth:
            yield
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise self._fault(e) from None
        self._depth += 1
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as e:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.OperationalError):
                raise self._fault(e) from None
            raise
        finally:
            self._depth -= 1

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Every upsert inside is one transaction: all of it is written, or none of it."""
        with self._write():
            yield

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Around a large load: tables empty at the start get their indexes built once, at the end."""
        if self.readonly:
            yield
            return
        empty = [k for k in KINDS if self.conn.execute(f"SELECT 1 FROM {TABLE[k]} LIMIT 1").fetchone() is None]
        # a table empty when the load starts holds only what this load wrote: its keys are kept here, so
        # that each batch needs no look-up of the keys stored already
        outer = self._fresh is None
        if outer:
            self._fresh = {k: {} for k in empty}
            self._fresh_version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        _, indexes = _schema_parts()
        dropped = [s for s in indexes if s.split()[7] in {TABLE[k] for k in empty}]
        if dropped:
            with self._write():
                for s in dropped:
                    self.conn.execute(f"DROP INDEX IF EXISTS {s.split()[5]}")
        try:
            yield
        except BaseException:
            if dropped and self._depth == 0:
                self._ensure_indexes()
            raise
        finally:
            if outer:
                self._fresh = None
        if dropped and self._depth == 0:
            self._ensure_indexes()
        if self._depth == 0:
            self.pack_links()

    def _drop_link_columns(self) -> None:
        try:
            self.conn.execute("DELETE FROM link_columns")
        except sqlite3.OperationalError as e:
            if "no such table" not in str(e):  # a store of an earlier 2.x has none to drop
                raise

    def pack_links(self) -> None:
        """Write the packed links (table link_columns) of ties and influence when a table holds at
        least :data:`LINK_COLUMNS_MIN` rows and has no packed copy: one read of every row, so that
        each later projection reads one array instead (:meth:`packed_links`).

        Best effort: the load it follows is already committed, so a store that is busy, a full disk,
        too little memory or a copy past :data:`LINK_COLUMNS_MAX_BYTES` leave no copy (the rows are
        read instead) rather than failing the load.
        """
        if self.readonly:
            return
        for kind, (table, a, b, value) in _LINK_TABLE.items():
            try:
                n = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                have = self.conn.execute("SELECT 1 FROM link_columns WHERE kind = ?", (kind,)).fetchone()
                current = have is not None and self.get_meta(f"link_columns:{kind}") == self._link_fingerprint(table)
                if n < LINK_COLUMNS_MIN or current or n * LINK_COLUMNS.itemsize > LINK_COLUMNS_MAX_BYTES:
                    continue
                with self._write():
                    packed = np.zeros(n, dtype=LINK_COLUMNS)
                    got = 0
                    cursor = self.conn.execute(
                        f"SELECT x.rowid, p.rowid, q.rowid, coalesce(x.first_day, {_OPEN_DAY[0]}), "
                        f"coalesce(x.last_day, {_OPEN_DAY[1]}), x.{value}, x.confidence, x.kind = 'hostile', "
                        f"x.sensitivity FROM {table} x JOIN actors p ON p.id = x.{a} JOIN actors q ON q.id = x.{b} "
                        "ORDER BY x.rowid")
                    while rows := cursor.fetchmany(100_000):
                        if got + len(rows) > n:
                            break
                        packed[got:got + len(rows)] = np.array(rows, dtype=LINK_COLUMNS)
                        got += len(rows)
                    if got != n:  # a link to a missing actor: leave it to the row-by-row read
                        continue
                    self.conn.execute("INSERT OR REPLACE INTO link_columns (kind, rows, data) VALUES (?, ?, ?)",
                                      (kind, n, packed.tobytes()))
                    self.conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)",
                                      (f"link_columns:{kind}", self._link_fingerprint(table)))
            except (StoreError, sqlite3.Error, MemoryError):
                continue

    def _link_fingerprint(self, table: str) -> str:
        """What an insert (a REPLACE included, which gives the row a new rowid without firing a
        delete trigger) changes: the counts and highest rowids of the links' table and of actors."""
        parts = [self.conn.execute(f"SELECT count(*), coalesce(max(rowid), 0) FROM {t}").fetchone()
                 for t in (table, "actors")]
        return ",".join(str(x) for p in parts for x in p)

    def packed_links(self, kind: str, day: date | None, max_sensitivity: int = 2) -> np.ndarray | None:
        """The packed links of ``kind`` valid on ``day`` (a :data:`LINK_COLUMNS` array), or None when
        the store holds no up-to-date packed copy (then :meth:`day_links` reads the rows)."""
        table = _LINK_TABLE[kind][0]
        try:
            row = self.conn.execute("SELECT rows, data FROM link_columns WHERE kind = ?", (kind,)).fetchone()
        except sqlite3.OperationalError:
            return None
        if row is None or len(row[1]) != row[0] * LINK_COLUMNS.itemsize:
            return None
        if self.get_meta(f"link_columns:{kind}") != self._link_fingerprint(table):
            return None  # changed behind our back (the fingerprint holds the count and highest rowids)
        links = np.frombuffer(row[1], dtype=LINK_COLUMNS)
        keep = links["sensitivity"] <= max_sensitivity
        if day is not None:
            n = day.toordinal()
            keep &= (links["first"] <= n) & (links["last"] >= n)
        return links[keep]

    def _fault(self, e: sqlite3.OperationalError) -> StoreError:
        text = str(e)
        if "locked" in text or "busy" in text:
            # (kg waits for it, but SQLite gives up at once where two programs open a new store together: "waited
            # 5 s" was not true there, an adversary of the store found)
            return StoreError(f"the store {self.path} is locked by another process writing to it "
                              f"(kg waits up to {BUSY_SECONDS:g} s); try again when it has finished")
        if "full" in text:
            return StoreError(f"the disk holding {self.path} is full; the batch under way was rolled back "
                              "(free some space and load again)")
        if "readonly" in text or "read-only" in text:
            return StoreError(_read_only_journals(self.path) or
                              f"the store {self.path} cannot be written (read-only file or disk); "
                              "queries still work")
        if "disk I/O error" in text:  # (an adversary's file-size limit said only "disk I/O error")
            return StoreError(f"the store {self.path} failed: {text} (a full disk, or a limit on the size of files?); "
                              "the batch under way was rolled back; free space and load again")
        return StoreError(f"the store {self.path} failed: {text}")

    def _insert(self, kind: str, rows: list[tuple[Any, ...]]) -> None:
        if kind in ("actor", "tie", "influence"):
            self._drop_link_columns()
        cols = (*COLUMNS[kind], *COMMON)
        marks = ",".join("?" * len(cols))
        key = KEY_COLUMN[kind]
        updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != key)
        self.conn.executemany(
            f"INSERT INTO {TABLE[kind]} ({', '.join(cols)}) VALUES ({marks}) "
            f"ON CONFLICT ({key}) DO UPDATE SET {updates}", rows)  # (only rows found changed are given)
        if kind == "actor":
            rows = list({r[0]: r for r in rows}.values())  # an actor given twice: its last version, once
            for chunk in _chunks([r[0] for r in rows]):
                self.conn.execute("DELETE FROM actor_search WHERE rowid IN (SELECT rowid FROM actors WHERE id IN "
                                  f"({','.join('?' * len(chunk))}))", list(chunk))
            # the folded form, so that search ignores accents the tokenizer keeps (ø, ł, ı ...)
            self.conn.executemany("INSERT INTO actor_search (rowid, text) SELECT rowid, ? FROM actors WHERE id = ?",
                                  [(fold(" ".join([r[0], r[1], *json.loads(r[7])])), r[0]) for r in rows])

    def upsert(self, records: Sequence[Record]) -> UpsertResult:
        result = UpsertResult()
        by_kind = _rows_by_kind(records, "; nothing of this batch was written")
        with self._write():
            if self._fresh and self.conn.execute("PRAGMA data_version").fetchone()[0] != self._fresh_version:
                self._fresh = {}  # another program wrote to the store during the load: look keys up again
            for kind, rows in by_kind.items():
                table = TABLE[kind]
                hash_at = len(COLUMNS[kind]) + len(COMMON) - 1
                sens_at = len(COLUMNS[kind])  # (COMMON follows the typed columns, sensitivity first)
                # by key: the digest of a row this load wrote, or the stored row (compared whole, see _verdict)
                existing: dict[str, Any] = {}
                fresh = self._fresh.get(kind) if self._fresh is not None else None
                if fresh is not None:
                    existing = {r[0]: fresh[r[0]] for r in rows if r[0] in fresh}  # (a key given twice)
                elif self.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None:
                    existing = self._stored_rows(kind, [r[0] for r in rows])
                    if self.never_lower:  # checked again in the transaction that writes: another program may
                        # have written since the load checked (two loads at once: an adversarial reader)
                        for row in rows:
                            level = existing[row[0]][sens_at] if row[0] in existing else -1
                            if level > row[sens_at]:
                                raise StoreError(
                                    f"another program wrote to the store during this load: the {kind} {row[0]} is "
                                    f"now stored as {SENSITIVITIES[level]}, more sensitive than this load "
                                    "gives it; nothing of this batch was written; load again when the other has "
                                    "finished (or with --lower-sensitivity to lower it)")
                changed = []
                for row in rows:
                    verdict = _verdict(kind, existing.get(row[0]), row)
                    result.count(getattr(result, verdict), kind)
                    if verdict != "unchanged":
                        changed.append(row)
                    existing[row[0]] = row
                if changed:
                    self._insert(kind, changed)
                if fresh is not None:
                    fresh.update((r[0], r[hash_at]) for r in rows)
        return result

    def compare(self, records: Sequence[Record]) -> UpsertResult:
        result = UpsertResult()
        for kind, rows in _rows_by_kind(records).items():
            existing = self._stored_rows(kind, [r[0] for r in rows])
            for row in rows:
                result.count(getattr(result, _verdict(kind, existing.get(row[0]), row)), kind)
                existing[row[0]] = row
        return result

    def _stored_rows(self, kind: str, keys: list[str]) -> dict[str, tuple[Any, ...]]:
        """The stored rows of ``keys``, whole (typed columns, sensitivity, confidence, JSON, digest)."""
        table, key = TABLE[kind], KEY_COLUMN[kind]
        cols = ", ".join((*COLUMNS[kind], *COMMON))
        out: dict[str, tuple[Any, ...]] = {}
        for chunk in _chunks(keys):
            out.update((r[0], r) for r in self.conn.execute(
                f"SELECT {cols} FROM {table} WHERE {key} IN ({','.join('?' * len(chunk))})", list(chunk)))
        return out

    # --- reading -------------------------------------------------------------------

    def records(self, kind: str) -> Iterator[Record]:
        if kind not in KINDS:
            raise ValueError(f"no record kind {kind!r}")
        for ref, data, level in self.conn.execute(
                f"SELECT rowid, data, sensitivity FROM {TABLE[kind]} ORDER BY {KEY_COLUMN[kind]}"):
            yield self._stored(kind, data, ref, level)

    def _stored(self, kind: str, data: str, where: Any = None, level: int | None = None) -> Record:
        """The record of ``kind`` kept as ``data``; one line naming the record if it cannot be read, or if its
        sensitivity is not the ``level`` its column holds (a store edited by other means: queries go by the
        column, maps and exports by the record, and a sensitivity column set to confidential by hand left the
        record in a shareable export, an adversary of the store found)."""
        at = f" (row {where})" if where is not None else ""
        try:
            record = record_from_dict(kind, json.loads(data))
        except (ValueError, TypeError, RecordError) as e:
            what = e.describe() if isinstance(e, RecordError) else str(e)
            raise StoreError(f"the store {self.path} holds a {kind} record it cannot read{at}: {what}; "
                             "load that record again from your data, or remove it") from None
        if level is not None and SENSITIVITY_LEVEL[record.sensitivity] != level:
            column = SENSITIVITIES[level] if level in (0, 1, 2) else repr(level)
            raise StoreError(
                f"the store {self.path} holds a {kind} record{at} whose sensitivity column says {column} and whose "
                f"record says {record.sensitivity}: it was edited by other means; load that record again from your "
                "data (kg ingest sets both; with --lower-sensitivity where the data's is the lower)")
        return record

    def select(self, kind: str, field: str, values: Iterable[str], day: date | None = None,
               max_sensitivity: int = 2) -> list[Record]:
        """The records of ``kind`` whose ``field`` (an id or endpoint) is one of ``values``,
        valid on ``day`` when given, not above ``max_sensitivity`` -- read through an index."""
        return [self._stored(kind, d, ref, level)
                for ref, d, level in self._where_in(kind, field, values, day, max_sensitivity,
                                                    "rowid, data, sensitivity")]

    def _where_in(self, kind: str, field: str, values: Iterable[str], day: date | None, max_sensitivity: int,
                  columns: str) -> list[tuple[Any, ...]]:
        """``columns`` of the rows :meth:`select` finds, in its order (by key, a chunk of values at a time)."""
        column = FIELD_COLUMN.get(field, field)
        if column not in COLUMNS[kind]:
            raise ValueError(f"{kind} has no field {field!r}")
        where, params = _valid_sql(day if kind not in ("actor",) else None, max_sensitivity)
        rows: list[tuple[Any, ...]] = []
        for chunk in _chunks(sorted(set(values))):  # fetched whole: a hub's 50,000 rows, not a generator step each
            rows += self.conn.execute(
                f"SELECT {columns} FROM {TABLE[kind]} WHERE {column} IN ({','.join('?' * len(chunk))}) "
                f"AND {where} ORDER BY {KEY_COLUMN[kind]}", [*chunk, *params]).fetchall()
        return rows

    def search(self, text: str, limit: int = 200, max_sensitivity: int = 2, close_to: str = "") -> list[Record]:
        """Actors whose folded id, name or an alias has a word starting with each word of ``text``."""
        words = fold(text).split()
        if not words:
            return []
        query = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
        # An actor whose id, name or an alias is exactly the text comes first, however many longer
        # names share its words (ranked by bm25 alone, 50 "Ali Hassan ..." can push "Ali Hassan" out).
        folded = " ".join(words)
        if not self._fold_function:
            self.conn.create_function("kg_fold", 1, fold, deterministic=True)
            self._fold_function = True
        exact = self.conn.execute(
            "SELECT a.rowid, a.data, a.sensitivity FROM (SELECT rowid FROM actor_search WHERE actor_search MATCH ? "
            "ORDER BY rank LIMIT ?) s JOIN actors a ON a.rowid = s.rowid WHERE a.sensitivity <= ?3 "
            "AND (kg_fold(a.name) = ?4 OR kg_fold(a.id) = ?4 "
            "OR EXISTS (SELECT 1 FROM json_each(a.aliases) WHERE kg_fold(value) = ?4)) LIMIT ?",
            ('"' + folded.replace('"', '""') + '"', EXACT_SCAN, max_sensitivity, folded, limit)).fetchall()
        # of more than ``limit`` matches, those that come first by search_order, as on Neo4j (by each index's
        # own rank the two stores kept other candidates: a store parity fuzzer)
        matches = self.conn.execute(
            "SELECT a.rowid, a.id, s.text FROM actor_search s JOIN actors a ON a.rowid = s.rowid "
            "WHERE actor_search MATCH ? AND a.sensitivity <= ?", (query, max_sensitivity)).fetchall()
        near = fold(close_to).split()
        chosen = heapq.nsmallest(limit, matches, key=lambda r: search_order(r[2], r[1], near))
        data: dict[int, tuple[str, int]] = {}
        for chunk in _chunks([r[0] for r in chosen]):
            data.update((r, (d, level)) for r, d, level in self.conn.execute(
                f"SELECT rowid, data, sensitivity FROM actors WHERE rowid IN ({','.join('?' * len(chunk))})",
                list(chunk)))
        rows = [(r, (d, level)) for r, d, level in exact] + [(r[0], data[r[0]]) for r in chosen]
        return [self._stored("actor", d, rowid, level) for rowid, (d, level) in dict(rows).items()][:limit]

    def select_rows(self, kind: str, field: str, values: Iterable[str], day: date | None = None,
                    max_sensitivity: int = 2) -> list[tuple[str, tuple[Any, ...]]]:
        """What :meth:`select` finds, as ``(key, typed row)`` in the same order, the row as
        :meth:`day_rows` gives it: a local projection reads columns, not whole records."""
        cols = ", ".join(c for c in COLUMNS[kind] if c != "key")
        return [(row[0], row[1:]) for row in self._where_in(
            kind, field, values, day, max_sensitivity, f"{KEY_COLUMN[kind]}, rowid, {cols}, sensitivity, confidence")]

    def actor_labels(self, max_sensitivity: int = 2) -> Iterator[tuple[str, str, list[str]]]:
        """Every actor's id, name and aliases (not above ``max_sensitivity``): what a misspelt name is
        compared with."""
        for i, name, aliases in self.conn.execute("SELECT id, name, aliases FROM actors WHERE sensitivity <= ?",
                                                  (max_sensitivity,)):
            yield i, name, json.loads(aliases)

    def ended_actors(self, day: date, max_sensitivity: int = 2, ids: Iterable[str] | None = None) -> dict[str, str]:
        # Only a record whose JSON holds the key "end" is parsed; the index of those actors (made on a store's
        # next writable open) finds them at once, else every actor's JSON is read (0.1 s at 100,000 actors). Of
        # ``ids``, each is looked up by id (through that index, where there is one: among the ended only).
        if self._ended_index is None:
            self._ended_index = bool(self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'actors_ended'").fetchone())
        hint = " INDEXED BY actors_ended" if self._ended_index and ids is not None else ""
        query = (f"SELECT id, json_extract(data, '$.end') FROM actors{hint} WHERE instr(data, '\"end\":') > 0 "
                 f"AND json_type(data) = 'object' AND sensitivity <= {int(max_sensitivity)}")
        if ids is None:
            return ended_before(self.conn.execute(query).fetchall(), day)
        wanted = set(ids)
        if hint and self.conn.execute("SELECT count(*) FROM actors INDEXED BY actors_ended WHERE "
                                      "instr(data, '\"end\":') > 0").fetchone()[0] <= len(wanted):
            # (fewer ended in the whole store than ids asked about: all of them at once, then those asked)
            return {a: end for a, end in ended_before(self.conn.execute(query).fetchall(), day).items()
                    if a in wanted}
        found: list[tuple[str, Any]] = []
        for chunk in _chunks(sorted(wanted)):
            found += self.conn.execute(f"{query} AND id IN ({','.join('?' * len(chunk))})", list(chunk)).fetchall()
        return ended_before(found, day)

    def day_rows(self, kind: str, day: date | None, max_sensitivity: int = 2) -> list[tuple[Any, ...]]:
        """The typed columns of every record of ``kind`` valid on ``day``: what a projection is built from.

        Rows are ``(ref, *COLUMNS[kind] without data, sensitivity, confidence)`` where ``ref`` finds
        the record again with :meth:`records_by_ref`.
        """
        cols = [c for c in COLUMNS[kind] if c != "key"]
        where, params = _valid_sql(day if kind not in ("actor", "event", "participation") else None,
                                   max_sensitivity)
        # most rows hold on any one day: a scan of the table beats the validity index (half the time)
        return self.conn.execute(f"SELECT rowid, {', '.join(cols)}, sensitivity, confidence "
                                 f"FROM {TABLE[kind]} NOT INDEXED WHERE {where} ORDER BY rowid", params).fetchall()

    def count_by(self, kind: str, field: str, values: Iterable[str], day: date | None = None,
                 max_sensitivity: int = 2, at_most: int | None = None) -> dict[str, int]:
        """How many different actors each of ``values`` has at the other end of its records of ``kind``
        whose ``field`` it is (valid on ``day``; records and actors of sensitivity at most
        ``max_sensitivity``): an organization's members, as a projection counts them. With
        ``at_most``, a count above it is given as ``at_most + 1`` (counting stops there)."""
        column = FIELD_COLUMN.get(field, field)
        ends = {c for c in COLUMNS[kind][1:3]} if kind in OTHER_ENDS else set()
        if column not in ends:
            raise ValueError(f"{kind} has no endpoint {field!r}")
        other = (ends - {column}).pop()
        where, params = _valid_sql(day, max_sensitivity, "x.")
        table = "events" if (kind, other) == ("participation", "event") else "actors"
        # the actor at the other end must be there (a record may name one that is not: the store takes
        # it, a projection leaves it out) and visible at the level asked
        seen = f"JOIN {table} o ON o.id = x.{other} AND o.sensitivity <= {int(max_sensitivity)}"
        if table == "actors" and day is not None:  # (an actor gone by the day, its end before it, is no member)
            seen += f" AND {_NOT_ENDED.format(o='o.', day=day.isoformat())}"
        out: dict[str, int] = {}
        if at_most is not None:  # one query each, stopping at at_most + 1: a government's 9,000 are not counted
            query = (f"SELECT count(*) FROM (SELECT DISTINCT x.{other} FROM {TABLE[kind]} x {seen} "
                     f"WHERE x.{column} = ? AND {where} LIMIT {int(at_most) + 1})")
            for value in sorted(set(values)):
                n = self.conn.execute(query, [value, *params]).fetchone()[0]
                if n:
                    out[value] = n
            return out
        for chunk in _chunks(sorted(set(values))):
            out.update(self.conn.execute(
                f"SELECT x.{column}, count(DISTINCT x.{other}) FROM {TABLE[kind]} x {seen} "
                f"WHERE x.{column} IN ({','.join('?' * len(chunk))}) AND {where} GROUP BY x.{column}",
                [*chunk, *params]))
        return out

    def day_links(self, kind: str, day: date | None, max_sensitivity: int = 2) -> list[tuple[Any, ...]]:
        """Ties or influence valid on ``day``, lean, for a large projection: ``(ref, ref of the first
        actor, ref of the second, hostile 0/1, strength or weight, sensitivity level, confidence)``;
        actors are named by the ``ref`` :meth:`day_rows` gives them, so no id is read or compared."""
        table, a, b, value = {"tie": ("ties", "a", "b", "strength"),
                              "influence": ("influence", "from_id", "to_id", "weight")}[kind]
        where, params = _valid_sql(day, max_sensitivity, "x.")
        return self.conn.execute(
            f"SELECT x.rowid, p.rowid, q.rowid, x.kind = 'hostile', x.{value}, x.sensitivity, x.confidence "
            f"FROM {table} x JOIN actors p ON p.id = x.{a} JOIN actors q ON q.id = x.{b} WHERE {where} "
            "ORDER BY x.rowid",
            params).fetchall()

    def records_by_ref(self, kind: str, refs: Iterable[Any]) -> dict[Any, Record]:
        """The records that :meth:`day_rows` named by ``ref``."""
        out: dict[Any, Record] = {}
        for chunk in _chunks(sorted(set(refs))):
            for ref, data, level in self.conn.execute(
                    f"SELECT rowid, data, sensitivity FROM {TABLE[kind]} WHERE rowid IN "
                    f"({','.join('?' * len(chunk))})", list(chunk)):
                out[ref] = self._stored(kind, data, ref, level)
        return out

    def values_by_ref(self, kind: str, refs: Iterable[Any], names: Sequence[str]) -> dict[Any, tuple[Any, ...]]:
        """:func:`kg.store.base.record_values` of the records behind ``refs``, read by SQLite from the
        kept JSON (``json_extract``) instead of parsed and validated in Python: what the evidence of
        thousands of links needs (a hub's). A row that is not a JSON object is read the long way,
        which names it."""
        refs = list(refs)
        columns, unpack = self._values_sql(kind, names)
        out: dict[Any, tuple[Any, ...]] = {}
        try:
            for chunk in _chunks(sorted(set(refs))):
                for row in self.conn.execute(f"SELECT rowid, {columns} FROM {TABLE[kind]} "
                                             f"WHERE rowid IN ({','.join('?' * len(chunk))})", list(chunk)):
                    out[row[0]] = unpack(row[1:])
        except (sqlite3.OperationalError, ValueError):  # not JSON: let the record reader say where
            return {ref: record_values(r, names) for ref, r in self.records_by_ref(kind, refs).items()}
        return out

    def select_values(self, kind: str, field: str, values: Iterable[str], names: Sequence[str],
                      day: date | None = None, max_sensitivity: int = 2) -> list[tuple[Any, ...]]:
        """:func:`kg.store.base.record_values` of what :meth:`select` finds, in its order, read as
        :meth:`values_by_ref` reads them."""
        values = list(values)
        columns, unpack = self._values_sql(kind, names)
        try:
            return [unpack(row) for row in self._where_in(kind, field, values, day, max_sensitivity, columns)]
        except (sqlite3.OperationalError, ValueError):  # not JSON: let the record reader say where
            return [record_values(r, names) for r in self.select(kind, field, values, day, max_sensitivity)]

    @staticmethod
    def _values_sql(kind: str, names: Sequence[str]) -> tuple[str, Callable[[Sequence[Any]], tuple[Any, ...]]]:
        """The columns that read ``names`` from a row's JSON (all in one JSON array: its values keep
        their JSON types), and what turns such a row into the values, each checked as the record
        reader checks it (ValueError if one is not)."""
        if not all(n.isidentifier() for n in names):
            raise ValueError(f"not field names: {names!r}")
        # a second path makes json_extract give an array even for one name; the record's sensitivity last, to be
        # the column's (one edited by other means is read the long way, which names it)
        paths = ", ".join([f"'$.{n}'" for n in names if n != "key"] + ["'$.sensitivity'"])
        columns = (f"{KEY_COLUMN[kind]}, CASE json_type(data) WHEN 'object' THEN json_extract(data, {paths}) END, "
                   "sensitivity")
        keyed = tuple(n == "key" for n in names)
        checked = stored_values_check(kind, tuple(names))
        key_at = names.index("key") if keyed.count(True) == 1 else -1
        width = len(names) - keyed.count(True) + 1  # the values read from the JSON, and its sensitivity
        loads = orjson.loads  # (a text orjson refuses, a lone surrogate or a huge number: the long way)

        def unpack(row: Sequence[Any]) -> tuple[Any, ...]:
            key, found, level = row
            if found is None:
                raise ValueError("not a record")
            got = loads(found)
            if type(got) is not list or len(got) != width:
                raise ValueError("not a record")
            given = got.pop()
            if type(given) is not str or SENSITIVITY_LEVEL.get(given) != level:
                raise ValueError("its sensitivity is not its column's")
            if key_at >= 0:
                got.insert(key_at, key)
                values = tuple(got)
            else:
                rest = iter(got)
                values = tuple(key if k else next(rest) for k in keyed)
            if not checked(values):  # edited by other means: the record reader says how
                raise ValueError("not as stored")
            return values

        return columns, unpack

    def existing_ids(self, kind: str, ids: Iterable[str]) -> set[str]:
        wanted = list(set(ids))
        found: set[str] = set()
        for chunk in _chunks(wanted):
            found.update(k for (k,) in self.conn.execute(
                f"SELECT id FROM {TABLE[kind]} WHERE id IN ({','.join('?' * len(chunk))})", list(chunk)))
        return found

    def stored_sensitivity(self, kind: str, keys: Iterable[str]) -> dict[str, int]:
        column = KEY_COLUMN[kind]
        found: dict[str, int] = {}
        for chunk in _chunks(sorted(set(keys))):
            found.update(self.conn.execute(
                f"SELECT {column}, sensitivity FROM {TABLE[kind]} WHERE {column} IN ({','.join('?' * len(chunk))})",
                list(chunk)))
        return found

    def unnormalized_ids(self, kind: str) -> set[str]:
        # only ids that are not ASCII (SQLite tells them by their length in bytes), or that hold a doubled
        # space, can look like another
        return {i for (i,) in self.conn.execute(
            f"SELECT id FROM {TABLE[kind]} WHERE length(CAST(id AS BLOB)) > length(id) OR instr(id, '  ') > 0")
            if id_look(i) != i}

    def counts(self) -> dict[str, int]:
        out = empty_counts()
        for kind in KINDS:
            out[PLURAL[kind]] = self.conn.execute(f"SELECT count(*) FROM {TABLE[kind]}").fetchone()[0]
        return out

    def get_meta(self, name: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        with self._write():
            self.conn.execute("INSERT INTO meta (name, value) VALUES (?, ?) "
                              "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (name, value))

    def swap_meta(self, name: str, old: str, new: str, *, once: bool = False) -> bool:
        with self._write():
            done = self.conn.execute("UPDATE meta SET value = ? WHERE name = ? AND value = ?", (new, name, old))
        return done.rowcount == 1

    def set_meta_once(self, name: str, value: str) -> str:
        """Keep ``value`` unless a value is already set; return the one kept (race-free)."""
        if self.readonly:
            found = self.get_meta(name)
            if found is None:
                raise StoreError(f"the store {self.path} was opened read-only")
            return found
        with self._write():
            self.conn.execute("INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                              (name, value))
        found = self.get_meta(name)
        assert found is not None
        return found

    def keys(self, kind: str) -> set[str]:
        return {k for (k,) in self.conn.execute(f"SELECT {KEY_COLUMN[kind]} FROM {TABLE[kind]}")}

    def delete(self, kind: str, keys: Iterable[str]) -> int:
        table, column = TABLE[kind], KEY_COLUMN[kind]
        removed = 0
        with self._write():  # (the triggers drop the packed links: a projection reads rows until the next load)
            for chunk in _chunks(sorted(set(keys))):
                marks = ",".join("?" * len(chunk))
                if kind == "actor":
                    self.conn.execute(f"DELETE FROM actor_search WHERE rowid IN (SELECT rowid FROM actors "
                                      f"WHERE id IN ({marks}))", list(chunk))
                removed += self.conn.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})",
                                             list(chunk)).rowcount
        return removed

    def clear(self) -> None:
        with self._write():
            self._drop_link_columns()
            for kind in KINDS:
                self.conn.execute(f"DELETE FROM {TABLE[kind]}")
            self.conn.execute("DELETE FROM actor_search")

    # --- one load at a time (ingest.load.only_load) ------------------------------------------
    # The operating system's lock on a file beside the store (``kg.db-load``): held while a load runs, let
    # go when its process ends however it ends, whatever namespace or user it runs as (a hold told by process
    # ids alone was fooled by a load in another container under the same host name: an adversarial reader).

    def _load_lock_path(self) -> str | None:
        from kg.outfile import load_lock_path

        return None if self.path == ":memory:" else load_lock_path(self.path)

    def lock_for_load(self) -> bool:
        """Take the store for one load; False when another program holds it."""
        path = self._load_lock_path()
        if path is None or fcntl is None or self._held_lock is not None:
            return True
        fd = _exclusive_lock(path)
        if fd is None:
            return False
        self._load_fd = fd
        return True

    def unlock_for_load(self) -> None:
        fd, self._load_fd = self._load_fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)  # (the lock goes with it; the file stays, empty, for the next load)

    def load_running(self) -> bool | None:
        """Whether another program holds the store for a load (None: this store cannot tell)."""
        path = self._load_lock_path()
        if path is None or fcntl is None:
            return None
        if self._load_fd is not None:
            return True  # (this program's own load)
        if self._held_lock is not None:
            return False  # (held by this program since before the file was made: no other load can run)
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return False  # (no load ever ran, or its file cannot be read: none is running that could be told)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return False
        except OSError:
            return True
        finally:
            os.close(fd)

    def adopt_load_lock(self, fd: int) -> None:
        """The load lock :func:`hold_new_file` took before this store's file was made: loads into this store
        count as holding it, and whoever took it lets it go (after removing a store a failed load made)."""
        self._held_lock = fd

    def close(self) -> None:
        self.unlock_for_load()
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_only_journals(path: str) -> str:
    """What to say when a writable store cannot be written because its -wal and -shm files are read-only (a read
    made them while the store was: SQLite gives them the store's permissions), else "" (an adversary of the store:
    "read-only file or disk" of a file that could be written, and no word of the files to fix)."""
    real = os.path.realpath(path)
    if not os.access(real, os.W_OK):
        return ""
    stuck = [p for p in (real + "-wal", real + "-shm") if os.path.exists(p) and not os.access(p, os.W_OK)]
    if not stuck:
        return ""
    # (removing a -wal that holds changes loses them: offered only of an empty one, a second reader)
    holds = os.path.exists(real + "-wal") and os.path.getsize(real + "-wal") > 0
    fix = ("make them writable (chmod u+w); do not remove them: the -wal holds changes not yet in the store file"
           if holds else "make them writable (chmod u+w), or remove them while no program has the store open")
    return (f"the store {path} cannot be written: its journal files {' and '.join(stuck)} are read-only (made while "
            f"the store was, perhaps by a read); {fix}; queries still work")


def _header_application_id(path: str) -> int | None:
    """The application id in a SQLite file's header (bytes 68 to 71), read without SQLite (which would roll a
    hot journal back first); None if the file is no SQLite file."""
    try:
        with open(path, "rb") as f:
            head = f.read(72)
    except OSError:
        return None
    if len(head) < 72 or not head.startswith(b"SQLite format 3\x00"):
        return None
    return int.from_bytes(head[68:72], "big", signed=True)


def hold_new_file(path: str) -> int | None:
    """Take the load lock of a store about to be made at ``path``, before the file is made: the descriptor
    holding it (to be closed by the caller when the load, and the removal of a store it failed to fill, are
    over), None where locks are not to be had. Two loads into a new store at once: the second is refused here,
    before either opens the file (an adversary of the store: the one whose opening failed removed the store
    the other had just loaded, as one it had made)."""
    from kg.outfile import load_lock_path

    if fcntl is None:
        return None
    try:
        fd = _exclusive_lock(load_lock_path(path))
    except OSError:
        return None  # (the folder cannot be written: the store's opening says so)
    if fd is None:
        raise StoreError(f"another load is making the store {path} at this moment; wait for it to finish, then "
                         "load again (nothing was written)")
    return fd


def _exclusive_lock(path: str) -> int | None:
    """The descriptor of the lock file ``path`` (made if need be), locked for this program alone; None when
    another program holds it. OSError when the file cannot be opened."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd
