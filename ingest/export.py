"""``kg export``: the store out, as a dataset folder, JSON Lines, GraphML, GEXF or FollowTheMoney.

:func:`select` picks what leaves the analyst's hands (data-model.md v2,
"Sensitivity in answers"): records marked ``confidential`` stay behind unless
asked for (``public_only``: ``restricted`` ones too), and with them every
relationship that touches an actor or event left out; with a day, only what
holds on that day (relationships valid on it, events that had begun by then,
participations from their event's start).
:class:`Redaction` replaces people by stable pseudonyms and keeps their names
out of every free-text field. :func:`export` writes one format:

- ``csv``: a dataset folder (``actors.csv``...) that ``kg ingest`` loads back
  as the same records, every cell that a spreadsheet would run as a formula
  written with a leading ``'`` (see :mod:`ingest.cells`);
- ``jsonl``: the same records as JSON Lines;
- ``graphml`` and ``gexf``: actors and events as nodes; affiliations,
  influence (directed), ties (undirected) and participations as edges, every
  attribute declared with its type and written on every element (no missing
  values); GEXF 1.3 carries each record's start and end so Gephi's timeline
  plays the network over time;
- ``ftm``: FollowTheMoney entities (:func:`ingest.ftm.to_ftm`).

Nothing is half-written: each file is written beside its destination and
moved into place when whole.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kg import time as kgtime
from kg.errors import KGError
from kg.model import (
    FILES,
    KINDS,
    SENSITIVITIES,
    Actor,
    Affiliation,
    Event,
    Influence,
    Participation,
    Record,
    Restriction,
    Tie,
    replace,
    sensitivity_level,
)
from kg.outfile import atomic_write, output_file
from kg.store.base import GraphStore

FORMATS = ("csv", "jsonl", "graphml", "gexf", "ftm")
GEXF_NS = "http://gexf.net/1.3"


class ExportError(KGError):
    """An export cannot be written where it was asked to go."""


@dataclass
class ExportOptions:
    """What to export and how: the format, the day, confidential records, redaction."""

    format: str
    as_of: date | None = None
    include_confidential: bool = False
    redact: bool = False
    public_only: bool = False  # records marked public alone: restricted ones left out too (an export for anyone)

    @property
    def max_sensitivity(self) -> int:
        """The most sensitive records written: 0 public, 1 restricted (the default), 2 confidential."""
        return sensitivity_level(self.public_only, not self.include_confidential)


@dataclass
class ExportReport:
    """What an export wrote and what it left out or rewrote."""

    path: Path
    format: str
    written: dict[str, int] = field(default_factory=dict)  # records per kind
    confidential_left_out: int = 0  # records left out by their sensitivity (restricted ones too with public_only)
    restricted: int = 0  # records written that are marked restricted
    includes_confidential: bool = False
    not_on_day: int = 0
    pseudonymised: int = 0
    rewritten: Counter[str] = field(default_factory=Counter)  # free-text fields rewritten, by field
    withheld: Counter[str] = field(default_factory=Counter)  # free-text fields left out, by field
    left_out: Counter[str] = field(default_factory=Counter)  # left out whatever they said (a person's description)
    files: list[Path] = field(default_factory=list)


# --- what leaves -----------------------------------------------------------------------

def select(store: GraphStore, as_of: date | None = None, max_sensitivity: int = 1
           ) -> tuple[dict[str, list[Record]], int, int]:
    """The records to export: (records by kind, how many left out by sensitivity, how many not valid on the day).

    Records more sensitive than ``max_sensitivity`` (0 public, 1 restricted, 2 confidential) are left
    out. A relationship touching an actor or event left out so counts as left out too (it would
    name it). With ``as_of``, relationships and restrictions are those valid on the day, events those
    begun by then, and a participation from its own or its event's start (the later), past its own
    end (the meeting it made lasts), as in the projection.
    """
    everything = {k: list(store.records(k)) for k in KINDS}
    confidential = not_on_day = 0
    kept: dict[str, list[Record]] = {}
    # (kind, id): an event may have an actor's id
    def too_sensitive(r: Record) -> bool:
        return SENSITIVITIES.index(r.sensitivity) > max_sensitivity
    hidden: set[tuple[str, str]] = set()  # actors and events left out: what touches them is left out too
    not_yet: set[tuple[str, str]] = set()  # events not begun on the day
    for kind in ("actor", "event"):
        kept[kind] = []
        for r in everything[kind]:
            if too_sensitive(r):
                confidential += 1
                hidden.add((kind, r.key()))
            elif kind == "event" and as_of is not None and r.start_day and r.start_day > as_of:
                not_on_day += 1
                not_yet.add((kind, r.key()))
            elif kind == "actor" and as_of is not None and r.end and kgtime.last_day(r.end) < as_of:  # type: ignore[attr-defined]
                # gone by the day (a death, a dissolution), with what names it, as in the day's network
                not_on_day += 1
                not_yet.add((kind, r.key()))
            else:
                kept[kind].append(r)
    events = {r.key(): r for r in kept["event"]}
    for kind in ("affiliation", "tie", "influence", "participation", "restriction"):
        kept[kind] = []
        for r in everything[kind]:
            ends = _ends(r)
            if too_sensitive(r) or any(e in hidden for e in ends):
                confidential += 1
            elif any(e in not_yet for e in ends) or (as_of is not None and not _valid(r, as_of, events)):
                not_on_day += 1
            else:
                kept[kind].append(r)
    return kept, confidential, not_on_day


def _ends(r: Record) -> list[tuple[str, str]]:
    """The actors and events a record names, as (kind, id)."""
    if isinstance(r, Affiliation):
        return [("actor", r.member), ("actor", r.organization)]
    if isinstance(r, Tie):
        return [("actor", r.a), ("actor", r.b)]
    if isinstance(r, Influence):
        return [("actor", r.from_), ("actor", r.to)]
    if isinstance(r, Participation):
        return [("actor", r.actor), ("event", r.event)]
    if isinstance(r, Restriction):
        return [("actor", r.group)]
    return []


def _valid(r: Record, day: date, events: dict[str, Record]) -> bool:
    if isinstance(r, Participation):
        event = events.get(r.event)
        # begun (its own start or its event's, the later) by the day; having met lasts past its own end, as in
        # the projection, so that the export of a day loaded again gives that day's answers
        began = kgtime.participation_start(r.start, getattr(event, "start", None))
        never = bool(began and r.end and kgtime.last_day(r.end) < kgtime.first_day(began))
        return not never and kgtime.valid_on(began, None, day)
    return r.valid_on(day)


# --- redaction -------------------------------------------------------------------------



class Redaction:
    """People out of an export: pseudonyms for them, their names out of every text.

    Uses :class:`visualize.redact.Redactor` for the pseudonyms and the rewriting
    of names, aliases and ids; then any free text in which a word of a person's
    name (three letters or more) still stands is left out, and an organization or
    event whose name or id holds one gets a neutral one (``Organization 123...``).
    """

    def __init__(self, people: dict[str, list[str]], salt: str,
                 organizations: Iterable[tuple[str, list[str]]] = (), *, absent: Iterable[str] = (),
                 public_names: Iterable[str] = (), unreadable: bool | str = False,
                 public_bodies: Iterable[list[str]] = (), everyone: bool = True) -> None:
        from visualize.redact import (
            Redactor,
            common_word,
            plain_words,
            points_somewhere,
            pseudonym,
            singulars,
            whole_names,
        )

        organizations = list(organizations)

        self._singulars = singulars
        self._plain_words = plain_words
        self._points_somewhere = points_somewhere
        absent = set(absent)
        # organizations: their whole names only; people absent (left out): […], not a pseudonym
        self.redactor = Redactor(people, salt, organizations, absent=absent, public_names=public_names,
                                 unreadable=unreadable, public_bodies=public_bodies)
        # the pseudonyms of the people in the file (one left out has none: it would name someone hidden)
        self.pseudonyms = {pid: pseudonym(pid, salt) for pid in people if pid not in absent}
        # a pseudonym's random code may spell a short word: it is not a name, so it does not count
        self._pseudonym_re = (re.compile("|".join(re.escape(p) for p in self.pseudonyms.values()))
                              if self.pseudonyms else None)
        self.salt = salt
        self.words = {w for pid, names in people.items() for n in (pid, *names)
                      for ws in [plain_words(n)] for k, w in enumerate(ws)
                      if len(w) >= 3 and not common_word(w, k == len(ws) - 1)}
        self.rewritten: Counter[str] = Counter()
        self.withheld: Counter[str] = Counter()
        self.left_out: Counter[str] = Counter()  # left out whatever they say: they tell who someone is
        # without --redact (only confidential people left out): the names of the actors that stay are their
        # own, rewritten only where they hold a hidden person's whole name of two words or more, or a one-word
        # one ("Mohammed Abbas", public, became "[…] Abbas" beside a confidential Mohammed Ali, and loading
        # the export back renamed him: an adversary)
        self.everyone = everyone
        self.withheld_ids: set[str] = set()  # actors whose own name holds a left-out one (without --redact)
        self._idents: dict[tuple[str, bool], str] = {}
        # (and the whole names of the bodies and events left out: "Operation Nightjar driver")
        self._hidden_names = whole_names({pid: names for pid, names in people.items() if pid in absent})
        for oid, names in organizations:
            self._hidden_names |= whole_names({oid: names})

    def mentions(self, text: str) -> bool:
        """Whether a word of a person's name stands in ``text`` (pseudonyms aside)."""
        if self._pseudonym_re is not None:
            text = self._pseudonym_re.sub(" ", text)
        return any(w in self.words or any(x in self.words for x in self._singulars(w))
                   for w in self._plain_words(text))

    def _code(self, value: str) -> str:
        # not the pseudonym's number: a withheld id must not tie to a person's pseudonym in another file
        digest = hmac.new(self.salt.encode(), b"withheld\x00" + value.encode(), hashlib.sha256).digest()
        return str(int.from_bytes(digest[:8], "big") % 10**12).zfill(12)

    def names(self, text: str) -> bool:
        """Whether ``text`` names someone or something to keep out: a person's name word, or the whole
        name, alias or id of an organization or event left out."""
        return self.mentions(text) or self.redactor.mentions(text)

    def ident(self, value: str, person: bool = True) -> str:
        """The id under which an actor or event leaves: a pseudonym for a person, a neutral id for a
        record whose id names what is kept out, else the id itself (the same wherever it stands).
        ``person=False`` for an event: an event whose id is a person's does not take their pseudonym."""
        if person and value in self.pseudonyms:
            return self.pseudonyms[value]
        key = (value, person)
        if key not in self._idents:  # (each end of every link asks: once each)
            # without --redact, an actor's id is its own as its name is: withheld only when it holds a left-out
            # name whole, or its name does (a public "amy-stone" beside a confidential Omar Stone left as
            # "withheld-...", which said a hidden actor shares a word of hers and broke `kg show amy-stone` on the
            # file loaded back; "stone-foundation" beside "[…] Foundation" said whose name was left out)
            withheld = (self.names(value) if self.everyone or not person
                        else value in self.withheld_ids or self.holds_hidden_name(value, handle=True))
            self._idents[key] = f"withheld-{self._code(value)}" if withheld else value
        return self._idents[key]

    def withhold_ids_of(self, actors: Iterable[Record]) -> None:
        """Without --redact: the ids of the ``actors`` whose own name or an alias holds a left-out name whole
        (written rewritten) are withheld too, wherever they stand, when they hold a word of it ("stone-foundation"
        beside "[…] Foundation" said whose; "ffp" says nothing)."""
        self.withheld_ids |= {a.key() for a in actors if isinstance(a, Actor) and a.id not in self.pseudonyms
                              and any(self.holds_hidden_name(n) for n in (a.name, *a.aliases))
                              and self.names(a.id)}
        self._idents.clear()

    def cited(self, text: str, what: str) -> str:
        """A source: left out when it names what is kept out (a pseudonym beside a book's title would
        still say who wrote it), as maps do."""
        if text and self.names(text):
            self.withheld[what] += 1
            return ""
        return text

    def free(self, text: str, what: str) -> str:
        """Free text rewritten, or left out when a name word survives the rewriting."""
        if not text:
            return text
        out = self.redactor.text(text)
        if self.mentions(out):
            self.withheld[what] += 1
            return ""
        if out != text:
            self.rewritten[what] += 1
        return out

    def holds_hidden_name(self, text: str, handle: bool = False) -> bool:
        """Whether ``text`` holds a left-out person's whole name, alias or id, as its words in a row (``handle``:
        an id, which may run a name together)."""
        from visualize.redact import holds_whole_name

        return holds_whole_name(text, self._hidden_names, handle)

    def own_name(self, text: str, what: str, fallback: str) -> str:
        """An actor's own name as the file writes it: under --redact, :meth:`label`; else as given unless it
        holds a left-out person's whole name (then :meth:`label`)."""
        return self.label(text, what, fallback) if self.everyone or self.holds_hidden_name(text) else text

    def own_names(self, items: Iterable[str], what: str) -> tuple[str, ...]:
        """An actor's aliases, as :meth:`own_name` takes its name: without --redact, each as given unless it holds
        a left-out name (then rewritten, or left out); the others stay (one alias naming a hidden person had
        taken every alias of the actor with it: an adversary)."""
        items = tuple(items)
        if self.everyone:
            return self._list(items, what)
        return tuple(x for x in (self.free(i, what) if self.holds_hidden_name(i) else i for i in items) if x)

    def label(self, text: str, what: str, fallback: str) -> str:
        """A required name: rewritten, or ``fallback`` (a neutral label) when a name word survives."""
        out = self.redactor.text(text)
        if self.mentions(out):
            self.withheld[what] += 1
            return f"{fallback} {self._code(text)}"
        if out != text:
            self.rewritten[what] += 1
        return out

    def record(self, r: Record) -> Record | None:
        """``r`` with every person replaced and every text cleaned; None when it is left out whole."""
        kind = r.kind_name
        if isinstance(r, Actor) and self._code_names(r.country):
            self.left_out["country code naming a person"] += 1
            r = replace(r, country=None)
        # a link that names a pseudonymous person keeps no note (what is said of someone: "the two heads of
        # delegation", "married"), no extra column (a passport number, a national id, a phone number or a
        # date of birth, as text or as a number: an adversary found numbers kept), but an affiliation's own
        # strength, and no source that points somewhere (a Wikidata link, ".../wiki/Q34211#P39", tells who
        # the person is: an adversary)
        ends = [getattr(r, f, None) for f in ("member", "a", "b", "from_", "to", "actor")]
        about_a_person = kind not in ("actor", "event", "restriction") and any(e in self.pseudonyms for e in ends)
        if about_a_person and r.note:
            self.left_out[f"{kind} note naming a person"] += 1
        source = r.source
        # (one naming someone is left out as such, below)
        if about_a_person and self._points_somewhere(source) and not self.names(source):
            self.left_out[f"{kind} source of a person that points somewhere"] += 1
            source = ""
        # an extra column whose name names someone goes whole, and is counted (an adversary: "voss_file" vanished
        # in silence, where the summary promises what was left out)
        named_columns = {k for k in r.props if self.names(k)}
        pseudonymous = isinstance(r, Actor) and r.kind == "person" and r.id in self.pseudonyms
        if named_columns and not pseudonymous:  # (a pseudonymous person's every extra property goes, counted so)
            self.left_out[f"{kind} extra column whose name names someone"] += len(named_columns)
        common: dict[str, Any] = {
            "source": self.cited(source, f"{kind} source"),
            "note": "" if about_a_person else self.free(r.note, f"{kind} note"),
            "props": {k: self._prop(v, f"{kind} {k}") for k, v in r.props.items() if k not in named_columns},
        }
        if about_a_person:
            extra = [k for k, v in common["props"].items()
                     if not (kind == "affiliation" and k == "strength" and isinstance(v, int | float))]
            if extra:
                self.left_out[f"{kind} extra property of a person"] += len(extra)
                common["props"] = {k: v for k, v in common["props"].items() if k not in extra}
        if isinstance(r, Actor):
            if r.kind == "person" and r.id not in self.pseudonyms:  # a person who stays (only actors left out go)
                # (a name may hold a hidden one: "Driver of Omar Stone")
                return replace(r, id=self.ident(r.id), name=self.own_name(r.name, "person name", "Person"),
                               aliases=self.own_names(r.aliases, "person alias"),
                               party=self._list(r.party, "party"),
                               description=self.free(r.description, "actor description"), **common)
            if r.kind == "person":
                # what is said of a person in words ("Prime Minister of Israel 1992-1995", "wife of ...") tells
                # who it is without a name, and so does an extra column (a Wikidata id, an e-mail address,
                # a passport number): both are left out of a pseudonymous person
                pseudonym = self.pseudonyms[r.id]
                # (a source already left out for naming someone is counted there)
                for what, value in (("description", r.description), ("note", r.note),
                                    ("source", common["source"])):
                    if value:
                        self.left_out[f"person {what}"] += 1
                if r.props:
                    self.left_out["person extra property"] += len(r.props)
                # (and their end: the day of a death can tell who died, a second reader: Chávez, 2013-03-05)
                if r.end:
                    self.left_out["person end (a death)"] += 1
                return replace(r, id=pseudonym, name=pseudonym, aliases=(), party=self._list(r.party, "party"),
                               description="", end=None, **{**common, "props": {}, "note": "", "source": ""})
            return replace(r, id=self.ident(r.id), name=self.own_name(r.name, "organization name", "Organization"),
                           aliases=self.own_names(r.aliases, "organization alias"), party=self._list(r.party, "party"),
                           description=self.free(r.description, "actor description"), **common)
        if isinstance(r, Event):
            return replace(r, id=self.ident(r.id, person=False), name=self.label(r.name, "event name", "Event"),
                           location=self.free(r.location, "event location"),
                           process=self.free(r.process, "event process"), **common)
        if isinstance(r, Affiliation):
            # "Prime Minister" of the Prime Minister's Office tells who it is (whether the role is official stays)
            role = "" if about_a_person else self.free(r.role, "affiliation role")
            if about_a_person and r.role:
                self.left_out["affiliation role of a person"] += 1
            return replace(r, member=self.ident(r.member), organization=self.ident(r.organization), role=role,
                           **common)
        if isinstance(r, Tie):  # (undirected: written in the order of what is written, not as typed)
            a, b = sorted((self.ident(r.a), self.ident(r.b)))
            return replace(r, a=a, b=b, **common)
        if isinstance(r, Influence):
            return replace(r, from_=self.ident(r.from_), to=self.ident(r.to), **common)
        if isinstance(r, Participation):
            return replace(r, actor=self.ident(r.actor), event=self.ident(r.event, person=False), **common)
        if isinstance(r, Restriction):
            if self._code_names(r.jurisdiction):
                self.left_out["restriction whose jurisdiction names a person"] += 1
                return None
            return replace(r, group=self.ident(r.group), **common)
        return r  # pragma: no cover - every kind is handled above

    def _code_names(self, code: str | None) -> bool:
        """Whether a country or jurisdiction code is a word of a name, and no country's (KAI for Kai; BEN
        is Benin's whoever is named Ben: a country's code is the data's vocabulary, and rewriting it
        would spell the name)."""
        if not code or code in ("EU", "UN"):
            return False
        from ingest.ftm import iso2

        # (a person's several nationalities, GBR;IRL: each code)
        return any(iso2(c) is None and self.names(c) for c in code.split(";"))

    def _list(self, items: Iterable[str], what: str) -> tuple[str, ...]:
        """A list's items rewritten one by one; and left out whole when the items read together name
        someone (aliases "Hirsch" and "feld", written "Hirsch;feld" in a CSV cell)."""
        items = list(items)
        out = tuple(x for x in (self.free(i, what) for i in items) if x)
        each = [self.redactor.text(i) for i in items]
        if len(items) > 1 and out and any(self.redactor.text(sep.join(items)) != sep.join(each) for sep in ("", " ")):
            self.withheld[what] += len(out)
            return ()
        return out

    def _prop(self, value: Any, what: str) -> Any:
        """An extra property's value cleaned as free text: a text, or each text of a list (an extra
        column may hold a list of texts: names of contacts, say), all of them left out when they read together
        as a name (["Ara", "fat"], as aliases are: an adversary); numbers and true/false as they are."""
        if isinstance(value, str):
            return self.free(value, what)
        if isinstance(value, list | tuple):
            texts = [i for i in value if isinstance(i, str)]
            each = [self.redactor.text(i) for i in texts]
            if len(texts) > 1 and any(self.redactor.text(sep.join(texts)) != sep.join(each) for sep in ("", " ")):
                self.withheld[what] += len(texts)
                return [i for i in value if not isinstance(i, str)]
            return [x for x in (self.free(i, what) if isinstance(i, str) else i for i in value) if x != ""]
        if isinstance(value, int | float) and not isinstance(value, bool) and self.names(str(value)):
            return self.free(str(value), what)  # a number that is a person's id (a staff number): as text
        return value


