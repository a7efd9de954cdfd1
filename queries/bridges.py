"""Bridging figures between two parties: through whom are party A and party B connected?

:func:`bridging_figures` measures people (and organizations, when asked) against
the members of A and B (every actor whose parties, explicit or derived, include
the party) on the day's links, hostile ties left out. People carry messages
(data-model.md v2): by default the graph is people and the links between them
(ties, influence, shared events and co-membership of small bodies, see
:mod:`kg.graph`); ``include_organizations=True`` ranks institutions as well, on
the graph where organizations are vertices linked to their members.

- **A-B betweenness** (``ab_betweenness``): the share of shortest paths between a
  member of A and a member of B that run through the actor, endpoints not
  counted: igraph's subset betweenness (``Graph.betweenness(sources=A, targets=B)``;
  it halves undirected values as networkx's ``betweenness_centrality_subset`` does, so
  they are doubled here), divided by the number of connected A-B pairs.
  ``ab_betweenness_weighted`` is the same with a strong, well-sourced link a short one:
  distance ``-log(strength x confidence)`` on a fine grid (:func:`kg.graph.distance`), so
  equally reliable paths tie exactly.
- **Brokerage roles** (Gould & Fernandez 1989, :mod:`queries.brokerage`) over the
  partition of actors by their set of parties, actors with no party forming one group;
  ``ab_roles`` counts the same roles on the open two-paths from an A member to a B
  member only; ``ab_pairs`` is the number of such A-B pairs the actor joins, and
  ``ab_brokerage`` the same with a pair joined by an outsider to both sides (a liaison)
  counting 1 and one joined by a member of A or B counting 1/2.
- **Structural holes** (Burt 1992): constraint and effective size on the unweighted links.
- **Reach**: members of A and of B touched directly and within two hops.

The **score** in [0, 1]::

    score = 0.40 * ab_betweenness            # carries A-B shortest paths
          + 0.20 * ab_betweenness_weighted   # ... over strong, well-sourced links
          + 0.25 * ab_brokerage / max        # joins A members to B members (liaisons count double)
          + 0.15 * balance                   # reaches both sides within two hops

where ``balance`` is the geometric mean of the shares of A and of B within two hops. One whose other parts are all 0
(on no A-B shortest path, joining no A-B pair) is no bridge and is not ranked (of an estimate, where a share of 0 may
be the sample's, it is).

**Cost**: betweenness costs one shortest-path search per source. The smaller side is
the source (the measure is symmetric). When sources x links exceed
:data:`EXACT_BUDGET` , the default is an estimate from
a random sample of sources, scaled up; the answer states the sample, and each result
carries the standard error of its betweenness share, from the spread between
:data:`SAMPLE_BATCHES` independent batches of the sample. ``exact=True`` forces the
exact computation. Brokerage, reach and Burt's measures are always exact.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from kg.errors import KGError, UnknownIdError
from kg.graph import SENSITIVITIES, LinkGraph, Projection, id_forms, most_sensitive
from kg.model import Actor, id_look
from kg.parallel import SILENT, Progress, map_parts, split
from kg.text import figure
from queries.brokerage import ROLES, local_structure
from queries.evidence import SENSITIVITY_RANK, says
from queries.lookup import resolve_actor

EXACT_BUDGET = 50_000_000  # sources x links: a few seconds of betweenness on a 2-core machine
PARALLEL_MIN = 2_000_000  # sources x links past which the betweenness is split into parts (kg.parallel)
EXACT_PARTS = 16
MIN_SAMPLE = 64
SAMPLE_BATCHES = 8
WEIGHTS = {"ab_betweenness": 0.40, "ab_betweenness_weighted": 0.20, "ab_brokerage": 0.25, "balance": 0.15}


@dataclass
class Bridge:
    """One actor's place between the two parties."""

    id: str
    name: str
    score: float
    why: str
    kind: str
    party: list[str]
    track: str
    metrics: dict[str, Any]
    brokerage: dict[str, int]
    ties: list[dict[str, Any]] = field(default_factory=list)
    sensitivity: str = "public"
    # the restricted groups of the two parties that a restriction keeps this actor from (a bridge is no
    # go-between to a group it may not engage: a new user found banned nationals ranked as liaisons unsaid)
    may_not_engage: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BridgesAnswer:
    """The ranked bridges, and how they were computed."""

    parties: list[str]
    as_of: str | None
    results: list[Bridge]
    members: dict[str, int]
    method: str
    message: str = ""
    ranks: str = "people"
    records_used: str = "every record (confidential included)"
    # what the ranking and the scores rest on (:func:`ranking_sensitivity`): every link counts in them
    ranking_sensitivity: str = "public"
    ranking_why: str = ""
    members_sensitivity: str = "public"  # what the parties' member counts in the first line rest on

    def heading(self) -> str:
        marks = sorted(({t["sensitivity"] for b in self.results for t in [*b.ties, *b.may_not_engage]}
                        | {b.sensitivity for b in self.results} | {self.ranking_sensitivity, self.members_sensitivity})
                       - {"public"},
                       key=SENSITIVITY_RANK.__getitem__)
        if not marks:
            return ""
        return f"NOTE: this answer includes {' and '.join(marks)} records (marked below); check before sharing it"

    def to_dict(self) -> dict[str, Any]:
        return {"parties": self.parties, "as_of": self.as_of, "method": self.method, "ranks": self.ranks,
                "members": self.members, "message": self.message, "records_used": self.records_used,
                "ranking_sensitivity": self.ranking_sensitivity, "ranking_why": self.ranking_why,
                "members_sensitivity": self.members_sensitivity,
                "results": [b.to_dict() for b in self.results]}


