"""Deploying a large site to object storage (issue 17): `x1portal deploy` with Debian's rclone against a local S3
server (moto), and the cache policy it shares with the _headers file."""

from __future__ import annotations

import fnmatch
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import pytest
from conftest import X1PORTAL

from portal.site.cache_policy import EVERYTHING_ELSE, IMMUTABLE, REVALIDATE, RULES, SECURITY, headers_file, rule_for

SAMPLES = [
    "/log/tile/0/x001/234",
    "/log/tile/entries/005.p/17",
    "/log/tile/1/000.p/3",
    "/log/checkpoint",
    "/log/vkey",
    "/verify/snapshot.json",
    "/verify/trust.json",
    "/verify/revocations.json",
    "/verify/records/index.json",
    "/verify/records/0a/1b.json",
    "/index.html",
    "/certificates/web-frontend/index.html",
    "/theme/css/site.css",
]


def test_every_file_has_one_rule_and_the_signed_state_is_revalidated():
    assert rule_for("/log/tile/0/x001/234").cache_control == IMMUTABLE
    assert rule_for("/log/tile/entries/005.p/17").cache_control == IMMUTABLE  # partial tiles never change either
    for path in ["/log/checkpoint", "/verify/snapshot.json", "/verify/trust.json", "/verify/records/index.json"]:
        assert rule_for(path).cache_control == REVALIDATE, path
    assert rule_for("/log/checkpoint").content_type == "text/plain; charset=utf-8"  # c2sp.org/tlog-tiles
    assert rule_for("/verify/records/0a/1b.json").cache_control == "public, max-age=300"
    assert rule_for("/index.html") is EVERYTHING_ELSE
    # the signed state goes up last, after everything it points at
    order = [rule.pattern for rule in RULES]
    assert order[-2:] == ["/verify/snapshot.json", "/log/checkpoint"]


def blocks_of(text: str) -> list[tuple[str, dict[str, str]]]:
    blocks = []
    for line in text.splitlines():
        if line.startswith("/"):
            blocks.append((line, {}))
        elif line.startswith("  "):
            name, value = line.strip().split(": ", 1)
            blocks[-1][1][name] = value
    return blocks


def test_the_headers_file_gives_each_path_each_header_once():
    # a host applies every block whose pattern matches and joins a header given twice: no header may come twice
    blocks = blocks_of(headers_file())
    for path in SAMPLES:
        given = [name for pattern, headers in blocks if fnmatch.fnmatchcase(path, pattern) for name in headers]
        assert len(given) == len(set(given)), path
        caching = [
            pattern for pattern, headers in blocks if fnmatch.fnmatchcase(path, pattern) and "Cache-Control" in headers
        ]
        assert caching == ([] if rule_for(path) is EVERYTHING_ELSE else [rule_for(path).pattern]), path
        assert {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"} <= set(given), path
    assert ("/*", SECURITY) in blocks and SECURITY["Content-Security-Policy"] == "frame-ancestors 'none'"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3(tmp_path):
    """A local S3-compatible server (moto) and the rclone remote `t:` pointing at it, as environment variables."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(endpoint, timeout=1)  # noqa: S310 - the local server just started
            break
        except OSError:
            time.sleep(0.1)
    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="t", aws_secret_access_key="t", region_name="us-east-1"
    )
    client.create_bucket(Bucket="portal")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env |= {
        "RCLONE_CONFIG_T_TYPE": "s3",
        "RCLONE_CONFIG_T_PROVIDER": "Other",
        "RCLONE_CONFIG_T_ENDPOINT": endpoint,
        "RCLONE_CONFIG_T_ACCESS_KEY_ID": "t",
        "RCLONE_CONFIG_T_SECRET_ACCESS_KEY": "t",
        "RCLONE_CONFIG_T_FORCE_PATH_STYLE": "true",
        "RCLONE_CONFIG_DIR": str(tmp_path),
    }
    yield client, env
    server.terminate()
    server.wait()


def deploy(site: Path, env: dict) -> str:
    result = subprocess.run(
        [X1PORTAL, "deploy", "t:portal", "--output", str(site)], capture_output=True, text=True, env=env, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def copied(log: str) -> set[str]:
    """The files rclone sent, from its -v log ("path: Copied (new)" / "(replaced existing)")."""
    return {line.split(" INFO  : ", 1)[1].split(": Copied")[0] for line in log.splitlines() if ": Copied (" in line}


def test_deploy_sends_only_what_changed_with_the_policys_headers(site, tmp_path, s3):
    client, env = s3
    local = tmp_path / "site"
    shutil.copytree(site, local, copy_function=os.link)
    files = {p.relative_to(local).as_posix() for p in local.rglob("*") if p.is_file()} - {"_headers"}

    first = deploy(local, env)
    listed = {
        o["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket="portal")
        for o in page.get("Contents", [])
    }
    assert listed == files and copied(first) == files
    for path in SAMPLES:
        if path.lstrip("/") in files:
            head = client.head_object(Bucket="portal", Key=path.lstrip("/"))
            assert head["CacheControl"] == rule_for(path).cache_control, path
            if rule_for(path).content_type:
                assert head["ContentType"] == rule_for(path).content_type, path

    assert copied(deploy(local, env)) == set()  # nothing changed: nothing sent

    page = local / "index.html"
    page.unlink()  # a link into the session's site: replace it, do not write through it
    page.write_text((site / "index.html").read_text(encoding="utf-8") + "<!-- changed -->", encoding="utf-8")
    (local / "new.txt").write_text("new\n", encoding="utf-8")
    stale = next(p for p in local.glob("log/tile/**/*") if p.is_file())
    stale.unlink()
    third = deploy(local, env)
    assert copied(third) == {"index.html", "new.txt"}
    keys = {o["Key"] for o in client.list_objects_v2(Bucket="portal", Prefix="log/tile/").get("Contents", [])}
    assert stale.relative_to(local).as_posix() not in keys  # removed from the bucket, after the uploads


def test_deploy_refuses_an_unbuilt_site(tmp_path):
    result = subprocess.run([X1PORTAL, "deploy", "t:portal", "--output", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2 and "x1portal build" in result.stdout
