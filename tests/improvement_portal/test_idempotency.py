"""Every create form sent twice, one after the other or at the same moment, stores one row.

Each form is fetched as a browser would (so it carries the submission key the page issued),
then sent twice with the same answers: a double click, or a resend on a slow connection. The
parallel sends run in real threads on PostgreSQL, with the same session cookie, released
together from a barrier; both see the one stored record.
"""

from __future__ import annotations

import datetime
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from advisers.models import (
    Accreditation,
    Adviser,
    Availability,
    Engagement,
    EngagementUpload,
    SupportRequest,
)
from councils.models import OfstedUpload
from courses.models import Booking, Course, CourseSession, Feedback
from mentoring.models import (
    GroupOffice,
    GroupOfficeReferral,
    Match,
    Mentor,
    MentoringFeedback,
    MentoringRequest,
    MentoringSession,
)
from peer_challenges.models import PeerChallenge, TeamMember
from reports.models import EvaluationReport
from resources.models import Resource
from tests.courses.test_views_catalogue import session_data
from tests.factories.accounts import UserFactory
from tests.factories.advisers import AccreditationFactory, AdviserFactory, AvailabilityFactory
from tests.factories.courses import BookingFactory, CourseFactory, PastSessionFactory
from tests.factories.courses import SessionFactory as CourseSessionFactory
from tests.factories.mentoring import MatchFactory, MentorFactory, MentoringRequestFactory
from tests.factories.peer_challenges import ScopedChallengeFactory
from tests.factories.resources import pdf_bytes, upload

KEY = re.compile(r'<input type="hidden" name="submission_key" value="([0-9a-f-]{36})"')


@dataclass
class CreateForm:
    user: User
    url: str
    model: type[models.Model]
    answers: Callable[[], dict[str, Any]]  # fresh for each send: an uploaded file is read once
    earlier_steps: Callable[[Client], None] = field(default=lambda client: None)


def _engagement(request: pytest.FixtureRequest) -> CreateForm:
    user = request.getfixturevalue("principal_adviser")
    return _engagement_form_for(user, request.getfixturevalue("camden"))


def _support_request(request: pytest.FixtureRequest) -> CreateForm:
    request.getfixturevalue("principal_adviser")
    camden = request.getfixturevalue("camden")
    answers = {
        "council": camden.pk,
        "kind": "diagnostic",
        "contact_name": "Sam, DCS",
        "details": "Help with the front door.",
    }
    user = request.getfixturevalue("improvement_adviser")
    url = reverse("advisers:support-request-create")
    return CreateForm(user, url, SupportRequest, lambda: answers)


def _availability(request: pytest.FixtureRequest) -> CreateForm:
    answers = {"starts_on": "2030-05-01", "ends_on": "2030-05-31", "days_available": "6"}
    user = request.getfixturevalue("associate")
    return CreateForm(user, reverse("advisers:availability"), Availability, lambda: answers)


def _accreditation(request: pytest.FixtureRequest) -> CreateForm:
    adviser = AdviserFactory(user=UserFactory(role=Role.IMPROVEMENT_ADVISER))
    answers = {
        "kind": "peer_challenge_lead",
        "awarded_on": "2025-01-10",
        "expires_on": "2028-01-10",
    }
    url = reverse("advisers:accreditation-create", args=[adviser.pk])
    user = request.getfixturevalue("programme_manager")
    return CreateForm(user, url, Accreditation, lambda: answers)


def _peer_challenge_request(request: pytest.FixtureRequest) -> CreateForm:
    camden = request.getfixturevalue("camden")

    def earlier_steps(client: Client) -> None:
        client.post(reverse("peer_challenges:request"), {"council": camden.pk})
        notes = {"request_notes": "The front door, after a focused visit."}
        client.post(reverse("peer_challenges:request-details"), notes)

    user = request.getfixturevalue("principal_adviser")
    url = reverse("peer_challenges:request-check")
    return CreateForm(user, url, PeerChallenge, lambda: {}, earlier_steps)


def _mentoring_request(request: pytest.FixtureRequest) -> CreateForm:
    def earlier_steps(client: Client) -> None:
        for step, answer in [
            ("kind", {"kind": "new_portfolio_holder"}),
            ("political-group", {"political_group": "green"}),
            ("group-preference", {"group_preference": "any"}),
            ("performance", {"performance_concern": "yes"}),
            ("needs", {"needs": "Working with a new director."}),
        ]:
            client.post(reverse("mentoring:request-step", args=[step]), answer)

    user = request.getfixturevalue("councillor")
    url = reverse("mentoring:request-check")
    return CreateForm(user, url, MentoringRequest, lambda: {}, earlier_steps)


