"""Read a Vietnamese administrative plan into a structured, reviewable result.

    from khcn.plans.parser import parse_text, read_file, PlanParseError

    text = read_file(path_or_bytes, filename)        # .txt, .docx, .pdf (sniffed)
    result = parse_text(text, resolver=None)         # ParseResult
    data = result.to_json()                          # the ``plan_parse`` JSON

Pure Python: no models, no database, nothing written. Errors are ``PlanParseError(code,
message)``. The rules are documented in ``docs/plan-parser.md``.
"""

from khcn.plans.parser.errors import PlanParseError
from khcn.plans.parser.model import (
    AgencyInfo,
    Assignment,
    Deadline,
    LegalBasis,
    ParseResult,
    ParseWarning,
    Reference,
    ReportingDuty,
    Section,
)
from khcn.plans.parser.pipeline import Resolver, parse_text
from khcn.plans.parser.reader import DEFAULT_MAX_BYTES, SourceText, decode_text, read_file, read_source

__all__ = [
    "DEFAULT_MAX_BYTES",
    "AgencyInfo",
    "Assignment",
    "Deadline",
    "LegalBasis",
    "ParseResult",
    "ParseWarning",
    "PlanParseError",
    "Reference",
    "ReportingDuty",
    "Resolver",
    "Section",
    "SourceText",
    "decode_text",
    "parse_text",
    "read_file",
    "read_source",
]
