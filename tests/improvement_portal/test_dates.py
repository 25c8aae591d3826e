"""GOV.UK's date input: three boxes, and errors that name the part that is wrong."""

from __future__ import annotations

import datetime

import pytest

from improvement_portal.dates import DateField
from improvement_portal.forms import GovukForm


class EventForm(GovukForm):
    day = DateField(label="Date", error_messages={"required": "Enter the date"})
    until = DateField(label="End date", required=False)


def _form(**parts: str) -> EventForm:
    data = {f"day_{part}": value for part, value in parts.items()}
    form = EventForm(data)
    form.is_valid()
    return form


def test_three_parts_make_a_date():
    form = _form(day="3", month="3", year="2025")

    assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2025, 3, 3)


@pytest.mark.parametrize(
    ("parts", "message", "marked"),
    [
        ({"day": "3", "month": "3"}, "Date must include a year", {"year"}),
        ({"day": "3", "year": "2025"}, "Date must include a month", {"month"}),
        ({"year": "2025"}, "Date must include a day and month", {"day", "month"}),
        ({"day": "31", "month": "2", "year": "2025"}, "Date must be a real date", {"day"}),
        ({"day": "3", "month": "13", "year": "2025"}, "Date must be a real date", {"month"}),
        ({"day": "2147483648", "month": "6", "year": "2025"}, "Date must be a real date", {"day"}),
        (
            {"day": "x", "month": "3", "year": "2025"},
            "Date must be a real date",
            {"day", "month", "year"},
        ),
        ({"day": "3", "month": "3", "year": "25"}, "Year must include 4 numbers", {"year"}),
        ({}, "Enter the date", {"day", "month", "year"}),
    ],
)
def test_errors_name_the_part_that_is_wrong_and_mark_only_it(parts, message, marked):
    form = _form(**parts)

    assert form.errors["day"] == [message]
    assert form.fields["day"].widget.error_parts == marked
    html = str(form["day"])
    for part in ("day", "month", "year"):
        box = (
            html.split(f'id="id_day_{part}"')[0].rsplit("<input", 1)[1]
            + html.split(f'id="id_day_{part}"')[1].split(">", 1)[0]
        )
        assert ("govuk-input--error" in box) is (part in marked), part


def test_the_field_renders_govuk_markup_with_an_example_and_no_browser_picker():
    html = str(EventForm()["day"].as_field_group())

    assert 'type="date"' not in html
    assert 'class="govuk-date-input"' in html and 'role="group"' in html
    assert "<legend" in html and "For example, 27 3 2025" in html
    for part, label in (("day", "Day"), ("month", "Month"), ("year", "Year")):
        assert f'name="day_{part}"' in html and f">{label}</label>" in html
    assert 'inputmode="numeric"' in html


def test_an_optional_date_left_empty_is_none_and_one_from_a_link_still_reads():
    linked = EventForm({"day": "2025-03-03"})
    empty = EventForm({"day_day": "1", "day_month": "1", "day_year": "2025"})

    assert linked.is_valid() and linked.cleaned_data["day"] == datetime.date(2025, 3, 3)
    assert empty.is_valid() and empty.cleaned_data["until"] is None


def test_a_form_redisplays_what_was_typed():
    html = str(_form(day="31", month="2", year="2025")["day"])

    assert 'value="31"' in html and 'value="2"' in html and 'value="2025"' in html
