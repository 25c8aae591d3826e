"""The portal's Celery app. Periodic jobs are listed here, in code, so they are reviewed."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement_portal.settings")

app = Celery("improvement_portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "send-course-reminders": {
        "task": "courses.tasks.send_due_reminders",
        "schedule": crontab(minute=15, hour=7),
    },
    "requeue-stale-reports": {
        "task": "reports.tasks.requeue_stale_reports",
        "schedule": crontab(minute="*/5"),
    },
}
