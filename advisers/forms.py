"""Input for engagements, availability, accreditations, profiles and support requests."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from advisers.models import (
    Accreditation,
    Adviser,
    Availability,
    Engagement,
    SupportRequest,
    days_problem,
)
from councils.models import Council
from improvement_portal.forms import (
    DateField,
    DateInput,
    GovukForm,
    GovukModelForm,
    SubmittedOnceFormMixin,
    choice_field,
    model_choice_field,
)

CURRENT_FIRST = F("active_to").asc(nulls_first=True)

# The strand each role usually logs, so the form starts on the right one.
USUAL_STRAND = {
    "principal_adviser": Engagement.Strand.INTENSIVE,
    "improvement_adviser": Engagement.Strand.INTENSIVE,
}


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def patch_council_ids(user: Any) -> set[int]:
    """The councils a user works with most: a CIA's assigned councils, a PA's region."""
    if user.is_improvement_adviser:
        return set(
            Adviser.councils.through.objects.filter(adviser__user=user).values_list(
                "council_id", flat=True
            )
        )
    if user.is_principal_adviser and user.region_id:
        return set(Council.objects.filter(region_id=user.region_id).values_list("pk", flat=True))
    return set()


def council_choices(user: Any, *, current_only: bool = False) -> list[Any]:
    """Every council, the user's own patch first, current councils before former ones."""
    qs = Council.objects.current() if current_only else Council.objects.all()
    councils = list(qs.order_by(CURRENT_FIRST, "name").only("pk", "name", "active_to"))
    patch = patch_council_ids(user)
    mine = [(c.pk, str(c)) for c in councils if c.pk in patch]
    others = [(c.pk, str(c)) for c in councils if c.pk not in patch]
    choices: list[Any] = [("", "Choose a council")]
    if mine:
        choices += [("Your councils", mine), ("All other councils", others)]
    else:
        choices += others
    return choices


class EngagementForm(SubmittedOnceFormMixin, GovukModelForm):
    """Log or change an engagement; the adviser is the user unless a programme manager picks."""

    # A date over a year ago, asked about once ("Is this date right?") before it is saved.
    date_to_confirm: datetime.date | None = None

    days = forms.DecimalField(
        label="Days",
        help_text="In half days, for example 0.5, 1 or 1.5. At most 5 days in one entry.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of days, for example 1.5",
            "invalid": "Enter the number of days as a number, for example 1.5",
        },
    )

    class Meta:
        model = Engagement
        fields = [
            "council",
            "adviser",
            "date",
            "days",
            "strand",
            "activity",
            "funding",
            "commissioned_by_dfe",
            "summary",
            "follow_up_on",
            "confidential_notes",
        ]
        labels = {
            "date": "Date of the engagement",
            "activity": "Type of activity",
            "funding": "Funding basis",
            "commissioned_by_dfe": "Commissioned by the Department for Education (DfE)",
            "summary": "Summary",
            "follow_up_on": "Follow-up date",
            "confidential_notes": "Confidential notes",
        }
        help_texts = {
            "commissioned_by_dfe": "For councils in intervention, when the DfE asked for this work.",
            "summary": "What happened and what was agreed. Everyone who can read this engagement sees it.",
            "follow_up_on": "When to check in again. You will be reminded on your dashboard.",
            "confidential_notes": (
                "Seen only by programme managers, you, and the principal adviser for the "
                "council's region. Never shown in lists."
            ),
        }
        widgets = {
            "date": DateInput(),
            "follow_up_on": DateInput(),
            "council": forms.Select(attrs={"data-autocomplete": "council"}),
            "strand": forms.RadioSelect,
            "funding": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "confidential_notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "council": {
                "required": "Choose the council",
                "invalid_choice": "Choose a council from the list",
            },
            "adviser": {
                "required": "Choose the adviser who did the work",
                "invalid_choice": "Choose an adviser from the list",
            },
            "date": {
                "required": "Enter the date of the engagement",
                "invalid": "Enter the date of the engagement as a real date, for example 3 March 2025",
            },
            "strand": {"required": "Choose the strand of the programme"},
            "activity": {"required": "Choose the type of activity"},
            "funding": {"required": "Choose how the engagement is funded"},
            "summary": {"required": "Enter a summary of the engagement"},
            "follow_up_on": {
                "invalid": "Enter the follow-up date as a real date, for example 3 March 2025"
            },
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        choice_field(self, "council").choices = council_choices(user)
        if user.is_programme_manager:
            model_choice_field(self, "adviser").queryset = Adviser.objects.filter(
                kind__in=[Adviser.Kind.PRINCIPAL_ADVISER, Adviser.Kind.IMPROVEMENT_ADVISER]
            ).select_related("user")
            model_choice_field(self, "adviser").empty_label = "Choose an adviser"
        else:
            del self.fields["adviser"]
        choice_field(self, "strand").choices = Engagement.Strand.choices
        choice_field(self, "funding").choices = Engagement.Funding.choices
        choice_field(self, "activity").choices = [
            ("", "Choose a type of activity"),
            *Engagement.Activity.choices,
        ]
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault(
                "strand", USUAL_STRAND.get(user.role, Engagement.Strand.INTENSIVE)
            )
            self.initial.setdefault("funding", Engagement.Funding.FREE)

    def clean_days(self) -> Decimal:
        days: Decimal = self.cleaned_data["days"]
        problem = days_problem(days)
        if problem:
            raise ValidationError(problem)
        return days.quantize(Decimal("0.1"))

    def clean_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise ValidationError("The date of the engagement must be today or in the past")
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, follow_up, council = data.get("date"), data.get("follow_up_on"), data.get("council")
        if day and follow_up and follow_up <= day:
            self.add_error(
                "follow_up_on", "The follow-up date must be after the date of the engagement"
            )
        if day and council and not council.accepts_records_on(day):
            self.add_error("date", council.record_date_problem(day))
        elif day and self._needs_date_check(day):
            self.date_to_confirm = day
            self.add_error(
                "date",
                f"Is this date right? {long_date(day)} is more than a year ago: "
                "check it, then save again if it is",
            )
        return data

    def _needs_date_check(self, day: datetime.date) -> bool:
        """An engagement dated over a year ago is asked about once, unless it is unchanged."""
        if self.instance.pk and self.instance.date == day:
            return False
        if day >= timezone.localdate() - datetime.timedelta(days=365):
            return False
        return self.data.get("confirm_date") != day.isoformat()


