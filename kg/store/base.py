"""The ``GraphStore`` protocol that both stores implement, and what an upsert reports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from kg.model import KINDS, PLURAL, Record


@dataclass
class UpsertResult:
    """What one upsert did, per kind: records new to the store, changed, or already there as given."""

    new: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def add(self, other: UpsertResult) -> None:
        for mine, theirs in ((self.new, other.new), (self.updated, other.updated),
                             (self.unchanged, other.unchanged)):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v

    def count(self, bucket: dict[str, int], kind: str) -> None:
        bucket[kind] = bucket.get(kind, 0) + 1


@runtime_checkable
class GraphStore(Protocol):
    """Where records live. Upserts are idempotent; each ``upsert`` call is one transaction."""

    def upsert(self, records: Sequence[Record]) -> UpsertResult:
        """Insert or update ``records`` (keyed by ``Record.key()``) all at once, or not at all."""
        ...

    def records(self, kind: str) -> Iterator[Record]:
        """Every stored record of ``kind`` (one of :data:`kg.model.KINDS`)."""
        ...

    def existing_ids(self, kind: str, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` that name a stored record of ``kind`` (``actor`` or ``event``)."""
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

    def clear(self) -> None:
        """Remove every record."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...

    def describe(self) -> str:
        """Where the store is, for messages."""
        ...


def empty_counts() -> dict[str, int]:
    """The stats shape with zero of everything, in the contract's order."""
    return {PLURAL[k]: 0 for k in KINDS}
