from __future__ import annotations

from typing import Any

from auditlog.registry import auditlog
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from accounts.roles import ADVISER_ROLES, Role
from improvement_portal.models import SubmittedOnceModel, TimeStampedModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("role", Role.PROGRAMME_MANAGER)
        return self.create_user(email, password, is_staff=True, is_superuser=True, **extra)


class User(AbstractBaseUser, PermissionsMixin, SubmittedOnceModel, TimeStampedModel):
    """A person who logs in. Email is the login; the role says what they may do."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.COUNCILLOR)
    region = models.ForeignKey(
        "councils.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Principal advisers read and manage the work of this region.",
    )
    council = models.ForeignKey(
        "councils.Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="The council a councillor sits on, or an associate works for.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_programme_manager(self) -> bool:
        return self.role == Role.PROGRAMME_MANAGER

    @property
    def is_principal_adviser(self) -> bool:
        return self.role == Role.PRINCIPAL_ADVISER

    @property
    def is_improvement_adviser(self) -> bool:
        return self.role == Role.IMPROVEMENT_ADVISER

    @property
    def is_associate(self) -> bool:
        return self.role == Role.ASSOCIATE

    @property
    def is_councillor(self) -> bool:
        return self.role == Role.COUNCILLOR

    @property
    def is_adviser(self) -> bool:
        return self.role in ADVISER_ROLES


# Who changed a person's role, region, council or access, and when (no names or addresses:
# the erasure of a person must leave nothing of theirs in the log but the row's label).
auditlog.register(
    User,
    include_fields=["role", "region", "council", "is_active"],
    mapping_fields={"is_active": "Can log in"},
)
