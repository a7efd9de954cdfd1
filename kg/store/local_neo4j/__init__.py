"""A local Neo4j Community 5.26 server, for users without one and for the tests.

The jars come from Maven Central (``org.neo4j:neo4j`` with ``neo4j-bolt``, see
``pom.xml`` beside this file) into ``.cache/neo4j/`` of the project (ignored by
git); ``Launcher.java`` starts embedded Neo4j with Bolt on 127.0.0.1 only.

Three ways to run it, as teams run Neo4j:

- open (the default): no authentication, plain Bolt; it only listens on the
  loopback address;
- ``--auth``: authentication on, user ``neo4j``, the password taken from
  ``NEO4J_PASSWORD`` or generated once into ``HOME/password`` (mode 0600); it
  only ever travels through that environment variable, never a command line;
- ``--tls``: Bolt over TLS only, with a self-signed certificate made at the
  first start (JDK ``keytool``) in ``HOME/certificates/bolt/``; clients use
  ``neo4j+ssc://`` or ``bolt+ssc://`` (encrypted; the certificate is not
  checked against a certificate authority, as none signed it).

Command line (what ``make neo4j`` and ``make neo4j-stop`` call)::

    python -m kg.store.local_neo4j fetch                  # jars and launcher, once
    python -m kg.store.local_neo4j start [--auth] [--tls] [--port N]
    python -m kg.store.local_neo4j stop

``start`` prints ``export`` lines to paste. The server keeps its data in
``.neo4j/`` (or ``$NEO4J_HOME``), and there too its port and mode
(``launcher.json``), so a restart listens where it did before.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
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


def _launcher_classes(cache: Path) -> Path:
    """The launcher compiled from this version of ``Launcher.java`` (one folder per content)."""
    source = HERE / "Launcher.java"
    tag = hashlib.sha256(source.read_bytes()).hexdigest()[:12]
    classes = cache / f"classes-{tag}"
    if (classes / "Launcher.class").exists():
        return classes
    javac = _need("javac")
    tmp = Path(tempfile.mkdtemp(prefix="classes-", dir=cache))
    run = subprocess.run([javac, "-cp", f"{cache / 'jars'}/*", "-d", str(tmp), str(source)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise StoreError("compiling the Neo4j launcher failed: " + run.stderr.strip()[-800:])
    try:
        tmp.rename(classes)
    except OSError:  # compiled meanwhile by another process: use theirs
        shutil.rmtree(tmp, ignore_errors=True)
    return classes


def fetch(quiet: bool = False) -> Path:
    """Fetch the Neo4j jars and compile the launcher, once. Returns the cache folder."""
    cache = cache_dir()
    marker = cache / f"ready-{NEO4J_VERSION}"
    if not marker.exists():
        mvn = _need("mvn")
        _need("javac")
        _need("java")
        jars = cache / "jars"
        shutil.rmtree(cache, ignore_errors=True)
        jars.mkdir(parents=True)
        if not quiet:
            print(f"fetching Neo4j {NEO4J_VERSION} from Maven Central into {cache} ...", file=sys.stderr)
        run = subprocess.run(
            [mvn, "-q", "-B", "-f", str(HERE / "pom.xml"), f"-Dneo4j.version={NEO4J_VERSION}",
             "dependency:copy-dependencies", f"-DoutputDirectory={jars}", "-DincludeScope=runtime"],
            capture_output=True, text=True)
        if run.returncode != 0:
            raise StoreError("Maven could not fetch Neo4j: " + (run.stdout + run.stderr).strip()[-800:])
        marker.write_text(NEO4J_VERSION)
    _launcher_classes(cache)
    return cache


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_is_free(port: int) -> bool:
    """Whether a server could listen on ``port`` now (as Neo4j does: closed connections
    still waiting out TIME_WAIT do not count)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@dataclass
class LocalNeo4j:
    """A running local server."""

    home: Path
    port: int
    pid: int
    auth: bool = False
    tls: bool = False

    @property
    def uri(self) -> str:
        """The routing URI (``neo4j://``, or ``neo4j+ssc://`` with TLS)."""
        return f"neo4j{'+ssc' if self.tls else ''}://127.0.0.1:{self.port}"

    @property
    def bolt_uri(self) -> str:
        """The direct URI (``bolt://``, or ``bolt+ssc://`` with TLS)."""
        return f"bolt{'+ssc' if self.tls else ''}://127.0.0.1:{self.port}"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

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


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to a file only its owner can read (created so, never widened)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    tmp.replace(path)


def generated_password(home: Path) -> str:
    """The password kept in ``home/password``, generated (and kept, mode 0600) the first time."""
    path = home / "password"
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(24)
    _write_private(path, password + "\n")
    return password