def _match(request: pytest.FixtureRequest, status: str) -> Match:
    leeds = request.getfixturevalue("leeds")
    mentor = MentorFactory(user=UserFactory(role=Role.COUNCILLOR, council=leeds))
    councillor = request.getfixturevalue("councillor")
    return MatchFactory(request__mentee=councillor, mentor=mentor, status=status)


def _mentoring_session(request: pytest.FixtureRequest) -> CreateForm:
    match = _match(request, Match.Status.ACTIVE)
    answers = {
        "held_on": "2025-03-03",
        "duration_minutes": "45",
        "private_notes": "Useful.",
        "goals": "Prepare for the scrutiny committee.",
    }
    url = reverse("mentoring:session-create", args=[match.pk])
    return CreateForm(match.request.mentee, url, MentoringSession, lambda: answers)


def _mentoring_feedback(request: pytest.FixtureRequest) -> CreateForm:
    match = _match(request, Match.Status.COMPLETED)
    answers = {
        "rating": "5",
        "would_recommend": "yes",
        "comments": "Thank you.",
        "outcome": "I chair scrutiny with more confidence.",
    }
    url = reverse("mentoring:feedback", args=[match.pk])
    return CreateForm(match.request.mentee, url, MentoringFeedback, lambda: answers)


def _mentor(request: pytest.FixtureRequest) -> CreateForm:
    councillor = request.getfixturevalue("councillor")
    answers = {
        "user": councillor.pk,
        "council": councillor.council_id,
        "political_group": "labour",
        "experience": ["scrutiny", "corporate_parenting"],
        "capacity": "3",
        "is_active": "yes",
    }
    user = request.getfixturevalue("programme_manager")
    return CreateForm(user, reverse("mentoring:mentor-create"), Mentor, lambda: answers)


def _team_member(request: pytest.FixtureRequest) -> CreateForm:
    principal_adviser = request.getfixturevalue("principal_adviser")
    camden = request.getfixturevalue("camden")
    challenge = ScopedChallengeFactory(council=camden, requested_by=principal_adviser)
    peer = AdviserFactory(
        user=UserFactory(role=Role.ASSOCIATE),
        kind=Adviser.Kind.ASSOCIATE,
        home_council=request.getfixturevalue("leeds"),
    )
    AccreditationFactory(
        adviser=peer,
        kind="peer_challenge_lead",
        awarded_on=datetime.date(2024, 1, 1),
        expires_on=datetime.date(2027, 1, 1),
    )
    AvailabilityFactory(
        adviser=peer, starts_on=datetime.date(2025, 5, 1), ends_on=datetime.date(2025, 6, 30)
    )
    answers = {"adviser": peer.pk, "role": "lead_peer"}
    url = reverse("peer_challenges:team", args=[challenge.pk])
    return CreateForm(principal_adviser, url, TeamMember, lambda: answers)


def _resource(request: pytest.FixtureRequest) -> CreateForm:
    def answers() -> dict[str, Any]:
        return {
            "title": "Corporate parenting resource pack",
            "kind": "resource_pack",
            "audiences": ["councillors", "portfolio_holders"],
            "summary": "Every councillor is a corporate parent.",
            "topics": "Corporate parenting",
            "status": "published",
            "published_on": "2019-02-11",
            "upload": upload("pack.pdf", pdf_bytes()),
        }

    user = request.getfixturevalue("programme_manager")
    return CreateForm(user, reverse("resources:create"), Resource, answers)


def _course(request: pytest.FixtureRequest) -> CreateForm:
    answers = {
        "title": "Peer challenge team member training",
        "kind": Course.Kind.ACCREDITED,
        "summary": "Two days of training for peer challenge team members.",
        "accreditation_kind": "peer_challenge_member",
        "accreditation_years": "3",
        "is_published": "on",
    }
    user = request.getfixturevalue("programme_manager")
    return CreateForm(user, reverse("courses:course-create"), Course, lambda: answers)


def _course_session(request: pytest.FixtureRequest) -> CreateForm:
    course = CourseFactory()
    answers = session_data()
    user = request.getfixturevalue("programme_manager")
    url = reverse("courses:session-create", args=[course.pk])
    return CreateForm(user, url, CourseSession, lambda: answers)


