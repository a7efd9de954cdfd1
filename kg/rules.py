"""The derived facts of the data model, on one day.

:class:`Situation` takes the actors, affiliations and restrictions and a day,
and answers the data model's derived questions (../shared/spec/data-model.md,
"Derived facts"):

- :meth:`Situation.official_states` -- which states a person is an official of;
- :meth:`Situation.track` -- an actor's track;
- :meth:`Situation.parties` -- an actor's conflict parties;
- :meth:`Situation.members` -- the members of a group;
- :meth:`Situation.binding_restrictions` / :meth:`Situation.non_engageable`.

Two choices where the spec is silent, made the way users expect:

- an organization of ``org_type`` government, security service or
  intergovernmental body of state S (or affiliated upward with one) is bound by
  S's ``officials`` restrictions, as its officials are;
- a restriction on a group also covers the organizations affiliated with it (a
  ban on a movement covers its armed wing);
- a ``UN`` restriction of scope ``nationals`` binds every actor, including one
  whose country is unknown: every state must apply it to its nationals, and
  everyone is some state's national. An ``EU`` one binds the nationals (and
  officials) of the states that are EU members on the day (:data:`EU_MEMBERS`).

Everything is pure: no I/O, the same inputs give the same answers.

>>> from datetime import date
>>> from kg.model import Actor, Affiliation
>>> gov = Actor(id="gov", name="Government", kind="organization", org_type="government", country="ISR")
>>> min_ = Actor(id="mfa", name="Foreign Ministry", kind="organization", org_type="government", country="ISR")
>>> p = Actor(id="p", name="P", kind="person", country="ISR")
>>> affs = [Affiliation(member="mfa", organization="gov"),
...         Affiliation(member="p", organization="mfa", official=True, start="1992", end="1995")]
>>> s = Situation([gov, min_, p], affs, [], date(1993, 1, 1))
>>> s.official_states("p"), s.track("p"), sorted(s.members("gov"))
({'ISR'}, '1', ['gov', 'mfa', 'p'])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from kg.model import STATE_ORG_TYPES, Actor, Affiliation, Restriction

PARTY_ORG_TYPES = frozenset({"armed_group", "political_party"})

# Member states of the European Union (and of the European Communities before
# it), with the first and last day of membership. Source: the EU's own list of
# member states and their accession dates (european-union.europa.eu, "EU
# countries"); the United Kingdom left on 31 January 2020.
EU_MEMBERS: dict[str, tuple[date, date | None]] = {
    **{c: (date(1958, 1, 1), None) for c in ("BEL", "DEU", "FRA", "ITA", "LUX", "NLD")},
    "DNK": (date(1973, 1, 1), None), "IRL": (date(1973, 1, 1), None),
    "GBR": (date(1973, 1, 1), date(2020, 1, 31)),
    "GRC": (date(1981, 1, 1), None),
    "ESP": (date(1986, 1, 1), None), "PRT": (date(1986, 1, 1), None),
    **{c: (date(1995, 1, 1), None) for c in ("AUT", "FIN", "SWE")},
    **{c: (date(2004, 5, 1), None) for c in ("CYP", "CZE", "EST", "HUN", "LVA", "LTU", "MLT", "POL",
                                              "SVK", "SVN")},
    "BGR": (date(2007, 1, 1), None), "ROU": (date(2007, 1, 1), None),
    "HRV": (date(2013, 7, 1), None),
}


def eu_members(day: date) -> set[str]:
    """The EU member states on ``day``.

    >>> sorted(eu_members(date(1993, 1, 1)))[:3], "GBR" in eu_members(date(2020, 2, 1))
    (['BEL', 'DEU', 'DNK'], False)
    """
    return {c for c, (first, last) in EU_MEMBERS.items() if first <= day and (last is None or day <= last)}


def jurisdiction_states(jurisdiction: str, day: date) -> set[str] | None:
    """The states whose officials or nationals a restriction of ``jurisdiction`` binds on ``day``.

    ``None`` means every state (``UN``: a Security Council listing); ``EU``: the
    member states on the day; any other code: that state alone.
    """
    if jurisdiction == "UN":
        return None
    if jurisdiction == "EU":
        return eu_members(day)
    return {jurisdiction}


# the kinds of organization named by an adjective, as nouns ("a religious body", not "a religious": a mediator found
# "an other:")
KIND_NOUNS = {"religious": "religious body", "academic": "academic body", "civil society": "civil society body",
              "ngo": "non-governmental organization", "media": "media body", "other": "organization"}


def _a(noun: str) -> str:
    """The noun with its indefinite article: "an armed group", "a government"."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def role_words(role: str, organization: str) -> str:
    """An official role as an answer says it: "minister of Government of A", "official of X" for one with no
    name; a post kept as the body its holder belongs to, an FtM Position ("President of Arden" of "President
    of Arden"), as the post alone."""
    if role.casefold() == organization.casefold():
        return organization
    return f"{role} of {organization}" if role else f"official of {organization}"


