"""The portal's vocabulary, in one place: entity kinds, certificate levels, states, education levels, revocation
reasons and the type strings that name every signed or published object.

Python reads these names from here; the browser reads the same ones from theme/verifier/vocab.js, which
`x1portal vocab --write` generates from this module (a test keeps the two equal).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """A kind of catalogue entity: one YAML file per entity in data/<folder>/, checked by data/schemas/<schema>."""

    schema: str  # singular, also the schema's name: certificate
    folder: str  # plural, the folder under data/: certificates
    heading: str  # what a Chinese reader calls it
    name_field: str  # the field that names an entity


KINDS = (
    Kind("certificate", "certificates", "证书", "name"),
    Kind("organisation", "organisations", "培训评价组织", "name"),
    Kind("standard", "standards", "职业技能等级标准", "title"),
    Kind("document", "documents", "政策文件", "title"),
    Kind("batch", "batches", "试点批次", "name"),
)
KIND_BY_FOLDER = {kind.folder: kind for kind in KINDS}

# certificate levels (职业技能等级) and catalogue states
LEVEL_NAMES = {"primary": "初级", "intermediate": "中级", "advanced": "高级"}
STATE_NAMES = {"proposed": "公示（拟参与）", "confirmed": "已确认", "withdrawn": "已退出", "active": "试点组织"}

# education levels of the 2021 major catalogue: our key -> (the CSV's education_level, the label students know)
EDUCATION_LEVELS = {
    "secondary": ("VOCATIONAL_SECONDARY", "中职"),
    "associate": ("VOCATIONAL_ASSOCIATE", "高职专科"),
    "vocational_bachelor": ("VOCATIONAL_BACHELOR", "职业本科"),
}

# the fixed reasons of revocations (no free text, so nothing can leak a name)
KEY_REVOCATION_REASONS = {
    "compromised": "私钥泄露或疑似泄露",
    "superseded": "已由新密钥替换",
    "organisation-withdrawn": "组织退出试点",
}
RECORD_REVOCATION_REASONS = {
    "issued-in-error": "信息有误或误发",
    "fraud": "考试舞弊或申报材料不实",
    "superseded": "已更正并重新颁发",
    "withdrawn": "颁发组织撤销证书",
}

# the columns of an organisation's export that `registry sign` and the issuer page read: column -> the header names
# accepted for it (Chinese, English); any other column (ID numbers…) is ignored
EXPORT_COLUMNS = {
    "number": ("证书编号", "number"),
    "name": ("姓名", "name"),
    "certificate": ("证书", "certificate"),
    "level": ("等级", "level"),
    "issued": ("颁发日期", "issued"),
}

# The four verdicts a verifier gives (the page, the single file, the CLI and the shared vectors alike)
VERDICTS = {
    "valid": "有效",  # genuine, in force as of the snapshot
    "revoked": "已撤销",  # genuine, but the organisation revoked it
    "invalid": "无效",  # forged, altered, unknown or unauthorised key, not a credential of this registry …
    "unconfirmed": "待确认",  # genuine as far as checked, but something could not be checked (data too old)
}

# Holder names (README, "Names"; portal/registry/credentials/holder.py and theme/verifier/holder.js apply these alike).
# Code points never part of a printed name, refused wherever a name is read: controls other than spaces, invisible
# and zero-width characters, bidi controls, variation selectors, tags, private use, surrogates, noncharacters.
NAME_REFUSED = (
    (0x00, 0x08),
    (0x0E, 0x1F),
    (0x7F, 0x84),
    (0x86, 0x9F),
    (0xAD, 0xAD),
    (0x34F, 0x34F),
    (0x61C, 0x61C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xD800, 0xDFFF),
    (0xE000, 0xF8FF),
    (0xFDD0, 0xFDEF),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB),
    (0xFFFE, 0xFFFF),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
    (0xF0000, 0x10FFFF),
)
# middle-dot variants people type between the parts of a name (买买提·艾力): all read as MIDDLE_DOT; a full stop
# (NAME_STOPS) reads as one too when it stands next to a CJK character ("J. Smith" keeps its full stop)
MIDDLE_DOT = "\u00b7"
NAME_DOTS = "\u00b7\u0387\u2022\u2027\u2219\u22c5\u2e31\u30fb\ua78f\uff65"
NAME_STOPS = ".\uff0e"
# CJK and other full-width scripts, written without spaces: a space next to one of these (or to a middle dot) is
# dropped, so 林黛玉, 林 黛玉 and 林　黛玉 are one name; between two other letters one space stays (John Smith)
NAME_WIDE = (
    (0x1100, 0x11FF),
    (0x2E80, 0xA4CF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)

# type strings: every signed object carries one (domain separation), every published file names its format
RECORD_TYPE = "1x-portal/record/v1"
RECORDS_FILE_FORMAT = "1x-portal/records/v1"
ENDORSEMENT_TYPE = "1x-portal/endorsement/v1"
KEY_REVOCATION_TYPE = "1x-portal/key-revocation/v1"
RECORD_REVOCATION_TYPE = "1x-portal/record-revocation/v1"
LOOKUP_TYPE = "1x-portal/lookup/v1"
COMMITMENT_TYPE = "1x-portal/commitment/v1"
CREDENTIAL_TYPE = "1x-portal/credential/v1"
TRUST_FORMAT = "1x-portal/trust/v1"
REVOCATIONS_FORMAT = "1x-portal/revocations/v1"
STORE_FORMAT = "1x-portal/lookup-store/v2"
COMMITMENT_PREFIX = 8  # characters of a commitment the lookup store keeps (48 bits): tells a wrong name from a forgery
KEY_FILE_FORMAT = "1x-portal/private-key/v1"
LOG_KEY_TYPE = "1x-portal/log-key/v1"
WITNESS_POLICY_TYPE = "1x-portal/witness-policy/v1"  # the root's list of the log's witnesses and its quorum
WITNESSES_FILE = "witnesses.yaml"  # in data/: the witness policy
LOG_KEY_REVOCATION_TYPE = "1x-portal/log-key-revocation/v1"
SNAPSHOT_FORMAT = "1x-portal/snapshot/v1"
TLOG_PROOF_HEADER = "c2sp.org/tlog-proof@v1"

# publishing signs verify/snapshot.json valid for this many days (the deploy workflow re-signs it daily)
SNAPSHOT_EXPIRES_DAYS = 8
# a snapshot issued later than now by more than this is refused: a verifier's clock may be this far behind
CLOCK_SKEW_MINUTES = 10
# a cosignature counts for a snapshot only if made at most this long before the snapshot was issued: the deploy
# collects them just before it signs, and a frozen state re-signed later cannot bring fresh ones
COSIGNATURE_FRESH_MINUTES = 60
# organisations enter every certificate into the national platform within 7 working days (教职成厅函〔2019〕19号)
REGISTRATION_WORKING_DAYS = 7


def for_browser() -> dict:
    """What the browser modules need of this vocabulary (theme/verifier/vocab.js)."""
    return {
        "RECORD_TYPE": RECORD_TYPE,
        "ENDORSEMENT_TYPE": ENDORSEMENT_TYPE,
        "KEY_REVOCATION_TYPE": KEY_REVOCATION_TYPE,
        "RECORD_REVOCATION_TYPE": RECORD_REVOCATION_TYPE,
        "LOOKUP_TYPE": LOOKUP_TYPE,
        "COMMITMENT_TYPE": COMMITMENT_TYPE,
        "CREDENTIAL_TYPE": CREDENTIAL_TYPE,
        "TRUST_FORMAT": TRUST_FORMAT,
        "REVOCATIONS_FORMAT": REVOCATIONS_FORMAT,
        "STORE_FORMAT": STORE_FORMAT,
        "COMMITMENT_PREFIX": COMMITMENT_PREFIX,
        "NAME_REFUSED": NAME_REFUSED,
        "MIDDLE_DOT": MIDDLE_DOT,
        "NAME_DOTS": NAME_DOTS,
        "NAME_STOPS": NAME_STOPS,
        "NAME_WIDE": NAME_WIDE,
        "VERDICTS": VERDICTS,
        "LOG_KEY_TYPE": LOG_KEY_TYPE,
        "WITNESS_POLICY_TYPE": WITNESS_POLICY_TYPE,
        "LOG_KEY_REVOCATION_TYPE": LOG_KEY_REVOCATION_TYPE,
        "SNAPSHOT_FORMAT": SNAPSHOT_FORMAT,
        "SNAPSHOT_EXPIRES_DAYS": SNAPSHOT_EXPIRES_DAYS,
        "CLOCK_SKEW_MINUTES": CLOCK_SKEW_MINUTES,
        "COSIGNATURE_FRESH_MINUTES": COSIGNATURE_FRESH_MINUTES,
        "TLOG_PROOF_HEADER": TLOG_PROOF_HEADER,
        "REGISTRATION_WORKING_DAYS": REGISTRATION_WORKING_DAYS,
        # the issuer page (theme/issuer/)
        "KEY_FILE_FORMAT": KEY_FILE_FORMAT,
        "RECORDS_FILE_FORMAT": RECORDS_FILE_FORMAT,
        "LEVEL_NAMES": LEVEL_NAMES,
        "RECORD_REVOCATION_REASONS": RECORD_REVOCATION_REASONS,
        "EXPORT_COLUMNS": EXPORT_COLUMNS,
    }
