"""Settings for the helping journey in the browser: the CI settings with e-mail written to files, so
the test can follow the sign-up confirmation link as a new resident would."""

import os

from sociale_basis.conf.ci import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["SB_TEST_MAIL_DIR"]
