"""Mentoring pages: a councillor's "My mentoring", a mentor's "My mentees", the request journey,
and the programme managers' board, pool and matches."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required
from improvement_portal import idempotency
from improvement_portal.forms import SubmissionForm
from mentoring import filters, forms, permissions, queries, request_flow, services
from mentoring.models import (
    Match,
    Mentor,
    MentoringFeedback,
    MentoringRequest,
    MentoringSession,
)
from notifications import links

PAGE_SIZE = 25


def _posted(request: AuthenticatedHttpRequest) -> QueryDict | None:
    """The submitted data on POST (even when empty, so a blank form shows its errors)."""
    return request.POST if request.method == "POST" else None


def _mentor_or_404(request: AuthenticatedHttpRequest) -> Mentor:
    mentor = permissions.mentor_profile_for(request.user)
    if mentor is None:
        raise Http404("You are not in the mentor pool.")
    return mentor


@area_required("mentoring")
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.is_programme_manager:
        return redirect("mentoring:board")
    if permissions.mentor_profile_for(request.user) is not None:
        return redirect("mentoring:mentees")
    return redirect("mentoring:mine")


@area_required("mentoring_councillor")
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = queries.my_mentoring(request.user)
    context["is_mentor"] = permissions.mentor_profile_for(request.user) is not None
    return render(request, "mentoring/mentoringrequest_mine.html", context)


@area_required("mentoring_councillor")
def mentees(request: AuthenticatedHttpRequest) -> HttpResponse:
    mentor = _mentor_or_404(request)
    return render(request, "mentoring/match_mentees.html", queries.my_mentees(mentor))


@area_required("mentoring_councillor")
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    mentor = _mentor_or_404(request)
    return _edit_mentor(request, mentor, forms.MentorProfileForm, reverse("mentoring:mentees"))


def _edit_mentor(
    request: AuthenticatedHttpRequest,
    mentor: Mentor,
    form_class: type[forms.MentorProfileForm],
    done_url: str,
) -> HttpResponse:
    form = form_class(_posted(request), initial=form_class.initial_for(mentor))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_mentor(mentor=mentor, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The mentor profile has been saved.")
            return redirect(done_url)
    return render(request, "mentoring/mentor_form.html", {"form": form, "mentor": mentor})


# The request journey -------------------------------------------------------------------------


def _start_request(request: AuthenticatedHttpRequest) -> HttpResponse | None:
    """Send a councillor with a request in progress back to it instead of starting another."""
    if request.user.is_councillor and (
        MentoringRequest.objects.filter(
            mentee=request.user, status__in=MentoringRequest.OUTSTANDING_STATUSES
        ).exists()
    ):
        messages.info(request, "You already have a mentoring request in progress.")
        return redirect("mentoring:mine")
    return None


@area_required("mentoring")
def request_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    if blocked := _start_request(request):
        return blocked
    first = request_flow.steps_for(request.user)[0]
    return redirect("mentoring:request-step", step=first.slug)


@area_required("mentoring")
def request_step(request: AuthenticatedHttpRequest, step: str) -> HttpResponse:
    current = request_flow.find_step(request.user, step)
    if current is None:
        raise Http404("No such question.")
    pages = request_flow.pages(request)
    saved = pages.answers
    missing = request_flow.first_unanswered(request.user, saved, before=current)
    if missing is not None:
        return redirect("mentoring:request-step", step=missing.slug)
    if blocked := _start_request(request):
        return blocked
    form = current.form_class(_posted(request), initial=request_flow.initial_for(current, saved))
    if request.method == "POST" and form.is_valid():
        pages.save(form.answers())
        following = request_flow.next_step(request.user, current)
        if following is None or pages.changing:
            return redirect("mentoring:request-check")
        return redirect("mentoring:request-step", step=following.slug)
    return render(
        request,
        "mentoring/mentoringrequest_step.html",
        {"form": form, "question": request_flow.question(request.user, current), "step": current},
    )


@area_required("mentoring")
def request_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    if sent := idempotency.sent_before(request, MentoringRequest, requested_by_id=request.user.pk):
        return redirect("mentoring:request-sent", pk=sent.pk)
    pages = request_flow.pages(request)
    saved = pages.answers
    missing = request_flow.first_unanswered(request.user, saved)
    if missing is not None:
        return redirect("mentoring:request-step", step=missing.slug)
    mentee = request_flow.mentee_for(request.user, saved)
    if mentee is None:
        return redirect("mentoring:request-step", step="councillor")
    if request.method == "POST":
        try:
            created = services.request_mentoring(
                mentee=mentee,
                kind=saved["kind"],
                political_group=saved["political_group"],
                group_preference=saved["group_preference"],
                performance_concern=saved["performance_concern"],
                needs=saved["needs"],
                actor=request.user,
                submission_key=idempotency.posted_key(request),
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            pages.clear()
            return redirect("mentoring:request-sent", pk=created.pk)
    rows = request_flow.summary_rows(request.user, saved, mentee)
    context = {"rows": rows, "submission": SubmissionForm()}
    return render(request, "mentoring/mentoringrequest_check.html", context)


@area_required("mentoring")
def request_sent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sent = permissions.get_request_for_user(request.user, pk)
    return render(request, "mentoring/mentoringrequest_sent.html", {"sent": sent})


@require_POST
@area_required("mentoring")
def request_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = permissions.get_request_for_user(request.user, pk)
    try:
        services.withdraw_request(mentoring_request=found, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Mentoring request {found.reference} has been withdrawn.")
    return redirect("mentoring:home")


# Programme managers -------------------------------------------------------------------------


@area_required("mentoring_admin")
def board_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "mentoring/match_board.html", queries.board())


@area_required("mentoring_admin")
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = permissions.get_request_for_user(request.user, pk)
    return render(request, "mentoring/mentoringrequest_detail.html", queries.request_page(found))


@require_POST
@area_required("mentoring_admin")
def propose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = permissions.get_request_for_user(request.user, pk)
    mentor_pk = request.POST.get("mentor", "")
    if not (mentor_pk.isascii() and mentor_pk.isdigit()):
        raise Http404("No such mentor.")
    mentor = get_object_or_404(Mentor.objects.select_related("user"), pk=int(mentor_pk))
    try:
        match = services.propose_match(mentoring_request=found, mentor=mentor, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(found)
    messages.success(request, f"{mentor} has been asked to mentor {found.mentee}.")
    return redirect(match)


@area_required("mentoring_admin")
def match_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    queryset = (
        Match.objects.visible_to(request.user)
        .select_related(*queries.MATCH_PEOPLE)
        .only(*queries.MATCH_COLUMNS)
    )
    filterset = filters.MatchFilter(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mentoring/match_list.html", {"filter": filterset, "page": page})


@area_required("mentoring_admin")
def mentor_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    queryset = (
        Mentor.objects.visible_to(request.user)
        .with_load()
        .select_related("user", "council", "region")
        .order_by("user__full_name", "pk")
    )
    filterset = filters.MentorFilter(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mentoring/mentor_list.html", {"filter": filterset, "page": page})


@area_required("mentoring_admin")
def mentor_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if answered := _mentor_form_sent_before(request):
        return answered
    form = forms.NewMentorForm(_posted(request), initial={"capacity": 2, "is_active": "yes"})
    if request.method == "POST" and form.is_valid():
        try:
            mentor = services.create_mentor(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{mentor} has joined the mentor pool.")
            return redirect("mentoring:mentor-list")
    # The same form sent twice at once: the other copy may have added the councillor while this
    # one was checked (so they are no longer offered), which is not this person's mistake.
    if answered := _mentor_form_sent_before(request):
        return answered
    return render(request, "mentoring/mentor_form.html", {"form": form, "mentor": None})


def _mentor_form_sent_before(request: AuthenticatedHttpRequest) -> HttpResponse | None:
    """The page for a new-mentor form whose submission key already added the mentor."""
    if sent := idempotency.sent_before(request, Mentor):
        messages.success(request, f"{sent} has joined the mentor pool.")
        return redirect("mentoring:mentor-list")
    return None


@area_required("mentoring_admin")
def mentor_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentor = permissions.get_mentor_for_user(request.user, pk, edit=True)
    return _edit_mentor(request, mentor, forms.MentorForm, reverse("mentoring:mentor-list"))


@area_required("mentoring_admin")
def office_ask(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = permissions.get_request_for_user(request.user, pk)
    form = forms.AskOfficeForm(_posted(request), initial={"ask": "nominate"})
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.ask_group_office(
                mentoring_request=found, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The {referral.office.name} has been asked.")
            return redirect(found)
    return render(
        request, "mentoring/groupofficereferral_form.html", {"form": form, "found": found}
    )


@area_required("mentoring_admin")
def office_answer(request: AuthenticatedHttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    found = permissions.get_request_for_user(request.user, pk)
    referral = get_object_or_404(
        found.office_referrals.select_related("office", "mentor__user"), pk=referral_pk
    )
    form = forms.OfficeAnswerForm(_posted(request), referral=referral)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_office_answer(
                referral=referral, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The {referral.office.name}'s answer has been recorded.")
            return redirect(found)
    return render(
        request,
        "mentoring/groupofficereferral_answer.html",
        {"form": form, "found": found, "referral": referral},
    )


# A match, for the pair and programme managers ------------------------------------------------


@area_required("mentoring")
def match_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match = permissions.get_match_for_user(request.user, pk)
    return render(request, "mentoring/match_detail.html", queries.match_page(request.user, match))


def _transition(
    request: AuthenticatedHttpRequest, pk: int, service: Callable[..., Match], done: str
) -> HttpResponse:
    match = permissions.get_match_for_user(request.user, pk)
    try:
        service(match=match, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, done)
    return redirect(match)


@require_POST
@area_required("mentoring")
def accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.accept_match, "You have accepted this mentee.")


@require_POST
@area_required("mentoring")
def start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.start_match, "The mentoring has started.")


@area_required("mentoring")
def complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match = permissions.get_match_for_user(request.user, pk)
    if not permissions.can_complete_match(request.user, match):
        raise PermissionDenied
    form = forms.CompleteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_match(match=match, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The mentoring is complete.")
            return redirect(match)
    return render(request, "mentoring/match_complete.html", {"form": form, "match": match})


@area_required("mentoring")
def decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match = permissions.get_match_for_user(request.user, pk)
    if not permissions.can_decline_match(request.user, match):
        raise PermissionDenied
    form = forms.DeclineForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_match(
                match=match, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(match)
        messages.success(request, "The proposal has been declined.")
        return redirect("mentoring:home")
    return render(request, "mentoring/match_decline.html", {"form": form, "match": match})


@area_required("mentoring")
def session_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match = permissions.get_match_for_user(request.user, pk)
    if not permissions.can_log_session(request.user, match):
        raise PermissionDenied
    form = forms.SessionForm(_posted(request), first_session=not match.goals)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_session(match=match, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The session has been logged.")
            return redirect(match)
    return render(request, "mentoring/mentoringsession_form.html", {"form": form, "match": match})


@area_required("mentoring")
def feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match = permissions.get_match_for_user(request.user, pk)
    if idempotency.sent_before(request, MentoringFeedback, match_id=match.pk):
        messages.success(request, "Thank you for your feedback.")
        return redirect("mentoring:mine")
    if not permissions.can_give_feedback(request.user, match):
        raise PermissionDenied
    form = forms.FeedbackForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(match=match, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Thank you for your feedback.")
        return redirect("mentoring:mine")
    return render(request, "mentoring/mentoringfeedback_form.html", {"form": form, "match": match})


@area_required("mentoring")
def reply(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The mentor's answer to a proposal, from the link in its email."""
    try:
        answer = links.read_token(token, purpose="match", user=request.user)
        match = services.match_awaiting_reply(match_id=answer.object_id, actor=request.user)
    except links.LinkProblem as problem:
        return links.problem_page(request, problem)
    mentee = match.request.mentee
    return links.reply_page(
        request,
        question=f"Can you mentor {mentee.full_name}?",
        yes="Yes, I can mentor them",
        no="No, I cannot",
        answer=lambda accepted, reason: services.answer_match(
            match=match, actor=request.user, accept=accepted, reason=reason
        ),
        done="mentoring:home",
        page={
            "heading": "Will you mentor this councillor?",
            "details": [
                f"{mentee.full_name}, {match.request.council.name}.",
                match.request.get_kind_display(),
            ],
        },
    )


@area_required("mentoring")
def session_calendar(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add to calendar: one mentoring session as an .ics file, for those on the match."""
    from mentoring import calendar
    from notifications import calendars

    session = get_object_or_404(MentoringSession.objects.select_related("match"), pk=pk)
    permissions.get_match_for_user(request.user, session.match_id)
    return calendars.ics_response(
        calendars.build_calendar([calendar.session_event(session)]),
        f"mentoring-session-{session.pk}.ics",
    )
