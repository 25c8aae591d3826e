"""What the mentoring app can do: keep the mentor pool, take requests, propose and run matches."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from councils.models import Council, Region
from improvement_portal import idempotency
from mentoring import matching, permissions
from mentoring.models import (
    Experience,
    Match,
    Mentor,
    MentoringFeedback,
    MentoringRequest,
    MentoringSession,
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _clean_experience(experience: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(experience))
    unknown = [code for code in codes if code not in Experience.values]
    if unknown:
        raise ValidationError(f"Unknown experience: {', '.join(unknown)}.")
    return codes


@transaction.atomic
def create_mentor(
    *,
    user: User,
    council: Council,
    political_group: str,
    experience: Iterable[str],
    capacity: int,
    actor: User,
    region: Region | None = None,
    is_active: bool = True,
    bio: str = "",
    submission_key: uuid.UUID | None = None,
) -> Mentor:
    """Add a councillor to the mentor pool (programme managers only; one profile per person)."""
    _require(permissions.is_programme_manager(actor))
    if not user.is_councillor:
        raise ValidationError("Only councillors can be mentors.")

    def create() -> Mentor:
        if Mentor.objects.filter(user=user).exists():
            raise ValidationError(f"{user} is already in the mentor pool.")
        mentor = Mentor(
            user=user,
            council=council,
            region=region or council.region,
            political_group=political_group,
            experience=_clean_experience(experience),
            capacity=capacity,
            is_active=is_active,
            bio=bio,
            submission_key=submission_key,
        )
        mentor.full_clean()
        mentor.save()
        return mentor

    return idempotency.create_once(Mentor, submission_key, create)[0]


MENTOR_FIELDS = frozenset(
    {"council", "region", "political_group", "experience", "capacity", "is_active", "bio"}
)
# A mentor keeps their own profile but not where they sit: the programme checks that.
SELF_EDITABLE_FIELDS = frozenset({"political_group", "experience", "capacity", "is_active", "bio"})


@transaction.atomic
def update_mentor(*, mentor: Mentor, actor: User, **changes: object) -> Mentor:
    """Change a mentor's profile; capacity never drops below the places already taken."""
    _require(permissions.can_edit_mentor(actor, mentor))
    allowed = MENTOR_FIELDS if permissions.is_programme_manager(actor) else SELF_EDITABLE_FIELDS
    if set(changes) - allowed:
        raise PermissionDenied
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if "experience" in changes:
        changes["experience"] = _clean_experience(changes["experience"])  # type: ignore[arg-type]
    taken = mentor.matches.live().count()
    if "capacity" in changes and int(changes["capacity"]) < taken:  # type: ignore[call-overload]
        raise ValidationError(
            {"capacity": f"Capacity cannot be less than {taken}, the number of mentees now."}
        )
    for name, value in changes.items():
        setattr(mentor, name, value)
    mentor.full_clean(exclude=["user"])
    mentor.save(update_fields=[*changes, "updated_at"])
    return mentor


@transaction.atomic
def request_mentoring(
    *,
    mentee: User,
    kind: str,
    political_group: str,
    performance_concern: bool,
    needs: str,
    actor: User,
    submission_key: uuid.UUID | None = None,
) -> MentoringRequest:
    """Record a councillor's request for a mentor; one outstanding request per councillor.

    The same request sent again (``submission_key``) returns the one it made.
    """
    own_request = actor.pk == mentee.pk and actor.is_councillor
    _require(own_request or permissions.is_programme_manager(actor))
    if not mentee.is_councillor or mentee.council_id is None:
        raise ValidationError("Mentoring is for councillors who sit on a council.")

    def create() -> MentoringRequest:
        User.objects.select_for_update().filter(pk=mentee.pk).first()
        outstanding = MentoringRequest.objects.filter(
            mentee=mentee, status__in=MentoringRequest.OUTSTANDING_STATUSES
        )
        if outstanding.exists():
            raise ValidationError(f"{mentee} already has a mentoring request in progress.")
        mentoring_request = MentoringRequest(
            mentee=mentee,
            council_id=mentee.council_id,
            kind=kind,
            political_group=political_group,
            performance_concern=performance_concern,
            needs=needs.strip(),
            requested_by=actor,
            submission_key=submission_key,
        )
        mentoring_request.full_clean()
        mentoring_request.save()
        return mentoring_request

    owner = {"requested_by_id": actor.pk}
    return idempotency.create_once(MentoringRequest, submission_key, create, **owner)[0]


@transaction.atomic
def withdraw_request(*, mentoring_request: MentoringRequest, actor: User) -> MentoringRequest:
    """Withdraw a request still waiting for a mentor; a proposal out for it is declined."""
    mine = actor.pk == mentoring_request.mentee_id
    _require(mine or permissions.is_programme_manager(actor))
    locked = MentoringRequest.objects.select_for_update().get(pk=mentoring_request.pk)
    if locked.status == MentoringRequest.Status.WITHDRAWN:
        return locked
    if locked.status != MentoringRequest.Status.OPEN:
        raise ValidationError("Only a request still waiting for a mentor can be withdrawn.")
    for match in locked.matches.select_for_update().filter(status=Match.Status.PROPOSED):
        fields = match.move_to(Match.Status.DECLINED)
        match.decline_reason = "The request was withdrawn."
        match.save(update_fields=[*fields, "decline_reason"])
    locked.status = MentoringRequest.Status.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def propose_match(*, mentoring_request: MentoringRequest, mentor: Mentor, actor: User) -> Match:
    """Propose a mentor for an open request, keeping the score and reasons; hard rules hold."""
    _require(permissions.can_propose_match(actor))
    locked = MentoringRequest.objects.select_for_update().get(pk=mentoring_request.pk)
    # Locking the mentor row serialises proposals to one mentor, so capacity holds under races.
    Mentor.objects.select_for_update().filter(pk=mentor.pk).first()
    if locked.status != MentoringRequest.Status.OPEN:
        raise ValidationError("This request is no longer waiting for a mentor.")
    if locked.matches.live().exists():
        raise ValidationError("This request already has a mentor proposed or matched.")
    facts = matching.request_facts(mentoring_request)
    [candidate] = matching.mentor_facts(Mentor.objects.filter(pk=mentor.pk))
    reason = matching.ineligibility(facts, candidate)
    if reason:
        raise ValidationError(f"{mentor} cannot be proposed: this mentor {reason}.")
    suggestion = matching.score_mentor(facts, candidate)
    return Match.objects.create(
        request=locked,
        mentor=mentor,
        score=suggestion.score,
        reasons=list(suggestion.reasons),
        proposed_by=actor,
    )


