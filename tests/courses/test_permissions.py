"""Bookings are personal data: only the person booked and programme managers see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses import services
from tests.factories.accounts import UserFactory
from tests.factories.courses import (
    AccreditedCourseFactory,
    BookingFactory,
    PastSessionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

NOT_THE_OWNER = ["principal_adviser", "improvement_adviser", "associate", "another_councillor"]
NOT_A_MANAGER = ["principal_adviser", "improvement_adviser", "associate", "councillor"]


@pytest.fixture
def another_councillor(councils: None):
    return UserFactory(email="other.cllr@example.org", full_name="Cllr Other")


@pytest.fixture
def booking(councillor):
    return BookingFactory(
        person=councillor,
        session=SessionFactory(),
        access_requirements="Needs a hearing loop",
        dietary_requirements="Nut allergy",
    )


def url(name: str, *args: object) -> str:
    return reverse(f"courses:{name}", args=args)


@pytest.mark.parametrize("persona", ["councillor", "programme_manager"])
def test_the_person_booked_and_programme_managers_see_the_booking(request, login, booking, persona):
    client = login(request.getfixturevalue(persona))

    for name in ("booking-detail", "booking-confirmation"):
        page = client.get(url(name, booking.pk))
        assert page.status_code == 200
        assert "Needs a hearing loop" in page.text or name == "booking-confirmation"
    assert "Nut allergy" in client.get(url("booking-detail", booking.pk)).text
    assert client.get(url("booking-cancel", booking.pk)).status_code == 200


@pytest.mark.parametrize("persona", NOT_THE_OWNER)
def test_no_one_else_can_find_the_booking(request, login, booking, persona):
    client = login(request.getfixturevalue(persona))

    for name in ("booking-detail", "booking-confirmation", "booking-cancel", "feedback"):
        assert client.get(url(name, booking.pk)).status_code == 404, name
    assert client.post(url("booking-cancel", booking.pk)).status_code == 404
    booking.refresh_from_db()
    assert booking.status == "confirmed"


@pytest.mark.parametrize("persona", NOT_A_MANAGER)
def test_registers_and_exports_are_for_programme_managers_only(request, login, booking, persona):
    client = login(request.getfixturevalue(persona))
    session_id = booking.session_id

    assert client.get(url("register", session_id)).status_code == 403
    assert client.get(url("register-export", session_id)).status_code == 403
    assert client.get(url("session-feedback", session_id)).status_code == 403
    assert client.post(url("mark-attendance", booking.pk), {"attended": "yes"}).status_code == 403


def test_programme_managers_see_the_needs_on_the_register_and_export(
    login, booking, programme_manager
):
    client = login(programme_manager)

    assert "Nut allergy" in client.get(url("register", booking.session_id)).text
    export = client.get(url("register-export", booking.session_id))
    assert b"Needs a hearing loop" in b"".join(export.streaming_content)


@pytest.mark.parametrize("persona", ["principal_adviser", "improvement_adviser", "associate"])
def test_advisers_book_accredited_courses_for_themselves_and_see_only_their_own(
    request, login, persona, booking
):
    person = request.getfixturevalue(persona)
    accredited = SessionFactory(course=AccreditedCourseFactory())
    leadership = SessionFactory()
    client = login(person)

    assert client.get(url("book", accredited.pk)).status_code == 302
    assert client.get(url("book", leadership.pk)).status_code == 403
    own = services.book_place(session=accredited, person=person, actor=person)
    page = client.get(url("bookings"))
    assert page.status_code == 200
    assert accredited.course.title in page.text and "Nut allergy" not in page.text
    assert client.get(url("booking-detail", own.pk)).status_code == 200
    assert client.get(url("booking-detail", booking.pk)).status_code == 404


def test_my_bookings_never_shows_another_persons_needs(login, booking, another_councillor):
    page = login(another_councillor).get(url("bookings"))

    assert page.status_code == 200
    assert "Nut allergy" not in page.text and "hearing loop" not in page.text


def test_a_councillor_gives_feedback_only_on_their_own_booking(
    login, councillor, another_councillor
):
    own = BookingFactory(person=councillor, session=PastSessionFactory(), status="attended")

    assert login(councillor).get(url("feedback", own.pk)).status_code == 200
    assert login(another_councillor).get(url("feedback", own.pk)).status_code == 404
