"""Demo users of every role, with a password generated on first run (local demo only)."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings

from accounts import services
from accounts.models import User
from accounts.roles import Role
from councils.models import Council, Region
from demo import DemoContext

# Demo users belong to the real councils and regions.
AFTER = ("councils",)


CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".demo-credentials"

DEMO_USERS = [
    ("programme.manager@example.org", Role.PROGRAMME_MANAGER, "Richard Cole", None, None),
    ("principal.adviser@example.org", Role.PRINCIPAL_ADVISER, "Priya Shah", "E12000007", None),
    ("improvement.adviser@example.org", Role.IMPROVEMENT_ADVISER, "Chris Evans", "E12000007", None),
    ("associate@example.org", Role.ASSOCIATE, "Alex Morgan", None, "E08000035"),
    ("councillor@example.org", Role.COUNCILLOR, "Cllr Jo Baker", None, "E09000007"),
]


def demo_password() -> str:
    """The demo users' password: made once, then read back so re-seeding keeps it."""
    if CREDENTIALS_FILE.exists():
        return CREDENTIALS_FILE.read_text().split("password: ", 1)[1].strip()
    password = secrets.token_urlsafe(12)
    CREDENTIALS_FILE.write_text(
        "Demo users (local demo only):\n"
        + "".join(f"  {email}\n" for email, *_ in DEMO_USERS)
        + f"password: {password}\n"
    )
    return password


def demo_logins() -> list[tuple[str, str]]:
    """(role, email) for each demo user still in the database."""
    present = set(
        User.objects.filter(email__in=[row[0] for row in DEMO_USERS], is_active=True).values_list(
            "email", flat=True
        )
    )
    return [(Role(role).label, email) for email, role, *_ in DEMO_USERS if email in present]


def seed(context: DemoContext) -> str:
    password = demo_password()
    for email, role, name, region_code, gss in DEMO_USERS:
        region = Region.objects.get(code=region_code) if region_code else None
        council = Council.objects.get(gss_code=gss) if gss else None
        user = services.onboard_user(
            email=email, role=role, full_name=name, region=region, council=council
        )
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        context.logins.append((Role(role).label, email))
    context.password = password
    if not User.objects.filter(is_superuser=True).exists():
        User.objects.filter(email="programme.manager@example.org").update(
            is_staff=True, is_superuser=True
        )
    return f"{len(DEMO_USERS)} demo users"