def redaction_for(store: GraphStore, left_out: Iterable[Record] = (), everyone: bool = True) -> Redaction:
    """The redaction of ``store``'s people (every person of the store, exported or not, when
    ``everyone``) and of the actors ``left_out`` of the export (confidential ones), whose names must
    not be read in the text of the records that stay: a person's every name word, an organization's
    whole name, alias or id (its words are common ones)."""
    from visualize.redact import store_salt

    left_out = list(left_out)
    people = {a.key(): [a.name, *a.aliases] for a in left_out if isinstance(a, Actor) and a.kind == "person"}
    # bodies and events, as (id, names): an event may have a body's id
    organizations = [(a.key(), [getattr(a, "name", ""), *getattr(a, "aliases", ())]) for a in left_out
                     if not (isinstance(a, Actor) and a.kind == "person")]
    absent = set(people)
    public_names: list[str] = []
    bodies: list[list[str]] = []
    if everyone:  # (--redact: a name word also a body's or a party's is written […], not as a pseudonym)
        from visualize.redact import bodies_kept, body_and_party_names

        actors = list(store.records("actor"))
        people.update((a.id, [a.name, *a.aliases]) for a in actors if isinstance(a, Actor) and a.kind == "person")
        public_names = body_and_party_names(actors)
        gone = {a.key() for a in left_out}
        bodies = bodies_kept(a for a in actors if a.key() not in gone)
    return Redaction(people, store_salt(store), organizations, absent=absent, public_names=public_names,
                     unreadable=True if everyone else "names", public_bodies=bodies, everyone=everyone)


