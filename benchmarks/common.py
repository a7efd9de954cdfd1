"""What every benchmark shares: the machine's description and writing its section of BENCHMARKS.md."""

from __future__ import annotations

import csv
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "BENCHMARKS.md"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, AttributeError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; the package's bytecode compiled before timing")


PACKAGES = ("kg", "queries", "ingest", "visualize")


def compile_bytecode() -> None:
    """Compile the package's modules to bytecode (``__pycache__``), as ``pip install`` does: this
    machine sets PYTHONDONTWRITEBYTECODE, so without it every command would compile its modules
    again (about 0.07 s of each command's start-up)."""
    import compileall

    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)


@contextmanager
def timer() -> Iterator[dict[str, float]]:
    out: dict[str, float] = {}
    start = time.perf_counter()
    yield out
    out["seconds"] = time.perf_counter() - start


def write_section(name: str, title: str, body: str, command: str) -> None:
    """Replace (or add) the section ``name`` of BENCHMARKS.md."""
    text = REPORT.read_text() if REPORT.exists() else (
        "# Benchmarks\n\nNumbers from real runs; each section says the machine and the command "
        "that produced it. Re-run with `make bench` (or the command shown).\n")
    stamp = time.strftime("%Y-%m-%d")
    section = (f"<!-- bench:{name} -->\n## {title}\n\n{stamp}, `{command}`  \nMachine: {machine()}\n\n"
               f"{body.strip()}\n<!-- /bench:{name} -->")
    pattern = re.compile(rf"<!-- bench:{name} -->.*?<!-- /bench:{name} -->", re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
    REPORT.write_text(text)
    print(section, file=sys.stderr)


# --- what the store and engine benchmarks share: datasets, stores, timed whole commands --------------

CACHE = ROOT / ".cache" / "bench"
KG = [sys.executable, "-m", "kg.cli"] if not (Path(sys.executable).parent / "kg").exists() \
    else [str(Path(sys.executable).parent / "kg")]
SIZES = {"1k": (1_000, 5_000), "10k": (10_000, 50_000), "100k": (100_000, 1_000_000)}


def load_average() -> str:
    """The machine's load now, to read beside the numbers (the benchmarks share 2 cores)."""
    try:
        one, five, fifteen = Path("/proc/loadavg").read_text().split()[:3]
        return f"load average {one}, {five}, {fifteen} (1, 5, 15 min)"
    except OSError:
        return "load average unknown"


@dataclass
class Run:
    """One whole command: wall-clock seconds, the child's peak resident memory, its output."""

    seconds: float
    max_rss_mb: float
    returncode: int
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False


def _high_water_kb(pid: int) -> int | None:
    """The peak resident memory of process ``pid`` so far (``VmHWM``), None once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def run(cmd: list[str], timeout: float | None = None, cwd: Path | None = None) -> Run:
    """Run ``cmd`` and measure it: wall clock from start to exit, and the child's peak memory.

    Peak memory is the child's own ``VmHWM``, read every few milliseconds while it runs: Linux
    carries the parent's high-water mark into a child's ``ru_maxrss`` across exec, so a large
    benchmark process would otherwise show its own size for every small command. Where /proc is
    missing, ``ru_maxrss`` (wait4) is used.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd or ROOT, start_new_session=True)
        timed_out = False
        deadline = None if timeout is None else start + timeout
        peak_kb = 0
        while True:
            peak_kb = max(peak_kb, _high_water_kb(p.pid) or 0)
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                os.killpg(p.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(p.pid, 0)
                timed_out = True
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, (peak_kb or usage.ru_maxrss) / 1024, p.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), timed_out)


def median_run(cmd: list[str], runs: int = 3, timeout: float | None = None) -> tuple[Run, list[float]]:
    """Run ``cmd`` ``runs`` times: the median run (by time; peak memory the highest seen) and every time."""
    done = [run(cmd, timeout) for _ in range(runs)]
    for r in done:
        if r.returncode != 0 and not r.timed_out:
            raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()[-2000:]}")
    ordered = sorted(done, key=lambda r: r.seconds)
    mid = ordered[len(ordered) // 2]
    mid.max_rss_mb = max(r.max_rss_mb for r in done)
    return mid, [r.seconds for r in done]


def dataset(name: str, make: Callable[[Path], object]) -> Path:
    """The dataset folder ``name`` under .cache/bench, made once by ``make(folder)`` (kept between runs)."""
    folder = CACHE / name
    done = folder / ".complete"
    if not done.exists():
        if folder.exists():
            shutil.rmtree(folder)
        print(f"generating {name} ...", file=sys.stderr)
        make(folder)
        done.write_text("ok\n")
    return folder


def heavy_tailed(size: str, seed: int = 7) -> Path:
    from benchmarks.synthetic import write_heavy_tailed

    n_actors, n_ties = SIZES[size]
    return dataset(f"heavy-{n_actors}-{n_ties}-s{seed}",
                   lambda f: write_heavy_tailed(f, n_actors, n_ties, seed))


def ingested(folder: Path) -> Path:
    """A store holding the dataset at ``folder`` (loaded once with ``kg ingest``; kept between runs)."""
    db = folder.with_suffix(".db")
    mark = folder.with_suffix(".db.complete")
    if not mark.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        print(f"loading {folder.name} into {db.name} ...", file=sys.stderr)
        r = run([*KG, "--db", str(db), "ingest", str(folder)])
        if r.returncode:
            raise RuntimeError(f"kg ingest {folder} failed: {r.stderr.strip()[-2000:]}")
        mark.write_text("ok\n")
    return db


def csv_rows(folder: Path) -> int:
    """The records of a dataset folder: its CSV rows, headers left out."""
    n = 0
    for f in sorted(folder.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            n += sum(1 for _ in csv.reader(fh)) - 1
    return n


def profile(cmd: list[str], out: Path, lines: int = 30) -> str:
    """cProfile of a whole ``kg`` command: the top ``lines`` functions by cumulative time, also saved to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    stats = out.with_suffix(".prof")
    script = KG[-1] if len(KG) == 1 else None
    target = [script] if script else ["-m", "kg.cli"]
    run([sys.executable, "-m", "cProfile", "-o", str(stats), *target, *cmd[len(KG):]])
    import io
    import pstats

    buf = io.StringIO()
    pstats.Stats(str(stats), stream=buf).sort_stats("cumulative").print_stats(lines)
    text = buf.getvalue()
    out.write_text(text)
    return text


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.2f}" if x < 100 else f"{x:,.0f}"


def goal(ok: bool) -> str:
    return "met" if ok else "**missed**"
