"""Redacted maps name no person: the whole file is scanned for every name word of every person in the store.

The scan is written here independently of visualize.redact (its own folding, three ways), so a
fault in the redactor's folding is not hidden by the same fault in the test; and it is shown to
fail when one scrubbing step is switched off. Source of the rule: data-model.md v2,
"Sensitivity in answers".
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from anyascii import anyascii

import visualize.redact as redact
from ingest import load
from kg.model import Actor, Affiliation, Event, Influence, Participation, Restriction, Tie
from kg.store.sqlite import SQLiteStore
from visualize import MapOptions, write_map

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "oslo"
PSEUDONYM = re.compile(r"P-\d{4}-\d{4}-\d{4}")
INVISIBLE = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD])


def _forms(text: str) -> list[str]:
    """Three independent foldings: case only; accents stripped; transliterated to ASCII."""
    text = text.translate(INVISIBLE)
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [text.casefold(), stripped.casefold(), anyascii(text).casefold()]


def name_tokens(store) -> dict[str, str]:
    """Every word (3+ letters) of every person's id, name and aliases, in every folding -> whose."""
    out = {}
    for a in store.records("actor"):
        if a.kind != "person":
            continue
        for value in (a.id, a.name, *a.aliases):
            for form in _forms(value):
                for tok in re.findall(r"[^\W\d_]{3,}", form):
                    out[tok] = f"{a.id} ({value!r})"
    return out


def scan(path: Path, store) -> list[str]:
    """Name words found anywhere in the file: the raw text, the HTML-unescaped text and the JSON data."""
    raw = path.read_text(encoding="utf-8")
    texts = [raw, html.unescape(raw)]
    m = re.search(r'<script id="bc-data" type="application/json">(.*?)</script>', raw, re.S)
    if m:
        texts.append(json.dumps(json.loads(m.group(1)), ensure_ascii=False))
    words: set[str] = set()
    for t in texts:
        for form in _forms(t):
            words.update(re.findall(r"[^\W\d_]+", form))
    found = []
    for tok, who in name_tokens(store).items():
        if (tok in words) if len(tok) == 3 else any(tok in w for w in words):
            found.append(f"{tok!r} of {who}")
    return sorted(found)


def hostile_people() -> list:
    """People whose names are hard to fold, named again in every other kind of field."""
    return [
        Actor(id="ayse-yilmaz", name="Ayşe Yılmaz", kind="person", party=("Türkiye",), aliases=("AYŞE YILMAZ",)),
        Actor(id="oystein-bjornstad", name="Øystein Bjørnstad", kind="person", party=("Norway",)),
        Actor(id="ilker-isik", name="İlker Işık", kind="person", party=("Türkiye",)),
        Actor(id="ng-li", name="Ng Li", kind="person", aliases=("Ali Öz",)),  # short: "Ali" is the secret word
        Actor(id="karl-strauss", name="Karl Strauß", kind="person", party=("Norway",),
              description="Worked with Bjornstad (no accent) and with yilmaz"),
        Actor(id="ahmed-kurei", name="Ахмед Курей", kind="person", party=("PKK",)),
        Actor(id="zoe", name="Zoë Ó Súilleabháin", kind="person", sensitivity="confidential",
              description="never drawn: confidential"),
        Actor(id="far-away", name="Wilhelmina Farquharson", kind="person"),  # not in any focus map
        Actor(id="oz-foundation", name="Öz Foundation of Ali Oz", kind="organization", org_type="ngo",
              party=("Türkiye",), description="Funded by Zoe O Suilleabhain and KURЕI (a Cyrillic Е)",
              source="Interview with Iş\u200bık, 2001"),
        Actor(id="pkk", name="PKK", kind="organization", org_type="armed_group", party=("PKK",),
              description="Farquharson's 1998 report"),
        Tie(a="ayse-yilmaz", b="oystein-bjornstad", kind="dialogue", note="Yilmaz met Bjørnstad in Oslo",
            source="Notes of O. Bjornstad"),
        Tie(a="ilker-isik", b="ahmed-kurei", kind="communication", start="1999", end="2001",
            note="Işık and Курей by phone", source="Kurei interview"),
        Tie(a="ng-li", b="karl-strauss", kind="friendship", note="Ali and Strauss", start="2003"),
        Affiliation(member="ahmed-kurei", organization="pkk", role="envoy of Wilhelmina", source="x"),
        Affiliation(member="ayse-yilmaz", organization="oz-foundation", role="director"),
        Influence(from_="karl-strauss", to="ayse-yilmaz", kind="advises", weight=0.5,
                  note="STRAUSS advises YILMAZ"),
        Event(id="yilmaz-bjornstad-talks", name="Yılmaz–Bjørnstad talks", start="2000-05-01",
              location="Ayse's house", process="Işık process"),
        Participation(actor="ayse-yilmaz", event="yilmaz-bjornstad-talks", role="host"),
        Participation(actor="oystein-bjornstad", event="yilmaz-bjornstad-talks", source="Strauss diary"),
        Participation(actor="pkk", event="yilmaz-bjornstad-talks", role="observer", note="watched Kurei"),
    ]


@pytest.fixture
def oslo(sqlite_store):
    load(sqlite_store, SAMPLE, strict=True)
    return sqlite_store


@pytest.fixture
def hostile(sqlite_store):
    sqlite_store.upsert(hostile_people())
    return sqlite_store


CASES = [MapOptions(redact=True), MapOptions(redact=True, as_of=date(1993, 2, 1), channels=("shimon-peres", "plo")),
         MapOptions(redact=True, as_of=date(1993, 2, 1), bridges=("Israel", "PLO")),
         MapOptions(redact=True, focus="plo", hops=1, include_confidential=True)]


@pytest.mark.parametrize("opts", CASES, ids=["plain", "channels", "bridges", "focus"])
@pytest.mark.parametrize("suffix", [".html", ".svg"])
def test_no_name_word_of_anyone_in_the_oslo_sample_survives(oslo, tmp_path, opts, suffix):
    assert len(name_tokens(oslo)) > 80  # the scan has something to find: Qurei, Ashrawi, Abbas, Arafat...
    path, m = write_map(oslo, opts, tmp_path / f"map{suffix}")
    assert scan(path, oslo) == []
    assert any("event names" in line or "notes" in line for line in m.report)  # the command says what
    if not opts.focus:
        text = path.read_text(encoding="utf-8")  # organizations keep their names
        assert any(a.name in text for a in oslo.records("actor") if a.kind == "organization")


@pytest.mark.parametrize("opts", [MapOptions(redact=True), MapOptions(redact=True, as_of=date(2000, 1, 1)),
                                  MapOptions(redact=True, focus="pkk", hops=1, include_confidential=True)],
                         ids=["today", "2000", "focus"])
def test_no_name_word_survives_on_a_hostile_dataset(hostile, tmp_path, opts):
    path, m = write_map(hostile, opts, tmp_path / "map.html")
    assert scan(path, hostile) == []
    assert PSEUDONYM.search(path.read_text(encoding="utf-8"))
    assert any("left out" in line for line in m.report)  # sources naming people were dropped, and said so


def test_the_scan_fails_when_the_rewriting_is_switched_off(hostile, oslo, tmp_path, monkeypatch):
    monkeypatch.setattr(redact.Redactor, "text", lambda self, value, field="text": value or "")
    path, _ = write_map(oslo, MapOptions(redact=True), tmp_path / "leaky.html")
    found = scan(path, oslo)
    # (in text: a label is the pseudonym whatever the rewriting, so "arafat", only a name, is not a witness)
    assert any("qurei" in f for f in found) and any("hirschfeld" in f for f in found), found


def test_the_scan_fails_when_folding_forgets_accents_and_scripts(hostile, tmp_path, monkeypatch):
    monkeypatch.setattr(redact, "fold", lambda text: text.casefold())
    path, _ = write_map(hostile, MapOptions(redact=True), tmp_path / "leaky.html")
    found = scan(path, hostile)
    # (Işık in a source; "Курей" stood only as a label, the pseudonym now whatever the folding)
    assert any("isik" in f for f in found), found


def test_the_scan_fails_when_sources_are_kept(oslo, tmp_path, monkeypatch):
    monkeypatch.setattr(redact.Redactor, "keep_or_drop", lambda self, value, field: value or "")
    monkeypatch.setattr("visualize.maps._scrub", lambda m, red, kept=(): None)
    path, _ = write_map(oslo, MapOptions(redact=True), tmp_path / "leaky.html")
    assert any("beilin" in f for f in scan(path, oslo))


def test_confidential_people_are_not_named_by_other_records_even_unredacted(hostile, tmp_path):
    path, m = write_map(hostile, MapOptions(), tmp_path / "map.html")
    text = path.read_text(encoding="utf-8")
    assert "Suilleabhain" not in text and "Súilleabháin" not in text
    assert "Ayşe Yılmaz" in text  # public people keep their names in an unredacted map
    assert any("confidential" in line for line in m.report)


def test_pseudonyms_are_stable_per_store_and_differ_between_stores(oslo, tmp_path):
    a, _ = write_map(oslo, MapOptions(redact=True), tmp_path / "a.html")
    b, _ = write_map(oslo, MapOptions(redact=True, as_of=date(1993, 2, 1)), tmp_path / "b.html")
    codes_a = set(PSEUDONYM.findall(a.read_text(encoding="utf-8")))
    codes_b = set(PSEUDONYM.findall(b.read_text(encoding="utf-8")))
    people = [x for x in oslo.records("actor") if x.kind == "person"]
    assert len(codes_a) >= len(people) - 1 and codes_a == codes_b
    other = SQLiteStore(tmp_path / "other.db")
    load(other, SAMPLE, strict=True)
    c, _ = write_map(other, MapOptions(redact=True), tmp_path / "c.html")
    assert not codes_a & set(PSEUDONYM.findall(c.read_text(encoding="utf-8")))
    other.close()


SALT_SCRIPT = """
import sys, time
from pathlib import Path
from kg.store.sqlite import SQLiteStore
from visualize.redact import store_salt
store = SQLiteStore(Path(sys.argv[1]))
while time.time() < float(sys.argv[2]):  # both start at the same instant
    pass
print(store_salt(store))
store.close()
"""


def test_two_processes_creating_the_salt_at_once_agree(tmp_path):
    import subprocess
    import sys
    import time

    for round_ in range(3):
        db = tmp_path / f"fresh{round_}.db"
        SQLiteStore(db).close()
        go = f"{time.time() + 2.0:.3f}"
        procs = [subprocess.Popen([sys.executable, "-c", SALT_SCRIPT, str(db), go], stdout=subprocess.PIPE,
                                  text=True, cwd=ROOT) for _ in range(2)]
        salts = [p.communicate(timeout=60)[0].strip() for p in procs]
        assert all(p.returncode == 0 for p in procs)
        assert salts[0] and salts[0] == salts[1]
        store = SQLiteStore(db)
        assert store.get_meta(redact.SALT_SETTING) == salts[0]
        store.close()


@pytest.mark.parametrize("text,expected", [
    # a whole name, in any spelling, is the pseudonym; one word of a name alone is […] (a third redaction
    # adversary: "Bill of Rights", "Warren Commission", "SINGER PERFORMS" gave the name the pseudonym stood for)
    ("Holst met Yasser Arafat in Tunis", "Holst met {arafat} in Tunis"),
    ("Holst met Arafat in Tunis", "Holst met [\u2026] in Tunis"),
    ("Yair Hirschfeld-Ahmed Qurei meeting in London", "{hirschfeld}-{qurei} meeting in London"),
    ("Hirschfeld-Qurei meeting in London", "[\u2026]-[\u2026] meeting in London"),
    ("AHMED QUREı's plan", "{qurei}'s plan"),
    ("Яссер Арафат", "{arafat}"),
    ("Yasser Ara\u200bfat", "{arafat}"),
    ("Abu Dhabi", "[\u2026] Dhabi"),  # "Abu" is a word of two people's aliases: neither may be guessed
    ("the Bobs and Bob's dog", "the [\u2026] and [\u2026]'s dog"),  # a three-letter name with an s (found by review)
    ("Bobsled", "Bobsled"),  # but not inside another word: only four letters or more are looked for there
    ("bobstone@example.org", "[\u2026]@example.org"),  # a whole name run together is one word too ("in Mali")
    ("Yitzhak Bob Stone Square", "Yitzhak [\u2026] Square"),  # a place named after a whole name
    # (a fourth reader: a place word on either side, in any case, after a hyphen too; a joining word is text)
    ("Rally at Bob Stone square", "Rally at [\u2026] square"), ("Rue Bob Stone", "Rue [\u2026]"),
    ("Bob Stone-Square", "[\u2026]-Square"), ("Talks Of Bob Stone And Yair Hirschfeld",
                                               "Talks Of {stone} And {hirschfeld}"),
    ("the bob stone of it", "the [\u2026] of it"),  # a whole name in small letters reads as text
])
def test_rewriting_known_answers(text, expected):
    people = {"yasser-arafat": ["Yasser Arafat", "Abu Ammar"], "ahmed-qurei": ["Ahmed Qurei", "Abu Ala"],
              "yair-hirschfeld": ["Yair Hirschfeld"], "bob-stone": ["Bob Stone"]}
    r = redact.Redactor(people, "salt")
    names = {k.split("-")[1]: r.pseudonym(k) for k in people}
    assert r.text(text) == expected.format(**names)


def test_a_confidential_organization_left_out_is_not_named_by_other_records(tmp_path):
    """Found by an adversarial reader: only people left out were rewritten in other records' text;
    a confidential organization ("Operation Nightjar") stayed readable in a public description, in
    maps and in exports."""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="p", name="Pat Public", kind="person",
                        description="friend of Zebulon Quixote; works near Operation Nightjar"),
                  Actor(id="q", name="Quinn Public", kind="person"),
                  Actor(id="z", name="Zebulon Quixote", kind="person", sensitivity="confidential"),
                  Actor(id="x", name="Operation Nightjar", kind="organization", sensitivity="confidential"),
                  Tie(a="p", b="q", kind="friendship", note="introduced by Zebulon Quixote")])
    path, _ = write_map(store, MapOptions(), tmp_path / "map.html")
    outputs = [path.read_text(encoding="utf-8")]
    for fmt, name in (("csv", "dataset"), ("jsonl", "e.jsonl"), ("graphml", "e.graphml"), ("gexf", "e.gexf"),
                      ("ftm", "e.ftm.json")):
        report = export(store, tmp_path / name, ExportOptions(fmt))
        assert report.rewritten["actor description"] == 1 and report.rewritten["tie note"] == 1
        target = tmp_path / name
        outputs.append("".join(f.read_text(encoding="utf-8")
                               for f in (sorted(target.iterdir()) if target.is_dir() else [target])))
    for text in outputs:
        assert "Nightjar" not in text and "Quixote" not in text and "Zebulon" not in text
        assert "Pat Public" in text  # public people keep their names
    every = export(store, tmp_path / "all.jsonl", ExportOptions("jsonl", include_confidential=True))
    assert "Quixote" in (tmp_path / "all.jsonl").read_text() and not every.rewritten
    store.close()


