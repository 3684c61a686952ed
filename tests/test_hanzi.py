"""Uncommon characters (issue 35): the table of 通用规范汉字表 as imported, the rule of portal/hanzi.py against its
shared vectors, and the browser's bitmap against the table."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from portal import hanzi

pytestmark = pytest.mark.unit
VECTORS = json.loads((Path(__file__).parent / "vectors" / "uncommon.json").read_text(encoding="utf-8"))


def test_the_table_has_its_8105_characters_numbered_once_each():
    table = hanzi.table()
    assert len(table) == hanzi.TABLE_SIZE
    assert sorted(table.values()) == list(range(1, hanzi.TABLE_SIZE + 1))
    assert table["一"] == 1 and table["蠼"] == 8105 and table["䶮"] == 6814  # the first, the last, Extension A
    assert "𠮷" not in table and "吉" in table


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["text"] or "empty")
def test_uncommon_vector(case):
    assert [hanzi.code_point(c) for c in hanzi.uncommon(case["text"])] == case["uncommon"]
    assert hanzi.marked(case["text"]) == case["marked"]


def test_every_common_character_of_the_basic_block_is_plain_and_every_other_ideograph_is_marked():
    common = {c for c in hanzi.table() if 0x4E00 <= ord(c) <= 0x9FFF}
    assert len(common) == 7832
    for point in range(0x3400, 0x3_2000):
        char = chr(point)
        assert hanzi.plain(char) == (char in common), hex(point)


def test_the_browsers_bitmap_holds_exactly_the_plain_characters_of_the_basic_block():
    bits = base64.b64decode(hanzi.bitmap())
    assert len(bits) == (0x9FFF - 0x4E00 + 1) // 8 == 2624
    chosen = {chr(0x4E00 + i) for i in range(len(bits) * 8) if bits[i // 8] >> (i % 8) & 1}
    assert chosen == {c for c in hanzi.table() if 0x4E00 <= ord(c) <= 0x9FFF}
