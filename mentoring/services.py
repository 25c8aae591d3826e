"""What the mentoring app can do: keep the mentor pool, take requests, propose and run matches."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from councils.models import Council, Region
from improvement_portal import idempotency
from mentoring import matching, permissions
from mentoring.models import (
    STALLED_AFTER,
    Experience,
    GroupOffice,
    GroupOfficeReferral,
    Match,
    Mentor,
    MentoringFeedback,
    MentoringRequest,
    MentoringSession,
    PoliticalGroup,
)
from notifications import links
from notifications import services as notifications


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
def update_mentor(*, mentor: Mentor, actor: User, **changes: Any) -> Mentor:
    """Change a mentor's profile; capacity never drops below the places already taken."""
    _require(permissions.can_edit_mentor(actor, mentor))
    allowed = MENTOR_FIELDS if permissions.is_programme_manager(actor) else SELF_EDITABLE_FIELDS
    if set(changes) - allowed:
        raise PermissionDenied
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if "experience" in changes:
        changes["experience"] = _clean_experience(changes["experience"])
    taken = mentor.matches.live().count()
    if "capacity" in changes and int(changes["capacity"]) < taken:
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
    group_preference: str = MentoringRequest.GroupPreference.ANY,
    submission_key: uuid.UUID | None = None,
) -> MentoringRequest:
    """Record a councillor's request for a mentor; one outstanding request per councillor.

    Asking for a mentor of one's own group is refused while no such mentor has a place free,
    so nobody waits on a request that cannot be met. The same request sent again
    (``submission_key``) returns the one it made.
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
        if mentee.council_id is None:
            raise ValidationError(f"{mentee} is not a councillor of any council.")
        if group_preference == MentoringRequest.GroupPreference.OWN_GROUP:
            _require_own_group_capacity(political_group, mentee)
        mentoring_request = MentoringRequest(
            mentee=mentee,
            council_id=mentee.council_id,
            kind=kind,
            political_group=political_group,
            group_preference=group_preference,
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


def _require_own_group_capacity(political_group: str, mentee: User) -> None:
    pool = Mentor.objects.filter(is_active=True, political_group=political_group)
    if mentee.council_id is not None:
        pool = pool.exclude(council_id=mentee.council_id)
    if not any(f.free_places > 0 for f in matching.mentor_facts(pool)):
        group = PoliticalGroup(political_group).label
        raise ValidationError(
            {
                "group_preference": f"No {group} mentor has a place free at the moment. "
                'Choose "I do not mind", or ask again later.'
            }
        )


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
    match = Match.objects.create(
        request=locked,
        mentor=mentor,
        score=suggestion.score,
        reasons=list(suggestion.reasons),
        score_parts=[list(part) for part in suggestion.parts],
        proposed_by=actor,
    )
    _ask_mentor(match)
    return match


def _ask_mentor(match: Match) -> None:
    """Email the mentor a link to accept or decline (in the proposal's transaction)."""
    mentor_user = match.mentor.user
    notifications.notify(
        recipient=mentor_user,
        kind="mentor_proposed",
        context={
            "match": match,
            "mentee": match.request.mentee,
            "mentoring_request": match.request,
            "expires_on": links.expires_on(),
        },
        link=links.reply_path(
            "mentoring:reply", purpose="match", object_id=match.pk, recipient=mentor_user
        ),
        link_text="Accept or decline",
    )


def _tell_answer(match: Match, *, accepted: bool, reason: str = "") -> None:
    """Tell the mentee and the programme manager who proposed the match how it was answered."""
    context = {
        "match": match,
        "mentee": match.request.mentee,
        "mentor_name": match.mentor.user.full_name,
        "accepted": accepted,
        "reason": reason,
    }
    mentee = match.request.mentee
    notifications.notify(
        recipient=mentee,
        kind="match_answered",
        context=context,
        link=reverse("mentoring:mine"),
        link_text="See your mentoring",
    )
    manager = match.proposed_by
    if manager is not None and manager.is_active and manager != mentee:
        notifications.notify(
            recipient=manager,
            kind="match_answered",
            context=context,
            link=match.get_absolute_url(),
            link_text="See the match",
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
    _tell_answer(accepted, accepted=True)
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
    if permissions.is_mentor_of(actor, declined):
        _tell_answer(declined, accepted=False, reason=declined.decline_reason)
    return declined


def match_awaiting_reply(*, match_id: int, actor: User) -> Match:
    """The proposal a reply link answers, if it still waits for this mentor's answer."""
    match = (
        Match.objects.select_related("request__mentee", "mentor__user").filter(pk=match_id).first()
    )
    if match is None or match.mentor.user_id != actor.pk:
        raise links.LinkProblem(
            "This request has been withdrawn",
            "The programme team took back this proposal, so there is nothing to answer.",
            410,
        )
    if match.status in Match.MENTEE_VISIBLE_STATUSES:
        raise links.LinkProblem(
            "You have already answered",
            "You accepted this mentee. You can see the match on your mentoring page.",
            409,
        )
    if (
        match.status != Match.Status.PROPOSED
        or match.request.status != MentoringRequest.Status.OPEN
    ):
        raise links.LinkProblem(
            "This request is no longer waiting for your answer",
            "It was declined, or the programme team or the councillor withdrew it.",
            409,
        )
    return match


def answer_match(*, match: Match, actor: User, accept: bool, reason: str = "") -> Match:
    """The mentor's answer from the email's link: accept, or decline with a reason."""
    if accept:
        return accept_match(match=match, actor=actor)
    return decline_match(match=match, actor=actor, reason=reason)


def _begin(match: Match, *, on: datetime.date, also: tuple[str, ...] = ()) -> None:
    """Start the agreement: active from ``on`` for the kind's period (none is "as required");
    one save (so one audit row), with any other fields already set named in ``also``."""
    fields = match.move_to(Match.Status.ACTIVE, on=on)
    months = MentoringRequest.PLANNED_MONTHS[MentoringRequest.Kind(match.request.kind)]
    match.planned_end_on = on + relativedelta(months=months) if months else None
    match.save(update_fields=[*fields, "planned_end_on", *also])


@transaction.atomic
def start_match(*, match: Match, actor: User) -> Match:
    """Mark an accepted match as under way, for the period its kind of mentoring is agreed."""
    _require(permissions.is_mentor_of(actor, match) or permissions.is_programme_manager(actor))
    locked = Match.objects.select_for_update().select_related("request").get(pk=match.pk)
    _begin(locked, on=timezone.localdate())
    return locked


@transaction.atomic
def complete_match(*, match: Match, actor: User, outcome: str) -> Match:
    """End an active match with the mentor's account of what came of it (the mentee gives
    theirs with their feedback); the request is completed."""
    _require(permissions.is_mentor_of(actor, match) or permissions.is_programme_manager(actor))
    if not outcome.strip():
        raise ValidationError({"outcome": "Say what came of the mentoring."})
    completed = Match.objects.select_for_update().get(pk=match.pk)
    fields = completed.move_to(Match.Status.COMPLETED)
    completed.mentor_outcome = outcome.strip()
    completed.save(update_fields=[*fields, "mentor_outcome"])
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
    goals: str = "",
    submission_key: uuid.UUID | None = None,
) -> MentoringSession:
    """Record a session for the pair (once per ``submission_key``); the first session starts an
    accepted match and records the goals the pair agreed."""
    _require(permissions.can_read_session_notes(actor, match))

    def create() -> MentoringSession:
        locked = Match.objects.select_for_update().select_related("request").get(pk=match.pk)
        if locked.status not in (Match.Status.ACCEPTED, Match.Status.ACTIVE):
            raise ValidationError("Sessions can only be logged while the mentoring is under way.")
        if held_on > timezone.localdate():
            raise ValidationError(
                {"held_on": "The date of the session must be today or in the past."}
            )
        if not locked.goals and not goals.strip():
            raise ValidationError({"goals": "Enter the goals you agreed at this first session."})
        new_goals = ("goals",) if goals.strip() and not locked.goals else ()
        if new_goals:
            locked.goals = goals.strip()
        if locked.status == Match.Status.ACCEPTED:
            _begin(locked, on=held_on, also=new_goals)
        elif new_goals:
            locked.save(update_fields=["goals", "updated_at"])
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
    outcome: str = "",
    submission_key: uuid.UUID | None = None,
) -> MentoringFeedback:
    """Keep the mentee's feedback and their outcome on a completed match (once)."""
    _require(permissions.is_mentee_of(actor, match))

    def create() -> MentoringFeedback:
        locked = Match.objects.select_for_update().get(pk=match.pk)
        if locked.status != Match.Status.COMPLETED:
            raise ValidationError("Feedback can be given once the mentoring has finished.")
        if MentoringFeedback.objects.filter(match=locked).exists():
            raise ValidationError("You have already given feedback on this mentoring.")
        if not outcome.strip():
            raise ValidationError({"outcome": "Say what came of the mentoring for you."})
        feedback = MentoringFeedback(
            match=locked,
            rating=rating,
            would_recommend=would_recommend,
            comments=comments.strip(),
            submission_key=submission_key,
        )
        feedback.full_clean()
        feedback.save()
        locked.mentee_outcome = outcome.strip()
        locked.save(update_fields=["mentee_outcome", "updated_at"])
        return feedback

    return idempotency.create_once(MentoringFeedback, submission_key, create, match_id=match.pk)[0]


