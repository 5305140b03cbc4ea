"""Settings for AI Career Hub, read from environment variables.

Safe development defaults apply only when DJANGO_DEBUG=1; in production every
secret must come from the environment (see .env.example and the README).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development).")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "AI Career Hub"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Full-text search; harmless on SQLite (its type handlers check the engine).
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "reversion",
    "careerhub",
    "careerhub.search",
    "careerhub.editorial",
    "careerhub.changelog",
    "roles",
    "roles.plan",
    "roles.fit",
    "roles.paths",
    "roles.interviews",
    "roles.postings",
    "certifications",
    "newsletter",
]

MIDDLEWARE = [
    "careerhub.middleware.ForwardedHeadersMiddleware",
    "careerhub.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages the page cache keeps are stored compressed (careerhub/cache.py); this compresses the rest.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careerhub.urls"
WSGI_APPLICATION = "careerhub.wsgi.application"

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
                "careerhub.context_processors.site",
            ],
        },
    },
]

# Database: PostgreSQL from DATABASE_URL; a SQLite file when it is unset so that a
# newcomer can run the site with zero set-up.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=0 if DEBUG else int(env("DJANGO_CONN_MAX_AGE", "600")),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A database that does not answer fails fast (a 503 page), rather than hanging the worker.
        DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(env("DATABASE_CONNECT_TIMEOUT", "3"))
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins: 5 tries per username and IP, then locked for an hour.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The real client address (careerhub/clientip.py), not the proxy's: with the pair as the key,
# wrong passwords from elsewhere never lock an editor out of their own network.
AXES_CLIENT_IP_CALLABLE = "careerhub.core.clientip.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False

# Proxies (addresses or networks) whose X-Forwarded-For is believed, e.g. "127.0.0.1,10.0.0.0/8".
# Empty: the connection's own address is the client, whatever headers arrive.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

ADMIN_URL = env("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
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
# Source maps (about 5 MB of Bootstrap's) are for developers' tools, not visitors: compressing
# them took most of collectstatic's 17 s.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development, SMTP (or any backend) in production.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "AI Career Hub <newsletter@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work through the Tasks API: run immediately in development, from the
# database queue (worker: manage.py db_worker) in production.
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend" if DEBUG else "django_tasks_db.DatabaseBackend",
        ),
    }
}


# Newsletter (see README "Newsletter"). The name is the site's own choice, shown in pages and emails.
NEWSLETTER_NAME = env("NEWSLETTER_NAME", "The Lane Change")
NEWSLETTER_FROM_EMAIL = env("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
NEWSLETTER_REPLY_TO = env("NEWSLETTER_REPLY_TO", NEWSLETTER_FROM_EMAIL)
# List-Id: <newsletter.DOMAIN> (RFC 2919); defaults to the host of SITE_URL.
NEWSLETTER_LIST_ID_DOMAIN = env("NEWSLETTER_LIST_ID_DOMAIN", urlsplit(SITE_URL).hostname or "localhost")
# Sign-ups accepted per client IP per hour; more get a friendly 429 page.
NEWSLETTER_SIGNUPS_PER_HOUR = int(env("NEWSLETTER_SIGNUPS_PER_HOUR", "5"))
# Messages sent over one SMTP connection before it is closed and the next batch claimed.
NEWSLETTER_BATCH_SIZE = int(env("NEWSLETTER_BATCH_SIZE", "100"))
# Seconds before a failed delivery or confirmation email is tried again (attempt 2, attempt 3).
NEWSLETTER_RETRY_DELAYS = [int(s) for s in env_list("NEWSLETTER_RETRY_DELAYS", "60,600")]
# A batch claimed by a worker that stopped is marked failed (never resent) after this many seconds.
NEWSLETTER_CLAIM_TIMEOUT = int(env("NEWSLETTER_CLAIM_TIMEOUT", "900"))

# Seconds the source checker (manage.py check_sources) waits for each page before calling it unreachable.
SOURCE_CHECK_TIMEOUT = float(env("SOURCE_CHECK_TIMEOUT", "10"))
# Off by default. On: links in issues go through /newsletter/r/<issue>/<link>/, which counts clicks
# per issue, link and day (never per person) and redirects.
NEWSLETTER_COUNT_CLICKS = env_bool("NEWSLETTER_COUNT_CLICKS")
# Optional email service (README "Bounces and complaints"): Mailgun through django-anymail, with
# EMAIL_BACKEND=anymail.backends.mailgun.EmailBackend. Its tracking webhook
# (/newsletter/esp/mailgun/tracking/) answers only when the signing key is set. SMTP stays the default.
ANYMAIL = {
    "MAILGUN_API_KEY": env("MAILGUN_API_KEY", ""),
    "MAILGUN_SENDER_DOMAIN": env("MAILGUN_SENDER_DOMAIN", ""),
    "MAILGUN_API_URL": env("MAILGUN_API_URL", "https://api.mailgun.net/v3"),
    "MAILGUN_WEBHOOK_SIGNING_KEY": env("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
}

LOGIN_URL = "admin:login"

# Cache: Redis when CACHE_URL/REDIS_URL is set (production), local memory otherwise. Redis
# errors are swallowed so that the site keeps working, uncached, while Redis is down.
CACHE_URL = env("CACHE_URL") or env("REDIS_URL")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "careerhub",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "careerhub"}}
# Rendered pages, in each process (careerhub/cache.py): the content generation in the shared
# cache says when they are stale, and nginx is the cache the nodes share.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": 600},
}
# Page cache for anonymous visitors (careerhub/cache.py); bench/settings.py turns it off to
# measure the baseline.
PAGE_CACHE = True


# Structured logs on stdout: one JSON object per line (careerhub.logging.JSONFormatter).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "careerhub.logging.JSONFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # RequestLogMiddleware logs every request; Django's logger adds tracebacks of server
        # errors only (its 4xx warnings would repeat paths that may hold tokens).
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

# Production hardening (all off under DJANGO_DEBUG=1 so that runserver works over http).
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", SITE_URL)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no page script reads it; forms carry the token
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy: no inline script anywhere and no nonce (pages are the same bytes for
# every visitor); JSON-LD is a data block, which script-src does not govern.
# Inline style attributes stay allowed: the server-drawn charts size their bars with them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
