"""The availability register: advisers keep their own; PMs and PAs search it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required
from advisers import forms, queries, services
from advisers.models import Availability


def _own_availability(request: AuthenticatedHttpRequest, pk: int) -> Availability:
    availability = (
        Availability.objects.filter(adviser__user=request.user, pk=pk)
        .select_related("adviser")
        .first()
    )
    if availability is None:
        raise Http404("No such availability.")
    return availability


@area_required("availability")
def availability(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.AvailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        adviser = services.ensure_adviser_profile(user=request.user)
        if adviser is None:  # only adviser roles keep a place on the register
            raise PermissionDenied
        services.add_availability(adviser=adviser, data=form.cleaned_data, actor=request.user)
        messages.success(request, "Availability added.")
        return redirect("advisers:availability")
    today = timezone.localdate()
    periods = Availability.objects.filter(adviser__user=request.user).order_by("starts_on")
    return render(
        request,
        "advisers/availability_list.html",
        {
            "form": form,
            "current": [p for p in periods if p.ends_on >= today],
            "past": [p for p in periods if p.ends_on < today][-5:],
        },
    )


@area_required("availability")
def availability_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _own_availability(request, pk)
    form = forms.AvailabilityForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        services.update_availability(
            availability=_own_availability(request, pk), data=form.cleaned_data, actor=request.user
        )
        messages.success(request, "Availability updated.")
        return redirect("advisers:availability")
    return render(request, "advisers/availability_form.html", {"form": form, "period": period})


@require_POST
@area_required("availability")
def availability_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    services.remove_availability(availability=_own_availability(request, pk), actor=request.user)
    messages.success(request, "Availability removed.")
    return redirect("advisers:availability")


@area_required("availability_search")
def availability_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.AvailabilitySearchForm(request.GET or None)
    candidates = None
    if form.is_valid():
        data = form.cleaned_data
        candidates = queries.eligible_advisers(
            data["starts_on"],
            data["ends_on"],
            exclude_council=data["exclude_council"],
            accreditation_kinds=[data["accreditation"]] if data["accreditation"] else None,
        )
    return render(
        request,
        "advisers/availability_search.html",
        {"form": form, "candidates": candidates},
    )
