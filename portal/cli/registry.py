"""The registry's signing tools: one command, a subcommand per task (`--help` on each).

    x1portal registry keygen     --out ~/.1x-portal/keys/org.key
    x1portal registry public-key FILE [--id]
    x1portal registry endorse    --root-key ROOT.key --organisation ORG --public-key=B64 \\
                                          --valid-from D --valid-until D --scope CERT[,CERT]
    x1portal registry sign       --key ORG.key --organisation ORG --input issued.xlsx --batch NAME --out DIR
    x1portal registry revoke     --key ORG.key --organisation ORG --lookup ID --date D --reason R
    x1portal registry revoke-key --root-key ROOT.key --organisation ORG (--key-id ID | --all-in-force) --from D --reason R
    x1portal registry verify     (FILE | --qr TEXT | --number N --name NAME --code C)
    x1portal registry demo       regenerate the demo keys, records and revocations in data/
    x1portal registry demo-key   root --out FILE: the DEMO root's private key, to practise the guides

Passphrases are read from the environment variable named by --passphrase-env (default PORTAL_KEY_PASSPHRASE) or
asked for at the terminal. Private keys and holder files are refused inside the repository.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import getpass
import json
import os
import sys
import urllib.parse
from collections import defaultdict
from pathlib import Path

from tqdm import tqdm

from portal import hanzi
from portal.catalogue.loader import load
from portal.cli.commands import command_parser
from portal.dates import moment
from portal.errors import CommandError, DataError
from portal.files import write_text_atomically
from portal.project import project_root
from portal.registry.check import batch
from portal.registry.check.published_site import open_site
from portal.registry.check.verdicts import Checker, Judgement
from portal.registry.credentials import credential, vc
from portal.registry.credentials.holder import Holder, new_code
from portal.registry.credentials.records import Record
from portal.registry.issue import demo, registry_files, sign_export
from portal.registry.keys import keyfile
from portal.registry.keys.signing import b64url, from_b64url, key_id_of, public_key_of
from portal.registry.keys.trust import Root, WitnessKey
from portal.registry.log.cosignature import Cosigner
from portal.registry.log.tlog import format_proof
from portal.registry.store.loading import load_registry, read_keys, snapshot_of, verify_records_file
from portal.registry.validity import log_proof
from portal.registry.validity.steps import FAILED, PASSED, STATE_NAMES
from portal.settings import portal_settings
from portal.vocab import KEY_REVOCATION_REASONS, RECORD_REVOCATION_REASONS, VERDICTS

# --- shared --------------------------------------------------------------------------------------------------


def passphrase(args, purpose: str, confirm: bool = False) -> str:
    given = os.environ.get(args.passphrase_env)
    if given:
        return given
    first = getpass.getpass(f"passphrase for {purpose}: ")
    if confirm and getpass.getpass("again: ") != first:
        raise CommandError("the passphrases differ")
    return first


def open_key(args, path: str) -> bytes:
    try:
        return keyfile.read(Path(path).expanduser(), passphrase(args, path))
    except keyfile.KeyFileError as exc:
        raise CommandError(str(exc)) from None


def day(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def moment_argument(text: str) -> dt.datetime:
    try:
        return moment(text, "--now")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_now(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--now",
        type=moment_argument,
        default=None,
        help="核验时刻（ISO 8601，含时区），用于判断签名快照是否过期或来自未来（默认现在）/ the time of checking, to "
        "tell an expired snapshot or one from the future (default: now)",
    )


def now_of(args) -> dt.datetime:
    """The time of checking: --now, else the clock, read here at the edge and passed in."""
    return args.now or dt.datetime.now(dt.UTC)


def context(args):
    """(settings, data folder, catalogue, root, snapshot of the keys) for commands that check against the registry."""
    portal = portal_settings(args.settings)
    data = Path(args.data or portal["DATA_PATH"])
    catalogue = load(data)
    root = Root.of_setting(portal["REGISTRY_ROOT"])
    problems: list = []
    keys = read_keys(data, catalogue, root, problems)
    if problems:
        raise DataError(problems)
    return portal, data, catalogue, root, snapshot_of(catalogue, root, portal["SNAPSHOT_DATE"], keys)


# --- keygen, endorse, revoke-key -----------------------------------------------------------------------------


def write_key_file(args, seed: bytes, purpose: str) -> None:
    """Seal seed into the key file args.out (outside the repository, never overwritten)."""
    try:
        keyfile.write(
            Path(args.out).expanduser(), seed, passphrase(args, purpose, confirm=True), repository=project_root()
        )
    except (keyfile.KeyFileError, FileExistsError) as exc:
        raise CommandError(str(exc)) from None


def cmd_keygen(args) -> int:
    seed = os.urandom(32)
    write_key_file(args, seed, "the new key")
    public_key = public_key_of(seed)
    print(
        f"key id:     {key_id_of(public_key)}\npublic key: {b64url(public_key)}\nprivate key written to {args.out} "
        "(encrypted, mode 0600). Keep it and its passphrase apart; lose either and the key is gone."
    )
    return 0


def cmd_public_key(args) -> int:
    """Print the public key (or, with --id, the key id) of a key file; no passphrase needed."""
    try:
        part = keyfile.public_part(Path(args.file).expanduser())
    except (OSError, ValueError, KeyError) as exc:
        raise CommandError(f"cannot read {args.file}: {exc}") from None
    print(part["key"] if args.id else part["public_key"])
    return 0


def open_root_key(args, root: Root) -> bytes:
    """The root's seed, refused unless it is the root pinned in the site settings."""
    root_seed = open_key(args, args.root_key)
    if public_key_of(root_seed) != root.public_key:
        raise CommandError("this is not the registry root pinned in the site settings (PORTAL['REGISTRY_ROOT'])")
    return root_seed


