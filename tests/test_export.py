"""``kg export`` (issue 12): round trips on both stores, graph files other tools open, what is left out.

The GEXF checks follow the GEXF 1.3 schema (gexf.net/1.3: gexf.xsd and
dynamics.xsd): no Python or npm package ships that XSD (the ones that read or
write GEXF ship code only), so the test checks its rules itself: element order,
the enumerations, the attribute types and values, ids and references, and the
time attributes as ``xs:date`` under ``timeformat="date"``.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

import igraph as ig
import networkx as nx
import pytest
from click.testing import CliRunner
from followthemoney import model

from ingest import load
from ingest.export import ExportOptions, export
from kg.cli import main
from kg.graph import project
from kg.model import KINDS, Actor, Affiliation, Event, Influence, Participation, Restriction, Tie, compound_key
from kg.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "oslo"

# Records made to break exports: formula-like cells, quotes, commas and newlines, extra columns,
# partial dates, EU and UN restrictions, and confidential records and the links that touch them.
TRICKY = [
    Actor(id="amira", name="Amira Haddad", kind="person", country="PSE", party=("PLO",),
          aliases=("Umm Karim", "=SUM(A1)"), description="+972 number on file; met Ola Nordmann in 1999",
          note="@mention", source="https://example.org/a?x=1,y", confidence=0.6, sensitivity="restricted",
          props={"phone": "+1 555 0100", "=evil": "=HYPERLINK(\"http://x\")"}),
    Actor(id="secret", name="Sam Secret", kind="person", country="NOR", sensitivity="confidential"),
    Actor(id="grp", name="Example Front", kind="organization", org_type="armed_group", party=("PLO",)),
    Actor(id="gov-nor", name="Government of Norway", kind="organization", org_type="government", country="NOR"),
    Actor(id="ola", name="Ola Nordmann", kind="person", country="NOR"),
    Affiliation(member="ola", organization="gov-nor", role="-deputy- minister", official=True, start="2001-02",
                end="2003"),
    Tie(a="amira", b="ola", kind="professional", strength=0.25, start="1999",
        note='quoted "text", with a comma\nand a new line'),
    Tie(a="amira", b="secret", kind="friendship"),  # public, but it names a confidential person
    Influence(from_="grp", to="amira", kind="funds", sensitivity="confidential"),
    Event(id="ev1", name="Round 1", start="1993-01", end="1993-01-22", process="@process", location="-"),
    Participation(actor="amira", event="ev1", role="host"),
    Restriction(group="grp", jurisdiction="EU", kind="legal", scope="nationals", start="2003-09"),
    Restriction(group="grp", jurisdiction="UN", kind="legal", scope="officials"),
]


def fill(store):
    load(store, SAMPLE, strict=True)
    store.upsert(TRICKY)
    return store


def snapshot(store) -> dict[str, list]:
    return {k: sorted(store.records(k), key=lambda r: r.key()) for k in KINDS}


@pytest.fixture
def full(sqlite_store):
    return fill(sqlite_store)


# --- round trips -----------------------------------------------------------------------

@pytest.mark.parametrize("fmt,name", [("csv", "dataset"), ("jsonl", "export.jsonl")])
def test_export_then_ingest_gives_an_identical_store(store, tmp_path: Path, fmt: str, name: str):
    fill(store)
    before = snapshot(store)
    assert sum(map(len, before.values())) == 256 + len(TRICKY)
    report = export(store, tmp_path / name, ExportOptions(fmt, include_confidential=True))
    assert report.written == {k: len(v) for k, v in before.items()}
    store.clear()
    assert all(not v for v in snapshot(store).values())
    load(store, tmp_path / name, strict=True)
    after = snapshot(store)
    for kind in KINDS:
        assert after[kind] == before[kind], kind


def test_csv_cells_never_run_as_formulas_yet_load_back(full, tmp_path: Path):
    export(full, tmp_path / "d", ExportOptions("csv", include_confidential=True))
    cells = []
    for f in sorted((tmp_path / "d").iterdir()):
        with f.open(encoding="utf-8", newline="") as fh:
            cells += [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "Umm Karim;=SUM(A1)" in cells  # a list cell starts with its first item: nothing to run
    for value in ("'+972 number on file; met Ola Nordmann in 1999", "'@mention", "'-deputy- minister",
                  "'=HYPERLINK(\"http://x\")", "'=evil", "'+1 555 0100", "'@process", "'-"):
        assert value in cells, value
    fresh = SQLiteStore(tmp_path / "fresh.db")
    load(fresh, tmp_path / "d", strict=True)
    amira = next(a for a in fresh.records("actor") if a.id == "amira")
    assert amira.aliases == ("Umm Karim", "=SUM(A1)") and amira.props["=evil"] == "=HYPERLINK(\"http://x\")"
    fresh.close()


def test_a_quote_typed_before_a_formula_character_survives_the_round_trip(sqlite_store, tmp_path: Path):
    sqlite_store.upsert([Actor(id="q", name="'=already quoted", kind="person", note="''+twice")])
    export(sqlite_store, tmp_path / "d", ExportOptions("csv"))
    assert "'''+twice" in (tmp_path / "d" / "actors.csv").read_text()
    fresh = SQLiteStore(tmp_path / "fresh.db")
    load(fresh, tmp_path / "d", strict=True)
    [q] = fresh.records("actor")
    assert (q.name, q.note) == ("'=already quoted", "''+twice")
    fresh.close()


# --- what leaves ----------------------------------------------------------------------------

def test_confidential_records_and_the_links_that_name_them_stay_behind_by_default(full, tmp_path: Path):
    report = export(full, tmp_path / "x.jsonl", ExportOptions("jsonl"))
    rows = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text().splitlines()]
    ids = {r.get("id") for r in rows if r["type"] == "actor"}
    assert "secret" not in ids and "amira" in ids
    assert not [r for r in rows if r.get("sensitivity") == "confidential"]
    assert not [r for r in rows if r["type"] == "tie" and "secret" in (r["a"], r["b"])]
    # (the sample: its secret tie, and the London meeting with its three participations; and 3 of TRICKY)
    assert report.confidential_left_out == 8 and not report.includes_confidential
    fresh = SQLiteStore(tmp_path / "fresh.db")
    load(fresh, tmp_path / "x.jsonl", strict=True)  # nothing dangles
    fresh.close()


def test_the_cli_says_what_was_left_out_or_that_confidential_records_are_in(full, tmp_path: Path):
    db = str(tmp_path / "kg.db")
    fill(SQLiteStore(db)).close()
    r = CliRunner().invoke(main, ["--db", db, "export", str(tmp_path / "a.gexf")])
    assert r.exit_code == 0, r.output
    assert "8 records marked confidential (or touching one) were left out" in r.output
    assert "records marked confidential are not in it" in (tmp_path / "a.gexf").read_text()
    # said of a store without any too: the file does not tell whether anything was left out (an export adversary)
    bare = SQLiteStore(tmp_path / "bare.db")
    bare.upsert([Actor(id="a", name="A", kind="person"), Actor(id="b", name="B", kind="person"),
                 Tie(a="a", b="b", kind="friendship")])
    export(bare, tmp_path / "bare.gexf", ExportOptions("gexf"))
    export(bare, tmp_path / "bare.graphml", ExportOptions("graphml"))
    assert all("records marked confidential are not in it" in (tmp_path / f).read_text()
               for f in ("bare.gexf", "bare.graphml"))
    bare.close()
    r = CliRunner().invoke(main, ["--db", db, "export", "--include-confidential", "--format", "graphml",
                                  str(tmp_path / "b.xml")])
    assert r.exit_code == 0 and "INCLUDES RECORDS MARKED CONFIDENTIAL" in r.output
    assert "INCLUDES CONFIDENTIAL RECORDS" in (tmp_path / "b.xml").read_text()


def test_as_of_keeps_what_the_projection_of_that_day_sees(full, tmp_path: Path):
    day = date(1993, 2, 1)
    export(full, tmp_path / "d.jsonl", ExportOptions("jsonl", as_of=day))
    rows = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text().splitlines()]
    proj = project(full, day, include_confidential=False)
    from kg.model import record_from_dict

    exported = {(r["type"], record_from_dict(r["type"], r).key()) for r in rows}
    # by ends and kind: free text naming a confidential actor left out is rewritten ("Secretary" holds
    # the name word of Sam Secret), and an affiliation's role is part of its key
    ends = Counter((r["type"], frozenset((r.get("a") or r.get("member") or r.get("from"),
                                          r.get("b") or r.get("organization") or r.get("to"))))
                   for r in rows if r["type"] in ("tie", "affiliation", "influence"))
    seen = Counter((d["relationship"], frozenset((u, v))) for u, v, d in proj.graph.edges(data=True)
                   if d["relationship"] not in ("event", "co-membership"))
    assert ends == seen
    # the collateral: "Secretary" holds Sam Secret's name word; Sam is left out, so it is written […],
    # not as his pseudonym (which would tell that someone hidden is named here, and who across files)
    assert any("[…]" in r.get("role", "") for r in rows)
    assert not any("P-" in json.dumps(r) for r in rows)
    assert {k for t, k in exported if t == "participation"} == {p.key() for p in proj.participations}
    assert {k for t, k in exported if t == "restriction"} == {r.key() for r in proj.situation.restrictions}
    events = {k for t, k in exported if t == "event"}
    assert events and all(e.start_day is None or e.start_day <= day for e in proj.events.values() if e.id in events)
    assert "ev1" in events and not [e for e in proj.events.values() if e.start_day and e.start_day > day
                                    and e.id in events]


# --- graph files -------------------------------------------------------------------------------

def test_graphml_opens_in_networkx_and_igraph_with_the_same_counts_and_attributes(full, tmp_path: Path):
    path = tmp_path / "g.graphml"
    export(full, path, ExportOptions("graphml", include_confidential=True))
    counts = full.counts()
    nodes = counts["actors"] + counts["events"]
    edges = counts["affiliations"] + counts["ties"] + counts["influence"] + counts["participation"]
    g = nx.read_graphml(path)
    h = ig.Graph.Read_GraphML(str(path))
    assert (g.number_of_nodes(), g.number_of_edges()) == (nodes, edges)
    assert (h.vcount(), h.ecount()) == (nodes, edges)
    root = ET.parse(path).getroot()
    keys = root.findall("{http://graphml.graphdrawing.org/xmlns}key")
    assert keys and all(k.get("attr.type") in ("string", "double", "boolean") for k in keys)
    assert len({k.get("id") for k in keys}) == len(keys)
    # booleans in xsd:boolean's words, not Python's True and False (an adversarial reader)
    booleans = {k.get("id") for k in keys if k.get("attr.type") == "boolean"}
    said = {d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data") if d.get("key") in booleans}
    assert booleans and said == {"true", "false"}
    for v in h.vs:
        attrs = v.attributes()
        node = attrs.pop("id")
        assert attrs == g.nodes[node], node
        assert None not in attrs.values()
    by_record = {d["record"]: d for *_, d in g.edges(data=True)}
    assert len(by_record) == edges
    for e in h.es:
        attrs = {k: v for k, v in e.attributes().items() if k != "id"}  # igraph's own edge "id"
        assert attrs == by_record[attrs["record"]]
        assert h.vs[e.source]["id"] == next(u for u, v, d in g.edges(data=True) if d["record"] == attrs["record"])
        assert isinstance(attrs["official"], bool) and isinstance(attrs["weight"], float)
        assert None not in attrs.values()
    tie = by_record[Tie(a="amira", b="ola", kind="professional", start="1999").key()]
    assert (tie["directed"], tie["weight"], tie["note"]) == (False, 0.25, 'quoted "text", with a comma\nand a new line')
    assert "EU legal on nationals" in g.nodes["grp"]["restricted_by"]


GEXF_ATTR_TYPES = {"integer", "long", "double", "float", "boolean", "bigdecimal", "biginteger", "byte", "char",
                   "short", "liststring", "listboolean", "listinteger", "listlong", "listfloat", "listdouble",
                   "listbyte", "listshort", "listbigdecimal", "listbiginteger", "listchar", "string", "anyURI"}
XS_DATE = re.compile(r"^-?\d{4}-\d{2}-\d{2}$")


def check_gexf_13(path: Path) -> tuple[dict, dict]:
    """The GEXF 1.3 schema's rules, checked on ``path``; returns the nodes and edges (id -> element)."""
    q = "{http://gexf.net/1.3}"
    root = ET.parse(path).getroot()
    assert root.tag == f"{q}gexf" and root.get("version") == "1.3"
    assert set(root.attrib) <= {"version", "variant"}
    children = [c.tag for c in root]
    assert children in ([f"{q}meta", f"{q}graph"], [f"{q}graph"])
    meta = root.find(f"{q}meta")
    if meta is not None:
        assert XS_DATE.match(meta.get("lastmodifieddate", "2000-01-01"))
        assert {c.tag for c in meta} <= {f"{q}creator", f"{q}keywords", f"{q}description"}
    graph = root.find(f"{q}graph")
    assert graph.get("mode") in ("static", "dynamic", "slice")
    assert graph.get("defaultedgetype") in ("directed", "undirected", "mutual")
    assert graph.get("timeformat") == "date" and graph.get("timerepresentation") in ("interval", "timestamp")
    assert {c.tag for c in graph} <= {f"{q}attributes", f"{q}nodes", f"{q}edges"}
    declared: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    for block in graph.findall(f"{q}attributes"):
        assert block.get("class") in ("node", "edge") and block.get("mode") in ("static", "dynamic")
        for a in block:
            assert a.tag == f"{q}attribute" and a.get("id") and a.get("title")
            assert a.get("type") in GEXF_ATTR_TYPES
            assert a.get("id") not in declared[block.get("class")]
            declared[block.get("class")][a.get("id")] = a.get("type")

    def check_values(el: ET.Element, cls: str) -> None:
        for a in el.findall(f"{q}attvalues/{q}attvalue"):
            typ = declared[cls][a.get("for")]  # every value names a declared attribute
            value = a.get("value")
            assert value is not None and value != "None"
            if typ == "double":
                float(value)
            elif typ == "boolean":
                assert value in ("true", "false")
        assert len(el.findall(f"{q}attvalues/{q}attvalue")) == len(declared[cls])  # every attribute, every time

    def check_time(el: ET.Element) -> None:
        for t in ("start", "end"):
            if el.get(t) is not None:
                assert XS_DATE.match(el.get(t)), el.get(t)
        if el.get("start") and el.get("end"):
            assert el.get("start") <= el.get("end")

    nodes_el = graph.find(f"{q}nodes")
    nodes = {}
    for n in nodes_el:
        assert n.tag == f"{q}node"
        assert set(n.attrib) <= {"id", "label", "pid", "start", "end", "timestamp", "timestamps", "intervals"}
        assert n.get("id") not in nodes
        nodes[n.get("id")] = n
        check_time(n)
        check_values(n, "node")
    assert int(nodes_el.get("count")) == len(nodes)
    edges_el = graph.find(f"{q}edges")
    edges = {}
    for e in edges_el:
        assert e.tag == f"{q}edge"
        assert set(e.attrib) <= {"id", "source", "target", "type", "label", "weight", "kind", "start", "end",
                                 "timestamp", "timestamps", "intervals"}
        assert e.get("id") not in edges and e.get("source") in nodes and e.get("target") in nodes
        assert e.get("type") in ("directed", "undirected", "mutual")
        float(e.get("weight"))
        edges[e.get("id")] = e
        check_time(e)
        check_values(e, "edge")
    assert int(edges_el.get("count")) == len(edges)
    return nodes, edges


