"""The evidence behind a link: what a mediator must see for each hop of a path."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx


@dataclass
class Hop:
    """One link of a path: the relationship that carries it, and its evidence."""

    from_: str
    to: str
    via: str  # tie, affiliation, influence or event
    kind: str
    strength: float
    confidence: float
    reliability: float
    start: str | None
    end: str | None
    source: str
    direction: str  # undirected, forward (from -> to) or backward
    event: str | None = None
    other_links: int = 0  # further relationships between the same two actors

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["from"] = d.pop("from_")
        return d


def hop(links: nx.Graph, u: str, v: str) -> Hop:
    """The most reliable link between ``u`` and ``v`` in a :meth:`Projection.links` graph."""
    e = links[u][v]
    best = e["best"]
    direction = "undirected" if best["relationship"] in ("tie", "event") else (
        "forward" if best["from"] == u else "backward")
    return Hop(from_=u, to=v, via=best["relationship"], kind=best["kind"], strength=best["strength"],
               confidence=best["confidence"], reliability=round(e["reliability"], 4), start=best["start"],
               end=best["end"], source=best["source"], direction=direction, event=best.get("event_name"),
               other_links=len(e["evidence"]) - 1)


def path_hops(links: nx.Graph, path: list[str]) -> list[Hop]:
    return [hop(links, u, v) for u, v in zip(path, path[1:], strict=False)]


def path_reliability(links: nx.Graph, path: list[str]) -> float:
    """The product over the path's hops of the best link's strength x confidence."""
    return math.prod(links[u][v]["reliability"] for u, v in zip(path, path[1:], strict=False))
