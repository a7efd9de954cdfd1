"""What if these actors were gone (arrested, dead, out of office)? Channels and bridges, before and after.

:func:`what_if` answers one question (channels from X to G, or bridges between parties A
and B) twice: on the projection as the data stand, and on the same day's projection with
the actors in ``without`` gone as if the store did not hold them (:meth:`Projection.without`):
every link they carry goes, and so does what they made true for others (a body's members are
no longer the group's, a ministry's officials no longer its state's, an organization's
members lose the party it gave them, a body's size and so its co-membership links change).
It reports:

- **channels**: the channels lost (those shown before that ran through someone removed),
  the next best channels that remain, whether any channel is left, the best reliability
  before and after, how many people it takes to cut every channel (the minimum cut, which by
  Menger's theorem is the number of channels that share no intermediary) before and after,
  and the **new single points of failure**: people every remaining channel now runs through
  who were not before.
- **bridges**: the bridges lost (removed actors who ranked), those who rose or fell in rank
  and score, and those who now enter the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.errors import KGError, UnknownIdError, UsageMistake
from kg.graph import SENSITIVITIES, Projection, most_sensitive
from kg.text import counted, rounded, shown
from queries.lookup import already_gone, gone_before, resolve_actor


@dataclass
class ChannelsWhatIf:
    from_: str
    group: str
    removed: list[dict[str, str]]
    before: Any  # ChannelsAnswer
    after: Any  # ChannelsAnswer
    lost: list[dict[str, Any]]  # channels shown before that ran through someone removed
    alternatives: list[dict[str, Any]]  # the channels left, best first
    new_single_points_of_failure: list[dict[str, str]]
    no_longer_single_points: list[dict[str, str]]
    best_before: float | None
    best_after: float | None
    cut_before: int | None  # people whose loss cuts every channel (None: a direct link, or no channel)
    cut_after: int | None
    best_changed: bool
    message: str
    from_name: str = ""
    group_name: str = ""
    message_sensitivity: str = "public"  # of the channels or the explanation the message names
    title_sensitivity: str = "public"  # of the actors taken away, the asker and the group (the title names them)
    # channels shown before that are not lost but less reliable without them (a co-membership of a smaller
    # body, a way through a body taken away): with ``score_after``
    weakened: list[dict[str, Any]] = field(default_factory=list)

    def includes(self) -> list[str]:
        """Every mark the answer shows: the title's, the message's, the channels lost and left, the
        single points of failure before and after, and both answers'."""
        marks = ({self.message_sensitivity, self.title_sensitivity}
                 | {x.get("sensitivity", "public") for x in [*self.lost, *self.alternatives, *self.weakened,
                                                             *self.new_single_points_of_failure,
                                                             *self.before.single_points_of_failure,
                                                             *self.after.single_points_of_failure]}
                 | self.before._levels() | self.after._levels())
        return sorted(marks - {"public"}, key=SENSITIVITIES.index)

    def heading(self) -> str:
        shown = self.includes()
        if not shown:
            return ""
        return f"NOTE: this answer includes {' and '.join(shown)} records (marked below); check before sharing it"

    def to_dict(self) -> dict[str, Any]:
        return {"question": "channels", "from": self.from_, "group": self.group, "without": self.removed,
                "as_of": self.after.as_of, "message": self.message, "message_sensitivity": self.message_sensitivity,
                "title_sensitivity": self.title_sensitivity, "includes": self.includes(),
                "best_changed": self.best_changed,
                "best_before": self.best_before, "best_after": self.best_after,
                "cut_before": self.cut_before, "cut_after": self.cut_after,
                "channels_lost": self.lost, "next_best": self.alternatives,
                "new_single_points_of_failure": self.new_single_points_of_failure,
                "no_longer_single_points_of_failure": self.no_longer_single_points,
                "before": self.before.to_dict(), "after": self.after.to_dict()}


