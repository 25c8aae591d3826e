"""Forms for mentoring: one question per page for a request, and the pool's profiles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import User
from councils.models import Council, Region
from improvement_portal.forms import (
    DateField,
    GovukForm,
    SubmittedOnceFormMixin,
    model_choice_field,
)
from mentoring.models import (
    MAX_CAPACITY,
    Experience,
    GroupOffice,
    GroupOfficeReferral,
    Mentor,
    MentoringRequest,
    PoliticalGroup,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool:
    return value == "yes"


class CouncillorChoiceField(forms.ModelChoiceField):
    """Councillors by name and council, as programme managers tell them apart."""

    def label_from_instance(self, obj: User) -> str:
        council = obj.council.name if obj.council else "no council"
        return f"{obj.full_name} ({council})"


class QuestionForm(GovukForm):
    """One question of the "ask for a mentor" journey."""

    def answers(self) -> dict[str, Any]:
        """What to keep in the session once the answer is valid."""
        raise NotImplementedError


class MenteeForm(QuestionForm):
    mentee = CouncillorChoiceField(
        label="Councillor",
        queryset=User.objects.none(),
        help_text="The councillor who would like a mentor.",
        error_messages={"required": "Select the councillor who would like a mentor"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "mentee").queryset = User.objects.filter(
            role="councillor", council__isnull=False, is_active=True
        ).select_related("council")

    def clean_mentee(self) -> User:
        mentee = self.cleaned_data["mentee"]
        outstanding = MentoringRequest.objects.filter(
            mentee=mentee, status__in=MentoringRequest.OUTSTANDING_STATUSES
        )
        if outstanding.exists():
            raise forms.ValidationError(f"{mentee} already has a mentoring request in progress")
        return mentee

    def answers(self) -> dict[str, Any]:
        return {"mentee": self.cleaned_data["mentee"].pk}


class KindForm(QuestionForm):
    kind = forms.ChoiceField(
        label="Kind of mentoring",
        choices=MentoringRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of mentoring you would like"},
    )

    def answers(self) -> dict[str, Any]:
        return {"kind": self.cleaned_data["kind"]}


class PoliticalGroupForm(QuestionForm):
    political_group = forms.ChoiceField(
        label="Political group",
        choices=PoliticalGroup.choices,
        widget=forms.RadioSelect,
        help_text="Mentors are found with the political group offices.",
        error_messages={"required": "Select your political group"},
    )

    def answers(self) -> dict[str, Any]:
        return {"political_group": self.cleaned_data["political_group"]}


class GroupPreferenceForm(QuestionForm):
    group_preference = forms.ChoiceField(
        label="Mentor's political group",
        choices=MentoringRequest.GroupPreference.choices,
        widget=forms.RadioSelect,
        help_text="If you choose your own group, only mentors from it will be suggested.",
        error_messages={"required": "Select whether your mentor must be from your own group"},
    )

    def answers(self) -> dict[str, Any]:
        return {"group_preference": self.cleaned_data["group_preference"]}


class ConcernForm(QuestionForm):
    performance_concern = forms.ChoiceField(
        label="Performance is a concern",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="For example, after an Ofsted judgement of inadequate or requires improvement.",
        error_messages={
            "required": "Select yes if performance in children's services is a concern"
        },
    )

    def answers(self) -> dict[str, Any]:
        return {"performance_concern": _yes_no(self.cleaned_data["performance_concern"])}

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        if "performance_concern" not in answers:
            return {}
        return {"performance_concern": "yes" if answers["performance_concern"] else "no"}


class NeedsForm(QuestionForm):
    needs = forms.CharField(
        label="What you would like help with",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
        help_text="For example, preparing for scrutiny, or working with a new director.",
        error_messages={
            "required": "Tell us what you would like help with",
            "max_length": "What you would like help with must be 3,000 characters or fewer",
        },
    )

    def clean_needs(self) -> str:
        needs = self.cleaned_data["needs"].strip()
        if not needs:
            raise forms.ValidationError("Tell us what you would like help with")
        return needs

    def answers(self) -> dict[str, Any]:
        return {"needs": self.cleaned_data["needs"]}


class DeclineForm(GovukForm):
    reason = forms.CharField(
        label="Why not (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This helps the programme find the next mentor.",
        error_messages={"max_length": "The reason must be 1,000 characters or fewer"},
    )


class SessionForm(SubmittedOnceFormMixin, GovukForm):
    held_on = DateField(
        label="Date of the session",
        error_messages={
            "required": "Enter the date of the session",
            "invalid": "Enter the date of the session as a real date, for example 3 March 2025",
        },
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=5,
        max_value=480,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how long the session was in minutes, for example 60",
            "invalid": "Enter how long the session was as a number of minutes, for example 60",
            "min_value": "A session must be at least 5 minutes long",
            "max_value": "A session must be 480 minutes (8 hours) or shorter",
        },
    )
    private_notes = forms.CharField(
        label="Private notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only the mentor, the mentee and programme managers can read these.",
    )
    goals = forms.CharField(
        label="Goals you agreed",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the mentee wants to achieve by the end of the mentoring.",
        error_messages={"max_length": "The goals must be 3,000 characters or fewer"},
    )

    def __init__(self, *args: Any, first_session: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if first_session:
            self.fields["goals"].required = True
            self.fields["goals"].error_messages["required"] = (
                "Enter the goals you agreed at this first session"
            )
        else:
            del self.fields["goals"]

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError("The date of the session must be today or in the past")
        return held_on


class FeedbackForm(SubmittedOnceFormMixin, GovukForm):
    rating = forms.TypedChoiceField(
        label="How useful was the mentoring?",
        coerce=int,
        choices=[
            (5, "Very useful"),
            (4, "Useful"),
            (3, "Neither useful nor not useful"),
            (2, "Not very useful"),
            (1, "Not at all useful"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how useful the mentoring was"},
    )
    would_recommend = forms.ChoiceField(
        label="Would you recommend peer mentoring to another portfolio holder?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you would recommend peer mentoring"},
    )
    outcome = forms.CharField(
        label="What came of the mentoring for you?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the goals you met and what you are doing differently.",
        error_messages={
            "required": "Say what came of the mentoring for you",
            "max_length": "What came of the mentoring must be 3,000 characters or fewer",
        },
    )
    comments = forms.CharField(
        label="Anything else you would like to tell us",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_would_recommend(self) -> bool:
        return _yes_no(self.cleaned_data["would_recommend"])


class MentorProfileForm(GovukForm):
    """The fields a mentor keeps up to date themselves."""

    political_group = forms.ChoiceField(
        label="Political group",
        choices=PoliticalGroup.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the political group"},
    )
    experience = forms.MultipleChoiceField(
        label="Experience",
        choices=Experience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    capacity = forms.IntegerField(
        label="Most mentees at once",
        min_value=1,
        max_value=MAX_CAPACITY,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the most mentees at once, for example 2",
            "invalid": "Enter the most mentees at once as a number, for example 2",
            "min_value": "The most mentees at once must be at least 1",
            "max_value": f"The most mentees at once must be {MAX_CAPACITY} or fewer",
        },
    )
    is_active = forms.TypedChoiceField(
        label="Taking new mentees",
        coerce=lambda value: value == "yes",
        choices=[("yes", "Yes, suggest me for new requests"), ("no", "No, pause for now")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to take new mentees"},
    )
    bio = forms.CharField(
        label="About the mentor",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Portfolios held and what mentees can expect.",
    )

    @staticmethod
    def initial_for(mentor: Mentor) -> dict[str, Any]:
        return {
            "council": mentor.council_id,
            "region": mentor.region_id,
            "political_group": mentor.political_group,
            "experience": mentor.experience,
            "capacity": mentor.capacity,
            "is_active": "yes" if mentor.is_active else "no",
            "bio": mentor.bio,
        }


class MentorForm(MentorProfileForm):
    """The whole profile, as programme managers keep it."""

    council = forms.ModelChoiceField(
        label="Council",
        queryset=Council.objects.current(),
        widget=forms.Select(attrs={"data-autocomplete": "council"}),
        error_messages={"required": "Select the mentor's council"},
    )
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.all(),
        required=False,
        help_text="Leave empty to use the council's region.",
    )
    field_order = ["council", "region", "political_group", "experience", "capacity", "is_active"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("council") and not cleaned.get("region"):
            cleaned["region"] = cleaned["council"].region
        return cleaned


class NewMentorForm(SubmittedOnceFormMixin, MentorForm):
    user = forms.ModelChoiceField(
        label="Councillor",
        queryset=User.objects.none(),
        help_text="Councillors already in the pool are not listed.",
        error_messages={"required": "Select the councillor to add to the pool"},
    )
    field_order = ["user", *MentorForm.field_order]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "user").queryset = User.objects.filter(
            role="councillor", is_active=True, mentor_profile__isnull=True
        )


class CompleteForm(GovukForm):
    outcome = forms.CharField(
        label="What came of the mentoring?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The mentor's account: goals met, and anything left to do.",
        error_messages={
            "required": "Say what came of the mentoring",
            "max_length": "What came of the mentoring must be 3,000 characters or fewer",
        },
    )


class AskOfficeForm(SubmittedOnceFormMixin, GovukForm):
    office = forms.ModelChoiceField(
        label="Group office",
        queryset=GroupOffice.objects.all(),
        error_messages={"required": "Select the group office to ask"},
    )
    ask = forms.ChoiceField(
        label="What to ask",
        choices=GroupOfficeReferral.Ask.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to ask for a nomination or an approval"},
    )
    mentor = forms.ModelChoiceField(
        label="Mentor to approve",
        queryset=Mentor.objects.none(),
        required=False,
        help_text="Only when asking the office to approve a mentor.",
    )
    note = forms.CharField(
        label="Message to the office (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = Mentor.objects.select_related(  # type: ignore[attr-defined]  # django-stubs types fields as plain Fields, without a queryset
            "user", "council"
        ).filter(is_active=True)
        self.fields["mentor"].label_from_instance = (  # type: ignore[attr-defined]  # nor a model choice field's label_from_instance
            lambda m: f"{m.user.full_name} ({m.get_political_group_display()}, {m.council.name})"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("ask") == GroupOfficeReferral.Ask.APPROVE and not cleaned.get("mentor"):
            self.add_error("mentor", "Select the mentor the office should approve")
        return cleaned


class OfficeAnswerForm(GovukForm):
    answer = forms.ChoiceField(
        label="The office's answer",
        choices=[c for c in GroupOfficeReferral.Answer.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the office's answer"},
    )
    mentor = forms.ModelChoiceField(
        label="Mentor nominated",
        queryset=Mentor.objects.none(),
        required=False,
        help_text="Only when the office nominated a mentor.",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, referral: GroupOfficeReferral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mentoring.services import ANSWERS_FOR_ASK

        allowed = ANSWERS_FOR_ASK[GroupOfficeReferral.Ask(referral.ask)]
        self.fields["answer"].choices = [(a.value, a.label) for a in allowed]  # type: ignore[attr-defined]  # django-stubs types fields as plain Fields, without choices
        self.fields["mentor"].queryset = Mentor.objects.select_related(  # type: ignore[attr-defined]  # nor a model choice field's queryset
            "user", "council"
        ).filter(political_group=referral.office.political_group)
        if referral.ask == GroupOfficeReferral.Ask.APPROVE:
            del self.fields["mentor"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        nominated = cleaned.get("answer") == GroupOfficeReferral.Answer.NOMINATED
        if nominated and not cleaned.get("mentor"):
            self.add_error("mentor", "Select the mentor the office nominated")
        return cleaned
