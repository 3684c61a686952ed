"""Drawing a Figure as SVG at build time: a Vega-Lite specification rendered by vl-convert (PyPI vl-convert-python),
in the site's palette, sized to be read at 375 px. No chart JavaScript reaches the browser."""

from __future__ import annotations

import json

import vl_convert

from portal.cache import remembered
from portal.stats.figures import Figure

WIDTH = 320  # px: the chart is shown at this size, or smaller, so its text stays legible on a phone
PALETTE = ["#0b5394", "#6a2c91", "#1d6b35", "#8a4b00", "#a4262c", "#4d5560"]
FONT = "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
CONFIG = {
    "font": FONT,
    "background": "#ffffff",
    "view": {"stroke": None},
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "labelColor": "#1b1f24",
        "titleColor": "#4d5560",
        "gridColor": "#e5e8ec",
        "labelLimit": 150,
    },
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
    "title": {"fontSize": 14, "anchor": "start", "color": "#1b1f24"},
    "range": {"category": PALETTE},
}


def spec(figure: Figure) -> dict:
    """The Vega-Lite specification of a figure (its data are the figure's own rows)."""
    names = figure.columns
    values = [dict(zip(names, row, strict=True)) for row in figure.rows]
    # no title in the picture: the heading above names it, and the SVG's <title> gives it an accessible name
    base = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH,
        "data": {"values": values},
        "config": CONFIG,
    }
    if figure.chart == "bar":
        label, number = names
        return {
            **base,
            "layer": [
                {"mark": {"type": "bar", "color": PALETTE[0]}},
                {
                    "mark": {"type": "text", "align": "left", "dx": 3, "color": "#1b1f24"},
                    "encoding": {"text": {"field": number, "type": "quantitative"}},
                },
            ],
            "encoding": {
                "y": {"field": label, "type": "nominal", "sort": None, "title": None},
                "x": {"field": number, "type": "quantitative", "title": number},
            },
        }
    if figure.chart == "stacked":
        label, part, number = names
        return {
            **base,
            "mark": "bar",
            "encoding": {
                "y": {"field": label, "type": "nominal", "sort": None, "title": None},
                "x": {"field": number, "type": "quantitative", "title": number},
                "color": {
                    "field": part,
                    "type": "nominal",
                    "sort": None,
                    "title": part,
                    **({"scale": {"range": list(figure.colors)}} if figure.colors else {}),
                },
                "order": {"field": "__order", "type": "quantitative"},
            },
            "transform": [{"window": [{"op": "row_number", "as": "__order"}]}],
        }
    if figure.chart == "timeline":
        label, start, end, revoked = names
        return {
            **base,
            "layer": [
                {
                    "mark": {"type": "bar", "color": PALETTE[0], "height": 12},
                    "encoding": {"x": {"field": start, "type": "temporal", "title": None}, "x2": {"field": end}},
                },
                {
                    "transform": [{"filter": f"datum['{revoked}'] != ''"}],
                    "mark": {"type": "tick", "color": "#a4262c", "thickness": 3, "size": 18},
                    "encoding": {"x": {"field": revoked, "type": "temporal"}},
                },
            ],
            "encoding": {"y": {"field": label, "type": "nominal", "sort": None, "title": None}},
        }
    raise ValueError(f"figure {figure.id}: unknown chart kind {figure.chart!r}")


def svg(figure: Figure, cache: str | None = None) -> str:
    """The figure drawn as a standalone SVG document with its title as <title> (for the image's accessible name).
    cache: the build's cache folder, where a drawing is kept by its specification (portal/cache.py)."""
    source = json.dumps(spec(figure), ensure_ascii=False)
    drawn = remembered(
        cache, "charts", f"{vl_convert.__version__}\n{source}".encode(), lambda: vl_convert.vegalite_to_svg(source)
    )
    opening_end = drawn.index(">") + 1
    title = figure.title.replace("&", "&amp;").replace("<", "&lt;")
    return drawn[:opening_end] + f"<title>{title}</title>" + drawn[opening_end:]
