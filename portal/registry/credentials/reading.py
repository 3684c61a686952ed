"""Reading whatever a holder shows into (holder, record, VC document or None): the credential JSON file, the W3C
VC export, a compact QR payload or a verify-page URL. Hard limits are checked before anything is parsed."""

from __future__ import annotations

import json

from portal.registry.credentials import vc
from portal.registry.credentials.credential import CODES, MAX_DEPTH, MAX_FILE, CredentialError, from_compact, from_json
from portal.registry.credentials.holder import Holder, trim_spaces, utf16_length
from portal.registry.credentials.records import Record


def read(text: str) -> tuple[Holder, Record, dict | None]:
    """Any credential a holder may show: the JSON file, the W3C VC export, a compact payload or a verify URL.

    Returns (holder, record, vc) where vc is the parsed VC document when the input is one (its proof is checked
    by the caller against the trust snapshot). CredentialError with a code for anything else.
    """
    if utf16_length(text) > MAX_FILE:
        raise CredentialError("too-large", CODES["too-large"])
    text = trim_spaces(text)
    if not text.startswith("{"):
        return (*from_compact(text), None)
    if json_depth(text) > MAX_DEPTH:
        raise CredentialError("json", CODES["json"])
    try:
        document = json.loads(text)
    except ValueError:
        raise CredentialError("json", CODES["json"]) from None
    if isinstance(document, dict) and "proof" in document:
        return (*vc.record_of(document), document)
    return (*from_json(document), None)


def json_depth(text: str) -> int:
    """How deeply JSON text nests arrays and objects (strings skipped), checked before parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest
