"""Signing an organisation's export of issued certificates: every row is checked before anything is written, and
then the holders' private files are written before the public records, so a holder's code is never lost.

1. `read_export` reads the CSV (UTF-8 with or without BOM, or GB18030 as Chinese Excel saves it) or XLSX export.
2. `plan` checks every row: the holder's number, name and code rules, certificate, level, a real calendar date,
   the key's scope and validity (the verifier's own steps), a QR code that fits the printed size, a safe and unique
   file name, no number twice. Any problem: nothing is written and every problem is listed with its row.
3. `write` writes the holder files into a fresh staging folder beside `--out`, renames it to `--out` (which must
   not exist), and only then writes the public records file, atomically. A run killed at any point leaves no
   records file (nothing published: delete the folder and sign again), or the records file with every holder's
   files and codes.csv complete beside it: never published records whose codes are lost.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portal.dates import is_date
from portal.errors import CommandError
from portal.registry.credentials import credential
from portal.registry.credentials.holder import Holder, HolderError, format_code, normalize_number
from portal.registry.credentials.records import Record, write_records_file
from portal.registry.issue.printable import qr_of, verify_link, write_holder_files
from portal.registry.keys.trust import Snapshot
from portal.registry.log.ledger import next_sequence
from portal.registry.validity.steps import FAILED, check_record
from portal.tables import read_table, write_csv
from portal.vocab import EXPORT_COLUMNS, LEVEL_NAMES

SAFE_STEM = re.compile(r"[A-Za-z0-9_-]+\Z")


# the column a failed record step points at (portal/registry/validity/steps.py): the catalogue step is about the
# certificate and level, the validity step about the date; the others are about the key or the whole row
STEP_COLUMNS = {"catalogue": "certificate", "validity": "issued", "status": "certificate"}


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row: its row number, the column (a key of EXPORT_COLUMNS, or "" for the whole row), a code
    that the shared vectors and the issuer page name it by, and what it is in words."""

    row: int
    column: str
    code: str
    detail: str

    def __str__(self) -> str:
        return f"{self.row}: {self.detail}"


class ExportProblems(CommandError):
    """The export has problems: nothing was signed or written."""

    def __init__(self, label: str, problems: list[RowProblem]):
        self.problems = problems
        listed = "\n".join(f"{label}:{problem}" for problem in problems)
        super().__init__(f"nothing was written; {len(problems)} problem(s):\n{listed}")


@dataclass(frozen=True)
class Signed:
    """One checked row: the holder (private), the signed public record, and the holder files' name."""

    row: int
    holder: Holder
    record: Record
    stem: str


def read_export(path: Path) -> list[dict]:
    """Rows of the export as {row, number, name, certificate, level, issued}; other columns (ID numbers…) are
    ignored. CommandError naming the file for an unreadable file or a missing column."""
    return read_table(path, EXPORT_COLUMNS)


def holder_file_stems(numbers: list[str]) -> list[str]:
    """A file name stem per certificate number: the number itself when it is only letters, digits, - and _, else
    those characters with a hash of the number; unique even where a file system ignores case. Never a path."""
    digests = [hashlib.sha256(number.encode("utf-8")).hexdigest()[:10] for number in numbers]
    stems = [
        number
        if SAFE_STEM.match(number)
        else f"{(re.sub(r'[^A-Za-z0-9_-]+', '_', number).strip('_') or 'certificate')[:40]}-{digest}"
        for number, digest in zip(numbers, digests, strict=True)
    ]
    folded = Counter(s.lower() for s in stems)
    return [s if folded[s.lower()] == 1 else f"{s}-{digest}" for s, digest in zip(stems, digests, strict=True)]


