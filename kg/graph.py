"""The projection every query runs on: one store, one day, a compact graph in igraph.

:func:`project` reads the typed columns of the records valid on a day (never
whole records) and builds:

- the actors as integer vertices (``ids[i]`` is vertex ``i``'s actor id);
- every **link** that the day's records make, as parallel arrays (endpoints in
  their direction, relationship, strength, confidence, sensitivity, and a
  reference that finds the record again for the evidence of what an answer shows);
- on demand, a simple undirected :class:`igraph.Graph` per kind of question, one
  edge per linked pair carrying its most reliable link (:meth:`Projection.link_graph`).

How links carry a message (data-model.md v2):

- **People carry messages.** Links between two people carry a path; links that
  touch an organization (an affiliation, an organization's tie, influence or event)
  only reach it, as the group at a channel's end. Two members of an organization are
  linked *through* it by a **co-membership** link naming the organization and both roles.
- **Co-membership weakens with size**::

      strength = sqrt(s_p * s_q) * min(1, SMALL_BODY / n)

  where ``s`` is each person's affiliation strength (0.8 for an official role, 0.6
  otherwise, or the data's own ``strength`` column) and ``n`` the organization's direct
  members on the day: full strength in a body of up to five, a tenth of it at fifty.
  Past :data:`MAX_COMEMBERS` members an organization makes no co-membership links:
  belonging to a body that large says nothing about who knows whom (their own ties
  still count).
- **Meetings age**: two participants of an event are linked with strength 0.4 (0.5
  when one of them facilitated or hosted it) times ``0.5 ** (years since the event
  ended / half-life)`` (default half-life two years; ``half_life=None`` for no ageing),
  and nothing after :data:`AGED_TO_NOTHING` half-lives (20 years at the default).
  An event with more than :data:`MAX_EVENT_SIZE` participants links no pairs.
- Ties and affiliations do not age (their dates say when they hold); a tie has its
  ``strength``, an influence its ``weight``; an affiliation 0.8 (official) or 0.6.

A link's **reliability** is strength x confidence; a path's, the product over its hops.

Sensitivity: ``max_sensitivity`` 2 uses every record (the analyst's own terminal),
1 leaves out ``confidential`` ones (maps, ``--exclude-confidential``), 0 keeps only
``public`` ones (``--public-only``); an actor left out takes its links with it. A link is
marked as sensitive as the most sensitive record it rests on: its own record(s), the two
actors it names, and the event or organization that makes a shared-event or co-membership
link. The sizes that decide co-membership and shared-event links count the members and
participants the answer may use: an answer without confidential records is the answer the
store would give if they had never been entered (counting them would reveal that they exist).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import heapq
import json
import operator
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from kg import time as kgtime
from kg.errors import KGError
from kg.model import Actor, Affiliation, Event, Participation, Record, Restriction, id_look, trusted_maker
from kg.rules import Situation
from kg.store.base import GraphStore, record_values, values_by_ref
from kg.text import rounded

if TYPE_CHECKING:  # networkx is imported only by the views that need it (maps, exports, tests)
    import igraph as ig  # and igraph when a graph is built (a profile builds none: 0.06 s of start-up)
    import networkx as nx

AFFILIATION_STRENGTH = 0.6
OFFICIAL_STRENGTH = 0.8
EVENT_STRENGTH = 0.4
FACILITATED_STRENGTH = 0.5
SMALL_BODY = 5
MAX_COMEMBERS = 50
MAX_EVENT_SIZE = 100
HALF_LIFE_YEARS = 2.0
# a meeting more than this many half-lives ago (20 years at the default) is aged to nothing: it weighs less
# than a thousandth of what it did (0.5 ** 10), and carries no message (its weight had never reached 0, so a
# meeting of 30 years before made a channel and a bridge: a new user)
AGED_TO_NOTHING = 10


def aged_to_nothing(years: float, half_life: float | None) -> bool:
    """Whether a meeting that ended ``years`` before the day weighs nothing (:data:`AGED_TO_NOTHING`)."""
    if not half_life:  # (no ageing)
        return False
    return years > AGED_TO_NOTHING * half_life
SENSITIVITIES = ("public", "restricted", "confidential")
RELATIONSHIPS = ("tie", "affiliation", "influence", "event", "co-membership")
TIE, AFFILIATION, INFLUENCE, EVENT, COMEMBER = range(5)
DIRECTED = {AFFILIATION, INFLUENCE}
# distances are counted in whole units of this, so that equally reliable paths have exactly
# equal lengths in every engine (floating-point sums of -log r would differ in the last bits):
# reliabilities within a millionth of each other are equal. The unit is also coarse enough
# that igraph's relative tolerance on path lengths (1e-10) never merges two different lengths.
DISTANCE_QUANTUM = 1e-6


def most_sensitive(*marks: str) -> str:
    """The most sensitive of ``marks`` ("public", "restricted", "confidential"): what a fact resting
    on several records is marked.

    >>> most_sensitive("public", "confidential", "restricted")
    'confidential'
    """
    return max(marks, key=SENSITIVITIES.index, default="public")


def ways_sensitivity(actors: Mapping[str, Actor], ways: Iterable[Affiliation], *named: str) -> str:
    """What facts resting on affiliations ``ways`` rest on: the affiliations, the bodies they lead to
    and the actors ``named``, as the most sensitive (an actor not in ``actors`` is not counted)."""
    ways = list(ways)
    return most_sensitive(*(actors[a].sensitivity for a in {*named, *(w.organization for w in ways)} if a in actors),
                          *(w.sensitivity for w in ways))


def distance(reliability: float) -> float:
    """The length of a link of this reliability: ``-log r`` in whole units of :data:`DISTANCE_QUANTUM`
    (an integer-valued float, so sums are exact), plus one unit so that a perfect link still counts.

    >>> distance(1.0), distance(0.5) == distance(0.5 + 1e-13)
    (1.0, True)
    """
    return float(distances(np.array([reliability]))[0])


def distances(reliability: np.ndarray) -> np.ndarray:
    """:func:`distance` of many reliabilities at once."""
    # (no floor but the least positive float: a meeting aged to 3e-19 is not as reliable as one aged to
    # 4e-13; a link of reliability 0 carries nothing and is never measured)
    r = np.maximum(np.asarray(reliability, dtype=float), np.finfo(float).tiny)
    return np.round(-np.log(r) / DISTANCE_QUANTUM) + 1.0


class HopBounded:
    """Shortest paths of at most a given number of arcs over the arcs ``tails[i] -> heads[i]`` of
    length ``lengths[i]`` (positive but on arcs into the target; an infinite length is no arc), the
    arcs sorted once for every search: Bellman-Ford by number of arcs, each layer looking only at the
    arcs out of the vertices its last layer bettered (the shortest path of any length may have more
    arcs than allowed while a longer one fits). Of equal ones, each vertex's is reached from the
    lowest-numbered vertex.

    >>> t, h, w = np.array([0, 1, 2, 0]), np.array([1, 2, 3, 3]), np.array([1.0, 1.0, 1.0, 9.0])
    >>> HopBounded(4, t, h, w).shortest(0, 3, 3), HopBounded(4, t, h, w).shortest(0, 3, 2)
    ((3.0, [0, 1, 2, 3]), (9.0, [0, 3]))
    """

    def __init__(self, n: int, tails: np.ndarray, heads: np.ndarray, lengths: np.ndarray) -> None:
        self.n = n
        self.order = np.lexsort((tails, heads))  # by head, then tail
        self.tails, self.heads = np.asarray(tails)[self.order], np.asarray(heads)[self.order]
        self.lengths = np.asarray(lengths, dtype=float)[self.order]
        # each vertex's arcs out, as positions in that order: a layer reads only the arcs out of the
        # vertices the last one bettered
        self.out = np.argsort(self.tails, kind="stable")
        self.out_start = np.searchsorted(self.tails[self.out], np.arange(n + 1))

    def _arcs_out(self, vertices: np.ndarray) -> np.ndarray:
        """The positions of the arcs out of ``vertices``, in increasing order (grouped by head)."""
        first, last = self.out_start[vertices], self.out_start[vertices + 1]
        counts = last - first
        total = int(counts.sum())
        if not total:
            return np.zeros(0, dtype=np.int64)
        if total > len(self.tails) // 16:  # a large part of the arcs: a pass over all of them, already in order
            among = np.zeros(self.n, dtype=bool)
            among[vertices] = True
            return np.flatnonzero(among[self.tails])
        shift = np.repeat(first - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
        return np.sort(self.out[shift + np.arange(total)])

    def shortest(self, source: int, target: int, max_arcs: int, banned: np.ndarray | None = None,
                 forbidden: Iterable[int] = (), lengths: np.ndarray | None = None
                 ) -> tuple[float, list[int]] | None:
        """The shortest path from ``source`` to ``target`` of at most ``max_arcs`` arcs avoiding the
        vertices ``banned`` and the arcs out of ``source`` into the vertices ``forbidden`` (``lengths``
        in the order given first, in place of the lengths given then): its length and vertices, or None."""
        heads, n = self.heads, self.n
        cost = self.lengths if lengths is None else np.asarray(lengths, dtype=float)[self.order]
        shut = np.zeros(n, dtype=bool) if banned is None else banned.copy()  # (no arc may enter them)
        shut[source] = True
        out_of_source = set(forbidden)
        d = np.full(n, np.inf)
        d[source] = 0.0
        frontier = np.array([source], dtype=np.int64)
        preds: list[tuple[np.ndarray, np.ndarray]] = []  # per layer: the vertices bettered, and by which arc
        for layer in range(max_arcs):
            sel = self._arcs_out(frontier)
            sel = sel[np.isfinite(cost[sel]) & ~shut[heads[sel]]]
            if layer == 0 and out_of_source:
                sel = sel[~np.isin(heads[sel], list(out_of_source))]
            if not len(sel):
                break
            offer = d[self.tails[sel]] + cost[sel]
            h = heads[sel]
            starts = np.flatnonzero(np.concatenate(([True], h[1:] != h[:-1])))
            best = np.minimum.reduceat(offer, starts)
            to = h[starts]
            better = best < d[to]
            if not better.any():
                break
            group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(h))))
            hit = np.flatnonzero((offer == best[group]) & better[group])
            _, first = np.unique(group[hit], return_index=True)  # the first of each group: the lowest tail
            frontier = to[better]
            preds.append((frontier, sel[hit[first]]))
            d[frontier] = best[better]
        if not np.isfinite(d[target]):
            return None
        path, v, layer = [target], target, len(preds) - 1
        while v != source:
            while True:  # the last layer that bettered v (a layer that did not: v was reached in fewer arcs)
                bettered, by = preds[layer]
                at = int(np.searchsorted(bettered, v))
                if at < len(bettered) and bettered[at] == v:
                    break
                layer -= 1
            v = int(self.tails[by[at]])
            path.append(v)
            layer -= 1
        return float(d[target]), path[::-1]

    def k_shortest(self, source: int, target: int, k: int, max_arcs: int) -> list[list[int]]:
        """Yen's ``k`` shortest simple paths of at most ``max_arcs`` arcs, shortest first, each spur found
        by :meth:`shortest` within the arcs left to it (of equal paths, the first is the one :meth:`shortest`
        gives, the next ones by their vertices)."""
        first = self.shortest(source, target, max_arcs)
        if first is None:
            return []
        found: list[tuple[float, list[int]]] = [first]
        candidates: list[tuple[float, list[int]]] = []
        seen = {tuple(first[1])}
        known: dict[tuple[int, int], float] = {}

        def arc_length(u: int, v: int) -> float:  # (of the few arcs on the paths found: looked up once each)
            if (u, v) not in known:
                known[(u, v)] = float(self.lengths[(self.tails == u) & (self.heads == v)].min())
            return known[(u, v)]

        while len(found) < k:
            last = found[-1][1]
            for i in range(len(last) - 1):
                root = last[:i + 1]
                banned = np.zeros(self.n, dtype=bool)
                banned[root[:-1]] = True
                taken = [p[i + 1] for _, p in found if p[:i + 1] == root and len(p) > i + 1]
                spur = self.shortest(root[-1], target, max_arcs - i, banned, taken)
                if spur is None:
                    continue
                path = root[:-1] + spur[1]
                if tuple(path) not in seen:
                    seen.add(tuple(path))
                    candidates.append((sum(arc_length(u, v) for u, v in zip(root, root[1:], strict=False))
                                       + spur[0], path))
            if not candidates:
                break
            candidates.sort()
            found.append(candidates.pop(0))
        return [p for _, p in found]


def bounded_k_shortest_paths(n: int, tails: np.ndarray, heads: np.ndarray, lengths: np.ndarray, source: int,
                             target: int, k: int, max_arcs: int) -> list[list[int]]:
    """:meth:`HopBounded.k_shortest` among the arcs between vertices that lie within ``max_arcs`` arcs of
    both ends (the others cannot be on such a path).

    >>> t, h = np.array([0, 0, 1, 2, 1]), np.array([1, 2, 3, 3, 2])
    >>> bounded_k_shortest_paths(4, t, h, np.array([1.0, 5.0, 1.0, 1.0, 1.0]), 0, 3, 3, 2)
    [[0, 1, 3], [0, 2, 3]]
    """
    import igraph as ig

    lengths = np.asarray(lengths, dtype=float)
    live = np.isfinite(lengths)
    g = ig.Graph(n=n, edges=list(zip(tails[live].tolist(), heads[live].tolist(), strict=True)), directed=True)
    with unreachable_is_quiet():
        near_s = np.asarray(g.distances(source, mode="out")[0], dtype=float)
        near_t = np.asarray(g.distances(target, mode="in")[0], dtype=float)
    useful = (near_s + near_t) <= max_arcs
    keep = live & useful[tails] & useful[heads]
    return HopBounded(n, tails[keep], heads[keep], lengths[keep]).k_shortest(source, target, k, max_arcs)


def igraph_from_arcs(n: int, tails: np.ndarray, heads: np.ndarray, directed: bool = False) -> ig.Graph:
    """A python-igraph graph of ``n`` vertices and the edges ``tails[i] -> heads[i]``, in order.

    python-igraph reads an edge list fastest from an iterator of pairs: a third faster than from a
    list of them, and without the list (2.3 million arcs: 0.67 s against 0.99 s).

    >>> igraph_from_arcs(3, np.array([0, 2]), np.array([1, 1]), directed=True).get_edgelist()
    [(0, 1), (2, 1)]
    """
    import igraph as ig

    return ig.Graph(n=n, edges=zip(np.asarray(tails).tolist(), np.asarray(heads).tolist(), strict=True),
                    directed=directed)


@contextlib.contextmanager
def unreachable_is_quiet() -> Iterator[None]:
    """igraph's path searches warn (a RuntimeWarning, printed on the terminal) when some vertices
    cannot be reached: for a question that is part of the answer (no path, no channel), said in
    words, not a warning to show the user."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Couldn't reach some vertices", category=RuntimeWarning)
        yield


