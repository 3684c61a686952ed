"""The check's summary as one pull-request comment, updated on each push, against a local stand-in for GitHub's
REST API; and the workflows that post it keep the pull request's code away from the write token."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from portal.review.pr_comment import BOT, LIMIT, MARKER

ROOT = Path(__file__).resolve().parent.parent
HEAD = "a" * 40


class FakeGitHub(BaseHTTPRequestHandler):
    """Just enough of api.github.com: a pull request's head, its comments (paged), create and edit a comment."""

    state: dict = {}

    def log_message(self, *args):
        pass

    def reply(self, status: int, data) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        assert self.headers["Authorization"] == "Bearer test-token"
        if m := re.fullmatch(r"/repos/o/r/pulls/(\d+)", self.path):
            number = int(m.group(1))
            if number not in self.state["pulls"]:
                return self.reply(404, {"message": "Not Found"})
            return self.reply(200, {"number": number, "head": {"sha": self.state["pulls"][number]}})
        if m := re.fullmatch(r"/repos/o/r/issues/(\d+)/comments\?per_page=100&page=(\d+)", self.path):
            mine = [c for c in self.state["comments"] if c["pr"] == int(m.group(1))]
            page = int(m.group(2))
            return self.reply(200, mine[(page - 1) * 100 : page * 100])
        self.reply(404, {"message": "Not Found"})

    def read(self) -> dict:
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

    def do_POST(self):
        m = re.fullmatch(r"/repos/o/r/issues/(\d+)/comments", self.path)
        comment = {"id": len(self.state["comments"]) + 1, "pr": int(m.group(1)), "user": {"login": BOT}}
        comment["body"] = self.read()["body"]
        self.state["comments"].append(comment)
        self.reply(201, comment)

    def do_PATCH(self):
        m = re.fullmatch(r"/repos/o/r/issues/comments/(\d+)", self.path)
        [comment] = [c for c in self.state["comments"] if c["id"] == int(m.group(1))]
        comment["body"] = self.read()["body"]
        self.state["edits"] += 1
        self.reply(200, comment)


@pytest.fixture
def github():
    FakeGitHub.state = {"pulls": {7: HEAD, 8: "b" * 40}, "comments": [], "edits": 0}
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGitHub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", FakeGitHub.state
    server.shutdown()


def post(api: str, tmp_path: Path, number: str, body: str, head: str = HEAD) -> subprocess.CompletedProcess:
    """The workflow step, as pr-comment.yml runs it: the artifact's two files, GitHub's head SHA."""
    (tmp_path / "number").write_text(number, encoding="utf-8")
    (tmp_path / "summary.md").write_text(body, encoding="utf-8")
    env = {"GITHUB_TOKEN": "test-token", "GITHUB_API_URL": api, "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "portal.review.pr_comment", "--repo", "o/r", "--head-sha", head]
    command += ["--number-file", str(tmp_path / "number"), "--body-file", str(tmp_path / "summary.md")]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_one_comment_updated_on_each_push(github, tmp_path):
    api, state = github
    first = post(api, tmp_path, "7\n", "# ❌ 合并请求检查\n\n数据校验：1 个问题")
    assert first.returncode == 0 and "已发布" in first.stdout
    second = post(api, tmp_path, "7\n", "# ✅ 合并请求检查\n\n全部检查通过")
    assert second.returncode == 0 and "已更新" in second.stdout
    [comment] = state["comments"]
    assert comment["pr"] == 7 and state["edits"] == 1
    assert comment["body"] == f"{MARKER}\n# ✅ 合并请求检查\n\n全部检查通过"


def test_the_comment_is_found_beyond_the_first_page(github, tmp_path):
    api, state = github
    state["comments"] += [{"id": n, "pr": 7, "user": {"login": "someone"}, "body": "+1"} for n in range(1, 151)]
    post(api, tmp_path, "7", "one")
    post(api, tmp_path, "7", "two")
    assert [c["body"] for c in state["comments"] if c["user"]["login"] == BOT] == [f"{MARKER}\ntwo"]


def test_a_persons_comment_with_the_marker_is_never_edited(github, tmp_path):
    api, state = github
    state["comments"].append({"id": 1, "pr": 7, "user": {"login": "mallory"}, "body": f"{MARKER}\nfake"})
    post(api, tmp_path, "7", "real")
    assert [c["body"] for c in state["comments"]] == [f"{MARKER}\nfake", f"{MARKER}\nreal"]


@pytest.mark.parametrize(
    ("number", "head", "why"),
    [
        ("8", HEAD, "is not at the checked commit"),  # a fork's artifact naming another pull request
        ("7; rm -rf /", HEAD, "is not a number"),
        ("", HEAD, "is not a number"),
        ("9", HEAD, "HTTP 404"),
    ],
)
def test_an_artifact_that_names_another_pull_request_is_refused(github, tmp_path, number, head, why):
    api, state = github
    done = post(api, tmp_path, number, "hello", head)
    assert done.returncode == 1 and why in done.stderr and "comment not posted" in done.stderr
    assert state["comments"] == []


def test_the_body_is_cut_to_githubs_limit_and_mentions_are_defused(github, tmp_path):
    api, state = github
    post(api, tmp_path, "7", "@maintainers 请看 " + "问" * (LIMIT + 500))
    [comment] = state["comments"]
    assert len(comment["body"]) <= 65_536 and "已截断" in comment["body"]
    assert "@maintainers" not in comment["body"] and "@\u200bmaintainers" in comment["body"]


def test_only_the_comment_workflow_can_write_and_it_never_runs_the_pull_requests_code():
    workflows = ROOT / ".github/workflows"
    for path in workflows.glob("*.yml"):
        triggers = yaml.safe_load(path.read_text(encoding="utf-8"))[True]  # YAML 1.1 reads the key `on` as True
        assert "pull_request_target" not in triggers, path.name
    check = yaml.safe_load((workflows / "pull-request.yml").read_text(encoding="utf-8"))
    assert check[True] == {"pull_request": {"branches": ["main"]}} and check["permissions"] == {"contents": "read"}
    steps = check["jobs"]["check"]["steps"]
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in steps)
    # the comment's job runs no browser and no suite: it comes in minutes; tests.yml runs the whole suite
    commands = " ".join(s.get("run", "") for s in steps)
    assert "make check" in commands and not re.search(r"\.ci/run|make test|chromium|playwright", commands)
    suite = yaml.safe_load((workflows / "tests.yml").read_text(encoding="utf-8"))
    assert ".ci/run" in " ".join(s.get("run", "") for s in suite["jobs"]["test"]["steps"])
    assert suite["permissions"] == {"contents": "read"}
    comment = yaml.safe_load((workflows / "pr-comment.yml").read_text(encoding="utf-8"))
    assert comment[True] == {"workflow_run": {"workflows": [check["name"]], "types": ["completed"]}}
    assert comment["permissions"] == {}
    job = comment["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    [checkout] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["ref"] == "${{ github.event.repository.default_branch }}"
    assert "head" not in json.dumps(checkout) and checkout["with"]["persist-credentials"] is False
    run = " ".join(s.get("run", "") for s in job["steps"])
    assert "portal.review.pr_comment" in run and "${{" not in run  # event data reaches the script only via env
