"""`kg viz` on the command line: one clear line for a map that would be odd; SVG output; colours and legend."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph import SENSITIVITIES
from visualize import MapOptions, build_map
from visualize.maps import ANSWER, EDGE_STYLE, FADED, LABEL_CHARS, MARKER, NO_PARTY, PALETTE, PATTERNS, party_styles

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "kg.db"
    assert CliRunner().invoke(main, ["--db", str(path), "ingest", str(ROOT / "data" / "oslo")]).exit_code == 0
    return path


@pytest.mark.parametrize("args,message,code", [
    # (contradictory options exit 2, as the README says and the other commands do: a new user found 1)
    (["--out", "m.html", "--hops", "2"], "--hops needs --focus", 2),
    (["--out", "m.html", "--bridges", "Israel", "PLO", "--channels", "shimon-peres", "plo"], "not both", 2),
    (["--out", "m.txt"], "written as .html, .svg or .png", 1),
    (["--out", "m"], "written as .html, .svg or .png", 1),
])
def test_odd_maps_are_refused_in_one_line(db, tmp_path, args, message, code):
    out_args = [a if a not in ("m.html", "m.txt", "m") else str(tmp_path / a) for a in args]
    r = CliRunner().invoke(main, ["--db", str(db), "viz", *out_args])
    assert r.exit_code == code and message in r.output
    assert len(r.output.strip().splitlines()) == 1
    assert not list(tmp_path.glob("m*"))  # nothing written


def test_svg_has_the_layout_and_the_legend(db, tmp_path):
    out = tmp_path / "m.svg"
    r = CliRunner().invoke(main, ["--db", str(db), "viz", "--out", str(out), "--as-of", "1993-02-01",
                                  "--channels", "shimon-peres", "plo"])
    assert r.exit_code == 0, r.output
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Legend" in svg and "contact: touches the group" in svg
    assert ANSWER in svg and "Terje Rød-Larsen" in svg  # (the best channel's contact, confidential records left out)


def test_every_party_of_a_map_has_its_own_fill():
    parties = [f"party {i:02d}" for i in range(len(PALETTE) * len(PATTERNS))]
    styles = party_styles(parties)
    assert len(set(styles.values())) == len(parties)
    assert party_styles(["Turkey", "PKK"])["Turkey"] != party_styles(["Turkey", "PKK"])["PKK"]
    reserved = {ANSWER, MARKER, NO_PARTY, FADED} | {c for c, _, _ in EDGE_STYLE.values()}
    assert not reserved & set(PALETTE)  # answer and marker colours are used for nothing else


def test_every_encoding_drawn_is_in_the_legend(sample_store):
    m = build_map(sample_store, MapOptions(as_of=date(1993, 2, 1), channels=("shimon-peres", "plo")))
    swatches = [i for s in m.legend for i in s["items"]]
    fills = {(i["node"]["fill"], i["node"]["pat"]) for i in swatches if "node" in i}
    borders = {(i["node"]["bw"], i["node"]["bs"]) for i in swatches if "node" in i}
    marks = {i["node"]["mark"] for i in swatches if "node" in i}
    edges = {(i["edge"]["c"], i["edge"]["d"]) for i in swatches if "edge" in i}
    for n in m.nodes:
        if n["kind"] != "event":
            assert (n["fill"], n["pat"]) in fills and (n["bw"], n["bs"]) in borders
        assert n["mark"] in marks | {None}
    for e in m.edges:
        assert (e["c"], e["d"]) in edges or (e["f"] and (EDGE_STYLE["tie"][0], e["d"]) in edges or
                                             any(c == e["c"] for c, _ in edges))


def test_a_channel_map_names_who_asks_and_the_group_first(db, tmp_path):
    """Found by a new user: on the demo's map neither Shimon Peres (who asks) nor Yossi Beilin had a label,
    crowded out by others; the question's two ends are now named before anyone else."""
    out = tmp_path / "m.svg"
    r = CliRunner().invoke(main, ["--db", str(db), "viz", "--out", str(out), "--as-of", "1993-02-01",
                                  "--channels", "shimon-peres", "plo"])
    assert r.exit_code == 0, r.output
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", out.read_text(encoding="utf-8"))
    assert any("Shimon Peres" in x for x in labels) and any("Palestine Liberation" in x for x in labels)
    opts = MapOptions(as_of=date(1993, 2, 1), channels=("shimon-peres", "plo"))
    from kg.store.sqlite import SQLiteStore
    m = build_map(SQLiteStore(db, create=False), opts)
    assert sorted(n["name"] for n in m.nodes if n.get("lp")) == ["Palestine Liberation Organization", "Shimon Peres"]


def test_a_static_map_names_every_actor_of_the_answer(db, tmp_path):
    """Found by a new user: in the SVG of the Oslo channels, Yitzhak Rabin and Yair Hirschfeld (on the
    channels) were unnamed while faded bodies were labelled: a label that overlapped another was dropped.
    It tries the node's left, top and bottom; an actor of the answer is named in any case."""
    import re

    out = tmp_path / "m.svg"
    r = CliRunner().invoke(main, ["--db", str(db), "viz", "--out", str(out), "--as-of", "1993-02-01",
                                  "--channels", "shimon-peres", "plo"])
    assert r.exit_code == 0, r.output
    labels = re.findall(r'paint-order="stroke">([^<]*)</text>', out.read_text(encoding="utf-8"))
    for name in ("Shimon Peres", "Yitzhak Rabin", "Yair Hirschfeld", "Yossi Beilin", "Ahmed Qurei",
                 "Warren Christopher", "Dennis Ross", "Hanan Ashrawi", "Nabil Shaath", "Elyakim Rubinstein",
                 "Haidar Abdel-Shafi", "Faisal Husseini", "Yasser Arafat"):
        assert any(name in label for label in labels), name


