"""Everything that changes a peer challenge: request, steps, scoping, team, letter, follow-up."""

from __future__ import annotations

import datetime
import logging
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from advisers.models import Adviser
from councils.models import Council
from improvement_portal import audit, idempotency, pdf
from peer_challenges import eligibility, permissions, workflow
from peer_challenges.models import PeerChallenge, StatusChange, TeamMember, sort_team

logger = logging.getLogger(__name__)
Status = PeerChallenge.Status
LetterStatus = PeerChallenge.LetterStatus
LETTER_TEMPLATE = "peer_challenges/pdf_feedback_letter.html"


@transaction.atomic
def request_peer_challenge(
    *,
    council: Council,
    request_notes: str = "",
    actor: User,
    submission_key: uuid.UUID | None = None,
) -> PeerChallenge:
    """Record a council's request for a peer challenge, as its first step (once per
    ``submission_key``)."""
    if not permissions.can_request_for(actor, council):
        raise PermissionDenied

    def create() -> PeerChallenge:
        challenge = PeerChallenge.objects.create(
            council=council,
            requested_by=actor,
            request_notes=request_notes.strip(),
            submission_key=submission_key,
        )
        StatusChange.objects.create(
            challenge=challenge, to_status=Status.REQUESTED, changed_by=actor
        )
        return challenge

    owner = {"requested_by_id": actor.pk}
    return idempotency.create_once(PeerChallenge, submission_key, create, **owner)[0]


@transaction.atomic
def move_challenge(
    *, challenge: PeerChallenge, to_status: str, actor: User, note: str = ""
) -> PeerChallenge:
    """Take one step of the workflow table, recording who took it and when (idempotent)."""
    challenge = _locked(challenge)
    if challenge.status == to_status:
        return challenge
    step = workflow.find_step(challenge.status, to_status)
    if step is None:
        raise ValidationError(
            f"A peer challenge that is {challenge.get_status_display().lower()} cannot move to "
            f"{Status(to_status).label.lower()}."
        )
    if not permissions.can_take_step(actor, challenge, step):
        raise PermissionDenied
    if step.needs_reason and not note.strip():
        raise ValidationError("Enter why the peer challenge is cancelled.")
    problems = step.problems(challenge)
    if problems:
        raise ValidationError(problems)
    fields = ["status", "updated_at"]
    challenge.status = to_status
    if to_status == Status.FEEDBACK_SENT:
        challenge.letter_sent_at = timezone.now()
        fields.append("letter_sent_at")
    with audit.acting(actor):
        challenge.save(update_fields=fields)
    StatusChange.objects.create(
        challenge=challenge,
        from_status=step.source,
        to_status=to_status,
        changed_by=actor,
        note=note.strip(),
    )
    return challenge


def _locked(challenge: PeerChallenge) -> PeerChallenge:
    return (
        PeerChallenge.objects.select_for_update(of=("self",))
        .select_related("council__region")
        .prefetch_related("team__adviser__user")
        .get(pk=challenge.pk)
    )


@transaction.atomic
def update_scoping(
    *,
    challenge: PeerChallenge,
    actor: User,
    focus: list[str],
    key_lines_of_enquiry: str,
    on_site_starts_on: datetime.date | None,
    on_site_ends_on: datetime.date | None,
    funding: str,
) -> PeerChallenge:
    """Record what scoping agreed: focus, key lines of enquiry, on-site dates, funding."""
    challenge = _locked(challenge)
    if not permissions.can_edit_scoping(actor, challenge):
        raise PermissionDenied
    if (on_site_starts_on is None) != (on_site_ends_on is None):
        raise ValidationError("Enter both the first and the last on-site day.")
    if on_site_starts_on and on_site_ends_on and on_site_ends_on < on_site_starts_on:
        raise ValidationError("The last on-site day must be on or after the first.")
    challenge.focus = list(focus)
    challenge.key_lines_of_enquiry = key_lines_of_enquiry.strip()
    challenge.on_site_starts_on = on_site_starts_on
    challenge.on_site_ends_on = on_site_ends_on
    challenge.funding = funding
    with audit.acting(actor):
        challenge.save(
            update_fields=[
                "focus",
                "key_lines_of_enquiry",
                "on_site_starts_on",
                "on_site_ends_on",
                "funding",
                "updated_at",
            ]
        )
    return challenge


