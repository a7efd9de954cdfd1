"""The ``kg`` command: parse, call one library function, print.

Every command turns a :class:`~kg.errors.KGError` into one line on stderr and
exit 1; click's usage errors exit 2.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import re
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from kg.errors import KGError, LoadInterrupted, StrictLoadError, UsageMistake, one_line
from kg.model import PUBLIC_ONLY_CONFLICT
from kg.store import GraphStore, open_store
from kg.text import counted, ended_on, figure, rounded, shown, without_credentials

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "oslo"
WRITING_COMMANDS = {"ingest", "migrate", "demo"}  # the commands that write to a store
OUTPUT_COMMANDS = {"export", "viz", "init"}  # the commands that write files
WRITING_TO: dict[str, Any] = {}  # the file or folder such a command was asked to write (what an error names)
# the most channels a command lists: past a few hundred, Yen's search lists every simple path of the rule
# graph, which no network of thousands of links has a time for (a reader's --top 100000 on the Oslo sample)
MAX_CHANNELS = 1000


def not_utf8(text: str) -> bool:
    """Whether a command-line argument held bytes that are not UTF-8 (kept as lone surrogates)."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)


class KGGroup(click.Group):
    """A click group that prints library errors as one line and exits 1."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:  # a wrong option of kg itself: one line too (bare `kg` shows the help)
            if type(e).__name__ == "NoArgsIsHelpError":
                raise
            click.echo(f"kg: {e.format_message()} (see `kg --help`)", err=True)
            ctx.exit(e.exit_code)

    def invoke(self, ctx: click.Context) -> Any:
        # A command builds hundreds of thousands of long-lived objects (records, actors, rows) and
        # few cycles: collect garbage less often (about a third of a large projection's time otherwise).
        gc.set_threshold(100_000, 50, 100)
        _terminate_as_interrupt()
        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        # ids and names on the command line must be text (SQLite cannot bind the rest); paths may be any bytes
        for arg in [] if args and args[0] in WRITING_COMMANDS | OUTPUT_COMMANDS else args:
            if not_utf8(arg):
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                click.echo(f"kg: the argument {shown} is not UTF-8 text (the terminal sends another encoding?); "
                           "type it again in UTF-8", err=True)
                ctx.exit(2)
        try:
            return super().invoke(ctx)
        except click.UsageError as e:  # a wrong option or argument of a command: one line, as every error
            cmd = f"kg {ctx.invoked_subcommand}" if ctx.invoked_subcommand else "kg"
            if isinstance(e, click.NoSuchOption) and e.option_name in ("--db", "--neo4j"):
                variable = "KG_DB" if e.option_name == "--db" else "NEO4J_URI"
                click.echo(f"kg: {e.option_name} goes before the command: `kg {e.option_name} ... "
                           f"{ctx.invoked_subcommand} ...` (or set {variable})", err=True)
            else:
                click.echo(f"kg: {e.format_message()} (see `{cmd} --help`)", err=True)
            ctx.exit(e.exit_code)
        except LoadInterrupted as e:
            click.echo(f"kg: {e}", err=True)
            ctx.exit(130)
        except KGError as e:  # (one line, whatever a path or name it quotes holds)
            click.echo(f"kg: {one_line(str(e))}", err=True)
            ctx.exit(2 if isinstance(e, UsageMistake) else 1)
        except sqlite3.DatabaseError as e:  # what the store did not turn into a line of its own
            where = getattr(ctx.obj, "db", None) or "kg.db"
            click.echo(f"kg: the store {where} cannot be read ({e}): restore it from a backup, or load your "
                       "data into a new store (kg --db NEW.db ingest PATH)", err=True)
            ctx.exit(1)
        except BrokenPipeError:  # the reader stopped reading (`kg ... | head`): end quietly, as other tools do
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(141)
        except OSError as e:  # a full disk, a file too large, a read-only folder: one line, as every error
            # (found by an adversarial reader: a traceback) naming the file asked for, not the part written
            # beside it first (kg.outfile: ".map.html.1234.part")
            name = re.sub(r"^\.(.+)\.\d+\.part$", r"\1", os.path.basename(str(e.filename))) if e.filename else ""
            where = os.path.join(os.path.dirname(str(e.filename)), name) if e.filename else ""
            if not where and ctx.invoked_subcommand in OUTPUT_COMMANDS:  # (a write() names no file: the one asked)
                where = str(WRITING_TO.get("path") or "")
            if ctx.invoked_subcommand in OUTPUT_COMMANDS:
                click.echo(f"kg: cannot write {where or 'the output'}: {e.strerror or e}; nothing was written",
                           err=True)
            else:
                click.echo(f"kg: {where + ': ' if where else ''}{e.strerror or e}", err=True)
            ctx.exit(1)
        except Exception as e:
            if not type(e).__module__.startswith("neo4j"):  # (the last: every other kind is handled above)
                raise
            # the Neo4j server went away, or refused, during a command (stopped, killed, a lost network): one
            # line, not a traceback (a new user on a team's server)
            uri = without_credentials(getattr(ctx.obj, "neo4j", None) or os.environ.get("NEO4J_URI")
                                      or "the Neo4j server")
            said = one_line(" ".join(str(getattr(e, "message", None) or e).split()))
            if ctx.invoked_subcommand in WRITING_COMMANDS:
                done = ("any batch under way was not written (whole batches before it are in; loading the same "
                        "data again is safe)")
            else:
                done = "nothing was changed"
            click.echo(f"kg: lost Neo4j at {uri} ({said}); {done}; check the server (make neo4j starts the local "
                       "one) and run the command again", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            if ctx.invoked_subcommand in WRITING_COMMANDS:  # (stopped while reading, there was none)
                click.echo("kg: interrupted; any batch under way was rolled back", err=True)
            elif ctx.invoked_subcommand in OUTPUT_COMMANDS:
                click.echo("kg: interrupted; the store is unchanged but the files being written may be "
                           "incomplete: run the command again", err=True)
            else:
                click.echo("kg: interrupted; nothing was changed", err=True)
            from kg import parallel

            if parallel.POOL_STARTED:  # worker processes were stopped mid-part: their pool's threads may wait
                sys.stdout.flush()    # on a pipe at exit for ever (a reader's SIGTERM hung kg so); end at once
                sys.stderr.flush()
                os._exit(130)
            ctx.exit(130)
        finally:  # (a SIGTERM after the command's work, as click ends, is no interrupt of it)
            _terminate_by_default()


def _terminate_by_default() -> None:
    """SIGTERM ends the process as it would without kg (once there is nothing left to roll back)."""
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _terminate_as_interrupt() -> None:
    """SIGTERM (kill, a job scheduler, a closing terminal) stops a command as a second Ctrl-C does: the
    batch under way rolled back, a store this load made and wrote nothing to removed, a line said."""
    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # (not the main thread: left as it is)
        signal.signal(signal.SIGTERM, stop)


class Context:
    """What the ``kg`` group passes to its commands: how to open the chosen store."""

    def __init__(self, db: str | None, neo4j: str | None) -> None:
        self.db, self.neo4j = db, neo4j
        self._store: GraphStore | None = None
        self.unclear = False  # KG_DB and NEO4J_URI both set, and no flag: which store is not said

    def _chosen(self) -> None:
        if self.unclear:
            raise KGError(f"both KG_DB ({self.db}) and NEO4J_URI "
                          f"({without_credentials(os.environ.get('NEO4J_URI') or '')}) are set, so it is "
                          "unclear which store to use: unset one, or choose with --db PATH or --neo4j URI")

    @property
    def store(self) -> GraphStore:
        """The chosen store, opened for reading: never created, never changed. A store whose last load
        did not finish is read all the same, with a warning on stderr."""
        if self._store is None:
            self._chosen()
            self._store = open_store(self.db, self.neo4j, readonly=True)
            from ingest.load import unfinished_load

            opened = getattr(self._store, "open_warning", None)
            if opened:
                click.echo(f"kg: {opened}", err=True)

            warning = unfinished_load(self._store)
            if warning:
                click.echo(f"kg: {one_line(warning)}", err=True)
        return self._store

    def salted_store(self) -> GraphStore:
        """The store for maps and exports: read-only, unless the pseudonym salt must be created first."""
        from visualize.redact import SALT_SETTING

        if self.store.get_meta(SALT_SETTING) is None:
            self.close()
            self._store = None
            try:
                self.writable_store.set_meta_once(SALT_SETTING, __import__("secrets").token_hex(16))
            except KGError as e:
                if "cannot be written" not in str(e):
                    raise
                # a read-only store is still read (an adversary of the store: a map and an export were refused on
                # one, which the README says can be queried): this file's pseudonyms are its own
                self.close()
                store = self.store
                store.salt_for_this_run = __import__("secrets").token_hex(16)  # type: ignore[attr-defined]
                click.echo("kg: the store cannot be written, so it keeps no pseudonym salt: the pseudonyms in this "
                           "file are its own (another file made from this store gives others)", err=True)
                return store
        return self.store

    @property
    def writable_store(self) -> GraphStore:
        """The chosen store, opened for writing (created when it does not exist yet)."""
        if self._store is None:
            self._chosen()
            self._store = open_store(self.db, self.neo4j, create=True)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def new_embedded_file(self) -> Path | None:
        """The embedded store's file when it does not exist yet (a load would create it), else None."""
        self._chosen()
        if self.neo4j or (not self.db and os.environ.get("NEO4J_URI")):
            return None
        path = Path(self.db or os.environ.get("KG_DB") or "kg.db")
        return None if path.exists() else path

    def discard(self, path: Path) -> None:
        """Close the store and remove the file this command created (with its -wal and -shm), unless another
        program loads into it now or has loaded records into it (two loads into a new store at once: the
        refused one removed the other's, an adversarial reader)."""
        from ingest.load import running_load

        try:
            keep = self._store is not None and (running_load(self._store) is not None
                                                or any(self._store.counts().values()))
        except Exception:  # noqa: BLE001 - (what cannot be told is kept: a second reader)
            keep = True
        self.close()
        if keep:
            return
        from kg.outfile import embedded_files

        for p in embedded_files(str(path)):  # (the load lock too, beside the file were path a link)
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


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
    if db is not None and not db.strip():
        raise click.BadParameter("is empty; give the store's file name, such as kg.db", param_hint="--db")
    # which store answers must not be decided in silence (a new user: KG_DB from the short session and
    # NEO4J_URI from the Neo4j section, every answer came from the file while they read it as Neo4j's)
    from click.core import ParameterSource

    db_said = ctx.get_parameter_source("db") == ParameterSource.COMMANDLINE
    if db_said and neo4j:
        raise click.UsageError("give --db or --neo4j, not both: one store answers")
    obj = Context(db, neo4j)
    # (asked when a store is opened: kg demo, kg init and every --help use none)
    obj.unclear = (not db_said and not neo4j and bool(db) and bool(os.environ.get("NEO4J_URI")))
    ctx.obj = obj
    ctx.call_on_close(obj.close)


