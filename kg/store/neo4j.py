"""The Neo4j store, through the official ``neo4j`` driver.

Loading follows Neo4j's own guidance: uniqueness constraints are created
before any ``MERGE``; nodes are written before relationships; each batch is
one managed write transaction (``execute_write``, which the driver retries on
transient errors) of ``UNWIND $rows`` statements; the database is always
named; every value is a parameter; labels and types come from the fixed
tables in :mod:`kg.store.cypher`. A failed batch rolls back whole.

``neo4j://`` and ``neo4j+s://`` (routing, for clusters and Aura) and
``bolt://`` URIs all work.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import json
import logging
import operator
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

import orjson

from kg import time as kgtime
from kg.errors import StoreError
from kg.model import KINDS, LOAD_ORDER, PLURAL, Record, check_props, id_look, record_from_dict
from kg.store import cypher
from kg.store.base import UpsertResult, count_changes, empty_counts, ended_before, search_order, tie_hash_data
from kg.store.sqlite import EXACT_SCAN, SENSITIVITY_LEVEL, _unit_prop
from kg.text import fold, without_credentials

# The driver logs connection failures itself, which Python would print besides our one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

try:
    import neo4j
    from neo4j import GraphDatabase
    from neo4j.exceptions import (
        AuthError,
        ClientError,
        DatabaseUnavailable,
        DriverError,
        Neo4jError,
        ServiceUnavailable,
        SessionExpired,
    )
except ImportError:  # pragma: no cover - the package is a dependency
    neo4j = None  # type: ignore[assignment]


T = TypeVar("T")

def _flat(value: Any) -> Any:
    """A value Neo4j can hold as a property, or None to leave it out."""
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value):
        return list(value)
    return None


_SCALARS = (str, bool, int, float)


def _json(data: dict[str, Any], plain: bool) -> bytes:
    """The record's canonical JSON (sorted keys): orjson for records of the schema's fields only
    (validated: no NaN, nothing orjson would change); the standard library for the rest, as before."""
    if plain:
        try:
            return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        except (TypeError, orjson.JSONEncodeError):  # e.g. a lone surrogate
            pass
    return json.dumps(data, sort_keys=True, ensure_ascii=False, allow_nan=False).encode("utf-8", "surrogatepass")


def node_row(record: Record) -> dict[str, Any]:
    """The parameters for one record: its key, endpoints, and the properties to set.

    Besides the record's own fields: ``data`` (its exact JSON) and ``hash`` (what an
    upsert compares), ``start_day``/``end_day`` as Neo4j dates and ``first_day``/``last_day``
    as day numbers, ``sens`` (0 public, 1 restricted, 2 confidential), and for actors
    ``search`` (folded name, aliases and id, for the full-text index).
    """
    data = record.to_dict()
    props = {k: v if type(v) in _SCALARS else _flat(v) for k, v in data.items()
             if v is not None and (type(v) in _SCALARS or _flat(v) is not None)}
    raw = _json(data, not record.props)
    props["data"] = raw.decode("utf-8", "surrogatepass")
    turned = record.kind_name == "tie" and data["a"] > data["b"]  # compared as given a to b (tie_hash_data)
    hashed = _json(tie_hash_data(data), not record.props) if turned else raw
    props["hash"] = int.from_bytes(hashlib.blake2b(hashed, digest_size=8).digest(), "big", signed=True)
    props["sens"] = SENSITIVITY_LEVEL[record.sensitivity]
    start, end = getattr(record, "start", None), getattr(record, "end", None)
    if start:
        props["start_day"] = day = kgtime.first_day(start)
        props["first_day"] = day.toordinal()
    if end:
        props["end_day"] = day = kgtime.last_day(end)
        props["last_day"] = day.toordinal()
    kind = record.kind_name
    key = record.key()
    if kind not in ("actor", "event"):
        props["key"] = key
    if kind == "actor":
        props["party_json"] = json.dumps(data["party"], ensure_ascii=False)
        props["aliases_json"] = json.dumps(data["aliases"], ensure_ascii=False)
        props["search"] = fold(" ".join([data["id"], data["name"], *data["aliases"]]))
    if kind == "affiliation":
        strength = _unit_prop(data.get("strength"))
        if strength is not None:
            props["strength_prop"] = strength
    row: dict[str, Any] = {"props": props, "key": key, "id": data.get("id")}
    if kind in cypher.REL_ENDS:
        _, start_field, _, end_field, _ = cypher.REL_ENDS[kind]
        row["start"], row["end"] = data[start_field], data[end_field]
    if kind == "restriction":
        row["group"] = data["group"]
    return row


# Rows in one statement: Neo4j's guidance for UNWIND batches is 10,000 to 50,000; bigger lists
# only cost the server heap (a load's batch, one transaction, runs as several such statements).
STATEMENT_ROWS = 10_000


def _chunks(rows: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(rows), STATEMENT_ROWS):
        yield rows[i:i + STATEMENT_ROWS]


def _records_by_kind(records: Sequence[Record]) -> dict[str, list[Record]]:
    """``records`` by kind, each checked as a store can hold it (:func:`kg.model.check_props`); one line
    naming the record if one cannot be, before anything is written."""
    by_kind: dict[str, list[Record]] = {}
    try:
        for r in records:
            if r.props:
                check_props(r)
            by_kind.setdefault(r.kind_name, []).append(r)
    except ValueError as e:
        raise StoreError(f"a record cannot be stored ({e}); nothing of this batch was written") from None
    return by_kind


def create_rows(kind: str, rows: list[dict[str, Any]],
                ends: tuple[dict[str, str], dict[str, str]] | None = None) -> tuple[list[list[Any]], bool]:
    """New records of ``kind`` as positional rows for :func:`cypher.create_nodes` and
    :func:`cypher.create_relationships`: [start, end,] the properties of
    ``cypher.PROPERTIES[kind]`` in order (None for absent), then a map of any other
    properties (a dataset's extra columns) when some row has them. Lists, not maps:
    the server decodes them faster. ``ends``: the element ids of start nodes and of end nodes,
    by id (apart: an actor and an event may have one id).

    Returns the rows and whether they carry the extra map."""
    names = cypher.PROPERTIES[kind]
    known = cypher.PROPERTY_SET[kind]
    dates = [i for i, n in enumerate(names) if n in ("start_day", "end_day")]
    extra = any(not known.issuperset(r["props"]) for r in rows)
    out = []
    for r in rows:
        p = r["props"]
        values = [p.get(n) for n in names]
        for at in dates:
            if values[at] is not None:
                values[at] = values[at].isoformat()
        if ends is not None:
            values[:0] = (ends[0][r["start"]], ends[1][r["end"]])
        if extra:
            values.append({k: v for k, v in p.items() if k not in known})
        out.append(values)
    return out, extra


def _causes(error: BaseException) -> Iterator[BaseException]:
    """``error`` and everything behind it: causes, contexts and the members of exception groups."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo.extend(x for x in (e.__cause__, e.__context__) if x is not None)
        if isinstance(e, BaseExceptionGroup):
            todo.extend(e.exceptions)


def _unreachable(uri: str, error: BaseException) -> str:
    """One line saying why the connection failed, and what to do, TLS mix-ups first."""
    scheme = uri.split("://", 1)[0].lower()
    text = " ".join(f"{type(e).__name__} {e}" for e in _causes(error))
    if "CERTIFICATE_VERIFY_FAILED" in text or "SSLCertVerificationError" in text:
        return (f"Neo4j at {uri} presented a certificate no authority vouches for (self-signed?); to encrypt "
                f"without checking it use {scheme.replace('+s', '+ssc')}://, for a server you know, or trust the "
                "authority that signed it: SSL_CERT_FILE=/path/to/its-certificate.pem")
    if scheme.endswith(("+s", "+ssc")) and ("SSL" in text or "BoltSecurityError" in text):
        return (f"Neo4j at {uri} does not speak TLS; use {scheme.split('+')[0]}:// for a server without "
                "encryption, or turn TLS on there")
    if not scheme.endswith(("+s", "+ssc")) and "incomplete handshake" in text:
        return (f"Neo4j at {uri} closed the connection at once: it may require TLS; use {scheme}+s:// "
                f"(or {scheme}+ssc:// for a self-signed certificate)")
    said = " ".join(str(error).split())  # (the driver's message spans lines: one line, without escapes)
    return f"cannot reach Neo4j at {uri} ({said}); is it running? `make neo4j` starts a local one"


BOLT_PROBE_SECONDS = 5.0


def _check_port(uri: str, scheme: str) -> None:
    """Refuse a URI whose port is no number without printing it: "bolt://neo4j:secret" (a user and password
    pasted without the host) had its password printed in the driver's "cannot resolve" (a second reader)."""
    from urllib.parse import urlsplit

    try:
        _port = urlsplit(uri).port  # (a ValueError when it is no number)
    except ValueError:
        host = urlsplit(uri).hostname or "HOST"
        raise StoreError(f"{scheme}://{host}:… is not a Neo4j URI: what follows the host's ':' is not a port number "
                         "(a password? give it in NEO4J_PASSWORD, never in the URI); expected "
                         f"{scheme}://HOST:PORT, such as {scheme}://127.0.0.1:7687") from None


def _speaks_bolt(uri: str) -> None:
    """Refuse in one line a plain URI whose port answers, but not as Bolt (a web server, Neo4j Browser's port):
    the driver waited a minute there, then said it could not reach Neo4j "is it running?" (a team's admin). A
    closed port, or anything this probe cannot tell, is left to the driver to say."""
    import socket
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(uri)
        host, port = parts.hostname, parts.port or 7687
    except ValueError:
        return
    if not host:
        return
    try:
        conn = socket.create_connection((host, port), timeout=BOLT_PROBE_SECONDS)
    except OSError:
        return  # (not listening, not resolved: the driver says it)
    with conn:
        try:
            # Bolt's magic, then four versions offered (5.x, 4.4, 4.3, 3): a Bolt server answers with 4 bytes
            conn.sendall(bytes.fromhex("6060B017") + bytes.fromhex("00000805" "00000404" "00000304" "00000003"))
            answer = conn.recv(4)
        except TimeoutError:
            answer = None
        except OSError:
            return
    if answer is None or (answer and len(answer) == 4 and answer[:2] == b"HT"):
        said = "answers, but not as a Neo4j server" + (" (it waits in silence)" if answer is None else " (HTTP)")
        raise StoreError(f"{host}:{port} {said}: give Neo4j's Bolt port (7687 unless the server was set up "
                         "otherwise; 7474 is Neo4j Browser's), e.g. neo4j://HOST:7687")


_LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


def _lucene_escape(word: str) -> str:
    return "".join("\\" + c if c in _LUCENE_SPECIAL else c for c in word)


class Neo4jStore:
    """A :class:`~kg.store.base.GraphStore` in a Neo4j database."""

    def __init__(self, uri: str, auth: tuple[str, str] | None = None, database: str = "neo4j") -> None:
        given, uri = uri, without_credentials(uri)
        if given != uri:
            # (the driver refuses them, and the server's error printed the URI, password and all: a team's admin)
            raise StoreError(f"the Neo4j URI {uri} has a user name or password written into it, which the driver "
                             "does not read: give the URI without them, and the user and password in NEO4J_USERNAME "
                             "and NEO4J_PASSWORD")
        self.uri, self.database = uri, database
        self._tx: Any = None
        scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
        if scheme not in ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"):
            # (the driver's own errors for these were tracebacks: a new user typed the address alone, or http://)
            raise StoreError(f"{uri} is not a Neo4j URI; expected neo4j://HOST:PORT (neo4j+s:// or neo4j+ssc:// with "
                             "TLS, or bolt:// for one server), such as neo4j://127.0.0.1:7687")
        _check_port(uri, scheme)
        if scheme in ("neo4j", "bolt"):
            _speaks_bolt(uri)
        # (setting, value) a load holds the store by: each write checks, as it commits, that the setting still
        # says so (another load may have taken the store over meanwhile, taking this one to have stopped)
        self.hold: tuple[str, str] | None = None
        try:
            self.driver = GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
            # every session of this store chained causally: a read routed to a cluster's follower sees what this
            # store wrote before it (a load's claim on the store, written a moment before it is read back)
            self._bookmarks = GraphDatabase.bookmark_manager()
            self.driver.verify_connectivity()
            with self.driver.session(database=database, bookmark_manager=self._bookmarks) as s:
                for statement in cypher.CONSTRAINTS:
                    s.run(statement).consume()
        except AuthError:
            if auth is None:
                raise StoreError(f"Neo4j at {uri} asks for a password: set NEO4J_PASSWORD (and NEO4J_USERNAME "
                                 "when the user is not neo4j)") from None
            raise StoreError(f"Neo4j at {uri} refused the credentials; check NEO4J_USERNAME and "
                             "NEO4J_PASSWORD") from None
        except (ServiceUnavailable, OSError) as e:
            raise StoreError(_unreachable(uri, e)) from None
        except ValueError as e:
            raise StoreError(f"{uri} is not a Neo4j URI ({e}); expected neo4j://, neo4j+s:// "
                             "or bolt://HOST:PORT") from None
        except ClientError as e:
            if "AuthenticationRateLimit" in (e.code or ""):
                raise StoreError(f"Neo4j at {uri} refuses logins for a few seconds after repeated wrong passwords: "
                                 "check NEO4J_PASSWORD (and NEO4J_USERNAME), then try again shortly") from None
            if database.lower() == "system":
                raise StoreError("Neo4j's database 'system' is the server's administration database, not one to "
                                 "load data into: unset NEO4J_DATABASE (neo4j, the one Community has) or name a "
                                 "database of your own") from None
            if "DatabaseNotFound" in (e.code or ""):
                raise StoreError(f"Neo4j at {uri} has no database {database!r}: check NEO4J_DATABASE (unset, it is "
                                 "neo4j, the one Community has), or create the database on the server") from None
            if "must be changed" in (e.message or "") or "CredentialsExpired" in (e.code or ""):
                raise StoreError(f"Neo4j at {uri} asks user {auth[0] if auth else 'neo4j'} to change the password "
                                 "before first use: change it in Neo4j Browser or cypher-shell (ALTER CURRENT USER "
                                 "SET PASSWORD FROM 'old' TO 'new'), then set NEO4J_PASSWORD to the new one") from None
            said = " ".join(str(e.message).split())  # (the server's message spans lines: one line)
            raise StoreError(f"Neo4j at {uri}, database {database}: {said}") from None

    @classmethod
    def from_environment(cls, uri: str) -> Neo4jStore:
        """Open ``uri`` with ``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``."""
        password = os.environ.get("NEO4J_PASSWORD")
        user = os.environ.get("NEO4J_USERNAME") or "neo4j"  # (set but empty: the default, as NEO4J_DATABASE)
        other = os.environ.get("NEO4J_USER")
        if other and other != user and not os.environ.get("NEO4J_USERNAME"):
            # (read by nothing here: a team's admin connected as neo4j without a word)
            raise StoreError(f"NEO4J_USER is set ({other}), but kg reads the user from NEO4J_USERNAME, as Neo4j's "
                             f"own tools do: set NEO4J_USERNAME={other} (and unset NEO4J_USER)")
        auth = (user, password) if password is not None else None
        return cls(uri, auth, os.environ.get("NEO4J_DATABASE") or "neo4j")

    def describe(self) -> str:
        return f"Neo4j store {self.uri} (database {self.database})"

    def _session(self) -> neo4j.Session:
        return self.driver.session(database=self.database, bookmark_manager=self._bookmarks)

    def _read(self, query: str, parameters: dict[str, Any] | None = None, **kw: Any) -> list[Any]:
        """The records a read statement gives, read in a managed read transaction: the driver retries it on a
        transient error (a cluster electing a leader, Aura moving a database), where an auto-commit statement
        fails at once. Every record is held (a whole store's records are streamed by :meth:`records`)."""
        params = {**(parameters or {}), **kw}
        with self._session() as s:
            return s.execute_read(lambda tx: list(tx.run(query, params)))

    def upsert(self, records: Sequence[Record]) -> UpsertResult:
        by_kind = _records_by_kind(records)

        def work(tx: Any) -> UpsertResult:
            result = UpsertResult()
            ends: dict[tuple[str, str], str] = {}  # (label, id) -> element id, valid in this transaction
            for kind in LOAD_ORDER:
                records_of_kind = by_kind.get(kind)
                if not records_of_kind:
                    continue
                # each part's rows are built here while the server looks its keys up (a statement's
                # answer is waited for only when the next statement is sent or the answer read)
                rows: list[dict[str, Any]] = []
                asked = []
                for at in range(0, len(records_of_kind), STATEMENT_ROWS):
                    part = records_of_kind[at:at + STATEMENT_ROWS]
                    asked.append(tx.run(cypher.existing(kind), keys=[r.key() for r in part]))
                    rows += map(node_row, part)
                old: dict[str, int] = {}
                for found in asked:
                    old.update((k, h) for k, h in found.single(strict=True)[0])
                new, changed = [], []
                for row in rows:
                    prev = old.get(row["key"])
                    if prev is None:
                        result.count(result.new, kind)
                        new.append(row)
                    elif prev == row["props"]["hash"]:
                        result.count(result.unchanged, kind)
                    else:
                        result.count(result.updated, kind)
                        changed.append(row)
                    old[row["key"]] = row["props"]["hash"]
                self._write(tx, kind, new, changed, ends)
            if self._tx is None:  # (in a transaction of many upserts, it is checked once, as that commits)
                self._check_hold(tx, "nothing of this batch was written")
            return result

        try:
            if self._tx is not None:
                return work(self._tx)
            with self._session() as s:
                done = s.execute_write(work)
        except Neo4jError as e:
            hint = ""
            if "MemoryPoolOutOfMemoryError" in (e.code or ""):
                hint = ("; the transaction outgrew the server's transaction memory: load without --strict "
                        "(one transaction per batch), with smaller batches (KG_BATCH_SIZE), or raise the server's "
                        "dbms.memory.transaction.total.max")
            raise StoreError(f"Neo4j rejected the batch, nothing of it was written: {e.message}{hint}") from None
        except ServiceUnavailable as e:
            raise StoreError(f"lost Neo4j at {self.uri} ({e}); the batch under way was not written") from None
        if any(done.new.get(kind) or done.updated.get(kind) for kind in cypher.REL_TYPES):
            self._resample()  # committed: an interruption here loses nothing
        return done

    @staticmethod
    def _write(tx: Any, kind: str, new: list[dict[str, Any]], changed: list[dict[str, Any]],
               known: dict[tuple[str, str], str]) -> None:
        """Create the new records (positional rows, created without a look-up) and update the changed
        ones, in statements of at most :data:`STATEMENT_ROWS` rows, all in ``tx``.

        A statement's answer is read only after the next statement is sent: the rows of the next
        part are built and encoded here while the server writes the part before."""
        sent: list[tuple[Any, int]] = []  # (result, how many it must have created, or -1)
        if kind in ("actor", "event"):
            labels = list(cypher.ACTOR_LABELS.items()) if kind == "actor" else [(None, "")]
            for label_kind, label in labels:  # every new one first: one given again may change its kind
                fresh = [r for r in new if label_kind is None or r["props"].get("kind") == label_kind]
                for part in _chunks(fresh):
                    rows, extra = create_rows(kind, part)
                    sent.append((tx.run(cypher.create_nodes(kind, label, extra), rows=rows), -1))
            for label_kind, label in labels:
                update = cypher.update_actors(label) if kind == "actor" else cypher.UPDATE_EVENTS
                for part in _chunks([r for r in changed if label_kind is None or r["props"].get("kind") == label_kind]):
                    sent.append((tx.run(update, rows=part), -1))
        elif kind == "restriction":
            for part in _chunks(new + changed):
                sent.append((tx.run(cypher.MERGE_RESTRICTIONS, rows=part), -1))
        else:
            # the end nodes of every new relationship, looked up first (a statement per end)
            for end, field in ((0, "start"), (1, "end")):
                end_label = str(cypher.REL_ENDS[kind][2 * end])
                ask = sorted({r[field] for r in new} - {i for (label, i) in known if label == end_label})
                for part in _chunks(ask):
                    found = tx.run(cypher.element_ids(kind, end), ids=part).single(strict=True)
                    known.update(((end_label, i), e) for i, e in zip(found[0], found[1], strict=True))
            start_label, end_label = str(cypher.REL_ENDS[kind][0]), str(cypher.REL_ENDS[kind][2])
            for part in _chunks(new):
                ends = ({r["start"]: known[start_label, r["start"]]
                         for r in part if (start_label, r["start"]) in known},
                        {r["end"]: known[end_label, r["end"]] for r in part if (end_label, r["end"]) in known})
                missing = [r for r in part if r["start"] not in ends[0] or r["end"] not in ends[1]]
                if missing:
                    r = missing[0]
                    absent = r["start"] if r["start"] not in ends[0] else r["end"]
                    raise StoreError(f"{kind} {r['key']} names {absent!r}, which is not in the Neo4j store; "
                                     "nothing of the batch was written")
                rows, extra = create_rows(kind, part, ends)
                sent.append((tx.run(cypher.create_relationships(kind, extra), rows=rows), len(rows)))
            for part in _chunks(changed):
                sent.append((tx.run(cypher.update_relationships(kind), rows=part), -1))
        for result, expected in sent:
            if expected < 0:
                result.consume()
            elif (created := result.single(strict=True)["n"]) != expected:  # an end node deleted meanwhile
                raise StoreError(f"Neo4j created {created} of {expected} {PLURAL[kind]}: end nodes "
                                 "vanished during the load; nothing of the batch was written")

    def _check_hold(self, tx: Any, nothing: str) -> None:
        """Refuse to commit ``tx`` unless the load this store writes for still holds it (:attr:`hold`); the
        setting stays locked from this check to the commit."""
        if self.hold is None:
            return
        name, value = self.hold
        found = tx.run(cypher.LOCKED_META, name=name).single()
        if found is None or found["value"] != value:
            raise StoreError(f"another load took this store over (it took this one to have stopped); {nothing}; "
                             "load the same data again when the other has finished")

    def _resample(self) -> None:
        """Ask the server to resample the indexes a commit has outdated (the procedure schedules it).

        A statement planned while the tie key index's statistics were still those from before a
        large commit could seek that index at 10 ms a key (the plan is made anew each time, see
        :data:`cypher.REL_BY_KEY`, but from those statistics; a guess, not checked against the
        server's source). By hand, right after committing 50,000 records (31,000 ties): one of four
        key checks took 52 s for 5,000 keys without this call, five of five took 0.11-0.13 s with
        it (the call 0.09 s). Only an aid: where the user lacks the privilege, loads go on as
        before."""
        with contextlib.suppress(Neo4jError, DriverError), self._session() as s:
            s.run(cypher.RESAMPLE).consume()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Every upsert inside is one Neo4j transaction: committed whole at the end, or rolled back."""
        if self._tx is not None:
            yield
            return
        with self._session() as s:
            tx = s.begin_transaction()
            self._tx = tx
            try:
                yield
                self._check_hold(tx, "nothing was written")
                try:
                    tx.commit()
                except (ServiceUnavailable, SessionExpired, DatabaseUnavailable) as e:
                    # (the server went away as it committed: whether it wrote the whole is unknown)
                    raise StoreError(f"lost Neo4j at {self.uri} while committing ({e}); the load may or may not have "
                                     "been written: check with kg stats, then load the same data again (it is "
                                     "safe)") from None
            except BaseException:
                with contextlib.suppress(Exception):
                    tx.rollback()
                raise
            finally:
                self._tx = None
                with contextlib.suppress(Exception):
                    tx.close()
        self._resample()  # committed: an interruption here loses nothing

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Nothing to defer: Neo4j keeps its indexes up to date itself."""
        yield

    def select(self, kind: str, field: str, values: Iterable[str], day: date | None = None,
               max_sensitivity: int = 2) -> list[Record]:
        prop = {"from_": "from", "group_id": "group"}.get(field, field)
        if kind == "restriction" and prop == "group":
            statement = cypher.select("restriction", "group")
        else:
            statement = cypher.select(kind, prop)
        rows = self._read(statement, values=sorted(set(values)), day=day, max_sens=max_sensitivity)
        return [record_from_dict(kind, json.loads(r["data"])) for r in rows]

    def search(self, text: str, limit: int = 200, max_sensitivity: int = 2, close_to: str = "") -> list[Record]:
        words = fold(text).split()
        if not words:
            return []
        # Lucene syntax: each folded word as a prefix; special characters escaped
        query = " AND ".join(_lucene_escape(w) + "*" for w in words)
        folded = " ".join(words)
        phrase = '"' + folded.replace("\\", "\\\\").replace('"', '\\"') + '"'
        # an actor whose id, name or an alias is exactly the text first, however many longer
        # names share its words (as the embedded store does)
        exact = [r["id"] for r in self._read(cypher.SEARCH_LABELS, {"query": phrase, "limit": EXACT_SCAN,
                                                                    "max_sens": max_sensitivity})
                 if folded in {fold(r["id"]), fold(r["name"]), *(fold(a) for a in r["aliases"] or ())}]
        # of more than ``limit`` matches, those that come first by search_order, as in the embedded store
        matches = [(r["id"], r["search"] or "") for r in self._read(cypher.SEARCH, {"query": query,
                                                                                   "max_sens": max_sensitivity})]
        near = fold(close_to).split()
        chosen = [i for i, _ in heapq.nsmallest(limit, matches, key=lambda m: search_order(m[1], m[0], near))]
        wanted = [*exact[:limit], *chosen]
        data = {d["id"]: d for d in (json.loads(r["data"]) for r in self._read(
            cypher.select("actor", "id"), {"values": wanted, "day": None, "max_sens": max_sensitivity}))}
        found = {i: data[i] for i in wanted if i in data}
        return [record_from_dict("actor", d) for d in list(found.values())[:limit]]

    def count_by(self, kind: str, field: str, values: Iterable[str], day: date | None = None,
                 max_sensitivity: int = 2, at_most: int | None = None) -> dict[str, int]:
        found = {r["value"]: r["n"] for r in self._read(cypher.count_by(kind, {"from_": "from"}.get(field, field)),
                                                        values=sorted(set(values)), day=day, max_sens=max_sensitivity)}
        return found if at_most is None else {v: min(n, at_most + 1) for v, n in found.items()}

    def actor_labels(self, max_sensitivity: int = 2) -> Iterator[tuple[str, str, list[str]]]:
        with self._session() as s:  # (streamed: every actor's labels, a million of them held at once otherwise)
            for r in s.run(cypher.ACTOR_LABELS_READ, max_sens=max_sensitivity):
                yield r["id"], r["name"], list(r["aliases"] or [])

    def ended_actors(self, day: date, max_sensitivity: int = 2, ids: Iterable[str] | None = None) -> dict[str, str]:
        if ids is None:
            found = self._read(cypher.ENDED_ACTORS, max_sens=max_sensitivity)
        else:
            found = self._read(cypher.ENDED_ACTORS_OF, ids=sorted(set(ids)), max_sens=max_sensitivity)
        return ended_before([(r["id"], r["end"]) for r in found], day)

    def day_rows(self, kind: str, day: date | None, max_sensitivity: int = 2) -> list[tuple[Any, ...]]:
        if kind in ("actor", "event", "participation"):
            day = None
        rows = [tuple(r.values()) for r in self._read(cypher.DAY_ROWS[kind], day=day, max_sens=max_sensitivity)]
        # by key (the ref): the server gives no order, and of two equally reliable links the one shown
        # must not change from run to run (sorted here, not by the server, which would hold them all)
        rows.sort(key=operator.itemgetter(0))
        return rows

    def records_by_ref(self, kind: str, refs: Iterable[Any]) -> dict[Any, Record]:
        return {r["key"]: record_from_dict(kind, json.loads(r["data"]))
                for r in self._read(cypher.by_keys(kind), keys=sorted(set(refs)))}

    def records(self, kind: str) -> Iterator[Record]:
        if kind not in KINDS:
            raise ValueError(f"no record kind {kind!r}")
        with self._session() as s:
            for rec in s.run(cypher.read_all(kind)):
                yield record_from_dict(kind, json.loads(rec["data"]))

    def existing_ids(self, kind: str, ids: Iterable[str]) -> set[str]:
        return {r["id"] for r in self._read(cypher.existing_ids(kind), ids=list(set(ids)))}

    def _in_transaction(self, work: Callable[[Any], T], write: bool = False) -> T:
        """``work(tx)`` in the transaction a load holds open (what it sees), else in a managed one."""
        if self._tx is not None:
            return work(self._tx)
        with self._session() as s:
            return s.execute_write(work) if write else s.execute_read(work)

    def compare(self, records: Sequence[Record]) -> UpsertResult:
        result = UpsertResult()
        by_kind = _records_by_kind(records)
        for kind in LOAD_ORDER:
            if kind not in by_kind:
                continue
            rows = [(row["key"], row["props"]["hash"]) for row in map(node_row, by_kind[kind])]
            statement, wanted = cypher.existing(kind), sorted({k for k, _ in rows})

            def read(tx: Any, statement: str = statement, wanted: list[str] = wanted) -> dict[str, int]:
                return {k: h for part in _chunks(wanted)
                        for k, h in tx.run(statement, keys=part).single(strict=True)[0]}

            count_changes(result, kind, rows, self._in_transaction(read))
        return result

    def stored_sensitivity(self, kind: str, keys: Iterable[str]) -> dict[str, int]:
        wanted = sorted(set(keys))
        return self._in_transaction(lambda tx: {
            k: v if v is not None else 0 for part in _chunks(wanted)
            for k, v in tx.run(cypher.existing(kind, "sens"), keys=part).single(strict=True)[0]})

    def keys(self, kind: str) -> set[str]:
        return self._in_transaction(lambda tx: set(tx.run(cypher.all_keys(kind)).single(strict=True)[0]))

    def delete(self, kind: str, keys: Iterable[str]) -> int:
        wanted = sorted(set(keys))
        return self._in_transaction(lambda tx: sum(
            tx.run(cypher.delete(kind), keys=part).single(strict=True)[0] for part in _chunks(wanted)), write=True)

    def unnormalized_ids(self, kind: str) -> set[str]:
        return {r["id"] for r in self._read(cypher.unnormalized_ids(kind)) if id_look(r["id"]) != r["id"]}

    def counts(self) -> dict[str, int]:
        out = empty_counts()
        for kind in KINDS:
            out[PLURAL[kind]] = self._read(cypher.count(kind))[0]["n"]
        return out

    def get_meta(self, name: str) -> str | None:
        found = self._read(cypher.GET_META, name=name)
        return found[0]["value"] if found else None

    def set_meta(self, name: str, value: str) -> None:
        with self._session() as s:
            s.execute_write(lambda tx: tx.run(cypher.SET_META, name=name, value=value).consume())

    def swap_meta(self, name: str, old: str, new: str, *, once: bool = False) -> bool:
        with self._session() as s:
            if once:  # (an auto-commit transaction: the driver does not retry it for half a minute)
                found = s.run(cypher.SWAP_META, name=name, old=old, new=new).single()
            else:
                found = s.execute_write(lambda tx: tx.run(cypher.SWAP_META, name=name, old=old, new=new).single())
            return bool(found and found["done"])

    def set_meta_once(self, name: str, value: str) -> str:
        with self._session() as s:
            return s.execute_write(lambda tx: tx.run(cypher.SET_META_ONCE, name=name, value=value)
                                   .single(strict=True)["value"])

    def clear(self) -> None:
        with self._session() as s:
            while s.execute_write(lambda tx: tx.run(cypher.CLEAR_BATCH).single(strict=True)["n"]):
                pass

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
