"""Search in Python: the tokenizer's golden vectors, the index the real build writes, and the query cases of
tests/vectors/search-queries.json through lunr.py with the same rules the page uses (portal/search/query.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from portal.search.index import FIELDS, inner_pinyin, pinyin_terms, utf16_order
from portal.search.query import (
    Parsed,
    joined_pinyin,
    load,
    parse,
    query_terms,
    read_index,
    search,
    shown_order,
    without_last_suffixes,
)
from portal.search.tokenizer import tokens
from portal.site import build

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
TOKENIZER = json.loads((VECTORS / "tokenizer.json").read_text(encoding="utf-8"))
QUERIES = json.loads((VECTORS / "search-queries.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(site):
    return read_index(site / "search")


@pytest.mark.parametrize("case", TOKENIZER["cases"], ids=lambda c: c["why"][:40])
def test_tokenizer_golden_vectors(case):
    assert tokens(case["text"]) == case["tokens"]


def test_pinyin_and_initials_of_a_name():
    assert pinyin_terms("物流管理") == (["wuliuguanli"], ["wlgl"])
    assert pinyin_terms("Web 前端开发") == (["qianduankaifa"], ["qdkf"])
    assert pinyin_terms("5G 基站建设与维护") == (["jizhanjiansheyuweihu"], ["jzjsywh"])
    # from each later syllable, while two remain: "hanjie" finds 特殊焊接技术 by prefix
    assert inner_pinyin("特殊焊接技术") == ["shuhanjiejishu", "hanjiejishu", "jiejishu", "jishu"]
    assert inner_pinyin("物流") == [] and inner_pinyin("Web 前端开发") == ["duankaifa", "kaifa"]


TUNING = [c for c in QUERIES["cases"] if not c.get("held_out")]
HELD_OUT = [c for c in QUERIES["cases"] if c.get("held_out")]
# top-3 recall of each held-out set now (README: when first measured, blind, and what has been tuned on since)
HELD_OUT_RECALL = {
    1: 29 / 29,
    2: 65 / 65,
    3: 66 / 66,
    4: 96 / 96,
    5: 95 / 95,
    6: 116 / 121,
    7: 127 / 145,
    8: 92 / 93,
}  # the issue asks 0.98 on a set not tuned on; README says what misses


def test_at_least_eighty_query_cases_of_every_kind_some_held_out():
    kinds = {c["kind"] for c in QUERIES["cases"]}
    assert len(QUERIES["cases"]) >= 80 and len(HELD_OUT) >= 25
    assert {"name-part", "major", "organisation", "skill", "pinyin", "initials", "policy-number"} <= kinds
    assert {"abbreviation", "misspelling", "level", "stop-word", "kind", "pinyin-spaced"} <= kinds


def test_every_case_names_pages_the_index_holds(built):
    """A case whose answer is misspelled could never pass and would lower its set's recall unseen; no query twice."""
    data, _ = built
    urls = {doc[2] for doc in data["docs"]}
    queries = [case["query"] for case in QUERIES["cases"]]
    assert len(set(queries)) == len(queries)  # each query once: the page test keys its results by query
    for case in QUERIES["cases"]:
        assert set(case) <= {"query", "kind", "expect", "also", "why", "held_out", "set"}, case["query"]
        assert {case["expect"], *case.get("also", [])} <= urls, case["query"]


def top_of(built, query: str) -> list[str]:
    data, index = built
    return [
        data["docs"][int(ref)][2] for ref in shown_order(index, data["docs"], query, data["rules"])[: QUERIES["top"]]
    ]


@pytest.mark.parametrize("case", TUNING, ids=lambda c: c["query"])
def test_query_finds_its_target_in_the_top_three(built, case):
    top = top_of(built, case["query"])
    assert case["expect"] in top, f"{case['query']!r} ({case['why']}): top {QUERIES['top']} were {top}"


def answered(case: dict, top: list[str]) -> bool:
    """The case's page, or one of the others that answer it as well (also), is in the top."""
    return any(page in top for page in [case["expect"], *case.get("also", [])])


@pytest.mark.parametrize("number", sorted(HELD_OUT_RECALL))
def test_held_out_queries_keep_their_measured_recall(built, number):
    """Each set of cases held out when written: the share whose target is in the top three does not fall."""
    cases = [c for c in HELD_OUT if c.get("set", 1) == number]
    found = [answered(c, top_of(built, c["query"])) for c in cases]
    assert sum(found) / len(found) >= HELD_OUT_RECALL[number] - 1e-9, [
        c["query"] for c, ok in zip(cases, found, strict=True) if not ok
    ]


