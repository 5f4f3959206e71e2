"""Keep the garbage collector's full passes short in a long-running server process.

After the first request a worker holds some 190,000 objects that live as long as the process: modules,
URL patterns, compiled templates, translation catalogues. Every full (oldest-generation) collection
walks all of them, which took about 110 ms and landed on one request in every ten to thirty on the
participation index page (its p95 went from 13 to 130 ms). Freezing them once after the first request
moves them out of the collector's reach (``gc.freeze``, meant for exactly this); objects made later
are collected as usual, and frozen ones are still freed by reference counting.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

from django.core.signals import request_finished

_lock = threading.Lock()
_done = False


def freeze_after_first_request(**_kwargs: Any) -> None:
    global _done
    with _lock:
        if _done:
            return
        _done = True
    request_finished.disconnect(freeze_after_first_request, dispatch_uid="sb-gc-freeze")
    gc.collect()
    gc.freeze()


def install() -> None:
    request_finished.connect(freeze_after_first_request, dispatch_uid="sb-gc-freeze")
