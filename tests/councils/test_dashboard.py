"""The councils card on the dashboard, and the programme manager's prompt to finish an import."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from councils.dashboard import cards
from councils.models import Council, OfstedUpload
from tests.factories.councils import InspectionFactory

pytestmark = pytest.mark.django_db


def test_the_card_counts_councils_judged_below_good(councillor):
    for code, grade in (("E09000007", 3), ("E09000019", 4), ("E08000035", 2)):
        InspectionFactory(
            council=Council.objects.get(gss_code=code),
            published_on=datetime.date(2024, 1, 1),
            overall_effectiveness=grade,
        )

    with time_machine.travel(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)):
        [card] = cards(councillor)

    assert card["figure"] == 153
    assert "2 judged requires improvement or inadequate" in card["body"]
    assert card["url"] == "/councils/"


def test_a_programme_manager_is_prompted_to_import_a_checked_file(programme_manager, councillor):
    upload = OfstedUpload.objects.create(
        file=SimpleUploadedFile("a.ods", b"x"),
        file_name="a.ods",
        status=OfstedUpload.Status.READY,
        uploaded_by=programme_manager,
    )

    manager_cards = cards(programme_manager)
    councillor_cards = cards(councillor)

    prompt = manager_cards[1]
    assert prompt["action"] is True
    assert prompt["items"][0]["url"] == upload.get_absolute_url()
    assert len(councillor_cards) == 1
