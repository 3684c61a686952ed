"""The base of the portal's Pelican generators: load the catalogue in generate_context, write pages by URL."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican.generators import Generator
from pelican.utils import sanitised_join

from portal import urls
from portal.files import compact_json
from portal.settings import settings_of
from portal.site import context as site
from portal.site.report import checked_repository, issue_url


class PortalGenerator(Generator):
    """generate_context() loads and validates everything first; generate_output() only writes."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cache = settings_of(self.settings)["CACHE_PATH"]
        if cache:  # each generator has its own Jinja environment: they share compiled templates through the cache
            folder = Path(cache) / "templates"
            folder.mkdir(parents=True, exist_ok=True)
            self.env.bytecode_cache = FileSystemBytecodeCache(str(folder))

    def generate_context(self) -> None:
        self.portal = settings_of(self.settings)
        self.catalogue = site.catalogue(self.settings)
        self.context["catalogue"] = self.catalogue
        self.context["SNAPSHOT_DATE"] = self.portal["SNAPSHOT_DATE"]
        repository = checked_repository(self.portal["REPOSITORY"])
        self.env.globals["report_url"] = partial(issue_url, repository, self.settings.get("SITEURL", ""))

    def page(self, writer, url: str, template: str, **context) -> None:
        writer.write_file(
            urls.save_as(url),
            self.get_template(template.removesuffix(".html")),
            self.context,
            relative_urls=False,
            page_url=url,
            **context,
        )

    def write_json(self, relative: str, value: object) -> str:
        """Write value as compact UTF-8 JSON at relative (inside the output folder); returns the path."""
        path = sanitised_join(self.output_path, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        Path(path).write_text(compact_json(value), encoding="utf-8")
        return path
