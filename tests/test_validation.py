"""Every validation rule fails on its own broken fixture with one clear line: file, line, field, what, fix."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import X1PORTAL

from portal.catalogue.loader import check, load
from portal.errors import DataError, Problem

ROOT = Path(__file__).resolve().parent.parent


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def only_problem(data: Path):
    problems = check(data)
    assert len(problems) == 1, "\n".join(map(str, problems))
    annotated(problems[0])
    return problems[0]


def annotated(p: Problem) -> str:
    """Every rule's problem is also a GitHub annotation on its line, its text Chinese first."""
    annotation = p.annotation("数据校验")
    where = f"file={p.file}" + (f",line={p.line}" if p.line else "") + (f",col={p.column}" if p.column else "")
    assert annotation.startswith(f"::error {where},title=数据校验::"), annotation
    text = annotation.split("::", 2)[2].removeprefix(f"{p.path}: ")
    assert re.search(r"[\u4e00-\u9fff]", text.split(" / ")[0]), f"{p.code}: not Chinese first: {text}"
    return annotation


def test_bundled_data_is_valid():
    assert check(ROOT / "data") == []
    catalogue = load(ROOT / "data")
    assert len(catalogue.certificates) == 93
    assert [len(catalogue.certificates_in(n)) for n in (1, 2, 3)] == [6, 10, 77]
    assert len(catalogue.organisations) == 75  # the lists count 74: batch 1 names two on one row
    assert len({c["organisation"] for c in catalogue.certificates_in(3)}) == 64
    assert set(catalogue.standards) == {"web-frontend", "logistics-management"}


def test_missing_required_field(data_copy):
    f = data_copy / "certificates/bim.yaml"
    edit(f, "full_name: 建筑信息模型（BIM）职业技能等级证书\n", "")
    p = only_problem(data_copy)
    assert (p.file, p.path) == ("data/certificates/bim.yaml", "(top level)")
    assert "required field 'full_name' is missing" in p.message
    assert "add the missing field" in p.hint


def test_value_not_allowed(data_copy):
    f = data_copy / "certificates/bim.yaml"
    edit(f, "state: confirmed", "state: approved")
    p = only_problem(data_copy)
    assert (p.line, p.path) == (line_of(f, "state: approved"), "status.state")
    assert '"approved" is not an allowed value' in p.message
    assert '"proposed", "confirmed", "withdrawn"' in p.hint


def test_bad_date(data_copy):
    f = data_copy / "organisations/huawei.yaml"
    edit(f, "as_of: '2019-12-27'", "as_of: '2019-13-27'")
    p = only_problem(data_copy)
    assert (p.line, p.path) == (line_of(f, "2019-13-27"), "status.as_of")
    assert "wrong format" in p.message and "YYYY-MM-DD" in p.hint


def test_a_date_that_does_not_exist(data_copy):
    f = data_copy / "organisations/huawei.yaml"
    edit(f, "as_of: '2019-12-27'", "as_of: '2019-02-29'")
    p = only_problem(data_copy)
    assert (p.line, p.path) == (line_of(f, "2019-02-29"), "status.as_of")
    assert "not a real calendar date" in p.message and "YYYY-MM-DD" in p.hint


def test_unknown_field(data_copy):
    f = data_copy / "certificates/bim.yaml"
    edit(f, "batch: 1\n", "batch: 1\nbacth: 1\n")
    p = only_problem(data_copy)
    assert "unknown field 'bacth'" in p.message and "check the spelling" in p.hint


def test_yaml_syntax_error_names_the_line(data_copy):
    f = data_copy / "certificates/bim.yaml"
    edit(f, "batch: 1\n", "batch: [1\n")
    p = only_problem(data_copy)
    assert p.file == "data/certificates/bim.yaml" and "YAML syntax error" in p.message and p.line > 1


def test_duplicate_key(data_copy):
    f = data_copy / "certificates/bim.yaml"
    edit(f, "batch: 1\n", "batch: 1\nbatch: 2\n")
    p = only_problem(data_copy)
    assert "duplicate key 'batch'" in p.message and p.line == line_of(f, "batch: 2")


