"""What changed between two days: the records that began or ended, and how an answer moved because of them.

:func:`changes_between` takes the projections of two days (``before`` on D1, ``after`` on D2):

- **Records**: every affiliation, tie, influence, participation, restriction and event of the
  store that *began* (its first day falls after D1, up to and including D2) or *ended* (its
  last day falls on or after D1 and before D2) between the two days; a record that did both is
  ``began and ended``. As the graph reads them: a participation begins with its event (or its
  own start, when later) and ends only at its own end, if it has one (the meeting it made lasts
  after it, ageing with its event); an event without an end lasted its first day (the first day of a partial date:
  ``1990`` is 1 January 1990). Records are
  read from the store, within the projections' sensitivity (a record about an actor the
  options leave out is left out too).
- **Channels** (``channels=(X, G)``): the channels from X to G on each day (the top ``top``).
  A channel shown on D2 that was not *possible* on D1 has **opened**; one shown on D1 that is
  not possible on D2 has **closed**; one that was possible on both days but entered or left the
  list **rose into the top** or **fell out of the top** (its reliability on both days is
  given); one shown on both days whose reliability changed **weakened** or **strengthened**, with
  each hop that changed (its link on each day, and the records behind the stronger one that do not
  hold on the other day). For each opened or closed channel, the **causes** are what made it
  impossible on the other day, each with its records: a hop with no valid link (the links
  that began or ended), a contact barred by a restriction (the restrictions that began or
  ended binding them), an end who was not yet (or no longer) a member of G, an intermediary
  who was a member. Also: best reliability, minimum cut and single points of failure on each day.
- **Bridges** (``bridges=(A, B)``): the bridging figures of each day; for each actor in either
  top list, the change of rank and score, and as causes the records involving that actor that
  began or ended between the two days (a bridge can also rise because others lost links: the
  answer then says that no record of theirs changed).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from kg import time as kgtime
from kg.errors import KGError
from kg.graph import AGED_TO_NOTHING, SENSITIVITIES, Projection, local_projection, most_sensitive
from kg.model import STATE_ORG_TYPES, Record
from kg.text import ended_on, rounded, shown
from queries.evidence import VERBS

KINDS = ("actor", "affiliation", "tie", "influence", "participation", "restriction", "event")


@dataclass
class RecordChange:
    """One record that began or ended between the two days."""

    kind: str
    change: str  # began | ended | began and ended
    day: str  # the day it began (or, for ended, its last day)
    says: str
    actors: list[str]
    start: str | None
    end: str | None
    source: str
    sensitivity: str
    record: str
    # the day as the data gives it, as in a timeline ("1990-07" began: "1990-07-01" read as a week before the talks
    # the tie followed, a mediator found); None where the day is no record's own date
    given: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ChannelChange:
    change: str  # opened | closed | weakened | strengthened | rose into the top | fell out of the top
    path: list[str]
    names: list[str]
    contact: str
    score_before: float | None
    score_after: float | None
    causes: list[dict[str, Any]] = field(default_factory=list)
    sensitivity: str = "public"  # of the records the channel rests on

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ChannelsChange:
    from_: str
    group: str
    before: Any  # ChannelsAnswer
    after: Any
    changes: list[ChannelChange]
    message: str

    @property
    def message_sensitivity(self) -> str:
        """What the summary line rests on: each day's answer (who asks, the group, its first line, the
        channels it counts and the best)."""
        return most_sensitive(*(a.sensitivity for a in (self.before, self.after)))

    def to_dict(self) -> dict[str, Any]:
        def side(a: Any) -> dict[str, Any]:
            return {"channels": len(a.channels), "best": a.channels[0].score if a.channels else None,
                    "best_path": a.channels[0].path if a.channels else [],  # ids, as everywhere
                    "best_names": a.channels[0].names if a.channels else [],
                    "minimum_cut_size": a.minimum_cut_size, "minimum_cut_sensitivity": a.cut_sensitivity,
                    "single_points_of_failure_sensitivity": a.points_sensitivity,
                    "single_points_of_failure": a.single_points_of_failure, "message": a.message}
        return {"from": self.from_, "group": self.group, "message": self.message,
                "message_sensitivity": self.message_sensitivity,
                "before": side(self.before), "after": side(self.after),
                "changes": [c.to_dict() for c in self.changes]}


@dataclass
class BridgeChange:
    id: str
    name: str
    change: str  # rose | fell (in rank) | score up | score down (at the same rank) | entered | left | unchanged
    rank_before: int | None
    rank_after: int | None
    score_before: float | None
    score_after: float | None
    causes: list[dict[str, Any]] = field(default_factory=list)
    sensitivity: str = "public"  # of the bridging figure on either day (what its rank rests on)
    # their meetings (of two or more) that ended before the second day: they weigh less on it, a change no record
    # of theirs says ("no record of theirs changed: links elsewhere did" of one whose meetings had aged, a reader)
    meetings_aged: int = 0
    meetings_aged_sensitivity: str = "public"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BridgesChange:
    parties: list[str]
    changes: list[BridgeChange]
    message: str
    ranking_sensitivity: str = "public"  # what the two days' rankings rest on (every link counts in them)

    def to_dict(self) -> dict[str, Any]:
        return {"parties": self.parties, "message": self.message, "ranking_sensitivity": self.ranking_sensitivity,
                "changes": [c.to_dict() for c in self.changes]}


@dataclass
class ChangesAnswer:
    from_: str
    to: str
    records: list[RecordChange]
    channels: ChannelsChange | None
    bridges: BridgesChange | None
    message: str
    records_used: str

    def heading(self) -> str:
        levels = {r.sensitivity for r in self.records}
        if self.channels is not None:  # (and what each day's single points of failure rest on, shown too)
            levels |= {c.sensitivity for c in self.channels.changes} | {self.channels.message_sensitivity}
            levels |= {self.channels.before.points_sensitivity, self.channels.after.points_sensitivity,
                       self.channels.before.cut_sensitivity, self.channels.after.cut_sensitivity}
            levels |= {x.get("sensitivity", "public") for a in (self.channels.before, self.channels.after)
                       for x in a.single_points_of_failure}
        if self.bridges is not None:
            levels |= {c.sensitivity for c in self.bridges.changes} | {self.bridges.ranking_sensitivity}
            levels |= {c.meetings_aged_sensitivity for c in self.bridges.changes if c.meetings_aged and not c.causes}
        marks = sorted(levels - {"public"}, key=SENSITIVITIES.index)
        if not marks:
            return ""
        return f"NOTE: this answer includes {' and '.join(marks)} records (marked below); check before sharing it"

    def to_dict(self) -> dict[str, Any]:
        counts: dict[str, dict[str, int]] = {}
        for r in self.records:
            counts.setdefault(r.kind, {}).setdefault(r.change, 0)
            counts[r.kind][r.change] += 1
        return {"from": self.from_, "to": self.to, "message": self.message, "records_used": self.records_used,
                "counts": counts, "records": [r.to_dict() for r in self.records],
                "channels": self.channels.to_dict() if self.channels else None,
                "bridges": self.bridges.to_dict() if self.bridges else None}


# --- records -------------------------------------------------------------------------------

def check_days(d1: date, d2: date) -> None:
    if d1 > d2:
        raise KGError(f"--from {d1.isoformat()} is after --to {d2.isoformat()}; give the earlier day first")


def _dates(r: Record, events: dict[str, Any]) -> tuple[str | None, str | None, date | None, date | None]:
    """A record's start and end as given (a participation's start is its event's unless its own),
    and the first and last days it holds, as kg.graph reads them: an event without an end lasted its
    first day; a participation holds from its start (its own or its event's, the later) until its own
    end, if any (having met lasts)."""
    start, end = getattr(r, "start", None), getattr(r, "end", None)
    if r.kind_name == "participation":
        e = events.get(r.event)  # type: ignore[attr-defined]
        start = kgtime.participation_start(start, e.start if e is not None else None)
    first = kgtime.first_day(start) if start else None
    last = kgtime.last_day(end) if end else (first if r.kind_name == "event" else None)
    return start, end, first, last


def _ends_of(r: Record) -> list[str]:
    k = r.kind_name
    if k == "affiliation":
        return [r.member, r.organization]  # type: ignore[attr-defined]
    if k == "tie":
        return [r.a, r.b]  # type: ignore[attr-defined]
    if k == "influence":
        return [r.from_, r.to]  # type: ignore[attr-defined]
    if k == "participation":
        return [r.actor]  # type: ignore[attr-defined]
    if k == "restriction":
        return [r.group]  # type: ignore[attr-defined]
    if k == "actor":
        return [r.id]  # type: ignore[attr-defined]
    return []


def describe(r: Record, name: Any, events: dict[str, Any]) -> str:
    """A record in a mediator's words."""
    k = r.kind_name
    if k == "affiliation":
        role = r.role or "member"  # type: ignore[attr-defined]
        return (f"{name(r.member)} in {name(r.organization)}: {role}"  # type: ignore[attr-defined]
                f"{' (official)' if r.official else ''}")  # type: ignore[attr-defined]
    if k == "tie":
        return f"{name(r.a)} and {name(r.b)}: {r.kind} tie (strength {r.strength:g})"  # type: ignore[attr-defined]
    if k == "influence":
        return f"{name(r.from_)} {VERBS.get(r.kind, r.kind)} {name(r.to)}"  # type: ignore[attr-defined]
    if k == "participation":
        e = events.get(r.event)  # type: ignore[attr-defined]
        ev = e.name if e is not None else r.event  # type: ignore[attr-defined]
        return f"{name(r.actor)} at {ev} ({r.role})"  # type: ignore[attr-defined]
    if k == "restriction":
        return (f"{r.jurisdiction} {r.kind} restriction on {name(r.group)}, binding its "  # type: ignore[attr-defined]
                f"{r.scope}")  # type: ignore[attr-defined]
    if k == "actor":  # (only an actor's end is a change: a death, a dissolution)
        if r.kind == "person":  # type: ignore[attr-defined]
            return (f"{name(r.id)}: gone (the person's end in the data: a death, or out of reach for good); "  # type: ignore[attr-defined]
                    "no link through them after it")
        return f"{name(r.id)}: gone (the body's end in the data: its dissolution); no link through it after it"  # type: ignore[attr-defined]
    track = f"track {r.track}" if r.track else "track not given"  # type: ignore[attr-defined]
    return f"{r.name} ({track}{', ' + r.process if r.process else ''})"  # type: ignore[attr-defined]


def _given(change: str, day: str, start: str | None, end: str | None) -> str | None:
    """The date a record gives for ``day``: its end when it ended, else its start; None when neither is it."""
    text = end if change == "ended" else start
    if not text:
        return None
    try:
        at = kgtime.last_day(text) if change == "ended" else kgtime.first_day(text)
    except ValueError:
        return None
    return text if at.isoformat() == day else None


def record_changes(store: Any, d1: date, d2: date, max_sensitivity: int = 2,
                   periods: tuple[bool, bool] = (False, False)) -> list[RecordChange]:
    """The records that began or ended between ``d1`` and ``d2`` (see the module's docstring), by day.

    ``periods``: whether ``d1`` is the eve of a period asked for (``--from 1993``) and ``d2`` a period's
    last day (``--to 1993``). Between two days, a record began when it holds on ``d2`` and not on
    ``d1``, and ended when it held on ``d1`` and not on ``d2``. A period's ends count as in it: what
    ended on the eve of ``--from 1993`` ended before 1993, and what ended on the last day of ``--to
    1993`` (its end written "1993") ended in it, though it still held on that day."""
    check_days(d1, d2)
    ended_from = d1 + timedelta(days=1) if periods[0] else d1
    ended_to = d2 if periods[1] else d2 - timedelta(days=1)
    all_events = {e.id: e for e in store.records("event")}  # type: ignore[attr-defined]
    found: list[tuple[Record, str, str, str | None, str | None, date | None, date | None]] = []
    for kind in KINDS:
        for r in store.records(kind):
            if SENSITIVITIES.index(r.sensitivity) > max_sensitivity:
                continue
            start, end, first, last = _dates(r, all_events)
            began = first is not None and d1 < first <= d2
            ended = last is not None and ended_from <= last <= ended_to
            if began and ended:
                change, day = "began and ended", first.isoformat()  # type: ignore[union-attr]
            elif began:
                change, day = "began", first.isoformat()  # type: ignore[union-attr]
            elif ended:
                change, day = "ended", last.isoformat()  # type: ignore[union-attr]
            else:
                continue
            found.append((r, change, day, start, end, first, last))
    ids = {a for r, *_ in found for a in _ends_of(r)}
    actors = {a.id: a for a in store.select("actor", "id", sorted(ids), None, max_sensitivity)}  # type: ignore[attr-defined]
    events = {e.id: e for e in all_events.values() if SENSITIVITIES.index(e.sensitivity) <= max_sensitivity}

    def name(a: str) -> str:
        return actors[a].name if a in actors else a

    out = []
    for r, change, day, start, end, first, last in found:
        ends = _ends_of(r)
        if any(a not in actors for a in ends):
            continue  # about an actor these options leave out
        if r.kind_name != "actor":
            # what one it names had ended before (a death, a dissolution): it began in no network, and it ended
            # there with them, a change said by their own end (an adversarial reader found "began tie Ghost and
            # Alice" three years after Ghost's death)
            gone = [kgtime.last_day(e) for a in ends if (e := getattr(actors[a], "end", None))]
            if gone and ((first is not None and min(gone) < first) or (change == "ended"
                                                                        and min(gone).isoformat() < day)):
                continue
            if gone and change == "began and ended" and last is not None and min(gone) < last:
                # (its own end after theirs: it began, and ended with them; a second reader found it said "began
                # and ended" or "began" by the window asked)
                change, day = "began", first.isoformat() if first is not None else day
        if r.kind_name == "participation" and r.event not in events:  # type: ignore[attr-defined]
            continue
        # a line names the actors at its ends (and the event): it is as sensitive as they are
        marked = most_sensitive(r.sensitivity, *(actors[a].sensitivity for a in ends),
                                *([events[r.event].sensitivity] if r.kind_name == "participation" else []))  # type: ignore[attr-defined]
        out.append(RecordChange(r.kind_name, change, day, describe(r, name, events), ends, start, end, r.source,
                                marked, r.key(), _given(change, day, start, end)))
    out.sort(key=lambda c: (c.day, KINDS.index(c.kind), c.says))
    return out


# --- channels ------------------------------------------------------------------------------

def _link_records(p: Projection, u: str, v: str) -> list[dict[str, Any]]:
    """The evidence of every usable link between ``u`` and ``v`` on ``p``'s day, best first."""
    lg = p.link_graph("all")
    if u not in p.index or v not in p.index:
        return []
    eid = lg.graph.get_eid(p.index[u], p.index[v], error=False)
    if eid < 0:
        return []
    links = p.edge_links(lg, eid)
    p.prefetch(links)
    return [p.evidence(i) for i in links]


def _cause(r: Any, good: Projection, kind: str, start: str | None = None) -> dict[str, Any]:
    """A record as a cause: key, relationship, a mediator's kind, its dates (``start``: when it begins to
    count, if not its own), source and sensitivity."""
    return {"record": r.key(), "relationship": r.kind_name, "kind": kind,
            "start": start if start is not None else getattr(r, "start", None), "end": getattr(r, "end", None),
            "source": r.source, "sensitivity": r.sensitivity}


def _affiliation_cause(a: Any, p: Projection) -> dict[str, Any]:
    return _cause(a, p, f"{p.name(a.member)}, {a.role or 'member'} of {p.name(a.organization)}")


def _changed(causes: list[dict[str, Any]], day: date) -> list[dict[str, Any]]:
    """The causes that do not hold on ``day`` (each counted from its start to its end)."""
    return [c for c in causes if not kgtime.valid_on(c["start"], c["end"], day)]


def _joined_or_left(p: Projection, other_day: date, kind: str, field: str, value: str) -> list[dict[str, Any]]:
    """The records of ``kind`` whose ``field`` is ``value`` that hold on one of the two days only: what
    made a body or an event cross the size past which it makes no links (a 51st member)."""
    if p.store is None:
        return []
    out = []
    event = p.events.get(value) if kind == "participation" else None

    def counts(r: Any, day: date) -> bool:  # as the graph counts it: a participant from its start, for good
        if kind != "participation":
            return r.valid_on(day)
        return kgtime.valid_on(kgtime.participation_start(r.start, event.start if event else None), None, day)

    for r in p.store.select(kind, field, [value], None, p.max_sensitivity):
        if counts(r, p.day) != counts(r, other_day):
            out.append(_affiliation_cause(r, p) if kind == "affiliation" else
                       _cause(r, p, f"{p.name(r.actor)} at {event.name if event else value} ({r.role})"))  # type: ignore[attr-defined]
    return out


def _meeting_ended(event: Any) -> date:
    """The day a meeting at ``event`` ended, from which it ages: its end's last day, or, without one, its one day."""
    return kgtime.last_day(event.end) if event.end else kgtime.first_day(event.start)


def aged_on(event: Any, half_life: float | None) -> date | None:
    """The first day on which a meeting at ``event`` weighs nothing (more than :data:`AGED_TO_NOTHING`
    half-lives after it ended, as :mod:`kg.graph` ages it); None without ageing or dates."""
    if not half_life or not (event.end or event.start):
        return None
    ended = _meeting_ended(event).toordinal()
    try:
        return date.fromordinal(int(ended + AGED_TO_NOTHING * half_life * 365.25) + 1)
    except (ValueError, OverflowError):  # past the calendar's last day (a half-life of centuries): never
        return None


def _event_source(p: Projection, event: Any) -> str:
    """An event's source: a projection keeps events without it (read from the store's columns), so from
    its record (a truth reader found aged meetings given as "no source")."""
    whole = p.record("event", p.event_refs.get(event.id))
    return (whole.source if whole is not None else "") or event.source  # type: ignore[attr-defined]


def _aged_cause(p: Projection, event: Any, day: date, half_life: float, link_sensitivity: str) -> dict[str, Any]:
    """The meeting at ``event`` of a link's two actors as the cause, as sensitive as the event and the link (the
    two participations)."""
    return {"record": event.key(), "relationship": "event", "aged_to_nothing": day.isoformat(),
            "kind": f"{event.name}: the meeting aged to nothing on {day.isoformat()} (more than {AGED_TO_NOTHING} "
                    f"half-lives of {half_life:g} years after it ended)",
            "start": event.start, "end": event.end, "source": _event_source(p, event),
            "sensitivity": most_sensitive(event.sensitivity, link_sensitivity)}


def _meetings_aged(before: Projection, after: Projection, aid: str) -> tuple[int, str]:
    """How many of ``aid``'s meetings of two or more, on ``after``'s day, weighed less on it than on ``before``'s
    (ended before it, and not aged to nothing already on the first day), and as sensitive as what they rest on
    (the events, everyone's participations and the participants: a count of a confidential meeting tells it is
    there, a second reader)."""
    n, marks = 0, ["public"]
    if not after.half_life:
        return 0, "public"
    for eid, parts in after.participants.items():
        ev = after.events.get(eid)
        if ev is None or not ev.start or len(parts) < 2 or all(a != aid for a, _r, _ref in parts):
            continue
        try:
            ended = _meeting_ended(ev)
        except ValueError:
            continue
        nothing = aged_on(ev, after.half_life)
        if ended < after.day and (nothing is None or nothing > before.day):
            n += 1
            taking = [after.record("participation", ref) for _a, _r, ref in parts]
            marks += [ev.sensitivity, *(after.actors[a].sensitivity for a, _r, _ref in parts if a in after.actors),
                      *(t.sensitivity for t in taking if t is not None)]
    return n, most_sensitive(*marks)


def aged_meetings(before: Projection, after: Projection) -> list[RecordChange]:
    """The meetings that aged to nothing between the two days, as changes of their events (each names its
    participants on the first day: whose links it took away)."""
    out = []
    # the meetings of the first day, and those begun between the two days (a meeting begun and aged to nothing
    # between them had been left out: a reader found it in a short window and not in a longer one), each with
    # the participants of the first day that has them
    on = [(eid, ev, before if len(before.participants.get(eid, ())) >= 2 or eid not in after.events else after)
          for eid, ev in before.events.items()]
    on += [(eid, ev, after) for eid, ev in after.events.items() if eid not in before.events]
    for eid, ev, seen in on:
        day = aged_on(ev, before.half_life)
        if day is None or not before.day < day <= after.day:
            continue
        parts = seen.participants.get(eid, [])
        people = [a for a, _role, _ref in parts]
        if len(people) < 2:
            continue
        # (as sensitive as each participation: a confidential participant counts and is named among them)
        taking = [seen.record("participation", ref) for _a, _role, ref in parts]
        out.append(RecordChange("event", "aged to nothing", day.isoformat(),
                                f"{ev.name} ({ev.start or '...'} to {ev.end or ev.start}): the meeting of its "
                                f"{len(people)} participants aged to nothing (more than {AGED_TO_NOTHING} "
                                f"half-lives of {before.half_life:g} years after it ended)",
                                people, ev.start, ev.end, _event_source(seen, ev),
                                most_sensitive(ev.sensitivity, *(seen.actors[a].sensitivity for a in people),
                                               *(t.sensitivity for t in taking if t is not None)),
                                ev.key()))
    return out


def _link_causes(good: Projection, bad_day: date, u: str, v: str) -> list[dict[str, Any]]:
    """The records behind the links between ``u`` and ``v`` on ``good``'s day that do not hold on ``bad_day``:
    a co-membership stands for the two affiliations behind it, a shared event for the two participations
    (each counted from the later of its start and its event's: having met lasts). When none of them
    changed, what changed the size of the body or the event (past which it links nobody); all of them
    when nothing is found to have changed."""
    found = []
    lg = good.link_graph("all")
    sized: list[tuple[str, str, str]] = []  # (kind, field, value) whose members may have crossed the size
    for e in _link_records(good, u, v):
        if e["relationship"] in ("co-membership", "event"):
            for i in good.edge_links(lg, lg.graph.get_eid(good.index[u], good.index[v])):
                kind, ref, extra = good.link_info[i]
                if extra is None:
                    continue
                if e["relationship"] == "co-membership" and extra.get("organization") == e.get("organization"):
                    found += [_affiliation_cause(a, good) for r in ref
                              if (a := good.record("affiliation", r)) is not None]
                    sized.append(("affiliation", "organization", e["organization"]))
                    break
                if e["relationship"] == "event" and extra.get("event") == e.get("event"):
                    event = good.events[e["event"]]
                    for r in ref[1:]:
                        part = good.record("participation", r)
                        if part is not None:
                            began = kgtime.participation_start(part.start, event.start)  # type: ignore[attr-defined]
                            says = f"{good.name(part.actor)} at {event.name} ({part.role})"  # type: ignore[attr-defined]
                            # (the meeting lasts past the participation's end)
                            found.append({**_cause(part, good, says, began), "end": None})
                    sized.append(("participation", "event", e["event"]))
                    break
        else:
            found.append({"record": e.get("record"), "relationship": e["relationship"], "kind": e["kind"],
                          "start": e.get("start"), "end": e.get("end"), "source": e.get("source", ""),
                          "sensitivity": e["sensitivity"]})
    unique = list({(c["record"] or repr(c)): c for c in found}.values())
    changed = _changed(unique, bad_day)
    if not changed:  # the participations hold on both days: the meeting may have aged to nothing between
        for e in _link_records(good, u, v):
            met = good.events.get(e.get("event") or "") if e["relationship"] == "event" else None
            day = aged_on(met, good.half_life) if met is not None else None
            if met is not None and day is not None and good.half_life and min(good.day, bad_day) < day <= max(
                    good.day, bad_day):
                changed.append(_aged_cause(good, met, day, good.half_life, e["sensitivity"]))
    if not changed:
        changed = [c for kind, field, value in sized for c in _joined_or_left(good, bad_day, kind, field, value)]
    return changed or unique


def _restriction_cause(r: Any) -> dict[str, Any]:
    return {"record": r.key(), "relationship": "restriction", "kind": r.kind, "scope": r.scope,
            "jurisdiction": r.jurisdiction, "start": r.start, "end": r.end, "source": r.source,
            "sensitivity": r.sensitivity}


def _membership_records(p: Projection, actor: str, group: str, other_day: date | None = None) -> list[dict[str, Any]]:
    """The affiliations valid on ``p``'s day on the ways up that make ``actor`` a member of ``group``
    (its own and those of the bodies between: a wing that joined the movement); with ``other_day``,
    those that do not hold on it, when some do not."""
    ways = {(a.member, a.organization) for a in p.situation.ways_up(actor, group)}
    if p.store is None or not ways:
        return []
    out = [_affiliation_cause(a, p)
           for a in p.store.select("affiliation", "member", sorted({m for m, _ in ways}), p.day, p.max_sensitivity)
           if (a.member, a.organization) in ways]  # type: ignore[attr-defined]
    out.sort(key=lambda c: c["record"])
    if other_day is not None:
        return _changed(out, other_day) or out
    return out


def _freeing(bad: Projection, good: Projection, group: str, contact: str,
             bound: list[Any]) -> list[tuple[Any, str, str]]:
    """What frees ``contact`` on ``good``'s day of the restrictions ``bound`` that bind it on ``bad``'s: each
    (restriction, body, how), ``how`` being "left" (the contact was in the body, a restricted one or one
    above the group, and is not), "above" (the contact is still in the body, which no longer stands above
    the group) or "under" (the contact itself is a body above the restricted one, no longer between)."""
    keys = {r.key() for r in bound}
    still = bad.situation.inside(contact)
    out = []
    for r, bodies in good.situation.exempting(group, contact):
        if r.key() not in keys:
            continue
        for body in bodies:
            if body == contact and body not in good.situation.between(group, r.group):
                out.append((r, body, "under"))
            elif body in still:
                out.append((r, body, "above"))
            elif body != contact:
                out.append((r, body, "left"))
    return out


def _binding_records(bad: Projection, good: Projection, group: str, contact: str,
                     bound: list[Any]) -> list[dict[str, Any]]:
    """Why restrictions bind ``contact`` on ``bad``'s day and not on ``good``'s: the restrictions that
    began (or ended) binding, and the affiliations that made the contact an official, a national body's
    member or a member of the group between the two days."""
    good_keys = {r.key() for r in good.situation.binding_restrictions(group, contact)}
    out = [_restriction_cause(r) for r in bound if r.key() not in good_keys and not r.valid_on(good.day)]
    # free of it on the other day by being inside the restricted body: the membership that ended (or began)
    # is why (a second reader: a ban that had not changed was given as the cause)
    for r, body, how in _freeing(bad, good, group, contact, bound):
        if how == "under":  # (the banned body under the contact)
            out += _membership_records(good, r.group, contact, bad.day)
        elif how == "above":  # the contact is still in it, but it no longer stands above the group
            out += _membership_records(good, group, body, bad.day)
        else:
            out += _membership_records(good, contact, body, bad.day)
    if out:
        return list({c["record"]: c for c in out}.values())
    if bad.store is not None:  # (the contact's ways up, and the group's: a group that joins a banned body)
        above = {contact, *bad.situation.ancestors(contact), group, *bad.situation.ancestors(group)}
        out += sorted((_affiliation_cause(a, bad)
                       for a in bad.store.select("affiliation", "member", sorted(above), bad.day, bad.max_sensitivity)
                       if not a.valid_on(good.day)), key=lambda c: c["record"])
    return out or [_restriction_cause(r) for r in bound if r.key() not in good_keys]


def _end_cause(bad: Projection, good: Projection, a: str) -> dict[str, Any]:
    """The record of ``a``'s end (a death, a dissolution) as a cause: gone on ``bad``'s day, there on ``good``'s."""
    whole = bad.store.select("actor", "id", [a], None, bad.max_sensitivity) if bad.store is not None else []
    return {"record": a, "relationship": "actor", "kind": "end", "start": None, "end": bad.ended[a],
            "source": whole[0].source if whole else "",
            "sensitivity": good.actors[a].sensitivity if a in good.actors else "public"}


def _ended_before(record: dict[str, Any], day: date) -> bool:
    """Whether a cause's record (a tie, an affiliation, a meeting) stopped holding before ``day``: its end, or the
    day its meeting aged to nothing."""
    for field_ in ("aged_to_nothing", "end"):
        when = record.get(field_)
        if when:
            try:
                return (date.fromisoformat(when) if field_ == "aged_to_nothing" else kgtime.last_day(when)) < day
            except ValueError:
                return False
    return False


def _gone_of(bad: Projection, good: Projection, ids: Any) -> list[str]:
    """Those of ``ids`` there on ``good``'s day and gone by ``bad``'s (an end: a death, a dissolution)."""
    return sorted(a for a in set(ids) if a in bad.ended and a in good.actors)


def _gone_words(bad: Projection, good: Projection, gone: list[str]) -> str:
    return "; ".join(f"{good.name(a)} ended {ended_on(bad.ended[a])}" for a in gone)


def why_not_possible(bad: Projection, good: Projection, path: list[str], group: str) -> list[dict[str, Any]]:
    """Why ``path`` is not a channel to ``group`` on ``bad``'s day though it is on ``good``'s, with the
    records behind each reason (taken from the day on which they hold). Empty: it is possible on both."""
    causes: list[dict[str, Any]] = []
    s_bad = bad.situation
    members_bad = bad.member_of(group)  # (as channels count members: by affiliations of reliability above 0)
    bad_day, good_day = bad.day.isoformat(), good.day.isoformat()
    # an actor of the path gone by the bad day (a death, a dissolution): that, not its links, which may hold (a
    # second reader found "no valid link between Minister and Broker" of a tie valid on both days)
    gone = [a for a in path if a in bad.ended and a not in bad.actors]
    # a hop through one of them that broke before their end (the tie ended first): that too, first (a reader of the
    # Northern Ireland back channel: a channel closed by the exposure of 1993 was said closed by a death of 1994)
    for u, v in zip(path, path[1:], strict=False):
        ends = [bad.ended[x] for x in (u, v) if x in gone]
        if not ends or good.store is None:
            continue
        first_end = min(kgtime.last_day(e) for e in ends)
        if not good.day < first_end:
            continue
        # broken only if no link between them held on the last day of the first of them (a tie ended while a
        # friendship or a meeting went on is no break: a second reader), and by what did not hold on it
        last = local_projection(good.store, first_end, [u, v], hops=1, max_sensitivity=good.max_sensitivity,
                                half_life=good.half_life, parties_of="seeds")
        if u in last.index and v in last.index and _link_records(last, u, v):
            continue
        earlier = [r for r in _link_causes(good, first_end, u, v) if _ended_before(r, first_end)]
        if earlier:
            whose = " and ".join(f"{good.name(x)}'s end" for x in (u, v) if x in gone)
            causes.append({"what": f"no valid link between {good.name(u)} and {good.name(v)} on {bad_day}, broken "
                                   f"before {whose}",
                           "records": earlier, "hop": [u, v]})
    for a in gone:
        causes.append({"what": f"{good.name(a)} is gone by {bad_day}: ended {ended_on(bad.ended[a])}",
                       "records": [_end_cause(bad, good, a)], "ended": a})
    for u, v in zip(path, path[1:], strict=False):
        if u in gone or v in gone:
            continue
        if u == path[0] and not good.is_person(u) and v in good.actors and good.is_person(v):
            # an organization's first hop to one of its people: a link, or a way through its bodies (a
            # government's minister, through the ministry), on either day
            if _link_records(bad, u, v) or bad.way_down(u, v) is not None:
                continue
            if good.way_down(u, v) is not None and not _link_records(good, u, v):
                causes.append({"what": f"{good.name(v)} does not belong to {good.name(u)} on {bad_day}",
                               "records": _membership_records(good, v, u, bad.day), "not_member_of": [v, u]})
                continue
        if not _link_records(bad, u, v):
            # a co-membership through a body gone by then (dissolved): that, not the memberships, which may hold
            bodies = _gone_of(bad, good, (e.get("organization") for e in _link_records(good, u, v)
                                          if e["relationship"] == "co-membership"))
            if bodies:
                causes.append({"what": f"no valid link between {good.name(u)} and {good.name(v)} on {bad_day}: "
                                       f"{_gone_words(bad, good, bodies)}",
                               "records": [_end_cause(bad, good, b) for b in bodies], "hop": [u, v]})
                continue
            causes.append({"what": f"no valid link between {good.name(u)} and {good.name(v)} on {bad_day}",
                           "records": _link_causes(good, bad.day, u, v), "hop": [u, v]})
    contact = path[-2]
    bound = s_bad.binding_restrictions(group, contact)
    if bound:
        freed = [(b, how) for _r, b, how in _freeing(bad, good, group, contact, bound) if b != contact]
        when = "no longer" if bad.day > good.day else "not yet"
        left = sorted({good.name(b) for b, how in freed if how == "left"})
        moved = sorted({good.name(b) for b, how in freed if how == "above"})
        parts = ([f"{when} in {', '.join(left)}"] if left else []) + (
            [f"{', '.join(moved)}, which {good.name(contact)} is in, {when} above {good.name(group)}"] if moved else [])
        was = f" ({'; '.join(parts)}: a restriction binds only outsiders)" if parts else ""
        # a body above the contact gone by the other day (a government dissolved): its officials, its members
        # are bound no more (an adversarial reader got the restriction, unchanged, as the only cause)
        # (only while a restriction that bound it still holds, and a body of a state or under one: a chess club
        # dissolved as the ban ended was named as the cause, a second reader)
        still = any(r.valid_on(good.day) for r in bound)
        dissolved = [b for b in _gone_of(good, bad, set(s_bad.ancestors(contact)) - {contact})
                     if still and any(bad.actors[x].org_type in STATE_ORG_TYPES for x in s_bad.ancestors(b)
                                      if x in bad.actors)]
        if dissolved:
            was += f" ({_gone_words(good, bad, dissolved)}: it binds {good.name(contact)} through it no more)"
        causes.append({"what": f"{good.name(contact)} may not engage {good.name(group)} on {bad_day}{was}",
                       "records": [_end_cause(good, bad, b) for b in dissolved]
                       + _binding_records(bad, good, group, contact, bound)})
    elif path[-1] in members_bad:  # and the body of it the member belongs to, under a ban of its own (an armed
        # wing), as kg channels keeps to (an adversarial reader: a channel the ban closed "fell out of the top")
        from queries.channels import InsideBars

        for body, rules in InsideBars(bad, group, members_bad).barring(contact, path[-1]):
            causes.append({"what": f"{good.name(contact)} may not engage {good.name(body)}, to which "
                                   f"{good.name(path[-1])} belongs, on {bad_day}",
                           "records": _binding_records(bad, good, body, contact, rules)})
    if path[-1] not in members_bad:
        # a body on the way up gone by then (a wing dissolved): that, not the affiliations, which may hold
        way = good.situation.ways_up(path[-1], group)
        bodies = _gone_of(bad, good, {x for a in way for x in (a.member, a.organization)} - {path[-1]})
        if bodies:
            causes.append({"what": f"{good.name(path[-1])} is not a member of {good.name(group)} on {bad_day}: "
                                   f"{_gone_words(bad, good, bodies)}",
                           "records": [_end_cause(bad, good, b) for b in bodies], "not_member": path[-1]})
        else:
            causes.append({"what": f"{good.name(path[-1])} is not a member of {good.name(group)} on {bad_day}",
                           "records": _membership_records(good, path[-1], group, bad.day), "not_member": path[-1]})
    if path[0] in members_bad:  # the asker: a member needs no channel (channels_to_group gives none)
        causes.append({"what": f"{good.name(path[0])} is a member of {good.name(group)} on {bad_day}, so needs "
                               f"no channel to it (not on {good_day})",
                       "records": _membership_records(bad, path[0], group, good.day)})
    for a in path[1:-1]:
        if a in members_bad:
            # (no longer one on the good day because a body on the way up is gone by then: that, a second reader)
            way = bad.situation.ways_up(a, group)
            bodies = _gone_of(good, bad, {x for f in way for x in (f.member, f.organization)} - {a})
            causes.append({"what": f"{good.name(a)} is a member of {good.name(group)} on {bad_day}, so cannot "
                                   f"carry a message to it (not on {good_day}"
                                   f"{': ' + _gone_words(good, bad, bodies) if bodies else ''})",
                           "records": ([_end_cause(good, bad, b) for b in bodies] if bodies
                                       else _membership_records(bad, a, group, good.day))})
    return causes


def _score(p: Projection, path: tuple[str, ...]) -> float:
    from queries.evidence import path_reliability

    return rounded(path_reliability(p, p.link_graph("all"), list(path), through_bodies=True))


def _hops_changed(before: Projection, after: Projection, c1: Any, c2: Any) -> list[dict[str, Any]]:
    """The hops of a channel shown on both days whose reliability differs, each with what it rests on
    each day and the records behind the stronger day's link that do not hold on the weaker's (a meeting
    ageing has none: then all of them)."""
    out = []
    for h1, h2 in zip(c1.hops, c2.hops, strict=False):
        if h1.reliability == h2.reliability:
            continue
        good, bad = (before, after) if h1.reliability > h2.reliability else (after, before)
        pair = f"{before.name(h1.from_)} and {before.name(h1.to)}"
        said = [h.says.removeprefix(pair + ": ") for h in (h1, h2)]  # (the pair named once: a second reader)
        what = f"{pair}: reliability {shown(h1.reliability)} ({said[0]}) -> {shown(h2.reliability)} ({said[1]})"
        out.append({"what": what, "records": _link_causes(good, bad.day, h1.from_, h1.to),
                    "hop": [h1.from_, h1.to]})
    return out


def channel_changes(before: Projection, after: Projection, actor_id: str, group_id: str,
                    top: int = 10, max_hops: int = 6) -> ChannelsChange:
    """How the channels from ``actor_id`` to ``group_id`` changed between the two projections' days."""
    from queries.channels import channels_to_group

    gone = [a for a in (actor_id, group_id) if a in after.ended and a in before.actors]
    if gone and before.day < after.day:  # the asker died, the group dissolved, between the days: every channel
        # closed by that (a second reader: the question that mattered was refused)
        return _all_closed(before, after, actor_id, group_id, gone, top, max_hops)
    a1 = channels_to_group(before, actor_id, group_id, top=top, max_hops=max_hops)
    a2 = channels_to_group(after, actor_id, group_id, top=top, max_hops=max_hops)
    g = a1.group
    shown1 = {tuple(c.path): c for c in a1.channels}
    shown2 = {tuple(c.path): c for c in a2.channels}
    out = []
    for path, c in shown2.items():
        if path in shown1:
            continue
        causes = why_not_possible(before, after, list(path), g)
        out.append(ChannelChange("opened" if causes else "rose into the top", list(path), c.names, c.contact,
                                 None if causes else _score(before, path), c.score, causes, c.sensitivity))
    for path, c in shown1.items():
        if path in shown2:
            c2 = shown2[path]
            if c2.score != c.score:  # shown on both days, weaker or stronger: the hops that changed, and why
                # (a truth reader: the only channel fell from 0.367 to 0.144 with no word of why)
                out.append(ChannelChange("weakened" if c2.score < c.score else "strengthened", list(path), c2.names,
                                         c2.contact, c.score, c2.score, _hops_changed(before, after, c, c2),
                                         most_sensitive(c.sensitivity, c2.sensitivity)))
            continue
        causes = why_not_possible(after, before, list(path), g)
        out.append(ChannelChange("closed" if causes else "fell out of the top", list(path), c.names, c.contact,
                                 c.score, None if causes else _score(after, path), causes, c.sensitivity))
    order = {"opened": 0, "closed": 1, "weakened": 2, "strengthened": 3, "rose into the top": 4,
             "fell out of the top": 5}
    out.sort(key=lambda c: (order[c.change], -max(c.score_after or 0.0, c.score_before or 0.0)))
    d1, d2 = before.day.isoformat(), after.day.isoformat()
    x, gname = before.name(a1.from_), before.name(g)
    opened = sum(c.change == "opened" for c in out)
    closed = sum(c.change == "closed" for c in out)
    def best(a: Any) -> str:
        if a.channels:
            return shown(a.channels[0].score)
        # a channel longer than --max-hops is still one (named, not called gone: as whatif says it)
        return f"none within the hops allowed ({a.fewest_hops} needed)" if a.fewest_hops else "no channel"

    b1, b2 = best(a1), best(a2)
    # (counted among the channels shown on either day: --top decides how far down it looks)
    moved = [f"{n} {w}" for w in ("weakened", "strengthened") if (n := sum(c.change == w for c in out))]
    message = (f"channels from {x} to {gname}: {opened} opened and {closed} closed"
               f"{''.join(', ' + m for m in moved)} among the {top} best of either "
               f"day, between {d1} and {d2}; best {b1} -> {b2}")
    return ChannelsChange(a1.from_, g, a1, a2, out, message)


def _all_closed(before: Projection, after: Projection, actor_id: str, group_id: str, gone: list[str], top: int,
                max_hops: int) -> ChannelsChange:
    """Every channel of ``before``'s day closed, by the end of the asker or the group (``gone``)."""
    from dataclasses import replace as copy

    from queries.channels import channels_to_group

    a1 = channels_to_group(before, actor_id, group_id, top=top, max_hops=max_hops)
    why = _gone_words(after, before, gone)
    cause = {"what": f"{why}: gone by {after.day.isoformat()}", "records": [_end_cause(after, before, a) for a in gone],
             "ended": gone[0]}
    out = [ChannelChange("closed", list(c.path), c.names, c.contact, c.score, None, [cause], c.sensitivity)
           for c in a1.channels]
    a2 = copy(a1, as_of=after.day.isoformat(), channels=[], single_points_of_failure=[], minimum_cut=[],
              minimum_cut_size=0, cut_summary=[], message=f"no channel: {why}", fewest_hops=None)
    message = (f"channels from {before.name(a1.from_)} to {before.name(a1.group)}: 0 opened and {len(out)} closed "
               f"between {before.day.isoformat()} and {after.day.isoformat()} ({why}); best "
               f"{shown(a1.channels[0].score) if a1.channels else 'no channel'} -> no channel")
    return ChannelsChange(a1.from_, a1.group, a1, a2, out, message)


# --- bridges -------------------------------------------------------------------------------

def bridge_changes(before: Projection, after: Projection, party_a: str, party_b: str, records: list[RecordChange],
                   top: int = 10) -> BridgesChange:
    """How the bridges between two parties moved, each with the records of theirs that began or ended."""
    from queries.bridges import bridging_figures, ranking_sensitivity

    b1 = ranking_sensitivity(before, bridging_figures(before, party_a, party_b, top=top), party_a, party_b, top=top)
    b2 = ranking_sensitivity(after, bridging_figures(after, party_a, party_b, top=top), party_a, party_b, top=top)
    r1 = {r.id: (i, r) for i, r in enumerate(b1.results, 1)}
    r2 = {r.id: (i, r) for i, r in enumerate(b2.results, 1)}
    out = []
    for aid in list(r2) + [a for a in r1 if a not in r2]:
        x, y = r1.get(aid), r2.get(aid)
        s1, s2 = (x[1].score if x else None), (y[1].score if y else None)
        if x is None:
            change = "entered"
        elif y is None:
            change = "left"
        elif s2 is not None and s1 is not None and f"{s1:.3f}" == f"{s2:.3f}" and x[0] == y[0]:
            # (as the scores are shown: "0.220 -> 0.220" is no "score up")
            change = "unchanged"
        else:
            # by rank, and at the same rank by score: "rose #1 -> #2" (the score up, the rank down) read as
            # a contradiction (found by an adversarial reader)
            change = ("rose" if y[0] < x[0] else "fell" if y[0] > x[0]
                      else "score up" if (s2 or 0) > (s1 or 0) else "score down")
        # their records, and the end of a body they were in (a dissolved club: "no record of theirs changed" of
        # its members, a second reader)
        theirs = set(before.situation.ancestors(aid)) if aid in before.actors else {aid}
        causes = [{"change": r.change, "day": r.day, "says": r.says, "record": r.record, "source": r.source,
                   "sensitivity": r.sensitivity, "given": r.given} for r in records
                  if aid in r.actors or (r.kind == "actor" and r.actors and r.actors[0] in theirs)]
        name = (y or x)[1].name  # type: ignore[index]
        out.append(BridgeChange(aid, name, change, x[0] if x else None, y[0] if y else None, s1, s2, causes,
                                most_sensitive(*(z[1].sensitivity for z in (x, y) if z)),
                                *_meetings_aged(before, after, aid)))
    moved = [c for c in out if c.change != "unchanged"]
    message = (f"bridges between {b2.parties[0]} and {b2.parties[1]}: {len(moved)} of {len(out)} moved "
               f"between {before.day.isoformat()} and {after.day.isoformat()}")
    return BridgesChange(b2.parties, out, message, most_sensitive(b1.ranking_sensitivity, b2.ranking_sensitivity))


def changes_between(before: Projection, after: Projection, channels: tuple[str, str] | None = None,
                    bridges: tuple[str, str] | None = None, top: int = 10, max_hops: int = 6,
                    periods: tuple[bool, bool] = (False, False)) -> ChangesAnswer:
    """What began and ended between ``before.day`` and ``after.day``; how an answer moved, and why.
    ``periods``: as :func:`record_changes` takes it (``before.day`` the eve of a period asked for)."""
    from queries.channels import records_used

    check_days(before.day, after.day)
    if channels and bridges:
        raise KGError("ask about --channels or --bridges, not both at once")
    if before.store is None:
        raise KGError("the projections must come from a store")
    records = record_changes(before.store, before.day, after.day, before.max_sensitivity, periods)
    aged = aged_meetings(before, after)
    records = sorted(records + aged, key=lambda c: (c.day, KINDS.index(c.kind), c.says))
    ch = channel_changes(before, after, channels[0], channels[1], top, max_hops) if channels else None
    br = bridge_changes(before, after, bridges[0], bridges[1], records, top) if bridges else None
    d1, d2 = before.day.isoformat(), after.day.isoformat()
    began = sum("began" in r.change for r in records)
    ended = sum("ended" in r.change for r in records)
    # the days compared, as the channels' and bridges' lines and the JSON name them, and a period asked for (--from
    # 1999) beside: "between 1998-12-31 and ..." alone read the same as --from 1998-12-31, which also counts what
    # ended on that day (an adversarial reader)
    span = f"between {d1} and {d2}" + (f" (the period from {(before.day + timedelta(days=1)).isoformat()}: what "
                                        f"ended on {d1} is not counted)" if periods[0] else "")
    message = f"{span}: {began} record{'s' if began != 1 else ''} began, {ended} ended"
    if aged:
        message += f", {len(aged)} meeting{'s' if len(aged) != 1 else ''} aged to nothing"
    return ChangesAnswer(d1, d2, records, ch, br, message, records_used(after))
