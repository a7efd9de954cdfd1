"""Build the map of a projection (pyvis's Network) and write it as one self-contained HTML file.

What a reader sees without a manual:

- **shape by kind**: people are dots, organizations squares, events diamonds;
- **colour by party**, from a fixed palette chosen by the party's name (the same
  party has the same colour in every map); actors of no party are grey;
- **border by track**: Track 1 a thick solid border, 1.5 solid, 2 dashed, 3 dotted;
- **non-engageable groups** (a restriction valid on the day): a red double border
  and "(restricted)" after the name;
- **edges by relationship**: ties solid, affiliations dashed with an arrow to the
  organization, influence an arrow in its colour, participation dotted to the
  event; hostile ties red and dashed; width grows with strength;
- **tooltips** with role, dates, confidence and source; a **legend** and a
  **search box** on the page.

Safety: every string from the data reaches the page as JSON inside a
``<script type="application/json">`` block (``<``, ``>`` and ``&`` escaped) and
is put on the page with ``textContent`` or drawn on the canvas, never parsed
as HTML. vis-network and its CSS are inlined from the pyvis package: the file
makes no request. Records marked ``confidential`` are left out unless asked for.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from kg.errors import KGError
from kg.graph import project
from kg.store.base import GraphStore
from visualize.redact import Redactor, store_salt

LARGE = 1000  # past this many nodes: layout in Python, physics off, straight edges
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7",
           "#17becf", "#8c6d31", "#393b79", "#637939"]
NO_PARTY = "#b0b0b0"
EVENT_COLOUR = "#fff3b0"
RESTRICTED = "#d62728"
CONTACT = "#ffbf00"
FADED = "rgba(180,180,180,0.18)"
TRACK_BORDER = {"1": (3, False), "1.5": (2, False), "2": (2, [5, 4]), "3": (2, [1, 4])}
EDGE_STYLE = {"tie": ("#7f7f7f", False), "affiliation": ("#9aa7b8", [6, 4]),
              "influence": ("#8e44ad", False), "participation": ("#c9a227", [2, 4])}
SHAPES = {"person": "dot", "organization": "square", "event": "diamond"}


def party_colour(party: str) -> str:
    """A stable colour for a party name: the same in every map."""
    return PALETTE[int(hashlib.sha256(party.encode()).hexdigest(), 16) % len(PALETTE)]


@dataclass
class MapOptions:
    """What to draw."""

    as_of: date | None = None
    focus: str | None = None
    hops: int = 1
    bridges: tuple[str, str] | None = None
    channels: tuple[str, str] | None = None
    include_confidential: bool = False
    redact: bool = False
    top: int = 10
    title: str | None = None


@dataclass
class MapData:
    """Everything the page needs, as plain data."""

    title: str
    subtitle: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[dict[str, Any]]
    options: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    large: bool = False


def _dates(start: str | None, end: str | None) -> str:
    if not start and not end:
        return "undated"
    return f"{start or '...'} to {end or 'now'}"


def _conf(c: float) -> str:
    return f"{c:g}"


def build_map(store: GraphStore, opts: MapOptions) -> MapData:
    """The map of the store on ``opts.as_of``, with any answer drawn on it."""
    proj = project(store, opts.as_of, include_confidential=opts.include_confidential)
    day = proj.day.isoformat()
    people = {a.id: [a.name, *a.aliases] for a in proj.actors.values() if a.kind == "person"}
    red = Redactor(people, store_salt(store)) if opts.redact else None

    def t(value: str | None) -> str:
        return red.text(value or "") if red else (value or "")

    def nid(actor_id: str) -> str:
        return red.node_id(actor_id) if red else actor_id

    links = proj.links(exclude_hostile=False)
    keep = set(links)
    if opts.focus:
        from queries.lookup import resolve_actor

        focus = resolve_actor(proj, opts.focus).id
        keep = set(nx.single_source_shortest_path_length(links, focus, cutoff=opts.hops))

    highlight_nodes: set[str] = set()
    highlight_pairs: set[frozenset[str]] = set()
    highlight_events: set[str] = set()
    contacts: set[str] = set()
    ranks: dict[str, tuple[int, float]] = {}
    notes: list[str] = []
    subtitle = f"as of {day}" if proj.as_of_given else f"today ({day})"
    title = opts.title or "Backchannel map"
    if opts.channels:
        from queries.channels import channels_to_group

        answer = channels_to_group(proj, *opts.channels)
        title = opts.title or f"Channels from {proj.name(answer.from_)} to {proj.name(answer.group)}"
        notes.append(answer.message)
        highlight_nodes.add(answer.group)
        for c in answer.channels:
            highlight_nodes.update(c.path)
            contacts.add(c.contact)
            for h in c.hops:
                highlight_pairs.add(frozenset((h.from_, h.to)))
                if h.via == "event":
                    best = links[h.from_][h.to]["best"]
                    highlight_events.add(best["event"])
        if not opts.focus:
            keep = set(links)
    if opts.bridges:
        from queries.bridges import bridging_figures

        b = bridging_figures(proj, *opts.bridges, top=max(opts.top, 1))
        title = opts.title or f"Bridges between {b.parties[0]} and {b.parties[1]}"
        notes.append(b.message or f"Top {len(b.results)} bridging figures, sized by score; betweenness {b.method}")
        for i, r in enumerate(b.results, 1):
            ranks[r.id] = (i, r.score)
    if opts.focus:
        title = opts.title or f"Within {opts.hops} hop{'s' if opts.hops != 1 else ''} of {proj.name(focus)}"
    if opts.include_confidential:
        subtitle += " - INCLUDES CONFIDENTIAL RECORDS: do not share"
    if red:
        subtitle += " - names of people replaced by pseudonyms"
    answer_drawn = bool(opts.channels)

    net = Network(directed=True)
    parties_seen: dict[str, str] = {}
    for n in sorted(keep):
        d = proj.graph.nodes[n]
        parties = d["parties"]
        colour = party_colour(parties[0]) if parties else NO_PARTY
        for p in parties:
            parties_seen[p] = party_colour(p)
        width, dashes = TRACK_BORDER.get(d["track"], (2, False))
        border = "#333333"
        label = t(d["name"])
        if d["restricted"]:
            border, width = RESTRICTED, 5
            label += " (restricted)"
        if n in ranks:
            label = f"#{ranks[n][0]} {label}"
        size: float = 14
        if n in ranks:
            size = 14 + 36 * ranks[n][1]
        faded = answer_drawn and n not in highlight_nodes
        if n in contacts:
            border, width = CONTACT, 6
            label = f"\u2605 {label} (contact)"
        tooltip = "\n".join(x for x in [
            t(d["name"]), f"{d['kind']}{' / ' + d['org_type'] if d['org_type'] else ''}",
            f"party: {t(', '.join(parties)) or 'none'}", f"track: {d['track']}",
            f"country: {d['country'] or '?'}",
            "RESTRICTED (non-engageable) on this day" if d["restricted"] else "",
            f"bridging score: {ranks[n][1]:.3f} (#{ranks[n][0]})" if n in ranks else "",
            t(d["description"]), f"confidence: {_conf(d['confidence'])}", f"source: {t(d['source']) or 'none given'}",
        ] if x)
        net.add_node(nid(n), label=label, shape=SHAPES[d["kind"]], title=tooltip, size=size,
                     borderWidth=width, shapeProperties={"borderDashes": dashes},
                     color={"background": FADED if faded else colour,
                            "border": border if d["restricted"] or not faded else FADED},
                     font={"color": "rgba(60,60,60,0.35)" if faded else "#222222"},
                     kind=d["kind"], name=t(d["name"]))

    edges: list[dict[str, Any]] = []
    for u, v, d in proj.graph.edges(data=True):
        if u not in keep or v not in keep or d["relationship"] == "event":
            continue
        if d["relationship"] == "co-membership" and frozenset((u, v)) not in highlight_pairs:
            continue  # drawn as the two affiliations, unless a channel runs along it
        colour, dashes = EDGE_STYLE.get(d["relationship"], EDGE_STYLE["affiliation"])
        hostile = d["relationship"] == "tie" and d["kind"] == "hostile"
        if hostile:
            colour, dashes = RESTRICTED, [8, 6]
        on_channel = frozenset((u, v)) in highlight_pairs and not hostile
        if answer_drawn and not on_channel:
            colour = FADED
        elif on_channel:
            colour = CONTACT if (u in contacts or v in contacts) else "#e15759"
        edge = {"from": nid(d["from"]), "to": nid(d["to"]), "color": {"color": colour},
                "dashes": dashes, "width": 1 + 5 * d["strength"] + (3 if on_channel else 0),
                "arrows": "to" if d["relationship"] in ("affiliation", "influence") else "",
                "title": "\n".join(x for x in [
                    f"{d['relationship']}: {t(d['kind'])}",
                    f"{t(proj.name(d['from']))} - {t(proj.name(d['to']))}",
                    f"strength {d['strength']:g}, confidence {_conf(d['confidence'])}",
                    f"dates: {_dates(d['start'], d['end'])}", "OFFICIAL role" if d.get("official") else "",
                    f"note: {t(d['note'])}" if d.get("note") else "",
                    f"source: {t(d['source']) or 'none given'}"] if x)}
        edges.append(edge)

    events_drawn = set()
    for p in proj.participations:
        if p.actor not in keep:
            continue
        ev = proj.events[p.event]
        eid = f"event:{ev.id}"
        if ev.id not in events_drawn:
            events_drawn.add(ev.id)
            faded = answer_drawn and ev.id not in highlight_events
            net.add_node(eid, label=t(ev.name), shape="diamond", size=10,
                         title="\n".join(x for x in [
                             t(ev.name), f"event, track {ev.track or '?'}", f"dates: {_dates(ev.start, ev.end)}",
                             f"where: {t(ev.location)}" if ev.location else "",
                             f"process: {t(ev.process)}" if ev.process else "",
                             f"source: {t(ev.source) or 'none given'}"] if x),
                         color={"background": FADED if faded else EVENT_COLOUR,
                                "border": FADED if faded else "#9c8500"},
                         font={"color": "rgba(60,60,60,0.35)" if faded else "#5a4a00", "size": 11},
                         kind="event", name=t(ev.name))
        on = answer_drawn and ev.id in highlight_events and p.actor in highlight_nodes
        colour, dashes = EDGE_STYLE["participation"]
        edges.append({"from": nid(p.actor), "to": eid, "arrows": "to", "dashes": dashes, "width": 3 if on else 1,
                      "color": {"color": CONTACT if on else (FADED if answer_drawn else colour)},
                      "title": f"{p.role} at {t(ev.name)}\nconfidence {_conf(p.confidence)}\n"
                               f"source: {t(p.source or ev.source) or 'none given'}"})

    net.edges = edges  # pyvis's add_edge scans every edge per call; and it would merge a tie and an affiliation
    large = len(net.nodes) > LARGE
    if large:
        _python_layout(net)
    legend = [{"kind": "party", "label": t(p), "colour": c} for p, c in sorted(parties_seen.items())]
    legend += [{"kind": "party", "label": "no party", "colour": NO_PARTY}]
    if not net.nodes:
        raise KGError("nothing to draw: the store has no actor valid on that day (load data with kg ingest)")
    return MapData(title=t(title), subtitle=subtitle, nodes=net.nodes, edges=edges, legend=legend,
                   options=_vis_options(large), notes=[t(n) for n in notes], large=large)


def _python_layout(net: Network) -> None:
    """Fruchterman-Reingold in igraph (fast, in C); positions fixed, physics off."""
    import igraph

    index = {n["id"]: i for i, n in enumerate(net.nodes)}
    pairs = {(min(index[e["from"]], index[e["to"]]), max(index[e["from"]], index[e["to"]])) for e in net.edges}
    g = igraph.Graph(n=len(index), edges=sorted(pairs))
    layout = g.layout_fruchterman_reingold(niter=300, seed=None)
    span = max(1.0, *(abs(c) for xy in layout.coords for c in xy))
    scale = 40 * (len(index) ** 0.5) / span
    for node, (x, y) in zip(net.nodes, layout.coords, strict=True):
        node["x"], node["y"] = round(x * scale, 1), round(y * scale, 1)


def _vis_options(large: bool) -> dict[str, Any]:
    if large:
        return {"physics": {"enabled": False}, "edges": {"smooth": False},
                "interaction": {"hideEdgesOnDrag": True, "tooltipDelay": 150},
                "nodes": {"font": {"size": 12}}}
    return {"physics": {"enabled": True, "solver": "forceAtlas2Based",
                        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110},
                        "stabilization": {"enabled": True, "iterations": 250, "fit": True}},
            "edges": {"smooth": {"enabled": True, "type": "continuous"}},
            "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
            "nodes": {"font": {"size": 14}}}


def _vis_asset(name: str) -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


def _json_for_script(data: Any) -> str:
    """JSON that cannot end its <script> element or open another one."""
    return (json.dumps(data, ensure_ascii=False).replace("&", "\\u0026").replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(m: MapData) -> str:
    """The whole page: vis-network, its CSS, our script and the data, all inline."""
    template = (Path(__file__).parent / "assets" / "page.html").read_text(encoding="utf-8")
    vis_js = _vis_asset("vis-network.min.js")
    if "</script" in vis_js.lower():  # pragma: no cover - guards an upgrade of the bundled file
        raise KGError("the bundled vis-network contains '</script' and cannot be inlined safely")
    data = {"title": m.title, "subtitle": m.subtitle, "nodes": m.nodes, "edges": m.edges, "legend": m.legend,
            "options": m.options, "notes": m.notes, "large": m.large}
    script = (Path(__file__).parent / "assets" / "map.js").read_text(encoding="utf-8")
    parts = {"TITLE": escape(m.title), "VIS_CSS": _vis_asset("vis-network.css").replace("</style", "<\\/style"),
             "PAGE_SCRIPT": script, "DATA": _json_for_script(data), "VIS_JS": vis_js}
    # one pass over the template only: text put in is never scanned for placeholders again
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda mt: parts[mt.group(1)], template)


def write_map(store: GraphStore, opts: MapOptions, out: str | Path) -> tuple[Path, MapData]:
    """Build and write the map; returns the file's path and what was drawn."""
    m = build_map(store, opts)
    path = Path(out)
    if path.parent and not path.parent.exists():
        raise KGError(f"cannot write {path}: folder {path.parent} does not exist")
    path.write_text(render_html(m), encoding="utf-8")
    return path, m
