"""What `sign` writes for each holder, outside the repository: credential files, QR code, printable page."""

from __future__ import annotations

import json
from pathlib import Path

import segno
from jinja2 import Environment

from portal.registry.credentials import credential, vc
from portal.registry.credentials.holder import Holder, format_code
from portal.registry.credentials.records import Record
from portal.vocab import LEVEL_NAMES

MAX_QR_VERSION = 15  # at error correction M (issue 4: the QR must stay scannable from paper)

PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ certificate }}（{{ level }}）· {{ holder.name }}</title>
<style>
@page{size:A4 portrait;margin:0}
*{box-sizing:border-box}
html{background:#f3f5f7}
body{font-family:system-ui,"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;color:#1b1f24;margin:0}
.sheet{width:210mm;min-height:297mm;margin:0 auto;background:#fff;padding:14mm}
.frame{border:3px double #0b5394;min-height:269mm;padding:14mm 16mm;display:flex;flex-direction:column}
.demo{border:2px solid #a4262c;color:#a4262c;padding:3mm;font-weight:700;margin:0 0 8mm}
.kind{letter-spacing:.5em;color:#0b5394;font-size:14pt;margin:0;text-align:center}
h1{font-size:26pt;margin:6mm 0 2mm;text-align:center;line-height:1.3}
.level{text-align:center;font-size:18pt;margin:0 0 10mm}
.level span{display:inline-block;border:2px solid #0b5394;color:#0b5394;padding:1mm 6mm;border-radius:2mm}
dl{display:grid;grid-template-columns:32mm 1fr;gap:4mm 6mm;font-size:13pt;margin:0 0 10mm}
dt{color:#4d5560}dd{margin:0;font-weight:600;overflow-wrap:anywhere}
code{font-size:15pt;letter-spacing:.12em;font-weight:700}
.check{display:grid;grid-template-columns:45mm 1fr;gap:8mm;align-items:center;margin-top:auto;
  border-top:1px solid #d5dae0;padding-top:8mm}
.qr svg{width:45mm;height:45mm;display:block}
.how{font-size:11pt;line-height:1.7;margin:0}.how h2{font-size:13pt;margin:0 0 2mm}.how ol{margin:0;padding-left:5mm}
.url{font-weight:700;overflow-wrap:anywhere}
@media print{html{background:#fff}.sheet{margin:0}}
</style></head><body><main class="sheet"><div class="frame">
{% if demo %}<p class="demo">演示证书（DEMO）：由演示密钥签名，持证人为虚构，不是真实证书。</p>{% endif %}
<p class="kind">职业技能等级证书</p>
<h1>{{ certificate }}</h1>
<p class="level"><span>{{ level }}</span></p>
<dl>
<dt>持证人</dt><dd>{{ holder.name }}</dd>
<dt>证书编号</dt><dd>{{ holder.number }}</dd>
<dt>等级</dt><dd>{{ level }}</dd>
<dt>颁发日期</dt><dd>{{ record.issued }}</dd>
<dt>颁发组织</dt><dd>{{ organisation }}</dd>
<dt>验证码</dt><dd><code>{{ code }}</code></dd>
</dl>
<section class="check" aria-labelledby="how">
<div class="qr">{{ qr | safe }}</div>
<div class="how"><h2 id="how">如何核验本证书</h2><ol>
<li>用手机相机扫描二维码：打开本平台核验页并立即核验。二维码自带签名信息，手机曾打开过核验页后，断网时也能核验。</li>
<li>或在 <span class="url">{{ verify_url }}</span> 输入证书编号、持证人姓名和验证码查询（需要联网）。</li>
</ol></div>
</section>
</div></main></body></html>
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
            qr=qr.svg_inline(omitsize=True, border=4, title="证书核验二维码"),
            verify_url=f"{site_url.rstrip('/')}/verify/",
        ),
        encoding="utf-8",
    )
    return paths
