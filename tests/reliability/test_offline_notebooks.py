"""Every notebook runs with the network blocked inside its kernel, and the block is real.

A hidden first cell replaces socket.socket.connect/connect_ex/sendto,
socket.create_connection, socket.getaddrinfo and socket.gethostbyname(_ex) with versions
that raise for any host that is not loopback. The kernel keeps talking to its client over
zmq, which does not use Python's socket module.
"""

from __future__ import annotations

import pytest

from . import _support as s

PROOF_CELLS = {
    "create_connection to an outside host":
        'import socket\nsocket.create_connection(("example.org", 80), timeout=3)',
    "DNS lookup of an outside host": 'import socket\nsocket.getaddrinfo("example.org", 443)',
    "connect to an outside address":
        'import socket\nsocket.socket().connect(("93.184.215.14", 80))',
    "UDP datagram to an outside DNS server": 'import socket\n'
        'socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("8.8.8.8", 53))',
    "urllib request": 'import urllib.request\n'
        'urllib.request.urlopen("https://example.org", timeout=3)',
}

LOOPBACK_STILL_WORKS = '''
import socket
server = socket.create_server(("127.0.0.1", 0))
client = socket.create_connection(server.getsockname(), timeout=5)
peer, _ = server.accept()
client.sendall(b"ping")
assert peer.recv(4) == b"ping"
assert socket.getaddrinfo("localhost", 80)
for sock in (client, peer, server):
    sock.close()
print("loopback ok")
'''


def test_the_network_block_refuses_outside_hosts_and_keeps_loopback(tmp_path):
    steps = [s.hidden_step("network block", s.NETWORK_BLOCK)]
    steps += [s.Step(label, source) for label, source in PROOF_CELLS.items()]
    steps += [s.Step("loopback", LOOPBACK_STILL_WORKS),
              s.Step("kernel still answers", 'print("still here")')]
    s.run_steps(steps, tmp_path)
    assert not steps[0].errors, f"the network block itself failed: {steps[0].errors}"
    for step in steps[1:len(PROOF_CELLS) + 1]:
        shown = [f"{e['ename']}: {e['evalue']}" for e in step.errors]
        assert shown, f"{step.label} was not blocked: the cell ran without an error"
        assert any("network blocked by the offline test" in text for text in shown), (
            f"{step.label} failed, but not because of the block: {shown}")
    loopback, alive = steps[-2:]
    assert not loopback.errors and "loopback ok" in s.text_outputs(loopback)[0][1], (
        f"loopback must still work under the block: {loopback.errors}")
    assert s.text_outputs(alive) == [("stream:stdout", "still here\n")]


@pytest.mark.parametrize("path", s.ALL_NOTEBOOKS, ids=s.nb_id)
def test_notebook_runs_offline(runs, path):
    steps = runs.offline(path)
    problems = s.unexpected_errors(path, steps)
    assert not problems, "errors with the network blocked:\n" + "\n".join(problems)
    probe = steps[-1].probe()
    assert probe["block"], f"{s.rel(path)}: the network block was undone by the notebook"
    assert not probe["attempts"], (f"{s.rel(path)} tried to reach the network (blocked, "
                                   f"so it ran offline): {probe['attempts']}")
