"""Courses and sessions: browsing them, and programme managers adding and changing them."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses.models import Booking, Course, CourseSession
from tests.courses.conftest import make_councillors
from tests.factories.courses import (
    AccreditedCourseFactory,
    BookingFactory,
    CourseFactory,
    PastSessionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
OTHER_ROLES = ["principal_adviser", "improvement_adviser", "associate", "councillor"]


def url(name: str, *args: object) -> str:
    return reverse(f"courses:{name}", args=args)


def test_the_list_shows_upcoming_sessions_with_places_left(login, councillor):
    session = SessionFactory(capacity=12, course__title="Leadership Essentials: Spring")
    for person in make_councillors(4):
        BookingFactory(session=session, person=person)
    full = SessionFactory(capacity=1, course__title="Leadership Essentials: Summer")
    BookingFactory(session=full)
    past = PastSessionFactory(course__title="Leadership Essentials: Last year")
    cancelled = SessionFactory(status="cancelled", course__title="Leadership Essentials: Off")
    draft = SessionFactory(status="draft", course__title="Leadership Essentials: Draft")

    page = login(councillor).get(url("list"))

    assert page.status_code == 200
    assert "8 of 12" in page.text
    assert "Full: waiting list open" in page.text
    for hidden in (past, cancelled, draft):
        assert hidden.get_absolute_url() not in page.text


def test_the_list_filters_by_course_and_format(login, councillor):
    online = SessionFactory(is_online=True, venue="")
    in_person = SessionFactory()

    page = login(councillor).get(url("list"), {"format": "online"})
    assert online.get_absolute_url() in page.text
    assert in_person.get_absolute_url() not in page.text
    page = login(councillor).get(url("list"), {"course": in_person.course_id})
    assert in_person.get_absolute_url() in page.text
    assert online.get_absolute_url() not in page.text


def test_the_list_shows_the_councillors_own_booking(login, councillor):
    session = SessionFactory()
    BookingFactory(session=session, person=councillor, status="waitlisted")

    assert "Waiting list: number 1" in login(councillor).get(url("list")).text


def test_the_list_uses_the_same_queries_however_many_sessions(
    login, councillor, django_assert_num_queries
):
    client = login(councillor)
    BookingFactory(person=councillor)
    few = count_queries(client, url("list"))
    for _ in range(8):
        session = SessionFactory(course=CourseFactory())
        BookingFactory(session=session, person=councillor, status="waitlisted")
        BookingFactory(session=session)

    with django_assert_num_queries(few):
        client.get(url("list"))


def count_queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_a_session_page_shows_the_programme_and_places(login, associate):
    session = SessionFactory(programme="10:00 Political leadership\n11:30 A real case study")

    page = login(associate).get(url("session-detail", session.pk))

    assert page.status_code == 200
    assert "<li>10:00 Political leadership</li>" in page.text
    assert "10 of 10 left" in page.text


def test_drafts_are_hidden_from_everyone_but_programme_managers(
    login, councillor, programme_manager
):
    draft = SessionFactory(status="draft")

    assert login(councillor).get(url("session-detail", draft.pk)).status_code == 404
    assert login(programme_manager).get(url("session-detail", draft.pk)).status_code == 200


def test_unpublished_courses_are_hidden_from_everyone_but_programme_managers(
    login, councillor, programme_manager
):
    course = CourseFactory(is_published=False)

    assert login(councillor).get(url("course-detail", course.pk)).status_code == 404
    assert login(programme_manager).get(url("course-detail", course.pk)).status_code == 200


def test_associates_book_accredited_sessions_and_councillors_are_told_who_may(
    login, associate, councillor
):
    session = SessionFactory(course=AccreditedCourseFactory())

    page = login(associate).get(url("session-detail", session.pk))
    refused = login(councillor).get(url("session-detail", session.pk))

    assert url("book", session.pk) in page.text
    assert "Accredited courses are for advisers and associates" in refused.text
    assert url("book", session.pk) not in refused.text


def test_a_programme_manager_adds_a_course(login, programme_manager):
    client = login(programme_manager)

    empty = client.post(url("course-create"), {})
    assert "Enter the course title" in empty.text
    response = client.post(
        url("course-create"),
        {
            "title": "Peer challenge team member training",
            "kind": Course.Kind.ACCREDITED,
            "summary": "Two days of training for peer challenge team members.",
            "accreditation_kind": "",
            "accreditation_years": "3",
            "is_published": "on",
        },
    )
    assert "Select the accreditation the course awards" in response.text
    response = client.post(
        url("course-create"),
        {
            "title": "Peer challenge team member training",
            "kind": Course.Kind.ACCREDITED,
            "summary": "Two days of training for peer challenge team members.",
            "accreditation_kind": "peer_challenge_member",
            "accreditation_years": "3",
            "is_published": "on",
        },
    )

    course = Course.objects.get()
    assert response.url == course.get_absolute_url()
    assert course.accreditation_kind == "peer_challenge_member"


def test_a_programme_manager_changes_a_course(login, programme_manager):
    course = CourseFactory(title="Old title")
    data = {
        "title": "Leadership Essentials: new portfolio holders",
        "kind": course.kind,
        "summary": course.summary,
        "accreditation_years": "3",
    }

    login(programme_manager).post(url("course-edit", course.pk), data)

    course.refresh_from_db()
    assert course.title == "Leadership Essentials: new portfolio holders"
    assert course.is_published is False


def session_data(**changes: object) -> dict[str, object]:
    starts = timezone.localtime() + datetime.timedelta(days=40)
    return {
        "starts_at": f"{starts:%Y-%m-%d}T09:30",
        "ends_at": f"{starts:%Y-%m-%d}T16:00",
        "venue": "Local Government House, London",
        "capacity": "24",
        "booking_opens_at": f"{timezone.localtime():%Y-%m-%d}T00:00",
        "booking_closes_at": f"{starts - datetime.timedelta(days=7):%Y-%m-%d}T17:00",
        "status": "published",
        "programme": "09:30 Welcome",
        **changes,
    }


def test_a_programme_manager_adds_a_session(login, programme_manager):
    course = CourseFactory()

    response = login(programme_manager).post(url("session-create", course.pk), session_data())

    session = CourseSession.objects.get()
    assert response.url == session.get_absolute_url()
    assert session.capacity == 24
    assert timezone.localtime(session.starts_at).hour == 9


def test_session_errors_are_in_plain_words(login, programme_manager):
    course = CourseFactory()
    data = session_data(venue="", capacity="", ends_at="2020-01-01T09:00")

    page = login(programme_manager).post(url("session-create", course.pk), data)

    assert "Enter the venue, or say the session is online" in page.text
    assert "Enter the number of places, for example 24" in page.text
    assert "The session must end after it starts" in page.text
    assert "This field is required" not in page.text
    assert not CourseSession.objects.exists()


def test_a_programme_manager_cannot_cut_places_below_those_booked(login, programme_manager):
    session = SessionFactory(capacity=5)
    for person in make_councillors(4):
        BookingFactory(session=session, person=person)

    page = login(programme_manager).post(
        url("session-edit", session.pk), session_data(capacity="3")
    )

    assert "Enter at least 4: 4 places are already booked." in page.text
    session.refresh_from_db()
    assert session.capacity == 5


def test_a_programme_manager_cancels_a_session(
    login, programme_manager, django_capture_on_commit_callbacks
):
    session = SessionFactory()
    BookingFactory(session=session)
    client = login(programme_manager)

    assert (
        "Are you sure you want to cancel this session?"
        in client.get(url("session-cancel", session.pk)).text
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("session-cancel", session.pk))

    assert CourseSession.objects.get().status == "cancelled"
    assert Booking.objects.get().status == "cancelled"
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_only_programme_managers_manage_courses(request, login, persona):
    client = login(request.getfixturevalue(persona))
    course = CourseFactory()
    session = SessionFactory(course=course)

    for path in [
        url("course-create"),
        url("course-edit", course.pk),
        url("session-create", course.pk),
        url("session-edit", session.pk),
        url("session-cancel", session.pk),
    ]:
        assert client.get(path).status_code == 403, path
    assert client.post(url("session-cancel", session.pk)).status_code == 403
    assert CourseSession.objects.get().status == "published"


@pytest.mark.parametrize("persona", ["programme_manager", *OTHER_ROLES])
def test_every_role_may_read_courses(request, login, persona):
    client = login(request.getfixturevalue(persona))
    session = SessionFactory()

    assert client.get(url("list")).status_code == 200
    assert client.get(url("session-detail", session.pk)).status_code == 200
    assert client.get(url("course-list")).status_code == 200
    assert client.get(url("course-detail", session.course_id)).status_code == 200


def test_logged_out_visitors_are_sent_to_log_in(client):
    response = client.get(url("list"))

    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_session_form_shows_local_times_and_saves_changes(login, programme_manager):
    session = SessionFactory(capacity=10)
    client = login(programme_manager)
    local = timezone.localtime(session.starts_at)

    form = client.get(url("session-edit", session.pk))
    assert f'value="{local:%Y-%m-%dT%H:%M}"' in form.text
    response = client.post(url("session-edit", session.pk), session_data(capacity="30"))

    assert response.url == session.get_absolute_url()
    session.refresh_from_db()
    assert session.capacity == 30


def test_leadership_essentials_awards_no_accreditation(login, programme_manager):
    data = {
        "title": "Leadership Essentials: scrutiny",
        "kind": Course.Kind.LEADERSHIP_ESSENTIALS,
        "summary": "Scrutiny of children's services.",
        "accreditation_kind": "diagnostic",
        "accreditation_years": "3",
    }

    page = login(programme_manager).post(url("course-create"), data)

    assert "Leadership Essentials courses do not award accreditation" in page.text
    assert not Course.objects.exists()
