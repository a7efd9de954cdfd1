"""A local Neo4j Community 5.26 server, for users without one and for the tests.

The jars come from Maven Central (``org.neo4j:neo4j`` with ``neo4j-bolt``, see
``pom.xml`` beside this file) into ``.cache/neo4j/`` of the project (ignored by
git); ``Launcher.java`` starts embedded Neo4j with Bolt on 127.0.0.1.

Command line (what ``make neo4j`` and ``make neo4j-stop`` call)::

    python -m kg.store.local_neo4j fetch    # jars and launcher, once
    python -m kg.store.local_neo4j start    # background server; prints NEO4J_URI=...
    python -m kg.store.local_neo4j stop

The server keeps its data in ``.neo4j/`` (or ``$NEO4J_HOME``).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from kg.errors import StoreError

HERE = Path(__file__).resolve().parent
NEO4J_VERSION = "5.26.30"


def project_root() -> Path | None:
    root = HERE.parents[2]
    return root if (root / "pyproject.toml").exists() else None


def cache_dir() -> Path:
    """Where the jars and the compiled launcher are kept."""
    if os.environ.get("KG_NEO4J_CACHE"):
        return Path(os.environ["KG_NEO4J_CACHE"])
    root = project_root()
    return (root / ".cache" / "neo4j") if root else Path.home() / ".cache" / "backchannel" / "neo4j"


def default_home() -> Path:
    """Where ``start`` keeps the server's data: ``$NEO4J_HOME`` or ``.neo4j/``."""
    if os.environ.get("NEO4J_HOME"):
        return Path(os.environ["NEO4J_HOME"])
    return (project_root() or Path.cwd()) / ".neo4j"


class MissingJavaError(StoreError):
    """Java or Maven, needed for the local Neo4j server, is not installed."""


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        raise MissingJavaError(
            f"the local Neo4j server needs {tool}, which is not installed; "
            "install Java 17 and Maven (Debian: apt-get install openjdk-17-jdk-headless maven)")
    return path


def fetch(quiet: bool = False) -> Path:
    """Fetch the Neo4j jars and compile the launcher, once. Returns the cache folder."""
    cache = cache_dir()
    marker = cache / f"ready-{NEO4J_VERSION}"
    if marker.exists():
        return cache
    mvn, javac = _need("mvn"), _need("javac")
    _need("java")
    jars, classes = cache / "jars", cache / "classes"
    shutil.rmtree(cache, ignore_errors=True)
    jars.mkdir(parents=True)
    classes.mkdir()
    if not quiet:
        print(f"fetching Neo4j {NEO4J_VERSION} from Maven Central into {cache} ...", file=sys.stderr)
    run = subprocess.run(
        [mvn, "-q", "-B", "-f", str(HERE / "pom.xml"), f"-Dneo4j.version={NEO4J_VERSION}",
         "dependency:copy-dependencies", f"-DoutputDirectory={jars}", "-DincludeScope=runtime"],
        capture_output=True, text=True)
    if run.returncode != 0:
        raise StoreError("Maven could not fetch Neo4j: " + (run.stdout + run.stderr).strip()[-800:])
    run = subprocess.run([javac, "-cp", f"{jars}/*", "-d", str(classes), str(HERE / "Launcher.java")],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise StoreError("compiling the Neo4j launcher failed: " + run.stderr.strip()[-800:])
    marker.write_text(NEO4J_VERSION)
    return cache


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LocalNeo4j:
    """A running local server."""

    home: Path
    port: int
    pid: int

    @property
    def uri(self) -> str:
        return f"neo4j://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 60) -> None:
        """Stop the server and wait for it to exit."""
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(self.pid):
            time.sleep(0.2)
        if _alive(self.pid):
            os.kill(self.pid, signal.SIGKILL)
        (self.home / "launcher.pid").unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
        if waited == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def start(home: Path | None = None, port: int | None = None, timeout: float = 180) -> LocalNeo4j:
    """Start a server in the background with its data in ``home``; wait until Bolt answers."""
    cache = fetch()
    home = Path(home or default_home()).resolve()
    home.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log = (home / "launcher.log").open("w")
    java = _need("java")
    proc = subprocess.Popen(
        [java, "-Xmx1g", "-cp", f"{cache / 'classes'}{os.pathsep}{cache / 'jars'}/*",
         "Launcher", str(home), str(port)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    server = LocalNeo4j(home, port, proc.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = (home / "launcher.log").read_text(errors="replace")[-1500:]
            raise StoreError(f"the local Neo4j server exited with code {proc.returncode}: {tail}")
        if "READY" in (home / "launcher.log").read_text(errors="replace"):
            (home / "launcher.pid").write_text(f"{proc.pid} {port}")
            return server
        time.sleep(0.3)
    server.stop()
    raise StoreError(f"the local Neo4j server did not start within {timeout:.0f} s; see {home}/launcher.log")


def running(home: Path | None = None) -> LocalNeo4j | None:
    """The server started by ``start`` with data in ``home``, if it is still running."""
    home = Path(home or default_home()).resolve()
    pidfile = home / "launcher.pid"
    if not pidfile.exists():
        return None
    pid, port = (int(x) for x in pidfile.read_text().split())
    return LocalNeo4j(home, port, pid) if _alive(pid) else None


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "start"
    try:
        if command == "fetch":
            print(f"Neo4j {NEO4J_VERSION} ready in {fetch()}")
        elif command == "start":
            server = running() or start()
            print(f"NEO4J_URI={server.uri}")
            print(f"# data in {server.home}; stop it with: make neo4j-stop", file=sys.stderr)
        elif command == "stop":
            found = running()
            if found:
                found.stop()
                print(f"stopped the local Neo4j server (data kept in {found.home})")
            else:
                print("no local Neo4j server is running")
        else:
            print("usage: python -m kg.store.local_neo4j fetch|start|stop", file=sys.stderr)
            return 2
    except StoreError as e:
        print(f"kg: {e}", file=sys.stderr)
        return 1
    return 0