@main.command()
@click.argument("path", type=click.Path(path_type=str))
@click.option("--strict", is_flag=True, help="Any bad record aborts the load; nothing is written.")
@click.option("--dry-run", is_flag=True, help="Validate only; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--encoding", metavar="NAME", callback=lambda ctx, param, value: _check_encoding(value),
              help="The encoding of the files that are not UTF-8 (e.g. cp1252, as the error for such a file "
                   "says); files that are UTF-8 are read as UTF-8.")
@click.option("--replace", is_flag=True,
              help="Make the store hold exactly this dataset: records of the store that it does not hold are "
                   "removed (a corrected kind or start leaves no old record behind). All or nothing, as "
                   "--strict; --dry-run says how many would go.")
@click.option("--remove-confidential", is_flag=True,
              help="With --replace: also remove the confidential records the dataset does not hold (without "
                   "it, such a load is refused: exports leave confidential records out).")
@click.option("--lower-sensitivity", is_flag=True,
              help="Let a record replace a stored one of higher sensitivity (e.g. confidential to public); "
                   "without it such a record is refused.")
@click.pass_context
def ingest(ctx: click.Context, path: str, strict: bool, dry_run: bool, as_json: bool, encoding: str | None,
           replace: bool, remove_confidential: bool, lower_sensitivity: bool) -> None:
    """Load a dataset folder, a .jsonl file, an .xlsx workbook, one dataset CSV (actors.csv, ties.csv...),
    or a FollowTheMoney entity stream (OpenSanctions' entities.ftm.json, an Aleph export).

    Exit code 0 when everything loaded, 3 when some records or files were rejected and the
    rest loaded, 1 when nothing could be loaded (or --strict found a problem), 2 when the command
    line is wrong (an unknown option, an encoding Python does not know).
    """
    from ingest import load

    obj = ctx.find_object(Context)
    assert obj is not None

    store: Any = None
    created = None
    held: int | None = None  # the load lock of a store this command makes, taken before the file is made
    written = [0]  # records in the batches written so far (each its own transaction unless all are one)
    # nothing could be loaded into a store this command created: leave no empty store behind
    # (an interrupted load keeps its whole batches, as it says)
    try:
        new = obj.new_embedded_file()
        if dry_run:
            # checked against the store when there is one (a dry run never creates one); one that is there but
            # cannot be read (locked, another program's, of another version) is said, not taken for none: every
            # record "would be new" (an adversary of the store)
            store = None if new is not None else obj.store
        else:
            if new is not None:
                from kg.store.sqlite import hold_new_file

                held = hold_new_file(str(new))  # (refused here, nothing of the other's is removed)
                created = new
                if held is not None:  # let go when the command is over, after removing a store it failed to fill
                    ctx.call_on_close(functools.partial(_let_go, held))
            store = obj.writable_store
            if held is not None:
                store.adopt_load_lock(held)
        report = _ingest(store, path, strict, dry_run, as_json, encoding, functools.partial(
            load, lower_sensitivity=lower_sensitivity, replace=replace, remove_confidential=remove_confidential),
            written)
    except KGError as e:
        if as_json and not isinstance(e, LoadInterrupted):
            # every refusal, not --strict's only (a --replace refusal, a folder with no actors.csv, a store busy
            # with another load, a store that cannot be opened printed nothing on stdout: an adversary); a load
            # stopped after whole batches (taken over) says they are in
            emit_json({"dry_run": dry_run, "refused": one_line(str(e)),
                       "written": bool(written[0]) and not (strict or replace or dry_run),
                       "rejected": getattr(e, "rejected", []), "exit_code": 1})
        if created is not None and (not isinstance(e, LoadInterrupted) or e.written == 0):
            obj.discard(created)
        raise
    except KeyboardInterrupt:  # stopped at once (a second Ctrl-C, SIGTERM): the batch under way rolled back
        with contextlib.suppress(Exception):
            if created is not None and not any(store.counts().values()):
                obj.discard(created)
        raise
    if created is not None and report.exit_code == 1:
        obj.discard(created)
    if report.exit_code:
        ctx.exit(report.exit_code)


def _let_go(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


def _span_words(start: str | None, end: str | None, event_start: str | None, event_end: str | None) -> str:
    """A participation's own days, as a profile line says them: "from 1997-09-15", "to 1997-07-15",
    "1996-06-12 to 1996-06-14" (each said only where it is not the event's)."""
    later = bool(start) and start != event_start
    end = end if end != event_end else None
    if later and end:
        return f"{start} to {end}"
    return f"from {start}" if later else f"to {end}"


def _ingest(store: Any, path: str, strict: bool, dry_run: bool, as_json: bool, encoding: str | None,
            load: Any, written: list[int] | None = None) -> Any:
    bar: Any = None
    show_progress = sys.stderr.isatty() and not as_json

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if written is not None:
            written[0] = done
        if not show_progress:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="loading", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    with stop_at_batch_boundary() as stop_requested:
        report = _load(load, store, path, strict, dry_run, progress if show_progress or written is not None
                       else None, stop_requested, encoding, as_json)
    _terminate_by_default()  # the load is done: a SIGTERM now (the report printing) rolls nothing back
    if bar is not None:
        bar.__exit__(None, None, None)
    _print_load_report(report, store, path, dry_run, as_json)
    return report


def _check_encoding(value: str | None) -> str | None:
    from ingest.readers import check_encoding

    if value is None:
        return None
    try:
        return check_encoding(value)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--encoding") from None


def _load(load: Any, store: GraphStore, path: str, strict: bool, dry_run: bool, progress: Any,
          stop_requested: Callable[[], bool], encoding: str | None, as_json: bool = False) -> Any:
    try:
        return load(store, path, strict=strict, dry_run=dry_run, progress=progress,
                    should_stop=stop_requested, encoding=encoding)
    except StrictLoadError as e:
        for err in e.errors:
            click.echo(err.describe(), err=True)
        refused = KGError(f"{e.option}: {e.summary()}; nothing was written")
        # a script reading the report (--json) reads the refusal too: the problems, as on stderr
        refused.rejected = [err.describe() for err in e.errors]  # type: ignore[attr-defined]
        raise refused from None


@contextlib.contextmanager
def stop_at_batch_boundary() -> Iterator[Callable[[], bool]]:
    """The first Ctrl-C asks the load to stop before its next batch; a second one stops at once."""
    requested = False

    def handler(signum: int, frame: Any) -> None:
        nonlocal requested
        if requested:
            raise KeyboardInterrupt
        requested = True
        click.echo("\nkg: stopping after the batch under way (while the data is checked, before any is written; "
                   "Ctrl-C again to stop at once)", err=True)

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
    from kg.model import KINDS, PLURAL

    if as_json:
        emit_json({"files": report.files, "dry_run": dry_run, "loaded": report.loaded,
                   # keyed as "loaded", "removed" and `kg stats --json` are: by plural kind
                   **{what: {PLURAL[k]: n for k, n in getattr(report.result, what).items()}
                      for what in ("new", "updated", "unchanged")},
                   "rejected": [e.describe() for e in report.errors],
                   "per_file": [s.to_dict() for s in report.summaries], "skipped": report.skipped,
                   "entities_skipped": report.entities_skipped, "notes": report.notes,
                   "removed": {PLURAL[k]: n for k, n in report.removed.items()}, "exit_code": report.exit_code})
        return
    if dry_run:
        verb = "Checked (dry run, nothing written)"
    else:
        verb = f"Loaded into the {store.describe()}" if report.exit_code != 1 else "Nothing was loaded"
    click.echo(f"{verb}: {path}")

    for kind in KINDS:
        n, gone = report.accepted.get(kind, 0), report.removed.get(kind, 0)
        if not n and not gone:
            continue
        would = "would be " if dry_run else ""  # (a dry run compares with the store, read only)
        parts = [f"{b[kind]} {would}{label}" for label, b in (("new", report.result.new),
                 ("updated", report.result.updated), ("unchanged", report.result.unchanged)) if b.get(kind)]
        if gone:  # --replace: what the store held that the dataset does not
            parts.append(f"{gone} {'would be removed' if dry_run else 'removed'}")
        detail = f"  ({', '.join(parts)})" if parts else ""
        click.echo(f"  {PLURAL[kind]:<14}{n:>8}{detail}")
    _print_skipped(report.entities_skipped)
    _print_file_summaries(report, dry_run)
    for note in report.notes:
        click.echo(f"Note: {note}")
    if report.errors:
        click.echo(f"Problems ({len(report.errors)}), in file and line order:", err=True)
        for err in report.errors:
            click.echo(f"  {err.describe()}", err=True)


def _print_skipped(skipped: dict[str, int]) -> None:
    """The FollowTheMoney entities a load left out, by schema or reason (not errors)."""
    if skipped:
        click.echo(f"  skipped {sum(skipped.values())} FollowTheMoney entities, not loaded as records of their own:")
        for why, n in sorted(skipped.items(), key=lambda x: (-x[1], x[0])):
            click.echo(f"    {n:>8}  {why}")


def _print_file_summaries(report: Any, dry_run: bool) -> None:
    """Per file: what loaded, what was rejected, whether it was read to the end; then the verdict."""
    good = "accepted" if dry_run else "loaded"
    click.echo("Files:")
    width = max([20, *(len(s.file) + 1 for s in report.summaries)])
    for s in report.summaries:
        if s.not_read is not None:
            # ("not read: the sheet was not read: ..." said it twice, a new user)
            why = s.not_read.removeprefix("the file was not read: ").removeprefix("the sheet was not read: ")
            click.echo(f"  {s.file:<{width}}not read: {why}")
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
        why = "a folder (not read: load it on its own)" if name.endswith("/") else "not a dataset file"
        click.echo(f"  {name:<{width}}skipped: {why}")
    if report.errors:
        rejected = sum(s.rejected for s in report.summaries)
        not_read = sum(1 for s in report.summaries if s.not_read is not None)
        partial = sum(1 for s in report.summaries if s.not_read is None and s.problems)
        parts = [f"{rejected} record{'s' if rejected != 1 else ''} rejected"] if rejected else []
        if not_read:
            parts.append(f"{not_read} file{'s' if not_read != 1 else ''} not read")
        if partial:
            parts.append(f"{partial} file{'s' if partial != 1 else ''} not fully read")
        what = (("Nothing could be loaded" if report.exit_code == 1 else "Not everything loaded") if not dry_run
                else ("Nothing would load" if report.exit_code == 1 else "Not everything would load"))
        click.echo(f"{what}: {', '.join(parts)} (each problem is listed on stderr); exit code {report.exit_code}")
    elif report.exit_code == 1:  # no problem, and no record either
        if report.entities_skipped:
            why = "every FollowTheMoney entity is of a kind the tool has no use for (counted above)"
        elif report.skipped:
            why = ("no file or sheet is named like a dataset file (actors.csv, ties.csv..., or sheets named "
                   "actors, ties...): rename it")
        else:
            why = "the input holds no records"
        click.echo(f"Nothing to load: {why}; exit code 1")


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
    if not any(counts.values()):
        click.echo("  the store is empty; load data with `kg ingest PATH`")


@main.command()
@pass_context
def migrate(obj: Context) -> None:
    """Bring an embedded store written by an earlier Backchannel to the current schema."""
    from ingest.load import running_load

    obj._chosen()
    store = open_store(obj.db, obj.neo4j)  # never created: a missing file is an error
    obj._store = store
    held = running_load(store)
    note = f" (a load into it is running, started {held.get('started', '?')})" if held is not None else ""
    click.echo(f"{store.describe()} is at the current schema{note}")


def as_of_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--as-of", "as_of", metavar="DATE",
                        help="The day asked about (YYYY-MM-DD; YYYY or YYYY-MM is its first day); default today.")(fn)


