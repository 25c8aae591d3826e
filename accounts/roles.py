"""The portal's roles. A user has exactly one."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PROGRAMME_MANAGER = "programme_manager", "Programme manager"
    PRINCIPAL_ADVISER = "principal_adviser", "Principal adviser"
    IMPROVEMENT_ADVISER = "improvement_adviser", "Children's improvement adviser"
    ASSOCIATE = "associate", "Associate"
    COUNCILLOR = "councillor", "Councillor"


ADVISER_ROLES = frozenset({Role.PRINCIPAL_ADVISER, Role.IMPROVEMENT_ADVISER, Role.ASSOCIATE})
# Roles that must use two-factor authentication in production.
STAFF_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.PRINCIPAL_ADVISER, Role.IMPROVEMENT_ADVISER})
