"""Validate a dataset against itself and the store, then load it.

:func:`validate` reads everything and returns the good records, the rejected
ones (each placed at ``file:line: field: reason``, every problem of a row at
once, in the order a reader meets them) and what each file gave.
:func:`load` hands the good records to the store in load order (actors and
events first; :func:`write_records`). With ``strict`` any rejection aborts
before anything is written.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ingest.readers import (
    FILE_NOTE,
    TEXT_EXTENSIONS,
    RawRow,
    check_encoding,
    classify_name,
    not_read_but_looks_like,
    read_csv,
    read_jsonl,
    read_xlsx,
    sniff_header_kind,
)
from kg import time as kgtime
from kg.errors import FileProblem, InputError, KGError, LoadInterrupted, RecordError, StrictLoadError
from kg.model import (
    _AS_DICT,
    ENDPOINTS,
    FILES,
    KINDS,
    LOAD_ORDER,
    PLURAL,
    SENSITIVITIES,
    SUPRANATIONAL,
    Actor,
    Record,
    fold,
    id_look,
    parse_record,
)
from kg.store.base import RUNNING_LOAD, GraphStore, UpsertResult, process_start, running_holder


def _batch_size_from_env() -> int:
    try:
        return max(1, int(os.environ.get("KG_BATCH_SIZE", "50000")))
    except ValueError:
        return 50000


BATCH_SIZE = _batch_size_from_env()
Progress = Callable[[int, int], None]


@dataclass
class FileSummary:
    """What one file (or workbook sheet) gave: records read, loaded and rejected, and whether it
    was read to the end."""

    file: str
    kind: str | None = None  # the record kind of a CSV file or sheet; None for JSON Lines
    read: int = 0  # rows read as records (good or bad)
    loaded: int = 0  # records accepted (written, unless a dry run)
    rejected: int = 0  # records rejected
    problems: int = 0  # problems with the file itself: lines not read, a bad header
    not_read: str | None = None  # why the file was not read at all

    @property
    def fully_read(self) -> bool:
        return self.not_read is None and self.problems == 0

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "kind": self.kind, "read": self.read, "loaded": self.loaded,
                "rejected": self.rejected, "fully_read": self.fully_read, "not_read": self.not_read}


@dataclass
class LoadReport:
    """What a load (or a dry run) found and did."""

    files: list[str]
    accepted: dict[str, int] = field(default_factory=dict)
    errors: list[RecordError] = field(default_factory=list)
    result: UpsertResult = field(default_factory=UpsertResult)
    dry_run: bool = False
    summaries: list[FileSummary] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files of the folder that are not dataset files
    entities_skipped: dict[str, int] = field(default_factory=dict)  # FtM entities left out, by schema or reason
    notes: list[str] = field(default_factory=list)  # what was loaded as given but may be a mistake
    removed: dict[str, int] = field(default_factory=dict)  # --replace: records of the store not in the data

    @property
    def loaded(self) -> dict[str, int]:
        """Records accepted per kind, under plural names (``actors``, ``ties``...)."""
        return {PLURAL[k]: self.accepted.get(k, 0) for k in KINDS}

    @property
    def exit_code(self) -> int:
        """0: everything loaded; 3: some records or files were rejected, the rest loaded;
        1: nothing could be loaded (there were problems, or the input holds no records)."""
        if sum(self.accepted.values()):
            return 3 if self.errors else 0
        return 1


@dataclass(frozen=True)
class Source:
    """One file to read: where, its label in messages, its format and (CSV) record kind."""

    path: Path
    label: str
    fmt: str  # csv, jsonl, xlsx
    kind: str | None = None


@dataclass
class DatasetPlan:
    """The files of a dataset, in load order, and the ones not read with why."""

    sources: list[Source]
    not_read: list[FileProblem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def plan_dataset(path: Path) -> DatasetPlan:
    """Which files of ``path`` are read and as what; misnamed files get a suggestion.

    A folder's CSV files are read in load order, then its JSON Lines files and
    workbooks by name. Hidden files and Excel lock files are passed over;
    files that look like a misnamed dataset file (``tie.csv``) are reported,
    others listed as skipped.
    """
    if not path.exists():
        if path.is_symlink():
            raise InputError(f"{path}: a symbolic link to nothing (a share not mounted?); restore what it points "
                             "to, or give the file itself")
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        return _plan_folder(path)
    if not path.is_file():  # (a link to /dev/zero read until memory ran out; a named pipe waited forever for a
        # writer: an adversary. Inside a folder they were refused already)
        raise InputError(f"{path}: not a file that can be read (a pipe, a device or a socket); give a dataset "
                         "folder or a file of one; nothing was written")
    verdict = classify_name(path.name)
    if path.name.lower().endswith(".json"):  # named on the command line: our JSON Lines, or an FtM stream
        verdict = classify_name(path.name[:-5] + ".jsonl")
    if verdict.kind is None and verdict.fmt == "csv":
        hint = f" ({verdict.suggestion})" if verdict.suggestion else ""
        if path.suffix.lower() in (".gz", ".bz2", ".xz", ".zip"):  # (an analyst's .ftm.json.gz)
            hint = f" (it is compressed: uncompress it first, e.g. `{_UNPACK.get(path.suffix.lower(), 'unzip')} FILE`)"
        raise InputError(f"{path}: cannot tell what this file holds{hint}; give a dataset folder, a .jsonl "
                         f"file, a FollowTheMoney stream (.ftm.json), an .xlsx workbook, or a CSV named "
                         f"{', '.join(FILES)}")
    return DatasetPlan([Source(path, str(path), verdict.fmt, verdict.kind)])


_UNPACK = {".gz": "gunzip", ".bz2": "bunzip2", ".xz": "unxz"}


def shown_name(name: str) -> str:
    """A file's name as a report can print it on one line: control and invisible characters escaped
    (a newline in a name broke the table of files)."""
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else repr(c)[1:-1] if len(repr(c)) > 3 else f"\\x{ord(c):02x}"
                   for c in name)


def _plan_folder(path: Path) -> DatasetPlan:
    by_kind: dict[str, Source] = {}
    others: list[Source] = []
    plan = DatasetPlan([])
    for p in sorted(path.iterdir(), key=lambda p: p.name):
        if p.name.startswith((".", "~$")):
            continue
        if p.is_dir():  # listed, not read: a dataset is one folder (load a subfolder on its own)
            named = classify_name(p.name)
            if named.kind is not None or named.fmt != "csv":  # a folder named ties.csv (an archive unpacked into
                # a folder of its name) had been skipped in silence, and --strict said all was loaded: an adversary
                inside = f"the {p.name} it holds" if (p / p.name).is_file() else "the file meant"
                plan.not_read.append(FileProblem(
                    f"the file was not read: it is a folder, named like a dataset file (an archive unpacked into a "
                    f"folder of its name?); put {inside} in its place", file=shown_name(p.name) + "/"))
                continue
            plan.skipped.append(shown_name(p.name) + "/")
            continue
        if not p.is_file():  # a link to nothing (a share not mounted), a pipe, a device
            named = classify_name(p.name)
            if named.kind is not None or named.fmt != "csv":  # (an adversarial reader: left out unsaid, exit 0, and
                # --replace then removed every stored record of its kind)
                raise InputError(f"{path / p.name}: not a file that can be read (a symbolic link to nothing, a "
                                 "pipe or a device); restore it, or move it out of the folder; nothing was written")
            plan.skipped.append(shown_name(p.name))
            continue
        shown = shown_name(p.name)
        verdict = classify_name(p.name)
        # records under another name (export (2).csv) are not passed over in silence; what the header
        # says comes before what the name suggests (people.txt holding ties)
        looks = sniff_header_kind(p) if verdict.kind is None and p.suffix.lower() in TEXT_EXTENSIONS else None
        if verdict.kind is not None:
            by_kind[verdict.kind] = Source(p, shown, "csv", verdict.kind)
        elif verdict.fmt != "csv":
            others.append(Source(p, shown, verdict.fmt))
        elif looks is not None and looks != verdict.meant:
            plan.not_read.append(FileProblem(not_read_but_looks_like(looks, sheet=False), file=shown))
        elif verdict.suggestion:
            plan.not_read.append(FileProblem(f"the file was not read: {verdict.suggestion}", file=shown))
        elif p.name.lower().endswith(_PACKED):  # (ties.csv.gz beside actors.csv was "skipped" alone: a second reader)
            plan.not_read.append(FileProblem("the file was not read: it is compressed; unpack it first", file=shown))
        else:
            plan.skipped.append(shown)
    if "actor" not in by_kind and not others:
        # (an adversary: a folder of actors.csv.gz was told only that it has no actors.csv)
        packed = sorted(e.file or "" for e in plan.not_read if e.reason.endswith("it is compressed; unpack it first"))
        hints = "".join(f"; {e.file}: {e.reason.removeprefix('the file was not read: ')}" for e in plan.not_read
                        if e.file not in packed)
        if packed:
            hints += (f"; {', '.join(packed[:3])}{' ...' if len(packed) > 3 else ''}: compressed, unpack "
                      f"{'it' if len(packed) == 1 else 'them'} first")
        raise InputError(f"{path}: the folder has no actors.csv (a dataset folder needs one, or a .jsonl "
                         f"file or an .xlsx workbook; the other files are {', '.join(FILES)}){hints}")
    plan.sources = [by_kind[k] for k in KINDS if k in by_kind] + others
    return plan


# archives and compressed files, by name: said to be unpacked, not passed over as files of no dataset
_PACKED = (".gz", ".zip", ".bz2", ".xz", ".tgz", ".7z", ".rar", ".zst")


def _is_ftm(path: Path) -> bool:
    """Whether a JSON Lines file is a FollowTheMoney entity stream (by name, or its first object)."""
    from ingest.ftm import is_ftm_name, looks_like_ftm

    return is_ftm_name(path) or looks_like_ftm(path)


def dataset_files(path: Path) -> list[tuple[Path, str | None]]:
    """The files to read for ``path``, in load order, each with its kind: a record kind for a
    dataset CSV, ``"ftm"`` for a FollowTheMoney entity stream, None for JSON Lines and workbooks."""
    return [(s.path, "ftm" if s.fmt == "jsonl" and _is_ftm(s.path) else s.kind)
            for s in plan_dataset(path).sources]


def read_rows(path: Path, encoding: str | None = None, plan: DatasetPlan | None = None,
              entities_skipped: Counter[str] | None = None, store: GraphStore | None = None
              ) -> Iterable[RawRow | RecordError]:
    """Every raw row (or file-level problem) of the dataset at ``path``, misnamed files first.

    A JSON Lines file whose first object has ``schema`` and ``properties`` (or named
    ``.ftm.json``, ``.ijson``) is a FollowTheMoney entity stream: its entities are mapped
    (:mod:`ingest.ftm`), and those the tool has no use for counted in ``entities_skipped``; a
    sanction in it on an actor only ``store`` holds is read as on an actor of the stream.
    """
    from ingest.cells import unneutralise_row

    plan = plan or plan_dataset(path)
    yield from plan.not_read
    for s in plan.sources:
        if s.fmt == "jsonl" and _is_ftm(s.path):
            from ingest.ftm import read_ftm  # followthemoney takes seconds to import: only when needed

            yield from read_ftm(s.path, s.label, entities_skipped,
                                None if store is None else functools.partial(_stored_actors, store))
        elif s.fmt == "jsonl":
            yield from read_jsonl(s.path, s.label, encoding)
        elif s.fmt == "xlsx":
            yield from read_xlsx(s.path, s.label, plan.skipped)
        else:
            assert s.kind is not None
            yield from (unneutralise_row(r) for r in read_csv(s.path, s.kind, s.label, encoding))


def _outside_its_event(p: Any, begins: str | None, ended: str | None) -> list[RecordError]:
    """A participation that would never hold in its event of these dates: its end before the event
    begins, or its start after the event's end (an event without an end lasts its first day: its start's
    period, 1993 the year, at most). kg.graph reads it from its event's start, or its own when later, to
    its own end or its event's, the earlier."""
    last = ended or begins
    if p.end and begins and kgtime.last_day(p.end) < kgtime.first_day(begins):
        return [RecordError(f'is "{p.end}", before its event "{p.event}" begins ({begins}); a participation holds '
                            "from its event's start (or its own start, when later) to its end: correct the end, or "
                            "the event's start", field="end")]
    if p.start and last and kgtime.first_day(p.start) > kgtime.last_day(last):
        what = f"ended ({ended})" if ended else f"was over (it has no end: it lasted its first day, {begins})"
        return [RecordError(f'is "{p.start}", after its event "{p.event}" {what}; nobody takes part in an event '
                            "after its end: correct the start, or the event's end", field="start")]
    return []


