"""The availability register: associates keep their own; PMs and PAs search it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from advisers import queries, services
from advisers.models import Accreditation, Availability
from tests.factories.advisers import AccreditationFactory, AdviserFactory, AvailabilityFactory

pytestmark = pytest.mark.django_db

START, END = datetime.date(2025, 5, 12), datetime.date(2025, 5, 14)


@pytest.fixture
def associate_profile(associate):
    return services.ensure_adviser_profile(user=associate)


def test_an_associate_adds_changes_and_removes_their_availability(login, associate):
    client = login(associate)

    response = client.post(
        reverse("advisers:availability"),
        {
            "starts_on": "2030-05-01",
            "ends_on": "2030-05-31",
            "days_available": "6",
            "notes": "Not Fridays.",
        },
    )
    assert response.status_code == 302
    period = Availability.objects.get()
    assert period.adviser.user == associate
    assert period.adviser.home_council == associate.council

    client.post(
        reverse("advisers:availability-edit", args=[period.pk]),
        {"starts_on": "2030-05-01", "ends_on": "2030-06-15", "days_available": "8", "notes": ""},
    )
    period.refresh_from_db()
    assert (period.ends_on, period.days_available) == (datetime.date(2030, 6, 15), 8)
    assert "15 June 2030" in client.get(reverse("advisers:availability")).content.decode()

    assert client.get(reverse("advisers:availability-delete", args=[period.pk])).status_code == 405
    client.post(reverse("advisers:availability-delete", args=[period.pk]))
    assert not Availability.objects.exists()


def test_an_invalid_period_shows_the_error_and_keeps_the_notes(login, associate):
    response = login(associate).post(
        reverse("advisers:availability"),
        {
            "starts_on": "2030-05-31",
            "ends_on": "2030-05-01",
            "days_available": "2",
            "notes": "Mornings only.",
        },
    )

    content = response.content.decode()
    assert "The last date must be the same as or after the first date" in content
    assert "Mornings only." in content
    assert not Availability.objects.exists()


def test_no_one_changes_someone_elses_availability(login, associate, improvement_adviser):
    period = AvailabilityFactory(adviser=services.ensure_adviser_profile(user=improvement_adviser))
    client = login(associate)

    assert client.get(reverse("advisers:availability-edit", args=[period.pk])).status_code == 404
    assert client.post(reverse("advisers:availability-delete", args=[period.pk])).status_code == 404
    assert Availability.objects.filter(pk=period.pk).exists()


@pytest.mark.parametrize("persona", ["programme_manager", "councillor"])
def test_only_advisers_keep_availability(request, login, persona):
    client = login(request.getfixturevalue(persona))

    assert client.get(reverse("advisers:availability")).status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("programme_manager", 200),
        ("principal_adviser", 200),
        ("improvement_adviser", 403),
        ("associate", 403),
        ("councillor", 403),
    ],
)
def test_who_may_search_the_register(request, login, persona, status):
    client = login(request.getfixturevalue(persona))

    assert client.get(reverse("advisers:availability-search")).status_code == status


@pytest.fixture
def register(camden, leeds):
    """Four people: one fits, one works for Camden, one's accreditation lapses, one is away."""
    fits = AdviserFactory(user__full_name="Fay Fits", home_council=leeds)
    from_camden = AdviserFactory(user__full_name="Cam Den", home_council=camden)
    lapses = AdviserFactory(user__full_name="Lapsing Lou")
    away = AdviserFactory(user__full_name="Away Ali")
    for adviser in (fits, from_camden, lapses, away):
        AccreditationFactory(
            adviser=adviser,
            kind=Accreditation.Kind.PEER_CHALLENGE_MEMBER,
            expires_on=datetime.date(2025, 5, 13)
            if adviser is lapses
            else datetime.date(2027, 1, 1),
        )
        AvailabilityFactory(
            adviser=adviser,
            starts_on=datetime.date(2025, 5, 13) if adviser is away else datetime.date(2025, 5, 1),
            ends_on=datetime.date(2025, 5, 31),
        )
    return {"fits": fits, "from_camden": from_camden, "lapses": lapses, "away": away}


def test_eligible_advisers_are_accredited_available_and_not_from_the_council(register, camden):
    candidates = queries.eligible_advisers(START, END, exclude_council=camden)

    assert [c.adviser for c in candidates] == [register["fits"]]
    reasons = candidates[0].reasons
    assert "Accredited: Peer challenge team member, valid until 1 January 2027" in reasons
    assert "Available 1 May 2025 to 31 May 2025 (5 days)" in reasons
    assert "Not from Camden (works for Leeds)" in reasons


def test_the_queryset_method_gives_the_same_answer(register, camden):

    candidates = queries.eligible_advisers(START, END, exclude_council=camden)

    assert [c.adviser.user.full_name for c in candidates] == ["Fay Fits"]


def test_without_a_council_people_from_any_council_qualify(register):
    names = [c.adviser.user.full_name for c in queries.eligible_advisers(START, END)]

    assert names == ["Cam Den", "Fay Fits"]


def test_the_search_can_ask_for_one_kind_of_accreditation(register):
    found = queries.eligible_advisers(
        START, END, accreditation_kinds=[Accreditation.Kind.PEER_CHALLENGE_LEAD]
    )

    assert found == []


def test_the_search_page_lists_candidates_with_reasons(login, programme_manager, register, camden):
    response = login(programme_manager).get(
        reverse("advisers:availability-search"),
        {"starts_on": "2025-05-12", "ends_on": "2025-05-14", "exclude_council": camden.pk},
    )

    content = response.content.decode()
    assert "Fay Fits" in content
    assert "Cam Den" not in content
    assert "Not from Camden (works for Leeds)" in content


def test_the_search_page_explains_a_wrong_date_range(login, principal_adviser):
    response = login(principal_adviser).get(
        reverse("advisers:availability-search"),
        {"starts_on": "2025-05-14", "ends_on": "2025-05-12"},
    )

    assert "The last date must be the same as or after the first date" in response.content.decode()