@transaction.atomic
def add_team_member(
    *,
    challenge: PeerChallenge,
    adviser: Adviser,
    role: str,
    actor: User,
    submission_key: uuid.UUID | None = None,
) -> TeamMember:
    """Put a person on the team, if they keep every rule for the role (see ``eligibility``);
    the same form sent again returns the place it made."""

    def create() -> TeamMember:
        return _add_team_member(challenge, adviser, role, actor, submission_key)

    owner = {"challenge_id": challenge.pk}
    return idempotency.create_once(TeamMember, submission_key, create, **owner)[0]


def _add_team_member(
    challenge: PeerChallenge,
    adviser: Adviser,
    role: str,
    actor: User,
    submission_key: uuid.UUID | None,
) -> TeamMember:
    challenge = _locked(challenge)
    if not permissions.can_edit_team(actor, challenge):
        raise PermissionDenied
    if challenge.team.filter(adviser=adviser).exists():
        raise ValidationError(f"{adviser.user.full_name} is already on this team.")
    if role == TeamMember.Role.LEAD_PEER and challenge.team.filter(role=role).exists():
        raise ValidationError("This team already has a lead peer. Remove them first.")
    problems = eligibility.rule_breaches(challenge, adviser, role)
    if problems:
        raise ValidationError(problems)
    with audit.acting(actor):
        try:
            with transaction.atomic():
                return TeamMember.objects.create(
                    challenge=challenge,
                    adviser=adviser,
                    role=role,
                    added_by=actor,
                    submission_key=submission_key,
                )
        except IntegrityError as error:  # a second manager added the same person meanwhile
            raise ValidationError(f"{adviser.user.full_name} is already on this team.") from error


@transaction.atomic
def remove_team_member(*, member: TeamMember, actor: User) -> None:
    """Take a person off the team while the team is still being chosen (idempotent)."""
    challenge = _locked(member.challenge)
    if not permissions.can_edit_team(actor, challenge):
        raise PermissionDenied
    with audit.acting(actor):
        TeamMember.objects.filter(pk=member.pk).delete()


@transaction.atomic
def confirm_team_place(*, member: TeamMember, actor: User) -> TeamMember:
    """The person confirms their own place on the team (idempotent)."""
    member = TeamMember.objects.select_for_update().select_related("challenge").get(pk=member.pk)
    if member.is_confirmed:
        return member
    if member.adviser.user_id != actor.pk:
        raise PermissionDenied
    if member.challenge.status != Status.SCOPING:
        raise ValidationError("The team for this peer challenge is no longer being chosen.")
    member.confirmed_at = timezone.now()
    with audit.acting(actor):
        member.save(update_fields=["confirmed_at", "updated_at"])
    return member


@transaction.atomic
def write_feedback_letter(
    *,
    challenge: PeerChallenge,
    strengths: str,
    areas_for_consideration: str,
    recommendations: str,
    actor: User,
) -> PeerChallenge:
    """Save the letter's text and prepare its PDF in the background (after commit)."""
    challenge = _locked(challenge)
    if not permissions.can_write_letter(actor, challenge):
        raise PermissionDenied
    challenge.strengths = strengths.strip()
    challenge.areas_for_consideration = areas_for_consideration.strip()
    challenge.recommendations = recommendations.strip()
    challenge.letter_written_at = timezone.now()
    return _prepare_letter(
        challenge,
        actor=actor,
        written=["strengths", "areas_for_consideration", "recommendations", "letter_written_at"],
    )


@transaction.atomic
def prepare_letter_again(*, challenge: PeerChallenge, actor: User) -> PeerChallenge:
    """Render the PDF again from the saved text (after a failure, or for an older letter)."""
    challenge = _locked(challenge)
    if challenge.missing_letter_sections():
        raise ValidationError("Write the feedback letter first.")
    if not permissions.can_prepare_letter(actor, challenge):
        raise PermissionDenied
    if challenge.letter_status == LetterStatus.PREPARING and not challenge.letter_is_stuck:
        return challenge
    return _prepare_letter(challenge, actor=actor)


