"""Massalia's one settings file: every value comes from an environment variable with a safe default.

A bad value stops start-up with a message that names the variable (see docs/configuration.md).
"""

import importlib.util
from pathlib import Path
from typing import Any

import dj_database_url

from massalia.core.config import env_bool, env_float, env_int, env_list, env_str, fail
from massalia.core.logging import FORMATS as LOG_FORMATS
from massalia.core.logging import LEVELS as LOG_LEVELS
from massalia.core.logging import logging_config
from massalia.core.moderation import HoldRule
from massalia.core.security.config import rate_overrides
from massalia.territory.commune import from_environment as commune_from_environment

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("MASSALIA_VAR_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("MASSALIA_REQUIRE_SECRET_KEY", False):
        fail("SECRET_KEY", "", "a long random string is required in production")
    # Embedded mode: a fixed development key; production sets SECRET_KEY.
    SECRET_KEY = "massalia-embedded-development-key-change-me-in-production-0123456789"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The commune served (MASSALIA_CITY_*): Marseille unless configured otherwise.
CITY = commune_from_environment()
CITY_NAME = CITY.name

INSTALLED_APPS = [
    "massalia.accounts.signin.AdminConfig",  # Django's admin behind our sign-in lockout
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "massalia.core",
    "massalia.territory",
    "massalia.accounts",
    "massalia.servicerequests",
    "massalia.open311",
    "massalia.pulse",
    "massalia.transparency",
    "massalia.inclusion",
    "massalia.eservices",
    "massalia.connected",
    "massalia.transit",
    "massalia.cameras",
    "massalia.citycard",
    "massalia.participation",
    "massalia.consultations",
    "massalia.news",
    "massalia.questions",
    "massalia.opendata",
    "massalia.backoffice",
    "massalia.portal",
    "massalia.demo",
]

MIDDLEWARE = [
    "massalia.core.logging.RequestIdMiddleware",
    "massalia.core.metrics.MetricsMiddleware",
    # HTML leaves compressed (the page budget counts transferred bytes); Django pads each
    # response with random bytes against BREACH-style guessing of the CSRF token.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "massalia.core.security.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "massalia.core.resilience.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "massalia.core.languages.FrenchOnlyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "massalia.core.not_allowed.MethodNotAllowedMiddleware",
]

ROOT_URLCONF = "massalia.urls"
WSGI_APPLICATION = "massalia.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "massalia.core.context_processors.site",
                "massalia.core.context_processors.navigation",
                "massalia.accounts.context_processors.mediation",
            ],
        },
    },
    {
        # Plain-text emails (massalia.core.notifications): nothing in them is HTML-escaped.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]


def _database() -> dict[str, Any]:
    default_sqlite = f"sqlite:///{VAR_DIR / 'massalia.sqlite3'}"
    url = env_str("DATABASE_URL", default_sqlite)
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
        )
    except Exception as exc:  # dj-database-url raises several kinds for a bad URL
        fail("DATABASE_URL", url, f"not a database URL ({exc})")
    engine = str(config.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        name = str(config.get("NAME") or "")
        if name and name != ":memory:":
            Path(name).parent.mkdir(parents=True, exist_ok=True)
    elif "postgresql" not in engine:
        fail("DATABASE_URL", url, "only sqlite:// and postgres:// URLs are supported")
    else:
        # A connection kept across requests is checked first: after a database restart the
        # next request reconnects instead of failing.
        config["CONN_HEALTH_CHECKS"] = True
    config["TEST"] = {"NAME": env_str("DATABASE_TEST_NAME", "") or None}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "servicerequests:my_requests"
LOGOUT_REDIRECT_URL = "portal:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "fr"
# Each in its own name, as the switcher shows it (massalia.core.languages).
LANGUAGES = [("fr", "Français"), ("en", "English"), ("ar", "العربية")]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
# Areas written only in French: the agents' pages, the administration, the officials' pulse,
# and the domains' own agents' pages (school follow-up, crèche commissions, the town halls'
# counters, the answers to proposals).
FRENCH_ONLY_PATHS = [
    "/agents/",
    "/admin/",
    "/barometre/",
    "/demarches/inscription-scolaire/suivi/",
    "/demarches/creche/commission/",
    "/demarches/rendez-vous/accueil/",
    "/participer/suivi/",
]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even if empty
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"


def _storages() -> dict[str, Any]:
    # collectstatic also writes gzip copies, which WhiteNoise serves (Leaflet: 146 → 42 KB).
    static = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
    kind = env_str("MEDIA_STORAGE", "local")
    if kind == "local":
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": static,
        }
    if kind != "s3":
        fail("MEDIA_STORAGE", kind, "supported values: local, s3")
    bucket = env_str("S3_BUCKET", "")
    if not bucket:
        fail("S3_BUCKET", bucket, "a bucket name is required when MEDIA_STORAGE=s3")
    style = env_str("S3_ADDRESSING_STYLE", "")
    if style not in {"", "auto", "path", "virtual"}:
        fail("S3_ADDRESSING_STYLE", style, "supported values: auto, path, virtual")
    options = {
        "bucket_name": bucket,
        "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
        "region_name": env_str("S3_REGION", "") or None,
        "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
        "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
        "addressing_style": style or None,
        "location": env_str("S3_PREFIX", ""),
        "signature_version": "s3v4",
        # Objects stay private: uploads are served through views that check permissions.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env_int("S3_URL_EXPIRE", 3600),
        "file_overwrite": False,
    }
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": static,
    }


