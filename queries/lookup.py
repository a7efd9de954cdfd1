"""Finding actors by id, name or alias, ignoring case and accents; helpful errors for unknown ids.

>>> fold("Terje Rød-Larsen")
'terje rod larsen'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from kg.errors import KGError, UnknownIdError
from kg.graph import SENSITIVITIES, Projection, id_forms
from kg.model import Actor, id_look
from kg.store.base import GraphStore
from kg.text import ended_on, fold
from kg.time import last_day

MAX_SEARCH = 200  # characters of a name, alias or id to look for; longer text is no name


def check_search_text(text: str) -> None:
    """One line for a search text too long to be a name (comparing it with every name would take minutes)."""
    if len(text) > MAX_SEARCH:
        raise KGError(f"the text to look for is {len(text):,} characters long; give a name, an alias or an id "
                      f"(at most {MAX_SEARCH} characters)")


def _labels(actor: Actor) -> list[str]:
    return [actor.id, actor.name, *actor.aliases]


# How many actors holding a text's words a search reads and ranks itself: every one, up to this many (a
# store's own ranking differs from store to store, so it does not choose which are ranked)
SEARCH_CANDIDATES = 2000


def search_actors(actors: Iterable[Actor], text: str, limit: int = 10) -> list[tuple[Actor, float]]:
    """Actors matching ``text`` by id, name or alias, best first, each with a score in [0, 1].

    An exact match scores 1, a whole-word prefix 0.9, a substring 0.8, otherwise the
    closeness of the spelling (difflib), kept above 0.6.
    """
    q = fold(text)
    if not q or len(q) > MAX_SEARCH:
        return []
    q_words, q_joined = set(q.split()), q.replace(" ", "")
    scored = []
    for actor in actors:
        best = 0.0
        for label in _labels(actor):
            f = fold(label)
            words = f.split()
            if f == q:
                s = 1.0
            elif f.startswith(q) or any(w.startswith(q) for w in words):
                s = 0.9
            elif all(any(w.startswith(x) for w in words) for x in q_words):
                s = 0.85  # every word, in another order ("peres shimon")
            elif q in f or q_joined in f.replace(" ", ""):
                s = 0.8  # inside a word, or across the marks folding turns into spaces ("obrien": O'Brien)
            else:
                s = difflib.SequenceMatcher(None, q, f).ratio() * 0.75
                if len(q_words) == 1 and len(q) >= 4 and len(words) > 1:  # one misspelt word ("perez": Peres)
                    s = max(s, max(difflib.SequenceMatcher(None, q, w).ratio() for w in words) * 0.7)
            best = max(best, s)
        if best >= 0.45:
            scored.append((actor, round(best, 3)))
    scored.sort(key=lambda p: (-p[1], p[0].name, p[0].id))  # (two of one name: by id, in every store)
    return scored[:limit]


def suggestion(actors: Iterable[Actor], wanted: str) -> str:
    """``; did you mean 'id' (Name)?`` for the closest actor, or an empty string."""
    found = search_actors(actors, wanted, limit=3)
    if not found:
        return ""
    names = " or ".join(f"'{a.id}' ({a.name})" for a, _ in found[:2])
    return f"; did you mean {names}?"


def resolve_actor(projection: Projection, actor_id: str, what: str = "actor", store: GraphStore | None = None) -> Actor:
    """The actor with this id, or :class:`UnknownIdError` suggesting the closest names
    (from the whole ``store`` when the projection holds only part of it; never an actor the
    projection's sensitivity leaves out)."""
    actor = projection.actors.get(actor_id)
    if actor is not None:
        return actor
    for form in id_forms(actor_id):  # typed in another Unicode form than the store holds
        if form in projection.actors:
            return projection.actors[form]
    look = id_look(actor_id)
    for stored in projection.actors:  # stored in an odd form of the same look (a no-break space)
        if not stored.isascii() or "  " in stored:
            if id_look(stored) == look:
                return projection.actors[stored]
    gone = ended_match(projection, actor_id)
    if gone is not None:
        raise ended_actor(projection, gone, what)
    if store is not None:
        raise unknown_actor(store, actor_id, projection.max_sensitivity, what)
    among = " among the records these options allow" if projection.max_sensitivity < len(SENSITIVITIES) - 1 else ""
    raise UnknownIdError(f"no {what} '{actor_id}'{among}{suggestion(projection.actors.values(), actor_id)}")


def ended_match(projection: Projection, actor_id: str) -> str | None:
    """The id of the actor ``actor_id`` names if it ended before the projection's day (in another form of the
    same look too), else None."""
    look = id_look(actor_id)
    return next((a for a in projection.ended if a == actor_id or id_look(a) == look), None)


def already_gone(projection: Projection, actor_id: str) -> dict[str, str] | None:
    """An actor named to take away or route around that ended before the day (a death, a dissolution): its id,
    name, end and sensitivity, as an answer names it; None if it has not ended (a reader asked what if a man
    already dead were gone, and was told to ask about an earlier day)."""
    gone = ended_match(projection, actor_id)
    if gone is None:
        return None
    actor = _stored_actor(projection, gone)
    return {"id": gone, "name": actor.name if actor else gone, "ended": projection.ended[gone],
            "sensitivity": actor.sensitivity if actor else "public"}


def _stored_actor(projection: Projection, actor_id: str) -> Actor | None:
    """The store's record of an actor the projection leaves out (gone by its day), within its sensitivity."""
    found = (projection.store.select("actor", "id", [actor_id], None, projection.max_sensitivity)
             if projection.store is not None else [])
    return found[0] if found and isinstance(found[0], Actor) else None


def gone_before(who: list[dict[str, str]], day: str) -> str:
    """"Johan Jørgen Holst ended on 1994-01-13, before 1995-01-01: already gone": of actors named to take
    away that had ended by the day."""
    ends = "; ".join(f"{x['name']} ended {ended_on(x['ended'])}" for x in who)
    return f"{ends}, before {day}: already gone" if len(who) == 1 else f"{ends}; each before {day}: already gone"


def ended_actor(projection: Projection, actor_id: str, what: str = "actor") -> KGError:
    """The error for an actor gone before the day asked about (its ``end``: a death, a dissolution)."""
    end = projection.ended[actor_id]
    actor = _stored_actor(projection, actor_id)
    name = f" ({actor.name})" if actor is not None else ""
    # (the end's last day: --as-of 1988-04 is the month's first day, and an end in 1988-04 holds the whole month; a
    # reader was told to ask "--as-of 1988-04")
    last = last_day(end).isoformat()
    return KGError(f"the {what} '{actor_id}'{name} ended {ended_on(end)} (its end in the data: a death or a "
                   f"dissolution), before {projection.day.isoformat()}: it is in no network after that; ask about a "
                   f"day up to {last} (--as-of {last}; for kg changes, --to {last}), or see its records with "
                   f"`kg timeline {actor_id}`")


def unknown_actor(store: GraphStore, actor_id: str, max_sensitivity: int, what: str = "actor") -> UnknownIdError:
    """The error for an id that names no actor the answer may use, suggesting the closest names
    it may use. Under ``--public-only`` or ``--exclude-confidential`` it says the same whether or
    not a hidden actor has that id, and never suggests a hidden name: the answer would leak it."""
    if len(actor_id) > MAX_SEARCH:
        return UnknownIdError(f"no {what} with an id of {len(actor_id):,} characters")
    found = [a for a in store.search(actor_id, limit=SEARCH_CANDIDATES, max_sensitivity=max_sensitivity)
             if isinstance(a, Actor)]
    visible = [a for a in found if SENSITIVITIES.index(a.sensitivity) <= max_sensitivity]
    if not visible:  # nothing the answer may use matches a word (as if the hidden were not there):
        # compare every name's spelling, then keep the visible ones
        labels = [Actor(id=i, name=n, kind="person", aliases=tuple(al))
                  for i, n, al in store.actor_labels(max_sensitivity)]
        close = [a.id for a, _ in search_actors(labels, actor_id, limit=10)]
        visible = [a for a in store.select("actor", "id", close, None, max_sensitivity) if isinstance(a, Actor)]
    among = " among the records these options allow" if max_sensitivity < len(SENSITIVITIES) - 1 else ""
    return UnknownIdError(f"no {what} '{actor_id}'{among}{suggestion(visible, actor_id)}")


def resolve_group(projection: Projection, group_id: str) -> Actor:
    """An organization by id (a group), or a helpful error."""
    actor = resolve_actor(projection, group_id, "group")
    if actor.kind != "organization":
        raise UnknownIdError(f"'{group_id}' ({actor.name}) is a person, not a group; give an organization id")
    return actor