def party_members(projection: Projection, party: str) -> tuple[str, set[str]]:
    """The canonical party name and its members; an organization id stands for its members.

    Raises :class:`UnknownIdError` naming the party and listing the known ones.
    """
    s = projection.situation
    known = s.known_parties()
    for p in known:  # in any case, and in any Unicode form of the same look
        if p.casefold() == party.casefold() or id_look(p).casefold() == id_look(party).casefold():
            return p, s.party_members(p)
    try:
        actor: Actor | None = resolve_actor(projection, party)
    except UnknownIdError:
        actor = None
    if actor is not None and actor.kind == "organization":
        return actor.name, s.members(actor.id)
    raise UnknownIdError(f'no party "{party}"; known parties: {", ".join(known) or "none"} '
                         "(an organization id also works)")


def _check_sides(projection: Projection, a: tuple[str, str, set[str]], b: tuple[str, str, set[str]],
                 include_organizations: bool) -> None:
    """One line when a side is a body of the other (a delegation of the movement, a ministry of the government,
    given by its id) and every one of its people is also the other's: no one stands between a side and part of
    it, and a ranking of "bridges" between them was numbers about nothing (a reader asked for bridges between
    RENAMO and its delegation and got ten people at 0.150). Two parties that merely share people (a joint
    delegation of both) are answered. ``a``, ``b``: each side as asked, its name and its members."""
    s = projection.situation

    def people(members: set[str]) -> set[str]:
        return {m for m in members if m in projection.index and (include_organizations or projection.is_person(m))}

    def body(asked: str, name: str) -> str | None:  # the organization a side was given by, if it was
        if name in s.known_parties() and name.casefold() == asked.casefold():
            return None
        found = [x for x in (asked, *id_forms(asked)) if x in projection.actors]
        return found[0] if found and not projection.is_person(found[0]) else None

    sides = [(asked, name, people(members), body(asked, name)) for asked, name, members in (a, b)]
    for (_asked, inner, mine, org), (_other, outer, theirs, outer_org) in (sides, sides[::-1]):
        if org is None or not mine or not mine <= theirs:
            continue
        if (outer in s.parties(org) if outer_org is None else outer_org in s.ancestors(org)[1:]):
            who = "member" if include_organizations else "person"
            every = (f"its one {who}" if len(mine) == 1 else f"every one of its {len(mine):,} {who}s")
            raise KGError(f"{inner} belongs to {outer}, and {every} on {projection.day.isoformat()} is {outer}'s too: "
                          "no one stands between a side and part of it; give two sides that do not contain each "
                          "other (kg show shows what an actor belongs to, and its party)")