def test_exports_keep_out_what_they_leave_out_wherever_it_stands_and_load_back(tmp_path):
    """Found by an adversarial reader of the exports after the first fixes: a public id holding a
    confidential body's name, a public person's aliases and party, an extra column's name, a source
    rewritten beside its book's title, a confidential event's name in public text; and a public
    person sharing a surname with a confidential one, whose id was withheld in references only (the
    export did not load back)."""
    from ingest import load
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([
        Actor(id="nj", name="Operation Nightjar", kind="organization", sensitivity="confidential"),
        Actor(id="yk", name="Yossi Kerenski", kind="person", sensitivity="confidential"),
        Actor(id="operation-nightjar-friends", name="Friends Society", kind="organization"),
        Actor(id="leah-kerenski", name="Leah Kerenski", kind="person"),
        Actor(id="ida", name="Ida Open", kind="person", aliases=("Operation Nightjar driver", "Kerenski aide"),
              party=("Kerenski camp",), props={"operation_nightjar_ref": "x"}),
        Actor(id="org", name="Some Org", kind="organization", source="Kerenski, Memoirs (1999)",
              description="met at Project Halcyon Summit"),
        Event(id="halcyon", name="Project Halcyon Summit", start="2020-01-01", sensitivity="confidential"),
        Affiliation(member="ida", organization="operation-nightjar-friends"),
        Affiliation(member="leah-kerenski", organization="org")])
    for fmt, name in (("csv", "out"), ("jsonl", "out.jsonl"), ("graphml", "out.graphml"), ("gexf", "out.gexf"),
                      ("ftm", "out.ftm.json")):
        export(store, tmp_path / name, ExportOptions(fmt))
        target = tmp_path / name
        text = "".join(f.read_text(encoding="utf-8") for f in (sorted(target.iterdir()) if target.is_dir()
                                                                 else [target])).lower()
        for hidden in ("nightjar", "yossi", "halcyon", "memoirs"):
            assert hidden not in text, (fmt, hidden)
    back = SQLiteStore(tmp_path / "back.db")
    for name in ("out", "out.jsonl"):
        assert load(back, tmp_path / name).errors == [], name
    back.close()
    store.close()


def test_rewriting_neither_blanks_common_words_nor_makes_an_export_that_cannot_load_back(tmp_path):
    """Found by a second reader: an alias 'The Heron' of a confidential person blanked every 'the' of
    a default export (and dropped every source with 'The' in it); a confidential event with the id
    oslo-1993 hid every 'Oslo'; two roles that differed by a hidden name became one record, and the
    export did not load back."""
    from ingest import load
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([
        Actor(id="zk", name="Zorana Kvist", kind="person", aliases=("The Heron",), sensitivity="confidential"),
        Event(id="oslo-1993", name="Quiet Supper", start="1993-04-01", sensitivity="confidential"),
        Event(id="bergen", name="Bergen Retreat", start="1993-03-01", sensitivity="confidential"),
        Actor(id="org-a", name="Org A", kind="organization", description="the team met in Oslo",
              source="Shlaim, The Iron Wall (2000)"),
        Actor(id="ys", name="Yo Sa", kind="person"),
        Affiliation(member="ys", organization="org-a", role="Bergen Retreat liaison", start="1993"),
        Affiliation(member="ys", organization="org-a", role="Quiet Supper liaison", start="1993")])
    report = export(store, tmp_path / "out", ExportOptions("csv"))
    text = "".join(f.read_text(encoding="utf-8") for f in sorted((tmp_path / "out").iterdir()))
    assert "the team met in Oslo" in text and "Shlaim, The Iron Wall (2000)" in text
    assert "Heron" not in text and "Zorana" not in text and "Bergen" not in text and "Quiet Supper" not in text
    assert report.withheld["affiliation made identical to another by the rewriting"] == 1
    back = SQLiteStore(tmp_path / "back.db")
    assert load(back, tmp_path / "out").errors == []
    back.close()
    store.close()


def _written(target: Path) -> str:
    return "".join(f.read_text(encoding="utf-8") for f in (sorted(target.iterdir()) if target.is_dir() else [target]))


def test_what_a_second_adversary_found_in_shared_maps_and_exports(tmp_path):
    """Found by an adversarial reader: a list-valued extra property went out unredacted; a hidden
    body named with one word and digits ("Unit 8200") was never rewritten; a left-out person's
    pseudonym stood in the file (naming nobody in it, and the same in every file of the store), even
    in a public person's label ("Amy P-...") through a shared surname; a hidden id "Alice Public"
    rewrote every "public"; and the files counted the confidential records they left out."""
    from ingest.export import ExportOptions, export
    from visualize.redact import pseudonym, store_salt

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([
        Actor(id="amy", name="Amy Stone", kind="person", props={"contacts": ["Omar Stone", "Ben Clay"]}),
        Actor(id="ben", name="Ben Clay", kind="person"),
        Actor(id="omar", name="Omar Stone", kind="person", sensitivity="confidential"),
        Actor(id="Alice Public", name="Alice Hidden", kind="person", sensitivity="confidential"),
        Actor(id="u8200", name="Unit 8200", kind="organization", org_type="security_service",
              sensitivity="confidential"),
        Tie(a="amy", b="ben", kind="friendship", note="both served in Unit 8200; introduced by Omar",
            props={"witnesses": ["Omar Stone"]})])
    salt = store_salt(store)
    hidden_codes = {pseudonym(p, salt) for p in ("omar", "Alice Public")}
    path, _ = write_map(store, MapOptions(), tmp_path / "map.html")
    page = path.read_text(encoding="utf-8")
    outputs = {"map": page}
    for fmt, name in (("csv", "dataset"), ("jsonl", "e.jsonl"), ("graphml", "e.graphml"), ("gexf", "e.gexf"),
                      ("ftm", "e.ftm.json")):
        export(store, tmp_path / name, ExportOptions(fmt))
        outputs[fmt] = _written(tmp_path / name)
        export(store, tmp_path / f"r-{name}", ExportOptions(fmt, redact=True))
        outputs["redacted " + fmt] = _written(tmp_path / f"r-{name}")
    rmap, _ = write_map(store, MapOptions(redact=True), tmp_path / "rmap.html")
    outputs["redacted map"] = rmap.read_text(encoding="utf-8")
    for what, text in outputs.items():
        assert "8200" not in text and "Omar" not in text and "Alice" not in text, what
        assert not any(code in text for code in hidden_codes), what  # nobody in the file
    # a public person's own name is hers: a shared surname is kept (an adversary: rewritten "Amy […]", the export
    # loaded back renamed her); never as anyone's pseudonym (above)
    assert "Amy Stone" in page and "Amy Stone" in outputs["jsonl"]
    assert "Ben Clay" in outputs["jsonl"]  # a list item naming nobody hidden stays
    assert '"public"' in page  # sensitivities are not rewritten by a hidden "Alice Public"
    for fmt in ("graphml", "gexf"):
        assert "records marked confidential are not in it" in outputs[fmt]
        assert not re.search(r"\d+ (records marked )?confidential", outputs[fmt])
    store.close()


def test_what_the_second_reader_found_in_the_rewriting(tmp_path):
    """Found by a second reader of the first fixes: a public person's whole name or alias, kept as it
    was, swallowed a hidden name that began with its last word ("Ann. Black Heron"), or a hidden first
    name ("Omar"); a confidential event whose id is a public person's was not rewritten; and an
    export kept a public person's name that held a hidden one ("Driver of Omar Stone")."""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([
        Actor(id="ann", name="Ann Black", kind="person", aliases=("Omar",)),
        Actor(id="amy", name="Driver of Omar Stone", kind="person"),
        Actor(id="omar", name="Omar Stone", kind="person", sensitivity="confidential"),
        Actor(id="bh", name="Black Heron", kind="organization", sensitivity="confidential"),
        Event(id="ann-2", name="Nightjar Channel", start="1993-01-01", sensitivity="confidential"),
        Event(id="amy", name="Quiet Supper", start="1993-01-01", sensitivity="confidential"),
        Tie(a="ann", b="amy", kind="friendship",
            note="Letters to Ann. Black Heron replied; Omar met Peres; ran the Quiet Supper")])
    path, _ = write_map(store, MapOptions(), tmp_path / "map.html")
    outputs = {"map": path.read_text(encoding="utf-8")}
    for fmt, name in (("jsonl", "e.jsonl"), ("csv", "dataset"), ("graphml", "e.graphml")):
        export(store, tmp_path / name, ExportOptions(fmt))
        outputs[fmt] = _written(tmp_path / name)
    for what, text in outputs.items():
        for hidden in ("Heron", "Omar", "Quiet Supper", "Nightjar"):
            assert hidden not in text, (what, hidden)
    store.close()


def test_what_a_third_adversary_found_in_shared_maps_and_exports(tmp_path):
    """Found by an adversarial reader of this pass's rewriting: a hidden body and a hidden event with
    one id (the event took the body's place); a public event with a hidden person's id took their
    pseudonym; an id of digits only; a name with digits written run together, apart, in full-width
    or superscript digits; a name cut in two at a tooltip's length limit; circled letters; a whole
    name glued to the word before; and a hidden "Perry Link" turning the map's own "link" into [\u2026]."""
    from ingest.export import ExportOptions, export
    from visualize.redact import pseudonym, store_salt

    note = ("fought the Black Sunrise Brigade; met informant 48213; Unit8200, Unit \uff18\uff12\uff10\uff10, "
            "Unit \u2078\u00b2\u2070\u2070 and C7; met \u24e9\u24d4\u24d1\u24e4\u24db\u24de\u24dd\u24e2\u24da\u24d8; "
            "x2Black Sunrise Brigade")
    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([
        Actor(id="x1", name="Black Sunrise Brigade", kind="organization", sensitivity="confidential"),
        Event(id="x1", name="Secret Parley", start="1993-01-01", sensitivity="confidential"),
        Actor(id="omar", name="Omar Zebulonski", kind="person", sensitivity="confidential"),
        Actor(id="48213", name="Gideon Flarp", kind="person", sensitivity="confidential"),
        Actor(id="u", name="Unit 8200", kind="organization", sensitivity="confidential"),
        Actor(id="c", name="C-7", kind="organization", sensitivity="confidential"),
        Actor(id="pl", name="Perry Link", kind="person", aliases=("Ken Party",), sensitivity="confidential"),
        Event(id="omar", name="Garden Talks", start="1993-01-01"),
        Actor(id="amy", name="Amy Stone", kind="person", description=note),
        Actor(id="ben", name="Ben Clay", kind="person", description="x " * 996 + "x Zebulonski was there"),
        Participation(actor="amy", event="omar"), Participation(actor="ben", event="omar"),
        Tie(a="amy", b="ben", kind="friendship")])
    code = pseudonym("omar", store_salt(store))
    path, _ = write_map(store, MapOptions(), tmp_path / "map.html")
    outputs = {"map": path.read_text(encoding="utf-8")}
    for fmt, name in (("jsonl", "e.jsonl"), ("csv", "dataset"), ("graphml", "e.graphml")):
        for redact_all in (False, True):
            target = tmp_path / f"{redact_all}-{name}"
            export(store, target, ExportOptions(fmt, redact=redact_all))
            outputs[f"{fmt} {redact_all}"] = _written(target)
    for what, text in outputs.items():
        for hidden in ("Sunrise", "48213", "8200", "\uff18\uff12\uff10\uff10", "\u2078\u00b2\u2070\u2070", "C7",
                       "\u24e9\u24d4\u24d1", "Zebul", "Gideon", "Secret Parley", code):
            assert hidden not in text, (what, hidden)
    assert '["link",' in outputs["map"]  # the page's own words stay: a tooltip row's label,
    assert "Party (fill)" in outputs["map"] and "[…] (fill)" not in outputs["map"]  # the legend
    store.close()


def test_a_redacted_map_gives_pseudonyms_only_to_the_people_it_draws(tmp_path):
    """Found by an adversarial reader: a redacted map focused on one person gave the pseudonym of
    someone it does not draw (named in a drawn person's description); that code names nobody in the
    file and would tie it to another map of the store."""
    from visualize.redact import pseudonym, store_salt

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="amy", name="Amy Stone", kind="person"),
                  Actor(id="ben", name="Ben Clay", kind="person"), Actor(id="bob", name="Bob Quayle", kind="person"),
                  Actor(id="cy", name="Cy Dunn", kind="person"),
                  Actor(id="club", name="Chess club", kind="organization", description="knows Bob Quayle"),
                  Affiliation(member="amy", organization="club"),
                  Tie(a="amy", b="ben", kind="friendship"),
                  Tie(a="bob", b="cy", kind="friendship")])
    path, _ = write_map(store, MapOptions(redact=True, focus="amy"), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script id="bc-data" type="application/json">(.*?)</script>', page, re.S)
                      .group(1))
    codes = set(re.findall(r"P-\d{4}-\d{4}-\d{4}", page))
    drawn = {row[1] for n in data["nodes"] for row in n.get("info", []) if row[0] == "pseudonym" and row[1]}
    salt = store_salt(store)
    assert drawn == {pseudonym("amy", salt), pseudonym("ben", salt)} and codes == drawn
    assert "Quayle" not in page and "knows [\u2026]" in page
    store.close()


