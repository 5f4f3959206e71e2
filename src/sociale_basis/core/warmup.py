"""Warm the compiled engines when a server or background worker starts (SB_WARM_ENGINES, on by default).

Without this, the first count of a budget round in a fresh worker compiled the Numba kernel inside the
resident's request (4.7 s measured; 0.8 s when loaded from Numba's on-disk cache). A failure here is
logged and never stops the worker: the engines then compile on first use, as before.
"""

from __future__ import annotations

import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def warm_engines() -> float:
    if not getattr(settings, "WARM_ENGINES", True):
        return 0.0
    try:
        from sociale_basis.engines.pb import warm

        seconds = warm()
    except Exception:  # noqa: BLE001 - warming is an optimisation; the worker must start anyway
        logger.exception("Warming the budget-rule engine failed; it compiles on first use instead")
        return 0.0
    logger.info("Budget-rule engine ready in %.2f s", seconds)
    return seconds
