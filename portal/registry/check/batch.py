"""Verify a whole intake at once: credential files, QR images, zips of them, and tables of candidates.

    x1portal registry verify --batch PATH… [--out table.csv]

Every input becomes one row, judged exactly as the single check judges it (portal/registry/check/verdicts.py), with the
same four verdicts. Paths may be files, folders (searched to any depth) or zips (one level: a zip inside a zip is
reported, not opened). A table (.csv in UTF-8 or GB18030, or .xlsx) gives a row per candidate from its columns
certificate number, name and verification code (headers in Chinese or English).

Hostile input is bounded and told per file, never fatal: a file over MAX_FILE_BYTES, a zip whose entries expand
past MAX_EXPANDED_BYTES or more than MAX_RATIO times their packed size (a zip bomb), more than MAX_ROWS rows in all,
a file that is not text, an image without a QR code. The same certificate twice is flagged and counted once; one
name with two certificates is flagged.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from portal.errors import CommandError
from portal.registry.check.verdicts import Checker, Judgement
from portal.tables import read_table, write_csv
from portal.vocab import VERDICTS

MAX_FILE_BYTES = 20_000_000
MAX_EXPANDED_BYTES = 200_000_000  # all of a zip's entries together
MAX_RATIO = 200  # expanded size over packed size, per entry
MAX_ROWS = 20_000
CREDENTIAL_SUFFIXES = (".json", ".jsonld", ".txt")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp")
TABLE_SUFFIXES = (".csv", ".xlsx")
TABLE_COLUMNS = {
    "number": ("证书编号", "number", "certificate number", "certificate_number"),
    "name": ("姓名", "name", "holder", "holder name"),
    "code": ("验证码", "code", "verification code", "verification_code"),
}
HEADER = ["行", "来源", "姓名", "证书编号", "证书", "等级", "颁发组织", "颁发日期", "结论", "verdict", "原因", "重复"]


@dataclass
class Row:
    source: str  # the file (zip member) or table row it came from
    verdict: str  # one of VERDICTS
    reason: str
    name: str = ""
    number: str = ""
    certificate: str = ""
    level: str = ""
    organisation: str = ""
    issued: str = ""
    lookup: str = ""  # the certificate's lookup id, to find duplicates (never shown)
    duplicate: str = ""  # "同一证书，见第 N 行" / "同名者另有证书：第 N 行"

    @property
    def counted(self) -> bool:
        return not self.duplicate.startswith("同一证书")

    def cells(self) -> list[str]:
        return [
            self.source,
            self.name,
            self.number,
            self.certificate,
            self.level,
            self.organisation,
            self.issued,
            VERDICTS[self.verdict],
            self.verdict,
            self.reason,
            self.duplicate,
        ]


@dataclass(frozen=True)
class Item:
    """One thing to judge: a credential's text, a QR image's bytes, a table's row, or why it cannot be read."""

    source: str
    text: str | None = None
    image: bytes | None = None
    printed: tuple[str, str, str] | None = None  # number, name, code
    problem: str = ""


def items(paths: list[Path]) -> Iterator[Item]:
    """Every input under the paths, in order (folders sorted by name)."""
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                yield from _file(file, str(file))
        elif path.exists():
            yield from _file(path, str(path))
        else:
            yield Item(str(path), problem="找不到此文件 / no such file")


def _file(path: Path, source: str) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if path.stat().st_size > MAX_FILE_BYTES:
        yield Item(source, problem=f"文件超过 {MAX_FILE_BYTES // 1_000_000} MB，未读取 / file too large")
    elif suffix in TABLE_SUFFIXES:
        yield from _table(path, source)
    elif suffix == ".zip":
        yield from _zip(path, source)
    else:
        yield from _member(source, suffix, path.read_bytes())


def _member(source: str, suffix: str, raw: bytes) -> Iterator[Item]:
    if suffix in CREDENTIAL_SUFFIXES:
        try:
            yield Item(source, text=raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            yield Item(source, problem="不是 UTF-8 文本，不是本站的凭证文件 / not UTF-8 text")
    elif suffix in IMAGE_SUFFIXES:
        yield Item(source, image=raw)
    elif suffix == ".zip":
        yield Item(source, problem="压缩包里的压缩包不展开，请先解压 / a zip inside a zip is not opened")
    else:
        yield Item(source, problem=f"不支持的文件类型 {suffix or '（无扩展名）'} / unsupported file type")


def _zip(path: Path, source: str) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Item(source, problem=f"压缩包已损坏，无法打开 / broken zip ({exc})")
        return
    expanded = 0
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            where = f"{source}:{info.filename}"
            if info.file_size > MAX_FILE_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1):
                yield Item(where, problem="压缩比异常或文件过大，疑似压缩炸弹，未解压 / refused: zip bomb or too large")
                continue
            try:
                with archive.open(info) as member:  # never trust the header: read at most what it declared
                    raw = member.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                yield Item(where, problem=f"无法解压（{exc}） / cannot extract")
                continue
            expanded += len(raw)
            if len(raw) > info.file_size or expanded > MAX_EXPANDED_BYTES:
                yield Item(
                    where, problem="解压后超出限制，其余内容未读取 / expands past the limit; the rest is skipped"
                )
                return
            suffix = Path(info.filename).suffix.lower()
            if suffix in TABLE_SUFFIXES:
                yield Item(where, problem="压缩包里的表格不读取，请单独提供 / a table inside a zip is not read")
            else:
                yield from _member(where, suffix, raw)


