"""The holder's credential: what is printed on the certificate plus the signed public record, in two forms.

- JSON file: {"type": CREDENTIAL_TYPE, "holder": {number, name, code}, "record": {…the record's fields…}}.
- Compact (QR): "1." + base64url(version byte, 64-byte signature, then number, name, code, certificate, level,
  issued, organisation, key as UTF-8 joined by U+001F). The lookup id and commitment are recomputed from the
  holder fields, so the QR stays small and the same signature as the public record verifies it.
"""

from __future__ import annotations

import json

from portal.errors import PortalError
from portal.registry.credentials.holder import FORBIDDEN, Holder, HolderError, utf16_length
from portal.registry.credentials.records import Record
from portal.registry.keys.signing import SIGNATURE_BYTES, b64url, from_b64url, sign
from portal.vocab import CREDENTIAL_TYPE

COMPACT_PREFIX = "1."
COMPACT_VERSION = 1
MAX_COMPACT = 2000  # characters; anything longer is not ours
MAX_FILE = 64 * 1024  # UTF-16 code units of a credential file (ours are under 3,000)
MAX_DEPTH = 16  # nesting of a credential file (ours: 4)
RECORD_FIELDS = ("organisation", "lookup", "commitment", "certificate", "level", "issued", "key", "signature")


class CredentialError(PortalError, ValueError):
    """Why an input is not a usable credential. code is one of CODES; the browser verifier raises the same codes."""

    def __init__(self, code: str, message: str):
        assert code in CODES, code
        super().__init__(message)
        self.code = code


CODES = {
    "too-large": "输入过长，不是本平台的证书凭证",
    "not-ours": "不是本平台的证书凭证或二维码",
    "base64": "二维码内容不是有效的 base64url 文本",
    "version": "二维码内容版本不符或已截断",
    "utf8": "二维码内容不是有效的 UTF-8 文本",
    "fields": "二维码内容的字段数不对",
    "json": "文件不是有效的 JSON",
    "missing": "凭证缺少字段，或字段不是文本",
    "holder": "持证人信息格式不对",
    "mismatch": "凭证中的查询号或承诺值与持证人信息不符：姓名、编号或验证码被改动",
}


def record_of(
    holder: Holder, organisation: str, certificate: str, level: str, issued: str, key: str, signature: str = ""
) -> Record:
    return Record(organisation, holder.lookup, holder.commitment, certificate, level, issued, key, signature)


def to_json(holder: Holder, record: Record) -> dict:
    return {
        "type": CREDENTIAL_TYPE,
        "holder": {"number": holder.number, "name": holder.name, "code": holder.code},
        "record": dict(zip(RECORD_FIELDS, record, strict=False)),
    }


def text_fields(data: object, names: tuple[str, ...], where: str) -> list[str]:
    """The named text fields of a JSON object; CredentialError("missing") naming the first absent or non-text one."""
    if not isinstance(data, dict):
        raise CredentialError("missing", f"凭证缺少 {where}")
    for name in names:
        if not isinstance(data.get(name), str):
            raise CredentialError("missing", f"凭证的 {where}.{name} 缺失或不是文本")
    return [data[name] for name in names]


def holder_of(number: str, name: str, code: str) -> Holder:
    try:
        return Holder.of(number, name, code)
    except HolderError as exc:
        raise CredentialError("holder", str(exc)) from None


def check_ids(holder: Holder, lookup: str, commitment: str) -> None:
    if (lookup, commitment) != (holder.lookup, holder.commitment):
        raise CredentialError("mismatch", CODES["mismatch"])


def from_json(data: object) -> tuple[Holder, Record]:
    """CredentialError if the credential is not well formed or its ids do not match its holder."""
    if not isinstance(data, dict) or data.get("type") != CREDENTIAL_TYPE:
        raise CredentialError("not-ours", f"不是本平台的证书凭证文件（type 应为 {CREDENTIAL_TYPE}）")
    holder = holder_of(*text_fields(data.get("holder"), ("number", "name", "code"), "holder"))
    record = Record(*text_fields(data.get("record"), RECORD_FIELDS, "record"))
    check_ids(holder, record.lookup, record.commitment)
    return holder, record


def to_compact(holder: Holder, record: Record) -> str:
    fields = [
        holder.number,
        holder.name,
        holder.code,
        record.certificate,
        record.level,
        record.issued,
        record.organisation,
        record.key,
    ]
    body = bytes([COMPACT_VERSION]) + from_b64url(record.signature, SIGNATURE_BYTES) + FORBIDDEN.join(fields).encode()
    return COMPACT_PREFIX + b64url(body)


def from_compact(text: str) -> tuple[Holder, Record]:
    """Parse a compact credential, or a verify-page URL whose fragment carries one."""
    if utf16_length(text) > MAX_COMPACT + 200:
        raise CredentialError("too-large", CODES["too-large"])
    if "#" in text:
        text = text.split("#", 1)[1].removeprefix("c=")
    if utf16_length(text) > MAX_COMPACT or not text.startswith(COMPACT_PREFIX):
        raise CredentialError("not-ours", "不是本平台的证书二维码内容")
    try:
        body = from_b64url(text[len(COMPACT_PREFIX) :])
    except ValueError:
        raise CredentialError("base64", CODES["base64"]) from None
    if len(body) < 1 + SIGNATURE_BYTES or body[0] != COMPACT_VERSION:
        raise CredentialError("version", CODES["version"])
    try:
        fields = body[1 + SIGNATURE_BYTES :].decode("utf-8").split(FORBIDDEN)
    except UnicodeDecodeError:
        raise CredentialError("utf8", CODES["utf8"]) from None
    if len(fields) != 8:
        raise CredentialError("fields", f"二维码内容应有 8 个字段，实有 {len(fields)} 个")
    number, name, code, certificate, level, issued, organisation, key = fields
    holder = holder_of(number, name, code)
    signature = b64url(body[1 : 1 + SIGNATURE_BYTES])
    return holder, record_of(holder, organisation, certificate, level, issued, key, signature)


def dumps(holder: Holder, record: Record) -> str:
    return json.dumps(to_json(holder, record), ensure_ascii=False, indent=2) + "\n"


def issue(
    holder: Holder, organisation: str, certificate: str, level: str, issued: str, key: str, seed: bytes
) -> Record:
    """Sign a new record for holder with the organisation key seed (whose id is key)."""
    unsigned = record_of(holder, organisation, certificate, level, issued, key)
    return record_of(holder, organisation, certificate, level, issued, key, sign(seed, unsigned.signed_part()))