def column(text: str, width: int) -> str:
    """``text`` padded to ``width``; a longer one keeps a space after it, so it does not run into the next
    column ("FAFO Institute for Applied Social Science  FAFO Institute ...")."""
    return text.ljust(width) if len(text) < width else text + " "


def query_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--as-of, --public-only, --exclude-confidential and --half-life: on every query command."""
    for option in reversed((
        click.option("--as-of", "as_of", metavar="DATE",
                     help="The day asked about (YYYY-MM-DD; YYYY or YYYY-MM is its first day); default today."),
        click.option("--public-only", is_flag=True, help="Answer from records marked public only."),
        click.option("--exclude-confidential", is_flag=True, help="Leave out records marked confidential."),
        click.option("--half-life", type=float, default=2.0, show_default=True, metavar="YEARS",
                     help="How fast a shared meeting ages as evidence of a link: half its weight each YEARS, "
                          "none after ten of them (no effect on search, nor on what common lists)."),
    )):
        fn = option(fn)
    return fn


def parse_as_of(as_of: str | None) -> Any:
    from kg import time as kgtime

    if as_of is None:
        return None
    try:
        return kgtime.parse_day(as_of)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--as-of") from None


def level(public_only: bool, exclude_confidential: bool) -> int:
    from kg.model import sensitivity_level

    return sensitivity_level(public_only, exclude_confidential)


def check_half_life(half_life: float) -> float:
    if not half_life > 0 or half_life != half_life or half_life == float("inf"):
        raise click.BadParameter(f"{half_life} is not a number of years above 0", param_hint="--half-life")
    return half_life


def read_store(obj: Context) -> GraphStore:
    """The store for a question: it must hold data."""
    store = obj.store
    # counting walks each table (its smallest index; 14-20 ms at a million ties): a store damaged there is
    # found here, in one line, instead of answering from what is left of it (tests/test_store_files.py)
    if not any(store.counts().values()):
        raise KGError(f"the {store.describe()} is empty; load data with `kg ingest PATH`")
    return store


def projection_for(obj: Context, as_of: str | None, public_only: bool = False, exclude_confidential: bool = False,
                   half_life: float = 2.0, progress: Any = None) -> Any:
    """The whole day's projection, for the questions that need the whole network."""
    from kg.graph import project

    if progress is not None:
        progress.stage("reading the day's network from the store")
    return project(read_store(obj), parse_as_of(as_of), max_sensitivity=level(public_only, exclude_confidential),
                   half_life=check_half_life(half_life))


def mark(sensitivity: str) -> str:
    """How a restricted or confidential fact is flagged in the terminal."""
    return "" if sensitivity == "public" else f" [{sensitivity.upper()}]"


def marked_names(actors: list[dict[str, Any]], none_rests: str = "public") -> str:
    """``Name, Name [CONFIDENTIAL]``: people listed by name, each marked as sensitive as it is; or none,
    marked as sensitive as what the claim of none rests on (``none_rests``)."""
    return ", ".join(x["name"] + mark(x.get("sensitivity", "public")) for x in actors) or "none" + mark(none_rests)


@main.command()
@click.argument("party_a")
@click.argument("party_b")
@query_options
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="How many bridges.")
@click.option("--exact", is_flag=True, help="Exact betweenness even on large graphs (may be slow).")
@click.option("--sample", type=click.IntRange(1), metavar="K",
              help="Estimate betweenness from K sampled members of the smaller party.")
@click.option("--include-organizations", is_flag=True, help="Rank institutions as well as people.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def bridges(obj: Context, party_a: str, party_b: str, as_of: str | None, public_only: bool,
            exclude_confidential: bool, half_life: float, top: int, exact: bool, sample: int | None,
            include_organizations: bool, as_json: bool) -> None:
    """Bridging figures between two parties, best first.

    PARTY_A and PARTY_B are party names (as in the actors' party column) or organization ids.
    """
    from kg.parallel import terminal_progress
    from queries.bridges import bridging_figures, ranking_sensitivity

    if exact and sample:
        raise click.UsageError("--exact and --sample contradict each other: give one of them")
    progress = terminal_progress()
    try:
        projection = projection_for(obj, as_of, public_only, exclude_confidential, half_life, progress)
        kw: dict[str, Any] = {"top": top, "exact": True if exact else None, "sample": sample,
                              "include_organizations": include_organizations}
        answer = bridging_figures(projection, party_a, party_b, progress=progress, **kw)
        progress.stage("what the ranking rests on")
        answer = ranking_sensitivity(projection, answer, party_a, party_b, **kw)
    finally:
        progress.finish()
    if as_json:
        emit_json(answer.to_dict())
        return
    print_bridges(answer)


def print_bridges(answer: Any) -> None:
    a, b = answer.parties
    day = answer.as_of or "today"
    # (the mark after the member counts, which it is of: after "betweenness exact" it read as the method's)
    click.echo(f"Bridging figures between {a} ({counted(answer.members[a], 'member')}) and {b} "
               f"({counted(answer.members[b], 'member')}){mark(answer.members_sensitivity)}, {day}; "
               f"ranking {answer.ranks}; betweenness {answer.method}")
    if answer.heading():
        click.echo(answer.heading())
    if not answer.results:
        click.echo(f"  {answer.message}")
        return
    for i, r in enumerate(answer.results, 1):
        party = ", ".join(r.party) or "no party"
        click.echo(f"  {i:>2}. {r.name}{mark(r.sensitivity)}  score {r.score:.3f}  (track {r.track}, {party})")
        click.echo(f"      {r.why}")
        for k in r.may_not_engage:
            click.echo(f"      may not engage {k['group_name']}"
                       f"{', nor ' + k['via_name'] + ' under it' if k['via'] else ''}: {k['kind']} restriction "
                       f"of {k['jurisdiction']} on "
                       f"{k['scope']} ({k['start'] or '...'} to {k['end'] or 'now'}){mark(k['sensitivity'])}; "
                       f"{k['source'] or 'no source given'}")
    if answer.ranking_sensitivity != "public":
        click.echo(f"  the ranking and scores rest on {answer.ranking_sensitivity} records: "
                   f"{answer.ranking_why}{mark(answer.ranking_sensitivity)}")
    click.echo(f"  records used: {answer.records_used}")


@main.command()
@click.argument("actor_id")
@click.argument("group_id")
@query_options
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, MAX_CHANNELS),
              help=f"How many channels (at most {MAX_CHANNELS:,}).")
@click.option("--max-hops", default=6, show_default=True, type=click.IntRange(1),
              help="Longest channel shown (single points of failure and the smallest cut count channels of any "
                   "length).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def channels(obj: Context, actor_id: str, group_id: str, as_of: str | None, public_only: bool,
             exclude_confidential: bool, half_life: float, top: int, max_hops: int, as_json: bool) -> None:
    """Channels from ACTOR_ID to GROUP_ID, a group the actor may not engage, most reliable first."""
    from kg.parallel import terminal_progress
    from queries.channels import channels_to_group

    progress = terminal_progress()
    try:
        projection = projection_for(obj, as_of, public_only, exclude_confidential, half_life, progress)
        progress.stage("finding channels")
        answer = channels_to_group(projection, actor_id, group_id, top=top, max_hops=max_hops)
    finally:
        progress.finish()
    if as_json:
        emit_json(answer.to_dict())
        return
    print_channels(answer)


