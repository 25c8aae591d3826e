from __future__ import annotations

from django import forms

from improvement_portal.forms import GovukForm
from notifications.kinds import SWITCHES


class SwitchesForm(GovukForm):
    switched_on = forms.MultipleChoiceField(
        label="Email me about",
        choices=list(SWITCHES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Invitations, requests to mentor, changed on-site dates and places offered "
        "from a waiting list are always emailed, because they need your answer.",
    )


class ReplyForm(GovukForm):
    """Yes or no to a request sent by email; a no needs its reason."""

    answer = forms.ChoiceField(widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why not",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="If you cannot, say why, so the programme team can find someone else.",
        error_messages={"max_length": "The reason must be 1,000 characters or fewer"},
    )

    def __init__(self, *args: object, question: str, yes: str, no: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["answer"]
        field.label = question
        field.choices = [("yes", yes), ("no", no)]  # type: ignore[attr-defined]  # django-stubs types fields as plain Fields, without choices
        field.error_messages["required"] = f"Select {yes.lower()} or {no.lower()}"

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("answer") == "no" and not str(cleaned.get("reason", "")).strip():
            self.add_error(
                "reason", "Enter why you cannot, so the programme team can find someone else"
            )
        return cleaned

    @property
    def accepted(self) -> bool:
        return self.cleaned_data["answer"] == "yes"
