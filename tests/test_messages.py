"""Problems as a staff member reads them: Chinese first for every message code, root causes before what follows from
them, YAML mistakes at the line and column where they are, and each problem as a GitHub annotation on that line."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import X1PORTAL
from test_validation import edit, line_of

from portal.catalogue.loader import check
from portal.catalogue.yamlfile import YamlFile
from portal.errors import arrange
from portal.messages import MESSAGES, problem

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_is_chinese_first_then_english(code):
    text = MESSAGES[code]
    for chinese in (text.zh, text.fix_zh):
        assert CJK.search(chinese), f"{code}: no Chinese in {chinese!r}"
    for english in (text.en, text.fix_en):
        assert re.search(r"[A-Za-z]{3}", english), f"{code}: no English in {english!r}"
    assert not CJK.search(text.fix_en.replace("{", "").split("(")[0][:12]), f"{code}: the English fix starts in Chinese"
    names = set(re.findall(r"{(\w+)", text.zh + text.en + text.fix_zh + text.fix_en))
    shown = problem(code, "data/x.yaml", 3, "f", **dict.fromkeys(names, "V"))
    assert shown.message.startswith(text.zh.split("{")[0]) and " / " in shown.message
    assert shown.hint.startswith(text.fix_zh.split("{")[0])


def test_every_problem_the_code_reports_has_a_message_code():
    """No check writes its own text: Problem(...) is built only by portal.messages, and every code used exists."""
    named, mentioned = set(), set()
    for path in sorted((ROOT / "portal").rglob("*.py")):
        if path.name in ("errors.py", "messages.py"):
            continue
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\bProblem\(", source), f"{path}: builds a Problem without a message code"
        named |= set(re.findall(r'\bproblem\(\s*"([^"]+)"', source))
        mentioned |= set(re.findall(r'"([a-z_]+\.[a-z0-9_]+)"', source))
    assert named - set(MESSAGES) == set(), "codes without a message"
    assert set(MESSAGES) - mentioned == set(), "messages no check uses"


# --- root causes first ---------------------------------------------------------------------------------------


def test_a_misspelled_organisation_is_listed_before_what_follows_from_it(data_copy):
    certificate = data_copy / "certificates/web-frontend.yaml"
    edit(certificate, "organisation: miit-eec", "organisation: miit-ecc")
    problems = check(data_copy)
    arranged = [(depth, p.code, p.file) for depth, p in arrange(problems)]
    assert arranged == [
        (0, "ref.unknown", "data/certificates/web-frontend.yaml"),
        (1, "batch.organisation_count", "data/batches/1.yaml"),
        (1, "organisation.contact_other", "data/organisations/miit-eec.yaml"),
    ]
    run = subprocess.run([X1PORTAL, "validate", str(data_copy)], capture_output=True, text=True, encoding="utf-8")
    lines = run.stdout.splitlines()
    assert lines[0].startswith(
        f"data/certificates/web-frontend.yaml:{line_of(certificate, 'miit-ecc')}: organisation: 没有"
    )
    assert all(line.startswith("    └ 由上面的问题引起") for line in lines[1:]) and len(lines) == 3
    annotation = arrange(problems)[1][1].annotation("数据校验")
    assert f"因 data/certificates/web-frontend.yaml:{line_of(certificate, 'miit-ecc')} 的问题而起" in annotation


def test_a_misspelled_batch_number_comes_before_the_count_it_breaks(data_copy):
    edit(data_copy / "certificates/bim.yaml", "batch: 1", "batch: 9")
    arranged = [(depth, p.code) for depth, p in arrange(check(data_copy))]
    assert arranged[0] == (0, "ref.unknown")
    assert (1, "batch.certificate_count") in arranged and arranged.index((1, "batch.certificate_count")) > 0


def test_an_independent_count_problem_is_its_own_root(data_copy):
    (data_copy / "certificates/game-art.yaml").unlink()
    [(depth, found)] = [(d, p) for d, p in arrange(check(data_copy)) if p.code == "batch.certificate_count"]
    assert depth == 0 and found.cause is None


# --- YAML syntax errors where the mistake is -----------------------------------------------------------------

YAML_MISTAKES = [
    # (what the maintainer typed, code, line, column of the mistake)
    ("id: bim\nname: x\nstatus\n  state: active\nbatch: 1\n", "yaml.missing_colon", 3, 7),
    ("id: bim\nstatus:\n  state active\n  as_of: '2019-04-15'\n", "yaml.missing_colon", 3, 8),
    ("id: bim\nname 建筑信息模型\nbatch: 1\n", "yaml.missing_colon", 2, 5),
    ("id: bim\nstatus:\n\tstate: active\n", "yaml.tab", 3, 1),
    ("id: bim\nstatus:\n  state:\tactive\nbatch: 1\n", "yaml.tab", 3, 9),
    ("id: bim\nname：建筑信息模型\nbatch: 1\n", "yaml.fullwidth_colon", 2, 5),
    ("name：建筑信息模型\nid: bim\n", "yaml.fullwidth_colon", 1, 5),
    ("id: bim\nstatus:\n  state： active\n  as_of: x\n", "yaml.fullwidth_colon", 3, 8),
    ("id: bim\nbatch: [1, 2\nname: x\n", "yaml.syntax", 2, 8),
    ("id: bim\nname: 'BIM\nbatch: 1\n", "yaml.syntax", 2, 7),
]


@pytest.mark.parametrize(("text", "code", "line", "column"), YAML_MISTAKES)
def test_a_yaml_mistake_is_reported_where_it_is(text, code, line, column):
    [found] = YamlFile(Path("x.yaml"), "data/certificates/x.yaml", text).problems
    assert (found.code, found.line, found.column) == (code, line, column), found
    assert found.where == f"data/certificates/x.yaml:{line}:{column}"
    assert f"::error file=data/certificates/x.yaml,line={line},col={column}," in found.annotation("数据校验")


def test_a_full_width_colon_inside_a_value_is_fine():
    f = YamlFile(Path("x.yaml"), "x.yaml", "locator: 第三条：考核方式\nnote: '时间：2019年'\n")
    assert f.problems == [] and f.data["locator"] == "第三条：考核方式"


def test_an_unquoted_code_with_a_leading_zero_is_named(data_copy):
    f = data_copy / "certificates/web-frontend.yaml"
    edit(f, "- '5102'", "- 0510")
    [found] = check(data_copy)
    assert found.code == "schema.unquoted" and found.line == line_of(f, "- 0510")
    assert found.message.startswith("写的是 0510，没有加引号，YAML 把它读成了整数 328")
    assert found.hint.startswith("给它加上引号：'0510'")


def test_yes_no_and_decimals_without_quotes_are_named(data_copy):
    f = data_copy / "certificates/bim.yaml"
    edit(f, "full_name: 建筑信息模型（BIM）职业技能等级证书", "full_name: yes")
    [found] = check(data_copy)
    assert found.code == "schema.unquoted" and "布尔值" in found.message and "'yes'" in found.hint


def test_a_date_without_quotes_stays_text():
    """Dates are read as text (the timestamp type is off), so a date where text is meant is not a mistake here."""
    f = YamlFile(Path("x.yaml"), "x.yaml", "title: 2019-04-15\nas_of: 2019-04-15\n")
    assert f.problems == [] and f.data == {"title": "2019-04-15", "as_of": "2019-04-15"}


# --- every rule's fixture as an annotation on its line ---------------------------------------------------------

RULE_FIXTURES = [
    # (file, text, replacement, code, the text of the line the problem is on)
    ("certificates/bim.yaml", "state: confirmed", "state: approved", "schema.enum", "state: approved"),
    ("certificates/bim.yaml", "batch: 1\n", "batch: 1\nbacth: 1\n", "schema.unknown_field", "id: bim"),
    ("certificates/bim.yaml", "batch: 1\n", "batch: 1\nbatch: 2\n", "yaml.duplicate_key", "batch: 2"),
    ("certificates/network-system-ops.yaml", "organisation: huawei", "organisation: huawai", "ref.unknown", "huawai"),
    ("certificates/bim.yaml", "as_of: '2019-04-15'", "as_of: '2019-01-01'", "date.before_source", "2019-01-01"),
    ("certificates/web-frontend.yaml", "- '5102'", "- '5199'", "certificate.unknown_class", "5199"),
    ("organisations/miit-eec.yaml", "  - web-frontend", "  - bim", "organisation.contact_other", "  - bim"),
    ("certificates/web-frontend.yaml", "- advanced\n", "", "standard.level_missing", "- level: advanced"),
    (
        "certificates/web-frontend.yaml",
        "sources:\n",
        "exam:\n  fee: 350\n  source: {document: jiaozhisuo-2019-314, locator: test}\nsources:\n",
        "fee.above_cap",
        "fee: 350",
    ),
    (
        "batches/1.yaml",
        "document: jiaozhichengsihan-2019-36\n  date: 2019-04-17",
        "document: jiaozhichengsihan-2019-36\n  date: 2019-04-01",
        "batch.date_order",
        "date: 2019-04-01",
    ),
    ("changes.yaml", "- date: 2026-11-24", "- date: 2026-11-24\n  x: 1\n", "schema.unknown_field", "- date: 2026"),
    ("certificates/bim.yaml", "batch: 1", "batch: 9", "ref.unknown", "batch: 9"),
]


@pytest.mark.parametrize(("name", "old", "new", "code", "needle"), RULE_FIXTURES)
def test_each_rule_is_an_annotation_on_its_line(data_copy, name, old, new, code, needle):
    edit(data_copy / name, old, new)
    [found] = [p for p in check(data_copy) if p.code == code]
    on = found.file.removeprefix("data/")
    line = line_of(data_copy / on, needle)
    assert found.line == line
    annotation = found.annotation("数据校验")
    assert annotation.startswith(f"::error file={found.file},line={line},title=数据校验::")
    text = annotation.split("::", 2)[2]
    assert CJK.search(text.split(" / ")[0]), "the annotation's text starts with its Chinese half"
