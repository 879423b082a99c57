"""The tally of a council session: pure, without a database.

``tally(session, kind_rules=, rubrics=)`` takes a ``Session`` (the council's members with their
role and attendance, the items with the members' sheets) and the parameters of the rule sets in
force (``khcn.councils.rules``), and returns a ``Tally``: quorum, per item the member totals,
initial and final means, the zero-criterion check, pass or fail with the reasons in words, the
acceptance rating, the ranking and the recommended item. ``tally_session(session)`` looks the
rule sets up as of the session's date (``rule_get``) first; the web tally and ``manage.py
council_tally`` call it. ``session_from_data`` reads the JSON form (``docs/councils.md``).

Arithmetic is exact: scores are ``Decimal``, means ``Fraction``; values are rounded (half up,
2 decimals) only when shown. Bad input raises ``TallyError`` (a ``DomainError`` with a code)
and nothing is tallied.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from khcn.core.exceptions import DomainError
from khcn.core.rules import rule_get
from khcn.councils import rules as council_rules

ROLES = ("chair", "vice_chair", "secretary", "reviewer", "member")
RATINGS = ("xuat_sac", "dat", "khong_dat")  # Xuất sắc / Đạt / Không đạt
VOTES = ("yes", "no")


class TallyError(DomainError):
    """The session cannot be tallied as given; ``message`` says why, ``code`` what."""


# --- Input -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    id: str
    role: str
    present: bool = True
    conflicted: bool = False
    name: str = ""  # how the reasons name the member (the id when empty)

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def takes_part(self) -> bool:
        """Present and without a conflict of interest: the member's sheets count."""
        return self.present and not self.conflicted


@dataclass(frozen=True)
class Sheet:
    """One member's sheet for one item: scores per criterion (numbered from 1), or a rating,
    or a vote."""

    member: str
    scores: Mapping[int, Decimal] | None = None
    rating: str | None = None
    vote: str | None = None


@dataclass(frozen=True)
class Item:
    id: str
    sheets: Sequence[Sheet] = ()


@dataclass(frozen=True)
class Session:
    kind: str
    as_of: dt.date
    members: Sequence[Member]
    items: Sequence[Item]
    rubric: str | None = None


# --- Output ------------------------------------------------------------------------------------


@dataclass
class ItemResult:
    id: str
    valid_members: list[str] = field(default_factory=list)
    member_totals: dict[str, Decimal] = field(default_factory=dict)
    initial_mean: Fraction | None = None
    final_mean: Fraction | None = None
    zero_violations: dict[int, int] = field(default_factory=dict)
    passed: bool = False
    rating: str | None = None
    reasons: list[str] = field(default_factory=list)
    rank: int | None = None
    # The valid sheets' scores, for the tie-breakers.
    valid_scores: list[Mapping[int, Decimal]] = field(default_factory=list, repr=False)

    def criterion_mean(self, criterion: int) -> Fraction:
        """The mean score on ``criterion`` over the valid sheets (0 without any)."""
        if not self.valid_scores:
            return Fraction(0)
        return _mean([scores[criterion] for scores in self.valid_scores])

    def as_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "valid_members": list(self.valid_members),
            "member_totals": {m: shown(total) for m, total in self.member_totals.items()},
            "initial_mean": None if self.initial_mean is None else shown(self.initial_mean),
            "final_mean": None if self.final_mean is None else shown(self.final_mean),
            "zero_violations": {str(c): n for c, n in self.zero_violations.items()},
            "passed": self.passed,
            "rating": self.rating,
            "reasons": list(self.reasons),
        }


@dataclass
class Tally:
    quorum_met: bool
    items: list[ItemResult]
    recommended: str | None = None
    quorum_reasons: list[str] = field(default_factory=list)
    kind_rules: Mapping[str, Any] = field(default_factory=dict)

    def as_data(self) -> dict[str, Any]:
        """The output format of ``docs/councils.md``: decimals as strings of two decimals."""
        return {
            "quorum_met": self.quorum_met,
            "items": [item.as_data() for item in self.items],
            "recommended": self.recommended,
        }

    def require_quorum(self) -> None:
        """Refuse (``TallyError``, code ``no_quorum``) when the council had no quorum."""
        if not self.quorum_met:
            raise TallyError(" ".join(self.quorum_reasons), code="no_quorum")