def test_rule_words_are_filters_not_terms(built):
    data, index = built
    docs = data["docs"]
    middle = [docs[int(ref)] for ref, _, _ in search(index, docs, "物流管理 中级", data["rules"])]
    assert middle[0][1] == "物流管理" and all(doc[0] == "certificate" for doc in middle)
    # those known to have the level first, then those whose levels are unknown (they may have it); none known not to
    known = [bool(doc[5]) for doc in middle]
    assert known == sorted(known, reverse=True) and all("intermediate" in doc[5] for doc in middle if doc[5])
    majors = {docs[int(ref)][0] for ref, _, _ in search(index, docs, "护理 专业", data["rules"])}
    assert majors == {"major"}
    # a filter that leaves nothing is dropped; a query of stop words alone is searched as typed
    assert search(index, docs, "华为 专业", data["rules"]) == search(index, docs, "华为", data["rules"])
    assert search(index, docs, "1+X证书", data["rules"])
    assert parse("物流 职业技能等级证书 1+x 考试", data["rules"]).text.split() == ["物流"]
    assert parse("wu liu", data["rules"]) == Parsed("wu liu") and joined_pinyin("wu liu") == ["wuliu"]
    # a job suffix goes when two CJK characters remain; a word that only ends like one stays
    assert parse("养老护理员 物流师 客服人员", data["rules"]).text == "养老护理 物流 客服"
    assert parse("教师 数控加工 Java工程师", data["rules"]).text == "教师 数控加工 Java工程"
    # a last-resort suffix (工) goes only when the words as typed find nothing: 机械加工 stays, 汽修工 -> 汽修
    assert without_last_suffixes("汽修工 机械加工", data["rules"]) == "汽修 机械加"
    as_typed = {**data["rules"], "last_suffixes": []}
    assert search(index, docs, "机械加工", data["rules"]) == search(index, docs, "机械加工", as_typed)
    automotive = [docs[int(ref)][2] for ref, _, _ in search(index, docs, "汽修工", data["rules"])]
    assert "certificates/automotive-maintenance/" in automotive[:3]


def test_words_that_find_nothing_together_rank_by_how_many_they_share(built):
    """When every term cannot be required, an entry with more of the query's terms ranks above one with fewer, many
    times over: Huawei's network certificate (华为, 网络) above the network-security ones (网络 only)."""
    data, index = built
    docs = data["docs"]
    top = [docs[int(ref)][2] for ref in shown_order(index, docs, "华为网络", data["rules"])[:1]]
    assert top == ["certificates/network-system-ops/"]


def test_a_word_students_use_ranks_like_the_name(built):
    """粮食 is an alias of 粮农食品安全评价 (search_terms.yaml): it ranks with the majors whose names start with 粮食,
    and the certificates' group comes first."""
    data, index = built
    docs = data["docs"]
    ranked = search(index, docs, "粮食", data["rules"])
    grain = next(r for r in ranked if docs[int(r[0])][2] == "certificates/grain-food-safety/")
    assert grain[1] == 1
    assert docs[int(shown_order(index, docs, "粮食", data["rules"])[0])][2] == "certificates/grain-food-safety/"
    assert "粮食" not in docs[int(grain[0])][1]  # found by the alias alone


def test_a_policy_is_named_by_its_number_too(built):
    """Part of a document number (341号) ranks the document above the certificates that cite it as their source."""
    data, index = built
    docs = data["docs"]
    assert docs[int(shown_order(index, docs, "341号", data["rules"])[0])][2] == "policies/jiaozhisuo-2019-341/"


def test_an_exact_name_ranks_first_and_a_certificate_above_policies(built):
    data, index = built
    docs = data["docs"]
    first = search(index, docs, "老年照护")[0]
    assert docs[int(first[0])][1:3] == ["老年照护", "certificates/elderly-care/"] and first[1] == 0
    ranked = [docs[int(ref)][0] for ref, _, _ in search(index, docs, "前端")]
    assert ranked[0] == "certificate" and "policy" in ranked  # the policies that mention Web 前端开发 come later
    assert ranked.index("certificate") < ranked.index("policy")