def until(end: str | None, closed: dict[str, str] | None) -> str:
    """A record's end as a line says it: its own, "now" when it gives none, or the end of one of its actors that
    comes first ("2018-05-03 (Afonso Dhlakama's end)": a death, a dissolution)."""
    return f"{closed['end']} ({closed['name']}'s end)" if closed else end or "now"


def print_hop(h: Any) -> None:
    h = h if isinstance(h, dict) else h.to_dict()
    dates = (f"{h['start'] or '...'} to {until(h['end'], h.get('closed_by'))}"
             if (h["start"] or h["end"] or h.get("closed_by")) else "undated")
    if h["via"] == "event" and h["start"] and not h["end"]:  # an event without an end lasted its first day
        dates = f"{h['start']} (no end given: its one day)"
    extra = f"; {h['details']['formula']}" if h.get("details", {}).get("formula") else ""
    click.echo(f"      {h['says']}{mark(h['sensitivity'])}")
    # a co-membership's or a meeting's strength is derived, shown as reliabilities are; the others as given
    strength = figure(h["strength"]) if h["via"] in ("event", "co-membership") else f"{h['strength']:g}"
    click.echo(f"        {h['via']}, reliability {figure(h['reliability'])} (strength {strength} x confidence "
               f"{h['confidence']:g}{extra}), {dates}; source: {h['source'] or 'none given'}")
    if h.get("enmity"):  # (beside the link that carries the hop: it carries nothing itself)
        e = h["enmity"]
        click.echo(f"        and a hostile tie (it carries no message), strength {e['strength']:g} x confidence "
                   f"{e['confidence']:g}, {e['start'] or '...'} to {e['end'] or 'now'}{mark(e['sensitivity'])}; "
                   f"source: {e['source'] or 'none given'}")


def _doubt(r: dict[str, Any]) -> str:
    """", confidence 0.3" of a restriction the data doubts (it binds all the same: the safe side), else ""."""
    confidence = r.get("confidence", 1.0)
    return f", confidence {confidence:g}" if confidence < 1 else ""


def print_channels(answer: Any) -> None:
    if answer.heading():
        click.echo(answer.heading())
    click.echo(answer.message + mark(answer.message_sensitivity))
    for r in answer.restrictions:
        click.echo(f"  restriction: {r['kind']} ({r['scope']}) by {r['jurisdiction']}, "
                   f"{r['start'] or '...'} to {r['end'] or 'now'}{_doubt(r)}{mark(r.get('sensitivity', 'public'))}; "
                   f"{r['source'] or 'no source given'}")
    if not answer.channels and answer.blocked and any(r["kind"] == "legal" and r["scope"] == "nationals"
                                                      for r in answer.restrictions):
        # (a reader entered the UK's proscription of the IRA so, and every back channel of 1990-93 read "no channel")
        click.echo("  note: a legal restriction on nationals bars every contact of that nationality; a proscription "
                   "or designation that bars membership or support but not meeting is not one (docs/data-format.md, "
                   "restrictions.csv)")
    for r in answer.restrictions_inside:
        who = [f"{m['name']}" + (f", confidence {m['confidence']:g}" if m["confidence"] < 1 else "")
               + mark(m.get("sensitivity", "public")) for m in r.get("members", [])]
        said = "; ".join(who[:5]) + (f"; and {len(who) - 5} more" if len(who) > 5 else "")
        where = ("part of the group" if r["inside"] else "to which members of the group belong") + (
            f" ({said})" if said else "")
        click.echo(f"  restriction on {r['group_name']}, {where}: {r['kind']} ({r['scope']}) by "
                   f"{r['jurisdiction']}, {r['start'] or '...'} to {r['end'] or 'now'}"
                   f"{mark(r.get('sensitivity', 'public'))}; {r['source'] or 'no source given'}")
    for b in answer.blocked:
        click.echo(f"  barred as contact: {b['name']}: {b['why']}{mark(b['sensitivity'])}")
    for i, c in enumerate(answer.channels, 1):
        chain = [f"[{name}]" if n == c.contact else name for n, name in zip(c.path, c.names, strict=True)]
        shared = ", #".join(map(str, c.shares_intermediaries_with))
        # ("independent": of the other channels marked so; one may still share someone with the others; with no
        # other marked so, it only shares: a reader read "independent of the others marked so" of none)
        others = any(o.independent for o in answer.channels if o is not c)
        alt = ("independent" + (f" of the others marked so; shares intermediaries with #{shared}" if shared else "")
               if c.independent and (others or not shared) else f"shares intermediaries with #{shared}")
        click.echo(f"\n  #{i}  reliability {shown(c.score)}  ({alt}){mark(c.sensitivity)}")
        click.echo("      " + " -> ".join(chain) + mark(c.sensitivity))
        for h in c.hops:
            print_hop(h)
        if c.member_confidence is not None:
            click.echo(f"      {c.names[-1]} belongs to {c.group_name} by a membership of confidence "
                       f"{c.member_confidence:g} (not counted in the reliability){mark(c.membership)}")
    if answer.channels:
        click.echo("\n  [contact] touches the group.")
        click.echo("  single points of failure (every channel runs through them): "
                   + marked_names(answer.single_points_of_failure, answer.points_sensitivity))
        if answer.cut_summary:
            most = ", ".join(f"{x['name']}{mark(x['sensitivity'])} ({x['channels_cut']} of the channels shown)"
                             for x in answer.cut_summary)
            click.echo(f"  losing {answer.minimum_cut_size} people would cut every channel"
                       f"{mark(answer.cut_sensitivity)}; "
                       f"those whose loss cuts most: {most}")
        elif answer.minimum_cut:
            click.echo("  smallest set of intermediaries whose loss cuts every channel: "
                       + marked_names(answer.minimum_cut))
        elif answer.minimum_cut_size is None:  # (the line had vanished without a word: a mediator)
            click.echo("  no loss of intermediaries cuts every channel: one reaches the group directly"
                       + mark(answer.cut_sensitivity))
    click.echo(f"  records used: {answer.records_used}")


@main.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE.html|.svg|.png", help="Where to write the map; the name's ending picks the format.")
@as_of_option
@click.option("--focus", metavar="ID", help="Draw the neighbourhood of this actor only (as kg neighbors gives it).")
@click.option("--hops", type=click.IntRange(1),
              help="With --focus: how far (default 1), through people: an organization is reached, not passed through.")
@click.option("--bridges", nargs=2, metavar="PARTY_A PARTY_B", help="Size actors by bridging score.")
@click.option("--channels", nargs=2, metavar="ACTOR_ID GROUP_ID", help="Highlight the channels.")
@click.option("--top", type=click.IntRange(1, MAX_CHANNELS),
              help=f"How many channels (default 5) or bridges (default 10), at most {MAX_CHANNELS:,}.")
@click.option("--include-confidential", is_flag=True,
              help="Put records marked confidential in the map (left out by default).")
@click.option("--public-only", is_flag=True,
              help="Draw records marked public alone: restricted ones are left out too (a map for anyone).")
@click.option("--redact", is_flag=True, help="Replace people's names with stable pseudonyms, for sharing.")
@click.option("--title", help="The map's heading.")
@click.option("--half-life", type=float, default=2.0, show_default=True, metavar="YEARS",
              help="How fast a shared meeting ages as evidence of a link (as for the questions).")
@click.option("--max-hops", default=6, show_default=True, type=click.IntRange(1),
              help="With --channels: the longest channel drawn, as kg channels --max-hops.")
@pass_context
def viz(obj: Context, out: Path, as_of: str | None, focus: str | None, hops: int | None,
        bridges: tuple[str, str] | None, channels: tuple[str, str] | None, top: int | None,
        include_confidential: bool, public_only: bool, redact: bool, title: str | None, half_life: float,
        max_hops: int) -> None:
    """A map: an interactive HTML file that works offline (one file, no request leaves it), or an SVG/PNG."""
    WRITING_TO["path"] = out
    from visualize import MapOptions, write_map

    for name, value in (("--title", title), ("--focus", focus), *(("--bridges", v) for v in bridges or ()),
                        *(("--channels", v) for v in channels or ())):
        if value is not None and not_utf8(value):
            raise click.BadParameter("is not UTF-8 text (the terminal sends another encoding?); type it again "
                                     "in UTF-8", param_hint=name)
    if channels and bridges:  # (contradictory options: exit 2, as for the other commands)
        one_line_usage("draw one answer per map: --channels or --bridges, not both")
    if hops is not None and focus is None:
        one_line_usage("--hops needs --focus ID (how far from which actor?)")
    if public_only and include_confidential:
        one_line_usage(PUBLIC_ONLY_CONFLICT)
    opts = MapOptions(as_of=parse_as_of(as_of), focus=focus, hops=hops, bridges=bridges or None,
                      channels=channels or None, include_confidential=include_confidential,
                      public_only=public_only, redact=redact,
                      top=top, title=title, half_life=check_half_life(half_life), max_hops=max_hops)
    read_store(obj)  # (an empty store is said to be, as the questions say it)
    path, m = write_map(obj.salted_store(), opts, out)
    click.echo(f"Wrote {path} ({len(m.nodes)} nodes, {len(m.edges)} links)")
    # what the map badges, by kind (actors, events, links): a badge rests on a record so marked, the node's or
    # link's own or one it rests on (a restriction on a group, an answer, an actor a link names)
    confidential = m.marked("confidential")
    if include_confidential and confidential:
        click.echo(f"  INCLUDES records marked confidential (C in the map on {m.marked_kinds('confidential')}): "
                   f"do not share")
    elif include_confidential:
        click.echo("  INCLUDES records marked confidential: do not share")
    elif public_only:
        click.echo("  records marked restricted or confidential, if any, are left out (public records only)")
    else:
        click.echo("  records marked confidential, if any, are left out (--include-confidential to add them)")
    if m.restricted:
        click.echo(f"  includes records marked restricted (R in the map on {m.marked_kinds('restricted')}): "
                   f"check before sharing it")
    for line in m.report:
        click.echo(f"  {line}")


