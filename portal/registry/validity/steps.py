"""Verify one record against a trust snapshot: the ordered list of checks, each with its evidence.

The same steps, in the same order, run in the browser (issue 4) and in `x1portal registry verify`. Each step
is passed, failed or not applicable (when an earlier failure leaves nothing to check); a record is valid only if
no step failed. The build runs this on every record and stops at any failure.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import NamedTuple

from portal.dates import is_date
from portal.registry.credentials import vc
from portal.registry.credentials.credential import CODES, CredentialError
from portal.registry.credentials.holder import HOLDER_ERRORS, Holder
from portal.registry.credentials.reading import read
from portal.registry.credentials.records import ID, WELL_FORMED, Record
from portal.registry.keys.signing import verify_bytes, verify_signature
from portal.registry.keys.trust import Snapshot
from portal.registry.validity.registration import LATE, PENDING, UNAVAILABLE, Registration
from portal.vocab import KEY_REVOCATION_REASONS, LEVEL_NAMES, RECORD_REVOCATION_REASONS

PASSED, FAILED, NOT_APPLICABLE = "passed", "failed", "not_applicable"
STATE_NAMES = {PASSED: "通过", FAILED: "未通过", NOT_APPLICABLE: "不适用"}

KEY_REVOKED = "key_revoked"

STEPS = {
    "well_formed": "记录格式完整",
    "issuer": "签发组织与密钥已找到",
    "endorsed": "密钥经注册中心根密钥背书",
    "catalogue": "证书与等级在目录中，且在密钥授权范围内",
    "validity": "颁发日期在密钥有效期内",
    "signature": "签名有效",
    "not_revoked": "证书未被撤销",
    "status": "证书与组织现状",
}

# What a verifier shows, published in trust.json so the browser names things exactly as this module does.
DISPLAY = {
    "steps": STEPS,
    "states": STATE_NAMES,
    "levels": LEVEL_NAMES,
    "reasons": {"key": KEY_REVOCATION_REASONS, "record": RECORD_REVOCATION_REASONS},
    "errors": CODES,
    "holder_errors": HOLDER_ERRORS,
}


class Step(NamedTuple):  # a named tuple, not a dataclass: the build makes eight per record, 10^6 records
    step: str
    state: str
    evidence: str
    # KEY_REVOKED when the only fault is a key revocation dated on or before the issue date: the record was valid
    # data when committed, so the build publishes it and verifiers fail it with that reason.
    cause: str = ""

    @property
    def title(self) -> str:
        return STEPS[self.step]

    def __str__(self) -> str:
        return f"[{STATE_NAMES[self.state]}] {self.title}：{self.evidence}"


def valid(steps: list[Step]) -> bool:
    return all(step.state != FAILED for step in steps) and any(
        s.step == "signature" and s.state == PASSED for s in steps
    )


def first_failure(steps: list[Step]) -> Step | None:
    return next((step for step in steps if step.state == FAILED), None)


def check_record(
    record: Record | None, snapshot: Snapshot, *, form_error: str | None = None, memo: dict | None = None
) -> list[Step]:
    """Every step for one record. form_error: why the record could not even be read (then nothing else applies).

    memo: a dict the caller keeps while checking many records against one snapshot (the build does, for 10^6): the
    steps that depend only on the record's organisation, key, certificate, level and issue date are worked out once
    per distinct combination of those. The steps are the same with or without it."""
    if form_error is None and record is not None:
        try:
            record.check_form()
        except ValueError as exc:
            form_error = str(exc)
    if form_error or record is None:
        failed = Step("well_formed", FAILED, form_error or "没有记录")
        return [failed, *_not_applicable({"well_formed"}, "记录无法读取，其余检查无从进行")]
    context = (record.organisation, record.key, record.certificate, record.level, record.issued)
    found = memo.get(context) if memo is not None else None
    if found is None:
        found = _context_steps(record, snapshot)
        if memo is not None:
            memo[context] = found
    before, status, public_key, signed, not_revoked = found
    steps = [Step("well_formed", PASSED, f"查询号 {record.lookup}"), *before]
    if status is None:  # the issuer or its key is unknown: the rest do not apply
        return steps
    if verify_signature(public_key, record.signed_bytes(), record.signature):
        steps.append(signed)
    else:
        steps.append(Step("signature", FAILED, "签名与记录内容不符：记录在签名后被改动，或并非由该密钥签发"))
    revocation = snapshot.revocations.get(record.lookup)
    if revocation and revocation.date <= snapshot.date:
        reason = RECORD_REVOCATION_REASONS.get(revocation.reason, revocation.reason)
        steps.append(Step("not_revoked", FAILED, f"已于 {revocation.date} 撤销：{reason}"))
    else:
        steps.append(not_revoked)
    steps.append(status)
    return steps


def publishable(organisation: str, line: object, snapshot: Snapshot, quick: dict) -> Record | None:
    """The record of a records-file line when it surely passes every check_record step with no failure that stops
    the build, found the fast way a build needs for 10^6 lines: one regex for the form, the steps its context
    decides worked out once per context (quick: a dict the caller keeps), then the signature. None means "look
    closer": check_record then gives the steps and says why. tests/registry/test_scale.py holds the two to each other."""
    if not isinstance(line, str) or not WELL_FORMED.fullmatch(line):
        return None
    record = Record(organisation, *line.split(" "))
    context = (organisation, record.key, record.certificate, record.level, record.issued)
    public_key = quick.get(context, False)
    if public_key is False:
        before, status, public_key, _, _ = _context_steps(record, snapshot)
        stops = status is None or any(s.state == FAILED and s.cause != KEY_REVOKED for s in (*before, status))
        plain = ID.fullmatch(organisation)  # the rest of the line is plain: WELL_FORMED
        public_key = quick[context] = None if stops or not plain or not is_date(record.issued) else public_key
    if public_key is None or record.lookup in snapshot.revocations:
        return None
    signature = base64.urlsafe_b64decode(record.signature + "==")  # canonical: WELL_FORMED checked it
    return record if verify_bytes(public_key, record.plain_signed_bytes(), signature) else None


