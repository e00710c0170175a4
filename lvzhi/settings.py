"""The one settings module: environment variables through typed helpers, SQLite when nothing is set."""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return (os.environ.get(name) or default).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name) or default)


def envstr(name: str, default: str) -> str:
    """The variable's value; unset and empty both mean the default."""
    return os.environ.get(name) or default


DEBUG = envbool("DEBUG", "False")


def _secret_key() -> str:
    """SECRET_KEY, or the contents of the file SECRET_KEY_FILE names; a public default only under DEBUG."""
    key = os.environ.get("SECRET_KEY", "").strip()
    path = os.environ.get("SECRET_KEY_FILE", "").strip()
    if not key and path:
        try:
            key = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"无法读取 SECRET_KEY_FILE（{path}）：{exc} / cannot read SECRET_KEY_FILE") from exc
    if key:
        return key
    if DEBUG:
        return "lvzhi-development-key-only-for-debug-0123456789"
    if "pytest" in sys.modules:
        # A test run (neither production nor DEBUG): a key made for the run, passed on to the processes it starts.
        os.environ["SECRET_KEY"] = "lvzhi-test-" + secrets.token_urlsafe(32)
        return os.environ["SECRET_KEY"]
    raise ImproperlyConfigured(
        "未设置 SECRET_KEY：生产环境必须设置 SECRET_KEY（或 SECRET_KEY_FILE），见 docs/deployment.md。"
        " / SECRET_KEY is not set: set SECRET_KEY (or SECRET_KEY_FILE) unless DEBUG is on."
    )


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in envstr("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
# Set when behind the documented reverse proxy, so the audit trail records the real client address.
TRUST_X_FORWARDED_FOR = envbool("TRUST_X_FORWARDED_FOR", "False")
CSRF_TRUSTED_ORIGINS = [o for o in envstr("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "lvzhi.audit",
    "lvzhi.idempotency",
    "lvzhi.committees",
    "lvzhi.accounts",
    "lvzhi.members",
    "lvzhi.proposals",
    "lvzhi.opinions",
    "lvzhi.meetings",
    "lvzhi.consultations",
    "lvzhi.supervision",
    "lvzhi.study",
    "lvzhi.duty_reports",
    "lvzhi.merits",
    "lvzhi.duty",
    "lvzhi.front",
    "lvzhi.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lvzhi.audit.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lvzhi.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "lvzhi.urls"
WSGI_APPLICATION = "lvzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lvzhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lvzhi.front.context_processors.shell",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'lvzhi.sqlite3'}"), conn_max_age=envint("CONN_MAX_AGE", "60")
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    # Tests use a file, not memory: the live server's threads (browser tests) and the concurrency tests then
    # get their own connections instead of sharing one in-memory connection between threads.
    # Named after the database file, so that runs against different files do not share a test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"test-{Path(DATABASES['default']['NAME']).stem}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["lvzhi.accounts.backends.PolicyBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Complexity is configured by the security administrator (SecurityPolicy); see accounts/policy.py. The validator
# also refuses Django's common passwords and the account's last five (PasswordHistory).
AUTH_PASSWORD_VALIDATORS = [{"NAME": "lvzhi.accounts.policy.PolicyPasswordValidator"}]
# Sign-in failures per client address (any accounts) before that address is refused for the window (0: no limit).
LOGIN_CLIENT_MAX_FAILURES = envint("LOGIN_CLIENT_MAX_FAILURES", "20")
LOGIN_CLIENT_WINDOW_MINUTES = envint("LOGIN_CLIENT_WINDOW_MINUTES", "10")

# The audit chain's HMAC key (lvzhi/audit/chain.py). Set it once, keep it secret and never change it: events
# hashed with an old key no longer verify. Empty: SECRET_KEY is used. See docs/architecture.md (audit).
AUDIT_CHAIN_KEY = envstr("AUDIT_CHAIN_KEY", "")
AUDIT_ANCHOR_EVERY = envint("AUDIT_ANCHOR_EVERY", "1000")  # an anchor every N events (and one per anchor_audit run)
AUDIT_RETENTION_DAYS = max(180, envint("AUDIT_RETENTION_DAYS", "180"))  # archive_audit keeps at least this long

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# An HTTPS deployment sits behind the proxy of docs/deployment.md, which sets X-Forwarded-Proto; Django then knows
# the request came over HTTPS (absolute URLs such as the sign-in QR code say https, secure redirects hold).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SESSION_COOKIE_SECURE else None
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "lvzhi.front.views.csrf_failure"  # the refusal in Chinese, as the other error pages

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "lvzhi" / "static"]
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))

# Sign-in attempt limits, the similarity statistics and the policy are cached. One process keeps them in memory;
# several server workers on one host share them through a folder (CACHE_DIR), so a limit holds across workers.
_CACHE_DIR = envstr("CACHE_DIR", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": _CACHE_DIR}
    if _CACHE_DIR else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded files are read by the server's own group only, never by every account on the machine; MEDIA_URL is not
# served: every file goes out through a view that checks who may read it.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "lvzhi@localhost")

REST_FRAMEWORK = {
    # The screens' session; an account that must change its password is refused (lvzhi.api.authentication).
    "DEFAULT_AUTHENTICATION_CLASSES": ["lvzhi.api.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["lvzhi.api.throttling.AccountThrottle", "lvzhi.api.throttling.ClientThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "lvzhi.api.errors.exception_handler",
}
# API rate limits ("N/sec|min|hour|day"; empty: none): per signed-in account, and per client address (an
# office behind one address shares it).
API_RATE_ACCOUNT = envstr("API_RATE_ACCOUNT", "120/min")
API_RATE_CLIENT = envstr("API_RATE_CLIENT", "600/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "履职 lvzhi API",
    "DESCRIPTION": "政协履职平台的 JSON 接口；权限与页面相同。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from the drf-spectacular-sidecar wheel: nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # A paged list's 404 for a page past the last one is declared on every paged list at once; the creates that
    # honour an Idempotency-Key say so.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "lvzhi.api.schema.document_page_not_found", "lvzhi.api.idempotent.document_header"],
    "ENUM_NAME_OVERRIDES": {
        "MemberRoleEnum": "lvzhi.members.models.MemberRole",
        "AccountRoleEnum": "lvzhi.accounts.models.Role",
        "ProposalKindEnum": "lvzhi.proposals.models.ProposalKind",
        "SupervisionKindEnum": "lvzhi.proposals.models.SupervisionKind",
        "CommitteeMeetingKindEnum": "lvzhi.committees.models.MeetingKind",
        "SupervisionMethodEnum": "lvzhi.supervision.models.Method",
        "StudySessionKindEnum": "lvzhi.study.models.SessionKind",
        "StudySessionStateEnum": "lvzhi.study.models.SessionState",
        "ReadingMemberRoleEnum": "lvzhi.study.models.MemberRole",
        "ProposalCountCodeEnum": "lvzhi.proposals.figures.HEADLINE",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
