"""The issuer page (issue/) and its single file (issue/issuer.html).

The Pelican plugin is this thin module; the code is portal.site.issue_page (the only package that imports Pelican)."""

from portal.site.issue_page import register

__all__ = ["register"]
