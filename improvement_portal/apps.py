from django.apps import AppConfig
from django.db import connections
from django.db.backends.signals import connection_created


class ImprovementPortalConfig(AppConfig):
    name = "improvement_portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from improvement_portal import freshness

        connection_created.connect(freshness.watch, dispatch_uid="portal-freshness")
        for connection in connections.all(initialized_only=True):
            freshness.watch(connection)
