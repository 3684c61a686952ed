"""Issue 33: with the log key alone (no witness key), none of a forged proof, a split view or a frozen state gives
有效 in any verifier (the CLI, the page, the single file, the batch page); with the witnesses' keys too, the monitor
catches the split view and the frozen state."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from test_log_attacks import check_file, log_entries, off_book, proof_over, published_holder, resign

from portal.cli.main import main as x1portal_main
from portal.registry.credentials import credential
from portal.registry.issue import demo
from portal.registry.keys.signing import b64url
from portal.registry.log import merkle
from portal.registry.log.cosignature import cosign
from portal.registry.log.ledger import record_entry
from portal.registry.log.note import Checkpoint, sign_note
from portal.registry.log.witness import Witness, origin_hash
from portal.site.bundle import json_block

NOW = "2026-11-26T10:00:00+08:00"


def snapshot_of(folder) -> dict:
    return json.loads((folder / "verify" / "snapshot.json").read_text(encoding="utf-8"))


def split_view(folder, with_witness_keys: bool = False) -> None:
    """The log key serves a different tree of the same size (an off-book record in place of the last entry): a
    checkpoint and snapshot it signs. With the witnesses' keys too, the split view carries fresh cosignatures."""
    document = snapshot_of(folder)
    entries = log_entries(folder)
    _, record = off_book()
    forked = [*entries[:-1], record_entry(record)]
    levels = merkle.levels_of([merkle.leaf_hash(e) for e in forked])
    edge = [levels[h][i] for h, i in merkle.frontier(len(forked))]
    root = merkle.fold(edge)
    origin = document["log"]["origin"]
    text = Checkpoint(origin, len(forked), root).text()
    note = sign_note(text, origin, demo.seed("log"))
    if with_witness_keys:
        issued = int(dt.datetime.fromisoformat(document["issued"]).timestamp()) + 60
        note += "".join(cosign(text, name, demo.seed(name), demo.public_key(name), issued) for name in demo.WITNESSES)
    checkpoint = {"size": len(forked), "root_hash": b64url(root), "edge": [b64url(h) for h in edge], "note": note}
    resign(folder, version=document["version"] + 60, checkpoint=checkpoint)
    (folder / "log" / "checkpoint").write_text(note, encoding="utf-8")
    embed_snapshot(folder)


def frozen_state(folder, days: int = 2, with_witness_keys: bool = False) -> None:
    """The log key re-signs the snapshot it published `days` ago with a new issue time, to keep a state from going
    stale (and hide what was logged since): its witnesses' cosignatures are as old as the checkpoint, unless the
    attacker holds the witness keys too and cosigns it afresh."""
    document = snapshot_of(folder)
    issued = dt.datetime.fromisoformat(document["issued"]) + dt.timedelta(days=days)
    changes = {}
    if with_witness_keys:
        note = document["checkpoint"]["note"]
        text, origin = note[: note.index("\n\n") + 1], document["log"]["origin"]
        fresh = "".join(
            cosign(text, name, demo.seed(name), demo.public_key(name), int(issued.timestamp()))
            for name in demo.WITNESSES
        )
        changes["checkpoint"] = {**document["checkpoint"], "note": sign_note(text, origin, demo.seed("log")) + fresh}
    resign(folder, issued=issued.isoformat(), **changes)
    embed_snapshot(folder)


def embed_snapshot(folder) -> None:
    """The single file as the attacker would serve it: its embedded snapshot is the one now in verify/."""
    path = folder / "verify" / "verifier.html"
    single = path.read_text(encoding="utf-8")
    found = re.search(r'(<script type="application/json" id="signed-lists">)(.*?)(</script>)', single, re.S)
    lists = json.loads(found.group(2))
    lists["snapshot"] = (folder / "verify" / "snapshot.json").read_text(encoding="utf-8")
    path.write_text(single[: found.start(2)] + json_block(lists) + single[found.end(2) :], encoding="utf-8")


