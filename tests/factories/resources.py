"""Resources, and real documents of each accepted kind made in memory."""

from __future__ import annotations

import datetime
import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from resources.models import Kind, Resource, ResourceAudience, Status, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda topic: topic.name.lower().replace(" ", "-"))


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published resource that links to another website (no file)."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Resource {n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    kind = Kind.GUIDE
    summary = "A short summary."
    status = Status.PUBLISHED
    published_on = datetime.date(2024, 1, 15)
    external_url = "https://www.local.gov.uk/"

    @factory.post_generation
    def audiences(obj: Resource, create: bool, extracted: list[str] | None, **kwargs: object):
        if create and extracted:
            ResourceAudience.objects.bulk_create(
                ResourceAudience(resource=obj, audience=audience) for audience in extracted
            )

    @factory.post_generation
    def topics(obj: Resource, create: bool, extracted: list[str] | None, **kwargs: object):
        if create and extracted:
            obj.topics.set(TopicFactory(name=name) for name in extracted)


def draft(**kwargs: object) -> Resource:
    return ResourceFactory(status=Status.DRAFT, published_on=None, **kwargs)


def pdf_bytes() -> bytes:
    """A real one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(main_type: str = "wordprocessingml.document.main+xml") -> bytes:
    """The smallest Word package Word itself opens: content types, relationships, a document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            f'ContentType="application/vnd.openxmlformats-officedocument.{main_type}"/>'
            "</Types>",
        )
        package.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats'
            '.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
        )
        package.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Corporate parenting</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    """A real workbook written by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Council", "Days"])
    workbook.active.append(["Camden", 1.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
