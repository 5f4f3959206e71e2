"""Base settings. Every environment variable is read here, once; docs/configuration.md lists them.

dev.py, ci.py and production.py only override.
"""

from __future__ import annotations

import contextlib
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.observability import init_error_reporting, logging_config

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/sociale_basis
# A source checkout (scripts/demo, scripts/test) keeps its SQLite file, uploads and collected static files
# in <checkout>/var. An installed package never writes inside its virtual environment: it uses the user's
# data folder ($XDG_DATA_HOME/sociale-basis, usually ~/.local/share/sociale-basis) unless SB_VAR_DIR says
# otherwise (a server sets SB_VAR_DIR or the individual SB_*_ROOT and SB_DATABASE_URL variables).
CHECKOUT_DIR = PACKAGE_DIR.parent.parent
IS_CHECKOUT = (CHECKOUT_DIR / "pyproject.toml").is_file() and PACKAGE_DIR.parent.name == "src"

env = environ.Env()


def _version() -> str:
    try:
        return version("sociale-basis")
    except PackageNotFoundError:
        return "0+unknown"


# --- Core -------------------------------------------------------------------------------------
DEBUG = env.bool("SB_DEBUG", default=False)
SECRET_KEY = env.str("SB_SECRET_KEY", default="insecure-development-key-change-me")
ALLOWED_HOSTS = env.list("SB_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("SB_CSRF_TRUSTED_ORIGINS", default=[])


def _default_var_dir() -> Path:
    if IS_CHECKOUT:
        return CHECKOUT_DIR / "var"
    data_home = env.str("XDG_DATA_HOME", default="") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "sociale-basis"


VAR_DIR = Path(env.str("SB_VAR_DIR", default=str(_default_var_dir())))
# The public data the demo loads (CBS boundaries and key figures of Groningen, CC BY 4.0) ships with the
# package (sociale_basis/data/, see its SOURCES.md); SB_DATA_DIR points to another folder with a cbs/ inside.
DATA_DIR = Path(env.str("SB_DATA_DIR", default=str(PACKAGE_DIR / "data")))

INSTALLED_APPS = [
    "sociale_basis.ui",  # first, so its templates (404, base) win
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "sociale_basis.core",
    "sociale_basis.accounts",
    "sociale_basis.audit",
    "sociale_basis.areas",
    "sociale_basis.monitor",
    "sociale_basis.helping",
    "sociale_basis.initiatives",
    "sociale_basis.participation",
    "sociale_basis.network",
    "sociale_basis.news",
    "sociale_basis.accountability",
    "sociale_basis.mediation",
    "sociale_basis.volunteering",
    "sociale_basis.api",
]

MIDDLEWARE = [
    # First: every request gets an id, returned in X-Request-ID and written on each log line.
    "sociale_basis.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Waits out a short database outage and repeats the request when that is safe (core/middleware.py).
    "sociale_basis.core.middleware.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "sociale_basis.accounts.middleware.SecurityPolicyMiddleware",
    # `accounts.access.require()` raises LoginRequired for anonymous visitors: the login redirect.
    "sociale_basis.accounts.access.LoginRequiredMiddleware",
    # Posting too often (core.ratelimit.rate_limit in a view) gets the Dutch 429 page.
    "sociale_basis.core.ratelimit.RateLimitMiddleware",
    # Every look at personal data in the staff admin writes a processing-log row.
    "sociale_basis.audit.admin_log.AdminPersonalDataLogMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: locks out brute-force logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sociale_basis.conf.urls"
WSGI_APPLICATION = "sociale_basis.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sociale_basis.ui.context_processors.shell",
            ],
        },
    }
]