# Stalled matches -----------------------------------------------------------------------------


def flag_stalled_matches(*, today: datetime.date | None = None) -> int:
    """Periodic job: tell the programme about each newly stalled match, once per stall.

    Each match is claimed by moving ``stalled_flagged_on`` from the value read; only the one
    run that changes it sends the message, so overlapping runs never tell twice."""
    today = today or timezone.localdate()
    due = Match.objects.stalled(today).filter(
        Q(stalled_flagged_on__isnull=True) | Q(stalled_flagged_on__lt=F("last_contact"))
    )
    flagged = 0
    for pk, previous in list(due.values_list("pk", "stalled_flagged_on")):
        with transaction.atomic():
            claimed = Match.objects.filter(pk=pk, stalled_flagged_on=previous).update(
                stalled_flagged_on=today
            )
            if claimed == 1:
                _tell_stalled(Match.objects.select_related(*MATCH_PEOPLE).get(pk=pk))
                flagged += 1
    return flagged


MATCH_PEOPLE = ("mentor__user", "request__mentee", "request__council", "proposed_by")


def _programme_managers_for(match: Match) -> list[User]:
    manager = match.proposed_by
    if manager is not None and manager.is_active and manager.is_programme_manager:
        return [manager]
    return list(User.objects.filter(role=Role.PROGRAMME_MANAGER, is_active=True))


