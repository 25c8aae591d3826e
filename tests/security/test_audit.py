"""Every change to an engagement, a booking, a peer challenge (and its team) or a mentoring
match leaves exactly one audit row saying who, when, and what changed from what to what;
bulk writes included. Audit rows cannot be changed from the portal, not even by a superuser.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from advisers.models import Engagement
from courses import services as course_services
from courses.models import Booking, CourseSession
from mentoring.models import Match
from peer_challenges import services as challenge_services
from peer_challenges.models import PeerChallenge, TeamMember
from tests.factories import advisers as adviser_factories
from tests.factories import courses as course_factories
from tests.factories import mentoring as mentoring_factories
from tests.factories import peer_challenges as challenge_factories
from tests.factories.accounts import UserFactory
from tests.security.conftest import World

Action = LogEntry.Action


def rows(obj: models.Model) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(obj).order_by("pk"))


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def one_new_row(obj: models.Model, change: Callable[[], Any]) -> LogEntry:
    """Run ``change`` and return the single audit row it added for ``obj``."""
    before = len(rows(obj))
    started = timezone.now()
    change()
    added = rows(obj)[before:]
    assert len(added) == 1, f"{type(obj).__name__} {obj.pk}: {len(added)} audit rows, not 1"
    assert added[0].timestamp >= started
    return added[0]


def assert_change(entry: LogEntry, action: int, actor: User | None, **fields: tuple[Any, Any]):
    assert entry.action == action
    assert entry.actor == actor
    changes = entry.changes_dict
    for name, (old, new) in fields.items():
        assert name in changes, f"{name} not in {sorted(changes)}"
        assert changes[name] == [str(old), str(new)], (name, changes[name])


# Engagements --------------------------------------------------------------------------------

ENGAGEMENT = {
    "date": "2025-03-03",
    "confirm_date": "2025-03-03",
    "days": "1.5",
    "strand": "intensive",
    "activity": "advice_dcs",
    "funding": "free",
    "summary": "Met the director.",
}


def test_logging_and_changing_an_engagement_leaves_one_row_each(world: World) -> None:
    client = client_for(world.cia)
    data = {**ENGAGEMENT, "council": str(world.camden.pk)}
    client.post(reverse("advisers:engagement-create"), data)
    engagement = Engagement.objects.get(summary="Met the director.")
    [created] = rows(engagement)
    assert_change(created, Action.CREATE, world.cia, summary=(None, "Met the director."))

    edit = reverse("advisers:engagement-edit", args=[engagement.pk])
    entry = one_new_row(
        engagement, lambda: client.post(edit, {**data, "summary": "Met the DCS.", "days": "2"})
    )

    assert_change(
        entry,
        Action.UPDATE,
        world.cia,
        summary=("Met the director.", "Met the DCS."),
        days=(Decimal("1.5"), Decimal("2.0")),
    )


def test_saving_an_engagement_unchanged_leaves_no_row(world: World) -> None:
    client = client_for(world.cia)
    data = {**ENGAGEMENT, "council": str(world.camden.pk)}
    client.post(reverse("advisers:engagement-create"), data)
    engagement = Engagement.objects.get()

    client.post(reverse("advisers:engagement-edit", args=[engagement.pk]), data)

    assert len(rows(engagement)) == 1


def test_imported_engagements_leave_one_row_each(world: World, tmp_path: Path) -> None:
    adviser_factories.AdviserFactory(user=world.cia)
    path = tmp_path / "engagements.csv"
    path.write_text(
        "council,adviser,date,days,strand,activity,funding,commissioned_by_dfe,summary\n"
        f"{world.camden.gss_code},{world.cia.email},2024-05-01,1,intensive,diagnostic,free,no,First\n"
        f"{world.camden.gss_code},{world.cia.email},2024-06-01,0.5,intensive,review,free,yes,Second\n"
    )

    call_command("import_engagements", str(path))

    engagements = Engagement.objects.order_by("date")
    assert [e.summary for e in engagements] == ["First", "Second"]
    for engagement in engagements:
        [entry] = rows(engagement)
        assert_change(entry, Action.CREATE, None, summary=(None, engagement.summary))


# Bookings -----------------------------------------------------------------------------------


def test_booking_a_place_leaves_one_row(world: World) -> None:
    session = course_factories.SessionFactory()
    client = client_for(world.councillor)
    client.get(reverse("courses:book", args=[session.pk]))
    client.post(reverse("courses:book-access", args=[session.pk]), {"access_requirements": "Lift"})
    client.post(reverse("courses:book-dietary", args=[session.pk]), {"dietary_requirements": ""})
    client.post(reverse("courses:book-check", args=[session.pk]))

    booking = Booking.objects.get(session=session)
    [entry] = rows(booking)
    assert_change(entry, Action.CREATE, world.councillor, access_requirements=(None, "Lift"))


def test_cancelling_a_place_leaves_one_row_for_it_and_one_for_the_place_offered(
    world: World,
) -> None:
    session = course_factories.SessionFactory(capacity=1)
    mine = course_factories.BookingFactory(session=session, person=world.councillor)
    waiting = course_factories.BookingFactory(
        session=session, status=Booking.Status.WAITLISTED, confirmed_at=None
    )
    url = reverse("courses:booking-cancel", args=[mine.pk])

    waiting_rows = len(rows(waiting))

    entry = one_new_row(mine, lambda: client_for(world.councillor).post(url))

    assert_change(entry, Action.UPDATE, world.councillor, status=("confirmed", "cancelled"))
    [promoted] = rows(waiting)[waiting_rows:]
    assert_change(promoted, Action.UPDATE, world.councillor, status=("waitlisted", "confirmed"))


def test_cancelling_a_session_leaves_one_row_per_booking(world: World) -> None:
    session = course_factories.SessionFactory()
    bookings = [course_factories.BookingFactory(session=session) for _ in range(3)]
    assert all(len(rows(booking)) == 1 for booking in bookings)  # their creation

    client_for(world.pm).post(reverse("courses:session-cancel", args=[session.pk]))

    assert CourseSession.objects.get(pk=session.pk).status == CourseSession.Status.CANCELLED
    for booking in bookings:
        [_, entry] = rows(booking)
        assert_change(entry, Action.UPDATE, world.pm, status=("confirmed", "cancelled"))


def test_marking_attendance_leaves_one_row(world: World) -> None:
    booking = course_factories.BookingFactory(session=course_factories.PastSessionFactory())
    url = reverse("courses:mark-attendance", args=[booking.pk])

    entry = one_new_row(booking, lambda: client_for(world.pm).post(url, {"attended": "yes"}))

    assert_change(entry, Action.UPDATE, world.pm, status=("confirmed", "attended"))


def test_a_reminder_claimed_in_bulk_leaves_one_row(world: World) -> None:
    session = course_factories.SessionFactory(
        starts_at=timezone.now() + datetime.timedelta(days=3),
        booking_closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    booking = course_factories.BookingFactory(session=session, person=world.councillor)

    entry = one_new_row(booking, lambda: course_services.send_reminder(booking_id=booking.pk))

    assert entry.action == Action.UPDATE
    assert entry.actor is None  # the daily job, not a person
    assert entry.changes_dict["reminder_sent_at"][0] == "None"
    # Sent at most once: a second run changes nothing, and so records nothing.
    count = len(rows(booking))
    assert course_services.send_reminder(booking_id=booking.pk) is False
    assert len(rows(booking)) == count


# Peer challenges ----------------------------------------------------------------------------


def test_requesting_a_peer_challenge_leaves_one_row(world: World) -> None:
    client = client_for(world.pa)
    client.post(reverse("peer_challenges:request"), {"council": world.camden.pk})
    client.post(reverse("peer_challenges:request-details"), {"request_notes": "A diagnostic"})
    client.post(reverse("peer_challenges:request-check"))

    challenge = PeerChallenge.objects.get()
    [entry] = rows(challenge)
    assert_change(entry, Action.CREATE, world.pa, request_notes=(None, "A diagnostic"))


def test_each_step_of_a_peer_challenge_leaves_one_row(world: World) -> None:
    challenge = challenge_factories.PeerChallengeFactory(
        council=world.camden, requested_by=world.pm
    )
    client = client_for(world.pm)

    moved = one_new_row(
        challenge,
        lambda: client.post(
            reverse("peer_challenges:move", args=[challenge.pk]), {"to": "scoping"}
        ),
    )
    assert_change(moved, Action.UPDATE, world.pm, status=("requested", "scoping"))

    scoped = one_new_row(
        challenge,
        lambda: client.post(
            reverse("peer_challenges:scoping", args=[challenge.pk]),
            {
                "focus": ["front_door"],
                "key_lines_of_enquiry": "How safe is the front door?",
                "on_site_starts_on": "2025-06-02",
                "on_site_ends_on": "2025-06-06",
                "funding": "free",
            },
        ),
    )
    assert_change(
        scoped, Action.UPDATE, world.pm, key_lines_of_enquiry=("", "How safe is the front door?")
    )

    cancelled = one_new_row(
        challenge,
        lambda: client.post(
            reverse("peer_challenges:cancel", args=[challenge.pk]), {"reason": "Asked to"}
        ),
    )
    assert_change(cancelled, Action.UPDATE, world.pm, status=("scoping", "cancelled"))


def test_writing_the_letter_leaves_one_row_and_its_pdf_one_more(world: World) -> None:
    challenge = challenge_factories.ScopedChallengeFactory(
        council=world.camden, requested_by=world.pm, status=PeerChallenge.Status.ON_SITE
    )
    url = reverse("peer_challenges:letter", args=[challenge.pk])
    letter = {"strengths": "Strong", "areas_for_consideration": "Plans", "recommendations": "Go"}

    written = one_new_row(challenge, lambda: client_for(world.pm).post(url, letter))

    assert_change(
        written, Action.UPDATE, world.pm, strengths=("", "Strong"), letter_status=("", "preparing")
    )
    challenge.refresh_from_db()
    rendered = one_new_row(
        challenge,
        lambda: challenge_services.render_feedback_letter(
            challenge_id=challenge.pk, revision=challenge.letter_revision
        ),
    )
    assert_change(rendered, Action.UPDATE, None, letter_status=("preparing", "ready"))


def test_recording_the_follow_up_leaves_one_row(world: World) -> None:
    challenge = challenge_factories.ScopedChallengeFactory(
        council=world.camden,
        requested_by=world.pm,
        status=PeerChallenge.Status.FEEDBACK_SENT,
        letter_sent_at=timezone.now(),
    )
    url = reverse("peer_challenges:follow-up", args=[challenge.pk])

    entry = one_new_row(
        challenge,
        lambda: client_for(world.pm).post(
            url,
            {
                "needed": "yes",
                "follow_up_on": "2025-09-01",
                "follow_up_owner": world.pm.pk,
                "follow_up_checks": "The plan",
                "follow_up_notes": "Progress",
            },
        ),
    )

    assert_change(entry, Action.UPDATE, world.pm, follow_up_notes=("", "Progress"))


def test_a_team_member_added_then_removed_leaves_one_row_each(world: World) -> None:
    challenge = challenge_factories.ScopedChallengeFactory(
        council=world.camden, requested_by=world.pm
    )
    member = challenge_factories.TeamMemberFactory(
        challenge=challenge, adviser=world.associate_adviser
    )
    assert len(rows(member)) == 1  # its creation
    url = reverse("peer_challenges:team-remove", args=[challenge.pk, member.pk])

    client_for(world.pm).post(url)

    assert not TeamMember.objects.filter(pk=member.pk).exists()
    deleted = rows(member)[1:]
    assert len(deleted) == 1
    assert_change(deleted[0], Action.DELETE, world.pm, role=("member_peer", None))


# Mentoring matches --------------------------------------------------------------------------


def test_each_step_of_a_match_leaves_one_row(world: World) -> None:
    mentor = mentoring_factories.MentorFactory()
    request = mentoring_factories.MentoringRequestFactory()
    pm = client_for(world.pm)
    pm.post(reverse("mentoring:propose", args=[request.pk]), {"mentor": mentor.pk})
    match = Match.objects.get(request=request)
    [proposed] = rows(match)
    assert_change(proposed, Action.CREATE, world.pm, status=(None, "proposed"))
    mentor_client = client_for(mentor.user)

    for step, (old, new), data in (
        ("accept", ("proposed", "accepted"), {}),
        ("start", ("accepted", "active"), {}),
        ("complete", ("active", "completed"), {"outcome": "Goals met."}),
    ):
        url = reverse(f"mentoring:{step}", args=[match.pk])
        entry = one_new_row(match, lambda url=url, data=data: mentor_client.post(url, data))
        assert_change(entry, Action.UPDATE, mentor.user, status=(old, new))


def test_declining_with_a_reason_leaves_one_row(world: World) -> None:
    match = mentoring_factories.MatchFactory(status=Match.Status.PROPOSED)
    url = reverse("mentoring:decline", args=[match.pk])

    entry = one_new_row(
        match, lambda: client_for(match.mentor.user).post(url, {"reason": "No time this year"})
    )

    assert_change(
        entry,
        Action.UPDATE,
        match.mentor.user,
        status=("proposed", "declined"),
        decline_reason=("", "No time this year"),
    )


def test_the_first_session_of_an_accepted_match_leaves_one_row(world: World) -> None:
    match = mentoring_factories.MatchFactory(status=Match.Status.ACCEPTED)
    url = reverse("mentoring:session-create", args=[match.pk])

    entry = one_new_row(
        match,
        lambda: client_for(match.mentor.user).post(
            url,
            {
                "held_on": "2025-03-03",
                "duration_minutes": "60",
                "private_notes": "",
                "goals": "Chair the improvement board.",
            },
        ),
    )

    assert_change(entry, Action.UPDATE, match.mentor.user, status=("accepted", "active"))


# Audit rows cannot be changed from the portal -------------------------------------------------


@pytest.fixture
def superuser(councils: None) -> User:
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


def test_audit_rows_are_read_only_in_the_admin_even_for_a_superuser(
    world: World, superuser: User
) -> None:
    engagement = adviser_factories.EngagementFactory(council=world.camden, adviser=world.adviser)
    engagement.summary = "Changed"
    engagement.save()
    [*_, entry] = rows(engagement)
    original = LogEntry.objects.filter(pk=entry.pk).values().get()
    client = client_for(superuser)
    base = "/admin/auditlog/logentry/"

    assert client.get(base).status_code == 200  # readable
    assert client.get(f"{base}{entry.pk}/change/").status_code == 200
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}add/", {"action": 0, "object_repr": "forged"}).status_code == 403
    client.post(f"{base}{entry.pk}/change/", {"object_repr": "forged", "changes": "{}"})
    assert client.get(f"{base}{entry.pk}/delete/").status_code == 403
    assert client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(base, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})

    assert LogEntry.objects.filter(pk=entry.pk).values().get() == original
    page = client.get(f"{base}{entry.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert "delete_selected" not in client.get(base).content.decode()


def test_audited_requests_leave_no_audit_context_behind(world: World) -> None:
    """Each service names its actor inside a request that already has one; nesting
    django-auditlog's contexts would leave a signal receiver connected per request."""
    from django.db.models.signals import pre_save

    challenge = challenge_factories.ScopedChallengeFactory(
        council=world.camden, requested_by=world.pm, status=PeerChallenge.Status.ON_SITE
    )
    session = course_factories.SessionFactory(capacity=1)
    mine = course_factories.BookingFactory(session=session, person=world.councillor)
    course_factories.BookingFactory(
        session=session, status=Booking.Status.WAITLISTED, confirmed_at=None
    )
    receivers = len(pre_save.receivers)

    pm = client_for(world.pm)
    for text in ("First", "Second", "Third"):
        pm.post(
            reverse("peer_challenges:letter", args=[challenge.pk]),
            {"strengths": text, "areas_for_consideration": "a", "recommendations": "r"},
        )
    client_for(world.councillor).post(reverse("courses:booking-cancel", args=[mine.pk]))

    assert len(rows(challenge)) == 1 + 3  # its creation, then each letter
    assert rows(challenge)[-1].actor == world.pm
    assert len(pre_save.receivers) == receivers
