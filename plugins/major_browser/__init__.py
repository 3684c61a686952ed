"""Browse by major: pick 中职 / 高职专科 / 职业本科, then 大类 → 专业类 → 专业, or type a name or code.

The Pelican plugin is this thin module; the code is portal.site.major_browser (the only package that imports Pelican)."""

from portal.site.major_browser import register

__all__ = ["register"]