def test_what_the_last_second_reader_found(tmp_path):
    """Found by a second reader of the third round of fixes: a symbol read as letters glued to a name
    hid it ("Ken\u2122", "Black Sun\u2122"); parenthesized letters were not read; ids like "p0042" rewrote
    the pseudonyms "P-0042-..." of other people in a redacted map; a withheld id carried a hidden
    person's pseudonym number; a hidden "Perry Process" turned the tooltip label "process" into [\u2026]."""
    from ingest.export import ExportOptions, export
    from visualize.redact import pseudonym, store_salt

    r = redact.Redactor({"ken-li": ["Ken Li"]}, "salt", [("bs", ["Black Sun"])], absent=["ken-li"])
    for text in ("met Ken\u2122", "Ken\u00b0", "Ken\U0001f1fa\U0001f1f8", "Black Sun\u2122", "\u24a6\u24a0\u24a9 said"):
        assert "Ken" not in r.text(text) and "Sun" not in r.text(text) and "[\u2026]" in r.text(text), text
    store = SQLiteStore(tmp_path / "k.db")
    people = [Actor(id=f"p{i:04d}", name=f"Person {i}", kind="person") for i in range(1, 301)]
    store.upsert([*people, *(Tie(a=f"p{i:04d}", b=f"p{i + 1:04d}", kind="friendship") for i in range(1, 300)),
                  Actor(id="ken", name="Perry Process", kind="person", sensitivity="confidential"),
                  Event(id="ken", name="Talks", start="1993-01-01", track="2", process="Oslo"),
                  Participation(actor="p0001", event="ken"), Participation(actor="p0002", event="ken")])
    salt = store_salt(store)
    path, _ = write_map(store, MapOptions(redact=True), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    codes = {pseudonym(a.id, salt) for a in people}
    assert set(re.findall(r"P-\d{4}-\d{4}-\d{4}(?:-\d{4})*", page)) == codes  # none glued to another
    assert '["process",' in page
    export(store, tmp_path / "e.jsonl", ExportOptions("jsonl"))
    hidden_digits = pseudonym("ken", salt)[2:].replace("-", "")
    assert hidden_digits not in (tmp_path / "e.jsonl").read_text()
    store.close()


def test_a_public_event_keeps_its_participations_beside_a_confidential_actor_of_its_id(tmp_path):
    """Found by a second reader: an export kept one set of hidden ids for actors and events, so a
    public event whose id was a confidential actor's lost its participations."""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="amy", name="Amy Stone", kind="person"), Actor(id="ben", name="Ben Clay", kind="person"),
                  Actor(id="talks", name="Talks Group", kind="organization", sensitivity="confidential"),
                  Event(id="talks", name="Open Talks", start="1993-01-01"),
                  Participation(actor="amy", event="talks"), Participation(actor="ben", event="talks")])
    report = export(store, tmp_path / "e.jsonl", ExportOptions("jsonl"))
    rows = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert sum(r["type"] == "participation" for r in rows) == 2 and report.written["participation"] == 2
    assert "Talks Group" not in (tmp_path / "e.jsonl").read_text()
    store.close()


def test_the_order_of_what_a_redacted_file_writes_says_nothing_of_who_is_who(oslo, tmp_path):
    """Found by an adversary: people came out in the order of their real ids, with organizations' ids
    between them, so whoever knows the cast matched 32 of 32 pseudonyms from row order alone (the one
    between "fafo" and "fatah" must be faisal-husseini). Rows, and a map's nodes, follow what is written."""
    import csv as csvmod

    from ingest.export import ExportOptions, export

    export(oslo, tmp_path / "red", ExportOptions("csv", redact=True))
    for name in ("actors.csv", "ties.csv", "affiliations.csv"):
        with open(tmp_path / "red" / name, encoding="utf-8", newline="") as f:
            rows = list(csvmod.reader(f))[1:]
        firsts = ([r[0] for r in rows] if name == "actors.csv" else
                  [tuple(sorted(r[:2])) if name == "ties.csv" else tuple(r[:2]) for r in rows])  # (a tie: either way)
        assert firsts == sorted(firsts), name  # by the ids written (pseudonyms), not the store's
        if name == "ties.csv":  # and each tie's two ends in that order, not as typed (a second adversary:
            assert all(r[0] < r[1] for r in rows)  # 12 of 47 Oslo ties kept a typed order of real ids)
    people = [r.id for r in oslo.records("actor") if r.kind == "person"]
    _path, m = write_map(oslo, MapOptions(redact=True), tmp_path / "map.html")
    drawn = [n["name"] for n in m.nodes if PSEUDONYM.fullmatch(n["name"])]
    assert len(drawn) > 20 and drawn == sorted(drawn)
    assert len(people) == len(set(people))
    # and the map's links (a fifth reader found its 85 participations, and the other days' affiliations,
    # in the order of their people's real ids): in the order of the nodes they join
    ends = [(min(e["s"], e["t"]), max(e["s"], e["t"])) for e in m.edges]
    assert len(ends) > 100 and ends == sorted(ends)


LEAKS = [  # what an adversary found standing in redacted files, as written in other text
    ("Board: https://no.wikipedia.org/wiki/Bj%C3%B8rn_D%C3%A6hlie", ["D%C3%A6hlie", "Bj%C3%B8rn"]),
    ("see https://ar.wikipedia.org/wiki/%D8%A3%D8%AD%D9%85%D8%AF_%D9%82%D8%B1%D9%8A%D8%B9", ["%D9%82%D8%B1"]),
    ("mail juergen.mueller@auswaertiges-amt.de", ["juergen", "mueller"]),
    ("cc oystein.oedegaard@mfa.no, or Odegaard", ["oystein", "oedegaard", "Odegaard"]),
    ("deputy boblee@forum.org", ["boblee"]),
    ("campaign #FreeBob", ["FreeBob"]),
    ("assistant to BobLee", ["BobLee"]),
    ("aka AbuAla", ["AbuAla"]),
    ("Chaired by Na Li", ["Na Li"]),
    ("Former officer of Unit 8,200", ["8,200"]),
    ("Both trained by Unit 8 200", ["8 200"]),
    ("met محمد مرسى in Cairo", ["مرسى"]),
    ("minutes drafted by Hirsch- feld", ["Hirsch"]),
    ("drafted by Hirsch\u00b7feld and Hirsch\u2027feld", ["Hirsch"]),
    ("drafted by Hirsch feld", ["Hirsch"]),
    ("P-1234-5678-9012Qurei", ["Qurei"]),
    ("minutes by Hirsch%2Dfeld", ["Hirsch"]),  # (a second reader: encoded, then joined)
    ("spelled H i r s c h f e l d", ["H i r s c h"]),
    ("met Hi rschfeld", ["rschfeld"]), ("met Hirschfel d", ["Hirschfel"]), ("met Qu rei", ["rei"]),
    ("met Q urei", ["urei"]),  # (a third reader: a piece of one or two letters)
    # (a fourth reader: a piece that is a short word, three pieces, a plural, look-alike letters, escapes)
    ("met Qure i", ["Qure"]), ("met A hmed Qurei", ["hmed"]), ("met Hir sch feld", ["feld"]),
    ("met Hirsch felds", ["felds"]), ("met Ηirschfeld", ["irschfeld"]), ("met &#81;urei", ["urei"]),
    ("met Q\\u0075rei", ["rei"]), ("see x.org/Q%2575rei", ["rei"]),
    # (a fifth reader: a right-to-left override shows reversed text the right way round; a domain name in
    # punycode; escapes in braces or of eight digits; encoded three times; markup in a word; four pieces)
    ("Deputy to \u202eieruQ dna", ["ieruQ"]), ("https://xn--jrgen-mller-thbg.de", ["jrgen"]),
    ("met \\u{51}urei", ["urei"]), ("met \\U00000051urei", ["urei"]), ("x.org/Q%252575rei", ["rei"]),
    ("met Qu<b>rei</b>", ["rei"]), ("met Hi rsc hfe ld", ["hfe"]), ("met H ir sc hf eld", ["eld"]),
    # (a sixth reader: a ">" quoted in a tag, BBCode, TeX, octal, CSS and quoted-printable escapes)
    ("met Qu<span title='>'>rei</span>", ["rei"]), ("Hirsch[b]feld[/b] chaired", ["feld"]),
    ("Hirsch\\textbf{feld} chaired", ["feld"]), ("Hirschfel\\144 was there", ["Hirschfel"]),
    ("\\48 irschfeld met", ["irschfeld"]), ("=48irschfeld met", ["irschfeld"]),
    # (a seventh reader: base64 in a link, plain or URL-safe; code points written U+0051)
    ("see https://x.org/?q=WWFpciBIaXJzY2hmZWxk", ["WWFpciBIaXJzY2hmZWxk"]),
    ("src QWhtZWQgUXVyZWkgbm90ZXM=", ["QWhtZWQgUXVyZWkgbm90ZXM"]), ("met U+0051 U+0075 U+0072 U+0065 U+0069", ["0069"]),
    # (an eighth and ninth: digits and signs for letters, a capital I for an l; a tenth: one at a word's edge)
    ("met Hir5chf3ld", ["Hir5chf3ld"]), ("met Hirschfe1d", ["Hirschfe1d"]), ("met HirschfeId2", ["HirschfeId2"]),
    ("met 5avir", ["5avir"]), ("met |arsen", ["|arsen"]), ("met Iarsen", ["Iarsen"]),
]


@pytest.mark.parametrize("text,gone", LEAKS, ids=[t for t, _ in LEAKS])
def test_names_written_otherwise_do_not_survive_the_rewriting(text, gone):
    """Found by an adversary, each standing in a redacted map or export (or, for a confidential person or
    body left out, in an unredacted one): a name percent-encoded in a link, spelled with ue/oe/aa, run
    together, reversed, with grouped digits, with an alef maqsura, or broken at a line's end."""
    people = {"p1": ["Bjørn Dæhlie"], "p2": ["Jürgen Müller"], "p3": ["Bob Lee"], "p4": ["أحمد قريع"],
              "savir": ["Uri Savir"], "larsen": ["Terje Larsen"],
              "p6": ["Li Na"], "p7": ["Øystein Ødegård"], "morsi": ["محمد مرسي"], "yair": ["Yair Hirschfeld"],
              "abu": ["Mahmoud Ahmed", "Abu Ala"], "qurei": ["Ahmed Qurei"]}
    r = redact.Redactor(people, "salt", [("u8200", ["Unit 8200"])])
    out = r.text(text)
    assert all(g not in out for g in gone), out
    assert r.mentions(text)


def test_what_the_rewriting_must_still_leave_alone():
    """The wider reading blanks no text that names nobody: names of public people are not hidden ones,
    a year is not a unit, a hyphen between two words is not a broken name."""
    r = redact.Redactor({"yair": ["Yair Hirschfeld"], "p3": ["Bob Lee"], "p6": ["Li Na"], "ina": ["Ina Søreide"],
                         "abu": ["Ahmed Qurei", "Abu Ala"], "abed": ["Yasser Abed Rabbo"], "asfour": ["Hassan Asfour"],
                         "isa": ["Isa Khan"], "adam": ["Adam Smith"]}, "salt", [("u8200", ["Unit 8200"])])
    for text in ("Talks in Oslo, 1993; 8,300 pages", "a well-known co-operation", "North Carolina, 2,000 km",
                 "https://example.org/a%20b", "Mr Bobby Leeds", "FreeTrade",
                 # two short words of text do not join into a name (a second reader found these blanked whole;
                 # "a bed" beside a hidden Abed does, on the safe side: a fourth reader split names that way)
                 "A dinner à la carte in Oslo.", "he is in a car", "the car men left", "Пётр Рерих пишет",
                 # (words that are base64 of nothing readable; U+ of no name; "+" in text)
                 "Reconciliation commission", "token AbCdEf12GhIj34 dGhlIHdlYXRoZXI=", "U+00E9 is é", "C++ and 1+1"):
        assert r.text(text) == text and not r.mentions(text), text


def test_the_telling_piece_of_an_id_and_a_body_run_together_are_read():
    """Found by a fifth reader: "X7731942" of a person's id pass-X7731942, "48213" of informant-48213
    (what tells the id apart) stood in redacted text; a confidential body's name run together in a link
    ("blacksun.org") stood in an unredacted map."""
    r = redact.Redactor({"pass-X7731942": ["Jan Jones"], "informant-48213": ["Kim Lee"]}, "salt",
                        [("bs", ["bs", "Black Sun"])])
    for text, gone in (("guest of X7731942", "7731942"), ("card X-7731942", "7731942"), ("case 48213", "48213"),
                       ("X773-1942 on file", "1942"), ("pass 773 1942", "1942"),  # (a sixth reader: split)
                       ("card no. 7731942", "7731942"), ("https://blacksun.org/pay", "blacksun"),
                       ("BLACKSUN ops", "BLACKSUN")):
        out = r.text(text)
        assert gone not in out and r.mentions(text), (text, out)
    assert r.text("guest of X7731942") == f"guest of {r.pseudonym('pass-X7731942')}"
    # a short piece, a year, a word of text are not an id's
    for text in ("in 1993 with 4821 men", "the sun rose black", "case 4821"):
        assert r.text(text) == text, text


def test_a_person_named_by_a_number_is_read_by_it():
    """Found by an adversary: a person whose whole name is "1234" and the "4711" of "Source 4711" (a codename is
    the number that names them) stood in redacted exports and maps, and a confidential one in a public body's
    description; only runs of five digits were read. A body's short number and a year nobody is named by are
    still left."""
    r = redact.Redactor({"s1": ["Source 4711"], "s2": ["1234"]}, "salt", [("u", ["Unit 8200"]), ("o", ["Oslo 1993"])])
    for text, gone in (("a: Source 4711 reported", "4711"), ("b: 4711 said", "4711"), ("agent 1234 met", "1234"),
                       ("files 1234-5", "1234")):
        out = r.text(text)
        assert gone not in out and r.mentions(text), (text, out)
    # written withheld, not as the pseudonym: "founded in P-7657..." told P-7657's codename (a second reader)
    assert r.text("agent 1234 met") == "agent [\u2026] met"
    for text in ("in 1993 with 4821 men", "case 47111", "page 471"):
        assert r.text(text) == text, text
    r = redact.Redactor({"ann": ["Ann Smith", "Agent 1993"], "p-242": ["Ben Jones"]}, "salt")
    said = r.text("Founded in 1993; met on 1993-08-20 under Resolution 242")
    assert said == "Founded in [\u2026]; met on [\u2026]-08-20 under Resolution 242", said  # (an id's: from five)
    assert r.pseudonym("ann") not in said
    # a name or alias written as the id is a name all the same (a third reader: "4711" both, left whole)
    assert redact.Redactor({"4711": ["4711"]}, "salt").text("4711 met; agent 4711") == "[\u2026] met; agent [\u2026]"
    assert redact.Redactor({"k-4711": ["Jane Roe", "k-4711"]}, "salt").text("4711 alone") == "[\u2026] alone"


def test_a_name_word_that_is_also_a_bodys_or_a_partys_is_written_withheld_not_as_the_pseudonym():
    """Found by a fifth reader: with a person named Israel Hasson, "Government of Israel" became
    "Government of P-2785-...", which tells that P-2785-... is the one named Israel; a party "P0" and a
    person of id p0 alike."""
    people = {"hasson": ["Israel Hasson"], "p0": ["Amal Abbas"], "qurei": ["Ahmed Qurei"]}
    r = redact.Redactor(people, "salt", public_names=["Government of Israel", "Israel Labor Party", "P0"])
    assert r.text("Government of Israel") == "Government of […]"
    # inside a word of a body's name too (a sixth reader: "Oxford" gave Dan Ford's pseudonym, "Sweden" Mark
    # Eden's)
    inside = redact.Redactor({"ford": ["Dan Ford"], "eden": ["Mark Eden"]}, "salt",
                             public_names=["Oxford Analytica", "Embassy of Sweden"])
    assert inside.text("Oxford Analytica") == "[…] Analytica"
    assert inside.text("Embassy of Sweden") == "Embassy of […]" and inside.text("met in Oxford") == "met in […]"
    assert inside.text("Dan Ford") == inside.pseudonym("ford")
    assert r.text("an Israeli delegation") == "an […] delegation"
    assert r.text("Party P0") == "Party […]"
    # the whole name, and names no body shares, keep their pseudonyms
    assert r.text("met Israel Hasson") == f"met {r.pseudonym('hasson')}"
    assert r.text("met Qurei in Oslo") == f"met {r.pseudonym('qurei')} in Oslo"
    assert r.text("Amal Abbas") == r.pseudonym("p0")


