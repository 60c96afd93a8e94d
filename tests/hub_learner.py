"""A learner on a class hub (tests/class_hub.py), driven the way a browser drives it.

:class:`Learner` asks the hub to start the learner's server and waits for it, gets a token
of the learner's own, pulls the student copy with nbgitpuller's own address
(``/user/NAME/git-pull/api?repo=…``, the event stream nbgitpuller's page listens to), and
reads and writes files through the server's contents API. :class:`KernelSession` opens a
notebook's session and its kernel WebSocket (``/api/kernels/ID/channels``) through the
proxy, as JupyterLab does, runs code cells with ``execute_request`` and keeps the state of
every widget the kernel opens. :meth:`KernelSession.answer_quizzes` answers each quiz card
as its Check button does in the browser: it sends the widget model an update with an answer
and one more press of Check, and waits for the feedback the kernel sends back.
"""

from __future__ import annotations

import json
import struct
import time
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime
from typing import Any

import websocket
from class_hub import ClassHub, HubError, http_json


class Learner:
    """One learner's server on the hub: started, pulled, read and written with their token."""

    def __init__(self, hub: ClassHub, name: str) -> None:
        self.hub, self.name = hub, name
        self.token = ""

    @property
    def server_url(self) -> str:
        return f"{self.hub.url}/user/{self.name}"

    def start_server(self, seconds: float = 900) -> float:
        """Ask the hub to start the server (creating the hub user if needed), wait until it
        is ready, get the learner's own token; return the seconds it took."""
        started = time.monotonic()
        self.hub.api("POST", f"users/{self.name}")  # 201 new, 409 already there
        status, answer = self.hub.api("POST", f"users/{self.name}/server")
        if status not in (201, 202, 400):  # 400: it is already running
            raise HubError(f"{self.name}: starting the server: {status} {answer}")
        while time.monotonic() - started < seconds:
            server = self.hub.user(self.name).get("servers", {}).get("")
            if server and server.get("ready"):
                break
            time.sleep(0.5)
        else:
            raise HubError(f"{self.name}: the server was not ready in {seconds} s")
        elapsed = time.monotonic() - started
        if not self.token:
            status, answer = self.hub.api("POST", f"users/{self.name}/tokens",
                                          {"note": "class hub test", "expires_in": 86400})
            if status != 201 or not isinstance(answer, dict):
                raise HubError(f"{self.name}: no token: {status} {answer}")
            self.token = answer["token"]
        return elapsed

    def server_state(self) -> dict | None:
        """The hub's record of the server (``pid`` in ``state``), or None when stopped."""
        return self.hub.user(self.name).get("servers", {}).get("")

    def pull(self, branch: str = "main", seconds: float = 600) -> list[str]:
        """Pull (or update) the student copy with nbgitpuller; return its progress lines.
        Raises HubError if nbgitpuller reports an error."""
        query = urllib.parse.urlencode({"repo": f"file://{self.hub.release}",
                                        "branch": branch, "targetpath": self.hub.folder})
        request = urllib.request.Request(f"{self.server_url}/git-pull/api?{query}",
                                         headers={"Authorization": f"token {self.token}"})
        lines: list[str] = []
        with urllib.request.urlopen(request, timeout=seconds) as stream:
            for raw in stream:
                line = raw.decode("utf-8", "replace").strip()
                if not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                if event.get("output"):
                    lines.append(event["output"].rstrip())
                if event.get("phase") == "error":
                    raise HubError(f"{self.name}: nbgitpuller failed: {event}")
                if event.get("phase") == "finished":
                    return lines
        raise HubError(f"{self.name}: nbgitpuller's stream ended without finishing: {lines}")

    def contents(self, path: str, method: str = "GET", body: object = None
                 ) -> tuple[int, Any]:
        """The server's contents API for ``path`` (relative to the learner's home)."""
        return http_json(method, f"{self.server_url}/api/contents/{urllib.parse.quote(path)}",
                         self.token, body)

    def notebook(self, path: str) -> dict:
        status, model = self.contents(path)
        if status != 200:
            raise HubError(f"{self.name}: GET {path}: {status} {model}")
        return model["content"]

    def open(self, path: str) -> KernelSession:
        """Open ``path`` (a notebook under the home) as JupyterLab does: a session with a
        kernel, and a WebSocket to the kernel through the proxy."""
        return KernelSession(self, path)


