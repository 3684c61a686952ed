"""The statistics page's figures, computed from the loaded catalogue and the verified registry (never typed in):
each is a small table with a title, a one-sentence reading, its source and the download it can be recomputed from.
`portal/stats/charts.py` draws them; `portal/site/stats_page.py` writes the page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from portal.catalogue.model import Catalogue
from portal.registry.store.loading import Registry
from portal.vocab import EDUCATION_LEVELS, LEVEL_NAMES, RECORD_REVOCATION_REASONS, STATE_NAMES


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    reading: str  # one sentence a reader takes away
    columns: tuple[str, ...]
    rows: list[tuple]
    source: str
    download: str  # the site path of the download it is computed from
    chart: str  # how it is drawn: bar (label, number), stacked (label, part, number), timeline (label, from, to, …)
    colors: tuple[str, ...] = ()  # for stacked parts, in the order the parts first appear (default: the palette)


def level_order(level: str) -> int:
    """Certificate levels sort as 初级, 中级, 高级."""
    return list(LEVEL_NAMES).index(level)


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def catalogue_figures(cat: Catalogue) -> list[Figure]:
    certificates = list(cat.certificates.values())
    total = len(certificates)
    batches = [(b["name"], len(cat.certificates_in(n))) for n, b in cat.batches.items()]
    largest = max(batches, key=lambda row: row[1])
    fields = Counter(cat.field_of(c).name for c in certificates)
    top_field, top_count = fields.most_common(1)[0]
    known = sum(1 for c in certificates if c.get("levels"))
    states = Counter(STATE_NAMES[c["status"]["state"]] for c in certificates)
    source = "本站证书目录（各批次名单，见政策文件页）"
    return [
        Figure(
            "certificates-per-batch",
            "各批次证书数",
            f"{largest[0]}占全部 {total} 个证书的 {percent(largest[1], total)}。",
            ("批次", "证书数"),
            batches,
            source,
            "data/certificates.csv",
            "bar",
        ),
        Figure(
            "certificates-per-field",
            "各专业大类的证书数（编辑整理）",
            f"证书最多的专业大类是{top_field}（{top_count} 个）；归类为本站按证书名称编辑整理，非官方。",
            ("专业大类（高职专科）", "证书数"),
            sorted(fields.items(), key=lambda kv: (-kv[1], kv[0])),
            "本站编辑整理的证书与专业类对应关系；2021 年职业教育专业目录",
            "data/certificates.csv",
            "bar",
        ),
        Figure(
            "levels-known",
            "等级信息已知的证书",
            f"{total} 个证书中只有 {known} 个的等级有来源可查，其余显示为“未知”。",
            ("等级信息", "证书数"),
            [("已知（有来源）", known), ("未知", total - known)],
            source,
            "data/certificates.csv",
            "bar",
        ),
        Figure(
            "certificates-by-status",
            "证书的目录状态",
            f"{states.most_common(1)[0][0]}的证书最多（{states.most_common(1)[0][1]} 个）。",
            ("状态", "证书数"),
            sorted(states.items(), key=lambda kv: -kv[1]),
            source,
            "data/certificates.csv",
            "bar",
        ),
    ]


def major_figures(cat: Catalogue) -> list[Figure]:
    rows, shares = [], []
    for level, (_, label) in EDUCATION_LEVELS.items():
        majors = [m for m in cat.majors.items if m.level == level and m.kind == "major"]
        kinds = Counter(_match_kind(cat, m) for m in majors)
        rows += [
            (label, "官方（标准列出）", kinds["official"]),
            (label, "编辑整理", kinds["editorial"]),
            (label, "暂无证书", kinds["none"]),
        ]
        shares.append((label, percent(kinds["official"] + kinds["editorial"], len(majors))))
    reading = "；".join(f"{label} {share} 的专业至少对应一个证书" for label, share in shares) + "（含编辑整理）。"
    return [
        Figure(
            "majors-with-certificates",
            "有证书对应的专业（按学历层次）",
            reading,
            ("学历层次", "对应方式", "专业数"),
            rows,
            "2021 年职业教育专业目录；标准列出的专业（官方）与本站编辑整理的专业类对应",
            "majors/index.json",
            "stacked",
            ("#0b5394", "#6a2c91", "#c4c9cf"),
        ),
    ]


def _match_kind(cat: Catalogue, major) -> str:
    kinds = {m.kind for m in cat.matches(major)}
    return "official" if "official" in kinds else "editorial" if kinds else "none"


def registry_figures(cat: Catalogue, registry: Registry) -> list[Figure]:
    per = Counter()
    for (certificate, level), n in registry.tally("certificate", "level").items():
        per[cat.certificates[certificate]["name"], level] += n
    years = Counter({year: n for (year,), n in registry.tally("year").items()})
    reasons = Counter(RECORD_REVOCATION_REASONS[v.reason] for v in registry.snapshot.revocations.values())
    revoked = sum(reasons.values())
    keys = sorted(registry.snapshot.keys.values(), key=lambda e: (e.organisation, e.valid_from))
    timeline = [
        (
            f"{e.key[:8]}（{cat.organisations[e.organisation]['name']}）",
            e.valid_from,
            e.valid_until,
            e.revocation.start if e.revocation else "",
        )
        for e in keys
    ]
    busiest = max(years.items(), key=lambda kv: kv[1]) if years else ("—", 0)
    source = "本站证书登记（签名记录，演示数据）" if registry.snapshot.root.demo else "本站证书登记（签名记录）"
    return [
        Figure(
            "records-per-certificate-level",
            "已登记证书记录：按证书与等级",
            f"共 {registry.count} 条记录，涉及 {len({c for (c, _) in registry.tally('certificate', 'level')})} 个证书。",
            ("证书", "等级", "记录数"),
            [
                (c, LEVEL_NAMES[lv], n)
                for (c, lv), n in sorted(per.items(), key=lambda kv: (kv[0][0], level_order(kv[0][1])))
            ],
            source,
            "verify/records/index.json",
            "stacked",
        ),
        Figure(
            "records-per-year",
            "已登记证书记录：按颁发年份",
            f"{busiest[0]} 年颁发的最多（{busiest[1]} 条）。",
            ("年份", "记录数"),
            sorted(years.items()),
            source,
            "verify/records/index.json",
            "bar",
        ),
        Figure(
            "revocations-by-reason",
            "撤销的证书记录：按原因",
            f"共撤销 {revoked} 条，占全部记录的 {percent(revoked, registry.count)}。",
            ("原因", "条数"),
            sorted(reasons.items(), key=lambda kv: -kv[1]),
            source,
            "verify/revocations.json",
            "bar",
        ),
        Figure(
            "key-validity",
            "组织签名密钥的有效期",
            f"{len(keys)} 把密钥，其中 {sum(1 for e in keys if e.revocation)} 把已被吊销（吊销日期起签发的记录无效）。",
            ("密钥（组织）", "生效", "到期", "吊销"),
            timeline,
            source,
            "verify/trust.json",
            "timeline",
        ),
    ]


def organisation_years(registry: Registry) -> dict[str, list[tuple[str, int]]]:
    """Per organisation, its records per issue year (only organisations with records)."""
    counts = registry.tally("organisation", "year")
    out: dict[str, list[tuple[str, int]]] = {}
    for (organisation, year), n in sorted(counts.items()):
        out.setdefault(organisation, []).append((year, n))
    return out


def certificate_levels(registry: Registry) -> dict[str, list[tuple[str, int]]]:
    """Per certificate, its records per level (only certificates with records)."""
    counts = registry.tally("certificate", "level")
    out: dict[str, list[tuple[str, int]]] = {}
    for (certificate, level), n in sorted(counts.items(), key=lambda kv: (kv[0][0], level_order(kv[0][1]))):
        out.setdefault(certificate, []).append((LEVEL_NAMES[level], n))
    return out
