"""Reads of the experts registry, already restricted by ``expert_policy``."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.classifications.models import Term
from khcn.classifications.selectors import with_descendants
from khcn.core.text import STOP_WORDS, clean, fold, words
from khcn.experts.choices import Availability
from khcn.experts.models import Affiliation, Expert, Relative, Sanction
from khcn.experts.permissions import expert_policy
from khcn.organizations.models import Organization


def _current_affiliations() -> Prefetch:
    return Prefetch(
        "affiliations",
        queryset=Affiliation.objects.select_related("organization").order_by("end", "-start", "id"),
    )


def expert_list(*, user: Any) -> QuerySet[Expert]:
    """The experts the user may see, in Vietnamese order, with their fields and affiliations
    (three queries whatever the number). Filters (``filters.ExpertFilter``) narrow it."""
    return (
        expert_policy.visible(user, Expert.objects.all(), "view")
        .prefetch_related("fields", _current_affiliations())
        .order_by("name_sort", "id")
    )


def expert_get(*, user: Any, pk: int) -> Expert:
    """One expert the user may see (404 otherwise), with everything the profile page shows."""
    qs = expert_policy.visible(user, Expert.objects.all(), "view").select_related("user")
    return get_object_or_404(
        qs.prefetch_related(
            "fields",
            "fields__scheme",
            _current_affiliations(),
            Prefetch("sanctions", queryset=Sanction.objects.order_by("-start")),
            Prefetch("relatives", queryset=Relative.objects.select_related("relative")),
        ),
        pk=pk,
    )


def expert_of(user: Any) -> Expert | None:
    """The user's own profile, if they have one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Expert.objects.filter(user=user).first()


def relative_get(*, expert: Expert, pk: int) -> Relative:
    return get_object_or_404(Relative, pk=pk, expert=expert)


def relative_choices(*, user: Any, expert: Expert) -> QuerySet[Expert]:
    """Experts who may be declared as ``expert``'s relatives: those the user may see."""
    return expert_policy.visible(user, Expert.objects.exclude(pk=expert.pk), "view").order_by(
        "name_sort", "id"
    )


# --- "Suggest experts for this" -------------------------------------------------------------

SUGGEST_CANDIDATES = 5000  # experts scored in Python at most (those sharing a field come first)
FIELD_WEIGHT, TEXT_WEIGHT = 0.6, 0.4


@dataclass
class Suggestion:
    """One expert for the thing at hand: the score (0–1) and its parts, the fields they share,
    and the reasons they may not sit (conflicts of interest), empty when none."""

    expert: Expert
    score: float = 0.0
    field_score: float = 0.0
    text_score: float = 0.0
    matched_fields: list[Any] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


@dataclass
class Suggestions:
    ranked: list[Suggestion]
    excluded: list[Suggestion]


_STOP_FOLDED = frozenset(fold(w) for w in STOP_WORDS)


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold(word)  # the same few thousand syllables again and again: folded once each


def _keywords(text: str) -> set[str]:
    """The folded syllables of ``text`` without function words, and its pairs of consecutive
    syllables ("nuoi trong", "thuy san"): Vietnamese words are often two syllables long."""
    # ``words`` finds the same tokens in ``text`` as in ``clean(text)`` (it normalises to NFC, and
    # white space is never part of a token): no need to clean long profiles first.
    tokens = [w for w in map(_fold_word, words(text)) if len(w) > 1 and w not in _STOP_FOLDED]
    return set(tokens) | {f"{a} {b}" for a, b in itertools.pairwise(tokens)}


def profile_words(ids: Iterable[int]) -> dict[int, str]:
    """For each expert, the folded words their suggestions' text score reads (position,
    publications, past tasks, field names, affiliations), as ``Expert.words`` stores them."""
    ids = list(ids)
    texts: dict[int, list[str]] = {}
    for pk, position, publications, past_tasks in Expert.objects.filter(pk__in=ids).values_list(
        "pk", "position", "publications", "past_tasks"
    ):
        texts[pk] = [position, publications, past_tasks]
    for expert_id, name in Expert.fields.through.objects.filter(expert_id__in=ids).values_list(
        "expert_id", "term__name"
    ):
        texts.setdefault(expert_id, []).append(name)
    for expert_id, org_name, name in Affiliation.objects.filter(expert_id__in=ids).values_list(
        "expert_id", "organization__name", "organization_name"
    ):
        texts.setdefault(expert_id, []).append(org_name or name)
    return {
        pk: "|" + "|".join(sorted(_keywords(" ".join(p for p in parts if p)))) + "|" if parts else ""
        for pk, parts in texts.items()
    }