def test_a_channels_map_takes_max_hops_and_half_life_as_the_terminal_does(db, tmp_path):
    """Found by a new user: `kg channels ... --half-life 5` or `--max-hops 3` could not be mapped (kg viz had
    neither option). The map draws the channels the terminal gives with the same options."""
    from datetime import date

    from kg.graph import project
    from kg.store.sqlite import SQLiteStore
    from queries.channels import channels_to_group
    from visualize import MapOptions, build_map

    store = SQLiteStore(db)
    day = date(1993, 2, 1)
    for hops, half_life in ((3, 2.0), (6, 0.5), (6, 2.0)):
        m = build_map(store, MapOptions(as_of=day, channels=("shimon-peres", "plo"), max_hops=hops,
                                        half_life=half_life))
        answer = channels_to_group(project(store, day, include_confidential=False, half_life=half_life),
                                   "shimon-peres", "plo", max_hops=hops)
        drawn = {n["name"] for n in m.nodes if n.get("mark") in ("path", "contact") and n["kind"] != "event"}
        expected = {name for c in answer.channels for name in c.names}
        assert drawn - {"Palestine Liberation Organization"} == expected - {"Palestine Liberation Organization"}, (
            hops, half_life, drawn ^ expected)
        assert all(len(c.path) - 1 <= hops for c in answer.channels)
    store.close()
    r = CliRunner().invoke(main, ["--db", str(db), "viz", "--out", str(tmp_path / "m.html"), "--channels",
                                  "shimon-peres", "plo", "--max-hops", "3", "--half-life", "0.5"])
    assert r.exit_code == 0, r.output


def test_a_map_or_export_holding_restricted_records_says_so(tmp_path):
    """Found by a new user: a map and an export holding records marked restricted said only what they did
    with confidential ones. They now count the restricted records they hold, and say nothing when none."""
    from kg.model import Actor, Tie
    from kg.store.sqlite import SQLiteStore

    db = str(tmp_path / "k.db")
    with SQLiteStore(db) as s:
        s.upsert([Actor(id="a", name="Ann Able", kind="person"), Actor(id="b", name="Ben Bold", kind="person"),
                  Actor(id="c", name="Cy Cole", kind="person", sensitivity="restricted"),
                  Tie(a="a", b="b", kind="friendship"), Tie(a="b", b="c", kind="friendship")])
    r = CliRunner().invoke(main, ["--db", db, "viz", "--out", str(tmp_path / "m.html")])
    assert r.exit_code == 0 and "includes records marked restricted (R in the map on 1 actor, 1 link)" in r.output, (
        r.output)
    r = CliRunner().invoke(main, ["--db", db, "export", str(tmp_path / "e.graphml")])
    assert r.exit_code == 0 and "includes 1 record marked restricted" in r.output, r.output
    r = CliRunner().invoke(main, ["--db", db, "viz", "--out", str(tmp_path / "m2.html"), "--focus", "a", "--hops", "1"])
    assert r.exit_code == 0 and "restricted" not in r.output, r.output


def _painted(m):
    """What a map paints as its channels: each highlighted link as (its two ends' names, its words, its
    dates); a participation as (person and event, "took part", None)."""
    out = []
    for e in m.edges:
        if e["h"]:
            s, t, info = m.nodes[e["s"]], m.nodes[e["t"]], dict(e["info"])
            if "event" in (s["kind"], t["kind"]):
                out.append((frozenset((s["name"], t["name"])), "took part", None))
            else:
                out.append((frozenset((s["name"], t["name"])), info["link"], info["dates"]))
    return out


def _rests_on(answer, nodes):
    """What each hop of `kg channels --json` says it rests on, in the map's words: the link (its
    relationship, kind and dates), or the two participations at the event met at, or the affiliations
    of an organization's way to its person through its bodies (any role: the hop names the first)."""
    names, kinds = {n["id"]: n["name"] for n in nodes}, {n["id"]: n["kind"] for n in nodes}
    want, events = set(), set()
    for c in answer["channels"]:
        for h in c["hops"]:
            a, b = h["from"], h["to"]
            if h["details"].get("through"):
                member, body = (a, b) if kinds[a] == "person" else (b, a)
                chain = [member, *h["details"]["through"], body]
                want.update((frozenset((names[x], names[y])), "affiliation", None)
                            for x, y in zip(chain, chain[1:], strict=False))
            elif h["via"] == "event":
                events.add(h["event"])
                want.update((frozenset((names[x], h["event"])), "took part", None) for x in (a, b))
            else:
                dates = f"{h['start'] or '...'} to {h['end'] or 'now'}" if h["start"] or h["end"] else "undated"
                want.add((frozenset((names[a], names[b])), f"{h['via']}: {h['kind']}", dates))
    return want, events


@pytest.mark.parametrize("asker,group,day,top", [
    ("shimon-peres", "plo", "1993-02-01", 10),  # ties, co-memberships (Peres and Rabin), shared events
    ("gov-israel", "plo", "1993-02-01", 3),  # an organization's first hop, through the ministry
])
def test_a_channel_map_paints_only_the_records_the_hops_rest_on(db, tmp_path, asker, group, day, top):
    """Found by a map recipient: the channel highlight painted every link between a hop's two people
    (Peres-Rabin: co-membership, influence and an undated tie, where kg channels names the co-membership)
    and every event they ever shared. The map now paints the record each hop of `kg channels` rests on."""
    import json

    from kg.store.sqlite import SQLiteStore

    r = CliRunner().invoke(main, ["--db", str(db), "channels", asker, group, "--as-of", day, "--top", str(top),
                                  "--exclude-confidential", "--json"])
    assert r.exit_code == 0, r.output
    answer = json.loads(r.output)
    with SQLiteStore(db, create=False) as store:
        m = build_map(store, MapOptions(as_of=date.fromisoformat(day), channels=(asker, group), top=top))
    want, events = _rests_on(answer, m.nodes)
    painted = _painted(m)
    assert len(painted) == len(set(painted))  # nothing painted twice
    for item in want:  # each hop's record painted, once
        pair, words, dates = item
        found = [p for p in painted if p[0] == pair and (p[1] == words if words != "affiliation"
                                                          else p[1].startswith("affiliation: ")) and
                 (dates is None or p[2] == dates)]
        assert len(found) == 1, (item, [p for p in painted if p[0] == pair])
    assert len(painted) == len(want), (sorted(painted, key=str), sorted(want, key=str))
    assert {n["name"] for n in m.nodes if n["kind"] == "event" and n["mark"]} == events


