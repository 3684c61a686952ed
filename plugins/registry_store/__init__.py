"""The signed registry on the site: trust list, revocation list, sharded lookup store, and the registry page.

The Pelican plugin is this thin module; the code is portal.site.registry_store (the only package that imports Pelican)."""

from portal.site.registry_store import register

__all__ = ["register"]
