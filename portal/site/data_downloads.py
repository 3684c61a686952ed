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

FILES = {
    "catalogue.json": "全部目录数据（证书、组织、标准、批次、政策文件、考核成本上限）",
    "certificates.csv": "证书列表",
    "organisations.csv": "培训评价组织列表",
    "documents.csv": "政策文件列表",
}


class DataDownloads(PortalGenerator):
    def generate_output(self, writer) -> None:
        sizes = {name: self.write(name, content) for name, content in self.files().items()}
        self.page(writer, urls.data(), "data.html", files=FILES, sizes=sizes, page_name="data")

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
        return {
            "catalogue.json": json.dumps(catalogue, ensure_ascii=False, indent=1),
            "certificates.csv": table(
                [
                    "id",
                    "name",
                    "full_name",
                    "organisation_id",
                    "organisation",
                    "batch",
                    "levels",
                    "status",
                    "status_as_of",
                    "field_editorial",
                    "standard",
                ],
                [
                    [
                        c["id"],
                        c["name"],
                        c["full_name"],
                        c["organisation"],
                        cat.organisations[c["organisation"]]["name"],
                        c["batch"],
                        "|".join(c["levels"] or []) or "unknown",
                        c["status"]["state"],
                        c["status"]["as_of"],
                        cat.field_of(c).name,
                        c.get("standard", ""),
                    ]
                    for c in cat.certificates.values()
                ],
            ),
            "organisations.csv": table(
                ["id", "name", "aliases", "status", "status_as_of", "certificates"],
                [
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
            ),
            "documents.csv": table(
                ["id", "number", "title", "issuer", "date", "kind"],
                [
                    [d["id"], d["number"] or "", d["title"], d["issuer"], d["date"] or "", d["kind"]]
                    for d in cat.documents.values()
                ],
            ),
        }

    def write(self, name: str, content: str) -> int:
        path = sanitised_join(self.output_path, "data", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # CSV with a BOM so that spreadsheet programs open the Chinese text correctly
        encoding = "utf-8-sig" if name.endswith(".csv") else "utf-8"
        with open(path, "w", encoding=encoding, newline="") as handle:
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
