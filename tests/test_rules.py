"""The derived facts, one rule per test, on small hand-made cases (data-model.md, "Derived facts")."""

from datetime import date

from kg.model import Actor, Affiliation, Restriction
from kg.rules import Situation

DAY = date(1993, 3, 1)


def person(id, country="ISR", **kw):
    return Actor(id=id, name=id.title(), kind="person", country=country, **kw)


def org(id, org_type="ngo", country="ISR", **kw):
    return Actor(id=id, name=id.upper(), kind="organization", org_type=org_type, country=country, **kw)


GOV = org("gov", "government", party=("Israel",))
MFA = org("mfa", "government")
MINISTRY_LINK = Affiliation(member="mfa", organization="gov")


def situation(actors, affiliations=(), restrictions=(), day=DAY):
    return Situation(actors, affiliations, restrictions, day)


def test_official_through_a_ministry_of_the_government():
    s = situation([GOV, MFA, person("p")], [MINISTRY_LINK,
                  Affiliation(member="p", organization="mfa", official=True, role="minister")])
    assert s.official_states("p") == {"ISR"}
    [role] = s.official_roles("p")
    assert (role.organization, role.role, role.state_body) == ("mfa", "minister", "mfa")


def test_non_official_affiliation_does_not_make_an_official():
    s = situation([GOV, person("p")], [Affiliation(member="p", organization="gov", official=False)])
    assert s.official_states("p") == set()


def test_official_role_in_a_non_state_body_does_not_make_an_official():
    s = situation([org("ngo1"), person("p")], [Affiliation(member="p", organization="ngo1", official=True)])
    assert s.official_states("p") == set()


def test_official_role_outside_its_dates_does_not_count():
    aff = Affiliation(member="p", organization="gov", official=True, start="1992-07", end="1992-12")
    assert situation([GOV, person("p")], [aff]).official_states("p") == set()
    assert situation([GOV, person("p")], [aff], day=date(1992, 12, 31)).official_states("p") == {"ISR"}


def test_official_state_is_the_body_country_not_the_person_nationality():
    s = situation([org("un", "intergovernmental", "USA"), person("p", "NOR")],
                  [Affiliation(member="p", organization="un", official=True)])
    assert s.official_states("p") == {"USA"}


def test_explicit_track_wins():
    s = situation([GOV, person("p", track="2")], [Affiliation(member="p", organization="gov", official=True)])
    assert s.track("p") == "2"


def test_official_person_is_track_1_other_person_track_2():
    s = situation([GOV, person("p"), person("q")], [Affiliation(member="p", organization="gov", official=True)])
    assert (s.track("p"), s.track("q")) == ("1", "2")


def test_state_bodies_are_track_1_other_organizations_track_2():
    s = situation([GOV, org("ngo1"), org("igo", "intergovernmental"), org("shin", "security_service")])
    assert [s.track(x) for x in ("gov", "ngo1", "igo", "shin")] == ["1", "2", "1", "1"]


def test_explicit_party_wins():
    s = situation([GOV, person("p", party=("PLO",))], [Affiliation(member="p", organization="gov")])
    assert s.parties("p") == {"PLO"}


def test_person_takes_parties_of_organizations_on_the_day():
    plo = org("plo", "other", "PSE", party=("PLO",))
    affs = [Affiliation(member="p", organization="gov", end="1992"),
            Affiliation(member="p", organization="plo", start="1993")]
    s = situation([GOV, plo, person("p")], affs)
    assert s.parties("p") == {"PLO"}
    assert situation([GOV, plo, person("p")], affs, day=date(1992, 6, 1)).parties("p") == {"Israel"}


def test_party_follows_a_ministry_up_to_its_government():
    s = situation([GOV, MFA, person("p")], [MINISTRY_LINK, Affiliation(member="p", organization="mfa")])
    assert s.parties("p") == {"Israel"}


def test_members_include_sub_organizations_and_their_members():
    plo, fatah = org("plo", "other", "PSE"), org("fatah", "armed_group", "PSE")
    affs = [Affiliation(member="fatah", organization="plo"), Affiliation(member="p", organization="fatah"),
            Affiliation(member="q", organization="plo")]
    s = situation([plo, fatah, person("p", "PSE"), person("q", "PSE"), person("r", "PSE")], affs)
    assert s.members("plo") == {"plo", "fatah", "p", "q"}


def test_members_leave_out_affiliations_not_valid_on_the_day():
    plo = org("plo", "other", "PSE")
    s = situation([plo, person("p", "PSE")], [Affiliation(member="p", organization="plo", end="1992")])
    assert s.members("plo") == {"plo"}


PLO = org("plo", "other", "PSE")
OFFICIALS_BAN = Restriction(group="plo", jurisdiction="ISR", kind="political", scope="officials")
NATIONALS_BAN = Restriction(group="plo", jurisdiction="ISR", kind="legal", scope="nationals")
OFFICIAL = Affiliation(member="minister", organization="gov", official=True)


def test_officials_scope_binds_officials_of_the_jurisdiction():
    s = situation([GOV, PLO, person("minister")], [OFFICIAL], [OFFICIALS_BAN])
    assert s.non_engageable("plo", "minister")


def test_officials_scope_does_not_bind_a_private_national():
    s = situation([GOV, PLO, person("academic")], [], [OFFICIALS_BAN])
    assert not s.non_engageable("plo", "academic")


def test_nationals_scope_binds_a_private_national():
    s = situation([GOV, PLO, person("academic")], [], [NATIONALS_BAN])
    assert s.non_engageable("plo", "academic")


def test_nationals_scope_binds_a_foreign_national_who_is_an_official_of_the_state():
    s = situation([GOV, PLO, person("minister", "USA")], [OFFICIAL], [NATIONALS_BAN])
    assert s.non_engageable("plo", "minister")


def test_restriction_does_not_bind_foreigners():
    s = situation([GOV, PLO, person("norwegian", "NOR")], [], [NATIONALS_BAN, OFFICIALS_BAN])
    assert not s.non_engageable("plo", "norwegian")


def test_restriction_that_ended_before_the_day_does_not_apply():
    ended = Restriction(group="plo", jurisdiction="ISR", kind="legal", scope="nationals",
                        start="1986-08-06", end="1993-01-19")
    assert situation([PLO, person("p")], [], [ended], day=date(1993, 1, 19)).non_engageable("plo", "p")
    assert not situation([PLO, person("p")], [], [ended], day=date(1993, 1, 20)).non_engageable("plo", "p")


def test_restriction_on_a_movement_covers_its_wing():
    wing = org("wing", "armed_group", "PSE")
    s = situation([PLO, wing, person("p")], [Affiliation(member="wing", organization="plo")], [NATIONALS_BAN])
    assert s.non_engageable("wing", "p")
