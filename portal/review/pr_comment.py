"""The pull request check's summary as one comment on the pull request, updated in place on every push.

    python3 -m portal.review.pr_comment --repo OWNER/NAME --head-sha SHA --number-file F --body-file F

Run by .github/workflows/pr-comment.yml, the `workflow_run` that follows the check. Why it is safe for pull requests
from forks: the check itself runs on `pull_request`, with a read-only token and no secrets, and only uploads its
summary and pull request number as an artifact. This step has the one write permission (pull-requests: write), runs
the default branch's code (never the pull request's), and treats the artifact as untrusted text:
- the pull request number must be digits, and that pull request's head must be the commit the check ran on (given by
  GitHub in the workflow_run event, not by the artifact), so a fork cannot make it comment on another pull request;
- the body is posted as text only, cut to GitHub's size limit, with @mentions defused;
- only a comment the workflow's own bot wrote, starting with MARKER, is ever edited.

Only the standard library: the step runs on the bare runner, without the project's dependencies.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

MARKER = "<!-- x1portal-check -->"
LIMIT = 65_000  # GitHub refuses comment bodies over 65,536 characters
BOT = "github-actions[bot]"


class CommentError(Exception):
    """The comment cannot be posted; the message says why."""


class GitHub:
    def __init__(self, api: str, repo: str, token: str):
        if not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
            raise CommentError(f"not a repository name: {repo!r}")
        self.base = f"{api.rstrip('/')}/repos/{repo}"
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": "2022-11-28",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            raise CommentError(f"GitHub API {method} {path}: HTTP {exc.code}") from exc


def comment_body(summary: str) -> str:
    """The comment: the marker, then the summary with @mentions defused, cut to GitHub's limit."""
    text = re.sub(r"@(?=[A-Za-z0-9])", "@\u200b", summary)
    if len(text) > LIMIT:
        text = text[:LIMIT] + "\n\n…（摘要过长，已截断；完整内容见检查任务的摘要页 / cut; see the job summary）"
    return f"{MARKER}\n{text}"


def pull_number(text: str) -> int:
    number = text.strip()
    if not re.fullmatch(r"[1-9][0-9]{0,9}", number):
        raise CommentError(f"the artifact's pull request number is not a number: {number[:40]!r}")
    return int(number)


def upsert(github: GitHub, number: int, head_sha: str, summary: str) -> str:
    """Create the check's comment on pull request `number`, or update it; 'created' or 'updated'."""
    pull = github.call("GET", f"/pulls/{number}")
    if pull.get("head", {}).get("sha") != head_sha:
        raise CommentError(f"pull request #{number} is not at the checked commit {head_sha}: not commenting")
    body = comment_body(summary)
    page = 1
    while True:
        comments = github.call("GET", f"/issues/{number}/comments?per_page=100&page={page}")
        for comment in comments:
            if comment.get("user", {}).get("login") == BOT and comment.get("body", "").startswith(MARKER):
                github.call("PATCH", f"/issues/comments/{int(comment['id'])}", {"body": body})
                return "updated"
        if len(comments) < 100:
            break
        page += 1
    github.call("POST", f"/issues/{number}/comments", {"body": body})
    return "created"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pr_comment", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", required=True, help="owner/name")
    parser.add_argument("--head-sha", required=True, help="the commit the check ran on (from the workflow_run event)")
    parser.add_argument("--number-file", required=True, type=Path, help="the artifact's pull request number")
    parser.add_argument("--body-file", required=True, type=Path, help="the artifact's summary (Markdown)")
    args = parser.parse_args(argv)
    token = os.environ.get("GITHUB_TOKEN", "")
    try:
        if not token:
            raise CommentError("GITHUB_TOKEN is not set")
        github = GitHub(os.environ.get("GITHUB_API_URL", "https://api.github.com"), args.repo, token)
        number = pull_number(args.number_file.read_text(encoding="utf-8", errors="replace"))
        summary = args.body_file.read_text(encoding="utf-8", errors="replace")
        done = upsert(github, number, args.head_sha, summary)
    except (CommentError, OSError) as exc:
        print(f"合并请求评论未发布 / comment not posted: {exc}", file=sys.stderr)
        return 1
    print(f"合并请求 #{number} 的检查评论已{'更新' if done == 'updated' else '发布'} / comment {done}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
