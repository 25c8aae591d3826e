"""Forms of the councils area: uploading an Ofsted file, and choosing a date for the summary."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.files.uploadedfile import UploadedFile

from improvement_portal.forms import DateField, GovukForm, SubmittedOnceFormMixin

ACCEPTED_SUFFIXES = (".csv", ".ods", ".xlsx")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class OfstedUploadForm(SubmittedOnceFormMixin, GovukForm):
    file = forms.FileField(
        label="Ofsted outcome file",
        help_text=(
            "Ofsted's workbook of local authority inspection outcomes (.ods) as you download it, "
            "one of its tables saved as CSV, Ofsted's 2009 to 2023 history by council, or a "
            "file exported from this portal."
        ),
        error_messages={
            "required": "Choose an Ofsted outcome file to upload",
            "empty": "The file you chose is empty: choose the Ofsted outcome file again",
            "invalid": "Choose an Ofsted outcome file to upload",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError("The file must be a CSV, .ods or .xlsx file")
        if upload.size and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        return upload


class RegionSummaryForm(GovukForm):
    on = DateField(
        label="Judgements as at",
        help_text="Judgements published up to this date count.",
        error_messages={"invalid": "Enter the date as a real date, for example 31 March 2023"},
    )