def test_a_redacted_export_and_map_write_a_shared_word_withheld(oslo, tmp_path):
    from ingest.export import ExportOptions, export
    from kg.model import Actor

    oslo.upsert([Actor(id="israel-hasson", name="Israel Hasson", kind="person", party=("Israel",))])
    export(oslo, tmp_path / "red.jsonl", ExportOptions("jsonl", redact=True))
    text = (tmp_path / "red.jsonl").read_text(encoding="utf-8")
    _path, m = write_map(oslo, MapOptions(redact=True), tmp_path / "map.html")
    drawn = json.dumps([n["name"] for n in m.nodes] + [x for n in m.nodes for row in n["info"] for x in row[1:]],
                       ensure_ascii=False)
    for out in (text, drawn):
        assert "Government of […]" in out
        assert not re.search(r"Government of P-\d{4}", out) and not re.search(r"P-\d{4}-\d{4}-\d{4} Labor", out)


def test_a_no_channel_note_names_barred_contacts_in_pseudonym_order_without_sources_naming_people(tmp_path):
    """Found by an adversary: a redacted channels map whose note lists the contacts that may not engage
    the group wrote them in the order of their real ids (adam, bob, zoe: matched by whoever knows the
    officials) and kept the restriction's source, "Beilin, Touching Peace (1999)", with a pseudonym for
    Beilin in it; the README says a source naming a person is left out."""
    from kg.model import Restriction

    store = SQLiteStore(tmp_path / "kg.db")
    officials = ["adam-abbot", "bob-baker", "zoe-zimmer", "mia-moss", "kai-kent"]
    store.upsert([Actor(id="xavier-asker", name="Xavier Asker", kind="person", country="RUS"),
                  Actor(id="yossi-beilin", name="Yossi Beilin", kind="person", country="ISR"),
                  Actor(id="gov", name="Government", kind="organization", org_type="government", country="RUS"),
                  Actor(id="grp", name="Group", kind="organization", org_type="armed_group", country="SYR"),
                  Actor(id="gm", name="Gus Member", kind="person", country="SYR"),
                  *[Actor(id=o, name=o.replace("-", " ").title(), kind="person", country="RUS") for o in officials],
                  Affiliation(member="gm", organization="grp"),
                  *[Affiliation(member=o, organization="gov", official=True, role="minister") for o in officials],
                  *[Tie(a="xavier-asker", b=o, kind="professional", strength=0.9) for o in officials],
                  *[Tie(a=o, b="gm", kind="professional", strength=0.9) for o in officials],
                  Restriction(group="grp", jurisdiction="RUS", kind="legal", scope="officials",
                              source="Beilin, Touching Peace (1999)")])
    opts = MapOptions(redact=True, channels=("xavier-asker", "grp"))
    path, m = write_map(store, opts, tmp_path / "m.html")
    (note,) = [n for n in m.notes if "may not engage" in n]
    written = path.read_text(encoding="utf-8")
    assert "Touching Peace" not in written and "Beilin" not in written and "source left out" in note
    listed = re.findall(r"P-\d{4}-\d{4}-\d{4}(?= \()", note)
    assert len(listed) == len(officials) and listed == sorted(listed), note
    # unredacted, the note names them and the source as before
    _path, plain = write_map(store, MapOptions(channels=("xavier-asker", "grp")), tmp_path / "p.html")
    (note,) = [n for n in plain.notes if "may not engage" in n]
    assert "Adam Abbot (" in note and "Touching Peace (1999))" in note
    store.close()


def test_what_a_redaction_adversary_found_in_words_scripts_and_what_is_said_of_people(tmp_path):
    """Found by an adversary, on the Oslo sample with a row or two added:
    - a surname that is a word of text ("a singer performed", "across", "20 Jan 1993") took the person's
      pseudonym, which then said which word the pseudonym stands for (Singer, Ross, Jan Egeland);
    - a name in Arabic, Hebrew or Chinese not given as an alias (عرفات), glued to a prefix (ولقريع: "and
      to Qurei", though قريع is an alias), or a Latin word holding one letter of another script (Pսndak,
      Ᏼeilin) stood as written;
    - a pseudonymous person's description ("Prime Minister of Israel 1992-1995") and extra columns (a
      Wikidata id, an e-mail address) named them without a name."""
    import csv as csvmod

    from ingest.export import ExportOptions, export
    from visualize.redact import pseudonym, store_salt

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="joel-singer", name="Joel Singer", kind="person"),
                  Actor(id="dennis-ross", name="Dennis Ross", kind="person"),
                  Actor(id="jan-egeland", name="Jan Egeland", kind="person"),
                  Actor(id="ron-pundak", name="Ron Pundak", kind="person"),
                  Actor(id="yossi-beilin", name="Yossi Beilin", kind="person",
                        description="Deputy Foreign Minister of Israel from 1992", props={"wikidata": "Q312745"}),
                  Actor(id="yasser-arafat", name="Yasser Arafat", kind="person", aliases=("Abu Ammar",),
                        props={"email": "chairman@example.org"}),
                  Actor(id="ahmed-qurei", name="Ahmed Qurei", kind="person", aliases=("أحمد قريع",)),
                  Actor(id="hotel", name="Grand Hotel", kind="organization",
                        description="a singer performed; guests from across the region; booked 20 Jan 1993. "
                                    "Met عرفات; a letter ولقريع; invited 阿拉法特; funded by Pսndak; Ᏼeilin came. "
                                    "Singer spoke. Across town, RossNet and Ross's."),
                  Tie(a="joel-singer", b="dennis-ross", kind="professional"),
                  Tie(a="jan-egeland", b="ron-pundak", kind="professional"),
                  Tie(a="yossi-beilin", b="yasser-arafat", kind="dialogue"),
                  Tie(a="ahmed-qurei", b="yasser-arafat", kind="dialogue")])
    salt = store_salt(store)
    export(store, tmp_path / "out", ExportOptions("csv", redact=True))
    with open(tmp_path / "out" / "actors.csv", encoding="utf-8", newline="") as f:
        rows = {r["id"]: r for r in csvmod.DictReader(f)}
    said = next(r for r in rows.values() if r["name"] == "Grand Hotel")["description"]
    assert said == ("a […] performed; guests from […] the region; booked 20 […] 1993. Met […]; a letter […]; "
                    "invited […]; funded by […]; […] came. […] spoke. […] town, […] and […]'s."), said
    beilin, arafat = rows[pseudonym("yossi-beilin", salt)], rows[pseudonym("yasser-arafat", salt)]
    assert beilin["description"] == "" and not beilin.get("wikidata")
    assert not arafat.get("email")
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").iterdir())
    assert "Q312745" not in written and "chairman@" not in written and "Deputy Foreign" not in written
    # the map: the same rewriting, and no description of a person
    path, _ = write_map(store, MapOptions(redact=True), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    assert "Deputy Foreign" not in page and "عرفات" not in page and "ꓑ" not in page and "Pսndak" not in page
    assert "a […] performed" in page and "20 […] 1993" in page
    # unredacted, nothing of this is touched
    plain, _ = write_map(store, MapOptions(), tmp_path / "p.html")
    assert "Deputy Foreign Minister of Israel from 1992" in plain.read_text(encoding="utf-8")
    store.close()


def test_what_a_third_redaction_adversary_and_a_second_reader_found(tmp_path):
    """Found by a third redaction adversary and a second reader of the day's changes:
    - a pseudonymous person's note and source ("Foreign Minister of Norway from April 1993", a Wikidata
      link) and a link's text column naming the person (holder_ref) stood in the export;
    - a map wrote undirected links (ties, co-membership) in the order of real ids or as typed ("married":
      husband first), and ranked equal bridging scores by real name;
    - "Cl1nton", invisible tag letters spelling a name, a name in katakana stood as written;
    - a public body's own name in Arabic or Hebrew was blanked under --redact."""
    from ingest.export import ExportOptions, export
    from kg.model import Affiliation, Event, Participation
    from visualize.redact import pseudonym, store_salt

    tag = "".join(chr(0xE0000 + ord(c)) for c in "Holst")
    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="johan-holst", name="Johan Holst", kind="person", party=("Norway",),
                        note="Foreign Minister of Norway from April 1993", source="https://www.wikidata.org/wiki/Q1"),
                  Actor(id="zoe-zed", name="Zoe Zed", kind="person", party=("Norway",)),
                  Actor(id="amy-abe", name="Amy Abe", kind="person", party=("Hamas",)),
                  Actor(id="bill-clinton", name="Bill Clinton", kind="person"),
                  Actor(id="hamas", name="حركة حماس", kind="organization", org_type="armed_group", aliases=("Hamas",),
                        description="founded 1987; met Cl1nton"),
                  Actor(id="ngo1", name="NGO One", kind="organization", description=f"{tag} came"),
                  Actor(id="ngo2", name="NGO Two", kind="organization", description="ホルスト wrote"),
                  Actor(id="club", name="Club", kind="organization"),
                  Affiliation(member="zoe-zed", organization="club"),
                  Affiliation(member="johan-holst", organization="club"),
                  Affiliation(member="amy-abe", organization="hamas"),
                  Tie(a="zoe-zed", b="johan-holst", kind="family"), Tie(a="amy-abe", b="zoe-zed", kind="dialogue"),
                  Tie(a="amy-abe", b="johan-holst", kind="dialogue"),
                  # (Ann reaches Hamas through Holst or Zed alike: they bridge her to it, equally)
                  Actor(id="ann-ash", name="Ann Ash", kind="person", party=("Norway",)),
                  Tie(a="ann-ash", b="johan-holst", kind="dialogue"), Tie(a="ann-ash", b="zoe-zed", kind="dialogue"),
                  Event(id="ev", name="Round", start="1993-05-01"),
                  Participation(actor="johan-holst", event="ev", props={"holder_ref": "https://www.wikidata.org/wiki/Q1",
                                                                       "seat": 4})])
    salt = store_salt(store)
    export(store, tmp_path / "out", ExportOptions("jsonl", redact=True))
    written = (tmp_path / "out").read_text(encoding="utf-8") if (tmp_path / "out").is_file() else "".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "out").iterdir())
    assert "Foreign Minister" not in written and "wikidata" not in written, written
    assert '"seat"' not in written  # (a number goes too, on a person's link: a national id, a phone number)
    assert "حركة حماس" in written and "founded 1987" not in written and "Cl1nton" not in written
    assert "ホルスト" not in written and "\U000e0048" not in written
    assert "NGO One" in written and "NGO Two" in written and "wrote" in written  # (only the word goes)
    path, m = write_map(store, MapOptions(redact=True, channels=None), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    assert "wikidata" not in page and "حركة حماس" in page
    index = {n["name"]: i for i, n in enumerate(m.nodes)}
    holst, zed = pseudonym("johan-holst", salt), pseudonym("zoe-zed", salt)
    for e in m.edges:  # every undirected link from the node drawn first: the map's order, not the typed one
        rel = dict(e["info"])["link"].split(":")[0]
        if rel in ("tie", "co-membership"):
            assert e["s"] < e["t"], e
    assert {index[holst], index[zed]} <= set(range(len(m.nodes)))
    # bridging ranks of equal scores follow the pseudonyms
    _p, b = write_map(store, MapOptions(redact=True, bridges=("Norway", "Hamas")), tmp_path / "b.html")
    ranked = sorted((dict(n["info"])["bridging score"], n["name"]) for n in b.nodes
                    if "bridging score" in dict(n["info"]))
    scores = [(float(s.split()[0]), int(s.split("#")[1].rstrip(")")), name) for s, name in ranked]
    equal = [(x, y) for x, y in zip(scores, scores[1:], strict=False) if x[0] == y[0]]
    assert equal, scores  # (Holst and Zed stand alike: equal scores)
    assert all((r1 < r2) == (n1 < n2) for (_s1, r1, n1), (_s2, r2, n2) in equal), scores
    store.close()


def test_an_ids_digits_glued_to_letters_or_padded_are_read():
    """Found by a third redaction adversary: informant-48213's digits stood in 'x48213', 'ref048213',
    '48213th' and full-width '０４８２１３'. Other numbers, and a longer number holding them, stay."""
    r = redact.Redactor({"informant-48213": ["Sam Ward"]}, "salt")
    for text in ("ref x48213 here", "ref048213", "the 48213th", "０４８２１３ x", "ref٤٨٢١٣"):
        assert "48213" not in r.text(text) and "４８２１３" not in r.text(text), text
    for text in ("call 1948213 now", "year 1993", "48214 votes"):
        assert r.text(text) == text, text


def test_a_bodys_name_in_another_script_does_not_let_a_persons_name_through(tmp_path):
    """Found by a third reader: a body's Arabic or Hebrew name was kept word by word, so the Hebrew alias
    of the Yitzhak Rabin Center, and "Rabin" in any Hebrew text, stood readable; only a body's whole name
    stays, and none of a body named after a person."""
    from ingest.export import ExportOptions, export
    from kg.model import Event

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="yitzhak-rabin", name="Yitzhak Rabin", kind="person"),
                  Actor(id="yasser-arafat", name="Yasser Arafat", kind="person"),
                  Actor(id="rc", name="Yitzhak Rabin Center", kind="organization", aliases=("מרכז יצחק רבין",)),
                  Actor(id="af", name="Yasser Arafat Foundation", kind="organization", aliases=("مؤسسة ياسر عرفات",)),
                  Actor(id="hamas", name="حركة حماس", kind="organization", aliases=("Hamas",)),
                  Event(id="ev3", name="לוויית רבין ומחאה", start="1995-11-06"),
                  Event(id="ev4", name="لقاء عرفات مع حركة حماس", start="1993-09-13"),
                  Tie(a="yitzhak-rabin", b="yasser-arafat", kind="dialogue")])
    export(store, tmp_path / "out.jsonl", ExportOptions("jsonl", redact=True))
    written = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    for word in ("רבין", "יצחק", "عرفات", "ياسر"):
        assert word not in written, word
    assert '"name": "حركة حماس"' in written and "[…] […] […] حركة حماس" in written
    # a name given in small letters is a name there, not text ("de Klerk", "bell hooks")
    r = redact.Redactor({"fdk": ["Frederik de Klerk", "de Klerk"]}, "salt")
    assert r.text("Visit by de Klerk") == f"Visit by {r.pseudonym('fdk')}"
    path, _ = write_map(store, MapOptions(redact=True), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    assert "רבין" not in page and "عرفات" not in page and "حركة حماس" in page
    store.close()



def test_rewriting_a_long_text_takes_time_in_proportion_to_it():
    """A regular expression that searched a run of letters from each of its letters made a map of the
    hostile sample take many minutes (a name of thousands of letters). The patterns that read signs for
    letters match a few characters each, so no run is read again from each of its letters (checked by
    what they match, not by a clock)."""
    r = redact.Redactor({"terje": ["Terje Larsen"], "savir": ["Uri Savir"]}, "salt", unreadable=True)
    for text in ("A" * 20000, "a1" * 10000, "x" * 20000 + "5", "aI" * 10000):
        assert isinstance(r.text(text), str)
    for pattern in (redact._LEET_WORD, redact._CAPITAL_I):
        for text in ("a" * 5000 + "1 ", " 1" + "b" * 5000, "a" * 5000 + "1" + "b" * 5000):
            assert all(m.end() - m.start() <= 64 for m in pattern.finditer(text)), pattern


def test_codes_shaped_like_pseudonyms_are_ids_or_withheld_never_kept(tmp_path):
    """Found by a fourth adversary: text shaped like a pseudonym was never rewritten, so a person whose id
    is P-1111-2222-3333 stood named by it in every export and map, and a redacted export loaded into a new
    store and exported redacted again carried the first file's codes (tying the two files together)."""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="P-1111-2222-3333", name="Yasser Arafat", kind="person"),
                  Actor(id="amos-oz", name="Amos Oz", kind="person"),
                  Actor(id="org", name="Liaison office", kind="organization",
                        description="liaison P-1111-2222-3333; and P-9999-8888-7777 of another file"),
                  Tie(a="P-1111-2222-3333", b="amos-oz", kind="friendship", note="met P-1111-2222-3333 twice")])
    code = redact.Redactor({"P-1111-2222-3333": ["Yasser Arafat"]}, redact.store_salt(store)).pseudonym(
        "P-1111-2222-3333")
    export(store, tmp_path / "r.jsonl", ExportOptions("jsonl", redact=True))
    path, _ = write_map(store, MapOptions(redact=True), tmp_path / "m.html")
    for written in ((tmp_path / "r.jsonl").read_text(encoding="utf-8"), path.read_text(encoding="utf-8")):
        assert "1111-2222-3333" not in written and "9999-8888-7777" not in written
        assert f"liaison {code}; and […] of another file" in written
    # a redacted export loaded into a new store and redacted again: no code of the first file is left
    again = SQLiteStore(tmp_path / "again.db")
    load(again, tmp_path / "r.jsonl", strict=True)
    export(again, tmp_path / "r2.jsonl", ExportOptions("jsonl", redact=True))
    first = set(re.findall(r"P-\d{4}-\d{4}-\d{4}", (tmp_path / "r.jsonl").read_text(encoding="utf-8")))
    second = set(re.findall(r"P-\d{4}-\d{4}-\d{4}", (tmp_path / "r2.jsonl").read_text(encoding="utf-8")))
    assert first and second and not first & second
    store.close()
    again.close()


