"""Jinja filters: how values are shown to people (Chinese first). Registered in pelicanconf.JINJA_FILTERS."""

from __future__ import annotations

from portal import urls
from portal.vocab import EDUCATION_LEVELS, LEVEL_NAMES, STATE_NAMES

UNKNOWN = "未知"


def level_name(level: str) -> str:
    return LEVEL_NAMES[level]


def state_name(state: str) -> str:
    return STATE_NAMES[state]


def education_level_name(level: str) -> str:
    return (
        EDUCATION_LEVELS[level][1] if level in EDUCATION_LEVELS else {"bachelor": "本科（普通本科）"}.get(level, level)
    )


def date_zh(value: str | None) -> str:
    """'2019-04-15' -> '2019年4月15日'; '2019-03' -> '2019年3月'; '2020-H2' -> '2020年下半年'; '2022' -> '2022年';
    None -> 未知. A date is shown as precise as its source, never more."""
    if not value:
        return UNKNOWN
    year, _, half = str(value).partition("-H")
    if half:
        return f"{int(year)}年{'上' if half == '1' else '下'}半年"
    parts = [int(p) for p in value.split("-")]
    return "".join(f"{n}{unit}" for n, unit in zip(parts, "年月日", strict=False))


def url(kind: str, *args: object) -> str:
    """{{ 'certificate'|url(c.id) }} -> 'certificates/web-frontend/' (prefix with SITEURL in templates)."""
    return getattr(urls, kind)(*args)


FILTERS = {
    "level_name": level_name,
    "state_name": state_name,
    "education_level_name": education_level_name,
    "date_zh": date_zh,
    "url": url,
}
