"""The ``kg`` command: parse, call one library function, print.

Every command turns a :class:`~kg.errors.KGError` into one line on stderr and
exit 1; click's usage errors exit 2.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from kg.errors import KGError, LoadInterrupted, StrictLoadError
from kg.store import GraphStore, open_store

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "oslo"


class KGGroup(click.Group):
    """A click group that prints library errors as one line and exits 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LoadInterrupted as e:
            click.echo(f"kg: {e}", err=True)
            ctx.exit(130)
        except KGError as e:
            click.echo(f"kg: {e}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("kg: interrupted; the batch under way was rolled back", err=True)
            ctx.exit(130)


class Context:
    """What the ``kg`` group passes to its commands: how to open the chosen store."""

    def __init__(self, db: str | None, neo4j: str | None) -> None:
        self.db, self.neo4j = db, neo4j
        self._store: GraphStore | None = None

    @property
    def store(self) -> GraphStore:
        if self._store is None:
            self._store = open_store(self.db, self.neo4j)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


pass_context = click.make_pass_decorator(Context)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="PATH", envvar="KG_DB",
              help="The embedded store's file (default kg.db; or KG_DB).")
@click.option("--neo4j", "neo4j", metavar="URI",
              help="Use Neo4j at URI (or NEO4J_URI), e.g. neo4j://127.0.0.1:7687. "
                   "User, password and database come from NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE.")
@click.version_option(package_name="backchannel")
@click.pass_context
def main(ctx: click.Context, db: str | None, neo4j: str | None) -> None:
    """Backchannel: who bridges the parties of a conflict, and what channels reach a group."""
    obj = Context(db, neo4j)
    ctx.obj = obj
    ctx.call_on_close(obj.close)


@main.command()
@click.argument("path", type=click.Path(path_type=str))
@click.option("--strict", is_flag=True, help="Any bad record aborts the load; nothing is written.")
@click.option("--dry-run", is_flag=True, help="Validate only; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--encoding", metavar="NAME", callback=lambda ctx, param, value: _check_encoding(value),
              help="The files' text encoding when not UTF-8 (e.g. cp1252, as the error for such a file says).")
@click.pass_context
def ingest(ctx: click.Context, path: str, strict: bool, dry_run: bool, as_json: bool, encoding: str | None
           ) -> None:
    """Load a dataset folder, a .jsonl file, an .xlsx workbook, or one dataset CSV (actors.csv, ties.csv...).

    Exit code 0 when everything loaded, 3 when some records or files were rejected and the
    rest loaded, 1 when nothing could be loaded (or --strict found a problem).
    """
    from ingest import load

    obj = ctx.find_object(Context)
    assert obj is not None

    store = obj.store
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="loading", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    show_progress = sys.stderr.isatty() and not as_json
    with stop_at_batch_boundary() as stop_requested:
        report = _load(load, store, path, strict, dry_run, progress if show_progress else None,
                       stop_requested, encoding)
    if bar is not None:
        bar.__exit__(None, None, None)
    _print_load_report(report, store, path, dry_run, as_json)
    if report.exit_code:
        ctx.exit(report.exit_code)


def _check_encoding(value: str | None) -> str | None:
    from ingest.readers import check_encoding

    if value is None:
        return None
    try:
        return check_encoding(value)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--encoding") from None


def _load(load: Any, store: GraphStore, path: str, strict: bool, dry_run: bool, progress: Any,
          stop_requested: Callable[[], bool], encoding: str | None) -> Any:
    try:
        return load(store, path, strict=strict, dry_run=dry_run, progress=progress,
                    should_stop=stop_requested, encoding=encoding)
    except StrictLoadError as e:
        for err in e.errors:
            click.echo(err.describe(), err=True)
        raise KGError(f"--strict: {e.summary()}; nothing was written") from None


@contextlib.contextmanager
def stop_at_batch_boundary() -> Iterator[Callable[[], bool]]:
    """The first Ctrl-C asks the load to stop before its next batch; a second one stops at once."""
    requested = False

    def handler(signum: int, frame: Any) -> None:
        nonlocal requested
        if requested:
            raise KeyboardInterrupt
        requested = True
        click.echo("\nkg: stopping after the batch under way (Ctrl-C again to stop at once)", err=True)

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: leave Ctrl-C as it is
        yield lambda: False
        return
    try:
        yield lambda: requested
    finally:
        signal.signal(signal.SIGINT, previous)


