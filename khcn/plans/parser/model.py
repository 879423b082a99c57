"""The parse result: plain dataclasses and their JSON form.

``ParseResult.to_json()`` gives the shape the ``plan_parse`` command prints and the import
review consumes: the keys of issue 3 (``doc_type``, ``title``, ``issuer``, ``number``, ``date``,
``implements``, ``sections``, ``assignments``, ``agencies``, ``warnings``) with their types as
specified there, plus richer keys beside them (``place``, ``based_on``, ``references``,
``reporting``, ``agency_details``, ``recipients``, ``signer``, ``issued_with``, ``stats``; per
section ``path``, ``text``, ``lines``; per assignment ``deadline_detail``, ``reporting_detail``,
``leads``, ``tasks``, ``source``, ``lines``). See ``docs/plan-parser.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from khcn.plans.paths import display_path

ANNUAL_TEXT = "hằng năm"


@dataclass
class Deadline:
    """A deadline as printed (``text``) and as a value.

    ``kind`` is one of: ``date`` (``date``), ``month`` (``year``, ``month``), ``quarter``
    (``year``, ``quarter``), ``half`` (``year``, ``half``), ``year`` (``year``), ``annual``
    (every year; ``day``/``month`` when a day is given, "trước ngày 15/12 hằng năm"),
    ``recurring`` (``every``: ``quarter``, ``month``, ``half_year``, ``week``), ``period``
    (``start``, ``end`` years), ``continuous`` ("thường xuyên"), ``text`` (not understood).
    """

    kind: str
    text: str
    date: dt.date | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    half: int | None = None
    start: int | None = None
    end: int | None = None
    every: str | None = None

    def display(self) -> str:
        """The short text for the ``deadline`` key: as printed, "hằng năm" for every year."""
        if self.kind == "annual" and self.day is None:
            return ANNUAL_TEXT
        return self.text

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text}
        for name in ("year", "month", "day", "quarter", "half", "start", "end", "every"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.date is not None:
            out["date"] = self.date.isoformat()
        return out


@dataclass
class Reference:
    """A document the plan cites: "Kết luận số 50-KL/TW ngày 30/5/2019 của Ban Bí thư".

    ``relation``: ``implements`` ("Thực hiện …", the title, a copy's lead, "cụ thể hóa …"),
    ``based_on`` ("Căn cứ …"), ``issued_with`` (the decision a plan is attached to),
    ``cited`` (named in the body with no word saying the plan carries it out).
    """

    number: str
    kind: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    relation: str = "implements"
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
            "relation": self.relation,
            "line": self.line,
        }


@dataclass
class LegalBasis:
    """A "Căn cứ …" line: the law or document a plan or decision is based on."""

    text: str
    kind: str | None = None
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
            "line": self.line,
        }


class Message(str):
    """A message translated now that remembers how it was made, to be shown later to a reader
    of another language: the parser's ``_`` (``_("… %(name)s …") % {"name": …}`` gives a
    ``Message`` holding the msgid and the parameters). It is a ``str`` in the active language
    for everything else (the JSON of ``manage.py plan_parse``, errors, tests)."""

    msgid: str
    params: dict[str, Any] | None

    def __new__(cls, msgid: str, params: dict[str, Any] | None = None) -> Message:
        text = gettext(msgid)
        message = super().__new__(cls, text % params if params is not None else text)
        message.msgid, message.params = msgid, params
        return message

    def __mod__(self, params: Any) -> Message:  # type: ignore[override]
        return Message(self.msgid, params)

    def to_json(self) -> dict[str, Any]:
        params = {k: v.to_json() if isinstance(v, Message) else v for k, v in (self.params or {}).items()}
        return {"msgid": self.msgid, "params": params}


def message_text(data: Any) -> str:
    """A ``Message.to_json()`` in the active language; the suffixes of item paths among its
    parameters translated too ("IV (closing paragraph)" → "IV (đoạn kết)")."""
    if not isinstance(data, dict) or not isinstance(data.get("msgid"), str):
        return str(data or "")
    params = {
        k: message_text(v) if isinstance(v, dict) else display_path(v) if isinstance(v, str) else v
        for k, v in (data.get("params") or {}).items()
    }
    msgid: str = data["msgid"]
    text = gettext(msgid)
    if data.get("params") is None:
        return text
    try:
        return text % params
    except (KeyError, TypeError, ValueError):  # a catalogue out of step with the stored params
        return msgid % params


def warning_message(warning: Any) -> str:
    """A stored parser warning's text in the reader's language: from its msgid and parameters
    when it has them (parsed since they are kept), else the text translated when it was parsed."""
    if not isinstance(warning, dict):
        return str(warning or "")
    if isinstance(warning.get("text_source"), dict):
        return message_text(warning["text_source"])
    return str(warning.get("message") or warning.get("note") or warning.get("text") or "")


@dataclass
class ParseWarning:
    """Something uncertain, for the reviewer: a stable ``code``, a translated ``message``
    (a :class:`Message` keeps how to translate it again: ``warning_message``)."""

    code: str
    message: str
    where: str | None = None
    line: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": str(self.message)}
        if isinstance(self.message, Message):
            out["text_source"] = self.message.to_json()
        if self.where is not None:
            out["where"] = self.where
        if self.line is not None:
            out["line"] = self.line
        out.update(self.extra)
        return out


@dataclass
class Section:
    """One item of the plan's outline, with its label as printed.

    ``heading`` is the text after the label on the label line; ``body`` the paragraphs that
    follow it (children excluded). ``style`` says how it was labelled (``roman``, ``arabic``,
    ``arabic2`` for "1.1", ``letter``/``letter_paren`` for "a." / "a)", ``dash``, ``plus``,
    ``article`` for "Điều 1", ``table_row`` …).
    """

    label: str
    heading: str
    style: str
    line: int
    end_line: int
    body: list[str] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    path: str = ""
    agencies: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    product: str | None = None
    source: str = "text"
    closing: list[str] = field(default_factory=list)
    body_lines: list[int] = field(default_factory=list)
    closing_lines: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.body + self.closing)

    def walk(self) -> list[Section]:
        """This section and all below it, in document order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "label": self.label,
            "heading": self.heading,
            "text": self.text,
            "children": [child.to_json() for child in self.children],
            "path": self.path,
            "style": self.style,
            "lines": [self.line, self.end_line],
        }
        if self.agencies:
            out["agencies"] = list(self.agencies)
        if self.deadline is not None:
            out["deadline"] = self.deadline.to_json()
        if self.product:
            out["product"] = self.product
        if self.source != "text":
            out["source"] = self.source
        if self.closing:
            out["closing_text"] = "\n".join(self.closing)
        return out


