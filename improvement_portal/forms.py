"""GOV.UK Design System rendering for every Django form in the portal.

Forms inherit from ``GovukForm`` or ``GovukModelForm``: widgets get the GOV.UK classes, fields
that failed validation get the error modifier, and ``{{ form }}`` renders each field as a GOV.UK
form group (label, hint, error message, input) through ``templates/forms/``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

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


SELECT_TEMPLATE = "django/forms/widgets/select.html"


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        # A select of every council is 160 options: through the template engine that is
        # several milliseconds a page, in Python a fraction of one. Same HTML as the template.
        if template_name == SELECT_TEMPLATE:
            return _render_select(context["widget"])
        return super().render(template_name, context, request)


def _html_attrs(attrs: dict[str, Any]) -> str:
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _render_select(widget: dict[str, Any]) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_html_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(localize(group_name))}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{escape(option["value"])}"'
                f"{_html_attrs(option['attrs'])}>{conditional_escape(localize(option['label']))}"
                "</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _widget_type(widget: forms.Widget) -> str:
    return widget.__class__.__name__.lower().removesuffix("widget")


class GovukFormMixin:
    """Adds GOV.UK classes to widgets, and error modifiers once the form is validated."""

    fields: dict[str, forms.Field]
    errors: Any

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