def test_the_maps_own_wording_is_never_rewritten_so_it_spells_no_hidden_word(oslo, tmp_path):
    """Found by a fourth adversary: with people named Rob Given, Doris Day and Ed Friend, the last pass
    over a redacted map turned the map's own words into "source: none […]", "non-engageable on this […]"
    and "tie: […]" (friendship): words every reader knows, so each spelled the hidden word."""
    oslo.upsert([Actor(id="rob-given", name="Rob Given", kind="person"),
                 Actor(id="doris-day", name="Doris Day", kind="person"),
                 Actor(id="ed-friend", name="Ed Friend", kind="person")])
    path, _ = write_map(oslo, MapOptions(redact=True, as_of=date(1993, 2, 1)), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    assert "none […]" not in page and "this […]" not in page and "tie: […]" not in page
    assert '"none given"' in page and '"non-engageable on this day: ' in page and '"tie: friendship"' in page
    assert "Given" not in page and "Friend" not in page and "Doris" not in page


def test_an_events_place_and_source_are_in_its_tooltip(oslo, tmp_path):
    """Found by a fourth adversary: every event's tooltip read "where: ?" and "source: none given" (the
    day's projection keeps no place or source); they come from the event's record."""
    path, _ = write_map(oslo, MapOptions(), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    assert '["where","Madrid"]' in page and '["where","Washington"]' in page
    for event in oslo.records("event"):
        if event.source and event.sensitivity != "confidential":
            assert json.dumps(["source", event.source], ensure_ascii=False, separators=(",", ":")) in page


def test_a_pseudonymous_persons_roles_and_the_notes_of_their_links_are_left_out(oslo, tmp_path):
    """Found by a fourth adversary: a redacted export and map kept Rabin's affiliation "Prime Minister" of
    the Prime Minister's Office (with its dates), Clinton's "President" of the US government, and notes of
    ties between pseudonyms ("married", "the two heads of delegation"). What a link says of a person in
    words is left out (whether a role is official stays); an organization's roles stay."""
    from ingest.export import ExportOptions, export

    export(oslo, tmp_path / "r.jsonl", ExportOptions("jsonl", redact=True))
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    people = {r["id"] for r in rows if r["type"] == "actor" and r["kind"] == "person"}
    person_affs = [r for r in rows if r["type"] == "affiliation" and r["member"] in people]
    assert person_affs and all(r["role"] == "" for r in person_affs)
    assert any(r["official"] for r in person_affs)
    assert any(r["role"] for r in rows if r["type"] == "affiliation" and r["member"] not in people)
    assert not [r for r in rows if r["type"] in ("tie", "influence", "participation") and r.get("note")
                and ({r.get("a"), r.get("b"), r.get("from"), r.get("to"), r.get("actor")} & people)]
    path, _ = write_map(oslo, MapOptions(redact=True), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    for said in ("Prime Minister\"", "affiliation: Prime Minister", "affiliation: President", "heads of delegation",
                 "married"):
        assert said not in page and said not in (tmp_path / "r.jsonl").read_text(encoding="utf-8"), said
    assert '"affiliation: member"' in page


def test_country_codes_and_alias_lists_under_redaction(tmp_path):
    """Found by a fourth adversary: aliases "Hirsch" and "feld" (a CSV cell "Hirsch;feld") were read one by
    one and kept; a made-up country code KAI of a person named Kai stayed in exports (the map rewrote it).
    And, found while fixing it: the map rewrote a real country's code that is a name word (BEN, Benin's,
    with a person named Ben), which spelled the name; a country's code is the data's vocabulary."""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="ben", name="Ben Smith", kind="person", country="NOR"),
                  Actor(id="kai", name="Kai Eide", kind="person", country="KAI"),
                  Actor(id="bj", name="Benin Official", kind="person", country="BEN"),
                  Actor(id="yh", name="Yair Hirschfeld", kind="person"),
                  Actor(id="plo", name="PLO", kind="organization", org_type="armed_group", country="PSE",
                        aliases=("Hirsch", "feld")),
                  Actor(id="fatah", name="Fatah", kind="organization", aliases=("Fatah movement", "Harakat"))])
    store.upsert([Restriction(group="plo", jurisdiction="KAI", kind="legal", scope="nationals"),
                  Restriction(group="plo", jurisdiction="BEN", kind="legal", scope="nationals")])
    export(store, tmp_path / "r.jsonl", ExportOptions("jsonl", redact=True))
    rows = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert "KAI" not in (tmp_path / "r.jsonl").read_text(encoding="utf-8")
    assert sorted(r["country"] or "-" for r in rows if r["type"] == "actor") == ["-", "-", "-", "BEN", "NOR", "PSE"]
    assert [r["jurisdiction"] for r in rows if r["type"] == "restriction"] == ["BEN"]
    aliases = {r["id"]: r["aliases"] for r in rows if r["type"] == "actor" and r["kind"] == "organization"}
    assert aliases == {"plo": [], "fatah": ["Fatah movement", "Harakat"]}
    path, _ = write_map(store, MapOptions(redact=True), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    assert '["country","BEN"]' in page and "KAI" not in page
    store.close()


def test_a_persons_two_roles_in_one_body_both_stay_when_their_words_are_left_out(tmp_path):
    """Found by a second reader: with roles left out, Peres's "a member" and "foreign minister" (official)
    in one government, both undated, had one key; the export kept the first, not official, and the
    shared data no longer made him an official. Both stay, told apart by number."""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="peres", name="Shimon Peres", kind="person"),
                  Actor(id="gov", name="Government", kind="organization", org_type="government", country="ISR"),
                  Affiliation(member="peres", organization="gov", role="a member"),
                  Affiliation(member="peres", organization="gov", role="foreign minister", official=True)])
    export(store, tmp_path / "r.jsonl", ExportOptions("jsonl", redact=True))
    rows = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    affs = sorted((r["role"], r["official"]) for r in rows if r["type"] == "affiliation")
    assert affs == [("", False), ("role 2", True)], affs
    again = SQLiteStore(tmp_path / "again.db")
    assert not load(again, tmp_path / "r.jsonl", strict=True).errors  # (and it loads back)
    store.close()
    again.close()


def test_what_a_sharing_adversary_found_in_files_without_redact(tmp_path):
    """Found by an adversarial reader: with confidential records left out (no --redact), a hidden
    person's Arabic name with a prefix glued on ("ولقريع", "and to Qurei") and a Latin name holding an
    Armenian letter ("Pսndak") stayed in exports and maps, and so did a hidden body's or event's name
    in the plural or run together ("two Black Tigers", "BlackTigers", "the Night Hawks", "Safe-House
    Dinners"). Other Arabic words stay: only --redact writes every one of them […]."""
    from ingest.export import ExportOptions, export

    text = ("رسالة ولقريع من تونس; Pսndak called; two Black Tigers, a BlackTigers post, the Night Hawks struck, "
            "the Black Tigers' truce; catered the Safe-House Dinners")
    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([
        Actor(id="ahmed-qurei", name="Ahmed Qurei", kind="person", aliases=("أحمد قريع",), sensitivity="confidential"),
        Actor(id="ron-pundak", name="Ron Pundak", kind="person", sensitivity="confidential"),
        Actor(id="black-tiger", name="Black Tiger", kind="organization", aliases=("Night Hawk",),
              sensitivity="confidential"),
        Event(id="dinner", name="Safe-House Dinner", start="1993-01-01", sensitivity="confidential"),
        Actor(id="office", name="Tunis Office", kind="organization", description=text),
        Actor(id="desk", name="Oslo Desk", kind="organization"),
        Tie(a="office", b="desk", kind="professional", note=text)])
    path, _ = write_map(store, MapOptions(), tmp_path / "map.html")
    outputs = {"map": html.unescape(path.read_text(encoding="utf-8"))}
    for fmt, name in (("jsonl", "e.jsonl"), ("csv", "dataset"), ("graphml", "e.graphml"), ("gexf", "e.gexf")):
        target = tmp_path / name
        export(store, target, ExportOptions(fmt))
        outputs[fmt] = _written(target)
    for what, written in outputs.items():
        for hidden in ("قريع", "Pսndak", "Tiger", "Night Hawk", "Safe-House"):
            assert hidden not in written, (what, hidden)
        assert "رسالة" in written and "تونس" in written, what  # ("message", "Tunis": no name of anyone hidden)
    store.close()


def test_a_restriction_not_public_is_marked_where_a_map_or_a_graph_file_shows_it(tmp_path):
    """Found by a sharing adversary: a restricted designation of a public group was written in GraphML's
    and GEXF's `restricted_by`, and drawn on the map as "non-engageable", with no mark (the node's own
    sensitivity is the group's: public)."""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="front", name="Front", kind="organization"),
                  Restriction(group="front", jurisdiction="NOR", kind="legal", scope="nationals", start="1990",
                              sensitivity="restricted"),
                  Restriction(group="front", jurisdiction="GBR", kind="legal", scope="officials", start="1990",
                              sensitivity="confidential")])
    for fmt in ("graphml", "gexf"):
        export(store, tmp_path / f"e.{fmt}", ExportOptions(fmt))
        written = (tmp_path / f"e.{fmt}").read_text(encoding="utf-8")
        assert "NOR legal on nationals, 1990 to now [RESTRICTED]" in written and "GBR" not in written
        export(store, tmp_path / f"all.{fmt}", ExportOptions(fmt, include_confidential=True))
        assert "GBR legal on officials, 1990 to now [CONFIDENTIAL]" in (tmp_path / f"all.{fmt}").read_text(
            encoding="utf-8")
    path, _ = write_map(store, MapOptions(as_of=date(2000, 1, 1)), tmp_path / "map.html")
    drawn = html.unescape(path.read_text(encoding="utf-8"))
    assert "legal restriction of NOR on nationals (1990 to now) (restricted record)" in drawn and "GBR" not in drawn
    from visualize import build_map  # (and the node's label, which a picture shows: an adversarial reader)

    (node,) = [n for n in build_map(store, MapOptions(as_of=date(2000, 1, 1))).nodes if "Front" in n["label"]]
    assert "Front (restricted) [RESTRICTED]" in node["label"]
    path, _ = write_map(store, MapOptions(as_of=date(2000, 1, 1), include_confidential=True), tmp_path / "all.html")
    assert "legal restriction of GBR on officials (1990 to now) (confidential record)" in html.unescape(
        path.read_text(encoding="utf-8"))
    store.close()


def test_without_redact_a_hidden_bodys_words_and_a_short_name_inside_other_words_stay(tmp_path):
    """Found by a second reader of the rule above: every word of a hidden body's Arabic name was written
    […] in a public body's alias ("حركة المقاومة الإسلامية" of Hamas), and a hidden "محمد علي" took
    "عليه" ("upon him") with it. A body's name is matched whole; a person's name word with a prefix
    glued on, not any word its letters stand in."""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([
        Actor(id="pij", name="Islamic Jihad", kind="organization", aliases=("حركة الجهاد الإسلامي",),
              sensitivity="confidential"),
        Actor(id="mali", name="Muhammad Ali", kind="person", aliases=("محمد علي",), sensitivity="confidential"),
        Actor(id="hamas", name="Hamas", kind="organization", aliases=("حركة المقاومة الإسلامية",),
              description="سلام عليه; وعلي; حركة الجهاد الإسلامي")])
    export(store, tmp_path / "e.jsonl", ExportOptions("jsonl"))
    (hamas,) = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()
                if json.loads(line).get("id") == "hamas"]
    assert hamas["aliases"] == ["حركة المقاومة الإسلامية"]
    assert hamas["description"] == "سلام عليه; […]; […]"  # (and "and Ali", the hidden body's whole name)
    store.close()


