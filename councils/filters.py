"""The councils list's filters, search and sort."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from councils.models import Council, Grade, Region
from improvement_portal.forms import GovukForm

NOT_JUDGED = "none"
GRADE_CHOICES = [
    *((str(grade.value), grade.label) for grade in Grade),
    (NOT_JUDGED, "Not yet judged"),
]
SUPPORT_WINDOW = datetime.timedelta(days=365)
# (key, column): every sortable column of the list; "-key" sorts the other way.
SORTS = {
    "name": "name",
    "region": "region__name",
    "kind": "kind",
    "overall": "latest_overall",
    "leadership": "latest_leadership",
    "published": "latest_overall_published_on",
}
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]


def has_engagements() -> bool:
    """Engagements come from the advisers app; the filter appears once that relation exists."""
    try:
        Council._meta.get_field("engagements")
    except FieldDoesNotExist:
        return False
    return True


class CouncilFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label="Council name or code",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), to_field_name="slug", empty_label="All regions"
    )
    kind = django_filters.ChoiceFilter(
        label="Type of council", choices=Council.Kind.choices, empty_label="All types"
    )
    overall = django_filters.ChoiceFilter(
        label="Latest overall effectiveness",
        choices=GRADE_CHOICES,
        empty_label="Any judgement",
        method="filter_grade",
    )
    leadership = django_filters.ChoiceFilter(
        label="Latest leadership judgement",
        choices=GRADE_CHOICES,
        empty_label="Any judgement",
        method="filter_grade",
    )
    supported = django_filters.ChoiceFilter(
        label="Adviser support",
        choices=[
            ("yes", "Supported in the last 12 months"),
            ("no", "Not supported in the last 12 months"),
        ],
        empty_label="Supported or not",
        method="filter_supported",
    )
    status = django_filters.ChoiceFilter(
        label="Current or former",
        choices=[
            ("all", "Current and former councils"),
            ("former", "Former councils (abolished in reorganisations)"),
        ],
        empty_label="Current councils",
        method="filter_status",
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="sort_by", widget=forms.HiddenInput
    )

    class Meta:
        model = Council
        fields = ["q", "region", "kind", "overall", "leadership", "supported", "status", "sort"]
        form = GovukForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_engagements():
            del self.filters["supported"]
        for name in ("region", "kind", "overall", "leadership", "supported", "status", "sort"):
            if name in self.filters:
                self.filters[name].extra["error_messages"] = {
                    "invalid_choice": "Choose one of the options in the list"
                }

    @property
    def qs(self) -> QuerySet[Council]:
        queryset = super().qs
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(active_to__isnull=True)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("name", "-active_from")
        return queryset

    def search(self, queryset: QuerySet[Council], name: str, value: str) -> QuerySet[Council]:
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(ofsted_name__icontains=value) | Q(gss_code__iexact=value)
        )

    def filter_grade(self, queryset: QuerySet[Council], name: str, value: str) -> QuerySet[Council]:
        column = "latest_overall" if name == "overall" else "latest_leadership"
        if value == NOT_JUDGED:
            return queryset.filter(**{f"{column}__isnull": True})
        return queryset.filter(**{column: int(value)})

    def filter_supported(
        self, queryset: QuerySet[Council], name: str, value: str
    ) -> QuerySet[Council]:
        since = timezone.localdate() - SUPPORT_WINDOW
        supported = Council.objects.filter(engagements__date__gte=since).values("pk")
        if value == "yes":
            return queryset.filter(pk__in=supported)
        return queryset.exclude(pk__in=supported)

    def filter_status(
        self, queryset: QuerySet[Council], name: str, value: str
    ) -> QuerySet[Council]:
        # Without a choice, ``qs`` keeps current councils only.
        return queryset.filter(active_to__isnull=False) if value == "former" else queryset

    def sort_by(self, queryset: QuerySet[Council], name: str, value: str) -> QuerySet[Council]:
        column = F(SORTS[value.lstrip("-")])
        order = (
            column.desc(nulls_last=True) if value.startswith("-") else column.asc(nulls_last=True)
        )
        return queryset.order_by(order, "name", "-active_from")
