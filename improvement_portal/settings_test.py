"""Test settings: the real PostgreSQL and Redis servers, fast hashing, in-memory email."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/improvement_portal")

from improvement_portal.settings import *  # noqa: E402,F403
from improvement_portal.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-media-"))
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# Each pytest-xdist worker ("gw0", "gw1", ...) has Redis databases of its own, so workers run
# in parallel never share a queue or empty each other's: "tasks" is the broker the portal is
# configured with (tasks run in-process unless a test says otherwise), "reports", "worker" and
# "notifications" the brokers of tests that run a real Celery worker. A run without xdist
# keeps REDIS_URL's database and 14, 13, 12; gw1 uses 11 to 8, and so on down.
_XDIST_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
_REDIS_SERVER = "redis://127.0.0.1:6379"
TEST_REDIS_URLS = {
    name: f"{_REDIS_SERVER}/{15 - 4 * _XDIST_WORKER - offset}"
    for offset, name in enumerate(("tasks", "reports", "worker", "notifications"))
}
if _XDIST_WORKER == 0 and os.environ.get("REDIS_URL"):
    TEST_REDIS_URLS["tasks"] = os.environ["REDIS_URL"]
REDIS_URL = TEST_REDIS_URLS["tasks"]
CELERY_BROKER_URL = REDIS_URL
MFA_REQUIRED_FOR_STAFF_ROLES = False
