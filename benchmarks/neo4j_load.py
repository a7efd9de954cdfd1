"""Neo4j loading: batched upserts against one record per transaction, at 10,000 actors / 100,000 ties.

Both loaders start from the same validated records in memory (reading the CSV files is
the same for both and is measured by ``benchmarks.ingest``) and write into the same
local server, warmed up first (the JVM compiles its hot code during the first load).

- batched: ``Neo4jStore.upsert`` in batches of ``ingest.load.BATCH_SIZE`` records, each
  batch one transaction, as ``kg ingest`` does (and once more in a single transaction,
  as ``kg ingest --strict`` does);
- one record per transaction: one session reused for every record, one auto-commit
  transaction per record, and one fixed Cypher text per kind, so the server plans each
  statement once and reuses the plan (the fair version of a naive loader): ``MERGE`` on
  the record's key, then ``SET`` its properties.

Run: ``python -m benchmarks.neo4j_load`` (starts its own Neo4j; about 5 minutes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import compile_bytecode, write_section
from benchmarks.synthetic import synthetic_records
from ingest.load import BATCH_SIZE
from kg.model import LOAD_ORDER, Record
from kg.store import cypher, local_neo4j
from kg.store.neo4j import Neo4jStore, node_row

ONE_RECORD = {
    "Person": "MERGE (n:Actor {id: $id}) SET n = $props SET n:Person",
    "Organization": "MERGE (n:Actor {id: $id}) SET n = $props SET n:Organization",
    "event": "MERGE (n:Event {id: $id}) SET n = $props",
    "restriction": ("MATCH (g:Actor {id: $group}) MERGE (n:Restriction {key: $key}) SET n = $props "
                    "MERGE (n)-[:RESTRICTS]->(g)"),
    **{kind: (f"MATCH (s:{start} {{id: $start}}) MATCH (e:{end} {{id: $end}}) "
              f"MERGE (s)-[r:{cypher.REL_TYPES[kind]} {{key: $key}}]->(e) SET r = $props")
       for kind, (start, _, end, _, _) in cypher.REL_ENDS.items()},
}


def one_record_per_transaction(store: Neo4jStore, records: list[Record]) -> None:
    """Each record in its own auto-commit transaction, through one session and one plan per kind."""
    with store.driver.session(database=store.database) as session:
        for record in records:
            row = node_row(record)
            kind = record.kind_name
            statement = ONE_RECORD[cypher.ACTOR_LABELS[record.kind] if kind == "actor" else kind]  # type: ignore[attr-defined]
            session.run(statement, id=row["id"], key=row["key"], start=row.get("start"), end=row.get("end"),
                        group=row.get("group"), props=row["props"]).consume()


def batched(store: Neo4jStore, records: list[Record], batch: int, whole: bool = False) -> None:
    """As ``kg ingest`` writes: batches of ``batch`` records, each one transaction (``whole``: all in one)."""
    if whole:
        with store.transaction():
            for i in range(0, len(records), batch):
                store.upsert(records[i:i + batch])
    else:
        for i in range(0, len(records), batch):
            store.upsert(records[i:i + batch])


def timed(fn, *args, **kwargs) -> tuple[float, float]:  # noqa: ANN001
    """Wall-clock seconds and this process's CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser()
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=BATCH_SIZE)
    parser.add_argument("--repeat", type=int, default=3, help="batched loads to time (the median is reported)")
    parser.add_argument("--heap", default="2g", help="the local server's Java heap")
    args = parser.parse_args()
    order = {k: i for i, k in enumerate(LOAD_ORDER)}
    records = sorted(synthetic_records(args.actors, args.ties), key=lambda r: order[r.kind_name])
    n = len(records)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        server = local_neo4j.start(Path(tmp) / "neo4j", heap=args.heap)
        try:
            store = Neo4jStore(server.uri)
            # the first load into the new database, as a first `kg ingest` does; it also warms the
            # server up (the JVM compiles its hot paths during the first loads)
            first = timed(batched, store, records, args.batch)
            assert store.counts()["ties"] == args.ties
            store.clear()
            one_record_per_transaction(store, records[:2_000])
            store.clear()
            runs, agains = [], []
            for _ in range(args.repeat):
                runs.append(timed(batched, store, records, args.batch))
                agains.append(timed(batched, store, records, args.batch))  # same data: nothing changes
                store.clear()
            again = sorted(agains)[len(agains) // 2]
            strict = timed(batched, store, records, args.batch, whole=True)
            assert store.counts()["ties"] == args.ties
            store.clear()
            single = timed(one_record_per_transaction, store, records)
            assert store.counts()["ties"] == args.ties
            store.close()
        finally:
            server.stop()
    load_after = os.getloadavg()[0]
    walls = sorted(w for w, _ in runs)
    best, median = walls[0], statistics.median(walls)
    cpu = statistics.median(c for _, c in runs)
    ratio = single[0] / median
    label = f"{args.actors:,} actors, {args.ties:,} ties ({n:,} records)"
    body = [
        "| loader | records | time (s) | records/s | client CPU (s) |",
        "|---|---:|---:|---:|---:|",
        f"| batched: {args.batch:,} records a transaction (median of {args.repeat}; best {best:.2f} s) "
        f"| {n:,} | {median:.2f} | {n / median:,.0f} | {cpu:.2f} |",
        f"| batched, the first load into a new database (the server just started) | {n:,} | {first[0]:.2f} "
        f"| {n / first[0]:,.0f} | {first[1]:.2f} |",
        f"| batched, the same data again (nothing changes; median of {args.repeat}) | {n:,} | {again[0]:.2f} "
        f"| {n / again[0]:,.0f} "
        f"| {again[1]:.2f} |",
        f"| batched, all in one transaction (`--strict`) | {n:,} | {strict[0]:.2f} | {n / strict[0]:,.0f} "
        f"| {strict[1]:.2f} |",
        f"| one record per transaction (one session, plans reused) | {n:,} | {single[0]:.2f} "
        f"| {n / single[0]:,.0f} | {single[1]:.2f} |",
        "",
        f"**Batched loading is {ratio:.1f}x faster than one record per transaction** at {label} "
        f"(median batched time; {single[0] / best:.1f}x against the best batched run).",
        "",
        "Both loaders start from the same validated records in memory (reading and validating the CSV "
        "files is the same for both; see the ingest section), against the local Neo4j Community 5.26 "
        f"server of `kg.store.local_neo4j` ({args.heap} heap, 256 MiB page cache), warmed up by the first "
        "load into the new database (its own row). The one-record loader is the fair version of a naive "
        "loader: it reuses one session for every record and sends one fixed Cypher text per kind "
        "(`MERGE` on the key, then `SET` the properties), so the server plans each statement once; "
        "each record is its own auto-commit transaction. Client CPU: the Python process's own time "
        "(row building and the driver's encoding, with `neo4j-rust-ext`). The machine is shared: load average "
        f"{load_before:.1f} at the start, {load_after:.1f} at the end (2 cores).",
    ]
    write_section("neo4j-load", "Neo4j loading: batched against one record per transaction", "\n".join(body),
                  "python -m benchmarks.neo4j_load")


if __name__ == "__main__":
    main()
