"""allauth's forms with GOV.UK rendering and plain-English messages; managing people."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from django import forms

from accounts.roles import Role
from councils.models import Council, Region
from improvement_portal.forms import GovukForm, GovukFormMixin


class LoginForm(GovukFormMixin, allauth_forms.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].error_messages["required"] = "Enter your email address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
        self.fields.pop("remember", None)


class ResetPasswordForm(GovukFormMixin, allauth_forms.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].widget.attrs.pop("placeholder", None)
        self.fields["email"].error_messages["required"] = "Enter your email address"


class ResetPasswordKeyForm(GovukFormMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class ChangePasswordForm(GovukFormMixin, allauth_forms.ChangePasswordForm):
    pass


class PersonForm(GovukForm):
    """What a programme manager sets about a person."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter the person's full name"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the person's role"},
    )
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label="None",
        help_text="Principal advisers read and manage the work of this region.",
    )
    council = forms.ModelChoiceField(
        label="Council",
        queryset=Council.objects.current().order_by("name"),
        required=False,
        empty_label="None",
        help_text="The council a councillor sits on, or an associate works for.",
        widget=forms.Select(attrs={"data-autocomplete": "council"}),
    )
    assigned_councils = forms.ModelMultipleChoiceField(
        label="Assigned councils",
        queryset=Council.objects.current().order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Children's improvement advisers only: they read these councils' engagements.",
    )


class InviteForm(PersonForm):
    email = forms.EmailField(
        label="Email address",
        help_text="The invitation goes to this address, which the person then logs in with.",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    field_order = ["full_name", "email", "role", "region", "council", "assigned_councils"]


class PeopleFilterForm(GovukForm):
    q = forms.CharField(label="Name or email address", required=False)
    role = forms.ChoiceField(
        label="Role", choices=[("", "Any role"), *Role.choices], required=False
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Active and deactivated"), ("active", "Active"), ("inactive", "Deactivated")],
        required=False,
    )
