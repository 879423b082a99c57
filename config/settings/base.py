"""KHCN settings.

One file, driven by environment variables, safe with no environment at all: SQLite in
``var/``, immediate background tasks, SQLite FTS5 search, console e-mail, DEBUG off. Every
variable is listed in ``env.example`` and in the README.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KHCN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_dates(name: str) -> list[dt.date]:
    """Comma-separated ISO dates (2026-02-21,2026-02-22); a malformed one stops the start-up."""
    try:
        return [dt.date.fromisoformat(item) for item in env_list(name)]
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: write dates as YYYY-MM-DD, comma-separated ({exc})") from exc


DEBUG = env_bool("DJANGO_DEBUG")
# Demo mode: demo data may be loaded and demo accounts may log in. Never set in production.
KHCN_DEMO = env_bool("KHCN_DEMO")


def _stored_secret_key(path: Path) -> str:
    """A random key generated on first use and kept in ``var/secret_key`` (mode 600), so that a
    single-machine install needs no configuration and keeps its sessions across restarts.
    Several machines must share one key: set DJANGO_SECRET_KEY on all of them."""
    try:
        key = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        key = ""
    if len(key) < 50:
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(64)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key)
    return key


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or KHCN_DEMO:
        SECRET_KEY = "insecure-dev-only-key-do-not-use-in-production"
    else:
        try:
            SECRET_KEY = _stored_secret_key(VAR_DIR / "secret_key")
        except OSError as exc:
            raise ImproperlyConfigured(
                f"DJANGO_SECRET_KEY is not set and {VAR_DIR / 'secret_key'} cannot be written: {exc}"
            ) from exc

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "khcn.core",
    "khcn.accounts",
    "khcn.organizations",
    "khcn.classifications",
    "khcn.experts",
    "khcn.councils",
    "khcn.research",
    "khcn.library",
    "khcn.notifications",
    "khcn.plans",
    "khcn.audit",
    "khcn.search",
    "khcn.exports",
    "khcn.api",
    "khcn.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "khcn.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "khcn.audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "khcn.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "khcn.core.middleware.NormalizeTextMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "khcn.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Every form's select boxes offer "— Chọn … —", not "---------" (khcn.core.forms.BoundField).
FORM_RENDERER = "khcn.core.forms.FormRenderer"

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
                "khcn.core.context_processors.site",
                "khcn.site.context_processors.menu",
                "khcn.notifications.context_processors.inbox",
            ],
            "builtins": ["khcn.core.templatetags.khcn"],
        },
    }
]

# --- Database -----------------------------------------------------------------------------
# SQLite in var/ by default (WAL mode, see khcn.core.apps); PostgreSQL via DATABASE_URL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'khcn.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Page queries are short: PostgreSQL's JIT compiler, switched on by the cost estimate of the
    # dashboard's aggregate, spent more time compiling than running it (bench/plans_bench.py).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and login -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "khcn.accounts.backends.KhcnModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes: lock an account-and-address pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("KHCN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("KHCN_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# ... and an address after this many failures across all accounts (password spraying); a whole
# office may share one address, hence higher (khcn.accounts.throttling).
KHCN_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("KHCN_LOGIN_IP_FAILURE_LIMIT", "30"))
# Applicants registering themselves: the confirmation link's life (days), and the requests an
# address may make and the e-mails a mailbox may receive per hour (khcn.accounts.throttling).
KHCN_REGISTRATION_LINK_DAYS = float(os.environ.get("KHCN_REGISTRATION_LINK_DAYS", "3"))
KHCN_REGISTRATION_IP_LIMIT = int(os.environ.get("KHCN_REGISTRATION_IP_LIMIT", "10"))
KHCN_REGISTRATION_EMAIL_LIMIT = int(os.environ.get("KHCN_REGISTRATION_EMAIL_LIMIT", "3"))
AXES_HANDLER = "khcn.accounts.throttling.LoginThrottleHandler"
# Behind N reverse proxies, the client's address is the N-th from the right in X-Forwarded-For.
KHCN_PROXY_COUNT = int(os.environ.get("KHCN_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "khcn.accounts.throttling.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static and uploaded files ------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
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
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Background tasks (django-tasks) ------------------------------------------------------
# "immediate" runs tasks in-process (tests, pilots); "database" queues them for `db_worker`.
_TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {
    "default": {
        "BACKEND": _TASKS_BACKENDS[os.environ.get("KHCN_TASKS_BACKEND", "immediate")],
    }
}

# --- Search --------------------------------------------------------------------------------
# "auto" picks the backend that matches the database: SQLite FTS5 or PostgreSQL full-text.
KHCN_SEARCH_BACKEND = os.environ.get("KHCN_SEARCH_BACKEND", "auto")

# --- Security ------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (khcn.core.middleware.ContentSecurityPolicyMiddleware; the shape of
# Django 6's setting). Scripts, styles, fonts and fetches come only from this site: the
# front-end assets are vendored under static/vendor and no template has an inline script,
# style block or style attribute. data: images are Pico's inline SVG icons (checkboxes,
# selects). No plug-ins, no <base>, no framing, forms post only here.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
# Report violations to the browser console only, blocking nothing (to try a changed policy).
SECURE_CSP_REPORT_ONLY = env_bool("KHCN_CSP_REPORT_ONLY")
CSRF_FAILURE_VIEW = "khcn.site.views.csrf_failure"
KHCN_HTTPS = env_bool("KHCN_HTTPS")
if KHCN_HTTPS:
    SECURE_SSL_REDIRECT = env_bool("KHCN_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("KHCN_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("KHCN_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # The preload list takes registrable domains only, on their owner's request; a provincial
        # site is a subdomain of gov.vn. Preloading is opted into with KHCN_HSTS_PRELOAD=1, so
        # the deploy check's reminder (security.W021) is silenced until then.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- E-mail, logging ----------------------------------------------------------------------
# KHCN_EMAIL_BACKEND: "smtp" (the EMAIL_* variables below), "console" (printed to the log), "file"
# (one file per message under var/mail) or "locmem"/"dummy". Default: SMTP when EMAIL_HOST is set
# and neither DEBUG nor demo mode is on, the console otherwise. DJANGO_EMAIL_BACKEND, a dotted
# path, still wins when set.
_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
_email_choice = os.environ.get(
    "KHCN_EMAIL_BACKEND", "smtp" if os.environ.get("EMAIL_HOST") and not (DEBUG or KHCN_DEMO) else "console"
)
if _email_choice not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"KHCN_EMAIL_BACKEND={_email_choice!r}: choose one of {', '.join(sorted(_EMAIL_BACKENDS))}"
    )
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND") or _EMAIL_BACKENDS[_email_choice]
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587" if env_bool("EMAIL_USE_TLS") else "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))  # seconds: a dead server never hangs a worker
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "khcn@localhost")
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as users reach it: the links in e-mails are built from it.
KHCN_SITE_URL = os.environ.get("KHCN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- KHCN ---------------------------------------------------------------------------------
KHCN_SITE_NAME = os.environ.get("KHCN_SITE_NAME", "KHCN Cà Mau")
KHCN_PAGE_SIZE = 50
# OAI-PMH (/oai): identifiers read oai:<KHCN_OAI_REPOSITORY_ID>:<record id>; lists come in pages
# of KHCN_OAI_PAGE_SIZE with resumption tokens valid KHCN_OAI_TOKEN_HOURS; KHCN_OAI_SETS=0 turns
# the sets (collections, fields) off.
KHCN_OAI_REPOSITORY_ID = os.environ.get("KHCN_OAI_REPOSITORY_ID", "khcn.camau.gov.vn")
KHCN_OAI_ADMIN_EMAIL = os.environ.get("KHCN_OAI_ADMIN_EMAIL", "thuvien@khcn.camau.gov.vn")
KHCN_OAI_PAGE_SIZE = int(os.environ.get("KHCN_OAI_PAGE_SIZE", "100"))
KHCN_OAI_TOKEN_HOURS = float(os.environ.get("KHCN_OAI_TOKEN_HOURS", "24"))
KHCN_OAI_SETS = env_bool("KHCN_OAI_SETS", True)
# A plan's content is shown in pages of about this many items, broken before a section.
KHCN_PLAN_PAGE_ITEMS = 60
# Each process keeps its own cache (registry counts, page fragments keyed by data versions):
# nothing in it can be stale, so processes need not share it (docs/performance.md).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("KHCN_CACHE_ENTRIES", "5000"))},
    }
}
# How long a page fragment rendered for one version of its data is kept (khcn.core.fragments);
# 0 renders every fragment on every request.
KHCN_FRAGMENT_SECONDS = int(os.environ.get("KHCN_FRAGMENT_SECONDS", str(24 * 3600)))
# The issuing body printed on generated documents (Decree 30/2020 header) and the place name.
KHCN_ISSUER_PARENT = os.environ.get("KHCN_ISSUER_PARENT", "UBND TỈNH CÀ MAU")
KHCN_ISSUER_NAME = os.environ.get("KHCN_ISSUER_NAME", "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
KHCN_PLACE = os.environ.get("KHCN_PLACE", "Cà Mau")
# Deadlines (khcn.core.calendar, docs/deadlines.md): public holidays come from the `holidays`
# library; days off and make-up working days the government decides during the year are added
# here until the library knows them. A date listed here wins over the library and the weekend.
KHCN_EXTRA_HOLIDAYS = env_dates("KHCN_EXTRA_HOLIDAYS")
KHCN_EXTRA_WORKING_DAYS = env_dates("KHCN_EXTRA_WORKING_DAYS")
if _both := sorted(set(KHCN_EXTRA_HOLIDAYS) & set(KHCN_EXTRA_WORKING_DAYS)):
    raise ImproperlyConfigured(
        "KHCN_EXTRA_HOLIDAYS and KHCN_EXTRA_WORKING_DAYS both list " + ", ".join(map(str, _both))
    )
