"""W3C Verifiable Credential 2.0 export with a Data Integrity proof, cryptosuite eddsa-jcs-2022 (W3C vc-di-eddsa §3.3).

hashData = SHA-256(JCS(proof config)) || SHA-256(JCS(document without proof)); the proof value is
"z" + base58btc(Ed25519(hashData)). The verification method is the did:key of the organisation key, so any
eddsa-jcs-2022 verifier can check the proof; our verifier also checks that the key is endorsed by the registry
root and runs the record steps on the registry record the credential carries.
"""

from __future__ import annotations

import copy

from portal.errors import VerificationError
from portal.registry.credentials.credential import check_ids, holder_of, text_fields
from portal.registry.credentials.holder import Holder, utf16_length
from portal.registry.credentials.records import Record
from portal.registry.keys import multibase
from portal.registry.keys.signing import canonical, sha256, sign_bytes, verify_bytes
from portal.vocab import LEVEL_NAMES

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CRYPTOSUITE = "eddsa-jcs-2022"
MAX_PROOF_TEXT = 400  # characters of verificationMethod + proofValue (ours: about 190)


def did_key(public_key: bytes) -> str:
    return "did:key:" + multibase.multikey(public_key)


def verification_method(public_key: bytes) -> str:
    multikey = multibase.multikey(public_key)
    return f"did:key:{multikey}#{multikey}"


def proof_config(document: dict, options: dict) -> dict:
    """The proof options with the document's @context (§3.3.5), without proofValue."""
    config = {k: v for k, v in options.items() if k != "proofValue"}
    config["@context"] = document["@context"]
    return config


def hash_data(document: dict, config: dict) -> bytes:
    """§3.3.4: proof-config hash first, then the document hash (64 bytes)."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    return sha256(canonical(config)) + sha256(canonical(unsecured))


def add_proof(document: dict, seed: bytes, public_key: bytes, created: str) -> dict:
    """The document with an eddsa-jcs-2022 proof; created is an XML Schema dateTime passed in by the caller."""
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method(public_key),
        "proofPurpose": "assertionMethod",
    }
    config = proof_config(document, options)
    signature = sign_bytes(seed, hash_data(document, config))
    signed = copy.deepcopy(document)
    signed["proof"] = {**config, "proofValue": multibase.encode(signature)}
    return signed


def verify_proof(document: dict) -> tuple[bool, bytes | None, str]:
    """(verified, public key of the verification method, why not). Never raises on hostile input."""
    proof = document.get("proof") if isinstance(document, dict) else None
    if not isinstance(proof, dict):
        return False, None, "没有 proof"
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return False, None, f"proof 不是 DataIntegrityProof / {CRYPTOSUITE}"
    if proof.get("proofPurpose") != "assertionMethod":
        return False, None, "proofPurpose 不是 assertionMethod"
    method, value = proof.get("verificationMethod"), proof.get("proofValue")
    try:
        if not isinstance(method, str) or not isinstance(value, str) or utf16_length(method + value) > MAX_PROOF_TEXT:
            raise VerificationError("not text of a sensible length")
        did, fragment = method.split("#", 1)
        if did != f"did:key:{fragment}":
            raise VerificationError("fragment is not the key")
        public_key = multibase.public_key_of_multikey(fragment)
        signature = multibase.decode(value)
    except ValueError:
        return False, None, "verificationMethod 或 proofValue 无法解析"
    context = proof.get("@context")
    if context is not None:
        document_context = document.get("@context")
        listed = context if isinstance(context, list) else [context]
        have = document_context if isinstance(document_context, list) else [document_context]
        if have[: len(listed)] != listed:
            return False, public_key, "proof 的 @context 与凭证不符"
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    if context is not None:
        unsecured["@context"] = context
    try:
        data = hash_data(unsecured, config)
    except (TypeError, ValueError):
        return False, public_key, "无法规范化（JCS）"
    if not verify_bytes(public_key, data, signature):
        return False, public_key, "eddsa-jcs-2022 签名无效"
    return True, public_key, ""


def credential(holder: Holder, record: Record, names: dict) -> dict:
    """The unsigned VC of one certificate. names: certificate full name and organisation name from the catalogue."""
    return {
        "@context": [VC_CONTEXT],
        "id": f"urn:1x-portal:record:{record.lookup}",
        "type": ["VerifiableCredential", "VocationalSkillLevelCertificate"],
        "name": f"{names['certificate']}（{LEVEL_NAMES[record.level]}）",
        "issuer": {"id": f"urn:1x-portal:organisation:{record.organisation}", "name": names["organisation"]},
        "validFrom": f"{record.issued}T00:00:00+08:00",
        "credentialSubject": {
            "name": holder.name,
            "certificateNumber": holder.number,
            "verificationCode": holder.code,
            "achievement": {
                "certificate": record.certificate,
                "name": names["certificate"],
                "level": record.level,
                "levelName": LEVEL_NAMES[record.level],
                "issued": record.issued,
            },
            "registryRecord": {
                "organisation": record.organisation,
                "lookup": record.lookup,
                "commitment": record.commitment,
                "key": record.key,
                "signature": record.signature,
            },
        },
    }


PROOF_TITLE = "W3C 凭证证明（eddsa-jcs-2022）"


def check_proof(document: dict, endorsed_key: bytes | None) -> tuple[bool, str]:
    """The VC's own proof, and that its key is the organisation key the record names (endorsed_key, or None)."""
    ok, public_key, why = verify_proof(document)
    if not ok:
        return False, why
    if endorsed_key is None or public_key != endorsed_key:
        return False, "证明密钥不是该组织登记的密钥"
    return True, "与登记密钥相符"


def record_of(document: dict) -> tuple[Holder, Record]:
    """The holder and registry record a VC of ours carries; CredentialError if it is not one or they disagree."""
    subject = document.get("credentialSubject")
    number, name, code = text_fields(subject, ("certificateNumber", "name", "verificationCode"), "credentialSubject")
    certificate, level, issued = text_fields(
        subject.get("achievement"), ("certificate", "level", "issued"), "credentialSubject.achievement"
    )
    organisation, lookup, commitment, key, signature = text_fields(
        subject.get("registryRecord"),
        ("organisation", "lookup", "commitment", "key", "signature"),
        "credentialSubject.registryRecord",
    )
    holder = holder_of(number, name, code)
    check_ids(holder, lookup, commitment)
    return holder, Record(organisation, lookup, commitment, certificate, level, issued, key, signature)