def test_id_must_match_file_name(data_copy):
    f = data_copy / "certificates/bim.yaml"
    f.rename(data_copy / "certificates/bim-2.yaml")
    p = only_problem(data_copy)
    assert p.code == "id.file_name" and "和文件名 bim-2.yaml 不一致" in p.message and "把文件改名为 bim.yaml" in p.hint


def test_duplicate_id(data_copy):
    (data_copy / "documents/copy.yaml").write_text(
        (data_copy / "documents/guofa-2019-4.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    problems = check(data_copy)
    assert all(annotated(p) for p in problems)
    assert any(p.code == "id.duplicate" and "id guofa-2019-4 重复" in p.message for p in problems), problems


def test_unknown_organisation_with_suggestion(data_copy):
    f = data_copy / "certificates/network-system-ops.yaml"
    edit(f, "organisation: huawei", "organisation: huawai")
    p = only_problem(data_copy)
    assert (p.line, p.path) == (line_of(f, "organisation: huawai"), "organisation")
    assert p.code == "ref.unknown" and p.message.startswith("没有这个培训评价组织：huawai / ")
    assert p.hint.startswith("是不是 huawei？") and "did you mean 'huawei'" in p.hint


def test_unknown_batch(data_copy):
    f = data_copy / "certificates/bim.yaml"
    edit(f, "batch: 1", "batch: 9")
    problems = check(data_copy)
    assert all(annotated(p) for p in problems)
    assert [(p.file, p.line, p.path) for p in problems if "没有这个试点批次：9" in p.message] == [
        ("data/certificates/bim.yaml", line_of(f, "batch: 9"), "batch")
    ]


def test_unknown_source_document(data_copy):
    f = data_copy / "certificates/bim.yaml"
    edit(f, "- document: jiaozhisuo-2019-89", "- document: jiaozhisuo-2019-98")
    p = only_problem(data_copy)
    assert p.path == "sources[0].document" and "没有这个政策文件：jiaozhisuo-2019-98" in p.message


def test_unknown_major_code(data_copy):
    f = data_copy / "certificates/web-frontend.yaml"
    edit(f, "- '5102'", "- '5199'")
    p = only_problem(data_copy)
    assert p.path == "editorial.classes[0]" and "没有这个专业类代码：5199" in p.message


def test_crosswalk_unknown_major_code(data_copy):
    f = data_copy / "majors/crosswalk.yaml"
    edit(f, "[]", "- {level: secondary, name: 通信技术, code: '719999', basis: test}")
    p = only_problem(data_copy)
    assert p.file == "data/majors/crosswalk.yaml" and "没有专业代码 719999" in p.message


def test_an_alias_that_finds_no_name(data_copy):
    f = data_copy / "search_terms.yaml"
    edit(f, "finds: [货物运输]", "finds: [货物运送]")
    p = only_problem(data_copy)
    assert p.file == "data/search_terms.yaml" and p.line == line_of(f, "finds: [货物运送]")
    assert p.path == "aliases[3].finds[0]" and "“货物运送”不在任何证书、组织或专业的名称中" in p.message


def test_level_the_certificate_does_not_have(data_copy):
    edit(data_copy / "certificates/web-frontend.yaml", "- advanced\n", "")
    p = only_problem(data_copy)
    f = data_copy / "standards/web-frontend.yaml"
    assert p.file == "data/standards/web-frontend.yaml" and p.path == "levels[2].level"
    assert p.line == line_of(f, "- level: advanced")
    assert p.message.startswith("高级（advanced）不是证书 web-frontend 的等级（它的等级：初级、中级） / ")


def test_exam_fee_above_cap(data_copy):
    f = data_copy / "certificates/web-frontend.yaml"
    edit(f, "sources:\n", "exam:\n  fee: 350\n  source: {document: jiaozhisuo-2019-314, locator: test}\nsources:\n")
    p = only_problem(data_copy)
    assert p.path == "exam.fee" and p.line == line_of(f, "fee: 350")
    assert "exam fee 350 元 is above the cap of 300 元/人次 for 机考" in p.message


def test_exam_fee_within_cap_is_fine(data_copy):
    edit(
        data_copy / "certificates/web-frontend.yaml",
        "sources:\n",
        "exam:\n  fee: 280\n  source: {document: jiaozhisuo-2019-314, locator: test}\nsources:\n",
    )
    assert check(data_copy) == []


def test_dates_out_of_order(data_copy):
    f = data_copy / "batches/1.yaml"
    edit(
        f,
        "document: jiaozhichengsihan-2019-36\n  date: 2019-04-17",
        "document: jiaozhichengsihan-2019-36\n  date: 2019-04-01",
    )
    problems = check(data_copy)
    assert all(annotated(p) for p in problems)
    messages = [p.message for p in problems]
    assert any("launch_notice (2019-04-01) is dated before confirmation (2019-04-15)" in m for m in messages), messages


def test_fact_dated_before_its_source(data_copy):
    f = data_copy / "certificates/bim.yaml"
    edit(f, "as_of: '2019-04-15'", "as_of: '2019-01-01'")
    p = only_problem(data_copy)
    assert p.path == "status.as_of" and "before the date of its source jiaozhisuo-2019-89 (2019-04-15)" in p.message


def test_batch_count_disagrees_with_certificates(data_copy):
    (data_copy / "certificates/game-art.yaml").unlink()
    problems = check(data_copy)
    assert all(annotated(p) for p in problems)
    assert any(
        p.file == "data/batches/3.yaml" and "certificate_count is 77 but 76 certificates" in p.message for p in problems
    ), [str(p) for p in problems]


def test_changes_must_be_newest_first(data_copy):
    f = data_copy / "changes.yaml"
    f.write_text(
        f.read_text(encoding="utf-8") + "- date: 2027-01-01\n  title: later\n  summary: later\n", encoding="utf-8"
    )
    p = only_problem(data_copy)
    assert p.path == "[1].date" and "newer than the entry above it" in p.message


def test_contact_for_another_organisations_certificate(data_copy):
    edit(data_copy / "organisations/miit-eec.yaml", "  - web-frontend", "  - bim")
    p = only_problem(data_copy)
    assert p.message.startswith("证书 bim 由 langfang-zhongke 颁发，不是 miit-eec 的证书 / ")


def test_load_refuses_invalid_data(data_copy):
    edit(data_copy / "certificates/bim.yaml", "state: confirmed", "state: approved")
    with pytest.raises(DataError) as raised:
        load(data_copy)
    assert "data/certificates/bim.yaml" in str(raised.value)


def test_validate_command_prints_every_problem(data_copy):
    edit(data_copy / "certificates/bim.yaml", "state: confirmed", "state: approved")
    edit(data_copy / "certificates/network-system-ops.yaml", "organisation: huawei", "organisation: huawai")
    run = subprocess.run([X1PORTAL, "validate", str(data_copy)], capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 1
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 2
    assert all(re.match(r"^data/\S+\.yaml:\d+: \S+: .+ — 修改建议 / fix: .+", line) for line in lines), lines
    assert "2 problem(s)" in run.stderr


def test_validate_command_passes_on_bundled_data():
    run = subprocess.run([X1PORTAL, "validate"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


def test_a_name_cut_in_the_source_is_not_completed_by_a_guess(data_copy):
    f = data_copy / "organisations/cicv.yaml"
    edit(
        f, "name: 国汽（北京）智能网联汽车研究院有…\nname_cut: true\n", "name: 国汽（北京）智能网联汽车研究院有限公司\n"
    )
    p = only_problem(data_copy)
    assert (p.file, p.path, p.line) == ("data/organisations/cicv.yaml", "names_as_printed[0]", line_of(f, "- 国汽"))
    assert "补全不唯一" in p.message and "name_cut: true" in p.hint
    # a cut name is the printed one with its mark
    edit(f, "name: 国汽（北京）智能网联汽车研究院有限公司\n", "name: 国汽（北京）智能网联汽车研究院…\nname_cut: true\n")
    assert "名称标为原文截断" in only_problem(data_copy).message


def test_the_only_possible_completion_of_a_cut_name_is_allowed():
    catalogue = load(ROOT / "data")
    assert catalogue.organisations["huahang-weishi"]["name"] == "北京华航唯实机器人科技股份有限公司"  # …有限公
    assert catalogue.organisations["lanqiao"]["name"] == "国信蓝桥教育科技（北京）股份有限公司"  # …股份有限
    assert (
        catalogue.organisations["taikang-luojia"]["name"] == "泰康珞珈（北京）科学技术研究院有…"
    )  # 有限公司? 有限责任公司?
    proposed = [o for o in catalogue.organisations.values() if o["status"]["state"] == "proposed"]
    assert len(proposed) == 59 and {o["status"]["source"] for o in proposed} == {"jiaozhisuo-2019-341"}


def test_levels_a_source_shows_are_recorded_only_where_the_levels_are_unknown(data_copy):
    catalogue = load(ROOT / "data")
    evidenced = catalogue.certificates["cross-border-b2b"]["levels_evidenced"]
    assert catalogue.certificates["cross-border-b2b"]["levels"] is None
    assert evidenced == {
        "levels": ["intermediate", "advanced"],
        "source": {"document": "college-faq-2020", "locator": "第 2 段：“跨境电商 B2B 数据运营（中级、高级）”"},
    }
    f = data_copy / "certificates/cross-border-b2b.yaml"
    edit(f, "levels: null\n", "levels:\n- intermediate\n")
    assert only_problem(data_copy).path == "levels_evidenced"
    edit(f, "levels:\n- intermediate\n", "levels: null\n")
    edit(f, "document: college-faq-2020", "document: no-such-page")
    assert "no-such-page" in only_problem(data_copy).message


def test_a_date_is_as_precise_as_its_source(data_copy):
    catalogue = load(ROOT / "data")
    dates = {p["text"]: p["date"] for d in catalogue.documents.values() for p in d["provisions"] if "date" in p}
    assert dates["到 2022 年建设 50 所高水平高等职业学校和 150 个骨干专业（群）。"] == "2022"
    assert dates["2020 年下半年做好试点工作阶段性总结。"] == "2020-H2"
    f = data_copy / "documents/jiaozhicheng-2019-6.yaml"
    edit(f, "date: 2020-H2", "date: 2020-H3")
    assert only_problem(data_copy).path == "provisions[4].date"
    edit(f, "date: 2020-H3", "date: 2020-02-30")
    p = only_problem(data_copy)
    assert "不存在" in p.message and "YYYY-H1/H2" in p.hint


def test_dates_are_shown_as_precise_as_they_are():
    from portal.site.present import date_zh

    assert [date_zh(d) for d in ("2022", "2020-H2", "2021-05", "2021-05-25", None)] == [
        "2022年",
        "2020年下半年",
        "2021年5月",
        "2021年5月25日",
        "未知",
    ]


def test_a_certificate_listed_with_two_organisations_has_both(data_copy):
    catalogue = load(ROOT / "data")
    names = [o["name"] for o in catalogue.organisations_of(catalogue.certificates["elderly-care"])]
    assert names == ["中国社会福利与养老服务协会", "北京中福长者文化科技有限公司"]
    for organisation in ("social-welfare-elderly-association", "zhongfu-elderly"):
        assert [c["id"] for c in catalogue.certificates_of(organisation)] == ["elderly-care"]
    assert len({c["organisation"] for c in catalogue.certificates_in(1)}) == 5  # as the list counts them
    edit(data_copy / "certificates/elderly-care.yaml", "- zhongfu-elderly\n", "- zhongfu\n")
    problems = check(data_copy)
    assert all(annotated(p) for p in problems)
    assert problems[0].path == "co_organisations[0]" and "没有这个培训评价组织：zhongfu" in problems[0].message


def test_a_problem_is_a_github_annotation_on_its_line(data_copy):
    f = data_copy / "certificates/bim.yaml"
    edit(f, "state: confirmed", "state: approved")
    annotation = only_problem(data_copy).annotation("数据校验: schema, rules")
    line = line_of(f, "state: approved")
    assert annotation.startswith(
        f"::error file=data/certificates/bim.yaml,line={line},title=数据校验%3A schema%2C rules::"
    )
    assert annotation.split("::", 2)[2].startswith("status.state: ")
    assert "\n" not in Problem("a.yaml", 0, "", "two\nlines 100%", "fix").annotation("t")
    assert Problem("a.yaml", 0, "", "two\nlines 100%", "fix").annotation("t") == (
        "::error file=a.yaml,title=t::two%0Alines 100%25 — 修改建议：fix"
    )


BILLION_LAUGHS = """a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
lol: [*i,*i,*i,*i,*i,*i,*i,*i,*i]
"""


@pytest.mark.parametrize(
    "text, code, line",
    [
        (BILLION_LAUGHS, "yaml.alias", 1),  # 10^9 strings if expanded: it took 34 s and a MemoryError
        ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", "yaml.too_deep", 1),  # a RecursionError traceback
        ("id: x\nname: &n 名称\nfull_name: *n\n", "yaml.alias", 2),
        ("id: x\nname: !!python/object:os.system 名称\n", "yaml.tag", 2),  # a type the schema never asked for
        ("# " + "填" * 400_000 + "\n", "file.too_large", 1),  # 1.2 MB: over MAX_DATA_BYTES, never parsed
    ],
    ids=["billion-laughs", "50000-deep", "one-anchor", "tag", "too-large"],
)
def test_hostile_yaml_is_one_clear_problem_at_once(data_copy, text, code, line):
    """A pull request's hostile data file gets a problem naming its file and line, not a traceback; checked before
    anything is expanded (run as a subprocess: a regression would exhaust memory or the stack, not just fail)."""
    (data_copy / "documents" / "hostile.yaml").write_text(text, encoding="utf-8")
    done = subprocess.run([X1PORTAL, "validate", str(data_copy)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    found = [p for p in check(data_copy) if p.file == "data/documents/hostile.yaml"]
    assert [(p.code, p.line) for p in found] == [(code, line)], found
    assert f"data/documents/hostile.yaml:{line}" in done.stdout + done.stderr


@pytest.mark.parametrize(
    "text, words",
    [
        (BILLION_LAUGHS, "锚点"),
        ("organisation: miit-eec\nformat: x\nsequence: 1\nrecords: " + "[" * 50_000 + "]" * 50_000 + "\n", "嵌套"),
        ("organisation: miit-eec\nformat: !!binary eA==\nsequence: 1\nrecords: []\n", "标签"),
    ],
    ids=["billion-laughs", "50000-deep", "tag"],
)
def test_a_hostile_records_file_is_refused_at_its_line(data_copy, text, words):
    """Records files are read by libyaml for speed (their usual shape by a regular expression): the same refusals
    hold there, at the file and line, before anything is expanded (the build reads them as `registry verify` does)."""
    path = data_copy / "records" / "miit-eec" / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run([X1PORTAL, "registry", "verify", str(path)], capture_output=True, text=True, timeout=120)
    out = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in out, out[-2000:]
    line = next(
        n for n, written in enumerate(text.splitlines(), 1) if ("&" in written or "[" * 9 in written or "!!" in written)
    )
    assert f"hostile.yaml:{line}:" in out and words in out, out[-2000:]


def test_validate_json_lists_every_problem_with_its_place(data_copy):
    path = data_copy / "certificates" / "web-frontend.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("state: confirmed", "state: approved", 1), "utf-8")
    done = subprocess.run([X1PORTAL, "validate", str(data_copy), "--json"], capture_output=True, text=True, timeout=120)
    report = json.loads(done.stdout)
    assert done.returncode == 1 and report["format"] == "1x-portal/validate-result/v1" and report["count"] >= 1
    problem = next(p for p in report["problems"] if p["file"] == "data/certificates/web-frontend.yaml")
    assert problem["line"] > 1 and problem["field"].startswith("status") and " / " in problem["message"]
    clean = subprocess.run([X1PORTAL, "validate", "--json"], capture_output=True, text=True, timeout=120)
    assert clean.returncode == 0 and json.loads(clean.stdout)["problems"] == []
