"""Local development and the demo: debug on, jobs run at once, e-mails written to files in var/mail/."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("SB_DEBUG", default=True)
DEMO_MODE = env.bool("SB_DEMO_MODE", default=True)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# One file per e-mail in var/mail/ (the demo sends hundreds; on the console they buried the logins).
EMAIL_BACKEND = env.str(
    "SB_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"  # noqa: F405
