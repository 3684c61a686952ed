"""The one command line, x1portal, as a user meets it: the overview, every subcommand's help in Chinese and
English, errors printed once without a traceback, and the project found from the current folder."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.metadata
import re
import subprocess

import pytest
from conftest import ROOT, X1PORTAL

from portal.cli.commands import COMMANDS


def x1(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([X1PORTAL, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_overview_lists_every_command_in_chinese_and_english():
    done = x1("--help")
    assert done.returncode == 0
    for name, (_, chinese, english) in COMMANDS.items():
        assert re.search(rf"^  {re.escape(name)}\s+{re.escape(chinese)}$", done.stdout, re.M), name
        assert english in done.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_subcommand_has_help_in_both_languages(name, tmp_path):
    done = x1(name, "--help", cwd=tmp_path)  # help works outside a checkout too
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"用法 / usage: x1portal {name}")
    _, chinese, english = COMMANDS[name]
    assert chinese in done.stdout and english in done.stdout


def test_the_version_is_the_packages():
    done = x1("--version")
    assert done.returncode == 0 and done.stdout == f"x1portal {importlib.metadata.version('x1-certificate-portal')}\n"


def test_every_option_of_every_command_has_help(monkeypatch, capsys):
    """Each option's --help line says what it is for, in Chinese and English (and each subcommand has a
    description): every parser is built through its command's --help, recording what it adds."""
    missing = []
    real = argparse._ActionsContainer.add_argument

    def recording(self, *args, **kwargs):
        action = real(self, *args, **kwargs)
        if action.option_strings and not action.help:
            missing.append(f"{getattr(self, 'prog', '?')} {'/'.join(action.option_strings)}")
        return action

    monkeypatch.setattr(argparse._ActionsContainer, "add_argument", recording)
    for module, _, _ in COMMANDS.values():
        with contextlib.suppress(SystemExit):
            importlib.import_module(f"portal.cli.{module}").main(["--help"])
    assert missing == []
    capsys.readouterr()
    with contextlib.suppress(SystemExit):
        importlib.import_module("portal.cli.registry").main(["sign", "--help"])
    assert "按组织导出的 CSV/XLSX 名单签发证书记录" in capsys.readouterr().out.split("选项 / options")[0]


def test_argparse_speaks_chinese_with_english():
    done = x1("monitor")
    assert done.returncode == 2
    assert "x1portal monitor: 错误 / error: 缺少必需的参数 / the following arguments are required" in done.stderr


def test_unknown_command_says_so_and_lists_the_commands():
    done = x1("bulid")
    assert done.returncode == 2
    assert "unknown command 'bulid'" in done.stderr and "build" in done.stderr


def test_outside_a_checkout_the_error_is_one_line_not_a_traceback(tmp_path):
    done = x1("validate", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("x1portal validate: 错误 / error:") and "pelicanconf.py" in done.stderr


def test_commands_work_from_a_subfolder_of_the_checkout():
    done = x1("validate", cwd=ROOT / "data" / "certificates")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("data：没有问题 / no problems")


def test_a_registry_error_is_printed_once(tmp_path):
    done = x1("registry", "verify", str(tmp_path / "missing.json"))
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr


def test_a_published_records_file_verifies_row_by_row():
    done = x1("registry", "verify", "data/records/clpp-training/demo-2019.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^[1-9][0-9]* record\(s\) verified, 0 problem\(s\)$", done.stdout, re.M)


def test_find_keys_allows_the_w3c_test_key_only_byte_for_byte(tmp_path):
    from portal.review.guards import private_keys

    name = "tests/vectors/external/w3c-vc-di-eddsa/keyPair.json"
    original = (ROOT / name).read_bytes()
    assert private_keys([ROOT / name], ROOT) == []
    copy = tmp_path / name
    copy.parent.mkdir(parents=True)
    copy.write_bytes(original.replace(b"z3u2", b"z3u3", 1))  # the same file with another secret key
    assert [p.file for p in private_keys([copy], tmp_path)] == [name]
