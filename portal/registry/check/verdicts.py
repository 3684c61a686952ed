"""One credential judged as the verify page judges it: one of the four verdicts, and the reason in one sentence.

The single check (`x1portal registry verify FILE`) prints a Judgement with its steps; the batch check
(`--batch`, portal/registry/check/batch.py) makes a table row of it. Both judge against the same Checker: the trust
snapshot, and where the record's registration is looked up (a published site's log, or the repository's data).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.registry.credentials import vc
from portal.registry.credentials.holder import Holder
from portal.registry.credentials.records import Record
from portal.registry.validity import log_proof, registration
from portal.registry.validity.steps import Verdict, check_record, first_failure, verify_credential
from portal.vocab import LEVEL_NAMES


@dataclass(frozen=True)
class Judgement:
    kind: str  # one of portal.vocab.VERDICTS
    reason: str  # the verdict in one plain sentence
    verdict: Verdict | None = None
    registered: registration.Registration | None = None
    notes: tuple[str, ...] = ()  # what was noticed on the way (a proof in the file that did not check out)
    expired: bool = False

    @property
    def holder(self) -> Holder | None:
        return self.verdict.holder if self.verdict else None

    @property
    def record(self) -> Record | None:
        return self.verdict.record if self.verdict else None


@dataclass
class Checker:
    """Where credentials are judged: the trust snapshot; a published site (site, state) or the repository's
    registry; and the time of checking, passed in."""

    snapshot: object
    now: dt.datetime
    site: object = None
    state: object = None
    registry: object = None

    def credential(self, text: str) -> Judgement:
        """A credential file's text, a W3C VC, or a QR code's payload."""
        return self._judge(verify_credential(text, self.snapshot), text)

    def printed(self, number: str, name: str, code: str) -> Judgement:
        """What is printed on a certificate: its number, the holder's name and the verification code."""
        try:
            holder = Holder.of(number, name, code)
        except ValueError as exc:
            return Judgement("invalid", f"输入有误：{exc}")
        if self.site:  # the store keeps a prefix of the commitment: the whole record is made from the holder's data
            try:
                found = self.site.find(holder.lookup)
            except ValueError as exc:  # VerificationError: unreadable or damaged, which says nothing of the record
                return Judgement(
                    "unconfirmed", f"无法查询：本站的查询数据无法读取或已损坏（{exc}）。请稍后再试，或向颁发组织核实。"
                )
            row = found.record(holder.commitment) if found else None
        else:
            found = self.registry.find(holder.lookup)
            row = found if found and found.commitment == holder.commitment else None
        if found is None:
            return Judgement("invalid", "未找到：没有与该证书编号和验证码对应的登记记录。请核对编号与验证码。")
        if row is None:
            return Judgement("invalid", "姓名不符：该编号与验证码的登记记录属于另一姓名。")
        return self._judge(Verdict(holder=holder, record=row, steps=check_record(row, self.snapshot)), None)

    def _judge(self, verdict: Verdict, text: str | None) -> Judgement:
        if verdict.error:
            return Judgement("invalid", str(verdict.error), verdict)
        notes: list[str] = []
        registered = self._registration(verdict.record, log_proof.of_credential(text) if text else None, notes)
        expired = bool(self.state and self.state.expired(self.now))
        kind = verdict.kind(expired, registered)
        return Judgement(
            kind,
            _reason(verdict, kind, self.snapshot.date, expired, registered),
            verdict,
            registered,
            tuple(notes),
            expired,
        )

    def _registration(self, record: Record, proof_text: str | None, notes: list[str]) -> registration.Registration:
        """From the credential's own proof when it agrees with the site's signed state (log_proof.check); else from
        the site's log, or the repository's data (which is newer than any proof: a proof is not read against it)."""
        if self.site:
            state = self.state
            if not state.witnessed:  # the whole view is in doubt: no proof or tile can settle it
                return registration.unwitnessed(state.cosigners, state.quorum)
            if proof_text:
                try:
                    return log_proof.check(
                        proof_text,
                        record,
                        self.snapshot,
                        self.now,
                        size=state.size,
                        root=state.root_hash,
                        subtree=self.site.tiles().subtree,
                    )
                except (ValueError, OSError) as exc:  # a tile missing or damaged: the proof is not used
                    notes.append(str(exc))
            return self.site.registration(record)
        if proof_text:
            notes.append("凭证附带的登记证明未使用：以本仓库的登记数据为准")
        if self.registry and self.registry.find(record.lookup) == record:
            return registration.Registration(registration.INCLUDED, evidence="记录在本仓库的登记数据中")
        return registration.missing(record.issued, self.snapshot.date, self.snapshot.calendar)

    def names(self, record: Record) -> tuple[str, str, str]:
        """(certificate, level, organisation) as a person reads them."""
        certificate = self.snapshot.certificates.get(record.certificate, {}).get("name", record.certificate)
        organisation = self.snapshot.organisations.get(record.organisation, {}).get("name", record.organisation)
        return certificate, LEVEL_NAMES.get(record.level, record.level), organisation


def _reason(verdict: Verdict, kind: str, snapshot_date: str, expired: bool, registered) -> str:
    """The verdict in one plain sentence (the verify page says the same)."""
    if kind == "valid":
        return f"签名真实，截至 {snapshot_date} 未被撤销。请核对候选人身份证件上的姓名与此一致。"
    failure = first_failure(verdict.steps or [])
    if kind == "revoked":
        return f"签名真实，但颁发组织已撤销此证书：{failure.evidence}"
    if kind == "unconfirmed":
        if expired:
            return "签名真实，但签名快照已过期，其后的撤销无法确认；请获取最新数据后再核验。"
        return f"签名真实，但{registered.evidence}。"
    if verdict.proof and not verdict.proof[0]:
        return f"{vc.PROOF_TITLE}未通过：{verdict.proof[1]}"
    if failure is None:
        return f"签名真实，但{registered.evidence}。请向颁发组织核实。"
    return f"“{failure.title}”一项未通过：{failure.evidence}"
