"""Adviser profiles and accreditations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required
from advisers import filters, forms, permissions, services
from advisers.models import Accreditation, Adviser


@area_required("advisers")
def adviser_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    advisers = (
        permissions.visible_advisers(request.user)
        .select_related("user", "region", "home_council")
        .annotate(
            valid_accreditations=Count(
                "accreditations", filter=Q(accreditations__expires_on__gte=today)
            )
        )
        .order_by("user__full_name")
    )
    form = filters.AdviserKindForm(request.GET)
    if form.is_valid() and form.cleaned_data["kind"]:
        advisers = advisers.filter(kind=form.cleaned_data["kind"])
    page = Paginator(advisers, 50).get_page(request.GET.get("page"))
    return render(request, "advisers/adviser_list.html", {"page": page, "form": form})


@area_required("advisers")
def adviser_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    adviser = permissions.get_adviser_for_user(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "advisers/adviser_detail.html",
        {
            "adviser": adviser,
            "accreditations": adviser.accreditations.order_by("-expires_on"),
            "availability": adviser.availability.current(today).order_by("starts_on"),
            "councils": adviser.councils.order_by("name"),
            "can_manage": permissions.can_see_all_accreditations(request.user),
        },
    )


@area_required("adviser_admin")
def adviser_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    adviser = permissions.get_adviser_for_user(request.user, pk, manage=True)
    form = forms.AdviserAdminForm(request.POST or None, instance=adviser)
    if request.method == "POST" and form.is_valid():
        services.update_adviser_profile(
            adviser=permissions.get_adviser_for_user(request.user, pk, manage=True),
            data=dict(form.cleaned_data),
            actor=request.user,
        )
        messages.success(request, "Adviser updated.")
        return redirect(adviser)
    return render(request, "advisers/adviser_form.html", {"form": form, "adviser": adviser})


@area_required("adviser_profile")
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    adviser = Adviser.objects.filter(user=request.user).first()
    form = forms.AdviserProfileForm(request.POST or None, instance=adviser)
    if request.method == "POST" and form.is_valid():
        own = services.ensure_adviser_profile(user=request.user)
        if own is None:  # only adviser roles have a profile
            raise PermissionDenied
        services.update_adviser_profile(
            adviser=own,
            data=dict(form.cleaned_data),
            actor=request.user,
        )
        messages.success(request, "Your profile is updated.")
        return redirect("advisers:profile")
    return render(request, "advisers/adviser_profile.html", {"form": form, "adviser": adviser})


@area_required("adviser_admin")
def accreditation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    adviser = permissions.get_adviser_for_user(request.user, pk, manage=True)
    form = forms.AccreditationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_accreditation(adviser=adviser, data=form.cleaned_data, actor=request.user)
        messages.success(request, "Accreditation recorded.")
        return redirect(adviser)
    return render(request, "advisers/accreditation_form.html", {"form": form, "adviser": adviser})


@area_required("accreditations")
def accreditation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if permissions.can_see_all_accreditations(request.user):
        return redirect("advisers:accreditation-expiring")
    accreditations = Accreditation.objects.filter(adviser__user=request.user).order_by(
        "-expires_on"
    )
    return render(request, "advisers/accreditation_list.html", {"accreditations": accreditations})


@area_required("accreditation_admin")
def accreditation_expiring(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = filters.ExpiringAccreditationForm(request.GET or None)
    within = (form.is_valid() and form.cleaned_data["within_days"]) or 90
    today = timezone.localdate()
    accreditations = (
        Accreditation.objects.expiring_within(within, today)
        .select_related("adviser__user", "adviser__region")
        .order_by("expires_on", "adviser__user__full_name")
    )
    expired = (
        Accreditation.objects.filter(
            expires_on__lt=today, expires_on__gte=today.replace(year=today.year - 1)
        )
        .select_related("adviser__user", "adviser__region")
        .order_by("-expires_on")
    )
    return render(
        request,
        "advisers/accreditation_expiring.html",
        {"form": form, "within": within, "accreditations": accreditations, "expired": expired},
    )
