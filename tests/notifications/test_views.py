"""The Notifications page, the header's count, email switches, and undelivered messages."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from notifications import services
from notifications.models import Notification, SwitchedOff

pytestmark = pytest.mark.django_db


def tell(person, subject: str, **fields) -> Notification:
    return Notification.objects.create(
        recipient=person,
        email=person.email,
        kind="report_finished",
        subject=subject,
        body_text=f"{subject} in full.",
        body_html=f"<p>{subject}</p>",
        link_url="/reports/",
        link_text="Open the report",
        **fields,
    )


def test_the_page_lists_only_my_notifications_newest_first(login, councillor, programme_manager):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)):
        tell(councillor, "Older news")
    with time_machine.travel(datetime.datetime(2026, 3, 3, 9, tzinfo=datetime.UTC)):
        tell(councillor, "Newer news")
    tell(programme_manager, "Someone else's news")

    page = login(councillor).get(reverse("notifications:list")).content.decode()

    assert page.index("Newer news") < page.index("Older news")
    assert "Someone else&#x27;s news" not in page and "Someone else's news" not in page
    assert "You have 2 unread." in page


def test_someone_elses_notification_is_not_found(login, councillor, programme_manager):
    theirs = tell(programme_manager, "Report ready")
    client = login(councillor)

    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_header_counts_unread_and_reading_one_lowers_it(login, councillor):
    first = tell(councillor, "First")
    tell(councillor, "Second")
    client = login(councillor)
    assert '2<span class="govuk-visually-hidden"> unread</span>' in client.get("/").content.decode()

    detail = client.get(first.get_absolute_url())
    assert "First in full." in detail.content.decode()
    first.refresh_from_db()
    assert first.read_at is None  # looking never writes

    response = client.post(reverse("notifications:read", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == "/reports/"
    assert '1<span class="govuk-visually-hidden"> unread</span>' in client.get("/").content.decode()


def test_mark_all_as_read(login, councillor):
    tell(councillor, "First")
    tell(councillor, "Second")
    client = login(councillor)

    client.post(reverse("notifications:read-all"))

    assert not Notification.objects.unread().exists()
    assert "You have read them all." in client.get(reverse("notifications:list")).content.decode()
    assert client.get(reverse("notifications:read-all")).status_code == 405


def test_an_empty_page_says_what_will_appear(login, associate):
    page = login(associate).get(reverse("notifications:list")).content.decode()
    assert "The portal has not told you anything yet." in page


def test_switches_offer_only_optional_kinds_and_are_kept(login, councillor):
    client = login(councillor)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Reminders a few days before a course" in page
    assert "always emailed" in page
    assert 'value="team_invitation"' not in page

    client.post(reverse("notifications:settings"), {"switched_on": ["bookings"]})

    off = set(SwitchedOff.objects.filter(user=councillor).values_list("switch", flat=True))
    assert "reminders" in off and "bookings" not in off
    page = client.get(reverse("notifications:settings")).content.decode()
    assert 'value="bookings" checked' in page or 'value="bookings"\n' not in page


def test_undelivered_messages_are_shown_to_programme_managers_with_the_reason(
    login, programme_manager, councillor, django_capture_on_commit_callbacks
):
    failed = tell(
        councillor,
        "Your place is booked",
        status=Notification.Status.FAILED,
        last_error="The mail server refused the address. Check the person's email address.",
        attempts=5,
    )
    client = login(programme_manager)
    listed = client.get(reverse("notifications:list")).content.decode()
    assert "1 message could not be delivered" in listed

    page = client.get(reverse("notifications:undelivered")).content.decode()
    assert "Your place is booked" in page
    assert "The mail server refused the address." in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:try-again", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.status == Notification.Status.SENT


def test_undelivered_messages_are_refused_to_everyone_else(login, councillor, principal_adviser):
    failed = tell(councillor, "Booked", status=Notification.Status.FAILED)
    for person in (councillor, principal_adviser):
        client = login(person)
        assert client.get(reverse("notifications:undelivered")).status_code == 403
        assert client.post(reverse("notifications:try-again", args=[failed.pk])).status_code == 403


def test_mark_read_refuses_someone_elses(councillor, programme_manager):
    theirs = tell(programme_manager, "Report ready")
    with pytest.raises(PermissionDenied):
        services.mark_read(notification=theirs, actor=councillor)
