"""``parse_text``: from the text of a plan (or a decision, a letter, a conclusion…) to a
``ParseResult``. Pure: nothing is saved.

``STAGES`` lists the stages in the order they run; each takes the ``Document`` under way and
adds to it. Where each stage's rules live is in ``docs/plan-parser.md`` ("Pipeline").
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from khcn.plans.parser import errors, facts, finish, parts, structure
from khcn.plans.parser.assigning import read_duties
from khcn.plans.parser.header import read_page_frame, split_heading_columns, split_segments
from khcn.plans.parser.layout import prepare
from khcn.plans.parser.model import ParseResult
from khcn.plans.parser.state import Document, Resolver

logger = logging.getLogger(__name__)

__all__ = ["STAGES", "Resolver", "Stage", "parse_text"]


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Document], None]


def _layout(doc: Document) -> None:
    """Repair the layout: NFC, spaces, tables, page numbers, wrapped lines (``layout``)."""
    layout = prepare(doc.text)
    if not layout.lines:
        raise errors.empty_error()
    doc.lines, doc.repairs = layout.lines, layout.repairs


def _segments(doc: Document) -> None:
    """Cut into documents and parts: heading, title, preamble, body, closing (``header``); a
    portal's frame over the text is read and left out."""
    doc.frame, doc.lines = read_page_frame(doc.lines)
    doc.known = facts.known_forms(doc.lines)
    doc.lines = split_heading_columns(doc.lines)
    doc.segments = split_segments(doc.lines)
    doc.preamble = list(doc.segments[0].preamble) if doc.segments else []


STAGES: tuple[Stage, ...] = (
    Stage("layout", _layout),
    Stage("segments", _segments),
    Stage("facts", facts.read),
    Stage("outline", structure.build),
    Stage("parts", parts.read),
    Stage("duties", read_duties),
    Stage("references", facts.read_body_references),
    Stage("cut", finish.drop_cut_sentence),
    Stage("assignments", finish.merge),
    Stage("links", finish.link),
    Stage("agencies", finish.list_agencies),
    Stage("warnings", finish.final_warnings),
    Stage("resolve", finish.resolve),
    Stage("stats", finish.stats),
)


def parse_text(text: str, resolver: Resolver | None = None, *, as_of: dt.date | None = None) -> ParseResult:
    """Read the text of a plan (or a decision, a programme, a letter…) into a ``ParseResult``.

    ``resolver(name, as_of)`` may annotate each agency (a dict) or return None for an
    unknown one; ``as_of`` defaults to the document's date. Raises ``PlanParseError``
    (``empty``, ``no_structure``) and nothing else.
    """
    if not isinstance(text, str) or not text.strip():
        raise errors.empty_error()
    doc = Document(text, resolver=resolver, as_of=as_of)
    try:
        for stage in STAGES:
            stage.run(doc)
    except errors.PlanParseError:
        raise
    except RecursionError as exc:  # a pathological nesting of labels
        logger.warning("Plan parser recursion limit: %s", exc)
        raise errors.no_structure_error() from exc
    return doc.result
