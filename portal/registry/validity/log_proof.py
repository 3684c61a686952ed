"""A holder's proof of registration: a C2SP tlog-proof (c2sp.org/tlog-proof) in the credential JSON file.

Once a record is in the published log, `x1portal registry prove --site …` writes into the holder's
`*.credential.json` the record's log index, its inclusion proof and the log's signed checkpoint (field `log_proof`).
A verifier with no network then checks, from the file alone, that the record is in the log: the checkpoint is signed
by a log key the pinned root endorsed, and the proof leads from the record's entry to the checkpoint's root. The
page and the single file do the same (theme/verifier/tlog.js checkProof). A proof that does not check out is
ignored: registration is then checked from the tiles, or reported as not checked offline.
"""

from __future__ import annotations

import json

from portal.errors import VerificationError
from portal.registry.credentials.records import Record
from portal.registry.keys.trust import Snapshot
from portal.registry.log.ledger import record_entry
from portal.registry.log.note import Verifier
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


def check(text: str, record: Record, trust: Snapshot) -> registration.Registration:
    """Included, proved offline; ValueError (in Chinese) if no endorsed log key's checkpoint backs the proof."""
    entry = record_entry(record)
    reasons = []
    for key in trust.log_keys.values():
        if key.origin != trust.log_origin or key.problem(trust.root):
            continue
        try:
            index, checkpoint = check_proof(text, entry, Verifier(key.origin, key.public_key_bytes), key.origin)
        except ValueError as exc:
            reasons.append(str(exc))
            continue
        return registration.proven(index, checkpoint.size)
    raise VerificationError(f"凭证附带的登记证明无效：{'; '.join(reasons) or '没有可用的日志密钥'}")
