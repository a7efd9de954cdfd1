"""The map of a projection, laid out in Python and written as one self-contained HTML file (or SVG/PNG).

What a reader sees without a manual (every encoding is in the legend):

- **shape by kind**: people are circles, organizations squares, events diamonds;
- **fill by party**: a colour-blind-safe palette (Okabe-Ito) given to the map's
  parties in sorted order (where a name may be rewritten, of the names as written, then of a keyed
  hash), so every party of one map has its own fill; past
  the palette the colours come back with a pattern (stripes, dots, grid,
  rings); actors of no party are pale grey;
- **border by track**: Track 1 thick solid, 1.5 thin solid, 2 dashed, 3 dotted;
  **non-engageable groups** (a restriction on the day) a black double border
  and "(restricted)" after the name, the tooltip saying who imposes each
  restriction and on whom (officials or nationals);
- **sensitivity**: a black badge R or C on a node or link resting on records
  marked restricted or confidential, and in every tooltip;
- **links by relationship**: ties solid grey, affiliations dashed with an arrow
  to the organization, influence dark with an arrow, taking part in an event
  dotted; hostile ties black dash-dot; width grows with strength;
- **answers**: the channels' actors in vermilion, and of each hop the record
  it rests on (as ``kg channels`` gives its evidence), the contacts with a
  star, the focus actor with a black outer ring, bridging figures sized by
  score and numbered; colours used for nothing else. Everything else fades;
- a **date slider** over the data's range shows the links as they stood on
  each day (links begin and end); an answer is the map's day's, said and
  dimmed on any other; a **search box**; tooltips.

The layout is computed in Python (igraph's Fruchterman-Reingold, seeded, each
connected component laid out on its own and the components packed, lone
actors in a compact block): the same data gives the same picture, the page
draws at once on its own canvas (no physics), and the SVG export uses the same
positions.

Safety: every string from the data reaches the page as JSON inside a
``<script type="application/json">`` block (``<``, ``>`` and ``&`` escaped) and
is put on the page with ``textContent`` or drawn on the canvas, never parsed
as HTML; labels are cut to :data:`LABEL_CHARS` characters, stripped of
direction overrides and isolated from the page's text direction. The file
makes no request (a Content-Security-Policy forbids any). Records marked
``confidential`` are left out unless asked for, and then the map says so
(``public_only``: those marked ``restricted`` too, a map for anyone); names of
actors left out that way are rewritten wherever other text mentions
them. ``redact`` replaces every person's name (see :mod:`visualize.redact`).
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from kg import time as kgtime
from kg.errors import KGError
from kg.graph import SENSITIVITIES, Projection, most_sensitive, project
from kg.model import (
    INFLUENCE_KINDS,
    PUBLIC_ONLY_CONFLICT,
    TIE_KINDS,
    Actor,
    Event,
    Influence,
    Participation,
    Tie,
    sensitivity_level,
)
from kg.store.base import GraphStore
from kg.text import ended_on
from visualize.redact import (
    Redactor,
    bodies_kept,
    body_and_party_names,
    holds_whole_name,
    people_of,
    points_somewhere,
    pseudonym,
    store_salt,
    whole_names,
)

SUFFIXES = (".html", ".htm", ".svg", ".png")
LARGE = 1000  # past this many nodes: labels only where they fit, no edge tooltips on hover-scan
LABEL_CHARS = 40
TEXT_CHARS = 2000  # longest text kept for a tooltip line
SEED = 1
# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
# Orange and vermilion are kept back for answers, black for markers.
PALETTE = ["#56B4E9", "#009E73", "#F0E442", "#0072B2", "#CC79A7"]
PATTERNS = ["", "stripes", "dots", "grid", "rings"]
NO_PARTY = "#DDDDDD"
EVENT_FILL = "#FFFFFF"
ANSWER = "#D55E00"  # vermilion: channels, contacts, bridging figures; nothing else
MARKER = "#000000"  # focus ring, restricted double border, hostile ties
BORDER = "#333333"
FADED = "rgba(160,160,160,0.22)"
TRACK_BORDER = {"1": (3.0, "solid"), "1.5": (1.5, "solid"), "2": (2.0, "dashed"), "3": (2.0, "dotted")}
EDGE_STYLE = {"tie": ("#9A9A9A", "solid", False), "affiliation": ("#9A9A9A", "dashed", True),
              "influence": ("#4D4D4D", "solid", True), "participation": ("#9A9A9A", "dotted", True),
              "hostile": (MARKER, "dashdot", False), "co-membership": ("#9A9A9A", "dotted", False)}
EDGE_LABEL = {"co-membership": "co-members of a small body (drawn where an answer runs along it)",
              "tie": "tie", "affiliation": "affiliation (arrow to the organization)",
              "influence": "influence (arrow to the one influenced)", "participation": "took part in an event",
              "hostile": "hostile tie"}
SHAPES = {"person": "circle", "organization": "square", "event": "diamond"}
SV_LETTER = {"restricted": "R", "confidential": "C"}  # the badge on a node or link resting on such records
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_EPOCH = date(1970, 1, 1).toordinal()


def day_number(d: date) -> int:
    """Days since 1970-01-01, as the page counts them."""
    return d.toordinal() - _EPOCH


def clean(text: str | None, limit: int = TEXT_CHARS) -> str:
    """Text safe to show: no control characters, no direction overrides, at most ``limit`` characters."""
    text = _CONTROL.sub(" ", _BIDI.sub("", text or ""))
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def label_text(text: str | None, suffix: str = "") -> str:
    """A node's label: cleaned, cut to :data:`LABEL_CHARS` with an ellipsis, isolated (FSI ... PDI)
    so a right-to-left name cannot reorder the text around it. ``suffix`` (a mark of the map's own,
    " (restricted) [RESTRICTED]") is kept whole: the name is cut to leave room for it (a map recipient
    found a long group name had lost it).

    >>> label_text("A" * 50, " (restricted)")[-14:-1]
    ' (restricted)'
    """
    return "\u2068" + clean(" ".join((text or "").split()), LABEL_CHARS - len(suffix)) + suffix + "\u2069"


def mark(sensitivity: str) -> str:
    """How a restricted or confidential fact is flagged, as the terminal flags it (kg.cli.mark)."""
    return "" if sensitivity == "public" else f" [{sensitivity.upper()}]"


def party_styles(parties: Iterable[str], key: Callable[[str], Any] | None = None) -> dict[str, tuple[str, str]]:
    """Fill colour and pattern for each party of one map, given in sorted order (of ``key``, when given): all
    distinct up to len(PALETTE) x len(PATTERNS) parties. The legend lists them in this order.

    >>> s = party_styles(["Turkey", "PKK"])
    >>> s["PKK"] != s["Turkey"], list(s), list(party_styles(["Turkey", "PKK"], key=len))
    (True, ['PKK', 'Turkey'], ['PKK', 'Turkey'])
    """
    out = {}
    for i, p in enumerate(sorted(set(parties), key=key)):
        out[p] = (PALETTE[i % len(PALETTE)], PATTERNS[(i // len(PALETTE)) % len(PATTERNS)])
    return out


@dataclass
class MapOptions:
    """What to draw."""

    as_of: date | None = None
    focus: str | None = None
    hops: int | None = None
    bridges: tuple[str, str] | None = None
    channels: tuple[str, str] | None = None
    include_confidential: bool = False
    public_only: bool = False  # records marked public alone (a map for anyone): restricted ones left out too
    redact: bool = False
    top: int | None = None  # channels: 5, bridges: 10, as on the terminal
    title: str | None = None
    half_life: float = 2.0  # years: how fast a shared meeting ages (kg.graph.HALF_LIFE_YEARS), as on the terminal
    max_hops: int = 6  # channels: the longest shown, as kg channels --max-hops

    def check(self) -> None:
        """Refuse combinations that would draw a silently odd map."""
        if self.hops is not None and not self.focus:
            raise KGError("--hops needs --focus ID (how far from which actor?)")
        if self.bridges and self.channels:
            raise KGError("draw one answer per map: --channels or --bridges, not both")
        if self.hops is not None and self.hops < 1:
            raise KGError(f"--hops must be 1 or more, not {self.hops}")
        if self.public_only and self.include_confidential:
            raise KGError(PUBLIC_ONLY_CONFLICT)

    @property
    def max_sensitivity(self) -> int:
        """The most sensitive records drawn: 0 public, 1 restricted (the default), 2 confidential."""
        return sensitivity_level(self.public_only, not self.include_confidential)

    def left_out(self, sensitivity: str) -> bool:
        """Whether a record so marked stays out of the map."""
        return SENSITIVITIES.index(sensitivity) > self.max_sensitivity

    @property
    def left_out_words(self) -> str:
        """What the map leaves out by sensitivity, in a user's words."""
        return "restricted or confidential" if self.public_only else "confidential"


