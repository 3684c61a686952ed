"""compare/: certificates side by side.

The Pelican plugin is this thin module; the code is portal.site.compare_page (the only package that imports Pelican)."""

from portal.site.compare_page import register

__all__ = ["register"]
