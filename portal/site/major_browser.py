"""Browse by major: pick 中职 / 高职专科 / 职业本科, then 大类 → 专业类 → 专业, or type a name or code.

Every 大类, 专业类 and 专业 has a page listing the certificates that fit it, official matches first. The search box
is enhanced by theme/static/js/majors.js from majors/index.json; without JavaScript it leads to a plain list.
"""

from __future__ import annotations

from pelican import signals

from portal import urls
from portal.search.index import pinyin_terms
from portal.site.generator import PortalGenerator
from portal.vocab import EDUCATION_LEVELS


class MajorBrowser(PortalGenerator):
    def generate_output(self, writer) -> None:
        majors = self.catalogue.majors
        self.page(writer, urls.majors(), "majors.html", levels=EDUCATION_LEVELS, page_name="majors")
        self.page(writer, urls.majors_all(), "majors_all.html", levels=EDUCATION_LEVELS, page_name="majors")
        official: dict[tuple[str, str], int] = {}
        for level in EDUCATION_LEVELS:
            self.page(
                writer,
                urls.majors_level(level),
                "majors_level.html",
                level=level,
                categories=majors.of(level, "category"),
                page_name="majors",
            )
            for item in majors.of(level, "category") + majors.of(level, "class") + majors.of(level, "major"):
                matches = self.catalogue.matches(item)
                official[(level, item.code)] = sum(m.kind == "official" for m in matches)
                self.page(
                    writer,
                    urls.major(level, item.code),
                    "major.html",
                    item=item,
                    level=level,
                    parents=self.parents(item),
                    children=majors.children(item),
                    matches=matches,
                    page_name="majors",
                )
        self.write_index(official)

    def parents(self, item):
        by_code = self.catalogue.majors.by_code
        chain = []
        if item.kind != "category":
            chain.append(by_code[(item.level, item.category_code)])
        if item.kind == "major":
            chain.append(by_code[(item.level, item.class_code)])
        return chain

    def write_index(self, official: dict[tuple[str, str], int]) -> None:
        """majors/index.json for the search box: [code, name, level, kind, number of official matches, url, pinyin,
        initials] (pinyin and initials as the site search makes them: 计算机应用技术 -> jisuanjiyingyongjishu, jsjyyjs)."""
        rows = []
        for i in self.catalogue.majors.items:
            joined, initials = pinyin_terms(i.name)
            row = [i.code, i.name, i.level, i.kind, official[(i.level, i.code)], urls.major(i.level, i.code)]
            rows.append([*row, "".join(joined), "".join(initials)])
        self.write_json("majors/index.json", rows)


def get_generators(pelican):
    return MajorBrowser


def register():
    signals.get_generators.connect(get_generators)
