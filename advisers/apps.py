from __future__ import annotations

from django.apps import AppConfig


class AdvisersConfig(AppConfig):
    name = "advisers"
    verbose_name = "Advisers and engagements"

    def ready(self) -> None:
        from accounts.signals import person_changed, user_onboarded
        from advisers import receivers

        user_onboarded.connect(
            receivers.create_adviser_profile, dispatch_uid="advisers.create_adviser_profile"
        )
        person_changed.connect(
            receivers.follow_person_change, dispatch_uid="advisers.follow_person_change"
        )