@dataclass(frozen=True)
class OfficialRole:
    """Why a person is an official of a state: the affiliation and the state body it leads to."""

    state: str
    organization: str  # the organization the person holds the official role in
    role: str
    state_body: str  # the government, security service or IGO that makes it the state's


def _believed(a: Affiliation) -> bool:
    """An affiliation that makes its member part of the body (a rumour of confidence 0 does not: its member
    stays bound by the body's restrictions)."""
    if a.confidence <= 0:
        return False
    own = a.props.get("strength")  # (the data's own strength column, when it has one)
    try:
        return own in (None, "") or float(own) != 0
    except (TypeError, ValueError):
        return True


class Situation:
    """The derived facts for one day. Build once per question, then ask many times."""

    def __init__(self, actors: Iterable[Actor], affiliations: Iterable[Affiliation],
                 restrictions: Iterable[Restriction], day: date, *, all_valid: bool = False) -> None:
        """``all_valid``: the affiliations are known to hold on ``day`` (read for that day)."""
        self.day = day
        self.actors: dict[str, Actor] = {a.id: a for a in actors}
        self.affiliations = list(affiliations) if all_valid else [a for a in affiliations if a.valid_on(day)]
        self.restrictions = [r for r in restrictions if r.valid_on(day)]
        self._up: dict[str, list[Affiliation]] = defaultdict(list)
        self._down: dict[str, list[Affiliation]] = defaultdict(list)
        for a in self.affiliations:
            self._up[a.member].append(a)
            self._down[a.organization].append(a)
        self._parties: dict[str, frozenset[str]] = {}
        self._org_states: dict[str, dict[str, str]] = {}
        self._group_rules: dict[str, list[tuple[Restriction, set[str] | None]]] = {}
        self._reaching: dict[str, set[str]] = {}  # ways_up: who reaches each goal
        self._inside: dict[str, set[str]] = {}  # an actor and the bodies it is part of (not by a rumour)
        self._above_all: dict[str, set[str]] = {}  # (by any affiliation)
        # (group, actor) -> (the restrictions binding the actor, those it is free of by being inside)
        self._verdict: dict[tuple[str, str], tuple[list[Restriction], list[tuple[Restriction, list[str]]]]] = {}
        self._ways: dict[tuple[str, str], set[str]] = {}  # (group, restricted body) -> the bodies between

    # --- officials -------------------------------------------------------------------

    def ancestors(self, org_id: str, through: Callable[[Affiliation], bool] | None = None) -> list[str]:
        """``org_id`` and every organization it is affiliated with, transitively, on the day
        (``through``: by the affiliations it keeps only)."""
        seen, order, stack = {org_id}, [org_id], [org_id]
        while stack:
            for a in self._up.get(stack.pop(), ()):
                if a.organization not in seen and self._is_org(a.organization) and (through is None or through(a)):
                    seen.add(a.organization)
                    order.append(a.organization)
                    stack.append(a.organization)
        return order

    def affiliations_above(self, actor_id: str) -> list[Affiliation]:
        """The affiliations on the day that lead from ``actor_id`` up to the bodies of :meth:`ancestors`."""
        above = set(self.ancestors(actor_id))
        return [a for m in above for a in self._up.get(m, ()) if a.organization in above]

    def ways_up(self, actor_id: str, goal: str) -> list[Affiliation]:
        """The affiliations on the day on some way up from ``actor_id`` to ``goal`` (what makes the
        actor belong to it); none when it does not."""
        reaches = self._reaching.get(goal)
        if reaches is None:  # who can reach the goal (once per goal: a large body has thousands)
            reaches, todo = {goal}, [goal]
            while todo:
                for a in self._down.get(todo.pop(), ()):
                    if a.member not in reaches:
                        reaches.add(a.member)
                        todo.append(a.member)
            self._reaching[goal] = reaches
        found, seen, todo = [], {actor_id}, [actor_id]  # from the actor, along what reaches the goal
        while todo:
            for a in self._up.get(todo.pop(), ()):
                if a.organization in reaches:
                    found.append(a)
                    if a.organization not in seen:
                        seen.add(a.organization)
                        todo.append(a.organization)
        return found

    def _is_org(self, actor_id: str) -> bool:
        actor = self.actors.get(actor_id)
        return actor is not None and actor.kind == "organization"

    def state_bodies(self, org_id: str) -> dict[str, str]:
        """The states an organization belongs to: state -> the state body that makes it so."""
        if org_id not in self._org_states:
            found: dict[str, str] = {}
            for anc in self.ancestors(org_id):
                actor = self.actors.get(anc)
                if actor and actor.org_type in STATE_ORG_TYPES and actor.country:
                    found.setdefault(actor.country, anc)
            self._org_states[org_id] = found
        return self._org_states[org_id]

    def official_roles(self, person_id: str) -> list[OfficialRole]:
        """Every official role that makes ``person_id`` an official of some state on the day."""
        roles = []
        for a in self._up.get(person_id, ()):
            if a.official and self._is_org(a.organization):
                for state, body in self.state_bodies(a.organization).items():
                    roles.append(OfficialRole(state, a.organization, a.role, body))
        return roles

    def official_states(self, actor_id: str) -> set[str]:
        """The states ``actor_id`` is an official of (a person) or belongs to (a state body)."""
        actor = self.actors.get(actor_id)
        if actor is None:
            return set()
        if actor.kind == "organization":
            return set(self.state_bodies(actor_id))
        return {r.state for r in self.official_roles(actor_id)}

    # --- track and party -----------------------------------------------------------

    def track(self, actor_id: str) -> str:
        """The actor's track on the day (data-model.md v2, "Track")."""
        return self.track_and_reason(actor_id)[0]

    def track_and_reason(self, actor_id: str) -> tuple[str, str]:
        """The track and why, naming the role or the kind of body that decides it.

        An explicit track wins. An organization is Track 1 when it is a government,
        security service or intergovernmental body, or an armed group or political party
        of a conflict party; else 2. A person is Track 1 while holding an official role
        in a Track 1 organization; else 2.
        """
        actor = self.actors[actor_id]
        if actor.track:
            return actor.track, "given in the data"
        return self.derived_track_and_reason(actor_id)

    def derived_track_and_reason(self, actor_id: str) -> tuple[str, str]:
        """The track the actor's kind and roles give it on the day, whatever track the data gives it
        (a minister given as 1.5, in a private capacity, still holds the office)."""
        actor = self.actors[actor_id]
        if actor.kind == "organization":
            kind = (actor.org_type or "organization").replace("_", " ")
            if actor.org_type in STATE_ORG_TYPES:
                return "1", f"{_a(kind)} body"
            parties = self.parties(actor_id)
            if actor.org_type in PARTY_ORG_TYPES and parties:
                return "1", f"{_a(kind)} of {', '.join(sorted(parties))}"
            return "2", (f"{_a(KIND_NOUNS.get(kind, kind))}: neither a state body nor a conflict party's armed group "
                         "or political party")
        roles = [role_words(a.role, self.actors[a.organization].name) for a in self._up.get(actor_id, ())
                 if a.official and self._is_org(a.organization) and self.track(a.organization) == "1"]
        if roles:
            return "1", "holds an official role in a Track 1 body: " + "; ".join(sorted(set(roles)))
        return "2", "holds no official role in a Track 1 body on the day"

    def parties(self, actor_id: str) -> frozenset[str]:
        """Explicit parties, else those of the organizations the actor is affiliated with."""
        return self._parties_of(actor_id, frozenset())

    def _parties_of(self, actor_id: str, visiting: frozenset[str]) -> frozenset[str]:
        if actor_id in self._parties:
            return self._parties[actor_id]
        actor = self.actors.get(actor_id)
        if actor is None:
            return frozenset()
        if actor.party:
            result = frozenset(actor.party)
        else:
            found: set[str] = set()
            for a in self._up.get(actor_id, ()):
                if a.organization not in visiting and self._is_org(a.organization):
                    found |= self._parties_of(a.organization, visiting | {actor_id})
            result = frozenset(found)
        if not visiting:  # only cache answers not cut short by a cycle
            self._parties[actor_id] = result
        return result

    def party_members(self, party: str) -> set[str]:
        """Every actor whose parties include ``party`` on the day."""
        return {a for a in self.actors if party in self.parties(a)}

    def known_parties(self) -> list[str]:
        """Every party named by any actor, sorted."""
        return sorted({p for a in self.actors.values() for p in a.party})

    # --- groups and restrictions ---------------------------------------------------

    def members(self, group_id: str, through: Callable[[Affiliation], bool] | None = None) -> set[str]:
        """The group itself, the actors affiliated with it, and the members of its sub-organizations
        (``through``: by the affiliations it keeps only)."""
        seen, stack = {group_id}, [group_id]
        while stack:
            for a in self._down.get(stack.pop(), ()):
                if a.member not in seen and (through is None or through(a)):
                    seen.add(a.member)
                    if self._is_org(a.member):
                        stack.append(a.member)
        return seen

    def binding_restrictions(self, group_id: str, actor_id: str) -> list[Restriction]:
        """The restrictions valid on the day that make ``group_id`` non-engageable for ``actor_id``."""
        return self._verdicts(group_id, actor_id)[0]

    def exempting(self, group_id: str, actor_id: str) -> list[tuple[Restriction, list[str]]]:
        """The restrictions that would bind ``actor_id`` for ``group_id`` but for its being inside: each with
        the bodies that make it so (those it belongs to on a way from the group up to the restricted body; or
        the actor itself, an organization the restricted body is part of). What "no restriction binds it"
        rests on, beside the restrictions themselves."""
        return self._verdicts(group_id, actor_id)[1]

    def _verdicts(self, group_id: str, actor_id: str) -> tuple[list[Restriction],
                                                               list[tuple[Restriction, list[str]]]]:
        found = self._verdict.get((group_id, actor_id))
        if found is None:
            found = self._verdict[group_id, actor_id] = self._verdicts_of(group_id, actor_id)
        return found

    def _verdicts_of(self, group_id: str, actor_id: str) -> tuple[list[Restriction],
                                                                  list[tuple[Restriction, list[str]]]]:
        actor = self.actors.get(actor_id)
        if actor is None:
            return [], []
        rules = self._group_rules.get(group_id)
        if rules is None:  # the restrictions on the group or an organization above it, with their states
            covering = set(self.ancestors(group_id))
            rules = self._group_rules[group_id] = [(r, jurisdiction_states(r.jurisdiction, self.day))
                                                   for r in self.restrictions if r.group in covering]
        if not rules:
            return [], []
        if actor.kind == "person" and actor_id not in self._officials and all(r.scope != "nationals"
                                                                              for r, _ in rules):
            return [], []  # no official role: restrictions on officials alone cannot bind them
        binding: list[Restriction] = []
        exempted: list[tuple[Restriction, list[str]]] = []
        official_of: set[str] | None = None
        inside: set[str] | None = None
        for r, states in rules:
            if official_of is None:
                official_of = self.official_states(actor_id)
            if states is None:  # UN: every state must apply it, to its officials or to everyone
                bound = bool(official_of) or r.scope == "nationals"
            else:
                bound = bool(official_of & states) or (r.scope == "nationals"
                                                       and any(c in states for c in actor.countries))
            if not bound:
                continue
            if inside is None:
                inside = self.inside(actor_id)
            # the restricted body's own people (or a body it is part of) are not kept from it
            within = sorted(inside & self.between(group_id, r.group))
            if actor_id in self.inside(r.group):
                within.append(actor_id)
            if within:
                exempted.append((r, within))
            else:
                binding.append(r)
        return binding, exempted

    def inside(self, actor_id: str) -> set[str]:
        """The actor and the bodies it is part of on the day by affiliations that make it so (not a rumour)."""
        found = self._inside.get(actor_id)
        if found is None:
            found = self._inside[actor_id] = set(self.ancestors(actor_id, _believed))
        return found

    def between(self, group_id: str, body: str) -> set[str]:
        """The bodies on the ways from ``group_id`` up to ``body`` (both included), by any affiliation: the ways
        by which a restriction on ``body`` covers the group. Someone inside one of them is not kept from the
        group by it: were a rumoured way up true, they would be inside ``body`` too; were it false, the
        restriction would not cover the group."""
        key = (group_id, body)
        found = self._ways.get(key)
        if found is None:
            found = self._ways[key] = {b for b in self._all_above(group_id) if body in self._all_above(b)}
        return found

    def _all_above(self, actor_id: str) -> set[str]:
        found = self._above_all.get(actor_id)
        if found is None:
            found = self._above_all[actor_id] = set(self.ancestors(actor_id))
        return found

    def non_engageable(self, group_id: str, actor_id: str) -> bool:
        """Whether ``actor_id`` may not engage ``group_id`` on the day."""
        return bool(self.binding_restrictions(group_id, actor_id))

    @cached_property
    def _officials(self) -> set[str]:
        """Everyone with an official affiliation on the day (whether or not it is a state's)."""
        return {a.member for a in self.affiliations if a.official}

    @cached_property
    def restricted_groups(self) -> set[str]:
        """Groups with a restriction valid on the day."""
        return {r.group for r in self.restrictions}
