"""Every rule the data must follow, each reported as one Problem (file, line, field path, what, how to fix).

1. Each file matches the JSON Schema of its kind (data/schemas/).
2. A file's id is its file name; no two files share an id.
3. Every reference resolves: organisation, batch, standard, certificate, source document, major code.
4. No impossible value: a standard level the certificate does not have, an exam fee above the cap of its exam
   form (教职所〔2019〕314号), dates out of order, batch counts that disagree with the certificates listed.

Rules 2–4 run only on files that passed rule 1, so one broken file gives one clear message, not a cascade.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from portal.catalogue.datafiles import SINGLES, DataFiles
from portal.catalogue.yamlfile import YamlFile
from portal.dates import is_date
from portal.errors import Problem, format_path
from portal.vocab import KIND_BY_FOLDER, KINDS, LEVEL_NAMES


def check(files: DataFiles) -> list[Problem]:
    problems: list[Problem] = []
    valid: dict[str, list[YamlFile]] = {}
    for kind in KINDS:
        valid[kind.folder] = [f for f in files.folders[kind.folder] if schema_ok(f, kind.schema, files.root, problems)]
    singles = {name: f for name, f in files.singles.items() if schema_ok(f, SINGLES[name], files.root, problems)}
    if files.majors is None:
        return problems
    Rules(files, valid, singles, problems).run()
    return problems


# --- rule 1: schemas -----------------------------------------------------------------------------------------


@cache
def _validator(schemas: Path, name: str) -> Draft202012Validator:
    resources = []
    for path in sorted(schemas.glob("*.schema.json")):
        resources.append((path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8")))))
    registry = Registry().with_resources(resources)
    schema = json.loads((schemas / f"{name}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_ok(f: YamlFile, schema: str, root: Path, problems: list[Problem]) -> bool:
    if f.problems:  # unreadable: already reported
        return False
    errors = list(_validator(root / "schemas", schema).iter_errors(f.data))
    errors.sort(key=lambda e: e.validator == "format")  # a wrong shape is told before a day that does not exist
    reported = set()
    for error in errors:
        error = _specific(error)
        path = tuple(error.absolute_path)
        if path in reported:  # one problem per field (a bad date breaks both its pattern and its format)
            continue
        reported.add(path)
        problems.append(
            Problem(f.label, f.line(path), format_path(path) or "(top level)", _message(error), _hint(error))
        )
    return not errors


def _specific(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf, the alternative that came closest, so the message says what is actually wrong."""
    while error.context:
        deeper = best_match(error.context)
        if deeper is None or deeper is error:
            break
        error = deeper
    return error


def _message(error: ValidationError) -> str:
    value = error.instance
    shown = json.dumps(value, ensure_ascii=False)
    shown = shown if len(shown) <= 60 else shown[:57] + "…"
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        return f"required field {', '.join(repr(m) for m in missing)} is missing"
    if error.validator == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return f"unknown field {', '.join(repr(e) for e in extra)}"
    if error.validator == "enum":
        return f"{shown} is not an allowed value"
    if error.validator == "pattern":
        return f"{shown} has the wrong format"
    if error.validator == "format" and error.validator_value == "date":
        return f"{shown} is not a real calendar date"
    if error.validator == "type":
        return f"{shown} should be of type {error.validator_value}"
    return f"{shown}: {error.message}"


def _hint(error: ValidationError) -> str:
    schema = error.schema
    if error.validator == "required":
        return "add the missing field (see data/schemas/ for its meaning; write null if the source does not say)"
    if error.validator == "additionalProperties":
        allowed = ", ".join(schema.get("properties", {}))
        return f"check the spelling; allowed fields here: {allowed}"
    if error.validator == "enum":
        return "use one of: " + ", ".join(json.dumps(v, ensure_ascii=False) for v in error.validator_value)
    if error.validator in ("pattern", "format"):
        return f"write it as {schema.get('description', 'matching ' + str(error.validator_value))}"
    if error.validator == "const":
        return f"use {json.dumps(error.validator_value, ensure_ascii=False)}"
    return schema.get("description") or "see data/schemas/ for the expected shape"


# --- rules 2–4 -----------------------------------------------------------------------------------------------


