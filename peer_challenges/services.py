"""Everything that changes a peer challenge: request, steps, scoping, team, letter, follow-up."""

from __future__ import annotations

import datetime
import logging
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from advisers.models import Adviser
from councils.models import Council, CouncilContact
from improvement_portal import audit, idempotency, pdf
from notifications import links
from notifications import services as notifications
from peer_challenges import eligibility, permissions, workflow
from peer_challenges.models import (
    DeclinedPlace,
    PeerChallenge,
    StatusChange,
    TeamMember,
    sort_team,
)

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
    if to_status == Status.FEEDBACK_SENT:
        send_feedback_letter(challenge=challenge)
    return challenge


def send_feedback_letter(*, challenge: PeerChallenge) -> int:
    """Email the letter's PDF to the council's named contacts and its councillors in the
    portal (in the caller's transaction); the number of people it goes to."""
    council = challenge.council
    filename = f"Peer challenge feedback letter, {council.name}.pdf"
    context = {"challenge": challenge, "council": council}
    sent = 0
    contacts = list(council.contacts.all())
    for contact in contacts:
        notifications.notify(
            recipient=None,
            email=contact.email,
            kind="feedback_letter_sent",
            context={**context, "name": contact.name},
            attachment=challenge.letter_pdf.name or "",
            attachment_filename=filename,
        )
        sent += 1
    contact_emails = {contact.email for contact in contacts}
    councillors = letter_councillors(challenge).exclude(email__in=contact_emails)
    for councillor in councillors:
        notifications.notify(
            recipient=councillor,
            kind="feedback_letter_sent",
            context=context,
            link=reverse("peer_challenges:detail", args=[challenge.pk]),
            link_text="See the peer challenge",
            attachment=challenge.letter_pdf.name or "",
            attachment_filename=filename,
        )
        sent += 1
    PeerChallenge.objects.filter(pk=challenge.pk).update(
        letter_sent_to=[contact_line(contact) for contact in contacts],
        letter_councillors_told=sent - len(contacts),
    )
    return sent


def letter_councillors(challenge: PeerChallenge) -> QuerySet[User]:
    """The reviewed council's councillors in the portal, who are sent the letter."""
    return User.objects.filter(council=challenge.council, role=Role.COUNCILLOR, is_active=True)


def contact_line(contact: CouncilContact) -> str:
    """A named contact as the letter's recipients list shows them."""
    title = f", {contact.job_title}" if contact.job_title else ""
    return f"{contact.name}{title} <{contact.email}>"


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
    previous = (challenge.on_site_starts_on, challenge.on_site_ends_on)
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
    if previous != (on_site_starts_on, on_site_ends_on) and on_site_starts_on is not None:
        _ask_team_to_reconfirm(challenge, previous=previous, actor=actor)
    return challenge


def _ask_team_to_reconfirm(
    challenge: PeerChallenge, *, previous: tuple[Any, Any], actor: User
) -> None:
    """New on-site dates: every member confirms again; anyone now breaking a rule (no valid
    accreditation, not available, a clash) is flagged to the programme managers and to
    whoever chose them."""
    for member in challenge.team.select_related("adviser__user", "added_by"):
        if member.confirmed_at is not None:
            member.confirmed_at = None
            with audit.acting(actor):
                member.save(update_fields=["confirmed_at", "updated_at"])
        invite_team_member(
            member=member,
            kind="on_site_dates_changed",
            previous_start=previous[0],
            previous_end=previous[1],
        )
        problems = eligibility.rule_breaches(challenge, member.adviser, member.role)
        if problems:
            _tell_managers(
                member, "team_member_ineligible", with_programme_managers=True, problems=problems
            )


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
                member = TeamMember.objects.create(
                    challenge=challenge,
                    adviser=adviser,
                    role=role,
                    added_by=actor,
                    submission_key=submission_key,
                )
        except IntegrityError as error:  # a second manager added the same person meanwhile
            raise ValidationError(f"{adviser.user.full_name} is already on this team.") from error
    invite_team_member(member=member)
    return member


def dates_version(challenge: PeerChallenge) -> str:
    """What a team invitation's link was sent for: the on-site dates it asked about."""
    return f"{challenge.on_site_starts_on}/{challenge.on_site_ends_on}"


