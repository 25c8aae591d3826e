"""Every form the portal has, fed generated input by a person allowed to use it: never a 500.

The fields come from the page itself: each case opens the page, reads the form's inputs,
selects, radios and text areas (with their offered options), and hypothesis then posts a mix
of offered values, junk (NUL, right-to-left marks, 100,000 characters, numbers far out of
range, impossible dates) and missing fields. Offered values keep the other fields valid often
enough for the services behind the forms to run too.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms as django_forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import Booking
from mentoring.models import Match
from notifications import links
from peer_challenges.models import PeerChallenge
from peer_challenges.services import dates_version
from tests.factories import courses as course_factories
from tests.factories import mentoring as mentoring_factories
from tests.factories import peer_challenges as challenge_factories
from tests.security.conftest import World

POST_EXAMPLES = 20
GET_EXAMPLES = 10
FUZZ = settings(
    max_examples=POST_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text a person (or a script) might type anywhere.
JUNK = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "☃" * 3,
    "x" * 100_000,
    "-1",
    "0",
    "1.25",
    "0.3333333333333333",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "1e309",
    "NaN",
    "Infinity",
    "2025-02-30",
    "2025-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31/12/2025",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "2025-06-01T25:61",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "' OR 1=1 --",
]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
DATES = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
VALUE = st.one_of(
    st.sampled_from(JUNK),
    TEXT,
    st.integers().map(str),
    DATES.map(datetime.date.isoformat),
    st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
)


@dataclass
class Field:
    name: str
    kind: str
    options: list[str] = field(default_factory=list)
    value: str = ""


class FormReader(HTMLParser):
    """The forms of a page: method, action and fields (with the options each offers)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: Field | None = None
        self._textarea: Field | None = None

    def _add(self, item: Field) -> None:
        if not self.forms or item.name == "csrfmiddlewaretoken":
            return
        fields = self.forms[-1]["fields"]
        if item.name in fields:
            fields[item.name].options += item.options
        else:
            fields[item.name] = item

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "method": a.get("method", "get").lower(),
                    "action": a.get("action", ""),
                    "fields": {},
                    "multipart": "multipart" in a.get("enctype", ""),
                }
            )
        elif tag in ("input", "button") and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else "submit")
            options = [a.get("value", "on")] if kind in ("radio", "checkbox", "submit") else []
            self._add(Field(a["name"], kind, options, a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select")
            self._add(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea")
            self._add(self._textarea)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data


# What a script might add to a confirmation form that has no inputs of its own.
SCRIPTED_FIELDS = {"reason": Field("reason", "textarea"), "next": Field("next", "hidden")}


def read_form(
    client: Client, page: str, *, method: str, action: str | None, confirmation: bool = False
) -> dict[str, Any]:
    """The page's form; a ``confirmation`` (a button and nothing else) is given the fields
    ``SCRIPTED_FIELDS``, so that what a script adds is fuzzed too."""
    response = client.get(page)
    assert response.status_code == 200, f"{page}: {response.status_code}"
    reader = FormReader()
    reader.feed(response.content.decode())
    for form in reader.forms:
        wanted = action is None or form["action"] == action
        if form["method"] == method and wanted and (form["fields"] or confirmation):
            form["fields"] = form["fields"] or dict(SCRIPTED_FIELDS)
            return form
    raise AssertionError(f"No {method} form for {action} on {page}")


def field_value(item: Field) -> st.SearchStrategy[Any]:
    """What to send for one field: an offered value, junk, several values, or nothing."""
    if item.kind == "file":
        return st.one_of(
            st.none(),
            st.tuples(
                st.sampled_from(["a.pdf", "a.docx", "a.xlsx", "a.csv", "a", ".pdf", "a" * 300]),
                st.binary(max_size=200),
            ).map(lambda pair: SimpleUploadedFile(pair[0], pair[1])),
        )
    offered = [option for option in item.options if option is not None]
    if item.value:
        offered.append(item.value)
    choices: list[st.SearchStrategy[Any]] = [st.none(), VALUE, st.lists(VALUE, max_size=3)]
    if offered:
        choices += [st.sampled_from(offered)] * 3
        choices.append(st.lists(st.sampled_from(offered), max_size=3))
    return st.one_of(choices)


def submissions(form: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    fields = form["fields"]
    return st.fixed_dictionaries({name: field_value(item) for name, item in fields.items()}).map(
        lambda values: {name: value for name, value in values.items() if value is not None}
    )


@dataclass(frozen=True)
class FormCase:
    id: str
    persona: str
    page: Callable[[Any], str]
    post_to: Callable[[Any], str] | None = None  # when the form posts somewhere else
    prepare: Callable[[Client, Any], None] | None = None  # run before each example
    method: str = "post"
    confirmation: bool = False  # a form with a button and no inputs


def fuzz(client: Client, case: FormCase, ctx: Any) -> None:
    page = case.page(ctx)
    if case.prepare:
        case.prepare(client, ctx)
    target = case.post_to(ctx) if case.post_to else page
    form = read_form(
        client,
        page,
        method=case.method,
        action=target if case.post_to else None,
        confirmation=case.confirmation,
    )
    examples = POST_EXAMPLES if case.method == "post" else GET_EXAMPLES

    @settings(FUZZ, max_examples=examples)
    @given(data=submissions(form))
    def submit(data: dict[str, Any]) -> None:
        if case.prepare:
            case.prepare(client, ctx)
        if case.method == "post":
            for value in data.values():
                if isinstance(value, SimpleUploadedFile):
                    value.seek(0)
            response = client.post(target, data)
        else:
            response = client.get(page, {k: v for k, v in data.items() if v is not None})
        assert response.status_code < 500, f"{target}: {response.status_code}"

    submit()


# The objects the forms work on ------------------------------------------------------------


class Context:
    """The personas' world, and a few objects in the states the forms need (made on first use)."""

    def __init__(self, world: World) -> None:
        self.w = world

    @cached_property
    def past_session(self) -> Any:
        return course_factories.PastSessionFactory(course=self.w.course)

    @cached_property
    def attended(self) -> Booking:
        return course_factories.BookingFactory(
            session=self.past_session, person=self.w.councillor, status=Booking.Status.ATTENDED
        )

    @cached_property
    def to_mark(self) -> Booking:
        return course_factories.BookingFactory(session=self.past_session)

    @cached_property
    def proposed(self) -> Match:
        return mentoring_factories.MatchFactory(mentor=self.w.mentor, status=Match.Status.PROPOSED)

    @cached_property
    def active(self) -> Match:
        return mentoring_factories.MatchFactory(mentor=self.w.mentor, status=Match.Status.ACTIVE)

    @cached_property
    def completed(self) -> Match:
        return mentoring_factories.MatchFactory(
            request__mentee=self.w.councillor,
            request__council=self.w.camden,
            status=Match.Status.COMPLETED,
        )

    @cached_property
    def open_request(self) -> Any:
        assert self.w.mentor  # someone in the pool to propose
        return mentoring_factories.MentoringRequestFactory()

    @cached_property
    def on_site(self) -> PeerChallenge:
        return challenge_factories.ScopedChallengeFactory(
            council=self.w.camden, requested_by=self.w.pm, status=PeerChallenge.Status.ON_SITE
        )

    @cached_property
    def sent(self) -> PeerChallenge:
        return challenge_factories.ScopedChallengeFactory(
            council=self.w.camden,
            requested_by=self.w.pm,
            status=PeerChallenge.Status.FEEDBACK_SENT,
            letter_sent_at=timezone.now(),
        )

    @cached_property
    def to_cancel(self) -> Any:
        return course_factories.SessionFactory(course=self.w.course)

    @cached_property
    def team_place(self) -> Any:
        """A place on a challenge still being scoped, offered to the associate."""
        challenge = challenge_factories.ScopedChallengeFactory(
            council=self.w.camden, requested_by=self.w.pm, status=PeerChallenge.Status.SCOPING
        )
        return challenge_factories.TeamMemberFactory(
            challenge=challenge, adviser=self.w.associate_adviser
        )

    def match_reply(self) -> str:
        token = links.make_token(
            purpose="match", object_id=self.proposed.pk, recipient=self.w.mentor.user
        )
        return reverse("mentoring:reply", args=[token])

    def team_place_reply(self) -> str:
        place = self.team_place
        token = links.make_token(
            purpose="team_place",
            object_id=place.pk,
            recipient=self.w.associate,
            version=dates_version(place.challenge),
        )
        return reverse("peer_challenges:reply", args=[token])


@pytest.fixture
def ctx(world: World) -> Context:
    return Context(world)


def _start_booking(client: Client, c: Context) -> None:
    client.get(reverse("courses:book", args=[c.w.session.pk]))


def _answer_access(client: Client, c: Context) -> None:
    _start_booking(client, c)
    client.post(reverse("courses:book-access", args=[c.w.session.pk]), {"access_requirements": ""})


def _mentoring_answers(client: Client, c: Context) -> None:
    step = lambda slug: reverse("mentoring:request-step", args=[slug])  # noqa: E731
    client.post(step("kind"), {"kind": "defined_period"})
    client.post(step("political-group"), {"political_group": "labour"})
    client.post(step("group-preference"), {"group_preference": "any"})
    client.post(step("performance"), {"performance_concern": "no"})


def _challenge_council(client: Client, c: Context) -> None:
    client.post(reverse("peer_challenges:request"), {"council": c.w.camden.pk})


def _challenge_details(client: Client, c: Context) -> None:
    _challenge_council(client, c)
    client.post(reverse("peer_challenges:request-details"), {"request_notes": "The front door."})


def _mentoring_steps(count: int) -> Callable[[Client, Context], None]:
    """The mentoring request's first ``count`` answers, to reach the step after them."""
    answers = [
        ("kind", {"kind": "defined_period"}),
        ("political-group", {"political_group": "labour"}),
        ("group-preference", {"group_preference": "any"}),
    ]

    def prepare(client: Client, c: Context) -> None:
        for step, answer in answers[:count]:
            client.post(reverse("mentoring:request-step", args=[step]), answer)

    return prepare


def _url(name: str, *objects: str) -> Callable[[Context], str]:
    def build(c: Context) -> str:
        args = []
        for path in objects:
            target: Any = c
            for part in path.split("."):
                target = getattr(target, part)
            args.append(target)
        return reverse(name, args=args)

    return build


POST_FORMS = [
    # Advisers
    FormCase("engagement-create-cia", "improvement_adviser", _url("advisers:engagement-create")),
    FormCase("engagement-create-pm", "programme_manager", _url("advisers:engagement-create")),
    FormCase(
        "engagement-edit",
        "improvement_adviser",
        _url("advisers:engagement-edit", "w.engagement.pk"),
    ),
    FormCase("availability-add", "improvement_adviser", _url("advisers:availability")),
    FormCase(
        "availability-edit",
        "improvement_adviser",
        _url("advisers:availability-edit", "w.availability.pk"),
    ),
    FormCase("adviser-profile", "improvement_adviser", _url("advisers:profile")),
    FormCase("adviser-edit", "programme_manager", _url("advisers:adviser-edit", "w.adviser.pk")),
    FormCase(
        "accreditation-create",
        "programme_manager",
        _url("advisers:accreditation-create", "w.adviser.pk"),
    ),
    FormCase(
        "support-request-create", "principal_adviser", _url("advisers:support-request-create")
    ),
    FormCase(
        "support-request-status",
        "principal_adviser",
        _url("advisers:support-request-detail", "w.support_request.pk"),
        post_to=_url("advisers:support-request-status", "w.support_request.pk"),
    ),
    # Councils
    FormCase("ofsted-upload", "programme_manager", _url("councils:import")),
    # Courses
    FormCase("course-create", "programme_manager", _url("courses:course-create")),
    FormCase("course-edit", "programme_manager", _url("courses:course-edit", "w.course.pk")),
    FormCase("session-create", "programme_manager", _url("courses:session-create", "w.course.pk")),
    FormCase("session-edit", "programme_manager", _url("courses:session-edit", "w.session.pk")),
    FormCase(
        "book-person",
        "programme_manager",
        _url("courses:book-person", "w.session.pk"),
        prepare=_start_booking,
    ),
    FormCase(
        "book-access",
        "councillor",
        _url("courses:book-access", "w.session.pk"),
        prepare=_start_booking,
    ),
    FormCase(
        "book-dietary",
        "councillor",
        _url("courses:book-dietary", "w.session.pk"),
        prepare=_answer_access,
    ),
    FormCase("course-feedback", "councillor", _url("courses:feedback", "attended.pk")),
    FormCase(
        "mark-attendance",
        "programme_manager",
        _url("courses:register", "past_session.pk"),
        post_to=_url("courses:mark-attendance", "to_mark.pk"),
    ),
    # Mentoring
    FormCase(
        "mentoring-step-councillor",
        "programme_manager",
        lambda c: reverse("mentoring:request-step", args=["councillor"]),
    ),
    FormCase(
        "mentoring-step-kind",
        "councillor",
        lambda c: reverse("mentoring:request-step", args=["kind"]),
    ),
    FormCase(
        "mentoring-step-needs",
        "councillor",
        lambda c: reverse("mentoring:request-step", args=["needs"]),
        prepare=_mentoring_answers,
    ),
    FormCase(
        "mentoring-decline",
        "mentor",
        _url("mentoring:decline", "proposed.pk"),
    ),
    FormCase("mentoring-session", "mentor", _url("mentoring:session-create", "active.pk")),
    FormCase("mentoring-feedback", "councillor", _url("mentoring:feedback", "completed.pk")),
    FormCase("mentor-create", "programme_manager", _url("mentoring:mentor-create")),
    FormCase("mentor-edit", "programme_manager", _url("mentoring:mentor-edit", "w.mentor.pk")),
    FormCase("mentor-profile", "mentor", _url("mentoring:profile")),
    FormCase(
        "mentoring-propose",
        "programme_manager",
        _url("mentoring:request-detail", "open_request.pk"),
        post_to=_url("mentoring:propose", "open_request.pk"),
    ),
    # Peer challenges
    FormCase("challenge-request-council", "principal_adviser", _url("peer_challenges:request")),
    FormCase(
        "challenge-request-details",
        "programme_manager",
        _url("peer_challenges:request-details"),
        prepare=_challenge_council,
    ),
    FormCase(
        "challenge-scoping", "programme_manager", _url("peer_challenges:scoping", "w.challenge.pk")
    ),
    FormCase("challenge-team", "programme_manager", _url("peer_challenges:team", "w.challenge.pk")),
    FormCase("challenge-letter", "programme_manager", _url("peer_challenges:letter", "on_site.pk")),
    FormCase(
        "challenge-follow-up", "programme_manager", _url("peer_challenges:follow-up", "sent.pk")
    ),
    FormCase(
        "challenge-cancel", "programme_manager", _url("peer_challenges:cancel", "w.challenge.pk")
    ),
    # Resources and reports
    FormCase("resource-create", "programme_manager", _url("resources:create")),
    FormCase("resource-edit", "programme_manager", _url("resources:edit", "w.resource.slug")),
    FormCase("report-request-pm", "programme_manager", _url("reports:list")),
    FormCase("report-request-pa", "principal_adviser", _url("reports:list")),
    # People, notifications and signing in
    FormCase("people-invite", "programme_manager", _url("people:invite")),
    FormCase("people-edit", "programme_manager", _url("people:edit", "w.councillor.pk")),
    FormCase("notification-settings", "councillor", _url("notifications:settings")),
    FormCase("login", "anonymous", _url("account_login")),
    FormCase("password-reset", "anonymous", _url("account_reset_password")),
    FormCase("password-change", "councillor", _url("account_change_password")),
    # Signed-link replies
    FormCase("mentoring-reply", "mentor", lambda c: c.match_reply()),
    FormCase("team-place-reply", "associate", lambda c: c.team_place_reply()),
    # Mentoring, peer challenges and courses, continued
    FormCase("office-ask", "programme_manager", _url("mentoring:office-ask", "open_request.pk")),
    FormCase(
        "office-answer",
        "programme_manager",
        _url("mentoring:office-answer", "w.mentoring_request.pk", "w.office_referral.pk"),
    ),
    FormCase(
        "mentoring-step-political-group",
        "councillor",
        lambda c: reverse("mentoring:request-step", args=["political-group"]),
        prepare=_mentoring_steps(1),
    ),
    FormCase(
        "mentoring-step-group-preference",
        "councillor",
        lambda c: reverse("mentoring:request-step", args=["group-preference"]),
        prepare=_mentoring_steps(2),
    ),
    FormCase(
        "mentoring-step-performance",
        "councillor",
        lambda c: reverse("mentoring:request-step", args=["performance"]),
        prepare=_mentoring_steps(3),
    ),
    FormCase("mentoring-complete", "mentor", _url("mentoring:complete", "active.pk")),
    FormCase(
        "challenge-request-check",
        "programme_manager",
        _url("peer_challenges:request-check"),
        prepare=_challenge_details,
    ),
    FormCase(
        "team-record-confirmation",
        "programme_manager",
        _url(
            "peer_challenges:team-record-confirmation", "team_place.challenge.pk", "team_place.pk"
        ),
    ),
    FormCase(
        "session-message", "programme_manager", _url("courses:message-session", "w.session.pk")
    ),
    FormCase(
        "session-cancel",
        "programme_manager",
        _url("courses:session-cancel", "to_cancel.pk"),
        confirmation=True,
    ),
    FormCase(
        "booking-cancel",
        "councillor",
        _url("courses:booking-cancel", "w.booking.pk"),
        confirmation=True,
    ),
    FormCase("engagement-upload", "programme_manager", _url("advisers:engagement-import")),
]

GET_FORMS = [
    FormCase("councils-list", "councillor", _url("councils:list"), method="get"),
    FormCase("regions", "programme_manager", _url("councils:regions"), method="get"),
    FormCase(
        "engagement-list", "programme_manager", _url("advisers:engagement-list"), method="get"
    ),
    FormCase(
        "support-request-list",
        "programme_manager",
        _url("advisers:support-request-list"),
        method="get",
    ),
    FormCase(
        "availability-search",
        "principal_adviser",
        _url("advisers:availability-search"),
        method="get",
    ),
    FormCase(
        "accreditations-expiring",
        "programme_manager",
        _url("advisers:accreditation-expiring"),
        method="get",
    ),
    FormCase("sessions", "councillor", _url("courses:list"), method="get"),
    FormCase("registers", "programme_manager", _url("courses:bookings"), method="get"),
    FormCase("matches", "programme_manager", _url("mentoring:match-list"), method="get"),
    FormCase("mentors", "programme_manager", _url("mentoring:mentor-list"), method="get"),
    FormCase("peer-challenges", "programme_manager", _url("peer_challenges:list"), method="get"),
    FormCase("resources", "councillor", _url("resources:list"), method="get"),
    FormCase("people", "programme_manager", _url("people:list"), method="get"),
    FormCase("adviser-list", "programme_manager", _url("advisers:adviser-list"), method="get"),
]


def _client(case: FormCase, c: Context) -> Client:
    """A browser signed in as the case's persona (``anonymous``: not signed in)."""
    client = Client()
    if case.persona == "mentor":
        client.force_login(c.w.mentor.user)
    elif case.persona != "anonymous":
        client.force_login(c.w.people[case.persona])
    return client


@pytest.mark.parametrize("case", POST_FORMS + GET_FORMS, ids=lambda case: case.id)
def test_no_input_makes_a_form_fail_with_a_server_error(case: FormCase, ctx: Context) -> None:
    fuzz(_client(case, ctx), case, ctx)


@pytest.mark.parametrize(
    "url",
    [
        "/engagements/?page=99999999999999999999",
        "/engagements/?page=-1&date_after=0000-00-00&date_before=9999-99-99",
        "/councils/?sort=%00&page=x",
        "/resources/?q=%00",
        "/resources/?q=" + "a" * 10_000,
        "/courses/?page=1e309",
        "/reports/?page=%00",
    ],
)
def test_junk_in_query_strings_is_never_a_server_error(url: str, world: World) -> None:
    client = Client()
    client.force_login(world.pm)

    assert client.get(url).status_code < 500


# NUL, alone and inside a word, then every other control character at once (a 500 from any
# of them shows); each is put in every field of every form in turn.
CONTROL_VALUES = ["\x00", "a\x00b", "\x01\x02\x1b[31m\x7f\x08\x0b\x0c\x85"]


def offered_values(form: dict[str, Any]) -> dict[str, Any]:
    """What a person who changes nothing would send: each field's value or first option."""
    values: dict[str, Any] = {}
    for name, item in form["fields"].items():
        if item.kind == "file":
            continue
        offered = [option for option in item.options if option]
        if item.value or item.kind in ("text", "textarea", "hidden", "email", "number", "date"):
            values[name] = item.value
        elif offered:
            values[name] = offered[0]
    return values


@pytest.mark.parametrize("case", POST_FORMS + GET_FORMS, ids=lambda case: case.id)
def test_control_characters_in_any_field_are_never_a_server_error(
    case: FormCase, ctx: Context
) -> None:
    client = _client(case, ctx)
    page = case.page(ctx)
    if case.prepare:
        case.prepare(client, ctx)
    target = case.post_to(ctx) if case.post_to else page
    form = read_form(
        client,
        page,
        method=case.method,
        action=target if case.post_to else None,
        confirmation=case.confirmation,
    )
    send = client.post if case.method == "post" else client.get
    problems = []
    for name in form["fields"]:
        for value in CONTROL_VALUES:
            if case.prepare:
                case.prepare(client, ctx)
            status = send(
                target if case.method == "post" else page, {**offered_values(form), name: value}
            ).status_code
            if status >= 500 or ("\x00" in value and status != 400):
                problems.append(f"{name}={value!r}: {status}")
    assert not problems, f"{case.id}: {'; '.join(problems)}"


# Every form class of the portal, and the case above that fuzzes it ------------------------

FUZZED_FORMS = {
    "accounts.forms.ChangePasswordForm": "password-change",
    "accounts.forms.InviteForm": "people-invite",
    "accounts.forms.LoginForm": "login",
    "accounts.forms.PeopleFilterForm": "people",
    "accounts.forms.PersonForm": "people-edit",
    "accounts.forms.ResetPasswordForm": "password-reset",
    "advisers.filters.ExpiringAccreditationForm": "accreditations-expiring",
    "advisers.filters.AdviserKindForm": "adviser-list",
    "advisers.forms.AccreditationForm": "accreditation-create",
    "advisers.forms.AdviserAdminForm": "adviser-edit",
    "advisers.forms.AdviserProfileForm": "adviser-profile",
    "advisers.forms.AvailabilityForm": "availability-add",
    "advisers.forms.AvailabilitySearchForm": "availability-search",
    "advisers.forms.EngagementForm": "engagement-create-cia",
    "advisers.forms.EngagementUploadForm": "engagement-upload",
    "advisers.forms.SupportRequestForm": "support-request-create",
    "advisers.forms.SupportRequestStatusForm": "support-request-status",
    "councils.forms.OfstedUploadForm": "ofsted-upload",
    "councils.forms.RegionSummaryForm": "regions",
    "courses.forms.AccessRequirementsForm": "book-access",
    "courses.forms.BookingPersonForm": "book-person",
    "courses.forms.CourseForm": "course-create",
    "courses.forms.DietaryRequirementsForm": "book-dietary",
    "courses.forms.FeedbackForm": "course-feedback",
    "courses.forms.NewSessionForm": "session-create",
    "courses.forms.SessionForm": "session-edit",
    "courses.forms.SessionMessageForm": "session-message",
    "improvement_portal.forms.SubmissionForm": "challenge-request-check",
    "mentoring.forms.AskOfficeForm": "office-ask",
    "mentoring.forms.CompleteForm": "mentoring-complete",
    "mentoring.forms.ConcernForm": "mentoring-step-performance",
    "mentoring.forms.DeclineForm": "mentoring-decline",
    "mentoring.forms.FeedbackForm": "mentoring-feedback",
    "mentoring.forms.GroupPreferenceForm": "mentoring-step-group-preference",
    "mentoring.forms.KindForm": "mentoring-step-kind",
    "mentoring.forms.MenteeForm": "mentoring-step-councillor",
    "mentoring.forms.MentorForm": "mentor-edit",
    "mentoring.forms.MentorProfileForm": "mentor-profile",
    "mentoring.forms.NeedsForm": "mentoring-step-needs",
    "mentoring.forms.NewMentorForm": "mentor-create",
    "mentoring.forms.OfficeAnswerForm": "office-answer",
    "mentoring.forms.PoliticalGroupForm": "mentoring-step-political-group",
    "mentoring.forms.SessionForm": "mentoring-session",
    "notifications.forms.ReplyForm": "mentoring-reply",
    "notifications.forms.SwitchesForm": "notification-settings",
    "peer_challenges.forms.AddTeamMemberForm": "challenge-team",
    "peer_challenges.forms.CancelForm": "challenge-cancel",
    "peer_challenges.forms.FeedbackLetterForm": "challenge-letter",
    "peer_challenges.forms.FollowUpForm": "challenge-follow-up",
    "peer_challenges.forms.RecordConfirmationForm": "team-record-confirmation",
    "peer_challenges.forms.RequestCouncilForm": "challenge-request-council",
    "peer_challenges.forms.RequestDetailsForm": "challenge-request-details",
    "peer_challenges.forms.ScopingForm": "challenge-scoping",
    "reports.forms.ReportRequestForm": "report-request-pm",
    "resources.forms.NewResourceForm": "resource-create",
    "resources.forms.ResourceForm": "resource-edit",
}
# Form classes no case fuzzes, and why.
EXCUSED_FORMS = {
    "improvement_portal.forms.GovukFormMixin": "a base class: no page shows it alone",
    "improvement_portal.forms.SubmittedOnceFormMixin": "a base class: no page shows it alone",
    "improvement_portal.forms.GovukForm": "a base class: no page shows it alone",
    "improvement_portal.forms.GovukModelForm": "a base class: no page shows it alone",
    "mentoring.forms.QuestionForm": "a base class of the mentoring request's steps",
    "accounts.forms.AddEmailForm": "the email page refuses additions and shows no form "
    "(tests/accounts/test_authentication.py)",
    "accounts.forms.ResetPasswordKeyForm": "reached only with a key from a fresh email; "
    "RefuseNulMiddleware answers NUL before any form (tests/accounts)",
    "accounts.forms.MfaAuthenticateForm": "reached only half-way through a login; wrong and "
    "junk codes are tested in tests/accounts/test_second_factor.py",
    "accounts.forms.MfaReauthenticateForm": "as MfaAuthenticateForm, for a signed-in person",
}
CASES = {case.id: case for case in POST_FORMS + GET_FORMS}
PRODUCT_APPS = (
    "accounts", "advisers", "councils", "courses", "mentoring", "notifications",
    "peer_challenges", "reports", "resources", "improvement_portal",
)  # fmt: skip


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def product_form_classes() -> set[str]:
    import improvement_portal.urls  # noqa: F401 - imports every view, so every form

    return {
        _name(cls)
        for cls in _subclasses(django_forms.BaseForm)
        if cls.__module__.split(".")[0] in PRODUCT_APPS
    }


def test_every_form_of_the_portal_is_fuzzed_or_excused() -> None:
    forms = product_form_classes()
    forgotten = forms - set(FUZZED_FORMS) - set(EXCUSED_FORMS)

    assert len(forms) > 50  # the walk found the portal's forms
    assert not forgotten, f"Add a FormCase and a FUZZED_FORMS entry for: {sorted(forgotten)}"
    assert set(FUZZED_FORMS.values()) <= set(CASES)
    assert not set(FUZZED_FORMS) & set(EXCUSED_FORMS)


@pytest.mark.parametrize("form_name", sorted(FUZZED_FORMS))
def test_each_fuzzed_form_is_the_one_its_case_opens(form_name: str, ctx: Context) -> None:
    """The list above says which case fuzzes a form; the case's page must show that form."""
    case = CASES[FUZZED_FORMS[form_name]]
    client = _client(case, ctx)
    if case.prepare:
        case.prepare(client, ctx)
    response = client.get(case.page(ctx))
    shown = {
        _name(base)
        for context in response.context
        for value in context.flatten().values()
        if isinstance(value, django_forms.BaseForm)
        for base in type(value).__mro__
    }
    assert form_name in shown, f"{case.id} shows {sorted(shown)}"
