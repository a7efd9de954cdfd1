"""The ``GraphStore`` protocol that both stores implement, and what an upsert reports."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from kg.model import KINDS, PLURAL, Record


@dataclass
class UpsertResult:
    """What one upsert did, per kind: records new to the store, changed, or already there as given."""

    new: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)  # by kg ingest --replace

    def add(self, other: UpsertResult) -> None:
        for mine, theirs in ((self.new, other.new), (self.updated, other.updated),
                             (self.unchanged, other.unchanged)):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v

    def count(self, bucket: dict[str, int], kind: str) -> None:
        bucket[kind] = bucket.get(kind, 0) + 1


def count_changes(result: UpsertResult, kind: str, rows: Iterable[tuple[str, int]], existing: dict[str, int]) -> None:
    """Count (key, digest) ``rows`` of ``kind`` against the digests ``existing`` holds by key, as an upsert
    of them in this order would (a key given twice counts against its own first version)."""
    for key, digest in rows:
        old = existing.get(key)
        result.count(result.new if old is None else result.unchanged if old == digest else result.updated, kind)
        existing[key] = digest


def ended_before(found: Iterable[tuple[str, Any]], day: date) -> dict[str, str]:
    """Of ``(id, end)`` pairs, those whose end (as given: 2013, 2013-03, 2013-03-05) is before ``day``: its
    last day (the end is inclusive, as every end is) is the day before or earlier. An end that is no date
    (a store edited by other means) is left to the record reader, which names it."""
    from kg import time as kgtime

    out: dict[str, str] = {}
    for actor, end in found:
        if isinstance(end, str) and end:
            try:
                if kgtime.last_day(end) < day:
                    out[actor] = end
            except ValueError:
                continue
    return out


@runtime_checkable
class GraphStore(Protocol):
    """Where records live. Upserts are idempotent; each ``upsert`` call is one transaction."""

    def upsert(self, records: Sequence[Record]) -> UpsertResult:
        """Insert or update ``records`` (keyed by ``Record.key()``) all at once, or not at all."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """Every upsert inside is one transaction: all written, or nothing (``--strict``)."""
        ...

    def bulk_load(self) -> AbstractContextManager[None]:
        """Around a large load: lets the store defer index upkeep to the end."""
        ...

    def records(self, kind: str) -> Iterator[Record]:
        """Every stored record of ``kind`` (one of :data:`kg.model.KINDS`)."""
        ...

    # --- point questions, answered from indexes -------------------------------------

    def select(self, kind: str, field: str, values: Iterable[str], day: date | None = None,
               max_sensitivity: int = 2) -> list[Record]:
        """Records of ``kind`` whose ``field`` (``id`` or an endpoint: member, organization, a, b,
        from, to, actor, event, group) is one of ``values``; valid on ``day`` when given; of
        sensitivity level at most ``max_sensitivity`` (0 public, 1 restricted, 2 confidential)."""
        ...

    def search(self, text: str, limit: int = 200, max_sensitivity: int = 2, close_to: str = "") -> list[Record]:
        """Actors with a word of their id, name or an alias starting with each word of ``text``
        (case and accents ignored), best first: one whose id, name or an alias is exactly the text
        first; none above ``max_sensitivity`` (hidden actors take no place in the ``limit``); of more
        than ``limit``, those nearest ``close_to`` first (:func:`search_order`)."""
        ...

    def count_by(self, kind: str, field: str, values: Iterable[str], day: date | None = None,
                 max_sensitivity: int = 2, at_most: int | None = None) -> dict[str, int]:
        """How many different actors each of ``values`` has at the other end of its records of
        ``kind`` whose ``field`` it is (valid on ``day``; records and actors of sensitivity at most
        ``max_sensitivity``): the size of organizations, without reading their members. With
        ``at_most``, a count above it may be given as ``at_most + 1``."""
        ...

    def actor_labels(self, max_sensitivity: int = 2) -> Iterator[tuple[str, str, list[str]]]:
        """Every actor's id, name and aliases, not above ``max_sensitivity`` (for suggestions when
        nothing matches)."""
        ...

    def ended_actors(self, day: date, max_sensitivity: int = 2, ids: Iterable[str] | None = None) -> dict[str, str]:
        """The actors (of ``ids``, or all) not above ``max_sensitivity`` whose ``end`` (a death, a
        dissolution) is before ``day``, with that end as given: gone from the day's network, with every
        link through them. See :func:`ended_before`."""
        ...

    # --- bulk reads, for the projection of a day --------------------------------------

    def day_rows(self, kind: str, day: date | None, max_sensitivity: int = 2) -> list[tuple[Any, ...]]:
        """Typed columns of the records of ``kind`` valid on ``day`` (see kg.store.sqlite.COLUMNS):
        ``(ref, columns..., sensitivity level, confidence)``."""
        ...

    def records_by_ref(self, kind: str, refs: Iterable[Any]) -> dict[Any, Record]:
        """The whole records behind refs from :meth:`day_rows` (evidence for what an answer shows)."""
        ...

    def existing_ids(self, kind: str, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` that name a stored record of ``kind`` (``actor`` or ``event``)."""
        ...

    def compare(self, records: Sequence[Record]) -> UpsertResult:
        """What :meth:`upsert` of ``records`` would count as new, updated and unchanged, read only
        (``kg ingest --dry-run``): nothing is written."""
        ...

    def stored_sensitivity(self, kind: str, keys: Iterable[str]) -> dict[str, int]:
        """Those of ``keys`` stored as records of ``kind``, with their sensitivity level (0 public,
        1 restricted, 2 confidential): what a load must not lower unasked."""
        ...

    def unnormalized_ids(self, kind: str) -> set[str]:
        """The ids of ``kind`` (``actor`` or ``event``) not written in Unicode's NFC form (an accent
        decomposed, say): what ingest compares new ids with, so that one actor is not stored twice."""
        ...

    def counts(self) -> dict[str, int]:
        """How many records of each kind, under their plural names (``actors``, ``ties``...)."""
        ...

    def get_meta(self, name: str) -> str | None:
        """A store-wide setting (such as the pseudonym salt), or None."""
        ...

    def set_meta(self, name: str, value: str) -> None:
        """Keep a store-wide setting."""
        ...

    def set_meta_once(self, name: str, value: str) -> str:
        """Keep ``value`` unless a value is set already; return the value kept (safe under races)."""
        ...

    def swap_meta(self, name: str, old: str, new: str, *, once: bool = False) -> bool:
        """Set the setting to ``new`` only if it is ``old`` now; whether it was (safe under races).
        ``once``: one try, not retried when the store cannot be reached (a clean-up after an error)."""
        ...

    def clear(self) -> None:
        """Remove every record."""
        ...

    def keys(self, kind: str) -> set[str]:
        """The key of every stored record of ``kind`` (:meth:`Record.key`)."""
        ...

    def delete(self, kind: str, keys: Iterable[str]) -> int:
        """Remove the records of ``kind`` with these keys (an actor or event with its relationships);
        inside :meth:`transaction` when one is open. Returns how many were removed."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...

    def describe(self) -> str:
        """Where the store is, for messages."""
        ...


def record_values(record: Record, names: Sequence[str]) -> tuple[Any, ...]:
    """``record``'s values for ``names``, as :meth:`Record.to_dict` gives them (None where it has no
    such field); the name ``key`` gives :meth:`Record.key`. What a store's ``values_by_ref`` gives.

    >>> from kg.model import Tie
    >>> record_values(Tie(a="x", b="y", kind="friendship", strength=0.5, start="1990"), ("key", "start", "end", "role"))
    ('["tie","x","y","friendship","1990"]', '1990', None, None)
    """
    data = record.to_dict()
    return tuple(record.key() if n == "key" else data.get(n) for n in names)


def values_by_ref(store: GraphStore, kind: str, refs: Iterable[Any],
                  names: Sequence[str]) -> dict[Any, tuple[Any, ...]]:
    """:func:`record_values` of the records behind ``refs`` (from :meth:`GraphStore.day_rows`):
    read as values where the store can (the embedded store does), else from whole records."""
    lean = getattr(store, "values_by_ref", None)
    if lean is not None:
        return lean(kind, refs, names)  # type: ignore[no-any-return]
    return {ref: record_values(r, names) for ref, r in store.records_by_ref(kind, refs).items()}


def select_values(store: GraphStore, kind: str, field: str, values: Iterable[str], names: Sequence[str],
                  day: date | None = None, max_sensitivity: int = 2) -> list[tuple[Any, ...]]:
    """:func:`record_values` of the records :meth:`GraphStore.select` finds, in its order: read as
    values where the store can (the embedded store does), else from whole records."""
    lean = getattr(store, "select_values", None)
    if lean is not None:
        return lean(kind, field, values, names, day, max_sensitivity)  # type: ignore[no-any-return]
    return [record_values(r, names) for r in store.select(kind, field, values, day, max_sensitivity)]


def tie_hash_data(data: dict[str, Any]) -> dict[str, Any]:
    """What an upsert compares of a tie's data: its ends in order (a tie is undirected, and the same
    tie given b to a had counted as updated at every load, each time turned round)."""
    if data["a"] > data["b"]:
        data = {**data, "a": data["b"], "b": data["a"]}
    return data


def empty_counts() -> dict[str, int]:
    """The stats shape with zero of everything, in the contract's order."""
    return {PLURAL[k]: 0 for k in KINDS}


