"""The statistics page (stats/): the figures of portal/stats/figures.py drawn as SVG at build time, each with its
reading, an accessible table, its source and download; and the small charts of organisation and certificate pages
(records per year, records per level), which those pages find in the shared context under "small_charts"."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pelican import signals

from portal import urls
from portal.site import context as site
from portal.site.generator import PortalGenerator
from portal.stats import charts, figures


class StatsPage(PortalGenerator):
    def generate_context(self) -> None:
        super().generate_context()
        registry = site.registry(self.settings)
        self.demo = registry.snapshot.root.demo
        cat = self.catalogue
        self.sections = [
            ("证书目录", figures.catalogue_figures(cat)),
            ("专业", figures.major_figures(cat)),
            ("证书登记", figures.registry_figures(cat, registry)),
        ]
        small = {}
        for kind, per, label, number in (
            ("organisation", figures.organisation_years(registry), "年份", "记录数"),
            ("certificate", figures.certificate_levels(registry), "等级", "记录数"),
        ):
            for ident, rows in per.items():
                title = "已登记证书记录：按颁发年份" if kind == "organisation" else "已登记证书记录：按等级"
                small[(kind, ident)] = figures.Figure(
                    f"{kind}s/{ident}",
                    title,
                    f"共 {sum(n for _, n in rows)} 条记录。",
                    (label, number),
                    rows,
                    "本站证书登记（演示数据）" if self.demo else "本站证书登记",
                    "verify/records/index.json",
                    "bar",
                )
        self.small = small
        self.context["small_charts"] = small  # read by the organisation and certificate pages
        # drawn from now on, beside the other generators' pages (vl-convert draws outside the GIL)
        self.figures = [f for _, fs in self.sections for f in fs] + list(small.values())
        pool = ThreadPoolExecutor(2)
        self.drawn = [pool.submit(charts.svg, figure, self.portal["CACHE_PATH"]) for figure in self.figures]
        pool.shutdown(wait=False)

    def generate_output(self, writer) -> None:
        for figure, drawn in zip(self.figures, self.drawn, strict=True):
            path = Path(self.output_path, urls.stats_chart(figure.id))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(drawn.result(), encoding="utf-8")
        self.page(writer, urls.stats(), "stats.html", page_name="stats", sections=self.sections, demo=self.demo)


def get_generators(pelican):
    return StatsPage


def register():
    signals.get_generators.connect(get_generators)