def _events_moved_off_stored_participations(store: GraphStore, by_kind: dict[str, list[tuple[Record, RawRow]]]
                                            ) -> tuple[dict[str, RecordError], dict[str, tuple[Any, Any]]]:
    """The events of the dataset whose new dates leave out a participation the store holds (and the
    dataset does not give again, fitting the new dates), each with the line that says which: the event
    would end before that participant came, say; and the dates the store holds of those events (which
    stay). Only events whose dates change are looked at."""
    dated = {r.key(): r for r, _ in by_kind["event"]}
    if not dated:
        return {}, {}
    stored = {e.key(): (getattr(e, "start", None), getattr(e, "end", None))
              for e in store.select("event", "id", sorted(dated))}
    changed = [k for k, dates in stored.items()
               if dates != (getattr(dated[k], "start", None), getattr(dated[k], "end", None))]
    if not changed:
        return {}, {}
    given = {r.key(): r for r, _ in by_kind["participation"]}
    out: dict[str, RecordError] = {}
    for p in store.select("participation", "event", changed):
        if p.event in out:  # type: ignore[attr-defined]
            continue
        again = given.get(p.key())
        e = dated[p.event]  # type: ignore[attr-defined]
        if again is not None and not _outside_its_event(again, getattr(e, "start", None), getattr(e, "end", None)):
            continue  # (given again, and it fits: it takes the stored one's place)
        begins, ended = getattr(e, "start", None), getattr(e, "end", None)
        problem = _outside_its_event(p, begins, ended)
        if problem:
            who = f'the participation of "{p.actor}" that the store holds in it'  # type: ignore[attr-defined]
            if problem[0].field == "start":  # it came after the event, as now dated, was over
                why = (f"it would end on {ended}, before {who} begins ({p.start})" if ended  # type: ignore[attr-defined]
                       else f"without an end it would last its first day, {begins}, before {who} begins "
                            f"({p.start})")  # type: ignore[attr-defined]
                field = "end" if ended else "start"
            else:
                why = f"it would begin on {begins}, after {who} ends ({p.end})"  # type: ignore[attr-defined]
                field = "start"
            out[p.event] = RecordError(f"{why}; correct the event's dates, or give that participation again, "  # type: ignore[attr-defined]
                                       "corrected, with it", field=field)
    return out, {k: stored[k] for k in out}


def _stored_actors(store: GraphStore, ids: list[str]) -> dict[str, tuple[bool, frozenset[str], str]]:
    """(a person?, FtM topics, the id as stored) of the actors of ``ids`` that ``store`` holds, in the
    same Unicode form or in another of the same look (kg.model.id_look)."""
    from kg.graph import id_forms

    by_look: dict[str, Actor] = {}
    for r in store.select("actor", "id", sorted({f for i in ids for f in id_forms(i)})):
        if isinstance(r, Actor):
            by_look.setdefault(id_look(r.id), r)
    out = {}
    for i in ids:
        a = by_look.get(id_look(i))
        if a is None:
            continue
        topics = a.props.get("topics")
        out[i] = (a.kind == "person",
                  frozenset(t.strip() for t in topics.split(";") if t.strip()) if isinstance(topics, str)
                  else frozenset(), a.id)
    return out


@dataclass
class Validation:
    """A dataset read and checked: the good records by kind (in input order), the rejections
    (in the order a reader meets them) and what each file gave."""

    accepted: dict[str, list[Record]]
    errors: list[RecordError]
    summaries: list[FileSummary]
    notes: list[str] = field(default_factory=list)  # about files read (one read as UTF-8 though --encoding)


def validate_rows(rows: Iterable[RawRow | RecordError], store: GraphStore | None
                  ) -> tuple[dict[str, list[Record]], list[RecordError]]:
    """Parse rows into records, rejecting bad fields, duplicates and edges to unknown ids.

    Returns the accepted records by kind and the rejections, in input order.
    """
    v = check_rows(rows, store)
    return v.accepted, v.errors


class CheckInterrupted(LoadInterrupted):
    """The user stopped a load while its data was being checked: nothing was written."""

    def __init__(self) -> None:
        KGError.__init__(self, "interrupted while checking the data, before anything was written: nothing was "
                               "written; load again to load it")
        self.written, self.total = 0, 0


CHECK_EVERY = 4096  # rows read and checked between two looks at whether the user asked to stop


