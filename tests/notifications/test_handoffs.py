"""Every hand-off between people: the change writes exactly one outbox row per person told,
in its own transaction; the task sends exactly one email each; a rolled-back change sends
nothing. (Bookings are covered in tests/courses/test_emails.py.)"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import TestCase

from accounts.roles import Role
from advisers import services as adviser_services
from advisers.models import Accreditation, SupportRequest
from councils.models import CouncilContact
from mentoring import services as mentoring_services
from mentoring.models import Match
from notifications.models import Notification
from peer_challenges import services as challenge_services
from peer_challenges.models import PeerChallenge, TeamMember
from reports import services as report_services
from reports.models import EvaluationReport
from tests.factories.advisers import AccreditationFactory, AdviserFactory, EngagementFactory
from tests.factories.mentoring import MatchFactory, MentorFactory, MentoringRequestFactory
from tests.factories.reports import EvaluationReportFactory
from tests.peer_challenges.conftest import (  # noqa: F401 - fixtures
    challenge,
    give_ready_team,
    make_peer,
    ready_in,
)

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


@pytest.fixture
def handoff(django_capture_on_commit_callbacks) -> Callable[[Callable[[], Any]], list[Any]]:
    """Run a change; return the outbox rows it wrote, after checking each row was written
    inside the change's transaction (nothing sent before commit) and emailed once after."""

    def _run(change: Callable[[], Any]) -> list[Notification]:
        before = set(Notification.objects.values_list("pk", flat=True))
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=False) as queued:
            change()
        rows = list(Notification.objects.exclude(pk__in=before).order_by("pk"))
        assert mail.outbox == [], "nothing leaves before the commit"
        for callback in queued:
            callback()
        assert sorted(m.to[0] for m in mail.outbox) == sorted(row.email for row in rows)
        for row in rows:
            row.refresh_from_db()
            assert row.status == Notification.Status.SENT
        return rows

    return _run


def assert_rolled_back_sends_nothing(change: Callable[[], Any]) -> None:
    """The change, rolled back after it ran, leaves no outbox row and nothing to send: the
    after-commit work queued inside it is run (if any survived) and no email leaves."""
    before = Notification.objects.count()
    mail.outbox.clear()
    with (
        pytest.raises(Rollback),
        TestCase.captureOnCommitCallbacks(execute=True) as survivors,
        transaction.atomic(),
    ):
        change()
        raise Rollback
    assert survivors == []
    assert Notification.objects.count() == before
    assert mail.outbox == []


def kinds_and_people(rows: list[Notification]) -> list[tuple[str, str]]:
    return [(row.kind, row.email) for row in rows]


# Mentoring -------------------------------------------------------------------------------


@pytest.fixture
def proposal(programme_manager) -> dict[str, Any]:
    mentor = MentorFactory(user__email="mentor@example.org")
    request = MentoringRequestFactory(mentee__email="mentee@example.org")
    return {"mentor": mentor, "request": request, "pm": programme_manager}


def test_a_proposed_mentor_is_asked_once(handoff, proposal):
    def change():
        mentoring_services.propose_match(
            mentoring_request=proposal["request"], mentor=proposal["mentor"], actor=proposal["pm"]
        )

    rows = handoff(change)

    assert kinds_and_people(rows) == [("mentor_proposed", "mentor@example.org")]
    assert "/mentoring/reply/" in rows[0].link_url
    assert "Accept or decline" in mail.outbox[0].body
    Match.objects.all().delete()
    assert_rolled_back_sends_nothing(change)


@pytest.mark.parametrize("accept", [True, False])
def test_an_answered_match_tells_the_mentee_and_the_programme_manager(handoff, accept):
    match = MatchFactory(
        mentor__user__email="mentor@example.org",
        request__mentee__email="mentee@example.org",
        proposed_by__email="pm2@example.org",
    )

    def change():
        mentoring_services.answer_match(
            match=match, actor=match.mentor.user, accept=accept, reason="No time this spring."
        )

    rows = handoff(change)

    assert kinds_and_people(rows) == [
        ("match_answered", "mentee@example.org"),
        ("match_answered", "pm2@example.org"),
    ]
    to_pm = next(m for m in mail.outbox if m.to == ["pm2@example.org"])
    assert ("has agreed to mentor" if accept else "No time this spring.") in to_pm.body
    Match.objects.filter(pk=match.pk).update(status=Match.Status.PROPOSED)
    assert_rolled_back_sends_nothing(change)