def _booking(request: pytest.FixtureRequest) -> CreateForm:
    session = CourseSessionFactory()

    def earlier_steps(client: Client) -> None:
        client.get(reverse("courses:book", args=[session.pk]))
        access = {"access_requirements": "Hearing loop"}
        client.post(reverse("courses:book-access", args=[session.pk]), access)
        dietary = {"dietary_requirements": "Vegetarian"}
        client.post(reverse("courses:book-dietary", args=[session.pk]), dietary)

    user = request.getfixturevalue("councillor")
    url = reverse("courses:book-check", args=[session.pk])
    return CreateForm(user, url, Booking, lambda: {}, earlier_steps)


def _course_feedback(request: pytest.FixtureRequest) -> CreateForm:
    councillor = request.getfixturevalue("councillor")
    booking = BookingFactory(person=councillor, session=PastSessionFactory(), status="attended")
    answers = {
        "content_rating": "5",
        "facilitators_rating": "4",
        "usefulness_rating": "5",
        "would_recommend": "yes",
    }
    url = reverse("courses:feedback", args=[booking.pk])
    return CreateForm(councillor, url, Feedback, lambda: answers)


def _report(request: pytest.FixtureRequest) -> CreateForm:
    user = request.getfixturevalue("programme_manager")
    answers = {"period": "fy2019", "region": ""}
    return CreateForm(user, reverse("reports:list"), EvaluationReport, lambda: answers)


def _ofsted_upload(request: pytest.FixtureRequest) -> CreateForm:
    line = "E09000007,Camden,2022-06-21,ILACS Standard Inspection,Good\n"
    header = "Local authority area code,Local authority name,Publication date,Inspection type,"
    content = f"{header}Overall effectiveness\n{line}".encode()

    def answers() -> dict[str, Any]:
        return {"file": SimpleUploadedFile("outcomes.csv", content)}

    user = request.getfixturevalue("programme_manager")
    return CreateForm(user, reverse("councils:import"), OfstedUpload, answers)


def _engagement_upload(request: pytest.FixtureRequest) -> CreateForm:
    header = "council,adviser,date,days,strand,activity,funding,commissioned_by_dfe,summary\n"

    def answers() -> dict[str, Any]:
        return {"file": SimpleUploadedFile("engagements.csv", header.encode())}

    user = request.getfixturevalue("programme_manager")
    return CreateForm(user, reverse("advisers:engagement-import"), EngagementUpload, answers)


def _group_office_ask(request: pytest.FixtureRequest) -> CreateForm:
    office, _ = GroupOffice.objects.update_or_create(
        political_group="labour",
        defaults={"name": "LGA Labour Group office", "contact_email": "lgalabour@local.gov.uk"},
    )
    found = MentoringRequestFactory(political_group="labour")
    answers = {"office": office.pk, "ask": "nominate", "note": "A mentor for a new lead member."}
    user = request.getfixturevalue("programme_manager")
    url = reverse("mentoring:office-ask", args=[found.pk])
    return CreateForm(user, url, GroupOfficeReferral, lambda: answers)


def _person_invitation(request: pytest.FixtureRequest) -> CreateForm:
    camden = request.getfixturevalue("camden")
    answers = {
        "full_name": "Alex Newcomer",
        "email": "alex.newcomer@example.org",
        "role": "councillor",
        "council": camden.pk,
    }
    user = request.getfixturevalue("programme_manager")
    return CreateForm(user, reverse("people:invite"), User, lambda: answers)


CREATE_FORMS = {
    "engagement": _engagement,
    "support request": _support_request,
    "availability period": _availability,
    "accreditation": _accreditation,
    "peer challenge request": _peer_challenge_request,
    "mentoring request": _mentoring_request,
    "mentoring session": _mentoring_session,
    "mentoring feedback": _mentoring_feedback,
    "mentor": _mentor,
    "team member": _team_member,
    "resource": _resource,
    "course": _course,
    "course session": _course_session,
    "booking": _booking,
    "course feedback": _course_feedback,
    "evaluation report": _report,
    "Ofsted upload": _ofsted_upload,
    "engagement upload": _engagement_upload,
    "group office ask": _group_office_ask,
    "person invitation": _person_invitation,
}


@pytest.fixture(params=list(CREATE_FORMS))
def create_form(request: pytest.FixtureRequest) -> CreateForm:
    return CREATE_FORMS[request.param](request)