@dataclass
class MapData:
    """Everything the page needs, as plain data."""

    title: str
    subtitle: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[dict[str, Any]]
    day: int
    span: tuple[int, int]
    notes: list[str] = field(default_factory=list)
    large: bool = False
    report: list[str] = field(default_factory=list)  # what redaction rewrote and left out, for the command
    warning: bool = False
    # (sensitivity, what) -> how many drawn carry its badge: actors, events, links (the badge's: a link as
    # sensitive as the actors and event it names; a node as its record, the restrictions on it and its place
    # in the answer)
    sensitive: dict[tuple[str, str], int] = field(default_factory=dict)
    answer: bool = False  # channels or bridges drawn: an answer of the map's day, dimmed on other days

    def marked(self, sensitivity: str) -> int:
        """How many nodes and links drawn carry the badge of ``sensitivity`` (what the command says of the file)."""
        return sum(n for (s, _), n in self.sensitive.items() if s == sensitivity)

    def marked_kinds(self, sensitivity: str) -> str:
        """"5 actors, 1 event, 2 links": the nodes and links drawn with the badge of ``sensitivity``, by kind (a
        second reader found "1 actor" said beside five actors badged R)."""
        return ", ".join(f"{n} {what}{'s' if n != 1 else ''}" for what in ("actor", "event", "link")
                         if (n := self.sensitive.get((sensitivity, what), 0)))

    @property
    def restricted(self) -> int:
        """How many nodes and links drawn are badged restricted."""
        return self.marked("restricted")

    def payload(self) -> dict[str, Any]:
        return {"title": self.title, "subtitle": self.subtitle, "nodes": self.nodes, "edges": self.edges,
                "legend": self.legend, "day": self.day, "span": list(self.span), "notes": self.notes,
                "large": self.large, "warning": self.warning, "answer": self.answer}


def _dates(start: str | None, end: str | None) -> str:
    if not start and not end:
        return "undated"
    return f"{start or '...'} to {end or 'now'}"


def _strength(aff: Any) -> float:
    """An affiliation's strength as the projection takes it (its own column, else by officialness)."""
    try:
        x = float(aff.props.get("strength"))
    except (TypeError, ValueError):
        x = -1.0
    return x if 0.0 <= x <= 1.0 else (0.8 if aff.official else 0.6)


def _event_dates(start: str | None, end: str | None) -> str:
    """An event's dates as given, read as the terminal reads them (an event without an end lasted its
    first day, not "to now")."""
    if start and not end:
        return f"{start} (no end given: its one day)"
    return _dates(start, end)


def _took_part(start: str | None, own_end: str | None, event_end: str | None) -> str:
    """A participation's dates as the projection reads them (kg.graph.presence): at the event from ``start``
    (kgtime.participation_start) to the earlier of its own end and its event's, an event without an end its
    one day; having met counts from then on, ageing, as kg show says. Not "to now" (a second reader found
    "1993-01-20 to now" under an event of 1993-01-20 to 1993-01-22)."""
    end = own_end if own_end and (not event_end or kgtime.last_day(own_end) < kgtime.last_day(event_end)) \
        else event_end
    if not start and not end:
        return _Own("undated (having met counts, ageing)")
    when = start if end is None or end == start else f"{start or '...'} to {end}"
    one_day = "no end given: its one day; " if end is None else ""
    # (the map's own words around dates: no data in it for the last pass to read)
    return _Own(f"at the event {when} ({one_day}having met counts from then on, ageing)")


def _interval(start: str | None, end: str | None) -> tuple[int | None, int | None]:
    return (day_number(kgtime.first_day(start)) if start else None,
            day_number(kgtime.last_day(end)) if end else None)


class _Own(str):
    """Text of the map's own making, no data in it ("none given", "tie: friendship"): the last pass
    leaves it as it is (a person named Given or Friend must not turn it into "none […]": text the reader
    knows by heart would spell the hidden word). Data in a text is never marked so."""


NONE_GIVEN = _Own("none given")


def _is_country(code: str | None) -> bool:
    """Whether a country code is a country's (the data's vocabulary, shown as it is: a person named Ben
    must not turn Benin's BEN into […])."""
    from ingest.ftm import iso2

    return code is not None and code != "" and all(iso2(c) is not None for c in code.split(";"))  # (GBR;IRL)
# the kinds of links that are the tool's words: a link's kind shown as "tie: friendship" is one of these
_KINDS = frozenset(TIE_KINDS) | frozenset(INFLUENCE_KINDS) | {"shared event", "co-members", "member"}