def check_rows(rows: Iterable[RawRow | RecordError], store: GraphStore | None,
               sources: Iterable[Source] = (), lower_sensitivity: bool = False,
               self_contained: bool = False, should_stop: Callable[[], bool] | None = None) -> Validation:
    """:func:`validate_rows`, with a summary per file. A record the store holds as more sensitive
    than the data gives it is refused, unless ``lower_sensitivity``. ``self_contained``: every
    actor and event a record names must be in the dataset (the store is to hold the dataset only)."""
    errors: list[RecordError] = []
    by_kind: dict[str, list[tuple[Record, RawRow]]] = {k: [] for k in KINDS}
    seen: dict[tuple[str, str], RawRow] = {}
    rejected: dict[tuple[str, str], RawRow] = {}  # actors and events of the dataset that were refused
    notes: list[str] = []
    summaries: dict[str, FileSummary] = {s.label: FileSummary(s.label, s.kind) for s in sources}

    def summary(file: str | None, kind: str | None = None) -> FileSummary:
        key = file or "?"
        if key not in summaries:
            summaries[key] = FileSummary(key, kind)
        return summaries[key]

    def stop_asked() -> None:  # (a first Ctrl-C said "stopping after the batch under way", and the checks
        # of a million records went on for a minute before the load stopped: an adversary)
        if should_stop is not None and should_stop():
            raise CheckInterrupted

    for n, row in enumerate(rows):
        if not n % CHECK_EVERY:
            stop_asked()
        if isinstance(row, RecordError):
            if row.refers is not None and row.file is not None and row.line is not None:
                rejected.setdefault(row.refers, RawRow(row.refers[0], {}, row.file, row.line))
            s = summary(row.file)
            if isinstance(row, FileProblem):
                if row.line is None:
                    s.not_read = row.reason
                s.problems += 1
            errors.append(row)
            continue
        if row.kind == FILE_NOTE:
            notes.append(f"{row.file}: {row.values['text']}")
            continue
        s = summary(row.file, row.kind)
        s.read += 1
        try:
            record = parse_record(row.kind, row.values)
        except RecordError as e:
            errors.extend(e.located(row.file, row.line).each())
            if row.kind in ("actor", "event") and isinstance(row.values.get("id"), str):
                rejected.setdefault((row.kind, row.values["id"].strip()), row)
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

    # the files (or sheets) not read at all, by what they would have held: a row naming an actor of an actors
    # sheet refused whole is not "in neither the dataset nor the store" (a new user read 86 such lines)
    unread: dict[str, list[str]] = {"actor": [], "event": []}
    for sm in summaries.values():
        if sm.problems and not sm.read:
            # (a file or sheet named for a kind holds that kind only: an unread ties.csv holds no actor; one
            # named for none, a JSON Lines file, may hold any)
            named = [k for k in KINDS if PLURAL[k] in sm.file.lower()]
            for k in [k for k in ("actor", "event") if k in named] if named else ["actor", "event"]:
                unread[k].append(sm.file)
    stop_asked()
    for kind in ("actor", "event"):  # (under --replace the store's forms go: the dataset's are compared alone)
        by_kind[kind] = _same_looking_ids(kind, by_kind[kind], None if self_contained else store, errors)
    by_kind["actor"], by_kind["event"] = _ids_of_one_kind(by_kind["actor"], by_kind["event"],
                                                          None if self_contained else store, errors, rejected)
    if store is not None:
        if not self_contained:  # (under --replace the store's members and restrictions go too)
            by_kind["actor"] = _kind_changes(by_kind["actor"], store, errors)
        if not lower_sensitivity:
            stored = store.counts()
            for kind in KINDS:
                if stored[PLURAL[kind]]:
                    by_kind[kind] = _sensitivity_kept(kind, by_kind[kind], store, errors)
    stop_asked()
    known = {"actor": {r.key(): r for r, _ in by_kind["actor"]},
             "event": {r.key(): r for r, _ in by_kind["event"]}}
    # and those refused after reading (a lookalike id, a change of kind or sensitivity): each has an error
    refused_at = {(e.file, e.line) for e in errors}
    for (kind, ident), first in seen.items():
        if kind in known and ident not in known[kind] and (first.file, first.line) in refused_at:
            rejected.setdefault((kind, ident), first)
    wanted: dict[str, set[str]] = {"actor": set(), "event": set()}
    for kind, pairs in by_kind.items():
        for record, _ in pairs:
            for attr, target in ENDPOINTS.get(kind, ()):
                wanted[target].add(getattr(record, attr))
    in_store: dict[str, set[str]] = {}
    for target in ("actor", "event"):
        missing = wanted[target] - set(known[target])
        in_store[target] = store.existing_ids(target, missing) if (store is not None and missing) else set()
    gone: dict[str, set[str]] = {"actor": set(), "event": set()}
    if self_contained:  # what only the store holds goes: naming it is naming nothing
        gone, in_store = in_store, gone
    names = _NameIndex(known["actor"], store)
    # the bodies named as organizations and groups that only the store holds: each must be one there too
    bodies = {getattr(r, attr) for kind, attr in (("affiliation", "organization"), ("restriction", "group"))
              for r, _ in by_kind[kind]} & in_store["actor"]
    store_kinds = ({a.key(): getattr(a, "kind", "") for a in store.select("actor", "id", sorted(bodies))}
                   if store is not None and bodies else {})

    # the dates of the events of participations with dates of their own: one that ends before its event
    # begins, or begins after its event ended, would never hold (_outside_its_event)
    dated = {r.event for r, _ in by_kind["participation"] if r.end or r.start}  # type: ignore[attr-defined]
    event_dates = {e: (getattr(r, "start", None), getattr(r, "end", None)) for e, r in known["event"].items()
                   if e in dated}
    if store is not None and dated & in_store["event"]:
        event_dates.update((e.key(), (getattr(e, "start", None), getattr(e, "end", None)))
                           for e in store.select("event", "id", sorted(dated & in_store["event"])))

    moved, staying = ({}, {}) if store is None or self_contained else _events_moved_off_stored_participations(
        store, by_kind)
    event_dates.update((e, dates) for e, dates in staying.items() if e in event_dates)  # (refused: these stay)

    stop_asked()
    accepted: dict[str, list[Record]] = {k: [] for k in KINDS}
    for kind in KINDS:
        stop_asked()
        for record, row in by_kind[kind]:
            problems = ([] if _endpoints_in_dataset(kind, record, known)
                        else _endpoint_problems(kind, record, known, in_store, names, store_kinds, rejected, gone,
                                                unread))
            if kind == "participation" and not problems and record.event in event_dates:  # type: ignore[attr-defined]
                problems = _outside_its_event(record, *event_dates[record.event])  # type: ignore[attr-defined]
            elif kind == "event" and not problems and record.key() in moved:
                problems = [moved[record.key()]]
            if problems:
                errors.extend(p.located(row.file, row.line) for p in problems)
            else:
                accepted[kind].append(record)
                summary(row.file).loaded += 1
    file_rank = {name: i for i, name in enumerate(summaries)}
    errors.sort(key=lambda e: (file_rank.get(e.file or "?", 0), e.line or 0))  # in the order a reader meets them
    for name in summaries:
        summaries[name].rejected = len({e.line for e in errors
                                        if e.file == name and e.line is not None and not isinstance(e, FileProblem)})
    return Validation(accepted, errors, list(summaries.values()), notes)


def _ids_of_one_kind(actors: list[tuple[Record, RawRow]], events: list[tuple[Record, RawRow]],
                     store: GraphStore | None, errors: list[RecordError],
                     rejected: dict[tuple[str, str], RawRow]
                     ) -> tuple[list[tuple[Record, RawRow]], list[tuple[Record, RawRow]]]:
    """The actors and events less those whose id is the other kind's: maps, GraphML, GEXF and FtM draw
    actors and events as nodes named by their ids, so one id for both made one node of two (an actor's
    ties drawn on the event). An event whose id is an actor's (of the dataset or the store) is refused,
    and an actor whose id is an event the store holds."""
    actor_at = {r.key(): row for r, row in actors}
    event_ids = {r.key() for r, _ in events}
    stored_actors = store.existing_ids("actor", event_ids - set(actor_at)) if store is not None and event_ids else set()
    stored_events = (store.existing_ids("event", set(actor_at) - event_ids)
                     if store is not None and actor_at else set())

    def refuse(kind: str, record: Record, row: RawRow, where: str) -> None:
        other = "an actor" if kind == "event" else "an event"
        errors.append(RecordError(f'"{record.key()}" is already the id of {other} ({where}); an {kind} needs an id '
                                  "of its own (maps and exports draw actors and events as nodes named by their ids)",
                                  field="id", file=row.file, line=row.line))
        rejected.setdefault((kind, record.key()), row)

    kept_events = []
    for record, row in events:
        if record.key() in actor_at:
            first = actor_at[record.key()]
            refuse("event", record, row, f"{first.file}:{first.line}")
        elif record.key() in stored_actors:
            refuse("event", record, row, "in the store")
        else:
            kept_events.append((record, row))
    kept_actors = []
    for record, row in actors:
        if record.key() in stored_events:
            refuse("actor", record, row, "in the store")
        else:
            kept_actors.append((record, row))
    return kept_actors, kept_events


