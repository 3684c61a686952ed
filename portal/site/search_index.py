"""Site search: search/index.json (what each result shows, the query rules and the first part of the lunr index built
with lunr.py) and search/majors.json (the index of the majors, loaded after it), the search page,
and search/search.js, the bundle of theme/search/ that the page and the header box load, and search/worker.js, the
worker that loads the index into lunr.js (from npm) and answers their queries off the main thread.

The search page carries its first results' data, the script that draws them (theme/search/first-page.js) and the
site's stylesheet inline: on a slow phone they arrive with the page, so names that match are listed one request
after the address is opened, before the index has come (portal/search/index.py first_results_data).

Without JavaScript the header box still submits to search/, which then links to the browse pages.
"""

from __future__ import annotations

import json
from pathlib import Path

from pelican import signals

from portal import urls
from portal.cache import remembered
from portal.files import compact_json
from portal.search.index import FIRST, search_data
from portal.site import context as site
from portal.site.bundle import bundle, json_block, script_block
from portal.site.generator import PortalGenerator


class SearchIndex(PortalGenerator):
    def generate_context(self) -> None:
        super().generate_context()
        # lunr.py takes a second: the parts' text is kept in the cache by the catalogue's digest
        self.texts = json.loads(
            remembered(
                self.portal["CACHE_PATH"],
                "search",
                site.catalogue_digest(self.settings),
                lambda: json.dumps({name: compact_json(part) for name, part in search_data(self.catalogue).items()}),
            )
        )
        self.first_data = json.loads(self.texts.pop(FIRST))
        first = json.loads(self.texts["index.json"])
        self.kinds, self.levels = first["kinds"], first["levels"]
        source, cache = Path(self.theme) / "search", self.portal["CACHE_PATH"]
        self.script = bundle(source / "bundle.js", cache=cache)
        self.worker = bundle(source / "worker.js", cache=cache)
        self.first_script = script_block(bundle(source / "first-page.js", cache=cache, inline=True), "first results")
        self.css = (Path(self.theme) / "static" / "css" / "site.css").read_text(encoding="utf-8")

    def generate_output(self, writer) -> None:
        for name, text in self.texts.items():
            path = Path(self.output_path, urls.search_part(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        Path(self.output_path, urls.search_script()).write_text(self.script, encoding="utf-8")
        Path(self.output_path, urls.search_worker()).write_text(self.worker, encoding="utf-8")
        self.page(
            writer,
            urls.search(),
            "search.html",
            page_name="search",
            kinds=self.kinds,
            levels=self.levels,
            batches=sorted(self.catalogue.batches.values(), key=lambda b: b["number"]),
            css=self.css,
            first_data_json=json_block(self.first_data),
            first_script=self.first_script,
        )


def get_generators(pelican):
    return SearchIndex


def register():
    signals.get_generators.connect(get_generators)
