"""The engagement log: list, log, read, change and export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required, can_use_area
from advisers import exports, filters, forms, history, permissions, services
from improvement_portal import downloads
from improvement_portal.sorting import sort_columns
from improvement_portal.templatetags.portal import days

PAGE_SIZE = 50
ROW_FIELDS = (
    "date",
    "days",
    "strand",
    "activity",
    "funding",
    "council__name",
    "adviser__user__full_name",
    "adviser__user__email",
)


class CountedPaginator(Paginator):
    """A paginator given the number of rows, which the list's totals have already counted."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


def _filtered(request: AuthenticatedHttpRequest) -> filters.EngagementFilter:
    base = permissions.visible_engagements(request.user)
    return filters.EngagementFilter(request.GET or None, queryset=base, user=request.user)


@area_required("engagements")
def engagement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    queryset = filterset.qs
    totals = queryset.aggregate(count=Count("pk"), days=Sum("days"))
    if not queryset.query.order_by:
        queryset = queryset.order_by("-date", "-pk")
    # Only the columns the table shows.
    rows = queryset.select_related("council", "adviser__user").only(*ROW_FIELDS)
    page = CountedPaginator(rows, PAGE_SIZE, totals["count"]).get_page(request.GET.get("page"))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "advisers/engagement_list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "totals": totals,
            "export_query": export_query.urlencode(),
            "can_export": can_use_area(request.user, "engagement_export"),
            "can_import": can_use_area(request.user, "engagement_import"),
            "columns": sort_columns(
                {key: label for key, (label, _) in filters.ENGAGEMENT_SORTS.items()},
                filterset.current_sort(),
            ),
        },
    )


@area_required("engagements")
def engagement_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {"council": request.GET.get("council")} if request.GET.get("council") else {}
    form = forms.EngagementForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        engagement = services.create_engagement(data=form.cleaned_data, actor=request.user)
        messages.success(
            request, f"Engagement with {engagement.council.name} logged ({days(engagement.days)})."
        )
        return redirect(engagement)
    return render(request, "advisers/engagement_form.html", {"form": form, "engagement": None})


@area_required("engagements")
def engagement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    engagement = permissions.get_engagement_for_user(request.user, pk)
    return render(
        request,
        "advisers/engagement_detail.html",
        {
            "engagement": engagement,
            "can_edit": permissions.can_edit_engagement(request.user, engagement),
            "show_notes": permissions.can_see_confidential_notes(request.user, engagement),
            "history": history.engagement_history(engagement, request.user),
        },
    )


@area_required("engagements")
def engagement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    engagement = permissions.get_engagement_for_user(request.user, pk, edit=True)
    form = forms.EngagementForm(request.POST or None, instance=engagement, user=request.user)
    if request.method == "POST" and form.is_valid():
        engagement = services.update_engagement(
            engagement=engagement, data=form.cleaned_data, actor=request.user
        )
        messages.success(request, "Engagement updated.")
        return redirect(engagement)
    return render(
        request, "advisers/engagement_form.html", {"form": form, "engagement": engagement}
    )


@area_required("engagement_export")
def engagement_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    filterset = _filtered(request)
    return downloads.csv_response(
        exports.engagement_rows(filterset.qs, request.user),
        filename=f"engagements-{timezone.localdate().isoformat()}.csv",
    )


@area_required("engagement_export")
def engagement_export_xlsx(request: AuthenticatedHttpRequest) -> FileResponse:
    """The same rows as the CSV, as a spreadsheet workbook."""
    rows = exports.engagement_rows(_filtered(request).qs, request.user)
    stamp = timezone.localdate().isoformat()
    response = FileResponse(
        exports.as_xlsx(rows, title="Engagements"),
        as_attachment=True,
        filename=f"engagements-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "no-store"
    return response
