"""The everyday questions of analysts: who is this, and how are these people connected?

- :func:`find_actors` -- actors by name or alias, ignoring case and accents (the store's
  search index; a misspelt name falls back to comparing spellings);
- :func:`actor_profile` -- one actor: kind, party and track (with why), affiliations
  over time, ties, influence in and out, events, restrictions, with sources;
- :func:`shared_connections` -- what actors share: organizations (now and past),
  events and contacts (LittleSis calls these interlocks);
- :func:`neighbourhood` -- every actor within N hops, with its distance and the link
  that reaches it;
- :func:`reliable_paths` -- the k most reliable paths between two actors, each hop
  with its evidence; limited to some relationships, avoiding some actors.

The first four read only what concerns the actors asked about, through the store's
indexes (:func:`kg.graph.local_projection`); paths need the whole day
(:func:`kg.graph.project`). People carry messages: a path's intermediaries are
people, and a neighbourhood grows through people (an organization is reached, not
passed through). Hostile ties never carry a path; a neighbourhood shows them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from kg import time as kgtime
from kg.errors import KGError, UsageMistake
from kg.graph import (
    AFFILIATION,
    HALF_LIFE_YEARS,
    RELATIONSHIPS,
    SENSITIVITIES,
    LinkGraph,
    Projection,
    aged_to_nothing,
    bounded_k_shortest_paths,
    igraph_from_arcs,
    local_projection,
    most_sensitive,
    presence,
    unreachable_is_quiet,
)
from kg.model import Actor
from kg.store.base import GraphStore, select_values
from kg.text import counted, fold, rounded
from queries.evidence import link_ends, path_hops, path_reliability, says
from queries.lookup import SEARCH_CANDIDATES, already_gone, check_search_text, resolve_actor, search_actors

if TYPE_CHECKING:
    import igraph as ig

MAX_PATH_CANDIDATES = 50
TIED_PATHS = 2000  # equally reliable paths compared, at most, to show those whose ids come first




def find_actors(store: GraphStore, text: str, limit: int = 10, day: date | None = None,
                max_sensitivity: int = 2, half_life: float | None = HALF_LIFE_YEARS) -> list[dict[str, Any]]:
    """Actors whose id, name or alias matches ``text``, best first (a score in [0, 1]).

    Words are matched as prefixes through the store's index; when that finds fewer than ``limit``,
    their first three letters too; when nothing is found, every name is compared by spelling
    (difflib), so a misspelt name still finds its actor.
    """
    check_search_text(text)

    def indexed(words: str, at_most: int, close_to: str = "") -> list[Actor]:
        return [a for a in store.search(words, limit=at_most, max_sensitivity=max_sensitivity, close_to=close_to)
                if isinstance(a, Actor) and SENSITIVITIES.index(a.sensitivity) <= max_sensitivity]

    candidates = indexed(text, max(SEARCH_CANDIDATES, limit * 5))
    found = search_actors(candidates, text, limit)
    if len(found) < limit:
        # a misspelling beside names the words begin ("Ali Hasan": Ali Hasani, and Ali Hassan): the names
        # whose words begin as the text's do, in their first three letters, through the index too (an
        # adversarial reader found Ali Hassan missing)
        # ... and when that finds none, in their first two (a typo in the third letter, "Abas" for Abbas, sent
        # every search to compare all 100,000 names, 7 s: those nearest the text are kept of the many found)
        for size in (3, 2):
            if size == 2 and candidates:
                break
            short = " ".join(w[:size] for w in fold(text).split())
            if short and short != fold(text):
                more = [a for a in indexed(short, SEARCH_CANDIDATES, close_to=text)
                        if a.id not in {c.id for c in candidates}]
                if more:
                    candidates += more
                    found = search_actors(candidates, text, limit)
    if not found:  # (a first letter mistyped, "Kurei" for Qurei: every name is compared, as before)
        close = search_actors((Actor(id=i, name=n, kind="person", aliases=tuple(al))
                               for i, n, al in store.actor_labels(max_sensitivity)), text, limit)
        candidates = [a for a in store.select("actor", "id", [a.id for a, _ in close], None, max_sensitivity)
                      if isinstance(a, Actor)]
        found = search_actors(candidates, text, limit)
    if not found:
        return []
    proj = local_projection(store, day, [a.id for a, _ in found], hops=0, max_sensitivity=max_sensitivity,
                            half_life=half_life)
    out = []
    for actor, score in found:
        if actor.id in proj.ended:  # gone by the day (a death, a dissolution): found, and said so (the id is
            # what kg timeline, or a question about an earlier day, needs)
            out.append({"id": actor.id, "name": actor.name, "kind": actor.kind, "party": [], "track": None,
                        "aliases": list(actor.aliases), "score": score, "sensitivity": actor.sensitivity,
                        "party_sensitivity": actor.sensitivity, "track_sensitivity": actor.sensitivity,
                        "ended": proj.ended[actor.id]})
            continue
        if actor.id not in proj.actors:
            continue
        # a party or track not given in the data rests on the way up, as kg show marks it (a party through a
        # confidential affiliation was listed unmarked: an adversarial reader)
        upward = proj.upward_sensitivity(actor.id)
        party_marked = actor.sensitivity if actor.party else upward
        track_marked = actor.sensitivity if actor.track else upward
        out.append({"id": actor.id, "name": actor.name, "kind": actor.kind,
                    "party": sorted(proj.situation.parties(actor.id)), "track": proj.situation.track(actor.id),
                    "aliases": list(actor.aliases), "score": score,
                    "sensitivity": most_sensitive(actor.sensitivity, party_marked, track_marked),
                    "party_sensitivity": party_marked, "track_sensitivity": track_marked, "ended": None})
    return out


def _link(projection: Projection, i: int, me: str) -> dict[str, Any]:
    e = projection.evidence(i)
    other = e["to"] if e["from"] == me else e["from"]
    return {"with": other, "name": projection.name(other), "relationship": e["relationship"],
            "kind": e.get("event_name") or e["kind"], "strength": e["strength"], "confidence": e["confidence"],
            "start": e["start"], "end": e["end"], "source": e["source"], "sensitivity": e["sensitivity"],
            "direction": "out" if e["from"] == me else "in", "says": says(projection, e),
            # (a meeting has its own days; a co-membership lasts while both are in the body)
            "closed_by": projection.closed_by(e["start"], e["end"], [(a, projection.name(a)) for a in link_ends(e)])
            if e["relationship"] != "event" else None}


def _listed(t: dict[str, Any]) -> tuple[Any, ...]:
    return (-t["strength"], t["name"], t["with"], t["says"], t["start"] or "", t["end"] or "", t["source"] or "")


def actor_profile(store: GraphStore, actor_id: str, day: date | None = None, max_sensitivity: int = 2,
                  half_life: float | None = HALF_LIFE_YEARS) -> dict[str, Any]:
    """Everything known about one actor on the day, with the reasons for derived facts."""
    proj = local_projection(store, day, [actor_id], hops=1, max_sensitivity=max_sensitivity, half_life=half_life,
                            parties_of="seeds")
    actor = resolve_actor(proj, actor_id, store=store)
    whole = proj.full_actors.get(actor.id, actor)
    s = proj.situation
    roles = s.official_roles(actor.id) if actor.kind == "person" else []
    track, track_why = s.track_and_reason(actor.id)
    through = sorted({proj.name(a.organization) for a in s.affiliations
                      if a.member == actor.id and s.parties(a.organization)})
    parties = sorted(s.parties(actor.id))
    party_why = "given in the data" if actor.party else ("through " + ", ".join(through) if parties else "none")
    affiliations = []
    names = ("key", "member", "organization", "role", "official", "start", "end", "source", "sensitivity")
    every = {v[0]: dict(zip(names, v, strict=True)) for f in ("member", "organization")
             for v in select_values(store, "affiliation", f, [actor.id], names, None, max_sensitivity)}
    others = {a["organization"] for a in every.values()} | {a["member"] for a in every.values()}
    # the name and sensitivity of each actor at the other end; one these options leave out is not
    # read, and its affiliations are not shown (an actor left out takes its records with it)
    known = {a: (proj.actors[a].name, proj.actors[a].sensitivity) for a in others if a in proj.actors}
    known.update((i, (n, sens)) for i, n, sens in select_values(
        store, "actor", "id", others - known.keys(), ("id", "name", "sensitivity"), None, max_sensitivity))
    # the ends of everyone listed, whenever they fall, read at once (what closes a record left open: a query
    # per link made a hub's profile five times slower, a second reader)
    proj.ends_of([*known, *proj.ids])
    # the other ends gone by the day (a dissolved body, a member who died): their affiliations hold no more
    gone_by_day = {**proj.ended, **store.ended_actors(proj.day, max_sensitivity, known.keys() - proj.actors.keys())}
    for a in sorted(every.values(), key=lambda a: (a["start"] or "", a["organization"])):
        if a["member"] not in known or a["organization"] not in known:
            continue
        other = a["organization"] if a["member"] == actor.id else a["member"]
        affiliations.append({"member": a["member"], "member_name": known[a["member"]][0],
                             "organization": a["organization"], "organization_name": known[a["organization"]][0],
                             "role": a["role"], "official": a["official"], "start": a["start"], "end": a["end"],
                             "valid_on_day": kgtime.valid_on(a["start"], a["end"], proj.day)
                             and other not in gone_by_day,
                             "other_ended": gone_by_day.get(other),
                             "closed_by": None if other in gone_by_day else proj.closed_by(
                                 a["start"], a["end"], [(x, known[x][0]) for x in (a["member"], a["organization"])]),
                             "source": a["source"], "sensitivity": most_sensitive(
                                 a["sensitivity"], known[a["member"]][1], known[a["organization"]][1])})
    me = proj.index[actor.id]
    ties: list[dict[str, Any]] = []
    influence_out: list[dict[str, Any]] = []
    influence_in: list[dict[str, Any]] = []
    mine = np.flatnonzero((proj.link_u == me) | (proj.link_v == me))
    # the evidence of what is listed below (affiliations are listed from their records above)
    proj.prefetch(mine[proj.link_rel[mine] != AFFILIATION].tolist())
    co_members: list[dict[str, Any]] = []
    for i in mine.tolist():
        rel = RELATIONSHIPS[int(proj.link_rel[i])]
        if rel == "tie":
            ties.append(_link(proj, i, actor.id))
        elif rel == "influence":
            link = _link(proj, i, actor.id)
            (influence_out if link["direction"] == "out" else influence_in).append(link)
        elif rel == "co-membership":
            co_members.append(_link(proj, i, actor.id))
    events = []
    for p in store.select("participation", "actor", [actor.id], None, max_sensitivity):
        ev = proj.events.get(p.event)  # type: ignore[attr-defined]
        if ev is None:
            continue
        whole_ev = proj.record("event", proj.event_refs.get(ev.id))
        began = kgtime.participation_start(p.start, ev.start)  # type: ignore[attr-defined]
        # taken part by the day, as the graph reads it: its event (or its own start, when later) begun; the
        # meeting counts from then on, ageing, past the participation's own end (having met lasts)
        on_day = kgtime.valid_on(began, None, proj.day)
        # (its dates as given, 1992 to 1994, not the days they are read as)
        given_start = whole_ev.start if whole_ev is not None else ev.start  # type: ignore[attr-defined]
        given_end = whole_ev.end if whole_ev is not None else ev.end  # type: ignore[attr-defined]
        ended = (kgtime.last_day(ev.end) if ev.end else kgtime.first_day(ev.start) if ev.start else None)  # type: ignore[attr-defined]
        aged_out = bool(on_day and ended is not None and aged_to_nothing((proj.day - ended).days / 365.25, half_life))
        # (and the person's own days there, when given: a party excluded from talks for a year, one that
        # walked out; a truth reader found the profile dating both by the talks)
        events.append({"event": ev.id, "name": ev.name, "role": p.role, "start": given_start, "end": given_end,  # type: ignore[attr-defined]
                       "took_part_start": (there := kgtime.participation_start(p.start, given_start)),  # type: ignore[attr-defined]
                       "took_part_end": (gone := _own_end(p.end, given_end, given_start)),  # type: ignore[attr-defined]
                       "own_days": there != given_start or gone != given_end,
                       "on_day": on_day, "aged_to_nothing": aged_out,
                       "location": getattr(whole_ev, "location", ""), "track": ev.track, "process": ev.process,
                       "source": p.source or (whole_ev.source if whole_ev else ""),
                       "sensitivity": most_sensitive(p.sensitivity, ev.sensitivity)})  # type: ignore[attr-defined]
    events.sort(key=lambda e: (kgtime.first_day(e["took_part_start"]) if e["took_part_start"] else date.min,
                               e["name"]))
    ancestors = set(s.ancestors(actor.id))
    # party and track (when not given in the data) and restrictions rest on the way up: the bodies above
    # the actor and the affiliations that lead there, all of them (a fact with a public way and a
    # confidential one is marked: the answer cannot tell which way a reader would follow)
    upward = proj.upward_sensitivity(actor.id)
    party_marked = actor.sensitivity if actor.party else upward
    track_marked = actor.sensitivity if actor.track else upward

    def marked(*more: str) -> str:
        return most_sensitive(upward, *more)

    on_group = [r for r in s.restrictions if r.group in ancestors]
    binding = []
    for group in sorted(s.restricted_groups):
        for r in s.binding_restrictions(group, actor.id):
            binding.append({"group": group, "group_name": proj.name(group), "jurisdiction": r.jurisdiction,
                            "kind": r.kind, "scope": r.scope, "start": r.start, "end": r.end, "source": r.source,
                            # and what makes the group one the restriction covers: its way up to the body
                            # named (a confidential affiliation made a charity its movement's front, shown
                            # unmarked: an adversarial reader)
                            "sensitivity": marked(r.sensitivity, *(proj.actors[g].sensitivity for g in
                                                                   (group, r.group) if g in proj.actors),
                                                  proj.way_sensitivity(group, r.group)
                                                  if group != r.group and group in proj.actors else "public")})
    shown = affiliations + ties + co_members + influence_out + influence_in + events + binding
    facts = ([whole.sensitivity, party_marked, track_marked] + [x["sensitivity"] for x in shown]
             + [marked(r.sensitivity) for r in on_group])
    marks = sorted(set(facts) - {"public"}, key=SENSITIVITIES.index)
    return {
        "id": actor.id, "name": actor.name, "kind": actor.kind, "org_type": actor.org_type,
        "country": actor.country, "aliases": list(actor.aliases), "description": whole.description,
        "source": whole.source, "end": whole.end, "confidence": actor.confidence, "sensitivity": whole.sensitivity,
        "includes": marks,
        "as_of": proj.day.isoformat(),
        "party": parties, "party_why": party_why, "track": track, "track_why": track_why,
        "party_sensitivity": party_marked, "track_sensitivity": track_marked,
        "official_of": sorted({r.state for r in roles}),
        # strongest first; of equals by name, id and what the line says, the same in every store (Neo4j gave
        # equals in another order: a store parity fuzzer)
        "affiliations": affiliations, "ties": sorted(ties, key=_listed),
        "co_members": sorted(co_members, key=_listed),
        "influence_out": sorted(influence_out, key=_listed), "influence_in": sorted(influence_in, key=_listed),
        "events": events,
        "restrictions_on_group": [{"jurisdiction": r.jurisdiction, "kind": r.kind, "scope": r.scope,
                                   "start": r.start, "end": r.end, "source": r.source,
                                   "sensitivity": marked(r.sensitivity)} for r in on_group],
        "restrictions_binding": binding, "props": whole.props,
    }


def neighbourhood(store: GraphStore, actor_id: str, hops: int = 1, day: date | None = None,
                  max_sensitivity: int = 2, half_life: float | None = HALF_LIFE_YEARS) -> dict[str, Any]:
    """Every actor within ``hops`` links, nearest first, with the link that reaches it.

    The neighbourhood grows through people: an organization is reached (it is a neighbour)
    but not passed through; its members are reached as co-members (small bodies only).
    """
    proj = local_projection(store, day, [actor_id], hops=hops, max_sensitivity=max_sensitivity, half_life=half_life,
                            parties_of="seeds")
    src = resolve_actor(proj, actor_id, store=store).id
    lg = proj.link_graph("everything")
    # each vertex's neighbours, most reliable link first, then by id (vertices are numbered in id
    # order): the edges from both ends, sorted once
    lo, hi = lg.ends
    tails, heads = np.concatenate([lo, hi]), np.concatenate([hi, lo])
    edge_of = np.concatenate([np.arange(len(lo)), np.arange(len(lo))])
    by = np.lexsort((heads, -lg.reliability[edge_of], tails))
    hostile = proj.link_hostile[lg.best].tolist()  # (a pair's link is hostile only when it has no other)
    heads, edge_of = heads[by].tolist(), edge_of[by].tolist()
    start = np.searchsorted(tails[by], np.arange(len(proj.ids) + 1)).tolist()
    s = proj.index[src]
    dist = {s: 0}
    parent_edge: dict[int, int] = {}
    frontier = [s]
    for d in range(1, hops + 1):
        nxt = []
        # reached by a friendly link where there is one at this distance: a hostile tie carries no
        # message, and "the link that reaches" a person should not be an enmity beside a friendship
        enmities = []  # (one pass over the links: the hostile ones are kept for after the friendly ones)
        for u in frontier:
            if u != s and not proj.person[u]:
                continue  # organizations are reached, not passed through
            for at in range(start[u], start[u + 1]):
                v = heads[at]
                if v not in dist:
                    if hostile[edge_of[at]]:
                        enmities.append(at)
                    else:
                        dist[v], parent_edge[v] = d, edge_of[at]
                        nxt.append(v)
        for at in enmities:
            v = heads[at]
            if v not in dist:
                dist[v], parent_edge[v] = d, edge_of[at]
                nxt.append(v)
        frontier = nxt
        if not frontier:
            break  # everyone reachable is found (--hops may be far larger than the network)
    out = []
    name = {n: proj.label(proj.ids[n]) for n in dist}
    order = sorted((n for n in dist if n != s), key=lambda n: (dist[n], name[n], proj.ids[n]))
    shown = {v: int(lg.best[parent_edge[v]]) for v in order}
    parent = {v: int(lo[e]) if int(hi[e]) == v else int(hi[e]) for v, e in parent_edge.items()}
    proj.prefetch(shown.values())  # the records behind every link shown, a query per kind, not per link
    # an actor two hops away is there by the link shown and by what reached the one it names: as sensitive
    # as the whole chain (a public tie to someone reached by a confidential one was shown unmarked: an
    # adversarial reader)
    chain: dict[int, str] = {s: "public"}
    for v in order:  # (nearest first: a parent's chain is known before its children's)
        e = proj.evidence(shown[v])
        chain[v] = most_sensitive(e["sensitivity"], chain[parent[v]])
        out.append({"id": proj.ids[v], "name": name[v], "distance": dist[v],
                    "through": proj.ids[parent[v]], "relationship": e["relationship"],
                    "kind": e.get("event_name") or e["kind"], "strength": e["strength"],
                    "confidence": e["confidence"], "start": e["start"], "end": e["end"],
                    "source": e["source"], "sensitivity": chain[v], "says": says(proj, e)})
    me = proj.actors[src].sensitivity  # the heading names the actor asked about
    return {"id": src, "name": proj.name(src), "sensitivity": me, "hops": hops, "as_of": proj.day.isoformat(),
            "neighbors": out, "includes": sorted({me, *(x["sensitivity"] for x in out)} - {"public"},
                                                 key=SENSITIVITIES.index)}


def _own_end(end: str | None, event_end: str | None, event_start: str | None) -> str | None:
    """A participation's end as a profile says it: its own, unless after its event's (then the event's: a
    second reader found "to 1999-01-01" of talks that ended in 1998); none given, the event's."""
    if not end:
        return event_end
    last = kgtime.last_day(event_end) if event_end else kgtime.last_day(event_start) if event_start else None
    if last is not None and kgtime.last_day(end) >= last:
        return event_end
    return end


