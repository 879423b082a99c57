"""Input forms of the plans app: shape only; the services decide.

The import review works on a *draft*: the parser's JSON turned into flat rows that keep a
stable key while the user relabels, moves, merges or deletes them, so that an assignment stays
on its item whatever happens to the item's label. ``draft_from_parse`` builds it,
``ReviewForm`` applies one screen of edits to it, ``draft_to_parse`` turns it back into the
parse JSON that ``services.plan_import`` saves. A draft is plain JSON (it lives in the session).
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import unicodedata
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from khcn.core.forms import CleanCharField, DateField
from khcn.core.text import clean
from khcn.plans.choices import AssignmentRole, PeriodKind
from khcn.plans.models import Plan
from khcn.plans.paths import display_path, path_key
from khcn.plans.services import duplicate_path

MEGABYTE = 1024 * 1024
MAX_UPLOAD_BYTES = 20 * MEGABYTE
MAX_PASTE_CHARS = 5_000_000
UPLOAD_EXTENSIONS = (".txt", ".docx", ".pdf")
NEW_SECTION_ROWS = 3
NEW_ASSIGNMENT_ROWS = 3
# Above this many items, an assignment's item is typed (with suggestions) instead of picked
# from a list: a list per row would repeat every path on every row.
SELECT_MAX_PATHS = 150
LABEL_MAX = 20  # PlanItem.label


# --------------------------------------------------------------------------------------------------
# Step 1: the text
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
# The draft: the parse as editable rows
# --------------------------------------------------------------------------------------------------

Draft = dict[str, Any]
NODE_KEYS = ("label", "heading", "text", "children")
ASSIGNMENT_KEYS = ("section", "agency", "role", "lead", "related_sections", "deadline")


def _label(value: Any) -> str:
    return clean(str(value or ""))[:LABEL_MAX]


def _join_path(prefix: str, label: str) -> str:
    """How ``services.plan_import`` names an item: its parent's path, a dot, its label."""
    return f"{prefix}.{label}" if prefix else label


def _deadline_text(value: Any) -> str:
    if isinstance(value, dict):
        return clean(str(value.get("text") or ""))
    return clean(str(value or ""))


def draft_from_parse(parse: dict[str, Any]) -> Draft:
    """The parser's JSON as a draft: facts, flat rows (document order) and assignments that
    point to rows by key."""
    rows: list[dict[str, Any]] = []
    by_path: dict[str, int] = {}

    def walk(nodes: Iterable[Any], parent: int | None, prefix: str) -> None:
        for node in nodes:
            if not isinstance(node, dict):
                continue
            label = _label(node.get("label"))
            path = _join_path(prefix, label)
            if path in by_path:
                n = 2
                while duplicate_path(path, n) in by_path:
                    n += 1
                path = duplicate_path(path, n)
            key = len(rows) + 1
            rows.append(
                {
                    "key": key,
                    "order": key,
                    "parent": parent,
                    "label": label,
                    "heading": clean(str(node.get("heading") or "")),
                    "text": str(node.get("text") or "").strip(),
                    "extra": {k: v for k, v in node.items() if k not in NODE_KEYS},
                }
            )
            by_path[path] = key
            walk(node.get("children") or [], key, path)

    walk(parse.get("sections") or [], None, "")

    def row_for(section: str) -> int | None:
        return by_path.get(section) or by_path.get(section.split(" (")[0])

    assignments = []
    for n, entry in enumerate(parse.get("assignments") or [], start=1):
        if not isinstance(entry, dict):
            continue
        section = str(entry.get("section") or "")
        related: list[dict[str, Any]] = []
        for target in entry.get("related_sections") or []:
            key = by_path.get(str(target))
            related.append({"row": key} if key else {"raw": str(target)})
        deadline = entry.get("deadline")
        assignments.append(
            {
                "key": n,
                "row": row_for(section),
                "section": section,
                "agency": clean(str(entry.get("agency") or "")),
                "role": str(entry.get("role") or ""),
                "lead": clean(str(entry.get("lead") or "")),
                "related": related,
                "deadline": deadline,
                "deadline_text": _deadline_text(deadline),
                "deadline_original": _deadline_text(deadline),
                "extra": {k: v for k, v in entry.items() if k not in ASSIGNMENT_KEYS},
            }
        )
    return {
        "facts": {
            "doc_type": clean(str(parse.get("doc_type") or "")),
            "title": clean(str(parse.get("title") or "")),
            "issuer": clean(str(parse.get("issuer") or "")),
            "number": clean(str(parse.get("number") or "")),
            "date": parse.get("date") or None,
        },
        "rows": rows,
        "assignments": assignments,
        "next_row": len(rows) + 1,
        "next_order": len(rows) + 1,
        "next_assignment": len(assignments) + 1,
        "other": {
            k: v
            for k, v in parse.items()
            if k not in ("doc_type", "title", "issuer", "number", "date", "sections", "assignments")
        },
    }


