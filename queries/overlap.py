"""Where Track II meets Track I over a period: shared people, channels through officials, overlapping processes.

The question behind it: is there a risk that this initiative undercuts the formal process,
and through whom? :func:`overlap` reads the events held between two days (an event counts
when its dates meet the period) and classifies them by their ``track``:

- **Track I talks**: events of track ``1``; an *official process* is the ``process`` they
  belong to (an event without one is a process of its own).
- **Track II events**: events of track ``1.5``, ``2`` or ``3``: anything that is not the formal
  process (1.5, officials in a private capacity, counts here: that is where undercutting
  happens). Events without a track are left out and counted.

A **Track I official** is a person who, on some day of the event within the period (and of
their own participation), is an official representative of a conflict party in the states' formal process:
they hold an official role in a Track 1 body (data-model.md "Track"; a track the data gives them, such
as 1.5 for a minister acting in a private capacity, does not take the office away), that same
role makes them an official of a state (a government, security service or intergovernmental
body), and they belong to a party. (A track of 1 given in the data stands for the first: an official
of a state by any role.) (A movement's officials, Track 1 for their party, are not
at the states' table: in 1993 the PLO's Qurei is not, Israel's Savir is.) Officials
of no party (the facilitating state's diplomats) are listed apart as *third-party officials*:
they do not tie an initiative to either side's formal process.

For each Track II process (its Track II events in the period) the answer gives:

- ``track_one_participants``: Track I officials who took part in its events, when first (the
  first day on which they took part as one: a person who becomes an official during a
  multi-day event counts from that day) and why they count as Track I (the role that makes them so);
- ``shared_with``: the official processes whose Track I talks in the period share participants
  with it, and who;
- ``conduits``: Track II channels that run through Track I officials: ties and influence, not hostile
  and of a reliability above 0, between one of its participants (a Track I official among them too: an
  envoy's minister) and a Track I official who is not a participant (whom the initiative reports to, or
  hears from), while it runs: the tie valid and the person an official on one day from the first day
  of its events in the period to the last;
- ``third_party_officials``.

And across processes, ``actors``: everyone who took part in both Track II events and Track I
talks in the period, with both lists of events.

It reads from the store only what the period's events touch: their participants, the ends of
those participants' ties and influence, and the affiliations upward that decide everyone's
track and party (as :func:`kg.graph.local_projection` does).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from kg import time as kgtime
from kg.graph import SENSITIVITIES, most_sensitive, ways_sensitivity
from kg.model import Actor, Affiliation, Event
from kg.rules import Situation, role_words
from queries.changes import check_days
from queries.evidence import VERBS


@dataclass
class ProcessOverlap:
    """One Track II process in the period and where it meets Track I."""

    process: str
    tracks: list[str]
    events: list[dict[str, Any]]
    participants: list[str]
    track_one_participants: list[dict[str, Any]]
    shared_with: list[dict[str, Any]]
    conduits: list[dict[str, Any]]
    third_party_officials: list[dict[str, Any]]
    first_overlap: str | None
    says: str = ""
    sensitivity: str = "public"  # of its events: the process and what the line says rest on them
    # what its count of participants rests on: the participations (a confidential one is counted)
    participants_sensitivity: str = "public"

    @property
    def says_sensitivity(self) -> str:
        """What the summary line rests on: the events and everyone and everything it names."""
        return most_sensitive(self.sensitivity, *(x["sensitivity"] for part in (
            self.track_one_participants, self.shared_with, self.conduits) for x in part))

    @property
    def overlaps(self) -> bool:
        return bool(self.track_one_participants or self.shared_with)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "overlaps": self.overlaps}


@dataclass
class OverlapAnswer:
    start: str
    end: str
    actors: list[dict[str, Any]]
    processes: list[ProcessOverlap]
    official_processes: list[dict[str, Any]]
    message: str
    records_used: str
    untracked_events: list[str] = field(default_factory=list)
    untracked_sensitivity: str = "public"
    untracked_names: list[str] = field(default_factory=list)  # (as the events are named, for the text)

    @property
    def message_sensitivity(self) -> str:
        """What the first line's counts rest on: the processes counted, those that overlap Track I and why,
        and the actors in both (a confidential participation made one more, unmarked: an adversarial reader)."""
        return most_sensitive(*(p.sensitivity for p in self.processes),
                              *(p.says_sensitivity for p in self.processes if p.overlaps),
                              *(a["sensitivity"] for a in self.actors))

    def heading(self) -> str:
        shown = [p.sensitivity for p in self.processes]
        for p in self.processes:
            shown += [x["sensitivity"] for part in (p.track_one_participants, p.shared_with, p.conduits,
                                                    p.third_party_officials) for x in part]
        shown += [a["sensitivity"] for a in self.actors] + [self.untracked_sensitivity]
        shown += [p.participants_sensitivity for p in self.processes]
        marks = sorted(set(shown) - {"public"}, key=SENSITIVITIES.index)
        if not marks:
            return ""
        return f"NOTE: this answer includes {' and '.join(marks)} records (marked below); check before sharing it"

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.start, "to": self.end, "message": self.message,
                "message_sensitivity": self.message_sensitivity, "records_used": self.records_used,
                "actors": self.actors, "processes": [p.to_dict() for p in self.processes],
                "official_processes": self.official_processes, "untracked_events": self.untracked_events}


def _meets(start: str | None, end: str | None, d1: date, d2: date) -> bool:
    return (not start or kgtime.first_day(start) <= d2) and (not end or kgtime.last_day(end) >= d1)


def _first_in(start: str | None, d1: date) -> date:
    return max(kgtime.first_day(start), d1) if start else d1


def _last_in(end: str | None, d2: date) -> date:
    return min(kgtime.last_day(end), d2) if end else d2


class _Facts:
    """Actors and their affiliations upward, read through the store's indexes; a Situation per person and day."""

    def __init__(self, store: Any, max_sensitivity: int) -> None:
        self.store, self.ms = store, max_sensitivity
        self.actors: dict[str, Actor] = {}
        self._done: set[str] = set()
        self._up: dict[str, list[Affiliation]] = defaultdict(list)  # member -> its affiliations, at any time
        self._above: dict[str, tuple[set[str], list[Affiliation]]] = {}
        self._small: dict[tuple[str, date], Situation] = {}
        # the last day of each actor with an end (a death, a dissolution): after it, no official, no body (a
        # second reader found an initiative "linked to Track I through" a minister dead before it began)
        self._last = {a: kgtime.last_day(end) for a, end in store.ended_actors(date.max, max_sensitivity).items()}

    def gone(self, a: str, day: date) -> bool:
        """Whether ``a`` ended before ``day``."""
        last = self._last.get(a)
        return last is not None and last < day

    def add(self, ids: set[str]) -> None:
        todo = set(ids) - self._done
        while todo:
            self._done |= todo
            for a in self.store.select("actor", "id", sorted(todo), None, self.ms):
                self.actors[a.id] = a
            ups = self.store.select("affiliation", "member", sorted(todo), None, self.ms)
            for a in ups:
                self._up[a.member].append(a)
            todo = {a.organization for a in ups} - self._done
            self._above.clear()
            self._small.clear()

    def above(self, a: str) -> tuple[set[str], list[Affiliation]]:
        """``a`` and the bodies above it at any time, and the affiliations that lead there: what
        decides its track, party and offices on any day."""
        if a not in self._above:
            ids, todo, affs = {a}, [a], []
            while todo:
                for f in self._up.get(todo.pop(), []):
                    affs.append(f)
                    if f.organization not in ids:
                        ids.add(f.organization)
                        todo.append(f.organization)
            self._above[a] = ids, affs
        return self._above[a]

    def at(self, a: str, day: date) -> Situation:
        """The Situation of ``day`` as far as ``a`` is concerned: ``a``, the bodies above it (at any
        time) and the affiliations among them, which decide its track, party and offices. One per
        person and day: a Situation of everyone for each day a thousand officials took office
        would cost the square of their number."""
        key = (a, day)
        if key not in self._small:
            ids, affs = self.above(a)
            here = {x for x in ids if x in self.actors and not self.gone(x, day)}
            self._small[key] = Situation([self.actors[x] for x in here],
                                         [f for f in affs if f.member in here and f.organization in here], [], day)
        return self._small[key]

    def name(self, a: str) -> str:
        return self.actors[a].name if a in self.actors else a

    def way_up(self, a: str, day: date) -> str:
        """What an official's track, party and office on ``day`` rest on: the affiliations above it
        and the bodies there (the whole way up: the safe side)."""
        return ways_sensitivity(self.actors, self.at(a, day).affiliations_above(a))

    def first_official(self, a: str, first: date, last: date) -> tuple[date, bool, bool, str] | None:
        """The first day from ``first`` to ``last`` on which ``a`` is a Track I official of a party
        (else the first on which a third-party official), with :meth:`official`'s answer that day;
        None when neither. Whether one is an official changes only on the days an affiliation on
        the way up (at any time) begins or ends, so those days are the ones asked about."""
        if first > last:
            return None
        days = {first}
        for f in self.above(a)[1]:
            ended = kgtime.last_day(f.end) if f.end else date.max
            for d in (kgtime.first_day(f.start) if f.start else None,
                      ended + timedelta(days=1) if ended < date.max else None):
                if d is not None and first < d <= last:
                    days.add(d)
        third = None
        for day in sorted(days):
            is_one, is_third, why = self.official(a, day)
            if is_one:
                return day, True, False, why
            if is_third and third is None:
                third = (day, False, True, why)
        return third

    def official(self, a: str, day: date) -> tuple[bool, bool, str]:
        """(Track I official of a party, third-party official, why) for ``a`` on ``day``."""
        actor = self.actors.get(a)
        if actor is None or actor.kind != "person" or self.gone(a, day):
            return False, False, ""
        s = self.at(a, day)
        track, why = s.track_and_reason(a)
        if actor.track == "1":  # (given in the data: an official of a state by any role)
            if not s.official_states(a):
                return False, False, why + "; not an official of a state"
            return bool(s.parties(a)), not s.parties(a), why
        # one role does both: official in a Track 1 body, and of a state by it (a movement's spokesman who
        # is also an official of a state's academic institute, a Track 2 body, was counted: a metamorphic
        # fuzzer); a track given in the data says in what capacity they act, and an official role held on
        # the day still ties them to the formal process (1.5: officials in a private capacity, where
        # undercutting happens)
        roles = sorted({r.organization: r for r in s.official_roles(a) if s.track(r.organization) == "1"}.values(),
                       key=lambda r: r.organization)
        if not roles:
            if track == "1" or s.derived_track_and_reason(a)[0] == "1":
                # the official of a movement (the PLO in 1993) represents a party but is not a state's
                # official: the formal process is the states' talks, where undercutting would happen
                return False, False, s.derived_track_and_reason(a)[1] + "; not an official of a state in it"
            return False, False, why
        # (the roles that make them so, not every Track 1 role they hold)
        why = "holds an official role in a Track 1 body of a state: " + "; ".join(
            sorted({role_words(r.role, self.name(r.organization)) for r in roles}))
        if actor.track:
            why += f" (given as track {actor.track} in the data)"
        # of a party by that role's body: a state's ambassador who is a plain member of a party's charity is a
        # third-party official (a second reader: two roles again, each doing half)
        # (or, when that body has none, the party the data gives the person)
        theirs = set().union(*(s.parties(r.organization) for r in roles)) or set(actor.party)
        return bool(theirs), not theirs, why