def _print_load_report(report: Any, store: GraphStore, path: str, dry_run: bool, as_json: bool) -> None:
    if as_json:
        emit_json({"files": report.files, "dry_run": dry_run, "loaded": report.loaded,
                   "new": report.result.new, "updated": report.result.updated,
                   "unchanged": report.result.unchanged,
                   "rejected": [e.describe() for e in report.errors],
                   "per_file": [s.to_dict() for s in report.summaries], "skipped": report.skipped,
                   "exit_code": report.exit_code})
        return
    verb = "Checked (dry run, nothing written)" if dry_run else f"Loaded into the {store.describe()}"
    click.echo(f"{verb}: {path}")
    from kg.model import KINDS, PLURAL

    for kind in KINDS:
        n = report.accepted.get(kind, 0)
        if not n:
            continue
        detail = ""
        if not dry_run:
            parts = [f"{b[kind]} {label}" for label, b in (("new", report.result.new),
                     ("updated", report.result.updated), ("unchanged", report.result.unchanged))
                     if b.get(kind)]
            detail = f"  ({', '.join(parts)})"
        click.echo(f"  {PLURAL[kind]:<14}{n:>8}{detail}")
    _print_file_summaries(report, dry_run)
    if report.errors:
        click.echo(f"Problems ({len(report.errors)}), in file and line order:", err=True)
        for err in report.errors:
            click.echo(f"  {err.describe()}", err=True)


def _print_file_summaries(report: Any, dry_run: bool) -> None:
    """Per file: what loaded, what was rejected, whether it was read to the end; then the verdict."""
    good = "accepted" if dry_run else "loaded"
    click.echo("Files:")
    width = max([20, *(len(s.file) + 1 for s in report.summaries)])
    for s in report.summaries:
        if s.not_read is not None:
            click.echo(f"  {s.file:<{width}}not read: {s.not_read.removeprefix('the file was not read: ')}")
            continue
        line = f"{s.loaded} {good}"
        if s.rejected:
            line += f", {s.rejected} rejected"
        if s.problems:
            line += f"; not fully read ({s.problems} problem{'s' if s.problems != 1 else ''} with the file)"
        if not s.loaded and (s.rejected or s.problems):
            line += f"; nothing {good} from this file"
        click.echo(f"  {s.file:<{width}}{line}")
    for name in report.skipped:
        click.echo(f"  {name:<{width}}skipped: not a dataset file")
    if report.errors:
        rejected = sum(s.rejected for s in report.summaries)
        not_read = sum(1 for s in report.summaries if s.not_read is not None)
        partial = sum(1 for s in report.summaries if s.not_read is None and s.problems)
        parts = [f"{rejected} record{'s' if rejected != 1 else ''} rejected"] if rejected else []
        if not_read:
            parts.append(f"{not_read} file{'s' if not_read != 1 else ''} not read")
        if partial:
            parts.append(f"{partial} file{'s' if partial != 1 else ''} not fully read")
        what = "Nothing could be loaded" if report.exit_code == 1 else "Not everything loaded"
        click.echo(f"{what}: {', '.join(parts)} (each problem is listed on stderr); exit code {report.exit_code}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_context
def stats(obj: Context, as_json: bool) -> None:
    """How many records of each kind the store holds."""
    counts = obj.store.counts()
    if as_json:
        emit_json(counts)
        return
    click.echo(obj.store.describe())
    for kind, n in counts.items():
        click.echo(f"  {kind:<14}{n:>8}")




def as_of_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--as-of", "as_of", metavar="DATE",
                        help="The day asked about (YYYY, YYYY-MM or YYYY-MM-DD); default today.")(fn)


def parse_as_of(as_of: str | None) -> Any:
    from kg import time as kgtime

    if as_of is None:
        return None
    try:
        return kgtime.parse_day(as_of)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--as-of") from None


def projection_for(obj: Context, as_of: str | None, **kw: Any) -> Any:
    from kg.graph import project

    return project(obj.store, parse_as_of(as_of), **kw)


@main.command()
@click.argument("party_a")
@click.argument("party_b")
@as_of_option
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="How many bridges.")
@click.option("--exact", is_flag=True, help="Exact betweenness even on large graphs (may be slow).")
@click.option("--sample", type=click.IntRange(1), metavar="K",
              help="Estimate betweenness from K sampled members of PARTY_A.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def bridges(obj: Context, party_a: str, party_b: str, as_of: str | None, top: int, exact: bool,
            sample: int | None, as_json: bool) -> None:
    """Bridging figures between two parties, best first.

    PARTY_A and PARTY_B are party names (as in the actors' party column) or organization ids.
    """
    from queries.bridges import bridging_figures

    answer = bridging_figures(projection_for(obj, as_of), party_a, party_b, top=top,
                              exact=True if exact else None, sample=sample)
    if as_json:
        emit_json(answer.to_dict())
        return
    print_bridges(answer)