def _ensure_keystore(home: Path, env: dict[str, str]) -> None:
    """A self-signed key pair for 127.0.0.1 and localhost, made by the JDK's keytool, once.

    The launcher turns it into the PEM files Neo4j's SSL policy reads."""
    certs = home / "certificates" / "bolt"
    if (certs / "private.key").exists() and (certs / "public.crt").exists():
        return
    certs.mkdir(parents=True, exist_ok=True)
    store = certs / "keystore.p12"
    store.unlink(missing_ok=True)
    env["KG_KEYSTORE_PASSWORD"] = secrets.token_urlsafe(18)
    run = subprocess.run(
        [_need("keytool"), "-genkeypair", "-noprompt", "-alias", "bolt", "-keyalg", "RSA", "-keysize", "2048",
         "-validity", "3650", "-dname", "CN=localhost, O=Backchannel local Neo4j",
         "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", str(store),
         "-storepass:env", "KG_KEYSTORE_PASSWORD"],
        capture_output=True, text=True, env=env)
    if run.returncode != 0:
        raise StoreError("keytool could not make the TLS certificate: " + (run.stdout + run.stderr).strip()[-500:])


def _password_check(password: str, salt: bytes | None = None) -> dict[str, str]:
    """What tells, at the next start, whether a password is the one this server was started with (a salted
    scrypt digest, kept beside the data, which whoever reads it could read directly)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return {"salt": salt.hex(), "scrypt": digest.hex()}


def _was_password(home: Path, password: str) -> bool | None:
    """Whether ``password`` is the one the server in ``home`` was last started with (None: not known)."""
    kept = home / "password"
    if kept.exists():
        return kept.read_text().strip() == password
    check = remembered(home).get("password_check")
    if not isinstance(check, dict) or not isinstance(check.get("salt"), str):
        return None
    return _password_check(password, bytes.fromhex(check["salt"])) == check


def start(home: Path | None = None, port: int | None = None, timeout: float = 180, *,
          auth: bool = False, password: str | None = None, tls: bool = False,
          heap: str = "2g", change_password: bool = False) -> LocalNeo4j:
    """Start a server in the background with its data in ``home``; wait until Bolt answers.

    ``auth``: authentication on, the password ``password`` (else ``NEO4J_PASSWORD``, else
    one generated into ``home/password``); one other than the server's last is refused unless
    ``change_password``. ``tls``: Bolt over TLS only, self-signed.
    """
    cache = fetch()
    classes = _launcher_classes(cache)
    home = Path(home or default_home()).resolve()
    home.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    java = _need("java")
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_PASSWORD", "KG_KEYSTORE_PASSWORD")}
    flags = []
    if auth:
        given = password or os.environ.get("NEO4J_PASSWORD")
        if given and _was_password(home, given) is False:
            if not change_password:
                # (a team's admin, another server's password in the environment: the server took it as its own,
                # its generated one was deleted, and the team was locked out without a word)
                kept = " (kept in " + str(home / "password") + ")" if (home / "password").exists() else ""
                raise StoreError(f"NEO4J_PASSWORD is not the password of the Neo4j server in {home}{kept}: set it "
                                 "to the server's" + (", or unset it," if kept else "") + " to start it; to make "
                                 "it the server's password instead, start with --change-password")
            (home / "password").unlink(missing_ok=True)  # the server's password is now the one given
        if not given and not (home / "password").exists() and remembered(home).get("password") == "given":
            # (a new user: a restart without it generated a new password and set it, locking the team out)
            raise StoreError(f"the password of the Neo4j server in {home} was given through NEO4J_PASSWORD; set "
                             "NEO4J_PASSWORD to it again and start it (a new one would lock out whoever uses it)")
        password = given or generated_password(home)
        if len(password) < 8:
            raise StoreError("the Neo4j password must have 8 characters or more")
        env["NEO4J_PASSWORD"] = password
        flags.append("--auth")
    if tls:
        _ensure_keystore(home, env)
        flags.append("--tls")
    log = (home / "launcher.log").open("w")
    proc = subprocess.Popen(
        [java, f"-Xmx{heap}", "-cp", f"{classes}{os.pathsep}{cache / 'jars'}/*",
         "Launcher", str(home), str(port), *flags],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True, env=env)
    server = LocalNeo4j(home, port, proc.pid, auth=auth, tls=tls)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = (home / "launcher.log").read_text(errors="replace")[-1500:]
            raise StoreError(f"the local Neo4j server exited with code {proc.returncode}: {tail}")
        if "READY" in (home / "launcher.log").read_text(errors="replace"):
            (home / "launcher.pid").write_text(f"{proc.pid} {port}")
            said = {"password": "given" if auth and not (home / "password").exists() else "kept",
                    "password_check": _password_check(password or "")} if auth else {}
            (home / "launcher.json").write_text(json.dumps({"port": port, "auth": auth, "tls": tls, **said}) + "\n")
            return server
        time.sleep(0.3)
    server.stop()
    raise StoreError(f"the local Neo4j server did not start within {timeout:.0f} s; see {home}/launcher.log")


def remembered(home: Path | None = None) -> dict[str, object]:
    """The port and mode of the last start with data in ``home`` (``launcher.json``), if any."""
    path = Path(home or default_home()).resolve() / "launcher.json"
    try:
        data = json.loads(path.read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def running(home: Path | None = None) -> LocalNeo4j | None:
    """The server started by ``start`` with data in ``home``, if it is still running."""
    home = Path(home or default_home()).resolve()
    pidfile = home / "launcher.pid"
    if not pidfile.exists():
        return None
    pid, port = (int(x) for x in pidfile.read_text().split())
    mode = remembered(home)
    server = LocalNeo4j(home, port, pid, auth=bool(mode.get("auth")), tls=bool(mode.get("tls")))
    return server if _alive(pid) else None


DEFAULT_PORT = 7687


def _choose_port(home: Path, asked: int | None) -> tuple[int, str | None]:
    """The port to listen on, and a note when it is not the one used last time."""
    if asked:
        return asked, None
    last = remembered(home).get("port")
    if isinstance(last, int) and port_is_free(last):
        return last, None
    port = DEFAULT_PORT if port_is_free(DEFAULT_PORT) else free_port()
    if isinstance(last, int):
        return port, f"port {last}, used last time, is taken now: the server listens on {port}; " \
                     "paste the export line below"
    return port, None


def export_lines(server: LocalNeo4j) -> list[str]:
    """The shell lines that point ``kg`` at ``server``."""
    lines = [f"export NEO4J_URI={server.uri}"]
    if server.auth:
        if os.environ.get("NEO4J_PASSWORD"):
            lines.append("# NEO4J_PASSWORD: the one you gave, already in your environment")
        else:
            lines.append(f'export NEO4J_PASSWORD="$(cat {server.password_file})"')
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.store.local_neo4j",
                                     description="A local Neo4j server for Backchannel. Its data, port and mode "
                                                 "are kept in .neo4j/ of the project, or in $NEO4J_HOME (give the "
                                                 "same NEO4J_HOME to stop it).")
    parser.add_argument("command", nargs="?", default="start", choices=["fetch", "start", "stop"])
    parser.add_argument("--auth", action=argparse.BooleanOptionalAction, default=None,
                        help="authentication on (password from NEO4J_PASSWORD, or generated into "
                             "HOME/password); default: as last time, else off")
    parser.add_argument("--tls", action=argparse.BooleanOptionalAction, default=None,
                        help="Bolt over TLS only, with a self-signed certificate; default: as last time, else off")
    parser.add_argument("--port", type=int, help="default: the port used last time, else 7687 when free")
    parser.add_argument("--change-password", action="store_true",
                        help="with --auth: make the password in NEO4J_PASSWORD the server's, where it had another")
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            print(f"Neo4j {NEO4J_VERSION} ready in {fetch()}")
        elif args.command == "start":
            home = default_home().resolve()
            server = running(home)
            if server:
                print(f"# already running (pid {server.pid}); `make neo4j-stop` first to change its "
                      "port or mode", file=sys.stderr)
            else:
                last = remembered(home)
                auth = bool(last.get("auth")) if args.auth is None else args.auth
                tls = bool(last.get("tls")) if args.tls is None else args.tls
                port, note = _choose_port(home, args.port)
                if note:
                    print(f"# {note}", file=sys.stderr)
                server = start(home, port, auth=auth, tls=tls, change_password=args.change_password)
            for line in export_lines(server):
                print(line)
            # (with NEO4J_HOME given for the start alone, a plain `make neo4j-stop` found no server: a team's admin)
            home_said = f"NEO4J_HOME={server.home} " if os.environ.get("NEO4J_HOME") else ""
            print(f"# data in {server.home}; stop it with: {home_said}make neo4j-stop", file=sys.stderr)
        elif args.command == "stop":
            found = running()
            if found:
                found.stop()
                print(f"stopped the local Neo4j server (data kept in {found.home})")
            else:
                print("no local Neo4j server is running")
    except StoreError as e:
        print(f"kg: {e}", file=sys.stderr)
        return 1
    return 0
