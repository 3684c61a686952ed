"""sitemap.xml listing every HTML page of the finished output (run when Pelican has written everything).

The Pelican plugin is this thin module; the code is portal.site.sitemap (the only package that imports Pelican)."""

from portal.site.sitemap import register

__all__ = ["register"]
