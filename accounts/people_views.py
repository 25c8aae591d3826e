"""Programme managers' people pages: invite, change, deactivate and reactivate."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import navigation, people, services
from accounts.forms import InviteForm, PeopleFilterForm, PersonForm
from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from accounts.permissions import area_required, get_person_for_user

PAGE_SIZE = 50


@area_required("people")
def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    found = people.people(form.cleaned_data if form.is_valid() else {})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/person_list.html",
        {
            "form": form,
            "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
        },
    )


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@area_required("people")
def person_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            person = services.invite_person(**data, actor=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} is invited: the email is on its way.")
            return redirect("people:detail", pk=person.pk)
    return render(request, "accounts/person_invite.html", {"form": form})


@area_required("people")
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "assigned_councils": people.assigned_councils(person),
            "history": people.person_history(person),
            "is_self": person.pk == request.user.pk,
        },
    )


@area_required("people")
def person_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    initial = {
        "full_name": person.full_name,
        "role": person.role,
        "region": person.region,
        "council": person.council,
        "assigned_councils": people.assigned_councils(person),
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        councils = data.pop("assigned_councils")
        try:
            services.change_person(
                person=person, data=data, assigned_councils=councils, actor=request.user
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"{person.full_name}'s details are changed.")
            return redirect("people:detail", pk=person.pk)
    return render(request, "accounts/person_form.html", {"form": form, "person": person})


def _set_active(request: AuthenticatedHttpRequest, pk: int, *, active: bool) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    try:
        person = services.set_person_active(person=person, active=active, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        state = "active again" if active else "deactivated: they can no longer log in"
        messages.success(request, f"{person.full_name} is {state}.")
    return redirect("people:detail", pk=pk)


@require_POST
@area_required("people")
def person_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=False)


@require_POST
@area_required("people")
def person_reactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=True)


@require_POST
@area_required("people")
def person_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person: User = get_person_for_user(request.user, pk)
    if person.has_usable_password() or not person.is_active:
        messages.info(request, f"{person.full_name} has already chosen a password: nothing sent.")
    else:
        services.send_onboarding_email(user=person)
        messages.success(request, f"The invitation is sent to {person.email} again.")
    return redirect("people:detail", pk=pk)


@area_required("dashboard")
def more(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The areas the service navigation groups under "More" for this person."""
    return render(request, "accounts/more.html", {"areas": navigation.more_for(request.user)})
