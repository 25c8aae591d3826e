"""Asking for a mentor: one question per page, check your answers, then a confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentoring.models import MentoringRequest

pytestmark = pytest.mark.django_db


def step(name: str) -> str:
    return reverse("mentoring:request-step", args=[name])


CHECK = reverse("mentoring:request-check")


def answer_all(client) -> None:
    client.post(step("kind"), {"kind": "new_portfolio_holder"})
    client.post(step("political-group"), {"political_group": "green"})
    client.post(step("group-preference"), {"group_preference": "any"})
    client.post(step("performance"), {"performance_concern": "yes"})
    client.post(step("needs"), {"needs": "Working with a new director."})


def test_a_councillor_asks_for_a_mentor_one_question_at_a_time(login, councillor, camden):
    client = login(councillor)

    assert client.get(reverse("mentoring:request-start")).url == step("kind")
    assert client.post(step("kind"), {"kind": "new_portfolio_holder"}).url == step(
        "political-group"
    )
    assert client.post(step("political-group"), {"political_group": "green"}).url == step(
        "group-preference"
    )
    assert client.post(step("group-preference"), {"group_preference": "any"}).url == step(
        "performance"
    )
    assert client.post(step("performance"), {"performance_concern": "yes"}).url == step("needs")
    assert client.post(step("needs"), {"needs": "Working with a new director."}).url == CHECK

    check = client.get(CHECK)
    assert "Support for a newly appointed portfolio holder" in check.text
    assert "Working with a new director." in check.text
    sent = client.post(CHECK)

    made = MentoringRequest.objects.get()
    assert sent.url == reverse("mentoring:request-sent", args=[made.pk])
    assert (made.mentee, made.council, made.kind) == (councillor, camden, "new_portfolio_holder")
    assert made.performance_concern is True
    confirmation = client.get(sent.url)
    assert "Mentoring request sent" in confirmation.text
    assert made.reference in confirmation.text
    assert "What happens next" in confirmation.text


def test_a_missing_answer_is_explained_next_to_the_question(login, councillor):
    response = login(councillor).post(step("kind"), {})

    assert response.status_code == 200
    assert "Select the kind of mentoring you would like" in response.text
    assert "govuk-error-summary" in response.text
    assert "<title>Error:" in response.text


def test_a_blank_need_is_refused_in_plain_words(login, councillor):
    client = login(councillor)
    client.post(step("kind"), {"kind": "sounding_board"})
    client.post(step("political-group"), {"political_group": "labour"})
    client.post(step("group-preference"), {"group_preference": "any"})
    client.post(step("performance"), {"performance_concern": "no"})

    response = client.post(step("needs"), {"needs": "   "})

    assert "Tell us what you would like help with" in response.text


def test_skipping_ahead_goes_back_to_the_first_unanswered_question(login, councillor):
    client = login(councillor)

    assert client.get(step("needs")).url == step("kind")
    assert client.get(CHECK).url == step("kind")


def test_change_returns_to_check_your_answers(login, councillor):
    client = login(councillor)
    answer_all(client)

    response = client.post(f"{step('kind')}?change=1", {"kind": "sounding_board"})

    assert response.url == CHECK
    assert "A sounding board as required" in client.get(CHECK).text


def test_a_councillor_with_a_request_in_progress_is_sent_back_to_it(
    login, mentoring_request, councillor
):
    response = login(councillor).get(reverse("mentoring:request-start"))

    assert response.url == reverse("mentoring:mine")


def test_a_programme_manager_asks_on_a_councillors_behalf(login, programme_manager, councillor):
    client = login(programme_manager)
    assert client.get(reverse("mentoring:request-start")).url == step("councillor")
    client.post(step("councillor"), {"mentee": councillor.pk})
    answer_all(client)

    assert "Cllr Casey Jones (Camden)" in client.get(CHECK).text
    client.post(CHECK)

    made = MentoringRequest.objects.get()
    assert (made.mentee, made.requested_by) == (councillor, programme_manager)


def test_a_councillor_never_sees_the_who_is_it_for_question(login, councillor):
    assert login(councillor).get(step("councillor")).status_code == 404


@pytest.mark.parametrize("persona", ["principal_adviser", "improvement_adviser", "associate"])
def test_other_roles_cannot_ask_for_a_mentor(request, login, persona):
    client = login(request.getfixturevalue(persona))

    assert client.get(step("kind")).status_code == 403
    assert client.post(CHECK).status_code == 403


def test_someone_elses_confirmation_page_is_not_found(login, mentoring_request, other_councillor):
    url = reverse("mentoring:request-sent", args=[mentoring_request.pk])

    assert login(other_councillor).get(url).status_code == 404


def test_a_programme_manager_cannot_ask_twice_for_the_same_councillor(
    login, programme_manager, mentoring_request, councillor
):
    page = login(programme_manager).post(step("councillor"), {"mentee": councillor.pk}).text

    assert "Cllr Casey Jones already has a mentoring request in progress" in page
