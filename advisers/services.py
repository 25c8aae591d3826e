"""Write use cases for advisers, engagements, availability and support requests."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from advisers import importing, permissions
from advisers.models import (
    Accreditation,
    Adviser,
    Availability,
    Engagement,
    EngagementUpload,
    SupportRequest,
    SupportRequestEvent,
)
from improvement_portal import idempotency, uploads
from notifications import services as notifications

ROLE_KINDS = {
    Role.PRINCIPAL_ADVISER: Adviser.Kind.PRINCIPAL_ADVISER,
    Role.IMPROVEMENT_ADVISER: Adviser.Kind.IMPROVEMENT_ADVISER,
    Role.ASSOCIATE: Adviser.Kind.ASSOCIATE,
}

ENGAGEMENT_FIELDS = [
    "council",
    "date",
    "days",
    "strand",
    "activity",
    "funding",
    "commissioned_by_dfe",
    "summary",
    "follow_up_on",
    "confidential_notes",
]


@transaction.atomic
def ensure_adviser_profile(*, user: Any) -> Adviser | None:
    """The user's adviser profile, made if missing (idempotent); None for non-adviser roles."""
    kind = ROLE_KINDS.get(user.role)
    if kind is None:
        return None
    adviser, created = Adviser.objects.get_or_create(
        user=user,
        defaults={
            "kind": kind,
            "region_id": user.region_id,
            "home_council_id": user.council_id if user.role == Role.ASSOCIATE else None,
        },
    )
    # A prime associate is an associate with a wider role: keep that when re-onboarded.
    if not created and adviser.kind != kind and adviser.kind != Adviser.Kind.PRIME_ASSOCIATE:
        adviser.kind = kind
        adviser.save(update_fields=["kind", "updated_at"])
    return adviser


@transaction.atomic
def follow_person_change(*, user: Any, assigned_councils: list[Any] | None) -> Adviser | None:
    """After a person's role or region changes, their adviser profile says the same.

    An adviser who stops being one keeps their profile (their engagements name it) but is
    marked inactive; ``assigned_councils`` (when given) replaces a CIA's councils.
    """
    kind = ROLE_KINDS.get(user.role)
    adviser = Adviser.objects.filter(user=user).first()
    if kind is None:
        if adviser is not None and adviser.is_active:
            adviser.is_active = False
            adviser.save(update_fields=["is_active", "updated_at"])
        return None
    adviser = ensure_adviser_profile(user=user)
    assert adviser is not None
    changed = [
        name
        for name, value in (("region_id", user.region_id), ("is_active", True))
        if getattr(adviser, name) != value
    ]
    for name in changed:
        setattr(adviser, name, user.region_id if name == "region_id" else True)
    if changed:
        adviser.save(update_fields=[name.removesuffix("_id") for name in changed] + ["updated_at"])
    if assigned_councils is not None:
        wanted = assigned_councils if user.role == Role.IMPROVEMENT_ADVISER else []
        if set(adviser.councils.all()) != set(wanted):
            adviser.councils.set(wanted)
    return adviser


def _adviser_for(data: dict[str, Any], actor: User) -> Adviser:
    chosen = data.get("adviser")
    if chosen is not None and chosen.user_id != actor.pk:
        if not permissions.can_log_for_other_advisers(actor):
            raise PermissionDenied("You can only log your own engagements.")
        return chosen
    adviser = ensure_adviser_profile(user=actor)
    if adviser is None:
        raise ValidationError("Choose the adviser who did the work.")
    return adviser


@transaction.atomic
def create_engagement(*, data: dict[str, Any], actor: User) -> Engagement:
    """Log an engagement for the actor (or, for a programme manager, the chosen adviser)."""
    if not permissions.can_create_engagement(actor):
        raise PermissionDenied
    key = idempotency.submission_key(data)

    def create() -> Engagement:
        engagement = Engagement(
            adviser=_adviser_for(data, actor),
            created_by=actor,
            submission_key=key,
            **{name: data.get(name) for name in ENGAGEMENT_FIELDS},
        )
        engagement.confidential_notes = engagement.confidential_notes or ""
        engagement.full_clean()
        engagement.save()
        return engagement

    return idempotency.create_once(Engagement, key, create, created_by_id=actor.pk)[0]


