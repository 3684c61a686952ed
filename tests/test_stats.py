"""The statistics page and the open-data package, checked against counts this test makes itself from data/ (not from
the portal's code): each chart's SVG, its title and the numbers of its accessible table; the small charts of
organisation and certificate pages; the Frictionless Data Package (valid, and invalid with a renamed column)."""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from frictionless import validate

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
pytestmark = pytest.mark.build
LEVELS = {"primary": "初级", "intermediate": "中级", "advanced": "高级"}
REASONS = {
    "issued-in-error": "信息有误或误发",
    "fraud": "考试舞弊或申报材料不实",
    "superseded": "已更正并重新颁发",
    "withdrawn": "颁发组织撤销证书",
}


def yaml_files(folder: str) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((DATA / folder).glob("*.yaml"))]


def records() -> list[list[str]]:
    """Every record line of data/records as [organisation, lookup, commitment, certificate, level, issued, key, signature]."""
    out = []
    for path in sorted((DATA / "records").glob("*/*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [[document["organisation"], *line.split(" ")] for line in document["records"]]
    return out


def table_of(page: str, figure_id: str) -> list[list[str]]:
    """The rows of a chart's data table on a page, as the reader sees them."""
    found = re.search(rf'<figure class="chart" id="chart-{re.escape(figure_id)}">(.*?)</figure>', page, re.S)
    assert found, figure_id
    body = re.search(r"<tbody>(.*?)</tbody>", found.group(1), re.S).group(1)
    return [
        [html.unescape(cell) for cell in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_every_chart_has_its_svg_title_reading_table_source_and_download(site):
    page = (site / "stats/index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<figure class="chart" id="chart-([a-z-]+)">', page)
    assert len(ids) == 9, ids
    for figure_id in ids:
        svg = (site / "stats" / f"{figure_id}.svg").read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", svg).group(1)
        block = re.search(rf'id="chart-{figure_id}">(.*?)</figure>', page, re.S).group(1)
        assert f">{title}</h3>" in block and "<figcaption>" in block and "<table>" in block
        assert 'alt="' in block and "来源：" in block
        download = re.search(r'可由<a href="/([^"]+)">此下载', block).group(1)
        assert (site / download).exists(), download


def test_catalogue_tables_equal_counts_made_from_data(site):
    page = (site / "stats/index.html").read_text(encoding="utf-8")
    certificates = yaml_files("certificates")
    batches = {b["number"]: b["name"] for b in yaml_files("batches")}
    per_batch = Counter(batches[c["batch"]] for c in certificates)
    assert {name: int(n) for name, n in table_of(page, "certificates-per-batch")} == per_batch
    known = sum(1 for c in certificates if c.get("levels"))
    assert table_of(page, "levels-known") == [["已知（有来源）", str(known)], ["未知", str(len(certificates) - known)]]
    states = Counter(c["status"]["state"] for c in certificates)
    names = {"proposed": "公示（拟参与）", "confirmed": "已确认", "withdrawn": "已退出"}
    assert {label: int(n) for label, n in table_of(page, "certificates-by-status")} == {
        names[s]: n for s, n in states.items()
    }


def test_registry_tables_equal_counts_made_from_data(site):
    page = (site / "stats/index.html").read_text(encoding="utf-8")
    rows = records()
    years = Counter(r[5][:4] for r in rows)
    assert {y: int(n) for y, n in table_of(page, "records-per-year")} == years
    names = {c["id"]: c["name"] for c in yaml_files("certificates")}
    per = Counter((names[r[3]], LEVELS[r[4]]) for r in rows)
    assert {(c, lv): int(n) for c, lv, n in table_of(page, "records-per-certificate-level")} == per
    reasons = Counter(REASONS[e["reason"]] for doc in yaml_files("revocations") for e in doc["revocations"])
    assert {reason: int(n) for reason, n in table_of(page, "revocations-by-reason")} == reasons
    keys = list((DATA / "keys").glob("*/*.yaml"))
    assert len(table_of(page, "key-validity")) == len(keys)


def test_small_charts_only_where_the_registry_has_records(site):
    organisations = Counter(r[0] for r in records())
    for organisation in organisations:
        page = (site / "organisations" / organisation / "index.html").read_text(encoding="utf-8")
        rows = table_of(page, f"organisations-{organisation}")
        assert sum(int(n) for _, n in rows) == organisations[organisation]
        assert (site / "stats/organisations" / f"{organisation}.svg").exists()
    assert 'class="chart"' not in (site / "organisations/huawei/index.html").read_text(encoding="utf-8")
    page = (site / "certificates/web-frontend/index.html").read_text(encoding="utf-8")
    web = Counter(LEVELS[r[4]] for r in records() if r[3] == "web-frontend")
    assert {lv: int(n) for lv, n in table_of(page, "certificates-web-frontend")} == web
    assert 'class="chart"' not in (site / "certificates/bim/index.html").read_text(encoding="utf-8")


def test_the_feed_tells_the_numbers_after_the_newest_change(site):
    feed = (site / "feeds/catalogue.atom").read_text(encoding="utf-8")
    assert f"已登记证书记录 {len(records())} 条" in feed and f"证书 {len(yaml_files('certificates'))} 个" in feed


def test_the_data_package_is_valid_and_catches_a_renamed_column(site, tmp_path):
    report = validate(str(site / "data/datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    copy = tmp_path / "data"
    shutil.copytree(site / "data", copy)
    csv_path = copy / "certificates.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("organisation_id", "org_id", 1), encoding="utf-8")
    assert not validate(str(copy / "datapackage.json")).valid
    excel = (site / "data/certificates-excel.csv").read_bytes()
    plain = (site / "data/certificates.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf") and not plain.startswith(b"\xef\xbb\xbf") and excel[3:] == plain
