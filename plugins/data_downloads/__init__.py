"""The data download page and the whole catalogue as JSON and CSV, generated from the same data as the pages.

The Pelican plugin is this thin module; the code is portal.site.data_downloads (the only package that imports Pelican)."""

from portal.site.data_downloads import register

__all__ = ["register"]