def _same_looking_ids(kind: str, pairs: list[tuple[Record, RawRow]], store: GraphStore | None,
                      errors: list[RecordError]) -> list[tuple[Record, RawRow]]:
    """The records of ``kind`` less those whose id looks the same as another id, of the dataset or of
    the store, but is written with other Unicode characters (an accent composed, "é", or decomposed,
    "e" and a combining accent, as macOS writes file names; the Kelvin sign for K): stored as given,
    one actor would be two. Ids are the same to the eye when their NFC forms are equal. The forms
    the store holds come first (a record with one of them is an update, so a store split by an
    earlier version still loads); otherwise the dataset's first form is kept."""
    if not pairs:
        return pairs
    # the store's forms of each look: ids it holds that are not their own look (few: a scan of its
    # non-ASCII ids and those with doubled spaces), and the look of each dataset id that is not its own
    # look, if the store holds it
    held: dict[str, set[str]] = {}
    if store is not None:
        odd_here = {id_look(r.key()) for r, _ in pairs if id_look(r.key()) != r.key()}
        for i in store.unnormalized_ids(kind):
            held.setdefault(id_look(i), set()).add(i)
        wanted = odd_here | set(held)  # (the store may hold the NFC form beside another)
        for i in store.existing_ids(kind, wanted) if wanted else ():
            held.setdefault(i, set()).add(i)
    first: dict[str, tuple[str, RawRow]] = {}
    refused: set[int] = set()
    for record, row in pairs:
        k = record.key()
        look = id_look(k)
        if look in held:
            if k in held[look]:
                continue
            other, where = sorted(held[look])[0], " in the store"
        else:
            seen = first.setdefault(look, (k, row))
            if seen[0] == k:
                continue
            other, where = seen[0], f" (first at {seen[1].file}:{seen[1].line})"
        errors.append(RecordError(f'"{k}" looks like the id "{other}"{where} but is written with other Unicode '
                                  "characters (an accent composed in one, decomposed in the other, a no-break or "
                                  "doubled space, or another code for the same letter): they would be two "
                                  f"{PLURAL[kind]}; write the id "
                                  "the same way in both places", field="id", file=row.file, line=row.line))
        refused.add(id(record))
    return [(r, row) for r, row in pairs if id(r) not in refused] if refused else pairs


def _kind_changes(actors: list[tuple[Record, RawRow]], store: GraphStore,
                  errors: list[RecordError]) -> list[tuple[Record, RawRow]]:
    """The actor rows that may be stored: a person given for an organization that has members or
    restrictions in the store is refused (a person cannot have members; a fresh load refuses the
    same records), with one line saying why and what to do."""
    people = [r.key() for r, _ in actors if getattr(r, "kind", None) == "person"]
    if not people:
        return actors
    members = {o: n for o, n in store.count_by("affiliation", "organization", people).items() if n}
    groups: dict[str, int] = {}
    for r in store.select("restriction", "group", people):
        groups[r.group] = groups.get(r.group, 0) + 1  # type: ignore[attr-defined]
    if not members and not groups:
        return actors
    kept = []
    for record, row in actors:
        n, g = members.get(record.key(), 0), groups.get(record.key(), 0)
        if not n and not g:
            kept.append((record, row))
            continue
        held = " and ".join(x for x in (f"{n} member{'s' if n != 1 else ''}" if n else "",
                                        f"{g} restriction{'s' if g != 1 else ''} on it" if g else "") if x)
        errors.append(RecordError(f'is "person", but "{record.key()}" is an organization in the store with {held}; '
                                  "a person cannot have members or be a restricted group: keep it an "
                                  "organization, or load your data into a new store without those records",
                                  field="kind", file=row.file, line=row.line))
    return kept


SENSITIVITY_LEVEL = {name: level for level, name in enumerate(SENSITIVITIES)}


# What makes two relationships the same one told again with a corrected start or role (the rest of
# the key): a new public record beside, or instead of, a confidential one of the same identity
# would show what the confidential one hides.
_IDENTITY = {"affiliation": ("member", "organization"), "tie": ("a", "b", "kind"),
             "influence": ("from_", "to", "kind"), "participation": ("actor", "event"),
             "restriction": ("group", "jurisdiction", "kind", "scope")}


def _identity(record: Record) -> tuple[Any, ...]:
    values = [getattr(record, f) for f in _IDENTITY[record.kind_name]]
    if record.kind_name == "tie":
        values[:2] = sorted(values[:2])
    return tuple(values)


def _sensitivity_kept(kind: str, pairs: list[tuple[Record, RawRow]], store: GraphStore,
                      errors: list[RecordError]) -> list[tuple[Record, RawRow]]:
    """The records of ``kind`` less those that would lower the sensitivity of what the store holds:
    a record given again less sensitive than stored (a file without a sensitivity column, or a refresh
    from a public source, would make a confidential record public, and every export and map would
    then show it), and a new relationship less sensitive than a stored one that differs from it only
    by its start or role (a corrected start would otherwise add a public copy of a confidential tie)."""
    lower = [r for r, _ in pairs if SENSITIVITY_LEVEL[r.sensitivity] < 2]
    stored = store.stored_sensitivity(kind, [r.key() for r in lower]) if lower else {}
    shadowed: dict[tuple[Any, ...], tuple[int, str]] = {}  # identity -> (level, key) of the most sensitive
    new = [r for r in lower if r.key() not in stored]
    if new and kind in _IDENTITY:
        field = _IDENTITY[kind][0]
        ends = {getattr(r, field) for r in new} | ({r.b for r in new} if kind == "tie" else set())  # type: ignore[attr-defined]
        for other in (store.select(kind, field, ends) + (store.select(kind, "b", ends) if kind == "tie" else [])):
            level = SENSITIVITY_LEVEL[other.sensitivity]
            if level and level > shadowed.get(_identity(other), (0, ""))[0]:
                shadowed[_identity(other)] = (level, other.key())
    kept = []
    for record, row in pairs:
        mine = SENSITIVITY_LEVEL[record.sensitivity]
        was = stored.get(record.key())
        if was is not None and mine < was:
            held = SENSITIVITIES[was]
            why = f'the store holds this {kind} as "{held}"'
        elif was is None and kind in _IDENTITY and mine < shadowed.get(_identity(record), (0, ""))[0]:
            level, other_key = shadowed[_identity(record)]
            held = SENSITIVITIES[level]
            differs = {"affiliation": "role or start", "participation": "role"}.get(kind, "start")
            why = f'the store holds this {kind} with another {differs} as "{held}" ({other_key})'
        else:
            kept.append((record, row))
            continue
        errors.append(RecordError(
            f'is "{record.sensitivity}", but {why}; a load does not lower a record\'s sensitivity unasked: '
            f'write "{held}" in the file, or load with --lower-sensitivity to lower it on purpose (or when '
            "this is another relationship, meant to be seen)", field="sensitivity", file=row.file, line=row.line))
    return kept


CLOSE_ASKED = 50  # references naming no actor that are compared with every id for a near spelling


class _NameIndex:
    """Actors by folded name, alias and id (from the dataset, then the store), built when first asked."""

    def __init__(self, dataset_actors: dict[str, Record], store: GraphStore | None) -> None:
        self.dataset_actors, self.store = dataset_actors, store
        self._index: dict[str, dict[str, str]] | None = None
        self._ids: dict[str, str] | None = None
        self._asked = 0

    def matches(self, ref: str) -> dict[str, str]:
        """Actor ids (with their names) whose name, alias or id folds to what ``ref`` folds to."""
        if self._index is None:
            self._index = {}
            actors: list[Record] = list(self.dataset_actors.values())
            if self.store is not None:
                actors += [a for a in self.store.records("actor") if a.key() not in self.dataset_actors]
            for a in actors:
                if isinstance(a, Actor):
                    for label in (a.name, a.id, *a.aliases):
                        self._index.setdefault(fold(label), {})[a.id] = a.name
                    # and by how its id looks (a Cyrillic а for a Latin a: what folding keeps apart)
                    self._index.setdefault("\x00" + id_look(a.id).casefold(), {})[a.id] = a.name
        found = dict(self._index.get(fold(ref), {})) if fold(ref) else {}
        found.update(self._index.get("\x00" + id_look(ref).casefold(), {}))
        return found

    def close(self, ref: str) -> dict[str, str]:
        """The actor ids (with their names) spelt nearly as ``ref`` ("carlos-vegas" for carlos-vega), for
        the first :data:`CLOSE_ASKED` references that name no actor (a file of thousands of them is not
        compared with every id)."""
        if self._index is None:
            self.matches(ref)
        assert self._index is not None
        self._asked += 1
        if self._asked > CLOSE_ASKED:
            return {}
        if self._ids is None:
            self._ids = {i: n for key, found in self._index.items() if key.startswith("\x00") for i, n in found.items()}
        import difflib

        return {i: self._ids[i] for i in difflib.get_close_matches(ref, list(self._ids), n=2, cutoff=0.85)}


# per kind: each endpoint's attribute, the kind it names, and whether it must name an organization
_ENDS = {kind: tuple((attr, target, target == "actor" and attr in ("organization", "group"))
                     for attr, target in ENDPOINTS.get(kind, ())) for kind in KINDS}


def _endpoints_in_dataset(kind: str, record: Record, known: dict[str, dict[str, Record]]) -> bool:
    """Whether every endpoint of ``record`` names a record of the dataset, an organization where it must:
    the usual record, of which :func:`_endpoint_problems` finds nothing to say (asked only of the others)."""
    for attr, target, organization in _ENDS[kind]:
        found = known[target].get(getattr(record, attr))
        if found is None or (organization and getattr(found, "kind", None) not in (None, "organization")):
            return False
    return True


