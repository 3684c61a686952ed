"""Site search: search/index.json (a lunr index built with lunr.py, and what each result shows), the search page,
and search/search.js, the bundle of theme/search/ (with lunr.js from npm) that the page and the header box load.

Without JavaScript the header box still submits to search/, which then links to the browse pages.
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from portal import urls
from portal.bundle import ROOT, bundle
from portal.pages import PortalGenerator
from portal.search_index import search_data

SOURCE = ROOT / "theme" / "search"


class SearchIndex(PortalGenerator):
    def generate_context(self) -> None:
        super().generate_context()
        self.data = search_data(self.catalogue)
        self.script = bundle(SOURCE / "bundle.js")

    def generate_output(self, writer) -> None:
        self.write_json(urls.search_index(), self.data)
        Path(self.output_path, urls.search_script()).write_text(self.script, encoding="utf-8")
        self.page(writer, urls.search(), "search.html", page_name="search", kinds=self.data["kinds"],
                  levels=self.data["levels"], batches=sorted(self.catalogue.batches.values(), key=lambda b: b["number"]))


def get_generators(pelican):
    return SearchIndex


def register():
    signals.get_generators.connect(get_generators)
