"""Input for courses, sessions, the booking questions and feedback."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import User
from courses import accreditation, permissions
from courses.models import RATINGS, Course, CourseSession
from improvement_portal.forms import (
    GovukForm,
    GovukModelForm,
    SubmittedOnceFormMixin,
    choice_field,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(attrs={"class": "govuk-input--width-20"}, format=DATETIME_FORMAT)


def _datetime_field(label: str, what: str, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=help_text or "For example, 3 March 2025 at 09:30",
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        error_messages={
            "required": f"Enter the date and time {what}",
            "invalid": f"Enter the date and time {what} as a real date and time",
        },
    )


class CourseForm(SubmittedOnceFormMixin, GovukModelForm):
    accreditation_kind = forms.ChoiceField(
        label="Accreditation awarded",
        required=False,
        help_text="Accredited courses only: attendees are awarded this accreditation.",
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "kind",
            "summary",
            "description",
            "accreditation_kind",
            "accreditation_years",
            "is_published",
        ]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 5})}
        labels = {
            "kind": "Kind of course",
            "accreditation_years": "Years the accreditation is valid for",
            "is_published": "Show this course to councillors and advisers",
        }
        error_messages = {
            "title": {"required": "Enter the course title"},
            "kind": {"required": "Select the kind of course"},
            "summary": {"required": "Enter a short summary of the course"},
            "accreditation_years": {
                "required": "Enter how many years the accreditation is valid for, for example 3"
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "accreditation_kind").choices = [
            ("", "None"),
            *accreditation.accreditation_kind_choices(),
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == Course.Kind.ACCREDITED and not data.get("accreditation_kind"):
            self.add_error("accreditation_kind", "Select the accreditation the course awards")
        if data.get("kind") == Course.Kind.LEADERSHIP_ESSENTIALS and data.get("accreditation_kind"):
            self.add_error(
                "accreditation_kind", "Leadership Essentials courses do not award accreditation"
            )
        return data


class SessionForm(GovukForm):
    """A session's details. A plain form: the service validates against places already taken."""

    starts_at = _datetime_field("Starts", "the session starts")
    ends_at = _datetime_field("Ends", "the session ends")
    is_online = forms.BooleanField(label="This session is online", required=False)
    venue = forms.CharField(
        label="Venue",
        required=False,
        max_length=200,
        help_text="Building and town, for sessions in person. For example, Smith Square, London",
    )
    address = forms.CharField(
        label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    joining_instructions = forms.CharField(
        label="How to join online",
        required=False,
        help_text="Sent only to people with a place.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    capacity = forms.IntegerField(
        label="Number of places",
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the number of places, for example 24",
            "invalid": "Enter the number of places as a whole number, for example 24",
            "min_value": "Enter a number of places of 1 or more",
            "max_value": "Enter a number of places of 500 or fewer",
        },
    )
    booking_opens_at = _datetime_field("Booking opens", "booking opens")
    booking_closes_at = _datetime_field("Booking closes", "booking closes")
    status = forms.ChoiceField(
        label="Status",
        choices=[
            (CourseSession.Status.DRAFT.value, "Draft"),
            (CourseSession.Status.PUBLISHED.value, "Published: open for booking in its window"),
        ],
        initial=CourseSession.Status.PUBLISHED,
        widget=forms.RadioSelect,
        help_text="Draft sessions are seen by programme managers only. To cancel, use Cancel session.",
        error_messages={"required": "Select whether the session is a draft or published"},
    )
    facilitators = forms.CharField(label="Facilitators", required=False, max_length=300)
    programme = forms.CharField(
        label="Programme",
        required=False,
        help_text="One item a line, for example 10:00 The statutory role of the lead member",
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        opens, closes = data.get("booking_opens_at"), data.get("booking_closes_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The session must end after it starts")
        if opens and closes and closes <= opens:
            self.add_error("booking_closes_at", "Booking must close after it opens")
        elif closes and starts and closes > starts:
            self.add_error("booking_closes_at", "Booking must close before the session starts")
        if not data.get("is_online") and not (data.get("venue") or "").strip():
            self.add_error("venue", "Enter the venue, or say the session is online")
        return data


class NewSessionForm(SubmittedOnceFormMixin, SessionForm):
    """Adding a session: the same questions, sent once however often the button is pressed."""


class BookingPersonForm(GovukForm):
    email = forms.EmailField(
        label="Email address of the person the place is for",
        help_text="They must already have an account on the portal.",
        error_messages={
            "required": "Enter the email address of the person the place is for",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        self.course = course
        super().__init__(*args, **kwargs)

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].strip().lower()
        person = User.objects.filter(email=email).first()
        if person is None:
            raise ValidationError("There is no one with that email address on the portal")
        if not permissions.is_eligible_attendee(person, self.course):
            if self.course.is_leadership_essentials:
                raise ValidationError("Leadership Essentials places are for councillors only")
            raise ValidationError("Accredited courses are for advisers and associates only")
        return person


class AccessRequirementsForm(GovukForm):
    access_requirements = forms.CharField(
        label="Tell us about any access requirements",
        help_text=(
            "For example, step-free access, a hearing loop, a British Sign Language "
            "interpreter or papers in large print. Leave this empty if you have none."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Access requirements must be 2,000 characters or fewer"},
    )


class DietaryRequirementsForm(GovukForm):
    dietary_requirements = forms.CharField(
        label="Tell us about any dietary needs",
        help_text="For example, vegetarian, halal, or a nut allergy. Leave this empty if none.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Dietary needs must be 2,000 characters or fewer"},
    )


RATING_CHOICES = [(value, label) for value, label in RATINGS]
RATING_HELP = "1 is poor, 5 is excellent."


def _rating_field(label: str, what: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=RATING_HELP,
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": f"Select a rating for {what}, from 1 to 5"},
    )


class FeedbackForm(SubmittedOnceFormMixin, GovukForm):
    content_rating = _rating_field("How good was the content?", "the content")
    facilitators_rating = _rating_field("How good were the facilitators?", "the facilitators")
    usefulness_rating = _rating_field(
        "How useful was the session for your role?", "how useful the session was"
    )
    would_recommend = forms.TypedChoiceField(
        label="Would you recommend this course to a colleague?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you would recommend this course"},
    )
    comments = forms.CharField(
        label="Any other comments",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Comments must be 4,000 characters or fewer"},
    )


class SessionMessageForm(GovukForm):
    """A message to everyone booked or waiting on a session."""

    subject = forms.CharField(
        label="Subject",
        max_length=120,
        help_text="For example, Change of room",
        error_messages={"required": "Enter a subject for the message"},
    )
    message = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        error_messages={"required": "Enter the message"},
    )
