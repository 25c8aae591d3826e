"""The personal calendar feed and the "Add to calendar" downloads, read back with icalendar."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from courses.models import Booking
from notifications import calendars
from notifications.models import CalendarFeed
from peer_challenges import services as challenge_services
from peer_challenges.models import PeerChallenge, TeamMember
from tests.factories.advisers import AdviserFactory, EngagementFactory
from tests.factories.courses import BookingFactory, SessionFactory
from tests.factories.mentoring import MatchFactory, MentoringSessionFactory
from tests.factories.peer_challenges import ScopedChallengeFactory

pytestmark = pytest.mark.django_db


def events_of(response) -> dict[str, object]:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


@pytest.fixture
def feed_owner(associate, councillor, camden, principal_adviser):
    """An associate with a booking, a place on a team, a mentoring session and a follow-up;
    and the same kinds of things belonging to other people."""
    adviser = AdviserFactory(user=associate)
    mine = {
        "booking": BookingFactory(person=associate, session=SessionFactory()),
        "cancelled": BookingFactory(
            person=associate, session=SessionFactory(), status=Booking.Status.CANCELLED
        ),
        "challenge": ScopedChallengeFactory(council=camden, requested_by=principal_adviser),
        "session": MentoringSessionFactory(
            match=MatchFactory(mentor__user=associate, status="active"),
            held_on=datetime.date.today(),
        ),
        "engagement": EngagementFactory(
            adviser=adviser, council=camden, follow_up_on=datetime.date.today()
        ),
    }
    TeamMember.objects.create(
        challenge=mine["challenge"], adviser=adviser, role=TeamMember.Role.MEMBER_PEER
    )
    BookingFactory(person=councillor, session=SessionFactory())  # someone else's
    return mine


def test_the_feed_holds_the_persons_own_events_and_parses(client, login, associate, feed_owner):
    login(associate).post(reverse("notifications:calendar-create"))
    feed = CalendarFeed.objects.get(user=associate)
    client.logout()

    events = events_of(client.get(feed.get_absolute_url()))  # no sign-in: a calendar app

    assert set(events) == {
        f"course-booking-{feed_owner['booking'].pk}",
        f"course-booking-{feed_owner['cancelled'].pk}",
        f"peer-challenge-{feed_owner['challenge'].pk}-on-site",
        f"mentoring-session-{feed_owner['session'].pk}",
        f"engagement-follow-up-{feed_owner['engagement'].pk}",
    }
    assert str(events[f"course-booking-{feed_owner['cancelled'].pk}"]["status"]) == "CANCELLED"
    assert str(events[f"course-booking-{feed_owner['booking'].pk}"]["status"]) == "CONFIRMED"
    on_site = events[f"peer-challenge-{feed_owner['challenge'].pk}-on-site"]
    assert on_site.decoded("dtstart") == feed_owner["challenge"].on_site_starts_on
    assert on_site.decoded("dtend") == feed_owner["challenge"].on_site_ends_on + datetime.timedelta(
        days=1
    )


def test_a_cancelled_challenge_stays_in_the_feed_marked_cancelled(associate, feed_owner):
    PeerChallenge.objects.filter(pk=feed_owner["challenge"].pk).update(
        status=PeerChallenge.Status.CANCELLED
    )
    calendar = Calendar.from_ical(calendars.build_calendar(calendars.events_for(associate)))
    [on_site] = [e for e in calendar.walk("VEVENT") if "peer-challenge" in str(e["uid"])]
    assert str(on_site["status"]) == "CANCELLED"


def test_a_revoked_address_answers_404_and_a_new_one_works(client, login, associate, feed_owner):
    person = login(associate)
    person.post(reverse("notifications:calendar-create"))
    old = CalendarFeed.objects.get(user=associate)
    person.post(reverse("notifications:calendar-revoke"))
    person.post(reverse("notifications:calendar-create"))
    new = CalendarFeed.objects.get(user=associate, revoked_at__isnull=True)
    client.logout()

    assert client.get(old.get_absolute_url()).status_code == 404
    assert client.get(reverse("notifications:calendar-feed", args=["guess"])).status_code == 404
    assert client.get(new.get_absolute_url()).status_code == 200
    assert new.token != old.token


def test_the_settings_page_shows_the_address_only_to_its_owner(login, associate, councillor):
    login(associate).post(reverse("notifications:calendar-create"))
    feed = CalendarFeed.objects.get(user=associate)

    assert feed.token in login(associate).get(reverse("notifications:settings")).content.decode()
    assert (
        feed.token not in login(councillor).get(reverse("notifications:settings")).content.decode()
    )


def test_add_to_calendar_for_a_booking_is_for_its_person_only(login, councillor, associate):
    booking = BookingFactory(person=councillor, session=SessionFactory())

    events = events_of(
        login(councillor).get(reverse("courses:booking-calendar", args=[booking.pk]))
    )
    assert list(events) == [f"course-booking-{booking.pk}"]
    assert login(associate).get(
        reverse("courses:booking-calendar", args=[booking.pk])
    ).status_code in (
        403,
        404,
    )


def test_add_to_calendar_for_the_on_site_week_and_a_mentoring_session(
    login, associate, feed_owner, councillor
):
    client = login(associate)
    challenge = feed_owner["challenge"]
    on_site = events_of(
        client.get(reverse("peer_challenges:on-site-calendar", args=[challenge.pk]))
    )
    assert list(on_site) == [f"peer-challenge-{challenge.pk}-on-site"]

    session = MentoringSessionFactory(match=MatchFactory(mentor__user=councillor, status="active"))
    held = events_of(
        login(councillor).get(reverse("mentoring:session-calendar", args=[session.pk]))
    )
    assert held[f"mentoring-session-{session.pk}"].decoded("dtstart") == session.held_on
    outsider = MatchFactory().mentor.user  # a councillor on another match
    assert login(outsider).get(
        reverse("mentoring:session-calendar", args=[session.pk])
    ).status_code in (403, 404)


@pytest.fixture
def follow_up(camden, principal_adviser, programme_manager) -> PeerChallenge:
    """Camden's challenge with its letter sent and a follow-up owned by the programme manager;
    the principal adviser asked for the challenge."""
    return ScopedChallengeFactory(
        council=camden,
        requested_by=principal_adviser,
        status=PeerChallenge.Status.FEEDBACK_SENT,
        follow_up_on=datetime.date(2025, 12, 1),
        follow_up_owner=programme_manager,
        follow_up_checks="Contacts with no further action are audited monthly.",
    )


def feed_events(client, login, user) -> dict[str, object]:
    login(user).post(reverse("notifications:calendar-create"))
    feed = CalendarFeed.objects.get(user=user, revoked_at__isnull=True)
    client.logout()
    return events_of(client.get(feed.get_absolute_url()))


def test_a_peer_challenge_follow_up_is_in_its_owners_feed_only(
    client, login, follow_up, programme_manager, principal_adviser
):
    uid = f"peer-challenge-{follow_up.pk}-follow-up"

    mine = feed_events(client, login, programme_manager)
    theirs = feed_events(client, login, principal_adviser)

    event = mine[uid]
    assert str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstart") == datetime.date(2025, 12, 1)
    assert event.decoded("dtend") == datetime.date(2025, 12, 2)
    assert str(event["summary"]) == "Peer challenge follow-up: Camden"
    assert "audited monthly" in str(event["description"])
    assert uid not in theirs


def test_a_waived_follow_up_is_marked_cancelled_or_gone_with_its_date(follow_up, programme_manager):
    def follow_ups() -> list:
        calendar = Calendar.from_ical(
            calendars.build_calendar(calendars.events_for(programme_manager))
        )
        return [e for e in calendar.walk("VEVENT") if "follow-up" in str(e["uid"])]

    def waive(follow_up_on: datetime.date | None) -> None:
        challenge_services.record_follow_up(
            challenge=follow_up,
            follow_up_on=follow_up_on,
            follow_up_owner=programme_manager,
            follow_up_notes="",
            waived_reason="The council has its own improvement board checking this.",
            actor=programme_manager,
        )

    waive(follow_up.follow_up_on)
    [event] = follow_ups()
    assert str(event["status"]) == "CANCELLED"

    waive(None)
    assert follow_ups() == []


def test_a_cancelled_challenges_follow_up_is_marked_cancelled(follow_up, programme_manager):
    PeerChallenge.objects.filter(pk=follow_up.pk).update(status=PeerChallenge.Status.CANCELLED)

    calendar = Calendar.from_ical(calendars.build_calendar(calendars.events_for(programme_manager)))

    [event] = calendar.walk("VEVENT")
    assert str(event["uid"]).startswith(f"peer-challenge-{follow_up.pk}-follow-up@")
    assert str(event["status"]) == "CANCELLED"
