"""What browsers and crawlers read about the site as a whole: robots.txt (pointing at the sitemap), the web app
manifest (site.webmanifest) and its icons, rendered from theme/static/favicon.svg at build time (resvg, through
vl-convert, which the statistics' charts already use), so the icons never drift from the favicon."""

from __future__ import annotations

import json
from pathlib import Path

import vl_convert
from pelican import signals

ICON_SIZES = (192, 512)
THEME_COLOR = "#0b5394"  # the favicon's and the header's blue


def robots_txt(base: str) -> str:
    """Every page may be crawled; the sitemap's address must be absolute, so a local build (no SITEURL) names none."""
    sitemap = f"Sitemap: {base}/sitemap.xml" if base.startswith(("https://", "http://")) else "# Sitemap: no SITEURL"
    return f"User-agent: *\nAllow: /\n\n{sitemap}\n"


def manifest(name: str, short_name: str, base: str) -> dict:
    return {
        "name": name,
        "short_name": short_name,
        "lang": "zh-CN",
        "start_url": f"{base}/",
        "scope": f"{base}/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": "#ffffff",
        "icons": [
            *(
                {"src": f"{base}/theme/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
                for size in ICON_SIZES
            ),
            {"src": f"{base}/theme/favicon.svg", "sizes": "any", "type": "image/svg+xml"},
        ],
    }


def write_web_files(pelican) -> None:
    output, settings = Path(pelican.output_path), pelican.settings
    base = settings["SITEURL"] or ""
    (output / "robots.txt").write_text(robots_txt(base), encoding="utf-8")
    svg = (Path(settings["THEME"]) / "static" / "favicon.svg").read_text(encoding="utf-8")
    for size in ICON_SIZES:
        (output / "theme" / f"icon-{size}.png").write_bytes(vl_convert.svg_to_png(svg, scale=size / 32))
    data = manifest(settings["SITENAME"], "1+X 证书目录", base)
    (output / "site.webmanifest").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def register():
    signals.finalized.connect(write_web_files)