def _open_form(form: CreateForm) -> tuple[Client, str]:
    """Sign in, take the earlier steps, and read the submission key the form page issued."""
    client = Client()
    client.force_login(form.user)
    form.earlier_steps(client)
    page = client.get(form.url)
    assert page.status_code == 200
    keys = KEY.findall(page.content.decode())
    assert len(keys) == 1, "the form carries one submission key"
    assert 'data-prevent-double-click="true"' in page.content.decode()
    return client, keys[0]


def _send(client: Client, form: CreateForm, key: str) -> str:
    response = client.post(form.url, {**form.answers(), "submission_key": key})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


@pytest.mark.django_db
def test_a_form_sent_twice_one_after_the_other_stores_one_row(create_form):
    client, key = _open_form(create_form)
    before = create_form.model.objects.count()

    first = _send(client, create_form, key)
    second = _send(client, create_form, key)

    assert create_form.model.objects.count() == before + 1
    assert second == first


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_form_sent_twice_at_the_same_moment_stores_one_row(create_form):
    client, key = _open_form(create_form)
    twin = Client()
    twin.cookies = client.cookies  # the same browser: one session
    before = create_form.model.objects.count()
    barrier = threading.Barrier(2)
    locations: list[str] = []
    errors: list[BaseException] = []

    def send(sender: Client) -> None:
        try:
            barrier.wait(timeout=30)
            locations.append(_send(sender, create_form, key))
        except BaseException as error:  # reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(sender,)) for sender in (client, twin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    assert create_form.model.objects.count() == before + 1
    assert len(locations) == 2 and locations[0] == locations[1]


@pytest.mark.django_db
def test_a_new_visit_to_a_form_is_a_new_submission(login, principal_adviser, camden):
    form = _engagement_form_for(principal_adviser, camden)
    client, first_key = _open_form(form)
    _, second_key = _open_form(form)

    _send(client, form, first_key)
    _send(client, form, second_key)

    assert first_key != second_key
    assert Engagement.objects.count() == 2


def _engagement_form_for(user: User, council: Any) -> CreateForm:
    answers = {
        "council": council.pk,
        # Within the last year, so the form does not first ask "Is this date right?".
        "date": (timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
        "days": "1",
        "strand": "intensive",
        "activity": "diagnostic",
        "funding": "free",
        "summary": "Diagnostic of the front door.",
    }
    return CreateForm(user, reverse("advisers:engagement-create"), Engagement, lambda: answers)


@pytest.mark.django_db
def test_a_key_copied_from_someone_elses_form_is_refused(
    principal_adviser, programme_manager, camden
):
    form = _engagement_form_for(principal_adviser, camden)
    client, key = _open_form(form)
    _send(client, form, key)
    AdviserFactory(user=principal_adviser)
    other = Client()
    other.force_login(programme_manager)

    answers = {**form.answers(), "adviser": principal_adviser.adviser_profile.pk}
    response = other.post(form.url, {**answers, "submission_key": key})

    assert response.status_code == 403
    assert Engagement.objects.count() == 1


# Submit buttons ---------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
FORM_OR_BUTTON = re.compile(
    r"<form\b[^>]*>|</form>|<button\b[^>]*>|<input\b[^>]*\btype=\"submit\"[^>]*>", re.I
)
GET_FORM = re.compile(r"<form\b[^>]*\bmethod=\"get\"", re.I)


def _buttons_sending_a_change(source: str) -> list[str]:
    """The submit buttons of a template, except those of GET forms (filters and searches).

    A button outside any form in its own template (allauth's button element, a fragment
    included into a form) is counted: it sends whatever form it ends up in.
    """
    buttons = []
    in_get_form = False
    for match in FORM_OR_BUTTON.finditer(source):
        tag = match.group(0)
        if tag.lower().startswith("<form"):
            in_get_form = bool(GET_FORM.match(tag))
        elif tag.lower() == "</form>":
            in_get_form = False
        elif not in_get_form and 'type="button"' not in tag:
            buttons.append(tag)
    return buttons


def test_every_button_that_sends_a_form_is_guarded_against_a_double_click():
    templates = sorted((ROOT / "templates").rglob("*.html")) + sorted(
        (ROOT / "jinja2").rglob("*.html")
    )
    missing = [
        f"{path.relative_to(ROOT)}: {button[:80]}"
        for path in templates
        for button in _buttons_sending_a_change(path.read_text())
        if 'data-prevent-double-click="true"' not in button
    ]

    assert len(templates) > 100  # the walk found the templates
    assert not missing, 'Add data-prevent-double-click="true":\n' + "\n".join(missing)
