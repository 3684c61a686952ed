"""Witnesses of the log (issue 33, c2sp.org/tlog-witness and tlog-cosignature): the spec's own examples, every status
the spec gives, two witness processes cosigning a growing log over HTTP, and a witness killed mid-write."""

from __future__ import annotations

import base64
import datetime as dt
import json
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from portal.registry.issue import demo
from portal.registry.keys.signing import public_key_of
from portal.registry.log import merkle
from portal.registry.log.cosignature import Cosigner, cosign, cosigned, signed_message
from portal.registry.log.note import Checkpoint, Verifier, sign_note, split_note
from portal.registry.log.witness import (
    SIZE_TYPE,
    Response,
    Witness,
    add_checkpoint_request,
    collect,
    http_submit,
    origin_hash,
    parse_request,
)

ROOT = Path(__file__).resolve().parents[2]
SPEC = json.loads((ROOT / "tests" / "vectors" / "external" / "c2sp-tlog-witness.json").read_text(encoding="utf-8"))
ORIGIN = "demo.1x-portal.invalid/log"
LOG = Verifier(ORIGIN, public_key_of(demo.seed("log")))
NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
NAMES = ("witness-1.demo.1x-portal.invalid", "witness-2.demo.1x-portal.invalid")


def log_of(entries: list[bytes], seed: bytes = demo.seed("log")) -> tuple[str, merkle.Subtree]:
    """The log's signed checkpoint note over `entries`, and its subtree hashes (for consistency proofs)."""
    levels = merkle.levels_of([merkle.leaf_hash(e) for e in entries])
    subtree = lambda height, i: levels[height][i]  # noqa: E731
    root = merkle.root(subtree, len(entries))
    return sign_note(Checkpoint(ORIGIN, len(entries), root).text(), ORIGIN, seed), subtree


def entries(n: int, salt: bytes = b"") -> list[bytes]:
    return [b"entry %d%s" % (i, salt) for i in range(n)]


def witness(tmp_path, name: str = NAMES[0]) -> Witness:
    return Witness(name, demo.seed(name), [LOG], tmp_path / name, lambda: NOW)


def test_the_specs_examples_are_read_and_written_as_the_spec_says():
    # the cosigned checkpoint: the witness's line is a key id, a timestamp and a signature, 76 bytes, and the
    # timestamp is the one the spec's example signed message states
    text, lines = split_note(SPEC["cosigned_checkpoint"])
    blob = base64.b64decode(lines[1].split(" ")[2])
    assert len(blob) == 76 and int.from_bytes(blob[4:12], "big") == 1679315147
    assert signed_message(text, 1679315147) == SPEC["cosignature_message"].encode()
    # a verifier ignores lines of keys it does not list: the log's own, and a witness of the same name but another key
    other = Cosigner("witness.example.com/w1", public_key_of(demo.seed("not the spec's witness")))
    assert cosigned(SPEC["cosigned_checkpoint"], [other]) == {}
    # the add-checkpoint request: parsed, and written back byte for byte
    old, proof, note = parse_request(SPEC["add_checkpoint_request"])
    assert (old, len(proof), note.split("\n")[1]) == (20852014, 4, "20852163")
    assert add_checkpoint_request(old, proof, note) == SPEC["add_checkpoint_request"]
    # the response: signature lines, one per cosignature, each a 76-byte timestamped Ed25519 cosignature
    for line in SPEC["add_checkpoint_response"].splitlines():
        assert line.startswith("— witness.example/w") and len(base64.b64decode(line.split(" ")[2])) == 76


def test_a_cosignature_verifies_and_any_change_breaks_it():
    note, _ = log_of(entries(5))
    text, _ = split_note(note)
    seed = demo.seed(NAMES[0])
    line = cosign(text, NAMES[0], seed, public_key_of(seed), 1796637600)
    me = Cosigner(NAMES[0], public_key_of(seed))
    assert cosigned(note + line, [me]) == {NAMES[0]: 1796637600}
    blob = bytearray(base64.b64decode(line.split(" ")[2]))
    blob[11] ^= 1  # another time: the signed message changes
    forged = f"— {NAMES[0]} {base64.b64encode(bytes(blob)).decode()}\n"
    with pytest.raises(ValueError, match="does not verify"):
        cosigned(note + forged, [me])


