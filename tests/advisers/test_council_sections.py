"""The advisers' section of a council page: engagement history and days by year."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from advisers import council_sections
from tests.factories.advisers import EngagementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(other_cia, camden):
    EngagementFactory(
        council=camden, adviser=other_cia, date=datetime.date(2023, 5, 1), days=Decimal("2")
    )
    EngagementFactory(
        council=camden, adviser=other_cia, date=datetime.date(2024, 5, 1), days=Decimal("1.5")
    )
    EngagementFactory(
        council=camden, adviser=other_cia, date=datetime.date(2024, 9, 1), days=Decimal("1")
    )


def test_a_principal_adviser_sees_days_by_year_and_recent_engagements(
    principal_adviser, camden, history
):
    [section] = council_sections.sections(principal_adviser, camden)

    assert section["template"] == "advisers/fragment_council_engagements.html"
    context = section["context"]
    assert [(row["year"], row["days"], row["count"]) for row in context["by_year"]] == [
        (2024, Decimal("2.5"), 2),
        (2023, Decimal("2.0"), 1),
    ]
    assert context["total_days"] == Decimal("4.5")
    html = render_to_string(section["template"], {"section": section})
    assert "Adviser days by year" in html
    assert "4.5 days in all" in html
    assert "1 September 2024" in html


@pytest.mark.parametrize("persona", ["associate", "councillor"])
def test_associates_and_councillors_get_no_section(request, persona, camden, history):
    assert council_sections.sections(request.getfixturevalue(persona), camden) == []


def test_a_cia_not_assigned_to_the_council_sees_an_empty_history(
    improvement_adviser, camden, history
):
    [section] = council_sections.sections(improvement_adviser, camden)

    assert section["context"]["by_year"] == []
    html = render_to_string(section["template"], {"section": section})
    assert "No adviser engagements with Camden are recorded that you can read." in html


def test_the_council_page_shows_the_section(login, programme_manager, camden, history):
    response = login(programme_manager).get(camden.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Adviser engagements" in content
    assert "Adviser days by year" in content
