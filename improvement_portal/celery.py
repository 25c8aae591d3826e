"""The portal's Celery app. Periodic jobs are listed here, in code, so they are reviewed."""

from __future__ import annotations

import functools
import logging
import os
from typing import Any

from celery import Celery
from celery.contrib.django.task import DjangoTask
from celery.exceptions import CeleryError
from celery.schedules import crontab
from django.db import transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement_portal.settings")

logger = logging.getLogger(__name__)

# What publishing a task raises when Redis is down or unreachable: kombu wraps most failures,
# but a broken connection pool surfaces as a plain RuntimeError.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    KombuError,
    RedisError,
    CeleryError,
    OSError,
    RuntimeError,
)


class PortalTask(DjangoTask):
    """A task whose after-commit publishing survives a task service outage.

    The request that asked for the work has already committed it (a booking, an upload), so
    a Redis outage must not turn its page into an error: the task runs here, in this process,
    instead, and any failure of that run is logged, not raised. Work that must wait for a
    worker (evaluation reports) publishes itself and keeps its state in a row instead.
    """

    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:
        transaction.on_commit(functools.partial(self._publish_or_run_here, args, kwargs))

    def apply_async_on_commit(self, args: Any = None, kwargs: Any = None, **options: Any) -> None:
        transaction.on_commit(
            functools.partial(self._publish_or_run_here, args or (), kwargs or {}, **options)
        )

    def _publish_or_run_here(self, args: Any, kwargs: Any, **options: Any) -> None:
        if self.app.conf.task_always_eager:  # already in-process: its errors are the task's
            self.apply_async(args, kwargs, **options)
            return
        try:
            self.apply_async(args, kwargs, **options)
        except BROKER_ERRORS as error:
            logger.warning("Task service unreachable (%s): running %s here", error, self.name)
            result = self.apply(args, kwargs, throw=False)
            if result.failed():
                logger.error("%s failed while the task service was unreachable", self.name)


app = Celery("improvement_portal", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "send-course-reminders": {
        "task": "courses.tasks.send_due_reminders",
        "schedule": crontab(minute=15, hour=7),
    },
    # Sends what the after-commit task could not: Redis was down, a worker died, a retry is due.
    "send-due-notifications": {
        "task": "notifications.tasks.send_due_notifications",
        "schedule": crontab(minute="*"),
    },
    # Every half minute: a report whose worker died is picked up within a minute.
    "requeue-stale-reports": {
        "task": "reports.tasks.requeue_stale_reports",
        "schedule": 30.0,
    },
}
