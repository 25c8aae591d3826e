"""Who may read councils and import or export Ofsted outcomes.

Every role may read every council, current or former, and its Ofsted history: they are public
data. Only programme managers import Ofsted files and export the inspections.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from accounts.permissions import can_use_area
from councils.models import Council, OfstedUpload


def can_read_councils(user: Any) -> bool:
    return can_use_area(user, "councils")


def can_import_ofsted(user: Any) -> bool:
    return can_use_area(user, "ofsted_import")


def can_export_inspections(user: Any) -> bool:
    return can_use_area(user, "ofsted_import")


def get_council_for_user(user: Any, gss_code: str) -> Council:
    """The council with this code (current or earlier), or 404."""
    council = Council.objects.select_related("region").filter(gss_code=gss_code.upper()).first()
    if council is None:
        council = Council.objects.filter(previous_codes__contains=[gss_code.upper()]).first()
    if council is None or not can_read_councils(user):
        raise Http404("No such council")
    return council


def get_ofsted_upload_for_user(user: Any, pk: int) -> OfstedUpload:
    """An uploaded Ofsted file, for those who may import them; 404 for anyone else."""
    upload = OfstedUpload.objects.select_related("uploaded_by", "imported_by").filter(pk=pk).first()
    if upload is None or not can_import_ofsted(user):
        raise Http404("No such upload")
    return upload