@main.command()
@click.argument("text")
@query_options
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1), help="How many actors to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def search(obj: Context, text: str, as_of: str | None, public_only: bool, exclude_confidential: bool,
           half_life: float, limit: int, as_json: bool) -> None:
    """Find actors by name or alias, ignoring case and accents ("rod-larsen" finds Rød-Larsen)."""
    from kg.graph import SENSITIVITIES
    from queries.connections import find_actors

    found = find_actors(read_store(obj), text, limit, parse_as_of(as_of), level(public_only, exclude_confidential),
                        check_half_life(half_life))
    if as_json:
        emit_json({"query": text, "results": found})
        return
    if not found:
        click.echo(f"no actor matches {text!r}")
    marks = sorted({r["sensitivity"] for r in found} - {"public"}, key=SENSITIVITIES.index)
    if marks:
        click.echo(f"NOTE: this answer includes {' and '.join(marks)} records (marked); check before sharing it")
    for r in found:
        if r["ended"]:  # (gone by the day: in no network then)
            click.echo(f"  {r['score']:.2f}  {column(r['id'], 24)} {column(r['name'], 30)} {r['kind']:<12} "
                       f"ended {ended_on(r['ended'])}{mark(r['sensitivity'])}")
            continue
        click.echo(f"  {r['score']:.2f}  {column(r['id'], 24)} {column(r['name'], 30)} {r['kind']:<12} "
                   f"track {r['track']:<4} {', '.join(r['party']) or '-'}{mark(r['sensitivity'])}")


@main.command()
@click.argument("actor_id")
@query_options
@click.option("--json", "as_json", is_flag=True, help="Print the profile as JSON.")
@pass_context
def show(obj: Context, actor_id: str, as_of: str | None, public_only: bool, exclude_confidential: bool,
         half_life: float, as_json: bool) -> None:
    """One actor's profile: party, track and why, affiliations over time, ties, influence, events."""
    from queries.connections import actor_profile

    p = actor_profile(read_store(obj), actor_id, parse_as_of(as_of), level(public_only, exclude_confidential),
                      check_half_life(half_life))
    if as_json:
        emit_json(p)
        return
    if p["includes"]:
        click.echo(f"NOTE: this profile includes {' and '.join(p['includes'])} records (marked); "
                   "check before sharing it")
    click.echo(f"{p['name']} ({p['id']}){mark(p['sensitivity'])}, {p['kind']}"
               f"{' / ' + p['org_type'] if p['org_type'] else ''}, {p['country'] or 'country unknown'}; "
               f"as of {p['as_of']}")
    if p["aliases"]:
        click.echo(f"  also known as: {'; '.join(p['aliases'])}")
    if p["description"]:
        click.echo(f"  {p['description']}")
    why = f" ({p['party_why']})" if p["party"] else ""  # (not "none (none)")
    click.echo(f"  party: {', '.join(p['party']) or 'none'}{why}{mark(p['party_sensitivity'])}")
    click.echo(f"  track: {p['track']} ({p['track_why']}){mark(p['track_sensitivity'])}")
    click.echo(f"  source: {p['source'] or 'none given'}")
    if p["end"]:  # (a death, a dissolution: after it the actor is in no day's network)
        click.echo(f"  end: {p['end']} (its last day: in no network after it)")
    for name, value in sorted(p["props"].items()):  # the data's other columns (an FtM sanction's sanctioned_by)
        said = "; ".join(map(str, value)) if isinstance(value, list) else value
        click.echo(f"  {name}: {one_line(str(said))}")
    if p["affiliations"]:
        click.echo("  affiliations over time (* = on the day):")
        lines = []  # one write: a government lists thousands
        for a in p["affiliations"]:
            other = a["organization_name"] if a["member"] == p["id"] else f"{a['member_name']} (member)"
            star = "*" if a["valid_on_day"] else " "
            role = a["role"] or "member"
            if a["other_ended"]:  # (a dissolved body, a member who died: "to now" read as still in it)
                other += f" (ended {ended_on(a['other_ended'])})"
            lines.append(f"   {star} {a['start'] or '...':>10} to {until(a['end'], a['closed_by']):<10} {other}: {role}"
                         f"{' (official)' if a['official'] else ''}{mark(a['sensitivity'])}; "
                         f"{a['source'] or 'no source given'}")
        click.echo("\n".join(lines))
    for title, key in (("ties", "ties"), ("influence", "influence_out"), ("influenced by", "influence_in"),
                       ("co-members", "co_members")):
        if p[key]:
            click.echo(f"  {title}:")
            click.echo("\n".join(  # one write: a hub has thousands
                f"     {t['says']}, strength {rounded(t['strength'], 3) if key == 'co_members' else t['strength']:g}"
                f" (confidence {t['confidence']:g}, "
                f"{t['start'] or '...'} to {until(t['end'], t.get('closed_by'))}){mark(t['sensitivity'])}; "
                f"{t['source'] or 'no source given'}" for t in p[key]))
    if p["events"]:
        click.echo("  events (* = taken part by the day: the meeting counts, ageing):")
        for e in p["events"]:
            star = "*" if e["on_day"] else " "
            aged = "; aged to nothing: the meeting carries no message" if e["aged_to_nothing"] else ""
            # (dated by the person's own days there when given, with the event's: "participant from
            # 1997-09-15; the event 1996-06-10 to 1998-04-10")
            # (an event without an end lasted its start's day, or month or year: not "to now")
            when = f"{e['start'] or '...'} to {e['end']}" if e["end"] else (e["start"] or "undated")
            own = (f" {_span_words(e['took_part_start'], e['took_part_end'], e['start'], e['end'])}; the event "
                   f"{when}") if e["own_days"] else ""
            click.echo(f"   {star} {e['took_part_start'] or '?'} {e['name']} ({e['role']}{own})"
                       f"{mark(e['sensitivity'])}; {e['source'] or 'no source given'}{aged}")
    for r in p["restrictions_on_group"]:
        click.echo(f"  restricted by {r['jurisdiction']}: {r['kind']}, {r['scope']}, "
                   f"{r['start'] or '...'} to {r['end'] or 'now'}{mark(r['sensitivity'])}; "
                   f"{r['source'] or 'no source given'}")
    for r in p["restrictions_binding"]:
        click.echo(f"  may not engage {r['group_name']}: {r['kind']} restriction of {r['jurisdiction']} on "
                   f"{r['scope']} ({r['start'] or '...'} to {r['end'] or 'now'}){mark(r['sensitivity'])}; "
                   f"{r['source'] or 'no source given'}")


def print_path(names: list[str], hops: list[dict[str, Any]], score: float, i: int, sensitivity: str) -> None:
    click.echo(f"  #{i}  reliability {shown(score)}{mark(sensitivity)}: " + " -> ".join(names))
    for h in hops:
        print_hop(h)


@main.command()
@click.argument("actor_a")
@click.argument("actor_b")
@query_options
@click.option("-k", "--top", "k", default=3, show_default=True, type=click.IntRange(1), help="How many paths.")
@click.option("--via", multiple=True,
              type=click.Choice(["tie", "affiliation", "influence", "event", "co-membership"]),
              help="Use only these relationships (repeatable).")
@click.option("--avoid", multiple=True, metavar="ID", help="Route around this actor (repeatable).")
@click.option("--max-hops", default=6, show_default=True, type=click.IntRange(1),
              help="Longest path, in links.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def path(obj: Context, actor_a: str, actor_b: str, as_of: str | None, public_only: bool,
         exclude_confidential: bool, half_life: float, k: int, via: tuple[str, ...], avoid: tuple[str, ...],
         max_hops: int, as_json: bool) -> None:
    """How ACTOR_A and ACTOR_B are connected: the most reliable paths, each hop with its evidence."""
    from kg.parallel import terminal_progress
    from queries.connections import reliable_paths

    progress = terminal_progress()
    try:
        projection = projection_for(obj, as_of, public_only, exclude_confidential, half_life, progress)
        progress.stage("finding paths")
        answer = reliable_paths(projection, actor_a, actor_b, k=k, via=via or None, avoid=avoid,
                                max_hops=max_hops)
    finally:
        progress.finish()
    if as_json:
        emit_json(answer)
        return
    if answer["includes"]:
        click.echo(f"NOTE: these paths include {' and '.join(answer['includes'])} records (marked); "
                   "check before sharing them")
    if answer["inside"]:
        click.echo(answer["inside"]["says"] + mark(answer["inside"]["sensitivity"]))
    if answer["already_gone"]:
        from kg.graph import most_sensitive
        from queries.lookup import gone_before

        click.echo(f"{gone_before(answer['already_gone'], projection.day.isoformat())}, in no path"
                   + mark(most_sensitive(*(d["sensitivity"] for d in answer["already_gone"]))))
    if not answer["paths"]:
        click.echo(answer["message"] + mark(answer["message_sensitivity"]))
    for i, p in enumerate(answer["paths"], 1):
        print_path(p["names"], p["hops"], p["score"], i, p["sensitivity"])


@main.command()
@click.argument("actors", nargs=-1, required=True)
@query_options
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def common(obj: Context, actors: tuple[str, ...], as_of: str | None, public_only: bool, exclude_confidential: bool,
           half_life: float, as_json: bool) -> None:
    """What two or more actors share: organizations (now and past), events, contacts."""
    from queries.connections import shared_connections

    if len(actors) < 2:
        one_line_usage("give at least two actors to compare")
    if len(set(actors)) < len(actors):
        one_line_usage("an actor is named twice; give two or more different actors")
    c = shared_connections(read_store(obj), list(actors), parse_as_of(as_of),
                           level(public_only, exclude_confidential), check_half_life(half_life))
    if as_json:
        emit_json(c)
        return
    if c["includes"]:
        click.echo(f"NOTE: this answer includes {' and '.join(c['includes'])} records (marked); "
                   "check before sharing it")
    click.echo(f"What {', '.join(c['names'])} share, as of {c['as_of']}:{mark(c['asked_sensitivity'])}")
    for title, key in (("organizations now", "organizations_now"), ("organizations in the past", "organizations_past")):
        click.echo(f"  {title}: " + ("; ".join(o["name"] + ("" if o["together"] else " (never in it at the same time)")
                                              + through(c, o) + mark(o["sensitivity"]) for o in c[key]) or "none"))
    click.echo("  events: " + ("; ".join(f"{e['name']} ({e['start']}"
                                         f"{'' if e['together'] else '; never there on the same day'})"
                                         f"{mark(e['sensitivity'])}" for e in c["events"]) or "none"))
    click.echo("  contacts: " + ("; ".join(x["name"] + mark(x["sensitivity"]) for x in c["contacts"]) or "none"))


