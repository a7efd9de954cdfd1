"""docs/data-format.md cannot drift from the model: every column, every value, and its examples load."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from ingest import load
from kg.model import CONFIDENCE_WORDS, FILES, KINDS, SCHEMA, SUPRANATIONAL, TRACKS, parse_record
from kg.store.sqlite import SQLiteStore

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-format.md"
TEXT = DOC.read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text under ``### title`` up to the next heading."""
    m = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^##)", TEXT, re.S | re.M)
    assert m, f"docs/data-format.md has no section ### {title}"
    return m.group(1)


def table_rows(text: str) -> dict[str, str]:
    """Column name -> its table row, for every backticked name in a row's first cell."""
    rows = {}
    for line in text.splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            for name in re.findall(r"`([^`]+)`", first):
                rows[name] = line
    return rows


def code_block(text: str, lang: str) -> str:
    m = re.search(rf"```{lang}\n(.*?)```", text, re.S)
    assert m, f"no {lang} example"
    return m.group(1)


def enum_values(field) -> tuple[str, ...] | None:
    """The values an enum column takes, read from its parser (so a new value cannot go unnoticed)."""
    for cell in field.parse.__closure__ or ():
        v = cell.cell_contents
        if isinstance(v, tuple) and v and all(isinstance(x, str) for x in v):
            return v
    return None


COMMON = table_rows(section("The common columns"))


@pytest.mark.parametrize("file,kind", sorted(FILES.items()))
def test_every_column_of_every_file_is_documented_and_no_other(file, kind):
    text = section(file)
    documented = set(table_rows(text))
    if "and the common columns" in text:
        documented |= set(COMMON)
    assert documented == {f.name for f in SCHEMA[kind]}


@pytest.mark.parametrize("file,kind", sorted(FILES.items()))
def test_every_value_of_every_enum_column_is_in_its_row(file, kind):
    rows = {**COMMON, **table_rows(section(file))}
    for f in SCHEMA[kind]:
        values = enum_values(f) or (TRACKS if f.name == "track" else SUPRANATIONAL if f.name == "jurisdiction"
                                    else None)
        for v in values or ():
            assert f"`{v}`" in rows[f.name], f"{file}: {f.name}: `{v}` is not documented"
        if f.name == "confidence":
            for word, number in CONFIDENCE_WORDS.items():
                assert f"`{word}` ({number:g})" in rows["confidence"]


def test_json_lines_types_are_the_record_kinds():
    text = TEXT.split("## JSON Lines", 1)[1].split("\n## ", 1)[0]
    for kind in KINDS:
        assert f"`{kind}`" in text


def test_the_examples_parse_and_load_together_with_strict(tmp_path: Path):
    for file, kind in FILES.items():
        block = code_block(section(file), "csv")
        rows = list(csv.DictReader(io.StringIO(block)))
        assert rows, file
        assert set(rows[0]) == {f.name for f in SCHEMA[kind]}, f"{file}: the example's header is not every column"
        for row in rows:
            parse_record(kind, row)
        (tmp_path / file).write_text(block, encoding="utf-8")
    jsonl = code_block(TEXT.split("## JSON Lines", 1)[1], "jsonl")
    for line in jsonl.splitlines():
        obj = json.loads(line)
        parse_record(obj["type"], obj)
    (tmp_path / "more.jsonl").write_text(jsonl, encoding="utf-8")
    store = SQLiteStore(tmp_path / "kg.db")
    report = load(store, tmp_path, strict=True)
    assert all(report.accepted[k] for k in KINDS)
    store.close()
