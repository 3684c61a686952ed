"""The holder's credential: what is printed on the certificate plus the signed public record, in two forms.

- JSON file: {"type": CREDENTIAL_TYPE, "holder": {number, name, code}, "record": {…the record's fields…}}.
- Compact (QR): "1." + base64url(version byte, 64-byte signature, then number, name, code, certificate, level,
  issued, organisation, key as UTF-8 joined by U+001F). The lookup id and commitment are recomputed from the
  holder fields, so the QR stays small and the same signature as the public record verifies it.
"""

from __future__ import annotations

import json

from .holder import FORBIDDEN, Holder
from .records import Record
from .signing import SIGNATURE_BYTES, b64url, from_b64url

CREDENTIAL_TYPE = "1x-portal/credential/v1"
COMPACT_PREFIX = "1."
COMPACT_VERSION = 1
MAX_COMPACT = 2000  # characters; anything longer is not ours


def record_of(holder: Holder, organisation: str, certificate: str, level: str, issued: str, key: str,
              signature: str = "") -> Record:
    return Record(organisation, holder.lookup, holder.commitment, certificate, level, issued, key, signature)


def to_json(holder: Holder, record: Record) -> dict:
    fields = {k: v for k, v in zip(("organisation", "lookup", "commitment", "certificate", "level", "issued", "key",
                                    "signature"), record.row())}
    return {"type": CREDENTIAL_TYPE, "holder": {"number": holder.number, "name": holder.name, "code": holder.code},
            "record": fields}


def from_json(data: object) -> tuple[Holder, Record]:
    """ValueError with a message if the credential is not well formed or its ids do not match its holder."""
    if not isinstance(data, dict) or data.get("type") != CREDENTIAL_TYPE:
        raise ValueError(f"不是本平台的证书凭证文件（type 应为 {CREDENTIAL_TYPE}）")
    holder_data, fields = data.get("holder"), data.get("record")
    if not isinstance(holder_data, dict) or not isinstance(fields, dict):
        raise ValueError("凭证缺少 holder 或 record")
    try:
        holder = Holder.of(str(holder_data["number"]), str(holder_data["name"]), str(holder_data["code"]))
        record = Record(*(str(fields[k]) for k in ("organisation", "lookup", "commitment", "certificate", "level",
                                                    "issued", "key", "signature")))
    except KeyError as exc:
        raise ValueError(f"凭证缺少字段 {exc}") from None
    if (record.lookup, record.commitment) != (holder.lookup, holder.commitment):
        raise ValueError("凭证中的查询号或承诺值与持证人信息不符：姓名、编号或验证码被改动")
    return holder, record


def to_compact(holder: Holder, record: Record) -> str:
    fields = [holder.number, holder.name, holder.code, record.certificate, record.level, record.issued,
              record.organisation, record.key]
    body = bytes([COMPACT_VERSION]) + from_b64url(record.signature, SIGNATURE_BYTES) + FORBIDDEN.join(fields).encode()
    return COMPACT_PREFIX + b64url(body)


def from_compact(text: str) -> tuple[Holder, Record]:
    """Parse a compact credential, or a verify-page URL whose fragment carries one."""
    if "#" in text:
        text = text.split("#", 1)[1].removeprefix("c=")
    if len(text) > MAX_COMPACT or not text.startswith(COMPACT_PREFIX):
        raise ValueError("不是本平台的证书二维码内容")
    body = from_b64url(text[len(COMPACT_PREFIX):])
    if len(body) < 1 + SIGNATURE_BYTES or body[0] != COMPACT_VERSION:
        raise ValueError("二维码内容版本不符或已截断")
    try:
        fields = body[1 + SIGNATURE_BYTES:].decode("utf-8").split(FORBIDDEN)
    except UnicodeDecodeError:
        raise ValueError("二维码内容不是有效的 UTF-8 文本") from None
    if len(fields) != 8:
        raise ValueError(f"二维码内容应有 8 个字段，实有 {len(fields)} 个")
    number, name, code, certificate, level, issued, organisation, key = fields
    holder = Holder.of(number, name, code)
    signature = b64url(body[1:1 + SIGNATURE_BYTES])
    return holder, record_of(holder, organisation, certificate, level, issued, key, signature)


def dumps(holder: Holder, record: Record) -> str:
    return json.dumps(to_json(holder, record), ensure_ascii=False, indent=2) + "\n"


def issue(holder: Holder, organisation: str, certificate: str, level: str, issued: str, key: str,
          seed: bytes) -> Record:
    """Sign a new record for holder with the organisation key seed (whose id is key)."""
    from .signing import sign

    unsigned = record_of(holder, organisation, certificate, level, issued, key)
    return record_of(holder, organisation, certificate, level, issued, key, sign(seed, unsigned.signed_part()))
