"""Pressroom settings. Every value that differs between machines comes from the environment,
read once here; `.env.example` documents each variable."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from pressroom.env import env_bool, env_float, env_int, env_list, env_prefixed, env_str

django_stubs_ext.monkeypatch()  # lets admin.ModelAdmin[Model] and friends be subscripted

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PRESSROOM_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set SECRET_KEY (a long random string) "
            "or DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "anymail",
    "import_export",
    "django_prose_editor",
    "releases",
    "contacts",
    "distribution",
    "coverage",
    "events",
    "privacy",
    "subscriptions",
    "audit",
    "axes",  # login throttling (below)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Admin pages in the language the user chose (audit.UserPreference), after LocaleMiddleware.
    "audit.preferences.AdminLanguageMiddleware",
    "audit.middleware.CurrentRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every page (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Login throttling; django-axes wants its middleware last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pressroom.urls"
WSGI_APPLICATION = "pressroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL names another database (PostgreSQL in production).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pressroom.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process, the worker and beat share one file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Time: stored in UTC, shown and typed in the issuer's zone.
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Hong_Kong")
# One way to write a date and a time, with its zone, wherever Django formats one for us.
FORMAT_MODULE_PATH = ["pressroom.formats"]

LANGUAGE_CODE = "en"
USE_I18N = True
LANGUAGES = [("en", "English"), ("zh-hant", "繁體中文")]
# Simplified Chinese is ready to switch on: PRESSROOM_LANGUAGES=en,zh-hant,zh-hans
_ALL_LANGUAGES = {"en": "English", "zh-hant": "繁體中文", "zh-hans": "简体中文"}
_chosen = env_list("PRESSROOM_LANGUAGES", ["en", "zh-hant"])
if not _chosen:
    raise ImproperlyConfigured("PRESSROOM_LANGUAGES is empty; name at least one, e.g. en,zh-hant.")
for _code in _chosen:
    if _code not in _ALL_LANGUAGES:
        raise ImproperlyConfigured(
            f"PRESSROOM_LANGUAGES names {_code!r}; choose from {', '.join(_ALL_LANGUAGES)}."
        )
LANGUAGES = [(code, _ALL_LANGUAGES[code]) for code in _chosen]
LANGUAGE_CODE = _chosen[0]  # the first language named is the default
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Release intake (releases/intake): the largest Word or PDF file an officer may upload.
INTAKE_MAX_UPLOAD_BYTES = env_int("INTAKE_MAX_UPLOAD_MB", 20) * 1024 * 1024

# Redis: the Celery broker. `make run` starts an embedded server and sets this.
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker that loses the broker connection cancels the tasks it is running instead of carrying
# on: with acks_late they were never acknowledged, so the broker hands them out again, and a
# batch claims only deliveries still queued (docs/deploy.md).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"

# Workflow: the author of a release cannot approve it themselves.
RELEASE_TWO_PERSON_RULE = env_bool("RELEASE_TWO_PERSON_RULE", default=True)

# Sending (distribution/services.py). The database schedules, Celery executes: beat runs the
# tick every SEND_TICK_SECONDS; it claims due sends and re-enqueues what is due again.
SEND_TICK_SECONDS = env_float("SEND_TICK_SECONDS", 1.0)
# Deliveries per batch task: each batch opens its connections afresh and proves them with one
# message first, so larger batches spread that over more messages (Postmark takes 500 a call).
SEND_BATCH_SIZE = env_int("SEND_BATCH_SIZE", 500)
SEND_RECORD_EVERY = env_int("SEND_RECORD_EVERY", 50)  # messages per bulk status write
SEND_LEASE_SECONDS = env_int("SEND_LEASE_SECONDS", 120)  # a claimed batch must finish by then
SEND_REQUEUE_AFTER_SECONDS = env_int("SEND_REQUEUE_AFTER_SECONDS", 60)  # enqueue again if unclaimed
# Deliveries are prepared this long before the moment (a send can still be cancelled until the
# moment itself), so even a 100,000-recipient send starts on time.
SEND_PREPARE_AHEAD_SECONDS = env_float("SEND_PREPARE_AHEAD_SECONDS", 30.0)
SEND_LATE_CUTOFF_SECONDS = env_int("SEND_LATE_CUTOFF_SECONDS", 900)  # later than this: missed
SEND_MAX_ATTEMPTS = env_int("SEND_MAX_ATTEMPTS", 5)
# A transient failure (421/451, a lost connection) is tried again after this, doubling each time.
SEND_RETRY_BACKOFF_SECONDS = env_float("SEND_RETRY_BACKOFF_SECONDS", 15.0)
SEND_RATE_PER_SECOND = env_float("SEND_RATE_PER_SECOND", 0.0)  # per ESP account; 0: no limit
# SMTP connections or ESP requests each worker keeps in flight at once (ESPs without a batch
# API); the rate limit above still holds across all of them. A relay 80 ms away takes two round
# trips a message (pipelined): 32 in flight per worker slot are about 200 messages a second each
# (`make bench-send ESP=smtp RTT_MS=80`). Lower it for a relay that limits connections.
SEND_CONCURRENCY = env_int("SEND_CONCURRENCY", 32)

# The sending-domain check (distribution/domain_check.py): DNS answers within DNS_TIMEOUT
# seconds; DNS_NAMESERVERS ("host:port", tests only) instead of the system's resolver;
# DKIM_SELECTORS the selectors your ESP signs with where it makes them per domain (Amazon SES,
# Postmark, Postal) or where yours differ from its usual ones.
DNS_TIMEOUT = env_float("DNS_TIMEOUT", 3.0)
DNS_NAMESERVERS = env_list("DNS_NAMESERVERS", [])
DKIM_SELECTORS = env_list("DKIM_SELECTORS", [])

# An erased person's address is kept only as a keyed hash (contacts.models.address_digest),
# keyed with ERASURE_KEY, else SECRET_KEY: set it before rotating SECRET_KEY.
ERASURE_KEY = env_str("ERASURE_KEY", "")

# Retention of personal data (distribution/retention.py), in days, 0 = for ever: the ESPs' raw
# event payloads, the network hashes and user agents of asset clicks, whole deliveries (a send's
# figures stay). Beat applies it every RETENTION_CHECK_SECONDS in bounded batches.
RETENTION_PAYLOAD_DAYS = env_int("RETENTION_PAYLOAD_DAYS", 90)
RETENTION_NETWORK_DAYS = env_int("RETENTION_NETWORK_DAYS", 365)
RETENTION_DELIVERY_DAYS = env_int("RETENTION_DELIVERY_DAYS", 3 * 365)
RETENTION_CHECK_SECONDS = env_float("RETENTION_CHECK_SECONDS", 3600.0)
RETENTION_BATCH = env_int("RETENTION_BATCH", 2000)
RETENTION_BATCHES = env_int("RETENTION_BATCHES", 50)
if (
    min(RETENTION_PAYLOAD_DAYS, RETENTION_NETWORK_DAYS, RETENTION_DELIVERY_DAYS) < 0
    or min(RETENTION_CHECK_SECONDS, RETENTION_BATCH, RETENTION_BATCHES) <= 0
):
    raise ImproperlyConfigured(
        "The RETENTION_*_DAYS settings must be 0 (for ever) or more; the others positive."
    )

# Whether each recipient's opens and clicks are kept (who opened, who downloaded what, the leak
# report). Off: a send's opens and clicks are only counted per hour (EngagementTally) and asset
# clicks name no one, its results show totals instead of people; bounces, complaints and
# unsubscribes are still recorded per recipient (they must be, to stop mailing them).
TRACK_RECIPIENTS = env_bool("TRACK_RECIPIENTS", True)

# Tracking (distribution/tracking.py): webhooks append events to a Redis stream; beat drains it
# into the database in bulk every TRACKING_DRAIN_SECONDS. That Redis must persist what it
# acknowledges (appendonly yes); it defaults to the broker's.
TRACKING_REDIS_URL = env_str("TRACKING_REDIS_URL", REDIS_URL)
TRACKING_STREAM = env_str("TRACKING_STREAM", "pressroom:tracking")
TRACKING_DRAIN_SECONDS = env_float("TRACKING_DRAIN_SECONDS", 1.0)
TRACKING_DRAIN_CHUNK = env_int("TRACKING_DRAIN_CHUNK", 1000)  # events per transaction
TRACKING_RECLAIM_SECONDS = env_float("TRACKING_RECLAIM_SECONDS", 60.0)  # a dead drainer's events
WEBHOOK_MAX_BYTES = env_int("WEBHOOK_MAX_BYTES", 1024 * 1024)  # larger posts are refused (413)
# The webhook service reads at most this many posts at once per process; more wait their turn
# (their bodies unread), so memory stays under this × WEBHOOK_MAX_BYTES.
WEBHOOK_CONCURRENCY = env_int("WEBHOOK_CONCURRENCY", 256)
# ...and gives each post this long, from its turn, for the whole body to arrive (else 408), so
# clients that send headers and then nothing cannot hold every turn for long.
WEBHOOK_READ_TIMEOUT = env_float("WEBHOOK_READ_TIMEOUT", 5.0)
if WEBHOOK_READ_TIMEOUT <= 0:
    raise ImproperlyConfigured("WEBHOOK_READ_TIMEOUT must be a positive number of seconds.")
# A click or open this soon after sending is the recipient's mail gateway scanning the message.
SCANNER_WINDOW_SECONDS = env_int("SCANNER_WINDOW_SECONDS", 10)
# Asset links in an email stop working this many days after it was sent.
ASSET_LINK_MAX_AGE_DAYS = env_int("ASSET_LINK_MAX_AGE_DAYS", 365)
# Operations (distribution/ops.py): /healthz fails when beat or every worker has not been seen
# for HEALTH_HEARTBEAT_SECONDS, or a send past its moment is still unfinished after
# HEALTH_SEND_LAG_SECONDS. /metrics wants `Authorization: Bearer METRICS_TOKEN`; with no token
# it answers only requests from this machine that did not come through a proxy.
HEALTH_HEARTBEAT_SECONDS = env_int("HEALTH_HEARTBEAT_SECONDS", 30)
HEALTH_SEND_LAG_SECONDS = env_int("HEALTH_SEND_LAG_SECONDS", 600)
# A send or an import that no worker has picked up after this many seconds says so on its
# page, with the reason /healthz gives (no worker heartbeat, beat down, Redis unreachable).
JOB_PICKUP_WAIT_SECONDS = env_float("JOB_PICKUP_WAIT_SECONDS", 5.0)
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# Rows per page of a send's results.
RESULTS_PAGE_SIZE = env_int("RESULTS_PAGE_SIZE", 50)
# Leak report (distribution/leaks.py): a recipient's links used from this many networks or more
# (/24 for IPv4, /48 for IPv6; their own mail gateway's arrival scan left out) are flagged.
LEAK_NETWORKS_THRESHOLD = env_int("LEAK_NETWORKS_THRESHOLD", 3)
if LEAK_NETWORKS_THRESHOLD < 2:
    raise ImproperlyConfigured("LEAK_NETWORKS_THRESHOLD must be 2 or more.")
# Morning-after report (distribution/report.py): this many hours after an immediate-release
# send started, its release's author and approver get a one-page report with a PDF. A report
# due more than MORNING_AFTER_LATE_HOURS ago (the beat was down) is not sent at all.
MORNING_AFTER_HOURS = env_float("MORNING_AFTER_HOURS", 24.0)
MORNING_AFTER_LATE_HOURS = env_float("MORNING_AFTER_LATE_HOURS", 24.0)
MORNING_AFTER_CHECK_SECONDS = env_float("MORNING_AFTER_CHECK_SECONDS", 60.0)
# How often beat looks for sends that stopped early, failed or ended with failures, to email
# the officer who scheduled them (distribution/alerts.py).
SEND_ALERT_CHECK_SECONDS = env_float("SEND_ALERT_CHECK_SECONDS", 5.0)
if MORNING_AFTER_HOURS < 0 or min(MORNING_AFTER_LATE_HOURS, MORNING_AFTER_CHECK_SECONDS) <= 0:
    raise ImproperlyConfigured(
        "MORNING_AFTER_HOURS must not be negative; MORNING_AFTER_LATE_HOURS and "
        "MORNING_AFTER_CHECK_SECONDS must be positive."
    )

CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "distribution-tick": {
        "task": "distribution.tasks.tick",
        "schedule": SEND_TICK_SECONDS,
        "options": {"expires": max(SEND_TICK_SECONDS * 2, 1.0)},
    },
    "distribution-tracking-drain": {
        "task": "distribution.tasks.tracking_drain",
        "schedule": TRACKING_DRAIN_SECONDS,
        "options": {"expires": max(TRACKING_DRAIN_SECONDS * 2, 1.0)},
    },
    "distribution-send-alerts": {
        "task": "distribution.tasks.send_alerts",
        "schedule": SEND_ALERT_CHECK_SECONDS,
        "options": {"expires": SEND_ALERT_CHECK_SECONDS * 2},
    },
    "distribution-retention": {
        "task": "distribution.tasks.retention",
        "schedule": RETENTION_CHECK_SECONDS,
        "options": {"expires": RETENTION_CHECK_SECONDS},
    },
    "distribution-morning-after": {
        "task": "distribution.tasks.morning_after",
        "schedule": MORNING_AFTER_CHECK_SECONDS,
        "options": {"expires": MORNING_AFTER_CHECK_SECONDS},
    },
}

# Coverage (coverage/): the beat polls each outlet feed every COVERAGE_POLL_SECONDS (checking
# which are due every COVERAGE_CHECK_SECONDS), a failing feed waits twice as long each time up
# to COVERAGE_BACKOFF_MAX_SECONDS. A fetch gives up after COVERAGE_FETCH_TIMEOUT seconds or
# COVERAGE_FETCH_MAX_BYTES. Stories are matched to releases public in the last
# COVERAGE_MATCH_DAYS. Fetches refuse private, loopback and link-local addresses unless
# COVERAGE_ALLOW_LOOPBACK (tests and benchmarks only: loopback, never private networks).
COVERAGE_POLL_SECONDS = env_int("COVERAGE_POLL_SECONDS", 1800)
COVERAGE_CHECK_SECONDS = env_float("COVERAGE_CHECK_SECONDS", 60.0)
COVERAGE_BACKOFF_MAX_SECONDS = env_int("COVERAGE_BACKOFF_MAX_SECONDS", 24 * 3600)
COVERAGE_FETCH_TIMEOUT = env_float("COVERAGE_FETCH_TIMEOUT", 10.0)
COVERAGE_FETCH_MAX_BYTES = env_int("COVERAGE_FETCH_MAX_KB", 5 * 1024) * 1024
COVERAGE_MATCH_DAYS = env_int("COVERAGE_MATCH_DAYS", 14)
COVERAGE_ALLOW_LOOPBACK = env_bool("COVERAGE_ALLOW_LOOPBACK", default=False)
if (
    min(COVERAGE_POLL_SECONDS, COVERAGE_CHECK_SECONDS, COVERAGE_FETCH_TIMEOUT) <= 0
    or min(COVERAGE_FETCH_MAX_BYTES, COVERAGE_MATCH_DAYS, COVERAGE_BACKOFF_MAX_SECONDS) <= 0
):
    raise ImproperlyConfigured("The COVERAGE_* settings must be positive.")
CELERY_BEAT_SCHEDULE["coverage-poll"] = {
    "task": "coverage.tasks.poll_feeds",
    "schedule": COVERAGE_CHECK_SECONDS,
    "options": {"expires": COVERAGE_CHECK_SECONDS},
}

# Imports of media contacts and outlets (contacts/services.py). A file larger than
# IMPORT_MAX_MB is refused; one larger than IMPORT_BACKGROUND_KB is checked and imported by a
# Celery worker while the admin page shows its progress, a smaller one within the request.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 20) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_BACKGROUND_BYTES = env_int("IMPORT_BACKGROUND_KB", 512) * 1024
# The Celery queue large imports run on; empty: the default queue. Give imports their own queue
# (and workers: `celery -A pressroom worker -Q imports`) so a big import never delays a send.
IMPORT_QUEUE = env_str("IMPORT_QUEUE", "")
if min(IMPORT_MAX_BYTES, IMPORT_MAX_ROWS) <= 0 or IMPORT_BACKGROUND_BYTES < 0:
    raise ImproperlyConfigured(
        "IMPORT_MAX_MB and IMPORT_MAX_ROWS must be positive; IMPORT_BACKGROUND_KB not negative."
    )

# Email: a local outbox by default; SMTP or any django-anymail ESP by environment.
# EMAIL_BACKEND takes a dotted path or one of the short names below.
_EMAIL_BACKENDS = {
    "outbox": "distribution.outbox.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "amazon_ses": "anymail.backends.amazon_ses.EmailBackend",
    "mailgun": "anymail.backends.mailgun.EmailBackend",
    "postmark": "anymail.backends.postmark.EmailBackend",
    "brevo": "anymail.backends.brevo.EmailBackend",
    "resend": "anymail.backends.resend.EmailBackend",
    "mailersend": "anymail.backends.mailersend.EmailBackend",
    "postal": "anymail.backends.postal.EmailBackend",
    "sendgrid": "anymail.backends.sendgrid.EmailBackend",
}
_backend = env_str("EMAIL_BACKEND", "outbox")
EMAIL_BACKEND = _EMAIL_BACKENDS.get(_backend, _backend)
if "." not in EMAIL_BACKEND:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND={_backend!r}: use a dotted path or one of {', '.join(_EMAIL_BACKENDS)}."
    )
OUTBOX_DIR = Path(env_str("OUTBOX_DIR", str(VAR_DIR / "outbox")))
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_float("EMAIL_TIMEOUT", 30.0)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Pressroom <newsroom@pressroom.example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MESSAGE_ID_DOMAIN = env_str(
    "MESSAGE_ID_DOMAIN", DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "pressroom.invalid"
)

# django-anymail: every ANYMAIL_<NAME> variable becomes ANYMAIL["<NAME>"], e.g.
# ANYMAIL_MAILGUN_API_KEY, ANYMAIL_POSTMARK_SERVER_TOKEN. WEBHOOK_SECRET is a comma-separated
# list of "user:password" pairs, so the secret can rotate.
ANYMAIL: dict[str, object] = dict(env_prefixed("ANYMAIL_"))
if "WEBHOOK_SECRET" in ANYMAIL:
    ANYMAIL["WEBHOOK_SECRET"] = env_list("ANYMAIL_WEBHOOK_SECRET")

# Security by default.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", default=False)
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS in production (`manage.py check --deploy` wants all of these): redirect plain HTTP, and
# tell browsers to use HTTPS only for HSTS_SECONDS. Off by default so a first plain-HTTP setup
# works; docs/deploy.md turns them on. /healthz and /metrics answer on plain HTTP for probes.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", default=False)

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked out for LOGIN_COOLOFF_MINUTES (429), admin login
# included. Counting the pair, not the address alone, keeps one office behind one NAT working.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
# ... and one address failing LOGIN_ADDRESS_FAILURE_LIMIT times in the cool-off, across any
# user names, is locked out whoever it tries next (pressroom/login_throttle.py).
AXES_HANDLER = "pressroom.login_throttle.AddressAwareHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind the proxy the client's address is the one it appended to X-Forwarded-For (right-most):
# what a client writes there itself is never believed.
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_PROXY_COUNT = 1 if BEHIND_HTTPS_PROXY else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if BEHIND_HTTPS_PROXY else ["REMOTE_ADDR"]
)

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site only;
# an inline <script> runs only with the page's nonce (`nonce="{{ request.csp_nonce }}"`).
# Inline style attributes stay allowed: the admin, the prose editor and email previews use them.
CONTENT_SECURITY_POLICY: dict[str, dict[str, list[Any]]] = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        # External video players, only once a reader presses play (releases/players.py).
        "frame-src": [SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Error reports and `manage.py diffsettings` never show webhook secrets or ESP keys: Django hides
# settings whose name matches this (its default list, plus what anymail's names use).
DEFAULT_EXCEPTION_REPORTER_FILTER = "pressroom.logs.SecretsFilter"

# LOG_FORMAT=json: one JSON object per line (python-json-logger), for a log collector. Either way
# every record passes through a filter that masks webhook secrets and ESP keys (pressroom/logs.py).
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use plain or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"secrets": {"()": "pressroom.logs.RedactSecrets"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
# Celery workers replace the root logger's handlers with their own plain format unless told not
# to: with JSON logs, worker and beat lines go through the handler above too.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# --- Public newsroom ----------------------------------------------------------------------------
STATICFILES_DIRS = [BASE_DIR / "static"]
# How long browsers and shared caches may keep a public newsroom page, feed or file. Lists (index,
# feeds, sitemap) are never cached past the next embargo lift, whatever this says.
NEWSROOM_CACHE_SECONDS = env_int("NEWSROOM_CACHE_SECONDS", 300)
if NEWSROOM_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("NEWSROOM_CACHE_SECONDS must be 0 or more.")
# Lists (index, feeds, sitemap): fixed and short, never counting down to an embargo (that
# would announce it); a newly public release reaches the lists within this many seconds.
NEWSROOM_LIST_CACHE_SECONDS = env_int("NEWSROOM_LIST_CACHE_SECONDS", 30)
# The newsroom's server-side page cache (releases/page_cache.py): how long a rendered page may
# be served again while nothing changed; never past the next embargo lift. 0 turns it off.
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 300)
# Django's cache: per process by default, the CACHE_ENTRIES most recently used pages (Django's
# own default, 300, is fewer than one newsroom's lists and the releases being read); a Redis
# URL shares it between the web processes.
CACHE_URL = env_str("CACHE_URL", "")
CACHE_ENTRIES = env_int("CACHE_ENTRIES", 2000)
CACHES: dict[str, dict[str, object]]
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": CACHE_URL}}  # fmt: skip
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "OPTIONS": {"MAX_ENTRIES": CACHE_ENTRIES}}}  # fmt: skip
# A newsroom search lists the newest this many matches (ten pages); past that it says "200 or
# more" and asks for a narrower search (releases/search.py).
NEWSROOM_SEARCH_RESULTS = env_int("NEWSROOM_SEARCH_RESULTS", 200)
# A press kit (releases/presskit.py) asked for before a worker made it is built while the reader
# waits when its originals are at most this many bytes; a larger one is left to a worker.
PRESSKIT_INLINE_BYTES = env_int("PRESSKIT_INLINE_BYTES", 50 * 1024 * 1024)
# Releases per sitemap file (releases/sitemaps.py); never more than fit the protocol's 50,000
# addresses in every language.
SITEMAP_RELEASES_PER_FILE = env_int("SITEMAP_RELEASES_PER_FILE", 20_000)
if NEWSROOM_LIST_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("NEWSROOM_LIST_CACHE_SECONDS must be 0 or more.")
# WebSub hubs told when an embargo lifts, so feed readers hear at once (optional).
NEWSROOM_WEBSUB_HUBS = env_list("NEWSROOM_WEBSUB_HUBS", [])
for _hub in NEWSROOM_WEBSUB_HUBS:
    if not _hub.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"NEWSROOM_WEBSUB_HUBS: {_hub!r} is not an http(s) URL.")
# The beat only warms thumbnails and pings hubs; publishing needs no worker (see services).
# Personal-data requests (privacy/): every hour the beat reminds of those due within a week.
CELERY_BEAT_SCHEDULE["privacy-remind"] = {
    "task": "privacy.tasks.remind",
    "schedule": 3600.0,
    "options": {"expires": 3600.0},
}
# Press events (events/): every minute the beat schedules the reminders that are due.
CELERY_BEAT_SCHEDULE["events-remind"] = {
    "task": "events.tasks.remind",
    "schedule": 60.0,
    "options": {"expires": 60.0},
}
# Newsroom subscriptions (subscriptions/): every minute the beat schedules each new release's
# send to the subscribers (at its embargo). A confirmation link works SUBSCRIPTION_CONFIRM_DAYS;
# a release public more than SUBSCRIPTION_LOOKBACK_HOURS ago is not news to announce.
SUBSCRIPTION_CONFIRM_DAYS = env_int("SUBSCRIPTION_CONFIRM_DAYS", 7)
SUBSCRIPTION_LOOKBACK_HOURS = env_int("SUBSCRIPTION_LOOKBACK_HOURS", 24)
CELERY_BEAT_SCHEDULE["subscriptions-announce"] = {
    "task": "subscriptions.tasks.announce",
    "schedule": 60.0,
    "options": {"expires": 60.0},
}
CELERY_BEAT_SCHEDULE["newsroom-tick"] = {"task": "releases.tasks.newsroom_tick", "schedule": 30.0}
