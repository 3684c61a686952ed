"""The search modules under Node's test runner (tests/js/search.test.mjs), against the index the real build wrote,
with lunr.py's answers for the query cases to compare with, the search page's inlined first results' data, and a
small index holding non-BMP terms."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from node_tests import run_node_tests

from portal.search.index import Entry, build
from portal.search.query import read_index, shown_order

ROOT = Path(__file__).resolve().parent.parent
QUERIES = json.loads((ROOT / "tests" / "vectors" / "search-queries.json").read_text(encoding="utf-8"))


def test_node_test_runner_passes(site, tmp_path):
    index_file = site / "search" / "index.json"
    data, index = read_index(site / "search")
    orders = {c["query"]: shown_order(index, data["docs"], c["query"], data["rules"])[:10] for c in QUERIES["cases"]}
    (tmp_path / "orders.json").write_text(json.dumps(orders, ensure_ascii=False), encoding="utf-8")
    entries = [
        Entry("organisation", "𠮷野家技术有限公司", "organisations/a/", "测试", text={"name": ["𠮷野家技术有限公司"]}),
        Entry("certificate", "﨑山开发", "certificates/b/", "测试", text={"name": ["﨑山开发"]}),
    ]
    small = {"index": build(entries), "docs": [e.shown() for e in entries]}
    (tmp_path / "non-bmp.json").write_text(json.dumps(small, ensure_ascii=False), encoding="utf-8")
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    first = re.search(r'<script type="application/json" id="search-first-data">(.*?)</script>', page, re.S)
    (tmp_path / "first.json").write_text(first.group(1), encoding="utf-8")
    env = {
        **os.environ,
        "SEARCH_INDEX": str(index_file),
        "SEARCH_FIRST": str(tmp_path / "first.json"),
        "SEARCH_ORDERS": str(tmp_path / "orders.json"),
        "SEARCH_NON_BMP": str(tmp_path / "non-bmp.json"),
    }
    run_node_tests("tests/js/search.test.mjs", env)