def print_bridges(answer: Any) -> None:
    a, b = answer.parties
    day = answer.as_of or "today"
    click.echo(f"Bridging figures between {a} ({answer.members[a]} members) and {b} "
               f"({answer.members[b]} members), {day}; betweenness {answer.method}")
    if not answer.results:
        click.echo(f"  {answer.message}")
        return
    click.echo(f"  {'#':>2}  {'score':>5}  {'name':<24} {'track':<5} {'party':<12} why")
    for i, r in enumerate(answer.results, 1):
        click.echo(f"  {i:>2}  {r.score:5.3f}  {r.name[:24]:<24} {r.track:<5} {', '.join(r.party)[:12] or '-':<12} "
                   f"{r.why}")


@main.command()
@click.argument("actor_id")
@click.argument("group_id")
@as_of_option
@click.option("--top", default=5, show_default=True, type=click.IntRange(1), help="How many channels.")
@click.option("--max-hops", default=6, show_default=True, type=click.IntRange(1), help="Longest channel.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def channels(obj: Context, actor_id: str, group_id: str, as_of: str | None, top: int, max_hops: int,
             as_json: bool) -> None:
    """Channels from ACTOR_ID to GROUP_ID, a group the actor may not engage, most reliable first."""
    from queries.channels import channels_to_group

    answer = channels_to_group(projection_for(obj, as_of), actor_id, group_id, top=top, max_hops=max_hops)
    if as_json:
        emit_json(answer.to_dict())
        return
    print_channels(answer)


def print_channels(answer: Any) -> None:
    click.echo(answer.message)
    for r in answer.restrictions:
        click.echo(f"  restriction: {r['kind']} ({r['scope']}) by {r['jurisdiction']}, "
                   f"{r['start'] or '...'} to {r['end'] or 'now'}; {r['source']}")
    for b in answer.blocked:
        click.echo(f"  barred as contact: {b['name']}: {b['why']}")
    for i, c in enumerate(answer.channels, 1):
        chain = []
        for n, name in zip(c.path, c.names, strict=True):
            chain.append(f"[{name}]" if n == c.contact else name)
        shared = ", #".join(map(str, c.shares_intermediaries_with))
        alt = "independent" if c.independent else f"shares intermediaries with #{shared}"
        click.echo(f"\n  #{i}  reliability {c.score:.3f}  ({alt})")
        click.echo("      " + " -> ".join(chain))
        for h in c.hops:
            what = h.event or h.kind
            dates = f"{h.start or ''}..{h.end or ''}" if (h.start or h.end) else "undated"
            click.echo(f"      {h.from_} -> {h.to}: {h.via} ({what}), strength {h.strength:g}, "
                       f"confidence {h.confidence:g}, {dates}; source: {h.source or 'none given'}")
    if answer.channels:
        click.echo("\n  [contact] touches the group.")
        spof = ", ".join(answer.single_points_of_failure) or "none"
        click.echo(f"  single points of failure: {spof}")
        if answer.minimum_cut:
            click.echo(f"  smallest set whose loss cuts every channel: {', '.join(answer.minimum_cut)}")


@main.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE.html", help="Where to write the map.")
@as_of_option
@click.option("--focus", metavar="ID", help="Draw the neighbourhood of this actor only.")
@click.option("--hops", default=1, show_default=True, type=click.IntRange(1), help="With --focus: how far.")
@click.option("--bridges", nargs=2, metavar="PARTY_A PARTY_B", help="Size actors by bridging score.")
@click.option("--channels", nargs=2, metavar="ACTOR_ID GROUP_ID", help="Highlight the channels.")
@click.option("--include-confidential", is_flag=True,
              help="Put records marked confidential in the map (left out by default).")
@click.option("--redact", is_flag=True, help="Replace people's names with stable pseudonyms, for sharing.")
@click.option("--title", help="The map's heading.")
@pass_context
def viz(obj: Context, out: Path, as_of: str | None, focus: str | None, hops: int,
        bridges: tuple[str, str] | None, channels: tuple[str, str] | None, include_confidential: bool,
        redact: bool, title: str | None) -> None:
    """An interactive HTML map that works offline: one file, no request leaves it."""
    from visualize import MapOptions, write_map

    opts = MapOptions(as_of=parse_as_of(as_of), focus=focus, hops=hops, bridges=bridges or None,
                      channels=channels or None, include_confidential=include_confidential, redact=redact,
                      title=title)
    path, m = write_map(obj.store, opts, out)
    click.echo(f"Wrote {path} ({len(m.nodes)} nodes, {len(m.edges)} links{', laid out in Python' if m.large else ''})")
    if not include_confidential:
        click.echo("  records marked confidential were left out (--include-confidential to add them)")