# --- Database and cache -----------------------------------------------------------------------
# The embedded default is SQLite, so a new user needs nothing but Python.
DATABASES = {
    "default": env.db_url(
        "SB_DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'sociale_basis.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env.str(
    "SB_DATABASE_URL", default=""
):
    # The embedded default: its folder is made on first use, so a new user needs to create nothing.
    with contextlib.suppress(OSError):  # reported by the first query, naming the file
        VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("SB_DB_CONN_MAX_AGE", default=0)
# A kept-open connection is checked before each request reuses it, so one that broke (database restart)
# is replaced instead of failing the request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# How long a request waits for the database to come back before answering 503 (core/middleware.py).
SB_DB_OUTAGE_WAIT = env.float("SB_DB_OUTAGE_WAIT", default=15.0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE makes write transactions take the
    # lock up front so concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.cache_url("SB_CACHE_URL", default="locmemcache://sociale-basis"),
}

# --- Background jobs (django-tasks; Django 6's tasks API) --------------------------------------
# Demo and tests run jobs at once; production uses the database backend and `sociale-basis db_worker`.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "SB_TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins before any check
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "ui:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Signing up asks for the resident's area and gives the resident role (accounts/forms.py).
ACCOUNT_SIGNUP_FORM_CLASS = "sociale_basis.accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""

# Two-factor login (TOTP with recovery codes); staff roles must set it up unless they log in by OIDC.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("SB_MFA_ISSUER", default="Sociale Basis")
MFA_REQUIRED_FOR_STAFF = env.bool("SB_MFA_REQUIRED_FOR_STAFF", default=False)  # production: true
# The one OIDC provider whose logins count as two-factor (the municipality's staff provider, which does its
# own); decided after the login completed (accounts/adapter.py). Empty: no exemption at all.
MFA_EXEMPT_OIDC_PROVIDER = env.str("SB_MFA_EXEMPT_OIDC_PROVIDER", default="gemeente")

# Login through the municipality's OpenID Connect provider (staff) and a DigiD broker (residents).
# Each is configured by environment; a provider without a client id is simply not offered.
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the provider vouches for the address
SOCIALACCOUNT_ADAPTER = "sociale_basis.accounts.adapter.SocialAccountAdapter"
OIDC_PROVIDERS = [
    {
        "provider_id": provider_id,
        "name": env.str(f"SB_OIDC_{prefix}_NAME", default=default_name),
        "client_id": env.str(f"SB_OIDC_{prefix}_CLIENT_ID", default=""),
        "secret": env.str(f"SB_OIDC_{prefix}_CLIENT_SECRET", default=""),
        "settings": {
            "server_url": env.str(f"SB_OIDC_{prefix}_SERVER_URL", default=""),
            "token_auth_method": "client_secret_post",
            "oauth_pkce_enabled": True,
        },
    }
    for provider_id, prefix, default_name in [
        ("gemeente", "STAFF", "Medewerkers gemeente"),
        ("digid", "RESIDENT", "DigiD"),
    ]
]
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": [p for p in OIDC_PROVIDERS if p["client_id"]],
        "OAUTH_PKCE_ENABLED": True,
    }
}

