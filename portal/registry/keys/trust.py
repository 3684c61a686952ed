"""The trust chain: the pinned registry root, organisation keys it endorses, and signed revocations.

- data/keys/<organisation>/<key id>.yaml: an organisation key, the root's endorsement of it (organisation, key id,
  public key, validity, the certificates it may sign for) and, if it was revoked, the root's signed revocation.
- data/revocations/<organisation>.yaml: revoked records (lookup id, date, reason), each signed by a key of the
  organisation, or by the root once the organisation has left the pilot.

A Snapshot is everything a verifier needs, and it is exactly what the site publishes as verify/trust.json and
verify/revocations.json: the Python verifier and the browser read the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from portal.dates import is_date
from portal.errors import SettingsError, VerificationError
from portal.registry.keys import edwards
from portal.registry.keys.signing import b64url, from_b64url, key_id_of, verify
from portal.vocab import (
    ENDORSEMENT_TYPE,
    KEY_REVOCATION_REASONS,
    KEY_REVOCATION_TYPE,
    LOG_KEY_REVOCATION_TYPE,
    LOG_KEY_TYPE,
    RECORD_REVOCATION_REASONS,
    RECORD_REVOCATION_TYPE,
    REVOCATIONS_FORMAT,
    TRUST_FORMAT,
    WITNESS_POLICY_TYPE,
)
from portal.workdays import WorkCalendar

ROOT_SIGNER = "root"


@dataclass(frozen=True)
class Root:
    public_key: bytes
    demo: bool

    @property
    def key(self) -> str:
        return key_id_of(self.public_key)

    @property
    def public_key_b64(self) -> str:
        return b64url(self.public_key)

    @classmethod
    def of_setting(cls, setting: dict) -> Root:
        """PORTAL['REGISTRY_ROOT'] = {'public_key': base64url, 'demo': bool}; ValueError if it is unusable."""
        if not isinstance(setting, dict) or set(setting) != {"public_key", "demo"}:
            raise SettingsError("PORTAL['REGISTRY_ROOT'] must be {'public_key': '<base64url>', 'demo': True|False}")
        public_key = from_b64url(setting["public_key"], 32)
        problem = edwards.public_key_problem(public_key)
        if problem:
            raise SettingsError(f"PORTAL['REGISTRY_ROOT'] public key: {problem}")
        return cls(public_key, bool(setting["demo"]))


@dataclass(frozen=True)
class KeyRevocation:
    start: str  # revoked from this date on (records issued on or after it are invalid)
    reason: str
    signature: str

    @classmethod
    def of_data(cls, data: dict | None) -> KeyRevocation | None:
        return cls(data["from"], data["reason"], data["signature"]) if data else None

    def to_data(self) -> dict:
        return {"from": self.start, "reason": self.reason, "signature": self.signature}

    def signed_part(self, organisation: str, key: str) -> dict:
        return {
            "type": KEY_REVOCATION_TYPE,
            "organisation": organisation,
            "key": key,
            "from": self.start,
            "reason": self.reason,
        }


class EndorsedKey:
    """What an organisation key's endorsement and the log key share. A subclass is a frozen dataclass with key,
    public_key, valid_from, valid_until, signature and revocation, and says what the root signs (signed_part,
    revocation_part)."""

    key: str
    public_key: str
    valid_from: str
    valid_until: str
    signature: str
    revocation: KeyRevocation | None

    def signed_part(self) -> dict:
        raise NotImplementedError

    def revocation_part(self) -> dict | None:
        raise NotImplementedError

    @cached_property
    def public_key_bytes(self) -> bytes:
        """The raw key (decoded once: every record signed with it needs it); ValueError if malformed."""
        return from_b64url(self.public_key, 32)

    def problem(self, root: Root) -> str | None:
        """Why this key cannot be trusted under root, or None."""
        return key_problem(self, root, self.signed_part(), self.revocation_part(), KEY_REVOCATION_REASONS)

    def in_force(self, day: str) -> bool:
        """May this key sign on `day`: within its validity, before any revocation."""
        return self.valid_from <= day <= self.valid_until and not (self.revocation and day >= self.revocation.start)

    def to_data(self) -> dict:
        """The YAML form in data/: what the root signed (without its type), the signature, any revocation."""
        data = {**self.signed_part(), "endorsement": {"signature": self.signature}}
        del data["type"]
        if self.revocation:
            data["revocation"] = self.revocation.to_data()
        return data


@dataclass(frozen=True)
class Endorsement(EndorsedKey):
    organisation: str
    key: str
    public_key: str  # base64url
    valid_from: str
    valid_until: str
    scope: tuple[str, ...]
    signature: str
    revocation: KeyRevocation | None = None

    def signed_part(self) -> dict:
        return {
            "type": ENDORSEMENT_TYPE,
            "organisation": self.organisation,
            "key": self.key,
            "public_key": self.public_key,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "scope": list(self.scope),
        }

    @classmethod
    def of_data(cls, data: dict) -> Endorsement:
        return cls(
            data["organisation"],
            data["key"],
            data["public_key"],
            data["valid_from"],
            data["valid_until"],
            tuple(data["scope"]),
            data["endorsement"]["signature"],
            KeyRevocation.of_data(data.get("revocation")),
        )

    def revocation_part(self) -> dict | None:
        return self.revocation.signed_part(self.organisation, self.key) if self.revocation else None


def key_problem(e: EndorsedKey, root: Root, signed: dict, revoked: dict | None, reasons: dict) -> str | None:
    """Why an endorsed key (an organisation's or the log's) cannot be trusted under root, or None."""
    try:
        raw = e.public_key_bytes
    except ValueError as exc:
        return f"public_key is not a 32-byte base64url key: {exc}"
    if key_id_of(raw) != e.key:
        return f"key id {e.key} is not derived from the public key (expected {key_id_of(raw)})"
    weak = edwards.public_key_problem(raw)
    if weak:
        return f"public key rejected: {weak}"
    for name, value in (("valid_from", e.valid_from), ("valid_until", e.valid_until)):
        if not is_date(value):
            return f"{name} {value} is not a calendar date YYYY-MM-DD"
    if e.revocation and not is_date(e.revocation.start):
        return f"revocation date {e.revocation.start} is not a calendar date YYYY-MM-DD"
    if not e.valid_from <= e.valid_until:
        return f"valid_from {e.valid_from} is after valid_until {e.valid_until}"
    if not verify(root.public_key, signed, e.signature):
        return f"the endorsement signature does not verify under the registry root {root.key}"
    if e.revocation:
        if e.revocation.reason not in reasons:
            return f"revocation reason {e.revocation.reason!r} is not one of {sorted(reasons)}"
        if not verify(root.public_key, revoked, e.revocation.signature):
            return f"the key revocation signature does not verify under the registry root {root.key}"
    return None


@dataclass(frozen=True)
class LogKey(EndorsedKey):
    """The registry's log key, endorsed by the root for one log origin: it signs only the log's checkpoints and
    verify/snapshot.json. data/log-keys/<key id>.yaml; revocable by the root like an organisation key."""

    origin: str
    key: str
    public_key: str  # base64url
    valid_from: str
    valid_until: str
    signature: str
    revocation: KeyRevocation | None = None

    def signed_part(self) -> dict:
        return {
            "type": LOG_KEY_TYPE,
            "origin": self.origin,
            "key": self.key,
            "public_key": self.public_key,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
        }

    def revocation_part(self) -> dict | None:
        if not self.revocation:
            return None
        r = self.revocation
        return {"type": LOG_KEY_REVOCATION_TYPE, "key": self.key, "from": r.start, "reason": r.reason}

    @classmethod
    def of_data(cls, data: dict) -> LogKey:
        return cls(
            data["origin"],
            data["key"],
            data["public_key"],
            data["valid_from"],
            data["valid_until"],
            data["endorsement"]["signature"],
            KeyRevocation.of_data(data.get("revocation")),
        )


@dataclass(frozen=True)
class WitnessKey:
    """A witness of the log, as the root names it: the name its cosignatures carry, its Ed25519 public key
    (base64url), whom to contact, and where it takes add-checkpoint requests ("" if the deploy cannot call it)."""

    name: str
    public_key: str
    contact: str
    url: str = ""

    @cached_property
    def public_key_bytes(self) -> bytes:
        return from_b64url(self.public_key, 32)

    def to_data(self) -> dict:
        return {"name": self.name, "public_key": self.public_key, "contact": self.contact, "url": self.url}


@dataclass(frozen=True)
class WitnessPolicy:
    """The root's word on who witnesses the log and how many must cosign (k of n): data/witnesses.yaml, published in
    trust.json. Rotating a witness in or out is a new policy the root signs, like an endorsement."""

    origin: str
    quorum: int
    witnesses: tuple[WitnessKey, ...]
    signature: str

    def signed_part(self) -> dict:
        return {
            "type": WITNESS_POLICY_TYPE,
            "origin": self.origin,
            "quorum": self.quorum,
            "witnesses": [w.to_data() for w in self.witnesses],
        }

    def to_data(self) -> dict:
        data = {**self.signed_part(), "endorsement": {"signature": self.signature}}
        del data["type"]
        return data

    @classmethod
    def of_data(cls, data: dict) -> WitnessPolicy:
        witnesses = tuple(WitnessKey(**w) for w in data["witnesses"])
        return cls(data["origin"], data["quorum"], witnesses, data["endorsement"]["signature"])

    def problem(self, root: Root, origin: str) -> str | None:
        """Why the policy cannot be trusted under root for this log, or None."""
        names = [w.name for w in self.witnesses]
        if self.origin != origin:
            return f"the policy is for the log {self.origin}, not this site's {origin}"
        if len(set(names)) != len(names):
            return "a witness is named twice"
        for w in self.witnesses:
            try:
                weak = edwards.public_key_problem(w.public_key_bytes)
            except ValueError as exc:
                weak = f"not a 32-byte base64url key: {exc}"
            if weak:
                return f"the public key of witness {w.name}: {weak}"
        if not (isinstance(self.quorum, int) and not isinstance(self.quorum, bool) and 1 <= self.quorum <= len(names)):
            return f"quorum {self.quorum!r} is not a whole number from 1 to the {len(names)} witnesses listed"
        if not verify(root.public_key, self.signed_part(), self.signature):
            return f"the policy's signature does not verify under the registry root {root.key}"
        return None


NO_WITNESSES = WitnessPolicy("", 0, (), "")  # a demo registry without data/witnesses.yaml: nothing is witnessed


@dataclass(frozen=True)
class RecordRevocation:
    organisation: str
    lookup: str
    date: str
    reason: str
    signer: str  # a key id of the organisation, or "root"
    signature: str
    sequence: int = 0  # its batch's place in the transparency log (ledger.py); not signed

    def signed_part(self) -> dict:
        return {
            "type": RECORD_REVOCATION_TYPE,
            "organisation": self.organisation,
            "lookup": self.lookup,
            "date": self.date,
            "reason": self.reason,
            "signer": self.signer,
        }

    def to_data(self) -> dict:
        return {
            "lookup": self.lookup,
            "date": self.date,
            "reason": self.reason,
            "signer": self.signer,
            "signature": self.signature,
            "sequence": self.sequence,
        }


@dataclass
class Snapshot:
    """What verification is checked against: pinned root, endorsed keys, catalogue facts, revocations, a date."""

    date: str
    root: Root
    keys: dict[str, Endorsement]
    certificates: dict[str, dict]  # id -> {name, organisation, levels, state}
    organisations: dict[str, dict]  # id -> {name, state, as_of}
    calendar: WorkCalendar  # China's official working days, for the registration period (registration.py)
    revocations: dict[str, RecordRevocation] = field(default_factory=dict)
    key_problems: dict[str, str | None] = field(default_factory=dict)
    log_keys: dict[str, LogKey] = field(default_factory=dict)  # endorsed for log_origin
    log_origin: str = ""
    witnesses: WitnessPolicy = NO_WITNESSES

    def __post_init__(self) -> None:
        self.key_problems = {key: endorsement.problem(self.root) for key, endorsement in self.keys.items()}

    def revocation_problem(self, revocation: RecordRevocation) -> str | None:
        """Why a record revocation cannot be trusted, or None (checked once per entry, at load)."""
        if revocation.reason not in RECORD_REVOCATION_REASONS:
            return f"reason {revocation.reason!r} is not one of {sorted(RECORD_REVOCATION_REASONS)}"
        if not is_date(revocation.date):
            return f"date {revocation.date} is not a calendar date YYYY-MM-DD"
        if revocation.signer == ROOT_SIGNER:
            if self.organisations.get(revocation.organisation, {}).get("state") != "withdrawn":
                return "the root signs revocations only for an organisation that has left the pilot"
            public_key = self.root.public_key
        else:
            endorsement = self.keys.get(revocation.signer)
            if endorsement is None or endorsement.organisation != revocation.organisation:
                return f"signer {revocation.signer} is not a key of {revocation.organisation}"
            if self.key_problems.get(revocation.signer):
                return f"signer {revocation.signer} is not trusted: {self.key_problems[revocation.signer]}"
            # A revocation only ever lowers trust, so one signed by a key that was itself revoked later still
            # stands (fail closed): the worst a thief of the key can do with it is revoke certificates.
            public_key = endorsement.public_key_bytes
        if not verify(public_key, revocation.signed_part(), revocation.signature):
            return "the revocation signature does not verify"
        return None

    def fingerprint_part(self) -> dict:
        """What a record's validity depends on, but revocations (never a build failure) and the date (checked apart)."""
        return {
            "root": self.root.key,
            "keys": [e.to_data() for e in self.keys.values()],
            "certificates": self.certificates,
            "organisations": self.organisations,
        }