def draft_date(draft: Draft) -> dt.date | None:
    value = draft["facts"].get("date")
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def draft_outline(draft: Draft) -> list[tuple[dict[str, Any], int, str]]:
    """The rows in document order as (row, depth, path), with the paths ``plan_import`` will
    give them (a repeated label becomes "IV.9 (second)")."""
    children: dict[int | None, list[dict[str, Any]]] = {}
    keys = {row["key"] for row in draft["rows"]}
    for row in draft["rows"]:
        parent = row["parent"] if row["parent"] in keys else None
        children.setdefault(parent, []).append(row)
    for siblings in children.values():
        siblings.sort(key=lambda r: r["order"])
    out: list[tuple[dict[str, Any], int, str]] = []
    taken: set[str] = set()

    def walk(parent: int | None, depth: int, prefix: str) -> None:
        for row in children.get(parent, []):
            path = _join_path(prefix, row["label"])
            if path in taken:
                n = 2
                while duplicate_path(path, n) in taken:
                    n += 1
                path = duplicate_path(path, n)
            taken.add(path)
            out.append((row, depth, path))
            walk(row["key"], depth + 1, path)

    walk(None, 0, "")
    return out


def draft_paths(draft: Draft) -> dict[int, str]:
    return {row["key"]: path for row, _depth, path in draft_outline(draft)}


def draft_to_parse(draft: Draft) -> dict[str, Any]:
    """The reviewed draft as the parse JSON ``services.plan_import`` takes."""
    outline = draft_outline(draft)
    paths = {row["key"]: path for row, _depth, path in outline}
    nodes: dict[int, dict[str, Any]] = {}
    sections: list[dict[str, Any]] = []
    for row, _depth, _path in outline:
        node: dict[str, Any] = {**row["extra"], "label": row["label"]}
        if row["heading"] or not row["text"]:
            node["heading"] = row["heading"]
        if row["text"]:
            node["text"] = row["text"]
        node["children"] = []
        nodes[row["key"]] = node
        parent = nodes.get(row["parent"]) if row["parent"] is not None else None
        (parent["children"] if parent is not None else sections).append(node)
    assignments = []
    for entry in draft["assignments"]:
        if entry["row"] not in paths:
            continue
        related = [
            paths[r["row"]] if "row" in r else r["raw"]
            for r in entry["related"]
            if "raw" in r or r.get("row") in paths
        ]
        deadline = entry["deadline"]
        extra = entry["extra"]
        if entry["deadline_text"] != entry["deadline_original"]:
            # Retyped on the review screen: the parsed value no longer applies (the import reads
            # the new text again).
            deadline = entry["deadline_text"] or None
            extra = {k: v for k, v in extra.items() if k != "deadline_detail"}
        assignments.append(
            {
                **extra,
                "section": paths[entry["row"]],
                "agency": entry["agency"],
                "role": entry["role"],
                "lead": entry["lead"],
                "related_sections": related,
                "deadline": deadline,
            }
        )
    facts = draft["facts"]
    return {
        **draft["other"],
        "doc_type": facts["doc_type"],
        "title": facts["title"],
        "issuer": facts["issuer"],
        "number": facts["number"],
        "date": facts["date"],
        "sections": sections,
        "assignments": assignments,
    }


def draft_pages(draft: Draft, *, max_fields: int | None) -> list[list[int]]:
    """Split the rows into screens whose form stays under ``max_fields`` posted fields
    (Django's ``DATA_UPLOAD_MAX_NUMBER_FIELDS``); one screen when there is no limit."""
    outline = draft_outline(draft)
    if max_fields is None:
        return [[row["key"] for row, _d, _p in outline]]
    keys = {row["key"] for row, _d, _p in outline}
    per_row: dict[int, int] = {}
    unlinked = 0
    for entry in draft["assignments"]:
        if entry["row"] in keys:
            per_row[entry["row"]] = per_row.get(entry["row"], 0) + 1
        else:
            unlinked += 1
    fixed = 40 + 4 * NEW_SECTION_ROWS + 5 * NEW_ASSIGNMENT_ROWS + 5 * unlinked
    budget = max(max_fields - fixed, 60)
    pages: list[list[int]] = [[]]
    used = 0
    for row, _depth, _path in outline:
        cost = 6 + 5 * per_row.get(row["key"], 0)
        if pages[-1] and used + cost > budget:
            pages.append([])
            used = 0
        pages[-1].append(row["key"])
        used += cost
    return pages


