"""The signed snapshot and the transparency log against the attacks they exist for, in the real page (Chromium) and
with the monitor: an expired snapshot, a rolled-back one, a list whose hash does not match, a revocation list with
an entry removed, a credential that was never published, a forked log, a rewritten history."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import shutil

import pytest
import yaml
from conftest import ROOT

from portal.cli.main import main as x1portal_main
from portal.dates import CHINA
from portal.registry.credentials import credential
from portal.registry.credentials.holder import Holder, new_code
from portal.registry.issue import demo, registry_files
from portal.registry.issue.printable import verify_link
from portal.registry.keys.signing import b64url, public_key_of, sign
from portal.registry.keys.trust import WitnessPolicy
from portal.registry.log import merkle
from portal.registry.log.ledger import record_entry
from portal.registry.log.note import Checkpoint, Verifier, sign_note
from portal.registry.log.tlog import TileReader, TileWriter, folder_fetch, format_proof, tile_path
from portal.registry.store.lookup_store import find, open_index, shard_of, shard_path
from portal.site.bundle import json_block
from portal.vocab import LOG_KEY_REVOCATION_TYPE

HOLDER_INDEX = 4  # a published demo holder


def published_holder():
    for n, (holder, certificate, organisation, level, issued, key) in enumerate(demo.issues(), 1):
        if n == HOLDER_INDEX:
            return holder, credential.issue(holder, organisation, certificate, level, issued, key.key, key.seed)
    raise AssertionError


def resign(folder, consistent: bool = True, **changes) -> None:
    """Re-sign verify/snapshot.json with the (demo) log key after changing it: an authentic snapshot the log key
    really signed, as a rollback or a fork would serve (a checkpoint of another tree has no witness's cosignature). consistent: its version, issue and expiry times agree as the
    build makes them (version = the issue second, expires = issued + 8 days) unless the change sets them."""
    path = folder / "verify" / "snapshot.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document.update(changes)
    checkpoint, origin = document["checkpoint"], document["log"]["origin"]
    text = Checkpoint(origin, checkpoint["size"], base64.urlsafe_b64decode(checkpoint["root_hash"] + "=")).text()
    if not checkpoint["note"].startswith(text + "\n"):  # another tree: the log key alone signs it, no witness does
        checkpoint["note"] = sign_note(text, origin, demo.seed("log"))
    if consistent:
        if "version" in changes and "issued" not in changes:
            document["issued"] = dt.datetime.fromtimestamp(document["version"], CHINA).isoformat()
        issued = dt.datetime.fromisoformat(document["issued"])
        document["version"] = int(issued.timestamp())
        if "expires" not in changes:
            document["expires"] = (issued + dt.timedelta(days=8)).isoformat()
    document.pop("signature")
    document["signature"] = sign(demo.seed("log"), document)
    path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def lookup(page, url: str, holder: Holder) -> str:
    page.goto(f"{url}/verify/")
    page.locator("#verifier:is([data-state=ready], [data-state=broken])").wait_for()
    if page.locator("#verifier").get_attribute("data-state") == "broken":
        return "broken"
    page.locator("#lookup-number").fill(holder.number)
    page.locator("#lookup-name").fill(holder.name)
    page.locator("#lookup-code").fill(holder.code)
    page.get_by_role("button", name="查询并核验").click()
    page.locator("#result[data-verdict]").wait_for()
    return page.locator("#result").get_attribute("data-verdict")


def test_a_published_record_is_valid_and_its_inclusion_is_proved(tab, copy):
    folder, url = copy
    holder, _ = published_holder()
    assert lookup(tab, url, holder) == "valid"
    assert tab.locator("#result").get_attribute("data-registration") == "included"
    assert "已记入公开登记（第" in tab.locator("#result").inner_text()
    assert "登记与撤销信息截至" in tab.locator("#snapshot").inner_text()


def test_an_expired_snapshot_gives_unconfirmed_never_valid(tab, copy):
    folder, url = copy
    tab.clock.set_system_time(dt.datetime(2026, 12, 3, 0, 0, tzinfo=dt.UTC))  # after expires (2026-12-02 02:00Z)
    holder, _ = published_holder()
    assert lookup(tab, url, holder) == "unconfirmed"
    assert "过期" in tab.locator("#result").inner_text()


def test_a_rolled_back_snapshot_is_refused_once_a_newer_one_was_seen(tab, copy):
    folder, url = copy
    holder, _ = published_holder()
    assert lookup(tab, url, holder) == "valid"
    snapshot = json.loads((folder / "verify/snapshot.json").read_text(encoding="utf-8"))
    resign(folder, version=snapshot["version"] - 86400, issued="2026-11-23T10:00:00+08:00")
    assert lookup(tab, url, holder) == "broken"
    assert "回滚" in tab.locator("#result").inner_text()


@pytest.mark.parametrize("change", ["trust", "revocation-removed"])
def test_a_list_that_does_not_match_the_snapshot_is_not_used(tab, copy, change):
    folder, url = copy
    if change == "trust":
        path = folder / "verify/trust.json"
        path.write_text(path.read_text(encoding="utf-8").replace("工业和信息化部", "某某部"), encoding="utf-8")
    else:
        path = folder / "verify/revocations.json"
        lists = json.loads(path.read_text(encoding="utf-8"))
        lists["revocations"] = lists["revocations"][1:]
        path.write_text(json.dumps(lists, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    holder, _ = published_holder()
    assert lookup(tab, url, holder) == "broken"
    assert "与签名快照中的摘要不符" in tab.locator("#result").inner_text()


@pytest.mark.parametrize(
    ("issued", "verdict", "registration"), [("2025-03-03", "invalid", "late"), ("2026-11-23", "unconfirmed", "pending")]
)
def test_a_credential_never_published_is_caught_online(tab, copy, issued, verdict, registration):
    folder, url = copy
    key = next(k for k in demo.KEYS if k.label == "miit-eec-2021")
    holder = Holder.of("OFFBOOK-2026-1", "张三", new_code())
    record = credential.issue(holder, "miit-eec", "web-frontend", "primary", issued, key.key, key.seed)
    tab.goto(verify_link(url, holder, record))
    tab.locator("#result[data-verdict]").wait_for()
    assert tab.locator("#result").get_attribute("data-verdict") == verdict
    assert tab.locator("#result").get_attribute("data-registration") == registration
    assert ("未按规定登记" if registration == "late" else "尚在登记期内") in tab.locator("#result").inner_text()


def test_a_forked_log_is_refused_once_the_real_one_was_seen(tab, copy):
    folder, url = copy
    holder, _ = published_holder()
    assert lookup(tab, url, holder) == "valid"
    snapshot = json.loads((folder / "verify/snapshot.json").read_text(encoding="utf-8"))
    # same size, another tree (its frontier and root consistent, as a log key that signed a fork would publish)
    edge = [b64url(bytes(32)), *snapshot["checkpoint"]["edge"][1:]]
    root = merkle.fold([base64.urlsafe_b64decode(h + "=") for h in edge])
    checkpoint = {**snapshot["checkpoint"], "root_hash": b64url(root), "edge": edge}
    resign(folder, version=snapshot["version"] + 60, checkpoint=checkpoint)
    assert lookup(tab, url, holder) == "broken"
    assert "改写" in tab.locator("#result").inner_text()


def test_the_monitor_passes_on_a_good_history_and_fails_on_a_rewritten_one(copy, tmp_path, capsys):
    folder, _ = copy
    state = tmp_path / "monitor.json"
    assert x1portal_main(["monitor", str(folder), "--state", str(state)]) == 0
    assert "新增 2024 条" in capsys.readouterr().out
    assert x1portal_main(["monitor", str(folder), "--state", str(state)]) == 0
    seen = json.loads(state.read_text())
    # a history rewritten: the same size, a different tree, signed by the log key
    resign(folder, version=json.loads((folder / "verify/snapshot.json").read_text())["version"] + 1)
    state.write_text(json.dumps({**seen, "root_hash": b64url(bytes(32))}))
    assert x1portal_main(["monitor", str(folder), "--state", str(state)]) == 1
    assert "分叉或改写" in capsys.readouterr().out
    # a rollback
    state.write_text(json.dumps({**seen, "version": seen["version"] + 10**6}))
    assert x1portal_main(["monitor", str(folder), "--state", str(state)]) == 1
    assert "回滚" in capsys.readouterr().out
    # a bad entry: a tile of entries changed (its hashes no longer match the signed root)
    bundle = folder / "log/tile/entries/000"
    data = bytearray(bundle.read_bytes())
    data[40] ^= 1
    bundle.write_bytes(bytes(data))
    state.unlink()
    assert x1portal_main(["monitor", str(folder), "--state", str(state)]) == 1
    assert not state.exists()


def test_the_cli_verifies_against_a_published_site_and_an_expired_snapshot_is_unconfirmed(copy, capsys):
    folder, _ = copy
    holder, _ = published_holder()
    who = ["--number", holder.number, "--name", holder.name, "--code", holder.code]
    assert x1portal_main(["registry", "verify", "--site", str(folder), *who, "--now", "2026-11-26T10:00:00+08:00"]) == 0
    out = capsys.readouterr().out
    assert "结论：有效（valid）" in out and "已记入公开登记（第" in out
    assert x1portal_main(["registry", "verify", "--site", str(folder), *who, "--now", "2026-12-03T10:00:00+08:00"]) == 4
    assert "结论：待确认（unconfirmed）" in capsys.readouterr().out


def test_a_holders_file_carries_a_proof_of_registration_that_checks_offline(tab, copy, tmp_path, capsys):
    folder, url = copy
    holder, record = published_holder()
    holders = tmp_path / "holders"
    holders.mkdir()
    proved = holders / "published.credential.json"
    proved.write_text(credential.dumps(holder, record), encoding="utf-8")
    key = next(k for k in demo.KEYS if k.label == "miit-eec-2021")
    other = Holder.of("OFFBOOK-2026-2", "李四", new_code())
    off_book = credential.issue(other, "miit-eec", "web-frontend", "primary", "2026-11-23", key.key, key.seed)
    (holders / "off-book.credential.json").write_text(credential.dumps(other, off_book), encoding="utf-8")

    assert x1portal_main(["registry", "prove", "--site", str(folder), str(holders)]) == 1  # one is not in the log
    out = capsys.readouterr().out
    assert "1 份凭证写入了登记证明" in out and "off-book.credential.json: 尚未记入公开登记" in out
    proof = json.loads(proved.read_text(encoding="utf-8"))["log_proof"]
    assert proof.startswith("c2sp.org/tlog-proof@v1\nindex ") and "\n\n— " in proof
    assert "log_proof" not in json.loads((holders / "off-book.credential.json").read_text(encoding="utf-8"))

    # the CLI against the site, and the single-file verifier with no network, accept the proof: its checkpoint is
    # the snapshot's; against the repository's data (newer than any proof), the data decides
    now = ["--now", "2026-11-26T10:00:00+08:00"]
    assert x1portal_main(["registry", "verify", "--site", str(folder), str(proved), *now]) == 0
    assert "凭证附带的登记证明已离线核对" in capsys.readouterr().out
    assert x1portal_main(["registry", "verify", str(proved), *now]) == 0
    assert "以本仓库的登记数据为准" in capsys.readouterr().out
    check_file(tab, f"{url}/verify/verifier.html", str(proved))
    assert tab.locator("#result").get_attribute("data-verdict") == "valid"
    assert tab.locator("#result").get_attribute("data-registration") == "included"
    assert "凭证附带的登记证明已离线核对" in tab.locator("#result").inner_text()

    # a proof for another leaf (its index changed) does not check out: offline, registration stays unchecked
    forged = holders / "forged.credential.json"
    data = json.loads(proved.read_text(encoding="utf-8"))
    index = int(data["log_proof"].split("\n")[1].split()[1])
    data["log_proof"] = data["log_proof"].replace(f"index {index}\n", f"index {index + 1}\n", 1)
    forged.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tab.locator("#credential-file").set_input_files(str(forged))
    tab.locator("#result[data-registration=unavailable]").wait_for()  # offline, a proof that fails is a doubt
    assert tab.locator("#result").get_attribute("data-verdict") == "unconfirmed"
    assert "凭证附带的登记证明未采用" in tab.locator("#result").inner_text()
    assert x1portal_main(["registry", "verify", "--site", str(folder), str(forged), *now]) == 0  # the site proves it
    out = capsys.readouterr().out
    assert "凭证附带的登记证明未采用" in out and "已记入公开登记（第" in out


def check_file(tab, page: str, file) -> None:
    """Open a verify page (the page or the single file), wait until it is ready, open the credential file in it and
    wait for the verdict."""
    tab.goto(page)
    tab.locator("#verifier[data-state=ready]").wait_for()
    tab.locator("#credential-file").set_input_files(file)
    tab.locator("#result[data-verdict]").wait_for()


def log_entries(folder) -> list[bytes]:
    size = json.loads((folder / "verify" / "snapshot.json").read_text(encoding="utf-8"))["checkpoint"]["size"]
    return TileReader(folder_fetch(folder / "log"), size).entries(0, size)


def proof_over(entries: list[bytes], index: int, origin: str) -> str:
    """A tlog-proof of entries[index] in a tree of `entries`, its checkpoint signed with the (demo) log key: what
    the log key alone can sign for any tree it likes."""
    levels = merkle.levels_of([merkle.leaf_hash(entry) for entry in entries])
    subtree = lambda height, i: levels[height][i]  # noqa: E731
    size = len(entries)
    note = sign_note(Checkpoint(origin, size, merkle.root(subtree, size)).text(), origin, demo.seed("log"))
    return format_proof(index, merkle.inclusion_proof(subtree, index, size), note)


@pytest.mark.parametrize(
    ("tree", "verdict", "registration", "words"),
    [
        ("earlier", "valid", "included", "凭证附带的登记证明已离线核对"),  # the same log, before its last entries
        ("split", "invalid", "late", "与本站公开的日志不一致"),  # same size as the site's, another tree
        ("newer", "invalid", "late", "晚于本站数据"),  # the site's log and one more entry
    ],
)
def test_a_holders_proof_counts_only_where_it_agrees_with_the_published_log(
    tab, copy, tmp_path, capsys, tree, verdict, registration, words
):
    """Item 5 of issue 32. A log key can sign a checkpoint of any tree, so a proof carried in the holder's file counts
    only when its checkpoint is the snapshot's or an earlier state of the same log (proved from the tiles): a proof
    of an off-book credential over a split view or a log ahead of the site's is ignored, with a note, and the site's
    data decides (late: invalid). Offline, the single file has no tiles: only its own checkpoint counts."""
    folder, url = copy
    origin = json.loads((folder / "verify" / "snapshot.json").read_text(encoding="utf-8"))["log"]["origin"]
    entries = log_entries(folder)
    if tree == "earlier":
        holder, record = published_holder()
        index = entries.index(record_entry(record))
        proof = proof_over(entries[: index + 1], index, origin)
    else:
        holder, record = off_book()
        extra = record_entry(record)
        proof = proof_over(
            [*entries[:-1], extra] if tree == "split" else [*entries, extra], len(entries) - (tree == "split"), origin
        )
    data = json.loads(credential.dumps(holder, record))
    data["log_proof"] = proof
    file = tmp_path / "holder.credential.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    now = ["--now", "2026-11-26T10:00:00+08:00"]
    assert x1portal_main(["registry", "verify", "--site", str(folder), str(file), *now]) == (verdict != "valid")
    out = capsys.readouterr().out
    assert f"（{verdict}）" in out and words in out and "Traceback" not in out
    check_file(tab, f"{url}/verify/", str(file))
    assert tab.locator("#result").get_attribute("data-verdict") == verdict
    assert tab.locator("#result").get_attribute("data-registration") == registration
    assert words in tab.locator("#result").inner_text()

    # the single file, offline: no tiles to prove an earlier checkpoint consistent and no witness cosigned it; the
    # proof is not used, and a proof that does not count is a doubt: 待确认, never 有效
    check_file(tab, f"{url}/verify/verifier.html", str(file))
    assert tab.locator("#result").get_attribute("data-verdict") == "unconfirmed"
    assert tab.locator("#result").get_attribute("data-registration") == "unavailable"
    assert "凭证附带的登记证明" in tab.locator("#result .verdict-note").inner_text()


def embedded_lists_without_a_revocation(single: str, lookup: str) -> str:
    """The single file as saved a day earlier, before `lookup` was revoked: its embedded revocations.json lacks
    that revocation and its embedded snapshot (signed by the log key) is a day older."""
    found = re.search(r'(<script type="application/json" id="signed-lists">)(.*?)(</script>)', single, re.S)
    lists = json.loads(found.group(2))
    revocations = json.loads(lists["texts"]["verify/revocations.json"])
    revocations["revocations"] = [r for r in revocations["revocations"] if r["lookup"] != lookup]
    text = json.dumps(revocations, ensure_ascii=False, separators=(",", ":"))
    lists["texts"]["verify/revocations.json"] = text
    document = json.loads(lists["snapshot"])
    issued = dt.datetime.fromisoformat(document["issued"]) - dt.timedelta(days=1)
    document.update(
        version=int(issued.timestamp()),
        issued=issued.isoformat(),
        expires=(issued + dt.timedelta(days=8)).isoformat(),
        files={**document["files"], "verify/revocations.json": hashlib.sha256(text.encode()).hexdigest()},
    )
    document.pop("signature")
    document["signature"] = sign(demo.seed("log"), document)
    lists["snapshot"] = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    block = json_block(lists)
    return single[: found.start(2)] + block + single[found.end(2) :]


def test_the_single_file_judges_by_the_sites_newer_snapshot_when_online(tab, copy):
    """A single file saved before a certificate was revoked, opened online: it reads the site's newer signed
    snapshot, judges by it (revoked, not valid), says so, and remembers it (a rollback to the file's own is then
    refused in this browser)."""
    folder, url = copy
    holder, record = revoked_holder()
    # the single file as downloaded from a site published at `url` (a local build leaves the site out)
    single = (folder / "verify" / "verifier.html").read_text(encoding="utf-8")
    assert 'data-site=""' in single and "connect-src &#39;none&#39;" in single
    downloaded = single.replace('data-site=""', f'data-site="{url}"').replace(
        "connect-src &#39;none&#39;", f"connect-src {url}/verify/"
    )
    (folder / "verify" / "offline.html").write_text(
        embedded_lists_without_a_revocation(single, holder.lookup), encoding="utf-8"
    )
    (folder / "verify" / "downloaded.html").write_text(
        embedded_lists_without_a_revocation(downloaded, holder.lookup), encoding="utf-8"
    )
    version = json.loads((folder / "verify/snapshot.json").read_text(encoding="utf-8"))["version"]
    compact = credential.to_compact(holder, record)
    # with no site to ask, the file judges by what it carries: no revocation there
    tab.goto(f"{url}/verify/offline.html#c={compact}")
    tab.locator("#result[data-verdict]").wait_for()
    assert tab.locator("#result").get_attribute("data-verdict") != "revoked"
    tab.goto(f"{url}/verify/downloaded.html#c={compact}")
    offer = tab.locator("#newer-snapshot")
    offer.wait_for()
    assert offer.get_attribute("data-version") == str(version)
    assert "网站上有更新的登记与撤销信息（截至 2026/11/24 10:00）" in offer.inner_text()
    assert "现已改用网站的信息核验" in offer.inner_text()
    assert offer.get_by_role("link", name="下载新的离线核验器").get_attribute("href") == f"{url}/verify/verifier.html"
    tab.locator("#result[data-verdict=revoked]").wait_for()
    assert tab.locator("#snapshot").get_attribute("data-version") == str(version)
    # remembered: the file's own, older snapshot is now a rollback in this browser
    tab.goto(f"{url}/verify/offline.html")
    tab.locator("#verifier[data-state=broken]").wait_for()
    assert "数据被回滚" in tab.locator("#verifier").inner_text()


def revoked_holder() -> tuple[Holder, object]:
    revoked = {
        entry["lookup"]
        for path in (ROOT / "data" / "revocations").glob("*.yaml")
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["revocations"]
    }
    for holder, certificate, organisation, level, issued, key in demo.issues():
        if holder.lookup in revoked:
            return holder, credential.issue(holder, organisation, certificate, level, issued, key.key, key.seed)
    raise AssertionError


def off_book() -> tuple[Holder, object]:
    """A genuine signature (a demo organisation key in force) on a record that was never published, issued more
    than 7 working days before the snapshot: with the log readable, it is invalid (未按规定登记)."""
    key = next(k for k in demo.KEYS if k.label == "miit-eec-2021")
    holder = demo.holder(999_999, 2026)
    return holder, credential.issue(holder, "miit-eec", "web-frontend", "primary", "2026-10-15", key.key, key.seed)


def its_shard(folder, holder: Holder):
    index = json.loads((folder / "verify" / "records" / "index.json").read_text(encoding="utf-8"))
    return folder / "verify" / "records" / shard_path(shard_of(holder.lookup, index["shard_bits"]))


@pytest.mark.parametrize("broken", ["missing", "garbage"])
def test_an_unreadable_lookup_shard_never_makes_an_off_book_credential_valid(tab, copy, tmp_path, capsys, broken):
    """A broken CDN (no key at all) answering 404 or garbage for the one shard the check needs: the page and the CLI
    say 待确认 and why, never 有效, and the CLI prints no traceback."""
    folder, url = copy
    holder, record = off_book()
    file = tmp_path / "off-book.credential.json"
    file.write_text(credential.dumps(holder, record), encoding="utf-8")
    who = ["--now", "2026-11-26T10:00:00+08:00"]
    assert x1portal_main(["registry", "verify", "--site", str(folder), *who, str(file)]) == 1
    assert "无效" in capsys.readouterr().out  # readable: late, so invalid
    shard = its_shard(folder, holder)
    if broken == "missing":
        shard.unlink()
    else:
        shard.write_text("[[", encoding="utf-8")
    assert x1portal_main(["registry", "verify", "--site", str(folder), *who, str(file)]) == 4  # unconfirmed
    out = capsys.readouterr().out
    assert "待确认" in out and "无法核对是否已记入公开登记" in out and "Traceback" not in out
    tab.goto(f"{url}/verify/#c={credential.to_compact(holder, record)}")
    tab.locator("#result[data-verdict]").wait_for()
    assert tab.locator("#result").get_attribute("data-verdict") == "unconfirmed"
    assert tab.locator("#result").get_attribute("data-registration") == "unavailable"
    assert "无法核对是否已记入公开登记" in tab.locator("#result").inner_text()


@pytest.mark.parametrize("other", ["same-size", "smaller"])
def test_another_logs_tiles_under_this_sites_snapshot_are_damage(tab, copy, tmp_path, capsys, other):
    """A's snapshot, lists and checkpoint served over B's tiles (a host or CDN mixing two sites, or two builds): a
    published holder is 待确认 "damaged" in the CLI and the page, never 有效 or 未按规定登记, with no traceback; the
    monitor exits non-zero. B's log has other entries, of the same size or half as many (tiles then missing)."""
    folder, url = copy
    entries = log_entries(folder)
    theirs = [entry.replace(b" ", b"  ", 1) for entry in entries]
    if other == "smaller":
        theirs = theirs[: len(theirs) // 2]
    shutil.rmtree(folder / "log" / "tile")
    writer = TileWriter(folder / "log")
    writer.extend(theirs)
    writer.finish()
    holder, record = published_holder()
    file = tmp_path / "holder.credential.json"
    file.write_text(credential.dumps(holder, record), encoding="utf-8")
    now = ["--now", "2026-11-26T10:00:00+08:00"]
    assert x1portal_main(["registry", "verify", "--site", str(folder), str(file), *now]) == 4
    out = capsys.readouterr().out
    assert "结论：待确认（unconfirmed）" in out and "无法核对是否已记入公开登记" in out and "Traceback" not in out
    tab.goto(verify_link(url, holder, record))
    tab.locator("#result[data-verdict]").wait_for()
    assert tab.locator("#result").get_attribute("data-verdict") == "unconfirmed"
    assert tab.locator("#result").get_attribute("data-registration") == "unavailable"
    assert x1portal_main(["monitor", str(folder), "--state", str(tmp_path / "monitor.json")]) == 1
    assert "Traceback" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "change, words",
    [
        ({"expires": "2036-11-24T10:00:00+08:00"}, "有效期超过 8 天"),  # the log key alone, re-signing for ten years
        ({"version": 2**53 - 1}, "版本号与签发时间不符"),  # would lock every later genuine snapshot out as a rollback
    ],
    ids=["ten-years", "top-version"],
)
def test_a_snapshot_outside_what_the_registry_signs_is_refused(tab, copy, tmp_path, capsys, change, words):
    folder, url = copy
    resign(folder, consistent=False, **change)
    holder, record = published_holder()
    assert lookup(tab, url, holder) == "broken"
    assert words in tab.locator("#result").inner_text()
    file = tmp_path / "holder.credential.json"
    file.write_text(credential.dumps(holder, record), encoding="utf-8")
    status = x1portal_main(
        ["registry", "verify", "--site", str(folder), "--now", "2029-11-26T10:00:00+08:00", str(file)]
    )
    out = capsys.readouterr()
    assert status == 4 and "无法核验" in out.out and words in out.out and "Traceback" not in out.err


def damage(folder, holder: Holder, part: str) -> None:
    """Write access to the host, no key: the published holder's shard emptied (its row gone, the file still JSON),
    or one hash changed in the level-0 tile on the record's path through the log."""
    records = folder / "verify" / "records"
    signed = open_index((records / "index.json").read_bytes())
    shard = records / shard_path(shard_of(holder.lookup, signed.bits))
    if part == "shard":
        shard.write_text("[]", encoding="utf-8")
        return
    row = find(folder_fetch(records), holder.lookup, signed)
    tiles = sorted((folder / "log").glob(f"{tile_path(0, row.log // 256)}*"))
    tile = tiles[-1] if tiles[-1].is_file() else next(p for p in tiles[-1].rglob("*") if p.is_file())
    data = bytearray(tile.read_bytes())
    data[((row.log ^ 1) % 256) * 32] ^= 1  # its sibling: the hash the proof climbs from
    tile.write_bytes(bytes(data))


@pytest.mark.parametrize("part", ["shard", "tile"])
def test_damaged_data_on_a_genuine_records_path_is_damage_not_a_forgery(tab, copy, tmp_path, capsys, part):
    """A genuine, published certificate whose lookup shard or log tile was altered on the host: 待确认 with "已损坏"
    in the CLI (file and printed fields), the page (QR and lookup) and the batch page; never 无效 (未按规定登记)."""
    folder, url = copy
    holder, record = published_holder()
    damage(folder, holder, part)
    file = tmp_path / "holder.credential.json"
    file.write_text(credential.dumps(holder, record), encoding="utf-8")
    site = ["registry", "verify", "--site", str(folder), "--now", "2026-11-26T10:00:00+08:00"]
    assert x1portal_main([*site, str(file)]) == 4
    out = capsys.readouterr()
    assert "待确认" in out.out and "已损坏" in out.out and "未按规定登记" not in out.out and "Traceback" not in out.err
    printed = ["--number", holder.number, "--name", holder.name, "--code", holder.code]
    assert x1portal_main([*site, *printed]) == 4
    out = capsys.readouterr()
    assert "待确认" in out.out and "未找到" not in out.out and "Traceback" not in out.err
    tab.goto(f"{url}/verify/#c={credential.to_compact(holder, record)}")
    tab.locator("#result[data-verdict]").wait_for()
    assert tab.locator("#result").get_attribute("data-verdict") == "unconfirmed"
    assert tab.locator("#result").get_attribute("data-registration") == "unavailable"
    assert "已损坏" in tab.locator("#result").inner_text()
    tab.goto(f"{url}/verify/batch/")
    tab.locator("#batch[data-state=ready]").wait_for()
    tab.locator("#batch-files").set_input_files([str(file)])
    tab.locator("#batch[data-state=done]").wait_for()
    assert tab.locator("#batch-table tbody tr").get_attribute("data-verdict") == "unconfirmed"
    if part == "shard":  # by number, absence cannot be told from damage: the page says it could not look it up
        tab.goto(f"{url}/verify/")
        tab.locator("#verifier[data-state=ready]").wait_for()
        tab.locator("#lookup-number").fill(holder.number)
        tab.locator("#lookup-name").fill(holder.name)
        tab.locator("#lookup-code").fill(holder.code)
        tab.get_by_role("button", name="查询并核验").click()
        tab.get_by_role("heading", name="无法查询").wait_for()
        assert "已损坏" in tab.locator("#result").inner_text()


def trim_revocations(folder) -> None:
    """One revocation removed from revocations.json and the snapshot re-signed over it: the log key's doing."""
    path = folder / "verify" / "revocations.json"
    published = json.loads(path.read_text(encoding="utf-8"))
    published["revocations"] = published["revocations"][1:]
    text = json.dumps(published, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    files = json.loads((folder / "verify" / "snapshot.json").read_text(encoding="utf-8"))["files"]
    resign(folder, files={**files, "verify/revocations.json": hashlib.sha256(text.encode()).hexdigest()})


def flip(path, at: int = 40) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 1
    path.write_bytes(bytes(data))


MONITOR_ATTACKS = {
    "revocations trimmed": (trim_revocations, "revocations.json 少了日志中的撤销"),
    "tile hash altered": (lambda folder: flip(folder / "log/tile/0/003"), "log/tile/0/003 与从条目重算的哈希不符"),
    "entry bundle flipped": (lambda folder: flip(folder / "log/tile/entries/000"), "条目被改写"),
    "vkey garbage": (lambda folder: (folder / "log/vkey").write_text("garbage\n"), "log/vkey"),
    "shard deleted": (lambda folder: (folder / "verify/records/00/03.json").unlink(), "records/00/03.json 无法读取"),
    "shard row removed": (
        lambda folder: (folder / "verify/records/00/05.json").write_text("[]"),
        "records/00/05.json 与日志中的记录不符：缺少",
    ),
}


@pytest.mark.parametrize("attack", MONITOR_ATTACKS)
def test_the_monitor_sees_every_file_on_an_incremental_run(copy, tmp_path, capsys, attack):
    """The monitor ran once and saved its state; then the host is tampered with. The next (incremental) run and a
    fresh one both exit non-zero and say what they found; the state file is left as it was."""
    folder, _ = copy
    state = tmp_path / "monitor.json"
    assert x1portal_main(["monitor", str(folder), "--state", str(state)]) == 0
    capsys.readouterr()
    seen = state.read_bytes()
    change, words = MONITOR_ATTACKS[attack]
    change(folder)
    for fresh in (False, True):
        run = tmp_path / "fresh.json" if fresh else state
        assert x1portal_main(["monitor", str(folder), "--state", str(run)]) == 1, (attack, fresh)
        out = capsys.readouterr().out
        assert words in out and "Traceback" not in out, out[-2000:]
    assert state.read_bytes() == seen and not (tmp_path / "fresh.json").exists()


STAGING = "staging.demo.1x-portal.invalid/log"


def serve_with(folder, seed: bytes, trust_change, **changes) -> None:
    """trust.json changed (trust_change(trust) in place) and the snapshot re-signed over it with `seed`: what the
    holder of that key can serve from a host it controls."""
    trust_path = folder / "verify" / "trust.json"
    trust = json.loads(trust_path.read_text(encoding="utf-8"))
    trust_change(trust)
    text = json.dumps(trust, ensure_ascii=False, separators=(",", ":"))
    trust_path.write_text(text, encoding="utf-8")
    path = folder / "verify" / "snapshot.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["files"]["verify/trust.json"] = hashlib.sha256(text.encode()).hexdigest()
    document.update(changes)
    document.pop("signature")
    document["signature"] = sign(seed, document)
    path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def refused(tab, url, folder, tmp_path, capsys, words: str, now: str = "2026-11-26T10:00:00+08:00") -> None:
    """The page, the batch page and the CLI all refuse the site's data, saying why; no verdict, no traceback."""
    holder, record = published_holder()
    assert lookup(tab, url, holder) == "broken"
    assert words in tab.locator("#verifier").inner_text()
    tab.goto(f"{url}/verify/batch/")
    tab.locator("#batch[data-state=broken]").wait_for()
    file = tmp_path / "holder.credential.json"
    file.write_text(credential.dumps(holder, record), encoding="utf-8")
    status = x1portal_main(["registry", "verify", "--site", str(folder), "--now", now, str(file)])
    out = capsys.readouterr()
    assert status == 4 and "无法核验" in out.out and words in out.out and "Traceback" not in out.err


def test_a_log_key_endorsed_for_a_staging_log_cannot_serve_this_site(tab, copy, tmp_path, capsys):
    """The root endorsed a second log key for a staging origin; its holder serves the production site with a trust
    list naming the staging origin and a snapshot it signed. Every verifier pins the origin, as it pins the root."""
    folder, url = copy
    seed = demo.seed("staging-log")
    staging = registry_files.endorse_log(demo.ROOT_SEED, STAGING, public_key_of(seed), "2020-01-01", "2099-12-31")

    policy = WitnessPolicy.of_data(
        json.loads((folder / "verify" / "trust.json").read_text("utf-8"))["log"]["witnesses"]
    )
    staging_policy = registry_files.sign_witnesses(demo.ROOT_SEED, STAGING, policy.quorum, list(policy.witnesses))

    def to_staging(trust):
        vkey = Verifier(STAGING, public_key_of(seed)).vkey
        trust["log"].update(origin=STAGING, keys=[staging.to_data()], vkey=vkey, witnesses=staging_policy.to_data())

    serve_with(folder, seed, to_staging, log={"origin": STAGING, "key": staging.key})
    refused(tab, url, folder, tmp_path, capsys, "不是本核验器固定的")


def test_a_snapshot_from_the_future_is_refused(tab, copy, tmp_path, capsys):
    """Issued a year ahead by the log key (consistent version and lifetime): refused beyond a 10-minute skew, so
    it can neither be used nor remembered as the newest."""
    folder, url = copy
    resign(folder, issued="2027-11-26T10:00:00+08:00")
    refused(tab, url, folder, tmp_path, capsys, "来自未来")


def test_a_backdated_snapshot_signed_by_a_compromised_log_key_is_refused(tab, copy, tmp_path, capsys):
    """The log key is revoked as compromised from 2026-11-20; the thief signs a snapshot 'issued' the day before,
    still unexpired at the time of checking. A stated issue time proves nothing once the key is stolen."""
    folder, url = copy

    def revoke(trust):
        (key,) = trust["log"]["keys"]
        part = {"type": LOG_KEY_REVOCATION_TYPE, "key": key["key"], "from": "2026-11-20", "reason": "compromised"}
        key["revocation"] = {"from": "2026-11-20", "reason": "compromised", "signature": sign(demo.ROOT_SEED, part)}

    issued = dt.datetime(2026, 11, 19, 10, tzinfo=CHINA)
    serve_with(
        folder,
        demo.seed("log"),
        revoke,
        version=int(issued.timestamp()),
        issued=issued.isoformat(),
        expires=(issued + dt.timedelta(days=8)).isoformat(),
    )
    refused(tab, url, folder, tmp_path, capsys, "已因私钥泄露被吊销")


VERDICT_CASES = {  # holder, time of checking -> the verdict and the exit status `registry verify` gives
    "valid": (published_holder, "2026-11-26T10:00:00+08:00", 0),
    "invalid": (off_book, "2026-11-26T10:00:00+08:00", 1),
    "revoked": (revoked_holder, "2026-11-26T10:00:00+08:00", 3),
    "unconfirmed": (published_holder, "2026-12-03T10:00:00+08:00", 4),  # the snapshot has expired
}


@pytest.mark.parametrize("verdict", VERDICT_CASES)
def test_registry_verify_json_gives_each_verdict_with_its_exit_status(site, tmp_path, capsys, verdict):
    """`registry verify --json`: one JSON object (docs/verifier.md), and the exit status is the verdict's."""
    make, now, status = VERDICT_CASES[verdict]
    holder, record = make()
    file = tmp_path / "candidate.credential.json"
    file.write_text(credential.dumps(holder, record), encoding="utf-8")
    assert x1portal_main(["registry", "verify", "--site", str(site), "--now", now, "--json", str(file)]) == status
    data = json.loads(capsys.readouterr().out)
    assert (data["format"], data["verdict"], data["exit_status"]) == ("1x-portal/verify-result/v1", verdict, status)
    assert data["holder"] == {"name": holder.name, "number": holder.number, "uncommon": []} and len(data["steps"]) == 8
    assert data["snapshot"]["quorum"] == 2 and data["registration"]["state"]


def test_registry_verify_batch_json_exits_with_the_worst_verdict(site, tmp_path, capsys):
    folder = tmp_path / "candidates"
    folder.mkdir()
    for verdict, (make, _, _) in VERDICT_CASES.items():
        holder, record = make()
        (folder / f"{verdict}.credential.json").write_text(credential.dumps(holder, record), encoding="utf-8")
    args = ["registry", "verify", "--site", str(site), "--now", "2026-11-26T10:00:00+08:00", "--json"]
    assert x1portal_main([*args, "--batch", str(folder)]) == 1  # one invalid among them
    data = json.loads(capsys.readouterr().out)
    assert sorted(row["verdict"] for row in data["rows"]) == ["invalid", "revoked", "valid", "valid"]
    (folder / "invalid.credential.json").unlink()
    assert x1portal_main([*args, "--batch", str(folder)]) == 3  # then the revoked one is the worst
