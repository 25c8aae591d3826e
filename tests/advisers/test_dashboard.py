"""What needs doing: the PA's and CIA's prompts, and the programme manager's."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from advisers import dashboard, queries
from tests.factories.advisers import AccreditationFactory, EngagementFactory, SupportRequestFactory
from tests.factories.councils import InspectionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 2)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2025, 6, 2, 12, 0), tick=False):
        yield


def card(cards, title_part):
    return next((c for c in cards if title_part in c["title"]), None)


def test_cia_is_told_which_assigned_councils_need_contact(
    improvement_adviser, cia_profile, other_cia, camden, islington
):
    InspectionFactory(
        council=camden, overall_effectiveness=4, published_on=datetime.date(2024, 1, 5)
    )
    InspectionFactory(
        council=islington, overall_effectiveness=4, published_on=datetime.date(2024, 1, 5)
    )
    cia_profile.councils.add(islington)
    EngagementFactory(council=camden, adviser=other_cia, date=datetime.date(2025, 3, 1))
    EngagementFactory(council=islington, adviser=other_cia, date=datetime.date(2025, 5, 20))

    prompt = card(dashboard.cards(improvement_adviser), "need")

    assert prompt["title"] == "1 council needs contact"
    assert [item["label"] for item in prompt["items"]] == ["Camden"]
    assert prompt["items"][0]["note"] == "judged inadequate; last contact 1 March 2025"
    assert (
        "/engagements/?council=" in prompt["items"][0]["url"]
        or "/councils/" in prompt["items"][0]["url"]
    )


def test_good_councils_and_recent_contact_give_no_prompt(improvement_adviser, cia_profile, camden):
    InspectionFactory(
        council=camden, overall_effectiveness=2, published_on=datetime.date(2024, 1, 5)
    )

    assert card(dashboard.cards(improvement_adviser), "need") is None


def test_the_contact_gap_is_set_per_adviser(principal_adviser, pa_profile, other_cia, camden):
    InspectionFactory(
        council=camden, overall_effectiveness=3, published_on=datetime.date(2024, 1, 5)
    )
    EngagementFactory(
        council=camden, adviser=other_cia, date=datetime.date(2025, 4, 23)
    )  # 40 days ago

    assert card(dashboard.cards(principal_adviser), "need") is None
    pa_profile.contact_gap_days = 30
    pa_profile.save(update_fields=["contact_gap_days"])
    prompt = card(dashboard.cards(principal_adviser), "need")
    assert [item["label"] for item in prompt["items"]] == ["Camden"]
    assert "last 30 days" in prompt["body"]


def test_a_later_good_judgement_replaces_an_earlier_inadequate_one(
    improvement_adviser, cia_profile, camden
):
    InspectionFactory(
        council=camden, overall_effectiveness=4, published_on=datetime.date(2019, 1, 5)
    )
    InspectionFactory(
        council=camden, overall_effectiveness=2, published_on=datetime.date(2023, 1, 5)
    )

    assert card(dashboard.cards(improvement_adviser), "need") is None


def test_passed_follow_ups_are_prompted_until_there_is_later_contact(
    improvement_adviser, cia_profile, other_cia, camden
):
    EngagementFactory(
        council=camden,
        adviser=other_cia,
        date=datetime.date(2025, 4, 1),
        follow_up_on=datetime.date(2025, 5, 1),
    )

    prompt = card(dashboard.cards(improvement_adviser), "Follow-ups")
    assert prompt["items"][0]["note"] == "follow-up was due 1 May 2025 (engagement 1 April 2025)"

    EngagementFactory(council=camden, adviser=other_cia, date=datetime.date(2025, 5, 10))
    assert card(dashboard.cards(improvement_adviser), "Follow-ups") is None


def test_inspections_likely_soon_are_estimated_and_explained(
    principal_adviser, pa_profile, camden, islington
):
    InspectionFactory(
        council=camden, overall_effectiveness=2, published_on=datetime.date(2022, 8, 1)
    )
    InspectionFactory(
        council=islington, overall_effectiveness=2, published_on=datetime.date(2024, 8, 1)
    )

    prompt = card(dashboard.cards(principal_adviser), "Inspections likely soon")

    assert [item["label"] for item in prompt["items"]] == ["Camden"]
    assert "next estimated around August 2025" in prompt["items"][0]["note"]
    assert prompt["body"] == queries.NEXT_INSPECTION_EXPLAINED
    assert "3 years after the last full inspection" in prompt["body"]


def test_an_inadequate_council_is_expected_back_sooner(principal_adviser, pa_profile, camden):
    InspectionFactory(
        council=camden, overall_effectiveness=4, published_on=datetime.date(2023, 9, 1)
    )

    prompt = card(dashboard.cards(principal_adviser), "Inspections likely soon")

    assert "next estimated around September 2025" in prompt["items"][0]["note"]


def test_programme_manager_sees_accreditations_due_to_expire_and_new_requests(
    programme_manager, other_cia, camden
):
    AccreditationFactory(adviser=other_cia, expires_on=datetime.date(2025, 7, 1))
    SupportRequestFactory(council=camden)

    cards = dashboard.cards(programme_manager)

    assert card(cards, "Accreditations due to expire")["items"][0]["label"] == "Olu Other"
    assert card(cards, "New support requests")["items"][0]["label"] == "Camden"


def test_councillors_get_no_adviser_cards(councillor):
    assert dashboard.cards(councillor) == []


def test_the_dashboard_page_shows_the_prompts(login, improvement_adviser, cia_profile, camden):
    InspectionFactory(
        council=camden, overall_effectiveness=3, published_on=datetime.date(2024, 1, 5)
    )

    content = login(improvement_adviser).get("/").content.decode()

    assert "1 council needs contact" in content
    assert "no adviser contact recorded" in content


def test_an_estimate_already_past_is_never_shown_as_upcoming(
    principal_adviser, pa_profile, camden, islington
):
    InspectionFactory(
        council=camden, overall_effectiveness=2, published_on=datetime.date(2021, 3, 1)
    )

    prompt = card(dashboard.cards(principal_adviser), "Inspections likely soon")

    note = prompt["items"][0]["note"]
    assert "next estimated" not in note
    assert "an inspection was expected around March 2024 and no newer outcome" in note