def _presence(p: Any, event: Any, day: date) -> tuple[int, int] | None:
    """The days a participation was there, first and last (open ends as far as can be), as a
    projection counts them (:func:`kg.graph.presence`); None if it begins after ``day`` or ends before
    it begins."""
    def first(text: str | None) -> int | None:
        return kgtime.first_day(text).toordinal() if text else None

    def last(text: str | None) -> int | None:
        return kgtime.last_day(text).toordinal() if text else None

    start, end = presence(first(p.start), last(p.end), first(event.start), last(event.end))
    start, end = -1 if start is None else start, 1 << 62 if end is None else end
    if start > day.toordinal() or end < start:
        return None
    return start, end


def _together(spans: list[list[tuple[int, int]]]) -> bool:
    """Whether there is a day on which each of several actors was there (one of each one's spans of
    days holds it): if there is one, the latest start of a choice of spans is one, so only the spans'
    starts are tried."""
    return any(all(any(s <= d <= e for s, e in mine) for mine in spans)
               for d in {s for mine in spans for s, _e in mine})


def shared_connections(store: GraphStore, ids: list[str], day: date | None = None, max_sensitivity: int = 2,
                       half_life: float | None = HALF_LIFE_YEARS) -> dict[str, Any]:
    """What all of ``ids`` share: organizations (now and in the past), events, and contacts."""
    if len(ids) < 2:
        raise KGError("give at least two actors to compare")
    if len(set(ids)) < len(ids):
        raise KGError("an actor is named twice; give two or more different actors")
    proj = local_projection(store, day, ids, hops=1, max_sensitivity=max_sensitivity, half_life=half_life,
                            parties_of="seeds")
    actors = [resolve_actor(proj, x, store=store).id for x in ids]
    if len(set(actors)) < len(actors):  # (the same id in two Unicode forms: "rené" composed and decomposed)
        twice = next(a for a in actors if actors.count(a) > 1)
        raise UsageMistake(f"'{twice}' is named twice (in two forms of the same id); give two or more different "
                           "actors")
    the_day = proj.day
    affs = store.select("affiliation", "member", actors, None, max_sensitivity)
    # the organizations' names and sensitivity; one these options leave out takes its affiliations with it
    org_facts = {i: (n, sens) for i, n, sens in select_values(
        store, "actor", "id", {a.organization for a in affs}, ("id", "name", "sensitivity"),  # type: ignore[attr-defined]
        None, max_sensitivity)}
    affs = [a for a in affs if a.organization in org_facts]  # type: ignore[attr-defined]
    # a body dissolved by the day is one they were in, not one they are in (a second reader: "organizations now:
    # Dissolved Club")
    dissolved = store.ended_actors(the_day, max_sensitivity, org_facts)

    def orgs(actor: str, now: bool) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for a in affs:
            if a.member != actor or (a.start_day and a.start_day > the_day):  # type: ignore[attr-defined]
                continue
            if (a.valid_on(the_day) and a.organization not in dissolved) == now:  # type: ignore[attr-defined]
                out.setdefault(a.organization, []).append(a)  # type: ignore[attr-defined]
        return out

    def common_keys(maps: list[dict[str, Any]]) -> list[str]:
        keys = set(maps[0])
        for m in maps[1:]:
            keys &= set(m)
        return sorted(keys)

    now_maps = [orgs(x, True) for x in actors]
    # (a past stint and a present one in the same body are both kept: they may have met in either)
    all_maps = [{o: [*past.get(o, []), *now.get(o, [])] for o in {*past, *now}}
                for past, now in ((orgs(x, False), orgs(x, True)) for x in actors)]
    now = common_keys(now_maps)
    # bodies they all belong to on the day, some or all of them through another body (two ministers
    # of one government, each through a ministry: "nothing" shared was read as no common ground; found
    # by an adversarial reader). Only the lowest are named: a body above one they all share directly
    # (the government above the ministry both serve in) says nothing more.
    above = [set(proj.situation.ancestors(x)[1:]) for x in actors]
    shared_above = set.intersection(*above) - set(now) if above else set()
    up = {c: set(proj.situation.ancestors(c)[1:]) for c in [*now, *shared_above]}
    # (strictly above: of two bodies each affiliated with the other, neither is left out, a second reader)
    lowest = {o for o in shared_above if not any(o in up[c] and c not in up[o] for c in up if c != o)}
    through = sorted(lowest, key=lambda o: (proj.name(o), o))
    past = sorted((o for o in common_keys(all_maps) if o not in now and o not in lowest),
                  key=lambda o: (org_facts[o][0], o))
    events: dict[str, dict[str, str]] = {}
    for event, parts in proj.participants.items():  # participations that hold on the day
        for actor, role, _ref in parts:
            events.setdefault(event, {})[actor] = role
    part_marks: dict[tuple[str, str], list[str]] = defaultdict(list)  # (event, actor) -> sensitivities
    spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)  # (event, actor) -> days there
    for p in store.select("participation", "actor", actors, None, max_sensitivity):
        part_marks[p.event, p.actor].append(p.sensitivity)  # type: ignore[attr-defined]
        if p.event in proj.events:  # type: ignore[attr-defined]
            span = _presence(p, proj.events[p.event], the_day)  # type: ignore[attr-defined]
            if span is not None:
                spans[p.event, p.actor].append(span)  # type: ignore[attr-defined]
    shared_events = [{"event": e, "name": proj.events[e].name,
                      "start": getattr(proj.record("event", proj.event_refs.get(e)), "start", proj.events[e].start),
                      "roles": {x: roles[x] for x in actors},
                      # whether they were all there on a same day (a meeting), or each at another time
                      "together": _together([spans[e, x] for x in actors]),
                      "sensitivity": most_sensitive(proj.events[e].sensitivity,
                                                    *(m for x in actors for m in part_marks[e, x]))}
                     for e, roles in sorted(events.items()) if all(x in roles for x in actors) and e in proj.events]
    # in date order, as the dates printed beside them read (by id, Cartagena 2016 came before Havana 2012: a
    # reader); an undated event last
    shared_events.sort(key=lambda x: (kgtime.first_day(str(x["start"])) if x["start"] else date.max,
                                      str(x["name"]), str(x["event"])))
    lg = proj.link_graph("contacts")  # (a link of reliability 0 is still a contact)
    contact_sets = [set(lg.graph.neighbors(proj.index[x])) for x in actors]
    contacts = set.intersection(*contact_sets) - {proj.index[x] for x in actors}
    # a body they share is listed as one, not again as a contact ("contacts: ...; Sinn Féin" beside Sinn Féin
    # among the organizations, a reader of the Northern Ireland back channel)
    # (a body shared in the past only stays a contact where they are linked to it on the day: a second reader)
    contacts -= {proj.index[o] for o in (*now, *through) if o in proj.index}

    def org_entry(o: str, maps: list[dict[str, Any]]) -> dict[str, Any]:
        held = [a for m in maps for a in m.get(o, [])]
        return {"organization": o, "name": org_facts[o][0],
                "roles": {x: [f"{a.role or 'member'} ({a.start or '...'}-{a.end or ''})" for a in m.get(o, [])]
                          for x, m in zip(actors, maps, strict=True)},
                # whether they were all in it at one time (colleagues), or each at another
                "together": _together([[(kgtime.first_day(a.start).toordinal() if a.start else -1,
                                         kgtime.last_day(a.end).toordinal() if a.end else 1 << 62)
                                        for a in m.get(o, [])] for m in maps]),
                "sensitivity": most_sensitive(org_facts[o][1], *(a.sensitivity for a in held))}

    def above_entry(o: str) -> dict[str, Any]:
        direct = {x: now_maps[i].get(o, []) for i, x in enumerate(actors)}
        # the bodies each goes through: those on a way up below ``o`` (one who belongs to it directly goes
        # through none, whatever other ways there are)
        bodies = {x: [] if direct[x] else sorted({w.organization for w in proj.situation.ways_up(x, o)} - {o},
                                                 key=lambda b: (proj.name(b), b))
                  for x in actors}
        return {"organization": o, "name": proj.name(o),
                "roles": {x: [f"{a.role or 'member'} ({a.start or '...'}-{a.end or ''})" for a in direct[x]]
                          + ([f"through {', '.join(proj.name(b) for b in bodies[x])}"] if bodies[x] else [])
                          for x in actors},
                "through": {x: bodies[x] for x in actors if bodies[x]},
                "through_names": {x: [proj.name(b) for b in bodies[x]] for x in actors if bodies[x]},
                "together": True,  # (all of them on the day)
                "sensitivity": most_sensitive(proj.actors[o].sensitivity,
                                              *(proj.way_sensitivity(x, o) for x in actors))}

    def link(x: str, c: int) -> dict[str, Any]:
        return proj.evidence(int(lg.best[lg.graph.get_eid(proj.index[x], c)]))

    contact_list = []
    for c in sorted(contacts, key=lambda c: (proj.name(proj.ids[c]), proj.ids[c])):
        evidence = {x: link(x, c) for x in actors}
        contact_list.append({"id": proj.ids[c], "name": proj.name(proj.ids[c]),
                             "links": {x: f"{e['relationship']}: {e.get('event_name') or e['kind']}"
                                       for x, e in evidence.items()},
                             "sensitivity": most_sensitive(*(e["sensitivity"] for e in evidence.values()))})
    out: dict[str, Any] = {"actors": actors, "names": [proj.name(x) for x in actors], "as_of": the_day.isoformat(),
                           "asked_sensitivity": most_sensitive(*(proj.actors[x].sensitivity for x in actors)),
                           "organizations_now": sorted([*(org_entry(o, now_maps) for o in now),
                                                        *(above_entry(o) for o in through)],
                                                       key=lambda e: (e["name"], e["organization"])),
                           "organizations_past": [org_entry(o, all_maps) for o in past],
                           "events": shared_events, "contacts": contact_list}
    shown = [*out["organizations_now"], *out["organizations_past"], *shared_events, *contact_list]
    marks = {x["sensitivity"] for x in shown} | {proj.actors[x].sensitivity for x in actors}
    out["includes"] = sorted(marks - {"public"}, key=SENSITIVITIES.index)
    return out


