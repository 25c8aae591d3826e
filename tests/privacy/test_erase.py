"""``erase_person``: a councillor anonymised, the programme's figures exactly as they were."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from accounts import personal_data
from accounts.models import User
from accounts.roles import Role
from councils.models import Region
from courses.models import Booking, CourseSession, Feedback
from mentoring import queries as mentoring_queries
from mentoring.models import Match, Mentor, MentoringFeedback, MentoringRequest, MentoringSession
from reports import builders
from reports.queries import Scope
from tests.factories.accounts import UserFactory
from tests.factories.advisers import AdviserFactory, EngagementFactory

pytestmark = pytest.mark.django_db

LONDON = "E12000007"


def erase(email: str, *args: str) -> str:
    out = io.StringIO()
    call_command("erase_person", email, *args, stdout=out)
    return out.getvalue()


def programme_figures() -> dict:
    """The evaluation (national and London) and the course and mentoring summaries."""
    year = {"start": date(2019, 1, 1), "end": date(2019, 12, 31), "as_of": date(2019, 12, 31)}
    london = Region.objects.get(code=LONDON)
    sessions = CourseSession.objects.with_counts().with_feedback_figures()
    pool = mentoring_queries.pool_load()
    board = mentoring_queries.board()
    return {
        "national": builders.build_evaluation(Scope(**year)),
        "london": builders.build_evaluation(Scope(**year, region=london)),
        "feedback": Feedback.objects.summary(),
        "sessions": list(
            sessions.values(
                "pk",
                "places_taken",
                "waiting",
                "attended",
                "responses",
                "mean_rating",
                "recommending",
            )
        ),
        "board": {key: board[key]["total"] for key in ("waiting", "proposed", "in_progress")},
        "pool": {key: value for key, value in pool.items() if key != "busiest"},
        "bookings": sorted(Booking.objects.values_list("pk", "status", "confirmed_at")),
        "matches": sorted(
            Match.objects.values_list("pk", "status", "proposed_on", "responded_on", "completed_on")
        ),
        "mentoring_feedback": sorted(
            MentoringFeedback.objects.values_list("rating", "would_recommend")
        ),
    }


def database_text() -> str:
    """Every row of every table, as text: where a trace of a person would show."""
    out = io.StringIO()
    call_command("dumpdata", exclude=["contenttypes", "auth.permission"], stdout=out)
    return out.getvalue()


def test_erasing_a_councillor_keeps_every_figure_of_the_programme(councillor_with_history):
    before = programme_figures()
    # The person's places, feedback and mentoring really are in the figures.
    assert before["national"]["courses"]["places_booked"] == 5
    assert before["london"]["courses"]["places_booked"] == 5
    assert before["national"]["mentoring"]["completed"] == 1
    assert before["feedback"]["responses"] == 4

    erase(councillor_with_history.user.email, "--yes")

    assert programme_figures() == before


def test_the_erased_person_is_anonymous_and_cannot_sign_in(councillor_with_history, client):
    person = councillor_with_history.user
    pk, council_id = person.pk, person.council_id

    output = erase(person.email, "--yes")

    person.refresh_from_db()
    assert person.full_name == f"Erased person {pk}"
    assert person.email == f"erased-{pk}@erased.invalid"
    assert not person.has_usable_password()
    assert not person.is_active
    assert not person.emailaddress_set.exists()
    # The council stays: the evaluation counts places by the council of who held them.
    assert (person.role, person.council_id) == (Role.COUNCILLOR, council_id)
    for email in ("erin.erasable@example.org", person.email):
        client.post("/accounts/login/", {"login": email, "password": "a-long-test-password"})
        assert "_auth_user_id" not in client.session
    assert f"Cllr Erin Erasable <erin.erasable@example.org> is now Erased person {pk}." in output
    assert "courses: booking needs blanked: 1" in output
    assert "mentoring: mentoring session notes blanked: 1" in output


def test_free_text_about_the_person_is_blanked_and_the_rest_kept(councillor_with_history):
    person = councillor_with_history.user

    erase(person.email, "--yes")

    booking = Booking.objects.get(person=person, status=Booking.Status.ATTENDED)
    assert (booking.access_requirements, booking.dietary_requirements) == ("", "")
    assert booking.feedback.comments == ""
    assert (booking.feedback.content_rating, booking.feedback.would_recommend) == (3, False)
    request = MentoringRequest.objects.get(mentee=person)
    assert request.needs == ""
    assert request.status == MentoringRequest.Status.COMPLETED
    assert request.requested_on == date(2019, 2, 1)
    assert set(Match.objects.filter(request=request).values_list("decline_reason", flat=True)) == {
        ""
    }
    assert MentoringSession.objects.get(match__request=request).private_notes == ""
    assert MentoringFeedback.objects.get(match__request=request).comments == ""
    # Other people's words are theirs and stay.
    assert Feedback.objects.filter(comments="Good").count() == 3


def test_no_trace_of_the_person_is_left_anywhere_in_the_database(councillor_with_history):
    person = councillor_with_history.user
    traces = ["Erin Erasable", "erin.erasable@example.org", *councillor_with_history.texts]
    before = database_text()
    assert all(trace in before for trace in traces)

    erase(person.email, "--yes")

    after = database_text()
    assert [trace for trace in traces if trace in after] == []


def test_audit_rows_are_kept_but_no_longer_hold_the_erased_text(councillor_with_history):
    person = councillor_with_history.user
    booking = Booking.objects.get(person=person, status=Booking.Status.ATTENDED)
    history = LogEntry.objects.get_for_object(booking).order_by("pk")
    declined = Match.objects.get(request__mentee=person, status=Match.Status.DECLINED)
    rows_before = list(history.values_list("pk", "action", "timestamp", "actor_id"))
    assert history.filter(changes__access_requirements__1=councillor_with_history.texts[0]).exists()

    erase(person.email, "--yes")

    assert list(history.values_list("pk", "action", "timestamp", "actor_id")) == rows_before
    created, changed = history.filter(changes__has_key="access_requirements")
    assert created.changes["access_requirements"] == ["None", ""]
    assert changed.changes["access_requirements"] == ["", ""]
    assert changed.changes["dietary_requirements"] == ["", ""]
    assert history.last().changes == {"status": ["confirmed", "attended"]}
    assert all("Erin" not in entry.object_repr for entry in history)
    decline = LogEntry.objects.get_for_object(declined).filter(action=LogEntry.Action.UPDATE).get()
    assert decline.changes["decline_reason"] == ["", ""]
    # One row records that the account was erased, and by whom, without the old values.
    erasure = (
        LogEntry.objects.get_for_object(User.objects.get(pk=person.pk))
        .filter(additional_data__erased=True)
        .get()
    )
    assert erasure.changes["full_name"] == ["", f"Erased person {person.pk}"]


def test_a_dry_run_shows_what_would_change_and_changes_nothing(councillor_with_history):
    person = councillor_with_history.user
    before = database_text()

    output = erase(person.email, "--dry-run")

    assert "Would change for erin.erasable@example.org:" in output
    assert "courses: booking needs blanked: 1" in output
    assert "courses: feedback comments blanked: 1" in output
    assert "mentoring: mentoring request needs blanked: 1" in output
    assert "accounts: account anonymised: 1" in output
    assert "Dry run: nothing was changed." in output
    assert database_text() == before


def test_the_command_asks_before_erasing(councillor_with_history, monkeypatch):
    person = councillor_with_history.user
    answers = iter(["no", "yes"])
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or next(answers))

    with pytest.raises(CommandError, match="Nothing was erased"):
        erase(person.email)
    person.refresh_from_db()
    assert person.full_name == "Cllr Erin Erasable"

    erase(person.email)
    person.refresh_from_db()
    assert person.full_name == f"Erased person {person.pk}"
    assert "Erase Cllr Erin Erasable <erin.erasable@example.org>?" in prompts[0]


def test_without_a_terminal_and_without_yes_nothing_is_erased(councillor_with_history, monkeypatch):
    def no_terminal(prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)

    with pytest.raises(CommandError, match="Nothing was erased"):
        erase(councillor_with_history.user.email)


def test_erasing_twice_is_harmless(councillor_with_history):
    person = councillor_with_history.user
    erase(person.email, "--yes")
    person.refresh_from_db()
    figures = programme_figures()

    output = erase(person.email, "--yes")

    assert "has already been erased: nothing to do" in output
    assert programme_figures() == figures


@pytest.mark.parametrize(
    "persona", ["programme_manager", "principal_adviser", "improvement_adviser", "associate"]
)
def test_staff_are_not_erased_without_force(request, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(CommandError, match="not a councillor.*programme records.*--force"):
        erase(user.email, "--yes")

    user.refresh_from_db()
    assert user.is_active and user.email.endswith("@example.org")


def test_with_force_an_adviser_is_anonymised_and_their_engagements_kept(principal_adviser, camden):
    adviser = AdviserFactory(user=principal_adviser, skills="Former director in Camden.")
    engagement = EngagementFactory(
        adviser=adviser, council=camden, summary="Chaired the board.", confidential_notes="Note."
    )

    output = erase(principal_adviser.email, "--yes", "--force")

    principal_adviser.refresh_from_db()
    engagement.refresh_from_db()
    adviser.refresh_from_db()
    assert principal_adviser.full_name.startswith("Erased person")
    assert (engagement.summary, engagement.confidential_notes, engagement.days) == (
        "Chaired the board.",
        "Note.",
        1,
    )
    assert adviser.skills == ""
    assert "advisers: adviser skills blanked: 1" in output


def test_erasing_a_mentor_pauses_them_so_they_are_not_proposed_again(councillor_with_history):
    mentor_user = Mentor.objects.get(
        matches__request__mentee=councillor_with_history.user, matches__status="completed"
    ).user
    mentor = mentor_user.mentor_profile
    mentor.bio = "Twenty years on the council."
    mentor.save(update_fields=["bio"])

    erase(mentor_user.email, "--yes")

    mentor.refresh_from_db()
    assert (mentor.bio, mentor.is_active) == ("", False)
    assert mentor.matches.filter(status=Match.Status.COMPLETED).count() == 1


def test_the_actor_must_be_a_programme_manager(
    councillor_with_history, programme_manager, councillor
):
    with pytest.raises(CommandError, match="is not a programme manager"):
        erase(councillor_with_history.user.email, "--yes", "--by", councillor.email)

    erase(councillor_with_history.user.email, "--yes", "--by", programme_manager.email)

    erasure = LogEntry.objects.get(additional_data__erased=True)
    assert erasure.actor == programme_manager


def test_the_export_of_an_erased_person_holds_nothing_of_what_they_were(councillor_with_history):
    person = councillor_with_history.user
    erase(person.email, "--yes")
    person.refresh_from_db()

    text = json.dumps(personal_data.export_person(person), default=str)

    assert "Erin" not in text
    assert all(trace not in text for trace in councillor_with_history.texts)


def test_an_unknown_address_is_refused(db):
    UserFactory(email="known@example.org")
    with pytest.raises(CommandError, match="No one has the email address nobody@example.org"):
        erase("nobody@example.org", "--yes")
