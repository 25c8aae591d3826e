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