def cmd_endorse(args) -> int:
    public_key = from_b64url(args.public_key, 32)
    portal, data, catalogue, root, _ = context(args)
    root_seed = open_root_key(args, root)
    if args.log:
        origin = args.origin or portal["LOG_ORIGIN"]
        log_key = registry_files.endorse_log(root_seed, origin, public_key, args.valid_from, args.valid_until)
        trouble = log_key.problem(root)
        if trouble:
            raise CommandError(trouble)
        print(f"wrote {registry_files.write_log_key(data, log_key)} (log key for {origin})")
        return 0
    if not (args.organisation and args.scope):
        raise CommandError("endorse needs --organisation and --scope (or --log for the log key)")
    endorsement = registry_files.endorse(
        root_seed, args.organisation, public_key, args.valid_from, args.valid_until, args.scope.split(",")
    )
    trouble = endorsement.problem(root)
    if trouble:
        raise CommandError(trouble)
    print(f"wrote {registry_files.write_key(data, endorsement)}")
    return 0


def cmd_witnesses(args) -> int:
    """The root signs the log's witness policy: who witnesses the log (each `VKEY|contact|url`) and how many must
    cosign. Any change (a witness in or out, a new quorum) is a new policy: data/witnesses.yaml."""
    portal, data, _, root, _ = context(args)
    witnesses = []
    for given in args.witness:
        parts = given.split("|")
        if len(parts) != 3:
            raise CommandError(f"--witness {given!r}: write it as 'VKEY|联系方式 contact|https://… or empty'")
        try:
            cosigner = Cosigner.of_vkey(parts[0].strip())
        except ValueError as exc:
            raise CommandError(f"--witness {parts[0][:60]!r}: {exc}") from None
        witnesses.append(WitnessKey(cosigner.name, b64url(cosigner.public_key), parts[1].strip(), parts[2].strip()))
    policy = registry_files.sign_witnesses(
        open_root_key(args, root), args.origin or portal["LOG_ORIGIN"], args.quorum, witnesses
    )
    trouble = policy.problem(root, policy.origin)
    if trouble:
        raise CommandError(trouble)
    print(f"wrote {registry_files.write_witnesses(data, policy)} ({policy.quorum} of {len(witnesses)} witnesses)")
    return 0


def cmd_export_seed(args) -> int:
    """Print a key file's seed in base64url: the value of the deploy secret PORTAL_LOG_KEY (docs/deploy.md)."""
    print(b64url(open_key(args, args.file)))
    return 0


def cmd_revoke_key(args) -> int:
    """Revoke one key (--key-id), or every key of the organisation not revoked yet (--all-in-force, when it leaves
    the pilot): the key ids are the file names in data/keys/ORG/, so no one needs the organisation's key file."""
    _, data, _, root, _ = context(args)
    if args.all_in_force:
        ids = sorted(p.stem for p in (data / "keys" / args.organisation).glob("*.yaml"))
        keys = [k for k in (registry_files.read_key(data, args.organisation, i) for i in ids) if not k.revocation]
        if not keys:
            raise CommandError(
                f"{args.organisation} 没有未吊销的密钥 / has no key in force (data/keys/{args.organisation}/)"
            )
    else:
        keys = [registry_files.read_key(data, args.organisation, args.key_id)]
        if keys[0].revocation:
            raise CommandError(f"key {args.key_id} is already revoked from {keys[0].revocation.start}")
    root_seed = open_root_key(args, root)
    for endorsement in keys:
        print(
            f"wrote {registry_files.write_key(data, registry_files.revoke_key(root_seed, endorsement, args.start, args.reason))}"
        )
    return 0


# --- sign ----------------------------------------------------------------------------------------------------