def test_what_a_second_sharing_adversary_found_without_redact():
    """Found by an adversarial reader of this pass's rules, for files made without --redact: a hidden
    body's Arabic name with a prefix glued on ("وكتائب القسام"); a Hebrew name behind three prefix letters
    that transliterate to more ("וכשפרס"); Japanese and Korean names with a particle after them; a hidden
    body's name in its -es and -ies plurals, and run together inside a longer word (a web address, a
    handle); Latin names typed in look-alike Cyrillic, Greek, Lisu or Cherokee letters. And public text: a
    Chinese sentence holding a Latin word was written [...] whole."""
    r = redact.Redactor(
        {"q": ["Shimon Peres", "שמעון פרס"], "e": ["Eri Sato", "エリ"], "s": ["Lee Su", "이수"],
         "st": ["Amy Stone"], "bc": ["Bill Clinton"]}, "salt",
        [("\x00a", ["qassam", "Qassam Brigades", "كتائب القسام"]), ("\x00b", ["bf-7", "Black Fox", "Night Army"])],
        unreadable="names", absent=["q", "e", "s", "st", "bc"])
    for text in ("وكتائب القسام هنا", "لكتائب القسام", "וכשפרס הגיע", "וכששמעון", "エリさんは会議に出席した",
                 "이수는 회의에 참석했다", "two Black Foxes", "the Night Armies", "see www.theblackfox.org",
                 "@nightarmyofficial", "Ѕtone", "Ϲlinton", "CӀinton", "ꓢꓔꓳꓠꓰ", "Ꮪtone"):
        written = r.text(text)
        assert "[…]" in written, text
        for hidden in ("كتائب", "פרס", "שמעון", "エリ", "이수", "Fox", "Armies", "blackfox", "nightarmy", "tone",
                       "linton", "ꓢꓔ"):
            assert hidden not in written, (text, written)
    for public in ("在Oslo举行的第一轮会谈由Fafo主持。", "NHKニュースによると", "حركة المقاومة الإسلامية",
                   "the Fox News"):
        assert r.text(public) == public


def test_a_maps_channels_note_is_marked_as_the_terminal_marks_it(tmp_path):
    """Found by an adversarial reader: the map's note said a restricted ban (and its source) barred the
    contact, unmarked, where the terminal marks the same sentence [RESTRICTED]."""
    from visualize import build_map

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="gov", name="Gov", kind="organization", org_type="government", country="ISR"),
                  Actor(id="min", name="Mina Minister", kind="person", country="ISR"),
                  Actor(id="grp", name="Group", kind="organization", org_type="armed_group"),
                  Actor(id="lead", name="Lead Er", kind="person"),
                  Affiliation(member="min", organization="gov", official=True, role="minister"),
                  Affiliation(member="lead", organization="grp"),
                  Restriction(group="grp", jurisdiction="ISR", kind="legal", scope="officials",
                              source="draft listing", sensitivity="restricted"),
                  Tie(a="min", b="lead", kind="dialogue")])
    m = build_map(store, MapOptions(as_of=date(2000, 1, 1), channels=("min", "grp")))
    (note,) = [n for n in m.notes if "no channel" in n]
    assert "draft listing" in note and note.endswith("[RESTRICTED]")
    store.close()


def test_a_withheld_id_is_written_in_its_own_order_not_its_real_ones(tmp_path):
    """Found by an adversarial reader: without --redact, the row of a body whose id named a hidden person
    ("cell-stone", written "withheld-...") stood where its real id sorts, between cell-sami and cell-tariq.
    (An id is withheld without --redact when it or its actor's name holds a hidden whole name, here the name.)"""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="omar-stone", name="Omar Stone", kind="person", sensitivity="confidential"),
                  *[Actor(id=f"cell-{n}", name=f"{'Omar ' if n == 'stone' else ''}{n.title()} cell",
                          kind="organization")
                    for n in ("aziz", "sami", "stone", "tariq", "zaid")]])
    export(store, tmp_path / "e.jsonl", ExportOptions("jsonl"))
    ids = [json.loads(line)["id"] for line in (tmp_path / "e.jsonl").read_text().splitlines()
           if json.loads(line).get("type") == "actor"]
    assert ids[:4] == ["cell-aziz", "cell-sami", "cell-tariq", "cell-zaid"] and ids[4].startswith("withheld-")
    store.close()


def test_what_a_second_reader_found_in_the_rules_without_redact():
    """A Hebrew body's name whose article ה a prefix swallows ("לבית היהודי" for "הבית היהודי") was kept;
    a hidden body's Japanese or Chinese words took every sentence holding them ("日本" of "日本 赤軍"); the
    plurals of a hidden "The Party" took "the parties agreed"; a hidden "Net Work" took "networking"."""
    r = redact.Redactor({}, "salt", [("\x00a", ["bayit", "הבית היהודי"]), ("\x00b", ["jra", "日本 赤軍"]),
                                     ("\x00c", ["tp", "The Party"]), ("\x00d", ["nw", "Net Work"]),
                                     ("\x00e", ["mh", "המחתרת"])],
                        unreadable="names", absent=[])
    for text in ("שלחו כסף לבית היהודי", "הפגישה בבית היהודי", "חברי במחתרת נעצרו", "日本赤軍の声明"):
        assert "[…]" in r.text(text), text
    for public in ("日本の外務省は会談を支持した", "The parties agreed to meet", "networking events",
                   "שלחו כסף לבית הספר"):
        assert r.text(public) == public, public


def test_a_name_spelt_in_cyrillic_or_greek_letters_is_written_withheld():
    """Found by a new user: `--redact` left "Джеймс Уитфилд" and "Рут Менса" (James Whitfield and Ruth Mensah in
    their usual Russian spellings) and Greek "Γιάσερ" whole: folded, they read "dzheyms uitfild", not as the
    names. A Cyrillic or Greek word that sounds like a name word (alike, or with the same three consonants
    or more) is written […]; ordinary Russian and Greek text is kept."""
    people = {"james": ["James Whitfield"], "ruth": ["Ruth Mensah"], "ayo": ["Ayo Barre"], "mateo": ["Mateo Ruiz"],
              "yasser": ["Yasser Arafat"], "shimon": ["Shimon Peres"]}
    r = redact.Redactor(people, "salt")
    for spelt in ("Джеймс", "Уитфилд", "Рут", "Менса", "Айо", "Руис", "Γιάσερ", "Μπαρρε", "Σιμόν"):
        assert r.text(f"Встреча: {spelt} там.") == "Встреча: […] там.", spelt
    russian = ("Переговоры в Осло начались в январе 1993 года при посредничестве норвежского института. Стороны "
               "встречались тайно в загородном доме, обсуждая принципы временного самоуправления и безопасность.")
    greek = "Οι διαπραγματεύσεις στο Όσλο ξεκίνησαν τον Ιανουάριο του 1993 με τη μεσολάβηση του ινστιτούτου."
    assert r.text(russian) == russian and r.text(greek) == greek
    assert r.text("Mines and menus") == "Mines and menus"  # (Latin words are compared as spelt, not by sound)


def test_a_short_name_spelt_with_other_vowels_in_cyrillic_is_written_withheld():
    """Left undone last pass, and said in the README: "Ясир" and "Ясер" (Yasser) kept their two consonants
    but not its vowels, so neither matched. Two consonants with two vowels or more are compared with
    any vowels; one vowel fewer ("мир", peace, for Meir) is ordinary text and kept."""
    r = redact.Redactor({"yasser": ["Yasser Arafat"], "meir": ["Golda Meir"], "sara": ["Sara Cohen"]}, "salt")
    for spelt in ("Ясир", "Ясер", "Ясиръ"):
        assert r.text(f"Встреча: {spelt} там.") == "Встреча: […] там.", spelt
    kept = "Мир возможен: сыр, рис и сок на столе."
    assert r.text(kept) == kept


def test_a_bodys_or_partys_arabic_or_hebrew_name_spelling_a_person_given_in_latin_letters_is_not_kept(tmp_path):
    """Found by an adversary: under --redact a body's or a party's name in Arabic or Hebrew stayed whole
    unless it matched a person's name as given, so "مؤسسة ياسر عرفات" (the Yasser Arafat Foundation, its alias,
    and text quoting it), a body named "مركز ياسر عرفات للدراسات" and a person's party "تيار دحلان" (Dahlan's
    current, in the legend and the tooltip) stood whole beside people given in Latin letters only. Such a name
    whose word reads, as Latin consonants, as a name word's (three or more) is written […]; ordinary names of
    bodies stay."""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="yasser-arafat", name="Yasser Arafat", kind="person", party=("PLO",)),
                  Actor(id="dahlan", name="Mohammed Dahlan", kind="person", party=("تيار دحلان",)),
                  Actor(id="peres", name="Shimon Peres", kind="person", party=("Israel",)),
                  Actor(id="yaf", name="YAF", kind="organization", party=("PLO",), aliases=("مؤسسة ياسر عرفات",)),
                  Actor(id="yac", name="مركز ياسر عرفات للدراسات", kind="organization", party=("PLO",)),
                  Actor(id="pc", name="PC", kind="organization", party=("Israel",), aliases=("מרכז פרס לשלום",)),
                  Actor(id="fatah", name="Fatah", kind="organization", party=("PLO",), aliases=("حركة فتح",),
                        description="اجتماع في مؤسسة ياسر عرفات؛ بيان حركة فتح"),
                  Actor(id="hamas", name="حركة حماس", kind="organization", party=("حماس",)),
                  Actor(id="knesset", name="הכנסת", kind="organization", party=("Israel",)),
                  Affiliation(member="yasser-arafat", organization="fatah"),
                  Affiliation(member="dahlan", organization="fatah"),
                  Affiliation(member="peres", organization="knesset")])
    export(store, tmp_path / "out.jsonl", ExportOptions("jsonl", redact=True))
    path, _ = write_map(store, MapOptions(redact=True), tmp_path / "m.html")
    for written in ((tmp_path / "out.jsonl").read_text(encoding="utf-8"), path.read_text(encoding="utf-8")):
        for word in ("عرفات", "دحلان", "פרס"):
            assert word not in written, word
        for kept in ("حركة فتح", "حركة حماس", "הכנסת", "[…] […] […] […] […]؛ […] حركة فتح"):
            assert kept in written, kept
    store.close()


def test_a_name_word_split_by_an_ayn_a_hamza_or_a_soft_sign_is_matched_without_it(tmp_path):
    """Found by an adversary: "Fuʾād Maʿṣūm" (standard Arabic romanization) and "Илья Яшин" (a soft sign) fold
    to "fu'ad ma`sum", "il'ya": every word split into pieces too short to be name words, so "Talks with Masum",
    "Fuad chaired" and "Ilya", even "Илья" spelt as given, survived --redact. A name word so split also counts
    joined without the mark, and a word of text is compared joined too; text without the names stays."""
    from ingest.export import ExportOptions, export

    r = redact.Redactor({"p1": ["Fuʾād Maʿṣūm"], "p2": ["Илья Яшин"]}, "salt", unreadable=True)
    for text, gone in (("Talks with Masum", "Masum"), ("Fuad chaired; Masum's aide", "Fuad"),
                       ("Илья встретился с делегацией", "Илья"), ("Ilya later wrote", "Ilya"),
                       ("met Maʿṣūm in Erbil", "ṣūm")):
        assert gone not in r.text(text), text
    assert r.text("met Fuad Masum") == f"met {r.pseudonym('p1')}"
    for kept in ("O'Brien said it didn't rain", "Письмо о деньгах: Игорь и Дарья пишут статью",
                 "the Baʿth party met in al-Mawṣil"):
        assert r.text(kept) == kept, kept
    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="p1", name="Fuʾād Maʿṣūm", kind="person"),
                  Actor(id="puk", name="PUK", kind="organization", description="its envoy Fuad Masum; Masum spoke"),
                  Event(id="ev1", name="Talks with Masum", start="2005-03-01")])
    export(store, tmp_path / "out.jsonl", ExportOptions("jsonl", redact=True))
    assert "masum" not in (tmp_path / "out.jsonl").read_text(encoding="utf-8").lower()
    store.close()


def test_a_redacted_map_shows_every_person_by_pseudonym_whatever_the_name(tmp_path):
    """Found by an adversary: exports write a person's name as the pseudonym, but the map passed it through
    the rewriting of text, which reads no name of one letter, number under five digits or symbol: codenames
    "K", "4711", "🦅", "١٢٣٤" stood as labels, search entries and tooltips (the pseudonym only inside the
    tooltip), and in a channels map's title and note."""
    store = SQLiteStore(tmp_path / "k.db")
    codes = {"src-1": "4711", "src-2": "K", "src-3": "🦅", "src-5": "١٢٣٤"}
    store.upsert([*(Actor(id=i, name=n, kind="person", party=("PLO",)) for i, n in codes.items()),
                  Actor(id="fatah", name="Fatah", kind="organization", party=("PLO",)),
                  *(Affiliation(member=i, organization="fatah") for i in codes),
                  Event(id="ev", name="Meeting", start="2001-01-01"), Participation(actor="src-2", event="ev")])
    salt = redact.store_salt(store)
    _path, m = write_map(store, MapOptions(redact=True), tmp_path / "m.html")
    people = [n for n in m.nodes if n["kind"] == "person"]
    shown = [(n["name"], n["label"].strip("\u2068\u2069")) for n in people]  # (the label isolated: FSI ... PDI)
    assert len(people) == 4 and all(PSEUDONYM.fullmatch(a) and PSEUDONYM.fullmatch(b) for a, b in shown), shown
    between = [row[1] for e in m.edges for row in e["info"] if row[0] == "between"]
    assert all(re.fullmatch(r"P-[\d-]+ \u2014 Fatah", b) for b in between), between
    who = [row[1] for e in m.edges for row in e["info"] if row[0] == "who"]
    assert who == [redact.pseudonym("src-2", salt)], who
    _path, ch = write_map(store, MapOptions(redact=True, channels=("src-2", "fatah")), tmp_path / "c.html")
    p = redact.pseudonym("src-2", salt)
    assert ch.title == f"Channels from {p} to Fatah" and ch.notes[0].startswith(f"{p} is a member"), ch.notes
    store.close()


def test_two_short_words_of_a_name_run_together_are_matched():
    """Found by an adversary: "Ben Ali" of Zine El Abidine Ben Ali and "Abu Ali" of Abu Ali Mustafa, two words
    of three letters, stood run together ("BENALI", "www.benali.tn", "abuali@pflp.ps"): only a whole name was
    matched so, and a word of three letters only alone. Two or three words of a name side by side, each too
    short to be found inside another word, are matched run together; other words holding them stay."""
    r = redact.Redactor({"zaba": ["Zine El Abidine Ben Ali"], "aam": ["Abu Ali Mustafa"],
                         "jdc": ["Juan de la Cruz"]}, "salt", unreadable=True)
    for text, gone in (("Party of President BENALI", "BENALI"), ("archived site www.benali.tn", "benali"),
                       ("Contact: abuali@pflp.ps", "abuali"), ("Benali's party", "Benali")):
        assert gone not in r.text(text), text
    for kept in ("the Benalla affair", "a dela ride on the Delaware", "Abuja talks"):
        assert r.text(kept) == kept, kept