def test_gexf_follows_the_gexf_13_schema_and_carries_dates_for_the_timeline(full, tmp_path: Path):
    path = tmp_path / "g.gexf"
    export(full, path, ExportOptions("gexf", include_confidential=True))
    nodes, edges = check_gexf_13(path)
    counts = full.counts()
    assert len(nodes) == counts["actors"] + counts["events"]
    assert len(edges) == counts["affiliations"] + counts["ties"] + counts["influence"] + counts["participation"]
    tie = edges[Tie(a="amira", b="ola", kind="professional", start="1999").key()]
    assert (tie.get("type"), tie.get("start"), tie.get("end")) == ("undirected", "1999-01-01", None)
    aff = edges[compound_key("affiliation", "ola", "gov-nor", "-deputy- minister", "2001-02")]
    assert (aff.get("type"), aff.get("start"), aff.get("end")) == ("directed", "2001-02-01", "2003-12-31")
    ev = nodes["ev1"]
    assert (ev.get("start"), ev.get("end")) == ("1993-01-01", "1993-01-22")
    part = edges[compound_key("participation", "amira", "ev1", "host")]
    assert part.get("start") == "1993-01-01"  # from the event's start: a meeting that happened stays a fact
    assert nodes["amira"].get("start") is None  # actors have no dates: there throughout


