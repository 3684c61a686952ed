"""What the benchmark scripts share besides the local preview server (portal.site.preview): gzip sizes and percentiles."""

from __future__ import annotations

import gzip
from pathlib import Path


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
