"""A full build with real Pelican, inspected page by page; a bad file never destroys the last good build."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import X1PORTAL, settings_for
from PIL import Image

from portal.site import build

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.build  # builds the site or runs the project's commands in a sandbox clone


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_every_entity_has_a_page(site):
    assert len(list((site / "certificates").glob("*/index.html"))) >= 93
    assert (
        len(list((site / "organisations").glob("*/index.html"))) == 75
    )  # 74 in the lists: one row of batch 1 names two organisations
    assert len(list((site / "policies").glob("*/index.html"))) == 23
    assert {p.parent.name for p in (site / "standards").glob("*/index.html")} == {
        "web-frontend",
        "logistics-management",
    }
    assert {p.parent.name for p in (site / "batches").glob("*/index.html")} == {"1", "2", "3"}
    majors = list((site / "majors").rglob("index.html"))
    assert len(majors) >= 1681  # every 大类, 专业类 and 专业 of the 2021 catalogue has a page
    assert (site / "404.html").exists() and "找不到这个页面" in (site / "404.html").read_text(encoding="utf-8")


def test_certificate_list_and_filter_pages(site):
    html = read(site, "certificates")
    assert html.count('class="card"') == 93
    assert read(site, "certificates/batch/1").count('class="card"') == 6
    assert read(site, "certificates/batch/3").count('class="card"') == 77
    assert read(site, "certificates/level/advanced").count('class="card"') == 2
    assert read(site, "certificates/status/proposed").count('class="card"') == 77
    assert read(site, "certificates/organisation/huawei").count('class="card"') == 2


def test_web_frontend_certificate_page(site):
    html = read(site, "certificates/web-frontend")
    assert "工业和信息化部教育与考试中心" in html
    assert "机考：不超过 300 元/人次" in html
    assert "不少于 96 学时" in html and "不少于 320 学时" in html
    assert 'href="/majors/associate/510201/"' in html
    assert '通信技术 <span class="unknown">未对应到 2021 年目录</span>' in html
    assert "编辑整理" in html


def test_unknown_facts_are_shown_as_unknown(site):
    html = read(site, "certificates/game-art")
    assert "未知：来源文件未写明本证书的等级" in html
    assert "标准尚未收录" in html
    assert "垃圾焚烧发电运行与维护职业技能等级证" in read(site, "certificates/waste-to-energy")  # cut name as printed


def test_student_with_major_510201_finds_web_frontend_as_official(site):
    html = read(site, "majors/associate/510201")
    official, editorial = html.split('id="editorial-h"')
    assert "Web 前端开发职业技能等级证书" in official
    for level in ("初级", "中级", "高级"):
        assert f'<span class="tag tag-level">{level}</span>' in official
    assert "Web 前端开发职业技能等级证书" not in editorial  # never both official and editorial


def test_logistics_official_by_class(site):
    html = read(site, "majors/secondary/730801")
    assert "物流管理职业技能等级证书" in html.split('id="editorial-h"')[0]
    assert "标准列出本专业所属专业类" in html


def test_standard_pages_show_full_trees(site):
    web = read(site, "standards/web-frontend")
    for code in ("1-1-1-S1", "2-3-6-K6", "3-10-4-K4", "3-4-2-S3"):
        assert code in web
    logistics = read(site, "standards/logistics-management")
    assert "供应链物流网络管理" in logistics and "表 1 一般要求" in logistics
    assert "国内和国际的运输法律、法规和规章的知识" in logistics


def test_policy_page_has_structured_provisions(site):
    html = read(site, "policies/jiaozhisuo-2019-314")
    assert "教职所〔2019〕314号" in html and "700 元/人次" in html
    assert "7 个工作日" in read(site, "policies/jiaozhichengtinghan-2019-19")


def test_downloads_are_generated_from_the_same_data(site):
    catalogue = json.loads((site / "data/catalogue.json").read_text(encoding="utf-8"))
    assert len(catalogue["certificates"]) == 93 and len(catalogue["organisations"]) == 75
    with (site / "data/certificates.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 93 and rows[1]["name"] == "Web 前端开发"
    # a certificate of two organisations names both (the second in co_organisation_ids), as its page does
    elderly = next(row for row in rows if row["id"] == "elderly-care")
    assert elderly["organisation"] and elderly["co_organisation_ids"] and elderly["co_organisations"]
    assert elderly["co_organisation_ids"] != elderly["organisation_id"]
    named_with = {c["id"] for c in catalogue["certificates"] if c.get("co_organisations")}
    assert {row["id"] for row in rows if row["co_organisation_ids"]} == named_with


def test_robots_txt_and_the_web_app_manifest(site):
    """robots.txt lets every page be crawled (a build without SITEURL names no sitemap: it must be absolute); the
    manifest names the site, its colours and icons rendered from the favicon, and every page links it."""
    assert (site / "robots.txt").read_text(encoding="utf-8").startswith("User-agent: *\nAllow: /\n")
    data = json.loads((site / "site.webmanifest").read_text(encoding="utf-8"))
    assert data["name"] == "1+X 职业技能等级证书公共目录" and data["display"] == "standalone"
    for icon in data["icons"]:
        path = site / icon["src"].lstrip("/")
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                assert f"{image.width}x{image.height}" == icon["sizes"]
        assert path.exists(), icon
    for page in ("index.html", "verify/index.html", "certificates/web-frontend/index.html"):
        assert '<link rel="manifest" href="/site.webmanifest">' in (site / page).read_text(encoding="utf-8")


def test_feed_and_sitemap(site):
    atom = ET.parse(site / "feeds/catalogue.atom").getroot()
    assert atom.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(atom.findall("{http://www.w3.org/2005/Atom}entry")) >= 1
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == len(list(site.rglob("index.html")))
    assert "/certificates/web-frontend/" in locs


def test_no_external_references_in_pages(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for attr in ('src="http', 'href="//', "url(http"):
            assert attr not in html, f"{page}: {attr}"


def test_values_are_escaped(data_copy, tmp_path):
    """A hostile name in the data is rendered as text, never as markup."""
    f = data_copy / "certificates/bim.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace(
            "name: 建筑信息模型（BIM）\n", "name: 建筑信息模型<script>alert(1)</script>\n", 1
        ),
        encoding="utf-8",
    )
    settings = settings_for(data_copy, tmp_path)
    output = tmp_path / "out"
    build.build(settings, output)
    html = (output / "certificates/bim/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_bad_data_leaves_the_previous_build_intact(data_copy, tmp_path):
    settings = settings_for(data_copy, tmp_path)
    output = tmp_path / "out"
    command = [X1PORTAL, "build", "--settings", str(settings), "--output", str(output)]
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    before = (output / "index.html").read_bytes()
    pages_before = sorted(p.relative_to(output) for p in output.rglob("*"))
    cert = data_copy / "certificates/bim.yaml"
    cert.write_text(cert.read_text(encoding="utf-8").replace("state: confirmed", "state: approved"), encoding="utf-8")
    second = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert second.returncode == 1
    assert "data/certificates/bim.yaml" in second.stderr and "status.state" in second.stderr
    assert "is unchanged" in second.stderr
    assert (output / "index.html").read_bytes() == before
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == pages_before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []  # no half-written folder left


def test_pages_say_only_what_the_sources_say(site):
    """The data audit of issue 16: levels a source shows, a status's age, a name the source cut."""
    b2b = (site / "certificates" / "cross-border-b2b" / "index.html").read_text(encoding="utf-8")
    assert "已知有中级、高级" in b2b and "是否还有其他等级，来源未写明" in b2b and "college-faq-2020" in b2b
    bim = (site / "certificates" / "bim" / "index.html").read_text(encoding="utf-8")
    assert "状态截至 2019年4月15日，之后的变化本站尚未收录。" in bim
    car = (site / "certificates" / "icv-testing-assembly" / "index.html").read_text(encoding="utf-8")
    assert "国汽（北京）智能网联汽车研究院有…</a>" in car and "名称在来源名单中被截断" in car
    assert "有限公司" not in car.split("国汽（北京）智能网联汽车研究院", 1)[1][:6]
    logistics = (site / "certificates" / "logistics-management" / "index.html").read_text(encoding="utf-8")
    assert "未知：标准节选未写明考核方式" in logistics and "标准未收录" not in logistics
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "院校和学生自主选择 X 证书" in home and "不得强制" not in home


