"""The database cache's table, made by `migrate` itself.

django-axes and allauth keep login counts and limits in the default cache, a database cache
(settings.CACHES) so that they fail with the database and never with Redis. Without its table
every login answers 500, so the table must not depend on a separate `createcachetable`.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # Creates the table of every database cache in settings.CACHES; one that exists is kept.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
