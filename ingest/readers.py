"""Readers: turn a file into raw rows, each placed at its file and line.

Readers only read; validation is :func:`kg.model.parse_record`'s. A problem
with the file itself (not UTF-8, a missing header column, a broken JSON line)
comes out as a :class:`~kg.errors.RecordError` in the stream, in its place.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import RecordError
from kg.model import KINDS, SCHEMA


@dataclass(frozen=True)
class RawRow:
    """One record as read: its kind, its raw values, and where it stands."""

    kind: str
    values: dict[str, Any]
    file: str
    line: int


def read_csv(path: Path, kind: str, label: str | None = None) -> Iterator[RawRow | RecordError]:
    """Rows of one dataset CSV file (``kind`` records), header checked first."""
    label = label or path.name
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            yield from _csv_rows(fh, kind, label)
    except UnicodeDecodeError as e:
        yield RecordError(f"the file is not UTF-8 text (byte {e.start} of the bad chunk); "
                          "save it as UTF-8 and load again", file=label)
    except csv.Error as e:
        yield RecordError(f"the CSV cannot be read: {e}", file=label)
    except OSError as e:
        yield RecordError(f"the file cannot be read: {e.strerror}", file=label)


def _csv_rows(fh: Any, kind: str, label: str) -> Iterator[RawRow | RecordError]:
    reader = csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        yield RecordError("the file is empty; expected a header row", file=label, line=1)
        return
    header = [h.strip() for h in header]
    required = [f.name for f in SCHEMA[kind] if f.required]
    missing = [c for c in required if c not in header]
    if missing:
        for col in missing:
            yield RecordError(f'required column "{col}" is missing from the header '
                              f'(found: {", ".join(header) or "nothing"})', field=col, file=label, line=1)
        return
    dupes = sorted({h for h in header if header.count(h) > 1 and h})
    if dupes:
        yield RecordError("the header names this column twice", field=dupes[0], file=label, line=1)
        return
    line = reader.line_num + 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            yield RecordError(f"the row has {len(cells)} cells but the header has {len(header)} columns "
                              "(an unquoted comma?)", file=label, line=start)
            continue
        values = {h: c for h, c in zip(header, cells, strict=False) if h}
        yield RawRow(kind, values, label, start)


def read_jsonl(path: Path, label: str | None = None) -> Iterator[RawRow | RecordError]:
    """Rows of a JSON Lines file: one object a line with ``"type"`` naming its kind."""
    label = label or path.name
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for n, text in enumerate(fh, start=1):
                if not text.strip():
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as e:
                    yield RecordError(f"the line is not valid JSON ({e.msg} at column {e.colno})",
                                      file=label, line=n)
                    continue
                if not isinstance(obj, dict):
                    yield RecordError("the line is not a JSON object", file=label, line=n)
                    continue
                kind = str(obj.get("type", "")).strip().lower()
                if kind not in KINDS:
                    shown = obj.get("type")
                    reason = ("is missing" if shown in (None, "") else f'is "{shown}"')
                    yield RecordError(f"{reason}; expected one of {', '.join(KINDS)}",
                                      field="type", file=label, line=n)
                    continue
                yield RawRow(kind, obj, label, n)
    except UnicodeDecodeError as e:
        yield RecordError(f"the file is not UTF-8 text (byte {e.start} of the bad chunk)", file=label)
    except OSError as e:
        yield RecordError(f"the file cannot be read: {e.strerror}", file=label)