def test_an_event_no_hop_rests_on_is_not_on_a_channel(tmp_path):
    """Found by a map recipient: Xena Xu and Paul Park met at a 2020 workshop (the hop kg channels gives) and
    at a 2015 gala; the gala was ringed "on a channel" and Mira Moss's participation in it painted."""
    from kg.model import Actor, Affiliation, Event, Participation, Restriction, Tie
    from kg.store.sqlite import SQLiteStore

    db = str(tmp_path / "k.db")
    with SQLiteStore(db) as s:
        s.upsert([Actor(id="gov", name="Government of Abc", kind="organization", org_type="government", party=("Abc",),
                        country="ABW"),
                  Actor(id="x", name="Xena Xu", kind="person", country="ABW"),
                  Actor(id="p", name="Paul Park", kind="person", track="2"),
                  Actor(id="m", name="Mira Moss", kind="person"),
                  Actor(id="g", name="Green Front", kind="organization", org_type="armed_group", party=("Green",)),
                  Affiliation(member="x", organization="gov", role="Minister", official=True),
                  Affiliation(member="m", organization="g", role="commander", official=True),
                  Restriction(group="g", jurisdiction="ABW", kind="legal", scope="officials", start="2000"),
                  Event(id="old", name="Old Gala 2015", start="2015-05-01", end="2015-05-01"),
                  Event(id="new", name="New Workshop 2020", start="2020-05-01", end="2020-05-02"),
                  *(Participation(actor=a, event="old") for a in "xpm"),
                  Participation(actor="x", event="new"), Participation(actor="p", event="new", role="host"),
                  Tie(a="p", b="m", kind="friendship", strength=0.9, start="2019"),
                  # another record between the hop's two people, of another day: not the one the hop rests on
                  Tie(a="p", b="m", kind="dialogue", strength=0.3, start="2022", end="2022")])
    r = CliRunner().invoke(main, ["--db", db, "channels", "x", "g", "--as-of", "2020-06-01", "--json"])
    import json

    answer = json.loads(r.output)
    with SQLiteStore(db, create=False) as store:
        m = build_map(store, MapOptions(as_of=date(2020, 6, 1), channels=("x", "g")))
    want, events = _rests_on(answer, m.nodes)
    assert events == {"New Workshop 2020"}
    assert sorted(_painted(m), key=str) == sorted(want, key=str)
    gala = next(n for n in m.nodes if n["name"] == "Old Gala 2015")
    assert gala["mark"] is None and gala["faded"]


def _sensitive_records():
    """Two parties, a restricted person, event, participation, tie and affiliation, and confidential ones
    (a map recipient's data)."""
    from kg.model import Actor, Affiliation, Event, Participation, Tie

    return [Actor(id="pub1", name="Alan Archer", kind="person", party=("Red",), track="2"),
            Actor(id="pub2", name="Beth Bauer", kind="person", party=("Blue",), track="2"),
            Actor(id="rst", name="Rhea Stone", kind="person", party=("Blue",), track="2", sensitivity="restricted"),
            Actor(id="conf", name="Omar Zbigniew", kind="person", party=("Red",), sensitivity="confidential"),
            Actor(id="pubo", name="Blue Council", kind="organization", org_type="political_party", party=("Blue",)),
            Affiliation(member="pub2", organization="pubo"),
            Affiliation(member="rst", organization="pubo", role="treasurer", official=True, sensitivity="restricted"),
            Event(id="ev1", name="Dinner", start="2020-01-10", end="2020-01-10"),
            Event(id="ev2", name="Secret Summit", start="2020-02-01", end="2020-02-02", sensitivity="confidential"),
            Event(id="ev3", name="Quiet lunch", start="2020-03-01", end="2020-03-01", sensitivity="restricted"),
            Participation(actor="pub1", event="ev1"), Participation(actor="pub2", event="ev1"),
            Participation(actor="pub1", event="ev2"), Participation(actor="pub2", event="ev2"),
            Participation(actor="conf", event="ev1", role="host"),
            Participation(actor="pub1", event="ev3"), Participation(actor="rst", event="ev3"),
            Participation(actor="pub2", event="ev1", role="observer", sensitivity="restricted"),
            Tie(a="pub1", b="pub2", kind="professional", strength=0.7, start="2019"),
            Tie(a="pub1", b="conf", kind="friendship", strength=0.9, start="2019", sensitivity="confidential"),
            Tie(a="pub2", b="rst", kind="dialogue", strength=0.6, start="2019", sensitivity="restricted")]


