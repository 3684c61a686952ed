"""Is a certificate in the public registry's log? The answer a verifier adds to the signature checks.

Organisations enter every certificate within 7 working days (教职成厅函〔2019〕19号). A genuine signature on a record
the log does not hold is therefore *invalid* ("未按规定登记") once more than 7 working days lie between its issue
date and the snapshot, and *unconfirmed* ("尚在登记期内") before that. Working days here are Monday to Friday;
public holidays are not modelled (a holiday makes the real period longer, so near one the page says to ask the
organisation). Offline with no log data, registration is *unchecked* and the verdict says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.vocab import REGISTRATION_WORKING_DAYS

INCLUDED, LATE, PENDING, UNCHECKED = "included", "late", "pending", "unchecked"


def working_days_after(issued: str, day: str) -> int:
    """Monday-to-Friday days after `issued` up to and including `day` (0 if day is not after issued)."""
    start, end = dt.date.fromisoformat(issued), dt.date.fromisoformat(day)
    days = (end - start).days
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for n in range(1, rest + 1):
        if (start + dt.timedelta(days=weeks * 7 + n)).weekday() < 5:
            count += 1
    return count


@dataclass(frozen=True)
class Registration:
    state: str
    index: int | None = None
    evidence: str = ""


def included(index: int, size: int) -> Registration:
    return Registration(INCLUDED, index, f"已记入公开登记（第 {index + 1} 条，共 {size} 条），包含证明已核对")


def proven(index: int, size: int) -> Registration:
    return Registration(
        INCLUDED,
        index,
        f"已记入公开登记（第 {index + 1} 条）：凭证附带的登记证明已离线核对（签于含 {size} 条记录的检查点）",
    )


def missing(issued: str, snapshot_day: str) -> Registration:
    late = working_days_after(issued, snapshot_day) > REGISTRATION_WORKING_DAYS
    if late:
        return Registration(
            LATE,
            evidence=f"未按规定登记：颁发于 {issued}，到 {snapshot_day} 已超过 {REGISTRATION_WORKING_DAYS} 个工作日，"
            "公开登记中仍没有这条记录",
        )
    return Registration(
        PENDING,
        evidence=f"尚在登记期内：颁发于 {issued}，颁发组织须在 {REGISTRATION_WORKING_DAYS} 个工作日内登记；"
        "公开登记中暂时还没有这条记录，请过几天再核验",
    )


UNCHECKED_OFFLINE = Registration(
    UNCHECKED, evidence="离线核验：无法核对是否已记入公开登记，结论只依据签名与快照中的撤销信息"
)
