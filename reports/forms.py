"""The report request form: a period (a preset or two dates) and a scope."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from councils.models import Region
from improvement_portal.forms import (
    DateField,
    GovukForm,
    SubmittedOnceFormMixin,
    choice_field,
    model_choice_field,
)
from reports import permissions

CUSTOM = "custom"
EVALUATION_PERIOD = "2018-2020"
FIRST_FINANCIAL_YEAR = 2013  # Ofsted's single inspection framework began in 2013


def financial_year(year: int) -> tuple[datetime.date, datetime.date]:
    """The financial year starting in April of ``year``."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def presets(today: datetime.date) -> dict[str, tuple[str, datetime.date, datetime.date]]:
    """Named periods, most recent first: financial years and the independent evaluation's."""
    current = today.year if today.month >= 4 else today.year - 1
    choices: dict[str, tuple[str, datetime.date, datetime.date]] = {}
    for year in range(current, FIRST_FINANCIAL_YEAR - 1, -1):
        start, end = financial_year(year)
        label = f"April {year} to March {year + 1}"
        if year == current:
            label += " (this financial year)"
        choices[f"fy{year}"] = (label, start, end)
    choices[EVALUATION_PERIOD] = (
        "April 2018 to March 2020 (the independent evaluation's period)",
        datetime.date(2018, 4, 1),
        datetime.date(2020, 3, 31),
    )
    return choices


def date_field(label: str, what: str, help_text: str = "") -> DateField:
    return DateField(
        label=label,
        required=False,
        help_text=help_text,
        error_messages={"invalid": f"Enter {what} as a real date, for example 1 April 2018"},
    )


class ReportRequestForm(SubmittedOnceFormMixin, GovukForm):
    period = forms.ChoiceField(
        label="Period",
        help_text="Financial years run from April to March. Choose another period to enter dates.",
        error_messages={"required": "Choose the period the report covers"},
    )
    start = date_field("Start of another period", "the start of the period")
    end = date_field("End of another period", "the end of the period")
    as_of = date_field(
        "Count inspections published up to",
        "the date for counting inspections",
        "Leave empty to count inspections published up to the end of the period.",
    )
    region = forms.ModelChoiceField(
        label="Scope",
        queryset=Region.objects.none(),
        required=False,
        empty_label="England (every region)",
        error_messages={"invalid_choice": "Choose England or one of the regions"},
    )

    def __init__(self, *args: Any, user: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.presets = presets(today)
        choices = [(key, label) for key, (label, _, _) in self.presets.items()]
        choice_field(self, "period").choices = [
            *choices,
            (CUSTOM, "Another period (enter the dates)"),
        ]
        last_complete = f"fy{(today.year if today.month >= 4 else today.year - 1) - 1}"
        self.fields["period"].initial = last_complete
        region = model_choice_field(self, "region")
        region.queryset = permissions.regions_for(user)
        if not user.is_programme_manager:
            region.required = True
            region.empty_label = None
            region.help_text = "Principal advisers request reports for their own region."
            region.error_messages["required"] = "Choose your region"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        period = data.get("period")
        if period == CUSTOM:
            if not data.get("start") and "start" not in self.errors:
                self.add_error("start", "Enter the start of the period")
            if not data.get("end") and "end" not in self.errors:
                self.add_error("end", "Enter the end of the period")
        elif period in self.presets:
            _, data["start"], data["end"] = self.presets[period]
        start, end, as_of = data.get("start"), data.get("end"), data.get("as_of")
        if start and end and end < start:
            self.add_error("end", "The end of the period must be on or after its start")
        if end and as_of and as_of < end:
            self.add_error(
                "as_of",
                "The date for counting inspections must be on or after the end of the period",
            )
        return data