# --- FollowTheMoney out -----------------------------------------------------------------------------

def test_ftm_export_is_accepted_by_the_ftm_model_and_reads_back(full, tmp_path: Path):
    path = tmp_path / "out.ftm.json"
    export(full, path, ExportOptions("ftm", include_confidential=True))
    entities = [json.loads(line) for line in path.read_text().splitlines()]
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)  # cleans every value with its property type
        assert proxy.to_dict()["properties"] == data["properties"], data["id"]
        assert proxy.schema.name == data["schema"]
    schemata = {e["schema"] for e in entities}
    assert {"Person", "Organization", "PublicBody", "Membership", "Associate", "Family", "Sanction",
            "Event"} <= schemata
    by_id = {e["id"]: e for e in entities}
    assert by_id["amira"]["properties"]["nationality"] == ["ps"]
    assert by_id["gov-nor"]["schema"] == "PublicBody"
    sanctions = [e for e in entities if e["schema"] == "Sanction" and e["properties"]["entity"] == ["grp"]]
    assert sorted(s["properties"].get("authority", [""])[0] for s in sanctions) == [
        "European Union", "United Nations Security Council"]
    # and our own FtM import reads it back: the same people and organizations, restrictions included
    fresh = SQLiteStore(tmp_path / "fresh.db")
    report = load(fresh, path)
    assert not report.errors
    back = {a.id: a for a in fresh.records("actor")}
    assert {a.id: (a.name, a.kind, a.country) for a in full.records("actor")} == \
        {i: (a.name, a.kind, a.country) for i, a in back.items()}
    assert {(r.group, r.jurisdiction) for r in fresh.records("restriction")} >= {("grp", "EU"), ("grp", "UN")}
    # what decides parties, tracks and bans comes back as it was (an adversary found parties, tracks, the
    # kind of organization, official roles and the restrictions' kind and scope lost: a political ban on
    # officials read back as a legal one on every national)
    assert {a.id: (tuple(a.party), a.track, a.org_type) for a in full.records("actor")} == \
        {i: (tuple(a.party), a.track, a.org_type) for i, a in back.items()}
    assert sorted((a.member, a.organization, a.official) for a in full.records("affiliation")) == \
        sorted((a.member, a.organization, a.official) for a in fresh.records("affiliation"))
    assert sorted((r.group, r.jurisdiction, r.kind, r.scope) for r in full.records("restriction")) == \
        sorted((r.group, r.jurisdiction, r.kind, r.scope) for r in fresh.records("restriction"))
    fresh.close()


# --- redaction ------------------------------------------------------------------------------------------

def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def name_words(store) -> set[str]:
    return {w for a in store.records("actor") if a.kind == "person" for n in (a.id, a.name, *a.aliases)
            for w in re.findall(r"[^\W\d_]+", _fold(n)) if len(w) >= 3}


@pytest.mark.parametrize("fmt,name", [("csv", "d"), ("jsonl", "x.jsonl"), ("graphml", "g.graphml"),
                                      ("gexf", "g.gexf"), ("ftm", "x.ftm.json")])
def test_redacted_exports_hold_no_word_of_any_persons_name(full, tmp_path: Path, fmt: str, name: str):
    out = tmp_path / name
    report = export(full, out, ExportOptions(fmt, include_confidential=True, redact=True))
    text = "\n".join(p.read_text(encoding="utf-8") for p in (sorted(out.iterdir()) if out.is_dir() else [out]))
    # a pseudonym's random code can spell a short word ("2JAN5"); it tells nothing of the person
    text = re.sub(r"Person [A-Z0-9]{4}-[A-Z0-9]{4}|P-\d{12}", " ", text)
    words = set(re.findall(r"[^\W\d_]+", _fold(text)))
    assert not words & name_words(full), sorted(words & name_words(full))[:10]
    assert report.pseudonymised == sum(1 for a in full.records("actor") if a.kind == "person")
    # the sample's free text names people: it was rewritten or had to go
    assert report.withheld or report.rewritten


