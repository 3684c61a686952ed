#!/usr/bin/env python3
"""A year in the life of the registry, on a fake clock: the real CLI and the real build, day after day.

Every simulated day does what the deploy workflow does (a full `x1portal build`, which re-signs the snapshot, with
SOURCE_DATE_EPOCH at 09:00 China time), and what the people around it do:
- two organisations sign a batch a week with `x1portal registry sign`; most batches are published at once, every
  third is published 12 days late, every fourth is never published (the organisation keeps its records file);
- certificates are revoked (`registry revoke`);
- one organisation key reaches its end date and its successor, endorsed by the root beforehand (`registry endorse`),
  takes over; the log key is rotated once (a new key endorsed with `endorse --log`, then signing the log);
then it checks every credential handed out so far with `x1portal registry verify --site … --batch … --now` against
the verdict that day must give, and runs `x1portal monitor`, which must pass. On sampled days it also checks every
credential in the real batch page in Debian's headless Chromium, with the page's clock set to that day.

The verdict a day must give is worked out here, independently of portal/: a published record is valid (revoked
once its revocation is published); an unpublished one is unconfirmed until more than 7 working days have passed
since its issue, counted with the chinese-calendar package (not data/working_days.yaml), then invalid.

    .venv/bin/python scripts/simulate_year.py [--days 400] [--start 2025-01-02] [--page-every 30]

The start defaults to a day whose next 400 days data/working_days.yaml covers. tests/registry/test_simulation.py runs a
short version in the suite.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import chinese_calendar

from portal.dates import CHINA
from portal.registry.issue import demo
from portal.registry.keys import keyfile
from portal.registry.log.ledger import next_sequence

ROOT = Path(__file__).resolve().parent.parent
X1PORTAL = str(Path(sys.executable).with_name("x1portal"))
PASSPHRASE = "simulated year, not a secret"
REGISTRY_FOLDERS = ("keys", "records", "revocations")  # the demo log key stays endorsed (data/log-keys)
ORGANISATIONS = {"miit-eec": ("web-frontend", "Web 前端开发"), "clpp-training": ("logistics-management", "物流管理")}
LEVELS = ("初级", "中级", "高级")
WORKING_DAYS = 7  # 教职成厅函〔2019〕19号


def late_by_calendar(issued: dt.date, day: dt.date) -> bool:
    """More than 7 working days after issued, by chinese-calendar (an oracle independent of portal.workdays)."""
    span = (day - issued).days
    return sum(chinese_calendar.is_workday(issued + dt.timedelta(days=n)) for n in range(1, span + 1)) > WORKING_DAYS


@dataclass
class Held:
    """A credential handed to its holder: its file, and what the registry knows of it by day."""

    path: Path
    organisation: str
    number: str
    code: str
    issued: dt.date
    key: str  # the organisation key's label that signed it
    published: dt.date | None = None  # the day its records file entered data/
    revoked: dt.date | None = None

    def expected(self, day: dt.date) -> str:
        if self.published is not None and self.published <= day:
            return "revoked" if self.revoked is not None and self.revoked <= day else "valid"
        return "invalid" if late_by_calendar(self.issued, day) else "unconfirmed"


@dataclass
class Report:
    days: int = 0
    checks: int = 0
    page_checks: int = 0
    monitor_runs: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    valid_after_key_end: int = 0  # checks of credentials whose key had ended, found valid
    history: dict[str, dict[str, str]] = field(default_factory=dict)  # number -> day -> the CLI's verdict
    mismatches: list[str] = field(default_factory=list)
    seconds: float = 0.0


class World:
    """The simulated registry: a copy of data/ with the registry folders emptied, keys and holder files outside it,
    a settings file, the built site and the monitor's state."""

    def __init__(self, folder: Path, start: dt.date, days: int, batch_every: int = 7, late_by: int = 12) -> None:
        self.folder, self.start, self.days = folder, start, days
        self.batch_every, self.late_by = batch_every, late_by
        self.data = folder / "data"
        shutil.copytree(ROOT / "data", self.data)
        for name in REGISTRY_FOLDERS:
            shutil.rmtree(self.data / name)
            (self.data / name).mkdir()
        self.keys, self.holders, self.held_back = folder / "keys", folder / "holders", folder / "held-back"
        for path in (self.keys, self.holders, self.held_back):
            path.mkdir()
        self.output, self.state = folder / "output", folder / "monitor-state"
        self.env = {**os.environ, "PORTAL_KEY_PASSPHRASE": PASSPHRASE}
        self.log_key = "demo"
        self.credentials: list[Held] = []
        self.waiting: list[tuple[dt.date, Path, list[Held]]] = []  # records files published late: (on, file, held)
        self.signers: dict[str, str] = {}  # organisation -> label of the key it signs with now
        self.key_ends: dict[str, dt.date] = {}  # label -> last valid day
        self.batches = 0
        keyfile.write(self.keys / "root.key", demo.ROOT_SEED, PASSPHRASE, repository=ROOT)
        self.write_settings()

    def write_settings(self) -> None:
        (self.folder / "conf.py").write_text(
            "import runpy\n"
            f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items() "
            "if k.isupper()})\n"
            f"PORTAL = {{**PORTAL, 'DATA_PATH': {str(self.data)!r}, 'CACHE_PATH': {str(self.folder / 'cache')!r}, "
            f"'LOG_KEY': {self.log_key!r}}}\n",
            encoding="utf-8",
        )

    # --- the real CLI -----------------------------------------------------------------------------------------
    def x1(self, *args: str, day: dt.date | None = None, check: bool = True) -> subprocess.CompletedProcess:
        env = dict(self.env)
        if day is not None:
            env["SOURCE_DATE_EPOCH"] = str(int(at(day, 9).timestamp()))
        done = subprocess.run([X1PORTAL, *args], cwd=ROOT, env=env, capture_output=True, text=True)
        if check and done.returncode != 0:
            raise SystemExit(f"x1portal {' '.join(args[:2])} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        return done

    def registry(self, *args: str, day: dt.date | None = None, check: bool = True) -> subprocess.CompletedProcess:
        return self.x1("registry", "--settings", str(self.folder / "conf.py"), "--quiet", *args, day=day, check=check)

    def new_key(self, label: str, organisation: str, valid_from: dt.date, valid_until: dt.date, day: dt.date) -> None:
        """keygen, then the root endorses the key for the organisation's certificate."""
        path = self.keys / f"{label}.key"
        self.registry("keygen", "--out", str(path), day=day)
        public_key = keyfile.public_part(path)["public_key"]
        self.registry(
            *("endorse", "--root-key", str(self.keys / "root.key"), "--organisation", organisation),
            *(f"--public-key={public_key}", "--valid-from", str(valid_from), "--valid-until", str(valid_until)),
            *("--scope", ORGANISATIONS[organisation][0]),
            day=day,
        )
        self.key_ends[label] = valid_until

    def rotate_log_key(self, day: dt.date) -> None:
        """A new log key, endorsed by the root from today; the build signs with it from today on."""
        path = self.keys / "log-2.key"
        self.registry("keygen", "--out", str(path), day=day)
        public_key = keyfile.public_part(path)["public_key"]
        self.registry(
            *("endorse", "--log", "--root-key", str(self.keys / "root.key"), f"--public-key={public_key}"),
            *("--valid-from", str(day), "--valid-until", str(day + dt.timedelta(days=3650))),
            day=day,
        )
        self.log_key = self.registry("export-seed", str(path), day=day).stdout.strip()
        self.write_settings()

    def sign(self, organisation: str, issued: dt.date, count: int, day: dt.date) -> tuple[Path, list[Held]]:
        """`registry sign` of a batch issued on `issued`; the records file goes into data/ (published)."""
        self.batches += 1
        batch = f"sim-{self.batches:04d}"
        certificate = ORGANISATIONS[organisation][1]
        export = self.folder / f"{batch}.csv"
        numbers = [f"SIM-{self.batches:04d}-{n}" for n in range(count)]
        with export.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["证书编号", "姓名", "证书", "等级", "颁发日期"])
            for n, number in enumerate(numbers):
                writer.writerow([number, f"模拟学员{self.batches:04d}{n}", certificate, LEVELS[n % 3], str(issued)])
        out = self.holders / batch
        label = self.signers[organisation]
        self.registry(
            *("sign", "--key", str(self.keys / f"{label}.key"), "--organisation", organisation),
            *("--input", str(export), "--batch", batch, "--out", str(out), "--site-url", "https://sim.invalid"),
            day=day,
        )
        with (out / "codes.csv").open(encoding="utf-8-sig") as source:
            codes = {row["证书编号"]: row["验证码"] for row in csv.DictReader(source)}
        held = [
            Held(out / f"{number}.credential.json", organisation, number, codes[number], issued, label)
            for number in numbers
        ]
        self.credentials += held
        return self.data / "records" / organisation / f"{batch}.yaml", held

    def revoke(self, credential: Held, day: dt.date) -> None:
        label = self.signers[credential.organisation]
        self.registry(
            *("revoke", "--key", str(self.keys / f"{label}.key"), "--organisation", credential.organisation),
            *("--number", credential.number, "--code", credential.code, "--date", str(day)),
            *("--reason", "issued-in-error"),
            day=day,
        )
        credential.revoked = day

    # --- one day ------------------------------------------------------------------------------------------------
    def events(self, n: int, day: dt.date) -> None:
        if n == 0:
            first_end = self.start + dt.timedelta(days=max(3, self.days * 45 // 100))
            self.new_key("miit-eec-1", "miit-eec", self.start - dt.timedelta(days=30), first_end, day)
            self.new_key(
                "clpp-training-1",
                "clpp-training",
                self.start - dt.timedelta(days=30),
                day.replace(year=day.year + 5),
                day,
            )
            self.signers = {"miit-eec": "miit-eec-1", "clpp-training": "clpp-training-1"}
        end = self.key_ends["miit-eec-1"]
        if day == end - dt.timedelta(days=2):  # the root endorses the successor before the first key ends
            self.new_key("miit-eec-2", "miit-eec", end + dt.timedelta(days=1), end.replace(year=end.year + 5), day)
        if day == end + dt.timedelta(days=1):
            self.signers["miit-eec"] = "miit-eec-2"
        if n == max(4, self.days * 60 // 100):
            self.rotate_log_key(day)
        for _, path, held in [w for w in self.waiting if w[0] == day]:
            # signed earlier, published now: it takes the next free place in the log, as `x1portal check` asks
            text = (self.held_back / path.name).read_text(encoding="utf-8")
            path.write_text(re.sub(r"(?m)^sequence: [0-9]+$", f"sequence: {next_sequence(self.data)}", text), "utf-8")
            for credential in held:
                credential.published = day
        self.waiting = [w for w in self.waiting if w[0] != day]
        if n % self.batch_every == 0:
            week = n // self.batch_every
            for organisation in ORGANISATIONS:
                path, held = self.sign(organisation, day, 2, day)
                if week % 4 == 3 or week % 3 == 2:  # never published, or published 12 days late
                    path.parent.mkdir(exist_ok=True)
                    shutil.move(path, self.held_back / path.name)
                    if week % 4 != 3:
                        self.waiting.append((day + dt.timedelta(days=self.late_by), path, held))
                else:
                    for credential in held:
                        credential.published = day
        if n % 11 == 5:  # a published, unrevoked credential is revoked
            standing = [c for c in self.credentials if c.published is not None and c.revoked is None]
            if standing:
                self.revoke(standing[len(standing) // 2], day)

    def check(self, day: dt.date, report: Report) -> list[tuple[Held, str]]:
        """Build, verify every credential with the CLI, run the monitor; (credential, verdict) of each."""
        self.x1("build", "--settings", str(self.folder / "conf.py"), "--output", str(self.output), day=day)
        table = self.folder / "verdicts.csv"
        now = at(day, 10).isoformat()
        files = [str(c.path) for c in self.credentials]
        verified = self.registry(
            *("verify", "--site", str(self.output)),
            *("--now", now, "--batch", *files, "--out", str(table)),
            check=False,
        )
        if verified.returncode not in (0, 1, 3, 4):  # a verdict (docs/verifier.md); 2: it could not check at all
            raise SystemExit(f"x1portal registry verify failed ({verified.returncode}):\n{verified.stderr}")
        with table.open(encoding="utf-8-sig") as source:
            rows = {row["来源"]: row["verdict"] for row in csv.DictReader(source)}
        monitored = self.x1(
            "monitor",
            str(self.output),
            "--state",
            str(self.state),
            "--settings",
            str(self.folder / "conf.py"),
            check=False,
        )
        report.monitor_runs += 1
        if monitored.returncode != 0:
            report.mismatches.append(f"{day}: the monitor exited {monitored.returncode}: {monitored.stdout[-400:]}")
        found = []
        for credential in self.credentials:
            verdict = next((v for source, v in rows.items() if source.endswith(credential.path.name)), "missing")
            found.append((credential, verdict))
        return found


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=CHINA)


def page_verdicts(world: World, day: dt.date, browser) -> dict[str, str]:
    """Every credential file through the real batch page, the page's clock at that day: file name -> verdict."""
    from portal.site.preview import serving

    context = browser.new_context(locale="zh-CN")
    context.clock.install(time=at(day, 10))
    page = context.new_page()
    try:
        with serving(world.output) as url:
            page.goto(f"{url}/verify/batch/")
            page.locator("#batch[data-state=ready]").wait_for()
            page.locator("#batch-files").set_input_files([str(c.path) for c in world.credentials])
            page.locator("#batch[data-state=done]").wait_for(timeout=120_000)
            rows = page.locator("#batch-table tbody tr")
            return {
                rows.nth(i).locator("td").last.inner_text(): rows.nth(i).get_attribute("data-verdict")
                for i in range(rows.count())
            }
    finally:
        context.close()


def simulate(
    folder: Path, start: dt.date, days: int, page_every: int, browser=None, say=print, batch_every=7, late_by=12
) -> Report:
    report = Report()
    began = time.perf_counter()
    world = World(folder, start, days, batch_every, late_by)
    for n in range(days):
        day = start + dt.timedelta(days=n)
        world.events(n, day)
        found = world.check(day, report)
        for credential, verdict in found:
            wanted = credential.expected(day)
            report.checks += 1
            report.history.setdefault(credential.number, {})[str(day)] = verdict
            report.verdicts[verdict] = report.verdicts.get(verdict, 0) + 1
            if verdict != wanted:
                report.mismatches.append(
                    f"{day} CLI {credential.number} (issued {credential.issued}): {verdict}, want {wanted}"
                )
            if verdict == "valid" and world.key_ends[credential.key] < day:
                report.valid_after_key_end += 1
        if browser is not None and page_every and (n % page_every == page_every - 1 or n == days - 1):
            shown = page_verdicts(world, day, browser)
            for credential in world.credentials:
                verdict = next((v for source, v in shown.items() if credential.path.name in source), "missing")
                report.page_checks += 1
                if verdict != credential.expected(day):
                    report.mismatches.append(
                        f"{day} page {credential.number}: {verdict}, want {credential.expected(day)}"
                    )
        report.days += 1
        if n % 10 == 9:
            say(f"day {n + 1}/{days} ({day}): {report.checks} checks, {len(report.mismatches)} mismatches")
    report.seconds = time.perf_counter() - began
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=400)
    parser.add_argument("--start", default="2025-01-02", help="the first simulated day (YYYY-MM-DD)")
    parser.add_argument("--page-every", type=int, default=30, help="check in the real page every N days (0: never)")
    parser.add_argument("--keep", help="keep the simulated world in this folder")
    args = parser.parse_args()
    start = dt.date.fromisoformat(args.start)
    with tempfile.TemporaryDirectory(prefix="x1portal-year-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        browser = None
        if args.page_every:
            from playwright.sync_api import sync_playwright

            from portal.site.preview import CHROMIUM, CHROMIUM_ARGS

            driver = sync_playwright().start()
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        report = simulate(folder, start, args.days, args.page_every, browser)
        if browser is not None:
            browser.close()
            driver.stop()
    print(json.dumps({k: v for k, v in report.__dict__.items() if k not in ("mismatches", "history")}))
    for line in report.mismatches[:50]:
        print("MISMATCH", line)
    print(
        f"{report.days} days, {report.checks} CLI checks, {report.page_checks} page checks, "
        f"{report.monitor_runs} monitor runs, {len(report.mismatches)} mismatches, {report.seconds:.0f} s"
    )
    return 1 if report.mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
