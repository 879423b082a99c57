"""Importing experts from Excel, as DOSTs keep their lists today: read the workbook, map its
columns, check every row and match it with the registry — all without writing anything.
``services.expert_import`` writes a checked preview in one transaction, or nothing.

Matching (re-import updates instead of duplicating): a row is the same expert as a profile
with the same folded name, the same year of birth and a current affiliation with the same
folded name. A profile with the same folded name that differs in year or affiliation (or where
either is missing) is a doubtful match: the person importing decides, row by row, whether it is
the same expert (update) or another one (new).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.classifications.models import Term
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, fold
from khcn.experts.choices import AcademicTitle, Availability, Degree, Gender
from khcn.experts.models import Affiliation, Expert
from khcn.organizations.models import OrganizationAlias

MAX_ROWS = 5000
MAX_COLUMNS = 60

# Target fields: (key, label, header words that suggest it, folded).
TARGETS: list[tuple[str, Any, tuple[str, ...]]] = [
    ("full_name", gettext_lazy("Full name"), ("ho va ten", "ho ten", "full name", "name")),
    ("birth_year", gettext_lazy("Year of birth"), ("nam sinh", "year of birth", "birth year")),
    ("gender", gettext_lazy("Gender"), ("gioi tinh", "gender")),
    ("academic_title", gettext_lazy("Academic title"), ("chuc danh", "hoc ham", "academic title", "title")),
    ("degree", gettext_lazy("Degree"), ("hoc vi", "trinh do", "degree")),
    ("fields", gettext_lazy("Fields"), ("linh vuc", "chuyen nganh", "fields", "field")),
    ("organization", gettext_lazy("Affiliation"), ("co quan", "don vi", "noi cong tac", "affiliation")),
    ("position", gettext_lazy("Position"), ("chuc vu", "position")),
    ("email", gettext_lazy("E-mail"), ("email", "e-mail", "thu dien tu")),
    ("phone", gettext_lazy("Phone"), ("dien thoai", "so dien thoai", "phone")),
    ("languages", gettext_lazy("Languages"), ("ngoai ngu", "languages")),
    ("availability", gettext_lazy("Availability"), ("kha nang tham gia", "availability")),
    ("publications", gettext_lazy("Publications"), ("cong trinh", "bai bao", "publications")),
    ("past_tasks", gettext_lazy("Past S&T tasks"), ("nhiem vu", "de tai", "past s&t tasks", "past tasks")),
    (
        "public_profile_consent",
        gettext_lazy("Agrees to a limited public profile"),
        ("dong y cong khai", "cong khai", "public profile", "consent"),
    ),
]
TARGET_KEYS = [t[0] for t in TARGETS]

_YES = {"co", "x", "yes", "y", "1", "true", "dong y"}
_NO = {"khong", "no", "n", "0", "false", ""}
_GENDERS = {"nam": Gender.MALE, "male": Gender.MALE, "nu": Gender.FEMALE, "female": Gender.FEMALE}
_AVAILABILITY = {
    "san sang": Availability.AVAILABLE,
    "available": Availability.AVAILABLE,
    "han che": Availability.LIMITED,
    "limited": Availability.LIMITED,
    "khong": Availability.UNAVAILABLE,
    "khong tham gia duoc": Availability.UNAVAILABLE,
    "unavailable": Availability.UNAVAILABLE,
}

NEW, UPDATE, REVIEW = "new", "update", "review"


@dataclass
class Sheet:
    """A workbook's first sheet as text: its header row and data rows (Excel row numbers)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]

    def as_data(self) -> dict[str, Any]:
        return {"headers": self.headers, "rows": [[n, cells] for n, cells in self.rows]}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Sheet:
        return cls(headers=list(data["headers"]), rows=[(int(n), list(cells)) for n, cells in data["rows"]])


@dataclass
class PreviewRow:
    number: int  # the row's number in Excel
    values: dict[str, Any]
    fields: list[Term] = field(default_factory=list)
    organization: Any = None  # an agency of the registry, else ``organization_name``
    organization_name: str = ""
    errors: list[str] = field(default_factory=list)
    action: str = NEW
    match: Expert | None = None  # the profile a row updates
    candidates: list[Expert] = field(default_factory=list)  # doubtful matches
    decision: str = ""  # for a doubtful match: "new" or the id of the profile, as chosen

    @property
    def affiliation(self) -> str:
        return self.organization.name if self.organization is not None else self.organization_name


