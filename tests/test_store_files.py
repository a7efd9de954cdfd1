"""The embedded store's file: marked as ours, migrated from schema 1, files not ours left untouched,
read-only and locked stores, and --strict all-or-nothing at any size on both stores."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.synthetic import write_synthetic
from ingest import load
from kg.cli import main
from kg.errors import StoreError
from kg.model import KINDS, Actor, Tie
from kg.store.sqlite import APPLICATION_ID, SCHEMA_VERSION, SQLiteStore

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "oslo"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_store_is_marked_as_ours(tmp_path):
    SQLiteStore(tmp_path / "k.db").close()
    c = sqlite3.connect(tmp_path / "k.db")
    assert c.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {n for (n,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"actors", "ties", "affiliations", "influence", "events", "participation", "restrictions"} <= tables


@pytest.mark.parametrize("schema", [
    ["CREATE TABLE customers (id INTEGER, name TEXT)", "INSERT INTO customers VALUES (1, 'x')"],
    ["CREATE VIEW important AS SELECT 42"],  # (found by an adversary: a file of views only was taken over)
])
def test_another_applications_sqlite_file_is_refused_untouched(tmp_path, schema):
    other = tmp_path / "other.db"
    c = sqlite3.connect(other)
    for statement in schema:
        c.execute(statement)
    c.commit()
    c.close()
    before = digest(other)
    for args in (["stats"], ["ingest", str(SAMPLE)], ["search", "x"]):
        r = CliRunner().invoke(main, ["--db", str(other), *args])
        assert r.exit_code == 1 and "not a Backchannel store; it was left untouched" in r.stderr, args
        assert len(r.stderr.strip().splitlines()) == 1
    assert digest(other) == before
    assert not Path(f"{other}-wal").exists()  # no switch to WAL either


def foreign_wal_file(tmp_path: Path, where: Path) -> None:
    """Another application's WAL-mode file at ``where``, its -wal beside it holding what its writer wrote (copied
    while the writer was open)."""
    writer = sqlite3.connect(tmp_path / "w.db")
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE t (x)")
    writer.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(1000)])
    writer.commit()
    shutil.copy(tmp_path / "w.db", where)
    shutil.copy(tmp_path / "w.db-wal", f"{where}-wal")
    writer.close()


def test_another_applications_wal_file_with_its_journal_is_left_untouched(tmp_path):
    """Found by an adversary: another application's WAL-mode file with a -wal beside it was refused "left
    untouched" by `kg ingest`, but the connection that looked copied the -wal into the file (a new file
    hash) and deleted the -wal when it closed. It is looked at read-only first."""
    other = tmp_path / "other.db"
    foreign_wal_file(tmp_path, other)
    before = (digest(other), digest(Path(f"{other}-wal")))
    for args in (["ingest", str(SAMPLE)], ["stats"]):
        r = CliRunner().invoke(main, ["--db", str(other), *args])
        assert r.exit_code == 1 and "it was left untouched" in r.stderr, (args, r.stderr)
        assert (digest(other), digest(Path(f"{other}-wal"))) == before, args


def test_foreign_files_with_journals_through_links_or_marked_as_ours_without_tables_are_left_untouched(tmp_path):
    """Found by an adversary of the store: another application's WAL file given through a symbolic link (its -wal
    looked for beside the link), and a rollback file with a hot journal from a writer that stopped, were folded
    or rolled back, their journals removed, under the line "it was left untouched"; a file marked with our
    application id but holding other tables was switched to WAL, then failed with "no such table"."""
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    foreign_wal_file(tmp_path, tmp_path / "real" / "other.db")
    (tmp_path / "links" / "link.db").symlink_to(tmp_path / "real" / "other.db")
    # a rollback-journal file whose writer stopped mid-transaction: its hot journal beside it
    rb = sqlite3.connect(tmp_path / "rb.db", isolation_level=None)
    rb.execute("CREATE TABLE t (x)")
    rb.execute("PRAGMA cache_size=1")
    rb.execute("BEGIN")
    rb.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(2000)])
    shutil.copy(tmp_path / "rb.db", tmp_path / "hot.db")
    shutil.copy(tmp_path / "rb.db-journal", tmp_path / "hot.db-journal")
    rb.execute("ROLLBACK")
    rb.close()
    marked = tmp_path / "marked.db"
    c = sqlite3.connect(marked)
    c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    c.execute("CREATE TABLE foo (x)")
    c.commit()
    c.close()
    cases = [(tmp_path / "links" / "link.db", [tmp_path / "real" / "other.db", tmp_path / "real" / "other.db-wal"],
              "SQLite file of another application"),
             (tmp_path / "hot.db", [tmp_path / "hot.db", tmp_path / "hot.db-journal"], "stopped while writing"),
             (marked, [marked], "lacks its tables")]
    for db, files, said in cases:
        before = [digest(f) for f in files]
        for args in (["ingest", str(SAMPLE)], ["migrate"]):
            r = CliRunner().invoke(main, ["--db", str(db), *args])
            assert r.exit_code == 1 and said in r.stderr and "left untouched" in r.stderr, (db, args, r.stderr)
            assert len(r.stderr.strip().splitlines()) == 1
            assert [digest(f) for f in files] == before, (db, args)
        assert not Path(f"{files[0]}-shm").exists() or db.name == "link.db", db
    c = sqlite3.connect(marked)
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # (not switched to WAL)
    c.close()


def test_a_file_that_is_not_sqlite_is_one_line(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    r = CliRunner().invoke(main, ["--db", str(junk), "stats"])
    assert r.exit_code == 1 and "not a Backchannel store" in r.stderr
    assert junk.read_bytes() == b"not a database at all" * 100


def test_read_commands_never_create_a_store(tmp_path):
    missing = tmp_path / "missing.db"
    for args in (["stats"], ["show", "x"], ["channels", "a", "b"], ["bridges", "A", "B"], ["search", "x"]):
        r = CliRunner().invoke(main, ["--db", str(missing), *args])
        assert r.exit_code == 1 and f"no store at {missing}; load data with `kg ingest PATH`" in r.stderr
    assert not missing.exists()


def test_an_empty_store_says_how_to_load(tmp_path):
    db = tmp_path / "empty.db"
    SQLiteStore(db).close()
    r = CliRunner().invoke(main, ["--db", str(db), "channels", "a", "b"])
    assert r.exit_code == 1 and "is empty; load data with `kg ingest PATH`" in r.stderr
    r = CliRunner().invoke(main, ["--db", str(db), "stats"])
    assert r.exit_code == 0 and "the store is empty" in r.output
    # an export too (it wrote an empty file, "Wrote x.jsonl: nothing": a store parity fuzzer, of a Neo4j store
    # never loaded), and a map
    for args in (["export", str(tmp_path / "x.jsonl")], ["viz", "--out", str(tmp_path / "m.html")]):
        r = CliRunner().invoke(main, ["--db", str(db), *args])
        assert r.exit_code == 1 and "is empty; load data with `kg ingest PATH`" in r.stderr, r.output
    assert not list(tmp_path.glob("x.*")) and not list(tmp_path.glob("m.*"))


@contextlib.contextmanager
def read_only_folder(tmp_path: Path, files: list[Path], name: str = "read-only") -> Iterator[Path]:
    """A folder holding copies of ``files`` where nothing can be written, not even by root: a
    read-only tmpfs when the tests run as root (as CI does: root ignores file modes), else a folder
    without write permission."""
    folder = tmp_path / name
    folder.mkdir()
    if os.geteuid() == 0:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], check=True)
        try:
            for f in files:
                shutil.copy(f, folder / f.name)
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
            yield folder
        finally:
            subprocess.run(["umount", "--lazy", str(folder)], check=True)  # (a store left open holds it)
    else:
        for f in files:
            shutil.copy(f, folder / f.name)
        os.chmod(folder, 0o555)
        try:
            yield folder
        finally:
            os.chmod(folder, 0o755)


def test_a_read_only_store_can_be_queried(tmp_path):
    """A store on a read-only disk (no -shm file can be made beside it: opened as SQLite's immutable
    file) still answers."""
    db = tmp_path / "ro.db"
    s = SQLiteStore(db)
    load(s, SAMPLE, strict=True)
    s.close()
    with read_only_folder(tmp_path, [db]) as folder:
        with pytest.raises(OSError):
            (folder / "probe").write_text("x")
        ro = SQLiteStore(folder / "ro.db", readonly=True)
        assert ro.counts()["actors"] == 49 and ro.open_warning is None
        ro.close()
        r = CliRunner().invoke(main, ["--db", str(folder / "ro.db"), "show", "yasser-arafat", "--json"])
        assert r.exit_code == 0 and json.loads(r.output)["track"] == "1" and not r.stderr


def test_a_map_and_an_export_of_a_read_only_store_without_a_salt_are_made_with_one_of_their_own(tmp_path):
    """Found by an adversary of the store: on a read-only store that had never made a map or an export, both
    were refused, since the store's pseudonym salt could not be written first; the README lists them among
    what a read-only store answers. They are made with a salt of their own, and say so."""
    db = tmp_path / "ro.db"
    with SQLiteStore(db) as s:
        load(s, SAMPLE, strict=True)
    out = tmp_path / "out"
    out.mkdir()
    with read_only_folder(tmp_path, [db]) as folder:
        for args in (["export", "--redact", str(out / "x.jsonl")], ["viz", "--redact", "--out", str(out / "m.html")]):
            r = CliRunner().invoke(main, ["--db", str(folder / "ro.db"), *args])
            assert r.exit_code == 0, (args, r.output)
            assert "keeps no pseudonym salt" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert (out / "x.jsonl").stat().st_size > 0 and (out / "m.html").stat().st_size > 0
    assert "P-" in (out / "x.jsonl").read_text(encoding="utf-8")  # (pseudonyms made, with the run's salt)


def test_journal_files_a_read_left_read_only_are_named_when_a_load_cannot_write(tmp_path):
    """Found by an adversary of the store: a read of a store whose file was read-only left its -wal and -shm
    files read-only too (SQLite gives them the store's permissions); once the store was writable again a load
    said "read-only file or disk", with no word of the files to fix."""
    # (root ignores file modes: the commands run without the capabilities that let it)
    prefix = (["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--inh-caps",
               "-dac_override,-dac_read_search,-fowner"] if os.geteuid() == 0 else [])
    db = tmp_path / "s.db"
    with SQLiteStore(db) as s:
        load(s, SAMPLE, strict=True)
    os.chmod(db, 0o444)
    kg = [*prefix, sys.executable, "-m", "kg.cli", "--db", str(db)]
    env = {**os.environ, "PYTHONPATH": str(SAMPLE.parents[1])}
    assert subprocess.run([*kg, "stats"], capture_output=True, text=True, env=env).returncode == 0
    stuck = [p for p in (Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()]
    assert stuck and all(stat.S_IMODE(p.stat().st_mode) & 0o200 == 0 for p in stuck)
    os.chmod(db, 0o644)
    r = subprocess.run([*kg, "ingest", str(SAMPLE)], capture_output=True, text=True, env=env)
    assert r.returncode == 1 and "its journal files" in r.stderr and "are read-only" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "or remove them while no program has the store open" in r.stderr  # (an empty -wal: nothing lost)
    for p in stuck:
        os.chmod(p, 0o644)
    r = subprocess.run([*kg, "ingest", str(SAMPLE)], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    # a -wal that holds changes not yet in the store file (its writer stopped): removing it would lose them, so
    # it is not offered (a second reader)
    held = tmp_path / "held"
    held.mkdir()
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE meta SET value = value WHERE 0")
    writer.execute("INSERT OR REPLACE INTO meta VALUES ('note', 'written later')")
    for suffix in ("", "-wal", "-shm"):
        shutil.copy(f"{db}{suffix}", held / f"s.db{suffix}")
    writer.close()
    assert (held / "s.db-wal").stat().st_size > 0
    os.chmod(held / "s.db-wal", 0o444)
    os.chmod(held / "s.db-shm", 0o444)
    r = subprocess.run([*prefix, sys.executable, "-m", "kg.cli", "--db", str(held / "s.db"), "ingest", str(SAMPLE)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 1 and "do not remove them" in r.stderr and "or remove them" not in r.stderr, r.stderr


def test_a_limit_on_the_size_of_files_is_said_as_one(tmp_path):
    """Found by an adversary of the store: under a limit on the size of files (ulimit -f) a load said only
    "failed: disk I/O error"."""
    import resource

    folder = write_synthetic(tmp_path / "data", n_actors=2_000, n_ties=8_000)

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (600_000, 600_000))

    r = subprocess.run([sys.executable, "-m", "kg.cli", "--db", str(tmp_path / "k.db"), "ingest", str(folder)],
                       capture_output=True, text=True, preexec_fn=limited,
                       env={**os.environ, "KG_BATCH_SIZE": "3000", "PYTHONPATH": str(SAMPLE.parents[1])})
    assert r.returncode == 1 and "a limit on the size of files?" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_a_read_only_store_whose_journal_it_cannot_read_says_so(tmp_path):
    """Copied while a load was writing (its -wal holding changes, without the -shm file), a store on a
    read-only disk is read as it was before those changes: every command says so in one line."""
    db = tmp_path / "ro.db"
    s = SQLiteStore(db)
    s.conn.execute("PRAGMA wal_autocheckpoint = 0")
    load(s, SAMPLE, strict=True)
    try:
        # copied while the first load was writing: the whole store is in the -wal file
        with read_only_folder(tmp_path, [db, Path(f"{db}-wal")]) as folder:
            r = CliRunner().invoke(main, ["--db", str(folder / "ro.db"), "show", "yasser-arafat"])
            assert r.exit_code == 1 and r.stderr.strip().splitlines() == [
                f"kg: the store's journal {folder / 'ro.db'}-wal holds the whole store, which this read cannot "
                "see: the store is read-only and its ro.db-shm file is missing; copy the store with both files "
                "to a writable folder and ask there"]
    finally:
        s.close()
    s = SQLiteStore(db)
    load(s, SAMPLE, strict=True)
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.conn.execute("PRAGMA wal_autocheckpoint = 0")  # the next change stays in the -wal file
    s.upsert([Actor(id="newcomer", name="Newcomer", kind="person")])
    try:
        assert Path(f"{db}-wal").stat().st_size > 0
        with read_only_folder(tmp_path, [db, Path(f"{db}-wal")], "read-only-2") as folder:
            r = CliRunner().invoke(main, ["--db", str(folder / "ro.db"), "show", "yasser-arafat"])
            assert r.exit_code == 0, r.stderr
            assert "Yasser Arafat" in r.output
            assert r.stderr.strip().splitlines() == [
                f"kg: the store's journal {folder / 'ro.db'}-wal may hold changes this read cannot see: the "
                "store is read-only and its ro.db-shm file is missing, so the answer may be the store as it was "
                "before them; copy the store with both files to a writable folder and ask there"]
    finally:
        s.close()


def v1_store(path: Path) -> None:
    """A store as Backchannel 0.1 wrote it: one records table, keys joined with '|'."""
    c = sqlite3.connect(path)
    c.executescript("CREATE TABLE records (kind TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL, "
                    "PRIMARY KEY (kind, key)) WITHOUT ROWID; "
                    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);")
    rows = [("actor", "a|b", {"id": "a|b", "name": "A", "kind": "person"}),
            ("actor", "a", {"id": "a", "name": "A2", "kind": "person"}),
            ("actor", "b|c", {"id": "b|c", "name": "B", "kind": "person"}),
            ("tie", "tie|a|b|c|friendship|", {"a": "a|b", "b": "b|c", "kind": "friendship", "strength": 0.5})]
    c.executemany("INSERT INTO records VALUES (?, ?, ?)", [(k, key, json.dumps(d)) for k, key, d in rows])
    c.execute("INSERT INTO meta VALUES ('pseudonym_salt', 'abc')")
    c.commit()
    c.close()


def test_a_schema_1_store_is_refused_read_only_with_how_to_migrate_then_migrated(tmp_path):
    db = tmp_path / "old.db"
    v1_store(db)
    r = CliRunner().invoke(main, ["--db", str(db), "stats"])
    assert r.exit_code == 1 and "schema 1" in r.stderr and f"kg --db {db} migrate" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = CliRunner().invoke(main, ["--db", str(db), "migrate"])
    assert r.exit_code == 0, r.output
    s = SQLiteStore(db, readonly=True)
    assert {a.id for a in s.records("actor")} == {"a|b", "a", "b|c"}
    [tie] = list(s.records("tie"))
    assert (tie.a, tie.b) == ("a|b", "b|c")
    assert s.get_meta("pseudonym_salt") == "abc"
    s.close()


@pytest.mark.parametrize("what", ["another application's", "schema 1", "newer", "locked"])
def test_a_dry_run_against_a_store_it_cannot_read_says_so_not_that_all_would_be_new(tmp_path, what, monkeypatch):
    """Found by an adversary of the store: a dry run took any store it could not open for none, and said every
    record "would be new" (exit 0) of a locked store holding them all, of a schema-1 store, of a newer one and of
    another application's file."""
    import kg.store.sqlite as sqlite_module

    db = tmp_path / "k.db"
    holder = None
    if what == "another application's":
        c = sqlite3.connect(db)
        c.execute("CREATE TABLE customers (id INTEGER)")
        c.commit()
        c.close()
    elif what == "schema 1":
        v1_store(db)
    else:
        with SQLiteStore(db) as s:
            load(s, SAMPLE)
        if what == "newer":
            c = sqlite3.connect(db)
            c.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
            c.commit()
            c.close()
        else:
            monkeypatch.setattr(sqlite_module, "BUSY_SECONDS", 0.3)
            holder = sqlite3.connect(db, isolation_level=None)
            holder.execute("PRAGMA locking_mode = EXCLUSIVE")
            holder.execute("BEGIN EXCLUSIVE")
            holder.execute("INSERT INTO meta VALUES ('x', 'y')")
    try:
        r = CliRunner().invoke(main, ["--db", str(db), "ingest", "--dry-run", str(SAMPLE)])
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
    assert r.exit_code == 1 and "would be new" not in r.output, (what, r.output)
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    r = CliRunner().invoke(main, ["--db", str(tmp_path / "none.db"), "ingest", "--dry-run", str(SAMPLE)])
    assert r.exit_code == 0 and "49 would be new" in r.output and not (tmp_path / "none.db").exists()


def test_a_load_into_a_new_store_that_another_load_is_making_is_refused_and_removes_nothing(tmp_path):
    """Found by an adversary of the store: of two loads into a new store at once, the one whose opening failed
    removed the store the other had just loaded, taking it for one it had made. The load lock is now taken before
    the file is made: the second is refused in one line, and leaves the first's files be."""
    from kg.store.sqlite import hold_new_file

    db = tmp_path / "new.db"
    fd = hold_new_file(str(db))  # (as another kg ingest making the store holds it)
    try:
        (tmp_path / "new.db").write_bytes(b"")  # (the other's file, just made)
        (tmp_path / "elsewhere").mkdir()
        r = CliRunner().invoke(main, ["--db", str(tmp_path / "elsewhere" / ".." / "new2.db"), "stats"])
        assert r.exit_code == 1  # (no store there: unrelated)
        db.unlink()
        r = CliRunner().invoke(main, ["--db", str(db), "ingest", str(SAMPLE)])
        assert r.exit_code == 1 and "another load is making the store" in r.stderr, r.output
        assert len(r.stderr.strip().splitlines()) == 1 and not db.exists()
    finally:
        assert fd is not None
        os.close(fd)
    r = CliRunner().invoke(main, ["--db", str(db), "ingest", str(SAMPLE)])
    assert r.exit_code == 0 and "49 new" in r.output


SYNCED = """
import sys, time
import kg.cli, ingest.load, kg.store.sqlite, ingest.readers, queries  # (all imported before the start)
at = float(sys.argv[1])
while time.time() < at:
    pass
sys.argv = ["kg", *sys.argv[2:]]
kg.cli.main()
"""


def test_two_loads_into_a_new_store_at_the_same_moment_leave_it_whole(tmp_path):
    """The adversary's race, as it ran it (it lost the store in 3 of 30 rounds): two loads started at the same
    instant into a store that does not exist yet. Whatever the interleaving, a load that says it loaded leaves
    the store there, whole."""
    script = tmp_path / "synced.py"
    script.write_text(SYNCED, encoding="utf-8")
    for round_ in range(8):
        db = tmp_path / f"race{round_}.db"
        at = time.time() + 1.5
        runs = [subprocess.Popen([sys.executable, str(script), str(at), "--db", str(db), "ingest", str(SAMPLE)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONPATH": str(SAMPLE.parents[1])}) for _ in range(2)]
        outs = [(p.wait(timeout=120), *p.communicate()) for p in runs]
        loaded = [o for o in outs if o[0] == 0]
        assert loaded, outs
        assert db.exists(), (round_, outs)
        with SQLiteStore(db, readonly=True) as s:
            assert s.counts()["actors"] == 49, outs
        for code, _out, err in outs:
            assert code == 0 or len(err.strip().splitlines()) == 1, err


def test_a_sensitivity_column_or_record_edited_by_other_means_is_refused_then_repaired_by_loading(tmp_path):
    """Found by an adversary of the store: a tie's sensitivity column set to confidential by hand (as a SQLite
    browser shows it) hid it from queries, but an export and a map, which read the record, wrote it unmarked; and
    a record edited by hand stayed "unchanged" on loading the data again (the digest was not), so the store's own
    advice, to load it again, repaired nothing."""
    db = tmp_path / "k.db"
    with SQLiteStore(db) as s:
        load(s, SAMPLE)
    c = sqlite3.connect(db)
    c.execute("UPDATE ties SET sensitivity = 2 WHERE a = 'shimon-peres' AND b = 'yossi-beilin'")
    c.commit()
    assert c.total_changes == 1
    for args in (["export", str(tmp_path / "x.jsonl")], ["viz", "--out", str(tmp_path / "m.html")],
                 ["show", "yossi-beilin"]):
        r = CliRunner().invoke(main, ["--db", str(db), *args])
        assert r.exit_code == 1 and len(r.stderr.strip().splitlines()) == 1, (args, r.output)
        assert "sensitivity column says confidential and whose record says public" in r.stderr, r.stderr
    assert not (tmp_path / "x.jsonl").exists() and not (tmp_path / "m.html").exists()
    # loading the data again asks before lowering what the store holds; lowered on purpose, both agree again
    r = CliRunner().invoke(main, ["--db", str(db), "ingest", str(SAMPLE)])
    assert r.exit_code == 3 and 'the store holds this tie as "confidential"' in r.stderr
    r = CliRunner().invoke(main, ["--db", str(db), "ingest", "--lower-sensitivity", str(SAMPLE)])
    assert r.exit_code == 0 and "1 updated" in r.output, r.output
    assert CliRunner().invoke(main, ["--db", str(db), "export", str(tmp_path / "x.jsonl")]).exit_code == 0
    # the other way round (the record made confidential, the column left public): refused, and loading the data
    # again writes both
    c.execute("UPDATE ties SET data = json_set(data, '$.sensitivity', 'confidential') "
              "WHERE a = 'shimon-peres' AND b = 'yossi-beilin'")
    c.commit()
    r = CliRunner().invoke(main, ["--db", str(db), "export", str(tmp_path / "y.jsonl")])
    assert r.exit_code == 1 and "column says public and whose record says confidential" in r.stderr
    r = CliRunner().invoke(main, ["--db", str(db), "ingest", str(SAMPLE)])
    assert r.exit_code == 0 and "1 updated" in r.output, r.output
    # a record the store cannot read, its digest left as it was: loading it again writes it again
    c.execute("UPDATE actors SET data = substr(data, 1, 40) WHERE id = 'yossi-beilin'")
    c.commit()
    r = CliRunner().invoke(main, ["--db", str(db), "show", "yossi-beilin"])
    assert r.exit_code == 1 and "record it cannot read" in r.stderr
    r = CliRunner().invoke(main, ["--db", str(db), "ingest", "--dry-run", str(SAMPLE)])
    assert "1 would be updated" in r.output, r.output
    r = CliRunner().invoke(main, ["--db", str(db), "ingest", str(SAMPLE)])
    assert r.exit_code == 0 and "1 updated" in r.output, r.output
    assert CliRunner().invoke(main, ["--db", str(db), "show", "yossi-beilin"]).exit_code == 0
    c.close()
    # a tie given the other way round is still the same record, unchanged
    ties = (SAMPLE / "ties.csv").read_text(encoding="utf-8").splitlines()
    head = ties[0].split(",")
    a, b = head.index("a"), head.index("b")
    flipped = tmp_path / "flipped"
    shutil.copytree(SAMPLE, flipped)
    rows = [ties[0]]
    for line in ties[1:]:
        cells = line.split(",")
        cells[a], cells[b] = cells[b], cells[a]
        rows.append(",".join(cells))
    (flipped / "ties.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["--db", str(db), "ingest", str(flipped)])
    assert r.exit_code == 0 and "48  (48 unchanged)" in r.output, r.output


def test_the_version_printed_is_not_the_one_whose_stores_are_migrated():
    """`kg --version` printed 0.1.0 while the README and the refusal call stores of "Backchannel 0.1"
    old (found by a new user): the package that writes schema 2 is 0.2, in its metadata too."""
    import importlib.metadata

    import kg

    r = CliRunner().invoke(main, ["--version"])
    assert r.exit_code == 0 and r.output.strip().endswith(kg.__version__)
    assert importlib.metadata.version("backchannel") == kg.__version__
    major_minor = tuple(int(x) for x in kg.__version__.split(".")[:2])
    assert major_minor >= (0, SCHEMA_VERSION)


def test_a_newer_schema_is_refused_and_gets_no_files_beside_it(tmp_path):
    db = tmp_path / "new.db"
    SQLiteStore(db).close()
    c = sqlite3.connect(db)
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    c.commit()
    c.close()
    with pytest.raises(StoreError, match="newer than this Backchannel reads"):
        SQLiteStore(db)
    c = sqlite3.connect(db)  # (a newer schema may rename a table: still said to be newer, not damaged)
    c.execute("ALTER TABLE ties RENAME TO links")
    c.commit()
    c.close()
    with pytest.raises(StoreError, match="newer than this Backchannel reads"):
        SQLiteStore(db)
    # refused untouched: the -wal and -shm files that opening it made are taken away again (found by
    # an adversarial reader)
    for p in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    before = digest(db)
    r = CliRunner().invoke(main, ["--db", str(db), "stats"])
    assert r.exit_code == 1 and "newer than this Backchannel reads" in r.stderr and digest(db) == before
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()


def test_ids_with_the_old_separator_no_longer_collide(store):
    """Keys joined with '|' made these two ties one: ('a|b', 'c') and ('a', 'b|c')."""
    store.upsert([Actor(id=i, name=i, kind="person") for i in ("a|b", "c", "a", "b|c")]
                 + [Tie(a="a|b", b="c", kind="friendship"), Tie(a="a", b="b|c", kind="friendship")])
    assert store.counts()["ties"] == 2


def test_a_locked_store_waits_then_says_so_in_one_line(tmp_path, monkeypatch):
    import kg.store.sqlite as sqlite_module

    db = tmp_path / "k.db"
    SQLiteStore(db).close()
    monkeypatch.setattr(sqlite_module, "BUSY_SECONDS", 0.5)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the store
    try:
        start = time.monotonic()
        with pytest.raises(StoreError, match="locked by another process writing to it"):
            s = SQLiteStore(db)
            s.upsert([Actor(id="a", name="A", kind="person")])
        assert time.monotonic() - start >= 0.4  # it waited first
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_full_disk_is_one_line_and_the_batch_rolls_back(tmp_path):
    db = tmp_path / "k.db"
    s = SQLiteStore(db)
    s.upsert([Actor(id="first", name="First", kind="person")])
    s.conn.execute("PRAGMA max_page_count = 60")  # the file cannot grow: as on a full disk
    with pytest.raises(StoreError, match="is full; the batch under way was rolled back"):
        s.upsert([Actor(id=f"a{i}", name="x" * 500, kind="person") for i in range(2000)])
    assert s.counts()["actors"] == 1
    s.close()


def _snapshot(store) -> dict[str, list[str]]:
    return {k: sorted(r.key() for r in store.records(k)) for k in KINDS}


@pytest.mark.parametrize("how", ["bad record in the last batch", "kill -9"])
def test_strict_writes_nothing_at_any_size(tmp_path, store_args, how):
    """--strict on 100,000 records in many batches: a bad record at the end, or a kill -9 while
    writing, leaves the store exactly as before (every batch is one transaction under --strict)."""
    from kg.store import open_store

    folder = write_synthetic(tmp_path / "big", n_actors=10_000, n_ties=90_000)
    runner_env = {**os.environ, "KG_BATCH_SIZE": "5000"}
    kg = [sys.executable, "-m", "kg.cli", *store_args]
    subprocess.run([*kg, "ingest", str(SAMPLE)], check=True, capture_output=True)
    db = store_args[1] if store_args[0] == "--db" else None
    uri = store_args[1] if store_args[0] == "--neo4j" else None
    s = open_store(db, uri, readonly=True)
    before = _snapshot(s)
    s.close()
    if how == "bad record in the last batch":
        with (folder / "ties.csv").open("a", encoding="utf-8") as f:
            f.write("a1,nobody,friendship,0.5,,,,,\n")
        r = subprocess.run([*kg, "ingest", "--strict", str(folder)], env=runner_env, capture_output=True, text=True)
        assert r.returncode == 1 and "nothing was written" in r.stderr
    else:
        # the load stops after its third batch (of 20), inside its one transaction, and says so
        proc = subprocess.Popen([*kg, "ingest", "--strict", str(folder)],
                                env={**runner_env, "KG_TEST_PAUSE_AFTER_BATCH": "3"},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        line = proc.stderr.readline().decode()
        assert "paused for a test" in line, line
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        assert proc.returncode == -signal.SIGKILL
    s = open_store(db, uri, readonly=True)
    try:
        assert _snapshot(s) == before
    finally:
        s.close()


# --- found by an adversarial reader ---------------------------------------------------------------

def _foreign(path: Path, script: str) -> None:
    c = sqlite3.connect(path)
    c.executescript(script)
    c.commit()
    c.close()


@pytest.mark.parametrize("script", [
    # another application's tables that happen to be named as Backchannel 0.1's: its rows were dropped
    "CREATE TABLE records (kind, key, data); CREATE TABLE meta (name, value); "
    "INSERT INTO records VALUES ('note', '1', '{}');",
    # the same names, other columns: the file was switched to WAL before the error
    "CREATE TABLE records (id, blob); CREATE TABLE meta (k, v);",
    # no tables, but marked by someone (user_version): it was adopted as a new store
    "PRAGMA user_version = 7;",
])
def test_a_file_that_only_looks_like_an_old_store_is_refused_untouched(tmp_path, script):
    other = tmp_path / "other.db"
    _foreign(other, script)
    before = digest(other)
    for args in (["ingest", str(SAMPLE)], ["migrate"], ["stats"]):
        r = CliRunner().invoke(main, ["--db", str(other), *args])
        assert r.exit_code == 1 and "it was left untouched" in r.stderr or "is an empty file" in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    assert digest(other) == before and not Path(f"{other}-wal").exists()


def test_an_old_store_with_a_record_it_cannot_read_is_one_line_and_untouched(tmp_path):
    db = tmp_path / "old.db"
    v1_store(db)
    _foreign(db, "INSERT INTO records VALUES ('actor', 'bad', '{not json');")
    before = digest(db)
    r = CliRunner().invoke(main, ["--db", str(db), "migrate"])
    assert r.exit_code == 1 and "holds an actor record it cannot read (key 'bad'" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and digest(db) == before


def test_a_damaged_store_is_one_line(tmp_path):
    db = tmp_path / "k.db"
    s = SQLiteStore(db)
    load(s, SAMPLE, strict=True)
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    data = bytearray(db.read_bytes())
    data[-3 * 4096:] = bytes(3 * 4096)  # the last pages zeroed, as a failing disk leaves them
    db.write_bytes(bytes(data))
    for args in (["search", "peres"], ["show", "shimon-peres"], ["neighbors", "shimon-peres"]):
        r = CliRunner().invoke(main, ["--db", str(db), *args])
        assert r.exit_code == 1 and "cannot be read" in r.stderr and "restore it from a backup" in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1


def test_a_load_that_loads_nothing_leaves_no_store_behind(tmp_path):
    db = tmp_path / "new.db"
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "actors.csv").write_text("id,name,kind\nx,X,alien\n")
    for args in (["ingest", str(tmp_path / "nowhere")], ["ingest", "--strict", str(bad)], ["ingest", str(bad)],
                 ["migrate"]):
        r = CliRunner().invoke(main, ["--db", str(db), *args])
        assert r.exit_code == 1, (args, r.output)
        assert not db.exists() and not Path(f"{db}-wal").exists(), args
    r = CliRunner().invoke(main, ["--db", str(db), "stats"])
    assert f"no store at {db}" in r.stderr  # not "the store is empty"
    existing = tmp_path / "k.db"
    SQLiteStore(existing).close()
    r = CliRunner().invoke(main, ["--db", str(existing), "ingest", str(bad)])
    assert r.exit_code == 1 and existing.exists()  # a store that was there stays


def test_odd_arguments_are_one_line():
    r = CliRunner().invoke(main, ["--db", "", "stats"])
    assert r.exit_code == 2 and "--db: is empty" in r.output
    r = CliRunner().invoke(main, ["show", "r\udcf8d"])  # Latin-1 bytes on a UTF-8 command line
    assert r.exit_code == 2 and "the argument r\\xf8d is not UTF-8 text" in r.stderr


def test_a_bulk_load_counts_right_when_another_program_writes_meanwhile(tmp_path):
    """A table empty when a bulk load starts is not looked up at each batch, unless another program
    has written to the store since (PRAGMA data_version): its records are then found as stored."""
    db = tmp_path / "k.db"
    a, b = SQLiteStore(db), SQLiteStore(db)
    x, y = Actor(id="x", name="X", kind="person"), Actor(id="y", name="Y", kind="person")
    try:
        with a.bulk_load():
            assert a.upsert([x]).new == {"actor": 1}
            b.upsert([y])
            again = a.upsert([y, Actor(id="z", name="Z", kind="person")])
        assert again.unchanged == {"actor": 1} and again.new == {"actor": 1}
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("strict", [True, False])
def test_sigterm_stops_a_load_as_ctrl_c_does(tmp_path, strict):
    """Found by an adversary: SIGTERM (kill, a job scheduler) ended a load without a word, and one
    stopped before its first batch left an empty store behind ("the store is empty" instead of "no store")."""
    folder = write_synthetic(tmp_path / "big", n_actors=2_000, n_ties=8_000)
    db = tmp_path / "k.db"
    kg = [sys.executable, "-m", "kg.cli", "--db", str(db)]
    proc = subprocess.Popen([*kg, "ingest", *(["--strict"] if strict else []), str(folder)],
                            env={**os.environ, "KG_BATCH_SIZE": "1000", "KG_TEST_PAUSE_AFTER_BATCH": "1"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert "paused for a test" in line, line
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "kg: interrupted; any batch under way was rolled back" in err, err
    if strict:  # its one transaction rolled back: nothing written, and no store left behind
        assert not db.exists()
    else:  # its first batch is in, and the store says the load did not finish
        r = subprocess.run([*kg, "stats", "--json"], capture_output=True, text=True)
        assert json.loads(r.stdout)["actors"] == 1000 and "did not finish" in r.stderr


def test_a_folder_on_a_read_only_disk_is_told_apart(tmp_path, monkeypatch):
    """Found by an adversary: a store on a read-only disk (a bind mount) was called "not a Backchannel
    store (unable to open database file)": SQLite says no more. Checked by hand on a read-only bind mount
    (the message: "cannot be written (read-only file, folder or disk); queries on a store there still
    work"); here, the test of the folder that decides it, on a real folder and on one whose file system
    says it is read-only."""
    from kg.store import sqlite as sq

    assert sq._writable_folder(tmp_path / "kg.db")
    real = os.statvfs

    class ReadOnly:
        def __init__(self, st: os.statvfs_result) -> None:
            self.f_flag = st.f_flag | os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda p: ReadOnly(real(p)))
    assert not sq._writable_folder(tmp_path / "kg.db")


@pytest.mark.parametrize("command", [["show", "x"], ["ingest", "data/oslo"]])
def test_a_named_pipe_given_as_the_store_is_one_line_not_a_hang(tmp_path, command):
    """A named pipe given as --db blocked the command until something wrote to it (and it did not die on
    SIGTERM: the open is retried); a load said "disk I/O error". Now one line, whatever the command."""
    fifo = tmp_path / "kg.db"
    os.mkfifo(fifo)
    r = subprocess.run([sys.executable, "-m", "kg.cli", "--db", str(fifo), *command], capture_output=True,
                       text=True, timeout=60, cwd=Path(__file__).parent.parent)
    assert r.returncode == 1 and "is not a store file (a pipe, a device or a socket)" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_second_load_through_a_link_to_the_store_is_refused(tmp_path):
    """Found by an adversary: the load lock was "<path as given>-load", so a second load through a
    symbolic link to the store took another lock, was not refused, and took the store over from the
    first, which stopped half-way. The lock is beside the file itself now."""
    from ingest.load import only_load
    from kg.errors import InputError

    real = tmp_path / "s.db"
    first = SQLiteStore(real)
    (tmp_path / "link.db").symlink_to(real)
    (tmp_path / "sub").mkdir()
    second = SQLiteStore(tmp_path / "link.db")
    third = SQLiteStore(tmp_path / "sub" / ".." / "link.db")
    try:
        with only_load(first, "big"):
            assert second.load_running() is True and third.load_running() is True
            for other in (second, third):
                with pytest.raises(InputError, match="another load of big is writing to this store"):
                    with only_load(other, "small"):
                        pass
        with only_load(second, "small"):  # (and once the first is done, the link loads)
            assert first.load_running() is True
    finally:
        for s in (first, second, third):
            s.close()


def test_an_export_through_a_link_to_the_store_never_writes_over_its_load_lock(tmp_path):
    """The load lock of a store named through a link is beside the file the link names: an export there
    is refused like one over the store's other files (replaced, the lock would let a second load in)."""
    real = tmp_path / "s.db"
    (tmp_path / "link.db").symlink_to(real)
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "actors.csv").write_text("id,name,kind\na,A,person\n")
    run = CliRunner().invoke
    assert run(main, ["--db", str(tmp_path / "link.db"), "ingest", str(folder)]).exit_code == 0
    lock = tmp_path / "s.db-load"
    assert lock.exists() and not (tmp_path / "link.db-load").exists()
    r = run(main, ["--db", str(tmp_path / "link.db"), "export", "--format", "jsonl", str(lock)])
    assert r.exit_code == 1 and "it is the store this command reads" in r.output, r.output