def cmd_sign(args) -> int:
    seed = open_key(args, args.key)
    out = Path(args.out).expanduser().absolute()
    keyfile.refuse_inside(out, project_root())
    portal, data, catalogue, root, snapshot = context(args)
    key = key_id_of(public_key_of(seed))
    if key not in snapshot.keys:
        raise CommandError(f"key {key} is not endorsed: ask the registry to endorse it first (endorse)")
    site_url = checked_site_url(args.site_url)
    rows = sign_export.read_export(Path(args.input))
    signed = sign_export.plan(
        rows,
        organisation=args.organisation,
        certificates=catalogue.certificates,
        snapshot=snapshot,
        key=key,
        seed=seed,
        site_url=site_url,
        label=str(args.input),
        new_code=sign_export.codes_from(Path(args.codes)) if args.codes else lambda _number: new_code(),
    )
    names_of = lambda cid: {  # noqa: E731
        "certificate": catalogue.certificates[cid]["full_name"],
        "organisation": catalogue.organisations[args.organisation]["name"],
    }
    created = f"{portal['SNAPSHOT_DATE']}T00:00:00Z" if args.created is None else args.created
    try:
        records_path = registry_files.records_path(data, args.organisation, args.batch)
    except ValueError as exc:
        raise CommandError(f"--batch: {exc}") from None
    sign_export.write(
        signed,
        out=out,
        records_path=records_path,
        organisation=args.organisation,
        holder_files=sign_export.holder_files_writer(names_of, site_url, root.demo, seed, public_key_of(seed), created),
        progress=lambda items, **kw: tqdm(items, disable=args.quiet, **kw),
    )
    print(f"signed {len(signed)} record(s) into {records_path}\nholder files (private: names, codes) in {out}")
    return 0


def checked_site_url(text: str | None) -> str:
    """The public address the QR codes point at: required, http(s) with a host, no fragment or query."""
    if not text:
        raise CommandError(
            "--site-url is required: the public address of the site the QR codes open (e.g. https://certificates."
            "example.org), or set PORTAL_SITEURL / 需要 --site-url：二维码指向的网站地址"
        )
    parsed = urllib.parse.urlsplit(text)
    if parsed.scheme not in ("https", "http") or not parsed.hostname or parsed.query or parsed.fragment:
        raise CommandError(f"--site-url {text!r} is not a web address such as https://certificates.example.org")
    return text.rstrip("/")


# --- revoke --------------------------------------------------------------------------------------------------


def cmd_revoke(args) -> int:
    by_root = args.root_key is not None
    seed = open_key(args, args.root_key or args.key)
    _, data, catalogue, root, snapshot = context(args)
    lookup = args.lookup or Holder.of(args.number, "-", args.code).lookup
    revocation = registry_files.revoke_record(args.organisation, lookup, args.date, args.reason, seed, by_root=by_root)
    trouble = snapshot.revocation_problem(revocation)
    if trouble:
        raise CommandError(trouble)
    print(f"wrote {registry_files.append_revocations(data, args.organisation, [revocation])}")
    return 0


# --- verify --------------------------------------------------------------------------------------------------


# The exit status of `registry verify` is its verdict (docs/verifier.md "The command line"): a script can act on it.
# 2 is a usage or data error (argparse, and every PortalError in portal.cli.main). A batch exits with its worst.
EXIT_STATUS = {"valid": 0, "invalid": 1, "revoked": 3, "unconfirmed": 4}
USAGE_ERROR = 2
JSON_FORMAT = "1x-portal/verify-result/v1"


def cmd_verify(args) -> int:
    portal = portal_settings(args.settings)
    root = Root.of_setting(portal["REGISTRY_ROOT"])
    now = now_of(args)
    if args.site:
        try:
            site = open_site(args.site, root, portal["LOG_ORIGIN"], now)
        except ValueError as exc:
            reason = f"无法核验：站点 {args.site} 发布的数据未通过签名快照检查：{exc}"
            return _report(args, Judgement("unconfirmed", reason), None, None, root)
        snapshot, state, registry = site.trust, site.state, None
    else:
        data = Path(args.data or portal["DATA_PATH"])
        cache = Path(portal["CACHE_PATH"]) if portal["CACHE_PATH"] else None
        registry = load_registry(data, load(data), root, portal["SNAPSHOT_DATE"], cache, portal["LOG_ORIGIN"])
        snapshot, site, state = registry.snapshot, None, None
    if args.file and args.file.endswith((".yaml", ".yml")):
        return _verify_records_file(args.file, Path(args.file).read_text(encoding="utf-8"), snapshot)
    checker = Checker(snapshot, now, site, state, registry)
    if args.batch:
        return _verify_batch(args, checker, root)
    if args.number:
        judged = checker.printed(args.number, args.name or "", args.code or "")
    else:
        try:
            text = args.qr if args.qr else Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"无法读取 {args.file}：{exc}", file=sys.stderr)
            return USAGE_ERROR
        judged = checker.credential(text)
    return _report(args, judged, checker, state, root)


