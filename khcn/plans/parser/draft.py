"""A parse as the user reviews it before import: the *draft*.

The parser's result (``ParseResult.to_json()``, the ``plan_parse`` JSON) becomes an
``ImportDraft``: the facts, the items as flat rows that keep a stable ``key`` while the user
relabels, moves, merges or deletes them, and the assignments, which point to rows by key so
that a duty stays on its item whatever happens to the item's label. The review screen edits a
copy (``khcn.plans.forms.ReviewForm``); ``services.plan_import`` saves the reviewed draft. It
waits in the database between the steps (``PlanImport.draft``: ``to_json`` / ``from_json``).

Pure data: no model, no database.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from khcn.core.text import clean
from khcn.plans.paths import duplicate_path

LABEL_MAX = 20  # PlanItem.label
NODE_KEYS = ("label", "heading", "text", "children")
ASSIGNMENT_KEYS = ("section", "agency", "role", "lead", "related_sections", "deadline", "lines", "tasks")
FACT_KEYS = ("doc_type", "title", "issuer", "number", "date", "sections", "assignments")
# Posted fields per review screen: fixed ones, per item row, per assignment row.
FIXED_FIELDS, ROW_FIELDS, ASSIGNMENT_FIELDS = 40, 6, 5


def _label(value: Any) -> str:
    return clean(str(value or ""))[:LABEL_MAX]


def join_path(prefix: str, label: str) -> str:
    """How an item is named: its parent's path, a dot, its label."""
    return f"{prefix}.{label}" if prefix else label


def unique_path(path: str, taken: Mapping[str, Any] | set[str]) -> str:
    """``path``, or "path (second)"… when an earlier item took it (the seed has two "IV.9")."""
    if path not in taken:
        return path
    n = 2
    while duplicate_path(path, n) in taken:
        n += 1
    return duplicate_path(path, n)


def _deadline_text(value: Any) -> str:
    if isinstance(value, dict):
        return clean(str(value.get("text") or ""))
    return clean(str(value or ""))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _lines(value: Any) -> list[int]:
    out = []
    for n in value or []:
        try:
            number = int(n)
        except (TypeError, ValueError):
            continue
        if number > 0:
            out.append(number)
    return sorted(set(out))


@dataclass
class DraftFacts:
    doc_type: str = ""
    title: str = ""
    issuer: str = ""
    number: str = ""
    date: dt.date | None = None


@dataclass
class DraftRow:
    """An item: ``order`` is its place in the text, ``parent`` its parent row's key;
    ``extra`` keeps what else the parser said of it (its deadline…)."""

    key: int
    order: int
    parent: int | None
    label: str
    heading: str = ""
    text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def deadline(self) -> Any:
        return self.extra.get("deadline")


@dataclass
class DraftLink:
    """An item a duty restates: a row, or a path the parser gave that names no row."""

    row: int | None = None
    raw: str = ""


@dataclass
class DraftAssignment:
    """A duty: an agency (as written) with a role on a row. ``deadline`` is the parser's value
    and ``deadline_original`` its text; a ``deadline_text`` retyped on the review screen is read
    again on import. ``lines`` are the source text's lines (1-based) the duty was read from and
    ``tasks`` its clauses as the parser read them: the review shows the duty beside them.
    ``extra`` keeps the parser's other keys (reporting duty, note, detail)."""

    key: int
    row: int | None
    agency: str
    role: str
    section: str = ""
    lead: str = ""
    related: list[DraftLink] = field(default_factory=list)
    deadline: Any = None
    deadline_text: str = ""
    deadline_original: str = ""
    lines: list[int] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def retyped(self) -> bool:
        return self.deadline_text != self.deadline_original


@dataclass(frozen=True)
class OutlineRow:
    row: DraftRow
    depth: int
    path: str


