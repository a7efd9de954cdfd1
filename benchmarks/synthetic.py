"""Synthetic datasets of any size, shaped like real ones.

- :func:`synthetic_records` (the old, near-uniform generator, kept for the tests and the map benchmark):
  parties, organizations, ties mostly within a party, a few events.
- :func:`heavy_tailed_records`: what the store and engine benchmarks use. Real networks have a few
  hubs with thousands of links and many people with one or two; this one has them:

  * ties by **preferential attachment** (people arrive one by one and tie to people chosen in
    proportion to the ties they already have, a quarter of the time uniformly; 80% of a person's
    ties stay within their side), each arrival making a geometrically distributed number of ties,
    so that some people have a single tie (leaves) and the earliest have thousands (hubs);
  * four **government hubs** (one per party), each with about 9% of all people as members
    (an eighth of them officials: Track 1), an armed group and a political party per party
    (the armed group is the party's armed wing), so that party membership is derived as in real data;
  * many **small organizations** of 3 to 30 members (sizes heavy-tailed), most members from one
    side: these make the co-membership links;
  * **events** of 5 to 40 participants from two to four sides, a third-party facilitator each,
    hubs more likely to attend; some influence; two **restrictions**: party P1's political
    party (and so its armed wing) is banned for officials of AAA (P0's state), and P2's political
    party for Norwegian nationals.

  Deterministic by seed. :func:`write_heavy_tailed` writes it as a dataset folder (ingest.writers).
- :func:`star_records` and :func:`complete_records`: the bounded-cost cases (a star of 50,000
  leaves, a complete graph of 1,000 people), each with two parties, a restricted group and a
  member of a party bound by the restriction, so that every query command has something to do.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator
from pathlib import Path

from ingest.writers import write_csv
from kg.model import Actor, Affiliation, Event, Influence, Participation, Record, Restriction, Tie

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


# --- the heavy-tailed network ---------------------------------------------------------------

PARTIES = ("P0", "P1", "P2", "P3")
PARTY_COUNTRY = {"P0": "AAA", "P1": "BBB", "P2": "CCC", "P3": "DDD"}
THIRD_COUNTRIES = ("NOR", "CHE", "SWE", "QAT", "EGY", "USA")
FIRST = ("Amal", "Ari", "Bashir", "Carmen", "Dalia", "Dov", "Élise", "Fatima", "Gunnar", "Hanna", "Ibrahim",
         "Ingrid", "Jamal", "José", "Karim", "Leila", "Maya", "Nadia", "Noa", "Omar", "Rania", "Ruth", "Sami",
         "Søren", "Tamar", "Terje", "Yara", "Yossi", "Zaid", "Åse", "Mona", "Hussein", "Rafael", "Shira")
LAST = ("Abbas", "Avraham", "Barghouti", "Ben-David", "Cohen", "Dahlan", "Egeland", "Friedman", "Haddad",
        "Halvorsen", "Husseini", "Juul", "Khalidi", "Levi", "Mansour", "Mizrahi", "Nasser", "Nusseibeh",
        "Peres", "Qurei", "Rød-Larsen", "Saleh", "Shapiro", "Sørensen", "Tamimi", "Weiss", "Yassin",
        "Zoabi", "Østby", "Ghanem", "Katz", "Odeh", "Álvarez", "Mørk")
SMALL_TYPES = ("ngo", "business", "religious", "academic", "media", "civil_society")
TIE_KINDS = ("professional", "friendship", "dialogue", "communication", "family", "classmates", "mentor", "hostile")
TIE_WEIGHTS = (35, 20, 10, 15, 5, 5, 3, 7)
GOVERNMENT_SHARE = 0.09  # of all people, in each of the four governments
WEIGHT_EXPONENT = 0.7  # tie partners in proportion to (i + 1) ** -0.7: degrees ~ a power law of exponent 2.4


def person_name(i: int) -> str:
    """A deterministic, accented-sometimes name: many people share a surname, few a full name."""
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i // (len(FIRST) * len(LAST)) + 1}"


def _sensitivity(rng: random.Random) -> str:
    x = rng.random()
    return "public" if x < 0.90 else "restricted" if x < 0.97 else "confidential"


def _confidence(rng: random.Random) -> float:
    return rng.choice((1.0, 1.0, 0.9, 0.9, 0.6, 0.3))


def heavy_tailed_records(n_actors: int, n_ties: int, seed: int = 7) -> list[Record]:
    """``n_actors`` actors (about 6% organizations) and exactly ``n_ties`` ties, heavy-tailed.

    See the module's docstring for the shape. Vertices: people ``p0``..., governments ``gov0``..``gov3``,
    armed groups ``arm0``..., political parties ``pol0``..., small organizations ``org0``..., events ``ev0``...
    """
    rng = random.Random(seed)
    recs: list[Record] = []
    n_small = max(3, round(n_actors * 0.06))
    n_people = n_actors - 12 - n_small
    if n_people < 20:
        raise ValueError("heavy_tailed_records needs at least 100 actors")

    # organizations of the parties: government (a hub), armed wing, political party
    for s, party in enumerate(PARTIES):
        c = PARTY_COUNTRY[party]
        recs.append(Actor(id=f"gov{s}", name=f"Government of {c}", kind="organization", org_type="government",
                          party=(party,), country=c))
        recs.append(Actor(id=f"pol{s}", name=f"{party} Movement", kind="organization", org_type="political_party",
                          party=(party,), country=c))
        recs.append(Actor(id=f"arm{s}", name=f"{party} Brigades", kind="organization", org_type="armed_group",
                          country=c))
        recs.append(Affiliation(member=f"arm{s}", organization=f"pol{s}", role="armed wing", start="1985"))

    # people: a side each (0-3 a party, 4 third parties), arriving in id order
    side = [rng.randrange(4) if rng.random() < 0.72 else 4 for _ in range(n_people)]
    by_side: list[list[int]] = [[] for _ in range(5)]
    for i, s in enumerate(side):
        by_side[s].append(i)
    for i in range(n_people):
        country = PARTY_COUNTRY[PARTIES[side[i]]] if side[i] < 4 else THIRD_COUNTRIES[i % len(THIRD_COUNTRIES)]
        recs.append(Actor(id=f"p{i}", name=person_name(i), kind="person", country=country,
                          sensitivity=_sensitivity(rng) if rng.random() < 0.3 else "public"))
    # the governments hold GOVERNMENT_SHARE of all people each; the rest of a side is in its party or armed wing
    share = GOVERNMENT_SHARE * n_people / max(1, min(len(by_side[s]) for s in range(4)))
    for i in range(n_people):
        s = side[i]
        if s == 4:
            continue
        start = str(rng.randint(1975, 2015))
        if rng.random() < share:
            official = rng.random() < 0.125
            role = rng.choice(("minister", "adviser", "negotiator", "ambassador")) if official else "staff"
            end = str(int(start) + rng.randint(1, 15)) if rng.random() < 0.1 else None
            recs.append(Affiliation(member=f"p{i}", organization=f"gov{s}", role=role, official=official,
                                    start=start, end=end, source="synthetic"))
        else:
            org = f"arm{s}" if rng.random() < 0.4 else f"pol{s}"
            recs.append(Affiliation(member=f"p{i}", organization=org, role="member", start=start,
                                    source="synthetic", sensitivity=_sensitivity(rng)))

    # small organizations of 3-30, most members from one side
    for k in range(n_small):
        home = rng.randrange(5)
        country = PARTY_COUNTRY[PARTIES[home]] if home < 4 else THIRD_COUNTRIES[k % len(THIRD_COUNTRIES)]
        body = rng.choice(("Foundation", "Institute", "Group", "Council", "Trust", "Centre"))
        recs.append(Actor(id=f"org{k}", name=f"{rng.choice(LAST)} {body} {k}", kind="organization",
                          org_type=rng.choice(SMALL_TYPES), country=country))
        size = min(30, 2 + int(rng.paretovariate(0.9)))
        chosen: set[int] = set()
        while len(chosen) < size:
            pool = by_side[home] if rng.random() < 0.7 and by_side[home] else range(n_people)
            chosen.add(rng.choice(pool))
        for i in sorted(chosen):
            recs.append(Affiliation(member=f"p{i}", organization=f"org{k}",
                                    role=rng.choice(("member", "member", "member", "director", "founder")),
                                    start=str(rng.randint(1980, 2020)), confidence=_confidence(rng),
                                    source="synthetic"))

    # ties: each person makes a geometric number of ties (mean n_ties / people) to partners chosen in
    # proportion to a power-law weight (i + 1) ** -WEIGHT_EXPONENT (the first people are the hubs),
    # 80% within the side; the same expected degrees as preferential attachment, without its
    # dependence on arrival order within each side
    weight = [(i + 1) ** -WEIGHT_EXPONENT for i in range(n_people)]
    cum_all = list(itertools.accumulate(weight))
    cum_side = [list(itertools.accumulate(weight[i] for i in lst)) for lst in by_side]
    everyone = list(range(n_people))
    seen: set[int] = set()
    mean = n_ties / n_people
    p_geo = 1.0 / mean if mean > 1 else 1.0
    ties: list[tuple[int, int]] = []
    degree = [0] * n_people

    def pick(a: int) -> int:
        s = side[a]
        if rng.random() < 0.8 and by_side[s]:
            return rng.choices(by_side[s], cum_weights=cum_side[s])[0]
        return rng.choices(everyone, cum_weights=cum_all)[0]

    def add(a: int, b: int) -> bool:
        lo, hi = (a, b) if a < b else (b, a)
        key = lo * n_people + hi
        if a == b or key in seen:
            return False
        seen.add(key)
        ties.append((a, b))
        degree[a] += 1
        degree[b] += 1
        return True

    order = list(range(n_people))
    rng.shuffle(order)
    for a in order:
        want = 1 + (int(math.log(1.0 - rng.random()) / math.log(1.0 - p_geo)) if p_geo < 1 else 0)
        want = min(want, n_ties - len(ties))
        made = 0
        for _ in range(want * 3):
            if made >= want:
                break
            made += add(a, pick(a))
        if len(ties) >= n_ties:
            break
    while len(ties) < n_ties:  # the geometric draws fell short: top up
        a = rng.randrange(n_people)
        add(a, pick(a))
    ends = [i for i in range(n_people) for _ in range(min(degree[i], 50))]  # degree-biased choices below
    for a, b in ties:
        cross = side[a] != side[b]
        kind = "hostile" if cross and rng.random() < 0.15 else rng.choices(TIE_KINDS, TIE_WEIGHTS)[0]
        start = rng.randint(1980, 2015)
        end = str(start + rng.randint(1, 10)) if rng.random() < 0.08 else None
        recs.append(Tie(a=f"p{a}", b=f"p{b}", kind=kind, strength=max(0.05, round(rng.betavariate(2, 2), 2)),
                        start=str(start), end=end, confidence=_confidence(rng), sensitivity=_sensitivity(rng),
                        source="synthetic"))

    # influence: officials and party people advise, command, fund
    for _ in range(max(1, n_people // 50)):
        a = ends[rng.randrange(len(ends))]
        b = ends[rng.randrange(len(ends))]
        if a != b:
            recs.append(Influence(from_=f"p{a}", to=f"p{b}", kind=rng.choice(("advises", "access", "funds")),
                                  weight=round(rng.uniform(0.2, 0.9), 2), start=str(rng.randint(1985, 2015)),
                                  source="synthetic"))

    # events of 5-40, two to four sides, a third-party facilitator
    for e in range(max(2, n_actors // 250)):
        year = rng.randint(1995, 2025)
        recs.append(Event(id=f"ev{e}", name=f"{rng.choice(('Oslo', 'Geneva', 'Doha', 'Cairo', 'Stockholm'))} "
                                            f"{rng.choice(('workshop', 'round', 'dialogue', 'retreat'))} {e}",
                          start=f"{year}-{rng.randint(1, 12):02d}", track=rng.choice(("1.5", "2", "2", "3")),
                          process=f"process {e % 7}", sensitivity=_sensitivity(rng), source="synthetic"))
        size = rng.randint(5, 40)
        sides = rng.sample(range(4), rng.randint(2, 4))
        who: set[int] = set()
        while len(who) < size - 1:
            if rng.random() < 0.3:
                who.add(ends[rng.randrange(len(ends))])
            else:
                lst = by_side[rng.choice(sides)]
                if lst:
                    who.add(rng.choice(lst))
        facilitator = rng.choice(by_side[4]) if by_side[4] else rng.randrange(n_people)
        recs.append(Participation(actor=f"p{facilitator}", event=f"ev{e}", role="facilitator"))
        for i in sorted(who - {facilitator}):
            recs.append(Participation(actor=f"p{i}", event=f"ev{e}", role="participant"))

    recs.append(Restriction(group="pol1", jurisdiction="AAA", kind="legal", scope="officials", start="1995",
                            source="synthetic"))
    recs.append(Restriction(group="pol2", jurisdiction="NOR", kind="political", scope="nationals", start="2001",
                            source="synthetic"))
    return recs


def write_heavy_tailed(folder: Path, n_actors: int, n_ties: int, seed: int = 7) -> Path:
    write_csv(heavy_tailed_records(n_actors, n_ties, seed), folder)
    return folder


# --- the bounded-cost cases -------------------------------------------------------------------

def _frame(people: list[str], restricted_members: list[str]) -> Iterator[Record]:
    """A restricted group ``g`` of P1 with a few members; a ban for officials and nationals of AAA."""
    yield Actor(id="g", name="Restricted Group", kind="organization", org_type="armed_group", party=("P1",),
                country="BBB")
    for m in restricted_members:
        yield Affiliation(member=m, organization="g", role="member", start="1990")
    yield Restriction(group="g", jurisdiction="AAA", kind="legal", scope="nationals", start="1990")


def star_records(leaves: int = 50_000) -> list[Record]:
    """A star: ``hub`` (a Norwegian, no party) tied to every leaf; leaves alternate P0 (AAA) and P1 (BBB).

    Ten P1 leaves belong to the restricted group ``g``; ``leaf0`` (P0, AAA) may not engage it.
    """
    recs: list[Record] = [Actor(id="hub", name="Hub Person", kind="person", country="NOR")]
    ids = [f"leaf{i}" for i in range(leaves)]
    for i, lid in enumerate(ids):
        party = "P0" if i % 2 == 0 else "P1"
        recs.append(Actor(id=lid, name=person_name(i), kind="person", party=(party,),
                          country=PARTY_COUNTRY[party]))
        recs.append(Tie(a="hub", b=lid, kind="professional", strength=round(0.3 + 0.6 * ((i * 7919) % 100) / 100, 2),
                        start="2000", source="synthetic"))
    recs.extend(_frame(ids, ids[1:21:2]))
    return recs


def complete_records(n: int = 1_000) -> list[Record]:
    """A complete graph of ``n`` people (every pair tied); ``k0``..: even P0 (AAA), odd P1 (BBB).

    Ten P1 people belong to the restricted group ``g``; ``k0`` may not engage it.
    """
    ids = [f"k{i}" for i in range(n)]
    recs: list[Record] = []
    for i, kid in enumerate(ids):
        party = "P0" if i % 2 == 0 else "P1"
        recs.append(Actor(id=kid, name=person_name(i), kind="person", party=(party,),
                          country=PARTY_COUNTRY[party]))
    for i in range(n):
        for j in range(i + 1, n):
            recs.append(Tie(a=ids[i], b=ids[j], kind="professional",
                            strength=round(0.2 + 0.7 * (((i + 1) * (j + 3) * 7919) % 97) / 97, 2), start="2000"))
    recs.extend(_frame(ids, ids[1:21:2]))
    return recs
