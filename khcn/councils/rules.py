"""The rule sets councils read (``khcn.core.rules.rule_get``): one per council kind, and the
score-sheet rubrics per task type, each versioned by the date it takes effect.

A council uses the versions in force on its decision date. Every version lists, under
``uncertain``, the parameters not confirmed against the official text (the domain note's [R]
and [D] tags, ``/work/shared/reference/domain.md`` §1.2, §1.5.4, §1.6, §1.9, §7); publish a
corrected version (rules page, ``ruleset_publish``) once the DOST confirms its own regulation.

Fractions are written as strings (``"2/3"``) and read exactly (``fractions.Fraction``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from khcn.core.plugins import RuleParameter, RuleSetSpec, RuleSetVersion
from khcn.core.rules import RuleNotFound

# Council kinds, as the tally input names them.
IDENTIFICATION = "identification"
SELECTION = "selection"
DIRECT_ASSIGNMENT = "direct_assignment"
BUDGET_APPRAISAL = "budget_appraisal"
ACCEPTANCE = "acceptance"
SELF_EVALUATION = "self_evaluation"
ADVISORY = "advisory"
KINDS = (
    IDENTIFICATION,
    SELECTION,
    DIRECT_ASSIGNMENT,
    BUDGET_APPRAISAL,
    ACCEPTANCE,
    SELF_EVALUATION,
    ADVISORY,
)

RUBRICS = "councils.rubrics"

# How a council decides: members score each item on a rubric, vote yes/no, or rate it.
SCORES, VOTES, RATINGS = "scores", "votes", "ratings"

# Dates the versions take effect.
CIRCULAR_07_2014 = dt.date(2014, 7, 28)  # identification (domain note [S3])
CIRCULAR_11_2014 = dt.date(2014, 7, 28)  # acceptance; the exact date was not read: [R]
CIRCULAR_20_2023 = dt.date(2023, 11, 27)  # selection and direct assignment [S5–S8]
LAW_93_2025 = dt.date(2025, 10, 1)  # Law 93/2025/QH15 in force; Decree 267/2025 [S39, S40, S42]

LAW_2025_BASIS = "Luật số 93/2025/QH15; Nghị định số 267/2025/NĐ-CP"
# Decree 267/2025's evaluation articles were not read (domain note §7 Q2): the 2025 versions
# carry the earlier values over and mark every one of them uncertain.
CARRIED_OVER = "carried_over"


def code_of(kind: str) -> str:
    return f"councils.{kind}"


# --- The parameters people read on the rules page ----------------------------------------------


_METHOD_LABELS = {
    SCORES: _("score sheets on the rubric"),
    VOTES: _("votes (implement or not)"),
    RATINGS: _("ratings (Excellent, Pass, Fail)"),
}
_RECOMMEND_LABELS = {
    "best": _("the highest passing application"),
    "single": _("the one application, if it passes"),
    "none": _("none"),
}
_TIE_LABELS = {
    "heaviest_criterion": _("the higher mean on the heaviest criterion"),
    "chair": _("the chair decides"),
}
_UNCERTAIN_LABELS = {
    "carried_over": _("every value carried over from the previous version"),
    "quorum": _("quorum"),
    "roles": _("roles"),
    "size": _("council size"),
    "size.max": _("council size: at most"),
    "ratings.share": _("share of members for a rating"),
    "scoring.outlier": _("outlier rule"),
    "scoring.pass_mean": _("pass mark"),
    "scoring.zero_share": _("zero-score share"),
    "tie_breakers": _("tie-breakers"),
    "votes": _("votes"),
    "votes.share": _("share of votes needed"),
}


def _common_parameters() -> list[RuleParameter]:
    return [
        RuleParameter(
            "method",
            _("How members decide"),
            _(
                "Each member fills a score sheet on the rubric, votes yes or no, or rates the result "
                "Excellent, Pass or Fail."
            ),
            value_labels=_METHOD_LABELS,
        ),
        RuleParameter("size.min", _("Council size: at least"), value_format=_("%(value)s members")),
        RuleParameter("size.max", _("Council size: at most"), value_format=_("%(value)s members")),
        RuleParameter(
            "roles.chair", _("Chairs"), _("Exactly this many members hold the role (0: not required).")
        ),
        RuleParameter(
            "roles.vice_chair",
            _("Vice-chairs"),
            _("Exactly this many members hold the role (0: not required)."),
        ),
        RuleParameter(
            "roles.secretary",
            _("Scientific secretaries"),
            _("Exactly this many members hold the role (0: not required)."),
        ),
        RuleParameter(
            "roles.reviewer", _("Reviewers"), _("Exactly this many members hold the role (0: not required).")
        ),
        RuleParameter(
            "quorum.present",
            _("Quorum: share of members present"),
            _(
                "Members present and without a conflict of interest, as a share of the council's members; "
                "1 means every member."
            ),
        ),
        RuleParameter(
            "quorum.chair_or_vice_chair",
            _("Quorum: chair or authorised vice-chair present"),
        ),
        RuleParameter("quorum.reviewers", _("Quorum: every reviewer present")),
        RuleParameter(
            "scoring.pass_mean",
            _("Pass mark (final mean, out of 100)"),
            _(
                "An item passes when its final mean is at least this mark and no criterion fails the "
                "zero rule."
            ),
        ),
        RuleParameter(
            "scoring.zero_share",
            _("Zero rule: share of members"),
            _(
                "An item fails when more than this share of the members whose sheets count give 0 points "
                "to the same criterion."
            ),
        ),
        RuleParameter(
            "scoring.outlier.enabled",
            _("Outlier rule applied"),
            _("Whether sheets whose total is too far from the initial mean are left out of the final mean."),
        ),
        RuleParameter(
            "scoring.outlier.delta",
            _("Outlier rule: largest distance from the initial mean"),
            _("A sheet whose total differs from the initial mean by more than this is not valid."),
            value_format=_("%(value)s points"),
        ),
        RuleParameter(
            "recommend",
            _("Recommendation"),
            _(
                "Which application the council recommends, if any: the passed one with the highest final "
                "mean, or the only one if it passed."
            ),
            value_labels=_RECOMMEND_LABELS,
        ),
        RuleParameter(
            "tie_breakers",
            _("Tie-breakers, in order"),
            _(
                "When two passed applications have the same final mean: the higher mean on the criterion "
                "with the largest maximum (the first of them), then the chair decides at the session."
            ),
            value_labels=_TIE_LABELS,
        ),
        RuleParameter(
            "votes.share",
            _("Votes: share of members present voting yes"),
            _("An item is adopted when the yes votes reach this share of the members present."),
        ),
        RuleParameter(
            "votes.more_than",
            _("Votes: strictly more than that share"),
        ),
        RuleParameter(
            "ratings.share",
            _("Ratings: share of members rating"),
            _(
                "Excellent when at least this share rate it Excellent and none Fail; Pass when at least "
                "this share rate it Excellent or Pass; otherwise Fail."
            ),
        ),
        RuleParameter(
            "uncertain",
            _("Not confirmed against the official text"),
            _(
                "Parameters taken from memory, from an analogue or as a design default; confirm them "
                "against the province's own regulation. A version whose values are all carried over "
                "repeats the previous one, the 2025 decree not having been read."
            ),
            value_labels=_UNCERTAIN_LABELS,
        ),
    ]


_TITLES = {
    IDENTIFICATION: _("Councils: identification of tasks"),
    SELECTION: _("Councils: selection"),
    DIRECT_ASSIGNMENT: _("Councils: direct assignment"),
    BUDGET_APPRAISAL: _("Councils: budget appraisal team"),
    ACCEPTANCE: _("Councils: acceptance"),
    SELF_EVALUATION: _("Councils: self-evaluation by the host"),
    ADVISORY: _("Councils: advisory council"),
}

SPECS = {
    kind: RuleSetSpec(code=code_of(kind), title=title, parameters=_common_parameters())
    for kind, title in _TITLES.items()
}

# Rubric labels, in the reader's language; each criterion's name is stored with the version as
# the circular words it.
_RUBRIC_LABELS: dict[str, Any] = {
    "applied_rnd": _("Applied R&D topic"),
    "national_programme": _("Task of a national programme (form B8-ĐGNV)"),
    # Labelled in the circular's own words until the catalogue has English msgids for them.
    "social_humanities": _("Social sciences and humanities topic, or scientific scheme"),
    "pilot_production": _("Pilot production project"),
}
_RUBRIC_CRITERIA = {"applied_rnd": 6, "national_programme": 3, "social_humanities": 6, "pilot_production": 7}


def _rubric_parameters() -> list[RuleParameter]:
    rows = []
    for code, label in _RUBRIC_LABELS.items():
        rows.append(
            RuleParameter(
                f"{code}.name", format_lazy("{}: {}", label, _("name in the circular")), language="vi"
            )
        )
        for n in range(1, _RUBRIC_CRITERIA[code] + 1):
            criterion = format_lazy("{}: {} {}", label, _("criterion"), n)
            rows.append(RuleParameter(f"{code}.criteria.{n}.name", criterion, language="vi"))
            rows.append(
                RuleParameter(
                    f"{code}.criteria.{n}.max",
                    format_lazy("{} ({})", criterion, _("maximum")),
                    value_format=_("%(value)s points"),
                )
            )
        rows.append(RuleParameter(f"{code}.legal_basis", format_lazy("{}: {}", label, _("legal basis"))))
        rows.append(
            RuleParameter(
                f"{code}.uncertain", format_lazy("{}: {}", label, _("not confirmed or an analogue"))
            )
        )
    return rows


RUBRICS_SPEC = RuleSetSpec(
    code=RUBRICS, title=_("Councils: score-sheet rubrics"), parameters=_rubric_parameters()
)


# --- The versions ------------------------------------------------------------------------------

_STANDARD_ROLES = {"chair": 1, "vice_chair": 1, "secretary": 1, "reviewer": 2}
_STANDARD_QUORUM = {"present": "2/3", "chair_or_vice_chair": True, "reviewers": True}
_SCORING = {"pass_mean": 70, "zero_share": "1/3", "outlier": {"enabled": False, "delta": 20}}

_BEFORE_2025: dict[str, dict[str, Any]] = {
    IDENTIFICATION: {
        "title": "Hội đồng tư vấn xác định nhiệm vụ khoa học và công nghệ",
        "effective_from": CIRCULAR_07_2014,
        "legal_basis": "Thông tư số 07/2014/TT-BKHCN (sửa đổi bởi Thông tư số 03/2017/TT-BKHCN)",
        "parameters": {
            "method": VOTES,
            "size": {"min": 7, "max": 9},
            "roles": _STANDARD_ROLES,
            "quorum": _STANDARD_QUORUM,
            "votes": {"share": "2/3", "more_than": False},
            "recommend": "none",
            "uncertain": ["size", "roles", "quorum", "votes.share"],
        },
    },
    SELECTION: {
        "title": "Hội đồng tư vấn tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ khoa học và công nghệ",
        "effective_from": CIRCULAR_20_2023,
        "legal_basis": "Thông tư số 20/2023/TT-BKHCN (Điều 8, Điều 12)",
        "parameters": {
            "method": SCORES,
            "size": {"min": 7, "max": 9},
            "roles": _STANDARD_ROLES,
            "quorum": _STANDARD_QUORUM,
            "scoring": _SCORING,
            "recommend": "best",
            "tie_breakers": ["heaviest_criterion", "chair"],
            "uncertain": [
                "quorum",
                "scoring.pass_mean",
                "scoring.zero_share",
                "scoring.outlier",
                "tie_breakers",
            ],
        },
    },
    DIRECT_ASSIGNMENT: {
        "title": "Hội đồng tư vấn giao trực tiếp tổ chức, cá nhân chủ trì nhiệm vụ khoa học và công nghệ",
        "effective_from": CIRCULAR_20_2023,
        "legal_basis": "Thông tư số 20/2023/TT-BKHCN (Điều 8, Điều 12)",
        "parameters": {
            "method": SCORES,
            "size": {"min": 7, "max": 9},
            "roles": _STANDARD_ROLES,
            "quorum": _STANDARD_QUORUM,
            "scoring": _SCORING,
            "recommend": "single",
            "uncertain": ["quorum", "scoring.pass_mean", "scoring.zero_share", "scoring.outlier"],
        },
    },
    BUDGET_APPRAISAL: {
        "title": "Tổ thẩm định kinh phí nhiệm vụ khoa học và công nghệ",
        "effective_from": CIRCULAR_20_2023,
        "legal_basis": (
            "Thông tư số 08/2017/TT-BKHCN Điều 14; Thông tư số 45/2016/TT-BTTTT Điều 15 (tương tự)"
        ),
        "parameters": {
            "method": VOTES,
            "size": {"min": 3, "max": 7},
            "roles": {"chair": 1, "vice_chair": 0, "secretary": 0, "reviewer": 0},
            "quorum": {"present": "1", "chair_or_vice_chair": True, "reviewers": False},
            "votes": {"share": "1/2", "more_than": True},
            "recommend": "none",
            "uncertain": ["size.max", "votes"],
        },
    },
    ACCEPTANCE: {
        "title": "Hội đồng tư vấn đánh giá nghiệm thu nhiệm vụ khoa học và công nghệ",
        "effective_from": CIRCULAR_11_2014,
        "legal_basis": "Luật Khoa học và Công nghệ số 29/2013/QH13 Điều 37; Thông tư số 11/2014/TT-BKHCN",
        "parameters": {
            "method": RATINGS,
            "size": {"min": 7, "max": 9},
            "roles": _STANDARD_ROLES,
            "quorum": _STANDARD_QUORUM,
            "ratings": {"share": "3/4"},
            "recommend": "none",
            "uncertain": ["size", "roles", "quorum", "ratings.share"],
        },
    },
    SELF_EVALUATION: {
        "title": "Hội đồng tự đánh giá kết quả thực hiện nhiệm vụ của tổ chức chủ trì",
        "effective_from": CIRCULAR_11_2014,
        "legal_basis": "Thông tư số 11/2014/TT-BKHCN",
        "parameters": {
            "method": RATINGS,
            "size": {"min": 5, "max": 9},
            "roles": {"chair": 1, "vice_chair": 0, "secretary": 1, "reviewer": 2},
            "quorum": _STANDARD_QUORUM,
            "ratings": {"share": "3/4"},
            "recommend": "none",
            "uncertain": ["size", "roles", "quorum", "ratings.share"],
        },
    },
    ADVISORY: {
        "title": "Hội đồng tư vấn khoa học và công nghệ",
        "effective_from": CIRCULAR_07_2014,
        "legal_basis": "Luật Khoa học và Công nghệ số 29/2013/QH13",
        "parameters": {
            "method": VOTES,
            "size": {"min": 5, "max": 15},
            "roles": {"chair": 1, "vice_chair": 0, "secretary": 1, "reviewer": 0},
            "quorum": {"present": "2/3", "chair_or_vice_chair": True, "reviewers": False},
            "votes": {"share": "1/2", "more_than": True},
            "recommend": "none",
            "uncertain": ["size", "roles", "quorum", "votes"],
        },
    },
}

_APPLIED_RND = {
    "name": "Đề tài nghiên cứu ứng dụng và phát triển công nghệ",
    "criteria": {
        "1": {"name": "Tổng quan tình hình nghiên cứu", "max": 12},
        "2": {
            "name": "Nội dung, nhân lực thực hiện từng nội dung, phương pháp nghiên cứu, kỹ thuật sử dụng",
            "max": 24,
        },
        "3": {"name": "Sản phẩm khoa học và công nghệ", "max": 16},
        "4": {"name": "Khả năng ứng dụng kết quả nghiên cứu vào sản xuất và đời sống", "max": 16},
        "5": {"name": "Tính khả thi của kế hoạch triển khai và kinh phí", "max": 16},
        "6": {"name": "Năng lực của tổ chức và cá nhân chủ trì", "max": 16},
    },
    "legal_basis": "Thông tư số 20/2023/TT-BKHCN Điều 12",
    "uncertain": False,
}
# An analogue, not a provincial rubric: Circular 15/2022/TT-BKHCN Art. 16, form B8-ĐGNV [S12].
_NATIONAL_PROGRAMME = {
    "name": "Nhiệm vụ thuộc chương trình khoa học và công nghệ cấp quốc gia (mẫu B8-ĐGNV)",
    "criteria": {
        "1": {"name": "Tính cấp thiết", "max": 15},
        "2": {"name": "Tính khả thi", "max": 50},
        "3": {"name": "Tác động và tính bền vững", "max": 35},
    },
    "legal_basis": "Thông tư số 15/2022/TT-BKHCN Điều 16",
    "uncertain": True,
}
# Circular 20/2023/TT-BKHCN Art. 12(2) and 12(4), read in the Ministry of Justice's codified text
# (Bộ pháp điển, phapdien.moj.gov.vn, đề mục 19.5 "Khoa học và công nghệ", Điều 19.5.TT.59.12) as
# crawled in github.com/diepxuan/diepxuan.github.io, van-ban/khoa-hoc-cong-nghe/khoa-hoc-va-cong-nghe.md
# (commit fbaa690e). Art. 1(1)(a) calls a pilot-production project "dự án"; Art. 12(3) scores topics in
# other fields on clause 1 or 2 by their content. The predecessor rubrics (Circulars 10/2014 and
# 08/2017) were not read, so no version before 27/11/2023 is declared.
_SOCIAL_HUMANITIES = {
    "name": "Đề tài nghiên cứu khoa học xã hội và nhân văn và đề án khoa học",
    "criteria": {
        "1": {"name": "Tổng quan tình hình nghiên cứu", "max": 12},
        "2": {"name": "Nội dung và hoạt động hỗ trợ nghiên cứu", "max": 12},
        "3": {"name": "Cách tiếp cận và phương pháp nghiên cứu", "max": 12},
        "4": {"name": "Tính khả thi về kế hoạch và kinh phí thực hiện", "max": 20},
        "5": {
            "name": (
                "Sản phẩm khoa học, lợi ích kết quả của đề tài, đề án và phương án chuyển giao sản phẩm, "
                "kết quả nghiên cứu"
            ),
            "max": 24,
        },
        "6": {"name": "Năng lực của tổ chức và cá nhân thực hiện", "max": 20},
    },
    "legal_basis": "Thông tư số 20/2023/TT-BKHCN Điều 12 khoản 2",
    "uncertain": False,
}
_PILOT_PRODUCTION = {
    "name": "Dự án sản xuất thử nghiệm",
    "criteria": {
        "1": {"name": "Tổng quan về các vấn đề công nghệ và thị trường của dự án", "max": 8},
        "2": {"name": "Nội dung và phương án triển khai", "max": 20},
        "3": {"name": "Tính mới và tính khả thi của công nghệ", "max": 12},
        "4": {"name": "Khả năng phát triển và hiệu quả kinh tế - xã hội dự kiến của dự án", "max": 12},
        "5": {"name": "Sản phẩm khoa học và công nghệ", "max": 16},
        "6": {"name": "Phương án tài chính", "max": 16},
        "7": {"name": "Năng lực của tổ chức và cá nhân thực hiện", "max": 16},
    },
    "legal_basis": "Thông tư số 20/2023/TT-BKHCN Điều 12 khoản 4",
    "uncertain": False,
}


def _versions() -> list[RuleSetVersion]:
    versions = []
    for kind, before in _BEFORE_2025.items():
        spec = SPECS[kind]
        versions.append(
            RuleSetVersion(
                code=code_of(kind),
                title=before["title"],
                effective_from=before["effective_from"],
                legal_basis=before["legal_basis"],
                parameters=before["parameters"],
                spec=spec,
            )
        )
        after = {**before["parameters"], "uncertain": [CARRIED_OVER, *before["parameters"]["uncertain"]]}
        versions.append(
            RuleSetVersion(
                code=code_of(kind),
                title=before["title"],
                effective_from=LAW_93_2025,
                legal_basis=LAW_2025_BASIS,
                parameters=after,
                spec=spec,
            )
        )
    versions.append(
        RuleSetVersion(
            code=RUBRICS,
            title="Tiêu chí và thang điểm đánh giá hồ sơ",
            effective_from=CIRCULAR_20_2023,
            legal_basis="Thông tư số 20/2023/TT-BKHCN Điều 12",
            parameters={
                "applied_rnd": _APPLIED_RND,
                "national_programme": _NATIONAL_PROGRAMME,
                "social_humanities": _SOCIAL_HUMANITIES,
                "pilot_production": _PILOT_PRODUCTION,
            },
            spec=RUBRICS_SPEC,
        )
    )
    versions.append(
        RuleSetVersion(
            code=RUBRICS,
            title="Tiêu chí và thang điểm đánh giá hồ sơ",
            effective_from=LAW_93_2025,
            legal_basis=LAW_2025_BASIS,
            parameters={
                "applied_rnd": {**_APPLIED_RND, "uncertain": True},
                "national_programme": _NATIONAL_PROGRAMME,
                "social_humanities": {**_SOCIAL_HUMANITIES, "uncertain": True},
                "pilot_production": {**_PILOT_PRODUCTION, "uncertain": True},
            },
            spec=RUBRICS_SPEC,
        )
    )
    return versions


RULESETS = _versions()


def declared_rule_get(code: str, *, as_of: dt.date) -> dict[str, Any]:
    """The parameters of the version declared here (not the database's) in force on ``as_of``:
    ``rule_get`` without a database, for tests, benchmarks and ``council_tally --declared``."""
    return dict(declared_version(code, as_of=as_of).parameters)


def declared_version(code: str, *, as_of: dt.date) -> RuleSetVersion:
    """The declared version of ``code`` in force on ``as_of``."""
    candidates = [v for v in RULESETS if v.code == code and v.effective_from <= as_of]
    if not candidates:
        raise RuleNotFound(f"No rule set {code!r} in force on {as_of.isoformat()}", code="rule_not_found")
    return max(candidates, key=lambda v: v.effective_from)


def rubric_label(code: str) -> Any:
    """A rubric's name in the reader's language (its code when it has none)."""
    return _RUBRIC_LABELS.get(code, code)