def shown(value: Decimal | Fraction) -> str:
    """``value`` rounded half up to two decimals, as a string ("70.00"); exact."""
    fraction = Fraction(value)
    sign = "-" if fraction < 0 else ""
    cents = math.floor(abs(fraction) * 100 + Fraction(1, 2))
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def _below(value: Fraction, mark: Fraction) -> str:
    """A mean below the pass mark in words: with four decimals when two would round it up to the mark."""
    text = shown(value)
    if Fraction(Decimal(text)) < mark:
        return text
    tenth_thousandths = math.floor(value * 10000)
    return f"{tenth_thousandths // 10000}.{tenth_thousandths % 10000:04d}…"


# --- Reading the JSON form ---------------------------------------------------------------------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_CRITERION = re.compile(r"^[1-9]\d{0,2}$")
MAX_DECIMALS = 4


def _refuse(message: str, code: str) -> TallyError:
    return TallyError(message, code=code)


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _refuse(_("%(what)s must be a non-empty text.") % {"what": what}, "invalid_input")
    return value.strip()


def _flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise _refuse(_("%(what)s must be true or false.") % {"what": what}, "invalid_input")
    return value


def _where(item: str, member: str, criterion: Any) -> str:
    return _("%(item)s, %(member)s, criterion %(criterion)s") % {
        "item": item,
        "member": member,
        "criterion": criterion,
    }


def number(value: Any, *, where: Callable[[], str]) -> Decimal:
    """A score as an exact ``Decimal``: an integer, a finite decimal number or a string of one,
    with at most four decimals. ``where()`` names the score in the refusal."""
    result: Decimal | None = None
    if isinstance(value, bool):
        result = None
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value)) if math.isfinite(value) else None
    elif isinstance(value, Decimal):
        result = value if value.is_finite() else None
    elif isinstance(value, str) and _NUMBER.match(value.strip()):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            result = None
    if result is None:
        raise _refuse(
            _("%(where)s: the score %(value)s is not a number.") % {"where": where(), "value": repr(value)},
            "score_not_numeric",
        )
    exponent = result.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        raise _refuse(
            _("%(where)s: the score %(value)s has more than %(decimals)s decimals.")
            % {"where": where(), "value": value, "decimals": MAX_DECIMALS},
            "score_precision",
        )
    return result


def session_from_data(data: Any) -> Session:
    """A ``Session`` from its JSON form (extra keys are ignored). Checks shapes only; the
    scores are checked against the rubric by ``tally``."""
    if not isinstance(data, Mapping):
        raise _refuse(_("The session must be a JSON object."), "invalid_input")
    kind = data.get("kind")
    if kind not in council_rules.KINDS:
        raise _refuse(
            _("Unknown council kind %(kind)s; expected one of: %(kinds)s.")
            % {"kind": repr(kind), "kinds": ", ".join(council_rules.KINDS)},
            "unknown_kind",
        )
    as_of_text = data.get("as_of")
    try:
        if not isinstance(as_of_text, str) or not _DATE.match(as_of_text):
            raise ValueError
        as_of = dt.date.fromisoformat(as_of_text)
    except ValueError:
        raise _refuse(
            _("The date as_of must be a date written YYYY-MM-DD, not %(value)s.")
            % {"value": repr(as_of_text)},
            "invalid_date",
        ) from None
    rubric = data.get("rubric")
    if rubric is not None:
        rubric = _text(rubric, "rubric")
    raw_members = data.get("members")
    if not isinstance(raw_members, list) or not raw_members:
        raise _refuse(_("The session must list its members."), "invalid_input")
    members = []
    for raw in raw_members:
        if not isinstance(raw, Mapping):
            raise _refuse(_("Each member must be a JSON object."), "invalid_input")
        member_id = _text(raw.get("id"), _("A member's id"))
        role = raw.get("role")
        if role not in ROLES:
            raise _refuse(
                _("Member %(member)s has an unknown role %(role)s; expected one of: %(roles)s.")
                % {"member": member_id, "role": repr(role), "roles": ", ".join(ROLES)},
                "unknown_role",
            )
        present = _flag(raw.get("present", True), "present")
        conflicted = _flag(raw.get("conflicted", False), "conflicted")
        members.append(Member(member_id, role, present, conflicted))
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raise _refuse(_("The session must list its items."), "invalid_input")
    items = []
    for raw in raw_items:
        if not isinstance(raw, Mapping):
            raise _refuse(_("Each item must be a JSON object."), "invalid_input")
        item_id = _text(raw.get("id"), _("An item's id"))
        raw_sheets = raw.get("sheets", [])
        if not isinstance(raw_sheets, list):
            raise _refuse(
                _("The sheets of item %(item)s must be a list.") % {"item": item_id}, "invalid_input"
            )
        sheets = []
        for sheet in raw_sheets:
            if not isinstance(sheet, Mapping):
                raise _refuse(_("Each sheet must be a JSON object."), "invalid_input")
            member = _text(sheet.get("member"), _("A sheet's member"))
            scores = sheet.get("scores")
            parsed: dict[int, Decimal] | None = None
            if scores is not None:
                if not isinstance(scores, Mapping):
                    raise _refuse(
                        _("The scores of %(member)s for %(item)s must be an object of criterion: score.")
                        % {"member": member, "item": item_id},
                        "invalid_input",
                    )
                parsed = {}
                for key, value in scores.items():
                    where = functools.partial(_where, item_id, member, key)
                    if not _CRITERION.match(str(key)):
                        raise _refuse(
                            _("%(where)s: criteria are numbered from 1.") % {"where": where()},
                            "unknown_criterion",
                        )
                    parsed[int(key)] = number(value, where=where)
            sheets.append(Sheet(member, parsed, sheet.get("rating"), sheet.get("vote")))
        items.append(Item(item_id, tuple(sheets)))
    return Session(kind, as_of, tuple(members), tuple(items), rubric)


