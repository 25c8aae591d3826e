from django.db import migrations


class Migration(migrations.Migration):
    """The data version fed a fragment cache that is gone: pages are always rendered afresh."""

    dependencies = [("improvement_portal", "0001_data_version")]

    operations = [migrations.DeleteModel(name="DataVersion")]