def _table(path: Path, source: str) -> Iterator[Item]:
    try:
        rows = read_table(path, TABLE_COLUMNS)  # _file refused it if over MAX_FILE_BYTES
    except CommandError as exc:
        yield Item(source, problem=f"表格无法读取：{exc}")
        return
    for row in rows:
        yield Item(f"{source}:{row['row']}", printed=(row["number"], row["name"], row["code"]))


def judge(item: Item, checker: Checker) -> Row:
    if item.problem:
        return Row(item.source, "invalid", item.problem)
    if item.printed is not None:
        judged = checker.printed(*item.printed)
        number, name = item.printed[0], item.printed[1]
    else:
        text = item.text if item.image is None else qr_text(item.image)
        if text is None:
            return Row(item.source, "invalid", "图片中没有可识别的二维码 / no QR code found in the image")
        judged = checker.credential(text)
        number = judged.holder.number if judged.holder else ""
        name = judged.holder.name if judged.holder else ""
    return _row(item.source, judged, checker, number, name)


def _row(source: str, judged: Judgement, checker: Checker, number: str, name: str) -> Row:
    row = Row(source, judged.kind, judged.reason, name=name, number=number)
    record = judged.record
    if record is not None:
        row.certificate, row.level, row.organisation = checker.names(record)
        row.issued, row.lookup = record.issued, record.lookup
    return row


def qr_text(image: bytes) -> str | None:
    """The text of the first QR code in an image, or None (also for a file that is not an image)."""
    try:
        import zxingcpp
        from PIL import Image, UnidentifiedImageError
    except ImportError:  # the slim install (no site extra): say what to install instead of a traceback
        raise CommandError(
            "读取二维码图片需要 zxing-cpp 和 Pillow：pip install 'x1-certificate-portal[site]' / reading QR images "
            "needs zxing-cpp and Pillow (the site extra)"
        ) from None
    try:
        with Image.open(io.BytesIO(image)) as picture:
            if picture.width * picture.height > 40_000_000:  # a decompression bomb: refuse before decoding
                return None
            found = zxingcpp.read_barcodes(picture.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return found[0].text if found else None


def verify_batch(paths: list[Path], checker: Checker) -> list[Row]:
    """Every input judged, duplicates flagged; CommandError past MAX_ROWS."""
    rows = []
    for item in items(paths):
        if len(rows) == MAX_ROWS:
            raise CommandError(f"超过 {MAX_ROWS} 行，请分批核验 / more than {MAX_ROWS} rows: split the batch")
        rows.append(judge(item, checker))
    flag_duplicates(rows)
    return rows


def flag_duplicates(rows: list[Row]) -> None:
    """The same certificate again is marked and not counted twice; one name with another certificate is marked."""
    first_of_certificate: dict[str, int] = {}
    first_of_name: dict[str, int] = {}
    for n, row in enumerate(rows, 1):
        if not row.lookup:
            continue
        if row.lookup in first_of_certificate:
            first = first_of_certificate[row.lookup]
            row.duplicate = f"同一证书，见第 {first} 行"
            continue
        first_of_certificate[row.lookup] = n
        if row.name in first_of_name:
            row.duplicate = f"同名者另有证书：第 {first_of_name[row.name]} 行"
        else:
            first_of_name[row.name] = n


def summary(rows: list[Row]) -> str:
    """N 有效 · N 已撤销 · N 无效 · N 待确认 (each certificate once)."""
    counts = Counter(row.verdict for row in rows if row.counted)
    text = " · ".join(f"{counts[kind]} {VERDICTS[kind]}" for kind in ("valid", "revoked", "invalid", "unconfirmed"))
    repeated = sum(not row.counted for row in rows)
    return text + (f"（另有 {repeated} 行是重复的证书，未重复计数）" if repeated else "")


def write_table(rows: list[Row], out: Path) -> None:
    """The table as CSV for Excel: UTF-8 with a BOM, formula-like cells neutralised."""
    write_csv(out, [HEADER] + [[str(n), *row.cells()] for n, row in enumerate(rows, 1)])