class _Text:
    """Every string bound for the file goes through here: cleaned, and rewritten where it names a
    person who must not be named (everyone when redacting, else the confidential people left out)."""

    def __init__(self, red: Redactor | None, whole: set[tuple[str, ...]] | None = None) -> None:
        self.red = red
        self.whole = whole  # without --redact: the left-out people's whole names (a name of the map's own)
        self.kept: set[str] = set()  # the actors' own names kept as given: the last pass keeps them too

    def __call__(self, value: str | None, what: str = "text") -> str:
        # rewritten whole, then cut: a name cut in two at the limit would not be found
        return clean(self.red.text(value, what) if self.red else value)

    def own(self, value: str | None, what: str = "names") -> str:
        """An actor's own name or alias: under --redact, rewritten as any text; else as given, unless it holds
        a left-out person's whole name (a public "Mohammed Abbas" was drawn "[…] Abbas" beside a confidential
        Mohammed Ali: an adversary of exports, the same in maps)."""
        if self.whole is not None and not (value and holds_whole_name(value, self.whole)):
            kept = clean(value)
            if kept:
                self.kept.add(kept)
            return kept
        return self(value, what)

    def own_id(self, value: str) -> str:
        """An actor's id as :meth:`own` takes a name: kept as given unless it holds a left-out whole name, run
        together too ("janedoe-media"); then rewritten by the last pass. (It was rewritten word by word: a
        public "amy-stone" drawn "amy-[…]" said a hidden actor shares her surname, an adversary.)"""
        if self.whole is not None and not holds_whole_name(value, self.whole, handle=True):
            self.kept.add(value)
        return value

    def source(self, value: str | None, what: str = "sources") -> str:
        return clean(self.red.keep_or_drop(value, what) if self.red else value)

    def drop(self, what: str) -> None:
        """A text left out whatever it says, counted for the command to say."""
        if self.red is not None:
            self.red.left_out[what] += 1


