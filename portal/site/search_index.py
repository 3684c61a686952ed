"""Site search: search/index.json (what each result shows, the query rules and the first part of the lunr index built
with lunr.py) and search/majors.json (the index of the majors, loaded after it), the search page,
and search/search.js, the bundle of theme/search/ (with lunr.js from npm) that the page and the header box load.

Without JavaScript the header box still submits to search/, which then links to the browse pages.
"""

from __future__ import annotations

import json
from pathlib import Path

from pelican import signals

from portal import urls
from portal.memo import remembered
from portal.search.index import search_data
from portal.site import context as site
from portal.site.bundle import bundle
from portal.site.generator import PortalGenerator


class SearchIndex(PortalGenerator):
    def generate_context(self) -> None:
        super().generate_context()
        self.data = json.loads(  # lunr.py takes a second: the index is kept in the cache by the catalogue's digest
            remembered(
                self.portal["CACHE_PATH"],
                "search",
                site.catalogue_digest(self.settings),
                lambda: json.dumps(search_data(self.catalogue), ensure_ascii=False),
            )
        )
        self.script = bundle(Path(self.theme) / "search" / "bundle.js", cache=self.portal["CACHE_PATH"])

    def generate_output(self, writer) -> None:
        for name, part in self.data.items():
            self.write_json(urls.search_part(name), part)
        Path(self.output_path, urls.search_script()).write_text(self.script, encoding="utf-8")
        self.page(
            writer,
            urls.search(),
            "search.html",
            page_name="search",
            kinds=self.data["index.json"]["kinds"],
            levels=self.data["index.json"]["levels"],
            batches=sorted(self.catalogue.batches.values(), key=lambda b: b["number"]),
        )


def get_generators(pelican):
    return SearchIndex


def register():
    signals.get_generators.connect(get_generators)
