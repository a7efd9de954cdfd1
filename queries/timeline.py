"""One actor's history in date order: roles, ties, influence, events and restrictions.

:func:`actor_timeline` reads through the store's indexes only what touches the actor
(``GraphStore.select`` on each endpoint field), never the whole store:

- **roles**: the actor's affiliations (as member) and, for an organization, who joined and left it;
- **ties** and **influence**, either way;
- **events** the actor took part in, with their track and process;
- **restrictions**: those on the actor as a group (or on a group it belongs to), and those that
  can bind it: a restriction whose scope is ``nationals`` and whose jurisdiction is the actor's
  country (or ``EU``/``UN``, as kg.rules decides), or one over a state the actor holds an
  official role in while the restriction holds. A restriction that bears on the actor through a
  membership or an official role is dated by when it does: the days it holds and a way up to its
  group (or the official role) holds too; one that never held at once is left out.

Every dated record gives an entry on the day it **began** and, when it has an end, another on
the day it **ended**; undated records (true all along) come first, marked ``undated``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from kg import time as kgtime
from kg.graph import SENSITIVITIES, most_sensitive, stored_forms, ways_sensitivity
from kg.model import Record, replace
from kg.rules import EU_MEMBERS, Situation
from queries.changes import describe
from queries.lookup import unknown_actor


@dataclass
class TimelineEntry:
    day: str | None  # None: undated (true all along)
    change: str  # began | ended | undated | took part
    kind: str  # affiliation, member, tie, influence, event, restriction
    says: str
    start: str | None
    end: str | None
    source: str
    sensitivity: str
    record: str
    given: str | None = None  # the day as the data gives it (1993-06: a month; ``day`` is its first day)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Timeline:
    id: str
    name: str
    kind: str
    entries: list[TimelineEntry] = field(default_factory=list)
    records_used: str = "every record (confidential included)"
    sensitivity: str = "public"  # of the actor (the heading names it)

    def heading(self) -> str:
        marks = sorted({self.sensitivity, *(e.sensitivity for e in self.entries)} - {"public"},
                       key=SENSITIVITIES.index)
        if not marks:
            return ""
        return f"NOTE: this timeline includes {' and '.join(marks)} records (marked); check before sharing it"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "sensitivity": self.sensitivity,
                "records_used": self.records_used,
                "entries": [e.to_dict() for e in self.entries]}


def actor_timeline(store: Any, actor_id: str, max_sensitivity: int = 2) -> Timeline:
    """The actor's roles, ties, influence, events and restrictions in date order.

    >>> from kg.store.sqlite import SQLiteStore
    >>> from kg.model import Actor, Affiliation
    >>> s = SQLiteStore(":memory:")
    >>> _ = s.upsert([Actor(id="p", name="Pat", kind="person"), Actor(id="o", name="Org", kind="organization"),
    ...               Affiliation(member="p", organization="o", role="director", start="1990", end="1995")])
    >>> [(e.day, e.change, e.says) for e in actor_timeline(s, "p").entries]
    [('1990-01-01', 'began', 'Pat in Org: director'), ('1995-12-31', 'ended', 'Pat in Org: director')]
    """
    ms = max_sensitivity
    found = (store.select("actor", "id", [actor_id], None, ms)
             or store.select("actor", "id", stored_forms(store, actor_id), None, ms))
    if not found:
        raise unknown_actor(store, actor_id, ms)
    actor = found[0]
    actor_id = actor.id  # (typed in another Unicode form than the store holds)
    records: list[Record] = []
    for kind, fields in (("affiliation", ("member", "organization")), ("tie", ("a", "b")),
                         ("influence", ("from", "to")), ("participation", ("actor",))):
        seen = set()
        for f in fields:
            for r in store.select(kind, f, [actor_id], None, ms):
                if r.key() not in seen:
                    seen.add(r.key())
                    records.append(r)
    participations = [r for r in records if r.kind_name == "participation"]
    events = {e.id: e for e in store.select("event", "id", sorted({p.event for p in participations}), None, ms)}  # type: ignore[attr-defined]
    # the organizations above the actor (for restrictions on them, and for the states it serves)
    affs = [r for r in records if r.kind_name == "affiliation"]
    ups: dict[str, Any] = {r.key(): r for r in affs if r.member == actor_id}  # type: ignore[attr-defined]
    actors = {a.id: a for a in store.select("actor", "id", sorted({actor_id} | {x for r in records
                                                                             for x in _others(r)}), None, ms)}
    # a tie, a membership, an influence ends when one it names does (a death, a dissolution): said where it
    # happens, in the others' timelines too (a second reader found a partner's timeline silent about it)
    records = [r if r.kind_name == "participation" else _until_ends(r, actors, actor_id, *_others(r))
               for r in records]
    # upward through the organizations these options show (one left out is not passed through); a membership
    # of a body that dissolved holds until it did (a second reader: a restriction on a front went on binding its
    # commander in the timeline ten years after the front was gone)
    ups = {k: _until_ends(r, actors, r.member, r.organization)  # type: ignore[attr-defined]
           for k, r in ups.items() if r.organization in actors}  # type: ignore[attr-defined]
    done = {actor_id} | _climb(store, {r.organization for r in ups.values()}, ms, actors, ups)
    restrictions = [r for r in store.records("restriction") if SENSITIVITIES.index(r.sensitivity) <= ms]
    # and the bodies above each restricted group: a ban on an armed wing binds no body it is part of (the
    # movement's timeline said the UN's listing of its own wing bound it: a metamorphic fuzzer)
    known = dict(actors)
    known.update((a.id, a) for a in store.select("actor", "id", sorted({r.group for r in restrictions} - set(known)),
                                                 None, ms))
    group_ups: dict[str, Any] = {}
    _climb(store, {r.group for r in restrictions} & set(known), ms, known, group_ups)
    group_ups = {k: _until_ends(r, known, r.member, r.organization) for k, r in group_ups.items()}
    # a restriction binds no one once its group is gone, and no one once they are
    # (its own end kept, and who closed it: "ended" alone at a group's dissolution read as the listing lifted, where
    # the data ran it four more years: a reader building the Colombian process)
    given_end = {r.key(): r.end for r in restrictions}  # type: ignore[attr-defined]
    closed_by: dict[str, str] = {}
    restrictions = [_until_ends(r, known, r.group, actor_id, closed=closed_by)  # type: ignore[attr-defined]
                    for r in restrictions]
    periods: dict[str, list[Period]] = {}  # a restriction -> when it bears on the actor
    bearing = _restrictions_bearing(actor, known, list(ups.values()), restrictions, done, periods,
                                    [r for k, r in group_ups.items() if k not in ups])
    groups = sorted({r.group for r in bearing} - set(actors))
    actors.update({a.id: a for a in store.select("actor", "id", groups, None, ms)})

    def name(a: str) -> str:
        return actors[a].name if a in actors else a

    # the dates the restrictions' windows begin and end on, as the records they come from give them
    starts: dict[date, str] = {}
    ends: dict[date, str] = {}
    for x in [*bearing, *ups.values(), *group_ups.values()]:
        for text, days, day_of in ((getattr(x, "start", None), starts, kgtime.first_day),
                                   (getattr(x, "end", None), ends, kgtime.last_day)):
            if text and len(text) > len(days.get(day := day_of(text), "")):
                days[day] = text  # (of several giving the day, the most precise: none is wrong)

    entries: list[TimelineEntry] = []
    for r in records + bearing:
        if any(x not in actors for x in _others(r)):
            continue  # about an actor these options leave out
        if r.kind_name == "participation" and r.event not in events:  # type: ignore[attr-defined]
            continue
        kind = r.kind_name
        if kind == "affiliation" and r.organization == actor_id:  # type: ignore[attr-defined]
            kind = "member"
        says = describe(r, name, events)
        if r.kind_name == "restriction":
            says = (f"{r.jurisdiction} {r.kind} restriction on {name(r.group)} binding its {r.scope}"  # type: ignore[attr-defined]
                    + ("" if r.group == actor_id else f": {_why_bearing(r, actor, name, done)}"))  # type: ignore[attr-defined]
        start, end = getattr(r, "start", None), getattr(r, "end", None)
        # an entry names the actors at the other end (and the event): it is as sensitive as they are
        marked = most_sensitive(r.sensitivity, *(actors[x].sensitivity for x in _others(r)),
                                *([events[r.event].sensitivity] if r.kind_name == "participation" else []))  # type: ignore[attr-defined]
        if r.kind_name == "restriction" and r.group in done and r.group != actor_id:  # type: ignore[attr-defined]
            # "X belongs to G": as sensitive as the ways up from X to G (not the bodies off those ways)
            way = _ways_up(list(ups.values()), actor_id, r.group)  # type: ignore[attr-defined]
            marked = most_sensitive(marked, ways_sensitivity(actors, way))
        elif r.kind_name == "restriction" and r.group != actor_id:  # type: ignore[attr-defined]
            # it binds X as a national or an official: as sensitive as the ways up that make X an
            # official of a state (the whole way up: the safe side)
            marked = most_sensitive(marked, ways_sensitivity(actors, ups.values()))
        if r.kind_name == "participation":
            e = events[r.event]  # type: ignore[attr-defined]
            start = kgtime.participation_start(start, e.start)  # (its end is its own: having met lasts)
            track = f"track {e.track}" if e.track else "track not given"
            says += f"; {track}{', ' + e.process if e.process else ''}"
        # begun after the end of one it names (a tie of a man already dead, a ban on a party already dissolved):
        # it never held; said, where "began" alone read as a change of the network (an adversarial reader)
        says += _begun_after_end(start, [actors.get(x) or known.get(x) for x in _others(r)])
        if r.kind_name == "participation":
            # its own source, else its event's ("no source" beside an event that gives one, a reader of the Northern
            # Ireland back channel)
            source = r.source or events[r.event].source  # type: ignore[attr-defined]
            entries.append(TimelineEntry(kgtime.first_day(start).isoformat() if start else None,
                                         "took part" if start else "undated", "event", says, start, end, source,
                                         marked, r.key(), start))
            if end:  # a participation holds until its own end (having met lasts without one)
                entries.append(TimelineEntry(kgtime.last_day(end).isoformat(), "ended", "event", says, start, end,
                                             source, marked, r.key(), end))
            continue
        # a restriction bearing through a membership or an official role: while they hold
        # (a window's day shown as the record whose date it is gives it: "1980", not "1980-01-01" beside a
        # membership "1980", which a mediator read as two dates)
        windows = ([(first and _as_given(first, starts), last and _as_given(last, ends))
                    for first, last in periods[r.key()]] if r.key() in periods else [(start, end)])
        own = (getattr(r, "start", None), getattr(r, "end", None))
        if r.kind_name == "restriction":
            own = (own[0], given_end.get(r.key(), own[1]))
        for start, end in windows:
            common = dict(kind=kind, says=says, start=start, end=end, source=r.source, sensitivity=marked,
                          record=r.key())
            if not start and not end:
                entries.append(TimelineEntry(None, "undated", **common))  # type: ignore[arg-type]
            # a restriction's window that is not its own (an office, a membership began or ended): said, where
            # "1986 ended restriction ..." read as the restriction lifted (a reader: his office had ended)
            windowed = r.key() in periods
            if start:
                later = windowed and (not own[0] or kgtime.first_day(start) > kgtime.first_day(own[0]))
                entries.append(TimelineEntry(kgtime.first_day(start).isoformat(), "began",  # type: ignore[arg-type]
                                             **{**common, "says": says + ("; it binds from then, the restriction "
                                                                          "held before" if later else "")},
                                             given=start))
            if end:
                earlier = not own[1] or kgtime.last_day(end) < kgtime.last_day(own[1])
                gone = closed_by.get(r.key()) if end == r.end else None  # (the end of one it names, not a window's)
                if earlier and gone is not None:
                    lasts = f"the restriction runs to {own[1]}" if own[1] else "the restriction is not lifted"
                    whom = "no one" if gone == r.group else "them no more"  # type: ignore[attr-defined]
                    why = f"; {name(gone)}'s end: it binds {whom} from then, {lasts}"
                else:
                    why = "; it binds no more from then, the restriction goes on" if windowed and earlier else ""
                entries.append(TimelineEntry(kgtime.last_day(end).isoformat(), "ended",  # type: ignore[arg-type]
                                             **{**common, "says": says + why}, given=end))
    if actor.end:  # its own end (a death, a dissolution): the end of every link through it
        entries.append(TimelineEntry(kgtime.last_day(actor.end).isoformat(), "ended", "actor",
                                     describe(actor, name, events), None, actor.end, actor.source,
                                     actor.sensitivity, actor.key(), actor.end))
    # a day's beginnings before its ends: an end is the last day a record holds (a record of one day
    # begins, then ends; one that ends as another begins held on that day too)
    order = {"undated": 0, "began": 1, "took part": 2, "ended": 3}
    entries.sort(key=lambda e: (e.day or "", order[e.change], e.kind, e.says))
    used = {2: "every record (confidential included)", 1: "public and restricted records (no confidential)",
            0: "public records only"}[ms]
    return Timeline(actor.id, actor.name, actor.kind, entries, used, actor.sensitivity)


def _ways_up(affiliations: list[Any], start: str, goal: str) -> list[Any]:
    """The affiliations on some way up from ``start`` to ``goal``.

    >>> from kg.model import Affiliation as A
    >>> ups = [A(member="x", organization="g"), A(member="x", organization="club"), A(member="club", organization="h")]
    >>> [(a.member, a.organization) for a in _ways_up(ups, "x", "g")]
    [('x', 'g')]
    """
    # every affiliation given, whatever its dates (a timeline spans the actor's whole history)
    return Situation([], affiliations, [], kgtime.today(), all_valid=True).ways_up(start, goal)


def _until_ends(r: Any, actors: dict[str, Any], *who: str, closed: dict[str, str] | None = None) -> Any:
    """``r`` ending at the end of those of ``who`` that ended first (a death, a dissolution), when earlier than
    its own: what it makes true holds no longer than they are there. ``closed``: filled with the record's key and
    the one whose end closed it."""
    # (begun after it: left as given; the load noted it)
    found = kgtime.closing_end(getattr(r, "start", None), r.end, ((x, a.end) for x in who
                                                                  if (a := actors.get(x)) is not None
                                                                  and getattr(a, "end", None)))
    if found is None:
        return r
    if closed is not None:
        closed[r.key()] = found[0]
    return replace(r, end=found[1])


def _begun_after_end(start: str | None, who: list[Any]) -> str:
    """" (begun after Ghost's end, 1995-01-01: in no network)" of a record whose start comes after the end of one
    it names (a death, a dissolution), else ""."""
    if not start:
        return ""
    first = kgtime.first_day(start)
    for a in who:
        end = getattr(a, "end", None) if a is not None else None
        if end and kgtime.last_day(end) < first:
            return f" (begun after {a.name}'s end, {end}: in no network)"
    return ""


def _others(r: Record) -> list[str]:
    k = r.kind_name
    if k == "affiliation":
        return [r.member, r.organization]  # type: ignore[attr-defined]
    if k == "tie":
        return [r.a, r.b]  # type: ignore[attr-defined]
    if k == "influence":
        return [r.from_, r.to]  # type: ignore[attr-defined]
    if k == "participation":
        return [r.actor]  # type: ignore[attr-defined]
    return [r.group]  # type: ignore[attr-defined]


Period = tuple[date | None, date | None]  # first and last day, None: open


def _period(start: str | None, end: str | None) -> Period:
    return (kgtime.first_day(start) if start else None, kgtime.last_day(end) if end else None)


def _as_given(day: date, given: dict[date, str]) -> str:
    """``day`` as a record whose date it is gives it (a year, a month), else as a day."""
    return given.get(day) or day.isoformat()


def _merged(periods: list[Period]) -> list[Period]:
    """Periods that overlap or touch, as one each, in date order."""
    out: list[Period] = []
    for first, last in sorted(periods, key=lambda p: (p[0] or date.min, p[1] or date.max)):
        if out and (out[-1][1] is None or first is None or first <= _after(out[-1][1])):
            prev = out[-1]
            out[-1] = (prev[0], None if prev[1] is None or last is None else max(prev[1], last))
        else:
            out.append((first, last))
    return out


def _climb(store: Any, todo: set[str], ms: int, actors: dict[str, Any], ups: dict[str, Any]) -> set[str]:
    """Up from the bodies ``todo`` through the affiliations whose organization these options show (one left
    out is not passed through), into ``ups`` (by key) and ``actors``; the bodies passed."""
    done: set[str] = set()
    while todo:
        done |= todo
        for r in store.select("affiliation", "member", sorted(todo), None, ms):
            ups[r.key()] = r
        actors.update((a.id, a) for a in store.select("actor", "id", sorted({r.organization for r in ups.values()}
                                                                            - set(actors)), None, ms))
        for k in [k for k, r in ups.items() if r.organization not in actors]:
            del ups[k]
        todo = {r.organization for r in ups.values()} - done
    return done


def _restrictions_bearing(actor: Any, actors: dict[str, Any], ups: list[Any], restrictions: list[Any],
                          above: set[str], periods: dict[str, list[Period]],
                          group_ups: tuple[Any, ...] | list[Any] = ()) -> list[Any]:
    """Restrictions on the actor or a group above it, and those that can bind it (see the module);
    ``periods`` gets when each bears on the actor, where that is not the restriction's own dates.
    ``group_ups``: the affiliations above the restricted groups (what a ban does not bind)."""
    official = actor.kind == "organization" or any(a.official for a in ups)
    out = []
    for r in restrictions:
        if r.group == actor.id:
            out.append(r)
            continue
        national = r.scope == "nationals" and r.jurisdiction in (*actor.countries, "EU", "UN")
        if r.group not in above and not national and not official:
            continue  # it can neither reach the actor through a group nor bind it
        when = _bearing_periods(actor, actors, [*ups, *(a for a in group_ups if a not in ups)], r)
        if not when:
            continue  # never at once: it never bore on the actor
        if when != [_period(r.start, r.end)]:
            periods[r.key()] = when
        out.append(r)
    return out


def _after(day: date) -> date:
    """The day after ``day``; the last day of the calendar for itself (nothing comes after 9999-12-31)."""
    return day + timedelta(days=1) if day < date.max else day


def _bearing_periods(actor: Any, actors: dict[str, Any], ups: list[Any], r: Any) -> list[Period]:
    """When restriction ``r`` bears on the actor, asked as kg show asks it on a day (kg.rules): the
    actor belongs to its group, or it binds the actor (as a national, or as an official of a state
    it covers). Asked once for each stretch of days in which no record involved begins or ends
    (nor a state joins or leaves the EU), since the answer cannot change within one."""
    cuts: set[date] = set()
    for rec in [*ups, r]:
        first, last = _period(rec.start, rec.end)
        cuts |= {d for d in (first, last and _after(last)) if d is not None}
    if r.jurisdiction == "EU":
        cuts |= {d for first, last in EU_MEMBERS.values() for d in (first, last and _after(last))
                 if d is not None}
    points = sorted(cuts - {date.max})  # (a record to 9999-12-31 ends with the calendar: no day after it)
    day_before = timedelta(days=1)
    spans: list[Period] = [(None, None)] if not points else [
        *([(None, points[0] - day_before)] if points[0] > date.min else []),  # (none before 0001-01-01)
        *((a, b - day_before) for a, b in zip(points, points[1:], strict=False)), (points[-1], None)]
    held = []
    for first, last in spans:
        day = first or last or kgtime.today()
        situation = Situation(actors.values(), ups, [r], day)
        if r.valid_on(day) and (actor.id in situation.members(r.group)
                                or situation.binding_restrictions(r.group, actor.id)):
            held.append((first, last))
    return _merged(held)


def _why_bearing(r: Any, actor: Any, name: Any, above: set[str]) -> str:
    # a national of the state (of a member state of the EU; of any state for the UN): a ban on nationals binds
    # its officials too, who are not always its nationals (an American official of the French foreign
    # ministry is bound by an EU ban on nationals as an official, not "as a national of USA": an adversarial
    # reader)
    # (of several nationalities, the one the restriction names: "as a national of GBR" of a GBR;IRL national)
    # (an EU restriction: the states that were members while it held; a UN one: every nationality; a second
    # reader found "as a national of GBR" for an EU ban of 2021, and "of GBR;IRL")
    first = kgtime.first_day(r.start) if r.start else date.min
    last = kgtime.last_day(r.end) if r.end else date.max
    theirs = [c for c in actor.countries if c == r.jurisdiction or r.jurisdiction == "UN" or (
        r.jurisdiction == "EU" and c in EU_MEMBERS and EU_MEMBERS[c][0] <= last
        and ((left := EU_MEMBERS[c][1]) is None or left >= first))]
    national = r.scope == "nationals" and bool(actor.country) and (r.jurisdiction == "UN" or bool(theirs))
    state = " and ".join(theirs) if theirs else actor.country
    # (an organization is bound by a ban on nationals as a body of its state: "as a national" is a person's)
    as_one = f"as a body of {state}" if actor.kind == "organization" else f"as a national of {state}"
    if r.group in above:  # (a restriction binds only outsiders: not its body's own people while they belong)
        return f"{actor.name} belongs to {name(r.group)}" + (
            f"; it binds {actor.name} {as_one} only while not one of its people (a restriction binds "
            "outsiders)" if national else "")
    if national:
        return f"binds {actor.name} {as_one}"
    if r.group != actor.id and r.scope in ("officials", "nationals"):
        if r.jurisdiction == "UN":  # (every state's officials)
            return f"binds {actor.name} while {'a body' if actor.kind == 'organization' else 'an official'} of " \
                   "a state"
        if r.jurisdiction == "EU":
            return f"binds {actor.name} while {'a body' if actor.kind == 'organization' else 'an official'} of " \
                   "a member state of the EU"
        return f"binds {actor.name} while {'a body' if actor.kind == 'organization' else 'an official'} of " \
               f"{r.jurisdiction}"
    return f"applies to {name(r.group)}"
