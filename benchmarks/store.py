"""Store benchmark (issue 15): ingest beside the raw-insert floor, and point questions as whole commands.

Run: ``python -m benchmarks.store [--sizes 10k,100k] [--runs 3]``. On the heavy-tailed network of
:func:`benchmarks.synthetic.heavy_tailed_records` (10,000 actors / 50,000 ties and 100,000 actors /
1,000,000 ties; generated once into .cache/bench and kept):

- **ingest**: ``kg ingest`` into a fresh embedded store, then the same data again, as whole commands
  (records/s = CSV rows / wall clock); beside the **floor**: a Python process that reads the same CSV
  rows with the ``csv`` module and inserts them raw with ``executemany`` into one table per file with
  the file's columns (no validation, no keys, no indexes), in one transaction, with the store's own
  pragmas (WAL, synchronous=NORMAL). The ratio is ingest time / floor time.
- **point questions**: ``kg search``, ``kg show``, ``kg neighbors --hops 2`` and ``kg common`` on a hub
  (the person with the most ties), a typical person (the median number of ties) and a leaf (one tie,
  no small organization, no event), and ``show``/``neighbors``/``search`` on a government of ~9% of all
  people; each the median of ``--runs`` whole commands (``.venv/bin/kg`` as a subprocess, wall clock,
  Python's start included), with the child's peak resident memory (its ``VmHWM``, see benchmarks.common.run).

Goals (issue 15, at 100,000 / 1,000,000): ingest within 4x of the floor; ``show`` and ``search`` under
0.5 s; ``neighbors --hops 2`` under 1 s. A command that misses its goal is profiled (cProfile, saved in
.cache/bench/profiles/) with ``--profile``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import statistics
import sys
from collections import Counter
from pathlib import Path

from benchmarks.common import (
    CACHE,
    KG,
    SIZES,
    compile_bytecode,
    csv_rows,
    fmt_s,
    goal,
    heavy_tailed,
    ingested,
    load_average,
    median_run,
    profile,
    run,
    write_section,
)

SHOW_GOAL = 0.5
SEARCH_GOAL = 0.5
NEIGHBORS_GOAL = 1.0
INGEST_GOAL = 4.0


def floor(folder: Path, db: Path) -> int:
    """Read every CSV row of ``folder`` with the csv module and insert it raw: the floor ingest is compared with."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    n = 0
    conn.execute("BEGIN")
    for f in sorted(folder.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            table = f.stem
            conn.execute(f'CREATE TABLE "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in header)})')
            rows = list(reader)
            conn.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(header))})', rows)
            n += len(rows)
    conn.execute("COMMIT")
    conn.close()
    return n