def invite_team_member(
    *, member: TeamMember, kind: str = "team_invitation", **context: Any
) -> None:
    """Ask the person on the team to confirm or decline their place, by a link in an email
    (in the caller's transaction). ``kind`` is the invitation or the re-confirmation."""
    person = member.adviser.user
    notifications.notify(
        recipient=person,
        kind=kind,
        context={
            "challenge": member.challenge,
            "member": member,
            "expires_on": links.expires_on(),
            **context,
        },
        link=links.reply_path(
            "peer_challenges:reply",
            purpose="team_place",
            object_id=member.pk,
            recipient=person,
            version=dates_version(member.challenge),
        ),
        link_text="Confirm or decline your place",
    )


def _managers_of(member: TeamMember, *, with_programme_managers: bool = False) -> list[User]:
    """Who hears about a team member: whoever put them on the team, and the programme managers
    as well when ``with_programme_managers`` (or when that person is gone), each once."""
    people: list[User] = []
    if member.added_by is not None and member.added_by.is_active:
        people.append(member.added_by)
    if with_programme_managers or not people:
        managers = User.objects.filter(role=Role.PROGRAMME_MANAGER, is_active=True).order_by("pk")
        people.extend(manager for manager in managers if manager not in people)
    return people


def _tell_managers(
    member: TeamMember, kind: str, *, with_programme_managers: bool = False, **context: Any
) -> None:
    challenge = member.challenge
    for manager in _managers_of(member, with_programme_managers=with_programme_managers):
        notifications.notify(
            recipient=manager,
            kind=kind,
            context={
                "challenge": challenge,
                "member_name": member.adviser.user.full_name,
                **context,
            },
            link=reverse("peer_challenges:team", args=[challenge.pk]),
            link_text="See the team",
        )


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
    team_confirmed = _confirm_team_if_everyone_has(member.challenge, actor=actor)
    _tell_managers(member, "team_answered", confirmed=True, team_confirmed=team_confirmed)
    return member


def _confirm_team_if_everyone_has(challenge: PeerChallenge, *, actor: User) -> bool:
    """The team is confirmed once every member has confirmed and it keeps every rule."""
    challenge = _locked(challenge)
    step = workflow.find_step(challenge.status, Status.TEAM_CONFIRMED)
    if step is None or step.problems(challenge):
        return False
    challenge.status = Status.TEAM_CONFIRMED
    with audit.acting(actor):
        challenge.save(update_fields=["status", "updated_at"])
    StatusChange.objects.create(
        challenge=challenge,
        from_status=step.source,
        to_status=Status.TEAM_CONFIRMED,
        changed_by=actor,
        note="Every member of the team confirmed their place.",
    )
    return True


@transaction.atomic
def decline_team_place(*, member: TeamMember, actor: User, reason: str) -> None:
    """The person declines their place: it is freed, and the programme managers and whoever
    chose them are told why."""
    member = (
        TeamMember.objects.select_for_update(of=("self",))
        .select_related("challenge__council", "adviser__user", "added_by")
        .get(pk=member.pk)
    )
    if member.adviser.user_id != actor.pk:
        raise PermissionDenied
    if member.challenge.status != Status.SCOPING:
        raise ValidationError("The team for this peer challenge is no longer being chosen.")
    _tell_managers(
        member,
        "team_answered",
        with_programme_managers=True,
        confirmed=False,
        reason=reason.strip(),
    )
    keep_declined_place(member=member, reason=reason)
    with audit.acting(actor):
        member.delete()


def team_place_awaiting_reply(*, member_id: int, actor: User, version: str) -> TeamMember:
    """The place a reply link answers, if it still waits for this person's answer."""
    member = (
        TeamMember.objects.select_related("challenge__council", "adviser__user")
        .filter(pk=member_id, adviser__user=actor)
        .first()
    )
    if member is None:
        raise links.LinkProblem(
            "This invitation is no longer open",
            "You declined this place, or the team was changed and you are no longer on it. "
            "Your peer challenges are listed on your dashboard.",
            410,
        )
    if member.challenge.status != Status.SCOPING:
        raise links.LinkProblem(
            "The team is no longer being chosen",
            "This peer challenge has moved on, so places can no longer be confirmed or declined "
            "here. Contact the programme team if something has changed for you.",
            409,
        )
    if version != dates_version(member.challenge):
        raise links.LinkProblem(
            "The on-site dates have changed since this email",
            "Use the link in the newest email about this peer challenge, which asks about the "
            "new dates.",
            409,
        )
    if member.is_confirmed:
        raise links.LinkProblem(
            "You have already confirmed your place",
            "Thank you. If you can no longer come, contact the programme team.",
            409,
        )
    return member


