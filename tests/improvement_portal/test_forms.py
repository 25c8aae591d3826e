"""GOV.UK classes on every kind of widget, and error modifiers once a form is validated."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advisers.filters import EngagementFilter
from advisers.models import Engagement
from councils.models import Council
from improvement_portal.forms import GovukForm
from tests.factories.councils import CouncilFactory


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


def _portal_forms() -> Iterator[type[forms.BaseForm]]:
    """Every form class of the portal's own apps (not Django's, allauth's or django-filter's)."""
    local = [
        app.name
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(settings.BASE_DIR)
    ]
    for name in local:
        for module in ("forms", "filters"):
            with contextlib.suppress(ModuleNotFoundError):
                import_module(f"{name}.{module}")

    def subclasses(cls: type) -> Iterator[type]:
        for subclass in cls.__subclasses__():
            yield subclass
            yield from subclasses(subclass)

    yield from (
        form for form in subclasses(forms.BaseForm) if form.__module__.split(".")[0] in local
    )


def _chooses_one_council(name: str, field: forms.Field) -> bool:
    if not isinstance(field, forms.ModelChoiceField) or isinstance(
        field, forms.ModelMultipleChoiceField
    ):
        return False
    model = getattr(field.queryset, "model", None)  # None until the view narrows it
    return model is not None and model.__name__ == "Council" or "council" in name


def test_every_form_choosing_a_council_offers_the_autocomplete():
    council_fields = {
        f"{form.__name__}.{name}": field.widget.attrs.get("data-autocomplete")
        for form in _portal_forms()
        for name, field in getattr(form, "base_fields", {}).items()
        if _chooses_one_council(name, field)
    }

    assert {
        "SupportRequestForm.council",
        "RequestCouncilForm.council",
        "MentorForm.council",
        "EngagementForm.council",
        "AvailabilitySearchForm.exclude_council",
    } <= set(council_fields)
    assert {name for name, value in council_fields.items() if value != "council"} == set()
    # The engagement list's filter chooses among every council too.
    assert EngagementFilter.base_filters["council"].field.widget.attrs["data-autocomplete"]


@pytest.mark.django_db(transaction=True)  # outside a transaction, as a page's request runs
def test_a_model_select_reads_its_choices_in_one_query():
    CouncilFactory.create_batch(3)

    class CouncilForm(GovukForm):
        council = forms.ModelChoiceField(queryset=Council.objects.order_by("name"))

    form = CouncilForm()
    with CaptureQueriesContext(connection) as queries:
        html = str(form["council"])

    assert len(queries) == 1  # not a server-side cursor's declare, fetch and close
    assert "DECLARE" not in queries[0]["sql"]
    assert html.count("<option") == Council.objects.count() + 1  # and the empty choice


@pytest.mark.django_db
def test_a_filters_none_choice_is_kept_when_its_choices_are_read_at_once():
    CouncilFactory(name="Camden")

    class CouncilFilter(django_filters.FilterSet):
        council = django_filters.ModelChoiceFilter(
            queryset=Council.objects.all(), null_label="No council"
        )

        class Meta:
            model = Engagement
            fields: list[str] = []
            form = GovukForm

    html = str(CouncilFilter({}).form["council"])

    assert [label for label in ("---------", "No council", "Camden") if label in html] == [
        "---------",
        "No council",
        "Camden",
    ]
    assert html.index("No council") < html.index("Camden")
