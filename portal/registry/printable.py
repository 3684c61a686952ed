"""What `sign` writes for each holder, outside the repository: credential files, QR code, printable page."""

from __future__ import annotations

import json
from pathlib import Path

import segno
from jinja2 import Environment

from portal.registry import credential, vc
from portal.registry.holder import Holder, format_code
from portal.registry.records import Record
from portal.vocab import LEVEL_NAMES

MAX_QR_VERSION = 15  # at error correction M (issue 4: the QR must stay scannable from paper)

PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ certificate }} {{ level }} · {{ holder.name }}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem;margin:.2rem 0}.demo{border:2px solid #b00;color:#b00;padding:.5rem;font-weight:bold}
dl{display:grid;grid-template-columns:9rem 1fr;gap:.4rem 1rem}dt{color:#555}dd{margin:0}.qr svg{width:12rem;height:12rem}
code{font-size:1.2rem;letter-spacing:.1em}
</style></head><body>
{% if demo %}<p class="demo">演示证书（DEMO）：由演示密钥签名，不是真实证书。</p>{% endif %}
<p>职业技能等级证书</p>
<h1>{{ certificate }}（{{ level }}）</h1>
<dl>
<dt>姓名</dt><dd>{{ holder.name }}</dd>
<dt>证书编号</dt><dd>{{ holder.number }}</dd>
<dt>验证码</dt><dd><code>{{ code }}</code></dd>
<dt>颁发日期</dt><dd>{{ record.issued }}</dd>
<dt>颁发组织</dt><dd>{{ organisation }}</dd>
</dl>
<p class="qr">{{ qr | safe }}</p>
<p>扫描二维码，或在 {{ verify_url }} 输入证书编号、姓名与验证码即可离线核验。</p>
</body></html>
""")


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
    paths["page"].write_text(
        PAGE.render(
            holder=holder,
            record=record,
            code=format_code(holder.code),
            certificate=names["certificate"],
            level=LEVEL_NAMES[record.level],
            organisation=names["organisation"],
            demo=demo,
            qr=qr.svg_inline(scale=4, title="证书核验二维码"),
            verify_url=f"{site_url.rstrip('/')}/verify/",
        ),
        encoding="utf-8",
    )
    return paths
