"""The published state as a whole, signed: the transparency log's checkpoint and verify/snapshot.json.

The build (portal/site/registry_store.py) publishes, under the log key:
- log/checkpoint: a C2SP checkpoint (note.py) of the log of every record and revocation (ledger.py, tlog.py);
- verify/snapshot.json: `version` (strictly increasing: the issue time in Unix seconds), `issued` and `expires`
  (passed in, never read from the clock), the SHA-256 of every list a verifier trusts (`files`), and the
  checkpoint's size, root hash and frontier (`edge`: the hashes of the perfect subtrees that make the tree, largest
  first; with them an inclusion proof needs one tile per tile level, merkle.frontier); signed (JCS, like every other signed object here) by the log key.

A verifier checks root -> log key endorsement (in trust.json) -> snapshot signature -> the hash of each list, and
only then uses the lists (open_snapshot; theme/verifier/snapshot.js does the same in the browser).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from portal.cache import KeptFolder
from portal.dates import china_day, moment
from portal.errors import SettingsError, VerificationError
from portal.files import compact_json
from portal.registry.keys.signing import b64url, from_b64url, key_id_of, public_key_of, sign, verify
from portal.registry.keys.trust import LogKey, Snapshot, published
from portal.registry.log import merkle
from portal.registry.log.cosignature import cosigned, of_policy
from portal.registry.log.ledger import Batch
from portal.registry.log.note import Checkpoint, Verifier, open_note, sign_note
from portal.registry.log.tlog import TileReader, TileWriter, folder_fetch
from portal.registry.log.witness import Submit, collect
from portal.registry.store.background import start
from portal.registry.store.loading import Registry, entries_of
from portal.registry.store.record_db import RecordDb
from portal.vocab import CLOCK_SKEW_MINUTES, COSIGNATURE_FRESH_MINUTES, SNAPSHOT_EXPIRES_DAYS, SNAPSHOT_FORMAT

TRUSTED_FILES = ("verify/trust.json", "verify/revocations.json", "verify/records/index.json")


@dataclass
class Publication:
    texts: dict[str, str]  # path in the site -> the exact text published (every TRUSTED_FILES and the snapshot)
    checkpoint: str  # log/checkpoint, a signed note
    vkey: str  # log/vkey
    log: Log  # the log's tiles as written (their folder is kept in the cache between builds, see write_log)


class Log(NamedTuple):
    """The log's tiles as written (write_log): what the checkpoint and the snapshot sign."""

    folder: Path
    size: int
    edge: list[bytes]  # the frontier's hashes (merkle.frontier)
    written: int  # tile files written


def write_log(db: RecordDb, batches: list[Batch], folder: Path) -> Log:
    """The log's tiles under folder: when folder holds the log of a prefix of these batches (a previous build's),
    only the new batches are appended; otherwise the log is written whole. Streams: memory stays small."""
    ids = [batch.id for batch in batches]
    kept = KeptFolder(folder)
    state = kept.previous(ids)
    writer = TileWriter(folder, state["size"] if state else 0)
    writer.extend(entries_of(db, batches[len(state["ids"]) if state else 0 :]))
    writer.finish()
    kept.done(ids, size=writer.size)
    return Log(folder, writer.size, writer.edge(), len(writer.written))


def start_log(registry: Registry, folder: Path, apart: bool) -> Callable[[], Log]:
    """write_log, in a process of its own if `apart` (it then overlaps the lookup store and the pages)."""
    return start(apart, write_log, registry.db, registry.batches, folder)


def log_signer(registry: Registry, seed: bytes, issued: dt.datetime) -> LogKey:
    """The endorsed log key of this seed, in force on the issue day; ValueError saying what to fix otherwise."""
    snapshot = registry.snapshot
    key = snapshot.log_keys.get(key_id_of(public_key_of(seed)))
    if key is None:
        raise VerificationError(
            f"the log key {key_id_of(public_key_of(seed))} is not endorsed in data/log-keys/: endorse it with "
            "`x1portal registry endorse --log` (the root signs it), then build again"
        )
    if not key.in_force(issued.date().isoformat()):
        raise VerificationError(f"log key {key.key} is not in force on {issued.date()} (expired or revoked)")
    return key