def test_the_shared_cosignature_vectors():
    """tests/vectors/cosignatures.json, which tests/js/tlog.test.mjs checks in JavaScript too."""
    vectors = json.loads((ROOT / "tests" / "vectors" / "cosignatures.json").read_text(encoding="utf-8"))
    witnesses = [Cosigner(w["name"], base64.urlsafe_b64decode(w["public_key"] + "=")) for w in vectors["witnesses"]]
    for case in vectors["cases"]:
        if case["cosigned"] is None:
            with pytest.raises(ValueError):
                cosigned(case["note"], witnesses)
        else:
            assert cosigned(case["note"], witnesses) == case["cosigned"], case["name"]


def test_a_vkey_whose_base64_holds_a_plus_is_read():
    """The key material of a vkey is standard base64, which may contain '+', the vkey's own separator: it is split
    at the first two only (a third of all keys were unreadable before)."""
    seeds = [demo.seed(f"plus {n}") for n in range(40)]
    keys = [public_key_of(seed) for seed in seeds]
    vkeys = [Verifier("a.example/log", key).vkey for key in keys] + [Cosigner("w.example", key).vkey for key in keys]
    assert sum("+" in vkey.split("+", 2)[2] for vkey in vkeys) > 10
    assert [Verifier.of_vkey(v).vkey for v in vkeys[:40]] == vkeys[:40]
    assert [Cosigner.of_vkey(v).vkey for v in vkeys[40:]] == vkeys[40:]


def request(w: Witness, old: int, proof: list[bytes], note: str) -> Response:
    return w.add_checkpoint(add_checkpoint_request(old, proof, note).encode())


def test_every_status_the_spec_gives(tmp_path):
    w = witness(tmp_path)
    note5, log5 = log_of(entries(5))
    assert request(w, 0, [], note5).status == 200
    note9, log9 = log_of(entries(9))
    proof = merkle.consistency_proof(log9, 5, 9)

    stale = request(w, 0, [], note9)  # not its size: 409 with its size, as text/x.tlog.size
    assert (stale.status, stale.body, stale.content_type) == (409, "5\n", SIZE_TYPE)
    assert request(w, 10, [], note9).status == 400  # old size beyond the checkpoint's
    assert request(w, 5, [bytes(32)] * len(proof), note9).status == 422  # a proof that does not verify
    fork, _ = log_of(entries(5, b"x"))
    assert request(w, 5, [], fork).status == 422  # the same size, another root
    other, _ = log_of(entries(9), seed=demo.seed("not the log key"))
    assert request(w, 5, proof, other).status == 403  # not signed by the log's key
    unknown = sign_note(Checkpoint("staging.invalid/log", 9, bytes(32)).text(), "staging.invalid/log", bytes(32))
    assert request(w, 0, [], unknown).status == 404  # an origin it does not follow
    assert w.add_checkpoint(b"not a request").status == 400

    answer = request(w, 5, proof, note9)
    assert answer.status == 200 and answer.body.startswith(f"— {NAMES[0]} ") and answer.body.endswith("\n")
    assert cosigned(note9 + answer.body, [w.cosigner]) == {NAMES[0]: int(NOW.timestamp())}
    rollback = request(w, 5, [], note5)  # back to 5 after 9
    assert (rollback.status, rollback.body) == (409, "9\n")
    served = w.checkpoint(origin_hash(ORIGIN))  # GET <origin hash>/checkpoint: the log's and its own signatures
    assert served.status == 200 and served.body == note9 + answer.body
    assert w.checkpoint(origin_hash("staging.invalid/log")).status == 404


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def x1portal(*args: str) -> list[str]:
    return [sys.executable, "-m", "portal.cli.main", *args]


def witness_args(tmp_path, name: str) -> list[str]:
    return ["--name", name, "--demo", name, "--log", LOG.vkey, "--state", str(tmp_path / name)]


@pytest.fixture
def served(tmp_path):
    """The two demo witnesses, each its own `x1portal witness serve` process on localhost: name -> URL prefix."""
    processes, urls = [], {}
    for name in NAMES:
        port = free_port()
        args = x1portal("witness", "serve", *witness_args(tmp_path, name), "--port", str(port))
        processes.append(subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL))
        urls[name] = f"http://127.0.0.1:{port}"
    for process in processes:
        assert process.stdout.readline().startswith(b"witness ")  # listening
    yield urls
    for process in processes:
        process.terminate()
        process.wait(10)


