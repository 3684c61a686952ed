"""One page per policy document, and the list of documents.

The Pelican plugin is this thin module; the code is portal.site.policy_pages (the only package that imports Pelican)."""

from portal.site.policy_pages import register

__all__ = ["register"]
