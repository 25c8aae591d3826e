"""Who may see and request evaluation reports.

Programme managers see and request every report; a principal adviser sees and requests only
reports for their own region. Every view, download and export goes through these.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from accounts.permissions import can_use_area
from councils.models import Region
from reports.models import EvaluationReport


def can_request_report(user: Any, region: Region | None) -> bool:
    if not can_use_area(user, "reports"):
        return False
    if user.is_programme_manager:
        return True
    return bool(user.is_principal_adviser and region and region.pk == user.region_id)


def can_view_report(user: Any, report: EvaluationReport) -> bool:
    return EvaluationReport.objects.visible_to(user).filter(pk=report.pk).exists()


def regions_for(user: Any) -> Any:
    """The regions the user may request a report for (a national report: programme managers)."""
    if user.is_programme_manager:
        return Region.objects.all()
    if user.is_principal_adviser and user.region_id:
        return Region.objects.filter(pk=user.region_id)
    return Region.objects.none()


def get_report_for_user(user: Any, pk: int) -> EvaluationReport:
    """The report if the user may see it; 404 otherwise (its existence stays hidden)."""
    return get_object_or_404(
        EvaluationReport.objects.visible_to(user).select_related("region", "requested_by"), pk=pk
    )