def publish(
    registry: Registry,
    display: dict,
    seed: bytes,
    issued: str,
    expires: str | None,
    log: Log,
    store: dict,
    witnesses: dict[str, Submit],
) -> Publication:
    """log: the log's tiles, written (write_log): its size and frontier are what the checkpoint and snapshot sign.
    store: the lookup store's index.json (lookup_store.write_store), which signs every shard. witnesses: how to
    reach each witness of the policy (witness.Submit); their cosignatures must meet its quorum, or nothing is
    published (VerificationError saying which witness refused and why)."""
    issued_at = moment(issued, "PORTAL['SNAPSHOT_ISSUED']")
    expires_at = (
        moment(expires, "PORTAL['SNAPSHOT_EXPIRES']")
        if expires
        else issued_at + dt.timedelta(days=SNAPSHOT_EXPIRES_DAYS)
    )
    if not issued_at < expires_at <= issued_at + dt.timedelta(days=SNAPSHOT_EXPIRES_DAYS):
        raise SettingsError(
            f"PORTAL['SNAPSHOT_EXPIRES'] must be after PORTAL['SNAPSHOT_ISSUED'] and at most {SNAPSHOT_EXPIRES_DAYS} "
            "days later (verifiers refuse a longer-lived snapshot)"
        )
    snapshot = registry.snapshot
    key = log_signer(registry, seed, issued_at)
    size, edge = log.size, log.edge
    root = merkle.fold(edge)
    origin = snapshot.log_origin
    checkpoint = cosigned_checkpoint(
        sign_note(Checkpoint(origin, size, root).text(), origin, seed), log, snapshot, witnesses
    )
    trust, revocations = published(snapshot, display)
    vkey = Verifier(origin, key.public_key_bytes).vkey
    trust["log"]["vkey"] = vkey
    texts = {
        "verify/trust.json": compact_json(trust),
        "verify/revocations.json": compact_json(revocations),
        "verify/records/index.json": compact_json(store),
    }
    unsigned = {
        "format": SNAPSHOT_FORMAT,
        "version": int(issued_at.timestamp()),
        "issued": issued_at.isoformat(),
        "expires": expires_at.isoformat(),
        "root": snapshot.root.key,
        "log": {"origin": origin, "key": key.key},
        "checkpoint": {
            "size": size,
            "root_hash": b64url(root),
            "edge": [b64url(h) for h in edge],
            "note": checkpoint,  # log/checkpoint, with the witnesses' cosignatures
        },
        "files": {path: hashlib.sha256(texts[path].encode("utf-8")).hexdigest() for path in TRUSTED_FILES},
    }
    texts["verify/snapshot.json"] = compact_json({**unsigned, "signature": sign(seed, unsigned)})
    return Publication(texts, checkpoint, vkey, log)


def cosigned_checkpoint(note: str, log: Log, snapshot: Snapshot, witnesses: dict[str, Submit]) -> str:
    """The log's checkpoint note with the cosignatures of the policy's witnesses (witness.collect); VerificationError
    if fewer than its quorum cosign: the deploy then publishes nothing and the previous state stays."""
    policy = snapshot.witnesses
    if not policy.witnesses:
        return note
    subtree = TileReader(folder_fetch(log.folder), log.size, log.edge).subtree
    reachable = {w.name: witnesses[w.name] for w in policy.witnesses if w.name in witnesses}
    note, refused = collect(note, log.size, subtree, reachable)
    refused |= {
        w.name: "no add-checkpoint address (url) to reach it" for w in policy.witnesses if w.name not in witnesses
    }
    got = cosigned(note, of_policy(policy))
    if len(got) < policy.quorum:
        reasons = "; ".join(f"{name}: {why}" for name, why in refused.items())
        raise VerificationError(
            f"见证人联署不足，未发布：需要 {policy.quorum} 个，只得到 {len(got)} 个（{reasons}）。之前发布的站点保持不变 / "
            f"only {len(got)} of the {policy.quorum} cosignatures the witness policy requires: nothing was published"
        )
    return note


def witnessed_by(
    note: str, trust: Snapshot, key: LogKey, size: int, root: bytes, issued: dt.datetime, now: dt.datetime
) -> tuple[str, ...]:
    """The policy's witnesses whose cosignature on the snapshot's checkpoint note counts: made no earlier than
    COSIGNATURE_FRESH_MINUTES before the snapshot was issued (a frozen state re-signed later cannot bring fresh
    ones), and not from the future. VerificationError if the note is not the log key's checkpoint of this tree."""
    text = open_note(note, Verifier(key.origin, key.public_key_bytes))
    if Checkpoint.parse(text) != Checkpoint(trust.log_origin, size, root):
        raise VerificationError("快照中的检查点签名与快照的日志大小或根哈希不符")
    low = (issued - dt.timedelta(minutes=COSIGNATURE_FRESH_MINUTES)).timestamp()
    high = (now + dt.timedelta(minutes=CLOCK_SKEW_MINUTES)).timestamp()
    times = cosigned(note, of_policy(trust.witnesses))
    return tuple(sorted(name for name, time in times.items() if low <= time <= high))