@dataclass
class Preview:
    rows: list[PreviewRow]

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def reviews(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.action == REVIEW and not r.errors]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.errors)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return clean(str(value))


def read_workbook(data: bytes) -> Sheet:
    """The first sheet of an XLSX file: the first row with two cells or more is the header row
    (a title above it is skipped; the list export can be imported back). Refuses,
    with the reason, a file openpyxl cannot read, an empty sheet or too many rows."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise DomainError(_("This Excel file cannot be read."), code="unreadable") from exc
    sheet = workbook.worksheets[0]
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
        cells = [_cell(v) for v in raw]
        if not any(cells):
            continue
        if headers is None:
            if sum(1 for c in cells if c) >= 2:  # a title line above the table is skipped
                headers = cells
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise DomainError(
                _("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS}, code="too_many_rows"
            )
    workbook.close()
    if headers is None or not rows:
        raise DomainError(_("The first sheet has no rows of data under a header row."), code="empty")
    return Sheet(headers=headers, rows=rows)


def guess_mapping(headers: Sequence[str]) -> dict[str, int | None]:
    """Target field → column index, from the header texts (with or without diacritics)."""
    folded = [fold(h) for h in headers]
    mapping: dict[str, int | None] = {}
    used: set[int] = set()
    for key, _label, words in TARGETS:
        mapping[key] = None
        for word in words:
            found = next((i for i, h in enumerate(folded) if i not in used and h == word), None)
            if found is None:
                found = next((i for i, h in enumerate(folded) if i not in used and word in h), None)
            if found is not None:
                mapping[key] = found
                used.add(found)
                break
    return mapping


def _choice(text: str, choices: Iterable[str]) -> str | None:
    by_fold = {fold(c): c for c in choices}
    return by_fold.get(fold(text).replace(".", "").replace(" ", ""), by_fold.get(fold(text)))


def _terms_by_text() -> tuple[dict[str, Term], dict[str, Term]]:
    terms = list(Term.objects.select_related("scheme").order_by("scheme_id", "ordering"))
    by_code: dict[str, Term] = {}
    for t in terms:  # the national fields win over a plan's priority codes ("a", "b"…)
        by_code.setdefault(t.code, t)
    return by_code, {fold(t.name): t for t in reversed(terms)}


def _organizations(names: set[str]) -> dict[str, Any]:
    """Registry agencies in operation by any of their names (folded)."""
    rows = OrganizationAlias.objects.filter(
        name_folded__in=names, organization__valid_to__isnull=True
    ).select_related("organization")
    return {a.name_folded: a.organization for a in rows}


def preview(sheet: Sheet, mapping: dict[str, int | None], *, today: dt.date | None = None) -> Preview:
    """Every row checked and matched; writes nothing. A row's problems are in its ``errors``."""
    today = today or timezone.localdate()
    if mapping.get("full_name") is None:
        raise DomainError(_("Say which column holds the full name."), code="no_name_column")
    by_code, by_name = _terms_by_text()
    org_col = mapping.get("organization")
    names = {fold(cells[org_col]) for _n, cells in sheet.rows if org_col is not None and org_col < len(cells)}
    agencies = _organizations({n for n in names if n})
    rows: list[PreviewRow] = []
    for number, cells in sheet.rows:

        def get(key: str, cells: list[str] = cells) -> str:
            index = mapping.get(key)
            return cells[index] if index is not None and index < len(cells) else ""

        row = PreviewRow(number=number, values={})
        rows.append(row)
        name = get("full_name")
        if not name:
            row.errors.append(_("The full name is missing."))
        elif len(name) > 200:
            row.errors.append(_("The full name is too long (at most %(max)d characters).") % {"max": 200})
        row.values["full_name"] = name
        year = get("birth_year")
        if year:
            if year.isdigit() and 1900 <= int(year) <= today.year - 15:
                row.values["birth_year"] = int(year)
            else:
                row.errors.append(
                    _("Year of birth “%(value)s” is not a year between 1900 and %(max)d.")
                    % {"value": year, "max": today.year - 15}
                )
        for key, choices, label in (
            ("academic_title", AcademicTitle.values, _("Academic title")),
            ("degree", Degree.values, _("Degree")),
        ):
            text = get(key)
            if text:
                value = _choice(text, choices)
                if value is None:
                    row.errors.append(
                        _("%(field)s “%(value)s” is not known.") % {"field": label, "value": text}
                    )
                else:
                    row.values[key] = value
        gender = get("gender")
        if gender:
            if fold(gender) in _GENDERS:
                row.values["gender"] = _GENDERS[fold(gender)]
            else:
                row.errors.append(
                    _("%(field)s “%(value)s” is not known.") % {"field": _("Gender"), "value": gender}
                )
        availability = get("availability")
        if availability:
            if fold(availability) in _AVAILABILITY:
                row.values["availability"] = _AVAILABILITY[fold(availability)]
            else:
                row.errors.append(
                    _("%(field)s “%(value)s” is not known.")
                    % {"field": _("Availability"), "value": availability}
                )
        consent = get("public_profile_consent")
        if consent:
            if fold(consent) in _YES:
                row.values["public_profile_consent"] = True
            elif fold(consent) in _NO:
                row.values["public_profile_consent"] = False
            else:
                row.errors.append(_("Consent “%(value)s”: write “có” or “không”.") % {"value": consent})
        email = get("email")
        if email:
            from django.core.validators import validate_email

            try:
                validate_email(email)
            except Exception:
                row.errors.append(_("“%(value)s” is not an e-mail address.") % {"value": email})
            else:
                row.values["email"] = email
        for key, limit in (("position", 255), ("phone", 40), ("languages", 255)):
            text = get(key)
            if len(text) > limit:
                row.errors.append(
                    _("%(field)s is too long.")
                    % {"field": dict((k, str(lab)) for k, lab, _w in TARGETS)[key]}
                )
            elif text:
                row.values[key] = text
        for key in ("publications", "past_tasks"):
            if get(key):
                row.values[key] = get(key)
        for part in (p.strip() for p in get("fields").replace(",", ";").split(";")):
            if not part:
                continue
            code = part.split(" ", 1)[0]
            term = by_code.get(code) or by_name.get(fold(part))
            if term is None:
                row.errors.append(_("Field “%(value)s” is not a known code.") % {"value": part})
            elif term not in row.fields:
                row.fields.append(term)
        organization = get("organization")
        if len(organization) > 255:
            row.errors.append(_("The affiliation is too long."))
        elif organization:
            row.organization = agencies.get(fold(organization))
            row.organization_name = "" if row.organization is not None else organization
    _match(rows)
    return Preview(rows=rows)


