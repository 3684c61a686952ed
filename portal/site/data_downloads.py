"""The data download page and the whole catalogue as JSON and CSV, generated from the same data as the pages."""

from __future__ import annotations

import csv
import io
import json
import os

from pelican import signals
from pelican.utils import sanitised_join

from portal import urls
from portal.site.generator import PortalGenerator

# Each CSV's columns, in order: (name, Table Schema type, 中文说明, English description). One home for the header,
# the data package's schemas and the data page's field list.
COLUMNS = {
    "certificates": [
        ("id", "string", "证书标识（网址中使用）", "certificate id, as in the site's URLs"),
        ("name", "string", "证书名称", "certificate name"),
        ("full_name", "string", "证书全称", "full certificate name"),
        ("organisation_id", "string", "培训评价组织标识", "id of the evaluation organisation"),
        ("organisation", "string", "培训评价组织名称", "name of the evaluation organisation"),
        (
            "co_organisation_ids",
            "string",
            "与其共同开发该证书的其他组织标识，以 | 分隔（空：无）",
            "ids of the other organisations named with it, joined by | (empty: none)",
        ),
        ("co_organisations", "string", "其他组织名称，以 | 分隔", "their names, joined by |"),
        ("batch", "integer", "试点批次（1–3）", "pilot batch number"),
        ("levels", "string", "等级，以 | 分隔；unknown 表示来源未写明", "levels joined by |; unknown: no source says"),
        (
            "status",
            "string",
            "状态：confirmed 已确认，proposed 公示（拟参与），withdrawn 已退出",
            "status: confirmed, proposed or withdrawn",
        ),
        ("status_as_of", "date", "状态所依据文件的日期", "date of the document that states the status"),
        ("field_editorial", "string", "本站编辑整理的专业大类，非官方", "editorial field (专业大类), not official"),
        (
            "standard",
            "string",
            "本站收录的职业技能等级标准标识（空：未收录）",
            "id of the standard, if the site has it",
        ),
    ],
    "organisations": [
        ("id", "string", "组织标识", "organisation id"),
        ("name", "string", "组织名称", "organisation name"),
        ("aliases", "string", "别称，以 | 分隔", "other names joined by |"),
        (
            "status",
            "string",
            "状态：proposed 公示（拟参与），active 试点组织，withdrawn 已退出",
            "status: proposed, active or withdrawn",
        ),
        ("status_as_of", "date", "状态所依据文件的日期", "date of the document that states the status"),
        ("certificates", "string", "开发的证书标识，以 | 分隔", "ids of its certificates joined by |"),
    ],
    "documents": [
        ("id", "string", "文件标识", "document id"),
        ("number", "string", "文号（空：无文号）", "document number (empty: none)"),
        ("title", "string", "标题", "title"),
        ("issuer", "string", "发文单位", "issuing body"),
        ("date", "date", "发文日期（空：未知）", "date issued (empty: unknown)"),
        ("kind", "string", "文件类型", "kind of document"),
    ],
}
TITLES = {
    "certificates": ("证书列表", "certificates"),
    "organisations": ("培训评价组织列表", "evaluation organisations"),
    "documents": ("政策文件列表", "policy documents"),
}
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 (本站整理的数据；原始政策文件为公开的政府文件)",
}


class DataDownloads(PortalGenerator):
    def generate_output(self, writer) -> None:
        files = self.files()
        sizes = {name: self.write(name, content) for name, content in files.items()}
        listed = {"catalogue.json": "全部目录数据（证书、组织、标准、批次、政策文件、考核成本上限）"}
        for table_name, (title, _) in TITLES.items():
            listed[f"{table_name}.csv"] = f"{title}（UTF-8，供程序读取）"
            listed[f"{table_name}-excel.csv"] = f"{title}（UTF-8 带 BOM，可直接用 Excel 打开）"
        listed["datapackage.json"] = "数据包说明（Frictionless Data Package：各列的名称、类型、说明、主键与外键、许可）"
        self.page(
            writer,
            urls.data(),
            "data.html",
            files=listed,
            sizes=sizes,
            page_name="data",
            columns=COLUMNS,
            license=LICENSE,
        )

    def files(self) -> dict[str, str]:
        cat = self.catalogue
        catalogue = {
            "snapshot_date": self.portal["SNAPSHOT_DATE"],
            "certificates": list(cat.certificates.values()),
            "organisations": list(cat.organisations.values()),
            "standards": list(cat.standards.values()),
            "batches": list(cat.batches.values()),
            "documents": list(cat.documents.values()),
            "exam_costs": cat.exam_costs,
        }
        rows = {
            "certificates": [
                [
                    c["id"],
                    c["name"],
                    c["full_name"],
                    c["organisation"],
                    cat.organisations[c["organisation"]]["name"],
                    "|".join(c.get("co_organisations", [])),
                    "|".join(cat.organisations[o]["name"] for o in c.get("co_organisations", [])),
                    c["batch"],
                    "|".join(c["levels"] or []) or "unknown",
                    c["status"]["state"],
                    c["status"]["as_of"],
                    cat.field_of(c).name,
                    c.get("standard", ""),
                ]
                for c in cat.certificates.values()
            ],
            "organisations": [
                [
                    o["id"],
                    o["name"],
                    "|".join(o.get("aliases", [])),
                    o["status"]["state"],
                    o["status"]["as_of"],
                    "|".join(c["id"] for c in cat.certificates_of(o["id"])),
                ]
                for o in cat.organisations.values()
            ],
            "documents": [
                [d["id"], d["number"] or "", d["title"], d["issuer"], d["date"] or "", d["kind"]]
                for d in cat.documents.values()
            ],
        }
        out = {"catalogue.json": json.dumps(catalogue, ensure_ascii=False, indent=1)}
        for name, table_rows in rows.items():
            text = table([column[0] for column in COLUMNS[name]], table_rows)
            out[f"{name}.csv"] = text
            out[f"{name}-excel.csv"] = "\ufeff" + text  # Excel reads UTF-8 only with a BOM
        out["datapackage.json"] = json.dumps(self.package(), ensure_ascii=False, indent=1)
        return out

    def package(self) -> dict:
        """A Frictionless Data Package (https://specs.frictionlessdata.io/data-package/) describing the CSVs."""
        resources = []
        for name, columns in COLUMNS.items():
            title, english = TITLES[name]
            schema = {
                "fields": [{"name": n, "type": kind, "title": zh, "description": en} for n, kind, zh, en in columns],
                "primaryKey": ["id"],
                "missingValues": [""],
            }
            if name == "certificates":
                schema["foreignKeys"] = [
                    {"fields": ["organisation_id"], "reference": {"resource": "organisations", "fields": ["id"]}}
                ]
            resources.append(
                {
                    "name": name,
                    "path": f"{name}.csv",
                    "title": f"{title} / {english}",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": schema,
                }
            )
        return {
            "name": "1x-certificate-catalogue",
            "title": "1+X 职业技能等级证书公共目录 / 1+X vocational skill-level certificate catalogue",
            "version": self.portal["SNAPSHOT_DATE"],
            "created": f"{self.portal['SNAPSHOT_DATE']}T00:00:00+08:00",
            "licenses": [LICENSE],
            "sources": [
                {"title": f"{d['number'] or d['title']}（{d['issuer']}）"} for d in self.catalogue.documents.values()
            ],
            "resources": resources,
        }

    def write(self, name: str, content: str) -> int:
        path = sanitised_join(self.output_path, "data", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        return os.path.getsize(path)


def table(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def get_generators(pelican):
    return DataDownloads


def register():
    signals.get_generators.connect(get_generators)