def _caches() -> dict[str, Any]:
    url = env_str("CACHE_URL", "locmem://")
    if url.startswith(("redis://", "rediss://")):
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        return {"default": {**backend, "KEY_PREFIX": "massalia"}}
    if url == "locmem://":
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    fail("CACHE_URL", url, "expected locmem:// or a redis://HOST:PORT/DB URL")


STORAGES = _storages()
# Rate limits and idempotency keys live in the cache: several web processes need Redis.
CACHES = _caches()

# Uploads: the one pipeline in massalia.core.uploads reads these.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 8 * 1024 * 1024)
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 40_000_000)
UPLOAD_MAX_SIDE = env_int("UPLOAD_MAX_SIDE", 2048)
UPLOAD_MAX_PDF_BYTES = env_int("UPLOAD_MAX_PDF_BYTES", 10 * 1024 * 1024)
UPLOAD_MAX_PDF_PAGES = env_int("UPLOAD_MAX_PDF_PAGES", 300)
for _name in ("UPLOAD_MAX_BYTES", "UPLOAD_MAX_PDF_BYTES", "UPLOAD_MAX_PDF_PAGES"):
    if globals()[_name] < 1:
        fail(_name, str(globals()[_name]), "expected at least 1")
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    fail("EMAIL_USE_SSL", "true", "EMAIL_USE_TLS (STARTTLS) and SSL exclude each other")
# A stuck SMTP server must not hold a worker (or an inline request) forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Massalia <ne-pas-repondre@massalia.localhost>")
# Whom residents write to about the site (accessibility, moderation) and about their personal
# data (the data protection officer); shown on the site's information pages.
SITE_CONTACT_EMAIL = env_str("SITE_CONTACT_EMAIL", "contact@massalia.localhost")
PRIVACY_CONTACT_EMAIL = env_str("PRIVACY_CONTACT_EMAIL", "dpo@massalia.localhost")

# Background work: "inline" runs tasks in-process after commit (embedded mode); "celery" sends
# them to Celery workers (massalia/celery.py, docs/deploy.md).
TASKS_BACKEND = env_str("TASKS_BACKEND", "inline")
# The module that provides (registers) each backend of massalia.core.tasks.
TASKS_BACKEND_MODULES = {"inline": "massalia.core.tasks", "celery": "massalia.celery"}
if TASKS_BACKEND not in TASKS_BACKEND_MODULES:
    fail("TASKS_BACKEND", TASKS_BACKEND, "supported values: inline, celery")
