"""Maps in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Every request that leaves the file is blocked and counted; script errors and dialogs are counted;
names and descriptions carry script-injection payloads; every node is hovered to open its tooltip.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from ingest import load
from kg.model import Actor, Affiliation, Event, Participation, Restriction, Tie
from visualize import MapOptions, build_map, write_map

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "oslo"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
PAYLOADS = ["<img src=x onerror=alert(1)>", '"><script>alert(2)</script>', "</script><svg onload=alert(4)>"]
RLO = "\u202eevil\u202c reversed \u202dname"  # right-to-left and left-to-right overrides
LONG = "W" * 200_000


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium is missing at /usr/bin/chromium; `make test` installs it (apt-get install chromium)")
        pytest.skip("the browser tests need Debian's chromium (apt-get install chromium); make test installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield b
        b.close()


class Visit:
    """One page load with everything that happened counted."""

    def __init__(self, browser, path: Path, hover: bool = True, shot: str | None = None,
                 viewport: tuple[int, int] = (1400, 900)):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.route("**/*", self._route(path))
        page.goto(path.resolve().as_uri())
        page.wait_for_function("() => window.backchannel && window.backchannel.firstDrawMs !== null",
                               timeout=120_000)
        self.first_draw_ms = page.evaluate("window.backchannel.firstDrawMs")
        self.node_count = page.evaluate("window.backchannel.nodeCount")
        self.edge_count = page.evaluate("window.backchannel.edgeCount")
        self.title = page.evaluate("document.getElementById('bc-title').textContent")
        self.subtitle = page.evaluate("document.getElementById('bc-subtitle').textContent")
        self.legend = page.evaluate("document.getElementById('bc-legend').textContent")
        self.hovered = self.spots = 0
        if hover:  # every node drawn, one after the other (legend folded away): each must open its tooltip
            page.evaluate("document.getElementById('bc-legend').open = false")
            spots = page.evaluate("window.backchannel.screen()")
            self.spots = len(spots)
            for _, x, y in spots:
                page.mouse.move(x, y)
                if page.evaluate("document.getElementById('bc-tip').style.display") == "block":
                    self.hovered += 1
            page.wait_for_timeout(200)
        if shot:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / shot))
        self.page = page

    def _route(self, path: Path):
        own = path.resolve().as_uri()

        def handle(route):
            if route.request.url == own:
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()
        return handle

    def close(self):
        self.page.close()


def hostile_records():
    p1, p2, p3 = PAYLOADS
    return [
        Actor(id="evil-1", name=p1, kind="person", party=(p2,), description=p3, source=p1, aliases=(p3,)),
        Actor(id="evil-2", name=p2, kind="organization", org_type="armed_group", party=(p3,), description=p1),
        Actor(id="evil-3", name=p3, kind="person", party=("PLO",), description=p2),
        Actor(id="href-holder", name='<a href="javascript:alert(5)">click</a>', kind="person", description="href"),
        Actor(id="rlo", name=RLO, kind="person", party=("PLO",), description=RLO + LONG),
        Actor(id="long", name=LONG, kind="organization", org_type="ngo", party=(LONG,), description=LONG),
        Actor(id="arabic", name="\u0645\u0646\u0638\u0645\u0629 \u0627\u0644\u062a\u062d\u0631\u064a\u0631 (PLO) 1993",
              kind="organization", party=("PLO",)),
        Tie(a="rlo", b="evil-1", kind="dialogue", note=RLO),
        Tie(a="long", b="evil-1", kind="dialogue", note=LONG, source=LONG),
        Tie(a="arabic", b="evil-3", kind="dialogue"),
        Tie(a="evil-1", b="evil-3", kind="dialogue", source=p3, note=p1),
        Tie(a="evil-3", b="ahmed-qurei", kind="dialogue", source=p2),
        Tie(a="href-holder", b="evil-1", kind="friendship", source="href=javascript:alert(6)"),
        Affiliation(member="evil-1", organization="evil-2", role=p1, source=p2),
        Event(id="evil-event", name=p2, location=p1, start="1993-01"),
        Participation(actor="evil-1", event="evil-event", source=p3),
        Participation(actor="evil-3", event="evil-event"),
        Restriction(group="evil-2", jurisdiction="ISR", kind="legal", scope="nationals", source=p1),
    ]


@pytest.fixture
def hostile_store(sqlite_store):
    load(sqlite_store, SAMPLE, strict=True)
    sqlite_store.upsert(hostile_records())
    return sqlite_store


@pytest.mark.parametrize("name,opts", [
    ("plain", MapOptions(as_of=date(1993, 2, 1))),
    ("channels", MapOptions(as_of=date(1993, 2, 1), channels=("shimon-peres", "plo"))),
    ("bridges", MapOptions(as_of=date(1993, 2, 1), bridges=(PAYLOADS[1], "PLO"))),
    ("focus", MapOptions(as_of=date(1993, 2, 1), focus="evil-1", hops=2, title=PAYLOADS[2])),
])
def test_hostile_names_run_no_script_and_nothing_leaves_the_file(browser, hostile_store, tmp_path, name, opts):
    path, m = write_map(hostile_store, opts, tmp_path / f"{name}.html")
    raw = path.read_bytes().decode("utf-8")  # written as UTF-8 whatever the platform
    assert "Terje Rød-Larsen" in raw or name == "focus"
    for payload in PAYLOADS:
        assert payload not in raw  # never verbatim in the page source
    visit = Visit(browser, path, shot=f"hostile-{name}.png")
    assert visit.outside == []
    assert visit.errors == []
    assert visit.dialogs == []
    assert visit.node_count == len(m.nodes) and visit.edge_count == len(m.edges)
    drawn = [n for n in m.nodes if n.get("t0") is None or n["t0"] <= m.day]
    assert visit.hovered == visit.spots == len(drawn) > 3
    # the page's own text keeps its direction and size: no override reached it, nothing grew
    page = visit.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    assert page.evaluate("document.getElementById('bc-header').getBoundingClientRect().height") < 120
    assert page.evaluate("document.getElementById('bc-canvas').getBoundingClientRect().height") > 600
    labels = page.evaluate("window.backchannel.data.nodes.map(n => n.label)")
    assert all(len(x) <= 42 and x[0] == "\u2068" and x[-1] == "\u2069" for x in labels)
    assert not any(c in raw for c in "\u202a\u202b\u202d\u202e")
    visit.close()


def test_hostile_text_shows_as_text(browser, hostile_store, tmp_path):
    path, _ = write_map(hostile_store, MapOptions(as_of=date(1993, 2, 1), title=PAYLOADS[0]), tmp_path / "t.html")
    visit = Visit(browser, path, hover=False)
    assert visit.title == PAYLOADS[0]
    assert PAYLOADS[1] in visit.legend and PAYLOADS[2] in visit.legend
    visit.close()


def test_channel_map_draws_the_sample_with_contacts_marked(browser, sqlite_store, tmp_path):
    load(sqlite_store, SAMPLE, strict=True)
    opts = MapOptions(as_of=date(1993, 2, 1), channels=("shimon-peres", "plo"))
    path, m = write_map(sqlite_store, opts, tmp_path / "channels.html")
    visit = Visit(browser, path, hover=False, shot="oslo-channels.png")
    contact = next(n for n in m.nodes if n["id"] == "yair-hirschfeld")
    assert contact["mark"] == "contact" and "contact" in visit.legend
    faded = [n for n in m.nodes if n["faded"]]
    assert 0 < len(faded) < len(m.nodes)
    assert visit.node_count == len(m.nodes)
    assert visit.title == "Channels from Shimon Peres to Palestine Liberation Organization"
    # every actor of the answer is named at once, not only when zoomed in (a new user found four unnamed)
    labelled = set(visit.page.evaluate("window.backchannel.labelled"))
    answer = {i for i, n in enumerate(m.nodes) if n.get("mark") or n.get("lp")}
    assert answer and answer <= labelled, [m.nodes[i]["name"] for i in answer - labelled]
    visit.page.fill("#bc-search", "rod-larsen")  # the search box ignores case and accents
    visit.page.press("#bc-search", "Enter")
    assert visit.page.evaluate("window.backchannel.selected") == "terje-rod-larsen"
    visit.close()


def test_confidential_records_are_left_out_unless_asked(browser, sqlite_store, tmp_path):
    load(sqlite_store, SAMPLE, strict=True)
    sqlite_store.upsert([Actor(id="informant", name="Secret Informant", kind="person", sensitivity="confidential"),
                         Tie(a="informant", b="ahmed-qurei", kind="communication", sensitivity="confidential"),
                         Tie(a="mona-juul", b="ahmed-qurei", kind="friendship", sensitivity="confidential",
                             note="private channel")])
    default, _ = write_map(sqlite_store, MapOptions(), tmp_path / "default.html")
    text = default.read_text(encoding="utf-8")
    assert "Secret Informant" not in text and "private channel" not in text
    full, m = write_map(sqlite_store, MapOptions(include_confidential=True), tmp_path / "full.html")
    assert "Secret Informant" in full.read_text(encoding="utf-8")
    visit = Visit(browser, full, hover=False)
    assert "INCLUDES CONFIDENTIAL RECORDS" in visit.subtitle
    visit.close()


def test_a_focus_map_of_a_thousand_nodes_draws_at_once(browser, sqlite_store, tmp_path):
    from benchmarks.synthetic import synthetic_records

    sqlite_store.upsert(synthetic_records(4000, 12000))
    opts = MapOptions(focus="o0", hops=2)
    path, m = write_map(sqlite_store, opts, tmp_path / "focus.html")
    assert len(m.nodes) >= 1000
    assert all("x" in n and "y" in n for n in m.nodes)
    visit = Visit(browser, path, hover=False)
    assert visit.first_draw_ms < 5000 and visit.errors == [] and visit.outside == []
    assert next(n for n in m.nodes if n["id"] == "o0")["mark"] == "focus" and "focus of the map" in visit.legend
    visit.close()


def test_the_same_data_gives_the_same_picture(sample_store):
    a, b = build_map(sample_store, MapOptions()), build_map(sample_store, MapOptions())
    assert [(n["x"], n["y"]) for n in a.nodes] == [(n["x"], n["y"]) for n in b.nodes]


def test_ten_thousand_actors_draw_in_under_two_seconds(browser, sqlite_store, tmp_path):
    from benchmarks.synthetic import synthetic_records

    sqlite_store.upsert(synthetic_records(10_000, 50_000))
    path, m = write_map(sqlite_store, MapOptions(), tmp_path / "big.html")
    assert len(m.nodes) >= 10_000 and len(m.edges) >= 50_000
    visit = Visit(browser, path, hover=False, shot="map-10000.png")
    assert visit.errors == [] and visit.outside == [] and visit.node_count == len(m.nodes)
    assert visit.first_draw_ms < 4000  # goal 2 s; the benchmark measures it on a quiet machine
    # the picture fills the frame: no lone actor flung far away shrinks the rest to a blob
    xs = sorted(x for _, x, _ in visit.page.evaluate("window.backchannel.screen()"))
    assert xs[int(len(xs) * 0.95)] - xs[int(len(xs) * 0.05)] > 300  # was a 60-pixel blob
    assert visit.page.evaluate("window.backchannel.labelsDrawn") > 5
    visit.page.screenshot(path=str(tmp_path / "map-10000.png"))
    visit.close()


def test_the_date_slider_shows_links_beginning_and_ending(browser, sample_store, tmp_path):
    path, m = write_map(sample_store, MapOptions(as_of=date(1993, 2, 1)), tmp_path / "slider.html")
    visit = Visit(browser, path, hover=False)
    page = visit.page
    seen = {}
    for day in ("1991-11-01", "1993-09-13"):
        page.evaluate(f"window.backchannel.setDay('{day}')")
        seen[day] = page.evaluate("window.backchannel.liveEdges")
        assert page.evaluate("document.getElementById('bc-day').textContent").startswith(day)
        for where in (ARTIFACTS, tmp_path):
            where.mkdir(exist_ok=True)
            page.screenshot(path=str(where / f"slider-{day}.png"))
    live = {d: sum(1 for e in m.edges if (e["t0"] is None or e["t0"] <= n) and (e["t1"] is None or n <= e["t1"]))
            for d, n in (("1991-11-01", _day("1991-11-01")), ("1993-09-13", _day("1993-09-13")))}
    assert seen == live and seen["1991-11-01"] < seen["1993-09-13"]
    assert visit.errors == []
    visit.close()


def _day(iso: str) -> int:
    return (date.fromisoformat(iso) - date(1970, 1, 1)).days


def test_the_legend_folds_away_on_a_phone(browser, sample_store, tmp_path):
    path, _ = write_map(sample_store, MapOptions(as_of=date(1993, 2, 1), channels=("shimon-peres", "plo")),
                        tmp_path / "phone.html")
    visit = Visit(browser, path, hover=False, viewport=(390, 844))
    page = visit.page
    assert page.evaluate("document.getElementById('bc-legend').open") is False
    page.click("#bc-legend summary")
    box = page.evaluate("(() => { const r = document.getElementById('bc-legend').getBoundingClientRect();"
                        " return [r.left, r.right, r.top, r.bottom]; })()")
    assert box[0] >= 0 and box[1] <= 390 and box[3] <= 844
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone-legend.png"))
    assert visit.errors == []
    visit.close()


def test_unknown_focus_is_a_helpful_error(sqlite_store, tmp_path):
    from kg.errors import UnknownIdError

    load(sqlite_store, SAMPLE, strict=True)
    with pytest.raises(UnknownIdError, match="did you mean 'terje-rod-larsen'"):
        build_map(sqlite_store, MapOptions(focus="rod-larsen"))


def test_chromium_is_installed_by_the_project():
    assert shutil.which("chromium") or os.environ.get("CI", "").lower() != "true"


def test_restricted_records_are_marked_on_the_page(browser, sqlite_store, tmp_path):
    """Found by a map recipient: restricted people, events and links looked like public ones, and a restricted
    event's tooltip said nothing of it. Each carries a badge (R, C) the legend explains, and its tooltip
    says its sensitivity."""
    from test_viz_cli import _sensitive_records

    sqlite_store.upsert(_sensitive_records())
    path, m = write_map(sqlite_store, MapOptions(as_of=date(2021, 1, 1)), tmp_path / "sens.html")
    visit = Visit(browser, path, hover=False)
    page = visit.page
    marked = [x for x in m.nodes + m.edges if x.get("sv")]
    assert len(marked) > 4 and page.evaluate("window.backchannel.badgesDrawn") == len(marked)
    assert "R: rests on a record marked restricted" in visit.legend
    lunch = next(s for s in page.evaluate("window.backchannel.screen()") if s[0] == "event:ev3")
    page.evaluate("document.getElementById('bc-legend').open = false")
    page.mouse.move(lunch[1], lunch[2])
    assert "sensitivity: restricted" in page.evaluate("window.backchannel.tooltip")
    assert visit.errors == []
    visit.close()


VERMILION_PIXELS = """(() => {  // pixels of the answer's colour at full strength on the map's canvas
  const c = document.getElementById('bc-canvas'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4)
    if (Math.abs(d[i] - 213) < 12 && Math.abs(d[i + 1] - 94) < 12 && d[i + 2] < 25) n++;
  return n;
})()"""


def test_off_the_answers_day_the_slider_says_so_and_dims_it(browser, sqlite_store, tmp_path):
    """Found by a map recipient: moved to another day, the slider redrew the links but kept the map day's
    channels highlighted as if current, and painted another record between the same two people (a 2022
    dialogue tie, where the hop rests on a 2020 friendship). Off the map's day the page now says "answer as
    of <day>" and dims the answer; only the records of the answer are ever highlighted."""
    from kg.model import Actor, Affiliation, Restriction, Tie

    sqlite_store.upsert([
        Actor(id="gov", name="Government of Abc", kind="organization", org_type="government", party=("Abc",),
              country="ABW"),
        Actor(id="x", name="Xena Xu", kind="person", country="ABW"), Actor(id="p", name="Paul Park", kind="person"),
        Actor(id="q", name="Quinn Quay", kind="person"), Actor(id="m", name="Mira Moss", kind="person"),
        Actor(id="g", name="Green Front", kind="organization", org_type="armed_group", party=("Green",)),
        Affiliation(member="x", organization="gov", role="Minister", official=True),
        Affiliation(member="m", organization="g", role="commander", official=True),
        Restriction(group="g", jurisdiction="ABW", kind="legal", scope="officials", start="2000"),
        Tie(a="x", b="p", kind="professional", strength=0.9, start="2019", end="2022"),
        Tie(a="p", b="m", kind="friendship", strength=0.9, start="2020", end="2020"),
        Tie(a="p", b="m", kind="dialogue", strength=0.3, start="2022", end="2022"),
        Tie(a="x", b="q", kind="professional", strength=0.5, start="2021", end="2021"),
        Tie(a="q", b="m", kind="professional", strength=0.5, start="2021", end="2021")])
    path, m = write_map(sqlite_store, MapOptions(as_of=date(2020, 6, 1), channels=("x", "g")), tmp_path / "c.html")
    assert all((e["t0"] is None or e["t0"] <= m.day) and (e["t1"] is None or m.day <= e["t1"])
               for e in m.edges if e["h"])  # (only records of the answer's day: not the 2022 dialogue tie)
    visit = Visit(browser, path, hover=False)
    page = visit.page
    page.evaluate("document.getElementById('bc-legend').open = false")
    notice = "document.getElementById('bc-answer-day')"
    assert page.evaluate(f"{notice}.hidden") is True
    on_day = page.evaluate(VERMILION_PIXELS)
    assert on_day > 200
    for day in ("2021-06-01", "2022-06-01"):
        page.evaluate(f"window.backchannel.setDay('{day}')")
        assert page.evaluate(f"{notice}.hidden") is False
        assert page.evaluate(f"{notice}.textContent").startswith("answer as of 2020-06-01")
        assert page.evaluate(VERMILION_PIXELS) < on_day / 20  # dimmed
    page.click("#bc-reset")
    page.wait_for_timeout(100)
    assert page.evaluate(f"{notice}.hidden") is True and page.evaluate(VERMILION_PIXELS) == on_day
    assert visit.errors == []
    visit.close()


