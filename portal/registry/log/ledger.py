"""What the transparency log holds, in which order: every published record and record revocation.

The order is fixed by the repository's content alone, so a fresh clone builds the same log and checkpoint:

- every records file carries a `sequence` number, and so does every revocation entry; `x1portal registry sign`
  and `registry revoke` give a new file or revocation the next number after the highest in data/;
- a sequence number belongs to one batch: one records file, or the revocation entries one organisation made
  together (they share the number);
- the log is the batches in increasing sequence order, each batch's entries in file order.

Published records files and revocations never change (the pull-request check refuses it), and a new batch's number
is above every published one, so a change to data/ can only append to the log: the pull-request check proves it
with a consistency proof between the base's and the head's checkpoints.

A log entry is one line of ASCII text (no newline): `1x-portal/record/v1 <organisation> <record line>` or
`1x-portal/record-revocation/v1 <organisation> <lookup> <date> <reason> <signer> <signature>`, so a monitor can
re-verify every entry with nothing else than the trust list.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from portal.errors import VerificationError
from portal.registry.credentials.records import SEQUENCE_LINE, Record
from portal.registry.keys.trust import RecordRevocation
from portal.vocab import RECORD_REVOCATION_TYPE, RECORD_TYPE


def record_entry(record: Record) -> bytes:
    return line_entry(record.organisation, record.line())


def line_entry(organisation: str, line: str) -> bytes:
    """The log entry of a record given as its organisation and its line (records.py)."""
    return f"{RECORD_TYPE} {organisation} {line}".encode("ascii")


def revocation_entry(r: RecordRevocation) -> bytes:
    return f"{RECORD_REVOCATION_TYPE} {r.organisation} {r.lookup} {r.date} {r.reason} {r.signer} {r.signature}".encode(
        "ascii"
    )


def parse_entry(entry: bytes) -> Record | RecordRevocation:
    """The record or revocation a log entry holds; ValueError if it is neither (a monitor reports it)."""
    try:
        kind, organisation, rest = entry.decode("ascii").split(" ", 2)
    except (UnicodeDecodeError, ValueError) as exc:
        raise VerificationError("not a log entry of this registry") from exc
    if kind == RECORD_TYPE:
        return Record.parse(organisation, rest)
    if kind == RECORD_REVOCATION_TYPE:
        values = rest.split(" ")
        if len(values) != 5:
            raise VerificationError("a revocation entry has lookup, date, reason, signer and signature")
        return RecordRevocation(organisation, *values)
    raise VerificationError(f"unknown log entry type {kind[:40]!r}")


@dataclass(frozen=True)
class Batch:
    """A records file (its rows are in the record database under `digest`) or revocations made together."""

    sequence: int
    label: str  # the file it comes from
    digest: str = ""  # a records file's, in record_db.py
    count: int = 0  # its records
    revocations: tuple[RecordRevocation, ...] = ()

    @property
    def size(self) -> int:
        return self.count + len(self.revocations)

    @property
    def id(self) -> str:
        """What the batch holds, as a digest: the log written from a list of batches is known by their ids."""
        if self.digest:
            return self.digest
        return hashlib.sha256(b"\n".join(revocation_entry(r) for r in self.revocations)).hexdigest()


def in_order(batches: list[Batch]) -> list[Batch]:
    return sorted(batches, key=lambda batch: batch.sequence)


def offsets(batches: list[Batch]) -> dict[str, int]:
    """A records file's digest -> the log index of its first record."""
    found, at = {}, 0
    for batch in in_order(batches):
        if batch.digest:
            found[batch.digest] = at
        at += batch.size
    return found


def next_sequence(data: Path) -> int:
    """The sequence number a new batch gets: one above the highest in data/records/ and data/revocations/."""
    highest = 0
    for path in (data / "records").glob("*/*.yaml"):
        with path.open(encoding="utf-8") as handle:
            head = handle.read(4096)  # the header: the sequence line comes before the records
        highest = max([highest, *(int(n) for n in SEQUENCE_LINE.findall(head))])
    for path in (data / "revocations").glob("*.yaml"):
        found = re.findall(r"^  sequence: ([0-9]+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        highest = max([highest, *(int(n) for n in found)])
    return highest + 1