# --- The tally ---------------------------------------------------------------------------------


def _share(value: Any) -> Fraction:
    return Fraction(str(value))


def _needed(share: Fraction, total: int, *, more_than: bool = False) -> int:
    """The fewest members that reach ``share`` of ``total`` (or exceed it)."""
    exact = share * total
    return math.floor(exact) + 1 if more_than else math.ceil(exact)


def _check_composition(session: Session, kind_rules: Mapping[str, Any]) -> None:
    ids = [m.id for m in session.members]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise _refuse(
            _("Member %(member)s is listed twice.") % {"member": duplicates[0]},
            "duplicate_member",
        )
    size = kind_rules.get("size", {})
    low, high = int(size.get("min", 1)), int(size.get("max", 10**6))
    if not low <= len(ids) <= high:
        raise _refuse(
            _("The council has %(count)s members; the rules in force need %(min)s to %(max)s.")
            % {"count": len(ids), "min": low, "max": high},
            "council_size",
        )
    for role, required in kind_rules.get("roles", {}).items():
        count = sum(1 for m in session.members if m.role == role)
        if required and count != required:
            raise _refuse(
                _(
                    "The council has %(count)s members with the role %(role)s; "
                    "the rules in force need %(required)s."
                )
                % {"count": count, "role": role, "required": required},
                "council_roles",
            )


def _quorum(session: Session, kind_rules: Mapping[str, Any]) -> list[str]:
    """Why the council has no quorum (nothing when it has one)."""
    quorum = kind_rules.get("quorum", {})
    taking_part = [m for m in session.members if m.takes_part]
    total = len(session.members)
    needed = _needed(_share(quorum.get("present", "2/3")), total)
    reasons = []
    if len(taking_part) < needed:
        reasons.append(
            _(
                "No quorum: %(present)s of %(total)s members present without a conflict of interest; "
                "at least %(needed)s needed."
            )
            % {"present": len(taking_part), "total": total, "needed": needed}
        )
    if quorum.get("chair_or_vice_chair") and not any(m.role in ("chair", "vice_chair") for m in taking_part):
        reasons.append(_("No quorum: neither the chair nor a vice-chair is present."))
    if quorum.get("reviewers"):
        for m in session.members:
            if m.role == "reviewer" and not m.takes_part:
                reasons.append(
                    _("No quorum: reviewer %(member)s is absent or has a conflict of interest.")
                    % {"member": m.label}
                )
    return reasons


def _rubric_criteria(session: Session, rubrics: Mapping[str, Any]) -> dict[int, Decimal]:
    if not session.rubric:
        raise _refuse(_("A scored session must name its rubric."), "no_rubric")
    rubric = rubrics.get(session.rubric)
    if not isinstance(rubric, Mapping) or not rubric.get("criteria"):
        raise _refuse(
            _("Unknown rubric %(rubric)s on %(date)s; the rules in force have: %(rubrics)s.")
            % {
                "rubric": session.rubric,
                "date": session.as_of.strftime("%d/%m/%Y"),
                "rubrics": ", ".join(rubrics),
            },
            "unknown_rubric",
        )
    return {
        int(n): Decimal(str(c["max"]))
        for n, c in sorted(rubric["criteria"].items(), key=lambda kv: int(kv[0]))
    }


