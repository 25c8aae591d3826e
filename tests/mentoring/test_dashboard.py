"""Mentoring's dashboard cards lead with what needs doing, for each role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentoring.dashboard import cards
from mentoring.models import Match
from tests.factories.mentoring import MatchFactory

pytestmark = pytest.mark.django_db


def test_programme_managers_are_prompted_about_requests_waiting(
    programme_manager, mentoring_request
):
    [prompt, figure] = cards(programme_manager)

    assert prompt["action"] is True
    assert prompt["title"] == "1 mentoring request needs a mentor"
    assert prompt["items"][0]["url"] == mentoring_request.get_absolute_url()
    assert figure["title"] == "Mentoring"


def test_no_prompt_once_every_request_has_a_proposal(programme_manager, proposed_match):
    assert [card.get("action", False) for card in cards(programme_manager)] == [False]


def test_a_mentor_is_prompted_to_answer_a_proposal(mentor_user, proposed_match):
    result = cards(mentor_user)

    assert result[0]["title"] == "Mentoring requests to answer"
    assert result[0]["items"][0]["url"] == proposed_match.get_absolute_url()
    assert result[1]["title"] == "My mentees"


def test_a_mentee_is_asked_for_feedback_after_completion(councillor, active_match):
    Match.objects.filter(pk=active_match.pk).update(status=Match.Status.COMPLETED)

    [prompt, card] = cards(councillor)

    assert prompt["url"] == reverse("mentoring:feedback", args=[active_match.pk])
    assert card["title"] == "My mentoring"


def test_a_councillor_without_a_request_is_invited_to_ask(councillor):
    assert cards(councillor) == [
        {
            "title": "My mentoring",
            "body": "Ask for a councillor peer to mentor you.",
            "url": reverse("mentoring:mine"),
        }
    ]


@pytest.mark.parametrize("persona", ["principal_adviser", "improvement_adviser", "associate"])
def test_other_roles_get_no_mentoring_cards(request, persona):
    MatchFactory()

    assert cards(request.getfixturevalue(persona)) == []


def test_the_dashboard_page_shows_the_prompt(login, programme_manager, mentoring_request):
    page = login(programme_manager).get(reverse("dashboard")).text

    assert "1 mentoring request needs a mentor" in page