class KernelSession:
    """A notebook's kernel, reached as a browser tab reaches it."""

    def __init__(self, learner: Learner, path: str, timeout: float = 600) -> None:
        self.learner, self.path, self.timeout = learner, path, timeout
        status, session = http_json("POST", f"{learner.server_url}/api/sessions",
                                    learner.token, {"path": path, "type": "notebook",
                                                    "name": path.rsplit("/", 1)[-1],
                                                    "kernel": {"name": "python3"}})
        if status != 201 or not isinstance(session, dict):
            raise HubError(f"{learner.name}: no session for {path}: {status} {session}")
        self.session_id, self.kernel_id = session["id"], session["kernel"]["id"]
        self.widgets: dict[str, dict] = {}  # comm id -> the model's state, kept up to date
        self.client_session = uuid.uuid4().hex  # one per tab, as each front end has its own
        self.ws: websocket.WebSocket | None = None
        self.connect()

    def connect(self, seconds: float = 120) -> None:
        """(Re)open the kernel's WebSocket through the proxy."""
        url = (f"{self.learner.server_url.replace('http://', 'ws://')}/api/kernels/"
               f"{self.kernel_id}/channels?session_id={self.client_session}")
        deadline = time.monotonic() + seconds
        while True:
            try:
                self.ws = websocket.create_connection(
                    url, header=[f"Authorization: token {self.learner.token}"], timeout=30)
                # a cell may run for minutes with no message when many kernels share the
                # cores: wait as long as a browser would (the caller's deadline still holds)
                self.ws.settimeout(self.timeout)
                return
            except (OSError, websocket.WebSocketException) as err:
                if time.monotonic() > deadline:
                    raise HubError(f"{self.learner.name}: no kernel WebSocket: {err}") from err
                time.sleep(1)

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None

    # --- messages -------------------------------------------------------------------------
    def _send(self, channel: str, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        message = {"header": {"msg_id": msg_id, "msg_type": msg_type, "session":
                              self.client_session, "username": self.learner.name,
                              "date": datetime.now(UTC).isoformat(), "version": "5.3"},
                   "parent_header": {}, "metadata": {}, "content": content,
                   "channel": channel, "buffers": []}
        assert self.ws is not None
        self.ws.send(json.dumps(message))
        return msg_id

    def _receive(self) -> dict:
        assert self.ws is not None
        frame = self.ws.recv()
        if isinstance(frame, bytes):  # a message with binary buffers: offsets, then JSON
            (count,) = struct.unpack_from("!I", frame)
            offsets = struct.unpack_from(f"!{count}I", frame, 4)
            end = offsets[1] if count > 1 else len(frame)
            return json.loads(frame[offsets[0]:end])
        return json.loads(frame)

    def _keep_widget_state(self, message: dict) -> None:
        content, kind = message.get("content", {}), message.get("msg_type")
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.widgets[content["comm_id"]] = dict(content["data"].get("state", {}))
        elif kind == "comm_msg" and content.get("comm_id") in self.widgets:
            data = content.get("data", {})
            if data.get("method") in ("update", "echo_update"):
                self.widgets[content["comm_id"]].update(data.get("state", {}))
        elif kind == "comm_close":
            self.widgets.pop(content.get("comm_id"), None)

    def _until_idle(self, msg_id: str, want_reply: bool) -> dict:
        """Read messages until the kernel is idle after ``msg_id`` (and, for a request
        with a reply, until the reply came); return the reply's content, or {}."""
        deadline = time.monotonic() + self.timeout
        reply: dict | None = None if want_reply else {}
        idle = False
        errors: list[str] = []
        stdout: list[str] = []
        while not (idle and reply is not None):
            if time.monotonic() > deadline:
                raise HubError(f"{self.learner.name}: no answer from the kernel in "
                               f"{self.timeout} s ({self.path})")
            message = self._receive()
            self._keep_widget_state(message)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message.get("msg_type")
            if kind == "status" and message["content"].get("execution_state") == "idle":
                idle = True
            elif kind == "error":
                errors.append(f"{message['content'].get('ename')}: "
                              f"{message['content'].get('evalue')}")
            elif kind == "stream" and message["content"].get("name") == "stdout":
                stdout.append(message["content"].get("text", ""))
            elif kind.endswith("_reply"):
                reply = message["content"]
        return {**reply, "errors": errors, "stdout": "".join(stdout)}

    def execute(self, code: str) -> dict:
        """Run ``code``; return the execute_reply's content, with ``errors`` (the errors it
        raised) and ``stdout`` (what it printed) added."""
        msg_id = self._send("shell", "execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        return self._until_idle(msg_id, want_reply=True)

    def run_all(self, notebook: dict) -> list[str]:
        """Run every code cell of ``notebook`` (a notebook's JSON) in order, as Run All
        does; return the errors (empty when every cell ran)."""
        problems = []
        for number, cell in enumerate(notebook["cells"]):
            if cell["cell_type"] != "code":
                continue
            source = cell["source"] if isinstance(cell["source"], str) else "".join(
                cell["source"])
            reply = self.execute(source)
            if reply.get("status") != "ok":
                problems.append(f"cell {number}: {reply.get('errors') or reply}")
                break
        return problems

    # --- quiz cards -----------------------------------------------------------------------
    def quiz_panels(self) -> list[str]:
        """The comm ids of the quiz answer panels shown so far, in the order they opened."""
        return [comm for comm, state in self.widgets.items()
                if "checks" in state and "kind" in state and "feedback" in state]

    @staticmethod
    def an_answer(state: dict, pick: int = 0) -> Any:
        """An answer of the right shape for a panel: option ``pick`` (from the end when
        negative), that one ticked, the first place for every item, or the number 1."""
        kind = state.get("kind")
        if kind == "single":
            return pick % len(state["options"])
        if kind == "multiple":
            return [pick % len(state["options"])]
        if kind == "match":
            return [state["choices"][0] for _ in state["items"]]
        return "1"

    def press_check(self, comm_id: str, value: Any) -> str:
        """Give panel ``comm_id`` the answer ``value`` and press its Check once, as the
        browser does (one update of ``value`` and ``checks``); return the feedback HTML."""
        state = self.widgets[comm_id]
        msg_id = self._send("shell", "comm_msg", {"comm_id": comm_id, "data": {
            "method": "update", "state": {"value": value, "checks": state["checks"] + 1},
            "buffer_paths": []}})
        self._until_idle(msg_id, want_reply=False)
        state["checks"] += 1
        return self.widgets[comm_id].get("feedback", "")

    def answer_quizzes(self, pick: int = 0) -> int:
        """Answer every quiz panel of the lesson once (see :meth:`an_answer`); return how
        many gave feedback."""
        return sum(bool(self.press_check(comm, self.an_answer(self.widgets[comm], pick)))
                   for comm in self.quiz_panels())
