"""GOV.UK Design System rendering for every Django form in the portal.

Forms inherit from ``GovukForm`` or ``GovukModelForm``: widgets get the GOV.UK classes, fields
that failed validation get the error modifier, and ``{{ form }}`` renders each field as a GOV.UK
form group (label, hint, error message, input) through ``jinja2/forms/`` (Jinja2, with Django's
own Jinja2 widget templates); a model select reads its choices in one query.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from django import forms
from django.db import models
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting

from improvement_portal.dates import PARTS, DateField, DateInput

__all__ = ["DateField", "DateInput", "GovukForm", "GovukFormMixin", "GovukModelForm"]

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


class ChoicesInOneQuery(ModelChoiceIterator):
    """A model select's choices, read with one query. Django reads them through a server-side
    cursor, to spare memory on result sets far longer than any select: on PostgreSQL that is four
    round trips (declare, fetch, fetch, close) and took a quarter of the engagement filter's time."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


_IN_ONE_QUERY: dict[type[ModelChoiceIterator], type[ModelChoiceIterator]] = {}


def _in_one_query(iterator: type[ModelChoiceIterator]) -> type[ModelChoiceIterator]:
    """The field's own iterator (django-filter's adds a "none" choice) over ChoicesInOneQuery,
    made once per kind of iterator."""
    if issubclass(iterator, ChoicesInOneQuery):
        return iterator
    if iterator is ModelChoiceIterator:
        return ChoicesInOneQuery
    if iterator not in _IN_ONE_QUERY:
        name = f"{iterator.__name__}InOneQuery"
        _IN_ONE_QUERY[iterator] = type(name, (iterator, ChoicesInOneQuery), {})
    return _IN_ONE_QUERY[iterator]


def read_choices_in_one_query(field: forms.Field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        field.iterator = _in_one_query(field.iterator)
        field.widget.choices = field.choices  # the widget kept an iterator of the old kind


class GovukFormMixin(forms.BaseForm):
    """Adds GOV.UK classes to widgets, and error modifiers once the form is validated."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            read_choices_in_one_query(field)
            if isinstance(field.widget, DateInput):
                continue  # its three boxes carry their own classes
            css = WIDGET_CLASSES.get(_widget_type(field.widget), "govuk-input")
            existing = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{css} {existing}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            if isinstance(widget, DateInput):
                # A rule about the whole date (not one part of it) marks every part.
                widget.error_parts = widget.error_parts or set(PARTS)
                continue
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


def govuk_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Model date fields become GOV.UK date inputs (day, month, year)."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateField)
        if not isinstance(kwargs.get("widget"), DateInput):
            kwargs["widget"] = DateInput()
    return db_field.formfield(**kwargs)


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Django reads ``formfield_callback`` from each form's own Meta: give every model
        # form's Meta the GOV.UK one (this runs before Django builds the form's fields).
        super().__init_subclass__(**kwargs)
        meta = cls.__dict__.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = govuk_formfield


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
