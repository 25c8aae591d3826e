"""A match's page: who may see it, who may read the session notes, and each step's button."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from mentoring.models import Match, MentoringRequest
from tests.factories.mentoring import MentoringFeedbackFactory, MentoringSessionFactory

pytestmark = pytest.mark.django_db
S = Match.Status
NOTES = "Private: talked about the director's performance."


@pytest.fixture
def session(active_match):
    return MentoringSessionFactory(match=active_match, private_notes=NOTES)


@pytest.mark.parametrize("persona", ["programme_manager", "mentor_user", "councillor"])
def test_the_pair_and_programme_managers_read_the_session_notes(request, login, persona, session):
    response = login(request.getfixturevalue(persona)).get(session.match.get_absolute_url())

    assert response.status_code == 200
    assert "talked about the director" in response.text


def test_another_councillor_cannot_find_the_match(login, other_councillor, session):
    assert login(other_councillor).get(session.match.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("persona", ["principal_adviser", "improvement_adviser", "associate"])
def test_advisers_and_associates_are_refused(request, login, persona, session):
    response = login(request.getfixturevalue(persona)).get(session.match.get_absolute_url())

    assert response.status_code == 403
    assert "talked about the director" not in response.text


def test_the_mentee_does_not_see_a_proposal_before_the_mentor_says_yes(
    login, councillor, proposed_match
):
    assert login(councillor).get(proposed_match.get_absolute_url()).status_code == 404


def test_the_mentor_accepts_from_the_match_page(login, mentor_user, proposed_match):
    client = login(mentor_user)
    page = client.get(proposed_match.get_absolute_url()).text
    assert "You have been asked to mentor Cllr Casey Jones" in page

    response = client.post(reverse("mentoring:accept", args=[proposed_match.pk]))

    assert response.url == proposed_match.get_absolute_url()
    assert Match.objects.get().status == S.ACCEPTED


@pytest.mark.parametrize("persona", ["councillor", "programme_manager"])
def test_only_the_mentor_may_accept(request, login, persona, proposed_match):
    client = login(request.getfixturevalue(persona))

    client.post(reverse("mentoring:accept", args=[proposed_match.pk]))

    assert Match.objects.get().status == S.PROPOSED


def test_accept_is_post_only(login, mentor_user, proposed_match):
    url = reverse("mentoring:accept", args=[proposed_match.pk])

    assert login(mentor_user).get(url).status_code == 405


def test_another_councillor_cannot_accept(login, other_councillor, proposed_match):
    url = reverse("mentoring:accept", args=[proposed_match.pk])

    assert login(other_councillor).post(url).status_code == 404


def test_the_mentor_declines_with_a_reason_and_the_request_stays_open(
    login, mentor_user, proposed_match
):
    url = reverse("mentoring:decline", args=[proposed_match.pk])
    client = login(mentor_user)
    assert client.get(url).status_code == 200

    client.post(url, {"reason": "Standing down in May."})

    match = Match.objects.get()
    assert (match.status, match.decline_reason) == (S.DECLINED, "Standing down in May.")
    assert MentoringRequest.objects.get().status == MentoringRequest.Status.OPEN


def test_an_illegal_move_shows_a_message_and_changes_nothing(login, mentor_user, proposed_match):
    response = login(mentor_user).post(
        reverse("mentoring:start", args=[proposed_match.pk]), follow=True
    )

    assert "The match is proposed and cannot become active." in response.text
    assert Match.objects.get().status == S.PROPOSED


def test_the_mentee_logs_a_session(login, councillor, active_match):
    url = reverse("mentoring:session-create", args=[active_match.pk])

    response = login(councillor).post(
        url,
        {
            "held_on": "2025-03-03",
            "duration_minutes": "45",
            "private_notes": "Useful.",
            "goals": "Chair the improvement board.",
        },
    )

    assert response.url == active_match.get_absolute_url()
    assert active_match.sessions.get().duration_minutes == 45


def test_a_session_form_explains_what_is_wrong(login, mentor_user, active_match):
    url = reverse("mentoring:session-create", args=[active_match.pk])
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)

    page = (
        login(mentor_user)
        .post(url, {"held_on": tomorrow.isoformat(), "duration_minutes": "x"})
        .text
    )

    assert "The date of the session must be today or in the past" in page
    assert "Enter how long the session was as a number of minutes, for example 60" in page


def test_no_session_can_be_logged_on_a_proposal(login, mentor_user, proposed_match):
    url = reverse("mentoring:session-create", args=[proposed_match.pk])

    assert login(mentor_user).get(url).status_code == 403


def test_the_mentee_gives_feedback_when_the_match_completes(
    login, councillor, mentor_user, active_match
):
    login(mentor_user).post(
        reverse("mentoring:complete", args=[active_match.pk]), {"outcome": "Goals met."}
    )
    client = login(councillor)
    assert "Tell us how it went" in client.get(reverse("mentoring:mine")).text

    client.post(
        reverse("mentoring:feedback", args=[active_match.pk]),
        {
            "rating": "5",
            "would_recommend": "yes",
            "comments": "Thank you.",
            "outcome": "I lead the board with confidence.",
        },
    )

    assert active_match.feedback.rating == 5
    assert "Tell us how it went" not in client.get(reverse("mentoring:mine")).text


def test_feedback_is_for_the_mentee_only(login, mentor_user, active_match):
    Match.objects.filter(pk=active_match.pk).update(status=S.COMPLETED)

    assert (
        login(mentor_user).get(reverse("mentoring:feedback", args=[active_match.pk])).status_code
        == 403
    )


def test_the_mentor_does_not_see_the_mentees_feedback(login, mentor_user, programme_manager):
    feedback = MentoringFeedbackFactory(comments="Candid words.", match__mentor__user=mentor_user)

    assert "Candid words." not in login(mentor_user).get(feedback.match.get_absolute_url()).text
    assert "Candid words." in login(programme_manager).get(feedback.match.get_absolute_url()).text


def test_programme_managers_see_the_history_of_a_match(
    login, mentor_user, programme_manager, proposed_match
):
    login(mentor_user).post(reverse("mentoring:accept", args=[proposed_match.pk]))

    page = login(programme_manager).get(proposed_match.get_absolute_url()).text

    assert "Cllr Morgan Mentor: Status: Proposed → Accepted" in page
