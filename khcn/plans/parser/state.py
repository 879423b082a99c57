"""What one parse collects as it goes (``ParseState``), the duties it reads (``Duty``) and the
document passed from stage to stage (``Document``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from khcn.core.text import fold
from khcn.plans.parser.agencies import Mention
from khcn.plans.parser.header import PageFrame, Segment
from khcn.plans.parser.layout import Line
from khcn.plans.parser.model import Deadline, ParseResult, ParseWarning, ReportingDuty, Section

Resolver = Callable[[str, dt.date | None], dict[str, Any] | None]


@dataclass
class Duty:
    path: str
    agency: Mention
    role: str
    lead: str | None = None
    leads: list[str] = field(default_factory=list)
    text: str = ""
    note: str | None = None
    line: int = 0
    source: str = "sentence"
    report: ReportingDuty | None = None
    deadline: Deadline | None = None
    owner: Section | None = None


class ParseState:
    """Everything collected while reading one document."""

    def __init__(self) -> None:
        self.warnings: list[ParseWarning] = []
        self.duties: list[Duty] = []
        self.reports: list[ReportingDuty] = []
        self.recipients: list[tuple[Mention, str]] = []
        self.proposers: list[str] = []
        self.typos: dict[str, int] = {}
        self.names: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.parents: dict[int, Section] = {}
        self.issuer: str | None = None  # the document's issuer: not its own assignee
        self.addressees: list[Mention] = []  # the "Kính gửi" list: who "Quý cơ quan" means
        self.in_addressees = False
        # "… yêu cầu A, B thực hiện một số công việc sau:" over bullets: who does the listed
        # actions (the subjects of the lead-in, its role and partners), while bullets follow
        self.list_subjects: tuple[list[Mention], str, list[Mention], bool] | None = None
        # in a text without items, the last agencies named as subjects: who "các đơn vị, địa
        # phương" means in a later paragraph
        self.named_before: list[Mention] = []
        self.unlabelled = False  # a text without items: its paragraphs are the items
        self.headed = False  # the text has its heading block (a document, not a copy of one)
        # "… đề nghị UBND các tỉnh … thực hiện, cụ thể như sau:" before the items: who does the
        # items' points that name no one ("b) Phối hợp với Bộ X …", "a) Chỉ đạo Sở Y …")
        self.lead_in_subjects: list[Mention] = []
        # an item's own lead-in ("Điều 2. HĐND tỉnh yêu cầu UBND tỉnh thực hiện một số nhiệm vụ
        # sau:"): who does each of its numbered points that names no one else
        self.item_lead_in: list[Mention] = []

    def warn(self, warning: ParseWarning) -> None:
        self.warnings.append(warning)

    def name(self, mention: Mention, line: int) -> str:
        """The first-seen spelling of a name (folded names compared)."""
        key = fold(mention.name)
        if mention.typo and mention.typo not in self.typos:
            self.typos[mention.typo] = line
        if key not in self.names:
            self.names[key] = mention.name
            self.kinds[key] = mention.kind
        return self.names[key]


@dataclass
class Document:
    """One parse under way: the input, what each stage has made so far, and the result."""

    text: str
    resolver: Resolver | None = None
    as_of: dt.date | None = None
    state: ParseState = field(default_factory=lambda: ParseState())
    result: ParseResult = field(default_factory=ParseResult)
    lines: list[Line] = field(default_factory=list)
    repairs: dict[str, int] = field(default_factory=dict)
    known: dict[str, str] = field(default_factory=dict)
    frame: PageFrame | None = None  # a portal's labelled rows over the text (``header.read_page_frame``)
    segments: list[Segment] = field(default_factory=list)
    preamble: list[Line] = field(default_factory=list)  # the main document's, as the heading stage cut it
    roots: list[Section] = field(default_factory=list)
    parts: dict[int, str] = field(default_factory=dict)
