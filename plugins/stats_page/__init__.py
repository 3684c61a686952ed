"""The statistics page (stats/) and the small charts of organisation and certificate pages.

The Pelican plugin is this thin module; the code is portal.site.stats_page (the only package that imports Pelican)."""

from portal.site.stats_page import register

__all__ = ["register"]
