"""Reading data/: every YAML file with its line numbers, and the major catalogue, before any rule is checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from portal.catalogue.majors import MajorCatalogue, read_majors
from portal.catalogue.yamlfile import YamlFile
from portal.errors import DataError, Problem
from portal.messages import problem
from portal.vocab import KINDS

# single files -> schema name
SINGLES = {
    "exam_costs.yaml": "exam_costs",
    "changes.yaml": "changes",
    "majors/crosswalk.yaml": "crosswalk",
    "search_terms.yaml": "search_terms",
    "working_days.yaml": "working_days",
}


@dataclass
class DataFiles:
    """Everything read from data/, before validation."""

    root: Path
    folders: dict[str, list[YamlFile]] = field(default_factory=dict)
    singles: dict[str, YamlFile] = field(default_factory=dict)
    majors: MajorCatalogue | None = None
    problems: list[Problem] = field(default_factory=list)


def read(root: Path) -> DataFiles:
    root = Path(root)
    if not root.is_dir():
        raise DataError([problem("file.folder_missing", str(root), 0)])
    files = DataFiles(root)
    for folder in (kind.folder for kind in KINDS):
        paths = sorted((root / folder).glob("*.yaml"))
        files.folders[folder] = [YamlFile(p, f"data/{folder}/{p.name}") for p in paths]
        stray = sorted(p.name for p in (root / folder).glob("*") if p.suffix != ".yaml")
        for name in stray:
            files.problems.append(problem("file.not_yaml", f"data/{folder}/{name}", 0))
    for name in SINGLES:
        path = root / name
        if path.exists():
            files.singles[name] = YamlFile(path, f"data/{name}")
        else:
            files.problems.append(problem("file.missing", f"data/{name}", 0, restore=f"data/{name}"))
    files.majors, problems = read_majors(root / "majors", "data/majors")
    files.problems += problems
    for yaml_file in [f for fs in files.folders.values() for f in fs] + list(files.singles.values()):
        files.problems += yaml_file.problems
    return files