# Peer challenges -------------------------------------------------------------------------


def test_a_person_put_on_a_team_is_invited(handoff, challenge, make_peer, principal_adviser):  # noqa: F811
    peer = make_peer("Lena Lead")

    def change():
        challenge_services.add_team_member(
            challenge=challenge,
            adviser=peer,
            role=TeamMember.Role.LEAD_PEER,
            actor=principal_adviser,
        )

    rows = handoff(change)

    assert kinds_and_people(rows) == [("team_invitation", peer.user.email)]
    assert "/peer-challenges/reply/" in rows[0].link_url
    TeamMember.objects.all().delete()
    assert_rolled_back_sends_nothing(change)


def test_new_on_site_dates_ask_every_member_again_and_flag_the_ineligible(
    handoff,
    challenge,  # noqa: F811
    make_peer,  # noqa: F811
    principal_adviser,
    programme_manager,
):
    lead, member = give_ready_team(challenge, make_peer)
    TeamMember.objects.update(added_by=principal_adviser)
    first_day, last_day = challenge.on_site_starts_on, challenge.on_site_ends_on

    def change():
        challenge_services.update_scoping(
            challenge=challenge,
            actor=principal_adviser,
            focus=challenge.focus,
            key_lines_of_enquiry=challenge.key_lines_of_enquiry,
            # The peers are available only until 30 June 2025.
            on_site_starts_on=datetime.date(2025, 7, 7),
            on_site_ends_on=datetime.date(2025, 7, 11),
            funding=challenge.funding,
        )

    assert_rolled_back_sends_nothing(change)
    challenge.refresh_from_db()
    assert (challenge.on_site_starts_on, challenge.on_site_ends_on) == (first_day, last_day)
    assert TeamMember.objects.filter(confirmed_at__isnull=True).count() == 0

    rows = handoff(change)

    kinds = kinds_and_people(rows)
    assert kinds.count(("on_site_dates_changed", lead.adviser.user.email)) == 1
    assert kinds.count(("on_site_dates_changed", member.adviser.user.email)) == 1
    assert kinds.count(("team_member_ineligible", principal_adviser.email)) == 2
    assert kinds.count(("team_member_ineligible", programme_manager.email)) == 2
    assert len(rows) == 6
    assert not TeamMember.objects.filter(confirmed_at__isnull=False).exists()
    assert "7 July 2025 to 11 July 2025" in mail.outbox[0].body


def test_the_feedback_letter_goes_to_the_councils_contacts_and_councillors_with_the_pdf(
    handoff,
    challenge,  # noqa: F811
    make_peer,  # noqa: F811
    principal_adviser,
    councillor,
):
    challenge = ready_in(challenge, PeerChallenge.Status.ON_SITE, make_peer)
    default_storage.save(challenge.letter_pdf.name, ContentFile(b"%PDF-1.7 letter"))
    CouncilContact.objects.create(
        council=challenge.council, name="Dana Director", email="dcs@camden.example.org"
    )

    def change():
        challenge_services.move_challenge(
            challenge=challenge,
            to_status=PeerChallenge.Status.FEEDBACK_SENT,
            actor=principal_adviser,
        )

    rows = handoff(change)

    assert sorted(kinds_and_people(rows)) == [
        ("feedback_letter_sent", "councillor@example.org"),
        ("feedback_letter_sent", "dcs@camden.example.org"),
    ]
    to_director = next(m for m in mail.outbox if m.to == ["dcs@camden.example.org"])
    assert to_director.body.startswith("Dear Dana Director,")
    [(filename, content, mimetype)] = to_director.attachments
    assert (content, mimetype) == (b"%PDF-1.7 letter", "application/pdf")
    assert filename.endswith(".pdf")
    PeerChallenge.objects.filter(pk=challenge.pk).update(status=PeerChallenge.Status.ON_SITE)
    assert_rolled_back_sends_nothing(change)


# Advisers and reports --------------------------------------------------------------------


def test_a_routed_support_request_tells_the_regions_principal_adviser(
    handoff, principal_adviser, programme_manager, camden
):
    def change():
        adviser_services.create_support_request(
            data={
                "council": camden,
                "kind": SupportRequest.Kind.DIAGNOSTIC,
                "details": "A diagnostic of the front door.",
                "contact_name": "Dana Director",
            },
            actor=programme_manager,
        )

    rows = handoff(change)

    assert kinds_and_people(rows) == [("support_request_routed", principal_adviser.email)]
    assert_rolled_back_sends_nothing(change)


