"""Makes sure the bench database holds at least N engagements, copying seeded ones (bench only)."""

from __future__ import annotations

import datetime
import json
import sys

import django

django.setup()

from advisers.models import Engagement


def main() -> None:
    target = int(sys.argv[1])
    existing = Engagement.objects.count()
    template = list(Engagement.objects.order_by("pk")[:5000])
    batch = []
    for number in range(max(0, target - existing)):
        source = template[number % len(template)]
        source.pk = None
        source.date = source.date - datetime.timedelta(days=1 + number // len(template))
        batch.append(
            Engagement(
                **{f.attname: getattr(source, f.attname) for f in Engagement._meta.concrete_fields}
            )
        )
        if len(batch) == 5000:
            Engagement.objects.bulk_create(batch)
            batch = []
    Engagement.objects.bulk_create(batch)
    print(json.dumps({"rows": Engagement.objects.count()}))


if __name__ == "__main__":
    main()
