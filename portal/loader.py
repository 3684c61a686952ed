"""Load data/ into a Catalogue. The one entry point the plugins and scripts use; it validates everything first."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import validate
from .catalogue import Catalogue
from .majors import MajorCatalogue, read_majors
from .problems import DataError, Problem
from .yamlfile import YamlFile

# kind -> (folder under data/, schema name); one file per entity, named by its id
FOLDERS = {
    "certificates": "certificate",
    "organisations": "organisation",
    "standards": "standard",
    "documents": "document",
    "batches": "batch",
}
# single files -> schema name
SINGLES = {"exam_costs.yaml": "exam_costs", "changes.yaml": "changes", "majors/crosswalk.yaml": "crosswalk"}


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
        raise DataError([Problem(str(root), 0, "", "data folder not found", "run from the project root or set PORTAL_DATA")])
    files = DataFiles(root)
    for folder in FOLDERS:
        paths = sorted((root / folder).glob("*.yaml"))
        files.folders[folder] = [YamlFile(p, f"data/{folder}/{p.name}") for p in paths]
        stray = sorted(p.name for p in (root / folder).glob("*") if p.suffix != ".yaml")
        for name in stray:
            files.problems.append(Problem(f"data/{folder}/{name}", 0, "", "not a .yaml file",
                                          "rename it to .yaml or move it out of data/"))
    for name in SINGLES:
        path = root / name
        if path.exists():
            files.singles[name] = YamlFile(path, f"data/{name}")
        else:
            files.problems.append(Problem(f"data/{name}", 0, "", "file is missing", "restore it from git"))
    files.majors, problems = read_majors(root / "majors", "data/majors")
    files.problems += problems
    for yaml_file in [f for fs in files.folders.values() for f in fs] + list(files.singles.values()):
        files.problems += yaml_file.problems
    return files


def check(root: Path) -> list[Problem]:
    """Every problem in data/, all at once (the validate command prints these)."""
    files = read(root)
    return sorted(files.problems + validate.check(files))


def load(root: Path) -> Catalogue:
    """The validated catalogue; raises DataError listing every problem if there is any."""
    files = read(root)
    problems = files.problems + validate.check(files)
    if problems:
        raise DataError(problems)
    by_id = lambda folder: {f.data["id"]: f.data for f in files.folders[folder]}  # noqa: E731
    certificates = sorted(by_id("certificates").values(), key=lambda c: (c["batch"], c.get("list_row", 0), c["id"]))
    return Catalogue(
        certificates={c["id"]: c for c in certificates},
        organisations=dict(sorted(by_id("organisations").items(), key=lambda kv: kv[1]["name"])),
        standards=by_id("standards"),
        documents=dict(sorted(by_id("documents").items(), key=lambda kv: (kv[1]["date"] or "9999", kv[0]))),
        batches={f.data["number"]: f.data for f in sorted(files.folders["batches"], key=lambda f: f.data["number"])},
        exam_costs=files.singles["exam_costs.yaml"].data,
        changes=files.singles["changes.yaml"].data,
        majors=files.majors,
        crosswalk=files.singles["majors/crosswalk.yaml"].data,
    )
