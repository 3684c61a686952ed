"""What `sign` writes for each holder, outside the repository: credential files, QR code, printable page."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import segno

from portal.registry.credentials import credential, vc
from portal.registry.credentials.holder import Holder, format_code
from portal.registry.credentials.records import Record
from portal.vocab import LEVEL_NAMES

MAX_QR_VERSION = 15  # at error correction M (issue 4: the QR must stay scannable from paper)

# The printable certificate: one template for the CLI and the issuer page (theme/issuer/holder-files.js), filled by
# page_text in both, so that the same holder gets the same page (tests/vectors/sign-export.json).
TEMPLATE = Path(__file__).with_name("certificate.html")
FIELD = re.compile(r"\{\{ (\w+) \}\}")
RAW = {"qr", "demo_notice"}  # written as they are: the QR's SVG (segno) and the fixed demo notice
DEMO_NOTICE = '<p class="demo">演示证书（DEMO）：由演示密钥签名，持证人为虚构，不是真实证书。</p>'
ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}  # as Jinja's autoescape writes them


@functools.cache
def _template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")  # read once: `registry sign` fills it for every holder


def page_text(values: dict[str, str]) -> str:
    """The template with every field filled: text escaped, RAW fields as they are; KeyError for a missing one."""
    return FIELD.sub(
        lambda m: values[m[1]] if m[1] in RAW else re.sub(r"[&<>\"']", lambda c: ESCAPES[c[0]], values[m[1]]),
        _template(),
    )


def page_values(holder: Holder, record: Record, names: dict, site_url: str, demo: bool, qr_svg: str) -> dict:
    return {
        "name": holder.name,
        "number": holder.number,
        "code": format_code(holder.code),
        "issued": record.issued,
        "certificate": names["certificate"],
        "level": LEVEL_NAMES[record.level],
        "organisation": names["organisation"],
        "demo_notice": DEMO_NOTICE if demo else "",
        "qr": qr_svg,
        "verify_url": f"{site_url.rstrip('/')}/verify/",
    }


def verify_link(site_url: str, holder: Holder, record: Record) -> str:
    return f"{site_url.rstrip('/')}/verify/#c={credential.to_compact(holder, record)}"


def qr_of(link: str) -> segno.QRCode:
    code = segno.make(link, error="m", micro=False, boost_error=False)
    if code.version > MAX_QR_VERSION:
        raise ValueError(f"QR version {code.version} > {MAX_QR_VERSION}: the credential is too long to print")
    return code


def write_holder_files(
    folder: Path,
    stem: str,
    holder: Holder,
    record: Record,
    names: dict,
    site_url: str,
    demo: bool,
    seed: bytes,
    public_key: bytes,
    created: str,
) -> dict[str, Path]:
    """credential.json, vc.json (W3C VC 2.0, eddsa-jcs-2022), qr.png and certificate.html for one holder."""
    stem = folder / stem  # a safe file name (sign_export.holder_file_stems), never the raw number
    link = verify_link(site_url, holder, record)
    qr = qr_of(link)
    paths = {
        "credential": stem.with_name(f"{stem.name}.credential.json"),
        "vc": stem.with_name(f"{stem.name}.vc.json"),
        "qr": stem.with_name(f"{stem.name}.qr.png"),
        "page": stem.with_name(f"{stem.name}.html"),
    }
    paths["credential"].write_text(credential.dumps(holder, record), encoding="utf-8")
    signed = vc.add_proof(vc.credential(holder, record, names), seed, public_key, created)
    paths["vc"].write_text(json.dumps(signed, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    qr.save(str(paths["qr"]), scale=6, border=4)
    qr_svg = qr.svg_inline(omitsize=True, border=4, title="证书核验二维码")
    paths["page"].write_text(page_text(page_values(holder, record, names, site_url, demo, qr_svg)), encoding="utf-8")
    return paths
