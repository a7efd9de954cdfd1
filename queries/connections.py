"""The everyday questions of analysts: who is this, and how are these people connected?

- :func:`find_actors` -- actors by name or alias, ignoring case and accents;
- :func:`actor_profile` -- one actor: kind, party and track (with why), affiliations
  over time, ties, influence in and out, events, restrictions, with sources;
- :func:`reliable_paths` -- the k most reliable paths between two actors, each hop
  with its evidence; limited to some relationships, avoiding some actors;
- :func:`shared_connections` -- what actors share: organizations (now and past),
  events and contacts (LittleSis calls these interlocks);
- :func:`neighbourhood` -- every actor within N hops, with its distance and the link
  that reaches it.

All run on a projection for one day; hostile ties never carry a path.
"""

from __future__ import annotations

import math
from itertools import islice
from typing import Any

import networkx as nx

from kg.errors import KGError
from kg.graph import Projection
from queries.evidence import path_hops, path_reliability
from queries.lookup import resolve_actor, search_actors

RELATIONSHIPS = ("tie", "affiliation", "influence", "event")


def find_actors(projection: Projection, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """Actors whose id, name or alias matches ``text``, best first."""
    out = []
    for actor, score in search_actors(projection.actors.values(), text, limit):
        node = projection.graph.nodes[actor.id]
        out.append({"id": actor.id, "name": actor.name, "kind": actor.kind, "party": node["parties"],
                    "track": node["track"], "aliases": list(actor.aliases), "score": score})
    return out


def _link(data: dict[str, Any], other: str, projection: Projection) -> dict[str, Any]:
    return {"with": other, "name": projection.name(other), "relationship": data["relationship"],
            "kind": data["kind"], "strength": data["strength"], "confidence": data["confidence"],
            "start": data["start"], "end": data["end"], "source": data["source"],
            "direction": "out" if data["from"] != other else "in"}


def actor_profile(projection: Projection, actor_id: str) -> dict[str, Any]:
    """Everything known about one actor on the day, with the reasons for derived facts."""
    actor = resolve_actor(projection, actor_id)
    s = projection.situation
    node = projection.graph.nodes[actor.id]
    roles = s.official_roles(actor.id) if actor.kind == "person" else []
    if actor.track:
        track_why = "given in the data"
    elif roles:
        track_why = "; ".join(f"official of {r.state} through {projection.name(r.organization)}"
                              f"{', ' + r.role if r.role else ''}" for r in roles)
    elif actor.kind == "person":
        track_why = "a person holding no official role on the day"
    else:
        track_why = f"an organization of type {actor.org_type or 'unknown'}"
    through = [projection.name(a.organization) for a in s.affiliations
               if a.member == actor.id and s.parties(a.organization)]
    party_why = "given in the data" if actor.party else ("through " + ", ".join(through) if node["parties"] else "none")
    affiliations = []
    for a in sorted(projection.all_affiliations, key=lambda a: (a.start or "", a.organization)):
        if actor.id in (a.member, a.organization):
            affiliations.append({"member": a.member, "member_name": projection.name(a.member),
                                 "organization": a.organization, "organization_name": projection.name(a.organization),
                                 "role": a.role, "official": a.official, "start": a.start, "end": a.end,
                                 "valid_on_day": a.valid_on(projection.day), "source": a.source})
    ties: list[dict[str, Any]] = []
    influence_out: list[dict[str, Any]] = []
    influence_in: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for _, other, data in projection.graph.edges(actor.id, data=True):
        link = _link(data, other, projection)
        if data["relationship"] == "tie":
            ties.append(link)
        elif data["relationship"] == "influence":
            (influence_out if data["from"] == actor.id else influence_in).append(link)
    for p in projection.participations:
        if p.actor == actor.id:
            ev = projection.events[p.event]
            events.append({"event": ev.id, "name": ev.name, "role": p.role, "start": ev.start, "end": ev.end,
                           "location": ev.location, "source": p.source or ev.source})
    on_group = [r for r in projection.situation.restrictions if r.group in s.ancestors(actor.id)]
    binding = []
    for group in sorted(s.restricted_groups):
        for r in s.binding_restrictions(group, actor.id):
            binding.append({"group": group, "group_name": projection.name(group), "jurisdiction": r.jurisdiction,
                            "kind": r.kind, "scope": r.scope, "start": r.start, "end": r.end, "source": r.source})
    return {
        "id": actor.id, "name": actor.name, "kind": actor.kind, "org_type": actor.org_type,
        "country": actor.country, "aliases": list(actor.aliases), "description": actor.description,
        "source": actor.source, "confidence": actor.confidence, "sensitivity": actor.sensitivity,
        "as_of": projection.day.isoformat(),
        "party": node["parties"], "party_why": party_why, "track": node["track"], "track_why": track_why,
        "official_of": sorted({r.state for r in roles}),
        "affiliations": affiliations, "ties": sorted(ties, key=lambda t: -t["strength"]),
        "influence_out": influence_out, "influence_in": influence_in, "events": events,
        "restrictions_on_group": [{"jurisdiction": r.jurisdiction, "kind": r.kind, "scope": r.scope,
                                   "start": r.start, "end": r.end, "source": r.source} for r in on_group],
        "restrictions_binding": binding, "props": actor.props,
    }


def _filtered_links(projection: Projection, via: tuple[str, ...] | None) -> nx.Graph:
    links = projection.links(exclude_hostile=True)
    if not via:
        return links
    bad = set(via) - set(RELATIONSHIPS)
    if bad:
        raise KGError(f"--via {', '.join(sorted(bad))}: expected tie, affiliation, influence or event")
    g = nx.Graph()
    g.add_nodes_from(links.nodes(data=True))
    for u, v, e in links.edges(data=True):
        kept = [d for d in e["evidence"] if d["relationship"] in via]
        if kept:
            best = max(kept, key=lambda d: d["strength"] * d["confidence"])
            g.add_edge(u, v, reliability=best["strength"] * best["confidence"], best=best, evidence=kept)
    return g


def reliable_paths(projection: Projection, a: str, b: str, k: int = 3, via: tuple[str, ...] | None = None,
                   avoid: tuple[str, ...] = (), max_hops: int = 6) -> dict[str, Any]:
    """The ``k`` most reliable simple paths from ``a`` to ``b`` (Yen's algorithm on -log reliability)."""
    src, dst = resolve_actor(projection, a).id, resolve_actor(projection, b).id
    avoided = [resolve_actor(projection, x).id for x in avoid]
    links = _filtered_links(projection, via)
    g = links.subgraph(n for n in links if n not in set(avoided) - {src, dst})
    weighted = nx.Graph()
    for u, v, e in g.edges(data=True):
        if e["reliability"] > 0:
            weighted.add_edge(u, v, cost=-math.log(e["reliability"]) + 1e-9)
    paths = []
    if src in weighted and dst in weighted and nx.has_path(weighted, src, dst):
        for p in islice(nx.shortest_simple_paths(weighted, src, dst, weight="cost"), 200):
            if len(p) - 1 <= max_hops:
                paths.append({"path": p, "names": [projection.name(n) for n in p],
                              "score": round(path_reliability(links, p), 4),
                              "hops": [h.to_dict() for h in path_hops(links, p)]})
            if len(paths) >= k:
                break
    connected = src in weighted and dst in weighted and nx.has_path(weighted, src, dst)
    message = "" if paths else (
        f"no path from {projection.name(src)} to {projection.name(dst)} on {projection.day.isoformat()}"
        f"{' within ' + str(max_hops) + ' hops' if connected else ''}"
        f"{' using only ' + ', '.join(via) if via else ''}{' avoiding ' + ', '.join(avoided) if avoided else ''}")
    return {"from": src, "to": dst, "as_of": projection.day.isoformat() if projection.as_of_given else None,
            "via": list(via or RELATIONSHIPS), "avoid": avoided, "paths": paths, "message": message}


def shared_connections(projection: Projection, ids: list[str]) -> dict[str, Any]:
    """What all of ``ids`` share: organizations (now and in the past), events, and contacts."""
    if len(ids) < 2:
        raise KGError("give at least two actors to compare")
    actors = [resolve_actor(projection, x).id for x in ids]
    day = projection.day

    def orgs(actor: str, now: bool) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for a in projection.all_affiliations:
            if a.member != actor or (a.start_day and a.start_day > day):
                continue
            if a.valid_on(day) == now:
                out.setdefault(a.organization, []).append(f"{a.role or 'member'} ({a.start or '...'}-{a.end or ''})")
        return out

    def common_keys(maps: list[dict[str, Any]]) -> list[str]:
        keys = set(maps[0])
        for m in maps[1:]:
            keys &= set(m)
        return sorted(keys)

    now_maps = [orgs(x, True) for x in actors]
    all_maps = [{**orgs(x, True), **orgs(x, False)} for x in actors]
    now = common_keys(now_maps)
    past = [o for o in common_keys(all_maps) if o not in now]
    events: dict[str, dict[str, str]] = {}
    for p in projection.participations:
        events.setdefault(p.event, {})[p.actor] = p.role
    shared_events = [{"event": e, "name": projection.events[e].name, "start": projection.events[e].start,
                      "roles": {x: roles[x] for x in actors}}
                     for e, roles in sorted(events.items()) if all(x in roles for x in actors)]
    links = projection.links(exclude_hostile=True)
    contact_sets = [set(links[x]) if x in links else set() for x in actors]
    contacts = set.intersection(*contact_sets) - set(actors)

    def org_entry(o: str, maps: list[dict[str, Any]]) -> dict[str, Any]:
        return {"organization": o, "name": projection.name(o), "roles": {x: m.get(o, []) for x, m in zip(actors, maps,
                                                                                                        strict=True)}}

    return {"actors": actors, "names": [projection.name(x) for x in actors], "as_of": day.isoformat(),
            "organizations_now": [org_entry(o, now_maps) for o in now],
            "organizations_past": [org_entry(o, all_maps) for o in past],
            "events": shared_events,
            "contacts": [{"id": c, "name": projection.name(c),
                          "links": {x: links[x][c]["best"]["relationship"] + ": " + links[x][c]["best"]["kind"]
                                    for x in actors}} for c in sorted(contacts, key=projection.name)]}


def neighbourhood(projection: Projection, actor_id: str, hops: int = 1) -> dict[str, Any]:
    """Every actor within ``hops`` links, nearest first, with the link that reaches it."""
    src = resolve_actor(projection, actor_id).id
    links = projection.links(exclude_hostile=False)
    dist = {src: 0}
    parent: dict[str, str] = {}
    frontier = [src]
    for d in range(1, hops + 1):
        nxt = []
        for u in frontier:
            for v in sorted(links[u], key=lambda n: -links[u][n]["reliability"]):
                if v not in dist:
                    dist[v], parent[v] = d, u
                    nxt.append(v)
        frontier = nxt
    out = []
    for v in sorted((n for n in dist if n != src), key=lambda n: (dist[n], projection.name(n))):
        best = links[parent[v]][v]["best"]
        out.append({"id": v, "name": projection.name(v), "distance": dist[v], "through": parent[v],
                    "relationship": best["relationship"], "kind": best.get("event_name") or best["kind"],
                    "strength": best["strength"],
                    "confidence": best["confidence"], "start": best["start"], "end": best["end"],
                    "source": best["source"]})
    return {"id": src, "name": projection.name(src), "hops": hops, "as_of": projection.day.isoformat(),
            "neighbors": out}
