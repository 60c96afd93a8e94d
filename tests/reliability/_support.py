"""Shared machinery for the reliability tests: which notebooks exist, and how one is run.

A notebook is run in-process with nbclient, in its own folder (as Jupyter does), as a list
of *steps*: the notebook's own code cells, in the order and as often as a scenario wants,
plus hidden cells that the tests add before and after them (a network block, probes that
report back as one JSON line). Nothing is written back to the notebook file.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent.parent
KERNEL = "python3"
TIMEOUT = 600  # seconds per cell, as a guard against a hung kernel

#: Every notebook of the course, found by glob so that new lessons are covered at once.
LESSONS_AND_PAGES = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
ALL_NOTEBOOKS = LESSONS_AND_PAGES + SOLUTIONS + EXERCISES

#: What a copy of the course holds (the learner-facing folders and files of the release;
#: the helper package is installed in the environment, as on a hub, so it is not copied).
COURSE_ITEMS = ("notebooks", "exercises", "solutions", "quizzes", "data", "README.md",
                "references.bib", "LICENSE", "CITATION.cff", "requirements.txt",
                "environment.yml")

PROBE_MARK = "RELIABILITY-PROBE "


def rel(path: Path) -> str:
    """``notebooks/01-….ipynb``: how a failure message names a notebook."""
    return f"{path.parent.name}/{path.name}"


def nb_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def has_code(path: Path) -> bool:
    return any(c.cell_type == "code" and c.source.strip()
               for c in nbformat.read(path, as_version=4).cells)


# --- hidden cells -----------------------------------------------------------------------

#: Blocks every connection to a host that is not loopback, inside the kernel. The kernel
#: still talks to its client: that goes over zmq, which does not use Python's socket module.
NETWORK_BLOCK = r'''
def _rel_block_the_network():
    import ipaddress
    import os
    import socket

    class NetworkBlockedByTest(OSError):
        """Raised instead of reaching the network (the reliability test blocks it)."""

    socket.NetworkBlockedByTest = NetworkBlockedByTest
    socket.blocked_attempts = []

    def is_loopback(host):
        if host is None:
            return True  # getaddrinfo(None, port) means the local host
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = str(host).strip().strip("[]").split("%")[0].lower()
        if host in ("", "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    def wrap(owner, name, address_of, unix_paths_ok):
        original = getattr(owner, name)

        def guarded(*args, **kwargs):
            address = address_of(args, kwargs)
            if unix_paths_ok and isinstance(address, (str, bytes, os.PathLike)):
                return original(*args, **kwargs)  # an AF_UNIX socket path: local
            host = address[0] if isinstance(address, tuple) and address else address
            if not is_loopback(host):
                socket.blocked_attempts.append(f"socket.{name}({address!r})")
                raise NetworkBlockedByTest(
                    f"network blocked by the offline test: socket.{name}({address!r})")
            return original(*args, **kwargs)

        guarded.__wrapped__ = original
        setattr(owner, name, guarded)

    sock = socket.socket
    wrap(sock, "connect", lambda a, k: a[1] if len(a) > 1 else k.get("address"), True)
    wrap(sock, "connect_ex", lambda a, k: a[1] if len(a) > 1 else k.get("address"), True)
    wrap(sock, "sendto", lambda a, k: a[-1], True)
    wrap(socket, "create_connection", lambda a, k: a[0] if a else k.get("address"), False)
    wrap(socket, "getaddrinfo", lambda a, k: a[0] if a else k.get("host"), False)
    wrap(socket, "gethostbyname", lambda a, k: a[0] if a else k.get("hostname"), False)
    wrap(socket, "gethostbyname_ex", lambda a, k: a[0] if a else k.get("hostname"), False)


_rel_block_the_network()
del _rel_block_the_network
'''

#: Runs last: the block must still be in place, and it reports what it blocked.
BLOCK_PROBE = r'''
import json as _rel_json
import socket as _rel_socket

_rel_attempts = list(_rel_socket.blocked_attempts)  # what the notebook itself tried
try:
    _rel_socket.create_connection(("203.0.113.7", 80), timeout=2)  # TEST-NET-3
    _rel_still_blocked = False
except _rel_socket.NetworkBlockedByTest:
    _rel_still_blocked = True
except OSError:
    _rel_still_blocked = False
print("RELIABILITY-PROBE " + _rel_json.dumps({
    "block": _rel_still_blocked, "attempts": _rel_attempts}))
'''

#: Answers the first question of the notebook's quiz (if it has one) through the widgets,
#: as a learner would, so that progress is saved; reports where it went.
PROGRESS_PROBE = r'''
import json as _rel_json
import os as _rel_os

from stemimmune.engine.progress import store as _rel_progress
from stemimmune.engine.quizzes import keyed_response as _rel_keyed
from stemimmune.engine.quizzes import Quiz as _rel_Quiz

_rel_quizzes = [v for v in list(globals().values()) if isinstance(v, _rel_Quiz)]
_rel_answered = None
if _rel_quizzes:
    _rel_quiz = _rel_quizzes[0]
    _rel_question = _rel_quiz.file.questions[0]
    _rel_card = _rel_quiz.ask(_rel_question.id)
    _rel_right = _rel_keyed(_rel_question)
    if _rel_question.kind == "multiple":
        _rel_card.panel.value = sorted(_rel_right)
    else:
        _rel_card.panel.value = _rel_right if _rel_question.kind != "match" else list(_rel_right)
    _rel_card.check()
    _rel_answered = [_rel_quiz.file.notebook, _rel_question.id]
print("RELIABILITY-PROBE " + _rel_json.dumps({
    "answered": _rel_answered, "progress_path": str(_rel_progress.default_path()),
    "home": _rel_os.path.expanduser("~"), "cwd": _rel_os.getcwd()}))
'''


# --- running a notebook as steps --------------------------------------------------------

@dataclass
class Step:
    """One cell execution: ``label`` says which cell and which pass, for messages."""

    label: str
    source: str
    cell: nbformat.NotebookNode | None = None  # the notebook's own cell, if it is one
    hidden: bool = False
    outputs: list = field(default_factory=list)

    @property
    def errors(self) -> list:
        return [o for o in self.outputs if o.get("output_type") == "error"]

    def probe(self) -> dict:
        """The JSON a probe cell printed."""
        for output in self.outputs:
            for line in output.get("text", "").splitlines():
                if line.startswith(PROBE_MARK):
                    return json.loads(line[len(PROBE_MARK):])
        raise AssertionError(f"the hidden probe ({self.label}) printed nothing; outputs: "
                             f"{self.outputs!r:.600}")


def code_cells(path: Path) -> list[tuple[int, nbformat.NotebookNode]]:
    """(index among all cells, cell) for every code cell that has code."""
    nb = nbformat.read(path, as_version=4)
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]


def own_step(index: int, cell: nbformat.NotebookNode, pass_name: str) -> Step:
    first_line = cell.source.strip().splitlines()[0][:70]
    return Step(f"cell {index} [{pass_name}] ({first_line!r})", cell.source, cell)


def hidden_step(name: str, source: str) -> Step:
    return Step(f"hidden cell: {name}", source, hidden=True)


def run_steps(steps: list[Step], cwd: Path, env: dict[str, str] | None = None,
              ipython_hist_file: str = ":memory:") -> list[Step]:
    """Execute the steps in one fresh kernel whose working folder is ``cwd``.

    Errors do not stop the run: each step's outputs are kept for the test to judge.
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3",
                                 "language": "python"}
    for step in steps:
        cell = nbformat.v4.new_code_cell(step.source)
        if step.cell is not None:
            cell.metadata = copy.deepcopy(step.cell.metadata)
        nb.cells.append(cell)
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name=KERNEL, allow_errors=True,
                            resources={"metadata": {"path": str(cwd)}}, record_timing=False,
                            ipython_hist_file=ipython_hist_file)
    kwargs = {"env": env} if env is not None else {}
    with client.setup_kernel(**kwargs):
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    for step, cell in zip(steps, nb.cells):
        step.outputs = copy.deepcopy(list(cell.outputs))
    return steps