# --- writing ---------------------------------------------------------------------------

def export(store: GraphStore, out: str | Path, options: ExportOptions) -> ExportReport:
    """Write ``store`` to ``out`` in ``options.format``; returns what was written and left out."""
    if options.format not in FORMATS:
        raise ExportError(f'format "{options.format}" is not one of {", ".join(FORMATS)}')
    out = Path(out)
    # (checked before any work: a typo must not cost the store, nor wait for the export first)
    target = out if options.format == "csv" else output_file(out, store)
    chosen, confidential, not_on_day = select(store, options.as_of, options.max_sensitivity)
    report = ExportReport(out, options.format, confidential_left_out=confidential, not_on_day=not_on_day,
                          includes_confidential=options.include_confidential and any(
                              r.sensitivity == "confidential" for rs in chosen.values() for r in rs))
    # the confidential actors left out are not named by the text of the records that stay either
    kept = {a.key() for a in chosen["actor"]}
    # (by sensitivity: not those only gone by the day, a death, a dissolution, whose names are public: a second
    # reader found "Chávez's chosen successor" written "[…]'s chosen successor" in an export of 2014)
    left_out: list[Record] = [a for a in store.records("actor") if isinstance(a, Actor) and a.key() not in kept
                              and SENSITIVITIES.index(a.sensitivity) > options.max_sensitivity]
    # and the events left out by sensitivity (not those only not yet begun)
    left_out += [e for e in store.records("event")
                 if SENSITIVITIES.index(e.sensitivity) > options.max_sensitivity]
    if options.redact or left_out:
        red = redaction_for(store, left_out, everyone=options.redact)
        if not options.redact:
            red.withhold_ids_of(chosen["actor"])
        if options.redact:
            report.pseudonymised = sum(1 for a in chosen["actor"] if isinstance(a, Actor) and a.kind == "person")
        chosen = {k: [x for x in (red.record(r) for r in rs) if x is not None] for k, rs in chosen.items()}
        for k, rs in chosen.items():  # two records the rewriting made one (their roles differed by a name)
            firsts: dict[str, Record] = {}
            for r in rs:
                if isinstance(r, Affiliation) and r.key() in firsts and r.member in red.pseudonyms.values():
                    # a person's two roles in one body from one day, their words left out: both stay, told
                    # apart by number (dropping one could drop the official one)
                    n = 2
                    while replace(r, role=f"role {n}").key() in firsts:
                        n += 1
                    r = replace(r, role=f"role {n}")
                firsts.setdefault(r.key(), r)  # the first of each key, in order
            unique = list(firsts.values())
            if len(unique) < len(rs):
                red.withheld[f"{k} made identical to another by the rewriting"] += len(rs) - len(unique)
            # in the order of what is written, not of the store: rows in the order of the real ids
            # (organizations' ids between them) say who each pseudonym is to anyone who knows the cast, and
            # a withheld id's place among the others what it begins with (an adversarial reader)
            unique.sort(key=lambda r: r.key())
            chosen[k] = unique
        report.rewritten, report.withheld, report.left_out = red.rewritten, red.withheld, red.left_out
    report.written = {k: len(v) for k, v in chosen.items()}
    report.restricted = sum(1 for v in chosen.values() for r in v if r.sensitivity == "restricted")
    records = [r for k in KINDS for r in chosen[k]]
    title = _title(options, report)
    if options.format == "csv":
        report.files = write_dataset_folder(records, out)
    elif options.format == "jsonl":
        with atomic_write(target) as fh:
            for r in records:
                fh.write(json.dumps({"type": r.kind_name, **r.to_dict()}, ensure_ascii=False) + "\n")
        report.files = [out]
    elif options.format == "graphml":
        import networkx as nx

        g = export_graph(chosen)
        g.graph["description"] = title
        writer = nx.readwrite.graphml.GraphMLWriter(encoding="utf-8", prettyprint=True)
        writer.add_graph_element(g)
        graphml_booleans(writer.xml)
        with atomic_write(target, binary=True) as fh:
            writer.dump(fh)
        report.files = [out]
    elif options.format == "gexf":
        tree = gexf_tree(chosen, title)
        with atomic_write(target, binary=True) as fh:
            tree.write(fh, encoding="utf-8", xml_declaration=True)
        report.files = [out]
    else:
        from ingest.ftm import to_ftm

        with atomic_write(target) as fh:
            for entity in to_ftm(records):
                fh.write(json.dumps(entity, ensure_ascii=False) + "\n")
        report.files = [out]
    return report