def overlap(store: Any, start: date, end: date, max_sensitivity: int = 2) -> OverlapAnswer:
    """Where Track II and Track I share people, channels or processes between ``start`` and ``end``."""
    check_days(start, end)
    ms = max_sensitivity
    # an event without an end lasted its first day (as in kg.graph)
    events: dict[str, Event] = {e.id: e for e in store.records("event")  # type: ignore[misc]
                                if SENSITIVITIES.index(e.sensitivity) <= ms
                                and _meets(e.start, e.end or e.start, start, end)}
    untracked = sorted(e for e, ev in events.items() if not ev.track)
    parts: dict[str, list[tuple[str, str]]] = defaultdict(list)  # event -> (actor, role)
    part_sens: dict[tuple[str, str], str] = {}  # (event, actor) -> the participation's sensitivity
    part_days: dict[tuple[str, str], tuple[date, date]] = {}  # (event, actor) -> its days in the period
    for p in store.select("participation", "event", sorted(events), None, ms):
        if _meets(p.start, p.end, start, end) and p.event not in untracked:
            parts[p.event].append((p.actor, p.role))
            first, last = _first_in(p.start, start), _last_in(p.end, end)
            held = part_days.get((p.event, p.actor))  # two roles at one event: the days of either
            part_days[p.event, p.actor] = (min(first, held[0]), max(last, held[1])) if held else (first, last)
            part_sens[p.event, p.actor] = most_sensitive(part_sens.get((p.event, p.actor), "public"), p.sensitivity)
    facts = _Facts(store, ms)
    facts.add({a for ps in parts.values() for a, _ in ps})
    for e, ps in parts.items():  # participants the options leave out, and those gone before they could be there
        # (one dead two months before the talks was "in both Track II events and Track I talks": an adversarial
        # reader; a participation gives its own days or the event's)
        ps[:] = [(a, r) for a, r in ps if a in facts.actors
                 and not facts.gone(a, max(part_days[e, a][0], _first_in(events[e].start, start)))]

    def process_of(e: Event) -> str:
        return e.process or f"{e.name} ({e.id})"

    def event_day(e: Event) -> date:
        return _first_in(e.start, start)

    def event_info(e: Event) -> dict[str, Any]:
        return {"id": e.id, "name": e.name, "start": e.start, "end": e.end, "track": e.track, "process": e.process}

    track_one = {e: ev for e, ev in events.items() if ev.track == "1"}
    track_two = {e: ev for e, ev in events.items() if ev.track and ev.track != "1"}

    # actors in both Track II events and Track I talks
    by_actor: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: {"two": [], "one": []})
    for e, ev in events.items():
        side = "one" if e in track_one else ("two" if e in track_two else None)
        if side:
            for a, role in parts.get(e, []):
                by_actor[a][side].append({**event_info(ev), "role": role})
    def at(a: str, evs: list[str]) -> str:
        """What "a took part in evs" rests on: the actor, the events and the participations."""
        return most_sensitive(facts.actors[a].sensitivity, *(events[e].sensitivity for e in evs),
                              *(part_sens.get((e, a), "public") for e in evs))

    def in_date_order(evs: list[dict[str, Any]]) -> list[dict[str, Any]]:  # (a reader: 2003 listed after 2005)
        # (one event once, its roles together: a signatory who also took part was listed twice, a second reader)
        roles: dict[str, tuple[dict[str, Any], set[str]]] = {}
        for e in evs:
            roles.setdefault(e["id"], (e, set()))[1].add(e["role"])
        return sorted(({**e, "role": ", ".join(sorted(rs))} for e, rs in roles.values()),
                      key=lambda e: (kgtime.first_day(e["start"]) if e["start"] else date.min, e["name"]))

    actors = [{"id": a, "name": facts.name(a), "track_two_events": in_date_order(d["two"]),
               "track_one_events": in_date_order(d["one"]),
               "sensitivity": at(a, [e["id"] for e in d["two"] + d["one"]])}
              for a, d in sorted(by_actor.items(), key=lambda x: facts.name(x[0])) if d["two"] and d["one"]]

    official: dict[str, set[str]] = defaultdict(set)
    official_events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e, ev in sorted(track_one.items(), key=lambda x: (x[1].start or "", x[0])):
        official[process_of(ev)] |= {a for a, _ in parts.get(e, [])}
        official_events[process_of(ev)].append(event_info(ev))

    processes: dict[str, list[Event]] = defaultdict(list)
    for ev in sorted(track_two.values(), key=lambda ev: (ev.start or "", ev.id)):
        processes[process_of(ev)].append(ev)

    # the ties and influence of Track II participants, valid at some time in the period
    t2_people = sorted({a for e in track_two for a, _ in parts.get(e, [])})
    links = []
    for kind, fields in (("tie", ("a", "b")), ("influence", ("from", "to"))):
        seen = set()
        for f in fields:
            for r in store.select(kind, f, t2_people, None, ms):
                if r.key() in seen or not _meets(r.start, r.end, start, end):
                    continue
                if kind == "tie" and r.kind == "hostile":
                    continue
                if (r.strength if kind == "tie" else r.weight) * r.confidence == 0:
                    continue  # a link of reliability 0 carries no message (README "How the answers are computed")
                seen.add(r.key())
                links.append(r)
    facts.add({x for r in links for x in ((r.a, r.b) if r.kind_name == "tie" else (r.from_, r.to))})

    out = []
    for proc, evs in processes.items():
        people: set[str] = set()
        t1: dict[str, dict[str, Any]] = {}
        third: dict[str, dict[str, Any]] = {}
        for ev in evs:
            for a, role in parts.get(ev.id, []):
                people.add(a)
                # an official while taking part: on a day of the event in the period, from the day the
                # participation begins (the event's start, unless its own) to its end
                p_start, p_end = part_days[ev.id, a]
                window = max(event_day(ev), p_start)
                found = facts.first_official(a, window, min(_last_in(ev.end or ev.start, end), p_end))
                if found is not None:
                    day, is_one, _is_third, why = found
                    # an event dated by a month or a year, an official from the first day it can be: "from 2017-12",
                    # not a day the period cut (2017-12-31 for --from 2017-12-31; an adversarial reader)
                    said = (ev.start if day == window and ev.start and len(ev.start) < 10 and not ev.end
                            and p_start <= event_day(ev) else day.isoformat())
                    into = t1 if is_one else third
                    entry = into.setdefault(a, {"id": a, "name": facts.name(a), "first": day.isoformat(),
                                                "first_said": said,
                                                "parties": sorted(facts.at(a, day).parties(a)), "why": why,
                                                "events": []})
                    if day.isoformat() < entry["first"]:  # an earlier event of the process, listed later
                        entry.update(first=day.isoformat(), first_said=said,
                                     parties=sorted(facts.at(a, day).parties(a)), why=why)
                    entry["events"].append({"id": ev.id, "name": ev.name, "start": ev.start, "track": ev.track,
                                            "role": role})
                    entry["sensitivity"] = most_sensitive(at(a, [e["id"] for e in entry["events"]]),
                                                          entry.get("sensitivity", "public"), facts.way_up(a, day))
        shared = []
        for op, members in sorted(official.items()):
            common = sorted(people & members)
            if common:
                evs_of = [e["id"] for e in official_events[op]] + [ev.id for ev in evs]
                shared.append({"process": op, "same_process": op == proc, "events": official_events[op],
                               "actors": [{"id": a, "name": facts.name(a)} for a in common],
                               "sensitivity": most_sensitive(*(at(a, [e for e in evs_of if (e, a) in part_sens])
                                                               for a in common))})
        def took_part(a: str, evs: list[Event] = evs) -> str:
            """What "a is one of the process's participants" rests on: its least sensitive participation
            (with its event) in the process; a conduit names a participant (a second reader found a
            confidential participation shown through an unmarked conduit)."""
            ways = [most_sensitive(ev.sensitivity, part_sens.get((ev.id, a), "public"))
                    for ev in evs if (ev.id, a) in part_sens]
            return min(ways, key=SENSITIVITIES.index) if ways else "public"

        conduits = []
        # while the initiative runs: from its first event's first day in the period to its last's last (a
        # minister out of office four weeks before its conference was its link to Track I, because the
        # period began while he held it: a truth reader)
        runs = (min(event_day(ev) for ev in evs), max(_last_in(ev.end or ev.start, end) for ev in evs))
        for r in links:
            ends = (r.a, r.b) if r.kind_name == "tie" else (r.from_, r.to)
            for mine, other in (ends, ends[::-1]):
                if mine not in people or other in people:
                    continue
                found = facts.first_official(other, max(_first_in(r.start, start), runs[0]),
                                             min(_last_in(r.end, end), runs[1]))
                if found is None or not found[1]:
                    continue
                day, _is_one, _third, why = found
                if r.kind_name == "tie":
                    says = f"{facts.name(r.a)} and {facts.name(r.b)}: {r.kind} tie"
                else:
                    says = f"{facts.name(r.from_)} {VERBS.get(r.kind, r.kind)} {facts.name(r.to)}"
                conduits.append({"participant": mine, "participant_name": facts.name(mine), "official": other,
                                 "official_name": facts.name(other),
                                 "parties": sorted(facts.at(other, day).parties(other)),
                                 "why": why, "relationship": r.kind_name, "kind": r.kind, "says": says,
                                 "start": r.start, "end": r.end, "source": r.source,
                                 "sensitivity": most_sensitive(r.sensitivity, facts.actors[mine].sensitivity,
                                                               facts.actors[other].sensitivity,
                                                               facts.way_up(other, day), took_part(mine)),
                                 "record": r.key()})
        conduits.sort(key=lambda c: (c["official_name"], c["participant_name"]))
        firsts = [v["first"] for v in t1.values()]
        po = ProcessOverlap(proc, sorted({ev.track for ev in evs if ev.track}), [event_info(ev) for ev in evs],
                            sorted(people), sorted(t1.values(), key=lambda x: (x["first"], x["name"])), shared,
                            conduits, sorted(third.values(), key=lambda x: (x["first"], x["name"])),
                            min(firsts) if firsts else None,
                            sensitivity=most_sensitive(*(ev.sensitivity for ev in evs)),
                            participants_sensitivity=most_sensitive(*(
                                most_sensitive(facts.actors[a].sensitivity, part_sens.get((ev.id, a), "public"))
                                for ev in evs for a, _role in parts.get(ev.id, []))))
        po.says = _says(po)
        out.append(po)
    out.sort(key=lambda p: (not p.overlaps, p.first_overlap or "", p.process))
    d1, d2 = start.isoformat(), end.isoformat()
    # (no --from: from the first record, not "between 0001-01-01 and ...")
    span = f"up to {d2}" if start == date.min else f"between {d1} and {d2}"
    n = sum(p.overlaps for p in out)
    message = (f"{len(out)} Track II process{'es' if len(out) != 1 else ''} active {span}; "
               f"{n} overlap{'s' if n == 1 else ''} Track I (Track I officials in its events, or participants "
               "shared with official talks); "
               f"{len(actors)} actor{'s' if len(actors) != 1 else ''} took part in both Track II events and "
               f"Track I talks")
    if not events:
        message = f"no event {span}"
    officials = [{"process": op, "events": official_events[op],
                  "participants": [{"id": a, "name": facts.name(a)} for a in sorted(official[op])]}
                 for op in sorted(official)]
    return OverlapAnswer(d1, d2, actors, out, officials, message, _records_used(ms), untracked,
                         most_sensitive(*(events[e].sensitivity for e in untracked)),
                         [f"{events[e].name} ({events[e].start})" for e in untracked])


def _records_used(ms: int) -> str:
    return {2: "every record (confidential included)", 1: "public and restricted records (no confidential)",
            0: "public records only"}[ms]


def _says(p: ProcessOverlap) -> str:
    if p.track_one_participants:
        who = ", ".join(f"{x['name']} (from {x.get('first_said', x['first'])})" for x in p.track_one_participants)
        text = f"Track I officials take part: {who}"
    else:
        text = "no Track I official takes part in its Track II events"
    if p.shared_with:
        text += "; shares participants with " + "; ".join(
            f"{s['process']}{' (the same process, in its Track I events)' if s['same_process'] else ''}: "
            + ", ".join(a["name"] for a in s["actors"]) for s in p.shared_with)
    if p.conduits:
        officials = sorted({c["official_name"] for c in p.conduits})
        text += "; linked to Track I through " + ", ".join(officials)
    return text