def _prepare_letter(
    challenge: PeerChallenge, *, actor: User, written: list[str] | None = None
) -> PeerChallenge:
    """Save any new text with a new revision of the PDF to make, in one save (one audit row),
    and have that revision rendered after commit."""
    from peer_challenges import tasks

    challenge.letter_revision = F("letter_revision") + 1
    challenge.letter_status = LetterStatus.PREPARING
    challenge.letter_error = ""
    challenge.letter_requested_at = timezone.now()
    with audit.acting(actor):
        challenge.save(
            update_fields=[
                *(written or []),
                "letter_revision",
                "letter_status",
                "letter_error",
                "letter_requested_at",
                "updated_at",
            ]
        )
    challenge.refresh_from_db(fields=["letter_revision"])
    tasks.render_feedback_letter.delay_on_commit(challenge.pk, challenge.letter_revision)
    return challenge


def render_feedback_letter(*, challenge_id: int, revision: int) -> bool:
    """Render and store the letter's PDF for one revision of its text; True if stored.

    Safe to run more than once: a revision already rendered, or overtaken by newer text, is
    left alone, so an old render can never replace the letter the lead last wrote.
    """
    challenge = _current_letter(challenge_id, revision)
    if challenge is None:
        return False
    try:
        data = pdf.render_pdf(LETTER_TEMPLATE, letter_context(challenge))
    except Exception:  # any rendering failure is shown on the page, not retried
        logger.exception(
            "Feedback letter %s (revision %s) failed to render", challenge_id, revision
        )
        audit.update(
            PeerChallenge.objects.filter(pk=challenge_id, letter_revision=revision),
            letter_status=LetterStatus.FAILED,
            letter_error="The PDF could not be made. Try preparing it again.",
        )
        return False
    return _store_letter(challenge, revision, data)


def _current_letter(challenge_id: int, revision: int) -> PeerChallenge | None:
    return (
        PeerChallenge.objects.select_related("council__region")
        .filter(pk=challenge_id, letter_revision=revision, letter_status=LetterStatus.PREPARING)
        .first()
    )


def _store_letter(challenge: PeerChallenge, revision: int, data: bytes) -> bool:
    storage = challenge.letter_pdf.storage
    field = challenge.letter_pdf.field
    name = storage.save(
        field.generate_filename(challenge, f"peer-challenge-{challenge.pk}-feedback.pdf"),
        ContentFile(data),
    )
    previous = challenge.letter_pdf.name
    stored = audit.update(
        PeerChallenge.objects.filter(
            pk=challenge.pk, letter_revision=revision, letter_status=LetterStatus.PREPARING
        ),
        letter_pdf=name,
        letter_status=LetterStatus.READY,
        letter_error="",
    )
    if not stored:  # newer text arrived while rendering: its own render will store it
        storage.delete(name)
    elif previous and previous != name:
        storage.delete(previous)
    return bool(stored)


def letter_context(challenge: PeerChallenge) -> dict[str, Any]:
    """What the letter PDF shows: the council, the dates, the team and the lead's text."""
    team = sort_team(challenge.team.select_related("adviser__user", "adviser__home_council"))
    lead = next((m for m in team if m.is_lead), None)
    return {"challenge": challenge, "council": challenge.council, "team": team, "lead": lead}


@transaction.atomic
def record_follow_up(
    *,
    challenge: PeerChallenge,
    follow_up_on: datetime.date | None,
    follow_up_notes: str,
    actor: User,
) -> PeerChallenge:
    """Record the follow-up conversation's date and notes."""
    challenge = _locked(challenge)
    if not permissions.can_record_follow_up(actor, challenge):
        raise PermissionDenied
    challenge.follow_up_on = follow_up_on
    challenge.follow_up_notes = follow_up_notes.strip()
    with audit.acting(actor):
        challenge.save(update_fields=["follow_up_on", "follow_up_notes", "updated_at"])
    return challenge
