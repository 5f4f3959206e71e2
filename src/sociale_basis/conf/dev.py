"""Local development and the demo: debug on, jobs run at once, e-mail to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("SB_DEBUG", default=True)
DEMO_MODE = env.bool("SB_DEMO_MODE", default=True)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