@transaction.atomic
def update_engagement(*, engagement: Engagement, data: dict[str, Any], actor: User) -> Engagement:
    """Change an engagement; only changed fields are written (and so audited)."""
    if not permissions.can_edit_engagement(actor, engagement):
        raise PermissionDenied
    # Compare with the stored row: a bound ModelForm has already changed the instance in memory.
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    names = ENGAGEMENT_FIELDS + (["adviser"] if data.get("adviser") else [])
    changed = []
    for name in names:
        value = data.get(name, getattr(engagement, name))
        if name == "confidential_notes":
            value = value or ""
        if getattr(engagement, name) != value:
            setattr(engagement, name, value)
            changed.append(name)
    if changed:
        engagement.full_clean()
        engagement.save(update_fields=[*changed, "updated_at"])
    return engagement


@transaction.atomic
def add_availability(*, adviser: Adviser, data: dict[str, Any], actor: User) -> Availability:
    """Add a period to an adviser's availability (advisers keep only their own)."""
    if adviser.user_id != actor.pk:
        raise PermissionDenied

    def create() -> Availability:
        availability = Availability(adviser=adviser, **data)
        availability.full_clean()
        availability.save()
        return availability

    key = idempotency.submission_key(data)
    return idempotency.create_once(Availability, key, create, adviser_id=adviser.pk)[0]


@transaction.atomic
def update_availability(
    *, availability: Availability, data: dict[str, Any], actor: User
) -> Availability:
    """Change one period of the actor's own availability."""
    if availability.adviser.user_id != actor.pk:
        raise PermissionDenied
    for name, value in data.items():
        setattr(availability, name, value)
    availability.full_clean()
    availability.save(update_fields=[*data.keys(), "updated_at"])
    return availability


@transaction.atomic
def remove_availability(*, availability: Availability, actor: User) -> None:
    """Delete one period of the actor's own availability."""
    if availability.adviser.user_id != actor.pk:
        raise PermissionDenied
    availability.delete()


@transaction.atomic
def add_accreditation(*, adviser: Adviser, data: dict[str, Any], actor: User) -> Accreditation:
    """Record an accreditation; only programme managers award them."""
    if not permissions.can_see_all_accreditations(actor):
        raise PermissionDenied

    def create() -> Accreditation:
        accreditation = Accreditation(adviser=adviser, **data)
        accreditation.full_clean()
        accreditation.save()
        return accreditation

    key = idempotency.submission_key(data)
    return idempotency.create_once(Accreditation, key, create, adviser_id=adviser.pk)[0]


@transaction.atomic
def update_adviser_profile(*, adviser: Adviser, data: dict[str, Any], actor: User) -> Adviser:
    """Change a profile: advisers their own skills, programme managers anything."""
    if not (actor.is_programme_manager or adviser.user_id == actor.pk):
        raise PermissionDenied
    councils = data.pop("councils", None)
    for name, value in data.items():
        setattr(adviser, name, value)
    adviser.full_clean()
    adviser.save(update_fields=[*data.keys(), "updated_at"])
    if councils is not None:
        if not actor.is_programme_manager:
            raise PermissionDenied
        adviser.councils.set(councils)
    return adviser


def principal_adviser_for(council: Any) -> User | None:
    """The principal adviser of the council's region (the longest-serving, if several)."""
    return (
        User.objects.filter(
            role=Role.PRINCIPAL_ADVISER, region_id=council.region_id, is_active=True
        )
        .order_by("date_joined", "pk")
        .first()
    )


