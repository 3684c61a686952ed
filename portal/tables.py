"""Tables people make in a spreadsheet program, read and written safely.

- read: CSV in UTF-8 (with or without BOM) or GB18030/GBK, as Chinese Excel saves it by default, or XLSX; the
  columns found by their header names (Chinese or English), any other column ignored; CommandError naming the file
  for anything unreadable, a missing or a duplicated column.
- write: CSV in UTF-8 with a BOM (so Excel opens it as UTF-8), every cell that a spreadsheet would run as a
  formula (starting with = + - @, tab or CR) written as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from portal.errors import CommandError
from portal.files import write_text_atomically

# spreadsheet programs run a cell that starts with one of these as a formula (CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def read_table(path: Path, columns: dict[str, tuple[str, ...]]) -> list[dict]:
    """Rows as {row, <field>…} (row: the spreadsheet's row number, header = 1; cells stripped; blank rows skipped).
    columns: field -> the header names accepted for it."""
    try:
        if path.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook

            sheet = load_workbook(path, read_only=True, data_only=True).active
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        else:
            rows = list(csv.reader(io.StringIO(decode(path.read_bytes(), path), newline="")))
    except CommandError:
        raise
    except Exception as exc:  # noqa: BLE001 - any unreadable table is the same answer for the user
        raise CommandError(f"{path}: cannot read the table ({type(exc).__name__}: {exc})") from None
    if not rows:
        raise CommandError(f"{path}: empty")
    header = [str(h or "").strip() for h in rows[0]]
    where = {}
    for name, names in columns.items():
        found = [i for i, h in enumerate(header) if h in names or h.lower() in names]
        if not found:
            raise CommandError(f"{path}: no column {names[0]} ({names[1]}); columns are {header}")
        if len(found) > 1:
            raise CommandError(f"{path}: column {names[0]} ({names[1]}) appears {len(found)} times; keep one")
        where[name] = found[0]
    out = []
    for n, row in enumerate(rows[1:], 2):
        if not any(str(cell or "").strip() for cell in row):
            continue
        values = {f: row[i] if i < len(row) else None for f, i in where.items()}
        for f, value in values.items():
            if isinstance(value, dt.datetime | dt.date):
                values[f] = value.strftime("%Y-%m-%d")
        out.append({"row": n, **{f: str(v if v is not None else "").strip() for f, v in values.items()}})
    return out


def decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CommandError(f"{path}: not UTF-8 or GB18030 text; save the table as CSV UTF-8 (or XLSX)")


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_text(rows: list[list[str]]) -> str:
    """CSV for Excel: a BOM, then the rows with every cell made spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([spreadsheet_safe(str(cell)) for cell in row])
    return "\ufeff" + out.getvalue()


def write_csv(path: Path, rows: list[list[str]]) -> None:
    write_text_atomically(path, csv_text(rows))
