"""Maps in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Every request that leaves the file is blocked and counted; script errors and dialogs are counted;
names and descriptions carry script-injection payloads; every node is hovered to open its tooltip.
"""

from __future__ import annotations

import os
import re
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

    def __init__(self, browser, path: Path, hover: bool = True, shot: str | None = None):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.route("**/*", self._route(path))
        page.goto(path.resolve().as_uri())
        page.wait_for_function("() => window.backchannel && window.backchannel.firstDrawMs !== null",
                               timeout=120_000)
        self.first_draw_ms = page.evaluate("window.backchannel.firstDrawMs")
        self.node_count = page.evaluate("network.body.data.nodes.length")
        self.edge_count = page.evaluate("network.body.data.edges.length")
        self.title = page.evaluate("document.getElementById('bc-title').textContent")
        self.subtitle = page.evaluate("document.getElementById('bc-subtitle').textContent")
        self.legend = page.evaluate("document.getElementById('bc-legend').textContent")
        if hover:
            page.evaluate("network.stopSimulation(); network.fit()")
            spots = page.evaluate("""() => Object.entries(network.getPositions()).map(([id, p]) => {
                const d = network.canvasToDOM(p); const r = document.getElementById('network').getBoundingClientRect();
                return [r.left + d.x, r.top + d.y]; })""")
            for x, y in spots:
                page.mouse.move(x, y)
                page.wait_for_timeout(5)
            page.wait_for_timeout(300)
            self.hovered = len(spots)
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
    assert visit.hovered == len(m.nodes)
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
    assert contact["label"].startswith("\u2605") and contact["color"]["border"] == "#ffbf00"
    faded = [n for n in m.nodes if n["color"]["background"].startswith("rgba")]
    assert 0 < len(faded) < len(m.nodes)
    assert visit.node_count == len(m.nodes)
    assert visit.title == "Channels from Shimon Peres to Palestine Liberation Organization"
    visit.page.fill("#bc-search", "rod-larsen")  # the search box ignores case and accents
    visit.page.press("#bc-search", "Enter")
    assert visit.page.evaluate("network.getSelectedNodes()") == ["terje-rod-larsen"]
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


def test_redacted_maps_name_no_person_and_pseudonyms_are_stable(sqlite_store, tmp_path):
    load(sqlite_store, SAMPLE, strict=True)
    a, _ = write_map(sqlite_store, MapOptions(redact=True), tmp_path / "a.html")
    b, _ = write_map(sqlite_store, MapOptions(redact=True, as_of=date(1993, 2, 1)), tmp_path / "b.html")
    text_a, text_b = a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")
    people = [x for x in sqlite_store.records("actor") if x.kind == "person"]
    for person in people:
        for name in (person.name, person.id, *person.aliases):
            assert name not in text_a, name
    assert "Norwegian Ministry" in text_a  # organizations keep their names
    codes_a = set(re.findall(r"Person [A-Z2-9]{4}-[A-Z2-9]{4}", text_a))
    codes_b = set(re.findall(r"Person [A-Z2-9]{4}-[A-Z2-9]{4}", text_b))
    assert len(codes_a) == len(people) and codes_a == codes_b


def test_large_maps_are_laid_out_in_python_with_physics_off(browser, sqlite_store, tmp_path):
    from benchmarks.synthetic import synthetic_records

    sqlite_store.upsert(synthetic_records(1200, 3000))
    m = build_map(sqlite_store, MapOptions())
    assert m.large and m.options["physics"]["enabled"] is False and m.options["edges"]["smooth"] is False
    assert all("x" in n and "y" in n for n in m.nodes)
    path, _ = write_map(sqlite_store, MapOptions(), tmp_path / "large.html")
    visit = Visit(browser, path, hover=False, shot="large-1200.png")
    assert visit.node_count == len(m.nodes) and visit.errors == [] and visit.outside == []
    visit.close()


def test_unknown_focus_is_a_helpful_error(sqlite_store, tmp_path):
    from kg.errors import UnknownIdError

    load(sqlite_store, SAMPLE, strict=True)
    with pytest.raises(UnknownIdError, match="did you mean 'terje-rod-larsen'"):
        build_map(sqlite_store, MapOptions(focus="rod-larsen"))


def test_chromium_is_installed_by_the_project():
    assert shutil.which("chromium") or os.environ.get("CI", "").lower() != "true"