def verdicts(tab, url, folder, tmp_path, capsys, file, now: str) -> dict[str, str]:
    """The verdict on a credential file in each verifier: the CLI against the site, the page, the single file (as
    served: online, with no newer snapshot to find) and the batch page."""
    found = {}
    code = x1portal_main(["registry", "verify", "--site", str(folder), str(file), "--now", now])
    out = capsys.readouterr().out
    assert "Traceback" not in out
    found["cli"] = (
        re.search(r"结论：\S+（(\w+)）", out)[1] if code in (0, 1, 3, 4) and "结论" in out else f"exit {code}"
    )
    for name, page in (("page", "verify/"), ("single", "verify/verifier.html")):
        tab.goto(f"{url}/{page}")
        tab.locator("#verifier:is([data-state=ready], [data-state=broken])").wait_for()
        tab.locator("#credential-file").set_input_files(str(file))
        tab.locator("#result[data-verdict]").wait_for()
        found[name] = tab.locator("#result").get_attribute("data-verdict")
    tab.goto(f"{url}/verify/batch/")
    tab.locator("#batch[data-state=ready]").wait_for()
    tab.locator("#batch-files").set_input_files([str(file)])
    tab.locator("#batch[data-state=done]").wait_for()
    found["batch"] = tab.locator("#batch-table tbody tr").get_attribute("data-verdict")
    return found


def credential_file(tmp_path, holder, record, proof: str | None = None):
    data = json.loads(credential.dumps(holder, record))
    if proof:
        data["log_proof"] = proof
    file = tmp_path / "candidate.credential.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return file


def test_a_genuine_holder_is_valid_everywhere_on_the_witnessed_site(tab, copy, tmp_path, capsys):
    """The control: the demo's 2-of-2 witnesses cosigned the checkpoint the build published, and every verifier
    shows who did."""
    folder, url = copy
    holder, record = published_holder()
    note = (folder / "log" / "checkpoint").read_text(encoding="utf-8")
    assert all(f"\n— {name} " in note for name in demo.WITNESSES) and snapshot_of(folder)["checkpoint"]["note"] == note
    found = verdicts(tab, url, folder, tmp_path, capsys, credential_file(tmp_path, holder, record), NOW)
    assert found == {"cli": "valid", "page": "valid", "single": "valid", "batch": "valid"}
    for page in ("verify/", "verify/verifier.html"):
        tab.goto(f"{url}/{page}")
        tab.locator("#verifier[data-state=ready]").wait_for()
        line = tab.locator("#witnesses").inner_text()
        assert "独立见证" in line and all(name in line for name in demo.WITNESSES), line


def test_a_forged_proof_of_an_off_book_credential_is_never_valid(tab, copy, tmp_path, capsys):
    """A proof over a log that holds the off-book record, signed by the log key alone: ignored everywhere; online
    the site's data says 未按规定登记, offline the doubt gives 待确认."""
    folder, url = copy
    holder, record = off_book()
    entries = log_entries(folder)
    origin = snapshot_of(folder)["log"]["origin"]
    proof = proof_over([*entries, record_entry(record)], len(entries), origin)
    found = verdicts(tab, url, folder, tmp_path, capsys, credential_file(tmp_path, holder, record, proof), NOW)
    assert found == {"cli": "invalid", "page": "invalid", "single": "unconfirmed", "batch": "invalid"}, found


@pytest.mark.parametrize("attack", ["split-view", "frozen-state"])
def test_a_view_only_the_log_key_signed_is_never_valid(tab, copy, tmp_path, capsys, attack):
    """A split view (another tree of the same size) or a frozen state (an old checkpoint in a re-signed snapshot):
    without fresh cosignatures of the policy's witnesses, a published holder is at most 待确认, in every verifier."""
    folder, url = copy
    holder, record = published_holder()
    if attack == "split-view":
        split_view(folder)
        now = NOW
    else:
        frozen_state(folder)
        now = "2026-11-27T10:00:00+08:00"  # checked while the re-signed snapshot is in force
    found = verdicts(tab, url, folder, tmp_path, capsys, credential_file(tmp_path, holder, record), now)
    assert set(found.values()) == {"unconfirmed"}, found
    tab.goto(f"{url}/verify/")
    tab.locator("#verifier[data-state=ready]").wait_for()
    assert "独立见证不足" in tab.locator("#witnesses").inner_text()