def _endpoint_problems(kind: str, record: Record, known: dict[str, dict[str, Record]],
                       in_store: dict[str, set[str]], names: _NameIndex,
                       store_kinds: dict[str, str] | None = None,
                       rejected: dict[tuple[str, str], RawRow] | None = None,
                       gone: dict[str, set[str]] | None = None,
                       unread: dict[str, list[str]] | None = None) -> list[RecordError]:
    problems = []
    for attr, target in ENDPOINTS.get(kind, ()):
        ref = getattr(record, attr)
        column = "from" if attr == "from_" else attr
        if ref not in known[target] and gone and ref in gone[target] and (target, ref) not in (rejected or {}):
            problems.append(RecordError(f'names {target} "{ref}", which only the store holds: --replace keeps only '
                                        "what this dataset holds; add it to the dataset, or load without --replace",
                                        field=column))
            continue
        if ref not in known[target] and ref not in in_store[target]:
            hint = ""
            if target == "actor":
                found = {i: n for i, n in names.matches(ref).items() if i != ref}  # (itself: a row refused)
                if not found and (target, ref) not in (rejected or {}):
                    found = {i: n for i, n in names.close(ref).items() if i != ref}
                if found:
                    hint = "; did you mean " + " or ".join(f'"{i}" ({n})' for i, n in sorted(found.items())) + "?"
                    if any(i != ref and id_look(i) == id_look(ref) for i in found):
                        hint += (" (it looks the same but is written with other Unicode characters: an accent "
                                 "composed in one, decomposed in the other, a no-break or doubled space, or a "
                                 "letter of another script that looks the same)")
            refused = (rejected or {}).get((target, ref))
            # the dataset holds it, in a row refused: that first (not a like name), unless it looks the same
            if refused is not None and "looks the same" not in hint:
                problems.append(RecordError(f'names {target} "{ref}", which was refused at {refused.file}:'
                                            f"{refused.line} (see there); correct that row", field=column))
            elif (unread or {}).get(target):
                those = (unread or {}).get(target, [])
                files = ", ".join(those[:3]) + (f" and {len(those) - 3} more" if len(those) > 3 else "")
                problems.append(RecordError(f'names {target} "{ref}", which is in neither what was read nor the '
                                            f"store, but {files} {'was' if len(those) == 1 else 'were'} not read "
                                            f"and may hold it (see its error); correct that and load again{hint}",
                                            field=column))
            else:
                problems.append(RecordError(f'names {target} "{ref}", which is neither in this dataset nor in '
                                            f"the store{hint}", field=column))
            continue
        actor = known[target].get(ref)
        actor_kind = getattr(actor, "kind", None) if actor is not None else (store_kinds or {}).get(ref)
        if target == "actor" and actor_kind is not None and column in ("organization", "group") \
                and actor_kind != "organization":
            where = "" if actor is not None else " in the store"
            problems.append(RecordError(f'names "{ref}", a {actor_kind}{where}; '
                                        f"it must be an organization", field=column))
    return problems


def validate(path: str | Path, store: GraphStore | None = None, encoding: str | None = None,
             entities_skipped: Counter[str] | None = None, lower_sensitivity: bool = False,
             self_contained: bool = False, should_stop: Callable[[], bool] | None = None
             ) -> tuple[DatasetPlan, Validation]:
    """Read and check the dataset at ``path`` (``encoding`` None: UTF-8) against itself and ``store``."""
    p = Path(path)
    if encoding is not None:
        try:
            encoding = check_encoding(encoding)
        except ValueError as e:
            raise InputError(f"--encoding: {e}") from None
    plan = plan_dataset(p)
    sources = [Source(Path(e.file or ""), e.file or "?", "csv") for e in plan.not_read] + plan.sources
    v = check_rows(read_rows(p, encoding, plan, entities_skipped, None if self_contained else store), store,
                   [s for s in sources if s.fmt != "xlsx"], lower_sensitivity, self_contained, should_stop)
    return plan, v


def validate_path(path: str | Path, store: GraphStore | None = None, encoding: str | None = None
                  ) -> tuple[list[str], dict[str, list[Record]], list[RecordError]]:
    """Read and validate the dataset at ``path``: (files read, accepted records, rejections)."""
    plan, v = validate(path, store, encoding)
    return [str(s.path) for s in plan.sources], v.accepted, v.errors


def write_records(store: GraphStore, records: list[Record], *, batch_size: int | None = None,
                  progress: Progress | None = None, should_stop: Callable[[], bool] | None = None,
                  strict: bool = False, source: str = "",
                  remove: Callable[[], dict[str, set[str]]] | None = None, never_lower: bool = False) -> UpsertResult:
    """Write ``records`` (every accepted record, in load order) to ``store``; the one place a
    load writes. Batches of ``batch_size``, each one transaction, or with ``strict`` all of them
    in one transaction (nothing is written unless everything is); ``should_stop`` is asked
    before each batch. ``remove``: called first, in the one transaction (it may raise to refuse),
    gives the keys of stored records to remove, by kind, removed after the writes in the same
    transaction (relationships first); the result's ``removed`` counts them."""
    strict = strict or remove is not None
    result = UpsertResult()
    batch_size = batch_size or BATCH_SIZE
    total = len(records)
    whole = store.transaction() if strict else contextlib.nullcontext()
    # a load of several batches marks the store until it ends: one cut short (kill -9, a lost server)
    # leaves its whole batches in, and every command then says so (see unfinished_load)
    marked = not strict and total > batch_size
    mine = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "records": total, "source": source}
    if marked:  # beside the marks of other loads cut short (of other data), which stay until they are done
        store.set_meta(UNFINISHED_LOAD, json.dumps(
            [m for m in _unfinished(store) if not source or m.get("source") != source] + [mine]))
    guarded = never_lower and hasattr(store, "never_lower")  # (the embedded store checks again as it writes)
    if guarded:
        store.never_lower = True  # type: ignore[attr-defined]
    held = _RUNNING.get(id(store))
    # a server checks as each write commits that this load still holds it (the embedded store is held by the
    # operating system's lock, which no other load takes over)
    holds = held is not None and hasattr(store, "hold")
    try:
        with store.bulk_load(), whole:
            if strict and held is not None and store.get_meta(RUNNING_LOAD) != held.text:
                # (one transaction sends no heartbeat: still this load's store, as it begins to write)
                raise InputError("another load took this store over (it took this one to have stopped); nothing "
                                 "was written; load again when the other has finished")
            going = remove() if remove is not None else {}
            if holds:  # (a strict load's one transaction checks it as it commits)
                store.hold = (RUNNING_LOAD, held.text)  # type: ignore[attr-defined, union-attr]
            for i in range(0, total, batch_size):
                if should_stop and should_stop():
                    raise LoadInterrupted(0 if strict else i, total)
                if held is not None and not strict:  # still this load's, before each batch it writes
                    held.beat()
                    if holds:  # (what the batch's transaction must find as it commits: the setting just beaten)
                        store.hold = (RUNNING_LOAD, held.text)  # type: ignore[attr-defined]
                result.add(store.upsert(records[i:i + batch_size]))
                if progress:
                    progress(min(i + batch_size, total), total)
                if _PAUSE_AFTER is not None and i // batch_size + 1 == _PAUSE_AFTER:
                    _pause(should_stop)
            for kind in reversed(LOAD_ORDER):
                if going.get(kind):
                    if should_stop and should_stop():
                        raise LoadInterrupted(0, total)
                    result.removed[kind] = store.delete(kind, going[kind])
    finally:  # (after the one transaction of a strict load has committed, or not)
        if guarded:
            store.never_lower = False  # type: ignore[attr-defined]
        if holds:
            store.hold = None  # type: ignore[attr-defined]
    # done: the mark of this load goes, and so does one a load of the same data left (in any mode)
    marks = _unfinished(store)
    left = [m for m in marks if m != mine and (not source or m.get("source") != source)]
    if left != marks:
        store.set_meta(UNFINISHED_LOAD, json.dumps(left) if left else "")
    return result


def _unfinished(store: GraphStore) -> list[dict[str, Any]]:
    """The marks of the loads into ``store`` that did not finish, oldest first."""
    raw = store.get_meta(UNFINISHED_LOAD)
    try:
        found = json.loads(raw) if raw else []
    except ValueError:
        return [{"started": "?", "records": 0}]
    found = [found] if isinstance(found, dict) else found
    return [m for m in found if isinstance(m, dict)] if isinstance(found, list) else [{"started": "?", "records": 0}]


UNFINISHED_LOAD = "unfinished_load"  # the store setting a load of several batches holds while it runs
def running_load(store: GraphStore) -> dict[str, Any] | None:
    """The load writing to ``store`` now, if one is (what the setting says of it), else None."""
    told = getattr(store, "load_running", lambda: None)()
    if told is None:  # (a server: the setting alone)
        return running_holder(store.get_meta(RUNNING_LOAD))
    if not told:
        return None
    return _said_of_load(store) or {"started": "?"}


def _said_of_load(store: GraphStore) -> dict[str, Any]:
    """What the store's setting says of the load holding it (empty when it says nothing readable)."""
    try:
        holder = json.loads(store.get_meta(RUNNING_LOAD) or "{}")
    except ValueError:
        return {}
    return holder if isinstance(holder, dict) else {}


