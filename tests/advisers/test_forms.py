"""Engagement and availability forms: each rule, in the words the user sees."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from advisers import forms
from advisers.models import Engagement

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 2)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2025, 6, 2, 12, 0), tick=False):
        yield


@pytest.fixture
def valid(camden) -> dict[str, str]:
    return {
        "council": str(camden.pk),
        "date": "2025-05-30",
        "days": "1.5",
        "strand": Engagement.Strand.INTENSIVE,
        "activity": Engagement.Activity.DIAGNOSTIC,
        "funding": Engagement.Funding.FREE,
        "summary": "Diagnostic of the front door.",
        "follow_up_on": "",
        "confidential_notes": "",
    }


def errors_for(data: dict[str, str], user, **changes: str) -> dict[str, list[str]]:
    form = forms.EngagementForm({**data, **changes}, user=user)
    form.is_valid()
    return form.errors


def test_a_complete_engagement_is_valid(valid, principal_adviser):
    form = forms.EngagementForm(valid, user=principal_adviser)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["days"] == Decimal("1.5")


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("", "Enter the number of days, for example 1.5"),
        ("lots", "Enter the number of days as a number, for example 1.5"),
        ("0", "The number of days must be more than 0"),
        ("-1", "The number of days must be more than 0"),
        ("5.5", "The number of days must be 5 or fewer; log longer work as separate entries"),
        ("1.25", "Enter the days in half days, for example 0.5, 1 or 1.5"),
        ("0.3", "Enter the days in half days, for example 0.5, 1 or 1.5"),
    ],
)
def test_days_rules(valid, principal_adviser, days, message):
    assert errors_for(valid, principal_adviser, days=days)["days"] == [message]


@pytest.mark.parametrize("days", ["0.5", "1", "4.5", "5"])
def test_days_in_half_steps_up_to_five_are_accepted(valid, principal_adviser, days):
    assert "days" not in errors_for(valid, principal_adviser, days=days)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("council", "Choose the council"),
        ("date", "Enter the date of the engagement"),
        ("strand", "Choose the strand of the programme"),
        ("activity", "Choose the type of activity"),
        ("funding", "Choose how the engagement is funded"),
        ("summary", "Enter a summary of the engagement"),
    ],
)
def test_required_fields_say_what_to_enter(valid, principal_adviser, field, message):
    assert errors_for(valid, principal_adviser, **{field: ""})[field] == [message]


def test_a_date_in_the_future_is_refused(valid, principal_adviser):
    assert errors_for(valid, principal_adviser, date="2025-06-03")["date"] == [
        "The date of the engagement must be today or in the past"
    ]


def test_a_date_that_is_not_a_date_is_refused(valid, principal_adviser):
    assert errors_for(valid, principal_adviser, date="2025-02-30")["date"] == [
        "Date of the engagement must be a real date"
    ]


def test_the_follow_up_must_come_after_the_engagement(valid, principal_adviser):
    assert errors_for(valid, principal_adviser, follow_up_on="2025-05-30")["follow_up_on"] == [
        "The follow-up date must be after the date of the engagement"
    ]


def test_the_council_must_have_been_operating_on_the_date(valid, principal_adviser, councils):
    from councils.models import Council

    poole = Council.objects.exclude(active_to=None).order_by("active_to").first()
    errors = errors_for(valid, principal_adviser, council=str(poole.pk))

    assert errors["date"] == [
        f"{poole.name} ended on 31 March 2019: enter an earlier date, or choose the council "
        "that took over"
    ]


def test_an_unknown_council_is_refused(valid, principal_adviser):
    assert errors_for(valid, principal_adviser, council="999999")["council"] == [
        "Choose a council from the list"
    ]


def test_the_form_starts_on_today_and_on_intensive_support_for_advisers(
    principal_adviser, improvement_adviser
):
    pa_form = forms.EngagementForm(user=principal_adviser)
    cia_form = forms.EngagementForm(user=improvement_adviser)

    assert pa_form.initial["date"] == TODAY
    # Principal advisers, like CIAs, mostly log intensive support.
    assert pa_form.initial["strand"] == Engagement.Strand.INTENSIVE
    assert cia_form.initial["strand"] == Engagement.Strand.INTENSIVE


def test_only_a_programme_manager_chooses_the_adviser(programme_manager, principal_adviser):
    assert "adviser" in forms.EngagementForm(user=programme_manager).fields
    assert "adviser" not in forms.EngagementForm(user=principal_adviser).fields


def test_a_principal_advisers_region_comes_first_in_the_council_list(principal_adviser, camden):
    choices = forms.EngagementForm(user=principal_adviser).fields["council"].choices
    groups = [label for label, options in choices if isinstance(options, list)]

    assert groups == ["Your councils", "All other councils"]
    assert (camden.pk, "Camden") in choices[1][1]


# Availability -------------------------------------------------------------------------------


def availability_errors(**data: str) -> dict[str, list[str]]:
    form = forms.AvailabilityForm(
        {"starts_on": "2025-07-01", "ends_on": "2025-07-31", "days_available": "4", **data}
    )
    form.is_valid()
    return form.errors


def test_availability_needs_dates_and_days():
    errors = availability_errors(starts_on="", ends_on="", days_available="")

    assert errors["starts_on"] == ["Enter the first date you are available"]
    assert errors["ends_on"] == ["Enter the last date you are available"]
    assert errors["days_available"] == ["Enter the number of days you can give, for example 5"]


def test_availability_must_end_after_it_starts():
    assert availability_errors(ends_on="2025-06-30")["ends_on"] == [
        "The last date must be the same as or after the first date"
    ]


def test_availability_cannot_offer_more_days_than_the_period_has():
    assert availability_errors(ends_on="2025-07-02", days_available="3")["days_available"] == [
        "The number of days cannot be more than the days in the period"
    ]


def test_availability_needs_at_least_one_day():
    assert availability_errors(days_available="0")["days_available"] == [
        "The number of days must be at least 1"
    ]


def test_accreditation_must_expire_after_its_award():
    form = forms.AccreditationForm(
        {"kind": "diagnostic", "awarded_on": "2025-01-01", "expires_on": "2024-12-31"}
    )

    assert not form.is_valid()
    assert form.errors["expires_on"] == ["The expiry date must be after the award date"]


def test_assigning_a_support_request_needs_an_adviser(programme_manager, camden):
    from tests.factories.advisers import SupportRequestFactory

    support_request = SupportRequestFactory(council=camden, status="triaged")
    form = forms.SupportRequestStatusForm(
        {"status": "assigned", "assigned_to": ""}, support_request=support_request
    )

    assert not form.is_valid()
    assert form.errors["assigned_to"] == ["Choose the adviser the request is assigned to"]


def test_the_date_is_typed_as_day_month_and_year_and_a_missing_part_is_named(
    valid, principal_adviser
):
    data = {key: value for key, value in valid.items() if key != "date"}
    parts = {"date_day": "30", "date_month": "5"}

    assert errors_for(data, principal_adviser, **parts)["date"] == [
        "Date of the engagement must include a year"
    ]
    form = forms.EngagementForm({**data, **parts, "date_year": "2025"}, user=principal_adviser)
    assert form.is_valid(), form.errors


def test_a_council_older_than_the_data_accepts_a_date_before_its_first_record(
    valid, principal_adviser, camden
):
    old = {"date": "2005-06-01", "confirm_date": "2005-06-01", "follow_up_on": ""}

    assert camden.active_from == datetime.date(2009, 1, 1)
    assert "date" not in errors_for(valid, principal_adviser, **old)


@pytest.mark.parametrize(
    ("gss", "name", "began"),
    [
        ("E06000058", "Bournemouth, Christchurch and Poole", "1 April 2019"),
        ("E06000059", "Dorset", "1 April 2019"),
        ("E06000061", "North Northamptonshire", "1 April 2021"),
        ("E06000062", "West Northamptonshire", "1 April 2021"),
        ("E06000063", "Cumberland", "1 April 2023"),
        ("E06000064", "Westmorland and Furness", "1 April 2023"),
    ],
)
def test_a_council_created_later_refuses_earlier_dates_at_the_date_field(
    valid, principal_adviser, councils, gss, name, began
):
    from councils.models import Council

    council = Council.objects.get(gss_code=gss)
    errors = errors_for(
        valid,
        principal_adviser,
        council=str(council.pk),
        date="2018-06-01",
        confirm_date="2018-06-01",
        follow_up_on="",
    )

    assert errors["date"] == [
        f"{name} began on {began}: enter a date on or after it, or choose the council that "
        "was operating then"
    ]
    assert "council" not in errors


def test_a_date_over_a_year_ago_asks_once_whether_it_is_right(valid, principal_adviser):
    old = {**valid, "date": "2024-05-01", "follow_up_on": ""}

    first = forms.EngagementForm(old, user=principal_adviser)
    assert not first.is_valid()
    assert first.errors["date"] == [
        "Is this date right? 1 May 2024 is more than a year ago: check it, then save again if it is"
    ]
    assert first.date_to_confirm == datetime.date(2024, 5, 1)
    again = forms.EngagementForm({**old, "confirm_date": "2024-05-01"}, user=principal_adviser)
    assert again.is_valid(), again.errors
    changed = forms.EngagementForm(
        {**old, "date": "2024-04-01", "confirm_date": "2024-05-01"}, user=principal_adviser
    )
    assert "Is this date right?" in changed.errors["date"][0]


def test_a_recent_date_is_not_questioned(valid, principal_adviser):
    assert forms.EngagementForm({**valid, "date": "2024-06-03"}, user=principal_adviser).is_valid()