NARROWING_WORDS = 8  # words of the text matched in SQL to pick the candidates (each costs a scan)


def _narrowing(keywords: set[str]) -> list[str]:
    """The words of the text that pick the candidates: pairs of syllables first (they are the
    most telling: "nuoi tom", "cang xanh"), then the longest syllables."""
    return sorted(keywords, key=lambda k: (" " not in k, -len(k), k))[:NARROWING_WORDS]


def _word_hits(keywords: set[str]) -> Any:
    """How many of the text's most telling words a profile's words hold (an SQL expression)."""
    return sum(
        (Case(When(words__contains=f"|{k}|", then=Value(1)), default=Value(0)) for k in _narrowing(keywords)),
        Value(0),
    )


def expert_suggest(
    *,
    user: Any,
    text: str = "",
    fields: Iterable[Any] = (),
    organizations: Iterable[Any] = (),
    organization_names: Iterable[str] = (),
    people: Iterable[str] = (),
    as_of: dt.date | None = None,
    limit: int = 20,
) -> Suggestions:
    """Experts ranked for a proposal, an application or a task: by the fields they share with
    ``fields`` (each wanted term counts 1 when the expert has it or a term below it, ½ when
    the expert has another term of the same level-1 field; averaged) and by the words of
    ``text`` found in their fields, position, publications and past tasks (folded: with or
    without diacritics; pairs of syllables count too). Experts with a conflict of interest are
    left out of the ranking and listed in ``excluded`` with the reason: they work for one of
    ``organizations`` / ``organization_names`` (the applicant or host), they are one of
    ``people`` (the team) or declared close relatives of one of them, or a sanction is active
    on ``as_of`` (today by default). Unavailable experts are left out."""
    as_of = as_of or timezone.localdate()
    wanted = [t if isinstance(t, Term) else Term.objects.get(pk=t) for t in fields]
    # Per wanted term: the terms that match it (itself and below) and those that come close
    # (the other terms of its level-1 field).
    exact_of = {w.pk: with_descendants([w]) for w in wanted}
    near_of = {
        w.pk: with_descendants([w.pk if w.level == 1 else w.parent_id]) - exact_of[w.pk] for w in wanted
    }
    exact_ids = set().union(*exact_of.values()) if wanted else set()
    related_ids = set().union(*near_of.values()) - exact_ids if wanted else set()
    org_ids = {o.pk if hasattr(o, "pk") else int(o) for o in organizations}
    org_folded = {fold(clean(n)) for n in organization_names if clean(n)}
    org_folded |= {
        fold(n) for n in Organization.objects.filter(pk__in=org_ids).values_list("name", flat=True)
    }
    people_folded = {fold(clean(p)) for p in people if clean(p)}
    keywords = _keywords(text)

    qs = selectors_base(user).exclude(availability=Availability.UNAVAILABLE)
    # The candidates scored below are at most SUGGEST_CANDIDATES: with fields, those holding the
    # most wanted terms first; with a text alone, the profiles holding the most of its words
    # (``Expert.words``; without any, an expert cannot score).
    if exact_ids or related_ids:
        by_field = qs.filter(fields__in=exact_ids | related_ids).values("pk")
        qs = (
            qs.filter(pk__in=by_field)
            .annotate(exact=Count("fields", filter=Q(fields__in=exact_ids), distinct=True))
            .order_by("-exact", "name_sort", "pk")
        )
    elif keywords:
        qs = qs.annotate(hits=_word_hits(keywords)).filter(hits__gt=0).order_by("-hits", "name_sort", "pk")
    else:
        qs = qs.order_by("name_sort", "pk")
    # Score the candidates from plain rows (a few queries, no model instance per candidate),
    # then load as experts only those returned and those a conflict may concern.
    rows = list(
        qs.values_list("pk", "name_sort", "name_folded", "position", "publications", "past_tasks")[
            :SUGGEST_CANDIDATES
        ]
    )
    ids = [row[0] for row in rows]
    terms_of, names_of, maybe_conflicted = _candidate_parts(ids, org_ids, org_folded, people_folded, as_of)
    maybe_conflicted |= {row[0] for row in rows if row[2] in people_folded}
    conflicted = _experts_with_parts(maybe_conflicted)
    weights = (FIELD_WEIGHT if wanted else 0.0, TEXT_WEIGHT if keywords else 0.0)
    total = sum(weights) or 1.0
    # (sort key, field score, text score, matched fields, conflicts) per candidate kept.
    ranked_rows: list[tuple[tuple[float, str, int], float, float, list[Term], list[str]]] = []
    excluded_rows: list[tuple[tuple[float, str, int], float, float, list[Term], list[str]]] = []
    for pk, name_sort, _name_folded, position, publications, past_tasks in rows:
        terms = terms_of.get(pk, [])
        field_score = text_score = 0.0
        matched: list[Term] = []
        if wanted:
            held = {t.pk for t in terms}
            matched = [t for t in terms if t.pk in exact_ids] + [t for t in terms if t.pk in related_ids]
            points = [1.0 if held & exact_of[w.pk] else 0.5 if held & near_of[w.pk] else 0.0 for w in wanted]
            field_score = sum(points) / len(wanted)
        if keywords:
            parts = [position, publications, past_tasks, *(t.name for t in terms), *names_of.get(pk, [])]
            text_score = len(keywords & _keywords(" ".join(p for p in parts if p))) / len(keywords)
        score = round((weights[0] * field_score + weights[1] * text_score) / total, 4)
        conflicts = (
            _conflicts(conflicted[pk], org_ids, org_folded, people_folded, as_of) if pk in conflicted else []
        )
        row = ((-score, name_sort, pk), field_score, text_score, matched, conflicts)
        if conflicts:
            excluded_rows.append(row)
        elif score > 0 or not (wanted or keywords):
            ranked_rows.append(row)
    ranked_rows.sort(key=lambda r: r[0])
    excluded_rows.sort(key=lambda r: r[0])
    ranked_rows, excluded_rows = ranked_rows[:limit], excluded_rows[:limit]
    shown = {**conflicted, **_experts_with_parts({r[0][2] for r in ranked_rows} - set(conflicted))}

    def suggestion(row: tuple[tuple[float, str, int], float, float, list[Term], list[str]]) -> Suggestion:
        (score, _name, pk), field_score, text_score, matched, conflicts = row
        return Suggestion(shown[pk], -score, field_score, text_score, matched, conflicts)

    return Suggestions(
        ranked=[suggestion(r) for r in ranked_rows], excluded=[suggestion(r) for r in excluded_rows]
    )


