"""The browser layer's served demo: the CI settings with e-mail written to files, so a test can follow a
sign-up's confirmation link as a new resident would (`ui.testing.sign_up`)."""

import os

from .ci import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("SB_TEST_MAIL_DIR") or str(VAR_DIR / "mail")  # noqa: F405