EVENTS_MAX_ATTEMPTS = env_int("EVENTS_MAX_ATTEMPTS", 8)
# Notifications (massalia.core.notifications): digests go out from this local hour on; a
# message or digest that cannot be sent is tried again this many times, with backoff.
NOTIFICATIONS_DIGEST_HOUR = env_int("NOTIFICATIONS_DIGEST_HOUR", 7)
if not 0 <= NOTIFICATIONS_DIGEST_HOUR <= 23:
    fail("NOTIFICATIONS_DIGEST_HOUR", str(NOTIFICATIONS_DIGEST_HOUR), "expected 0 to 23")
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 8)
if NOTIFICATIONS_MAX_ATTEMPTS < 1:
    fail("NOTIFICATIONS_MAX_ATTEMPTS", str(NOTIFICATIONS_MAX_ATTEMPTS), "expected at least 1")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
if not CELERY_BROKER_URL.startswith(("redis://", "rediss://", "amqp://", "amqps://")):
    fail("CELERY_BROKER_URL", CELERY_BROKER_URL, "expected a redis:// or amqp:// URL")
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "massalia")
# A message is acknowledged only once its task has run: a killed worker loses nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # outcomes are rows (event deliveries), not Celery results
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers log through LOGGING below (LOG_FORMAT)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# A web request must not hang on a dead broker: deliveries are rows, the sweeper catches up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 3}
EVENTS_SWEEP_SECONDS = env_int("EVENTS_SWEEP_SECONDS", 30)
if EVENTS_SWEEP_SECONDS < 1:
    fail("EVENTS_SWEEP_SECONDS", str(EVENTS_SWEEP_SECONDS), "expected at least 1 second")

# The pulse (docs/configuration.md): retention of messages, pseudonyms, schedules, alerts.
PULSE_RETENTION_DAYS = env_int("PULSE_RETENTION_DAYS", 90)
PULSE_PSEUDONYM_KEY = env_str("PULSE_PSEUDONYM_KEY", "") or f"pulse:{SECRET_KEY}"
PULSE_POLL_MINUTES = env_int("PULSE_POLL_MINUTES", 15)
PULSE_RETRAIN_DAYS = env_int("PULSE_RETRAIN_DAYS", 7)
PULSE_FETCH_TIMEOUT = env_int("PULSE_FETCH_TIMEOUT", 20)
PULSE_FETCH_MAX_BYTES = env_int("PULSE_FETCH_MAX_BYTES", 5 * 1024 * 1024)
# A day is a spike when seeing that many messages under the baseline has at most this chance.
PULSE_SPIKE_PROBABILITY = env_float("PULSE_SPIKE_PROBABILITY", 0.0001)
PULSE_SPIKE_MIN_MESSAGES = env_int("PULSE_SPIKE_MIN_MESSAGES", 8)
# Days without a new rise that end an alert's episode (a new rise after them is a new alert).
PULSE_ALERT_QUIET_DAYS = env_int("PULSE_ALERT_QUIET_DAYS", 2)
for _name in (
    "PULSE_RETENTION_DAYS",
    "PULSE_POLL_MINUTES",
    "PULSE_RETRAIN_DAYS",
    "PULSE_ALERT_QUIET_DAYS",
):
    if globals()[_name] < 1:
        fail(_name, str(globals()[_name]), "expected at least 1")
if not 0 < PULSE_SPIKE_PROBABILITY < 1:
    fail("PULSE_SPIKE_PROBABILITY", str(PULSE_SPIKE_PROBABILITY), "expected between 0 and 1")


