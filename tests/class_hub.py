"""A throwaway JupyterHub on 127.0.0.1 whose learners are real Unix users, for the smoke
test, the fault tests and the load benchmark (benchmarks/hub_load.py).

:class:`ClassHub` builds everything a class hub has and takes it all down again:

- the learners, made with ``useradd``, each with a home (mode 0700) under a new folder;
- the instructors' group and the class share folder (mode 3773, as the hub guide sets it up);
- the student copy, built by tools/make_student_release.py as a git repository the learners
  can clone (a system git configuration trusts it: it belongs to root);
- JupyterHub with configurable-http-proxy, the dummy authenticator and
  LocalProcessSpawner, so each learner's server runs as that learner; an API token (a
  service with the admin role) lets a test or the benchmark drive the hub's REST API.

If the course's Python lives in a folder other users may not enter (a pyenv Python under
/root), the learners alone are let through it, by an ACL entry, while the hub runs.

Everything here needs root, Chromium aside; :func:`missing_pieces` says what a machine lacks.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from pathlib import Path

from hub_users import (
    closed_directories,
    create_group,
    create_user,
    delete_group,
    delete_user,
    grant_search,
    make_share_folder,
    missing_tools,
    run_as,
)

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "course-smoke-test"
INSTRUCTORS = "smoke-instructors"  # the group that may read the share folder; no learner in it
SERVICE = "course-tests"  # the hub service whose token drives the REST API

sys.path.insert(0, str(ROOT / "tools"))
from make_student_release import build_release  # noqa: E402
from nbgitpuller_link import repository_folder  # noqa: E402


class HubError(AssertionError):
    """The hub, or a learner's server on it, did not do what was asked."""


def missing_pieces() -> list[str]:
    """What this machine lacks to run a class hub (empty when nothing is missing)."""
    pieces = []
    for module in ("jupyterhub", "nbgitpuller", "websocket"):
        try:
            __import__(module)
        except ImportError:
            pieces.append(f"the Python package {module}")
    if shutil.which("configurable-http-proxy") is None:
        pieces.append("configurable-http-proxy (npm install -g configurable-http-proxy)")
    if os.geteuid() != 0:
        pieces.append("root (the hub's learners are real Unix users)")
    pieces += [f"{tool} (Debian packages passwd, util-linux)" for tool in missing_tools()]
    return pieces


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def trust_the_student_copy(release: Path, base: Path) -> dict[str, str]:
    """Environment variables that let a learner's git clone and pull the student copy, a
    repository owned by root (git refuses others' repositories: "detected dubious
    ownership"): a system git configuration, ``base/gitconfig``, that includes the real one
    and trusts the student copy. (GIT_CONFIG_COUNT would not do: git drops it when it runs
    upload-pack for a local repository.)"""
    config = base / "gitconfig"
    config.write_text(f"[include]\n\tpath = /etc/gitconfig\n[safe]\n"
                      f"\tdirectory = {release}\n\tdirectory = {release / '.git'}\n", "utf-8")
    config.chmod(0o644)
    return {"GIT_CONFIG_SYSTEM": str(config)}


def hub_config(tmp: Path, port: int, learners: Iterable[str], environment: dict[str, str],
               token: str, extra: str = "") -> str:
    """jupyterhub_config.py for a throwaway hub: its own files under ``tmp``, the learners'
    servers run as their Unix users in their homes (from /etc/passwd) with ``environment``;
    ``token`` is an admin API token; ``extra`` is appended (more settings)."""
    return f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.pid_file = {str(tmp / "proxy.pid")!r}
