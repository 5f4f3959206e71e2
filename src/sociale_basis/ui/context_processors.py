from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def navigation() -> list[dict[str, Any]]:
    """Modules add themselves to the main navigation by setting `nav_label` and `nav_url` on their AppConfig."""
    items = []
    for config in apps.get_app_configs():
        label = getattr(config, "nav_label", None)
        if label:
            items.append(
                {
                    "label": label,
                    "url": reverse(config.nav_url),
                    "order": getattr(config, "nav_order", 50),
                }
            )
    return sorted(items, key=lambda i: i["order"])


def shell(request: HttpRequest) -> dict[str, Any]:
    return {
        "municipality": settings.MUNICIPALITY,
        "nav_items": navigation(),
        "demo_mode": settings.DEMO_MODE,
    }
