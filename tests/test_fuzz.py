"""Fuzzing stays in the suite: property-based tests (Hypothesis, a bounded number of cases) of the parsers, the
loader (and hostile YAML shapes spliced into real files), the name rules and the verifier, and a short run of
scripts/soak.py, which also holds the JavaScript verifier to the Python one on the same generated inputs (the long
soak is `python scripts/soak.py`)."""

from __future__ import annotations

import contextlib
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.catalogue.yamlfile import YamlFile, load_data
from portal.dates import is_date
from portal.errors import VerificationError
from portal.registry.credentials.holder import Holder, HolderError, normalize_name
from portal.registry.credentials.records import Record, read_records_text
from portal.registry.keys.signing import from_b64url
from portal.registry.keys.trust import Root, from_published
from portal.registry.validity.steps import verify_credential

ROOT = Path(__file__).resolve().parent.parent
VECTORS = json.loads((ROOT / "tests" / "vectors" / "credentials.json").read_text(encoding="utf-8"))
SNAPSHOT = from_published(
    VECTORS["trust"], VECTORS["revocations"], Root(from_b64url(VECTORS["pinned_root"], 32), demo=True)
)
BOUNDED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = st.text(
    alphabet=st.sampled_from(list("林黛玉买提艾力 ·・.．\u3000\t\u200b\u202eJohnSmith\u0301é𠮷")), max_size=30
)


@BOUNDED
@given(st.text(max_size=3000))
def test_the_verifier_answers_any_text_without_raising(text):
    verdict = verify_credential(text, SNAPSHOT)
    assert verdict.valid is False or verdict.error is None


@BOUNDED
@given(st.sampled_from([c["input"] for c in VECTORS["cases"]]), st.integers(0, 4000), st.text(max_size=5))
def test_a_changed_credential_never_verifies_unless_it_is_the_same_credential(seed, at, inserted):
    changed = seed[: at % (len(seed) + 1)] + inserted + seed[at % (len(seed) + 1) :]
    verdict = verify_credential(changed, SNAPSHOT)
    if verdict.valid:  # only changes that normalise away (spaces, case of the code…) may still verify
        original = verify_credential(seed, SNAPSHOT)
        assert original.valid and verdict.record == original.record and verdict.holder == original.holder


@BOUNDED
@given(NAMES)
def test_the_canonical_name_is_a_fixed_point(name):
    try:
        once = normalize_name(name)
    except HolderError:
        return
    assert normalize_name(once) == once
    assert "  " not in once and once == once.strip()


@BOUNDED
@given(st.text(max_size=50), st.text(max_size=70), st.text(max_size=20))
def test_holder_fields_are_normalised_or_refused_with_their_field(number, name, code):
    try:
        holder = Holder.of(number, name, code)
    except HolderError as exc:
        assert exc.field in ("number", "name", "code")
        return
    assert Holder.of(holder.number, holder.name, holder.code) == holder


@BOUNDED
@given(st.text(max_size=200))
def test_record_lines_are_parsed_or_refused_with_value_error(line):
    with contextlib.suppress(ValueError):
        Record.parse("org", line).check_form()


@BOUNDED
@given(st.text(max_size=400))
def test_records_files_are_parsed_or_refused_with_a_clear_error(text):
    try:
        read_records_text("data/records/org/x.yaml", text)
    except ValueError:
        pass
    except yaml.YAMLError:  # yaml's own errors, and its refusals (yamlfile.Refused), are the file's problem
        pass


@BOUNDED
@given(st.text(max_size=400))
def test_any_yaml_text_gives_data_or_problems_naming_the_file(text):
    loaded = YamlFile(Path("data/x.yaml"), "data/x.yaml", text)
    assert all(p.file == "data/x.yaml" for p in loaded.problems)


@BOUNDED
@given(st.dates(), st.text(alphabet="0123456789-", min_size=10, max_size=10))
def test_dates_are_calendar_dates(day, text):
    assert is_date(day.isoformat())
    if is_date(text):
        assert text[4] == text[7] == "-"


@pytest.mark.js
def test_a_short_soak_finds_no_crash_hang_or_python_js_disagreement():
    done = subprocess.run(
        [sys.executable, "scripts/soak.py", "--per-target", "400", "--seed", "7"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "credential     400        0      0       0" in done.stdout


# --- hostile shapes spliced into real files (issue 32, item 10) ---------------------------------------------

SHAPES = [
    "&a ", "*a", "*a, *a, *a", "!!str ", "!!python/object:os.system ", "!x ", "[", "]", "[[[[", "{", "}", ": ", "- ",
    "\t", "'", '"', "#", "\n", "|", ">", "%YAML 1.1\n", "---\n", "...\n", "? ", "\\", "\x00", "\ufeff", "𠮷", "：",
]  # fmt: skip
SAMPLES = [
    ROOT / "data" / "certificates" / "web-frontend.yaml",
    ROOT / "data" / "organisations" / "miit-eec.yaml",
    ROOT / "data" / "records" / "miit-eec" / "demo-2024.yaml",
]
ROUNDS = 400


def mutated(text: str, rng: random.Random) -> str:
    """The text with 1 to 6 shapes spliced in, or spans cut out, at random places."""
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.2:
            text = text[:at] + text[at + rng.randint(1, 40) :]
        else:
            text = text[:at] + rng.choice(SHAPES) * rng.choice((1, 1, 1, 3, 60)) + text[at:]
    return text


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
def test_the_loaders_answer_every_mutation_with_a_problem_or_data(sample):
    source = sample.read_text(encoding="utf-8")
    rng = random.Random(sample.name)
    refused = 0
    for _ in range(ROUNDS):
        text = mutated(source, rng)
        checked = YamlFile(sample, "data/x.yaml", text)  # never raises: every fault is a problem at a line
        assert all(p.line >= 1 and p.message for p in checked.problems), checked.problems
        refused += bool(checked.problems)
        with contextlib.suppress(yaml.YAMLError):
            load_data(text)
        with contextlib.suppress(VerificationError, yaml.YAMLError):
            read_records_text("data/records/x/y.yaml", text)
    assert refused > ROUNDS // 4  # the mutations did reach the parser's refusals, not only comments