c.JupyterHub.db_url = {"sqlite:///" + str(tmp / "jupyterhub.sqlite")!r}
c.JupyterHub.cookie_secret_file = {str(tmp / "cookie_secret")!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allowed_users = {set(learners)!r}
c.JupyterHub.services = [{{"name": {SERVICE!r}, "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "admin", "services": [{SERVICE!r}]}}]
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {environment!r}
c.Spawner.cmd = [{str(BIN / "jupyterhub-singleuser")!r}]
c.Spawner.args = ["--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
{extra}
"""


def processes_left(folders: Iterable[Path], uids: Iterable[int]) -> list[int]:
    """Processes a hub started that are still running: their command line or environment
    names one of its folders (hub, single-user servers, kernels), or they run as one of the
    learners."""
    marks, uids = [str(folder).encode() for folder in folders], set(uids)
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            text = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
            owner = entry.stat().st_uid
        except OSError:
            continue
        if owner in uids or any(mark in text for mark in marks):
            found.append(int(entry.name))
    return found


def stop_process(process: subprocess.Popen, seconds: float = 60) -> None:
    """SIGTERM, then SIGKILL if it has not stopped after ``seconds``."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def kill_all(pids: Iterable[int], sig: signal.Signals) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


class ClassHub:
    """A running hub and everything around it; use as a context manager.

    After ``__enter__``: ``url`` (the proxy's public address), ``tmp`` (the hub's own files,
    root only), ``base`` (the learners' folder), ``homes`` (learner -> home), ``uids``,
    ``release`` (the student copy, a git repository), ``folder`` (the folder name nbgitpuller
    gives it in a home), ``share`` (the class share folder), ``log`` and ``times``.
    """

    def __init__(self, learners: Sequence[str], tmp: Path, extra_config: str = "",
                 prefix: str = "stemimmune-hub-") -> None:
        self.learners = tuple(learners)
        self.tmp = tmp
        self.extra_config = extra_config
        self.prefix = prefix
        self.token = secrets.token_hex(24)
        self.times: dict[str, float] = {}
        self.process: subprocess.Popen | None = None
        self._cleanup = ExitStack()

    # --- building and taking down -----------------------------------------------------
    def __enter__(self) -> ClassHub:
        pieces = missing_pieces()
        if pieces:
            raise HubError(f"this machine lacks {', '.join(pieces)}")
        try:
            self._build()
            self.start()
        except BaseException:
            self._cleanup.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._cleanup.close()

    def _build(self) -> None:
        cleanup = self._cleanup
        self.base = Path(tempfile.mkdtemp(prefix=self.prefix)).resolve()
        cleanup.callback(shutil.rmtree, self.base, ignore_errors=True)
        self.base.chmod(0o755)  # every learner may enter (pytest's folders are 0700)
        (self.base / "homes").mkdir(mode=0o755)
        self.homes = {}
        for name in self.learners:
            cleanup.callback(delete_user, name)
            create_user(name, self.base / "homes" / name)
            self.homes[name] = self.base / "homes" / name
        cleanup.callback(delete_group, INSTRUCTORS)
        create_group(INSTRUCTORS)
        self.uids = [pwd.getpwnam(name).pw_uid for name in self.learners]
        self.share = make_share_folder(self.base / "share", INSTRUCTORS)
        self.release = build_release(ROOT, self.base / "release" / "course-student")
        self.folder = repository_folder(f"file://{self.release}")
        self.git_env = trust_the_student_copy(self.release, self.base)
        for folder in closed_directories([Path(sys.executable), BIN, self.base]):
            cleanup.callback(grant_search(folder, self.uids))  # OSError if no ACLs here
        self._check_learners_can_run_the_course()
        cleanup.callback(self._stop_everything)
        self.port = free_port()
        environment = {"STEMIMMUNE_SHARE_FOLDER": str(self.share), **self.git_env}
        (self.tmp / "jupyterhub_config.py").write_text(
            hub_config(self.tmp, self.port, self.learners, environment, self.token,
                       self.extra_config), "utf-8")
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.tmp / "jupyterhub.log"

    def _check_learners_can_run_the_course(self) -> None:
        """Fail unless the first learner can start the venv's Python with JupyterHub and the
        course in it, and read the student copy with git, as their server will."""
        commands = ([str(BIN / "python"), "-c",
                     "import jupyterhub.singleuser, nbgitpuller, stemimmune"],
                    ["git", "ls-remote", f"file://{self.release}", "main"])
        for command in commands:
            result = run_as(self.learners[0], *command, env=self.git_env)
            if result.returncode:
                raise HubError(f"{self.learners[0]} cannot run {command}:\n"
                               f"{result.stderr[-3000:]}")

    def start(self, seconds: float = 180) -> None:
        """Start the hub (it starts the proxy) and wait until it answers."""
        env = {key: value for key, value in os.environ.items()
               if key != "STEMIMMUNE_PROGRESS_FILE"}  # learners keep progress in their homes
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
        started = time.monotonic()
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [str(BIN / "jupyterhub"), "-f", str(self.tmp / "jupyterhub_config.py")],
                cwd=self.tmp, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = started + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HubError(f"JupyterHub stopped:\n{self.log.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/health", timeout=5) as answer:
                    if answer.status == 200:
                        self.times.setdefault("hub start (s)",
                                              round(time.monotonic() - started, 1))
                        return
            except OSError:
                time.sleep(1)
        raise HubError(f"JupyterHub did not answer in {seconds} s:\n"
                       f"{self.log.read_text()[-4000:]}")

    def stop_hub(self) -> None:
        """Stop the hub process only (what it stops with it depends on its settings)."""
        if self.process is not None:
            stop_process(self.process)

    def proxy_pid(self) -> int | None:
        try:
            return int((self.tmp / "proxy.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def _stop_everything(self) -> None:
        """Stop the hub (it stops the proxy and the learners' servers), then anything left,
        the proxy included when the hub was told to leave it running."""
        if self.process is not None:
            stop_process(self.process)
        proxy = self.proxy_pid()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            left = processes_left([self.tmp, self.base], self.uids)
            if proxy and Path(f"/proc/{proxy}").exists():
                left.append(proxy)
            kill_all(left, sig)
            if left:
                time.sleep(3)

    # --- the hub's REST API, with the admin token -------------------------------------
    def api(self, method: str, path: str, body: object = None, token: str | None = None,
            timeout: float = 60) -> tuple[int, object]:
        """Call ``/hub/api/<path>``; return the status and the decoded JSON (or None)."""
        return http_json(method, f"{self.url}/hub/api/{path}", token or self.token, body,
                         timeout)

    def user(self, name: str) -> dict:
        status, model = self.api("GET", f"users/{name}")
        if status != 200 or not isinstance(model, dict):
            raise HubError(f"GET users/{name}: {status} {model}")
        return model


def http_json(method: str, url: str, token: str, body: object = None,
              timeout: float = 60) -> tuple[int, object]:
    """One HTTP request with a token; the status and the decoded JSON answer (or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, raw = answer.status, answer.read()
    except urllib.error.HTTPError as err:
        status, raw = err.code, err.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode("utf-8", "replace")
