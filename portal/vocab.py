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
STORE_FORMAT = "1x-portal/lookup-store/v1"
KEY_FILE_FORMAT = "1x-portal/private-key/v1"


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
    }
