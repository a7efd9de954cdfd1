"""Ingest benchmark: the sample and a synthetic 100,000-tie dataset into both stores.

Also loads the synthetic dataset into Neo4j one record per transaction, the way
py2neo users typically write loaders (``graph.merge(node)`` in a loop), to show
what batching buys. Run: ``python -m benchmarks.ingest`` (starts its own Neo4j).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks import neo4j_load
from benchmarks.common import compile_bytecode, timer, write_section
from benchmarks.synthetic import write_synthetic
from ingest import load
from ingest.load import validate_path
from kg.model import LOAD_ORDER
from kg.store import local_neo4j
from kg.store.neo4j import Neo4jStore
from kg.store.sqlite import SQLiteStore

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "oslo"


def one_record_per_transaction(store: Neo4jStore, folder: Path) -> int:
    """Load every record in its own auto-commit transaction: the naive loader (one session, plans
    reused; see :mod:`benchmarks.neo4j_load`), after reading and validating the folder."""
    _, accepted, _ = validate_path(folder)
    records = [r for kind in LOAD_ORDER for r in accepted[kind]]
    neo4j_load.one_record_per_transaction(store, records)
    return len(records)


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser()
    parser.add_argument("--ties", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=10_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        synthetic = write_synthetic(tmpdir / "synthetic", args.actors, args.ties)
        _, accepted, _ = validate_path(synthetic)
        n_records = sum(len(v) for v in accepted.values())
        server = local_neo4j.start(tmpdir / "neo4j")
        try:
            _, sample_records, _ = validate_path(SAMPLE)
            n_sample = sum(len(v) for v in sample_records.values())
            for label, folder in ((f"Oslo sample ({n_sample} records)", SAMPLE),
                                  (f"synthetic: {args.actors:,} actors, {args.ties:,} ties "
                                   f"({n_records:,} records)", synthetic)):
                sqlite = SQLiteStore(tmpdir / f"{folder.name}.db")
                with timer() as t:
                    load(sqlite, folder, strict=True)
                with timer() as t2:
                    load(sqlite, folder, strict=True)
                sqlite.close()
                rows.append((label, "embedded (SQLite), batched", t["seconds"], t2["seconds"]))
                neo = Neo4jStore(server.uri)
                neo.clear()
                with timer() as t:
                    load(neo, folder, strict=True)
                with timer() as t2:
                    load(neo, folder, strict=True)
                rows.append((label, "Neo4j, batched (UNWIND, 5,000 a transaction)", t["seconds"], t2["seconds"]))
                neo.clear()
                with timer() as t:
                    one_record_per_transaction(neo, folder)
                rows.append((label, "Neo4j, one record per transaction (py2neo style)", t["seconds"], None))
                neo.close()
        finally:
            server.stop()
    body = ["| dataset | store and loader | first load (s) | same data again (s) |", "|---|---|---:|---:|"]
    for label, how, first, again in rows:
        body.append(f"| {label} | {how} | {first:.2f} | {'' if again is None else f'{again:.2f}'} |")
    body.append("\nFirst load: an empty store. Again: the same data, which changes nothing (idempotent upsert). "
                "Times include reading and validating the CSV files. Neo4j is the local Community 5.26 "
                "server started by `kg.store.local_neo4j` (2 GiB heap, 256 MiB page cache).")
    write_section("ingest", "Ingest", "\n".join(body), "python -m benchmarks.ingest")


if __name__ == "__main__":
    main()
