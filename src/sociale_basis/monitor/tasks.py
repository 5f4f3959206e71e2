"""Background jobs of the monitor (django-tasks: at once in demo and tests, the worker in production).

The tasks live beside the services they run (so services never import this module, and no import
circle forms); this module names them in one place.
"""

from __future__ import annotations

from .services.jobs import run_job
from .services.publication import publish_due
from .services.pull import pull_sources

__all__ = ["publish_due", "pull_sources", "run_job"]
