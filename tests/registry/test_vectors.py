"""Our JCS, Ed25519, key checks and eddsa-jcs-2022 against the standard vectors (tests/vectors/external/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT

from portal.registry.credentials import vc
from portal.registry.keys import edwards, multibase, signing
from portal.registry.store import lookup_store

VECTORS = ROOT / "tests" / "vectors" / "external"


def vector(*parts: str) -> Path:
    path = VECTORS.joinpath(*parts)
    assert path.exists(), f"standard vector {path} is missing (see tests/vectors/external/README.md)"
    return path


# RFC 8032 §7.1, TEST 1-3 (secret key, public key, message, signature), copied from the RFC's text.
RFC8032 = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
]


@pytest.mark.parametrize("secret, public, message, signature", RFC8032)
def test_rfc8032_section_7_1(secret, public, message, signature):
    seed, msg = bytes.fromhex(secret), bytes.fromhex(message)
    assert signing.public_key_of(seed).hex() == public
    assert signing.sign_bytes(seed, msg).hex() == signature
    assert signing.verify_bytes(bytes.fromhex(public), msg, bytes.fromhex(signature))
    assert not signing.verify_bytes(bytes.fromhex(public), msg + b"x", bytes.fromhex(signature))


@pytest.mark.parametrize("name", ["arrays", "french", "structures", "unicode", "values", "weird"])
def test_rfc8785_cyberphone(name):
    source = vector("rfc8785-cyberphone", "input", f"{name}.json").read_bytes()
    expected = vector("rfc8785-cyberphone", "output", f"{name}.json").read_bytes()
    assert signing.canonical(json.loads(source)) == expected


def test_jcs_is_not_sorted_json_dumps():
    """The two cases the issue names: 56.0 and key order outside the BMP (UTF-16 order, not code points)."""
    assert signing.canonical({"a": 56.0}) == b'{"a":56}'
    assert signing.canonical({"\U0001f600": 1, "\ufb01": 2}) == '{"\U0001f600":1,"\ufb01":2}'.encode()
    assert json.dumps({"\U0001f600": 1, "\ufb01": 2}, sort_keys=True, ensure_ascii=False).index("\ufb01") < 5


def test_wycheproof_ed25519():
    suite = json.loads(vector("wycheproof", "ed25519_test.json").read_text())
    counted = {"valid": 0, "invalid": 0}
    for group in suite["testGroups"]:
        public_key = bytes.fromhex(group["publicKey"]["pk"])
        for case in group["tests"]:
            verified = signing.verify_bytes(public_key, bytes.fromhex(case["msg"]), bytes.fromhex(case["sig"]))
            if case["result"] in counted:
                assert verified == (case["result"] == "valid"), f"tcId {case['tcId']}: {case['comment']}"
                counted[case["result"]] += 1
    assert counted["valid"] > 0 and counted["invalid"] > 50


def test_speccheck_weak_keys_are_rejected_and_never_verify():
    """ed25519-speccheck: small-order and non-canonical public keys are refused by the registry's key check,
    and no signature under them verifies."""
    cases = json.loads(vector("ed25519-speccheck", "cases.json").read_text())
    weak = 0
    for case in cases:
        public_key = bytes.fromhex(case["pub_key"])
        problem = edwards.public_key_problem(public_key)
        if problem:
            weak += 1
            assert not signing.verify_bytes(
                public_key, bytes.fromhex(case["message"]), bytes.fromhex(case["signature"])
            )
    assert weak == 4  # cases 0, 1 (small order) and 10, 11 (non-canonical)
    assert "small-order" in edwards.public_key_problem(bytes.fromhex(cases[0]["pub_key"]))
    assert "non-canonical" in edwards.public_key_problem(bytes.fromhex(cases[10]["pub_key"]))


def test_key_check_accepts_real_keys_and_rejects_unreduced_y():
    for _secret, public, _, _ in RFC8032:
        assert edwards.public_key_problem(bytes.fromhex(public)) is None
    unreduced = (2**255 - 19 + 1).to_bytes(32, "little")  # y = p + 1 encodes the same y as 1
    assert "non-canonical" in edwards.public_key_problem(unreduced)
    identity = (1).to_bytes(32, "little")
    assert "small-order" in edwards.public_key_problem(identity)


def test_w3c_eddsa_jcs_2022_every_stage():
    folder = vector("w3c-vc-di-eddsa")
    stage = lambda name: (folder / "eddsa-jcs-2022" / name).read_text(encoding="utf-8").strip()  # noqa: E731
    keys = json.loads((folder / "keyPair.json").read_text())
    document = json.loads((folder / "unsigned.json").read_text())
    seed = multibase.seed_of_private_multikey(keys["privateKeyMultibase"])
    public_key = multibase.public_key_of_multikey(keys["publicKeyMultibase"])
    assert signing.public_key_of(seed) == public_key
    assert multibase.multikey(public_key) == keys["publicKeyMultibase"]

    expected_config = json.loads(stage("proofConfigJCS.json"))
    options = {k: v for k, v in expected_config.items() if k != "@context"}
    config = vc.proof_config(document, options)
    assert config == expected_config
    assert signing.canonical(config).decode() == stage("proofCanonJCS.txt")
    assert signing.canonical(document).decode() == stage("canonDocJCS.txt")
    assert signing.sha256(signing.canonical(document)).hex() == stage("docHashJCS.txt")
    assert signing.sha256(signing.canonical(config)).hex() == stage("proofHashJCS.txt")
    combined = vc.hash_data(document, config)
    assert combined.hex() == stage("combinedHashJCS.txt")
    signature = signing.sign_bytes(seed, combined)
    assert signature.hex() == stage("sigHexJCS.txt")
    assert multibase.encode(signature) == stage("sigBTC58JCS.txt")
    signed = vc.add_proof(document, seed, public_key, options["created"])
    assert json.dumps(signed, sort_keys=True) == json.dumps(json.loads(stage("signedJCS.json")), sort_keys=True)
    assert vc.verify_proof(signed)[0]


def test_w3c_signed_vector_fails_when_tampered():
    signed = json.loads(vector("w3c-vc-di-eddsa", "eddsa-jcs-2022", "signedJCS.json").read_text())
    assert vc.verify_proof(signed)[0]
    signed["credentialSubject"]["alumniOf"] = "Another School"
    verified, _, why = vc.verify_proof(signed)
    assert not verified and "签名无效" in why


def test_base58btc_round_trip_keeps_leading_zeros():
    for data in (b"", b"\0", b"\0\0\x01", bytes(range(40))):
        assert multibase.from_base58btc(multibase.base58btc(data)) == data


def test_lookup_store_row_vectors():
    """The same vectors as theme/verifier/lookup.js: a row gives the whole record only with the holder's commitment."""
    vectors = json.loads((ROOT / "tests" / "vectors" / "store-rows.json").read_text(encoding="utf-8"))
    assert vectors["fields"] == lookup_store.FIELDS
    for case in vectors["cases"]:
        row = lookup_store.StoreRow.of(case["row"])
        found = row.record(case["commitment"])
        assert (found._asdict() if found else None) == case["record"]
        assert found is None or row.stands_for(found)
