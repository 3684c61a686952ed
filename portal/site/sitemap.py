"""sitemap.xml listing every HTML page of the finished output (run when Pelican has written everything)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from pelican import signals


def write_sitemap(pelican) -> None:
    output = Path(pelican.output_path)
    base = pelican.settings["SITEURL"] or ""
    lastmod = pelican.settings["PORTAL"]["SNAPSHOT_DATE"]
    urls = []
    for page in sorted(output.rglob("index.html")):
        path = page.parent.relative_to(output).as_posix()
        urls.append(f"{base}/" if path == "." else f"{base}/{path}/")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"<url><loc>{escape(u)}</loc><lastmod>{lastmod}</lastmod></url>" for u in urls]
    lines.append("</urlset>")
    (output / "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def register():
    signals.finalized.connect(write_sitemap)
