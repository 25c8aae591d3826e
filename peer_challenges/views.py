"""Pages for peer challenges. Each view: access helper, form, one service call, response."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required
from improvement_portal import idempotency
from improvement_portal.forms import SubmissionForm
from peer_challenges import (
    calendar,
    eligibility,
    filters,
    forms,
    history,
    permissions,
    services,
    workflow,
)
from peer_challenges.models import PeerChallenge, TeamMember, sort_team

AREA = "peer_challenges"
UPCOMING_LIMIT = 40


def _posted(request: AuthenticatedHttpRequest) -> Any:
    """The submitted data, even when empty (an empty POST must still show its errors)."""
    return request.POST if request.method == "POST" else None


@area_required(AREA)
def challenge_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    challenges = permissions.visible_to(request.user).select_related("council__region")
    filterset = filters.PeerChallengeFilter(request.GET or None, queryset=challenges)
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    upcoming = challenges.upcoming_on_site(today)[:UPCOMING_LIMIT]
    return render(
        request,
        "peer_challenges/peerchallenge_list.html",
        {
            "filter": filterset,
            "page": page,
            "weeks": calendar.group_by_week(upcoming, today),
            "can_request": permissions.can_request_any(request.user),
        },
    )


@area_required(AREA)
def challenge_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk)
    return render(
        request, "peer_challenges/peerchallenge_detail.html", _detail_context(request, challenge)
    )


def _detail_context(request: AuthenticatedHttpRequest, challenge: PeerChallenge) -> dict[str, Any]:
    user = request.user
    steps = [
        {"step": step, "problems": step.problems(challenge)}
        for step in workflow.steps_from(challenge.status)
        if permissions.can_take_step(user, challenge, step)
    ]
    return {
        "challenge": challenge,
        "team": sort_team(challenge.team.all()),
        "steps": steps,
        "timeline": challenge.status_changes.select_related("changed_by"),
        "my_place": permissions.place_of(user, challenge),
        "can_edit_scoping": permissions.can_edit_scoping(user, challenge),
        "can_edit_team": permissions.can_edit_team(user, challenge),
        "can_write_letter": permissions.can_write_letter(user, challenge),
        "can_read_letter": permissions.can_read_letter(user, challenge),
        "can_prepare_letter": permissions.can_prepare_letter(user, challenge),
        "can_record_follow_up": permissions.can_record_follow_up(user, challenge),
        "history": (
            history.challenge_history(challenge)
            if permissions.can_manage_challenge(user, challenge)
            else None
        ),
        "can_read_internal_notes": permissions.can_read_internal_notes(user, challenge),
    }


# Requesting a peer challenge: one question per page, then check your answers.
REQUEST_SESSION_KEY = "peer_challenge_request"


def _require_requester(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    if not permissions.can_request_any(request.user):
        raise PermissionDenied
    return request.session.get(REQUEST_SESSION_KEY, {})


@area_required("peer_challenge_requests")
def request_council(request: AuthenticatedHttpRequest) -> HttpResponse:
    answers = _require_requester(request)
    councils = permissions.councils_for_request(request.user)
    chosen = councils.filter(gss_code=request.GET.get("council", "")).first()
    initial = {"council": chosen.pk if chosen else answers.get("council")}
    form = forms.RequestCouncilForm(_posted(request), councils=councils, initial=initial)
    if request.method == "POST" and form.is_valid():
        request.session[REQUEST_SESSION_KEY] = {
            **answers,
            "council": form.cleaned_data["council"].pk,
        }
        return redirect("peer_challenges:request-details")
    return render(request, "peer_challenges/peerchallenge_request_council.html", {"form": form})


@area_required("peer_challenge_requests")
def request_details(request: AuthenticatedHttpRequest) -> HttpResponse:
    answers = _require_requester(request)
    if "council" not in answers:
        return redirect("peer_challenges:request")
    form = forms.RequestDetailsForm(
        _posted(request), initial={"request_notes": answers.get("request_notes", "")}
    )
    if request.method == "POST" and form.is_valid():
        request.session[REQUEST_SESSION_KEY] = {**answers, **form.cleaned_data}
        return redirect("peer_challenges:request-check")
    return render(request, "peer_challenges/peerchallenge_request_details.html", {"form": form})


@area_required("peer_challenge_requests")
def request_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    answers = _require_requester(request)
    if sent := idempotency.sent_before(request, PeerChallenge, requested_by_id=request.user.pk):
        return redirect("peer_challenges:request-done", pk=sent.pk)
    councils = permissions.councils_for_request(request.user)
    council = councils.filter(pk=answers.get("council")).first()
    if council is None or "request_notes" not in answers:
        return redirect("peer_challenges:request")
    if request.method == "POST":
        challenge = services.request_peer_challenge(
            council=council,
            request_notes=answers["request_notes"],
            actor=request.user,
            submission_key=idempotency.posted_key(request),
        )
        request.session.pop(REQUEST_SESSION_KEY, None)
        return redirect("peer_challenges:request-done", pk=challenge.pk)
    return render(
        request,
        "peer_challenges/peerchallenge_request_check.html",
        {
            "council": council,
            "request_notes": answers["request_notes"],
            "submission": SubmissionForm(),
        },
    )


@area_required("peer_challenge_admin")
def request_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk, manage=True)
    return render(
        request, "peer_challenges/peerchallenge_request_done.html", {"challenge": challenge}
    )


@area_required(AREA)
@require_POST
def move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk)
    target = request.POST.get("to", "")
    if target not in PeerChallenge.Status.values:
        raise Http404("No such step")
    try:
        services.move_challenge(challenge=challenge, to_status=target, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        step = workflow.find_step(challenge.status, target)
        messages.success(request, f"{step.done if step else 'Done'}.")
    return redirect(challenge)


@area_required("peer_challenge_admin")
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk, manage=True)
    if workflow.find_step(challenge.status, PeerChallenge.Status.CANCELLED) is None:
        messages.error(request, "This peer challenge can no longer be cancelled.")
        return redirect(challenge)
    form = forms.CancelForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.move_challenge(
            challenge=challenge,
            to_status=PeerChallenge.Status.CANCELLED,
            actor=request.user,
            note=form.cleaned_data["reason"],
        )
        messages.success(request, "Peer challenge cancelled.")
        return redirect(challenge)
    return render(
        request, "peer_challenges/peerchallenge_cancel.html", {"challenge": challenge, "form": form}
    )


@area_required("peer_challenge_admin")
def scoping(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk, manage=True)
    if not permissions.can_edit_scoping(request.user, challenge):
        raise PermissionDenied
    form = forms.ScopingForm(_posted(request), initial=forms.ScopingForm.initial_for(challenge))
    if request.method == "POST" and form.is_valid():
        services.update_scoping(challenge=challenge, actor=request.user, **form.cleaned_data)
        messages.success(request, "Scoping details saved.")
        return redirect(challenge)
    return render(
        request,
        "peer_challenges/peerchallenge_scoping.html",
        {"challenge": challenge, "form": form},
    )


@area_required("peer_challenge_admin")
def team(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk, manage=True)
    if not permissions.can_edit_team(request.user, challenge):
        raise PermissionDenied
    if sent := idempotency.sent_before(request, TeamMember, challenge_id=challenge.pk):
        messages.success(request, f"{sent.adviser.user.full_name} added to the team.")
        return redirect("peer_challenges:team", pk=challenge.pk)
    proposals = eligibility.proposals(challenge)
    form = forms.AddTeamMemberForm(_posted(request), challenge=challenge, proposals=proposals)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_team_member(
                challenge=challenge, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("adviser", error)
        else:
            messages.success(request, f"{member.adviser.user.full_name} added to the team.")
            return redirect("peer_challenges:team", pk=challenge.pk)
    return render(
        request,
        "peer_challenges/teammember_list.html",
        {
            "challenge": challenge,
            "team": sort_team(challenge.team.all()),
            "proposals": proposals,
            "form": form,
            "problems": eligibility.team_problems(challenge),
            "today": timezone.localdate(),
        },
    )


@area_required("peer_challenge_admin")
@require_POST
def remove_member(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk, manage=True)
    member = get_object_or_404(
        TeamMember.objects.select_related("adviser__user"), pk=member_pk, challenge=challenge
    )
    services.remove_team_member(member=member, actor=request.user)
    messages.success(request, f"{member.adviser.user.full_name} removed from the team.")
    return redirect("peer_challenges:team", pk=challenge.pk)


@area_required(AREA)
@require_POST
def confirm_place(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk)
    place = permissions.place_of(request.user, challenge)
    if place is None:
        raise PermissionDenied
    try:
        services.confirm_team_place(member=place, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "You have confirmed your place on the team.")
    return redirect(challenge)


@area_required(AREA)
def letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk)
    if not permissions.can_write_letter(request.user, challenge):
        raise PermissionDenied
    form = forms.FeedbackLetterForm(
        _posted(request),
        initial={
            "strengths": challenge.strengths,
            "areas_for_consideration": challenge.areas_for_consideration,
            "recommendations": challenge.recommendations,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.write_feedback_letter(challenge=challenge, actor=request.user, **form.cleaned_data)
        messages.success(request, "Letter saved. Its PDF is being prepared.")
        return redirect(challenge)
    return render(
        request, "peer_challenges/peerchallenge_letter.html", {"challenge": challenge, "form": form}
    )


@area_required(AREA)
def letter_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk)
    if not permissions.can_read_letter(request.user, challenge):
        raise PermissionDenied
    return render(request, "peer_challenges/fragment_letter_status.html", {"challenge": challenge})


@area_required(AREA)
@require_POST
def prepare_letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk)
    try:
        services.prepare_letter_again(challenge=challenge, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The letter's PDF is being prepared.")
    return redirect(challenge)


@area_required(AREA)
def download_letter(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk)
    if not permissions.can_read_letter(request.user, challenge):
        raise PermissionDenied
    if not challenge.letter_is_ready:
        raise Http404("The letter is not ready")
    return FileResponse(
        challenge.letter_pdf.open("rb"),
        as_attachment=True,
        filename=f"peer-challenge-feedback-{challenge.council.slug}.pdf",
        content_type="application/pdf",
    )


@area_required("peer_challenge_admin")
def follow_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk, manage=True)
    if not permissions.can_record_follow_up(request.user, challenge):
        raise PermissionDenied
    form = forms.FollowUpForm(
        _posted(request),
        initial={
            "follow_up_on": challenge.follow_up_on,
            "follow_up_notes": challenge.follow_up_notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.record_follow_up(challenge=challenge, actor=request.user, **form.cleaned_data)
        messages.success(request, "Follow-up saved.")
        return redirect(challenge)
    return render(
        request,
        "peer_challenges/peerchallenge_follow_up.html",
        {"challenge": challenge, "form": form},
    )
