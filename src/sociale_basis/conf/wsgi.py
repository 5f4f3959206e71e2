"""WSGI entry point (gunicorn sociale_basis.conf.wsgi).

Each worker warms the compiled engines as it starts (the budget-rule kernel: compiled, or loaded from
Numba's cache), so the first resident who opens a result does not wait for the compiler.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociale_basis.conf.dev")
application = get_wsgi_application()

from sociale_basis.core.warmup import warm_engines  # noqa: E402 - after Django is set up

warm_engines()