def _check_sheets(session: Session, method: str, criteria: dict[int, Decimal]) -> None:
    known = {m.id for m in session.members}
    seen_items: set[str] = set()
    for item in session.items:
        if item.id in seen_items:
            raise _refuse(_("Item %(item)s is listed twice.") % {"item": item.id}, "duplicate_item")
        seen_items.add(item.id)
        seen: set[str] = set()
        for sheet in item.sheets:
            names = {"item": item.id, "member": sheet.member}
            if sheet.member not in known:
                raise _refuse(
                    _("Item %(item)s has a sheet of %(member)s, who is not a member of the council.") % names,
                    "unknown_member",
                )
            if sheet.member in seen:
                raise _refuse(_("Item %(item)s has two sheets of %(member)s.") % names, "duplicate_sheet")
            seen.add(sheet.member)
            if method == council_rules.SCORES:
                if sheet.scores is None or sheet.rating is not None or sheet.vote is not None:
                    raise _refuse(
                        _("The sheet of %(member)s for %(item)s must give scores.") % names, "wrong_sheet"
                    )
                _check_scores(item.id, sheet, criteria)
            elif method == council_rules.RATINGS:
                if sheet.rating not in RATINGS or sheet.scores is not None or sheet.vote is not None:
                    raise _refuse(
                        _("The sheet of %(member)s for %(item)s must give a rating: %(ratings)s.")
                        % {**names, "ratings": ", ".join(RATINGS)},
                        "wrong_sheet",
                    )
            elif sheet.vote not in VOTES or sheet.scores is not None or sheet.rating is not None:
                raise _refuse(
                    _("The sheet of %(member)s for %(item)s must give a vote: yes or no.") % names,
                    "wrong_sheet",
                )


def _check_scores(item_id: str, sheet: Sheet, criteria: dict[int, Decimal]) -> None:
    assert sheet.scores is not None
    for n, score in sheet.scores.items():
        if n in criteria and 0 <= score <= criteria[n]:
            continue
        where = _where(item_id, sheet.member, n)
        if n not in criteria:
            raise _refuse(
                _("%(where)s: the rubric has no such criterion (it has %(count)s).")
                % {"where": where, "count": len(criteria)},
                "unknown_criterion",
            )
        if score < 0:
            raise _refuse(
                _("%(where)s: the score %(score)s is negative.") % {"where": where, "score": score},
                "score_negative",
            )
        if score > criteria[n]:
            raise _refuse(
                _("%(where)s: the score %(score)s is above the criterion's maximum %(max)s.")
                % {"where": where, "score": score, "max": criteria[n]},
                "score_above_max",
            )
    missing = [n for n in criteria if n not in sheet.scores]
    if missing:
        raise _refuse(
            _("The sheet of %(member)s for %(item)s has no score for criterion %(criterion)s.")
            % {"member": sheet.member, "item": item_id, "criterion": missing[0]},
            "score_missing",
        )


def _mean(values: Sequence[Decimal]) -> Fraction:
    # Scores have at most MAX_DECIMALS decimals and three digits: their sums are exact in
    # Decimal's 28 digits; the division is exact as a Fraction.
    return Fraction(sum(values, Decimal(0))) / len(values)


def _counted(session: Session, item: Item, result: ItemResult) -> list[Sheet]:
    """The sheets that count (present members without a conflict), with the reasons for the others."""
    members = {m.id: m for m in session.members}
    counted = []
    for sheet in item.sheets:
        member = members[sheet.member]
        if not member.present:
            result.reasons.append(
                _("The sheet of %(member)s does not count: absent.") % {"member": member.label}
            )
        elif member.conflicted:
            result.reasons.append(
                _("The sheet of %(member)s does not count: conflict of interest.") % {"member": member.label}
            )
        else:
            counted.append(sheet)
    with_sheet = {s.member for s in item.sheets}
    for member in session.members:
        if member.takes_part and member.id not in with_sheet:
            result.reasons.append(_("%(member)s is present but gave no sheet.") % {"member": member.label})
    return counted