def _experts_with_parts(ids: Iterable[int]) -> dict[int, Expert]:
    """The experts ``ids`` with everything a suggestion shows and the conflict checks read."""
    ids = set(ids)
    if not ids:
        return {}
    experts = Expert.objects.filter(pk__in=ids).prefetch_related(
        "fields",
        _current_affiliations(),
        Prefetch("sanctions", queryset=Sanction.objects.order_by("-start")),
        Prefetch("relatives", queryset=Relative.objects.select_related("relative")),
        Prefetch("declared_by", queryset=Relative.objects.select_related("expert")),
    )
    return {e.pk: e for e in experts}


def _candidate_parts(
    ids: list[int], org_ids: set[int], org_folded: set[str], people_folded: set[str], as_of: dt.date
) -> tuple[dict[int, list[Term]], dict[int, list[str]], set[int]]:
    """For the candidates ``ids``: their fields (in the terms' order), the names of their
    affiliations (all of them, as the text score reads them), and those for whom ``_conflicts``
    may find a reason (the others have none): a current affiliation with one of the
    organisations, named among the people, a declared relative of one, an active sanction."""
    if not ids:
        return {}, {}, set()
    links = list(Expert.fields.through.objects.filter(expert_id__in=ids).values_list("expert_id", "term_id"))
    terms = list(Term.objects.filter(pk__in={term_id for _e, term_id in links}))  # the terms' own order
    rank = {t.pk: n for n, t in enumerate(terms)}
    by_pk = {t.pk: t for t in terms}
    terms_of: dict[int, list[Term]] = {}
    for expert_id, term_id in sorted(links, key=lambda link: rank[link[1]]):
        terms_of.setdefault(expert_id, []).append(by_pk[term_id])
    names_of: dict[int, list[str]] = {}
    maybe: set[int] = set()
    affiliations = Affiliation.objects.filter(expert_id__in=ids).values_list(
        "expert_id", "organization_id", "organization__name", "organization_name", "name_folded", "end"
    )
    for expert_id, org_id, org_name, name, name_folded, end in affiliations:
        names_of.setdefault(expert_id, []).append(org_name if org_id else name)
        if (end is None or end >= as_of) and (
            (org_id and org_id in org_ids) or (name_folded and name_folded in org_folded)
        ):
            maybe.add(expert_id)
    if people_folded:
        maybe |= set(
            Relative.objects.filter(expert_id__in=ids, relative__name_folded__in=people_folded).values_list(
                "expert_id", flat=True
            )
        )
        maybe |= set(
            Relative.objects.filter(relative_id__in=ids, expert__name_folded__in=people_folded).values_list(
                "relative_id", flat=True
            )
        )
    maybe |= set(
        Sanction.objects.filter(expert_id__in=ids, start__lte=as_of)
        .filter(Q(end__isnull=True) | Q(end__gte=as_of))
        .values_list("expert_id", flat=True)
    )
    return terms_of, names_of, maybe