def build_map(store: GraphStore, opts: MapOptions) -> MapData:
    """The map of the store on ``opts.as_of``, with any answer drawn on it.

    One projection (with or without confidential records, as asked) serves both
    the question and the drawing, so the map shows the answer the terminal gives
    for the same options.
    """
    opts.check()
    proj = project(store, opts.as_of, max_sensitivity=opts.max_sensitivity, half_life=opts.half_life)
    everyone = list(store.records("actor"))
    # the confidential actors left out (restricted ones too with --public-only) must not be read in other
    # records' text: a person's name words, an organization's whole name (its words are common ones)
    gone_all = [a for a in everyone if isinstance(a, Actor) and a.id not in proj.actors]
    # (one that ended before the day, dead or dissolved, is not in the day's network but hides nothing: its name
    # stays in others' text, as kg export --as-of keeps it; a reader found public names written […] "as
    # confidential"; under --redact every person is hidden anyway, and a body's name kept, a second reader)
    gone = [a for a in gone_all if a.id not in proj.ended]
    hidden = people_of(everyone) if opts.redact else people_of(gone)
    # (id, names) of each body and event left out: an event may have a body's id, so not a dict by id
    hidden_orgs = [(a.id, [a.name, *a.aliases]) for a in gone if a.kind != "person"]
    # and the events left out (confidential ones; restricted too with --public-only), whose names other text may give
    hidden_orgs.extend((e.key(), [getattr(e, "name", "")]) for e in store.records("event")
                       if opts.left_out(e.sensitivity))
    # people left out are written […] (not a pseudonym: nobody in the file)
    red = (Redactor(hidden, store_salt(store), hidden_orgs, absent=[a.id for a in (gone_all if opts.redact else gone)],
                    public_names=body_and_party_names(everyone) if opts.redact else (),
                    unreadable=True if opts.redact else "names",
                    public_bodies=bodies_kept(a for a in everyone if a.key() in proj.actors) if opts.redact else ())
           if hidden or hidden_orgs else None)
    # (without --redact, an actor's own name is rewritten only where it holds a whole name left out: a person's,
    # a body's or an event's)
    whole = whole_names(people_of(gone))
    for oid, names in hidden_orgs:
        whole |= whole_names({oid: names})
    t = _Text(red, None if opts.redact else whole)
    day = proj.day

    def name_of(n: str) -> str:
        """An actor's name as the file writes it: a person under --redact by pseudonym, whatever the name (a
        codename "K", "4711" or a symbol is no word the rewriting can read: it stood as the label)."""
        return red.pseudonym(n) if opts.redact and red is not None and n in hidden else proj.name(n)

    keep: set[str] = set(proj.graph)
    focus = None
    hops = opts.hops or 1
    if opts.focus:
        from queries.connections import neighbourhood
        from queries.lookup import resolve_actor

        focus = resolve_actor(proj, opts.focus).id
        # the actors kg neighbors lists: grown through people, an organization reached but not passed
        # through (a map recipient found a 61-member ministry pulling everyone into a map of two hops)
        near = neighbourhood(store, focus, hops, day, proj.max_sensitivity, opts.half_life)
        keep = {focus, *(x["id"] for x in near["neighbors"])}

    path_nodes: set[str] = set()
    ends: set[str] = set()
    # what the hops rest on, as kg channels gives each hop's evidence: (the two ends, the record) of each
    # link, the events met at and the participations met through. Not every link of a hop's two people,
    # nor every event they ever shared (a map recipient found those painted as channels)
    path_links: set[tuple[frozenset[str], str]] = set()
    path_events: set[str] = set()
    path_parts: set[str] = set()
    contacts: set[str] = set()
    # what an actor's place in the answer rests on, marked as the terminal marks it: the channels through
    # it, its bridging figure and score (a map recipient found them unmarked where kg channels and kg bridges
    # mark them)
    answer_rests: dict[str, str] = {}
    ranking_rests = "public"  # what a bridges ranking and its scores rest on (queries.bridges.ranking_sensitivity)
    ranks: dict[str, tuple[int, float]] = {}
    notes: list[str] = []
    title = opts.title
    if opts.channels:
        from queries.channels import channels_to_group

        answer = channels_to_group(proj, *opts.channels, top=opts.top or 5, max_hops=opts.max_hops)
        title = title or f"Channels from {name_of(answer.from_)} to {name_of(answer.group)}"
        notes.append(_channels_note(proj, answer, red, opts.redact))
        path_nodes.add(answer.group)
        ends = {answer.from_, answer.group}  # the question's two ends: named before anyone else
        lg = proj.link_graph("all")
        for c in answer.channels:
            path_nodes.update(c.path)
            contacts.add(c.contact)
            for n in c.path:
                answer_rests[n] = most_sensitive(answer_rests.get(n, "public"), c.sensitivity)
            for h in c.hops:
                for i in _hop_links(proj, lg, h):
                    said = proj.evidence(i)
                    # an organization's first hop to its person in its bodies: the affiliations of the way
                    path_nodes.update((said["from"], said["to"]))
                    if said["relationship"] == "event":
                        path_events.add(said["event"])
                        path_parts.update(_participations(proj, i))
                    else:
                        path_links.add((frozenset((said["from"], said["to"])), said["record"]))
        keep |= path_nodes & set(proj.graph)
    if opts.bridges:
        from queries.bridges import bridging_figures, ranking_sensitivity

        b = bridging_figures(proj, *opts.bridges, top=opts.top or 10)
        b = ranking_sensitivity(proj, b, *opts.bridges, top=opts.top or 10)  # as kg bridges marks it
        title = title or f"Bridges between {b.parties[0]} and {b.parties[1]}"
        ranking_rests = b.ranking_sensitivity
        notes.append((b.message or f"Top {len(b.results)} bridging figures, sized by score and numbered; "
                                   f"betweenness {b.method}")
                     + (f"; who is a member of the parties rests on {b.members_sensitivity} records"
                        f"{mark(b.members_sensitivity)}" if b.members_sensitivity != "public" else "")
                     + (f"; the ranking and scores rest on {ranking_rests} records: {b.ranking_why}"
                        f"{mark(ranking_rests)}" if ranking_rests != "public" and b.results else ""))
        results = b.results
        if opts.redact and red is not None:  # (equal scores in the order of pseudonyms, not of real names)
            results = sorted(results, key=lambda r: (-r.score, red.ids.get(r.id, r.id)))
        for i, r in enumerate(results, 1):
            ranks[r.id] = (i, r.score)
            answer_rests[r.id] = r.sensitivity  # (the name, as kg bridges marks it; the score: the ranking too)
        keep |= set(ranks) & set(proj.graph)
    if focus and not title:
        title = f"Within {hops} hop{'s' if hops != 1 else ''} of {name_of(focus)}"
    title = title or "Backchannel map"
    answer_drawn = bool(opts.channels)
    subtitle = f"as of {day.isoformat()}" if proj.as_of_given else f"today ({day.isoformat()})"
    if opts.include_confidential:
        subtitle += " \u2014 INCLUDES CONFIDENTIAL RECORDS: do not share"
    elif opts.public_only:
        subtitle += " \u2014 public records only"
    if opts.redact:
        subtitle += " \u2014 people shown by pseudonym"
    if not keep:
        raise KGError("nothing to draw: the store has no actor valid on that day (load data with kg ingest)")
    if red is not None and opts.redact:  # only the people drawn have pseudonyms in the file
        red.withhold(set(hidden) - keep)

    # nodes: actors (sorted, so the same data gives the same file), then events; people shown by pseudonym
    # are placed by it, not by their ids: an order of the real ids (organizations' ids between them) says
    # who each pseudonym is to anyone who knows the cast
    order = sorted(keep, key=lambda n: (red.pseudonym(n), n) if red is not None and opts.redact and n in hidden
                   else (n, n))
    # parties in the order of their names as written, then of a keyed hash: where a name is rewritten ("Abbas
    # camp" and "Dahlan camp" both "[…] camp"), the order of the real names would tell which is which by
    # their colours and places in the legend (an adversary)
    salt = store_salt(store) if red is not None else ""
    styles = party_styles((p for n in order for p in proj.graph.nodes[n]["parties"]),
                          key=(lambda p: (t(p, "parties"), pseudonym(p, salt))) if red is not None else None)
    index: dict[str, int] = {}
    # the last day of each actor drawn that has an end (a death, a dissolution): on the slider, no link through
    # it after that day, a meeting's neither (the day's projection leaves such an actor out after it)
    # Under --redact, a person shown by pseudonym keeps the links' own dates: the day every link of theirs ends
    # would be their death's, which can tell who they are (a second reader: Chávez, 2013-03-05)
    ends_of = {a: end for a, end in store.ended_actors(date.max, 2, [a for a in keep if a in proj.actors]).items()
               if not (opts.redact and a in hidden)}
    gone_on = {a: day_number(kgtime.last_day(end)) for a, end in ends_of.items()}

    def until(t1: int | None, *ends: str | None) -> int | None:
        last = [gone_on[a] for a in ends if a in gone_on]
        return min([t1, *last]) if t1 is not None and last else min(last) if last else t1

    def ended_words(*ends: str | None) -> str:
        """"; Broker ended on 2000-06-15": why a link ends on the slider before its record does."""
        return "".join(f"; {name_of(a)} ended {ended_on(ends_of[a])}" for a in ends if a in ends_of)

    nodes: list[dict[str, Any]] = []
    kinds_seen: set[str] = set()
    tracks_seen: set[str] = set()
    restricted_seen = False
    legend_order = {p: i for i, p in enumerate(styles)}
    for n in order:
        d = proj.graph.nodes[n]
        # (in the legend's order, not the real names': a member of two camps took the colour of the one first by
        # its real name, and a tooltip "Hamas, […] camp" said where the hidden name sorts, a second reader)
        parties = sorted(d["parties"], key=legend_order.__getitem__) if red is not None else d["parties"]
        fill, pattern = styles[parties[0]] if parties else (NO_PARTY, "")
        bw, bs = TRACK_BORDER.get(d["track"], (1.0, "solid"))
        bc = BORDER
        tracks_seen.add(d["track"] if d["track"] in TRACK_BORDER else "?")
        name = t.own(d["name"], "names")  # (counted as rewritten, for the command to say)
        if opts.redact and red is not None and n in hidden:  # the pseudonym, whatever the name ("K", "4711")
            name = red.pseudonym(n)
        suffix = mark(answer_rests.get(n, "public")) if n in ranks else ""  # (as kg bridges marks the name)
        rests = "public"
        if d["restricted"]:
            bc, bw, bs, restricted_seen = MARKER, 5.0, "double", True
            # as sensitive as the restrictions on it (a restricted designation drawn on a public node was
            # unmarked, in a picture too: an adversarial reader)
            on_it = [rule for rule in proj.situation.restrictions if rule.group == n]
            rests = most_sensitive("public", *(rule.sensitivity for rule in on_it))
            suffix += " (restricted)" + mark(rests)
        ring = None
        size = 7.0 if d["kind"] == "person" else 8.0
        if n in ranks:
            size = 7 + 18 * max(0.0, min(1.0, ranks[n][1]))
            ring = "rank"
        if n in path_nodes:
            ring = "path"
        if n in contacts:
            ring = "contact"
        if n == focus:
            ring = "focus" if ring is None else ring
        kinds_seen.add(d["kind"])
        info = [["kind", _Own(f"{d['kind']}{' / ' + d['org_type'] if d['org_type'] else ''}")],
                ["party", t(", ".join(parties), "parties") or _Own("none")], ["track", _Own(d["track"] or "?")],
                ["country", _Own(d["country"]) if _is_country(d["country"]) else
                 t(d["country"], "countries") or _Own("?")]]
        if d["restricted"]:
            # each restriction: who imposes it and on whom, as kg show and kg bridges say it (a map recipient
            # read "non-engageable" without knowing for whom); as sensitive as its record (a restricted
            # designation drawn on a public node was unmarked: a sharing adversary)
            for rule in on_it:
                info += _restriction_rows(rule, t)
        if n in ranks:
            info.append(["bridging score", f"{ranks[n][1]:.3f} (#{ranks[n][0]})"
                                           + mark(most_sensitive(answer_rests[n], ranking_rests))])
        if n in contacts:
            info.append(["channel", _Own("contact: touches the group" + mark(answer_rests.get(n, "public")))])
        elif n in path_nodes:
            info.append(["channel", _Own("on a channel" + mark(answer_rests.get(n, "public")))])
        if n == focus:
            info.append(["focus", _Own(f"the map is drawn around this actor ({hops} hop{'s' if hops != 1 else ''})")])
        if d["description"] and opts.redact and d["kind"] == "person":  # (what is said of one tells who it is)
            t.drop("descriptions of people")
        elif d["description"]:
            info.append(["description", t(d["description"], "descriptions")])
        info += [["confidence", f"{d['confidence']:g}"], ["sensitivity", _Own(d["sensitivity"])],
                 ["source", _person_source(t, d["source"]) if opts.redact and d["kind"] == "person"
                  else t.source(d["source"]) or NONE_GIVEN]]
        index[n] = len(nodes)
        # the mark drawn on the node: the most sensitive of its record, the restrictions on it and its place
        # in the answer (the tooltip says which)
        sv = most_sensitive(d["sensitivity"], rests, answer_rests.get(n, "public"),
                            ranking_rests if n in ranks else "public")
        nodes.append({"id": t.own_id(n) if not opts.redact else f"n{len(nodes)}", "name": name,
                      "label": label_text(f"#{ranks[n][0]} {name}" if n in ranks else name, suffix),
                      "kind": d["kind"], "shape": SHAPES[d["kind"]], "r": round(size, 1), "fill": fill,
                      "pat": pattern, "bc": bc, "bw": bw, "bs": bs, "mark": ring, "sv": _sv(sv),
                      "faded": answer_drawn and n not in path_nodes, "info": info,
                      **({"lp": 1} if n in ends else {}), **_aliases(d, t, opts.redact)})
    if opts.redact:
        for n in order:
            if n in hidden:
                nodes[index[n]]["info"].insert(0, ["pseudonym", red.pseudonym(n) if red else ""])

    edges: list[dict[str, Any]] = []
    rels_seen: set[str] = set()
    drawn_records: set[str] = set()

    def add_edge(u: str, v: str, rel: str, kind: str, strength: float, confidence: float,
                 start: str | None, end: str | None, source: str | None, note: str | None,
                 sensitivity: str, official: bool = False, record: str | None = None,
                 via: str | None = None) -> None:
        if opts.redact and rel not in ("influence", "affiliation") and index[u] > index[v]:
            u, v = v, u  # an undirected link in the order of what is drawn, not of real ids nor as typed
        style = "hostile" if rel == "tie" and kind == "hostile" else rel
        colour, dash, arrow = EDGE_STYLE[style]
        rels_seen.add(style)
        on = record is not None and (frozenset((u, v)), record) in path_links  # (only a record of the day)
        t0, t1 = _interval(start, end)
        t1 = until(t1, u, v, via)  # (and a co-membership's body: dissolved, it links no one)
        if opts.redact and (proj.is_person(u) or proj.is_person(v)):
            # what a link says of a pseudonymous person in words tells who it is: an affiliation's role
            # ("Prime Minister" of the Prime Minister's Office), a note ("the two heads of delegation")
            if rel == "affiliation" and kind not in ("member", ""):
                t.drop("roles of people")
                kind = "member"
            if note:
                t.drop("notes of links naming a person")
                note = None
            if points_somewhere(source) and t.source(source):  # (a Wikidata link: …/wiki/Q34211#P39)
                t.drop("sources of links naming a person that point somewhere")
                source = _Own("left out")
        # as sensitive as the actors it names, as the day's links are (kg.graph.project)
        sensitivity = most_sensitive(sensitivity, proj.actors[u].sensitivity, proj.actors[v].sensitivity)
        info = [["link", _Own(f"{rel}: {kind}") if kind in _KINDS else f"{rel}: {t(kind, 'kinds')}"],
                ["between", f"{t.own(name_of(u), 'names')} \u2014 {t.own(name_of(v), 'names')}"],
                ["strength", f"{strength:g}"], ["confidence", f"{confidence:g}"],
                ["dates", _dates(start, end) + ended_words(u, v, via)],
                ["sensitivity", _Own(sensitivity)]]
        if official:
            info.append(["role", _Own("official")])
        if note:
            info.append(["note", t(note, "notes")])
        info.append(["source", source if isinstance(source, _Own) else t.source(source) or NONE_GIVEN])
        edges.append({"s": index[u], "t": index[v], "c": ANSWER if on else colour, "d": dash, "a": arrow,
                      "w": round(1 + 4 * strength + (3 if on else 0), 2), "h": on,
                      "f": answer_drawn and not on, "t0": t0, "t1": t1, "sv": _sv(sensitivity), "info": info})

    for u, v, d in proj.graph.edges(data=True):
        if u not in index or v not in index or d["relationship"] == "event":
            continue
        if d["relationship"] == "co-membership" and (frozenset((u, v)), d["record"]) not in path_links:
            continue  # drawn as the two affiliations, unless an answer runs along it
        drawn_records.add(d["record"])
        add_edge(d["from"], d["to"], d["relationship"], d["kind"], d["strength"], d["confidence"], d["start"],
                 d["end"], d["source"], d.get("note"), d["sensitivity"], bool(d.get("official")), d["record"],
                 d.get("organization") if d["relationship"] == "co-membership" else None)
    # links of other days between the same actors, for the date slider
    def shown(r: Any) -> bool:
        return not opts.left_out(r.sensitivity) and r.key() not in drawn_records
    for aff in proj.all_affiliations:
        if aff.member in index and aff.organization in index and shown(aff):
            add_edge(aff.member, aff.organization, "affiliation", aff.role or "member", _strength(aff),
                     aff.confidence, aff.start, aff.end, aff.source, aff.note, aff.sensitivity, aff.official)
    for tie in store.records("tie"):
        if isinstance(tie, Tie) and tie.a in index and tie.b in index and shown(tie):
            add_edge(tie.a, tie.b, "tie", tie.kind, tie.strength, tie.confidence, tie.start, tie.end, tie.source,
                     tie.note, tie.sensitivity)
    for inf in store.records("influence"):
        if isinstance(inf, Influence) and inf.from_ in index and inf.to in index and shown(inf):
            add_edge(inf.from_, inf.to, "influence", inf.kind, inf.weight, inf.confidence, inf.start, inf.end,
                     inf.source, inf.note, inf.sensitivity)

    # events, and who took part (on any day: the slider shows them from the event's start)
    events_drawn: dict[str, int] = {}
    participations = list(store.records("participation"))
    # the events' whole records: the day's projection keeps what its questions use, not place or source
    whole_events = {e.id: e for e in store.records("event") if isinstance(e, Event)}
    if opts.redact:  # events numbered in the order of their first participant's pseudonym, not real id
        participations.sort(key=lambda p: (index.get(p.actor, -1), p.key()))  # type: ignore[attr-defined]
    for p in participations:
        if not isinstance(p, Participation) or p.actor not in index or p.event not in proj.events:
            continue
        if opts.left_out(p.sensitivity):
            continue
        ev = proj.events[p.event]
        # its dates as given ("1993-07"), not the days the projection reads them as ("1993-07-31"): a map
        # recipient found the tooltip adding precision the data does not have
        given = whole_events.get(ev.id, ev)
        if ev.id not in events_drawn:
            events_drawn[ev.id] = len(nodes)
            e0, e1 = _interval(ev.start, ev.end)
            name = t(ev.name, "event names")
            kinds_seen.add("event")
            # (an event and who took part carry their sensitivity too: a map recipient found restricted
            # ones unmarked, in their tooltips too)
            nodes.append({"id": f"event:{ev.id}" if not opts.redact else f"n{len(nodes)}", "name": name,
                          "label": label_text(name), "kind": "event", "shape": "diamond", "r": 6.0,
                          "fill": EVENT_FILL, "pat": "", "bc": "#777777", "bw": 1.0, "bs": "solid",
                          "mark": "path" if ev.id in path_events else None,
                          "faded": answer_drawn and ev.id not in path_events, "t0": e0, "sv": _sv(ev.sensitivity),
                          "info": [["kind", _Own(f"event, track {ev.track or '?'}")],
                                   ["dates", _event_dates(given.start, given.end)],
                                   ["where", t(whole_events[ev.id].location if ev.id in whole_events else None,
                                               "places") or _Own("?")],
                                   ["process", t(ev.process, "processes") or _Own("-")],
                                   ["sensitivity", _Own(ev.sensitivity)],
                                   ["source", t.source(whole_events[ev.id].source if ev.id in whole_events
                                                       else None) or NONE_GIVEN]]})
        start = kgtime.participation_start(p.start, given.start)  # (not before its event)
        on = p.key() in path_parts
        colour, dash, arrow = EDGE_STYLE["participation"]
        rels_seen.add("participation")
        # drawn from the day taken part on, its own end or not: having met counts from then on, ageing with its
        # event (kg.graph.project; its own end ends the presence, not the meeting), as kg show marks it
        t0, t1 = _interval(start, None)
        t1 = until(t1, p.actor)
        # as sensitive as the event and the actor it names, as a shared event's links are (kg.graph.project)
        sensitivity = most_sensitive(p.sensitivity, ev.sensitivity, proj.actors[p.actor].sensitivity)
        source = t.source(p.source or ev.source) or NONE_GIVEN
        if opts.redact and proj.is_person(p.actor) and points_somewhere(p.source) and source != NONE_GIVEN:
            t.drop("sources of links naming a person that point somewhere")  # (as the other links' above)
            source = _Own("left out")
        edges.append({"s": index[p.actor], "t": events_drawn[ev.id], "c": ANSWER if on else colour, "d": dash,
                      "a": arrow, "w": 3.0 if on else 1.0, "h": on, "f": answer_drawn and not on, "t0": t0,
                      "t1": t1, "sv": _sv(sensitivity),
                      "info": [["link", f"{t(p.role, 'roles') or 'took part'} at {t(ev.name, 'event names')}"],
                               ["who", t.own(name_of(p.actor), "names")],
                               ["dates", _took_part(start, p.end, given.end)], ["confidence", f"{p.confidence:g}"],
                               ["sensitivity", _Own(sensitivity)], ["source", source]]})

    # links in the order of the nodes (under --redact the pseudonyms'), not of the records' real ids, and the
    # links of one pair by what they say: the same file from either store (the embedded one gave them in load
    # order, Neo4j by key: a store parity fuzzer found two links swapped, and which was drawn on top)
    edges.sort(key=lambda e: (min(e["s"], e["t"]), max(e["s"], e["t"]),
                              json.dumps(e, sort_keys=True, ensure_ascii=False, default=str)))
    _layout(nodes, edges)
    dates = [x for e in edges for x in (e["t0"], e["t1"]) if x is not None]
    dates += [n["t0"] for n in nodes if n.get("t0") is not None]
    today = day_number(day)
    span = (min([*dates, today]), max([*dates, today]))
    legend = _legend(styles, kinds_seen, tracks_seen, rels_seen, restricted_seen, answer_drawn, bool(ranks),
                     focus is not None, day, t,
                     {x["sv"] for x in nodes if x.get("sv")}, {x["sv"] for x in edges if x.get("sv")})
    if opts.redact and red is not None and notes:  # (a note is built of names: a codename there too)
        notes = [red.names_given(n, {p: proj.name(p) for p in hidden if p in proj.actors}) for n in notes]
    report = red.report() if red else []
    if red and not opts.redact:
        report = [f"people left out as {opts.left_out_words}, named in other records: {line}" for line in report]
    # what the command counts is what the map badges, by kind (a second reader found "R in the map: 1 actor"
    # beside five actors badged R: a node's badge is also its restrictions' and its place in the answer's)
    sensitive = Counter((x["sv"], "event" if x["kind"] == "event" else "actor") for x in nodes if x.get("sv"))
    sensitive.update((x["sv"], "link") for x in edges if x.get("sv"))
    m = MapData(title=t(title, "titles"), subtitle=subtitle, nodes=nodes, edges=edges, legend=legend,
                day=today, span=span, notes=[t(n, "notes") for n in notes], large=len(nodes) > LARGE,
                report=report, warning=opts.include_confidential,
                sensitive=dict(sensitive),
                answer=bool(opts.channels or opts.bridges))
    if red:
        _scrub(m, red, t.kept)
    return m