def test_redacted_pseudonyms_are_stable_and_the_redacted_folder_still_loads(full, tmp_path: Path):
    export(full, tmp_path / "a", ExportOptions("csv", redact=True))
    export(full, tmp_path / "b", ExportOptions("csv", redact=True))
    assert (tmp_path / "a" / "ties.csv").read_text() == (tmp_path / "b" / "ties.csv").read_text()
    fresh = SQLiteStore(tmp_path / "fresh.db")
    load(fresh, tmp_path / "a", strict=True)
    persons = {a.id for a in full.records("actor") if a.kind == "person"}
    pseudonymous = [a for a in fresh.records("actor") if a.kind == "person"]
    assert pseudonymous and not {a.id for a in pseudonymous} & persons
    assert sum(1 for _ in fresh.records("tie")) == sum(
        1 for t in full.records("tie") if t.sensitivity != "confidential" and "secret" not in (t.a, t.b))
    fresh.close()


# --- the command ------------------------------------------------------------------------------------------

def test_export_infers_the_format_and_refuses_to_mix_with_an_existing_dataset(tmp_path: Path):
    db = str(tmp_path / "kg.db")
    fill(SQLiteStore(db)).close()
    run = CliRunner().invoke
    assert run(main, ["--db", db, "export", str(tmp_path / "out.gexf")]).exit_code == 0
    assert (tmp_path / "out.gexf").read_text().startswith("<?xml")
    assert run(main, ["--db", db, "export", str(tmp_path / "folder")]).exit_code == 0
    assert (tmp_path / "folder" / "actors.csv").exists()
    r = run(main, ["--db", db, "export", str(tmp_path / "folder")])
    assert r.exit_code == 1 and "already holds actors.csv" in r.output and len(r.output.splitlines()) == 1
    r = run(main, ["--db", db, "export", str(tmp_path / "out.txt")])
    assert r.exit_code == 2 and "--format" in r.output
    r = run(main, ["--db", db, "export", "--format", "jsonl", str(tmp_path / "missing" / "x.jsonl")])
    assert r.exit_code == 1 and "does not exist" in r.output
    assert not list((tmp_path).glob(".*part*"))  # nothing half-written left behind


@pytest.mark.parametrize("fmt", ["jsonl", "graphml", "gexf", "ftm"])
def test_an_export_never_writes_over_the_store_it_reads_nor_a_device(fmt, tmp_path: Path):
    """Found by an adversary: `kg --db s.db export --format jsonl s.db` replaced the store with the export
    and said "Wrote s.db" (exit 0); its -wal too; /dev/full was replaced by a regular file; a symbolic
    link was replaced by a file, leaving the file it pointed to as it was."""
    import os

    db = tmp_path / "s.db"
    fill(SQLiteStore(db)).close()
    run = CliRunner().invoke
    before = run(main, ["--db", str(db), "export", "--format", "jsonl", str(tmp_path / "before.jsonl")]).exit_code
    assert before == 0
    for out in (db, Path(str(db) + "-wal"), Path(str(db) + "-shm")):
        if not out.exists():
            continue
        r = run(main, ["--db", str(db), "export", "--format", fmt, str(out)])
        assert r.exit_code == 1 and "it is the store this command reads" in r.output, r.output
        assert len(r.output.strip().splitlines()) == 1
    os.symlink(db, tmp_path / "alias.db")  # the store under another name
    r = run(main, ["--db", str(db), "export", "--format", fmt, str(tmp_path / "alias.db")])
    assert r.exit_code == 1 and "it is the store this command reads" in r.output, r.output
    assert run(main, ["--db", str(db), "export", "--format", "jsonl", str(tmp_path / "after.jsonl")]).exit_code == 0
    assert (tmp_path / "after.jsonl").read_text() == (tmp_path / "before.jsonl").read_text()  # the store as it was
    r = run(main, ["--db", str(db), "export", "--format", fmt, "/dev/null"])
    assert r.exit_code == 1 and "not a regular file" in r.output and Path("/dev/null").is_char_device()
    (tmp_path / "real.out").write_text("old")
    os.symlink("real.out", tmp_path / "link.out")
    assert run(main, ["--db", str(db), "export", "--format", fmt, str(tmp_path / "link.out")]).exit_code == 0
    assert (tmp_path / "link.out").is_symlink() and (tmp_path / "real.out").read_text() != "old"


def test_a_map_never_writes_over_the_store_it_reads(tmp_path: Path):
    db = tmp_path / "store.html"  # (a store may have any name)
    fill(SQLiteStore(db)).close()
    r = CliRunner().invoke(main, ["--db", str(db), "viz", "--out", str(db)])
    assert r.exit_code == 1 and "it is the store this command reads" in r.output, r.output
    assert CliRunner().invoke(main, ["--db", str(db), "stats"]).exit_code == 0


def test_a_csv_export_keeps_carriage_returns_semicolons_and_long_cells(sqlite_store, tmp_path: Path):
    """Found by an adversarial reader: a lone carriage return was written unquoted (the record came
    back cut short there, its sensitivity lost), a header with more semicolons than commas was read
    back as semicolon-separated, and a cell past 131,072 characters did not load again."""
    records = [Actor(id="src", name="Informant", kind="person", description="met in Oslo\rsecond in Paris",
                     sensitivity="confidential"),
               Actor(id="k1", name="K", kind="person", description="d" * 200_000,
                     props={"a;b;c;d;e;f;g;h;i;j;k;l;m;n;o": "v"})]
    sqlite_store.upsert(records)
    export(sqlite_store, tmp_path / "out", ExportOptions("csv", include_confidential=True))
    back = SQLiteStore(tmp_path / "back.db")
    report = load(back, tmp_path / "out", strict=True)
    assert report.accepted["actor"] == 2
    assert snapshot(back) == snapshot(sqlite_store)
    back.close()


def test_the_export_of_a_day_keeps_a_meeting_past_its_participations_own_end(sqlite_store, tmp_path: Path):
    """Found by a second reader: having met lasts in the projection, but an export --as-of after the
    participations' own end left them out, and the export loaded again had no path between the two; a
    map or GEXF dated a participation from its own start, before its event began."""
    from queries.connections import reliable_paths

    sqlite_store.upsert([Actor(id="a", name="A", kind="person"), Actor(id="b", name="B", kind="person"),
                         Event(id="ev", name="Summit", start="2000-05-01", end="2000-05-03"),
                         Participation(actor="a", event="ev", start="1999-01-01", end="2000-05-03"),
                         Participation(actor="b", event="ev", end="2000-05-03")])
    day = date(2001, 1, 1)
    export(sqlite_store, tmp_path / "d.jsonl", ExportOptions("jsonl", as_of=day))
    assert sum('"participation"' in line for line in (tmp_path / "d.jsonl").read_text().splitlines()) == 2
    again = SQLiteStore(tmp_path / "again.db")
    load(again, tmp_path / "d.jsonl", strict=True)
    assert [p["path"] for p in reliable_paths(project(again, day), "a", "b")["paths"]] == [["a", "b"]]
    again.close()
    export(sqlite_store, tmp_path / "g.gexf", ExportOptions("gexf"))
    starts = re.findall(r'<edge [^>]*source="a"[^>]*target="ev"[^>]*>', (tmp_path / "g.gexf").read_text())
    assert starts and all('start="2000-05-01"' in e for e in starts), starts


