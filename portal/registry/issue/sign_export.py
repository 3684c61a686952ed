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
from portal.registry.credentials.holder import Holder, HolderError, format_code
from portal.registry.credentials.records import Record, write_records_file
from portal.registry.issue.printable import qr_of, verify_link, write_holder_files
from portal.registry.keys.trust import Snapshot
from portal.registry.log.ledger import next_sequence
from portal.registry.validity.steps import FAILED, check_record
from portal.tables import read_table, write_csv
from portal.vocab import LEVEL_NAMES

# column -> the header names accepted for it (Chinese, English)
COLUMNS = {
    "number": ("证书编号", "number"),
    "name": ("姓名", "name"),
    "certificate": ("证书", "certificate"),
    "level": ("等级", "level"),
    "issued": ("颁发日期", "issued"),
}
SAFE_STEM = re.compile(r"[A-Za-z0-9_-]+\Z")


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
    return read_table(path, COLUMNS)


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
    new_code: Callable[[], str],
) -> list[Signed]:
    """Every row checked and signed in memory; CommandError listing every problem (label:row: what) otherwise."""
    by_name = {name: cid for cid, c in certificates.items() for name in (cid, c["name"], c["full_name"])}
    by_level = {name: level for level, zh in LEVEL_NAMES.items() for name in (level, zh)}
    problems, checked, first_row = [], [], {}
    for row in rows:
        where = f"{label}:{row['row']}"
        try:
            holder = Holder.of(row["number"], row["name"], new_code())
        except HolderError as exc:
            problems.append(f"{where}: {({'number': '证书编号', 'name': '姓名'}).get(exc.field, exc.field)}：{exc}")
            continue
        certificate = by_name.get(row["certificate"])
        level = by_level.get(row["level"])
        trouble = [
            f"unknown certificate {row['certificate']!r}" if certificate is None else None,
            f"unknown level {row['level']!r} (初级/中级/高级)" if level is None else None,
            f"{row['issued']!r} is not a date YYYY-MM-DD that exists" if not is_date(row["issued"]) else None,
            f"certificate number {holder.number} is also on row {first_row[holder.number]}"
            if holder.number in first_row
            else None,
        ]
        first_row.setdefault(holder.number, row["row"])
        if any(trouble):
            problems += [f"{where}: {t}" for t in trouble if t]
            continue
        record = credential.issue(holder, organisation, certificate, level, row["issued"], key, seed)
        failed = [s for s in check_record(record, snapshot) if s.state == FAILED]
        if failed:
            problems.append(f"{where}: {failed[0].title}：{failed[0].evidence}")
            continue
        try:
            qr_of(verify_link(site_url, holder, record))
        except ValueError as exc:
            problems.append(f"{where}: {exc} (shorten the name or number; number + name + code lookup still works)")
            continue
        checked.append((row["row"], holder, record))
    if problems:
        raise CommandError(f"nothing was written; {len(problems)} problem(s):\n" + "\n".join(problems))
    stems = holder_file_stems([holder.number for _, holder, _ in checked])
    return [Signed(*item, stem) for item, stem in zip(checked, stems, strict=True)]


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
        codes = [["证书编号", "姓名", "验证码", "查询号", "文件名"]]
        for item in progress(signed, desc="holder files", unit="holder"):
            target = staging / item.stem
            if target.resolve().parent != staging.resolve():
                raise CommandError(f"row {item.row}: unsafe file name {item.stem!r}")  # unreachable by construction
            holder_files(staging, item)
            codes.append(
                [item.holder.number, item.holder.name, format_code(item.holder.code), item.record.lookup, item.stem]
            )
        write_csv(staging / "codes.csv", codes)
        _sync(staging)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    sequence = next_sequence(records_path.parents[2])  # records_path is data/records/<organisation>/<batch>.yaml
    write_records_file(records_path, organisation, sequence, [s.record for s in signed])


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