# what a node or link is drawn with (shapes, colours, dashes, kinds): the page's own words, not text
_STYLE_KEYS = frozenset({"kind", "shape", "fill", "pat", "bc", "bs", "mark", "sv", "c", "d", "a"})


def _restriction_rows(r: Any, t: _Text) -> list[list[str]]:
    """A restriction on a group drawn, in a tooltip: "legal restriction of ISR on officials (1993-01-20 to
    1993-05-20)", its sensitivity when not public, and its source."""
    code = r.jurisdiction
    own = _is_country(code) or code in ("EU", "UN")  # (the data's vocabulary: Benin's BEN stays BEN)
    said = (f"non-engageable on this day: {r.kind} restriction of {code if own else t(code, 'jurisdictions')} on "
            f"{r.scope} ({r.start or '...'} to {r.end or 'now'})"
            + ("" if r.sensitivity == "public" else f" ({r.sensitivity} record)"))
    return [["restricted", _Own(said) if own else said],
            ["restriction's source", t.source(r.source) or NONE_GIVEN]]


def _aliases(d: dict[str, Any], t: _Text, redact: bool) -> dict[str, list[str]]:
    """The aliases the search box finds an actor by (as kg search does: "PLO", "Abu Ala"), rewritten as
    every text is; none of a person under --redact (a person's alias is a name: redaction hides it). Read
    together as an export reads them (ingest.export's _list): a list whose items name someone run together or
    side by side ("Hirsch", "feld" beside Yair Hirschfeld) is left out whole (found by a second reader: each
    alias alone was written)."""
    if redact and d["kind"] == "person":
        return {}
    aliases = [a for a in d.get("aliases") or () if a]
    found = [x for x in (t.own(a, "aliases") for a in aliases) if x]
    red = t.red
    if len(aliases) > 1 and found and red is not None and (
            t.whole is None or any(holds_whole_name(a, t.whole) for a in aliases)):
        each = [red.text(a) for a in aliases]
        if any(red.text(sep.join(aliases)) != sep.join(each) for sep in ("", " ")):
            red.dropped["aliases"] += len(found)
            return {}
    return {"aka": found} if found else {}


