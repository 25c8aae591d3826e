"""Filters for the mentor pool and the list of matches."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

from councils.models import Region
from mentoring.models import Match, Mentor, MentoringRequest, PoliticalGroup

SELECT = forms.Select(attrs={"class": "govuk-select"})


class MentorFilter(django_filters.FilterSet):
    political_group = django_filters.ChoiceFilter(
        label="Political group", choices=PoliticalGroup.choices, empty_label="Any", widget=SELECT
    )
    region = django_filters.ModelChoiceFilter(
        label="Region", queryset=Region.objects.all(), empty_label="Any", widget=SELECT
    )
    is_active = django_filters.ChoiceFilter(
        label="Taking new mentees",
        choices=[("true", "Taking new mentees"), ("false", "Paused")],
        empty_label="Any",
        method="filter_active",
        widget=SELECT,
    )

    class Meta:
        model = Mentor
        fields = ["political_group", "region", "is_active"]

    def filter_active(self, queryset: QuerySet[Mentor], name: str, value: str) -> QuerySet[Mentor]:
        return queryset.filter(is_active=value == "true")


class MatchFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=Match.Status.choices, empty_label="Any", widget=SELECT
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of mentoring",
        field_name="request__kind",
        choices=MentoringRequest.Kind.choices,
        empty_label="Any",
        widget=SELECT,
    )

    class Meta:
        model = Match
        fields = ["status", "kind"]
