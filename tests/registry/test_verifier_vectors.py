"""The shared verifier vectors (tests/vectors/) in Python; tests/js/verifier.test.mjs and test_verify_page.py
check the same files in Node and in the real page, so the three verifiers cannot drift apart."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from portal.registry.credentials.holder import Holder, HolderError
from portal.registry.keys.signing import from_b64url
from portal.registry.keys.trust import Root, from_published
from portal.registry.validity.registration import LATE, PENDING, UNAVAILABLE, Registration
from portal.registry.validity.steps import verify_credential

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
CREDENTIALS = json.loads((VECTORS / "credentials.json").read_text(encoding="utf-8"))
NORMALIZE = json.loads((VECTORS / "normalize.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def snapshot():
    root = Root(from_b64url(CREDENTIALS["pinned_root"], 32), demo=True)
    return from_published(CREDENTIALS["trust"], CREDENTIALS["revocations"], root)


@pytest.mark.parametrize("case", CREDENTIALS["cases"], ids=lambda c: c["name"])
def test_credential_vector(case, snapshot):
    verdict = verify_credential(case["input"], snapshot)
    assert verdict.to_data() == case["expect"]
    assert verdict.kind(expired=True) == case["verdict_when_expired"]
    assert verdict.kind(registration=Registration(LATE)) == case["verdict_when_late"]
    assert verdict.kind(registration=Registration(PENDING)) == case["verdict_when_pending"]
    assert verdict.kind(registration=Registration(UNAVAILABLE)) == case["verdict_when_unavailable"] != "valid"
    assert verdict.outcome == case["intent"]


def test_every_step_and_error_has_a_vector():
    intents = {case["intent"] for case in CREDENTIALS["cases"]}
    from portal.registry.credentials.credential import CODES
    from portal.registry.validity.steps import STEPS

    assert set(STEPS) - {"valid"} <= intents | {"valid"}, set(STEPS) - intents
    assert set(CODES) <= intents, set(CODES) - intents
    assert {"valid", "proof"} <= intents


@pytest.mark.parametrize("case", NORMALIZE["cases"], ids=lambda c: repr(c["number"])[:30])
def test_normalize_vector(case):
    try:
        holder = Holder.of(case["number"], case["name"], case["code"])
        got = {
            "number": holder.number,
            "name": holder.name,
            "code": holder.code,
            "lookup": holder.lookup,
            "commitment": holder.commitment,
        }
    except HolderError as exc:
        got = {"error": exc.field}
    assert got == case["expect"]


def test_vector_files_are_what_the_generator_writes():
    done = subprocess.run(
        [sys.executable, "scripts/make_vectors.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_published_lists_of_the_site_read_back(site):
    """What the site publishes is exactly what a verifier can rebuild a snapshot from."""
    trust = json.loads((site / "verify" / "trust.json").read_text(encoding="utf-8"))
    revocations = json.loads((site / "verify" / "revocations.json").read_text(encoding="utf-8"))
    settings = runpy.run_path(str(ROOT / "pelicanconf.py"))
    snapshot = from_published(trust, revocations, Root.of_setting(settings["PORTAL"]["REGISTRY_ROOT"]))
    assert len(snapshot.revocations) == len(revocations["revocations"]) > 0
    assert not any(snapshot.key_problems.values())
    forged = {**trust, "root": {**trust["root"], "public_key": CREDENTIALS["trust"]["keys"][0]["public_key"]}}
    with pytest.raises(ValueError, match="根密钥"):
        from_published(forged, revocations, snapshot.root)


@pytest.mark.parametrize(
    "case", json.loads((VECTORS / "dates.json").read_text(encoding="utf-8"))["cases"], ids=lambda c: repr(c["text"])
)
def test_date_vector(case):
    from portal.dates import is_date

    assert is_date(case["text"]) == case["date"]
