"""What changed between two versions of data/, told in the domain's words (in Chinese), not as YAML lines.

`read(folder)` takes a snapshot of a data folder without validating it (a pull request under review may be broken;
its summary is still wanted), `compare(old, new)` finds what was added, changed or removed, and `markdown(diff)`
writes the summary a reviewer reads: certificates, organisations, standards, documents, batches, keys, records per
certificate and level, revocations, feed entries.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portal.catalogue.yamlfile import MAX_DATA_BYTES, load_data
from portal.registry.credentials.records import Record
from portal.vocab import (
    KEY_REVOCATION_REASONS,
    KIND_BY_FOLDER,
    KINDS,
    LEVEL_NAMES,
    RECORD_REVOCATION_REASONS,
    STATE_NAMES,
    WITNESSES_FILE,
)

FIELD_NAMES = {
    "name": "名称",
    "full_name": "全称",
    "name_as_printed": "原文名称",
    "organisation": "培训评价组织",
    "batch": "批次",
    "list_row": "名单行号",
    "levels": "等级",
    "standard": "标准",
    "status": "状态",
    "exam": "考核",
    "editorial": "编辑整理",
    "sources": "来源",
    "notes": "备注",
    "aliases": "别称",
    "names_as_printed": "原文名称",
    "contacts": "联系方式",
    "title": "标题",
    "code": "标准编号",
    "developer": "开发单位",
    "published": "发布日期",
    "definition": "术语定义",
    "education_required": "学历要求",
    "source": "来源",
    "general_requirements": "通用要求",
    "certificate": "证书",
    "number": "文号",
    "issuer": "发文单位",
    "date": "日期",
    "kind": "类型",
    "summary": "摘要",
    "provisions": "条款",
    "seed": "原文文件",
    "referenced_by": "被引用",
    "year": "年份",
    "certificate_count": "证书数",
    "organisation_count": "组织数",
    "announcement": "公示",
    "confirmation": "确认",
    "launch_notice": "启动通知",
    "count_check": "数量核对",
    "short_title": "简称",
    "valid_from": "生效日期",
    "valid_until": "到期日期",
    "scope": "签发范围",
    "endorsement": "根签名",
    "revocation": "吊销",
}
SINGLES = ("exam_costs.yaml", "majors/crosswalk.yaml", "search_terms.yaml")


@dataclass
class DataState:
    """One version of data/, read as it is."""

    entities: dict[str, dict[str, dict]] = field(default_factory=dict)  # folder -> id -> data
    keys: dict[tuple[str, str], dict] = field(default_factory=dict)  # (organisation, key id) -> key file
    records: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (org, lookup) -> (file, line)
    revocations: dict[tuple[str, str], dict] = field(default_factory=dict)  # (org, lookup) -> entry
    changes: list[dict] = field(default_factory=list)
    others: dict[str, str] = field(default_factory=dict)  # file -> content hash, for the files summarised as a whole
    witnesses: dict | None = None  # data/witnesses.yaml: the log's witnesses and quorum, as the root signed them
    unreadable: list[str] = field(default_factory=list)

    def name(self, folder: str, ident: str) -> str:
        entity = self.entities.get(folder, {}).get(ident) or {}
        return str(entity.get(KIND_BY_FOLDER[folder].name_field) or ident)


def _load(path: Path, label: str, state: DataState) -> Any:
    try:
        if path.stat().st_size > MAX_DATA_BYTES:
            raise OSError(f"over {MAX_DATA_BYTES} bytes")
        return load_data(path.read_text(encoding="utf-8"))  # refuses anchors, aliases, tags, deep nesting
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        state.unreadable.append(label)
        return None


def read(data: Path) -> DataState:
    state = DataState()
    for folder in KIND_BY_FOLDER:
        state.entities[folder] = {}
        for path in sorted((data / folder).glob("*.yaml")):
            loaded = _load(path, f"data/{folder}/{path.name}", state)
            if isinstance(loaded, dict):
                state.entities[folder][str(loaded.get("number" if folder == "batches" else "id", path.stem))] = loaded
    for path in sorted((data / "keys").glob("*/*.yaml")):
        loaded = _load(path, f"data/keys/{path.parent.name}/{path.name}", state)
        if isinstance(loaded, dict):
            state.keys[(path.parent.name, path.stem)] = loaded
    for path in sorted((data / "records").glob("*/*.yaml")):
        label = f"data/records/{path.parent.name}/{path.name}"
        loaded = _load(path, label, state)
        for line in (loaded or {}).get("records") or [] if isinstance(loaded, dict) else []:
            lookup = str(line).split(" ", 1)[0]
            state.records.setdefault((path.parent.name, lookup), (label, str(line)))
    for path in sorted((data / "revocations").glob("*.yaml")):
        loaded = _load(path, f"data/revocations/{path.name}", state)
        for entry in (loaded or {}).get("revocations") or [] if isinstance(loaded, dict) else []:
            if isinstance(entry, dict):
                state.revocations[(path.stem, str(entry.get("lookup")))] = entry
    if (data / WITNESSES_FILE).exists():
        loaded = _load(data / WITNESSES_FILE, f"data/{WITNESSES_FILE}", state)
        state.witnesses = loaded if isinstance(loaded, dict) else None
    if (data / "changes.yaml").exists():
        loaded = _load(data / "changes.yaml", "data/changes.yaml", state)
        state.changes = [c for c in loaded or [] if isinstance(c, dict)] if isinstance(loaded, list) else []
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        label = path.relative_to(data).as_posix()
        if label in SINGLES or label.startswith("majors/"):  # schemas are software, not data
            state.others[f"data/{label}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def record_of(organisation: str, line: str) -> Record | None:
    """The record of a line, or None if its columns are not there (validation reports it)."""
    try:
        return Record.parse(organisation, line)
    except ValueError:
        return None


# --- comparing ------------------------------------------------------------------------------------------------


@dataclass
class EntityChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> changed top-level fields


@dataclass
class Diff:
    old: DataState
    new: DataState
    entities: dict[str, EntityChanges] = field(default_factory=dict)
    keys_added: list[tuple[str, str]] = field(default_factory=list)
    keys_removed: list[tuple[str, str]] = field(default_factory=list)
    keys_changed: list[tuple[str, str]] = field(default_factory=list)
    records_added: Counter = field(default_factory=Counter)  # (org, certificate, level) -> count
    records_removed: list[tuple[str, str, str]] = field(default_factory=list)  # (file, lookup, "删除"/"改写")
    revocations_added: list[tuple[str, str]] = field(default_factory=list)
    revocations_removed: list[tuple[str, str]] = field(default_factory=list)
    changes_added: list[dict] = field(default_factory=list)
    others_changed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            any(e.added or e.removed or e.changed for e in self.entities.values())
            or self.keys_added
            or self.keys_removed
            or self.keys_changed
            or self.records_added
            or self.records_removed
            or self.revocations_added
            or self.revocations_removed
            or self.changes_added
            or self.others_changed
            or self.witnesses_changed
        )

    @property
    def witnesses_changed(self) -> bool:
        return self.old.witnesses != self.new.witnesses


def compare(old: DataState, new: DataState) -> Diff:
    diff = Diff(old, new)
    for folder in KIND_BY_FOLDER:
        before, after = old.entities.get(folder, {}), new.entities.get(folder, {})
        diff.entities[folder] = EntityChanges(
            added=sorted(set(after) - set(before)),
            removed=sorted(set(before) - set(after)),
            changed={
                i: [k for k in sorted(set(before[i]) | set(after[i])) if before[i].get(k) != after[i].get(k)]
                for i in sorted(set(before) & set(after))
                if before[i] != after[i]
            },
        )
    diff.keys_added = sorted(set(new.keys) - set(old.keys))
    diff.keys_removed = sorted(set(old.keys) - set(new.keys))
    diff.keys_changed = sorted(k for k in set(old.keys) & set(new.keys) if old.keys[k] != new.keys[k])
    for (organisation, lookup), (_, line) in new.records.items():
        if (organisation, lookup) not in old.records:
            record = record_of(organisation, line)
            diff.records_added[
                (organisation, record.certificate, record.level) if record else (organisation, "?", "?")
            ] += 1
    for (organisation, lookup), (label, line) in sorted(old.records.items()):
        now = new.records.get((organisation, lookup))
        if now is None:
            diff.records_removed.append((label, lookup, "删除"))
        elif now[1] != line:
            diff.records_removed.append((label, lookup, "改写"))
    diff.revocations_added = sorted(set(new.revocations) - set(old.revocations))
    diff.revocations_removed = sorted(k for k in old.revocations if new.revocations.get(k) != old.revocations[k])
    known = {(c.get("date"), c.get("title")) for c in old.changes}
    diff.changes_added = [c for c in new.changes if (c.get("date"), c.get("title")) not in known]
    diff.others_changed = sorted(k for k in set(old.others) | set(new.others) if old.others.get(k) != new.others.get(k))
    return diff


# --- telling it ----------------------------------------------------------------------------------------------


def _value(name: str, value: Any) -> str:
    if value is None or value == []:
        return "未知" if name == "levels" else "（无）"
    if name == "levels" and isinstance(value, list):
        return "、".join(LEVEL_NAMES.get(str(v), str(v)) for v in value)
    if name == "status" and isinstance(value, dict):
        state = STATE_NAMES.get(str(value.get("state")), str(value.get("state")))
        return f"{state}（{value.get('as_of') or '日期未知'}）"
    if isinstance(value, (str, int, float)):
        text = str(value)
        return text if len(text) <= 40 else text[:39] + "…"
    return ""


# the parts of a status that its one-line summary (_value) leaves out: each is named when it alone changes
PART_NAMES = {"note": "说明", "source": "来源"}


def _field_change(name: str, before: Any, after: Any) -> str:
    label = FIELD_NAMES.get(name, name)
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return _field_change_named(label, name, before, after)
    parts = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
    told = [] if set(parts) <= set(PART_NAMES) else [_field_change_named(label, name, before, after)]
    told += [
        _field_change_named(f"{label}·{PART_NAMES[k]}", k, before.get(k), after.get(k))
        for k in parts
        if k in PART_NAMES
    ]
    return "；".join(told)


def _field_change_named(label: str, name: str, before: Any, after: Any) -> str:
    if before is None and after is not None:
        return f"新增{label}" + (f"：{_value(name, after)}" if _value(name, after) else "")
    if after is None:
        return f"删除{label}"
    old, new = _value(name, before), _value(name, after)
    return f"{label}：{old} → {new}" if old and new else f"{label}已修改"


def _witnesses(policy: dict | None) -> str:
    """The witness policy in one line: k of n, and who (name and contact)."""
    if not policy:
        return "（无见证人策略）"
    listed = [w for w in policy.get("witnesses") or [] if isinstance(w, dict)]
    who = "、".join(f"`{w.get('name')}`（{w.get('contact')}）" for w in listed)
    return f"须 {policy.get('quorum')} 个联署，共 {len(listed)} 个：{who}"


def _certificate_name(state: DataState, certificate: str) -> str:
    return state.name("certificates", certificate)


def _key_facts(state: DataState, organisation: str, key: str) -> str:
    k = state.keys[(organisation, key)]
    scope = "、".join(_certificate_name(state, c) for c in k.get("scope") or []) or "（无）"
    return f"有效期 {k.get('valid_from')} 至 {k.get('valid_until')}，可签发：{scope}"


def _key_change(diff: Diff, organisation: str, key: str) -> str:
    before, after = diff.old.keys[(organisation, key)], diff.new.keys[(organisation, key)]
    owner = diff.new.name("organisations", organisation)
    revocation = after.get("revocation")
    if revocation and not before.get("revocation"):
        reason = KEY_REVOCATION_REASONS.get(str(revocation.get("reason")), str(revocation.get("reason")))
        return f"吊销 {owner} 的密钥 `{key}`：自 {revocation.get('from')} 起签发的记录失效，原因：{reason}"
    fields = [
        FIELD_NAMES.get(f, f)
        for f in ("valid_from", "valid_until", "scope", "endorsement", "revocation")
        if before.get(f) != after.get(f)
    ]
    return (
        f"修改 {owner} 的密钥 `{key}`（{'、'.join(fields) or '其他字段'}）：{_key_facts(diff.new, organisation, key)}"
    )


def markdown(diff: Diff, old_name: str = "基线", new_name: str = "本次修改") -> str:
    out = [f"## 数据变更摘要：{old_name} → {new_name}", ""]
    if diff.empty:
        return "\n".join(out + ["data/ 没有变化。", ""])
    for folder, heading in ((kind.folder, kind.heading) for kind in KINDS):
        changes = diff.entities[folder]
        if not (changes.added or changes.removed or changes.changed):
            continue
        out += [f"### {heading}", ""]
        for ident in changes.added:
            out.append(
                f"- 新增 **{diff.new.name(folder, ident)}**（`{ident}`）{_entity_facts(diff.new, folder, ident)}"
            )
        for ident, fields in changes.changed.items():
            before, after = diff.old.entities[folder][ident], diff.new.entities[folder][ident]
            told = "；".join(_field_change(f, before.get(f), after.get(f)) for f in fields)
            out.append(f"- 修改 **{diff.new.name(folder, ident)}**（`{ident}`）：{told}")
        for ident in changes.removed:
            out.append(f"- 删除 **{diff.old.name(folder, ident)}**（`{ident}`）")
        out.append("")
    if diff.keys_added or diff.keys_changed or diff.keys_removed:
        out += ["### 组织密钥", ""]
        for organisation, key in diff.keys_added:
            out.append(
                f"- 新增 {diff.new.name('organisations', organisation)} 的密钥 `{key}`："
                f"{_key_facts(diff.new, organisation, key)}"
            )
        out += [f"- {_key_change(diff, organisation, key)}" for organisation, key in diff.keys_changed]
        out += [f"- 删除 {diff.old.name('organisations', o)} 的密钥 `{k}`" for o, k in diff.keys_removed]
        out.append("")
    if diff.records_added or diff.records_removed:
        out += ["### 证书记录", ""]
        by_organisation: dict[str, list] = {}
        order = list(LEVEL_NAMES)
        for (organisation, certificate, level), count in sorted(
            diff.records_added.items(), key=lambda kv: (kv[0][:2], order.index(kv[0][2]) if kv[0][2] in order else 9)
        ):
            by_organisation.setdefault(organisation, []).append((certificate, level, count))
        for organisation, rows in by_organisation.items():
            out += [
                f"{diff.new.name('organisations', organisation)}（`{organisation}`）新增 "
                f"{sum(r[2] for r in rows)} 条：",
                "",
                "| 证书 | 等级 | 条数 |",
                "|---|---|---:|",
            ]
            out += [
                f"| {_certificate_name(diff.new, c)} | {LEVEL_NAMES.get(level, level)} | {n} |" for c, level, n in rows
            ]
            out.append("")
        if diff.records_removed:
            kinds = Counter(kind for _, _, kind in diff.records_removed)
            out += [
                f"- **已发布的记录被{'、'.join(f'{k} {n} 条' for k, n in sorted(kinds.items()))}**（不允许，见检查结果）",
                "",
            ]
    if diff.revocations_added or diff.revocations_removed:
        out += ["### 记录吊销", ""]
        by_organisation_reasons: dict[str, Counter] = {}
        for organisation, lookup in diff.revocations_added:
            reason = str(diff.new.revocations[(organisation, lookup)].get("reason"))
            by_organisation_reasons.setdefault(organisation, Counter())[reason] += 1
        for organisation, reasons in sorted(by_organisation_reasons.items()):
            told = "、".join(f"{RECORD_REVOCATION_REASONS.get(r, r)} {n} 条" for r, n in sorted(reasons.items()))
            out.append(f"- {diff.new.name('organisations', organisation)} 吊销 {sum(reasons.values())} 条：{told}")
        if diff.revocations_removed:
            out.append(f"- **已发布的吊销被删除或改写 {len(diff.revocations_removed)} 条**（不允许，见检查结果）")
        out.append("")
    if diff.changes_added:
        out += ["### 变更订阅（feeds/catalogue.atom）", ""]
        out += [f"- {c.get('date')} {c.get('title')}" for c in diff.changes_added]
        out.append("")
    if diff.witnesses_changed:
        out += ["### 公开登记日志的见证人", ""]
        out += [f"- 修改后：{_witnesses(diff.new.witnesses)}", f"- 修改前：{_witnesses(diff.old.witnesses)}", ""]
    if diff.others_changed:
        out += ["### 其他数据文件", ""] + [f"- `{name}` 已修改" for name in diff.others_changed] + [""]
    if diff.new.unreadable:
        out += ["### 无法读取的文件", ""] + [f"- `{name}`" for name in diff.new.unreadable] + [""]
    return "\n".join(out)


def _entity_facts(state: DataState, folder: str, ident: str) -> str:
    entity = state.entities[folder][ident]
    if folder == "certificates":
        return (
            f"：{state.name('organisations', str(entity.get('organisation')))}，第 {entity.get('batch')} 批，"
            f"等级 {_value('levels', entity.get('levels'))}"
        )
    if folder == "standards":
        return f"：证书 {state.name('certificates', str(entity.get('certificate')))}"
    if folder == "documents":
        return f"：{entity.get('number') or '无文号'}，{entity.get('date') or '日期未知'}"
    if folder == "organisations":
        return f"：{_value('status', entity.get('status'))}"
    return ""


def headline(diff: Diff) -> str:
    """One line for a feed entry (data/changes.yaml): the main things this change does."""
    parts = []
    for folder, heading in ((kind.folder, kind.heading) for kind in KINDS):
        changes = diff.entities[folder]
        for verb, idents, state in (
            ("新增", changes.added, diff.new),
            ("修改", list(changes.changed), diff.new),
            ("删除", changes.removed, diff.old),
        ):
            if idents:
                names = "、".join(state.name(folder, i) for i in idents[:3]) + ("等" if len(idents) > 3 else "")
                parts.append(f"{verb}{heading}{names}")
    if diff.keys_added or diff.keys_changed:
        parts.append(f"组织密钥变更 {len(diff.keys_added) + len(diff.keys_changed)} 把")
    if diff.records_added:
        parts.append(f"新增 {sum(diff.records_added.values())} 条证书记录")
    if diff.revocations_added:
        parts.append(f"吊销 {len(diff.revocations_added)} 条证书记录")
    return "；".join(parts) or "数据文件更新"
