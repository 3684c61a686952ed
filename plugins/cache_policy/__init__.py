"""_headers: how long browsers and CDNs may keep each file, for static hosts that read it (Netlify, Cloudflare Pages).

The Pelican plugin is this thin module; the code is portal.site.cache_policy (the only package that imports Pelican)."""

from portal.site.cache_policy import register

__all__ = ["register"]