@dataclass
class BridgesWhatIf:
    parties: list[str]
    removed: list[dict[str, str]]
    before: Any  # BridgesAnswer
    after: Any
    lost: list[dict[str, Any]]
    moved: list[dict[str, Any]]  # rank and score before and after, for everyone in either top list
    entered: list[dict[str, Any]]
    message: str
    message_sensitivity: str = "public"  # of those taken away and the new first (the message names them)

    def includes(self) -> list[str]:
        return sorted({self.message_sensitivity, *(x["sensitivity"] for x in self.lost + self.moved + self.removed)}
                      - {"public"}, key=SENSITIVITIES.index)

    def heading(self) -> str:
        marks = self.includes()
        if not marks:
            return ""
        return f"NOTE: this answer includes {' and '.join(marks)} records (marked below); check before sharing it"

    def to_dict(self) -> dict[str, Any]:
        return {"question": "bridges", "parties": self.parties, "without": self.removed,
                "as_of": self.after.as_of, "message": self.message, "message_sensitivity": self.message_sensitivity,
                "includes": self.includes(), "bridges_lost": self.lost,
                "moved": self.moved, "entered": self.entered,
                "before": self.before.to_dict(), "after": self.after.to_dict()}


def removed_actors(projection: Projection, without: tuple[str, ...] | list[str]
                   ) -> tuple[list[str], list[dict[str, str]], list[str]]:
    """The ids of the actors to take away (each must exist, and none may be named twice), and those named that
    had already ended by the day (a death, a dissolution: gone already, as :func:`queries.lookup.already_gone`
    gives them), and every id in the order named."""
    if not without:
        raise KGError("name at least one actor to take away (--without ID)")
    seen: dict[str, str] = {}
    ended: dict[str, dict[str, str]] = {}
    order: list[str] = []
    for given in without:
        dead = already_gone(projection, given)
        actor_id = dead["id"] if dead is not None else resolve_actor(projection, given).id
        if actor_id in seen or actor_id in ended:
            raise UsageMistake(f"--without names '{actor_id}' twice; name each actor once")
        if dead is not None:
            ended[actor_id] = dead
        else:
            seen[actor_id] = given
        order.append(actor_id)
    return list(seen), list(ended.values()), order


def _with_the_dead(message: str, gone: list[str], ended: list[dict[str, str]], day: str) -> str:
    """The message, after a word on those named that had already ended by the day: the answer is the same
    without them (nothing of theirs holds that day)."""
    if not ended:
        return message
    said = gone_before(ended, day)
    return f"{said}, so nothing changes" if not gone else f"{said}; {message}"