class Rules:
    def __init__(
        self, files: DataFiles, valid: dict[str, list[YamlFile]], singles: dict[str, YamlFile], problems: list[Problem]
    ):
        self.files = files
        self.valid = valid
        self.singles = singles
        self.problems = problems
        self.majors = files.majors
        # ids known from every file that has one, valid or not, so a broken file does not cascade
        self.ids = {folder: _ids(files.folders[folder]) for folder in files.folders}
        self.batch_numbers = {f.data.get("number") for f in files.folders["batches"] if isinstance(f.data, dict)}
        self.documents = {f.data["id"]: f.data for f in valid["documents"]}
        self.certificates = {f.data["id"]: f.data for f in valid["certificates"]}
        # counted from every readable certificate file, so one broken file is not also reported as "missing"
        self.all_certificates = [f.data for f in files.folders["certificates"] if isinstance(f.data, dict)]
        self.certificates_readable = not any(f.problems for f in files.folders["certificates"])

    def report(self, f: YamlFile, path: tuple, message: str, hint: str) -> None:
        self.problems.append(Problem(f.label, f.line(path), format_path(path), message, hint))

    def run(self) -> None:
        self.file_names_and_duplicates()
        for f in self.valid["certificates"]:
            self.certificate(f)
        for f in self.valid["organisations"]:
            self.organisation(f)
        for f in self.valid["standards"]:
            self.standard(f)
        for f in self.valid["batches"]:
            self.batch(f)
        for f in self.valid["documents"]:
            for i, ref in enumerate(f.data.get("referenced_by", [])):
                self.reference(f, ("referenced_by", i), ref, "documents")
            for i, provision in enumerate(f.data.get("provisions") or []):
                if len(provision.get("date") or "") == 10 and not is_date(provision["date"]):
                    self.report(
                        f,
                        ("provisions", i, "date"),
                        f"日期 {provision['date']} 不存在 / not a calendar day",
                        "写成真实的日期；来源只写到年、半年或月时，写 YYYY、YYYY-H1/H2 或 YYYY-MM",
                    )
        self.singles_rules()
        for f in [f for fs in self.valid.values() for f in fs]:
            for path, source in _sources(f.data):
                self.reference(f, path + ("document",), source["document"], "documents")

    # rule 2
    def file_names_and_duplicates(self) -> None:
        for folder, files in self.valid.items():
            key = "number" if folder == "batches" else "id"
            seen: dict[Any, YamlFile] = {}
            for f in files:
                value = f.data[key]
                if str(value) != f.path.stem:
                    self.report(
                        f,
                        (key,),
                        f"{key} {value!r} does not match the file name {f.path.name!r}",
                        f"rename the file to {value}.yaml or set {key}: {f.path.stem}",
                    )
                if value in seen:
                    self.report(
                        f,
                        (key,),
                        f"duplicate {key} {value!r} (also in {seen[value].label})",
                        f"give one of them a different {key}",
                    )
                seen[value] = f

    # rule 3
    def reference(self, f: YamlFile, path: tuple, value: Any, folder: str) -> bool:
        known = self.batch_numbers if folder == "batches" else self.ids[folder]
        if value in known:
            return True
        close = difflib.get_close_matches(str(value), [str(k) for k in known], n=1)
        suggestion = f"did you mean {close[0]!r}? " if close else ""
        self.report(
            f,
            path,
            f"unknown {KIND_BY_FOLDER[folder].schema} {value!r}",
            f"{suggestion}use a {'number' if folder == 'batches' else 'file name'} from data/{folder}/",
        )
        return False

    def certificate(self, f: YamlFile) -> None:
        c = f.data
        if c.get("levels_evidenced") and c["levels"] is not None:
            self.report(
                f,
                ("levels_evidenced",),
                "等级已知（levels）时不再写“来源可见的等级”（levels_evidenced） / levels_evidenced is for unknown levels",
                "删去 levels_evidenced，或把 levels 写成 null",
            )
        self.reference(f, ("organisation",), c["organisation"], "organisations")
        for i, other in enumerate(c.get("co_organisations", [])):
            self.reference(f, ("co_organisations", i), other, "organisations")
        self.reference(f, ("batch",), c["batch"], "batches")
        self.reference(f, ("status", "source"), c["status"]["source"], "documents")
        self.not_before_source(f, ("status", "as_of"), c["status"]["as_of"], c["status"]["source"])
        if "standard" in c:
            self.reference(f, ("standard",), c["standard"], "standards")
        for i, code in enumerate(c["editorial"]["classes"]):
            item = self.majors.by_code.get(("associate", code))
            if item is None or item.kind != "class":
                self.report(
                    f,
                    ("editorial", "classes", i),
                    f"unknown major class code {code!r}",
                    "use a 4-digit 高职专科 专业类 code of data/majors/vocational-2021.csv (e.g. 5102 计算机类)",
                )
        exam = c.get("exam")
        if exam and "fee" in exam:
            form = exam.get("form") or self.standard_exam_form(c)
            self.fee_within_cap(f, ("exam", "fee"), exam["fee"], form)

    def standard_exam_form(self, certificate: dict) -> str | None:
        for f in self.valid["standards"]:
            if f.data["id"] == certificate.get("standard") and f.data["exam"]:
                return f.data["exam"]["form"]
        return None

    def fee_within_cap(self, f: YamlFile, path: tuple, fee: float, form: str | None) -> None:
        costs = self.singles.get("exam_costs.yaml")
        if costs is None:
            return
        caps = {x["id"]: x for x in costs.data["forms"]}
        if form is None:
            self.report(
                f,
                path,
                "an exam fee is given but no exam form is known, so its cap cannot be checked",
                "add exam.form (paper, computer, practical-general or practical-special)",
            )
        elif fee > caps[form]["cap"]:
            self.report(
                f,
                path,
                f"exam fee {fee:g} 元 is above the cap of {caps[form]['cap']:g} 元/人次 for "
                f"{caps[form]['name']} (教职所〔2019〕314号)",
                "check the fee against its source; a fee above the cap needs the 报备 document as source",
            )

    def organisation(self, f: YamlFile) -> None:
        o = f.data
        self.name_as_printed(f)
        self.reference(f, ("status", "source"), o["status"]["source"], "documents")
        self.not_before_source(f, ("status", "as_of"), o["status"]["as_of"], o["status"]["source"])
        for i, contact in enumerate(o.get("contacts", [])):
            for j, cid in enumerate(contact["for_certificates"]):
                path = ("contacts", i, "for_certificates", j)
                issuers = (
                    [self.certificates[cid]["organisation"], *self.certificates[cid].get("co_organisations", [])]
                    if cid in self.certificates
                    else []
                )
                if self.reference(f, path, cid, "certificates") and cid in self.certificates and o["id"] not in issuers:
                    self.report(
                        f,
                        path,
                        f"certificate {cid!r} is issued by {' and '.join(map(repr, issuers))}, not by {o['id']!r}",
                        "list only this organisation's certificates",
                    )

    def name_as_printed(self, f: YamlFile) -> None:
        """A name cut in the source is shown as printed (name_cut, ending in …) unless only one completion exists."""
        o = f.data
        printed = o.get("names_as_printed") or []
        if o.get("name_cut"):
            if not any(o["name"] == f"{cut}…" for cut in printed):
                self.report(
                    f,
                    ("name",),
                    "名称标为原文截断（name_cut），但不是“名单原文中的写法 + …” / a cut name must be a printed name + …",
                    "name 写成 names_as_printed 中的原文并在末尾加“…”",
                )
            return
        for i, cut in enumerate(printed):
            if cut != o["name"] and o["name"].startswith(cut) and o["name"] not in obvious_completions(cut):
                self.report(
                    f,
                    ("names_as_printed", i),
                    f"名称“{o['name']}”补全了原文截断的“{cut}”，但补全不唯一（如“有限公司”或“有限责任公司”）"
                    " / the completion of a cut name is a guess",
                    "照原文写 name（末尾加“…”）并加 name_cut: true；只有“…股份有限”“…有限公”这类只有一种写法的截断可以补全",
                )

    def standard(self, f: YamlFile) -> None:
        s = f.data
        if not self.reference(f, ("certificate",), s["certificate"], "certificates"):
            return
        cert = self.certificates.get(s["certificate"])
        if cert is None:
            return
        if cert.get("standard") != s["id"]:
            self.report(
                f,
                ("certificate",),
                f"certificate {cert['id']!r} does not name this standard",
                f"set standard: {s['id']} in data/certificates/{cert['id']}.yaml",
            )
        levels = cert["levels"] or []
        seen: set[str] = set()
        for i, level in enumerate(s["levels"]):
            name = level["level"]
            if name not in levels:
                have = "、".join(LEVEL_NAMES[x] for x in levels) or "none known"
                self.report(
                    f,
                    ("levels", i, "level"),
                    f"level {name!r} ({LEVEL_NAMES[name]}) is not a level of certificate {cert['id']!r} "
                    f"(its levels: {have})",
                    f"add {name} to levels in data/certificates/{cert['id']}.yaml or remove this level",
                )
            if name in seen:
                self.report(f, ("levels", i, "level"), f"level {name!r} appears twice", "merge the two entries")
            seen.add(name)
        exam = s["exam"]
        if exam and "fee" in exam:
            self.fee_within_cap(f, ("exam", "fee"), exam["fee"], exam["form"])

    def batch(self, f: YamlFile) -> None:
        b = f.data
        events = [(key, b[key]) for key in ("announcement", "confirmation", "launch_notice") if b[key]]
        for key, event in events:
            if self.reference(f, (key, "document"), event["document"], "documents"):
                doc = self.documents.get(event["document"])
                if doc and doc["date"] and event["date"] and doc["date"] != event["date"]:
                    self.report(
                        f,
                        (key, "date"),
                        f"date {event['date']} differs from the date of {event['document']} ({doc['date']})",
                        "use the document's date",
                    )
        dated = [(key, e["date"]) for key, e in events if e["date"]]
        for (k1, d1), (k2, d2) in zip(dated, dated[1:], strict=False):
            if d2 < d1:
                self.report(
                    f,
                    (k2, "date"),
                    f"{k2} ({d2}) is dated before {k1} ({d1})",
                    "announcement, confirmation and launch notice must be in date order",
                )
        if not self.certificates_readable:
            return  # the counts cannot be checked until every certificate file reads
        listed = [c for c in self.all_certificates if c.get("batch") == b["number"]]
        if len(listed) != b["certificate_count"]:
            self.report(
                f,
                ("certificate_count",),
                f"certificate_count is {b['certificate_count']} but "
                f"{len(listed)} certificates name batch {b['number']}",
                "add or remove certificate files, or correct the count and explain it in count_check",
            )
        organisations = {c.get("organisation") for c in listed} & self.ids["organisations"]
        if listed and len(organisations) != b["organisation_count"]:
            self.report(
                f,
                ("organisation_count",),
                f"organisation_count is {b['organisation_count']} but the "
                f"certificates of batch {b['number']} name {len(organisations)}",
                "check for an organisation entered twice under two ids, or correct the count",
            )

    def singles_rules(self) -> None:
        changes = self.singles.get("changes.yaml")
        if changes:
            dates = [c["date"] for c in changes.data]
            for i in range(1, len(dates)):
                if dates[i] > dates[i - 1]:
                    self.report(
                        changes,
                        (i, "date"),
                        f"{dates[i]} is newer than the entry above it ({dates[i - 1]})",
                        "keep the newest change first",
                    )
        crosswalk = self.singles.get("majors/crosswalk.yaml")
        if crosswalk:
            for i, entry in enumerate(crosswalk.data):
                item = self.majors.by_code.get((entry["level"], entry["code"]))
                if item is None or item.kind != "major":
                    self.report(
                        crosswalk,
                        (i, "code"),
                        f"unknown major code {entry['code']!r} for {entry['level']}",
                        "use a 6-digit major code of that level from data/majors/vocational-2021.csv",
                    )
        costs = self.singles.get("exam_costs.yaml")
        if costs:
            forms = [x["id"] for x in costs.data["forms"]]
            for i, form in enumerate(forms):
                if forms.index(form) != i:
                    self.report(costs, ("forms", i, "id"), f"exam form {form!r} appears twice", "keep one cap per form")

    # rule 4: a fact cannot be dated before the document it cites
    def not_before_source(self, f: YamlFile, path: tuple, date: str, document: str) -> None:
        doc = self.documents.get(document)
        if doc and doc["date"] and date < doc["date"]:
            self.report(
                f,
                path,
                f"{date} is before the date of its source {document} ({doc['date']})",
                "use a date on or after the source document's date",
            )


def obvious_completions(cut: str) -> set[str]:
    """The only full names a cut organisation name can have: …股份有限 and …有限公 end in 公司; nothing else is certain."""
    if cut.endswith("股份有限"):
        return {cut + "公司"}
    if cut.endswith("有限公"):
        return {cut + "司"}
    return set()


def _ids(files: list[YamlFile]) -> set:
    """Ids of a folder; an unreadable file counts by its file name, so references to it do not cascade."""
    return {f.data["id"] if isinstance(f.data, dict) and "id" in f.data else f.path.stem for f in files}


def _sources(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """Every {document, locator} source object anywhere in a file, with its path."""
    if isinstance(data, dict):
        if set(data) == {"document", "locator"}:
            yield path, data
            return
        for key, value in data.items():
            yield from _sources(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _sources(value, path + (i,))