@pytest.mark.parametrize("fmt,name", [("csv", "d"), ("jsonl", "x.jsonl"), ("graphml", "g.graphml"),
                                      ("gexf", "g.gexf")])
def test_a_number_in_an_extra_column_that_is_a_persons_id_is_rewritten(sqlite_store, tmp_path: Path, fmt, name):
    """Found by a fifth reader: extra columns' numbers were written as they were, so a staff number equal to
    a person's id (of five digits or more) named the person in a redacted export."""
    sqlite_store.upsert([
        Actor(id="20931187", name="Staff Person", kind="person"), Actor(id="p2", name="Other Person", kind="person"),
        Actor(id="acme", name="Acme", kind="organization", props={"ceo_staff_no": 20931187, "founded": 1990}),
        Tie(a="20931187", b="p2", kind="friendship", props={"ref": 20931187, "score": 3.5})])
    out = tmp_path / name
    export(sqlite_store, out, ExportOptions(fmt, redact=True))
    text = "\n".join(p.read_text(encoding="utf-8") for p in (sorted(out.iterdir()) if out.is_dir() else [out]))
    assert "20931187" not in text
    assert "1990" in text  # numbers that name nobody stay (but not on a person's link: its "score" goes too)
    assert "3.5" not in text


def test_a_write_that_fails_says_so_in_one_line_and_leaves_nothing(tmp_path):
    """Found by an adversarial reader: a full disk (here a file-size limit, which fails writes the same
    way) ended `kg export` in every format, and `kg init`, in a traceback."""
    import resource
    import subprocess
    import sys

    db = tmp_path / "k.db"
    store = SQLiteStore(db)
    store.upsert([Actor(id=f"p{i}", name=f"Person {i}", kind="person", description="words " * 20)
                  for i in range(2000)])
    store.close()

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))  # (above the store's -shm file)

    out = tmp_path / "out"
    out.mkdir()
    for args in (["export", str(out / "e.gexf")], ["export", str(out / "e.jsonl")],
                 ["export", "--format", "csv", str(out / "folder")], ["init", str(out / "template")]):
        r = subprocess.run([sys.executable, "-m", "kg.cli", "--db", str(db), *args], capture_output=True, text=True,
                           preexec_fn=limited if args[0] == "export" else
                           lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100)))
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        assert r.stderr.count("\n") == 1 and "File too large; nothing was written" in r.stderr, r.stderr
        assert f"cannot write {args[-1]}:" in r.stderr, r.stderr  # (the file asked for, though write() names none)
    assert list(out.iterdir()) == []
    # under a limit below the store's own files, the store says it cannot be opened, not that it is not ours
    r = subprocess.run([sys.executable, "-m", "kg.cli", "--db", str(db), "export", str(out / "e.jsonl")],
                       capture_output=True, text=True,
                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024)))
    assert "cannot be opened: disk I/O error" in r.stderr and "not a Backchannel store" not in r.stderr, r.stderr


def test_a_full_disk_leaves_no_hidden_part_file_holding_records(tmp_path):
    """Found by an adversary: on a full disk `kg export --include-confidential` said "nothing was written" but
    left a hidden .NAME.PID.part file holding the confidential records written so far (and the disk full):
    closing the part file flushed what was buffered, which failed again, so it was never removed. Here a
    file-size limit that is not a multiple of the buffer's size fails writes the same way."""
    import resource
    import subprocess
    import sys

    db = tmp_path / "k.db"
    store = SQLiteStore(db)
    store.upsert([Actor(id=f"p{i}", name=f"Person {i}", kind="person", sensitivity="confidential",
                        description="words " * 20) for i in range(2000)])
    store.close()
    out = tmp_path / "out"
    out.mkdir()
    for limit in (100 * 1024, 70_001):
        for name in ("e.jsonl", "e.gexf", "e.graphml", "e.ftm.json"):
            r = subprocess.run([sys.executable, "-m", "kg.cli", "--db", str(db), "export", "--include-confidential",
                                str(out / name)], capture_output=True, text=True,
                               preexec_fn=lambda limit=limit: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
            assert r.returncode == 1 and "nothing was written" in r.stderr, r.stderr
            assert list(out.iterdir()) == [], (name, limit)


def test_a_part_file_goes_when_closing_it_fails(tmp_path, monkeypatch):
    """The part file is removed when its close fails (a flush on a full disk), after a write that failed or
    after a whole write; the first failure is the one raised."""
    import errno
    import os

    from kg import outfile

    real = os.fdopen

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def write(self, text):
            self.fh.write(text)
            self.fh.flush()  # (some records reach the disk)
            if "boom" in text:
                raise OSError(errno.ENOSPC, "No space left on device (write)")

        def close(self):
            self.fh.close()
            raise OSError(errno.ENOSPC, "No space left on device (close)")

    monkeypatch.setattr(outfile.os, "fdopen", lambda *a, **kw: Full(real(*a, **kw)))
    target = tmp_path / "out.jsonl"
    with pytest.raises(OSError, match=r"\(write\)"), outfile.atomic_write(target) as fh:
        fh.write("secret record\n")
        fh.write("boom\n")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OSError, match=r"\(close\)"), outfile.atomic_write(target) as fh:
        fh.write("secret record\n")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(KeyboardInterrupt), outfile.atomic_write(target) as fh:
        fh.write("secret record\n")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_an_export_over_a_private_file_keeps_it_private_and_a_dangling_link_is_written_through(tmp_path):
    """Found by an adversarial reader: exporting confidential records over a file made private (chmod 600)
    left it readable by everyone (the new file took the default mode); a csv export to a symbolic link to
    a folder not made yet ended in a traceback, where files are written through links."""
    import os
    import stat

    db = tmp_path / "k.db"
    load(SQLiteStore(db), SAMPLE, strict=True)
    private = tmp_path / "private.jsonl"
    private.write_text("")
    private.chmod(0o600)
    mask = os.umask(0o022)
    try:
        r = CliRunner().invoke(main, ["--db", str(db), "export", "--include-confidential", str(private)])
        assert r.exit_code == 0, r.output
        assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.stat().st_size > 0
        fresh = tmp_path / "fresh.jsonl"
        assert CliRunner().invoke(main, ["--db", str(db), "export", str(fresh)]).exit_code == 0
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    finally:
        os.umask(mask)
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "not-yet")
    r = CliRunner().invoke(main, ["--db", str(db), "export", "--format", "csv", str(link)])
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and (tmp_path / "not-yet" / "actors.csv").exists()
    (tmp_path / "loop1").symlink_to("loop2")
    (tmp_path / "loop2").symlink_to("loop1")
    r = CliRunner().invoke(main, ["--db", str(db), "export", "--format", "csv", str(tmp_path / "loop1")])
    assert r.exit_code == 1 and "leads nowhere (a loop)" in r.output