def _tell_stalled(match: Match) -> None:
    last = match.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
    for manager in _programme_managers_for(match):
        notifications.notify(
            recipient=manager,
            kind="match_stalled",
            context={"match": match, "last_session_on": last, "weeks": STALLED_AFTER.days // 7},
            link=match.get_absolute_url(),
            link_text="See the match",
        )


# Political group offices ---------------------------------------------------------------------


ANSWERS_FOR_ASK = {
    GroupOfficeReferral.Ask.NOMINATE: (
        GroupOfficeReferral.Answer.NOMINATED,
        GroupOfficeReferral.Answer.NO_NOMINATION,
    ),
    GroupOfficeReferral.Ask.APPROVE: (
        GroupOfficeReferral.Answer.APPROVED,
        GroupOfficeReferral.Answer.NOT_APPROVED,
    ),
}


def _check_mentor_of_office(mentor: Mentor | None, office: GroupOffice, field: str) -> None:
    if mentor is None:
        raise ValidationError({field: "Choose the mentor."})
    if mentor.political_group != office.political_group:
        raise ValidationError(
            {
                field: f"{mentor} is in the {mentor.get_political_group_display()} group, "
                f"not the group of the {office.name}."
            }
        )


@transaction.atomic
def ask_group_office(
    *,
    mentoring_request: MentoringRequest,
    office: GroupOffice,
    ask: str,
    actor: User,
    mentor: Mentor | None = None,
    note: str = "",
    submission_key: uuid.UUID | None = None,
) -> GroupOfficeReferral:
    """Ask a political group office to nominate, or approve, a mentor for a request; the
    office's contact is emailed. One open ask per office and request; the same ask sent again
    (``submission_key``) returns the referral it made."""
    _require(permissions.is_programme_manager(actor))

    def create() -> GroupOfficeReferral:
        locked = MentoringRequest.objects.select_for_update().get(pk=mentoring_request.pk)
        _check_office_can_be_asked(locked, office, ask, mentor)
        referral = GroupOfficeReferral(
            request=locked,
            office=office,
            ask=ask,
            mentor=mentor if ask == GroupOfficeReferral.Ask.APPROVE else None,
            note=note.strip(),
            asked_by=actor,
            submission_key=submission_key,
        )
        referral.full_clean()
        referral.save()
        notifications.notify(
            recipient=None,
            email=office.contact_email,
            kind="group_office_asked",
            context={"referral": referral, "office": office, "mentoring_request": locked},
        )
        return referral

    owner = {"asked_by_id": actor.pk, "request_id": mentoring_request.pk}
    return idempotency.create_once(GroupOfficeReferral, submission_key, create, **owner)[0]


def _check_office_can_be_asked(
    locked: MentoringRequest, office: GroupOffice, ask: str, mentor: Mentor | None
) -> None:
    if locked.status != MentoringRequest.Status.OPEN:
        raise ValidationError("This request is no longer waiting for a mentor.")
    if not office.has_contact:
        raise ValidationError(
            {"office": f"The {office.name} has no contact recorded. Add its contact first."}
        )
    if ask == GroupOfficeReferral.Ask.APPROVE:
        _check_mentor_of_office(mentor, office, "mentor")
    if locked.office_referrals.filter(office=office, answer="").exists():
        raise ValidationError(
            {"office": f"The {office.name} has already been asked and has not answered yet."}
        )


@transaction.atomic
def record_office_answer(
    *,
    referral: GroupOfficeReferral,
    answer: str,
    actor: User,
    mentor: Mentor | None = None,
    note: str = "",
) -> GroupOfficeReferral:
    """Record what a group office answered (a nominated mentor, an approval or not)."""
    _require(permissions.is_programme_manager(actor))
    locked = (
        GroupOfficeReferral.objects.select_for_update(of=("self",))
        .select_related("office", "request", "mentor", "asked_by")
        .get(pk=referral.pk)
    )
    if not locked.is_waiting:
        raise ValidationError("The office's answer has already been recorded.")
    if answer not in ANSWERS_FOR_ASK[GroupOfficeReferral.Ask(locked.ask)]:
        raise ValidationError({"answer": "Choose one of the answers offered."})
    if answer == GroupOfficeReferral.Answer.NOMINATED:
        _check_mentor_of_office(mentor, locked.office, "mentor")
        locked.mentor = mentor
    locked.answer = answer
    locked.answer_note = note.strip()
    locked.answered_on = timezone.localdate()
    locked.answer_recorded_by = actor
    locked.save(
        update_fields=[
            "mentor",
            "answer",
            "answer_note",
            "answered_on",
            "answer_recorded_by",
            "updated_at",
        ]
    )
    asker = locked.asked_by
    if asker.pk != actor.pk and asker.is_active:
        notifications.notify(
            recipient=asker,
            kind="group_office_answered",
            context={"referral": locked, "office": locked.office},
            link=locked.request.get_absolute_url(),
            link_text="See the request",
        )
    return locked