def test_every_sentence_of_the_student_guide_names_its_document(site):
    """guide/: each point cites a policy page whose number is the one the link shows, or says it is the site's own
    help or that the documents do not say."""
    import re

    from portal.catalogue.loader import load

    documents = load(ROOT / "data").documents
    guide = (site / "guide" / "index.html").read_text(encoding="utf-8")
    main = guide.split('<article class="entity prose">', 1)[1].split("</article>", 1)[0]
    points = re.findall(r"<li>(.*?)</li>", main, re.S)
    assert len(points) >= 25
    for point in points:
        cited = re.findall(r'<a href="\.\./policies/([\w-]+)/">([^<]+)</a>', point)
        plain = re.sub(r"<[^>]+>", "", point)
        assert cited or plain.startswith("本站说明") or "没有写明" in plain or "没有收录" in plain, plain
        for document, shown in cited:
            assert documents[document]["number"] == shown, (document, shown)
            assert (site / "policies" / document / "index.html").exists()
    for anchor in ("what", "choose", "cost", "exam", "record", "credit", "complain", "subsidy"):
        assert f'id="{anchor}"' in main
    assert "https://vslc.ncb.edu.cn" in main and 'href="https://vslc' not in main  # as text, not a live dependency
    certificate = (site / "certificates" / "bim" / "index.html").read_text(encoding="utf-8")
    costs = certificate.split('id="cost-h"', 1)[1].split("</section>", 1)[0]
    assert "本证书的考核形式未知" in costs and 'href="/guide/#cost"' in costs
    web = (site / "certificates" / "web-frontend" / "index.html").read_text(encoding="utf-8")
    assert "本证书考核形式为机考，试点期间原则上不超过 300 元/人次" in web


def test_what_a_build_did_not_write_is_told_by_the_clock_that_stamps_files(tmp_path):
    """The atomic build removes what it did not write by the files' ctimes, so it reads 'now' from a file's ctime:
    under a process clock moved a year ahead (faketime, as `make test CLOCK=+1y` runs) it must still keep what it
    wrote. Before, it compared with the process clock and removed the whole site."""
    old = tmp_path / "old.html"
    old.write_text("an earlier build's page", encoding="utf-8")
    stamped = old.stat().st_ctime_ns
    while build.filesystem_now(tmp_path) == stamped:  # the next tick of the files' clock
        pass
    since = build.filesystem_now(tmp_path)
    (tmp_path / "new.html").write_text("this build's page", encoding="utf-8")
    build.remove_unwritten(tmp_path, since)
    assert [p.name for p in tmp_path.iterdir()] == ["new.html"]
    code = f"from portal.site.build import filesystem_now; print(filesystem_now(__import__('pathlib').Path({str(tmp_path)!r})))"
    ahead = subprocess.run(
        ["faketime", "-f", "+1y", sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert abs(int(ahead.stdout) - build.filesystem_now(tmp_path)) < 60 * 10**9  # the kernel's clock, not the process's