def answer_team_place(*, member: TeamMember, actor: User, confirm: bool, reason: str = "") -> None:
    """The person's answer from the invitation's link: confirm, or decline with a reason."""
    if confirm:
        confirm_team_place(member=member, actor=actor)
    else:
        decline_team_place(member=member, actor=actor, reason=reason)


def keep_declined_place(*, member: TeamMember, reason: str) -> DeclinedPlace:
    """Keep the record of a declined place, in the transaction that frees it."""
    return DeclinedPlace.objects.create(
        challenge=member.challenge,
        adviser=member.adviser,
        role=member.role,
        member_id=member.pk,
        invited_at=member.created_at,
        reason=reason.strip(),
    )


@transaction.atomic
def record_confirmation(*, member: TeamMember, note: str, actor: User) -> TeamMember:
    """A manager records a place confirmed by other means (a call, an email), with how it came;
    kept in the audit history. Idempotent for a place already confirmed."""
    locked = (
        TeamMember.objects.select_for_update(of=("self",))
        .select_related("challenge__council", "adviser__user")
        .filter(pk=member.pk)
        .first()
    )
    if locked is None:
        declined = DeclinedPlace.objects.filter(member_id=member.pk).first()
        if declined is not None:
            raise ValidationError(
                f"{member.adviser.user.full_name} declined their place on "
                f"{workflow.long_date(timezone.localtime(declined.declined_at).date())}, so it "
                "cannot be confirmed. Add them again to invite them afresh."
            )
        raise ValidationError(
            f"{member.adviser.user.full_name} is no longer on the team: they were removed. "
            "Add them again to invite them afresh."
        )
    if not permissions.can_edit_team(actor, locked.challenge):
        raise PermissionDenied
    if locked.is_confirmed:
        return locked
    if not note.strip():
        raise ValidationError({"note": "Say how the confirmation was received."})
    locked.confirmed_at = timezone.now()
    locked.confirmed_by = actor
    locked.confirmation_note = note.strip()
    with audit.acting(actor):
        locked.save(
            update_fields=["confirmed_at", "confirmed_by", "confirmation_note", "updated_at"]
        )
    _confirm_team_if_everyone_has(locked.challenge, actor=actor)
    return locked


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
    team = sort_team(
        challenge.team.select_related("adviser__user__council", "adviser__home_council")
    )
    lead = next((m for m in team if m.is_lead), None)
    rows = [
        {
            "name": member.adviser.user.full_name,
            "role": member.get_role_display(),
            "council": _works_for(member),
        }
        for member in team
    ]
    return {
        "challenge": challenge,
        "council": challenge.council,
        "team": team,
        "rows": rows,
        "lead": lead,
    }


def _works_for(member: TeamMember) -> str:
    """Where a team member comes from, as the letter names it: never left blank."""
    adviser = member.adviser
    council = adviser.home_council or adviser.user.council
    if council is not None:
        return council.name
    return f"Independent {adviser.get_kind_display().lower()}"


@transaction.atomic
def record_follow_up(
    *,
    challenge: PeerChallenge,
    follow_up_on: datetime.date | None,
    follow_up_notes: str,
    actor: User,
    follow_up_owner: User | None = None,
    follow_up_checks: str = "",
    waived_reason: str = "",
) -> PeerChallenge:
    """Record the agreed follow-up (date, owner, what it will check, notes), or waive it with
    a reason; closing the challenge needs one or the other."""
    challenge = _locked(challenge)
    if not permissions.can_record_follow_up(actor, challenge):
        raise PermissionDenied
    if follow_up_owner is not None and not permissions.can_own_follow_up(
        follow_up_owner, challenge
    ):
        raise ValidationError(
            {
                "follow_up_owner": "Choose a programme manager or the principal adviser "
                "for the council's region."
            }
        )
    challenge.follow_up_on = follow_up_on
    challenge.follow_up_owner = follow_up_owner
    challenge.follow_up_checks = follow_up_checks.strip()
    challenge.follow_up_notes = follow_up_notes.strip()
    challenge.follow_up_waived_reason = waived_reason.strip()
    with audit.acting(actor):
        challenge.save(
            update_fields=[
                "follow_up_on",
                "follow_up_owner",
                "follow_up_checks",
                "follow_up_notes",
                "follow_up_waived_reason",
                "updated_at",
            ]
        )
    return challenge