def _report(args, judged: Judgement, checker: Checker | None, state, root: Root) -> int:
    """The judgement as text, or as one JSON object (--json, JSON_FORMAT); its exit status."""
    if args.json:
        print(json.dumps(_judgement_data(judged, checker, state, root), ensure_ascii=False, indent=1))
    else:
        for line in _judgement_lines(judged, checker, state, root):
            print(line)
    return EXIT_STATUS[judged.kind]


def _judgement_lines(judged: Judgement, checker: Checker | None, state, root: Root) -> list[str]:
    verdict, lines = judged.verdict, []
    if verdict is not None and not verdict.error:
        record = verdict.record
        certificate, level, organisation = checker.names(record)
        for label, value in (
            ("持证人", hanzi.marked(verdict.holder.name)),  # 𠮷(U+20BB7)祥: checkable where a font lacks the glyph
            ("证书编号", hanzi.marked(verdict.holder.number)),
            ("证书", certificate),
            ("等级", level),
            ("颁发日期", record.issued),
            ("颁发组织", organisation),
        ):
            lines.append(f"{label}：{value}")
        if verdict.proof:
            lines.append(
                f"[{STATE_NAMES[PASSED if verdict.proof[0] else FAILED]}] {vc.PROOF_TITLE}：{verdict.proof[1]}"
            )
        lines += [str(step) for step in verdict.steps]
        lines += [f"[登记] {note}" for note in judged.notes]
        lines.append(f"[登记] {judged.registered.evidence}")
    elif verdict is not None:
        lines.append(f"[未通过] 记录格式完整：{verdict.error}")
    lines.append(f"结论：{VERDICTS[judged.kind]}（{judged.kind}）——{judged.reason}")
    if verdict is not None and not verdict.error:
        if state:
            lines.append(
                f"登记与撤销信息截至 {state.issued.isoformat()}，有效至 {state.expires.isoformat()}（快照版本 {state.version}）"
            )
            if state.quorum:
                enough = "已达到" if state.witnessed else "未达到"
                named = "、".join(state.cosigners) or "无"
                lines.append(f"独立见证：{named} 联署了日志检查点（需要 {state.quorum} 个，{enough}）")
        else:
            lines.append(f"信任快照日期 {checker.snapshot.date}（依据本仓库的数据核验）")
    if root.demo:
        lines.append("演示根密钥：演示数据，不能证明任何真实证书")
    return lines


def _judgement_data(judged: Judgement, checker: Checker | None, state, root: Root) -> dict:
    """The --json form of one judgement (docs/verifier.md lists its fields)."""
    data: dict = {
        "format": JSON_FORMAT,
        "verdict": judged.kind,
        "verdict_zh": VERDICTS[judged.kind],
        "reason": judged.reason,
        "exit_status": EXIT_STATUS[judged.kind],
        "demo": root.demo,
    }
    verdict = judged.verdict
    if verdict is not None and verdict.error:
        data["error"] = {"code": verdict.error.code, "detail": str(verdict.error)}
    elif verdict is not None:
        record = verdict.record
        certificate, level, organisation = checker.names(record)
        data |= {
            "holder": {
                "name": verdict.holder.name,
                "number": verdict.holder.number,
                "uncommon": [hanzi.code_point(char) for char in hanzi.uncommon(verdict.holder.name)],
            },
            "certificate": {"id": record.certificate, "name": certificate},
            "level": {"id": record.level, "name": level},
            "issued": record.issued,
            "organisation": {"id": record.organisation, "name": organisation},
            "key": record.key,
            "lookup": record.lookup,
            "steps": [
                {"step": s.step, "state": s.state, "title": s.title, "evidence": s.evidence} for s in verdict.steps
            ],
            "proof": {"passed": verdict.proof[0], "evidence": verdict.proof[1]} if verdict.proof else None,
            "registration": {"state": judged.registered.state, "evidence": judged.registered.evidence},
            "notes": list(judged.notes),
            "expired": judged.expired,
        }
    if state:
        data["snapshot"] = {
            "issued": state.issued.isoformat(),
            "expires": state.expires.isoformat(),
            "version": state.version,
            "log_size": state.size,
            "witnesses": list(state.cosigners),
            "quorum": state.quorum,
        }
    elif checker is not None:
        data["snapshot"] = {"date": checker.snapshot.date, "from": "repository"}
    return data


# --- prove ---------------------------------------------------------------------------------------------------


