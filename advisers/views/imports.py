"""Programme managers import engagement logs in the browser, as they do Ofsted outcomes."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required
from advisers import forms, permissions, services
from advisers.models import EngagementUpload


@area_required("engagement_import")
def engagement_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = forms.EngagementUploadForm(*((request.POST, request.FILES) if posted else ()))
    if posted and form.is_valid():
        upload = services.upload_engagement_file(
            uploaded_file=form.cleaned_data["file"],
            actor=request.user,
            submission_key=form.cleaned_data["submission_key"],
        )
        return redirect(upload)
    recent = EngagementUpload.objects.select_related("uploaded_by")[:10]
    return render(request, "advisers/engagement_upload_form.html", {"form": form, "recent": recent})


@area_required("engagement_import")
def engagement_upload_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    upload = permissions.get_engagement_upload_for_user(request.user, pk)
    return render(request, "advisers/engagement_upload_detail.html", {"upload": upload})


@area_required("engagement_import")
def engagement_upload_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    upload = permissions.get_engagement_upload_for_user(request.user, pk)
    return render(request, "advisers/fragment_engagement_upload_status.html", {"upload": upload})


@require_POST
@area_required("engagement_import")
def engagement_upload_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    upload = permissions.get_engagement_upload_for_user(request.user, pk)
    if not services.confirm_engagement_upload(upload=upload, actor=request.user):
        messages.info(request, "This file is not waiting to be imported: nothing was done.")
    return redirect(upload)
