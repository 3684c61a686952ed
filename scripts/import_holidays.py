"""One-off bootstrap: write data/working_days.yaml (public holidays and make-up working days, 2019 onward).

The State Council publishes each year's 放假调休 dates in one notice (国务院办公厅关于 XXXX 年部分节假日安排的通知);
2019 and 2020 each had a second one. The dates were taken from the `chinese-calendar` package (PyPI), which
transcribes those notices, grouped into the ranges the notices state; every year names its notice(s). Since then
data/working_days.yaml is the source of truth: a new year is added by hand from its notice, and
tests/registry/test_working_days.py cross-checks every day against chinese-calendar.

    pip install chinese-calendar && python scripts/import_holidays.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar.constants as official

ROOT = Path(__file__).resolve().parent.parent
YEARS = range(2019, 2027)
NOTICES = {
    2019: ["国务院办公厅关于2019年部分节假日安排的通知", "国务院办公厅关于调整2019年劳动节假期安排的通知"],
    2020: ["国务院办公厅关于2020年部分节假日安排的通知", "国务院办公厅关于延长2020年春节假期的通知"],
}
NAMES = {h.value: h.chinese for h in official.Holiday}

HEADER = """\
# yaml-language-server: $schema=schemas/working_days.schema.json
# 全国年节放假与调休：哪些日子放假（holidays，含其间的周末），哪些周末调为上班（workdays）。
# 来源：国务院办公厅每年的节假日安排通知（每年注明标题）。证书须在颁发后 7 个工作日内登记（教职成厅函〔2019〕19号），
# 核验时按本表计算工作日：周一至周五，减去放假日，加上调休上班日。本表没有覆盖的年份，迟登记不会被判为“无效”，
# 只会显示“待确认”。新的一年：国务院办公厅发布通知后，照通知加一段 year，并在 tests/registry/test_working_days.py 中核对。
# 首次导入：scripts/import_holidays.py（按 chinese-calendar 包转录的通知日期生成）。
"""


def ranges(days: list[dt.date]) -> list[tuple[str, dt.date, dt.date]]:
    """Runs of consecutive holidays as (name, first, last); a run of two festivals (国庆节 and 中秋 in 2025) is
    named by both, as its notice names it."""
    out: list[tuple[str, dt.date, dt.date]] = []
    for day in sorted(days):
        name = NAMES[official.holidays[day]]
        if out and (day - out[-1][2]).days == 1:
            names = out[-1][0] if name in out[-1][0].split("、") else f"{out[-1][0]}、{name}"
            out[-1] = (names, out[-1][1], day)
        else:
            out.append((name, day, day))
    return out


def year_text(year: int) -> str:
    lines = [f"  - year: {year}", "    notices:"]
    lines += [f"      - {title}" for title in NOTICES.get(year, [f"国务院办公厅关于{year}年部分节假日安排的通知"])]
    lines.append("    holidays:")
    for name, first, last in ranges([d for d in official.holidays if d.year == year]):
        lines.append(f"      - {{name: {name}, from: {first}, to: {last}}}")
    workdays = sorted(d for d in official.workdays if d.year == year)
    lines.append(f"    workdays: [{', '.join(str(d) for d in workdays)}]")
    return "\n".join(lines)


def main() -> None:
    text = HEADER + "years:\n" + "\n".join(year_text(y) for y in YEARS) + "\n"
    (ROOT / "data" / "working_days.yaml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
