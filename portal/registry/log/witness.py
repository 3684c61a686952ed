"""A witness of the registry's log (c2sp.org/tlog-witness, add-checkpoint), and the client a deploy uses to collect
cosignatures from witnesses.

An independent party (a provincial education department, another organisation, a university) runs a witness. For
each log origin it follows it keeps the last checkpoint it cosigned. Given a new checkpoint and a consistency proof
from that one, it checks the log's signature and the proof, and cosigns (portal/registry/log/cosignature.py). It
refuses a fork (the same size with another root, or a proof that does not verify: 422), a rollback or a stale view
(an old size that is not its own: 409, answering its size), an origin it does not follow (404) and a checkpoint not
signed by that log's key (403), with the status codes and bodies the spec gives.

Its state is one file per origin, `<hex SHA-256 of the origin>`: the checkpoint it last cosigned, with the log's
signature and its own cosignature (what `GET <origin hash>/checkpoint` serves). Checking against it and replacing it
happen under a file lock, and the replacement is atomic (written aside, flushed, renamed), before the cosignature is
returned. A witness killed at any point therefore holds either the old checkpoint or the new one, never half of
one: it can never be brought to cosign two different checkpoints of one size.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import fcntl
import hashlib
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portal.errors import VerificationError
from portal.registry.keys.signing import public_key_of
from portal.registry.log import merkle
from portal.registry.log.cosignature import Cosigner, cosign
from portal.registry.log.note import Checkpoint, Verifier, open_note
from portal.registry.log.tlog import HASH

MAX_PROOF_LINES = 63
MAX_REQUEST = 64 * 1024
SIZE_TYPE = "text/x.tlog.size"
TEXT_TYPE = "text/plain; charset=utf-8"
_OLD = re.compile(r"old (0|[1-9][0-9]{0,19})\Z")


@dataclass(frozen=True)
class Response:
    """An HTTP answer as the spec words it: status, body, content type."""

    status: int
    body: str
    content_type: str = TEXT_TYPE


def origin_hash(origin: str) -> str:
    return hashlib.sha256(origin.encode("utf-8")).hexdigest()


def add_checkpoint_request(old: int, proof: list[bytes], note: str) -> str:
    """The body of an add-checkpoint request: the old size line, the consistency proof, a blank line, the note."""
    lines = "".join(base64.b64encode(h).decode("ascii") + "\n" for h in proof)
    return f"old {old}\n{lines}\n{note}"


def parse_request(body: str) -> tuple[int, list[bytes], str]:
    """(old size, consistency proof, checkpoint note); VerificationError if the body is not one."""
    head, sep, note = body.partition("\n\n")
    lines = head.split("\n")
    match = _OLD.fullmatch(lines[0])
    if not sep or not match:
        raise VerificationError("the request starts with 'old <size>', then proof lines, a blank line and a checkpoint")
    if len(lines) - 1 > MAX_PROOF_LINES:
        raise VerificationError(f"more than {MAX_PROOF_LINES} consistency proof lines")
    proof = []
    for line in lines[1:]:
        try:
            value = base64.b64decode(line, validate=True)
        except (binascii.Error, ValueError):
            raise VerificationError("a consistency proof line is not base64") from None
        if len(value) != HASH:
            raise VerificationError("a consistency proof line is not a 32-byte hash")
        proof.append(value)
    return int(match[1]), proof, note


class Witness:
    """One witness: its name and key, the logs it follows (origin -> the log's note verifier), its state folder and
    its clock (passed in)."""

    def __init__(self, name: str, seed: bytes, logs: list[Verifier], state: Path, clock: Callable[[], dt.datetime]):
        self.name, self.seed, self.state, self.clock = name, seed, state, clock
        self.cosigner = Cosigner(name, public_key_of(seed))
        self.logs = {log.name: log for log in logs}
        state.mkdir(parents=True, exist_ok=True)

    def latest(self, origin: str) -> tuple[int, bytes, str] | None:
        """(size, root, note with cosignature) of the checkpoint last cosigned for origin, or None."""
        path = self.state / origin_hash(origin)
        if not path.exists():
            return None
        note = path.read_text(encoding="utf-8")
        checkpoint = Checkpoint.open(note, self.logs[origin], origin) if origin in self.logs else None
        if checkpoint is None:  # a log no longer followed: its last checkpoint as written
            checkpoint = Checkpoint.parse(note[: note.rfind("\n\n") + 1])
        return checkpoint.size, checkpoint.root, note

    def add_checkpoint(self, body: bytes) -> Response:
        """POST <prefix>/add-checkpoint, as c2sp.org/tlog-witness says."""
        try:
            if len(body) > MAX_REQUEST:
                raise VerificationError("the request is too large")
            old, proof, note = parse_request(body.decode("utf-8"))
            text = note[: note.rfind("\n\n") + 1] if "\n\n" in note else note
            origin = text.split("\n", 1)[0]
        except (UnicodeDecodeError, VerificationError) as exc:
            return Response(400, f"{exc}\n")
        log = self.logs.get(origin)
        if log is None:
            return Response(404, f"unknown log origin {origin[:100]!r}\n")
        try:
            checkpoint = Checkpoint.parse(open_note(note, log))
        except VerificationError as exc:
            return Response(403, f"the checkpoint is not signed by the log's key: {exc}\n")
        if old > checkpoint.size:
            return Response(400, f"old size {old} is larger than the checkpoint's size {checkpoint.size}\n")
        with self._locked(origin):
            latest = self.latest(origin)
            size, root = (latest[0], latest[1]) if latest else (0, merkle.EMPTY_ROOT)
            if old != size:
                return Response(409, f"{size}\n", SIZE_TYPE)
            if checkpoint.size == 0 and checkpoint.root != merkle.EMPTY_ROOT:
                return Response(422, "a checkpoint of size 0 has the empty tree's root hash\n")
            if old == 0 and proof:
                return Response(422, "no consistency proof is sent from size 0\n")
            if old == checkpoint.size and (proof or checkpoint.root != root):
                return Response(422, "another root hash for the size already cosigned: a fork\n")
            if 0 < old < checkpoint.size and not merkle.verify_consistency(
                old, checkpoint.size, root, checkpoint.root, proof
            ):
                return Response(422, "the consistency proof does not verify: a fork or a rewritten history\n")
            line = cosign(text, self.name, self.seed, self.cosigner.public_key, int(self.clock().timestamp()))
            self._persist(origin, note + line)  # before answering: a crash now loses nothing it vouched for
        return Response(200, line)

    def checkpoint(self, hashed: str) -> Response:
        """GET <prefix>/<origin hash>/checkpoint: the last checkpoint cosigned for that log, or 404."""
        for origin in self.logs:
            if origin_hash(origin) == hashed:
                latest = self.latest(origin)
                if latest:
                    return Response(200, latest[2])
        return Response(404, "no checkpoint cosigned for that log\n")

    def _locked(self, origin: str):
        return _FileLock(self.state / f"{origin_hash(origin)}.lock")

    def _persist(self, origin: str, note: str) -> None:
        path = self.state / origin_hash(origin)
        aside = path.with_suffix(".new")
        with aside.open("w", encoding="utf-8") as out:
            out.write(note)
            out.flush()
            os.fsync(out.fileno())
        os.replace(aside, path)
        folder = os.open(self.state, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


class _FileLock:
    """An exclusive lock on a file, held across processes (and threads: each takes its own descriptor)."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


# --- the log's side: collecting cosignatures ---------------------------------------------------------------------

Submit = Callable[[str], Response]  # sends an add-checkpoint body to one witness, returns its answer


def http_submit(prefix: str, timeout: float = 30) -> Submit:
    """POST <prefix>/add-checkpoint over HTTP(S); OSError if the witness cannot be reached."""

    def submit(body: str) -> Response:
        post = urllib.request.Request(f"{prefix.rstrip('/')}/add-checkpoint", data=body.encode(), method="POST")
        try:
            with urllib.request.urlopen(post, timeout=timeout) as answer:  # noqa: S310 - the policy's https URL
                return Response(answer.status, answer.read(MAX_REQUEST).decode(), answer.headers["Content-Type"] or "")
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read(MAX_REQUEST).decode(), error.headers["Content-Type"] or "")

    return submit