def _not_applicable(done: set[str], reason: str) -> list[Step]:
    return [Step(step, NOT_APPLICABLE, reason) for step in STEPS if step not in done]


def _context_steps(record: Record, snapshot: Snapshot) -> tuple:
    """The steps issuer, endorsed, catalogue and validity, the status step, the key to check the signature with,
    and the steps signature and not_revoked as they read when passed: everything that depends on the record's
    organisation, key, certificate, level and issue date alone. When the issuer or its key is unknown, the steps
    after it are not applicable (listed), with no status step."""
    steps: list[Step] = []

    def add(step: str, state: str, evidence: str, cause: str = "") -> None:
        steps.append(Step(step, state, evidence, cause))

    organisation = snapshot.organisations.get(record.organisation)
    endorsement = snapshot.keys.get(record.key)
    if organisation is None:
        add("issuer", FAILED, f"目录中没有组织 {record.organisation}")
        return steps + _not_applicable({"well_formed", "issuer"}, "签发组织未知"), None, b"", None, None
    if endorsement is None or endorsement.organisation != record.organisation:
        add("issuer", FAILED, f"{organisation['name']} 没有登记编号为 {record.key} 的密钥")
        return steps + _not_applicable({"well_formed", "issuer"}, "签名密钥未知"), None, b"", None, None
    add("issuer", PASSED, f"{organisation['name']}，密钥 {record.key}")

    key_problem = snapshot.key_problems.get(record.key)
    if key_problem:
        add("endorsed", FAILED, f"密钥 {record.key} 的背书无效：{key_problem}")
    else:
        add(
            "endorsed",
            PASSED,
            f"根密钥 {snapshot.root.key}{'（演示根密钥）' if snapshot.root.demo else ''} "
            f"于背书中授权至 {endorsement.valid_until}",
        )

    certificate = snapshot.certificates.get(record.certificate)
    if certificate is None:
        add("catalogue", FAILED, f"目录中没有证书 {record.certificate}")
    elif record.level not in (certificate["levels"] or []):
        known = "、".join(LEVEL_NAMES[x] for x in certificate["levels"] or []) or "等级未知（标准未导入）"
        add("catalogue", FAILED, f"{certificate['name']} 没有“{LEVEL_NAMES[record.level]}”等级（目录中：{known}）")
    elif certificate["organisation"] != record.organisation:
        add("catalogue", FAILED, f"{certificate['name']} 不由 {organisation['name']} 颁发")
    elif record.certificate not in endorsement.scope:
        add(
            "catalogue",
            FAILED,
            f"密钥 {record.key} 无权为 {certificate['name']} 签名（授权范围：{'、'.join(endorsement.scope)}）",
        )
    else:
        add("catalogue", PASSED, f"{certificate['name']} {LEVEL_NAMES[record.level]}，在密钥授权范围内")

    revoked_key = endorsement.revocation
    if not endorsement.valid_from <= record.issued <= endorsement.valid_until:
        add(
            "validity",
            FAILED,
            f"颁发日期 {record.issued} 不在密钥有效期 {endorsement.valid_from} 至 {endorsement.valid_until} 内",
        )
    elif record.issued > snapshot.date:
        add("validity", FAILED, f"颁发日期 {record.issued} 晚于信任快照日期 {snapshot.date}")
    elif revoked_key and record.issued >= revoked_key.start:
        reason = KEY_REVOCATION_REASONS.get(revoked_key.reason, revoked_key.reason)
        add(
            "validity",
            FAILED,
            f"密钥自 {revoked_key.start} 起已吊销（{reason}），颁发日期 {record.issued} 在其后",
            KEY_REVOKED,
        )
    else:
        add(
            "validity",
            PASSED,
            f"颁发于 {record.issued}，密钥有效期 {endorsement.valid_from} 至 "
            f"{endorsement.valid_until}" + (f"，{revoked_key.start} 起吊销" if revoked_key else ""),
        )

    return (
        steps,
        Step(*_status(record, certificate, organisation)),
        endorsement.public_key_bytes,
        Step("signature", PASSED, f"Ed25519 签名与密钥 {record.key} 相符"),
        Step("not_revoked", PASSED, f"截至信任快照日期 {snapshot.date} 未被撤销"),
    )


