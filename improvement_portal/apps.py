from django.apps import AppConfig


class ImprovementPortalConfig(AppConfig):
    name = "improvement_portal"
    verbose_name = "Portal"