def _move(match: Match, status: str) -> Match:
    locked = Match.objects.select_for_update().get(pk=match.pk)
    fields = locked.move_to(status)
    locked.save(update_fields=fields)
    return locked


@transaction.atomic
def accept_match(*, match: Match, actor: User) -> Match:
    """The mentor says yes; the request is then matched."""
    _require(permissions.is_mentor_of(actor, match))
    mentor = Mentor.objects.select_for_update().get(pk=match.mentor_id)
    accepted = _move(match, Match.Status.ACCEPTED)
    if Match.objects.live().filter(mentor=mentor).count() > mentor.capacity:
        raise ValidationError("You have no places free to take on another mentee.")
    MentoringRequest.objects.filter(pk=match.request_id).update(
        status=MentoringRequest.Status.MATCHED, updated_at=timezone.now()
    )
    return accepted


@transaction.atomic
def decline_match(*, match: Match, actor: User, reason: str = "") -> Match:
    """The mentor says no (or the programme withdraws the proposal); the request stays open."""
    _require(permissions.is_mentor_of(actor, match) or permissions.is_programme_manager(actor))
    declined = Match.objects.select_for_update().get(pk=match.pk)
    fields = declined.move_to(Match.Status.DECLINED)
    if reason:
        declined.decline_reason = reason.strip()
        fields = [*fields, "decline_reason"]
    declined.save(update_fields=fields)  # one save, so one audit row for the whole change
    return declined


@transaction.atomic
def start_match(*, match: Match, actor: User) -> Match:
    """Mark an accepted match as under way."""
    _require(permissions.is_mentor_of(actor, match) or permissions.is_programme_manager(actor))
    return _move(match, Match.Status.ACTIVE)


@transaction.atomic
def complete_match(*, match: Match, actor: User) -> Match:
    """End an active match; the request is completed and the mentee is asked for feedback."""
    _require(permissions.is_mentor_of(actor, match) or permissions.is_programme_manager(actor))
    completed = _move(match, Match.Status.COMPLETED)
    MentoringRequest.objects.filter(pk=match.request_id).update(
        status=MentoringRequest.Status.COMPLETED, updated_at=timezone.now()
    )
    return completed


@transaction.atomic
def log_session(
    *,
    match: Match,
    held_on: datetime.date,
    duration_minutes: int,
    private_notes: str,
    actor: User,
    submission_key: uuid.UUID | None = None,
) -> MentoringSession:
    """Record a session for the pair (once per ``submission_key``); the first session of an
    accepted match starts it."""
    _require(permissions.can_read_session_notes(actor, match))

    def create() -> MentoringSession:
        locked = Match.objects.select_for_update().get(pk=match.pk)
        if locked.status not in (Match.Status.ACCEPTED, Match.Status.ACTIVE):
            raise ValidationError("Sessions can only be logged while the mentoring is under way.")
        if held_on > timezone.localdate():
            raise ValidationError(
                {"held_on": "The date of the session must be today or in the past."}
            )
        if locked.status == Match.Status.ACCEPTED:
            locked.save(update_fields=locked.move_to(Match.Status.ACTIVE, on=held_on))
        session = MentoringSession(
            match=locked,
            held_on=held_on,
            duration_minutes=duration_minutes,
            private_notes=private_notes.strip(),
            logged_by=actor,
            submission_key=submission_key,
        )
        session.full_clean()
        session.save()
        return session

    owner = {"logged_by_id": actor.pk}
    return idempotency.create_once(MentoringSession, submission_key, create, **owner)[0]


@transaction.atomic
def give_feedback(
    *,
    match: Match,
    rating: int,
    would_recommend: bool,
    comments: str,
    actor: User,
    submission_key: uuid.UUID | None = None,
) -> MentoringFeedback:
    """Keep the mentee's feedback on a completed match (once)."""
    _require(permissions.is_mentee_of(actor, match))

    def create() -> MentoringFeedback:
        locked = Match.objects.select_for_update().get(pk=match.pk)
        if locked.status != Match.Status.COMPLETED:
            raise ValidationError("Feedback can be given once the mentoring has finished.")
        if MentoringFeedback.objects.filter(match=locked).exists():
            raise ValidationError("You have already given feedback on this mentoring.")
        feedback = MentoringFeedback(
            match=locked,
            rating=rating,
            would_recommend=would_recommend,
            comments=comments.strip(),
            submission_key=submission_key,
        )
        feedback.full_clean()
        feedback.save()
        return feedback

    return idempotency.create_once(MentoringFeedback, submission_key, create, match_id=match.pk)[0]
