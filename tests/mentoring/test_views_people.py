"""The councillor's "My mentoring", the mentor's "My mentees" and profile, and the landing page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentoring.models import Match
from tests.factories.mentoring import MatchFactory

pytestmark = pytest.mark.django_db
HOME = reverse("mentoring:home")


def test_the_landing_page_routes_each_role(
    login, programme_manager, councillor, mentor, mentor_user
):
    assert login(programme_manager).get(HOME).url == reverse("mentoring:board")
    assert login(mentor_user).get(HOME).url == reverse("mentoring:mentees")
    assert login(councillor).get(HOME).url == reverse("mentoring:mine")


@pytest.mark.parametrize("persona", ["principal_adviser", "improvement_adviser", "associate"])
def test_advisers_and_associates_have_no_mentoring_pages(request, login, persona):
    client = login(request.getfixturevalue(persona))

    for url in (HOME, reverse("mentoring:mine"), reverse("mentoring:mentees")):
        assert client.get(url).status_code == 403


def test_my_mentoring_invites_a_councillor_to_ask(login, councillor):
    page = login(councillor).get(reverse("mentoring:mine")).text

    assert '<h1 class="govuk-heading-xl">My mentoring</h1>' in page
    assert "Ask for a mentor" in page


def test_my_mentoring_shows_the_mentor_once_they_have_said_yes(
    login, councillor, proposed_match, mentor_user
):
    client = login(councillor)
    waiting = client.get(reverse("mentoring:mine")).text
    assert "We are finding a mentor for you" in waiting
    assert "Cllr Morgan Mentor" not in waiting
    assert "Ask for a mentor</a>" not in waiting

    Match.objects.filter(pk=proposed_match.pk).update(status=Match.Status.ACCEPTED)

    assert "Cllr Morgan Mentor, Leeds" in client.get(reverse("mentoring:mine")).text


def test_my_mentees_lists_proposals_and_current_mentees(login, mentor_user, mentor, proposed_match):
    current = MatchFactory(mentor=mentor, status=Match.Status.ACTIVE)

    page = login(mentor_user).get(reverse("mentoring:mentees")).text

    assert "Asked to mentor (1)" in page
    assert "Cllr Casey Jones, Camden" in page
    assert str(current.request.mentee) in page
    assert "You have 2 of 2 places taken" in page


def test_a_councillor_outside_the_pool_has_no_mentees_page(login, councillor):
    assert login(councillor).get(reverse("mentoring:mentees")).status_code == 404
    assert login(councillor).get(reverse("mentoring:profile")).status_code == 404


def test_a_programme_manager_has_no_mentees_page_of_their_own(login, programme_manager):
    assert login(programme_manager).get(reverse("mentoring:mentees")).status_code == 403


def test_a_mentor_pauses_themselves(login, mentor_user, mentor):
    response = login(mentor_user).post(
        reverse("mentoring:profile"),
        {
            "political_group": "labour",
            "experience": ["scrutiny"],
            "capacity": "2",
            "is_active": "no",
        },
    )

    assert response.url == reverse("mentoring:mentees")
    mentor.refresh_from_db()
    assert (mentor.is_active, mentor.experience) == (False, ["scrutiny"])


def test_a_mentor_cannot_set_capacity_below_their_mentees(login, mentor_user, mentor):
    MatchFactory.create_batch(2, mentor=mentor, status=Match.Status.ACTIVE)

    page = (
        login(mentor_user)
        .post(
            reverse("mentoring:profile"),
            {"political_group": "labour", "capacity": "1", "is_active": "yes"},
        )
        .text
    )

    assert "Capacity cannot be less than 2" in page


def test_a_mentor_cannot_open_the_programmes_edit_page(login, mentor_user, mentor):
    assert (
        login(mentor_user).get(reverse("mentoring:mentor-edit", args=[mentor.pk])).status_code
        == 403
    )


def test_a_councillor_withdraws_a_request_and_may_ask_again(login, councillor, mentoring_request):
    client = login(councillor)

    response = client.post(reverse("mentoring:request-withdraw", args=[mentoring_request.pk]))

    assert response.url == HOME
    page = client.get(reverse("mentoring:mine")).text
    assert "Withdrawn" in page
    assert "Ask for a mentor</a>" in page


def test_another_councillor_cannot_withdraw_a_request(login, other_councillor, mentoring_request):
    url = reverse("mentoring:request-withdraw", args=[mentoring_request.pk])

    assert login(other_councillor).post(url).status_code == 404
    assert login(other_councillor).get(url).status_code == 405