class _Running:
    """The setting a load holds while it writes, and its heartbeat (each batch says the load is alive)."""

    def __init__(self, store: GraphStore, value: dict[str, Any]) -> None:
        self.store, self.value, self.text = store, value, json.dumps(value, sort_keys=True)

    def beat(self) -> None:
        value = {**self.value, "beat": datetime.now(UTC).isoformat(timespec="seconds")}
        text = json.dumps(value, sort_keys=True)
        if not self.store.swap_meta(RUNNING_LOAD, self.text, text):  # taken over: it must not go on
            raise InputError("another load took this store over (it took this one to have stopped); this load "
                             "stopped here: its whole batches are in; load the same data again when the other "
                             "has finished")
        self.value, self.text = value, text


_RUNNING: dict[int, _Running] = {}  # id(store) -> the load this program runs into it


def _busy(holder: dict[str, Any]) -> InputError:
    """The one line refusing a load while ``holder`` (what the store says of another load) holds the store."""
    of = f" of {holder['source']}" if holder.get("source") else ""
    return InputError(f"another load{of} is writing to this store (started {holder.get('started', '?')}, "
                      f"process {holder.get('pid', '?')} on {holder.get('host', '?')}); wait for it to finish, "
                      "then load again; nothing was written")


@contextlib.contextmanager
def only_load(store: GraphStore, source: str) -> Any:
    """Hold ``store`` for one load, from the checks against what it holds to its last batch: a second load
    at once is refused in one line (an adversarial reader: two loads at once, the second's confidential
    record was made public by the first, whose check of stored sensitivities had run before the second
    wrote). A load cut short (kill -9) holds nothing: its process is gone."""
    import socket

    now = datetime.now(UTC).isoformat(timespec="seconds")
    mine = {"source": source, "host": socket.gethostname(), "pid": os.getpid(),
            "since": process_start(os.getpid())[1], "started": now, "beat": now}
    running = _Running(store, mine)
    exclusive = getattr(store, "lock_for_load", None)
    if exclusive is not None:  # the embedded store: the operating system's lock says who holds it
        if not exclusive():
            raise _busy(_said_of_load(store))
        store.set_meta(RUNNING_LOAD, running.text)  # (what it says of this load; an older value is stale)
        found = running.text
    else:
        found = store.set_meta_once(RUNNING_LOAD, running.text)
    if found != running.text:
        holder = running_holder(found)
        if holder is not None:
            raise _busy(holder)
        if not store.swap_meta(RUNNING_LOAD, found, running.text):  # (gone: taken over, unless another was quicker)
            raise InputError("another load took this store at the same moment; wait for it to finish, then load "
                             "again; nothing was written")
    _RUNNING[id(store)] = running
    failed = True
    try:
        yield
        failed = False
    finally:
        _RUNNING.pop(id(store), None)
        # (a lost server: the setting is left, and read as gone later; after an error, one try, so that a
        # server already lost is said at once, not after the driver's half minute of retries)
        with contextlib.suppress(Exception):
            store.swap_meta(RUNNING_LOAD, running.text, "", once=failed)
        if exclusive is not None:
            store.unlock_for_load()  # type: ignore[attr-defined]


def unfinished_load(store: GraphStore) -> str | None:
    """One line when a load into ``store`` is running, or the last one did not finish, else None."""
    running = running_load(store)
    if running is not None:  # (not "did not finish": loading the same data again would be a second load)
        of = f" of {running['source']}" if running.get("source") else ""
        return (f"note: a load{of} into this store is running (started {running.get('started', '?')}); this "
                "answer does not hold what it has not written yet")
    marks = _unfinished(store)
    if not marks:
        return None
    what = marks[-1]
    try:
        n = int(what.get("records", 0))
    except (TypeError, ValueError):
        n = 0
    of = f" of {what['source']}" if what.get("source") else ""
    others = len(marks) - 1
    more = f" (and {others} earlier load{'s' if others > 1 else ''} of other data)" if others else ""
    return (f"warning: the last load{of} into this store (started {what.get('started', '?')}, {n:,} records){more} "
            "did not finish: its whole batches are in, the rest is not; load the same data again to complete it")


# Fault injection for the tests (kill -9 or Ctrl-C in the middle of a load): KG_TEST_PAUSE_AFTER_BATCH=N
# makes a load pause after its N-th batch, say so on stderr, and wait to be killed or stopped
# (KG_TEST_PAUSE_SECONDS: or to go on after that long: the server lost meanwhile).
_PAUSE_AFTER = int(os.environ["KG_TEST_PAUSE_AFTER_BATCH"]) if os.environ.get("KG_TEST_PAUSE_AFTER_BATCH") else None


def _pause(should_stop: Callable[[], bool] | None) -> None:
    """Wait (10 minutes at most, or KG_TEST_PAUSE_SECONDS) to be killed, or until a stop is asked for (Ctrl-C)."""
    import sys
    import time

    print("kg: paused for a test (KG_TEST_PAUSE_AFTER_BATCH)", file=sys.stderr, flush=True)
    deadline = time.monotonic() + float(os.environ.get("KG_TEST_PAUSE_SECONDS") or 600)
    while time.monotonic() < deadline and not (should_stop and should_stop()):
        time.sleep(0.05)


def rewritten_notes(accepted: dict[str, list[Record]]) -> list[str]:
    """A note when the actors' names are pseudonyms (``P-4137-4405-7060``) or hold ``[…]``: a file written by
    ``kg export --redact`` (or without confidential records). Loaded into the store it came from, it adds the
    pseudonymous people beside the real ones and writes […] over names (an adversary loaded one back)."""
    from visualize.redact import PSEUDONYM

    actors = [a for a in accepted.get("actor", []) if isinstance(a, Actor)]
    pseudonyms = sum(bool(PSEUDONYM.fullmatch(a.name)) for a in actors)
    withheld = sum("[…]" in a.name or any("[…]" in x for x in a.aliases) for a in actors)
    # and […] in any other text (a description, an event's name, a note): an export without confidential
    # records loaded back into its store had written "Envoy who met […] in Oslo" over the analyst's text, with
    # no word (an export adversary)
    in_text = sum(map(_withheld_in_text, (r for records in accepted.values() for r in records)))
    # (an actor whose id an export withheld, "withheld-...", is another copy of one the store holds: a reader)
    ids = sum(a.id.startswith("withheld-") for a in actors)
    if not pseudonyms and not withheld and not in_text and not ids:
        return []
    what = ", ".join(x for x in (f"{pseudonyms:,} named by a pseudonym (P-...)" if pseudonyms else "",
                                 f"{withheld:,} with […] in a name" if withheld else "",
                                 f"{ids:,} with a withheld id (withheld-...)" if ids else "") if x)
    what = ", ".join(x for x in (f"{what} of {len(actors):,} actors" if what else "",
                                 f"{in_text:,} record{'s' if in_text != 1 else ''} with […] in a text"
                                 if in_text else "") if x)
    return [f"{what}: this looks like a file written by kg export --redact (or without "
            "confidential records); loaded into the store it came from, it adds those people again under their "
            "pseudonyms and writes […] over names and text: read it in a store of its own (--db another file)"]


_PLAIN = frozenset({str, float, int, bool, type(None)})


def _withheld_in_text(r: Record) -> bool:
    """Whether a text of ``r`` (:func:`_texts`) holds "[…]", an actor's name and aliases aside: read from the
    record's fields as they are, without making its dict (which took a tenth of loading 70,000 records)."""
    names, values, _ = _AS_DICT[r.kind_name]
    got = values(r)
    props = r.props
    if not props and not isinstance(r, Actor) and set(map(type, got)) <= _PLAIN:  # (texts, numbers, None only)
        return "[…]" in "\0".join([v for v in got if type(v) is str])
    actor = isinstance(r, Actor)
    if props and not props.keys().isdisjoint(names):  # (a property over a field: as to_dict gives it)
        return any("[…]" in v for k, v in _texts(r) if not (actor and k in ("name", "aliases")))
    for k, v in zip(names, got, strict=True):
        if isinstance(v, str):
            if "[…]" in v and not (actor and k == "name"):
                return True
        elif isinstance(v, list | tuple) and not (actor and k == "aliases"):
            if any(isinstance(x, str) and "[…]" in x for x in v):
                return True
        elif isinstance(v, dict):
            if any(isinstance(x, str) and "[…]" in x for x in v.values()):
                return True
    for v in props.values():
        if isinstance(v, str):
            if "[…]" in v:
                return True
        elif isinstance(v, list | tuple | dict):
            if any(isinstance(x, str) and "[…]" in x for x in (v.values() if isinstance(v, dict) else v)):
                return True
    return False


def _texts(r: Record) -> Iterator[tuple[str, str]]:
    """Every text of ``r``, by field (a list's items, and extra properties', each)."""
    for k, v in r.to_dict().items():
        if isinstance(v, str):
            yield k, v
        elif isinstance(v, list | tuple):
            yield from ((k, x) for x in v if isinstance(x, str))
        elif isinstance(v, dict):
            yield from ((k, x) for x in v.values() if isinstance(x, str))