def _key(name: str, year: Any, affiliation: str) -> tuple[str, Any, str]:
    return (fold(name), year, fold(affiliation))


def _match(rows: list[PreviewRow]) -> None:
    names = {fold(r.values.get("full_name", "")) for r in rows if r.values.get("full_name")}
    existing: dict[str, list[Expert]] = {}
    affiliations: dict[int, set[str]] = {}
    for expert in Expert.objects.filter(name_folded__in=names).order_by("pk"):
        existing.setdefault(expert.name_folded, []).append(expert)
    for expert_id, folded in Affiliation.objects.filter(
        expert__name_folded__in=names, end__isnull=True
    ).values_list("expert_id", "name_folded"):
        affiliations.setdefault(expert_id, set()).add(folded)
    seen: dict[tuple[str, Any, str], int] = {}
    for row in rows:
        if row.errors:
            continue
        name, year = row.values["full_name"], row.values.get("birth_year")
        key = _key(name, year, row.affiliation)
        if key in seen:
            row.errors.append(_("Same expert as row %(row)d of this file.") % {"row": seen[key]})
            continue
        seen[key] = row.number
        same_name = existing.get(fold(name), [])
        exact = [
            e
            for e in same_name
            if year is not None
            and e.birth_year == year
            and fold(row.affiliation) in affiliations.get(e.pk, set())
        ]
        if len(exact) == 1:
            row.action, row.match = UPDATE, exact[0]
        elif same_name:
            row.action, row.candidates = REVIEW, same_name
