"""Site search: search/index.json (what each result shows, the query rules and the first part of the lunr index built
with lunr.py) and search/majors.json (the index of the majors, loaded after it), the search page,
and search/search.js, the bundle of theme/search/ that the page and the header box load, and search/worker.js, the
worker that loads the index into lunr.js (from npm) and answers their queries off the main thread.

Without JavaScript the header box still submits to search/, which then links to the browse pages.
"""

from __future__ import annotations

import json
from pathlib import Path

from pelican import signals

from portal import urls
from portal.files import compact_json
from portal.memo import remembered
from portal.search.index import search_data
from portal.site import context as site
from portal.site.bundle import bundle
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
        first = json.loads(self.texts["index.json"])
        self.kinds, self.levels = first["kinds"], first["levels"]
        self.script = bundle(Path(self.theme) / "search" / "bundle.js", cache=self.portal["CACHE_PATH"])
        self.worker = bundle(Path(self.theme) / "search" / "worker.js", cache=self.portal["CACHE_PATH"])

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
        )


def get_generators(pelican):
    return SearchIndex


def register():
    signals.get_generators.connect(get_generators)