@pytest.mark.parametrize("confidential", [False, True])
def test_every_record_drawn_carries_its_sensitivity_and_a_mark(tmp_path, confidential):
    """Found by a map recipient: restricted events and participations carried no sensitivity, not even in
    their tooltips; with --include-confidential confidential ones neither; restricted people and links looked
    like public ones, and the legend had no entry for it. Every node and link drawn now says its sensitivity
    in its tooltip, and one resting on restricted or confidential records has a badge the legend explains."""
    from kg.store.sqlite import SQLiteStore

    with SQLiteStore(tmp_path / "k.db") as s:
        s.upsert(_sensitive_records())
        m = build_map(s, MapOptions(as_of=date(2021, 1, 1), include_confidential=confidential))
        records = {**{f"event:{e.id}": e for e in s.records("event")}, **{a.id: a for a in s.records("actor")}}
    for n in m.nodes:
        said = dict(n["info"])["sensitivity"]
        assert said == records[n["id"]].sensitivity, n["name"]
        assert n.get("sv") == (None if said == "public" else said), n["name"]
    for e in m.edges:
        said = dict(e["info"])["sensitivity"]  # (a link as sensitive as the actors and the event it names)
        ends = [records[m.nodes[e[k]]["id"]].sensitivity for k in ("s", "t")]
        assert said in ("public", "restricted", "confidential") and e.get("sv") == (None if said == "public" else said)
        assert SENSITIVITIES.index(said) >= max(SENSITIVITIES.index(x) for x in ends)
    assert {"restricted", *(["confidential"] if confidential else [])} == {e["sv"] for e in m.edges if e["sv"]}
    legend = [i for sec in m.legend if sec["title"].startswith("Sensitivity") for i in sec["items"]]
    assert {i["node"]["sv"] for i in legend if "node" in i} == {n["sv"] for n in m.nodes if n["sv"]}
    assert {i["edge"]["sv"] for i in legend if "edge" in i} == {e["sv"] for e in m.edges if e["sv"]}
    observed = [e for e in m.edges if dict(e["info"])["link"].startswith("observer at")]
    assert [e["sv"] for e in observed] == ["restricted"]  # (the participation's own mark)


def test_the_command_counts_every_kind_of_record_marked(tmp_path):
    """Found by a map recipient: the command said "includes 3 records marked restricted" of a map drawing 5
    (events and participations were not counted) and nothing when the only restricted record was a
    restriction. It now counts every kind drawn, as badged (a second reader)."""
    from kg.model import Actor, Affiliation, Restriction
    from kg.store.sqlite import SQLiteStore

    def said(db, level, *args):
        """What the command says of the records marked ``level``, and what its map badges so."""
        r = CliRunner().invoke(main, ["--db", db, "viz", "--out", str(tmp_path / "m.html"), *args])
        assert r.exit_code == 0, r.output
        with SQLiteStore(db, create=False) as s:
            m = build_map(s, MapOptions(as_of=date(2021, 1, 1), include_confidential="--include-confidential" in args))
        kinds = {"actor": sum(n["sv"] == level for n in m.nodes if n["kind"] != "event"),
                 "event": sum(n["sv"] == level for n in m.nodes if n["kind"] == "event"),
                 "link": sum(e["sv"] == level for e in m.edges)}
        restrictions = sum(k == "restricted" and f"({level} record" in v for n in m.nodes for k, v in n["info"])
        return r.output, kinds, restrictions

    def plural(n, what):
        return f"{n} {what}{'s' if n != 1 else ''}"

    db = str(tmp_path / "k.db")
    with SQLiteStore(db) as s:
        s.upsert(_sensitive_records())
    for level, args in (("restricted", ()), ("confidential", ("--include-confidential",))):
        out, kinds, _ = said(db, level, "--as-of", "2021-01-01", *args)
        assert kinds["event"] and kinds["link"] > 3  # (what this test is about: an event and its participations)
        listed = ", ".join(plural(n, k) for k, n in kinds.items() if n)
        assert f"records marked {level} ({level[0].upper()} in the map on {listed})" in out, out
    db2 = str(tmp_path / "k2.db")  # the only restricted record: a restriction
    with SQLiteStore(db2) as s:
        s.upsert([Actor(id="a", name="Ann Able", kind="person"), Actor(id="g", name="Grey Group", kind="organization"),
                  Affiliation(member="a", organization="g"),
                  Restriction(group="g", jurisdiction="ABW", kind="legal", scope="officials",
                              sensitivity="restricted")])
    out, kinds, restrictions = said(db2, "restricted", "--as-of", "2021-01-01")
    assert kinds == {"actor": 1, "event": 0, "link": 0} and restrictions == 1  # (the group badged for it)
    assert "includes records marked restricted (R in the map on 1 actor)" in out, out


def test_the_commands_count_of_marks_agrees_with_the_badges(tmp_path):
    """Found by a second reader: beside a channels map the command said "R in the map: 1 actor, 1 event, 5
    links, 1 restriction", but five actors carried an R badge: a node's badge is also that of the restrictions
    on it and of its place in a restricted answer. The command counts what the map badges, by kind."""
    from collections import Counter

    from kg.model import Actor, Affiliation, Event, Participation, Restriction, Tie
    from kg.store.sqlite import SQLiteStore

    db = str(tmp_path / "k.db")
    with SQLiteStore(db) as s:
        s.upsert([
            Actor(id="grp", name="Group G", kind="organization", org_type="armed_group", party=("G",)),
            Actor(id="gm", name="Gina Member", kind="person", party=("G",), track="2"),
            Actor(id="ax", name="Asker X", kind="person", party=("A",), country="USA", track="2"),
            Actor(id="cc", name="Carl Contact", kind="person", track="2", sensitivity="restricted"),
            Actor(id="dd", name="Dora Dean", kind="person", track="2"),
            Affiliation(member="gm", organization="grp", role="member", official=True),
            Event(id="ev", name="Secret Lunch", start="2005-01-01", end="2005-01-01", location="Geneva", track="2",
                  sensitivity="restricted"),
            Participation(actor="dd", event="ev"), Participation(actor="gm", event="ev"),
            Restriction(group="grp", jurisdiction="USA", kind="legal", scope="nationals", start="2000-01-01",
                        sensitivity="restricted"),
            Tie(a="ax", b="cc", kind="professional", strength=0.9, start="2000-01-01"),
            Tie(a="cc", b="gm", kind="professional", strength=0.9, start="2000-01-01"),
            Tie(a="ax", b="dd", kind="professional", strength=0.5, start="2000-01-01", sensitivity="restricted"),
            Tie(a="dd", b="gm", kind="professional", strength=0.5, start="2000-01-01")])
    r = CliRunner().invoke(main, ["--db", db, "viz", "--out", str(tmp_path / "m.html"), "--channels", "ax", "grp",
                                  "--as-of", "2010-01-01"])
    assert r.exit_code == 0, r.output
    with SQLiteStore(db, create=False) as s:
        m = build_map(s, MapOptions(as_of=date(2010, 1, 1), channels=("ax", "grp")))
    badged = Counter("event" if n["kind"] == "event" else "actor" for n in m.nodes if n["sv"] == "restricted")
    badged["link"] = sum(e["sv"] == "restricted" for e in m.edges)
    assert badged == {"actor": 5, "event": 1, "link": 5}  # (the reader's: four people and the group)
    assert "includes records marked restricted (R in the map on 5 actors, 1 event, 5 links): check before " \
           "sharing it" in r.output, r.output