def published(snapshot: Snapshot, display: dict) -> tuple[dict, dict]:
    """verify/trust.json and verify/revocations.json: the snapshot as the browser reads it (see from_published).

    display: the names a verifier shows (step titles, level and reason names), so the browser has one source.
    Certificates without levels are left out: no record can name a level of theirs.
    """
    trust = {
        "format": TRUST_FORMAT,
        "date": snapshot.date,
        "root": {"key": snapshot.root.key, "public_key": snapshot.root.public_key_b64, "demo": snapshot.root.demo},
        "keys": [e.to_data() for e in snapshot.keys.values()],
        "certificates": {cid: c for cid, c in snapshot.certificates.items() if c["levels"]},
        "organisations": snapshot.organisations,
        "log": {
            "origin": snapshot.log_origin,
            "keys": [k.to_data() for k in snapshot.log_keys.values()],
            "witnesses": snapshot.witnesses.to_data() if snapshot.witnesses.witnesses else None,
        },
        "calendar": snapshot.calendar.to_data(),
        **display,
    }
    revocations = {
        "format": REVOCATIONS_FORMAT,
        "date": snapshot.date,
        "revocations": [{"organisation": r.organisation, **r.to_data()} for r in snapshot.revocations.values()],
    }
    return trust, revocations


def witness_policy(data: dict | None, root: Root, origin: str) -> WitnessPolicy:
    """The published witness policy, checked; a demo root may have none (NO_WITNESSES), a public one may not."""
    if data is None:
        if root.demo:
            return NO_WITNESSES
        raise VerificationError("信任列表没有见证人策略：公开注册库的日志必须由独立见证人联署")
    try:
        policy = WitnessPolicy.of_data(data)
    except (KeyError, TypeError) as exc:
        raise VerificationError(f"信任列表中的见证人策略缺少字段或字段类型不符：{exc}") from None
    problem = policy.problem(root, origin)
    if problem:
        raise VerificationError(f"信任列表中的见证人策略无效：{problem}")
    return policy


