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
from improvement_portal.questions import QuestionPages
from notifications import links
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
        "team": _team(challenge, flag=permissions.can_manage_challenge(user, challenge)),
        "declined": _declined(challenge, user),
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
        "letter_recipients": (
            _letter_recipients(challenge)
            if permissions.can_manage_challenge(user, challenge)
            else None
        ),
    }


def _letter_recipients(challenge: PeerChallenge) -> dict[str, Any]:
    """Who the feedback letter went to, or, until it is sent, who it will go to."""
    if challenge.letter_sent_at:
        return {
            "sent": True,
            "contacts": challenge.letter_sent_to,
            "councillors": challenge.letter_councillors_told,
        }
    contacts = [services.contact_line(contact) for contact in challenge.council.contacts.all()]
    emails = [line.rsplit("<", 1)[1].rstrip(">") for line in contacts]
    councillors = services.letter_councillors(challenge).exclude(email__in=emails).count()
    return {"sent": False, "contacts": contacts, "councillors": councillors}


def _team(challenge: PeerChallenge, *, flag: bool) -> list[TeamMember]:
    """The team in role order; for its managers, while the challenge is open, each member who
    no longer keeps every rule carries ``no_longer_fits`` (the rules broken)."""
    team = sort_team(challenge.team.select_related("adviser__user", "confirmed_by"))
    flags = (
        eligibility.members_who_no_longer_fit(challenge, team) if flag and challenge.is_open else {}
    )
    for member in team:
        member.no_longer_fits = flags.get(member.pk, [])  # type: ignore[attr-defined]  # a display-only attribute for the template
    return team


def _declined(challenge: PeerChallenge, user: Any) -> list[Any]:
    """Declined places, for the challenge's managers while the team is being chosen."""
    if challenge.status != PeerChallenge.Status.SCOPING:
        return []
    if not permissions.can_manage_challenge(user, challenge):
        return []
    return list(challenge.declined_places.select_related("adviser__user"))


# Requesting a peer challenge: one question per page, then check your answers.
REQUEST_SESSION_KEY = "peer_challenge_request"


def _require_requester(request: AuthenticatedHttpRequest) -> QuestionPages:
    if not permissions.can_request_any(request.user):
        raise PermissionDenied
    return QuestionPages(request, REQUEST_SESSION_KEY)


@area_required("peer_challenge_requests")
def request_council(request: AuthenticatedHttpRequest) -> HttpResponse:
    pages = _require_requester(request)
    councils = permissions.councils_for_request(request.user)
    chosen = councils.filter(gss_code=request.GET.get("council", "")).first()
    initial = {"council": chosen.pk if chosen else pages.answers.get("council")}
    form = forms.RequestCouncilForm(_posted(request), councils=councils, initial=initial)
    if request.method == "POST" and form.is_valid():
        pages.save({"council": form.cleaned_data["council"].pk})
        return redirect("peer_challenges:request-details")
    return render(request, "peer_challenges/peerchallenge_request_council.html", {"form": form})


@area_required("peer_challenge_requests")
def request_details(request: AuthenticatedHttpRequest) -> HttpResponse:
    pages = _require_requester(request)
    if not pages.has("council"):
        return redirect("peer_challenges:request")
    form = forms.RequestDetailsForm(
        _posted(request), initial={"request_notes": pages.answers.get("request_notes", "")}
    )
    if request.method == "POST" and form.is_valid():
        pages.save(form.cleaned_data)
        return redirect("peer_challenges:request-check")
    return render(request, "peer_challenges/peerchallenge_request_details.html", {"form": form})


@area_required("peer_challenge_requests")
def request_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    pages = _require_requester(request)
    answers = pages.answers
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
        pages.clear()
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


def _place_being_chosen(request: AuthenticatedHttpRequest, challenge: PeerChallenge) -> str:
    """The role the picker lists people for: as asked, else the lead while there is none."""
    asked = request.POST.get("role") or request.GET.get("place", "")
    if asked in TeamMember.Role.values:
        return asked
    has_lead = challenge.team.filter(role=TeamMember.Role.LEAD_PEER).exists()
    return TeamMember.Role.MEMBER_PEER if has_lead else TeamMember.Role.LEAD_PEER


