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

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from kg import time as kgtime
from kg.errors import StoreError
from kg.model import KINDS, LOAD_ORDER, PLURAL, Record, record_from_dict
from kg.store import cypher
from kg.store.base import UpsertResult, empty_counts
from kg.store.sqlite import dumps

try:
    import neo4j
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable
except ImportError:  # pragma: no cover - the package is a dependency
    neo4j = None  # type: ignore[assignment]


def _flat(value: Any) -> Any:
    """A value Neo4j can hold as a property, or None to leave it out."""
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value):
        return list(value)
    return None


def node_row(record: Record) -> dict[str, Any]:
    """The parameters for one record: its key, endpoints, and properties to set."""
    data = record.to_dict()
    props = {k: v for k, v in ((k, _flat(v)) for k, v in data.items()) if v is not None}
    props["data"] = dumps(record)
    start, end = getattr(record, "start", None), getattr(record, "end", None)
    if start:
        props["start_day"] = kgtime.first_day(start)
    if end:
        props["end_day"] = kgtime.last_day(end)
    if record.kind_name not in ("actor", "event"):
        props["key"] = record.key()
    row: dict[str, Any] = {"props": props, "key": record.key(), "id": data.get("id")}
    if record.kind_name in cypher.REL_ENDS:
        _, start_field, _, end_field, _ = cypher.REL_ENDS[record.kind_name]
        row["start"], row["end"] = data[start_field], data[end_field]
    if record.kind_name == "restriction":
        row["group"] = data["group"]
    return row


class Neo4jStore:
    """A :class:`~kg.store.base.GraphStore` in a Neo4j database."""

    def __init__(self, uri: str, auth: tuple[str, str] | None = None, database: str = "neo4j") -> None:
        self.uri, self.database = uri, database
        try:
            self.driver = GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
            self.driver.verify_connectivity()
            with self.driver.session(database=database) as s:
                for statement in cypher.CONSTRAINTS:
                    s.run(statement).consume()
        except AuthError:
            raise StoreError(f"Neo4j at {uri} refused the credentials; check NEO4J_USERNAME and "
                             "NEO4J_PASSWORD") from None
        except (ServiceUnavailable, OSError) as e:
            raise StoreError(f"cannot reach Neo4j at {uri} ({e}); is it running? "
                             "`make neo4j` starts a local one") from None
        except ValueError as e:
            raise StoreError(f"{uri} is not a Neo4j URI ({e}); expected neo4j://, neo4j+s:// "
                             "or bolt://HOST:PORT") from None
        except ClientError as e:
            raise StoreError(f"Neo4j at {uri}, database {database}: {e.message}") from None

    @classmethod
    def from_environment(cls, uri: str) -> Neo4jStore:
        """Open ``uri`` with ``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``."""
        password = os.environ.get("NEO4J_PASSWORD")
        user = os.environ.get("NEO4J_USERNAME", "neo4j")
        auth = (user, password) if password is not None else None
        return cls(uri, auth, os.environ.get("NEO4J_DATABASE") or "neo4j")

    def describe(self) -> str:
        return f"Neo4j store {self.uri} (database {self.database})"

    def _session(self) -> neo4j.Session:
        return self.driver.session(database=self.database)

    def upsert(self, records: Sequence[Record]) -> UpsertResult:
        by_kind: dict[str, list[Record]] = {}
        for r in records:
            by_kind.setdefault(r.kind_name, []).append(r)

        def work(tx: neo4j.ManagedTransaction) -> UpsertResult:
            result = UpsertResult()
            for kind in LOAD_ORDER:
                batch = by_kind.get(kind)
                if not batch:
                    continue
                keys = [r.key() for r in batch]
                old = {rec["key"]: rec["data"] for rec in tx.run(cypher.existing(kind), keys=keys)}
                rows = [node_row(r) for r in batch]
                for row in rows:
                    prev = old.get(row["key"])
                    bucket = (result.new if prev is None else
                              result.unchanged if prev == row["props"]["data"] else result.updated)
                    result.count(bucket, kind)
                    old[row["key"]] = row["props"]["data"]
                self._write(tx, kind, rows)
            return result

        try:
            with self._session() as s:
                return s.execute_write(work)
        except Neo4jError as e:
            raise StoreError(f"Neo4j rejected the batch, nothing of it was written: {e.message}") from None
        except ServiceUnavailable as e:
            raise StoreError(f"lost Neo4j at {self.uri} ({e}); the batch under way was not written") from None

    @staticmethod
    def _write(tx: neo4j.ManagedTransaction, kind: str, rows: list[dict[str, Any]]) -> None:
        if kind == "actor":
            for actor_kind, label in cypher.ACTOR_LABELS.items():
                part = [r for r in rows if r["props"].get("kind") == actor_kind]
                if part:
                    tx.run(cypher.merge_actors(label), rows=part).consume()
        elif kind == "event":
            tx.run(cypher.MERGE_EVENTS, rows=rows).consume()
        elif kind == "restriction":
            tx.run(cypher.MERGE_RESTRICTIONS, rows=rows).consume()
        else:
            tx.run(cypher.merge_relationships(kind), rows=rows).consume()

    def records(self, kind: str) -> Iterator[Record]:
        if kind not in KINDS:
            raise ValueError(f"no record kind {kind!r}")
        with self._session() as s:
            for rec in s.run(cypher.read_all(kind)):
                yield record_from_dict(kind, json.loads(rec["data"]))

    def existing_ids(self, kind: str, ids: Iterable[str]) -> set[str]:
        with self._session() as s:
            return {r["id"] for r in s.run(cypher.existing_ids(kind), ids=list(set(ids)))}

    def counts(self) -> dict[str, int]:
        out = empty_counts()
        with self._session() as s:
            for kind in KINDS:
                out[PLURAL[kind]] = s.run(cypher.count(kind)).single(strict=True)["n"]
        return out

    def get_meta(self, name: str) -> str | None:
        with self._session() as s:
            rec = s.run(cypher.GET_META, name=name).single()
            return rec["value"] if rec else None

    def set_meta(self, name: str, value: str) -> None:
        with self._session() as s:
            s.execute_write(lambda tx: tx.run(cypher.SET_META, name=name, value=value).consume())

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
