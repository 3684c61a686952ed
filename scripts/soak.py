"""Fuzz soak: many generated inputs per target through the Python code and, for what the browser also reads, through
the JavaScript verifier on both crypto paths; counts crashes, hangs and Python/JS disagreements (all must be 0).

    python scripts/soak.py [--per-target 100000] [--seed 1]        (make test runs it with a few hundred per target)

Targets (each input is made from a seeded generator, so a failure can be replayed with the same --seed):
- credential: mutations of the shared vectors' credentials (compact, JSON file, W3C VC): byte flips, cuts,
  replaced fields, inserted Unicode, huge strings, and random text; Python verify_credential vs JS on both paths.
- holder: number, name and code from a mixed alphabet (ASCII, CJK, spaces, middle dots, invisible and bidi
  characters, combining marks, lone surrogates, emoji); Python Holder.of vs JS holderOf.
- record: record lines (Record.parse + check_form): only ValueError may come out.
- export: CSV exports as bytes (broken encodings, GB18030, formulas, empty rows, duplicate numbers, ragged rows):
  read_export may only raise CommandError.
A crash is any other exception; a hang is an input that takes longer than a second.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from portal.errors import CommandError
from portal.registry.credentials.holder import Holder, HolderError
from portal.registry.credentials.records import Record
from portal.registry.issue.sign_export import read_export
from portal.registry.keys.signing import from_b64url
from portal.registry.keys.trust import Root, from_published
from portal.registry.validity.steps import verify_credential

ROOT = Path(__file__).resolve().parent.parent
VECTORS = json.loads((ROOT / "tests" / "vectors" / "credentials.json").read_text(encoding="utf-8"))
HANG_SECONDS = 1.0
ALPHABET = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./#:=+@ "
    "王小明欧阳娜娜林黛玉买买提艾力阿依古丽演示学员证书𠮷﨑"
    "\u3000\u00a0\t\n\u2028\ufeff"  # spaces
    "·・•‧･∙.．⋅⸱ꞏ"  # middle dots and stops
    "\u200b\u200c\u200d\u200e\u202e\u2066\u2060\u00ad\ufe0f\ue000\x00\x1f\x7f\x85\x9f"  # refused characters
    "\u0301\u0308é\u00e9ＡＢＣ１２３ﬁ\U0001f600\U000e0041\ud800\udc00"  # combining, full-width, emoji, tags, surrogates
)


def text(rng: random.Random, longest: int = 24) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, longest)))


def mutate(rng: random.Random, seed: str) -> str:
    """One of several damages to a real credential text."""
    kind = rng.randrange(8)
    chars = list(seed)
    if kind == 0 and chars:  # flip characters
        for _ in range(rng.randint(1, 3)):
            chars[rng.randrange(len(chars))] = rng.choice(ALPHABET)
    elif kind == 1:  # cut
        chars = chars[: rng.randrange(len(chars) + 1)]
    elif kind == 2:  # insert
        at = rng.randrange(len(chars) + 1)
        chars[at:at] = text(rng, 8)
    elif kind == 3 and rng.random() < 0.05:  # huge (rare: they are large to carry to Node)
        return seed + "A" * rng.choice((1_000, 70_000, 200_000))
    elif kind == 4:  # deep nesting
        depth = rng.randint(10, 40)
        return "[" * depth + "]" * depth
    elif kind == 5:  # random text
        return text(rng, 200)
    elif kind == 6 and seed.startswith("{"):  # a JSON field replaced by another type or value
        try:
            document = json.loads(seed)
        except (ValueError, RecursionError):  # the vectors include a deeply nested input
            return seed
        node = document
        while isinstance(node, dict) and node:
            key = rng.choice(sorted(node))
            if not isinstance(node[key], dict) or rng.random() < 0.4:
                node[key] = rng.choice([None, 0, -1, 1e308, [], {}, "", text(rng), True, "2023-02-30"])
                break
            node = node[key]
        return json.dumps(document, ensure_ascii=rng.random() < 0.5)
    else:  # unchanged: the valid and the intended-invalid vectors themselves
        return seed
    return "".join(chars)


def generate(rng: random.Random, per_target: int) -> dict[str, list]:
    seeds = [case["input"] for case in VECTORS["cases"]]
    return {
        "credential": [mutate(rng, rng.choice(seeds)) for _ in range(per_target)],
        "holder": [[text(rng, 44), text(rng, 64), text(rng, 16) or "7K2M-9QXR-4HTB"] for _ in range(per_target)],
        "record": [" ".join(text(rng, 40) for _ in range(rng.randint(0, 9))) for _ in range(per_target)],
        "export": [export_bytes(rng) for _ in range(per_target)],
    }


def export_bytes(rng: random.Random) -> bytes:
    header = rng.choice(
        [
            ["证书编号", "姓名", "证书", "等级", "颁发日期"],
            ["number", "name", "certificate", "level"],
            ["姓名", "证书编号", "身份证号", "证书", "等级", "颁发日期"],
            [],
        ]
    )
    rows = [header] + [
        [rng.choice(["=1+1", "+A", "@SUM(A1)", "", "A-1", "A-1", text(rng, 12)]) for _ in range(rng.randint(0, 7))]
        for _ in range(rng.randint(0, 5))
    ]
    body = "\n".join(",".join(row) for row in rows)
    return rng.choice(
        [
            body.encode("utf-8", "surrogatepass"),
            body.encode("gb18030", "replace"),
            "\ufeff".encode() + body.encode("utf-8", "replace"),
            bytes(rng.randrange(256) for _ in range(rng.randint(0, 64))),
        ]
    )


def run_python(inputs: dict[str, list]) -> tuple[dict, dict]:
    """(answers for the comparison with JS, {target: {crashes, hangs}})."""
    snapshot = from_published(
        VECTORS["trust"], VECTORS["revocations"], Root(from_b64url(VECTORS["pinned_root"], 32), demo=True)
    )
    stats = {target: {"inputs": len(items), "crashes": [], "hangs": 0} for target, items in inputs.items()}
    answers: dict[str, list] = {"credential": [], "holder": []}

    def guarded(target: str, index: int, run, allowed: tuple = ()):
        started = time.perf_counter()
        try:
            value = run()
        except allowed as exc:
            value = {"refused": type(exc).__name__}
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            stats[target]["crashes"].append(f"#{index}: {type(exc).__name__}: {exc}"[:300])
            value = {"crash": True}
        if time.perf_counter() - started > HANG_SECONDS:
            stats[target]["hangs"] += 1
        return value

    for i, item in enumerate(inputs["credential"]):
        answers["credential"].append(
            guarded("credential", i, lambda item=item: verify_credential(item, snapshot).to_data())
        )
    for i, (number, name, code) in enumerate(inputs["holder"]):
        answers["holder"].append(guarded("holder", i, lambda n=number, m=name, c=code: holder_data(n, m, c)))
    for i, line in enumerate(inputs["record"]):
        guarded("record", i, lambda line=line: Record.parse("org", line).check_form(), (ValueError,))
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "export.csv"
        for i, raw in enumerate(inputs["export"]):
            path.write_bytes(raw)
            guarded("export", i, lambda: read_export(path), (CommandError,))
    return answers, stats


def holder_data(number: str, name: str, code: str) -> dict:
    try:
        h = Holder.of(number, name, code)
    except HolderError as exc:
        return {"error": exc.field}
    return {"number": h.number, "name": h.name, "code": h.code, "lookup": h.lookup, "commitment": h.commitment}


def run_javascript(inputs: dict[str, list], answers: dict, stats: dict) -> None:
    """Runs scripts/soak.mjs and adds JS crashes, hangs and disagreements with the Python answers to stats."""
    with tempfile.TemporaryDirectory() as scratch:
        given, taken = Path(scratch) / "in.json", Path(scratch) / "out.json"
        given.write_text(
            json.dumps(
                {
                    "trust": VECTORS["trust"],
                    "revocations": VECTORS["revocations"],
                    "pinned_root": VECTORS["pinned_root"],
                    "credential": inputs["credential"],
                    "holder": inputs["holder"],
                }
            ),
            encoding="utf-8",
        )
        done = subprocess.run(
            ["node", str(ROOT / "scripts" / "soak.mjs"), str(given), str(taken)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(f"scripts/soak.mjs failed:\n{done.stderr[-3000:]}")
        results = json.loads(taken.read_text(encoding="utf-8"))
    for target, per_path in (("credential", results["credential"]), ("holder", {"webcrypto": results["holder"]})):
        stats[target]["disagreements"] = []
        for path_name, items in per_path.items():
            for i, (js, python) in enumerate(zip(items, answers[target], strict=True)):
                if "crash" in js:
                    stats[target]["crashes"].append(f"JS {path_name} #{i}: {js['crash']}"[:300])
                elif js["value"] != python:
                    stats[target]["disagreements"].append(f"{path_name} #{i}: {inputs[target][i]!r:.120}")
                stats[target]["hangs"] += js["hang"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-target", type=int, default=100_000, help="inputs per target (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generator (default 1)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    inputs = generate(random.Random(args.seed), args.per_target)
    answers, stats = run_python(inputs)
    run_javascript(inputs, answers, stats)
    bad = 0
    print(f"soak, seed {args.seed}, {time.perf_counter() - started:.0f} s")
    print("target      inputs  crashes  hangs  Python/JS disagreements")
    for target, s in stats.items():
        disagreements = s.get("disagreements")
        shown = "—" if disagreements is None else len(disagreements)
        print(f"{target:<10} {s['inputs']:>7}  {len(s['crashes']):>7}  {s['hangs']:>5}  {shown:>6}")
        for line in (s["crashes"] + (disagreements or []))[:5]:
            print(f"    {line}")
        bad += len(s["crashes"]) + s["hangs"] + len(disagreements or [])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