def _title(options: ExportOptions, report: ExportReport) -> str:
    parts = ["Backchannel export", f"as of {options.as_of.isoformat()}" if options.as_of else "every date"]
    if report.includes_confidential:
        parts.append("INCLUDES CONFIDENTIAL RECORDS: do not share")
    elif options.public_only:
        parts.append("public records only")  # (said whether or not any were left out: how many would be a trace)
    elif not options.include_confidential:
        # said whether or not any were left out: "confidential records left out" of a file of two people all but
        # said there is a hidden link between them (an export adversary); how many would be a trace too
        parts.append("records marked confidential are not in it")
    if options.redact:
        parts.append("names of people replaced by pseudonyms")
    return "; ".join(parts)


def write_dataset_folder(records: list[Record], folder: Path) -> list[Path]:
    """A dataset folder ``kg ingest`` loads back as ``records``, every cell spreadsheet-safe.

    Refuses a folder that already holds dataset files (a file left from another
    export would be loaded with this one).
    """
    from ingest.writers import write_csv

    if folder.is_symlink() and not folder.exists():  # a link to a folder not made yet: written through, as files are
        try:
            folder = folder.resolve(strict=False)
        except (RuntimeError, OSError):
            folder = folder.absolute()
        if folder.is_symlink():
            raise ExportError(f"{folder} is a symbolic link that leads nowhere (a loop); give a folder")
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; the csv format writes a folder")
    present = sorted(p.name for p in folder.iterdir() if p.name.lower() in FILES) if folder.exists() else []
    if present:
        raise ExportError(f"{folder} already holds {', '.join(present)}; export into a new or empty folder")
    if not folder.parent.exists():
        raise ExportError(f"{folder.parent}: no such folder")
    staging = folder.with_name(f".{folder.name}.{os.getpid()}.part")
    try:
        written = write_csv(records, staging)  # every cell spreadsheet-safe (ingest.cells)
        folder.mkdir(exist_ok=True)
        out = []
        for p in written:
            os.replace(p, folder / p.name)
            out.append(folder / p.name)
    finally:
        if staging.exists():
            for p in staging.iterdir():
                p.unlink()
            staging.rmdir()
    return out


