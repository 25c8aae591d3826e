"""Adviser profiles and accreditations, with expiry warnings."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from advisers import services
from advisers.models import Accreditation
from tests.factories.advisers import AccreditationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2025, 6, 2, 12, 0), tick=False):
        yield


def test_an_associate_sees_their_accreditations_with_expiry_warnings(login, associate):
    adviser = services.ensure_adviser_profile(user=associate)
    AccreditationFactory(adviser=adviser, kind="diagnostic", expires_on=datetime.date(2025, 6, 30))
    AccreditationFactory(
        adviser=adviser, kind="peer_challenge_lead", expires_on=datetime.date(2026, 6, 30)
    )
    AccreditationFactory(
        adviser=adviser,
        kind="peer_challenge_member",
        awarded_on=datetime.date(2020, 1, 1),
        expires_on=datetime.date(2025, 1, 1),
    )

    content = login(associate).get(reverse("advisers:accreditation-list")).content.decode()

    assert "Expires in 28 days" in content
    assert "Valid" in content
    assert "Expired" in content


def test_the_programme_manager_sees_who_is_due_to_expire(
    login, programme_manager, other_cia, leeds_pa
):
    AccreditationFactory(adviser=other_cia, expires_on=datetime.date(2025, 7, 1))
    AccreditationFactory(adviser=leeds_pa, expires_on=datetime.date(2026, 5, 1))
    client = login(programme_manager)

    soon = client.get(reverse("advisers:accreditation-expiring"))
    year = client.get(reverse("advisers:accreditation-expiring"), {"within_days": 365})

    assert [a.adviser for a in soon.context["accreditations"]] == [other_cia]
    assert "Expires in 29 days" in soon.content.decode()
    assert [a.adviser for a in year.context["accreditations"]] == [other_cia, leeds_pa]


@pytest.mark.parametrize(
    "persona", ["principal_adviser", "improvement_adviser", "associate", "councillor"]
)
def test_only_the_programme_manager_sees_everyones_expiry(request, login, persona):
    client = login(request.getfixturevalue(persona))

    assert client.get(reverse("advisers:accreditation-expiring")).status_code == 403


def test_the_programme_manager_records_an_accreditation(login, programme_manager, other_cia):
    response = login(programme_manager).post(
        reverse("advisers:accreditation-create", args=[other_cia.pk]),
        {"kind": "peer_challenge_lead", "awarded_on": "2025-01-10", "expires_on": "2028-01-10"},
    )

    assert response.status_code == 302
    assert other_cia.accreditations.get().kind == Accreditation.Kind.PEER_CHALLENGE_LEAD


def test_a_principal_adviser_reads_profiles_but_cannot_change_them(
    login, principal_adviser, other_cia
):
    client = login(principal_adviser)

    assert client.get(other_cia.get_absolute_url()).status_code == 200
    assert client.get(reverse("advisers:adviser-edit", args=[other_cia.pk])).status_code == 403
    create = reverse("advisers:accreditation-create", args=[other_cia.pk])
    assert client.post(create, {"kind": "diagnostic"}).status_code == 403


def test_the_programme_manager_assigns_councils_to_a_cia(
    login, programme_manager, other_cia, camden
):
    response = login(programme_manager).post(
        reverse("advisers:adviser-edit", args=[other_cia.pk]),
        {
            "kind": "improvement_adviser",
            "region": other_cia.region_id,
            "councils": [camden.pk],
            "home_council": "",
            "specialisms": ["safeguarding"],
            "skills": "",
            "contact_gap_days": "45",
        },
    )

    assert response.status_code == 302
    other_cia.refresh_from_db()
    assert list(other_cia.councils.all()) == [camden]
    assert other_cia.contact_gap_days == 45


def test_an_adviser_sets_their_own_contact_gap(login, improvement_adviser):
    client = login(improvement_adviser)

    bad = client.post(reverse("advisers:profile"), {"contact_gap_days": "0"})
    client.post(reverse("advisers:profile"), {"contact_gap_days": "30", "specialisms": ["send"]})

    assert "Enter a number of days between 1 and 730" in bad.content.decode()
    profile = improvement_adviser.adviser_profile
    assert (profile.contact_gap_days, profile.specialisms) == (30, ["send"])


def test_onboarding_an_adviser_makes_their_profile(london, leeds):
    from accounts.services import onboard_user

    pa = onboard_user(email="new.pa@example.org", role="principal_adviser", region=london)
    associate = onboard_user(email="new.assoc@example.org", role="associate", council=leeds)
    councillor = onboard_user(email="cllr@example.org", role="councillor", council=leeds)

    assert pa.adviser_profile.kind == "principal_adviser"
    assert pa.adviser_profile.region == london
    assert pa.adviser_profile.contact_gap_days == 60
    assert associate.adviser_profile.home_council == leeds
    assert not hasattr(councillor, "adviser_profile")
    onboard_user(email="new.pa@example.org", role="principal_adviser", region=london)
    assert pa.__class__.objects.get(pk=pa.pk).adviser_profile.pk == pa.adviser_profile.pk
