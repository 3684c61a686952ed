"""Atom feed of catalogue changes (data/changes.yaml) at feeds/catalogue.atom."""

from __future__ import annotations

import datetime as dt
import os

from feedgenerator import Atom1Feed
from pelican import signals
from pelican.utils import sanitised_join

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
        for change in self.catalogue.changes:
            date = dt.datetime.fromisoformat(change["date"]).replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
            link = f"{base}{(change.get('links') or ['/'])[0]}"
            feed.add_item(
                title=change["title"],
                link=link,
                description=change["summary"],
                pubdate=date,
                updateddate=date,
                unique_id=f"tag:x-certificates,{change['date']}:{change['title']}",
            )
        path = sanitised_join(self.output_path, FEED_PATH)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            feed.write(handle, "utf-8")


def get_generators(pelican):
    return CatalogueFeed


def register():
    signals.get_generators.connect(get_generators)
