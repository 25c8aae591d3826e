"""GOV.UK Design System rendering for every Django form in the portal.

Forms inherit from ``GovukForm`` or ``GovukModelForm``: widgets get the GOV.UK classes, fields
that failed validation get the error modifier, and ``{{ form }}`` renders each field as a GOV.UK
form group (label, hint, error message, input) through ``templates/forms/``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES = {
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "textarea": "govuk-textarea",
    "checkboxinput": "govuk-checkboxes__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "radioselect": "govuk-radios__input",
    "clearablefileinput": "govuk-file-upload",
    "fileinput": "govuk-file-upload",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-select": "govuk-select--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


def _widget_type(widget: forms.Widget) -> str:
    return widget.__class__.__name__.lower().removesuffix("widget")


class GovukFormMixin(forms.BaseForm):
    """Adds GOV.UK classes to widgets, and error modifiers once the form is validated."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = WIDGET_CLASSES.get(_widget_type(field.widget), "govuk-input")
            existing = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{css} {existing}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            base = widget.attrs.get("class", "").split(" ")[0]
            if base in ERROR_CLASSES and ERROR_CLASSES[base] not in widget.attrs["class"]:
                widget.attrs["class"] += f" {ERROR_CLASSES[base]}"


class SubmittedOnceFormMixin(forms.BaseForm):
    """Issues a fresh submission key with a create form, as a hidden field sent back with it.

    The service that stores the row keeps the key (``SubmittedOnceModel``), so the same form
    sent twice (a double click, a resend on a slow connection) stores one row. A form shown
    again with its errors keeps the key it was sent with: nothing was stored under it yet.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if getattr(getattr(self, "instance", None), "pk", None) is not None:
            return  # changing a stored row: sending that twice is harmless
        # Optional: a client that sends no key gets no protection, but is not refused.
        self.fields[SUBMISSION_KEY] = forms.UUIDField(required=False, widget=forms.HiddenInput)
        if not self.is_bound:
            self.initial = {**self.initial, SUBMISSION_KEY: uuid.uuid4()}


SUBMISSION_KEY = "submission_key"


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"class": "govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d"
        )


class SubmissionForm(SubmittedOnceFormMixin, GovukForm):
    """Only the submission key: for a "check your answers" page, whose answers are in the session."""


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field of that name, which must offer choices (to set them after init)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field of that name, which must choose among rows (to narrow its queryset)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a model choice field")
    return field
