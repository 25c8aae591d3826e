"""The political group offices the LGA sources mentors through, each with its office mailbox.

Contacts are kept up to date in the admin; this only seeds the five offices once.
"""

from django.db import migrations

OFFICES = [
    (
        "conservative",
        "LGA Conservative Group office",
        "Conservative Group office",
        "lgaconservatives@local.gov.uk",
    ),
    ("labour", "LGA Labour Group office", "Labour Group office", "lgalabour@local.gov.uk"),
    (
        "liberal_democrat",
        "LGA Liberal Democrat Group office",
        "Liberal Democrat Group office",
        "libdem@local.gov.uk",
    ),
    (
        "independent",
        "LGA Independent Group office",
        "Independent Group office",
        "independent.group@local.gov.uk",
    ),
    ("green", "LGA Green Group office", "Green Group office", "green.group@local.gov.uk"),
]


def seed(apps, schema_editor):
    GroupOffice = apps.get_model("mentoring", "GroupOffice")
    for group, name, contact_name, contact_email in OFFICES:
        GroupOffice.objects.get_or_create(
            political_group=group,
            defaults={"name": name, "contact_name": contact_name, "contact_email": contact_email},
        )


def unseed(apps, schema_editor):
    GroupOffice = apps.get_model("mentoring", "GroupOffice")
    GroupOffice.objects.filter(
        political_group__in=[group for group, *_ in OFFICES], referrals__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0003_group_offices_and_agreement")]

    operations = [migrations.RunPython(seed, unseed)]