# Brute-force lockout (django-axes): 5 failures per account and address, then 15 minutes.
AXES_FAILURE_LIMIT = env.int("SB_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("SB_AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "sociale_basis.accounts.middleware.login_name"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# allauth's own per-address rate limits; a load test from one address switches them off.
if not env.bool("SB_ACCOUNT_RATE_LIMITS", default=True):
    ACCOUNT_RATE_LIMITS = False

# Sessions end after inactivity: residents 15 minutes (with a warning on the page), staff 1 hour.
SESSION_IDLE_SECONDS_RESIDENT = env.int("SB_SESSION_IDLE_RESIDENT", default=15 * 60)
SESSION_IDLE_SECONDS_STAFF = env.int("SB_SESSION_IDLE_STAFF", default=60 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS_STAFF

# Retention periods in days per kind of personal record (see docs/privacy.md); keys from each
# module's retention policy. Unlisted keys use the module's default.
RETENTION_DEFAULT_DAYS: dict[str, int] = {
    "accounts.unverified_signups": 30,
    "audit.processing_log": 5 * 365,
    "helping.closed_requests": 365,
    "helping.notifications": 180,
    "helping.handled_reports": 365,
    "initiatives.drafts": 365,
    "initiatives.closed_ideas": 2 * 365,
    "network.archived_contacts": 365,
    "participation.voter_records": 90,
    "participation.voter_profiles": 2 * 365,
    "participation.agenda_voter_records": 90,
    "participation.poll_drafts": 60,
}
RETENTION_DAYS: dict[str, int] = {
    **RETENTION_DEFAULT_DAYS,
    **env.json("SB_RETENTION_DAYS", default={}),
}

EMAIL_BACKEND = env.str(
    "SB_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.str("SB_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("SB_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("SB_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("SB_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("SB_EMAIL_USE_TLS", default=False)
# Posting limits per account per hour (core/ratelimit.py), overriding each view's default by action key,
# e.g. {"participation.proposal": 20}. An address gets five times the account limit.
POST_LIMITS: dict[str, int] = env.json("SB_POST_LIMITS", default={})
# The site's public address: links in e-mails and feeds are made absolute with it (core/links.py).
SITE_URL = env.str("SB_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("SB_DEFAULT_FROM_EMAIL", default="noreply@sociale-basis.localhost")

# --- Initiatives: governance of decisions, and the optional virus scan of uploads --------------
# Jury scores needed before an idea is decided, and the amount (cents) above which an approval needs a
# second person (four eyes). A call may set its own; these are the defaults.
INITIATIVES_QUORUM = env.int("SB_INITIATIVES_QUORUM", default=2)
INITIATIVES_FOUR_EYES_CENTS = env.int("SB_INITIATIVES_FOUR_EYES_CENTS", default=500_000)
# clamd for uploads: "host:port" or "unix:/run/clamav/clamd.ctl"; empty: no scan (the default).
CLAMD_ADDRESS = env.str("SB_CLAMD_ADDRESS", default="")

# --- Internationalisation: Dutch first --------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# Each app keeps its own translations in <app>/locale/ (found by Django through INSTALLED_APPS).
LOCALE_PATHS: list[Path] = []
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("SB_STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env.str("SB_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "sociale_basis.api.pagination.SafeLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    # Rate limits per client address (anonymous) and per account, counted in the shared cache; a client
    # over the limit gets 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("SB_API_ANON_RATE", default="600/minute"),
        "user": env.str("SB_API_USER_RATE", default="3000/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sociale Basis API",
    "DESCRIPTION": "Open, read-only data of the Sociale Basis platform: areas and (as modules land) "
    "the monitor, participation and accountability figures.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets with the same field name in several modules get explicit component names.
    "ENUM_NAME_OVERRIDES": {
        "PollStatusEnum": "sociale_basis.participation.polls.models.PollStatus",
        "PollKindEnum": "sociale_basis.participation.polls.models.PollKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sociale_basis.api.schema.drop_database_integer_bounds",
        "sociale_basis.api.schema.document_error_responses",
        "sociale_basis.api.schema.document_local_times",
    ],
}

# --- The municipality (theming is configuration, not code) ------------------------------------
MUNICIPALITY = {
    "name": env.str("SB_MUNICIPALITY_NAME", default="Gemeente Groningen"),
    "code": env.str("SB_MUNICIPALITY_CODE", default="GM0014"),
    "logo_url": env.str("SB_MUNICIPALITY_LOGO_URL", default=""),
    # Colours must keep a 4.5:1 contrast with white text; the accessibility tests check the demo's.
    "primary_color": env.str("SB_PRIMARY_COLOR", default="#1d5e91"),
    "contact_email": env.str("SB_CONTACT_EMAIL", default="sociale-basis@groningen.example"),
    "contact_phone": env.str("SB_CONTACT_PHONE", default="14 050"),
}
# Background map tiles for the (JavaScript) map; empty = boundaries only. PDOK's BRT map is the
# Dutch government's open base map.
MAP_TILE_URL = env.str("SB_MAP_TILE_URL", default="")
MAP_ATTRIBUTION = env.str("SB_MAP_ATTRIBUTION", default="Kaartgegevens: Kadaster / PDOK")
# Address look-up for the social map (network/geocode.py): the PDOK Locatieserver "free" endpoint, e.g.
# https://api.pdok.nl/bzk/locatieserver/search/v3_1/free . Empty (the default): nothing calls the network.
PDOK_LOCATIESERVER_URL = env.str("SB_PDOK_LOCATIESERVER_URL", default="").rstrip("/")
DEMO_MODE = env.bool("SB_DEMO_MODE", default=False)

# --- Security defaults (production.py hardens further) ----------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content Security Policy with nonces (django-csp): no inline script or style without the page's nonce.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"]
        + (
            [env.str("SB_MAP_TILE_HOST", default="")]
            if env.str("SB_MAP_TILE_HOST", default="")
            else []
        ),
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CONTENT_SECURITY_POLICY = _CSP
PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), interest-cohort=()"
)

LOGGING = logging_config(
    level=env.str("SB_LOG_LEVEL", default="INFO"), fmt=env.str("SB_LOG_FORMAT", default="text")
)
init_error_reporting(
    dsn=env.str("SB_SENTRY_DSN", default=""),
    environment=env.str("SB_SENTRY_ENVIRONMENT", default="production"),
    release=f"sociale-basis@{_version()}",
)
# Compile (or load from cache) the engines' kernels when a worker starts (core/warmup.py).
WARM_ENGINES = env.bool("SB_WARM_ENGINES", default=True)
if not IS_CHECKOUT:
    # An installed package may live in a read-only virtual environment: Numba keeps its cache here.
    os.environ.setdefault("NUMBA_CACHE_DIR", str(VAR_DIR / "cache" / "numba"))