def from_published(trust: dict, revocations: dict, root: Root) -> Snapshot:
    """The snapshot a verifier rebuilds from the published lists, checked against its own pinned root.

    ValueError if the lists are not for this root or a revocation does not verify: a verifier that cannot trust
    its lists says so instead of answering (theme/verifier/trust.js does the same).
    """
    if trust.get("format") != TRUST_FORMAT or revocations.get("format") != REVOCATIONS_FORMAT:
        raise VerificationError("信任列表或撤销列表的格式不符")
    if trust["root"]["public_key"] != root.public_key_b64:
        raise VerificationError("信任列表的根密钥与本核验页固定的根密钥不同")
    if not is_date(trust["date"]):
        raise VerificationError("信任列表的快照日期不是有效日期")
    if revocations["date"] != trust["date"]:
        raise VerificationError("信任列表与撤销列表的快照日期不同")
    keys = {data["key"]: Endorsement.of_data(data) for data in trust["keys"]}
    try:
        calendar = WorkCalendar.of_data(trust["calendar"])
    except (KeyError, TypeError):
        raise VerificationError("信任列表缺少工作日历，或工作日历的字段不符") from None
    snapshot = Snapshot(trust["date"], root, keys, trust["certificates"], trust["organisations"], calendar)
    snapshot.log_origin = trust["log"]["origin"]
    snapshot.log_keys = {data["key"]: LogKey.of_data(data) for data in trust["log"]["keys"]}
    snapshot.witnesses = witness_policy(trust["log"].get("witnesses"), root, snapshot.log_origin)
    for entry in revocations["revocations"]:
        revocation = RecordRevocation(**entry)
        problem = snapshot.revocation_problem(revocation)
        if problem:
            raise VerificationError(f"撤销列表中 {revocation.lookup} 的条目无效：{problem}")
        snapshot.revocations[revocation.lookup] = revocation
    return snapshot