@dataclass(frozen=True)
class SignedState:
    """What a verifier learns from a snapshot that checked out."""

    version: int
    issued: dt.datetime
    expires: dt.datetime
    size: int
    root_hash: bytes
    edge: tuple[bytes, ...]  # the frontier's hashes (merkle.frontier), checked to fold to root_hash
    log_key: LogKey
    cosigners: tuple[str, ...] = ()  # the witnesses whose fresh cosignature on the checkpoint counts
    quorum: int = 0  # how many the policy requires

    def expired(self, now: dt.datetime) -> bool:
        return now >= self.expires

    @property
    def witnessed(self) -> bool:
        """Did enough witnesses cosign the checkpoint (the policy's k of n)? If not, nothing is valid (at most
        unconfirmed): the log key alone could be showing this verifier a view nobody else sees."""
        return len(self.cosigners) >= self.quorum

    @property
    def verifier(self) -> Verifier:
        return Verifier(self.log_key.origin, self.log_key.public_key_bytes)


def compromised(key: LogKey, now: dt.datetime) -> bool:
    """Has this key been revoked as compromised, from a day not after now (China time)? Then a snapshot it signed
    is refused whatever issue time it states: a thief backdates."""
    revocation = key.revocation
    return bool(revocation and revocation.reason == "compromised" and revocation.start <= china_day(now))


def open_snapshot(document: dict, trust: Snapshot, texts: dict[str, bytes], now: dt.datetime) -> SignedState:
    """Check a snapshot against the pinned root (in trust) and the bytes of every file it lists, at `now`.

    ValueError, in Chinese for the person verifying, if anything does not hold: a verifier then answers nothing.
    """
    try:
        unsigned = {k: v for k, v in document.items() if k != "signature"}
        if document.get("format") != SNAPSHOT_FORMAT:
            raise VerificationError("快照格式不符")
        if document["root"] != trust.root.key:
            raise VerificationError("快照不是本核验器固定的根密钥所属注册库的")
        key = trust.log_keys.get(document["log"]["key"])
        if key is None:
            raise VerificationError(f"快照的签名密钥 {document['log']['key']} 不是经根密钥背书的日志密钥")
        problem = key.problem(trust.root)
        if problem:
            raise VerificationError(f"日志密钥的背书无效：{problem}")
        issued = moment(document["issued"], "issued")
        expires = moment(document["expires"], "expires")
        # what a signer chooses is bounded: a stolen or revoked log key cannot sign a snapshot that stays in force
        # for years, nor a version that locks out every later one (theme/verifier/snapshot.js does the same)
        if not dt.timedelta(0) < expires - issued <= dt.timedelta(days=SNAPSHOT_EXPIRES_DAYS):
            raise VerificationError(
                f"签名快照的有效期超过 {SNAPSHOT_EXPIRES_DAYS} 天或不是正数：不是本注册库按规定签发的快照"
            )
        if document["version"] != issued.timestamp():
            raise VerificationError("签名快照的版本号与签发时间不符")
        if issued > now + dt.timedelta(minutes=CLOCK_SKEW_MINUTES):
            raise VerificationError(
                f"签名快照的签发时间 {issued.isoformat()} 晚于现在：来自未来的快照不被接受（请检查本机时间）"
            )
        if document["log"]["origin"] != key.origin or key.origin != trust.log_origin:
            raise VerificationError("快照的日志来源与日志密钥的背书不符")
        if not key.in_force(issued.date().isoformat()):
            raise VerificationError(f"日志密钥 {key.key} 在快照签发日不在有效期内（已过期或已吊销）")
        if compromised(key, now):  # whoever holds it can sign any issue time: nothing it signed is believed
            raise VerificationError(
                f"日志密钥 {key.key} 已因私钥泄露被吊销（自 {key.revocation.start} 起）：它签的快照一概不被接受"
            )
        if not verify(key.public_key_bytes, unsigned, document["signature"]):
            raise VerificationError("快照的签名无效：快照被改动过，或不是本注册库签发的")
        if set(document["files"]) != set(TRUSTED_FILES):
            raise VerificationError("快照列出的文件与核验所需的不同")
        for path, digest in document["files"].items():
            if path not in texts or hashlib.sha256(texts[path]).hexdigest() != digest:
                raise VerificationError(f"{path} 与签名快照中的摘要不符：文件被替换、删改或已过时")
        checkpoint = document["checkpoint"]
        root_hash = from_b64url(checkpoint["root_hash"], 32)
        if not isinstance(document["version"], int) or not isinstance(checkpoint["size"], int):
            raise VerificationError("快照的版本号或日志大小不是整数")
        edge = tuple(from_b64url(h, 32) for h in checkpoint["edge"])
        if len(edge) != len(merkle.frontier(checkpoint["size"])) or merkle.fold(edge) != root_hash:
            raise VerificationError("快照中日志的右缘哈希与根哈希不符")
        witnesses = witnessed_by(checkpoint["note"], trust, key, checkpoint["size"], root_hash, issued, now)
    except (KeyError, TypeError, AttributeError) as exc:
        raise VerificationError(f"快照缺少字段或字段类型不符：{exc}") from None
    return SignedState(
        document["version"],
        issued,
        expires,
        checkpoint["size"],
        root_hash,
        edge,
        key,
        witnesses,
        trust.witnesses.quorum,
    )
