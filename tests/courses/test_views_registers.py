"""Programme managers' registers: attendance, the attendee export and feedback summaries."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from courses.models import Booking
from tests.courses.conftest import make_councillors
from tests.factories.accounts import UserFactory
from tests.factories.courses import (
    BookingFactory,
    FeedbackFactory,
    PastSessionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(f"courses:{name}", args=args)


def test_the_register_lists_places_needs_and_the_waiting_list(login, programme_manager, camden):
    session = SessionFactory(capacity=1)
    holder = BookingFactory(
        session=session,
        person=UserFactory(full_name="Cllr Ada Holder", council=camden),
        access_requirements="Wheelchair user",
        dietary_requirements="Coeliac",
    )
    BookingFactory(
        session=session, person=UserFactory(full_name="Cllr Ben Waiting"), status="waitlisted"
    )

    page = login(programme_manager).get(url("register", session.pk))

    assert page.status_code == 200
    assert "1 of 1 places taken" in page.text
    assert "Cllr Ada Holder" in page.text and "Camden" in page.text
    assert "Wheelchair user" in page.text and "Coeliac" in page.text
    assert "Waiting list (1)" in page.text and "Cllr Ben Waiting" in page.text
    assert url("booking-cancel", holder.pk) in page.text


def test_marking_attendance_from_the_register(login, programme_manager):
    booking = BookingFactory(session=PastSessionFactory())
    client = login(programme_manager)

    assert "Attended" in client.get(url("register", booking.session_id)).text
    response = client.post(url("mark-attendance", booking.pk), {"attended": "yes"})

    assert response.url == url("register", booking.session_id)
    assert Booking.objects.get().status == "attended"
    client.post(url("mark-attendance", booking.pk), {"attended": "no"})
    assert Booking.objects.get().status == "no_show"


def test_marking_attendance_needs_a_post(login, programme_manager):
    booking = BookingFactory(session=PastSessionFactory())

    assert login(programme_manager).get(url("mark-attendance", booking.pk)).status_code == 405


def test_attendance_cannot_be_marked_before_the_session(login, programme_manager):
    booking = BookingFactory(session=SessionFactory())

    response = login(programme_manager).post(
        url("mark-attendance", booking.pk), {"attended": "yes"}
    )

    assert response.status_code == 403
    assert Booking.objects.get().status == "confirmed"


def test_the_attendee_export_lists_places_and_cannot_run_formulas(login, programme_manager):
    session = SessionFactory(capacity=2)
    BookingFactory(
        session=session,
        person=UserFactory(full_name='=HYPERLINK("http://evil.example")'),
        access_requirements="+44 hearing loop",
        dietary_requirements="@none",
    )
    BookingFactory(session=session, person=UserFactory(full_name="Cllr Plain"))
    BookingFactory(
        session=session, person=UserFactory(full_name="Cllr Waiting"), status="waitlisted"
    )
    BookingFactory(session=session, person=UserFactory(full_name="Cllr Gone"), status="cancelled")

    response = login(programme_manager).get(url("register-export", session.pk))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["Name", "Email", "Council", "Status"]
    names = sorted(row[0] for row in rows[1:])
    assert names == ['\'=HYPERLINK("http://evil.example")', "Cllr Plain"]
    dangerous = next(row for row in rows[1:] if row[0].startswith("'="))
    assert dangerous[4] == "'+44 hearing loop" and dangerous[5] == "'@none"


def test_the_registers_list_flags_sessions_needing_attendance(login, programme_manager):
    BookingFactory(session=PastSessionFactory())

    page = login(programme_manager).get(url("bookings"), {"period": "past"})

    assert "Bookings and attendance registers" in page.text
    assert "Attendance to record" in page.text


def test_the_registers_list_uses_the_same_queries_however_many_sessions(
    login, programme_manager, django_assert_num_queries
):
    client = login(programme_manager)
    BookingFactory(session=PastSessionFactory())
    few = count_queries(client, url("bookings"))
    for person in make_councillors(8):
        BookingFactory(session=SessionFactory(), person=person)
        BookingFactory(session=PastSessionFactory(), person=person, status="attended")

    with django_assert_num_queries(few):
        client.get(url("bookings"))


def test_the_register_uses_the_same_queries_however_many_bookings(
    login, programme_manager, django_assert_num_queries
):
    session = SessionFactory(capacity=5)
    client = login(programme_manager)
    BookingFactory(session=session)
    few = count_queries(client, url("register", session.pk))
    for person in make_councillors(12):
        BookingFactory(session=session, person=person, status="waitlisted")

    with django_assert_num_queries(few):
        client.get(url("register", session.pk))


def count_queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_feedback_is_summarised_per_session_with_comments(login, programme_manager):
    session = PastSessionFactory()
    FeedbackFactory(
        booking__session=session,
        content_rating=5,
        facilitators_rating=5,
        usefulness_rating=4,
        would_recommend=True,
        comments="The case study was the best part.",
    )
    FeedbackFactory(
        booking__session=session,
        content_rating=3,
        facilitators_rating=4,
        usefulness_rating=2,
        would_recommend=False,
    )

    page = login(programme_manager).get(url("session-feedback", session.pk))

    assert "Feedback from 2 attendees" in page.text
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">4.0</td>' in page.text
    assert "50.0%" in page.text
    assert "The case study was the best part." in page.text


def test_feedback_is_summarised_per_course(login, councillor, programme_manager):
    first, second = PastSessionFactory(), None
    second = PastSessionFactory(course=first.course)
    FeedbackFactory(booking__session=first, content_rating=5, comments="Private remark")
    FeedbackFactory(booking__session=second, content_rating=4, would_recommend=False)

    pm_page = login(programme_manager).get(url("course-detail", first.course_id))
    assert "Feedback from 2 attendees" in pm_page.text and "Private remark" in pm_page.text
    assert "Feedback by session (latest 2)" in pm_page.text
    assert url("session-feedback", first.pk) in pm_page.text
    assert (
        "Feedback by session"
        not in login(councillor).get(url("course-detail", first.course_id)).text
    )
    councillor_page = login(councillor).get(url("course-detail", first.course_id))
    assert "Feedback from 2 attendees" in councillor_page.text
    assert "Private remark" not in councillor_page.text


def test_the_whole_register_is_marked_in_one_form_with_exceptions_unticked(
    login, programme_manager
):
    session = PastSessionFactory(capacity=5)
    came, missed, also_came = (
        BookingFactory(session=session, person=person) for person in make_councillors(3)
    )
    waiting = BookingFactory(session=session, status="waitlisted")
    client = login(programme_manager)
    page = client.get(url("register", session.pk)).text
    assert page.count('name="attended" type="checkbox"') == 3 and "checked" in page

    response = client.post(url("mark-register", session.pk), {"attended": [came.pk, also_came.pk]})

    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses == {
        came.pk: "attended",
        missed.pk: "no_show",
        also_came.pk: "attended",
        waiting.pk: "waitlisted",
    }
    assert "2 attended, 1 did not attend" in client.get(response.url).text


def test_marking_the_register_writes_one_audit_row_per_booking(login, programme_manager):
    from auditlog.models import LogEntry

    session = PastSessionFactory(capacity=5)
    bookings = [BookingFactory(session=session, person=person) for person in make_councillors(4)]
    before = LogEntry.objects.filter(action=LogEntry.Action.UPDATE).count()

    login(programme_manager).post(url("mark-register", session.pk), {"attended": [bookings[0].pk]})

    updates = LogEntry.objects.filter(action=LogEntry.Action.UPDATE).order_by("pk")[before:]
    assert sorted(int(entry.object_pk) for entry in updates) == sorted(b.pk for b in bookings)
    assert all(entry.actor == programme_manager for entry in updates)
    assert all(entry.changes_dict["status"][0] == "confirmed" for entry in updates)


def test_the_register_cannot_be_marked_before_the_session_or_by_get(login, programme_manager):
    booking = BookingFactory(session=SessionFactory())
    client = login(programme_manager)

    assert (
        client.post(
            url("mark-register", booking.session_id), {"attended": [booking.pk]}
        ).status_code
        == 403
    )
    assert client.get(url("mark-register", booking.session_id)).status_code == 405
    assert Booking.objects.get().status == "confirmed"


def test_a_message_reaches_everyone_booked_or_waiting_through_the_notifications(
    login, programme_manager, django_capture_on_commit_callbacks
):
    from django.core import mail

    from notifications.models import Notification

    session = SessionFactory(capacity=1)
    booked, waiting, gone = make_councillors(3)
    BookingFactory(session=session, person=booked)
    BookingFactory(session=session, person=waiting, status="waitlisted")
    BookingFactory(session=session, person=gone, status="cancelled")
    client = login(programme_manager)

    empty = client.post(url("message-session", session.pk), {})
    assert "Enter a subject for the message" in empty.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("message-session", session.pk),
            {"subject": "Change of room", "message": "We are now in room 4."},
        )

    assert response.status_code == 302
    sent = Notification.objects.filter(kind="session_message")
    assert {n.recipient for n in sent} == {booked, waiting}
    assert all(n.subject.startswith("Change of room: ") for n in sent)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([booked.email, waiting.email])
    assert "We are now in room 4." in mail.outbox[0].body


def test_only_programme_managers_message_a_session(login, councillor):
    session = SessionFactory()

    response = login(councillor).post(
        url("message-session", session.pk), {"subject": "Hi", "message": "Hello"}
    )

    assert response.status_code == 403
