"""The evidence behind a link: what a mediator must see for each hop of a path.

Every hop says which relationship carries it, in its true direction ("Yasser
Arafat commands the Palestinian delegation", whichever way the path runs), how
strong and how sure it is, when it held, its source, and how sensitive the
records it rests on are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from kg import time as kgtime
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
    # what ends the record before its own end (or where it gives none): the earliest end of an actor of it, a
    # death or a dissolution after the day ({"end", "id", "name"}: Projection.closed_by); a meeting has its days
    closed_by: dict[str, str] | None = None
    # a hostile tie between the same two on the day, beside the link that carries the hop (a pair's link is hostile
    # only when it has no other: a path through a meeting of two enemies read as a plain meeting, a reader)
    enmity: dict[str, Any] | None = None

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


def _through(projection: Projection, lg: LinkGraph, u: str, v: str,
             avoid: Iterable[str] = ()) -> tuple[float, list[int]] | None:
    """When one of ``u`` and ``v`` is an organization and the other a person who belongs to it through its
    bodies (a government's minister, through the ministry) more reliably than any link between them, the
    chain of affiliations from the member up (:meth:`kg.graph.Projection.way_down`): the first hop of a
    channel an organization asks (:func:`queries.channels.rule_graph` chooses it the same way)."""
    try:
        direct: float | None = float(lg.reliability[lg.edge(projection.index[u], projection.index[v])])
    except ValueError:
        direct = None
    for body, member in ((u, v), (v, u)):
        if not projection.is_person(body) and projection.is_person(member):
            way = projection.way_down(body, member, avoid)
            if way is not None and len(way[1]) > 1 and (direct is None or way[0] > direct):
                return way
    return None


def _hop_through(projection: Projection, u: str, v: str, way: tuple[float, list[int]]) -> Hop:
    """A hop from an organization to one who belongs to it through its bodies (or back), from the
    affiliations of the way."""
    reliability, links = way
    projection.prefetch(links)
    evidence = [projection.evidence(i) for i in links]
    member = evidence[0]["from"]
    bodies = [e["to"] for e in evidence[:-1]]
    starts = [e["start"] for e in evidence if e["start"]]
    ends = [e["end"] for e in evidence if e["end"]]
    return Hop(from_=u, to=v, via="affiliation", kind=evidence[0].get("role") or "member",
               strength=rounded(math.prod(e["strength"] for e in evidence)),
               confidence=rounded(math.prod(e["confidence"] for e in evidence)), reliability=rounded(reliability),
               start=max(starts, key=kgtime.first_day) if starts else None,
               end=min(ends, key=kgtime.last_day) if ends else None,
               source="; ".join(dict.fromkeys(e["source"] for e in evidence if e["source"])),
               direction="backward" if member == v else "forward",
               sensitivity=max([e["sensitivity"] for e in evidence]
                               + [projection.actors[b].sensitivity for b in bodies], key=SENSITIVITY_RANK.__getitem__),
               says=f"{projection.name(member)} belongs to {projection.name(evidence[-1]['to'])}, through "
                    + ", ".join(projection.name(b) for b in bodies),
               details={"role": evidence[0].get("role") or "member", "through": bodies,
                        "official": bool(evidence[0].get("official"))},
               closed_by=projection.closed_by(max(starts, key=kgtime.first_day) if starts else None,
                                              min(ends, key=kgtime.last_day) if ends else None,
                                              [(a, projection.name(a)) for a in
                                               (member, *bodies, evidence[-1]["to"])]))


def hop(projection: Projection, lg: LinkGraph, u: str, v: str, through_bodies: bool = False,
        avoid: Iterable[str] = ()) -> Hop:
    """The most reliable link between actors ``u`` and ``v`` in ``lg``, read from ``u`` to ``v`` (with
    ``through_bodies``, or the affiliations by which one belongs to the other, an organization, through its
    bodies, when more reliable: :func:`_through`; ``avoid``: bodies gone, no way runs through them)."""
    iu, iv = projection.index[u], projection.index[v]
    way = _through(projection, lg, u, v, avoid) if through_bodies else None
    if way is not None:
        return _hop_through(projection, u, v, way)
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
    return Hop(enmity=enmity(projection, u, v),
               from_=u, to=v, via=rel, kind=e["kind"], strength=e["strength"], confidence=e["confidence"],
               reliability=rounded(float(lg.reliability[edge])), start=e["start"], end=e["end"],
               source=e["source"], direction=direction, sensitivity=e["sensitivity"], says=says(projection, e),
               event=e.get("event_name"), other_links=others, details=details,
               closed_by=projection.closed_by(e["start"], e["end"], [(a, projection.name(a)) for a in link_ends(e)])
               if rel != "event" else None)


def enmity(projection: Projection, u: str, v: str) -> dict[str, Any] | None:
    """The strongest hostile tie between ``u`` and ``v`` on the projection's day ({strength, confidence, start, end,
    source, sensitivity, says}), or None."""
    found = projection.hostile_links(u, v)
    if not found:
        return None
    e = max((projection.evidence(i) for i in found), key=lambda e: (e["strength"], e["confidence"]))
    return {k: e[k] for k in ("strength", "confidence", "start", "end", "source", "sensitivity")} | {
        "says": says(projection, e)}


def link_ends(e: dict[str, Any]) -> list[str]:
    """The actors whose end ends a link (a meeting keeps its own days): its two, and a co-membership's body."""
    return [e["from"], e["to"], *([e["organization"]] if e.get("organization") else [])]


def path_hops(projection: Projection, lg: LinkGraph, path: list[str], through_bodies: bool = False,
              avoid: Iterable[str] = ()) -> list[Hop]:
    """The hops of ``path`` with their evidence (``through_bodies``: a channel an organization asks, whose
    first hop may be the way to one of its people through its bodies)."""
    projection.ends_of(path)  # (read at once: what closes a hop's record, Projection.closed_by)
    ids = []
    for u, v in zip(path, path[1:], strict=False):
        way = _through(projection, lg, u, v, avoid) if through_bodies else None
        ids.extend(way[1] if way is not None else [int(lg.best[lg.edge(projection.index[u], projection.index[v])])])
    projection.prefetch(ids)
    return [hop(projection, lg, u, v, through_bodies, avoid) for u, v in zip(path, path[1:], strict=False)]


def path_reliability(projection: Projection, lg: LinkGraph, path: list[str], through_bodies: bool = False,
                     avoid: Iterable[str] = ()) -> float:
    """The product over the path's hops of the best link's strength x confidence (``through_bodies``: an
    organization's first hop to one of its people may be the product over the affiliations of its way)."""
    def one(u: str, v: str) -> float:
        way = _through(projection, lg, u, v, avoid) if through_bodies else None
        return way[0] if way is not None else float(lg.reliability[lg.edge(projection.index[u], projection.index[v])])

    return math.prod(one(u, v) for u, v in zip(path, path[1:], strict=False))


def hops_sensitivity(hops: list[Hop]) -> str:
    """The most sensitive record a list of hops rests on."""
    return max((h.sensitivity for h in hops), key=SENSITIVITY_RANK.__getitem__, default="public")
