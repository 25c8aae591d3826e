"""Filters for the engagement log and support requests."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import F, Q

from advisers.models import Adviser, Engagement, SupportRequest
from councils.models import Council, Region
from improvement_portal.forms import DateField, GovukForm


class DateFilter(django_filters.DateFilter):
    """A date filter typed as day, month and year (GOV.UK's date input)."""

    field_class = DateField


# The engagement list's sortable columns: the key in the address, the label, the ordering.
ENGAGEMENT_SORTS = {
    "date": ("Date", "date"),
    "council": ("Council", "council__name"),
    "adviser": ("Adviser", "adviser__user__full_name"),
    "days": ("Days", "days"),
}
ENGAGEMENT_SORT_CHOICES = [(key, key) for key in ENGAGEMENT_SORTS] + [
    (f"-{key}", f"-{key}") for key in ENGAGEMENT_SORTS
]
DEFAULT_ENGAGEMENT_SORT = "-date"


class EngagementFilter(django_filters.FilterSet):
    council = django_filters.ModelChoiceFilter(
        label="Council",
        # Only what the option shows: 158 full councils cost more than the page's 50 rows.
        queryset=Council.objects.order_by(F("active_to").asc(nulls_first=True), "name").only(
            "pk", "name", "active_to"
        ),
        empty_label="All councils",
        widget=forms.Select(attrs={"data-autocomplete": "council"}),
    )
    region = django_filters.ModelChoiceFilter(
        field_name="council__region",
        label="Region",
        queryset=Region.objects.all(),
        empty_label="All regions",
    )
    adviser = django_filters.ModelChoiceFilter(
        label="Adviser",
        queryset=Adviser.objects.filter(
            kind__in=[Adviser.Kind.PRINCIPAL_ADVISER, Adviser.Kind.IMPROVEMENT_ADVISER]
        )
        .select_related("user")
        .only("pk", "user", "user__full_name", "user__email"),
        empty_label="All advisers",
    )
    strand = django_filters.ChoiceFilter(
        choices=Engagement.Strand.choices, empty_label="All strands"
    )
    funding = django_filters.ChoiceFilter(
        label="Funding basis", choices=Engagement.Funding.choices, empty_label="All funding"
    )
    date_from = DateFilter(field_name="date", lookup_expr="gte", label="Date from")
    date_to = DateFilter(field_name="date", lookup_expr="lte", label="Date to")

    sort = django_filters.ChoiceFilter(
        method="order",
        choices=ENGAGEMENT_SORT_CHOICES,
        widget=forms.HiddenInput,
        empty_label=None,
    )

    class Meta:
        model = Engagement
        fields = ["council", "region", "adviser", "strand", "funding", "date_from", "date_to"]
        form = GovukForm

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and getattr(user, "is_improvement_adviser", False):
            # An improvement adviser chooses only among what they can read.
            readable = self.queryset
            councils = self.filters["council"].queryset
            self.filters["council"].queryset = councils.filter(
                Q(pk__in=readable.values("council_id")) | Q(assigned_advisers__user=user)
            ).distinct()
            self.filters["adviser"].queryset = self.filters["adviser"].queryset.filter(
                Q(pk__in=readable.values("adviser_id")) | Q(user=user)
            )
        for name, message in [
            ("date_from", "Enter the first date as a real date, for example 3 March 2025"),
            ("date_to", "Enter the last date as a real date, for example 3 March 2025"),
        ]:
            self.filters[name].extra["error_messages"] = {"invalid": message}
        for name in ("council", "region", "adviser", "strand", "funding"):
            self.filters[name].extra["error_messages"] = {
                "invalid_choice": "Choose one of the options in the list"
            }

    def order(self, queryset: Any, name: str, value: str) -> Any:
        """Sort by a column, either way; ties newest first, so pages never shuffle."""
        column = F(ENGAGEMENT_SORTS[value.lstrip("-")][1])
        ordering = column.desc() if value.startswith("-") else column.asc()
        return queryset.order_by(ordering, "-date", "-pk")

    def current_sort(self) -> str:
        valid = self.is_bound and self.is_valid()
        return (valid and self.form.cleaned_data.get("sort")) or DEFAULT_ENGAGEMENT_SORT


class SupportRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=SupportRequest.Status.choices, empty_label="Any status"
    )
    kind = django_filters.ChoiceFilter(
        label="Support needed", choices=SupportRequest.Kind.choices, empty_label="Any kind"
    )

    class Meta:
        model = SupportRequest
        fields = ["status", "kind"]
        form = GovukForm


class ExpiringAccreditationForm(GovukForm):
    within_days = forms.TypedChoiceField(
        label="Expiring within",
        coerce=int,
        choices=[(30, "30 days"), (90, "90 days"), (180, "6 months"), (365, "a year")],
        initial=90,
        required=False,
    )


class AdviserKindForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type of adviser",
        required=False,
        choices=[("", "All types"), *Adviser.Kind.choices],
        error_messages={"invalid_choice": "Choose one of the options in the list"},
    )
