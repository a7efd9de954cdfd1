"""``kg init FOLDER``: templates for every record kind that load as they are, and never overwrite."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from ingest import load
from ingest.templates import EXAMPLES
from kg.cli import main
from kg.model import FILES, KINDS, PLURAL, SCHEMA
from kg.store.sqlite import SQLiteStore


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_init_writes_one_template_per_kind_with_every_column_and_an_example(tmp_path: Path):
    r = CliRunner().invoke(main, ["init", str(tmp_path / "new")])
    assert r.exit_code == 0, r.output
    written = sorted(p.name for p in (tmp_path / "new").iterdir())
    assert written == sorted(FILES)
    for name, kind in FILES.items():
        rows = read(tmp_path / "new" / name)
        assert rows[0] == [f.name for f in SCHEMA[kind]], name
        assert len(rows) - 1 == (4 if kind == "actor" else 1), name  # actors: enough for the others to name
    # every example names columns of the schema (a typo would be silently dropped)
    for kind, rows in EXAMPLES.items():
        assert {c for row in rows for c in row} <= {f.name for f in SCHEMA[kind]}, kind


def test_the_templates_load_with_strict_and_every_kind_is_there(tmp_path: Path):
    CliRunner().invoke(main, ["init", str(tmp_path / "new")])
    r = CliRunner().invoke(main, ["--db", str(tmp_path / "kg.db"), "ingest", "--strict", str(tmp_path / "new")])
    assert r.exit_code == 0, r.output
    store = SQLiteStore(tmp_path / "kg.db")
    counts = store.counts()
    assert all(counts[PLURAL[k]] >= 1 for k in KINDS), counts
    store.close()
    # the same through the library, checked record by record against the example rows
    store = SQLiteStore(tmp_path / "again.db")
    report = load(store, tmp_path / "new", strict=True)
    assert report.accepted == {k: len(EXAMPLES[k]) for k in KINDS}
    store.close()


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "ties.csv").write_text("a,b,kind\nx,y,family\n")
    r = CliRunner().invoke(main, ["init", str(folder)])
    assert r.exit_code == 1
    assert r.output.strip().splitlines() == [
        f"kg: {folder / 'ties.csv'} already exists; kg init writes nothing over existing files (choose a new folder)"]
    assert sorted(p.name for p in folder.iterdir()) == ["ties.csv"]
    assert (folder / "ties.csv").read_text() == "a,b,kind\nx,y,family\n"


def test_init_refuses_a_file_in_a_differently_cased_name_and_a_file_as_folder(tmp_path: Path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "Actors.CSV").write_text("id,name,kind\n")
    r = CliRunner().invoke(main, ["init", str(folder)])
    assert r.exit_code == 1 and "Actors.CSV already exists" in r.output
    assert sorted(p.name for p in folder.iterdir()) == ["Actors.CSV"]
    (tmp_path / "file").write_text("x")
    r = CliRunner().invoke(main, ["init", str(tmp_path / "file")])
    assert r.exit_code == 1 and "is a file" in r.output


def test_init_into_an_existing_empty_folder_works(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    r = CliRunner().invoke(main, ["init", str(tmp_path / "empty")])
    assert r.exit_code == 0 and "Wrote 7 templates" in r.output
