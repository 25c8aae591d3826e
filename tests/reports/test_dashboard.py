"""The dashboard leads with reports ready to download."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from reports import dashboard
from reports.models import EvaluationReport
from tests.factories.accounts import UserFactory
from tests.factories.reports import EvaluationReportFactory

pytestmark = pytest.mark.django_db

Status = EvaluationReport.Status


def ready(user, days_ago=0, **fields):
    finished = timezone.now() - datetime.timedelta(days=days_ago)
    return EvaluationReportFactory(
        requested_by=user, status=Status.DONE, started_at=finished, finished_at=finished, **fields
    )


def test_a_programme_manager_is_told_which_of_their_reports_are_ready(login, programme_manager):
    first = ready(programme_manager)
    ready(programme_manager, days_ago=3, start=datetime.date(2019, 4, 1))
    ready(programme_manager, days_ago=20)  # long since ready: no longer a prompt
    EvaluationReportFactory(requested_by=programme_manager, status=Status.RUNNING)
    ready(UserFactory(email="other-pm@example.org", role=Role.PROGRAMME_MANAGER))

    cards = dashboard.cards(programme_manager)

    action = cards[0]
    assert action["title"] == "2 reports ready"
    assert action["action"] is True
    assert action["url"] == reverse("reports:list")
    assert action["items"][0]["url"] == first.get_absolute_url()
    assert action["items"][0]["label"] == "England, 1 April 2018 to 31 March 2020"
    assert cards[1]["title"] == "Evaluation reports"

    page = login(programme_manager).get(reverse("dashboard")).content.decode()
    assert "2 reports ready" in page


def test_one_ready_report_reads_in_the_singular(principal_adviser, london):
    ready(principal_adviser, region=london)

    assert dashboard.cards(principal_adviser)[0]["title"] == "1 report ready"


def test_without_ready_reports_only_the_area_card_shows(programme_manager):
    assert [card["title"] for card in dashboard.cards(programme_manager)] == ["Evaluation reports"]


@pytest.mark.parametrize("persona", ["improvement_adviser", "associate", "councillor"])
def test_roles_without_reports_get_no_cards(request, persona):
    assert dashboard.cards(request.getfixturevalue(persona)) == []
