"""WSGI entry point (gunicorn sociale_basis.conf.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociale_basis.conf.dev")
application = get_wsgi_application()