class AvailabilityForm(SubmittedOnceFormMixin, GovukModelForm):
    class Meta:
        model = Availability
        fields = ["starts_on", "ends_on", "days_available", "notes"]
        labels = {
            "starts_on": "From",
            "ends_on": "To",
            "days_available": "Days you can give in this period",
            "notes": "Notes",
        }
        help_texts = {
            "notes": "For example, the days of the week you prefer, or work you would rather not do.",
        }
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "days_available": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
            ),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "starts_on": {
                "required": "Enter the first date you are available",
                "invalid": "Enter the first date as a real date, for example 3 March 2025",
            },
            "ends_on": {
                "required": "Enter the last date you are available",
                "invalid": "Enter the last date as a real date, for example 3 March 2025",
            },
            "days_available": {
                "required": "Enter the number of days you can give, for example 5",
                "invalid": "Enter the number of days as a whole number, for example 5",
            },
        }

    def clean_days_available(self) -> int:
        days: int = self.cleaned_data["days_available"]
        if days < 1:
            raise ValidationError("The number of days must be at least 1")
        return days

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end, days = data.get("starts_on"), data.get("ends_on"), data.get("days_available")
        if start and end and end < start:
            self.add_error("ends_on", "The last date must be the same as or after the first date")
        elif start and end and days and days > (end - start).days + 1:
            self.add_error(
                "days_available", "The number of days cannot be more than the days in the period"
            )
        return data


