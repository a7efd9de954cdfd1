"""Finding actors by id, name or alias, ignoring case and accents; helpful errors for unknown ids.

>>> fold("Terje Rød-Larsen")
'terje rod larsen'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from kg.errors import UnknownIdError
from kg.graph import SENSITIVITIES, Projection
from kg.model import Actor
from kg.store.base import GraphStore
from kg.text import fold


def _labels(actor: Actor) -> list[str]:
    return [actor.id, actor.name, *actor.aliases]


def search_actors(actors: Iterable[Actor], text: str, limit: int = 10) -> list[tuple[Actor, float]]:
    """Actors matching ``text`` by id, name or alias, best first, each with a score in [0, 1].

    An exact match scores 1, a whole-word prefix 0.9, a substring 0.8, otherwise the
    closeness of the spelling (difflib), kept above 0.6.
    """
    q = fold(text)
    if not q:
        return []
    scored = []
    for actor in actors:
        best = 0.0
        for label in _labels(actor):
            f = fold(label)
            if f == q:
                s = 1.0
            elif f.startswith(q) or any(w.startswith(q) for w in f.split()):
                s = 0.9
            elif q in f:
                s = 0.8
            else:
                s = difflib.SequenceMatcher(None, q, f).ratio() * 0.75
            best = max(best, s)
        if best >= 0.45:
            scored.append((actor, round(best, 3)))
    scored.sort(key=lambda p: (-p[1], p[0].name))
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
    if store is not None:
        raise unknown_actor(store, actor_id, projection.max_sensitivity, what)
    raise UnknownIdError(f"no {what} '{actor_id}'{suggestion(projection.actors.values(), actor_id)}")


def unknown_actor(store: GraphStore, actor_id: str, max_sensitivity: int, what: str = "actor") -> UnknownIdError:
    """The error for an id that names no actor the answer may use: the id is marked above
    ``max_sensitivity``, or it is unknown and the closest names the answer may use are suggested
    (a name marked above ``max_sensitivity`` is never suggested: the answer would leak it)."""
    found = [a for a in store.search(actor_id, limit=20) if isinstance(a, Actor)]
    if found:
        hidden = any(a.id == actor_id for a in found)
        visible = [a for a in found if SENSITIVITIES.index(a.sensitivity) <= max_sensitivity]
    else:  # nothing matches a word: compare every name's spelling, then keep the visible ones
        labels = [Actor(id=i, name=n, kind="person", aliases=tuple(al)) for i, n, al in store.actor_labels()]
        hidden = any(a.id == actor_id for a in labels)
        close = [a.id for a, _ in search_actors(labels, actor_id, limit=10)]
        visible = [a for a in store.select("actor", "id", close, None, max_sensitivity) if isinstance(a, Actor)]
    if hidden:
        return UnknownIdError(f"{what} '{actor_id}' is not among the records these options allow "
                              "(it is marked restricted or confidential)")
    return UnknownIdError(f"no {what} '{actor_id}'{suggestion(visible, actor_id)}")


def resolve_group(projection: Projection, group_id: str) -> Actor:
    """An organization by id (a group), or a helpful error."""
    actor = resolve_actor(projection, group_id, "group")
    if actor.kind != "organization":
        raise UnknownIdError(f"'{group_id}' ({actor.name}) is a person, not a group; give an organization id")
    return actor
