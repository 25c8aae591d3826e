from __future__ import annotations

from django.apps import AppConfig


class AdvisersConfig(AppConfig):
    name = "advisers"
    verbose_name = "Advisers and engagements"

    def ready(self) -> None:
        from accounts.signals import user_onboarded
        from advisers import receivers

        user_onboarded.connect(
            receivers.create_adviser_profile, dispatch_uid="advisers.create_adviser_profile"
        )