# --------------------------------------------------------------------------------------------------
# Step 2: the review screen
# --------------------------------------------------------------------------------------------------


def _text_area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


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

    def __init__(self, *args: Any, draft: Draft, row_keys: list[int], **kwargs: Any) -> None:
        self.draft = draft
        self.outline = draft_outline(draft)
        self.paths = {row["key"]: path for row, _depth, path in self.outline}
        self.row_keys = [k for k in row_keys if k in self.paths]
        on_page = set(self.row_keys)
        first_key = self.outline[0][0]["key"] if self.outline else None
        first_page = not self.row_keys or self.row_keys[0] == first_key
        self.assignments = [
            a
            for a in draft["assignments"]
            if a["row"] in on_page or (first_page and a["row"] not in self.paths)
        ]
        facts = draft["facts"]
        initial: dict[str, Any] = {
            "doc_type": facts["doc_type"],
            "title": facts["title"],
            "issuer": facts["issuer"],
            "number": facts["number"],
            "date": draft_date(draft),
        }
        rows = {row["key"]: row for row, _d, _p in self.outline}
        for key in self.row_keys:
            row = rows[key]
            initial[f"s{key}_label"] = row["label"]
            initial[f"s{key}_heading"] = row["heading"]
            initial[f"s{key}_text"] = row["text"]
            initial[f"s{key}_parent"] = display_path(self.paths.get(row["parent"], ""))
        for entry in self.assignments:
            k = entry["key"]
            section = self.paths.get(entry["row"], "")
            # A select's value is the key; a text box shows the path as people read it.
            initial[f"a{k}_section"] = (
                section if len(self.paths) <= SELECT_MAX_PATHS else display_path(section)
            )
            initial[f"a{k}_agency"] = entry["agency"]
            initial[f"a{k}_role"] = entry["role"]
            initial[f"a{k}_deadline"] = entry["deadline_text"]
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.use_select = len(self.paths) <= SELECT_MAX_PATHS
        headings = {row["key"]: row["heading"] or row["text"] for row, _d, _p in self.outline}
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
            if row["text"]:
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
                f"a{entry['key']}", role=entry["role"], section=initial[f"a{entry['key']}_section"]
            )
            self.fields[f"a{entry['key']}_delete"] = forms.BooleanField(label=_("Delete"), required=False)
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
            # The parser's "report" (a reporting duty only) is shown, not saved as an assignment.
            label = _("Reports only") if role == "report" else role
            roles.append((role, _("%(role)s (not saved)") % {"role": label}))
        self.fields[f"{prefix}_role"] = forms.ChoiceField(label=_("Role"), choices=roles, required=False)
        self.fields[f"{prefix}_deadline"] = CleanCharField(
            label=_("Deadline"), max_length=255, required=False
        )

    # --- what the template shows ------------------------------------------------------------
    def section_rows(self) -> list[dict[str, Any]]:
        depth = {row["key"]: d for row, d, _p in self.outline}
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
                "linked": entry["row"] in self.paths,
                "section": self[f"a{entry['key']}_section"],
                "agency": self[f"a{entry['key']}_agency"],
                "role": self[f"a{entry['key']}_role"],
                "deadline": self[f"a{entry['key']}_deadline"],
                "delete": self[f"a{entry['key']}_delete"],
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
        draft = copy.deepcopy(self.draft)
        rows = {row["key"]: row for row in draft["rows"]}
        shown = {path: key for key, path in self.paths.items()}
        draft["facts"] = {
            "doc_type": data.get("doc_type"),
            "title": data.get("title"),
            "issuer": data.get("issuer"),
            "number": data.get("number"),
            "date": data["date"].isoformat() if data.get("date") else None,
        }
        # 1. Labels and wording.
        for key in self.row_keys:
            row = rows[key]
            row["label"] = data.get(f"s{key}_label")
            row["heading"] = data.get(f"s{key}_heading")
            if f"s{key}_text" in data:
                row["text"] = data.get(f"s{key}_text")
        relabelled = {path: key for key, path in draft_paths(draft).items()}

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
                rows[key]["parent"] = None
                continue
            parent = lookup(typed)
            if parent is None:
                self.add_error(field, _("No item has the path “%(path)s”.") % {"path": typed})
            elif parent == key or self._descends(rows, parent, key):
                self.add_error(field, _("An item cannot be moved under itself."))
            else:
                rows[key]["parent"] = parent
                if rows[key]["order"] < rows[parent]["order"]:
                    # Moved into a later part of the plan: it goes last there. (Moved up or
                    # out of a wrongly nested list, it keeps its place in the text.)
                    rows[key]["order"] = draft["next_order"]
                    draft["next_order"] += 1
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
            key = draft["next_row"]
            draft["next_row"] += 1
            row = {"key": key, "order": draft["next_order"], "parent": parent, "label": label}
            row.update({"heading": heading, "text": "", "extra": {}})
            draft["next_order"] += 1
            draft["rows"].append(row)
            rows[key] = row
        # 4. Assignments: edits, deletions, new ones.
        kept = []
        for entry in draft["assignments"]:
            k = entry["key"]
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
                entry["row"] = row_key
            elif entry["row"] not in self.paths:
                self.add_error(f"a{k}_section", _("Choose the item this duty belongs to, or delete it."))
            if not data.get(f"a{k}_agency"):
                self.add_error(f"a{k}_agency", _("Enter the agency, or delete the row."))
            entry["agency"] = data.get(f"a{k}_agency")
            entry["role"] = data.get(f"a{k}_role") or entry["role"]
            entry["deadline_text"] = data.get(f"a{k}_deadline")
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
            kept.append(
                {
                    "key": draft["next_assignment"],
                    "row": row_key,
                    "section": "",
                    "agency": agency,
                    "role": data.get(f"na{i}_role") or AssignmentRole.LEAD,
                    "lead": "",
                    "related": [],
                    "deadline": None,
                    "deadline_text": data.get(f"na{i}_deadline"),
                    "deadline_original": "",
                    "extra": {},
                }
            )
            draft["next_assignment"] += 1
        draft["assignments"] = kept
        if self.errors:
            return data
        # 5. Deletions (an item goes with everything under it), then merges into the item
        # before, in document order.
        gone: dict[int, int | None] = {}  # row key → the row it went into (None: deleted)
        for key in self.row_keys:
            if data.get(f"s{key}_delete"):
                for row in draft["rows"]:
                    if row["key"] == key or self._descends(rows, row["key"], key):
                        gone[row["key"]] = None
        previous: dict[str, Any] | None = None
        for row, _depth, _path in draft_outline(draft):
            key = row["key"]
            if key in gone:
                continue
            if data.get(f"s{key}_merge"):
                if previous is None:
                    self.add_error(f"s{key}_merge", _("The first item has nothing to merge into."))
                    continue
                self._merge(row, previous)
                gone[key] = previous["key"]
                for child in draft["rows"]:
                    if child["parent"] == key:
                        child["parent"] = previous["key"]
                continue
            previous = row
        if self.errors:
            return data

        def follow(key: int | None) -> int | None:
            while key in gone:
                key = gone[key]
            return key

        draft["rows"] = [row for row in draft["rows"] if row["key"] not in gone]
        assignments = []
        for entry in draft["assignments"]:
            if entry["row"] in gone:
                entry["row"] = follow(entry["row"])
                if entry["row"] is None:
                    continue
            entry["related"] = [
                {"row": follow(r["row"])} if "row" in r else r
                for r in entry["related"]
                if "raw" in r or follow(r["row"]) is not None
            ]
            assignments.append(entry)
        draft["assignments"] = assignments
        self.new_draft = draft
        return data

    @staticmethod
    def _descends(rows: dict[int, dict[str, Any]], key: int, ancestor: int) -> bool:
        """Whether row ``key`` is (at any depth) under row ``ancestor``."""
        seen: set[int] = set()
        parent = rows[key]["parent"] if key in rows else None
        while parent is not None and parent not in seen:
            if parent == ancestor:
                return True
            seen.add(parent)
            parent = rows[parent]["parent"] if parent in rows else None
        return False

    @staticmethod
    def _merge(row: dict[str, Any], into: dict[str, Any]) -> None:
        """Fold ``row`` into the item before it: a heading continued on the next line joins the
        heading; anything else is added to the text."""
        if not row["text"] and not into["text"] and row["heading"]:
            into["heading"] = " ".join(p for p in (into["heading"], row["heading"]) if p)
        else:
            into["text"] = "\n".join(p for p in (into["text"], row["heading"], row["text"]) if p)