@transaction.atomic
def create_support_request(*, data: dict[str, Any], actor: User) -> SupportRequest:
    """Record a council's request for support, routed to the PA of the council's region."""
    if not permissions.can_create_support_request(actor):
        raise PermissionDenied

    def create() -> SupportRequest:
        support_request = SupportRequest(
            requested_by=actor, routed_to=principal_adviser_for(data["council"]), **data
        )
        support_request.full_clean()
        support_request.save()
        SupportRequestEvent.objects.create(
            support_request=support_request,
            from_status="",
            to_status=support_request.status,
            changed_by=actor,
            note="Request recorded.",
        )
        if support_request.routed_to is not None and support_request.routed_to != actor:
            notifications.notify(
                recipient=support_request.routed_to,
                kind="support_request_routed",
                context={"support_request": support_request},
                link=support_request.get_absolute_url(),
                link_text="Read the request",
            )
        return support_request

    key = idempotency.submission_key(data)
    return idempotency.create_once(SupportRequest, key, create, requested_by_id=actor.pk)[0]


@transaction.atomic
def change_support_request_status(
    *,
    support_request: SupportRequest,
    status: str,
    actor: User,
    assigned_to: Adviser | None = None,
    note: str = "",
) -> SupportRequest:
    """Move a request on one step (or close it) and keep the change in its history."""
    if not permissions.can_manage_support_request(actor, support_request):
        raise PermissionDenied
    support_request = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    if support_request.status == status:
        return support_request
    if not support_request.can_move_to(status):
        raise ValidationError(
            f"A {support_request.get_status_display().lower()} request cannot be moved to {status}."
        )
    if status == SupportRequest.Status.ASSIGNED and assigned_to is None:
        raise ValidationError("Choose the adviser the request is assigned to")
    previous = support_request.status
    support_request.status = status
    fields = ["status", "updated_at"]
    if assigned_to is not None:
        support_request.assigned_to = assigned_to
        fields.append("assigned_to")
    support_request.save(update_fields=fields)
    SupportRequestEvent.objects.create(
        support_request=support_request,
        from_status=previous,
        to_status=status,
        changed_by=actor,
        note=note,
    )
    return support_request


# Daily reminders (Celery beat) -------------------------------------------------------------

ACCREDITATION_WARNINGS = (60, 14)  # days before expiry
# A follow-up date missed by a stopped job is still worth telling, for a few days.
FOLLOW_UP_GRACE_DAYS = 3


def warn_expiring_accreditations(*, today: datetime.date | None = None) -> int:
    """Tell the holder and the programme managers 60 and 14 days before an accreditation
    expires, once each (however often this runs); the number of messages written."""
    today = today or timezone.localdate()
    managers = list(User.objects.filter(role=Role.PROGRAMME_MANAGER, is_active=True))
    written = 0
    for days, later in zip(ACCREDITATION_WARNINGS, (*ACCREDITATION_WARNINGS[1:], -1), strict=True):
        due = (
            Accreditation.objects.expiring_within(days, today)
            .filter(expires_on__gt=today + datetime.timedelta(days=later))
            .select_related("adviser__user")
        )
        for accreditation in due:
            written += _warn_expiry(accreditation, days, [accreditation.adviser.user, *managers])
    return written


@transaction.atomic
def _warn_expiry(accreditation: Accreditation, days: int, people: list[User]) -> int:
    holder = accreditation.adviser.user
    context = {
        "holder": holder,
        "accreditation_name": accreditation.get_kind_display().lower(),
        "expires_on": accreditation.expires_on,
        "days": (accreditation.expires_on - timezone.localdate()).days,
    }
    written = 0
    for person in dict.fromkeys(p for p in people if p.is_active):
        row = notifications.notify(
            recipient=person,
            kind="accreditation_expiring",
            context=context,
            link=reverse("advisers:accreditation-list"),
            link_text="See accreditations",
            once_key=f"accreditation:{accreditation.pk}:{days}:{person.pk}",
        )
        written += row is not None
    return written