def holder_files(paths: list[str]) -> list[Path]:
    """The credential JSON files named, or found in the folders named (*.credential.json)."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(path.rglob("*.credential.json"))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{name}: no such file or folder")
    return found


def cmd_prove(args) -> int:
    portal = portal_settings(args.settings)
    root = Root.of_setting(portal["REGISTRY_ROOT"])
    try:
        site = open_site(args.site, root, portal["LOG_ORIGIN"], now_of(args))
    except ValueError as exc:
        raise CommandError(
            f"站点 {args.site} 发布的数据未通过签名快照检查 / the site did not check out: {exc}"
        ) from None
    waiting = 0
    files = holder_files(args.paths)
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text)
            _holder, record = credential.from_json(data)
        except (ValueError, credential.CredentialError) as exc:
            raise CommandError(f"{path}: 不是本平台的凭证文件 / not a credential file: {exc}") from None
        try:
            found = site.inclusion(record)
        except ValueError as exc:  # VerificationError: the site's data is damaged
            raise CommandError(
                f"{path}: 无法从站点的日志证明这条记录 / the site's log could not prove it: {exc}"
            ) from None
        if found is None:
            waiting += 1
            print(f"{path}: 尚未记入公开登记，未写入证明 / not in the published log yet: no proof written")
            continue
        index, proof = found
        data[log_proof.FIELD] = format_proof(index, proof, site.checkpoint_note)
        write_text_atomically(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    proved = len(files) - waiting
    print(
        f"{proved} 份凭证写入了登记证明（日志共 {site.state.size} 条），{waiting} 份尚未登记 / "
        f"{proved} credential file(s) got a proof, {waiting} not in the log yet"
    )
    return 1 if waiting else 0


def _verify_batch(args, checker: Checker, root: Root) -> int:
    """Many credentials, QR images, zips and tables of candidates: a table of verdicts and a summary line (or one
    JSON object); the exit status of the worst verdict (invalid, then revoked, then unconfirmed), 0 if all valid."""
    rows = batch.verify_batch([Path(p) for p in args.batch], checker)
    worst = next(
        (kind for kind in ("invalid", "revoked", "unconfirmed") if any(r.verdict == kind for r in rows)), "valid"
    )
    status = EXIT_STATUS[worst] if rows else USAGE_ERROR
    if args.out:
        batch.write_table(rows, Path(args.out))
    if args.json:
        fields = ("source", "verdict", "reason", "name", "number", "certificate", "level", "organisation", "issued")
        data = {
            "format": JSON_FORMAT,
            "rows": [{**{f: getattr(row, f) for f in fields}, "duplicate": row.duplicate} for row in rows],
            "summary": batch.summary(rows),
            "exit_status": status,
            "demo": root.demo,
        }
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return status
    for n, row in enumerate(rows, 1):
        who = " ".join(x for x in (row.name, row.number, row.certificate, row.level) if x)
        print(
            f"{n}. [{VERDICTS[row.verdict]}] {row.source}{f'：{who}' if who else ''}——{row.reason}"
            f"{f'（{row.duplicate}）' if row.duplicate else ''}"
        )
    print(f"共 {len(rows)} 行：{batch.summary(rows)}")
    if args.out:
        print(f"核验结果表：{args.out}（UTF-8，可直接用 Excel 打开）")
    if root.demo:
        print("演示根密钥：演示数据，不能证明任何真实证书")
    return status


def _verify_records_file(label: str, text: str, snapshot) -> int:
    # a records file is checked as the build checks it: a later revocation does not make a published line wrong
    as_published = dataclasses.replace(snapshot, revocations={})
    _sequence, rows, problems = verify_records_file(label, text, None, as_published)
    for problem in problems:
        print(problem)
    print(f"{len(rows)} record(s) verified, {len(problems)} problem(s)")
    return 1 if problems else 0


# --- demo ----------------------------------------------------------------------------------------------------


def cmd_demo(args) -> int:
    portal = portal_settings(args.settings)
    data = Path(args.data or portal["DATA_PATH"])
    if portal["REGISTRY_ROOT"]["public_key"] != b64url(demo.public_key("root")):
        raise CommandError("the settings do not pin the demo root; demo data would not verify")
    for folder in ("keys", "records", "revocations", "log-keys"):
        for path in (data / folder).rglob("*.yaml"):
            path.unlink()
    label, valid_from, valid_until = demo.LOG_KEY
    log_key = registry_files.endorse_log(
        demo.ROOT_SEED, portal["LOG_ORIGIN"], public_key_of(demo.seed(label)), valid_from, valid_until
    )
    registry_files.write_log_key(data, log_key)
    witnesses = [WitnessKey(name, b64url(demo.public_key(name)), demo.WITNESS_CONTACT) for name in demo.WITNESSES]
    policy = registry_files.sign_witnesses(demo.ROOT_SEED, portal["LOG_ORIGIN"], len(witnesses), witnesses)
    registry_files.write_witnesses(data, policy)
    keys = {}
    for demo_key in demo.KEYS:
        endorsement = registry_files.endorse(
            demo.ROOT_SEED,
            demo_key.organisation,
            public_key_of(demo_key.seed),
            demo_key.valid_from,
            demo_key.valid_until,
            list(demo_key.scope),
        )
        if demo_key.revoked_from:
            endorsement = registry_files.revoke_key(demo.ROOT_SEED, endorsement, demo_key.revoked_from, "compromised")
        registry_files.write_key(data, endorsement)
        keys[demo_key.label] = endorsement
    files: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for holder, certificate, organisation, level, issued, demo_key in tqdm(
        list(demo.issues()), desc="demo records", disable=args.quiet
    ):
        record = credential.issue(holder, organisation, certificate, level, issued, demo_key.key, demo_key.seed)
        files[(organisation, f"demo-{issued[:4]}")].append(record)
    revoked = defaultdict(list)
    current = {k.organisation: k for k in demo.KEYS if not k.revoked_from}
    for n, ((organisation, name), records) in enumerate(sorted(files.items())):
        registry_files.write_records(data, organisation, name, records)
        signer = current[organisation]
        for m, record in enumerate(records[::97][:2]):
            reason = sorted(RECORD_REVOCATION_REASONS)[(n + m) % len(RECORD_REVOCATION_REASONS)]
            revoked[organisation].append(
                registry_files.revoke_record(organisation, record.lookup, "2025-09-01", reason, signer.seed)
            )
    for organisation, revocations in sorted(revoked.items()):
        registry_files.append_revocations(data, organisation, revocations)
    total = sum(len(r) for r in files.values())
    print(
        f"demo: {len(keys)} keys, {total} records in {len(files)} files, "
        f"{sum(len(r) for r in revoked.values())} revocations"
    )
    return 0


def cmd_demo_key(args) -> int:
    """Write a DEMO private key (root, or a demo organisation key) to a key file, to practise the guides with."""
    labels = ["root"] + [k.label for k in demo.KEYS]
    if args.label not in labels:
        raise CommandError(f"unknown demo key {args.label!r}; one of {labels}")
    write_key_file(args, demo.seed(args.label), "the demo key")
    print(
        f"wrote the DEMO key {args.label} to {args.out}. Its private half derives from a public phrase "
        "(portal/registry/issue/demo.py): use it only to practise with the demo registry."
    )
    return 0


# --- command line --------------------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    main = command_parser("registry", epilog=__doc__)
    main.add_argument(
        "--settings",
        help="含 PORTAL 的 Pelican 设置文件 / Pelican settings with PORTAL",
    )
    main.add_argument(
        "--data", help="数据目录（默认 PORTAL['DATA_PATH']） / data folder (default: PORTAL['DATA_PATH'])"
    )
    main.add_argument(
        "--passphrase-env",
        default="PORTAL_KEY_PASSPHRASE",
        help="存放口令的环境变量 / environment variable with the passphrase",
    )
    main.add_argument("--quiet", action="store_true", help="不显示进度条 / no progress bars")
    sub = main.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "keygen",
        help="生成 Ed25519 密钥，加密保存在仓库之外 / make an Ed25519 key, written encrypted outside the repository",
    )
    p.add_argument(
        "--out",
        required=True,
        help="要创建的私钥文件（不得在仓库内） / private key file to create (refused inside the repository)",
    )
    p.set_defaults(run=cmd_keygen)

    p = sub.add_parser(
        "public-key",
        help="打印密钥文件的公钥（提交背书用） / print the public key of a key file (to send for endorsement)",
    )
    p.add_argument("file", help="keygen 生成的私钥文件 / the private key file written by keygen")
    p.add_argument("--id", action="store_true", help="改为打印密钥编号 / print the key id instead")
    p.set_defaults(run=cmd_public_key)

    p = sub.add_parser("endorse", help="注册库根密钥为组织密钥背书 / the registry root endorses an organisation key")
    p.add_argument("--root-key", required=True, help="注册库根私钥文件 / the registry root's private key file")
    p.add_argument(
        "--log",
        action="store_true",
        help="背书日志密钥（签署日志检查点与快照），写入 data/log-keys/ / endorse the log key (signs checkpoints and "
        "the snapshot), written to data/log-keys/",
    )
    p.add_argument(
        "--origin",
        help="日志来源（默认 PORTAL['LOG_ORIGIN']） / the log's origin (default: PORTAL['LOG_ORIGIN'])",
    )
    p.add_argument(
        "--organisation",
        help="培训评价组织标识（data/organisations/） / organisation id (data/organisations/)",
    )
    p.add_argument(
        "--public-key",
        required=True,
        help="组织密钥的公钥（base64url，由 keygen 生成）；请写成 --public-key=KEY，因为公钥可能以 - 开头 / the organisation key's public key (base64url, from keygen); write --public-key=KEY, since a key may start with -",
    )
    p.add_argument("--valid-from", required=True, type=day, help="生效日期 YYYY-MM-DD / first day in force")
    p.add_argument("--valid-until", required=True, type=day, help="到期日期 YYYY-MM-DD / last day in force")
    p.add_argument(
        "--scope",
        help="该密钥可签发的证书标识，逗号分隔 / certificate ids the key may sign for, comma-separated",
    )
    p.set_defaults(run=cmd_endorse)

    p = sub.add_parser(
        "witnesses",
        help="注册库根密钥签署日志的见证人策略（k/n）/ the registry root signs the log's witness policy (k of n)",
    )
    p.add_argument("--root-key", required=True, help="注册库根私钥文件 / the registry root's private key file")
    p.add_argument(
        "--witness",
        action="append",
        required=True,
        help="一个见证人：'VKEY|联系方式|https://提交地址'（VKEY 由 x1portal witness vkey 打印；演示见证人地址留空）/ "
        "one witness: 'VKEY|contact|https://submission prefix' (VKEY from x1portal witness vkey)",
    )
    p.add_argument("--quorum", type=int, required=True, help="须联署的见证人数 k / how many must cosign (k)")
    p.add_argument(
        "--origin",
        help="日志来源（默认 PORTAL['LOG_ORIGIN']） / the log's origin (default: PORTAL['LOG_ORIGIN'])",
    )
    p.set_defaults(run=cmd_witnesses)

    p = sub.add_parser(
        "export-seed",
        help="打印密钥文件的私钥种子（base64url），仅用于设置部署密钥 PORTAL_LOG_KEY / print a key file's seed "
        "(base64url), only to set the deploy secret PORTAL_LOG_KEY",
    )
    p.add_argument("file", help="日志密钥的私钥文件 / the log key's private key file")
    p.set_defaults(run=cmd_export_seed)

    p = sub.add_parser(
        "revoke-key",
        help="注册库根密钥自某日起吊销组织密钥 / the registry root revokes an organisation key from a date",
    )
    p.add_argument("--root-key", required=True, help="注册库根私钥文件 / the registry root's private key file")
    p.add_argument("--organisation", required=True, help="培训评价组织标识 / organisation id")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--key-id", help="密钥编号，即 data/keys/ORG/ 中的文件名 / the key id: its file name in data/keys/ORG/"
    )
    which.add_argument(
        "--all-in-force",
        action="store_true",
        help="吊销该组织所有未吊销的密钥（组织退出时） / revoke every key of the organisation in force (it leaves)",
    )
    p.add_argument(
        "--from",
        dest="start",
        required=True,
        type=day,
        help="此日期及以后颁发的记录无效 / records issued on or after it are invalid",
    )
    p.add_argument("--reason", required=True, choices=sorted(KEY_REVOCATION_REASONS), help="吊销原因 / why")
    p.set_defaults(run=cmd_revoke_key)

    p = sub.add_parser(
        "sign",
        help="按组织导出的 CSV/XLSX 名单签发证书记录 / sign issued certificates from the organisation's CSV/XLSX export",
    )
    p.add_argument("--key", required=True, help="组织的私钥文件 / the organisation's private key file")
    p.add_argument(
        "--organisation", required=True, help="签发组织的标识（data/organisations/） / the issuing organisation's id"
    )
    p.add_argument(
        "--input",
        required=True,
        help="颁发名单（CSV 或 XLSX，含 证书编号、姓名、证书、等级、颁发日期 列） / CSV or XLSX with 证书编号, 姓名, 证书, 等级, 颁发日期",
    )
    p.add_argument(
        "--batch", required=True, help="新记录文件名，如 2026-11 / name of the new records file, e.g. 2026-11"
    )
    p.add_argument(
        "--out",
        required=True,
        help="持证人私密文件的目录（须在仓库之外） / folder for the holders' private files (outside the repository)",
    )
    p.add_argument(
        "--site-url",
        default=os.environ.get("PORTAL_SITEURL"),
        help="网站的公开地址，用于二维码 / public site address, for the QR codes",
    )
    p.add_argument(
        "--created",
        help="W3C 凭证的证明创建时间（默认快照日期） / proof creation time of the W3C credentials (default: snapshot date)",
    )
    p.add_argument(
        "--codes",
        help="沿用已打印的验证码：上次签发生成的 codes.csv（证书编号、验证码列） / keep the verification codes already "
        "printed: a codes.csv written by an earlier sign (columns 证书编号, 验证码)",
    )
    p.set_defaults(run=cmd_sign)

    p = sub.add_parser(
        "revoke",
        help="撤销一条已颁发的记录（组织密钥；组织已退出时用根密钥） / revoke an issued record (organisation key, or root for a withdrawn one)",
    )
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--key", help="组织的私钥文件 / the organisation's private key file")
    who.add_argument(
        "--root-key",
        help="注册库根密钥（仅用于已退出试点的组织） / the registry root's key (only for an organisation that left the pilot)",
    )
    p.add_argument("--organisation", required=True, help="培训评价组织标识 / organisation id")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--lookup", help="记录的查询号 / the record's lookup id")
    which.add_argument("--number", help="证书编号（与 --code 一起用） / the certificate number (with --code)")
    p.add_argument("--code", help="验证码（与 --number 一起用） / the verification code (with --number)")
    p.add_argument("--date", required=True, type=day, help="撤销日期 YYYY-MM-DD / date of the revocation")
    p.add_argument("--reason", required=True, choices=sorted(RECORD_REVOCATION_REASONS), help="撤销原因 / why")
    p.set_defaults(run=cmd_revoke)

    p = sub.add_parser(
        "verify",
        help="离线核验记录、凭证文件、二维码内容或 编号+姓名+验证码 / verify a record, credential file, QR payload or number+name+code, offline",
    )
    p.add_argument(
        "file",
        nargs="?",
        help="凭证 JSON、W3C VC JSON 或记录 YAML 文件 / credential JSON, W3C VC JSON, or a records YAML file",
    )
    p.add_argument("--qr", help="二维码内容或核验链接 / QR payload or verify URL")
    p.add_argument(
        "--json",
        action="store_true",
        help="以一个 JSON 对象输出结论（字段见 docs/verifier.md）/ print the verdict as one JSON object (fields: "
        "docs/verifier.md)",
    )
    p.add_argument(
        "--batch",
        nargs="+",
        metavar="PATH",
        help="批量核验：凭证文件、二维码图片、文件夹、zip 压缩包、候选人表格（CSV/XLSX，列：证书编号、姓名、验证码）/ verify "
        "many: credential files, QR images, folders, zips, tables of candidates (number, name, code)",
    )
    p.add_argument("--out", help="批量核验结果表（CSV，UTF-8 带 BOM）/ the batch's table of verdicts (CSV)")
    p.add_argument("--number", help="证书编号 / the certificate number")
    p.add_argument("--name", help="持证人姓名 / the holder's name")
    p.add_argument("--code", help="验证码 / the verification code")
    p.add_argument(
        "--site",
        help="按已发布站点核验（构建输出文件夹或 https:// 网址）：检查签名快照、日志检查点与包含证明 / verify "
        "against a published site (output folder or https:// URL): signed snapshot, checkpoint, inclusion proof",
    )
    add_now(p)
    p.set_defaults(run=cmd_verify)

    p = sub.add_parser(
        "prove",
        help="把登记证明（C2SP tlog-proof）写入持证人的凭证文件，供离线核验 / write proofs of registration (C2SP "
        "tlog-proof) into holders' credential files, for offline checks",
    )
    p.add_argument(
        "paths",
        nargs="+",
        help="凭证文件（*.credential.json）或存放它们的文件夹 / credential files, or folders holding them",
    )
    p.add_argument(
        "--site",
        required=True,
        help="已发布的站点（构建输出文件夹或 https:// 网址）/ the published site (output folder or https:// URL)",
    )
    add_now(p)
    p.set_defaults(run=cmd_prove)

    p = sub.add_parser(
        "demo-key",
        help="导出演示私钥（如演示根密钥），用于练习指南 / write a DEMO private key (e.g. the demo root) to practise the guides with",
    )
    p.add_argument(
        "label", help="root，或演示组织密钥，如 miit-eec-2021 / root, or a demo organisation key such as miit-eec-2021"
    )
    p.add_argument(
        "--out",
        required=True,
        help="要创建的密钥文件（不得在仓库内） / key file to create (refused inside the repository)",
    )
    p.set_defaults(run=cmd_demo_key)

    p = sub.add_parser(
        "demo",
        help="重新生成演示密钥、约 2,000 条演示记录和撤销记录 / regenerate the demo keys, ~2,000 demo records and revocations in data/",
    )
    p.set_defaults(run=cmd_demo)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.settings = args.settings or str(project_root() / "pelicanconf.py")
    if args.command == "verify" and not (args.file or args.qr or args.number or args.batch):
        parser().error("verify needs FILE, --qr, --number/--name/--code or --batch PATH…")
    return args.run(args)  # a PortalError (CommandError, DataError, …) is printed by portal.cli.main
