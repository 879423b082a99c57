from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.classifications.selectors import field_terms
from khcn.core.concurrency import VersionField
from khcn.core.forms import CleanCharField, DateField
from khcn.core.uploads import accept_attribute
from khcn.research import services
from khcn.research.choices import (
    AdjustmentKind,
    CostCategory,
    DocumentKind,
    DossierPart,
    Issuer,
    LumpSum,
    Method,
    PaymentKind,
    ResultPart,
    TaskRole,
    TaskType,
)
from khcn.research.services import Decision


class CallForm(forms.Form):
    version = VersionField(required=False)
    title = CleanCharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("For the year"), min_value=2000, max_value=2100)
    opens_on = DateField(label=_("Opens on"))
    closes_on = DateField(label=_("Closes on"))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The call cannot close before it opens."))
        return data


class ProposalForm(forms.Form):
    """A proposal (phiếu đề xuất đặt hàng nhiệm vụ KH&CN)."""

    version = VersionField(required=False)
    title = CleanCharField(label=_("Proposed task"), max_length=500)
    organization_name = CleanCharField(
        label=_("Proposing organisation"),
        max_length=255,
        required=False,
        help_text=_("Leave empty when you propose in your own name."),
    )
    terms: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Fields"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        help_text=_("At least one, from the national list of S&T fields."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    urgency = forms.CharField(
        label=_("Why it is needed"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    expected_results = forms.CharField(
        label=_("Expected results and products"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    users = forms.CharField(
        label=_("Who will apply the results"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    duration_months = forms.IntegerField(
        label=_("Duration (months)"), required=False, min_value=1, max_value=120
    )
    budget = forms.IntegerField(
        label=_("Estimated budget (VND)"),
        required=False,
        min_value=0,
        max_value=1_000_000_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1000000"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        terms = field_terms()
        self.fields["terms"].queryset = terms  # type: ignore[attr-defined]
        self.fields["terms"].label_from_instance = lambda t: f"{t.code} {t.name}"  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("terms", None)
        return data


class SendForm(forms.Form):
    """Hand the screened proposals to an identification council."""

    council: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Identification council"),
        queryset=None,  # type: ignore[arg-type]
    )
    proposals: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Proposals"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, councils: Any, proposals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils  # type: ignore[attr-defined]
        self.fields["proposals"].queryset = proposals  # type: ignore[attr-defined]
        self.fields["proposals"].label_from_instance = lambda p: f"{p.title} — {p.proposed_by}"  # type: ignore[attr-defined]


class OrderListForm(forms.Form):
    """The decision approving the ordering list, and per proposal on it how the host is chosen
    and the type of task."""

    number = CleanCharField(
        label=_("Decision number"), max_length=60, help_text=_("For example 345/QĐ-UBND.")
    )
    decided_on = DateField(label=_("Signed on"))
    issuer = forms.ChoiceField(
        label=_("Issued by"),
        choices=[(k, v) for k, v in Issuer.choices if k != Issuer.HOST],
        initial=Issuer.PPC,
    )
    signer_position = CleanCharField(label=_("Signer's position"), max_length=120, required=False)
    signer_name = CleanCharField(label=_("Signed by"), max_length=120, required=False)
    file = forms.FileField(
        label=_("Signed decision (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(("pdf",))}),
    )


class OrderMethodsForm(forms.Form):
    """Per proposal on the ordering list: how its host is chosen and the type of task."""

    def __init__(self, *args: Any, proposals: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        for p in proposals:
            self.fields[f"method_{p.pk}"] = forms.ChoiceField(
                label=_("How the host is chosen"), choices=Method.choices
            )
            self.fields[f"type_{p.pk}"] = forms.ChoiceField(label=_("Type of task"), choices=TaskType.choices)

    def rows(self) -> list[tuple[Any, Any, Any]]:
        """Per proposal: the proposal, its method field and its type field (bound)."""
        return [(p, self[f"method_{p.pk}"], self[f"type_{p.pk}"]) for p in self.proposals]

    def choices_made(self) -> tuple[dict[int, str], dict[int, str]]:
        data = self.cleaned_data
        return (
            {p.pk: data[f"method_{p.pk}"] for p in self.proposals},
            {p.pk: data[f"type_{p.pk}"] for p in self.proposals},
        )


# --- A task's steps ---------------------------------------------------------------------------------


def _pdf_field(label: Any, required: bool = False) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(("pdf",))}),
    )


def issuer_for(field: forms.Field, *, decides: bool, default: str) -> None:
    """Who issued the decision: the delegation's default for the DOST's leader; a specialist
    records the People's Committee's decisions only (the Department's are its leader's)."""
    if decides:
        field.initial = default
        return
    field.choices = [(k, v) for k, v in field.choices if k == Issuer.PPC]  # type: ignore[attr-defined]
    field.initial = Issuer.PPC
    field.help_text = _(
        "A decision of the Department is taken by its leader; a specialist records the People's Committee's."
    )


class DecisionForm(forms.Form):
    """A step's document: number and symbol, date, issuer, signer, summary, signed PDF."""

    number = CleanCharField(
        label=_("Number and symbol"), max_length=60, help_text=_("For example 345/QĐ-UBND.")
    )
    signed_on = DateField(label=_("Signed on"))
    issuer = forms.ChoiceField(label=_("Issued by"), choices=Issuer.choices, initial=Issuer.DOST)
    signer_position = CleanCharField(label=_("Signer's position"), max_length=120, required=False)
    signer_name = CleanCharField(label=_("Signed by"), max_length=120, required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = _pdf_field(_("Signed document (PDF)"))

    issuers: tuple[str, ...] = (Issuer.PPC, Issuer.DOST)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].choices = [(k, v) for k, v in Issuer.choices if k in self.issuers]  # type: ignore[attr-defined]

    def decision(self, prefix: str = "") -> Decision:
        data = self.cleaned_data
        return Decision(
            number=data[f"{prefix}number"],
            signed_on=data[f"{prefix}signed_on"],
            issuer=data.get(f"{prefix}issuer") or Issuer.DOST,
            signer_name=data.get(f"{prefix}signer_name", ""),
            signer_position=data.get(f"{prefix}signer_position", ""),
            summary=data.get(f"{prefix}summary", ""),
            file=data.get(f"{prefix}file") or None,
        )


class NoteDecisionForm(DecisionForm):
    note = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class HostDocumentForm(DecisionForm):
    """A document the host issues (its self-evaluation minutes)."""

    issuers = (Issuer.HOST,)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(forms.Form):
    """A step without data: the page asks for confirmation."""


class CallOpenForm(forms.Form):
    apply_from = DateField(label=_("Applications from"))
    apply_until = DateField(
        label=_("Applications until"),
        required=False,
        help_text=_("Leave empty for the time the rules set."),
    )


class TaskMemberForm(forms.Form):
    """Name the account of the principal investigator or of the host's leader."""

    role = forms.ChoiceField(label=_("Role"), choices=TaskRole.choices)
    email = forms.EmailField(
        label=_("E-mail of their account"),
        max_length=254,
        help_text=_("The person registers first (Register as an applicant) and confirms the address."),
    )


class CouncilChoiceForm(forms.Form):
    council: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Council"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, councils: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils  # type: ignore[attr-defined]


class SelectionForm(DecisionForm):
    application: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Selected application"),
        queryset=None,  # type: ignore[arg-type]
        widget=forms.RadioSelect,
    )
    field_order = ["application"]

    def __init__(self, *args: Any, applications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications  # type: ignore[attr-defined]
        self.fields["application"].label_from_instance = (  # type: ignore[attr-defined]
            lambda a: f"{a.host_name} — {a.investigator} ({a.score or '—'})"
        )


_MONEY = forms.NumberInput(attrs={"inputmode": "numeric", "step": "1000000"})


class ApprovalForm(DecisionForm):
    budget_state = forms.IntegerField(label=_("State budget (VND)"), min_value=1, widget=_MONEY)
    budget_other = forms.IntegerField(label=_("Other sources (VND)"), min_value=0, initial=0, widget=_MONEY)
    lump_sum = forms.ChoiceField(
        label=_("Lump-sum spending"), choices=LumpSum.choices, initial=LumpSum.PARTIAL
    )
    starts_on = DateField(label=_("Starts on"))
    months = forms.IntegerField(label=_("Duration (months)"), min_value=1, max_value=120)
    appraisal_number = CleanCharField(label=_("Appraisal minutes: number"), max_length=60, required=False)
    appraisal_signed_on = DateField(label=_("Appraisal minutes: date"), required=False)


class LiquidationForm(DecisionForm):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the research risk is accepted: how the host followed the rules."),
    )


class RegistrationRecordForm(forms.Form):
    archive_number = CleanCharField(
        label=_("Archive number"), max_length=60, help_text=_("For example 20/KQNC-SKHCN.")
    )
    registered_on = DateField(label=_("Registered on"))


class PaymentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PaymentKind.choices)
    amount = forms.IntegerField(label=_("Amount (VND)"), min_value=1, widget=_MONEY)
    paid_on = DateField(label=_("Date"))
    note = CleanCharField(label=_("Note"), max_length=255, required=False)


class TaskDocumentForm(DecisionForm):
    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[(k, v) for k, v in DocumentKind.choices if k in ("inspection", "annex", "assets")],
    )
    field_order = ["kind"]


class ReportForm(forms.Form):
    version = VersionField(required=False)
    work_done = forms.CharField(
        label=_("Work done against the plan"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    products = forms.CharField(
        label=_("Products so far"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    funds_used = forms.IntegerField(label=_("Funds used (VND)"), required=False, min_value=0, widget=_MONEY)
    problems = forms.CharField(label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    changes = forms.CharField(
        label=_("Proposed changes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AdjustmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What changes"), choices=AdjustmentKind.choices)
    description = forms.CharField(label=_("The change"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    new_end = DateField(label=_("New end date"), required=False, help_text=_("For an extension."))
    new_budget = forms.IntegerField(
        label=_("New state budget (VND)"),
        required=False,
        min_value=1,
        widget=_MONEY,
        help_text=_("For a reallocation."),
    )
    new_value = CleanCharField(
        label=_("New investigator or host"),
        max_length=255,
        required=False,
        help_text=_("For a change of person or host."),
    )


class AdjustmentDecideForm(DecisionForm):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    field_order = ["approve"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("number", "signed_on"):
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("approve") and (not data.get("number") or not data.get("signed_on")):
            self.add_error("number", _("Enter the decision's number and date."))
        return data


class RegistrationForm(forms.Form):
    """The registration sheet of the results (Form 5, Circular 14/2014)."""

    authors = forms.CharField(
        label=_("Authors, in the agreed order"), widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(label=_("Summary of the results"), widget=forms.Textarea(attrs={"rows": 5}))
    keywords = CleanCharField(label=_("Keywords"), max_length=300, required=False)
    products = forms.CharField(label=_("Products"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    applications = forms.CharField(
        label=_("Where the results can be applied"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    ip = CleanCharField(label=_("Intellectual property filed"), max_length=300, required=False)


class ApplicationReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    applied = forms.BooleanField(label=_("The results are applied"), required=False)
    where = forms.CharField(
        label=_("Where and at what scale"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    effects = forms.CharField(
        label=_("Economic and social effects"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- Applications -----------------------------------------------------------------------------------


def _pipe_lines(text: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    rows = []
    for line in (text or "").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if any(cells):
            rows.append({key: (cells[i] if i < len(cells) else "") for i, key in enumerate(keys)})
    return rows


def _pipe_text(rows: list[dict[str, str]], keys: tuple[str, ...]) -> str:
    return "\n".join(" | ".join(row.get(key, "") for key in keys).rstrip(" |") for row in rows or [])


PRODUCT_KEYS = ("name", "spec", "quantity")
TEAM_KEYS = ("name", "role", "organization")


class _Part:
    """Some of a form's fields, rendered by ``includes/form_fields.html`` like a form."""

    def __init__(self, form: forms.Form, names: list[str]) -> None:
        self.form, self.names = form, names

    def non_field_errors(self) -> Any:
        return self.form.non_field_errors()

    def hidden_fields(self) -> list[Any]:
        return [f for f in self.form.hidden_fields() if f.name in self.names]

    def visible_fields(self) -> list[Any]:
        return [self.form[n] for n in self.names if not self.form.fields[n].widget.is_hidden]


class ApplicationForm(forms.Form):
    """An application to host a task: the host, the team, what will be done and produced, when,
    and the cost estimate by the categories of Circular 03/2023/TT-BTC."""

    version = VersionField(required=False)
    host_name = CleanCharField(label=_("Host organisation"), max_length=255)
    investigator = CleanCharField(label=_("Principal investigator"), max_length=160)
    team = forms.CharField(
        label=_("Main members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name | role | organisation."),
    )
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contents = forms.CharField(
        label=_("Contents and methods"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    products = forms.CharField(
        label=_("Products and their specifications"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: product | specifications | quantity."),
    )
    timeline = forms.CharField(label=_("Timeline"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    duration_months = forms.IntegerField(
        label=_("Duration (months)"), required=False, min_value=1, max_value=120
    )
    budget_total = forms.IntegerField(
        label=_("State budget requested (VND)"), required=False, min_value=0, widget=_MONEY
    )
    budget_other = forms.IntegerField(
        label=_("Other sources (VND)"), required=False, min_value=0, widget=_MONEY
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in CostCategory.choices:
            self.fields[f"line_{key}"] = forms.IntegerField(
                label=label, required=False, min_value=0, widget=_MONEY
            )
            self.fields[f"lump_{key}"] = forms.IntegerField(
                label=_("of which lump sum"), required=False, min_value=0, widget=_MONEY
            )

    def main(self) -> _Part:
        """The form without the estimate's lines, for the shared fields template."""
        return _Part(self, [n for n in self.fields if not n.startswith(("line_", "lump_"))])

    def budget_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"line_{key}"], self[f"lump_{key}"]) for key, _label in CostCategory.choices]

    @staticmethod
    def initial_for(application: Any) -> dict[str, Any]:
        initial = {
            "version": application.version,
            **{k: getattr(application, k) for k in services.APPLICATION_FIELDS},
            "team": _pipe_text(application.team, TEAM_KEYS),
            "products": _pipe_text(application.products, PRODUCT_KEYS),
        }
        for line in application.budget_lines:
            initial[f"line_{line['category']}"] = line["amount"]
            initial[f"lump_{line['category']}"] = line.get("lump_sum") or None
        return initial

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        out = {k: data.get(k) for k in services.APPLICATION_FIELDS}
        out["team"] = _pipe_lines(data.get("team", ""), TEAM_KEYS)
        out["products"] = _pipe_lines(data.get("products", ""), PRODUCT_KEYS)
        out["budget_lines"] = [
            {
                "category": key,
                "amount": data.get(f"line_{key}") or 0,
                "lump_sum": data.get(f"lump_{key}") or 0,
            }
            for key, _label in CostCategory.choices
        ]
        return out


class ApplicationFileForm(forms.Form):
    part = forms.ChoiceField(label=_("Part of the dossier"), choices=DossierPart.choices)
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": accept_attribute()})
    )


class ChecklistForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when a part is missing or not proper."),
    )

    def __init__(self, *args: Any, parts: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parts = parts
        for part in parts:
            self.fields[f"part_{part}"] = forms.BooleanField(label=DossierPart(part).label, required=False)

    def parts_ok(self) -> dict[str, bool]:
        return {part: bool(self.cleaned_data.get(f"part_{part}")) for part in self.parts}


class TaskEditForm(forms.Form):
    """Correct a task: its name, type, host and investigator as named, the public list, its
    fields of S&T and the priority fields of the plans it implements."""

    version = VersionField(required=False)
    title = CleanCharField(label=_("Title"), max_length=500)
    type = forms.ChoiceField(label=_("Type"), choices=TaskType.choices)
    host_name = CleanCharField(label=_("Host organisation"), max_length=255, required=False)
    investigator = CleanCharField(label=_("Principal investigator"), max_length=160, required=False)
    published = forms.BooleanField(label=_("On the public list"), required=False)
    terms: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Fields"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    priorities: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Priority fields of plans it implements"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The plan's annual report and the statistics count the task under these."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from khcn.classifications.models import Term

        super().__init__(*args, **kwargs)
        self.fields["terms"].queryset = field_terms()  # type: ignore[attr-defined]
        self.fields["terms"].label_from_instance = lambda t: f"{t.code} {t.name}"  # type: ignore[attr-defined]
        priorities = (
            Term.objects.filter(plan_item__isnull=False)
            .select_related("scheme")
            .order_by("scheme", "ordering")
        )
        self.fields["priorities"].queryset = priorities  # type: ignore[attr-defined]
        self.fields["priorities"].label_from_instance = lambda t: f"{t.code} {t.name}"  # type: ignore[attr-defined]


class TaskFileForm(forms.Form):
    part = forms.ChoiceField(label=_("Part of the dossier"), choices=ResultPart.choices)
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": accept_attribute()})
    )