def _hubs_and_small_bodies():
    """1,000 people with a few ties each, five hubs of 200 ties, and 60 organizations of one member each."""
    import random

    from kg.model import Actor, Affiliation, Tie

    rng = random.Random(5)
    people = [Actor(id=f"p{i:04d}", name=f"p{i:04d}", kind="person") for i in range(1000)]
    hubs = [Actor(id=f"h{i}", name=f"HUB PERSON {i}", kind="person") for i in range(5)]
    orgs = [Actor(id=f"o{i:02d}", name=f"Empty Org {i:02d}", kind="organization", org_type="ngo") for i in range(60)]
    pairs = {(f"h{h}", f"p{i:04d}") for h in range(5) for i in rng.sample(range(1000), 200)}
    pairs |= {tuple(sorted((f"p{a:04d}", f"p{b:04d}"))) for a, b in
              ((rng.randrange(1000), rng.randrange(1000)) for _ in range(1500)) if a != b}
    return [*people, *hubs, *orgs, *(Affiliation(member=f"p{i:04d}", organization=f"o{i:02d}") for i in range(60)),
            *(Tie(a=a, b=b, kind="friendship", strength=0.5) for a, b in sorted(pairs))]


def test_the_best_linked_actors_are_named_first(browser, sqlite_store, tmp_path):
    """Found by a map recipient: on a large map the few names shown went to organizations first (ranked by
    the size of their shape before their links): one-member organizations were named, hubs of 200 ties
    not. As the README says, the best-linked actors' names show first, on the page and in the picture."""
    import re

    sqlite_store.upsert(_hubs_and_small_bodies())
    path, m = write_map(sqlite_store, MapOptions(), tmp_path / "big.html")
    visit = Visit(browser, path, hover=False)
    named = [m.nodes[i]["name"] for i in visit.page.evaluate("window.backchannel.labelled")]
    assert 5 < len(named) <= 60
    assert not [x for x in named if x.startswith("Empty Org")], named
    assert sum(x.startswith("HUB") for x in named) >= 4, named  # (one may find no room beside another)
    visit.close()
    svg, _ = write_map(sqlite_store, MapOptions(), tmp_path / "big.svg")
    labels = re.findall(r'paint-order="stroke">([^<]*)</text>', svg.read_text(encoding="utf-8"))
    assert sum("HUB" in x for x in labels) >= 4
    first = labels[:len(labels) // 4]  # (the picture names many more: its best-linked come first)
    assert not [x for x in first if "Empty Org" in x], first


def test_the_search_box_finds_aliases_best_match_first(browser, sample_store, tmp_path):
    """Found by a map recipient: the search box ignored aliases (kg search finds "Abu Ala"), took the first
    name holding "PLO" (PLO Economic Department) over the actor whose alias it is, and said nothing when
    nothing matched. It now finds what kg search finds first, and says when nothing matches; under --redact
    it learns nothing redaction hides (no person's alias)."""
    from click.testing import CliRunner

    from kg.cli import main
    from queries.connections import find_actors

    path, m = write_map(sample_store, MapOptions(as_of=date(1993, 2, 1)), tmp_path / "s.html")
    visit = Visit(browser, path, hover=False)
    page = visit.page

    def look(q):
        page.fill("#bc-search", q)
        page.press("#bc-search", "Enter")
        return (page.evaluate("window.backchannel.found"),
                page.evaluate("document.getElementById('bc-found').textContent"))

    for q in ("abu ala", "\u0623\u062d\u0645\u062f \u0642\u0631\u064a\u0639", "PLO", "Rod-Larsen"):
        first = find_actors(sample_store, q, 1, date(1993, 2, 1), 1)[0]["id"]  # (what kg search lists first)
        assert look(q) == (first, ""), q
    assert look("Abu Ala")[0] == "ahmed-qurei" and look("PLO")[0] == "plo"  # (the recipient's two)
    hit, said = look("zzzz")
    assert hit is None and said == "no name or alias matches \u201czzzz\u201d"
    assert page.evaluate("getComputedStyle(document.getElementById('bc-found')).display") != "none"
    visit.close()
    db = tmp_path / "r.db"
    assert CliRunner().invoke(main, ["--db", str(db), "ingest", str(SAMPLE)]).exit_code == 0
    r = CliRunner().invoke(main, ["--db", str(db), "viz", "--out", str(tmp_path / "r.html"), "--redact"])
    assert r.exit_code == 0, r.output
    raw = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Abu Ala" not in raw and "Qurei" not in raw
    visit = Visit(browser, tmp_path / "r.html", hover=False)
    page = visit.page
    assert page.evaluate("window.backchannel.data.nodes.filter(n => n.kind === 'person' && n.aka).length") == 0
    assert look("Abu Ala")[0] is None and look("PLO")[0] is not None  # (a body's alias stays)
    visit.close()


LINE_COLOUR = """((ends) => {  // the commonest non-white colour along the middle of the line between two named nodes
  const bc = window.backchannel, N = bc.data.nodes, s = bc.screen();
  const at = n => { const id = N.find(x => x.name === n).id; const q = s.find(v => v[0] === id); return [q[1], q[2]]; };
  const c = document.getElementById('bc-canvas'), ctx = c.getContext('2d'), dpr = window.devicePixelRatio || 1;
  const r = c.getBoundingClientRect(), A = at(ends[0]), B = at(ends[1]), count = {};
  const dx = B[0] - A[0], dy = B[1] - A[1], L = Math.hypot(dx, dy), nx = -dy / L, ny = dx / L;
  for (let t = 0.3; t <= 0.7; t += 0.005) for (let o = -2; o <= 2; o++) {
    const x = A[0] + dx * t + nx * o, y = A[1] + dy * t + ny * o;
    const d = ctx.getImageData(Math.round((x - r.left) * dpr), Math.round((y - r.top) * dpr), 1, 1).data;
    if (d[0] > 240) continue;
    const k = '#' + [d[0], d[1], d[2]].map(v => v.toString(16).padStart(2, '0')).join('');
    count[k] = (count[k] || 0) + 1;
  }
  return Object.entries(count).sort((p, q) => q[1] - p[1])[0][0];
})"""


def test_off_the_answers_day_each_faded_link_gets_back_its_own_colour(browser, sqlite_store, tmp_path):
    """Found by a second reader: off the answer's day a faded influence link was drawn in a tie's grey. The
    page batched faded links by their faded colour, width and dash and then gave a whole batch back the
    colour of its first link: a tie and an influence link of the same strength shared one. Off the day each
    kind is drawn in its own colour, as on a map without an answer."""
    from kg.model import Influence

    sqlite_store.upsert([
        Actor(id="grp", name="Group G", kind="organization", org_type="armed_group", party=("G",)),
        Actor(id="gm", name="Gina Member", kind="person", party=("G",), track="2"),
        Actor(id="ax", name="Asker X", kind="person", party=("A",), track="2"),
        Actor(id="cc", name="Carl Contact", kind="person", track="2"),
        *(Actor(id=i, name=n, kind="person", party=("A",), track="2") for i, n in
          (("p1", "Paul One"), ("p2", "Petra Two"), ("p3", "Quentin Three"), ("p4", "Rita Four"))),
        Affiliation(member="gm", organization="grp", role="member", official=True),
        Influence(from_="p3", to="p4", kind="advises", weight=0.5, start="2000-01-01"),
        Restriction(group="grp", jurisdiction="USA", kind="legal", scope="nationals", start="2000-01-01"),
        Tie(a="ax", b="cc", kind="professional", strength=0.9, start="2000-01-01"),
        Tie(a="cc", b="gm", kind="professional", strength=0.9, start="2000-01-01"),
        Tie(a="p1", b="p2", kind="professional", strength=0.5, start="2000-01-01")])
    day, other = date(2010, 1, 1), "2005-06-01"
    colours = {}
    for name, opts in (("plain", MapOptions(as_of=day)), ("channels", MapOptions(as_of=day, channels=("ax", "grp")))):
        path, _ = write_map(sqlite_store, opts, tmp_path / f"{name}.html")
        visit = Visit(browser, path, hover=False)
        page = visit.page
        page.evaluate("document.getElementById('bc-legend').open = false")
        page.evaluate(f"window.backchannel.setDay('{other}')")
        assert page.evaluate("window.backchannel.answerDimmed") is (name == "channels")
        colours[name] = [page.evaluate(LINE_COLOUR, ends) for ends in
                         (["Paul One", "Petra Two"], ["Quentin Three", "Rita Four"])]
        assert visit.errors == []
        visit.close()
    tie, influence = colours["plain"]
    assert tie != influence  # (the two kinds' own colours, as the legend draws them)
    assert colours["channels"] == [tie, influence], colours