def selectors_base(user: Any) -> QuerySet[Expert]:
    return expert_policy.visible(user, Expert.objects.all(), "view")


def _conflicts(
    expert: Expert, org_ids: set[int], org_folded: set[str], people_folded: set[str], as_of: dt.date
) -> list[str]:
    reasons: list[str] = []
    for a in expert.affiliations.all():
        if a.end is not None and a.end < as_of:
            continue
        if (a.organization_id and a.organization_id in org_ids) or (
            a.name_folded and a.name_folded in org_folded
        ):
            reasons.append(_("works for %(organisation)s") % {"organisation": a.name})
    if expert.name_folded in people_folded:
        reasons.append(_("is one of the named people"))
    for r in expert.relatives.all():
        if r.relative.name_folded in people_folded:
            reasons.append(
                _("%(relation)s of %(name)s (declared)")
                % {"relation": r.get_relation_display(), "name": r.relative.full_name}
            )
    for r in expert.declared_by.all():
        if r.expert.name_folded in people_folded:
            reasons.append(_("close relative of %(name)s (declared by them)") % {"name": r.expert.full_name})
    for sanction in expert.sanctions.all():
        if sanction.active_on(as_of):
            reasons.append(
                _("sanctioned until %(date)s") % {"date": sanction.end.strftime("%d/%m/%Y")}
                if sanction.end
                else _("sanctioned (no end date)")
            )
    return reasons


def expert_conflicts(
    expert_ids: Iterable[int],
    *,
    organizations: Iterable[int] = (),
    organization_names: Iterable[str] = (),
    people: Iterable[str] = (),
    as_of: dt.date,
) -> dict[int, list[str]]:
    """For each of ``expert_ids``, why they may not evaluate the work of these organisations and
    people on ``as_of``, from the registry (not from any reader's view of it): works for one of
    them, is one of the people, is a declared close relative of one, has an active sanction.
    Experts without a reason are left out. Councils call it for their members."""
    org_ids = {int(o) for o in organizations}
    org_folded = {fold(clean(n)) for n in organization_names if clean(n)}
    org_folded |= {
        fold(n) for n in Organization.objects.filter(pk__in=org_ids).values_list("name", flat=True)
    }
    people_folded = {fold(clean(p)) for p in people if clean(p)}
    experts = Expert.objects.filter(pk__in=set(expert_ids)).prefetch_related(
        _current_affiliations(),
        Prefetch("sanctions", queryset=Sanction.objects.order_by("-start")),
        Prefetch("relatives", queryset=Relative.objects.select_related("relative")),
        Prefetch("declared_by", queryset=Relative.objects.select_related("expert")),
    )
    out: dict[int, list[str]] = {}
    for expert in experts:
        reasons = _conflicts(expert, org_ids, org_folded, people_folded, as_of)
        if reasons:
            out[expert.pk] = reasons
    return out