def test_a_persons_links_keep_no_source_that_points_somewhere_nor_any_extra_column(tmp_path):
    """Found by an adversary: a person's own source (a Wikidata link) is left out under --redact, but the same
    link as the source of the person's affiliation or tie (".../wiki/Q34211#P39": Yasser Arafat's item) stood
    in maps and exports; and number-valued extra columns of the person's affiliation (national id, phone, date
    of birth) stood in every export format. A link touching a person keeps no source that points somewhere and
    no extra column, numbers included (an affiliation's strength aside); a citation in words, and the links
    of bodies, keep theirs."""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="yasser-arafat", name="Yasser Arafat", kind="person"),
                  Actor(id="shimon-peres", name="Shimon Peres", kind="person"),
                  Actor(id="plo", name="PLO", kind="organization"),
                  Actor(id="fatah", name="Fatah", kind="organization"),
                  Affiliation(member="yasser-arafat", organization="plo", source="https://www.wikidata.org/wiki/Q34211#P39",
                              props={"national_id": 900012345, "phone": 97225551234, "dob": 19290824, "strength": 0.9}),
                  Tie(a="yasser-arafat", b="shimon-peres", kind="dialogue", source="wikidata.org/wiki/Q34213#P3342"),
                  Event(id="ev", name="Round", start="1993-05-01"),
                  Participation(actor="shimon-peres", event="ev", source="https://example.org/peres-bio"),
                  Tie(a="yasser-arafat", b="plo", kind="dialogue", source="Savir, The Process (1998)"),
                  Affiliation(member="fatah", organization="plo", source="https://www.plo.ps/members",
                              props={"seats": 12})])
    for fmt, name in (("jsonl", "e.jsonl"), ("graphml", "e.graphml"), ("csv", "csv")):
        export(store, tmp_path / name, ExportOptions(fmt, redact=True))
        out = tmp_path / name
        written = "".join(p.read_text(encoding="utf-8") for p in (sorted(out.iterdir()) if out.is_dir() else [out]))
        for gone in ("Q34211", "Q34213", "peres-bio", "900012345", "97225551234", "19290824"):
            assert gone not in written, (fmt, gone)
        for kept in ("0.9", "Savir, The Process (1998)", "https://www.plo.ps/members", "seats"):
            assert kept in written, (fmt, kept)
    path, m = write_map(store, MapOptions(redact=True), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    assert "Q34211" not in page and "Q34213" not in page and "peres-bio" not in page
    assert "Savir, The Process (1998)" in page and "https://www.plo.ps/members" in page
    assert any("point somewhere" in line for line in m.report), m.report
    store.close()


def test_a_name_given_in_its_ascii_transcription_is_matched_in_the_letters_it_transcribes():
    """Found by an adversary: names stored as a passport or a database writes them ("Gerhard Schroeder",
    "Terje Roed-Larsen") were not matched where text used the letters they transcribe ("Schröder's envoy",
    "SCHRÖDER", "Rød hosted"): the ue/oe/ae/aa rule ran one way only. Each is now also read as its one vowel;
    words that merely hold such a pair stay ("Samuel" beside a Manuel, "Rod" of a person's id is no name given
    in small letters)."""
    r = redact.Redactor({"gs": ["Gerhard Schroeder"], "tl": ["Terje Roed-Larsen"], "mj": ["Manuel Joel"],
                         "aase": ["Aase Kleveland"]}, "salt", unreadable=True)
    for text, gone in (("Schröder's envoy attended", "Schröder"), ("Led by SCHRÖDER until 2004", "SCHRÖDER"),
                       ("Rød hosted", "Rød"), ("Åse spoke", "Åse")):
        assert gone not in r.text(text), text
    assert r.text("Gerhard Schröder spoke") == f"{r.pseudonym('gs')} spoke"
    for kept in ("Samuel joined the talks", "a Noel Coward play", "the Jolly Roger"):
        assert r.text(kept) == kept, kept
    ids = redact.Redactor({"roed": ["Terje Roed-Larsen"]}, "salt")
    # (a word of the id's other spelling: matched where written with the letter it transcribes, "Rød"; the
    # English "rod" is no transcription of it, a second reader)
    assert ids.text("the Rød") == "the […]" and ids.text("the rod") == "the rod"


def test_an_azerbaijani_schwa_reads_as_the_a_of_english_spelling():
    """Found by an adversary: "Əliyev" folded to "eliyev", so with Heydar Aliyev given in English spelling the
    Azerbaijani one stood whole. Ə folds to a (as Cyrillic ә does) and a name given with it is also matched
    with an e; Azerbaijani text without the names stays."""
    r = redact.Redactor({"ha": ["Heydar Aliyev"], "ia": ["İlham Əliyev"]}, "salt", unreadable=True)
    assert r.text("Heydər Əliyev spoke") == f"{r.pseudonym('ha')} spoke"
    assert r.text("Əliyev spoke") == "[…] spoke" and r.text("Eliyev spoke") == "[…] spoke"
    kept = "Azərbaycan Respublikasının prezidenti nəzarət edir"
    assert r.text(kept) == kept


def test_a_latin_iota_for_an_l_is_read_as_it_shows():
    """Found by an adversary: a Latin iota (ɩ, Ɩ) folds to i but shows as an l, so "Cɩinton" and "Hirschfeɩd"
    stood whole. It is read as an l too, as other look-alike letters are; text without it stays."""
    r = redact.Redactor({"bc": ["Bill Clinton"], "yh": ["Yair Hirschfeld"]}, "salt", unreadable=True)
    for text in ("Cɩinton came", "met HirschfeɩD", "CƖINTON came"):
        assert r.text(text) == "[…]", text
    assert r.text("Clinic in Oslo") == "Clinic in Oslo"


def test_a_persons_links_keep_no_short_or_lowercase_wikidata_id_bare_doi_or_orcid(tmp_path):
    """Found by a second reader: points_somewhere() read a Wikidata item only with three digits or more and a
    capital Q, and a DOI only as doi: or doi.org, so "Wikidata Q76 (P39)" (Barack Obama's item), "q34211", a bare
    DOI ("10.1093/ref:odnb/31231", a biography) and an ORCID id stood on a person's links in redacted exports and
    maps. A citation in words with small numbers stays."""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="obama", name="Barack Obama", kind="person"),
                  Actor(id="scholar", name="Rashid Khalidi", kind="person"),
                  Actor(id="whitehouse", name="Executive Office", kind="organization"),
                  Actor(id="columbia", name="Columbia University", kind="organization"),
                  Actor(id="gov", name="Government", kind="organization"),
                  Affiliation(member="obama", organization="whitehouse", source="Wikidata Q76 (P39)"),
                  Affiliation(member="scholar", organization="columbia",
                              source="ORCID 0000-0002-1825-0097; doi 10.1093/ref:odnb/31231"),
                  Tie(a="obama", b="scholar", kind="dialogue", source="q34211"),
                  Tie(a="obama", b="gov", kind="dialogue", source="Q4 2001 report, section 10.2")])
    export(store, tmp_path / "e.jsonl", ExportOptions("jsonl", redact=True))
    written = (tmp_path / "e.jsonl").read_text(encoding="utf-8")
    path, _m = write_map(store, MapOptions(redact=True), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    for out in (written, page):
        for gone in ("Q76", "0000-0002-1825-0097", "10.1093", "q34211"):
            assert gone not in out, gone
        assert "Q4 2001 report, section 10.2" in out
    store.close()


def test_a_hebrew_tsadi_and_an_arabic_jim_read_as_latin_spellings_do():
    """Found by a second reader: the consonant reading of Hebrew bodies' names read צ as "tz" ("rtsg", "tsmn")
    while a Latin name with z reads "rsg", "smn": "מכללת הרצוג" (Herzog College) and "מכון ויצמן למדע" stood whole
    beside Isaac Herzog and Chaim Weizmann given in Latin letters, where "מרכז פרס לשלום" was caught. And ج read
    only as j, so the Egyptian spelling Ragab did not match "رجب". Ordinary bodies' names stay."""
    bodies = [["מכללת הרצוג"], ["מכון ויצמן למדע"], ["מרכז פרס לשלום"], ["مؤسسة رجب"], ["הכנסת"], ["حركة فتح"]]
    r = redact.Redactor({"ih": ["Isaac Herzog"], "cw": ["Chaim Weizmann"], "sp": ["Shimon Peres"],
                         "ar": ["Ahmed Ragab"]}, "salt", unreadable=True, public_bodies=bodies)
    for gone in ("הרצוג", "ויצמן", "פרס", "رجب"):
        name = next(b[0] for b in bodies if gone in b[0])
        assert gone not in r.text(name), name
    for kept in ("הכנסת", "حركة فتح"):
        assert r.text(kept) == kept, kept


def test_a_maps_search_entries_leave_out_an_alias_list_that_names_someone_read_together(tmp_path):
    """Found by a second reader: the map's search entries ("aka") rewrote each alias alone, so an organization's
    aliases "Hirsch;feld" stood in a --redact map beside Yair Hirschfeld, where kg export --redact leaves such a
    list out whole. The list is read together as the export reads it; a list that names nobody stays."""
    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="yh", name="Yair Hirschfeld", kind="person"),
                  Actor(id="ecf", name="Economic Cooperation Foundation", kind="organization",
                        aliases=("Hirsch", "feld")),
                  Actor(id="plo", name="Palestine Liberation Organization", kind="organization",
                        aliases=("PLO", "Munazzamat")),
                  Affiliation(member="yh", organization="ecf"), Affiliation(member="yh", organization="plo")])
    path, m = write_map(store, MapOptions(redact=True), tmp_path / "m.html")
    aka = {n["name"]: n.get("aka") for n in m.nodes}
    assert aka["Economic Cooperation Foundation"] is None, aka
    assert aka["Palestine Liberation Organization"] == ["PLO", "Munazzamat"], aka
    assert '"Hirsch"' not in path.read_text(encoding="utf-8")
    store.close()


def test_the_one_vowel_and_ayn_joined_readings_of_a_name_take_no_ordinary_word():
    """Found by a second reader: the one-vowel reading of ue/oe/ae/aa applied to every name (Saad -> "sad", Maan ->
    "man", Raed -> "rad") and the ayn/hamza joining gave Saʿīd -> "said", Saʿd -> "sad", so "a sad war; the man ...
    who said no" was written […]. A word only such a reading gives that is of three letters or a word of text is
    matched only where written with a letter or mark it reads (Rød, Saʿd); longer ones as before (Schroder,
    Fuad, Masum); the whole names in every spelling as before."""
    r = redact.Redactor({"p1": ["Saad Hariri"], "p2": ["Maan Bashour"], "p3": ["Raed Salah"], "p4": ["Nūrī al-Saʿīd"],
                         "p5": ["Saʿd Zaghlul"], "gs": ["Gerhard Schroeder"], "tl": ["Terje Roed-Larsen"],
                         "f": ["Fuʾād Maʿṣūm"]}, "salt", unreadable=True)
    text = "Founded after a sad war; the man in charge of the desk met Rad Levi, who said no."
    assert r.text(text) == text
    for kept in ("Man of the year", "SAID so", "Sad news", "a rod"):
        assert r.text(kept) == kept, kept
    for said, gone in (("Saad spoke", "Saad"), ("Maan and Raed", "Maan"), ("Maan and Raed", "Raed"),
                       ("Saʿd spoke", "Saʿd"), ("Saʿīd spoke", "Saʿīd"), ("Schröder's envoy", "Schröder"),
                       ("Gerhard Schroder's envoy", "Schroder"), ("Rød hosted", "Rød"), ("Fuad chaired", "Fuad"),
                       ("Masum spoke", "Masum")):
        assert gone not in r.text(said), said
    assert r.text("Sad Hariri spoke") == f"{r.pseudonym('p1')} spoke"
    assert r.text("Fuad Masum spoke") == f"{r.pseudonym('f')} spoke"


def test_a_bodys_arabic_or_hebrew_name_is_not_taken_for_a_given_name_or_a_common_word():
    """Found by a second reader: the consonant reading un-kept bodies' names whose words merely share three
    consonants with one word of a person's Latin name: Salam Fayyad (slm) took الإسلامية, so Hamas's name went;
    Israel Hasson (srl) took ישראל; Yossi Sarid (srd) took משרד through its prefix (מ + שרד). Only a surname's
    consonants, or two name words of one person, count; a Hebrew prefix is taken off only where four letters
    or more are left; common words of bodies' names are never read so. Names of people stay caught."""
    bodies = [["حركة حماس", "حركة المقاومة الإسلامية"], ["ממשלת ישראל"], ["משרד החוץ"], ["مؤسسة ياسر عرفات"],
              ["تيار دحلان"], ["מרכז פרס לשלום"], ["مؤسسة سلام فياض"]]
    r = redact.Redactor({"sf": ["Salam Fayyad"], "ih": ["Israel Hasson"], "ys": ["Yossi Sarid"],
                         "ya": ["Yasser Arafat"], "md": ["Mohammed Dahlan"], "sp": ["Shimon Peres"]},
                        "salt", unreadable=True, public_bodies=bodies)
    for kept in ("حركة حماس", "حركة المقاومة الإسلامية", "ממשלת ישראל", "משרד החוץ"):
        assert r.text(kept) == kept, kept
    for gone in ("مؤسسة ياسر عرفات", "تيار دحلان", "מרכז פרס לשלום", "مؤسسة سلام فياض"):
        assert r.text(gone) != gone, gone


def test_short_words_of_a_name_run_together_take_no_ordinary_word():
    """Found by a second reader: the run-together rule for short words of a name matched "banki" (Ban Ki-moon) in
    the Russian "Банки" (banks), "anade" (Ana de Palacio) in the Spanish "añade", "hochi" (Ho Chi Minh) in
    "Hochi Shimbun". Such a run-together form needs six letters and no particle at its end (a particle belongs
    to the word after it); BENALI, benali.tn and abuali@ are still matched."""
    r = redact.Redactor({"bkm": ["Ban Ki-moon"], "adp": ["Ana de Palacio"], "hcm": ["Ho Chi Minh"],
                         "zaba": ["Zine El Abidine Ben Ali"], "aam": ["Abu Ali Mustafa"]}, "salt", unreadable=True)
    for kept in ("Банки закрыты до понедельника.", "El ministro añade que no.", "Hochi Shimbun reported it."):
        assert r.text(kept) == kept, kept
    for text, gone in (("President BENALI", "BENALI"), ("www.benali.tn", "benali"), ("abuali@pflp.ps", "abuali")):
        assert gone not in r.text(text), text
    assert r.text("Ban Ki-moon spoke") == f"{r.pseudonym('bkm')} spoke"


