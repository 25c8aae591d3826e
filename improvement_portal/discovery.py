"""The portal's own apps' modules of one name, found through the app registry.

Dashboards (``<app>/dashboard.py``), council page sections (``<app>/council_sections.py``) and
personal data (``<app>/personal_data.py``) are contributed by each app; nothing keeps a list of
app names. An app without the module contributes nothing.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import autodiscover_modules


def app_modules(name: str) -> list[tuple[str, ModuleType]]:
    """Each of the portal's apps' ``<app>.<name>`` module with the app's label, in
    INSTALLED_APPS order; third-party apps are left out."""
    return list(_app_modules(name))


@functools.cache
def _app_modules(name: str) -> tuple[tuple[str, ModuleType], ...]:
    """Found once per process: the installed apps do not change while it runs."""
    # Imports every installed app's module of that name, re-raising errors from inside one.
    autodiscover_modules(name)
    found = []
    for config in apps.get_app_configs():
        module = sys.modules.get(f"{config.name}.{name}")
        if module is not None and _is_portal_app(config.path):
            found.append((config.label, module))
    return tuple(found)


def _is_portal_app(path: str) -> bool:
    """The portal's apps are the top-level packages of the project (not installed packages)."""
    return Path(path).resolve().parent == Path(settings.BASE_DIR).resolve()