def _team_form_sent_before(
    request: AuthenticatedHttpRequest, challenge: PeerChallenge
) -> HttpResponse | None:
    """The page for a team form whose submission key already added a member."""
    if sent := idempotency.sent_before(request, TeamMember, challenge_id=challenge.pk):
        messages.success(request, f"{sent.adviser.user.full_name} added to the team.")
        return redirect("peer_challenges:team", pk=challenge.pk)
    return None


@area_required("peer_challenge_admin")
def team(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk, manage=True)
    if not permissions.can_edit_team(request.user, challenge):
        raise PermissionDenied
    if answered := _team_form_sent_before(request, challenge):
        return answered
    place = _place_being_chosen(request, challenge)
    choice = eligibility.picker(challenge, place)
    form = forms.AddTeamMemberForm(
        _posted(request), challenge=challenge, proposals=choice.eligible, initial={"role": place}
    )
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
    # The same form sent at the same moment: the twin's new member makes this one look taken.
    if answered := _team_form_sent_before(request, challenge):
        return answered
    return render(
        request,
        "peer_challenges/teammember_list.html",
        {
            "challenge": challenge,
            "team": _team(challenge, flag=True),
            "declined": _declined(challenge, request.user),
            "picker": choice,
            "place_label": TeamMember.Role(place).label,
            "places": TeamMember.Role.choices,
            "proposals": choice.eligible,
            "form": form,
            "problems": eligibility.team_problems(challenge),
            "today": timezone.localdate(),
        },
    )


@area_required("peer_challenge_admin")
def record_confirmation(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    challenge = permissions.get_challenge_for_user(request.user, pk, manage=True)
    if not permissions.can_edit_team(request.user, challenge):
        raise PermissionDenied
    member = get_object_or_404(
        TeamMember.objects.select_related("adviser__user"), pk=member_pk, challenge=challenge
    )
    form = forms.RecordConfirmationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_confirmation(member=member, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{member.adviser.user.full_name}'s place is confirmed.")
            return redirect("peer_challenges:team", pk=challenge.pk)
    return render(
        request,
        "peer_challenges/teammember_confirm.html",
        {"challenge": challenge, "member": member, "form": form},
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
        _posted(request), challenge=challenge, initial=forms.FollowUpForm.initial_for(challenge)
    )
    if request.method == "POST" and form.is_valid():
        answers = {k: v for k, v in form.cleaned_data.items() if k != "needed"}
        services.record_follow_up(challenge=challenge, actor=request.user, **answers)
        messages.success(request, "Follow-up saved.")
        return redirect(challenge)
    return render(
        request,
        "peer_challenges/peerchallenge_follow_up.html",
        {"challenge": challenge, "form": form},
    )


@area_required(AREA)
def reply(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """A team member's answer to their invitation (or to new dates), from its email's link."""
    try:
        answer = links.read_token(token, purpose="team_place", user=request.user)
        member = services.team_place_awaiting_reply(
            member_id=answer.object_id, actor=request.user, version=answer.version
        )
    except links.LinkProblem as problem:
        return links.problem_page(request, problem)
    challenge = member.challenge
    return links.reply_page(
        request,
        question="Can you join the team on these dates?",
        yes="Yes, I confirm my place",
        no="No, I cannot",
        answer=lambda accepted, reason: services.answer_team_place(
            member=member, actor=request.user, confirm=accepted, reason=reason
        ),
        done="dashboard",
        page={
            "caption": f"Peer challenge of {challenge.council.name}",
            "heading": "Your place on the peer challenge team",
            "details": [
                f"Role: {member.get_role_display()}.",
                _on_site_text(challenge),
            ],
        },
    )


@area_required(AREA)
def on_site_calendar(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add to calendar: the on-site week as an .ics file, for anyone who may see it."""
    from notifications import calendars

    challenge = permissions.get_challenge_for_user(request.user, pk)
    if not challenge.has_on_site_dates:
        raise Http404
    return calendars.ics_response(
        calendars.build_calendar([calendar.on_site_event(challenge)]),
        f"peer-challenge-{challenge.pk}-on-site.ics",
    )


def _on_site_text(challenge: PeerChallenge) -> str:
    dates = challenge.on_site_dates
    if dates is None:
        return "On site: dates to be agreed."
    starts, ends = dates
    return f"On site: {workflow.long_date(starts)} to {workflow.long_date(ends)}."