def and_names(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _why_lost(before: Projection, rest: Projection, path: list[str], group: str) -> list[str]:
    """Why a channel that runs through no one taken away is lost all the same: what those taken away
    made true held it up (a co-membership of a body taken away, a membership through it)."""
    from queries.changes import why_not_possible

    out = []
    lg = before.link_graph("all")
    for cause in why_not_possible(rest, before, path, group):
        if "hop" in cause:
            u, v = cause["hop"]
            e = before.evidence(int(lg.best[lg.graph.get_eid(before.index[u], before.index[v])]))
            via = (f"co-members of {e['organization_name']}" if e.get("organization_name")
                   else f"at {e['event_name']}" if e.get("event_name") else f"a {e['relationship']}")
            # (one pair, as each channel met it: "I1 and I2" and "I2 and I1" are one reason)
            first, second = sorted((u, v), key=lambda a: (before.name(a), a))
            out.append(f"{before.name(first)} and {before.name(second)} were linked only as {via}")
        elif "not_member" in cause:
            out.append(f"{before.name(cause['not_member'])} is no longer a member of {before.name(group)}")
        elif "not_member_of" in cause:  # (not "on the day": it belongs to it on the day, with everyone there)
            member, body = cause["not_member_of"]
            out.append(f"{before.name(member)} no longer belongs to {before.name(body)}")
        else:  # (taking actors away binds no one, and makes no one a member: not met so far)
            out.append(cause["what"])
    return out


def _channel_summary(c: Any, rank: int) -> dict[str, Any]:
    return {"rank": rank, "path": c.path, "names": c.names, "contact": c.contact, "score": c.score,
            "independent": c.independent, "sensitivity": c.sensitivity}


def channels_without(projection: Projection, actor_id: str, group_id: str, without: tuple[str, ...],
                     top: int = 5, max_hops: int = 6) -> ChannelsWhatIf:
    """Channels from ``actor_id`` to ``group_id``, and the same with ``without`` gone."""
    from queries.channels import channels_to_group

    gone, ended, order = removed_actors(projection, without)
    before = channels_to_group(projection, actor_id, group_id, top=top, max_hops=max_hops)
    if before.from_ in gone:
        raise KGError(f"--without names {projection.name(before.from_)}, who asks the question; take away others")
    if before.group in gone:
        raise KGError(f"--without names {projection.name(before.group)}, the group asked about; take away others "
                      "(its members, or the bodies that belong to it)")
    # (everyone named already gone: the answer is the one before, not computed again)
    rest = projection.without(gone) if gone else projection
    after = channels_to_group(rest, before.from_, before.group, top=top, max_hops=max_hops) if gone else before
    gone_set = set(gone)
    named = [{"id": g, "name": projection.name(g), "sensitivity": projection.actors[g].sensitivity} for g in gone]
    lost = []
    for i, c in enumerate(before.channels, 1):
        # lost: it runs through someone taken away, or what they made true held it up (a member of the
        # group through a body taken away is no longer one)
        through = [a for a in c.path if a in gone_set]
        causes = [] if through else _why_lost(projection, rest, c.path, before.group)
        if through or causes:
            # by what each one taken away was to it: an intermediary it ran through, its contact, or the member
            # it reached (an adversarial reader read "through" of the group's own member it ended at)
            parts = [f"through {and_names([projection.name(a) for a in through if a not in (c.contact, c.member)])}"
                     ] if any(a not in (c.contact, c.member) for a in through) else []
            parts += [f"its contact {projection.name(a)} is gone" for a in through if a == c.contact]
            parts += [f"it reached {projection.name(a)}, who is gone" for a in through if a == c.member]
            lost.append({**_channel_summary(c, i), "through": [projection.name(a) for a in through],
                         "why": "; ".join(parts) if through else "; ".join(causes),
                         "reasons": [f"a channel ran through {and_names([projection.name(a) for a in through])}"]
                         if through else causes})
    # those not lost but weaker (an adversarial reader: a minister's channel halved when his ministry went,
    # and the answer said nothing of it)
    from queries.evidence import path_reliability

    lost_ranks = {c["rank"] for c in lost}
    weakened = []
    rest_links = rest.link_graph("all")
    for i, c in enumerate(before.channels, 1):
        if i in lost_ranks:
            continue
        try:
            now = rounded(path_reliability(rest, rest_links, c.path, through_bodies=True))
        except (ValueError, KeyError):  # (a hop gone after all: not weaker, lost; said by the causes)
            continue
        if now < c.score:
            weakened.append({**_channel_summary(c, i), "score_after": now})
    spof_before = {x["id"] for x in before.single_points_of_failure}
    spof_after = {x["id"] for x in after.single_points_of_failure}
    # new (or no longer) also says that the other list lacks them: as sensitive as what that list rests on
    new_spof = [{**x, "sensitivity": most_sensitive(x["sensitivity"], before.points_sensitivity)}
                for x in after.single_points_of_failure if x["id"] not in spof_before]
    gone_spof = [{**x, "sensitivity": most_sensitive(x["sensitivity"], after.points_sensitivity)}
                 for x in before.single_points_of_failure if x["id"] not in spof_after and x["id"] not in gone_set]
    best_before = before.channels[0].score if before.channels else None
    best_after = after.channels[0].score if after.channels else None
    cut_before = before.minimum_cut_size or None
    cut_after = after.minimum_cut_size or None
    first_before = before.channels[0].path if before.channels else None
    changed = first_before != (after.channels[0].path if after.channels else None)
    x_name, g_name = projection.name(before.from_), projection.name(before.group)
    who = and_names([n["name"] for n in named]) if named else ""
    if not before.channels:
        message = f"{x_name} has no channel to {g_name} even with everyone present: {before.message}"
    elif not after.channels:
        reasons = list(dict.fromkeys(r for c in lost for r in c["reasons"]))
        more = len(reasons) - 1
        message = f"without {who}, {x_name} has no channel left to {g_name}" + (
            f" within {counted(max_hops, 'hop')}: the shortest left has {counted(after.fewest_hops, 'hop')}"
            " (raise --max-hops)"
            if after.fewest_hops else
            ": every channel ran through them" if all(c["through"] for c in lost) else
            f": {reasons[0]}" + (f"; {more} more reason{'s' if more != 1 else ''} below" if more else ""))
    else:
        best = after.channels[0]
        what = "the best channel changes" if changed else "the best channel stays"
        shown_before = counted(len(before.channels), "channel")
        lost_said = ("none of the channels shown is lost" if not lost and len(before.channels) > 1
                     else f"the {shown_before} shown is not lost" if not lost
                     else f"{len(lost)} of the {shown_before} shown {'is' if len(lost) == 1 else 'are'} lost")
        if weakened:
            lost_said += f", {len(weakened)} {'is' if len(weakened) == 1 else 'are'} weaker"
        message = (f"without {who}: {lost_said}; {what}: "
                   f"{' -> '.join(best.names)} (reliability {shown(best_before)} -> {shown(best_after)})")
        if new_spof:
            message += "; every channel now runs through " + ", ".join(x["name"] for x in new_spof)
    if before.non_engageable and not after.non_engageable:  # what they made true bound the asker
        message += (f"; and without {who}, {g_name} is no longer off limits to {x_name}: no restriction binds "
                    f"{x_name}, who may be their own contact")
    message = _with_the_dead(message, gone, ended, projection.day.isoformat())
    named = sorted(named + ended, key=lambda n: order.index(n["id"]))
    title_sens = most_sensitive(*(n["sensitivity"] for n in named), projection.actors[before.from_].sensitivity,
                                projection.actors[before.group].sensitivity)
    named_sens = most_sensitive(title_sens, *(c["sensitivity"] for c in lost),
                                *([after.channels[0].sensitivity] if after.channels else []),
                                *([] if before.channels else [before.message_sensitivity]))
    return ChannelsWhatIf(before.from_, before.group, named, before, after, lost,
                          [_channel_summary(c, i) for i, c in enumerate(after.channels, 1)], new_spof, gone_spof,
                          best_before, best_after, cut_before, cut_after, changed, message, x_name, g_name,
                          named_sens, title_sens, weakened)


def _still_named(projection: Projection, party: str) -> bool:
    """Whether ``party`` (a party's name, or an organization standing for one) is still known."""
    from queries.bridges import party_members

    try:
        party_members(projection, party)
    except UnknownIdError:
        return False
    return True


def _people_left(projection: Projection, party: str, kw: dict[str, Any]) -> int:
    """How many of ``party`` bridging_figures would count (people, or every member with organizations)."""
    from queries.bridges import party_members

    members = party_members(projection, party)[1]
    return sum(1 for m in members if m in projection.index
               and (kw.get("include_organizations") or projection.is_person(m)))


def bridges_without(projection: Projection, party_a: str, party_b: str, without: tuple[str, ...],
                    top: int = 10, **kw: Any) -> BridgesWhatIf:
    """Bridging figures between two parties, and the same with ``without`` gone."""
    from queries.bridges import BridgesAnswer, bridging_figures, ranking_sensitivity

    gone, ended, order = removed_actors(projection, without)
    names = {p.casefold() for p in projection.situation.known_parties()}
    for party in (party_a, party_b):  # a party named by an organization's id (a party's name is not an actor)
        if party.casefold() not in names and party in gone:
            raise KGError(f"--without names {projection.name(party)}, a party asked about; take away others")
    before = bridging_figures(projection, party_a, party_b, top=top, **kw)
    rest = projection.without(gone) if gone else projection  # (everyone named already gone: nothing to redo)
    # a party that only what is taken away names (the PLO by its own body, a state by its government) is
    # gone with it: no one is left of it, and no one stands between (it was "no party", as if misspelt)
    # (asked as typed: a party given by an organization's id is shown by the organization's name)
    emptied = [shown for shown, asked in zip(before.parties, (party_a, party_b), strict=True)
               if not _still_named(rest, asked)]
    if emptied:
        after = BridgesAnswer(list(before.parties), before.as_of, [],
                              {shown: 0 if shown in emptied else _people_left(rest, asked, kw)
                               for shown, asked in zip(before.parties, (party_a, party_b), strict=True)},
                              before.method, ranks=before.ranks, records_used=before.records_used)
    elif gone:
        after = bridging_figures(rest, party_a, party_b, top=top, check_sides=False, **kw)
    # what each ranking rests on (every link counts in it)
    before = ranking_sensitivity(projection, before, party_a, party_b, top=top, **kw)
    if not gone:
        after = before
    elif not emptied:
        after = ranking_sensitivity(rest, after, party_a, party_b, without=gone, top=top, **kw)
    named = [{"id": g, "name": projection.name(g), "sensitivity": projection.actors[g].sensitivity} for g in gone]
    rank_b = {r.id: (i, r) for i, r in enumerate(before.results, 1)}
    rank_a = {r.id: (i, r) for i, r in enumerate(after.results, 1)}
    lost = [{"id": r.id, "name": r.name, "rank": i, "score": r.score, "sensitivity": r.sensitivity}
            for r_id, (i, r) in rank_b.items() if r_id in set(gone)]
    moved, entered = [], []
    for aid in list(rank_b) + [a for a in rank_a if a not in rank_b]:
        if aid in gone:
            continue
        b, a = rank_b.get(aid), rank_a.get(aid)
        entry = {"id": aid, "name": projection.name(aid),
                 "rank_before": b[0] if b else None, "score_before": b[1].score if b else None,
                 "rank_after": a[0] if a else None, "score_after": a[1].score if a else None,
                 # one not ranked after: outranked by others (the top full), or no bridge at all any more
                 # ("below the top" of a ranking of none read as nonsense, a second reader)
                 "after": None if a else "below the top" if len(after.results) >= top else "no longer a bridge",
                 "before": None if b else "below the top" if len(before.results) >= top else "not a bridge",
                 "sensitivity": most_sensitive(*(x[1].sensitivity for x in (b, a) if x))}
        moved.append(entry)
        if not b:
            entered.append(entry)
    who = and_names([n["name"] for n in named]) if named else ""
    if emptied:
        message = (f"without {who}, {' and '.join(emptied)} {'has' if len(emptied) == 1 else 'have'} no one left: "
                   f"no one stands between {before.parties[0]} and {before.parties[1]}")
    elif not after.results:
        message = f"without {who}, no one stands between {before.parties[0]} and {before.parties[1]}"
    else:
        top_after = after.results[0]
        # ("the first is now" only of a new first: an adversarial reader read a change where there was none)
        still = bool(before.results) and before.results[0].id == top_after.id
        message = (f"without {who}: {len(lost)} of the top {len(before.results)} bridges lost; "
                   f"{len(entered)} {'enters' if len(entered) == 1 else 'enter'} the top; the first "
                   f"{'is still' if still else 'is now'} {top_after.name} ({top_after.score:.3f})")
    message = _with_the_dead(message, gone, ended, projection.day.isoformat())
    named = sorted(named + ended, key=lambda n: order.index(n["id"]))
    return BridgesWhatIf(before.parties, named, before, after, lost, moved, entered, message,
                         most_sensitive(*(n["sensitivity"] for n in named), before.ranking_sensitivity,
                                        after.ranking_sensitivity,
                                        *([after.results[0].sensitivity] if after.results else [])))


def what_if(projection: Projection, without: tuple[str, ...], channels: tuple[str, str] | None = None,
            bridges: tuple[str, str] | None = None, top: int | None = None,
            max_hops: int = 6) -> ChannelsWhatIf | BridgesWhatIf:
    """What collapses if the actors in ``without`` are gone: give ``channels=(X, G)`` or ``bridges=(A, B)``."""
    if channels and bridges:
        raise KGError("ask about --channels or --bridges, not both at once")
    if channels:
        return channels_without(projection, channels[0], channels[1], tuple(without), top=top or 5,
                                max_hops=max_hops)
    if bridges:
        return bridges_without(projection, bridges[0], bridges[1], tuple(without), top=top or 10)
    raise KGError("say what to test: --channels ACTOR_ID GROUP_ID or --bridges PARTY_A PARTY_B")