class AvailabilitySearchForm(GovukForm):
    starts_on = DateField(
        label="From",
        error_messages={
            "required": "Enter the first date of the work",
            "invalid": "Enter the first date as a real date, for example 3 March 2025",
        },
    )
    ends_on = DateField(
        label="To",
        error_messages={
            "required": "Enter the last date of the work",
            "invalid": "Enter the last date as a real date, for example 3 March 2025",
        },
    )
    accreditation = forms.ChoiceField(
        label="Accreditation",
        required=False,
        choices=[("", "Any accreditation"), *Accreditation.Kind.choices],
    )
    exclude_council = forms.ModelChoiceField(
        label="Not from this council",
        help_text="People who work for this council are left out (conflict of interest).",
        required=False,
        queryset=Council.objects.order_by(CURRENT_FIRST, "name"),
        empty_label="No council",
        widget=forms.Select(attrs={"data-autocomplete": "council"}),
        error_messages={"invalid_choice": "Choose a council from the list"},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The last date must be the same as or after the first date")
        return data


class AccreditationForm(SubmittedOnceFormMixin, GovukModelForm):
    class Meta:
        model = Accreditation
        fields = ["kind", "awarded_on", "expires_on"]
        labels = {"kind": "Accreditation", "awarded_on": "Awarded on", "expires_on": "Expires on"}
        widgets = {"awarded_on": DateInput(), "expires_on": DateInput()}
        error_messages = {
            "kind": {"required": "Choose the accreditation"},
            "awarded_on": {
                "required": "Enter the date the accreditation was awarded",
                "invalid": "Enter the award date as a real date, for example 3 March 2025",
            },
            "expires_on": {
                "required": "Enter the date the accreditation expires",
                "invalid": "Enter the expiry date as a real date, for example 3 March 2025",
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [
            ("", "Choose an accreditation"),
            *Accreditation.Kind.choices,
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        awarded, expires = data.get("awarded_on"), data.get("expires_on")
        if awarded and expires and expires <= awarded:
            self.add_error("expires_on", "The expiry date must be after the award date")
        return data

    def validate_constraints(self, *args: Any, **kwargs: Any) -> None:
        # clean() already says this in plain words; skip the database constraint's own message.
        pass


class AdviserProfileForm(GovukModelForm):
    """What advisers keep up to date about themselves."""

    specialisms = forms.MultipleChoiceField(
        label="Specialisms",
        required=False,
        choices=Adviser.Specialism.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Adviser
        fields = ["specialisms", "skills", "contact_gap_days"]
        labels = {
            "skills": "Other skills and experience",
            "contact_gap_days": "Days without contact before a council needs attention",
        }
        help_texts = {
            "contact_gap_days": (
                "Your dashboard lists councils judged requires improvement or inadequate that "
                "have had no adviser contact for this many days."
            )
        }
        widgets = {
            "skills": forms.Textarea(attrs={"rows": 3}),
            "contact_gap_days": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
            ),
        }
        error_messages = {
            "contact_gap_days": {
                "required": "Enter the number of days, for example 60",
                "invalid": "Enter the number of days as a whole number, for example 60",
            }
        }

    def clean_contact_gap_days(self) -> int:
        days: int = self.cleaned_data["contact_gap_days"]
        if not 1 <= days <= 730:
            raise ValidationError("Enter a number of days between 1 and 730")
        return days


class AdviserAdminForm(AdviserProfileForm):
    """What a programme manager sets about an adviser."""

    class Meta(AdviserProfileForm.Meta):
        fields = ["kind", "region", "councils", "home_council", *AdviserProfileForm.Meta.fields]
        labels = {
            **AdviserProfileForm.Meta.labels,
            "kind": "Type of adviser",
            "councils": "Assigned councils",
            "home_council": "Works for",
        }
        help_texts = {
            **AdviserProfileForm.Meta.help_texts,
            "councils": "Children's improvement advisers read the engagements of these councils.",
            "home_council": "They are never put forward to work with this council.",
        }
        widgets = {
            **AdviserProfileForm.Meta.widgets,
            "councils": forms.SelectMultiple(attrs={"size": 8}),
            "home_council": forms.Select(attrs={"data-autocomplete": "council"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "councils").queryset = Council.objects.current().order_by("name")
        model_choice_field(self, "home_council").queryset = Council.objects.order_by(
            CURRENT_FIRST, "name"
        )
        model_choice_field(self, "home_council").empty_label = "None"
        model_choice_field(self, "region").empty_label = "None"


class SupportRequestForm(SubmittedOnceFormMixin, GovukModelForm):
    class Meta:
        model = SupportRequest
        fields = ["council", "kind", "contact_name", "details"]
        labels = {
            "kind": "Support needed",
            "contact_name": "Council contact",
            "details": "What the council is asking for",
        }
        help_texts = {"contact_name": "The name and role of the person at the council who asked."}
        widgets = {
            "council": forms.Select(attrs={"data-autocomplete": "council"}),
            "kind": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "council": {
                "required": "Choose the council",
                "invalid_choice": "Choose a council from the list",
            },
            "kind": {"required": "Choose the kind of support needed"},
            "details": {"required": "Enter what the council is asking for"},
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "council").queryset = Council.objects.current()
        choice_field(self, "council").choices = council_choices(user, current_only=True)
        choice_field(self, "kind").choices = SupportRequest.Kind.choices


class SupportRequestStatusForm(GovukForm):
    status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the new status",
            "invalid_choice": "Choose one of the statuses shown",
        },
    )
    assigned_to = forms.ModelChoiceField(
        label="Adviser",
        help_text="Needed when the request is assigned.",
        required=False,
        queryset=Adviser.objects.none(),
        empty_label="Choose an adviser",
        error_messages={"invalid_choice": "Choose an adviser from the list"},
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, support_request: SupportRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(SupportRequest.Status.choices)
        choice_field(self, "status").choices = [
            (s, labels[s]) for s in SupportRequest.NEXT_STATUSES[support_request.status]
        ]
        model_choice_field(self, "assigned_to").queryset = Adviser.objects.active().select_related(
            "user"
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("status") == SupportRequest.Status.ASSIGNED and not data.get("assigned_to"):
            self.add_error("assigned_to", "Choose the adviser the request is assigned to")
        return data


IMPORT_SUFFIXES = (".csv", ".xlsx")
MAX_IMPORT_BYTES = 10 * 1024 * 1024


class EngagementUploadForm(SubmittedOnceFormMixin, GovukForm):
    file = forms.FileField(
        label="Engagement log",
        help_text=(
            "A CSV or .xlsx file with the columns council (GSS code), adviser (email), date "
            "(YYYY-MM-DD), days, strand, activity, funding, commissioned_by_dfe (yes or no) and "
            "summary; follow_up_on and confidential_notes may be added."
        ),
        error_messages={
            "required": "Choose an engagement log to upload",
            "empty": "The file you chose is empty: choose the engagement log again",
            "invalid": "Choose an engagement log to upload",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_SUFFIXES)}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(IMPORT_SUFFIXES):
            raise ValidationError("The file must be a CSV or .xlsx file")
        if upload.size and upload.size > MAX_IMPORT_BYTES:
            raise ValidationError("The file must be smaller than 10 MB")
        return upload
