"""The clearly marked demo registry: a demo root, demo organisation keys and fictional holders.

Every demo key is derived from a public phrase, so anyone can sign with it: nothing signed by a demo key can be
trusted, which is the point. publishconf.py refuses to publish with the demo root. Demo holders are fictional
(姓名 "演示学员0001", numbers "DEMO-…"), and derived from their index, so tests can look any of them up without
the registry storing a name.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, timedelta

from portal.registry.credentials.holder import Holder, new_code
from portal.registry.keys.signing import key_id_of, public_key_of, sha256

NOTICE = "演示数据：演示根密钥与演示组织密钥由公开短语派生，任何人都能用它们签名；演示记录的持证人均为虚构。"
_PHRASE = "1x-portal DEMO key - public, anyone can sign with it, never trust it: "


def seed(label: str) -> bytes:
    return sha256((_PHRASE + label).encode("utf-8"))


ROOT_SEED = seed("root")


def public_key(label: str) -> bytes:
    return public_key_of(seed(label))


# The demo log's two witnesses (issue 33), 2 of 2 required: their keys derive from public phrases like every demo
# key, so anyone can cosign as them. The build runs them itself (their state is fresh each build).
WITNESSES = ("witness-1.demo.1x-portal.invalid", "witness-2.demo.1x-portal.invalid")
WITNESS_CONTACT = "演示见证人：由公开短语派生，任何人都能以它联署，不可信 / DEMO witness, derived from a public phrase"


def holder(index: int, year: int) -> Holder:
    """Fictional holder number `index`; the code is derived (a real code comes from new_code())."""
    stream = hmac.new(seed("holders"), f"{index}".encode(), "sha256").digest()
    return Holder.of(f"DEMO-{year}-{index:06d}", f"演示学员{index:04d}", new_code(lambda n: stream[:n]))


@dataclass(frozen=True)
class DemoKey:
    label: str
    organisation: str
    valid_from: str
    valid_until: str
    scope: tuple[str, ...]
    revoked_from: str | None = None

    @property
    def seed(self) -> bytes:
        return seed(self.label)

    @property
    def key(self) -> str:
        return key_id_of(public_key_of(self.seed))


# Only Web 前端开发 and 物流管理 have levels in the catalogue (their standards are imported), so demo records are
# issued for those two. One key per organisation is rotated; one is revoked as compromised.
KEYS = (
    DemoKey("miit-eec-2019", "miit-eec", "2019-06-01", "2020-12-31", ("web-frontend",)),
    DemoKey("miit-eec-2021", "miit-eec", "2021-01-01", "2027-12-31", ("web-frontend",)),
    DemoKey(
        "clpp-training-2019",
        "clpp-training",
        "2019-06-01",
        "2027-12-31",
        ("logistics-management",),
        revoked_from="2022-07-01",
    ),
    DemoKey("clpp-training-2022", "clpp-training", "2022-07-01", "2028-12-31", ("logistics-management",)),
)
# the demo log key (label, valid from, valid until): signs the demo log's checkpoints and verify/snapshot.json. It stays
# in force for as long as anyone may build the demo (`make serve` issues the snapshot on the day it runs)
LOG_KEY = ("log", "2019-06-01", "2099-12-31")
PLAN = (("web-frontend", "miit-eec", 1200), ("logistics-management", "clpp-training", 800))
LEVELS = ("primary", "intermediate", "advanced")
FIRST_DAY, DAYS = date(2019, 12, 1), 2000  # issue dates from 2019-12-01 over about five and a half years


def issues():
    """(holder, certificate, organisation, level, issued, key) of every demo record, in a fixed order."""
    index = 0
    for certificate, organisation, count in PLAN:
        for n in range(count):
            index += 1
            issued = (FIRST_DAY + timedelta(days=(n * 7919) % DAYS)).isoformat()
            key = next(
                k
                for k in KEYS
                if k.organisation == organisation
                and k.valid_from <= issued <= k.valid_until
                and not (k.revoked_from and issued >= k.revoked_from)
            )
            yield holder(index, int(issued[:4])), certificate, organisation, LEVELS[n % 3 if n % 5 else 0], issued, key
