"""Database sessions, read with one hand-written statement instead of a built ORM query.

Every signed-in page reads its session first; building that query through the ORM cost more
than running it. The table, the writes and the expiry rules are Django's own.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone

_READ = (
    'SELECT "session_data", "expire_date" FROM "django_session" '
    'WHERE "session_key" = %s AND "expire_date" > %s'
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        key = self.session_key
        if key is None:
            return None
        with connections[router.db_for_read(self.model)].cursor() as cursor:
            cursor.execute(_READ, [key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return self.model(session_key=key, session_data=row[0], expire_date=row[1])
