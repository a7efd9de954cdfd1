"""The benchmarks' own tools: the generated networks have the shape they claim, load without a
rejection, and the measuring helpers measure (benchmarks/synthetic.py, benchmarks/common.py,
benchmarks/store.py)."""

from __future__ import annotations

import statistics
import sys
from collections import Counter
from pathlib import Path

from benchmarks.common import csv_rows, run
from benchmarks.store import floor, subjects
from benchmarks.synthetic import (
    GOVERNMENT_SHARE,
    complete_records,
    heavy_tailed_records,
    star_records,
    write_heavy_tailed,
)
from ingest.load import validate_path
from ingest.writers import write_csv


def _by_kind(records):  # noqa: ANN001, ANN202
    out: dict[str, list] = {}
    for r in records:
        out.setdefault(r.kind_name, []).append(r)
    return out


def test_heavy_tailed_is_deterministic_by_seed() -> None:
    a = heavy_tailed_records(1_000, 5_000, seed=3)
    assert a == heavy_tailed_records(1_000, 5_000, seed=3)
    assert a != heavy_tailed_records(1_000, 5_000, seed=4)


def test_heavy_tailed_shape() -> None:
    n_actors, n_ties = 3_000, 15_000
    k = _by_kind(heavy_tailed_records(n_actors, n_ties, seed=5))
    assert len(k["actor"]) == n_actors and len(k["tie"]) == n_ties
    pairs = [frozenset((t.a, t.b)) for t in k["tie"]]
    assert len(set(pairs)) == n_ties and all(len(p) == 2 for p in pairs)  # no repeats, no self ties
    degree: Counter[str] = Counter()
    for t in k["tie"]:
        degree[t.a] += 1
        degree[t.b] += 1
    people = [a.id for a in k["actor"] if a.kind == "person"]
    degrees = sorted((degree[p] for p in people), reverse=True)
    # heavy tail: hubs with many times the median, and people with a single tie
    assert degrees[0] >= 20 * statistics.median(degrees)
    assert degrees.count(1) > 0
    members: Counter[str] = Counter(a.organization for a in k["affiliation"])
    for s in range(4):
        assert 0.7 * GOVERNMENT_SHARE < members[f"gov{s}"] / len(people) < 1.3 * GOVERNMENT_SHARE
    small = [n for org, n in members.items() if org.startswith("org")]
    assert small and min(small) >= 3 and max(small) <= 30
    at_event = Counter(p.event for p in k["participation"])
    assert at_event and min(at_event.values()) >= 5 and max(at_event.values()) <= 40
    assert any(a.official for a in k["affiliation"])
    assert {r.group for r in k["restriction"]} == {"pol1", "pol2"}


def test_generated_datasets_load_without_a_rejection(tmp_path: Path) -> None:
    folder = write_heavy_tailed(tmp_path / "heavy", 1_000, 5_000)
    _, accepted, errors = validate_path(folder)
    assert errors == []
    assert sum(len(v) for v in accepted.values()) == csv_rows(folder)
    for name, records in (("star", star_records(200)), ("complete", complete_records(30))):
        write_csv(records, tmp_path / name)
        _, accepted, errors = validate_path(tmp_path / name)
        assert errors == [] and len(accepted["tie"]) == (200 if name == "star" else 30 * 29 // 2)


def test_subjects_are_a_hub_a_typical_person_and_a_leaf(tmp_path: Path) -> None:
    folder = write_heavy_tailed(tmp_path / "heavy", 1_000, 5_000)
    who = subjects(folder)
    degree = who["degree"]
    assert degree[who["hub"]] > 10 * degree[who["typical"]] > 0  # type: ignore[index]
    assert degree[who["leaf"]] == 1  # type: ignore[index]
    assert who["leaf_partner"] != who["leaf"]


def test_floor_inserts_every_row(tmp_path: Path) -> None:
    folder = write_heavy_tailed(tmp_path / "heavy", 1_000, 5_000)
    assert floor(folder, tmp_path / "floor.db") == csv_rows(folder) > 5_000


def test_run_measures_the_child_alone_and_kills_at_the_timeout() -> None:
    big = run([sys.executable, "-c", "b = bytearray(300 * 2**20); b[::4096] = b'x' * len(b[::4096])"])
    small = run([sys.executable, "-c", "pass"])
    assert big.returncode == 0 and big.max_rss_mb > 300 > small.max_rss_mb
    slow = run([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert slow.timed_out and slow.seconds < 10
