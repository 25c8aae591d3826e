"""Council pages, the regional summary, and importing and exporting Ofsted outcomes."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required
from councils import filters, forms, permissions, queries, services
from councils.models import OfstedUpload
from councils.sections import council_sections

PAGE_SIZE = 50


@area_required("councils")
def council_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filterset = filters.CouncilFilter(request.GET, queryset=queries.council_list_queryset(today))
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    sort = (filterset.form.cleaned_data.get("sort") if filterset.is_valid() else None) or "name"
    return render(
        request,
        "councils/council_list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "columns": queries.sort_columns(sort),
            "today": today,
            "can_import": permissions.can_import_ofsted(request.user),
        },
    )


@area_required("councils")
def council_detail(request: AuthenticatedHttpRequest, gss_code: str) -> HttpResponse:
    council = permissions.get_council_for_user(request.user, gss_code)
    if council.gss_code != gss_code:
        return redirect(council, permanent=True)
    return render(
        request,
        "councils/council_detail.html",
        {
            **queries.council_history(council, timezone.localdate()),
            "council": council,
            "sections": council_sections(request, council),
        },
    )


@area_required("councils")
def region_summary(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.RegionSummaryForm(request.GET or {"on": timezone.localdate()})
    on = form.cleaned_data["on"] if form.is_valid() else timezone.localdate()
    return render(
        request,
        "councils/region_summary.html",
        {"form": form, "on": on, "summary": queries.region_summary(on)},
    )


@area_required("ofsted_import")
def inspection_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    filename = f"ofsted-inspections-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        _csv_lines(queries.inspection_export_rows()),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterator[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(row)


@area_required("ofsted_import")
def ofsted_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = forms.OfstedUploadForm(*((request.POST, request.FILES) if posted else ()))
    if posted and form.is_valid():
        upload = services.upload_ofsted_file(
            uploaded_file=form.cleaned_data["file"],
            actor=request.user,
            submission_key=form.cleaned_data["submission_key"],
        )
        return redirect(upload)
    recent = OfstedUpload.objects.select_related("uploaded_by")[:10]
    return render(request, "councils/ofsted_upload_form.html", {"form": form, "recent": recent})


@area_required("ofsted_import")
def ofsted_upload_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    upload = permissions.get_ofsted_upload_for_user(request.user, pk)
    return render(request, "councils/ofsted_upload_detail.html", {"upload": upload})


@area_required("ofsted_import")
def ofsted_upload_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    upload = permissions.get_ofsted_upload_for_user(request.user, pk)
    return render(request, "councils/fragment_ofsted_upload_status.html", {"upload": upload})


@require_POST
@area_required("ofsted_import")
def ofsted_upload_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    upload = permissions.get_ofsted_upload_for_user(request.user, pk)
    if not services.confirm_ofsted_upload(upload=upload, actor=request.user):
        messages.info(request, "This file is not waiting to be imported: nothing was done.")
    return redirect(upload)
