"""Writing the signed registry files: key endorsements, key and record revocations, records files.

The CLI (x1portal registry) and the demo generator both go through here, so there is one way each file is made.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from portal.catalogue.yamlfile import dumps
from portal.files import write_text_atomically
from portal.registry.credentials.records import Record, write_records_file
from portal.registry.keys.signing import b64url, key_id_of, public_key_of, sign
from portal.registry.keys.trust import (
    ROOT_SIGNER,
    Endorsement,
    KeyRevocation,
    LogKey,
    RecordRevocation,
    WitnessKey,
    WitnessPolicy,
)
from portal.registry.log.ledger import next_sequence
from portal.vocab import WITNESSES_FILE

KEY_HEADER = "# yaml-language-server: $schema=../../schemas/key.schema.json\n"
LOG_KEY_HEADER = "# yaml-language-server: $schema=../schemas/log-key.schema.json\n"
WITNESSES_HEADER = "# yaml-language-server: $schema=schemas/witnesses.schema.json\n"
REVOCATIONS_HEADER = "# yaml-language-server: $schema=../schemas/revocations.schema.json\n"


def _dump(path: Path, header: str, data: dict) -> None:
    write_text_atomically(path, header + dumps(data))


def endorse(
    root_seed: bytes, organisation: str, public_key: bytes, valid_from: str, valid_until: str, scope: list[str]
) -> Endorsement:
    unsigned = Endorsement(
        organisation, key_id_of(public_key), b64url(public_key), valid_from, valid_until, tuple(scope), ""
    )
    return Endorsement(**{**unsigned.__dict__, "signature": sign(root_seed, unsigned.signed_part())})


def endorse_log(root_seed: bytes, origin: str, public_key: bytes, valid_from: str, valid_until: str) -> LogKey:
    unsigned = LogKey(origin, key_id_of(public_key), b64url(public_key), valid_from, valid_until, "")
    return LogKey(**{**unsigned.__dict__, "signature": sign(root_seed, unsigned.signed_part())})


def write_log_key(data: Path, key: LogKey) -> Path:
    path = data / "log-keys" / f"{key.key}.yaml"
    _dump(path, LOG_KEY_HEADER, key.to_data())
    return path


def sign_witnesses(root_seed: bytes, origin: str, quorum: int, witnesses: list[WitnessKey]) -> WitnessPolicy:
    unsigned = WitnessPolicy(origin, quorum, tuple(witnesses), "")
    return WitnessPolicy(origin, quorum, tuple(witnesses), sign(root_seed, unsigned.signed_part()))


def write_witnesses(data: Path, policy: WitnessPolicy) -> Path:
    path = data / WITNESSES_FILE
    _dump(path, WITNESSES_HEADER, policy.to_data())
    return path


def revoke_key(root_seed: bytes, endorsement: Endorsement, start: str, reason: str) -> Endorsement:
    unsigned = KeyRevocation(start, reason, "")
    signature = sign(root_seed, unsigned.signed_part(endorsement.organisation, endorsement.key))
    return Endorsement(**{**endorsement.__dict__, "revocation": KeyRevocation(start, reason, signature)})


def key_path(data: Path, endorsement: Endorsement) -> Path:
    return data / "keys" / endorsement.organisation / f"{endorsement.key}.yaml"


def write_key(data: Path, endorsement: Endorsement) -> Path:
    path = key_path(data, endorsement)
    _dump(path, KEY_HEADER, endorsement.to_data())
    return path


def read_key(data: Path, organisation: str, key: str) -> Endorsement:
    path = data / "keys" / organisation / f"{key}.yaml"
    if not path.exists():
        raise FileNotFoundError(f"no key {key} of {organisation}: {path} does not exist")
    return Endorsement.of_data(yaml.safe_load(path.read_text(encoding="utf-8")))


def revoke_record(
    organisation: str, lookup: str, date: str, reason: str, signer_seed: bytes, by_root: bool = False
) -> RecordRevocation:
    signer = ROOT_SIGNER if by_root else key_id_of(public_key_of(signer_seed))
    unsigned = RecordRevocation(organisation, lookup, date, reason, signer, "")
    return RecordRevocation(**{**unsigned.__dict__, "signature": sign(signer_seed, unsigned.signed_part())})


def append_revocations(data: Path, organisation: str, revocations: list[RecordRevocation]) -> Path:
    """Revocations are appended, never rewritten; together they are the log's next batch (ledger.py)."""
    path = data / "revocations" / f"{organisation}.yaml"
    existing = yaml.safe_load(path.read_text(encoding="utf-8"))["revocations"] if path.exists() else []
    sequence = next_sequence(data)
    added = [{**r.to_data(), "sequence": sequence} for r in revocations]
    _dump(path, REVOCATIONS_HEADER, {"organisation": organisation, "revocations": existing + added})
    return path


RECORDS_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")


def records_path(data: Path, organisation: str, name: str) -> Path:
    """Where a new records file of an organisation goes; ValueError for a name that is not a plain file name."""
    if not RECORDS_FILE_NAME.match(name) or not RECORDS_FILE_NAME.match(organisation):
        raise ValueError(f"{name!r} is not a records file name: letters, digits, - and _ only, e.g. 2026-11")
    return data / "records" / organisation / f"{name}.yaml"


def write_records(data: Path, organisation: str, name: str, records: list[Record]) -> Path:
    """A new records file; an existing one is never overwritten (published records are append-only)."""
    path = records_path(data, organisation, name)
    if path.exists():
        raise FileExistsError(f"{path} exists; published records are never rewritten: choose a new file name")
    write_records_file(path, organisation, next_sequence(data), records)
    return path
