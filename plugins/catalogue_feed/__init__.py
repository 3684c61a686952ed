"""Atom feed of catalogue changes (data/changes.yaml) at feeds/catalogue.atom.

The Pelican plugin is this thin module; the code is portal.site.catalogue_feed (the only package that imports Pelican)."""

from portal.site.catalogue_feed import register

__all__ = ["register"]
