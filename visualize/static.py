"""Static pictures of a map for briefings: SVG drawn here, PNG through headless Chromium.

Same positions, colours, shapes, borders and legend as the HTML page; the
links are those of the map's day. Every string is XML-escaped; labels are the
page's labels (cut, isolated from the text direction).
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from kg.errors import KGError
from visualize.maps import FADED, SV_LETTER, MapData

DASH = {"solid": "", "dashed": "6 4", "dotted": "1.5 3", "dashdot": "8 3 2 3"}
WIDTH, HEIGHT, LEGEND_W = 1600, 1000, 320
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")


def _attr(text: Any) -> str:
    return escape(str(text), {'"': "&quot;"})


def _colour(c: str) -> tuple[str, str]:
    """An SVG colour and opacity for one of our colours (rgba() is not SVG 1.1)."""
    if c.startswith("rgba("):
        r, g, b, a = (x.strip() for x in c[5:-1].split(","))
        return f"rgb({r},{g},{b})", a
    return c, "1"


def _shape(shape: str, x: float, y: float, r: float, style: str) -> str:
    if shape == "square":
        return (f'<rect x="{x - r * .9:.1f}" y="{y - r * .9:.1f}" width="{r * 1.8:.1f}" '
                f'height="{r * 1.8:.1f}" {style}/>')
    if shape == "diamond":
        q = r * 1.25
        points = f"{x:.1f},{y - q:.1f} {x + q:.1f},{y:.1f} {x:.1f},{y + q:.1f} {x - q:.1f},{y:.1f}"
        return f'<polygon points="{points}" {style}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {style}/>'


class _Patterns:
    def __init__(self) -> None:
        self.defs: dict[tuple[str, str], str] = {}

    def fill(self, colour: str, pat: str) -> str:
        if not pat:
            c, a = _colour(colour)
            return f'fill="{c}" fill-opacity="{a}"'
        key = (colour, pat)
        if key not in self.defs:
            pid = f"p{len(self.defs)}"
            ink = 'stroke="rgba(0,0,0,0.6)" stroke-width="1.4" fill="none"'
            mark = {"stripes": f'<path d="M-2,10 L10,-2 M-2,2 L2,-2 M6,10 L10,6" {ink}/>',
                    "dots": '<circle cx="4" cy="4" r="1.6" fill="rgba(0,0,0,0.6)"/>',
                    "grid": f'<path d="M0,4 L8,4 M4,0 L4,8" {ink}/>',
                    "rings": f'<circle cx="4" cy="4" r="2.4" {ink}/>'}[pat]
            self.defs[key] = (f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
                              f'<rect width="8" height="8" fill="{_attr(colour)}"/>{mark}</pattern>')
        return f'fill="url(#p{list(self.defs).index(key)})"'


def _badge(sv: str, x: float, y: float) -> str:
    """The badge of a node or link resting on records marked restricted (R) or confidential (C), as the page
    draws it."""
    return (f'<rect x="{x - 5.5:.1f}" y="{y - 5.5:.1f}" width="11" height="11" fill="#000" stroke="#fff" '
            f'stroke-width="1"/><text x="{x:.1f}" y="{y + 3.2:.1f}" text-anchor="middle" font-size="9" '
            f'font-weight="700" fill="#fff">{SV_LETTER.get(sv, "?")}</text>')


def _node(n: dict[str, Any], x: float, y: float, r: float, pats: _Patterns) -> str:
    faded = n.get("faded", False)
    fill = pats.fill(FADED if faded else n["fill"], "" if faded else n["pat"])
    bc, bo = _colour(FADED if faded and n["bs"] != "double" else n["bc"])
    dash = {"dashed": ' stroke-dasharray="4 3"',
            "dotted": ' stroke-dasharray="1 2.5" stroke-linecap="round"'}.get(n["bs"], "")
    bw = n["bw"] / 3 if n["bs"] == "double" else n["bw"]
    out = [_shape(n["shape"], x, y, r, f'{fill} stroke="{bc}" stroke-opacity="{bo}" stroke-width="{bw:g}"{dash}')]
    if n["bs"] == "double":
        out.append(_shape(n["shape"], x, y, r + n["bw"] * .7, f'fill="none" stroke="{bc}" stroke-width="{bw:g}"'))
    mark = n.get("mark")
    if mark:
        rr, lw, col = (r + 4, 4, "#D55E00") if mark == "contact" else (r + 5, 2.5, "#000") if mark == "focus" \
            else (r + 3, 2.5, "#D55E00")
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{rr:.1f}" fill="none" stroke="{col}" stroke-width="{lw}"/>')
        if mark == "focus":
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{rr + 4:.1f}" fill="none" stroke="#000" '
                       'stroke-width="1"/>')
        if mark == "contact":
            out.append(f'<text x="{x:.1f}" y="{y - rr - 1:.1f}" text-anchor="middle" font-size="{12 + r:.0f}" '
                       f'fill="#D55E00">\u2605</text>')
    if n.get("sv"):
        out.append(_badge(n["sv"], x + r * .9 + 3, y - r * .9 - 3))
    return "".join(out)


def _edge_line(x0: float, y0: float, x1: float, y1: float, e: dict[str, Any], width: float) -> str:
    c, o = _colour(e["c"])
    dash = f' stroke-dasharray="{DASH[e["d"]]}"' if DASH.get(e["d"]) else ""
    marker = ' marker-end="url(#arrow)"' if e.get("a") else ""
    return (f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{c}" stroke-opacity="{o}" '
            f'stroke-width="{width:.2f}"{dash}{marker}/>')


def render_svg(m: MapData) -> str:
    """The map as an SVG picture of :data:`WIDTH` x :data:`HEIGHT` plus the legend on the right."""
    pats = _Patterns()
    nodes = m.nodes
    day = m.day
    shown = [n.get("t0") is None or n["t0"] <= day for n in nodes]
    xs = [n["x"] for n in nodes]
    ys = [n["y"] for n in nodes]
    pad = 50
    s = min((WIDTH - 2 * pad) / max(max(xs) - min(xs), 1), (HEIGHT - 2 * pad - 60) / max(max(ys) - min(ys), 1), 2.5)
    ox = WIDTH / 2 - s * (min(xs) + max(xs)) / 2
    oy = 60 + (HEIGHT - 60) / 2 - s * (min(ys) + max(ys)) / 2
    k = max(min(s, 1.6), 0.35)
    pos = [(n["x"] * s + ox, n["y"] * s + oy, max(n["r"] * k, 1.5)) for n in nodes]
    body: list[str] = []
    live = [e for e in m.edges if (e["t0"] is None or e["t0"] <= day) and (e["t1"] is None or day <= e["t1"])]
    live.sort(key=lambda e: (not e["f"], e["h"]))
    for e in live:
        if not (shown[e["s"]] and shown[e["t"]]):
            continue
        x0, y0, _ = pos[e["s"]]
        x1, y1, r1 = pos[e["t"]]
        if e.get("a"):
            d = math.hypot(x1 - x0, y1 - y0) or 1
            x1, y1 = x1 - (x1 - x0) / d * (r1 + 2), y1 - (y1 - y0) / d * (r1 + 2)
        body.append(_edge_line(x0, y0, x1, y1, e, max(0.5, e["w"] * min(k, 1) * 0.7)))
    for e in live:  # the badges of links resting on restricted or confidential records, over every line
        if e.get("sv") and shown[e["s"]] and shown[e["t"]]:
            body.append(_badge(e["sv"], (pos[e["s"]][0] + pos[e["t"]][0]) / 2, (pos[e["s"]][1] + pos[e["t"]][1]) / 2))
    order = sorted(range(len(nodes)), key=lambda i: not nodes[i].get("faded"))
    for i in order:
        if shown[i]:
            body.append(_node(nodes[i], *pos[i], pats))
    degree = [0] * len(nodes)
    for e in live:
        degree[e["s"]] += 1
        degree[e["t"]] += 1
    for i, tx, ty in _labels(nodes, pos, shown, degree):
        colour = "#777" if nodes[i].get("faded") else "#222"
        body.append(f'<text x="{tx:.1f}" y="{ty:.1f}" font-size="12" fill="{colour}" '
                    f'style="unicode-bidi:isolate" direction="ltr" stroke="#fff" stroke-width="3" '
                    f'paint-order="stroke">{escape(nodes[i]["label"])}</text>')
    legend = _legend_svg(m, pats)
    head = [f'<text x="20" y="30" font-size="20" font-weight="600" style="unicode-bidi:isolate">'
            f'{escape(_cut(m.title, 120))}</text>',
            f'<text x="20" y="52" font-size="13" fill="{"#000" if m.warning else "#555"}" '
            f'style="unicode-bidi:isolate">{escape(_cut(m.subtitle, 160))}</text>']
    total_w = WIDTH + LEGEND_W
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{HEIGHT}" '
            f'viewBox="0 0 {total_w} {HEIGHT}" font-family="DejaVu Sans, sans-serif">'
            f'<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker>'
            f'{"".join(pats.defs.values())}</defs>'
            f'<rect width="{total_w}" height="{HEIGHT}" fill="#fff"/>{"".join(head)}{"".join(body)}{legend}</svg>\n')


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "\u2026"


def _labels(nodes: list[dict[str, Any]], pos: list[tuple[float, float, float]],
            shown: list[bool], degree: list[int] | None = None) -> list[tuple[int, float, float]]:
    """Which labels fit, and where (the text's left end and baseline): the answer's actors first (the
    question's ends, contacts, those on a channel, the ranked), then the best-linked (``degree``: links
    drawn), then the largest, none over another.
    A label goes right of its node, else left, above or below; an answer's actor whose label fits
    nowhere is labelled on its right all the same (a briefing picture must name whom the answer is
    about; a new user found the contact and the member reached unnamed)."""
    rank = {"contact": 5, "focus": 5, "rank": 4, "path": 3}

    def weight(i: int) -> tuple[int, int]:
        return nodes[i].get("lp", 0), rank.get(nodes[i].get("mark") or "", 0)

    order = sorted((i for i in range(len(nodes)) if shown[i]),
                   key=lambda i: (-weight(i)[0], -weight(i)[1], -(degree[i] if degree else 0), -nodes[i]["r"], i))
    taken: set[tuple[int, int]] = set()
    out = []

    def cells(x0: float, y0: float, w: float) -> set[tuple[int, int]]:  # (a text of baseline y0 from x0)
        return {(cx, cy) for cx in range(int(x0 // 10), int((x0 + w) // 10) + 1)
                for cy in range(int((y0 - 11) // 10), int((y0 + 3) // 10) + 1)}

    for i in order[:3000]:
        x, y, r = pos[i]
        w = 7 * len(nodes[i]["label"])
        spots = [(x + r + 4, y + 4), (x - r - 4 - w, y + 4), (x - w / 2, y - r - 4), (x - w / 2, y + r + 14)]
        for tx, ty in spots:
            here = cells(tx, ty, w)
            if not here & taken:
                break
        else:
            if not any(weight(i)):
                continue
            tx, ty = spots[0]
            here = cells(tx, ty, w)
        taken |= here
        out.append((i, tx, ty))
        if len(out) >= 400:
            break
    return out


def _legend_svg(m: MapData, pats: _Patterns) -> str:
    x0, y = WIDTH + 10, 30
    out = [f'<rect x="{WIDTH}" y="0" width="{LEGEND_W}" height="{HEIGHT}" fill="#fafafa" stroke="#ccc"/>',
           f'<text x="{x0}" y="{y}" font-size="15" font-weight="600">Legend</text>']
    y += 10
    for section in m.legend:
        y += 20
        if y > HEIGHT - 20:
            break
        out.append(f'<text x="{x0}" y="{y}" font-size="12" font-weight="600">{escape(section["title"])}</text>')
        for item in section["items"]:
            y += 20
            if y > HEIGHT - 10:
                break
            if "node" in item:
                out.append(_node(item["node"], x0 + 14, y - 4, min(item["node"].get("r", 6), 7), pats))
            else:
                e = item["edge"]
                out.append(_edge_line(x0, y - 4, x0 + 28, y - 4, e, 2))
                if e.get("sv"):
                    out.append(_badge(e["sv"], x0 + 14, y - 4))
            out.append(f'<text x="{x0 + 40}" y="{y}" font-size="12" style="unicode-bidi:isolate">'
                       f'{escape(_cut(item["label"], 40))}</text>')
    return "".join(out)


def render_png(m: MapData) -> bytes:
    """The SVG picture rendered by headless Chromium (Playwright), as PNG bytes."""
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        raise KGError("a PNG needs Chromium (apt-get install chromium); write .svg instead")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:  # pragma: no cover - playwright is a dev dependency
        raise KGError("a PNG needs Playwright (pip install playwright); write .svg instead") from e
    svg = render_svg(m)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "map.svg"
        src.write_text(svg, encoding="utf-8")
        with sync_playwright() as p:
            exe = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
            browser = p.chromium.launch(executable_path=exe,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            try:
                page = browser.new_page(viewport={"width": WIDTH + LEGEND_W, "height": HEIGHT})
                page.route("**/*", lambda r: r.continue_() if r.request.url == src.as_uri() else r.abort())
                page.goto(src.as_uri())
                return page.screenshot(full_page=False)
            finally:
                browser.close()
