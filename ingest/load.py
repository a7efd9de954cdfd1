"""Validate a dataset against itself and the store, then load it in batches.

:func:`validate_path` reads everything and returns the good records and the
rejected ones, each rejection placed at ``file:line: field: reason``.
:func:`load` writes the good records, actors and events first, in batches of
:data:`BATCH_SIZE`, each batch one transaction. With ``strict`` any rejection
aborts before anything is written.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.readers import RawRow, read_csv, read_jsonl
from kg.errors import InputError, LoadInterrupted, RecordError, StrictLoadError
from kg.model import ENDPOINTS, FILES, KINDS, LOAD_ORDER, PLURAL, Record, parse_record
from kg.store.base import GraphStore, UpsertResult

BATCH_SIZE = int(os.environ.get("KG_BATCH_SIZE", "50000"))
Progress = Callable[[int, int], None]


@dataclass
class LoadReport:
    """What a load (or a dry run) found and did."""

    files: list[str]
    accepted: dict[str, int] = field(default_factory=dict)
    errors: list[RecordError] = field(default_factory=list)
    result: UpsertResult = field(default_factory=UpsertResult)
    dry_run: bool = False
    skipped: dict[str, int] = field(default_factory=dict)  # FtM entities left out, by schema or reason

    @property
    def loaded(self) -> dict[str, int]:
        """Records accepted per kind, under plural names (``actors``, ``ties``...)."""
        return {PLURAL[k]: self.accepted.get(k, 0) for k in KINDS}


FTM = "ftm"  # the kind given to a FollowTheMoney entity stream by dataset_files


def _json_kind(path: Path) -> str | None:
    """None for our JSON Lines, :data:`FTM` for a FollowTheMoney entity stream (OpenSanctions, Aleph)."""
    from ingest.ftm import is_ftm_name, looks_like_ftm

    return FTM if is_ftm_name(path) or looks_like_ftm(path) else None


def _is_json_lines(name: str, given: bool = False) -> bool:
    """JSON Lines by name: ``.jsonl``, ``.ndjson``, FtM's ``.ftm.json`` and ``.ijson``; and a ``.json``
    file named on the command line (in a folder a bare ``.json`` may be anything)."""
    from ingest.ftm import FTM_SUFFIXES

    return name.endswith((".jsonl", ".ndjson", *FTM_SUFFIXES)) or (given and name.endswith(".json"))


def dataset_files(path: Path) -> list[tuple[Path, str | None]]:
    """The files to read for ``path``, in load order, each with its kind.

    The kind is a record kind for a dataset CSV, None for JSON Lines, and
    :data:`FTM` for a FollowTheMoney entity stream (``.ftm.json``, ``.ijson``, or
    any ``.json``/``.jsonl`` whose first object has ``schema`` and ``properties``).
    """
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        found = {p.name.lower(): p for p in path.iterdir() if p.is_file()}
        if "actors.csv" not in found and not any(_is_json_lines(n) for n in found):
            raise InputError(f"{path}: the folder has no actors.csv (a dataset folder needs one; "
                             f"the other files are {', '.join(FILES)})")
        files: list[tuple[Path, str | None]] = [(found[n], k) for n, k in FILES.items() if n in found]
        files += [(p, _json_kind(p)) for n, p in sorted(found.items()) if _is_json_lines(n)]
        return files
    name = path.name.lower()
    if _is_json_lines(name, given=True):
        return [(path, _json_kind(path))]
    if name in FILES:
        return [(path, FILES[name])]
    raise InputError(f"{path}: cannot tell what this file holds; give a dataset folder, a .jsonl "
                     f"file, a FollowTheMoney stream (.ftm.json), or a CSV named {', '.join(FILES)}")


def read_rows(path: Path, skipped: Counter[str] | None = None) -> Iterable[RawRow | RecordError]:
    """Every raw row (or file-level error) of the dataset at ``path``.

    ``skipped`` is filled with the FtM entities left out, by schema or reason.
    """
    from ingest.cells import unneutralise_row
    from ingest.ftm import read_ftm

    files = dataset_files(path)
    for file, kind in files:
        label = str(file) if not path.is_dir() else file.name
        if kind == FTM:
            yield from read_ftm(file, label, skipped)
        elif kind is None:
            yield from read_jsonl(file, label)
        else:
            yield from (unneutralise_row(r) for r in read_csv(file, kind, label))


def validate_rows(rows: Iterable[RawRow | RecordError], store: GraphStore | None
                  ) -> tuple[dict[str, list[Record]], list[RecordError]]:
    """Parse rows into records, rejecting bad fields, duplicates and edges to unknown ids.

    Returns the accepted records by kind and the rejections, in input order.
    """
    errors: list[RecordError] = []
    by_kind: dict[str, list[tuple[Record, RawRow]]] = {k: [] for k in KINDS}
    seen: dict[tuple[str, str], RawRow] = {}
    file_rank: dict[str | None, int] = {}
    for row in rows:
        file_rank.setdefault(row.file, len(file_rank))
        if isinstance(row, RecordError):
            errors.append(row)
            continue
        try:
            record = parse_record(row.kind, row.values)
        except RecordError as e:
            errors.append(e.located(row.file, row.line))
            continue
        key = (row.kind, record.key())
        if key in seen:
            first = seen[key]
            what = "id" if row.kind in ("actor", "event") else None
            reason = (f'"{record.key()}" is used again (first at {first.file}:{first.line})'
                      if what else f"repeats the {row.kind} at {first.file}:{first.line}")
            errors.append(RecordError(reason, field=what, file=row.file, line=row.line))
            continue
        seen[key] = row
        by_kind[row.kind].append((record, row))

    known = {"actor": {r.key(): r for r, _ in by_kind["actor"]},
             "event": {r.key(): r for r, _ in by_kind["event"]}}
    wanted: dict[str, set[str]] = {"actor": set(), "event": set()}
    for kind, pairs in by_kind.items():
        for record, _ in pairs:
            for attr, target in ENDPOINTS.get(kind, ()):
                wanted[target].add(getattr(record, attr))
    in_store: dict[str, set[str]] = {}
    for target in ("actor", "event"):
        missing = wanted[target] - set(known[target])
        in_store[target] = store.existing_ids(target, missing) if (store is not None and missing) else set()

    accepted: dict[str, list[Record]] = {k: [] for k in KINDS}
    for kind in KINDS:
        for record, row in by_kind[kind]:
            problem = _endpoint_problem(kind, record, known, in_store)
            if problem:
                errors.append(problem.located(row.file, row.line))
            else:
                accepted[kind].append(record)
    errors.sort(key=lambda e: (file_rank.get(e.file, 0), e.line or 0))  # in the order a reader meets them
    return accepted, errors


def _endpoint_problem(kind: str, record: Record, known: dict[str, dict[str, Record]],
                      in_store: dict[str, set[str]]) -> RecordError | None:
    for attr, target in ENDPOINTS.get(kind, ()):
        ref = getattr(record, attr)
        column = "from" if attr == "from_" else attr
        if ref not in known[target] and ref not in in_store[target]:
            return RecordError(f'names {target} "{ref}", which is neither in this dataset nor in the store',
                               field=column)
        actor = known[target].get(ref)
        if target == "actor" and actor is not None and column in ("organization", "group") \
                and getattr(actor, "kind", None) != "organization":
            return RecordError(f'names "{ref}", a {getattr(actor, "kind", "?")}; '
                               f"it must be an organization", field=column)
    return None


def validate_path(path: str | Path, store: GraphStore | None = None, skipped: Counter[str] | None = None
                  ) -> tuple[list[str], dict[str, list[Record]], list[RecordError]]:
    """Read and validate the dataset at ``path``: (files read, accepted records, rejections).

    ``skipped`` is filled with the FtM entities left out, by schema or reason.
    """
    p = Path(path)
    files = [str(f) for f, _ in dataset_files(p)]
    accepted, errors = validate_rows(read_rows(p, skipped), store)
    return files, accepted, errors


def load(store: GraphStore, path: str | Path, *, strict: bool = False, dry_run: bool = False,
         progress: Progress | None = None, batch_size: int | None = None,
         should_stop: Callable[[], bool] | None = None) -> LoadReport:
    """Load the dataset at ``path`` into ``store``.

    Good records are written in batches (actors and events first), each batch one
    transaction; rejected ones are reported. ``strict``: any rejection raises
    :class:`StrictLoadError` before anything is written. ``dry_run``: validate only.
    ``should_stop`` is asked before each batch; when it says yes the load stops
    there with :class:`LoadInterrupted` (what was written is whole batches).
    """
    skipped: Counter[str] = Counter()
    files, accepted, errors = validate_path(path, store, skipped)
    report = LoadReport(files=files, errors=errors, dry_run=dry_run,
                        accepted={k: len(v) for k, v in accepted.items()}, skipped=dict(skipped))
    if strict and errors:
        raise StrictLoadError(errors)
    if dry_run:
        return report
    ordered = [r for k in LOAD_ORDER for r in accepted[k]]
    batch_size = batch_size or BATCH_SIZE
    total = len(ordered)
    # --strict: every batch in one transaction, so that nothing at all is written unless all is.
    whole = store.transaction() if strict else contextlib.nullcontext()
    with store.bulk_load(), whole:
        for i in range(0, total, batch_size):
            if should_stop and should_stop():
                if strict:
                    raise LoadInterrupted(0, total)
                raise LoadInterrupted(i, total)
            report.result.add(store.upsert(ordered[i:i + batch_size]))
            if progress:
                progress(min(i + batch_size, total), total)
    return report