def test_a_bridges_map_marks_what_kg_bridges_marks(tmp_path):
    """Found by a map recipient: `kg bridges` marks the ranking and Beth Bauer [RESTRICTED]; the map's note and
    her tooltip said nothing ("sensitivity: public"). The note and the ranked names now carry the terminal's
    marks."""
    from kg.store.sqlite import SQLiteStore

    db = str(tmp_path / "k.db")
    with SQLiteStore(db) as s:
        s.upsert(_sensitive_records())
    r = CliRunner().invoke(main, ["--db", db, "bridges", "Red", "Blue", "--as-of", "2021-01-01",
                                  "--exclude-confidential"])
    assert r.exit_code == 0, r.output
    ranked = re.findall(r"^\s+\d+\. (.+?)  score", r.output, re.M)
    assert any(x.endswith("[RESTRICTED]") for x in ranked)  # (what this test is about)
    with SQLiteStore(db, create=False) as s:
        m = build_map(s, MapOptions(as_of=date(2021, 1, 1), bridges=("Red", "Blue")))
    labels = sorted(n["label"].strip("\u2068\u2069") for n in m.nodes if n["mark"] == "rank")
    assert labels == sorted(f"#{i} {x}" for i, x in enumerate(ranked, 1))
    assert m.notes[0].count("[RESTRICTED]") == r.output.count("[RESTRICTED]") - sum("[RESTRICTED]" in x for x in ranked)
    for n in m.nodes:
        if n["mark"] == "rank":
            assert dict(n["info"])["bridging score"].endswith("[RESTRICTED]") and n["sv"] == "restricted"


def test_a_long_restricted_name_keeps_its_mark(tmp_path):
    """Found by a map recipient: " (restricted)" was put after the name before the 40-character cut, so a
    group name of 27 characters or more lost it."""
    from kg.model import Actor, Restriction
    from kg.store.sqlite import SQLiteStore

    with SQLiteStore(tmp_path / "k.db") as s:
        s.upsert([Actor(id="g", name="Popular Front for the Liberation of Somewhere", kind="organization"),
                  Restriction(group="g", jurisdiction="ABW", kind="legal", scope="officials",
                              sensitivity="restricted")])
        m = build_map(s, MapOptions())
    label = m.nodes[0]["label"]
    assert label.endswith(" (restricted) [RESTRICTED]\u2069") and len(label) <= LABEL_CHARS + 2
    assert label.startswith("\u2068Popular Front") and "\u2026" in label


@pytest.mark.parametrize("focus,hops,confidential", [
    ("mona-juul", 2, False), ("mona-juul", 2, True), ("yossi-beilin", 1, False), ("isr-mfa", 2, False),
    ("shimon-peres", 3, False),
])
def test_a_focus_map_draws_the_actors_kg_neighbors_lists(db, focus, hops, confidential):
    """Found by a map recipient: `kg viz --focus X --hops N` grew through organizations (a 61-member ministry
    pulled in everyone; Government of Norway was in Mona Juul's two hops) where `kg neighbors X --hops N`
    grows through people. The map now draws the neighbourhood kg neighbors gives."""
    import json

    from kg.store.sqlite import SQLiteStore

    args = ["--db", str(db), "neighbors", focus, "--hops", str(hops), "--as-of", "1993-03-01", "--json"]
    r = CliRunner().invoke(main, args + ([] if confidential else ["--exclude-confidential"]))
    assert r.exit_code == 0, r.output
    near = json.loads(r.output)
    with SQLiteStore(db, create=False) as store:
        m = build_map(store, MapOptions(as_of=date(1993, 3, 1), focus=focus, hops=hops,
                                        include_confidential=confidential))
    assert {n["id"] for n in m.nodes if n["kind"] != "event"} == {near["id"], *(x["id"] for x in near["neighbors"])}


def test_a_focus_map_does_not_pass_through_a_large_body(tmp_path):
    """The recipient's case: a clerk of a 61-member ministry and one friend; two hops drew the whole ministry."""
    import json

    from kg.model import Actor, Affiliation, Tie
    from kg.store.sqlite import SQLiteStore

    db = str(tmp_path / "k.db")
    with SQLiteStore(db) as s:
        s.upsert([Actor(id="f", name="Fay Focus", kind="person"), Actor(id="t", name="Tom Tie", kind="person"),
                  Actor(id="min", name="Big Ministry", kind="organization", org_type="government"),
                  Affiliation(member="f", organization="min", role="clerk"), Tie(a="f", b="t", kind="friendship"),
                  *(Actor(id=f"m{i}", name=f"Member {i}", kind="person") for i in range(60)),
                  *(Affiliation(member=f"m{i}", organization="min") for i in range(60))])
    r = CliRunner().invoke(main, ["--db", db, "neighbors", "f", "--hops", "2", "--json"])
    near = json.loads(r.output)
    with SQLiteStore(db, create=False) as s:
        m = build_map(s, MapOptions(focus="f", hops=2))
    assert sorted(n["id"] for n in m.nodes) == sorted(["f", *(x["id"] for x in near["neighbors"])]) == ["f", "min", "t"]