def test_a_report_that_failed_tells_the_person_who_asked(handoff, programme_manager):
    report = EvaluationReportFactory(
        requested_by=programme_manager,
        status=EvaluationReport.Status.QUEUED,
        attempts=report_services.MAX_ATTEMPTS,
        enqueued_at=None,
    )

    assert_rolled_back_sends_nothing(report_services.requeue_stale_reports)
    report.refresh_from_db()
    assert report.status == EvaluationReport.Status.QUEUED

    rows = handoff(report_services.requeue_stale_reports)

    assert kinds_and_people(rows) == [("report_finished", programme_manager.email)]
    assert mail.outbox[0].subject == "Your evaluation report could not be prepared"
    report.refresh_from_db()
    assert report.status == EvaluationReport.Status.FAILED


def test_a_report_that_is_ready_tells_the_person_who_asked(handoff, programme_manager, councils):
    report = EvaluationReportFactory(
        requested_by=programme_manager,
        start=datetime.date(2024, 4, 1),
        end=datetime.date(2024, 6, 30),
    )

    def change():
        report_services.generate_report(report_id=report.pk)

    assert_rolled_back_sends_nothing(change)
    report.refresh_from_db()
    assert report.status == EvaluationReport.Status.QUEUED

    rows = handoff(change)

    assert kinds_and_people(rows) == [("report_finished", programme_manager.email)]
    assert mail.outbox[0].subject == "Your evaluation report is ready"


def test_an_accreditation_warns_the_associate_and_managers_at_60_and_14_days_once(
    handoff, associate, programme_manager
):
    adviser = AdviserFactory(user=associate)
    AccreditationFactory(
        adviser=adviser,
        kind=Accreditation.Kind.PEER_CHALLENGE_MEMBER,
        awarded_on=datetime.date(2023, 9, 1),
        expires_on=datetime.date(2026, 9, 30),
    )

    # Rolled back, the warning is not spent: the next run still sends it.
    assert_rolled_back_sends_nothing(
        lambda: adviser_services.warn_expiring_accreditations(today=datetime.date(2026, 8, 1))
    )
    at_60 = handoff(
        lambda: adviser_services.warn_expiring_accreditations(today=datetime.date(2026, 8, 1))
    )
    again = handoff(
        lambda: adviser_services.warn_expiring_accreditations(today=datetime.date(2026, 8, 2))
    )
    at_14 = handoff(
        lambda: adviser_services.warn_expiring_accreditations(today=datetime.date(2026, 9, 16))
    )

    people = sorted([associate.email, programme_manager.email])
    assert sorted(row.email for row in at_60) == people
    assert again == []
    assert sorted(row.email for row in at_14) == people
    assert "expires on 30 September 2026" in at_14[0].subject


def test_an_engagements_follow_up_date_tells_its_adviser_once(handoff, improvement_adviser, camden):
    adviser = AdviserFactory(user=improvement_adviser)
    EngagementFactory(adviser=adviser, council=camden, follow_up_on=datetime.date(2026, 5, 11))
    # Rolled back, the reminder is not spent: the same day's next run still sends it.
    assert_rolled_back_sends_nothing(
        lambda: adviser_services.remind_follow_ups(today=datetime.date(2026, 5, 11))
    )

    before = handoff(lambda: adviser_services.remind_follow_ups(today=datetime.date(2026, 5, 10)))
    on_the_day = handoff(
        lambda: adviser_services.remind_follow_ups(today=datetime.date(2026, 5, 11))
    )
    next_day = handoff(lambda: adviser_services.remind_follow_ups(today=datetime.date(2026, 5, 12)))

    assert before == [] and next_day == []
    assert kinds_and_people(on_the_day) == [("follow_up_due", improvement_adviser.email)]
    assert on_the_day[0].subject == "Follow-up due today: Camden"


def test_a_manager_is_not_told_of_their_own_support_request_routed_to_themselves(
    handoff, principal_adviser, camden
):
    rows = handoff(
        lambda: adviser_services.create_support_request(
            data={
                "council": camden,
                "kind": SupportRequest.Kind.DIAGNOSTIC,
                "details": "A diagnostic.",
                "contact_name": "Dana Director",
            },
            actor=principal_adviser,
        )
    )
    assert rows == []


def test_the_daily_reminders_are_in_the_beat_schedule():
    from improvement_portal.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "advisers.tasks.send_daily_reminders" in tasks
    assert Role.PROGRAMME_MANAGER
