"""robots.txt, the web app manifest and its icons, written when Pelican has written everything.

The Pelican plugin is this thin module; the code is portal.site.web_manifest (the only package that imports Pelican)."""

from portal.site.web_manifest import register

__all__ = ["register"]