def _score_item(
    session: Session, item: Item, kind_rules: Mapping[str, Any], criteria: dict[int, Decimal]
) -> ItemResult:
    result = ItemResult(item.id)
    counted = _counted(session, item, result)
    if not counted:
        result.reasons.append(_("No sheet counts: the item cannot pass."))
        return result
    scoring = kind_rules.get("scoring", {})
    totals = {s.member: sum((s.scores or {}).values(), Decimal(0)) for s in counted}
    result.member_totals = totals
    result.initial_mean = _mean(list(totals.values()))
    valid = list(counted)
    labels = {m.id: m.label for m in session.members}
    outlier = scoring.get("outlier", {})
    if outlier.get("enabled"):
        delta = Fraction(str(outlier.get("delta", 20)))
        valid = []
        for sheet in counted:
            if abs(Fraction(totals[sheet.member]) - result.initial_mean) <= delta:
                valid.append(sheet)
            else:
                result.reasons.append(
                    _(
                        "The sheet of %(member)s (total %(total)s) differs from the initial mean %(mean)s by "
                        "more than %(delta)s points: not valid."
                    )
                    % {
                        "member": labels[sheet.member],
                        "total": shown(totals[sheet.member]),
                        "mean": shown(result.initial_mean),
                        "delta": shown(delta),
                    }
                )
    result.valid_members = [s.member for s in valid]
    if valid:
        result.final_mean = _mean([totals[s.member] for s in valid])
        result.valid_scores = [s.scores or {} for s in valid]
    # The zero rule counts every sheet that counts, outliers included.
    zero_share = _share(scoring.get("zero_share", "1/3"))
    for n in criteria:
        zeros = sum(1 for s in counted if (s.scores or {})[n] == 0)
        if zeros and Fraction(zeros) > zero_share * len(counted):
            result.zero_violations[n] = zeros
            result.reasons.append(
                _("Criterion %(criterion)s scored 0 by %(count)s of %(total)s members present.")
                % {"criterion": n, "count": zeros, "total": len(counted)}
            )
    mark = Fraction(str(scoring.get("pass_mean", 70)))
    if result.final_mean is None:
        result.reasons.append(_("No valid sheet is left for the final mean: the item cannot pass."))
        return result
    if result.final_mean >= mark:
        result.reasons.append(
            _("Final mean %(mean)s reaches the pass mark %(mark)s.")
            % {"mean": shown(result.final_mean), "mark": shown(mark)}
        )
    else:
        result.reasons.append(
            _("Final mean %(mean)s is below the pass mark %(mark)s.")
            % {"mean": _below(result.final_mean, mark), "mark": shown(mark)}
        )
    result.passed = result.final_mean >= mark and not result.zero_violations
    return result


def _vote_item(session: Session, item: Item, kind_rules: Mapping[str, Any]) -> ItemResult:
    result = ItemResult(item.id)
    counted = _counted(session, item, result)
    result.valid_members = [s.member for s in counted]
    votes = kind_rules.get("votes", {})
    more_than = bool(votes.get("more_than"))
    present = sum(1 for m in session.members if m.takes_part)
    needed = _needed(_share(votes.get("share", "2/3")), present, more_than=more_than)
    yes = sum(1 for s in counted if s.vote == "yes")
    result.passed = yes >= needed
    result.reasons.append(
        _("%(yes)s of %(total)s members present voted yes; %(needed)s needed.")
        % {"yes": yes, "total": present, "needed": needed}
    )
    return result


def _rate_item(session: Session, item: Item, kind_rules: Mapping[str, Any]) -> ItemResult:
    result = ItemResult(item.id)
    counted = _counted(session, item, result)
    result.valid_members = [s.member for s in counted]
    share = _share(kind_rules.get("ratings", {}).get("share", "3/4"))
    n = len(counted)
    excellent = sum(1 for s in counted if s.rating == "xuat_sac")
    passing = sum(1 for s in counted if s.rating == "dat")
    failing = n - excellent - passing
    needed = _needed(share, n)
    if n and excellent >= needed and failing == 0:
        result.rating = "xuat_sac"
    elif n and excellent + passing >= needed:
        result.rating = "dat"
    else:
        result.rating = "khong_dat"
    result.passed = result.rating != "khong_dat"
    result.reasons.append(
        _(
            "Ratings of %(total)s members present: %(excellent)s Excellent, %(pass)s Pass, %(fail)s Fail; "
            "%(needed)s needed for Excellent (with no Fail) or for Pass."
        )
        % {"total": n, "excellent": excellent, "pass": passing, "fail": failing, "needed": needed}
    )
    return result