def test_a_name_split_across_the_items_of_a_list_in_an_extra_column_is_left_out(sqlite_store, tmp_path: Path):
    """Found by an adversary: a list-valued extra column's items were rewritten one by one, so a name split
    across them (["Ara", "fat"]) stood in a redacted export; aliases were already read together. Such a list is
    left out; a list that names nobody stays."""
    sqlite_store.upsert([Actor(id="ya", name="Yasser Arafat", kind="person"),
                         Actor(id="acme", name="Acme", kind="organization",
                               props={"contacts": ["Ara", "fat"], "cities": ["Oslo", "Tunis"]})])
    export(sqlite_store, tmp_path / "e.jsonl", ExportOptions("jsonl", redact=True))
    text = (tmp_path / "e.jsonl").read_text(encoding="utf-8")
    assert '"Ara"' not in text and '"fat"' not in text
    assert '"cities": ["Oslo", "Tunis"]' in text


def test_an_extra_column_whose_name_names_someone_is_left_out_and_said(sqlite_store, tmp_path: Path):
    """Found by an adversary: columns "voss_file" and "kaelnotes" (a person Kael Voss) vanished from a redacted
    export in silence, where the summary promises to say what it left out. They still go, and are counted."""
    sqlite_store.upsert([Actor(id="kv", name="Kael Voss", kind="person"),
                         Actor(id="org", name="Org", kind="organization", props={"voss_file": "abc", "city": "Oslo"})])
    said = CliRunner().invoke(main, ["--db", sqlite_store.path, "export", "--redact", str(tmp_path / "e.jsonl")])
    assert said.exit_code == 0, said.output
    text = (tmp_path / "e.jsonl").read_text(encoding="utf-8")
    assert "voss" not in text.lower() and '"city": "Oslo"' in text
    assert "actor extra column whose name names someone x1" in said.output, said.output
    # a pseudonymous person's own such column is counted once, with the rest of their extra properties (a second
    # reader found it counted twice)
    sqlite_store.upsert([Actor(id="kv", name="Kael Voss", kind="person", props={"voss_file": "x", "city": "Bergen"})])
    said = CliRunner().invoke(main, ["--db", sqlite_store.path, "export", "--redact", str(tmp_path / "f.jsonl")])
    assert "actor extra column whose name names someone x1" in said.output, said.output
    assert "person extra property x2" in said.output, said.output


def test_an_export_keeps_public_names_that_share_a_word_with_a_confidential_person(sqlite_store, tmp_path: Path):
    """Found by an adversary: beside a confidential informant Mohammed Ali, a plain export wrote the public
    Mohammed Abbas as "[…] Abbas", Ali Khan as "[…] Khan" and Ali Baba Trading as "[…] Baba Trading", and
    loading the export back into the store renamed them. An actor's own name (and aliases) is rewritten only
    where it holds the left-out person's whole name; free text, word by word, as before."""
    sqlite_store.upsert([Actor(id="informant", name="Mohammed Ali", kind="person", sensitivity="confidential"),
                         Actor(id="abbas", name="Mohammed Abbas", kind="person", description="cousin of Mohammed Ali",
                               aliases=("Abu Ali",)),
                         Actor(id="khan", name="Ali Khan", kind="person"),
                         Actor(id="org", name="Ali Baba Trading", kind="organization"),
                         Actor(id="fr", name="Friends of Mohammed Ali", kind="organization")])
    out = tmp_path / "out"
    said = CliRunner().invoke(main, ["--db", sqlite_store.path, "export", str(out)])
    assert said.exit_code == 0, said.output
    rows = {r["id"]: r for r in csv.DictReader((out / "actors.csv").open(encoding="utf-8"))}
    assert "informant" not in rows
    assert [rows[i]["name"] for i in ("abbas", "khan", "org")] == ["Mohammed Abbas", "Ali Khan", "Ali Baba Trading"]
    assert rows["abbas"]["aliases"] == "Abu Ali" and rows["abbas"]["description"] == "cousin of […]"
    # (its id "fr" kept: it holds no word of the hidden name; "stone-foundation" beside "[…] Foundation" would
    # say whose, and is withheld: test_a_public_id_sharing_a_word_with_a_hidden_name_stays_its_own)
    [fr] = [r for r in rows.values() if r["name"].startswith("Friends of")]
    assert "Mohammed" not in fr["name"] and "Ali" not in fr["name"] and fr["id"] == "fr"
    # under --redact every name word of any person still goes
    red = tmp_path / "red"
    CliRunner().invoke(main, ["--db", sqlite_store.path, "export", "--redact", str(red)])
    assert "Mohammed" not in (red / "actors.csv").read_text(encoding="utf-8")


def test_loading_a_redacted_export_back_says_what_it_would_do(sqlite_store, tmp_path: Path):
    """Found by an ingest adversary: a --redact export loaded back into the store it came from added a
    pseudonymous copy of every person, with no word; an export that wrote […] in a name renamed them. The
    load says what the file is and to read it in a store of its own."""
    sqlite_store.upsert([Actor(id="a", name="Ann Lee", kind="person"), Actor(id="b", name="Bob Ray", kind="person"),
                         Tie(a="a", b="b", kind="friendship")])
    red = tmp_path / "red"
    CliRunner().invoke(main, ["--db", sqlite_store.path, "export", "--redact", str(red)])
    said = CliRunner().invoke(main, ["--db", str(tmp_path / "other.db"), "ingest", str(red)]).output
    assert "2 named by a pseudonym (P-...) of 2 actors: this looks like a file written by kg export --redact" in said
    plain = tmp_path / "plain"
    CliRunner().invoke(main, ["--db", sqlite_store.path, "export", str(plain)])
    assert "looks like a file written" not in CliRunner().invoke(
        main, ["--db", str(tmp_path / "third.db"), "ingest", str(plain)]).output
    # an export without confidential records whose only […] are in other text (a description, an event's
    # name): loaded back into its store it wrote them over the analyst's text, with no word (an export adversary)
    sqlite_store.upsert([Actor(id="h", name="Hana Secret", kind="person", sensitivity="confidential"),
                         Actor(id="a", name="Ann Lee", kind="person", description="Envoy who met Hana Secret"),
                         Event(id="e", name="Dinner with Hana Secret", start="2020")])
    CliRunner().invoke(main, ["--db", sqlite_store.path, "export", str(tmp_path / "left"), "--as-of", "2021"])
    said = CliRunner().invoke(main, ["--db", sqlite_store.path, "ingest", str(tmp_path / "left")]).output
    assert "2 records with […] in a text: this looks like a file written by kg export --redact" in said, said


def _public_and_restricted():
    """Public records whose text names a restricted person, body and event, beside them."""
    return [Actor(id="pub1", name="Alan Archer", kind="person", party=("Red",)),
            Actor(id="pub2", name="Carl Dunn", kind="person", party=("Red",),
                  note="introduced by Rhea Stone at the Quiet lunch"),
            Actor(id="rst", name="Rhea Stone", kind="person", party=("Blue",), sensitivity="restricted"),
            Actor(id="rbody", name="Stonebridge Circle", kind="organization", org_type="ngo",
                  sensitivity="restricted"),
            Actor(id="pubo", name="Blue Council", kind="organization", org_type="political_party", party=("Blue",)),
            Affiliation(member="pub2", organization="rbody"),
            Affiliation(member="pub1", organization="pubo", role="treasurer", sensitivity="restricted"),
            Event(id="ev1", name="Dinner", start="2020-01-10"),
            Event(id="ev3", name="Quiet lunch", start="2020-03-01", sensitivity="restricted"),
            Participation(actor="pub1", event="ev1"), Participation(actor="pub2", event="ev1"),
            Participation(actor="pub1", event="ev3"),
            Tie(a="pub1", b="pub2", kind="professional", strength=0.8, start="2019", source="Rhea Stone, interview"),
            Tie(a="pub1", b="rst", kind="friendship", strength=0.9, start="2019"),
            Restriction(group="pubo", jurisdiction="GBR", kind="legal", scope="officials", start="2019",
                        sensitivity="restricted", note="listed in the Zeta register")]