def through(c: dict[str, Any], org: dict[str, Any]) -> str:
    """" (Shimon Peres through Ministry of Foreign Affairs of Israel)": how those who belong to a shared body
    only through another do."""
    ways = org.get("through_names") or {}
    names = dict(zip(c["actors"], c["names"], strict=True))
    return (" (" + "; ".join(f"{names[x]} through {', '.join(ways[x])}" for x in c["actors"] if x in ways)
            + ")") if ways else ""


@main.command()
@click.argument("actor_id")
@query_options
@click.option("--hops", default=1, show_default=True, type=click.IntRange(1),
              help="How far, in links (through people; an organization is reached, not passed through).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def neighbors(obj: Context, actor_id: str, as_of: str | None, public_only: bool, exclude_confidential: bool,
              half_life: float, hops: int, as_json: bool) -> None:
    """The actors within --hops links, nearest first, with the link that reaches each."""
    from queries.connections import neighbourhood

    n = neighbourhood(read_store(obj), actor_id, hops, parse_as_of(as_of), level(public_only, exclude_confidential),
                      check_half_life(half_life))
    if as_json:
        emit_json(n)
        return
    if n["includes"]:
        click.echo(f"NOTE: this answer includes {' and '.join(n['includes'])} records (marked); "
                   "check before sharing it")
    click.echo(f"Within {hops} hop{'s' if hops != 1 else ''} of {n['name']}{mark(n['sensitivity'])}, "
               f"as of {n['as_of']}: {len(n['neighbors'])} actor{'s' if len(n['neighbors']) != 1 else ''}")
    if n["neighbors"]:
        click.echo("\n".join(  # one write: a hub's two hops are tens of thousands
            f"  {x['distance']}  {column(x['name'], 32)} {x['says']}{mark(x['sensitivity'])}; "
            f"{x['source'] or 'no source'}"
            for x in n["neighbors"]))


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
    from queries.bridges import bridging_figures, ranking_sensitivity
    from queries.channels import channels_to_group
    from visualize import MapOptions, write_map

    out.mkdir(parents=True, exist_ok=True)
    db = out / "oslo.db"
    if db.exists():  # (a load running into it: not removed under it, an adversarial reader)
        from ingest.load import running_load

        held = None
        with contextlib.suppress(KGError, sqlite3.DatabaseError):  # (not a store of ours: made anew, as before)
            old = open_store(str(db), None, readonly=True)
            held = running_load(old)
            old.close()
        if held is not None:
            raise KGError(f"a load is writing to {db} (started {held.get('started', '?')}); kg demo makes that "
                          "store anew: wait for the load to finish, or give another folder with --out")
    for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        leftover.unlink(missing_ok=True)
    store = SQLiteStore(db)
    try:
        report = load(store, SAMPLE_DIR, strict=True)
        click.echo(f"Loaded the Oslo back-channel sample into {db}:")
        click.echo("  " + ", ".join(f"{n} {k}" for k, n in report.loaded.items()))
        click.echo(f"\n$ kg bridges Israel PLO --as-of {DEMO_BRIDGES_DAY} --top 5")
        day_projection = project(store, parse_as_of(DEMO_BRIDGES_DAY))
        print_bridges(ranking_sensitivity(day_projection, bridging_figures(day_projection, "Israel", "PLO", top=5),
                                          "Israel", "PLO", top=5))
        click.echo(f"\n$ kg channels shimon-peres plo --as-of {DEMO_DAY} --top 3")
        print_channels(channels_to_group(project(store, parse_as_of(DEMO_DAY)), "shimon-peres", "plo", top=3))
        path, m = write_map(store, MapOptions(as_of=parse_as_of(DEMO_DAY), channels=("shimon-peres", "plo")),
                            out / "oslo-channels.html")
        where = path.resolve()
        if where.is_relative_to(Path.cwd()):  # as the store's line names it: from here
            where = where.relative_to(Path.cwd())
        click.echo(f"\nMap with the channels highlighted: {where}")
        click.echo(f"  {len(m.nodes)} nodes, {len(m.edges)} links; one file, opens offline in any browser")
        click.echo(f"  confidential records are left out of the map: it draws the channels of "
                   f"`kg channels shimon-peres plo --as-of {DEMO_DAY} --exclude-confidential`")
    finally:
        store.close()


# --- data out, and a new dataset folder (docs/data-format.md) ------------------------------

_SUFFIX_FORMATS = ((".graphml", "graphml"), (".gexf", "gexf"), (".ftm.json", "ftm"), (".ftm.jsonl", "ftm"),
                   (".jsonl", "jsonl"))


def _export_format(out: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    name = out.name.lower()
    for suffix, found in _SUFFIX_FORMATS:
        if name.endswith(suffix):
            return found
    if out.is_dir() or not out.suffix:
        return "csv"
    raise click.BadParameter(f"cannot tell the format from {out.name!r}; give --format", param_hint="--format")


@main.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "graphml", "gexf", "ftm"]),
              help="csv (a dataset folder), jsonl, graphml, gexf (Gephi, with dates) or ftm (FollowTheMoney). "
                   "Default: from OUT's name (.graphml, .gexf, .ftm.json, .jsonl; a folder is csv).")
@as_of_option
@click.option("--include-confidential", is_flag=True,
              help="Put records marked confidential in the export (left out by default).")
@click.option("--public-only", is_flag=True,
              help="Write records marked public alone: restricted ones are left out too (an export for anyone).")
@click.option("--redact", is_flag=True,
              help="Replace people's names, aliases and ids with stable pseudonyms, and leave out free text "
                   "that names them.")
@pass_context
def export_command(obj: Context, out: Path, fmt: str | None, as_of: str | None, include_confidential: bool,
                   public_only: bool, redact: bool) -> None:
    """Write the store to OUT: a dataset folder, JSON Lines, GraphML, GEXF or FollowTheMoney entities."""
    WRITING_TO["path"] = out
    from ingest.export import ExportOptions, export
    from kg.model import PLURAL

    if public_only and include_confidential:
        one_line_usage(PUBLIC_ONLY_CONFLICT)
    options = ExportOptions(_export_format(out, fmt), parse_as_of(as_of), include_confidential, redact, public_only)
    read_store(obj)  # (an empty store is said to be, as the questions say it: it had written an empty file)
    report = export(obj.salted_store(), out, options)
    counts = ", ".join(f"{n} {PLURAL[k]}" for k, n in report.written.items() if n) or "nothing"
    click.echo(f"Wrote {out} ({report.format}): {counts}")
    if report.includes_confidential:
        click.echo("  INCLUDES RECORDS MARKED CONFIDENTIAL: do not share it" + (
            " (FollowTheMoney has no place for sensitivity: they are written unmarked, and read as public when "
            "loaded back)" if report.format == "ftm" else ""))
    elif report.confidential_left_out and public_only:
        n = report.confidential_left_out
        click.echo(f"  {n} record{'s' if n != 1 else ''} marked restricted or confidential (or touching one) "
                   f"{'were' if n != 1 else 'was'} left out (public records only)")
    elif report.confidential_left_out:
        n = report.confidential_left_out
        click.echo(f"  {n} record{'s' if n != 1 else ''} marked confidential (or touching one) "
                   f"{'were' if n != 1 else 'was'} left out (--include-confidential to add them)")
    if report.restricted and report.format == "ftm":  # (FtM has no field for it: an export adversary)
        n = report.restricted
        click.echo(f"  includes {n} record{'s' if n != 1 else ''} marked restricted, written unmarked: FollowTheMoney "
                   "has no place for sensitivity (loaded back, they read as public); check before sharing it, or "
                   "leave them out with --public-only")
    elif report.restricted:
        n = report.restricted
        click.echo(f"  includes {n} record{'s' if n != 1 else ''} marked restricted (their sensitivity is written "
                   "with them): check before sharing it")
    if report.not_on_day:
        n = report.not_on_day
        click.echo(f"  {n} record{'s' if n != 1 else ''} not valid on {options.as_of} {'were' if n != 1 else 'was'} "
                   "left out")
    if redact:
        click.echo(f"  {report.pseudonymised} people replaced by pseudonyms")
    named = "a person" if redact else "an actor left out"
    for title, counter in (("rewritten", report.rewritten), (f"left out (it named {named})", report.withheld),
                           ("left out whatever it said (it tells who someone is)", report.left_out)):
        if counter:
            click.echo(f"  free text {title}: " + ", ".join(f"{k} x{n}" for k, n in sorted(counter.items())))


@main.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
def init_command(folder: Path) -> None:
    """Start a dataset in FOLDER: one CSV per record kind, with its header and an example row."""
    WRITING_TO["path"] = folder
    from ingest.templates import write_templates

    paths = write_templates(folder)
    click.echo(f"Wrote {len(paths)} templates in {folder}: {', '.join(p.name for p in paths)}")
    click.echo(f"  replace the example rows, then: kg ingest --strict {folder}  (columns: docs/data-format.md)")


# --- the questions after the first two: gaps, overlap, changes, timeline, what if (issue 13) ------------


def one_line_usage(message: str) -> None:
    """A command line that cannot be served as given: one line on stderr, exit 2 (no usage banner)."""
    click.echo(f"kg: {message}", err=True)
    click.get_current_context().exit(2)