def allowed_error(path: Path, step: Step, error) -> bool:
    """An unanswered exercise says "Not answered yet" by raising; that is its design."""
    if step.cell is not None and "raises-exception" in step.cell.metadata.get("tags", []):
        return True
    return (path.parent.name == "exercises"
            and error.get("ename") in ("NotAnswered", "CheckFailed")
            and "Not answered yet" in error.get("evalue", ""))


def unexpected_errors(path: Path, steps: list[Step]) -> list[str]:
    """One line per error that a learner should never see, naming notebook, cell and pass."""
    problems = []
    for step in steps:
        for error in step.errors:
            if not allowed_error(path, step, error):
                problems.append(f"{rel(path)}: {step.label} raised {error.get('ename')}: "
                                f"{error.get('evalue', '')[:300]}")
    return problems


# --- comparing outputs ------------------------------------------------------------------

#: Compared: streams, and every text/* representation (text/plain, text/html,
#: text/markdown, text/latex). Not compared: images (PNG/SVG/JPEG bytes vary with the
#: renderer) and widget views, whose model ids are new random ids in every run.
def text_outputs(step: Step) -> list[tuple[str, str]]:
    parts = []
    for output in step.outputs:
        kind = output.get("output_type")
        if kind == "stream":
            parts.append((f"stream:{output.get('name')}", output.get("text", "")))
        elif kind in ("execute_result", "display_data"):
            for mime, value in sorted(output.get("data", {}).items()):
                if mime.startswith("text/"):
                    text = value if isinstance(value, str) else "".join(value)
                    parts.append((mime, text))
        elif kind == "error":
            parts.append(("error", f"{output.get('ename')}: {output.get('evalue')}"))
    # Streams arrive in chunks whose boundaries depend on timing: join them per stream name.
    joined: list[tuple[str, str]] = []
    for mime, text in parts:
        if joined and mime.startswith("stream:") and joined[-1][0] == mime:
            joined[-1] = (mime, joined[-1][1] + text)
        else:
            joined.append((mime, text))
    return joined


# --- a read-only copy of the course -----------------------------------------------------

def copy_course(target: Path) -> Path:
    """Copy the learner-facing course to ``target`` and make every file and folder
    read-only. Returns ``target``."""
    import shutil

    target.mkdir(parents=True)
    for name in COURSE_ITEMS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / name)
    set_read_only(target, True)
    return target


def set_read_only(folder: Path, read_only: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        if read_only:
            path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        else:
            path.chmod(mode | stat.S_IWUSR)


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under ``folder``: relative path → (kind, size, sha256)."""
    entries: dict[str, tuple] = {}
    if folder.is_file():
        data = folder.read_bytes()
        return {"": ("file", len(data), hashlib.sha256(data).hexdigest())}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[key] = ("symlink", os.readlink(path))
        elif path.is_dir():
            entries[key] = ("dir",)
        else:
            data = path.read_bytes()
            entries[key] = ("file", len(data), hashlib.sha256(data).hexdigest())
    return entries


def snapshot_changes(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    changes = [f"created {k}" for k in sorted(after.keys() - before.keys())]
    changes += [f"deleted {k}" for k in sorted(before.keys() - after.keys())]
    changes += [f"changed {k} ({before[k][1:2]} → {after[k][1:2]} bytes)"
                for k in sorted(before.keys() & after.keys()) if before[k] != after[k]]
    return changes