def seat_notes(accepted: dict[str, list[Record]]) -> list[str]:
    """A note when an intergovernmental body has a ``country``: its officials are then officials of that state
    (the data model's rule), bound by its restrictions on officials and counted as its officials by kg gaps. A
    mediator giving the UN Secretariat its seat, USA, had the Secretary-General bound by the US terrorist list
    (a reader's Colombian data)."""
    seated = [a for a in accepted.get("actor", []) if isinstance(a, Actor) and a.kind == "organization"
              and a.org_type == "intergovernmental" and a.country]
    if not seated:
        return []
    shown = ", ".join(f'"{a.key()}" ({a.country})' for a in seated[:5]) + (
        f", and {len(seated) - 5:,} more" if len(seated) > 5 else "")
    one = len(seated) == 1
    return [f"{'an intergovernmental body has' if one else f'{len(seated):,} intergovernmental bodies have'} a "
            f"country: {shown}; {'its' if one else 'their'} officials count as officials of that state (its "
            "restrictions on officials bind them, and kg gaps counts them as its officials): leave country empty "
            "for a body whose officials serve no one state (the UN Secretariat, an EU service)"]


def end_notes(accepted: dict[str, list[Record]], store: GraphStore | None = None) -> list[str]:
    """A note when records begin after the end of an actor they name (a death, a dissolution): they are in no
    day's network, which a mistyped end (a year of birth) would do without a word (a second reader). Records of
    the dataset against the ends of the dataset and of the store (a tie loaded after its man's end was), a
    participation from its event's start when it gives none, a restriction against its group's end; and the
    store's records against an end the dataset gives anew or changes (an end of 1950 loaded over a store whose
    records of the actor start in 1990 said only "1 updated": an adversarial reader)."""
    given = {a.key(): a.end for a in accepted.get("actor", []) if getattr(a, "end", None)}  # type: ignore[attr-defined]
    kinds = ("affiliation", "tie", "influence", "participation", "restriction")
    named = {getattr(r, attr) for kind in kinds for r in accepted.get(kind, [])
             for attr, target in ENDPOINTS[kind] if target == "actor"}
    in_dataset = {a.key() for a in accepted.get("actor", [])}
    stored: dict[str, str] = {}
    notes: list[str] = []
    if store is not None and store.counts().get("actors"):
        # (an actor the dataset gives again has its end from the dataset, or none)
        stored = store.ended_actors(date.max, 2, (named | given.keys() | in_dataset))
        given.update((a, end) for a, end in stored.items() if a not in in_dataset)
        # an end the store holds that the dataset gives the actor without (a file with no end column, a later
        # export that left it out): the dead come back, which may be meant, and is said (an adversarial reader)
        revived = sorted(a for a in in_dataset if a in stored and a not in given)
        if revived:
            shown = ", ".join(f'"{a}" (its end {stored[a]})' for a in revived[:10])
            more = f" and {len(revived) - 10:,} more" if len(revived) > 10 else ""
            notes.append(f"actors given without the end the store holds: {shown}{more}; they are back in every "
                         "day's network after it (give the end again, in an end column, if they are gone)")
    if not given:
        return notes
    ends = {a: kgtime.last_day(end) for a, end in given.items()}
    event_starts = {e.key(): e.start for e in accepted.get("event", [])}  # type: ignore[attr-defined]
    late: dict[str, list[str]] = {}

    def event_starts_of(parts: Iterable[Record]) -> None:
        """The starts of the stored events of participations by actors with an end, read at once (a query per
        event cost 2 s on a load of 200,000 participations, a second reader)."""
        wanted = {r.event for r in parts if r.actor in ends} - event_starts.keys()  # type: ignore[attr-defined]
        if wanted and store is not None:
            found = {e.key(): e.start for e in store.select("event", "id", sorted(wanted), None, 2)}  # type: ignore[attr-defined]
            event_starts.update((ev, found.get(ev)) for ev in wanted)

    def check(kind: str, r: Record, only: set[str] | None = None) -> None:
        start = getattr(r, "start", None)
        if kind == "participation":  # (one that gives no start begins with its event)
            if r.actor not in ends:  # type: ignore[attr-defined]
                return
            start = kgtime.participation_start(start, event_starts.get(r.event))  # type: ignore[attr-defined]
        if not start:
            return
        for a in (getattr(r, attr) for attr, target in ENDPOINTS[kind] if target == "actor"):
            if a in ends and (only is None or a in only) and kgtime.first_day(start) > ends[a]:
                late.setdefault(a, []).append(f"{kind} from {start}")

    event_starts_of(accepted.get("participation", []))
    for kind in kinds:
        for r in accepted.get(kind, []):
            check(kind, r)
    # the store's records of actors whose end the dataset gives anew, or moves earlier
    moved = {a for a in in_dataset & given.keys()
             if a not in stored or kgtime.last_day(stored[a]) > ends[a]} if store is not None else set()
    if moved and store is not None and store.counts().get("actors"):
        keys = {r.key() for kind in kinds for r in accepted.get(kind, [])}
        for kind, fields in (("affiliation", ("member", "organization")), ("tie", ("a", "b")),
                             ("influence", ("from", "to")), ("participation", ("actor",)), ("restriction", ("group",))):
            for f in fields:
                found = [r for r in store.select(kind, f, sorted(moved), None, 2) if r.key() not in keys]
                keys.update(r.key() for r in found)
                if kind == "participation":
                    event_starts_of(found)
                for r in found:
                    check(kind, r, moved)
    if not late:
        return notes
    shown = "; ".join(f'"{a}" (its end {given[a]}: {", ".join(w[:2])}'
                      f'{f" and {len(w) - 2:,} more" if len(w) > 2 else ""})' for a, w in sorted(late.items())[:10])
    more = f"; and {len(late) - 10:,} more actors" if len(late) > 10 else ""
    return notes + [f"records begin after the end of an actor they name, so they are in no day's network: "
                    f"{shown}{more}; check the actor's end (its last day: a death, a dissolution)"]


# columns of actors.csv that read as when an actor began: kept as its properties, never read as dates
_ACTOR_BEGINNINGS = ("start", "founded", "founding", "founded_on", "established", "birth", "born", "birth_date",
                     "date_of_birth", "creation", "created")


def start_notes(accepted: dict[str, list[Record]]) -> list[str]:
    """A note when actors come with a column that reads as when they began (a founding date, a birth): it is kept
    as a property, and the actor is in every day's network up to its end all the same (a reader gave a body
    founded in 1990 a start, and kg show, asked about 1985, listed it as there)."""
    found = Counter(k for a in accepted.get("actor", []) for k in a.props if k.lower() in _ACTOR_BEGINNINGS)
    if not found:
        return []
    cols = ", ".join(f'"{k}" ({n:,} actor{"s" if n != 1 else ""})' for k, n in sorted(found.items()))
    return [f"actors: {cols} kept as given, as a property: an actor has no start in this format, so it is in every "
            "day's network up to its end; date its affiliations, ties and the events it took part in to say when it "
            "was there"]


def code_notes(accepted: dict[str, list[Record]]) -> list[str]:
    """A note for each country or jurisdiction code of ``accepted`` that is neither an ISO 3166-1
    alpha-3 code nor a former state's (Yugoslavia's YUG, the Soviet Union's SUN...): made-up codes
    serve test data and are loaded as given, but a misspelt one binds no one ("ISL" for "ISR")."""
    used: dict[str, list[str]] = {}
    for a in accepted.get("actor", []):
        for code in getattr(a, "countries", ()):  # (a person's several nationalities: each)
            used.setdefault(code, []).append(f'actor "{a.key()}"')
    for r in accepted.get("restriction", []):
        j = getattr(r, "jurisdiction", "")
        if j not in SUPRANATIONAL:
            used.setdefault(j, []).append(f'the restriction on "{r.group}"')  # type: ignore[attr-defined]
    if not used:
        return []
    known = iso_alpha3()
    odd = [f'"{code}" ({where[0]}{f" and {len(where) - 1:,} more" if len(where) > 1 else ""})'
           for code, where in sorted(used.items()) if code.upper() not in known]
    if not odd:
        return []
    shown = ", ".join(odd[:10]) + (f", and {len(odd) - 10:,} more codes" if len(odd) > 10 else "")
    one = len(odd) == 1
    what = ("this code is neither an ISO 3166-1 alpha-3 country code" if one
            else "these codes are neither ISO 3166-1 alpha-3 country codes")
    return [f"{what} nor a former state's: {shown}; loaded as given: check {'its' if one else 'their'} spelling "
            "(a restriction binds only the people and bodies whose country is the state it names)"]


# ISO 3166-3: the alpha-3 codes of former countries (a conflict's history names them), besides those
# rigour knows (YUG, SUN, CSK, DDR, ZAR, SCG, ANT, BYS)
FORMER_ALPHA3 = frozenset({
    "AFI", "ANT", "ATB", "ATN", "BUR", "BYS", "CSK", "CTE", "DDR", "DHY", "FXX", "GEL", "HVO", "JTN", "MID",
    "NHB", "NTZ", "PCI", "PCZ", "PUS", "RHO", "SCG", "SKM", "SUN", "TMP", "VDR", "WAK", "YMD", "YUG", "ZAR"})


