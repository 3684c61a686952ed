"""Every problem the checks can report, by code: what is wrong and how to fix it, in Chinese first, then English.

A check never writes a problem's text itself; it names a code and the values to fill in:

    problem("ref.unknown", "data/certificates/bim.yaml", 7, "organisation", kind="培训评价组织", ...)

so each message has one home, and tests/test_messages.py fails when a code has no Chinese or no English. The texts
are written for a staff member of an evaluation organisation, in the catalogue's terms, not the program's.
"""

from __future__ import annotations

from typing import NamedTuple

from portal.errors import Problem


class Message(NamedTuple):
    zh: str  # what is wrong, Chinese
    en: str  # the same, English
    fix_zh: str  # how to fix it, Chinese
    fix_en: str


MESSAGES: dict[str, Message] = {
    # --- reading files -------------------------------------------------------------------------------------------
    "file.not_utf8": Message(
        "文件不是 UTF-8 编码（{reason}）",
        "not UTF-8 text ({reason})",
        "用 UTF-8 编码另存此文件（记事本：另存为 → 编码选 UTF-8）",
        "save the file as UTF-8",
    ),
    "file.folder_missing": Message(
        "找不到数据文件夹",
        "data folder not found",
        "在项目根目录运行命令，或设置 PORTAL_DATA",
        "run from the project root or set PORTAL_DATA",
    ),
    "file.not_yaml": Message(
        "不是 .yaml 文件",
        "not a .yaml file",
        "把扩展名改为 .yaml，或把它移出 data/",
        "rename it to .yaml or move it out of data/",
    ),
    "file.missing": Message(
        "文件缺失",
        "file is missing",
        "从 git 恢复此文件：git checkout -- {restore}",
        "restore it from git: git checkout -- {restore}",
    ),
    "yaml.syntax": Message(
        "YAML 格式错误：{what}",
        "YAML syntax error: {what}",
        "检查这一行的缩进、冒号和引号：每个字段写成“名称: 值”，冒号后留一个空格，缩进只用空格",
        "check indentation, colons and quotes on this line",
    ),
    "yaml.missing_colon": Message(
        "这一行缺少冒号：“{text}”",
        "a colon is missing on this line: {text!r}",
        "写成“字段名: 值”（英文冒号，冒号后一个空格）",
        "write it as 'field: value' (ASCII colon and a space)",
    ),
    "yaml.fullwidth_colon": Message(
        "用了中文全角冒号“：”：“{text}”",
        "a full-width colon '：' is used: {text!r}",
        "把字段名后的“：”改成英文冒号“:”，冒号后留一个空格（值里的全角冒号可以保留）",
        "replace '：' after the field name with ':' and a space",
    ),
    "yaml.alias": Message(
        "用了 YAML 的锚点（&名称）或别名（*名称）",
        "a YAML anchor (&name) or alias (*name) is used",
        "数据文件中每个值都照原样写出，不用 & 和 *（需要重复的内容请复制）",
        "write every value out in full; data files use no anchors or aliases",
    ),
    "yaml.tag": Message(
        "用了 YAML 标签（以 ! 开头，如 !!str、!!python/object）",
        "a YAML tag (starting with !, such as !!str) is used",
        '去掉 ! 开头的标签，照原样写出值；需要文字时加引号，如 "010"',
        'remove the tag and write the value as is; quote text, e.g. "010"',
    ),
    "file.too_large": Message(
        "文件有 {size} 字节，超过上限 {limit} 字节",
        "the file has {size} bytes, over the limit of {limit}",
        "数据文件应当很小：检查是否误放了别的文件；登记记录请分成多个批次文件",
        "data files are small: check that no other file was put here; split records into several batch files",
    ),
    "yaml.too_deep": Message(
        "嵌套超过 {depth} 层",
        "nested more than {depth} levels deep",
        "数据文件最多嵌套 {depth} 层：检查是否多写了括号 [ {{ 或缩进",
        "data files nest at most {depth} levels: look for stray [ {{ or indentation",
    ),
    "yaml.tab": Message(
        "用了 Tab 键缩进",
        "a tab is used for indentation",
        "删除 Tab，改用空格缩进（每层两个空格）；编辑器里可以打开“显示空白字符”",
        "indent with spaces (two per level), not tabs",
    ),
    "yaml.duplicate_key": Message(
        "字段“{key}”写了两次（第一次在第 {first} 行）",
        "duplicate key '{key}' (first on line {first})",
        "保留其中一个",
        "keep one of the two entries",
    ),
    # --- rule 1: the shape of each file (data/schemas/) ----------------------------------------------------------
    "schema.required": Message(
        "缺少必填字段 {fields}",
        "required field {fields} is missing",
        "补上这个字段（含义见 data/schemas/；来源文件没有写的写 null，网站显示为“未知”）",
        "add the missing field (see data/schemas/ for its meaning; write null if the source does not say)",
    ),
    "schema.unknown_field": Message(
        "没有字段 {fields}",
        "unknown field {fields}",
        "检查拼写；这里可用的字段：{allowed}",
        "check the spelling; allowed fields here: {allowed}",
    ),
    "schema.enum": Message(
        "{value} 不是允许的值",
        "{value} is not an allowed value",
        "只能写以下之一：{allowed}",
        "use one of: {allowed}",
    ),
    "schema.const": Message(
        "{value} 不是这里要求的值",
        "{value} is not the required value",
        "写 {expected}",
        "use {expected}",
    ),
    "schema.pattern": Message(
        "{value} 的格式不对",
        "{value} has the wrong format",
        "按此格式写：{expected}",
        "write it as {expected}",
    ),
    "schema.date": Message(
        "{value} 不是真实存在的日期",
        "{value} is not a real calendar date",
        "按此格式写：{expected}",
        "write it as {expected}",
    ),
    "schema.type": Message(
        "{value} 的类型不对，这里要{type_zh}",
        "{value} should be of type {type}",
        "见 data/schemas/ 中此字段的说明",
        "see the field's description in data/schemas/",
    ),
    "schema.unquoted": Message(
        "写的是 {raw}，没有加引号，YAML 把它读成了{read_as_zh} {value}",
        "{raw} without quotes is read by YAML as the {read_as} {value}",
        "给它加上引号：'{raw}'（编号、代码里的前导零、yes/no、1.10 这类值都要加引号）",
        "put it in quotes: '{raw}' (codes with leading zeros, yes/no, 1.10 and the like need quotes)",
    ),
    "schema.other": Message(
        "{value} 不符合此字段的要求：{detail}",
        "{value}: {detail}",
        "见 data/schemas/ 中此字段的说明：{expected}",
        "see the field in data/schemas/: {expected}",
    ),
    # --- rules 2–4: ids, references, impossible values -----------------------------------------------------------
    "id.file_name": Message(
        "{key} 是 {value}，和文件名 {name} 不一致",
        "{key} {value} does not match the file name {name}",
        "把文件改名为 {value}.yaml，或把 {key} 改成 {stem}",
        "rename the file to {value}.yaml or set {key}: {stem}",
    ),
    "id.duplicate": Message(
        "{key} {value} 重复（{other} 中也有）",
        "duplicate {key} {value} (also in {other})",
        "给其中一个换一个 {key}",
        "give one of them a different {key}",
    ),
    "ref.unknown": Message(
        "没有这个{kind_zh}：{value}",
        "unknown {kind} {value}",
        "{suggestion_zh}使用 data/{folder}/ 中已有的{what_zh}",
        "{suggestion_en}use a {what_en} from data/{folder}/",
    ),
    "date.not_a_day": Message(
        "日期 {date} 不存在",
        "{date} is not a calendar day",
        "写成真实的日期；来源只写到年、半年或月时，写 YYYY、YYYY-H1/H2 或 YYYY-MM",
        "write a real day; if the source gives only a year, half-year or month, write YYYY, YYYY-H1/H2 or YYYY-MM",
    ),
    "date.before_source": Message(
        "日期 {date} 早于它所依据的文件 {document} 的日期（{source_date}）",
        "{date} is before the date of its source {document} ({source_date})",
        "用不早于来源文件日期的日期",
        "use a date on or after the source document's date",
    ),
    "certificate.levels_evidenced": Message(
        "等级已知（levels）时不再写“来源可见的等级”（levels_evidenced）",
        "levels_evidenced is only for certificates whose levels are unknown",
        "删去 levels_evidenced，或把 levels 写成 null",
        "remove levels_evidenced, or set levels to null",
    ),
    "certificate.unknown_class": Message(
        "没有这个专业类代码：{code}",
        "unknown major class code {code}",
        "使用 data/majors/vocational-2021.csv 中 4 位的高职专科专业类代码（例如 5102 计算机类）",
        "use a 4-digit 高职专科 专业类 code of data/majors/vocational-2021.csv (e.g. 5102 计算机类)",
    ),
    "fee.no_form": Message(
        "写了考核费用，但不知道考核方式，无法核对收费上限",
        "an exam fee is given but no exam form is known, so its cap cannot be checked",
        "补上 exam.form（paper 纸笔、computer 机考、practical-general 或 practical-special 实操）",
        "add exam.form (paper, computer, practical-general or practical-special)",
    ),
    "fee.above_cap": Message(
        "考核费用 {fee} 元高于{form}的上限 {cap} 元/人次（教职所〔2019〕314号）",
        "exam fee {fee} 元 is above the cap of {cap} 元/人次 for {form} (教职所〔2019〕314号)",
        "按来源核对费用；高于上限的费用需以报备文件为来源",
        "check the fee against its source; a fee above the cap needs the 报备 document as source",
    ),
    "organisation.contact_other": Message(
        "证书 {certificate} 由 {issuers} 颁发，不是 {organisation} 的证书",
        "certificate {certificate} is issued by {issuers}, not by {organisation}",
        "联系方式只列本组织自己的证书",
        "list only this organisation's certificates",
    ),
    "organisation.cut_name": Message(
        "名称标为原文截断（name_cut），但不是“名单原文中的写法 + …”",
        "a name marked as cut (name_cut) must be a printed name followed by …",
        "name 写成 names_as_printed 中的原文并在末尾加“…”",
        "set name to a printed name from names_as_printed followed by …",
    ),
    "organisation.guessed_name": Message(
        "名称“{name}”补全了原文截断的“{cut}”，但补全不唯一（可能是“有限公司”，也可能是“有限责任公司”）",
        "the name {name!r} completes the cut {cut!r}, but more than one completion is possible",
        "照原文写 name（末尾加“…”）并加 name_cut: true；只有“…股份有限”“…有限公”这类只有一种写法的截断可以补全",
        "write the name as printed, ending in …, with name_cut: true; only one-way cuts may be completed",
    ),
    "standard.not_named": Message(
        "证书 {certificate} 没有指向这份标准",
        "certificate {certificate} does not name this standard",
        "在 data/certificates/{certificate}.yaml 中写 standard: {standard}",
        "set standard: {standard} in data/certificates/{certificate}.yaml",
    ),
    "standard.level_missing": Message(
        "{level_name}（{level}）不是证书 {certificate} 的等级（它的等级：{have}）",
        "level {level} ({level_name}) is not a level of certificate {certificate} (its levels: {have})",
        "在 data/certificates/{certificate}.yaml 的 levels 中加上 {level}，或删去这一级",
        "add {level} to levels in data/certificates/{certificate}.yaml or remove this level",
    ),
    "standard.level_twice": Message(
        "等级 {level} 写了两次",
        "level {level} appears twice",
        "把两条合并为一条",
        "merge the two entries",
    ),
    "batch.date_differs": Message(
        "日期 {date} 与文件 {document} 的日期（{document_date}）不同",
        "date {date} differs from the date of {document} ({document_date})",
        "用文件上的日期",
        "use the document's date",
    ),
    "batch.date_order": Message(
        "{later}（{later_date}）早于 {earlier}（{earlier_date}）",
        "{later} ({later_date}) is dated before {earlier} ({earlier_date})",
        "公示（announcement）、确认（confirmation）和启动通知（launch_notice）必须按日期先后排列",
        "announcement, confirmation and launch notice must be in date order",
    ),
    "batch.certificate_count": Message(
        "第 {number} 批写明 {count} 个证书（certificate_count），但只有 {listed} 个证书文件写了 batch: {number}",
        "certificate_count is {count} but {listed} certificates name batch {number}",
        "增删证书文件；或更正数量，并在 count_check 中说明理由",
        "add or remove certificate files, or correct the count and explain it in count_check",
    ),
    "batch.organisation_count": Message(
        "第 {number} 批写明 {count} 个培训评价组织（organisation_count），但其证书只涉及 {named} 个",
        "organisation_count is {count} but the certificates of batch {number} name {named}",
        "检查是否有组织用两个 id 录入了两次，或更正数量",
        "check for an organisation entered twice under two ids, or correct the count",
    ),
    "changes.order": Message(
        "{date} 比上一条（{above}）还新",
        "{date} is newer than the entry above it ({above})",
        "最新的变更放在最前面",
        "keep the newest change first",
    ),
    "crosswalk.unknown_major": Message(
        "{level} 没有专业代码 {code}",
        "unknown major code {code} for {level}",
        "使用 data/majors/vocational-2021.csv 中该层次的 6 位专业代码",
        "use a 6-digit major code of that level from data/majors/vocational-2021.csv",
    ),
    "costs.form_twice": Message(
        "考核方式 {form} 写了两次",
        "exam form {form} appears twice",
        "每种考核方式只写一个上限",
        "keep one cap per form",
    ),
    "calendar.year_order": Message(
        "这一段是 {year} 年，按顺序应为 {expected} 年",
        "this entry is {year}; in order it should be {expected}",
        "每年一段，按年份顺序、不跳年（缺的年份照国务院办公厅当年的通知补上）",
        "one entry per year, in order, none skipped (add the missing year from its notice)",
    ),
    "calendar.range": Message(
        "放假日期 {first} 至 {last} 不在 {year} 年内，或结束早于开始",
        "holiday {first} to {last} is not within {year} or ends before it starts",
        "照通知写这一段假期的第一天（from）和最后一天（to），都在本年内",
        "write the first (from) and last (to) day of the holiday as its notice gives them, within the year",
    ),
    "calendar.overlap": Message(
        "放假日期从 {first} 开始，与上一段（到 {end}）重叠或顺序颠倒",
        "holiday starting {first} overlaps the one before (to {end}) or is out of order",
        "按日期顺序写各段假期，每天只出现在一段中",
        "list holidays in date order, each day in one of them",
    ),
    "calendar.workday": Message(
        "调休上班日 {day} 不是 {year} 年的周六或周日，或落在放假期间",
        "make-up working day {day} is not a Saturday or Sunday of {year}, or falls in a holiday",
        "workdays 只列通知中“上班”的周六、周日",
        "list only the Saturdays and Sundays the notice says are worked",
    ),
    "search.finds_nothing": Message(
        "别称对照的 finds 词语“{phrase}”不在任何证书、组织或专业的名称中，这个别称找不到任何条目",
        "the alias phrase {phrase!r} (finds) is in no name of a certificate, organisation or major",
        "改成名称中实际出现的词语（如证书名称的一部分），或删去这一项",
        "use words that appear in a name (part of a certificate's name, say), or remove the entry",
    ),
    "majors.unknown_level": Message(
        "层次 {education_level} / {item_level} 无法识别",
        "unknown level {education_level} / {item_level}",
        "使用 {levels} 之一，以及 CATEGORY、CLASS 或 MAJOR",
        "use one of {levels} and CATEGORY, CLASS or MAJOR",
    ),
    "majors.duplicate_code": Message(
        "{level} 的代码 {code} 重复（第一次在第 {first} 行）",
        "duplicate code {code} for {level} (first on line {first})",
        "每个层次中每个代码只出现一次",
        "each code appears once per level",
    ),
    "majors.columns": Message(
        "表头是 {found}",
        "columns are {found}",
        "表头必须正好是 {expected}",
        "use exactly {expected}",
    ),
    # --- the registry: keys, revocations, records ----------------------------------------------------------------
    "key.folder": Message(
        "{organisation} 的密钥放在了 {folder} 的文件夹里",
        "key of {organisation} is in the folder of {folder}",
        "把文件移到 data/keys/{organisation}/",
        "move the file to data/keys/{organisation}/",
    ),
    "key.file_name": Message(
        "文件名是 {stem}，但其中的密钥是 {key}",
        "file is named {stem} but holds key {key}",
        "把文件改名为 {key}.yaml",
        "rename it {key}.yaml",
    ),
    "key.unknown_organisation": Message(
        "没有这个培训评价组织：{organisation}",
        "unknown organisation {organisation}",
        "使用 data/organisations/ 中已有的文件名（不含 .yaml）",
        "use a file name from data/organisations/",
    ),
    "key.twice": Message(
        "密钥 {key} 登记了两次",
        "key {key} is listed twice",
        "每把密钥只保留一个文件",
        "keep one file per key",
    ),
    "key.scope": Message(
        "{certificate} 不是 {organisation} 的证书，这把密钥不能为它签名",
        "{certificate} is not a certificate of {organisation}",
        "密钥只能为本组织自己的证书签名：从 scope 中删去它",
        "a key may only sign for its own organisation's certificates",
    ),
    "key.endorsement": Message(
        "组织密钥的背书无效：{detail}",
        "the key's endorsement is not valid: {detail}",
        "请注册库维护者用网站设置中固定的根密钥重新运行 `x1portal registry endorse`",
        "endorse the key again with `x1portal registry endorse` and the root key pinned in the site settings",
    ),
    "log_key.endorsement": Message(
        "登记日志密钥的背书无效：{detail}",
        "the log key's endorsement is not valid: {detail}",
        "由注册库维护者运行 `x1portal registry endorse --log`",
        "run `x1portal registry endorse --log` (registry maintainers)",
    ),
    "witnesses.endorsement": Message(
        "见证人策略无效：{detail}",
        "the witness policy is not valid: {detail}",
        "见证人或法定人数的任何变更都须由根密钥重新签署：由注册库维护者运行 `x1portal registry witnesses`",
        "any change of witnesses or quorum is signed by the root: run `x1portal registry witnesses` (maintainers)",
    ),
    "witnesses.missing": Message(
        "缺少见证人策略：公开注册库的日志必须由独立见证人联署",
        "no witness policy: a public registry's log must be cosigned by independent witnesses",
        "请独立机构运行见证人（docs/guides/witness.md），再由根密钥签署 data/witnesses.yaml",
        "have independent parties run witnesses (docs/guides/witness.md), then sign data/witnesses.yaml with the root",
    ),
    "revocations.file_name": Message(
        "这是 {stem} 的吊销文件，却写着组织 {organisation}",
        "file of {stem} names {organisation}",
        "把文件改名为 {organisation}.yaml",
        "rename it {organisation}.yaml",
    ),
    "revocations.invalid": Message(
        "吊销无效：{detail}",
        "the revocation is not valid: {detail}",
        "吊销只用 `x1portal registry revoke` 生成，不要手改",
        "make revocations with `x1portal registry revoke`",
    ),
    "revocations.unknown_record": Message(
        "吊销的 {lookup} 不是 {organisation} 登记过的证书记录",
        "revokes {lookup}, which is not a record of {organisation}",
        "核对查询号；只能吊销已登记的记录",
        "check the lookup id; only registered records can be revoked",
    ),
    "records.unreadable": Message(
        "证书记录文件无法读取：{detail}",
        "cannot read records file: {detail}",
        "不要手改记录文件：用 `x1portal registry sign` 重新生成",
        "regenerate it with `x1portal registry sign`",
    ),
    "records.folder": Message(
        "{organisation} 的记录放在了 {folder} 的文件夹里",
        "records of {organisation} are in the folder of {folder}",
        "记录文件只能放在 data/records/<所属组织>/ 中，并用该组织的密钥签名",
        "a records file belongs in data/records/<its organisation>/ and must be signed with that organisation's key",
    ),
    "records.invalid": Message(
        "记录 {lookup} 未通过核验：{detail}",
        "record {lookup} does not verify: {detail}",
        "不要手改记录：用 `x1portal registry sign` 重新签发，或吊销它",
        "do not edit records by hand; re-sign with `x1portal registry sign`, or revoke",
    ),
    "records.lookup_twice": Message(
        "查询号 {lookup} 登记了两次",
        "lookup id {lookup} is registered twice",
        "一张证书只登记一次；要更正，先吊销再重新签发",
        "a certificate is registered once; to correct it, revoke and re-issue",
    ),
    "records.sequence_used": Message(
        "序号 {sequence} 已被 {owner} 使用",
        "sequence {sequence} is already used by {owner}",
        "后合并的一批改用下一个空闲序号 {free}（不要改动已发布的文件）",
        "give the batch merged later the next free number {free} (never change a published file)",
    ),
    "records.after_snapshot": Message(
        "记录的签发日期到 {latest}，晚于快照日期 {snapshot}",
        "records issued up to {latest}, after the snapshot date {snapshot}",
        "检查网站设置 PORTAL['SNAPSHOT_DATE']",
        "check PORTAL['SNAPSHOT_DATE']",
    ),
    # --- the pull request's guard rails (x1portal check) ---------------------------------------------------------
    "guard.private_key": Message(
        "含有私钥材料：{what}",
        "private key material: {what}",
        "从提交中删除该文件或内容（git rm --cached 文件，并从历史中清除），然后按 docs/guides/rotate-or-revoke-key.md "
        "请注册库吊销这把密钥并换用新密钥：进入过仓库的私钥必须视为已泄露。私钥只应保存在仓库之外，例如 ~/.1x-portal/keys/",
        "remove it from the commit and from history, and have the registry revoke the key: a private key that "
        "entered the repository is leaked. Keep private keys outside the repository",
    ),
    "guard.root_changed": Message(
        "本次修改更换了注册库根公钥（{old} → {new}）",
        "this change replaces the registry root key ({old} → {new})",
        "根公钥决定哪些组织密钥可信，不能随数据修改一起更换：撤销对 pelicanconf.py 中 REGISTRY_ROOT 的修改。"
        "确需更换根密钥时，由注册库维护者单独提交并说明理由",
        "undo the change to REGISTRY_ROOT in pelicanconf.py; a root change is its own pull request by the registry "
        "maintainers, with its reason",
    ),
    "guard.endorsement": Message(
        "密钥背书没有注册库根密钥的有效签名：{detail}",
        "the key's endorsement has no valid signature of the registry root: {detail}",
        "不要手工编辑密钥文件。把 keygen 输出的公钥交给注册库维护者，由其用根密钥运行 "
        "`x1portal registry endorse`（见 docs/guides/add-organisation.md）；吊销用 `x1portal registry revoke-key`",
        "do not edit key files by hand; the registry maintainers endorse keys with `x1portal registry endorse`",
    ),
    "guard.key_removed": Message(
        "删除了已发布的组织密钥",
        "a published organisation key was removed",
        "已发布的密钥不能删除，否则它签过的记录无法核验：恢复该文件；不再使用的密钥请由注册库用 "
        "`x1portal registry revoke-key` 吊销（见 docs/guides/rotate-or-revoke-key.md）",
        "restore the file; a key no longer used is revoked by the registry with `x1portal registry revoke-key`",
    ),
    "guard.records_signer": Message(
        "{count} 条记录由{whose} {key} 签名，但文件在 {organisation} 的文件夹中",
        "{count} records are signed by key {key} ({whose_en}), but the file is in the folder of {organisation}",
        "记录文件只能由所在文件夹的组织用自己的密钥签发：删除此文件，用 {organisation} 已背书的密钥重新运行 "
        "`x1portal registry sign --organisation {organisation} --key …`；若 {organisation} 还没有密钥，先按 "
        "docs/guides/add-organisation.md 申请背书",
        "delete the file and sign again with an endorsed key of {organisation}",
    ),
    "guard.records_changed": Message(
        "{change_zh}了 {count} 条已发布的记录（查询号 {shown}）",
        "{count} published records were {change_en} (lookup ids {shown})",
        "已发布的记录只增不改。恢复原文件（git checkout <目标分支> -- {file}）；要更正一条记录，用 "
        "`x1portal registry revoke` 吊销它，再用 `x1portal registry sign` 签发新记录（见 docs/guides/publish-records.md）",
        "published records are append-only: restore the file; to correct a record, revoke it and issue a new one",
    ),
    "guard.revocation_removed": Message(
        "删除或改写了已发布的吊销（查询号 {lookup}）",
        "a published revocation was removed or changed (lookup id {lookup})",
        "吊销一经发布不能撤回或修改：恢复原文件（git checkout <目标分支> -- {file}）；误吊销的证书请签发新记录",
        "a published revocation stands: restore the file; a certificate revoked by mistake gets a new record",
    ),
    "guard.log_fork": Message(
        "公开登记日志不再是目标分支日志的延续：第 {at} 条（共 {published_count} 条已发布）被改变、删除或插入了新条目",
        "the log no longer extends the published one (entry {at} of {published_count} changed)",
        "已发布的批次序号最大为 {published}：新的记录文件或吊销必须使用更大的序号（用 `x1portal registry sign` "
        "或 `registry revoke` 生成，不要手改 sequence），已发布的文件不得改动",
        "new records files and revocations take a sequence above {published} (made by `x1portal registry sign` or "
        "`registry revoke`); published files never change",
    ),
    "check.feed_entry": Message(
        "数据有变化，但变更记录（站点的 Atom 订阅）没有新条目",
        "the data changed but data/changes.yaml has no new entry",
        "在 data/changes.yaml 最前面加一条，例如：`x1portal new change --date YYYY-MM-DD --title '{headline}' "
        "--summary '…'`",
        "add an entry at the top of data/changes.yaml (`x1portal new change`)",
    ),
    "check.build_failed": Message(
        "构建失败：{output}",
        "the site build failed: {output}",
        "在本地运行 `make build` 查看完整输出并修正",
        "run `make build` locally to see the whole output",
    ),
}


def problem(
    code: str, file: str, line: int, path: str = "", /, *, column: int = 0, cause: Problem | None = None, **values
) -> Problem:
    """The Problem of `code` at file:line (field path), its texts filled in with values. cause: the problem this
    one follows from (a count that is wrong because an id is misspelled); it is listed under its cause."""
    text = MESSAGES[code]
    return Problem(
        file,
        line,
        path,
        f"{text.zh.format(**values)} / {text.en.format(**values)}",
        f"{text.fix_zh.format(**values)} / {text.fix_en.format(**values)}",
        code=code,
        column=column,
        cause=cause,
    )