def test_a_russian_name_with_a_case_ending_or_a_usual_spelling_is_written_withheld(tmp_path):
    """Found by an adversary: the sound-alike reading missed Russian names with a case ending ("с Ясиром",
    "Уитфилдом", "с Джеймсом Бейкером", "Шаатом", "Рёд-Ларсеном"), the German sch and French ch written Ш
    ("Хиршфельд", "Шольц", "Шрёдер", "Фишер", "Мишель", "Ширак"), Greek "Τσόρτσιλ" (Churchill) and "Χίρσφελντ",
    and names whose J reads y ("Юуль", "Юнкер", "Терье", and "Рёд" for Rød). Also without --redact, for a
    confidential person, in an export."""
    from ingest.export import ExportOptions, export

    people = {"ya": ["Yasser Arafat"], "jw": ["James Whitfield"], "jb": ["James Baker"], "ns": ["Nabil Shaath"],
              "tr": ["Terje Rød-Larsen"], "yh": ["Yair Hirschfeld"], "os": ["Olaf Scholz"],
              "gs": ["Gerhard Schröder"], "hs": ["Helmut Schmidt"], "jf": ["Joschka Fischer"],
              "mb": ["Michel Barnier"], "jc": ["Jacques Chirac"], "wc": ["Winston Churchill"], "mj": ["Mona Juul"],
              "jcj": ["Jean-Claude Juncker"], "jjh": ["Johan Jørgen Holst"], "ih": ["Isaac Herzog"]}
    r = redact.Redactor(people, "salt", unreadable=True)
    for spelt in ("с Ясиром", "Ясира", "Уитфилдом", "с Джеймсом Бейкером", "Шаатом", "Рёд-Ларсеном", "Хиршфельд",
                  "Шольц", "Шрёдер", "Шмидт", "Фишер", "Мишель", "Ширак", "Τσόρτσιλ", "Χίρσφελντ", "Юуль", "Юнкер",
                  "Терье", "Рёд", "Черчилль", "Моной", "Гиршфельд", "Йохан", "Ёрген", "Герцогом"):
        written = r.text(f"Встреча: {spelt} там.")
        assert not re.search(r"[^\W\d_]{3,}", written.replace("Встреча", "").replace("там", "")), (spelt, written)
    russian = ("Переговоры в Осло начались в январе 1993 года при посредничестве норвежского института. Стороны "
               "встречались тайно в загородном доме, обсуждая принципы временного самоуправления и безопасность. "
               "Встреча прошла 12 июля.")
    assert r.text(russian) == russian
    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="ns", name="Nabil Shaath", kind="person", sensitivity="confidential"),
                  Actor(id="yh", name="Yair Hirschfeld", kind="person"),
                  Actor(id="desk", name="Asia Desk", kind="organization", description="интервью с Шаатом")])
    export(store, tmp_path / "out.jsonl", ExportOptions("jsonl"))
    assert "Шаат" not in (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    store.close()


def test_a_bodys_name_holding_a_surname_of_three_consonants_with_an_h_kh_w_or_ch_is_not_kept(tmp_path):
    """Found by an adversary: under --redact the names "קרן סמוטריץ'", "مؤسسة الزهار", "بنیاد خامنه‌ای" and
    "مركز عشراوي" stood whole beside Bezalel Smotrich, Mahmoud al-Zahar, Ali Khamenei and Hanan Ashrawi: the
    consonant reading dropped h and kh and read w as a vowel, so Zahar, Khamenei and Ashrawi counted two
    consonants (exempt), and it read Latin ch as k where Hebrew writes ץ. Nor did "Λέσχη Τσόρτσιλ" (Churchill)
    go. Ordinary bodies' names stay."""
    from ingest.export import ExportOptions, export

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="bs", name="Bezalel Smotrich", kind="person"),
                  Actor(id="mz", name="Mahmoud al-Zahar", kind="person"),
                  Actor(id="ak", name="Ali Khamenei", kind="person"),
                  Actor(id="ha", name="Hanan Ashrawi", kind="person"),
                  Actor(id="wc", name="Winston Churchill", kind="person"),
                  Actor(id="o1", name="קרן סמוטריץ'", kind="organization"),
                  Actor(id="o2", name="مؤسسة الزهار", kind="organization"),
                  Actor(id="o3", name="بنیاد خامنه‌ای", kind="organization"),
                  Actor(id="o4", name="مركز عشراوي", kind="organization"),
                  Actor(id="o5", name="Λέσχη Τσόρτσιλ", kind="organization"),
                  Actor(id="o6", name="حركة حماس", kind="organization"),
                  Actor(id="o7", name="הכנסת", kind="organization"),
                  *(Affiliation(member=p, organization=o) for p, o in (("bs", "o1"), ("mz", "o2"), ("ak", "o3"),
                                                                      ("ha", "o4"), ("wc", "o5"), ("mz", "o6")))])
    export(store, tmp_path / "out.jsonl", ExportOptions("jsonl", redact=True))
    path, _ = write_map(store, MapOptions(redact=True), tmp_path / "m.html")
    for written in ((tmp_path / "out.jsonl").read_text(encoding="utf-8"), path.read_text(encoding="utf-8")):
        for word in ("סמוטריץ", "الزهار", "خامنه", "عشراوي", "Τσόρτσιλ"):
            assert word not in written, word
        for kept in ("حركة حماس", "הכנסת"):
            assert kept in written, kept
    store.close()


def test_a_surname_or_one_word_name_that_is_a_common_word_is_still_hidden(tmp_path):
    """Found by an adversary: the surname Das (a common word, like van, les, dos, del) was never hidden: "Das &
    Associates", "Meeting at Das's house", "Founded by Tarun Das" (as "P-… Das"?) kept it. A common word is
    matched alone unless it is not the last word of a person's name (van of Jan van Dijk stays a word of text)."""
    from ingest.export import ExportOptions, export

    r = redact.Redactor({"td": ["Tarun Das"], "jvd": ["Jan van Dijk"], "del": ["Del"]}, "salt", unreadable=True)
    for text in ("Das & Associates", "Meeting at Das's house", "DAS hosted", "Del spoke"):
        written = r.text(text)
        assert not re.search(r"(?i)\b(das|del)\b", written), (text, written)
    assert r.text("van Gogh and the Van") == "van Gogh and the Van"
    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="tarun-das", name="Tarun Das", kind="person"),
                  Actor(id="das-associates", name="Das & Associates", kind="organization",
                        description="Founded by Tarun Das in 1991"),
                  Event(id="das-house", name="Meeting at Das's house", start="1993-01", location="Das's house"),
                  Participation(actor="tarun-das", event="das-house", role="host"),
                  Affiliation(member="tarun-das", organization="das-associates")])
    export(store, tmp_path / "out.jsonl", ExportOptions("jsonl", redact=True))
    path, _ = write_map(store, MapOptions(redact=True), tmp_path / "m.html")
    for written in ((tmp_path / "out.jsonl").read_text(encoding="utf-8"), path.read_text(encoding="utf-8")):
        assert not re.search(r"(?i)(?<![a-z])das(?![a-z])", written), re.findall(r".{30}(?i:das).{30}", written)
    store.close()


def test_a_percent_sign_or_escape_inside_a_name_does_not_stop_the_match():
    """Found by an adversary: "see Hirsch%feld notes" stood (unquoted, "%fe" is an escape of no text). A percent
    sign inside a word, or a %XX escape there, is read as other punctuation inside a word is; a share stays."""
    r = redact.Redactor({"yh": ["Yair Hirschfeld"]}, "salt", unreadable=True)
    for text in ("see Hirsch%feld notes", "Hirsch%%feld", "Hirsch%2Efeld", "Hirsch%C2%ADfeld"):
        assert r.text(text) == "[…]", text
    assert r.text("50% of the vote, 100%safe") == "50% of the vote, 100%safe"


def test_braille_and_letters_upside_down_are_not_kept(tmp_path):
    """Found by an adversary: "file ⠓⠊⠗⠎⠉⠓⠋⠑⠇⠙" (Braille) and "plǝɟɥɔsɹᴉH" (Hirschfeld upside down) stood in a
    --redact file. Under --redact a run of Braille and a word holding a turned letter are written […]; without
    --redact, a text in which they spell a hidden person's name is written […] whole. The open ɔ of Akan and
    the schwa of Azerbaijani are letters of text."""
    from ingest.export import ExportOptions, export

    r = redact.Redactor({"yh": ["Yair Hirschfeld"]}, "salt", unreadable=True)
    for text in ("file ⠓⠊⠗⠎⠉⠓⠋⠑⠇⠙ ok", "plǝɟɥɔsɹᴉH attended", "⠠⠓⠊⠗⠎⠉⠓⠋⠑⠇⠙"):
        written = r.text(text)
        assert not any("\u2801" <= c <= "\u28ff" or c in "ǝɟɥɹᴉ" for c in written), (text, written)
    assert r.text("Əliyev met Ɔkyeame Boafo") == "Əliyev met Ɔkyeame Boafo"
    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id="yh", name="Yair Hirschfeld", kind="person", sensitivity="confidential"),
                  Actor(id="desk", name="Asia Desk", kind="organization",
                        description="file ⠓⠊⠗⠎⠉⠓⠋⠑⠇⠙; plǝɟɥɔsɹᴉH attended"),
                  Actor(id="desk2", name="Other Desk", kind="organization", description="uʍop ǝpısdn, ⠁⠃⠉")])
    export(store, tmp_path / "out.jsonl", ExportOptions("jsonl"))
    written = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert "⠓⠊⠗" not in written and "plǝɟɥɔsɹᴉH" not in written
    assert "uʍop ǝpısdn, ⠁⠃⠉" in written
    store.close()


def test_the_legend_order_and_colours_of_redacted_parties_do_not_follow_their_real_names(tmp_path):
    """Found by an adversary: parties took their colours and legend places in the sorted order of their real
    names, so in a --redact map "[…] camp" first was Abbas's and second Dahlan's. They are ordered by their names
    as written, then by a keyed hash: across stores (salts), the two camps come in both orders."""
    orders = set()
    for k in range(12):
        store = SQLiteStore(tmp_path / f"k{k}.db")
        store.set_meta_once(redact.SALT_SETTING, f"salt {k}")  # (fixed salts: the test gives one answer)
        store.upsert([Actor(id="mahmoud-abbas", name="Mahmoud Abbas", kind="person", party=("Abbas camp",)),
                      Actor(id="mohammed-dahlan", name="Mohammed Dahlan", kind="person", party=("Dahlan camp",)),
                      Actor(id="a1", name="Ahmad Yusuf", kind="person", party=("Dahlan camp",)),
                      Actor(id="a2", name="Omar Khalil", kind="person", party=("Abbas camp",)),
                      Tie(a="mahmoud-abbas", b="a2", kind="professional"),
                      Tie(a="mohammed-dahlan", b="a1", kind="professional")])
        _, m = write_map(store, MapOptions(redact=True), tmp_path / f"m{k}.html")
        fills = [i["node"]["fill"] for i in m.legend[0]["items"] if i["label"] == "[…] camp"]
        abbas = next(n["fill"] for n in m.nodes
                     if n["name"] == redact.pseudonym("mahmoud-abbas", redact.store_salt(store)))
        assert len(fills) == 2 and abbas in fills
        orders.add(fills.index(abbas))
        store.close()
    assert orders == {0, 1}


def test_a_sound_alike_name_is_withheld_in_every_reading_and_more_russian_and_greek_forms(tmp_path):
    """Found by a second adversary: a Cyrillic name caught only by its sound was kept once encoded or broken up
    (a percent-encoded link to Шаат, "Хирш-\\nфельдом", "Шаа<b>т</b>", "#ШаатЛжёт", "Хирш фельд"), and Russian
    plurals, adjectives and short stems (Клинтонам, хиршфельдовский, Хиршфельдовы, Яном), Ukrainian -ові,
    Greek ντ and τζ (Κλίντον, Τζέιμς) were missed."""
    people = {"ns": ["Nabil Shaath"], "yh": ["Yair Hirschfeld"], "bc": ["Bill Clinton"], "je": ["Jan Egeland"],
              "jb": ["James Baker"]}
    r = redact.Redactor(people, "salt", unreadable=True)
    for spelt in ("https://ru.wikipedia.org/wiki/%D0%A8%D0%B0%D0%B0%D1%82", "Встреча с Хирш-\nфельдом",
                  "Шаа<b>т</b>", "#ШаатЛжёт", "Хирш фельд", "Х.и.р.ш.ф.е.л.ь.д", "Клинтонам", "хиршфельдовский план",
                  "Хиршфельдовы записи", "с Яном", "Хиршфельдові", "Κλίντον", "Τζέιμς"):
        written = r.text(f"Запись: {spelt}")
        assert "[…]" in written and not any(w in written for w in ("Шаа", "Хирш", "Клинт", "Ян", "Κλίντ", "Τζέι")), (
            spelt, written)
    russian = ("Переговоры в Осло начались в январе 1993 года при посредничестве норвежского института. Стороны "
               "встречались тайно в загородном доме, обсуждая принципы временного самоуправления и безопасность.")
    assert r.text(russian) == russian


def test_a_node_of_two_parties_takes_the_colour_and_order_of_the_legend_not_of_the_real_names(tmp_path):
    """Found by a second adversary: a member of two redacted camps always took the colour of the one first by its
    real name, and a tooltip "Hamas, […] camp" told where a hidden name sorts. A node lists its parties in the
    legend's order."""
    firsts = set()
    for k in range(10):
        store = SQLiteStore(tmp_path / f"k{k}.db")
        store.set_meta_once(redact.SALT_SETTING, f"salt {k}")
        store.upsert([Actor(id="mahmoud-abbas", name="Mahmoud Abbas", kind="person", party=("Abbas camp",)),
                      Actor(id="mohammed-dahlan", name="Mohammed Dahlan", kind="person", party=("Dahlan camp",)),
                      Actor(id="rami", name="Rami Haddad", kind="person", party=("Abbas camp", "Dahlan camp")),
                      Tie(a="mahmoud-abbas", b="rami", kind="professional"),
                      Tie(a="mohammed-dahlan", b="rami", kind="professional")])
        _, m = write_map(store, MapOptions(redact=True), tmp_path / f"m{k}.html")
        legend = [i["node"]["fill"] for i in m.legend[0]["items"] if i["label"] == "[…] camp"]
        rami = next(n for n in m.nodes if n["name"] == redact.pseudonym("rami", redact.store_salt(store)))
        assert rami["fill"] == legend[0]  # (the first of its parties in the legend's order)
        abbas = next(n["fill"] for n in m.nodes
                     if n["name"] == redact.pseudonym("mahmoud-abbas", redact.store_salt(store)))
        firsts.add(rami["fill"] == abbas)
        store.close()
    assert firsts == {True, False}  # (which camp's colour it takes follows the keyed order, not the names)
