"""One-off bootstrap: turn the policy seeds (SHARED_FOLDER/seeds, given as the argument) into the YAML in data/.

This script was run once to create data/; since then data/ is the source of truth and maintainers edit the
YAML directly (re-running this script overwrites those edits). It is kept so anyone can see exactly how each
fact was taken from the seeds: every table it parses and every correction it applies is written out below.

    python scripts/import_seeds.py /path/to/shared   (the folder holding seeds/ and data/majors/)

Nothing else in the project reads the seeds folder.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

DATA = ROOT / "data"
COMPILATION = "002_614f8415cb5dd7e9.txt"

# --- certificates: (list row, id, name as printed, organisation id, editorial 高职专科 专业类 codes) -------------
# Names are the certificate names without the suffix 职业技能等级证书. Batch 3 rows are cut at a fixed width in the
# seed; the suffix is completed and the cut is recorded in the data (name_as_printed).

BATCH_1 = [
    ("bim", "建筑信息模型（BIM）", "langfang-zhongke", ["4401", "4403", "4405"]),
    ("web-frontend", "Web 前端开发", "miit-eec", ["5102"]),
    ("logistics-management", "物流管理", "clpp-training", ["5308"]),
    ("elderly-care", "老年照护", "zhongfu-elderly", ["5903", "5208"]),
    ("automotive-maintenance", "汽车运用与维修", "zhongchehang", ["5002", "4607"]),
    ("intelligent-nev", "智能新能源汽车", "zhongchehang", ["4607", "5002"]),
]
BATCH_2 = [
    ("ecommerce-data-analysis", "电子商务数据分析", "bjbodao", ["5307"]),
    ("online-store-operation", "网店运营推广", "hongke", ["5307"]),
    ("industrial-robot-operation", "工业机器人操作与运维", "xinao", ["4603"]),
    ("industrial-robot-programming", "工业机器人应用编程", "saiyuda", ["4603"]),
    ("special-welding", "特殊焊接技术", "zhongchuan-jianke", ["4601", "4605"]),
    ("intelligent-finance-tax", "智能财税", "zhonglian", ["5303", "5301"]),
    ("maternal-infant-care", "母婴护理", "jinan-sunshine", ["5208", "5202"]),
    ("sensor-network", "传感网应用开发", "newland", ["5101", "5102"]),
    ("dementia-care", "失智老年人照护", "zhongmin-fuzhi", ["5903", "5208"]),
    ("cloud-platform-ops", "云计算平台运维与开发", "nanjing-55", ["5102"]),
]
BATCH_3 = [
    ("metro-crew", "城市轨道交通乘务", "gz-metro-training", ["5006"]),
    ("metro-station", "城市轨道交通站务", "gz-metro-training", ["5006"]),
    ("aircraft-rescue", "航空器灭火救援与救护", "capital-airports", ["5004", "4209"]),
    ("cabin-crew", "空中乘务", "wuguojie", ["5004"]),
    ("air-cargo", "民航货物运输", "xiangyu", ["5004", "5308"]),
    ("air-passenger-ground", "民航旅客地面服务", "xiangyu", ["5004"]),
    ("drone-piloting", "无人机驾驶", "youyun", ["4606"]),
    ("cruise-interior", "邮轮内装工艺", "zhongchuan-jianke", ["4605"]),
    ("cruise-operation", "邮轮运营服务", "zhongchuan-jianke", ["5003", "5401"]),
    ("live-line-10kv", "10 千伏不停电作业", "csg-epri", ["4301"]),
    ("pv-plant-om", "光伏电站运维", "ruiya", ["4303"]),
    ("waste-to-energy", "垃圾焚烧发电运行与维护", "bonuli", ["4302", "4208"]),
    ("pet-grooming", "宠物护理与美容", "mingjiang", ["4103"]),
    ("grain-food-safety", "粮农食品安全评价", "zhongnong-liangxin", ["4903", "4901"]),
    ("construction-drawing", "建筑工程识图", "zwsoft", ["4403", "4401"]),
    ("prefab-building", "装配式建筑构件制作与安装", "langfang-zhongke", ["4403", "4307"]),
    ("shared-finance", "财务共享服务", "dongda-zhengbao", ["5303"]),
    ("digital-finance", "财务数字化应用", "seentao", ["5303"]),
    ("big-data-finance", "大数据财务分析", "shouguan", ["5303"]),
    ("business-finance-integration", "业财一体信息化应用", "seentao", ["5303"]),
    ("digital-management-accounting", "数字化管理会计", "shanghai-guanhui", ["5303"]),
    ("golden-tax-finance", "金税财务应用", "aisino", ["5301", "5303"]),
    ("intelligent-valuation", "智能估值数据采集与应用", "zhonglian", ["5301", "5302"]),
    ("cross-border-b2b", "跨境电商B2B数据运营", "alibaba-education", ["5307", "5305"]),
    ("actuarial-practice", "精算实务分析", "china-actuaries", ["5302"]),
    ("life-insurance-claims", "人身保险理赔", "zhongbao-huijie", ["5302"]),
    ("express-operation", "快递运营管理", "guoyou-chuangzhan", ["5007", "5308"]),
    ("mining-digital", "矿山开采数字技术应用", "nuofei", ["4205", "4206"]),
    ("wastewater-treatment", "污水处理", "huayu-houde", ["4208"]),
    ("gem-identification", "珠宝玉石鉴定", "zhongbaoping", ["4201", "4801"]),
    ("auto-paint", "汽车油漆调色与喷涂", "xianglong-borui", ["5002", "4607"]),
    ("commercial-vehicle-sales", "商用车销售服务", "sinogerman-nuohao", ["5002", "5306"]),
    ("iov-integration", "车联网系统集成和应用", "inesa", ["4607", "5101"]),
    ("icv-testing-assembly", "智能网联汽车测试装调", "cicv", ["4607"]),
    ("icv-inspection-om", "智能网联汽车检测与运维", "sinogerman-nuohao", ["4607", "5002"]),
    ("industrial-robot-integration", "工业机器人集成应用", "huahang-weishi", ["4603"]),
    ("industrial-robot-assembly", "工业机器人装调", "siasun", ["4603"]),
    ("rail-electrical-assembly", "轨道交通电气设备装调", "crrc", ["4604"]),
    ("rail-welding", "轨道交通装备焊接", "crrc", ["4604", "4601"]),
    ("rail-ndt", "轨道交通装备无损检测", "crrc", ["4604"]),
    ("metallurgy-inspection", "冶金机电设备点检", "nuofei", ["4304", "4602"]),
    ("laser-processing", "激光加工技术应用", "tianzhiyi", ["4601"]),
    ("multi-axis-cnc", "多轴数控加工", "hnc", ["4601"]),
    ("cnc-maintenance", "数控设备维护与维修", "bjmti", ["4601", "4602"]),
    ("cnc-turning-milling", "数控车铣加工", "hnc", ["4601"]),
    ("motion-control", "运动控制系统开发与应用", "googol", ["4603"]),
    ("network-security-assessment", "网络安全评估", "qihoo-ceteng", ["5102"]),
    ("network-security-ops", "网络安全运维", "sinosoft", ["5102"]),
    ("enterprise-network-security", "企业网络安全防护", "shanghai-haidun", ["5102"]),
    ("data-collection", "数据采集", "inspur", ["5102"]),
    ("big-data-analysis", "大数据分析与应用", "alibaba-china", ["5102"]),
    ("big-data-java", "大数据应用开发（JAVA）", "lanqiao", ["5102"]),
    ("big-data-platform-ops", "大数据平台运维", "h3c", ["5102"]),
    ("ic-development-testing", "集成电路开发与测试", "langxun", ["5104"]),
    ("call-center", "呼叫中心客户服务与管理", "huatang", ["5306"]),
    ("industrial-internet", "工业互联网实施与运维", "xcmg-info", ["5102", "4603"]),
    ("5g-base-station", "5G 基站建设与维护", "zte-xinyada", ["5103"]),
    ("5g-network-ops", "5G 移动网络运维", "huasheng", ["5103"]),
    ("network-system-ops", "网络系统建设与运维", "huawei", ["5102", "5103"]),
    ("smart-home-iot", "物联网智能家居系统集成和应用", "inesa", ["5101"]),
    ("cloud-service-ops", "云服务操作管理", "tencent-cloud", ["5102"]),
    ("cloud-dev-ops", "云计算开发与运维", "alibaba-china", ["5102"]),
    ("cloud-datacenter-ops", "云计算中心运维服务", "lenovo", ["5102"]),
    ("3d-engine", "3D 引擎技术应用", "weilewu", ["5102", "5501"]),
    ("digital-media-interaction", "数字媒体交互设计", "phoenix-xinlianhe", ["5102", "5501"]),
    ("ui-design", "界面设计", "tencent-cloud", ["5501", "5102"]),
    ("digital-creative-modeling", "数字创意建模", "zhongke-shichuan", ["5501", "5102"]),
    ("game-art", "游戏美术设计", "perfect-world", ["5501"]),
    ("computer-vision", "计算机视觉应用开发", "baidu", ["5102"]),
    ("vr-development", "虚拟现实应用开发", "xinao", ["5102"]),
    ("intelligent-computing", "智能计算平台应用开发", "huawei", ["5102"]),
    ("study-travel", "研学旅行策划与管理", "qinzimao", ["5401"]),
    ("premium-housekeeping", "高端家政", "yimeng", ["5903"]),
    ("household-management", "家务管理", "jinan-sunshine", ["5903"]),
    ("childcare", "幼儿照护", "jinzhi-weiye", ["5208", "5701"]),
    ("sports-nutrition", "运动营养咨询与指导", "kangbite", ["5703", "5208"]),
    ("health-wealth-planning", "健康财富规划", "taikang-luojia", ["5302", "5208"]),
]

# Organisation ids by the name as printed in the lists (batch 3 names cut at a fixed width are listed as printed).
ORG_IDS = {
    "廊坊市中科建筑产业化创新研究中心（中国建设教育协会人才评价中心）": "langfang-zhongke",
    "廊坊市中科建筑产业化创新研究中心": "langfang-zhongke",
    "工业和信息化部教育与考试中心": "miit-eec",
    "北京中物联物流采购培训中心": "clpp-training",
    "中国社会福利与养老服务协会 北京中福长者文化科技有限公司": "zhongfu-elderly",
    "北京中车行高新技术有限公司": "zhongchehang",
}

# Cuts in the batch-3 list that are completed here (README: "…股份有限 is …股份有限公司").
NAME_COMPLETIONS = {
    "广州城市轨道交通培训学院股份有限": "广州城市轨道交通培训学院股份有限公司",
    "国邮创展（北京）人力资源服务有限": "国邮创展（北京）人力资源服务有限公司",
    "北京祥龙博瑞汽车服务（集团）有限": "北京祥龙博瑞汽车服务（集团）有限公司",
    "中德诺浩（北京）教育科技股份有限": "中德诺浩（北京）教育科技股份有限公司",
    "国汽（北京）智能网联汽车研究院有": "国汽（北京）智能网联汽车研究院有限公司",
    "北京华航唯实机器人科技股份有限公": "北京华航唯实机器人科技股份有限公司",
    "国信蓝桥教育科技（北京）股份有限": "国信蓝桥教育科技（北京）股份有限公司",
    "凤凰新联合（北京）教育科技有限公": "凤凰新联合（北京）教育科技有限公司",
    "泰康珞珈（北京）科学技术研究院有": "泰康珞珈（北京）科学技术研究院有限公司",
}

SUFFIX = "职业技能等级证书"


def read_seed(shared: Path, name: str) -> list[str]:
    return (shared / "seeds" / name).read_text(encoding="utf-8").splitlines()


def list_rows(lines: list[str], start_marker: str, count: int) -> list[tuple[int, str, str, int]]:
    """Rows (number, organisation as printed, certificate as printed, line number) of a numbered list table."""
    start = next(i for i, line in enumerate(lines) if start_marker in line)
    rows: list[tuple[int, str, str, int]] = []
    previous_org = ""
    for i in range(start, len(lines)):
        cells = lines[i].split("\t")
        if len(cells) >= 3 and cells[0].strip().isdigit():
            org, cert = cells[1].strip(), cells[2].strip()
            rows.append((int(cells[0]), org, cert, i + 1))
            previous_org = org
        elif len(cells) >= 3 and not cells[0].strip() and not cells[1].strip() and cells[2].strip():
            # a second certificate of the organisation in the row above (batch 1, row 5)
            rows.append((rows[-1][0], previous_org, cells[2].strip(), i + 1))
        if len(rows) == count:
            return rows
    raise SystemExit(f"{start_marker}: found {len(rows)} rows, expected {count}")


def complete_certificate_name(printed: str) -> tuple[str, bool]:
    """Strip the suffix; say whether the row was cut before the suffix ended."""
    compact = printed.replace(" 职业技能等级证书", SUFFIX).replace("运 维", "运维").replace("开 发", "开发")
    for n in range(len(SUFFIX), 0, -1):
        if compact.endswith(SUFFIX[:n]):
            return compact[:-n].strip(), n < len(SUFFIX)
    raise SystemExit(f"certificate name without suffix: {printed!r}")


def dump(path: Path, schema: str, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    depth = len(path.relative_to(DATA).parts) - 1
    header = f"# yaml-language-server: $schema={'../' * depth}schemas/{schema}.schema.json\n"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(header + body, encoding="utf-8")


def src(document: str, locator: str) -> dict:
    return {"document": document, "locator": locator}


def main(shared: Path) -> None:
    compilation = read_seed(shared, COMPILATION)
    b1 = list_rows(compilation, "首批职业教育培训评价组织及职业技能等级证书名单", 6)
    b1_confirmed = list_rows(compilation[900:], "首批职业教育培训评价组织及职业技能等级证书名单", 6)
    b2 = list_rows(compilation, "职业技能等级证书名单**", 10)
    b3 = list_rows(compilation, "第三批职业教育培训评价组织及职业技能等级证书名单", 77)
    assert [r[1:3] for r in b1] == [r[1:3] for r in b1_confirmed], "batch-1 公示 and 确认 lists differ"

    organisations: dict[str, dict] = {}
    certificates: list[dict] = []
    batches = [
        (1, b1, BATCH_1, "jiaozhisuo-2019-89", "附件 首批职业教育培训评价组织及职业技能等级证书名单"),
        (2, b2, BATCH_2, "jiaozhisuo-2019-219", "附件 第二批职业教育培训评价组织及职业技能等级证书名单"),
        (3, b3, BATCH_3, "jiaozhisuo-2019-341", "附件 1 第三批职业教育培训评价组织及职业技能等级证书名单"),
    ]
    for number, rows, table, list_doc, list_locator in batches:
        assert len(rows) == len(table)
        for (row, org_printed, cert_printed, _line), (cid, name, org_id, classes) in zip(rows, table, strict=False):
            short, cut = complete_certificate_name(cert_printed)
            if short.replace(" ", "") != name.replace(" ", ""):
                raise SystemExit(f"batch {number} row {row}: {short!r} != {name!r}")
            org_full = NAME_COMPLETIONS.get(org_printed, org_printed)
            known = ORG_IDS.get(org_printed)
            if known and known != org_id:
                raise SystemExit(f"{org_printed}: {known} != {org_id}")
            org = organisations.setdefault(org_id, {"names": [], "batches": [], "certificates": []})
            org["names"].append((org_full, org_printed != org_full, org_printed, number, list_doc))
            if number not in org["batches"]:
                org["batches"].append(number)
            org["certificates"].append(cid)
            cert = {
                "id": cid,
                "name": name,
                "full_name": name + SUFFIX,
                "organisation": org_id,
                "batch": number,
                "list_row": row,
                "levels": None,
                "status": {
                    "state": "proposed" if number == 3 else "confirmed",
                    "as_of": {1: "2019-04-15", 2: "2019-08-27", 3: "2019-12-27"}[number],
                    "source": list_doc,
                },
                "editorial": {
                    "classes": classes,
                    "note": "按证书名称与 2021 年职业教育专业目录的专业类编辑整理，非官方对应关系。",
                },
                "sources": [src(list_doc, f"{list_locator}，第 {row} 行")],
            }
            if cut:
                cert["name_as_printed"] = cert_printed
                cert["notes"] = [f"名单原文在此行被截断为“{cert_printed}”，已补全为“{name + SUFFIX}”。"]
            certificates.append(cert)

    # batch 1 has two certificates with a standard; batch 3 is a 公示 (confirmation only referenced elsewhere)
    for cert in certificates:
        if cert["id"] in ("web-frontend", "logistics-management"):
            cert["levels"] = ["primary", "intermediate", "advanced"]
            cert["standard"] = cert["id"]
        if cert["batch"] == 1:
            cert["sources"].append(src("zhijiaosuo-2019-67", "附件 1，首批名单（公示）"))
            cert["sources"].append(src("jiaozhichengsihan-2019-36", "一、首批试点证书范围"))
        if cert["batch"] == 2:
            cert["sources"].append(src("jiaozhichengsihan-2019-89", "一、第二批试点证书范围"))

    write_organisations(organisations)
    for cert in certificates:
        dump(DATA / "certificates" / f"{cert['id']}.yaml", "certificate", cert)
    write_standards(compilation)
    majors = DATA / "majors"
    majors.mkdir(parents=True, exist_ok=True)
    for name in ("vocational-2021.csv", "undergraduate-2026-partial.csv"):
        shutil.copyfile(shared / "data" / "majors" / name, majors / name)
    print(f"{len(certificates)} certificates, {len(organisations)} organisations")


CONTACTS_BATCH_1 = {
    # 附件 3 of 赣教职成函〔2019〕18号 (= 附件 1 of 教职成司函〔2019〕36号), keyed by the certificate of the row
    "langfang-zhongke": {
        "for_certificates": ["bim"],
        "people": ["胡晓光", "张建奇"],
        "office_phones": ["0316-5915508", "010-88390280"],
        "mobiles": ["18611533890", "13366465781"],
        "fax": "0316-5915508",
        "emails": ["511470041@qq.com"],
        "address": "河北省廊坊市经济开发区一号楼 106 号新亚大厦 316-318 室",
        "postcode": "065009",
    },
    "miit-eec": {
        "for_certificates": ["web-frontend"],
        "people": ["龚玉涵", "谭志彬"],
        "office_phones": ["010-68607719", "010-68607737"],
        "mobiles": ["13801328764", "13801003561"],
        "fax": "010-68607700",
        "emails": ["shch@ceiaec.org", "tanzhb@ceiaec.org"],
        "address": "北京市海淀区石景山区政达路 2 号 CRD 银座 A508 室",
        "postcode": "100040",
        "note": "地址原文如此（“海淀区石景山区”并列）。",
    },
    "zhongfu-elderly": {
        "for_certificates": ["elderly-care"],
        "people": ["姜小玲", "魏兵"],
        "office_phones": ["010-56176814", "010-56176805"],
        "mobiles": ["15712867690", "13522763212"],
        "fax": "010-56176804",
        "emails": ["fuyizhulao@126.com"],
        "address": "北京市西城区广安门内 48 号中彩大厦 11 层",
        "postcode": "100054",
    },
    "clpp-training": {
        "for_certificates": ["logistics-management"],
        "people": ["李俊峰", "郭肇明"],
        "office_phones": ["010-83775911", "010-83775923"],
        "mobiles": ["13681111335", "13601188707"],
        "fax": "010-83775914",
        "emails": ["clppCN@126.com"],
        "address": "北京市丰台区双营路 9 号亿达丽泽商务中心 7 层 706B 室",
        "postcode": "100079",
    },
    "zhongchehang": {
        "for_certificates": ["automotive-maintenance", "intelligent-nev"],
        "people": ["陈学峰", "张辉"],
        "office_phones": ["010-65526685", "010-84813985"],
        "mobiles": ["13051681116", "13911781832"],
        "fax": "010-64631207",
        "emails": ["1681116@163.com", "bjzch2002@sohu.com"],
        "address": "北京市昌平区天通中苑 51 号三层",
        "postcode": "102218",
    },
}


def write_organisations(organisations: dict[str, dict]) -> None:
    for org_id, info in organisations.items():
        names = info["names"]
        full = max((n[0] for n in names), key=len)
        aliases = sorted({n[0] for n in names} - {full})
        org: dict = {"id": org_id, "name": full}
        if aliases:
            org["aliases"] = aliases
        as_printed = sorted({n[2] for n in names if n[1]})
        if as_printed:
            org["names_as_printed"] = as_printed
            org.setdefault("notes", []).append(
                "第三批名单原文按固定宽度截断了本组织名称，已补全明显的截断（如“…有限”补为“…有限公司”）。"
            )
        if org_id == "zhongfu-elderly":
            org.setdefault("notes", []).append(
                "首批名单在同一行列出“中国社会福利与养老服务协会”和“北京中福长者文化科技有限公司”两个名称，"
                "并计为五家组织中的一家；两者的关系文件未说明，此处照录。"
            )
        if org_id == "langfang-zhongke":
            org.setdefault("notes", []).append(
                "首批名单写作“廊坊市中科建筑产业化创新研究中心（中国建设教育协会人才评价中心）”，"
                "第三批名单写作“廊坊市中科建筑产业化创新研究中心”，按同一组织处理。"
            )
        org["status"] = {
            "state": "active",
            "as_of": {1: "2019-04-15", 2: "2019-08-27", 3: "2019-12-27"}[max(info["batches"])],
            "source": names[-1][4],
            "note": "种子文件只说明该组织入围或拟入围试点；此后是否退出未收录。",
        }
        if org_id in CONTACTS_BATCH_1:
            contact = dict(CONTACTS_BATCH_1[org_id])
            contact["source"] = {
                "document": "ganjiaozhichenghan-2019-18",
                "locator": "附件 3 有关培训评价组织联系人信息表",
            }
            contact["as_of"] = "2019-04-17"
            org["contacts"] = [contact]
        org["sources"] = [src(n[4], f"第 {n[3]} 批名单") for n in dict.fromkeys((x[3], x[4]) and x for x in names)]
        org["sources"] = [dict(t) for t in dict.fromkeys(tuple(sorted(s.items())) for s in org["sources"])]
        dump(DATA / "organisations" / f"{org_id}.yaml", "organisation", org)


# --- standards -------------------------------------------------------------------------------------------------

CODE_KNOWLEDGE = re.compile(r"\d+-\d+-\d+-K\d*")
CODE_REQUIREMENT = re.compile(r"\d+-\d+-\d+ ?-S\d+")
CODE_SKILL = re.compile(r"\d+-\d+-\d+(?=\s|[\u4e00-\u9fff])")
CODE_TASK = re.compile(r"\d+-(?:\d+(?=\s|[\u4e00-\u9fff])|(?=[\u4e00-\u9fff]))")
TOKEN = re.compile(
    rf"(?P<k>{CODE_KNOWLEDGE.pattern})|(?P<s>{CODE_REQUIREMENT.pattern})|(?P<skill>{CODE_SKILL.pattern})"
    rf"|(?P<task>{CODE_TASK.pattern})"
)
CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")

# Task cells whose number is incomplete in the seed: (level, printed cell) -> code taken from its skills' codes.
TASK_FIXES = {("2", "2-静态网页美化"): "2-2", ("2", "2-动态网页开发"): "2-6"}


def tidy(text: str) -> str:
    return CJK_GAP.sub("", re.sub(r"\s+", " ", text)).strip()


def parse_web_level(block: list[str], level_no: str) -> tuple[list[dict], list[str]]:
    """Parse one 能力标准与知识要求 table of the Web 前端开发 standard into work area → task → skill."""
    areas: list[dict] = []
    tasks: dict[str, dict] = {}
    notes: list[str] = []
    current_area: dict | None = None
    current_skill: dict | None = None
    for raw in block:
        if not raw.strip() or raw.startswith("工作领域"):
            continue
        cells = raw.split("\t")
        for cell in cells:
            cell = cell.strip()
            if not cell:
                continue
            matches = list(TOKEN.finditer(cell))
            lead = cell[: matches[0].start()] if matches else cell
            if lead.strip():
                current_area = {"name": tidy(lead), "tasks": []}
                areas.append(current_area)
            for m, nxt in zip(matches, matches[1:] + [None], strict=False):
                text = tidy(cell[m.end() : nxt.start() if nxt else len(cell)])
                code = m.group().replace(" ", "")
                if m.group("task") is not None:
                    fixed = TASK_FIXES.get((level_no, code + text))
                    if fixed:
                        notes.append(f"工作任务“{code}{text}”的编号在原文中残缺，按其职业技能编号补为 {fixed}。")
                        code = fixed
                    task = task_for(code, tasks, current_area)
                    if task.get("name") and task["name"] != text:
                        notes.append(f"工作任务 {code} 在原文中出现两次：“{task['name']}”与“{text}”。")
                    task.setdefault("name", text)
                elif m.group("skill") is not None:
                    task = task_for(code.rsplit("-", 1)[0], tasks, current_area)
                    current_skill = {"code": code, "name": text, "requirements": [], "knowledge": []}
                    task["skills"].append(current_skill)
                elif current_skill is None:
                    raise SystemExit(f"level {level_no}: {code} before any skill")
                else:
                    key = "requirements" if m.group("s") is not None else "knowledge"
                    current_skill[key].append({"code": code, "text": text})
    for task in tasks.values():
        task.setdefault("name", None)
        if task["name"] is None:
            notes.append(f"工作任务 {task['code']} 在原文中没有名称。")
    for area in areas:
        area["tasks"] = [{k: t[k] for k in ("code", "name", "skills")} for t in area["tasks"]]
    return [a for a in areas if a["tasks"]], notes


def task_for(code: str, tasks: dict[str, dict], area: dict | None) -> dict:
    if code not in tasks:
        if area is None:
            raise SystemExit(f"task {code} before any work area")
        tasks[code] = {"code": code, "skills": []}
        area["tasks"].append(tasks[code])
    return tasks[code]


def section(lines: list[str], start: str, end: str) -> list[str]:
    i = next(n for n, line in enumerate(lines) if line.startswith(start))
    j = next(n for n in range(i + 1, len(lines)) if lines[n].startswith(end))
    return lines[i + 1 : j]


def after(lines: list[str], prefix: str) -> str:
    line = next(line for line in lines if line.startswith(prefix))
    return tidy(line[len(prefix) :])


def split_list(text: str) -> list[str]:
    return [tidy(x) for x in re.split(r"[、，]", text.rstrip("。")) if x.strip()]


def numbered(lines: list[str]) -> list[str]:
    items = []
    for line in lines:
        m = re.match(r"^[-\s]*\((\d+)\)\s*(.*)$", line.strip())
        if m:
            items.append(tidy(m.group(2)).rstrip("；。"))
    return items


def write_standards(lines: list[str]) -> None:
    web = section(lines, "附件 2-2:", "附件 2-3:")
    levels = []
    all_notes = []
    for no, key, title, nxt in (
        ("1", "primary", "8 Web 前端开发（初级）", "9 Web 前端开发（中级）"),
        ("2", "intermediate", "9 Web 前端开发（中级）", "10 Web 前端开发（高级）"),
        ("3", "advanced", "10 Web 前端开发（高级）", "附件：名词解释"),
    ):
        body = section(web + ["附件：名词解释"], title, nxt)
        p = str(int(title.split()[0]))
        table = body[next(i for i, ln in enumerate(body) if ln.startswith("工作领域")) :]
        areas, notes = parse_web_level(table, no)
        all_notes += [f"{title[len(p) + 1 :]}：{n}" for n in notes]
        courses_line = next(
            ln for ln in body if "核心课程" in ln and not ln.startswith(f"{p}.8") and re.search("[：:]", ln)
        )
        courses = re.split(r"[：:]", courses_line, maxsplit=1)[1]
        courses = re.sub(r"(等课程|等)?[；;。]?$", "", tidy(courses))
        practice_idx = next(
            i for i, ln in enumerate(body) if "实习实训" in ln and ("：" in ln or ":" in ln) and "核心" not in ln
        )
        practice = tidy(re.split(r"[：:]", body[practice_idx], maxsplit=1)[1])
        if not practice.endswith("。"):
            practice = tidy(practice + "".join(body[practice_idx + 1 : practice_idx + 3]).split(f"{p}.9")[0])
        levels.append(
            {
                "level": key,
                "training_hours": int(re.search(r"(\d+)", after(body, f"{p}.1 培训学时：")).group(1)),
                "majors": {
                    "secondary": split_list(after(body, f"{p}.2 衔接中职专业：")),
                    "associate": split_list(after(body, f"{p}.3 衔接高职专业：")),
                    "bachelor": split_list(after(body, f"{p}.4 接续本科专业：")),
                },
                "goal": after(body, f"{p}.5 培养目标：")
                + (tidy(body[body.index(next(ln for ln in body if ln.startswith(f"{p}.5"))) + 2]) if no == "2" else ""),
                "employment": after(body, f"{p}.6 就业方向："),
                "abilities": numbered(
                    body[
                        body.index(next(ln for ln in body if ln.startswith(f"{p}.7"))) : body.index(
                            next(ln for ln in body if ln.startswith(f"{p}.8"))
                        )
                    ]
                ),
                "core_courses": split_list(courses),
                "practice": practice,
                "work_areas": areas,
            }
        )
    standard = {
        "id": "web-frontend",
        "certificate": "web-frontend",
        "title": "Web 前端开发职业技能等级标准",
        "developer": "工业和信息化部教育与考试中心",
        "published": "2019-03",
        "definition": "利用 HTML、CSS、JavaScript、网页开发框架等专业知识、方法和工具将产品 UI 设计稿实现成网站的技能。",
        "education_required": "高中毕业（或同等学历）。",
        "source": src("zhijiaosuo-2019-67", "附件 2-2 Web 前端开发职业技能等级标准（节选）"),
        "levels": levels,
        "exam": {
            "method": "闭卷考试，采用上机考试形式。考试包括理论考试和实操考试两部分。",
            "form": "computer",
            "form_basis": "标准写明“采用上机考试形式”，对应教职所〔2019〕314号所列“机考”。",
            "parts": [
                {
                    "name": "理论考试",
                    "full_marks": 100,
                    "pass_mark": 60,
                    "description": "共 50 道试题，其中单选题 30 道，多选题 15 道，判断题 5 道。",
                },
                {
                    "name": "实操考试",
                    "full_marks": 100,
                    "pass_mark": 60,
                    "description": "含 3-5 道实践性试题，试题形式包括案例分析、软件代码编码或是网页效果呈现等。",
                },
            ],
            "pass_rule": "理论考试与实操考试两部分成绩均合格，可以获得相应级别的职业技能等级证书。",
            "source": src("zhijiaosuo-2019-67", "附件 2-2 第 3 节 考核方式"),
        },
        "notes": all_notes,
    }
    dump(DATA / "standards" / "web-frontend.yaml", "standard", standard)
    write_logistics(lines)


def parse_logistics_table(block: list[str]) -> list[dict]:
    """职业功能 → 工作内容 → (技能要求, 相关知识), with the seed's wrapped cells joined back."""
    functions: list[dict] = []
    content: dict | None = None
    for raw in block:
        if not raw.strip() or raw.startswith("职业功能"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        while len(cells) < 4:
            cells.append("")
        func, work, skills, knowledge = (tidy(re.sub(r"<[^>]+>", " ", c)) for c in cells[:4])
        if func and (work or skills):
            functions.append({"name": func, "contents": []})
        elif func and not work and not skills and not knowledge:
            continue
        if work and (skills or knowledge) and not re.match(r"^(\d+\.|法与|能力与|施规划)", work):
            content = {"name": work, "skills": [], "knowledge": []}
            functions[-1]["contents"].append(content)
        elif work:  # the tail of a name wrapped into the next row (仓储布局与物流设 / 施规划)
            content["name"] += work
        for key, text in (("skills", skills), ("knowledge", knowledge)):
            parts = [p for p in re.split(r"(?:^|\s)(?=\d+\.\s?)", text) if p.strip()]
            for part in parts:
                m = re.match(r"^(\d+)\.\s?(.*)$", part.strip())
                if m:
                    content[key].append(tidy(m.group(2)))
                elif content[key]:
                    content[key][-1] += tidy(part)
    return functions


LOGISTICS_FIXES = [
    # obvious artefacts of the compilation's conversion, corrected and recorded
    ("运输单证的知识 and 运输成本的核算方法", "运输单证的知识和运输成本的核算方法"),
    ("国内和 international 的运输法律、法规和规章的知识", "国内和国际的运输法律、法规和规章的知识"),
    ("物流合同的知识 and 编写规范", "物流合同的知识和编写规范"),
    # a cell wrapped as "…规划的方法" / "法与工具": the wrap repeated 法
    ("配送设备规划的方法法与工具", "配送设备规划的方法与工具"),
]


def write_logistics(lines: list[str]) -> None:
    body = section(lines, "附件 2-3:", "6 参考文献")
    notes = []

    def table(title: str, end: str) -> list[dict]:
        return parse_logistics_table(section(body + ["6 参考文献"], title, end)[1:])

    general = table("表 1 一般要求", "5.2 初级职业能力")
    per_level = {
        "primary": table("表 2 初级职业能力要求", "5.3 中级职业能力"),
        "intermediate": table("表 3 中级职业能力要求", "5.4 高级职业能力要求"),
        "advanced": table("表 4 高级职业能力要求", "6 参考文献"),
    }

    def fix(tree: list[dict]) -> list[dict]:
        text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=10000)
        for bad, good in LOGISTICS_FIXES:
            if bad in text:
                text = text.replace(bad, good)
                notes.append(f"原文“{bad}”为汇编转换错误，已更正为“{good}”。")
        return yaml.safe_load(text)

    general = fix(general)
    per_level = {k: fix(v) for k, v in per_level.items()}
    audiences = {
        "primary": section(body, "4.3.1 初级", "4.3.2 中级"),
        "intermediate": section(body, "4.3.2 中级", "4.3.3 高级"),
        "advanced": section(body, "4.3.3 高级", "5 职业能力要求"),
    }
    duties = {
        "primary": after(body, "4.2.1 初级："),
        "intermediate": after(body, "4.2.2 中级："),
        "advanced": after(body, "4.2.3 高级："),
    }
    as_written = {
        "primary": {"secondary_classes": ["物流类"]},
        "intermediate": {"associate_classes": ["物流类"]},
        "advanced": {"bachelor_classes": ["物流类"], "vocational_bachelor_classes": ["物流类"]},
    }
    levels = []
    for key in ("primary", "intermediate", "advanced"):
        audience = [tidy(re.sub(r"^\d+\.\s?", "", a)).rstrip("；;。") for a in audiences[key] if a.strip()]
        levels.append(
            {
                "level": key,
                "training_hours": None,
                "duties": duties[key],
                "audience": audience,
                "majors": {},
                "major_classes": as_written[key],
                "goal": None,
                "employment": None,
                "core_courses": None,
                "functions": per_level[key],
            }
        )
    standard = {
        "id": "logistics-management",
        "certificate": "logistics-management",
        "title": "物流管理职业技能等级标准",
        "code": "T/CFLP XXXX-201X",
        "developer": "中国物流与采购联合会（提出）；北京中物联物流采购培训中心等（起草）",
        "published": None,
        "source": src("zhijiaosuo-2019-67", "附件 2-3 物流管理职业技能等级标准（节选）"),
        "general_requirements": general,
        "levels": levels,
        "exam": None,
        "notes": notes
        + [
            "标准节选未写培训学时、培养目标、就业方向、核心课程和考核方式，这些字段为“未知”。",
            "“面向对象”按专业类写明（中职物流类、高职物流类、本科（含高职本科）物流类），不列具体专业；"
            "本站按专业类对应，不推断到具体专业以外。",
            "标准编号原文为“T/CFLP XXXX-201X”，正式编号未给出。",
        ],
    }
    dump(DATA / "standards" / "logistics-management.yaml", "standard", standard)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(
            "usage: python scripts/import_seeds.py SHARED_FOLDER   (the folder that holds seeds/ and data/majors/)"
        )
    main(Path(sys.argv[1]))
