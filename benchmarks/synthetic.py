"""A synthetic dataset of any size, shaped like a real one: parties, organizations, ties, events."""

from __future__ import annotations

import random
from pathlib import Path

from ingest.writers import write_csv
from kg.model import Actor, Affiliation, Event, Participation, Record, Restriction, Tie

COUNTRIES = ["AAA", "BBB", "CCC", "DDD", "NOR"]


def synthetic_records(n_actors: int, n_ties: int, seed: int = 7, parties: int = 4) -> list[Record]:
    """``n_actors`` actors (a tenth organizations) in ``parties`` parties and ``n_ties`` ties.

    Ties mostly stay within a party, some cross (the bridges); people belong to an
    organization; a few events bring people of several parties together.
    """
    rng = random.Random(seed)
    n_orgs = max(parties, n_actors // 10)
    names = [f"P{p}" for p in range(parties)]
    recs: list[Record] = []
    orgs = []
    for i in range(n_orgs):
        party = names[i % parties]
        org_type = "government" if i < parties else rng.choice(["ngo", "armed_group", "business", "religious"])
        recs.append(Actor(id=f"o{i}", name=f"Organization {i}", kind="organization", org_type=org_type,
                          party=(party,) if i < parties * 2 else (), country=COUNTRIES[i % parties]))
        orgs.append(f"o{i}")
    people = [f"a{i}" for i in range(n_actors - n_orgs)]
    party_of = {}
    for i, pid in enumerate(people):
        party_of[pid] = i % (parties + 1)  # the last group: third parties
        recs.append(Actor(id=pid, name=f"Person {i}", kind="person",
                          country=COUNTRIES[party_of[pid] % len(COUNTRIES)]))
        org = orgs[party_of[pid] % parties] if party_of[pid] < parties and rng.random() < 0.5 else rng.choice(orgs)
        recs.append(Affiliation(member=pid, organization=org, role="member", official=rng.random() < 0.1,
                                start=str(rng.randint(1980, 2000))))
    by_party: dict[int, list[str]] = {}
    for pid, p in party_of.items():
        by_party.setdefault(p, []).append(pid)
    seen = set()
    kinds = ["professional", "friendship", "dialogue", "communication", "family", "hostile"]
    while len(seen) < n_ties:
        a = rng.choice(people)
        same = rng.random() < 0.85
        b = rng.choice(by_party[party_of[a]]) if same else rng.choice(people)
        if a == b:
            continue
        kind = rng.choice(kinds)
        key = (min(a, b), max(a, b), kind)
        if key in seen:
            continue
        seen.add(key)
        recs.append(Tie(a=a, b=b, kind=kind, strength=round(rng.random(), 2), start=str(rng.randint(1980, 2010)),
                        source="synthetic"))
    for e in range(max(1, n_actors // 200)):
        recs.append(Event(id=f"e{e}", name=f"Workshop {e}", start=f"{rng.randint(1990, 2010)}-06"))
        for pid in rng.sample(people, min(8, len(people))):
            recs.append(Participation(actor=pid, event=f"e{e}"))
    recs.append(Restriction(group="o1", jurisdiction="AAA", kind="legal", scope="nationals", start="1990"))
    return recs


def write_synthetic(folder: Path, n_actors: int, n_ties: int, seed: int = 7) -> Path:
    write_csv(synthetic_records(n_actors, n_ties, seed), folder)
    return folder
