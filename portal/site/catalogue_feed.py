"""Atom feed of catalogue changes (data/changes.yaml) at feeds/catalogue.atom."""

from __future__ import annotations

import datetime as dt
import os

from feedgenerator import Atom1Feed
from pelican import signals
from pelican.utils import sanitised_join

from portal.site import context as site
from portal.site.generator import PortalGenerator

FEED_PATH = "feeds/catalogue.atom"


class CatalogueFeed(PortalGenerator):
    def generate_output(self, writer) -> None:
        base = self.settings["SITEURL"] or "http://localhost:8000"
        feed = Atom1Feed(
            title=f"{self.settings['SITENAME']}：目录变更",
            link=f"{base}/",
            feed_url=f"{base}/{FEED_PATH}",
            description="证书目录的新增、修改与退出记录",
            language="zh-CN",
        )
        for number, change in enumerate(self.catalogue.changes):
            date = dt.datetime.fromisoformat(change["date"]).replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
            link = f"{base}{(change.get('links') or ['/'])[0]}"
            feed.add_item(
                title=change["title"],
                link=link,
                description=change["summary"] + (self.totals(base) if number == 0 else ""),
                pubdate=date,
                updateddate=date,
                unique_id=f"tag:x-certificates,{change['date']}:{change['title']}",
            )
        path = sanitised_join(self.output_path, FEED_PATH)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            feed.write(handle, "utf-8")

    def totals(self, base: str) -> str:
        """The numbers after the newest change (the statistics page's), so a subscriber sees when they change."""
        registry = site.registry(self.settings)
        revoked = len(registry.snapshot.revocations)
        return (
            f"（本次更新后：证书 {len(self.catalogue.certificates)} 个，培训评价组织 {len(self.catalogue.organisations)} 家，"
            f"已登记证书记录 {registry.count} 条，其中撤销 {revoked} 条；图表见 {base}/stats/）"
        )


def get_generators(pelican):
    return CatalogueFeed


def register():
    signals.get_generators.connect(get_generators)