@main.command()
@click.argument("text")
@as_of_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def search(obj: Context, text: str, as_of: str | None, limit: int, as_json: bool) -> None:
    """Find actors by name or alias, ignoring case and accents ("rod-larsen" finds Rød-Larsen)."""
    from queries.connections import find_actors

    found = find_actors(projection_for(obj, as_of), text, limit)
    if as_json:
        emit_json({"query": text, "results": found})
        return
    if not found:
        click.echo(f"no actor matches {text!r}")
    for r in found:
        click.echo(f"  {r['score']:.2f}  {r['id']:<24} {r['name']:<30} {r['kind']:<12} "
                   f"track {r['track']:<4} {', '.join(r['party']) or '-'}")


@main.command()
@click.argument("actor_id")
@as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print the profile as JSON.")
@pass_context
def show(obj: Context, actor_id: str, as_of: str | None, as_json: bool) -> None:
    """One actor's profile: party, track and why, affiliations over time, ties, influence, events."""
    from queries.connections import actor_profile

    p = actor_profile(projection_for(obj, as_of), actor_id)
    if as_json:
        emit_json(p)
        return
    click.echo(f"{p['name']} ({p['id']}), {p['kind']}{' / ' + p['org_type'] if p['org_type'] else ''}, "
               f"{p['country'] or 'country unknown'}; as of {p['as_of']}")
    if p["aliases"]:
        click.echo(f"  also known as: {'; '.join(p['aliases'])}")
    if p["description"]:
        click.echo(f"  {p['description']}")
    click.echo(f"  party: {', '.join(p['party']) or 'none'} ({p['party_why']})")
    click.echo(f"  track: {p['track']} ({p['track_why']})")
    click.echo(f"  source: {p['source'] or 'none given'}")
    if p["affiliations"]:
        click.echo("  affiliations over time:")
        for a in p["affiliations"]:
            other = a["organization_name"] if a["member"] == p["id"] else f"{a['member_name']} (member)"
            mark = "*" if a["valid_on_day"] else " "
            role = a["role"] or "member"
            click.echo(f"   {mark} {a['start'] or '...':>10} to {a['end'] or 'now':<10} {other}: {role}"
                       f"{' (official)' if a['official'] else ''}; {a['source']}")
    for title, key in (("ties", "ties"), ("influences", "influence_out"), ("influenced by", "influence_in")):
        if p[key]:
            click.echo(f"  {title}:")
            for t in p[key]:
                click.echo(f"     {t['name']}: {t['kind']} {t['strength']:g} (confidence {t['confidence']:g}, "
                           f"{t['start'] or '...'} to {t['end'] or 'now'}); {t['source']}")
    if p["events"]:
        click.echo("  events:")
        for e in p["events"]:
            click.echo(f"     {e['start'] or '?'} {e['name']} ({e['role']}); {e['source']}")
    for r in p["restrictions_on_group"]:
        click.echo(f"  restricted by {r['jurisdiction']}: {r['kind']}, {r['scope']}, "
                   f"{r['start'] or '...'} to {r['end'] or 'now'}; {r['source']}")
    for r in p["restrictions_binding"]:
        click.echo(f"  may not engage {r['group_name']}: {r['kind']} restriction of {r['jurisdiction']} on "
                   f"{r['scope']} ({r['start'] or '...'} to {r['end'] or 'now'}); {r['source']}")


def print_path(names: list[str], hops: list[dict[str, Any]], score: float, i: int) -> None:
    click.echo(f"  #{i}  reliability {score:.3f}: " + " -> ".join(names))
    for h in hops:
        what = h["event"] or h["kind"]
        click.echo(f"      {h['from']} -> {h['to']}: {h['via']} ({what}), strength {h['strength']:g}, "
                   f"confidence {h['confidence']:g}, {h['start'] or '...'} to {h['end'] or 'now'}; "
                   f"source: {h['source'] or 'none given'}")


@main.command()
@click.argument("actor_a")
@click.argument("actor_b")
@as_of_option
@click.option("-k", "--top", "k", default=3, show_default=True, type=click.IntRange(1), help="How many paths.")
@click.option("--via", multiple=True, type=click.Choice(["tie", "affiliation", "influence", "event"]),
              help="Use only these relationships (repeatable).")