# --- graphs ----------------------------------------------------------------------------

NODE_ATTRIBUTES: dict[str, str] = {  # name -> type (GraphML attr.type; GEXF type)
    "label": "string", "node_type": "string", "org_type": "string", "party": "string", "country": "string",
    "track": "string", "aliases": "string", "description": "string", "location": "string", "process": "string",
    "start": "string", "end": "string", "restricted_by": "string", "source": "string",
    "confidence": "double", "sensitivity": "string", "note": "string",
}
EDGE_ATTRIBUTES: dict[str, str] = {
    "relationship": "string", "kind": "string", "role": "string", "official": "boolean", "directed": "boolean",
    "weight": "double", "start": "string", "end": "string", "source": "string", "confidence": "double",
    "sensitivity": "string", "note": "string", "record": "string",
}


def _s(value: Any) -> str:
    """A value as text: true and false as JSON and GraphML write them, not Python's True and False."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(_s(v) for v in value)
    return str(value)


def _restriction_text(r: Restriction) -> str:
    """A restriction as a node's ``restricted_by`` says it, marked when it is not public (the node's own
    sensitivity is the actor's: a restricted designation of a public group was unmarked)."""
    mark = "" if r.sensitivity == "public" else f" [{r.sensitivity.upper()}]"
    return f"{r.jurisdiction} {r.kind} on {r.scope}, {r.start or '...'} to {r.end or 'now'}{mark}"