def search_order(text: str, actor_id: str, close_to: Sequence[str] = ()) -> tuple[int, int, str, str]:
    """Which of more matches than a search keeps come first, in both stores alike: with ``close_to`` (the
    folded words of a misspelt search, looked up by their first letters), those whose words begin most
    like them ("hassan" for "hassen" before "hasbani": a second reader); then the shortest folded search
    text (an id, name and aliases holding little else than the words asked for), then by that text and the
    id, compared in Python (not by each server's collation)."""
    near = 0
    if close_to:
        mine = text.split()
        for q in close_to:
            best = 0
            for w in mine:
                n = 0
                for a, b in zip(q, w, strict=False):
                    if a != b:
                        break
                    n += 1
                best = max(best, n)
            near += best
    return -near, len(text), text, actor_id


RUNNING_LOAD = "running_load"  # the store setting the one load writing to it holds: who, since when (ingest.load)
STALE_AFTER = 15 * 60  # seconds without a batch after which a load of another machine is taken to be gone


def process_start(pid: int) -> tuple[str, str]:
    """Process ``pid``'s state and when it started, as Linux counts it (so that a pid used again is told
    apart, and a process killed but not yet waited for is gone), or ("", "") when they cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return fields[0], fields[19]
    except (OSError, IndexError):
        return "", ""


def load_alive(holder: dict[str, Any]) -> bool:
    """Whether the load a store's ``RUNNING_LOAD`` names is still running: its process, on this machine;
    its last batch less than :data:`STALE_AFTER` ago, on another. What cannot be told is taken to be alive
    (a process another user's /proc hides), but a value no load writes is not (an adversarial reader)."""
    import socket

    if holder.get("host") == socket.gethostname():
        pid = holder.get("pid")
        if type(pid) is not int or not 0 < pid < 1 << 22:
            return False
        try:
            os.kill(pid, 0)
        except (ProcessLookupError, OverflowError):
            return False
        except PermissionError:
            pass  # (someone else's process: alive)
        state, started = process_start(pid)
        if state == "Z":
            return False  # (killed, not yet waited for by its parent)
        return not holder.get("since") or not started or holder.get("since") == started
    try:
        beat = datetime.fromisoformat(str(holder.get("beat")))
    except ValueError:
        return False
    if beat.tzinfo is None:
        beat = beat.replace(tzinfo=UTC)
    return -STALE_AFTER < (datetime.now(UTC) - beat).total_seconds() < STALE_AFTER  # (not a clock far ahead)


def running_holder(raw: str | None) -> dict[str, Any] | None:
    """What a store's ``RUNNING_LOAD`` setting says of the load writing to it now, if one is, else None."""
    try:
        holder = json.loads(raw) if raw else None
    except ValueError:
        return None
    return holder if isinstance(holder, dict) and load_alive(holder) else None