def _sv(sensitivity: str) -> str | None:
    """The mark drawn on a node or link: none for public, else its sensitivity."""
    return None if sensitivity == "public" else sensitivity


def _person_source(t: _Text, source: str | None) -> str:
    """A pseudonymous person's source, left out whatever it says (a Wikidata link names them); one that
    names someone is counted as such."""
    if not source:
        return NONE_GIVEN
    if not t.source(source):
        return _Own("left out")
    t.drop("sources of people")
    return _Own("left out")


def _hop_links(proj: Projection, lg: Any, h: Any) -> list[int]:
    """The links a channel's hop rests on, as kg channels reads them (queries.evidence.hop): the most
    reliable link between its two actors, or, for an organization's first hop to one of its people
    through its bodies, the affiliations of that way."""
    if h.details.get("through"):
        person, body = (h.to, h.from_) if proj.is_person(h.to) else (h.from_, h.to)
        way = proj.way_down(body, person)
        if way is not None:
            return list(way[1])
    return [int(lg.best[lg.edge(proj.index[h.from_], proj.index[h.to])])]


def _participations(proj: Projection, link: int) -> set[str]:
    """The keys of the two participations a shared-event link stands on (who met through which)."""
    _kind, ref, _extra = proj.link_info[link]
    found = (proj.record("participation", r) for r in ref[1:])
    return {p.key() for p in found if p is not None}