def graph_elements(chosen: dict[str, list[Record]]
                   ) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str, str, dict[str, Any]]]]:
    """Nodes (id, attributes) and edges (key, source, target, attributes), every attribute set.

    Extra properties of the records become ``prop_<name>`` text attributes.
    """
    from kg.graph import AFFILIATION_STRENGTH, EVENT_STRENGTH, FACILITATED_STRENGTH, OFFICIAL_STRENGTH

    restricted: dict[str, list[str]] = {}
    for r in chosen["restriction"]:
        assert isinstance(r, Restriction)
        restricted.setdefault(r.group, []).append(_restriction_text(r))
    node_props = sorted({k for kind in ("actor", "event") for r in chosen[kind] for k in r.props})
    edge_props = sorted({k for kind in ("affiliation", "tie", "influence", "participation")
                         for r in chosen[kind] for k in r.props})

    def props(r: Record, names: list[str]) -> dict[str, str]:
        return {f"prop_{k}": _s(r.props.get(k)) for k in names}

    nodes: list[tuple[str, dict[str, Any]]] = []
    for a in chosen["actor"]:
        assert isinstance(a, Actor)
        nodes.append((a.id, {
            "label": a.name, "node_type": a.kind, "org_type": _s(a.org_type), "party": _s(a.party),
            "country": _s(a.country), "track": _s(a.track), "aliases": _s(a.aliases), "description": a.description,
            "location": "", "process": "", "start": "", "end": _s(a.end),
            "restricted_by": "; ".join(restricted.get(a.id, [])),
            "source": a.source, "confidence": float(a.confidence), "sensitivity": a.sensitivity, "note": a.note,
            **props(a, node_props)}))
    events = {}
    for e in chosen["event"]:
        assert isinstance(e, Event)
        events[e.id] = e
        nodes.append((e.id, {
            "label": e.name, "node_type": "event", "org_type": "", "party": "", "country": "",
            "track": _s(e.track), "aliases": "", "description": "", "location": e.location, "process": e.process,
            "start": _s(e.start), "end": _s(e.end), "restricted_by": "", "source": e.source,
            "confidence": float(e.confidence), "sensitivity": e.sensitivity, "note": e.note,
            **props(e, node_props)}))
    edges: list[tuple[str, str, str, dict[str, Any]]] = []

    def edge(r: Record, frm: str, to: str, relationship: str, kind: str, weight: float, directed: bool,
             role: str = "", official: bool = False, start: str | None = None, end: str | None = None) -> None:
        edges.append((r.key(), frm, to, {
            "relationship": relationship, "kind": kind, "role": role, "official": official, "directed": directed,
            "weight": float(weight), "start": _s(start if start is not None else getattr(r, "start", None)),
            "end": _s(end if end is not None else getattr(r, "end", None)), "source": r.source,
            "confidence": float(r.confidence), "sensitivity": r.sensitivity, "note": r.note, "record": r.key(),
            **props(r, edge_props)}))

    for a in chosen["affiliation"]:
        assert isinstance(a, Affiliation)
        edge(a, a.member, a.organization, "affiliation", a.role or "member",
             OFFICIAL_STRENGTH if a.official else AFFILIATION_STRENGTH, True, role=a.role, official=a.official)
    for t in chosen["tie"]:
        assert isinstance(t, Tie)
        edge(t, t.a, t.b, "tie", t.kind, t.strength, False)
    for i in chosen["influence"]:
        assert isinstance(i, Influence)
        edge(i, i.from_, i.to, "influence", i.kind, i.weight, True)
    for p in chosen["participation"]:
        assert isinstance(p, Participation)
        ev = events.get(p.event)
        weight = FACILITATED_STRENGTH if p.role in ("facilitator", "host") else EVENT_STRENGTH
        edge(p, p.actor, p.event, "participation", p.role, weight, True, role=p.role,
             start=kgtime.participation_start(p.start, ev.start if ev else None) or "", end=p.end or "")
    return nodes, edges


