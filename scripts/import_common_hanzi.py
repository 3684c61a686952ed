"""One-off bootstrap: write portal/reference/tongyong_guifan_hanzi.txt, the 8,105 characters of 通用规范汉字表.

The table was published by the State Council in 2013 (国发〔2013〕23号《国务院关于公布〈通用规范汉字表〉的通知》).
Its characters and their numbers are taken from the Unicode Character Database's Unihan field kTGH ("The position
of this character in the Tongyong Guifan Hanzi Biao"), Unihan_OtherMappings.txt, as Debian's `unicode-data`
package ships it (/usr/share/unicode/Unihan_OtherMappings.txt.bz2). The file is the source of truth from then on;
tests/test_hanzi.py checks its shape (8,105 numbers, 1 to 8,105, each once).

    apt-get install unicode-data && python scripts/import_common_hanzi.py
"""

from __future__ import annotations

import bz2
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")
TARGET = ROOT / "portal" / "reference" / "tongyong_guifan_hanzi.txt"
LINE = re.compile(r"U\+([0-9A-F]{4,6})\tkTGH\t2013:(\d+)")

HEADER = """\
# 通用规范汉字表（2013）的 8105 个字：序号、码位、字。
# 来源：国发〔2013〕23号《国务院关于公布〈通用规范汉字表〉的通知》；字与序号取自 Unicode 字符数据库 Unihan 的
# kTGH 字段（Unihan_OtherMappings.txt, Unicode {version}, Debian unicode-data 软件包），由
# scripts/import_common_hanzi.py 写入。Unicode 数据的许可：https://www.unicode.org/license.txt
"""


def main(source: Path = SOURCE) -> int:
    text = bz2.decompress(source.read_bytes()).decode("utf-8")
    version = re.search(r"# Unicode version: (\S+)", text).group(1)
    rows = sorted((int(number), int(point, 16)) for point, number in LINE.findall(text))
    lines = [HEADER.format(version=version)]
    lines += [f"{number}\tU+{point:04X}\t{chr(point)}\n" for number, point in rows]
    TARGET.write_text("".join(lines), encoding="utf-8")
    print(f"wrote {len(rows)} characters to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(Path(a) for a in sys.argv[1:])))
