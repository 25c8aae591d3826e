"""The portal's three user journeys, end to end in a real browser.

1. A principal adviser logs an engagement (correcting a mistake on the way), finds it with a
   filter and downloads the filtered list as CSV.
2. A councillor, using the keyboard alone, books a Leadership Essentials place, joins the
   waiting list of a full session and cancels the first place, which goes to the person who
   had waited longest.
3. A programme manager requests an evaluation report, watches it being prepared, downloads
   the PDF and finds the headline figures in it.

Every page on the way is checked with axe-core and photographed at desktop and mobile width
(``test-artifacts/screenshots/journey-*``); on a phone nothing but a wide table may scroll
sideways. Journey 2 is done with the keyboard alone, logging in included; in journeys 1 and 3
every control after logging in is reached with the Tab key (or the arrow keys, in a group of
radios) before it is used.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.roles import Role
from advisers.models import Engagement
from courses import services as course_services
from courses.models import Booking
from reports import tasks as report_tasks
from reports.models import EvaluationReport
from tests.brokers import reset_celery_connections
from tests.browser.support import (
    PASSWORD,
    choose_in_autocomplete,
    choose_radio,
    is_focused,
    log_in,
    look,
    tab_to,
    type_date,
)
from tests.factories.accounts import UserFactory
from tests.factories.advisers import AdviserFactory, EngagementFactory
from tests.factories.courses import BookingFactory, CourseFactory, SessionFactory
from tests.factories.reports import engagement, inspection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEADERSHIP_ESSENTIALS = "Leadership Essentials: children's services portfolio holders"


def press(page, locator, key: str = "Enter") -> None:
    """Reach a control with the Tab key and operate it with ``key``."""
    tab_to(page, locator)
    page.keyboard.press(key)


# Journey 1 -----------------------------------------------------------------------------------


def test_a_principal_adviser_logs_finds_and_exports_an_engagement(
    page, live_server, principal_adviser, camden, islington
):
    adviser = AdviserFactory(user=principal_adviser, kind="principal_adviser")
    EngagementFactory(adviser=adviser, council=islington, date=datetime.date(2025, 2, 3))
    log_in(page, live_server.url, principal_adviser.email)
    look(page, "journey-1-dashboard")

    press(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Engagements"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Engagements")
    look(page, "journey-1-engagements")
    press(page, page.get_by_role("button", name="Log an engagement"))

    # A first try with too many days: the error is explained, and the answers are kept.
    expect(page.get_by_role("heading", level=1)).to_have_text("Log an engagement")
    look(page, "journey-1-engagement-form")
    # The council by the accessible autocomplete, the date by GOV.UK's date input: keys only.
    choose_in_autocomplete(page, page.get_by_label("Council", exact=True), "Camden")
    recent = timezone.localdate() - datetime.timedelta(days=20)
    type_date(page, "Date of the engagement", recent)
    tab_to(page, page.get_by_label("Days")).fill("7")
    choose_radio(page, page.get_by_label("Intensive support"))
    tab_to(page, page.get_by_label("Type of activity")).select_option(label="Workshop")
    choose_radio(page, page.get_by_label("Free", exact=True))
    tab_to(page, page.get_by_label("Summary")).fill("Workshop with the front door team.")
    press(page, page.get_by_role("button", name="Log engagement"))

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The number of days must be 5 or fewer")
    expect(page).to_have_title("Error: Log an engagement – LGA Children's Services Improvement")
    assert page.get_by_label("Summary").input_value() == "Workshop with the front door team."
    look(page, "journey-1-engagement-form-error")
    # The error summary's link takes the focus to the field in question.
    press(page, summary.get_by_role("link", name="The number of days must be 5 or fewer"))
    assert is_focused(page.get_by_label("Days"))
    page.keyboard.press("Control+A")
    page.keyboard.type("1.5")
    press(page, page.get_by_role("button", name="Log engagement"))

    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("Engagement with Camden logged (1.5 days).")
    look(page, "journey-1-engagement-detail")

    # Found again in the list with a filter, then downloaded with the same filter.
    press(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Engagements"))
    expect(page.locator("#engagement-totals")).to_contain_text("2 engagements, 2.5 days")
    filters = page.locator("form.portal-filters")
    choose_in_autocomplete(page, filters.get_by_label("Council"), "Camden")
    press(page, page.get_by_role("button", name="Apply filters"))

    expect(page.locator("#engagement-totals")).to_contain_text(
        "1 engagement, 1.5 days for these filters"
    )
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Camden")
    expect(rows.first).to_contain_text("Workshop")
    look(page, "journey-1-engagements-filtered")

    with page.expect_download() as download:
        press(page, page.get_by_role("link", name="CSV", exact=True))
    assert download.value.suggested_filename.startswith("engagements-")
    assert download.value.suggested_filename.endswith(".csv")
    table = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert [(row["Council"], row["Days"], row["Activity"]) for row in table] == [
        ("Camden", "1.5", "Workshop")
    ]
    assert table[0]["Date"] == recent.isoformat()
    assert table[0]["Summary"] == "Workshop with the front door team."
    assert table[0]["Adviser email"] == principal_adviser.email
    logged = Engagement.objects.get(council=camden)
    assert logged.days == Decimal("1.5")
    assert logged.adviser.user == principal_adviser


# Journey 2: the keyboard alone ---------------------------------------------------------------


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)


def log_in_by_keyboard(page, live_server_url: str, email: str) -> None:
    page.goto(f"{live_server_url}/accounts/login/")
    type_into(page, page.get_by_label("Email address"), email)
    type_into(page, page.get_by_label("Password"), PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def councillor_named(name: str, email: str, council):
    return UserFactory(
        email=email, full_name=name, role=Role.COUNCILLOR, council=council, region=council.region
    )


def test_a_councillor_books_waits_and_cancels_with_the_keyboard_alone(
    page, live_server, councillor, camden, islington
):
    course = CourseFactory(title=LEADERSHIP_ESSENTIALS)
    first = SessionFactory(course=course, capacity=3)
    full = SessionFactory(
        course=course, capacity=2, starts_at=first.starts_at + datetime.timedelta(days=28)
    )
    for n, session in enumerate([first, first, full, full]):
        BookingFactory(
            session=session,
            person=councillor_named(f"Cllr Booked {n}", f"b{n}@example.org", islington),
        )
    BookingFactory(
        session=full,
        status=Booking.Status.WAITLISTED,
        person=councillor_named("Cllr Early Bird", "early@example.org", islington),
    )
    log_in_by_keyboard(page, live_server.url, councillor.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {councillor.full_name}")
    look(page, "journey-2-dashboard")

    # The last place on the first session.
    press(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Courses"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")
    look(page, "journey-2-courses")
    press(page, page.get_by_role("link", name=LEADERSHIP_ESSENTIALS).first)
    expect(page.get_by_role("heading", level=1)).to_have_text(LEADERSHIP_ESSENTIALS)
    expect(page.locator(".govuk-summary-list")).to_contain_text("1 of 3 left")
    look(page, "journey-2-session")
    press(page, page.get_by_role("button", name="Book a place"), "Space")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Do you have any access requirements?"
    )
    type_into(page, page.get_by_label("Do you have any access requirements?"), "Step-free access")
    look(page, "journey-2-access")
    press(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Do you have any dietary needs?")
    type_into(page, page.get_by_label("Do you have any dietary needs?"), "Vegetarian")
    look(page, "journey-2-dietary")
    press(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before booking")
    expect(page.locator(".govuk-summary-list").last).to_contain_text("Step-free access")
    look(page, "journey-2-check")
    press(page, page.get_by_role("button", name="Confirm booking"), "Space")
    expect(page.get_by_role("heading", level=1)).to_have_text("Place booked")
    look(page, "journey-2-booked")

    # Meanwhile two more councillors ask for a place and join the first session's waiting list.
    wendy = councillor_named("Cllr Wendy Waiting", "wendy@example.org", islington)
    for person in (wendy, councillor_named("Cllr Second Waiting", "second@example.org", camden)):
        booking = course_services.book_place(session=first, person=person, actor=person)
        assert booking.status == Booking.Status.WAITLISTED

    # The full session: a place on its waiting list, behind the one person already waiting.
    press(page, page.get_by_role("link", name="Find another session"))
    press(page, page.get_by_role("link", name=LEADERSHIP_ESSENTIALS).nth(1))
    expect(page.locator(".govuk-summary-list")).to_contain_text("Full: 1 on the waiting list")
    look(page, "journey-2-full-session")
    press(page, page.get_by_role("button", name="Join the waiting list"), "Space")
    press(page, page.get_by_role("button", name="Continue"))
    press(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", name="This session is full")).to_be_visible()
    look(page, "journey-2-check-full")
    press(page, page.get_by_role("button", name="Join the waiting list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You are on the waiting list")
    expect(page.locator(".govuk-panel__body")).to_contain_text("2")
    look(page, "journey-2-waiting")

    # Cancelling the first place gives it to the person who has waited longest there.
    press(page, page.get_by_role("link", name="See all your bookings"))
    upcoming = page.get_by_role("table", name="Upcoming")
    expect(upcoming).to_contain_text("Place confirmed")
    expect(upcoming).to_contain_text("Waiting list: number 2")
    look(page, "journey-2-my-bookings")
    press(page, upcoming.get_by_role("link", name="Cancel").first)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to cancel your place?"
    )
    look(page, "journey-2-cancel")
    press(page, page.get_by_role("button", name="Yes, cancel the booking"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been cancelled")
    expect(page.get_by_role("table", name="Past and cancelled")).to_contain_text("Cancelled")
    expect(page.get_by_role("table", name="Upcoming")).to_contain_text("Waiting list: number 2")
    look(page, "journey-2-cancelled")

    assert Booking.objects.get(session=first, person=wendy).status == Booking.Status.CONFIRMED
    assert Booking.objects.get(session=first, person__email="second@example.org").status == (
        Booking.Status.WAITLISTED
    )
    told = [
        m for m in mail.outbox if m.to == [wendy.email] and "A place has come free" in m.subject
    ]
    assert len(told) == 1

    # Wendy sees the place in her own bookings.
    press(page, page.get_by_role("button", name="Log out"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    log_in_by_keyboard(page, live_server.url, wendy.email)
    press(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Bookings"))
    wendys = page.get_by_role("table", name="Upcoming")
    expect(wendys).to_contain_text(LEADERSHIP_ESSENTIALS)
    expect(wendys).to_contain_text("Place confirmed")
    look(page, "journey-2-promoted")


# Journey 3 -----------------------------------------------------------------------------------


@pytest.fixture
def no_worker_yet(settings):
    """Tasks go to an in-process broker no worker reads: the test prepares the report itself,
    while the page is watched waiting for it."""
    settings.CELERY_BROKER_URL = "memory://"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_celery_connections()
    yield
    reset_celery_connections()


def history(camden, islington, leeds, hackney) -> None:
    """Three councils engaged in April 2018 to March 2020: Camden improved its leadership
    judgement, Islington kept it, Leeds fell back. Requires improvement or inadequate: Camden
    and Hackney at the start, Leeds alone at the end."""
    inspection(camden, datetime.date(2017, 6, 1), overall=3, leadership=3)
    inspection(camden, datetime.date(2019, 9, 1), overall=2, leadership=2)
    engagement(camden, datetime.date(2018, 6, 1), "2")
    inspection(islington, datetime.date(2017, 1, 1), overall=2, leadership=2)
    inspection(islington, datetime.date(2019, 7, 1), overall=2, leadership=2)
    engagement(islington, datetime.date(2019, 1, 10), "1.5")
    inspection(leeds, datetime.date(2016, 3, 1), overall=2, leadership=2)
    inspection(leeds, datetime.date(2019, 11, 1), overall=3, leadership=3)
    engagement(leeds, datetime.date(2018, 9, 1), "1")
    inspection(hackney, datetime.date(2017, 3, 1), overall=4, leadership=4)
    inspection(hackney, datetime.date(2019, 5, 1), overall=2, leadership=2)


def test_a_programme_manager_requests_watches_and_downloads_an_evaluation_report(
    page, live_server, programme_manager, camden, islington, leeds, no_worker_yet
):
    from councils.models import Council

    history(camden, islington, leeds, Council.objects.get(gss_code="E09000012"))
    log_in(page, live_server.url, programme_manager.email)

    press(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation reports")
    look(page, "journey-3-reports")
    tab_to(page, page.get_by_label("Period", exact=True)).select_option(
        label="April 2018 to March 2020 (the independent evaluation's period)"
    )
    press(page, page.get_by_role("button", name="Request the report"))

    # The page says what is happening, and keeps itself up to date.
    progress = page.locator("#report-progress")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your report is being prepared."
    )
    expect(progress).to_contain_text("Waiting for a worker to start it.")
    expect(progress.get_by_role("progressbar", name="Progress of the report")).to_be_visible()
    look(page, "journey-3-report-waiting")
    report = EvaluationReport.objects.get()
    assert report.status == EvaluationReport.Status.QUEUED

    report_tasks.generate_report(report.pk)  # a worker picks it up
    download_link = progress.get_by_role("link", name="Download the report (PDF)")
    expect(download_link).to_be_visible(timeout=15_000)
    expect(progress).to_contain_text("Ready")
    expect(progress).to_contain_text("councils where advisers spent time")
    look(page, "journey-3-report-ready")

    with page.expect_download() as download:
        press(page, download_link)
    assert download.value.suggested_filename.endswith(".pdf")
    reader = PdfReader(Path(download.value.path()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "England, 1 April 2018 to 31 March 2020" in text
    assert "3 councils where advisers spent time" in text
    assert "4.5 adviser days" in text
    assert "66.7% of councils improved or maintained" in text
    assert (
        "50.0% decrease in councils judged requires improvement or inadequate "
        "(2 at the start, 1 at the end)"
    ) in text
    assert "1 council improved, 1 maintained and 1 declined their leadership judgement" in text
