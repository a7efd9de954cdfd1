"""Stable pseudonyms for people, for maps shared beyond the team.

A person's pseudonym is an HMAC of their id under a secret salt kept in the
store (created on first use), so the same person gets the same pseudonym in
every export of one store, and nobody without the store can reverse it.

>>> pseudonym("shimon-peres", "salt") == pseudonym("shimon-peres", "salt")
True
>>> pseudonym("shimon-peres", "salt").startswith("Person ")
True
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from kg.store.base import GraphStore

SALT_SETTING = "pseudonym_salt"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def store_salt(store: GraphStore) -> str:
    """The store's pseudonym salt, created and kept on first use."""
    salt = store.get_meta(SALT_SETTING)
    if salt is None:
        salt = secrets.token_hex(16)
        store.set_meta(SALT_SETTING, salt)
    return salt


def pseudonym(actor_id: str, salt: str) -> str:
    """``Person XXXX-XXXX``: stable for one salt, unguessable without it."""
    digest = hmac.new(salt.encode(), actor_id.encode(), hashlib.sha256).digest()
    code = "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:8])
    return f"Person {code[:4]}-{code[4:]}"


class Redactor:
    """Replaces the names, aliases and ids of people everywhere in a map's text."""

    def __init__(self, people: dict[str, list[str]], salt: str) -> None:
        self.ids = {pid: pseudonym(pid, salt) for pid in people}
        pairs = []
        for pid, names in people.items():
            for n in {pid, *names}:
                if len(n) >= 3:
                    pairs.append((n, self.ids[pid]))
        pairs.sort(key=lambda p: -len(p[0]))  # longest first: "Yossi Beilin" before "Beilin"
        self._lookup = {n.casefold(): p for n, p in pairs}
        self._pattern = (re.compile("|".join(re.escape(n) for n, _ in pairs), re.IGNORECASE)
                         if pairs else None)

    def node_id(self, actor_id: str) -> str:
        return self.ids.get(actor_id, actor_id)

    def text(self, value: str) -> str:
        if not value or self._pattern is None:
            return value
        return self._pattern.sub(lambda m: self._lookup[m.group(0).casefold()], value)