@functools.cache
def iso_alpha3() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code, and the former countries' of ISO 3166-3 (rigour's territories,
    which followthemoney uses, and :data:`FORMER_ALPHA3`)."""
    from rigour.territories import get_territories

    return frozenset(t.alpha3.upper() for t in get_territories() if t.alpha3) | FORMER_ALPHA3


def load(store: GraphStore, path: str | Path, *, strict: bool = False, dry_run: bool = False,
         progress: Progress | None = None, batch_size: int | None = None,
         should_stop: Callable[[], bool] | None = None, encoding: str | None = None,
         lower_sensitivity: bool = False, replace: bool = False, remove_confidential: bool = False) -> LoadReport:
    """Load the dataset at ``path`` into ``store`` (:func:`_load`), the only load writing to it from the
    checks against what it holds to the last batch (:func:`only_load`)."""
    kw = {"strict": strict, "dry_run": dry_run, "progress": progress, "batch_size": batch_size,
          "should_stop": should_stop, "encoding": encoding, "lower_sensitivity": lower_sensitivity,
          "replace": replace, "remove_confidential": remove_confidential}
    if dry_run or store is None:
        return _load(store, path, **kw)  # type: ignore[arg-type]
    with only_load(store, str(Path(path).resolve())):
        return _load(store, path, **kw)  # type: ignore[arg-type]


def _load(store: GraphStore, path: str | Path, *, strict: bool = False, dry_run: bool = False,
          progress: Progress | None = None, batch_size: int | None = None,
          should_stop: Callable[[], bool] | None = None, encoding: str | None = None,
          lower_sensitivity: bool = False, replace: bool = False, remove_confidential: bool = False) -> LoadReport:
    """Load the dataset at ``path`` into ``store``.

    Every accepted record goes to the store in load order (actors and events
    first, then relationships, each kind in input order; :func:`write_records`);
    rejected ones are reported. ``strict``: any rejection raises
    :class:`StrictLoadError` before anything is written. ``dry_run``: validate only.
    ``encoding``: the files' text encoding when not UTF-8. ``should_stop`` is
    asked before each batch; when it says yes the load stops there with
    :class:`LoadInterrupted` (what was written is whole batches). ``lower_sensitivity``: a record
    may replace a stored one of higher sensitivity (otherwise it is refused). ``replace``: the store
    is made to hold exactly the dataset: every stored record not in it is removed, in the same one
    transaction as the writes, and only when every record is good (as ``strict``); a record naming
    an actor or event only the store holds is refused, and so is removing a confidential record
    (exports leave them out) unless ``remove_confidential``.
    """
    entities_skipped: Counter[str] = Counter()
    plan, v = validate(path, store, encoding, entities_skipped, lower_sensitivity, self_contained=replace,
                       should_stop=should_stop)
    if should_stop is not None and should_stop():  # (asked as the checks ended: nothing is written yet)
        raise CheckInterrupted
    report = LoadReport(files=[str(s.path) for s in plan.sources], errors=v.errors, dry_run=dry_run,
                        accepted={k: len(recs) for k, recs in v.accepted.items()},
                        summaries=v.summaries, skipped=plan.skipped, entities_skipped=dict(entities_skipped),
                        notes=v.notes + code_notes(v.accepted) + seat_notes(v.accepted)
                        + rewritten_notes(v.accepted) + end_notes(v.accepted, store) + start_notes(v.accepted))
    if replace and store is not None and Path(path).is_file() and plan.sources[0].kind is not None:
        # one dataset CSV holds one kind: made the dataset, it would leave the store nothing else
        mine = plan.sources[0].kind
        others = {k: n for k, n in store.counts().items() if n and k != PLURAL[mine]}  # (by plural names)
        if others:
            held = ", ".join(f"{n} {k}" for k, n in others.items())
            raise InputError(f"{path} holds only {PLURAL[mine]}: --replace makes the store hold exactly the "
                             f"dataset, so it would remove everything else the store holds ({held}); give the "
                             "whole dataset folder (or a workbook or .jsonl file of every kind); nothing was written")
    if (strict or replace) and v.errors:
        raise StrictLoadError(v.errors, "--replace" if replace and not strict else "--strict")
    if replace and not sum(len(records) for records in v.accepted.values()):
        raise InputError(f"{path} holds no records: --replace would empty the store; nothing was written")
    folders = [name for name in plan.skipped if name.endswith("/")]
    if replace and folders:
        raise InputError(f"{path}: --replace reads this folder only, and {folders[0]} is a folder it does not "
                         "read: move its files into the dataset folder, or remove it; nothing was written")
    ordered = [r for k in LOAD_ORDER for r in v.accepted[k]]
    if dry_run and store is not None:  # what the load would do, read only
        report.result = store.compare(ordered)
    elif dry_run:  # no store yet: every record would be new
        report.result.new = {k: len(v.accepted[k]) for k in LOAD_ORDER if v.accepted[k]}
    if not replace or store is None:
        if not dry_run:
            report.result = write_records(store, ordered, batch_size=batch_size, progress=progress,
                                          source=str(Path(path).resolve()), should_stop=should_stop, strict=strict,
                                          never_lower=not lower_sensitivity)
        return report
    keep = {kind: {r.key() for r in v.accepted[kind]} for kind in KINDS}

    def removal() -> dict[str, set[str]]:
        return _check_replacement(store, v.accepted, keep, lower_sensitivity, remove_confidential)

    if dry_run:
        report.removed = {k: len(keys) for k, keys in removal().items() if keys}
        return report
    # checked, and what goes read, in the transaction that writes and removes (no other program can
    # write in between)
    report.result = write_records(store, ordered, batch_size=batch_size, progress=progress,
                                  source=str(Path(path).resolve()), should_stop=should_stop, strict=True,
                                  remove=removal, never_lower=not lower_sensitivity)
    report.removed = {k: n for k, n in report.result.removed.items() if n}
    return report


def _ends_of(kind: str, key: str) -> tuple[Any, ...]:
    """What a record is about, from its key: an actor's or event's id (as Unicode composes it), a
    relationship's two ends (a tie's in order)."""
    if kind in ("actor", "event"):
        return (id_look(key),)
    parts = json.loads(key)
    return tuple(sorted(parts[1:3])) if kind == "tie" else tuple(parts[1:3])


def _check_replacement(store: GraphStore, accepted: dict[str, list[Record]], keep: dict[str, set[str]],
                       lower_sensitivity: bool, remove_confidential: bool) -> dict[str, set[str]]:
    """The keys of the stored records the dataset does not hold, by kind: what --replace removes.
    Refuse a --replace that would lower or lose what is sensitive. A stored record the dataset does not
    hold, restricted or confidential, is either put right by a new record about the same actors (its
    ends, or its id written in another Unicode form): then that record must be as sensitive, unless
    ``lower_sensitivity``; or it is lost: a confidential one only with ``remove_confidential`` (an
    export leaves confidential records out, so an exported and edited dataset lacks them)."""
    lost: list[tuple[str, str]] = []
    removing: dict[str, set[str]] = {}
    for kind in KINDS:
        stored = store.keys(kind)
        going = removing[kind] = stored - keep[kind]
        levels = {k: level for k, level in store.stored_sensitivity(kind, going).items() if level} if going else {}
        if not levels:
            continue
        new: dict[tuple[Any, ...], tuple[int, str]] = {}  # ends -> (lowest level, key) of the new records
        for r in accepted[kind]:
            if r.key() not in stored:
                level, ends = SENSITIVITY_LEVEL[r.sensitivity], _ends_of(kind, r.key())
                if level < new.get(ends, (3, ""))[0]:
                    new[ends] = (level, r.key())
        for key, level in sorted(levels.items()):
            ends = _ends_of(kind, key)
            if ends in new:
                mine, other = new[ends]
                if mine < level and not lower_sensitivity:
                    if other != key and id_look(other) == id_look(key):
                        other, key = (f"{x} (written {ascii(x)})" for x in (other, key))  # (they look the same)
                    raise InputError(
                        f"--replace would put {kind} {other} ({SENSITIVITIES[mine]}) in the place of {kind} {key} "
                        f"({SENSITIVITIES[level]}), about the same actors: write \"{SENSITIVITIES[level]}\" in the "
                        "dataset, or give --lower-sensitivity to lower it on purpose; nothing was written")
            elif level == 2:
                lost.append((kind, key))
    if lost and not remove_confidential:
        n = len(lost)
        raise InputError(f"--replace would remove {n} confidential record{'s' if n != 1 else ''} the dataset "
                         f"does not hold (first: {lost[0][0]} {lost[0][1]}); an export leaves confidential records "
                         "out unless --include-confidential. Nothing was written: load a dataset that holds them, "
                         "or give --remove-confidential to remove them too")
    return removing
