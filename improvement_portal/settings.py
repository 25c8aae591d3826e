"""Settings for the improvement portal, read from the environment (see .env.example).

With nothing set the portal runs for a laptop demo: SQLite, console email, Celery
tasks run eagerly in-process. Production sets DEBUG=false and real values for the rest.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import django.forms
import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-local-demo-key-not-for-production")
else:
    SECRET_KEY = env("SECRET_KEY")  # no default: a missing key fails at startup
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The reverse proxy's addresses (or networks): only requests from these may say, in
# X-Forwarded-For and X-Forwarded-Proto, who the client is and whether it used HTTPS.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "auditlog",
    "improvement_portal",
    "accounts",
    "councils",
    "advisers",
    "peer_challenges",
    "courses",
    "mentoring",
    "resources",
    "reports",
    "notifications",
]

MIDDLEWARE = [
    "improvement_portal.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "improvement_portal.middleware.NoStoreForSignedInUsersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "improvement_portal.middleware.RefuseNulMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "improvement_portal.urls"
WSGI_APPLICATION = "improvement_portal.wsgi.application"

# What a page writes many times over renders through Jinja2, found first: form field groups and
# widgets (a select of every council is 159 options), and the rows of the longest tables
# ({% rows %}). Django's template language took most of those pages' time to write them (see
# README). The portal's own are in jinja2/, Django's widget templates in its Jinja2 set. Every
# page is a Django template.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2", Path(django.forms.__file__).parent / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "improvement_portal.jinja_env.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
            "builtins": ["improvement_portal.templatetags.portal"],
        },
    },
]
FORM_RENDERER = "improvement_portal.forms.GovukFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters travel apart from the SQL, so psycopg prepares a query the fifth time a
    # connection runs it and PostgreSQL plans it once: a page's queries are the same text
    # from one request to the next. Planning each afresh took PostgreSQL 4.2-4.9 ms of CPU
    # per request of the benchmark's mixed run; with plans kept, 2.5-3.1 (bench.replay).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=3, server_side_binding=True, prepare_threshold=5
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's server and worker share the file: readers never wait for the writer (WAL),
    # and a writer waits its turn rather than failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL;", transaction_mode="IMMEDIATE", timeout=20
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database cache keeps login rate limits shared between web processes and fails with
# the database, never with Redis: a Redis outage must not turn a login into an error.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id; a PBKDF2 hash from before is upgraded the next time its owner logs in.
PASSWORD_HASHERS = [
    "accounts.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# allauth: email is the login; accounts are made by programme managers, never by sign-up.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "add_email": "accounts.forms.AddEmailForm",
}
# Login addresses are managed by programme managers, as onboarding is: one per person.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[LGA Children's Services Improvement] "
# A new password does not log anyone in: the login form (and its second factor) does.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# A reset asked for an address with no account sends nothing to it.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Each account's password failures are counted by django-axes (below). allauth's limits add
# failures from one address across accounts (password spraying; wrong second-factor codes
# count too) and each account's wrong second-factor codes (accounts.forms.MfaAuthenticateForm).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,30/h/ip",
    "mfa_code_failed": "5/5m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "LGA Children's Services Improvement"
MFA_FORMS = {
    "authenticate": "accounts.forms.MfaAuthenticateForm",
    "reauthenticate": "accounts.forms.MfaReauthenticateForm",
}
# Programme managers and advisers must use two-factor authentication in production.
# The local demo relaxes it so a newcomer can log in with the printed password.
MFA_REQUIRED_FOR_STAFF_ROLES = env.bool("MFA_REQUIRED_FOR_STAFF_ROLES", default=not DEBUG)

# Lock-out after repeated failed logins, on the portal's login and the admin's alike.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=30)
# Locks the account for attempts from one address, so one office cannot lock everyone out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.get_username"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions die after 30 minutes idle and 12 hours in all (see accounts.middleware).
SESSION_COOKIE_AGE = 30 * 60
# The idle clock is renewed at most once a minute (accounts.middleware), not by a database
# write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_AFTER = 60
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["improvement_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    # django-environ drops the leading slash of filemail:///abs/path (and takes the first
    # part of filemail://relative/path for a host): the folder is everything after "//",
    # relative to the project when it does not start with "/".
    EMAIL_FILE_PATH = str(BASE_DIR / env.str("EMAIL_URL").split("://", 1)[1])
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="children.improvement@local.gov.uk")

# Celery: a real worker with Redis when REDIS_URL is set, eager in-process when nothing is.
# `make run` sets CELERY_BROKER_URL=filesystem:// instead: a worker beside the demo server
# takes tasks from files under BROKER_FOLDER, so reports are made in the background, as in
# production, with no Redis to install.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL.startswith("memory://")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
CELERY_TIMEZONE = TIME_ZONE
# Every Redis client gives up quickly: a Redis that is down, or that accepts connections and
# never answers (overloaded, half-failed), must cost a request well under a second, not ~15 s.
# Redis answers in a millisecond or two when it is well.
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=0.5)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.5)
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "max_retries": 1,
    "visibility_timeout": 60 * 60,
}
# No result backend is used (the report row is the state); should one be set, it times out too.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    BROKER_FOLDER = Path(env("BROKER_FOLDER", default=str(BASE_DIR / ".broker")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # The server writes and the worker reads the same folder of messages.
        "data_folder_in": str(BROKER_FOLDER / "messages"),
        "data_folder_out": str(BROKER_FOLDER / "messages"),
        "control_folder": str(BROKER_FOLDER / "control"),
    }
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}

# Security headers. No inline script anywhere; pages may not be framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The portal's own settings.
# The portal's own address, for links in emails and calendar invitations.
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000")
# Where the personal calendar feed gathers a person's events from (notifications.calendars).
CALENDAR_EVENT_SOURCES = [
    "courses.ics.events_for",
    "peer_challenges.calendar.events_for",
    "mentoring.calendar.events_for",
    "advisers.calendar.events_for",
]
COURSE_REMINDER_DAYS_BEFORE = env.int("COURSE_REMINDER_DAYS_BEFORE", default=7)
ENGAGEMENT_CONTACT_DAYS_DEFAULT = 60
