"""The YAML loaders fuzzed with the shapes hostile data is made of (anchors, aliases, tags, brackets, tabs, quotes,
directives, NUL, a BOM, rare characters), spliced into the real data and records files: each answers with problems
at a line, or the one error type its callers turn into a problem, and never anything else (issue 32, item 10)."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest
import yaml

from portal.catalogue.yamlfile import YamlFile, load_data
from portal.errors import VerificationError
from portal.registry.credentials.records import read_records_text

ROOT = Path(__file__).resolve().parent.parent
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