def test_all_terms_are_required_before_any(built):
    data, index = built
    both = {ref for ref, _, _ in search(index, data["docs"], "物流 华为")}  # nothing has both: any term may match
    assert both and {data["docs"][int(r)][0] for r in both} >= {"certificate", "organisation"}
    narrow = {data["docs"][int(r)][2] for r, _, _ in search(index, data["docs"], "物流 仓储")}
    assert narrow == {"certificates/logistics-management/"}  # only the certificate whose standard has both


@pytest.mark.parametrize("query", QUERIES["hostile"], ids=lambda q: repr(q[:12]))
def test_hostile_queries_neither_throw_nor_hang(built, query):
    data, index = built
    started = time.perf_counter()
    found = shown_order(index, data["docs"], query)
    assert isinstance(found, list)
    assert time.perf_counter() - started < 120, "a query must not hang"  # a hang guard; speed: x1portal bench search
    assert len(query_terms(query)) <= 24


def test_index_covers_every_page_it_points_to(site, built):
    data, _ = built
    kinds = {}
    for kind, title, url, subtitle, _batches, _levels, *other_names in data["docs"]:
        kinds[kind] = kinds.get(kind, 0) + 1
        assert (site / url / "index.html").is_file(), url
        assert title and subtitle
        number = subtitle.split(" · ")[0]
        if kind == "policy" and number != "无文号":  # a policy's number is one of its names (ranked like its title)
            assert number in other_names[0]
        elif kind != "policy":
            assert other_names == []
    from portal.catalogue.loader import load as load_catalogue

    cat = load_catalogue(ROOT / "data")
    assert kinds == {
        "certificate": len(cat.certificates),
        "organisation": len(cat.organisations),
        "major": len(cat.majors.items),
        "policy": len(cat.documents),
    }


def test_index_is_lunr_2_3_9_with_empty_pipelines_and_boosted_fields(built):
    data, _ = built
    index = data["index"]
    assert index["version"] == "2.3.9" and index["pipeline"] == [] and index["fields"] == list(FIELDS)
    terms = [term for term, _ in index["invertedIndex"]]
    assert terms == sorted(terms, key=utf16_order), "terms must be in the UTF-16 order lunr.js checks on load"
    assert FIELDS["name"] > FIELDS["organisation"] > FIELDS["skills"] > FIELDS["body"]


@pytest.mark.build
def test_non_bmp_names_are_indexed_in_the_order_lunr_js_needs(data_copy, tmp_path):
    """A name with 𠮷 (U+20BB7) and one with 﨑 (U+FA11): their terms sort differently by code point and by UTF-16."""
    from conftest import settings_for

    rename(data_copy / "organisations" / "huawei.yaml", "华为技术有限公司", "𠮷野家技术有限公司")
    rename(data_copy / "certificates" / "web-frontend.yaml", "name: Web 前端开发", "name: Web 前端﨑山开发")
    output = tmp_path / "output"
    build.build(settings_for(data_copy, tmp_path), output)
    data = json.loads((output / "search" / "index.json").read_text(encoding="utf-8"))
    terms = [term for term, _ in data["index"]["invertedIndex"]]
    assert "𠮷野" in terms and "﨑山" in terms
    assert terms != sorted(terms), "with both characters, code-point order differs from the order written"
    assert terms == sorted(terms, key=utf16_order)
    index = [load(data)]
    assert [data["docs"][int(r)][2] for r in shown_order(index, data["docs"], "𠮷野家")][:1] == [
        "organisations/huawei/"
    ]
    assert [data["docs"][int(r)][2] for r in shown_order(index, data["docs"], "﨑山")][:1] == [
        "certificates/web-frontend/"
    ]


def rename(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_index_parts_rank_exactly_as_the_whole_index(built, site):
    """The parts are cut from one index: every query lists the same results in the same order as the whole would,
    and each part stays small enough for a phone (the first, with every result's text, loads before the majors)."""
    import gzip

    from portal.catalogue.loader import load as load_catalogue
    from portal.search.index import build as build_index
    from portal.search.index import entries_of

    data, parts = built
    catalogue = load_catalogue(ROOT / "data")
    whole = [load({"index": build_index(entries_of(catalogue), catalogue.search_terms["aliases"])})]
    for case in QUERIES["cases"]:
        assert shown_order(parts, data["docs"], case["query"], data["rules"]) == shown_order(
            whole, data["docs"], case["query"], data["rules"]
        ), case["query"]
    assert data["parts"] == ["majors.json"] and len(parts) == 2
    for name in ("index.json", "majors.json"):
        assert len(gzip.compress((site / "search" / name).read_bytes(), 9)) <= 250_000, name
