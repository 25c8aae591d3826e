"""Every list, detail and form page of the portal, for every role, checked with axe-core.

The demo data (``seed_demo`` at a small scale, plus a few states it may not reach) gives each
page something realistic to show. Each viewer below is logged in once; for every page their
role may use, the Django test client finds the first candidate object they may open (200),
and the browser then loads it and runs axe-core: every WCAG 2.2 AA and best-practice rule at
desktop width, and the layout rules again on a phone, where nothing but a wide table may
scroll sideways (WCAG 1.4.10). A page built only from kinds of element already checked in the
same template (another role's view of it, say) is not loaded again: the browser is the cost.

``test_every_page_is_checked`` keeps the table honest: a new URL must be listed here as a
page, or as something that is not a page.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

import advisers.permissions
import demo.accounts
from accounts.models import User
from accounts.permissions import AREA_ROLES
from accounts.roles import Role
from advisers import services as adviser_services
from advisers.models import Adviser, Availability, EngagementUpload, SupportRequest
from councils import services as council_services
from councils.models import Council, OfstedUpload
from courses.models import Booking, Course, CourseSession
from mentoring import request_flow
from mentoring.models import Match, Mentor, MentoringFeedback, MentoringRequest
from peer_challenges.models import PeerChallenge, TeamMember
from reports.models import EvaluationReport
from resources.models import Resource
from tests.browser.support import LAYOUT_RULES, PHONES, WIDTHS, serious_violations, sideways
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import CouncillorFactory, MatchFactory, MentorFactory
from tests.factories.peer_challenges import TeamMemberFactory
from tests.factories.reports import done_report

APPS = [
    "councils",
    "advisers",
    "peer_challenges",
    "courses",
    "mentoring",
    "resources",
    "reports",
    "people",
]
CAMDEN = "E09000007"
LEEDS = "E08000035"
Kwargs = dict[str, Any]


# Candidate URL arguments --------------------------------------------------------------------


def spread(queryset: QuerySet, mine: Q | None = None, *, by: str = "", limit: int = 6) -> list:
    """A few objects to try: the viewer's own first, then one of each ``by`` value (pages
    differ by status), then the first few."""
    tiers = [queryset.filter(mine)] if mine is not None else []
    tiers.append(queryset)
    found: dict[int, Any] = {}
    for tier in tiers:
        picks = tier.order_by(by, "pk").distinct(by) if by else tier.order_by("pk")
        for obj in picks[:limit]:
            found.setdefault(obj.pk, obj)
    return list(found.values())[:limit]


def pks(objects: Iterable[Any], key: str = "pk") -> list[Kwargs]:
    return [{key: obj.pk} for obj in objects]


def engagements(u: User) -> list[Kwargs]:
    return pks(spread(advisers.permissions.visible_engagements(u), Q(adviser__user=u)))


def challenges(u: User) -> list[Kwargs]:
    mine = Q(team__adviser__user=u) | Q(requested_by=u)
    if u.region_id:
        mine |= Q(council__region_id=u.region_id)
    return pks(spread(PeerChallenge.objects.all(), mine, by="status", limit=8))


def unconfirmed_places(u: User) -> list[Kwargs]:
    places = TeamMember.objects.filter(
        confirmed_at__isnull=True, challenge__status=PeerChallenge.Status.SCOPING
    ).order_by("pk")[:2]
    return [{"pk": m.challenge_id, "member_pk": m.pk} for m in places]


def sessions(u: User) -> list[Kwargs]:
    now = timezone.now()
    upcoming = CourseSession.objects.filter(starts_at__gt=now, status="published")
    return pks(
        [
            *upcoming.order_by("starts_at")[:2],
            *CourseSession.objects.filter(starts_at__lt=now).order_by("-starts_at")[:2],
            *CourseSession.objects.exclude(status="published")[:2],
        ]
    )


def sessions_to_book(u: User) -> list[Kwargs]:
    now = timezone.now()
    booked = Booking.objects.active().filter(session=OuterRef("pk"), person=u)
    open_ = CourseSession.objects.filter(
        status="published", booking_opens_at__lte=now, booking_closes_at__gt=now
    ).exclude(Exists(booked))
    return pks(open_.order_by("starts_at")[:3])


def courses(u: User) -> list[Kwargs]:
    return pks(spread(Course.objects.all(), by="kind"))


def bookings(u: User) -> list[Kwargs]:
    return pks(spread(Booking.objects.all(), Q(person=u), by="status", limit=8))


def matches(u: User) -> list[Kwargs]:
    mine = Q(mentor__user=u) | Q(request__mentee=u)
    return pks(spread(Match.objects.all(), mine, by="status", limit=8))


def mentoring_requests(u: User) -> list[Kwargs]:
    return pks(spread(MentoringRequest.objects.all(), Q(mentee=u), by="status"))


def steps(u: User) -> list[Kwargs]:
    return [{"step": step.slug} for step in request_flow.steps_for(u)]


def resources(u: User) -> list[Kwargs]:
    return [{"slug": r.slug} for r in spread(Resource.objects.all(), by="status")]


def first(model: Any, mine: Callable[[User], Q] | None = None, by: str = "") -> Callable:
    def candidates(u: User) -> list[Kwargs]:
        return pks(spread(model.objects.all(), mine(u) if mine else None, by=by))

    return candidates


NO_ARGUMENTS: Callable[[User], list[Kwargs]] = lambda u: [{}]  # noqa: E731

# URL name -> the arguments to try, for a viewer. Every one of these is an HTML page.
PAGES: dict[str, Callable[[User], list[Kwargs]]] = {
    "dashboard": NO_ARGUMENTS,
    "account_change_password": NO_ARGUMENTS,
    "councils:list": NO_ARGUMENTS,
    "councils:regions": NO_ARGUMENTS,
    "councils:detail": lambda u: [{"gss_code": CAMDEN}],
    "councils:import": NO_ARGUMENTS,
    "councils:import-detail": first(OfstedUpload),
    "advisers:engagement-list": NO_ARGUMENTS,
    "advisers:engagement-create": NO_ARGUMENTS,
    "advisers:engagement-detail": engagements,
    "advisers:engagement-edit": engagements,
    "advisers:availability": NO_ARGUMENTS,
    "advisers:availability-search": NO_ARGUMENTS,
    "advisers:availability-edit": first(Availability, lambda u: Q(adviser__user=u)),
    "advisers:adviser-list": NO_ARGUMENTS,
    "advisers:adviser-detail": first(Adviser, by="kind"),
    "advisers:adviser-edit": first(Adviser, by="kind"),
    "advisers:accreditation-create": first(Adviser, by="kind"),
    "advisers:profile": NO_ARGUMENTS,
    "advisers:accreditation-list": NO_ARGUMENTS,
    "advisers:accreditation-expiring": NO_ARGUMENTS,
    "advisers:support-request-list": NO_ARGUMENTS,
    "advisers:support-request-create": NO_ARGUMENTS,
    "advisers:support-request-detail": first(
        SupportRequest, lambda u: Q(requested_by=u) | Q(council__region_id=u.region_id), "status"
    ),
    "peer_challenges:list": NO_ARGUMENTS,
    "peer_challenges:request": NO_ARGUMENTS,
    "peer_challenges:request-details": NO_ARGUMENTS,
    "peer_challenges:request-check": NO_ARGUMENTS,
    "peer_challenges:detail": challenges,
    "peer_challenges:request-done": challenges,
    "peer_challenges:cancel": challenges,
    "peer_challenges:scoping": challenges,
    "peer_challenges:team": challenges,
    "peer_challenges:letter": challenges,
    "peer_challenges:follow-up": challenges,
    "peer_challenges:team-record-confirmation": unconfirmed_places,
    "courses:list": NO_ARGUMENTS,
    "courses:session-detail": sessions,
    "courses:session-edit": sessions,
    "courses:session-cancel": sessions,
    "courses:session-feedback": sessions,
    "courses:book-person": sessions_to_book,
    "courses:book-access": sessions_to_book,
    "courses:book-dietary": sessions_to_book,
    "courses:book-check": sessions_to_book,
    "courses:course-list": NO_ARGUMENTS,
    "courses:course-create": NO_ARGUMENTS,
    "courses:course-detail": courses,
    "courses:course-edit": courses,
    "courses:session-create": lambda u: [{"course_pk": c["pk"]} for c in courses(u)],
    "courses:bookings": NO_ARGUMENTS,
    "courses:booking-detail": bookings,
    "courses:booking-confirmation": bookings,
    "courses:booking-cancel": bookings,
    "courses:feedback": bookings,
    "courses:register": sessions,
    "courses:message-session": sessions,
    "mentoring:mine": NO_ARGUMENTS,
    "mentoring:mentees": NO_ARGUMENTS,
    "mentoring:profile": NO_ARGUMENTS,
    "mentoring:request-step": steps,
    "mentoring:request-check": NO_ARGUMENTS,
    "mentoring:request-detail": mentoring_requests,
    "mentoring:request-sent": mentoring_requests,
    "mentoring:board": NO_ARGUMENTS,
    "mentoring:match-list": NO_ARGUMENTS,
    "mentoring:match-detail": matches,
    "mentoring:decline": matches,
    "mentoring:session-create": matches,
    "mentoring:feedback": matches,
    "mentoring:complete": matches,
    "mentoring:office-ask": mentoring_requests,
    "mentoring:mentor-list": NO_ARGUMENTS,
    "mentoring:mentor-create": NO_ARGUMENTS,
    "mentoring:mentor-edit": first(Mentor),
    "resources:list": NO_ARGUMENTS,
    "resources:create": NO_ARGUMENTS,
    "resources:detail": resources,
    "resources:edit": resources,
    "reports:list": NO_ARGUMENTS,
    "reports:detail": first(EvaluationReport, by="status"),
    "more": NO_ARGUMENTS,
    "people:list": NO_ARGUMENTS,
    "people:invite": NO_ARGUMENTS,
    "people:detail": first(User, by="role"),
    "people:edit": first(User, by="role"),
    "advisers:engagement-import": NO_ARGUMENTS,
    "advisers:engagement-import-detail": first(EngagementUpload),
}

# URL names that are not pages a person reads: files, POST-only actions, redirects, and the
# fragments a page polls (those are checked inside the page that shows them).
NOT_PAGES = {
    "councils:inspection-export": "CSV file",
    "councils:import-status": "fragment polled by the upload page",
    "councils:import-confirm": "POST only",
    "advisers:engagement-export": "CSV file (its content is checked in journey 1)",
    "advisers:availability-delete": "POST only",
    "advisers:support-request-status": "POST only",
    "peer_challenges:move": "POST only",
    "peer_challenges:team-remove": "POST only",
    "peer_challenges:team-confirm": "POST only",
    "peer_challenges:letter-status": "fragment polled by the challenge page",
    "peer_challenges:letter-prepare": "POST only",
    "peer_challenges:letter-download": "PDF file",
    "courses:book": "redirects to the first booking question",
    "courses:mark-attendance": "POST only",
    "courses:register-export": "CSV file",
    "mentoring:home": "redirects to the page for the viewer's role",
    "mentoring:request-start": "redirects to the first question",
    "mentoring:request-withdraw": "POST only",
    "mentoring:propose": "POST only",
    "mentoring:accept": "POST only",
    "mentoring:start": "POST only",
    "mentoring:office-answer": "a page of one recorded ask (checked in tests/mentoring)",
    "resources:download": "the resource's file",
    "reports:progress": "fragment polled by the report page",
    "reports:pdf": "PDF file (its text is checked in journey 3)",
    "reports:xlsx": "Excel file",
    "reports:csv": "CSV file",
    "courses:booking-calendar": "calendar file",
    "peer_challenges:on-site-calendar": "calendar file",
    "mentoring:session-calendar": "calendar file",
    "mentoring:reply": "reached only by a signed link in an email (tests/mentoring/test_views_reply.py)",
    "peer_challenges:reply": "reached only by a signed link (tests/peer_challenges/test_views_reply.py)",
    "people:deactivate": "POST only",
    "people:reactivate": "POST only",
    "people:resend": "POST only",
    "advisers:engagement-xlsx": "Excel file",
    "advisers:engagement-import-status": "fragment polled by the upload page",
    "advisers:engagement-import-confirm": "POST only",
    "courses:mark-register": "POST only",
}


# Answers kept in the session by the one-question-a-page journeys ------------------------------


def booking_answers(session: Any, u: User, kwargs: Kwargs) -> None:
    person = u
    if u.is_programme_manager:
        booked = Booking.objects.active().filter(session_id=kwargs["pk"]).values("person")
        person = User.objects.filter(role=Role.COUNCILLOR).exclude(pk__in=booked).first()
    session[f"courses:booking:{kwargs['pk']}"] = {
        "person": person.pk,
        "access_requirements": "Step-free access, and a hearing loop",
        "dietary_requirements": "",
    }


def challenge_answers(session: Any, u: User, kwargs: Kwargs) -> None:
    council = Council.objects.current().filter(region_id=u.region_id or 0).first()
    council = council or Council.objects.get(gss_code=CAMDEN)
    session["peer_challenge_request"] = {
        "council": council.pk,
        "request_notes": "The new director would like a view of the front door.",
    }


def mentoring_answers(session: Any, u: User, kwargs: Kwargs) -> None:
    outstanding = MentoringRequest.objects.filter(
        mentee=OuterRef("pk"), status__in=MentoringRequest.OUTSTANDING_STATUSES
    )
    mentee = User.objects.filter(role=Role.COUNCILLOR, council__isnull=False).exclude(
        Exists(outstanding)
    )
    session[request_flow.SESSION_KEY] = {
        "mentee": mentee.first().pk,
        "kind": MentoringRequest.Kind.DEFINED_PERIOD,
        "political_group": "labour",
        "group_preference": "any",
        "performance_concern": True,
        "needs": "Preparing for scrutiny of our improvement plan.",
    }


ANSWERS = {
    "courses:book-access": booking_answers,
    "courses:book-dietary": booking_answers,
    "courses:book-check": booking_answers,
    "peer_challenges:request-details": challenge_answers,
    "peer_challenges:request-check": challenge_answers,
    "mentoring:request-step": mentoring_answers,
    "mentoring:request-check": mentoring_answers,
}


# Who looks ------------------------------------------------------------------------------------


def demo_user(email: str) -> Callable[[], User]:
    return lambda: User.objects.get(email=email)


def mentor_with_a_proposal() -> User:
    return Mentor.objects.filter(matches__status=Match.Status.PROPOSED).first().user


def mentee_of_a_finished_match() -> User:
    feedback = MentoringFeedback.objects.filter(match=OuterRef("pk"))
    match = Match.objects.filter(status=Match.Status.COMPLETED).exclude(Exists(feedback)).first()
    return match.request.mentee


def new_councillor() -> User:
    """A councillor with nothing yet: every empty state."""
    return UserFactory(
        email="new.councillor@example.org",
        full_name="Cllr Nia New",
        role=Role.COUNCILLOR,
        council=Council.objects.get(gss_code=CAMDEN),
    )


# (who, how to find them, the URL name prefixes they are checked on; every page if empty)
VIEWERS: list[tuple[str, Callable[[], User], tuple[str, ...]]] = [
    ("programme manager", demo_user("programme.manager@example.org"), ()),
    ("principal adviser", demo_user("principal.adviser@example.org"), ()),
    ("improvement adviser", demo_user("improvement.adviser@example.org"), ()),
    ("associate", demo_user("associate@example.org"), ()),
    ("councillor", demo_user("councillor@example.org"), ()),
    ("mentor", mentor_with_a_proposal, ("dashboard", "mentoring:")),
    ("former mentee", mentee_of_a_finished_match, ("mentoring:",)),
    ("new councillor", new_councillor, ("dashboard", "courses:", "mentoring:")),
]


# The URL configuration ------------------------------------------------------------------------


def url_names() -> dict[str, Any]:
    """Every named URL of the portal's apps (and the dashboard), with its view."""
    found: dict[str, Any] = {}

    def walk(patterns: list, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                found[f"{namespace}:{entry.name}" if namespace else entry.name] = entry.callback

    walk(get_resolver().url_patterns, None)
    return {
        name: view
        for name, view in found.items()
        if name.split(":")[0] in APPS or name in ("dashboard", "more", "account_change_password")
    }


def may_use(user: User, view: Any) -> bool:
    area = getattr(view, "portal_area", None)
    return area is None or area not in AREA_ROLES or user.role in AREA_ROLES[area]


def test_every_page_is_checked():
    names = set(url_names())
    assert names - set(PAGES) - set(NOT_PAGES) == set(), "add these URLs to PAGES or NOT_PAGES"
    assert set(PAGES) - names == set(), "these pages no longer exist"
    assert set(NOT_PAGES) - names == set(), "these URLs no longer exist"


# The data -------------------------------------------------------------------------------------


def seed(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # The demo logins' password file belongs to ``make run``; the tests keep their own.
    monkeypatch.setattr(demo.accounts, "CREDENTIALS_FILE", tmp_path / "demo-credentials")
    call_command("seed_demo", scale=0.02, stdout=io.StringIO())
    # A place waiting for its answer, whatever the small demo drew: the page where a manager
    # records a confirmation given by phone.
    TeamMemberFactory()
    pm = User.objects.get(email="programme.manager@example.org")
    pa = User.objects.get(email="principal.adviser@example.org")
    done_report(requested_by=pm)
    done_report(
        requested_by=pa,
        region=pa.region,
        start=datetime.date(2024, 4, 1),
        end=datetime.date(2025, 3, 31),
        as_of=datetime.date(2025, 3, 31),
    )
    # A file with a mistake on one line: the upload page lists the problems line by line.
    header = (
        "Web link,Local authority area code,Local authority name,Region,Inspection/Visit date,"
        "Publication date,Inspection/Visit type,Overall effectiveness,The impact of leaders on "
        "social work practice with children and families,The experiences and progress of "
        "children who need help and protection,The experiences and progress of children in "
        "care,The experiences and progress of care leavers,Visit Theme\n"
    )
    row = (
        "https://reports.ofsted.gov.uk/provider/44/999,E09999999,Nowhere,London,2025-03-26,"
        "2025-04-29,ILACS Short Inspection,Brilliant,Good,Good,Good,Good,\n"
    )
    council_services.upload_ofsted_file(
        uploaded_file=SimpleUploadedFile("ofsted-2025.csv", (header + row).encode()), actor=pm
    )
    # An engagement log with a mistake on one line, checked line by line.
    adviser_services.upload_engagement_file(
        uploaded_file=SimpleUploadedFile(
            "engagements.csv",
            b"council,adviser,date,days,strand,activity,funding,commissioned_by_dfe,summary\n"
            b"E09000007,principal.adviser@example.org,2025-03-03,1,intensive,review,free,no,Review\n"
            b"E09999999,principal.adviser@example.org,2025-03-04,9,intensive,review,free,no,Bad\n",
        ),
        actor=pm,
    )
    # A proposal waiting for its mentor, and mentoring finished with no feedback yet.
    camden, leeds = Council.objects.get(gss_code=CAMDEN), Council.objects.get(gss_code=LEEDS)
    mentor = MentorFactory(user=CouncillorFactory(full_name="Cllr Morgan Reid", council=leeds))
    for status, mentee in [
        (Match.Status.PROPOSED, "Cllr Ada Obi"),
        (Match.Status.COMPLETED, "Cllr Ben Cole"),
    ]:
        MatchFactory(
            mentor=mentor,
            status=status,
            request__mentee=CouncillorFactory(full_name=mentee, council=camden),
            reasons=["Same political group", "Has led improvement after an inadequate judgement"],
        )


# The check ------------------------------------------------------------------------------------


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.kinds: set[tuple] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        aria = tuple(sorted(name for name in found if name.startswith("aria-")))
        kind = (tag, found.get("class"), found.get("role"), found.get("type"), aria)
        self.kinds.add(kind)


def structure(html: str) -> frozenset[tuple]:
    """What a page is built from, leaving out its words: the kinds of element in it (tag,
    classes, role, type and ARIA attributes)."""
    parser = _Structure()
    parser.feed(html)
    return frozenset(parser.kinds)


def first_page(client: Client, name: str, user: User) -> tuple[str, Any] | None:
    """The first URL for ``name`` that the viewer may open, with the response, or None."""
    for kwargs in PAGES[name](user):
        if name in ANSWERS:
            session = client.session
            ANSWERS[name](session, user, kwargs)
            session.save()
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            return url, response
    return None


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_has_no_serious_accessibility_problems(
    page, live_server, councils, tmp_path, monkeypatch
):
    seed(tmp_path, monkeypatch)
    views = url_names()
    page.set_viewport_size(WIDTHS["desktop"])
    opened: set[str] = set()
    built_from: dict[str, frozenset] = {}  # template -> the kinds of element already checked
    problems: dict[str, Any] = {}
    for who, find, only in VIEWERS:
        user = find()
        client = Client()
        client.force_login(user)
        page.context.clear_cookies()
        cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
        page.context.add_cookies([{**cookie, "url": live_server.url}])
        for name in PAGES:
            if (only and not name.startswith(only)) or not may_use(user, views[name]):
                continue
            found = first_page(client, name, user)
            if found is None:
                continue
            url, response = found
            opened.add(name)
            # A page built only from kinds of element already checked in the same template
            # (another role's view of it, with other data) has nothing new for axe-core.
            template = response.templates[0].name if response.templates else name
            built = structure(response.content.decode())
            if built <= built_from.get(template, frozenset()):
                continue
            built_from[template] = built_from.get(template, frozenset()) | built
            page.goto(f"{live_server.url}{url}")
            violations = serious_violations(page)
            for phone in PHONES:
                page.set_viewport_size(phone)
                on = f"phone {phone['width']} px"
                violations += [{**v, "on": on} for v in serious_violations(page, LAYOUT_RULES)]
                if too_wide := sideways(page):
                    violations.append({"id": "reflow", "on": on, "nodes": too_wide})
            page.set_viewport_size(WIDTHS["desktop"])
            if violations:
                problems[f"{who} {url}"] = violations
    assert problems == {}, "\n".join(f"{page}: {found}" for page, found in problems.items())
    assert set(PAGES) - opened == set(), "no viewer could open these pages"
