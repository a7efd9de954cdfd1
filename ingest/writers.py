"""Writers: records out to a dataset folder of CSV files, or to JSON Lines.

What :mod:`ingest.readers` reads back as the same records (the round trip the
tests check with hypothesis).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ingest.cells import neutralise
from kg.model import KINDS, PLURAL, SCHEMA, Record


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dict,)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class _RowWriter:
    """csv.writer, except that a row with a cell holding a lone carriage return, a semicolon or a tab
    is written with every cell quoted: csv quotes only what holds the line end it writes (\\n), and a
    reader splits lines at a lone \\r too (a record cut short there loses its later columns, its
    sensitivity among them); a header whose names hold more semicolons than commas would be read as
    semicolon-separated."""

    _ODD = re.compile(r"[\r;\t]")

    def __init__(self, fh: Any) -> None:
        self.plain = csv.writer(fh, lineterminator="\n")
        self.quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, cells: list[str]) -> None:
        (self.quoted if any(self._ODD.search(c) for c in cells) else self.plain).writerow(cells)


def write_csv(records: Iterable[Record], folder: str | Path, cell: Callable[[str], str] | None = neutralise
              ) -> list[Path]:
    """Write ``records`` as a dataset folder, one CSV per kind present. Returns the files.

    ``cell`` rewrites every cell on its way out: by default
    :func:`ingest.cells.neutralise`, so that no cell runs as a spreadsheet formula
    (the readers undo it); None writes the values as they are.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    by_kind: dict[str, list[Record]] = {}
    for r in records:
        by_kind.setdefault(r.kind_name, []).append(r)
    written = []
    for kind in KINDS:
        rows = by_kind.get(kind)
        if not rows and kind != "actor":
            continue
        columns = [f.name for f in SCHEMA[kind]]
        extra = sorted({k for r in rows or [] for k in r.props})
        path = folder / f"{PLURAL[kind]}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = _RowWriter(fh)
            w.writerow([cell(c) for c in columns + extra] if cell else columns + extra)
            for r in rows or []:
                data = r.to_dict()
                cells = [_cell(data.get(c)) for c in columns + extra]
                w.writerow([cell(c) for c in cells] if cell else cells)
        written.append(path)
    return written


def write_jsonl(records: Iterable[Record], path: str | Path) -> int:
    """Write ``records`` as JSON Lines; returns how many."""
    n = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({"type": r.kind_name, **r.to_dict()}, ensure_ascii=False) + "\n")
            n += 1
    return n
