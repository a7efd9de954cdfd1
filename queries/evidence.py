"""The evidence behind a link: what a mediator must see for each hop of a path.

Every hop says which relationship carries it, in its true direction ("Yasser
Arafat commands the Palestinian delegation", whichever way the path runs), how
strong and how sure it is, when it held, its source, and how sensitive the
records it rests on are.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from kg.graph import LinkGraph, Projection
from kg.text import rounded

VERBS = {"advises": "advises", "access": "has access to", "commands": "commands", "funds": "funds",
         "public_voice": "speaks publicly for"}
SENSITIVITY_RANK = {"public": 0, "restricted": 1, "confidential": 2}


@dataclass
class Hop:
    """One link of a path: the relationship that carries it, and its evidence."""

    from_: str
    to: str
    via: str  # tie, affiliation, influence, event or co-membership
    kind: str
    strength: float
    confidence: float
    reliability: float
    start: str | None
    end: str | None
    source: str
    direction: str  # undirected, forward (the record runs from -> to) or backward
    sensitivity: str = "public"
    says: str = ""  # the link in words, in its true direction
    event: str | None = None
    other_links: int = 0  # further relationships between the same two actors
    details: dict[str, Any] = field(default_factory=dict)  # roles, organization, members, formula, ago

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["from"] = d.pop("from_")
        return d


def says(projection: Projection, e: dict[str, Any]) -> str:
    """A link in a mediator's words, in its true direction."""
    a, b = projection.name(e["from"]), projection.name(e["to"])
    rel = e["relationship"]
    if rel == "influence":
        return f"{a} {VERBS.get(e['kind'], e['kind'])} {b}"
    if rel == "affiliation":
        role = e.get("role") or "member"
        return f"{a} belongs to {b} ({role}{', official' if e.get('official') else ''})"
    if rel == "event":
        when = e.get("start") or "undated"
        if e.get("start") and e.get("end") and e["end"] != e["start"]:
            when += f" to {e['end']}"  # (how long before is counted from its end)
        ago = f", {e['ago']}" if e.get("ago") and e.get("ago") != "on the day" else ""
        return f"{a} and {b} met at {e['event_name']} ({when}{ago})"
    if rel == "co-membership":
        ra, rb = e["roles"]
        return (f"{a} and {b} are co-members of {e['organization_name']} ({e['members']} members on the day): "
                f"{ra}, {rb}")
    return f"{a} and {b}: {e['kind']} tie"


def hop(projection: Projection, lg: LinkGraph, u: str, v: str) -> Hop:
    """The most reliable link between actors ``u`` and ``v`` in ``lg``, read from ``u`` to ``v``."""
    iu, iv = projection.index[u], projection.index[v]
    edge = lg.edge(iu, iv)
    best = int(lg.best[edge])
    e = projection.evidence(best)
    rel = e["relationship"]
    direction = "undirected" if rel in ("tie", "event", "co-membership") else (
        "forward" if e["from"] == u else "backward")
    if direction == "undirected":  # read in the order the path runs
        e = {**e, "from": u, "to": v}
        if rel in ("event", "co-membership") and e["roles"] and projection.ids[int(projection.link_u[best])] != u:
            e["roles"] = list(reversed(e["roles"]))
    details: dict[str, Any] = {k: e[k] for k in ("roles", "organization", "organization_name", "members",
                                                 "formula", "ago",
                                 "aged", "role", "official") if k in e}
    others = len(projection.edge_links(lg, edge)) - 1
    return Hop(from_=u, to=v, via=rel, kind=e["kind"], strength=e["strength"], confidence=e["confidence"],
               reliability=rounded(float(lg.reliability[edge])), start=e["start"], end=e["end"],
               source=e["source"], direction=direction, sensitivity=e["sensitivity"], says=says(projection, e),
               event=e.get("event_name"), other_links=others, details=details)


def path_hops(projection: Projection, lg: LinkGraph, path: list[str]) -> list[Hop]:
    ids = []
    for u, v in zip(path, path[1:], strict=False):
        ids.append(int(lg.best[lg.edge(projection.index[u], projection.index[v])]))
    projection.prefetch(ids)
    return [hop(projection, lg, u, v) for u, v in zip(path, path[1:], strict=False)]


def path_reliability(projection: Projection, lg: LinkGraph, path: list[str]) -> float:
    """The product over the path's hops of the best link's strength x confidence."""
    return math.prod(float(lg.reliability[lg.edge(projection.index[u], projection.index[v])])
                     for u, v in zip(path, path[1:], strict=False))


def hops_sensitivity(hops: list[Hop]) -> str:
    """The most sensitive record a list of hops rests on."""
    return max((h.sensitivity for h in hops), key=SENSITIVITY_RANK.__getitem__, default="public")
