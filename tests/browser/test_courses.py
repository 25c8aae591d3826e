"""A councillor books a place, finds it in "My bookings" and cancels it, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courses.models import Booking
from tests.browser.support import assert_accessible, log_in, screenshot
from tests.factories.accounts import UserFactory
from tests.factories.courses import (
    BookingFactory,
    CourseFactory,
    PastSessionFactory,
    SessionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Leadership Essentials: children's services portfolio holders"


def test_a_councillor_books_a_place_sees_it_and_cancels_it(page, live_server, councillor):
    session = SessionFactory(course=CourseFactory(title=TITLE), capacity=20)
    log_in(page, live_server.url, councillor.email)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Courses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    assert_accessible(page)
    page.get_by_role("button", name="Book a place").click()

    page.get_by_label("Do you have any access requirements?").fill("Step-free access")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Do you have any dietary needs?").fill("Vegetarian")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before booking")
    expect(page.locator(".govuk-summary-list")).to_contain_text(["Step-free access"])
    assert_accessible(page)
    page.get_by_role("button", name="Confirm booking").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Place booked")
    screenshot(page, "courses-booking-confirmation")
    assert_accessible(page)
    page.get_by_role("link", name="See all your bookings").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My bookings")
    upcoming = page.get_by_role("table", name="Upcoming")
    expect(upcoming).to_contain_text(TITLE)
    expect(upcoming).to_contain_text("Place confirmed")
    assert_accessible(page)
    upcoming.get_by_role("link", name=re.compile("^Cancel")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to cancel your place?"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel the booking").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been cancelled")
    expect(page.get_by_role("table", name="Past and cancelled")).to_contain_text("Cancelled")
    screenshot(page, "courses-my-bookings-after-cancelling")
    assert_accessible(page)
    assert Booking.objects.get(session=session, person=councillor).status == "cancelled"


def test_a_programme_manager_records_attendance(page, live_server, programme_manager):
    session = PastSessionFactory(course=CourseFactory(title=TITLE))
    BookingFactory(
        session=session,
        person=UserFactory(full_name="Cllr Robin Attendee"),
        dietary_requirements="Vegan",
    )
    log_in(page, live_server.url, programme_manager.email)

    page.goto(f"{live_server.url}/bookings/?period=past")
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance register")
    assert_accessible(page)
    page.get_by_role("button", name="Attended (Cllr Robin Attendee)").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Cllr Robin Attendee: attended"
    )
    expect(page.get_by_role("table").first).to_contain_text("Attended")
    assert Booking.objects.get().status == "attended"
