"""The programme managers' pages: the board, a request's suggestions, matches and the pool."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement_portal import idempotency
from mentoring import services
from mentoring.models import Match, Mentor
from tests.factories.mentoring import MatchFactory, MentorFactory, MentoringRequestFactory

pytestmark = pytest.mark.django_db
S = Match.Status
PM_PAGES = [
    reverse("mentoring:board"),
    reverse("mentoring:match-list"),
    reverse("mentoring:mentor-list"),
    reverse("mentoring:mentor-create"),
]
OTHER_ROLES = ["councillor", "principal_adviser", "improvement_adviser", "associate"]


def make_programme(size: int) -> None:
    """Open requests, proposals, live and finished matches, and mentors, ``size`` of each."""
    MentoringRequestFactory.create_batch(size)
    for status in (S.PROPOSED, S.ACCEPTED, S.ACTIVE, S.COMPLETED, S.DECLINED):
        MatchFactory.create_batch(size, status=status)


def test_the_board_shows_what_needs_a_mentor_and_what_is_under_way(
    login, programme_manager, mentoring_request, mentor
):
    active = MatchFactory(mentor=mentor, status=S.ACTIVE)

    page = login(programme_manager).get(reverse("mentoring:board")).text

    assert "Requests waiting for a mentor (1)" in page
    assert "Cllr Casey Jones" in page
    assert "Accepted and active (1)" in page
    assert str(active.request.mentee) in page
    assert "1 of 2" in page  # the mentor's load


@pytest.mark.parametrize("url", PM_PAGES)
@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_only_programme_managers_reach_the_programme_pages(request, login, persona, url):
    assert login(request.getfixturevalue(persona)).get(url).status_code == 403


@pytest.mark.parametrize("url", PM_PAGES)
def test_programme_managers_reach_the_programme_pages(login, programme_manager, url):
    assert login(programme_manager).get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [reverse("mentoring:board"), reverse("mentoring:match-list"), reverse("mentoring:mentor-list")],
)
def test_programme_pages_take_the_same_queries_at_two_sizes(
    url, login, programme_manager, django_assert_num_queries
):
    client = login(programme_manager)
    make_programme(1)
    client.get(url)  # warm the session and content types
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    make_programme(3)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_a_request_page_ranks_suggestions_with_their_reasons(
    login, programme_manager, mentoring_request, mentor
):
    MentorFactory(political_group="conservative", user__full_name="Cllr Zed Other")

    page = login(programme_manager).get(mentoring_request.get_absolute_url()).text

    assert "2 mentors could be asked" in page
    assert page.index("Cllr Morgan Mentor") < page.index("Cllr Zed Other")
    assert "Same political group" in page
    assert "Has led improvement from inadequate" in page
    assert "2 of 2 places free" in page


def test_proposing_a_suggestion_asks_that_mentor(
    login, programme_manager, mentoring_request, mentor
):
    response = login(programme_manager).post(
        reverse("mentoring:propose", args=[mentoring_request.pk]), {"mentor": mentor.pk}
    )

    match = Match.objects.get()
    assert response.url == match.get_absolute_url()
    assert (match.mentor, match.status, match.proposed_by) == (
        mentor,
        S.PROPOSED,
        programme_manager,
    )


def test_proposing_a_mentor_from_the_same_council_is_refused_with_a_message(
    login, programme_manager, mentoring_request, camden
):
    neighbour = MentorFactory(user__council=camden)
    client = login(programme_manager)

    response = client.post(
        reverse("mentoring:propose", args=[mentoring_request.pk]),
        {"mentor": neighbour.pk},
        follow=True,
    )

    assert not Match.objects.exists()
    assert "is from the mentee&#x27;s own council" in response.text


def test_propose_is_post_only(login, programme_manager, mentoring_request):
    url = reverse("mentoring:propose", args=[mentoring_request.pk])

    assert login(programme_manager).get(url).status_code == 405


def test_a_councillor_cannot_propose(login, councillor, mentoring_request, mentor):
    url = reverse("mentoring:propose", args=[mentoring_request.pk])

    assert login(councillor).post(url, {"mentor": mentor.pk}).status_code == 403


def test_a_councillor_cannot_see_the_suggestions_for_their_own_request(
    login, councillor, mentoring_request
):
    assert login(councillor).get(mentoring_request.get_absolute_url()).status_code == 403


def test_the_match_list_filters_by_status(login, programme_manager):
    active = MatchFactory(status=S.ACTIVE)
    declined = MatchFactory(status=S.DECLINED)

    page = login(programme_manager).get(reverse("mentoring:match-list"), {"status": "active"}).text

    assert str(active.request.mentee) in page
    assert str(declined.request.mentee) not in page


def test_a_programme_manager_adds_a_mentor_to_the_pool(
    login, programme_manager, councillor, camden
):
    response = login(programme_manager).post(
        reverse("mentoring:mentor-create"),
        {
            "user": councillor.pk,
            "council": camden.pk,
            "political_group": "labour",
            "experience": ["scrutiny", "corporate_parenting"],
            "capacity": "3",
            "is_active": "yes",
        },
    )

    assert response.url == reverse("mentoring:mentor-list")
    added = Mentor.objects.get(user=councillor)
    assert (added.region, added.capacity, added.experience) == (
        camden.region,
        3,
        ["scrutiny", "corporate_parenting"],
    )


def test_a_mentor_form_whose_twin_added_the_councillor_meanwhile_shows_the_added_mentor(
    login, programme_manager, councillor, camden, monkeypatch
):
    """The same form sent twice at once: the other copy adds the councillor after this one
    looked for its key and before this one is checked, so the councillor is no longer offered.
    The person sees the mentor added, not "Select a valid choice"."""
    key = "0b6c8f5e-6a53-4c71-9a8e-2f1d0c3b4a59"
    answers = {
        "user": councillor.pk,
        "council": camden.pk,
        "political_group": "labour",
        "experience": ["scrutiny"],
        "capacity": "3",
        "is_active": "yes",
        "submission_key": key,
    }
    real_sent_before = idempotency.sent_before
    looks = []

    def twin_finishes_first(request, model, **owner):
        looks.append(model)
        if len(looks) == 1:  # this copy's first look, just before the twin commits
            services.create_mentor(
                user=councillor,
                council=camden,
                political_group="labour",
                experience=["scrutiny"],
                capacity=3,
                actor=programme_manager,
                submission_key=uuid.UUID(key),
            )
            return None
        return real_sent_before(request, model, **owner)

    monkeypatch.setattr(idempotency, "sent_before", twin_finishes_first)

    response = login(programme_manager).post(reverse("mentoring:mentor-create"), answers)

    assert response.status_code == 302
    assert response.url == reverse("mentoring:mentor-list")
    assert Mentor.objects.filter(user=councillor).count() == 1


def test_adding_a_mentor_without_answers_explains_each_problem(login, programme_manager):
    page = login(programme_manager).post(reverse("mentoring:mentor-create"), {}).text

    assert "Select the councillor to add to the pool" in page
    assert "Enter the most mentees at once, for example 2" in page


def test_a_programme_manager_pauses_a_mentor(login, programme_manager, mentor, leeds):
    response = login(programme_manager).post(
        reverse("mentoring:mentor-edit", args=[mentor.pk]),
        {"council": leeds.pk, "political_group": "labour", "capacity": "2", "is_active": "no"},
    )

    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.is_active is False


def test_the_board_shows_the_pool_by_group_and_region_with_places_used_and_free(
    login, programme_manager, mentor
):
    Mentor.objects.filter(pk=mentor.pk).update(political_group="green", capacity=3)
    MatchFactory(mentor=mentor, status=S.ACTIVE)

    page = login(programme_manager).get(reverse("mentoring:board")).text

    assert "The pool by political group" in page
    assert "The pool by region" in page
    green = page.split(">Green</th>")[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in green.split("</td>")[:5]] == ["1", "0", "3", "1", "2"]
    labour = page.split(">Labour</th>")[1].split("</tr>")[0]
    assert "None free" in labour


def test_a_group_office_nomination_is_recorded_and_shown_on_the_request(
    login, programme_manager, mentoring_request, labour_office
):
    client = login(programme_manager)
    nominee = MentorFactory(political_group="labour", user__full_name="Cllr Nia Nominee")

    client.post(
        reverse("mentoring:office-ask", args=[mentoring_request.pk]),
        {"office": labour_office.pk, "ask": "nominate", "note": ""},
    )
    referral = mentoring_request.office_referrals.get()
    answer = client.post(
        reverse("mentoring:office-answer", args=[mentoring_request.pk, referral.pk]),
        {"answer": "nominated", "mentor": nominee.pk, "note": "Free from March."},
    )
    page = client.get(answer.url).text

    assert "Nominated a mentor" in page
    assert "Cllr Nia Nominee" in page
    assert "Nominated by the LGA Labour Group office" in page
    assert "Free from March." in page


def test_asking_an_office_without_a_contact_names_the_reason(
    login, programme_manager, mentoring_request
):
    from mentoring.models import GroupOffice

    office, _ = GroupOffice.objects.update_or_create(
        political_group="green", defaults={"name": "LGA Green Group office", "contact_email": ""}
    )

    page = login(programme_manager).post(
        reverse("mentoring:office-ask", args=[mentoring_request.pk]),
        {"office": office.pk, "ask": "nominate"},
    )

    assert "The LGA Green Group office has no contact recorded" in page.text
    assert not mentoring_request.office_referrals.exists()


def test_each_suggestion_shows_its_points_per_criterion_and_the_total(
    login, programme_manager, mentoring_request, mentor
):
    page = login(programme_manager).get(mentoring_request.get_absolute_url()).text

    assert "Experience of leading improvement" in page
    assert "How the score of 100 is made up" in page
