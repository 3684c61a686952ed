"""Public certificate records: one signed line per issued certificate, in data/records/<organisation>/<file>.yaml.

A line holds `lookup commitment certificate level issued key signature` (see holder.py for the first two). The
organisation signs, with its key `key`, the JCS of the record's fields plus its own id and the record type; the holder's
credential carries the same fields, so the same signature verifies both. Nothing in a record names the holder.

Records files are machine-written by `x1portal registry sign` and read with libyaml: a million records parse in
seconds because each record is one plain scalar, not a mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import yaml

from portal.catalogue.yamlfile import load_data
from portal.dates import is_date
from portal.errors import VerificationError
from portal.files import write_text_atomically
from portal.registry.keys.signing import PUBLIC_KEY_BYTES, SIGNATURE_BYTES, canonical, is_b64url
from portal.vocab import LEVEL_NAMES, RECORD_TYPE, RECORDS_FILE_FORMAT

COLUMNS = ("lookup", "commitment", "certificate", "level", "issued", "key", "signature")


HEADER = """\
# yaml-language-server: $schema=../../schemas/records.schema.json
# 公开的证书记录（由 x1portal registry sign 生成，请勿手工修改）：不含姓名、身份证号或证书编号。
# 每行一条：查询号 承诺值 证书 等级 颁发日期 签名密钥 签名
# lookup commitment certificate level issued key signature
"""

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
HEX16 = re.compile(r"[0-9a-f]{16}\Z")
HEX32 = re.compile(r"[0-9a-f]{32}\Z")
PLAIN = re.compile(r"[A-Za-z0-9_-]*")

MAX_RECORDS_BYTES = 64 * 1024 * 1024  # one records file: about 400,000 records (a batch of 10,000 is 1.6 MB)


class Record(NamedTuple):
    """One signed certificate record: its organisation, then COLUMNS. A named tuple, so code reads fields by name
    while JSON (the lookup store's shards, the build cache) keeps the compact array whose field names
    records/index.json lists for the browser."""

    organisation: str
    lookup: str
    commitment: str
    certificate: str
    level: str
    issued: str
    key: str
    signature: str

    def signed_part(self) -> dict:
        """What the organisation signs: every field but the signature, with the record type."""
        return {
            "type": RECORD_TYPE,
            "organisation": self.organisation,
            "lookup": self.lookup,
            "commitment": self.commitment,
            "certificate": self.certificate,
            "level": self.level,
            "issued": self.issued,
            "key": self.key,
        }

    def signed_bytes(self) -> bytes:
        """RFC 8785 of signed_part(), the bytes the signature covers. When every value is plain (letters, digits,
        - and _, as a well-formed record's are) JCS is these keys in code-point order with the values quoted, so
        it is written out directly: the build does this for every record, and it is 20 times faster than the
        general encoder (tests/test_records.py holds the two equal)."""
        fields = (self.certificate, self.commitment, self.issued, self.key, self.level, self.lookup, self.organisation)
        if not all(isinstance(v, str) for v in fields) or not PLAIN.fullmatch("".join(fields)):
            return canonical(self.signed_part())
        return self.plain_signed_bytes()

    def plain_signed_bytes(self) -> bytes:
        """signed_bytes() of a record whose values are all plain, which the caller knows (WELL_FORMED matched its
        line and its organisation is an id): JCS written out, no check."""
        return (
            f'{{"certificate":"{self.certificate}","commitment":"{self.commitment}","issued":"{self.issued}",'
            f'"key":"{self.key}","level":"{self.level}","lookup":"{self.lookup}",'
            f'"organisation":"{self.organisation}","type":"{RECORD_TYPE}"}}'
        ).encode("ascii")

    def line(self) -> str:
        return " ".join(getattr(self, column) for column in COLUMNS)

    @classmethod
    def parse(cls, organisation: str, line: object) -> Record:
        """A record from its line; ValueError if the columns are not there (check_form checks their values)."""
        if not isinstance(line, str):
            raise VerificationError(f"a record is one line of text, got {type(line).__name__}")
        values = line.split(" ")
        if len(values) != len(COLUMNS):
            raise VerificationError(
                f"a record has {len(COLUMNS)} columns separated by single spaces "
                f"({' '.join(COLUMNS)}), got {len(values)}"
            )
        return cls(organisation, *values)

    def check_form(self) -> None:
        """ValueError naming the first column whose value is malformed (the message is shown to verifiers too)."""
        for column, (check, expected) in FORM.items():
            value = getattr(self, column)
            if not isinstance(value, str) or not check(value):
                raise VerificationError(f"字段 {column} 的值“{str(value)[:40]}”不符合格式：应为{expected}")


# A well-formed record line in one match: FORM's rules column by column, except that the issue date is only shaped
# like one here (is_date still decides). base64url of 32 bytes is 43 characters whose last has its two low bits
# clear, of 64 bytes 86 whose last has four clear: exactly the canonical spellings is_b64url accepts.
# tests/test_records.py holds this to check_form.
WELL_FORMED = re.compile(
    r"[0-9a-f]{32} [A-Za-z0-9_-]{42}[AEIMQUYcgkosw048] [a-z0-9]+(?:-[a-z0-9]+)* (?:"
    + "|".join(LEVEL_NAMES)
    + r") [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9a-f]{16} [A-Za-z0-9_-]{85}[AQgw]"
)


def _b64_bytes(length: int):
    return lambda value: is_b64url(value, length)


# column -> (check, what is expected); mirrored in theme/verifier/steps.js
FORM = {
    "lookup": (HEX32.match, "32 位小写十六进制数字"),
    "commitment": (_b64_bytes(PUBLIC_KEY_BYTES), "32 字节的 base64url（无填充）"),
    "certificate": (ID.match, "证书标识，如 web-frontend"),
    "level": (LEVEL_NAMES.__contains__, "primary、intermediate、advanced 之一"),
    "issued": (is_date, "日期 YYYY-MM-DD（真实存在的日期）"),
    "key": (HEX16.match, "16 位小写十六进制数字（密钥编号）"),
    "signature": (_b64_bytes(SIGNATURE_BYTES), "64 字节的 base64url（无填充）"),
}


@dataclass
class RecordsFile:
    """A parsed records file: its organisation, its record lines and where each is."""

    label: str
    text: str
    organisation: object
    sequence: int  # the file's place in the transparency log (portal/registry/log/ledger.py)
    lines: list

    def line_of(self, index: int) -> int:
        """The 1-based line of record `index` (records are written one per line, after `records:`)."""
        text_lines = self.text.splitlines()
        start = next((n for n, line in enumerate(text_lines, 1) if line.startswith("records:")), 0)
        wanted = str(self.lines[index])[:32]
        for number in range(start + 1 + index, len(text_lines) + 1):
            if wanted in text_lines[number - 1]:
                return number
        return start or 1


# The exact layout records_text() writes: comment lines, the three keys, then one plain line per record, each a
# 32-hex-digit lookup id and six more plain columns. YAML reads such a file as exactly these strings (no resolver
# matches a value that starts with 32 hex digits and a space), so it is split here, six times faster than libyaml;
# any other text, however slightly different, is read by libyaml. tests/registry/test_scale.py holds the two to each other.
CANONICAL = re.compile(
    r"(?:#[^\n]*\n)*organisation: ([a-z0-9]+(?:-[a-z0-9]+)*)\nformat: "
    + re.escape(RECORDS_FILE_FORMAT)
    + r"\nsequence: ([1-9][0-9]{0,17})\nrecords:\n((?:- [0-9a-f]{32}(?: [A-Za-z0-9_-]+){6}\n)+)"
)


def read_records_text(label: str, text: str) -> RecordsFile:
    """Parse a records file; ValueError (with a message for the maintainer) if its outer shape is wrong."""
    if len(text) > MAX_RECORDS_BYTES:
        raise VerificationError(
            f"the file is over {MAX_RECORDS_BYTES} bytes: split the records into several batch files"
        )
    canonical = CANONICAL.fullmatch(text)
    if canonical and isinstance(yaml.safe_load(canonical[1]), str):  # an id YAML reads as a string, not "no" or 1
        lines = canonical[3][2:-1].split("\n- ")
        return RecordsFile(label, text, canonical[1], int(canonical[2]), lines)
    data = load_data(text)  # no anchors, aliases, tags or deep nesting: refused at their line
    expected = {"organisation", "format", "sequence", "records"}
    if not isinstance(data, dict) or set(data) != expected:
        got = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise VerificationError(f"a records file is a mapping with exactly the keys {sorted(expected)}, got {got}")
    if data["format"] != RECORDS_FILE_FORMAT:
        raise VerificationError(f"format must be {RECORDS_FILE_FORMAT!r}, got {data['format']!r}")
    if not isinstance(data["records"], list):
        raise VerificationError("records must be a list of record lines")
    sequence = data["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1:
        raise VerificationError(f"sequence must be a whole number from 1 up, got {sequence!r}")
    return RecordsFile(label, text, data["organisation"], sequence, data["records"])


SEQUENCE_LINE = re.compile(r"^sequence: ([0-9]+)$", re.MULTILINE)


def records_text(organisation: str, sequence: int, records: list[Record]) -> str:
    body = "".join(f"- {record.line()}\n" for record in records)
    return (
        f"{HEADER}organisation: {organisation}\nformat: {RECORDS_FILE_FORMAT}\nsequence: {sequence}\nrecords:\n{body}"
    )


def write_records_file(path: Path, organisation: str, sequence: int, records: list[Record]) -> None:
    write_text_atomically(path, records_text(organisation, sequence, records))
