"""Every rule of the trust model, each failing in its own fixture, through the same check_record the build runs."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pytest

from portal.registry.credentials import credential
from portal.registry.credentials.holder import Holder, normalize_code
from portal.registry.credentials.records import Record
from portal.registry.issue import registry_files
from portal.registry.keys.signing import from_b64url, public_key_of, sha256
from portal.registry.keys.trust import Root, Snapshot, from_published
from portal.registry.validity.steps import NOT_APPLICABLE, PASSED, check_record, first_failure, valid
from portal.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parents[2]

ROOT_SEED = sha256(b"test root")
ORG_SEED = sha256(b"test org key")
OTHER_SEED = sha256(b"someone else")
CALENDAR = WorkCalendar("2019-01-01", "2026-12-31", frozenset(), frozenset())
HOLDER = Holder.of("X-2024-0001", "  张三 ", "7k2m-9qxr-4htb")


def snapshot(**changes) -> Snapshot:
    """An organisation 'org' with one endorsed key for cert-a (levels primary/intermediate) and cert-b."""
    endorsement = registry_files.endorse(
        ROOT_SEED, "org", public_key_of(ORG_SEED), "2020-01-01", "2025-12-31", ["cert-a"]
    )
    keys = changes.pop("keys", {endorsement.key: endorsement})
    base = {
        "date": "2026-01-01",
        "root": Root(public_key_of(ROOT_SEED), demo=False),
        "keys": keys,
        "certificates": {
            "cert-a": {
                "name": "证书甲",
                "organisation": "org",
                "levels": ["primary", "intermediate"],
                "state": "confirmed",
                "state_name": "已确认",
                "as_of": "2019-04-15",
            },
            "cert-b": {
                "name": "证书乙",
                "organisation": "org",
                "levels": ["primary"],
                "state": "confirmed",
                "state_name": "已确认",
                "as_of": "2019-04-15",
            },
        },
        "organisations": {"org": {"name": "组织", "state": "active", "as_of": "2019-04-15"}},
        "calendar": CALENDAR,
    }
    base.update(changes)
    return Snapshot(**base)


def record(seed: bytes = ORG_SEED, certificate="cert-a", level="primary", issued="2024-06-30", key=None) -> Record:
    key = key or registry_files.endorse(ROOT_SEED, "org", public_key_of(seed), "2020-01-01", "2025-12-31", []).key
    return credential.issue(HOLDER, "org", certificate, level, issued, key, seed)


def failed_step(steps) -> str:
    failure = first_failure(steps)
    return failure.step if failure else ""


def test_a_good_record_passes_every_step():
    steps = check_record(record(), snapshot())
    assert [s.state for s in steps] == [PASSED] * 8 and valid(steps)


def test_wrong_key_fails_at_the_signature():
    endorsed_key = record().key
    steps = check_record(record(seed=OTHER_SEED, key=endorsed_key), snapshot())
    assert failed_step(steps) == "signature" and not valid(steps)


def test_unendorsed_key_fails_at_the_issuer_step():
    steps = check_record(record(seed=OTHER_SEED), snapshot())
    assert failed_step(steps) == "issuer"
    assert all(s.state == NOT_APPLICABLE for s in steps[2:])


def test_endorsement_by_another_root_fails():
    rogue = registry_files.endorse(OTHER_SEED, "org", public_key_of(ORG_SEED), "2020-01-01", "2025-12-31", ["cert-a"])
    steps = check_record(record(), snapshot(keys={rogue.key: rogue}))
    assert failed_step(steps) == "endorsed" and "registry root" in first_failure(steps).evidence


def test_certificate_outside_the_key_scope_fails():
    steps = check_record(record(certificate="cert-b"), snapshot())
    assert failed_step(steps) == "catalogue" and "授权范围" in first_failure(steps).evidence


def test_unknown_level_fails():
    steps = check_record(record(level="advanced"), snapshot())
    assert failed_step(steps) == "catalogue" and "高级" in first_failure(steps).evidence


def test_unknown_certificate_fails():
    assert failed_step(check_record(record(certificate="cert-z"), snapshot())) == "catalogue"


@pytest.mark.parametrize("issued", ["2019-12-31", "2026-01-01"])
def test_issue_date_outside_key_validity_fails(issued):
    steps = check_record(record(issued=issued), snapshot())
    assert failed_step(steps) == "validity"


def test_issue_date_after_the_snapshot_fails():
    steps = check_record(record(issued="2025-06-01"), snapshot(date="2025-01-01"))
    assert failed_step(steps) == "validity" and "快照" in first_failure(steps).evidence


def test_revoked_key_invalidates_records_from_its_revocation_date_only():
    endorsement = registry_files.endorse(
        ROOT_SEED, "org", public_key_of(ORG_SEED), "2020-01-01", "2025-12-31", ["cert-a"]
    )
    revoked = registry_files.revoke_key(ROOT_SEED, endorsement, "2024-01-01", "compromised")
    trust = snapshot(keys={revoked.key: revoked})
    assert valid(check_record(record(issued="2023-12-31"), trust))
    steps = check_record(record(issued="2024-01-01"), trust)
    assert failed_step(steps) == "validity" and "吊销" in first_failure(steps).evidence


def test_key_revocation_not_signed_by_the_root_is_refused():
    endorsement = registry_files.endorse(
        ROOT_SEED, "org", public_key_of(ORG_SEED), "2020-01-01", "2025-12-31", ["cert-a"]
    )
    forged = registry_files.revoke_key(OTHER_SEED, endorsement, "2024-01-01", "compromised")
    assert "revocation signature" in forged.problem(Root(public_key_of(ROOT_SEED), False))


def test_revoked_record_fails_not_revoked_from_its_date():
    good = record()
    revocation = registry_files.revoke_record("org", good.lookup, "2025-03-01", "fraud", ORG_SEED)
    trust = snapshot()
    assert trust.revocation_problem(revocation) is None
    trust.revocations = {good.lookup: revocation}
    steps = check_record(good, trust)
    assert failed_step(steps) == "not_revoked" and "舞弊" in first_failure(steps).evidence
    trust.date = "2025-02-28"  # before the revocation takes effect
    assert valid(check_record(good, trust))


def test_record_revocation_by_another_key_or_by_root_of_active_org_is_refused():
    trust = snapshot()
    lookup = record().lookup
    assert "not a key of org" in trust.revocation_problem(
        registry_files.revoke_record("org", lookup, "2025-03-01", "fraud", OTHER_SEED)
    )
    by_root = registry_files.revoke_record("org", lookup, "2025-03-01", "withdrawn", ROOT_SEED, by_root=True)
    assert "left the pilot" in trust.revocation_problem(by_root)
    trust.organisations["org"]["state"] = "withdrawn"
    assert trust.revocation_problem(by_root) is None


@pytest.mark.parametrize(
    "field, value",
    [
        ("level", "intermediate"),
        ("issued", "2024-07-01"),
        ("commitment", HOLDER.commitment[:-2] + "AA"),
        ("certificate", "cert-b"),
    ],
)
def test_tampered_field_fails_at_the_signature(field, value):
    trust = snapshot()
    endorsement = next(iter(trust.keys.values()))
    trust.keys[endorsement.key] = dataclasses.replace(endorsement, scope=("cert-a", "cert-b"))
    trust.key_problems = {endorsement.key: None}
    steps = check_record(record()._replace(**{field: value}), trust)
    assert failed_step(steps) == "signature"


def test_non_canonical_or_small_order_key_is_never_trusted():
    for weak in (
        bytes([1] + [0] * 31),  # the identity point: small order
        (2**255 - 19 + 1).to_bytes(32, "little"),
    ):  # y = p + 1: non-canonical
        endorsement = registry_files.endorse(ROOT_SEED, "org", weak, "2020-01-01", "2025-12-31", ["cert-a"])
        problem = endorsement.problem(Root(public_key_of(ROOT_SEED), False))
        assert problem and "public key rejected" in problem


def test_withdrawn_organisation():
    trust = snapshot()
    trust.organisations["org"].update(state="withdrawn", as_of="2024-01-01")
    assert valid(check_record(record(issued="2023-06-01"), trust))
    assert failed_step(check_record(record(issued="2024-06-01"), trust)) == "status"


def test_malformed_record_fails_first_and_nothing_else_applies():
    steps = check_record(record()._replace(lookup="XYZ"), snapshot())
    assert failed_step(steps) == "well_formed" and [s.state for s in steps[1:]] == [NOT_APPLICABLE] * 7


def test_holder_normalisation_and_code_rules():
    assert HOLDER.name == "张三" and HOLDER.code == "7K2M9QXR4HTB"
    assert Holder.of("x-2024-0001", "张三", "7K2M 9QXR 4HTB").lookup == HOLDER.lookup  # case, spaces
    assert normalize_code("oilo-0000-0000") == "0110" + "0" * 8  # O→0, I/L→1
    with pytest.raises(ValueError):
        normalize_code("7K2M-9QXR-4HTU")  # U is not Crockford
    assert Holder.of("X-2024-0001", "张四", HOLDER.code).commitment != HOLDER.commitment
    assert Holder.of("X-2024-0001", "张三", HOLDER.code).lookup == Holder.of("X-2024-0001", "李四", HOLDER.code).lookup


def test_compact_credential_round_trip_and_hostile_input():
    good = record()
    holder, parsed = credential.from_compact("https://x.example/verify/#c=" + credential.to_compact(HOLDER, good))
    assert (holder, parsed) == (HOLDER, good)
    for hostile in ["", "1.", "1.AAAA", "2." + "A" * 100, "1." + "A" * 5000, "1.!!!!", "#c=1.////"]:
        with pytest.raises(ValueError):
            credential.from_compact(hostile)


def test_the_witness_policy_is_the_roots_and_a_public_root_must_have_one():
    """from_published (the CLI's reading of trust.json): an unsigned edit of the policy is refused, and so is a
    non-demo trust list with no policy; a demo root may go without (nothing is then witnessed)."""
    vectors = json.loads((ROOT / "tests" / "vectors" / "credentials.json").read_text(encoding="utf-8"))
    trust, revocations = vectors["trust"], vectors["revocations"]
    demo_root = Root(from_b64url(vectors["pinned_root"], 32), demo=True)
    assert from_published(trust, revocations, demo_root).witnesses.quorum == 2
    lowered = copy.deepcopy(trust)
    lowered["log"]["witnesses"]["quorum"] = 1
    with pytest.raises(ValueError, match="见证人策略无效"):
        from_published(lowered, revocations, demo_root)
    none = copy.deepcopy(trust)
    none["log"]["witnesses"] = None
    assert from_published(none, revocations, demo_root).witnesses.quorum == 0
    with pytest.raises(ValueError, match="没有见证人策略"):
        from_published(none, revocations, Root(demo_root.public_key, demo=False))
