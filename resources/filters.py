"""Search and filters for the resource library."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef

from improvement_portal.forms import GovukForm
from resources.models import Audience, Kind, Resource, ResourceQuerySet, Topic


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    kind = django_filters.ChoiceFilter(label="Kind", choices=Kind.choices, empty_label="Any kind")
    audience = django_filters.ChoiceFilter(
        label="For", choices=Audience.choices, empty_label="Anyone", method="for_audience"
    )
    topic = django_filters.ModelChoiceFilter(
        label="Topic",
        queryset=Topic.objects.none(),
        to_field_name="slug",
        empty_label="Any topic",
        field_name="topics",
    )

    class Meta:
        model = Resource
        fields: list[str] = []
        form = GovukForm

    def __init__(self, *args: Any, visible: ResourceQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, queryset=visible, **kwargs)
        # Only topics of resources the user can see, so draft topics don't leak.
        self.filters["topic"].queryset = Topic.objects.filter(
            Exists(visible.filter(topics=OuterRef("pk")))
        )
        self.form.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

    def search(self, queryset: ResourceQuerySet, name: str, value: str) -> ResourceQuerySet:
        return queryset.search(value.strip()) if value.strip() else queryset

    def for_audience(self, queryset: ResourceQuerySet, name: str, value: str) -> ResourceQuerySet:
        return queryset.for_audiences([value])
