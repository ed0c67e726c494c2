"""One settings module, driven by environment variables (see README)."""
import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from dangjian.lib.keys import production_key_problems, refusal_message

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_int(name, default):
    return int(os.environ.get(name, default))


DEBUG = env_bool("DEBUG", False)
# Demo mode shows a banner on every page.
DEMO_MODE = env_bool("DEMO_MODE", False)

# Keys. SECRET_KEY signs sessions and tokens; DATA_KEY (base64 of 32 bytes) encrypts ID numbers
# and phones, and is kept outside the database backups. The development keys below are public
# (they are in the repository), so they serve only DEBUG and DEMO_MODE: anywhere else the
# settings refuse to load, and with them manage.py, runserver and gunicorn refuse to start.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
DEV_DATA_KEY = base64.urlsafe_b64encode(hashlib.sha256(DEV_SECRET_KEY.encode()).digest()).decode()
SECRET_KEY = env("SECRET_KEY").strip()
DATA_KEY = env("DATA_KEY").strip()
if DEBUG or DEMO_MODE:
    SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
    # as before keys were required: derived from SECRET_KEY, so existing demo data still opens
    DATA_KEY = DATA_KEY or base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()
_key_problems = production_key_problems(SECRET_KEY, DATA_KEY, DEV_SECRET_KEY, DEV_DATA_KEY,
                                        production=not (DEBUG or DEMO_MODE))
if _key_problems:
    raise ImproperlyConfigured(refusal_message(_key_problems))

ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_filters",
    "axes",
    "dangjian.accounts",
    "dangjian.audit",
    "dangjian.orgs",
    "dangjian.records",
    "dangjian.study",
    "dangjian.assessment",
    "dangjian.commitments",
    "dangjian.rectification",
    "dangjian.imports",
    "dangjian.brands",
    "dangjian.challenges",
    "dangjian.selections",
    "dangjian.reports",
    "dangjian.front",
    "dangjian.demo",
    "django_tasks",
    "django_tasks_db",
    "dangjian.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dangjian.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dangjian.accounts.middleware.PasswordRotationMiddleware",
    "axes.middleware.AxesMiddleware",
    "dangjian.lib.middleware.NoStoreMiddleware",
    "dangjian.audit.middleware.AuditDeniedMiddleware",  # last: sees a view's PermissionDenied first
]

ROOT_URLCONF = "dangjian.urls"
WSGI_APPLICATION = "dangjian.wsgi.application"

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
                "dangjian.front.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # a persistent connection is tested before a request reuses it, so the first request
        # after PostgreSQL restarts, fails over or ends a backend gets a fresh one, not a 500
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool("DB_JIT", False):
    # PostgreSQL's JIT compiler costs tens to hundreds of ms on the planner's overestimates of
    # our short page queries and pays off only for long analytics; off unless DB_JIT=1.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20})
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every worker when REDIS_URL is set (e.g. redis://127.0.0.1:6379/0), so a
# correction reaches all of them at once; otherwise each process keeps its own memory cache.
if env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": env("REDIS_URL"), "KEY_PREFIX": "dangjian"}}
else:
    # room for one score card per assessed body at province scale (dangjian/assessment/results_cache.py)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "OPTIONS": {"MAX_ENTRIES": 20000}}}

# Background jobs (dangjian/jobs) go through django-tasks: by default a queue in this database,
# worked by `manage.py db_worker`; with CELERY_BROKER_URL (redis://127.0.0.1:6379/1 or
# amqp://guest:guest@127.0.0.1:5672//) Celery carries them, worked by
# `celery -A dangjian.jobs.celery_app worker`.
JOB_KEEP_DAYS = env_int("JOB_KEEP_DAYS", 7)   # `manage.py prune_jobs` deletes older jobs and their files
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "dangjian")
CELERY_TASK_IGNORE_RESULT = True          # the Job row holds status, progress and the file
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
TASKS = {"default": {"BACKEND": "dangjian.jobs.celery_backend.CeleryBackend" if CELERY_BROKER_URL
                     else "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["dangjian.accounts.backends.ThrottledBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "dangjian.accounts.validators.CharacterKindsValidator"},
]

# Sign-in throttle (等保 2.0 style), kept by django-axes per username *and* client address:
# LOGIN_MAX_FAILURES wrong passwords for one username from one address pause that pair for
# LOGIN_LOCKOUT_MINUTES; every further failure doubles the pause, up to LOGIN_LOCKOUT_MAX_HOURS.
# One address is also paused after LOGIN_ADDRESS_MAX_FAILURES failures over all usernames.
# Another address is never affected, so nobody can lock the committee out from outside.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 30)
LOGIN_LOCKOUT_MAX_HOURS = env_int("LOGIN_LOCKOUT_MAX_HOURS", 24)
LOGIN_ADDRESS_MAX_FAILURES = env_int("LOGIN_ADDRESS_MAX_FAILURES", 50)
# Our reverse proxies (addresses or CIDR ranges): X-Forwarded-For is read only from them.
TRUSTED_PROXIES = [p.strip() for p in env("TRUSTED_PROXIES", "").split(",") if p.strip()]
AXES_HANDLER = "dangjian.accounts.throttle.ThrottleHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
# Failures are remembered this long after the last one (the pauses themselves: throttle.py).
AXES_COOLOFF_TIME = timedelta(hours=2 * LOGIN_LOCKOUT_MAX_HOURS)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # refused while paused: audited, not counted
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "dangjian.lib.client_ip.request_client_ip"
AXES_LOCKOUT_CALLABLE = "dangjian.accounts.throttle.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit log already
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Masked in what axes keeps of a failed request (it always masks "password").
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "old_password", "new_password", "new_password2"]

# Password rotation and idle timeout.
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# The 30 minutes count from the last request (an idle timeout), kept by IdleTimeoutMiddleware,
# which saves the session at most once per SESSION_ACTIVITY_SECONDS instead of on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ACTIVITY_SECONDS = env_int("SESSION_ACTIVITY_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere (htmx's own indicator style is turned off in base.html);
# the admin's scripts are files too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

AUDIT_RETENTION_DAYS = max(180, env_int("AUDIT_RETENTION_DAYS", 180))

# Uploads: the import refuses anything over 10 MB with its own message.
IMPORT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_ROWS = 100_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Edited Word templates (docxtpl) the committee drops here override the defaults shipped in
# dangjian/lib/documents/templates/ (same file name, e.g. annual_review.docx).
DOCUMENT_TEMPLATES_DIR = env("DOCUMENT_TEMPLATES_DIR", "")
# The issuing body and document-number code on the committee's official notices (公文).
DOCUMENT_ISSUER = env("DOCUMENT_ISSUER", "中共市直属机关工作委员会")
DOCUMENT_CODE = env("DOCUMENT_CODE", "市直工")
MEDIA_URL = "/media/"  # never served directly: attachments go through a view that asks the gatekeeper

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve from app folders too, so `runserver`/tests need no collectstatic

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
