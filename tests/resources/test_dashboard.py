"""The dashboard shows each person the newest resources written for them."""

from __future__ import annotations

import datetime

import pytest

from resources.dashboard import cards
from resources.models import Audience
from tests.factories.resources import ResourceFactory, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    ResourceFactory(
        title="Councillors' guide",
        audiences=[Audience.COUNCILLORS],
        published_on=datetime.date(2024, 1, 1),
    )
    ResourceFactory(
        title="Adviser toolkit",
        audiences=[Audience.ADVISERS],
        published_on=datetime.date(2024, 2, 1),
    )
    ResourceFactory(
        title="Portfolio holders' pack",
        audiences=[Audience.PORTFOLIO_HOLDERS],
        published_on=datetime.date(2024, 3, 1),
    )
    draft(title="Unpublished guide", audiences=[Audience.COUNCILLORS])


def _newest(user) -> list[str]:
    (card,) = [card for card in cards(user) if not card.get("action")]
    return [item["label"] for item in card["items"]]


def test_a_councillor_sees_the_newest_resources_for_councillors(library, councillor):
    assert _newest(councillor) == ["Portfolio holders' pack", "Councillors' guide"]
    card = [card for card in cards(councillor) if not card.get("action")][0]
    assert card["body"] == "Newest for you: Portfolio holders' pack; Councillors' guide."
    assert card["url"] == "/resources/"


def test_an_adviser_sees_the_newest_resources_for_advisers(library, improvement_adviser):
    assert _newest(improvement_adviser) == ["Adviser toolkit"]


def test_a_programme_manager_sees_everything_new_and_the_drafts_to_publish(
    library, programme_manager
):
    action = [card for card in cards(programme_manager) if card.get("action")]

    assert _newest(programme_manager) == [
        "Portfolio holders' pack",
        "Adviser toolkit",
        "Councillors' guide",
    ]
    assert action[0]["title"] == "1 draft resource to publish"
    assert [item["label"] for item in action[0]["items"]] == ["Unpublished guide"]


def test_a_councillor_is_not_told_about_drafts(library, councillor):
    assert [card for card in cards(councillor) if card.get("action")] == []


def test_the_dashboard_page_shows_the_card(library, login, councillor):
    response = login(councillor).get("/")

    assert "Newest for you: Portfolio holders&#x27; pack" in response.text
