"""``kg init``: a new dataset folder, one CSV per record kind, each with its header and an example.

Every file has every column of :data:`kg.model.SCHEMA` and one example row
(``actors.csv`` has four, so that the examples of the other files have
actors to name); the folder loads with ``kg ingest --strict``. Existing files
are never overwritten: if any of them is there, nothing is written.
"""

from __future__ import annotations

import contextlib
import csv
from pathlib import Path

from kg.errors import KGError
from kg.model import FILES, KINDS, PLURAL, SCHEMA

EXAMPLES: dict[str, list[dict[str, str]]] = {
    "actor": [
        {"id": "jane-doe", "name": "Jane Doe", "kind": "person", "country": "NOR", "track": "2",
         "aliases": "J. Doe;Jane A. Doe", "description": "Director of an example research institute",
         "source": "Interview notes, 2024-03-02", "confidence": "high", "sensitivity": "restricted",
         "note": "Replace these example rows with your own"},
        {"id": "john-roe", "name": "John Roe", "kind": "person", "party": "Party A", "country": "ISR",
         "source": "Public biography", "confidence": "0.8"},
        {"id": "example-institute", "name": "Example Institute", "kind": "organization", "org_type": "academic",
         "country": "NOR", "source": "Institute website"},
        {"id": "example-movement", "name": "Example Movement", "kind": "organization",
         "org_type": "armed_group", "party": "Party B", "country": "PSE", "aliases": "EM",
         "source": "News reports"},
    ],
    "affiliation": [
        {"member": "jane-doe", "organization": "example-institute", "role": "director", "official": "true",
         "start": "2019-09", "source": "Institute annual report 2019"},
    ],
    "tie": [
        {"a": "jane-doe", "b": "john-roe", "kind": "professional", "strength": "0.7", "start": "2015",
         "source": "Interview notes, 2024-03-02", "confidence": "medium"},
    ],
    "influence": [
        {"from": "jane-doe", "to": "john-roe", "kind": "advises", "weight": "0.6", "start": "2021-01",
         "end": "2022-06", "source": "Interview notes", "sensitivity": "confidential"},
    ],
    "event": [
        {"id": "example-workshop-2023", "name": "Example workshop on water sharing", "start": "2023-05-10",
         "end": "2023-05-12", "location": "Oslo", "track": "2", "process": "Example dialogue process",
         "source": "Workshop report"},
    ],
    "participation": [
        {"actor": "jane-doe", "event": "example-workshop-2023", "role": "facilitator", "source": "Workshop report"},
    ],
    "restriction": [
        {"group": "example-movement", "jurisdiction": "EU", "kind": "legal", "scope": "nationals",
         "start": "2003-09", "source": "Council decision (example)"},
    ],
}


def write_templates(folder: str | Path) -> list[Path]:
    """Write the template files into ``folder`` (created when missing); returns them.

    Raises :class:`KGError` naming the first file that already exists, and then writes nothing.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise KGError(f"{folder} is a file; kg init needs a folder")
    targets = [folder / f"{PLURAL[k]}.csv" for k in KINDS]
    present = [p for p in targets if p.exists()]
    if folder.exists():
        present += [p for p in folder.iterdir() if p.name.lower() in FILES and p not in present]
    if present:
        raise KGError(f"{present[0]} already exists; kg init writes nothing over existing files "
                      "(choose a new folder)")
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for kind, path in zip(KINDS, targets, strict=True):
            columns = [f.name for f in SCHEMA[kind]]
            with path.open("x", encoding="utf-8", newline="") as fh:
                written.append(path)  # (made here: one made by another program meanwhile stays)
                w = csv.writer(fh, lineterminator="\n")
                w.writerow(columns)
                for row in EXAMPLES[kind]:
                    w.writerow([row.get(c, "") for c in columns])
    except BaseException:  # (a full disk: the files begun go, and the folder made for them; nothing written)
        for path in written:
            path.unlink(missing_ok=True)
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return targets