@pytest.mark.parametrize("fmt,name", [("csv", "d"), ("jsonl", "x.jsonl"), ("graphml", "x.graphml"),
                                      ("gexf", "x.gexf"), ("ftm", "x.ftm.json")])
def test_a_public_only_export_writes_and_names_nothing_restricted(tmp_path: Path, fmt, name):
    """`kg export` had no --public-only: an export for anyone carried every restricted record (marked). With it,
    only records marked public leave, with no relationship naming a restricted actor or event, and their names
    are rewritten in the public records' text."""
    db = tmp_path / "k.db"
    with SQLiteStore(db) as s:
        s.upsert(_public_and_restricted())
    out = tmp_path / name
    r = CliRunner().invoke(main, ["--db", str(db), "export", str(out), "--public-only"])
    assert r.exit_code == 0, r.output
    # 5 restricted records, and the 3 that name a restricted actor or event (a tie, an affiliation, a participation)
    assert "8 records marked restricted or confidential (or touching one) were left out (public records only)" in (
        r.output)
    assert "includes" not in r.output
    text = "".join(p.read_text(encoding="utf-8") for p in ([*out.iterdir()] if out.is_dir() else [out]))
    for word in ("Rhea", "Stone", "Quiet lunch", "treasurer", "Zeta register"):
        assert word not in text, word
    assert not re.search(r"\brestricted\b", text)  # no record so marked (a field "restricted_by" is declared)
    assert "Carl Dunn" in text and "Alan Archer" in text
    r = CliRunner().invoke(main, ["--db", str(db), "export", str(tmp_path / f"all-{name}")])  # the default keeps them
    assert r.exit_code == 0 and "includes 5 records marked restricted" in r.output, r.output
    # (FtM has no place for sensitivity: the command had said it was written with them, an export adversary)
    assert ("written unmarked: FollowTheMoney has no place for sensitivity" in r.output) == (fmt == "ftm")
    assert ("their sensitivity is written with them" in r.output) == (fmt != "ftm")
    if fmt in ("csv", "jsonl"):  # loaded back, the public answers are the public answers
        fresh = SQLiteStore(tmp_path / "fresh.db")
        load(fresh, out, strict=True)
        assert {a.id for a in fresh.records("actor")} == {"pub1", "pub2", "pubo"}
        assert project(fresh, date(2021, 1, 1)).link_count == project(
            SQLiteStore(db, create=False), date(2021, 1, 1), max_sensitivity=0).link_count
        fresh.close()


def test_a_public_name_holding_a_hidden_name_run_together_or_as_a_plural_is_rewritten(tmp_path: Path):
    """Found by an export adversary: without --redact, public actors' own names and aliases holding a confidential
    person's or body's name run together ("JaneDoe Media", "www.janedoe.org") or as a plural ("Falcon Cells
    Watch") were written whole in every format and on the map, while "JaneDoe Gala", an event's name, became
    "[…] Gala". Their ids go with them. A second reader then found ordinary public names rewritten by too broad a
    reading, kept now: a name in the other order (Mohamed Ahmed beside a hidden Ahmed Mohamed), a one-word name
    as a plural (Gerry Adams beside a hidden alias Adam), a name within a longer word (Stanford University
    beside a hidden Stan Ford), an id sharing a hidden id's prefix (Q1001 beside a hidden Q2001)."""
    from visualize import MapOptions, build_map

    db = tmp_path / "k.db"
    with SQLiteStore(db) as s:
        s.upsert([Actor(id="p-1", name="Jane Doe", kind="person", aliases=("Adam",), sensitivity="confidential"),
                  Actor(id="org-9", name="Falcon Cell", kind="organization", sensitivity="confidential"),
                  Actor(id="Q2001", name="Ahmed Mohamed", kind="person", sensitivity="confidential"),
                  Actor(id="sf", name="Stan Ford", kind="person", sensitivity="confidential"),
                  Actor(id="media-1", name="JaneDoe Media", kind="organization", aliases=("www.janedoe.org",)),
                  Actor(id="watch-1", name="Falcon Cells Watch", kind="organization"),
                  Actor(id="sup-1", name="FalconCell Supporters", kind="organization"),
                  Actor(id="trust-1", name="Jane M. Doe Trust", kind="organization"),
                  Actor(id="bob-1", name="Bob Smith", kind="person", aliases=("JaneDoe's driver",)),
                  Actor(id="amy", name="Amy Doe", kind="person", aliases=("Janet",)),
                  Actor(id="doe-family-trust", name="Doe Family Trust", kind="organization"),
                  Actor(id="Q1001", name="Mohamed Ahmed", kind="person"),
                  Actor(id="gerry", name="Gerry Adams", kind="person"),
                  Actor(id="stanford", name="Stanford University", kind="organization"),
                  Tie(a="Q1001", b="gerry", kind="friendship")])
        m = build_map(s, MapOptions())
    kept = ("amy doe", "doe family trust", "bob smith", "mohamed ahmed", "gerry adams", "stanford university")
    for fmt, name in (("jsonl", "x.jsonl"), ("csv", "d"), ("gexf", "x.gexf"), ("ftm", "x.ftm.json")):
        out = tmp_path / name
        r = CliRunner().invoke(main, ["--db", str(db), "export", str(out)])
        assert r.exit_code == 0, r.output
        text = "".join(p.read_text(encoding="utf-8") for p in ([*out.iterdir()] if out.is_dir() else [out])).lower()
        for hidden in ("janedoe", "falcon", "jane m. doe"):
            assert hidden not in text, (fmt, hidden)
        for public in (*kept, "q1001", "doe-family-trust", "stanford"):
            assert public in text, (fmt, public)
    map_text = " ".join(str(n["name"]) + " " + str(n.get("info")) for n in m.nodes).lower()
    for hidden in ("janedoe", "falcon", "jane m. doe"):
        assert hidden not in map_text, hidden
    assert all(public in map_text for public in kept)


