"""Site search: search/index.json (a lunr index built with lunr.py, and what each result shows), the search page,

The Pelican plugin is this thin module; the code is portal.site.search_index (the only package that imports Pelican)."""

from portal.site.search_index import register

__all__ = ["register"]
