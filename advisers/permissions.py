"""Who may read and change advisers' work (DESIGN.md, "Roles").

- A programme manager reads and edits every engagement.
- A principal adviser reads engagements of councils in their region (and their own anywhere),
  and edits their own.
- A children's improvement adviser reads engagements of councils assigned to them (and their
  own), and edits their own.
- Councillors and associates see no engagements at all.
- Confidential notes are seen only by the programme manager, the author (the adviser, or the
  person who logged it) and the principal adviser of the council's region.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from accounts.permissions import can_use_area
from advisers.models import (
    Adviser,
    Engagement,
    EngagementQuerySet,
    EngagementUpload,
    SupportRequest,
)


def _assigned_council_ids(user: Any) -> models.QuerySet[Any]:
    return Adviser.councils.through.objects.filter(adviser__user=user).values("council_id")


def _own_engagement_q(user: Any) -> models.Q:
    return models.Q(adviser__user=user) | models.Q(created_by=user)


def engagement_visibility_q(user: Any) -> models.Q | None:
    """A filter for the engagements the user may read; ``None`` means every one."""
    if not can_use_area(user, "engagements"):
        return models.Q(pk__in=[])
    if user.is_programme_manager:
        return None
    if user.is_principal_adviser:
        q = _own_engagement_q(user)
        if user.region_id:
            q |= models.Q(council__region_id=user.region_id)
        return q
    if user.is_improvement_adviser:
        return _own_engagement_q(user) | models.Q(council_id__in=_assigned_council_ids(user))
    return models.Q(pk__in=[])


def confidential_notes_q(user: Any) -> models.Q | None:
    """A filter for the engagements whose confidential notes the user may see; None = all."""
    if not can_use_area(user, "engagements"):
        return models.Q(pk__in=[])
    if user.is_programme_manager:
        return None
    q = _own_engagement_q(user)
    if user.is_principal_adviser and user.region_id:
        q |= models.Q(council__region_id=user.region_id)
    return q


def filter_visible_engagements(queryset: EngagementQuerySet, user: Any) -> EngagementQuerySet:
    q = engagement_visibility_q(user)
    return queryset if q is None else queryset.filter(q)


def visible_engagements(user: Any) -> EngagementQuerySet:
    """Every engagement the user may read: where every list and export of them starts."""
    return filter_visible_engagements(Engagement.objects.all(), user)


def _is_author(user: Any, engagement: Engagement) -> bool:
    return user.pk is not None and (
        engagement.adviser.user_id == user.pk or engagement.created_by_id == user.pk
    )


def can_read_engagement(user: Any, engagement: Engagement) -> bool:
    if not can_use_area(user, "engagements"):
        return False
    if user.is_programme_manager or _is_author(user, engagement):
        return True
    if user.is_principal_adviser:
        return user.region_id is not None and engagement.council.region_id == user.region_id
    if user.is_improvement_adviser:
        return Adviser.councils.through.objects.filter(
            adviser__user=user, council_id=engagement.council_id
        ).exists()
    return False


def can_create_engagement(user: Any) -> bool:
    return can_use_area(user, "engagements")


def can_log_for_other_advisers(user: Any) -> bool:
    """Programme managers may log time on behalf of any adviser; others log only their own."""
    return bool(getattr(user, "is_programme_manager", False))


def can_edit_engagement(user: Any, engagement: Engagement) -> bool:
    if not can_use_area(user, "engagements"):
        return False
    if user.is_programme_manager:
        return True
    return engagement.adviser.user_id == user.pk


def can_see_confidential_notes(user: Any, engagement: Engagement) -> bool:
    if not can_use_area(user, "engagements"):
        return False
    if user.is_programme_manager or _is_author(user, engagement):
        return True
    return (
        user.is_principal_adviser
        and user.region_id is not None
        and engagement.council.region_id == user.region_id
    )


def can_see_engagement_history(user: Any, engagement: Engagement) -> bool:
    """The change history includes confidential notes, so it follows the same rule."""
    return can_see_confidential_notes(user, engagement)


def get_engagement_for_user(user: Any, pk: int, *, edit: bool = False) -> Engagement:
    """The engagement if the user may read it (else 404); with edit=True, 403 unless editable."""
    engagement = (
        visible_engagements(user)
        .select_related("council__region", "adviser__user", "created_by")
        .filter(pk=pk)
        .first()
    )
    if engagement is None:
        raise Http404("No such engagement.")
    if edit and not can_edit_engagement(user, engagement):
        raise PermissionDenied
    return engagement


# Support requests ---------------------------------------------------------------------------


def support_request_visibility_q(user: Any) -> models.Q | None:
    if not can_use_area(user, "support_requests"):
        return models.Q(pk__in=[])
    if user.is_programme_manager:
        return None
    q = models.Q(requested_by=user) | models.Q(routed_to=user) | models.Q(assigned_to__user=user)
    if user.is_principal_adviser and user.region_id:
        q |= models.Q(council__region_id=user.region_id)
    if user.is_improvement_adviser:
        q |= models.Q(council_id__in=_assigned_council_ids(user))
    return q


def visible_support_requests(user: Any) -> models.QuerySet[SupportRequest]:
    q = support_request_visibility_q(user)
    qs = SupportRequest.objects.all()
    return qs if q is None else qs.filter(q)


def can_create_support_request(user: Any) -> bool:
    return can_use_area(user, "support_requests")


def can_manage_support_request(user: Any, support_request: SupportRequest) -> bool:
    """Programme managers, and the PA the request is routed to or whose region it is in."""
    if not can_use_area(user, "support_requests"):
        return False
    if user.is_programme_manager:
        return True
    if not user.is_principal_adviser:
        return False
    return support_request.routed_to_id == user.pk or (
        user.region_id is not None and support_request.council.region_id == user.region_id
    )


def get_support_request_for_user(user: Any, pk: int, *, manage: bool = False) -> SupportRequest:
    """The support request if visible (else 404); with manage=True, 403 unless manageable."""
    qs = visible_support_requests(user).select_related(
        "council__region", "requested_by", "routed_to", "assigned_to__user"
    )
    support_request = qs.filter(pk=pk).first()
    if support_request is None:
        raise Http404("No such support request.")
    if manage and not can_manage_support_request(user, support_request):
        raise PermissionDenied
    return support_request


# Advisers, accreditations, availability ---------------------------------------------------


def can_see_all_accreditations(user: Any) -> bool:
    return bool(getattr(user, "is_programme_manager", False))


def can_search_availability(user: Any) -> bool:
    return can_use_area(user, "availability_search")


def visible_advisers(user: Any) -> models.QuerySet[Adviser]:
    """Programme managers see every adviser; principal advisers every adviser too (to staff
    peer challenges); others only themselves."""
    qs = Adviser.objects.all()
    if can_use_area(user, "advisers"):
        return qs
    return qs.filter(user=user)


def can_manage_adviser(user: Any) -> bool:
    return bool(getattr(user, "is_programme_manager", False))


def get_adviser_for_user(user: Any, pk: int, *, manage: bool = False) -> Adviser:
    """The adviser profile if the user may read it (else 404); manage=True: 403 unless PM."""
    adviser = (
        visible_advisers(user)
        .select_related("user", "region", "home_council")
        .filter(pk=pk)
        .first()
    )
    if adviser is None:
        raise Http404("No such adviser.")
    if manage and not can_manage_adviser(user):
        raise PermissionDenied
    return adviser


def can_import_engagements(user: Any) -> bool:
    return can_use_area(user, "engagement_import")


def get_engagement_upload_for_user(user: Any, pk: int) -> EngagementUpload:
    """An uploaded engagement log, for those who may import them; 404 for anyone else."""
    upload = EngagementUpload.objects.select_related("uploaded_by").filter(pk=pk).first()
    if upload is None or not can_import_engagements(user):
        raise Http404("No such upload")
    return upload