def test_a_restricted_group_says_who_restricts_it_and_whom(db):
    """Found by a map recipient: the restriction marker said "non-engageable on this day" without saying who
    imposes it and on whom. The tooltip now gives each restriction as kg show lists it: kind, jurisdiction,
    scope and dates, and its source; the legend says the tooltip tells whom."""
    import json

    from kg.store.sqlite import SQLiteStore

    with SQLiteStore(db, create=False) as store:
        m = build_map(store, MapOptions(as_of=date(1993, 2, 1)))
    restricted = [n for n in m.nodes if n["bs"] == "double"]
    assert restricted
    for n in restricted:
        r = CliRunner().invoke(main, ["--db", str(db), "show", n["id"], "--as-of", "1993-02-01",
                                      "--exclude-confidential", "--json"])
        rules = json.loads(r.output)["restrictions_on_group"]
        rows = [v for k, v in n["info"] if k == "restricted"]
        assert len(rows) == len(rules) > 0
        for rule in rules:
            assert f"{rule['kind']} restriction of {rule['jurisdiction']} on {rule['scope']} " \
                   f"({rule['start'] or '...'} to {rule['end'] or 'now'})" in "\n".join(rows)
        assert sorted(v for k, v in n["info"] if k == "restriction's source") == sorted(x["source"] for x in rules)
    legend = [i["label"] for sec in m.legend for i in sec["items"]]
    assert any("whom" in x for x in legend)


def test_an_events_dates_show_as_given(db, tmp_path):
    """Found by a map recipient: an event's tooltip added precision: the Washington talks, ending "1993-07",
    showed "1993-07-31" where kg channels says "1993-07". It shows the dates as the terminal gives them; an
    event without an end read "to now" and now reads as the terminal reads it."""
    import json

    from kg.model import Actor, Event, Participation
    from kg.store.sqlite import SQLiteStore

    r = CliRunner().invoke(main, ["--db", str(db), "channels", "shimon-peres", "plo", "--as-of", "1993-02-01",
                                  "--top", "10", "--exclude-confidential", "--json"])
    met = {h["event"]: (h["start"], h["end"]) for c in json.loads(r.output)["channels"] for h in c["hops"]
           if h["via"] == "event"}
    assert any(len(end) == 7 for _, end in met.values())  # (what this test is about: an end given as a month)
    with SQLiteStore(db, create=False) as store:
        m = build_map(store, MapOptions(as_of=date(1993, 2, 1)))
    shown = {n["name"]: dict(n["info"])["dates"] for n in m.nodes if n["kind"] == "event"}
    for name, (start, end) in met.items():
        assert shown[name] == f"{start} to {end}"
    with SQLiteStore(tmp_path / "k.db") as s:
        s.upsert([Actor(id="a", name="Ann Able", kind="person"), Event(id="e", name="Lunch", start="1993-07"),
                  Participation(actor="a", event="e")])
        m = build_map(s, MapOptions(as_of=date(1994, 1, 1)))
    assert dict(m.nodes[1]["info"])["dates"] == "1993-07 (no end given: its one day)"
    assert dict(m.edges[0]["info"])["dates"] == \
        "at the event 1993-07 (no end given: its one day; having met counts from then on, ageing)"


def test_a_participation_reads_and_is_drawn_as_the_projection_reads_it(db, tmp_path):
    """Found by a second reader: the First round at Sarpsborg showed "1993-01-20 to 1993-01-22", but each
    participation in it "1993-01-20 to now". A participation is there from its event's start (or its own, when
    later) to the event's end (or its own, when earlier), and having met counts from then on, ageing, as
    `kg show` reads it ("taken part by the day: the meeting counts, ageing"): its tooltip says so, and it is
    drawn on every day from its start, its own end or not (its end ends the presence, not the meeting)."""
    from kg.model import Actor, Event, Participation
    from kg.store.sqlite import SQLiteStore

    with SQLiteStore(db, create=False) as store:
        m = build_map(store, MapOptions(as_of=date(1993, 2, 1)))
    event = next(i for i, n in enumerate(m.nodes) if n["name"] == "First round at Sarpsborg")
    parts = [e for e in m.edges if e["t"] == event]
    assert len(parts) > 1
    for e in parts:
        assert dict(e["info"])["dates"] == \
            "at the event 1993-01-20 to 1993-01-22 (having met counts from then on, ageing)"
        assert e["t0"] == m.nodes[event]["t0"] and e["t1"] is None
    assert not [e for e in m.edges if dict(e["info"])["link"].startswith(("participant at", "took part at"))
                and "now" in dict(e["info"])["dates"]]
    with SQLiteStore(tmp_path / "k.db") as s:
        s.upsert([Actor(id="a", name="Ann Able", kind="person"), Actor(id="b", name="Ben Bold", kind="person"),
                  Event(id="e", name="Long dialogue", start="1993-01-01", end="1993-12-31"),
                  Participation(actor="a", event="e", end="1993-03-31"),
                  Participation(actor="b", event="e", start="1993-06-01", end="1994-06-30")])
        m = build_map(s, MapOptions(as_of=date(1995, 1, 1)))
    said = {dict(e["info"])["who"]: (dict(e["info"])["dates"], e["t1"]) for e in m.edges}
    assert said == {"Ann Able": ("at the event 1993-01-01 to 1993-03-31 (having met counts from then on, ageing)",
                                 None),
                    "Ben Bold": ("at the event 1993-06-01 to 1993-12-31 (having met counts from then on, ageing)",
                                 None)}


