"""Query benchmark: bridges and channels on synthetic graphs of 1,000 and 10,000 actors.

Run: ``python -m benchmarks.queries``. Times the projection, ``bridging_figures``
(default: exact while under the budget, else sampled; and forced exact), and
``channels_to_group``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.common import timer, write_section
from benchmarks.synthetic import synthetic_records
from kg.graph import project
from kg.store.sqlite import SQLiteStore
from queries.bridges import bridging_figures
from queries.channels import channels_to_group

SIZES = [(1_000, 5_000), (10_000, 50_000)]


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n_actors, n_ties in SIZES:
            store = SQLiteStore(Path(tmp) / f"{n_actors}.db")
            store.upsert(synthetic_records(n_actors, n_ties))
            with timer() as t_proj:
                proj = project(store)
            with timer() as t_default:
                default = bridging_figures(proj, "P0", "P1")
            with timer() as t_exact:
                bridging_figures(proj, "P0", "P1", exact=True)
            person = next(n for n in proj.graph if n.startswith("a") and proj.graph.nodes[n]["country"] == "AAA")
            with timer() as t_channels:
                ch = channels_to_group(proj, person, "o1")
            members = default.members
            rows.append(f"| {n_actors:,} actors, {n_ties:,} ties ({proj.graph.number_of_edges():,} links) | "
                        f"{t_proj['seconds']:.2f} | {t_default['seconds']:.2f} ({default.method}) | "
                        f"{t_exact['seconds']:.2f} | {t_channels['seconds']:.2f} ({len(ch.channels)} channels) | "
                        f"{members['P0']:,} / {members['P1']:,} |")
            store.close()
    body = ["| graph | projection (s) | `kg bridges` default (s) | `--exact` (s) | `kg channels` (s) | "
            "members of A / B |", "|---|---:|---:|---:|---:|---:|", *rows,
            "\nSynthetic graphs from `benchmarks/synthetic.py` (four parties, 85% of ties within a party). "
            "The default is exact while members of A x links stays under `EXACT_BUDGET` "
            f"({__import__('queries.bridges', fromlist=['x']).EXACT_BUDGET:,}); past it, a sample of A's members."]
    write_section("queries", "Queries: bridges and channels", "\n".join(body), "python -m benchmarks.queries")


if __name__ == "__main__":
    main()
