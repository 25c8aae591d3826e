"""Forms for peer challenges: the request, scoping, the team, the letter and the follow-up."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q

from accounts.models import User
from accounts.roles import Role
from advisers.models import Adviser
from councils.models import Council
from improvement_portal.forms import (
    DateField,
    GovukForm,
    SubmittedOnceFormMixin,
    choice_field,
    model_choice_field,
)
from peer_challenges import eligibility
from peer_challenges.models import Focus, Funding, PeerChallenge, TeamMember

MAX_ON_SITE_DAYS = 14


class RequestCouncilForm(GovukForm):
    council: forms.ModelChoiceField[Council] = forms.ModelChoiceField(
        queryset=None,
        label="Which council is asking for a peer challenge?",
        empty_label="Choose a council",
        widget=forms.Select(attrs={"data-autocomplete": "council"}),
        error_messages={
            "required": "Choose the council that is asking for a peer challenge",
            "invalid_choice": "Choose a council from the list",
        },
    )

    def __init__(self, *args: Any, councils: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "council").queryset = councils


class RequestDetailsForm(GovukForm):
    request_notes = forms.CharField(
        label="What does the council want the peer challenge to look at?",
        help_text="For example, the front door after a focused visit, or services for care leavers.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Enter what the council wants the peer challenge to look at"},
    )


class ScopingForm(GovukForm):
    focus = forms.MultipleChoiceField(
        label="Focus",
        help_text="Select every area the peer challenge will look at.",
        choices=Focus.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    key_lines_of_enquiry = forms.CharField(
        label="Key lines of enquiry",
        help_text="The questions the council wants the team to answer, one to a line.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )
    on_site_starts_on = DateField(
        label="First on-site day",
        required=False,
        error_messages={
            "invalid": "Enter the first on-site day as a date, for example 3 March 2025"
        },
    )
    on_site_ends_on = DateField(
        label="Last on-site day",
        required=False,
        error_messages={
            "invalid": "Enter the last on-site day as a date, for example 7 March 2025"
        },
    )
    funding = forms.ChoiceField(
        label="Funding basis",
        choices=Funding.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts_on, ends_on = data.get("on_site_starts_on"), data.get("on_site_ends_on")
        if starts_on and not ends_on and "on_site_ends_on" not in self.errors:
            self.add_error(
                "on_site_ends_on", "Enter the last on-site day, for example 7 March 2025"
            )
        if ends_on and not starts_on and "on_site_starts_on" not in self.errors:
            self.add_error(
                "on_site_starts_on", "Enter the first on-site day, for example 3 March 2025"
            )
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error(
                    "on_site_ends_on", "The last on-site day must be on or after the first"
                )
            elif ends_on - starts_on >= datetime.timedelta(days=MAX_ON_SITE_DAYS):
                self.add_error("on_site_ends_on", "The on-site visit can last at most 2 weeks")
        return data

    @classmethod
    def initial_for(cls, challenge: PeerChallenge) -> dict[str, Any]:
        return {
            "focus": challenge.focus,
            "key_lines_of_enquiry": challenge.key_lines_of_enquiry,
            "on_site_starts_on": challenge.on_site_starts_on,
            "on_site_ends_on": challenge.on_site_ends_on,
            "funding": challenge.funding,
        }


class AddTeamMemberForm(SubmittedOnceFormMixin, GovukForm):
    """Choose a person and a role; a person who breaks a rule is refused with the rule."""

    adviser = forms.TypedChoiceField(
        label="Person",
        help_text="People proposed from the availability register come first.",
        coerce=int,
        error_messages={
            "required": "Choose a person to add to the team",
            "invalid_choice": "Choose a person from the list",
        },
    )
    role = forms.ChoiceField(
        label="Role on the team",
        choices=TeamMember.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the person's role on the team"},
    )

    def __init__(
        self,
        *args: Any,
        challenge: PeerChallenge,
        proposals: list[eligibility.Proposal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.challenge = challenge
        choice_field(self, "adviser").choices = _person_choices(challenge, proposals)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        pk, role = data.get("adviser"), data.get("role")
        if pk is None:
            return data
        adviser = Adviser.objects.select_related("user", "home_council").filter(pk=pk).first()
        if adviser is None:
            self.add_error("adviser", "Choose a person from the list")
            return data
        data["adviser"] = adviser
        if self.challenge.team.filter(adviser=adviser).exists():
            self.add_error("adviser", f"{adviser.user.full_name} is already on this team")
            return data
        if role:
            if role == TeamMember.Role.LEAD_PEER and self.challenge.team.filter(role=role).exists():
                self.add_error("role", "This team already has a lead peer. Remove them first")
            for problem in eligibility.rule_breaches(self.challenge, adviser, role):
                self.add_error("adviser", problem)
        return data


def _person_choices(challenge: PeerChallenge, proposals: list[eligibility.Proposal]) -> list:
    on_team = set(challenge.team.values_list("adviser_id", flat=True))
    proposed = [(p.adviser.pk, _proposal_label(p)) for p in proposals]
    proposed_ids = {p.adviser.pk for p in proposals} | on_team
    others = [
        (a.pk, a.user.full_name)
        for a in Adviser.objects.active().select_related("user").order_by("user__full_name")
        if a.pk not in proposed_ids
    ]
    choices: list = [("", "Choose a person")]
    if proposed:
        choices.append(("Proposed, least recently asked first", proposed))
    if others:
        choices.append(("Others on the register, who do not meet every rule", others))
    members = challenge.team.select_related("adviser__user").order_by("adviser__user__full_name")
    if members:
        choices.append(
            ("Already on the team", [(m.adviser_id, m.adviser.user.full_name) for m in members])
        )
    return choices


def _proposal_label(proposal: eligibility.Proposal) -> str:
    last = proposal.record.last_on_site
    served = f"last on site {eligibility.long_date(last)}" if last else "not yet on a challenge"
    lead = ", can lead" if proposal.can_lead else ""
    return (
        f"{proposal.adviser.user.full_name} ({served}, "
        f"{proposal.record.in_last_12_months} in the last 12 months{lead})"
    )


class FeedbackLetterForm(GovukForm):
    strengths = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "Enter the strengths the team found"},
    )
    areas_for_consideration = forms.CharField(
        label="Areas for consideration",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "Enter the areas for the council to consider"},
    )
    recommendations = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "Enter the team's recommendations"},
    )


class FollowUpForm(GovukForm):
    """The agreed follow-up, or why there is none."""

    needed = forms.ChoiceField(
        label="Is a follow-up agreed with the council?",
        choices=[("yes", "Yes"), ("no", "No, the follow-up is waived")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if a follow-up is agreed with the council"},
    )
    follow_up_on = DateField(
        label="Date of the follow-up",
        required=False,
        error_messages={"invalid": "Enter the date as a date, for example 12 June 2025"},
    )
    follow_up_owner = forms.ModelChoiceField(
        label="Who owns the follow-up",
        queryset=User.objects.none(),
        required=False,
        help_text="It appears on their dashboard when it is due.",
    )
    follow_up_checks = forms.CharField(
        label="What the follow-up will check",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    follow_up_notes = forms.CharField(
        label="Notes from the follow-up conversation",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20000,
    )
    waived_reason = forms.CharField(
        label="Why the follow-up is waived",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, challenge: PeerChallenge, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = User.objects.filter(
            Q(role=Role.PROGRAMME_MANAGER)
            | Q(role=Role.PRINCIPAL_ADVISER, region_id=challenge.council.region_id),
            is_active=True,
        ).order_by("full_name")
        self.fields["follow_up_owner"].queryset = owners  # type: ignore[attr-defined]  # django-stubs types fields as plain Fields, without a queryset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("needed") == "no":
            if not (data.get("waived_reason") or "").strip():
                self.add_error("waived_reason", "Enter why the follow-up is waived")
            return data
        if data.get("needed") == "yes":
            data["waived_reason"] = ""
            required = {
                "follow_up_on": "Enter the date of the follow-up, for example 12 June 2025",
                "follow_up_owner": "Choose who owns the follow-up",
                "follow_up_checks": "Enter what the follow-up will check",
            }
            for name, message in required.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    @staticmethod
    def initial_for(challenge: PeerChallenge) -> dict[str, Any]:
        recorded = challenge.follow_up_on or challenge.follow_up_checks
        return {
            "needed": "no" if challenge.follow_up_is_waived else ("yes" if recorded else None),
            "follow_up_on": challenge.follow_up_on,
            "follow_up_owner": challenge.follow_up_owner_id,
            "follow_up_checks": challenge.follow_up_checks,
            "follow_up_notes": challenge.follow_up_notes,
            "waived_reason": challenge.follow_up_waived_reason,
        }


class RecordConfirmationForm(GovukForm):
    note = forms.CharField(
        label="How did they confirm?",
        help_text="For example, by phone to the programme team on 3 March.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say how the confirmation was received"},
    )


class CancelForm(GovukForm):
    reason = forms.CharField(
        label="Why is the peer challenge cancelled?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter why the peer challenge is cancelled"},
    )
