"""Filters for lists of sessions."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from courses.models import Course, CourseSession


class SessionFilter(django_filters.FilterSet):
    """Sessions by course, and online or in person."""

    course = django_filters.ModelChoiceFilter(
        label="Course",
        queryset=Course.objects.none(),
        empty_label="All courses",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    format = django_filters.ChoiceFilter(
        label="Format",
        choices=[("online", "Online"), ("in_person", "In person")],
        empty_label="Online and in person",
        method="filter_format",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    class Meta:
        model = CourseSession
        fields = ["course", "format"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["course"].queryset = Course.objects.visible_to(user)

    def filter_format(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_online=value == "online")


class RegisterFilter(SessionFilter):
    """Sessions for attendance registers: upcoming or past, and by course."""

    period = django_filters.ChoiceFilter(
        label="When",
        choices=[("past", "Past sessions"), ("upcoming", "Upcoming sessions")],
        empty_label="All sessions",
        method="filter_period",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    class Meta:
        model = CourseSession
        fields = ["period", "course", "format"]

    def filter_period(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        now = timezone.now()
        if value == "past":
            return queryset.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
        return queryset.filter(starts_at__gte=now)