def sensitivity_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--public-only, --exclude-confidential and --half-life, for commands that take days of their own."""
    for option in reversed((
        click.option("--public-only", is_flag=True, help="Answer from records marked public only."),
        click.option("--exclude-confidential", is_flag=True, help="Leave out records marked confidential."),
        click.option("--half-life", type=float, default=2.0, show_default=True, metavar="YEARS",
                     help="How fast a shared meeting ages as evidence of a link: half its weight each YEARS, "
                          "none after ten of them."),
    )):
        fn = option(fn)
    return fn


def _day_option(value: str | None, name: str, last: bool = False) -> Any:
    from kg import time as kgtime

    if value is None:
        return None
    try:
        return kgtime.last_day(value.strip()) if last else kgtime.parse_day(value)
    except ValueError as e:
        one_line_usage(f"{name}: {e}")


@main.command()
@query_options
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def gaps(obj: Context, as_of: str | None, public_only: bool, exclude_confidential: bool, half_life: float,
         as_json: bool) -> None:
    """Where channels are missing or fragile: every pair of parties, every restricted group against each
    restricting state's officials; worst first (no channel, then one fragile channel)."""
    from queries.gaps import gaps as find_gaps

    answer = find_gaps(projection_for(obj, as_of, public_only, exclude_confidential, half_life))
    if as_json:
        emit_json(answer.to_dict())
        return
    if answer.heading():
        click.echo(answer.heading())
    click.echo(f"Gaps on {answer.day}: {answer.message}{mark(answer.message_sensitivity)}")
    click.echo(f"  (a channel: {answer.definition})")
    for i, g in enumerate(answer.gaps, 1):
        title = (f"{g.a_name} - {g.b_name}" if g.kind == "parties" else f"{g.a_name} -> {g.b_name}")
        click.echo(f"\n  {i:>2}. {title}: {g.status.upper()}{mark(g.sensitivity)}")
        click.echo(f"      {g.says()}{mark(g.sensitivity)}")
        if g.note and g.status not in ("no one to ask", "no channel"):
            said = g.sensitivity if g.note_sensitivity is None else g.note_sensitivity
            click.echo(f"      note: {g.note}{mark(said)}")
        for r in g.restrictions:
            click.echo(f"      restriction: {r['kind']} ({r['scope']}) by {r['jurisdiction']}, "
                       f"{r['start'] or '...'} to {r['end'] or 'now'}{_doubt(r)}"
                       f"{mark(r.get('sensitivity', 'public'))}; {r['source'] or 'no source'}")
    click.echo(f"\n  records used: {answer.records_used}")


@main.command()
@click.option("--from", "from_", metavar="DATE", help="The period's first day (default: no lower bound).")
@click.option("--to", "to", metavar="DATE",
              help="The period's last day; a month or year means its last day (default: --as-of, or today).")
@click.option("--as-of", "as_of", metavar="DATE", help="Same as --to.")
@sensitivity_options
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def overlap(obj: Context, from_: str | None, to: str | None, as_of: str | None, public_only: bool,
            exclude_confidential: bool, half_life: float, as_json: bool) -> None:
    """Where Track II meets Track I over a period: shared participants, Track I officials in Track II
    rounds, Track II channels that run through officials, processes whose participants overlap."""
    from datetime import date

    from kg import time as kgtime
    from kg.graph import most_sensitive
    from queries.overlap import overlap as find_overlap

    if to and as_of:
        one_line_usage("--to and --as-of both give the period's end; give one of them")
    start = _day_option(from_, "--from") or date(1, 1, 1)
    end = _day_option(to or as_of, "--to" if to else "--as-of", last=True) or kgtime.today()
    if start > end:
        one_line_usage(f"--from {start.isoformat()} is after --to {end.isoformat()}; give the earlier day first")
    answer = find_overlap(read_store(obj), start, end, level(public_only, exclude_confidential))
    if as_json:
        emit_json(answer.to_dict())
        return
    if answer.heading():
        click.echo(answer.heading())
    click.echo(f"Track II and Track I, {answer.start if from_ else '...'} to {answer.end}: {answer.message}"
               f"{mark(answer.message_sensitivity)}")
    for p in answer.processes:
        click.echo(f"\n  {p.process} (Track II events of track {', '.join(p.tracks)}: "
                   f"{len(p.events)} in the period, {len(p.participants)} participants)"
                   f"{mark(most_sensitive(p.sensitivity, p.participants_sensitivity))}")
        click.echo(f"      {p.says}{mark(p.says_sensitivity)}")
        for x in p.track_one_participants:
            events = ", ".join(f"{e['name']} ({e['start']})" for e in x["events"])
            click.echo(f"      Track I: {x['name']} ({', '.join(x['parties'])}; {x['why']}) at {events}"
                       f"{mark(x['sensitivity'])}")
        for c in p.conduits:
            click.echo(f"      through {c['official_name']} ({', '.join(c['parties'])}): {c['says']}"
                       f"{mark(c['sensitivity'])}; {c['source'] or 'no source'}")
        if p.third_party_officials:
            # (with the role that makes each one: two opposition senators read as the facilitating state's
            # diplomats, a truth reader; their Congress had no party in the data)
            click.echo("      third-party officials (of a state body with no conflict party in the data): "
                       + ", ".join(f"{x['name']} ({x['why'].split(': ', 1)[-1]}){mark(x['sensitivity'])}"
                                   for x in p.third_party_officials))
    if answer.actors:
        click.echo("\n  in both Track II events and Track I talks:")
        for a in answer.actors:
            click.echo(f"     {a['name']}: Track II {', '.join(e['name'] for e in a['track_two_events'])}; "
                       f"Track I {', '.join(e['name'] for e in a['track_one_events'])}{mark(a['sensitivity'])}")
    if answer.untracked_events:
        click.echo(f"\n  {counted(len(answer.untracked_events), 'event')} without a track left out: "
                   + "; ".join(answer.untracked_names) + mark(answer.untracked_sensitivity))
    click.echo(f"  records used: {answer.records_used}")


@main.command()
@click.argument("days", nargs=-1, metavar="[FROM TO]")
@click.option("--from", "from_", metavar="DATE",
              help="The first day compared. A partial date is a period's beginning, so the eve of its first day "
                   "is compared: --from 1993 compares 1992-12-31, and what began on 1 January 1993 (or in "
                   "'1993') counts as begun, what ended on the eve does not.")
@click.option("--to", "to", metavar="DATE",
              help="The second day compared (a partial date is its last day, as for kg overlap, and what ended "
                   "on it, an end written '2023', ended in the period: --from 2023 --to 2023 is the year 2023).")
@click.option("--channels", nargs=2, metavar="ACTOR_ID GROUP_ID", help="How these channels changed, and why.")
@click.option("--bridges", nargs=2, metavar="PARTY_A PARTY_B", help="How these bridges moved, and why.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, MAX_CHANNELS),
              help=f"Channels or bridges compared (at most {MAX_CHANNELS:,}).")