def test_a_public_id_sharing_a_word_with_a_hidden_name_stays_its_own(tmp_path: Path):
    """Found by an export adversary: without --redact, a public "amy-stone" beside a confidential Omar Stone was
    written "withheld-..." (her name stayed "Amy Stone"), saying a hidden actor shares a word of hers, and `kg
    show amy-stone` failed on the export loaded back. An id is withheld only when it holds a hidden whole name."""
    db = tmp_path / "k.db"
    with SQLiteStore(db) as s:
        s.upsert([Actor(id="omar-stone", name="Omar Stone", kind="person", sensitivity="confidential"),
                  Actor(id="amy-stone", name="Amy Stone", kind="person"), Actor(id="bob", name="Bob", kind="person"),
                  Actor(id="omar-stone-fund", name="The Fund", kind="organization"),
                  Actor(id="stone-foundation", name="Omar Stone Foundation", kind="organization"),
                  Tie(a="amy-stone", b="bob", kind="friendship", strength=0.8)])
    out = tmp_path / "d"
    assert CliRunner().invoke(main, ["--db", str(db), "export", str(out)]).exit_code == 0
    fresh = tmp_path / "fresh.db"
    assert CliRunner().invoke(main, ["--db", str(fresh), "ingest", str(out)]).exit_code == 0
    r = CliRunner().invoke(main, ["--db", str(fresh), "show", "amy-stone"])
    assert r.exit_code == 0 and "Bob" in r.output, r.output
    ids = {a.id for a in SQLiteStore(fresh, create=False).records("actor")}
    # (an id holding the whole name, or a word of it beside its name rewritten, is withheld)
    assert "omar-stone-fund" not in ids and "stone-foundation" not in ids
    assert sum(i.startswith("withheld-") for i in ids) == 2


def test_an_ftm_export_with_confidential_records_says_they_are_written_unmarked(tmp_path: Path):
    """A second reader: with --include-confidential, FtM writes confidential records unmarked too (it has no
    place for sensitivity) and they load back public; the command said only "INCLUDES RECORDS MARKED
    CONFIDENTIAL". It says they are unmarked in that format."""
    db = tmp_path / "k.db"
    with SQLiteStore(db) as s:
        s.upsert([Actor(id="a", name="A", kind="person", sensitivity="confidential")])
    for name, unmarked in (("x.ftm.json", True), ("x.jsonl", False)):
        r = CliRunner().invoke(main, ["--db", str(db), "export", str(tmp_path / name), "--include-confidential"])
        assert r.exit_code == 0 and "INCLUDES RECORDS MARKED CONFIDENTIAL" in r.output, r.output
        assert ("written unmarked, and read as public when loaded back" in r.output) == unmarked


@pytest.mark.parametrize("hidden,public,held", [
    # found by an adversary of the names' rules: kept whole where the text beside them was rewritten
    (["Lech Wałęsa"], "Lech Walesa Institute", True), (["İbrahim Kalın"], "Ibrahim Kalin Center", True),
    (["王小明"], "王小明基金会", True), (["Jane Doe"], "Ja\u00adne Doe Fund", True),
    (["Jane Doe"], "J\u0430ne Doe Trust", True), (["Jane Doe"], "Ja\u200bne Doe Circle", True),
    (["Fuʾād Maʿṣūm"], "Fuad Masum Foundation", True), (["أبو بكر البغدادي"], "كتائب أبو بكر البغـدادي", True),
    (["C7"], "C-7 Veterans", True), (["Unit 8200"], "Unit8200 Alumni", True), (["Unit 8200"], "Unit ٨٢٠٠ Alumni", True),
    (["Black Fox"], "www.theblackfox.org", True), (["Jane Doe"], "janedoefund.org", True),
    (["Jane M. Doe"], "Jane Doe Fund", True), (["Ivan Petrov"], "Фонд Иван Петров", True),
    # ... and public names rewritten by too broad a reading
    (["Arthur"], "MacArthur Foundation", False), (["Collins"], "HarperCollins", False),
    (["Donald"], "McDonald", False), (["Mark Davy"], "Mark Davies", False), (["Charles Hugh"], "Charles Hughes", False),
    (["K"], "K Street Group", False), (["FC"], "FC Barcelona", False), (["19"], "Article 19", False),
    (["6"], "Group of 6", False), (["Al"], "Al Jazeera", False), (["Ahmed Mohamed"], "Mohamed Ahmed", False),
    (["Stan Ford"], "Stanford University", False), (["Adam"], "Gerry Adams", False)])
def test_a_public_name_holds_a_hidden_one_as_free_text_reads_names(hidden, public, held):
    from visualize.redact import holds_whole_name, whole_names

    assert holds_whole_name(public, whole_names({"x": hidden})) is held


def test_an_export_keeps_a_public_actors_other_aliases_and_its_run_together_id_is_withheld(tmp_path: Path):
    """Found by an adversary: one alias naming a hidden person ("Friends of Omar Stone") took every alias of the
    actor with it ("FFP", "Stone Fund"), and an id running a hidden name together in small letters
    ("janedoe-media", as ids are written) was kept."""
    db = tmp_path / "k.db"
    with SQLiteStore(db) as s:
        s.upsert([Actor(id="omar", name="Omar Stone", kind="person", sensitivity="confidential"),
                  Actor(id="jane", name="Jane Doe", kind="person", sensitivity="confidential"),
                  Actor(id="ffp", name="Fund for Peace", kind="organization",
                        aliases=("Friends of Omar Stone", "FFP", "Stone Fund")),
                  Actor(id="janedoe-media", name="JD Media", kind="organization")])
    out = tmp_path / "x.jsonl"
    assert CliRunner().invoke(main, ["--db", str(db), "export", str(out)]).exit_code == 0
    rows = {r["name"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())
            if r["type"] == "actor"}
    assert rows["Fund for Peace"]["aliases"] == ["Friends of […]", "FFP", "Stone Fund"]
    assert rows["Fund for Peace"]["id"] == "ffp" and rows["JD Media"]["id"].startswith("withheld-")


def test_gexf_ends_an_actors_links_with_it(sqlite_store, tmp_path: Path):
    """A dead man's tie stayed open on Gephi's timeline (an adversarial reader): a link that gives no end, or a
    later one, ends with the actor's end; one of its own earlier end keeps it; under --redact a person's end is
    not written, and neither is it on his links (the day of a death can tell who died)."""
    dead = Tie(a="bob", b="ann", kind="friendship", start="1990")
    later = Tie(a="bob", b="ann", kind="dialogue", start="1995", end="2010")
    early = Tie(a="bob", b="cy", kind="friendship", start="1990", end="1998-06")
    sqlite_store.upsert([Actor(id="bob", name="Bob Baker", kind="person", end="2000-03-15"),
                         Actor(id="ann", name="Ann Archer", kind="person"),
                         Actor(id="cy", name="Cy Cole", kind="person"),
                         dead, later, early, Event(id="ev", name="Talks", end="1999-05-01"),
                         Participation(actor="ann", event="ev")])
    path = tmp_path / "g.gexf"
    export(sqlite_store, path, ExportOptions("gexf"))
    nodes, edges = check_gexf_13(path)
    assert nodes["bob"].get("end") == "2000-03-15"
    assert [edges[t.key()].get("end") for t in (dead, later, early)] == ["2000-03-15", "2000-03-15", "1998-06-30"]
    # an event's end (one without a start too) ends no participation: having met lasts (a second reader)
    assert edges[Participation(actor="ann", event="ev").key()].get("end") is None
    export(sqlite_store, path, ExportOptions("gexf", redact=True))
    _nodes, edges = check_gexf_13(path)
    assert sorted(e.get("end") or "" for e in edges.values()) == ["", "", "1998-06-30", "2010-12-31"]
