"""Write use cases for advisers, engagements and support requests."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.roles import Role
from advisers.models import Adviser

ROLE_KINDS = {
    Role.PRINCIPAL_ADVISER: Adviser.Kind.PRINCIPAL_ADVISER,
    Role.IMPROVEMENT_ADVISER: Adviser.Kind.IMPROVEMENT_ADVISER,
    Role.ASSOCIATE: Adviser.Kind.ASSOCIATE,
}


@transaction.atomic
def ensure_adviser_profile(*, user: Any) -> Adviser | None:
    """The user's adviser profile, made if missing (idempotent); None for non-adviser roles."""
    kind = ROLE_KINDS.get(user.role)
    if kind is None:
        return None
    adviser, created = Adviser.objects.get_or_create(
        user=user,
        defaults={
            "kind": kind,
            "region_id": user.region_id,
            "home_council_id": user.council_id if user.role == Role.ASSOCIATE else None,
        },
    )
    if not created and adviser.kind != kind and adviser.kind != Adviser.Kind.PRIME_ASSOCIATE:
        adviser.kind = kind
        adviser.save(update_fields=["kind", "updated_at"])
    return adviser