@click.option("--max-hops", default=6, show_default=True, type=click.IntRange(1), help="Longest channel (--channels).")
@sensitivity_options
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def changes(obj: Context, days: tuple[str, ...], from_: str | None, to: str | None,
            channels: tuple[str, str] | None, bridges: tuple[str, str] | None, top: int, max_hops: int,
            public_only: bool, exclude_confidential: bool, half_life: float, as_json: bool) -> None:
    """What began and ended between two days (--from and --to, or the two days in order); with --channels
    or --bridges, how that answer changed and which records caused it."""
    from kg.graph import project
    from queries.changes import changes_between

    # (the two days may be given in order, as a mediator typed them: "kg changes 1993-01-01 1994-12-31" had
    # said only "Missing option '--from'")
    if days:
        if from_ is not None or to is not None:
            one_line_usage("give the days either in order (kg changes 1993-01-01 1994-12-31) or as --from and --to, "
                           "not both")
        if len(days) != 2:
            one_line_usage(f"give two days, the earlier first (kg changes 1993-01-01 1994-12-31), not {len(days)}")
        from_, to = days
    if from_ is None or to is None:
        one_line_usage("give the two days compared: --from DATE --to DATE (or the two days in order, "
                       "kg changes 1993-01-01 1994-12-31)")
    assert from_ is not None and to is not None
    if channels and bridges:
        one_line_usage("give --channels or --bridges, not both")
    said = ("the first day", "the second day") if days else ("--from", "--to")  # (as they were given)
    d1, d2 = _day_option(from_, said[0]), _day_option(to, said[1], last=True)  # (--to 2023: to its last day)
    if d1 > d2:
        one_line_usage(f"the first day, {d1.isoformat()}, is after the second, {d2.isoformat()}; give the earlier "
                       "day first" if days else
                       f"--from {d1.isoformat()} is after --to {d2.isoformat()}; give the earlier day first")
    # a partial date is a period: --from 1993 --to 1993 is the year, compared from its eve so that what
    # began on its first day (every start written "1993" or "1993-01") began in it (found by an adversarial
    # reader: all of them were left out), and what ended on its last day (an end written "1993") ended in it
    periods = (d1 != _day_option(from_, said[0], last=True) and d1 > date.min,
               d2 != _day_option(to, said[1]))
    if periods[0]:
        d1 -= timedelta(days=1)
    store = read_store(obj)
    ms = level(public_only, exclude_confidential)
    hl = check_half_life(half_life)
    answer = changes_between(project(store, d1, max_sensitivity=ms, half_life=hl),
                             project(store, d2, max_sensitivity=ms, half_life=hl),
                             channels=channels or None, bridges=bridges or None, top=top, max_hops=max_hops,
                             periods=periods)
    if as_json:
        emit_json(answer.to_dict())
        return
    if answer.heading():
        click.echo(answer.heading())
    click.echo(f"Changes {answer.message}")
    for r in answer.records:
        # (a record that began and ended between the days says when it ended: a dialogue of seven weeks read as
        # one day's, a reader found)
        until = f", until {r.end}" if r.change == "began and ended" and r.end and r.end != r.day else ""
        click.echo(f"  {r.given or r.day:<10}  {r.change:<16} {r.kind:<13} {r.says}{until}{mark(r.sensitivity)}; "
                   f"{r.source or 'no source'}")
    if answer.channels:
        c = answer.channels
        click.echo(f"\n{c.message}{mark(c.message_sensitivity)}")
        for ch in c.changes:
            scores = " -> ".join("-" if x is None else shown(x) for x in (ch.score_before, ch.score_after))
            click.echo(f"\n  {ch.change.upper()}  ({scores})  " + " -> ".join(ch.names) + mark(ch.sensitivity))
            for cause in ch.causes:
                click.echo(f"      because {cause['what']}")
                for rec in cause["records"]:
                    what = f"{rec['relationship']} {rec['kind']}"
                    if rec["relationship"] == "restriction":  # (whose: "restriction legal" did not say the EU's)
                        what = f"restriction {rec['kind']} of {rec['jurisdiction']} on its {rec['scope']}"
                    when = f"{rec['start'] or '...'} to {rec['end'] or 'now'}"
                    if rec["relationship"] == "actor":  # (a death, a dissolution)
                        what, when = "the actor's end", f"ended {ended_on(rec['end'])}"
                    elif rec["relationship"] == "participation" and not rec["end"]:
                        # (a meeting counts from the day taken part on, ageing: "to now" read as talks still on)
                        when = f"met from {rec['start'] or '...'} (a meeting counts from then on, ageing)"
                    click.echo(f"        {what}, {when}{mark(rec['sensitivity'])}; {rec['source'] or 'no source'}")
        click.echo(f"\n  single points of failure: "
                   f"{marked_names(c.before.single_points_of_failure, c.before.points_sensitivity)} -> "
                   f"{marked_names(c.after.single_points_of_failure, c.after.points_sensitivity)}")
    if answer.bridges:
        b = answer.bridges
        click.echo(f"\n{b.message}{mark(b.ranking_sensitivity)}")
        for x in b.changes:
            ranks = " -> ".join("-" if r is None else f"#{r}" for r in (x.rank_before, x.rank_after))
            scores = " -> ".join("-" if v is None else f"{v:.3f}" for v in (x.score_before, x.score_after))
            click.echo(f"  {x.change:<10} {x.name:<28} {ranks:<10} score {scores}{mark(x.sensitivity)}")
            if x.causes and x.change != "unchanged":  # (what changed of theirs; not all of it moves them: a
                # reader took a tie begun for a cause of leaving)
                click.echo("      their records that began or ended (links elsewhere move a bridge too):")
            for cause in x.causes[:5]:
                click.echo(f"      {cause['given'] or cause['day']} {cause['change']}: {cause['says']}"
                           f"{mark(cause['sensitivity'])}")
            if len(x.causes) > 5:
                click.echo(f"      and {len(x.causes) - 5} more record(s) of theirs")
            if not x.causes and x.change != "unchanged":
                aged = x.meetings_aged
                click.echo("      no record of theirs changed: " + (
                    f"{aged} meeting{'s' if aged != 1 else ''} of theirs aged meanwhile (a meeting weighs less as "
                    f"it ages), and links elsewhere may have moved them{mark(x.meetings_aged_sensitivity)}"
                    if aged else "links elsewhere did"))
    click.echo(f"  records used: {answer.records_used}")


@main.command()
@click.argument("actor_id")
@click.option("--as-of", "as_of", metavar="DATE", help="Only what happened up to this day.")
@sensitivity_options
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@pass_context
def timeline(obj: Context, actor_id: str, as_of: str | None, public_only: bool, exclude_confidential: bool,
             half_life: float, as_json: bool) -> None:
    """One actor's roles, ties, influence, events and restrictions in date order."""
    from queries.timeline import actor_timeline

    t = actor_timeline(read_store(obj), actor_id, level(public_only, exclude_confidential))
    day = _day_option(as_of, "--as-of")
    if day is not None:
        t.entries = [e for e in t.entries if e.day is None or e.day <= day.isoformat()]
    if as_json:
        emit_json({**t.to_dict(), "as_of": day.isoformat() if day else None})
        return
    if t.heading():
        click.echo(t.heading())
    click.echo(f"{t.name} ({t.id}){mark(t.sensitivity)}, {t.kind}: {counted(len(t.entries), 'entry', 'entries')}"
               f"{', up to ' + day.isoformat() if day else ''}")
    for e in t.entries:
        click.echo(f"  {e.given or e.day or 'undated':<10}  {e.change:<9} {e.kind:<12} {e.says}{mark(e.sensitivity)}; "
                   f"{e.source or 'no source'}")
    click.echo(f"  records used: {t.records_used}")


@main.command()
@click.option("--without", "without", multiple=True, required=True, metavar="ID",
              help="An actor taken away (arrested, dead, out of office); repeatable.")
@click.option("--channels", nargs=2, metavar="ACTOR_ID GROUP_ID", help="What happens to these channels.")
@click.option("--bridges", nargs=2, metavar="PARTY_A PARTY_B", help="What happens to these bridges.")
@query_options
@click.option("--top", type=click.IntRange(1, MAX_CHANNELS),
              help=f"Channels (default 5) or bridges (default 10) compared, at most {MAX_CHANNELS:,}.")
@click.option("--max-hops", default=6, show_default=True, type=click.IntRange(1), help="Longest channel (--channels).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@pass_context
def whatif(obj: Context, without: tuple[str, ...], channels: tuple[str, str] | None, bridges: tuple[str, str] | None,
           as_of: str | None, public_only: bool, exclude_confidential: bool, half_life: float, top: int | None,
           max_hops: int, as_json: bool) -> None:
    """What collapses if these actors are gone: channels lost, next best, new single points of failure;
    or bridges lost and who takes their place."""
    from queries.whatif import what_if

    if channels and bridges:
        one_line_usage("give --channels or --bridges, not both")
    if not channels and not bridges:
        one_line_usage("say what to test: --channels ACTOR_ID GROUP_ID or --bridges PARTY_A PARTY_B")
    twice = sorted({w for w in without if without.count(w) > 1})
    if twice:
        one_line_usage(f"--without names {', '.join(repr(w) for w in twice)} twice; name each actor once")
    answer = what_if(projection_for(obj, as_of, public_only, exclude_confidential, half_life), without,
                     channels=channels or None, bridges=bridges or None, top=top, max_hops=max_hops)
    if as_json:
        emit_json(answer.to_dict())
        return
    if hasattr(answer, "lost") and channels:
        _print_channels_whatif(answer)
    else:
        _print_bridges_whatif(answer)


def _print_channels_whatif(w: Any) -> None:
    from queries.whatif import and_names

    day = w.after.as_of or "today"
    if w.heading():
        click.echo(w.heading())
    click.echo(f"What if {and_names([x['name'] for x in w.removed])} were gone? Channels from {w.from_name} to "
               f"{w.group_name}, {day}{mark(w.title_sensitivity)}")
    click.echo(f"  {w.message}{mark(w.message_sensitivity)}")
    for c in w.lost:
        click.echo(f"  LOST #{c['rank']} ({shown(c['score'])}, {c['why']}): "
                   + " -> ".join(c["names"]) + mark(c["sensitivity"]))
    for c in w.weakened:
        click.echo(f"  WEAKER #{c['rank']} ({shown(c['score'])} -> {shown(c['score_after'])}): "
                   + " -> ".join(c["names"]) + mark(c["sensitivity"]))
    if w.alternatives:
        click.echo("  next best:")
        for c in w.alternatives:
            alt = "independent" if c["independent"] else "shares intermediaries"
            click.echo(f"    #{c['rank']} {shown(c['score'])} ({alt}){mark(c['sensitivity'])}: "
                       + " -> ".join(c["names"]))
    click.echo(f"  single points of failure: "
               f"{marked_names(w.before.single_points_of_failure, w.before.points_sensitivity)} -> "
               f"{marked_names(w.after.single_points_of_failure, w.after.points_sensitivity)}")
    if w.new_single_points_of_failure:
        click.echo(f"  NEW single points of failure: {marked_names(w.new_single_points_of_failure)}")
    # (none to cut: the asker touches the group itself, or there is no channel; "- -> -" said neither, a reader)
    cut = lambda n, c: ("none: a direct link" if c else "-") if n is None else str(n)  # noqa: E731
    click.echo(f"  people whose loss cuts every channel: {cut(w.cut_before, w.before.channels)}"
               f"{mark(w.before.cut_sensitivity)} -> {cut(w.cut_after, w.after.channels)}"
               f"{mark(w.after.cut_sensitivity)}")
    click.echo(f"  records used: {w.after.records_used}")


def _print_bridges_whatif(w: Any) -> None:
    from kg.graph import most_sensitive
    from queries.whatif import and_names

    a, b = w.parties
    if w.heading():
        click.echo(w.heading())
    click.echo(f"What if {and_names([x['name'] for x in w.removed])} were gone? Bridges between {a} and {b}, "
               f"{w.after.as_of or 'today'}{mark(most_sensitive(*(x['sensitivity'] for x in w.removed)))}")
    click.echo(f"  {w.message}{mark(w.message_sensitivity)}")
    for x in w.lost:
        click.echo(f"  LOST #{x['rank']} {x['name']} ({x['score']:.3f}){mark(x['sensitivity'])}")
    # (one of the moved is not gone, the gone are LOST: "-" read as gone, a reader of the Colombian process)
    ranks = [" -> ".join(f"#{r}" if r is not None else x["after"] if at else x["before"]
                         for at, r in enumerate((x["rank_before"], x["rank_after"]))) for x in w.moved]
    width = max([10, *map(len, ranks)])
    for x, said in zip(w.moved, ranks, strict=True):
        scores = " -> ".join("-" if v is None else f"{v:.3f}" for v in (x["score_before"], x["score_after"]))
        click.echo(f"    {x['name']:<28} {said:<{width}} score {scores}{mark(x['sensitivity'])}")
    click.echo(f"  records used: {w.after.records_used}")


if __name__ == "__main__":  # pragma: no cover
    main()