def _best_per_pair(pair: np.ndarray, rel: np.ndarray,
                   settle: Callable[[list[list[int]]], list[int]] | None = None) -> np.ndarray:
    """For each distinct ``pair`` key, in increasing order, the position of its most reliable entry;
    among equals the one ``settle`` picks (given every group of equals' positions at once, it gives
    one position of each), else the first. One sort by key (most pairs have one link); the ties are
    then settled within each run, without sorting again.

    >>> _best_per_pair(np.array([5, 3, 5, 5, 3]), np.array([0.2, 0.5, 0.9, 0.9, 0.1])).tolist()
    [1, 2]
    >>> _best_per_pair(np.array([5, 3, 5, 5, 3]), np.array([0.2, 0.5, 0.9, 0.9, 0.1]),
    ...                lambda groups: [max(g) for g in groups]).tolist()
    [1, 3]
    >>> _best_per_pair(np.array([3, 3, 4]), np.array([np.nan, 0.5, np.nan])).tolist()
    [1, 2]
    """
    order = np.argsort(pair, kind="stable")  # within a pair: in the order recorded
    key, r = pair[order], rel[order]
    r = np.where(np.isnan(r), -np.inf, r)  # as the sort it replaces: an unknown reliability is the worst
    start = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1]))) if len(key) else np.zeros(0, np.int64)
    if len(start) == len(key):
        return order
    run = np.repeat(np.arange(len(start)), np.diff(np.append(start, len(key))))
    at = np.flatnonzero(np.maximum.reduceat(r, start)[run] == r)  # the most reliable entries of each run
    first = np.concatenate(([True], run[at][1:] != run[at][:-1]))
    best = order[at[first]]
    if settle is None or first.all():
        return best
    # the pairs whose best is tied (few: two equally reliable links between the same two actors), wherever
    # the tied links stand among the pair's others
    groups: dict[int, list[int]] = defaultdict(list)
    tied = np.flatnonzero(np.bincount(run[at], minlength=len(start)) > 1)
    for j in at[np.isin(run[at], tied)].tolist():
        groups[int(run[j])].append(int(order[j]))
    best[list(groups)] = settle([sorted(g) for g in groups.values()])
    return best


def _role_order(m: tuple[str, float, str, Any, int, float]) -> tuple[float, int, str]:
    """Which of a person's roles in one body counts: (member, strength, role, ref, sensitivity,
    confidence) -> the most reliable, then the less sensitive, then by role."""
    return -m[1] * m[5], m[4], m[2]


def _part_order(role: str, sensitivity: int) -> tuple[int, int, str]:
    """Which of an actor's participations in one event counts: a facilitator's or host's, then the less
    sensitive, then by role."""
    return (0 if role in ("facilitator", "host") else 1), sensitivity, role


class LinkGraph:
    """A simple undirected graph over all actors: one edge per linked pair, its best link.

    Edges are numbered in the order of their pairs (lower vertex, then higher). The python-igraph
    graph (``graph``) is built when first used: the channel search works from the arrays alone.
    """

    def __init__(self, mode: str, ends: tuple[np.ndarray, np.ndarray], n: int, best: np.ndarray,
                 reliability: np.ndarray) -> None:
        self.mode = mode
        self.ends = ends  # each edge's lower and higher vertex
        self.n = n
        self.best = best  # edge -> link index
        self.reliability = reliability  # edge -> reliability of its best link
        self.links: dict[int, list[int]] = {}  # edge -> every link index, filled on demand
        self._graph: ig.Graph | None = None
        self._keys: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def graph(self) -> ig.Graph:
        if self._graph is None:
            lo, hi = self.ends
            self._graph = igraph_from_arcs(self.n, lo, hi)
        return self._graph

    def edge(self, u: int, v: int) -> int:
        """The edge between vertices ``u`` and ``v`` (ValueError if they are not linked)."""
        if self._keys is None:
            lo, hi = self.ends
            keys = lo * max(1, self.n) + hi
            order = np.argsort(keys, kind="stable")
            self._keys = (keys[order], order)
        keys, order = self._keys
        key = min(u, v) * max(1, self.n) + max(u, v)
        at = int(np.searchsorted(keys, key))
        if at == len(keys) or keys[at] != key:
            raise ValueError(f"no link between vertices {u} and {v}")
        return int(order[at])

    def distances(self) -> list[float]:
        return distances(self.reliability).tolist()


_Carried = tuple[str, float, int]  # (the body or member at the other end, reliability, link)


