"""Production: PostgreSQL, Redis cache, background worker, hardened cookies and HTTPS.

Every setting is read from the environment in base.py; docs/configuration.md lists the variables.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env

DEBUG = False
DEMO_MODE = env.bool("SB_DEMO_MODE", default=False)
if SECRET_KEY.startswith("insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "Set SB_SECRET_KEY to a random value of at least 50 characters in production, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

CACHES = {"default": env.cache_url("SB_CACHE_URL", default="rediscache://127.0.0.1:6379/1")}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
TASKS = {
    "default": {"BACKEND": env.str("SB_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}
}

SECURE_SSL_REDIRECT = env.bool("SB_SECURE_SSL_REDIRECT", default=True)
# Probes from the load balancer or orchestrator speak plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SB_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
MFA_REQUIRED_FOR_STAFF = env.bool("SB_MFA_REQUIRED_FOR_STAFF", default=True)
EMAIL_BACKEND = env.str("SB_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