@dataclass
class ImportDraft:
    facts: DraftFacts
    rows: list[DraftRow]
    assignments: list[DraftAssignment]
    next_row: int
    next_order: int
    next_assignment: int
    other: dict[str, Any] = field(default_factory=dict)  # warnings, implements, agencies…

    # --- from the parser, to the database and back -----------------------------------------
    @classmethod
    def from_parse(cls, parse: Mapping[str, Any]) -> ImportDraft:
        """The parser's JSON as a draft: facts, rows in document order, assignments that point
        to rows by key."""
        rows: list[DraftRow] = []
        by_path: dict[str, int] = {}

        def walk(nodes: Iterable[Any], parent: int | None, prefix: str) -> None:
            for node in nodes:
                if not isinstance(node, dict):
                    continue
                label = _label(node.get("label"))
                path = unique_path(join_path(prefix, label), by_path)
                key = len(rows) + 1
                rows.append(
                    DraftRow(
                        key=key,
                        order=key,
                        parent=parent,
                        label=label,
                        heading=clean(str(node.get("heading") or "")),
                        text=str(node.get("text") or "").strip(),
                        extra={k: v for k, v in node.items() if k not in NODE_KEYS},
                    )
                )
                by_path[path] = key
                walk(node.get("children") or [], key, path)

        walk(parse.get("sections") or [], None, "")
        assignments = []
        for n, entry in enumerate(parse.get("assignments") or [], start=1):
            if not isinstance(entry, dict):
                continue
            section = str(entry.get("section") or "")
            related = []
            for target in entry.get("related_sections") or []:
                key = by_path.get(str(target))
                related.append(DraftLink(row=key) if key else DraftLink(raw=str(target)))
            deadline = entry.get("deadline")
            assignments.append(
                DraftAssignment(
                    key=n,
                    # "IV (closing paragraph)" and the like belong to their section.
                    row=by_path.get(section) or by_path.get(section.split(" (")[0]),
                    section=section,
                    agency=clean(str(entry.get("agency") or "")),
                    role=str(entry.get("role") or ""),
                    lead=clean(str(entry.get("lead") or "")),
                    related=related,
                    deadline=deadline,
                    deadline_text=_deadline_text(deadline),
                    deadline_original=_deadline_text(deadline),
                    lines=_lines(entry.get("lines")),
                    tasks=[str(task) for task in entry.get("tasks") or [] if task],
                    extra={k: v for k, v in entry.items() if k not in ASSIGNMENT_KEYS},
                )
            )
        return cls(
            facts=DraftFacts(
                doc_type=clean(str(parse.get("doc_type") or "")),
                title=clean(str(parse.get("title") or "")),
                issuer=clean(str(parse.get("issuer") or "")),
                number=clean(str(parse.get("number") or "")),
                date=_date(parse.get("date")),
            ),
            rows=rows,
            assignments=assignments,
            next_row=len(rows) + 1,
            next_order=len(rows) + 1,
            next_assignment=len(assignments) + 1,
            other={k: v for k, v in parse.items() if k not in FACT_KEYS},
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["facts"]["date"] = self.facts.date.isoformat() if self.facts.date else None
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ImportDraft:
        facts = dict(data["facts"])
        facts["date"] = _date(facts.get("date"))
        return cls(
            facts=DraftFacts(**facts),
            rows=[DraftRow(**row) for row in data["rows"]],
            assignments=[
                DraftAssignment(**{**a, "related": [DraftLink(**r) for r in a["related"]]})
                for a in data["assignments"]
            ],
            next_row=data["next_row"],
            next_order=data["next_order"],
            next_assignment=data["next_assignment"],
            other=dict(data.get("other") or {}),
        )

    def copy(self) -> ImportDraft:
        return copy.deepcopy(self)

    # --- the outline as it will be saved ----------------------------------------------------
    def outline(self) -> list[OutlineRow]:
        """The rows in document order with their depths and the paths the import will give
        them (a repeated label becomes "IV.9 (second)")."""
        keys = {row.key for row in self.rows}
        children: dict[int | None, list[DraftRow]] = {}
        for row in self.rows:
            children.setdefault(row.parent if row.parent in keys else None, []).append(row)
        for siblings in children.values():
            siblings.sort(key=lambda r: r.order)
        out: list[OutlineRow] = []
        taken: set[str] = set()

        def walk(parent: int | None, depth: int, prefix: str) -> None:
            for row in children.get(parent, []):
                path = unique_path(join_path(prefix, row.label), taken)
                taken.add(path)
                out.append(OutlineRow(row, depth, path))
                walk(row.key, depth + 1, path)

        walk(None, 0, "")
        return out

    def paths(self) -> dict[int, str]:
        return {entry.row.key: entry.path for entry in self.outline()}

    def pages(self, *, max_fields: int | None, new_rows: int, new_assignments: int) -> list[list[int]]:
        """Split the rows into screens whose form stays under ``max_fields`` posted fields
        (Django's ``DATA_UPLOAD_MAX_NUMBER_FIELDS``); one screen when there is no limit."""
        outline = self.outline()
        if max_fields is None:
            return [[entry.row.key for entry in outline]]
        keys = {entry.row.key for entry in outline}
        per_row: dict[int, int] = {}
        unlinked = 0
        for duty in self.assignments:
            if duty.row is not None and duty.row in keys:
                per_row[duty.row] = per_row.get(duty.row, 0) + 1
            else:
                unlinked += 1
        fixed = FIXED_FIELDS + 4 * new_rows + ASSIGNMENT_FIELDS * (new_assignments + unlinked)
        budget = max(max_fields - fixed, 60)
        pages: list[list[int]] = [[]]
        used = 0
        for entry in outline:
            cost = ROW_FIELDS + ASSIGNMENT_FIELDS * per_row.get(entry.row.key, 0)
            if pages[-1] and used + cost > budget:
                pages.append([])
                used = 0
            pages[-1].append(entry.row.key)
            used += cost
        return pages

    def to_parse(self) -> dict[str, Any]:
        """The reviewed draft as the parser's JSON (what ``plan_parse`` prints)."""
        outline = self.outline()
        paths = {entry.row.key: entry.path for entry in outline}
        nodes: dict[int, dict[str, Any]] = {}
        sections: list[dict[str, Any]] = []
        for entry in outline:
            row = entry.row
            node: dict[str, Any] = {**row.extra, "label": row.label}
            if row.heading or not row.text:
                node["heading"] = row.heading
            if row.text:
                node["text"] = row.text
            node["children"] = []
            nodes[row.key] = node
            parent = nodes.get(row.parent) if row.parent is not None else None
            (parent["children"] if parent is not None else sections).append(node)
        assignments = []
        for duty in self.assignments:
            if duty.row not in paths:
                continue
            extra = duty.extra
            deadline = duty.deadline
            if duty.retyped:
                # Retyped on the review screen: the parsed value no longer applies.
                deadline = duty.deadline_text or None
                extra = {k: v for k, v in extra.items() if k != "deadline_detail"}
            assignments.append(
                {
                    **extra,
                    "section": paths[duty.row],  # type: ignore[index]
                    "agency": duty.agency,
                    "role": duty.role,
                    "lead": duty.lead,
                    "related_sections": self.related_paths(duty, paths),
                    "deadline": deadline,
                    "lines": list(duty.lines),
                    "tasks": list(duty.tasks),
                }
            )
        facts = self.facts
        return {
            **self.other,
            "doc_type": facts.doc_type,
            "title": facts.title,
            "issuer": facts.issuer,
            "number": facts.number,
            "date": facts.date.isoformat() if facts.date else None,
            "sections": sections,
            "assignments": assignments,
        }

    @staticmethod
    def related_paths(duty: DraftAssignment, paths: Mapping[int, str]) -> list[str]:
        """The paths of the items a duty restates (rows that still exist, and raw paths)."""
        return [
            paths[link.row] if link.row is not None else link.raw
            for link in duty.related
            if link.row is None or link.row in paths
        ]
