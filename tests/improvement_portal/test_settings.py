"""Settings come from the environment: a laptop demo with nothing set, production with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from councils.models import Council

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3^x!7q@v9#p2$w8&z5*r1(t6)y4-u0=i+o]e[a}s{d|f;g:h<j>l?b~n`m",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/improvement_portal",
}
ENV_NAMES = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _settings(env: dict[str, str], *names: str) -> dict:
    """Import the real settings module in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "improvement_portal.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_nothing_set_the_portal_uses_sqlite_and_runs_tasks_in_process():
    values = _settings({}, "DATABASES", "CELERY_TASK_ALWAYS_EAGER", "DEBUG", "EMAIL_BACKEND")

    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True
    assert values["DEBUG"] is True
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_database_and_redis_urls_switch_to_postgresql_and_a_real_worker():
    values = _settings(
        {
            "DATABASE_URL": "postgres://portal@db.example.org:5432/portal",
            "REDIS_URL": "redis://cache.example.org:6379/0",
        },
        "DATABASES",
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_URL",
    )

    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"]) == ("db.example.org", "portal")
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["CELERY_BROKER_URL"] == "redis://cache.example.org:6379/0"


@pytest.mark.django_db
def test_postgresql_plans_a_query_a_connection_runs_again_and_again_only_once():
    for code in ("E09000007", "E09000008", "E09000009", "E09000010", "E09000011", "E09000012"):
        list(Council.objects.filter(gss_code=code))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]

    assert any('FROM "councils_council"' in s and '"gss_code" = $1' in s for s in prepared)


def test_email_url_chooses_the_mail_server():
    values = _settings(
        {"EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587"},
        "EMAIL_HOST",
        "EMAIL_USE_TLS",
    )

    assert values == {"EMAIL_HOST": "smtp.example.org", "EMAIL_USE_TLS": True}


def test_production_without_a_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    with pytest.raises(subprocess.CalledProcessError) as error:
        _settings(env, "DEBUG")

    assert "SECRET_KEY" in error.value.stderr


def test_production_settings_secure_cookies_hsts_and_no_inline_script():
    values = _settings(
        PRODUCTION,
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "CONTENT_SECURITY_POLICY",
        "MFA_REQUIRED_FOR_STAFF_ROLES",
    )

    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["MFA_REQUIRED_FOR_STAFF_ROLES"] is True
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert "'unsafe-inline'" not in directives["script-src"] + directives["style-src"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**{k: v for k, v in os.environ.items() if k not in ENV_NAMES}, **PRODUCTION},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_static_files_collect_with_hashed_names(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env={**env, **PRODUCTION, "STATIC_ROOT": str(tmp_path)},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert "vendor/govuk/govuk-frontend.min.css" in manifest
    assert "js/portal.mjs" in manifest


def test_filemail_writes_to_the_absolute_folder_it_names(tmp_path):
    folder = tmp_path / "outgoing"
    code = (
        "import django; django.setup(); from django.core.mail import send_mail;"
        "send_mail('Subject', 'Body', 'from@example.org', ['to@example.org'])"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    subprocess.run(
        [sys.executable, "-c", code],
        env={
            **clean,
            "EMAIL_URL": f"filemail://{folder}",
            "DJANGO_SETTINGS_MODULE": "improvement_portal.settings",
        },
        cwd=ROOT,
        check=True,
    )

    written = list(folder.iterdir())
    assert len(written) == 1
    assert "Subject: Subject" in written[0].read_text()


def test_filemail_without_a_leading_slash_is_a_folder_of_the_project():
    values = _settings({"EMAIL_URL": "filemail://var/mail-out"}, "EMAIL_FILE_PATH")

    assert values["EMAIL_FILE_PATH"] == str(ROOT / "var" / "mail-out")


def test_argon2id_hashes_passwords_and_pbkdf2_is_kept_for_old_hashes():
    values = _settings({}, "PASSWORD_HASHERS")

    assert values["PASSWORD_HASHERS"][:2] == [
        "accounts.hashers.PortalArgon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
