"""Gould & Fernandez brokerage roles, counted as R's ``sna::brokerage()`` counts them.

Gould, R. V. and Fernandez, R. M. (1989), "Structures of Mediation: A Formal
Approach to Brokerage in Transaction Networks", *Sociological Methodology* 19.

For a broker ``b`` and each ordered pair ``(a, c)`` of distinct neighbours of
``b`` that are not themselves linked, the two-path ``a -> b -> c`` is:

- **coordinator** when a, b and c share a group;
- **itinerant** (Gould & Fernandez's "consultant") when a and c share a group and b does not;
- **representative** when a and b share a group and c does not;
- **gatekeeper** when b and c share a group and a does not;
- **liaison** when all three differ.

An undirected link is two arcs, so each open two-path is counted in both
directions and representative equals gatekeeper, as in ``sna``'s ``raw.nli``.
Known answer: the Strike network (tests/fixtures/strike, from R sna).

>>> import networkx as nx
>>> g = nx.Graph([("a", "b"), ("b", "c")])
>>> brokerage_roles(g, {"a": 1, "b": 2, "c": 3})["b"]
{'coordinator': 0, 'itinerant': 0, 'representative': 0, 'gatekeeper': 0, 'liaison': 2}
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import networkx as nx

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def role_of(ga: Hashable, gb: Hashable, gc: Hashable) -> str:
    """The role of b on the two-path a -> b -> c, given the three groups."""
    if ga == gb == gc:
        return "coordinator"
    if ga == gc:
        return "itinerant"
    if ga == gb:
        return "representative"
    if gb == gc:
        return "gatekeeper"
    return "liaison"


def brokerage_roles(graph: nx.Graph, group: Mapping[Hashable, Hashable],
                    nodes: list[Hashable] | None = None) -> dict[Hashable, dict[str, int]]:
    """Each node's count of open two-paths in each brokerage role.

    ``graph`` is undirected and simple; ``group`` maps every node to its group.
    ``nodes`` limits which brokers are counted (all by default).
    """
    out: dict[Hashable, dict[str, int]] = {}
    for b in graph if nodes is None else nodes:
        counts = dict.fromkeys(ROLES, 0)
        neighbours = [n for n in graph[b] if n != b]
        gb = group[b]
        for i, a in enumerate(neighbours):
            linked = graph[a]
            for c in neighbours[i + 1:]:
                if c in linked:
                    continue
                # a -> b -> c and c -> b -> a
                counts[role_of(group[a], gb, group[c])] += 1
                counts[role_of(group[c], gb, group[a])] += 1
        out[b] = counts
    return out
