"""Map benchmark: build time and time to first draw in headless Chromium, at 1,000, 10,000 and 50,000 nodes.

Run: ``python -m benchmarks.viz`` (needs /usr/bin/chromium). Time to first draw is
``performance.now()`` when the page's renderer has drawn every node, link and label, from the
start of navigation to the end of the first full drawing of the canvas, with the
file opened from disk and the network blocked.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.common import compile_bytecode, timer, write_section
from benchmarks.synthetic import synthetic_records
from ingest import load
from kg.store.sqlite import SQLiteStore
from visualize import MapOptions, write_map

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "oslo"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def first_draw_ms(browser, path: Path, runs: int = 3) -> list[float]:
    out = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(path.resolve().as_uri())
        page.wait_for_function("() => window.backchannel && window.backchannel.firstDrawMs !== null",
                               timeout=300_000)
        out.append(page.evaluate("window.backchannel.firstDrawMs"))
        page.close()
    return out


def main() -> None:
    compile_bytecode()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        cases = [("Oslo sample", None), ("synthetic 1,000 actors", (1000, 5000)),
                 ("synthetic 10,000 actors", (10_000, 50_000)), ("synthetic 50,000 actors", (50_000, 100_000))]
        for label, size in cases:
            store = SQLiteStore(Path(tmp) / f"{label}.db")
            if size is None:
                load(store, SAMPLE, strict=True)
            else:
                store.upsert(synthetic_records(*size))
            with timer() as t:
                path, m = write_map(store, MapOptions(), Path(tmp) / "map.html")
            draws = first_draw_ms(browser, path)
            rows.append(f"| {label} | {len(m.nodes):,} | {len(m.edges):,} | "
                        f"{t['seconds']:.2f} | {path.stat().st_size / 1e6:.1f} | "
                        f"{min(draws):,.0f} / {sorted(draws)[len(draws) // 2]:,.0f} |")
            store.close()
        browser.close()
    body = ["| map | nodes | links (all days) | `kg viz` build (s) | file (MB) | first draw, best / median of 3 (ms) |",
            "|---|---:|---:|---:|---:|---:|", *rows,
            "\nFirst draw: headless Chromium (Debian's, software rendering), 1400x900 window, opened from disk, "
            "every request outside the file blocked. The layout is computed in Python (igraph, seeded) at every "
            "size, so the first frame is the final picture; the build time is mostly reading the store and the "
            "layout."]
    write_section("viz", "Maps: time to first draw", "\n".join(body), "python -m benchmarks.viz")


if __name__ == "__main__":
    main()