def subjects(folder: Path) -> dict[str, object]:
    """Who to ask about, read from the dataset's CSV files: hub, typical person, leaf, a government.

    Degrees count the public, non-hostile ties that hold today; the leaf has one such tie and no other
    tie, no small organization, no event and no influence.
    """
    any_tie: Counter[str] = Counter()
    degree: Counter[str] = Counter()
    partners: dict[str, list[str]] = {}
    with (folder / "ties.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            any_tie[row["a"]] += 1
            any_tie[row["b"]] += 1
            if row["end"] or row["kind"] == "hostile" or row["sensitivity"] != "public":
                continue  # the subjects' ties all hold today and carry messages
            degree[row["a"]] += 1
            degree[row["b"]] += 1
            partners.setdefault(row["a"], []).append(row["b"])
            partners.setdefault(row["b"], []).append(row["a"])
    org_size: Counter[str] = Counter()
    member_of: dict[str, list[str]] = {}
    officials: list[str] = []
    with (folder / "affiliations.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            org_size[row["organization"]] += 1
            member_of.setdefault(row["member"], []).append(row["organization"])
            if row["organization"] == "gov0" and row["official"] == "true" and not row["end"]:
                officials.append(row["member"])
    busy: set[str] = set()
    for name in ("participation.csv", "influence.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                busy.update(v for k, v in row.items() if k in ("actor", "from", "to"))
    names: dict[str, str] = {}
    with (folder / "actors.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["sensitivity"] == "public":
                names[row["id"]] = row["name"]
    people = sorted((d, p) for p, d in degree.items() if p in names)
    hub, second = people[-1][1], people[-2][1]
    typical = people[len(people) // 2][1]
    leaf = next(p for d, p in people if d == 1 and any_tie[p] == 1 and p not in busy
                and all(org_size[o] > 50 for o in member_of.get(p, ())))
    official = sorted((degree[p], p) for p in officials if p in names)
    return {"hub": hub, "second": second, "typical": typical, "typical_partner": partners[typical][0],
            "leaf": leaf, "leaf_partner": partners[leaf][0], "government": "gov0", "names": names,
            "degree": {p: degree[p] for p in (hub, second, typical, leaf)},
            "official": official[len(official) // 2][1] if official else typical}


def search_text(name: str) -> str:
    """How a user types a name: lower case, accents left off ("soren haddad 3")."""
    from kg.text import fold

    return fold(name)


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 1k, 10k, 100k")
    parser.add_argument("--runs", type=int, default=3, help="whole-command runs per question (the median is shown)")
    parser.add_argument("--ingest-runs", type=int, help="ingest runs (default 3 at 10k and below, 1 above)")
    parser.add_argument("--profile", action="store_true", help="cProfile each command that misses its goal")
    parser.add_argument("--floor", nargs=2, metavar=("FOLDER", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        print(floor(Path(args.floor[0]), Path(args.floor[1])))
        return
    for size in args.sizes.split(","):
        bench_size(size.strip(), args)


def bench_size(size: str, args: argparse.Namespace) -> None:
    n_actors, n_ties = SIZES[size]
    folder = heavy_tailed(size)
    records = csv_rows(folder)
    work = CACHE / "work"
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"store-{size}.db"
    floor_db = work / f"floor-{size}.db"
    ingest_runs = args.ingest_runs or (3 if n_ties <= 100_000 else 1)
    load_before = load_average()

    def fresh(path: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    first, again, floors = [], [], []
    for _ in range(ingest_runs):
        fresh(db)
        r1 = run([*KG, "--db", str(db), "ingest", str(folder)])
        r2 = run([*KG, "--db", str(db), "ingest", str(folder)])
        fresh(floor_db)
        r3 = run([sys.executable, "-m", "benchmarks.store", "--floor", str(folder), str(floor_db)])
        for r in (r1, r2, r3):
            if r.returncode:
                raise RuntimeError(r.stderr[-2000:])
        first.append(r1)
        again.append(r2)
        floors.append(r3)
    fresh(db)
    fresh(floor_db)

    def med(rs: list) -> tuple[float, float]:
        return statistics.median(r.seconds for r in rs), max(r.max_rss_mb for r in rs)

    (t_first, m_first), (t_again, m_again), (t_floor, m_floor) = med(first), med(again), med(floors)
    store_db = ingested(folder)
    who = subjects(folder)
    names: dict[str, str] = who["names"]  # type: ignore[assignment]
    base = [*KG, "--db", str(store_db)]
    questions: list[tuple[str, str, list[str], float | None]] = []
    for label in ("hub", "typical", "leaf", "government"):
        x = str(who[label])
        pretty = f"{label} ({x})"
        questions.append(("search", pretty, ["search", search_text(names[x])], SEARCH_GOAL))
        questions.append(("show", pretty, ["show", x], SHOW_GOAL))
        questions.append(("neighbors --hops 2", pretty, ["neighbors", x, "--hops", "2"], NEIGHBORS_GOAL))
    for label, pair in (("hub", ("hub", "second")), ("typical", ("typical", "typical_partner")),
                        ("leaf", ("leaf", "leaf_partner"))):
        a, b = str(who[pair[0]]), str(who[pair[1]])
        questions.append(("common", f"{label} ({a} and {b})", ["common", a, b], None))
    rows = []
    missed = []
    for what, cmd in (("`kg --help` (start-up: no store, no query)", [*KG, "--help"]),
                      ("`python -c 'import queries.connections'` (what search, show, neighbors, common import)",
                       [sys.executable, "-c", "import kg.cli, queries.connections"])):
        r, times = median_run(cmd, args.runs)
        rows.append(f"| {what} | - | {fmt_s(r.seconds)} | {' / '.join(fmt_s(t) for t in times)} | "
                    f"{r.max_rss_mb:,.0f} | | |")
    for command, subject, argv, target in questions:
        r, times = median_run([*base, *argv], args.runs)
        ok = None if target is None else r.seconds < target
        if ok is False:
            missed.append((command, subject, [*base, *argv]))
        size_of_answer = ""
        if command.startswith("neighbors"):
            size_of_answer = next((line.split(":")[-1].strip() for line in r.stdout.splitlines()
                                   if line.startswith("Within")), "")
        rows.append(f"| `kg {command}` | {subject} | {fmt_s(r.seconds)} | "
                    f"{' / '.join(fmt_s(t) for t in times)} | {r.max_rss_mb:,.0f} | {size_of_answer} | "
                    f"{'' if target is None else f'< {target:g} s: {goal(bool(ok))}'} |")
        print(rows[-1], file=sys.stderr)
    load_after = load_average()

    ratio = t_first / t_floor
    body = [
        f"Heavy-tailed network (`benchmarks/synthetic.py`, seed 7): {n_actors:,} actors, {n_ties:,} ties, "
        f"{records:,} records in all. Hub: {who['hub']} ({who['degree'][who['hub']]:,} ties); typical: "  # type: ignore[index]
        f"{who['typical']} ({who['degree'][who['typical']]} ties); leaf: {who['leaf']} (1 tie); "  # type: ignore[index]
        "government: gov0 (~9% of all people as members).",
        "",
        f"Load on the machine (2 cores, shared): before, {load_before}; after, {load_after}.",
        "",
        f"### Ingest (median of {ingest_runs})",
        "",
        "| what | seconds | records/s | peak memory (MB) | vs floor |",
        "|---|---:|---:|---:|---:|",
        f"| `kg ingest`, a fresh store | {fmt_s(t_first)} | {records / t_first:,.0f} | {m_first:,.0f} | "
        f"{ratio:.1f}x |",
        f"| `kg ingest`, the same data again (all unchanged) | {fmt_s(t_again)} | {records / t_again:,.0f} | "
        f"{m_again:,.0f} | {t_again / t_floor:.1f}x |",
        f"| floor: csv module + raw `executemany`, no validation | {fmt_s(t_floor)} | {records / t_floor:,.0f} | "
        f"{m_floor:,.0f} | 1x |",
        "",
        f"Goal: ingest within {INGEST_GOAL:g}x of the floor at 100,000 / 1,000,000: "
        f"{ratio:.1f}x here ({goal(ratio <= INGEST_GOAL)}{'' if n_ties >= 1_000_000 else ', measured at this size'}). "
        "Both are whole processes timed from start to exit (Python's start included); the floor writes one "
        "table per CSV file with the file's columns (no keys, no indexes) in one transaction, with the store's "
        "pragmas (WAL, synchronous=NORMAL).",
        "",
        f"### Point questions (whole commands, median of {args.runs})",
        "",
        "| command | subject | median (s) | each run (s) | peak memory (MB) | answer | goal |",
        "|---|---|---:|---:|---:|---|---|",
        *rows,
        "",
        "`kg search` is given the subject's name in lower case without accents; `kg common` the subject and "
        "one of its tie partners (the hub: the second hub). Each run is `.venv/bin/kg --db STORE ...` as a "
        "subprocess; peak memory is the child's own high-water mark (`VmHWM`, read while it runs).",
    ]
    if args.profile and missed:
        body += ["", "Profiles of the commands that missed their goal: `.cache/bench/profiles/`."]
        for command, subject, cmd in missed:
            name = f"store-{size}-{command.split()[0]}-{subject.split()[0]}"
            text = profile(cmd, CACHE / "profiles" / f"{name}.txt")
            print(f"--- profile of {' '.join(cmd[len(KG):])}\n{text}", file=sys.stderr)
    cmd = f"python -m benchmarks.store --sizes {size}" + (f" --runs {args.runs}" if args.runs != 3 else "")
    write_section(f"store-{size}", f"Store: {n_actors:,} actors, {n_ties:,} ties", "\n".join(body), cmd)
    (CACHE / f"store-{size}.json").write_text(json.dumps({
        "records": records, "ingest_first": t_first, "ingest_again": t_again, "floor": t_floor,
        "rows": rows, "load": [load_before, load_after]}, indent=1))


if __name__ == "__main__":
    main()
