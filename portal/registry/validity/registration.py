"""Is a certificate in the public registry's log? The answer a verifier adds to the signature checks.

Organisations enter every certificate within 7 working days (教职成厅函〔2019〕19号). A genuine signature on a record
the log does not hold is therefore *invalid* ("未按规定登记") once more than 7 working days lie between its issue
date and the snapshot, and *unconfirmed* ("尚在登记期内") before that. Working days are China's official ones
(portal.workdays: public holidays and make-up working days from the State Council's notices, published in the
signed trust list). Where the table does not cover a day of the period and fewer than 8 certain working days have
passed, lateness is not known: the verdict is unconfirmed and says why. Offline with no log data, registration is
*unchecked* and the verdict says so; online, log data that cannot be read or proved makes it *unavailable*, and the
verdict at most unconfirmed (fail closed).
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.vocab import REGISTRATION_WORKING_DAYS
from portal.workdays import WorkCalendar

INCLUDED, LATE, PENDING, UNCHECKED = "included", "late", "pending", "unchecked"
UNAVAILABLE = "unavailable"  # online, but the log data could not be read or proved: never valid (fail closed)


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


def missing(issued: str, snapshot_day: str, calendar: WorkCalendar) -> Registration:
    days, complete = calendar.working_days_after(issued, snapshot_day)
    if days > REGISTRATION_WORKING_DAYS:
        return Registration(
            LATE,
            evidence=f"未按规定登记：颁发于 {issued}，到 {snapshot_day} 已超过 {REGISTRATION_WORKING_DAYS} 个工作日"
            "（按国务院办公厅公布的放假调休安排计），公开登记中仍没有这条记录",
        )
    if not complete:
        return Registration(
            PENDING,
            evidence=f"无法判断是否逾期登记：颁发于 {issued}，公开登记中还没有这条记录；本站的工作日历只收录到 "
            f"{calendar.last}，其后的放假调休安排未收录，无法计算 {snapshot_day} 前是否已超过 "
            f"{REGISTRATION_WORKING_DAYS} 个工作日。请向颁发组织核实",
        )
    return Registration(
        PENDING,
        evidence=f"尚在登记期内：颁发于 {issued}，颁发组织须在 {REGISTRATION_WORKING_DAYS} 个工作日内登记；"
        "公开登记中暂时还没有这条记录，请过几天再核验",
    )


def unavailable(reason: str) -> Registration:
    """The registry's data was there to be read but could not be (a lookup shard or a tile missing, broken, or not
    proving what it should): the verdict is at most unconfirmed, never valid."""
    return Registration(
        UNAVAILABLE,
        evidence=f"无法核对是否已记入公开登记（{reason[:200]}），结论最多为“待确认”；请稍后再核验，或向颁发组织核实",
    )


def unwitnessed(cosigners: tuple[str, ...], quorum: int) -> Registration:
    """The checkpoint lacks the cosignatures the witness policy requires: the log key alone may be showing this
    verifier a view of the log that nobody else sees (a split view, a frozen state). Never valid."""
    named = "、".join(cosigners) or "无"
    return Registration(
        UNAVAILABLE,
        evidence=f"日志检查点的独立见证人联署不足（需要 {quorum} 个，有效的 {len(cosigners)} 个：{named}），"
        "无法确认本站数据与公众所见一致，结论最多为“待确认”；请稍后再核验，或向颁发组织核实",
    )


UNCHECKED_OFFLINE = Registration(
    UNCHECKED, evidence="离线核验：无法核对是否已记入公开登记，结论只依据签名与快照中的撤销信息"
)