@dataclass
class ReportingDuty:
    """Who reports (``reporters``), to whom (``to``), through whom (``via``), how often."""

    section: str
    text: str
    reporters: list[str] = field(default_factory=list)
    to: str | None = None
    via: str | None = None
    frequency: str | None = None
    what: str | None = None
    deadline: Deadline | None = None
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "text": self.text,
            "from": list(self.reporters),
            "to": self.to,
            "via": self.via,
            "frequency": self.frequency,
            "what": self.what,
            "deadline": self.deadline.to_json() if self.deadline else None,
            "line": self.line,
        }


@dataclass
class Assignment:
    """An agency's role on an item: ``lead`` (chủ trì), ``coordinate`` (phối hợp) or
    ``report`` (only a reporting duty, e.g. a closing paragraph addressed to everyone)."""

    section: str
    agency: str
    role: str
    lead: str | None = None
    leads: list[str] = field(default_factory=list)
    related_sections: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    reporting: ReportingDuty | None = None
    note: str | None = None
    tasks: list[str] = field(default_factory=list)
    source: str = "sentence"
    kind: str = "agency"
    lines: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "agency": self.agency,
            "role": self.role,
            "lead": self.lead,
            "related_sections": list(self.related_sections),
            "deadline": self.deadline.display() if self.deadline else None,
            "reporting": self.reporting.text if self.reporting else None,
            "note": self.note,
            "leads": list(self.leads),
            "deadline_detail": self.deadline.to_json() if self.deadline else None,
            "reporting_detail": self.reporting.to_json() if self.reporting else None,
            "tasks": list(self.tasks),
            "source": self.source,
            "agency_kind": self.kind,
            "lines": sorted(set(self.lines)),
        }


@dataclass
class AgencyInfo:
    """An agency named in the plan with a role in it (not the issuers of cited documents)."""

    name: str
    kind: str = "agency"  # agency | group (named localities) | generic ("các cơ quan liên quan")
    roles: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    resolution: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "roles": list(self.roles),
            "sections": list(self.sections),
            "resolution": self.resolution,
        }


@dataclass
class ParseResult:
    """Everything the parser found in one document. Nothing in it has been saved."""

    doc_type: str | None = None
    title: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    number: str | None = None
    date: dt.date | None = None
    place: str | None = None
    references: list[Reference] = field(default_factory=list)
    based_on: list[LegalBasis] = field(default_factory=list)
    proposers: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    reporting: list[ReportingDuty] = field(default_factory=list)
    agency_details: list[AgencyInfo] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: dict[str, Any] | None = None
    issued_with: dict[str, Any] | None = None
    warnings: list[ParseWarning] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def implements(self) -> list[str]:
        """Numbers of the documents the plan implements, in order of first citation (never its
        own number, which a copy may print again: "Công văn 9229/UBND-VHXH V/v …")."""
        own = "".join(self.number.split()).upper() if self.number else None
        seen: list[str] = []
        for ref in self.references:
            if (
                ref.relation == "implements"
                and ref.number not in seen
                and "".join(ref.number.split()).upper() != own
            ):
                seen.append(ref.number)
        return seen

    @property
    def agencies(self) -> list[str]:
        """Named agencies and named groups of agencies with a role in the plan."""
        return [a.name for a in self.agency_details if a.kind != "generic"]

    def all_sections(self) -> list[Section]:
        out: list[Section] = []
        for section in self.sections:
            out.extend(section.walk())
        return out

    def to_json(self) -> dict[str, Any]:
        """The ``plan_parse`` JSON (see the module docstring)."""
        return {
            "doc_type": self.doc_type,
            "title": self.title,
            "issuer": self.issuer,
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "implements": self.implements,
            "sections": [section.to_json() for section in self.sections],
            "assignments": [assignment.to_json() for assignment in self.assignments],
            "agencies": self.agencies,
            "warnings": [warning.to_json() for warning in self.warnings],
            "place": self.place,
            "issuer_parent": self.issuer_parent,
            "based_on": [basis.to_json() for basis in self.based_on],
            "references": [ref.to_json() for ref in self.references],
            "proposers": list(self.proposers),
            "reporting": [duty.to_json() for duty in self.reporting],
            "agency_details": [agency.to_json() for agency in self.agency_details],
            "recipients": list(self.recipients),
            "signer": self.signer,
            "issued_with": self.issued_with,
            "stats": dict(self.stats),
        }