def remind_follow_ups(*, today: datetime.date | None = None) -> int:
    """Tell each adviser when an engagement's follow-up date arrives, once per date."""
    today = today or timezone.localdate()
    due = Engagement.objects.filter(
        follow_up_on__lte=today,
        follow_up_on__gte=today - datetime.timedelta(days=FOLLOW_UP_GRACE_DAYS),
    ).select_related("adviser__user", "council")
    written = 0
    for engagement in due:
        with transaction.atomic():
            row = notifications.notify(
                recipient=engagement.adviser.user,
                kind="follow_up_due",
                context={"engagement": engagement},
                link=engagement.get_absolute_url(),
                link_text="See the engagement",
                once_key=f"follow-up:{engagement.pk}:{engagement.follow_up_on}",
            )
        written += row is not None
    return written


# Engagement logs uploaded in the browser: checked, shown line by line, imported on request.


def _upload_report(result: importing.ImportResult | None, failure: Any = None) -> dict[str, Any]:
    if failure is not None:
        errors = [
            error.split(": ", 1) if ": " in error else ["File", error] for error in failure.errors
        ]
        count = len(errors)
        summary = f"{count} problem{'s' if count != 1 else ''} found: nothing can be imported."
        return {"summary": summary, "errors": errors, "changes": [], "created": 0}
    assert result is not None
    return {
        "summary": str(result),
        "errors": [],
        "changes": [list(line) for line in result.lines],
        "created": result.created,
    }


def upload_engagement_file(
    *, uploaded_file: UploadedFile, actor: User, submission_key: Any = None
) -> EngagementUpload:
    """Keep the uploaded file and have it checked (a dry run) in the background; the same
    form sent twice keeps one upload."""
    from advisers import tasks

    return uploads.keep_upload(
        EngagementUpload,
        uploaded_file=uploaded_file,
        actor=actor,
        submission_key=submission_key,
        check=tasks.check_engagement_upload,
    )


def check_engagement_upload(*, upload_id: int) -> None:
    """Dry-run the uploaded file and record the line-by-line report; safe to run twice."""
    upload = EngagementUpload.objects.get(pk=upload_id)
    if upload.status != EngagementUpload.Status.CHECKING:
        return
    try:
        result = importing.import_engagements(
            name=upload.file_name, data=upload.read(), dry_run=True
        )
    except importing.ImportFailed as failure:
        upload.status, upload.report = (
            EngagementUpload.Status.REJECTED,
            _upload_report(None, failure),
        )
    else:
        upload.status = (
            EngagementUpload.Status.READY if result.created else EngagementUpload.Status.NOTHING_NEW
        )
        upload.report = _upload_report(result)
    upload.save(update_fields=["status", "report", "updated_at"])


def confirm_engagement_upload(*, upload: EngagementUpload, actor: User) -> bool:
    """Claim a checked upload for importing; False when it is not (or no longer) ready."""
    from advisers import tasks

    return uploads.claim_upload(
        upload, apply=tasks.apply_engagement_upload, args=(upload.pk, actor.pk)
    )


def apply_engagement_upload(*, upload_id: int, actor_id: int | None) -> None:
    """Import a claimed upload, all or nothing, and record what it did; once per claim."""
    upload = EngagementUpload.objects.get(pk=upload_id)
    if upload.status != EngagementUpload.Status.IMPORTING:
        return
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    try:
        result = importing.import_engagements(
            name=upload.file_name, data=upload.read(), actor=actor
        )
    except importing.ImportFailed as failure:
        # The data changed since the check (an adviser removed, say): nothing was written.
        upload.status, upload.report = (
            EngagementUpload.Status.REJECTED,
            _upload_report(None, failure),
        )
    else:
        upload.status, upload.report = EngagementUpload.Status.IMPORTED, _upload_report(result)
        upload.imported_at = timezone.now()
    upload.save(update_fields=["status", "report", "imported_at", "updated_at"])
