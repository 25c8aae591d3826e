"""Support requests: recorded, routed to the region's PA, moved through their statuses."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required
from advisers import filters, forms, permissions, services
from advisers.models import SupportRequest


@area_required("support_requests")
def support_request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    base = permissions.visible_support_requests(request.user)
    filterset = filters.SupportRequestFilter(request.GET or None, queryset=base)
    queryset = filterset.qs.select_related("council", "routed_to", "assigned_to__user")
    page = Paginator(queryset.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "advisers/supportrequest_list.html",
        {"filterset": filterset, "form": filterset.form, "page": page},
    )


@area_required("support_requests")
def support_request_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.SupportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        support_request = services.create_support_request(
            data=form.cleaned_data, actor=request.user
        )
        routed = support_request.routed_to
        messages.success(
            request,
            f"Request recorded and sent to {routed}."
            if routed
            else "Request recorded. The region has no principal adviser, so the programme team will pick it up.",
        )
        return redirect(support_request)
    return render(request, "advisers/supportrequest_form.html", {"form": form})


@area_required("support_requests")
def support_request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    support_request = permissions.get_support_request_for_user(request.user, pk)
    can_manage = permissions.can_manage_support_request(request.user, support_request)
    form = None
    if can_manage and support_request.is_open:
        form = forms.SupportRequestStatusForm(support_request=support_request)
    return _render_detail(request, support_request, form, can_manage)


def _render_detail(
    request: AuthenticatedHttpRequest,
    support_request: SupportRequest,
    form: forms.SupportRequestStatusForm | None,
    can_manage: bool,
) -> HttpResponse:
    return render(
        request,
        "advisers/supportrequest_detail.html",
        {
            "support_request": support_request,
            "events": support_request.events.select_related("changed_by"),
            "form": form,
            "can_manage": can_manage,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
@area_required("support_request_admin")
def support_request_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    support_request = permissions.get_support_request_for_user(request.user, pk, manage=True)
    form = forms.SupportRequestStatusForm(request.POST, support_request=support_request)
    if form.is_valid():
        try:
            services.change_support_request_status(
                support_request=support_request,
                status=form.cleaned_data["status"],
                assigned_to=form.cleaned_data["assigned_to"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Status changed.")
        return redirect(support_request)
    return _render_detail(request, support_request, form, True)
