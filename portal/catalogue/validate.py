"""Every rule the data must follow, each reported as one Problem (file, line, field path, what, how to fix).

1. Each file matches the JSON Schema of its kind (data/schemas/).
2. A file's id is its file name; no two files share an id.
3. Every reference resolves: organisation, batch, standard, certificate, source document, major code.
4. No impossible value: a standard level the certificate does not have, an exam fee above the cap of its exam
   form (教职所〔2019〕314号), dates out of order, batch counts that disagree with the certificates listed.

Rules 2–4 run only on files that passed rule 1, so one broken file gives one clear message, not a cascade.
"""

from __future__ import annotations

import datetime as dt
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
from portal.messages import problem
from portal.vocab import KIND_BY_FOLDER, KINDS, LEVEL_NAMES
from portal.workdays import days_between


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
        code, values = _explain(error, f.plain.get(path))
        problems.append(problem(code, f.label, f.line(path), format_path(path) or "(top level)", **values))
    return not errors


def _specific(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf, the alternative that came closest, so the message says what is actually wrong."""
    while error.context:
        deeper = best_match(error.context)
        if deeper is None or deeper is error:
            break
        error = deeper
    return error


TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表",
    "object": "一组字段",
    "null": "null",
}
READ_AS = {int: ("整数", "integer"), float: ("小数", "number"), bool: ("布尔值", "boolean")}


def _explain(error: ValidationError, raw: str | None) -> tuple[str, dict]:
    """The message code of a schema error and its values. raw: the field's text as written, when YAML read a plain
    (unquoted) value as something other than text."""
    value = error.instance
    shown = json.dumps(value, ensure_ascii=False)
    shown = shown if len(shown) <= 60 else shown[:57] + "…"
    schema = error.schema
    expected = schema.get("description", f"matching {error.validator_value}")
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        return "schema.required", {"fields": ", ".join(repr(m) for m in missing)}
    if error.validator == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {})))
        allowed = ", ".join(schema.get("properties", {}))
        return "schema.unknown_field", {"fields": ", ".join(repr(e) for e in extra), "allowed": allowed}
    if error.validator == "enum":
        allowed = ", ".join(json.dumps(v, ensure_ascii=False) for v in error.validator_value)
        return "schema.enum", {"value": shown, "allowed": allowed}
    if error.validator == "const":
        return "schema.const", {"value": shown, "expected": json.dumps(error.validator_value, ensure_ascii=False)}
    if raw is not None and type(value) in READ_AS and "string" in _types(error):
        read_as_zh, read_as = READ_AS[type(value)]
        return "schema.unquoted", {"raw": raw, "value": shown, "read_as_zh": read_as_zh, "read_as": read_as}
    if error.validator == "pattern":
        return "schema.pattern", {"value": shown, "expected": expected}
    if error.validator == "format" and error.validator_value == "date":
        return "schema.date", {"value": shown, "expected": expected}
    if error.validator == "type":
        types = _types(error)
        return "schema.type", {
            "value": shown,
            "type": " or ".join(types),
            "type_zh": "或".join(TYPE_NAMES.get(t, t) for t in types),
        }
    detail = error.message
    return "schema.other", {"value": shown, "detail": detail, "expected": schema.get("description") or "data/schemas/"}


def _types(error: ValidationError) -> list[str]:
    """The JSON types a field may have, as far as the failing schema says."""
    wanted = error.schema.get("type", [])
    return [wanted] if isinstance(wanted, str) else list(wanted)


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
        # root causes other problems follow from (reported under them): a misspelled organisation or batch
        self.unknown_issuer: dict[str, Problem] = {}
        self.unknown_batch: list[Problem] = []

    def report(self, f: YamlFile, path: tuple, code: str, /, *, cause: Problem | None = None, **values) -> Problem:
        found = problem(code, f.label, f.line(path), format_path(path), cause=cause, **values)
        self.problems.append(found)
        return found

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
                    self.report(f, ("provisions", i, "date"), "date.not_a_day", date=provision["date"])
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
                    self.report(f, (key,), "id.file_name", key=key, value=value, name=f.path.name, stem=f.path.stem)
                if value in seen:
                    self.report(f, (key,), "id.duplicate", key=key, value=value, other=seen[value].label)
                seen[value] = f

    # rule 3
    def reference(self, f: YamlFile, path: tuple, value: Any, folder: str) -> Problem | None:
        """None if value names an entity of data/<folder>/, else the problem reported."""
        known = self.batch_numbers if folder == "batches" else self.ids[folder]
        if value in known:
            return None
        close = difflib.get_close_matches(str(value), [str(k) for k in known], n=1)
        kind = KIND_BY_FOLDER[folder]
        return self.report(
            f,
            path,
            "ref.unknown",
            kind=kind.schema,
            kind_zh=kind.heading,
            value=value,
            folder=folder,
            suggestion_zh=f"是不是 {close[0]}？" if close else "",
            suggestion_en=f"did you mean {close[0]!r}? " if close else "",
            what_zh="批次号" if folder == "batches" else "文件名（不含 .yaml）",
            what_en="number" if folder == "batches" else "file name",
        )

    def certificate(self, f: YamlFile) -> None:
        c = f.data
        if c.get("levels_evidenced") and c["levels"] is not None:
            self.report(f, ("levels_evidenced",), "certificate.levels_evidenced")
        wrong = self.reference(f, ("organisation",), c["organisation"], "organisations")
        for i, other in enumerate(c.get("co_organisations", [])):
            wrong = self.reference(f, ("co_organisations", i), other, "organisations") or wrong
        if wrong:
            self.unknown_issuer[c["id"]] = wrong
        wrong_batch = self.reference(f, ("batch",), c["batch"], "batches")
        if wrong_batch:
            self.unknown_batch.append(wrong_batch)
        self.reference(f, ("status", "source"), c["status"]["source"], "documents")
        self.not_before_source(f, ("status", "as_of"), c["status"]["as_of"], c["status"]["source"])
        if "standard" in c:
            self.reference(f, ("standard",), c["standard"], "standards")
        for i, code in enumerate(c["editorial"]["classes"]):
            item = self.majors.by_code.get(("associate", code))
            if item is None or item.kind != "class":
                self.report(f, ("editorial", "classes", i), "certificate.unknown_class", code=code)
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
            self.report(f, path, "fee.no_form")
        elif fee > caps[form]["cap"]:
            self.report(f, path, "fee.above_cap", fee=f"{fee:g}", cap=f"{caps[form]['cap']:g}", form=caps[form]["name"])

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
                known = not self.reference(f, path, cid, "certificates") and cid in self.certificates
                if known and o["id"] not in issuers:
                    self.report(
                        f,
                        path,
                        "organisation.contact_other",
                        cause=self.unknown_issuer.get(cid),
                        certificate=cid,
                        issuers=" 和 ".join(issuers),
                        organisation=o["id"],
                    )

    def name_as_printed(self, f: YamlFile) -> None:
        """A name cut in the source is shown as printed (name_cut, ending in …) unless only one completion exists."""
        o = f.data
        printed = o.get("names_as_printed") or []
        if o.get("name_cut"):
            if not any(o["name"] == f"{cut}…" for cut in printed):
                self.report(f, ("name",), "organisation.cut_name")
            return
        for i, cut in enumerate(printed):
            if cut != o["name"] and o["name"].startswith(cut) and o["name"] not in obvious_completions(cut):
                self.report(f, ("names_as_printed", i), "organisation.guessed_name", name=o["name"], cut=cut)

    def standard(self, f: YamlFile) -> None:
        s = f.data
        if self.reference(f, ("certificate",), s["certificate"], "certificates"):
            return
        cert = self.certificates.get(s["certificate"])
        if cert is None:
            return
        if cert.get("standard") != s["id"]:
            self.report(f, ("certificate",), "standard.not_named", certificate=cert["id"], standard=s["id"])
        levels = cert["levels"] or []
        seen: set[str] = set()
        for i, level in enumerate(s["levels"]):
            name = level["level"]
            if name not in levels:
                self.report(
                    f,
                    ("levels", i, "level"),
                    "standard.level_missing",
                    level=name,
                    level_name=LEVEL_NAMES[name],
                    certificate=cert["id"],
                    have="、".join(LEVEL_NAMES[x] for x in levels) or "未知 / unknown",
                )
            if name in seen:
                self.report(f, ("levels", i, "level"), "standard.level_twice", level=name)
            seen.add(name)
        exam = s["exam"]
        if exam and "fee" in exam:
            self.fee_within_cap(f, ("exam", "fee"), exam["fee"], exam["form"])

    def batch(self, f: YamlFile) -> None:
        b = f.data
        events = [(key, b[key]) for key in ("announcement", "confirmation", "launch_notice") if b[key]]
        for key, event in events:
            if not self.reference(f, (key, "document"), event["document"], "documents"):
                doc = self.documents.get(event["document"])
                if doc and doc["date"] and event["date"] and doc["date"] != event["date"]:
                    self.report(
                        f,
                        (key, "date"),
                        "batch.date_differs",
                        date=event["date"],
                        document=event["document"],
                        document_date=doc["date"],
                    )
        dated = [(key, e["date"]) for key, e in events if e["date"]]
        for (k1, d1), (k2, d2) in zip(dated, dated[1:], strict=False):
            if d2 < d1:
                self.report(f, (k2, "date"), "batch.date_order", later=k2, later_date=d2, earlier=k1, earlier_date=d1)
        if not self.certificates_readable:
            return  # the counts cannot be checked until every certificate file reads
        listed = [c for c in self.all_certificates if c.get("batch") == b["number"]]
        if len(listed) != b["certificate_count"]:
            self.report(
                f,
                ("certificate_count",),
                "batch.certificate_count",
                # a certificate whose batch number is misspelled is missing from its batch: the count follows from it
                cause=self.unknown_batch[0] if len(listed) < b["certificate_count"] and self.unknown_batch else None,
                count=b["certificate_count"],
                listed=len(listed),
                number=b["number"],
            )
        organisations = {c.get("organisation") for c in listed} & self.ids["organisations"]
        if listed and len(organisations) != b["organisation_count"]:
            misspelled = [self.unknown_issuer[c["id"]] for c in listed if c.get("id") in self.unknown_issuer]
            self.report(
                f,
                ("organisation_count",),
                "batch.organisation_count",
                cause=misspelled[0] if misspelled else (self.unknown_batch[0] if self.unknown_batch else None),
                count=b["organisation_count"],
                named=len(organisations),
                number=b["number"],
            )

    def singles_rules(self) -> None:
        self.working_days_rules()
        changes = self.singles.get("changes.yaml")
        if changes:
            dates = [c["date"] for c in changes.data]
            for i in range(1, len(dates)):
                if dates[i] > dates[i - 1]:
                    self.report(changes, (i, "date"), "changes.order", date=dates[i], above=dates[i - 1])
        crosswalk = self.singles.get("majors/crosswalk.yaml")
        if crosswalk:
            for i, entry in enumerate(crosswalk.data):
                item = self.majors.by_code.get((entry["level"], entry["code"]))
                if item is None or item.kind != "major":
                    self.report(
                        crosswalk, (i, "code"), "crosswalk.unknown_major", code=entry["code"], level=entry["level"]
                    )
        terms = self.singles.get("search_terms.yaml")
        names = self.searched_names()
        if terms and names is not None:
            for i, alias in enumerate(terms.data["aliases"]):
                for j, phrase in enumerate(alias["finds"]):
                    if not any(phrase in name for name in names):
                        self.report(terms, ("aliases", i, "finds", j), "search.finds_nothing", phrase=phrase)
        costs = self.singles.get("exam_costs.yaml")
        if costs:
            forms = [x["id"] for x in costs.data["forms"]]
            for i, form in enumerate(forms):
                if forms.index(form) != i:
                    self.report(costs, ("forms", i, "id"), "costs.form_twice", form=form)

    def working_days_rules(self) -> None:
        """data/working_days.yaml: one entry per year, consecutive; each range inside its year, in order, not
        overlapping; each make-up working day a Saturday or Sunday of its year that is not a holiday."""
        calendar = self.singles.get("working_days.yaml")
        if not calendar:
            return
        years = calendar.data["years"]
        for i, entry in enumerate(years):
            year, expected = entry["year"], years[0]["year"] + i
            if year != expected:  # its dates are then not checked against it: one problem, not one per date
                self.report(calendar, ("years", i, "year"), "calendar.year_order", year=year, expected=expected)
                continue
            end = ""
            holidays = set()
            for j, holiday in enumerate(entry["holidays"]):
                first, last = holiday["from"], holiday["to"]
                if not (is_date(first) and is_date(last)):
                    continue  # the schema's date rule reports it
                if not (first[:4] == last[:4] == str(year)) or last < first:
                    self.report(
                        calendar, ("years", i, "holidays", j), "calendar.range", first=first, last=last, year=year
                    )
                elif first <= end:
                    self.report(calendar, ("years", i, "holidays", j, "from"), "calendar.overlap", first=first, end=end)
                else:
                    end = last
                    holidays.update(days_between(first, last))
            for j, day in enumerate(entry["workdays"]):
                if not is_date(day):
                    continue
                weekend = dt.date.fromisoformat(day).weekday() >= 5
                if day[:4] != str(year) or not weekend or day in holidays:
                    self.report(calendar, ("years", i, "workdays", j), "calendar.workday", day=day, year=year)

    def searched_names(self) -> list[str] | None:
        """The names the search gives aliases to (portal/search/index.py): certificates, organisations, majors; None
        while a certificate or organisation file cannot be read (its name is unknown: no cascade from it)."""
        files = self.files.folders["certificates"] + self.files.folders["organisations"]
        if any(f.problems for f in files):
            return None
        names = [f.data["name"] for f in files if isinstance(f.data, dict) and isinstance(f.data.get("name"), str)]
        return names + [item.name for item in self.majors.items]

    # rule 4: a fact cannot be dated before the document it cites
    def not_before_source(self, f: YamlFile, path: tuple, date: str, document: str) -> None:
        doc = self.documents.get(document)
        if doc and doc["date"] and date < doc["date"]:
            self.report(f, path, "date.before_source", date=date, document=document, source_date=doc["date"])


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
