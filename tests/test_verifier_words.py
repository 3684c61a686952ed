"""The verifier's two message catalogues (theme/verifier/messages/zh.json and en.json), shared by the verify page,
the batch page and the single file: complete in both languages, every key asked for is there, none is dead, and
the Chinese vocabulary is word for word what portal/registry/validity/steps.py publishes in trust.json."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from portal.registry.credentials.records import COLUMNS
from portal.registry.validity.steps import DISPLAY, STEPS
from portal.site.bundle import bundle
from portal.vocab import EXPORT_COLUMNS, STATE_NAMES, VERDICTS

ROOT = Path(__file__).resolve().parent.parent
VERIFIER = ROOT / "theme" / "verifier"
ISSUER = ROOT / "theme" / "issuer"  # the issuer page speaks from the same catalogues
CATALOGUES = {lang: json.loads((VERIFIER / "messages" / f"{lang}.json").read_text("utf-8")) for lang in ("zh", "en")}
TEMPLATES = [
    ROOT / "theme" / "templates" / name
    for name in (
        "_verifier.html",
        "_language_switch.html",
        "verify.html",
        "verify_batch.html",
        "verifier_single.html",
        "_issuer.html",
        "issue.html",
        "issuer_single.html",
    )
]
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# keys the scripts build from a prefix and an id (`step.${id}`): each family and every id it takes
KINDS = ("valid", "revoked", "invalid", "unconfirmed")
BATCH_COLUMNS = ("n", "source", "name", "number", "certificate", "level", "organisation", "issued", "verdict")
FAMILIES = {
    "step.": STEPS,
    "state.": DISPLAY["states"],
    "level.": DISPLAY["levels"],
    "reason.key.": DISPLAY["reasons"]["key"],
    "reason.record.": DISPLAY["reasons"]["record"],
    "error.": DISPLAY["errors"],
    "holder_error.": DISPLAY["holder_errors"],
    "verdict.": VERDICTS,
    "certificate_state.": STATE_NAMES,
    "caption.": KINDS,
    "plain.": [step for step in STEPS if step != "not_revoked"],  # a revoked record has its own sentence
    "ev.form.": COLUMNS,
    "col.": (*BATCH_COLUMNS, "reason", "duplicate", "code"),
    "batch.problem_": ("holder", "lookup", "not-found", "name"),
    # the issuer page (theme/issuer/page.js): sign_export's columns and problem codes, key file errors, form fields
    "issue.column.": (*EXPORT_COLUMNS, "code"),
    "issue.problem.": (
        "code.missing",
        *(f"{field}.invalid" for field in ("number", "name", "code")),
        "certificate.unknown",
        "level.unknown",
        "issued.not_date",
        "number.repeated",
        *(f"step.{step}" for step in STEPS),
        "qr.too_long",
    ),
    "issue.error.key.": ("not-key-file", "passphrase", "mismatch"),
    "issue.head.": ("row", "column", "problem"),
    "issue.error.revoke_": ("number", "code", "name", "reason", "date"),
}


NAMESPACES = sorted({key.split(".")[0] for key in CATALOGUES["zh"]})
# a quoted key in any namespace of the catalogue: 'app.report', "verify.title" (not './qr-decode.js')
QUOTED_KEY = re.compile(r"""['"]((?:""" + "|".join(NAMESPACES) + r""")\.[a-z_][a-z0-9_.-]*)['"]""")


def keys_asked_for() -> set[str]:
    """Every key the scripts and templates name: quoted, and through the families above."""
    asked: set[str] = set()
    for path in [*VERIFIER.glob("*.js"), *ISSUER.glob("*.js"), *TEMPLATES]:
        text = path.read_text(encoding="utf-8")
        asked |= {key for key in QUOTED_KEY.findall(text) if not key.endswith(".")}
        for prefix in re.findall(r"""`([a-z_.]+[._])\$\{""", text) + re.findall(r"""['"]([a-z_.]+\.)['"] ~""", text):
            assert prefix in FAMILIES, f"{path.name} builds keys {prefix}…: add the family to FAMILIES"
    return asked | {f"{prefix}{name}" for prefix, names in FAMILIES.items() for name in names}