# The one schedule of periodic work (massalia.core.schedule): entry → (every N seconds, the
# registered task it runs). Celery beat reads it in production (massalia/celery.py); without
# beat, `massalia scheduler` runs it in-process, and so does `massalia demo`.
SCHEDULE: dict[str, tuple[float, str]] = {
    "sweep-due-event-deliveries": (float(EVENTS_SWEEP_SECONDS), "massalia.core.events.deliver_due"),
    "pulse-poll": (PULSE_POLL_MINUTES * 60.0, "massalia.pulse.tasks.poll_sources"),
    "pulse-enrich-pending": (600.0, "massalia.pulse.tasks.enrich_pending"),
    "pulse-detect": (3600.0, "massalia.pulse.tasks.detect_alerts"),
    "pulse-retrain": (PULSE_RETRAIN_DAYS * 86400.0, "massalia.pulse.tasks.retrain_topics"),
    "purge-personal-data": (86400.0, "massalia.accounts.tasks.purge_personal_data"),
    "notifications": (900.0, "massalia.core.notifications.tasks.deliver"),
    "appointment-slots": (86400.0, "massalia.eservices.appointments.open_all_slots"),
    "appointment-reminders": (3600.0, "massalia.eservices.appointments.send_reminders"),
    "connected-review": (600.0, "massalia.connected.tasks.review_meters"),
    "connected-partitions": (86400.0, "massalia.connected.tasks.prepare_partitions"),
    "connected-retention": (86400.0, "massalia.connected.tasks.expire_readings"),
    "payments-expire": (600.0, "massalia.core.payments.services.expire_stale"),
    "citycard-reduce-taps": (3600.0, "massalia.citycard.tasks.reduce_taps"),
}
# An in-process scheduler holds an entry's lock while it runs it, this long at most: a scheduler
# that died mid-run frees its entries after this delay.
SCHEDULER_LOCK_SECONDS = env_int("SCHEDULER_LOCK_SECONDS", 3600)
if SCHEDULER_LOCK_SECONDS < 60:
    fail("SCHEDULER_LOCK_SECONDS", str(SCHEDULER_LOCK_SECONDS), "expected at least 60 seconds")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# "HTTP_X_FORWARDED_PROTO,https" behind a proxy that sets it (and strips it from clients).
_proxy_ssl = env_str("SECURE_PROXY_SSL_HEADER", "")
if _proxy_ssl and (_proxy_ssl.count(",") != 1 or not _proxy_ssl.startswith("HTTP_")):
    fail(
        "SECURE_PROXY_SSL_HEADER",
        _proxy_ssl,
        "expected HEADER,value e.g. HTTP_X_FORWARDED_PROTO,https",
    )
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl.split(",", 1)) if _proxy_ssl else None
# Probes and Prometheus reach the web machines over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^metrics$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# massalia.core.security: rate limits and idempotency keys count in the default cache.
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
# RATELIMIT_<SCOPE>=count/period tunes one limit, e.g. RATELIMIT_OPEN311_POST=60/m.
RATELIMIT_RATES = rate_overrides()
# How many reverse proxies of ours append to X-Forwarded-For (0: use the socket's address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
IDEMPOTENCY_TTL = env_int("IDEMPOTENCY_TTL", 24 * 3600)
# Operations: /metrics wants this bearer token when set (else loopback only); /health turns 503
# when more event deliveries than this are pending.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
HEALTH_MAX_BACKLOG = env_int("HEALTH_MAX_BACKLOG", 5000)

# Personal data retention, in days (docs/privacy.md); `massalia purge` enforces them.
RETENTION_UNCONFIRMED_DAYS = env_int("RETENTION_UNCONFIRMED_DAYS", 7)
RETENTION_CONTACT_DAYS = env_int("RETENTION_CONTACT_DAYS", 365)
# How long after a case was marked resolved its requester may reopen it ("still a problem?").
REOPEN_DAYS = env_int("REOPEN_DAYS", 30)
# Which updates and photos of service requests wait for a moderator (core.moderation):
# "none", "all", "first" (an account's first contribution) or "first:N".
SERVICEREQUESTS_HOLD_CONTRIBUTIONS = env_str("SERVICEREQUESTS_HOLD_CONTRIBUTIONS", "none")
HoldRule.parse("SERVICEREQUESTS_HOLD_CONTRIBUTIONS", SERVICEREQUESTS_HOLD_CONTRIBUTIONS)