def _channels_note(proj: Projection, answer: Any, red: Redactor | None, redact: bool) -> str:
    """The channels answer's message for the map. When it lists the contacts that may not engage the
    group, a map that rewrites names lists them in the order of their pseudonyms (the order of real ids
    would tell who is who) and leaves out the sources of the restrictions that name a person (a
    pseudonym beside a book's title would still say who wrote it), as sources are everywhere else."""
    from queries.channels import blocked_message

    day = proj.day.isoformat()
    x_name, g_name = proj.name(answer.from_), proj.name(answer.group)
    said = blocked_message(day, x_name, g_name, answer.blocked) if answer.blocked else ""
    # marked as the terminal marks it (a restricted ban named in the note went unmarked: an adversarial reader)
    mark = "" if answer.message_sensitivity == "public" else f" [{answer.message_sensitivity.upper()}]"
    # (as the message gives it: after a first sentence, it begins a second one, capitalized)
    capital = said[:1].upper() + said[1:]
    tail = said if answer.message.endswith(said) else capital if said and answer.message.endswith(capital) else ""
    if red is None or not tail:
        return str(answer.message) + mark
    blocked = []
    for b in answer.blocked:
        why = b["why"]
        for source in b["sources"]:
            if red.mentions(source):
                why = why.replace(f"; {source})", "; source left out)")
        blocked.append({**b, "why": why})
    if redact:
        blocked.sort(key=lambda b: (red.pseudonym(b["actor"]) if proj.is_person(b["actor"]) else "", b["actor"]))
    rebuilt = blocked_message(day, x_name, g_name, blocked)
    if tail is capital and tail != said:
        rebuilt = rebuilt[:1].upper() + rebuilt[1:]
    return answer.message[:-len(tail)] + rebuilt + mark


_FIRST_WORD = re.compile(r"\w+")


def _scrub(m: MapData, red: Redactor, kept: Iterable[str] = ()) -> None:
    """A last pass over every string bound for the file: nothing built above may still name a person.
    ``kept``: the actors' own names kept as given (without --redact, :meth:`_Text.own`), not rewritten
    where they stand (a label "#2 Mohammed Abbas")."""
    # each kept name by its first word: a string is compared with those whose first word it holds, not with
    # every name (3,000 names against every string of a map took 20 s of 33: an adversary)
    by_word: dict[str, list[str]] = defaultdict(list)
    for k in sorted(kept, key=len, reverse=True):
        first = _FIRST_WORD.search(k)
        by_word[first.group() if first else ""].append(k)

    def rewritten(x: str) -> str:
        held = sorted({k for w in {"", *_FIRST_WORD.findall(x)} for k in by_word.get(w, ()) if k in x},
                      key=lambda k: (-len(k), k))
        if not held:
            return red.text(x, "other texts")
        for i, k in enumerate(held):  # (stand-ins no rewriting reads: private-use characters and digits)
            x = x.replace(k, f"\ue000{i}\ue001")
        x = red.text(x, "other texts")
        for i, k in enumerate(held):
            x = x.replace(f"\ue000{i}\ue001", k)
        return x

    def walk(x: Any) -> Any:
        if isinstance(x, _Own):
            return str(x)
        if isinstance(x, str):
            return rewritten(x)
        if isinstance(x, list):
            return [walk(v) for v in x]
        if isinstance(x, dict):
            return {k: v if k in _STYLE_KEYS and (v is None or isinstance(v, str | int | float))
                    else info(v) if k == "info" else walk(v) for k, v in x.items()}
        return x

    def info(rows: list[list[str]]) -> list[list[str]]:
        """A tooltip's rows, [label, text]: build_map writes every label itself (a hidden "Perry Link"
        must not turn "link" into […]); the text is rewritten."""
        return [[label, *walk(rest)] for label, *rest in rows]

    m.title, m.subtitle = walk(m.title), walk(m.subtitle)
    # (the legend is the page's own words, and party names, rewritten as it was built: a hidden "Perry
    # Link" must not make "link (width = strength)" read "[…] (width = strength)")
    m.nodes, m.edges, m.notes = walk(m.nodes), walk(m.edges), walk(m.notes)