@dataclass
class Projection:
    """The actors and links valid on ``day``, with the derived facts of that day."""

    day: date
    as_of_given: bool
    store: GraphStore | None
    max_sensitivity: int
    half_life: float | None
    situation: Situation
    actors: dict[str, Actor]
    events: dict[str, Event]
    ids: list[str]
    index: dict[str, int]
    person: np.ndarray  # vertex -> is a person
    # links, as parallel arrays (numpy) and one tuple of details each
    link_u: np.ndarray
    link_v: np.ndarray
    link_rel: np.ndarray
    link_strength: np.ndarray
    link_confidence: np.ndarray
    link_sensitivity: np.ndarray
    link_hostile: np.ndarray
    link_info: LinkInfo  # per link: (kind, ref, extra dict or None)
    participants: dict[str, list[tuple[str, str, Any]]] = field(default_factory=dict)  # event -> (actor, role, ref)
    _graphs: dict[str, LinkGraph] = field(default_factory=dict, repr=False)
    _nx: nx.MultiGraph | None = field(default=None, repr=False)
    _records: dict[tuple[str, Any], Record] = field(default_factory=dict, repr=False)  # whole, when read
    _facts: dict[tuple[str, Any], _Facts] = field(default_factory=dict, repr=False)  # what evidence shows
    _prefetched: set[int] = field(default_factory=set, repr=False)  # links whose facts were read (or looked for)
    _pair_table: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)  # (pair keys, levels)
    _name_levels: dict[str, list[int]] | None = field(default=None, repr=False)  # name -> actors at each level
    _hostile_pairs: dict[frozenset[int], list[int]] | None = field(default=None, repr=False)  # pair -> its hostile ties
    # (member, body) -> (reliability, link) of the most reliable affiliation between them above 0
    _carrying: dict[tuple[str, str], tuple[float, int]] | None = field(default=None, repr=False)
    _carrying_up: dict[str, list[_Carried]] | None = field(default=None, repr=False)
    _carrying_down: dict[str, list[_Carried]] | None = field(default=None, repr=False)
    # (body, bodies avoided) -> member -> the most reliable way down to it (ways_down)
    _ways_down: dict[tuple[str, frozenset[str]], dict[str, tuple[float, list[int]]]] = field(
        default_factory=dict, repr=False)
    full_actors: dict[str, Actor] = field(default_factory=dict, repr=False)  # whole records, when read
    event_refs: dict[str, Any] = field(default_factory=dict, repr=False)
    # actors gone before the day (an end: a death, a dissolution), with that end as given: left out with every
    # link through them, as if the store did not hold them, and said so when one is asked about
    ended: dict[str, str] = field(default_factory=dict, repr=False)
    _ends: dict[str, str | None] = field(default_factory=dict, repr=False)  # actor -> its end, whenever (ends_of)

    def ends_of(self, ids: Iterable[str]) -> dict[str, str]:
        """The ends (a death, a dissolution) of those of ``ids`` that have one, whenever it falls (after the day
        too), read once each: what closes a record left open ("to now") of an actor who ended later."""
        ids = list(ids)
        wanted = [i for i in dict.fromkeys(ids) if i not in self._ends]
        if wanted:
            found = (self.store.ended_actors(date.max, self.max_sensitivity, wanted)
                     if self.store is not None else {})
            self._ends.update((i, found.get(i, self.ended.get(i))) for i in wanted)
        return {i: end for i in ids if (end := self._ends.get(i))}

    def closed_by(self, start: str | None, end: str | None, actors: Iterable[tuple[str, str]]
                  ) -> dict[str, str] | None:
        """What ends a record of these ``(id, name)`` actors before its own end (or where it gives none): the
        earliest end of theirs before it, as ``{"end", "id", "name"}``; None if none does, or if the record
        begins after that end (it never held: "1999 to 1997" read as a date typed wrong, a second reader). A
        tie of a man who died in 1998 read "1989 to now" in 1992 (a reader)."""
        actors = list(actors)
        if all(self._ends.get(a, "") is None for a, _name in actors):  # (read, and none: the usual case, at once)
            return None
        ends = self.ends_of(a for a, _name in actors)
        found = kgtime.closing_end(start, end, (((a, name), ends[a]) for a, name in actors if a in ends))
        return {"end": found[1], "id": found[0][0], "name": found[0][1]} if found is not None else None

    @property
    def all_affiliations(self) -> list[Affiliation]:
        """Every affiliation of the store on any day, within the projection's sensitivity (for maps)."""
        if self.store is None:
            return []
        return [a for a in self.store.records("affiliation")  # type: ignore[misc]
                if SENSITIVITIES.index(a.sensitivity) <= self.max_sensitivity]

    @property
    def participations(self) -> list[Participation]:
        """Who took part in which event, as it holds on the day (for maps)."""
        return [Participation(actor=a, event=e, role=role) for e, parts in sorted(self.participants.items())
                for a, role, _ref in parts]

    # --- names and vertices -----------------------------------------------------------

    def name(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        return actor.name if actor else actor_id

    def label(self, actor_id: str) -> str:
        """The actor's name, and its id when another actor of the projection of the same name is no more
        sensitive than it (two Sam Lees in one path read as one person; a public one is not told apart
        from a confidential namesake, which would tell of it). For answers' lists of names; maps name
        actors otherwise (their names are what redaction hides, their ids never shown)."""
        actor = self.actors.get(actor_id)
        if actor is None:
            return actor_id
        if self._name_levels is None:  # name -> how many actors of that name at each sensitivity level
            self._name_levels = defaultdict(lambda: [0] * len(SENSITIVITIES))
            for a in self.actors.values():
                self._name_levels[a.name][SENSITIVITIES.index(a.sensitivity)] += 1
        at = SENSITIVITIES.index(actor.sensitivity)
        return f"{actor.name} ({actor_id})" if sum(self._name_levels[actor.name][: at + 1]) > 1 else actor.name

    def upward_sensitivity(self, actor_id: str) -> str:
        """What the facts derived from where an actor stands rest on (its party, track, membership of a
        group, the restrictions that bind it): the actor, the bodies above it on the day and the
        affiliations that lead there, marked as the most sensitive of them."""
        return ways_sensitivity(self.actors, self.situation.affiliations_above(actor_id), actor_id)

    def way_sensitivity(self, actor_id: str, goal: str) -> str:
        """What "``actor_id`` belongs to ``goal``" rests on: the two actors, the affiliations on the
        ways up from one to the other on the day and the bodies on those ways, as the most sensitive."""
        return ways_sensitivity(self.actors, self.situation.ways_up(actor_id, goal), actor_id, goal)

    def exemption_sensitivity(self, group_id: str, actor_id: str) -> str:
        """What "no restriction keeps ``actor_id`` from ``group_id``" rests on where a restriction would but
        for the actor's being inside the restricted body (:meth:`kg.rules.Situation.exempting`): for each such
        restriction the least sensitive way that makes it so (the actor's way up to a body between, and the
        group's), the most sensitive of those over the restrictions; ``public`` when there is none. Without
        a confidential membership the actor would be bound: what it is free to do says that membership."""
        level = "public"
        for r, bodies in self.situation.exempting(group_id, actor_id):
            between = self.situation.between(group_id, r.group)
            ways = []
            for b in bodies:
                if b == actor_id and b not in between:  # an organization the restricted body is part of
                    ways.append(self.way_sensitivity(r.group, actor_id))
                else:  # the actor is in b (or is b), a body on a way from the group up to the restricted one
                    ways.append(most_sensitive(self.way_sensitivity(actor_id, b) if b != actor_id else "public",
                                               self.way_sensitivity(group_id, b) if b != group_id else "public"))
            level = most_sensitive(level, min(ways, key=SENSITIVITIES.index, default="public"))
        return level

    @property
    def link_count(self) -> int:
        return len(self.link_info)

    def is_person(self, actor_id: str) -> bool:
        return self.actors[actor_id].kind == "person"

    # --- graphs -------------------------------------------------------------------------

    def pair_levels(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """For each pair of actors ``(lo[i], hi[i])`` (vertex numbers), the sensitivity level of the least
        sensitive usable link between them (mode ``all``): that they are linked at all rests on no more
        (a public co-membership beside a confidential tie keeps them linked without it); 3 when no usable
        link joins them. The table of pairs is sorted once per projection."""
        n = len(self.ids)
        if self._pair_table is None:
            usable = self._usable("all")
            a, b = self.link_u[usable].astype(np.int64), self.link_v[usable].astype(np.int64)
            keys = np.minimum(a, b) * n + np.maximum(a, b)
            levels = self.link_sensitivity[usable].astype(np.int8)
            order = np.lexsort((levels, keys))  # by pair, least sensitive first
            keys, levels = keys[order], levels[order]
            first = np.concatenate([[True], keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype=bool)
            self._pair_table = (keys[first], levels[first])
        keys, levels = self._pair_table
        lo, hi = np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)
        wanted = np.minimum(lo, hi) * n + np.maximum(lo, hi)
        at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        found = (at < len(keys)) & (keys[at] == wanted) if len(keys) else np.zeros(len(wanted), dtype=bool)
        return np.where(found, levels[at] if len(keys) else 3, 3).astype(np.int8)

    def link_graph(self, mode: str = "all") -> LinkGraph:
        """The simple graph of the links a question may use, best link per pair.

        ``all``: every link but hostile ties (channels and paths apply the carrier rules on it);
        ``carriers``: links between two people only (bridges);
        ``institutions``: every link but hostile ties and co-membership, organizations as
        vertices (bridges with ``--include-organizations``);
        ``everything``: hostile ties too (neighbourhoods, maps); ``contacts``: as ``all``, with the
        links of reliability 0 (what actors share).
        """
        if mode not in self._graphs:
            self._graphs[mode] = self._simple(np.flatnonzero(self._usable(mode)), mode)
        return self._graphs[mode]

    def member_of(self, group_id: str) -> set[str]:
        """The members of a group a message may end at: :meth:`kg.rules.Situation.members` through
        affiliations of reliability above 0 only (a member by a rumour of confidence 0 alone is no
        channel's end: an adversarial reader. Such a member is still bound as one by restrictions)."""
        carrying = self._affiliations_carrying()
        return self.situation.members(group_id, lambda a: (a.member, a.organization) in carrying)

    def _affiliations_carrying(self) -> dict[tuple[str, str], tuple[float, int]]:
        if self._carrying is None:
            reliability = self.link_strength * self.link_confidence
            found: dict[tuple[str, str], tuple[float, int]] = {}
            for i in np.flatnonzero((self.link_rel == AFFILIATION) & (reliability > 0)).tolist():
                pair = (self.ids[int(self.link_u[i])], self.ids[int(self.link_v[i])])
                if pair not in found or float(reliability[i]) > found[pair][0]:
                    found[pair] = (float(reliability[i]), i)
            self._carrying = found
        return self._carrying

    def _carrying_tables(self) -> tuple[dict[str, list[_Carried]], dict[str, list[_Carried]]]:
        """The affiliations of reliability above 0 by member (up: body, reliability, link) and by body
        (down: member, reliability, link), in key order."""
        if self._carrying_up is None or self._carrying_down is None:
            up: dict[str, list[_Carried]] = defaultdict(list)
            down: dict[str, list[_Carried]] = defaultdict(list)
            for (m, o), (r, i) in sorted(self._affiliations_carrying().items()):
                up[m].append((o, r, i))
                down[o].append((m, r, i))
            self._carrying_up, self._carrying_down = up, down
        return self._carrying_up, self._carrying_down

    def carrying_above(self, actor_id: str) -> set[str]:
        """The bodies ``actor_id`` belongs to on the day by affiliations of reliability above 0 (a rumour of
        confidence 0 makes no one a member a message reaches, nor a party's representative)."""
        up, _down = self._carrying_tables()
        seen: set[str] = set()
        todo = [actor_id]
        while todo:
            for o, _r, _i in up.get(todo.pop(), ()):
                if o not in seen:
                    seen.add(o)
                    todo.append(o)
        return seen

    def carrying_official(self, actor_id: str, body: Callable[[str], bool] | None = None) -> bool:
        """Whether one of the actor's official affiliations on the day is of reliability above 0 (``body``: in an
        organization it says yes of)."""
        carrying = self._affiliations_carrying()
        return any(a.official and (actor_id, a.organization) in carrying and (body is None or body(a.organization))
                   for a in self.situation.affiliations_above(actor_id) if a.member == actor_id)

    def ways_down(self, body: str, avoid: Iterable[str] = ()) -> dict[str, tuple[float, list[int]]]:
        """For everyone who belongs to ``body`` on the day by affiliations of reliability above 0, the most
        reliable chain of them: its reliability (the product) and its links, from the member up; one search
        from the body, kept (``avoid``: bodies taken away, no way through them). What an organization asks
        through: its people in its bodies."""
        key = (body, frozenset(avoid) - {body})
        found = self._ways_down.get(key)
        if found is None:
            _up, down = self._carrying_tables()
            heap: list[tuple[float, int, str, list[int]]] = [(-1.0, 0, body, [])]
            done: set[str] = set(key[1])
            found = {}
            count = 1
            while heap:  # (products of reliabilities of at most 1: the first to settle a member is the best)
                neg, _n, a, chain = heapq.heappop(heap)
                if a in done:
                    continue
                done.add(a)
                if a != body:
                    found[a] = (-neg, chain[::-1])
                for m, r, i in down.get(a, ()):
                    if m not in done:
                        heapq.heappush(heap, (neg * r, count, m, [*chain, i]))
                        count += 1
            self._ways_down[key] = found
        return found

    def way_down(self, body: str, member: str, avoid: Iterable[str] = ()) -> tuple[float, list[int]] | None:
        """The most reliable chain of affiliations by which ``member`` belongs to ``body`` on the day
        (:meth:`ways_down`), or None when there is none."""
        return self.ways_down(body, avoid).get(member)

    def _usable(self, mode: str) -> np.ndarray:
        """Which links a graph of ``mode`` may use."""
        keep = np.ones(self.link_count, dtype=bool)
        if mode != "everything":
            # a hostile tie carries no message, nor does a link of reliability 0 (strength or confidence
            # 0, or a meeting aged to nothing): no channel, bridge or count of channels may rest on it
            # (a contact is still one: what actors share lists it)
            keep &= ~self.link_hostile
            if mode != "contacts":
                keep &= self.link_strength * self.link_confidence > 0
        if mode == "carriers":
            keep &= self.person[self.link_u] & self.person[self.link_v]
        elif mode == "institutions":
            keep &= self.link_rel != COMEMBER
        elif mode not in ("all", "everything", "path", "contacts"):
            raise ValueError(f"no link graph {mode!r}")
        return keep

    def _simple(self, chosen: np.ndarray, mode: str) -> LinkGraph:
        n = len(self.ids)
        u, v = self.link_u[chosen], self.link_v[chosen]
        lo, hi = np.minimum(u, v), np.maximum(u, v)
        rel = (self.link_strength[chosen] * self.link_confidence[chosen])
        def settle(groups: list[list[int]]) -> list[int]:
            self._read_records([int(chosen[j]) for g in groups for j in g])
            return [min(g, key=lambda j: self._tie_order(int(chosen[j]))) for g in groups]

        # with hostile ties (neighbourhoods, maps), a pair's link shown is a friendly one when there is one:
        # a hostile tie of 0.9 beside a friendship of 0.5 hid the friendship (found by an adversarial reader)
        rank = np.where(self.link_hostile[chosen], rel - 2.0, rel) if mode == "everything" else rel
        pick = _best_per_pair(lo.astype(np.int64) * n + hi, rank, settle)
        return LinkGraph(mode, (lo[pick], hi[pick]), n, chosen[pick], rel[pick])

    def _read_records(self, links: list[int]) -> None:
        """Read the records behind ``links`` (ties, affiliations, influence) that are not read yet: one
        query a kind."""
        wanted: dict[str, set[Any]] = defaultdict(set)
        for i in links:
            rel = int(self.link_rel[i])
            ref = self.link_info[i][1]
            if rel in (TIE, AFFILIATION, INFLUENCE) and (RELATIONSHIPS[rel], ref) not in self._records:
                wanted[RELATIONSHIPS[rel]].add(ref)
        if self.store is not None:
            for kind, refs in wanted.items():
                self._records.update(((kind, r), rec) for r, rec in self.store.records_by_ref(kind, refs).items())

    def _tie_order(self, i: int) -> tuple[int, int, str]:
        """Which of two equally reliable links between the same actors is shown, the same in every store
        (not the order a store gives its rows in): the less sensitive, then by relationship, then by
        record key (or the body or event a derived link goes through)."""
        kind, ref, extra = self.link_info[i]
        rel = int(self.link_rel[i])
        if rel in (EVENT, COMEMBER):
            named = str((extra or {}).get("event" if rel == EVENT else "organization", ""))
        else:
            whole = self.record(RELATIONSHIPS[rel], ref)
            named = whole.key() if whole is not None else str(kind)
        return int(self.link_sensitivity[i]), rel, named

    def hostile_links(self, u: str, v: str) -> list[int]:
        """The hostile ties between actors ``u`` and ``v`` on the day (few in any network: their pairs indexed once)."""
        if self._hostile_pairs is None:
            self._hostile_pairs = {}
            for i in np.flatnonzero(self.link_hostile).tolist():
                self._hostile_pairs.setdefault(frozenset((int(self.link_u[i]), int(self.link_v[i]))), []).append(i)
        return self._hostile_pairs.get(frozenset((self.index[u], self.index[v])), [])

    def edge_links(self, lg: LinkGraph, edge: int) -> list[int]:
        """Every link (of the graph's kind) between the two ends of ``edge``, best first."""
        if edge not in lg.links:
            a, b = int(lg.ends[0][edge]), int(lg.ends[1][edge])
            mask = ((self.link_u == a) & (self.link_v == b)) | ((self.link_u == b) & (self.link_v == a))
            found = np.flatnonzero(mask & self._usable(lg.mode))
            rel = self.link_strength * self.link_confidence
            self._read_records(found.tolist())
            lg.links[edge] = sorted((int(i) for i in found), key=lambda i: (-rel[i], self._tie_order(i)))
        return lg.links[edge]

    def without(self, ids: Iterable[str]) -> Projection:
        """The same day's projection of the same store, at the same level and half-life, with the
        actors ``ids`` gone as if the store did not hold them: their links, and what they made true
        for others (the members of a group through a body, an official's state through a ministry,
        a party through an organization, the size of a body and so its co-membership links)."""
        if self.store is None:
            raise ValueError("a projection built without a store cannot be made again without actors")
        again = project(self.store, self.day, max_sensitivity=self.max_sensitivity, half_life=self.half_life,
                        without=ids)
        again.as_of_given = self.as_of_given
        return again

    # --- evidence -----------------------------------------------------------------------

    def record(self, kind: str, ref: Any) -> Record | None:
        """The whole record behind a link (read from the store once, then kept)."""
        if (kind, ref) not in self._records and self.store is not None:
            self._records.update({(kind, r): rec for r, rec in self.store.records_by_ref(kind, [ref]).items()})
        return self._records.get((kind, ref))

    def prefetch(self, link_ids: Iterable[int]) -> None:
        """Read what the evidence of many links shows (one query per kind, not per link)."""
        wanted: dict[str, set[Any]] = defaultdict(set)
        link_ids = [i for i in link_ids if i not in self._prefetched]
        for i in link_ids:
            _kind, ref, extra = self.link_info[i]
            refs = _record_refs(int(self.link_rel[i]), ref)
            if self.link_rel[i] == EVENT and ref[0] in self.event_refs:
                refs.append(("event", self.event_refs[ref[0]]))
            for k, r in refs:
                if (k, r) in self._facts:
                    continue
                whole = self._records.get((k, r))
                if whole is not None:
                    self._facts[(k, r)] = _Facts(*record_values(whole, _Facts._fields))
                else:
                    wanted[k].add(r)
        if self.store is not None:
            for k, wanted_refs in wanted.items():
                self._facts.update(((k, r), _Facts(*v))
                                   for r, v in values_by_ref(self.store, k, wanted_refs, _Facts._fields).items())
        if self.store is not None or not wanted:  # what a store did not give, it will not give later
            self._prefetched.update(link_ids)

    def evidence(self, i: int) -> dict[str, Any]:
        """What a mediator must see of link ``i``: relationship, kind, strength, confidence,
        dates, source, sensitivity, direction (``from`` -> ``to``), and for a shared event or a
        co-membership the event or organization, the roles and the reason for the strength."""
        kind, ref, extra = self.link_info[i]
        rel = RELATIONSHIPS[int(self.link_rel[i])]
        if i not in self._prefetched:
            self.prefetch([i])
        out: dict[str, Any] = {
            "relationship": rel, "kind": kind, "strength": rounded(float(self.link_strength[i])),
            "confidence": float(self.link_confidence[i]),
            "sensitivity": SENSITIVITIES[int(self.link_sensitivity[i])],
            "from": self.ids[int(self.link_u[i])], "to": self.ids[int(self.link_v[i])],
            "start": None, "end": None, "source": "", "note": "", "record": None}
        if rel in ("tie", "affiliation", "influence"):
            f = self._facts.get((_KIND_OF[rel], ref))
            if f is not None:
                if kind is None:
                    out["kind"] = f.kind or ""
                out.update(start=f.start, end=f.end, source=f.source or "", note=f.note or "", record=f.key)
                if rel == "affiliation":
                    out.update(role=f.role or "", official=bool(f.official))
        elif rel == "event":
            assert extra is not None
            event = self.events[extra["event"]]
            whole = self._facts.get(("event", self.event_refs.get(event.id)))
            # its dates as given (1992 to 1994), not the days they are read as (an adversarial reader)
            given = (whole.start, whole.end) if whole is not None else (event.start, event.end)
            out.update(event=event.id, event_name=event.name, start=given[0], end=given[1],
                       source=(whole.source or "") if whole is not None else "", roles=extra["roles"],
                       record=f"event {event.id}",
                       ago=extra.get("ago"), aged=extra.get("aged"))
            if not out["source"]:
                for r in ref[1:]:
                    p = self._facts.get(("participation", r))
                    if p is not None and p.source:
                        out["source"] = p.source
                        break
        else:  # co-membership
            assert extra is not None
            org = extra["organization"]
            affs = [self._facts.get(("affiliation", r)) for r in ref]
            # co-members while both affiliations hold: from the later start to the earlier end
            starts = [a.start for a in affs if a is not None and a.start]
            ends = [a.end for a in affs if a is not None and a.end]
            out.update(start=max(starts, key=kgtime.first_day) if starts else None,
                       end=min(ends, key=kgtime.last_day) if ends else None)
            out.update(organization=org, organization_name=self.name(org), roles=extra["roles"],
                       members=extra["members"], formula=extra["formula"], record=f"co-members of {org}",
                       source="; ".join(sorted({a.source for a in affs if a is not None and a.source})))
        return out

    # --- the networkx view (maps, exports and the reference tests) ------------------------

    @property
    def graph(self) -> nx.MultiGraph:
        """The day as a networkx MultiGraph: every actor with its fields and derived track and
        parties, every link (hostile ties and co-membership included) with its evidence."""
        if self._nx is None:
            import networkx as nx

            g = nx.MultiGraph()
            full: dict[str, Actor] = {}
            if self.store is not None:
                full = {a.id: a for a in self.store.select("actor", "id", self.ids) if isinstance(a, Actor)}
            for a in self.actors.values():
                g.add_node(a.id, **node_attributes(full.get(a.id, a), self.situation))
            self.prefetch(range(self.link_count))
            for i in range(self.link_count):
                e = self.evidence(i)
                key = e["record"] or f"link {i}"
                g.add_edge(e["from"], e["to"], key=key, **e)
            self._nx = g
        return self._nx

    def links(self, exclude_hostile: bool = True) -> nx.Graph:
        """A simple networkx graph: one edge per linked pair, carrying its most reliable link.

        Edge attributes: ``reliability`` (strength x confidence of the best link),
        ``best`` (that link's evidence) and ``evidence`` (every link's evidence).
        ``exclude_hostile``: the links a message may travel (as :meth:`link_graph` ``all``): no
        hostile ties, and no link of reliability 0.
        """
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(self.graph.nodes(data=True))
        for u, v, data in self.graph.edges(data=True):
            if exclude_hostile and data["relationship"] == "tie" and data["kind"] == "hostile":
                continue
            r = data["strength"] * data["confidence"]
            if exclude_hostile and not r > 0:
                continue
            if g.has_edge(u, v):
                e = g[u][v]
                e["evidence"].append(data)
                if r > e["reliability"]:
                    e["reliability"], e["best"] = r, data
            else:
                g.add_edge(u, v, reliability=r, best=data, evidence=[data])
        return g


class _Facts(NamedTuple):
    """What the evidence of a link shows of a record behind it (:func:`kg.store.base.record_values`)."""

    key: str
    kind: str | None
    start: str | None
    end: str | None
    source: str | None
    note: str | None
    role: str | None
    official: bool | None


_KIND_OF = {"tie": "tie", "affiliation": "affiliation", "influence": "influence"}


def _record_refs(rel: int, ref: Any) -> list[tuple[str, Any]]:
    """The (kind, ref) of the records behind a link."""
    if rel == EVENT:
        return [("participation", r) for r in ref[1:]]
    if rel == COMEMBER:
        return [("affiliation", r) for r in ref]
    return [(RELATIONSHIPS[rel], ref)]


def node_attributes(a: Actor, situation: Situation) -> dict[str, Any]:
    """What a node carries: the actor's fields and its derived track and parties."""
    return {"name": a.name, "kind": a.kind, "org_type": a.org_type, "country": a.country,
            "parties": sorted(situation.parties(a.id)), "track": situation.track(a.id),
            "aliases": list(a.aliases), "description": a.description, "source": a.source,
            "confidence": a.confidence, "sensitivity": a.sensitivity,
            "restricted": a.id in situation.restricted_groups}


def _iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day is not None else None


def project(store: GraphStore, day: date | None = None, *, include_confidential: bool = True,
            max_sensitivity: int | None = None, half_life: float | None = HALF_LIFE_YEARS,
            without: Iterable[str] = ()) -> Projection:
    """The projection of ``store`` on ``day`` (today when None).

    ``max_sensitivity`` (0 public, 1 restricted, 2 confidential) bounds the records used;
    ``include_confidential=False`` is the same as 1. ``half_life`` in years ages shared
    meetings (None: no ageing). ``without``: actor ids left out with every record naming them,
    as if the store did not hold them (what ``kg whatif`` asks).

    >>> from kg.store.sqlite import SQLiteStore
    >>> from kg.model import Actor, Tie
    >>> s = SQLiteStore(":memory:")
    >>> _ = s.upsert([Actor(id="a", name="A", kind="person"), Actor(id="b", name="B", kind="person"),
    ...               Tie(a="a", b="b", kind="friendship", strength=0.9, start="1990", end="1991")])
    >>> project(s, date(1990, 6, 1)).link_count, project(s, date(1992, 1, 1)).link_count
    (1, 0)
    """
    if max_sensitivity is None:
        max_sensitivity = 2 if include_confidential else 1
    if half_life is not None and not half_life > 0:
        raise KGError(f"--half-life is {half_life}; expected a number of years above 0")
    given = day is not None
    day = day or kgtime.today()
    lean = getattr(store, "day_links", None)  # the embedded store reads ties and influence leaner
    packed = getattr(store, "packed_links", None)  # ... or as one packed array, on a large store
    # Hundreds of thousands of rows and objects, none in a cycle: the cyclic garbage collector would
    # only rescan them (a tenth of a large projection's time); it is paused while they are made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        rows: dict[str, Any] = {}
        for k in ("actor", "event", "affiliation", "tie", "influence", "participation", "restriction"):
            if lean and k in ("tie", "influence"):
                columns = packed(k, day, max_sensitivity) if packed else None
                rows[k] = columns if columns is not None else lean(k, day, max_sensitivity)
            else:
                rows[k] = store.day_rows(k, day, max_sensitivity)
        # the actors gone before the day (a death, a dissolution) go as those of ``without`` do
        ended = store.ended_actors(day, max_sensitivity)
        gone = set(without) | ended.keys()
        if gone:  # the records naming them go with them (build keeps only links between actors it has)
            rows["actor"] = [r for r in rows["actor"] if r[1] not in gone]
        if lean:
            rows["lean"] = []
        restriction_refs = [r[0] for r in rows["restriction"]]
        restrictions = [r for r in store.records_by_ref("restriction", restriction_refs).values()
                        if isinstance(r, Restriction)] if restriction_refs else []
        proj = build(day, rows, restrictions, store=store, as_of_given=given, max_sensitivity=max_sensitivity,
                     half_life=half_life)
        proj.ended = ended
        return proj
    finally:
        if collecting:
            gc.enable()


_ACTOR, _AFFILIATION = trusted_maker(Actor), trusted_maker(Affiliation)



def build(day: date, rows: dict[str, list[tuple[Any, ...]]], restrictions: list[Restriction], *,
          store: GraphStore | None = None, as_of_given: bool = True, max_sensitivity: int = 2,
          half_life: float | None = HALF_LIFE_YEARS, sizes: dict[str, int] | None = None) -> Projection:
    """A projection from the typed rows of a day (``GraphStore.day_rows``); see :func:`project`.

    ``sizes``: the number of members of organizations whose rows are only partly given.
    """
    actors: dict[str, Actor] = {}
    make_actor, make_affiliation = _ACTOR, _AFFILIATION  # the rows were validated when stored
    for _ref, aid, name, kind, org_type, party, country, track, aliases, sens, conf in rows["actor"]:
        actors[aid] = make_actor(id=aid, name=name, kind=kind, org_type=org_type,
                                 party=() if party == "[]" else tuple(json.loads(party)),
                                 country=country, track=track,
                                 aliases=() if aliases == "[]" else tuple(json.loads(aliases)),
                                 sensitivity=SENSITIVITIES[sens], confidence=conf)
    ids = sorted(actors)
    index = {a: i for i, a in enumerate(ids)}
    person = np.array([actors[a].kind == "person" for a in ids], dtype=bool)
    actor_refs = {r[0]: index[r[1]] for r in rows["actor"]}
    events: dict[str, Event] = {}
    event_days: dict[str, tuple[int | None, int | None, int, float]] = {}
    event_refs: dict[str, Any] = {}
    for ref, eid, name, first, last, track, process, sens, conf in rows["event"]:
        event_refs[eid] = ref
        events[eid] = Event(id=eid, name=name, start=_iso(first), end=_iso(last), track=track, process=process,
                            sensitivity=SENSITIVITIES[sens], confidence=conf)
        event_days[eid] = (first, last, sens, conf)
    aff_rows = [r for r in rows["affiliation"] if r[1] in index and r[2] in index]
    # (the data's own strength kept: a member by an affiliation of strength 0 stays bound by the body's
    # restrictions, kg.rules._believed)
    affiliations = [make_affiliation(member=m, organization=o, role=role, official=bool(off), confidence=conf,
                                     sensitivity=SENSITIVITIES[sens], **({} if own is None else
                                                                        {"props": {"strength": own}}))
                    for _ref, m, o, role, off, own, _f, _l, sens, conf in aff_rows]
    # a restriction on a group the answer may not use goes with it (it would name the group)
    restrictions = [r for r in restrictions if r.group in actors]
    # in the order of their keys, the same in every store (the embedded store gave them in load order,
    # Neo4j in key order, and answers listed them so: a store parity fuzzer)
    restrictions = sorted(restrictions, key=lambda r: r.key())
    situation = Situation(actors.values(), affiliations, restrictions, day, all_valid=True)

    links = _LinkColumns()

    # affiliations, and co-membership through small organizations
    members: dict[str, list[tuple[str, float, str, Any, int, float]]] = defaultdict(list)
    strengths = [own if own is not None else (OFFICIAL_STRENGTH if off else AFFILIATION_STRENGTH)
                 for _ref, _m, _o, _role, off, own, *_rest in aff_rows]
    aff: dict[str, list[Any]] = {
        "u": [index[r[1]] for r in aff_rows], "v": [index[r[2]] for r in aff_rows], "strength": strengths,
        "confidence": [r[9] for r in aff_rows], "sensitivity": [r[8] for r in aff_rows],
        "kind": [r[3] or "member" for r in aff_rows], "ref": [r[0] for r in aff_rows]}
    for (ref, m, o, role, _off, _own, _f, _l, sens, conf), s in zip(aff_rows, strengths, strict=True):
        members[o].append((m, s, role or "member", ref, sens, conf))
    links.columns(AFFILIATION, aff)
    _comembership(links, members, actors, index, sizes)

    for rel, kind_rows in ((TIE, rows["tie"]), (INFLUENCE, rows["influence"])):
        if "lean" in rows:
            links.lean(rel, kind_rows, actor_refs)
        else:
            links.bulk(rel, kind_rows, index)

    # shared events, aged
    day_n = day.toordinal()
    at_event: dict[str, dict[str, tuple[str, Any, int, float]]] = defaultdict(dict)
    # two people met only if they were there on a same day: (first day, last day (None open), the
    # participation as at_event holds it) of each of one's participations, kept for the events where not
    # everyone was there once throughout (``bounded``; most events have none)
    present: dict[str, dict[str, list[tuple[int | None, int | None, tuple[str, Any, int, float]]]]] = \
        defaultdict(lambda: defaultdict(list))
    # (without a date of its own, every participation spans its event: everyone met everyone; and someone
    # there several times met each other one through the pair of participations that makes the best link)
    bounded = {event for _ref, _actor, event, _role, p_first, p_last, *_rest in rows["participation"]
               if p_first is not None or p_last is not None}
    twice = Counter((event, actor) for _ref, actor, event, *_rest in rows["participation"])
    bounded.update(event for (event, _actor), n in twice.items() if n > 1)
    for ref, actor, event, role, p_first, p_last, sens, conf in rows["participation"]:
        if actor not in index or event not in events:
            continue
        e_first, e_last, _es, _ec = event_days[event]
        # having met lasts: a participation's own end ends its presence, not the meeting (which ages with
        # its event); given the event's own dates, it reads as the same meeting without them
        start, last = presence(p_first, p_last, e_first, e_last)
        if (start is not None and start > day_n) or (last is not None and start is not None and last < start):
            continue
        held = at_event[event].get(actor)
        if event in bounded:
            present[event][actor].append((start, last, (role, ref, sens, conf)))
        # of two participations of one actor: a facilitator's or host's role, then the less sensitive, then
        # by role (the same in every store, whatever the order of its rows)
        if held is None or _part_order(role, sens) < _part_order(held[0], held[2]):
            at_event[event][actor] = (role, ref, sens, conf)
    participants: dict[str, list[tuple[str, str, Any]]] = {}
    for event, parts in at_event.items():
        participants[event] = [(a, p[0], p[1]) for a, p in sorted(parts.items())]
        if len(parts) > MAX_EVENT_SIZE:
            continue
        e_first, e_last, e_sens, e_conf = event_days[event]
        ended = e_last if e_last is not None else e_first
        years = max(0.0, (day_n - ended) / 365.25) if ended is not None else 0.0
        aged = 0.0 if aged_to_nothing(years, half_life) else 0.5 ** (years / half_life) if half_life else 1.0
        ago = _ago(years) if ended is not None and day_n > ended else "on the day"
        if not aged:
            ago += ", aged to nothing: it carries no message"
        _event_pairs(links, event, sorted(parts.items()), index, aged, ago, e_sens, e_conf,
                     present[event] if event in bounded else None)

    columns = links.finish()
    # a link that names a restricted or confidential actor is as sensitive as that actor
    actor_level = np.array([SENSITIVITIES.index(actors[a].sensitivity) for a in ids], dtype=np.int8)
    if len(actor_level):
        columns["link_sensitivity"] = np.maximum(
            columns["link_sensitivity"],
            np.maximum(actor_level[columns["link_u"]], actor_level[columns["link_v"]])).astype(np.int8)
    return Projection(
        day=day, as_of_given=as_of_given, store=store, max_sensitivity=max_sensitivity, half_life=half_life,
        situation=situation, actors=actors, events=events, ids=ids, index=index, person=person,
        **columns, participants=participants, event_refs=event_refs)


@functools.lru_cache(maxsize=256)
def _pairs(k: int) -> tuple[np.ndarray, np.ndarray]:
    """Every pair i < j of ``k`` items, in the order of two nested loops (read-only: shared)."""
    i, j = np.triu_indices(k, 1)
    i.flags.writeable = j.flags.writeable = False
    return i, j


def _comembership(links: _LinkColumns, members: dict[str, list[tuple[str, float, str, Any, int, float]]],
                  actors: dict[str, Actor], index: dict[str, int], sizes: dict[str, int] | None) -> None:
    """The co-membership links of every organization of 2 to MAX_COMEMBERS members: one per pair of
    its people, strength sqrt(s_p s_q) x min(1, SMALL_BODY / n), of the pair of their roles that makes the most
    reliable link (strength x confidence) when one holds several; details made when a link is shown."""
    entries: list[tuple[str, float, str, Any, int, float]] = []
    orgs: list[tuple[str, int]] = []
    size_levels: list[int] = []
    p_at, q_at, org_at = [], [], []
    for org, ms in members.items():
        n = len({m[0] for m in ms})
        if sizes is not None:
            n = max(n, sizes.get(org, 0))
        if n < 2 or n > MAX_COMEMBERS:
            continue
        roles: dict[str, list[tuple[str, float, str, Any, int, float]]] = defaultdict(list)
        for m in ms:
            if actors[m[0]].kind == "person":
                roles[m[0]].append(m)
        if len(roles) < 2:
            continue
        # the size the link states ("3 members on the day") and weakens by rests on every member counted
        size_levels.append(max(max(m[4], SENSITIVITIES.index(actors[m[0]].sensitivity)) for m in ms))
        people = sorted(roles)
        if all(len(r) == 1 for r in roles.values()):
            i, j = _pairs(len(people))
            p_at.append(i + len(entries))
            q_at.append(j + len(entries))
            entries.extend(roles[x][0] for x in people)
        else:  # someone holds several roles in it: each pair of people is linked by its most reliable pair of
            # roles (a stronger role of lower confidence can win beside a member of low confidence); of equals,
            # the less sensitive, then each one's own order of roles (the same in every store)
            base = len(entries)
            who: list[int] = []
            rank: list[int] = []
            for k, x in enumerate(people):
                mine = sorted(roles[x], key=_role_order)  # (rank: the person's own order of roles)
                entries.extend(mine)
                who += [k] * len(mine)
                rank += range(len(mine))
            e = entries[base:]
            pe, rk = np.array(who), np.array(rank)
            st, cf = np.array([m[1] for m in e]), np.array([m[5] for m in e])
            sv = np.array([m[4] for m in e])
            ii, jj = np.triu_indices(len(e), 1)  # (entries by person: the first of a pair is the earlier person)
            two = pe[ii] != pe[jj]
            ii, jj = ii[two], jj[two]
            pair = pe[ii] * len(people) + pe[jj]
            order = np.lexsort((rk[jj], rk[ii], np.maximum(sv[ii], sv[jj]),
                                -np.sqrt(st[ii] * st[jj]) * np.minimum(cf[ii], cf[jj]), pair))
            _, first = np.unique(pair[order], return_index=True)  # (pairs of people in the order of two loops)
            chosen = order[first]
            p_at.append(base + ii[chosen])
            q_at.append(base + jj[chosen])
        org_at.append(np.full(len(p_at[-1]), len(orgs)))
        orgs.append((org, n))
    if not orgs:
        return
    # a co-membership link names the organization: it is as sensitive as the organization's record, and as
    # the members it counts
    org_level = np.array([max(SENSITIVITIES.index(actors[org].sensitivity), size)
                          for (org, _), size in zip(orgs, size_levels, strict=True)], dtype=np.int8)
    p, q, o = np.concatenate(p_at), np.concatenate(q_at), np.concatenate(org_at)
    strength = np.array([e[1] for e in entries])
    sens = np.array([e[4] for e in entries], dtype=np.int8)
    conf = np.array([e[5] for e in entries])
    vertex = np.array([index[e[0]] for e in entries], dtype=np.int64)
    factor = np.array([min(1.0, SMALL_BODY / n) for _, n in orgs])
    columns = {"u": vertex[p], "v": vertex[q], "strength": np.sqrt(strength[p] * strength[q]) * factor[o],
               "confidence": np.minimum(conf[p], conf[q]),
               "sensitivity": np.maximum(np.maximum(sens[p], sens[q]), org_level[o]).astype(np.int8)}

    def details(k: int) -> tuple[str, Any, dict[str, Any]]:
        a, b = entries[int(p[k])], entries[int(q[k])]
        org, n = orgs[int(o[k])]
        s = float(columns["strength"][k])
        formula = f"sqrt({a[1]:g} x {b[1]:g}) x min(1, {SMALL_BODY}/{n} members) = {s:.3f}"
        return (f"co-members of {actors[org].name}", (a[3], b[3]),
                {"organization": org, "roles": [a[2], b[2]], "members": n, "formula": formula})

    links.lazy(COMEMBER, columns, details)


def presence(p_first: int | None, p_last: int | None, e_first: int | None,
             e_last: int | None) -> tuple[int | None, int | None]:
    """The first and last day (None open) someone was at an event, from their participation's days and
    the event's: from the later start (kgtime.participation_start) to the earlier end."""
    start = e_first if p_first is None else p_first if e_first is None else max(p_first, e_first)
    last = e_last if p_last is None else p_last if e_last is None else min(p_last, e_last)
    return start, last


_EVER_BEFORE, _EVER_AFTER = -1, 1 << 62  # an open first or last day of a participation's time, as a day


def _overlap(s1: int | None, e1: int | None, s2: int | None, e2: int | None) -> bool:
    """Whether two participations' times at an event (first, last day; None open) share a day."""
    lo, hi = _EVER_BEFORE, _EVER_AFTER
    return max(lo if s1 is None else s1, lo if s2 is None else s2) <= min(hi if e1 is None else e1,
                                                                        hi if e2 is None else e2)


def _met_through(a: list[tuple[int | None, int | None, tuple[str, Any, int, float]]],
                 b: list[tuple[int | None, int | None, tuple[str, Any, int, float]]]
                 ) -> tuple[tuple[str, Any, int, float], tuple[str, Any, int, float]] | None:
    """The participations of two people through which they met at one event: of those whose times share
    a day, the pair that makes the most reliable link (strength x confidence), then the less sensitive,
    then by :func:`_part_order`; None if none do."""
    best: tuple[Any, ...] | None = None
    for s1, e1, x in a:
        for s2, e2, y in b:
            if _overlap(s1, e1, s2, e2):
                lead = x[0] in ("facilitator", "host") or y[0] in ("facilitator", "host")
                reliability = (FACILITATED_STRENGTH if lead else EVENT_STRENGTH) * min(x[3], y[3])
                key = (-reliability, max(x[2], y[2]), sorted((_part_order(x[0], x[2]), _part_order(y[0], y[2]))))
                if best is None or key < best[0]:
                    best = (key, x, y)
    return None if best is None else (best[1], best[2])


def _event_pairs(links: _LinkColumns, event: str, attendees: list[tuple[str, tuple[str, Any, int, float]]],
                 index: dict[str, int], aged: float, ago: str, e_sens: int, e_conf: float,
                 spans: dict[str, list[tuple[int | None, int | None, tuple[str, Any, int, float]]]] | None = None
                 ) -> None:
    """The links of one shared event: a pair of its participants each, aged; details made when shown.
    ``spans``: each one's participations with their times, when not everyone was there once throughout:
    a pair met only through participations whose times share a day (:func:`_met_through`)."""
    if len(attendees) < 2:
        return
    p, q = _pairs(len(attendees))
    first = second = [a[1] for a in attendees]  # the participation of each that the link stands on
    once_each = spans is not None and all(len(spans[a[0]]) == 1 for a in attendees)
    if spans is not None and once_each:  # compared at once
        once = [spans[a[0]][0] for a in attendees]
        s_ = np.array([_EVER_BEFORE if x[0] is None else x[0] for x in once], dtype=np.int64)
        e_ = np.array([_EVER_AFTER if x[1] is None else x[1] for x in once], dtype=np.int64)
        met = np.maximum(s_[p], s_[q]) <= np.minimum(e_[p], e_[q])
        p, q = p[met], q[met]
        first = second = [x[2] for x in once]
    at_p, at_q = p, q  # where each pair's participations stand in first and second
    if spans is not None and not once_each:  # someone there several times: the pair that met, pair by pair
        through = [_met_through(spans[attendees[i][0]], spans[attendees[j][0]]) for i, j in zip(p, q, strict=True)]
        met = np.array([t is not None for t in through], dtype=bool)
        p, q = p[met], q[met]
        first, second = [t[0] for t in through if t], [t[1] for t in through if t]
        at_p = at_q = np.arange(len(p))  # (listed pair by pair)
    if not len(p):
        return
    lead1 = np.array([x[0] in ("facilitator", "host") for x in first], dtype=bool)
    lead2 = np.array([x[0] in ("facilitator", "host") for x in second], dtype=bool)
    conf1, conf2 = np.array([x[3] for x in first]), np.array([x[3] for x in second])
    sens1 = np.array([x[2] for x in first], dtype=np.int8)
    sens2 = np.array([x[2] for x in second], dtype=np.int8)
    vertex = np.array([index[a[0]] for a in attendees], dtype=np.int64)
    base = np.where(lead1[at_p] | lead2[at_q], FACILITATED_STRENGTH, EVENT_STRENGTH)
    columns = {"u": vertex[p], "v": vertex[q], "strength": base * aged,
               "confidence": np.minimum(np.minimum(conf1[at_p], conf2[at_q]), e_conf),
               "sensitivity": np.maximum(np.maximum(sens1[at_p], sens2[at_q]), e_sens).astype(np.int8)}
    rounded = round(aged, 4)

    def details(k: int) -> tuple[str, Any, dict[str, Any]]:
        pa, pb = first[int(at_p[k])], second[int(at_q[k])]
        return ("shared event", (event, pa[1], pb[1]),
                {"event": event, "roles": [pa[0], pb[0]], "ago": ago, "aged": rounded})

    links.lazy(EVENT, columns, details)


class LinkInfo:
    """Per link: (kind, reference of the record(s), details of a shared event or co-membership).

    Links made in blocks (co-membership, shared events) keep what makes their details and make
    them when asked: a projection of a million links builds no dictionary per link."""

    def __init__(self, kinds: list[str], refs: list[Any], lazy: list[tuple[int, int, Any]] | None = None) -> None:
        self.kinds, self.refs = kinds, refs
        self.lazy = lazy or []
        self._starts = [start for start, _end, _fn in self.lazy]

    def __len__(self) -> int:
        return len(self.kinds)

    def __getitem__(self, i: int) -> tuple[str, Any, dict[str, Any] | None]:
        if self.lazy:
            k = bisect.bisect_right(self._starts, i) - 1
            if k >= 0 and i < self.lazy[k][1]:
                return self.lazy[k][2](i - self.lazy[k][0])  # type: ignore[no-any-return]
        return self.kinds[i], self.refs[i], None


class _LinkColumns:
    """The links of a day as they are made, a whole block at a time: a kind read column by column
    (ties, influence, affiliations) or a block made in numpy (co-membership, shared events)."""

    def __init__(self) -> None:
        self.segments: list[dict[str, Any]] = []
        self.kinds: list[str] = []
        self.refs: list[Any] = []
        self.lazy_blocks: list[tuple[int, int, Any]] = []

    def bulk(self, rel: int, rows: list[tuple[Any, ...]], index: dict[str, int]) -> None:
        """``(ref, a, b, kind, strength, first, last, sensitivity, confidence)`` rows, column by column."""
        if not rows:
            return
        refs, a, b, kinds, strength, _f, _l, sens, conf = zip(*rows, strict=True)
        get = index.get
        u = np.array([get(x, -1) for x in a], dtype=np.int64)
        v = np.array([get(x, -1) for x in b], dtype=np.int64)
        keep = (u >= 0) & (v >= 0)
        hostile = np.array([k == "hostile" for k in kinds], dtype=bool) if rel == TIE else np.zeros(len(u), bool)
        columns: dict[str, np.ndarray] = {
            "u": u, "v": v, "rel": np.full(len(u), rel, dtype=np.int8), "strength": np.array(strength, dtype=float),
            "confidence": np.array(conf, dtype=float), "sensitivity": np.array(sens, dtype=np.int8), "hostile": hostile}
        self._segment(columns, list(kinds), list(refs), keep)

    def lean(self, rel: int, rows: Any, actor_refs: dict[Any, int]) -> None:
        """``(ref, actor ref, actor ref, hostile, strength, sensitivity, confidence)`` rows
        (``day_links``), or the same as a packed array (``packed_links``): integer actor refs turn
        into vertices through one array lookup."""
        if not len(rows):
            return
        refs: Any
        a: Any
        b: Any
        hostile: Any
        strength: Any
        sens: Any
        conf: Any
        if isinstance(rows, np.ndarray):
            refs, a, b = rows["ref"], rows["a"], rows["b"]
            hostile, strength, sens, conf = rows["hostile"], rows["value"], rows["sensitivity"], rows["confidence"]
        else:
            refs, a, b, hostile, strength, sens, conf = zip(*rows, strict=True)
        top = max(actor_refs) + 1 if actor_refs else 1
        vertex = np.full(top, -1, dtype=np.int64)
        vertex[np.fromiter(actor_refs.keys(), dtype=np.int64)] = np.fromiter(actor_refs.values(), dtype=np.int64)
        ra, rb = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        u = np.where((ra < top) & (ra >= 0), vertex[np.clip(ra, 0, top - 1)], -1)
        v = np.where((rb < top) & (rb >= 0), vertex[np.clip(rb, 0, top - 1)], -1)
        keep = (u >= 0) & (v >= 0)
        columns = {"u": u, "v": v, "rel": np.full(len(u), rel, dtype=np.int8),
                   "strength": np.array(strength, dtype=float), "confidence": np.array(conf, dtype=float),
                   "sensitivity": np.array(sens, dtype=np.int8), "hostile": np.array(hostile, dtype=bool)}
        # the kind is read with the record when the link is shown
        ref_list = refs.tolist() if isinstance(refs, np.ndarray) else list(refs)
        self._segment(columns, [None] * len(ref_list), ref_list, keep)  # type: ignore[list-item]

    def columns(self, rel: int, lists: dict[str, list[Any]]) -> None:
        """A whole kind given as lists: u, v, strength, confidence, sensitivity, kind, ref."""
        n = len(lists["u"])
        if not n:
            return
        columns: dict[str, np.ndarray] = {
                   "u": np.array(lists["u"], dtype=np.int64), "v": np.array(lists["v"], dtype=np.int64),
                   "rel": np.full(n, rel, dtype=np.int8), "strength": np.array(lists["strength"], dtype=float),
                   "confidence": np.array(lists["confidence"], dtype=float),
                   "sensitivity": np.array(lists["sensitivity"], dtype=np.int8), "hostile": np.zeros(n, bool)}
        self._segment(columns, lists["kind"], lists["ref"], np.ones(n, dtype=bool))

    def lazy(self, rel: int, columns: dict[str, np.ndarray], details: Any) -> None:
        """A block of links whose (kind, ref, details) ``details(k)`` makes for the block's k-th link."""
        n = len(columns["u"])
        start = len(self.kinds)
        self.segments.append({**columns, "rel": np.full(n, rel, dtype=np.int8), "hostile": np.zeros(n, bool)})
        self.kinds.extend([None] * n)  # type: ignore[list-item]
        self.refs.extend([None] * n)
        self.lazy_blocks.append((start, start + n, details))

    def _segment(self, columns: dict[str, np.ndarray], kinds: list[str], refs: list[Any], keep: np.ndarray) -> None:
        """Add a whole kind's columns, without the links to actors left out (confidential ones)."""
        if not keep.all():
            columns = {k: col[keep] for k, col in columns.items()}
            kept = np.flatnonzero(keep).tolist()
            kinds, refs = [kinds[i] for i in kept], [refs[i] for i in kept]
        self.segments.append(columns)
        self.kinds.extend(kinds)
        self.refs.extend(refs)

    def finish(self) -> dict[str, Any]:
        dtypes = {"u": np.int64, "v": np.int64, "rel": np.int8, "strength": float, "confidence": float,
                  "sensitivity": np.int8, "hostile": bool}
        out: dict[str, Any] = {f"link_{k}": np.concatenate([np.asarray(seg[k], dtype=t) for seg in self.segments]
                                                           or [np.zeros(0, dtype=t)]) for k, t in dtypes.items()}
        out["link_info"] = LinkInfo(self.kinds, self.refs, self.lazy_blocks)
        return out


def _ago(years: float) -> str:
    months = round(years * 12)
    if months < 1:
        return "less than a month before"
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''} before"
    return f"{years:.1f} years before"


# --- a projection of the neighbourhood of a few actors, read through the store's indexes ----

def record_row(r: Record) -> tuple[Any, ...]:
    """A record as the typed row :meth:`GraphStore.day_rows` gives, its key as the reference."""
    sens = SENSITIVITIES.index(r.sensitivity)

    def days() -> tuple[int | None, int | None]:
        start, end = getattr(r, "start", None), getattr(r, "end", None)
        return (kgtime.first_day(start).toordinal() if start else None,
                kgtime.last_day(end).toordinal() if end else None)

    if isinstance(r, Actor):
        return (r.key(), r.id, r.name, r.kind, r.org_type, json.dumps(list(r.party)), r.country, r.track,
                json.dumps(list(r.aliases)), sens, r.confidence)
    if isinstance(r, Event):
        return (r.key(), r.id, r.name, *days(), r.track, r.process, sens, r.confidence)
    if isinstance(r, Affiliation):
        own = r.props.get("strength")
        try:
            strength = float(own) if own is not None and 0 <= float(own) <= 1 else None
        except (TypeError, ValueError):
            strength = None
        return (r.key(), r.member, r.organization, r.role, int(r.official), strength, *days(), sens, r.confidence)
    kind = r.kind_name
    if kind == "tie":
        return (r.key(), r.a, r.b, r.kind, r.strength, *days(), sens, r.confidence)  # type: ignore[attr-defined]
    if kind == "influence":
        return (r.key(), r.from_, r.to, r.kind, r.weight, *days(), sens, r.confidence)  # type: ignore[attr-defined]
    if kind == "participation":
        return (r.key(), r.actor, r.event, r.role, *days(), sens, r.confidence)  # type: ignore[attr-defined]
    return (r.key(), r.group, r.jurisdiction, r.kind, r.scope, *days(), sens, r.confidence)  # type: ignore[attr-defined]


def id_forms(actor_id: str) -> list[str]:
    """The forms an id typed on the command line may be stored in: as typed, composed, decomposed,
    as it looks (kg.model.id_look; ingest keeps one form of a look)."""
    return list(dict.fromkeys([actor_id, unicodedata.normalize("NFC", actor_id),
                               unicodedata.normalize("NFD", actor_id), id_look(actor_id)]))


def stored_forms(store: GraphStore, actor_id: str) -> list[str]:
    """:func:`id_forms`, and the ids the store holds in another form of the same look (a no-break space
    where a plain one was typed): what to look an id typed on the command line up by."""
    look = id_look(actor_id)
    return [*id_forms(actor_id), *sorted(i for i in store.unnormalized_ids("actor") if id_look(i) == look)]


def local_projection(store: GraphStore, day: date | None, seeds: Iterable[str], hops: int = 1, *,
                     max_sensitivity: int = 2, half_life: float | None = HALF_LIFE_YEARS,
                     parties_of: str = "all") -> Projection:
    """The projection of the actors within ``hops`` links of ``seeds`` (through people, as
    messages travel), read through the store's indexes instead of reading the whole store.

    Links among the actors found, the sizes of their organizations and the facts that decide
    their parties and tracks (affiliations upward, restrictions) are as in :func:`project`, so
    the answers about the seeds are the same (tests/test_local_projection.py compares them).
    ``parties_of="seeds"``: the affiliations upward are read for the seeds only, so only the
    seeds' parties, tracks and restrictions are sure (what a profile, a neighbourhood or what
    actors share shows); a hub's neighbours' affiliations are then not read.
    """
    if half_life is not None and not half_life > 0:
        raise KGError(f"--half-life is {half_life}; expected a number of years above 0")
    if parties_of not in ("all", "seeds"):
        raise ValueError(f"parties_of is {parties_of!r}; expected 'all' or 'seeds'")
    seeds = list(seeds)
    given = day is not None
    day = day or kgtime.today()
    ms = max_sensitivity
    # Rows as GraphStore.day_rows gives them, by record key in the order first found. The embedded
    # store reads them from its columns (the evidence of a link shown is read when it is shown);
    # another store gives whole records, kept for the evidence.
    found: dict[str, dict[str, tuple[Any, ...]]] = defaultdict(dict)
    whole: dict[tuple[str, Any], Record] = {}
    lean = getattr(store, "select_rows", None)

    def select(kind: str, field: str, values: Iterable[str], on: date | None) -> list[tuple[Any, ...]]:
        if lean is not None:
            pairs = lean(kind, field, values, on, ms)
        else:
            records = store.select(kind, field, values, on, ms)
            whole.update(((kind, r.key()), r) for r in records)
            pairs = [(r.key(), record_row(r)) for r in records]
        held = found[kind]
        for key, row in pairs:
            held.setdefault(key, row)
        return [row for _key, row in pairs]

    actors: dict[str, tuple[Any, ...]] = {}  # id -> row: (ref, id, name, kind, ...)
    ended: dict[str, str] = {}  # gone before the day (a death, a dissolution): left out, as project() does

    def fetch_actors(ids: Iterable[str]) -> None:
        wanted = [i for i in ids if i not in actors and i not in ended]
        rows = select("actor", "id", wanted, None)
        # (of those read only: a store of a million people, a third of them dead, has no third to read)
        gone = store.ended_actors(day, ms, [row[1] for row in rows]) if rows else {}
        ended.update(gone)
        for row in rows:
            if row[1] not in gone:
                actors[row[1]] = row

    def is_person(a: str) -> bool:
        return actors[a][3] == "person"

    fetch_actors(seeds)
    # an id typed in another Unicode form than the store holds (a decomposed ë): the stored one
    missing = [x for x in seeds if x not in actors]
    if missing:
        fetch_actors(f for x in missing for f in id_forms(x))
        missing = [x for x in missing if not any(f in actors for f in id_forms(x))]
        if missing:  # (stored in an odd form: a no-break space, a Cyrillic a)
            fetch_actors(f for x in missing for f in stored_forms(store, x))
    frontier = [a for a in actors]
    seen = set(frontier)
    for _ in range(hops):
        touched: set[str] = set()
        for field_a, field_b, kind in (("a", "b", "tie"), ("from", "to", "influence")):
            for f in (field_a, field_b):
                for row in select(kind, f, frontier, day):
                    touched.update(row[1:3])  # the two ends
        orgs: set[str] = set()
        for f in ("member", "organization"):
            for row in select("affiliation", f, frontier, day):
                touched.update(row[1:3])  # member, organization
                if row[1] in frontier:
                    orgs.add(row[2])
        orgs |= {a for a in frontier if not is_person(a)}
        sizes = store.count_by("affiliation", "organization", orgs, day, ms, at_most=MAX_COMEMBERS)
        small = [o for o in orgs if 2 <= sizes.get(o, 0) <= MAX_COMEMBERS]
        for row in select("affiliation", "organization", small, day):
            touched.add(row[1])
        event_ids = {row[2] for row in select("participation", "actor", frontier, None)}
        select("event", "id", event_ids, None)
        for row in select("participation", "event", event_ids, None):
            touched.add(row[1])
        fetch_actors(touched)
        frontier = [a for a in touched if a in actors and a not in seen and is_person(a)]
        seen.update(touched)
        if not frontier:
            break
    # what decides parties, tracks and restrictions: affiliations upward, transitively, of the seeds
    # (of everyone found, unless only the seeds' are asked for) and of the restricted groups (a rule
    # on a body binds what belongs to it)
    restriction_rows = store.day_rows("restriction", day, ms)
    restrictions = [r for r in store.records_by_ref("restriction", [r[0] for r in restriction_rows]).values()
                    if isinstance(r, Restriction)]
    fetch_actors(r.group for r in restrictions)
    todo = set(actors) if parties_of == "all" else {a for a in seeds if a in actors}
    todo |= {r.group for r in restrictions if r.group in actors}
    done: set[str] = set()
    while todo:
        done |= todo
        ups = select("affiliation", "member", todo, day)
        fetch_actors({row[2] for row in ups})
        todo = {row[2] for row in ups} - done
    # in the order the store gives a whole day (by ref), so that of two equally reliable links between
    # the same actors the one shown is the one the whole day's projection shows
    rows = {k: sorted(found[k].values(), key=operator.itemgetter(0))
            for k in ("event", "affiliation", "tie", "influence", "participation")}
    rows["actor"] = list(actors.values())
    rows["restriction"] = []
    # organizations too large for co-membership stay too large, whatever part of them was read (only
    # those with two members read can make a co-membership link: the others are not counted)
    read_members: dict[str, set[str]] = defaultdict(set)
    for row in found["affiliation"].values():
        read_members[row[2]].add(row[1])
    proj = build(day, rows, restrictions, store=store, as_of_given=given, max_sensitivity=ms, half_life=half_life,
                 sizes=store.count_by("affiliation", "organization",
                                      [o for o, m in read_members.items() if len(m) >= 2 and o in actors
                                       and not is_person(o)], day, ms, at_most=MAX_COMEMBERS))
    proj._records.update(whole)
    proj.ended = ended
    # the seeds' whole records (a profile shows their description, source and further properties)
    seed_ids = [a for a in dict.fromkeys(seeds) if a in actors]
    proj.full_actors = {a.id: a for a in store.select("actor", "id", seed_ids, None, ms) if isinstance(a, Actor)}
    return proj
