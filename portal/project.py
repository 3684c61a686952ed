"""Where the project is: the checkout a command works on (the folder with pelicanconf.py and data/).

Commands find it from the current directory upwards, like git does, so `x1portal` works from any folder of a
checkout and on the checkout it is run in (not on the one the package was installed from)."""

from __future__ import annotations

from pathlib import Path

from portal.errors import ProjectNotFound


def project_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pelicanconf.py").is_file() and (folder / "data").is_dir():
            return folder
    raise ProjectNotFound(
        f"{here} is not inside a checkout of the portal (no pelicanconf.py and data/ above it); "
        "run x1portal from the project folder / 请在项目目录中运行"
    )
