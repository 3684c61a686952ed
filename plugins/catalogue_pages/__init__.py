"""Home, certificate list with filter pages, certificate, organisation, standard and batch pages, and the 404.

The Pelican plugin is this thin module; the code is portal.site.catalogue_pages (the only package that imports Pelican)."""

from portal.site.catalogue_pages import register

__all__ = ["register"]
