"""Restrictions of the EU and the UN (data-model.md v2, "Jurisdictions beyond one state").

Membership dates: the EU's list of member states and their accession dates; the
United Kingdom left on 31 January 2020 (Withdrawal Agreement, art. 185).
"""

from datetime import date

import pytest

from kg.errors import RecordError
from kg.model import Actor, Affiliation, Restriction, parse_record
from kg.rules import Situation, eu_members


def person(id, country):
    return Actor(id=id, name=id.title(), kind="person", country=country)


GROUP = Actor(id="grp", name="Group", kind="organization", org_type="armed_group")
FRA_GOV = Actor(id="fra-gov", name="France", kind="organization", org_type="government", country="FRA")
FRENCH_OFFICIAL = Affiliation(member="diplomat", organization="fra-gov", official=True)


def eu(scope="nationals", **kw):
    return Restriction(group="grp", jurisdiction="EU", kind="legal", scope=scope, **kw)


def un(scope="nationals"):
    return Restriction(group="grp", jurisdiction="UN", kind="legal", scope=scope)


def bound(actors, restrictions, actor_id, day=date(2021, 6, 1), affiliations=()):
    return Situation([GROUP, *actors], affiliations, restrictions, day).non_engageable("grp", actor_id)


@pytest.mark.parametrize("text,expected", [("EU", "EU"), ("un", "UN"), ("nor", "NOR")])
def test_restriction_jurisdiction_accepts_eu_un_and_states(text, expected):
    r = parse_record("restriction", {"group": "g", "jurisdiction": text, "kind": "legal", "scope": "nationals"})
    assert r.jurisdiction == expected


@pytest.mark.parametrize("text", ["XX", "EUR?", "U.N.", "E"])
def test_other_jurisdictions_are_an_error_naming_the_field(text):
    with pytest.raises(RecordError) as e:
        parse_record("restriction", {"group": "g", "jurisdiction": text, "kind": "legal", "scope": "nationals"})
    assert e.value.field == "jurisdiction" and "EU or UN" in e.value.reason


def test_an_actor_country_cannot_be_eu():
    with pytest.raises(RecordError) as e:
        parse_record("actor", {"id": "x", "name": "X", "kind": "person", "country": "EU"})
    assert e.value.field == "country"


def test_eu_nationals_scope_binds_nationals_of_member_states_only():
    assert bound([person("fr", "FRA")], [eu()], "fr")
    assert not bound([person("no", "NOR")], [eu()], "no")


def test_eu_binds_by_membership_on_the_day():
    # Croatia joined on 1 July 2013; the United Kingdom left on 31 January 2020.
    assert not bound([person("hr", "HRV")], [eu()], "hr", day=date(2013, 6, 30))
    assert bound([person("hr", "HRV")], [eu()], "hr", day=date(2013, 7, 1))
    assert bound([person("uk", "GBR")], [eu()], "uk", day=date(2020, 1, 31))
    assert not bound([person("uk", "GBR")], [eu()], "uk", day=date(2020, 2, 1))
    assert len(eu_members(date(2021, 1, 1))) == 27 and len(eu_members(date(2019, 1, 1))) == 28


def test_eu_officials_scope_binds_officials_of_member_states_not_their_private_nationals():
    diplomat = person("diplomat", "NOR")  # a Norwegian holding an official role in France's government
    assert bound([FRA_GOV, diplomat], [eu("officials")], "diplomat", affiliations=[FRENCH_OFFICIAL])
    assert not bound([person("fr", "FRA")], [eu("officials")], "fr")


def test_un_nationals_scope_binds_everyone_even_without_a_known_country():
    assert bound([person("no", "NOR")], [un()], "no")
    assert bound([person("unknown", None)], [un()], "unknown")


def test_un_officials_scope_binds_officials_of_any_state_only():
    assert bound([FRA_GOV, person("diplomat", "NOR")], [un("officials")], "diplomat",
                 affiliations=[FRENCH_OFFICIAL])
    assert not bound([person("no", "NOR")], [un("officials")], "no")


def test_eu_restriction_outside_its_dates_does_not_bind():
    r = eu(start="2014", end="2016")
    assert bound([person("fr", "FRA")], [r], "fr", day=date(2015, 1, 1))
    assert not bound([person("fr", "FRA")], [r], "fr", day=date(2017, 1, 1))