def test_both_catalogues_have_the_same_keys_and_placeholders():
    zh, en = CATALOGUES["zh"], CATALOGUES["en"]
    assert set(zh) - set(en) == set(), "in Chinese only: add them to en.json"
    assert set(en) - set(zh) == set(), "in English only: add them to zh.json"
    for key in zh:
        assert set(PLACEHOLDER.findall(zh[key])) == set(PLACEHOLDER.findall(en[key])), key
        assert en[key] != zh[key] or not re.search(r"[\u4e00-\u9fff]", zh[key]) or key == "lang.switch_label", key


@pytest.mark.parametrize("lang", CATALOGUES)
def test_every_key_asked_for_is_in_the_catalogue(lang):
    missing = keys_asked_for() - set(CATALOGUES[lang])
    assert not missing, f"theme/verifier/messages/{lang}.json lacks {sorted(missing)}"


def test_no_message_is_dead():
    unused = set(CATALOGUES["zh"]) - keys_asked_for() - {"list.separator", "list.colon", "list.sentences"}
    assert not unused, f"no script or template asks for {sorted(unused)}: remove them from both catalogues"


def test_english_has_no_chinese_but_the_switch():
    for key, text in CATALOGUES["en"].items():
        if not key.startswith("lang."):  # the switch names Chinese in Chinese
            assert not re.search(r"[\u4e00-\u9fff]", text), (key, text)


def test_the_chinese_vocabulary_is_what_the_registry_publishes():
    zh = CATALOGUES["zh"]
    published = {
        **{f"step.{k}": v for k, v in DISPLAY["steps"].items()},
        **{f"state.{k}": v for k, v in DISPLAY["states"].items()},
        **{f"level.{k}": v for k, v in DISPLAY["levels"].items()},
        **{f"reason.key.{k}": v for k, v in DISPLAY["reasons"]["key"].items()},
        **{f"reason.record.{k}": v for k, v in DISPLAY["reasons"]["record"].items()},
        **{f"error.{k}": v for k, v in DISPLAY["errors"].items()},
        **{f"holder_error.{k}": v for k, v in DISPLAY["holder_errors"].items()},
        **{f"verdict.{k}": v for k, v in VERDICTS.items()},
        **{f"certificate_state.{k}": v for k, v in STATE_NAMES.items()},
    }
    assert {key: zh[key] for key in published} == published


def test_a_missing_key_fails_the_test():
    """The check above is not vacuous: a key asked for and absent is named."""
    asked = keys_asked_for()
    assert {"app.report", "batch.summary", "ev.signed", "step.signature", "col.duplicate"} <= asked
    broken = dict(CATALOGUES["en"])
    del broken["ev.signed"]
    assert asked - set(broken) == {"ev.signed"}


def test_a_changed_catalogue_is_bundled_again(tmp_path):
    """The bundles are kept by the digest of what they are made of: the catalogues are part of it, so a corrected
    English word reaches the page on the next build."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme" / "verifier", theme / "verifier")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    shutil.copy(ROOT / "package-lock.json", tmp_path / "package-lock.json")
    cache = str(tmp_path / "cache")
    before = bundle(theme / "verifier" / "batch-page.js", external=("../qr-decode.js",), cache=cache)
    english = theme / "verifier" / "messages" / "en.json"
    words = json.loads(english.read_text("utf-8"))
    words["batch.title"] = "Verify many certificates"
    english.write_text(json.dumps(words), encoding="utf-8")
    after = bundle(theme / "verifier" / "batch-page.js", external=("../qr-decode.js",), cache=cache)
    assert "Batch verification" in before and "Verify many certificates" in after