def _heaviest(criteria: dict[int, Decimal]) -> int:
    top = max(criteria.values())
    return next(n for n, m in criteria.items() if m == top)


def _recommend(
    results: list[ItemResult], kind_rules: Mapping[str, Any], criteria: dict[int, Decimal]
) -> str | None:
    passed = [r for r in results if r.passed and r.final_mean is not None]
    how = kind_rules.get("recommend", "none")
    if how == "single":
        return passed[0].id if passed else None
    if how != "best" or not passed:
        return None
    means = sorted({r.final_mean for r in passed if r.final_mean is not None}, reverse=True)
    for r in passed:
        r.rank = 1 + sum(
            1
            for o in passed
            if o.final_mean is not None and r.final_mean is not None and o.final_mean > r.final_mean
        )
        r.reasons.append(
            _("Ranked %(rank)s of %(count)s passed items.") % {"rank": r.rank, "count": len(passed)}
        )
    tied = [r for r in passed if r.final_mean == means[0]]
    for breaker in kind_rules.get("tie_breakers", []):
        if len(tied) == 1:
            break
        if breaker == "heaviest_criterion" and criteria:
            n = _heaviest(criteria)
            best = max(r.criterion_mean(n) for r in tied)
            for r in tied:
                r.reasons.append(
                    _("Tied on the final mean; mean on criterion %(criterion)s: %(mean)s.")
                    % {"criterion": n, "mean": shown(r.criterion_mean(n))}
                )
            tied = [r for r in tied if r.criterion_mean(n) == best]
        elif breaker == "chair":
            for r in tied:
                r.reasons.append(
                    _("Tied with %(others)s: the chair decides.")
                    % {"others": ", ".join(o.id for o in tied if o is not r)}
                )
            return None
    if len(tied) != 1:
        return None
    tied[0].reasons.append(_("Recommended: the highest final mean among the passed items."))
    return tied[0].id


def tally(session: Session, *, kind_rules: Mapping[str, Any], rubrics: Mapping[str, Any]) -> Tally:
    """Tally ``session`` under the given rule-set parameters (those of ``session.kind`` and the
    rubrics in force). Raises ``TallyError`` on bad input; a council without quorum gets a
    ``Tally`` with ``quorum_met`` false and nothing passed (``Tally.require_quorum`` refuses)."""
    method = kind_rules.get("method")
    criteria = _rubric_criteria(session, rubrics) if method == council_rules.SCORES else {}
    _check_composition(session, kind_rules)
    _check_sheets(session, str(method), criteria)
    if kind_rules.get("recommend") == "single" and len(session.items) != 1:
        raise _refuse(
            _("A direct-assignment council evaluates exactly one application; this session has %(count)s.")
            % {"count": len(session.items)},
            "one_item",
        )
    quorum_reasons = _quorum(session, kind_rules)
    if quorum_reasons:
        items = [
            ItemResult(i.id, reasons=[*quorum_reasons, _("Not tallied: the council has no quorum.")])
            for i in session.items
        ]
        return Tally(False, items, None, quorum_reasons, kind_rules)
    if method == council_rules.SCORES:
        results = [_score_item(session, item, kind_rules, criteria) for item in session.items]
    elif method == council_rules.RATINGS:
        results = [_rate_item(session, item, kind_rules) for item in session.items]
    else:
        results = [_vote_item(session, item, kind_rules) for item in session.items]
    recommended = _recommend(results, kind_rules, criteria)
    if kind_rules.get("recommend") == "best":
        # The ranking: passed items by rank, then the others by final mean (input order on ties).
        results.sort(key=lambda r: (r.rank is None, r.rank or 0, -(r.final_mean or Fraction(0))))
    return Tally(True, results, recommended, [], kind_rules)


RuleLookup = Callable[..., dict[str, Any]]


def tally_session(session: Session, *, lookup: RuleLookup | None = None) -> Tally:
    """Tally ``session`` under the rule sets in force on its date: ``rule_get`` (the
    database's versions) unless another ``lookup(code, as_of=)`` is given."""
    lookup = lookup or rule_get
    kind_rules = lookup(council_rules.code_of(session.kind), as_of=session.as_of)
    rubrics = (
        lookup(council_rules.RUBRICS, as_of=session.as_of)
        if kind_rules.get("method") == council_rules.SCORES
        else {}
    )
    return tally(session, kind_rules=kind_rules, rubrics=rubrics)
