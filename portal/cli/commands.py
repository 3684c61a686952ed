"""The subcommands of `x1portal`: name -> (module in portal.cli, what it does in Chinese, in English).

Each module has main(argv) -> exit code and builds its parser with command_parser(name), so every `--help` starts
with the same two lines that `x1portal --help` lists."""

from __future__ import annotations

import argparse

COMMANDS = {
    "build": (
        "build",
        "构建网站（先在临时目录构建，成功后才替换 output/）",
        "build the site atomically: output/ is replaced only on success",
    ),
    "serve": ("serve", "在本机 http://127.0.0.1:8000/ 提供已构建的网站", "serve the built site on localhost"),
    "validate": (
        "validate",
        "校验 data/ 并一次列出全部问题（文件:行: 字段: 问题 — 修改建议）",
        "check data/ and print every problem at once",
    ),
    "check": (
        "check",
        "合并请求检查（与 CI 相同）：私钥、根密钥、校验、背书、签名、只增不改、变更记录、构建",
        "the pull-request checks, exactly as CI runs them",
    ),
    "diff": ("diff", "用中文列出两个 git 版本之间 data/ 的变化", "what changed in data/ between two git revisions"),
    "new": (
        "new",
        "按正确格式新建数据文件（文件、批次、组织、证书、标准、变更记录）",
        "scaffold a new data file (document, batch, organisation, certificate, standard, feed entry)",
    ),
    "withdraw": (
        "withdraw",
        "把证书或组织（及其全部证书）标记为已退出",
        "mark a certificate or an organisation withdrawn",
    ),
    "registry": (
        "registry",
        "证书登记与签名：keygen / endorse / sign / revoke / revoke-key / verify / demo …",
        "the signed registry: keygen, endorse, sign, revoke, revoke-key, verify, demo …",
    ),
    "monitor": (
        "monitor",
        "监测公开登记日志：核对签名检查点、一致性证明与每条新条目，报告新增内容",
        "watch the registry's log: checkpoint signature, consistency proof, every new entry",
    ),
    "witness": (
        "witness",
        "运行公开登记日志的见证人（独立机构）：核对一致性后联署检查点（C2SP tlog-witness）",
        "run a witness of the registry's log: cosign checkpoints consistent with the last one (C2SP tlog-witness)",
    ),
    "find-keys": (
        "find_keys",
        "检查文件中是否含有私钥材料（pre-commit 与合并请求检查使用）",
        "fail if any file holds private key material",
    ),
    "vocab": (
        "vocab",
        "生成浏览器端的词表 theme/verifier/vocab.js（来自 portal/vocab.py）",
        "write theme/verifier/vocab.js from portal/vocab.py",
    ),
    "deploy": (
        "deploy",
        "用 rclone 把已构建的网站上传到对象存储：只传有变化的文件，按缓存策略设置响应头",
        "upload the built site to object storage with rclone: changed files only, cache headers set",
    ),
    "bench": (
        "bench",
        "运行基准测试脚本（scripts/benchmark_*.py），输出中位数与 p95",
        "run a benchmark script of scripts/ (site, registry, verifier, search)",
    ),
}


# argparse's own words, in Chinese with English like the rest of the command line (argparse looks each up through
# its module's `_` when it prints, so one table serves every parser)
ARGPARSE_WORDS = {
    "usage: ": "用法 / usage: ",
    "options": "选项 / options",
    "positional arguments": "参数 / positional arguments",
    "show this help message and exit": "显示本帮助并退出 / show this help message and exit",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 错误 / error: %(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数 / the following arguments are required: %s",
    "unrecognized arguments: %s": "无法识别的参数 / unrecognized arguments: %s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选 %(choices)s） / invalid "
    "choice: %(value)r (choose from %(choices)s)",
    "invalid %(type)s value: %(value)r": "无效的值 / invalid %(type)s value: %(value)r",
    "expected one argument": "需要一个值 / expected one argument",
    "expected at least one argument": "至少需要一个值 / expected at least one argument",
    "expected at most one argument": "至多一个值 / expected at most one argument",
    "not allowed with argument %s": "不能与参数 %s 同时使用 / not allowed with argument %s",
    "one of the arguments %s is required": "须给出其中一个参数 %s / one of the arguments %s is required",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s / ambiguous "
    "option: %(option)s could match %(matches)s",
}
argparse._ = lambda text: ARGPARSE_WORDS.get(text, text)


class _DescribedSubparsers(argparse._SubParsersAction):
    """Subcommands whose own --help starts with what the list of subcommands says of them."""

    def add_parser(self, name, **kwargs):
        kwargs.setdefault("description", kwargs.get("help"))
        return super().add_parser(name, **kwargs)


def command_parser(name: str, epilog: str | None = None) -> argparse.ArgumentParser:
    """The parser of one subcommand: prog `x1portal NAME`, its description in Chinese and English."""
    _, chinese, english = COMMANDS[name]
    parser = argparse.ArgumentParser(
        prog=f"x1portal {name}",
        description=f"{chinese}\n{english}",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.register("action", "parsers", _DescribedSubparsers)
    return parser