@pytest.mark.parametrize("attack", ["split-view", "frozen-state"])
def test_with_the_witness_keys_too_the_monitor_catches_a_split_view_and_a_frozen_state(copy, tmp_path, capsys, attack):
    """An attacker holding the log key and every witness key can make verifiers believe a split view or a frozen
    state; the monitor, which saw the real log, cannot be: it reports the fork, or a log shorter than it saw."""
    folder, _ = copy
    state = tmp_path / "monitor.json"
    assert x1portal_main(["monitor", str(folder), "--state", str(state), "--now", NOW]) == 0
    if attack == "split-view":
        split_view(folder, with_witness_keys=True)
        now, words = NOW, "分叉或改写"
    else:
        # the monitor saw the real log grow by 5 entries; the attacker keeps serving the old checkpoint, re-signed
        # two days later with fresh cosignatures made with the stolen witness keys
        seen = json.loads(state.read_text(encoding="utf-8"))
        state.write_text(json.dumps({**seen, "size": seen["size"] + 5, "root_hash": b64url(bytes(32))}), "utf-8")
        frozen_state(folder, with_witness_keys=True)
        now, words = "2026-11-27T10:00:00+08:00", "改写：日志从"
    assert x1portal_main(["monitor", str(folder), "--state", str(state), "--now", now]) == 1
    assert words in capsys.readouterr().out


def test_the_monitor_audits_a_witness_state_against_the_site(copy, tmp_path, capsys):
    """--witness-state: the checkpoint a witness last cosigned must be this log's, no longer than the site's and
    consistent with it. A witness that cosigned another view of the same size is reported."""
    folder, _ = copy
    document = snapshot_of(folder)
    origin = document["log"]["origin"]
    name = demo.WITNESSES[0]
    witness = Witness(name, demo.seed(name), [], tmp_path / "w", lambda: dt.datetime.fromisoformat(NOW))
    path = witness.state / origin_hash(origin)
    path.write_text(document["checkpoint"]["note"], encoding="utf-8")
    args = ["monitor", str(folder), "--state", str(tmp_path / "m.json"), "--witness-state", str(witness.state)]
    assert x1portal_main([*args, "--now", NOW]) == 0
    entries = log_entries(folder)
    other = [*entries[:-1], b"another view"]
    levels = merkle.levels_of([merkle.leaf_hash(e) for e in other])
    root = merkle.root(lambda h, i: levels[h][i], len(other))
    path.write_text(sign_note(Checkpoint(origin, len(other), root).text(), origin, demo.seed("log")), encoding="utf-8")
    assert x1portal_main([*args, "--now", NOW]) == 1
    assert "分叉：见证人联署了另一棵" in capsys.readouterr().out


def test_online_the_tiles_decide_even_against_stolen_witness_keys(tab, copy, tmp_path, capsys):
    """A forged proof whose checkpoint the attacker also cosigned with every witness key: online, the site's tiles
    contradict it, so the CLI and the page say 无效 (未按规定登记). Only the single file offline, with no tiles,
    takes the quorum's word; that is what the witnesses' keys are for, and why they are independent."""
    folder, url = copy
    holder, record = off_book()
    entries = log_entries(folder)
    origin = snapshot_of(folder)["log"]["origin"]
    proof = proof_over([*entries, record_entry(record)], len(entries), origin)
    head, note = proof.split("\n\n", 1)
    text = note[: note.index("\n\n") + 1]
    when = int(dt.datetime.fromisoformat(NOW).timestamp())
    cosigned = note + "".join(cosign(text, n, demo.seed(n), demo.public_key(n), when) for n in demo.WITNESSES)
    file = credential_file(tmp_path, holder, record, f"{head}\n\n{cosigned}")
    assert x1portal_main(["registry", "verify", "--site", str(folder), str(file), "--now", NOW]) == 1
    assert "未按规定登记" in capsys.readouterr().out
    check_file(tab, f"{url}/verify/", str(file))
    assert tab.locator("#result").get_attribute("data-verdict") == "invalid"