def plan(
    rows: list[dict],
    *,
    organisation: str,
    certificates: dict[str, dict],
    snapshot: Snapshot,
    key: str,
    seed: bytes,
    site_url: str,
    label: str,
    new_code: Callable[[str], str],
) -> list[Signed]:
    """Every row checked and signed in memory; ExportProblems listing every problem otherwise. new_code(number):
    the holder's verification code (a fresh random one, or one printed already: codes_from)."""
    by_name = {name: cid for cid, c in certificates.items() for name in (cid, c["name"], c["full_name"])}
    by_level = {name: level for level, zh in LEVEL_NAMES.items() for name in (level, zh)}
    problems, checked, first_row = [], [], {}
    for row in rows:
        at = lambda column, code, detail: RowProblem(row["row"], column, code, detail)  # noqa: B023, E731
        try:
            holder = Holder.of(row["number"], row["name"], new_code(row["number"]))
        except KeyError:
            problems.append(at("number", "code.missing", f"no verification code for {row['number']!r} in --codes"))
            continue
        except HolderError as exc:
            words = {"number": "证书编号", "name": "姓名", "code": "验证码"}
            problems.append(at(exc.field, f"{exc.field}.invalid", f"{words.get(exc.field, exc.field)}：{exc}"))
            continue
        certificate = by_name.get(row["certificate"])
        level = by_level.get(row["level"])
        trouble = [
            at("certificate", "certificate.unknown", f"unknown certificate {row['certificate']!r}")
            if certificate is None
            else None,
            at("level", "level.unknown", f"unknown level {row['level']!r} (初级/中级/高级)") if level is None else None,
            at("issued", "issued.not_date", f"{row['issued']!r} is not a date YYYY-MM-DD that exists")
            if not is_date(row["issued"])
            else None,
            at(
                "number",
                "number.repeated",
                f"certificate number {holder.number} is also on row {first_row[holder.number]}",
            )
            if holder.number in first_row
            else None,
        ]
        first_row.setdefault(holder.number, row["row"])
        if any(trouble):
            problems += [t for t in trouble if t]
            continue
        record = credential.issue(holder, organisation, certificate, level, row["issued"], key, seed)
        failed = [s for s in check_record(record, snapshot) if s.state == FAILED]
        if failed:
            step = failed[0]
            problems.append(at(STEP_COLUMNS.get(step.step, ""), f"step.{step.step}", f"{step.title}：{step.evidence}"))
            continue
        try:
            qr_of(verify_link(site_url, holder, record))
        except ValueError as exc:
            detail = f"{exc} (shorten the name or number; number + name + code lookup still works)"
            problems.append(at("name", "qr.too_long", detail))
            continue
        checked.append((row["row"], holder, record))
    if problems:
        raise ExportProblems(label, problems)
    stems = holder_file_stems([holder.number for _, holder, _ in checked])
    return [Signed(*item, stem) for item, stem in zip(checked, stems, strict=True)]


def codes_from(path: Path) -> Callable[[str], str]:
    """new_code for plan from a codes.csv that sign wrote before (证书编号, 验证码): the same codes again, so that
    a batch signed again, here or in the issuer page, keeps the codes already printed (and gives the same records
    file, byte for byte). A number it lacks: KeyError, which plan lists as a problem of that row."""
    rows = read_table(path, {"number": EXPORT_COLUMNS["number"], "code": ("验证码", "code")})
    codes = {normalize_number(row["number"]): row["code"] for row in rows}

    def code_of(number: str) -> str:
        try:
            return codes[normalize_number(number)]
        except HolderError:
            raise KeyError(number) from None

    return code_of


def write(
    signed: list[Signed],
    *,
    out: Path,
    records_path: Path,
    organisation: str,
    holder_files: Callable[[Path, Signed], None],
    progress: Callable = lambda items, **_: items,
) -> None:
    """Holder files into a fresh folder (renamed into place), then the public records file last."""
    if out.exists():
        raise CommandError(f"{out} exists: choose a new --out folder (holder files are never overwritten)")
    if records_path.exists():
        raise CommandError(f"{records_path} exists; published records are never rewritten: choose a new --batch")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.partial-{os.getpid()}")
    staging.mkdir(mode=0o700)
    try:
        for item in progress(signed, desc="holder files", unit="holder"):
            target = staging / item.stem
            if target.resolve().parent != staging.resolve():
                raise CommandError(f"row {item.row}: unsafe file name {item.stem!r}")  # unreachable by construction
            holder_files(staging, item)
        write_csv(staging / "codes.csv", codes_rows(signed))
        _sync(staging)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    sequence = next_sequence(records_path.parents[2])  # records_path is data/records/<organisation>/<batch>.yaml
    write_records_file(records_path, organisation, sequence, [s.record for s in signed])


def codes_rows(signed: list[Signed]) -> list[list[str]]:
    """codes.csv: what the organisation prints on each certificate, and the file names of its holder files."""
    return [
        ["证书编号", "姓名", "验证码", "查询号", "文件名"],
        *([s.holder.number, s.holder.name, format_code(s.holder.code), s.record.lookup, s.stem] for s in signed),
    ]


def _sync(folder: Path) -> None:
    """Flush the folder's files to disk before it is renamed into place."""
    for path in folder.iterdir():
        with path.open("rb") as handle:
            os.fsync(handle.fileno())


def holder_files_writer(names_of, site_url: str, demo: bool, seed: bytes, public_key: bytes, created: str):
    """The holder_files callback of `write`: credential.json, vc.json, qr.png and the printable page."""

    def write_one(folder: Path, item: Signed) -> None:
        write_holder_files(
            folder,
            item.stem,
            item.holder,
            item.record,
            names_of(item.record.certificate),
            site_url,
            demo,
            seed,
            public_key,
            created,
        )

    return write_one