def test_a_map_keeps_public_names_that_share_a_word_with_a_confidential_person(sqlite_store):
    """Found by an adversary of exports, the same in maps: beside a confidential informant Mohammed Ali, a map
    without --redact drew the public Mohammed Abbas as "[…] Abbas" and Ali Khan as "[…] Khan" (labels,
    tooltips, search). An actor's own name is rewritten only where it holds the left-out person's whole
    name; free text, word by word, as before."""
    from kg.model import Actor, Tie

    sqlite_store.upsert([Actor(id="informant", name="Mohammed Ali", kind="person", sensitivity="confidential"),
                         Actor(id="abbas", name="Mohammed Abbas", kind="person", description="cousin of Mohammed Ali"),
                         Actor(id="khan", name="Ali Khan", kind="person"),
                         Actor(id="fr", name="Friends of Mohammed Ali", kind="organization"),
                         Tie(a="abbas", b="khan", kind="professional")])
    m = build_map(sqlite_store, MapOptions())
    names = {n["id"]: n["name"] for n in m.nodes}
    assert (names["abbas"], names["khan"]) == ("Mohammed Abbas", "Ali Khan")
    assert "Mohammed" not in names["fr"] and "Ali" not in names["fr"], names["fr"]
    (abbas,) = [n for n in m.nodes if n["id"] == "abbas"]
    assert "Mohammed Abbas" in abbas["label"]
    assert ["description", "cousin of […]"] in abbas["info"]
    (tie,) = [e for e in m.edges if e["info"][0][1].startswith("tie")]
    assert ["between", "Ali Khan \u2014 Mohammed Abbas"] in tie["info"] or \
        ["between", "Mohammed Abbas \u2014 Ali Khan"] in tie["info"], tie["info"]


def test_a_maps_public_name_holding_a_hidden_bodys_whole_name_is_rewritten(sqlite_store):
    """A second look at the change above: a public name is kept unless it holds a whole name left out, a
    confidential body's or event's too ("Friends of Operation Nightjar" must not name it)."""
    from kg.model import Actor, Event

    sqlite_store.upsert([Actor(id="nj", name="Operation Nightjar", kind="organization", sensitivity="confidential"),
                         Event(id="hal", name="Halcyon Summit", start="2020-01-01", sensitivity="confidential"),
                         Actor(id="fr", name="Friends of Operation Nightjar", kind="organization",
                               aliases=("Halcyon Summit alumni", "FON")),
                         Actor(id="night", name="Night Watch", kind="organization")])
    m = build_map(sqlite_store, MapOptions())
    page = str(m.payload())
    assert "Nightjar" not in page and "Halcyon" not in page, page
    assert "Night Watch" in page and "FON" in page


def _public_only_records():
    """_sensitive_records, and public records whose text names the restricted person, event and body."""
    from kg.model import Actor, Affiliation, Restriction, Tie

    return [*_sensitive_records(),
            Actor(id="pub3", name="Carl Dunn", kind="person", party=("Red",), track="2",
                  note="introduced by Rhea Stone at the Quiet lunch"),
            Actor(id="rbody", name="Stonebridge Circle", kind="organization", org_type="ngo",
                  sensitivity="restricted"),
            Affiliation(member="pub3", organization="rbody"),
            Tie(a="pub1", b="pub3", kind="professional", strength=0.8, start="2019", source="Rhea Stone, interview"),
            Restriction(group="pubo", jurisdiction="GBR", kind="legal", scope="officials", start="2019",
                        sensitivity="restricted", note="listed in the Zeta register")]


@pytest.mark.parametrize("fmt", ["html", "svg"])
def test_a_public_only_map_draws_and_names_nothing_restricted(tmp_path, fmt):
    """`kg viz` had no --public-only (a reader: a map for anyone could not be drawn without restricted records,
    nor the channels `kg channels --public-only` gives). With it, no restricted or confidential record is
    drawn and their actors' and events' names are rewritten in the public records' text."""
    from kg.store.sqlite import SQLiteStore

    db = tmp_path / "k.db"
    with SQLiteStore(db) as s:
        s.upsert(_public_only_records())
        m = build_map(s, MapOptions(as_of=date(2021, 1, 1), public_only=True))
    assert not [x for x in (*m.nodes, *m.edges) if x.get("sv")]
    assert {n["name"] for n in m.nodes} == {"Alan Archer", "Beth Bauer", "Carl Dunn", "Blue Council", "Dinner"}
    assert not [e for e in m.edges if dict(e["info"]).get("link", "").startswith("observer")]
    out = tmp_path / f"m.{fmt}"
    r = CliRunner().invoke(main, ["--db", str(db), "viz", "--out", str(out), "--as-of", "2021-01-01",
                                  "--public-only"])
    assert r.exit_code == 0, r.output
    assert "records marked restricted or confidential, if any, are left out (public records only)" in r.output
    assert "includes records marked restricted" not in r.output
    text = out.read_text(encoding="utf-8")
    for word in ("Rhea", "Stone", "Quiet lunch", "Omar", "Zbigniew", "Secret Summit", "Stonebridge", "treasurer",
                 "Zeta register"):
        assert word not in text, word
    assert "Carl Dunn" in text and "public records only" in text
    # the default map still draws the restricted records, marked (the option changes only what it says)
    r = CliRunner().invoke(main, ["--db", str(db), "viz", "--out", str(out), "--as-of", "2021-01-01"])
    assert r.exit_code == 0, r.output
    assert "Rhea Stone" in out.read_text(encoding="utf-8")