@click.option("--avoid", multiple=True, metavar="ID", help="Route around this actor (repeatable).")
@click.option("--max-hops", default=6, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def path(obj: Context, actor_a: str, actor_b: str, as_of: str | None, k: int, via: tuple[str, ...],
         avoid: tuple[str, ...], max_hops: int, as_json: bool) -> None:
    """How ACTOR_A and ACTOR_B are connected: the most reliable paths, each hop with its evidence."""
    from queries.connections import reliable_paths

    answer = reliable_paths(projection_for(obj, as_of), actor_a, actor_b, k=k, via=via or None, avoid=avoid,
                            max_hops=max_hops)
    if as_json:
        emit_json(answer)
        return
    if not answer["paths"]:
        click.echo(answer["message"])
    for i, p in enumerate(answer["paths"], 1):
        print_path(p["names"], p["hops"], p["score"], i)


@main.command()
@click.argument("actors", nargs=-1, required=True)
@as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def common(obj: Context, actors: tuple[str, ...], as_of: str | None, as_json: bool) -> None:
    """What two or more actors share: organizations (now and past), events, contacts."""
    from queries.connections import shared_connections

    c = shared_connections(projection_for(obj, as_of), list(actors))
    if as_json:
        emit_json(c)
        return
    click.echo(f"What {', '.join(c['names'])} share, as of {c['as_of']}:")
    for title, key in (("organizations now", "organizations_now"), ("organizations in the past", "organizations_past")):
        click.echo(f"  {title}: " + ("; ".join(o["name"] for o in c[key]) or "none"))
    click.echo("  events: " + ("; ".join(f"{e['name']} ({e['start']})" for e in c["events"]) or "none"))
    click.echo("  contacts: " + ("; ".join(x["name"] for x in c["contacts"]) or "none"))


@main.command()
@click.argument("actor_id")
@as_of_option
@click.option("--hops", default=1, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def neighbors(obj: Context, actor_id: str, as_of: str | None, hops: int, as_json: bool) -> None:
    """The actors within --hops links, nearest first, with the link that reaches each."""
    from queries.connections import neighbourhood

    n = neighbourhood(projection_for(obj, as_of), actor_id, hops)
    if as_json:
        emit_json(n)
        return
    click.echo(f"Within {hops} hop{'s' if hops != 1 else ''} of {n['name']}, as of {n['as_of']}: "
               f"{len(n['neighbors'])} actors")
    for x in n["neighbors"]:
        click.echo(f"  {x['distance']}  {x['name']:<32} via {x['through']}: {x['relationship']} ({x['kind']}); "
                   f"{x['source'] or 'no source'}")


DEMO_DAY = "1993-02-01"  # after the ban's repeal, while officials still held back: the secret channel at work
DEMO_BRIDGES_DAY = "1993-03-01"


@main.command()
@click.option("--out", default="backchannel-demo", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the demo's store and map.")
def demo(out: Path) -> None:
    """The main job on the bundled Oslo sample: a fresh embedded store, both answers, the map."""
    from ingest import load
    from kg.graph import project
    from kg.store.sqlite import SQLiteStore
    from queries.bridges import bridging_figures
    from queries.channels import channels_to_group
    from visualize import MapOptions, write_map

    out.mkdir(parents=True, exist_ok=True)
    db = out / "oslo.db"
    for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        leftover.unlink(missing_ok=True)
    store = SQLiteStore(db)
    try:
        report = load(store, SAMPLE_DIR, strict=True)
        click.echo(f"Loaded the Oslo back-channel sample into {db}:")
        click.echo("  " + ", ".join(f"{n} {k}" for k, n in report.loaded.items()))
        click.echo(f"\n$ kg bridges Israel PLO --as-of {DEMO_BRIDGES_DAY} --top 5")
        print_bridges(bridging_figures(project(store, parse_as_of(DEMO_BRIDGES_DAY)), "Israel", "PLO", top=5))
        click.echo(f"\n$ kg channels shimon-peres plo --as-of {DEMO_DAY} --top 3")
        print_channels(channels_to_group(project(store, parse_as_of(DEMO_DAY)), "shimon-peres", "plo", top=3))
        path, m = write_map(store, MapOptions(as_of=parse_as_of(DEMO_DAY), channels=("shimon-peres", "plo")),
                            out / "oslo-channels.html")
        click.echo(f"\nMap with the channels highlighted: {path.resolve()}")
        click.echo(f"  {len(m.nodes)} nodes, {len(m.edges)} links; one file, opens offline in any browser")
    finally:
        store.close()


if __name__ == "__main__":  # pragma: no cover
    main()
