"""The workflow engine: transition tables run by one function.

Each aggregate declares its workflow in ``<app>/workflow.py`` as data, each transition once,
with everything the pages say about it and everything it does::

    REPORT_WORKFLOW = Workflow(
        model=AgencyReport, policy=report_policy, audit_prefix="plans.report",
        transitions=[
            Transition("submit", sources=(DRAFT, RETURNED), target=SUBMITTED, action="submit",
                       label=_("Submit"), confirm=_("Submit the report?"),
                       success=_("The report was submitted."),
                       sets=lambda report, actor: {"is_late": report.period.due_on < today()}),
            Transition("return", sources=(SUBMITTED,), target=RETURNED, action="review",
                       label=_("Return"), note_required=True, success=_("Returned.")),
        ],
    )

``available(user, obj)`` lists what the user may do now; ``apply(name, actor=, obj=)`` locks
the row, checks source status, policy and guard, sets the status, the ``<target>_at``
timestamp if the model has one and the fields ``sets`` returns, writes the audit event (every
changed field before/after), runs the ``effects`` in the transaction and schedules the
``on_commit`` ones after commit. Every
transition is audited as ``<audit_prefix>.<name>``. Views read ``label``, ``confirm``,
``success`` and ``warning`` from the transition: adding one is one edit here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from khcn.audit import registry
from khcn.audit.services import record
from khcn.core.exceptions import DomainError, GuardFailed, TransitionNotAllowed
from khcn.core.permissions import Policy

Guard = Callable[[Any, Any], "str | None"]  # (obj, actor) -> error message or None
Effect = Callable[[int, "Transition"], None]  # (object id, transition), run after commit
Setter = Callable[[Any, Any], Mapping[str, Any]]  # (locked obj, actor) -> {field: new value}
Warning = Callable[[Any], "str | None"]  # (updated obj) -> a warning to show, or None
Step = Callable[[Any, Any], None]  # (updated obj, actor), run in the transaction
Text = Promise | str


@dataclass(frozen=True)
class Transition:
    """One move of the status, declared once.

    ``action`` is the policy action the actor needs; ``guard(obj, actor)`` may refuse with a
    message (and hides the action while it does); ``check(obj, actor)`` refuses with a message
    when the action is applied but leaves it offered, so that the user learns what to fix;
    ``note_required`` asks for a reason. ``label`` names the button, ``confirm`` is the
    question asked before applying (empty: none), ``question(obj)`` one that depends on the
    object and must be answered (``apply(..., confirmed=True)``), ``success`` the message after it, and
    ``warning(obj)`` an extra message where it applies (a report submitted late). ``sets(obj,
    actor)`` gives further fields set with the status (audited with it); ``effects`` run in
    the same transaction after the status is saved (what must change with it, such as
    aggregates), ``on_commit`` after the transaction commits (notifications)."""

    name: str
    sources: tuple[str, ...]
    target: str
    action: str
    label: Text
    guard: Guard | None = None
    check: Guard | None = None
    note_required: bool = False
    confirm: Text = ""
    question: Warning | None = None
    success: Text = ""
    warning: Warning | None = None
    sets: Setter | None = None
    effects: tuple[Step, ...] = field(default_factory=tuple)
    on_commit: tuple[Effect, ...] = field(default_factory=tuple)


class Workflow:
    """A transition table for one model's ``status_field``."""

    def __init__(
        self,
        *,
        model: type[models.Model],
        policy: Policy,
        transitions: Sequence[Transition],
        audit_prefix: str,
        status_field: str = "status",
    ) -> None:
        self.model = model
        self.policy = policy
        self.status_field = status_field
        self.audit_prefix = audit_prefix
        self.transitions: dict[str, Transition] = {}
        for transition in transitions:
            if transition.name in self.transitions:
                raise ValueError(f"Duplicate transition {transition.name!r}")
            self.transitions[transition.name] = transition
            registry.register(self.audit_code(transition), transition.label)

    def audit_code(self, transition: Transition | str) -> str:
        name = transition if isinstance(transition, str) else transition.name
        return f"{self.audit_prefix}.{name}"

    def get(self, name: str) -> Transition:
        """The transition called ``name``; refuses an unknown name like ``apply`` does."""
        try:
            return self.transitions[name]
        except KeyError:
            raise TransitionNotAllowed(_("This action does not exist."), code="unknown_transition") from None

    def status_of(self, obj: models.Model) -> str:
        return str(getattr(obj, self.status_field))

    def available(self, user: Any, obj: models.Model) -> list[Transition]:
        """Transitions ``user`` may apply to ``obj`` now (source status, policy and guard)."""
        status = self.status_of(obj)
        return [
            t
            for t in self.transitions.values()
            if status in t.sources
            and self.policy.can(user, t.action, obj)
            and (t.guard is None or t.guard(obj, user) is None)
        ]

    def apply(
        self,
        name: str,
        *,
        actor: Any,
        obj: models.Model,
        note: str = "",
        confirmed: bool = False,
        values: Mapping[str, Any] | None = None,
    ) -> models.Model:
        """Apply transition ``name`` to ``obj`` as ``actor``; returns the locked, updated row.
        ``confirmed``: the actor answered the transition's ``question`` (if it asks one now).
        ``values``: further fields the caller sets with the step (a decision's date), audited
        with the status like those of ``sets``.

        Raises ``PermissionDenied``, ``TransitionNotAllowed``, ``GuardFailed`` or, for a question
        not confirmed, ``DomainError`` (code ``confirmation_needed``, the question as message);
        on any error nothing is written.
        """
        transition = self.get(name)
        with transaction.atomic():
            locked = self.model._default_manager.select_for_update().get(pk=obj.pk)
            before = self.status_of(locked)
            if before not in transition.sources:
                raise TransitionNotAllowed(
                    _("This action is not possible in the current status."), code="wrong_status"
                )
            self.policy.require(actor, transition.action, locked)
            for guard in (transition.guard, transition.check):
                problem = guard(locked, actor) if guard is not None else None
                if problem:
                    raise GuardFailed(problem, code="guard_failed")
            question = transition.question(locked) if transition.question is not None else None
            if question and not confirmed:
                raise DomainError(question, code="confirmation_needed")
            if transition.note_required and not note.strip():
                raise DomainError(_("Please give a reason (note) for this action."), code="note_required")
            changes: dict[str, list[Any]] = {self.status_field: [before, transition.target]}
            values = {**(dict(transition.sets(locked, actor)) if transition.sets else {}), **(values or {})}
            for name_, value in values.items():
                old = getattr(locked, name_)
                if old != value:
                    changes[name_] = [old, value]
            values[self.status_field] = transition.target
            stamp = f"{transition.target}_at"
            if any(f.name == stamp for f in self.model._meta.get_fields()):
                values[stamp] = timezone.now()
            for name_, value in values.items():
                setattr(locked, name_, value)
            locked.save(update_fields=list(values))
            record(actor=actor, action=self.audit_code(transition), target=locked, changes=changes, note=note)
            for step in transition.effects:
                step(locked, actor)
            for effect in transition.on_commit:
                transaction.on_commit(_bind(effect, int(locked.pk), transition))
        return locked

    def table(self) -> Iterable[Transition]:
        return self.transitions.values()


def _bind(effect: Effect, pk: int, transition: Transition) -> Callable[[], None]:
    return lambda: effect(pk, transition)
