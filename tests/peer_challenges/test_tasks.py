"""The feedback letter task renders a real PDF and stores it, and is safe to run again."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from peer_challenges import services, tasks
from peer_challenges.models import PeerChallenge
from tests.peer_challenges.conftest import give_ready_team


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def written(challenge, make_peer, principal_adviser) -> PeerChallenge:
    """Camden's challenge on site, its letter written and waiting for its PDF."""
    give_ready_team(challenge, make_peer)
    challenge.status = "on_site"
    challenge.save()
    return services.write_feedback_letter(
        challenge=challenge,
        strengths="Social workers know their children well.",
        areas_for_consideration="Thresholds at the front door are applied unevenly.",
        recommendations="Audit contacts that lead to no further action.",
        actor=principal_adviser,
    )


def test_renders_a_real_pdf_with_the_council_dates_team_and_text(written):
    tasks.render_feedback_letter(written.pk, written.letter_revision)

    written.refresh_from_db()
    assert written.letter_status == "ready"
    data = written.letter_pdf.read()
    assert data.startswith(b"%PDF")
    text = _text(data)
    assert "Camden" in text
    assert "2 June 2025 to 6 June 2025" in text
    assert "Lena Lead" in text and "Mo Member" in text
    assert "Social workers know their children well." in text
    assert "Audit contacts that lead to no further action." in text


def test_running_it_twice_keeps_one_letter(written):
    tasks.render_feedback_letter(written.pk, written.letter_revision)
    written.refresh_from_db()
    first = written.letter_pdf.name

    assert (
        services.render_feedback_letter(challenge_id=written.pk, revision=written.letter_revision)
        is False
    )

    written.refresh_from_db()
    assert written.letter_pdf.name == first


def test_an_older_revision_never_replaces_newer_text(written, principal_adviser):
    old_revision = written.letter_revision
    services.write_feedback_letter(
        challenge=written,
        strengths="Rewritten strengths.",
        areas_for_consideration="Rewritten areas.",
        recommendations="Rewritten recommendations.",
        actor=principal_adviser,
    )

    assert services.render_feedback_letter(challenge_id=written.pk, revision=old_revision) is False

    written.refresh_from_db()
    assert written.letter_status == "preparing"
    assert not written.letter_pdf


def test_a_failed_render_is_shown_not_retried(written, monkeypatch):
    def broken(template_name, context):
        raise ValueError("WeasyPrint could not lay out the page")

    monkeypatch.setattr(services.pdf, "render_pdf", broken)

    tasks.render_feedback_letter(written.pk, written.letter_revision)

    written.refresh_from_db()
    assert written.letter_status == "failed"
    assert written.letter_error == "The PDF could not be made. Try preparing it again."


def test_saving_the_letter_renders_it_once_committed(
    challenge, make_peer, principal_adviser, django_capture_on_commit_callbacks
):
    give_ready_team(challenge, make_peer)
    challenge.status = "on_site"
    challenge.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.write_feedback_letter(
            challenge=challenge,
            strengths="Strong partnerships.",
            areas_for_consideration="Supervision.",
            recommendations="Refresh the practice model.",
            actor=principal_adviser,
        )

    challenge.refresh_from_db()
    assert challenge.letter_status == "ready"
    assert "Camden" in _text(challenge.letter_pdf.read())


def test_a_letter_stuck_preparing_can_be_prepared_again(written, principal_adviser):
    assert (
        services.prepare_letter_again(challenge=written, actor=principal_adviser).letter_revision
        == 1
    )

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        written.refresh_from_db()
        assert written.letter_is_stuck
        again = services.prepare_letter_again(challenge=written, actor=principal_adviser)

    assert again.letter_revision == 2
