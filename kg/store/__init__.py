"""The stores: an embedded SQLite file (the default) and Neo4j, behind one protocol."""

from __future__ import annotations

import os

from kg.store.base import GraphStore, UpsertResult

__all__ = ["GraphStore", "UpsertResult", "open_store"]


def open_store(db: str | None = None, neo4j_uri: str | None = None, *, create: bool = False,
               readonly: bool = False) -> GraphStore:
    """Open the store the user chose: ``neo4j_uri`` (or ``NEO4J_URI``), else the SQLite file
    ``db`` (or ``KG_DB``, or ``kg.db`` in the current folder).

    ``create``: a missing embedded store is created (loading data); otherwise it is an error
    saying how to load. ``readonly``: the embedded store is opened without writing (queries).
    """
    uri = neo4j_uri or (None if db else os.environ.get("NEO4J_URI"))
    if uri:
        from kg.store.neo4j import Neo4jStore

        return Neo4jStore.from_environment(uri)
    from kg.store.sqlite import SQLiteStore

    return SQLiteStore(db or os.environ.get("KG_DB") or "kg.db", create=create, readonly=readonly)