def _legend(styles: dict[str, tuple[str, str]], kinds: set[str], tracks: set[str], rels: set[str],
            restricted: bool, channels: bool, ranks: bool, focus: bool, day: date, t: _Text,
            node_marks: Iterable[str] = (), link_marks: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The legend as data: sections of items, each with the swatch the page and the SVG both draw."""
    def node(label: str, **kw: Any) -> dict[str, Any]:
        sw = {"shape": "circle", "fill": "#FFFFFF", "pat": "", "bc": BORDER, "bw": 1.0, "bs": "solid", "mark": None}
        sw.update(kw)
        return {"label": label, "node": sw}

    def edge(label: str, style: str) -> dict[str, Any]:
        c, d, a = EDGE_STYLE[style]
        return {"label": label, "edge": {"c": c, "d": d, "a": a, "w": 3}}

    parties = [node(t(p, "parties"), fill=c, pat=pat) for p, (c, pat) in styles.items()]
    parties.append(node("no party", fill=NO_PARTY))
    out = [{"title": f"Party (fill), as of {day.isoformat()}", "items": parties}]
    out.append({"title": "Kind (shape)", "items": [node(k if k != "organization" else "organization", shape=SHAPES[k],
                                                        fill="#DDDDDD" if k != "event" else EVENT_FILL)
                                                   for k in ("person", "organization", "event") if k in kinds]})
    track_items = [node(f"Track {k}", bw=w, bs=s) for k, (w, s) in TRACK_BORDER.items() if k in tracks]
    if "?" in tracks:
        track_items.append(node("track unknown", bw=1.0))
    if restricted:
        track_items.append(node("restricted for some: tooltip says whom", shape="square", bc=MARKER, bw=5.0,
                                bs="double"))
    out.append({"title": "Track (border)", "items": track_items})
    out.append({"title": "Links (width = strength)",
                "items": [edge(EDGE_LABEL[r], r) for r in EDGE_STYLE if r in rels]})
    marked = []
    for level in ("restricted", "confidential"):
        if level in node_marks:
            marked.append(node(f"{SV_LETTER[level]}: rests on a record marked {level}", sv=level))
        if level in link_marks:
            marked.append({"label": f"{SV_LETTER[level]} on a link: a record marked {level}",
                           "edge": {"c": EDGE_STYLE["tie"][0], "d": "solid", "a": False, "w": 3, "sv": level}})
    if marked:
        out.append({"title": "Sensitivity (badge)", "items": marked})
    marks = []
    if channels:
        marks.append(node("on a channel", mark="path"))
        marks.append(node("\u2605 contact: touches the group", mark="contact"))
        marks.append({"label": "link on a channel", "edge": {"c": ANSWER, "d": "solid", "a": False, "w": 5}})
        marks.append(node("not on a channel (faded)", fill=FADED, bc=FADED))
    if ranks:
        marks.append(node("#n bridging figure: size = score", mark="rank", r=12))
    if focus:
        marks.append(node("focus of the map", mark="focus"))
    if marks:
        out.append({"title": "Answer", "items": marks})
    return out


def _layout(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], seed: int = SEED) -> None:
    """Positions for every node (``x``, ``y``, about 30 units between neighbours), seeded.

    Each connected component is laid out on its own (Fruchterman-Reingold in
    igraph, in C), the components packed in rows largest first, and the lone
    nodes put in a compact block after them, so that nothing is flung to the
    edges and the picture fills its frame.
    """
    import igraph

    n = len(nodes)
    pairs = sorted({(min(e["s"], e["t"]), max(e["s"], e["t"])) for e in edges if e["s"] != e["t"]})
    g = igraph.Graph(n=n, edges=pairs)
    comps = sorted((sorted(c) for c in g.connected_components()), key=lambda c: (-len(c), c[0]))
    groups = [c for c in comps if len(c) > 1]
    lone = [c[0] for c in comps if len(c) == 1]
    boxes: list[tuple[list[int], list[tuple[float, float]]]] = []
    rng = random.Random(seed)
    igraph.set_random_number_generator(rng)
    try:
        for c in groups:
            if len(c) == 2:
                coords = [(0.0, 0.0), (1.0, 0.0)]
            else:
                sub = g.subgraph(c)
                half = math.sqrt(len(c))  # spread as igraph itself would: its grid needs room
                start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in c]
                # the grid variant is ~30x faster on large components (0.3 s for 10,000 nodes)
                coords = [tuple(xy) for xy in sub.layout_fruchterman_reingold(
                    seed=start, niter=500, grid=len(c) > 500).coords]
            boxes.append((c, _normalise(coords)))
    finally:
        igraph.set_random_number_generator(random)
    if lone:
        side = math.ceil(math.sqrt(len(lone)))
        boxes.append((lone, [(i % side * 1.0, i // side * 1.0) for i in range(len(lone))]))
    # shelf packing, rows about as wide as the whole is tall
    unit = 30.0
    area = sum((_extent(b)[0] + 2) * (_extent(b)[1] + 2) for _, b in boxes)
    row_width = max(math.sqrt(area) * 1.3, max(_extent(b)[0] for _, b in boxes) + 2)
    x = y = row_h = 0.0
    for members, coords in boxes:
        w, h = _extent(coords)
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + 2, 0.0
        for i, (cx, cy) in zip(members, coords, strict=True):
            nodes[i]["x"] = round((x + cx) * unit, 1)
            nodes[i]["y"] = round((y + cy) * unit, 1)
        x += w + 2
        row_h = max(row_h, h)


def _normalise(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Scale a component so that its nodes sit about one unit apart, moved to start at (0, 0)."""
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    x0, y0 = min(xs), min(ys)
    w, h = max(xs) - x0, max(ys) - y0
    want = math.sqrt(len(coords)) * 1.6  # side of a square holding them one unit apart, with air
    s = want / max(w, h, 1e-9)
    return [((cx - x0) * s, (cy - y0) * s) for cx, cy in coords]


def _extent(coords: list[tuple[float, float]]) -> tuple[float, float]:
    return max(c[0] for c in coords), max(c[1] for c in coords)


def _json_for_script(data: Any) -> str:
    """JSON that cannot end its <script> element or open another one."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("&", "\\u0026")
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029"))


def render_html(m: MapData) -> str:
    """The whole page: our renderer, its styles and the data, all inline."""
    assets = Path(__file__).parent / "assets"
    template = (assets / "page.html").read_text(encoding="utf-8")
    script = (assets / "map.js").read_text(encoding="utf-8")
    parts = {"TITLE": escape(clean(m.title, 200)), "PAGE_SCRIPT": script, "DATA": _json_for_script(m.payload())}
    # one pass over the template only: text put in is never scanned for placeholders again
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda mt: parts[mt.group(1)], template)


def check_output(out: str | Path) -> Path:
    """The output path, if its name ends in a format we write; else one line saying which do."""
    path = Path(out)
    if path.suffix.lower() not in SUFFIXES:
        raise KGError(f"cannot write {path.name}: a map is written as .html, .svg or .png "
                      f"(the name ends in {path.suffix or 'nothing'})")
    if not path.parent.exists():
        raise KGError(f"cannot write {path}: folder {path.parent} does not exist")
    return path


def write_map(store: GraphStore, opts: MapOptions, out: str | Path) -> tuple[Path, MapData]:
    """Build and write the map (HTML, SVG or PNG by the name's ending); returns the path and what was drawn."""
    from kg.outfile import atomic_write, output_file
    from visualize.static import render_png, render_svg

    path = check_output(out)
    target = output_file(path, store)
    m = build_map(store, opts)
    suffix = path.suffix.lower()
    # (whole or not at all: a map half written over yesterday's would open as neither)
    if suffix == ".png":
        with atomic_write(target, binary=True) as fh:
            fh.write(render_png(m))
    else:
        with atomic_write(target) as fh:
            fh.write(render_svg(m) if suffix == ".svg" else render_html(m))
    return path, m


__all__ = ["MapData", "MapOptions", "Projection", "build_map", "check_output", "render_html", "write_map"]