def test_a_public_only_channels_map_draws_the_channels_the_terminal_gives(tmp_path):
    """The same question with the same options gives the same channels on the terminal and on the map: a
    channel through a restricted tie is not drawn under --public-only, the public one is."""
    import json

    from kg.model import Actor, Affiliation, Tie
    from kg.store.sqlite import SQLiteStore

    records = [Actor(id="asker", name="Ann Asker", kind="person", party=("Gov",), track="1"),
               Actor(id="gov", name="Government", kind="organization", org_type="government", party=("Gov",)),
               Affiliation(member="asker", organization="gov", role="minister", official=True, start="2010"),
               Actor(id="grp", name="The Group", kind="organization", org_type="armed_group", party=("Rebels",)),
               Actor(id="boss", name="Bo Boss", kind="person", party=("Rebels",)),
               Affiliation(member="boss", organization="grp", role="commander", official=True, start="2010"),
               Actor(id="rmid", name="Rita Middle", kind="person", track="2"),
               Actor(id="pmid", name="Paul Middle", kind="person", track="2"),
               Actor(id="pmid2", name="Pia Second", kind="person", track="2"),
               Tie(a="asker", b="rmid", kind="friendship", strength=0.9, start="2010", sensitivity="restricted"),
               Tie(a="rmid", b="boss", kind="friendship", strength=0.9, start="2010"),
               Tie(a="asker", b="pmid", kind="professional", strength=0.6, start="2010"),
               Tie(a="pmid", b="pmid2", kind="professional", strength=0.6, start="2010"),
               Tie(a="pmid2", b="boss", kind="professional", strength=0.6, start="2010")]
    db = tmp_path / "k.db"
    with SQLiteStore(db) as s:
        s.upsert(records)
    for extra, through in (([], "Rita Middle"), (["--public-only"], "Paul Middle")):
        r = CliRunner().invoke(main, ["--db", str(db), "channels", "asker", "grp", "--as-of", "2020-01-01",
                                      "--json", *(["--exclude-confidential"] if not extra else extra)])
        assert r.exit_code == 0, r.output
        answer = json.loads(r.output)
        expected = {name for c in answer["channels"] for name in c["names"]}
        assert through in expected
        with SQLiteStore(db, create=False) as s:
            m = build_map(s, MapOptions(as_of=date(2020, 1, 1), channels=("asker", "grp"),
                                        public_only=bool(extra)))
        drawn = {n["name"] for n in m.nodes if n.get("mark") in ("path", "contact") and n["kind"] != "event"}
        assert drawn - {"The Group"} == expected - {"The Group"}, drawn ^ expected
    # (Rita Middle is public: drawn, but not the restricted tie to her)
    rita, ann = ([i for i, n in enumerate(m.nodes) if n["name"] == name] for name in ("Rita Middle", "Ann Asker"))
    assert rita and not [e for e in m.edges if {e["s"], e["t"]} == {*rita, *ann}]


def test_public_only_and_include_confidential_together_are_refused(db, tmp_path):
    for command in (["viz", "--out", str(tmp_path / "m.html")], ["export", str(tmp_path / "x.jsonl")]):
        r = CliRunner().invoke(main, ["--db", str(db), *command, "--public-only", "--include-confidential"])
        assert r.exit_code == 2 and "give one of them" in r.output and len(r.output.strip().splitlines()) == 1
    assert not list(tmp_path.glob("m.*")) and not list(tmp_path.glob("x.*"))


def test_a_map_is_the_same_whatever_order_the_store_gives_its_records(tmp_path):
    """Found by a store parity fuzzer: the embedded store gives a day's records in load order, Neo4j by key, and
    the map listed (and drew on top) the links in that order: two affiliations of one person swapped between
    the stores' files. The same records loaded in two orders now make the same map."""
    from kg.store.sqlite import SQLiteStore

    records = _public_only_records()
    maps = []
    for name, order in (("a", records), ("b", records[::-1])):
        with SQLiteStore(tmp_path / f"{name}.db") as s:
            s.upsert([r for r in order if r.kind_name == "actor"])
            s.upsert([r for r in order if r.kind_name == "event"])
            s.upsert([r for r in order if r.kind_name not in ("actor", "event")])
            maps.append(build_map(s, MapOptions(as_of=date(2021, 1, 1), include_confidential=True)))
    assert maps[0].edges == maps[1].edges and maps[0].nodes == maps[1].nodes


def test_a_map_after_an_actors_end_keeps_its_name_in_others_text(sqlite_store, tmp_path):
    """A map of a day after a brigade disbanded wrote "Commander of the […] until it disbanded" and said the
    brigade was "left out as confidential" (a reader): an actor that ended is in no network, but hides nothing.
    A confidential one is still hidden."""
    from kg.model import Actor, Affiliation, Tie

    sqlite_store.upsert([Actor(id="wing", name="Northern Brigade", kind="organization", org_type="armed_group",
                               end="2005-12-27"),
                         Actor(id="joe", name="Joe Bloggs", kind="person",
                               description="Commander of the Northern Brigade until it disbanded"),
                         Actor(id="ann", name="Ann Smith", kind="person", end="2005-06-01"),
                         Actor(id="cy", name="Cy Hidden", kind="person", sensitivity="confidential"),
                         Actor(id="bob", name="Bob Jones", kind="person",
                               description="Friend of Ann Smith and Cy Hidden"),
                         Affiliation(member="joe", organization="wing", role="commander"),
                         Tie(a="bob", b="joe", kind="friendship"), Tie(a="ann", b="bob", kind="friendship")])
    m = build_map(sqlite_store, MapOptions(as_of=date(2006, 1, 1)))
    said = {n["id"]: dict((k, str(v)) for k, v in n["info"]) for n in m.nodes}
    text = " ".join(" ".join(x.values()) for x in said.values())
    assert "Commander of the Northern Brigade until it disbanded" in text, text
    assert "Friend of Ann Smith and […]" in text, text
    # under --redact too a body's name stays (people's go): the brigade, ended, hides nothing (a second reader)
    from kg.model import Event, Participation

    sqlite_store.upsert([Event(id="ev", name="Northern Brigade disarmament ceremony", start="2005-12-20"),
                         Participation(actor="bob", event="ev")])
    m = build_map(sqlite_store, MapOptions(as_of=date(2006, 1, 1), redact=True))
    labels = [str(n.get("label", "")).strip("\u2068\u2069") for n in m.nodes]  # (isolated as drawn)
    assert "Northern Brigade disarmament ceremony" in labels and not any("Bob" in x for x in labels), labels