def export_graph(chosen: dict[str, list[Record]]) -> Any:
    """The export as a networkx MultiDiGraph (ties carry ``directed`` false)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    nodes, edges = graph_elements(chosen)
    g.add_nodes_from(nodes)
    for key, frm, to, data in edges:
        g.add_edge(frm, to, key=key, **data)
    return g


_GEXF_TYPES = {"string": "string", "double": "double", "boolean": "boolean"}


def graphml_booleans(root: ET.Element) -> None:
    """Write the booleans of networkx's GraphML tree as GraphML's type says (``true``, not Python's ``True``:
    found by an adversarial reader; readers other than networkx and Gephi refuse it)."""
    # (networkx writes its elements without a namespace, the GraphML one declared on the root)
    booleans = {k.get("id") for k in root.iter() if k.tag.rsplit("}", 1)[-1] == "key"
                and k.get("attr.type") == "boolean"}
    for d in root.iter():
        if d.tag.rsplit("}", 1)[-1] == "data" and d.get("key") in booleans and d.text in ("True", "False"):
            d.text = d.text.lower()


def _gexf_day(text: str, last: bool) -> str:
    return (kgtime.last_day(text) if last else kgtime.first_day(text)).isoformat()


def gexf_tree(chosen: dict[str, list[Record]], description: str) -> ET.ElementTree:
    """GEXF 1.3, dynamic: nodes and edges carry ``start`` and ``end`` days (partial dates widened:
    a start to its first day, an end to its last), so Gephi's timeline shows each link while it holds."""
    ET.register_namespace("", GEXF_NS)
    nodes, edges = graph_elements(chosen)
    q = f"{{{GEXF_NS}}}"
    root = ET.Element(f"{q}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{q}meta", {"lastmodifieddate": kgtime.today().isoformat()})
    ET.SubElement(meta, f"{q}creator").text = "Backchannel (kg export)"
    ET.SubElement(meta, f"{q}description").text = description
    graph = ET.SubElement(root, f"{q}graph", {"mode": "dynamic", "defaultedgetype": "directed",
                                               "timeformat": "date", "timerepresentation": "interval"})
    node_attrs = dict(NODE_ATTRIBUTES)
    edge_attrs = dict(EDGE_ATTRIBUTES)
    for _, data in nodes:
        node_attrs.update({k: "string" for k in data if k.startswith("prop_")})
    for *_, data in edges:
        edge_attrs.update({k: "string" for k in data if k.startswith("prop_")})
    node_ids: dict[str, str] = {}
    edge_ids: dict[str, str] = {}
    for cls, attrs, ids in (("node", node_attrs, node_ids), ("edge", edge_attrs, edge_ids)):
        block = ET.SubElement(graph, f"{q}attributes", {"class": cls, "mode": "static"})
        for i, (name, typ) in enumerate(attrs.items()):
            ids[name] = f"{cls[0]}{i}"
            ET.SubElement(block, f"{q}attribute", {"id": ids[name], "title": name, "type": _GEXF_TYPES[typ]})
    nodes_el = ET.SubElement(graph, f"{q}nodes", {"count": str(len(nodes))})
    for node_id, data in nodes:
        attrs = {"id": node_id, "label": data["label"]}
        if data["start"]:
            attrs["start"] = _gexf_day(data["start"], last=False)
            attrs["end"] = _gexf_day(data["end"] or data["start"], last=True)
        elif data["end"]:  # an actor's end (a death, a dissolution): gone from Gephi's timeline after it
            attrs["end"] = _gexf_day(data["end"], last=True)
        el = ET.SubElement(nodes_el, f"{q}node", attrs)
        _attvalues(el, q, data, node_attrs, node_ids)
    # an actor's end (a death, a dissolution) ends its links on the timeline too, where they end later or give
    # no end (an adversarial reader found a dead man's tie open in Gephi); one begun after it keeps its days
    gone = {node_id: _gexf_day(data["end"], last=True) for node_id, data in nodes
            if data["end"] and data["node_type"] != "event"}  # (an event's end closes no participation)
    edges_el = ET.SubElement(graph, f"{q}edges", {"count": str(len(edges))})
    for key, frm, to, data in edges:
        attrs = {"id": key, "source": frm, "target": to, "label": data["kind"],
                 "type": "directed" if data["directed"] else "undirected", "weight": repr(data["weight"])}
        if data["start"]:
            attrs["start"] = _gexf_day(data["start"], last=False)
        if data["end"]:
            attrs["end"] = _gexf_day(data["end"], last=True)
        last = min((gone[x] for x in (frm, to) if x in gone), default=None)
        if last is not None and last < attrs.get("end", "9999-12-31") and last >= attrs.get("start", ""):
            attrs["end"] = last
        el = ET.SubElement(edges_el, f"{q}edge", attrs)
        _attvalues(el, q, data, edge_attrs, edge_ids)
    ET.indent(root)
    return ET.ElementTree(root)


def _attvalues(el: ET.Element, q: str, data: dict[str, Any], attrs: dict[str, str], ids: dict[str, str]) -> None:
    values = ET.SubElement(el, f"{q}attvalues")
    for name, typ in attrs.items():
        v = data.get(name, "")
        text = ("true" if v else "false") if typ == "boolean" else repr(float(v)) if typ == "double" else _s(v)
        ET.SubElement(values, f"{q}attvalue", {"for": ids[name], "value": text})