def ab_betweenness(lg: LinkGraph, sources: list[int], targets: list[int], weighted: bool,
                   scale: float = 1.0, distances: list[float] | None = None) -> np.ndarray:
    """Sum over source-target pairs of the fraction of their shortest paths through each vertex
    (networkx's convention for undirected subset betweenness, doubled), times ``scale``.
    ``distances``: the links' lengths when already computed (``lg.distances()``)."""
    if not sources or not targets:
        return np.zeros(lg.graph.vcount())
    weights = None
    if weighted:
        weights = distances if distances is not None else lg.distances()
    raw = lg.graph.betweenness(directed=False, sources=sources, targets=targets, weights=weights)
    return np.asarray(raw) * 2.0 * scale


def connected_pairs(lg: LinkGraph, a: list[int], b: list[int]) -> int:
    """How many ordered (member of A, member of B) pairs of distinct actors are connected."""
    comp = np.asarray(lg.graph.connected_components().membership)
    k = int(comp.max()) + 1 if len(comp) else 1
    ca = np.bincount(comp[a], minlength=k)
    cb = np.bincount(comp[b], minlength=k)
    return int((ca * cb).sum()) - len(set(a) & set(b))


def bridging_figures(projection: Projection, party_a: str, party_b: str, top: int = 10,
                     exact: bool | None = None, sample: int | None = None, seed: int = 1,
                     include_organizations: bool = False, without: tuple[str, ...] = (),
                     progress: Progress = SILENT, check_sides: bool = True) -> BridgesAnswer:
    """Rank the actors through whom parties A and B are connected on the projection's day.

    ``without``: answer as if these actors were gone. ``progress`` hears how far the betweenness is.
    ``check_sides``: refuse two sides one of which holds every person of the other (a body and its own
    delegation); off where the same question is asked again with fewer records or actors.
    """
    if exact and sample:
        raise KGError("--exact and --sample contradict each other: give one of them")
    name_a, members_a = party_members(projection, party_a)
    name_b, members_b = party_members(projection, party_b)
    # the parties' bodies under a restriction, of their own or of a body above them (organizations are left out
    # of the members below)
    restricted = projection.situation.restricted_groups
    groups = sorted(g for g in members_a | members_b if g in projection.actors and not projection.is_person(g)
                    and restricted & set(projection.situation.ancestors(g)))
    if name_a == name_b:
        raise KGError(f"both parties are {name_a}; give two different parties to bridge")
    if check_sides:
        _check_sides(projection, (party_a, name_a, members_a), (party_b, name_b, members_b), include_organizations)
    from queries.lookup import resolve_actor

    gone = {resolve_actor(projection, x).id for x in without}
    as_of = projection.day.isoformat() if projection.as_of_given else None
    mode = "institutions" if include_organizations else "carriers"
    lg = projection.link_graph(mode)
    if gone:
        lg = _without(projection, lg, gone)
    idx = projection.index
    eligible = (lambda a: a not in gone) if include_organizations else \
        (lambda a: a not in gone and projection.is_person(a))
    members_a = {m for m in members_a if m in idx and eligible(m)}
    members_b = {m for m in members_b if m in idx and eligible(m)}
    counts = {name_a: len(members_a), name_b: len(members_b)}
    ranks = "people and organizations" if include_organizations else "people"
    answer = BridgesAnswer([name_a, name_b], as_of, [], counts, "exact", ranks=ranks,
                           records_used=_records_used(projection))
    # (who is a member of a party, and so counted, rests on the way up from them to it)
    answer.members_sensitivity = max((projection.upward_sensitivity(m) for m in members_a | members_b),
                                     key=SENSITIVITY_RANK.__getitem__, default="public")
    day = projection.day.isoformat()
    if not members_a or not members_b:
        empty = name_a if not members_a else name_b
        who = "members" if include_organizations else "people among its members"
        answer.message = f"{empty} has no {who} on {day}; nothing to bridge"
        return answer
    a = sorted(idx[m] for m in members_a)
    b = sorted(idx[m] for m in members_b)
    pairs = connected_pairs(lg, a, b)
    if pairs == 0:
        answer.message = f"no path links a member of {name_a} to a member of {name_b} on {day}"
        return answer

    # betweenness: the smaller side as sources; sampled past the budget unless exact
    src, dst = (a, b) if len(a) <= len(b) else (b, a)
    m = max(1, lg.graph.ecount())
    hop = weighted = None
    hop_se = np.zeros(len(projection.ids))
    sampled = False
    if sample or (exact is not True and len(src) * m > EXACT_BUDGET):
        k = sample or max(MIN_SAMPLE, EXACT_BUDGET // m)
        if k < len(src):
            picked = random.Random(seed).sample(src, k)
            progress.stage(f"betweenness from {k} sampled members")
            hop, weighted, hop_se = _estimate(lg, picked, dst, len(src), progress)
            sampled = True
            # (a sample of one batch gives no spread to tell an error from: said, not a share "± 0" an
            # adversarial reader read as sure)
            answer.method = (f"estimate from {k} of {len(src)} members of the smaller side, scaled up; "
                             + ("each betweenness share carries its standard error" if k >= 2 else
                                "too few sampled to tell a standard error")
                             + " (use --exact for exact values)")
    if hop is None or weighted is None:
        progress.stage(f"betweenness from {len(src)} members")
        hop, weighted = _exact(lg, src, dst, progress)
    progress.stage("brokerage and reach")

    group_of: dict[frozenset[str], int] = {}
    group = np.array([group_of.setdefault(projection.situation.parties(i), len(group_of)) for i in projection.ids])
    a_mask = np.zeros(len(projection.ids), dtype=bool)
    b_mask = np.zeros(len(projection.ids), dtype=bool)
    a_mask[a] = True
    b_mask[b] = True
    ls = local_structure(lg.graph, group, a_mask, b_mask)
    ab_open = ls.ab_roles.sum(axis=1) // 2
    insider = a_mask | b_mask
    ab_weighted = ab_open * np.where(insider, 0.5, 1.0)
    eligible_mask = np.array([eligible(i) for i in projection.ids], dtype=bool)
    max_open = float(ab_weighted[eligible_mask].max()) if eligible_mask.any() else 0.0
    max_open = max_open or 1.0

    share = hop / pairs
    share_w = weighted / pairs
    partial = (WEIGHTS["ab_betweenness"] * share + WEIGHTS["ab_betweenness_weighted"] * share_w
               + WEIGHTS["ab_brokerage"] * ab_weighted / max_open)
    order, reach = _rank(lg, partial, eligible_mask, a_mask, b_mask, len(a), len(b), top,
                         [projection.name(i) for i in projection.ids], estimated=sampled)
    score = np.zeros(len(projection.ids))
    balance = np.zeros(len(projection.ids))
    for v, r in reach.items():
        balance[v] = math.sqrt((r["two_hops_a"] / len(a)) * (r["two_hops_b"] / len(b)))
        score[v] = partial[v] + WEIGHTS["balance"] * balance[v]
    for v in order:
        aid = projection.ids[v]
        r = reach[v]
        metrics = {"ab_betweenness": round(float(share[v]), 4),
                   "ab_betweenness_weighted": round(float(share_w[v]), 4),
                   "ab_paths": round(float(hop[v]), 3), "ab_pairs": int(ab_open[v]),
                   "ab_brokerage": float(ab_weighted[v]),
                   "constraint": _round(ls.constraint[v]), "effective_size": _round(ls.effective_size[v]),
                   **r, "balance": round(float(balance[v]), 4),
                   "ab_roles": dict(zip(ROLES, (int(x) for x in ls.ab_roles[v]), strict=True))}
        se: float | None | bool = False
        if sampled:  # (every share of an estimate, a zero one too: it says how sure it is)
            se = round(float(hop_se[v] / pairs), 4) if len(picked) >= 2 else None
            metrics["ab_betweenness_se"] = se
        actor = projection.actors[aid]
        links = _bridge_links(projection, lg, v, a_mask, b_mask)
        answer.results.append(Bridge(
            id=aid, name=projection.label(aid), score=round(float(score[v]), 4), kind=actor.kind,
            party=sorted(projection.situation.parties(aid)), track=projection.situation.track(aid),
            metrics=metrics, brokerage=dict(zip(ROLES, (int(x) for x in ls.roles[v]), strict=True)),
            why=_why(projection, name_a, name_b, r, int(ab_open[v]), bool(insider[v]), float(share[v]), links, se),
            ties=links,
            # its party and track, and each contact's side, rest on the ways up (affiliations included)
            sensitivity=max([projection.upward_sensitivity(aid), *(t["sensitivity"] for t in links)],
                            key=SENSITIVITY_RANK.__getitem__)))
    for bridge in answer.results:  # (each line marked by itself: the row and its ranking do not rest on it)
        bridge.may_not_engage = _kept_from(projection, bridge.id, groups)
    if not answer.results:
        who = "actor" if include_organizations else "person"
        answer.message = f"no {who} stands between {name_a} and {name_b} on {day}"
    return answer


def _kept_from(projection: Projection, actor: str, groups: list[str]) -> list[dict[str, Any]]:
    """The restrictions that keep ``actor`` from the parties' bodies ``groups`` (as kg channels reads them), one
    line each, naming the body it is on (``via``: the first party body it keeps the actor from, when another),
    as sensitive as the restriction, the bodies, what makes the party body one of the party and the body it is
    on above it (ways up), and what makes it bind the actor (its way up)."""
    s = projection.situation
    out: dict[str, dict[str, Any]] = {}
    for g in groups:
        for r in s.binding_restrictions(g, actor):
            level = max([r.sensitivity, projection.actors[g].sensitivity, projection.upward_sensitivity(actor),
                         projection.upward_sensitivity(g),
                         *([projection.actors[r.group].sensitivity, projection.way_sensitivity(g, r.group)]
                           if g != r.group and r.group in projection.actors else [])],
                        key=SENSITIVITY_RANK.__getitem__)
            had = out.get(r.key())
            # (the least sensitive reading, and of equals the body itself rather than one under it)
            if had is None or (SENSITIVITY_RANK[level], g != r.group) < (SENSITIVITY_RANK[had["sensitivity"]],
                                                                         had["via"] is not None):
                out[r.key()] = {"group": r.group, "group_name": projection.name(r.group),
                                "via": g if g != r.group else None,
                                "via_name": projection.name(g) if g != r.group else None,
                                "jurisdiction": r.jurisdiction, "kind": r.kind,
                                "scope": r.scope, "start": r.start, "end": r.end, "source": r.source,
                                "sensitivity": level}
    return sorted(out.values(), key=lambda x: (x["group_name"], x["jurisdiction"], x["start"] or ""))


BRIDGES_EXACT_MARKS = 50_000  # links in the day's projection up to which the ranking is computed again


def ranking_sensitivity(projection: Projection, answer: BridgesAnswer, party_a: str, party_b: str,
                        without: Iterable[str] = (), **kw: Any) -> BridgesAnswer:
    """Mark what ``answer``'s ranking and scores rest on. Every link of the network counts in them, so
    they are asked again from the store without its confidential records, then without the restricted
    ones too (:func:`bridging_figures` with ``kw``): ``confidential`` when the ranking or a score as
    shown differs without the confidential ones, else ``restricted`` when it differs without the
    restricted ones too, else ``public``. On a network of more than :data:`BRIDGES_EXACT_MARKS` links
    (a ranking takes seconds there) it is marked as the most sensitive record in it: the safe side.
    ``without``: the actors ``projection`` was made without (kg whatif), left out again."""
    levels = [int(projection.link_sensitivity.max()) if projection.link_count else 0,
              *(SENSITIVITY_RANK[a.sensitivity] for a in projection.actors.values())]
    top = max(levels, default=0)
    if top == 0 or not answer.results:
        return answer
    names = SENSITIVITIES
    if projection.store is None or projection.link_count > BRIDGES_EXACT_MARKS:
        answer.ranking_sensitivity = names[top]
        answer.ranking_why = f"computed with {names[top]} records (not asked again on a network this large)"
        return answer
    from kg.graph import project

    shown = [(b.id, round(b.score, 3)) for b in answer.results]
    for level in range(top - 1, -1, -1):
        fewer = project(projection.store, projection.day, max_sensitivity=level, half_life=projection.half_life,
                        without=list(without))
        fewer.as_of_given = projection.as_of_given
        try:
            again = [(b.id, round(b.score, 3)) for b in bridging_figures(fewer, party_a, party_b, check_sides=False,
                                                                         **kw).results]
        except KGError:  # (a party with no member left)
            again = []
        if again != shown:
            answer.ranking_sensitivity = names[level + 1]
            answer.ranking_why = f"the ranking or a score differs without {names[level + 1]} records"
            return answer
    return answer


def _records_used(projection: Projection) -> str:
    return {2: "every record (confidential included)", 1: "public and restricted records (no confidential)",
            0: "public records only"}[projection.max_sensitivity]


def _round(x: float) -> float | None:
    return None if math.isnan(x) else round(float(x), 4)


def _without(projection: Projection, lg: LinkGraph, gone: set[str]) -> LinkGraph:
    """The same graph with the links of the actors in ``gone`` removed (vertices kept)."""
    drop = np.zeros(lg.n, dtype=bool)
    drop[[projection.index[g] for g in gone]] = True
    lo, hi = lg.ends
    keep = np.flatnonzero(~drop[lo] & ~drop[hi])
    return LinkGraph(lg.mode, (lo[keep], hi[keep]), lg.n, lg.best[keep], lg.reliability[keep])


def _estimate(lg: LinkGraph, picked: list[int], targets: list[int], population: int,
              progress: Progress = SILENT) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Betweenness by hops and by distance scaled up from sampled sources, and the standard error of
    the hop values (batch means)."""
    batches = [picked[i::SAMPLE_BATCHES] for i in range(SAMPLE_BATCHES) if picked[i::SAMPLE_BATCHES]]
    w = lg.distances()
    results = map_parts(lambda bt: (ab_betweenness(lg, bt, targets, False, population / len(bt)),
                                    ab_betweenness(lg, bt, targets, True, population / len(bt), w)),
                        batches, progress)
    weights = np.array([len(bt) for bt in batches], dtype=float) / len(picked)
    hop_parts = np.array([r[0] for r in results])
    hop = (hop_parts * weights[:, None]).sum(axis=0)
    weighted = (np.array([r[1] for r in results]) * weights[:, None]).sum(axis=0)
    se = hop_parts.std(axis=0, ddof=1) / math.sqrt(len(batches)) if len(batches) > 1 \
        else np.zeros(hop_parts.shape[1])
    return hop, weighted, se


def _exact(lg: LinkGraph, sources: list[int], targets: list[int],
           progress: Progress = SILENT) -> tuple[np.ndarray, np.ndarray]:
    """Exact betweenness by hops and by distance.

    A source with a single link (a leaf) reaches everything through its neighbour: its shortest
    paths are the neighbour's, one hop longer, so its share of every other actor is the
    neighbour's, and the neighbour itself carries all of its pairs. Leaves are therefore counted
    through one search from each neighbour, times the number of leaves it has (a star of 50,000
    leaves costs one search, not 25,000); see :func:`_fold_leaves`.

    Past :data:`PARALLEL_MIN` the searches are split into fixed parts, run on every core and summed
    in order (the same sum on any machine)."""
    kept, by_count, correction = _fold_leaves(lg, sources, targets)
    parts: list[tuple[list[int], float]] = [(p, 1.0) for p in split(kept, EXACT_PARTS)] if kept else []
    parts += [(p, float(k)) for k, hubs in sorted(by_count.items()) for p in split(hubs, EXACT_PARTS)]
    w = lg.distances()

    def run(part: tuple[list[int], float]) -> tuple[np.ndarray, np.ndarray]:
        srcs, times = part
        return ab_betweenness(lg, srcs, targets, False, times), ab_betweenness(lg, srcs, targets, True, times, w)

    m = max(1, lg.graph.ecount())
    searches = len(kept) + sum(len(h) for h in by_count.values())
    results = map_parts(run, parts, progress) if searches * m >= PARALLEL_MIN else [run(p) for p in parts]
    hop = correction.copy()
    weighted = correction.copy()
    for h, wt in results:
        hop += h
        weighted += wt
    return hop, weighted


def _fold_leaves(lg: LinkGraph, sources: list[int], targets: list[int]
                 ) -> tuple[list[int], dict[int, list[int]], np.ndarray]:
    """The sources that need a search of their own; the neighbours of the leaf sources, grouped by
    how many leaf sources each has; and what the leaves add at their neighbours (each pair of a
    leaf s with a reachable target t other than s and its neighbour runs through the neighbour)."""
    g = lg.graph
    n = g.vcount()
    correction = np.zeros(n)
    degree = np.asarray(g.degree(sources)) if sources else np.zeros(0, dtype=int)
    leaves_of: dict[int, list[int]] = {}
    for s, d in zip(sources, degree.tolist(), strict=True):
        if d == 1:
            leaves_of.setdefault(g.neighbors(s)[0], []).append(s)
    # a neighbour with one leaf source saves nothing: that leaf keeps its own search
    folded = {h: ls for h, ls in leaves_of.items() if len(ls) > 1}
    if not folded:
        return list(sources), {}, correction
    gone = {s for ls in folded.values() for s in ls}
    kept = [s for s in sources if s not in gone]
    comp = np.asarray(g.connected_components().membership)
    unique_targets = np.unique(np.asarray(targets, dtype=np.int64))
    is_target = np.zeros(n, dtype=bool)
    is_target[unique_targets] = True
    in_comp = np.bincount(comp[unique_targets], minlength=int(comp.max()) + 1)
    by_count: dict[int, list[int]] = {}
    for h, ls in sorted(folded.items()):
        for s in ls:
            correction[h] += in_comp[comp[h]] - int(is_target[h]) - int(is_target[s])
        by_count.setdefault(len(ls), []).append(h)
    return kept, by_count, correction


def _reach_of(g: Any, v: int, a_mask: np.ndarray, b_mask: np.ndarray) -> dict[str, int]:
    """Members of A and B that ``v`` touches directly and within two hops (itself not counted)."""
    direct = set(g.neighbors(v))
    two = set(direct)
    for w in direct:
        two.update(g.neighbors(w))
    direct.discard(v)
    two.discard(v)
    return {"direct_a": sum(1 for x in direct if a_mask[x]), "direct_b": sum(1 for x in direct if b_mask[x]),
            "two_hops_a": sum(1 for x in two if a_mask[x]), "two_hops_b": sum(1 for x in two if b_mask[x])}


def _rank(lg: LinkGraph, partial: np.ndarray, eligible: np.ndarray, a_mask: np.ndarray, b_mask: np.ndarray,
          size_a: int, size_b: int, top: int, names: list[str],
          estimated: bool = False) -> tuple[list[int], dict[int, dict[str, int]]]:
    """The ``top`` vertices by score = partial + 0.15 x balance, best first (ties by name), exactly,
    computing two-hop reach only where it can matter.

    Reach within two hops is bounded above by the direct members plus the members two steps away
    counted with repeats (a sum over the edges, for every vertex at once); vertices are taken in the
    order of that bound, and the search stops once no vertex left could enter the top.
    """
    g = lg.graph
    edges = np.array(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    n = g.vcount()
    src = np.concatenate([edges[:, 0], edges[:, 1]])
    dst = np.concatenate([edges[:, 1], edges[:, 0]])
    bounds = []
    for mask, size in ((a_mask, size_a), (b_mask, size_b)):
        direct = np.bincount(src, weights=mask[dst].astype(float), minlength=n)
        walks = np.bincount(src, weights=direct[dst], minlength=n)
        bounds.append(np.minimum(direct + walks, size) / size)
    upper = partial + WEIGHTS["balance"] * np.sqrt(bounds[0] * bounds[1])
    # one on no A-B shortest path who joins no A-B pair bridges nothing, whatever it reaches in two hops (through
    # the one who does: ten people beside a president ranked at 0.150 "on 0% of shortest paths", a reader)
    # (of an estimate, a share of 0 may be the sample's: such a one is still ranked by its reach, its share and
    # standard error said)
    upper[~eligible | ((partial <= 0) & (not estimated))] = -1.0
    reach: dict[int, dict[str, int]] = {}
    scored: list[tuple[float, str, int]] = []
    # candidates in the order they would rank if they reached their bound (ties by name, as ranked)
    for v in sorted(np.flatnonzero(upper > 0).tolist(), key=lambda v: (-round(float(upper[v]), 4), names[v])):
        if len(scored) >= top:
            kth = sorted(scored)[top - 1]  # (negated rounded score, name, vertex), as ranked
            if (-round(float(upper[v]), 4), names[v]) > kth[:2]:
                break  # even at its bound it would rank below the top
        r = _reach_of(g, v, a_mask, b_mask)
        reach[v] = r
        score = partial[v] + WEIGHTS["balance"] * math.sqrt((r["two_hops_a"] / size_a) * (r["two_hops_b"] / size_b))
        if score > 0:
            scored.append((-round(float(score), 4), names[v], v))
    order = [v for _, _, v in sorted(scored)[:top]]
    return order, reach


def _bridge_links(projection: Projection, lg: LinkGraph, v: int, a_mask: np.ndarray,
                  b_mask: np.ndarray) -> list[dict[str, Any]]:
    """The actor's links to members of A and B, strongest first, with their evidence: the 20 strongest,
    and the strongest to a side they do not reach."""
    found = []
    for e in lg.graph.incident(v):
        x = lg.graph.es[e].target if lg.graph.es[e].source == v else lg.graph.es[e].source
        if a_mask[x] or b_mask[x]:
            found.append((float(lg.reliability[e]), x, int(lg.best[e])))
    found.sort(key=lambda t: (-t[0], projection.ids[t[1]]))
    shown = found[:20]
    # and the strongest on a side the 20 leave out: twenty links to A hid the one contact in B of the
    # person who is B's only way in (found by an adversarial reader)
    for on_side in (lambda x: a_mask[x], lambda x: b_mask[x] and not a_mask[x]):
        if not any(on_side(x) for _, x, _ in shown):
            shown += [t for t in found if on_side(t[1])][:1]
    found = sorted(shown, key=lambda t: (-t[0], projection.ids[t[1]]))
    projection.prefetch(i for _, _, i in found)
    out = []
    for rel, x, i in found:
        ev = projection.evidence(i)
        other = projection.ids[x]
        out.append({"to": other, "name": projection.name(other),
                    "side": "A" if a_mask[x] else "B", "via": ev["relationship"], "kind": ev["kind"],
                    "reliability": round(rel, 3), "source": ev["source"],
                    # "X of B": as sensitive as the link and what makes X one of B
                    "sensitivity": most_sensitive(ev["sensitivity"], projection.upward_sensitivity(other)),
                    "start": ev["start"], "end": ev["end"], "says": says(projection, ev)})
    return out


def _why(projection: Projection, name_a: str, name_b: str, reach: dict[str, int], pairs: int, member: bool,
         share: float, links: list[dict[str, Any]], se: float | None | bool = False) -> str:
    """Why a bridge, in words; ``se``: the standard error of an estimated share (None: too few sampled to
    tell; False: exact)."""
    """Why this actor bridges, in a mediator's words: who it connects, how strongly, how recently."""
    side_a = [t for t in links if t["side"] == "A"]
    side_b = [t for t in links if t["side"] == "B"]
    parts = []

    def best(side: list[dict[str, Any]], party: str) -> str:
        t = side[0]
        when = f", {t['start']}" if t.get("start") else ""
        # (a party's own body, "Government of Colombia", is not "of Colombia" again)
        of = "" if t["name"].endswith(f" of {party}") or t["name"] == party else f" of {party}"
        return f"{t['name']}{of} ({t['via']}: {t['kind']}, reliability {figure(t['reliability'])}{when})"

    if side_a and side_b:
        parts.append(f"in touch with {best(side_a, name_a)} and {best(side_b, name_b)}")
    elif side_a or side_b:
        side, party = (side_a, name_a) if side_a else (side_b, name_b)
        parts.append(f"in touch with {best(side, party)}")
    parts.append(f"knows {reach['direct_a']} of {name_a} and {reach['direct_b']} of {name_b} directly")
    if pairs:
        role = "as an insider" if member else "as an outsider to both (liaison)"
        parts.append(f"joins {pairs} {name_a}-{name_b} pair{'s' if pairs != 1 else ''} with no direct link, {role}")
    error = "" if se is False else (" (estimated; too few sampled to tell how well)" if se is None
                                    else f" (estimated, \u00b1{float(se):.0%})")
    parts.append(f"on {share:.0%} of {name_a}-{name_b} shortest paths{error}")
    return "; ".join(parts)
