"""compare/: two to four certificates side by side, chosen from lists, certificate and major pages.

The page lists every certificate as a link with a checkbox (a form that works without JavaScript); the table of the
chosen ones is drawn by theme/static/js/compare.js from compare/certificates.json, whose facts are written here, each
as the site says it elsewhere: sourced where known, "未知" and why where not.
"""

from __future__ import annotations

from pelican import signals

from portal import urls
from portal.catalogue.model import Catalogue
from portal.site.generator import PortalGenerator
from portal.site.present import date_zh
from portal.vocab import LEVEL_NAMES, STATE_NAMES

ROWS = (
    ("organisation", "培训评价组织"),
    ("batch", "批次"),
    ("status", "状态"),
    ("levels", "等级"),
    ("exam", "考核方式"),
    ("cap", "考核成本上限"),
    ("hours", "培训学时"),
    ("official", "对应专业（官方：标准列出）"),
    ("editorial", "对应专业类（编辑整理，非官方）"),
    ("standard", "职业技能等级标准"),
)


def levels_text(cat: Catalogue, cert: dict) -> tuple[str, bool]:
    levels, complete = cat.known_levels(cert)
    named = "、".join(LEVEL_NAMES[lv] for lv in levels)
    if complete:
        return named, True
    if levels:
        return f"已知有{named}；是否还有其他等级，来源未写明", True
    return "未知：来源文件未写明本证书的等级", False


def facts(cat: Catalogue, cert: dict) -> dict:
    """What the compare table shows of one certificate: {row: [text, known]}, plus its name and page."""
    standard = cat.standard_of(cert)
    form = cat.exam_form(cert)
    unit = cat.exam_costs["unit"]
    status = cert["status"]
    if standard and standard.get("exam"):
        exam = (standard["exam"]["method"], True)
    else:
        exam = ("未知：标准节选未写明" if standard else "未知：本站尚未收录本证书的标准", False)
    hours = [
        f"{LEVEL_NAMES[lv['level']]}不少于 {lv['training_hours']} 学时" for lv in (standard or {}).get("levels", [])
    ]
    official = [
        f"{LEVEL_NAMES[level]}：{'、'.join(m.written for m in named + classes)}"
        for level, named, classes in cat.certificate_majors(cert)
        if named or classes
    ]
    rows = {
        "organisation": ("、".join(o["name"] for o in cat.organisations_of(cert)), True),
        "batch": (cat.batches[cert["batch"]]["name"], True),
        "status": (f"{STATE_NAMES[status['state']]}（截至 {date_zh(status['as_of'])}）", True),
        "levels": levels_text(cat, cert),
        "exam": exam,
        "cap": (f"{form['name']}：不超过 {form['cap']} {unit}", True)
        if form
        else ("未知：考核形式未知，无法确定适用的上限", False),
        "hours": ("；".join(hours), True)
        if hours and all(lv.get("training_hours") for lv in standard["levels"])
        else ("未知：" + ("标准节选未写明" if standard else "本站尚未收录本证书的标准"), False),
        "official": ("；".join(official), True)
        if official
        else ("未知：" + ("标准未列出" if standard else "本站尚未收录本证书的标准"), False),
        "editorial": ("、".join(c.name for c in cat.editorial_classes(cert)), True),
        "standard": ("有标准全文（节选）", True) if standard else ("本站尚未收录", False),
    }
    return {
        "name": cert["name"],
        "url": urls.certificate(cert["id"]),
        "standard_url": urls.standard(standard["id"]) if standard else None,
        "rows": {key: list(value) for key, value in rows.items()},
    }


class ComparePage(PortalGenerator):
    def generate_output(self, writer) -> None:
        cat = self.catalogue
        self.write_json(
            urls.compare_data(),
            {
                "rows": ROWS,
                "certificates": {cid: facts(cat, cert) for cid, cert in cat.certificates.items()},
            },
        )
        self.page(writer, urls.compare(), "compare.html", page_name="certificates")


def get_generators(pelican):
    return ComparePage


def register():
    signals.get_generators.connect(get_generators)