def path_graph(projection: Projection, src: str, dst: str, via: Iterable[str] | None = None,
               avoid: Iterable[str] = ()) -> LinkGraph:
    """The links a path may use: between people, or touching one of its two ends; not hostile;
    only the relationships in ``via``; never through the actors in ``avoid``."""
    p = projection
    keep = p._usable("all")
    if via:
        bad = set(via) - set(RELATIONSHIPS)
        if bad:
            raise KGError(f"--via {', '.join(sorted(bad))}: expected {', '.join(RELATIONSHIPS)}")
        codes = [RELATIONSHIPS.index(v) for v in via]
        keep &= np.isin(p.link_rel, codes)
    carrier = p.person.copy()
    ends = [p.index[src], p.index[dst]]
    carrier[ends] = True
    keep &= carrier[p.link_u] & carrier[p.link_v]
    gone = np.zeros(len(p.ids), dtype=bool)
    gone[[p.index[a] for a in avoid if a in p.index and a not in (src, dst)]] = True
    keep &= ~gone[p.link_u] & ~gone[p.link_v]
    # an organization at one end is reached, never crossed: no link between two organizations
    # unless it joins the two ends
    lg = p._simple(np.flatnonzero(keep), "path")
    return lg


def k_shortest_paths(g: ig.Graph, weights: list[float], s: int, t: int, k: int,
                     first: int = 2000) -> list[list[int]]:
    """Yen's ``k`` shortest simple paths from ``s`` to ``t``, searched on the few vertices that can
    lie on them: those with the least ``d(s, v) + d(v, t)``. Exact: a path through a vertex left
    out is at least as long as that vertex's ``d(s, v) + d(v, t)``, so when the k-th path found is
    no longer than the least of those, no path left out could replace it; otherwise the search
    widens (twice as many vertices) until it is."""
    inf = float("inf")
    ds = np.asarray(g.distances(s, weights=weights)[0])
    dt = np.asarray(g.distances(t, weights=weights)[0])
    through = ds + dt
    order = np.argsort(through, kind="stable")
    order = order[np.isfinite(through[order]) & (order != s) & (order != t)]
    size = first
    while True:
        if size >= len(order):
            with unreachable_is_quiet():
                return g.get_k_shortest_paths(s, t, k=k, weights=weights, output="vpath")
        keep = sorted({s, t, *order[:size].tolist()})
        sub = g.subgraph(keep)  # the induced subgraph numbers its vertices in the order of their ids
        back = {i: v for i, v in enumerate(keep)}
        pos = {v: i for i, v in enumerate(keep)}
        sub_w = [weights[g.get_eid(back[e.source], back[e.target])] for e in sub.es]
        with unreachable_is_quiet():  # the nearest vertices alone may not join s and t: then widen
            paths = sub.get_k_shortest_paths(pos[s], pos[t], k=k, weights=sub_w, output="vpath")
        found = [[back[v] for v in p] for p in paths]
        bound = float(through[order[size]])  # the least d(s, v) + d(v, t) of the vertices left out
        longest = max((sum(weights[g.get_eid(u, v)] for u, v in zip(p, p[1:], strict=False)) for p in found),
                      default=inf)
        if len(found) == k and longest <= bound:
            return found
        size *= 2


