"""Settings for the benchmark's own server: the portal's, plus the reference views."""

from improvement_portal.settings import *  # noqa: F403
from improvement_portal.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES = [
    {**engine, "DIRS": [*engine["DIRS"], BASE_DIR / "bench" / "templates"]}
    if engine["BACKEND"].endswith("DjangoTemplates")
    else engine
    for engine in TEMPLATES
]