def collect(note: str, size: int, subtree: merkle.Subtree, witnesses: dict[str, Submit]) -> tuple[str, dict[str, str]]:
    """Ask each witness to cosign the log's checkpoint `note` (of `size` entries; subtree reads the log's hashes for
    consistency proofs): (the note with every cosignature obtained, {witness: why it did not cosign}).

    The first request claims old size 0; a witness that has cosigned before answers 409 with its size, and the
    request is sent again with a proof from that size. A witness whose size is larger than ours has seen a longer
    log (a rollback here, or a fork): it is left out, with the reason."""
    obtained, refused = [], {}
    for name, submit in witnesses.items():
        old, proof = 0, []
        for _attempt in range(2):
            try:
                answer = submit(add_checkpoint_request(old, proof, note))
            except OSError as exc:
                refused[name] = f"unreachable: {exc}"
                break
            if answer.status == 409 and answer.content_type.startswith(SIZE_TYPE) and _attempt == 0:
                theirs = int(answer.body.strip()) if answer.body.strip().isdigit() else -1
                if not 0 <= theirs <= size:
                    refused[name] = f"it has cosigned a larger log ({answer.body.strip()[:20]}): a rollback or a fork"
                    break
                old = theirs
                proof = merkle.consistency_proof(subtree, old, size) if 0 < old < size else []
                continue
            if answer.status == 200:
                obtained.append(answer.body)
            else:
                refused[name] = f"HTTP {answer.status}: {answer.body.strip()[:200]}"
            break
    return note + "".join(obtained), refused
