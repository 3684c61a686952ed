"""The rules of `registry sign`, held to tests/vectors/sign-export.json, the vectors the issuer page is held to too
(tests/js/issuer.test.mjs): the same rows give the same records file and holder files, or the same problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portal.registry.credentials import credential, vc
from portal.registry.credentials.records import records_text
from portal.registry.issue import sign_export
from portal.registry.issue.printable import page_text, page_values, verify_link
from portal.registry.keys.signing import from_b64url, key_id_of, public_key_of
from portal.registry.keys.trust import Root, from_published

pytestmark = pytest.mark.unit
VECTORS = Path(__file__).resolve().parents[1] / "vectors"
SIGN = json.loads((VECTORS / "sign-export.json").read_text(encoding="utf-8"))
CREDENTIALS = json.loads((VECTORS / "credentials.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", SIGN["cases"], ids=lambda c: c["name"])
def test_sign_export_vector(case):
    root = Root(from_b64url(CREDENTIALS["pinned_root"], 32), demo=True)
    snapshot = from_published(CREDENTIALS["trust"], CREDENTIALS["revocations"], root)
    seed = from_b64url(SIGN["seed"], 32)
    assert key_id_of(public_key_of(seed)) == SIGN["key"]
    codes = {row["number"]: row["code"] for row in case["rows"]}
    certificates = {cid: {**c, "levels": []} for cid, c in SIGN["certificates"].items()}
    run = lambda: sign_export.plan(  # noqa: E731
        case["rows"],
        organisation=SIGN["organisation"],
        certificates=certificates,
        snapshot=snapshot,
        key=SIGN["key"],
        seed=seed,
        site_url=SIGN["site_url"],
        label="export.csv",
        new_code=codes.__getitem__,
    )
    if "problems" in case:
        with pytest.raises(sign_export.ExportProblems) as refused:
            run()
        assert [[p.row, p.column, p.code] for p in refused.value.problems] == case["problems"]
        assert "nothing was written; 10 problem(s)" in str(refused.value)
        return
    signed = run()
    assert records_text(SIGN["organisation"], SIGN["sequence"], [s.record for s in signed]) == case["records"]
    for item, holder in zip(signed, case["holders"], strict=True):
        assert item.stem == holder["stem"]
        assert credential.dumps(item.holder, item.record) == holder["credential"]
        assert verify_link(SIGN["site_url"], item.holder, item.record) == holder["link"]
        names = {"certificate": SIGN["certificates"][item.record.certificate]["full_name"]}
        names["organisation"] = SIGN["organisations"][SIGN["organisation"]]
        document = vc.add_proof(
            vc.credential(item.holder, item.record, names), seed, public_key_of(seed), SIGN["created"]
        )
        assert json.dumps(document, ensure_ascii=False, indent=2) + "\n" == holder["vc"]
        page = page_text(page_values(item.holder, item.record, names, SIGN["site_url"], True, ""))
        assert page == holder["page"]


def test_codes_from_a_codes_csv_give_the_same_codes_again(tmp_path):
    good = next(c for c in SIGN["cases"] if c["name"] == "good")
    path = tmp_path / "codes.csv"
    path.write_text(good["codes_csv"], encoding="utf-8")
    code_of = sign_export.codes_from(path)
    assert code_of("MIIT-2026-000001") == "7K2M-9QXR-4HTB" and code_of(" mIIT-2026-000002") == "AB12-CD34-EF56"
    with pytest.raises(KeyError):
        code_of("MIIT-2026-999999")
