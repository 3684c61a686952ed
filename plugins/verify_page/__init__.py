"""The verify page (verify/), its service worker, and the single-file offline verifier (verify/verifier.html).

The Pelican plugin is this thin module; the code is portal.site.verify_page (the only package that imports Pelican)."""

from portal.site.verify_page import register

__all__ = ["register"]
