"""A holder's proof of registration: a C2SP tlog-proof (c2sp.org/tlog-proof) in the credential JSON file.

Once a record is in the published log, `x1portal registry prove --site …` writes into the holder's
`*.credential.json` the record's log index, its inclusion proof and the log's signed checkpoint (field `log_proof`).

A holder's proof counts only where it agrees with the published state the verifier holds (issue 32): its checkpoint
is signed by a log key in force today, for the pinned origin, and it is the signed snapshot's checkpoint, or an
earlier one that the log's tiles prove consistent with it. A log key alone can sign a checkpoint of any log, so a
proof over some other tree (a forged one, a staging log, a frozen or forked view) is ignored, with a note saying
why, and the site's own data decides. The page and the single file do the same (theme/verifier/judge.js
provenByFile). The single file offline has no tiles: there a proof counts if it is at its own snapshot's
checkpoint, or if the witness policy's quorum cosigned its checkpoint (witnesses cosign only consistent views).
"""

from __future__ import annotations

import datetime as dt
import json

from portal.dates import china_day
from portal.errors import VerificationError
from portal.registry.credentials.records import Record
from portal.registry.keys.trust import Snapshot
from portal.registry.log import merkle
from portal.registry.log.ledger import record_entry
from portal.registry.log.merkle import Subtree
from portal.registry.log.note import Checkpoint, Verifier
from portal.registry.log.tlog import check_proof
from portal.registry.validity import registration
from portal.vocab import CREDENTIAL_TYPE

FIELD = "log_proof"
MAX_PROOF = 8 * 1024  # a proof of a log of 2**63 entries with a checkpoint is under 4 KB


def of_credential(text: str) -> str | None:
    """The tlog-proof a credential JSON file carries, or None (other forms, or no proof)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    proof = data.get(FIELD) if isinstance(data, dict) and data.get("type") == CREDENTIAL_TYPE else None
    return proof if isinstance(proof, str) and len(proof) <= MAX_PROOF else None


def check(
    text: str, record: Record, trust: Snapshot, now: dt.datetime, *, size: int, root: bytes, subtree: Subtree
) -> registration.Registration:
    """Included, proved by the holder's own proof, when it agrees with the signed snapshot's checkpoint (size, root;
    subtree reads the log's tiles); else VerificationError, in Chinese, saying why it does not count."""
    entry = record_entry(record)
    reasons = []
    for key in trust.log_keys.values():
        if key.origin != trust.log_origin or key.problem(trust.root) or not key.in_force(china_day(now)):
            continue
        try:
            index, checkpoint = check_proof(text, entry, Verifier(key.origin, key.public_key_bytes), key.origin)
        except ValueError as exc:
            reasons.append(str(exc))
            continue
        agree(checkpoint, size, root, subtree)  # the tiles decide (the page, offline, may take the witnesses' word)
        return registration.proven(index, checkpoint.size)
    raise VerificationError(
        f"凭证附带的登记证明未采用：{'; '.join(reasons) or '它不是由现行有效的日志密钥签署的'}；以本站数据为准"
    )


def agree(checkpoint: Checkpoint, current: int, root: bytes, subtree: Subtree) -> None:
    """Is the proof's checkpoint the snapshot's (current entries, root), or an earlier one of the same log (proved
    from the tiles)?"""
    size = checkpoint.size
    if (size, checkpoint.root) == (current, root):
        return
    if size > current:
        raise VerificationError(
            f"凭证附带的登记证明签于含 {size} 条记录的检查点，晚于本站数据（{current} 条），无法核对两者一致；以本站数据为准"
        )
    proof = merkle.consistency_proof(subtree, size, current) if size else []
    if not (size and merkle.verify_consistency(size, current, checkpoint.root, root, proof)):
        raise VerificationError(
            f"凭证附带的登记证明签于含 {size} 条记录的检查点，与本站公开的日志不一致（不是同一日志的早先状态）；"
            "未采用，以本站数据为准"
        )
