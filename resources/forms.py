"""The form programme managers use to add and change resources."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from improvement_portal.forms import DateField, GovukForm, SubmittedOnceFormMixin
from resources import files
from resources.models import Audience, Kind, Resource, Status

MAX_TOPICS = 10
MAX_TOPIC_LENGTH = 60
UPLOAD_HINT = "A PDF, Word (DOCX) or Excel (XLSX) file, smaller than 20 MB."


class ResourceForm(GovukForm):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    kind = forms.ChoiceField(
        label="Kind of resource",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of resource"},
    )
    audiences = forms.MultipleChoiceField(
        label="Who is it for?",
        help_text="Select all that apply.",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who the resource is for"},
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Two or three sentences on what the resource covers and who will find it useful.",
        error_messages={"required": "Enter a summary"},
    )
    topics = forms.CharField(
        required=False,
        help_text="Separate topics with commas, for example: Safeguarding, Ofsted, Education.",
    )
    upload = forms.FileField(
        label="Upload a file",
        required=False,
        help_text=UPLOAD_HINT,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx"}),
        error_messages={
            "empty": files.EMPTY,
            "invalid": "The selected file could not be uploaded – try again",
            "missing": "The selected file could not be uploaded – try again",
        },
    )
    external_url = forms.CharField(
        label="Or link to the resource on another website",
        required=False,
        max_length=500,
        help_text="For example, https://www.local.gov.uk/publications/…",
        validators=[
            URLValidator(
                schemes=["https", "http"],
                message="Enter a link in the correct format, like https://www.local.gov.uk/",
            )
        ],
    )
    published_on = DateField(
        label="Publication date",
        required=False,
        help_text="Leave blank to use the day it is published.",
    )
    status = forms.ChoiceField(
        label="Who can see it?",
        choices=[
            (Status.DRAFT, "Draft – only programme managers can see it"),
            (Status.PUBLISHED, "Published – everyone who uses the portal can see it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the resource is a draft or published"},
    )

    def __init__(self, *args: Any, resource: Resource | None = None, **kwargs: Any) -> None:
        self.resource = resource
        if resource is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(resource)
        super().__init__(*args, **kwargs)
        if resource is not None and resource.has_file:
            self.fields["upload"].label = "Replace the file"
            self.fields["upload"].help_text = f"{UPLOAD_HINT} Leave blank to keep the current file."

    def clean_topics(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["topics"].split(",")]
        names = [name for name in names if name]
        if len(names) > MAX_TOPICS:
            raise ValidationError(f"Enter {MAX_TOPICS} topics or fewer")
        if any(len(name) > MAX_TOPIC_LENGTH for name in names):
            raise ValidationError(f"Each topic must be {MAX_TOPIC_LENGTH} characters or fewer")
        return names

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload:
            self.cleaned_data["file_format"] = files.detect_format(upload, upload.size)
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        upload, link = cleaned.get("upload"), cleaned.get("external_url")
        if "upload" in self.errors or "external_url" in self.errors:
            return cleaned
        if upload and link:
            self.add_error("external_url", "Upload a file or enter a link, not both")
        elif not upload and not link and not (self.resource and self.resource.has_file):
            self.add_error("upload", "Upload a file or enter a link to the resource")
        cleaned.setdefault("file_format", "")
        return cleaned


def initial_for(resource: Resource) -> dict[str, Any]:
    return {
        "title": resource.title,
        "kind": resource.kind,
        "audiences": [link.audience for link in resource.audiences.all()],
        "summary": resource.summary,
        "topics": ", ".join(topic.name for topic in resource.topics.all()),
        "external_url": resource.external_url,
        "published_on": resource.published_on,
        "status": resource.status,
    }


class NewResourceForm(SubmittedOnceFormMixin, ResourceForm):
    """Adding a resource: the same questions, stored once however often the button is pressed."""
