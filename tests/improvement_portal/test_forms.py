"""GOV.UK classes on every kind of widget, and error modifiers once a form is validated."""

from __future__ import annotations

from django import forms

from improvement_portal.forms import GovukForm


class SampleForm(GovukForm):
    name = forms.CharField(error_messages={"required": "Enter a name"})
    notes = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    agreed = forms.BooleanField(required=False)
    colours = forms.MultipleChoiceField(
        choices=[("r", "Red"), ("g", "Green")], widget=forms.CheckboxSelectMultiple, required=False
    )
    size = forms.ChoiceField(choices=[("s", "Small")], widget=forms.RadioSelect, required=False)


def test_each_widget_gets_its_govuk_class():
    form = SampleForm()
    classes = {name: field.widget.attrs["class"] for name, field in form.fields.items()}

    assert classes == {
        "name": "govuk-input",
        "notes": "govuk-textarea",
        "kind": "govuk-select",
        "agreed": "govuk-checkboxes__input",
        "colours": "govuk-checkboxes__input",
        "size": "govuk-radios__input",
    }


def test_a_field_in_error_shows_its_message_by_the_field_and_the_error_style():
    form = SampleForm(data={"kind": "a"})

    html = str(form)

    assert not form.is_valid()
    assert "govuk-input--error" in form.fields["name"].widget.attrs["class"]
    assert "govuk-form-group--error" in html
    assert 'id="id_name-error"' in html
    assert "Enter a name" in html
    assert "govuk-select--error" not in form.fields["kind"].widget.attrs["class"]


def test_optional_fields_say_so_in_their_label():
    html = str(SampleForm())

    assert "Notes (optional)" in html
    assert "Name (optional)" not in html