def _status(record: Record, certificate: dict | None, organisation: dict) -> tuple[str, str, str]:
    if certificate is None:
        return "status", NOT_APPLICABLE, "证书不在目录中"
    if organisation["state"] == "withdrawn":
        left = organisation.get("as_of") or "日期未知"
        if organisation.get("as_of") and record.issued < organisation["as_of"]:
            return "status", PASSED, f"{organisation['name']} 于 {left} 退出试点；本证书颁发于退出之前"
        return "status", FAILED, f"{organisation['name']} 已退出试点（{left}），此后不得颁发证书"
    if certificate["state"] == "withdrawn":
        left = certificate.get("as_of") or "日期未知"
        if certificate.get("as_of") and record.issued < certificate["as_of"]:
            return "status", PASSED, f"{certificate['name']} 于 {left} 退出目录；本证书颁发于退出之前"
        return "status", FAILED, f"{certificate['name']} 已退出目录（{left}），此后不得颁发"
    return "status", PASSED, f"{certificate['name']}：目录状态“{certificate['state_name']}”；组织为试点组织"


@dataclass
class Verdict:
    """The answer for one credential input: why it could not be read, or the VC proof (if any) and every step."""

    error: CredentialError | None = None
    holder: Holder | None = None
    record: Record | None = None
    proof: tuple[bool, str] | None = None
    steps: list[Step] | None = None

    @property
    def valid(self) -> bool:
        return self.error is None and (self.proof is None or self.proof[0]) and valid(self.steps or [])

    def kind(self, expired: bool = False, registration: Registration | None = None) -> str:
        """One of VERDICTS: revoked when the only fault is the organisation's revocation of a genuine record;
        invalid too when a genuine record is missing from the log past the registration period; unconfirmed when
        everything passed but the signed snapshot has expired or the record is still within that period."""
        if self.error or (self.proof and not self.proof[0]):
            return "invalid"
        failure = first_failure(self.steps or [])
        if failure is not None:
            return "revoked" if failure.step == "not_revoked" else "invalid"
        if registration and registration.state == LATE:
            return "invalid"
        if expired or (registration and registration.state in (PENDING, UNAVAILABLE)):
            return "unconfirmed"
        return "valid"

    @property
    def outcome(self) -> str:
        """What the verdict amounts to: 'valid', the input error's code, 'proof', or the first failed step."""
        if self.error:
            return self.error.code
        if self.proof and not self.proof[0]:
            return "proof"
        failure = first_failure(self.steps or [])
        return failure.step if failure else "valid"

    def to_data(self) -> dict:
        """The comparable form used by the shared test vectors (tests/vectors/credentials.json)."""
        return {
            "valid": self.valid,
            "verdict": self.kind(),
            "error": self.error.code if self.error else None,
            "proof": [PASSED if self.proof[0] else FAILED, self.proof[1]] if self.proof else None,
            "steps": [[s.step, s.state, s.evidence] for s in self.steps or []],
        }


def verify_credential(text: str, snapshot: Snapshot) -> Verdict:
    """Read any credential form (forms.read) and run every check; never raises on hostile input."""
    try:
        holder, record, document = read(text)
    except CredentialError as error:
        return Verdict(error=error)
    proof = None
    if document is not None:
        endorsed = snapshot.keys.get(record.key)
        proof = vc.check_proof(document, endorsed.public_key_bytes if endorsed else None)
    return Verdict(holder=holder, record=record, proof=proof, steps=check_record(record, snapshot))
