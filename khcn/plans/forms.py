"""Input forms of the plans app: they validate and shape what users type; the services decide.

- the import: ``ImportForm`` (a file or pasted text), ``ReviewForm`` (one screen of the review,
  applied to a copy of the ``ImportDraft``), ``PeriodForm``;
- agency reports: ``ReportForm`` (one status and four texts per line), ``AttachmentForm``,
  ``ReturnForm``; unresolved agency names: ``AgencyMapForm``; difficulties:
  ``DifficultyForm``, ``ResponseForm``; the consolidated report: ``AnnualReportForm``.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from khcn.core.concurrency import VersionField
from khcn.core.forms import CleanCharField, DateField
from khcn.core.uploads import accept_attribute, kinds_label
from khcn.organizations.forms import OrganizationMultipleChoiceField
from khcn.organizations.models import Organization
from khcn.plans.choices import AssignmentRole, ItemProgress, PeriodKind
from khcn.plans.models import AgencyReport, Plan, PlanItem, ReportLine
from khcn.plans.parser.deadlines import find_deadlines
from khcn.plans.parser.draft import LABEL_MAX, DraftAssignment, DraftFacts, DraftLink, DraftRow, ImportDraft
from khcn.plans.paths import display_path, path_key
from khcn.plans.selectors import DOCUMENT_LANGUAGE, MAX_SECTION_CHARS, TEXT_SECTIONS, Draft
from khcn.plans.services import MAX_ATTACHMENT_BYTES

MEGABYTE = 1024 * 1024
MAX_UPLOAD_BYTES = 20 * MEGABYTE
MAX_PASTE_CHARS = 5_000_000
MAX_TEXT = 20_000  # characters per box: generous for a report, bounded against abuse
UPLOAD_EXTENSIONS = (".txt", ".docx", ".pdf")
NEW_SECTION_ROWS = 3
NEW_ASSIGNMENT_ROWS = 3
# Above this many items, an assignment's item is typed (with suggestions) instead of picked
# from a list: a list per row would repeat every path on every row.
SELECT_MAX_PATHS = 150


def _text_area(rows: int, *, limit: int | None = None) -> forms.Textarea:
    attrs: dict[str, Any] = {"rows": rows}
    if limit:
        attrs["maxlength"] = limit
    return forms.Textarea(attrs=attrs)


# --------------------------------------------------------------------------------------------------
# The import, step 1: the text
# --------------------------------------------------------------------------------------------------


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Plan) -> str:
        return Truncator(str(obj)).chars(140)


class ImportForm(forms.Form):
    """A file or pasted text, and optionally the plan this one implements."""

    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A .txt, .docx or .pdf file with a text layer, up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_EXTENSIONS)}),
    )
    text = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        max_length=MAX_PASTE_CHARS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
    )
    parent = PlanChoiceField(
        label=_("Implements plan"),
        required=False,
        queryset=Plan.objects.none(),
        empty_label=_("— none: a plan of its own —"),
        help_text=_(
            "Choose the provincial plan when registering a locality's or agency's own implementation plan."
        ),
    )

    def __init__(self, *args: Any, plans: Any, parent_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = plans
        parent.required = parent_required

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload is not None and (upload.size or 0) > MAX_UPLOAD_BYTES:
            megabytes = math.ceil((upload.size or 0) * 10 / MEGABYTE) / 10
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB. Split it, or paste the text instead."),
                code="too_big",
                params={"size": number_format(megabytes, 1), "limit": MAX_UPLOAD_BYTES // MEGABYTE},
            )
        return upload

    def clean_text(self) -> str:
        return unicodedata.normalize("NFC", self.cleaned_data.get("text") or "")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        if data.get("file") and data.get("text"):
            raise forms.ValidationError(_("Give either a file or pasted text, not both."), code="both")
        if not data.get("file") and not data.get("text"):
            raise forms.ValidationError(_("Choose a file or paste the text of the plan."), code="none")
        return data


# --------------------------------------------------------------------------------------------------
# Opening a reporting period
# --------------------------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PeriodKind.choices, initial=PeriodKind.ANNUAL)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    index = forms.TypedChoiceField(
        label=_("Half or quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
        help_text=_("For 6-monthly (1–2) and quarterly (1–4) periods."),
    )
    start = DateField(label=_("Data from"), required=False, help_text=_("Ad hoc periods only."))
    end = DateField(label=_("Data to"), required=False, help_text=_("Ad hoc periods only."))
    due_on = DateField(label=_("Due on"), required=False, help_text=_("Ad hoc periods only."))
    name = CleanCharField(
        label=_("Name"), max_length=120, required=False, help_text=_("Ad hoc periods only.")
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        index = data.get("index")
        if kind == PeriodKind.AD_HOC:
            for name in ("start", "end", "due_on"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Ad hoc periods need this date."))
            if data.get("start") and data.get("end") and data["end"] < data["start"]:
                self.add_error("end", _("The end must not be before the start."))
            if data.get("start") and not data.get("year"):
                data["year"] = data["start"].year
        else:
            if not data.get("year") and "year" not in self.errors:
                self.add_error("year", _("Enter the year."))
            if kind == PeriodKind.SEMIANNUAL and index not in (1, 2):
                self.add_error("index", _("Choose half 1 or 2."))
            elif kind == PeriodKind.QUARTERLY and index not in (1, 2, 3, 4):
                self.add_error("index", _("Choose a quarter from 1 to 4."))
        data["index"] = index or 1
        return data


# --------------------------------------------------------------------------------------------------
# The import, step 2: the review screen
# --------------------------------------------------------------------------------------------------


def review_pages(draft: ImportDraft, *, max_fields: int | None) -> list[list[int]]:
    """The review's screens (row keys), each under Django's posted-fields limit."""
    return draft.pages(max_fields=max_fields, new_rows=NEW_SECTION_ROWS, new_assignments=NEW_ASSIGNMENT_ROWS)


class ReviewForm(forms.Form):
    """One screen of the review: the facts, the items ``row_keys`` with their assignments,
    and a few empty rows to add items and assignments.

    Valid, it leaves the edited draft in ``new_draft`` (the stored draft is not touched).
    Items are referred to by path as the screen showed them; a path typed in a "parent" box is
    looked up among the paths after this screen's relabelling first, then among those shown.
    """

    doc_type = CleanCharField(label=_("Document type"), max_length=60)
    title = CleanCharField(label=_("Title"), max_length=2000, widget=_text_area(2))
    issuer = CleanCharField(label=_("Issuing body"), max_length=255, required=False)
    number = CleanCharField(label=_("Number and symbol"), max_length=60, required=False)
    date = DateField(label=_("Date issued"), required=False)

    def __init__(self, *args: Any, draft: ImportDraft, row_keys: list[int], **kwargs: Any) -> None:
        self.draft = draft
        self.outline = draft.outline()
        self.paths = {entry.row.key: entry.path for entry in self.outline}
        self.row_keys = [k for k in row_keys if k in self.paths]
        on_page = set(self.row_keys)
        first_key = self.outline[0].row.key if self.outline else None
        first_page = not self.row_keys or self.row_keys[0] == first_key
        self.assignments = [
            a for a in draft.assignments if a.row in on_page or (first_page and a.row not in self.paths)
        ]
        facts = draft.facts
        initial: dict[str, Any] = {
            "doc_type": facts.doc_type,
            "title": facts.title,
            "issuer": facts.issuer,
            "number": facts.number,
            "date": facts.date,
        }
        rows = {entry.row.key: entry.row for entry in self.outline}
        for key in self.row_keys:
            row = rows[key]
            initial[f"s{key}_label"] = row.label
            initial[f"s{key}_heading"] = row.heading
            initial[f"s{key}_text"] = row.text
            initial[f"s{key}_parent"] = display_path(self.paths.get(row.parent, "") if row.parent else "")
        for entry in self.assignments:
            k = entry.key
            section = self.paths.get(entry.row, "") if entry.row is not None else ""
            # A select's value is the key; a text box shows the path as people read it.
            initial[f"a{k}_section"] = (
                section if len(self.paths) <= SELECT_MAX_PATHS else display_path(section)
            )
            initial[f"a{k}_agency"] = entry.agency
            initial[f"a{k}_role"] = entry.role
            initial[f"a{k}_deadline"] = entry.deadline_text
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.use_select = len(self.paths) <= SELECT_MAX_PATHS
        headings = {e.row.key: e.row.heading or e.row.text for e in self.outline}
        self.path_choices = [
            (
                path,
                f"{display_path(path)} — {Truncator(headings[key]).chars(50)}"
                if headings[key]
                else display_path(path),
            )
            for key, path in self.paths.items()
        ]
        for key in self.row_keys:
            row = rows[key]
            self.fields[f"s{key}_label"] = CleanCharField(
                label=_("Label"), max_length=LABEL_MAX, required=False
            )
            self.fields[f"s{key}_heading"] = CleanCharField(
                label=_("Heading"), max_length=5000, required=False, widget=_text_area(1)
            )
            if row.text:
                self.fields[f"s{key}_text"] = CleanCharField(
                    label=_("Text"), multiline=True, max_length=200_000, required=False, widget=_text_area(3)
                )
            self.fields[f"s{key}_parent"] = CleanCharField(
                label=_("Parent path"), max_length=200, required=False
            )
            self.fields[f"s{key}_merge"] = forms.BooleanField(
                label=_("Merge into previous item"), required=False
            )
            self.fields[f"s{key}_delete"] = forms.BooleanField(label=_("Delete"), required=False)
        for entry in self.assignments:
            self._assignment_fields(
                f"a{entry.key}", role=entry.role, section=initial[f"a{entry.key}_section"]
            )
            self.fields[f"a{entry.key}_delete"] = forms.BooleanField(label=_("Delete"), required=False)
        for i in range(1, NEW_SECTION_ROWS + 1):
            self.fields[f"ns{i}_label"] = CleanCharField(
                label=_("Label"), max_length=LABEL_MAX, required=False
            )
            self.fields[f"ns{i}_heading"] = CleanCharField(
                label=_("Heading"), max_length=5000, required=False, widget=_text_area(1)
            )
            self.fields[f"ns{i}_parent"] = CleanCharField(
                label=_("Parent path"), max_length=200, required=False
            )
        for i in range(1, NEW_ASSIGNMENT_ROWS + 1):
            self._assignment_fields(f"na{i}", role=AssignmentRole.LEAD, section="", new=True)

    def _assignment_fields(self, prefix: str, *, role: str, section: str, new: bool = False) -> None:
        if self.use_select:
            choices: list[tuple[str, Any]] = list(self.path_choices)
            if new or section not in self.paths.values():
                choices.insert(0, ("", _("— choose an item —")))
            self.fields[f"{prefix}_section"] = forms.ChoiceField(
                label=_("Item"), choices=choices, required=False
            )
        else:
            self.fields[f"{prefix}_section"] = CleanCharField(
                label=_("Item"),
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"list": "review-paths", "autocomplete": "off"}),
            )
        self.fields[f"{prefix}_agency"] = CleanCharField(label=_("Agency"), max_length=255, required=False)
        roles: list[tuple[str, Any]] = list(AssignmentRole.choices)
        if role and role not in AssignmentRole.values:
            roles.append((role, _("%(role)s (not saved)") % {"role": role}))
        self.fields[f"{prefix}_role"] = forms.ChoiceField(label=_("Role"), choices=roles, required=False)
        self.fields[f"{prefix}_deadline"] = CleanCharField(
            label=_("Deadline"), max_length=255, required=False
        )

    # --- what the template shows ------------------------------------------------------------
    def section_rows(self) -> list[dict[str, Any]]:
        depth = {e.row.key: e.depth for e in self.outline}
        return [
            {
                "key": key,
                "path": self.paths[key],
                "depth": depth[key],
                "label": self[f"s{key}_label"],
                "heading": self[f"s{key}_heading"],
                "text": self[f"s{key}_text"] if f"s{key}_text" in self.fields else None,
                "parent": self[f"s{key}_parent"],
                "merge": self[f"s{key}_merge"],
                "delete": self[f"s{key}_delete"],
            }
            for key in self.row_keys
        ]

    def new_section_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "n": i,
                "label": self[f"ns{i}_label"],
                "heading": self[f"ns{i}_heading"],
                "parent": self[f"ns{i}_parent"],
            }
            for i in range(1, NEW_SECTION_ROWS + 1)
        ]

    def assignment_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "entry": entry,
                "linked": entry.row in self.paths,
                "section": self[f"a{entry.key}_section"],
                "agency": self[f"a{entry.key}_agency"],
                "role": self[f"a{entry.key}_role"],
                "deadline": self[f"a{entry.key}_deadline"],
                "delete": self[f"a{entry.key}_delete"],
            }
            for entry in self.assignments
        ]

    def new_assignment_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "n": i,
                "section": self[f"na{i}_section"],
                "agency": self[f"na{i}_agency"],
                "role": self[f"na{i}_role"],
                "deadline": self[f"na{i}_deadline"],
            }
            for i in range(1, NEW_ASSIGNMENT_ROWS + 1)
        ]

    # --- applying the edits -------------------------------------------------------------------
    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        draft = self.draft.copy()
        rows = {row.key: row for row in draft.rows}
        shown = {path: key for key, path in self.paths.items()}
        draft.facts = DraftFacts(
            doc_type=data.get("doc_type") or "",
            title=data.get("title") or "",
            issuer=data.get("issuer") or "",
            number=data.get("number") or "",
            date=data.get("date"),
        )
        # 1. Labels and wording.
        for key in self.row_keys:
            row = rows[key]
            row.label = data.get(f"s{key}_label") or ""
            row.heading = data.get(f"s{key}_heading") or ""
            if f"s{key}_text" in data:
                row.text = data.get(f"s{key}_text") or ""
        relabelled = {path: key for key, path in draft.paths().items()}

        def lookup(typed: str) -> int | None:
            path = path_key(typed)  # typed as shown ("IV.9 (thứ hai)") or as the key
            return relabelled.get(path, shown.get(path))

        # 2. Moves: a changed parent path.
        for key in self.row_keys:
            field = f"s{key}_parent"
            typed = data[field]
            if typed == self.initial.get(field, ""):
                continue
            if not typed:
                rows[key].parent = None
                continue
            parent = lookup(typed)
            if parent is None:
                self.add_error(field, _("No item has the path “%(path)s”.") % {"path": typed})
            elif parent == key or self._descends(rows, parent, key):
                self.add_error(field, _("An item cannot be moved under itself."))
            else:
                rows[key].parent = parent
                if rows[key].order < rows[parent].order:
                    # Moved into a later part of the plan: it goes last there. (Moved up or
                    # out of a wrongly nested list, it keeps its place in the text.)
                    rows[key].order = draft.next_order
                    draft.next_order += 1
        # 3. New items.
        for i in range(1, NEW_SECTION_ROWS + 1):
            label, heading, typed = (data.get(f"ns{i}_{name}") for name in ("label", "heading", "parent"))
            if not (label or heading or typed):
                continue
            parent = None
            if typed:
                parent = lookup(typed)
                if parent is None:
                    self.add_error(f"ns{i}_parent", _("No item has the path “%(path)s”.") % {"path": typed})
                    continue
            if not label:
                self.add_error(f"ns{i}_label", _("Give the new item its label."))
                continue
            new_row = DraftRow(
                key=draft.next_row, order=draft.next_order, parent=parent, label=label, heading=heading or ""
            )
            draft.next_row += 1
            draft.next_order += 1
            draft.rows.append(new_row)
            rows[new_row.key] = new_row
        # 4. Assignments: edits, deletions, new ones.
        kept: list[DraftAssignment] = []
        for entry in draft.assignments:
            k = entry.key
            if f"a{k}_agency" not in data:
                kept.append(entry)
                continue
            if data.get(f"a{k}_delete"):
                continue
            section = data.get(f"a{k}_section")
            if section != self.initial.get(f"a{k}_section"):
                key_path = path_key(section) if section else ""
                row_key = shown.get(key_path, relabelled.get(key_path)) if section else None
                if row_key is None:
                    self.add_error(f"a{k}_section", _("Choose the item this duty belongs to."))
                entry.row = row_key
            elif entry.row not in self.paths:
                self.add_error(f"a{k}_section", _("Choose the item this duty belongs to, or delete it."))
            if not data.get(f"a{k}_agency"):
                self.add_error(f"a{k}_agency", _("Enter the agency, or delete the row."))
            entry.agency = data.get(f"a{k}_agency") or ""
            entry.role = data.get(f"a{k}_role") or entry.role
            typed = data.get(f"a{k}_deadline") or ""
            if typed != self.initial.get(f"a{k}_deadline", ""):
                self._read_deadline(entry, typed, f"a{k}_deadline")
            kept.append(entry)
        for i in range(1, NEW_ASSIGNMENT_ROWS + 1):
            section, agency = data.get(f"na{i}_section"), data.get(f"na{i}_agency")
            if not (section or agency):
                continue
            row_key = shown.get(section, relabelled.get(section)) if section else None
            if row_key is None:
                self.add_error(f"na{i}_section", _("Choose the item this duty belongs to."))
                continue
            if not agency:
                self.add_error(f"na{i}_agency", _("Enter the agency."))
                continue
            added = DraftAssignment(
                key=draft.next_assignment,
                row=row_key,
                agency=agency,
                role=data.get(f"na{i}_role") or AssignmentRole.LEAD,
            )
            self._read_deadline(added, data.get(f"na{i}_deadline") or "", f"na{i}_deadline")
            kept.append(added)
            draft.next_assignment += 1
        draft.assignments = kept
        if self.errors:
            return data
        # 5. Deletions (an item goes with everything under it), then merges into the item
        # before, in document order.
        gone: dict[int, int | None] = {}  # row key → the row it went into (None: deleted)
        for key in self.row_keys:
            if data.get(f"s{key}_delete"):
                for row in draft.rows:
                    if row.key == key or self._descends(rows, row.key, key):
                        gone[row.key] = None
        previous: DraftRow | None = None
        for entry_ in draft.outline():
            row = entry_.row
            key = row.key
            if key in gone:
                continue
            if data.get(f"s{key}_merge"):
                if previous is None:
                    self.add_error(f"s{key}_merge", _("The first item has nothing to merge into."))
                    continue
                self._merge(row, previous)
                gone[key] = previous.key
                for child in draft.rows:
                    if child.parent == key:
                        child.parent = previous.key
                continue
            previous = row
        if self.errors:
            return data

        def follow(key: int | None) -> int | None:
            while key in gone:
                key = gone[key]
            return key

        draft.rows = [row for row in draft.rows if row.key not in gone]
        assignments = []
        for duty in draft.assignments:
            if duty.row in gone:
                duty.row = follow(duty.row)
                if duty.row is None:
                    continue
            duty.related = [
                DraftLink(row=follow(link.row)) if link.row is not None else link
                for link in duty.related
                if link.row is None or follow(link.row) is not None
            ]
            assignments.append(duty)
        draft.assignments = assignments
        self.new_draft = draft
        return data

    def _read_deadline(self, duty: DraftAssignment, typed: str, field: str) -> None:
        """A deadline typed on the review screen, read as the parser reads a table's time cell
        (``30/6/2025``, ``Quý II/2025``, ``hằng năm``, ``thường xuyên``…) and kept with its
        value; one that says no time is refused on its field. Empty: no deadline."""
        if not typed:
            duty.deadline, duty.deadline_text, duty.deadline_original = None, "", ""
            duty.extra.pop("deadline_detail", None)
            return
        found = find_deadlines(typed, cell=True)
        if not found:
            self.add_error(
                field,
                forms.ValidationError(
                    _(
                        "“%(text)s” is not a deadline KHCN can read. Write a date, a month, a quarter "
                        "or a year (30/6/2025, tháng 10/2025, quý II/2025, năm 2025), or “hằng năm”, "
                        "“thường xuyên”; leave it empty for none."
                    ),
                    code="bad_deadline",
                    params={"text": typed},
                ),
            )
            return
        duty.deadline, duty.deadline_text, duty.deadline_original = typed, typed, typed
        duty.extra["deadline_detail"] = found[0].to_json()

    @staticmethod
    def _descends(rows: dict[int, DraftRow], key: int, ancestor: int) -> bool:
        """Whether row ``key`` is (at any depth) under row ``ancestor``."""
        seen: set[int] = set()
        parent = rows[key].parent if key in rows else None
        while parent is not None and parent not in seen:
            if parent == ancestor:
                return True
            seen.add(parent)
            parent = rows[parent].parent if parent in rows else None
        return False

    @staticmethod
    def _merge(row: DraftRow, into: DraftRow) -> None:
        """Fold ``row`` into the item before it: a heading continued on the next line joins the
        heading; anything else is added to the text."""
        if not row.text and not into.text and row.heading:
            into.heading = " ".join(p for p in (into.heading, row.heading) if p)
        else:
            into.text = "\n".join(p for p in (into.text, row.heading, row.text) if p)


# --------------------------------------------------------------------------------------------------
# Agency reports
# --------------------------------------------------------------------------------------------------


LINE_TEXTS = (
    ("results", _("Results achieved")),
    ("figures", _("Figures")),
    ("difficulties", _("Difficulties and obstacles")),
    ("proposals", _("Proposals")),
)
# --------------------------------------------------------------------------------------------------
# Forms (shape the input only; rules live in the services)
# --------------------------------------------------------------------------------------------------


@dataclass
class LineRow:
    """One line of the form: the line, its status box and its text boxes, each paired with what
    someone else saved meanwhile (None unless a stale save was refused and the values differ)."""

    line: ReportLine
    progress: tuple[forms.BoundField, str | None]
    texts: list[tuple[forms.BoundField, str | None]]


class ReportForm(forms.Form):
    version = VersionField()
    summary = forms.CharField(
        label=_("General situation"),
        required=False,
        max_length=MAX_TEXT,
        widget=_text_area(5, limit=MAX_TEXT),
        help_text=_("The agency's overall situation in the period: what was done, in general."),
    )

    def __init__(self, *args: Any, report: AgencyReport, **kwargs: Any) -> None:
        self.lines: list[ReportLine] = list(report.lines.all())
        kwargs.setdefault(
            "initial",
            {
                "version": report.version,
                "summary": report.summary,
                **{
                    self.key(line, name): getattr(line, name)
                    for line in self.lines
                    for name in ("progress", *(n for n, _label in LINE_TEXTS))
                },
            },
        )
        super().__init__(*args, **kwargs)
        for line in self.lines:
            self.fields[self.key(line, "progress")] = forms.ChoiceField(
                label=_("Status"), choices=ItemProgress.choices
            )
            for name, label in LINE_TEXTS:
                self.fields[self.key(line, name)] = forms.CharField(
                    label=label, required=False, max_length=MAX_TEXT, widget=_text_area(3, limit=MAX_TEXT)
                )

    @staticmethod
    def key(line: ReportLine, name: str) -> str:
        return f"line-{line.pk}-{name}"

    def rows(self, theirs: dict[str, str] | None = None) -> list[LineRow]:
        theirs = theirs or {}
        rows = []
        for line in self.lines:
            progress = self.key(line, "progress")
            texts = [self.key(line, n) for n, _label in LINE_TEXTS]
            rows.append(
                LineRow(
                    line=line,
                    progress=(self[progress], theirs.get(progress)),
                    texts=[(self[n], theirs.get(n)) for n in texts],
                )
            )
        return rows

    def line_values(self) -> dict[int, dict[str, str]]:
        data = self.cleaned_data
        return {
            line.pk: {
                "progress": data[self.key(line, "progress")],
                **{name: data[self.key(line, name)] for name, _label in LINE_TEXTS},
            }
            for line in self.lines
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute()}),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("Accepted: %(kinds)s. At most %(mb)s MB.") % {
            "kinds": kinds_label(),
            "mb": MAX_ATTACHMENT_BYTES // (1024 * 1024),
        }


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What should the agency revise?"), max_length=MAX_TEXT)


# --------------------------------------------------------------------------------------------------
# Agency names the import could not resolve
# --------------------------------------------------------------------------------------------------


class AgencyMapForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput, max_length=255)
    candidates = OrganizationMultipleChoiceField(
        label=_("Suggested agencies"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other = forms.ModelChoiceField(
        label=_("Another agency"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label="—",
    )
    remember = forms.BooleanField(
        label=_("Remember this name as another name of the agency"),
        required=False,
        initial=True,
        help_text=_("Plans imported later will then recognise it (only when one agency is chosen)."),
    )

    def __init__(
        self, *args: Any, candidates: list[Organization], active: QuerySet[Organization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        candidate_field: Any = self.fields["candidates"]
        candidate_field.queryset = Organization.objects.filter(pk__in=[o.pk for o in candidates]).labelled()
        other_field: Any = self.fields["other"]
        other_field.queryset = active

    def chosen(self) -> list[Organization]:
        data = self.cleaned_data
        chosen = list(data.get("candidates") or [])
        if data.get("other") is not None:
            chosen.append(data["other"])
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("candidates") and data.get("other") is None:
            raise forms.ValidationError(_("Choose at least one agency."), code="none")
        return data


# --------------------------------------------------------------------------------------------------
# Difficulties
# --------------------------------------------------------------------------------------------------


class DifficultyForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Agency"), queryset=Organization.objects.none())
    item = forms.ModelChoiceField(
        label=_("Plan item"),
        queryset=PlanItem.objects.none(),
        required=False,
        empty_label=_("— The plan as a whole —"),
    )
    text = forms.CharField(
        label=_("Difficulty or obstacle"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_TEXT}),
    )
    proposal = forms.CharField(
        label=_("Proposal"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}),
        help_text=_("What the agency proposes to resolve it, and who should act."),
    )

    def __init__(
        self, *args: Any, items: QuerySet[PlanItem], organizations: QuerySet[Organization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        org_field: Any = self.fields["organization"]
        org_field.queryset = organizations
        if organizations.count() == 1:
            org_field.initial = organizations.first()
        item_field: Any = self.fields["item"]
        item_field.queryset = items
        item_field.label_from_instance = lambda i: f"{display_path(i.path)}. {(i.heading or i.text)[:90]}"


class ResponseForm(forms.Form):
    version = VersionField()
    response = forms.CharField(
        label=_("Response to the agency"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT}),
    )


# --------------------------------------------------------------------------------------------------
# The consolidated report
# --------------------------------------------------------------------------------------------------


SECTION_LABELS = {
    "general": _("General situation"),
    "results": _("Results achieved"),
    "shortcomings": _("Shortcomings and limitations"),
    "difficulties": _("Difficulties and obstacles"),
    "next_tasks": _("Key tasks for the next period"),
    "proposals": _("Proposals and recommendations"),
}
EXTRA_GROUP = "extra"


class AnnualReportForm(forms.Form):
    """The consolidated report as the specialist edits it before generating; its result fields
    follow the draft's content groups (and one more for a group of the specialist's own)."""

    summary = CleanCharField(label=_("Summary (under BÁO CÁO)"), max_length=500)
    number = forms.RegexField(
        label=_("Number"),
        regex=r"^\d{0,6}$",
        required=False,
        help_text=_("Leave empty for the clerk to fill in on issue."),
        error_messages={"invalid": _("Enter digits only.")},
    )
    symbol = CleanCharField(label=_("Symbol"), max_length=40)
    document_date = DateField(label=_("Date of the document"), required=False)
    general = CleanCharField(
        label=SECTION_LABELS["general"],
        multiline=True,
        required=False,
        max_length=MAX_SECTION_CHARS,
        widget=_text_area(6),
    )
    shortcomings = CleanCharField(
        label=SECTION_LABELS["shortcomings"],
        multiline=True,
        required=False,
        max_length=MAX_SECTION_CHARS,
        widget=_text_area(6),
    )
    difficulties = CleanCharField(
        label=SECTION_LABELS["difficulties"],
        multiline=True,
        required=False,
        max_length=MAX_SECTION_CHARS,
        widget=_text_area(6),
    )
    next_tasks = CleanCharField(
        label=SECTION_LABELS["next_tasks"],
        multiline=True,
        required=False,
        max_length=MAX_SECTION_CHARS,
        widget=_text_area(6),
    )
    proposals = CleanCharField(
        label=SECTION_LABELS["proposals"],
        multiline=True,
        required=False,
        max_length=MAX_SECTION_CHARS,
        widget=_text_area(6),
    )
    signer_authority = CleanCharField(label=_("Signing authority"), max_length=60, required=False)
    signer_position = CleanCharField(label=_("Signer's position"), max_length=120)
    signer_name = CleanCharField(label=_("Signer"), max_length=120)
    recipients = CleanCharField(
        label=_("Recipients (one per line)"),
        multiline=True,
        required=False,
        max_length=5000,
        widget=_text_area(5),
    )
    archive = CleanCharField(label=_("Archived at"), max_length=120, required=False)
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20_000)

    def __init__(self, *args: Any, draft: Draft, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[dict[str, str]] = [
            *draft.narrative["results"],
            {"key": EXTRA_GROUP, "path": "", "title": "", "text": ""},
        ]
        for group in self.groups:
            key = group["key"]
            self.fields[f"result_{key}_title"] = CleanCharField(
                label=_("Heading"), max_length=500, required=False
            )
            self.fields[f"result_{key}_text"] = CleanCharField(
                label=_("Text"),
                multiline=True,
                required=False,
                max_length=MAX_SECTION_CHARS,
                widget=_text_area(8),
            )
        # The document is written in its own language whatever the page's (screen readers,
        # spell checkers and the bilingual page test read it as such).
        for name, field in self.fields.items():
            if name != "fingerprint":
                field.widget.attrs["lang"] = DOCUMENT_LANGUAGE

    def result_fields(self) -> list[dict[str, Any]]:
        return [
            {
                "group": group,
                "title": self[f"result_{group['key']}_title"],
                "text": self[f"result_{group['key']}_text"],
            }
            for group in self.groups
        ]

    def narrative(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **{key: data.get(key, "") for key in TEXT_SECTIONS},
            "results": [
                {
                    "key": group["key"],
                    "path": group["path"],
                    "title": data.get(f"result_{group['key']}_title", ""),
                    "text": data.get(f"result_{group['key']}_text", ""),
                }
                for group in self.groups
            ],
        }


# --------------------------------------------------------------------------------------------------
# Correcting a saved plan
# --------------------------------------------------------------------------------------------------


class PlanFactsForm(forms.Form):
    """The facts of a saved plan, with the version the page showed (``services.plan_update``)."""

    version = VersionField()
    doc_type = CleanCharField(label=_("Document type"), max_length=60)
    number = CleanCharField(label=_("Number and symbol"), max_length=60, required=False)
    issued_on = DateField(label=_("Date issued"), required=False)
    issuer_name = CleanCharField(
        label=_("Issuing body"),
        max_length=255,
        required=False,
        help_text=_("As written; it is looked up again in the agency registry."),
    )
    title = CleanCharField(label=_("Title"), multiline=True, widget=forms.Textarea(attrs={"rows": 2}))
    implements = forms.CharField(
        label=_("Implements or is based on"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One document number per line, e.g. 50-KL/TW."),
    )

    def clean_implements(self) -> list[str]:
        return [
            line.strip() for line in (self.cleaned_data.get("implements") or "").splitlines() if line.strip()
        ]


class ItemForm(forms.Form):
    """An item's label, heading, text and deadline (``services.item_update`` / ``item_add``)."""

    version = VersionField()
    label = CleanCharField(
        label=_("Label"), max_length=LABEL_MAX, required=False, help_text=_("As printed: II, 3, c, -.")
    )
    heading = CleanCharField(
        label=_("Heading"), required=False, multiline=True, widget=forms.Textarea(attrs={"rows": 2})
    )
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    deadline_text = CleanCharField(
        label=_("Deadline"),
        max_length=255,
        required=False,
        help_text=_("As a plan writes it: “Trước ngày 30/6/2026”, “Quý IV/2026”, “hằng năm”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("heading") or (data.get("text") or "").strip()):
            self.add_error("heading", _("Write the item's heading or text."))
        return data


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        head = obj.heading or obj.text
        return f"{'· ' * obj.depth}{display_path(obj.path)} {Truncator(head).chars(70)}".strip()


class ItemPlaceForm(forms.Form):
    """Where an item goes: under which item (none: the top level), after which sibling."""

    version = VersionField()
    parent = ItemChoiceField(
        label=_("Under"), queryset=PlanItem.objects.none(), required=False, empty_label=_("(top level)")
    )
    after = ItemChoiceField(
        label=_("After"),
        queryset=PlanItem.objects.none(),
        required=False,
        empty_label=_("(first)"),
        help_text=_("An item at the same level; leave empty to place it first."),
    )

    def __init__(self, *args: Any, items: QuerySet[PlanItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = items  # type: ignore[attr-defined]
        self.fields["after"].queryset = items  # type: ignore[attr-defined]


class ItemMergeForm(forms.Form):
    version = VersionField()
    into = ItemChoiceField(label=_("Merge into"), queryset=PlanItem.objects.none())

    def __init__(self, *args: Any, items: QuerySet[PlanItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = items  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    """A destructive change with its reason (removal, withdrawal, deletion, dismissal)."""

    version = VersionField(required=False)
    reason = CleanCharField(
        label=_("Reason"), max_length=500, multiline=True, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignmentEditForm(forms.Form):
    """An assignment: the agency, its role, who it works with, its deadline and reporting duty."""

    version = VersionField()
    organization = forms.TypedChoiceField(label=_("Agency"), coerce=int, empty_value=None)
    role = forms.ChoiceField(label=_("Role"), choices=AssignmentRole.choices)
    lead_name = CleanCharField(label=_("Works with"), max_length=255, required=False)
    deadline_text = CleanCharField(label=_("Deadline"), max_length=255, required=False)
    reporting = CleanCharField(
        label=_("Reporting duty"), required=False, multiline=True, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = CleanCharField(
        label=_("Note"), required=False, multiline=True, widget=forms.Textarea(attrs={"rows": 2})
    )

    @staticmethod
    def agency_choices() -> list[tuple[Any, str]]:
        """The agencies in operation, read once per page and shared by its forms."""
        rows = Organization.objects.filter(valid_to__isnull=True).values_list("pk", "name")
        return [("", gettext("Choose an agency")), *rows]

    def __init__(self, *args: Any, agencies: list[tuple[Any, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = agencies if agencies is not None else self.agency_choices()  # type: ignore[attr-defined]

    def clean_organization(self) -> Organization:
        pk = self.cleaned_data.get("organization")
        organization = Organization.objects.filter(pk=pk).first() if pk else None
        if organization is None:
            raise forms.ValidationError(_("Choose an agency"))
        return organization
