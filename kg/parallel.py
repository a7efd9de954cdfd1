"""Long computations split into parts, run on every core, and reported on stderr.

The parts of a computation are fixed by its size alone, never by the number of cores, and their
results are combined in order, so an answer is the same bit for bit on one core or many.

- :func:`map_parts` runs ``fn`` on each part, in worker processes forked from this one when the
  machine has several cores (``KG_WORKERS`` overrides the count; ``KG_WORKERS=1`` runs everything
  here), and returns the results in the parts' order.
- :class:`Progress` is what a query reports to: ``stage(text)`` and ``step(done, total)``.
  :data:`SILENT` reports nothing; :func:`terminal_progress` writes one updating line on stderr
  when stderr is a terminal (the CLI's long commands), and nothing otherwise.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TextIO


class Progress:
    """Where a long computation says how far it is. This base class says nothing."""

    def stage(self, text: str) -> None:
        """A new stage begins (e.g. "reading the store")."""

    def step(self, done: int, total: int) -> None:
        """``done`` of the current stage's ``total`` parts are finished."""

    def finish(self) -> None:
        """The computation is over: clear whatever was shown."""


SILENT = Progress()


class TerminalProgress(Progress):
    """One line on a terminal, rewritten in place: ``kg: betweenness 5/16 (12 s)``; cleared at the end."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.text = ""
        self.start = time.monotonic()
        self.shown = False

    def _show(self, line: str) -> None:
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()
        self.shown = True

    def stage(self, text: str) -> None:
        self.text = text
        self._show(f"kg: {text} ...")

    def step(self, done: int, total: int) -> None:
        self._show(f"kg: {self.text} {done}/{total} ({time.monotonic() - self.start:.0f} s)")

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.shown = False


def terminal_progress(stream: TextIO | None = None) -> Progress:
    """A :class:`TerminalProgress` on ``stream`` (stderr) if it is a terminal, else :data:`SILENT`."""
    stream = stream or sys.stderr
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return TerminalProgress(stream) if tty else SILENT


MAX_WORKERS = 8


def _cgroup_cpus() -> float | None:
    """The CPU quota of this process's cgroup (v2 ``cpu.max``), in cores, if one is set."""
    try:
        quota, period = open("/sys/fs/cgroup/cpu.max", encoding="ascii").read().split()[:2]
        return None if quota == "max" else max(1.0, int(quota) / int(period))
    except (OSError, ValueError):
        return None


def workers() -> int:
    """How many processes a computation may use: ``KG_WORKERS`` if set, else the cores this process
    may run on (its CPU affinity and its cgroup's quota), at most :data:`MAX_WORKERS`."""
    raw = os.environ.get("KG_WORKERS", "").strip()
    if raw:
        try:
            return max(1, int(raw))
        except ValueError:
            from kg.errors import KGError

            raise KGError(f"KG_WORKERS={raw!r} is not a number; set it to how many cores to use, e.g. "
                          "KG_WORKERS=2, or unset it") from None
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    quota = _cgroup_cpus()
    if quota is not None:
        cores = min(cores, int(quota))
    return max(1, min(cores, MAX_WORKERS))


_TASK: Callable[[Any], Any] | None = None


POOL_STARTED = False  # whether this process has started worker processes (kg.cli ends at once if interrupted)


def _quiet_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the workers; they print no traceback. The
    # parent stops them with SIGTERM, which must end them at once (kg's own handler, inherited, would make
    # it an interrupt the part's code may catch, and the pool wait for the parts to end)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run_part(part: Any) -> Any:
    assert _TASK is not None
    return _TASK(part)


def map_parts(fn: Callable[[Any], Any], parts: Sequence[Any], progress: Progress = SILENT) -> list[Any]:
    """``[fn(p) for p in parts]``, in worker processes when there are several cores and parts.

    ``fn`` may be any callable (a closure over a graph, say): the workers are forked from this
    process and inherit it, so nothing but the parts and the results is copied between processes.
    Where fork is not available (or not safe: macOS), or with one core, the parts run here one
    after the other. A worker that dies (out of memory, say) ends the computation with one line
    saying so, never a hang; Ctrl-C stops every worker.
    """
    n = min(workers(), len(parts))
    if n <= 1 or "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin" \
            or multiprocessing.current_process().daemon:
        out = []
        for done, p in enumerate(parts, 1):
            out.append(fn(p))
            progress.step(done, len(parts))
        return out
    global _TASK
    _TASK = fn
    results: list[Any] = [None] * len(parts)
    global POOL_STARTED
    POOL_STARTED = True
    pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"), initializer=_quiet_worker)
    try:
        futures = {pool.submit(_run_part, p): i for i, p in enumerate(parts)}
        for done, future in enumerate(as_completed(futures), 1):
            results[futures[future]] = future.result()
            progress.step(done, len(parts))
    except BrokenProcessPool:
        from kg.errors import KGError

        raise KGError("a worker process died before finishing its part (out of memory?); run again with "
                      "KG_WORKERS=1 to compute in one process") from None
    except BaseException:
        procs = list(getattr(pool, "_processes", {}).values())
        for proc in procs:  # stop now, not after their parts
            proc.terminate()
        for proc in procs:  # and reaped: the command may end at once after this (kg.cli)
            proc.join(timeout=5)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        _TASK = None
    pool.shutdown(wait=True)
    return results


def split(items: Sequence[Any], parts: int) -> list[list[Any]]:
    """``items`` dealt into at most ``parts`` non-empty lists of nearly equal length, order kept within each."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for k in range(parts):
        end = start + size + (1 if k < extra else 0)
        out.append(list(items[start:end]))
        start = end
    return out
