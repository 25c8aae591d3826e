"""Filters for the list of peer challenges: status, region and year."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils import timezone

from councils.models import Region
from peer_challenges.models import PeerChallenge, PeerChallengeQuerySet

FIRST_YEAR = 2014


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, FIRST_YEAR - 1, -1)]


class PeerChallengeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=PeerChallenge.Status.choices, empty_label="Any status"
    )
    region = django_filters.ModelChoiceFilter(
        field_name="council__region",
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label="Any region",
        label="Region",
    )
    year = django_filters.ChoiceFilter(
        choices=year_choices,
        method="filter_year",
        empty_label="Any year",
        label="Year",
    )

    class Meta:
        model = PeerChallenge
        fields = ["status", "region", "year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "govuk-select"

    def filter_year(self, queryset: PeerChallengeQuerySet, name: str, value: str) -> Any:
        return queryset.in_year(int(value)) if value else queryset
