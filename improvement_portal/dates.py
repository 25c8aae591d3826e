"""GOV.UK's date input: day, month and year typed into three boxes, never the browser's picker.

``DateField`` reads the three parts and says which is wrong, in GOV.UK's words ("Date must
include a year", "Date must be a real date"), and its widget marks just those parts in error.
A single ISO value (``?date_from=2025-03-03`` in a link) is read too, so addresses keep working.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

PARTS = ("day", "month", "year")
EXAMPLE = "27 3 2025"


class DateInput(forms.MultiWidget):
    """Three text boxes named ``<name>_day``, ``<name>_month`` and ``<name>_year``."""

    template_name = "forms/widgets/govuk_date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        boxes: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in PARTS
        }
        super().__init__(boxes, attrs)
        self.error_parts: set[str] = set()

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[Any]:
        if name in data and not any(f"{name}_{part}" in data for part in PARTS):
            single = data.get(name) or ""
            parts = self.decompress(single)
            # Something that is not a date at all still has to be answered, not dropped.
            return parts if (parts[0] is not None or not single) else [single] * len(PARTS)
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        for sub, part in zip(context["widget"]["subwidgets"], PARTS, strict=True):
            width = 4 if part == "year" else 2
            css = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
            if part in self.error_parts:
                css += " govuk-input--error"
            sub["attrs"] = {**sub["attrs"], "id": f"{base_id}_{part}", "class": css}
            sub["label"] = part.capitalize()
        context["widget"]["base_id"] = base_id
        return context


def _joined(parts: list[str]) -> str:
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 2 else parts)


class DateField(forms.DateField):
    """A date typed as day, month and year; each problem named by the part that is wrong."""

    widget = DateInput
    example = EXAMPLE

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        if not isinstance(value, list | tuple):
            value = DateInput().decompress(value) if value else ["", "", ""]
        parts = dict(
            zip(PARTS, (str(v if v is not None else "").strip() for v in value), strict=False)
        )
        missing = [part for part in PARTS if not parts.get(part)]
        if len(missing) == len(PARTS):
            return None
        label = self.label or "Date"
        if missing:
            raise self._problem(f"{label} must include a {_joined(missing)}", missing)
        if not all(parts[part].isdigit() for part in PARTS):
            raise self._problem(f"{label} must be a real date", PARTS)
        if len(parts["year"]) != 4:
            raise self._problem("Year must include 4 numbers", ["year"])
        day, month, year = (int(parts[part]) for part in PARTS)
        if not 1 <= month <= 12:
            raise self._problem(f"{label} must be a real date", ["month"])
        try:
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):  # a day past the month's end, or past any integer
            raise self._problem(f"{label} must be a real date", ["day"]) from None

    def validate(self, value: Any) -> None:
        if value in self.empty_values and self.required:
            self.widget.error_parts = set(PARTS)
        super().validate(value)

    def _problem(self, message: str, parts: Any) -> ValidationError:
        self.widget.error_parts = set(parts)
        return ValidationError(message, code="invalid")

    def mark_all(self) -> None:
        """A rule about the whole date failed (too early, in the future): mark every part."""
        self.widget.error_parts = set(PARTS)
