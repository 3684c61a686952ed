"""How a reader reports a problem: a GitHub issue form of the project's repository (PORTAL['REPOSITORY']), opened
with the page's address and the kind of problem filled in, and never anything about a holder (a verify page's
address is given without its #c= fragment, which holds the credential). Without a repository setting the link
leads to the contact page, which says how else to report. The forms are .github/ISSUE_TEMPLATE/*.yml."""

from __future__ import annotations

from urllib.parse import urlencode

from portal.errors import SettingsError

# what is reported -> (the issue form, the kind of problem as the form's `kind` field shows it)
KINDS = {
    "certificate": ("data-error.yml", "证书信息有误 / certificate facts"),
    "organisation": ("data-error.yml", "培训评价组织信息有误 / organisation facts"),
    "verdict": ("verdict.yml", "对核验结论有疑问 / a verdict"),
}


def checked_repository(value: str) -> str:
    """PORTAL['REPOSITORY']: '' or the repository's https address (https://github.com/<owner>/<name>)."""
    if value and not (value.startswith("https://") and value.count("/") == 4 and not value.endswith("/")):
        raise SettingsError(f"PORTAL['REPOSITORY'] must be '' or https://github.com/<owner>/<name>, got {value!r}")
    return value


def issue_url(repository: str, siteurl: str, kind: str, page: str) -> str:
    """The address of the issue form for `kind` on the site page `page` (site-relative, e.g. certificates/bim/)."""
    template, what = KINDS[kind]
    if not repository:
        return f"{siteurl}/contact/#report"
    fields = {"template": template, "page": f"{siteurl}/{page}".split("#", 1)[0], "kind": what}
    return f"{repository}/issues/new?{urlencode(fields)}"