def reliable_paths(projection: Projection, a: str, b: str, k: int = 3, via: tuple[str, ...] | None = None,
                   avoid: tuple[str, ...] = (), max_hops: int = 6) -> dict[str, Any]:
    """The ``k`` most reliable simple paths from ``a`` to ``b`` (Yen's algorithm on -log reliability)."""
    src, dst = resolve_actor(projection, a).id, resolve_actor(projection, b).id
    if src == dst:
        raise UsageMistake(f"'{a}' and '{b}' are the same actor; a path needs two different actors")
    # (one already gone by the day, a death, a dissolution, is in no path: avoided all the same)
    dead = {x: already_gone(projection, x) for x in avoid}
    avoided = list(dict.fromkeys(d["id"] if (d := dead[x]) is not None else resolve_actor(projection, x).id
                                 for x in avoid))
    for end in (src, dst):  # (it was silently ignored: three paths to the one avoided, an adversarial reader)
        if end in avoided:
            raise KGError(f"--avoid names {projection.name(end)}, an end of the path asked about; a path cannot go "
                          "around its own ends: avoid others")
    ended = {d["id"]: d for d in dead.values() if d is not None}
    lg = path_graph(projection, src, dst, via, avoided)
    g: ig.Graph = lg.graph
    s, t = projection.index[src], projection.index[dst]
    weights = lg.distances()
    reachable = g.distances(s, t, weights=weights)[0][0] != float("inf")
    paths = []
    if reachable:
        want = min(MAX_PATH_CANDIDATES, k * 5)
        while True:
            candidates = k_shortest_paths(g, weights, s, t, want)
            # of equally reliable paths the ids that come first are shown: while the last path found is as
            # short as the k-th that fits, more as short may follow it, so look further (at most TIED_PATHS)
            lengths = [sum(weights[g.get_eid(u, v)] for u, v in zip(vp, vp[1:], strict=False)) for vp in candidates]
            fitting = sorted(x for vp, x in zip(candidates, lengths, strict=True) if len(vp) - 1 <= max_hops)
            if len(candidates) < want or want >= TIED_PATHS or len(fitting) < k or lengths[-1] > fitting[k - 1]:
                break
            want = min(TIED_PATHS, want * 4)
        if sum(len(vp) - 1 <= max_hops for vp in candidates) < k and any(len(vp) - 1 > max_hops for vp in candidates):
            # the most reliable are too long: the most reliable of those that fit (a weaker path of fewer hops)
            ends = np.array(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
            w = np.asarray(weights, dtype=float)
            candidates = bounded_k_shortest_paths(g.vcount(), np.concatenate([ends[:, 0], ends[:, 1]]),
                                                  np.concatenate([ends[:, 1], ends[:, 0]]), np.concatenate([w, w]),
                                                  s, t, k, max_hops)
        fit = [[projection.ids[v] for v in vp] for vp in candidates if len(vp) - 1 <= max_hops]
        exact = {tuple(p): path_reliability(projection, lg, p) for p in fit}
        # as channels are ranked: by the reliability itself, then fewer hops, then the ids that come first
        # (the order Yen's search gives equally reliable paths is the engine's, not the answer's)
        for path in sorted(fit, key=lambda p: (-exact[tuple(p)], len(p), p))[:k]:
            hops = path_hops(projection, lg, path)
            paths.append({"path": path, "names": [projection.label(n) for n in path],
                          "score": rounded(exact[tuple(path)]),
                          "sensitivity": max((h.sensitivity for h in hops),
                                             key=["public", "restricted", "confidential"].index, default="public"),
                          "hops": [h.to_dict() for h in hops]})
    # what the message says rests on the actors it names, and "within N hops" (a longer path exists) on
    # the links without which there would be none at all
    said = most_sensitive(*(projection.actors[x].sensitivity if x not in ended else ended[x]["sensitivity"]
                            for x in (src, dst, *avoided)))
    if not paths and reachable:
        lo, hi = lg.ends
        levels = projection.pair_levels(lo, hi)
        for level in range(int(levels.max()) - 1 if len(levels) else -1, -1, -1):
            keep = np.flatnonzero(levels <= level)
            fewer = igraph_from_arcs(g.vcount(), lo[keep], hi[keep])
            if t not in fewer.subcomponent(s):
                said = most_sensitive(said, SENSITIVITIES[level + 1])
                break
    message = "" if paths else (
        f"no path from {projection.name(src)} to {projection.name(dst)} on {projection.day.isoformat()}"
        f"{' within ' + counted(max_hops, 'hop') if reachable else ''}"
        f"{' using only ' + ', '.join(via) if via else ''}{' avoiding ' + ', '.join(avoided) if avoided else ''}"
        " (people carry messages: a path never passes through an organization, nor along a hostile tie or a "
        "link of reliability 0)")
    # one end inside the other (a minister of a ministry of the government asked about): no path says
    # nothing of that, as a path never passes through an organization, so it is said apart (found by an
    # adversarial reader: "no path from P1 to GOV" of GOV's own minister)
    inside = None
    for member, body in ((src, dst), (dst, src)):
        if body != member and not projection.is_person(body) and body in projection.situation.ancestors(member):
            bodies = [a for a in projection.situation.ancestors(member)[1:]
                      if a != body and body in projection.situation.ancestors(a)
                      and a in {w.organization for w in projection.situation.ways_up(member, body)}]
            inside = {"member": member, "body": body, "through": bodies,
                      "says": f"{projection.name(member)} belongs to {projection.name(body)} on the day"
                              + (f", through {', '.join(projection.name(b) for b in bodies)}" if bodies else ""),
                      "sensitivity": projection.way_sensitivity(member, body)}
            break
    return {"from": src, "to": dst, "as_of": projection.day.isoformat() if projection.as_of_given else None,
            "inside": inside,
            "via": list(via or RELATIONSHIPS), "avoid": avoided, "paths": paths, "message": message,
            "message_sensitivity": said if message else "public",
            # those avoided that had ended by the day: in no path anyway (said, not refused)
            "already_gone": list(ended.values()),
            # (every mark shown: a path's, each of its hops', the message's)
            "includes": sorted(({str(p["sensitivity"]) for p in paths}
                                | {str(h["sensitivity"]) for p in paths for h in p["hops"]}  # type: ignore[attr-defined]
                                | {str(h["enmity"]["sensitivity"]) for p in paths for h in p["hops"]  # type: ignore[attr-defined]
                                   if h.get("enmity")}
                                | ({said} if message else set())
                                | ({inside["sensitivity"]} if inside else set())
                                | {d["sensitivity"] for d in ended.values()})
                               - {"public"}, key=SENSITIVITIES.index)}