# Public procurement: the hosts `massalia decp import https://…` may download from, and the
# largest file it takes.
DECP_SOURCE_HOSTS = env_list(
    "DECP_SOURCE_HOSTS", ["www.data.gouv.fr", "static.data.gouv.fr", "data.economie.gouv.fr"]
)
DECP_MAX_DOWNLOAD_BYTES = env_int("DECP_MAX_DOWNLOAD_BYTES", 4 * 1024**3)
RETENTION_EVENTS_DAYS = env_int("RETENTION_EVENTS_DAYS", 30)
RETENTION_IMPORT_REJECTS_DAYS = env_int("RETENTION_IMPORT_REJECTS_DAYS", 180)
RETENTION_NOTIFICATIONS_DAYS = env_int("RETENTION_NOTIFICATIONS_DAYS", 90)
RETENTION_ENROLMENTS_DAYS = env_int("RETENTION_ENROLMENTS_DAYS", 3 * 365)
RETENTION_APPOINTMENTS_DAYS = env_int("RETENTION_APPOINTMENTS_DAYS", 90)
RETENTION_CRECHE_APPLICATIONS_DAYS = env_int("RETENTION_CRECHE_APPLICATIONS_DAYS", 2 * 365)
RETENTION_CRECHE_INVOICES_DAYS = env_int("RETENTION_CRECHE_INVOICES_DAYS", 10 * 365)
# Questions to elected officials refused by the moderators (never public), kept this long.
QUESTIONS_REFUSED_RETENTION_DAYS = env_int("QUESTIONS_REFUSED_RETENTION_DAYS", 365)
RETENTION_SIGN_IN_CODES_DAYS = env_int("RETENTION_SIGN_IN_CODES_DAYS", 1)
# The newsletter (docs/news.md): each issue's record per address, and an address switched off.
RETENTION_NEWSLETTER_DELIVERIES_DAYS = env_int("RETENTION_NEWSLETTER_DELIVERIES_DAYS", 365)
RETENTION_NEWSLETTER_STOPPED_DAYS = env_int("RETENTION_NEWSLETTER_STOPPED_DAYS", 30)
for _name in (
    "RETENTION_UNCONFIRMED_DAYS",
    "RETENTION_CONTACT_DAYS",
    "RETENTION_EVENTS_DAYS",
    "RETENTION_IMPORT_REJECTS_DAYS",
    "RETENTION_NOTIFICATIONS_DAYS",
    "RETENTION_ENROLMENTS_DAYS",
    "RETENTION_APPOINTMENTS_DAYS",
    "RETENTION_CRECHE_APPLICATIONS_DAYS",
    "RETENTION_CRECHE_INVOICES_DAYS",
    "RETENTION_NEWSLETTER_DELIVERIES_DAYS",
    "RETENTION_NEWSLETTER_STOPPED_DAYS",
    "QUESTIONS_REFUSED_RETENTION_DAYS",
    "RETENTION_SIGN_IN_CODES_DAYS",
):
    if globals()[_name] < 1:
        fail(_name, str(globals()[_name]), "expected at least 1 day")

