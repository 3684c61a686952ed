"""x1portal: one command line for the portal's tools. `x1portal --help` lists the subcommands; every subcommand
has its own `--help`. Errors a user can act on (PortalError) are caught here, once, and printed without a trace."""

from __future__ import annotations

import importlib
import importlib.metadata
import sys

from portal.cli.commands import COMMANDS
from portal.errors import PortalError

USAGE = (
    "用法 / usage: x1portal <命令 command> [参数 options …]   (x1portal <命令> --help 查看每个命令的说明；"
    "x1portal --version 版本 / version)"
)


def overview() -> str:
    width = max(map(len, COMMANDS))
    lines = [
        "1+X 职业技能等级证书公共目录的命令行工具 · the 1+X certificate portal's command line",
        "",
        USAGE,
        "",
        "命令 / commands:",
    ]
    for name, (_, chinese, english) in COMMANDS.items():
        lines += [f"  {name:<{width}}  {chinese}", f"  {'':<{width}}  {english}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help", "help"):
        print(overview())
        return 0
    if args[0] in ("-V", "--version"):
        print(f"x1portal {importlib.metadata.version('x1-certificate-portal')}")
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"x1portal: 未知命令 / unknown command {name!r}\n\n{overview()}", file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(f"portal.cli.{COMMANDS[name][0]}")
        return module.main(rest)
    except ModuleNotFoundError as error:
        if error.name is None or error.name.split(".")[0] == "portal":
            raise
        # the slim install (pip install without extras) signs and verifies; building the site needs the site extra
        print(
            f"x1portal {name}: 需要 {error.name}，请安装网站扩展 / needs {error.name}: "
            "pip install 'x1-certificate-portal[site]'",
            file=sys.stderr,
        )
        return 2
    except PortalError as error:
        print(f"x1portal {name}: 错误 / error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
