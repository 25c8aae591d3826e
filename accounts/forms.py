"""allauth's forms with GOV.UK rendering and plain-English messages; managing people."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account import forms as allauth_forms
from allauth.core import context
from allauth.core.internal import ratelimit
from allauth.mfa.base import forms as mfa_forms
from django import forms
from django.core.exceptions import ValidationError

from accounts.roles import Role
from councils.models import Council, Region
from improvement_portal.forms import GovukForm, GovukFormMixin, SubmittedOnceFormMixin

security_log = logging.getLogger("accounts.security")


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


class AddEmailForm(GovukFormMixin, allauth_forms.AddEmailForm):
    """Refuses every addition: login addresses are managed by programme managers (add_user)."""

    def clean_email(self) -> str:
        raise ValidationError(
            "You cannot add an email address yourself. "
            "Ask a programme manager to change the address you log in with.",
            code="managed",
        )


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


class InviteForm(SubmittedOnceFormMixin, PersonForm):
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


class MfaCodeLimitMixin:
    """Limits and logs second-factor codes: per account here, per address by allauth.

    allauth counts wrong codes from one address with the password failures
    (``login_failed``); this adds each account's own limit (``mfa_code_failed``), logs every
    attempt, and marks the form ``locked_out`` so the view can say what to do.
    """

    user: Any
    locked_out = False

    def clean_code(self) -> str:
        request = context.request
        address = request.META.get("REMOTE_ADDR", "")
        usage = ratelimit.consume(
            request, app="allauth.account", action="mfa_code_failed", key=f"mfa:{self.user.pk}"
        )
        if not usage:
            return self._refuse(address)
        try:
            code = super().clean_code()  # type: ignore[misc]  # allauth ships no types, so its methods are untyped
        except ValidationError as error:
            if error.code == "too_many_login_attempts":
                return self._refuse(address)
            security_log.warning(
                "Wrong second-factor code for user %s from %s", self.user.pk, address
            )
            raise
        usage.rollback()
        security_log.info("Second-factor code accepted for user %s from %s", self.user.pk, address)
        return code

    def _refuse(self, address: str) -> str:
        self.locked_out = True
        security_log.warning(
            "Second-factor code refused for user %s from %s: too many wrong codes",
            self.user.pk,
            address,
        )
        raise ValidationError(
            "Too many wrong codes. Wait 5 minutes, then try again.", code="locked_out"
        )


class MfaAuthenticateForm(MfaCodeLimitMixin, mfa_forms.AuthenticateForm):
    pass


class MfaReauthenticateForm(MfaCodeLimitMixin, mfa_forms.ReauthenticateForm):
    pass