# Leaflet's files come from the django-leaflet package (its static folder only; no CDN).
_leaflet = importlib.util.find_spec("leaflet")
STATICFILES_DIRS = (
    [Path(location) / "static" for location in (_leaflet.submodule_search_locations or [])]
    if _leaflet
    else []
)
MAP_CENTER = CITY.center
MAP_TILES_URL = env_str("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env_str("MAP_ATTRIBUTION", "© contributeurs OpenStreetMap")

LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in LOG_FORMATS:
    fail("LOG_FORMAT", LOG_FORMAT, "supported values: " + ", ".join(LOG_FORMATS))
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in LOG_LEVELS:
    fail("LOG_LEVEL", LOG_LEVEL, "supported values: " + ", ".join(LOG_LEVELS))
LOGGING = logging_config(fmt=LOG_FORMAT, level=LOG_LEVEL)

# Static files are served by the application itself: no separate web server in embedded mode.
# Once `collectstatic` has filled STATIC_ROOT (`massalia demo` runs it, so do deployments), its
# compressed copies are served; before that, and in DEBUG, the files come from the apps' folders.
WHITENOISE_USE_FINDERS = DEBUG or not (STATIC_ROOT / "massalia" / "massalia.css").exists()
WHITENOISE_AUTOREFRESH = DEBUG

# Online payment (massalia.core.payments, docs/payments.md): the provider that takes payments
# ("test": the built-in test provider, no real money moves), the module and class of each
# provider, the key of the HMAC its notifications are signed with, and how long a payment
# started waits for its outcome before it expires.
PAYMENT_PROVIDERS = {"test": "massalia.core.payments.providers.TestProvider"}
PAYMENT_PROVIDER = env_str("PAYMENT_PROVIDER", "test")
if PAYMENT_PROVIDER not in PAYMENT_PROVIDERS:
    fail("PAYMENT_PROVIDER", PAYMENT_PROVIDER, "supported values: " + ", ".join(PAYMENT_PROVIDERS))
PAYMENT_SECRET = env_str("PAYMENT_SECRET", "") or f"payment:{SECRET_KEY}"
PAYMENT_EXPIRY_MINUTES = env_int("PAYMENT_EXPIRY_MINUTES", 60)
if PAYMENT_EXPIRY_MINUTES < 1:
    fail("PAYMENT_EXPIRY_MINUTES", str(PAYMENT_EXPIRY_MINUTES), "expected at least 1 minute")

# Connected city (docs/connected.md): raw readings kept this long (their daily aggregates stay),
# the largest batch one request may send, MQTT broker and topic for the subscriber.
CONNECTED_READINGS_RETENTION_DAYS = env_int("CONNECTED_READINGS_RETENTION_DAYS", 400)
if CONNECTED_READINGS_RETENTION_DAYS < 2:
    fail(
        "CONNECTED_READINGS_RETENTION_DAYS",
        str(CONNECTED_READINGS_RETENTION_DAYS),
        "expected at least 2 days",
    )
CONNECTED_BATCH_MAX_READINGS = env_int("CONNECTED_BATCH_MAX_READINGS", 10_000)
CONNECTED_BATCH_MAX_BYTES = env_int("CONNECTED_BATCH_MAX_BYTES", 2 * 1024 * 1024)
if CONNECTED_BATCH_MAX_READINGS < 1 or CONNECTED_BATCH_MAX_BYTES < 1024:
    fail("CONNECTED_BATCH_MAX_READINGS", str(CONNECTED_BATCH_MAX_READINGS), "expected >= 1")
CONNECTED_MQTT_URL = env_str("CONNECTED_MQTT_URL", "mqtt://127.0.0.1:1883")
CONNECTED_MQTT_TOPIC = env_str("CONNECTED_MQTT_TOPIC", "massalia/devices/+/readings")
# Litres per day of a comparable household, the loi Warsmann's reference without history
# (0: none, no abnormal-consumption suspicion without a meter's own history).
CONNECTED_WATER_LOCAL_LITRES_PER_DAY = env_float("CONNECTED_WATER_LOCAL_LITRES_PER_DAY", 0.0)

# Transit (bus shelters): a GTFS-Realtime TripUpdates feed for delays (empty: timetable only),
# how long one fetch is reused, and the request type a "report a problem at this stop" opens.
TRANSIT_REALTIME_URL = env_str("TRANSIT_REALTIME_URL", "")
TRANSIT_REALTIME_CACHE_SECONDS = env_int("TRANSIT_REALTIME_CACHE_SECONDS", 30)
TRANSIT_REPORT_TYPE = env_str("TRANSIT_REPORT_TYPE", "mobilier-urbain")

# City card (docs/citycard.md): the HMAC key of card numbers (never stored in clear), and how
# long a tap names its card before it becomes anonymous counts.
CITYCARD_NUMBER_KEY = env_str("CITYCARD_NUMBER_KEY", "") or f"citycard:{SECRET_KEY}"
CITYCARD_TAP_RETENTION_HOURS = env_int("CITYCARD_TAP_RETENTION_HOURS", 48)
if CITYCARD_TAP_RETENTION_HOURS < 1:
    fail("CITYCARD_TAP_RETENTION_HOURS", str(CITYCARD_TAP_RETENTION_HOURS), "expected >= 1 hour")