def test_two_witness_processes_cosign_a_growing_log_and_refuse_a_fork_and_a_rollback(served):
    cosigners = [Cosigner(name, public_key_of(demo.seed(name))) for name in NAMES]
    submit = {name: http_submit(url) for name, url in served.items()}
    for size in (1, 3, 3, 200, 257, 1000):  # the same checkpoint again is cosigned again, with a fresh time
        note, subtree = log_of(entries(size))
        cosigned_note, refused = collect(note, size, subtree, submit)
        assert refused == {} and set(cosigned(cosigned_note, cosigners)) == set(NAMES), size
    fork, subtree = log_of(entries(1000, b"fork"))
    _, refused = collect(fork, 1000, subtree, submit)
    assert set(refused) == set(NAMES) and all("422" in why and "fork" in why for why in refused.values())
    older, subtree = log_of(entries(257))
    _, refused = collect(older, 257, subtree, submit)
    assert all("larger log (1000)" in why for why in refused.values()), refused
    longer_fork, subtree = log_of([*entries(999), b"rewritten", *entries(5, b"more")])
    _, refused = collect(longer_fork, 1004, subtree, submit)
    assert all("422" in why for why in refused.values()), refused
    with urllib.request.urlopen(f"{served[NAMES[0]]}/{origin_hash(ORIGIN)}/checkpoint", timeout=10) as answer:
        assert answer.read().decode().split("\n")[1] == "1000"


def test_a_witness_that_cannot_listen_says_so_without_a_traceback(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = subprocess.run(
            x1portal("witness", "serve", *witness_args(tmp_path, NAMES[0]), "--port", port),
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    assert done.returncode == 2 and "cannot listen on 127.0.0.1:" in done.stderr and "Traceback" not in done.stderr


KILL_AT = {
    # killed with the new checkpoint written aside, before it replaces the old one: it answered nothing
    "before-rename": "real = os.replace\nos.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)",
    # killed with the new checkpoint in place, before it answered: the state holds it, no cosignature went out
    "after-rename": "real = os.replace\n"
    "def replace(*a):\n    real(*a)\n    os.kill(os.getpid(), signal.SIGKILL)\nos.replace = replace",
}


@pytest.mark.parametrize("moment", KILL_AT)
def test_a_witness_killed_mid_write_never_cosigns_two_checkpoints_of_one_size(tmp_path, moment):
    name = NAMES[0]
    args = [*witness_args(tmp_path, name), "--now", NOW.isoformat()]
    first, _ = log_of(entries(4))
    done = subprocess.run(
        x1portal("witness", "add-checkpoint", *args),
        input=add_checkpoint_request(0, [], first).encode(),
        capture_output=True,
        cwd=ROOT,
    )
    assert done.returncode == 0
    note, subtree = log_of(entries(8))
    body = add_checkpoint_request(4, merkle.consistency_proof(subtree, 4, 8), note)
    script = (
        "import os, signal, sys\n"
        f"{KILL_AT[moment]}\n"
        "from portal.cli.main import main\n"
        f"sys.exit(main({['witness', 'add-checkpoint', *args]!r}))\n"
    )
    killed = subprocess.run([sys.executable, "-c", script], input=body.encode(), capture_output=True, cwd=ROOT)
    assert killed.returncode == -signal.SIGKILL and killed.stdout == b""  # no cosignature left the witness

    # the state is whole: the old checkpoint or the new one, never half of one
    w = witness(tmp_path, name)
    size, _, _ = w.latest(ORIGIN)
    assert size == (4 if moment == "before-rename" else 8)
    # a different checkpoint of size 8, consistent with 4: exactly one of the two size-8 checkpoints is ever cosigned
    fork, fork_subtree = log_of([*entries(4), *entries(4, b"fork")])
    fork_body = (size, merkle.consistency_proof(fork_subtree, 4, 8) if size == 4 else [], fork)
    if moment == "before-rename":  # the killed one never took: the other may be cosigned, and then it is refused
        assert request(w, *fork_body).status == 200
        assert request(w, 8, [], note).status == 422
    else:  # the killed one took: it is the size-8 checkpoint, cosigned again on request; the other is refused
        assert request(w, *fork_body).status == 422
        assert request(w, 8, [], note).status == 200
